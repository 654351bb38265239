//! Metadata from the head of a plain-text article: a `date 2026-03-05`
//! first line, a `By NAME` byline (an author), a `Source: ANI` credit (the
//! agency or outlet the text came from), a printed date such as
//! `March 04, 2026`, and a headline.
//!
//! Only the first lines are read, and the text itself is never changed, so
//! record offsets still refer to the file as it is.

use super::FixedRegex;
use crate::record::ArticleMeta;

/// How many non-empty lines at the top of an article count as its header.
const HEADER_LINES: usize = 15;

/// Quotation marks, which may close a line after its punctuation.
const QUOTES: &[char] = &['"', '“', '”', '\'', '‘', '’', '«', '»'];

/// How many lines (after a `date` line) may hold the headline.
const TITLE_LINES: usize = 3;

/// `date 2026-03-05` at the start of the first line (what the seed
/// articles' crawler writes), possibly followed by page chrome.
static DATE_LINE: FixedRegex = FixedRegex::new(r"^date\s+(\d{4}-\d{2}-\d{2})\b");

/// A byline: `By Jane Doe`, `By Jane Doe and John Roe`, `By Jane Doe | Reuters`.
/// What follows a separator is an affiliation of at most four words.
static BYLINE: FixedRegex = FixedRegex::new(
    r"^(?i:by)\s+(\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|and|&|de|van|von|bin|al)){0,6})\s*(?:$|[|,•·–—-]\s*(?:\S+\s*){1,4}$)",
);

/// A credit line: `Source: ANI`, `Source: Reuters - Edited By: ...`.
static SOURCE: FixedRegex =
    FixedRegex::new(r"^(?i:source)\s*:\s*([^|\n]+?)\s*(?:$|\s[|–—-]\s|\s{2,})");

/// A printed date: `Mar 05, 2026`, `March 04, 2026 20:02 IST`, `5 March 2026`.
static PRINTED_DATE: FixedRegex = FixedRegex::new(
    r"(?i)\b(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})|(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4}))\b",
);

/// Reads what the top of a plain-text article says about it. Unknown
/// fields stay `None`.
pub fn parse(text: &str) -> ArticleMeta {
    let mut meta = ArticleMeta::default();
    // (split at each `\n` found with memchr: the trim takes a `\r` before
    // it, as `str::lines` would)
    let mut start = 0;
    let breaks = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]);
    let mut lines = breaks
        .map(|end| {
            let line = &text[start..end];
            start = end + 1;
            line.trim()
        })
        .filter(|l| !l.is_empty())
        .take(HEADER_LINES)
        .peekable();
    if let Some(first) = lines.peek() {
        if let Some(c) = first
            .starts_with("date")
            .then(|| DATE_LINE.captures(first))
            .flatten()
        {
            meta.date = c.get(1).map(str::to_string);
            lines.next();
        }
    }
    // The headline is looked for among the first lines, before any
    // sentence: a text without a header starts with its body.
    let mut title_open = true;
    for (i, line) in lines.enumerate() {
        if i >= TITLE_LINES {
            title_open = false;
        }
        if meta.author.is_none() && !line.ends_with('.') && may_be_byline(line) {
            if let Some(c) = BYLINE.captures(line) {
                meta.author = c.get(1).map(tidy_name);
                continue;
            }
        }
        if meta.outlet.is_none() && may_be_source(line) {
            if let Some(c) = SOURCE.captures(line) {
                meta.outlet = c.get(1).map(|o| o.trim().to_string());
                continue;
            }
        }
        if meta.date.is_none() {
            if let Some(d) = printed_date(line) {
                meta.date = Some(d);
                continue;
            }
        }
        if title_open && meta.title.is_none() && looks_like_headline(line) {
            meta.title = Some(line.to_string());
        }
        if ends_sentence(line) {
            title_open = false;
        }
    }
    meta
}

/// Fills the fields of `meta` that are still unknown from `more`.
pub fn fill_gaps(meta: &mut ArticleMeta, more: ArticleMeta) {
    let ArticleMeta {
        title,
        url,
        date,
        outlet,
        author,
        lang,
    } = more;
    meta.title = meta.title.take().or(title);
    meta.url = meta.url.take().or(url);
    meta.date = meta.date.take().or(date);
    meta.outlet = meta.outlet.take().or(outlet);
    meta.author = meta.author.take().or(author);
    meta.lang = meta.lang.take().or(lang);
}

fn tidy_name(name: &str) -> String {
    name.trim_end_matches([',', ' ', '&'])
        .trim_end_matches(" and")
        .trim()
        .to_string()
}

/// A printed date as ISO `YYYY-MM-DD`, when the line is mostly a date (a
/// date inside a sentence is not the article's date).
fn printed_date(line: &str) -> Option<String> {
    // (the word count stops at the ninth word: a long line is no date)
    if line.ends_with('.') || line.split_whitespace().nth(8).is_some() || !may_hold_date(line) {
        return None;
    }
    let c = PRINTED_DATE.captures(line)?;
    let (month, day, year) = match (c.get(1), c.get(5)) {
        (Some(m), _) => (m, c.get(2)?, c.get(3)?),
        (None, Some(m)) => (m, c.get(4)?, c.get(6)?),
        (None, None) => return None,
    };
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = months.iter().position(|m| m.eq_ignore_ascii_case(month))? + 1;
    let day: u32 = day.parse().ok()?;
    if !(1..=31).contains(&day) {
        return None;
    }
    Some(format!("{year}-{month:02}-{day:02}"))
}

/// A headline: several words, one sentence without a closing full stop,
/// not a quotation on its own, not a shouted menu, not too long.
fn looks_like_headline(line: &str) -> bool {
    // the cheap tests first; a long line stops the word count early
    let words = line.split_whitespace().take(26).count();
    if !(3..=25).contains(&words) || line.chars().nth(200).is_some() {
        return false;
    }
    let bare = line.trim_end_matches(QUOTES).trim_end_matches([')', ']']);
    let quotation = line.starts_with(QUOTES) && line.ends_with(QUOTES);
    if bare.ends_with(['.', ',', ';', ':']) || quotation {
        return false;
    }
    let mut letters = line.chars().filter(|c| c.is_alphabetic()).peekable();
    if letters.peek().is_some() && letters.all(|c| !c.is_lowercase()) {
        return false; // shouting: a menu
    }
    !(may_break_sentence(line) && SENTENCE_BREAK.is_match(line))
}

/// Whether a line ends like a sentence (`.`, `?` or `!`, maybe inside
/// quotation marks).
fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(QUOTES).ends_with(['.', '?', '!'])
}

// Cheap tests that must hold wherever the header regexes match, so that
// most lines (and most articles) never build those regexes: their Unicode
// classes cost more to compile than a whole article costs to read.

/// [`BYLINE`] opens with `by` in either case (no other character folds
/// to `b` or `y`), and holds at most 13 words: `by`, seven of the name, a
/// separator and four of an affiliation (a body paragraph that opens with
/// "By contrast, …" never reaches the regex).
fn may_be_byline(line: &str) -> bool {
    line.as_bytes()
        .get(..2)
        .is_some_and(|b| b.eq_ignore_ascii_case(b"by"))
        && line.split_whitespace().nth(13).is_none()
}

/// [`SOURCE`] opens with `source` in any case (the long s `ſ` folds to
/// `s`) and holds a colon.
fn may_be_source(line: &str) -> bool {
    line.starts_with(['s', 'S', 'ſ']) && line.contains(':')
}

/// [`PRINTED_DATE`] holds a day of one or two digits and a year of four:
/// five digits at least (`\d` is a decimal digit, which is numeric).
fn may_hold_date(line: &str) -> bool {
    line.chars().filter(|c| c.is_numeric()).nth(4).is_some()
}

/// [`SENTENCE_BREAK`] needs `.`, `!` or `?`, maybe a closing mark, then a
/// space.
fn may_break_sentence(line: &str) -> bool {
    line.match_indices(['.', '!', '?']).any(|(i, _)| {
        let mut rest = line[i + 1..].chars();
        match rest.next() {
            Some('"' | '”' | '’') => rest.next().is_some_and(char::is_whitespace),
            c => c.is_some_and(char::is_whitespace),
        }
    })
}

/// The end of one sentence and the start of another.
static SENTENCE_BREAK: FixedRegex = FixedRegex::new(r#"[.!?]["”’]?\s+["“‘]?\p{Lu}"#);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::fixed_regex;

    #[test]
    fn seed_style_header() {
        let text = " date 2026-03-05 LOADING...\nUS officials deny talks\n\nBy Jane Roe\nMar 05, 2026\n\nBody text here. More.\n";
        let m = parse(text);
        assert_eq!(m.date.as_deref(), Some("2026-03-05"));
        assert_eq!(m.author.as_deref(), Some("Jane Roe"));
        assert_eq!(m.title.as_deref(), Some("US officials deny talks"));
        assert_eq!(m.outlet, None);
    }

    #[test]
    fn source_credit_is_the_outlet() {
        let m = parse("Headline of the day here\n\nSource: ANI  -  Edited By: Some One\nMarch 04, 2026 20:02 IST\n");
        assert_eq!(m.outlet.as_deref(), Some("ANI"));
        assert_eq!(m.date.as_deref(), Some("2026-03-04"));
        // "Edited By" is an editor, not a byline.
        assert_eq!(m.author, None);
    }

    #[test]
    fn byline_with_agency_and_two_names() {
        assert_eq!(
            parse("By Jane Roe and John Doe | Reuters\n")
                .author
                .as_deref(),
            Some("Jane Roe and John Doe")
        );
        assert_eq!(
            parse("By Jane Roe, Reuters\n").author.as_deref(),
            Some("Jane Roe")
        );
    }

    #[test]
    fn sentences_are_not_bylines_dates_or_titles() {
        let m = parse("By the end of March 5, 2026, talks had stalled completely.\n");
        assert_eq!(m.author, None);
        assert_eq!(m.date, None);
        assert_eq!(m.title, None);
    }

    #[test]
    fn quotations_and_sentences_are_not_titles() {
        assert_eq!(
            parse("“I don’t care,” Trump said. “He can be there.”\n").title,
            None
        );
        assert_eq!(parse("“We have to do something about it.”\n").title, None);
        assert_eq!(parse("Your daily look at the news of today:\n").title, None);
        assert_eq!(
            parse("Can AI Judge Economic Risk? IMF Tests GPT\n").title,
            None,
            "two sentences"
        );
        assert_eq!(
            parse("Can AI judge economic risk?\n").title.as_deref(),
            Some("Can AI judge economic risk?")
        );
        // After the first sentence the body has begun.
        let m = parse("Talks resumed on Monday.\nWhat comes next for the talks\n");
        assert_eq!(m.title, None);
        let m = parse("one\ntwo\nthree\nA headline on line four\n");
        assert_eq!(m.title, None);
    }

    /// Each cheap test holds wherever its regex matches: checked on lines
    /// around every case the regexes are written for, and on the first
    /// character of every code point that case-folds to a letter they open
    /// with.
    #[test]
    fn the_cheap_tests_hold_wherever_the_regexes_match() {
        let lines = [
            "By Jane Roe",
            "by JANE ROE and John Doe | Reuters",
            "BY Jane",
            "By Ann Bea Cy De Ed Fa Gi | a b c d",
            "By Ann Bea Cy De Ed Fa Gi Ho | a b c d",
            "By Ann Bea Cy De Ed Fa Gi, a b c d e",
            "Source: ANI",
            "SOURCE : Reuters - Edited",
            "ſource: x",
            "Mar 05, 2026",
            "5 March 2026",
            "March 04, 2026 20:02 IST",
            "Can AI Judge Economic Risk? IMF Tests GPT",
            "It ended.\u{a0}Then",
            "He said \"No.\" Then",
            "Stop!” Now",
            "date 2026-03-05 x",
            "Nothing here at all",
        ];
        for line in lines {
            if BYLINE.is_match(line) {
                assert!(may_be_byline(line), "{line}");
            }
            if SOURCE.is_match(line) {
                assert!(may_be_source(line), "{line}");
            }
            if PRINTED_DATE.is_match(line) {
                assert!(may_hold_date(line), "{line}");
            }
            if SENTENCE_BREAK.is_match(line) {
                assert!(may_break_sentence(line), "{line}");
            }
            if DATE_LINE.is_match(line) {
                assert!(line.starts_with("date"), "{line}");
            }
        }
        assert!(may_be_byline("By Jane Roe") && SOURCE.is_match("ſource: x"));
        assert!(!may_hold_date("In 2016 it rained") && !may_break_sentence("U.S.A"));
        // which characters open a byline or a credit, case folded
        let b = fixed_regex("^(?i:b)$");
        let y = fixed_regex("^(?i:y)$");
        let s = fixed_regex("^(?i:s)$");
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let one = c.to_string();
            if b.is_match(&one) || y.is_match(&one) {
                assert!(c.is_ascii(), "{c:?}");
            }
            if s.is_match(&one) {
                assert!(['s', 'S', 'ſ'].contains(&c), "{c:?}");
            }
        }
    }

    /// On a line of ASCII only, each header regex cut to ASCII finds the
    /// match and the groups the pattern as written finds.
    #[test]
    fn ascii_lines_match_as_the_patterns_do() {
        let lines = [
            "By Jane Roe",
            "by JANE ROE and John Doe | Reuters",
            "By Jane de Roe, Staff Writer at Large Here",
            "By the way",
            "Source: ANI",
            "SOURCE : Reuters - Edited By: Desk",
            "Source:  Wire  staff",
            "Mar 05, 2026",
            "5 March 2026, 10:02",
            "Sept. 5, 2026",
            "Can AI Judge Economic Risk? IMF Tests GPT",
            "He said \"No.\" Then",
            "date 2026-03-05 x",
            "date 2026-03-05x",
            "Nothing here at all",
        ];
        for re in [&BYLINE, &SOURCE, &PRINTED_DATE, &SENTENCE_BREAK, &DATE_LINE] {
            let full = regex::Regex::new(re.pattern).unwrap();
            for line in lines {
                let want = full.captures(line).map(|c| {
                    (c.iter())
                        .map(|g| g.map(|g| g.as_str()))
                        .collect::<Vec<_>>()
                });
                let got = re.captures(line).map(|c| {
                    (0..want.as_ref().map_or(0, Vec::len))
                        .map(|i| c.get(i))
                        .collect::<Vec<_>>()
                });
                assert_eq!(got, want, "{} on {line:?}", re.pattern);
            }
        }
    }

    #[test]
    fn menus_are_not_titles() {
        assert_eq!(parse("HOME NEWS BUSINESS SPORTS\nLeft Menu\n").title, None);
    }
}
