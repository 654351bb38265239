//! Batch extraction: turns the inputs named on the command line (files,
//! directories walked recursively, standard input) into a stream of jobs,
//! runs them on long-lived worker threads, and hands the records back in
//! input order.
//!
//! Memory stays bounded however large the batch: inputs are enumerated
//! lazily, and at most a fixed number of jobs (two batches of a few per
//! worker) are read, extracted or waiting to be written at any one time.
//!
//! Everything a user sees on stderr (unreadable files, skipped binaries,
//! decoding warnings) is produced here as ordered messages, so two runs of
//! the same batch print the same thing whatever the number of threads.

use crate::input::warc::{self, WarcPage, WarcReader};
use crate::input::{read_articles_owned, read_feed_part, InputKind};
use crate::output::Format;
use crate::record::{ArticleMeta, Record};
use crate::rules::RuleSet;
use std::collections::BTreeMap;
use std::io::{self, BufRead, Read};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;

/// How many leading bytes are searched for a NUL to call a file binary
/// (the same window as ripgrep and git).
pub const BINARY_WINDOW: usize = 8 * 1024;

/// Separates articles in a stream on standard input: the ASCII form feed
/// (page break), which never occurs inside UTF-8 text of another character.
pub const STDIN_SEPARATOR: u8 = 0x0C;

/// About how many bytes of a JSONL feed make one job: a feed is read and
/// extracted in parts of whole lines, so a feed of any size is held a few
/// parts at a time.
pub const FEED_PART: usize = 256 * 1024;

/// About how many bytes of web pages from a WARC archive make one job.
pub const WARC_PART: usize = 512 * 1024;

/// The default cap on one article's size (`--max-article-size`): 256 MiB,
/// five times the 50 MB single-line article the CI runs and thousands of
/// times a real news article. A larger input is skipped with a warning.
pub const DEFAULT_MAX_ARTICLE: u64 = 256 << 20;

/// The most worker threads a batch starts, whatever `-j` asks for: more
/// only cost memory (each worker holds jobs in flight) on any machine
/// this runs on.
pub const MAX_THREADS: usize = 64;

/// Files picked from directories when no `--glob` is given: the formats
/// whosaid reads (plain text, web pages, JSONL feeds), in any letter case.
pub const DEFAULT_GLOB: &str = "*.{txt,html,htm,jsonl,ndjson}";

/// How a batch is run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads; 0 means one per available core.
    pub threads: usize,
    /// Which files to take from directories (explicitly named files are
    /// always read). `None` means [`DEFAULT_GLOB`].
    pub glob: Option<String>,
    /// Read files that look binary instead of skipping them.
    pub binary: bool,
    /// How to read each input's bytes.
    pub kind: InputKind,
    /// The largest article read, in bytes (a file, a standard-input
    /// article, a feed line); a larger one is skipped with a warning.
    pub max_article: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threads: 1,
            glob: None,
            binary: false,
            kind: InputKind::Auto,
            max_article: DEFAULT_MAX_ARTICLE,
        }
    }
}

impl Options {
    /// The number of workers actually used: `threads`, or one per core,
    /// never more than [`MAX_THREADS`].
    pub fn worker_count(&self) -> usize {
        let n = if self.threads > 0 {
            self.threads
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        };
        n.min(MAX_THREADS)
    }
}

/// Totals for a finished batch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Inputs that were read (files and stdin articles), binaries skipped included.
    pub inputs: usize,
    /// Inputs that could not be read.
    pub failed: usize,
    /// Articles extracted.
    pub articles: usize,
    /// Bytes of input read.
    pub bytes: u64,
    /// Records produced.
    pub records: usize,
    /// Inputs skipped (binary files) and WARC records that hold no web page.
    pub skipped: usize,
}

/// What a batch hands to its sink, in input order: each article as it
/// starts (so grouped formats can list articles without quotes), then its
/// records.
#[derive(Debug)]
pub enum Event<'a> {
    /// The next article: its `doc` and metadata.
    Article(&'a str, &'a ArticleMeta),
    /// The text of the current article (its records' offsets refer to it),
    /// handed over after [`Event::Article`] for writers that show it.
    Text(&'a str),
    /// One record of the current article.
    Record(&'a Record),
}

/// One unit of work.
#[derive(Debug)]
enum Job {
    /// A file to read; `name` is what records and messages call it.
    File { path: PathBuf, name: String },
    /// Bytes already read (an article from standard input).
    Bytes { name: String, bytes: Vec<u8> },
    /// Whole lines of a JSONL feed, from line `first_line` and byte `base`
    /// of the input `name`; `first` for its first part.
    FeedPart {
        name: String,
        first_line: usize,
        base: u64,
        bytes: Vec<u8>,
        first: bool,
        /// Warnings for lines left out of `bytes` (over the size cap).
        notes: Vec<String>,
    },
    /// Web pages of a WARC archive `name`, in file order; `skipped`
    /// records before them held no page; `bytes` of the archive (uncompressed)
    /// were read for them; `first` for the archive's first part.
    WarcPart {
        name: String,
        pages: Vec<WarcPage>,
        skipped: usize,
        bytes: u64,
        first: bool,
    },
    /// An input left out, with the warning that says why.
    Skip { message: String },
    /// A problem found while enumerating the inputs, reported in its place.
    Error { message: String },
}

/// What one job produced: stderr lines and records, in order.
#[derive(Debug, Default)]
struct Outcome {
    messages: Vec<String>,
    /// A later part of an input already counted (a feed read in parts).
    continues: bool,
    /// Each article's doc, metadata and text, with its records.
    records: Vec<(String, ArticleMeta, String, Vec<Record>)>,
    failed: bool,
    skipped: bool,
    /// WARC records that held no web page.
    skipped_records: usize,
    articles: usize,
    bytes: u64,
    /// With [`run_encoded`]: the records of every article, already written
    /// in the worker (`records` is then left empty), and how many they are.
    encoded: Option<io::Result<(Vec<u8>, usize)>>,
}

impl Outcome {
    /// Writes the records in `format` into [`Outcome::encoded`] and lets
    /// them go, so the thread that puts outcomes in order only copies bytes.
    fn encode(&mut self, format: Format) {
        let recs = || self.records.iter().flat_map(|(_, _, _, recs)| recs);
        // room for the records as written, so the buffer is not regrown
        // (and copied) a dozen times per article: their long strings and
        // about as much again for the keys, offsets and short fields
        let (count, room) = recs().fold((0, 0), |(n, room), r| {
            (
                n + 1,
                room + r.doc.len() + r.quote.len() + r.context.len() + 512,
            )
        });
        let mut buf = Vec::with_capacity(room);
        let result = crate::output::encode(format, recs(), &mut buf);
        self.records = Vec::new();
        self.encoded = Some(result.map(|()| (buf, count)));
    }
}

/// Where a batch's outcomes go: events for any writer, or the bytes of
/// records written in the workers.
enum Sink<'s> {
    Events(&'s mut dyn FnMut(Event<'_>) -> io::Result<()>),
    Encoded(Format, &'s mut dyn FnMut(&[u8], usize) -> io::Result<()>),
}

impl Sink<'_> {
    /// The format workers write records in, if they do.
    fn format(&self) -> Option<Format> {
        match self {
            Sink::Events(_) => None,
            Sink::Encoded(f, _) => Some(*f),
        }
    }
}

/// True when `bytes` holds a NUL byte in its first [`BINARY_WINDOW`] bytes;
/// returns its offset.
pub fn binary_offset(bytes: &[u8]) -> Option<usize> {
    memchr::memchr(0, &bytes[..bytes.len().min(BINARY_WINDOW)])
}

/// Compiles a `--glob` pattern, or explains why it is not one.
pub fn compile_glob(glob: &str) -> Result<globset::GlobMatcher, String> {
    globset::Glob::new(glob)
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("bad --glob {glob:?}: {e}"))
}

/// [`DEFAULT_GLOB`], matched without regard to case (`A.HTML` too).
fn default_glob() -> Result<globset::GlobMatcher, String> {
    globset::GlobBuilder::new(DEFAULT_GLOB)
        .case_insensitive(true)
        .build()
        .map(|g| g.compile_matcher())
        .map_err(|e| format!("bad --glob {DEFAULT_GLOB:?}: {e}"))
}

/// Runs a batch: every input in order, records passed to `sink` in input
/// order, and every message (errors, warnings) passed to `report` in input
/// order. Stops at the first error `sink` returns (a closed pipe, a full
/// disk) and returns it.
pub fn run(
    rules: &RuleSet,
    inputs: &[PathBuf],
    opts: &Options,
    sink: &mut dyn FnMut(Event<'_>) -> io::Result<()>,
    report: &mut dyn FnMut(&str),
) -> io::Result<Summary> {
    run_observed(rules, inputs, opts, sink, report, &mut |_| {})
}

/// [`run`], calling `progress` with the totals so far after each input
/// (or part of one) is delivered: the progress bar's hook.
pub fn run_observed(
    rules: &RuleSet,
    inputs: &[PathBuf],
    opts: &Options,
    sink: &mut dyn FnMut(Event<'_>) -> io::Result<()>,
    report: &mut dyn FnMut(&str),
    progress: &mut dyn FnMut(&Summary),
) -> io::Result<Summary> {
    run_with(rules, inputs, opts, Sink::Events(sink), report, progress)
}

/// [`run_observed`] for a format whose records stand alone (JSON, JSONL:
/// see [`Format::encodes_alone`]): the workers write each input's records,
/// and `sink` gets their bytes and how many records they hold, in input
/// order, ready for [`crate::output::RecordWriter::write_encoded`]. The
/// thread that keeps the order then only copies bytes. Other formats are
/// an error.
pub fn run_encoded(
    rules: &RuleSet,
    inputs: &[PathBuf],
    opts: &Options,
    format: Format,
    sink: &mut dyn FnMut(&[u8], usize) -> io::Result<()>,
    report: &mut dyn FnMut(&str),
    progress: &mut dyn FnMut(&Summary),
) -> io::Result<Summary> {
    if !format.encodes_alone() {
        return Err(crate::output::not_alone(format));
    }
    run_with(
        rules,
        inputs,
        opts,
        Sink::Encoded(format, sink),
        report,
        progress,
    )
}

fn run_with(
    rules: &RuleSet,
    inputs: &[PathBuf],
    opts: &Options,
    mut sink: Sink<'_>,
    report: &mut dyn FnMut(&str),
    progress: &mut dyn FnMut(&Summary),
) -> io::Result<Summary> {
    let glob = match opts.glob.as_deref() {
        Some(g) => compile_glob(g),
        None => default_glob(),
    }
    .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let workers = opts.worker_count();
    let encode = sink.format();
    let mut summary = Summary::default();
    let mut deliver = |out: Outcome| -> io::Result<()> {
        for m in &out.messages {
            report(m);
        }
        summary.inputs += usize::from(!out.continues);
        summary.failed += usize::from(out.failed);
        summary.skipped += usize::from(out.skipped) + out.skipped_records;
        summary.articles += out.articles;
        summary.bytes += out.bytes;
        match &mut sink {
            Sink::Events(sink) => {
                for (doc, meta, text, recs) in &out.records {
                    sink(Event::Article(doc, meta))?;
                    sink(Event::Text(text))?;
                    summary.records += recs.len();
                    for r in recs {
                        sink(Event::Record(r))?;
                    }
                }
            }
            Sink::Encoded(_, sink) => {
                if let Some(encoded) = out.encoded {
                    let (bytes, count) = encoded?;
                    summary.records += count;
                    sink(&bytes, count)?;
                }
            }
        }
        progress(&summary);
        Ok(())
    };
    if workers <= 1 {
        let mut result = Ok(());
        enumerate(inputs, &glob, opts, &mut |job| {
            let mut out = process(rules, opts, job);
            if let Some(format) = encode {
                out.encode(format);
            }
            result = deliver(out);
            result.is_ok()
        });
        result?;
    } else {
        run_parallel(rules, inputs, opts, encode, &glob, workers, &mut deliver)?;
    }
    Ok(summary)
}

/// The parallel pipeline: one thread enumerates inputs, `workers` threads
/// read and extract, and the calling thread puts outcomes back in order.
///
/// Jobs travel in [`Batch`]es, so that one hand-over between threads (and
/// the wake-up it may cost) carries several small articles. A token
/// channel bounds the batches in flight: the producer takes a token before
/// sending a batch and the writer gives it back once the batch's outcomes
/// are delivered, so no more than `cap` batches are ever held.
fn run_parallel(
    rules: &RuleSet,
    inputs: &[PathBuf],
    opts: &Options,
    encode: Option<Format>,
    glob: &globset::GlobMatcher,
    workers: usize,
    deliver: &mut dyn FnMut(Outcome) -> io::Result<()>,
) -> io::Result<()> {
    let cap = workers * 2;
    let (job_tx, job_rx) = sync_channel::<(usize, Vec<Job>)>(cap);
    let (out_tx, out_rx) = sync_channel::<(usize, Vec<Outcome>)>(cap);
    let (token_tx, token_rx) = sync_channel::<()>(cap);
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|scope| {
        scope.spawn(move || produce(inputs, glob, opts, job_tx, token_tx));
        for _ in 0..workers {
            let out_tx = out_tx.clone();
            let job_rx = &job_rx;
            scope.spawn(move || work(rules, opts, encode, job_rx, out_tx));
        }
        drop(out_tx);
        let result = reorder(out_rx, &token_rx, deliver);
        // On an early error, dropping the receivers unblocks the producer
        // and the workers, which then stop; the scope waits for them.
        drop(token_rx);
        result
    })
}

/// The most jobs in one batch handed to a worker.
const BATCH_JOBS: usize = 16;

/// A batch is handed over once the bytes its jobs already hold reach this
/// (a feed or archive part fills one alone; files are read by the worker
/// and count only by [`BATCH_JOBS`]).
const BATCH_BYTES: usize = 128 * 1024;

/// Jobs gathered by the producer until they are worth a hand-over.
#[derive(Default)]
struct Batch {
    jobs: Vec<Job>,
    bytes: usize,
}

impl Batch {
    /// Adds `job`; true when the batch is full and should be sent.
    fn push(&mut self, job: Job) -> bool {
        self.bytes += match &job {
            Job::Bytes { bytes, .. } | Job::FeedPart { bytes, .. } => bytes.len(),
            Job::WarcPart { bytes, .. } => usize::try_from(*bytes).unwrap_or(usize::MAX),
            Job::File { .. } | Job::Skip { .. } | Job::Error { .. } => 0,
        };
        self.jobs.push(job);
        self.jobs.len() >= BATCH_JOBS || self.bytes >= BATCH_BYTES
    }

    fn take(&mut self) -> Vec<Job> {
        self.bytes = 0;
        std::mem::take(&mut self.jobs)
    }
}

fn produce(
    inputs: &[PathBuf],
    glob: &globset::GlobMatcher,
    opts: &Options,
    job_tx: SyncSender<(usize, Vec<Job>)>,
    token_tx: SyncSender<()>,
) {
    let mut next = 0;
    let mut batch = Batch::default();
    let mut send = |jobs: Vec<Job>| -> bool {
        if token_tx.send(()).is_err() || job_tx.send((next, jobs)).is_err() {
            return false;
        }
        next += 1;
        true
    };
    let mut open = true;
    enumerate(inputs, glob, opts, &mut |job| {
        open = !batch.push(job) || send(batch.take());
        open
    });
    if open && !batch.jobs.is_empty() {
        send(batch.take());
    }
}

fn work(
    rules: &RuleSet,
    opts: &Options,
    encode: Option<Format>,
    job_rx: &Mutex<Receiver<(usize, Vec<Job>)>>,
    out_tx: SyncSender<(usize, Vec<Outcome>)>,
) {
    loop {
        // The lock is held only while taking a batch, never while working.
        let next = match job_rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok((i, jobs)) = next else { return };
        let outcomes = jobs
            .into_iter()
            .map(|job| {
                let mut out = process(rules, opts, job);
                if let Some(format) = encode {
                    out.encode(format);
                }
                out
            })
            .collect();
        if out_tx.send((i, outcomes)).is_err() {
            return;
        }
    }
}

fn reorder(
    out_rx: Receiver<(usize, Vec<Outcome>)>,
    token_rx: &Receiver<()>,
    deliver: &mut dyn FnMut(Outcome) -> io::Result<()>,
) -> io::Result<()> {
    let mut pending = BTreeMap::new();
    let mut next = 0;
    for (i, outcomes) in out_rx {
        pending.insert(i, outcomes);
        while let Some(outcomes) = pending.remove(&next) {
            for out in outcomes {
                deliver(out)?;
            }
            next += 1;
            // Cannot fail: the producer holds the sender until it is done,
            // and a token is always there for each delivered batch.
            let _ = token_rx.try_recv();
        }
    }
    Ok(())
}

/// Walks the inputs in order, calling `emit` for each job until it
/// returns false. Directories are walked recursively in file-name order,
/// skipping hidden entries and keeping files that match `glob`; symbolic
/// links to directories are not followed (no cycles). JSONL feeds (by
/// `--input jsonl` or their extension) are read here, in parts.
fn enumerate(
    inputs: &[PathBuf],
    glob: &globset::GlobMatcher,
    opts: &Options,
    emit: &mut dyn FnMut(Job) -> bool,
) {
    let stdin_default = [PathBuf::from("-")];
    let inputs = if inputs.is_empty() {
        &stdin_default[..]
    } else {
        inputs
    };
    for path in inputs {
        let go_on = if path.as_os_str() == "-" {
            if opts.kind == InputKind::Warc {
                match WarcReader::new(io::stdin()) {
                    Ok(r) => warc_parts(r, "-", emit),
                    Err(e) => emit(Job::Error {
                        message: format!("whosaid: standard input: {e}"),
                    }),
                }
            } else if opts.kind == InputKind::Jsonl {
                let stdin = io::stdin();
                feed_parts(stdin.lock(), "-", opts, FEED_PART, emit)
            } else {
                stdin_articles(opts.max_article, emit)
            }
        } else if path.is_dir() {
            let mut found = 0;
            walk(path, path, glob, opts, &mut found, emit)
                && (found > 0
                    || emit(Job::Error {
                        message: format!(
                            "whosaid: {}: no file in this directory matches {}",
                            path.display(),
                            opts.glob.as_deref().unwrap_or(DEFAULT_GLOB)
                        ),
                    }))
        } else {
            file_job(path.clone(), path.display().to_string(), opts, emit)
        };
        if !go_on {
            return;
        }
    }
}

/// Walks `dir` below `root`, counting the files taken in `found`.
fn walk(
    root: &Path,
    dir: &Path,
    glob: &globset::GlobMatcher,
    opts: &Options,
    found: &mut usize,
    emit: &mut dyn FnMut(Job) -> bool,
) -> bool {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd.collect::<Result<Vec<_>, _>>(),
        Err(e) => Err(e),
    };
    let mut entries = match entries {
        Ok(v) => v,
        Err(e) => {
            return emit(Job::Error {
                message: format!("whosaid: {}: {e}", dir.display()),
            })
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        let go_on = if is_dir {
            walk(root, &path, glob, opts, found, emit)
        } else {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            if !glob.is_match(rel) || path.is_dir() {
                continue;
            }
            // A FIFO would hang the walk and a device never ends: a walk
            // reads regular files only (links to them included). A broken
            // link is still reported, as an unreadable file.
            match std::fs::metadata(&path) {
                Ok(m) if !m.is_file() => {
                    if !emit(Job::Skip {
                        message: format!(
                            "whosaid: warning: {}: not a regular file ({}), skipped",
                            path.display(),
                            file_kind(&m.file_type())
                        ),
                    }) {
                        return false;
                    }
                    continue;
                }
                _ => {}
            }
            *found += 1;
            file_job(path.clone(), path.display().to_string(), opts, emit)
        };
        if !go_on {
            return false;
        }
    }
    true
}

/// What a file that is not a regular file is, for a warning.
fn file_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_socket() {
        "a socket"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else {
        "not a file"
    }
}

/// The warning for an input over the size cap.
fn too_large(name: &str, max: u64) -> String {
    format!("whosaid: warning: {name}: larger than {max} bytes (--max-article-size), skipped")
}

/// The warning for a feed line over the size cap.
fn line_too_long(name: &str, line: usize, max: u64) -> String {
    format!("whosaid: warning: {name}:{line}: line longer than {max} bytes (--max-article-size), skipped")
}

/// The warning for a binary input.
fn binary_warning(name: &str, at: usize) -> String {
    format!(
        "whosaid: warning: {name}: binary file (NUL byte at offset {at}), skipped; use --binary to read it"
    )
}

/// How [`read_piece`] ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    /// Bytes consumed from the input (a piece over the cap included).
    consumed: u64,
    /// The piece was over the cap: none of it was kept.
    over: bool,
    /// It ended at a separator (rather than at the end of the input).
    separated: bool,
}

/// Reads on to the next `sep` (kept in `buf`) or the end of the input. The
/// piece, counted from `buf[start..]`, may hold at most `max` bytes before
/// `sep`; a longer one is read past, never held, and `buf` is cut back to
/// `start`.
fn read_piece(
    input: &mut impl BufRead,
    sep: u8,
    max: u64,
    buf: &mut Vec<u8>,
    start: usize,
) -> io::Result<Piece> {
    let held = (buf.len() - start) as u64;
    let room = max.saturating_add(1).saturating_sub(held);
    let mut consumed = input.take(room).read_until(sep, buf)? as u64;
    let separated = buf.len() > start && buf.last() == Some(&sep);
    let piece = (buf.len() - start) as u64 - u64::from(separated);
    if piece <= max {
        return Ok(Piece {
            consumed,
            over: false,
            separated,
        });
    }
    buf.truncate(start);
    let mut separated = false;
    loop {
        let chunk = input.fill_buf()?;
        if chunk.is_empty() {
            break;
        }
        if let Some(i) = memchr::memchr(sep, chunk) {
            input.consume(i + 1);
            consumed += i as u64 + 1;
            separated = true;
            break;
        }
        let len = chunk.len();
        input.consume(len);
        consumed += len as u64;
    }
    Ok(Piece {
        consumed,
        over: true,
        separated,
    })
}

/// The job for one file: a JSONL feed (by `--input jsonl` or its
/// extension) is read here in parts, anything else by a worker as a whole.
fn file_job(
    path: PathBuf,
    name: String,
    opts: &Options,
    emit: &mut dyn FnMut(Job) -> bool,
) -> bool {
    let kind = match opts.kind {
        InputKind::Auto => InputKind::Auto.resolve(&name, b""),
        k => k,
    };
    if kind == InputKind::Warc {
        return match WarcReader::open(&path) {
            Ok(r) => warc_parts(r, &name, emit),
            Err(e) => emit(Job::Error {
                message: format!("whosaid: {name}: {e}"),
            }),
        };
    }
    let feed = kind == InputKind::Jsonl;
    if !feed {
        return emit(Job::File { path, name });
    }
    let file = std::fs::File::open(&path).and_then(|f| {
        if f.metadata()?.is_dir() {
            Err(io::Error::other("is a directory"))
        } else {
            Ok(f)
        }
    });
    match file {
        Ok(f) => feed_parts(io::BufReader::new(f), &name, opts, FEED_PART, emit),
        Err(e) => emit(Job::Error {
            message: format!("whosaid: {name}: {e}"),
        }),
    }
}

/// Streams a WARC archive into jobs of about [`WARC_PART`] bytes of web
/// pages each; the records that hold no page are counted with the next
/// part. A malformed record ends the archive with an error after the parts
/// already read.
fn warc_parts(mut reader: WarcReader, name: &str, emit: &mut dyn FnMut(Job) -> bool) -> bool {
    let mut first = true;
    loop {
        let (mut pages, mut skipped, mut size) = (Vec::new(), 0, 0);
        let start = reader.bytes();
        let mut error = None;
        while size < WARC_PART {
            match reader.next_record() {
                Ok(Some(rec)) => match warc::page(&rec, reader.records()) {
                    Some(p) => {
                        size += p.html.len();
                        pages.push(p);
                    }
                    None => skipped += 1,
                },
                Ok(None) => break,
                Err(e) => {
                    error = Some(format!(
                        "whosaid: {name}: {e}; the rest of the archive is not read"
                    ));
                    break;
                }
            }
        }
        let done = size < WARC_PART;
        if !pages.is_empty() || skipped > 0 || first {
            let job = Job::WarcPart {
                name: name.to_string(),
                pages,
                skipped,
                bytes: reader.bytes() - start,
                first,
            };
            if !emit(job) {
                return false;
            }
            first = false;
        }
        if let Some(message) = error {
            return emit(Job::Error { message });
        }
        if done {
            return true;
        }
    }
}

/// Cuts a JSONL feed into parts of whole lines of about `part` bytes, one
/// job each. The feed is judged line by line: a line with a NUL byte or
/// bad JSON is reported with its number by the feed reader, and a line over
/// the size cap is reported here; the other lines are read. Only a file
/// whose first [`BINARY_WINDOW`] bytes hold a NUL and not one JSON line is
/// skipped whole as binary (unless `--binary`), and that is decided before
/// reading on. A read error ends the feed with an error after the parts
/// already read.
fn feed_parts(
    mut input: impl BufRead,
    name: &str,
    opts: &Options,
    part: usize,
    emit: &mut dyn FnMut(Job) -> bool,
) -> bool {
    let read_error = |e: io::Error| Job::Error {
        message: format!("whosaid: {name}: {e}"),
    };
    let mut bytes = Vec::new();
    if let Err(e) = (&mut input)
        .take(BINARY_WINDOW as u64)
        .read_to_end(&mut bytes)
    {
        return emit(read_error(e));
    }
    if !opts.binary {
        if let Some(at) = binary_offset(&bytes) {
            let a_feed_line = bytes
                .split(|&b| b == b'\n')
                .any(|l| !l.contains(&0) && crate::input::feed::sniff(l));
            if !a_feed_line {
                return emit(Job::Skip {
                    message: binary_warning(name, at),
                });
            }
        }
    }
    let (mut first_line, mut base) = (1usize, 0u64);
    let mut consumed = bytes.len() as u64;
    let mut first = true;
    let mut notes = Vec::new();
    // whole lines of the first window over the cap (a small cap)
    let mut kept = Vec::with_capacity(bytes.len());
    let mut rest = &bytes[..];
    let mut line = first_line;
    while let Some(end) = memchr::memchr(b'\n', rest) {
        if end as u64 > opts.max_article {
            notes.push(line_too_long(name, line, opts.max_article));
        } else {
            kept.extend_from_slice(&rest[..end]);
        }
        kept.push(b'\n');
        rest = &rest[end + 1..];
        line += 1;
    }
    kept.extend_from_slice(rest);
    let mut bytes = kept;
    loop {
        let want = if first { part.max(BINARY_WINDOW) } else { part };
        let mut at_end = false;
        loop {
            let line_start = memchr::memrchr(b'\n', &bytes).map_or(0, |i| i + 1);
            if line_start == bytes.len() && bytes.len() >= want {
                break;
            }
            match read_piece(&mut input, b'\n', opts.max_article, &mut bytes, line_start) {
                Ok(p) if p.consumed == 0 => {
                    at_end = true;
                    break;
                }
                Ok(p) => {
                    consumed += p.consumed;
                    if p.over {
                        let line = first_line + memchr::memchr_iter(b'\n', &bytes).count();
                        notes.push(line_too_long(name, line, opts.max_article));
                        // an empty line in its place keeps the line numbers
                        // (byte offsets in later warnings of this part are
                        // then counted without it)
                        bytes.push(b'\n');
                    }
                }
                Err(e) => return emit(read_error(e)),
            }
        }
        if bytes.is_empty() && !first && notes.is_empty() {
            return true;
        }
        let lines = memchr::memchr_iter(b'\n', &bytes).count();
        let job = Job::FeedPart {
            name: name.to_string(),
            first_line,
            base,
            bytes: std::mem::take(&mut bytes),
            first,
            notes: std::mem::take(&mut notes),
        };
        if !emit(job) || at_end {
            return true;
        }
        first_line += lines;
        base += consumed;
        consumed = 0;
        first = false;
    }
}

/// Splits standard input into articles at [`STDIN_SEPARATOR`], reading one
/// article at a time. A stream with no separator is one article named `-`;
/// otherwise they are `-:1`, `-:2`, …
fn stdin_articles(max: u64, emit: &mut dyn FnMut(Job) -> bool) -> bool {
    let stdin = io::stdin();
    split_stream(stdin.lock(), max, emit)
}

/// [`stdin_articles`] over any stream; an article over `max` bytes is
/// skipped with a warning, never held.
fn split_stream(mut input: impl BufRead, max: u64, emit: &mut dyn FnMut(Job) -> bool) -> bool {
    let mut n = 0usize;
    loop {
        let mut buf = Vec::new();
        let piece = match read_piece(&mut input, STDIN_SEPARATOR, max, &mut buf, 0) {
            Ok(p) => p,
            Err(e) => {
                return emit(Job::Error {
                    message: format!("whosaid: standard input: {e}"),
                })
            }
        };
        let separated = piece.separated;
        if separated && !piece.over {
            buf.pop();
        }
        // A trailing separator does not start an empty article.
        let at_end = !separated || input.fill_buf().map_or(true, |b| b.is_empty());
        if n > 0 && !separated && piece.consumed == 0 {
            return true;
        }
        n += 1;
        let name = if n == 1 && !separated {
            "-".to_string()
        } else {
            format!("-:{n}")
        };
        let job = if piece.over {
            Job::Skip {
                message: too_large(&name, max),
            }
        } else {
            Job::Bytes { name, bytes: buf }
        };
        if !emit(job) {
            return false;
        }
        if at_end {
            return true;
        }
    }
}

/// Reads, decodes and extracts one job.
fn process(rules: &RuleSet, opts: &Options, job: Job) -> Outcome {
    let mut out = Outcome::default();
    // a feed part: (first line, byte offset) in its file
    let mut part = None;
    let (name, bytes) = match job {
        Job::Error { message } => {
            out.messages.push(message);
            out.failed = true;
            return out;
        }
        Job::Skip { message } => {
            out.messages.push(message);
            out.skipped = true;
            return out;
        }
        Job::Bytes { name, bytes } => (name, bytes),
        Job::WarcPart {
            name,
            pages,
            skipped,
            bytes,
            first,
        } => {
            out.continues = !first;
            out.skipped_records = skipped;
            out.bytes = bytes;
            process_pages(rules, &name, pages, &mut out);
            return out;
        }
        Job::FeedPart {
            name,
            first_line,
            base,
            bytes,
            first,
            notes,
        } => {
            out.continues = !first;
            out.messages.extend(notes);
            part = Some((first_line, base));
            (name, bytes)
        }
        Job::File { path, name } => match read_file(&path, opts) {
            Ok(Ok(b)) => (name, b),
            Ok(Err(skip)) => {
                out.messages.push(skip.message(&name, opts.max_article));
                out.skipped = true;
                return out;
            }
            Err(e) => {
                out.messages.push(format!("whosaid: {name}: {e}"));
                out.failed = true;
                return out;
            }
        },
    };
    out.bytes = bytes.len() as u64;
    if !opts.binary && part.is_none() {
        if let Some(at) = binary_offset(&bytes) {
            out.messages.push(binary_warning(&name, at));
            out.skipped = true;
            return out;
        }
    }
    // A panic in the engine on one input must not lose the rest of a
    // large batch: it is reported against the input, which counts as failed.
    let extracted = std::panic::catch_unwind(AssertUnwindSafe(|| {
        let (articles, warnings) = match part {
            Some((first_line, base)) => read_feed_part(&name, &bytes, first_line, base),
            None => read_articles_owned(&name, bytes, opts.kind),
        };
        let n = articles.len();
        let mut records = Vec::new();
        for a in articles {
            let recs = crate::extract_with_meta(rules, &a.doc, &a.text, &a.meta);
            records.push((a.doc, a.meta, a.text, recs));
        }
        (warnings, n, records)
    }));
    match extracted {
        Ok((warnings, n, records)) => {
            for w in warnings {
                out.messages
                    .push(format!("whosaid: warning: {}: {}", w.doc, w.message));
            }
            out.articles = n;
            out.records = records;
        }
        Err(_) => {
            out.messages.push(format!(
                "whosaid: {name}: internal error while extracting (a bug: please report it with this input)"
            ));
            out.failed = true;
        }
    }
    out
}

/// Extracts the web pages of a WARC archive part into `out`.
fn process_pages(rules: &RuleSet, name: &str, pages: Vec<WarcPage>, out: &mut Outcome) {
    for page in pages {
        let extracted = std::panic::catch_unwind(AssertUnwindSafe(|| {
            let (a, warnings) = warc::article(name, &page);
            let recs = crate::extract_with_meta(rules, &a.doc, &a.text, &a.meta);
            (a, warnings, recs)
        }));
        match extracted {
            Ok((a, warnings, recs)) => {
                for w in warnings {
                    out.messages
                        .push(format!("whosaid: warning: {}: {}", w.doc, w.message));
                }
                out.articles += 1;
                out.records.push((a.doc, a.meta, a.text, recs));
            }
            Err(_) => {
                out.messages.push(format!(
                    "whosaid: {}: internal error while extracting (a bug: please report it with this input)",
                    warc::page_doc(name, &page)
                ));
                out.failed = true;
            }
        }
    }
}

/// Why a file was left unread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unread {
    /// A NUL byte at this offset of the first window.
    Binary(usize),
    /// Over the size cap.
    TooLarge,
}

impl Unread {
    fn message(self, name: &str, max: u64) -> String {
        match self {
            Unread::Binary(at) => binary_warning(name, at),
            Unread::TooLarge => too_large(name, max),
        }
    }
}

/// Reads a file named on the command line or found in a walk. The first
/// [`BINARY_WINDOW`] bytes are checked before reading on (so `/dev/zero`
/// costs 8 KB), and no more than the size cap plus one byte is ever read.
/// A directory named as a file gets a clear error (which `read` reports
/// differently on each platform).
fn read_file(path: &Path, opts: &Options) -> io::Result<Result<Vec<u8>, Unread>> {
    let mut f = std::fs::File::open(path)?;
    let meta = f.metadata().ok();
    if meta.as_ref().is_some_and(|m| m.is_dir()) {
        return Err(io::Error::other("is a directory"));
    }
    // Room for the whole file up front (as `std::fs::read` does), so it is
    // read in a few calls rather than in growing steps; never more than the
    // cap lets be read, and a size the file does not report is only a hint.
    let hint = meta
        .map_or(0, |m| m.len())
        .min(opts.max_article.saturating_add(1));
    let mut buf = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
    let window = (BINARY_WINDOW as u64).min(opts.max_article.saturating_add(1));
    (&mut f).take(window).read_to_end(&mut buf)?;
    if !opts.binary {
        if let Some(at) = binary_offset(&buf) {
            return Ok(Err(Unread::Binary(at)));
        }
    }
    let room = opts
        .max_article
        .saturating_add(1)
        .saturating_sub(buf.len() as u64);
    f.take(room).read_to_end(&mut buf)?;
    if buf.len() as u64 > opts.max_article {
        return Ok(Err(Unread::TooLarge));
    }
    Ok(Ok(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every job `feed_parts` makes of `feed`, cut into parts of about
    /// `part` bytes.
    fn parts(feed: &[u8], part: usize) -> Vec<Job> {
        let mut jobs = Vec::new();
        feed_parts(feed, "f.jsonl", &Options::default(), part, &mut |job| {
            jobs.push(job);
            true
        });
        jobs
    }

    /// What `process` makes of each job: messages, then each article's doc
    /// and records.
    fn outcomes(jobs: Vec<Job>) -> (Vec<String>, Vec<(String, Vec<Record>)>) {
        let rules = RuleSet::embedded().unwrap();
        let opts = Options::default();
        let (mut messages, mut records) = (Vec::new(), Vec::new());
        for job in jobs {
            let out = process(&rules, &opts, job);
            messages.extend(out.messages);
            records.extend(out.records.into_iter().map(|(doc, _, _, r)| (doc, r)));
        }
        (messages, records)
    }

    /// A feed read in parts of any size gives the records, docs, line
    /// numbers and byte offsets of the feed read whole.
    #[test]
    fn a_feed_in_parts_reads_as_the_whole_feed() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/pages/feed.jsonl");
        let mut feed = std::fs::read(path).unwrap();
        // more than the first part's NUL window, a bad byte on a later line,
        // and a last line without a line break
        for i in 0..200 {
            feed.extend_from_slice(
                format!("{{\"id\": \"n{i}\", \"text\": \"\\\"Fares rise,\\\" Tom Hale said.\"}}\n")
                    .as_bytes(),
            );
        }
        feed.extend_from_slice(b"{\"text\": \"Caf\xe9 owners said the rent \\\"doubled\\\".\"}\n");
        feed.extend_from_slice(b"{\"text\": \"\\\"We stay,\\\" Ana Ruiz said.\"}");
        let sorted = |(mut messages, records): (Vec<String>, _)| {
            // a part warns of a bad byte where it meets it, the whole feed
            // before its lines
            messages.sort();
            (messages, records)
        };
        let whole = sorted(outcomes(vec![Job::Bytes {
            name: "f.jsonl".into(),
            bytes: feed.clone(),
        }]));
        assert!(whole.1.iter().any(|(_, r)| !r.is_empty()));
        assert!(
            whole.0.iter().any(|m| m.contains("invalid UTF-8 at byte")),
            "{:?}",
            whole.0
        );
        for part in [1, 40, 300, FEED_PART] {
            let jobs = parts(&feed, part);
            let after_window = feed[BINARY_WINDOW..].split(|&b| b == b'\n').count();
            if part == 1 {
                // the first part takes the NUL window and the rest of the
                // line it ends in, then one line a part
                assert_eq!(jobs.len(), after_window);
            }
            assert_eq!(sorted(outcomes(jobs)), whole, "parts of {part} bytes");
        }
    }

    #[test]
    fn a_binary_feed_is_skipped_and_an_empty_one_is_read() {
        // a NUL on one line of a feed costs that line only
        let jobs = parts(b"{\"text\": \"a\"}\n\0\n{\"text\": \"b\"}\n", 8);
        assert!(jobs.iter().all(|j| matches!(j, Job::FeedPart { .. })));
        let (messages, records) = outcomes(jobs);
        assert_eq!(records.len(), 2, "{messages:?}");
        assert!(messages[0].contains("f.jsonl:2: NUL byte"), "{messages:?}");
        // a file with a NUL and no JSON line in its first window is binary
        let mut zeros = vec![0u8; 3 * BINARY_WINDOW];
        zeros.extend_from_slice(b"\n{\"text\": \"late\"}\n");
        let jobs = parts(&zeros, 8);
        assert!(
            matches!(&jobs[..], [Job::Skip { message }] if message.contains("NUL byte at offset 0"))
        );
        let jobs = parts(b"", 8);
        assert!(
            matches!(&jobs[..], [Job::FeedPart { first: true, bytes, .. }] if bytes.is_empty())
        );
    }

    #[test]
    fn a_feed_line_over_the_cap_is_skipped_by_number() {
        let opts = Options {
            max_article: 64,
            ..Options::default()
        };
        let long = format!("{{\"text\": \"{}\"}}", "x".repeat(200));
        let feed = format!("{{\"text\": \"one\"}}\n{long}\n{{\"text\": \"three\"}}\n");
        for part in [1, 30, FEED_PART] {
            let mut jobs = Vec::new();
            feed_parts(feed.as_bytes(), "f.jsonl", &opts, part, &mut |job| {
                jobs.push(job);
                true
            });
            let (messages, records) = outcomes(jobs);
            let docs: Vec<&str> = records.iter().map(|(d, _)| d.as_str()).collect();
            assert_eq!(docs, ["f.jsonl:1", "f.jsonl:3"], "parts of {part}");
            assert_eq!(messages.len(), 1, "{messages:?}");
            assert!(
                messages[0].contains("f.jsonl:2: line longer than 64 bytes"),
                "{messages:?}"
            );
        }
    }

    #[test]
    fn a_piece_over_the_cap_is_read_past_not_held() {
        let mut input: &[u8] = b"abcdefgh|ab|abcdef";
        let mut buf = Vec::new();
        let p = read_piece(&mut input, b'|', 4, &mut buf, 0).unwrap();
        assert_eq!((p.consumed, p.over, p.separated), (9, true, true));
        assert!(buf.is_empty());
        let p = read_piece(&mut input, b'|', 4, &mut buf, 0).unwrap();
        assert_eq!((p.consumed, p.over, p.separated), (3, false, true));
        assert_eq!(buf, b"ab|");
        let p = read_piece(&mut input, b'|', 4, &mut buf, 3).unwrap();
        assert_eq!((p.consumed, p.over, p.separated), (6, true, false));
        assert_eq!(buf, b"ab|");
        // exactly the cap is kept
        let mut input: &[u8] = b"abcd|";
        let mut buf = Vec::new();
        let p = read_piece(&mut input, b'|', 4, &mut buf, 0).unwrap();
        assert!(!p.over && p.separated, "{p:?}");
    }

    #[test]
    fn a_stdin_article_over_the_cap_is_skipped() {
        let mut jobs = Vec::new();
        split_stream(&b"short\x0clong long long\x0cend"[..], 8, &mut |job| {
            jobs.push(job);
            true
        });
        assert!(
            matches!(&jobs[0], Job::Bytes { name, bytes } if name == "-:1" && bytes == b"short")
        );
        assert!(
            matches!(&jobs[1], Job::Skip { message } if message.contains("-:2: larger than 8 bytes"))
        );
        assert!(matches!(&jobs[2], Job::Bytes { name, bytes } if name == "-:3" && bytes == b"end"));
        assert_eq!(jobs.len(), 3);
    }

    /// Records written in the workers are the bytes the writer makes of
    /// them one by one, in JSON and JSONL, on one thread and on several.
    #[test]
    fn records_written_in_the_workers_read_as_written_one_by_one() {
        let rules = RuleSet::embedded().unwrap();
        let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/articles"));
        for format in [Format::Jsonl, Format::Json] {
            let mut w = crate::output::RecordWriter::new(format, Vec::new());
            let opts = Options::default();
            let one_by_one = run(
                &rules,
                std::slice::from_ref(&dir),
                &opts,
                &mut |e| match e {
                    Event::Record(r) => w.write(r),
                    _ => Ok(()),
                },
                &mut |_| {},
            )
            .unwrap();
            let expected = w.finish().unwrap();
            assert!(one_by_one.records > 10, "{one_by_one:?}");
            for threads in [1, 3] {
                let opts = Options {
                    threads,
                    ..Options::default()
                };
                let mut w = crate::output::RecordWriter::new(format, Vec::new());
                let summary = run_encoded(
                    &rules,
                    std::slice::from_ref(&dir),
                    &opts,
                    format,
                    &mut |bytes, count| w.write_encoded(bytes, count),
                    &mut |_| {},
                    &mut |_| {},
                )
                .unwrap();
                assert_eq!(summary, one_by_one);
                let got = w.finish().unwrap();
                assert!(got == expected, "{format:?} on {threads} threads");
            }
        }
        let e = run_encoded(
            &rules,
            &[dir],
            &Options::default(),
            Format::Csv,
            &mut |_, _| Ok(()),
            &mut |_| {},
            &mut |_| {},
        );
        assert!(e.is_err());
    }

    #[test]
    fn threads_are_capped() {
        let opts = Options {
            threads: 1_000_000,
            ..Options::default()
        };
        assert_eq!(opts.worker_count(), MAX_THREADS);
        let opts = Options {
            threads: 3,
            ..Options::default()
        };
        assert_eq!(opts.worker_count(), 3);
    }

    fn split(input: &[u8]) -> Vec<(String, Vec<u8>)> {
        let mut got = Vec::new();
        split_stream(input, DEFAULT_MAX_ARTICLE, &mut |job| {
            if let Job::Bytes { name, bytes } = job {
                got.push((name, bytes));
            }
            true
        });
        got
    }

    #[test]
    fn stdin_without_separator_is_one_article() {
        assert_eq!(
            split(b"one article"),
            vec![("-".into(), b"one article".to_vec())]
        );
        assert_eq!(split(b""), vec![("-".into(), Vec::new())]);
    }

    #[test]
    fn stdin_splits_at_form_feeds() {
        assert_eq!(
            split(b"a\x0cb\x0c"),
            vec![("-:1".into(), b"a".to_vec()), ("-:2".into(), b"b".to_vec())]
        );
        assert_eq!(
            split(b"a\x0c\x0cc"),
            vec![
                ("-:1".into(), b"a".to_vec()),
                ("-:2".into(), Vec::new()),
                ("-:3".into(), b"c".to_vec())
            ]
        );
    }

    #[test]
    fn binary_is_a_nul_in_the_first_window() {
        assert_eq!(binary_offset(b"abc\0def"), Some(3));
        assert_eq!(binary_offset(b"plain text"), None);
        let mut late = vec![b'a'; BINARY_WINDOW];
        late.push(0);
        assert_eq!(binary_offset(&late), None);
    }

    #[test]
    fn bad_glob_is_explained() {
        let e = compile_glob("[").unwrap_err();
        assert!(e.contains("bad --glob \"[\""), "{e}");
    }
}
