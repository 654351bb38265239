//! The page reader through the command line: fixture pages of our own for
//! tricky layouts (tests/pages/layouts/), declared charsets, deep nesting,
//! `--emit-meta`, directory walks, and the 30 readability pages measured
//! against stored minimums (they are read from ../shared at test time).

#![allow(clippy::unwrap_used)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn whosaid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn layout(name: &str) -> String {
    format!("tests/pages/layouts/{name}.html")
}

fn text_of(path: &str) -> String {
    let out = whosaid(&["extract", "--emit-text", path]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

fn meta_of(path: &str) -> serde_json::Value {
    let out = whosaid(&["extract", "--emit-meta", path]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_str(stdout(&out).trim()).unwrap()
}

const STORY: [&str; 4] = [
    "The Millbrook council voted on Tuesday night",
    "\"We have waited long enough for this crossing",
    "Opponents argued that the repairs",
    "\"The numbers simply do not add up",
];

fn has_story(text: &str) {
    for s in STORY {
        assert!(text.contains(s), "missing {s:?} in\n{text}");
    }
    assert!(
        text.starts_with("Council reopens ferry crossing\n\n"),
        "{text}"
    );
}

#[test]
fn endless_scroll_keeps_only_the_first_article() {
    let text = text_of(&layout("endless_scroll"));
    has_story(&text);
    assert!(!text.contains("Bakery"), "{text}");
    assert!(!text.contains("library"), "{text}");
}

#[test]
fn teaser_list_is_not_the_article() {
    let text = text_of(&layout("teaser_list"));
    has_story(&text);
    assert!(!text.contains("Teaser headline"), "{text}");
    assert!(!text.contains("summary of another story"), "{text}");
    assert_eq!(
        meta_of(&layout("teaser_list"))["title"],
        "Council reopens ferry crossing",
        "site name cut from <title>"
    );
}

#[test]
fn review_without_its_score_box() {
    let text = text_of(&layout("review_score"));
    assert!(text.contains("boils a full litre"), "{text}");
    assert!(text.contains("\"Nobody likes a kettle"), "{text}");
    assert!(!text.contains("7/10"), "{text}");
    assert!(!text.contains("Good: quick"), "{text}");
}

#[test]
fn live_blog_keeps_every_entry() {
    let text = text_of(&layout("live_blog"));
    for i in 0..5 {
        assert!(text.contains(&format!("in update {i}.")), "{text}");
    }
    let meta = meta_of(&layout("live_blog"));
    assert_eq!(meta["author"], "Greta Lund");
    assert_eq!(meta["date"], "2026-03-05T10:00:00Z");
    assert_eq!(meta["records"], 5);
}

#[test]
fn amp_page() {
    let text = text_of(&layout("amp"));
    has_story(&text);
    assert!(!text.contains("Tracking"), "{text}");
    assert!(!text.contains("Home"), "{text}");
    let meta = meta_of(&layout("amp"));
    assert_eq!(meta["author"], "Paul Ostrand");
    assert_eq!(meta["url"], "https://courier.example/ferry");
}

#[test]
fn body_only_in_json_ld_article_body() {
    let text = text_of(&layout("json_ld_body"));
    has_story(&text);
    assert!(!text.contains("Loading"), "{text}");
    let meta = meta_of(&layout("json_ld_body"));
    assert_eq!(meta["author"], "Paul Ostrand");
    assert_eq!(meta["outlet"], "The Millbrook Courier");
    assert_eq!(meta["date"], "2026-03-05T09:30:00+01:00");
    assert_eq!(meta["records"], 3);
}

/// A windows-1252 page gives the records of its UTF-8 twin, and offsets
/// refer to the decoded text.
#[test]
fn windows_1252_page_is_decoded() {
    let path = layout("windows_1252");
    let bytes = std::fs::read(root().join(&path)).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is not UTF-8"
    );
    let (utf8, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
    let utf8 = utf8.replace("charset=windows-1252", "charset=utf-8");
    let dir = tempfile::tempdir().unwrap();
    let twin = dir.path().join("twin.html");
    std::fs::write(&twin, &utf8).unwrap();

    let text = text_of(&path);
    assert!(text.contains("said Renée Holt"), "{text}");
    assert!(
        text.contains("“Our café will finally see tourists again,” said the owner, Zoë Marchetti."),
        "{text}"
    );
    let recs = |p: &str| -> Vec<serde_json::Value> {
        stdout(&whosaid(&["extract", p]))
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    let (got, want) = (recs(&path), recs(&twin.display().to_string()));
    assert!(want.len() >= 3, "{want:?}");
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g["quote"], w["quote"]);
        assert_eq!(g["spans"], w["spans"]);
        let span = &g["spans"][0];
        let (s, e) = (
            span[0].as_u64().unwrap() as usize,
            span[1].as_u64().unwrap() as usize,
        );
        assert!(text[s..e].contains(g["quote"].as_str().unwrap().split(" … ").next().unwrap()));
    }
}

#[test]
fn shift_jis_page_is_decoded() {
    let path = layout("shift_jis");
    let bytes = std::fs::read(root().join(&path)).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the fixture is not UTF-8"
    );
    let text = text_of(&path);
    assert!(text.starts_with("渡し船が再開\n\n"), "{text}");
    assert!(
        text.contains("「この日を待っていた」と住民は話した。"),
        "{text}"
    );
    assert_eq!(meta_of(&path)["records"], 1);
}

/// 50,000 nested `<b>` or `<div>` (about 350 KB): the batch goes on, the
/// good file before it keeps its records, and the page is read in about
/// the time of an ordinary page of its size.
#[test]
fn deep_nesting_does_not_cost_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let good = root().join(layout("amp"));
    for tag in ["b", "div"] {
        let n = 50_000;
        let page = format!(
            "<html><body><p>\"This page goes very deep indeed,\" said Ada Quill.</p>{}x{}</body></html>",
            format!("<{tag}>").repeat(n),
            format!("</{tag}>").repeat(n)
        );
        let deep = dir.path().join(format!("deep_{tag}.html"));
        std::fs::write(&deep, page).unwrap();
        let out = dir.path().join("out.jsonl");
        let start = std::time::Instant::now();
        let run = whosaid(&[
            "extract",
            &good.display().to_string(),
            &deep.display().to_string(),
            "-o",
            &out.display().to_string(),
        ]);
        let took = start.elapsed();
        assert_eq!(run.status.code(), Some(0), "{tag}: {}", stderr(&run));
        let written = std::fs::read_to_string(&out).unwrap();
        assert!(
            written.contains("amp.html"),
            "{tag}: records of the good file"
        );
        assert!(
            written.contains("Ada Quill"),
            "{tag}: the deep page is read"
        );
        // quadratic behaviour took minutes here; linear takes well under a second
        assert!(took.as_secs() < 30, "{tag}: {took:?}");
    }
}

#[test]
fn emit_meta_lists_articles_without_quotes() {
    let out = whosaid(&[
        "extract",
        "--emit-meta",
        "tests/pages/no_quotes.txt",
        &layout("amp"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["doc"], "tests/pages/no_quotes.txt");
    assert_eq!(lines[0]["records"], 0);
    assert_eq!(lines[1]["records"], 3);
}

#[test]
fn page_without_body_is_named_in_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("empty.html");
    std::fs::write(
        &page,
        "<html><body><nav><a href=/>Home</a></nav></body></html>",
    )
    .unwrap();
    let out = whosaid(&["extract", "--emit-meta", &page.display().to_string()]);
    assert!(
        stderr(&out).contains(&format!("{}: no article text found", page.display())),
        "{}",
        stderr(&out)
    );
    assert_eq!(stdout(&out).lines().count(), 1, "still listed");
}

#[test]
fn directory_walks_take_readable_formats_and_say_when_nothing_matches() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(root().join(layout("amp")), d.join("a.HTML")).unwrap();
    std::fs::copy(root().join("tests/pages/no_quotes.txt"), d.join("b.txt")).unwrap();
    std::fs::copy(root().join("tests/pages/feed.jsonl"), d.join("c.ndjson")).unwrap();
    std::fs::write(d.join("d.md"), "\"Not read by default at all,\" she said.").unwrap();
    let out = whosaid(&["extract", "--emit-meta", &d.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs: Vec<String> = stdout(&out)
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(
        docs[0].ends_with("a.HTML") && docs[1].ends_with("b.txt"),
        "{docs:?}"
    );
    assert!(
        // feed articles are named by id, URL or file:line
        docs.len() > 3 && docs[2] == "np-1" && docs.iter().any(|d| d.contains("c.ndjson:")),
        "{docs:?}"
    );

    let out = whosaid(&["extract", "--glob", "*.md", &d.display().to_string()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("d.md"));

    let out = whosaid(&["extract", "--glob", "*.xml", &d.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no file in this directory matches *.xml"),
        "{}",
        stderr(&out)
    );
}

/// Word-level F1 of `got` against `want` (bags of lower-cased words), the
/// measure of ../shared/eval/check_pages.py.
fn f1(got: &str, want: &str) -> f64 {
    let bag = |t: &str| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for w in t
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
        {
            *m.entry(w.to_lowercase()).or_default() += 1;
        }
        m
    };
    let (g, w) = (bag(got), bag(want));
    let tp: usize = g
        .iter()
        .map(|(k, n)| (*n).min(*w.get(k).unwrap_or(&0)))
        .sum();
    let (ng, nw): (usize, usize) = (g.values().sum(), w.values().sum());
    let (p, r) = (tp as f64 / ng.max(1) as f64, tp as f64 / nw.max(1) as f64);
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// The 30 readability pages: each page's body F1 must stay at or above
/// its stored minimum (tests/pages/readability_minimums.tsv), and the mean
/// at or above the first line's. The pages' text is never asserted.
#[test]
#[ignore = "needs ../shared (readability pages)"]
fn readability_pages_stay_above_their_minimums() {
    let pages = root().join("../shared/data/readability-pages");
    let mins =
        std::fs::read_to_string(root().join("tests/pages/readability_minimums.tsv")).unwrap();
    let mut mean_min = 0.0;
    let (mut sum, mut n, mut low) = (0.0, 0, Vec::new());
    for line in mins
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (name, min) = line.split_once('\t').unwrap();
        let min: f64 = min.trim().parse().unwrap();
        if name == "MEAN" {
            mean_min = min;
            continue;
        }
        let dir: &Path = &pages.join(name);
        let got = text_of(&dir.join("source.html").display().to_string());
        let want = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
        let f = f1(&got, &want);
        sum += f;
        n += 1;
        if f < min {
            low.push(format!("{name}: {f:.3} < {min}"));
        }
    }
    assert_eq!(n, 30, "every page has a minimum");
    assert!(low.is_empty(), "{low:?}");
    assert!(
        sum / n as f64 >= mean_min,
        "mean {:.3} < {mean_min}",
        sum / n as f64
    );
}
