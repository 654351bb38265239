//! The snapshot form: an article's records one per line, readable in a
//! review and read back for `whosaid snapshot --check` (and the fixture
//! snapshots of this repository).
//!
//! ```text
//! # whosaid snapshot: articles/a.txt (1 record)
//! # spans | kind | rule | speaker | title | cue | via | quote
//! 0-12 | direct | quote-speaker-cue | Trump | - | said | - | We will win,
//! ```
//!
//! `-` stands for none. In every field a line break is written `\n` and a
//! backslash `\\`; fields before the quote write `|` as `\|`, and the
//! quote, the last field, is written as it is (` | ` included).

use crate::record::{Cue, Kind, Record, Speaker, SpeakerType};

/// The column line under the heading.
pub const COLUMNS: &str = "# spans | kind | rule | speaker | title | cue | via | quote";

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

/// A field before the quote: `|` too is escaped, so ` | ` only ever
/// separates columns.
fn escape_field(s: &str) -> String {
    escape(s).replace('|', "\\|")
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn dash(s: Option<&str>) -> String {
    match s {
        None => "-".into(),
        Some(s) if s.is_empty() || s == "-" => "-".into(),
        Some(s) => escape_field(s),
    }
}

/// One record as a snapshot line.
pub fn line(rec: &Record) -> String {
    let sp = rec.speaker.as_ref();
    format!(
        "{} | {} | {} | {} | {} | {} | {} | {}",
        super::spans_text(&rec.spans),
        rec.kind.as_str(),
        escape_field(&rec.rule),
        dash(sp.map(|s| s.name.as_str())),
        dash(sp.and_then(|s| s.title.as_deref())),
        dash(rec.cue.as_ref().map(|c| c.text.as_str())),
        dash(rec.via.as_deref()),
        escape(&rec.quote)
    )
}

/// An article's snapshot: a heading, the column line, one line a record.
pub fn render(doc: &str, recs: &[Record]) -> String {
    let n = recs.len();
    let mut out = format!(
        "# whosaid snapshot: {} ({n} record{})\n{COLUMNS}\n",
        escape(doc),
        if n == 1 { "" } else { "s" }
    );
    for r in recs {
        out.push_str(&line(r));
        out.push('\n');
    }
    out
}

/// Reads a snapshot back into records of `doc` (the fields a snapshot
/// holds; speaker and cue positions are not kept). Comment and blank lines
/// are skipped; a bad line is an error naming its line number.
pub fn parse(doc: &str, text: &str) -> Result<Vec<Record>, String> {
    let mut out = Vec::new();
    for (n, l) in text.lines().enumerate() {
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        out.push(parse_line(doc, l).map_err(|e| format!("line {}: {e}", n + 1))?);
    }
    Ok(out)
}

fn parse_line(doc: &str, l: &str) -> Result<Record, String> {
    let cols: Vec<&str> = l.splitn(8, " | ").collect();
    let [spans, kind, rule, speaker, title, cue, via, quote] = cols[..] else {
        return Err(format!("expected 8 columns, found {}", cols.len()));
    };
    let spans = spans
        .split(',')
        .map(|s| {
            let (a, b) = s.split_once('-').ok_or("a span is START-END")?;
            let a = a.parse::<usize>().map_err(|_| "a span is START-END")?;
            let b = b.parse::<usize>().map_err(|_| "a span is START-END")?;
            Ok([a, b])
        })
        .collect::<Result<Vec<_>, &str>>()?;
    let kind = match kind {
        "direct" => Kind::Direct,
        "mixed" => Kind::Mixed,
        "indirect" => Kind::Indirect,
        "headline" => Kind::Headline,
        other => return Err(format!("unknown kind `{other}`")),
    };
    let opt = |s: &str| (s != "-").then(|| unescape(s));
    Ok(Record {
        doc: doc.to_string(),
        kind,
        quote: unescape(quote),
        spans,
        speaker: opt(speaker).map(|name| Speaker {
            mention: name.clone(),
            name,
            span: [0, 0],
            title: opt(title),
            kind: SpeakerType::Unknown,
        }),
        cue: opt(cue).map(|text| Cue { text, span: [0, 0] }),
        via: opt(via),
        rule: unescape(rule),
        char_spans: Vec::new(),
        meta: Default::default(),
        context: String::new(),
        lang: String::new(),
    })
}

/// The snapshot file name for a document: its path with separators as
/// `__` and anything unusual as `_`, plus `.snap`.
pub fn file_name(doc: &str) -> String {
    let doc = doc.trim_start_matches("./").trim_start_matches('/');
    let mut out = String::new();
    for c in doc.chars() {
        match c {
            '/' | '\\' => out.push_str("__"),
            c if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') => out.push(c),
            _ => out.push('_'),
        }
    }
    format!("{out}.snap")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;

    #[test]
    fn records_read_back_with_the_fields_a_diff_compares() {
        let rules = RuleSet::embedded().unwrap();
        let text = "\"We will win,\" Trump said. \"No,\" the senator told reporters.";
        let mut recs = crate::extract(&rules, "d", text);
        assert!(recs.len() >= 2);
        // the characters the form escapes or splits on, in every field
        recs[0].quote = "a | b \\ c\nd".into();
        recs[0].via = Some("Reuters | AP".into());
        if let Some(sp) = recs[1].speaker.as_mut() {
            sp.title = Some("senior\nsenator".into());
        }
        let snap = render("d", &recs);
        assert_eq!(snap.lines().count(), recs.len() + 2);
        let back = parse("d", &snap).unwrap();
        assert_eq!(back.len(), recs.len());
        for (a, b) in recs.iter().zip(&back) {
            assert!(super::super::fields(a, b).is_empty(), "{a:?}\n{b:?}");
            assert_eq!(a.quote, b.quote);
        }
        assert!(parse("d", "1-2 | direct | r\n")
            .unwrap_err()
            .starts_with("line 1:"));
        assert!(parse("d", "x | direct | r | - | - | - | - | q\n").is_err());
    }

    #[test]
    fn file_names_keep_the_path_readable() {
        assert_eq!(file_name("./news/a b.txt"), "news__a_b.txt.snap");
        assert_eq!(file_name("feed.jsonl:3"), "feed.jsonl_3.snap");
    }
}
