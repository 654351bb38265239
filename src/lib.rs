//! whosaid: who said what in news articles.
//!
//! Rules are data (TOML files under `rules/`, embedded by default), the
//! engine pairs quotation marks, runs the pattern templates sentence by
//! sentence and attributes each quote to a speaker, and records are stable
//! JSON, JSONL or CSV with byte offsets into the input.
//!
//! ```
//! let rules = whosaid::RuleSet::embedded().unwrap();
//! let recs = whosaid::extract(&rules, "doc", "\"We will win,\" Trump said.");
//! assert_eq!(recs[0].speaker.as_ref().unwrap().name, "Trump");
//! ```

pub mod batch;
pub mod check;
pub mod compare;
pub(crate) mod context;
pub mod diff;
pub mod engine;
pub mod eval;
pub mod input;
pub mod output;
pub mod progress;
pub mod record;
pub mod rules;
pub(crate) mod text;

/// The fixture articles under tests/articles, read for unit tests that
/// compare a fast path with the plain code it replaced.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn fixture_texts() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/articles");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// Exit code: some input could not be read, or (`diff --fail-on-change`,
/// `snapshot --check`) something changed.
pub const EXIT_INPUT: u8 = 1;

pub use engine::{extract, extract_with_meta};
pub use output::{Format, RecordWriter};
pub use record::{ArticleMeta, Kind, Record, Speaker, SpeakerType};
pub use rules::{RuleErrors, RuleSet};
