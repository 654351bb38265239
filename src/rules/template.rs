//! The pattern template language, compiled to one regex per pattern.
//!
//! Templates run over a *masked* sentence (see `text::Masked`): every byte
//! of a paired quotation is replaced by `\x02` (opening mark), `\x01`
//! (inside) or `\x03` (closing mark), with the byte length unchanged, so a
//! template sees a quotation as one token and offsets need no mapping.

use super::lexicon::{Lexicon, Words};
use super::schema::Pattern;
use crate::record::Kind;
use regex::{Regex, RegexBuilder};
use regex_automata::hybrid;
use regex_automata::nfa::thompson::{
    self, backtrack, backtrack::BoundedBacktracker, pikevm, pikevm::PikeVM, NFA,
};
use regex_automata::util::captures::Captures as GroupSlots;
use regex_automata::util::pool::Pool;
use regex_automata::{util::syntax, Anchored, Input, MatchKind};
use std::ops::Range;
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::{Arc, OnceLock};

use super::matcher::{
    group_index, not_phrase, CueMemo, Lists, Matcher, Scratch, WordAlt, GROUP_NAMES,
};

/// A pattern's regex, run over the masked sentence as bytes (byte classes
/// keep the lazy DFA small, where Unicode classes made it rebuild states all
/// the time).
///
/// It matches exactly what `regex::bytes::Regex` would (leftmost-first, the
/// same groups), but never searches backwards. The regex crate finds where
/// a match starts by running a reverse lazy DFA from the match's end (or
/// from an inner literal such as the quotation mark): over the `{cue}`
/// alternation and the lazy phrase slots that DFA kept building new states
/// for every sentence, three quarters of the run time. Here the template is
/// compiled as `(?s-u:.)*?(template)` and searched *anchored* at the
/// search position: the lazy prefix makes the anchored search find the same
/// leftmost-first match an unanchored search would, a forward lazy DFA finds
/// its end, and the start and groups come from a forward capture engine run
/// over that span only.
///
/// The engines are built on first use: start-up with the embedded rules
/// compiles nothing (rule files from a directory are compiled when loaded,
/// so their errors are reported then). One parse and one NFA serve the lazy
/// DFA, the backtracker and the PikeVM.
pub struct PatternRegex {
    /// The template's regex, before the lazy prefix.
    source: String,
    /// Where a match may start, from the template's first token.
    start: StartAt,
    /// The template read part by part (see `matcher.rs`): what extraction
    /// runs. `None` for a template beyond it: the regex engines run then.
    matcher: Option<Arc<Matcher>>,
    engines: OnceLock<Result<Engines, String>>,
}

/// Where a pattern's match may start, read from its template's first
/// token. Only these positions are tried, each with an anchored search of
/// the template itself (no lazy prefix): the first position where it
/// matches is where the leftmost-first match starts, so the matches and
/// groups are the very ones the prefixed search finds, at a fraction of the
/// work (the lazy DFA stops where the template can no longer match, and
/// the backtracker sees the match's span only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartAt {
    /// Anywhere: the template is searched behind the lazy prefix.
    Anywhere,
    /// `{start}`: byte 0 only.
    TextStart,
    /// A literal first byte (`{quote}` opens with `\x02`, `,` with a comma).
    Byte(u8),
    /// A phrase slot (`{speaker}`, `{via}`): the first byte that may open a
    /// phrase in each run of bytes a phrase may hold. A match that starts
    /// later in the same run also matches from that byte, with the phrase
    /// longer and the rest the same, so the leftmost match starts there.
    Phrase,
}

impl StartAt {
    /// The start of a template whose first token is `token` (as written,
    /// with a `?` when optional).
    pub fn of_token(token: &str) -> StartAt {
        match token {
            "{start}" => StartAt::TextStart,
            "{quote}" => StartAt::Byte(crate::text::MASK_OPEN),
            "," => StartAt::Byte(b','),
            "{speaker}" | "{via}" => StartAt::Phrase,
            _ => StartAt::Anywhere,
        }
    }

    /// The positions from `from` on where a match may start, in order.
    fn candidates(self, hay: &[u8], from: usize) -> impl Iterator<Item = usize> + '_ {
        let mut at = from;
        let mut fresh = true;
        std::iter::from_fn(move || match self {
            StartAt::Anywhere => None,
            StartAt::TextStart => {
                let found = (at == 0 && from == 0).then_some(0);
                at = usize::MAX;
                found
            }
            StartAt::Byte(b) => {
                let i = at + memchr::memchr(b, hay.get(at..)?)?;
                at = i + 1;
                Some(i)
            }
            StartAt::Phrase => {
                while let Some(&b) = hay.get(at) {
                    at += 1;
                    if not_phrase(b) {
                        fresh = true;
                    } else if b > b' ' && fresh {
                        fresh = false;
                        return Some(at - 1);
                    }
                }
                None
            }
        })
    }
}

/// What makes a cache for one search thread.
type MakeCaches = Box<dyn Fn() -> Caches + Send + Sync + UnwindSafe + RefUnwindSafe>;

/// The compiled engines of one pattern.
struct Engines {
    /// The group of the template's own match: 1 behind the lazy prefix
    /// (group 0 spans the prefix too), 0 without it.
    whole: usize,
    /// Finds where the leftmost-first match ends (forward only).
    dfa: hybrid::dfa::DFA,
    /// The capture engine for a match's span.
    backtrack: BoundedBacktracker,
    /// The capture engine for spans too long for the backtracker, and for
    /// the rare search where the lazy DFA gives up.
    pikevm: PikeVM,
    /// Scratch space, one per thread that searches at the same time.
    caches: Pool<Caches, MakeCaches>,
}

/// The engines' scratch space.
struct Caches {
    dfa: hybrid::dfa::Cache,
    backtrack: backtrack::Cache,
    /// Made on the first fallback only: its tables take memory in
    /// proportion to the NFA and the groups.
    pikevm: Option<pikevm::Cache>,
}

impl std::fmt::Debug for PatternRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PatternRegex")
            .field("source", &self.source)
            .field("compiled", &self.engines.get().is_some())
            .finish()
    }
}

impl Clone for PatternRegex {
    /// A copy with the same source, compiled again on first use.
    fn clone(&self) -> PatternRegex {
        PatternRegex::lazy(&self.source, self.start, self.matcher.clone())
    }
}

/// Bytes of visited set the backtracker may use (8 MiB): spans of a few
/// thousand bytes, so nearly every sentence.
const VISITED_CAPACITY: usize = 8 << 20;

/// Bytes of transition cache for each pattern's lazy DFA (and thread).
const DFA_CACHE_CAPACITY: usize = 32 << 20;

/// The most NFA memory one pattern may take, for templates and user regexes.
const NFA_SIZE_LIMIT: usize = 1 << 22;

/// The groups of one pattern match, by name, as byte offsets in the
/// searched sentence.
pub struct Captures<'r> {
    /// The whole match.
    whole: (usize, usize),
    /// Each group of `matcher::GROUP_NAMES` that took part in the match.
    groups: [Option<(usize, usize)>; 12],
    regex: std::marker::PhantomData<&'r PatternRegex>,
}

/// One group of a pattern match: a byte range of the searched sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Group {
    start: usize,
    end: usize,
}

impl Group {
    /// Where the group starts (a byte offset).
    pub fn start(&self) -> usize {
        self.start
    }

    /// Where the group ends (a byte offset, exclusive).
    pub fn end(&self) -> usize {
        self.end
    }
}

impl Captures<'_> {
    /// The group called `name`, if the template has it and it took part in
    /// the match.
    pub fn name(&self, name: &str) -> Option<Group> {
        let (start, end) = self.groups[group_index(name)?]?;
        Some(Group { start, end })
    }

    /// The whole match, then every group a template may have (`None` for a
    /// group that took no part), in the order of `matcher::GROUP_NAMES`.
    pub fn iter(&self) -> impl Iterator<Item = Option<Group>> + '_ {
        std::iter::once(Some(self.whole))
            .chain(self.groups.iter().copied())
            .map(|g| g.map(|(start, end)| Group { start, end }))
    }

    /// The whole match.
    fn whole(&self) -> Group {
        Group {
            start: self.whole.0,
            end: self.whole.1,
        }
    }

    /// The groups of a regex match, by name.
    fn of_slots(slots: &GroupSlots, whole: usize) -> Option<Captures<'static>> {
        let w = slots.get_group(whole)?;
        let mut groups = [None; 12];
        for (i, name) in GROUP_NAMES.iter().enumerate() {
            groups[i] = slots.get_group_by_name(name).map(|s| (s.start, s.end));
        }
        Some(Captures {
            whole: (w.start, w.end),
            groups,
            regex: std::marker::PhantomData,
        })
    }
}

/// A regex error as one line.
fn bad(e: &dyn std::fmt::Display) -> String {
    format!("bad regex: {}", e.to_string().replace('\n', " "))
}

impl Engines {
    /// Parses the template's regex once (behind the lazy prefix when it
    /// may start anywhere) and builds the three engines from one NFA, with
    /// the settings `regex::bytes` uses, so matches are the same.
    fn build(src: &str, start: StartAt) -> Result<Engines, String> {
        let prefixed = start == StartAt::Anywhere;
        let wrapped = if prefixed {
            format!(r"(?s-u:[\x00-\xff])*?({src})")
        } else {
            src.to_string()
        };
        let syntax = syntax::Config::new().utf8(false);
        let hir = syntax::parse_with(&wrapped, &syntax).map_err(|e| bad(&e))?;
        let nfa: NFA = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .utf8(false)
                    .nfa_size_limit(Some(NFA_SIZE_LIMIT))
                    .shrink(false),
            )
            .build_from_hir(&hir)
            .map_err(|e| bad(&e))?;
        // as the regex crate configures its lazy DFA (it gives up, and the
        // PikeVM answers, when its cache is cleared too often)
        let dfa = hybrid::dfa::Builder::new()
            .configure(
                hybrid::dfa::Config::new()
                    .match_kind(MatchKind::LeftmostFirst)
                    .starts_for_each_pattern(true)
                    .unicode_word_boundary(true)
                    .cache_capacity(DFA_CACHE_CAPACITY)
                    .skip_cache_capacity_check(false)
                    .minimum_cache_clear_count(Some(3))
                    .minimum_bytes_per_state(Some(10)),
            )
            .build_from_nfa(nfa.clone())
            .map_err(|e| bad(&e))?;
        let backtrack = BoundedBacktracker::builder()
            .configure(backtrack::Config::new().visited_capacity(VISITED_CAPACITY))
            .build_from_nfa(nfa.clone())
            .map_err(|e| bad(&e))?;
        let pikevm = PikeVM::builder()
            .configure(pikevm::Config::new().match_kind(MatchKind::LeftmostFirst))
            .build_from_nfa(nfa)
            .map_err(|e| bad(&e))?;
        let (d, b) = (dfa.clone(), backtrack.clone());
        let make: MakeCaches = Box::new(move || Caches {
            dfa: d.create_cache(),
            backtrack: b.create_cache(),
            pikevm: None,
        });
        Ok(Engines {
            whole: usize::from(prefixed),
            dfa,
            backtrack,
            pikevm,
            caches: Pool::new(make),
        })
    }

    /// The first match of an anchored search, with its groups: the lazy
    /// DFA finds where it ends, the backtracker its groups in that span.
    fn search(&self, input: &Input<'_>) -> Option<GroupSlots> {
        let mut caches = self.caches.get();
        let caches = &mut *caches;
        let end = match self.dfa.try_search_fwd(&mut caches.dfa, input) {
            Ok(None) => return None,
            Ok(Some(m)) => Some(m.offset()),
            // the lazy DFA gave up: the PikeVM searches the whole input
            Err(_) => None,
        };
        if let Some(end) = end {
            // (the groups are made for a match only: most searches find none)
            let mut slots = self.backtrack.create_captures();
            let span = input.clone().range(input.start()..end);
            let found = self
                .backtrack
                .try_search(&mut caches.backtrack, &span, &mut slots);
            if found.is_ok() && slots.is_match() {
                return Some(slots);
            }
        }
        // a span too long for the backtracker
        let mut slots = self.pikevm.create_captures();
        let cache = caches
            .pikevm
            .get_or_insert_with(|| self.pikevm.create_cache());
        self.pikevm.search(cache, input, &mut slots);
        slots.is_match().then_some(slots)
    }
}

impl PatternRegex {
    /// A pattern regex compiled on first use (for rules known to compile,
    /// the embedded ones: a test compiles each).
    fn lazy(src: &str, start: StartAt, matcher: Option<Arc<Matcher>>) -> PatternRegex {
        PatternRegex {
            source: src.to_string(),
            start,
            matcher,
            engines: OnceLock::new(),
        }
    }

    /// Compiles a template's regex now, with the regex crate's error
    /// message when it is bad.
    fn new(
        src: &str,
        start: StartAt,
        matcher: Option<Arc<Matcher>>,
    ) -> Result<PatternRegex, String> {
        // Checked with the regex crate first, for its error messages.
        regex::bytes::RegexBuilder::new(src)
            .size_limit(NFA_SIZE_LIMIT)
            .build()
            .map_err(|e| bad(&e))?;
        let engines = Engines::build(src, start)?;
        let regex = PatternRegex::lazy(src, start, matcher);
        let _ = regex.engines.set(Ok(engines));
        Ok(regex)
    }

    /// The engines, built on first use; the error if the regex does not
    /// compile (it then matches nothing).
    fn engines(&self) -> Result<&Engines, &str> {
        self.engines
            .get_or_init(|| Engines::build(&self.source, self.start))
            .as_ref()
            .map_err(String::as_str)
    }

    /// Compiles the regex if it is not yet compiled; the error if it does
    /// not compile.
    pub fn check(&self) -> Result<(), String> {
        self.engines().map(|_| ()).map_err(str::to_string)
    }

    /// The regex the template compiled to (without the search prefix).
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether extraction runs the template matcher (else the regex
    /// engines).
    pub fn has_matcher(&self) -> bool {
        self.matcher.is_some()
    }

    /// The leftmost-first match at or after `pos`, with its groups, from
    /// the regex engines: one anchored search behind the lazy prefix, or
    /// one anchored search at each place the template may start until one
    /// matches.
    fn search_regex(&self, hay: &[u8], pos: usize) -> Option<Captures<'_>> {
        let engines = self.engines().ok()?;
        let found = |at: usize| {
            let input = Input::new(hay).range(at..).anchored(Anchored::Yes);
            engines.search(&input)
        };
        let slots = match self.start {
            StartAt::Anywhere => found(pos),
            start => start.candidates(hay, pos).find_map(found),
        }?;
        Captures::of_slots(&slots, engines.whole)
    }

    /// The leftmost-first match at or after `pos` from the template
    /// matcher, trying the places the template may start.
    fn search_matcher(
        &self,
        m: &Matcher,
        scratch: &mut Scratch,
        cues: &mut CueMemo,
        hay: &[u8],
        pos: usize,
    ) -> Option<Captures<'_>> {
        let found = match self.start {
            StartAt::Anywhere => m.search(scratch, cues, hay, &mut (pos..=hay.len())),
            start => m.search(scratch, cues, hay, &mut start.candidates(hay, pos)),
        }?;
        Some(Captures {
            whole: (found.start, found.end),
            groups: found.groups,
            regex: std::marker::PhantomData,
        })
    }

    /// Every successive non-overlapping match in `hay`, as
    /// `regex::bytes::Regex::captures_iter` finds them.
    pub fn captures_iter<'r, 'h>(
        &'r self,
        hay: &'h [u8],
    ) -> impl Iterator<Item = Captures<'r>> + use<'r, 'h> {
        self.captures_iter_from(hay, 0)
    }

    /// [`Self::captures_iter`] from byte `from` of `hay` on (`{start}`
    /// still means the start of `hay`).
    pub fn captures_iter_from<'r, 'h>(
        &'r self,
        hay: &'h [u8],
        from: usize,
    ) -> impl Iterator<Item = Captures<'r>> + use<'r, 'h> {
        self.matches_from(hay, from, false, None::<&mut CueMemo>)
    }

    /// [`Self::captures_iter_from`] with the `{cue}` table of `hay` kept in
    /// `cues`: pass the same memo for every pattern searched over one
    /// haystack, and a cue is read once per place, not once per pattern.
    pub(crate) fn captures_iter_shared<'r, 'h, 'm>(
        &'r self,
        hay: &'h [u8],
        from: usize,
        cues: &'m mut CueMemo,
    ) -> impl Iterator<Item = Captures<'r>> + use<'r, 'h, 'm> {
        self.matches_from(hay, from, false, Some(cues))
    }

    /// [`Self::captures_iter_from`] with the regex engines whatever the
    /// template: the reference the matcher is tested against.
    #[doc(hidden)]
    pub fn captures_iter_regex<'r, 'h>(
        &'r self,
        hay: &'h [u8],
        from: usize,
    ) -> impl Iterator<Item = Captures<'r>> + use<'r, 'h> {
        self.matches_from(hay, from, true, None::<&mut CueMemo>)
    }

    fn matches_from<'r, 'h, 'm>(
        &'r self,
        hay: &'h [u8],
        from: usize,
        regex: bool,
        mut shared: Option<&'m mut CueMemo>,
    ) -> impl Iterator<Item = Captures<'r>> + use<'r, 'h, 'm> {
        let matcher = self.matcher.as_deref().filter(|_| !regex);
        // (a memo of its own only when none is shared; boxed, so the
        // iterator stays small to move)
        let mut own: Option<Box<CueMemo>> = None;
        if let Some(m) = matcher {
            let memo = match shared.as_deref_mut() {
                Some(memo) => memo,
                None => own.get_or_insert_with(Box::default),
            };
            m.reset_scratch(memo.scratch.get_or_insert_with(Box::default), hay);
        }
        let mut at = Some(from);
        let mut last_end = None;
        std::iter::from_fn(move || loop {
            let pos = at?;
            if pos > hay.len() {
                return None;
            }
            let caps = match matcher {
                Some(m) => {
                    let cues = match shared.as_deref_mut() {
                        Some(memo) => memo,
                        None => own.get_or_insert_with(Box::default),
                    };
                    // (the scratch is lent out of the memo for the search)
                    let mut scratch = cues.scratch.take().unwrap_or_default();
                    let found = self.search_matcher(m, &mut scratch, cues, hay, pos);
                    cues.scratch = Some(scratch);
                    found
                }
                None => self.search_regex(hay, pos),
            }?;
            let m = caps.whole();
            // An empty match moves the search on by one byte; one right
            // after the previous match is skipped (as the regex crate does).
            at = Some(if m.end > m.start { m.end } else { m.end + 1 });
            if m.start == m.end && last_end == Some(m.end) {
                continue;
            }
            last_end = Some(m.end);
            return Some(caps);
        })
    }
}

/// How a pattern decides the record's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindRule {
    Fixed(Kind),
    /// Direct when the content is one quotation, mixed when it holds one,
    /// indirect otherwise.
    Auto,
}

/// Where the speaker of a pattern comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerFrom {
    /// The `{speaker}` slot.
    Slot,
    /// The speaker of the previous record in the same sentence.
    Previous,
}

/// An example or allow sentence, with where it stands in its rule file.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub path: String,
    pub line: usize,
    pub col: usize,
}

/// A pattern ready to run.
#[derive(Debug, Clone)]
pub struct CompiledPattern {
    pub id: String,
    pub kind: KindRule,
    pub speaker_from: SpeakerFrom,
    pub regex: PatternRegex,
    pub template: String,
    pub examples: Vec<Example>,
    pub allows: Vec<Example>,
    /// What a sentence must hold before the regex is worth running.
    pub needs: Needs,
    /// The template's tokens and their regexes, for a trace.
    pub parts: Vec<super::trace::Part>,
}

/// Cheap tests that rule a sentence out before a pattern's regex runs.
#[derive(Debug, Clone, Default)]
pub struct Needs {
    /// A speech-verb form (`{cue}`).
    pub verb: bool,
    /// A quotation (`{quote}`).
    pub quote: bool,
    /// For each literal token that is not optional (`that`, `,`,
    /// `[according to|as per]`), its alternatives' first words in lower
    /// case: the sentence must hold one of each (a substring test, so a
    /// sentence is never ruled out wrongly).
    pub all_of: Vec<Vec<String>>,
    /// `all_of` as indexes into the rule set's literal finder (filled when
    /// the rule set is built; see `Cues`).
    pub(crate) all_of_ids: Vec<Vec<usize>>,
    /// An alternative of a literal token begins with white space (`[ as
    /// per]`), so its regex has no word edge before its first word: that
    /// word may stand right after a letter (see `Cues`).
    pub(crate) edgeless: bool,
}

/// The first word (or punctuation) of each alternative of a literal token,
/// in lower case.
fn first_words(lit: &str) -> Vec<String> {
    lit.split('|')
        .filter_map(|alt| alt.split_whitespace().next())
        .map(str::to_lowercase)
        .collect()
}

/// A compile error, with the span of the offending rule text if known.
pub struct TemplateError {
    pub span: Option<Range<usize>>,
    pub kind: &'static str,
    pub message: String,
}

/// Characters a speaker or via phrase never contains: masked quotations,
/// clause punctuation and brackets.
const NOT_PHRASE: &str = r#"\x01-\x03\n,;:!?\[\]""#;

/// The slots a template may use.
pub const SLOTS: [&str; 12] = [
    "quote", "speaker", "label", "appos", "aside", "cue", "content", "more", "via", "adjunct",
    "start", "end",
];

/// Letters as templates see them: ASCII, Latin-1 and Latin Extended-A
/// (José, Müller, Łukasz, Erdoğan), written as UTF-8 byte sequences. The
/// full Unicode classes (`\p{Lu}`, `\w`) split the byte alphabet of every
/// lazy DFA into many more classes: twice the memory for the same records on
/// the train split. Extended-A mixes cases, so it counts as both.
const UPPER: &str = r"(?:[A-Z]|(?-u:\xC3[\x80-\x96\x98-\x9E]|[\xC4\xC5][\x80-\xBF]))";
const LOWER: &str = r"(?:[a-z]|(?-u:\xC3[\x9F-\xB6\xB8-\xBF]|[\xC4\xC5][\x80-\xBF]))";
const WORD: &str =
    r"(?:[0-9A-Za-z_]|(?-u:\xC3[\x80-\x96\x98-\xB6\xB8-\xBF]|[\xC4\xC5][\x80-\xBF]))";

/// Openers of an apposition that are patterns rather than words.
fn appos_opener_patterns() -> String {
    format!(
        r"[a-z]+-based|[a-z]+-year-old|[a-z]{{3,}}ing|[RDI]-[A-Z][A-Za-z.]*|{UPPER}{LOWER}+\s+(?:{UPPER}\.\s+)?{UPPER}{LOWER}+"
    )
}

/// The auxiliaries and adverbs a `{cue}` allows before its verb form
/// (lexicon `cue_preverbs`), each followed by white space, then one more
/// `-ly` adverb. Phrases of several words come first ("has since" before
/// "has"); the order of the single words does not matter (each must be
/// followed by white space, so two never match at one place).
fn preverbs_regex(preverbs: &Words) -> String {
    let (phrases, single): (Vec<&str>, Vec<&str>) = preverbs.iter().partition(|w| w.contains(' '));
    let alts: Vec<String> = phrases
        .into_iter()
        .chain(single)
        .map(regex::escape)
        .collect();
    let words = if alts.is_empty() {
        String::new()
    } else {
        format!(r"(?:(?:{})\s+)*", alts.join("|"))
    };
    format!(r"{words}(?:[a-z]+ly\s+)?")
}

/// The regexes of the slots that read the word lists (`{cue}` from the
/// verb forms, the apposition openers from the role nouns), built once for
/// all the patterns of a rule set.
pub struct SharedSlots {
    cue: String,
    appos_start: String,
    /// The same word lists for the template matcher (`None`: a list holds
    /// a word it cannot read exactly, and the regexes run).
    lists: Option<Arc<Lists>>,
}

impl SharedSlots {
    /// The slot regexes for these verb forms and role nouns, with the
    /// lexicon's apposition openers and cue preverbs.
    pub fn new(verb_forms: &[String], roles: &[String], lexicon: &Lexicon) -> SharedSlots {
        let mut openers: Vec<&str> = lexicon.apposition_openers.iter().collect();
        openers.extend(roles.iter().map(|r| r.as_str()));
        openers.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        openers.dedup();
        let mut forms: Vec<&str> = verb_forms.iter().map(String::as_str).collect();
        forms.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let lists = (|| {
            Some(Arc::new(Lists::new(
                WordAlt::new(forms.into_iter())?,
                WordAlt::new(lexicon.cue_preverbs.iter())?,
                WordAlt::new(openers.iter().copied())?,
            )))
        })();
        SharedSlots {
            lists,
            cue: cue_regex(verb_forms, &preverbs_regex(&lexicon.cue_preverbs)),
            appos_start: format!(
                "{}|{}",
                appos_opener_patterns(),
                word_alternation(openers.into_iter(), r"(?-u:\b)")
            ),
        }
    }
}

/// A regex from a rule file (a boilerplate line pattern), compiled on first
/// use for the embedded rules (a test compiles each) and on load for a
/// rules directory, so that a bad one is reported then.
#[derive(Debug)]
pub struct UserRegex {
    source: String,
    regex: OnceLock<Result<Regex, String>>,
}

impl UserRegex {
    /// A regex compiled on first use.
    pub fn lazy(src: &str) -> UserRegex {
        UserRegex {
            source: src.to_string(),
            regex: OnceLock::new(),
        }
    }

    /// A regex compiled now; the error if it does not compile.
    pub fn new(src: &str) -> Result<UserRegex, String> {
        let regex = compile_regex(src)?;
        let user = UserRegex::lazy(src);
        let _ = user.regex.set(Ok(regex));
        Ok(user)
    }

    fn regex(&self) -> Result<&Regex, &str> {
        self.regex
            .get_or_init(|| compile_regex(&self.source))
            .as_ref()
            .map_err(String::as_str)
    }

    /// Compiles the regex if need be; the error if it does not compile.
    pub fn check(&self) -> Result<(), String> {
        self.regex().map(|_| ()).map_err(str::to_string)
    }

    /// Whether the regex matches somewhere in `hay` (never, if it does not
    /// compile).
    pub fn is_match(&self, hay: &str) -> bool {
        self.regex().is_ok_and(|r| r.is_match(hay))
    }

    /// The regex as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

/// Compiles a regex from a rule file, with a size limit so a user rule
/// cannot exhaust memory.
pub fn compile_regex(src: &str) -> Result<Regex, String> {
    RegexBuilder::new(src)
        .size_limit(1 << 22)
        .dfa_size_limit(32 << 20)
        .build()
        .map_err(|e| format!("bad regex: {}", e.to_string().replace('\n', " ")))
}

/// [`compile_regex`] for bytes: what a pattern's regex is checked with,
/// and what a trace (see `trace.rs`) runs.
pub fn compile_regex_bytes(src: &str) -> Result<regex::bytes::Regex, String> {
    regex::bytes::RegexBuilder::new(src)
        .size_limit(NFA_SIZE_LIMIT)
        .dfa_size_limit(DFA_CACHE_CAPACITY)
        .build()
        .map_err(|e| bad(&e))
}

/// Compiles a pattern's regex (bytes, same limits as [`compile_regex`]).
///
/// `{end}` is written `(?:$|\x00\x00)` (NULs never occur in a masked
/// sentence): a regex that ends in a bare `$` is searched backwards from
/// the end, and the reverse lazy DFA of these templates kept building states
/// (90% of the run time). The alternation keeps the search forward.
///
/// `eager` compiles it now (rule files from a directory: a bad template is
/// reported on load); otherwise on first use (the embedded rules).
fn compile_pattern_regex(
    src: &str,
    start: StartAt,
    matcher: Option<Arc<Matcher>>,
    eager: bool,
) -> Result<PatternRegex, String> {
    if eager {
        PatternRegex::new(src, start, matcher)
    } else {
        Ok(PatternRegex::lazy(src, start, matcher))
    }
}

/// `{cue}`: the preverbs, then a verb form, as whole words. Its edges are
/// half word boundaries (no ASCII word byte before the cue, none after it)
/// rather than `\b`: every cue begins and ends with a letter, so for a letter
/// of ASCII the two are the same, and for one beyond ASCII ("äußerte",
/// "hieß") `\b` never holds, its UTF-8 bytes being no ASCII word bytes.
fn cue_regex(forms: &[String], preverbs: &str) -> String {
    let mut sorted: Vec<&String> = forms.iter().collect();
    sorted.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    // Forms match in lower case only: "States" in "United States" is no cue.
    format!(
        r"(?P<cue>{CUE_START}{preverbs}{}{CUE_END})",
        word_alternation(sorted.iter().map(|f| f.as_str()), CUE_END)
    )
}

/// The edges of `{cue}` (see [`cue_regex`]).
const CUE_START: &str = r"(?-u:\b{start-half})";
const CUE_END: &str = r"(?-u:\b{end-half})";

/// An alternation of words and phrases, in the given order of preference,
/// the single words ending with the assertion `edge`. Phrases of several words come first (each
/// begins with a word that may also stand alone, "pointed out" before
/// "pointed"); the single words form one group of pure literals, which the
/// regex compiler turns into a trie of byte transitions instead of a union
/// of hundreds of branches (the capture engine tried every branch at every
/// position, and the lazy DFA built states from all of them).
fn word_alternation<'a>(words: impl Iterator<Item = &'a str>, edge: &str) -> String {
    let (phrases, single): (Vec<&str>, Vec<&str>) = words.partition(|w| w.contains(' '));
    let mut alts: Vec<String> = phrases
        .iter()
        .map(|p| {
            p.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    if !single.is_empty() {
        let words: Vec<String> = single.iter().map(|w| regex::escape(w)).collect();
        // (a concatenation, so the parser does not flatten it into the
        // phrases' alternation)
        alts.push(format!(r"(?:{}){edge}", words.join("|")));
    }
    format!("(?:{})", alts.join("|"))
}

fn slot_regex(name: &str, cue: &str, appos_start: &str, last: bool) -> Option<String> {
    // A phrase is lazy inside a template and greedy at its end, where
    // nothing after it would stop a lazy match.
    let lazy = if last { "" } else { "?" };
    let phrase = |group: &str| {
        format!(
            r"(?P<{group}>(?-u:[^\x00-\x20{NOT_PHRASE}])(?:(?-u:[^{NOT_PHRASE}])*{lazy}(?-u:[^\x00-\x20{NOT_PHRASE}]))?)"
        )
    };
    Some(match name {
        "quote" => r"(?P<quote>\x02\x01*(?:,\x01*)?\x03)".to_string(),
        "speaker" => phrase("speaker"),
        // ", in an interview on Saturday," or ", of RBC Capital Markets,":
        // any aside between commas (for templates anchored by a quotation
        // or the sentence start, where it cannot swallow a clause)
        "aside" => format!(r"\s*,\s*(?P<appos>(?-u:[^{NOT_PHRASE}])+?)\s*,"),
        // ", a spokesman for the campaign," after a name
        "appos" => format!(
            r"\s*,\s*(?P<appos>(?-u:\b)(?:{appos_start})(?-u:\b)(?-u:[^{NOT_PHRASE}])*?)\s*,"
        ),
        "via" => phrase("via"),
        "cue" => cue.to_string(),
        // content starts with a word, a number or a quotation
        "content" => {
            format!(r"(?P<content>(?:{WORD}|[\x02$£€])(?:(?-u:[^\n])*?(?-u:[^\t\n\x0b\x0c\r ]))?)")
        }
        // a second segment of the same content ("A, she said, B.")
        "more" => {
            format!(r"(?P<more>(?:{WORD}|[\x02$£€])(?:(?-u:[^\n])*?(?-u:[^\t\n\x0b\x0c\r ]))?)")
        }
        // an interview transcript's speaker label: "WALLACE:", "MR. TRUMP:"
        "label" => format!(r"(?P<speaker>{UPPER}(?:{UPPER}|[.'’ -])*{UPPER}\.?)"),
        "adjunct" => format!(r"(?P<adjunct>(?-u:[^{NOT_PHRASE}])*?)"),
        "start" => r"^".to_string(),
        "end" => format!(
            r"(?:\s*,\s*(?:(?P<tail_cue>according\s+to)\s+(?P<tail_via>(?:the\s+)?{UPPER}(?-u:[^\x01-\x03\n,;:!?()])*?)|(?P<tail_appos>(?-u:\b)(?:{appos_start})(?-u:\b)(?-u:[^\x01-\x03\n;:!?])*?)|(?P<tail_name>{UPPER}(?:{WORD}|[.'’-])*(?:\s+{UPPER}(?:{WORD}|[.'’-])*){{0,3}})))?[\s.!?]*(?:$|\x00\x00)"
        ),
        _ => return None,
    })
}

fn literal_regex(lit: &str) -> String {
    let alts: Vec<String> = lit
        .split('|')
        .map(|alt| {
            let words: Vec<String> = alt.split_whitespace().map(regex::escape).collect();
            let body = words.join(r"\s+");
            // a word's edge: a half boundary beside a letter beyond ASCII
            // ("gemäß"), where `\b` never holds (see `cue_regex`; such a
            // literal has no matcher), else `\b`
            let edge = |c: Option<char>, half: &'static str| match c {
                Some(c) if !c.is_ascii() && c.is_alphabetic() => half,
                Some(c) if c.is_alphanumeric() => r"(?-u:\b)",
                _ => "",
            };
            format!(
                "{}{}{}",
                edge(alt.chars().next(), CUE_START),
                body,
                edge(alt.chars().last(), CUE_END)
            )
        })
        .collect();
    if lit == "," {
        // a comma may stand just inside a closing quotation mark
        return r"(?:,\x01*\x03|,)".to_string();
    }
    format!("(?i:{})", alts.join("|"))
}

/// Splits a template into tokens; `[a b|c]` is one token.
fn tokens(template: &str) -> Result<Vec<(usize, String)>, (usize, String)> {
    let mut out = Vec::new();
    let mut chars = template.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '[' {
            let close = template[i..]
                .find(']')
                .ok_or((i, "`[` without a closing `]`".to_string()))?;
            let mut tok = template[i..i + close + 1].to_string();
            while let Some(&(j, _)) = chars.peek() {
                if j > i + close {
                    break;
                }
                chars.next();
            }
            if let Some(&(_, '?')) = chars.peek() {
                tok.push('?');
                chars.next();
            }
            out.push((i, tok));
            continue;
        }
        let mut tok = String::new();
        while let Some(&(_, c)) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            tok.push(c);
            chars.next();
        }
        out.push((i, tok));
    }
    Ok(out)
}

/// Reads a pattern's `kind` and `speaker_from`.
fn kind_rules(pat: &Pattern) -> Result<(KindRule, SpeakerFrom), TemplateError> {
    let kind = match pat.kind.get_ref().as_str() {
        "direct" => KindRule::Fixed(Kind::Direct),
        "mixed" => KindRule::Fixed(Kind::Mixed),
        "indirect" => KindRule::Fixed(Kind::Indirect),
        "headline" => KindRule::Fixed(Kind::Headline),
        "auto" => KindRule::Auto,
        other => {
            return Err(TemplateError {
                span: Some(pat.kind.span()),
                kind: "value",
                message: format!(
                    "unknown kind `{other}` (expected direct, mixed, indirect, headline or auto)"
                ),
            })
        }
    };
    let speaker_from = match pat.speaker_from.as_ref().map(|s| s.get_ref().as_str()) {
        None | Some("slot") => SpeakerFrom::Slot,
        Some("previous") => SpeakerFrom::Previous,
        Some(other) => {
            return Err(TemplateError {
                span: pat.speaker_from.as_ref().map(|s| s.span()),
                kind: "value",
                message: format!("unknown speaker_from `{other}` (expected slot or previous)"),
            })
        }
    };
    Ok((kind, speaker_from))
}

/// Where a template's errors point: the byte offset of its body in the
/// rule file.
struct At(usize);

impl At {
    /// An error at byte `off` of the template.
    fn err(&self, off: usize, kind: &'static str, message: String) -> TemplateError {
        TemplateError {
            span: Some(self.0 + off..self.0 + off + 1),
            kind,
            message,
        }
    }
}

/// A template's tokens as compiled so far.
#[derive(Default)]
struct TemplateParts {
    /// Each token's regex fragment.
    regexes: Vec<String>,
    trace: Vec<super::trace::Part>,
    /// The slots used, in order.
    seen: Vec<String>,
    has_cue: bool,
    has_content: bool,
    needs: Needs,
}

impl TemplateParts {
    /// Compiles one token (`last`: the last one that consumes text).
    fn push(
        &mut self,
        shared: &SharedSlots,
        (off, tok): (usize, &str),
        last: bool,
        at: &At,
    ) -> Result<(), TemplateError> {
        // `word?`, `{slot}?` and `{slot?}` are optional
        let normalized = tok.replace("?}", "}?");
        let (body, optional) = match normalized.strip_suffix('?') {
            Some(b) if !b.is_empty() => (b, true),
            _ => (normalized.as_str(), false),
        };
        let frag = if let Some(name) = body.strip_prefix('{').and_then(|b| b.strip_suffix('}')) {
            self.slot(name, optional, shared, (off, last), at)?
        } else if let Some(lit) = body.strip_prefix('[').and_then(|b| b.strip_suffix(']')) {
            if self.has_cue {
                let message = "a template has one cue: `{cue}` or one `[...]`";
                return Err(at.err(off, "slot", message.into()));
            }
            self.has_cue = true;
            if !optional {
                self.needs.all_of.push(first_words(lit));
                self.needs.edgeless |= lit
                    .split('|')
                    .any(|alt| alt.starts_with(char::is_whitespace));
            }
            format!("(?P<cue>{})", literal_regex(lit))
        } else if body.contains('{') || body.contains('}') {
            return Err(at.err(off, "slot", format!("malformed slot `{body}`")));
        } else {
            if !optional {
                self.needs.all_of.push(first_words(body));
            }
            literal_regex(body)
        };
        let frag = if optional {
            format!("(?:{frag})?")
        } else {
            frag
        };
        self.trace.push(super::trace::Part {
            token: tok.to_string(),
            regex: frag.clone(),
            cue: body.starts_with('[') || body == "{cue}",
        });
        self.regexes.push(frag);
        Ok(())
    }

    /// The regex of slot `{name}`, noting what it makes the template need.
    fn slot(
        &mut self,
        name: &str,
        optional: bool,
        shared: &SharedSlots,
        (off, last): (usize, bool),
        at: &At,
    ) -> Result<String, TemplateError> {
        let Some(re) = slot_regex(name, &shared.cue, &shared.appos_start, last) else {
            let message = format!("unknown slot `{{{name}}}` (known: {})", SLOTS.join(", "));
            return Err(at.err(off, "slot", message));
        };
        if self.seen.iter().any(|s| s == name) && name != "start" && name != "end" {
            let message = format!("slot `{{{name}}}` is used twice");
            return Err(at.err(off, "slot", message));
        }
        self.seen.push(name.to_string());
        self.has_cue |= name == "cue";
        self.has_content |= name == "content" || name == "quote";
        self.needs.verb |= name == "cue";
        self.needs.quote |= name == "quote" && !optional;
        Ok(re)
    }

    /// Checks the template as a whole: a content, a cue and a speaker.
    fn check(&self, speaker_from: SpeakerFrom, at: &At) -> Result<(), TemplateError> {
        let message = if !self.has_content {
            "a template needs `{quote}` or `{content}`"
        } else if !self.has_cue {
            "a template needs a cue: `{cue}` or `[words]`"
        } else if speaker_from == SpeakerFrom::Slot
            && !self.seen.iter().any(|s| s == "speaker" || s == "label")
        {
            "a template needs `{speaker}` unless speaker_from = \"previous\""
        } else {
            return Ok(());
        };
        Err(at.err(0, "template", message.into()))
    }
}

/// Compiles one pattern of a rule file.
pub fn compile(
    pat: &Pattern,
    shared: &SharedSlots,
    path: &str,
    file_text: &str,
    eager: bool,
) -> Result<CompiledPattern, TemplateError> {
    let (kind, speaker_from) = kind_rules(pat)?;
    let template = pat.template.get_ref();
    // The span of the template string's contents (after the opening quote).
    let tspan = pat.template.span();
    let at = At(file_text
        .get(tspan.clone())
        .and_then(|s| s.find(template.as_str()))
        .map_or(tspan.start, |off| tspan.start + off));
    let toks = tokens(template).map_err(|(off, m)| at.err(off, "template", m))?;
    if toks.is_empty() {
        return Err(at.err(0, "template", "empty template".into()));
    }
    let mut parts = TemplateParts::default();
    // the index of the last token that consumes text ({end} consumes none of note)
    let last_idx = toks.iter().rposition(|(_, t)| t != "{end}").unwrap_or(0);
    for (ti, (off, tok)) in toks.iter().enumerate() {
        parts.push(shared, (*off, tok), ti == last_idx, &at)?;
    }
    parts.check(speaker_from, &at)?;
    let src = parts.regexes.join(r"\s*");
    let start = StartAt::of_token(&toks[0].1);
    let written: Vec<String> = toks.iter().map(|(_, t)| t.clone()).collect();
    let matcher = (shared.lists.clone())
        .and_then(|lists| Matcher::new(&written, lists))
        .map(Arc::new);
    let regex = compile_pattern_regex(&src, start, matcher, eager).map_err(|m| TemplateError {
        span: Some(tspan.clone()),
        kind: "regex",
        message: m,
    })?;
    let example = |s: &toml::Spanned<String>| {
        let (line, col, _) = super::diag::locate(file_text, s.span().start);
        Example {
            text: s.get_ref().clone(),
            path: path.to_string(),
            line,
            col,
        }
    };
    Ok(CompiledPattern {
        id: pat.id.get_ref().clone(),
        kind,
        speaker_from,
        regex,
        template: template.clone(),
        examples: pat.examples.iter().map(example).collect(),
        allows: pat.allows.iter().map(example).collect(),
        needs: parts.needs,
        parts: parts.trace,
    })
}

#[cfg(test)]
mod tests {
    use crate::text::{paragraphs, Masked};
    use crate::RuleSet;

    /// Masked paragraphs of the fixture articles (and of PolNeAR's first
    /// articles when `../shared` is there), the haystacks patterns see.
    fn haystacks() -> Vec<String> {
        let mut texts = Vec::new();
        let dirs = [
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/articles"),
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../shared/data/polnear-train/text"
            ),
        ];
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(dir) else {
                println!("skipping {dir}: not found");
                continue;
            };
            let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
            paths.sort();
            for path in paths.into_iter().take(60) {
                texts.push(std::fs::read_to_string(path).unwrap());
            }
        }
        let mut out = Vec::new();
        for text in &texts {
            for para in paragraphs(text) {
                out.push(Masked::new(text, para).text);
            }
        }
        out
    }

    /// The embedded patterns compile nothing when loaded and each compiles
    /// on first use.
    #[test]
    fn embedded_patterns_compile_on_first_use() {
        let rules = RuleSet::embedded().unwrap();
        assert!(rules.patterns.len() > 10);
        for pat in &rules.patterns {
            assert!(
                pat.regex.engines.get().is_none(),
                "{} compiled on load",
                pat.id
            );
            assert_eq!(pat.regex.check(), Ok(()), "{}", pat.id);
            assert!(pat.regex.engines.get().is_some(), "{}", pat.id);
        }
    }

    /// The embedded boilerplate regexes compile on first use, and a bad
    /// user regex given lazily matches nothing.
    #[test]
    fn boilerplate_regexes_compile_on_first_use() {
        let rules = RuleSet::embedded().unwrap();
        assert!(!rules.boiler_patterns.is_empty());
        for re in &rules.boiler_patterns {
            assert!(re.regex.get().is_none(), "{} compiled on load", re.as_str());
            assert_eq!(re.check(), Ok(()), "{}", re.as_str());
        }
        let bad = super::UserRegex::lazy("(^Advert");
        assert!(!bad.is_match("Advertisement"));
        assert!(bad.check().is_err());
        assert!(super::UserRegex::new("(^Advert").is_err());
        assert!(super::UserRegex::lazy("^Advert").is_match("Advertisement"));
    }

    /// A lazily compiled regex that does not compile reports its error and
    /// matches nothing; compiled eagerly it is an error at once.
    #[test]
    fn a_bad_lazy_regex_matches_nothing() {
        let bad = super::PatternRegex::lazy("(said", super::StartAt::Anywhere, None);
        assert!(bad.check().unwrap_err().starts_with("bad regex:"));
        assert_eq!(bad.captures_iter(b"he said so").count(), 0);
        assert!(super::PatternRegex::new("(said", super::StartAt::Anywhere, None).is_err());
        let good = super::PatternRegex::lazy("(?P<cue>said)", super::StartAt::Anywhere, None);
        let found: Vec<_> = good.captures_iter(b"he said so, she said").collect();
        let cues: Vec<_> = found
            .iter()
            .map(|c| c.name("cue").unwrap().start())
            .collect();
        assert_eq!(cues, vec![3, 16]);
    }

    /// A template is tried only where its first token may begin: byte 0,
    /// a given byte, or the first byte of each run a phrase may hold.
    #[test]
    fn starts_are_where_a_template_may_begin() {
        use super::StartAt;
        let hay = b"He said, \x02\x01\x03 and  she; x";
        let all = |s: StartAt, from| s.candidates(hay, from).collect::<Vec<_>>();
        assert_eq!(all(StartAt::TextStart, 0), vec![0]);
        assert!(all(StartAt::TextStart, 1).is_empty());
        assert_eq!(all(StartAt::Byte(b','), 0), vec![7]);
        assert_eq!(all(StartAt::Byte(0x02), 0), vec![9]);
        assert!(all(StartAt::Byte(0x02), 10).is_empty());
        assert_eq!(all(StartAt::Phrase, 0), vec![0, 13, 23]);
        assert_eq!(all(StartAt::Phrase, 4), vec![4, 13, 23]);
        assert_eq!(StartAt::of_token("{speaker}"), StartAt::Phrase);
        assert_eq!(StartAt::of_token("{speaker}?"), StartAt::Anywhere);
        assert_eq!(StartAt::of_token("{quote}"), StartAt::Byte(0x02));
    }

    /// The cue preverbs from the lexicon: every phrase of several words
    /// comes before the single words, and no list means no preverb.
    #[test]
    fn cue_preverbs_put_phrases_first() {
        let rules = RuleSet::embedded().unwrap();
        let re = super::preverbs_regex(&rules.lexicon.cue_preverbs);
        let last_phrase = re.rfind("went on to").unwrap();
        assert!(re.find("|has|").unwrap() > last_phrase, "{re}");
        assert!(re.find("has since").unwrap() < last_phrase, "{re}");
        let none = super::preverbs_regex(&Default::default());
        assert_eq!(none, r"(?:[a-z]+ly\s+)?");
    }

    /// The groups of a match as (name, span) pairs, the whole match first.
    fn spans(c: &super::Captures) -> Vec<(&'static str, Option<(usize, usize)>)> {
        let whole = c.iter().next().flatten().map(|g| (g.start(), g.end()));
        std::iter::once(("(whole)", whole))
            .chain(
                super::GROUP_NAMES
                    .iter()
                    .map(|&n| (n, c.name(n).map(|g| (g.start(), g.end())))),
            )
            .collect()
    }

    /// The anchored forward search of the regex engines finds the very
    /// matches and groups that `regex::bytes::Regex::captures_iter` finds
    /// with the same regex.
    #[test]
    fn matches_and_groups_equal_the_regex_crate() {
        let rules = RuleSet::embedded().unwrap();
        let hays = haystacks();
        assert!(hays.len() > 50, "too few paragraphs to compare");
        let mut matches = 0;
        for pat in &rules.patterns {
            let reference = regex::bytes::RegexBuilder::new(pat.regex.as_str())
                .size_limit(1 << 22)
                .dfa_size_limit(32 << 20)
                .build()
                .unwrap();
            let names: Vec<&str> = reference.capture_names().flatten().collect();
            for hay in &hays {
                let ours: Vec<_> = pat.regex.captures_iter_regex(hay.as_bytes(), 0).collect();
                let theirs: Vec<_> = reference.captures_iter(hay.as_bytes()).collect();
                assert_eq!(ours.len(), theirs.len(), "{}: {hay:?}", pat.id);
                for (o, t) in ours.iter().zip(&theirs) {
                    let span = |m: regex::bytes::Match| (m.start(), m.end());
                    let w = o.whole();
                    assert_eq!(Some((w.start(), w.end())), t.get(0).map(span), "{}", pat.id);
                    for name in &names {
                        let o = o.name(name).map(|g| (g.start(), g.end()));
                        assert_eq!(o, t.name(name).map(span), "{} {name}", pat.id);
                    }
                    matches += 1;
                }
            }
        }
        assert!(matches > 100, "only {matches} matches compared");
    }

    /// The masked sentences and paragraphs of `texts`, as the engine
    /// splits them, and each pattern's examples and allows.
    fn differential_hays(rules: &RuleSet, texts: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        for text in texts {
            let doc = crate::engine::doc::Doc::new(rules, text);
            for para in &doc.paras {
                out.push(para.masked.text.clone());
                for &s in &para.sentences {
                    out.push(crate::engine::find::masked_sentence(para, s).to_string());
                }
            }
        }
        for pat in &rules.patterns {
            for ex in pat.examples.iter().chain(&pat.allows) {
                for para in paragraphs(&ex.text) {
                    out.push(Masked::new(&ex.text, para).text);
                }
            }
        }
        out
    }

    /// Fails on the first haystack where the template matcher and the
    /// regex engines disagree, naming the pattern, the text and the group.
    /// Each haystack's `{cue}` table is shared by all the patterns, as in
    /// extraction.
    fn assert_matcher_agrees(rules: &RuleSet, hays: &[String]) -> usize {
        let mut matches = 0;
        let mut memos: Vec<super::CueMemo> = hays.iter().map(|_| Default::default()).collect();
        for pat in &rules.patterns {
            if !pat.regex.has_matcher() {
                continue;
            }
            for (hay, memo) in hays.iter().zip(&mut memos) {
                let h = hay.as_bytes();
                let ours: Vec<_> = pat
                    .regex
                    .captures_iter_shared(h, 0, memo)
                    .map(|c| spans(&c))
                    .collect();
                let theirs: Vec<_> = pat
                    .regex
                    .captures_iter_regex(h, 0)
                    .map(|c| spans(&c))
                    .collect();
                for (k, (o, t)) in ours.iter().zip(&theirs).enumerate() {
                    for (og, tg) in o.iter().zip(t) {
                        assert_eq!(
                            og, tg,
                            "pattern {}, match {k}, group {}: matcher {:?}, regex {:?} in {hay:?}",
                            pat.id, og.0, og.1, tg.1
                        );
                    }
                }
                assert_eq!(
                    ours.len(),
                    theirs.len(),
                    "pattern {}: {} matches from the matcher, {} from the regex in {hay:?}\nmatcher: {ours:?}\nregex: {theirs:?}",
                    pat.id,
                    ours.len(),
                    theirs.len()
                );
                matches += ours.len();
            }
        }
        matches
    }

    /// The template matcher finds the very matches and groups the regex
    /// engines find, on the fixture articles, the seeds and every
    /// pattern's examples.
    #[test]
    fn the_matcher_agrees_with_the_regex_engines() {
        let rules = RuleSet::embedded().unwrap();
        let mut texts = crate::fixture_texts();
        // text the articles lack: NULs, odd white space, case variants
        texts.push("Jane Doe, a spokesman for the city, said the plan failed.\u{a0}\n\"It is over,\" said the mayor,\u{2009}Jane Roe.\nThe plan failed, according to the Times . !\nThe plan failed, according to Reuters\0\0 and more.\n\u{17f}aid Ann Lee that it rained; THE PLAN, \u{212a}im said, failed.".into());
        let hays = differential_hays(&rules, &texts);
        let matches = assert_matcher_agrees(&rules, &hays);
        assert!(matches > 100, "only {matches} matches compared");
        for pat in &rules.patterns {
            assert!(pat.regex.has_matcher(), "{} has no matcher", pat.id);
        }
    }

    /// The German pack: its templates with literal words of ASCII letters
    /// only run on the matcher (the others on the regex engines), and agree
    /// on the pack's examples and, with `../shared`, the 700 WikiNews-de
    /// train articles.
    #[test]
    fn the_matcher_agrees_with_the_regex_engines_in_german() {
        use crate::rules::{Lang, Source};
        let rules = RuleSet::load_lang(Source::Embedded, Lang::De).unwrap();
        let ascii = |p: &super::CompiledPattern| p.template.is_ascii();
        for pat in &rules.patterns {
            assert_eq!(pat.regex.has_matcher(), ascii(pat), "{}", pat.id);
        }
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/wikinews-de-train/text"
        );
        let mut texts = Vec::new();
        if let Ok(entries) = std::fs::read_dir(dir) {
            let mut paths: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
            paths.sort();
            texts = paths
                .iter()
                .map(|p| std::fs::read_to_string(p).unwrap())
                .collect();
        }
        // cues whose first letter is beyond ASCII, beside word bytes of
        // both kinds (the half boundaries of `{cue}`)
        texts.push("„Es reicht“, äußerte die Ministerin. „Es reicht“, Xäußerte die Ministerin. „Es reicht“, _äußerte die Ministerin. „Es reicht“, éäußerte die Ministerin. „Es reicht“, äußertex die Ministerin. „Es reicht“,äußerte die Ministerin.\nDie Ministerin äußerte sich: „Genug.“ Die Ministerin äußertesich: „Genug.“".into());
        let hays = differential_hays(&rules, &texts);
        let matches = assert_matcher_agrees(&rules, &hays);
        assert!(matches > 0, "no German match compared");
    }

    /// [`the_matcher_agrees_with_the_regex_engines`] on the 840 PolNeAR
    /// train articles.
    #[test]
    #[ignore = "needs ../shared (PolNeAR train articles)"]
    fn the_matcher_agrees_with_the_regex_engines_on_train() {
        let rules = RuleSet::embedded().unwrap();
        let dir = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/data/polnear-train/text"
        );
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        assert_eq!(paths.len(), 840);
        let texts: Vec<String> = paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        let hays = differential_hays(&rules, &texts);
        let matches = assert_matcher_agrees(&rules, &hays);
        assert!(matches > 10_000, "only {matches} matches compared");
    }
}

#[cfg(test)]
mod letter_tests {
    use super::{LOWER, UPPER, WORD};

    fn matcher(class: &str) -> regex::bytes::Regex {
        regex::bytes::Regex::new(&format!("^(?:{class})$")).unwrap()
    }

    /// The byte-sequence letter classes agree with Unicode's letter cases
    /// over ASCII, Latin-1 and Latin Extended-A (where both cases count),
    /// and match nothing beyond.
    #[test]
    fn letter_classes_follow_unicode_in_latin_scripts() {
        let (upper, lower, word) = (matcher(UPPER), matcher(LOWER), matcher(WORD));
        let mut checked = 0;
        for c in (0u32..0x800).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            let ext_a = ('\u{100}'..='\u{17f}').contains(&c);
            let latin = (c as u32) < 0x100 && c.is_alphabetic() && c != 'ª' && c != 'º' && c != 'µ';
            assert_eq!(
                upper.is_match(bytes),
                ext_a || (latin && c.is_uppercase()),
                "{c:?} upper"
            );
            assert_eq!(
                lower.is_match(bytes),
                ext_a || (latin && c.is_lowercase()),
                "{c:?} lower"
            );
            let w = ext_a || latin || c.is_ascii_digit() || c == '_';
            assert_eq!(word.is_match(bytes), w, "{c:?} word");
            checked += 1;
        }
        assert!(checked > 2000);
    }
}
