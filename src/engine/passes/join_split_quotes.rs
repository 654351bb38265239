//! Split quotes: `"A," he said, "B."` and `"A," she told CNN in May: "B."`
//! — a quotation after a direct draft's cue and speaker, in the same
//! sentence, with only a short phrase ending in a comma or colon between,
//! is the same quote's next segment.
//!
//! ```text
//! "We will win," Trump said, "and we will win big."
//! → one direct draft, segments ["We will win,", "and we will win big."]
//! ```

use super::{by_sentence, paragraph};
use crate::engine::doc::Paragraph;
use crate::engine::draft::Draft;
use crate::record::Kind;

/// At most this many words stand between the cue or speaker and the next
/// segment (`said X, director of … in London, "…"`).
const MAX_GAP_WORDS: usize = 16;

/// Joins split quotes in every sentence's drafts.
pub(crate) fn run(text: &str, paras: &[Paragraph], drafts: &mut [Draft]) {
    for group in by_sentence(drafts) {
        let (pi, si) = drafts[group.start].found_in;
        let Some(para) = paragraph(paras, pi) else {
            continue;
        };
        let (_, se) = para.sentences[si];
        for d in drafts[group].iter_mut().filter(|d| d.kind == Kind::Direct) {
            join(text, para, se, d);
        }
    }
}

fn join(text: &str, para: &Paragraph, se: usize, d: &mut Draft) {
    let mut after = d.spans[d.spans.len() - 1].1;
    if let Some((_, ce)) = d.cue {
        after = after.max(ce);
    }
    if let Some(sp) = &d.speaker {
        after = after.max(sp.span.1);
    }
    // (quotes_in, not a scan of all the paragraph's quotations per draft)
    let Some(q) = para.masked.quotes_in(after, se).next() else {
        return;
    };
    let gap = text[after..q.outer.0].trim_end();
    let short =
        gap.split_whitespace().count() <= MAX_GAP_WORDS && !gap.contains(['.', ';', '"', '“', '”']);
    if short && gap.ends_with([',', ':']) {
        d.spans.push(q.inner);
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{doc::Doc, find::find};
    use crate::RuleSet;

    #[test]
    fn a_quote_after_the_cue_is_the_next_segment() {
        let rules = RuleSet::embedded().unwrap();
        let text = "\"We will win,\" Trump said, \"and we will win big.\"";
        let doc = Doc::new(&rules, text);
        let mut drafts = find(&rules, text, &doc.paras);
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].spans.len(), 1);
        super::run(text, &doc.paras, &mut drafts);
        let segs: Vec<&str> = drafts[0].spans.iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(segs, ["We will win,", "and we will win big."]);
    }

    #[test]
    fn a_sentence_stop_in_the_gap_keeps_them_apart() {
        let rules = RuleSet::embedded().unwrap();
        let text = "\"We will win,\" Trump said at the rally in Ohio. Later; \"and big.\"";
        let doc = Doc::new(&rules, text);
        let mut drafts = find(&rules, text, &doc.paras);
        let before: Vec<usize> = drafts.iter().map(|d| d.spans.len()).collect();
        super::run(text, &doc.paras, &mut drafts);
        let after: Vec<usize> = drafts.iter().map(|d| d.spans.len()).collect();
        assert_eq!(before, after);
    }
}
