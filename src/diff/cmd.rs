//! The `diff` and `snapshot` commands (their arguments are parsed in
//! src/cli.rs).

use super::render::{self, GoldFigures};
use super::{diff, snapshot, RecordDiff};
use crate::batch;
use crate::eval::{self, gold, Prediction, Units};
use crate::record::Record;
use crate::rules::RuleSet;
use std::collections::BTreeMap;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Exit code when `--fail-on-change` / `snapshot --check` find a difference.
pub const EXIT_CHANGED: u8 = 1;

/// How to print a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFormat {
    Terminal,
    Json,
}

/// What `whosaid diff` was asked to do.
pub struct DiffOptions {
    pub format: DiffFormat,
    pub gold: Option<PathBuf>,
    pub fail_on_change: bool,
    pub batch: batch::Options,
}

/// Each article's doc and records, in input order.
pub type Articles = Vec<(String, Vec<Record>)>;

/// Every article's records of a batch, and the docs read in order
/// (articles without records included). The flag says whether every input
/// could be read.
pub fn run_batch(
    rules: &RuleSet,
    files: &[PathBuf],
    opts: &batch::Options,
) -> io::Result<(Articles, bool)> {
    let mut out: Articles = Vec::new();
    let summary = batch::run(
        rules,
        files,
        opts,
        &mut |event| {
            match event {
                batch::Event::Article(doc, _) => out.push((doc.to_string(), Vec::new())),
                batch::Event::Record(rec) => {
                    if let Some(last) = out.last_mut() {
                        last.1.push(rec.clone());
                    }
                }
                batch::Event::Text(_) => {}
            }
            Ok(())
        },
        &mut |msg| eprintln!("{msg}"),
    )?;
    Ok((out, summary.failed == 0))
}

fn read_records_file(path: &Path) -> Result<Vec<Record>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (recs, errors) = crate::compare::read_records(&text);
    match errors.first() {
        Some(e) => Err(format!(
            "{}:{}: not a record: {}",
            path.display(),
            e.line,
            e.message
        )),
        None => Ok(recs),
    }
}

/// Both runs' eval figures on a gold corpus: `old`/`new` give each side's
/// predictions for the gold documents.
fn gold_figures(
    path: &Path,
    rules: &RuleSet,
    old: impl Fn(&[gold::GoldDoc]) -> BTreeMap<String, Vec<Prediction>>,
    new: impl Fn(&[gold::GoldDoc]) -> BTreeMap<String, Vec<Prediction>>,
) -> Result<GoldFigures, String> {
    let corpus = gold::load(path);
    for e in &corpus.errors {
        eprintln!("whosaid: diff: {e}");
    }
    if corpus.docs.is_empty() {
        return Err(format!("no gold documents read from {}", path.display()));
    }
    let score = |p| eval::evaluate(&corpus.docs, &p, Units::Bytes, rules).report;
    Ok(GoldFigures {
        old: score(old(&corpus.docs)),
        new: score(new(&corpus.docs)),
    })
}

/// Records keyed by gold document id: a record's doc, or its file stem
/// when the doc is a path (`text/a.txt` for gold document `a`).
fn predictions(recs: &[Record], docs: &[gold::GoldDoc]) -> BTreeMap<String, Vec<Prediction>> {
    let ids: std::collections::HashSet<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    let mut out: BTreeMap<String, Vec<Prediction>> = BTreeMap::new();
    for r in recs {
        let key = if ids.contains(r.doc.as_str()) {
            r.doc.clone()
        } else {
            Path::new(&r.doc)
                .file_stem()
                .map_or(r.doc.clone(), |s| s.to_string_lossy().into_owned())
        };
        out.entry(key).or_default().push(Prediction::from_record(r));
    }
    out
}

fn print(d: &RecordDiff, gold: Option<&GoldFigures>, format: DiffFormat) -> io::Result<()> {
    let stdout = io::stdout();
    let text = match format {
        DiffFormat::Terminal => render::terminal(d, gold, render::use_colour(stdout.is_terminal())),
        DiffFormat::Json => render::json(d, gold).map_err(io::Error::other)?,
    };
    let mut out = stdout.lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

fn finish(d: &RecordDiff, opts: &DiffOptions, all_read: bool) -> u8 {
    if opts.fail_on_change && d.summary.any_change() {
        EXIT_CHANGED
    } else if all_read {
        0
    } else {
        crate::EXIT_INPUT
    }
}

/// `whosaid diff OLD.jsonl NEW.jsonl`.
pub fn diff_files(old: &Path, new: &Path, opts: &DiffOptions) -> io::Result<u8> {
    let (o, n) = match (read_records_file(old), read_records_file(new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("whosaid: {e}");
            return Ok(crate::EXIT_INPUT);
        }
    };
    let d = diff(&o, &n);
    let gold = match &opts.gold {
        None => None,
        Some(path) => {
            let rules = RuleSet::embedded().map_err(io::Error::other)?;
            match gold_figures(
                path,
                &rules,
                |docs| predictions(&o, docs),
                |docs| predictions(&n, docs),
            ) {
                Ok(g) => Some(g),
                Err(e) => {
                    eprintln!("whosaid: diff: {e}");
                    return Ok(crate::EXIT_INPUT);
                }
            }
        }
    };
    print(&d, gold.as_ref(), opts.format)?;
    Ok(finish(&d, opts, true))
}

/// `whosaid diff --rules-old A --rules-new B ARTICLES…`: both rule sets
/// run over the articles (or, with none given, over the gold documents).
pub fn diff_rules(
    old: &RuleSet,
    new: &RuleSet,
    files: &[PathBuf],
    opts: &DiffOptions,
) -> io::Result<u8> {
    let gold = match &opts.gold {
        None => None,
        Some(path) => match gold_figures(
            path,
            new,
            |docs| eval::extract_predictions(old, docs),
            |docs| eval::extract_predictions(new, docs),
        ) {
            Ok(g) => Some(g),
            Err(e) => {
                eprintln!("whosaid: diff: {e}");
                return Ok(crate::EXIT_INPUT);
            }
        },
    };
    let (o, n, all_read) = if files.is_empty() {
        // the gold's own documents
        let corpus = opts.gold.as_deref().map(gold::load);
        let docs = corpus.map(|c| c.docs).unwrap_or_default();
        let run = |rules: &RuleSet| -> Vec<Record> {
            docs.iter()
                .flat_map(|d| crate::extract(rules, &d.id, &d.text))
                .collect()
        };
        (run(old), run(new), true)
    } else {
        let (o, ok1) = run_batch(old, files, &opts.batch)?;
        let (n, ok2) = run_batch(new, files, &opts.batch)?;
        let flat = |v: Articles| v.into_iter().flat_map(|(_, r)| r).collect();
        (flat(o), flat(n), ok1 && ok2)
    };
    let d = diff(&o, &n);
    print(&d, gold.as_ref(), opts.format)?;
    Ok(finish(&d, opts, all_read))
}

/// What `whosaid snapshot` was asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotMode {
    /// Write snapshots that do not exist yet; report the ones that differ.
    Write,
    /// Write nothing; report differences and missing snapshots (exit 1).
    Check,
    /// Write every snapshot (accept the current records).
    Accept,
}

/// `whosaid snapshot ARTICLES… --dir DIR [--check | --accept]`.
pub fn snapshot(
    rules: &RuleSet,
    files: &[PathBuf],
    dir: &Path,
    mode: SnapshotMode,
    opts: &batch::Options,
) -> io::Result<u8> {
    let (articles, all_read) = run_batch(rules, files, opts)?;
    if mode != SnapshotMode::Check {
        std::fs::create_dir_all(dir)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    }
    let (mut written, mut same, mut differ, mut missing) = (0, 0, 0, Vec::new());
    let (mut old_all, mut new_all) = (Vec::new(), Vec::new());
    for (doc, recs) in &articles {
        let path = dir.join(snapshot::file_name(doc));
        let now = snapshot::render(doc, recs);
        let before = match std::fs::read_to_string(&path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        };
        if before.as_deref() == Some(now.as_str()) {
            same += 1;
            continue;
        }
        let write = match (&before, mode) {
            (_, SnapshotMode::Accept) | (None, SnapshotMode::Write) => true,
            (None, SnapshotMode::Check) => {
                missing.push(path.display().to_string());
                false
            }
            (Some(_), _) => false,
        };
        if write {
            std::fs::write(&path, &now)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            written += 1;
            continue;
        }
        if let Some(before) = before {
            differ += 1;
            let old = snapshot::parse(doc, &before).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("{}: {e}", path.display()),
                )
            })?;
            old_all.extend(old);
            new_all.extend(recs.iter().cloned());
        }
    }
    let d = diff(&old_all, &new_all);
    let stdout = io::stdout();
    let colour = render::use_colour(stdout.is_terminal());
    let mut out = stdout.lock();
    if !d.docs.is_empty() {
        out.write_all(render::terminal(&d, None, colour).as_bytes())?;
    }
    for m in &missing {
        writeln!(out, "no snapshot yet: {m}")?;
    }
    writeln!(
        out,
        "snapshots in {}: {same} unchanged, {differ} differ, {} missing, {written} written{}",
        dir.display(),
        missing.len(),
        if differ > 0 && mode != SnapshotMode::Accept {
            " (--accept takes the new records)"
        } else {
            ""
        }
    )?;
    out.flush()?;
    Ok(if differ > 0 || !missing.is_empty() {
        EXIT_CHANGED
    } else if all_read {
        0
    } else {
        crate::EXIT_INPUT
    })
}
