//! Helpers shared by the test modules of this crate.

#![allow(clippy::unwrap_used)]

/// insta settings for this repository: snapshots live in the top-level
/// snapshots/ folder, named without the test module's path.
pub fn snapshot_settings() -> insta::Settings {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings
}

/// A rules directory holding the built-in patterns.toml without the
/// pattern `id` (the other rule files stay the built-in ones).
pub fn rules_without(id: &str) -> tempfile::TempDir {
    let (_, text) = whosaid::rules::EMBEDDED
        .iter()
        .find(|(n, _)| *n == "patterns.toml")
        .unwrap();
    let blocks: Vec<&str> = text.split("[[pattern]]").collect();
    let kept: Vec<&str> = blocks
        .iter()
        .copied()
        .filter(|b| !b.contains(&format!("id = \"{id}\"")))
        .collect();
    assert_eq!(kept.len() + 1, blocks.len(), "{id}: one block taken out");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("patterns.toml"), kept.join("[[pattern]]")).unwrap();
    dir
}
