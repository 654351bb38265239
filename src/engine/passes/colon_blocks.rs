//! Colon blocks: `Cruz continued:` or `X issued the following statement:`
//! closing a paragraph, and the next paragraph opening with a quotation.
//!
//! When the introduction already made a draft whose content ends at the
//! colon ("Reyes explained his objections:"), the quotation is its next
//! segment. Otherwise the introduction's last sentence and the quoted
//! paragraph are read as one paragraph — a view over the two lines with
//! the line break read as a space, in the text's own offsets — so the
//! usual `{speaker} {cue} : {quote}` patterns apply across the break; the
//! direct drafts whose cue is in the introduction and whose segments are
//! all in the quoted paragraph are kept.
//!
//! ```text
//! Cruz continued:
//! "We will not back down."
//! → direct ["We will not back down."] Cruz
//! ```

use super::{colon_labels, continuations, join_split_quotes};
use crate::engine::doc::{is_boilerplate, Doc, Paragraph};
use crate::engine::draft::{kind_with_block_quote, Draft};
use crate::engine::{find, overlaps, overlaps_any, Range};
use crate::record::Kind;
use crate::rules::RuleSet;
use crate::text::{Masked, Para, MASK_CLOSE, MASK_INSIDE, MASK_OPEN};

/// Adds the quotations of colon blocks to the drafts (sorted by start).
pub(crate) fn run(rules: &RuleSet, doc: &Doc, drafts: &mut Vec<Draft>) {
    let text = doc.text;
    let mut found = Vec::new();
    for pair in doc.paras.windows(2) {
        let (intro, next) = (&pair[0], &pair[1]);
        let Some(((ss, se), q)) = block(text, intro, next) else {
            continue;
        };
        if drafts.iter().any(|d| overlaps_any(&d.spans, q)) {
            continue;
        }
        // "Reyes explained his objections:" already made a draft: the
        // quotation is its next segment
        let colon = ss + text[ss..se].trim_end().len();
        if let Some(d) = drafts.iter_mut().find(|d| {
            d.cue.is_some_and(|c| overlaps(c, (ss, se)))
                && d.spans.last().is_some_and(|&(_, e)| {
                    text[e..colon]
                        .trim_end_matches([':', ' ', '.', '"', '”', '’', '\''])
                        .is_empty()
                })
        }) {
            d.spans.push(q);
            d.kind = kind_with_block_quote(d.kind);
            continue;
        }
        if drafts
            .iter()
            .any(|d| d.cue.is_some_and(|c| overlaps(c, (ss, se))))
        {
            continue;
        }
        found.extend(across(rules, text, intro.index, (ss, se), next.span()));
    }
    if !found.is_empty() {
        drafts.extend(found);
        drafts.sort_by_key(|d| d.spans[0].0);
    }
}

/// The introduction's last sentence and the next paragraph's first
/// quotation, when `intro` ends in a colon and `next` opens with a quote.
fn block(text: &str, intro: &Paragraph, next: &Paragraph) -> Option<(Range, Range)> {
    let (i, n) = (intro.span(), next.span());
    let line = text[i.start..i.end].trim_end();
    let quoted = text[n.start..n.end]
        .trim_start()
        .starts_with(['"', '“', '\'', '‘', '«']);
    if !line.ends_with(':') || !quoted || intro.boilerplate {
        return None;
    }
    let q = next.masked.quotes.first()?.inner;
    Some((*intro.sentences.last()?, q))
}

/// The direct drafts of the sentence `(ss, se)` read on into the paragraph
/// `next`: the cue before the line break, every segment after it.
fn across(rules: &RuleSet, text: &str, pi: usize, (ss, se): Range, next: Para) -> Vec<Draft> {
    // the boilerplate rules see the two lines as one
    if is_boilerplate(
        rules,
        &format!("{} {}", &text[ss..se], &text[next.start..next.end]),
    ) {
        return Vec::new();
    }
    let view = Para {
        start: ss,
        end: next.end,
    };
    let mut masked = Masked::new(text, view);
    // the line break (and any blanks around it) is read as spaces, byte for
    // byte, so every offset stays the text's own
    let mut bytes = std::mem::take(&mut masked.text).into_bytes();
    for b in &mut bytes[se - ss..next.start - ss] {
        if !matches!(*b, MASK_OPEN | MASK_INSIDE | MASK_CLOSE) {
            *b = b' ';
        }
    }
    masked.text = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    let paras = [Paragraph::new(rules, text, pi, masked, false)];
    let mut drafts = find::find(rules, text, &paras);
    join_split_quotes::run(text, &paras, &mut drafts);
    continuations::run(text, &paras, &mut drafts, rules.separate_continued_quotes);
    drafts.sort_by_key(|d| d.spans[0].0);
    // the two lines are one line here: no colon label finds support
    // outside it
    colon_labels::drop_all(text, &mut drafts);
    drafts.retain(|d| {
        d.kind == Kind::Direct
            && d.spans.iter().all(|&(a, _)| a >= next.start)
            && d.cue.is_some_and(|(_, e)| e <= se)
    });
    drafts
}

#[cfg(test)]
mod tests {
    use crate::engine::doc::Doc;
    use crate::engine::find::find;
    use crate::RuleSet;

    fn run(text: &str) -> Vec<(String, Vec<String>)> {
        let rules = RuleSet::embedded().unwrap();
        let doc = Doc::new(&rules, text);
        let mut drafts = find(&rules, text, &doc.paras);
        super::run(&rules, &doc, &mut drafts);
        drafts
            .iter()
            .map(|d| {
                let who = d.speaker.as_ref().map_or(String::new(), |m| m.name.clone());
                (
                    who,
                    d.spans
                        .iter()
                        .map(|&(s, e)| text[s..e].to_string())
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn a_quoted_paragraph_after_a_colon_is_attributed() {
        let got = run("Senator Ted Cruz continued:\n\"We will not back down.\"");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].1, ["We will not back down."]);
        assert!(got[0].0.contains("Cruz"), "{got:?}");
    }

    #[test]
    fn without_a_colon_nothing_is_read_across() {
        let got = run("Senator Ted Cruz continued.\n\"We will not back down.\"");
        assert!(got.is_empty(), "{got:?}");
    }
}
