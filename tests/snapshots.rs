//! One insta snapshot per fixture article under tests/articles/, of exactly
//! what `whosaid extract --format json` prints. Snapshots live in the
//! top-level snapshots/ folder; review changes with `cargo insta review`.

use whosaid::output::{render, Format};
use whosaid::RuleSet;

#[test]
fn fixture_articles() {
    let rules = RuleSet::embedded().expect("embedded rules load");
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        insta::glob!("articles/*.txt", |path| {
            let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
            let name = path.file_name().expect("file name").to_string_lossy();
            let doc = format!("tests/articles/{name}");
            let recs = whosaid::extract(&rules, &doc, &text);
            let json = render(&recs, Format::Json).expect("render");
            insta::assert_snapshot!(json);
        });
    });
}
