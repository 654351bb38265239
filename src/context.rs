//! The `context` of a record: the whole sentence or sentences that hold
//! its quote and its attribution (speaker and cue), cut from the article,
//! so a fact-checker can read a quote in place without opening the article.
//!
//! Sentences are split as the engine splits them (quotation marks masked,
//! abbreviations from the rules do not end a sentence). A quote continued
//! across paragraphs gets every paragraph from its first sentence to its
//! last, line breaks included. This module owns the rule; the engine calls
//! [`fill`] once per article, and `whosaid eval`'s error listing uses
//! [`context`] for its `sentence` field.

use crate::record::{Record, Span};
use crate::rules::RuleSet;
use crate::text::{self, Para};

/// Sentence ranges of an article's paragraphs, split on first use.
struct Sentences<'a> {
    text: &'a str,
    rules: &'a RuleSet,
    paras: Vec<Para>,
    split: Vec<Option<Vec<(usize, usize)>>>,
}

impl<'a> Sentences<'a> {
    fn new(text: &'a str, rules: &'a RuleSet) -> Self {
        let paras = text::paragraphs(text);
        let split = vec![None; paras.len()];
        Sentences {
            text,
            rules,
            paras,
            split,
        }
    }

    /// The text from the start of the first sentence overlapping one of
    /// `spans` to the end of the last; the spans' own extent when no
    /// sentence overlaps them; "" without spans.
    fn around(&mut self, spans: &[Span]) -> &'a str {
        let (Some(lo), Some(hi)) = (
            spans.iter().map(|s| s[0]).min(),
            spans.iter().map(|s| s[1]).max(),
        ) else {
            return "";
        };
        let hi_probe = hi.max(lo + 1);
        let (mut start, mut end) = (lo, hi);
        let first = self.paras.partition_point(|p| p.end <= lo);
        for pi in first..self.paras.len() {
            let para = self.paras[pi];
            if para.start >= hi_probe {
                break;
            }
            for &(s, e) in self.sentences_of(pi) {
                if e > lo && s < hi_probe {
                    start = start.min(s);
                    end = end.max(e);
                }
            }
        }
        self.text.get(start..end).unwrap_or_default()
    }

    fn sentences_of(&mut self, pi: usize) -> &[(usize, usize)] {
        let (text, rules, para) = (self.text, self.rules, self.paras[pi]);
        self.split[pi].get_or_insert_with(|| {
            let masked = text::Masked::new(text, para);
            let is_abbrev = |w: &str| rules.abbreviations.contains(w);
            let is_cue = |w: &str| rules.verb(w).is_some();
            text::sentences(&masked, text, is_abbrev, is_cue)
        })
    }
}

/// The whole sentences of `text` that overlap the byte ranges `spans`
/// (see [`Sentences::around`]).
pub fn context(text: &str, spans: &[Span], rules: &RuleSet) -> String {
    Sentences::new(text, rules).around(spans).to_string()
}

/// The spans a record's context must cover: its content, the speaker's
/// mention and the cue.
fn record_spans(rec: &Record) -> Vec<Span> {
    let mut spans = rec.spans.clone();
    spans.extend(rec.speaker.as_ref().map(|s| s.span));
    spans.extend(rec.cue.as_ref().map(|c| c.span));
    spans
}

/// Sets the `context` of each record of one article (`text` is the text
/// the records' offsets refer to).
pub fn fill(rules: &RuleSet, text: &str, records: &mut [Record]) {
    if records.is_empty() {
        return;
    }
    let mut sentences = Sentences::new(text, rules);
    for rec in records {
        rec.context = sentences.around(&record_spans(rec)).to_string();
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
        fill(&rules, text, &mut recs);
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
