//! The README stays true: every ```console block is run and its output
//! compared, and every `whosaid …` line of a ```sh block must parse as a
//! command line. Other fenced blocks (toml, text, json) and prose are not
//! read, so new sections never break this test; to pin an example, write it
//! as a ```console block (`$ command`, then exactly what it prints, stderr
//! included).
//!
//! Console commands run under `sh` in a scratch directory that links the
//! repository's tests/, rules/ and README.md and has ../shared beside it,
//! with the freshly built `whosaid` first on PATH, so files they write
//! (`-o quotes.xlsx`) never land in the repository. Blocks that mention
//! `../shared` are checked by the ignored test below.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::readme_blocks::{blocks, sh_commands};

/// One `$ command` of a console block and the output written under it.
#[derive(Debug)]
struct Example {
    /// 1-based README line of the command.
    line: usize,
    command: String,
    expected: String,
}

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn readme() -> String {
    std::fs::read_to_string(manifest().join("README.md")).unwrap()
}

/// The examples of every ```console block of `text`.
fn console_examples(text: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    for (start, lines) in blocks(text, "console") {
        let mut in_block: Vec<Example> = Vec::new();
        for (k, line) in lines.iter().enumerate() {
            if let Some(cmd) = line.strip_prefix("$ ") {
                in_block.push(Example {
                    line: start + k,
                    command: cmd.to_string(),
                    expected: String::new(),
                });
            } else if let Some(ex) = in_block.last_mut() {
                ex.expected.push_str(line);
                ex.expected.push('\n');
            } else {
                panic!(
                    "README.md:{}: a console block must start with `$ `",
                    start + k
                );
            }
        }
        out.extend(in_block);
    }
    out
}

/// A scratch directory laid out like the repository for the examples.
fn scratch() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    for name in ["tests", "rules", "README.md"] {
        std::os::unix::fs::symlink(manifest().join(name), repo.join(name)).unwrap();
    }
    let shared = manifest().join("../shared");
    if shared.is_dir() {
        std::os::unix::fs::symlink(&shared, dir.path().join("shared")).unwrap();
    }
    (dir, repo)
}

/// Runs one example and describes how its output differs, if it does.
fn check(ex: &Example, cwd: &Path) -> Option<String> {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_whosaid")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("{{ {}\n}} 2>&1", ex.command))
        .current_dir(cwd)
        .env("PATH", path)
        .env_remove("COLUMNS")
        .env("SOURCE_DATE_EPOCH", "0")
        .output()
        .unwrap();
    let got = String::from_utf8_lossy(&out.stdout);
    if got == ex.expected {
        None
    } else {
        Some(format!(
            "README.md:{}: `{}` printed\n{}\n--- but the README shows\n{}",
            ex.line, ex.command, got, ex.expected
        ))
    }
}

fn needs_shared(ex: &Example) -> bool {
    ex.command.contains("../shared")
}

fn check_all(want_shared: bool) -> usize {
    let (_dir, repo) = scratch();
    let examples: Vec<Example> = console_examples(&readme())
        .into_iter()
        .filter(|ex| needs_shared(ex) == want_shared)
        .collect();
    let failures: Vec<String> = examples.iter().filter_map(|ex| check(ex, &repo)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    examples.len()
}

#[test]
fn console_examples_print_what_the_readme_shows() {
    let n = check_all(false);
    assert!(n >= 8, "only {n} console examples found");
}

#[test]
#[ignore = "needs ../shared (seed articles)"]
fn console_examples_on_shared_print_what_the_readme_shows() {
    assert!(manifest().join("../shared/articles").is_dir());
    let n = check_all(true);
    assert!(n >= 1, "no console example uses ../shared");
}

/// A broken example is caught: the checker itself can fail.
#[test]
fn a_wrong_output_in_a_console_block_is_reported() {
    let text = "prose\n\n```console\n$ whosaid rules check\nrules fine\n```\n";
    let examples = console_examples(text);
    assert_eq!(examples.len(), 1);
    assert_eq!(examples[0].line, 4);
    let (_dir, repo) = scratch();
    let report = check(&examples[0], &repo).expect("a wrong output must be reported");
    assert!(report.contains("README.md:4: `whosaid rules check` printed"));
    assert!(report.contains("rules ok:"), "{report}");
}

/// The README's table of contents names sections that exist, in their
/// order (a section another change adds may be missing from it; a dead
/// entry may not).
#[test]
fn table_of_contents_entries_are_sections_in_order() {
    let text = readme();
    let sections: Vec<&str> = text.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    let toc: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != "## Contents")
        .skip(1)
        .take_while(|l| !l.starts_with("## "))
        .filter_map(|l| l.trim_start().strip_prefix("- ["))
        .filter_map(|l| l.split(']').next())
        .collect();
    assert!(toc.len() >= 8, "the Contents list is missing or short");
    let mut rest = sections.iter();
    for entry in &toc {
        assert!(
            rest.any(|s| s == entry),
            "Contents entry `{entry}` is not a later `## ` section"
        );
    }
}

/// The command lines of `sh` blocks are cut into words as a shell would
/// (the binary's own test then parses them with the real parser).
#[test]
fn sh_blocks_give_the_words_of_each_whosaid_line() {
    let text = "```sh\nwhosaid extract --frmat csv a.txt > out.csv # no\ncat a.txt | whosaid extract -f 'json'\nls\n```\n";
    let words = |v: &[&str]| v.iter().map(|w| w.to_string()).collect::<Vec<String>>();
    assert_eq!(
        sh_commands(text),
        vec![
            (2, words(&["extract", "--frmat", "csv", "a.txt"])),
            (3, words(&["extract", "-f", "json"])),
        ]
    );
}
