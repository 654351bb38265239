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
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::pool::Pool;
use regex_automata::MatchError;
use regex_automata::{Anchored, Input, MatchKind, PatternSet};
use regex_syntax::hir::{
    Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, Hir, HirKind,
    Look, Repetition,
};
use std::panic::{RefUnwindSafe, UnwindSafe};
use std::sync::OnceLock;

/// The boilerplate line regexes, each as written (a list of
/// [`UserRegex`]: `len`, `iter` and indexing read it), the line prefixes,
/// and the sieve of all of them.
#[derive(Debug)]
pub struct BoilerPatterns {
    patterns: Vec<UserRegex>,
    /// The line prefixes ([`BoilerPatterns::with_prefixes`]).
    prefixes: Vec<String>,
    /// All the patterns in one [`Sieve`], built on first use; `None` when
    /// it does not build (a pattern that does not parse): each pattern is
    /// then asked on its own.
    sieve: OnceLock<Option<Sieve>>,
}

impl From<Vec<UserRegex>> for BoilerPatterns {
    fn from(patterns: Vec<UserRegex>) -> BoilerPatterns {
        BoilerPatterns {
            patterns,
            prefixes: Vec::new(),
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
    /// The patterns with the line prefixes of boilerplate.toml, which
    /// [`BoilerPatterns::is_line`] asks in the same search.
    pub fn with_prefixes(mut self, prefixes: &[String]) -> BoilerPatterns {
        self.prefixes = prefixes.to_vec();
        self.sieve = OnceLock::new();
        self
    }

    /// Whether `line` (trimmed) is boilerplate: it starts with a line
    /// prefix, or a pattern matches in it (as [`BoilerPatterns::any_match`]).
    pub fn is_line(&self, line: &str) -> bool {
        if self.patterns.is_empty() && self.prefixes.is_empty() {
            return false;
        }
        match self.sieve() {
            Some(sieve) => sieve.is_line(self, line, true),
            None => {
                self.prefixes.iter().any(|p| line.starts_with(p.as_str()))
                    || self.patterns.iter().any(|r| r.is_match(line))
            }
        }
    }

    /// Whether any pattern matches somewhere in `line` (a pattern that does
    /// not compile matches nothing, as [`UserRegex::is_match`]; the sieve
    /// takes a pattern that parses for one that compiles, as the patterns
    /// of a rules directory are compiled on load and the embedded ones in
    /// a test).
    pub fn any_match(&self, line: &str) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        match self.sieve() {
            Some(sieve) => sieve.is_line(self, line, false),
            None => self.patterns.iter().any(|r| r.is_match(line)),
        }
    }

    fn sieve(&self) -> Option<&Sieve> {
        self.sieve
            .get_or_init(|| Sieve::new(&self.patterns, &self.prefixes))
            .as_ref()
    }
}

/// A cheap stand-in for the set, built from the patterns' syntax trees,
/// that leaves the set unbuilt on most runs: the patterns' Unicode classes
/// (`\p{L}`, `\w`, `\d`) are what makes the set costly to build, and most
/// lines need none of them to be answered.
struct Sieve {
    /// Every pattern with its classes cut to ASCII (and its word
    /// boundaries to ASCII ones): on a line of ASCII characters only, it
    /// matches exactly where a pattern does.
    ascii: DFA,
    /// Every pattern with each class that holds a non-ASCII character
    /// widened to all of them, and its word boundaries dropped: it matches
    /// wherever a pattern does (and more), so a line it does not match is
    /// no boilerplate. It says which patterns may match.
    wide: DFA,
    /// Whether every pattern starts with `^`: the searches are anchored
    /// then, and end where all the patterns have failed.
    anchored: Anchored,
    /// The two automata's scratch space, one pair per searching thread.
    caches: Pool<[Cache; 2], MakeCaches>,
}

/// What makes the scratch space of a [`Sieve`] for one thread.
type MakeCaches = Box<dyn Fn() -> [Cache; 2] + Send + Sync + UnwindSafe + RefUnwindSafe>;

impl std::fmt::Debug for Sieve {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sieve")
            .field("patterns", &self.wide.pattern_len())
            .finish()
    }
}

impl Sieve {
    /// The sieve of `patterns` and then `prefixes` (each a pattern of its
    /// own, anchored at the start); `None` when a pattern does not parse
    /// (the patterns one by one then answer). Each automaton is a lazy
    /// DFA of the forward NFA alone: a search here only asks whether and
    /// which patterns match, never where, so no reverse NFA is built.
    fn new(patterns: &[UserRegex], prefixes: &[String]) -> Option<Sieve> {
        let mut hirs = patterns
            .iter()
            .map(|p| regex_syntax::Parser::new().parse(p.as_str()).ok())
            .collect::<Option<Vec<Hir>>>()?;
        hirs.extend(
            prefixes
                .iter()
                .map(|p| Hir::concat(vec![Hir::look(Look::Start), Hir::literal(p.as_bytes())])),
        );
        let build = |hirs: &[Hir]| {
            let nfa = thompson::Compiler::new()
                .configure(
                    thompson::Config::new()
                        .which_captures(WhichCaptures::None)
                        .nfa_size_limit(Some(1 << 22)),
                )
                .build_many_from_hir(hirs)
                .ok()?;
            DFA::builder()
                .configure(
                    DFA::config()
                        .match_kind(MatchKind::All)
                        .minimum_cache_clear_count(Some(3)),
                )
                .build_from_nfa(nfa)
                .ok()
        };
        let start = |h: &Hir| h.properties().look_set_prefix().contains(Look::Start);
        let anchored = match hirs.iter().all(start) {
            true => Anchored::Yes,
            false => Anchored::No,
        };
        let ascii: Vec<Hir> = hirs.iter().map(|h| reshape(h, Cut::Ascii)).collect();
        let wide: Vec<Hir> = hirs.iter().map(|h| reshape(h, Cut::Wide)).collect();
        let (ascii, wide) = (build(&ascii)?, build(&wide)?);
        let (a, w) = (ascii.clone(), wide.clone());
        let make: MakeCaches = Box::new(move || [a.create_cache(), w.create_cache()]);
        Some(Sieve {
            ascii,
            wide,
            anchored,
            caches: Pool::new(make),
        })
    }

    /// Whether a pattern of `b` matches `line`, or (with `prefixes`) it
    /// starts with a prefix of `b`.
    fn is_line(&self, b: &BoilerPatterns, line: &str, prefixes: bool) -> bool {
        match self.sift(b, line, prefixes) {
            Ok(found) => found,
            // a lazy DFA gave up: each pattern is asked alone
            Err(_) => {
                (prefixes && b.prefixes.iter().any(|p| line.starts_with(p.as_str())))
                    || b.patterns.iter().any(|r| r.is_match(line))
            }
        }
    }

    /// [`Sieve::is_line`] by the automata, or their error.
    fn sift(&self, b: &BoilerPatterns, line: &str, prefixes: bool) -> Result<bool, MatchError> {
        let n = b.patterns.len();
        let wanted = |i: usize| prefixes || i < n;
        let input = Input::new(line).anchored(self.anchored).earliest(true);
        let mut caches = self.caches.get();
        let [ascii, wide] = &mut *caches;
        // The wide automaton first, on every line: it matches wherever the
        // ASCII one does, fails on most lines within a few bytes, and with
        // no word boundaries it has fewer states to build than the ASCII one.
        if self.wide.try_search_fwd(wide, &input)?.is_none() {
            return Ok(false);
        }
        let exact = line.is_ascii();
        if exact && prefixes {
            return Ok(self.ascii.try_search_fwd(ascii, &input)?.is_some());
        }
        let (sieve, cache) = match exact {
            true => (&self.ascii, ascii),
            false => (&self.wide, wide),
        };
        if exact && sieve.try_search_fwd(cache, &input)?.is_none() {
            return Ok(false);
        }
        let mut maybe = PatternSet::new(n + b.prefixes.len());
        sieve.try_which_overlapping_matches(cache, &input.earliest(false), &mut maybe)?;
        drop(caches);
        // a prefix is a literal: the wide automaton matches it exactly
        Ok(maybe
            .iter()
            .map(|p| p.as_usize())
            .any(|i| wanted(i) && (exact || i >= n || b.patterns[i].is_match(line))))
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
    /// As [`Cut::Ascii`], the groups kept ([`cut_to_ascii`]).
    AsciiGroups,
}

/// `hir` with its classes cut to ASCII and its word boundaries made ASCII
/// ones, its groups kept: on a haystack of ASCII characters only, it
/// matches exactly where `hir` does, with the same groups, and it compiles
/// without the UTF-8 automata of the Unicode classes.
pub(crate) fn cut_to_ascii(hir: &Hir) -> Hir {
    reshape(hir, Cut::AsciiGroups)
}

/// `hir` changed as `cut` says, its groups left out (nothing here reads
/// captures) but with [`Cut::AsciiGroups`].
fn reshape(hir: &Hir, cut: Cut) -> Hir {
    match hir.kind() {
        HirKind::Empty | HirKind::Literal(_) => hir.clone(),
        // (the new classes are made from the ranges up to U+007F, not by
        // cutting or joining the whole class: `\p{L}` has hundreds)
        HirKind::Class(Class::Unicode(c)) => {
            let beyond = c.ranges().last().is_some_and(|r| r.end() > '\x7f');
            if !beyond {
                return hir.clone();
            }
            let ascii = (c.ranges().iter())
                .take_while(|r| r.start() <= '\x7f')
                .map(|r| ClassUnicodeRange::new(r.start(), r.end().min('\x7f')));
            let wide = (cut == Cut::Wide).then(|| ClassUnicodeRange::new('\u{80}', char::MAX));
            Hir::class(Class::Unicode(ClassUnicode::new(ascii.chain(wide))))
        }
        HirKind::Class(Class::Bytes(c)) => {
            let beyond = c.ranges().last().is_some_and(|r| r.end() > 0x7f);
            if !beyond {
                return hir.clone();
            }
            let ascii = (c.ranges().iter())
                .take_while(|r| r.start() <= 0x7f)
                .map(|r| ClassBytesRange::new(r.start(), r.end().min(0x7f)));
            let wide = (cut == Cut::Wide).then(|| ClassBytesRange::new(0x80, 0xff));
            Hir::class(Class::Bytes(ClassBytes::new(ascii.chain(wide))))
        }
        HirKind::Look(look) => match (cut, ascii_word_look(*look)) {
            (_, None) => hir.clone(),
            (Cut::Ascii | Cut::AsciiGroups, Some(ascii)) => Hir::look(ascii),
            (Cut::Wide, Some(_)) => Hir::empty(),
        },
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            min: rep.min,
            max: rep.max,
            greedy: rep.greedy,
            sub: Box::new(reshape(&rep.sub, cut)),
        }),
        HirKind::Capture(cap) if cut == Cut::AsciiGroups => Hir::capture(Capture {
            sub: Box::new(reshape(&cap.sub, cut)),
            ..cap.clone()
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
            // line prefixes
            "Photo: AP",
            "Photo: Zoë O’Brien",
            "© 2026 Zoë O’Brien",
            "©",
            "Foto: dpa",
            "Lesen Sie auch: Überblick",
            "A Photo: no prefix",
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
                let prefixed = rules.boiler_prefixes.iter().any(|p| line.starts_with(p));
                assert_eq!(b.is_line(line), prefixed || each, "{line:?}");
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
                let prefixed = rules.boiler_prefixes.iter().any(|p| line.starts_with(p));
                assert_eq!(b.is_line(line), prefixed || each, "{lang:?}: {line:?}");
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
        let prefixes = ["Foto:".to_string(), "©".to_string()];
        let b = b.with_prefixes(&prefixes);
        assert!(b.is_line("Foto: dpa") && b.is_line("Photo: AP") && b.is_line("© Zoë"));
        assert!(!b.is_line("Advertisement") && !b.any_match("Foto: dpa"));
    }

    /// Prefixes are asked with the patterns, and only by `is_line`.
    #[test]
    fn prefixes_are_lines_not_patterns() {
        let prefixes = ["Foto:".to_string(), "©".to_string()];
        let b = patterns(&[r"^By\s+\p{Lu}"]).with_prefixes(&prefixes);
        for line in ["Foto: dpa", "© Zoë", "©", "By Ann", "By Åsa"] {
            assert!(b.is_line(line), "{line:?}");
        }
        for line in ["A Foto: dpa", "Zoë ©", "By ann", "by Ann"] {
            assert!(!b.is_line(line), "{line:?}");
        }
        assert!(!b.any_match("Foto: dpa") && !b.any_match("© Zoë"));
        assert!(b.any_match("By Åsa") && b.any_match("By Ann"));
        assert!(matches!(b.sieve.get(), Some(Some(_))), "no sieve");
        assert!(!patterns(&[]).is_line("Foto: dpa"));
        assert!(patterns(&[]).with_prefixes(&prefixes).is_line("Foto: dpa"));
    }
}
