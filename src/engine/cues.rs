//! Stage 2a: the cue candidates of one sentence — whether it holds a speech
//! verb form (verbs.toml, found with one automaton over the sentence), a
//! quotation, and which literal cue words ("according to") — found once per
//! sentence, so patterns whose cue cannot be there are never tried.
//!
//! ```text
//! "He said that it rained."  → verb: yes, quote: no; `speaker-cue-that-content` may match
//! "He said it rained."       → no "that": `speaker-cue-that-content` is not tried
//! ```

use crate::rules::{Needs, RuleSet};
use aho_corasick::{automaton::Automaton, dfa::DFA, Anchored};

/// The cues one sentence holds, to skip patterns that cannot match it.
pub(crate) struct Cues<'a> {
    /// A speech-verb form stands as a whole lowercase word.
    pub verb: bool,
    /// The sentence holds a quotation (a masked opening mark).
    pub quote: bool,
    /// The masked sentence, lowercased for a literal only when the rule
    /// set's finder cannot say (see [`Cues::allows`]).
    masked: &'a str,
    /// `masked` lowercased, made on first use.
    lower: std::cell::OnceCell<String>,
    /// Which of the rule set's needed literals the lowercased sentence
    /// holds (by `Needs::all_of_ids`), found in one pass.
    present: Option<Present>,
}

/// Which literals a sentence holds, by pattern id: the first 64 as bits
/// (no allocation for the usual rule set), the rest in a list.
struct Present {
    bits: u64,
    rest: Vec<bool>,
}

impl Present {
    fn set(&mut self, i: usize) {
        match i.checked_sub(64) {
            None => self.bits |= 1 << i,
            Some(r) => self.rest[r] = true,
        }
    }
    fn has(&self, i: usize) -> bool {
        match i.checked_sub(64) {
            None => self.bits >> i & 1 != 0,
            Some(r) => self.rest.get(r) == Some(&true),
        }
    }
}

impl<'a> Cues<'a> {
    /// The cues of one masked sentence.
    pub fn of(rules: &RuleSet, masked: &'a str) -> Cues<'a> {
        let bytes = masked.as_bytes();
        let mut verb = None;
        let present = rules.needs_finder.as_ref().map(|ac| {
            let rest = vec![false; ac.patterns_len().saturating_sub(64)];
            let mut present = Present { bits: 0, rest };
            // The literals are lowercase. When they are all ASCII, they
            // stand in the lowercased sentence exactly where they stand in
            // the sentence with ASCII case folded, unless it holds one of
            // the two characters whose lowercase holds an ASCII letter
            // ('İ' → "i\u{307}", the Kelvin sign 'K' → 'k'): no lowercased
            // copy is made then.
            if rules.needs_ascii && !lowers_to_ascii(masked) {
                match &rules.needs_starts {
                    Some(starts) => {
                        let forms = &rules.verb_finder;
                        verb = Some(scan_starts(ac, starts, forms, bytes, &mut present));
                    }
                    None => mark_all(ac, bytes, &mut present),
                }
            } else {
                mark_all(ac, masked.to_lowercase().as_bytes(), &mut present);
            }
            present
        });
        Cues {
            verb: verb
                .unwrap_or_else(|| has_verb_form(&rules.verb_finder, &rules.verb_heads, bytes)),
            quote: memchr::memchr(crate::text::MASK_OPEN, bytes).is_some(),
            masked,
            lower: std::cell::OnceCell::new(),
            present,
        }
    }

    /// Whether a pattern needing `needs` can match this sentence.
    #[inline]
    pub fn allows(&self, needs: &Needs) -> bool {
        if (needs.verb && !self.verb) || (needs.quote && !self.quote) {
            return false;
        }
        match &self.present {
            Some(present) if needs.all_of_ids.len() == needs.all_of.len() => (needs.all_of_ids)
                .iter()
                .all(|alts| alts.iter().any(|&i| present.has(i))),
            _ => {
                let lower = self.lower.get_or_init(|| self.masked.to_lowercase());
                (needs.all_of.iter()).all(|alts| alts.iter().any(|l| lower.contains(l.as_str())))
            }
        }
    }
}

/// Marks every literal of `ac` that stands in `hay`, wherever it stands:
/// the states of an unanchored walk (what an overlapping search reports,
/// without its per-match bookkeeping).
fn mark_all(ac: &DFA, hay: &[u8], present: &mut Present) {
    let Ok(mut sid) = ac.start_state(Anchored::No) else {
        return;
    };
    let mut mark = |sid| {
        for k in 0..ac.match_len(sid) {
            present.set(ac.match_pattern(sid, k).as_usize());
        }
    };
    if ac.is_match(sid) {
        mark(sid);
    }
    for &b in hay {
        sid = ac.next_state(Anchored::No, sid, b);
        // (one comparison rules out most states: the special ones are the
        // dead state and the match states)
        if ac.is_special(sid) && ac.is_match(sid) {
            mark(sid);
        }
    }
}

/// Marks every literal of `ac` that begins at `s` in `bytes` (an anchored
/// walk; a state also lists the shorter literals that end where it does,
/// which begin later and are left out).
#[inline(never)]
fn mark_at(ac: &DFA, bytes: &[u8], s: usize, present: &mut Present) {
    let Ok(mut sid) = ac.start_state(Anchored::Yes) else {
        return;
    };
    for (n, &b) in bytes[s..].iter().enumerate() {
        sid = ac.next_state(Anchored::Yes, sid, b);
        if !ac.is_special(sid) {
            continue;
        }
        if ac.is_dead(sid) {
            break;
        }
        for k in 0..ac.match_len(sid) {
            let pid = ac.match_pattern(sid, k);
            if ac.pattern_len(pid) == n + 1 {
                present.set(pid.as_usize());
            }
        }
    }
}

/// The places a needed literal may begin in a sentence (every literal
/// ASCII, matched with ASCII case folded). A literal whose first byte is an
/// ASCII letter or digit has a word edge before it in its regex, so it
/// begins only where a word does; the others (`,`, `:`) begin at one of a
/// few bytes.
#[derive(Debug, Clone)]
pub(crate) struct LiteralStarts {
    /// The first bytes of the literals with no word edge before them
    /// (repeated to make three), if any.
    loose: Option<[u8; 3]>,
    /// The first four bytes of the literals that begin a word, to rule
    /// out most words before the automaton is walked there (all bits set:
    /// a literal of two or three bytes ends with no letter or digit, so
    /// the byte after it may be anything, which the table cannot say).
    lits: VerbHeads,
    /// The verb forms' table, keyed as `lits` (a word start is looked up
    /// in both at once).
    verbs: VerbHeads,
}

impl LiteralStarts {
    /// The places of `literals` (`None`: more than three first bytes begin
    /// a literal with no word edge, and every byte is walked).
    pub fn new(literals: &[String], verb_forms: &[String]) -> Option<LiteralStarts> {
        let (words, loose): (Vec<&[u8]>, Vec<&[u8]>) = (literals.iter())
            .map(|l| l.as_bytes())
            .filter(|l| !l.is_empty())
            .partition(|l| l[0].is_ascii_alphanumeric());
        let mut firsts: Vec<u8> = loose.iter().map(|l| l[0]).collect();
        firsts.sort_unstable();
        firsts.dedup();
        let loose = match *firsts.as_slice() {
            [] => None,
            [a] => Some([a, a, a]),
            [a, b] => Some([a, b, b]),
            [a, b, c] => Some([a, b, c]),
            _ => return None,
        };
        // (a literal that begins a word is one word of the template: its
        // regex has a word edge after it when it ends with a letter or
        // digit, and white space else; the table's reading of a short form
        // holds unless it ends with neither)
        let two = (words.iter().map(|l| l.len()))
            .chain(verb_forms.iter().map(String::len))
            .any(|n| n == 2);
        let open_end = |l: &&[u8]| l.len() < 4 && !l[l.len() - 1].is_ascii_alphanumeric();
        let mut lits = VerbHeads::keyed(&words, two);
        if words.iter().any(open_end) {
            lits.bits.fill(!0);
        }
        let verbs = VerbHeads::keyed(verb_forms, two);
        Some(LiteralStarts { loose, lits, verbs })
    }
}

/// Marks the literals of `ac` that begin where `starts` allows in `bytes`,
/// and says whether a verb form stands there as a whole word (as
/// [`has_verb_form`]): both look at the places a word begins, found in one
/// pass eight bytes at a time.
fn scan_starts(
    ac: &DFA,
    starts: &LiteralStarts,
    forms: &impl Automaton,
    bytes: &[u8],
    present: &mut Present,
) -> bool {
    if let Some([a, b, c]) = starts.loose {
        for at in memchr::memchr3_iter(a, b, c, bytes) {
            mark_at(ac, bytes, at, present);
        }
    }
    let mut verb = false;
    let mut at = Walks {
        ac,
        starts,
        forms,
        bytes,
        present,
        verb: &mut verb,
    };
    if !bytes.is_empty() {
        at.word(0);
    }
    let mut s = 1;
    while let (Some(prev), Some(here)) = (bytes.get(s - 1..s + 7), bytes.get(s..s + 8)) {
        let mut begins = word_begins(le_word(prev), le_word(here));
        while begins != 0 {
            at.word(s + (begins.trailing_zeros() / 8) as usize);
            begins &= begins - 1;
        }
        s += 8;
    }
    for s in s..bytes.len() {
        if !bytes[s - 1].is_ascii_alphanumeric() {
            at.word(s);
        }
    }
    verb
}

/// What [`scan_starts`] walks from each word start.
struct Walks<'s, F> {
    ac: &'s DFA,
    starts: &'s LiteralStarts,
    forms: &'s F,
    bytes: &'s [u8],
    present: &'s mut Present,
    verb: &'s mut bool,
}

impl<F: Automaton> Walks<'_, F> {
    /// Looks for the literals and (until one is found) the verb forms
    /// that begin at word start `s`.
    #[inline(always)]
    fn word(&mut self, s: usize) {
        let bytes = self.bytes;
        let b = bytes[s];
        let slot = self.starts.lits.slot(VerbHeads::head(bytes, s));
        if b.is_ascii_alphanumeric() && self.starts.lits.has(slot) {
            mark_at(self.ac, bytes, s, self.present);
        }
        if !*self.verb && (b.is_ascii_lowercase() || !b.is_ascii()) && self.starts.verbs.has(slot) {
            let edge = |b: Option<&u8>| b.is_none_or(|b| !b.is_ascii_alphanumeric());
            *self.verb =
                crate::text::anchored_matches(self.forms, bytes, s, |_, end| edge(bytes.get(end)));
        }
    }
}

/// Whether `s` holds 'İ' (U+0130) or the Kelvin sign (U+212A), the only
/// characters beyond ASCII whose lowercase holds an ASCII character.
fn lowers_to_ascii(s: &str) -> bool {
    // (most sentences are ASCII: one quick pass rules both out)
    !s.is_ascii() && (s.contains('\u{130}') || s.contains('\u{212A}'))
}

/// Whether a verb form stands in `bytes` as a whole word: no ASCII letter
/// or digit on either side, and its first byte a lowercase ASCII letter or
/// beyond ASCII (the automaton folds ASCII case only: a form's first letter
/// beyond ASCII, "äußerte", is found as written, in lower case).
///
/// The automaton is walked from each place such a word may begin, so a
/// form inside a longer word ("add" in "address") is never looked at.
fn has_verb_form(forms: &impl Automaton, heads: &VerbHeads, bytes: &[u8]) -> bool {
    let edge = |b: Option<&u8>| b.is_none_or(|b| !b.is_ascii_alphanumeric());
    let may_begin = |s: usize| {
        let b = bytes[s];
        // a lowercase ASCII letter or a byte beyond ASCII, after a word edge
        (b.is_ascii_lowercase() || !b.is_ascii()) && edge(s.checked_sub(1).map(|i| &bytes[i]))
    };
    // (most words begin with no form's first four bytes: the table rules
    // them out before any walk)
    let found = |s: usize| {
        heads.may_begin(bytes, s)
            && crate::text::anchored_matches(forms, bytes, s, |_, end| edge(bytes.get(end)))
    };
    // the first byte on its own, then eight places at a time, each with
    // the byte before it
    if !bytes.is_empty() && may_begin(0) && found(0) {
        return true;
    }
    let mut s = 1;
    while let (Some(prev), Some(here)) = (bytes.get(s - 1..s + 7), bytes.get(s..s + 8)) {
        let mut starts = word_starts(le_word(prev), le_word(here));
        while starts != 0 {
            let at = s + (starts.trailing_zeros() / 8) as usize;
            if found(at) {
                return true;
            }
            starts &= starts - 1;
        }
        s += 8;
    }
    (s..bytes.len()).any(|s| may_begin(s) && found(s))
}

/// The first four bytes of the verb forms, hashed into a bit table: a
/// place whose four bytes have no bit set begins no form, and the
/// automaton is not walked there. (Two heads may share a bit: a set bit
/// only lets the walk say.)
///
/// A head is keyed with 0x20 set in each byte (ASCII case folded, as the
/// automaton folds it, and a few other bytes merged: a superset), and a
/// fourth byte that is no ASCII letter or digit reads as 0: a form of
/// three bytes ends at a word edge, whichever byte makes it; when a form
/// has two bytes, so does a third byte with the fourth.
#[derive(Debug, Clone)]
pub(crate) struct VerbHeads {
    bits: Box<[u64; VerbHeads::WORDS]>,
    /// A form has two bytes (the third byte may then read as 0).
    two: bool,
}

impl VerbHeads {
    /// 2^15 bits (4 KiB): a few hundred heads leave most bits clear.
    const BITS: u32 = 15;
    const WORDS: usize = 1 << (Self::BITS - 6);

    /// The table of `forms`. (The end of the text reads as 0, an edge.)
    pub fn new<S: AsRef<[u8]>>(forms: &[S]) -> VerbHeads {
        VerbHeads::keyed(forms, forms.iter().any(|f| f.as_ref().len() == 2))
    }

    /// The table of `forms`, its third byte read as 0 after a non-word byte
    /// if `two` (which a form of two bytes needs; two tables keyed alike
    /// share each place's slot).
    fn keyed<S: AsRef<[u8]>>(forms: &[S], two: bool) -> VerbHeads {
        let mut heads = VerbHeads {
            bits: Box::new([0; Self::WORDS]),
            two,
        };
        for form in forms {
            match *form.as_ref() {
                [] => {}
                [a, b, c, d, ..] => heads.set([a, b, c, d]),
                [a, b, c] => heads.set([a, b, c, 0]),
                [a, b] => heads.set([a, b, 0, 0]),
                [_] => heads.bits.fill(!0),
            }
        }
        heads
    }

    #[inline]
    fn slot(&self, head: [u8; 4]) -> usize {
        let mut key = u32::from_le_bytes(head) | 0x2020_2020;
        if !head[3].is_ascii_alphanumeric() {
            key &= 0x00FF_FFFF;
        }
        if self.two && !head[2].is_ascii_alphanumeric() {
            key &= 0x0000_FFFF;
        }
        (key.wrapping_mul(0x9E37_79B1) >> (32 - Self::BITS)) as usize
    }

    fn set(&mut self, head: [u8; 4]) {
        let i = self.slot(head);
        self.bits[i / 64] |= 1 << (i % 64);
    }

    /// Whether a verb form may begin at `s` in `bytes` (`s` in bounds).
    #[inline]
    pub fn may_begin(&self, bytes: &[u8], s: usize) -> bool {
        self.has(self.slot(Self::head(bytes, s)))
    }

    /// The four bytes from `s` (0 past the end).
    #[inline]
    fn head(bytes: &[u8], s: usize) -> [u8; 4] {
        match bytes.get(s..s + 4) {
            Some(&[a, b, c, d]) => [a, b, c, d],
            _ => {
                let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
                [at(s), at(s + 1), at(s + 2), at(s + 3)]
            }
        }
    }

    #[inline]
    fn has(&self, i: usize) -> bool {
        self.bits[i / 64] >> (i % 64) & 1 != 0
    }
}

/// Eight bytes as one little-endian word.
pub(crate) fn le_word(chunk: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(chunk);
    u64::from_le_bytes(w)
}

/// The high bit of each byte of `here` that is an ASCII letter or digit
/// or beyond ASCII and whose byte before (the same byte of `prev`) is no
/// ASCII letter or digit: the places a word may begin.
pub(crate) fn word_begins(prev: u64, here: u64) -> u64 {
    let begins = alnum(here) | (here & HIGHS);
    begins & !alnum(prev) & HIGHS
}

const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `w` whose low seven bits lie in `lo..=hi`
/// (the sums stay below 0x100: no carry crosses a byte).
#[inline]
fn within(w: u64, lo: u8, hi: u8) -> u64 {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const ONES: u64 = 0x0101_0101_0101_0101;
    let low = w & LOW7;
    (low + ONES * u64::from(0x80 - lo)) & !(low + ONES * u64::from(0x7F - hi)) & HIGHS
}

/// The high bit of each byte of `w` that is an ASCII letter or digit.
#[inline]
fn alnum(w: u64) -> u64 {
    (within(w, b'a', b'z') | within(w, b'A', b'Z') | within(w, b'0', b'9')) & !w
}

/// The high bit of each byte of `here` that is a lowercase ASCII letter
/// or beyond ASCII and whose byte before (the same byte of `prev`) is no
/// ASCII letter or digit: the places a verb form may begin.
pub(crate) fn word_starts(prev: u64, here: u64) -> u64 {
    let begins = within(here, b'a', b'z') | (here & HIGHS);
    begins & !alnum(prev) & HIGHS
}

#[cfg(test)]
mod needs_tests {
    use super::Cues;
    use crate::RuleSet;

    fn allowed(rules: &RuleSet, id: &str, sentence: &str) -> bool {
        let pat = rules.patterns.iter().find(|p| p.id == id).unwrap();
        Cues::of(rules, sentence).allows(&pat.needs)
    }

    /// Every literal token the template needs rules a sentence out when it
    /// is missing, and a literal of several words is looked up by its first
    /// word, so the spacing between its words cannot rule a sentence out.
    #[test]
    fn literal_tokens_rule_sentences_out() {
        let rules = RuleSet::embedded().unwrap();
        assert!(allowed(
            &rules,
            "speaker-cue-that-content",
            "He said that it rained."
        ));
        assert!(!allowed(
            &rules,
            "speaker-cue-that-content",
            "He said it rained."
        ));
        assert!(allowed(
            &rules,
            "according-to-speaker-content",
            "According  to the memo, it rained."
        ));
        assert!(!allowed(
            &rules,
            "according-to-speaker-content",
            "The memo says it rained."
        ));
        assert!(!allowed(
            &rules,
            "content-speaker-cue",
            "It rained he said."
        ));
    }

    /// A literal word counts only where a word begins (its pattern has a
    /// word edge before it), in any ASCII case; `,` and `:` count anywhere.
    #[test]
    fn a_literal_counts_where_a_word_begins() {
        let rules = RuleSet::embedded().unwrap();
        let that = "speaker-cue-that-content";
        assert!(!allowed(&rules, that, "He said what happened."));
        assert!(allowed(&rules, that, "He said THAT it rained."));
        assert!(allowed(&rules, that, "He said \u{1}that\u{1} it rained."));
        assert!(allowed(
            &rules,
            "speaker-colon-content",
            "Key Points:the offer."
        ));
        let per = "content-according-to-speaker";
        assert!(!allowed(&rules, per, "It rained, upper ranks thought."));
        assert!(allowed(&rules, per, "It rained, PER the memo."));
    }

    /// The places eight bytes at a time are those of the byte-by-byte
    /// rule, for every pair of a byte and the byte before it, in every
    /// lane.
    #[test]
    fn word_starts_are_the_bytewise_ones() {
        let bytewise =
            |p: u8, b: u8| (b.is_ascii_lowercase() || !b.is_ascii()) && !p.is_ascii_alphanumeric();
        same_as_bytewise(super::word_starts, bytewise);
        // (any letter or digit, for the literals)
        let bytewise = |p: u8, b: u8| {
            (b.is_ascii_alphanumeric() || !b.is_ascii()) && !p.is_ascii_alphanumeric()
        };
        same_as_bytewise(super::word_begins, bytewise);
    }

    fn same_as_bytewise(words: fn(u64, u64) -> u64, bytewise: impl Fn(u8, u8) -> bool) {
        for p in 0..=255u8 {
            for b in 0..=255u8 {
                for lane in 0..8 {
                    // the other lanes hold a word start ('a' after ' ')
                    // or none ('a' after 'x'), as the pair's index says
                    let other = |q: u8, r: u8| if (p ^ b) & 1 == 0 { q } else { r };
                    let mut prev = [other(b' ', b'x'); 8];
                    let mut here = [b'a'; 8];
                    prev[lane] = p;
                    here[lane] = b;
                    let got = words(u64::from_le_bytes(prev), u64::from_le_bytes(here));
                    for k in 0..8 {
                        let want = bytewise(prev[k], here[k]);
                        assert_eq!(
                            got >> (8 * k + 7) & 1 == 1,
                            want,
                            "{p:#x} {b:#x} lane {lane}"
                        );
                    }
                }
            }
        }
    }

    /// A verb form whose first letter is beyond ASCII is a cue as a whole
    /// word only.
    #[test]
    fn a_form_may_begin_beyond_ascii() {
        use crate::rules::{Lang, Source};
        let rules = RuleSet::load_lang(Source::Embedded, Lang::De).unwrap();
        let verb = |s: &str| super::Cues::of(&rules, s).verb;
        assert!(verb("Die Ministerin äußerte sich am Abend."));
        assert!(!verb("Die Ministerin Xäußerte sich am Abend."));
        assert!(!verb("Die Ministerin äußertex sich am Abend."));
    }
}

#[cfg(test)]
mod heads_tests {
    use super::VerbHeads;
    use crate::RuleSet;

    /// Every form's own first bytes, in any ASCII case, pass the table, and
    /// short forms pass whatever follows them.
    #[test]
    fn every_form_may_begin() {
        let rules = RuleSet::embedded().unwrap();
        for form in &rules.verb_forms {
            assert!(rules.verb_heads.may_begin(form.as_bytes(), 0), "{form}");
            let upper = form.to_ascii_uppercase();
            assert!(rules.verb_heads.may_begin(upper.as_bytes(), 0), "{form}");
        }
        let heads = VerbHeads::new(&["say".to_string(), "go".to_string()]);
        for yes in [
            "say",
            "SAY,",
            "say\u{1}",
            "say\u{e9}",
            "go",
            "go!!",
            "go, x",
        ] {
            assert!(heads.may_begin(yes.as_bytes(), 0), "{yes}");
        }
        for no in ["same", "said", "gone", "goal"] {
            assert!(!heads.may_begin(no.as_bytes(), 0), "{no}");
        }
        let heads = VerbHeads::new(&["x".to_string()]);
        assert!(heads.may_begin(b"x", 0) && heads.may_begin(b"x y", 0));
    }
}
