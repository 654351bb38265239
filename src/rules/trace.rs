//! Why a pattern matched a sentence at a cue, or the template slot where
//! it failed: the pattern part of `whosaid explain`.
//!
//! Nothing here runs during extraction: the engine keeps only each
//! pattern's template parts (see [`Part`]), and a trace compiles what it
//! needs when it is asked for, so matching costs the same with or without
//! it.
//!
//! A trace finds each occurrence of a pattern's cue in the masked sentence
//! (its `{cue}` with the auxiliaries, or its `[literal]`), pins the cue
//! there, and grows the template outward from it: first the parts before
//! the cue, nearest first, then the parts after it. The first part that no
//! longer lets the template match is the slot that failed.
//!
//! ```
//! use whosaid::rules::trace::{trace_sentence, Outcome};
//! use whosaid::RuleSet;
//! let rules = RuleSet::embedded().unwrap();
//! let traces = trace_sentence(&rules, "Trump said.");
//! let t = traces.iter().find(|t| t.pattern == "speaker-cue-content").unwrap();
//! assert_eq!(t.outcome, Outcome::FailedAt { part: 3, token: "{content}".into() });
//! ```

use super::template::compile_regex_bytes;
use super::RuleSet;

/// One token of a template, as the trace needs it.
#[derive(Debug, Clone)]
pub struct Part {
    /// The token as written in the template (`{speaker}`, `that`,
    /// `[according to]`, `{appos?}`).
    pub token: String,
    /// The regex the token compiled to (optional tokens included).
    pub regex: String,
    /// The token is the pattern's cue (`{cue}` or `[...]`).
    pub cue: bool,
}

/// What happened to one pattern at one cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The whole template matches with its cue here.
    Matched,
    /// The template stops matching at this part (its index among the
    /// template's tokens, and the token as written).
    FailedAt { part: usize, token: String },
    /// The sentence holds no cue of this pattern.
    NoCue,
}

/// One pattern tried at one cue of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternTrace {
    /// The pattern's id.
    pub pattern: String,
    /// The cue's byte range in the sentence (`None` with [`Outcome::NoCue`]).
    pub cue: Option<(usize, usize)>,
    pub outcome: Outcome,
}

/// Traces every pattern of `rules` at every cue of one masked sentence
/// (see `text::Masked`; a sentence without quotation marks is its own
/// masked text), in pattern order, then cue order.
pub fn trace_sentence(rules: &RuleSet, masked: &str) -> Vec<PatternTrace> {
    let mut out = Vec::new();
    for pat in &rules.patterns {
        let traces = trace_pattern(&pat.id, &pat.parts, masked);
        out.extend(traces);
    }
    out
}

/// Traces one pattern's template parts at every cue of a masked sentence.
pub fn trace_pattern(id: &str, parts: &[Part], masked: &str) -> Vec<PatternTrace> {
    let one = |cue, outcome| PatternTrace {
        pattern: id.to_string(),
        cue,
        outcome,
    };
    let Some(ci) = parts.iter().position(|p| p.cue) else {
        return vec![one(None, Outcome::NoCue)];
    };
    // a cue part is never optional in the embedded rules; an optional one
    // is looked for without its `?`
    let Ok(cue_re) = compile_regex_bytes(strip_optional(&parts[ci].regex)) else {
        return vec![one(None, Outcome::NoCue)];
    };
    let hay = masked.as_bytes();
    let cues: Vec<(usize, usize)> = cue_re
        .find_iter(hay)
        .filter(|m| m.end() > m.start())
        .map(|m| (m.start(), m.end()))
        .collect();
    if cues.is_empty() {
        return vec![one(None, Outcome::NoCue)];
    }
    cues.into_iter()
        .map(|cue| one(Some(cue), outcome_at(parts, ci, hay, cue)))
        .collect()
}

/// A part's regex without the optional wrapper `(?:…)?`.
fn strip_optional(regex: &str) -> &str {
    regex
        .strip_prefix("(?:")
        .and_then(|r| r.strip_suffix(")?"))
        .unwrap_or(regex)
}

/// The outcome of the template with its cue pinned at `cue`.
fn outcome_at(parts: &[Part], ci: usize, hay: &[u8], cue: (usize, usize)) -> Outcome {
    let text = &hay[cue.0..cue.1];
    let wordy = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric());
    // The cue is replaced by a marker no other part can take for a cue: a
    // word for a word cue (so the word boundaries around it hold), a
    // control byte otherwise.
    let marker: Vec<u8> = if wordy(text.first()) && wordy(text.last()) {
        let mut m = b"zqxcue".to_vec();
        while hay.windows(m.len()).any(|w| w.eq_ignore_ascii_case(&m)) {
            m.push(b'q');
        }
        m
    } else {
        vec![0x04]
    };
    let mut pinned = hay[..cue.0].to_vec();
    pinned.extend_from_slice(&marker);
    pinned.extend_from_slice(&hay[cue.1..]);
    let escaped: String = marker.iter().map(|b| format!(r"\x{b:02x}")).collect();
    let regexes: Vec<String> = parts
        .iter()
        .map(|p| {
            if p.cue {
                format!("(?P<cue>(?-u:{escaped}))")
            } else {
                p.regex.clone()
            }
        })
        .collect();
    let matches = |range: std::ops::Range<usize>| {
        compile_regex_bytes(&regexes[range].join(r"\s*")).is_ok_and(|r| r.is_match(&pinned))
    };
    let failed = |part: usize| Outcome::FailedAt {
        part,
        token: parts[part].token.clone(),
    };
    for j in (0..ci).rev() {
        if !matches(j..ci + 1) {
            return failed(j);
        }
    }
    for k in ci + 1..parts.len() {
        if !matches(0..k + 1) {
            return failed(k);
        }
    }
    Outcome::Matched
}

#[cfg(test)]
mod tests {
    use super::{trace_sentence, Outcome, PatternTrace};
    use crate::text::{paragraphs, Masked};
    use crate::RuleSet;

    /// The traces of one sentence, masked as the engine masks it.
    fn traces(sentence: &str) -> Vec<PatternTrace> {
        let rules = RuleSet::embedded().unwrap();
        let para = paragraphs(sentence)[0];
        let masked = Masked::new(sentence, para);
        trace_sentence(&rules, &masked.text)
    }

    fn of<'a>(traces: &'a [PatternTrace], id: &str) -> Vec<&'a PatternTrace> {
        let found: Vec<_> = traces.iter().filter(|t| t.pattern == id).collect();
        assert!(!found.is_empty(), "no trace of {id}");
        found
    }

    #[test]
    fn a_quotation_before_its_speaker_matches_at_the_verb() {
        let sentence = "\"We will win,\" Trump said.";
        let t = traces(sentence);
        let q = of(&t, "quote-speaker-cue");
        assert_eq!(q.len(), 1);
        let (s, e) = q[0].cue.unwrap();
        assert_eq!(&sentence[s..e], "said");
        assert_eq!(q[0].outcome, Outcome::Matched);
    }

    #[test]
    fn a_missing_content_fails_at_the_content_slot() {
        let t = traces("Trump said.");
        let p = of(&t, "speaker-cue-content");
        assert_eq!(
            p[0].outcome,
            Outcome::FailedAt {
                part: 3,
                token: "{content}".into()
            }
        );
        // before the cue, the comma that should close the content fails
        let c = of(&t, "content-speaker-cue");
        assert_eq!(
            c[0].outcome,
            Outcome::FailedAt {
                part: 2,
                token: ",".into()
            }
        );
    }

    #[test]
    fn every_cue_is_tried_and_a_sentence_without_one_has_none() {
        let t = traces("Trump said he lost, and Clinton said she won.");
        let p = of(&t, "speaker-cue-content");
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(p.iter().all(|p| p.outcome == Outcome::Matched), "{p:?}");
        let t = traces("The weather was fine on Tuesday.");
        for p in of(&t, "speaker-cue-content") {
            assert_eq!(p.outcome, Outcome::NoCue);
            assert_eq!(p.cue, None);
        }
    }

    #[test]
    fn a_literal_cue_is_traced_where_it_stands() {
        let sentence = "The talks failed, according to officials.";
        let t = traces(sentence);
        let p = of(&t, "content-according-to-speaker");
        let (s, e) = p[0].cue.unwrap();
        assert_eq!(&sentence[s..e], "according to");
        assert_eq!(p[0].outcome, Outcome::Matched);
    }
}
