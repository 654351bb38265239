//! The lexicon: the engine's closed English word lists, read from
//! `rules/lexicon.toml` and compiled once into [`Lexicon`].
//!
//! Every list of the file is a field of both [`LexiconFile`] (the serde
//! shape, with each entry's place in the file for diagnostics) and
//! [`Lexicon`] (the compiled sets the engine asks). One macro declares both,
//! so a list cannot be in one and missing from the other.
//!
//! ```
//! let rules = whosaid::RuleSet::embedded().unwrap();
//! assert!(rules.lexicon.determiners.contains("the"));
//! assert!(!rules.lexicon.determiners.contains("Smith"));
//! ```

use super::diag::{Diagnostic, RuleErrors};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::Deserialize;
use std::collections::BTreeSet;
use toml::Spanned;

/// One compiled word list: membership by exact string (one hash lookup:
/// the speaker reader asks about every word of every phrase), and the
/// entries in byte order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    sorted: BTreeSet<String>,
    set: FxHashSet<Box<str>>,
}

impl Words {
    fn new(words: impl Iterator<Item = String>) -> Words {
        let sorted: BTreeSet<String> = words.collect();
        let set = sorted.iter().map(|w| Box::from(w.as_str())).collect();
        Words { sorted, set }
    }

    /// Whether `w` is in the list, exactly as written.
    pub fn contains(&self, w: &str) -> bool {
        self.set.contains(w)
    }

    /// The entries, in byte order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.sorted.iter().map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }
}

/// The lists of the lexicon that hold one word, exactly as written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Classes(u64);

impl Classes {
    /// Whether the word is in list `c`.
    pub fn has(self, c: Class) -> bool {
        self.0 >> c as u32 & 1 != 0
    }
}

impl Lexicon {
    /// The lists that hold `w`, exactly as written: the same answers as
    /// asking each list's [`Words::contains`], for one hash of `w`.
    pub fn classes(&self, w: &str) -> Classes {
        self.classes_of_bytes(w.as_bytes())
    }

    /// [`Lexicon::classes`] of the word whose UTF-8 bytes are `w` (a word
    /// lowered on the stack needs no UTF-8 check to be looked up).
    pub fn classes_of_bytes(&self, w: &[u8]) -> Classes {
        self.classes.get(w).copied().unwrap_or_default()
    }

    /// Puts `words` in class `c`: a word set of another rule file, so that
    /// [`Lexicon::classes`] answers for it in the same lookup.
    pub(crate) fn mark<'a>(&mut self, c: Class, words: impl IntoIterator<Item = &'a str>) {
        for w in words {
            self.classes.entry(Box::from(w.as_bytes())).or_default().0 |= 1 << c as u32;
        }
    }
}

macro_rules! lexicon {
    (
        $( $(#[doc = $doc:literal])* $name:ident, )*
        ;
        $( $(#[doc = $xdoc:literal])* $extra:ident, )*
    ) => {
        /// The serde shape of `lexicon.toml`. Unknown keys are errors; a list
        /// left out is empty (so a file with `extends = "builtin"` can add
        /// to one list alone).
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct LexiconFile {
            $( #[serde(default)] pub $name: Vec<Spanned<String>>, )*
        }

        /// The compiled word lists (see `rules/lexicon.toml` for what each
        /// one steers).
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct Lexicon {
            $( $(#[doc = $doc])* pub $name: Words, )*
            /// Every entry of any list (by its bytes) with the lists that
            /// hold it: one lookup answers for all lists at once.
            classes: FxHashMap<Box<[u8]>, Classes>,
        }

        /// One list of the lexicon, by its key, or one of the rule set's
        /// word sets from other files (marked by [`Lexicon::mark`]): a bit
        /// of [`Classes`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(non_camel_case_types)]
        pub enum Class {
            $( $name, )*
            $( $(#[doc = $xdoc])* $extra, )*
        }

        // a list is one bit of a `u64`
        const _: () = assert!([$( Class::$name, )* $( Class::$extra, )*].len() <= 64);

        impl LexiconFile {
            /// Every list with its key, in declaration order.
            pub fn lists(&self) -> Vec<(&'static str, &[Spanned<String>])> {
                vec![$( (stringify!($name), self.$name.as_slice()), )*]
            }
        }

        impl super::layer::Merge for LexiconFile {
            /// `extends = "builtin"`: each user list adds the words the
            /// built-in list lacks.
            fn merge(&mut self, user: Self) {
                $(
                    for w in user.$name {
                        if !self.$name.iter().any(|b| b.get_ref() == w.get_ref()) {
                            self.$name.push(w);
                        }
                    }
                )*
            }
        }

        impl Lexicon {
            /// Every list with its key, in declaration order.
            pub fn lists(&self) -> Vec<(&'static str, &Words)> {
                vec![$( (stringify!($name), &self.$name), )*]
            }

            fn from_file(f: &LexiconFile) -> Lexicon {
                let words = |l: &[Spanned<String>]| {
                    Words::new(l.iter().map(|w| w.get_ref().clone()))
                };
                let mut classes: FxHashMap<Box<[u8]>, Classes> = FxHashMap::default();
                $(
                    for w in &f.$name {
                        classes.entry(Box::from(w.get_ref().as_bytes())).or_default().0 |=
                            1 << Class::$name as u32;
                    }
                )*
                Lexicon { $( $name: words(&f.$name), )* classes }
            }
        }
    };
}

lexicon! {
    /// Words that end a speaker phrase read leftwards from its cue.
    break_left,
    /// Words that end a speaker phrase read rightwards from its cue.
    break_right,
    /// Words after which a `break_right` word does not end the phrase.
    post_modifiers,
    /// Days and time adverbs between a speaker and its cue.
    time_words,
    /// Prepositions: a capitalised run after one is no person.
    prepositions,
    /// Words a speaker phrase never ends with.
    function_words,
    /// Words that may open a speaker phrase before its noun.
    determiners,
    /// Openers that make an anonymous head anonymous ("a source").
    indefinite_openers,
    /// Stems of heads that are always anonymous ("sources").
    anonymous_head_stems,
    /// Words that let a short noun phrase run longer ("head of").
    noun_phrase_links,
    /// Words that never head a speaker phrase.
    not_speaker,
    /// Parts inside a name ("von", "Jr."); exact case.
    name_particles,
    /// Capitalised words that are never a first name; exact case.
    not_first_names,
    /// Adverbs between a clause subject and its verb.
    adverbs_before_verb,
    /// Common finite verbs and auxiliaries after a clause subject.
    common_verbs,
    /// Auxiliaries that, opening a cue, rule out an inverted speaker.
    auxiliaries,
    /// Endings before a participle cue that make it finite ("is saying").
    progressive_auxiliaries,
    /// Words before a participle cue with a quotation that make it the
    /// clause subject's attribution ("by saying").
    participle_prepositions,
    /// Verb forms that are as often nouns.
    nounish_forms,
    /// Conjunctions that join a second cue to a reported clause.
    conjunctions,
    /// Adverbs between such a conjunction and the second cue.
    conjunction_adverbs,
    /// Conjunctions that, after a comma and before a pronoun, open a new clause.
    clause_conjunctions,
    /// Subject pronouns that open such a new clause; exact case.
    new_clause_subjects,
    /// Phrases that, after a comma, end a reported clause.
    clause_tails,
    /// Prefixes a reported clause never opens with (a trailing space counts).
    tail_openers,
    /// Words that never open a reported clause after its cue.
    not_content_openers,
    /// Lowercase words that cannot open an apposition after a name.
    not_apposition,
    /// Relative pronouns that stand for the name before them.
    relative_pronouns,
    /// Words that open an apposition after a name, besides the role nouns.
    apposition_openers,
    /// Auxiliaries and adverbs a `{cue}` allows before its verb form.
    cue_preverbs,
    /// Words whose mood marks a sentence as reported speech with no cue of
    /// its own (German Konjunktiv I "sei", "habe"); empty turns the
    /// reported-speech pass off.
    reported_speech_verbs,
    /// Verb forms whose first object is the listener ("told reporters …").
    listener_verbs,
    /// Object pronouns that may name such a listener ("told him …").
    object_pronouns,
    /// Links after a short name that open its affiliation ("of", "from").
    affiliation_links,
    /// Words that open a quantity of people speaking ("half", "most").
    quantity_words,
    /// Qualifiers before such a quantity ("nearly", "at least").
    quantity_qualifiers,
    /// Common female first names, for a pronoun's gender; exact case.
    first_names_female,
    /// Common male first names, for a pronoun's gender; exact case.
    first_names_male,
    /// Endings of a common noun that names a person ("-er", "-in":
    /// Verfasser, Sprecherin), for a language that capitalises every noun;
    /// read only under verb-second order (see `verb_second_subject`).
    person_noun_endings,
    ;
    /// `titles.toml` roles, in lower case.
    roles,
    /// `titles.toml` title modifiers, in lower case.
    title_modifiers,
    /// `sources.toml` group heads, in lower case.
    group_heads,
    /// `sources.toml` anonymous heads, in lower case.
    anonymous_heads,
    /// `sources.toml` organization heads, ASCII-lowercased.
    organization_heads,
}

/// Checks a parsed lexicon (an empty or repeated entry is an error at its
/// place in the file) and compiles it.
pub fn compile(file: &LexiconFile, path: &str, text: &str, errs: &mut RuleErrors) -> Lexicon {
    for (key, list) in file.lists() {
        let mut seen = BTreeSet::new();
        for w in list {
            let word = w.get_ref();
            if word.trim().is_empty() {
                errs.push(Diagnostic::at(
                    path,
                    text,
                    w.span(),
                    "value",
                    format!("`{key}` has an empty entry"),
                ));
            } else if !seen.insert(word.as_str()) {
                errs.push(Diagnostic::at(
                    path,
                    text,
                    w.span(),
                    "duplicate",
                    format!("`{word}` is listed twice in `{key}`"),
                ));
            }
        }
    }
    Lexicon::from_file(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = include_str!("../../rules/lexicon.toml");
    const FILE_DE: &str = include_str!("../../rules/de/lexicon.toml");

    /// Lists that turn a pass on: the English rules leave them out.
    const SWITCHES: [&str; 2] = ["reported_speech_verbs", "person_noun_endings"];

    /// The German lexicon follows the same order rules (some lists are
    /// empty there: English constructions German does not have).
    #[test]
    fn the_german_lists_are_sorted_and_have_no_duplicates() {
        let file: LexiconFile = toml::from_str(FILE_DE).unwrap();
        for (key, list) in file.lists() {
            let words: Vec<&str> = list.iter().map(|w| w.get_ref().as_str()).collect();
            for pair in words.windows(2) {
                assert!(
                    pair[0] < pair[1],
                    "`{key}`: `{}` then `{}`",
                    pair[0],
                    pair[1]
                );
            }
        }
        assert!(!file.reported_speech_verbs.is_empty());
    }

    fn parse(text: &str) -> (Option<Lexicon>, RuleErrors) {
        let mut errs = RuleErrors::default();
        let lex = super::super::diag::parse::<LexiconFile>("lexicon.toml", text, &mut errs)
            .map(|f| compile(&f, "lexicon.toml", text, &mut errs));
        (lex, errs)
    }

    /// The embedded file is its own snapshot: every list sorted by bytes and
    /// free of duplicates, so a diff of it reads as a word added or removed.
    #[test]
    fn every_embedded_list_is_sorted_and_has_no_duplicates() {
        let file: LexiconFile = toml::from_str(FILE).unwrap();
        for (key, list) in file.lists() {
            // a list that switches a pass on may be left out (empty)
            if SWITCHES.contains(&key) {
                continue;
            }
            assert!(!list.is_empty(), "`{key}` is empty");
            let words: Vec<&str> = list.iter().map(|w| w.get_ref().as_str()).collect();
            for pair in words.windows(2) {
                assert!(
                    pair[0] < pair[1],
                    "`{key}`: `{}` then `{}` is unsorted or repeated",
                    pair[0],
                    pair[1]
                );
            }
        }
    }

    #[test]
    fn a_repeated_entry_is_reported_at_its_place() {
        let text = FILE.replacen("break_left = [\n", "break_left = [\n  \"zz\", \"zz\",\n", 1);
        let (_, errs) = parse(&text);
        assert_eq!(errs.len(), 1, "{errs}");
        let d = &errs.0[0];
        assert_eq!(d.kind, "duplicate");
        assert!(d.message.contains("`zz`"), "{}", d.message);
        let list = text
            .lines()
            .position(|l| l.starts_with("break_left"))
            .unwrap();
        // 1-based: the line after `break_left = [`, under the second "zz"
        assert_eq!((d.line, d.col), (list + 2, 9));
    }

    #[test]
    fn an_unknown_key_and_a_missing_list_are_errors() {
        let (lex, errs) = parse(&format!("{FILE}\nstop_words = [\"a\"]\n"));
        assert!(lex.is_none());
        assert!(errs.0.iter().any(|d| d.kind == "unknown-key"), "{errs}");
        let without = FILE.replacen("break_left = [", "break_leftx = [", 1);
        let (lex, errs) = parse(&without);
        assert!(lex.is_none());
        assert!(!errs.is_empty());
    }

    #[test]
    fn the_compiled_lists_hold_the_file_words() {
        let (lex, errs) = parse(FILE);
        assert!(errs.is_empty(), "{errs}");
        let lex = lex.unwrap();
        let file: LexiconFile = toml::from_str(FILE).unwrap();
        for ((key, words), (_, list)) in lex.lists().into_iter().zip(file.lists()) {
            assert_eq!(words.len(), list.len(), "{key}");
            assert!(list.iter().all(|w| words.contains(w.get_ref())), "{key}");
        }
    }

    /// One lookup of a word's classes answers as each list does, for every
    /// entry of every list and for words in none.
    #[test]
    fn a_words_classes_are_the_lists_that_hold_it() {
        let (lex, errs) = parse(FILE);
        assert!(errs.is_empty(), "{errs}");
        let lex = lex.unwrap();
        let lists = lex.lists();
        let all: Vec<&str> = (lists.iter()).flat_map(|(_, w)| w.iter()).collect();
        for w in all.iter().copied().chain(["Smith", "zzz", ""]) {
            let c = lex.classes(w);
            for (i, (key, words)) in lists.iter().enumerate() {
                let bit = c.0 >> i & 1 != 0;
                assert_eq!(bit, words.contains(w), "`{w}` in `{key}`");
            }
        }
        assert!(lex.classes("the").has(Class::determiners));
        assert!(!lex.classes("The").has(Class::determiners));
    }

    /// The rule set's own word sets, marked as classes, answer as the sets
    /// do for every entry and for words in none.
    #[test]
    fn the_rule_sets_word_sets_are_classes_too() {
        let rules = crate::rules::RuleSet::embedded().unwrap();
        let sets = [
            (Class::roles, &rules.roles),
            (Class::title_modifiers, &rules.title_modifiers),
            (Class::group_heads, &rules.group_heads),
            (Class::anonymous_heads, &rules.anonymous_heads),
        ];
        let entries = sets.iter().flat_map(|(_, s)| s.iter().map(String::as_str));
        let folded: Vec<String> = (rules.organization_heads.iter())
            .map(|o| o.to_ascii_lowercase())
            .collect();
        let words = entries.chain(folded.iter().map(String::as_str));
        for w in words.chain(["smith", "zzz", ""]) {
            let c = rules.lexicon.classes(w);
            for (class, set) in &sets {
                assert_eq!(c.has(*class), set.contains(w), "`{w}` in {class:?}");
            }
            let org = c.has(Class::organization_heads);
            assert_eq!(org, rules.is_organization_head(w), "`{w}`");
        }
    }
}
