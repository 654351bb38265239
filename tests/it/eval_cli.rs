//! `whosaid eval` from the command line, on the hand-made corpus in
//! tests/eval_data. The engine's figures change as the rules improve, so
//! these tests check behaviour (formats agree, thresholds bite, the error
//! listing adds up), never the figures themselves.

// Test code: a panic here is a failed test (clippy.toml allows unwrap only
// inside #[test] functions, and the helpers below are not).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/eval_data")
        .join(rel)
}

fn whosaid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .output()
        .expect("run whosaid")
}

fn eval_json(gold: &Path, extra: &[&str]) -> (Output, serde_json::Value) {
    let mut args = vec!["eval", "--gold", gold.to_str().unwrap(), "--format", "json"];
    args.extend_from_slice(extra);
    let out = whosaid(&args);
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out, json)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn brat_and_jsonl_gold_give_the_same_figures() {
    let (a, ja) = eval_json(&data("brat"), &[]);
    let (b, jb) = eval_json(&data("gold.jsonl"), &[]);
    assert!(a.status.success(), "{}", stderr(&a));
    assert!(b.status.success(), "{}", stderr(&b));
    assert_eq!(ja, jb);
    assert_eq!(ja["docs"], 3);
    assert_eq!(ja["gold_attributions"], 9);
    assert_eq!(ja["gold_direct"], 4);
}

#[test]
fn table_lists_every_metric() {
    let out = whosaid(&["eval", "--gold", data("brat").to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.starts_with("docs=3 "), "{table}");
    for sub in ["all", "direct"] {
        for m in ["content_partial", "content_exact", "attribution"] {
            assert!(
                table
                    .lines()
                    .any(|l| l.split_whitespace().take(2).eq([sub, m])),
                "{sub} {m} missing:\n{table}"
            );
        }
    }
}

#[test]
fn thresholds_pass_at_the_figure_and_fail_just_above_it() {
    let gold = data("brat");
    let (_, json) = eval_json(&gold, &[]);
    let f1 = json["metrics"]["all"]["content_partial"]["f1"]
        .as_f64()
        .unwrap();
    let at = format!("content_partial.all.f1={f1}");
    let (ok, _) = eval_json(&gold, &["--min", &at, "--min", "attribution.direct.p=0"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stderr(&ok));
    if f1 < 1.0 {
        let above = format!("content_partial.all.f1={}", f1 + 0.0001);
        let (bad, json) = eval_json(&gold, &["--min", &above]);
        assert_eq!(bad.status.code(), Some(3), "{}", stderr(&bad));
        let msg = stderr(&bad);
        assert!(
            msg.contains("content_partial.all.f1") && msg.contains("below the minimum"),
            "{msg}"
        );
        // the figures are still printed
        assert_eq!(json["docs"], 3);
    }
}

#[test]
fn unknown_metric_is_a_usage_error() {
    let out = whosaid(&[
        "eval",
        "--gold",
        data("brat").to_str().unwrap(),
        "--min",
        "attribution.direct.recall=0.5",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown metric"), "{}", stderr(&out));
}

#[test]
fn unreadable_gold_is_reported() {
    let out = whosaid(&["eval", "--gold", "tests/eval_data/no-such-gold.jsonl"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no-such-gold.jsonl"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn error_listing_adds_up_to_the_figures() {
    let dir = std::env::temp_dir().join(format!("whosaid-eval-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("errors.jsonl");
    let (out, json) = eval_json(&data("brat"), &["--errors", path.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let listing = std::fs::read_to_string(&path).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let entries: Vec<serde_json::Value> = listing
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let count = |t: &str| entries.iter().filter(|e| e["type"] == t).count() as u64;
    let m = &json["metrics"]["all"];
    let n = |k: &str, f: &str| m[k][f].as_u64().unwrap();
    assert_eq!(
        count("miss"),
        n("content_partial", "n_gold") - n("content_partial", "tp_gold")
    );
    assert_eq!(
        count("false_hit"),
        n("content_partial", "n_pred") - n("content_partial", "tp_pred")
    );
    assert_eq!(
        count("wrong_speaker"),
        n("content_partial", "tp_gold") - n("attribution", "tp_gold")
    );
    for e in &entries {
        assert!(e["sentence"].as_str().is_some_and(|s| !s.is_empty()), "{e}");
        if e["type"] != "miss" {
            assert!(e["rule"].is_string(), "a record names its rule: {e}");
        }
    }
    // sorted by document
    let docs: Vec<&str> = entries.iter().map(|e| e["doc"].as_str().unwrap()).collect();
    let mut sorted = docs.clone();
    sorted.sort();
    assert_eq!(docs, sorted);
}
