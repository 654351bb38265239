//! Inputs: turning the bytes of a file into one or more articles (text
//! plus metadata). Plain text is read as it is; other formats (HTML, JSONL
//! feeds) have their own readers.
//!
//! No I/O happens here: callers read the bytes and pass them in.
//!
//! - [`html`]: the article body and metadata of a saved web page
//!   ([`read_html`] is the entry point for callers with page bytes);
//! - [`charset`]: decoding page bytes (BOM, declared charset, detection);
//! - [`parse`]: the HTML parser with a depth cap;
//! - [`feed`]: JSONL feeds, one article per line;
//! - [`header`]: metadata from the head of a plain-text article;
//! - [`warc`]: web archives (`.warc`, `.warc.gz`), one article per HTML response.

pub mod charset;
pub mod feed;
pub mod header;
pub mod html;
pub mod parse;
pub mod warc;

use crate::record::ArticleMeta;
use regex::Regex;
use regex_automata::meta;
use regex_automata::util::captures::Captures;
use std::path::Path;
use std::sync::OnceLock;

/// One article ready for extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// What records name as `doc`: the path as given, a feed id, or `file:line`.
    pub doc: String,
    /// The text extraction runs on; record offsets refer to it.
    pub text: String,
    /// Title, URL, date, outlet and author, where the input says.
    pub meta: ArticleMeta,
}

/// How to read an input's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputKind {
    /// Decide from the file name and content.
    #[default]
    Auto,
    /// Plain text, read as it is (metadata from its header lines).
    Text,
    /// A web page: the article body is extracted ([`html`]).
    Html,
    /// A JSONL feed, one article per line ([`feed`]).
    Jsonl,
    /// A web archive, one article per HTML response record ([`warc`]).
    Warc,
}

impl InputKind {
    /// Decides `Auto` from the file extension (`.html`, `.htm`, `.xhtml`;
    /// `.jsonl`, `.ndjson`; `.txt`), then from the content (an HTML document, or a
    /// first line that is a JSON object); anything else is text.
    pub fn resolve(self, name: &str, bytes: &[u8]) -> InputKind {
        if self != InputKind::Auto {
            return self;
        }
        if warc::is_warc_name(name) {
            return InputKind::Warc;
        }
        let ext = Path::new(name)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("html" | "htm" | "xhtml" | "shtml") => InputKind::Html,
            Some("jsonl" | "ndjson" | "jsonlines") => InputKind::Jsonl,
            Some("txt" | "text") => InputKind::Text,
            _ if warc::sniff(bytes) => InputKind::Warc,
            _ if html::sniff(bytes) => InputKind::Html,
            _ if feed::sniff(bytes) => InputKind::Jsonl,
            _ => InputKind::Text,
        }
    }
}

/// A problem with part of an input; the rest of it is still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputWarning {
    /// Where: the input, or `file:line` for a feed line.
    pub doc: String,
    /// What went wrong and what was done about it.
    pub message: String,
}

/// Reads one input (`name` is the path as given) into articles. Problems
/// that do not stop the whole input (a malformed feed line, invalid UTF-8)
/// come back as warnings next to the articles that were read.
pub fn read_articles(
    name: &str,
    bytes: &[u8],
    kind: InputKind,
) -> (Vec<Article>, Vec<InputWarning>) {
    let mut warnings = Vec::new();
    let kind = kind.resolve(name, bytes);
    if kind == InputKind::Warc {
        // binary (often gzip): each page is decoded on its own
        return warc::read(name, bytes);
    }
    if kind == InputKind::Html {
        return read_page(name, bytes, None);
    }
    let text = decode_utf8(name, bytes, &mut warnings);
    let articles = text_articles(name, text, kind, &mut warnings);
    (articles, warnings)
}

/// [`read_articles`] for bytes the caller gives up: a text or a feed that
/// is valid UTF-8 becomes its text without a copy.
pub fn read_articles_owned(
    name: &str,
    bytes: Vec<u8>,
    kind: InputKind,
) -> (Vec<Article>, Vec<InputWarning>) {
    let kind = kind.resolve(name, &bytes);
    if matches!(kind, InputKind::Warc | InputKind::Html) {
        return read_articles(name, &bytes, kind);
    }
    let mut warnings = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => decode_utf8(name, e.as_bytes(), &mut warnings),
    };
    let articles = text_articles(name, text, kind, &mut warnings);
    (articles, warnings)
}

/// The articles of a decoded text or feed (`kind` resolved).
fn text_articles(
    name: &str,
    text: String,
    kind: InputKind,
    warnings: &mut Vec<InputWarning>,
) -> Vec<Article> {
    match kind {
        InputKind::Jsonl => {
            let (articles, more) = feed::read(name, &text);
            warnings.extend(more);
            articles
        }
        InputKind::Auto | InputKind::Text | InputKind::Html | InputKind::Warc => {
            let meta = header::parse(&text);
            vec![Article {
                doc: name.to_string(),
                text,
                meta,
            }]
        }
    }
}

/// Reads one web page (`name` is what records call it) into its article:
/// the one path every page takes, whether it comes from a file, a WARC
/// record or the Python API. `http_charset` is as for [`read_html`]
/// (callers holding text that is already decoded pass `"utf-8"`, so a
/// `<meta charset>` in it does not decode it a second time). An empty
/// article body is a warning.
pub fn read_page(
    name: &str,
    bytes: &[u8],
    http_charset: Option<&str>,
) -> (Vec<Article>, Vec<InputWarning>) {
    let page = read_html(bytes, None, http_charset);
    let mut warnings = Vec::new();
    if page.text.is_empty() {
        warnings.push(InputWarning {
            doc: name.to_string(),
            message: "no article text found in the page".into(),
        });
    }
    let article = Article {
        doc: name.to_string(),
        text: page.text,
        meta: page.meta,
    };
    (vec![article], warnings)
}

/// Reads one web page: the stable entry point for callers that hold a
/// page's bytes (files, WARC records).
///
/// `bytes` are decoded as a browser would ([`charset::decode_page`]: BOM,
/// then `http_charset`, the `charset=` of an HTTP `Content-Type` if the
/// caller has one, then `<meta>`, then detection). `url` is where the page
/// came from, used as the record `url` when the page names no canonical URL.
/// The returned text is the article body (empty when none was found);
/// record offsets refer to it.
pub fn read_html(bytes: &[u8], url: Option<&str>, http_charset: Option<&str>) -> html::Page {
    let decoded = charset::decode_page(bytes, http_charset);
    let mut page = html::extract(&decoded.text);
    header::fill_gaps(&mut page.meta, header::parse(&page.text));
    if page.meta.url.is_none() {
        page.meta.url = url.map(str::to_string);
    }
    page
}

/// Compiles a regex written in this crate's source. The patterns are
/// constants exercised by the unit tests, so a failure is a bug here, never
/// a problem with the user's input.
#[allow(clippy::expect_used)]
pub(crate) fn fixed_regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("built-in pattern compiles")
}

/// A regex written in this crate's source for short lines (the header's),
/// compiled on first use. A line of ASCII characters only is searched with
/// the pattern's classes cut to ASCII ([`crate::rules::boilerplate::cut_to_ascii`]),
/// which matches there exactly where the pattern does and compiles in a
/// fraction of the time: the UTF-8 automata of `\p{L}` and `\S`, repeated
/// by a bounded repetition, cost more to build than a batch of articles
/// costs to read. Other lines are searched with the pattern as written.
pub(crate) struct FixedRegex {
    pattern: &'static str,
    full: OnceLock<meta::Regex>,
    ascii: OnceLock<meta::Regex>,
}

/// The groups of a [`FixedRegex`] match.
pub(crate) struct Groups<'h> {
    hay: &'h str,
    caps: Captures,
}

impl<'h> Groups<'h> {
    /// The text of group `i`, if it took part in the match.
    pub fn get(&self, i: usize) -> Option<&'h str> {
        self.caps.get_group(i).map(|s| &self.hay[s.range()])
    }
}

impl FixedRegex {
    pub const fn new(pattern: &'static str) -> FixedRegex {
        FixedRegex {
            pattern,
            full: OnceLock::new(),
            ascii: OnceLock::new(),
        }
    }

    /// The automaton for `hay`.
    #[allow(clippy::expect_used)]
    fn pick(&self, hay: &str) -> &meta::Regex {
        if !hay.is_ascii() {
            return self.full.get_or_init(|| {
                meta::Regex::new(self.pattern).expect("built-in pattern compiles")
            });
        }
        self.ascii.get_or_init(|| {
            let hir = regex_syntax::Parser::new()
                .parse(self.pattern)
                .expect("built-in pattern parses");
            meta::Regex::builder()
                .build_from_hir(&crate::rules::boilerplate::cut_to_ascii(&hir))
                .expect("built-in pattern compiles")
        })
    }

    pub fn is_match(&self, hay: &str) -> bool {
        self.pick(hay).is_match(hay)
    }

    /// The groups of the leftmost-first match in `hay`, if any.
    pub fn captures<'h>(&self, hay: &'h str) -> Option<Groups<'h>> {
        let re = self.pick(hay);
        let mut caps = re.create_captures();
        re.captures(hay, &mut caps);
        caps.is_match().then_some(Groups { hay, caps })
    }
}

/// Reads whole lines of a JSONL feed: `bytes` starts at line `first_line`
/// of the file `name`, `base` bytes into it (so a warning names the file's
/// own line and byte offset).
pub fn read_feed_part(
    name: &str,
    bytes: &[u8],
    first_line: usize,
    base: u64,
) -> (Vec<Article>, Vec<InputWarning>) {
    let mut warnings = Vec::new();
    let text = decode_utf8_at(name, bytes, base, &mut warnings);
    let (articles, more) = feed::read_from(name, &text, first_line);
    warnings.extend(more);
    (articles, warnings)
}

/// Decodes UTF-8, replacing invalid sequences with U+FFFD. One warning
/// names the first bad byte offset; record offsets refer to the decoded text.
pub fn decode_utf8(name: &str, bytes: &[u8], warnings: &mut Vec<InputWarning>) -> String {
    decode_utf8_at(name, bytes, 0, warnings)
}

/// [`decode_utf8`] for bytes that start `base` bytes into the file.
fn decode_utf8_at(name: &str, bytes: &[u8], base: u64, warnings: &mut Vec<InputWarning>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            warnings.push(InputWarning {
                doc: name.to_string(),
                message: format!(
                    "invalid UTF-8 at byte {}; decoded lossily (offsets refer to the decoded text)",
                    base + e.valid_up_to() as u64
                ),
            });
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_from_extension_then_content() {
        let page = b"<!DOCTYPE html><html><body><p>Hi.</p></body></html>";
        let feed = b"{\"text\": \"Hi.\"}\n";
        let auto = InputKind::Auto;
        assert_eq!(auto.resolve("a.HTML", b"plain"), InputKind::Html);
        assert_eq!(auto.resolve("a.ndjson", b"plain"), InputKind::Jsonl);
        assert_eq!(auto.resolve("a", page), InputKind::Html);
        assert_eq!(auto.resolve("-", feed), InputKind::Jsonl);
        assert_eq!(auto.resolve("a.txt", page), InputKind::Text);
        assert_eq!(auto.resolve("a", b"Plain words."), InputKind::Text);
        assert_eq!(InputKind::Html.resolve("a.txt", b"x"), InputKind::Html);
    }

    #[test]
    fn empty_page_is_a_warning() {
        let page = b"<html><body><nav><p>Home</p></nav></body></html>";
        let (arts, warns) = read_articles("p.html", page, InputKind::Auto);
        assert_eq!(arts[0].text, "");
        assert_eq!(warns[0].message, "no article text found in the page");
    }

    #[test]
    fn plain_text_is_kept_as_it_is() {
        let text = " date 2026-03-05 X\nHeadline of the story\n\nBody.\n";
        let (arts, warns) = read_articles("a.txt", text.as_bytes(), InputKind::Auto);
        assert!(warns.is_empty());
        assert_eq!(arts[0].text, text);
        assert_eq!(arts[0].meta.date.as_deref(), Some("2026-03-05"));
    }
}
