//! `--format table`: a terminal table for a person reviewing an article.
//!
//! Each article gets a heading (its doc and number of quotes, title, date,
//! outlet, author and URL), then one line per quote: speaker, cue and quote,
//! each cut with `…` so a line never exceeds the terminal width (`COLUMNS`,
//! else 100 columns). Widths are counted in characters.

use crate::record::{ArticleMeta, Record};
use std::io::{self, Write};

/// The width used when `COLUMNS` is unset or not a number.
pub const DEFAULT_WIDTH: usize = 100;
/// Narrower terminals are drawn as if they were this wide.
const MIN_WIDTH: usize = 40;
/// The speaker column's widest.
const SPEAKER_MAX: usize = 24;
/// The cue column's widest.
const CUE_MAX: usize = 16;
/// Space between columns.
const GAP: &str = "  ";

/// The terminal width: `COLUMNS` when it is a number, else [`DEFAULT_WIDTH`].
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .unwrap_or(DEFAULT_WIDTH)
}

/// A table printed one article at a time.
#[derive(Debug)]
pub struct Table {
    width: usize,
    /// The article being collected: its doc, metadata and records.
    current: Option<(String, ArticleMeta, Vec<Record>)>,
    /// Whether an article has been printed (articles are separated by a
    /// blank line).
    printed: bool,
}

impl Table {
    /// A table `width` columns wide (at least 40).
    pub fn new(width: usize) -> Table {
        Table {
            width: width.max(MIN_WIDTH),
            current: None,
            printed: false,
        }
    }

    /// Prints the previous article and starts collecting `doc`.
    pub fn begin_article(
        &mut self,
        doc: &str,
        meta: &ArticleMeta,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.flush(out)?;
        self.current = Some((doc.to_string(), meta.clone(), Vec::new()));
        Ok(())
    }

    /// Adds a record; a record of another doc starts a new article.
    pub fn write(&mut self, rec: &Record, out: &mut dyn Write) -> io::Result<()> {
        if !matches!(&self.current, Some((doc, _, _)) if *doc == rec.doc) {
            self.begin_article(&rec.doc, &rec.meta, out)?;
        }
        if let Some((_, _, recs)) = &mut self.current {
            recs.push(rec.clone());
        }
        Ok(())
    }

    /// Prints the last article.
    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.flush(out)
    }

    fn flush(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let Some((doc, meta, recs)) = self.current.take() else {
            return Ok(());
        };
        if self.printed {
            writeln!(out)?;
        }
        self.printed = true;
        for line in heading(&doc, &meta, recs.len()) {
            writeln!(out, "{}", cut(&line, self.width))?;
        }
        if recs.is_empty() {
            return Ok(());
        }
        let rows: Vec<[String; 3]> = recs.iter().map(row).collect();
        let col = |i: usize, title: &str, max: usize| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([title.chars().count()])
                .max()
                .unwrap_or(0)
                .min(max)
        };
        let speaker_w = col(0, "SPEAKER", SPEAKER_MAX);
        let cue_w = col(1, "CUE", CUE_MAX);
        let quote_w = self
            .width
            .saturating_sub(speaker_w + cue_w + 2 * GAP.len())
            .max(10);
        let line = |cells: [&str; 3]| {
            let text = format!(
                "{}{GAP}{}{GAP}{}",
                pad(&cut(cells[0], speaker_w), speaker_w),
                pad(&cut(cells[1], cue_w), cue_w),
                cut(cells[2], quote_w)
            );
            text.trim_end().to_string()
        };
        writeln!(out, "{}", line(["SPEAKER", "CUE", "QUOTE"]))?;
        let rule = [
            "─".repeat(speaker_w),
            "─".repeat(cue_w),
            "─".repeat(quote_w),
        ];
        writeln!(out, "{}", line([&rule[0], &rule[1], &rule[2]]))?;
        for r in &rows {
            writeln!(out, "{}", line([&r[0], &r[1], &r[2]]))?;
        }
        Ok(())
    }
}

/// The heading lines of an article: `== doc (N quotes)`, its title, then
/// what else is known of it.
fn heading(doc: &str, meta: &ArticleMeta, quotes: usize) -> Vec<String> {
    let count = match quotes {
        1 => "1 quote".to_string(),
        n => format!("{n} quotes"),
    };
    let mut lines = vec![format!("== {} ({count})", one_line(doc))];
    if let Some(t) = &meta.title {
        lines.push(one_line(t));
    }
    let facts: Vec<String> = [&meta.date, &meta.outlet, &meta.author, &meta.url]
        .into_iter()
        .flatten()
        .map(|s| one_line(s))
        .collect();
    if !facts.is_empty() {
        lines.push(facts.join(" · "));
    }
    lines
}

/// The speaker, cue and quote cells of a record.
fn row(rec: &Record) -> [String; 3] {
    let speaker = rec
        .speaker
        .as_ref()
        .map(|s| one_line(&s.name))
        .unwrap_or_else(|| "?".to_string());
    let cue = rec
        .cue
        .as_ref()
        .map(|c| one_line(&c.text))
        .unwrap_or_default();
    [speaker, cue, one_line(&rec.quote)]
}

/// Whitespace (line breaks, tabs) and control characters as single spaces.
fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `s` cut to `width` characters, ending with `…` when cut.
fn cut(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
    t.truncate(t.trim_end().len());
    t.push('…');
    t
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cutting_counts_characters() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("ab  cdef", 4), "ab…");
        assert_eq!(cut("ééé", 3), "ééé");
        assert_eq!(one_line("a\n b\tc"), "a b c");
    }
}
