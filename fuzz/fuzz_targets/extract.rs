//! Extraction over arbitrary bytes, read as the CLI reads them: it never
//! panics, and every record keeps the record contract's offsets
//! (`Record::check_offsets`: spans on char boundaries inside the text,
//! `quote` the text at `spans`, `char_spans`, speaker and cue spans).
//!
//! The first byte picks the reader: 0x01 a web page (the HTML reader),
//! 0x02 a JSONL feed (read as `extract` reads a `.jsonl` file, line by
//! line); anything else is plain text, the whole input decoded lossily.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use whosaid::input::{read_articles, read_feed_part, InputKind};
use whosaid::RuleSet;

static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| RuleSet::embedded().expect("embedded rules load"));

fuzz_target!(|data: &[u8]| {
    let articles = match data.first() {
        Some(1) => read_articles("fuzz.html", &data[1..], InputKind::Html).0,
        Some(2) => read_feed_part("fuzz.jsonl", &data[1..], 1, 0).0,
        _ => {
            let text = String::from_utf8_lossy(data);
            let recs = whosaid::extract(&RULES, "fuzz", &text);
            check(&text, &recs);
            return;
        }
    };
    for a in &articles {
        let recs = whosaid::extract_with_meta(&RULES, &a.doc, &a.text, &a.meta);
        check(&a.text, &recs);
    }
});

fn check(text: &str, recs: &[whosaid::Record]) {
    for r in recs {
        if let Err(problem) = r.check_offsets(text) {
            panic!("{problem}: {r:?}");
        }
    }
}
