//! WARC archives (ISO 28500, as web crawls such as Common Crawl's CC-NEWS
//! write them): `.warc` files, and `.warc.gz` files made of one gzip member
//! per record.
//!
//! [`WarcReader`] reads records one at a time from any byte stream (it never
//! holds more than one record), decompressing gzip itself when the stream
//! starts with the gzip magic bytes. [`page`] picks the records that hold a
//! web page: `response` records whose HTTP payload is HTML. Every other
//! record (`warcinfo`, `request`, `metadata`, images, redirects, ...) is
//! left out, and callers count it as skipped.
//!
//! A page becomes an article through the page reader ([`super::html`]), with
//! `url` from `WARC-Target-URI` and `date` from the page, else from
//! `WARC-Date`.

use super::{read_page, Article, InputWarning};
use flate2::bufread::MultiGzDecoder;
use std::io::{self, BufRead, BufReader, Read};

/// Records longer than this are refused as malformed (a corrupt length
/// field must not make the reader allocate without bound).
pub const MAX_RECORD: u64 = 1 << 30;

/// One WARC record: its named header fields and its block.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WarcRecord {
    /// Header fields in file order, names as written.
    pub headers: Vec<(String, String)>,
    /// The record block (`Content-Length` bytes).
    pub body: Vec<u8>,
}

impl WarcRecord {
    /// The value of header field `name` (matched case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A web page found in a WARC record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcPage {
    /// The record's 1-based position in its file (records of every type counted).
    pub record: usize,
    /// `WARC-Target-URI`.
    pub url: Option<String>,
    /// `WARC-Date` (an ISO 8601 timestamp such as `2024-05-01T10:20:30Z`).
    pub date: Option<String>,
    /// The `charset=` of the HTTP `Content-Type`, which decodes the page
    /// before any `<meta charset>` in it, as in a browser.
    pub charset: Option<String>,
    /// The HTTP payload: the page's bytes.
    pub html: Vec<u8>,
}

/// True for names that say WARC: `.warc`, `.warc.gz` (any case).
pub fn is_warc_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".warc") || lower.ends_with(".warc.gz")
}

/// True when `bytes` start like a WARC file: `WARC/` or gzip magic bytes
/// whose first member starts with `WARC/`.
pub fn sniff(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"WARC/") {
        return true;
    }
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut head = [0u8; 5];
        let mut dec = MultiGzDecoder::new(bytes);
        return dec.read_exact(&mut head).is_ok() && &head == b"WARC/";
    }
    false
}

/// Reads WARC records one by one from a stream (plain or gzip).
pub struct WarcReader {
    input: Box<dyn BufRead + Send>,
    /// Records read so far.
    count: usize,
    /// Uncompressed bytes read so far.
    bytes: u64,
    line: Vec<u8>,
}

impl std::fmt::Debug for WarcReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WarcReader")
            .field("count", &self.count)
            .field("bytes", &self.bytes)
            .finish_non_exhaustive()
    }
}

impl WarcReader {
    /// A reader over `input`, decompressing it when it starts with the
    /// gzip magic bytes (every member in turn, as `.warc.gz` files are
    /// one member per record).
    pub fn new(input: impl Read + Send + 'static) -> io::Result<WarcReader> {
        let mut buffered = BufReader::with_capacity(1 << 16, input);
        let gzip = buffered.fill_buf()?.starts_with(&[0x1f, 0x8b]);
        let input: Box<dyn BufRead + Send> = if gzip {
            Box::new(BufReader::with_capacity(
                1 << 16,
                MultiGzDecoder::new(buffered),
            ))
        } else {
            Box::new(buffered)
        };
        Ok(WarcReader {
            input,
            count: 0,
            bytes: 0,
            line: Vec::new(),
        })
    }

    /// Opens a WARC file.
    pub fn open(path: &std::path::Path) -> io::Result<WarcReader> {
        let file = std::fs::File::open(path)?;
        if file.metadata()?.is_dir() {
            return Err(io::Error::other("is a directory"));
        }
        WarcReader::new(file)
    }

    /// Records read so far.
    pub fn records(&self) -> usize {
        self.count
    }

    /// Uncompressed bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    fn bad(&self, what: &str) -> io::Error {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "WARC record {} (byte {} uncompressed): {what}",
                self.count + 1,
                self.bytes
            ),
        )
    }

    /// Reads one line (with its line break) into `self.line`; false at the
    /// end of the input.
    fn read_line(&mut self) -> io::Result<bool> {
        self.line.clear();
        let n = self.input.read_until(b'\n', &mut self.line)?;
        self.bytes += n as u64;
        Ok(n > 0)
    }

    /// The next record, `None` at the end of the input. A malformed record
    /// is an `InvalidData` error naming the record and its byte offset;
    /// the stream cannot be read past it.
    pub fn next_record(&mut self) -> io::Result<Option<WarcRecord>> {
        // blank lines between records are tolerated
        loop {
            if !self.read_line()? {
                return Ok(None);
            }
            if !trim_eol(&self.line).is_empty() {
                break;
            }
        }
        if !self.line.starts_with(b"WARC/") {
            return Err(self.bad("does not start with a WARC/ version line"));
        }
        let mut headers = Vec::new();
        loop {
            if !self.read_line()? {
                return Err(self.bad("the input ends inside the header"));
            }
            let line = trim_eol(&self.line);
            if line.is_empty() {
                break;
            }
            // a continuation line (leading space or tab) extends the last field
            if matches!(line.first(), Some(b' ' | b'\t')) {
                if let Some((_, v)) = headers.last_mut() {
                    let v: &mut String = v;
                    v.push(' ');
                    v.push_str(String::from_utf8_lossy(line).trim());
                }
                continue;
            }
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                return Err(self.bad("a header line without a colon"));
            };
            let name = String::from_utf8_lossy(&line[..colon]).trim().to_string();
            let value = String::from_utf8_lossy(&line[colon + 1..])
                .trim()
                .to_string();
            headers.push((name, value));
        }
        let record = WarcRecord {
            headers,
            body: Vec::new(),
        };
        let len = match record.header("Content-Length").map(str::parse::<u64>) {
            Some(Ok(n)) if n <= MAX_RECORD => n,
            Some(Ok(n)) => return Err(self.bad(&format!("Content-Length {n} is too large"))),
            _ => return Err(self.bad("no valid Content-Length")),
        };
        let mut body = Vec::with_capacity(len.min(1 << 24) as usize);
        let got = (&mut self.input).take(len).read_to_end(&mut body)?;
        self.bytes += got as u64;
        if (got as u64) < len {
            return Err(self.bad("the input ends inside the record block"));
        }
        self.count += 1;
        Ok(Some(WarcRecord { body, ..record }))
    }
}

impl Iterator for WarcReader {
    type Item = io::Result<WarcRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_record().transpose()
    }
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// The web page in `rec`, if it is a `response` record whose HTTP payload
/// is HTML (by its `Content-Type`, else by its content); `number` is the
/// record's position in its file.
pub fn page(rec: &WarcRecord, number: usize) -> Option<WarcPage> {
    if !rec
        .header("WARC-Type")
        .is_some_and(|t| t.eq_ignore_ascii_case("response"))
    {
        return None;
    }
    let body = &rec.body[..];
    // the HTTP head ends at the first blank line
    let head_end = memchr::memmem::find(body, b"\r\n\r\n")
        .map(|i| i + 4)
        .or_else(|| memchr::memmem::find(body, b"\n\n").map(|i| i + 2))?;
    let head = String::from_utf8_lossy(&body[..head_end]);
    let mut lines = head.lines();
    let status = lines.next()?;
    if !status.starts_with("HTTP/") {
        return None;
    }
    let code = status.split_whitespace().nth(1)?;
    if code != "200" {
        return None;
    }
    let mut content_type = None;
    let mut encoded = false;
    for l in lines {
        if let Some((n, v)) = l.split_once(':') {
            let n = n.trim();
            if n.eq_ignore_ascii_case("content-type") {
                content_type = Some(v.trim().to_ascii_lowercase());
            } else if (n.eq_ignore_ascii_case("content-encoding")
                && !v.trim().eq_ignore_ascii_case("identity"))
                || (n.eq_ignore_ascii_case("transfer-encoding")
                    && v.trim().eq_ignore_ascii_case("chunked"))
            {
                // the crawler kept the transfer form: not a page as it is
                encoded = true;
            }
        }
    }
    let payload = &body[head_end..];
    let html = match &content_type {
        Some(t) => t.contains("html"),
        None => super::html::sniff(payload),
    };
    if !html || encoded {
        return None;
    }
    Some(WarcPage {
        record: number,
        url: rec.header("WARC-Target-URI").map(|u| {
            // WARC/1.0 writers differ: some wrap the URI in angle brackets
            u.trim_start_matches('<').trim_end_matches('>').to_string()
        }),
        date: rec
            .header("WARC-Date")
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        charset: content_type.as_deref().and_then(http_charset),
        html: payload.to_vec(),
    })
}

/// The `charset` parameter of a (lower-cased) `Content-Type` value.
fn http_charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
        (name.trim() == "charset" && !value.is_empty()).then(|| value.to_string())
    })
}

/// What records name as `doc` for the page: the file and the record's
/// position in it, `name#N`.
pub fn page_doc(name: &str, page: &WarcPage) -> String {
    format!("{name}#{}", page.record)
}

/// The article of a page from the WARC file `name`: the page reader's
/// ([`read_page`], as for a page in a file), with the HTTP charset.
pub fn article(name: &str, page: &WarcPage) -> (Article, Vec<InputWarning>) {
    let doc = page_doc(name, page);
    let (articles, warnings) = read_page(&doc, &page.html, page.charset.as_deref());
    let mut article = articles.into_iter().next().unwrap_or(Article {
        doc,
        text: String::new(),
        meta: Default::default(),
    });
    if page.url.is_some() {
        article.meta.url = page.url.clone();
    }
    if article.meta.date.is_none() {
        article.meta.date = page.date.clone();
    }
    (article, warnings)
}

/// Reads a whole WARC file held in memory: its pages' articles, with a
/// warning for the records that are not HTML responses (counted) and for a
/// malformed record (reading stops there).
pub fn read(name: &str, bytes: &[u8]) -> (Vec<Article>, Vec<InputWarning>) {
    let mut articles = Vec::new();
    let mut warnings = Vec::new();
    let mut skipped = 0usize;
    let mut reader = match WarcReader::new(io::Cursor::new(bytes.to_vec())) {
        Ok(r) => r,
        Err(e) => {
            warnings.push(InputWarning {
                doc: name.to_string(),
                message: e.to_string(),
            });
            return (articles, warnings);
        }
    };
    loop {
        match reader.next_record() {
            Ok(Some(rec)) => match page(&rec, reader.records()) {
                Some(p) => {
                    let (a, w) = article(name, &p);
                    articles.push(a);
                    warnings.extend(w);
                }
                None => skipped += 1,
            },
            Ok(None) => break,
            Err(e) => {
                warnings.push(InputWarning {
                    doc: name.to_string(),
                    message: format!("{e}; the rest of the archive is not read"),
                });
                break;
            }
        }
    }
    if skipped > 0 {
        warnings.push(InputWarning {
            doc: name.to_string(),
            message: format!("{skipped} WARC record(s) skipped (not an HTML response)"),
        });
    }
    (articles, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A WARC record as writers lay it out.
    fn record(kind: &str, uri: &str, block: &[u8]) -> Vec<u8> {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-05-01T10:20:30Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        out.extend_from_slice(block);
        out.extend_from_slice(b"\r\n\r\n");
        out
    }

    fn http(ctype: &str, body: &str) -> Vec<u8> {
        format!("HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\n\r\n{body}").into_bytes()
    }

    fn gzip(member: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(member).unwrap();
        enc.finish().unwrap()
    }

    fn sample() -> Vec<Vec<u8>> {
        vec![
            record("warcinfo", "", b"software: a test\r\n"),
            record(
                "response",
                "https://news.example/a",
                &http(
                    "text/html; charset=utf-8",
                    "<html><body><p>\"Fares will rise,\" Tom Hale said.</p></body></html>",
                ),
            ),
            record(
                "request",
                "https://news.example/a",
                b"GET /a HTTP/1.1\r\n\r\n",
            ),
            record(
                "response",
                "https://news.example/b.png",
                &http("image/png", "not a page"),
            ),
        ]
    }

    #[test]
    fn plain_and_gzip_files_give_the_same_records() {
        let recs = sample();
        let plain = recs.concat();
        let gz: Vec<u8> = recs.iter().flat_map(|r| gzip(r)).collect();
        let read = |bytes: Vec<u8>| {
            WarcReader::new(io::Cursor::new(bytes))
                .unwrap()
                .collect::<io::Result<Vec<_>>>()
                .unwrap()
        };
        let a = read(plain);
        assert_eq!(a.len(), 4);
        assert_eq!(a, read(gz));
        assert_eq!(a[1].header("warc-type"), Some("response"));
        assert!(a[1].body.starts_with(b"HTTP/1.1 200"));
        assert!(a[1].body.ends_with(b"</html>"));
    }

    #[test]
    fn only_html_responses_are_pages() {
        let recs = sample().concat();
        let read: Vec<_> = WarcReader::new(io::Cursor::new(recs))
            .unwrap()
            .collect::<io::Result<_>>()
            .unwrap();
        let pages: Vec<_> = read
            .iter()
            .enumerate()
            .filter_map(|(i, r)| page(r, i + 1))
            .collect();
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].record, 2);
        assert_eq!(pages[0].url.as_deref(), Some("https://news.example/a"));
        assert_eq!(pages[0].date.as_deref(), Some("2024-05-01T10:20:30Z"));
        assert!(pages[0].html.starts_with(b"<html>"));
    }

    #[test]
    fn a_page_becomes_an_article_with_the_warc_url_and_date() {
        let (articles, warnings) = read("crawl.warc", &sample().concat());
        assert_eq!(articles.len(), 1);
        let a = &articles[0];
        assert_eq!(a.doc, "crawl.warc#2");
        assert!(a.text.contains("Fares will rise"), "{:?}", a.text);
        assert_eq!(a.meta.url.as_deref(), Some("https://news.example/a"));
        assert_eq!(a.meta.date.as_deref(), Some("2024-05-01T10:20:30Z"));
        assert!(
            warnings
                .iter()
                .any(|w| w.message.starts_with("3 WARC record(s) skipped")),
            "{warnings:?}"
        );
    }

    #[test]
    fn the_http_charset_decodes_the_page_before_its_meta() {
        // windows-1252 curly quotes; the page's own <meta> names another
        // charset, which a browser overrides with the HTTP header's
        let mut body = b"<html><head><meta charset=\"iso-8859-5\"></head><body><p>".to_vec();
        body.extend_from_slice(b"\x93Fares will rise,\x94 Tom Hale said.</p></body></html>");
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; Charset=\"Windows-1252\"\r\n\r\n"
                .to_vec();
        block.extend_from_slice(&body);
        let rec = record("response", "https://news.example/c", &block);
        let (articles, _) = read("crawl.warc", &rec);
        assert_eq!(articles.len(), 1);
        assert!(
            articles[0]
                .text
                .contains("\u{201c}Fares will rise,\u{201d}"),
            "{:?}",
            articles[0].text
        );
        assert_eq!(http_charset("text/html"), None);
        assert_eq!(http_charset("text/html; charset="), None);
        assert_eq!(
            http_charset("text/html; q=1; charset='utf-8'").as_deref(),
            Some("utf-8")
        );
    }

    #[test]
    fn malformed_records_are_errors_that_name_the_record() {
        let mut bytes = sample().concat();
        bytes.extend_from_slice(
            b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99\r\n\r\nshort",
        );
        let mut reader = WarcReader::new(io::Cursor::new(bytes)).unwrap();
        for _ in 0..4 {
            reader.next_record().unwrap().unwrap();
        }
        let e = reader.next_record().unwrap_err();
        assert!(e.to_string().contains("WARC record 5"), "{e}");
        assert!(
            e.to_string().contains("ends inside the record block"),
            "{e}"
        );
        for bad in [
            &b"HTTP/1.1 200 OK\r\n\r\n"[..],
            b"WARC/1.0\r\nno colon here\r\n\r\n",
            b"WARC/1.0\r\nContent-Length: x\r\n\r\n",
            b"WARC/1.0\r\nContent-Length: 5\r\n",
        ] {
            let mut r = WarcReader::new(io::Cursor::new(bad.to_vec())).unwrap();
            assert!(
                r.next_record().is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn names_and_content_are_recognised() {
        assert!(is_warc_name("CC-NEWS-2024.warc.gz"));
        assert!(is_warc_name("x.WARC"));
        assert!(!is_warc_name("x.warc.txt"));
        let plain = sample().concat();
        assert!(sniff(&plain));
        assert!(sniff(&gzip(&plain)));
        assert!(!sniff(&gzip(b"plain text")));
        assert!(!sniff(b"plain text"));
    }
}
