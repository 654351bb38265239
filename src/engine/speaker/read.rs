//! Reading a speaker phrase next to a cue: its name, title, type and
//! gender ("US Secretary of War Pete Hegseth" → name "Pete Hegseth", title
//! "US Secretary of War", a person), and the subject of a clause a cue
//! leans on ("Kasich bemoaned …, saying …").

use super::lower::{lower, split_ws, Lower};
use crate::engine::speaker::lower::SplitWsExt;
use crate::record::SpeakerType;
use crate::rules::{Class, Classes, Gender, RuleSet};
use rustc_hash::FxHashMap;
use std::cell::RefCell;

/// Which side of the cue a speaker phrase stands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// "Trump said": the speaker ends where the cue starts.
    BeforeCue,
    /// "said Trump, a ...": the speaker starts after the cue.
    AfterCue,
}

/// A speaker phrase as read at one attribution site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte span of the phrase in the text.
    pub span: (usize, usize),
    /// The name part ("Pete Hegseth") or the whole phrase for groups.
    pub name: String,
    /// The title before the name, if any ("Defense Secretary").
    pub title: Option<String>,
    pub kind: SpeakerType,
    pub gender: Option<Gender>,
}

/// A word of the text with its byte span.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    s: usize,
    e: usize,
    w: &'a str,
    /// The lexicon lists that hold the word's lowercase form, once read
    /// (a speaker phrase asks several lists about the same words).
    c: Option<Classes>,
}

impl Word<'_> {
    /// The lexicon lists that hold the word's lowercase form. (Most
    /// questions find them read already: that answer is inlined, the
    /// lookup is not.)
    #[inline]
    fn classes(&self, rules: &RuleSet) -> Classes {
        match self.c {
            Some(c) => c,
            None => self.look_up(rules),
        }
    }

    /// The lists that hold the word's lowercase form, looked up.
    #[inline(never)]
    fn look_up(&self, rules: &RuleSet) -> Classes {
        rules.lexicon.classes_of_bytes(lower(self.w).as_bytes())
    }

    /// The lexicon lists that hold the word exactly as written.
    fn exact_classes(&self, rules: &RuleSet) -> Classes {
        if (self.w.bytes()).any(|b| b.is_ascii_uppercase() || b >= 0x80) {
            rules.lexicon.classes(self.w)
        } else {
            self.classes(rules)
        }
    }

    /// Reads the lists that hold the word's lowercase form.
    fn read_classes(&mut self, rules: &RuleSet) -> Classes {
        let c = self.classes(rules);
        self.c = Some(c);
        c
    }
}

fn words<'t>(rules: &RuleSet, text: &'t str, start: usize, end: usize) -> Vec<Word<'t>> {
    let mut out = Vec::new();
    words_into(rules, text, start, end, &mut out);
    out
}

/// [`words`] in `out` (cleared first), whose room a reader keeps from one
/// phrase to the next.
fn words_into<'t>(
    rules: &RuleSet,
    text: &'t str,
    start: usize,
    end: usize,
    out: &mut Vec<Word<'t>>,
) {
    let seg = &text[start..end];
    let base = seg.as_ptr() as usize;
    out.clear();
    // room for words of four bytes with their space: no regrowing
    out.reserve(seg.len() / 4 + 1);
    out.extend(
        split_ws(seg)
            .filter(|part| !is_party_tag(part))
            .filter_map(|part| {
                // keep name punctuation (Sen., O'Brien); drop clause punctuation
                let t = trim_word(part);
                // a full stop ends the sentence, unless the word is an
                // abbreviation or an initial ("Sen.", "U.S.", "J."); a word
                // with no stop at its end keeps what it has
                let keep_dot = !t.ends_with('.')
                    || t.len() <= 2
                    || t.trim_end_matches('.').contains('.')
                    || rules.abbreviations.contains(t);
                let t = if keep_dot { t } else { t.trim_end_matches('.') };
                if t.is_empty() {
                    return None;
                }
                let s = start + (t.as_ptr() as usize - base);
                Some(Word {
                    s,
                    e: s + t.len(),
                    w: t,
                    c: None,
                })
            }),
    );
}

/// A word of a phrase less what stands before its first letter or digit
/// (an opening bracket aside) and the clause punctuation around it. Most
/// words open with an ASCII letter and end with neither punctuation nor a
/// curly quotation mark's last byte: they are their own trimmed form, found
/// without a character decoded.
fn trim_word(part: &str) -> &str {
    let b = part.as_bytes();
    let clean_start = b
        .first()
        .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'(');
    // “ and ” end in 0x9C and 0x9D: a last byte of neither, and no clause mark
    let clean_end = b
        .last()
        .is_some_and(|&c| !matches!(c, b',' | b';' | b':' | b'"' | 0x9C | 0x9D));
    if clean_start && clean_end {
        return part;
    }
    part.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(')
        .trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '"' | '“' | '”'))
}

/// "(D-Ore.)", "(R)", "(I-Vt.)": a party tag after a US politician's name.
fn is_party_tag(part: &str) -> bool {
    // (a word that opens with no bracket is none, whatever its end)
    if !part.starts_with('(') {
        return false;
    }
    let t = part.trim_end_matches([',', ':', ';', '.']);
    t.len() <= 12
        && t.starts_with('(')
        && t.ends_with(')')
        && t[1..].starts_with(|c: char| c.is_ascii_uppercase())
}

/// Days and time adverbs that stand between a speaker and a cue. A word
/// with no closing comma or 's is its own bare form, and asks the lists it
/// reads (and keeps) instead.
fn is_time_word(rules: &RuleSet, word: &mut Word) -> bool {
    let w = word.w;
    if !(w.ends_with(',') || w.ends_with("'s") || w.ends_with("'S")) {
        return word.read_classes(rules).has(Class::time_words);
    }
    let lw = lower(w);
    let bare = lw.trim_end_matches(',').trim_end_matches("'s");
    rules.lexicon.time_words.contains(bare)
}

fn is_cap(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

pub(crate) fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .or_else(|| w.strip_suffix('\''))
        .or_else(|| w.strip_suffix('’'))
        .unwrap_or(w)
}

/// The speaker phrases of one text and one rule set, read through one
/// value: the find stage makes one per text ([`Reader::remembering`]) and
/// hands it down to every hit ([`crate::engine::draft::Hit`]), so the
/// patterns of a sentence that read the same phrase at the same cue (a
/// quarter of all reads) read it once. A read depends only on the rules,
/// the text and the place, and the reader holds the first two for its
/// whole life: what it remembers can only answer for its own text.
pub(crate) struct Reader<'a> {
    pub rules: &'a RuleSet,
    pub text: &'a str,
    /// The readings so far by place, or `None` when every read is done
    /// afresh ([`Reader::once`]).
    memo: Option<RefCell<Readings>>,
    /// The words of the phrase being read: one buffer for every read.
    words: RefCell<Vec<Word<'a>>>,
}

/// A text has about one speaker read per this many bytes (the train
/// texts: one per 210), for the room [`Reader::remembering`] makes.
const READ_EVERY_BYTES: usize = 128;

/// Readings by where the phrase stands and the side of its cue.
type Readings = FxHashMap<(usize, usize, Side), Option<Mention>>;

impl<'a> Reader<'a> {
    /// A reader that remembers each place it has read.
    pub(crate) fn remembering(rules: &'a RuleSet, text: &'a str) -> Reader<'a> {
        // room for the reads of a text at once (about one per 200 bytes,
        // most of them new): a map grown from empty rehashed four times
        let room = text.len() / READ_EVERY_BYTES;
        Reader {
            rules,
            text,
            memo: Some(RefCell::new(Readings::with_capacity_and_hasher(
                room,
                Default::default(),
            ))),
            words: RefCell::default(),
        }
    }

    /// A reader for a few reads, which remembers none of them.
    pub(crate) fn once(rules: &'a RuleSet, text: &'a str) -> Reader<'a> {
        Reader {
            rules,
            text,
            memo: None,
            words: RefCell::default(),
        }
    }

    /// [`read_speaker`] in this reader's text, answered from its memo
    /// when the place was read before.
    pub(crate) fn speaker(&self, start: usize, end: usize, side: Side) -> Option<Mention> {
        let Some(memo) = &self.memo else {
            return self.read(start, end, side);
        };
        let key = (start, end, side);
        if let Some(known) = memo.borrow().get(&key) {
            return known.clone();
        }
        let m = self.read(start, end, side);
        memo.borrow_mut().insert(key, m.clone());
        m
    }

    /// [`read_phrase`] with this reader's word buffer.
    fn read(&self, start: usize, end: usize, side: Side) -> Option<Mention> {
        let mut ws = self.words.borrow_mut();
        read_phrase(self.rules, self.text, start, end, side, &mut ws)
    }

    /// How many places this reader remembers (tests).
    #[cfg(test)]
    fn remembered(&self) -> usize {
        self.memo.as_ref().map_or(0, |m| m.borrow().len())
    }
}

/// Reads the speaker phrase in `[start, end)` of `text`, next to a cue on
/// `side`. Returns `None` when the words cannot be a speaker. (A stage
/// that reads many phrases of one text reads them through one
/// [`Reader::remembering`].)
pub fn read_speaker(
    rules: &RuleSet,
    text: &str,
    start: usize,
    end: usize,
    side: Side,
) -> Option<Mention> {
    read_phrase(rules, text, start, end, side, &mut Vec::new())
}

/// [`read_speaker`] itself, with no memo, reading the phrase's words into
/// `ws`.
fn read_phrase<'t>(
    rules: &RuleSet,
    text: &'t str,
    start: usize,
    end: usize,
    side: Side,
    ws: &mut Vec<Word<'t>>,
) -> Option<Mention> {
    // "PORTLAND, Maine (AP) — Officials said": a dateline before a dash
    // is no part of the speaker
    let start = match side {
        Side::BeforeCue => after_last_dash(text, start, end),
        Side::AfterCue => start,
    };
    phrase_words(rules, text, start, end, side, ws);
    if ws.is_empty() {
        return None;
    }
    // "…, said the audit was late": a phrase after the cue holding a finite
    // verb is a clause, not an inverted speaker
    if side == Side::AfterCue && ws.iter().skip(1).any(|w| is_finite_verb(rules, w)) {
        return None;
    }
    // A pronoun next to the cue is the speaker on its own.
    let near = match side {
        Side::BeforeCue => ws[ws.len() - 1],
        Side::AfterCue => ws[0],
    };
    if let Some(g) = rules.pronouns.get(&*lower(near.w)) {
        // "said he wanted more" is a clause, not an inverted speaker
        if side == Side::AfterCue && ws.len() > 1 {
            return None;
        }
        return Some(Mention {
            span: (near.s, near.e),
            name: near.w.to_string(),
            title: None,
            kind: SpeakerType::Pronoun,
            gender: Some(*g),
        });
    }
    trim_phrase(rules, ws, side);
    if side == Side::BeforeCue {
        if let Some(m) = quantity(rules, text, ws) {
            return Some(m);
        }
    }
    if cannot_speak(rules, ws) {
        return None;
    }
    let span = (ws[0].s, ws[ws.len() - 1].e);
    let phrase = &text[span.0..span.1];
    classify(rules, ws, phrase, span, side)
}

/// Dashes that set a dateline off from the sentence ("BRUSSELS — …",
/// "TOKYO, June 9 (Reuters) - …").
const DATELINE_DASHES: [&str; 5] = [" — ", " – ", " ― ", " - ", " -- "];

/// Where a phrase before its cue starts once a dateline before its last
/// standalone dash is left out.
fn after_last_dash(text: &str, start: usize, end: usize) -> usize {
    let seg = &text[start..end];
    // every dash ends with a space: the last space that ends one is where
    // the latest of them ends (one backward pass, no search per dash)
    let b = seg.as_bytes();
    // a space a dash's last byte stands before (most stand after a word)
    let after_dash =
        |p: usize| p > 0 && (DATELINE_DASHES.iter()).any(|d| d.as_bytes()[d.len() - 2] == b[p - 1]);
    memchr::memrchr_iter(b' ', b)
        .filter(|&p| after_dash(p))
        .find(|&p| DATELINE_DASHES.iter().any(|d| seg[..=p].ends_with(d)))
        .map_or(start, |p| start + p + 1)
}

/// A lowercase finite verb or auxiliary (lexicon `common_verbs`,
/// `auxiliaries`).
fn is_finite_verb(rules: &RuleSet, w: &Word) -> bool {
    w.w.starts_with(char::is_lowercase) && {
        let c = w.exact_classes(rules);
        c.has(Class::common_verbs) || c.has(Class::auxiliaries)
    }
}

/// The words of the phrase that belong to the speaker: time words next to
/// the cue go, and the phrase stops at a clause break (lexicon
/// `break_left` before the cue, `break_right` after it).
fn phrase_words<'t>(
    rules: &RuleSet,
    text: &'t str,
    start: usize,
    end: usize,
    side: Side,
    all: &mut Vec<Word<'t>>,
) {
    words_into(rules, text, start, end, all);
    if side == Side::BeforeCue {
        // "Priebus later Thursday told": time words next to the cue are no name
        while let [_, .., last] = &mut all[..] {
            if !is_time_word(rules, last) {
                break;
            }
            all.pop();
        }
    }
    match side {
        Side::BeforeCue => {
            let mut cut = 0;
            for i in (0..all.len()).rev() {
                if all[i].read_classes(rules).has(Class::break_left)
                    && !inside_organization_name(rules, all, i)
                {
                    cut = i + 1;
                    break;
                }
            }
            all.drain(..cut);
        }
        Side::AfterCue => {
            // the first word (after the first) that breaks the phrase
            if let Some(w) = all.first_mut() {
                w.read_classes(rules);
            }
            let stop = (1..all.len()).find(|&i| {
                let c = all[i].read_classes(rules);
                if !c.has(Class::break_right) {
                    return false;
                }
                let next_lower = all.get(i + 1).is_some_and(|n| !is_cap(n.w));
                if all[i].w.eq_ignore_ascii_case("and") && !next_lower {
                    return false;
                }
                // "sources familiar with", "officials briefed on": a
                // post-modifier, not the end of the phrase
                let post_modifier = all[i - 1].classes(rules).has(Class::post_modifiers);
                // "the Office for Budget Responsibility": a link between
                // capitalised words stays inside the name
                let name_link = c.has(Class::noun_phrase_links)
                    && is_cap(all[i - 1].w)
                    && all.get(i + 1).is_some_and(|n| is_cap(n.w));
                !post_modifier && !name_link
            });
            all.truncate(stop.unwrap_or(all.len()));
        }
    }
}

/// "The Association of Letter Carriers and Postal Workers": a joining word
/// (word `i`) between capitalised words, after a capitalised run that holds
/// a name link ("of"), is part of one organisation's name.
fn inside_organization_name(rules: &RuleSet, ws: &[Word], i: usize) -> bool {
    if i == 0 || !ws.get(i + 1).is_some_and(|n| is_cap(n.w)) || !is_cap(ws[i - 1].w) {
        return false;
    }
    ws[..i]
        .iter()
        .rev()
        .take_while(|w| is_cap(w.w) || is_particle(rules, w.w))
        .any(|w| rules.lexicon.noun_phrase_links.contains(w.w))
}

/// A phrase longer than this many words keeps only the words nearest the
/// cue ([`NEAR_CUE_WORDS`]).
const MAX_PHRASE_WORDS: usize = 14;
/// How many words a too-long phrase keeps.
const NEAR_CUE_WORDS: usize = 6;

/// A too-long phrase cut to the words nearest the cue, less a leading
/// adverb-like lowercase word that is no determiner or head.
fn trim_phrase(rules: &RuleSet, ws: &mut Vec<Word>, side: Side) {
    if ws.len() > MAX_PHRASE_WORDS {
        match side {
            Side::BeforeCue => drop(ws.drain(..ws.len() - NEAR_CUE_WORDS)),
            Side::AfterCue => ws.truncate(NEAR_CUE_WORDS),
        }
    }
    while ws.len() > 1 {
        let c = ws[0].classes(rules);
        if !is_cap(ws[0].w)
            && !c.has(Class::determiners)
            && !is_head(c)
            && lower(ws[0].w).ends_with("ly")
        {
            ws.remove(0);
        } else {
            break;
        }
    }
}

/// A quantity of people at most this many words long ("nearly half of
/// the voters surveyed") speaks as a group.
const MAX_QUANTITY_WORDS: usize = 8;

/// "Nearly half said", "42% say", "55 percent of Republicans believe",
/// "About 4 in 10 say", "Some say": a phrase before its cue that opens,
/// after any qualifiers (lexicon `quantity_qualifiers`), with a number or a
/// quantity word (lexicon `quantity_words`) is the share of a poll or a
/// crowd that speaks, a group. A bare year ("2016 saw") is none.
fn quantity(rules: &RuleSet, text: &str, ws: &[Word]) -> Option<Mention> {
    if ws.len() > MAX_QUANTITY_WORDS {
        return None;
    }
    // the first word after the qualifiers, lowercased one at a time: most
    // phrases (names, roles) fail at their first word
    let first = (ws.iter()).position(|w| !w.classes(rules).has(Class::quantity_qualifiers))?;
    let head = lower(ws[first].w);
    let head = &*head;
    // digits, with any commas and a closing "%" left out
    let number = head.trim_end_matches('%');
    let is_number =
        number.chars().any(|c| c != ',') && number.chars().all(|c| c.is_ascii_digit() || c == ',');
    let is_year =
        head.len() == 4 && is_number && (head.starts_with("19") || head.starts_with("20"));
    if !(ws[first].classes(rules).has(Class::quantity_words) || (is_number && !is_year)) {
        return None;
    }
    // "Ann Lee, 49, said": an age; "1,475 pledged delegates": the end of
    // a number cut at its comma; "Hundreds of": a phrase cut short
    let before = text[..ws[0].s].trim_end_matches(' ');
    if (ws.len() == 1 && is_number && !head.ends_with('%'))
        || (before.ends_with(',')
            && before[..before.len() - 1].ends_with(|c: char| c.is_ascii_digit()))
        || ws[ws.len() - 1].classes(rules).has(Class::function_words)
    {
        return None;
    }
    // "Some of them": the rest of the phrase holds no verb or clause break
    if ws[first + 1..].iter().any(|w| {
        let c = w.classes(rules);
        c.has(Class::common_verbs) || c.has(Class::auxiliaries)
    }) {
        return None;
    }
    let span = (ws[0].s, ws[ws.len() - 1].e);
    Some(mention(
        span,
        text[span.0..span.1].to_string(),
        None,
        SpeakerType::Group,
        Some(Gender::Plural),
    ))
}

/// Words that cannot be a speaker: a non-speaker opener, determiners
/// alone, a prepositional phrase, a phrase cut short, a number.
fn cannot_speak(rules: &RuleSet, ws: &[Word]) -> bool {
    let first = ws[0].classes(rules);
    first.has(Class::not_speaker)
        || (ws.iter()).all(|w| w.classes(rules).has(Class::determiners))
        // "In Oklahoma", "of the party": a prepositional phrase (but "From
        // said" names Al From)
        || (first.has(Class::prepositions) && (ws.len() > 1 || !is_cap(ws[0].w)))
        // "secretary of", "voters who", "an open": a phrase cut short
        || ws[ws.len() - 1].classes(rules).has(Class::function_words)
        // "2025", "12": numbers never speak
        || !ws.iter().any(|w| w.w.chars().any(char::is_alphabetic))
        || (ws.len() == 1 && ws[0].w.chars().next().is_some_and(|c| c.is_ascii_digit()))
}

/// The subject of the clause in `[start, end)`: the noun phrase that opens
/// it, after any leading adverbial set off by a comma ("On Wednesday, he
/// seemed to …" → "he"). Used for a participle cue with no earlier
/// attribution in its sentence ("Kasich bemoaned …, saying that …").
pub fn clause_subject(rules: &RuleSet, text: &str, start: usize, end: usize) -> Option<Mention> {
    Reader::once(rules, text).clause_subject(start, end)
}

impl Reader<'_> {
    /// [`clause_subject`] in this reader's text.
    pub(crate) fn clause_subject(&self, start: usize, end: usize) -> Option<Mention> {
        let rules = self.rules;
        subject_before(self, start, end, |w| looks_like_verb(rules, w))
    }

    /// The subject of a clause joined to a cue by "and" ("Mrs. Clinton
    /// shook her head and said", "He then adopted an accent and joked"):
    /// `[start, end)` is the clause before "and", which the cue's own verb
    /// follows, so any lowercase word after the subject is taken for its
    /// verb.
    pub(crate) fn conjoined_subject(&self, start: usize, end: usize) -> Option<Mention> {
        let rules = self.rules;
        subject_before(self, start, end, |w| {
            w.starts_with(char::is_lowercase)
                && !rules.lexicon.function_words.contains(w)
                && !rules.lexicon.determiners.contains(w)
        })
    }
}

/// The subject of a main clause in `[start, end)` under verb-second order
/// (patterns.toml `verb_second`, the German pack), for a lead with no cue
/// the patterns know. The finite verb is the first lowercase word after
/// the first that is no determiner, preposition, function word, name
/// particle or pronoun, and no adjective leading up to a capitalised noun
/// ("die gesundheitspolitische Sprecherin"). The subject is the noun phrase
/// that opens the clause when the verb follows it ("Die Firma sieht …") or
/// when there is no verb ("Ein Beamter nach der Festnahme:"); else the one
/// right after the verb ("Hier sparte der Bundespräsident …", "Gegenüber
/// dem Sender äußerte er sich …"). A clause ending in a comma before the
/// verb is a fronted subordinate clause ("Als …, rief der Fahrer").
pub fn verb_second_subject(
    rules: &RuleSet,
    text: &str,
    start: usize,
    end: usize,
) -> Option<Mention> {
    let clause = Clause {
        rules,
        text,
        ws: words(rules, text, start, end),
    };
    let (verb, fronted_clause) = clause.finite_verb();
    if !fronted_clause {
        if let Some(m) = clause.opening_subject(verb) {
            return Some(m);
        }
    }
    clause.subject_after(verb?)
}

/// The words of a verb-second clause, for [`verb_second_subject`].
struct Clause<'r, 't> {
    rules: &'r RuleSet,
    text: &'t str,
    ws: Vec<Word<'t>>,
}

impl Clause<'_, '_> {
    fn comma_after(&self, i: usize) -> bool {
        self.text[self.ws[i].e..].starts_with(',')
    }

    /// A word of a closed class: determiner, preposition, function word,
    /// noun-phrase link, name particle or pronoun.
    fn closed(&self, w: &str) -> bool {
        let lex = &self.rules.lexicon;
        let lw = lower(w);
        lex.determiners.contains(&lw)
            || lex.prepositions.contains(&lw)
            || lex.function_words.contains(&lw)
            || lex.noun_phrase_links.contains(&lw)
            || lex.name_particles.contains(w)
            || self.rules.pronouns.contains_key(&*lw)
    }

    /// Word `i` is lowercase and its run of lowercase open words ends at a
    /// noun.
    fn adjective(&self, i: usize) -> bool {
        let ws = &self.ws;
        if !lowercase(ws[i].w) || self.closed(ws[i].w) {
            return false;
        }
        for (j, w) in ws.iter().enumerate().skip(i + 1) {
            if self.comma_after(j - 1) {
                return false;
            }
            if is_cap(w.w) {
                return true;
            }
            if self.closed(w.w) {
                return false;
            }
        }
        false
    }

    /// The finite verb, and whether a fronted subordinate clause comes
    /// before it ("Als ein Fluggast zu Hilfe eilte, biss der Randalierer …").
    fn finite_verb(&self) -> (Option<usize>, bool) {
        let ws = &self.ws;
        let verb = (1..ws.len())
            .find(|&i| lowercase(ws[i].w) && !self.closed(ws[i].w) && !self.adjective(i));
        match verb {
            Some(v)
                if self.comma_after(v)
                    && ws
                        .get(v + 1)
                        .is_some_and(|w| lowercase(w.w) && !self.closed(w.w)) =>
            {
                (Some(v + 1), true)
            }
            _ => (verb, false),
        }
    }

    /// The phrase that opens the clause, up to a preposition, a comma or
    /// the verb, when the verb follows it (or an apposition in commas) or
    /// the lead has no verb.
    fn opening_subject(&self, verb: Option<usize>) -> Option<Mention> {
        let (rules, text, ws) = (self.rules, self.text, &self.ws);
        let lex = &rules.lexicon;
        let first = ws.first()?;
        if lex.prepositions.contains(&lower(first.w)) || lex.not_speaker.contains(&lower(first.w)) {
            return None;
        }
        let stop = verb.unwrap_or(ws.len());
        let mut n = 0;
        let mut direct = true;
        while n < stop {
            let lw = lower(ws[n].w);
            let minor = lex.prepositions.contains(&lw)
                || (lex.function_words.contains(&lw)
                    && !lex.determiners.contains(&lw)
                    && !lex.noun_phrase_links.contains(&lw));
            if minor {
                direct = false;
                break;
            }
            n += 1;
            if self.comma_after(n - 1) {
                break;
            }
        }
        let followed = verb.is_none() || direct;
        if n == 0 || !followed {
            return None;
        }
        read_speaker(rules, text, first.s, ws[n - 1].e, Side::BeforeCue)
            .filter(|m| m.span.0 == first.s && names_a_speaker(rules, text, first.s, m))
            .filter(|m| n > 1 || m.kind != SpeakerType::Person || named_elsewhere(text, m.span))
    }

    /// The subject after verb `v`: a pronoun, or a noun phrase (a reflexive
    /// or other function word may come first: "äußerte sich der Sprecher").
    fn subject_after(&self, v: usize) -> Option<Mention> {
        let (rules, text, ws) = (self.rules, self.text, &self.ws);
        let lex = &rules.lexicon;
        let mut k = v + 1;
        while k < ws.len() && k < v + 3 && !is_cap(ws[k].w) {
            let lw = lower(ws[k].w);
            if rules.pronouns.contains_key(&*lw) {
                return read_speaker(rules, text, ws[k].s, ws[k].e, Side::AfterCue)
                    .filter(|m| names_a_speaker(rules, text, ws[k].s, m));
            }
            if lex.determiners.contains(&lw) || self.adjective(k) {
                break;
            }
            // "gründet sich auf seine Erfahrungen": an object, no subject
            if !lex.function_words.contains(&lw) || lex.prepositions.contains(&lw) {
                return None;
            }
            k += 1;
        }
        let j = self.noun_phrase_end(k);
        if j == k {
            return None;
        }
        read_speaker(rules, text, ws[k].s, ws[j - 1].e, Side::AfterCue)
            .filter(|m| names_a_speaker(rules, text, ws[k].s, m))
    }

    /// Where the noun phrase from word `k` ends (after its last capitalised
    /// word; `k` when it has none).
    fn noun_phrase_end(&self, k: usize) -> usize {
        let ws = &self.ws;
        let lex = &self.rules.lexicon;
        let mut j = k;
        let mut noun = false;
        while j < ws.len() {
            let w = ws[j].w;
            let lw = lower(w);
            let ok = if is_cap(w) {
                noun = true;
                true
            } else {
                // a name particle, but an article only after one ("von der
                // Leyen", not "der Randalierer den Fluggast")
                let particle = lex.name_particles.contains(w)
                    && (!lex.determiners.contains(&lw) || lex.name_particles.contains(ws[j - 1].w));
                (!noun && lex.determiners.contains(&lw))
                    || (noun && lex.noun_phrase_links.contains(&lw))
                    || particle
                    || self.adjective(j)
            };
            if !ok {
                break;
            }
            j += 1;
            if self.comma_after(j - 1) {
                break;
            }
        }
        while j > k && !is_cap(ws[j - 1].w) {
            j -= 1;
        }
        j
    }
}

fn lowercase(w: &str) -> bool {
    w.starts_with(char::is_lowercase)
}

/// Whether the one word at `span`, which opens its clause (where a
/// capitalised adverb or noun may stand: "Ursprünglich", "Maßnahmen"),
/// also stands elsewhere in the text after a word in lower case or a comma,
/// as a name does.
fn named_elsewhere(text: &str, span: (usize, usize)) -> bool {
    let w = &text[span.0..span.1];
    text.match_indices(w).any(|(i, _)| {
        i != span.0
            && !text[i + w.len()..].starts_with(char::is_alphanumeric)
            && text[..i]
                .trim_end_matches([' ', '\t'])
                .chars()
                .next_back()
                .is_some_and(|c| c.is_lowercase() || c == ',')
            && text[..i].ends_with([' ', '\t'])
    })
}

/// A mention that may speak: a person, a role, an organization, a group,
/// an anonymous source or a pronoun of a person. Where every noun is
/// capitalised (lexicon `person_noun_endings` set), a one-word head after
/// a determiner or an adjective is a common noun, and names a person only
/// with a person noun's ending ("der Verfasser", not "die Kritik"); a
/// short noun phrase of no known kind speaks when its head has one, or
/// when it ends in a name of two capitalised words. `from` is where the
/// phrase read began (a mention may leave its determiner out).
fn names_a_speaker(rules: &RuleSet, text: &str, from: usize, m: &Mention) -> bool {
    let endings = &rules.lexicon.person_noun_endings;
    if !endings.is_empty() && matches!(m.kind, SpeakerType::Person | SpeakerType::Unknown) {
        let ws: Vec<&str> = text[from.min(m.span.0)..m.span.1].split_ws().collect();
        let person_noun = ws
            .last()
            .is_some_and(|h| endings.iter().any(|e| h.ends_with(e)));
        if m.kind == SpeakerType::Unknown {
            let name = matches!(ws[..], [.., a, b] if is_cap(a) && is_cap(b)
                && !rules.lexicon.determiners.contains(&lower(a)));
            return m.title.is_some() || person_noun || name;
        }
        if let [.., before, _] = ws[..] {
            let common = !is_cap(before) || rules.lexicon.determiners.contains(&lower(before));
            if common && !person_noun {
                return false;
            }
        }
    }
    match m.kind {
        SpeakerType::Pronoun => m.gender.is_some_and(|g| g != Gender::Other),
        SpeakerType::Unknown => m.title.is_some(),
        k => matches!(
            k,
            SpeakerType::Person
                | SpeakerType::Organization
                | SpeakerType::Group
                | SpeakerType::Anonymous
        ),
    }
}

fn subject_before(
    reads: &Reader,
    start: usize,
    end: usize,
    verb_like: impl Fn(&str) -> bool,
) -> Option<Mention> {
    let (rules, text) = (reads.rules, reads.text);
    let mut seg_start = start;
    for _ in 0..3 {
        let seg_end = text[seg_start..end]
            .find(',')
            .map_or(end, |i| seg_start + i);
        let ws = words(rules, text, seg_start, seg_end);
        // "During the debate, Cruz …", "Indeed, …": no subject in this segment
        if ws
            .first()
            .is_some_and(|w| rules.lexicon.not_speaker.contains(&lower(w.w)))
        {
            if seg_end >= end {
                break;
            }
            seg_start = seg_end + 1;
            continue;
        }
        let mut n = 0;
        for (i, w) in ws.iter().enumerate() {
            let lw = lower(strip_possessive(w.w));
            let c = rules.lexicon.classes_of_bytes(lw.as_bytes());
            let np_word = is_cap(w.w)
                || is_particle(rules, w.w)
                || c.has(Class::determiners)
                || c.has(Class::title_modifiers)
                || c.has(Class::roles)
                || c.has(Class::group_heads)
                || c.has(Class::anonymous_heads)
                || (i == 0 && rules.pronouns.contains_key(&*lw));
            if !np_word || (i > 0 && rules.pronouns.contains_key(&*lw)) {
                break;
            }
            n = i + 1;
            if i == 0 && rules.pronouns.contains_key(&*lw) {
                break;
            }
        }
        // "Sanders also sent": an adverb between subject and verb
        let mut v = n;
        while v < n + 2
            && ws.get(v).is_some_and(|w| {
                let lw = lower(w.w);
                rules.lexicon.adverbs_before_verb.contains(&lw)
                    || (lw.ends_with("ly") && lw.len() > 4)
            })
        {
            v += 1;
        }
        // the phrase must be followed by its verb ("Kasich bemoaned",
        // "he seemed"); "Iranian intelligence has" is a longer phrase
        if n > 0 && ws.get(v).is_some_and(|w| verb_like(w.w)) {
            let m = reads.speaker(ws[0].s, ws[n - 1].e, Side::BeforeCue)?;
            return (m.kind != SpeakerType::Unknown || m.title.is_some()).then_some(m);
        }
        if seg_end >= end {
            break;
        }
        seg_start = seg_end + 1;
    }
    None
}

/// A past or third-person form, a common auxiliary, a negated one
/// ("didn't"), or a speech verb's form.
fn looks_like_verb(rules: &RuleSet, w: &str) -> bool {
    w.starts_with(char::is_lowercase)
        && (w.ends_with("ed")
            || w.ends_with('s')
            || w.ends_with("n't")
            || w.ends_with("n’t")
            || rules.lexicon.common_verbs.contains(w)
            || rules.verb(w).is_some())
}

/// Whether a lowercase word with classes `c` is a group, anonymous or
/// organisation head or a role.
fn is_head(c: Classes) -> bool {
    c.has(Class::group_heads)
        || c.has(Class::anonymous_heads)
        || c.has(Class::roles)
        || c.has(Class::organization_heads)
}

/// What a speaker phrase is: an outlet, a group or an anonymous source, a
/// (titled) name, a role, an organization, or a short noun phrase.
fn classify(
    rules: &RuleSet,
    ws: &[Word],
    phrase: &str,
    span: (usize, usize),
    side: Side,
) -> Option<Mention> {
    // a phrase has at most MAX_PHRASE_WORDS words (trim_phrase): its
    // lowered words and their lists stand on the stack
    let ws = &ws[..ws.len().min(MAX_PHRASE_WORDS)];
    let mut lowered = [const { Lower::Same("") }; MAX_PHRASE_WORDS];
    let mut lcs = [Classes::default(); MAX_PHRASE_WORDS];
    for ((w, l), c) in ws.iter().zip(&mut lowered).zip(&mut lcs) {
        let bare = strip_possessive(w.w);
        *l = lower(bare);
        // the lists that hold the lowered word (a word with no 's is its
        // own lowered form, whose classes the word may have read already)
        *c = match bare.len() == w.w.len() {
            true => w.classes(rules),
            false => rules.lexicon.classes_of_bytes(l.as_bytes()),
        };
    }
    let mut lws = [""; MAX_PHRASE_WORDS];
    for (lw, l) in lws.iter_mut().zip(&lowered) {
        *lw = l;
    }
    let (lws, lcs) = (&lws[..ws.len()], &lcs[..ws.len()]);
    // Outlets: "The New York Times", "Reuters".
    let outlet = || (rules.outlets.iter()).find(|o| phrase.eq_ignore_ascii_case(o));
    if let Some(o) = rules.speaker.may_be_outlet(phrase).then(outlet).flatten() {
        let name = o.trim_start_matches("the ").to_string();
        return Some(mention(span, name, None, SpeakerType::Organization, None));
    }
    if let Some(m) = name_with_affiliation(rules, ws, span, side) {
        return Some(m);
    }
    if let Some(m) = group_or_anonymous(rules, ws, lws, lcs, phrase, span) {
        return Some(m);
    }
    let n = NameSplit::of(rules, ws, span);
    if n.name_start < ws.len() && is_cap(ws[n.name_start].w) {
        return named(rules, ws, lws, lcs, n);
    }
    headed_phrase(rules, ws, lcs, &n.phrase(ws, phrase), n.span)
}

/// A name before an affiliation has at most this many words, titles included.
const MAX_AFFILIATED_NAME_WORDS: usize = 4;

/// "said Ruth Lowe of the teachers' union", "said Heiserman of the CORE
/// Teachers": a short capitalised name, then an affiliation link (lexicon
/// `affiliation_links`) and the body it names. The name is the speaker and
/// the affiliation joins its title. A run that is itself a title, a role,
/// a group or an organisation ("Secretary of State", "Bank of America",
/// "Members of Congress") is no such name; a one-word name needs a title
/// or a known first name unless it follows its cue ("said Lowe of …"), where
/// no sentence opening capitalises it.
fn name_with_affiliation(
    rules: &RuleSet,
    ws: &[Word],
    span: (usize, usize),
    side: Side,
) -> Option<Mention> {
    let k = (ws.iter()).position(|w| rules.lexicon.affiliation_links.contains(w.w))?;
    if k == 0 || k > MAX_AFFILIATED_NAME_WORDS || k + 1 >= ws.len() {
        return None;
    }
    let next = ws[k + 1].w;
    if !(is_cap(next) || rules.lexicon.determiners.contains(&lower(next))) {
        return None;
    }
    let run = &ws[..k];
    if !run
        .iter()
        .all(|w| is_cap(w.w) && strip_possessive(w.w) == w.w && !w.w.ends_with(','))
    {
        return None;
    }
    let (title, name_start) = split_title(rules, run);
    let name = &run[name_start..];
    let common = |w: &str| {
        let c = rules
            .lexicon
            .classes_of_bytes(lower(w.trim_end_matches('.')).as_bytes());
        c.has(Class::determiners)
            || c.has(Class::not_speaker)
            || is_head(c)
            || (rules.titles.iter()).any(|t| t.eq_ignore_ascii_case(w))
            || rules.lexicon.not_first_names.contains(w)
    };
    if name.is_empty() || name.iter().any(|w| common(w.w)) {
        return None;
    }
    let gender = (title.as_deref().and_then(|t| title_gender(rules, t)))
        .or_else(|| first_name_gender(rules, name[0].w));
    let named = title.is_some() || gender.is_some() || name.len() >= 2;
    if !named && side == Side::BeforeCue {
        return None;
    }
    let affiliation = text_of(ws, k, ws.len());
    let title = Some(match title {
        Some(t) => format!("{t} {affiliation}"),
        None => affiliation,
    });
    let name = text_of(name, 0, name.len());
    Some(mention(span, name, title, SpeakerType::Person, gender))
}

/// "US officials", "sources familiar with the matter": a phrase headed by
/// a group or anonymous head (a person when a name follows the head).
fn group_or_anonymous(
    rules: &RuleSet,
    ws: &[Word],
    lws: &[&str],
    lcs: &[Classes],
    phrase: &str,
    span: (usize, usize),
) -> Option<Mention> {
    let h =
        (lcs.iter()).position(|c| c.has(Class::group_heads) || c.has(Class::anonymous_heads))?;
    let (hw, hc) = (lws[h], lcs[h]);
    let lower_phrase = phrase.to_lowercase();
    let has_anon_marker =
        (rules.anonymous_markers.iter()).any(|m| lower_phrase.contains(m.as_str()));
    let starts_indef = rules.lexicon.indefinite_openers.contains(lws[0]);
    let kind = if hc.has(Class::anonymous_heads)
        && (has_anon_marker
            || starts_indef
            || (rules.lexicon.anonymous_head_stems.iter()).any(|s| hw.starts_with(s)))
    {
        SpeakerType::Anonymous
    } else if hc.has(Class::group_heads) {
        SpeakerType::Group
    } else {
        SpeakerType::Person
    };
    if kind != SpeakerType::Person || h == ws.len() - 1 || !is_cap(ws[ws.len() - 1].w) {
        let gender = Some(Gender::Plural).filter(|_| hw.ends_with('s'));
        return Some(mention(span, phrase.to_string(), None, kind, gender));
    }
    None
}

/// A phrase split into its title and its name: the trailing run of
/// capitalized words, less any titles at its start ("Defense Secretary Pete
/// Hegseth"), is the name; the title reaches left over capitalized words,
/// titles, roles and title modifiers ("exiled Iranian Prince", "Iran's
/// Foreign Ministry spokesperson") and stops at anything else ("… followed
/// President").
struct NameSplit {
    /// Where the name starts (`ws.len()` when there is none).
    name_start: usize,
    title: Option<String>,
    /// Where the title starts (the name when it has none).
    title_start: usize,
    /// The span from the title on (the whole phrase when there is no name).
    span: (usize, usize),
}

impl NameSplit {
    fn of(rules: &RuleSet, ws: &[Word], span: (usize, usize)) -> NameSplit {
        let run_start = ws
            .iter()
            .rposition(|w| !(is_cap(w.w) || is_particle(rules, w.w)))
            .map_or(0, |i| i + 1);
        // "envoy to the United Nations in Geneva": a place, not a name
        let after_preposition = run_start > 0
            && rules
                .lexicon
                .prepositions
                .contains(&lower(ws[run_start - 1].w));
        let in_run = title_end(rules, &ws[run_start..]);
        let name_start = if after_preposition {
            ws.len()
        } else {
            run_start + in_run
        };
        let mut title_start = run_start.min(name_start);
        while title_start > 0 {
            let w = ws[title_start - 1].w;
            let c = ws[title_start - 1].classes(rules);
            if is_cap(w) || c.has(Class::roles) || c.has(Class::title_modifiers) {
                title_start -= 1;
            } else {
                break;
            }
        }
        let has_name = name_start < ws.len();
        NameSplit {
            name_start,
            title: (name_start > title_start && has_name)
                .then(|| text_of(ws, title_start, name_start)),
            title_start,
            span: if has_name {
                (ws[title_start].s, span.1)
            } else {
                span
            },
        }
    }

    /// The phrase from the title on (the whole `phrase` of `ws` when there
    /// is no name), made only where a mention takes it.
    fn phrase<'p>(&self, ws: &[Word], phrase: &'p str) -> std::borrow::Cow<'p, str> {
        if self.name_start < ws.len() {
            text_of(ws, self.title_start, ws.len()).into()
        } else {
            phrase.into()
        }
    }
}

/// A phrase ending in a capitalized name: an organization ("the Justice
/// Department", "NATO"), or a person with the title before the name.
fn named(
    rules: &RuleSet,
    ws: &[Word],
    lws: &[&str],
    lcs: &[Classes],
    n: NameSplit,
) -> Option<Mention> {
    let name = text_of(ws, n.name_start, ws.len());
    // (an ASCII name asks in its lowercase form, with no folded copy)
    let org_head = lcs[lcs.len() - 1].has(Class::organization_heads)
        || if name.is_ascii() {
            (rules.lexicon.classes_of_bytes(lower(&name).as_bytes())).has(Class::organization_heads)
        } else {
            rules.is_organization_head(&name)
        };
    let acronyms = ws[n.name_start..]
        .iter()
        .all(|w| w.w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase()) && w.w.len() > 1);
    if org_head || acronyms {
        let kind = SpeakerType::Organization;
        let phrase = text_of(ws, n.title_start, ws.len());
        return Some(mention(n.span, phrase, n.title, kind, None));
    }
    if (lws.iter().zip(lcs)).any(|(&w, c)| c.has(Class::determiners) && w != "former")
        && n.title.is_none()
        && n.name_start == 0
        && ws.len() > 1
        && !is_cap(ws[1].w)
    {
        return None;
    }
    let gender = (n.title.as_deref().and_then(|t| title_gender(rules, t)))
        .or_else(|| first_name_gender(rules, ws[n.name_start].w));
    if let Some(k) = affiliation_at(rules, ws, &n) {
        // "Professor Ian Moss of the University of Leeds": the name, and the
        // affiliation after it joins the title
        let affiliation = text_of(ws, k, ws.len());
        let title = match n.title {
            Some(t) => format!("{t} {affiliation}"),
            None => affiliation,
        };
        let name = text_of(ws, n.name_start, k);
        return Some(mention(
            n.span,
            name,
            Some(title),
            SpeakerType::Person,
            gender,
        ));
    }
    Some(mention(n.span, name, n.title, SpeakerType::Person, gender))
}

/// Where an affiliation ("of the University of Leeds") starts inside a
/// person's name: a name link after at least two words of a name that has
/// a title or opens with a known first name.
fn affiliation_at(rules: &RuleSet, ws: &[Word], n: &NameSplit) -> Option<usize> {
    let name = &ws[n.name_start..];
    let k = (name.iter()).position(|w| rules.lexicon.noun_phrase_links.contains(w.w))?;
    let named_person = n.title.is_some() || first_name_gender(rules, name[0].w).is_some();
    (k >= 2 && k + 1 < name.len() && named_person).then_some(n.name_start + k)
}

/// The gender a common first name gives (lexicon `first_names_female`,
/// `first_names_male`), if it is one.
pub(crate) fn first_name_gender(rules: &RuleSet, w: &str) -> Option<Gender> {
    rules.speaker.first_names.gender(w)
}

/// A phrase with no name: a role noun ("the spokesman", "a senior adviser
/// to Clinton"), an organization head, a short noun phrase ("a volunteer",
/// "the report"), or a capitalized possessive ("Clinton's campaign").
fn headed_phrase(
    rules: &RuleSet,
    ws: &[Word],
    lcs: &[Classes],
    phrase: &str,
    span: (usize, usize),
) -> Option<Mention> {
    if lcs.iter().any(|c| c.has(Class::roles)) {
        let gender = ws.iter().find_map(|w| title_gender(rules, w.w));
        let title = Some(phrase.to_string());
        return Some(mention(
            span,
            phrase.to_string(),
            title,
            SpeakerType::Unknown,
            gender,
        ));
    }
    if lcs.iter().any(|c| c.has(Class::organization_heads)) {
        return Some(mention(
            span,
            phrase.to_string(),
            None,
            SpeakerType::Organization,
            None,
        ));
    }
    let short_np =
        ws.len() <= 4 || (ws.len() <= 8 && lcs.iter().any(|c| c.has(Class::noun_phrase_links)));
    let possessive = strip_possessive(ws[0].w) != ws[0].w;
    // a short noun phrase ("the clip"), or a capitalised possessive
    if (ws.len() >= 2 && short_np && lcs[0].has(Class::determiners))
        || (is_cap(ws[0].w) && possessive && ws.len() <= 4)
    {
        return Some(mention(
            span,
            phrase.to_string(),
            None,
            SpeakerType::Unknown,
            None,
        ));
    }
    None
}

fn is_particle(rules: &RuleSet, w: &str) -> bool {
    rules.lexicon.name_particles.contains(w)
}

/// Words `a..b` of `ws` joined by single spaces, in one allocation.
fn text_of(ws: &[Word], a: usize, b: usize) -> String {
    let ws = &ws[a..b];
    let len = ws.iter().map(|w| w.w.len() + 1).sum::<usize>();
    let mut out = String::with_capacity(len.saturating_sub(1));
    for (i, w) in ws.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(w.w);
    }
    out
}

fn mention(
    span: (usize, usize),
    name: String,
    title: Option<String>,
    kind: SpeakerType,
    gender: Option<Gender>,
) -> Mention {
    Mention {
        span,
        name,
        title,
        kind,
        gender,
    }
}

/// Splits "US Secretary of War Pete Hegseth" into the title ("US Secretary
/// of War") and the index where the name starts.
fn split_title(rules: &RuleSet, ws: &[Word]) -> (Option<String>, usize) {
    match title_end(rules, ws) {
        0 => (None, 0),
        b => (Some(text_of(ws, 0, b)), b),
    }
}

/// Where the titles [`split_title`] reads at the start of `ws` end (0 when
/// none do, or when they take every word).
fn title_end(rules: &RuleSet, ws: &[Word]) -> usize {
    let mut best: Option<usize> = None; // index just after the last title
    let mut i = 0;
    while i < ws.len() {
        let matched = title_at(rules, &ws[i..]);
        if matched > 0 {
            i += matched;
            // "Secretary of Defense": keep an of-phrase with the title
            if i + 1 < ws.len() && ws[i].w == "of" && is_cap(ws[i + 1].w) && i + 2 < ws.len() {
                i += 2;
            }
            best = Some(i);
        } else if ws[i].classes(rules).has(Class::roles) && i + 1 < ws.len() && is_cap(ws[i + 1].w)
        {
            i += 1;
            best = Some(i);
        } else {
            i += 1;
        }
    }
    match best {
        Some(b) if b < ws.len() && b > 0 => b,
        _ => 0,
    }
}

/// The number of words of the first title (in `titles` order) that `ws`
/// opens with, 0 when none does.
fn title_at(rules: &RuleSet, ws: &[Word]) -> usize {
    let tw = &rules.title_words;
    let w = ws[0].w;
    let bare = strip_possessive(w);
    // the titles whose first word is the word or the word less its 's,
    // in `titles` order
    let (mut a, mut b) = (tw.opened_by(bare), &[][..]);
    if bare != w {
        b = tw.opened_by(w);
    }
    loop {
        let t = match (a.first(), b.first()) {
            (None, None) => return 0,
            (Some(&x), Some(&y)) if x == y => {
                (a, b) = (&a[1..], &b[1..]);
                x
            }
            (Some(&x), Some(&y)) if x < y => {
                a = &a[1..];
                x
            }
            (Some(&x), None) => {
                a = &a[1..];
                x
            }
            (_, Some(&y)) => {
                b = &b[1..];
                y
            }
        };
        let words = &tw.words[t];
        if words.len() <= ws.len()
            && (words.iter().zip(ws)).all(|(a, b)| {
                a.eq_ignore_ascii_case(strip_possessive(b.w)) || a.eq_ignore_ascii_case(b.w)
            })
        {
            return words.len();
        }
    }
}

fn title_gender(rules: &RuleSet, title: &str) -> Option<Gender> {
    for w in title.split_ws() {
        if rules.female.contains(w) {
            return Some(Gender::Female);
        }
        if rules.male.contains(w) {
            return Some(Gender::Male);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast word trim gives what the two std trims it stands for give.
    #[test]
    fn a_word_is_trimmed_as_the_std_trims_do() {
        let mut texts = crate::fixture_texts();
        texts.push("“Yes,” (D-Ore.) ‘no’ “Ann” «x» ,; :a\" 9, (R),".into());
        for t in &texts {
            for part in split_ws(t) {
                let std = part
                    .trim_start_matches(|c: char| !c.is_alphanumeric() && c != '(')
                    .trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '"' | '“' | '”'));
                assert_eq!(trim_word(part), std, "{part:?}");
            }
        }
    }

    /// A reader remembers what it read, and answers only for its own
    /// text: two texts with a phrase at the same place read apart, and a
    /// text changed in place (same address, same length) once its reader is
    /// gone reads afresh in the next one.
    #[test]
    fn speaker_reads_are_remembered_only_by_the_reader_of_one_text() {
        let rules = RuleSet::embedded().unwrap();
        let name = |r: &Reader| r.speaker(0, r.text.len(), Side::BeforeCue).map(|m| m.name);
        let mut text = String::from("Senator Maria Lopez");
        let at = text.as_ptr();
        let other = String::from("Senator Oscar Fuent");
        {
            let a = Reader::remembering(&rules, &text);
            let b = Reader::remembering(&rules, &other);
            assert_eq!(name(&a).as_deref(), Some("Maria Lopez"));
            assert_eq!(a.remembered(), 1);
            // the same place again: the same reading, from the memo
            assert_eq!(name(&a).as_deref(), Some("Maria Lopez"));
            assert_eq!(a.remembered(), 1);
            // the same place in another text: that text's reading
            assert_eq!(name(&b).as_deref(), Some("Oscar Fuent"));
            assert_eq!(name(&a).as_deref(), Some("Maria Lopez"));
        }
        text.replace_range(8..19, "Oscar Fuent");
        assert_eq!(text.as_ptr(), at, "the text stays where it was");
        let next = Reader::remembering(&rules, &text);
        assert_eq!(name(&next).as_deref(), Some("Oscar Fuent"));
        // a one-off reader remembers nothing
        let once = Reader::once(&rules, &text);
        assert_eq!(name(&once).as_deref(), Some("Oscar Fuent"));
        assert_eq!(once.remembered(), 0);
    }

    /// The German lead's subject as `verb_second_subject` reads it.
    fn v2(lead: &str) -> Option<String> {
        let rules =
            RuleSet::load_lang(crate::rules::Source::Embedded, crate::rules::Lang::De).unwrap();
        verb_second_subject(&rules, lead, 0, lead.len())
            .map(|m| lead[m.span.0..m.span.1].to_string())
    }

    #[test]
    fn a_verb_second_lead_gives_the_subject_on_either_side_of_its_verb() {
        let cases = [
            ("Die Firma empfindet die Kritik als ungerechtfertigt", Some("Die Firma")),
            ("Hier sparte der Bundespräsident auch nicht mit Kritik", Some("der Bundespräsident")),
            ("Gegenüber dem Sender äußerte er sich mit den Worten", Some("er")),
            ("Als ein Fluggast zu Hilfe eilte, biss der Randalierer den Fluggast und rief", Some("der Randalierer")),
            ("Ein Hauptkommissar nach der Festnahme", Some("Ein Hauptkommissar")),
            ("Die praktische Anwendung des Gesetzes stellte der Vorsitzende Franz Weber in Frage", Some("der Vorsitzende Franz Weber")),
            ("In einem Interview äußerte sich der Außenbeauftragte Karl Brandt jedoch zuversichtlich", Some("der Außenbeauftragte Karl Brandt")),
            // a common noun is no speaker
            ("Seine Zuversicht gründet sich auf seine Erfahrungen", None),
            ("Darauf waren die Worte zu lesen", None),
        ];
        let wrong: Vec<_> = cases
            .iter()
            .filter(|(lead, want)| v2(lead).as_deref() != *want)
            .map(|(lead, _)| (lead, v2(lead)))
            .collect();
        assert!(wrong.is_empty(), "{wrong:#?}");
    }

    fn read(s: &str, side: Side) -> Option<Mention> {
        let rules = RuleSet::embedded().unwrap();
        read_speaker(&rules, s, 0, s.len(), side)
    }

    #[test]
    fn title_and_name_are_split() {
        let m = read("US Secretary of War Pete Hegseth", Side::BeforeCue).unwrap();
        assert_eq!(m.name, "Pete Hegseth");
        assert_eq!(m.title.as_deref(), Some("US Secretary of War"));
        assert_eq!(m.kind, SpeakerType::Person);
        let m = read(
            "Iran's Foreign Ministry spokesperson Esmaeil Baqaei",
            Side::BeforeCue,
        )
        .unwrap();
        assert_eq!(m.name, "Esmaeil Baqaei");
        assert_eq!(
            m.title.as_deref(),
            Some("Iran's Foreign Ministry spokesperson")
        );
    }

    #[test]
    fn groups_anonymous_and_pronouns() {
        assert_eq!(
            read("US officials", Side::BeforeCue).unwrap().kind,
            SpeakerType::Group
        );
        assert_eq!(
            read("sources familiar with the matter", Side::BeforeCue)
                .unwrap()
                .kind,
            SpeakerType::Anonymous
        );
        assert_eq!(
            read("an Iranian Intelligence Ministry source", Side::BeforeCue)
                .unwrap()
                .kind,
            SpeakerType::Anonymous
        );
        let m = read("On Tuesday he", Side::BeforeCue).unwrap();
        assert_eq!((m.kind, m.name.as_str()), (SpeakerType::Pronoun, "he"));
    }

    #[test]
    fn a_share_of_a_poll_speaks_as_a_group() {
        for s in [
            "Nearly half",
            "42%",
            "About 4 in 10 voters",
            "Some",
            "55 percent of Republicans",
        ] {
            let m = read(s, Side::BeforeCue).unwrap();
            assert_eq!((m.kind, m.name.as_str()), (SpeakerType::Group, s), "{s}");
        }
        // a year, an age and a phrase cut short are no share
        for s in ["2016", "49", "Hundreds of"] {
            assert!(
                read(s, Side::BeforeCue).is_none_or(|m| m.kind != SpeakerType::Group),
                "{s}"
            );
        }
        // after its cue a quantity is read as before ("said some")
        assert!(read("Some", Side::AfterCue).is_none());
    }

    #[test]
    fn a_name_before_its_affiliation_is_the_speaker() {
        let m = read("Robert Lane of the dock workers' union", Side::AfterCue).unwrap();
        assert_eq!(
            (m.name.as_str(), m.kind),
            ("Robert Lane", SpeakerType::Person)
        );
        assert_eq!(m.title.as_deref(), Some("of the dock workers' union"));
        // a one-word name before its cue may be a capitalised common noun
        let m = read("Residents of the island", Side::BeforeCue);
        assert!(m.is_none_or(|m| m.name != "Residents"));
        // a title or an organisation is no name
        let m = read("Secretary of the Navy", Side::AfterCue);
        assert!(m.is_none_or(|m| m.name != "Secretary"));
    }

    #[test]
    fn non_speakers_are_rejected() {
        assert!(read("who", Side::BeforeCue).is_none());
        assert!(read("The", Side::BeforeCue).is_none());
        assert!(read("nothing", Side::BeforeCue).is_none());
        // "said he wanted more" is a clause, not an inverted speaker
        assert!(read("he wanted more", Side::AfterCue).is_none());
        // a short noun phrase can speak ("the clip said"), typed unknown
        assert_eq!(
            read("the clip", Side::BeforeCue).unwrap().kind,
            SpeakerType::Unknown
        );
        // a document or poll reads like an organization ("the report said")
        assert_eq!(
            read("the report", Side::BeforeCue).unwrap().kind,
            SpeakerType::Organization
        );
    }
}
