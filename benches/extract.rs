//! Extraction throughput on the seed articles: one article, and the
//! whole fixture set per iteration. Run with `cargo bench --features bench --bench extract`;
//! the end-to-end corpus benchmark is `scripts/bench`.

// Benchmark code: the embedded rules always load (a test checks it).
#![allow(clippy::expect_used)]

use whosaid::RuleSet;

fn main() {
    divan::main();
}

fn fixtures() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/articles");
    let mut out = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            if let Ok(t) = std::fs::read_to_string(e.path()) {
                out.push((e.path().display().to_string(), t));
            }
        }
    }
    out.sort();
    out
}

#[divan::bench]
fn load_embedded_rules() -> RuleSet {
    RuleSet::embedded().expect("embedded rules load")
}

#[divan::bench]
fn extract_fixtures(b: divan::Bencher) {
    let rules = RuleSet::embedded().expect("embedded rules load");
    let docs = fixtures();
    let bytes: usize = docs.iter().map(|(_, t)| t.len()).sum();
    b.counter(divan::counter::BytesCount::new(bytes)).bench(|| {
        docs.iter()
            .map(|(d, t)| whosaid::extract(&rules, d, t).len())
            .sum::<usize>()
    });
}

#[divan::bench(args = [1_000, 10_000, 100_000])]
fn unpaired_quote_marks(b: divan::Bencher, n: usize) {
    let rules = RuleSet::embedded().expect("embedded rules load");
    let text = "\"".repeat(n);
    b.counter(divan::counter::BytesCount::new(n))
        .bench(|| whosaid::extract(&rules, "q", &text).len());
}
