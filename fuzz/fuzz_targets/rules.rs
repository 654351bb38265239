//! Rule loading over arbitrary TOML: the first byte picks which rule file
//! the rest replaces (the others stay the embedded ones). Loading must
//! never panic: it returns a rule set or diagnostics; a rule set that loads
//! is then run over its own examples and a sample sentence.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::LazyLock;
use whosaid::rules::{Source, EMBEDDED};
use whosaid::RuleSet;

static DIR: LazyLock<PathBuf> = LazyLock::new(|| {
    let dir = std::env::temp_dir().join(format!("whosaid-fuzz-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
});

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let target = usize::from(pick) % EMBEDDED.len();
    for (i, (name, text)) in EMBEDDED.iter().enumerate() {
        let body: &[u8] = if i == target { rest } else { text.as_bytes() };
        std::fs::write(DIR.join(name), body).expect("write rule file");
    }
    match RuleSet::load(Source::Dir(&DIR)) {
        Ok(rules) => {
            let _ = whosaid::check::check_examples(&rules);
            let _ = whosaid::extract(&rules, "fuzz", "\"We will win,\" Trump said. She said that it was over.");
        }
        Err(errs) => {
            assert!(!errs.is_empty(), "an error result with no diagnostics");
            let _ = errs.to_string();
        }
    }
});
