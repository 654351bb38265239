//! The command line. clap lives here and nowhere else.
//!
//! Exit codes: 0 ok, 1 some input could not be read, 2 usage error,
//! 3 (`eval`) a figure below its `--min`, 78 bad rules.

use crate::batch;
use crate::check::check_examples;
use crate::input::InputKind;
use crate::progress;
use crate::record::{Format, RecordWriter};
use crate::rules::{self, RuleSet};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit code: some input could not be read (the rest was processed).
pub const EXIT_INPUT: u8 = 1;
/// Exit code: bad arguments.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: the rules did not load (as sysexits' EX_CONFIG).
pub const EXIT_RULES: u8 = 78;

#[derive(Parser, Debug)]
#[command(
    name = "whosaid",
    version,
    about = "Who said what: quotes and their speakers in news articles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract quotes and their speakers from articles.
    Extract(ExtractArgs),
    /// Score the rules against hand-annotated gold (brat folder or JSONL).
    Eval(EvalArgs),
    /// Compare how several articles report the same statements.
    Compare(CompareArgs),
    /// Work with rule files.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
}

#[derive(clap::Args, Debug)]
struct ExtractArgs {
    /// Article files; `-` or none reads standard input.
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = FormatArg::Jsonl)]
    format: FormatArg,
    /// A directory of rule files to use instead of the embedded rules.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Write to this file (atomically: a temporary file renamed at the end;
    /// a device or FIFO is written directly).
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Worker threads (default: one per core; at most 64). Output order
    /// never changes.
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Skip (with a warning) any article larger than SIZE: a file, a
    /// standard-input article or a feed line. Bytes, or with a K, M or G
    /// suffix (powers of 1024).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "256M")]
    max_article_size: u64,
    /// Which files to take from directories (default `*.txt`); files named
    /// on the command line are always read.
    #[arg(long, value_name = "GLOB")]
    glob: Option<String>,
    /// Read files that look binary (a NUL byte in the first 8 KB) instead
    /// of skipping them.
    #[arg(long)]
    binary: bool,
    /// How to read the inputs: `auto` decides from the extension
    /// (.html/.htm, .jsonl/.ndjson, .warc/.warc.gz) or the content.
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    input: InputArg,
    /// Print the text extraction runs on (the article body of a web page,
    /// each feed article) instead of records; record offsets refer to it.
    #[arg(long, conflicts_with = "output")]
    emit_text: bool,
    /// No progress bar and no summary line on stderr (warnings and errors
    /// are still printed).
    #[arg(long, short = 'q', conflicts_with = "stats")]
    quiet: bool,
    /// Print the summary line (articles, records, warnings, skipped, time)
    /// even when stderr is not a terminal.
    #[arg(long)]
    stats: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum InputArg {
    /// By extension, then by content.
    Auto,
    /// Plain text, as it is.
    Text,
    /// A web page: its article body.
    Html,
    /// One JSON article per line.
    Jsonl,
    /// A web archive (.warc, .warc.gz): each HTML response record.
    Warc,
}

impl From<InputArg> for InputKind {
    fn from(i: InputArg) -> InputKind {
        match i {
            InputArg::Auto => InputKind::Auto,
            InputArg::Text => InputKind::Text,
            InputArg::Html => InputKind::Html,
            InputArg::Jsonl => InputKind::Jsonl,
            InputArg::Warc => InputKind::Warc,
        }
    }
}

#[derive(clap::Args, Debug)]
struct EvalArgs {
    /// Gold: a brat folder (`text/NAME.txt`, `attributions/NAME.ann`) or a
    /// JSONL file (one document per line).
    #[arg(long)]
    gold: PathBuf,
    /// A directory of rule files to use instead of the embedded rules.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = EvalFormatArg::Table)]
    format: EvalFormatArg,
    /// Fail (exit 3) when a figure is below VALUE, e.g.
    /// `attribution.direct.f1=0.70`. METRIC is MEASURE.SUBSET.STAT with
    /// MEASURE content_partial|content_exact|attribution, SUBSET all|direct,
    /// STAT p|r|f1. Repeatable.
    #[arg(long, value_name = "METRIC=VALUE", value_parser = parse_threshold)]
    min: Vec<crate::eval::Threshold>,
    /// Write misses, false hits and wrong speakers to FILE (JSONL).
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum EvalFormatArg {
    Table,
    Json,
}

/// Parses a size: a number of bytes, or one with a `K`, `M` or `G` suffix
/// (powers of 1024; `KB`, `MiB` and lower case also accepted).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(digits);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size (bytes, or e.g. 512K, 64M, 2G)"))?;
    let shift = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("{s:?}: unknown unit {unit:?} (use K, M or G)")),
    };
    n.checked_mul(1 << shift)
        .ok_or_else(|| format!("{s:?} is too large"))
}

fn parse_threshold(s: &str) -> Result<crate::eval::Threshold, String> {
    s.parse()
}

#[derive(clap::Args, Debug)]
struct CompareArgs {
    /// Article files, or records files with `--records`; `-` reads
    /// standard input.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The files hold records from `whosaid extract` (JSONL or a JSON array).
    #[arg(long)]
    records: bool,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = CompareFormatArg::Table)]
    format: CompareFormatArg,
    /// Also show statements with a single version.
    #[arg(long)]
    all: bool,
    /// A directory of rule files to use instead of the embedded rules.
    #[arg(long, conflicts_with = "records")]
    rules: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum CompareFormatArg {
    Table,
    Json,
    Csv,
}

#[derive(Subcommand, Debug)]
enum RulesCommand {
    /// Validate a rules directory (default: the embedded rules) and run
    /// every pattern's examples and allows.
    Check {
        /// The rules directory.
        dir: Option<PathBuf>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum FormatArg {
    Json,
    Jsonl,
    Csv,
    /// An Excel workbook (needs -o).
    Xlsx,
    /// A table for reading in a terminal (width: $COLUMNS, else 100).
    Table,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Csv => Format::Csv,
            FormatArg::Xlsx => Format::Xlsx,
            FormatArg::Table => Format::Table,
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Extract(args) => run_extract(args),
        Command::Eval(args) => run_eval(args),
        Command::Compare(args) => run_compare(args),
        Command::Rules {
            command: RulesCommand::Check { dir },
        } => run_rules_check(dir.as_deref()),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("whosaid: {e}");
            ExitCode::from(EXIT_INPUT)
        }
    }
}

/// Loads rules from a directory or the embedded defaults, printing every
/// diagnostic on failure.
fn load_rules(dir: Option<&Path>) -> Result<RuleSet, u8> {
    let source = match dir {
        Some(d) => rules::Source::Dir(d),
        None => rules::Source::Embedded,
    };
    RuleSet::load(source).map_err(|errs| {
        eprintln!("{errs}");
        EXIT_RULES
    })
}

fn run_eval(args: EvalArgs) -> io::Result<u8> {
    let rules = match load_rules(args.rules.as_deref()) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let opts = crate::eval::EvalOptions {
        gold: args.gold,
        format: match args.format {
            EvalFormatArg::Table => crate::eval::OutputFormat::Table,
            EvalFormatArg::Json => crate::eval::OutputFormat::Json,
        },
        thresholds: args.min,
        errors: args.errors,
    };
    crate::eval::run(&rules, &opts)
}

fn run_rules_check(dir: Option<&Path>) -> io::Result<u8> {
    let rules = match load_rules(dir) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let fails = check_examples(&rules);
    if fails.is_empty() {
        let n: usize = rules
            .patterns
            .iter()
            .map(|p| p.examples.len() + p.allows.len())
            .sum();
        println!(
            "rules ok: {} verb forms, {} patterns, {} examples and allows pass",
            rules.verb_forms.len(),
            rules.patterns.len(),
            n
        );
        Ok(0)
    } else {
        for f in &fails {
            eprintln!("{f}");
        }
        eprintln!("{} error(s) in the rules", fails.len());
        Ok(EXIT_RULES)
    }
}

fn run_extract(args: ExtractArgs) -> io::Result<u8> {
    let rules = match load_rules(args.rules.as_deref()) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let format: Format = args.format.into();
    let input: InputKind = args.input.into();
    let files = if args.files.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.files.clone()
    };
    if let Some(g) = &args.glob {
        if let Err(e) = batch::compile_glob(g) {
            eprintln!("whosaid: {e}");
            return Ok(EXIT_USAGE);
        }
    }
    let opts = batch::Options {
        threads: args.jobs.unwrap_or(0),
        glob: args.glob.clone(),
        binary: args.binary,
        kind: input,
        max_article: args.max_article_size,
    };
    if args.jobs.is_some_and(|j| j > batch::MAX_THREADS) {
        eprintln!(
            "whosaid: warning: -j {} is more than the maximum of {}; using {}",
            args.jobs.unwrap_or_default(),
            batch::MAX_THREADS,
            batch::MAX_THREADS
        );
    }
    let mode = if args.quiet {
        progress::Mode::Quiet
    } else if args.stats {
        progress::Mode::Stats
    } else {
        progress::Mode::Auto
    };
    let mut progress = progress::Progress::new(mode, &files, io::stderr().is_terminal());
    if args.emit_text {
        return emit_text(&files, input);
    }
    let to_stdout = match &args.output {
        None => true,
        Some(p) => p.as_os_str() == "-",
    };
    if format == Format::Xlsx && to_stdout {
        eprintln!(
            "whosaid: --format xlsx writes a workbook, not text: give a file with -o quotes.xlsx"
        );
        return Ok(EXIT_USAGE);
    }
    match args.output.as_deref().filter(|_| !to_stdout) {
        None => {
            let stdout = io::stdout();
            let out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
            let (code, out) = extract_all(&rules, &args.files, &opts, format, out, &mut progress)?;
            drop(out);
            Ok(code)
        }
        Some(path) => {
            // Dropped on an error, the output removes its temporary file
            // and leaves the old file as it was.
            let file = crate::output::atomic::OutputFile::create(path)?;
            let out = io::BufWriter::with_capacity(1 << 16, file);
            let (code, out) = extract_all(&rules, &args.files, &opts, format, out, &mut progress)?;
            out.into_inner().map_err(|e| e.into_error())?.commit()?;
            Ok(code)
        }
    }
}

/// Runs the batch over `files` and streams the records into `out` in input
/// order; the exit code says whether every input could be read.
fn extract_all<W: Write>(
    rules: &RuleSet,
    files: &[PathBuf],
    opts: &batch::Options,
    format: Format,
    out: W,
    progress: &mut progress::Progress,
) -> io::Result<(u8, W)> {
    let mut writer = RecordWriter::new(format, out);
    let shown = std::cell::RefCell::new(progress);
    let summary = batch::run_observed(
        rules,
        files,
        opts,
        &mut |event| match event {
            batch::Event::Article(doc, meta) => writer.begin_article(doc, meta),
            batch::Event::Record(rec) => writer.write(rec),
        },
        &mut |msg| shown.borrow_mut().println(msg),
        &mut |so_far| shown.borrow().update(so_far),
    )?;
    let out = writer.finish()?;
    shown.into_inner().finish(&summary);
    let code = if summary.failed > 0 { EXIT_INPUT } else { 0 };
    Ok((code, out))
}

/// `--emit-text`: prints the text each article's records would refer to.
/// With more than one article, each is headed `==> doc <==`.
fn emit_text(files: &[PathBuf], input: InputKind) -> io::Result<u8> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut code = 0;
    for path in files {
        let (doc, bytes) = if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            io::stdin().read_to_end(&mut buf)?;
            ("-".to_string(), buf)
        } else {
            match std::fs::read(path) {
                Ok(b) => (path.display().to_string(), b),
                Err(e) => {
                    eprintln!("whosaid: {}: {e}", path.display());
                    code = EXIT_INPUT;
                    continue;
                }
            }
        };
        let (articles, warnings) = crate::input::read_articles(&doc, &bytes, input);
        for w in warnings {
            eprintln!("whosaid: warning: {}: {}", w.doc, w.message);
        }
        let headed = files.len() > 1 || articles.len() > 1;
        for a in articles {
            if headed {
                writeln!(out, "==> {} <==", a.doc)?;
            }
            out.write_all(a.text.as_bytes())?;
            if headed && !a.text.ends_with('\n') {
                writeln!(out)?;
            }
        }
    }
    out.flush()?;
    Ok(code)
}

fn run_compare(args: CompareArgs) -> io::Result<u8> {
    use crate::compare::render::{render, CompareFormat};
    let rules = if args.records {
        None
    } else {
        match load_rules(args.rules.as_deref()) {
            Ok(r) => Some(r),
            Err(code) => return Ok(code),
        }
    };
    let mut code = 0;
    let mut records = Vec::new();
    for path in &args.files {
        let name = path.display().to_string();
        let read = if path.as_os_str() == "-" {
            let mut buf = Vec::new();
            io::stdin().read_to_end(&mut buf).map(|_| buf)
        } else {
            std::fs::read(path)
        };
        let bytes = match read {
            Ok(b) => b,
            Err(e) => {
                eprintln!("whosaid: {name}: {e}");
                code = EXIT_INPUT;
                continue;
            }
        };
        match &rules {
            None => {
                let text = String::from_utf8_lossy(&bytes);
                let (recs, errors) = crate::compare::read_records(&text);
                for e in &errors {
                    eprintln!("whosaid: {name}:{}: not a record: {}", e.line, e.message);
                }
                if !errors.is_empty() {
                    code = EXIT_INPUT;
                }
                records.extend(recs);
            }
            Some(rules) => {
                let (articles, warnings) =
                    crate::input::read_articles(&name, &bytes, crate::input::InputKind::Auto);
                for w in warnings {
                    eprintln!("whosaid: warning: {}: {}", w.doc, w.message);
                }
                for a in articles {
                    records.extend(crate::extract_with_meta(rules, &a.doc, &a.text, &a.meta));
                }
            }
        }
    }
    let mut groups = crate::compare::compare(&records);
    if !args.all {
        groups.retain(|g| g.members.len() > 1);
    }
    let format = match args.format {
        CompareFormatArg::Table => CompareFormat::Table,
        CompareFormatArg::Json => CompareFormat::Json,
        CompareFormatArg::Csv => CompareFormat::Csv,
    };
    let text = render(&groups, format)?;
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(code)
}
