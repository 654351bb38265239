//! Stage 2a: the cue candidates of one sentence — whether it holds a speech
//! verb form (verbs.toml, found with one automaton over the sentence), a
//! quotation, and which literal cue words ("according to") — found once per
//! sentence, so patterns whose cue cannot be there are never tried.
//!
//! ```text
//! "He said that it rained."  → verb: yes, quote: no; `speaker-cue-that-content` may match
//! "He said it rained."       → no "that": `speaker-cue-that-content` is not tried
//! ```

use crate::rules::{Needs, RuleSet};

/// The cues one sentence holds, to skip patterns that cannot match it.
pub(crate) struct Cues {
    /// A speech-verb form stands as a whole lowercase word.
    pub verb: bool,
    /// The sentence holds a quotation (a masked opening mark).
    pub quote: bool,
    /// The sentence lowercased, for the literal words patterns need.
    lower: String,
}

impl Cues {
    /// The cues of one masked sentence.
    pub fn of(rules: &RuleSet, masked: &str) -> Cues {
        let bytes = masked.as_bytes();
        let verb = rules.verb_finder.find_overlapping_iter(masked).any(|m| {
            let before = m.start().checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(m.end()).copied();
            let edge = |b: Option<u8>| b.is_none_or(|b| !b.is_ascii_alphanumeric());
            // (the automaton folds ASCII case only: a form's first letter
            // beyond ASCII, "äußerte", is found as written, in lower case)
            let lower = |b: u8| b.is_ascii_lowercase() || !b.is_ascii();
            edge(before) && edge(after) && lower(bytes[m.start()])
        });
        Cues {
            verb,
            quote: memchr::memchr(crate::text::MASK_OPEN, bytes).is_some(),
            lower: masked.to_lowercase(),
        }
    }

    /// Whether a pattern needing `needs` can match this sentence.
    pub fn allows(&self, needs: &Needs) -> bool {
        (!needs.verb || self.verb)
            && (!needs.quote || self.quote)
            && needs
                .all_of
                .iter()
                .all(|alts| alts.iter().any(|l| self.lower.contains(l.as_str())))
    }
}

#[cfg(test)]
mod needs_tests {
    use super::Cues;
    use crate::RuleSet;

    fn allowed(rules: &RuleSet, id: &str, sentence: &str) -> bool {
        let pat = rules.patterns.iter().find(|p| p.id == id).unwrap();
        Cues::of(rules, sentence).allows(&pat.needs)
    }

    /// Every literal token the template needs rules a sentence out when it
    /// is missing, and a literal of several words is looked up by its first
    /// word, so the spacing between its words cannot rule a sentence out.
    #[test]
    fn literal_tokens_rule_sentences_out() {
        let rules = RuleSet::embedded().unwrap();
        assert!(allowed(
            &rules,
            "speaker-cue-that-content",
            "He said that it rained."
        ));
        assert!(!allowed(
            &rules,
            "speaker-cue-that-content",
            "He said it rained."
        ));
        assert!(allowed(
            &rules,
            "according-to-speaker-content",
            "According  to the memo, it rained."
        ));
        assert!(!allowed(
            &rules,
            "according-to-speaker-content",
            "The memo says it rained."
        ));
        assert!(!allowed(
            &rules,
            "content-speaker-cue",
            "It rained he said."
        ));
    }

    /// A verb form whose first letter is beyond ASCII is a cue as a whole
    /// word only.
    #[test]
    fn a_form_may_begin_beyond_ascii() {
        use crate::rules::{Lang, Source};
        let rules = RuleSet::load_lang(Source::Embedded, Lang::De).unwrap();
        let verb = |s: &str| super::Cues::of(&rules, s).verb;
        assert!(verb("Die Ministerin äußerte sich am Abend."));
        assert!(!verb("Die Ministerin Xäußerte sich am Abend."));
        assert!(!verb("Die Ministerin äußertex sich am Abend."));
    }
}
