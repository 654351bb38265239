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

use super::ArticleRow;
use super::{csv_row, CSV_HEADER};
use crate::record::Record;
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

/// Builds the workbook and returns its bytes.
pub fn workbook(articles: &[ArticleRow], records: &[Record]) -> io::Result<Vec<u8>> {
    if records.len() > ROWS_MAX || articles.len() > ROWS_MAX {
        return Err(io::Error::other(format!(
            "too many rows for one Excel sheet ({} records, {} articles; the limit is {ROWS_MAX}); use --format csv or jsonl",
            records.len(),
            articles.len()
        )));
    }
    build(articles, records)
        .map_err(|e| io::Error::other(format!("could not write the workbook: {e}")))
}

fn build(articles: &[ArticleRow], records: &[Record]) -> Result<Vec<u8>, XlsxError> {
    let header = Format::new()
        .set_bold()
        .set_background_color(0xD9E1F2)
        .set_align(FormatAlign::Top);
    let top = Format::new().set_align(FormatAlign::Top);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
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

    let sheet = book.add_worksheet();
    sheet.set_name(QUOTES_SHEET)?;
    for (c, name) in CSV_HEADER.iter().enumerate() {
        let col = c as u16;
        sheet.write_string_with_format(0, col, *name, &header)?;
        let (width, format) = match *name {
            "quote" | "context" => (80.0, &wrap),
            "doc" | "article_title" | "url" => (32.0, &top),
            "speaker" | "title" | "mention" | "rule" => (22.0, &top),
            "start" | "end" | "kind" => (9.0, &top),
            _ => (14.0, &top),
        };
        sheet.set_column_width(col, width)?;
        sheet.set_column_format(col, format)?;
    }
    for (r, rec) in records.iter().enumerate() {
        let row = r as u32 + 1;
        for (c, (name, value)) in CSV_HEADER.iter().zip(csv_row(rec)).enumerate() {
            let col = c as u16;
            let format = if matches!(*name, "quote" | "context") {
                &wrap
            } else {
                &top
            };
            cell(sheet, row, col, name, &value, format)?;
        }
    }
    finish_sheet(sheet, records.len(), CSV_HEADER.len())?;

    let sheet = book.add_worksheet();
    sheet.set_name(ARTICLES_SHEET)?;
    for (c, name) in ARTICLE_HEADER.iter().enumerate() {
        let col = c as u16;
        sheet.write_string_with_format(0, col, *name, &header)?;
        let width = match *name {
            "doc" | "title" | "url" => 40.0,
            "quotes" => 9.0,
            _ => 16.0,
        };
        sheet.set_column_width(col, width)?;
    }
    for (r, a) in articles.iter().enumerate() {
        let row = r as u32 + 1;
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
            cell(sheet, row, c as u16, name, value.unwrap_or(""), &top)?;
        }
        sheet.write_number(row, ARTICLE_HEADER.len() as u16 - 1, a.quotes as f64)?;
    }
    finish_sheet(sheet, articles.len(), ARTICLE_HEADER.len())?;

    let speakers = speaker_counts(records);
    let sheet = book.add_worksheet();
    sheet.set_name(SPEAKERS_SHEET)?;
    for (c, name) in SPEAKER_HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *name, &header)?;
        sheet.set_column_width(c as u16, if c == 0 { 32.0 } else { 12.0 })?;
    }
    for (r, s) in speakers.iter().enumerate() {
        let row = r as u32 + 1;
        cell(sheet, row, 0, "speaker", &s.name, &top)?;
        cell(sheet, row, 1, "speaker_type", &s.kind, &top)?;
        sheet.write_number(row, 2, s.quotes as f64)?;
        sheet.write_number(row, 3, s.articles as f64)?;
    }
    finish_sheet(sheet, speakers.len(), SPEAKER_HEADER.len())?;

    book.save_to_buffer()
}

/// One row of the speakers sheet.
#[derive(Debug, PartialEq)]
struct SpeakerCount {
    name: String,
    kind: String,
    quotes: usize,
    articles: usize,
}

/// Quotes and articles per speaker name (records without a speaker left
/// out), most quotes first, then by name.
fn speaker_counts(records: &[Record]) -> Vec<SpeakerCount> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut by_name: BTreeMap<&str, (&Record, usize, BTreeSet<&str>)> = BTreeMap::new();
    for rec in records {
        if let Some(sp) = &rec.speaker {
            let entry = by_name
                .entry(sp.name.as_str())
                .or_insert_with(|| (rec, 0, BTreeSet::new()));
            entry.1 += 1;
            entry.2.insert(rec.doc.as_str());
        }
    }
    let mut out: Vec<SpeakerCount> = by_name
        .into_iter()
        .map(|(name, (first, quotes, docs))| SpeakerCount {
            name: name.to_string(),
            kind: first
                .speaker
                .as_ref()
                .and_then(|s| serde_json::to_value(s.kind).ok())
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            quotes,
            articles: docs.len(),
        })
        .collect();
    out.sort_by(|a, b| b.quotes.cmp(&a.quotes).then_with(|| a.name.cmp(&b.name)));
    out
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

/// Writes one cell: nothing when empty, a number for offsets, a link for
/// web addresses, text otherwise (cut to Excel's cell limit).
fn cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    name: &str,
    value: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    if value.is_empty() {
        return Ok(());
    }
    if matches!(name, "start" | "end") {
        if let Ok(n) = value.parse::<u32>() {
            sheet.write_number_with_format(row, col, f64::from(n), format)?;
            return Ok(());
        }
    }
    if name == "date" {
        if let Some((when, shown)) = excel_date(value) {
            let format = format.clone().set_num_format(shown);
            sheet.write_datetime_with_format(row, col, &when, &format)?;
            return Ok(());
        }
    }
    if name == "url" && is_web_link(value) {
        // Excel refuses some addresses (odd characters, too many links):
        // those stay text.
        if sheet.write_url(row, col, Url::new(value)).is_ok() {
            return Ok(());
        }
    }
    let text: String = value.chars().take(CELL_MAX).collect();
    sheet.write_string_with_format(row, col, text, format)?;
    Ok(())
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
        let counts = speaker_counts(&recs);
        let rows: Vec<(&str, usize, usize)> = counts
            .iter()
            .map(|c| (c.name.as_str(), c.quotes, c.articles))
            .collect();
        assert_eq!(rows, [("Tom Hale", 2, 2), ("Ana Lopez", 1, 1)]);
        assert_eq!(counts[0].kind, "person");
    }
}
