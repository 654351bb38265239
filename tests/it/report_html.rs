//! The HTML report (`extract -f html`) and the compare page (`compare -f
//! html`): snapshots of the seeds' pages, escaping of hostile articles, and
//! the pages loaded in a real browser (headless Chromium) with their DOM
//! checked: one highlighted element per record segment holding exactly the
//! record's text, the page's own script ran, and no article script did.
//!
//! The browser tests need Chromium (Debian's `chromium`). Without it they
//! print why and pass, except under CI=true, where they fail: CI installs
//! it (.ci/run), so they are never skipped there.

// Test helpers panic on failure like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::rules_without;
use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;
use whosaid::Record;

const SEEDS: [&str; 3] = [
    "tests/articles/000_2e8388431a05906f.txt",
    "tests/articles/003_6f7a057931b7b1fd.txt",
    "tests/articles/004_6a13a58bee43fb57.txt",
];

fn whosaid(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("run whosaid");
    assert!(
        out.status.success(),
        "whosaid {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn extract(format: &str, files: &[&str]) -> String {
    let mut args = vec!["extract", "-j", "1", "-f", format];
    args.extend(files);
    String::from_utf8(whosaid(&args)).expect("UTF-8 output")
}

fn records(files: &[&str]) -> Vec<Record> {
    extract("jsonl", files)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a record"))
        .collect()
}

fn snapshot(name: &str, text: &str) {
    let settings = crate::support::snapshot_settings();
    settings.bind(|| insta::assert_snapshot!(name, text));
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

/// Checks a page (as written, or as the browser left its DOM) against the
/// records: one `mark.q` per segment, in record order, each holding the
/// article text at its span; the cue and speaker underlines link to a
/// mark of their record.
fn check_marks(page: &str, recs: &[Record], texts: &dyn Fn(&str) -> String) {
    let dom = Html::parse_document(page);
    let marks: Vec<_> = dom.select(&sel("mark.q[data-r]")).collect();
    let segments: usize = recs.iter().map(|r| r.spans.len()).sum();
    assert_eq!(marks.len(), segments, "one highlighted span per segment");
    let mut seen = std::collections::BTreeSet::new();
    for m in &marks {
        let r: usize = m.attr("data-r").unwrap().parse().unwrap();
        let k: usize = m.attr("data-seg").unwrap().parse().unwrap();
        let rec = &recs[r];
        let span = rec.spans[k];
        let text = texts(&rec.doc);
        let got: String = m.text().collect();
        assert_eq!(got, text[span[0]..span[1]], "record {r} segment {k}");
        assert!(seen.insert((r, k)), "segment marked twice");
        assert_eq!(m.attr("tabindex"), Some("0"), "keyboard reachable");
        assert_eq!(m.attr("id"), Some(format!("q{r}-{k}").as_str()));
    }
    // The quote of each record is its marks' text joined.
    for (r, rec) in recs.iter().enumerate() {
        let parts: Vec<String> = marks
            .iter()
            .filter(|m| m.attr("data-r") == Some(r.to_string().as_str()))
            .map(|m| m.text().collect())
            .collect();
        assert_eq!(parts.join(whosaid::record::SEGMENT_JOINER), rec.quote);
    }
    for a in dom.select(&sel("a.cue, a.who")) {
        let target = a.attr("href").unwrap().trim_start_matches('#').to_string();
        let q = dom
            .select(&sel(&format!("mark[id=\"{target}\"]")))
            .next()
            .unwrap_or_else(|| panic!("link {target} has no quote"));
        assert_eq!(q.attr("data-r"), a.attr("data-r"));
    }
}

fn seed_text(doc: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(doc)).unwrap()
}

#[test]
fn seeds_report_marks_every_segment_and_is_snapshotted() {
    let page = extract("html", &SEEDS);
    let recs = records(&SEEDS);
    assert!(!recs.is_empty());
    check_marks(&page, &recs, &seed_text);
    // The panel lists each speaker once with their count.
    let dom = Html::parse_document(&page);
    let total: usize = dom
        .select(&sel("#panel .n"))
        .map(|n| n.text().collect::<String>().parse::<usize>().unwrap())
        .sum();
    assert_eq!(total, recs.iter().filter(|r| r.speaker.is_some()).count());
    // Article headers carry the metadata.
    assert_eq!(dom.select(&sel("article header h2")).count(), 3);
    snapshot("report_html_seeds", &page);
}

#[test]
fn compare_page_puts_the_too_late_statement_in_three_columns_with_its_case_change() {
    let mut args = vec!["compare", "-f", "html"];
    args.extend(SEEDS);
    let page = String::from_utf8(whosaid(&args)).unwrap();
    let dom = Html::parse_document(&page);
    let group = dom
        .select(&sel("section.group"))
        .find(|g| g.text().collect::<String>().contains("Too late for talks"))
        .expect("the too-late group");
    assert_eq!(
        group.select(&sel(".col")).count(),
        3,
        "one column per article"
    );
    let case: Vec<String> = group
        .select(&sel(".w-case"))
        .map(|c| c.text().collect())
        .collect();
    // the reference says "Too"; both other members say "too", and each
    // member's difference from the reference is marked
    assert_eq!(
        case,
        ["too", "too"],
        "the case change is marked in each member"
    );
    snapshot("report_html_compare_seeds", &page);
}

/// Markup in the text and metadata of an article, written to break out of
/// text, attributes, the style sheet and the data block.
const HOSTILE_TEXT: &str = "date 2026-01-02 Hostile Times\n\
Markup <b>bold</b> & friends \"><img src=x onerror=\"document.documentElement.dataset.pwned=1\">\n\n\
\"Nobody runs </style><script>document.documentElement.dataset.pwned=1</script> here,\" said Mayor Ann Lee.\n\n\
\"Quotes ' and \" and </script><!-- and ]]> stay text,\" Lee said. <iframe src=javascript:alert(1)></iframe>\r\n";

fn hostile_feed() -> String {
    let line = serde_json::json!({
        "id": "\"><script>document.documentElement.dataset.pwned=1</script>",
        "title": "</title><script>document.documentElement.dataset.pwned=1</script>",
        "url": "javascript:document.documentElement.dataset.pwned=1",
        "date": "<img src=x onerror=\"document.documentElement.dataset.pwned=1\">",
        "source_domain": "'><svg onload=\"document.documentElement.dataset.pwned=1\">",
        "text": "\"We will not stop,\" said Governor Bo Chan, the head of the region.\n",
    });
    format!("{line}\n")
}

fn hostile_files(dir: &Path) -> (PathBuf, PathBuf) {
    let txt = dir.join("hostile.txt");
    let feed = dir.join("hostile.jsonl");
    std::fs::write(&txt, HOSTILE_TEXT).unwrap();
    std::fs::write(&feed, hostile_feed()).unwrap();
    (txt, feed)
}

#[test]
fn hostile_article_text_and_metadata_stay_text() {
    let dir = tempfile::tempdir().unwrap();
    let (txt, feed) = hostile_files(dir.path());
    let files = [txt.to_str().unwrap(), feed.to_str().unwrap()];
    let page = extract("html", &files);
    // Only the page's own two script blocks and one style sheet.
    assert_eq!(page.matches("<script").count(), 2, "{page}");
    assert_eq!(page.matches("</script>").count(), 2);
    assert_eq!(page.matches("</style>").count(), 1);
    for bad in ["<img", "<iframe", "<svg", "onerror=\"", "href=\"javascript"] {
        assert!(!page.contains(bad), "{bad} got through");
    }
    let dom = Html::parse_document(&page);
    // The text is read back as it was written (CR LF included).
    let body: String = dom
        .select(&sel("article .text"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(body, HOSTILE_TEXT);
    let recs = records(&files);
    assert!(recs.len() >= 2, "{recs:?}");
    let texts = |doc: &str| {
        if doc.ends_with("hostile.txt") {
            HOSTILE_TEXT.to_string()
        } else {
            "\"We will not stop,\" said Governor Bo Chan, the head of the region.\n".to_string()
        }
    };
    check_marks(&page, &recs, &texts);
    // The metadata is shown as text, the non-web URL not as a link.
    let header: String = dom
        .select(&sel("article header"))
        .nth(1)
        .unwrap()
        .text()
        .collect();
    assert!(header.contains("</title><script>"), "{header}");
    assert_eq!(dom.select(&sel("a.url")).count(), 0);
}

/// Chromium, or why the browser tests cannot run.
fn chromium() -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|p| p.join(name))
                    .find(|p| p.is_file())
            })
        });
    if found.is_none() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "chromium is missing under CI=true: .ci/run must install it"
        );
        eprintln!("skipped: chromium is not installed (apt-get install chromium)");
    }
    found
}

/// Takes a 1200×900 screenshot of `page` into `shot` and checks that it
/// holds a drawn page (more than 10 kB), not a blank one.
fn screenshot(browser: &Path, page: &Path, shot: &Path) {
    browse(
        browser,
        page,
        &[
            "--window-size=1200,900".to_string(),
            format!("--screenshot={}", shot.display()),
        ],
    );
    assert!(std::fs::metadata(shot).unwrap().len() > 10_000);
    eprintln!("screenshot: {}", shot.display());
}

/// Runs headless Chromium on `page` with `mode` (`--dump-dom` or
/// `--screenshot=PATH`) and returns its stdout.
fn browse(browser: &Path, page: &Path, mode: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(mode)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn target_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/report-html");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn seeds_report_in_chromium() {
    let Some(browser) = chromium() else { return };
    let dir = target_dir();
    let page = dir.join("seeds.html");
    std::fs::write(&page, extract("html", &SEEDS)).unwrap();
    let dom = browse(&browser, &page, &["--dump-dom".to_string()]);
    // The page's own script ran (the CSP hash matches it).
    assert!(
        dom.contains("data-ready=\"1\""),
        "the report's script did not run"
    );
    check_marks(&dom, &records(&SEEDS), &seed_text);
    screenshot(&browser, &page, &dir.join("seeds.png"));
}

#[test]
fn hostile_report_runs_no_article_script_in_chromium() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let (txt, feed) = hostile_files(dir.path());
    let page = dir.path().join("hostile.html");
    std::fs::write(
        &page,
        extract("html", &[txt.to_str().unwrap(), feed.to_str().unwrap()]),
    )
    .unwrap();
    let dom = browse(&browser, &page, &["--dump-dom".to_string()]);
    assert!(
        dom.contains("data-ready=\"1\""),
        "the report's script did not run"
    );
    assert!(!dom.contains("data-pwned"), "an article's script ran");
}

#[test]
fn compare_page_in_chromium() {
    let Some(browser) = chromium() else { return };
    let dir = target_dir();
    let page = dir.join("compare.html");
    let mut args = vec!["compare", "-f", "html"];
    args.extend(SEEDS);
    std::fs::write(&page, whosaid(&args)).unwrap();
    let dom = browse(&browser, &page, &["--dump-dom".to_string()]);
    assert!(
        dom.contains("data-ready=\"1\""),
        "the page's script did not run"
    );
    let html = Html::parse_document(&dom);
    assert!(html.select(&sel(".group .w-case")).count() >= 1);
    screenshot(&browser, &page, &dir.join("compare.png"));
}

// ---- `whosaid diff -f html` ----

/// Two fixture articles where taking `quote-cue-speaker` away on the old
/// side and `participle-cue` on the new gives every kind of change: a
/// record added, one removed, two changed, the rest unchanged.
const DIFF_ARTICLES: [&str; 2] = [
    "tests/articles/colon_block_and_conjoined_cues.txt",
    "tests/articles/quote_marks_variety.txt",
];

/// `whosaid diff` with the old side missing `old_less` and the new side
/// `new_less`, in `format`, over `files`.
fn diff_run(old_less: &str, new_less: &str, format: &str, files: &[&str]) -> String {
    let (old, new) = (rules_without(old_less), rules_without(new_less));
    let mut args = vec![
        "diff",
        "--rules-old",
        old.path().to_str().unwrap(),
        "--rules-new",
        new.path().to_str().unwrap(),
        "-j",
        "1",
        "-f",
        format,
    ];
    args.extend(files);
    String::from_utf8(whosaid(&args)).unwrap()
}

/// The records' data block of a page (what the card shows).
fn page_data(dom: &Html) -> Vec<serde_json::Value> {
    let block: String = dom
        .select(&sel("script#records"))
        .next()
        .expect("the data block")
        .text()
        .collect();
    serde_json::from_str(&block).expect("the data block is JSON")
}

/// Checks a diff page against `diff -f json`: one mark per segment of
/// every record shown, each with the state the diff gives it and holding
/// the article text at its offsets; a changed record's data lists its
/// changed fields old and new as the diff does. Returns the states seen.
fn check_diff_marks(page: &str, json: &str, texts: &dyn Fn(&str) -> String) -> Vec<String> {
    let dom = Html::parse_document(page);
    let data = page_data(&dom);
    let want: serde_json::Value = serde_json::from_str(json).unwrap();
    // (state, segments) the diff expects per change
    let mut expected: std::collections::BTreeMap<String, usize> = Default::default();
    let mut was: Vec<serde_json::Value> = Vec::new();
    for doc in want["docs"].as_array().unwrap() {
        for c in doc["changes"].as_array().unwrap() {
            let state = c["change"].as_str().unwrap().to_string();
            let rec = if state == "changed" {
                let fields: Vec<serde_json::Value> = c["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| serde_json::json!([f["field"], f["old"], f["new"]]))
                    .collect();
                was.push(serde_json::Value::Array(fields));
                &c["new"]
            } else {
                &c["record"]
            };
            *expected.entry(state).or_default() += rec["spans"].as_array().unwrap().len();
        }
    }
    let mut seen: std::collections::BTreeMap<String, usize> = Default::default();
    let mut states = Vec::new();
    for m in dom.select(&sel("mark.q[data-r]")) {
        let r: usize = m.attr("data-r").unwrap().parse().unwrap();
        let k: usize = m.attr("data-seg").unwrap().parse().unwrap();
        let rec = &data[r];
        let state = rec["change"].as_str().expect("every record has a state");
        let class = m.attr("class").unwrap();
        assert!(class.contains(&format!("d-{state}")), "{class} for {state}");
        if state != "same" {
            *seen.entry(state.to_string()).or_default() += 1;
        }
        states.push(state.to_string());
        let offsets = rec["offsets"].as_str().unwrap();
        let seg = offsets.split(", ").nth(k).unwrap();
        let (a, b) = seg.split_once('–').unwrap();
        let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
        let text = texts(rec["doc"].as_str().unwrap());
        let got: String = m.text().collect();
        assert_eq!(got, text[a..b], "record {r} segment {k}");
    }
    assert_eq!(seen, expected, "one mark per segment of each change");
    let got_was: Vec<serde_json::Value> = data
        .iter()
        .filter(|d| d["change"] == "changed")
        .map(|d| d["was"].clone())
        .collect();
    assert_eq!(got_was, was, "the card's old and new values are the diff's");
    states
}

#[test]
fn diff_report_marks_each_change_in_the_text_and_is_snapshotted() {
    let page = diff_run(
        "quote-cue-speaker",
        "participle-cue",
        "html",
        &DIFF_ARTICLES,
    );
    let json = diff_run(
        "quote-cue-speaker",
        "participle-cue",
        "json",
        &DIFF_ARTICLES,
    );
    let states = check_diff_marks(&page, &json, &seed_text);
    for s in ["added", "removed", "changed", "same"] {
        assert!(states.iter().any(|x| x == s), "no {s} record: {states:?}");
    }
    let dom = Html::parse_document(&page);
    // the legend names every state, the summary the totals
    let legend: String = dom.select(&sel(".legend")).next().unwrap().text().collect();
    for s in ["added", "removed", "changed", "unchanged"] {
        assert!(legend.contains(s), "{legend}");
    }
    let summary: String = dom
        .select(&sel("pre.summary"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        summary.starts_with("Summary: 1 added, 1 removed, 2 changed"),
        "{summary}"
    );
    assert_eq!(dom.select(&sel("article")).count(), 2);
    snapshot("report_html_diff", &page);
}

#[test]
fn diff_report_keeps_hostile_text_and_metadata_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let (txt, feed) = hostile_files(dir.path());
    let files = [txt.to_str().unwrap(), feed.to_str().unwrap()];
    let (old_less, new_less) = ("quote-cue-speaker", "quote-speaker-cue");
    let page = diff_run(old_less, new_less, "html", &files);
    let json = diff_run(old_less, new_less, "json", &files);
    assert_eq!(page.matches("<script").count(), 2, "{page}");
    assert_eq!(page.matches("</script>").count(), 2);
    assert_eq!(page.matches("</style>").count(), 1);
    for bad in ["<img", "<iframe", "<svg", "onerror=\"", "href=\"javascript"] {
        assert!(!page.contains(bad), "{bad} got through");
    }
    let texts = |doc: &str| {
        if doc.ends_with("hostile.txt") {
            HOSTILE_TEXT.to_string()
        } else {
            "\"We will not stop,\" said Governor Bo Chan, the head of the region.\n".to_string()
        }
    };
    let states = check_diff_marks(&page, &json, &texts);
    assert!(
        states.iter().any(|s| s != "same"),
        "the hostile article changed: {states:?}"
    );
    // the old values of changed records (with their markup) come back as
    // they were, from the data block
    let dom = Html::parse_document(&page);
    let data = page_data(&dom);
    assert!(
        data.iter().any(|d| d.to_string().contains("</script>")),
        "a record with the article's markup is in the data"
    );
}

#[test]
fn diff_report_in_chromium_shows_old_and_new_in_the_card() {
    let Some(browser) = chromium() else { return };
    let dir = target_dir();
    let page = dir.join("diff.html");
    let html = diff_run(
        "quote-cue-speaker",
        "participle-cue",
        "html",
        &DIFF_ARTICLES,
    );
    let json = diff_run(
        "quote-cue-speaker",
        "participle-cue",
        "json",
        &DIFF_ARTICLES,
    );
    std::fs::write(&page, &html).unwrap();
    let dom = browse(&browser, &page, &["--dump-dom".to_string()]);
    assert!(
        dom.contains("data-ready=\"1\""),
        "the page's script did not run"
    );
    check_diff_marks(&dom, &json, &seed_text);
    // A link to a changed quote opens with its card: the changed fields,
    // old against new.
    let data = page_data(&Html::parse_document(&html));
    let (r, rec) = data
        .iter()
        .enumerate()
        .find(|(_, d)| d["change"] == "changed")
        .unwrap();
    let linked = format!("{}#q{r}-0", page.display());
    let dom = browse(&browser, Path::new(&linked), &["--dump-dom".to_string()]);
    let shown = Html::parse_document(&dom);
    let card = shown.select(&sel("#card")).next().unwrap();
    assert_eq!(card.attr("hidden"), None, "the card is shown");
    let rows: Vec<Vec<String>> = card
        .select(&sel("table.was tr"))
        .skip(1)
        .map(|tr| {
            tr.select(&sel("td"))
                .map(|td| td.text().collect())
                .collect()
        })
        .collect();
    let want: Vec<Vec<String>> = rec["was"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            f.as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect()
        })
        .collect();
    assert_eq!(rows, want);
    screenshot(&browser, &page, &dir.join("diff.png"));
}
