//! Resolution: each draft's speaker mention becomes a name — a short name
//! takes the full name the article gives it ("Trump" → "Donald Trump"), a
//! pronoun the subject of a recent attribution or the last person named
//! before it, a role ("the spokesman") the person last given that title,
//! and an interview label ("HOLT:") the person of that name.

use super::lower::{lower, skip_ws, word_end};
use super::read::Mention;
use super::registry::{registry, FullNames, Registry};
use crate::engine::draft::Draft;
use crate::engine::speaker::lower::SplitWsExt;
use crate::engine::Range;
use crate::record::SpeakerType;
use crate::rules::{Class, Classes, Gender, RuleSet};
use std::borrow::Cow;

/// A draft with its speaker's resolved name and title.
pub(crate) struct Resolved {
    pub draft: Draft,
    pub name: Option<(String, Option<String>)>,
}

/// Resolves every draft's speaker, in text order (a pronoun looks back at
/// the drafts before it).
pub(crate) fn resolve(rules: &RuleSet, text: &str, drafts: Vec<Draft>) -> Vec<Resolved> {
    // no speaker to resolve: the article's people are never asked for
    if drafts.iter().all(|d| d.speaker.is_none()) {
        let unnamed = |draft| Resolved { draft, name: None };
        return drafts.into_iter().map(unnamed).collect();
    }
    let reg = registry(
        rules,
        text,
        drafts.iter().filter_map(|d| d.speaker.as_ref()),
    );
    let mut full_names = FullNames::new(rules, text);
    // the bytes the surnames begin with
    let mut openers = [false; 256];
    for k in reg.surnames() {
        if let Some(&b) = k.as_bytes().first() {
            openers[usize::from(b)] = true;
        }
    }
    let mut out: Vec<Resolved> = Vec::with_capacity(drafts.len());
    // the quoted spans a pronoun looks past: one buffer for every pronoun
    let mut quoted = Vec::new();
    for d in drafts {
        let at = Site {
            rules,
            text,
            spans: &d.spans,
            openers: &openers,
        };
        let name = (d.speaker.as_ref())
            .map(|m| resolve_one(&out, &reg, &mut full_names, m, &at, &mut quoted));
        out.push(Resolved { draft: d, name });
    }
    out
}

/// Where a mention is resolved: the rules, the article, and the content
/// of the mention's own draft (names quoted there are no antecedents).
struct Site<'a> {
    rules: &'a RuleSet,
    text: &'a str,
    spans: &'a [Range],
    /// The first bytes of the registry's surnames.
    openers: &'a [bool; 256],
}

/// The name and title one mention resolves to, after the drafts `prev`.
fn resolve_one(
    prev: &[Resolved],
    reg: &Registry,
    full_names: &mut FullNames,
    m: &Mention,
    at: &Site,
    quoted: &mut Vec<Range>,
) -> (String, Option<String>) {
    match m.kind {
        SpeakerType::Person => resolve_person(reg, full_names, m),
        SpeakerType::Pronoun => resolve_pronoun(prev, reg, full_names, m, at, quoted)
            .unwrap_or_else(|| (m.name.clone(), None)),
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
    let short = title_case_if_shouting(&m.name);
    match reg.full_name(&short) {
        Some(p) => (p.name.clone(), p.title.clone().or(m.title.clone())),
        None if !m.name.contains(' ') => {
            let full = (full_names.full_name(&short)).unwrap_or_else(|| short.into_owned());
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
            .split_ws()
            .last()
            .is_some_and(|last| last.eq_ignore_ascii_case(mention))
}

/// "REDFIELD" → "Redfield", for interview labels; other names unchanged
/// (and not copied).
fn title_case_if_shouting(name: &str) -> Cow<'_, str> {
    if name.chars().any(char::is_lowercase) {
        return Cow::Borrowed(name);
    }
    let cased = name
        .split_ws()
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
        .join(" ");
    Cow::Owned(cased)
}

/// How many earlier drafts a pronoun looks back at for its antecedent.
const PRONOUN_LOOKBACK_DRAFTS: usize = 6;

/// How far back (bytes) a pronoun looks for a named person.
const PRONOUN_WINDOW: usize = 3000;

fn resolve_pronoun(
    prev: &[Resolved],
    reg: &Registry,
    full_names: &mut FullNames,
    m: &Mention,
    at: &Site,
    quoted: &mut Vec<Range>,
) -> Option<(String, Option<String>)> {
    let g = m.gender?;
    if !matches!(g, Gender::Male | Gender::Female | Gender::Plural) {
        return None;
    }
    // The subject of the last attribution, when it fits.
    let from_draft = prev
        .iter()
        .rev()
        .take(PRONOUN_LOOKBACK_DRAFTS)
        .find_map(|r| {
            let sp = r.draft.speaker.as_ref()?;
            let (name, title) = r.name.as_ref()?;
            antecedent_fits(reg, g, sp, name).then(|| (sp.span.0, (name.clone(), title.clone())))
        });
    if g == Gender::Plural {
        return from_draft.map(|(_, n)| n);
    }
    // A person named since, outside quotations, is nearer: "Ortega paused
    // at the lectern. \"…,\" he said."
    quoted.clear();
    quoted.extend(
        (prev.iter().rev().take(PRONOUN_LOOKBACK_DRAFTS))
            .flat_map(|r| r.draft.spans.iter().copied())
            .chain(at.spans.iter().copied()),
    );
    let from_text = [
        last_named_before(reg, at, g, m, quoted),
        last_subject_before(reg, full_names, g, m, at, quoted),
    ]
    .into_iter()
    .flatten()
    .max_by_key(|(i, _)| *i);
    match (from_draft, from_text) {
        (Some((d, n)), Some((t, _))) if d >= t => Some(n),
        (_, Some((_, n))) => Some(n),
        (Some((_, n)), None) => Some(n),
        (None, None) => None,
    }
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
        SpeakerType::Person => sp.gender.is_none_or(|sg| sg == g),
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
/// within [`PRONOUN_WINDOW`] bytes and outside the `quoted` spans, with
/// where it stands: a name further back is no antecedent, and a bounded
/// window keeps long texts linear.
fn last_named_before(
    reg: &Registry,
    at: &Site,
    g: Gender,
    m: &Mention,
    quoted: &[Range],
) -> Option<(usize, (String, Option<String>))> {
    let text = at.text;
    let from = window_start(text, m.span.0, PRONOUN_WINDOW);
    let before = &text[from..m.span.0];
    // a word whose first byte begins no surname is none (the possessive
    // and the stops lookup() leaves out are at its end)
    let look = |s: usize, e: usize| {
        if s >= e || !at.openers[usize::from(text.as_bytes()[s])] {
            return None;
        }
        lookup(reg, g, text, (s, e), quoted)
    };
    // the window's words from the last, each looked up once: the cost
    // stays in proportion to the window, however many people the
    // article names
    let mut end = before.len();
    while end > 0 {
        let Some(last) = last_no_name_char(&before[..end]) else {
            return look(from, from + end);
        };
        let start = last + before[last..].chars().next().map_or(1, char::len_utf8);
        if let Some(found) = look(from + start, from + end) {
            return Some(found);
        }
        end = last;
    }
    None
}

/// Where the last character of `s` that is no [`name_char`] starts, as
/// `s.rfind(|c| !name_char(c))` gives it: ASCII bytes are looked at as
/// bytes, and only non-ASCII characters are decoded.
fn last_no_name_char(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut i = bytes.len();
    while i > 0 {
        let b = bytes[i - 1];
        if b.is_ascii() {
            if !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'\'' | b'.')) {
                return Some(i - 1);
            }
            i -= 1;
            continue;
        }
        let c = s.get(..i)?.chars().next_back()?;
        i -= c.len_utf8();
        if !name_char(c) {
            return Some(i);
        }
    }
    None
}

/// A character of a name as the pronoun's window splits it into words.
fn name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '\'' | '’' | '.')
}

/// The person the word `[s, e)` of the text is the surname of, when one
/// fits the gender and the word stands outside the quoted spans.
fn lookup(
    reg: &Registry,
    g: Gender,
    text: &str,
    (s, e): Range,
    quoted: &[Range],
) -> Option<(usize, (String, Option<String>))> {
    let word = super::read::strip_possessive(text[s..e].trim_end_matches('.'));
    let ids = reg.by_surname(word)?;
    if crate::engine::overlaps_any(quoted, (s, s + word.len())) {
        return None;
    }
    let p = (ids.iter().rev())
        .map(|&i| &reg.people[i])
        .find(|p| p.gender.is_none_or(|pg| pg == g))?;
    Some((s, (p.name.clone(), p.title.clone())))
}

/// How far back (bytes) a pronoun looks for a sentence's subject.
const SUBJECT_WINDOW: usize = 600;

/// The last sentence before the pronoun that opens with a name and its
/// verb ("Ortega paused …"), within [`SUBJECT_WINDOW`] bytes and outside
/// the `quoted` spans: the name, resolved to a full name when the article
/// gives one, unless that person's gender does not fit.
fn last_subject_before(
    reg: &Registry,
    full_names: &mut FullNames,
    g: Gender,
    m: &Mention,
    at: &Site,
    quoted: &[Range],
) -> Option<(usize, (String, Option<String>))> {
    let (rules, text) = (at.rules, at.text);
    let from = window_start(text, m.span.0, SUBJECT_WINDOW);
    let before = &text[from..m.span.0];
    // only a word that may open a sentence is asked (one after a stop or
    // a line break and the whitespace after it, or the window's first),
    // from the last back: any other word fails the test below anyway
    let first = skip_ws(before, 0);
    let mut last = before.len();
    let mut openings = stops_and_breaks_rev(before.as_bytes())
        .map(|p| (p, skip_ws(before, p + 1)))
        .filter(|&(p, i)| i > p + 1 || before.as_bytes()[p] == b'\n')
        .map(|(_, i)| i)
        .chain(std::iter::once(first))
        .filter(move |&i| {
            // ".\n" names one place twice, and a stop may end the window
            let new = i < last;
            last = last.min(i);
            new
        });
    let subject = |i: usize| {
        let w = &before[i..word_end(before, i)];
        let vs = skip_ws(before, i + w.len());
        if vs >= before.len() {
            return None;
        }
        let verb = &before[vs..word_end(before, vs)];
        let i = from + i;
        // the cheap tests first: most words are no capitalised word
        // before a lowercase one
        let cap_word = w.len() >= 2
            && w.starts_with(char::is_uppercase)
            && w.chars().skip(1).all(char::is_lowercase);
        if !cap_word || !verb.starts_with(char::is_lowercase) {
            return None;
        }
        let verb_like = verb.ends_with("ed") || rules.lexicon.common_verbs.contains(verb);
        let opens = verb_like
            && (text[..i].trim_end().is_empty()
                || text[..i].ends_with('\n')
                || text[..i].trim_end().ends_with(['.', '!', '?']));
        let name_like = opens && {
            let lw = lower(w);
            let c = rules.lexicon.classes_of_bytes(lw.as_bytes());
            !c.has(Class::not_speaker)
                && !c.has(Class::determiners)
                && !rules.lexicon.not_first_names.contains(w)
                && !rules.pronouns.contains_key(&*lw)
                && !is_group_or_body(rules, w, c)
        };
        if !(opens && name_like && verb_like)
            || crate::engine::overlaps_any(quoted, (i, i + w.len()))
        {
            return None;
        }
        let (name, title) = match reg.full_name(w) {
            Some(p) => (p.name.clone(), p.title.clone()),
            None => (
                full_names.full_name(w).unwrap_or_else(|| w.to_string()),
                None,
            ),
        };
        let fits = reg
            .get(&name)
            .and_then(|p| p.gender)
            .is_none_or(|pg| pg == g);
        fits.then_some((i, (name, title)))
    };
    openings.find_map(subject)
}

/// Where a stop (`.`, `!`, `?`) or a line break stands in `bytes`, from
/// the last back.
fn stops_and_breaks_rev(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut stops = memchr::memrchr3_iter(b'.', b'!', b'?', bytes);
    let mut breaks = memchr::memrchr_iter(b'\n', bytes);
    let (mut s, mut b) = (stops.next(), breaks.next());
    std::iter::from_fn(move || {
        // `None` is below any place: the later of the two
        let next = s.max(b)?;
        if s == Some(next) {
            s = stops.next();
        } else {
            b = breaks.next();
        }
        Some(next)
    })
}

/// A group or an organisation noun ("Democrats", "Congress"), given
/// with the classes `c` of its lowercase form.
fn is_group_or_body(rules: &RuleSet, w: &str, c: Classes) -> bool {
    c.has(Class::group_heads)
        || c.has(Class::anonymous_heads)
        // an ASCII word's lowercase form is its ASCII-lowercase one, and a
        // lowercase word needs no folding
        || if w.is_ascii() {
            c.has(Class::organization_heads)
        } else {
            rules.is_organization_head(w)
        }
}

/// The char boundary at most `window` bytes before `end`.
fn window_start(text: &str, end: usize, window: usize) -> usize {
    let mut from = end.saturating_sub(window);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    from
}

fn resolve_role(prev: &[Resolved], m: &Mention) -> Option<(String, Option<String>)> {
    let phrase = m.name.to_lowercase();
    let role = phrase.split_ws().last()?;
    prev.iter().rev().find_map(|r| {
        let (name, title) = r.name.as_ref()?;
        let t = title.as_ref()?;
        t.to_lowercase()
            .contains(role)
            .then(|| (name.clone(), Some(t.clone())))
    })
}

#[cfg(test)]
mod tests {
    use super::{last_no_name_char, name_char};

    #[test]
    fn finds_the_last_char_no_name_holds_as_rfind_does() {
        let mut texts: Vec<String> = vec![
            String::new(),
            "Smith".into(),
            "said O'Brien-Lee.".into(),
            "Müller, Zoë’s aide: Ørsted\u{a0}x — “Jean”".into(),
        ];
        texts.extend(crate::fixture_texts());
        for t in &texts {
            let mut end = t.len();
            while end > 0 {
                let s = &t[..end];
                let std = s.rfind(|c: char| !name_char(c));
                assert_eq!(last_no_name_char(s), std, "{s:?}");
                end = std.unwrap_or(0);
            }
        }
    }
}
