//! The error listing of `whosaid eval --errors FILE`: one JSON line per
//! miss (gold not found), false hit (a record matching no gold) and wrong
//! speaker (content found, speaker not), with the sentence around it and,
//! for a near miss, what overlapped it on the other side, so a rule author
//! can read what the rules missed and decide the next rule.
//!
//! Offsets in the listing are UTF-8 byte offsets (`spans`), like whosaid's
//! records, with code point offsets beside them (`char_spans`).
//!
//! Pure: entries are built here and written by the caller.

use serde::Serialize;

use super::score::Seg;
use crate::record::SEGMENT_JOINER;
use crate::rules::RuleSet;

/// What went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// A gold attribution no record matched (content overlap below 1/2).
    Miss,
    /// A record that matched no gold attribution.
    FalseHit,
    /// The content matched, the speaker did not.
    WrongSpeaker,
}

/// The gold side of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoldSide {
    /// The content text; fragments joined with ` … `.
    pub content: String,
    /// UTF-8 byte offsets of the content.
    pub spans: Vec<[usize; 2]>,
    /// Code point offsets of the content.
    pub char_spans: Vec<[usize; 2]>,
    /// The source text, or `null` for an attribution without a source.
    pub speaker: Option<String>,
}

/// The predicted side of an entry (a whosaid record). A span that could
/// not be used (out of range, not on a character boundary) has an empty
/// `content` and is shown as given, under `spans` for byte offsets or
/// `char_spans` for code points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PredSide {
    /// The content text.
    pub content: String,
    /// UTF-8 byte offsets of the content.
    pub spans: Vec<[usize; 2]>,
    /// Code point offsets of the content.
    pub char_spans: Vec<[usize; 2]>,
    /// The resolved speaker name, or `null` for an unattributed record.
    pub speaker: Option<String>,
    /// The words at the attribution site.
    pub mention: Option<String>,
}

/// One line of the error listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorEntry {
    /// The gold document id.
    pub doc: String,
    /// Miss, false hit or wrong speaker.
    #[serde(rename = "type")]
    pub kind: ErrorKind,
    /// The id of the rule that produced the record (for a miss, the record
    /// that overlaps the gold most, if any).
    pub rule: Option<String>,
    /// Whether the attribution counts in the direct subset (the gold's flag
    /// for a miss or wrong speaker, the record's for a false hit).
    pub direct: bool,
    /// The gold attribution. For a false hit, the one the record overlaps
    /// most (a boundary problem), or `null` when it overlaps none.
    pub gold: Option<GoldSide>,
    /// The record. For a miss, the one that overlaps the gold most (too
    /// short, too long, one half of a split quote), or `null` when none does.
    pub pred: Option<PredSide>,
    /// The sentence(s) around the content and its speaker, as whosaid
    /// splits sentences.
    pub sentence: String,
}

/// Byte↔code point conversion tables for one document.
pub struct Offsets {
    /// Byte offset of each code point offset (one extra for the end).
    char_to_byte: Vec<usize>,
}

impl Offsets {
    /// Builds the tables for `text`.
    pub fn new(text: &str) -> Offsets {
        let mut char_to_byte: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        char_to_byte.push(text.len());
        Offsets { char_to_byte }
    }

    /// The byte offset of code point offset `c` (clamped to the end).
    pub fn byte(&self, c: usize) -> usize {
        self.char_to_byte[c.min(self.char_to_byte.len() - 1)]
    }

    /// Byte spans of code point segments.
    pub fn byte_spans(&self, segs: &[Seg]) -> Vec<[usize; 2]> {
        segs.iter()
            .map(|&(s, e)| [self.byte(s), self.byte(e)])
            .collect()
    }

    /// The code point offset of byte offset `b`, or `None` when `b` is not
    /// a character boundary of the text.
    pub fn char_of(&self, b: usize) -> Option<usize> {
        self.char_to_byte.binary_search(&b).ok()
    }
}

/// The text of code point segments, joined as records join split quotes.
pub fn segments_text(text: &str, offsets: &Offsets, segs: &[Seg]) -> String {
    segs.iter()
        .map(|&(s, e)| &text[offsets.byte(s)..offsets.byte(e)])
        .collect::<Vec<_>>()
        .join(SEGMENT_JOINER)
}

/// The whole sentences of `text` that overlap the byte ranges `spans`,
/// from the first such sentence to the last; the ranges themselves when no
/// sentence overlaps them, and "" when there are none. Sentences are split
/// as the engine splits them with `rules` (abbreviations, cue verbs).
/// The same rule gives records their `context` field.
pub fn context(text: &str, spans: &[[usize; 2]], rules: &RuleSet) -> String {
    crate::context::context(text, spans, rules)
}

/// Sorts entries: by document, then by where the content starts, then by
/// kind, then by the rest (so equal positions still have one order).
pub fn sort(entries: &mut [ErrorEntry]) {
    let key = |e: &ErrorEntry| {
        let spans = e
            .gold
            .as_ref()
            .map(|g| g.spans.clone())
            .or_else(|| e.pred.as_ref().map(|p| p.spans.clone()))
            .unwrap_or_default();
        (e.doc.clone(), spans, e.kind)
    };
    entries.sort_by(|a, b| {
        key(a)
            .cmp(&key(b))
            .then_with(|| {
                a.pred
                    .as_ref()
                    .map(|p| &p.spans)
                    .cmp(&b.pred.as_ref().map(|p| &p.spans))
            })
            .then_with(|| a.rule.cmp(&b.rule))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_convert_both_ways() {
        let o = Offsets::new("é“x”");
        assert_eq!(o.byte(1), 2);
        assert_eq!(o.byte(3), 6);
        assert_eq!(o.char_of(5), Some(2));
        assert_eq!(o.char_of(3), None); // inside “
        assert_eq!(o.byte_spans(&[(0, 4)]), [[0, 9]]);
    }

    #[test]
    fn context_is_the_whole_sentence() {
        let text = "First sentence here. The mayor said taxes will rise. Last one.";
        let s = text.find("taxes").unwrap();
        let rules = RuleSet::embedded().unwrap();
        let got = context(text, &[[s, s + 5]], &rules);
        assert_eq!(got, "The mayor said taxes will rise.");
    }
}
