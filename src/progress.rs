//! Progress of a long `whosaid extract` run: an indicatif bar on stderr
//! (articles done, MB/s, time left when the total is known) and one
//! summary line at the end.
//!
//! Both appear only when stderr is a terminal, so pipes, files and tests
//! see nothing extra; `--quiet` turns them off and `--stats` forces the
//! summary (never the bar) wherever stderr goes.

use crate::batch::Summary;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A batch of at most this many named files gets no bar (it is over
/// before a bar could tell anything).
pub const FEW_FILES: usize = 3;

/// What to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// Bar and summary when stderr is a terminal.
    #[default]
    Auto,
    /// Neither (`--quiet`).
    Quiet,
    /// The summary always, the bar when stderr is a terminal (`--stats`).
    Stats,
}

/// The progress display of one batch.
#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
    summary: bool,
    start: Instant,
    warnings: usize,
}

/// How big the batch is: the bytes of the named inputs when every one is
/// a plain file whose size is what is read (not a directory, standard input
/// or a compressed archive), else unknown.
fn total_bytes(inputs: &[PathBuf]) -> Option<u64> {
    let mut total = 0;
    for p in inputs {
        let name = p.to_string_lossy().to_ascii_lowercase();
        if p.as_os_str() == "-" || name.ends_with(".gz") {
            return None;
        }
        let meta = std::fs::metadata(p).ok()?;
        if !meta.is_file() {
            return None;
        }
        total += meta.len();
    }
    Some(total)
}

/// True when the batch is more than a few files: many named files, or any
/// directory, standard input or archive (their size is unknown).
fn is_large(inputs: &[PathBuf]) -> bool {
    inputs.len() > FEW_FILES || total_bytes(inputs).is_none()
}

impl Progress {
    /// The display for a batch over `inputs`; `terminal` says whether stderr
    /// is a terminal.
    pub fn new(mode: Mode, inputs: &[PathBuf], terminal: bool) -> Progress {
        let show_bar = terminal && mode != Mode::Quiet && is_large(inputs);
        let bar = show_bar.then(|| {
            let (bar, template) = match total_bytes(inputs) {
                Some(total) => (
                    ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr()),
                    "{bar:30} {percent:>3}% {msg} {binary_bytes_per_sec} eta {eta}",
                ),
                None => (
                    ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                    "{spinner} {msg} {binary_bytes_per_sec} {elapsed}",
                ),
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            summary: match mode {
                Mode::Auto => terminal,
                Mode::Quiet => false,
                Mode::Stats => true,
            },
            start: Instant::now(),
            warnings: 0,
        }
    }

    /// True when a bar is drawn (messages must then go through [`Progress::println`]).
    pub fn has_bar(&self) -> bool {
        self.bar.is_some()
    }

    /// Updates the display with the totals so far.
    pub fn update(&self, so_far: &Summary) {
        if let Some(bar) = &self.bar {
            bar.set_position(so_far.bytes);
            bar.set_message(format!(
                "{} articles, {} records",
                so_far.articles, so_far.records
            ));
        }
    }

    /// Prints a message above the bar (or plainly when there is none) and
    /// counts it when it is a warning.
    pub fn println(&mut self, msg: &str) {
        if msg.contains(": warning: ") {
            self.warnings += 1;
        }
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{msg}")),
            None => eprintln!("{msg}"),
        }
    }

    /// Clears the bar and prints the summary line when it is wanted.
    pub fn finish(&mut self, summary: &Summary) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        if self.summary {
            eprintln!("{}", self.line(summary, self.start.elapsed()));
        }
    }

    /// The summary line: articles, records, warnings, skipped and failed
    /// inputs, time and throughput.
    pub fn line(&self, s: &Summary, took: Duration) -> String {
        let secs = took.as_secs_f64();
        let mb = s.bytes as f64 / 1e6;
        let rate = if secs > 0.0 { mb / secs } else { 0.0 };
        let mut line = format!(
            "whosaid: {} articles, {} records, {} warnings, {} skipped",
            s.articles, s.records, self.warnings, s.skipped
        );
        if s.failed > 0 {
            line.push_str(&format!(", {} failed", s.failed));
        }
        line.push_str(&format!(" in {secs:.1} s ({mb:.1} MB, {rate:.1} MB/s)"));
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_terminal_no_display_unless_stats() {
        let many: Vec<PathBuf> = (0..10).map(|i| PathBuf::from(format!("{i}.txt"))).collect();
        let p = Progress::new(Mode::Auto, &many, false);
        assert!(!p.has_bar() && !p.summary);
        let p = Progress::new(Mode::Stats, &many, false);
        assert!(!p.has_bar() && p.summary);
        let p = Progress::new(Mode::Quiet, &many, true);
        assert!(!p.has_bar() && !p.summary);
    }

    #[test]
    fn a_few_files_get_no_bar() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.txt");
        std::fs::write(&f, "text").unwrap();
        assert_eq!(total_bytes(std::slice::from_ref(&f)), Some(4));
        assert!(!is_large(std::slice::from_ref(&f)));
        assert!(is_large(&[dir.path().to_path_buf()]));
        assert!(is_large(&[PathBuf::from("-")]));
        assert!(is_large(&vec![f; FEW_FILES + 1]));
    }

    #[test]
    fn the_summary_line_counts_everything() {
        let mut p = Progress::new(Mode::Stats, &[], false);
        p.warnings = 0;
        p.println("whosaid: warning: a.txt: invalid UTF-8 at byte 3");
        p.println("whosaid: b.txt: No such file");
        let s = Summary {
            inputs: 3,
            failed: 1,
            articles: 2,
            bytes: 2_000_000,
            records: 7,
            skipped: 4,
        };
        assert_eq!(
            p.line(&s, Duration::from_secs(2)),
            "whosaid: 2 articles, 7 records, 1 warnings, 4 skipped, 1 failed in 2.0 s (2.0 MB, 1.0 MB/s)"
        );
    }
}
