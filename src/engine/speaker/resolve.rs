//! Resolution: each draft's speaker mention becomes a name — a short name
//! takes the full name the article gives it ("Trump" → "Donald Trump"), a
//! pronoun the subject of a recent attribution or the last person named
//! before it, a role ("the spokesman") the person last given that title,
//! and an interview label ("HOLT:") the person of that name.

use super::read::Mention;
use super::registry::{registry, FullNames, Registry};
use crate::engine::draft::Draft;
use crate::record::SpeakerType;
use crate::rules::{Gender, RuleSet};

/// A draft with its speaker's resolved name and title.
pub(crate) struct Resolved {
    pub draft: Draft,
    pub name: Option<(String, Option<String>)>,
}

/// Resolves every draft's speaker, in text order (a pronoun looks back at
/// the drafts before it).
pub(crate) fn resolve(rules: &RuleSet, text: &str, drafts: Vec<Draft>) -> Vec<Resolved> {
    let reg = registry(
        rules,
        text,
        drafts.iter().filter_map(|d| d.speaker.as_ref()),
    );
    let mut full_names = FullNames::new(rules, text);
    let mut out: Vec<Resolved> = Vec::with_capacity(drafts.len());
    for d in drafts {
        let name = (d.speaker.as_ref()).map(|m| resolve_one(&out, &reg, &mut full_names, m, text));
        out.push(Resolved { draft: d, name });
    }
    out
}

/// The name and title one mention resolves to, after the drafts `prev`.
fn resolve_one(
    prev: &[Resolved],
    reg: &Registry,
    full_names: &mut FullNames,
    m: &Mention,
    text: &str,
) -> (String, Option<String>) {
    match m.kind {
        SpeakerType::Person => resolve_person(reg, full_names, m),
        SpeakerType::Pronoun => {
            resolve_pronoun(prev, reg, m, text).unwrap_or_else(|| (m.name.clone(), None))
        }
        SpeakerType::Unknown if m.title.is_some() => {
            resolve_role(prev, m).unwrap_or_else(|| (m.name.clone(), m.title.clone()))
        }
        // "HOLT:" reads like an acronym; a person of that name in the
        // article wins
        SpeakerType::Organization if !m.name.chars().any(char::is_lowercase) => {
            let short = title_case_if_shouting(&m.name);
            reg.full_name(&short)
                .map(|p| p.name.clone())
                .or_else(|| full_names.full_name(&short))
                .map_or_else(
                    || (m.name.clone(), m.title.clone()),
                    |n| (n, m.title.clone()),
                )
        }
        _ => (m.name.clone(), m.title.clone()),
    }
}

/// A person: the registry's full name for a short name, else the first
/// "Firstname Surname" of the text for a surname alone.
fn resolve_person(
    reg: &Registry,
    full_names: &mut FullNames,
    m: &Mention,
) -> (String, Option<String>) {
    match reg.full_name(&title_case_if_shouting(&m.name)) {
        Some(p) => (p.name.clone(), p.title.clone().or(m.title.clone())),
        None if !m.name.contains(' ') => {
            let short = title_case_if_shouting(&m.name);
            let full = full_names.full_name(&short).unwrap_or(short);
            (full, m.title.clone())
        }
        None => {
            let title = reg
                .get(&m.name)
                .and_then(|p| p.title.clone())
                .or(m.title.clone());
            (m.name.trim_end_matches("'s").to_string(), title)
        }
    }
}

/// True when `resolved` is a full name whose surname is the (shouted) `mention`.
pub(crate) fn name_is_person_of(resolved: &str, mention: &str) -> bool {
    resolved.contains(' ')
        && resolved
            .split_whitespace()
            .last()
            .is_some_and(|last| last.eq_ignore_ascii_case(mention))
}

/// "REDFIELD" → "Redfield", for interview labels; other names unchanged.
fn title_case_if_shouting(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    name.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// How many earlier drafts a pronoun looks back at for its antecedent.
const PRONOUN_LOOKBACK_DRAFTS: usize = 6;

/// How far back (bytes) a pronoun looks for a named person.
const PRONOUN_WINDOW: usize = 3000;

fn resolve_pronoun(
    prev: &[Resolved],
    reg: &Registry,
    m: &Mention,
    text: &str,
) -> Option<(String, Option<String>)> {
    let g = m.gender?;
    if !matches!(g, Gender::Male | Gender::Female | Gender::Plural) {
        return None;
    }
    // The subject of the last attribution, when it fits.
    for r in prev.iter().rev().take(PRONOUN_LOOKBACK_DRAFTS) {
        let Some(sp) = &r.draft.speaker else { continue };
        let Some((name, title)) = &r.name else {
            continue;
        };
        if antecedent_fits(reg, g, sp, name) {
            return Some((name.clone(), title.clone()));
        }
    }
    // Else the last person named before the pronoun.
    if g != Gender::Plural {
        return last_named_before(reg, g, m, text);
    }
    None
}

/// Whether an earlier speaker (`sp`, resolved to `name`) can be what a
/// pronoun of gender `g` refers to.
fn antecedent_fits(reg: &Registry, g: Gender, sp: &Mention, name: &str) -> bool {
    if g == Gender::Plural {
        return matches!(
            sp.kind,
            SpeakerType::Group | SpeakerType::Organization | SpeakerType::Anonymous
        ) || sp.gender == Some(Gender::Plural);
    }
    // a person; a pronoun of the same gender that found its person; a role
    // ("the spokesman"), never a place or a body read as a name ("Iowa",
    // "Islamic State")
    let kind_fits = match sp.kind {
        SpeakerType::Person => true,
        SpeakerType::Pronoun => sp.gender == Some(g) && name.starts_with(char::is_uppercase),
        SpeakerType::Unknown => name.starts_with(char::is_lowercase),
        _ => false,
    };
    kind_fits
        && sp.gender != Some(Gender::Plural)
        && reg
            .get(name)
            .and_then(|p| p.gender)
            .is_none_or(|pg| pg == g)
}

/// The registry's person whose surname stands last before the pronoun,
/// within [`PRONOUN_WINDOW`] bytes: a name further back is no antecedent,
/// and a bounded window keeps long texts linear.
fn last_named_before(
    reg: &Registry,
    g: Gender,
    m: &Mention,
    text: &str,
) -> Option<(String, Option<String>)> {
    let mut from = m.span.0.saturating_sub(PRONOUN_WINDOW);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let before = &text[from..m.span.0];
    reg.people
        .iter()
        .filter(|p| p.gender.is_none_or(|pg| pg == g))
        .filter_map(|p| {
            let last = p.name.split_whitespace().last()?;
            before.rfind(last).map(|i| (i, p))
        })
        .max_by_key(|(i, _)| *i)
        .map(|(_, p)| (p.name.clone(), p.title.clone()))
}

fn resolve_role(prev: &[Resolved], m: &Mention) -> Option<(String, Option<String>)> {
    let phrase = m.name.to_lowercase();
    let role = phrase.split_whitespace().last()?;
    prev.iter().rev().find_map(|r| {
        let (name, title) = r.name.as_ref()?;
        let t = title.as_ref()?;
        t.to_lowercase()
            .contains(role)
            .then(|| (name.clone(), Some(t.clone())))
    })
}
