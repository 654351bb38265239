//! Drawing a [`RecordDiff`]: a terminal view (coloured when asked) and
//! JSON for tools. The eval figures of both sides (`--gold`) are a
//! [`GoldFigures`] table drawn after the summary.

use super::{field_value, spans_text, Change, RecordDiff};
use crate::eval::{metric_names, Report};
use crate::record::Record;
use serde::Serialize;
use std::fmt::Write as _;

/// The eval figures of the two sides on the same gold.
#[derive(Debug, Clone, Serialize)]
pub struct GoldFigures {
    pub old: Report,
    pub new: Report,
}

/// Whether to colour the terminal view: only on a terminal, and never
/// when `NO_COLOR` is set (to anything but the empty string).
pub fn use_colour(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    fn green(&self, s: &str) -> String {
        self.wrap("32", s)
    }
    fn red(&self, s: &str) -> String {
        self.wrap("31", s)
    }
    fn yellow(&self, s: &str) -> String {
        self.wrap("33", s)
    }
    fn bold(&self, s: &str) -> String {
        self.wrap("1", s)
    }
}

/// The longest quote shown on a record line, in characters.
const QUOTE_MAX: usize = 90;

fn cut(s: &str, max: usize) -> String {
    let flat = s.replace('\n', " ");
    if flat.chars().count() <= max {
        flat
    } else {
        let mut t: String = flat.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

/// One record on one line: spans, kind, rule, speaker and the quote.
pub fn record_line(rec: &Record) -> String {
    format!(
        "{} {} {}  {}: \"{}\"",
        spans_text(&rec.spans),
        rec.kind.as_str(),
        rec.rule,
        field_value(rec, "speaker"),
        cut(&rec.quote, QUOTE_MAX)
    )
}

/// The terminal view: per document the added (`+`), removed (`-`) and
/// changed (`~`, with each changed field old → new) records, then the
/// summary and, with gold, both sides' figures.
pub fn terminal(d: &RecordDiff, gold: Option<&GoldFigures>, colour: bool) -> String {
    let p = Paint(colour);
    let mut out = String::new();
    for doc in &d.docs {
        let (a, r, c) = doc.counts();
        let _ = writeln!(
            out,
            "{}",
            p.bold(&format!(
                "== {}: {a} added, {r} removed, {c} changed ({} unchanged)",
                doc.doc, doc.unchanged
            ))
        );
        for ch in &doc.changes {
            match ch {
                Change::Added { record } => {
                    let _ = writeln!(out, "{}", p.green(&format!("+ {}", record_line(record))));
                }
                Change::Removed { record } => {
                    let _ = writeln!(out, "{}", p.red(&format!("- {}", record_line(record))));
                }
                Change::Changed { new, fields, .. } => {
                    let _ = writeln!(out, "{}", p.yellow(&format!("~ {}", record_line(new))));
                    for f in fields {
                        let _ = writeln!(
                            out,
                            "    {:<8} {} → {}",
                            f.field,
                            p.red(&cut(&f.old, QUOTE_MAX + 12)),
                            p.green(&cut(&f.new, QUOTE_MAX + 12))
                        );
                    }
                }
            }
        }
        out.push('\n');
    }
    summary(&mut out, d, &p);
    if let Some(g) = gold {
        figures(&mut out, g);
    }
    out
}

/// The summary as plain text (the HTML page shows it too).
pub fn summary_text(d: &RecordDiff) -> String {
    let mut out = String::new();
    summary(&mut out, d, &Paint(false));
    out
}

/// Both sides' eval figures as plain text.
pub fn figures_text(g: &GoldFigures) -> String {
    let mut out = String::new();
    figures(&mut out, g);
    out
}

fn summary(out: &mut String, d: &RecordDiff, p: &Paint) {
    let s = &d.summary;
    let _ = writeln!(
        out,
        "{} {} added, {} removed, {} changed, {} unchanged; {} of {} documents changed",
        p.bold("Summary:"),
        s.added,
        s.removed,
        s.changed,
        s.unchanged,
        s.docs_changed,
        s.docs
    );
    if !s.fields.is_empty() {
        let fields: Vec<String> = s.fields.iter().map(|(f, n)| format!("{f} {n}")).collect();
        let _ = writeln!(out, "Changed fields: {}", fields.join(", "));
    }
    if !s.rules.is_empty() {
        let w = s
            .rules
            .keys()
            .map(|k| k.chars().count())
            .max()
            .unwrap_or(4)
            .max(4);
        let _ = writeln!(
            out,
            "{:<w$}  {:>5}  {:>7}  {:>7}",
            "Rule", "added", "removed", "changed"
        );
        for (rule, c) in &s.rules {
            let _ = writeln!(
                out,
                "{rule:<w$}  {:>5}  {:>7}  {:>7}",
                c.added, c.removed, c.changed
            );
        }
    }
}

fn figures(out: &mut String, g: &GoldFigures) {
    let _ = writeln!(
        out,
        "\nEval on the gold ({} documents):\n{:<26} {:>7} {:>7} {:>8}",
        g.new.docs, "metric", "old", "new", "change"
    );
    for name in metric_names() {
        let (Some(a), Some(b)) = (g.old.metric(&name), g.new.metric(&name)) else {
            continue;
        };
        let _ = writeln!(out, "{name:<26} {a:>7.4} {b:>7.4} {:>+8.4}", b - a);
    }
}

/// `-f json`: the diff, and with gold both reports.
pub fn json(d: &RecordDiff, gold: Option<&GoldFigures>) -> serde_json::Result<String> {
    #[derive(Serialize)]
    struct Out<'a> {
        #[serde(flatten)]
        diff: &'a RecordDiff,
        #[serde(skip_serializing_if = "Option::is_none")]
        gold: Option<&'a GoldFigures>,
    }
    let mut s = serde_json::to_string_pretty(&Out { diff: d, gold })?;
    s.push('\n');
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;

    #[test]
    fn colour_only_when_asked_and_the_text_is_the_same() {
        let rules = RuleSet::embedded().unwrap();
        let old = crate::extract(&rules, "d", "\"We will win,\" Trump said.");
        let d = super::super::diff(&old, &[]);
        let plain = terminal(&d, None, false);
        let coloured = terminal(&d, None, true);
        assert!(!plain.contains('\x1b'));
        assert!(coloured.contains("\x1b[31m- "));
        let stripped = coloured
            .replace("\x1b[0m", "")
            .replace("\x1b[1m", "")
            .replace("\x1b[31m", "")
            .replace("\x1b[32m", "")
            .replace("\x1b[33m", "");
        assert_eq!(stripped, plain);
        assert!(!use_colour(false));
    }
}
