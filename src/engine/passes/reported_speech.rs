//! Reported speech without a cue: a sentence whose verb is in a mood that
//! itself marks speech as reported (German Konjunktiv I, "Er sei
//! zufrieden.") continues the last attribution before it, as an indirect
//! quote of the same speaker. The words that mark the mood are the lexicon
//! list `reported_speech_verbs`; the list is empty in the English rules,
//! so there the pass does nothing.
//!
//! ```text
//! Der Minister sagte, die Lage sei ernst. Man habe alles versucht.
//! → indirect [die Lage sei ernst] der Minister
//!   indirect [Man habe alles versucht] der Minister (reported-speech)
//! ```
//!
//! A chain is only followed so far: the speaker's attribution must be in
//! the same paragraph ([`MAX_PARAGRAPHS_BACK`] is 0: on the German train
//! split, following a chain into the next paragraphs found more reported
//! sentences but more of them with the wrong speaker; attribution F1 0.402
//! against 0.390 with two paragraphs).

use crate::engine::doc::Doc;
use crate::engine::draft::Draft;
use crate::engine::find::masked_sentence;
use crate::record::Kind;
use crate::rules::RuleSet;

/// The rule name records made by this pass carry.
pub(crate) const RULE: &str = "reported-speech";

/// How many paragraphs back the last speaker may stand.
const MAX_PARAGRAPHS_BACK: usize = 0;

/// A reported sentence holds at least this many words.
const MIN_WORDS: usize = 3;

/// Adds a draft for every cue-less sentence in reported mood that follows
/// an attribution. `drafts` is sorted by start and stays so.
pub(crate) fn run(rules: &RuleSet, doc: &Doc, drafts: &mut Vec<Draft>) {
    let marks = &rules.lexicon.reported_speech_verbs;
    if marks.is_empty() || drafts.is_empty() {
        return;
    }
    let text = doc.text;
    let mut added: Vec<Draft> = Vec::new();
    // the drafts (by index into `drafts`) read so far, and the last one with
    // a speaker: its speaker and the paragraph it reaches to
    let mut next = 0;
    let mut last: Option<(usize, Draft)> = None;
    for para in &doc.paras {
        if para.boilerplate {
            last = None;
            continue;
        }
        for (si, &(ss, se)) in para.sentences.iter().enumerate() {
            let mut claimed = false;
            while next < drafts.len() && drafts[next].spans[0].0 < se {
                let d = &drafts[next];
                if d.spans.iter().any(|&(s, e)| s < se && e > ss) {
                    claimed = true;
                }
                if d.speaker.is_some() {
                    last = Some((para.index, d.clone()));
                }
                next += 1;
            }
            // a draft that began earlier and reaches into this sentence
            if !claimed {
                claimed = drafts[..next]
                    .iter()
                    .rev()
                    .take(8)
                    .any(|d| d.spans.iter().any(|&(s, e)| s < se && e > ss));
            }
            if claimed {
                continue;
            }
            let Some((at, prev)) = last.as_ref() else {
                continue;
            };
            if para.index > at + MAX_PARAGRAPHS_BACK {
                continue;
            }
            let masked = masked_sentence(para, (ss, se));
            let words: Vec<&str> = masked
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            if words.len() < MIN_WORDS || !words.iter().any(|w| marks.contains(&w.to_lowercase())) {
                continue;
            }
            let body = text[ss..se].trim_end();
            let body = body.trim_end_matches(['.', '!', '?', ';', ':']);
            let span = (ss, ss + body.len());
            if span.1 <= span.0 {
                continue;
            }
            let d = Draft {
                kind: Kind::Indirect,
                spans: vec![span],
                speaker: prev.speaker.clone(),
                cue: None,
                via: prev.via.clone(),
                rule: RULE.to_string(),
                para: para.index,
                found_in: (para.index, si),
            };
            last = Some((para.index, d.clone()));
            added.push(d);
        }
    }
    super::add_in_text_order(drafts, added);
}

#[cfg(test)]
mod tests {
    use crate::engine::doc::Doc;
    use crate::RuleSet;

    fn reported(rules: &RuleSet, text: &str) -> Vec<(String, String)> {
        let doc = Doc::new(rules, text);
        crate::engine::drafts(rules, &doc)
            .iter()
            .filter(|d| d.rule == super::RULE)
            .map(|d| {
                let (s, e) = d.spans[0];
                let sp = d.speaker.as_ref().map_or(String::new(), |m| m.name.clone());
                (text[s..e].to_string(), sp)
            })
            .collect()
    }

    #[test]
    fn a_konjunktiv_chain_keeps_its_speaker() {
        let rules =
            RuleSet::load_lang(crate::rules::Source::Embedded, crate::rules::Lang::De).unwrap();
        let text = "Der Bürgermeister Karl Brandt sagte, die Brücke sei sicher. \
                    Man habe sie erst im Mai geprüft. Die Stadt baut weiter.";
        let got = reported(&rules, text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "Man habe sie erst im Mai geprüft");
        assert!(got[0].1.contains("Brandt"), "{got:?}");
    }

    #[test]
    fn without_an_earlier_speaker_nothing_is_reported() {
        let rules =
            RuleSet::load_lang(crate::rules::Source::Embedded, crate::rules::Lang::De).unwrap();
        assert!(reported(&rules, "Die Brücke sei sicher. Man habe sie geprüft.").is_empty());
    }

    /// The English rules list no reported-speech verbs: the pass is off.
    #[test]
    fn the_english_rules_turn_the_pass_off() {
        let rules = RuleSet::embedded().unwrap();
        assert!(rules.lexicon.reported_speech_verbs.is_empty());
    }
}
