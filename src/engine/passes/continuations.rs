//! Continuations: a sentence that is only a quotation, with no cue of its
//! own, continues the last direct quote as a further segment — in the same
//! paragraph, or as the first sentence of the next one when the last
//! paragraph ended inside an open quotation or the quotation is in double
//! marks (PolNeAR joins a quote continued across paragraphs into one
//! attribution). A boilerplate line ends the chain.
//!
//! ```text
//! "We will win," Trump said. "We will win big."
//! → one direct draft, segments ["We will win,", "We will win big."]
//! ```

use crate::engine::doc::{lone_quote, Paragraph};
use crate::engine::draft::Draft;
use crate::record::Kind;

/// Adds continued quotations to the drafts (in the find stage's order:
/// grouped by sentence, sentences in text order).
pub(crate) fn run(text: &str, paras: &[Paragraph], drafts: &mut [Draft]) {
    // the last direct draft, and whether its paragraph ended inside a quote
    let mut last_direct: Option<usize> = None;
    let mut open_quote_continues = false;
    let mut next = 0;
    for para in paras {
        if para.boilerplate {
            last_direct = None;
            continue;
        }
        let pi = para.index;
        let continues_prev = open_quote_continues;
        open_quote_continues = para.masked.quotes.last().is_some_and(|q| !q.closed);
        for (si, &sentence) in para.sentences.iter().enumerate() {
            let first = next;
            next += drafts[next..]
                .iter()
                .take_while(|d| d.found_in == (pi, si))
                .count();
            if let Some(i) = (first..next)
                .rev()
                .find(|&i| drafts[i].kind == Kind::Direct)
            {
                last_direct = Some(i);
            }
            if next > first {
                continue;
            }
            let Some(q) = lone_quote(text, &para.masked, sentence) else {
                continue;
            };
            let Some(li) = last_direct else { continue };
            let d = &mut drafts[li];
            if d.para == pi {
                d.spans.push(q.inner);
            } else if d.para + 1 == pi && si == 0 && (continues_prev || q.double) {
                d.spans.push(q.inner);
                d.para = pi;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{doc::Doc, find::find};
    use crate::RuleSet;

    fn segments(text: &str) -> Vec<Vec<String>> {
        let rules = RuleSet::embedded().unwrap();
        let doc = Doc::new(&rules, text);
        let mut drafts = find(&rules, text, &doc.paras);
        super::run(text, &doc.paras, &mut drafts);
        drafts
            .iter()
            .map(|d| {
                d.spans
                    .iter()
                    .map(|&(s, e)| text[s..e].to_string())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_lone_quotation_continues_the_last_direct_quote() {
        let got = segments("\"We will win,\" Trump said. \"We will win big.\"");
        assert_eq!(got, [["We will win,", "We will win big."]]);
        // across a paragraph break, in double marks
        let got = segments("\"We will win,\" Trump said.\n\"We will win big.\"");
        assert_eq!(got, [["We will win,", "We will win big."]]);
    }

    #[test]
    fn a_line_between_ends_the_chain() {
        let got = segments("\"We will win,\" Trump said.\nAdvertisement\n\"We will win big.\"");
        assert_eq!(got, [["We will win,"]]);
    }
}
