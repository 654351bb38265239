//! Stage 3: the follow-on passes. Each takes the [`Doc`](super::doc::Doc)
//! (or its paragraphs) and the drafts, and changes only what its header
//! says; none rebuilds what an earlier stage made.
//!
//! In the order the engine runs them:
//! - [`split_conjoined`] (inside the find stage, per match): a second cue
//!   in a reported clause;
//! - [`quoted_labels`] (right after the find stage): a transcript line
//!   opening with a quotation mark, `"WALLACE: …`;
//! - [`signed_quotes`] (right after the find stage): a lone quotation
//!   signed by a dash and a name;
//! - [`headline_quotes`] (right after the find stage): `'…': Union leader
//!   attacks plan`;
//! - [`join_split_quotes`]: `"A," he said, "B."`;
//! - [`continuations`]: a sentence that is only a quotation continues the
//!   last direct quote;
//! - [`colon_labels`]: a colon label stands only when its name appears
//!   elsewhere, or labels on neighbouring lines make an exchange;
//! - [`colon_blocks`]: `X said:` closing a paragraph, the quotation in the
//!   next;
//! - [`colon_quotes`]: `Christie gloated: "…"`, a lead with no known cue
//!   ending in a colon and a quotation;
//! - [`short_content`]: `Cruz tweeted a warning. "…"`;
//! - [`reported_speech`]: a cue-less sentence in reported mood (German
//!   Konjunktiv I) continues the last speaker (off unless the lexicon lists
//!   `reported_speech_verbs`);
//! - [`quotes_in_content`]: a quotation inside an indirect content is also
//!   a direct draft (off unless patterns.toml says `quotes_in_content =
//!   "separate"`);
//! - [`name_quotes`] (after the find stage and again at the end): a short
//!   quotation of capitalised words names something and is no direct
//!   quote (off unless patterns.toml sets `quoted_names_max_words`);
//! - [`subject_quotes`] (last): a quotation no rule attributed is a direct
//!   quote of its sentence's subject (off unless patterns.toml says
//!   `subject_quotes = true`).

pub(crate) mod colon_blocks;
pub(crate) mod colon_labels;
pub(crate) mod colon_quotes;
pub(crate) mod continuations;
pub(crate) mod headline_quotes;
pub(crate) mod join_split_quotes;
pub(crate) mod name_quotes;
pub(crate) mod quoted_labels;
pub(crate) mod quotes_in_content;
pub(crate) mod reported_speech;
pub(crate) mod short_content;
pub(crate) mod signed_quotes;
pub(crate) mod split_conjoined;
pub(crate) mod subject_quotes;

use super::doc::Paragraph;
use super::draft::Draft;

/// The paragraph of `paras` with this index (`paras` is sorted by index;
/// a colon block passes a one-paragraph view).
pub(crate) fn paragraph(paras: &[Paragraph], index: usize) -> Option<&Paragraph> {
    paras
        .get(paras.partition_point(|p| p.index < index))
        .filter(|p| p.index == index)
}

/// Adds the drafts a pass made to `drafts`, keeping them in text order (by
/// where their content starts).
pub(crate) fn add_in_text_order(drafts: &mut Vec<Draft>, added: Vec<Draft>) {
    if added.is_empty() {
        return;
    }
    drafts.extend(added);
    drafts.sort_by_key(|d| d.spans[0].0);
}

/// The drafts of `drafts` (in the find stage's order) grouped by the
/// sentence they were found in, as index ranges.
pub(crate) fn by_sentence(drafts: &[Draft]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut j = 0;
    while j < drafts.len() {
        let at = drafts[j].found_in;
        let k = j + drafts[j..].iter().take_while(|d| d.found_in == at).count();
        out.push(j..k);
        j = k;
    }
    out
}
