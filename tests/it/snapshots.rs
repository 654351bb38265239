//! One insta snapshot per fixture article under tests/articles/, in the
//! compact snapshot form (`whosaid snapshot`: one record per line, with
//! spans, kind, rule, speaker, title, cue, via and quote), so a rule change
//! reads as a few changed lines. Snapshots live in the top-level
//! snapshots/ folder; review changes with `cargo insta review`.
//!
//! The JSON contract (field names, order, nulls) has its own test below:
//! the records of one article as `whosaid extract --format jsonl` prints
//! them, and a check that every fixture's JSON reads back to its records.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::snapshot_settings as settings;
use whosaid::diff::snapshot;
use whosaid::output::{render, Format};
use whosaid::RuleSet;

#[test]
fn fixture_articles() {
    let rules = RuleSet::embedded().expect("embedded rules load");
    settings().bind(|| {
        insta::glob!(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests"),
            "articles/*.txt",
            |path| {
                let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
                let name = path.file_name().expect("file name").to_string_lossy();
                let doc = format!("tests/articles/{name}");
                let recs = whosaid::extract(&rules, &doc, &text);
                insta::assert_snapshot!(snapshot::render(&doc, &recs));
            }
        );
    });
}

#[test]
fn json_contract_of_one_article() {
    let rules = RuleSet::embedded().unwrap();
    let doc = "tests/articles/speakers_and_sources.txt";
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/articles/speakers_and_sources.txt"
    ))
    .unwrap();
    let recs = whosaid::extract(&rules, doc, &text);
    assert!(!recs.is_empty());
    let jsonl = render(&recs, Format::Jsonl).unwrap();
    settings().bind(|| insta::assert_snapshot!("json_contract_jsonl", jsonl));
}

#[test]
fn every_fixture_json_reads_back_to_its_records() {
    let rules = RuleSet::embedded().unwrap();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/articles");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let recs = whosaid::extract(&rules, "d", &text);
        let json = render(&recs, Format::Json).unwrap();
        let back: Vec<whosaid::Record> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, recs, "{}", path.display());
        // and the snapshot form keeps every field a diff compares
        let snap = snapshot::parse("d", &snapshot::render("d", &recs)).unwrap();
        for (a, b) in recs.iter().zip(&snap) {
            assert!(whosaid::diff::fields(a, b).is_empty(), "{}", path.display());
        }
        seen += 1;
    }
    assert!(seen >= 10);
}
