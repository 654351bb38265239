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

/// The cuts made so far in a sentence, by content span, and a buffer for
/// a clause's words that serves every cut of the text.
#[derive(Debug, Default)]
pub(crate) struct Cuts<'t> {
    known: Vec<(Range, Cut)>,
    words: Vec<&'t str>,
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
            let cut = cut_of(rules, text, masked, span, &mut known.words);
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

/// Where the clause `(cs, ce)` of an indirect or mixed draft is cut;
/// `words` is a buffer for its words.
fn cut_of<'t>(
    rules: &RuleSet,
    text: &'t str,
    masked: &Masked,
    (cs, ce): Range,
    words: &mut Vec<&'t str>,
) -> Cut {
    let content = &text[cs..ce];
    // every cut below needs a comma, a semicolon or a conjunction: a clause
    // with none is not split into words
    if memchr::memchr2(b',', b';', content.as_bytes()).is_none()
        && !rules.speaker.may_hold_conjunction(content)
    {
        return Cut::at((cs, ce));
    }
    // the clause's words, split once for every check below, in room for
    // words of four bytes with their space (an extend would regrow the
    // vector four times over a long clause)
    words.clear();
    words.reserve(content.len() / 4 + 1);
    words.extend(split_ws(content));
    if let Some(i) = (new_clause_at(rules, content).or_else(|| tail_at(rules, content)))
        .or_else(|| second_speaker_at(rules, masked, (cs, ce), content, words))
    {
        return Cut::at(trim_content(text, (cs, cs + i)));
    }
    split_at_second_cue(rules, text, masked, (cs, ce), words)
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
    // never inside a quotation the clause holds (the quotations are
    // looked up at the first joining word)
    let mut quotes: Option<Vec<Range>> = None;
    let mut quoted = |off: usize| {
        let quotes =
            quotes.get_or_insert_with(|| masked.quotes_in(cs, ce).map(|q| q.outer).collect());
        quotes.iter().any(|&(s, e)| s <= cs + off && cs + off < e)
    };
    let base = content.as_ptr() as usize;
    for (i, &w) in words.iter().enumerate() {
        let off = w.as_ptr() as usize - base;
        let joins = w.ends_with(';')
            || (w.ends_with(',') && words.get(i + 1).is_some_and(|n| lex.break_left.contains(n)));
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

    #[test]
    fn a_tail_ends_the_clause() {
        let got = drafts("Smith said the plan was sound, according to the memo.");
        assert!(
            got.iter().any(|(_, c)| c == "the plan was sound"),
            "{got:?}"
        );
    }
}
