//! Bad rule files: each directory under tests/bad_rules/ is a copy of the
//! embedded rules/ with one thing broken (many_errors_gathered breaks one
//! thing in each of four files). The snapshot holds exactly what
//! `whosaid rules check DIR` prints on stderr and its exit code: the
//! diagnostics a rule author reads are the contract.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

#[test]
fn bad_rule_directories_render_their_diagnostics() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<String> = std::fs::read_dir(root.join("tests/bad_rules"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert!(cases.len() >= 10, "{cases:?}");
    let settings = crate::support::snapshot_settings();
    settings.bind(|| {
        for case in &cases {
            // A relative path, so the snapshot reads as a user's terminal would.
            let dir = format!("tests/bad_rules/{case}");
            let out = Command::new(env!("CARGO_BIN_EXE_whosaid"))
                .args(["rules", "check", &dir])
                .current_dir(root)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(78), "{case}: bad rules exit 78");
            assert!(out.stdout.is_empty(), "{case}: nothing on stdout");
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert!(stderr.contains(&dir), "{case}: diagnostics name the file");
            let shown = format!("$ whosaid rules check {dir}\nexit code 78\n{stderr}");
            insta::assert_snapshot!(format!("bad_rules__{case}"), shown);
        }
    });
}

#[test]
fn bad_rules_stop_extract_with_exit_78() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args([
            "extract",
            "--rules",
            "tests/bad_rules/unknown_slot",
            "tests/articles",
        ])
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(78));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("tests/bad_rules/unknown_slot/patterns.toml:"),
        "{err}"
    );
}
