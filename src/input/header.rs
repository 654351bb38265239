//! Metadata from the head of a plain-text article: a `date 2026-03-05`
//! first line, a `By NAME` byline (an author), a `Source: ANI` credit (the
//! agency or outlet the text came from), a printed date such as
//! `March 04, 2026`, and a headline.
//!
//! Only the first lines are read, and the text itself is never changed, so
//! record offsets still refer to the file as it is.

use super::fixed_regex;
use crate::record::ArticleMeta;
use regex::Regex;
use std::sync::LazyLock;

/// How many non-empty lines at the top of an article count as its header.
const HEADER_LINES: usize = 15;

/// Quotation marks, which may close a line after its punctuation.
const QUOTES: &[char] = &['"', '“', '”', '\'', '‘', '’', '«', '»'];

/// How many lines (after a `date` line) may hold the headline.
const TITLE_LINES: usize = 3;

/// `date 2026-03-05` at the start of the first line (what the seed
/// articles' crawler writes), possibly followed by page chrome.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| fixed_regex(r"^date\s+(\d{4}-\d{2}-\d{2})\b"));

/// A byline: `By Jane Doe`, `By Jane Doe and John Roe`, `By Jane Doe | Reuters`.
/// What follows a separator is an affiliation of at most four words.
static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    fixed_regex(
        r"^(?i:by)\s+(\p{Lu}[\p{L}.'’-]*(?:\s+(?:\p{Lu}[\p{L}.'’-]*|and|&|de|van|von|bin|al)){0,6})\s*(?:$|[|,•·–—-]\s*(?:\S+\s*){1,4}$)",
    )
});

/// A credit line: `Source: ANI`, `Source: Reuters - Edited By: ...`.
static SOURCE: LazyLock<Regex> =
    LazyLock::new(|| fixed_regex(r"^(?i:source)\s*:\s*([^|\n]+?)\s*(?:$|\s[|–—-]\s|\s{2,})"));

/// A printed date: `Mar 05, 2026`, `March 04, 2026 20:02 IST`, `5 March 2026`.
static PRINTED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    fixed_regex(
        r"(?i)\b(?:(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})|(\d{1,2})\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4}))\b",
    )
});

/// Reads what the top of a plain-text article says about it. Unknown
/// fields stay `None`.
pub fn parse(text: &str) -> ArticleMeta {
    let mut meta = ArticleMeta::default();
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(HEADER_LINES)
        .peekable();
    if let Some(first) = lines.peek() {
        if let Some(c) = DATE_LINE.captures(first) {
            meta.date = Some(c[1].to_string());
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
        if meta.author.is_none() && !line.ends_with('.') {
            if let Some(c) = BYLINE.captures(line) {
                meta.author = Some(tidy_name(&c[1]));
                continue;
            }
        }
        if meta.outlet.is_none() {
            if let Some(c) = SOURCE.captures(line) {
                meta.outlet = Some(c[1].trim().to_string());
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
    if line.split_whitespace().count() > 8 || line.ends_with('.') {
        return None;
    }
    let c = PRINTED_DATE.captures(line)?;
    let (month, day, year) = match (c.get(1), c.get(5)) {
        (Some(m), _) => (m.as_str(), c.get(2)?.as_str(), c.get(3)?.as_str()),
        (None, Some(m)) => (m.as_str(), c.get(4)?.as_str(), c.get(6)?.as_str()),
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
    let words = line.split_whitespace().count();
    let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
    let shouting = !letters.is_empty() && letters.iter().all(|c| !c.is_lowercase());
    let bare = line.trim_end_matches(QUOTES).trim_end_matches([')', ']']);
    let quotation = line.starts_with(QUOTES) && line.ends_with(QUOTES);
    (3..=25).contains(&words)
        && line.chars().count() <= 200
        && !bare.ends_with(['.', ',', ';', ':'])
        && !SENTENCE_BREAK.is_match(line)
        && !quotation
        && !shouting
}

/// Whether a line ends like a sentence (`.`, `?` or `!`, maybe inside
/// quotation marks).
fn ends_sentence(line: &str) -> bool {
    line.trim_end_matches(QUOTES).ends_with(['.', '?', '!'])
}

/// The end of one sentence and the start of another.
static SENTENCE_BREAK: LazyLock<Regex> =
    LazyLock::new(|| fixed_regex(r#"[.!?]["”’]?\s+["“‘]?\p{Lu}"#));

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn menus_are_not_titles() {
        assert_eq!(parse("HOME NEWS BUSINESS SPORTS\nLeft Menu\n").title, None);
    }
}
