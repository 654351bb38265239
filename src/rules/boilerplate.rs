//! The line patterns of boilerplate.toml, asked together: whether any of
//! them matches a line is one search of a [`Sieve`] built from them on
//! first use, not a search per pattern for every paragraph of every
//! article.
//!
//! A set of the patterns as written (a `RegexSet`) costs more to build
//! than reading a few hundred articles does, for the patterns' Unicode
//! classes (`\p{L}`, `\w`, `\d`); the sieve's two automata are built
//! from the same syntax trees with those classes cut to ASCII or widened
//! to every non-ASCII character, which costs little. It answers exactly
//! for a line of ASCII only; for the others it names the few patterns that
//! may match, and those are asked alone (each compiled on first use).

use super::template::UserRegex;
use regex_automata::meta;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::{Input, MatchKind, PatternSet};
use regex_syntax::hir::{
    Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look,
    Repetition,
};
use std::sync::OnceLock;

/// The boilerplate line regexes, each as written (a list of
/// [`UserRegex`]: `len`, `iter` and indexing read it), and the sieve of
/// all of them.
#[derive(Debug)]
pub struct BoilerPatterns {
    patterns: Vec<UserRegex>,
    /// All the patterns in one [`Sieve`], built on first use; `None` when
    /// it does not build (a pattern that does not parse): each pattern is
    /// then asked on its own.
    sieve: OnceLock<Option<Sieve>>,
}

impl From<Vec<UserRegex>> for BoilerPatterns {
    fn from(patterns: Vec<UserRegex>) -> BoilerPatterns {
        BoilerPatterns {
            patterns,
            sieve: OnceLock::new(),
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
    /// not compile matches nothing, as [`UserRegex::is_match`]; the sieve
    /// takes a pattern that parses for one that compiles, as the patterns
    /// of a rules directory are compiled on load and the embedded ones in
    /// a test).
    pub fn any_match(&self, line: &str) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        if let Some(sieve) = self.sieve.get_or_init(|| Sieve::new(&self.patterns)) {
            if line.is_ascii() {
                return sieve.ascii.is_match(line);
            }
            if !sieve.wide.is_match(line) {
                return false;
            }
            let mut maybe = PatternSet::new(self.patterns.len());
            sieve
                .wide
                .which_overlapping_matches(&Input::new(line), &mut maybe);
            return maybe
                .iter()
                .any(|p| self.patterns[p.as_usize()].is_match(line));
        }
        self.patterns.iter().any(|r| r.is_match(line))
    }
}

/// A cheap stand-in for the set, built from the patterns' syntax trees,
/// that leaves the set unbuilt on most runs: the patterns' Unicode classes
/// (`\p{L}`, `\w`, `\d`) are what makes the set costly to build, and most
/// lines need none of them to be answered.
#[derive(Debug)]
struct Sieve {
    /// Every pattern with its classes cut to ASCII (and its word
    /// boundaries to ASCII ones): on a line of ASCII characters only, it
    /// matches exactly where a pattern does.
    ascii: meta::Regex,
    /// Every pattern with each class that holds a non-ASCII character
    /// widened to all of them, and its word boundaries dropped: it matches
    /// wherever a pattern does (and more), so a line it does not match is
    /// no boilerplate. It says which patterns may match.
    wide: meta::Regex,
}

impl Sieve {
    /// The sieve of `patterns`; `None` when one does not parse (the set or
    /// the patterns one by one then answer).
    fn new(patterns: &[UserRegex]) -> Option<Sieve> {
        let hirs = patterns
            .iter()
            .map(|p| regex_syntax::Parser::new().parse(p.as_str()).ok())
            .collect::<Option<Vec<Hir>>>()?;
        let build = |hirs: &[Hir]| {
            meta::Regex::builder()
                .configure(
                    meta::Regex::config()
                        .match_kind(MatchKind::All)
                        .which_captures(WhichCaptures::None)
                        .nfa_size_limit(Some(1 << 22)),
                )
                .build_many_from_hir(hirs)
                .ok()
        };
        let ascii: Vec<Hir> = hirs.iter().map(|h| reshape(h, Cut::Ascii)).collect();
        let wide: Vec<Hir> = hirs.iter().map(|h| reshape(h, Cut::Wide)).collect();
        Some(Sieve {
            ascii: build(&ascii)?,
            wide: build(&wide)?,
        })
    }
}

/// How [`reshape`] changes a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// Classes cut to ASCII, word boundaries made ASCII ones.
    Ascii,
    /// Classes with a non-ASCII character widened to all of them, word
    /// boundaries dropped.
    Wide,
}

/// `hir` changed as `cut` says, its groups left out (nothing here reads
/// captures).
fn reshape(hir: &Hir, cut: Cut) -> Hir {
    match hir.kind() {
        HirKind::Empty | HirKind::Literal(_) => hir.clone(),
        HirKind::Class(Class::Unicode(c)) => {
            let mut c = c.clone();
            let ascii = ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]);
            match cut {
                Cut::Ascii => c.intersect(&ascii),
                Cut::Wide => {
                    if c.ranges().last().is_some_and(|r| r.end() > '\x7f') {
                        c.union(&ClassUnicode::new([ClassUnicodeRange::new(
                            '\u{80}',
                            char::MAX,
                        )]));
                    }
                }
            }
            Hir::class(Class::Unicode(c))
        }
        HirKind::Class(Class::Bytes(c)) => {
            let mut c = c.clone();
            match cut {
                Cut::Ascii => c.intersect(&ClassBytes::new([ClassBytesRange::new(0, 0x7f)])),
                Cut::Wide => {
                    if c.ranges().last().is_some_and(|r| r.end() > 0x7f) {
                        c.union(&ClassBytes::new([ClassBytesRange::new(0x80, 0xff)]));
                    }
                }
            }
            Hir::class(Class::Bytes(c))
        }
        HirKind::Look(look) => match (cut, ascii_word_look(*look)) {
            (_, None) => hir.clone(),
            (Cut::Ascii, Some(ascii)) => Hir::look(ascii),
            (Cut::Wide, Some(_)) => Hir::empty(),
        },
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            min: rep.min,
            max: rep.max,
            greedy: rep.greedy,
            sub: Box::new(reshape(&rep.sub, cut)),
        }),
        HirKind::Capture(cap) => reshape(&cap.sub, cut),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(|h| reshape(h, cut)).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(|h| reshape(h, cut)).collect())
        }
    }
}

/// The ASCII form of a word-boundary assertion; `None` for the others.
fn ascii_word_look(look: Look) -> Option<Look> {
    Some(match look {
        Look::WordAscii | Look::WordUnicode => Look::WordAscii,
        Look::WordAsciiNegate | Look::WordUnicodeNegate => Look::WordAsciiNegate,
        Look::WordStartAscii | Look::WordStartUnicode => Look::WordStartAscii,
        Look::WordEndAscii | Look::WordEndUnicode => Look::WordEndAscii,
        Look::WordStartHalfAscii | Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
        Look::WordEndHalfAscii | Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
        _ => return None,
    })
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

    /// The sieve answers as asking each pattern does, on the embedded
    /// patterns of both packs and lines made to hit and miss each.
    #[test]
    fn the_sieve_answers_as_each_pattern_does() {
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
            // not ASCII: the sieve names the patterns that may match
            "By Zoë O’Brien",
            "By Zoë O’Brien, who said “no”.",
            "Von Jürgen Müller und Åsa Öberg",
            "5. März 2005",
            "März 05, 2026 – Berlin",
            "05.08.2005 — Bericht",
            "Überblick",
            "Überblick über die Lage",
            "ÜBERSICHT NACHRICHTEN WIRTSCHAFT SPORT",
            "jürgen@example.de",
            "14.30 Uhr ",
            "“We will win,” she said.",
            // word boundaries: ASCII and not
            "March 05, 2026abc",
            "March 05, 2026é",
            "date 2026-03-05é",
            "date 2026-03-05x",
            // Unicode digits and spaces the ASCII classes leave out
            "١٢:٣٠",
            "\u{2003}10:30 am",
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
            assert!(matches!(b.sieve.get(), Some(Some(_))), "no sieve");
        }
    }

    /// The same on every line of the PolNeAR and WikiNews train articles,
    /// in both packs.
    #[test]
    #[ignore = "needs ../shared (PolNeAR and WikiNews-de train texts)"]
    fn the_sieve_answers_as_each_pattern_does_on_the_train_articles() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data");
        let mut lines = Vec::new();
        for dir in ["polnear-train/text", "wikinews-de-train/text"] {
            let mut files: Vec<_> = std::fs::read_dir(format!("{root}/{dir}"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            files.sort();
            assert!(files.len() > 50, "{dir}");
            for f in files {
                let text = std::fs::read_to_string(f).unwrap();
                lines.extend(text.lines().map(|l| l.trim().to_string()));
            }
        }
        let wide = lines.iter().filter(|l| !l.is_ascii()).count();
        assert!(wide > 1000, "{wide} lines not in ASCII");
        let mut hits = 0;
        for lang in [crate::rules::Lang::En, crate::rules::Lang::De] {
            let rules = crate::RuleSet::load_lang(crate::rules::Source::Embedded, lang).unwrap();
            let b = &rules.boiler_patterns;
            for line in &lines {
                let each = b.iter().any(|r| r.is_match(line));
                assert_eq!(b.any_match(line), each, "{lang:?}: {line:?}");
                hits += usize::from(each);
            }
        }
        // (the German headings pattern takes some of these lines)
        assert!(hits > 10, "{hits} boilerplate lines");
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
