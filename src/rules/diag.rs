//! Diagnostics for rule files: `path:line:col: error[kind]: message`, with
//! the offending line and a caret under it.

use serde::de::DeserializeOwned;
use std::fmt;
use std::ops::Range;

/// One problem in a rule file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    /// 1-based line and column (in characters); 0 when the whole file is meant.
    pub line: usize,
    pub col: usize,
    /// A short class: toml, unknown-key, regex, slot, duplicate, example, ...
    pub kind: String,
    pub message: String,
    /// The source line, for the snippet.
    pub snippet: Option<String>,
}

impl Diagnostic {
    /// A problem with a whole file (unreadable, empty list).
    pub fn file(path: &str, kind: &str, message: String) -> Diagnostic {
        Diagnostic {
            path: path.to_string(),
            line: 0,
            col: 0,
            kind: kind.to_string(),
            message,
            snippet: None,
        }
    }

    /// A problem at a byte range of a file's text.
    pub fn at(
        path: &str,
        text: &str,
        span: Range<usize>,
        kind: &str,
        message: String,
    ) -> Diagnostic {
        let (line, col, snippet) = locate(text, span.start);
        Diagnostic {
            path: path.to_string(),
            line,
            col,
            kind: kind.to_string(),
            message,
            snippet: Some(snippet),
        }
    }
}

/// 1-based line and column (in characters) of a byte offset, and its line.
pub fn locate(text: &str, offset: usize) -> (usize, usize, String) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    let line = text[..offset].matches('\n').count() + 1;
    let col = text[line_start..offset].chars().count() + 1;
    (
        line,
        col,
        text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string(),
    )
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: error[{}]: {}", self.path, self.kind, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: error[{}]: {}",
                self.path, self.line, self.col, self.kind, self.message
            )?;
            if let Some(snippet) = &self.snippet {
                let pad: String = snippet
                    .chars()
                    .take(self.col.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                write!(f, "\n    | {snippet}\n    | {pad}^")?;
            }
            Ok(())
        }
    }
}

/// Every problem found while loading a rule set.
///
/// Its `Debug` form is its `Display` form: a test (or any caller) that
/// unwraps a failed load prints the same `path:line:col` diagnostics as
/// `whosaid rules check`, not a nested struct dump.
#[derive(Default, Clone, PartialEq, Eq)]
pub struct RuleErrors(pub Vec<Diagnostic>);

impl fmt::Debug for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\n{self}")
    }
}

impl RuleErrors {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        write!(f, "{} error(s) in the rules", self.0.len())
    }
}

impl std::error::Error for RuleErrors {}

/// Parses one TOML rule file, recording a located diagnostic on failure.
pub fn parse<T: DeserializeOwned>(path: &str, text: &str, errs: &mut RuleErrors) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let kind = if e.message().starts_with("unknown field") {
                "unknown-key"
            } else {
                "toml"
            };
            let msg = e.message().trim().replace('\n', " ");
            match e.span() {
                Some(span) => errs.push(Diagnostic::at(path, text, span, kind, msg)),
                None => errs.push(Diagnostic::file(path, kind, msg)),
            }
            None
        }
    }
}
