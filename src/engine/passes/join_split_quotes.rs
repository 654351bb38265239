//! Split quotes: `"A," he said, "B."` and `"A," she told CNN in May: "B."`
//! — a quotation after a direct draft's cue and speaker, in the same
//! sentence, with only a short phrase ending in a comma or colon between,
//! is the same quote's next segment — unless another draft of the sentence
//! already holds that quotation (`"A," he said, adding, "B."`: "B" has its
//! own cue, and PolNeAR gives it an attribution of its own).
//!
//! ```text
//! "We will win," Trump said, "and we will win big."
//! → one direct draft, segments ["We will win,", "and we will win big."]
//! ```

use super::{by_sentence, paragraph};
use crate::engine::doc::Paragraph;
use crate::engine::draft::Draft;
use crate::engine::speaker::lower::SplitWsExt;
use crate::engine::{overlaps_any, Range};
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
        // the content the sentence's drafts hold before any joining
        let held: Vec<Range> = drafts[group.clone()]
            .iter()
            .flat_map(|d| d.spans.iter().copied())
            .collect();
        for d in drafts[group].iter_mut().filter(|d| d.kind == Kind::Direct) {
            join(text, para, se, &held, d);
        }
    }
}

fn join(text: &str, para: &Paragraph, se: usize, held: &[Range], d: &mut Draft) {
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
        gap.split_ws().nth(MAX_GAP_WORDS).is_none() && !gap.contains(['.', ';', '"', '“', '”']);
    if short && gap.ends_with([',', ':']) && !overlaps_any(held, q.inner) {
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
    fn a_quote_with_its_own_cue_stays_apart() {
        let rules = RuleSet::embedded().unwrap();
        let text = "\"The road is shut,\" she said, adding, \"It opens in May.\"";
        let doc = Doc::new(&rules, text);
        let mut drafts = find(&rules, text, &doc.paras);
        assert_eq!(drafts.len(), 2);
        super::run(text, &doc.paras, &mut drafts);
        let segs: Vec<Vec<&str>> = (drafts.iter())
            .map(|d| d.spans.iter().map(|&(s, e)| &text[s..e]).collect())
            .collect();
        assert_eq!(segs, [["The road is shut,"], ["It opens in May."]]);
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
