//! Colon quotations: a sentence whose lead ends in a colon and whose rest is
//! one quotation, when the lead has no speech verb the patterns know
//! ("Mr. Christie gloated:", "Fallon fired back:", "Here's Clinton in
//! 1992:"). The quotation is a direct quote of the lead's subject — the noun
//! phrase that opens it, followed by its verb — or, in a round-up line
//! (`HEADLINE - Jane Doe: "…"`), of the name after the lead's last dash.
//! The colon is the record's cue (rule `lead-colon-quote`).
//!
//! Runs after the colon blocks, so every attribution the patterns make
//! stands first; a sentence that already has a draft is left alone.
//!
//! ```text
//! Mr. Lowe gloated: "I told you so."   → direct [I told you so.] Mr. Lowe
//! Fenwick fired back: "Not a chance."  → direct [Not a chance.] Fenwick
//! ```

use crate::engine::doc::{Doc, Paragraph};
use crate::engine::draft::trim_content;
use crate::engine::draft::Draft;
use crate::engine::overlaps_any;
use crate::engine::speaker::lower::SplitWsExt;
use crate::engine::speaker::read::{
    clause_subject, read_speaker, verb_second_subject, Mention, Side,
};
use crate::record::SpeakerType;
use crate::rules::{Gender, RuleSet};

/// The rule id of the records this pass makes.
const RULE: &str = "lead-colon-quote";

/// A quotation needs this many words to be quoted speech rather than a
/// title or a slogan on a sign.
const MIN_QUOTE_WORDS: usize = 4;

/// A lead is at most this many bytes: a longer one is a sentence that
/// only ends in a colon by chance.
const MAX_LEAD_BYTES: usize = 160;

/// Dashes that set a round-up line's headline off from its byline.
const LEAD_DASHES: [&str; 6] = [" - ", " — ", " – ", " ― ", " -", " --"];

/// Adds a draft for every lead-and-colon sentence ending in a quotation.
pub(crate) fn run(rules: &RuleSet, doc: &Doc, drafts: &mut Vec<Draft>) {
    let text = doc.text;
    let mut added = Vec::new();
    // the sentences that already have a draft, looked up once per sentence
    let taken: rustc_hash::FxHashSet<(usize, usize)> = drafts.iter().map(|d| d.found_in).collect();
    for para in doc.paras.iter().filter(|p| !p.boilerplate) {
        for (si, &(ss, se)) in para.sentences.iter().enumerate() {
            if taken.contains(&(para.index, si)) {
                continue;
            }
            let Some(q) = para.masked.quotes_in(ss, se).next() else {
                continue;
            };
            // the quotation closes the sentence and is the only one in it
            let tail = &text[q.outer.1..se];
            if !tail
                .trim()
                .trim_matches(['.', ',', ';', '!', '?', ')'])
                .is_empty()
                || para.masked.quotes_in(q.outer.1, se).next().is_some()
                || !q.closed
            {
                continue;
            }
            let lead = text[ss..q.outer.0].trim_end();
            let Some(head) = lead.strip_suffix(':') else {
                continue;
            };
            let inner = &text[q.inner.0..q.inner.1];
            if head.is_empty()
                || head.len() > MAX_LEAD_BYTES
                || inner.split_ws().take(MIN_QUOTE_WORDS).count() < MIN_QUOTE_WORDS
                || !inner.trim_start().starts_with(char::is_uppercase)
                || drafts.iter().any(|d| overlaps_any(&d.spans, q.inner))
            {
                continue;
            }
            let colon = ss + head.len();
            let Some(speaker) = lead_speaker(rules, text, ss, colon) else {
                continue;
            };
            added.push(Draft::direct(
                q.inner,
                speaker,
                (colon, colon + 1),
                RULE,
                (para.index, si),
            ));
        }
    }
    for para in doc.paras.iter().filter(|p| !p.boilerplate) {
        if let Some(d) = headline_claim(rules, text, para, drafts) {
            added.push(d);
        }
    }
    super::add_in_text_order(drafts, added);
}

/// A headline's speaker has at most this many words ("Dr. Ben Carson").
const MAX_HEADLINE_SPEAKER_WORDS: usize = 4;
/// A headline's claim has at most this many words.
const MAX_HEADLINE_CLAIM_WORDS: usize = 20;

/// `Issa: Clinton's 'Honesty Is In Question'`: a one-sentence paragraph
/// of a short name, a colon and a claim that quotes words. The claim is the
/// name's quote when the name's last word appears elsewhere in the article
/// (as with transcript labels, "Update:" names nobody).
fn headline_claim(
    rules: &RuleSet,
    text: &str,
    para: &Paragraph,
    drafts: &[Draft],
) -> Option<Draft> {
    let [(ss, se)] = para.sentences[..] else {
        return None;
    };
    if drafts.iter().any(|d| d.found_in == (para.index, 0)) {
        return None;
    }
    let colon = ss + text[ss..se].find(':')?;
    let lead = &text[ss..colon];
    if lead.split_ws().nth(MAX_HEADLINE_SPEAKER_WORDS).is_some()
        || para.masked.quotes_in(ss, colon + 1).next().is_some()
    {
        return None;
    }
    let (cs, ce) = trim_content(text, (colon + 1, se));
    let claim = &text[cs..ce];
    if ce <= cs
        || claim.split_ws().nth(MAX_HEADLINE_CLAIM_WORDS).is_some()
        || para.masked.quotes_in(cs, se).next().is_none()
    {
        return None;
    }
    let m = read_speaker(rules, text, ss, colon, Side::BeforeCue)?;
    let last = m.name.split_ws().last()?;
    let elsewhere = text[..ss].contains(last) || text[se..].contains(last);
    let whole = m.span.0 == ss + (lead.len() - lead.trim_start().len());
    (whole && elsewhere && matches!(m.kind, SpeakerType::Person | SpeakerType::Organization))
        .then(|| Draft::direct((cs, ce), m, (colon, colon + 1), RULE, (para.index, 0)))
}

/// Who speaks in the lead `[s, colon)`: the name after a round-up dash,
/// else the subject of the lead's clause.
fn lead_speaker(rules: &RuleSet, text: &str, s: usize, colon: usize) -> Option<Mention> {
    let lead = &text[s..colon];
    let after_dash = LEAD_DASHES
        .iter()
        .filter_map(|d| lead.rfind(d).map(|i| i + d.len()))
        .max();
    let m = match after_dash {
        Some(i) => {
            let m = read_speaker(rules, text, s + i, colon, Side::AfterCue)?;
            // the whole byline is the name
            text[m.span.1..colon].trim().is_empty().then_some(m)?
        }
        // verb-second order: the subject may follow the verb
        // (it reads only a mention that may speak)
        None if rules.verb_second => return verb_second_subject(rules, text, s, colon),
        None => clause_subject(rules, text, s, colon)?,
    };
    // "Wait, it gets better:" — a pronoun of no person ("it", "you")
    // introduces no speech
    let speaks = match m.kind {
        SpeakerType::Pronoun => m.gender.is_some_and(|g| g != Gender::Other),
        k => matches!(
            k,
            SpeakerType::Person
                | SpeakerType::Organization
                | SpeakerType::Group
                | SpeakerType::Anonymous
        ),
    };
    speaks.then_some(m)
}

#[cfg(test)]
mod tests {
    use crate::engine::doc::Doc;
    use crate::RuleSet;

    /// This pass alone, with no find-stage drafts (a pattern such as
    /// speaker-colon-content may already read a `Name: claim` line, and the
    /// pass then leaves it be); each draft as (speaker, first content span).
    fn run(text: &str) -> Vec<(String, String)> {
        let rules = RuleSet::embedded().unwrap();
        let doc = Doc::new(&rules, text);
        let mut drafts = Vec::new();
        super::run(&rules, &doc, &mut drafts);
        drafts
            .iter()
            .map(|d| {
                let who = d.speaker.as_ref().map_or(String::new(), |m| m.name.clone());
                (who, text[d.spans[0].0..d.spans[0].1].to_string())
            })
            .collect()
    }

    #[test]
    fn a_lead_with_no_known_cue_gives_its_subject() {
        let got = run("Mr. Pettigrew gloated: \"I warned this council a year ago.\"");
        assert_eq!(
            got,
            [(
                "Pettigrew".to_string(),
                "I warned this council a year ago.".to_string()
            )]
        );
    }

    #[test]
    fn a_round_up_byline_after_a_dash_is_the_speaker() {
        let got = run("FARES TO RISE - Ruth Amankwah: \"Families will pay for this twice.\"");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "Ruth Amankwah");
    }

    #[test]
    fn a_headline_claim_quotes_a_name_the_article_repeats() {
        let text = "Lowe: Pier Plan 'A Waste Of Money'\n\nAnn Lowe spoke at the meeting.";
        let got = run(text);
        assert_eq!(
            got,
            [(
                "Lowe".to_string(),
                "Pier Plan 'A Waste Of Money'".to_string()
            )]
        );
        // a label the article never repeats names nobody
        assert!(run("Update: Pier Plan 'A Waste Of Money'\n\nThe council met.").is_empty());
    }

    #[test]
    fn leads_that_name_no_speaker_or_short_quotes_give_nothing() {
        assert!(run("Wait, it gets worse: \"Nobody has costed the pier.\"").is_empty());
        assert!(run("The sign on the door: \"Closed until further notice.\"").is_empty());
        assert!(run("Mr. Pettigrew gloated: \"Told you.\"").is_empty());
    }
}
