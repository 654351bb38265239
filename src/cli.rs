//! The command line. clap lives here and nowhere else.
//!
//! Exit codes: 0 ok, 1 some input could not be read, 2 usage error,
//! 3 (`eval`) a figure below its `--min`, 78 bad rules.

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use whosaid::batch;
use whosaid::check::check_examples;
use whosaid::input::InputKind;
use whosaid::output::{Format, RecordWriter};
use whosaid::progress;
use whosaid::rules::{self, RuleSet};

/// Exit code: some input could not be read (the rest was processed).
pub const EXIT_INPUT: u8 = whosaid::EXIT_INPUT;
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
    /// Show what a rule change did: records added, removed and changed.
    Diff(DiffArgs),
    /// Keep one reviewable snapshot of the records per article, and check
    /// the current rules against them.
    Snapshot(SnapshotArgs),
    /// Show what each stage of the engine decided for a sentence or a
    /// paragraph: quotations, cues, each pattern at each cue (and the
    /// template slot where it failed), the drafts, the speakers, the records.
    Explain(ExplainArgs),
    /// Work with rule files.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Print a shell completion script (e.g. `whosaid completions bash >
    /// ~/.local/share/bash-completion/completions/whosaid`).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: ShellArg,
    },
    /// Print the man page (roff), e.g. `whosaid man | man -l -`.
    Man,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ShellArg {
    Bash,
    Zsh,
    Fish,
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
    /// The language pack: en (rules/*.toml), de (rules/de/), or auto
    /// (per article: the page's declared language, else detected from the
    /// text). Default en. With --rules, DIR is layered over this pack.
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
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
    /// Which files to take from directories (default: the formats whosaid
    /// reads, `*.{txt,html,htm,jsonl,ndjson}` in any case); files named on
    /// the command line are always read. A directory with no matching file
    /// is an error (exit 1).
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
    /// Print one JSON line per article instead of records: its `doc`,
    /// metadata (title, author, date, url, outlet) and number of records.
    /// Articles without quotes are listed too.
    #[arg(long, conflicts_with_all = ["emit_text", "format"])]
    emit_meta: bool,
}

#[derive(clap::Args, Debug)]
struct ExplainArgs {
    /// The text to explain: a sentence or a paragraph (lines are
    /// paragraphs).
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    text: Option<String>,
    /// Explain a line of this plain-text article (with --line); the whole
    /// article is read, so its other lines count as they do in `extract`.
    #[arg(long, requires = "line")]
    file: Option<PathBuf>,
    /// The line of --file to explain (1 for the first).
    #[arg(long, requires = "file", value_parser = clap::value_parser!(u64).range(1..))]
    line: Option<u64>,
    /// A directory of rule files to use instead of the embedded rules.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// The language pack to explain with (en or de; auto detects the
    /// language of the text).
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = ExplainFormatArg::Text)]
    format: ExplainFormatArg,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum ExplainFormatArg {
    /// Readable text.
    Text,
    /// One JSON document.
    Json,
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
    /// The language pack: en (rules/*.toml), de (rules/de/), or auto
    /// (per article: the page's declared language, else detected from the
    /// text). Default en. With --rules, DIR is layered over this pack.
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = EvalFormatArg::Table)]
    format: EvalFormatArg,
    /// Fail (exit 3) when a figure is below VALUE, e.g.
    /// `attribution.direct.f1=0.70`. METRIC is MEASURE.SUBSET.STAT with
    /// MEASURE content_partial|content_exact|attribution, SUBSET all|direct,
    /// STAT p|r|f1. Repeatable.
    #[arg(long, value_name = "METRIC=VALUE", value_parser = parse_threshold)]
    min: Vec<whosaid::eval::Threshold>,
    /// Write misses, false hits and wrong speakers to FILE (JSONL).
    #[arg(long, value_name = "FILE")]
    errors: Option<PathBuf>,
}

/// `--lang`: which embedded rule pack to run.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum LangArg {
    /// English (rules/*.toml).
    En,
    /// German (rules/de/).
    De,
    /// Per article: the page's declared language, else detected.
    Auto,
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

fn parse_threshold(s: &str) -> Result<whosaid::eval::Threshold, String> {
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
    /// The language pack: en (rules/*.toml), de (rules/de/), or auto
    /// (per article: the page's declared language, else detected from the
    /// text). Default en. With --rules, DIR is layered over this pack.
    #[arg(long, value_enum, conflicts_with = "records")]
    lang: Option<LangArg>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum CompareFormatArg {
    Table,
    Json,
    Csv,
    /// A self-contained HTML page: each statement's versions side by side.
    Html,
}

#[derive(clap::Args, Debug)]
struct DiffArgs {
    /// Two record files (OLD NEW, JSONL or a JSON array from `whosaid
    /// extract`), or with --rules-old/--rules-new the articles to run both
    /// rule sets over (none: the --gold documents).
    files: Vec<PathBuf>,
    /// The rules of the old side (default: the built-in rules).
    #[arg(long, value_name = "DIR")]
    rules_old: Option<PathBuf>,
    /// The rules of the new side (default: the built-in rules).
    #[arg(long, value_name = "DIR")]
    rules_new: Option<PathBuf>,
    /// The language pack of both sides with --rules-old/--rules-new: en
    /// (rules/*.toml), de (rules/de/), or auto (per article: the page's
    /// declared language, else detected from the text). Default en. Each
    /// DIR is layered over this pack.
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = DiffFormatArg::Terminal)]
    format: DiffFormatArg,
    /// Also score both sides against this gold (brat folder or JSONL) and
    /// print the figures and their difference.
    #[arg(long, value_name = "GOLD")]
    gold: Option<PathBuf>,
    /// Exit 1 when any record was added, removed or changed.
    #[arg(long)]
    fail_on_change: bool,
    /// Worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Which files to take from directories (default `*.txt`).
    #[arg(long, value_name = "GLOB")]
    glob: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
enum DiffFormatArg {
    /// Readable, coloured on a terminal (not when NO_COLOR is set).
    Terminal,
    Json,
    /// A self-contained HTML page: the changed articles with every record
    /// marked added, removed, changed or unchanged.
    Html,
}

#[derive(clap::Args, Debug)]
struct SnapshotArgs {
    /// Article files or directories.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Where the snapshots are kept (one `.snap` file per article).
    #[arg(long, value_name = "DIR")]
    dir: PathBuf,
    /// Write nothing; show how the records differ from the snapshots and
    /// exit 1 when any differs or is missing.
    #[arg(long, conflicts_with = "accept")]
    check: bool,
    /// Overwrite the snapshots with the current records.
    #[arg(long)]
    accept: bool,
    /// A directory of rule files (layered over the built-in rules).
    #[arg(long)]
    rules: Option<PathBuf>,
    /// The language pack: en (rules/*.toml), de (rules/de/), or auto
    /// (per article: the page's declared language, else detected from the
    /// text). Default en. With --rules, DIR is layered over this pack.
    #[arg(long, value_enum)]
    lang: Option<LangArg>,
    /// Which files to take from directories (default `*.txt`).
    #[arg(long, value_name = "GLOB")]
    glob: Option<String>,
}

#[derive(Subcommand, Debug)]
enum RulesCommand {
    /// Validate a rules directory (default: the embedded rules) and run
    /// every pattern's examples and allows.
    Check {
        /// The rules directory: any subset of the rule files, layered over
        /// the built-in ones.
        dir: Option<PathBuf>,
        /// The built-in pack to check, or to layer DIR over.
        #[arg(long, value_enum, default_value_t = PackArg::En)]
        lang: PackArg,
    },
    /// Write the built-in rule files (with their comments) into DIR, to
    /// start your own rules from.
    Init {
        /// The directory to write (created if needed).
        dir: PathBuf,
        /// Only these rule files (e.g. `verbs.toml`); default all.
        files: Vec<String>,
        /// Overwrite rule files that already exist in DIR.
        #[arg(long)]
        force: bool,
        /// The built-in pack to copy: en, or de to start from the German
        /// pack (a new language is best started from the pack nearest it).
        #[arg(long, value_enum, default_value_t = PackArg::En)]
        lang: PackArg,
    },
}

/// A built-in language pack (`rules check|init --lang`).
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum PackArg {
    /// English (rules/*.toml).
    En,
    /// German (rules/de/).
    De,
}

impl From<PackArg> for rules::Lang {
    fn from(p: PackArg) -> rules::Lang {
        match p {
            PackArg::En => rules::Lang::En,
            PackArg::De => rules::Lang::De,
        }
    }
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
    /// A self-contained HTML report: the articles with their quotes marked.
    Html,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Json => Format::Json,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Csv => Format::Csv,
            FormatArg::Xlsx => Format::Xlsx,
            FormatArg::Table => Format::Table,
            FormatArg::Html => Format::Html,
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
        Command::Diff(args) => run_diff(args),
        Command::Snapshot(args) => run_snapshot(args),
        Command::Explain(args) => run_explain(args),
        Command::Rules {
            command: RulesCommand::Check { dir, lang },
        } => run_rules_check(dir.as_deref(), lang.into()),
        Command::Rules {
            command:
                RulesCommand::Init {
                    dir,
                    files,
                    force,
                    lang,
                },
        } => run_rules_init(&dir, &files, force, lang.into()),
        Command::Completions { shell } => print_completions(shell),
        Command::Man => print_man(),
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

/// `whosaid completions SHELL`: the completion script on standard output.
fn print_completions(shell: ShellArg) -> io::Result<u8> {
    use clap_complete::{generate, Shell};
    let shell = match shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
    };
    let mut out = io::stdout().lock();
    generate(shell, &mut Cli::command(), "whosaid", &mut out);
    out.flush()?;
    Ok(0)
}

/// `whosaid man`: the man page, in roff, on standard output.
fn print_man() -> io::Result<u8> {
    let mut out = io::stdout().lock();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    out.flush()?;
    Ok(0)
}

/// Whether `args` (the words after `whosaid`) parse as a command line;
/// the README test uses it to check the commands it cannot run.
#[cfg(test)]
pub fn parses<I, S>(args: I) -> Result<(), String>
where
    I: IntoIterator<Item = S>,
    S: Into<std::ffi::OsString> + Clone,
{
    let argv = std::iter::once(std::ffi::OsString::from("whosaid"))
        .chain(args.into_iter().map(Into::into));
    Cli::try_parse_from(argv)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Loads the rules for a `--lang` choice, printing every diagnostic on
/// failure: the pack of that language (English by default; a directory
/// layered over it), or for `auto` every pack, chosen per article (the
/// directory layered over the English one).
fn load_rules_lang(dir: Option<&Path>, lang: Option<LangArg>) -> Result<RuleSet, u8> {
    let source = || match dir {
        Some(d) => rules::Source::Dir(d),
        None => rules::Source::Embedded,
    };
    let load = |source, lang| {
        RuleSet::load_lang(source, lang).map_err(|errs| {
            eprintln!("{errs}");
            EXIT_RULES
        })
    };
    match lang.unwrap_or(LangArg::En) {
        LangArg::En => load(source(), rules::Lang::En),
        LangArg::De => load(source(), rules::Lang::De),
        LangArg::Auto => {
            let mut first = load(source(), rules::Lang::En)?;
            for l in rules::Lang::ALL.into_iter().skip(1) {
                first.auto.push(load(rules::Source::Embedded, l)?);
            }
            Ok(first)
        }
    }
}

fn run_diff(args: DiffArgs) -> io::Result<u8> {
    use whosaid::diff::cmd::{self, DiffFormat, DiffOptions};
    if let Some(g) = &args.glob {
        if let Err(e) = batch::compile_glob(g) {
            eprintln!("whosaid: {e}");
            return Ok(EXIT_USAGE);
        }
    }
    let opts = DiffOptions {
        format: match args.format {
            DiffFormatArg::Terminal => DiffFormat::Terminal,
            DiffFormatArg::Json => DiffFormat::Json,
            DiffFormatArg::Html => DiffFormat::Html,
        },
        gold: args.gold.clone(),
        fail_on_change: args.fail_on_change,
        batch: batch::Options {
            threads: args.jobs.unwrap_or(0),
            glob: args.glob.clone(),
            ..batch::Options::default()
        },
    };
    if args.rules_old.is_none() && args.rules_new.is_none() {
        return match &args.files[..] {
            [old, new] => cmd::diff_files(old, new, &opts),
            _ => {
                eprintln!(
                    "whosaid: diff takes two record files (OLD.jsonl NEW.jsonl), or \
                     --rules-old/--rules-new with the articles to run them on"
                );
                Ok(EXIT_USAGE)
            }
        };
    }
    if args.files.is_empty() && args.gold.is_none() {
        eprintln!("whosaid: diff --rules-old/--rules-new needs articles (or --gold)");
        return Ok(EXIT_USAGE);
    }
    let old = match load_rules_lang(args.rules_old.as_deref(), args.lang) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let new = match load_rules_lang(args.rules_new.as_deref(), args.lang) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    cmd::diff_rules(&old, &new, &args.files, &opts)
}

fn run_snapshot(args: SnapshotArgs) -> io::Result<u8> {
    use whosaid::diff::cmd::{self, SnapshotMode};
    if let Some(g) = &args.glob {
        if let Err(e) = batch::compile_glob(g) {
            eprintln!("whosaid: {e}");
            return Ok(EXIT_USAGE);
        }
    }
    let rules = match load_rules_lang(args.rules.as_deref(), args.lang) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let mode = if args.check {
        SnapshotMode::Check
    } else if args.accept {
        SnapshotMode::Accept
    } else {
        SnapshotMode::Write
    };
    let opts = batch::Options {
        glob: args.glob.clone(),
        ..batch::Options::default()
    };
    cmd::snapshot(&rules, &args.files, &args.dir, mode, &opts)
}

fn run_eval(args: EvalArgs) -> io::Result<u8> {
    let rules = match load_rules_lang(args.rules.as_deref(), args.lang) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let opts = whosaid::eval::EvalOptions {
        gold: args.gold,
        format: match args.format {
            EvalFormatArg::Table => whosaid::eval::OutputFormat::Table,
            EvalFormatArg::Json => whosaid::eval::OutputFormat::Json,
        },
        thresholds: args.min,
        errors: args.errors,
    };
    whosaid::eval::run(&rules, &opts)
}

fn run_rules_check(dir: Option<&Path>, lang: rules::Lang) -> io::Result<u8> {
    let arg = match lang {
        rules::Lang::En => LangArg::En,
        rules::Lang::De => LangArg::De,
    };
    let rules = match load_rules_lang(dir, Some(arg)) {
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
        for l in &rules.layers {
            let paths: Vec<&str> = l.parts.iter().map(|p| p.path.as_str()).collect();
            let how = match l.mode {
                rules::Mode::Builtin => "built-in",
                rules::Mode::Replace => "replaces the built-in file",
                rules::Mode::Extend => "extends the built-in file",
            };
            println!("{:<18} {} ({how})", l.name, paths.join(" + "));
        }
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

/// `explain`: runs the engine's stages on a text, or on one line of a
/// file, and prints what each decided.
fn run_explain(args: ExplainArgs) -> io::Result<u8> {
    let rules = match load_rules_lang(args.rules.as_deref(), args.lang) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let (text, focus) = match (&args.text, &args.file, args.line) {
        (Some(t), _, _) => (t.clone(), None),
        (None, Some(f), Some(n)) => {
            let text = std::fs::read_to_string(f)
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", f.display())))?;
            match line_range(&text, n) {
                Some(r) => (text, Some(r)),
                None => {
                    eprintln!("whosaid: {} has no line {n}", f.display());
                    return Ok(EXIT_USAGE);
                }
            }
        }
        _ => {
            eprintln!("whosaid: explain needs a TEXT, or --file F --line N");
            return Ok(EXIT_USAGE);
        }
    };
    let rules = rules.for_article(&text, None);
    let e = whosaid::engine::explain::explain_focus(rules, &text, focus);
    let out = match args.format {
        ExplainFormatArg::Text => e.to_text(),
        ExplainFormatArg::Json => {
            serde_json::to_string_pretty(&e).map_err(io::Error::other)? + "\n"
        }
    };
    io::stdout().lock().write_all(out.as_bytes())?;
    Ok(0)
}

/// The byte range of line `n` (1-based) of `text`, without its line break.
fn line_range(text: &str, n: u64) -> Option<(usize, usize)> {
    let mut start = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i as u64 + 1 == n {
            return Some((start, start + line.trim_end_matches('\r').len()));
        }
        start += line.len() + 1;
    }
    None
}

/// `rules init`: writes the embedded rule files into `dir`. Nothing is
/// written when a file exists and `force` is not given.
fn run_rules_init(dir: &Path, only: &[String], force: bool, lang: rules::Lang) -> io::Result<u8> {
    for name in only {
        if !rules::EMBEDDED.iter().any(|(n, _)| n == name) {
            let names: Vec<&str> = rules::EMBEDDED.iter().map(|(n, _)| *n).collect();
            eprintln!(
                "whosaid: `{name}` is not a rule file (rule files are {})",
                names.join(", ")
            );
            return Ok(EXIT_USAGE);
        }
    }
    let chosen: Vec<(&str, &str)> = lang
        .files()
        .iter()
        .copied()
        .filter(|(n, _)| only.is_empty() || only.iter().any(|o| o == n))
        .collect();
    if !force {
        let existing: Vec<String> = chosen
            .iter()
            .map(|(n, _)| dir.join(n))
            .filter(|p| p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if !existing.is_empty() {
            eprintln!(
                "whosaid: not overwriting {} (give --force to replace; nothing was written)",
                existing.join(", ")
            );
            return Ok(EXIT_INPUT);
        }
    }
    std::fs::create_dir_all(dir)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
    for (name, text) in chosen {
        let path = dir.join(name);
        std::fs::write(&path, text)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        println!("wrote {}", path.display());
    }
    Ok(0)
}

fn run_extract(args: ExtractArgs) -> io::Result<u8> {
    let rules = match load_rules_lang(args.rules.as_deref(), args.lang) {
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
    let reads_stdin = files.iter().any(|f| f.as_os_str() == "-");
    if reads_stdin && io::stdin().is_terminal() {
        // Without this, a user who forgot the file name sees nothing happen.
        eprintln!("whosaid: reading articles from standard input; end with Ctrl-D");
    }
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
            let (code, out) = if args.emit_meta {
                emit_meta(&rules, &args.files, &opts, out)?
            } else {
                extract_all(&rules, &args.files, &opts, format, out, &mut progress)?
            };
            drop(out);
            Ok(code)
        }
        Some(path) => {
            // Dropped on an error, the output removes its temporary file
            // and leaves the old file as it was.
            let file = whosaid::output::atomic::OutputFile::create(path)?;
            let out = io::BufWriter::with_capacity(1 << 16, file);
            let (code, out) = if args.emit_meta {
                emit_meta(&rules, &args.files, &opts, out)?
            } else {
                extract_all(&rules, &args.files, &opts, format, out, &mut progress)?
            };
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
    let summary = if format.encodes_alone() {
        // JSON and JSONL records are written in the workers
        batch::run_encoded(
            rules,
            files,
            opts,
            format,
            &mut |bytes, count| writer.write_encoded(bytes, count),
            &mut |msg| shown.borrow_mut().println(msg),
            &mut |so_far| shown.borrow().update(so_far),
        )?
    } else {
        batch::run_observed(
            rules,
            files,
            opts,
            &mut |event| match event {
                batch::Event::Article(doc, meta) => writer.begin_article(doc, meta),
                batch::Event::Text(text) => {
                    writer.article_text(text);
                    Ok(())
                }
                batch::Event::Record(rec) => writer.write(rec),
            },
            &mut |msg| shown.borrow_mut().println(msg),
            &mut |so_far| shown.borrow().update(so_far),
        )?
    };
    let out = writer.finish()?;
    shown.into_inner().finish(&summary);
    let code = if summary.failed > 0 { EXIT_INPUT } else { 0 };
    Ok((code, out))
}

/// One line of `--emit-meta`.
#[derive(serde::Serialize)]
struct MetaLine<'a> {
    doc: &'a str,
    #[serde(flatten)]
    meta: &'a whosaid::record::ArticleMeta,
    records: usize,
}

/// `--emit-meta`: runs the batch and writes one JSON line per article (its
/// metadata and record count) instead of the records.
fn emit_meta<W: Write>(
    rules: &RuleSet,
    files: &[PathBuf],
    opts: &batch::Options,
    mut out: W,
) -> io::Result<(u8, W)> {
    let mut current: Option<(String, whosaid::record::ArticleMeta, usize)> = None;
    fn line(
        out: &mut dyn Write,
        a: &(String, whosaid::record::ArticleMeta, usize),
    ) -> io::Result<()> {
        let l = MetaLine {
            doc: &a.0,
            meta: &a.1,
            records: a.2,
        };
        serde_json::to_writer(&mut *out, &l)?;
        out.write_all(b"\n")
    }
    let summary = batch::run(
        rules,
        files,
        opts,
        &mut |event| match event {
            batch::Event::Article(doc, meta) => {
                if let Some(a) = current.take() {
                    line(&mut out, &a)?;
                }
                current = Some((doc.to_string(), meta.clone(), 0));
                Ok(())
            }
            batch::Event::Record(_) => {
                if let Some(a) = current.as_mut() {
                    a.2 += 1;
                }
                Ok(())
            }
            batch::Event::Text(_) => Ok(()),
        },
        &mut |msg| eprintln!("{msg}"),
    )?;
    if let Some(a) = current.take() {
        line(&mut out, &a)?;
    }
    out.flush()?;
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
        let (articles, warnings) = whosaid::input::read_articles(&doc, &bytes, input);
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
    use whosaid::compare::render::{render, CompareFormat};
    let rules = if args.records {
        None
    } else {
        match load_rules_lang(args.rules.as_deref(), args.lang) {
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
                let (recs, errors) = whosaid::compare::read_records(&text);
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
                    whosaid::input::read_articles(&name, &bytes, whosaid::input::InputKind::Auto);
                for w in warnings {
                    eprintln!("whosaid: warning: {}: {}", w.doc, w.message);
                }
                for a in articles {
                    records.extend(whosaid::extract_with_meta(rules, &a.doc, &a.text, &a.meta));
                }
            }
        }
    }
    let mut groups = whosaid::compare::compare(&records);
    if !args.all {
        groups.retain(|g| g.members.len() > 1);
    }
    let format = match args.format {
        CompareFormatArg::Table => CompareFormat::Table,
        CompareFormatArg::Json => CompareFormat::Json,
        CompareFormatArg::Csv => CompareFormat::Csv,
        CompareFormatArg::Html => CompareFormat::Html,
    };
    let text = render(&groups, format)?;
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(code)
}
