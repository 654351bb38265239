//! Signed quotations: a sentence that is only a quotation, followed by a
//! dash and the name of whoever said it, in the same paragraph or on the
//! next line — the way round-ups of reactions and opinion pages print a
//! quote. The quotation is a direct quote of that name (rule
//! `quote-dash-signature`; the dash is its cue).
//!
//! Runs right after the find stage, before continuations, so the quotation
//! is not taken for the continuation of an earlier quote.
//!
//! ```text
//! "We will keep fighting." ― Rep. Jane Doe (D-Calif.)   → direct [We will keep fighting.] Jane Doe
//! ```

use crate::engine::doc::{lone_quote, Doc};
use crate::engine::draft::Draft;
use crate::engine::speaker::read::{read_speaker, Side};
use crate::engine::Range;
use crate::record::SpeakerType;
use crate::rules::RuleSet;
use rustc_hash::FxHashSet;

/// The rule id of the records this pass makes.
const RULE: &str = "quote-dash-signature";

/// Dashes that open a signature (a hyphen too: `- Sen. Jane Doe.` on a
/// line of its own, as fact-check round-ups sign a claim).
const SIGNATURE_DASHES: [char; 4] = ['―', '—', '–', '-'];

/// A signature is at most this many bytes ("Rep. Jane Doe (D-Calif.)").
const MAX_SIGNATURE_BYTES: usize = 80;

/// Adds a draft for every lone quotation signed by the next sentence.
pub(crate) fn run(rules: &RuleSet, doc: &Doc, drafts: &mut Vec<Draft>) {
    let text = doc.text;
    // every sentence in text order, with its paragraph and index
    let sentences: Vec<(usize, usize, Range)> = (doc.paras.iter())
        .filter(|p| !p.boilerplate)
        .flat_map(|p| (p.sentences.iter().enumerate()).map(move |(si, &s)| (p.index, si, s)))
        .collect();
    // the sentences that already hold a draft, collected once
    let taken: FxHashSet<(usize, usize)> = drafts.iter().map(|d| d.found_in).collect();
    let mut added = false;
    for (k, &(qp, qi, qs)) in sentences.iter().enumerate() {
        if taken.contains(&(qp, qi)) {
            continue;
        }
        let Some(para) = super::paragraph(&doc.paras, qp) else {
            continue;
        };
        let Some(q) = lone_quote(text, &para.masked, qs) else {
            continue;
        };
        // the signature ends the quotation's sentence, or is the next one
        // (in the same paragraph or opening the next)
        let signed = if text[q.outer.1..qs.1].trim().is_empty() {
            sentences.get(k + 1).and_then(|&(sp, _, ss)| {
                let next = sp == qp || (sp == qp + 1 && qi + 1 == para_len(doc, qp));
                next.then(|| signature(rules, text, ss)).flatten()
            })
        } else {
            signature(rules, text, (q.outer.1, qs.1))
        };
        let Some((cue, speaker)) = signed else {
            continue;
        };
        drafts.push(Draft::direct(q.inner, speaker, cue, RULE, (qp, qi)));
        added = true;
    }
    if added {
        drafts.sort_by_key(|d| d.found_in);
    }
}

fn para_len(doc: &Doc, index: usize) -> usize {
    super::paragraph(&doc.paras, index).map_or(0, |p| p.sentences.len())
}

/// A sentence that is a dash and a person's or a body's name: the dash's
/// range and the name.
fn signature(
    rules: &RuleSet,
    text: &str,
    (s, e): Range,
) -> Option<(Range, super::super::speaker::read::Mention)> {
    let sentence = &text[s..e];
    let lead = sentence.len() - sentence.trim_start().len();
    let dash = sentence[lead..].chars().next()?;
    if !SIGNATURE_DASHES.contains(&dash) {
        return None;
    }
    let cue = (s + lead, s + lead + dash.len_utf8());
    // "-Jane Doe, Philadelphia.": the name ends at its first comma
    let name_end = s
        + lead
        + sentence[lead..]
            .find(',')
            .unwrap_or(sentence[lead..].trim_end().len());
    if name_end - cue.1 > MAX_SIGNATURE_BYTES {
        return None;
    }
    let m = read_speaker(rules, text, cue.1, name_end, Side::AfterCue)?;
    matches!(m.kind, SpeakerType::Person | SpeakerType::Organization).then_some((cue, m))
}
