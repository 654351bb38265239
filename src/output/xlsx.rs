//! `--format xlsx`: an Excel workbook for people who work in spreadsheets.
//!
//! Sheet `Quotes` has one row per record with the CSV columns in the CSV
//! order; the header row is bold, frozen and filtered, the quote column is
//! wide and wrapped (so is the `context` column, the sentences around the
//! quote), offsets are numbers, dates are Excel dates (with the time, and
//! the zone shown beside it, where the input gave them) and web addresses
//! are links. Sheet `Articles` lists every article read, with its metadata
//! and its number of quotes; sheet `Speakers` counts each speaker's quotes
//! and articles, most quoted first. Every sheet is one header row over a
//! plain table, ready for a pivot table. Cells are always written as text,
//! numbers or dates, never as formulas, so a quote that starts with `=`
//! stays a quote.
//!
//! Rows are streamed to the workbook as records come ([`XlsxWriter`]), so
//! memory stays flat however many rows (the speakers sheet keeps one count
//! per speaker name); past Excel's row limit a sheet continues on a new one.

use super::ArticleRow;
use super::{csv_row, CSV_HEADER};
use crate::record::{ArticleMeta, Record};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Url, Workbook, Worksheet, XlsxError,
};
use std::io;

/// Excel's limit on the characters in one cell.
const CELL_MAX: usize = 32_767;
/// Excel's limit on rows per sheet (the header takes one).
const ROWS_MAX: usize = 1_048_575;
/// Excel's limit on the length of a link.
const URL_MAX: usize = 2_079;

/// The name of the sheet of quotes.
pub const QUOTES_SHEET: &str = "Quotes";
/// The name of the sheet of articles.
pub const ARTICLES_SHEET: &str = "Articles";
/// The columns of the articles sheet.
pub const ARTICLE_HEADER: [&str; 7] = ["doc", "title", "url", "date", "outlet", "author", "quotes"];
/// The name of the sheet of speakers.
pub const SPEAKERS_SHEET: &str = "Speakers";
/// The columns of the speakers sheet.
pub const SPEAKER_HEADER: [&str; 4] = ["speaker", "speaker_type", "quotes", "articles"];

/// What marks a cell cut at Excel's limit (the JSONL and CSV outputs keep
/// the whole text).
pub const CUT_MARK: &str = " [… cut at Excel's cell limit]";

/// One sheet of rows being written: which sheet of the workbook, and how
/// many rows it holds.
#[derive(Debug, Clone, Copy)]
struct Sheet {
    index: usize,
    rows: u32,
}

/// Writes a workbook as records come, in constant memory: rust_xlsxwriter's
/// constant-memory worksheets send each finished row to a temporary file,
/// so memory does not grow with the number of rows. A sheet that reaches
/// Excel's row limit continues on a new sheet (`Quotes (2)`, `Articles (2)`,
/// …). A text over Excel's cell limit (counted, as Excel counts, in UTF-16
/// units) is cut, marked with [`CUT_MARK`] and reported.
pub struct XlsxWriter {
    book: Workbook,
    header: Format,
    top: Format,
    wrap: Format,
    quotes: Vec<Sheet>,
    articles: Vec<Sheet>,
    /// The article being read: listed once its quotes are counted.
    current: Option<ArticleRow>,
    /// Rows per sheet (Excel's limit; smaller in tests).
    row_limit: u32,
    /// Quotes and articles per speaker, for the speakers sheet.
    speakers: SpeakerTally,
    /// Warnings (cut cells), printed by the caller or on stderr.
    pub warnings: Vec<String>,
}

impl std::fmt::Debug for XlsxWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XlsxWriter")
            .field("quotes", &self.quotes)
            .field("articles", &self.articles)
            .finish_non_exhaustive()
    }
}

fn xlsx_error(e: XlsxError) -> io::Error {
    io::Error::other(format!("could not write the workbook: {e}"))
}

impl XlsxWriter {
    /// A new workbook with its two sheets.
    pub fn new() -> io::Result<XlsxWriter> {
        Self::with_row_limit(ROWS_MAX as u32)
    }

    /// A new workbook whose sheets hold at most `limit` rows below the
    /// header (Excel's limit, or a small one in tests).
    pub fn with_row_limit(limit: u32) -> io::Result<XlsxWriter> {
        let mut book = Workbook::new();
        // SOURCE_DATE_EPOCH (the reproducible-builds convention) fixes the
        // workbook's creation time, so two runs give the same bytes.
        let epoch = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.trim().parse::<i64>().ok())
            .and_then(|t| ExcelDateTime::from_timestamp(t).ok());
        if let Some(created) = epoch {
            book.set_properties(&DocProperties::new().set_creation_datetime(&created));
        }
        let mut w = XlsxWriter {
            book,
            header: Format::new()
                .set_bold()
                .set_background_color(0xD9E1F2)
                .set_align(FormatAlign::Top),
            top: Format::new().set_align(FormatAlign::Top),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            quotes: Vec::new(),
            articles: Vec::new(),
            current: None,
            row_limit: limit.max(1),
            speakers: SpeakerTally::default(),
            warnings: Vec::new(),
        };
        w.add_quotes_sheet().map_err(xlsx_error)?;
        w.add_articles_sheet().map_err(xlsx_error)?;
        Ok(w)
    }

    fn sheet_name(base: &str, n: usize) -> String {
        if n == 1 {
            base.to_string()
        } else {
            format!("{base} ({n})")
        }
    }

    fn add_quotes_sheet(&mut self) -> Result<(), XlsxError> {
        let index = self.quotes.len() + self.articles.len();
        let name = Self::sheet_name(QUOTES_SHEET, self.quotes.len() + 1);
        let sheet = self.book.add_worksheet_with_constant_memory();
        sheet.set_name(name)?;
        for (c, name) in CSV_HEADER.iter().enumerate() {
            let col = c as u16;
            let (width, format) = match *name {
                "quote" | "context" => (80.0, &self.wrap),
                "doc" | "article_title" | "url" => (32.0, &self.top),
                "speaker" | "title" | "mention" | "rule" => (22.0, &self.top),
                "start" | "end" | "kind" => (9.0, &self.top),
                _ => (14.0, &self.top),
            };
            sheet.set_column_width(col, width)?;
            sheet.set_column_format(col, format)?;
            sheet.write_string_with_format(0, col, *name, &self.header)?;
        }
        self.quotes.push(Sheet { index, rows: 0 });
        Ok(())
    }

    fn add_articles_sheet(&mut self) -> Result<(), XlsxError> {
        let index = self.quotes.len() + self.articles.len();
        let name = Self::sheet_name(ARTICLES_SHEET, self.articles.len() + 1);
        let sheet = self.book.add_worksheet_with_constant_memory();
        sheet.set_name(name)?;
        for (c, name) in ARTICLE_HEADER.iter().enumerate() {
            let col = c as u16;
            let width = match *name {
                "doc" | "title" | "url" => 40.0,
                "quotes" => 9.0,
                _ => 16.0,
            };
            sheet.set_column_width(col, width)?;
            sheet.write_string_with_format(0, col, *name, &self.header)?;
        }
        self.articles.push(Sheet { index, rows: 0 });
        Ok(())
    }

    /// Starts an article (listed when the next one starts, or at the end).
    pub fn begin_article(&mut self, doc: &str, meta: &ArticleMeta) -> io::Result<()> {
        self.list_current().map_err(xlsx_error)?;
        self.current = Some(ArticleRow {
            doc: doc.to_string(),
            meta: meta.clone(),
            quotes: 0,
        });
        Ok(())
    }

    /// Writes one record's row (a record whose `doc` was not announced
    /// starts an article of its own).
    pub fn write(&mut self, rec: &Record) -> io::Result<()> {
        if !matches!(&self.current, Some(a) if a.doc == rec.doc) {
            self.begin_article(&rec.doc, &rec.meta)?;
        }
        if let Some(a) = &mut self.current {
            a.quotes += 1;
        }
        self.speakers.add(rec);
        self.write_record(rec).map_err(xlsx_error)
    }

    fn write_record(&mut self, rec: &Record) -> Result<(), XlsxError> {
        if self.quotes.last().is_some_and(|s| s.rows >= self.row_limit) {
            self.add_quotes_sheet()?;
        }
        let Some(at) = self.quotes.last_mut() else {
            return Ok(());
        };
        at.rows += 1;
        let (index, row) = (at.index, at.rows);
        let sheet_no = self.quotes.len();
        let sheet = self.book.worksheet_from_index(index)?;
        for (c, (name, value)) in CSV_HEADER.iter().zip(csv_row(rec)).enumerate() {
            let format = if matches!(*name, "quote" | "context") {
                &self.wrap
            } else {
                &self.top
            };
            if cell(sheet, row, c as u16, name, &value, format)? {
                self.warnings.push(format!(
                    "whosaid: warning: {}: the {name} of the record at {}:{row} has {} UTF-16 units, over Excel's cell limit of {CELL_MAX}; cut and marked in the workbook",
                    rec.doc,
                    Self::sheet_name(QUOTES_SHEET, sheet_no),
                    value.encode_utf16().count()
                ));
            }
        }
        Ok(())
    }

    /// Lists the current article on the articles sheet.
    fn list_current(&mut self) -> Result<(), XlsxError> {
        let Some(a) = self.current.take() else {
            return Ok(());
        };
        if self
            .articles
            .last()
            .is_some_and(|s| s.rows >= self.row_limit)
        {
            self.add_articles_sheet()?;
        }
        let Some(at) = self.articles.last_mut() else {
            return Ok(());
        };
        at.rows += 1;
        let (index, row) = (at.index, at.rows);
        let sheet = self.book.worksheet_from_index(index)?;
        let m = &a.meta;
        let cells = [
            Some(a.doc.as_str()),
            m.title.as_deref(),
            m.url.as_deref(),
            m.date.as_deref(),
            m.outlet.as_deref(),
            m.author.as_deref(),
        ];
        for (c, (name, value)) in ARTICLE_HEADER.iter().zip(cells).enumerate() {
            if cell(sheet, row, c as u16, name, value.unwrap_or(""), &self.top)? {
                self.warnings.push(format!(
                    "whosaid: warning: {}: its {name} is over Excel's cell limit of {CELL_MAX} UTF-16 units; cut and marked in the workbook",
                    a.doc
                ));
            }
        }
        sheet.write_number(row, ARTICLE_HEADER.len() as u16 - 1, a.quotes as f64)?;
        Ok(())
    }

    /// Lists the last article, adds frozen headers and filters, and
    /// returns the workbook's bytes.
    pub fn finish(&mut self) -> io::Result<Vec<u8>> {
        self.list_current().map_err(xlsx_error)?;
        let sheets: Vec<(Sheet, usize)> = self
            .quotes
            .iter()
            .map(|s| (*s, CSV_HEADER.len()))
            .chain(self.articles.iter().map(|s| (*s, ARTICLE_HEADER.len())))
            .collect();
        for (s, cols) in sheets {
            let sheet = self
                .book
                .worksheet_from_index(s.index)
                .map_err(xlsx_error)?;
            finish_sheet(sheet, s.rows as usize, cols).map_err(xlsx_error)?;
        }
        self.write_speakers().map_err(xlsx_error)?;
        self.book.save_to_buffer().map_err(xlsx_error)
    }

    /// The speakers sheet(s), written once every record is counted.
    fn write_speakers(&mut self) -> Result<(), XlsxError> {
        let counts = std::mem::take(&mut self.speakers).rows();
        let limit = self.row_limit as usize;
        let chunks: Vec<&[SpeakerCount]> = if counts.is_empty() {
            vec![&[]]
        } else {
            counts.chunks(limit).collect()
        };
        for (n, chunk) in chunks.into_iter().enumerate() {
            let sheet = self.book.add_worksheet();
            sheet.set_name(Self::sheet_name(SPEAKERS_SHEET, n + 1))?;
            for (c, name) in SPEAKER_HEADER.iter().enumerate() {
                sheet.write_string_with_format(0, c as u16, *name, &self.header)?;
                sheet.set_column_width(c as u16, if c == 0 { 32.0 } else { 12.0 })?;
            }
            for (r, s) in chunk.iter().enumerate() {
                let row = r as u32 + 1;
                cell(sheet, row, 0, "speaker", &s.name, &self.top)?;
                cell(sheet, row, 1, "speaker_type", &s.kind, &self.top)?;
                sheet.write_number(row, 2, s.quotes as f64)?;
                sheet.write_number(row, 3, s.articles as f64)?;
            }
            finish_sheet(sheet, chunk.len(), SPEAKER_HEADER.len())?;
        }
        Ok(())
    }
}

/// One row of the speakers sheet.
#[derive(Debug, PartialEq)]
struct SpeakerCount {
    name: String,
    kind: String,
    quotes: usize,
    articles: usize,
}

/// Quotes and articles per speaker name, counted as records stream by.
/// Records come grouped by article, so a speaker's article count grows
/// when its record comes from another article than its last one.
#[derive(Debug, Default)]
struct SpeakerTally {
    /// name -> (speaker type, quotes, articles, last article seen)
    by_name: std::collections::BTreeMap<String, (String, usize, usize, String)>,
}

impl SpeakerTally {
    fn add(&mut self, rec: &Record) {
        let Some(sp) = &rec.speaker else {
            return;
        };
        if !self.by_name.contains_key(&sp.name) {
            let kind = serde_json::to_value(sp.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            self.by_name
                .insert(sp.name.clone(), (kind, 0, 0, String::new()));
        }
        if let Some(e) = self.by_name.get_mut(&sp.name) {
            e.1 += 1;
            if e.2 == 0 || e.3 != rec.doc {
                e.2 += 1;
                e.3.clone_from(&rec.doc);
            }
        }
    }

    /// The rows, most quotes first, then by name (records without a
    /// speaker are left out).
    fn rows(self) -> Vec<SpeakerCount> {
        let mut out: Vec<SpeakerCount> = self
            .by_name
            .into_iter()
            .map(|(name, (kind, quotes, articles, _))| SpeakerCount {
                name,
                kind,
                quotes,
                articles,
            })
            .collect();
        out.sort_by(|a, b| b.quotes.cmp(&a.quotes).then_with(|| a.name.cmp(&b.name)));
        out
    }
}

/// A date as the inputs give it (`2026-03-05`, `2026-03-05T11:21:00+05:30`,
/// `2026-03-05 11:21`, `…Z`) as an Excel date and the number format that
/// shows it: the date alone, or with the time and, when known, the zone
/// (Excel dates have none, so the zone is shown as text beside the time).
fn excel_date(value: &str) -> Option<(ExcelDateTime, String)> {
    let v = value.trim();
    let date = v.get(..10)?;
    let ok_date = date.bytes().enumerate().all(|(i, b)| match i {
        4 | 7 => b == b'-',
        _ => b.is_ascii_digit(),
    });
    if !ok_date {
        return None;
    }
    let rest = &v[10..];
    if rest.is_empty() {
        return Some((
            ExcelDateTime::parse_from_str(date).ok()?,
            "yyyy-mm-dd".into(),
        ));
    }
    let time_zone = rest.strip_prefix(['T', ' '])?;
    let (time, zone) = if let Some(t) = time_zone.strip_suffix('Z') {
        (t, Some("UTC".to_string()))
    } else if let Some(k) = time_zone.rfind(['+', '-']) {
        let zone = &time_zone[k..];
        let digits: String = zone[1..].chars().filter(|c| *c != ':').collect();
        if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        (
            &time_zone[..k],
            Some(format!("UTC{}:{}", &zone[..3], &digits[2..])),
        )
    } else {
        (time_zone, None)
    };
    let time = time.trim();
    if !time
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b':' || b == b'.')
        || time.len() < 5
    {
        return None;
    }
    let when = ExcelDateTime::parse_from_str(&format!("{date} {time}")).ok()?;
    let shown = match zone {
        Some(z) => format!("yyyy-mm-dd hh:mm \"{z}\""),
        None => "yyyy-mm-dd hh:mm".to_string(),
    };
    Some((when, shown))
}

/// Builds a whole workbook from collected articles and records and
/// returns its bytes (what [`XlsxWriter`] writes for them).
pub fn workbook(articles: &[ArticleRow], records: &[Record]) -> io::Result<Vec<u8>> {
    let mut w = XlsxWriter::new()?;
    let mut recs = records.iter().peekable();
    for a in articles {
        w.begin_article(&a.doc, &a.meta)?;
        while let Some(r) = recs.next_if(|r| r.doc == a.doc) {
            w.write(r)?;
        }
    }
    for r in recs {
        w.write(r)?;
    }
    w.finish()
}

/// Cuts `text` to at most `max` UTF-16 units (Excel's measure), ending
/// with [`CUT_MARK`]; `None` when it fits. A character is never split.
pub fn cut_to_cell(text: &str, max: usize) -> Option<String> {
    if text.len() <= max || text.encode_utf16().count() <= max {
        return None;
    }
    let budget = max.saturating_sub(CUT_MARK.encode_utf16().count());
    let (mut used, mut end) = (0, 0);
    for (i, c) in text.char_indices() {
        if used + c.len_utf16() > budget {
            break;
        }
        used += c.len_utf16();
        end = i + c.len_utf8();
    }
    Some(format!("{}{CUT_MARK}", &text[..end]))
}

/// Writes one cell: nothing when empty, a number for offsets, a link for
/// web addresses, text otherwise (cut to Excel's cell limit: then true).
fn cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    name: &str,
    value: &str,
    format: &Format,
) -> Result<bool, XlsxError> {
    if value.is_empty() {
        return Ok(false);
    }
    if matches!(name, "start" | "end") {
        if let Ok(n) = value.parse::<u32>() {
            sheet.write_number_with_format(row, col, f64::from(n), format)?;
            return Ok(false);
        }
    }
    if name == "date" {
        if let Some((when, shown)) = excel_date(value) {
            let format = format.clone().set_num_format(shown);
            sheet.write_datetime_with_format(row, col, &when, &format)?;
            return Ok(false);
        }
    }
    if name == "url" && is_web_link(value) {
        // Excel refuses some addresses (odd characters, too many links):
        // those stay text.
        if sheet.write_url(row, col, Url::new(value)).is_ok() {
            return Ok(false);
        }
    }
    match cut_to_cell(value, CELL_MAX) {
        Some(cut) => {
            sheet.write_string_with_format(row, col, cut, format)?;
            Ok(true)
        }
        None => {
            sheet.write_string_with_format(row, col, value, format)?;
            Ok(false)
        }
    }
}

fn is_web_link(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() <= URL_MAX
        && !s.chars().any(char::is_whitespace)
}

/// Bold frozen header row and an autofilter over the table.
fn finish_sheet(sheet: &mut Worksheet, rows: usize, cols: usize) -> Result<(), XlsxError> {
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, rows as u32, cols as u16 - 1)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    #[test]
    fn a_cell_is_cut_in_utf16_units_and_marked() {
        // 20,000 characters but 40,000 UTF-16 units: over Excel's limit
        let emoji = "😀".repeat(20_000);
        let cut = cut_to_cell(&emoji, CELL_MAX).unwrap();
        assert!(cut.ends_with(CUT_MARK));
        assert!(cut.encode_utf16().count() <= CELL_MAX);
        assert!(cut.encode_utf16().count() > CELL_MAX - 3);
        let ascii = "a".repeat(CELL_MAX);
        assert_eq!(cut_to_cell(&ascii, CELL_MAX), None);
        assert!(cut_to_cell(&format!("{ascii}b"), CELL_MAX).is_some());
    }

    fn record(doc: &str, quote: &str) -> Record {
        let rules = crate::RuleSet::embedded().unwrap();
        let text = format!("“{quote},” said Mayor Ana Ruiz.");
        let mut recs = crate::extract(&rules, doc, &text);
        assert_eq!(recs.len(), 1, "{text}");
        recs.remove(0)
    }

    #[test]
    fn rows_past_the_limit_continue_on_a_new_sheet_and_long_cells_warn() {
        let mut w = XlsxWriter::with_row_limit(2).unwrap();
        let long = format!("Fares {}", "😀".repeat(20_000));
        for (doc, n) in [("a", 3), ("b", 0), ("c", 1)] {
            w.begin_article(doc, &ArticleMeta::default()).unwrap();
            for i in 0..n {
                let q = if doc == "c" {
                    long.clone()
                } else {
                    format!("Fares rise {i}")
                };
                w.write(&record(doc, &q)).unwrap();
            }
        }
        let bytes = w.finish().unwrap();
        // the quote and its context (the sentence holding it) are both cut
        assert_eq!(w.warnings.len(), 2, "{:?}", w.warnings);
        assert!(w.warnings[0].contains("the quote of the record at Quotes (2):2"));
        assert!(w.warnings[1].contains("the context of the record at Quotes (2):2"));
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(
            book.sheet_names(),
            [
                "Quotes",
                "Articles",
                "Quotes (2)",
                "Articles (2)",
                "Speakers"
            ]
        );
        let rows = |book: &mut Xlsx<_>, name: &str| -> Vec<Vec<String>> {
            let range = book.worksheet_range(name).unwrap();
            range
                .rows()
                .map(|r| r.iter().map(Data::to_string).collect())
                .collect()
        };
        let q1 = rows(&mut book, "Quotes");
        let q2 = rows(&mut book, "Quotes (2)");
        assert_eq!(q1.len(), 3, "a header and two rows");
        assert_eq!(q2.len(), 3);
        assert_eq!(q2[0][0], "doc", "the new sheet has the header");
        let docs: Vec<&str> = q1[1..]
            .iter()
            .chain(&q2[1..])
            .map(|r| r[0].as_str())
            .collect();
        assert_eq!(docs, ["a", "a", "a", "c"]);
        let quote = &q2[2][6];
        assert!(quote.ends_with(CUT_MARK), "{}", &quote[quote.len() - 40..]);
        assert!(quote.encode_utf16().count() <= CELL_MAX);
        let a1 = rows(&mut book, "Articles");
        let a2 = rows(&mut book, "Articles (2)");
        let listed: Vec<(&str, &str)> = a1[1..]
            .iter()
            .chain(&a2[1..])
            .map(|r| (r[0].as_str(), r[6].as_str()))
            .collect();
        assert_eq!(listed, [("a", "3"), ("b", "0"), ("c", "1")]);
    }

    #[test]
    fn dates_with_and_without_time_and_zone() {
        let (d, f) = excel_date("2026-03-05").unwrap();
        assert_eq!((d.to_excel(), f.as_str()), (46086.0, "yyyy-mm-dd"));
        let (d, f) = excel_date("2026-03-05T11:21:00+05:30").unwrap();
        assert!((d.to_excel() - (46086.0 + (11.0 * 60.0 + 21.0) / 1440.0)).abs() < 1e-9);
        assert_eq!(f, "yyyy-mm-dd hh:mm \"UTC+05:30\"");
        let (_, f) = excel_date("2026-03-05T11:21:00Z").unwrap();
        assert_eq!(f, "yyyy-mm-dd hh:mm \"UTC\"");
        let (_, f) = excel_date("2026-03-05 11:21").unwrap();
        assert_eq!(f, "yyyy-mm-dd hh:mm");
        let (_, f) = excel_date("2026-03-05T11:21:00-0400").unwrap();
        assert_eq!(f, "yyyy-mm-dd hh:mm \"UTC-04:00\"");
        for bad in [
            "",
            "March 5, 2026",
            "2026-3-5",
            "2026-03-05Tnoon",
            "2026-13-45",
        ] {
            assert!(excel_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn speakers_are_counted_most_quoted_first() {
        let rules = crate::RuleSet::embedded().unwrap();
        let mut recs = crate::extract(
            &rules,
            "a",
            "\"Yes,\" Ana Lopez said. \"No,\" Tom Hale said.",
        );
        recs.extend(crate::extract(&rules, "b", "\"Maybe,\" Tom Hale said."));
        let mut tally = SpeakerTally::default();
        for r in &recs {
            tally.add(r);
        }
        let counts = tally.rows();
        let rows: Vec<(&str, usize, usize)> = counts
            .iter()
            .map(|c| (c.name.as_str(), c.quotes, c.articles))
            .collect();
        assert_eq!(rows, [("Tom Hale", 2, 2), ("Ana Lopez", 1, 1)]);
        assert_eq!(counts[0].kind, "person");
    }
}
