//! `--format xlsx`: an Excel workbook for people who work in spreadsheets.
//!
//! Sheet `Quotes` has one row per record with the CSV columns in the CSV
//! order; the header row is bold, frozen and filtered, the quote column is
//! wide and wrapped, offsets are numbers and web addresses are links. Sheet
//! `Articles` lists every article read, with its metadata and its number of
//! quotes. Cells are always written as text or numbers, never as formulas,
//! so a quote that starts with `=` stays a quote.

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
            "quote" => (80.0, &wrap),
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
            let format = if *name == "quote" { &wrap } else { &top };
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

    book.save_to_buffer()
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
