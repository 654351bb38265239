//! Runs every command of the README's "Changing the rules" walkthrough, in
//! order, in a scratch folder with articles of its own: `whosaid …` lines
//! of the section's `sh` blocks (a `# exit N` comment gives the expected
//! exit code, else 0), and the `# edit FILE` step appends the section's
//! `toml` block to FILE. The walkthrough's promise, that the new verb shows
//! up in the diff, is checked too.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

const ARTICLE: &str = "The harbour board met on Tuesday to talk about the ferry timetable.\n\n\
\"The boats are late every single morning,\" one commuter grumbled.\n\n\
\"We will fix the schedule by spring,\" board chair Lena Varga said.\n";

const OTHER: &str = "The library reopened after a month of repairs.\n\n\
\"It feels like a new building,\" said librarian Tomas Reyes.\n";

/// The section's fenced blocks: (language, lines).
fn blocks(readme: &str) -> Vec<(String, Vec<String>)> {
    let start = readme
        .find("## Changing the rules")
        .expect("README has the section");
    let rest = &readme[start + 3..];
    let section = &rest[..rest.find("\n## ").unwrap_or(rest.len())];
    let mut out = Vec::new();
    let mut current: Option<(String, Vec<String>)> = None;
    for line in section.lines() {
        if let Some(lang) = line.strip_prefix("```") {
            match current.take() {
                Some(b) => out.push(b),
                None => current = Some((lang.trim().to_string(), Vec::new())),
            }
        } else if let Some((_, lines)) = current.as_mut() {
            lines.push(line.to_string());
        }
    }
    out
}

#[test]
fn every_walkthrough_command_runs() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let blocks = blocks(&readme);
    let edit: String = blocks
        .iter()
        .find(|(lang, _)| lang == "toml")
        .map(|(_, l)| l.join("\n") + "\n")
        .expect("the section shows the edit as a toml block");
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("my-articles")).unwrap();
    std::fs::write(tmp.path().join("my-articles/ferry.txt"), ARTICLE).unwrap();
    std::fs::write(tmp.path().join("my-articles/library.txt"), OTHER).unwrap();

    let mut ran = Vec::new();
    let mut first_diff = None;
    for (lang, lines) in blocks.iter().filter(|(lang, _)| lang == "sh") {
        assert_eq!(lang, "sh");
        for line in lines {
            let (cmd, comment) = line.split_once(" #").unwrap_or((line, ""));
            if let Some(target) = line.trim_start().strip_prefix("# edit ") {
                let file = target.split(':').next().unwrap().trim();
                let path = tmp.path().join(file);
                let mut text = std::fs::read_to_string(&path).unwrap();
                text.push('\n');
                text.push_str(&edit);
                std::fs::write(&path, text).unwrap();
                ran.push(format!("edit {file}"));
                continue;
            }
            let Some(args) = cmd.trim().strip_prefix("whosaid ") else {
                continue;
            };
            let args: Vec<&str> = args.split_whitespace().collect();
            let want = if comment.contains("# exit 1") || comment.trim_start().starts_with("exit 1")
            {
                1
            } else {
                0
            };
            let out = Command::new(env!("CARGO_BIN_EXE_whosaid"))
                .args(&args)
                .current_dir(tmp.path())
                .output()
                .unwrap();
            let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
            assert_eq!(
                out.status.code(),
                Some(want),
                "`whosaid {}`\n{stdout}\n{}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
            if args[0] == "diff" && first_diff.is_none() {
                first_diff = Some(stdout);
            }
            ran.push(args.join(" "));
        }
    }
    // init, edit, diff: the three steps the README promises, in that order
    assert!(ran.len() >= 10, "{ran:?}");
    assert!(ran[0].starts_with("rules init"), "{ran:?}");
    assert!(ran[1].starts_with("edit "), "{ran:?}");
    assert!(ran[2].starts_with("diff"), "{ran:?}");
    for needed in ["rules check", "snapshot", "--check", "--accept", "-f json"] {
        assert!(ran.iter().any(|r| r.contains(needed)), "{needed}: {ran:?}");
    }
    // the added verb's record is in the diff, the other article is untouched
    let diff = first_diff.unwrap();
    let added: Vec<&str> = diff.lines().filter(|l| l.starts_with("+ ")).collect();
    assert_eq!(added.len(), 1, "{diff}");
    assert!(
        added[0].contains("The boats are late every single morning"),
        "{diff}"
    );
    assert!(!diff.contains("library.txt"), "{diff}");
}
