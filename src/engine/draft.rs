//! Stage 2c: a [`Draft`] — a record under construction — from one template
//! match, and every rule that decides a draft's [`Kind`].
//!
//! A match ([`Hit`]) becomes a draft when its content reads as reported
//! speech (a quotation, or a clause), its cue verb allows that kind, and
//! its speaker slot reads as a speaker (see [`super::speaker::slot`]).
//!
//! ```text
//! "We will win," Trump said.   quote-speaker-cue → Direct  ["We will win,"] Trump
//! Trump said it would rain.    speaker-cue-content → Indirect [it would rain] Trump
//! ```

use super::speaker::lower::{lower, Lower};
use super::speaker::read::{Mention, Reader};
use super::{speaker, Range};
use crate::engine::speaker::lower::SplitWsExt;
use crate::record::{Kind, SpeakerType};
use crate::rules::{Captures, CompiledPattern, Group, KindRule, RuleSet, SpeakerFrom, VerbForm};
use crate::text::Masked;

/// A reported clause shorter than this (bytes) is no indirect quote ("it").
const MIN_INDIRECT_BYTES: usize = 8;
/// A headline attribution's claim is at most this long (bytes).
const MAX_HEADLINE_BYTES: usize = 120;
/// A headline's claim has this many words at least and at most
/// ("Too late for talks: Trump"); "Poll: …" and "Report: …" are labels,
/// and a longer claim is a sentence introducing a list.
const HEADLINE_CLAIM_WORDS: std::ops::RangeInclusive<usize> = 3..=10;
/// A headline's speaker is a short name ("Trump", "Gov. Ann Lee").
const MAX_HEADLINE_SPEAKER_WORDS: usize = 3;
/// A quotation of at most this many words inside a clause belongs to the
/// clause (`the approach remained "one of commitment," Carter said`).
const CLAUSE_QUOTE_WORDS: usize = 4;
/// An `{adjunct}` that opens with a preposition (lexicon `prepositions`)
/// may hold this many words when patterns.toml caps the others.
const PREPOSITIONAL_ADJUNCT_WORDS: usize = 8;
/// A scare quote ("rigged economy") has at most this many words.
const SCARE_QUOTE_WORDS: usize = 6;

/// A record under construction, before speaker resolution.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub kind: Kind,
    pub spans: Vec<Range>,
    pub speaker: Option<Mention>,
    pub cue: Option<Range>,
    pub via: Option<String>,
    pub rule: String,
    /// The paragraph the draft reaches to (a continuation moves it on).
    pub para: usize,
    /// The sentence it was found in: its paragraph and its index there.
    pub found_in: (usize, usize),
}

impl Draft {
    /// A direct quote a pass found outside the templates (a signed quote,
    /// a headline, a quoted transcript label), in paragraph `found_in.0`.
    pub(crate) fn direct(
        content: Range,
        speaker: Mention,
        cue: Range,
        rule: &str,
        found_in: (usize, usize),
    ) -> Draft {
        Draft {
            kind: Kind::Direct,
            spans: vec![content],
            speaker: Some(speaker),
            cue: Some(cue),
            via: None,
            rule: rule.to_string(),
            para: found_in.0,
            found_in,
        }
    }
}

/// Why a template match made no draft: each place where [`Hit::new`],
/// [`draft_from`] or the speaker slot ([`speaker::slot::read`]) turns a
/// match down. `whosaid explain` prints it ([`NoDraft::why`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NoDraft {
    /// The match took no `{cue}` group.
    NoCue,
    /// The `{quote}` slot holds no quotation of the text.
    NoQuotation,
    /// A short quoted phrase before the cue, with no comma after it, closes
    /// the clause before it ("calls it a \"rigged economy\" he says").
    ScareQuote,
    /// A quotation before the cue that ends its own sentence, or a few
    /// quoted words, belongs to the clause it stands in.
    QuoteInClause,
    /// The match took no `{content}` group.
    NoContent,
    /// The `{content}` slot is empty once trimmed.
    EmptyContent,
    /// The content opens with a tail (lexicon `tail_openers`).
    ContentOpensTail,
    /// The `{more}` segment opens with a tail (lexicon `tail_openers`).
    MoreOpensTail,
    /// The `{adjunct}` before "that" is too long: it holds the clause.
    LongAdjunct,
    /// The cue's verb does not introduce this kind (verbs.toml `kinds`).
    VerbRefusesKind,
    /// An indirect content shorter than [`MIN_INDIRECT_BYTES`].
    ShortContent,
    /// An indirect content opening with a lexicon `not_content_openers`
    /// word.
    NotContentOpener,
    /// A bare participle cue ("citing") in a pattern that reads its own
    /// speaker.
    BareParticiple,
    /// `speaker_from = "previous"` with a cue that is no participle.
    NotParticiple,
    /// `speaker_from = "previous"`: no draft before it in the sentence and
    /// no clause subject before the cue.
    NoPreviousSpeaker,
    /// The match took no `{speaker}` group.
    NoSpeakerSlot,
    /// A speaker after the cue where the cue cannot invert (an auxiliary,
    /// a participle, or a verb with `invert = false`).
    NoInversion,
    /// The phrase after the cue is the reported clause, not a speaker.
    ClauseAfterCue,
    /// Verb-second order: the phrase before the verb is a fronted
    /// adverbial, not the subject.
    FrontedAdverbial,
    /// A participle after a preposition ("by saying") with no clause
    /// subject before it.
    NoClauseSubject,
    /// A colon cue whose phrase is not wholly a name.
    ColonNeedsName,
    /// The speaker slot reads as no speaker.
    SpeakerUnreadable,
    /// A headline's speaker is no named person.
    HeadlineNotPerson,
    /// A headline's claim is longer than [`MAX_HEADLINE_BYTES`].
    HeadlineTooLong,
    /// A headline's claim or speaker has no headline's shape.
    HeadlineShape,
}

impl NoDraft {
    /// The refusal in words.
    pub(crate) fn why(self) -> &'static str {
        match self {
            NoDraft::NoCue => "the match has no cue",
            NoDraft::NoQuotation => "the {quote} slot holds no quotation",
            NoDraft::ScareQuote => "a scare quote closes the clause before the cue",
            NoDraft::QuoteInClause => "the quotation belongs to the clause before the cue",
            NoDraft::NoContent => "the match has no content",
            NoDraft::EmptyContent => "the content is empty",
            NoDraft::ContentOpensTail => "the content opens with a tail (tail_openers)",
            NoDraft::MoreOpensTail => "the {more} segment opens with a tail (tail_openers)",
            NoDraft::LongAdjunct => "the {adjunct} is too long (adjunct_max_words)",
            NoDraft::VerbRefusesKind => {
                "the cue's verb does not introduce this kind (verbs.toml kinds)"
            }
            NoDraft::ShortContent => "the indirect content is too short",
            NoDraft::NotContentOpener => "the content opens with a not_content_openers word",
            NoDraft::BareParticiple => "a bare participle cue is not finite",
            NoDraft::NotParticiple => "the cue is no participle (speaker_from = previous)",
            NoDraft::NoPreviousSpeaker => "no earlier speaker or clause subject in the sentence",
            NoDraft::NoSpeakerSlot => "the match has no speaker",
            NoDraft::NoInversion => "the cue cannot take its speaker after it",
            NoDraft::ClauseAfterCue => "the phrase after the cue is the reported clause",
            NoDraft::FrontedAdverbial => "the phrase before the verb is a fronted adverbial",
            NoDraft::NoClauseSubject => "no clause subject before the participle",
            NoDraft::ColonNeedsName => "a colon cue needs a name before it",
            NoDraft::SpeakerUnreadable => "the speaker slot reads as no speaker",
            NoDraft::HeadlineNotPerson => "a headline's speaker must be a named person",
            NoDraft::HeadlineTooLong => "the headline's claim is too long",
            NoDraft::HeadlineShape => "the headline's claim or speaker has no headline shape",
        }
    }
}

/// One template match at one cue, with what every reading of it needs.
pub(crate) struct Hit<'a, 'r> {
    pub rules: &'a RuleSet,
    pub text: &'a str,
    /// Reads speaker phrases in `text` (one per text, shared by its hits).
    pub reads: &'a Reader<'r>,
    pub masked: &'a Masked,
    pub pat: &'a CompiledPattern,
    pub caps: &'a Captures<'a>,
    /// Where the sentence starts (the captures are relative to it).
    pub ss: usize,
    /// The cue's absolute range and its text, lowercased.
    pub cue: Range,
    pub cue_text: Lower<'a>,
    /// Where the cue's last word ("said" of "has said") stands in
    /// `cue_text` (see [`Hit::verb_word`]).
    verb_at: Range,
    /// The verb form of the cue's last word, or of the whole cue.
    pub verb: Option<&'a VerbForm>,
}

impl<'a, 'r> Hit<'a, 'r> {
    /// A hit, when the match has a cue.
    pub(crate) fn new(
        reads: &'a Reader<'r>,
        masked: &'a Masked,
        pat: &'a CompiledPattern,
        caps: &'a Captures<'a>,
        ss: usize,
    ) -> Result<Hit<'a, 'r>, NoDraft> {
        let (rules, text) = (reads.rules, reads.text);
        let cue = abs(ss, &caps.name("cue").ok_or(NoDraft::NoCue)?);
        let cue_text = lower(&text[cue.0..cue.1]);
        let verb_word = cue_text.split_ws().last().unwrap_or("");
        // an empty last word stands at the end (it is only compared)
        let verb_at = if verb_word.is_empty() {
            (cue_text.len(), cue_text.len())
        } else {
            let at = verb_word.as_ptr() as usize - cue_text.as_ptr() as usize;
            (at, at + verb_word.len())
        };
        let verb = rules
            .verb(verb_word)
            .or_else(|| rules.verb(cue_text.trim()));
        Ok(Hit {
            rules,
            text,
            reads,
            masked,
            pat,
            caps,
            ss,
            cue,
            cue_text,
            verb_at,
            verb,
        })
    }

    /// The cue's last word, lowercased ("said" of "has said").
    pub fn verb_word(&self) -> &str {
        self.cue_text
            .get(self.verb_at.0..self.verb_at.1)
            .unwrap_or("")
    }

    /// A named group's absolute range.
    pub fn group(&self, name: &str) -> Option<Range> {
        self.caps.name(name).map(|g| abs(self.ss, &g))
    }
}

fn abs(ss: usize, m: &Group) -> Range {
    (ss + m.start(), ss + m.end())
}

/// The draft one hit makes, or why it reads as no attribution.
/// `same_sentence` holds the drafts already made in the hit's sentence.
pub(crate) fn draft_from(
    h: &Hit,
    found_in: (usize, usize),
    same_sentence: &[Draft],
) -> Result<Draft, NoDraft> {
    let content = content(h)?;
    if !adjunct_stands(h) {
        return Err(NoDraft::LongAdjunct);
    }
    let mut spans = content.spans;
    if !content.whole {
        skip_listener(h, &mut spans);
        end_at_quoted_participle(h, &mut spans);
    }
    if !content.whole {
        end_relative_clause(h, &mut spans);
    }
    let that_clause = that_clause(h, &mut spans);
    more_segment(h, &mut spans)?;
    let kind = kind_of(that_clause, h.pat.kind, content.whole, content.has_quote);
    if !verb_allows(h.verb, kind) {
        return Err(NoDraft::VerbRefusesKind);
    }
    content_stands(h, kind, &spans)?;
    if !finite_cue(h, kind) {
        return Err(NoDraft::BareParticiple);
    }
    let speaker = match h.pat.speaker_from {
        SpeakerFrom::Previous => previous_speaker(h, same_sentence)?,
        SpeakerFrom::Slot => speaker::slot::read(h)?,
    };
    // A headline needs a named speaker and a short claim.
    if kind == Kind::Headline {
        if speaker.kind != SpeakerType::Person {
            return Err(NoDraft::HeadlineNotPerson);
        }
        if spans[0].1 - spans[0].0 > MAX_HEADLINE_BYTES {
            return Err(NoDraft::HeadlineTooLong);
        }
        if !headline_shape(h.text, spans[0], &speaker) {
            return Err(NoDraft::HeadlineShape);
        }
    }
    let via = (h.group("via").or_else(|| h.group("tail_via")))
        .map(|(s, e)| h.text[s..e].to_string())
        .map(|v| outlet_name(h.rules, &v).unwrap_or(v))
        .or_else(|| dateline_outlet(h, speaker.span.0));
    Ok(Draft {
        kind,
        spans,
        speaker: Some(speaker),
        cue: Some(h.cue),
        via,
        rule: h.pat.id.clone(),
        para: found_in.0,
        found_in,
    })
}

/// The `{adjunct}` before a reported clause's "that" is a short phrase
/// ("on Tuesday", "in a statement", "reporters": at most patterns.toml
/// `adjunct_max_words`, when set, or [`PREPOSITIONAL_ADJUNCT_WORDS`] when
/// it opens with a preposition: "at a Pentagon briefing on Monday"). A
/// longer one holds the
/// clause itself, and its "that" opens a relative clause further on
/// ("said the scandal is the latest issue in her career that should give
/// voters pause"): the hit reads as no attribution, and a later pattern
/// takes the whole clause.
fn adjunct_stands(h: &Hit) -> bool {
    let (Some((a, b)), Some(_)) = (h.group("adjunct"), h.group("content")) else {
        return true;
    };
    let adjunct = &h.text[a..b];
    let prepositional = || {
        let first = adjunct.split_ws().next().unwrap_or("");
        h.rules.lexicon.prepositions.contains(&lower(first))
    };
    h.rules.adjunct_max_words.is_none_or(|max| {
        // (counted only as far as either bound: a longer adjunct fails both)
        let n = (adjunct.split_ws())
            .take(max.max(PREPOSITIONAL_ADJUNCT_WORDS).saturating_add(1))
            .count();
        n <= max || (n <= PREPOSITIONAL_ADJUNCT_WORDS && prepositional())
    })
}

/// `Ann Lee, who said the plan was sound, voted against it.`: a cue in a
/// relative clause (its speaker slot opens with a lexicon
/// `relative_pronouns` word after a comma) reports only up to the comma
/// or dash where the main clause's verb resumes (a lowercase speech verb
/// form, common verb or auxiliary, or a word ending in "-ed").
fn end_relative_clause(h: &Hit, spans: &mut [Range]) {
    let lex = &h.rules.lexicon;
    let Some((a, _)) = h.group("speaker") else {
        return;
    };
    // (the comma first: most speakers follow none)
    if !h.text[h.ss..a].trim_end().ends_with(',') {
        return;
    }
    let first = h.text[a..].split_ws().next().unwrap_or("");
    if !lex.relative_pronouns.contains(first) {
        return;
    }
    let (cs, ce) = spans[0];
    let content = &h.text[cs..ce];
    for sep in [", ", " — ", " – ", " -- "] {
        let mut from = 0;
        while let Some(i) = content[from..].find(sep).map(|i| from + i) {
            let next = content[i + sep.len()..].split_ws().next().unwrap_or("");
            let verb_like = next.starts_with(char::is_lowercase)
                && (lex.common_verbs.contains(next)
                    || lex.auxiliaries.contains(next)
                    || next.ends_with("ed")
                    || h.rules.verb(next).is_some_and(|_| !next.ends_with("ing")));
            if verb_like {
                spans[0] = trim_content(h.text, (cs, cs + i));
                return;
            }
            from = i + sep.len();
        }
    }
}

/// `told the Herald she would resign`: after a verb whose first object is
/// the listener (lexicon `listener_verbs`), the reported clause starts
/// after that object (and a "that"), when a clause plainly opens there.
fn skip_listener(h: &Hit, spans: &mut [Range]) {
    let lex = &h.rules.lexicon;
    let Some(&(cs, ce)) = spans.first() else {
        return;
    };
    if cs < h.cue.1 || !lex.listener_verbs.contains(h.verb_word()) {
        return;
    }
    let clause = &h.text[cs..ce];
    let base = clause.as_ptr() as usize;
    // listener_end reads at most MAX_LISTENER_WORDS + 1 words, and a
    // "that" may follow them: the words after those are never asked
    let ws: Vec<(usize, &str)> = clause
        .split_ws()
        .take(MAX_LISTENER_WORDS + 2)
        .map(|w| (w.as_ptr() as usize - base, w))
        .collect();
    let Some(at) = listener_end(h.rules, &ws) else {
        return;
    };
    let mut at = at;
    if ws.get(at).is_some_and(|(_, w)| *w == "that") {
        at += 1;
    }
    if let Some(&(off, _)) = ws.get(at) {
        spans[0] = trim_content(h.text, (cs + off, ce));
    }
}

/// `said things "should be wrapped up by Cleveland," referring to the
/// convention`: a participle after a quotation and its comma opens the
/// writer's own clause, so the reported clause ends with the quotation.
fn end_at_quoted_participle(h: &Hit, spans: &mut [Range]) {
    let Some(&(cs, ce)) = spans.first() else {
        return;
    };
    let text = h.text;
    let cut = h.masked.quotes_in(cs, ce).find_map(|q| {
        let inner = text[q.inner.0..q.inner.1].trim_end();
        let rest = &text[q.outer.1..ce];
        let after_comma = match rest.strip_prefix(',') {
            Some(r) => r,
            None if inner.ends_with(',') => rest,
            None => return None,
        };
        let word = after_comma.strip_prefix(' ')?.split_ws().next()?;
        let participle =
            word.len() > 4 && word.ends_with("ing") && word.chars().all(|c| c.is_ascii_lowercase());
        participle.then_some(q.outer.1)
    });
    if let Some(end) = cut {
        spans[0] = (cs, end);
    }
}

/// How many words of a clause after a listener verb name the listener
/// ("reporters", "the Herald", "him"), when the next word plainly opens
/// the reported clause ("that", a subject pronoun, a determiner, a name).
const MAX_LISTENER_WORDS: usize = 4;

fn listener_end(rules: &RuleSet, ws: &[(usize, &str)]) -> Option<usize> {
    let lex = &rules.lexicon;
    let bare = |i: usize| ws.get(i).map(|(_, w)| w.trim_end_matches([',', ';', ':']));
    let lower = |i: usize| bare(i).map(str::to_lowercase);
    let is_cap = |i: usize| bare(i).is_some_and(|w| w.starts_with(char::is_uppercase));
    let opens_clause = |i: usize, after_name: bool| {
        let (Some(w), Some(lw)) = (bare(i), lower(i)) else {
            return false;
        };
        w == "that"
            || lex.new_clause_subjects.contains(w)
            || lex.determiners.contains(&lw)
            || (!after_name && w.starts_with(char::is_uppercase))
    };
    let first = lower(0)?;
    // "told him the plan was dead"
    if lex.object_pronouns.contains(&first) && opens_clause(1, false) {
        return Some(1);
    }
    let mut i = usize::from(lex.determiners.contains(&first));
    if is_cap(i) {
        // "the Herald", "Fox News": the capitalised run is the listener
        while i < MAX_LISTENER_WORDS
            && (is_cap(i) || bare(i).is_some_and(|w| lex.name_particles.contains(w)))
        {
            i += 1;
        }
        return opens_clause(i, true).then_some(i);
    }
    // "reporters", "a crowd of supporters": a few lowercase words
    (i + 1..=MAX_LISTENER_WORDS).find(|&end| {
        let last = lower(end - 1).unwrap_or_default();
        (i..end).all(|k| bare(k).is_some_and(|w| w.starts_with(char::is_lowercase)))
            && !lex.function_words.contains(&last)
            && !lex.determiners.contains(&last)
            && rules.verb(&last).is_none()
            && opens_clause(end, false)
    })
}

/// `PORTLAND, Maine (AP) — Officials said`: the agency in parentheses in
/// a dateline before the speaker is the record's outlet.
fn dateline_outlet(h: &Hit, speaker_start: usize) -> Option<String> {
    let before = h.text.get(h.ss..speaker_start)?;
    let open = before.rfind('(')?;
    let close = open + before[open..].find(')')?;
    let after = before[close + 1..].trim_start();
    if !after.starts_with(['—', '–', '―', '-']) {
        return None;
    }
    outlet_name(h.rules, &before[open + 1..close])
}

/// Whether a headline attribution has a headline's shape: a claim of a
/// few words and a short name without digits after the colon.
fn headline_shape(text: &str, (s, e): Range, speaker: &Mention) -> bool {
    let claim_words = text[s..e].split_ws().count();
    let name = &text[speaker.span.0..speaker.span.1];
    HEADLINE_CLAIM_WORDS.contains(&claim_words)
        && name.split_ws().count() <= MAX_HEADLINE_SPEAKER_WORDS
        && !name.contains(|c: char| c.is_ascii_digit())
}

/// A hit's content: one quotation, or a clause (which may hold quotations).
struct Content {
    spans: Vec<Range>,
    /// The content is one quotation, whole.
    whole: bool,
    /// The content holds a quotation.
    has_quote: bool,
}

fn content(h: &Hit) -> Result<Content, NoDraft> {
    match h.group("quote") {
        Some(qa) => quote_content(h, qa),
        None => clause_content(h),
    }
}

/// The `{quote}` slot's quotation, unless it belongs to a clause before
/// the cue.
fn quote_content(h: &Hit, qa: Range) -> Result<Content, NoDraft> {
    let text = h.text;
    let quote = h.masked.quote_at(qa.0).ok_or(NoDraft::NoQuotation)?;
    // `… calls it a "rigged economy" he says`: a short quoted phrase
    // with no stop or comma of its own closes the clause before it; it
    // is no quotation that the following cue introduces
    if qa.1 <= h.cue.0 && is_scare_quote(text, quote.inner) {
        let gap_end = h
            .group("speaker")
            .map_or(h.cue.0, |sp| sp.0)
            .max(quote.outer.1);
        if !text[quote.outer.1..gap_end].contains(',') {
            return Err(NoDraft::ScareQuote);
        }
    }
    // `Pataki says Kasich "has a record." He warns that …` or `the
    // approach remained "one of commitment," Carter said`: a quotation
    // that ends its own sentence, or a few quoted words, inside a clause
    // belong to that clause
    let inner = text[quote.inner.0..quote.inner.1].trim_end();
    if qa.1 <= h.cue.0
        && (inner.ends_with('.') || inner.split_ws().nth(CLAUSE_QUOTE_WORDS).is_none())
    {
        let lead = text[h.ss..quote.outer.0].trim_end();
        if !lead.is_empty() && !lead.ends_with([':', ',']) {
            return Err(NoDraft::QuoteInClause);
        }
    }
    Ok(Content {
        spans: vec![quote.inner],
        whole: true,
        has_quote: true,
    })
}

/// The `{content}` slot's clause, trimmed; a single quotation filling it is
/// the content on its own.
fn clause_content(h: &Hit) -> Result<Content, NoDraft> {
    let (cs, ce) = trim_content(h.text, h.group("content").ok_or(NoDraft::NoContent)?);
    if ce <= cs {
        return Err(NoDraft::EmptyContent);
    }
    if opens_tail(h.rules, &h.text[cs..ce]) {
        return Err(NoDraft::ContentOpensTail);
    }
    // the clause's first quotation, and whether it is its only one (no
    // list of them is collected)
    let mut quotes = h.masked.quotes_in(cs, ce);
    let first = quotes.next();
    let only = first.filter(|_| quotes.next().is_none());
    Ok(match only {
        Some(q) if q.outer.0 <= cs + 1 && q.outer.1 + 1 >= ce => Content {
            spans: vec![q.inner],
            whole: true,
            has_quote: true,
        },
        _ => Content {
            spans: vec![(cs, ce)],
            whole: false,
            has_quote: first.is_some(),
        },
    })
}

/// Whether a clause opens with a tail ("according to …") rather than
/// reported words.
fn opens_tail(rules: &RuleSet, clause: &str) -> bool {
    rules.speaker.opens_tail(clause)
}

/// `said that in her state, "there is pessimism."`: a reported clause
/// opened by "that" before the quotation is part of the content. Returns
/// the kind such a clause gives.
fn that_clause(h: &Hit, spans: &mut Vec<Range>) -> Option<Kind> {
    let (a0, a1) = h.group("adjunct")?;
    let q = h.group("quote")?;
    let adjunct = h.text[a0..a1].trim_start();
    let clause = adjunct.strip_prefix("that ")?;
    let quote = h.masked.quote_at(q.0)?;
    *spans = vec![(a1 - clause.len(), quote.outer.1)];
    Some(Kind::Mixed)
}

/// The `{more}` slot's clause, a further segment; an error when it opens
/// with a tail (the whole hit then reads as no attribution).
fn more_segment(h: &Hit, spans: &mut Vec<Range>) -> Result<(), NoDraft> {
    let Some(more) = h.group("more") else {
        return Ok(());
    };
    let (ms, me) = trim_content(h.text, more);
    if opens_tail(h.rules, &h.text[ms..me]) {
        return Err(NoDraft::MoreOpensTail);
    }
    if me > ms {
        spans.push((ms, me));
    }
    Ok(())
}

/// The kind of a new draft: a "that" clause holding a quotation is mixed;
/// else the pattern's fixed kind, or (`kind = "auto"`) direct for one whole
/// quotation, mixed for a clause holding one, indirect otherwise.
pub(crate) fn kind_of(that_clause: Option<Kind>, rule: KindRule, whole: bool, quote: bool) -> Kind {
    match (that_clause, rule) {
        (Some(k), _) => k,
        (None, KindRule::Fixed(k)) => k,
        (None, KindRule::Auto) if whole => Kind::Direct,
        (None, KindRule::Auto) if quote => Kind::Mixed,
        (None, KindRule::Auto) => Kind::Indirect,
    }
}

/// A quotation whose closing mark (and a stop or comma) ends at most this
/// many bytes after a trimmed clause still counts as inside it.
const QUOTE_END_SLACK: usize = 3;

/// Mixed when a reported clause `(s, e)` holds a quotation, else indirect
/// (other kinds stay).
pub(crate) fn content_kind(masked: &Masked, (s, e): Range, current: Kind) -> Kind {
    match current {
        Kind::Mixed | Kind::Indirect => {
            if masked.quotes_in(s, e + QUOTE_END_SLACK).next().is_some() {
                Kind::Mixed
            } else {
                Kind::Indirect
            }
        }
        k => k,
    }
}

/// The kind of a draft that takes a quotation spelling out its short
/// reported content (`Cruz tweeted a warning. "…"`).
pub(crate) fn kind_with_spelled_out_quote(_current: Kind) -> Kind {
    Kind::Mixed
}

/// The kind of a draft whose introduction ends in a colon and takes the
/// next paragraph's quotation ("Reyes explained his objections:").
pub(crate) fn kind_with_block_quote(current: Kind) -> Kind {
    if current == Kind::Indirect {
        Kind::Mixed
    } else {
        current
    }
}

/// Whether the cue's verb (verbs.toml `kinds`) introduces this kind.
fn verb_allows(verb: Option<&VerbForm>, kind: Kind) -> bool {
    verb.is_none_or(|v| match kind {
        Kind::Direct => v.direct,
        Kind::Mixed => v.mixed || v.indirect,
        Kind::Indirect => v.indirect,
        Kind::Headline => true,
    })
}

/// An indirect content must be a clause of some length that does not open
/// like "estimated by Forbes" or "his home state of Texas" (lexicon
/// `not_content_openers`, ranked on the train split).
fn content_stands(h: &Hit, kind: Kind, spans: &[Range]) -> Result<(), NoDraft> {
    if kind != Kind::Indirect {
        return Ok(());
    }
    let (s, e) = spans[0];
    if e - s < MIN_INDIRECT_BYTES {
        return Err(NoDraft::ShortContent);
    }
    let first = h.text[s..e].split_ws().next().unwrap_or("");
    if h.rules.lexicon.not_content_openers.contains(first) {
        return Err(NoDraft::NotContentOpener);
    }
    Ok(())
}

/// A bare participle ("citing", "saying") is no finite attribution: only
/// the participle patterns, which take the clause's speaker, use one
/// (a progressive "is saying" is finite). After a lexicon
/// `participle_prepositions` word, a participle that reports a quotation
/// stands: "ended the talk by saying, \"…\"" (the speaker slot then takes
/// the clause subject).
fn finite_cue(h: &Hit, kind: Kind) -> bool {
    if h.pat.speaker_from != SpeakerFrom::Slot || !h.verb_word().ends_with("ing") {
        return true;
    }
    let before = h.text[..h.cue.0].trim_end();
    (h.rules.lexicon.progressive_auxiliaries.iter()).any(|aux| before.ends_with(aux))
        || (kind != Kind::Indirect && participle_after_preposition(h))
}

/// Whether the cue is a participle right after a lexicon
/// `participle_prepositions` word ("by saying").
pub(crate) fn participle_after_preposition(h: &Hit) -> bool {
    if !h.verb_word().ends_with("ing") {
        return false;
    }
    let before = h.text[..h.cue.0].trim_end();
    let last = before.rsplit(char::is_whitespace).next().unwrap_or("");
    h.rules.lexicon.participle_prepositions.contains(last)
}

/// `speaker_from = "previous"`: a participle cue ("…, saying …") takes the
/// speaker of the sentence's last draft, or the subject of its clause.
fn previous_speaker(h: &Hit, same_sentence: &[Draft]) -> Result<Mention, NoDraft> {
    if !h.cue_text.ends_with("ing") {
        return Err(NoDraft::NotParticiple);
    }
    match same_sentence.last() {
        Some(d) => d.speaker.clone(),
        None => h.reads.clause_subject(h.ss, h.cue.0),
    }
    .ok_or(NoDraft::NoPreviousSpeaker)
}

/// A few quoted words that end with no punctuation ("rigged economy").
fn is_scare_quote(text: &str, (s, e): Range) -> bool {
    let inner = text[s..e].trim_end();
    inner.chars().last().is_some_and(char::is_alphanumeric)
        && inner.split_ws().nth(SCARE_QUOTE_WORDS).is_none()
}

/// The canonical outlet name when `phrase` names one.
fn outlet_name(rules: &RuleSet, phrase: &str) -> Option<String> {
    let p = phrase.trim();
    let p = p.strip_prefix("the ").unwrap_or(p);
    rules
        .outlets
        .iter()
        .find(|o| p.eq_ignore_ascii_case(o))
        .map(|o| o.strip_prefix("the ").unwrap_or(o).to_string())
}

/// Trims a reported clause: a leading "that", trailing punctuation.
pub(crate) fn trim_content(text: &str, (mut s, mut e): Range) -> Range {
    let t = &text[s..e];
    if let Some(rest) = t.strip_prefix("that ") {
        s = e - rest.len();
    }
    while e > s {
        let c = text[..e].chars().next_back().unwrap_or(' ');
        if c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':') {
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    while s < e && text[s..].starts_with(char::is_whitespace) {
        s += text[s..].chars().next().map_or(1, char::len_utf8);
    }
    (s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_kind_follows_the_content() {
        assert_eq!(kind_of(None, KindRule::Auto, true, true), Kind::Direct);
        assert_eq!(kind_of(None, KindRule::Auto, false, true), Kind::Mixed);
        assert_eq!(kind_of(None, KindRule::Auto, false, false), Kind::Indirect);
        assert_eq!(
            kind_of(Some(Kind::Mixed), KindRule::Fixed(Kind::Direct), true, true),
            Kind::Mixed
        );
        assert_eq!(kind_with_block_quote(Kind::Indirect), Kind::Mixed);
        assert_eq!(kind_with_block_quote(Kind::Direct), Kind::Direct);
    }

    #[test]
    fn content_is_trimmed_of_that_and_stops() {
        let t = "that it rained. ";
        let (s, e) = trim_content(t, (0, t.len()));
        assert_eq!(&t[s..e], "it rained");
    }
}
