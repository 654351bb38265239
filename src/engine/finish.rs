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
            let quote = join_segments(text, &d.spans);
            let spans: Vec<Span> = d.spans.iter().map(|&(s, e)| [s, e]).collect();
            let char_spans = spans
                .iter()
                .map(|&[s, e]| [ci.char_of(s), ci.char_of(e)])
                .collect();
            let resolved_name = r.name;
            let speaker = d.speaker.map(|m| {
                let person = m.kind == SpeakerType::Organization;
                let span = [m.span.0, m.span.1];
                let mention = text[m.span.0..m.span.1].to_string();
                let (name, title, person) = match resolved_name {
                    // "HOLT:" resolved to "Dana Holt" is a person after all
                    Some((name, title)) => {
                        let person = person && name_is_person_of(&name, &m.name);
                        (name, title, person)
                    }
                    None => {
                        let person = person && name_is_person_of(&m.name, &m.name);
                        (m.name, m.title, person)
                    }
                };
                Speaker {
                    name,
                    mention,
                    span,
                    title,
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

/// The text at `spans` joined with [`SEGMENT_JOINER`], built in one string.
fn join_segments(text: &str, spans: &[(usize, usize)]) -> String {
    let joiners = SEGMENT_JOINER.len() * spans.len().saturating_sub(1);
    let room = spans.iter().map(|&(s, e)| e - s).sum::<usize>() + joiners;
    let mut quote = String::with_capacity(room);
    for (i, &(s, e)) in spans.iter().enumerate() {
        if i > 0 {
            quote.push_str(SEGMENT_JOINER);
        }
        quote.push_str(&text[s..e]);
    }
    quote
}
