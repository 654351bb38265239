//! Inputs: turning the bytes of a file into one or more articles (text
//! plus metadata). Plain text is read as it is; other formats (HTML, JSONL
//! feeds) have their own readers.
//!
//! No I/O happens here: callers read the bytes and pass them in.

use crate::record::ArticleMeta;

/// One article ready for extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// What records name as `doc`: the path as given, a feed id, or `file:line`.
    pub doc: String,
    /// The text extraction runs on; record offsets refer to it.
    pub text: String,
    pub meta: ArticleMeta,
}

/// How to read an input's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputKind {
    /// Decide from the file name and content.
    #[default]
    Auto,
    Text,
    Html,
    Jsonl,
}

/// A problem with part of an input; the rest of it is still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputWarning {
    pub doc: String,
    pub message: String,
}

/// Reads one input (`name` is the path as given) into articles. Problems
/// that do not stop the whole input (a malformed feed line, invalid UTF-8)
/// come back as warnings next to the articles that were read.
pub fn read_articles(
    name: &str,
    bytes: &[u8],
    kind: InputKind,
) -> (Vec<Article>, Vec<InputWarning>) {
    let _ = kind;
    let mut warnings = Vec::new();
    let text = decode_utf8(name, bytes, &mut warnings);
    (
        vec![Article {
            doc: name.to_string(),
            text,
            meta: ArticleMeta::default(),
        }],
        warnings,
    )
}

/// Decodes UTF-8, replacing invalid sequences with U+FFFD. One warning
/// names the first bad byte offset; record offsets refer to the decoded text.
pub fn decode_utf8(name: &str, bytes: &[u8], warnings: &mut Vec<InputWarning>) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            warnings.push(InputWarning {
                doc: name.to_string(),
                message: format!(
                    "invalid UTF-8 at byte {}; decoded lossily (offsets refer to the decoded text)",
                    e.valid_up_to()
                ),
            });
            String::from_utf8_lossy(bytes).into_owned()
        }
    }
}
