//! Stage 2b: the template matches of each sentence, anchored at its cues,
//! and the drafts they make.
//!
//! Per sentence: the patterns its [`Cues`] allow, in rule order; each
//! match that reads as an attribution becomes a [`Draft`] (split where a
//! second cue starts, [`split_conjoined`]); a draft that overlaps one
//! already made in the sentence is dropped. The drafts of a sentence come
//! out sorted by where they start, sentences in text order.

use super::cues::Cues;
use super::doc::Paragraph;
use super::draft::{draft_from, Draft, Hit};
use super::passes::split_conjoined::{split_conjoined, Cuts};
use super::speaker::read::Reader;
use super::{overlaps_any, Range};
use crate::rules::{CompiledPattern, CueMemo, RuleSet};

/// The drafts of every sentence of `paras` (boilerplate lines hold none).
/// The patterns at one cue often read the same speaker phrase: it is read
/// once per text (one [`Reader::remembering`] serves every hit).
pub(crate) fn find(rules: &RuleSet, text: &str, paras: &[Paragraph]) -> Vec<Draft> {
    find_drafts(rules, &Reader::remembering(rules, text), paras)
}

fn find_drafts(rules: &RuleSet, reads: &Reader, paras: &[Paragraph]) -> Vec<Draft> {
    // room for a draft per 256 bytes of text, which few texts outgrow
    let mut drafts: Vec<Draft> = Vec::with_capacity(reads.text.len() / 256);
    // the `{cue}` table of a sentence, shared by its patterns (its buffers
    // serve every sentence)
    let mut memo = CueMemo::default();
    // the cuts of a sentence's clauses, shared by its patterns
    let mut cuts = Cuts::default();
    for para in paras.iter().filter(|p| !p.boilerplate) {
        for (si, &sentence) in para.sentences.iter().enumerate() {
            let sent_first = drafts.len();
            let cues = Cues::of(rules, masked_sentence(para, sentence));
            memo.forget();
            cuts.clear();
            for pat in rules.patterns.iter().filter(|p| cues.allows(&p.needs)) {
                let at = (para.index, si);
                run_pattern(
                    rules,
                    reads,
                    para,
                    pat,
                    sentence,
                    at,
                    sent_first,
                    (&mut drafts, &mut memo, &mut cuts),
                );
            }
            drafts[sent_first..].sort_by_key(|d| d.spans[0].0);
        }
    }
    drafts
}

/// A sentence of a paragraph in its masked view.
pub(crate) fn masked_sentence(para: &Paragraph, (ss, se): Range) -> &str {
    let base = para.masked.para.start;
    &para.masked.text[ss - base..se - base]
}

/// Every match of one pattern in one sentence; `drafts[sent_first..]` are
/// the drafts already made in the sentence.
#[allow(clippy::too_many_arguments)]
fn run_pattern<'t>(
    rules: &RuleSet,
    reads: &Reader<'t>,
    para: &Paragraph,
    pat: &CompiledPattern,
    (ss, se): Range,
    found_in: (usize, usize),
    sent_first: usize,
    (drafts, memo, cuts): (&mut Vec<Draft>, &mut CueMemo, &mut Cuts<'t>),
) {
    let text = reads.text;
    let hay = masked_sentence(para, (ss, se));
    // A match that yields no record ("generals who agree with him,
    // Benjamin said …" read as "… agree …") must not hide a later cue: the
    // search resumes after its cue.
    let mut from = 0;
    loop {
        let mut resume = None;
        for caps in pat.regex.captures_iter_shared(hay.as_bytes(), from, memo) {
            // byte classes can end a group inside a character: skip such matches
            if caps
                .iter()
                .flatten()
                .any(|m| !hay.is_char_boundary(m.start()) || !hay.is_char_boundary(m.end()))
            {
                continue;
            }
            let hit = Hit::new(reads, &para.masked, pat, &caps, ss);
            let Ok(d) = hit.and_then(|h| draft_from(&h, found_in, &drafts[sent_first..])) else {
                resume = caps.name("cue").map(|c| c.end());
                break;
            };
            let (d, second) = split_conjoined(rules, text, &para.masked, d, cuts);
            // a clause cut short ("…, while union officials said …") leaves
            // the rest of the match to later cues: resume after the cut
            let cut_at = d
                .spans
                .last()
                .map(|s| s.1 - ss)
                .filter(|_| second.is_none());
            let whole_end = caps.iter().next().flatten().map_or(0, |m| m.end());
            for d in std::iter::once(d).chain(second) {
                // records of earlier sentences cannot overlap this one's
                let clash = drafts[sent_first..].iter().any(|o| {
                    d.spans.iter().any(|&s| overlaps_any(&o.spans, s))
                        || o.cue.is_some_and(|c| d.cue == Some(c))
                });
                if !clash {
                    drafts.push(d);
                }
            }
            if let Some(cut) = cut_at.filter(|&c| c < whole_end && c > from) {
                resume = Some(cut);
                break;
            }
        }
        match resume {
            Some(r) if r > from => from = r,
            _ => break,
        }
    }
}
