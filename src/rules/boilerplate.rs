//! The line patterns of boilerplate.toml, asked together: whether any of
//! them matches a line is one search of one [`RegexSet`] (built on first
//! use), not a search per pattern for every paragraph of every article.

use super::template::UserRegex;
use regex::{RegexSet, RegexSetBuilder};
use std::sync::OnceLock;

/// The boilerplate line regexes, each as written (a list of
/// [`UserRegex`]: `len`, `iter` and indexing read it), and the set of all
/// of them.
#[derive(Debug)]
pub struct BoilerPatterns {
    patterns: Vec<UserRegex>,
    /// All the patterns as one set, built on first use; `None` when it
    /// does not build (a pattern that does not compile, or a set beyond
    /// the size limit): each pattern is then asked on its own.
    set: OnceLock<Option<RegexSet>>,
}

impl From<Vec<UserRegex>> for BoilerPatterns {
    fn from(patterns: Vec<UserRegex>) -> BoilerPatterns {
        BoilerPatterns {
            patterns,
            set: OnceLock::new(),
        }
    }
}

impl std::ops::Deref for BoilerPatterns {
    type Target = [UserRegex];

    fn deref(&self) -> &[UserRegex] {
        &self.patterns
    }
}

impl<'a> IntoIterator for &'a BoilerPatterns {
    type Item = &'a UserRegex;
    type IntoIter = std::slice::Iter<'a, UserRegex>;

    fn into_iter(self) -> Self::IntoIter {
        self.patterns.iter()
    }
}

impl BoilerPatterns {
    /// Whether any pattern matches somewhere in `line` (a pattern that does
    /// not compile matches nothing, as [`UserRegex::is_match`]).
    pub fn any_match(&self, line: &str) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        let set = self.set.get_or_init(|| {
            // the limits of one user regex (template::compile_regex)
            RegexSetBuilder::new(self.patterns.iter().map(UserRegex::as_str))
                .size_limit(1 << 22)
                .dfa_size_limit(32 << 20)
                .build()
                .ok()
        });
        match set {
            Some(set) => set.is_match(line),
            None => self.patterns.iter().any(|r| r.is_match(line)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns(sources: &[&str]) -> BoilerPatterns {
        sources
            .iter()
            .map(|s| UserRegex::lazy(s))
            .collect::<Vec<_>>()
            .into()
    }

    /// The set answers as asking each pattern does, on the embedded
    /// patterns of both packs and lines made to hit and miss each.
    #[test]
    fn the_set_answers_as_each_pattern_does() {
        let lines = [
            "By Jane Roe",
            "By the end of the day it rained.",
            "March 05, 2026",
            "05.08.2005",
            "5. August 2005",
            "10:30 am",
            "14.30 Uhr",
            "date 2026-03-05 LOADING",
            "HOME | NEWS | SPORTS",
            "HOME NEWS BUSINESS SPORTS",
            "jane.roe@example.com",
            "Hintergrund",
            "Von Anna Beispiel und Karl Probe",
            "\"We will win,\" she said.",
            "",
        ];
        for lang in [crate::rules::Lang::En, crate::rules::Lang::De] {
            let rules = crate::RuleSet::load_lang(crate::rules::Source::Embedded, lang).unwrap();
            let b = &rules.boiler_patterns;
            assert!(b.len() > 3);
            let mut hits = 0;
            for line in lines {
                let each = b.iter().any(|r| r.is_match(line));
                assert_eq!(b.any_match(line), each, "{line:?}");
                hits += usize::from(each);
            }
            assert!(hits > 3 && hits < lines.len(), "{hits}");
        }
    }

    /// A pattern that does not compile matches nothing, and the others
    /// still match.
    #[test]
    fn a_bad_pattern_leaves_the_others() {
        let b = patterns(&["(^Advert", "^Photo:"]);
        assert!(b.any_match("Photo: AP"));
        assert!(!b.any_match("Advertisement"));
        assert!(!patterns(&[]).any_match("anything"));
        assert_eq!(b.len(), 2);
    }
}
