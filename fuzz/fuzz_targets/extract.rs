//! Extraction over arbitrary bytes (decoded as the CLI decodes them): it
//! never panics, and every record keeps the record contract's offsets
//! (`Record::check_offsets`: spans on char boundaries inside the text,
//! `quote` the text at `spans`, `char_spans`, speaker and cue spans).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use whosaid::RuleSet;

static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| RuleSet::embedded().expect("embedded rules load"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let recs = whosaid::extract(&RULES, "fuzz", &text);
    for r in &recs {
        if let Err(problem) = r.check_offsets(&text) {
            panic!("{problem}: {r:?}");
        }
    }
});
