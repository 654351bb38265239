//! `whosaid explain`: what each stage of the engine decided for a sentence
//! or a paragraph — the quotations and cues found, each pattern tried at
//! each cue and the template slot where it failed ([`trace_sentence`]),
//! the drafts after each stage, the speaker reading and resolution, and
//! the records.
//!
//! The explanation runs the engine's own stages ([`super::drafts_seen`]),
//! so it cannot tell a different story from `whosaid extract`.
//!
//! ```
//! let rules = whosaid::RuleSet::embedded().unwrap();
//! let e = whosaid::engine::explain::explain(&rules, "\"We will win,\" Trump said.");
//! assert_eq!(e.records.len(), 1);
//! assert!(e.paragraphs[0].sentences[0].patterns.iter().any(|p| p.outcome == "matched"));
//! ```

use super::doc::{Doc, Paragraph};
use super::draft::{draft_from, Draft, Hit};
use super::find::masked_sentence;
use super::speaker::read::{Mention, Reader};
use super::{finish, overlaps, speaker, Range};
use crate::record::{ArticleMeta, Kind, Record, SpeakerType};
use crate::rules::trace::{trace_sentence, Outcome};
use crate::rules::{Captures, CompiledPattern, RuleSet};
use serde::Serialize;

/// What the engine decided, stage by stage.
#[derive(Debug, Serialize)]
pub struct Explanation {
    /// Stage 1 and 2: paragraphs, quotations, sentences, cues, patterns.
    pub paragraphs: Vec<ParagraphStep>,
    /// Stages 2 and 3: the drafts after each stage.
    pub stages: Vec<StageStep>,
    /// Stage 4: each draft's speaker as read and as resolved.
    pub speakers: Vec<SpeakerStep>,
    /// Stage 5: the records.
    pub records: Vec<Record>,
}

/// A text range and the text there.
#[derive(Debug, Serialize)]
pub struct Piece {
    pub span: [usize; 2],
    pub text: String,
}

/// One paragraph of the input.
#[derive(Debug, Serialize)]
pub struct ParagraphStep {
    pub index: usize,
    pub span: [usize; 2],
    /// A boilerplate line: no attribution is looked for in it.
    pub boilerplate: bool,
    pub quotations: Vec<Piece>,
    pub sentences: Vec<SentenceStep>,
}

/// One sentence, its cues, and every pattern tried there.
#[derive(Debug, Serialize)]
pub struct SentenceStep {
    pub span: [usize; 2],
    pub text: String,
    /// The sentence holds a speech-verb form.
    pub verb_cue: bool,
    /// The sentence holds a quotation.
    pub quote_cue: bool,
    pub patterns: Vec<PatternStep>,
}

/// One pattern at one cue of a sentence.
#[derive(Debug, Serialize)]
pub struct PatternStep {
    pub pattern: String,
    /// The sentence's cues allow the pattern (else the engine skips it).
    pub tried: bool,
    pub cue: Option<Piece>,
    /// `matched`, `failed at {slot} (part N)`, or `no cue`.
    pub outcome: String,
    /// The match made a draft (the find stage kept it).
    pub draft: bool,
    /// Why a pattern that matched where its cues let it be tried made no
    /// draft.
    pub no_draft: Option<String>,
}

/// The drafts after one stage.
#[derive(Debug, Serialize)]
pub struct StageStep {
    pub stage: String,
    /// The stage changed the drafts.
    pub changed: bool,
    pub drafts: Vec<DraftStep>,
}

/// One draft.
#[derive(Debug, PartialEq, Serialize)]
pub struct DraftStep {
    pub rule: String,
    pub kind: Kind,
    pub segments: Vec<String>,
    pub cue: Option<String>,
    pub speaker: Option<String>,
    pub via: Option<String>,
}

/// A speaker mention, as read at its cue and as resolved in the article.
#[derive(Debug, Serialize)]
pub struct SpeakerStep {
    pub mention: Piece,
    pub read_name: String,
    pub read_title: Option<String>,
    pub read_type: SpeakerType,
    pub gender: Option<String>,
    pub resolved_name: String,
    pub resolved_title: Option<String>,
}

/// Explains the engine's work on `text` (a sentence, a paragraph or an
/// article).
pub fn explain(rules: &RuleSet, text: &str) -> Explanation {
    explain_focus(rules, text, None)
}

/// Explains the engine's work on a whole article, reporting only what
/// touches the byte range `focus` (a line of it), when given.
pub fn explain_focus(rules: &RuleSet, text: &str, focus: Option<(usize, usize)>) -> Explanation {
    let in_focus = |r: Range| focus.is_none_or(|f| overlaps(r, f) || r == f);
    let doc = Doc::new(rules, text);
    let mut stages: Vec<StageStep> = Vec::new();
    let mut found: Vec<Draft> = Vec::new();
    let drafts = super::drafts_seen(rules, &doc, |stage, drafts| {
        if stage == "find" {
            found = drafts.to_vec();
        }
        let steps: Vec<DraftStep> = (drafts.iter())
            .filter(|d| touches(d, &in_focus))
            .map(|d| draft_step(text, d))
            .collect();
        let changed = stages.last().is_none_or(|s| s.drafts != steps);
        stages.push(StageStep {
            stage: stage.to_string(),
            changed,
            drafts: steps,
        });
    });
    let paragraphs = (doc.paras.iter())
        .filter(|p| in_focus((p.span().start, p.span().end)))
        .map(|p| paragraph_step(rules, text, p, &found))
        .collect();
    let resolved = speaker::resolve::resolve(rules, text, drafts);
    let speakers = (resolved.iter())
        .filter(|r| touches(&r.draft, &in_focus))
        .filter_map(|r| {
            let m = r.draft.speaker.as_ref()?;
            Some(speaker_step(text, m, r.name.as_ref()))
        })
        .collect();
    let records = finish::records("explain", text, &ArticleMeta::default(), resolved)
        .into_iter()
        .filter(|r| r.spans.iter().any(|s| in_focus((s[0], s[1]))))
        .collect();
    Explanation {
        paragraphs,
        stages,
        speakers,
        records,
    }
}

fn touches(d: &Draft, in_focus: &impl Fn(Range) -> bool) -> bool {
    d.spans.iter().any(|&s| in_focus(s)) || d.cue.is_some_and(in_focus)
}

fn piece(text: &str, (s, e): Range) -> Piece {
    Piece {
        span: [s, e],
        text: text[s..e].to_string(),
    }
}

fn paragraph_step(rules: &RuleSet, text: &str, p: &Paragraph, found: &[Draft]) -> ParagraphStep {
    let span = p.span();
    ParagraphStep {
        index: p.index,
        span: [span.start, span.end],
        boilerplate: p.boilerplate,
        quotations: (p.masked.quotes.iter())
            .map(|q| piece(text, q.outer))
            .collect(),
        sentences: (p.sentences.iter().enumerate())
            .map(|(si, &s)| sentence_step(rules, text, p, (si, s), found))
            .collect(),
    }
}

fn sentence_step(
    rules: &RuleSet,
    text: &str,
    p: &Paragraph,
    (si, (ss, se)): (usize, Range),
    found: &[Draft],
) -> SentenceStep {
    let masked = masked_sentence(p, (ss, se));
    let cues = super::cues::Cues::of(rules, masked);
    let patterns = trace_sentence(rules, masked)
        .into_iter()
        .map(|t| {
            let tried = (rules.patterns.iter())
                .find(|p| p.id == t.pattern)
                .is_some_and(|p| cues.allows(&p.needs));
            let cue = t.cue.map(|(a, b)| (ss + a, ss + b));
            let draft = cue.is_some_and(|c| {
                (found.iter())
                    .any(|d| d.rule == t.pattern && d.cue.is_some_and(|dc| overlaps(dc, c)))
            });
            let no_draft = (tried && !draft && t.outcome == Outcome::Matched)
                .then(|| {
                    cue.map(|c| why_no_draft(rules, text, p, (si, (ss, se)), &t.pattern, c, found))
                })
                .flatten();
            PatternStep {
                no_draft,
                outcome: match &t.outcome {
                    Outcome::Matched => "matched".to_string(),
                    Outcome::FailedAt { part, token } => format!("failed at {token} (part {part})"),
                    Outcome::NoCue => "no cue".to_string(),
                },
                pattern: t.pattern,
                tried,
                cue: cue.map(|c| piece(text, c)),
                draft,
            }
        })
        .collect();
    SentenceStep {
        span: [ss, se],
        text: text[ss..se].to_string(),
        verb_cue: cues.verb,
        quote_cue: cues.quote,
        patterns,
    }
}

/// Why the match of pattern `id` at `cue` in sentence `si` made no draft
/// the find stage kept: the refusal of [`Hit::new`] or [`draft_from`] (the
/// checks the find stage runs) for the engine's match at that cue, or,
/// when they make a draft, that it overlapped one made before in the
/// sentence.
fn why_no_draft(
    rules: &RuleSet,
    text: &str,
    p: &Paragraph,
    (si, (ss, se)): (usize, Range),
    id: &str,
    cue: Range,
    found: &[Draft],
) -> String {
    let Some((at, pat)) = (rules.patterns.iter().enumerate()).find(|(_, pat)| pat.id == id) else {
        return "no such pattern".to_string();
    };
    let hay = masked_sentence(p, (ss, se));
    let Some(caps) = engine_match_at(pat, hay, (cue.0 - ss, cue.1 - ss)) else {
        return "the engine's search takes no match at this cue".to_string();
    };
    // the drafts the find stage had made in the sentence when it came to
    // this match: those of earlier patterns, and of this one at earlier cues
    let order = |d: &Draft| {
        let i = (rules.patterns.iter()).position(|q| q.id == d.rule);
        (i, d.cue.map(|c| c.0))
    };
    let mut before: Vec<&Draft> = (found.iter())
        .filter(|d| d.found_in == (p.index, si))
        .filter(|d| order(d) < (Some(at), Some(cue.0)))
        .collect();
    before.sort_by_key(|d| order(d));
    let before: Vec<Draft> = before.into_iter().cloned().collect();
    let reads = Reader::once(rules, text);
    let made = Hit::new(&reads, &p.masked, pat, &caps, ss)
        .and_then(|h| draft_from(&h, (p.index, si), &before));
    match made {
        Err(why) => why.why().to_string(),
        Ok(_) => "its draft overlaps, or shares its cue with, one made before in the sentence"
            .to_string(),
    }
}

/// The engine's match of `pat` in the masked sentence `hay` whose cue
/// overlaps `cue`: the search resumes after the cue of each match before
/// it, as the find stage does after a match that makes no draft.
fn engine_match_at<'r>(pat: &'r CompiledPattern, hay: &str, cue: Range) -> Option<Captures<'r>> {
    let mut from = 0;
    loop {
        let caps = pat.regex.captures_iter_from(hay.as_bytes(), from).next()?;
        let c = caps.name("cue").map(|g| (g.start(), g.end()))?;
        if c == cue || overlaps(c, cue) {
            return Some(caps);
        }
        if c.0 >= cue.1 || c.1 <= from {
            return None;
        }
        from = c.1;
    }
}

fn draft_step(text: &str, d: &Draft) -> DraftStep {
    DraftStep {
        rule: d.rule.clone(),
        kind: d.kind,
        segments: d
            .spans
            .iter()
            .map(|&(s, e)| text[s..e].to_string())
            .collect(),
        cue: d.cue.map(|(s, e)| text[s..e].to_string()),
        speaker: d
            .speaker
            .as_ref()
            .map(|m| text[m.span.0..m.span.1].to_string()),
        via: d.via.clone(),
    }
}

fn speaker_step(text: &str, m: &Mention, name: Option<&(String, Option<String>)>) -> SpeakerStep {
    let (resolved_name, resolved_title) = name
        .cloned()
        .unwrap_or_else(|| (m.name.clone(), m.title.clone()));
    SpeakerStep {
        mention: piece(text, m.span),
        read_name: m.name.clone(),
        read_title: m.title.clone(),
        read_type: m.kind,
        gender: m.gender.map(|g| format!("{g:?}").to_lowercase()),
        resolved_name,
        resolved_title,
    }
}

impl Explanation {
    /// The explanation as text for a terminal.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for p in &self.paragraphs {
            self.paragraph_text(&mut out, p);
        }
        out.push_str("drafts\n");
        for s in &self.stages {
            if !s.changed {
                out.push_str(&format!("  after {}: unchanged\n", s.stage));
                continue;
            }
            out.push_str(&format!(
                "  after {}: {} draft(s)\n",
                s.stage,
                s.drafts.len()
            ));
            for d in &s.drafts {
                out.push_str(&format!("    {}\n", draft_line(d)));
            }
        }
        out.push_str("speakers\n");
        if self.speakers.is_empty() {
            out.push_str("  (none)\n");
        }
        for s in &self.speakers {
            out.push_str(&format!("  {}\n", speaker_line(s)));
        }
        out.push_str(&format!("records: {}\n", self.records.len()));
        for r in &self.records {
            let who = r.speaker.as_ref().map_or("-", |s| s.name.as_str());
            out.push_str(&format!(
                "  {:?} {} {:?} ← {who}\n",
                r.kind, r.rule, r.quote
            ));
        }
        out
    }

    fn paragraph_text(&self, out: &mut String, p: &ParagraphStep) {
        let bp = if p.boilerplate { " (boilerplate)" } else { "" };
        out.push_str(&format!(
            "paragraph {} [{}..{}]{bp}\n",
            p.index + 1,
            p.span[0],
            p.span[1]
        ));
        for q in &p.quotations {
            out.push_str(&format!(
                "  quotation [{}..{}] {}\n",
                q.span[0], q.span[1], q.text
            ));
        }
        for (i, s) in p.sentences.iter().enumerate() {
            out.push_str(&format!(
                "  sentence {} [{}..{}] {}\n",
                i + 1,
                s.span[0],
                s.span[1],
                s.text
            ));
            let yes = |b: bool| if b { "yes" } else { "no" };
            out.push_str(&format!(
                "    cues: speech verb {}, quotation {}\n",
                yes(s.verb_cue),
                yes(s.quote_cue)
            ));
            let mut no_cue = Vec::new();
            for t in &s.patterns {
                let Some(c) = &t.cue else {
                    no_cue.push(t.pattern.as_str());
                    continue;
                };
                let skipped = if t.tried { "" } else { " (not tried: cues)" };
                let draft = match (t.draft, t.outcome == "matched" && t.tried) {
                    (true, _) => " → draft".to_string(),
                    (false, true) => match &t.no_draft {
                        Some(why) => format!(" → no draft: {why}"),
                        None => " → no draft".to_string(),
                    },
                    (false, false) => String::new(),
                };
                out.push_str(&format!(
                    "    {} at {:?} [{}..{}]: {}{skipped}{draft}\n",
                    t.pattern, c.text, c.span[0], c.span[1], t.outcome
                ));
            }
            if !no_cue.is_empty() {
                out.push_str(&format!("    no cue for: {}\n", no_cue.join(", ")));
            }
        }
    }
}

fn draft_line(d: &DraftStep) -> String {
    let segs: Vec<String> = d.segments.iter().map(|s| format!("{s:?}")).collect();
    let mut line = format!("{:?} {} [{}]", d.kind, d.rule, segs.join(" + "));
    if let Some(c) = &d.cue {
        line.push_str(&format!(" cue {c:?}"));
    }
    if let Some(s) = &d.speaker {
        line.push_str(&format!(" speaker {s:?}"));
    }
    if let Some(v) = &d.via {
        line.push_str(&format!(" via {v:?}"));
    }
    line
}

fn speaker_line(s: &SpeakerStep) -> String {
    let mut line = format!(
        "{:?} read as {:?} {:?}",
        s.mention.text, s.read_type, s.read_name
    );
    if let Some(t) = &s.read_title {
        line.push_str(&format!(" (title {t:?})"));
    }
    if let Some(g) = &s.gender {
        line.push_str(&format!(" {g}"));
    }
    line.push_str(&format!(" → {:?}", s.resolved_name));
    if let Some(t) = &s.resolved_title {
        line.push_str(&format!(" (title {t:?})"));
    }
    line
}
