//! WARC input through the command line: archives built at test time from
//! ../shared/data/readability-pages (never committed) give the records of
//! the same pages read as HTML files, with the url from `WARC-Target-URI`
//! and the date from the page, else from `WARC-Date`. Also: progress output
//! stays off when stderr is not a terminal, and `--stats` forces the summary.

// Tests may unwrap: a panic is a failed test with its reason.
#![allow(clippy::unwrap_used)]

use flate2::write::GzEncoder;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use whosaid::Record;

const WARC_DATE: &str = "2023-04-05T06:07:08Z";

/// The readability pages (the tests that use them are ignored without
/// ../shared; scripts/test runs them).
fn pages_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/readability-pages")
}

/// Every page `NAME/source.html`, in name order.
fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().join("source.html"))
        .filter(|p| p.is_file())
        .collect();
    v.sort();
    assert!(v.len() >= 20, "{} pages", v.len());
    v
}

fn whosaid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .output()
        .unwrap()
}

fn records(out: &Output) -> Vec<Record> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: {WARC_DATE}\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\nWARC-Target-URI: {uri}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn url(i: usize) -> String {
    format!("https://news.example/story/{i}")
}

/// A crawl of the pages as a crawler writes it: a warcinfo record, then
/// for each page a request, its response and a metadata record, plus one
/// image response; returns the records (one gzip member each when `gz`).
fn crawl(pages: &[PathBuf]) -> Vec<Vec<u8>> {
    let mut recs = vec![warc_record(
        "warcinfo",
        "",
        "application/warc-fields",
        b"software: whosaid tests\r\n",
    )];
    for (i, p) in pages.iter().enumerate() {
        let html = std::fs::read(p).unwrap();
        let request = format!("GET /story/{i} HTTP/1.1\r\nHost: news.example\r\n\r\n");
        recs.push(warc_record(
            "request",
            &url(i),
            "application/http; msgtype=request",
            request.as_bytes(),
        ));
        let mut response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n",
            html.len()
        )
        .into_bytes();
        response.extend_from_slice(&html);
        recs.push(warc_record(
            "response",
            &url(i),
            "application/http; msgtype=response",
            &response,
        ));
        recs.push(warc_record(
            "metadata",
            &url(i),
            "application/warc-fields",
            b"fetchTimeMs: 12\r\n",
        ));
    }
    recs.push(warc_record(
        "response",
        "https://news.example/logo.png",
        "application/http; msgtype=response",
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n",
    ));
    recs
}

fn gzip(member: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(member).unwrap();
    enc.finish().unwrap()
}

/// The records of every page read as an HTML file (one run over them
/// all), each page's apart.
fn html_records(pages: &[PathBuf]) -> Vec<Vec<Record>> {
    let mut args = vec!["extract", "-j", "2", "--input", "html"];
    args.extend(pages.iter().map(|p| p.to_str().unwrap()));
    let all = records(&whosaid(&args));
    pages
        .iter()
        .map(|p| {
            let doc = p.to_str().unwrap();
            all.iter().filter(|r| r.doc == doc).cloned().collect()
        })
        .collect()
}

/// The records the archive `name` must give: each page's HTML records,
/// named after its response record (the 3rd of each page's 3, after the
/// warcinfo), with the crawl's url and, where the page has none, its date.
fn expected(name: &str, html: &[Vec<Record>]) -> Vec<Record> {
    let mut want = Vec::new();
    for (i, recs) in html.iter().enumerate() {
        for r in recs {
            let mut r = r.clone();
            r.doc = format!("{name}#{}", 3 + 3 * i);
            r.meta.url = Some(url(i));
            if r.meta.date.is_none() {
                r.meta.date = Some(WARC_DATE.to_string());
            }
            want.push(r);
        }
    }
    want
}

#[test]
#[ignore = "needs ../shared (readability pages)"]
fn a_warc_gives_the_records_of_its_pages_read_as_html() {
    let dir = pages_dir();
    let pages = pages(&dir);
    let tmp = tempfile::tempdir().unwrap();
    let recs = crawl(&pages);
    let plain = tmp.path().join("crawl.warc");
    std::fs::write(&plain, recs.concat()).unwrap();
    let gz = tmp.path().join("crawl.warc.gz");
    std::fs::write(&gz, recs.iter().flat_map(|r| gzip(r)).collect::<Vec<u8>>()).unwrap();

    let html = html_records(&pages);
    let mut total = 0;
    for (path, jobs) in [(&plain, "1"), (&gz, "2")] {
        let name = path.to_str().unwrap();
        let want = expected(name, &html);
        assert!(want.len() > 50, "{} records", want.len());
        assert!(want
            .iter()
            .any(|r| r.meta.date.as_deref() == Some(WARC_DATE)));
        let got = records(&whosaid(&["extract", "-j", jobs, name]));
        assert_eq!(got.len(), want.len(), "{name}");
        for (g, w) in got.iter().zip(&want) {
            assert_eq!(g, w);
        }
        total += got.len();
    }
    assert!(total > 0);
}

#[test]
#[ignore = "needs ../shared (readability pages)"]
fn warc_on_stdin_and_the_summary_counts_skipped_records() {
    let dir = pages_dir();
    let pages = &pages(&dir)[..3];
    let gz: Vec<u8> = crawl(pages).iter().flat_map(|r| gzip(r)).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(["extract", "--input", "warc", "--stats", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || stdin.write_all(&gz).unwrap());
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    let got = records(&out);
    assert!(got.iter().all(|r| r.doc.starts_with("-#")));
    let stderr = String::from_utf8(out.stderr).unwrap();
    // warcinfo + 3 requests + 3 metadata + 1 image = 8 skipped records
    assert!(
        stderr.starts_with(&format!(
            "whosaid: 3 articles, {} records, 0 warnings, 8 skipped in ",
            got.len()
        )),
        "{stderr}"
    );
}

#[test]
#[ignore = "needs ../shared (readability pages)"]
fn no_progress_or_summary_when_stderr_is_not_a_terminal() {
    let dir = pages_dir();
    let pages = pages(&dir);
    let names: Vec<&str> = pages.iter().map(|p| p.to_str().unwrap()).collect();
    let mut args = vec!["extract", "--input", "html"];
    args.extend(&names);
    let out = whosaid(&args);
    assert!(out.status.success());
    assert!(!out.stdout.is_empty());
    // the pages themselves may warn; nothing else is written
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.lines().all(|l| l.starts_with("whosaid: warning: ")),
        "{stderr}"
    );
    args.insert(1, "--quiet");
    assert_eq!(whosaid(&args).stdout, out.stdout);
}

#[test]
#[ignore = "needs ../shared (readability pages)"]
fn a_truncated_archive_keeps_the_records_read_and_fails() {
    let dir = pages_dir();
    let pages = &pages(&dir)[..4];
    let mut bytes = crawl(pages).concat();
    let whole = bytes.len();
    bytes.truncate(whole - 200);
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("cut.warc");
    std::fs::write(&path, &bytes).unwrap();
    let out = whosaid(&["extract", "-j", "1", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("WARC record ") && stderr.contains("; the rest of the archive is not read"),
        "{stderr}"
    );
    // the pages before the cut are all there
    let got: Vec<Record> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let name = path.to_str().unwrap();
    let want = expected(name, &html_records(pages));
    assert!(!got.is_empty());
    assert_eq!(got[..], want[..got.len()]);
}
