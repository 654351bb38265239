//! Stage 5: records — the resolved drafts with their quote text, byte and
//! character offsets, speaker, cue and outlet.

use super::speaker::resolve::{name_is_person_of, Resolved};
use crate::record::{ArticleMeta, Cue, Record, Span, Speaker, SpeakerType, SEGMENT_JOINER};
use crate::text::CharIndex;

/// The records of one article.
pub(crate) fn records(
    doc: &str,
    text: &str,
    meta: &ArticleMeta,
    resolved: Vec<Resolved>,
) -> Vec<Record> {
    let mut ci = CharIndex::new(text);
    resolved
        .into_iter()
        .map(|r| {
            let d = r.draft;
            let quote = d
                .spans
                .iter()
                .map(|&(s, e)| &text[s..e])
                .collect::<Vec<_>>()
                .join(SEGMENT_JOINER);
            let spans: Vec<Span> = d.spans.iter().map(|&(s, e)| [s, e]).collect();
            let char_spans = spans
                .iter()
                .map(|&[s, e]| [ci.char_of(s), ci.char_of(e)])
                .collect();
            let speaker = d.speaker.as_ref().map(|m| {
                let (name, title) = r.name.clone().unwrap_or((m.name.clone(), m.title.clone()));
                let person =
                    m.kind == SpeakerType::Organization && name_is_person_of(&name, &m.name);
                Speaker {
                    name,
                    mention: text[m.span.0..m.span.1].to_string(),
                    span: [m.span.0, m.span.1],
                    title,
                    // "HOLT:" resolved to "Dana Holt" is a person after all
                    kind: if person { SpeakerType::Person } else { m.kind },
                }
            });
            let via = d
                .via
                .filter(|v| speaker.as_ref().is_none_or(|s| &s.name != v));
            Record {
                doc: doc.to_string(),
                kind: d.kind,
                quote,
                spans,
                speaker,
                cue: d.cue.map(|(s, e)| Cue {
                    text: text[s..e].to_string(),
                    span: [s, e],
                }),
                via,
                rule: d.rule,
                char_spans,
                meta: meta.clone(),
                context: String::new(),
                lang: String::new(),
            }
        })
        .collect()
}
