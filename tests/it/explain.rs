//! `whosaid explain`: snapshots of what each stage decided on a few
//! constructions (in snapshots/explain__*.snap), read by the rule editors
//! who use the command, and the command line around it.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::snapshot_settings as settings;
use std::process::Command;
use whosaid::engine::explain::explain;
use whosaid::RuleSet;

fn shown(text: &str) -> String {
    let rules = RuleSet::embedded().unwrap();
    format!(
        "$ whosaid explain {text:?}\n{}",
        explain(&rules, text).to_text()
    )
}

/// One construction per snapshot: a split direct quote; an indirect quote
/// with a title; a pattern that fails at a named slot; a colon block read
/// across a line break; a pronoun resolved to the person named before;
/// patterns that match but make no draft, and why.
#[test]
fn constructions() {
    let cases = [
        (
            "split_quote",
            "\"We will win,\" Trump said, \"and we will win big.\"",
        ),
        (
            "indirect_title",
            "Senator Ted Cruz said on Tuesday that the bill would fail.",
        ),
        ("fails_at_slot", "Trump said."),
        (
            "colon_block",
            "Mayor Ana Ruiz continued:\n\"We will not back down.\"",
        ),
        (
            "pronoun",
            "Sen. Jane Roe spoke first. \"We are ready,\" she said.",
        ),
        (
            "no_draft",
            "In Dayton said the vote was close, the paper reports it.",
        ),
    ];
    settings().bind(|| {
        for (name, text) in cases {
            insta::assert_snapshot!(format!("explain__{name}"), shown(text));
        }
    });
}

/// The slot where a pattern failed is named in the text and the JSON.
#[test]
fn a_failed_slot_is_named() {
    let rules = RuleSet::embedded().unwrap();
    let e = explain(&rules, "Trump said.");
    let s = &e.paragraphs[0].sentences[0];
    let p = (s.patterns.iter())
        .find(|p| p.pattern == "speaker-cue-content")
        .unwrap();
    assert_eq!(p.outcome, "failed at {content} (part 3)");
    assert!(!p.draft);
    assert!(e.records.is_empty());
}

/// A pattern that matches but makes no draft says why, from the find
/// stage's own checks: here the content "it" is too short for an indirect
/// quote, and a phrase opening with a preposition is no speaker.
#[test]
fn a_match_without_a_draft_says_why() {
    let rules = RuleSet::embedded().unwrap();
    let why = |text: &str, id: &str| {
        let e = explain(&rules, text);
        let s = &e.paragraphs[0].sentences[0];
        let p = (s.patterns.iter()).find(|p| p.pattern == id).unwrap();
        assert_eq!(
            (p.outcome.as_str(), p.tried, p.draft),
            ("matched", true, false)
        );
        p.no_draft.clone()
    };
    assert_eq!(
        why("The report said it.", "speaker-cue-content").as_deref(),
        Some("the indirect content is too short")
    );
    assert_eq!(
        why("In Dayton said the vote was close.", "speaker-cue-content").as_deref(),
        Some("the speaker slot reads as no speaker")
    );
    // a match that makes its draft gives no reason
    let e = explain(&rules, "Ann Lee said the vote was close.");
    let s = &e.paragraphs[0].sentences[0];
    assert!(s.patterns.iter().any(|p| p.draft));
    assert!(s.patterns.iter().all(|p| !p.draft || p.no_draft.is_none()));
}

fn run(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// `--file F --line N` reads the whole article (a continuation on line 2
/// joins the quote of line 1) and reports what touches line N.
#[test]
fn a_line_of_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    let text = "Nothing here.\n\"We will win,\" Trump said.\n\"We will win big.\"\nThe end.\n";
    std::fs::write(&path, text).unwrap();
    let f = path.to_str().unwrap();
    let (code, out, err) = run(&["explain", "--file", f, "--line", "3", "-f", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let paras = v["paragraphs"].as_array().unwrap();
    assert_eq!(paras.len(), 1, "only line 3 is reported");
    assert_eq!(paras[0]["index"], 2);
    let recs = v["records"].as_array().unwrap();
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["quote"], "We will win, … We will win big.");
    // a line past the end is a usage error
    let (code, _, err) = run(&["explain", "--file", f, "--line", "9"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("no line 9"), "{err}");
    // neither a text nor a file
    let (code, _, _) = run(&["explain"]);
    assert_eq!(code, Some(2));
}
