//! Inputs through the command line: web pages (tests/pages/*.html, built
//! around the seed articles' text with chrome of our own), JSONL feeds and
//! plain-text headers, plus a feed of the PolNeAR train split built at test
//! time from ../shared (never committed).

// Tests may unwrap: a panic is a failed test with its reason.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use whosaid::input::{read_articles, InputKind};
use whosaid::Record;

const SEEDS: [&str; 3] = [
    "000_2e8388431a05906f",
    "003_6f7a057931b7b1fd",
    "004_6a13a58bee43fb57",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn whosaid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .current_dir(root())
        .env("COLUMNS", "100")
        .output()
        .unwrap()
}

/// Runs whosaid in the crate root with `input` on its standard input.
fn whosaid_with_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn records(out: &Output) -> Vec<Record> {
    stdout(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// What users see from a run: exit code, stderr, stdout.
fn shown(out: &Output) -> String {
    format!(
        "exit: {}\n--- stderr\n{}--- stdout\n{}",
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stderr),
        stdout(out)
    )
}

fn snapshot(name: &str, value: &str) {
    let settings = crate::support::snapshot_settings();
    settings.bind(|| insta::assert_snapshot!(name, value));
}

fn page(seed: &str) -> String {
    format!("tests/pages/{seed}.html")
}

fn article(seed: &str) -> String {
    format!("tests/articles/{seed}.txt")
}

/// (kind, speaker, quote) of each record, counted.
fn quotes(recs: &[Record]) -> BTreeMap<(String, String, String), usize> {
    let mut m = BTreeMap::new();
    for r in recs {
        let speaker = r
            .speaker
            .as_ref()
            .map(|s| s.name.clone())
            .unwrap_or_default();
        *m.entry((r.kind.as_str().to_string(), speaker, r.quote.clone()))
            .or_insert(0) += 1;
    }
    m
}

/// The seed text with each run of whitespace as one space.
fn normalised(text: &str) -> String {
    text.split(|c: char| c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn html_page_gives_the_plain_text_records() {
    for seed in SEEDS {
        let plain = quotes(&records(&whosaid(&["extract", &article(seed)])));
        let html_out = whosaid(&["extract", &page(seed)]);
        assert!(html_out.status.success());
        let html = quotes(&records(&html_out));
        // Every record from the page is one the plain text gives too...
        for (k, n) in &html {
            assert!(
                plain.get(k).is_some_and(|m| m >= n),
                "{seed}: record only from the page: {k:?}"
            );
        }
        // ...and for seed 000, whose plain text has no chrome, all of them.
        if seed.starts_with("000") {
            assert_eq!(html, plain, "{seed}: page and plain text differ");
        }
    }
}

#[test]
fn no_boilerplate_in_page_text_or_quotes() {
    for seed in SEEDS {
        let seed_text = normalised(&std::fs::read_to_string(root().join(article(seed))).unwrap());
        let text = stdout(&whosaid(&["extract", "--emit-text", &page(seed)]));
        for para in text.split("\n\n") {
            let para = normalised(para);
            assert!(
                seed_text.contains(&para),
                "{seed}: paragraph not from the article: {para:?}"
            );
        }
        let recs = records(&whosaid(&["extract", &page(seed)]));
        assert!(!recs.is_empty());
        for r in &recs {
            for s in &r.spans {
                let quoted = normalised(&text[s[0]..s[1]]);
                assert!(
                    seed_text.contains(&quoted),
                    "{seed}: quote from chrome: {quoted:?}"
                );
            }
        }
    }
}

#[test]
fn html_offsets_refer_to_the_emitted_text() {
    let text = stdout(&whosaid(&["extract", "--emit-text", &page(SEEDS[0])]));
    let recs = records(&whosaid(&["extract", "--input", "html", &page(SEEDS[0])]));
    for r in &recs {
        let joined: Vec<&str> = r.spans.iter().map(|s| &text[s[0]..s[1]]).collect();
        assert_eq!(joined.join(whosaid::record::SEGMENT_JOINER), r.quote);
        if let Some(sp) = &r.speaker {
            assert_eq!(&text[sp.span[0]..sp.span[1]], sp.mention);
        }
    }
}

#[test]
fn html_page_metadata() {
    let recs = records(&whosaid(&["extract", &page(SEEDS[0])]));
    let m = &recs[0].meta;
    assert_eq!(
        m.title.as_deref(),
        Some("US officials have denied any ongoing negotiations")
    );
    assert_eq!(
        m.url.as_deref(),
        Some("https://www.example-news.test/world/us-officials-deny-negotiations")
    );
    assert_eq!(m.date.as_deref(), Some("2026-03-05T11:21:00+05:30"));
    assert_eq!(m.outlet.as_deref(), Some("NewsBytes"));
    assert_eq!(m.author.as_deref(), Some("Chanshimla Varah"));
    // The byline names an author, never a speaker.
    assert!(recs
        .iter()
        .all(|r| r.speaker.as_ref().is_none_or(|s| !s.name.contains("Varah"))));
}

#[test]
fn html_is_detected_by_content_and_forced_by_flag() {
    let html = std::fs::read(root().join(page(SEEDS[0]))).unwrap();
    let by_content = read_articles("page-without-extension", &html, InputKind::Auto).0;
    let by_name = read_articles("page.html", &html, InputKind::Auto).0;
    assert_eq!(by_content[0].text, by_name[0].text);
    assert!(!by_content[0].text.contains('<'));
    let as_text = read_articles("page.html", &html, InputKind::Text).0;
    assert!(as_text[0].text.starts_with("<!DOCTYPE html>"));
}

#[test]
fn cli_html_emit_text() {
    snapshot(
        "formats_html_emit_text",
        &shown(&whosaid(&["extract", "--emit-text", &page(SEEDS[0])])),
    );
}

#[test]
fn cli_jsonl_feed() {
    let out = whosaid(&["extract", "--format", "csv", "tests/pages/feed.jsonl"]);
    // Bad lines are warnings; the rest of the feed is read.
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("feed.jsonl:3: malformed JSON"));
    assert!(err.contains("feed.jsonl:4: no article text"));
    snapshot("formats_feed_csv", &shown(&out));
}

#[test]
fn cli_feed_detected_by_content_from_stdin() {
    let feed = std::fs::read(root().join("tests/pages/feed.jsonl")).unwrap();
    let out = whosaid_with_stdin(&["extract", "--emit-text"], &feed);
    let text = stdout(&out);
    assert!(text.contains("==> np-1 <==\nThe council approved"));
    assert!(text.contains("==> -:5 <==\n\"Prices will fall,\""));
}

#[test]
fn cli_plain_text_header() {
    let out = whosaid(&["extract", "--format", "csv", "tests/pages/header.txt"]);
    snapshot("formats_text_header_csv", &shown(&out));
    let recs = records(&whosaid(&["extract", "tests/pages/header.txt"]));
    assert!(!recs.is_empty());
    for r in &recs {
        assert_eq!(r.meta.date.as_deref(), Some("2026-03-05"));
        assert_eq!(r.meta.author.as_deref(), Some("Jane Roe"));
        assert_eq!(r.meta.outlet.as_deref(), Some("PTI"));
        assert_eq!(
            r.meta.title.as_deref(),
            Some("Port workers end strike after pay deal")
        );
        assert!(r.speaker.as_ref().is_none_or(|s| s.name != "Jane Roe"));
    }
}

/// Where ../shared is; the tests that call this are ignored without it.
fn shared() -> PathBuf {
    let dir = root().join("../shared");
    assert!(dir.is_dir(), "{} is absent", dir.display());
    dir
}

#[test]
#[ignore = "needs ../shared (PolNeAR train JSONL)"]
fn polnear_train_as_one_feed() {
    let shared = shared();
    let source = std::fs::read_to_string(shared.join("data/polnear-train.jsonl")).unwrap();
    let dir = std::env::temp_dir().join(format!("whosaid-feed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let feed = dir.join("train.ndjson");
    // news-please field names on even lines, trafilatura's on odd ones.
    let mut lines = Vec::new();
    let mut expected = BTreeMap::new();
    for (i, line) in source.lines().enumerate() {
        let d: serde_json::Value = serde_json::from_str(line).unwrap();
        let id = d["id"].as_str().unwrap().to_string();
        let out = if i % 2 == 0 {
            serde_json::json!({"id": id, "title": d["title"], "maintext": d["text"],
                "date_publish": d["date"], "source_domain": d["publisher"]})
        } else {
            serde_json::json!({"id": id, "title": d["title"], "text": d["text"],
                "date": d["date"], "hostname": d["publisher"]})
        };
        lines.push(out.to_string());
        expected.insert(id, d);
    }
    lines.push("{\"id\": \"broken\", \"text\": ".to_string());
    std::fs::write(&feed, lines.join("\n") + "\n").unwrap();

    let out = whosaid(&["extract", feed.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains(&format!("train.ndjson:{}", expected.len() + 1)));
    let recs = records(&out);
    let mut docs = std::collections::BTreeSet::new();
    for r in &recs {
        let d = &expected[&r.doc];
        assert_eq!(r.meta.title.as_deref(), d["title"].as_str());
        assert_eq!(r.meta.date.as_deref(), d["date"].as_str());
        assert_eq!(r.meta.outlet.as_deref(), d["publisher"].as_str());
        docs.insert(r.doc.clone());
    }
    println!(
        "{} records from {} of {} articles",
        recs.len(),
        docs.len(),
        expected.len()
    );
    assert_eq!(expected.len(), 840);
    assert!(
        docs.len() > 800,
        "only {} articles gave records",
        docs.len()
    );

    // A feed article gives the records its text gives on its own.
    let rules = whosaid::RuleSet::embedded().unwrap();
    let (id, d) = expected.iter().next().unwrap();
    let alone = whosaid::extract(&rules, id, d["text"].as_str().unwrap());
    let from_feed: Vec<&Record> = recs.iter().filter(|r| &r.doc == id).collect();
    assert_eq!(alone.len(), from_feed.len());
    for (a, b) in alone.iter().zip(from_feed) {
        assert_eq!(
            (&a.quote, &a.spans, &a.speaker),
            (&b.quote, &b.spans, &b.speaker)
        );
    }
}

/// The records of `seed`'s page with their offsets moved onto the raw
/// seed file (each span's text found there), for check_seeds.py.
fn remapped_page_records(shared: &Path, seed: &str) -> Vec<serde_json::Value> {
    let text = whosaid(&["extract", "--emit-text", &page(seed)]).stdout;
    let raw = std::fs::read(shared.join(format!("articles/{seed}.txt"))).unwrap();
    let find = |s: &serde_json::Value| -> serde_json::Value {
        let (a, b) = (
            s[0].as_u64().unwrap() as usize,
            s[1].as_u64().unwrap() as usize,
        );
        let seg = &text[a..b];
        let at = raw.windows(seg.len()).position(|w| w == seg).unwrap();
        serde_json::json!([at, at + seg.len()])
    };
    stdout(&whosaid(&["extract", &page(seed)]))
        .lines()
        .map(|l| {
            let mut r: serde_json::Value = serde_json::from_str(l).unwrap();
            let spans: Vec<_> = r["spans"].as_array().unwrap().iter().map(find).collect();
            r["spans"] = spans.into();
            if r["speaker"].is_object() {
                r["speaker"]["span"] = find(&r["speaker"]["span"]);
            }
            r["doc"] = format!("{seed}.txt").into();
            r
        })
        .collect()
}

/// check_seeds.py's report lines about one seed.
fn check_seeds(shared: &Path, records: &str, seed: &str) -> Vec<String> {
    let path =
        std::env::temp_dir().join(format!("whosaid-seeds-{}-{seed}.jsonl", std::process::id()));
    std::fs::write(&path, records).unwrap();
    let out = Command::new("python3")
        .arg(shared.join("eval/check_seeds.py"))
        .arg(&path)
        .output();
    let _ = std::fs::remove_file(&path);
    let out = out.unwrap_or_else(|e| panic!("cannot run python3: {e}"));
    let short = &seed[..3];
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("seeds: must "),
        "check_seeds.py failed: {report}"
    );
    report
        .lines()
        .filter(|l| l.contains(&format!("] {short} ")) || l.contains(&format!("quote {short}:")))
        .map(str::to_string)
        .collect()
}

#[test]
#[ignore = "needs ../shared (seed articles, eval/check_seeds.py) and python3"]
fn check_seeds_on_page_and_plain_text() {
    let shared = shared();
    let seed = SEEDS[0];
    let page_recs: Vec<String> = remapped_page_records(&shared, seed)
        .iter()
        .map(|r| r.to_string())
        .collect();
    let plain = stdout(&whosaid(&["extract", &article(seed)]));
    let from_page = check_seeds(&shared, &(page_recs.join("\n") + "\n"), seed);
    let from_plain = check_seeds(&shared, &plain, seed);
    // The same gold records are missed (if any), and no false quote is added.
    assert_eq!(from_page, from_plain);
}

#[test]
fn cli_jsonl_feed_on_stdin_reads_as_the_file() {
    let feed = std::fs::read(root().join("tests/pages/feed.jsonl")).unwrap();
    let from_file = whosaid(&["extract", "-j", "2", "tests/pages/feed.jsonl"]);
    let from_stdin = whosaid_with_stdin(&["extract", "-j", "2", "--input", "jsonl", "-"], &feed);
    assert_eq!(from_stdin.status.code(), Some(0));
    // the same records; docs without an id or URL are named after the input
    let file_out = stdout(&from_file).replace("tests/pages/feed.jsonl:", "-:");
    assert!(!file_out.is_empty());
    assert_eq!(stdout(&from_stdin), file_out);
    assert!(String::from_utf8_lossy(&from_stdin.stderr).contains("-:3: malformed JSON"));
}
