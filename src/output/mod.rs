//! Output formats that need more than one record at a time: the Excel
//! workbook ([`xlsx`]) and the review table ([`table`]).
//!
//! [`RecordWriter`] (in `writer`) hands them records as they come and the
//! article boundaries it is told about; they write when an article or the
//! whole output ends. JSON, JSONL and CSV are written record by record by
//! [`RecordWriter`] itself.

pub mod atomic;
pub mod html;
pub mod table;
mod writer;
pub mod xlsx;

pub(crate) use writer::csv_row;
pub(crate) use writer::not_alone;
pub use writer::{csv_safe, encode, render, Format, RecordWriter, CSV_HEADER};

use crate::record::{ArticleMeta, Record};
use std::io::{self, Write};

/// One article of the input, as the writers list it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRow {
    /// The article's `doc`.
    pub doc: String,
    /// Its metadata.
    pub meta: ArticleMeta,
    /// How many records it gave.
    pub quotes: usize,
}

/// Collects articles and their records in input order. Records whose
/// `doc` was not announced start an article of their own.
#[derive(Debug, Default)]
pub struct Collector {
    /// The articles seen so far.
    pub articles: Vec<ArticleRow>,
    /// The records, in the order they were written.
    pub records: Vec<Record>,
}

impl Collector {
    /// Starts an article.
    pub fn begin_article(&mut self, doc: &str, meta: &ArticleMeta) {
        self.articles.push(ArticleRow {
            doc: doc.to_string(),
            meta: meta.clone(),
            quotes: 0,
        });
    }

    /// Adds a record to the current article (or to a new one, when its
    /// `doc` differs from the current article's).
    pub fn push(&mut self, rec: &Record) {
        if !matches!(self.articles.last(), Some(a) if a.doc == rec.doc) {
            self.begin_article(&rec.doc, &rec.meta);
        }
        if let Some(a) = self.articles.last_mut() {
            a.quotes += 1;
        }
        self.records.push(rec.clone());
    }
}

/// The state of a writer for a grouped format.
#[derive(Debug)]
pub enum Grouped {
    /// JSON, JSONL and CSV: nothing to hold.
    None,
    /// The review table, printed one article at a time.
    Table(table::Table),
    /// The workbook: rows streamed as they come, the file written at the
    /// end. `None` until the first use (creating it can fail).
    Xlsx(Option<Box<xlsx::XlsxWriter>>),
    /// The HTML report, written one article at a time.
    Html(Box<html::Report>),
}

impl Grouped {
    /// The state for `format`; the table's width comes from `COLUMNS`.
    pub fn new(format: Format) -> Grouped {
        match format {
            Format::Table => Grouped::Table(table::Table::new(table::terminal_width())),
            Format::Xlsx => Grouped::Xlsx(None),
            Format::Html => Grouped::Html(Box::default()),
            _ => Grouped::None,
        }
    }

    /// Marks the start of an article (so articles without quotes are listed).
    pub fn begin_article(
        &mut self,
        doc: &str,
        meta: &ArticleMeta,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        match self {
            Grouped::None => Ok(()),
            Grouped::Table(t) => t.begin_article(doc, meta, out),
            Grouped::Xlsx(w) => workbook(w)?.begin_article(doc, meta),
            Grouped::Html(r) => r.begin_article(doc, meta, out),
        }
    }

    /// Takes the current article's text (only the HTML report keeps it).
    pub fn article_text(&mut self, text: &str) {
        if let Grouped::Html(r) = self {
            r.article_text(text);
        }
    }

    /// Takes one record.
    pub fn write(&mut self, rec: &Record, out: &mut dyn Write) -> io::Result<()> {
        match self {
            Grouped::None => Ok(()),
            Grouped::Table(t) => t.write(rec, out),
            Grouped::Xlsx(w) => {
                let w = workbook(w)?;
                w.write(rec)?;
                // a cut cell is said at once, next to the input's messages
                for m in w.warnings.drain(..) {
                    eprintln!("{m}");
                }
                Ok(())
            }
            Grouped::Html(r) => r.write(rec, out),
        }
    }

    /// Writes what is still held.
    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        match self {
            Grouped::None => Ok(()),
            Grouped::Table(t) => t.finish(out),
            Grouped::Xlsx(w) => {
                let w = workbook(w)?;
                let bytes = w.finish()?;
                for m in w.warnings.drain(..) {
                    eprintln!("{m}");
                }
                out.write_all(&bytes)
            }
            Grouped::Html(r) => r.finish(out),
        }
    }
}

/// The workbook writer, created on first use.
fn workbook(w: &mut Option<Box<xlsx::XlsxWriter>>) -> io::Result<&mut xlsx::XlsxWriter> {
    if w.is_none() {
        *w = Some(Box::new(xlsx::XlsxWriter::new()?));
    }
    match w {
        Some(w) => Ok(w),
        None => Err(io::Error::other("no workbook")),
    }
}
