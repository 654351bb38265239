//! `whosaid diff` and `whosaid snapshot` from the command line, on the
//! fixture articles, with one built-in pattern removed (a rule removed) and
//! put back (a rule added). The terminal views are snapshots; the JSON form
//! is checked against them.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::rules_without;
use crate::support::snapshot_settings as settings;
use std::path::Path;
use std::process::{Command, Output};

/// The pattern the tests take away; it fires in the fixture articles.
const REMOVED: &str = "quote-cue-speaker";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn whosaid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .current_dir(root())
        .env_remove("NO_COLOR")
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn a_rule_removed_and_added_on_the_fixtures() {
    let dir = rules_without(REMOVED);
    let d = dir.path().to_str().unwrap();
    let removed = whosaid(&["diff", "--rules-new", d, "tests/articles"]);
    let added = whosaid(&["diff", "--rules-old", d, "tests/articles"]);
    assert_eq!(removed.status.code(), Some(0));
    assert_eq!(added.status.code(), Some(0));
    let (r, a) = (stdout(&removed), stdout(&added));
    assert!(!r.contains('\x1b'), "no colour when not a terminal");
    // every record the pattern made is gone or changed, and comes back
    assert!(r.contains("\n- ") || r.contains("\n~ "), "{r}");
    assert!(r.contains(REMOVED) && a.contains(REMOVED));
    settings().bind(|| {
        insta::assert_snapshot!("diff_rule_removed", r);
        insta::assert_snapshot!("diff_rule_added", a);
    });
}

#[test]
fn json_agrees_with_the_terminal_view_and_fail_on_change_bites() {
    let dir = rules_without(REMOVED);
    let d = dir.path().to_str().unwrap();
    let out = whosaid(&["diff", "--rules-new", d, "tests/articles", "-f", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let s = &v["summary"];
    let before = s["rules"][REMOVED].clone();
    let lost = before["removed"].as_u64().unwrap() + before["changed"].as_u64().unwrap();
    assert!(lost > 0, "{v}");
    // each change in the list is counted once in the summary
    let mut counted = 0;
    for doc in v["docs"].as_array().unwrap() {
        for c in doc["changes"].as_array().unwrap() {
            counted += 1;
            if c["change"] == "removed" {
                assert_eq!(c["record"]["rule"], REMOVED);
            }
            if c["change"] == "changed" {
                assert_eq!(c["old"]["rule"], REMOVED);
                assert!(c["fields"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|f| f["field"] == "rule"));
            }
        }
    }
    let total = ["added", "removed", "changed"]
        .iter()
        .map(|k| s[k].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(counted, total);

    let fail = whosaid(&[
        "diff",
        "--rules-new",
        d,
        "tests/articles",
        "--fail-on-change",
    ]);
    assert_eq!(fail.status.code(), Some(1));
    let same = whosaid(&[
        "diff",
        "--rules-new",
        "rules",
        "tests/articles",
        "--fail-on-change",
    ]);
    assert_eq!(same.status.code(), Some(0), "{}", stdout(&same));
    assert!(stdout(&same).contains("Summary: 0 added, 0 removed, 0 changed"));
}

#[test]
fn two_record_files_diff_like_two_rule_sets() {
    let dir = rules_without(REMOVED);
    let d = dir.path().to_str().unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let old = tmp.path().join("old.jsonl");
    let new = tmp.path().join("new.jsonl");
    for (rules, path) in [("rules", &old), (d, &new)] {
        let out = whosaid(&[
            "extract",
            "--rules",
            rules,
            "tests/articles",
            "-o",
            path.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(0));
    }
    let files = whosaid(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
    let rules = whosaid(&["diff", "--rules-new", d, "tests/articles"]);
    assert_eq!(stdout(&files), stdout(&rules));
    let usage = whosaid(&["diff", old.to_str().unwrap()]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn gold_prints_both_sides_figures() {
    let dir = rules_without(REMOVED);
    let d = dir.path().to_str().unwrap();
    let out = whosaid(&[
        "diff",
        "--rules-new",
        d,
        "--gold",
        "tests/eval_data/gold.jsonl",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(text.contains("Eval on the gold"), "{text}");
    let line = text
        .lines()
        .find(|l| l.starts_with("attribution.all.f1"))
        .unwrap();
    let nums: Vec<f64> = line
        .split_whitespace()
        .skip(1)
        .map(|x| x.parse().unwrap())
        .collect();
    assert_eq!(nums.len(), 3);
    assert!((nums[1] - nums[0] - nums[2]).abs() < 1e-3, "{line}");
    // the same figures as `whosaid eval` gives each side
    let eval = |rules: &str| {
        let o = whosaid(&[
            "eval",
            "--rules",
            rules,
            "--gold",
            "tests/eval_data/gold.jsonl",
            "-f",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["metrics"]["all"]["attribution"]["f1"].as_f64().unwrap()
    };
    assert!((eval("rules") - nums[0]).abs() < 1e-4, "{line}");
    assert!((eval(d) - nums[1]).abs() < 1e-4, "{line}");
}

#[test]
fn snapshot_writes_checks_and_accepts() {
    let tmp = tempfile::tempdir().unwrap();
    let snaps = tmp.path().join("snaps");
    let s = snaps.to_str().unwrap();
    let first = whosaid(&["snapshot", "tests/articles", "--dir", s]);
    assert_eq!(first.status.code(), Some(0), "{}", stdout(&first));
    let n = std::fs::read_dir(&snaps).unwrap().count();
    assert_eq!(
        n,
        std::fs::read_dir(root().join("tests/articles"))
            .unwrap()
            .count()
    );
    let ok = whosaid(&["snapshot", "tests/articles", "--dir", s, "--check"]);
    assert_eq!(ok.status.code(), Some(0));

    let dir = rules_without(REMOVED);
    let d = dir.path().to_str().unwrap();
    let check = whosaid(&[
        "snapshot",
        "tests/articles",
        "--dir",
        s,
        "--check",
        "--rules",
        d,
    ]);
    assert_eq!(check.status.code(), Some(1));
    let shown = stdout(&check);
    // the differences in the same form as `diff`
    let diffed = stdout(&whosaid(&["diff", "--rules-new", d, "tests/articles"]));
    let body = |t: &str| t.split("\nSummary:").next().unwrap().to_string();
    assert_eq!(body(&shown), body(&diffed));
    assert!(shown.contains("differ"), "{shown}");
    // check wrote nothing; accept takes the new records
    assert_eq!(
        whosaid(&["snapshot", "tests/articles", "--dir", s, "--check"])
            .status
            .code(),
        Some(0)
    );
    let acc = whosaid(&[
        "snapshot",
        "tests/articles",
        "--dir",
        s,
        "--accept",
        "--rules",
        d,
    ]);
    assert_eq!(acc.status.code(), Some(0));
    let again = whosaid(&[
        "snapshot",
        "tests/articles",
        "--dir",
        s,
        "--check",
        "--rules",
        d,
    ]);
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
    // a snapshot that is missing fails the check
    std::fs::remove_file(snaps.join("tests__articles__interview_transcript.txt.snap")).unwrap();
    let missing = whosaid(&[
        "snapshot",
        "tests/articles",
        "--dir",
        s,
        "--check",
        "--rules",
        d,
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stdout(&missing).contains("no snapshot yet"));
}
