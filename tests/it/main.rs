//! The integration tests, as modules of one test crate: each file under
//! tests/ used to be its own binary, linked against the whole dependency
//! tree; one crate links once, which cuts the build of `cargo test` by
//! minutes on a fresh clone. New test files go here as a `mod` (a file at
//! the top of tests/ would be a crate of its own again).
//!
//! Tests that need `../shared` (the PolNeAR data, the reference scorer,
//! the seed gold) are `#[ignore = "needs ../shared (…)"]`: cargo's summary
//! counts them as ignored, and `scripts/test` runs them with
//! `--include-ignored` when `../shared` is there (always under CI).

mod cli_batch;
mod compare_cli;
mod compare_seeds;
mod diff_cli;
mod eval_agreement;
mod eval_cli;
mod explain;
mod formats_inputs;
mod formats_outputs;
mod german;
mod hostile;
mod input_warc;
mod no_word_lists;
mod pages_reader;
mod readme;
mod readme_blocks;
mod readme_walkthrough;
mod report_html;
mod robust_bad_rules;
mod robust_inputs;
mod robust_props;
mod rules_examples;
mod rules_layers;
mod snapshots;
mod support;
