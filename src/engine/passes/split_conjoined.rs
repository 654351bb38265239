//! Conjoined cues: a reported clause is cut where a second cue starts.
//! ", and he foreshadowed …" (a new clause with its own subject) and
//! ", citing …" or ", according to …" end the clause; ", asserting that …"
//! is left to the participle patterns; "… but dismissed it as …" becomes a
//! second draft with the same speaker (rule `conjoined-cue`).
//!
//! Runs inside the find stage on each new draft, before the overlap check
//! against the sentence's other drafts.
//!
//! ```text
//! Smith said the plan was sound but dismissed the critics as partisan.
//! → indirect [the plan was sound] Smith; conjoined-cue [the critics as partisan] Smith
//! ```

use crate::engine::draft::{content_kind, trim_content, Draft};
use crate::engine::speaker::lower::split_ws;
use crate::engine::Range;
use crate::record::Kind;
use crate::rules::RuleSet;
use crate::text::Masked;

/// A second reported clause this short (bytes) or shorter is dropped.
const MIN_SECOND_CLAUSE_BYTES: usize = 3;

/// Where a reported clause is cut: what [`split_conjoined`] does to a
/// draft depends only on its one content span (of an indirect or mixed
/// draft), so the patterns of a sentence that make a draft of the same
/// clause (a fifth of all) have it cut once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Cut {
    /// The draft's content once cut (the clause itself when it is not).
    first: Range,
    /// The draft's kind after a cut at a second cue, when it changes.
    kind: Option<Kind>,
    /// The second draft's cue, content and kind.
    second: Option<(Range, Range, Kind)>,
}

/// The cuts made so far in a sentence, by content span (of the text `'t`).
#[derive(Debug, Default)]
pub(crate) struct Cuts<'t> {
    known: Vec<(Range, Cut)>,
    text: std::marker::PhantomData<&'t str>,
}

impl Cuts<'_> {
    /// Forgets the cuts of the sentence before.
    pub(crate) fn clear(&mut self) {
        self.known.clear();
    }
}

/// The draft, cut where a second cue starts, and the second draft that cue
/// makes, if any. `known` holds the cuts of the sentence so far.
pub(crate) fn split_conjoined<'t>(
    rules: &RuleSet,
    text: &'t str,
    masked: &Masked,
    mut d: Draft,
    known: &mut Cuts<'t>,
) -> (Draft, Option<Draft>) {
    if d.kind == Kind::Direct || d.kind == Kind::Headline || d.spans.len() != 1 {
        return (d, None);
    }
    let span = d.spans[0];
    let cut = match known.known.iter().find(|(s, _)| *s == span) {
        Some(&(_, cut)) => cut,
        None => {
            let cut = cut_of(rules, text, masked, span);
            known.known.push((span, cut));
            cut
        }
    };
    d.spans[0] = cut.first;
    if let Some(k) = cut.kind {
        d.kind = k;
    }
    let second = cut.second.map(|(cue, rest, kind)| {
        let mut second = d.clone();
        second.spans = vec![rest];
        second.cue = Some(cue);
        second.rule = "conjoined-cue".to_string();
        second.kind = kind;
        second
    });
    (d, second)
}

/// Where the clause `(cs, ce)` of an indirect or mixed draft is cut.
/// Every cut stands at a comma or a semicolon, or at a verb form right
/// after a conjunction (and maybe an adverb): only the words around those
/// are read, never the whole clause.
fn cut_of(rules: &RuleSet, text: &str, masked: &Masked, (cs, ce): Range) -> Cut {
    let content = &text[cs..ce];
    if memchr::memchr2(b',', b';', content.as_bytes()).is_none() {
        // with no comma or semicolon only a verb after a conjunction cuts
        return match joined_verb(rules, content) {
            Some((j, lw)) => second_draft(rules, text, masked, (cs, ce), j, lw),
            None => Cut::at((cs, ce)),
        };
    }
    if let Some(i) = (new_clause_at(rules, content).or_else(|| tail_at(rules, content)))
        .or_else(|| at_punctuation::second_speaker_at(rules, masked, (cs, ce), content))
    {
        return Cut::at(trim_content(text, (cs, cs + i)));
    }
    // the first participle after a comma or verb form after a conjunction
    // (what the walk of split_at_second_cue finds first)
    let participle = at_punctuation::participle_after_comma(rules, content);
    let joined = joined_verb(rules, content);
    match (participle, joined) {
        (Some(p), Some((j, _))) if p < j => Cut::at(trim_content(text, (cs, cs + p))),
        (_, Some((j, lw))) => second_draft(rules, text, masked, (cs, ce), j, lw),
        (Some(p), None) => Cut::at(trim_content(text, (cs, cs + p))),
        (None, None) => Cut::at((cs, ce)),
    }
}

/// Where the first verb form joined to the clause by one of the lexicon's
/// `conjunctions` (as a word of its own), maybe with a
/// `conjunction_adverbs` word between, stands in `content`, with the form
/// its trailing punctuation cut off ("… but dismissed it", "… and then
/// told"): a finite form that is not as often a noun.
fn joined_verb<'c>(rules: &RuleSet, content: &'c str) -> Option<(usize, &'c str)> {
    let lex = &rules.lexicon;
    let verb_at = |w: &'c str| {
        let lw = w.trim_end_matches([',', '.', ';']);
        let form = lw.bytes().all(|b| b.is_ascii_lowercase()) && is_verb_form(rules, lw);
        let off = w.as_ptr() as usize - content.as_ptr() as usize;
        (form && !lw.ends_with("ing") && !lex.nounish_forms.contains(lw)).then_some((off, lw))
    };
    let mut first: Option<(usize, &str)> = None;
    for f in rules.speaker.conjunction_finders() {
        let len = f.needle().len();
        if len == 0 {
            continue;
        }
        for i in f.find_iter(content.as_bytes()) {
            if first.is_some_and(|(f, _)| f < i) {
                break;
            }
            if !is_word(content, i, i + len) {
                continue;
            }
            let mut after = split_ws(&content[i + len..]);
            let Some(n) = after.next() else { continue };
            let found = verb_at(n).or_else(|| {
                (lex.conjunction_adverbs.contains(n))
                    .then(|| after.next().and_then(verb_at))
                    .flatten()
            });
            if let Some(v) = found {
                first = Some(first.map_or(v, |f| if f.0 < v.0 { f } else { v }));
                break;
            }
        }
    }
    first
}

/// Whether `content[i..j]` is a word of its own, as [`split_ws`] splits
/// the text: whitespace or the edge on both sides.
fn is_word(content: &str, i: usize, j: usize) -> bool {
    let ws_before =
        (content.get(..i)).is_some_and(|b| b.chars().next_back().is_none_or(char::is_whitespace));
    let ws_after =
        (content.get(j..)).is_some_and(|a| a.chars().next().is_none_or(char::is_whitespace));
    ws_before && ws_after
}

/// Whether byte `off` of the clause `(cs, ce)` stands inside a quotation
/// the clause holds (a joining word there ends nothing); the quotations are
/// looked up the first time it is asked.
fn quoted_in(masked: &Masked, (cs, ce): Range) -> impl FnMut(usize) -> bool + '_ {
    let mut quotes: Option<Vec<Range>> = None;
    move |off| {
        let quotes =
            quotes.get_or_insert_with(|| masked.quotes_in(cs, ce).map(|q| q.outer).collect());
        quotes.iter().any(|&(s, e)| s <= cs + off && cs + off < e)
    }
}

/// The cuts made at a clause's commas and semicolons: only the words after
/// those are read.
mod at_punctuation {
    use super::{is_verb_form, quoted_in, Masked, Range, RuleSet, MAX_SECOND_SPEAKER_WORDS};
    use crate::engine::speaker::lower::{skip_ws, split_ws};

    /// Whether a word ends right after byte `p` of `s` (whitespace or the
    /// end follows).
    fn ends_word(s: &str, p: usize) -> bool {
        p + 1 == s.len() || skip_ws(s, p + 1) > p + 1
    }

    /// Where the word holding byte `p` of `s` starts.
    fn word_start(s: &str, p: usize) -> usize {
        (s[..p].char_indices().rev())
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8())
    }

    /// ", and more than 4 in 10 said …" or "; the mayor said …": a second
    /// attribution with its own speaker and cue inside the clause. The
    /// clause ends at the comma or semicolon before the joining word
    /// (lexicon `break_left`), when a finite speech verb form follows
    /// within a few words that hold no other lowercase verb-like word; the
    /// second cue then makes its own record. A comma inside a quotation
    /// ends nothing. Only the words that end in a comma or a semicolon and
    /// those after them are read.
    pub(super) fn second_speaker_at(
        rules: &RuleSet,
        masked: &Masked,
        (cs, ce): Range,
        content: &str,
    ) -> Option<usize> {
        let lex = &rules.lexicon;
        let mut quoted = quoted_in(masked, (cs, ce));
        let bytes = content.as_bytes();
        for p in memchr::memchr2_iter(b',', b';', bytes) {
            if !ends_word(content, p) {
                continue;
            }
            let after = split_ws(&content[p + 1..]);
            let semicolon = bytes[p] == b';';
            let joins = semicolon
                || after
                    .clone()
                    .next()
                    .is_some_and(|n| lex.break_left.contains(n));
            let off = word_start(content, p);
            if off > 0 && joins && !quoted(off) {
                let window = after
                    .skip(usize::from(!semicolon))
                    .take(MAX_SECOND_SPEAKER_WORDS + 1);
                for (k, n) in window.enumerate() {
                    let lw = n.trim_end_matches([',', '.', ';']);
                    if !lw.starts_with(char::is_lowercase) {
                        continue;
                    }
                    let is_form = is_verb_form(rules, lw) && !lw.ends_with("ing");
                    if is_form && k > 0 && !lex.nounish_forms.contains(lw) {
                        return Some(p);
                    }
                    if is_form || lex.common_verbs.contains(lw) || lex.auxiliaries.contains(lw) {
                        break;
                    }
                }
            }
        }
        None
    }

    /// Where the first participle form that follows a word ending in a
    /// comma (and any closing quotation marks) starts: ", asserting that
    /// …" cuts the clause (the participle patterns take it).
    pub(super) fn participle_after_comma(rules: &RuleSet, content: &str) -> Option<usize> {
        let bytes = content.as_bytes();
        memchr::memchr_iter(b',', bytes).find_map(|p| {
            let tail = content[p + 1..].len()
                - content[p + 1..]
                    .trim_start_matches(['"', '”', '’', '\''])
                    .len();
            let end = p + 1 + tail;
            if !(end == content.len() || skip_ws(content, end) > end) {
                return None;
            }
            let w = split_ws(&content[end..]).next()?;
            let off = w.as_ptr() as usize - content.as_ptr() as usize;
            let lw = w.trim_end_matches([',', '.', ';']);
            let form = lw.bytes().all(|b| b.is_ascii_lowercase()) && is_verb_form(rules, lw);
            (form && lw.ends_with("ing")).then_some(off)
        })
    }
}

impl Cut {
    /// A cut that makes no second draft.
    fn at(first: Range) -> Cut {
        Cut {
            first,
            kind: None,
            second: None,
        }
    }
}

/// Where `content` first holds ", {word} " (the comma's index), as
/// `content.find(&format!(", {word} "))` gives it: only a comma can open
/// it, so only the commas are looked at.
fn first_after_comma(content: &str, word: &str) -> Option<usize> {
    let (b, w) = (content.as_bytes(), word.as_bytes());
    memchr::memchr_iter(b',', b).find(|&i| {
        let rest = &b[i + 1..];
        rest.first() == Some(&b' ')
            && rest[1..].starts_with(w)
            && rest.get(1 + w.len()) == Some(&b' ')
    })
}

/// ", and he foreshadowed …" or "; they …": a new clause with its own
/// subject (lexicon `clause_conjunctions`, `new_clause_subjects`).
fn new_clause_at(rules: &RuleSet, content: &str) -> Option<usize> {
    let subject_after = |i: usize, len: usize| {
        let next = split_ws(&content[i + len..]).next().unwrap_or("");
        i > 0 && rules.lexicon.new_clause_subjects.contains(next)
    };
    for c in rules.lexicon.clause_conjunctions.iter() {
        // ", {c} " is the comma, a space, the conjunction and a space
        if let Some(i) = first_after_comma(content, c) {
            if subject_after(i, c.len() + 3) {
                return Some(i);
            }
        }
    }
    // the first "; " (only a semicolon opens it)
    let b = content.as_bytes();
    memchr::memchr_iter(b';', b)
        .find(|&i| b.get(i + 1) == Some(&b' '))
        .filter(|&i| subject_after(i, 2))
}

/// The most words a second speaker may have between its joining word and
/// its cue (", while more than 4 in 10 voters said …").
const MAX_SECOND_SPEAKER_WORDS: usize = 6;

/// Whether `w` is a verb form, asked of the verbs only when the speaker
/// tables let it be one.
fn is_verb_form(rules: &RuleSet, w: &str) -> bool {
    rules.speaker.may_be_verb(w) && rules.verb(w).is_some()
}

/// The earliest ", citing …" or ", according to …" (lexicon `clause_tails`).
fn tail_at(rules: &RuleSet, content: &str) -> Option<usize> {
    (rules.lexicon.clause_tails.iter())
        .filter_map(|t| first_after_comma(content, t))
        .filter(|&i| i > 0)
        .min()
}

/// Cuts the clause `(cs, ce)` before the conjunction that joins the verb
/// at `off` (of length `lw.len()`) and makes the second draft from that
/// verb on.
fn second_draft(
    rules: &RuleSet,
    text: &str,
    masked: &Masked,
    (cs, ce): Range,
    off: usize,
    lw: &str,
) -> Cut {
    let content = &text[cs..ce];
    let conj_at = (rules.lexicon.conjunctions.iter())
        .filter_map(|c| content[..off].rfind(&format!(" {c} ")))
        .max()
        .unwrap_or(off);
    let cue: Range = (cs + off, cs + off + lw.len());
    let rest = trim_content(text, (cue.1, ce));
    let first = trim_content(text, (cs, cs + conj_at));
    if first.1 <= first.0 {
        return Cut::at(first);
    }
    // (an indirect or mixed draft: its kind follows its content)
    let kind = Some(content_kind(masked, first, Kind::Indirect));
    if rest.1 <= rest.0 + MIN_SECOND_CLAUSE_BYTES {
        return Cut {
            first,
            kind,
            second: None,
        };
    }
    let second = Some((cue, rest, content_kind(masked, rest, Kind::Indirect)));
    Cut {
        first,
        kind,
        second,
    }
}

/// The walk over every word of a clause that [`cut_of`] stands in for,
/// kept to compare it with.
#[cfg(test)]
mod walk {
    use super::{
        is_verb_form, new_clause_at, quoted_in, second_draft, tail_at, trim_content, Cut, Masked,
        Range, RuleSet, MAX_SECOND_SPEAKER_WORDS,
    };
    use crate::engine::speaker::lower::split_ws;

    /// Where the clause `(cs, ce)` is cut, from every word of it.
    pub(super) fn cut_by_words(
        rules: &RuleSet,
        text: &str,
        masked: &Masked,
        (cs, ce): Range,
    ) -> Cut {
        let content = &text[cs..ce];
        let words: Vec<&str> = split_ws(content).collect();
        if let Some(i) = (new_clause_at(rules, content).or_else(|| tail_at(rules, content)))
            .or_else(|| second_speaker_at(rules, masked, (cs, ce), content, &words))
        {
            return Cut::at(trim_content(text, (cs, cs + i)));
        }
        split_at_second_cue(rules, text, masked, (cs, ce), &words)
    }

    /// ", and more than 4 in 10 said …" or "; the mayor said …": a second
    /// attribution with its own speaker and cue inside the clause. The clause
    /// ends at the comma or semicolon before the joining word (lexicon
    /// `break_left`), when a finite speech verb form follows within a few
    /// words that hold no other lowercase verb-like word; the second cue then
    /// makes its own record. A comma inside a quotation ends nothing.
    /// `words` are the clause's words.
    fn second_speaker_at(
        rules: &RuleSet,
        masked: &Masked,
        (cs, ce): Range,
        content: &str,
        words: &[&str],
    ) -> Option<usize> {
        let lex = &rules.lexicon;
        let mut quoted = quoted_in(masked, (cs, ce));
        let base = content.as_ptr() as usize;
        for (i, &w) in words.iter().enumerate() {
            let off = w.as_ptr() as usize - base;
            let joins = w.ends_with(';')
                || (w.ends_with(',')
                    && words.get(i + 1).is_some_and(|n| lex.break_left.contains(n)));
            if off > 0 && joins && !quoted(off) {
                let first = if w.ends_with(';') { i + 1 } else { i + 2 };
                let window = words
                    .iter()
                    .enumerate()
                    .skip(first)
                    .take(MAX_SECOND_SPEAKER_WORDS + 1);
                for (j, n) in window {
                    let lw = n.trim_end_matches([',', '.', ';']);
                    if !lw.starts_with(char::is_lowercase) {
                        continue;
                    }
                    let is_form = is_verb_form(rules, lw) && !lw.ends_with("ing");
                    if is_form && j > first && !lex.nounish_forms.contains(lw) {
                        return Some(off + w.len() - 1);
                    }
                    if is_form || lex.common_verbs.contains(lw) || lex.auxiliaries.contains(lw) {
                        break;
                    }
                }
            }
        }
        None
    }

    /// ", asserting that …" cuts the clause; "… but dismissed it as …" also
    /// makes a second draft from the verb on. `words` are the clause's words.
    fn split_at_second_cue(
        rules: &RuleSet,
        text: &str,
        masked: &Masked,
        (cs, ce): Range,
        words: &[&str],
    ) -> Cut {
        let content = &text[cs..ce];
        let lex = &rules.lexicon;
        let base = content.as_ptr() as usize;
        let (mut prev, mut prev2): (Option<&str>, Option<&str>) = (None, None);
        for &w in words {
            let off = w.as_ptr() as usize - base;
            let lw = w.trim_end_matches([',', '.', ';']);
            let is_form = lw.bytes().all(|b| b.is_ascii_lowercase()) && is_verb_form(rules, lw);
            if is_form && off > 0 {
                // ", asserting that ...": the participle patterns take it
                let after_comma =
                    prev.is_some_and(|p| p.trim_end_matches(['"', '”', '’', '\'']).ends_with(','));
                if lw.ends_with("ing") && after_comma {
                    return Cut::at(trim_content(text, (cs, cs + off)));
                }
                let conj = |p: Option<&str>| p.is_some_and(|p| lex.conjunctions.contains(p));
                let adverb = prev.is_some_and(|p| lex.conjunction_adverbs.contains(p));
                let joined = conj(prev) || (adverb && conj(prev2));
                if joined && !lw.ends_with("ing") && !lex.nounish_forms.contains(lw) {
                    return second_draft(rules, text, masked, (cs, ce), off, lw);
                }
            }
            prev2 = prev;
            prev = Some(w);
        }
        Cut::at((cs, ce))
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{doc::Doc, find::find};
    use crate::RuleSet;

    fn drafts(text: &str) -> Vec<(String, String)> {
        let rules = RuleSet::embedded().unwrap();
        let doc = Doc::new(&rules, text);
        find(&rules, text, &doc.paras)
            .iter()
            .map(|d| (d.rule.clone(), text[d.spans[0].0..d.spans[0].1].to_string()))
            .collect()
    }

    #[test]
    fn a_second_verb_after_but_makes_a_second_draft() {
        let got = drafts("Smith said the plan was sound but dismissed the critics as partisan.");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].1, "the plan was sound");
        assert_eq!(
            got[1],
            ("conjoined-cue".into(), "the critics as partisan".into())
        );
    }

    #[test]
    fn a_second_speaker_ends_the_clause_and_makes_its_own_record() {
        let got = drafts(
            "Most residents said the park was too small, while many of the owners said the rent was too high.",
        );
        assert!(
            got.iter().any(|(_, c)| c == "the park was too small"),
            "{got:?}"
        );
        assert!(
            got.iter().any(|(_, c)| c == "the rent was too high"),
            "{got:?}"
        );
    }

    /// A clause is cut where the walk over all its words cuts it: every
    /// sentence of the fixture articles, and each from its second word on.
    #[test]
    fn the_cut_is_the_cut_by_words() {
        let rules = RuleSet::embedded().unwrap();
        let mut texts = crate::fixture_texts();
        texts.push(
            "Smith said the plan was sound, citing data; he left. Lee said it works,\" adding more. \
             Ann said prices rose, while more than 4 in 10 voters said no; the mayor said yes. \
             Bo said it rose and then fell but also denied it, and later told us and then\u{a0}said so."
                .into(),
        );
        let (mut asked, mut cut, mut second) = (0, 0, 0);
        for text in &texts {
            let doc = Doc::new(&rules, text);
            for para in &doc.paras {
                for &(s, e) in &para.sentences {
                    let next = text[s..e].find(' ').map(|i| s + i + 1);
                    for cs in std::iter::once(s).chain(next) {
                        let ours = super::cut_of(&rules, text, &para.masked, (cs, e));
                        let words = super::walk::cut_by_words(&rules, text, &para.masked, (cs, e));
                        let content = &text[cs..e];
                        assert_eq!(format!("{ours:?}"), format!("{words:?}"), "{content:?}");
                        asked += 1;
                        cut += usize::from(ours.first != (cs, e));
                        second += usize::from(ours.second.is_some());
                    }
                }
            }
        }
        assert!(
            asked > 100 && cut > 5 && second > 2,
            "{asked} clauses, {cut} cut, {second}"
        );
    }

    #[test]
    fn a_tail_ends_the_clause() {
        let got = drafts("Smith said the plan was sound, according to the memo.");
        assert!(
            got.iter().any(|(_, c)| c == "the plan was sound"),
            "{got:?}"
        );
    }
}
