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
///
/// With `separate` (patterns.toml `continued_quotes = "separate"`, as the
/// German pack has it) a continued quotation is a draft of its own with the
/// last direct quote's speaker, added at the end (the caller sorts).
pub(crate) fn run(text: &str, paras: &[Paragraph], drafts: &mut Vec<Draft>, separate: bool) {
    let mut own: Vec<Draft> = Vec::new();
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
            let continues =
                d.para == pi || (d.para + 1 == pi && si == 0 && (continues_prev || q.double));
            if !continues {
                continue;
            }
            d.para = pi;
            if separate {
                let mut c = d.clone();
                c.spans = vec![q.inner];
                c.found_in = (pi, si);
                own.push(c);
            } else {
                d.spans.push(q.inner);
            }
        }
    }
    drafts.extend(own);
}

#[cfg(test)]
mod tests {
    use crate::engine::{doc::Doc, find::find};
    use crate::RuleSet;

    fn segments(text: &str) -> Vec<Vec<String>> {
        let rules = RuleSet::embedded().unwrap();
        let doc = Doc::new(&rules, text);
        let mut drafts = find(&rules, text, &doc.paras);
        super::run(text, &doc.paras, &mut drafts, false);
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

    /// `continued_quotes = "separate"`: the continued quotation is a draft
    /// of its own, with the same speaker.
    #[test]
    fn separate_continued_quotes_make_their_own_draft() {
        let rules = RuleSet::embedded().unwrap();
        let text = "\"We will win,\" Trump said. \"We will win big.\"";
        let doc = Doc::new(&rules, text);
        let mut drafts = find(&rules, text, &doc.paras);
        super::run(text, &doc.paras, &mut drafts, true);
        let got: Vec<(String, String)> = drafts
            .iter()
            .map(|d| {
                let (s, e) = d.spans[0];
                let who = d.speaker.as_ref().map_or(String::new(), |m| m.name.clone());
                (text[s..e].to_string(), who)
            })
            .collect();
        assert_eq!(
            got,
            [
                ("We will win,".to_string(), "Trump".to_string()),
                ("We will win big.".to_string(), "Trump".to_string())
            ]
        );
    }

    #[test]
    fn a_line_between_ends_the_chain() {
        let got = segments("\"We will win,\" Trump said.\nAdvertisement\n\"We will win big.\"");
        assert_eq!(got, [["We will win,"]]);
    }
}
