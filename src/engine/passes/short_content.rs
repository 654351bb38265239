//! A quotation spelling out a short content: `Cruz tweeted a warning.
//! "Missouri: remember …"` — a sentence that is only a quotation, right
//! after a draft (not direct) whose short reported content ends the
//! sentence before it in the same paragraph, is that draft's next segment,
//! and the draft becomes mixed.
//!
//! ```text
//! Cruz tweeted a warning. "Missouri: remember the vote."
//! → mixed [a warning] + ["Missouri: remember the vote."] Cruz
//! ```

use crate::engine::doc::{lone_quote, Doc};
use crate::engine::draft::{kind_with_spelled_out_quote, Draft};
use crate::engine::speaker::lower::SplitWsExt;
use crate::engine::Range;
use crate::record::Kind;

/// A content of at most this many words can be spelled out ("a warning").
const MAX_SHORT_CONTENT_WORDS: usize = 4;

/// Adds spelled-out quotations to the drafts (sorted by start).
pub(crate) fn run(doc: &Doc, drafts: &mut [Draft]) {
    let text = doc.text;
    // Drafts come sorted by where they start. Every segment of every draft,
    // sorted by start, with the furthest end so far: whether any segment
    // overlaps a span is then one binary search (a long text stays linear).
    let mut segs: Vec<Range> = drafts.iter().flat_map(|d| d.spans.clone()).collect();
    segs.sort_unstable();
    let mut max_end = Vec::with_capacity(segs.len());
    for &(_, e) in &segs {
        max_end.push(max_end.last().map_or(e, |&m: &usize| m.max(e)));
    }
    let claimed = |(s, e): Range| {
        let k = segs.partition_point(|&(a, _)| a < e);
        k > 0 && max_end[k - 1] > s
    };
    let starting_in = |drafts: &[Draft], (s, e): Range| {
        let from = drafts.partition_point(|d| d.spans[0].0 < s);
        let to = drafts.partition_point(|d| d.spans[0].0 < e);
        from..to.max(from)
    };
    for para in &doc.paras {
        let span = para.span();
        let inside = |d: &Draft| d.spans[0].1 <= span.end;
        if !drafts[starting_in(drafts, (span.start, span.end))]
            .iter()
            .any(inside)
        {
            continue;
        }
        for pair in para.sentences.windows(2) {
            let ((ps, pe), (ss, se)) = (pair[0], pair[1]);
            let Some(q) = lone_quote(text, &para.masked, (ss, se)) else {
                continue;
            };
            if claimed((ss, se)) {
                continue;
            }
            let prev_end = ps + text[ps..pe].trim_end_matches(['.', ':', ' ']).len();
            let range = starting_in(drafts, (ps, prev_end));
            let Some(d) = drafts[range].iter_mut().rev().find(|d| {
                d.kind != Kind::Direct
                    && d.spans.len() == 1
                    && d.spans[0].1 == prev_end
                    && (text[d.spans[0].0..d.spans[0].1].split_ws())
                        .nth(MAX_SHORT_CONTENT_WORDS)
                        .is_none()
            }) else {
                continue;
            };
            // (a later sentence never overlaps this one: the index stands)
            d.spans.push(q.inner);
            d.kind = kind_with_spelled_out_quote(d.kind);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::doc::Doc;
    use crate::engine::find::find;
    use crate::record::Kind;
    use crate::RuleSet;

    #[test]
    fn the_quotation_spells_out_the_content() {
        let rules = RuleSet::embedded().unwrap();
        let text = "Cruz tweeted a warning. \"Missouri: remember the vote.\"";
        let doc = Doc::new(&rules, text);
        let mut drafts = find(&rules, text, &doc.paras);
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].spans.len(), 1);
        super::run(&doc, &mut drafts);
        assert_eq!(drafts[0].spans.len(), 2);
        assert_eq!(drafts[0].kind, Kind::Mixed);
    }
}
