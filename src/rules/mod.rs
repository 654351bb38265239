//! Rules: the TOML schema, loading (embedded defaults or a directory),
//! validation with `path:line:col` diagnostics, and compilation into a
//! [`RuleSet`] that the engine reads.
//!
//! Every error in every file is gathered before loading fails, so a rule
//! author sees all problems at once.

pub(crate) mod boilerplate;
mod diag;
pub mod layer;
mod lexicon;
mod matcher;
mod pack;
mod schema;
mod template;
pub mod trace;

pub use boilerplate::BoilerPatterns;
pub use diag::{Diagnostic, RuleErrors};
pub use layer::{Layered, Mode, Source, BUILTIN_PREFIX};
pub use lexicon::{Class, Classes, Lexicon, Words};
pub(crate) use matcher::CueMemo;
pub use pack::{Lang, EMBEDDED_DE};
pub use template::{Captures, Group, PatternRegex, UserRegex};
pub use template::{CompiledPattern, Example, KindRule, Needs, SpeakerFrom};

use aho_corasick::MatchKind;
use rustc_hash::{FxHashMap, FxHashSet};
use schema::{BoilerplateFile, PatternsFile, SourcesFile, TitlesFile, VerbsFile};
use std::collections::HashMap;

/// The default (English) rules, embedded in the binary; the other packs
/// are in [`pack`].
pub const EMBEDDED: [(&str, &str); 6] = [
    ("verbs.toml", include_str!("../../rules/verbs.toml")),
    ("titles.toml", include_str!("../../rules/titles.toml")),
    ("sources.toml", include_str!("../../rules/sources.toml")),
    (
        "boilerplate.toml",
        include_str!("../../rules/boilerplate.toml"),
    ),
    ("patterns.toml", include_str!("../../rules/patterns.toml")),
    ("lexicon.toml", include_str!("../../rules/lexicon.toml")),
];

/// A speech verb form and what it may introduce.
#[derive(Debug, Clone)]
pub struct VerbForm {
    pub lemma: String,
    pub direct: bool,
    pub mixed: bool,
    pub indirect: bool,
    /// May stand before its speaker ("…, said X").
    pub invert: bool,
}

/// Compiled rules, built once and shared by reference.
#[derive(Debug)]
pub struct RuleSet {
    /// Lowercased verb form → its verb.
    pub verbs: FxHashMap<String, VerbForm>,
    /// Titles that stand before names, longest first.
    pub titles: Vec<String>,
    /// `titles` split into words, looked up by their first word.
    pub(crate) title_words: TitleWords,
    /// Lowercased role nouns.
    pub roles: FxHashSet<String>,
    /// Lowercased words that may stand in a title before a name ("exiled").
    pub title_modifiers: FxHashSet<String>,
    pub female: FxHashSet<String>,
    pub male: FxHashSet<String>,
    pub abbreviations: FxHashSet<String>,
    pub group_heads: FxHashSet<String>,
    pub anonymous_heads: FxHashSet<String>,
    pub anonymous_markers: Vec<String>,
    pub organization_heads: FxHashSet<String>,
    /// `organization_heads` ASCII-lowercased, for
    /// [`RuleSet::is_organization_head`].
    organization_heads_folded: FxHashSet<String>,
    /// Outlet names, longest first.
    pub outlets: Vec<String>,
    pub pronouns: FxHashMap<String, Gender>,
    pub boiler_prefixes: Vec<String>,
    pub boiler_patterns: BoilerPatterns,
    pub patterns: Vec<CompiledPattern>,
    /// The verb forms (ASCII case folded) as an automaton walked from one
    /// place at a time: the forms that begin there (the whole-word check is
    /// done by the caller, see `Cues`). (A contiguous NFA: walked only from
    /// word starts, a few bytes each time, it costs little more than a DFA
    /// and builds in half the time.)
    pub(crate) verb_finder: aho_corasick::nfa::contiguous::NFA,
    /// The verb forms' first four bytes, to rule out most places before
    /// `verb_finder` is walked there.
    pub(crate) verb_heads: crate::engine::cues::VerbHeads,
    /// Finds every literal word the patterns need (`Needs::all_of`) in a
    /// lowercased sentence in one pass; its pattern ids are the patterns'
    /// `Needs::all_of_ids` (`None`: the automaton could not be built, and
    /// each literal is looked for on its own).
    pub(crate) needs_finder: Option<aho_corasick::dfa::DFA>,
    /// Every literal of `needs_finder` is ASCII, and the automaton folds
    /// ASCII case: it may run over a sentence not lowercased (see `Cues`).
    pub(crate) needs_ascii: bool,
    /// Where a needed literal may begin, to walk `needs_finder` from those
    /// places only (`None`: it walks every byte; see `Cues`).
    pub(crate) needs_starts: Option<crate::engine::cues::LiteralStarts>,
    /// The verb forms in the order of `verb_finder`'s pattern ids.
    pub verb_forms: Vec<String>,
    /// Finds every occurrence of a capitalised title (overlapping ones
    /// too); pattern ids index [`RuleSet::capitalised_titles`].
    /// (an automaton walked from one place at a time: the titles that
    /// begin there, at the places `title_first` allows; a contiguous NFA,
    /// as `verb_finder`)
    pub(crate) title_finder: aho_corasick::nfa::contiguous::NFA,
    /// The first bytes of the capitalised titles.
    pub(crate) title_first: [bool; 256],
    /// The titles that begin with a capital, in `titles` order.
    pub(crate) capitalised_titles: Vec<String>,
    /// Where each rule file came from (built-in, replaced or extended).
    pub layers: Vec<Layered>,
    /// The closed word lists of `lexicon.toml`.
    pub lexicon: Lexicon,
    /// What the speaker stage builds once per rule set: the lexicon's first
    /// names with their genders and first bytes, and the outlet names' lengths.
    pub(crate) speaker: crate::engine::speaker::Tables,
    /// The language of the embedded pack the rules were loaded from (a
    /// user directory is layered over it).
    pub lang: Lang,
    /// Whether a lone quotation after a direct quote is a further segment of
    /// it or a record of its own (patterns.toml `continued_quotes`).
    pub separate_continued_quotes: bool,
    /// Whether a quotation inside an indirect or mixed content is also a
    /// direct record of its own (patterns.toml `quotes_in_content`).
    pub separate_quotes_in_content: bool,
    /// A quotation of at most this many capitalised words, not ending a
    /// sentence, is a name and no direct quote (patterns.toml
    /// `quoted_names_max_words`; 0: off).
    pub quoted_names_max_words: usize,
    /// Verb-second order (patterns.toml `verb_second`): a `{speaker}`
    /// phrase before the cue that opens with a preposition is no speaker.
    pub verb_second: bool,
    /// A quotation no rule attributed is a direct quote of its sentence's
    /// subject (patterns.toml `subject_quotes`).
    pub subject_quotes: bool,
    /// The most words a `{adjunct}` before a `{content}` clause holds
    /// (patterns.toml `adjunct_max_words`; `None`: no limit).
    pub adjunct_max_words: Option<usize>,
    /// `--lang auto`: the rule sets of the other languages, one of which
    /// [`RuleSet::for_article`] picks for an article in that language.
    /// Empty for one fixed language.
    pub auto: Vec<RuleSet>,
}

/// The titles split into words (ASCII-lowercased), with the titles each
/// first word opens: the speaker reader tries at each word of a phrase only
/// the titles that may start there.
#[derive(Debug, Default)]
pub(crate) struct TitleWords {
    /// Each title's words, in `titles` order.
    pub words: Vec<Vec<String>>,
    /// A first word → the titles it opens, ascending.
    by_first: FxHashMap<String, Vec<usize>>,
}

impl TitleWords {
    fn new(titles: &[String]) -> TitleWords {
        let mut tw = TitleWords::default();
        for (i, t) in titles.iter().enumerate() {
            let words: Vec<String> = t
                .split_whitespace()
                .map(|w| w.to_ascii_lowercase())
                .collect();
            if let Some(first) = words.first() {
                tw.by_first.entry(first.clone()).or_default().push(i);
            }
            tw.words.push(words);
        }
        tw
    }

    /// The titles whose first word is `w` (ASCII case aside).
    pub fn opened_by(&self, w: &str) -> &[usize] {
        // (the speaker reader asks about every capitalised word of a
        // phrase: a short one is lowered on the stack)
        let found = self
            .by_first
            .get(&*crate::engine::speaker::lower::lower_ascii(w));
        found.map_or(&[], Vec::as_slice)
    }
}

/// Grammatical gender of a pronoun or title, for pronoun resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    Male,
    Female,
    Plural,
    Other,
}

impl RuleSet {
    /// The embedded default rules.
    pub fn embedded() -> Result<RuleSet, RuleErrors> {
        RuleSet::load(Source::Embedded)
    }

    /// Loads, validates and compiles a rule set. Every error found in every
    /// file is returned together, each naming the file (built-in or user)
    /// and line it is in.
    pub fn load(source: Source<'_>) -> Result<RuleSet, RuleErrors> {
        RuleSet::load_lang(source, Lang::En)
    }

    /// [`RuleSet::load`] over the embedded pack of `lang`: a user
    /// directory is layered over that pack's files.
    pub fn load_lang(source: Source<'_>, lang: Lang) -> Result<RuleSet, RuleErrors> {
        let layers = layer::gather(&source, lang.files())?;
        let mut errs = RuleErrors::default();
        let get = |name: &str| layers.iter().find(|l| l.name == name);
        let mut parsed = Parsed::default();
        if let Some(l) = get("verbs.toml") {
            parsed.verbs = l.parse::<VerbsFile>(&mut errs);
        }
        if let Some(l) = get("titles.toml") {
            parsed.titles = l.parse::<TitlesFile>(&mut errs);
        }
        if let Some(l) = get("sources.toml") {
            parsed.sources = l.parse::<SourcesFile>(&mut errs);
        }
        if let Some(l) = get("boilerplate.toml") {
            parsed.boiler = l.parse::<BoilerplateFile>(&mut errs);
        }
        if let Some(l) = get("patterns.toml") {
            parsed.patterns = l.parse::<PatternsFile>(&mut errs);
        }
        let ptext = get("patterns.toml").map_or("", |l| l.virtual_text.as_str());
        let settings = Settings::read(parsed.patterns.as_ref(), ptext, &mut errs);
        if let Some(l) = get("lexicon.toml") {
            parsed.lexicon = l
                .parse::<lexicon::LexiconFile>(&mut errs)
                .map(|f| lexicon::compile(&f, &l.name, &l.virtual_text, &mut errs));
        }
        // build() reports against each file's virtual text (its layers end
        // to end, named by the bare file name); remap points the results at
        // the real files
        let files: Vec<FileText> = layers
            .iter()
            .map(|l| (l.name.clone(), l.name.clone(), l.virtual_text.clone()))
            .collect();
        let eager = matches!(source, Source::Dir(_));
        let set = build(&files, parsed, eager, &mut errs);
        for d in &mut errs.0 {
            for l in &layers {
                l.remap(d);
            }
        }
        match set {
            Some(mut s) if errs.is_empty() => {
                for p in &mut s.patterns {
                    for ex in p.examples.iter_mut().chain(p.allows.iter_mut()) {
                        if let Some(l) = layers.iter().find(|l| l.name == ex.path) {
                            let (path, line) = l.locate_line(ex.line);
                            (ex.path, ex.line) = (path.to_string(), line);
                        }
                    }
                }
                s.layers = layers;
                s.lang = lang;
                settings.apply(&mut s);
                Ok(s)
            }
            _ => Err(errs),
        }
    }

    /// The rules to run on one article: these, unless they carry
    /// [`RuleSet::auto`] packs and the article is in one of their
    /// languages — as it declares (`declared`, e.g. `de-AT`) or else as
    /// detected from its text.
    pub fn for_article(&self, text: &str, declared: Option<&str>) -> &RuleSet {
        if self.auto.is_empty() {
            return self;
        }
        let lang = declared
            .and_then(Lang::from_code)
            .or_else(|| pack::detect(text));
        match lang {
            Some(l) if l != self.lang => self.auto.iter().find(|r| r.lang == l).unwrap_or(self),
            _ => self,
        }
    }

    /// Whether `w` is an organization head, ASCII case aside ("Ministry").
    pub fn is_organization_head(&self, w: &str) -> bool {
        if w.bytes().any(|b| b.is_ascii_uppercase()) {
            self.organization_heads_folded
                .contains(&w.to_ascii_lowercase())
        } else {
            self.organization_heads_folded.contains(w)
        }
    }

    /// The verb a (lowercased) word is a form of, if any.
    pub fn verb(&self, word_lower: &str) -> Option<&VerbForm> {
        self.verbs.get(word_lower)
    }
}

#[derive(Default)]
struct Parsed {
    verbs: Option<VerbsFile>,
    titles: Option<TitlesFile>,
    sources: Option<SourcesFile>,
    boiler: Option<BoilerplateFile>,
    patterns: Option<PatternsFile>,
    lexicon: Option<Lexicon>,
}

/// The settings of patterns.toml beside its patterns, read before the
/// rules are built and set on the [`RuleSet`] after.
struct Settings {
    separate_continued_quotes: bool,
    separate_quotes_in_content: bool,
    quoted_names_max_words: usize,
    verb_second: bool,
    subject_quotes: bool,
    adjunct_max_words: Option<usize>,
}

impl Settings {
    /// The settings of `pfile` (whose text is `ptext`), their defaults
    /// where a key is missing; a bad value is pushed to `errs`.
    fn read(pfile: Option<&PatternsFile>, ptext: &str, errs: &mut RuleErrors) -> Settings {
        let count = |n: Option<&toml::Spanned<u32>>| n.map(|n| *n.get_ref() as usize);
        let flag = |v: Option<&toml::Spanned<bool>>| v.is_some_and(|v| *v.get_ref());
        Settings {
            separate_continued_quotes: join_or_separate(
                pfile.and_then(|f| f.continued_quotes.as_ref()),
                "continued_quotes",
                ptext,
                errs,
            ),
            separate_quotes_in_content: join_or_separate(
                pfile.and_then(|f| f.quotes_in_content.as_ref()),
                "quotes_in_content",
                ptext,
                errs,
            ),
            quoted_names_max_words: count(pfile.and_then(|f| f.quoted_names_max_words.as_ref()))
                .unwrap_or(0),
            verb_second: flag(pfile.and_then(|f| f.verb_second.as_ref())),
            subject_quotes: flag(pfile.and_then(|f| f.subject_quotes.as_ref())),
            adjunct_max_words: count(pfile.and_then(|f| f.adjunct_max_words.as_ref())),
        }
    }

    fn apply(self, s: &mut RuleSet) {
        s.separate_continued_quotes = self.separate_continued_quotes;
        s.separate_quotes_in_content = self.separate_quotes_in_content;
        s.quoted_names_max_words = self.quoted_names_max_words;
        s.verb_second = self.verb_second;
        s.subject_quotes = self.subject_quotes;
        s.adjunct_max_words = self.adjunct_max_words;
    }
}

type FileText = (String, String, String); // name, display path, text

fn path_of<'a>(files: &'a [FileText], name: &'a str) -> (&'a str, &'a str) {
    files
        .iter()
        .find(|(n, _, _)| n == name)
        .map(|(_, p, t)| (p.as_str(), t.as_str()))
        .unwrap_or((name, ""))
}

fn build(files: &[FileText], p: Parsed, eager: bool, errs: &mut RuleErrors) -> Option<RuleSet> {
    let (verbs, verb_forms) = compile_verbs(files, p.verbs.as_ref(), errs);
    let verb_finder = verb_automaton(files, &verb_forms, errs)?;
    let verb_heads = crate::engine::cues::VerbHeads::new(&verb_forms);
    let (boiler_prefixes, boiler_patterns) =
        compile_boilerplate(files, p.boiler.as_ref(), eager, errs);

    let titles_f = p.titles.unwrap_or_default();
    let sources_f = p.sources.unwrap_or_default();
    let titles = longest_first(&titles_f.titles);
    let capitalised_titles: Vec<String> = titles
        .iter()
        .filter(|t| t.chars().next().is_some_and(char::is_uppercase))
        .cloned()
        .collect();
    let title_finder = title_automaton(files, &capitalised_titles, errs)?;
    let mut title_first = [false; 256];
    for t in &capitalised_titles {
        if let Some(&b) = t.as_bytes().first() {
            title_first[usize::from(b)] = true;
        }
    }
    let lexicon = p.lexicon.unwrap_or_default();
    let shared = template::SharedSlots::new(&verb_forms, &titles_f.roles, &lexicon);
    let mut patterns = compile_patterns(
        files,
        p.patterns.as_ref(),
        &shared,
        verb_forms.len(),
        eager,
        errs,
    );
    if !errs.is_empty() {
        return None;
    }
    let (needs_finder, needs_ascii, needs_starts) = needs_automaton(&mut patterns, &verb_forms);
    let mut lexicon = lexicon;
    let heads = HeadSets::new(&sources_f, &titles_f, &mut lexicon);
    let speaker = crate::engine::speaker::Tables::new(
        &lexicon,
        &sources_f.outlets,
        &capitalised_titles,
        verbs.keys().map(String::as_str),
    );
    Some(RuleSet {
        verbs,
        title_words: TitleWords::new(&titles),
        titles,
        roles: heads.roles,
        title_modifiers: heads.title_modifiers,
        female: titles_f.female.iter().cloned().collect(),
        male: titles_f.male.iter().cloned().collect(),
        abbreviations: titles_f.abbreviations.iter().cloned().collect(),
        group_heads: heads.group_heads,
        anonymous_heads: heads.anonymous_heads,
        anonymous_markers: sources_f
            .anonymous_markers
            .iter()
            .map(|s| s.to_lowercase())
            .collect(),
        organization_heads: sources_f.organization_heads.iter().cloned().collect(),
        organization_heads_folded: heads.organization_heads_folded,
        outlets: longest_first(&sources_f.outlets),
        pronouns: pronoun_genders(&sources_f),
        boiler_patterns: BoilerPatterns::from(boiler_patterns).with_prefixes(&boiler_prefixes),
        boiler_prefixes,
        patterns,
        verb_finder,
        verb_heads,
        needs_finder,
        needs_ascii,
        needs_starts,
        verb_forms,
        title_finder,
        title_first,
        capitalised_titles,
        layers: Vec::new(),
        speaker,
        lexicon,
        lang: Lang::En,
        separate_continued_quotes: false,
        separate_quotes_in_content: false,
        quoted_names_max_words: 0,
        verb_second: false,
        subject_quotes: false,
        adjunct_max_words: None,
        auto: Vec::new(),
    })
}

/// The word sets of sources.toml and titles.toml the speaker reader asks,
/// lowercased, each also marked as a class in the lexicon so that one
/// lookup of a word answers for all of them.
struct HeadSets {
    roles: FxHashSet<String>,
    title_modifiers: FxHashSet<String>,
    group_heads: FxHashSet<String>,
    anonymous_heads: FxHashSet<String>,
    organization_heads_folded: FxHashSet<String>,
}

impl HeadSets {
    fn new(sources: &SourcesFile, titles: &TitlesFile, lexicon: &mut Lexicon) -> HeadSets {
        let lower = |v: &[String]| v.iter().map(|s| s.to_lowercase()).collect::<FxHashSet<_>>();
        let heads = HeadSets {
            roles: lower(&titles.roles),
            title_modifiers: lower(&titles.title_modifiers),
            group_heads: lower(&sources.group_heads),
            anonymous_heads: lower(&sources.anonymous_heads),
            organization_heads_folded: (sources.organization_heads.iter())
                .map(|o| o.to_ascii_lowercase())
                .collect(),
        };
        for (c, set) in [
            (Class::roles, &heads.roles),
            (Class::title_modifiers, &heads.title_modifiers),
            (Class::group_heads, &heads.group_heads),
            (Class::anonymous_heads, &heads.anonymous_heads),
            (Class::organization_heads, &heads.organization_heads_folded),
        ] {
            lexicon.mark(c, set.iter().map(String::as_str));
        }
        heads
    }
}

/// verbs.toml: each lowercased form and its verb, and the forms in file
/// order (the verb automaton's pattern ids).
fn compile_verbs(
    files: &[FileText],
    vf: Option<&VerbsFile>,
    errs: &mut RuleErrors,
) -> (FxHashMap<String, VerbForm>, Vec<String>) {
    let (vpath, vtext) = path_of(files, "verbs.toml");
    let mut verbs = FxHashMap::default();
    let mut verb_forms = Vec::new();
    let Some(vf) = vf else {
        return (verbs, verb_forms);
    };
    if vf.verb.is_empty() {
        errs.push(Diagnostic::file(
            vpath,
            "empty",
            "no [[verb]] entries: the verb list must not be empty".into(),
        ));
    }
    for v in &vf.verb {
        if v.forms.get_ref().is_empty() {
            errs.push(Diagnostic::at(
                vpath,
                vtext,
                v.forms.span(),
                "empty",
                format!("verb `{}` has no forms", v.lemma.get_ref()),
            ));
        }
        for kind in v.kinds.get_ref() {
            if !matches!(kind.as_str(), "direct" | "mixed" | "indirect") {
                errs.push(Diagnostic::at(
                    vpath,
                    vtext,
                    v.kinds.span(),
                    "value",
                    format!("unknown quote kind `{kind}` (expected direct, mixed or indirect)"),
                ));
            }
        }
        let kinds = v.kinds.get_ref();
        for form in v.forms.get_ref() {
            let key = form.to_lowercase();
            if verbs.contains_key(&key) {
                errs.push(Diagnostic::at(
                    vpath,
                    vtext,
                    v.forms.span(),
                    "duplicate",
                    format!("verb form `{form}` is listed twice"),
                ));
                continue;
            }
            verb_forms.push(key.clone());
            verbs.insert(
                key,
                VerbForm {
                    lemma: v.lemma.get_ref().clone(),
                    direct: kinds.iter().any(|k| k == "direct"),
                    mixed: kinds.iter().any(|k| k == "mixed"),
                    indirect: kinds.iter().any(|k| k == "indirect"),
                    invert: v.invert,
                },
            );
        }
    }
    (verbs, verb_forms)
}

/// One automaton over every verb form; `None` (with the error pushed) when
/// the forms are too many to build it.
fn verb_automaton(
    files: &[FileText],
    verb_forms: &[String],
    errs: &mut RuleErrors,
) -> Option<aho_corasick::nfa::contiguous::NFA> {
    // (walked anchored, only from the places a word may begin)
    aho_corasick::nfa::contiguous::NFA::builder()
        .ascii_case_insensitive(true)
        // every form that begins at a place, the longer ones too: "said
        // so" must not hide the "said" of "said some"
        .match_kind(MatchKind::Standard)
        .build(verb_forms)
        .map_err(|e| {
            let (vpath, _) = path_of(files, "verbs.toml");
            errs.push(Diagnostic::file(
                vpath,
                "automaton",
                format!("cannot build the verb automaton: {e}"),
            ));
        })
        .ok()
}

/// One automaton over the titles that begin with a capital.
fn title_automaton(
    files: &[FileText],
    capitalised_titles: &[String],
    errs: &mut RuleErrors,
) -> Option<aho_corasick::nfa::contiguous::NFA> {
    aho_corasick::nfa::contiguous::NFA::builder()
        .match_kind(MatchKind::Standard)
        .build(capitalised_titles)
        .map_err(|e| {
            let (tpath, _) = path_of(files, "titles.toml");
            errs.push(Diagnostic::file(
                tpath,
                "automaton",
                format!("cannot build the title automaton: {e}"),
            ));
        })
        .ok()
}

/// boilerplate.toml: the line prefixes, and the line regexes (compiled now
/// when `eager`, else on first use), with a caret at a bad regex's fault.
fn compile_boilerplate(
    files: &[FileText],
    b: Option<&BoilerplateFile>,
    eager: bool,
    errs: &mut RuleErrors,
) -> (Vec<String>, Vec<UserRegex>) {
    let (bpath, btext) = path_of(files, "boilerplate.toml");
    let Some(b) = b else {
        return (Vec::new(), Vec::new());
    };
    let mut patterns = Vec::new();
    for pat in &b.line_patterns {
        let compiled = if eager {
            UserRegex::new(pat.get_ref())
        } else {
            Ok(UserRegex::lazy(pat.get_ref()))
        };
        match compiled {
            Ok(r) => patterns.push(r),
            Err(e) => {
                let (at, message) = regex_error_at(btext, pat.span(), pat.get_ref())
                    .unwrap_or((pat.span().start, e));
                errs.push(Diagnostic::at(bpath, btext, at..at + 1, "regex", message));
            }
        }
    }
    (b.line_prefixes.clone(), patterns)
}

/// A phrase list sorted longest first (then alphabetically), duplicates
/// dropped, so the first hit in a scan is the longest.
fn longest_first(list: &[String]) -> Vec<String> {
    let mut v = list.to_vec();
    v.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    v.dedup();
    v
}

/// One automaton over the distinct literals every pattern needs, and each
/// pattern's `Needs::all_of_ids` into it; whether every literal is ASCII
/// (the automaton then folds ASCII case); and the places a literal may
/// begin, when they can be told (see `Cues`).
fn needs_automaton(
    patterns: &mut [CompiledPattern],
    verb_forms: &[String],
) -> (
    Option<aho_corasick::dfa::DFA>,
    bool,
    Option<crate::engine::cues::LiteralStarts>,
) {
    let mut literals: Vec<String> = Vec::new();
    let mut ids: FxHashMap<String, usize> = FxHashMap::default();
    let mut edgeless = false;
    for pat in patterns.iter_mut() {
        let needs = &mut pat.needs;
        edgeless |= needs.edgeless;
        needs.all_of_ids = (needs.all_of.iter())
            .map(|alts| {
                (alts.iter())
                    .map(|l| {
                        *ids.entry(l.clone()).or_insert_with(|| {
                            literals.push(l.clone());
                            literals.len() - 1
                        })
                    })
                    .collect()
            })
            .collect();
    }
    let ascii = literals.iter().all(|l| l.is_ascii());
    // (a DFA walked byte by byte in `Cues::of`, or from the places a
    // literal may begin: each match state lists every literal that ends
    // there)
    let finder = aho_corasick::dfa::DFA::builder()
        .match_kind(MatchKind::Standard)
        .start_kind(aho_corasick::StartKind::Both)
        // the literals are lowercase: on a lowercased sentence folding
        // changes nothing
        .ascii_case_insensitive(ascii)
        .prefilter(false)
        .build(&literals)
        .ok();
    let starts = (ascii && !edgeless)
        .then(|| crate::engine::cues::LiteralStarts::new(&literals, verb_forms))
        .flatten();
    (finder, ascii, starts)
}

/// sources.toml's four pronoun lists as one lowercased word → gender map.
fn pronoun_genders(sources: &SourcesFile) -> FxHashMap<String, Gender> {
    let mut pronouns = FxHashMap::default();
    for (list, g) in [
        (&sources.pronouns_male, Gender::Male),
        (&sources.pronouns_female, Gender::Female),
        (&sources.pronouns_plural, Gender::Plural),
        (&sources.pronouns_other, Gender::Other),
    ] {
        for w in list {
            pronouns.insert(w.to_lowercase(), g);
        }
    }
    pronouns
}

/// patterns.toml: each pattern's id checked (unique, kebab-case) and its
/// template compiled against the shared slots.
fn compile_patterns(
    files: &[FileText],
    pf: Option<&PatternsFile>,
    shared: &template::SharedSlots,
    verb_count: usize,
    eager: bool,
    errs: &mut RuleErrors,
) -> Vec<CompiledPattern> {
    let (ppath, ptext) = path_of(files, "patterns.toml");
    let mut patterns = Vec::new();
    let Some(pf) = pf else {
        return patterns;
    };
    let mut ids: HashMap<String, usize> = HashMap::new();
    for pat in &pf.pattern {
        let id = pat.id.get_ref();
        if let Some(&first) = ids.get(id) {
            let (line, _, _) = diag::locate(ptext, first);
            errs.push(Diagnostic::at(
                ppath,
                ptext,
                pat.id.span(),
                "duplicate",
                format!("pattern id `{id}` is used twice (first on line {line})"),
            ));
        } else {
            ids.insert(id.clone(), pat.id.span().start);
        }
        if !is_kebab(id) {
            errs.push(Diagnostic::at(
                ppath,
                ptext,
                pat.id.span(),
                "value",
                format!("pattern id `{id}` must be kebab-case (a-z, 0-9, -)"),
            ));
        }
        match template::compile(pat, shared, ppath, ptext, eager) {
            Ok(c) => patterns.push(c),
            Err(e) => errs.push(Diagnostic::at(
                ppath,
                ptext,
                e.span.unwrap_or(pat.template.span()),
                e.kind,
                blame_the_lexicon(e.message, pat.template.get_ref(), verb_count),
            )),
        }
    }
    patterns
}

/// Where a rule file's regex fails to parse, as a byte offset in the file,
/// and the parser's one-line reason: the caret then stands under the
/// offending character, not the string's start. `None` when the regex
/// parses (the error is then about its size) or when the string's text in
/// the file is not its value (escapes in a basic string).
fn regex_error_at(
    file_text: &str,
    span: std::ops::Range<usize>,
    value: &str,
) -> Option<(usize, String)> {
    let (offset, reason) = match regex_syntax::Parser::new().parse(value).err()? {
        regex_syntax::Error::Parse(e) => (e.span().start.offset, e.kind().to_string()),
        regex_syntax::Error::Translate(e) => (e.span().start.offset, e.kind().to_string()),
        _ => return None,
    };
    let raw = file_text.get(span.clone())?;
    // the value's first byte in the file: after the opening delimiter (and
    // the line break a multi-line string may start with)
    let open = ["'''", r#"""""#, "'", "\""]
        .into_iter()
        .find(|d| raw.starts_with(d))?;
    let mut body = &raw[open.len()..];
    if open.len() == 3 {
        body = body
            .strip_prefix("\r\n")
            .or(body.strip_prefix('\n'))
            .unwrap_or(body);
    }
    let start = span.start + (raw.len() - body.len());
    body.starts_with(value)
        .then(|| (start + offset, format!("bad regex: {reason}")))
}

/// A join-or-separate key of patterns.toml (`continued_quotes`,
/// `quotes_in_content`): `"separate"` (true), `"join"` or absent (false);
/// another value is an error at its place.
fn join_or_separate(
    value: Option<&toml::Spanned<String>>,
    key: &str,
    text: &str,
    errs: &mut RuleErrors,
) -> bool {
    let Some(v) = value else {
        return false;
    };
    match v.get_ref().as_str() {
        "separate" => true,
        "join" => false,
        other => {
            errs.push(Diagnostic::at(
                "patterns.toml",
                text,
                v.span(),
                "value",
                format!("`{key}` is `{other}`: expected \"join\" or \"separate\""),
            ));
            false
        }
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

#[cfg(test)]
mod regex_error_tests {
    use super::regex_error_at;

    /// The offset `regex_error_at` reports for the value of `key` in `file`.
    fn caret(file: &str) -> Option<(String, String)> {
        let start = file.find('=')? + 2;
        let value: toml::Value = toml::from_str(file).ok()?;
        let v = value.get("re")?.as_str()?;
        let (at, msg) = regex_error_at(file, start..file.trim_end().len(), v)?;
        Some((file[at..].chars().take(3).collect(), msg))
    }

    #[test]
    fn the_caret_stands_under_the_bad_character() {
        // (rule file, the text from the caret on and the message; None when
        // no position is claimed)
        let cases: [(&str, Option<&str>); 6] = [
            ("re = '^(ab'\n", Some("(ab|bad regex: unclosed group")),
            (
                "re = 'x[z-a]'\n",
                Some("z-a|bad regex: invalid character class range, the start must be <= the end"),
            ),
            // a multi-line literal string starts after its line break
            ("re = '''\nab)'''\n", Some(")''|bad regex: unopened group")),
            // a basic string without escapes maps one to one
            (
                "re = \"a{2,1}\"\n",
                Some("{2,|bad regex: invalid repetition count range, the start must be <= the end"),
            ),
            // with escapes the file text is not the value
            ("re = \"\\\\d(\"\n", None),
            // a regex that parses has no parse position
            ("re = 'ab'\n", None),
        ];
        for (file, want) in cases {
            let got = caret(file).map(|(at, msg)| format!("{at}|{msg}"));
            assert_eq!(got.as_deref(), want, "{file:?}");
        }
    }
}

#[cfg(test)]
mod lexicon_source_tests {
    use super::{RuleSet, Source, EMBEDDED};

    /// The file these tests leave out or replace.
    const OPTIONAL: &str = "lexicon.toml";

    /// Writes the embedded rule files into a scratch directory, the
    /// lexicon only when `lexicon` is given (with that text).
    fn rules_dir(lexicon: Option<&str>) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (name, text) in EMBEDDED {
            if name != OPTIONAL {
                std::fs::write(dir.path().join(name), text).unwrap();
            }
        }
        if let Some(text) = lexicon {
            std::fs::write(dir.path().join(OPTIONAL), text).unwrap();
        }
        dir
    }

    #[test]
    fn a_directory_without_a_lexicon_uses_the_built_in_one() {
        let dir = rules_dir(None);
        let rules = RuleSet::load(Source::Dir(dir.path())).unwrap();
        assert_eq!(rules.lexicon, RuleSet::embedded().unwrap().lexicon);
    }

    #[test]
    fn a_directory_lexicon_replaces_the_built_in_one() {
        let (_, text) = EMBEDDED.iter().find(|(n, _)| *n == OPTIONAL).unwrap();
        let text = text.replacen("determiners = [", "determiners = [\"zz\", ", 1);
        let dir = rules_dir(Some(&text));
        let rules = RuleSet::load(Source::Dir(dir.path())).unwrap();
        assert!(rules.lexicon.determiners.contains("zz"));
        assert!(!RuleSet::embedded()
            .unwrap()
            .lexicon
            .determiners
            .contains("zz"));
    }

    /// Layering makes every rule file optional, not only the lexicon: a
    /// directory without verbs.toml uses the built-in verbs.
    #[test]
    fn a_directory_without_verbs_uses_the_built_in_verbs() {
        let dir = rules_dir(None);
        std::fs::remove_file(dir.path().join("verbs.toml")).unwrap();
        let rules = RuleSet::load(Source::Dir(dir.path())).unwrap();
        let builtin = RuleSet::embedded().unwrap();
        assert_eq!(rules.verb_forms, builtin.verb_forms);
        assert!(!rules.verb_forms.is_empty());
    }
}

/// A template's regex over the size limit names the verb lexicon as the
/// cause when the template has `{cue}`: that slot expands to every verb form
/// of verbs.toml, so a long verb list makes every such template too large,
/// and the template the error points at is not what to change.
fn blame_the_lexicon(message: String, template: &str, verb_forms: usize) -> String {
    if message.contains("exceeds size limit") && template.contains("{cue") {
        format!(
            "{message} The cause is the size of the verb lexicon, not this template: \
             `{{cue}}` expands to all {verb_forms} verb forms of verbs.toml; shorten verbs.toml."
        )
    } else {
        message
    }
}
