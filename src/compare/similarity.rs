//! Statement similarity: when two records report the same statement.
//!
//! A record's text is cut into statement units (its sentences), and each
//! unit is reduced to its content words, in order. Two units report the same
//! statement when most of the smaller word set is found in the larger one.
//! This is the overlap coefficient, |A ∩ B| / min(|A|, |B|): containment in
//! either direction, so a fragment ("too late") matches the longer quote it
//! was cut from, and a paraphrase matches when it keeps enough of the words.
//!
//! Small overlaps are where chance matches live ("Vote for me." and any
//! sentence with "vote"), so one shared word never suffices, and two shared
//! words count only when they are the whole of a two-word unit and stand
//! next to each other, in order, in both ("too late" in "I said 'Too
//! late!'" and "it was too late"; but not "United States" in "Death to the
//! United States").

use std::collections::BTreeSet;

/// The share of the smaller word set that must be found in the larger one.
pub const MIN_OVERLAP: f64 = 0.6;

/// Units sharing this many content words match on overlap alone; two shared
/// words must be a whole two-word unit, as a phrase; one is never enough.
pub const MIN_SHARED: usize = 3;

/// Words are compared on this many leading characters: a crude stemmer that
/// makes "negotiate" and "negotiations", "defense" and "defenses" meet.
pub const STEM_CHARS: usize = 6;

/// Function words, pronoun contractions, light verbs and fillers ("going",
/// "get", "really", "a lot"), and reporting verbs. They say nothing about
/// which statement a sentence reports ("I said 'Too late!'" is about being
/// late, not saying; "I don't know" is no statement). "too", "not" and "no"
/// are kept: they carry meaning.
const STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are",
    "as", "at", "be", "because", "been", "being", "but", "by", "can", "can't", "could", "did",
    "didn't", "do", "does", "doesn't", "don't", "for", "from", "get", "gets", "going", "got",
    "had", "has", "have", "he", "her", "here", "hers", "him", "his", "how", "i", "i'd", "i'll",
    "i'm", "i've", "if", "in", "into", "is", "it", "its", "just", "know", "let", "lot", "make",
    "many", "may", "me", "might", "more", "most", "much", "my", "now", "of", "on", "one", "only",
    "or", "other", "our", "ours", "out", "over", "really", "said", "say", "saying", "says", "see",
    "she", "should", "so", "some", "stated", "such", "tell", "than", "that", "the", "their",
    "theirs", "them", "then", "there", "these", "they", "they'd", "they'll", "they're", "they've",
    "thing", "things", "think", "this", "those", "to", "told", "up", "us", "very", "want", "was",
    "way", "we", "we'd", "we'll", "we're", "we've", "well", "were", "what", "when", "where",
    "which", "while", "who", "whom", "will", "with", "won't", "would", "yes", "you", "you'll",
    "you're", "you've", "your",
];

/// The comparable form of one word: lower case, no possessive, cut to
/// [`STEM_CHARS`] characters. `None` for stop words, single letters ("U.S."
/// reads as "U", "S") and tokens with no letter or digit.
pub fn content_key(word: &str) -> Option<String> {
    let lower = word.to_lowercase().replace('’', "'");
    let bare = lower
        .strip_suffix("'s")
        .unwrap_or(&lower)
        .trim_matches(|c: char| !c.is_alphanumeric());
    let single_letter = bare.chars().count() == 1 && !bare.starts_with(|c: char| c.is_numeric());
    if bare.is_empty() || single_letter || STOP_WORDS.binary_search(&bare).is_ok() {
        return None;
    }
    Some(bare.chars().take(STEM_CHARS).collect())
}

/// The content words of a text (see [`content_key`]).
pub fn content_words(text: &str) -> BTreeSet<String> {
    words(text).filter_map(content_key).collect()
}

/// The words of a text: runs of letters and digits with inner apostrophes
/// and hyphens ("don't", "air-defense").
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '’' | '-')))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
}

/// The overlap coefficient of two word sets: |A ∩ B| / min(|A|, |B|), in
/// [0, 1]; 0 when either set is empty.
pub fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / smaller as f64
}

/// One statement unit: its content words as a set and as adjacent pairs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unit {
    /// The content words (see [`content_key`]).
    pub words: BTreeSet<String>,
    /// Each content word with the next one, in text order.
    pub pairs: BTreeSet<(String, String)>,
}

impl Unit {
    /// The unit of a text.
    pub fn new(text: &str) -> Unit {
        let seq: Vec<String> = words(text).filter_map(content_key).collect();
        let pairs = seq
            .windows(2)
            .map(|w| (w[0].clone(), w[1].clone()))
            .collect();
        Unit {
            words: seq.into_iter().collect(),
            pairs,
        }
    }

    /// Whether the unit has no content word.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// Whether two units report the same statement: the overlap is at least
/// [`MIN_OVERLAP`], and they share at least [`MIN_SHARED`] content words,
/// or one unit has just two, which stand next to each other, in order, in
/// the other too.
pub fn same_statement(a: &Unit, b: &Unit) -> bool {
    let shared = a.words.intersection(&b.words).count();
    let enough = match shared {
        0 | 1 => false,
        2 => a.words.len().min(b.words.len()) == 2 && !a.pairs.is_disjoint(&b.pairs),
        _ => shared >= MIN_SHARED,
    };
    enough && overlap(&a.words, &b.words) >= MIN_OVERLAP
}

/// Cuts a text into sentences: after `.`, `!`, `?` or `…` (and any closing
/// quotation marks) followed by a space and an upper-case letter or an
/// opening mark. "U.S. and Israel" and "language...is" stay whole.
pub fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        if matches!(c, '.' | '!' | '?' | '…') {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j].1, '"' | '\'' | '”' | '’' | ')') {
                j += 1;
            }
            let space_end = {
                let mut k = j;
                while k < chars.len() && chars[k].1.is_whitespace() {
                    k += 1;
                }
                k
            };
            let next = chars.get(space_end).map(|&(_, c)| c);
            let starts_sentence =
                next.is_some_and(|n| n.is_uppercase() || matches!(n, '"' | '\'' | '“' | '‘'));
            if space_end > j && starts_sentence {
                let end = chars.get(j).map_or(text.len(), |&(b, _)| b);
                push_trimmed(&mut out, &text[start..end]);
                start = chars[space_end].0;
                i = space_end;
                continue;
            }
        }
        i += 1;
    }
    push_trimmed(&mut out, &text[start..]);
    out
}

fn push_trimmed<'a>(out: &mut Vec<&'a str>, s: &'a str) {
    let s = s.trim();
    if !s.is_empty() {
        out.push(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(text: &str) -> BTreeSet<String> {
        content_words(text)
    }

    fn same(a: &str, b: &str) -> bool {
        same_statement(&Unit::new(a), &Unit::new(b))
    }

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
    }

    #[test]
    fn content_words_drop_function_words_and_possessives() {
        let w = set("I said 'Too late!' to Iran's leaders");
        let expected: BTreeSet<String> = ["too", "late", "iran", "leader"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(w, expected);
    }

    #[test]
    fn stems_join_word_forms() {
        assert_eq!(content_key("negotiations"), content_key("Negotiate"));
        assert_eq!(content_key("Defense"), content_key("defenses"));
        assert_ne!(content_key("talks"), content_key("talked"));
        assert_eq!(content_key("the"), None);
        assert_eq!(content_key("--"), None);
    }

    #[test]
    fn a_fragment_matches_the_quote_it_was_cut_from() {
        let full = "Their air defense, air force, navy, and leadership is gone.";
        let fragment = "Iran's 'air defense, Air Force, Navy, and Leadership is gone'";
        assert!((overlap(&set(full), &set(fragment)) - 1.0).abs() < 1e-9);
        assert!(same(full, fragment));
    }

    #[test]
    fn a_paraphrase_with_enough_shared_words_matches() {
        let quoted = "it was 'too late' for negotiations";
        let paraphrase =
            "has claimed Tehran's willingness to negotiate but dismissed it as too late";
        assert!(same(quoted, paraphrase));
        // Containment works in either direction.
        assert!(same(paraphrase, quoted));
    }

    #[test]
    fn two_shared_words_must_be_a_phrase_in_both() {
        assert!(same(
            "I said 'Too late!'",
            "Tehran wanted to speak, but it was too late"
        ));
        assert!(!same(
            "I was not that candidate.",
            "Not a serious candidate."
        ));
        assert!(!same("Late, but not too late", "too busy, and late"));
        // A known two-word name inside a longer sentence is a topic, not a statement.
        assert!(!same(
            "Death to the United States.",
            "foreign Muslims entering the United States"
        ));
    }

    #[test]
    fn one_shared_word_is_not_enough() {
        assert!(!same("Vote for me.", "we will fight for every vote"));
        assert!(!same(
            "negotiations are out of the question",
            "no negotiations until the strikes stop"
        ));
    }

    #[test]
    fn two_generic_shared_words_in_long_sentences_are_not_enough() {
        let a = "Iran and Israel must end the war over oil before winter";
        let b = "The US will sanction Iran's oil exports to China and India next month";
        assert_eq!(set(a).intersection(&set(b)).count(), 2);
        assert!(overlap(&set(a), &set(b)) < MIN_OVERLAP);
        assert!(!same(a, b));
    }

    #[test]
    fn three_shared_words_need_the_overlap_too() {
        assert!(same(
            "We need real change in this country",
            "We need real change,"
        ));
        let a = "Our country needs real change, fair wages and cheaper medicine";
        let b = "Real change needs a country that builds roads, schools, ports and rail";
        assert_eq!(set(a).intersection(&set(b)).count(), 4);
        assert!(overlap(&set(a), &set(b)) < MIN_OVERLAP);
        assert!(!same(a, b));
    }

    #[test]
    fn empty_units_never_match() {
        assert!(Unit::new("I said that").is_empty());
        assert!(!same("I said that", "I said that"));
        assert_eq!(overlap(&set("it was"), &set("late")), 0.0);
    }

    #[test]
    fn sentences_split_at_sentence_ends_only() {
        assert_eq!(
            sentences("Their navy is gone. They want to talk. I said 'Too late!'"),
            vec![
                "Their navy is gone.",
                "They want to talk.",
                "I said 'Too late!'"
            ]
        );
        assert_eq!(
            sentences("strikes by the U.S. and Israel. The only language...is defense"),
            vec![
                "strikes by the U.S. and Israel.",
                "The only language...is defense"
            ]
        );
        assert_eq!(sentences("  "), Vec::<&str>::new());
    }
}
