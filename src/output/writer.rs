//! The record writers: JSON, JSONL and CSV written here record by record,
//! the table and the workbook handed to [`super::Grouped`]. The record
//! types themselves live in [`crate::record`].

use crate::record::{ArticleMeta, Cue, Kind, Record, Span, Speaker};
use serde::Serialize;
use serde_json::value::RawValue;
use std::io::{self, Write};

/// Output formats for records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
    /// An Excel workbook (bytes, not text): see [`crate::output::xlsx`].
    Xlsx,
    /// A review table for a terminal: see [`crate::output::table`].
    Table,
    /// A self-contained HTML report: see [`crate::output::html`].
    Html,
}

impl Format {
    /// Whether each record is written on its own, with nothing but a
    /// separator between records (JSON, JSONL): such records can be
    /// written apart ([`encode`]) and the bytes joined later
    /// ([`RecordWriter::write_encoded`]).
    pub fn encodes_alone(self) -> bool {
        matches!(self, Format::Json | Format::Jsonl)
    }
}

/// The error for a format whose records are not written one by one
/// (anything but JSON and JSONL: [`Format::encodes_alone`]).
pub(crate) fn not_alone(format: Format) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("{format:?} records are not written one by one"),
    )
}

/// A record as JSON and JSONL write it, with its long strings already
/// JSON where that was cheap: an article's records share one `doc`, escaped
/// once for all of them, and a `quote` or `context` with nothing to escape
/// is handed over as is ([`plain`]). The fields are [`Record`]'s, in its
/// order, and serialise to the same bytes (a test compares the two).
#[derive(Serialize)]
struct Line<'r> {
    doc: &'r RawValue,
    kind: Kind,
    quote: Str<'r>,
    spans: &'r [Span],
    speaker: &'r Option<Speaker>,
    cue: &'r Option<Cue>,
    via: &'r Option<String>,
    rule: &'r str,
    char_spans: &'r [Span],
    #[serde(flatten)]
    meta: &'r ArticleMeta,
    context: Str<'r>,
    lang: &'r str,
}

/// A string field of a [`Line`]: its JSON, or the text for serde_json to
/// escape.
#[derive(Serialize)]
#[serde(untagged)]
enum Str<'r> {
    Json(&'r RawValue),
    Text(&'r str),
}

/// What [`encode`] keeps from record to record: the last `doc` and its
/// JSON, and the buffers [`plain`] writes a quote and a context in.
#[derive(Default)]
struct Scratch {
    doc: String,
    doc_json: Option<Box<RawValue>>,
    quote: String,
    context: String,
}

impl Scratch {
    /// The [`Line`] of `rec`; its `doc` is escaped anew only when it is
    /// not the last record's.
    fn line<'s>(&'s mut self, rec: &'s Record) -> io::Result<Line<'s>> {
        let Scratch {
            doc,
            doc_json,
            quote,
            context,
        } = self;
        if doc_json.is_none() || *doc != rec.doc {
            *doc_json = Some(serde_json::value::to_raw_value(&rec.doc)?);
            rec.doc.clone_into(doc);
        }
        let doc = doc_json
            .as_deref()
            .ok_or_else(|| io::Error::other("no doc"))?;
        Ok(Line {
            doc,
            kind: rec.kind,
            quote: plain(&rec.quote, quote),
            spans: &rec.spans,
            speaker: &rec.speaker,
            cue: &rec.cue,
            via: &rec.via,
            rule: &rec.rule,
            char_spans: &rec.char_spans,
            meta: &rec.meta,
            context: plain(&rec.context, context),
            lang: &rec.lang,
        })
    }
}

/// How long a string must be for [`plain`] to look whether it needs no escape.
const PLAIN_MIN: usize = 40;

/// `s` as JSON when it holds nothing to escape: `"` + `s` + `"`, written
/// in `buf` and read back by serde_json's own parser, which refuses a
/// control character inside (a quotation mark or a backslash is looked for
/// first); otherwise the text, which serde_json then escapes as usual. Most
/// quotes and contexts hold nothing to escape, and finding that out costs
/// a fraction of serde_json's escaping, which looks at one byte at a time.
fn plain<'b>(s: &'b str, buf: &'b mut String) -> Str<'b> {
    // (for a few bytes, the look-ups cost more than escaping saves)
    if s.len() >= PLAIN_MIN && memchr::memchr2(b'"', b'\\', s.as_bytes()).is_none() {
        buf.clear();
        buf.reserve(s.len() + 2);
        buf.push('"');
        buf.push_str(s);
        buf.push('"');
        let buf: &'b String = buf;
        if let Ok(json) = serde_json::from_str::<&RawValue>(buf) {
            return Str::Json(json);
        }
    }
    Str::Text(s)
}

/// Writes one record to `out` in `format` (JSON, JSONL), without the
/// separator JSON puts before it.
fn encode_one(
    format: Format,
    rec: &Record,
    scratch: &mut Scratch,
    out: &mut impl Write,
) -> io::Result<()> {
    let line = scratch.line(rec)?;
    match format {
        Format::Jsonl => {
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")
        }
        Format::Json => {
            let text = serde_json::to_string_pretty(&line)?;
            for (i, line) in text.lines().enumerate() {
                if i > 0 {
                    out.write_all(b"\n")?;
                }
                out.write_all(b"  ")?;
                out.write_all(line.as_bytes())?;
            }
            Ok(())
        }
        _ => Err(not_alone(format)),
    }
}

/// Appends `records` to `buf` as [`RecordWriter`] writes them in `format`
/// (JSON or JSONL: [`Format::encodes_alone`]), with the separators between
/// them but none before the first. Hand the bytes to
/// [`RecordWriter::write_encoded`].
pub fn encode<'r>(
    format: Format,
    records: impl IntoIterator<Item = &'r Record>,
    buf: &mut Vec<u8>,
) -> io::Result<()> {
    let mut scratch = Scratch::default();
    for (i, rec) in records.into_iter().enumerate() {
        if format == Format::Json && i > 0 {
            buf.extend_from_slice(b",\n");
        }
        encode_one(format, rec, &mut scratch, buf)?;
    }
    Ok(())
}

/// The CSV columns, in their stable order.
pub const CSV_HEADER: [&str; 19] = [
    "doc",
    "kind",
    "speaker",
    "title",
    "mention",
    "cue",
    "quote",
    "via",
    "start",
    "end",
    "rule",
    "speaker_type",
    "article_title",
    "url",
    "date",
    "outlet",
    "author",
    "context",
    "lang",
];

/// Makes a spreadsheet treat `cell` as text: a leading `=`, `+`, `-`, `@`,
/// tab or CR would otherwise let a spreadsheet run it as a formula.
pub fn csv_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

/// Streams records in one format. JSON arrays are opened lazily and closed
/// by [`RecordWriter::finish`], so a batch can be written as it is produced.
pub struct RecordWriter<W: Write> {
    format: Format,
    out: W,
    written: usize,
    /// The state of the table and workbook formats.
    grouped: super::Grouped,
    /// What JSON and JSONL keep from record to record.
    scratch: Scratch,
}

impl<W: Write> RecordWriter<W> {
    pub fn new(format: Format, out: W) -> Self {
        RecordWriter {
            format,
            out,
            written: 0,
            grouped: super::Grouped::new(format),
            scratch: Scratch::default(),
        }
    }

    /// Announces the next article, so that the table and the workbook list
    /// articles that gave no quote too. The other formats ignore it.
    pub fn begin_article(&mut self, doc: &str, meta: &ArticleMeta) -> io::Result<()> {
        self.grouped.begin_article(doc, meta, &mut self.out)
    }

    /// Hands over the current article's text (the HTML report shows it;
    /// the other formats ignore it).
    pub fn article_text(&mut self, text: &str) {
        self.grouped.article_text(text);
    }

    /// Writes `count` records that [`encode`] wrote into `bytes`, as [`RecordWriter::write`] would write them one by
    /// one: JSON's separator before them is written here.
    pub fn write_encoded(&mut self, bytes: &[u8], count: usize) -> io::Result<()> {
        if !self.format.encodes_alone() {
            return Err(not_alone(self.format));
        }
        if count == 0 {
            return Ok(());
        }
        if self.format == Format::Json {
            self.out
                .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        }
        self.out.write_all(bytes)?;
        self.written += count;
        Ok(())
    }

    /// Writes one record.
    pub fn write(&mut self, rec: &Record) -> io::Result<()> {
        match self.format {
            Format::Jsonl => encode_one(Format::Jsonl, rec, &mut self.scratch, &mut self.out)?,
            Format::Json => {
                self.out
                    .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
                encode_one(Format::Json, rec, &mut self.scratch, &mut self.out)?;
            }
            Format::Csv => {
                if self.written == 0 {
                    self.write_csv_row(CSV_HEADER.iter().map(|s| s.to_string()).collect())?;
                }
                self.write_csv_row(csv_row(rec))?;
            }
            Format::Xlsx | Format::Table | Format::Html => {
                self.grouped.write(rec, &mut self.out)?
            }
        }
        self.written += 1;
        Ok(())
    }

    fn write_csv_row(&mut self, row: Vec<String>) -> io::Result<()> {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(row.iter().map(|c| csv_safe(c).into_owned()))
            .map_err(io::Error::other)?;
        let buf = w
            .into_inner()
            .map_err(|e| io::Error::other(e.to_string()))?;
        self.out.write_all(&buf)
    }

    /// Closes the output (the JSON array, the CSV header when no record came)
    /// and flushes it.
    pub fn finish(mut self) -> io::Result<W> {
        match self.format {
            Format::Json => {
                if self.written == 0 {
                    self.out.write_all(b"[]\n")?;
                } else {
                    self.out.write_all(b"\n]\n")?;
                }
            }
            Format::Csv if self.written == 0 => {
                self.write_csv_row(CSV_HEADER.iter().map(|s| s.to_string()).collect())?;
            }
            Format::Xlsx | Format::Table | Format::Html => self.grouped.finish(&mut self.out)?,
            _ => {}
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

/// The cells of one record, in [`CSV_HEADER`] order (CSV and xlsx).
pub(crate) fn csv_row(rec: &Record) -> Vec<String> {
    let sp = rec.speaker.as_ref();
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        rec.doc.clone(),
        rec.kind.as_str().to_string(),
        sp.map(|s| s.name.clone()).unwrap_or_default(),
        sp.and_then(|s| s.title.clone()).unwrap_or_default(),
        sp.map(|s| s.mention.clone()).unwrap_or_default(),
        rec.cue.as_ref().map(|c| c.text.clone()).unwrap_or_default(),
        rec.quote.clone(),
        opt(&rec.via),
        rec.spans
            .first()
            .map(|s| s[0].to_string())
            .unwrap_or_default(),
        rec.spans
            .last()
            .map(|s| s[1].to_string())
            .unwrap_or_default(),
        rec.rule.clone(),
        sp.map(|s| {
            serde_json::to_value(s.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default()
        })
        .unwrap_or_default(),
        opt(&rec.meta.title),
        opt(&rec.meta.url),
        opt(&rec.meta.date),
        opt(&rec.meta.outlet),
        opt(&rec.meta.author),
        rec.context.clone(),
        rec.lang.clone(),
    ]
}

/// Renders records in one format into a string (tests and small tools).
pub fn render(records: &[Record], format: Format) -> io::Result<String> {
    let mut w = RecordWriter::new(format, Vec::new());
    for r in records {
        w.write(r)?;
    }
    let buf = w.finish()?;
    String::from_utf8(buf).map_err(io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_that_look_like_formulas_are_escaped() {
        assert_eq!(csv_safe("=1+1"), "'=1+1");
        assert_eq!(csv_safe("-5"), "'-5");
        assert_eq!(csv_safe("@x"), "'@x");
        assert_eq!(csv_safe("plain"), "plain");
    }

    /// [`encode`] writes what serde_json writes for the [`Record`] itself,
    /// whether or not records share their `doc` and whatever their long
    /// strings hold, for JSONL and JSON.
    #[test]
    fn encoded_records_are_the_records_as_serde_writes_them() {
        let rules = crate::RuleSet::embedded().unwrap();
        let text = "\"Ça va,\" said Émile Roux, according to Reuters. \"We stay.\"\n\
                    The mayor said the plan was \"dead\" and\tgone.";
        let meta = ArticleMeta {
            title: Some("A \"title\"\u{1}".into()),
            url: Some("https://example.com/a\\b".into()),
            ..ArticleMeta::default()
        };
        let mut recs = crate::extract(&rules, "dir/\"a\"\\b\u{7f}é.txt", text);
        assert!(recs.len() >= 2, "{recs:?}");
        recs[0].meta = meta;
        recs[1].doc = "other".into();
        // long strings: nothing to escape, a control character, a
        // backslash that reads as an escape, a quotation mark
        let long = "Ça va, the long clean part of a quote or a context: ";
        recs[0].quote = long.repeat(2);
        recs[0].context = format!("{long}\tand a tab{long}");
        recs[1].quote = format!("{long}\\n{long}");
        recs[1].context = format!("{long}\"{long}\u{1f}");
        let mut more = recs.clone();
        more[0].doc = "other".into();
        for recs in [recs, more] {
            let mut jsonl = Vec::new();
            encode(Format::Jsonl, &recs, &mut jsonl).unwrap();
            let want: String = recs
                .iter()
                .map(|r| serde_json::to_string(r).unwrap() + "\n")
                .collect();
            assert_eq!(String::from_utf8(jsonl).unwrap(), want);
            assert_eq!(render(&recs, Format::Jsonl).unwrap(), want);
            let json = render(&recs, Format::Json).unwrap();
            let pretty = serde_json::to_string_pretty(&recs).unwrap();
            assert_eq!(json, pretty + "\n");
        }
    }

    /// Only a string with no control character, quotation mark or
    /// backslash is handed over as JSON.
    #[test]
    fn plain_takes_only_strings_with_nothing_to_escape() {
        let mut buf = String::new();
        let long = "é".repeat(PLAIN_MIN);
        let json = format!("\"{long}\"");
        assert!(matches!(plain(&long, &mut buf), Str::Json(j) if j.get() == json));
        for bad in ["\t", "\\n", "\"", "\u{0}"] {
            let text = format!("{long}{bad}");
            assert!(matches!(plain(&text, &mut buf), Str::Text(t) if t == text));
        }
    }

    #[test]
    fn empty_json_is_an_empty_array() {
        assert_eq!(render(&[], Format::Json).unwrap(), "[]\n");
        assert!(render(&[], Format::Csv)
            .unwrap()
            .starts_with("doc,kind,speaker"));
    }
}
