//! Headline quotes: a line that opens with a quotation, then a colon and a
//! clause naming who said it — `'This is a betrayal': Union leader attacks
//! pension plan`. The quotation is a direct quote of the clause's subject
//! (rule `headline-quote-speaker`; the clause's verb is its cue). A line
//! ending in a full stop is no headline.
//!
//! Runs right after the find stage, with the other line passes.
//!
//! ```text
//! 'This is a betrayal': Union leader attacks pension plan   → direct [This is a betrayal] Union leader
//! ```

use crate::engine::doc::Doc;
use crate::engine::draft::Draft;
use crate::engine::speaker::read::clause_subject;
use crate::record::SpeakerType;
use crate::rules::RuleSet;
use rustc_hash::FxHashSet;

/// The rule id of the records this pass makes.
const RULE: &str = "headline-quote-speaker";

/// A headline is at most this many bytes.
const MAX_HEADLINE_BYTES: usize = 160;

/// Adds a draft for every headline that quotes its subject.
pub(crate) fn run(rules: &RuleSet, doc: &Doc, drafts: &mut Vec<Draft>) {
    let text = doc.text;
    // the paragraphs that already hold a draft, collected once
    let taken: FxHashSet<usize> = drafts.iter().map(|d| d.found_in.0).collect();
    let mut added = false;
    for para in doc.paras.iter().filter(|p| !p.boilerplate) {
        let span = para.span();
        let line = text[span.start..span.end].trim_end();
        if line.len() > MAX_HEADLINE_BYTES
            || line.ends_with(['.', '"', '”', '\''])
            || taken.contains(&para.index)
        {
            continue;
        }
        let Some(q) = para.masked.quotes.first() else {
            continue;
        };
        if q.outer.0 != span.start || !q.closed {
            continue;
        }
        let Some(rest) = text[q.outer.1..span.start + line.len()].strip_prefix(':') else {
            continue;
        };
        let from = span.start + line.len() - rest.len();
        let Some(speaker) = clause_subject(rules, text, from, span.start + line.len()) else {
            continue;
        };
        if speaker.kind == SpeakerType::Pronoun {
            continue;
        }
        // the verb after the subject is the cue
        let after = &text[speaker.span.1..span.start + line.len()];
        let lead = after.len() - after.trim_start().len();
        let verb_len = after[lead..]
            .find(char::is_whitespace)
            .unwrap_or(after.len() - lead);
        let cue = (speaker.span.1 + lead, speaker.span.1 + lead + verb_len);
        drafts.push(Draft::direct(q.inner, speaker, cue, RULE, (para.index, 0)));
        added = true;
    }
    if added {
        drafts.sort_by_key(|d| d.found_in);
    }
}
