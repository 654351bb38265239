//! `whosaid compare` on the three seed articles (tests/articles/): snapshots
//! of what the command prints, and the acceptance checks of issue 7 on the
//! real extraction output.

// Test helpers panic on failure like the tests that call them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeSet;
use std::process::Command;
use whosaid::compare::{compare, Group, Reported, What};
use whosaid::{Record, RuleSet};

const SEEDS: [&str; 3] = [
    "tests/articles/000_2e8388431a05906f.txt",
    "tests/articles/003_6f7a057931b7b1fd.txt",
    "tests/articles/004_6a13a58bee43fb57.txt",
];

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("compare")
        .args(args)
        .args(SEEDS)
        .output()
        .expect("run whosaid");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn snapshot(name: &str, text: &str) {
    let settings = crate::support::snapshot_settings();
    settings.bind(|| insta::assert_snapshot!(name, text));
}

/// Every statement, single versions too: shows what was kept apart.
#[test]
fn seed_comparison_as_a_table_with_every_statement() {
    snapshot("compare_seeds_table_all", &run(&["--all"]));
}

/// The default: statements with two versions or more.
#[test]
fn seed_comparison_as_json() {
    snapshot("compare_seeds_json", &run(&["--format", "json"]));
}

/// The seed records and their groups, through the library.
fn seed_groups() -> (Vec<Record>, Vec<Group>) {
    let rules = RuleSet::embedded().expect("embedded rules load");
    let records: Vec<Record> = SEEDS
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).expect("seed article");
            whosaid::extract(&rules, path, &text)
        })
        .collect();
    let groups = compare(&records);
    (records, groups)
}

/// The speaker name of the record a member came from.
fn member_speakers<'a>(records: &'a [Record], g: &Group) -> Vec<&'a str> {
    g.members
        .iter()
        .map(|m| {
            records
                .iter()
                .find(|r| r.doc == m.doc && r.spans == m.spans && r.quote == m.quote)
                .and_then(|r| r.speaker.as_ref())
                .map(|s| s.name.as_str())
                .expect("member comes from a record with a speaker")
        })
        .collect()
}

fn has_member(g: &Group, doc: &str, kind: &str, words: &str) -> bool {
    g.members.iter().any(|m| {
        m.doc.contains(doc) && m.kind.as_str() == kind && m.quote.to_lowercase().contains(words)
    })
}

#[test]
fn no_group_mixes_speakers() {
    let (records, groups) = seed_groups();
    assert!(!groups.is_empty());
    for g in &groups {
        let surnames: BTreeSet<&str> = member_speakers(&records, g)
            .iter()
            .filter_map(|n| n.split_whitespace().last())
            .collect();
        assert_eq!(surnames.len(), 1, "{g:#?}");
    }
    let bahreini = groups
        .iter()
        .filter(|g| g.speaker == "Ali Bahreini")
        .count();
    let baqaei = groups
        .iter()
        .filter(|g| g.speaker == "Esmaeil Baqaei")
        .count();
    assert!(bahreini > 0 && baqaei > 0, "both speakers are extracted");
}

#[test]
fn hegseth_titles_differ_between_outlets() {
    let (_, groups) = seed_groups();
    let differing: Vec<&Group> = groups
        .iter()
        .filter(|g| {
            g.differences
                .iter()
                .any(|d| d.what == What::Other(Reported::Titles))
        })
        .collect();
    assert_eq!(differing.len(), 1, "{differing:#?}");
    let g = differing[0];
    assert_eq!(g.speaker, "Pete Hegseth");
    let of = |doc: &str| -> Vec<String> {
        g.titles
            .iter()
            .find(|(d, _)| d.contains(doc))
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    assert_eq!(of("000_"), ["Defense Secretary", "US Secretary of Defense"]);
    assert_eq!(of("003_"), ["US Secretary of War"]);
}

#[test]
fn too_late_statement_is_one_group_across_three_articles() {
    let (_, groups) = seed_groups();
    let late: Vec<&Group> = groups
        .iter()
        .filter(|g| g.speaker == "Donald Trump" && has_member(g, "003_", "mixed", "'too late'"))
        .collect();
    assert_eq!(late.len(), 1, "{groups:#?}");
    let g = late[0];
    assert!(
        has_member(g, "000_", "direct", "i said 'too late!'"),
        "{g:#?}"
    );
    assert!(
        has_member(g, "000_", "indirect", "it was too late"),
        "{g:#?}"
    );
    assert!(has_member(g, "004_", "indirect", "too late"), "{g:#?}");
}

/// Both of 003's "'too late'" versions (members [4] and [5] of the table)
/// are marked for the lower-case "too", not only the first of them.
#[test]
fn every_lower_case_too_late_version_is_marked() {
    let (_, groups) = seed_groups();
    let g = groups
        .iter()
        .find(|g| g.speaker == "Donald Trump" && has_member(g, "003_", "mixed", "'too late'"))
        .expect("the too-late group");
    let lower: Vec<usize> = g
        .members
        .iter()
        .enumerate()
        .filter(|(_, m)| m.doc.contains("003_") && m.quote.contains("'too late'"))
        .map(|(k, _)| k)
        .collect();
    assert!(lower.len() >= 2, "{g:#?}");
    let json = serde_json::to_value(&g.differences).expect("serialise");
    for k in lower {
        let marked = json.as_array().expect("a list").iter().any(|d| {
            d["member"] == k && d["type"] == "case" && d["from"] == "Too" && d["to"] == "too"
        });
        assert!(marked, "member [{}] is not marked: {json:#}", k + 1);
    }
}

#[test]
fn air_defense_versions_show_case_and_dropped_word() {
    let (_, groups) = seed_groups();
    let air: Vec<&Group> = groups
        .iter()
        .filter(|g| has_member(g, "003_", "mixed", "air defense"))
        .collect();
    assert_eq!(air.len(), 1, "{groups:#?}");
    let g = air[0];
    assert_eq!(g.speaker, "Donald Trump");
    assert!(
        has_member(g, "000_", "direct", "their air defense"),
        "{g:#?}"
    );
    let json = serde_json::to_value(&g.differences).expect("serialise");
    let has = |ty: &str, field: &str, value: &str| {
        json.as_array()
            .expect("a list")
            .iter()
            .any(|d| d["type"] == ty && d[field] == value)
    };
    assert!(has("dropped", "words", "Their"), "{json:#}");
    assert!(has("case", "to", "Air Force, Navy"), "{json:#}");
    assert!(has("case", "to", "Leadership"), "{json:#}");
}
