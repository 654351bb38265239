//! Reading the `{speaker}` slot of a template match: the phrase itself
//! ([`super::read::read_speaker`]), and what stands around it — a name in
//! apposition ("the Vatican spokesman, Federico Lombardi, told"), a host
//! before a relative or appositive clause ("Lindsey Graham, who has called
//! for …, said"), a name after a role ("said the French headliner, Camille
//! Roux"), or the subject of a clause joined by "and" ("Mrs. Clinton shook
//! her head and said").
//!
//! ```text
//! Lindsey Graham, a senator from South Carolina, said …  → Lindsey Graham, title "a senator from South Carolina"
//! said the French headliner, Camille Roux.               → Camille Roux, title "the French headliner"
//! ```

use super::lower::{lower, split_ws};
use super::read::{Mention, Reader, Side};
use crate::engine::draft::{Hit, NoDraft};
use crate::engine::speaker::lower::SplitWsExt;
use crate::record::SpeakerType;
use crate::rules::RuleSet;

/// A phrase after an inverted speaker ("said X, <phrase>") longer than
/// this many words is no title or name of X.
const MAX_TRAILING_PHRASE_WORDS: usize = 12;

/// The speaker of a hit whose pattern reads it from its `{speaker}` slot,
/// or why the slot gives none.
pub(crate) fn read(h: &Hit) -> Result<Mention, NoDraft> {
    let (a, b) = h.group("speaker").ok_or(NoDraft::NoSpeakerSlot)?;
    let side = if a < h.cue.0 {
        Side::BeforeCue
    } else {
        Side::AfterCue
    };
    if side == Side::AfterCue && !inversion_allowed(h) {
        return Err(NoDraft::NoInversion);
    }
    if side == Side::AfterCue && clause_after_cue(h, (a, b)) {
        return Err(NoDraft::ClauseAfterCue);
    }
    if side == Side::BeforeCue && h.rules.verb_second && fronted_adverbial(h.rules, &h.text[a..b]) {
        return Err(NoDraft::FrontedAdverbial);
    }
    // "Ames ended the talk by saying, \"…\"": the clause's subject speaks
    if side == Side::BeforeCue && crate::engine::draft::participle_after_preposition(h) {
        let phrase = h.text[a..b].trim_end();
        let end = a + phrase.rfind(char::is_whitespace).unwrap_or(0);
        return (h.reads.clause_subject(h.ss, end)).ok_or(NoDraft::NoClauseSubject);
    }
    let own = own_reading(h, (a, b), side);
    // A colon cue needs the whole phrase to be a name: "Clinton:",
    // never "A volunteer told him:" or "The minister's spokesman said:"
    // (that colon follows its own cue).
    let ends_in_cue =
        || (h.text[a..b].split_ws().last()).is_some_and(|w| h.rules.verb(&lower(w)).is_some());
    if h.cue_text.trim() == ":"
        && (ends_in_cue()
            || !own.as_ref().is_some_and(|m| {
                m.span.0 == a && matches!(m.kind, SpeakerType::Person | SpeakerType::Organization)
            }))
    {
        return Err(NoDraft::ColonNeedsName);
    }
    let host = if side == Side::BeforeCue {
        apposition_host(h.reads, h.ss, a, b)
    } else {
        None
    };
    let mut own = own;
    if side == Side::AfterCue {
        if let Some(m) = own.as_mut() {
            after_inverted_speaker(h.reads, b, m);
        }
    }
    let mut m = choose(h, (a, b), own, host).ok_or(NoDraft::SpeakerUnreadable)?;
    name_after_role(h, &mut m);
    apposition(h, &mut m);
    Ok(m)
}

/// Verb-second order (patterns.toml `verb_second`, the German pack): a
/// phrase before the verb that opens with a preposition is an adverbial in
/// front of the verb, and the subject follows the verb ("Als Begründung
/// sagte ein Wissenschaftler", "Am Montag erklärte die Ministerin"), so it
/// names no speaker; a later pattern with the speaker after the cue reads
/// it. (English keeps its subject before the verb after an adverbial: "In a
/// statement Smith said".)
fn fronted_adverbial(rules: &RuleSet, phrase: &str) -> bool {
    phrase
        .split_ws()
        .next()
        .is_some_and(|w| rules.lexicon.prepositions.contains(&lower(w)))
}

/// "…, said X" takes no auxiliary ("have urged X" is no inversion), and a
/// verb marked `invert = false` or a participle ("…, citing X") never
/// inverts.
fn inversion_allowed(h: &Hit) -> bool {
    let aux =
        (h.cue_text.split_ws().next()).is_some_and(|w| h.rules.lexicon.auxiliaries.contains(w));
    let no_inversion = h.verb.is_some_and(|v| !v.invert);
    !(aux || no_inversion || h.cue_text.ends_with("ing"))
}

/// "Mark Wynn, a party chairman, said his district received a flurry of
/// applications.": a phrase after the cue that runs to the sentence end
/// and holds a lowercase verb form after its first word (a speech verb's
/// past or present form, a common verb or an auxiliary, or a word ending
/// in "-ed") is the reported clause, not an inverted speaker. Post-modifier
/// participles ("sources briefed on") and words after a relative pronoun
/// (", who founded …") are no such verb.
fn clause_after_cue(h: &Hit, (a, b): (usize, usize)) -> bool {
    // only after a speech verb, and only a phrase that ends the sentence
    // ("according to data released Friday", "According to X, …")
    if h.verb.is_none() {
        return false;
    }
    let rest = h.text[b..].trim_start_matches([' ', '\t']);
    if !(rest.is_empty() || rest.starts_with(['.', '!', '?', '\n'])) {
        return false;
    }
    let lex = &h.rules.lexicon;
    let mut prev = lower("");
    for (i, w) in split_ws(&h.text[a..b]).enumerate() {
        let lw = w.trim_matches(|c: char| !c.is_alphanumeric());
        // a relative clause belongs to the speaker ("said Ann Lee, who led …")
        if i > 0 && lex.relative_pronouns.contains(lw) {
            return false;
        }
        let verb_like = lw.starts_with(char::is_lowercase)
            && (lex.common_verbs.contains(lw)
                || lex.auxiliaries.contains(lw)
                || lex.progressive_auxiliaries.contains(lw)
                || (lw.ends_with("ed") && !lex.post_modifiers.contains(lw))
                || h.rules.verb(lw).is_some_and(|_| !lw.ends_with("ing")));
        if i > 0 && verb_like && !lex.post_modifiers.contains(&prev) {
            return true;
        }
        prev = lower(lw);
    }
    false
}

/// The slot's own reading, else a name after a role the engine cannot read
/// on its own, else the subject of a clause the cue is joined to.
fn own_reading(h: &Hit, (a, b): (usize, usize), side: Side) -> Option<Mention> {
    let text = h.text;
    let mut own = h.reads.speaker(a, b, side);
    // "said the French headliner, Camille Roux"
    if own.is_none() {
        if let Some((ts, te)) = h.group("tail_name") {
            own = (h.reads.speaker(ts, te, Side::AfterCue))
                .filter(|n| n.kind == SpeakerType::Person)
                .map(|mut n| {
                    n.title = Some(text[a..b].to_string());
                    n
                });
        }
    }
    // "Mrs. Clinton shook her head and said"
    if own.is_none() && side == Side::BeforeCue {
        let phrase = text[a..b].trim_end();
        if let Some(clause) = phrase
            .strip_suffix(" and")
            .or_else(|| phrase.strip_suffix(" but"))
        {
            let end = a + clause.len();
            own = (h.reads.conjoined_subject(a, end)).or_else(|| h.reads.clause_subject(h.ss, end));
        }
    }
    own
}

/// The phrase's own name wins ("…, former UN Ambassador John Bolton
/// told"); the host only stands in for a role or clause. A pronoun is its
/// own speaker ("Sure, he admits"); a clause opening with a participle
/// ("Mr. Trump, asked about Mr. Putin, had said") hands over to the name
/// before its comma.
fn choose(
    h: &Hit,
    (a, b): (usize, usize),
    own: Option<Mention>,
    host: Option<Mention>,
) -> Option<Mention> {
    let rules = h.rules;
    let first_word = || h.text[a..b].split_ws().next().unwrap_or("");
    let participle_clause = || {
        let w = first_word();
        w.starts_with(char::is_lowercase)
            && (w.ends_with("ed") || w.ends_with("ing"))
            && !rules.title_modifiers.contains(w)
    };
    let own_named = own.as_ref().is_some_and(|m| {
        m.kind == SpeakerType::Pronoun
            || (matches!(m.kind, SpeakerType::Person | SpeakerType::Organization)
                && m.name.starts_with(char::is_uppercase)
                && !participle_clause())
    });
    match (own, host) {
        (Some(m), _) if own_named => Some(m),
        (_, Some(mut host)) => {
            // "Lindsey Graham, who has called for …": the relative pronoun
            // is the mention in the cue's own clause; the name stays the
            // host's
            let rel = first_word().trim_end_matches("'s").trim_end_matches("’s");
            if rules.lexicon.relative_pronouns.contains(rel) {
                host.span = (a, a + rel.len());
            }
            Some(host)
        }
        (own, None) => own,
    }
}

/// "said the French headliner, Camille Roux": the name after a role.
fn name_after_role(h: &Hit, m: &mut Mention) {
    let Some((ts, te)) = h.group("tail_name") else {
        return;
    };
    if m.kind != SpeakerType::Unknown {
        return;
    }
    if let Some(mut named) = h.reads.speaker(ts, te, Side::AfterCue) {
        if named.kind == SpeakerType::Person {
            named.title = Some(h.text[m.span.0..m.span.1].to_string());
            *m = named;
        }
    }
}

/// The `{appos}` slot: "the Vatican spokesman, Federico Lombardi, told"
/// names the speaker (the role is the title); ", a spokesman for Y," is a
/// title; ", in an interview," and a party tag ("R-Ky.") are neither.
fn apposition(h: &Hit, m: &mut Mention) {
    let Some((aps, ape)) = h.group("appos") else {
        return;
    };
    let appos = &h.text[aps..ape];
    if appos.starts_with(char::is_uppercase) {
        if !appos.contains('-') && m.kind != SpeakerType::Person {
            if let Some(mut named) = h.reads.speaker(aps, ape, Side::AfterCue) {
                if named.kind == SpeakerType::Person {
                    named.title = Some(h.text[m.span.0..m.span.1].to_string());
                    *m = named;
                }
            }
        }
    } else if m.title.is_none()
        && m.kind == SpeakerType::Person
        && !h
            .rules
            .lexicon
            .not_apposition
            .contains(appos.split_ws().next().unwrap_or(""))
        && !appos.starts_with("wh")
        // "Tom Baker, 45, said": an age is no title
        && !appos.starts_with(|c: char| c.is_ascii_digit())
    {
        m.title = Some(appos.trim().to_string());
    }
}

/// "X, a spokesman for Y, said" or "X, who …, said": when the phrase before
/// the cue (`[a, b)`) opens with a lowercase word and follows a comma, the
/// speaker is the name before that comma and the phrase is its title.
fn apposition_host(reads: &Reader, sent_start: usize, a: usize, b: usize) -> Option<Mention> {
    let (rules, text) = (reads.rules, reads.text);
    let phrase = &text[a..b];
    // (the comma first: most phrases follow none)
    let before = text[sent_start..a].trim_end();
    let comma = before.strip_suffix(',')?;
    let first = phrase.split_ws().next()?;
    if !first.starts_with(|c: char| c.is_lowercase())
        || rules.lexicon.not_apposition.contains(first)
    {
        return None;
    }
    let host_start = comma.rfind([',', ';', ':', '(', ')']).map_or(0, |i| i + 1);
    let hs = sent_start + host_start;
    let he = sent_start + comma.len();
    let mut host = reads.speaker(hs, he, Side::BeforeCue)?;
    if !matches!(host.kind, SpeakerType::Person | SpeakerType::Organization) {
        return None;
    }
    // "Omar Reyes, listened and then said": a verb joined to the cue by a
    // conjunction is no title
    let last = phrase.split_ws().last().unwrap_or("");
    let joined_verb = rules.lexicon.conjunctions.contains(last);
    if host.title.is_none()
        && host.kind == SpeakerType::Person
        && !first.starts_with("wh")
        && !joined_verb
    {
        host.title = Some(phrase.trim().to_string());
    }
    Some(host)
}

/// After "said X": ", the council's finance chair" gives X a title, and
/// "said the French headliner, Camille Roux" names the role.
fn after_inverted_speaker(reads: &Reader, end: usize, m: &mut Mention) {
    let (rules, text) = (reads.rules, reads.text);
    let rest = &text[end..];
    let Some(after) = rest.strip_prefix(", ") else {
        return;
    };
    let stop = after
        .find(['.', ',', ';', ':', '\n', '"', '“', '”'])
        .unwrap_or(after.len());
    let phrase = &after[..stop];
    if phrase.is_empty() || phrase.split_ws().nth(MAX_TRAILING_PHRASE_WORDS).is_some() {
        return;
    }
    let ps = end + 2;
    let first = phrase.split_ws().next().unwrap_or("");
    if m.kind == SpeakerType::Unknown && first.starts_with(char::is_uppercase) {
        if let Some(mut named) = reads.speaker(ps, ps + phrase.len(), Side::AfterCue) {
            if named.kind == SpeakerType::Person && named.span.1 == ps + phrase.trim_end().len() {
                named.title = Some(text[m.span.0..m.span.1].to_string());
                *m = named;
            }
        }
    } else if m.kind == SpeakerType::Person
        && m.title.is_none()
        && first.starts_with(char::is_lowercase)
        && !rules.lexicon.not_apposition.contains(first)
        && !first.starts_with("wh")
        && rules.verb(first).is_none()
    {
        m.title = Some(phrase.trim().to_string());
    }
}
