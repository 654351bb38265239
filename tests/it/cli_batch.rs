//! The `extract` command over batches: directories, globs, standard input
//! streams, thread counts, unreadable and odd inputs, output files and
//! closed pipes, exit codes. Everything runs the real binary.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_whosaid");

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(manifest().join("tests/articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&data);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

fn run_paths(args: &[&str], paths: &[PathBuf]) -> Output {
    let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    all.extend(paths.iter().map(|p| p.display().to_string()));
    let refs: Vec<&str> = all.iter().map(String::as_str).collect();
    run(&refs, b"")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn docs_of(jsonl: &str) -> Vec<String> {
    jsonl
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["doc"].as_str().unwrap().to_string()
        })
        .collect()
}

/// Runs over `files` one at a time and concatenates: what a batch must equal.
fn one_by_one(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|f| stdout(&run_paths(&["extract", "-j", "1"], std::slice::from_ref(f))))
        .collect()
}

#[test]
fn a_batch_equals_its_files_run_one_by_one_in_order() {
    let files = fixtures();
    assert!(files.len() >= 2);
    let mut reversed = files.clone();
    reversed.reverse();
    for order in [&files, &reversed] {
        let batch = run_paths(&["extract", "-j", "2"], order);
        assert_eq!(batch.status.code(), Some(0), "{}", stderr(&batch));
        assert_eq!(stdout(&batch), one_by_one(order));
    }
}

#[test]
fn one_and_two_threads_write_identical_bytes() {
    let files = fixtures();
    // Repeat the fixtures so jobs overtake each other in the pool.
    let many: Vec<PathBuf> = (0..20).flat_map(|_| files.clone()).collect();
    for format in ["jsonl", "json", "csv"] {
        let one = run_paths(&["extract", "-f", format, "-j", "1"], &many);
        let two = run_paths(&["extract", "-f", format, "-j", "2"], &many);
        let four = run_paths(&["extract", "-f", format, "-j", "4"], &many);
        assert!(!one.stdout.is_empty());
        assert_eq!(one.stdout, two.stdout, "{format}: -j 1 vs -j 2");
        assert_eq!(one.stdout, four.stdout, "{format}: -j 1 vs -j 4");
    }
}

#[test]
#[ignore = "needs ../shared (PolNeAR train text)"]
fn one_and_two_threads_agree_on_the_polnear_corpus() {
    let dir = manifest().join("../shared/data/polnear-train/text");
    assert!(dir.is_dir(), "{} is absent", dir.display());
    let d = dir.display().to_string();
    // One outlet's 120 articles keeps the debug-build test short.
    let one = run(&["extract", "-j", "1", "--glob", "h*.txt", &d], b"");
    let two = run(&["extract", "-j", "2", "--glob", "h*.txt", &d], b"");
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(two.status.code(), Some(0), "{}", stderr(&two));
    assert!(one.stdout.len() > 10_000, "the corpus gives many records");
    assert_eq!(one.stdout, two.stdout);
    // Directory order is file-name order.
    let docs = docs_of(&stdout(&one));
    let mut sorted = docs.clone();
    sorted.sort();
    assert_eq!(docs, sorted);
    sorted.dedup();
    assert!(sorted.len() > 60, "{} articles gave records", sorted.len());
    assert!(sorted.iter().all(|d| d.contains("/text/h")));
}

/// A tree: a/1.txt, a/b/2.txt, a/b/3.md, a/.hidden/4.txt, a/.5.txt, a/6.TXT
fn tree() -> (tempfile::TempDir, Vec<PathBuf>) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("a");
    std::fs::create_dir_all(root.join("b")).unwrap();
    std::fs::create_dir_all(root.join(".hidden")).unwrap();
    let fx = fixtures();
    let text = |i: usize| std::fs::read(&fx[i % fx.len()]).unwrap();
    let files = [
        "1.txt",
        "b/2.txt",
        "b/3.md",
        ".hidden/4.txt",
        ".5.txt",
        "6.TXT",
    ];
    let paths: Vec<PathBuf> = files.iter().map(|f| root.join(f)).collect();
    for (i, p) in paths.iter().enumerate() {
        std::fs::write(p, text(i)).unwrap();
    }
    (tmp, paths)
}

#[test]
fn directories_are_walked_recursively_for_txt_files_in_name_order() {
    let (tmp, paths) = tree();
    let root = tmp.path().join("a");
    let out = run(&["extract", "-j", "2", &root.display().to_string()], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut docs = docs_of(&stdout(&out));
    docs.dedup();
    // 1.txt, 6.TXT (extensions in any case), b/2.txt; not b/3.md
    let order = [paths[0].clone(), paths[5].clone(), paths[1].clone()];
    let want: Vec<String> = order.iter().map(|p| p.display().to_string()).collect();
    assert_eq!(docs, want, "readable formats only, hidden entries skipped");
    assert_eq!(stdout(&out), one_by_one(&order));
}

#[test]
fn glob_picks_other_files_but_named_files_are_always_read() {
    let (tmp, paths) = tree();
    let root = tmp.path().join("a").display().to_string();
    let out = run(&["extract", "--glob", "*.md", &root], b"");
    let mut docs = docs_of(&stdout(&out));
    docs.dedup();
    assert_eq!(docs, vec![paths[2].display().to_string()]);

    let out = run(&["extract", "--glob", "b/*", &root], b"");
    let mut docs = docs_of(&stdout(&out));
    docs.dedup();
    assert_eq!(
        docs,
        vec![
            paths[1].display().to_string(),
            paths[2].display().to_string()
        ]
    );

    // A file named on the command line is read whatever its name.
    let out = run_paths(&["extract"], &[paths[5].clone()]);
    assert!(!out.stdout.is_empty());
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_bad_glob_is_a_usage_error() {
    let out = run(&["extract", "--glob", "a[", "."], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("bad --glob \"a[\""),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn unreadable_inputs_are_reported_and_the_batch_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let files = fixtures();
    let missing = tmp.path().join("missing.txt");
    let dangling = tmp.path().join("dangling.txt");
    std::os::unix::fs::symlink(tmp.path().join("nowhere"), &dangling).unwrap();
    let batch = vec![
        files[0].clone(),
        missing.clone(),
        files[1].clone(),
        dangling.clone(),
        files[2].clone(),
    ];
    for j in ["1", "2"] {
        let out = run_paths(&["extract", "-j", j], &batch);
        assert_eq!(out.status.code(), Some(1), "exit 1 when an input failed");
        let err = stderr(&out);
        let lines: Vec<&str> = err.lines().collect();
        assert_eq!(lines.len(), 2, "{err}");
        assert!(lines[0].starts_with(&format!("whosaid: {}: ", missing.display())));
        assert!(lines[1].starts_with(&format!("whosaid: {}: ", dangling.display())));
        assert!(err.contains("No such file"), "{err}");
        // Every record of every good file is still written, in order.
        assert_eq!(stdout(&out), one_by_one(&files[..3]), "-j {j}");
    }
}

#[test]
fn an_unreadable_file_is_reported_with_its_reason() {
    let tmp = tempfile::tempdir().unwrap();
    let locked = tmp.path().join("locked.txt");
    std::fs::write(&locked, "\"Hi,\" she said.").unwrap();
    let mut perm = std::fs::metadata(&locked).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perm, 0o000);
    std::fs::set_permissions(&locked, perm).unwrap();
    if std::fs::read(&locked).is_ok() {
        eprintln!("skipped: running as a user who can read a 000 file (root)");
        return;
    }
    let out = run_paths(&["extract"], std::slice::from_ref(&locked));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("Permission denied"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn empty_and_whitespace_only_files_give_nothing_and_no_error() {
    let tmp = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, body) in [
        ("empty.txt", ""),
        ("spaces.txt", "  \n\t\r\n \u{a0}\u{3000}\n"),
        ("newlines.txt", "\n\n\n"),
    ] {
        let p = tmp.path().join(name);
        std::fs::write(&p, body).unwrap();
        paths.push(p);
    }
    for format in ["jsonl", "json", "csv"] {
        let out = run_paths(&["extract", "-f", format], &paths);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(stderr(&out), "");
        let want = match format {
            "jsonl" => "",
            "json" => "[]\n",
            _ => "doc,kind,speaker,title,mention,cue,quote,via,start,end,rule,speaker_type,article_title,url,date,outlet,author,context,lang\n",
        };
        assert_eq!(stdout(&out), want, "{format}");
    }
}

#[test]
fn invalid_utf8_warns_once_with_the_first_bad_offset() {
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("latin1.txt");
    // "We will win," in Latin-1 quotes-free text, then two bad bytes.
    let mut bytes = b"\"We will win,\" Trump said. Caf".to_vec();
    bytes.push(0xE9);
    bytes.extend_from_slice(b" and na");
    bytes.push(0xEF);
    bytes.extend_from_slice(b"ve.");
    std::fs::write(&p, &bytes).unwrap();
    let out = run_paths(&["extract"], std::slice::from_ref(&p));
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with(&format!(
            "whosaid: warning: {}: invalid UTF-8 at byte 30",
            p.display()
        )),
        "{err}"
    );
    let recs = stdout(&out);
    let v: serde_json::Value = serde_json::from_str(recs.lines().next().unwrap()).unwrap();
    assert_eq!(v["quote"], "We will win,");
    assert_eq!(v["speaker"]["name"], "Trump");
}

#[test]
fn binary_files_are_skipped_unless_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("image.txt");
    let mut bytes = b"\"We will win,\" Trump said.\n".to_vec();
    bytes.extend_from_slice(&[0, 1, 2, 0]);
    std::fs::write(&bin, &bytes).unwrap();
    let good = fixtures()[0].clone();

    let out = run_paths(&["extract"], &[bin.clone(), good.clone()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a skipped binary is not a failure"
    );
    assert_eq!(
        stderr(&out),
        format!(
            "whosaid: warning: {}: binary file (NUL byte at offset 27), skipped; use --binary to read it\n",
            bin.display()
        )
    );
    assert_eq!(stdout(&out), one_by_one(&[good]));

    let out = run_paths(&["extract", "--binary"], std::slice::from_ref(&bin));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(stderr(&out), "");
    let recs = stdout(&out);
    assert!(recs.contains("\"quote\":\"We will win,\""), "{recs}");
}

#[test]
fn stdin_is_a_stream_of_articles_split_at_form_feeds() {
    let files = fixtures()[..3].to_vec();
    let texts: Vec<Vec<u8>> = files.iter().map(|f| std::fs::read(f).unwrap()).collect();
    let stream = texts.join(&b'\x0c');
    let out = run(&["extract", "-j", "2"], &stream);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut docs = docs_of(&stdout(&out));
    docs.dedup();
    assert_eq!(docs, vec!["-:1", "-:2", "-:3"]);
    // Each article's records are those of the file alone (offsets restart).
    for (i, f) in files.iter().enumerate() {
        let alone = stdout(&run_paths(&["extract"], std::slice::from_ref(f)));
        let name = serde_json::to_string(&f.display().to_string()).unwrap();
        let from_stream: String = stdout(&out)
            .lines()
            .filter(|l| l.starts_with(&format!("{{\"doc\":\"-:{}\"", i + 1)))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(
            from_stream.replace(&format!("\"-:{}\"", i + 1), &name),
            alone
        );
    }
    // One article without a separator is named `-`, as is `-` given explicitly.
    for args in [&["extract"][..], &["extract", "-"][..]] {
        let out = run(args, &texts[0]);
        let mut docs = docs_of(&stdout(&out));
        docs.dedup();
        assert_eq!(docs, vec!["-"]);
    }
}

#[test]
fn csv_cells_that_look_like_formulas_are_escaped() {
    let text = "\"=HYPERLINK(\"\"x\"\")\" is not a quote.\n\n\"=SUM(A1:A9) now,\" Trump said.\n\n\"+1 for us,\" said Jane Doe.\n\n\"@everyone, listen,\" Doe said.";
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("formula.txt");
    std::fs::write(&p, text).unwrap();
    let out = run_paths(&["extract", "-f", "csv"], &[p]);
    assert_eq!(out.status.code(), Some(0));
    let mut rdr = csv::Reader::from_reader(out.stdout.as_slice());
    let quotes: Vec<String> = rdr
        .records()
        .map(|r| r.unwrap().get(6).unwrap().to_string())
        .collect();
    assert!(
        quotes.contains(&"'=SUM(A1:A9) now,".to_string()),
        "{quotes:?}"
    );
    assert!(quotes.contains(&"'+1 for us,".to_string()), "{quotes:?}");
    assert!(
        quotes.contains(&"'@everyone, listen,".to_string()),
        "{quotes:?}"
    );
    for q in &quotes {
        assert!(!q.starts_with(['=', '+', '-', '@', '\t', '\r']), "{q}");
    }
}

#[test]
fn output_file_is_written_whole_and_leaves_no_temp_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out_path = tmp.path().join("records.jsonl");
    let files = fixtures();
    let o = out_path.display().to_string();
    let mut args = vec!["extract", "-o", &o];
    let names: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    args.extend(names.iter().map(String::as_str));
    let out = run(&args, b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&out_path).unwrap(),
        one_by_one(&files)
    );
    assert_eq!(entries(tmp.path()), vec!["records.jsonl"]);
}

#[test]
fn a_failed_run_leaves_no_partial_output() {
    let tmp = tempfile::tempdir().unwrap();
    let files = fixtures();
    let f = files[0].display().to_string();

    // The output path is a directory: the rename fails at the end, after
    // the records were written to the temporary file.
    let blocker = tmp.path().join("out.jsonl");
    std::fs::create_dir(&blocker).unwrap();
    std::fs::write(blocker.join("keep"), "x").unwrap();
    let out = run(&["extract", "-o", &blocker.display().to_string(), &f], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&blocker.display().to_string()),
        "{}",
        stderr(&out)
    );
    assert_eq!(entries(tmp.path()), vec!["out.jsonl"], "temp file removed");
    assert_eq!(entries(&blocker), vec!["keep"]);

    // An existing output is untouched by a run that fails before writing.
    let existing = tmp.path().join("old.jsonl");
    std::fs::write(&existing, "old contents\n").unwrap();
    let e = existing.display().to_string();
    let out = run(&["extract", "--glob", "[", "-o", &e, &f], b"");
    assert_eq!(out.status.code(), Some(2));
    let out2 = run(
        &[
            "extract",
            "--rules",
            &tmp.path().display().to_string(),
            "-o",
            &e,
            &f,
        ],
        b"",
    );
    assert_eq!(out2.status.code(), Some(78));
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "old contents\n"
    );
    assert_eq!(entries(tmp.path()), vec!["old.jsonl", "out.jsonl"]);

    // The output directory does not exist.
    let nowhere = tmp.path().join("no/such/dir/out.jsonl");
    let out = run(&["extract", "-o", &nowhere.display().to_string(), &f], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no/such/dir"), "{}", stderr(&out));
}

fn entries(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let files = fixtures();
    let many: Vec<String> = (0..400)
        .flat_map(|_| files.iter().map(|f| f.display().to_string()))
        .collect();
    for j in ["1", "2"] {
        let mut child = Command::new(BIN)
            .args(["extract", "-j", j])
            .args(&many)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Read one line, as `| head -1` would, then close the pipe.
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 64];
        stdout.read_exact(&mut first).unwrap();
        drop(stdout);
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "-j {j}: {err}");
        assert_eq!(err, "", "-j {j}");
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["extract", "--no-such-flag"][..],
        &["extract", "-j", "many"][..],
        &["frobnicate"][..],
    ] {
        let out = run(args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(!out.stderr.is_empty());
    }
}
