//! `whosaid compare --records`: reading records files, output formats and
//! errors, on hand-made records.

// Test helpers panic on failure like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;
use std::process::{Command, Output};
use whosaid::record::{ArticleMeta, Kind, Record, Speaker, SpeakerType};

fn rec(
    doc: &str,
    outlet: &str,
    kind: Kind,
    quote: &str,
    name: &str,
    title: Option<&str>,
) -> Record {
    Record {
        doc: doc.into(),
        kind,
        quote: quote.into(),
        spans: vec![[10, 10 + quote.len()]],
        speaker: Some(Speaker {
            name: name.into(),
            mention: name.into(),
            span: [0, 5],
            title: title.map(str::to_string),
            kind: SpeakerType::Person,
        }),
        cue: None,
        via: None,
        rule: "test".into(),
        char_spans: vec![[10, 10 + quote.chars().count()]],
        meta: ArticleMeta {
            outlet: Some(outlet.into()),
            ..ArticleMeta::default()
        },
        context: format!("{name} said: {quote}"),
        lang: "en".into(),
    }
}

/// Two outlets, one statement of Ms Rivera's in two wordings, and one
/// statement of another person.
fn records() -> Vec<Record> {
    vec![
        rec(
            "a.txt",
            "Daily A",
            Kind::Direct,
            "We will rebuild every school, and we will do it this year.",
            "Ana Rivera",
            Some("Mayor"),
        ),
        rec(
            "b.txt",
            "Weekly B",
            Kind::Mixed,
            "the city would 'rebuild every school' this year",
            "Ana Rivera",
            Some("Governor"),
        ),
        rec(
            "b.txt",
            "Weekly B",
            Kind::Direct,
            "Taxes stay as they are.",
            "Tom Rivera",
            None,
        ),
    ]
}

/// A scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("whosaid-compare-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_jsonl(path: &PathBuf, recs: &[Record], extra: &str) {
    let mut text: String = recs
        .iter()
        .map(|r| serde_json::to_string(r).unwrap() + "\n")
        .collect();
    text.push_str(extra);
    std::fs::write(path, text).unwrap();
}

fn whosaid(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .arg("compare")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn json_groups_follow_the_documented_shape() {
    let dir = scratch("json");
    let file = dir.join("recs.jsonl");
    write_jsonl(&file, &records(), "");
    let out = whosaid(&["--records", "--format", "json", file.to_str().unwrap()]);
    assert!(out.status.success());
    let groups: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let groups = groups.as_array().unwrap();
    // Tom Rivera's single statement is left out by default; the two Riveras
    // are not merged.
    assert_eq!(groups.len(), 1);
    let g = &groups[0];
    assert_eq!(g["speaker"], "Ana Rivera");
    assert_eq!(g["titles"]["a.txt"][0], "Mayor");
    assert_eq!(g["titles"]["b.txt"][0], "Governor");
    let members = g["members"].as_array().unwrap();
    assert_eq!(members.len(), 2);
    for key in ["doc", "kind", "quote", "spans", "via"] {
        assert!(members[0].get(key).is_some(), "member has {key}");
    }
    assert_eq!(members[1]["kind"], "mixed");
    let types: Vec<&str> = g["differences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["dropped", "truncated", "titles"]);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn all_shows_single_versions_and_csv_has_a_row_per_version() {
    let dir = scratch("csv");
    let file = dir.join("recs.jsonl");
    write_jsonl(&file, &records(), "");
    let out = whosaid(&["--records", "--all", "-f", "csv", file.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "group");
    assert_eq!(header.iter().next_back(), Some("differences"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    let groups: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(groups, ["1", "1", "2"]);
    assert_eq!(&rows[1][4], "Weekly B");
    assert!(
        rows[1][12].contains("leaving out the end"),
        "{:?}",
        &rows[1]
    );
    assert_eq!(&rows[2][1], "Tom Rivera");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn bad_lines_and_missing_files_are_reported_and_the_rest_compared() {
    let dir = scratch("errors");
    let file = dir.join("recs.jsonl");
    write_jsonl(&file, &records(), "{\"doc\": \"truncated\n");
    let missing = dir.join("missing.jsonl");
    let out = whosaid(&[
        "--records",
        file.to_str().unwrap(),
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("recs.jsonl:4: not a record"), "{err}");
    assert!(err.contains("missing.jsonl"), "{err}");
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.starts_with("Ana Rivera\n"), "{table}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn records_can_come_from_standard_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(["compare", "--records", "-f", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let text: String = records()
        .iter()
        .map(|r| serde_json::to_string(r).unwrap() + "\n")
        .collect();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let groups: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(groups[0]["members"].as_array().unwrap().len(), 2);
}

#[test]
fn no_files_is_a_usage_error() {
    assert_eq!(whosaid(&[]).status.code(), Some(2));
}
