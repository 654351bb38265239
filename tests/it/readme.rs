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

/// The fenced blocks of `text` whose info string is `lang`, as (first line
/// number inside the block, lines).
fn blocks<'a>(text: &'a str, lang: &str) -> Vec<(usize, Vec<&'a str>)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, Vec<&str>, bool)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut current {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    current = Some((i + 2, Vec::new(), info.trim() == lang));
                }
            }
            Some((start, lines, wanted)) => {
                if trimmed.starts_with("```") {
                    if *wanted {
                        out.push((*start, std::mem::take(lines)));
                    }
                    current = None;
                } else {
                    lines.push(line);
                }
            }
        }
    }
    out
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

/// Splits a shell line into words (quotes removed) up to the first pipe,
/// redirection or comment.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    in_word = true;
                }
                '|' | '>' | '<' | '#' | ';' | '&' => break,
                c if c.is_whitespace() => {
                    if in_word {
                        words.push(std::mem::take(&mut word));
                        in_word = false;
                    }
                }
                c => {
                    word.push(c);
                    in_word = true;
                }
            },
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// Every `whosaid …` command line of the sh blocks, with its README line.
fn sh_commands(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    for (start, lines) in blocks(text, "sh") {
        for (k, line) in lines.iter().enumerate() {
            let words = shell_words(line.trim());
            if words.first().map(String::as_str) == Some("whosaid") {
                out.push((start + k, words[1..].to_vec()));
            } else if words.first().map(String::as_str) == Some("cat") {
                // `cat a.txt | whosaid …`: the command after the pipe
                if let Some(rest) = line.split('|').nth(1) {
                    let words = shell_words(rest.trim());
                    if words.first().map(String::as_str) == Some("whosaid") {
                        out.push((start + k, words[1..].to_vec()));
                    }
                }
            }
        }
    }
    out
}

#[test]
fn every_whosaid_command_in_sh_blocks_parses() {
    let cmds = sh_commands(&readme());
    assert!(cmds.len() >= 10, "only {} commands found", cmds.len());
    let bad: Vec<String> = cmds
        .iter()
        .filter_map(|(line, args)| {
            whosaid::cli::parses(args)
                .err()
                .map(|e| format!("README.md:{line}: whosaid {}: {e}", args.join(" ")))
        })
        .collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn a_misspelt_option_in_an_sh_block_is_reported() {
    let cmds = sh_commands("```sh\nwhosaid extract --frmat csv a.txt > out.csv # no\n```\n");
    assert_eq!(
        cmds,
        vec![(
            2,
            vec![
                "extract".into(),
                "--frmat".into(),
                "csv".into(),
                "a.txt".into()
            ]
        )]
    );
    assert!(whosaid::cli::parses(&cmds[0].1).is_err());
    assert!(whosaid::cli::parses(["extract", "-f", "csv", "a.txt"]).is_ok());
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
