//! Rule layers: where each rule file comes from.
//!
//! Every rule file has a built-in version embedded in the binary. A user
//! directory (`--rules DIR`) may hold any subset of the files:
//!
//! - a file present **replaces** the built-in file of the same name;
//! - a file whose top level says `extends = "builtin"` is **added** to the
//!   built-in file instead (see [`Merge`] for how entries combine);
//! - a file absent leaves the built-in one in force.
//!
//! The layers of one file are parsed separately, so a TOML error names the
//! file it is in. For the checks that run on the combined rules, the
//! layers' texts are laid end to end in one *virtual* text (spans of the
//! user layer are parsed with an offset so that they index it), and
//! [`Layered::remap`] turns a position in the virtual text back into the
//! file and line it came from. This works the same for every rule file
//! listed in [`super::EMBEDDED`], whatever its schema.

use super::diag::{self, Diagnostic, RuleErrors};
use serde::de::DeserializeOwned;
use std::path::Path;

/// How built-in files are named in diagnostics and listings.
pub const BUILTIN_PREFIX: &str = "<builtin>/";

/// How a rule file of a user directory combines with the built-in one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// No user file: the built-in file alone.
    Builtin,
    /// The user file replaces the built-in one.
    Replace,
    /// The user file (`extends = "builtin"`) adds to the built-in one.
    Extend,
}

/// One file's text as it takes part in a [`Layered`] rule file.
#[derive(Debug, Clone)]
pub struct Part {
    /// What diagnostics call the file: `<builtin>/verbs.toml` or the user path.
    pub path: String,
    /// The file's text (an `extends` line blanked out with spaces, so every
    /// other offset is unchanged).
    pub text: String,
    /// Byte offset of the text in the virtual text.
    pub start: usize,
    /// 1-based line of the virtual text the part starts on.
    pub first_line: usize,
}

/// One rule file as loaded: its layers, bottom (built-in) first.
#[derive(Debug, Clone)]
pub struct Layered {
    /// The file name (`verbs.toml`); also the path of the virtual text in
    /// diagnostics until [`Layered::remap`] resolves it.
    pub name: String,
    pub mode: Mode,
    pub parts: Vec<Part>,
    /// The parts' texts joined with a line break: spans of every parsed
    /// layer index it.
    pub virtual_text: String,
}

impl Layered {
    fn new(name: &str, mode: Mode, files: Vec<(String, String)>) -> Layered {
        let mut virtual_text = String::new();
        let mut parts = Vec::new();
        for (path, text) in files {
            if !virtual_text.is_empty() {
                virtual_text.push('\n');
            }
            let start = virtual_text.len();
            let first_line = virtual_text.matches('\n').count() + 1;
            virtual_text.push_str(&text);
            parts.push(Part {
                path,
                text,
                start,
                first_line,
            });
        }
        Layered {
            name: name.to_string(),
            mode,
            parts,
            virtual_text,
        }
    }

    /// The file that is in force last: the user file if there is one.
    pub fn top_path(&self) -> &str {
        self.parts.last().map_or(self.name.as_str(), |p| &p.path)
    }

    /// The file and line within it of a 1-based line of the virtual text.
    pub fn locate_line(&self, line: usize) -> (&str, usize) {
        match self.parts.iter().rev().find(|p| p.first_line <= line) {
            Some(p) => (&p.path, line - p.first_line + 1),
            None => (self.top_path(), line),
        }
    }

    /// Points a diagnostic made against the virtual text (its path is the
    /// bare file name) at the real file and line.
    pub fn remap(&self, d: &mut Diagnostic) {
        if d.path != self.name {
            return;
        }
        if d.line == 0 {
            d.path = self.top_path().to_string();
        } else {
            let (path, line) = self.locate_line(d.line);
            d.path = path.to_string();
            d.line = line;
        }
        // a message pointing at another line ("first on line N") is
        // remapped the same way
        const AT: &str = "first on line ";
        if let Some(i) = d.message.find(AT) {
            let from = i + AT.len();
            let digits = d.message[from..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(d.message.len(), |n| from + n);
            if let Ok(n) = d.message[from..digits].parse::<usize>() {
                let (path, line) = self.locate_line(n);
                let shown = if path == d.path {
                    line.to_string()
                } else {
                    format!("{line} of {path}")
                };
                d.message.replace_range(from..digits, &shown);
            }
        }
    }

    /// Parses every layer as `T` and merges them bottom up. Each layer's
    /// syntax and schema errors are reported against its own file.
    pub fn parse<T: DeserializeOwned + Merge>(&self, errs: &mut RuleErrors) -> Option<T> {
        let mut merged: Option<T> = None;
        let mut failed = false;
        for part in &self.parts {
            let Some(own) = diag::parse::<T>(&part.path, &part.text, errs) else {
                failed = true;
                continue;
            };
            let layer = if part.start == 0 {
                own
            } else {
                // again, shifted so that its spans index the virtual text
                let mut padded = " ".repeat(part.start);
                padded.push_str(&part.text);
                match toml::from_str::<T>(&padded) {
                    Ok(v) => v,
                    Err(e) => {
                        errs.push(Diagnostic::file(
                            &part.path,
                            "toml",
                            e.message().to_string(),
                        ));
                        failed = true;
                        continue;
                    }
                }
            };
            merged = Some(match merged {
                None => layer,
                Some(mut base) => {
                    base.merge(layer);
                    base
                }
            });
        }
        if failed {
            None
        } else {
            merged
        }
    }
}

/// How a user file with `extends = "builtin"` adds to the built-in file.
pub trait Merge {
    /// Adds `user`'s entries to `self` (the built-in layer).
    fn merge(&mut self, user: Self);
}

/// Appends the strings of `user` that `base` does not hold yet.
pub fn merge_words(base: &mut Vec<String>, user: Vec<String>) {
    for w in user {
        if !base.contains(&w) {
            base.push(w);
        }
    }
}

/// Appends the words of `user` that `base` does not hold yet, for lists
/// whose words keep their positions (`Vec<Spanned<String>>`): the word-list
/// files merge with this one line per list.
pub fn merge_spanned_words(
    base: &mut Vec<toml::Spanned<String>>,
    user: Vec<toml::Spanned<String>>,
) {
    for w in user {
        if !base.iter().any(|b| b.get_ref() == w.get_ref()) {
            base.push(w);
        }
    }
}

/// Where the rule files come from.
pub enum Source<'a> {
    /// The built-in rules alone.
    Embedded,
    /// A user directory layered over the built-in rules.
    Dir(&'a Path),
}

/// Gathers every rule file of a pack (`builtin_files`: [`super::EMBEDDED`]
/// or another language's, same names) with its layers from `source`. Fails (with every problem found) when the directory cannot be
/// read, holds a `.toml` file that is not a rule file, or a file cannot be
/// read or has a bad `extends` key.
pub fn gather(
    source: &Source<'_>,
    builtin_files: &[(&str, &'static str)],
) -> Result<Vec<Layered>, RuleErrors> {
    let mut errs = RuleErrors::default();
    let mut out = Vec::new();
    if let Source::Dir(dir) = source {
        check_dir(dir, &mut errs);
    }
    for &(name, builtin) in builtin_files {
        let builtin_file = (format!("{BUILTIN_PREFIX}{name}"), builtin.to_string());
        let Source::Dir(dir) = source else {
            out.push(Layered::new(name, Mode::Builtin, vec![builtin_file]));
            continue;
        };
        let path = dir.join(name);
        if !path.exists() {
            out.push(Layered::new(name, Mode::Builtin, vec![builtin_file]));
            continue;
        }
        let shown = path.display().to_string();
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                errs.push(Diagnostic::file(
                    &shown,
                    "io",
                    format!("cannot read rule file: {e}"),
                ));
                continue;
            }
        };
        match take_extends(&shown, text, &mut errs) {
            Some((text, true)) => out.push(Layered::new(
                name,
                Mode::Extend,
                vec![builtin_file, (shown, text)],
            )),
            Some((text, false)) => out.push(Layered::new(name, Mode::Replace, vec![(shown, text)])),
            None => {}
        }
    }
    if errs.is_empty() {
        Ok(out)
    } else {
        Err(errs)
    }
}

/// A user directory must exist, hold at least one rule file, and every
/// `.toml` file in it must be one of the rule files: a misspelt `verb.toml`
/// would otherwise be ignored.
fn check_dir(dir: &Path, errs: &mut RuleErrors) {
    let shown = dir.display().to_string();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            errs.push(Diagnostic::file(
                &shown,
                "io",
                format!("cannot read the rules directory: {e}"),
            ));
            return;
        }
    };
    let mut unknown = Vec::new();
    let mut known = 0;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if super::EMBEDDED.iter().any(|(n, _)| *n == name) {
            known += 1;
        } else if name.ends_with(".toml") {
            unknown.push(name);
        }
    }
    unknown.sort();
    let expected = super::EMBEDDED
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ");
    for name in unknown {
        errs.push(Diagnostic::file(
            &dir.join(&name).display().to_string(),
            "unknown-file",
            format!("not a rule file name (rule files are {expected})"),
        ));
    }
    if known == 0 && errs.is_empty() {
        // most likely the wrong directory: say so rather than run the
        // built-in rules as if they were the user's
        errs.push(Diagnostic::file(
            &shown,
            "no-rules",
            format!(
                "holds none of the rule files ({expected}); `whosaid rules init {shown}` writes them"
            ),
        ));
    }
}

/// Finds a top-level `extends = "builtin"` line (before the first table
/// header) and blanks it out with spaces, so that the file's schema need not
/// know the key and every other offset stays put. Returns the text and
/// whether the file extends the built-in one; `None` (with a diagnostic)
/// when `extends` has another value.
fn take_extends(path: &str, mut text: String, errs: &mut RuleErrors) -> Option<(String, bool)> {
    let mut at = 0;
    let mut found = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            break;
        }
        let key = trimmed
            .strip_prefix("extends")
            .or_else(|| trimmed.strip_prefix("\"extends\""));
        if key.is_some_and(|rest| rest.trim_start().starts_with('=')) {
            found = Some(at..at + line.trim_end_matches(['\n', '\r']).len());
            break;
        }
        at += line.len();
    }
    let Some(span) = found else {
        return Some((text, false));
    };
    let value = toml::from_str::<toml::Table>(&text[span.clone()])
        .ok()
        .and_then(|t| {
            t.get("extends")
                .and_then(|v| v.as_str().map(str::to_string))
        });
    if value.as_deref() != Some("builtin") {
        errs.push(Diagnostic::at(
            path,
            &text,
            span,
            "value",
            "`extends` must be \"builtin\" (add to the built-in file); leave it out to replace the built-in file".into(),
        ));
        return None;
    }
    let blank = " ".repeat(span.len());
    text.replace_range(span, &blank);
    Some((text, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extends_line_is_blanked_and_offsets_kept() {
        let mut errs = RuleErrors::default();
        let text = "# mine\nextends = \"builtin\" # add\n[[verb]]\nlemma = 'x'\n".to_string();
        let (out, ext) = take_extends("p", text.clone(), &mut errs).unwrap_or_default();
        assert!(ext && errs.is_empty());
        assert_eq!(out.len(), text.len());
        assert!(!out.contains("extends"));
        assert_eq!(out.find("[[verb]]"), text.find("[[verb]]"));
    }

    #[test]
    fn extends_with_another_value_is_an_error_at_its_line() {
        let mut errs = RuleErrors::default();
        let got = take_extends("d/verbs.toml", "\nextends = 'mine'\n".into(), &mut errs);
        assert!(got.is_none());
        assert_eq!(errs.0.len(), 1);
        assert_eq!(
            (errs.0[0].path.as_str(), errs.0[0].line),
            ("d/verbs.toml", 2)
        );
    }

    #[test]
    fn a_key_inside_a_table_is_not_the_top_level_extends() {
        let mut errs = RuleErrors::default();
        let text = "[[verb]]\nextends = 'x'\n".to_string();
        let (out, ext) = take_extends("p", text.clone(), &mut errs).unwrap_or_default();
        assert!(!ext && errs.is_empty() && out == text);
    }

    #[test]
    fn virtual_lines_map_back_to_their_file() {
        let l = Layered::new(
            "verbs.toml",
            Mode::Extend,
            vec![
                ("<builtin>/verbs.toml".into(), "a\nb\n".into()),
                ("u/verbs.toml".into(), "c\nd\n".into()),
            ],
        );
        // "a\nb\n" + "\n" + "c\nd\n": c is on virtual line 4
        assert_eq!(l.locate_line(2), ("<builtin>/verbs.toml", 2));
        assert_eq!(l.locate_line(4), ("u/verbs.toml", 1));
        assert_eq!(l.locate_line(5), ("u/verbs.toml", 2));
        assert_eq!(&l.virtual_text[l.parts[1].start..], "c\nd\n");
        let mut d = Diagnostic {
            path: "verbs.toml".into(),
            line: 5,
            col: 1,
            kind: "duplicate".into(),
            message: "id `x` is used twice (first on line 4)".into(),
            snippet: None,
        };
        l.remap(&mut d);
        assert_eq!((d.path.as_str(), d.line), ("u/verbs.toml", 2));
        assert_eq!(d.message, "id `x` is used twice (first on line 1)");
    }
}
