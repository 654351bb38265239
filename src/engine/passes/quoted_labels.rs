//! Quoted interview labels: a transcript line that opens with a quotation
//! mark (`"WALLACE: Is that a promise?`) is masked whole as one quotation,
//! so no template sees its label. A line whose quotation opens the line
//! and starts with a name in capitals and a colon becomes a direct quote
//! of that label (rule `quoted-transcript-label`); the colon labels pass
//! then keeps it only when the name is supported, as any other label.
//!
//! Runs right after the find stage, before continuations, so such a line
//! is never read as the continuation of the quote before it.
//!
//! ```text
//! "BRENNAN: Is that a promise?   → direct [Is that a promise?] BRENNAN
//! ```

use crate::engine::doc::Doc;
use crate::engine::draft::{trim_content, Draft};
use crate::engine::speaker::read::{read_speaker, Side};
use crate::rules::RuleSet;

/// The rule id of the records this pass makes.
const RULE: &str = "quoted-transcript-label";

/// A label is at most this many bytes ("MR. TRUMP", "SEN. WARREN").
const MAX_LABEL_BYTES: usize = 32;

/// Adds a draft for every line that opens with a quoted label.
pub(crate) fn run(rules: &RuleSet, doc: &Doc, drafts: &mut Vec<Draft>) {
    let text = doc.text;
    let mut added = false;
    for para in doc.paras.iter().filter(|p| !p.boilerplate) {
        let Some(q) = para.masked.quotes.first() else {
            continue;
        };
        if q.outer.0 != para.span().start || drafts.iter().any(|d| d.found_in.0 == para.index) {
            continue;
        }
        let inner = &text[q.inner.0..q.inner.1];
        let Some(colon) = inner.find(':') else {
            continue;
        };
        if !is_label(&inner[..colon]) {
            continue;
        }
        let (ls, le) = (q.inner.0, q.inner.0 + colon);
        let Some(speaker) = read_speaker(rules, text, ls, le, Side::BeforeCue) else {
            continue;
        };
        let (cs, ce) = trim_content(text, (le + 1, q.inner.1));
        if ce <= cs {
            continue;
        }
        drafts.push(Draft::direct(
            (cs, ce),
            speaker,
            (le, le + 1),
            RULE,
            (para.index, 0),
        ));
        added = true;
    }
    if added {
        // the find stage's order: by sentence (a stable sort keeps the
        // order within one)
        drafts.sort_by_key(|d| d.found_in);
    }
}

/// A name in capitals: letters, with spaces, stops, apostrophes and hyphens.
fn is_label(s: &str) -> bool {
    s.len() <= MAX_LABEL_BYTES
        && s.chars().filter(|c| c.is_uppercase()).count() >= 2
        && s.starts_with(char::is_uppercase)
        && s.chars()
            .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '’' | '-'))
}

#[cfg(test)]
mod tests {
    use super::is_label;

    #[test]
    fn labels_are_names_in_capitals() {
        assert!(is_label("BRENNAN"));
        assert!(is_label("MR. TRUMP"));
        assert!(!is_label("Brennan"));
        assert!(!is_label("A"));
        assert!(!is_label("THE PLAN IS 12 PAGES"));
    }
}
