//! JSONL feeds: one article per line, as crawlers such as news-please and
//! trafilatura write them.
//!
//! The common field names are accepted: the text from `text`, `maintext` or
//! `content`; `title`; `url`; the date from `date`, `date_publish` or
//! `published`; the outlet from `source_domain`, `hostname`, `sitename` or
//! `publisher`; the author from `author` or `authors`; the id from `id`.
//! Each article's `doc` is its id, else its URL, else `file:line`.
//!
//! A malformed line (bad JSON, a raw NUL byte) is reported with its line
//! number and skipped; the other lines are still read. A text that is itself HTML (an RSS `content`) is
//! reduced to its article text first.

use super::{header, html, Article, InputWarning};
use crate::record::ArticleMeta;
use serde_json::{Map, Value};

/// Field names for the article text, in order of preference.
const TEXT_FIELDS: &[&str] = &["text", "maintext", "content"];
const TITLE_FIELDS: &[&str] = &["title"];
const URL_FIELDS: &[&str] = &["url"];
const DATE_FIELDS: &[&str] = &["date", "date_publish", "published"];
const OUTLET_FIELDS: &[&str] = &["source_domain", "hostname", "sitename", "publisher"];
const AUTHOR_FIELDS: &[&str] = &["author", "authors"];
/// The fields a feed article may declare its language in (`--lang auto`).
const LANG_FIELDS: &[&str] = &["lang", "language", "inLanguage"];

/// Reads a JSONL feed; `name` is the file as given (for `file:line` docs
/// and warnings).
pub fn read(name: &str, text: &str) -> (Vec<Article>, Vec<InputWarning>) {
    read_from(name, text, 1)
}

/// Reads whole lines of a JSONL feed that start at line `first_line` of
/// the file (a feed is read in parts, so memory does not grow with it).
pub fn read_from(name: &str, text: &str, first_line: usize) -> (Vec<Article>, Vec<InputWarning>) {
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    // A byte-order mark is not part of the first object.
    let text = if first_line == 1 {
        text.strip_prefix('\u{feff}').unwrap_or(text)
    } else {
        text
    };
    for (i, line) in text.lines().enumerate() {
        let line_no = first_line + i;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let warn = |message: String| InputWarning {
            doc: format!("{name}:{line_no}"),
            message,
        };
        if let Some(at) = line.find('\0') {
            // raw binary on one line: that line only is lost
            warnings.push(warn(format!(
                "NUL byte at column {} (binary data, not JSON); skipped",
                line[..at].chars().count() + 1
            )));
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(obj)) => match article(name, line_no, &obj) {
                Ok(a) => articles.push(a),
                Err(message) => warnings.push(warn(message)),
            },
            Ok(_) => warnings.push(warn("line is not a JSON object; skipped".into())),
            Err(e) => {
                // serde_json counts lines within the one line it was given.
                let what = e.to_string();
                let what = what.split(" at line ").next().unwrap_or_default();
                warnings.push(warn(format!(
                    "malformed JSON at column {}: {what}; skipped",
                    e.column()
                )));
            }
        }
    }
    (articles, warnings)
}

/// Whether bytes look like a JSONL feed: the first line is a JSON object.
pub fn sniff(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let rest = &bytes[start..];
    if rest.first() != Some(&b'{') {
        return false;
    }
    let end = memchr::memchr(b'\n', rest).unwrap_or(rest.len());
    serde_json::from_slice::<Map<String, Value>>(&rest[..end]).is_ok()
}

fn article(name: &str, line_no: usize, obj: &Map<String, Value>) -> Result<Article, String> {
    let (field, raw) = TEXT_FIELDS
        .iter()
        .find_map(|f| match obj.get(*f) {
            Some(Value::Null) | None => None,
            Some(v) => Some((*f, v)),
        })
        .ok_or_else(|| {
            format!(
                "no article text (expected one of the fields {}); skipped",
                TEXT_FIELDS.join(", ")
            )
        })?;
    let raw = raw
        .as_str()
        .ok_or_else(|| format!("field `{field}` is not a string; skipped"))?;
    let mut meta = ArticleMeta {
        title: string_field(obj, TITLE_FIELDS),
        url: string_field(obj, URL_FIELDS),
        date: string_field(obj, DATE_FIELDS),
        outlet: string_field(obj, OUTLET_FIELDS),
        author: string_field(obj, AUTHOR_FIELDS),
        lang: string_field(obj, LANG_FIELDS),
    };
    let text = if html::sniff(raw.as_bytes()) {
        let page = html::extract(raw);
        header::fill_gaps(&mut meta, page.meta);
        page.text
    } else {
        raw.to_string()
    };
    header::fill_gaps(&mut meta, header::parse(&text));
    let doc = match obj.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => meta
            .url
            .clone()
            .unwrap_or_else(|| format!("{name}:{line_no}")),
    };
    Ok(Article { doc, text, meta })
}

/// The first of `fields` holding a non-empty string, number, or list of
/// strings (joined with ", ", as news-please writes `authors`).
fn string_field(obj: &Map<String, Value>, fields: &[&str]) -> Option<String> {
    fields.iter().find_map(|f| match obj.get(*f)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Array(items) => {
            let parts: Vec<&str> = items
                .iter()
                .filter_map(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_aliases_and_docs() {
        let feed = concat!(
            r#"{"id": "a1", "text": "One.", "title": "T", "url": "https://x.org/1", "date": "2026-01-01", "hostname": "x.org", "author": "Ann"}"#,
            "\n",
            r#"{"maintext": "Two.", "url": "https://y.org/2", "date_publish": "2026-01-02 10:00:00", "source_domain": "y.org", "authors": ["Bo", "Cy"]}"#,
            "\n\n",
            r#"{"content": "Three.", "published": "2026-01-03", "sitename": "Z"}"#,
            "\n",
        );
        let (arts, warns) = read("feed.jsonl", feed);
        assert!(warns.is_empty(), "{warns:?}");
        let docs: Vec<&str> = arts.iter().map(|a| a.doc.as_str()).collect();
        assert_eq!(docs, ["a1", "https://y.org/2", "feed.jsonl:4"]);
        assert_eq!(arts[1].text, "Two.");
        assert_eq!(arts[1].meta.date.as_deref(), Some("2026-01-02 10:00:00"));
        assert_eq!(arts[1].meta.outlet.as_deref(), Some("y.org"));
        assert_eq!(arts[1].meta.author.as_deref(), Some("Bo, Cy"));
        assert_eq!(arts[2].meta.outlet.as_deref(), Some("Z"));
        assert_eq!(arts[0].meta.title.as_deref(), Some("T"));
    }

    #[test]
    fn bad_lines_are_reported_and_skipped() {
        let feed = "{\"text\": \"ok\"}\n{not json\n[1, 2]\n{\"title\": \"no text\"}\n{\"text\": 5}\n{\"id\": 7, \"text\": \"fine\"}\n";
        let (arts, warns) = read("f.jsonl", feed);
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[1].doc, "7");
        let at: Vec<&str> = warns.iter().map(|w| w.doc.as_str()).collect();
        assert_eq!(at, ["f.jsonl:2", "f.jsonl:3", "f.jsonl:4", "f.jsonl:5"]);
        assert!(warns[0].message.contains("malformed JSON"));
        assert!(warns[2].message.contains("no article text"));
        assert!(warns[3].message.contains("not a string"));
    }

    #[test]
    fn a_nul_byte_costs_only_its_line() {
        let feed = "{\"text\": \"one\"}\n{\"text\": \"t\0wo\"}\n\0\0\n{\"text\": \"three\"}\n";
        let (arts, warns) = read("f.jsonl", feed);
        let texts: Vec<&str> = arts.iter().map(|a| a.text.as_str()).collect();
        assert_eq!(texts, ["one", "three"]);
        let at: Vec<&str> = warns.iter().map(|w| w.doc.as_str()).collect();
        assert_eq!(at, ["f.jsonl:2", "f.jsonl:3"]);
        assert!(
            warns[0].message.starts_with("NUL byte at column 12"),
            "{warns:?}"
        );
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let (arts, warns) = read("f", "\u{feff}{\"text\": \"a\"}\n");
        assert!(warns.is_empty());
        assert_eq!(arts[0].text, "a");
    }

    #[test]
    fn html_content_is_reduced_to_text() {
        let feed = r#"{"content": "<div><p>Hello <b>there</b>.</p><nav>Menu</nav></div>"}"#;
        let (arts, _) = read("f", feed);
        assert_eq!(arts[0].text, "Hello there.\n");
    }

    #[test]
    fn sniffing() {
        assert!(sniff(b"\n{\"text\": \"a\"}\n{\"text\"}"));
        assert!(!sniff(b"{not json}\n"));
        assert!(sniff("\u{feff}{\"text\": \"a\"}\n".as_bytes()));
        assert!(!sniff(b"Plain text {\"a\": 1}"));
    }
}
