//! The `context` of a record: the whole sentence or sentences that hold
//! its quote and its attribution (speaker and cue), cut from the article,
//! so a fact-checker can read a quote in place without opening the article.
//!
//! The sentences are the engine's own: those of the article's `Doc`
//! (src/engine/doc.rs), split once for the patterns. A quote
//! continued across paragraphs gets every paragraph from its first sentence
//! to its last, line breaks included. This module owns the rule; the engine
//! calls [`fill`] once per article with its Doc, and `whosaid eval`'s error
//! listing uses [`context`] for its `sentence` field.

use crate::engine::doc::Doc;
use crate::record::{Record, Span};
use crate::rules::RuleSet;

/// The text from the start of the first sentence of `d` overlapping one of
/// `spans` to the end of the last; the spans' own extent when no sentence
/// overlaps them; "" without spans.
fn around<'t>(d: &Doc<'t>, spans: impl IntoIterator<Item = Span>) -> &'t str {
    let Some((lo, hi)) = spans.into_iter().fold(None, |b, [s, e]| match b {
        None => Some((s, e)),
        Some((lo, hi)) => Some((s.min(lo), e.max(hi))),
    }) else {
        return "";
    };
    let hi_probe = hi.max(lo + 1);
    let (mut start, mut end) = (lo, hi);
    let first = d.paras.partition_point(|p| p.span().end <= lo);
    for para in &d.paras[first..] {
        if para.span().start >= hi_probe {
            break;
        }
        // sentences are in text order: skip those ending before `lo`
        let from = para.sentences.partition_point(|&(_, e)| e <= lo);
        for &(s, e) in &para.sentences[from..] {
            if s >= hi_probe {
                break;
            }
            if e > lo {
                start = start.min(s);
                end = end.max(e);
            }
        }
    }
    d.text.get(start..end).unwrap_or_default()
}

/// The whole sentences of `text` that overlap the byte ranges `spans`
/// (see [`around`]).
pub fn context(text: &str, spans: &[Span], rules: &RuleSet) -> String {
    around(&Doc::new(rules, text), spans.iter().copied()).to_string()
}

/// The spans a record's context must cover: its content, the speaker's
/// mention and the cue.
fn record_spans(rec: &Record) -> impl Iterator<Item = Span> + '_ {
    let speaker = rec.speaker.as_ref().map(|s| s.span);
    let cue = rec.cue.as_ref().map(|c| c.span);
    rec.spans.iter().copied().chain(speaker).chain(cue)
}

/// Sets the `context` of each record of the article `d` (the records'
/// offsets refer to `d.text`).
pub(crate) fn fill(d: &Doc<'_>, records: &mut [Record]) {
    for rec in records {
        rec.context = around(d, record_spans(rec)).to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_is_the_sentence_of_quote_speaker_and_cue() {
        let rules = RuleSet::embedded().unwrap();
        let text = "Rain fell all day. \"We will rebuild,\" the mayor said on Monday. \
                    Shops stayed shut.\nA new paragraph.";
        let mut recs = crate::extract(&rules, "t", text);
        assert_eq!(recs.len(), 1, "{recs:?}");
        recs[0].context.clear();
        fill(&Doc::new(&rules, text), &mut recs);
        assert_eq!(
            recs[0].context,
            "\"We will rebuild,\" the mayor said on Monday."
        );
    }

    #[test]
    fn a_quote_with_its_attribution_in_the_next_sentence_takes_both() {
        let rules = RuleSet::embedded().unwrap();
        let text = "One. The plan is dead. Two.";
        let s = text.find("The plan").unwrap();
        let t = text.find("Two").unwrap();
        let got = context(text, &[[s, s + 4], [t, t + 3]], &rules);
        assert_eq!(got, "The plan is dead. Two.");
    }

    #[test]
    fn no_spans_no_context() {
        let rules = RuleSet::embedded().unwrap();
        assert_eq!(context("Some text.", &[], &rules), "");
    }

    #[test]
    fn spans_across_paragraphs_keep_the_line_break() {
        let rules = RuleSet::embedded().unwrap();
        let text = "First para ends here. \"Open quote runs on\nand ends here.\" Then more.";
        let a = text.find("Open").unwrap();
        let b = text.find("ends here.\"").unwrap();
        let got = context(text, &[[a, a + 4], [b, b + 4]], &rules);
        assert!(got.starts_with("\"Open quote"), "{got:?}");
        assert!(got.contains("runs on\nand ends here."), "{got:?}");
    }
}
