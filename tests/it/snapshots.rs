//! One insta snapshot per fixture article under tests/articles/, of exactly
//! what `whosaid extract --format json tests/articles/NAME.txt` prints
//! (article details from the header lines included; a test checks the two
//! agree). Snapshots live in the
//! top-level snapshots/ folder; review changes with `cargo insta review`.

use whosaid::input::{read_articles, InputKind};
use whosaid::record::{render, Format};
use whosaid::RuleSet;

#[test]
fn fixture_articles() {
    let rules = RuleSet::embedded().expect("embedded rules load");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::glob!(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests"),
            "articles/*.txt",
            |path| {
                let bytes = std::fs::read(path).expect("fixture");
                let name = path.file_name().expect("file name").to_string_lossy();
                let doc = format!("tests/articles/{name}");
                // As the CLI reads a file: header lines give the metadata.
                let (articles, _) = read_articles(&doc, &bytes, InputKind::Auto);
                let recs: Vec<_> = articles
                    .iter()
                    .flat_map(|a| whosaid::extract_with_meta(&rules, &a.doc, &a.text, &a.meta))
                    .collect();
                let json = render(&recs, Format::Json).expect("render");
                insta::assert_snapshot!(json);
            }
        );
    });
}

/// The snapshots hold what the CLI prints, byte for byte.
#[test]
fn snapshots_equal_the_cli_output() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/articles");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 5);
    for name in names {
        let doc = format!("tests/articles/{name}");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_whosaid"))
            .args(["extract", "--format", "json", &doc])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .expect("run whosaid");
        let snap = std::fs::read_to_string(format!(
            "{}/snapshots/fixture_articles@{name}.snap",
            env!("CARGO_MANIFEST_DIR")
        ))
        .expect("snapshot");
        // the snapshot body follows its `---` header
        let body = snap.splitn(3, "---\n").nth(2).expect("snapshot body");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim_end(),
            body.trim_end(),
            "{name}"
        );
    }
}
