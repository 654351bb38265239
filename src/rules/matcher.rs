//! The template matcher: a pattern's template run part by part over the
//! bytes of a masked sentence, without a regex.
//!
//! A template is a row of parts (`{speaker}`, `{cue}`, `that`, `{end}` …)
//! joined by optional white space. The matcher walks them left to right,
//! depth first: each part lists the places it may end, in the order the
//! template's regex would prefer them (a greedy slot longest first, a lazy
//! one shortest first, an optional part before its absence), and the first
//! way through every part is the match. That is the regex's own
//! leftmost-first rule, so the matches and their groups are the very ones
//! the regex gives (a test compares the two on every pattern over the
//! fixture articles and, with `../shared`, the 840 train articles).
//!
//! What makes it fast:
//! - the cue words are looked up at the few places a `{cue}` may begin
//!   (word starts the parts before it leave), by an anchored automaton
//!   over the word list walked from that place, not by an automaton over
//!   the whole sentence per pattern;
//! - each end a part offers is kept only if the byte after it may begin
//!   the rest of the template (a first-byte set per suffix of the template),
//!   so a phrase slot before a cue tries only the ends followed by a word
//!   that may open a cue;
//! - a (part, position) that once failed is never tried again in the same
//!   sentence, so the search stays polynomial whatever the text;
//! - `{end}` knows where the sentence's closing run of stops and spaces
//!   starts, so checking that a slot reaches the end costs nothing.
//!
//! A template whose literal words hold letters beyond ASCII, or whose word
//! lists hold white space inside a word, is left to the regex engines
//! (`Matcher::new` returns `None`), as is any template that fails to build.

use crate::engine::cues::{le_word, word_starts, VerbHeads};
use aho_corasick::{automaton::Automaton, Anchored};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// The groups a template may capture, by index.
pub const GROUP_NAMES: [&str; 12] = [
    "quote",
    "speaker",
    "appos",
    "via",
    "cue",
    "content",
    "more",
    "adjunct",
    "tail_cue",
    "tail_via",
    "tail_appos",
    "tail_name",
];

const G_QUOTE: u8 = 0;
const G_SPEAKER: u8 = 1;
const G_APPOS: u8 = 2;
const G_VIA: u8 = 3;
const G_CUE: u8 = 4;
const G_CONTENT: u8 = 5;
const G_MORE: u8 = 6;
const G_ADJUNCT: u8 = 7;
const G_TAIL_CUE: u8 = 8;
const G_TAIL_VIA: u8 = 9;
const G_TAIL_APPOS: u8 = 10;
const G_TAIL_NAME: u8 = 11;

/// The index of group `name`, if a template may have it.
pub fn group_index(name: &str) -> Option<usize> {
    GROUP_NAMES.iter().position(|g| *g == name)
}

/// A set of bytes.
#[derive(Clone, Copy, Default)]
struct ByteSet([u64; 4]);

impl ByteSet {
    fn add(&mut self, b: u8) {
        self.0[usize::from(b >> 6)] |= 1 << (b & 63);
    }
    fn add_range(&mut self, lo: u8, hi: u8) {
        for b in lo..=hi {
            self.add(b);
        }
    }
    fn union(&mut self, o: &ByteSet) {
        for i in 0..4 {
            self.0[i] |= o.0[i];
        }
    }
    fn has(&self, b: u8) -> bool {
        self.0[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }
    fn all() -> ByteSet {
        ByteSet([u64::MAX; 4])
    }
}

/// A lowercase ASCII letter or a byte beyond ASCII: what
/// [`word_starts`] lets through.
fn lowerish(b: u8) -> bool {
    b.is_ascii_lowercase() || !b.is_ascii()
}

/// The first bytes of a white-space character (`\s`: Unicode White_Space).
fn ws_lead() -> ByteSet {
    let mut s = ByteSet::default();
    s.add_range(b'\t', b'\r');
    for b in [b' ', 0xC2, 0xE1, 0xE2, 0xE3] {
        s.add(b);
    }
    s
}

/// Where a suffix of the template may match the empty string.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Empty {
    Never,
    /// Only at the end of the sentence (`{end}`).
    AtEnd,
    Anywhere,
}

impl Empty {
    fn and(self, o: Empty) -> Empty {
        match (self, o) {
            (Empty::Never, _) | (_, Empty::Never) => Empty::Never,
            (Empty::AtEnd, _) | (_, Empty::AtEnd) => Empty::AtEnd,
            _ => Empty::Anywhere,
        }
    }
}

/// A list of words and phrases as a regex alternation of them reads it
/// (see `template::word_alternation`): phrases first in the given order,
/// then single words, a longer single word before a shorter one.
#[derive(Debug, Default)]
pub struct WordAlt {
    /// Each phrase as its words, in order of preference.
    phrases: Vec<Vec<Vec<u8>>>,
    /// The single words and the phrases' first words, each once: what
    /// pattern `k` of `keys_walk` stands for.
    keys: Vec<Key>,
    /// An anchored automaton over `keys`, walked from the place a word may
    /// begin: it stops at the first byte no key goes on with, so a place
    /// costs a step or two per byte instead of a hash per length.
    keys_walk: Option<aho_corasick::nfa::contiguous::NFA>,
    /// When every key is ASCII word bytes (`[0-9A-Za-z_]`): each key and
    /// its index. A key that counts at a place then ends where the run of
    /// word bytes from it ends (an end inside the run has a word byte
    /// after it: no boundary, no half boundary, no white space), so one
    /// lookup of that run stands for the walk of `keys_walk`.
    words: Option<FxHashMap<Box<[u8]>, usize>>,
    /// With `words`: the keys' first four bytes (see [`VerbHeads`]). A
    /// key counts only as the whole run of word bytes at a place, so a
    /// place whose four bytes no key begins with is ruled out before the
    /// run is measured and looked up.
    heads: Option<VerbHeads>,
    /// The first bytes the alternation may begin with.
    first: ByteSet,
    /// The first two bytes of each word and phrase (bit `b0 << 8 | b1`),
    /// and the words of one byte: a place no entry can start is ruled out
    /// at once.
    pre2: Vec<u64>,
    pre1: ByteSet,
}

/// One pattern of [`WordAlt::keys_walk`].
#[derive(Debug, Default)]
struct Key {
    /// It is a single word of the list.
    single: bool,
    /// The phrases it begins (indices into `phrases`, ascending).
    phrases: Vec<usize>,
}

impl std::fmt::Debug for ByteSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ByteSet")
    }
}

impl WordAlt {
    /// The alternation of `words` (phrases keep their order; a phrase is a
    /// word list with a space). `None` when a word holds white space other
    /// than a plain space between the words of a phrase.
    pub fn new<'a>(words: impl Iterator<Item = &'a str>) -> Option<WordAlt> {
        let mut alt = WordAlt {
            pre2: vec![0; 1024],
            ..WordAlt::default()
        };
        let mut key_of: FxHashMap<Vec<u8>, usize> = FxHashMap::default();
        let mut key = |alt: &mut WordAlt, bytes: Vec<u8>| -> usize {
            let n = key_of.len();
            let k = *key_of.entry(bytes).or_insert(n);
            if k == alt.keys.len() {
                alt.keys.push(Key::default());
            }
            k
        };
        for w in words {
            match w.as_bytes() {
                [b] => alt.pre1.add(*b),
                [b0, b1, ..] => {
                    let bit = usize::from(*b0) << 8 | usize::from(*b1);
                    alt.pre2[bit / 64] |= 1 << (bit % 64);
                }
                [] => {}
            }
            if w.contains(' ') {
                let parts: Vec<Vec<u8>> = w
                    .split_whitespace()
                    .map(|p| p.as_bytes().to_vec())
                    .collect();
                let first = parts.first()?.clone();
                alt.first.add(first[0]);
                let k = key(&mut alt, first);
                let id = alt.phrases.len();
                alt.keys[k].phrases.push(id);
                alt.phrases.push(parts);
            } else {
                if w.is_empty() || w.chars().any(char::is_whitespace) {
                    return None;
                }
                alt.first.add(w.as_bytes()[0]);
                let k = key(&mut alt, w.as_bytes().to_vec());
                alt.keys[k].single = true;
            }
        }
        if !alt.keys.is_empty() {
            let mut patterns = vec![Vec::new(); alt.keys.len()];
            for (bytes, k) in key_of {
                patterns[k] = bytes;
            }
            if patterns.iter().all(|p| p.iter().all(|&b| is_word(b))) {
                let words = patterns.iter().enumerate();
                alt.words = Some(words.map(|(k, p)| (p.clone().into(), k)).collect());
                // (a key of one byte would let every place through)
                if patterns.iter().all(|p| p.len() > 1) {
                    alt.heads = Some(VerbHeads::new(&patterns));
                }
            }
            alt.keys_walk = Some(
                aho_corasick::nfa::contiguous::NFA::builder()
                    // every key that begins at the place, the longer ones too
                    .match_kind(aho_corasick::MatchKind::Standard)
                    .prefilter(false)
                    .build(&patterns)
                    .ok()?,
            );
        }
        Some(alt)
    }

    fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Whether every place [`Self::may_start`] allows holds a lowercase
    /// ASCII letter or a byte beyond ASCII.
    fn starts_lower(&self) -> bool {
        (0..=255u8).all(|b| {
            let row = usize::from(b) * 4;
            lowerish(b)
                || (!self.pre1.has(b)
                    && (self.pre2.get(row..row + 4)).is_none_or(|ws| ws.iter().all(|&w| w == 0)))
        })
    }

    /// Whether an entry may start at `p` of `h` (its first two bytes; for
    /// a word list also its first four, [`Self::heads`]).
    fn may_start(&self, h: &[u8], p: usize) -> bool {
        let Some(&b0) = h.get(p) else { return false };
        if self.pre1.has(b0) {
            return true;
        }
        let Some(&b1) = h.get(p + 1) else {
            return false;
        };
        let bit = usize::from(b0) << 8 | usize::from(b1);
        self.pre2[bit / 64] & (1 << (bit % 64)) != 0
            && self
                .heads
                .as_ref()
                .is_none_or(|heads| heads.may_begin(h, p))
    }
}

/// The word lists the `{cue}`, `{appos}` and `{end}` slots read, shared by
/// the patterns of a rule set.
#[derive(Debug)]
pub struct Lists {
    /// The speech-verb forms (case-sensitive).
    pub forms: WordAlt,
    /// The auxiliaries and adverbs before a verb form.
    pub preverbs: WordAlt,
    /// Words and phrases that open an apposition (lexicon openers and role
    /// nouns).
    pub openers: WordAlt,
    /// Each key of `forms` and `preverbs` (both ASCII word lists) and its
    /// index in each (`NO_KEY` when not there): a word a cue may begin
    /// with is looked up once for both.
    cue_words: Option<FxHashMap<Box<[u8]>, [u32; 2]>>,
    /// The bytes a cue may begin with (all when there are no verb forms).
    cue_first: ByteSet,
    /// `cue_first` holds only lowercase ASCII letters and bytes beyond
    /// ASCII (the places [`word_starts`] finds).
    cue_first_lower: bool,
    /// Every verb form begins with a lowercase ASCII letter or a byte
    /// beyond ASCII (see [`WordAlt::starts_lower`]).
    forms_lower: bool,
    /// With `cue_words`: the first four bytes of its keys (see
    /// [`VerbHeads`]), one test for both lists where a cue may begin.
    cue_heads: Option<VerbHeads>,
}

impl Lists {
    /// Whether a verb form or a preverb may begin at `p` of `h`.
    fn may_begin_word(&self, h: &[u8], p: usize) -> bool {
        match &self.cue_heads {
            // (every key counts only as the whole run of word bytes)
            Some(heads) => heads.may_begin(h, p),
            None => self.forms.may_start(h, p) || self.preverbs.may_start(h, p),
        }
    }
}

/// Not a key of that list (see [`Lists::cue_words`]).
const NO_KEY: u32 = u32::MAX;

impl Lists {
    /// The lists, and the map of the keys of the first two.
    pub fn new(forms: WordAlt, preverbs: WordAlt, openers: WordAlt) -> Lists {
        let cue_words = match (&forms.words, &preverbs.words) {
            (Some(f), Some(v)) => {
                let mut m: FxHashMap<Box<[u8]>, [u32; 2]> = FxHashMap::default();
                for (list, words) in [f, v].into_iter().enumerate() {
                    for (w, &k) in words {
                        let slot = m.entry(w.clone()).or_insert([NO_KEY; 2]);
                        slot[list] = u32::try_from(k).unwrap_or(NO_KEY);
                    }
                }
                Some(m)
            }
            _ => None,
        };
        let cue_first = if forms.is_empty() {
            ByteSet::all()
        } else {
            let mut f = ByteSet::default();
            f.add_range(b'a', b'z');
            f.union(&forms.first);
            f.union(&preverbs.first);
            f
        };
        let cue_first_lower = (0..=255u8).all(|b| !cue_first.has(b) || lowerish(b));
        let forms_lower = forms.starts_lower();
        let cue_heads = (cue_words.as_ref()).map(|m| VerbHeads::new(&m.keys().collect::<Vec<_>>()));
        Lists {
            forms,
            preverbs,
            openers,
            cue_words,
            cue_first,
            cue_first_lower,
            forms_lower,
            cue_heads,
        }
    }
}

/// One token of a template.
#[derive(Debug)]
enum Tok {
    Start,
    End,
    Quote,
    /// `{speaker}` or `{via}`: lazy inside the template, greedy at its end.
    Phrase {
        group: u8,
        greedy: bool,
    },
    Label,
    Appos,
    Aside,
    Cue,
    /// `{content}` or `{more}`.
    Content {
        group: u8,
    },
    Adjunct,
    /// Literal words, case-insensitive; `cue`: captured as the cue.
    Lit {
        alts: Vec<LitAlt>,
        cue: bool,
    },
    /// The literal `,`: a comma, or one inside a closing quotation mark.
    Comma {
        cue: bool,
    },
}

/// One alternative of a literal token.
#[derive(Debug)]
struct LitAlt {
    /// Its words, lowercased ASCII.
    words: Vec<Vec<u8>>,
    /// A word boundary before and after it (it begins or ends with a
    /// letter or digit).
    b_start: bool,
    b_end: bool,
    /// The first byte of its first word, if it has one: a place whose
    /// ASCII byte is another letter in either case cannot begin it.
    first: Option<u8>,
}

#[derive(Debug)]
struct Part {
    tok: Tok,
    optional: bool,
}

/// A compiled template.
#[derive(Debug)]
pub struct Matcher {
    parts: Vec<Part>,
    lists: Arc<Lists>,
    /// Where the suffix `i..` may match the empty string.
    empty: Vec<Empty>,
    /// The first bytes of parts `i..` themselves (no white space before),
    /// away from a word boundary (`[0]`) and at one (`[1]`).
    first: Vec<[ByteSet; 2]>,
    /// Parts `i..` may begin with a white-space byte.
    ws_first: Vec<bool>,
    /// The bytes that may stand where parts `i..` (white space first)
    /// begin, away from a word boundary and at one: all bytes when they may
    /// be empty anywhere.
    stop: Vec<[ByteSet; 2]>,
    /// What the `{cue}` table of the sentence can rule out where parts
    /// `i..` begin.
    ahead: Vec<Ahead>,
    /// The one byte part `i` (not optional, no white space first) may
    /// begin with, if there is one (`,`, `:`): the ends of a slot before it
    /// stand before an occurrence of that byte.
    lead: Vec<Option<u8>>,
    /// The one or two ASCII bytes (no white space) parts `i..` must begin
    /// with, when they are never empty and begin with no white space
    /// (`:|,`): the ends of a part before them stand before one of these.
    lead2: Vec<Option<(u8, u8)>>,
    /// The byte part `i` must begin with after its white space when it is
    /// one a phrase never holds ([`not_phrase`]): `,` `:`, and the comma
    /// of an `{appos}` or `{aside}` that is not optional. A phrase slot
    /// before it ends only in the white space before the byte that ends
    /// its run of phrase bytes.
    after_phrase: Vec<Option<u8>>,
    /// What a sentence must hold around a `{cue}` for the template to
    /// match it (`None`: the template has no `{cue}` it cannot do without).
    around_cue: Option<AroundCue>,
}

/// The necessary conditions at the template's first `{cue}` that is not
/// optional (part `part`): a match's cue begins at one of the sentence's
/// cue starts and ends at one of its ends, so a sentence none of whose cues
/// meets them is never searched, and no match starts after the last cue
/// that does.
#[derive(Debug, Clone, Copy)]
struct AroundCue {
    part: usize,
    /// The bytes some part before the cue must match (`,`, the opening
    /// mark of a `{quote}`): one of them stands before the cue.
    before: [bool; 2],
    /// The same for the parts after the cue: one stands after its end.
    after: [bool; 2],
    /// The cue is followed by `{end}` (not optional).
    then_end: bool,
}

/// Where parts `i..` begin, what the sentence's `{cue}` table says of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ahead {
    /// Nothing: the first bytes decide.
    Any,
    /// `{cue}`: a cue must begin there (after white space).
    Cue,
    /// An optional `{appos}` or `{aside}` then `{cue}`: a comma or a cue.
    CommaOrCue,
}

/// The `{cue}` ends at each place of one haystack, found once and shared by
/// every pattern searched over it (the patterns of a rule set read the
/// same word lists): a phrase slot before a cue offers only the ends a cue
/// follows, and a cue is read once per place, not once per pattern.
#[derive(Default)]
pub struct CueMemo {
    /// The haystack (address and length) and the lists it was filled for.
    key: (usize, usize, usize),
    /// Per position: 0 when not yet read, else 1 + its index in `spans`.
    at: Vec<u32>,
    /// The range of `ends` that holds a position's cue ends.
    spans: Vec<(u32, u32)>,
    ends: Vec<usize>,
    /// Every place a cue begins, ascending, once [`Run::fill_cue_starts`]
    /// has read them all (`starts_filled`).
    starts: Vec<usize>,
    starts_filled: bool,
    /// Where the white space before each of `starts` begins.
    start_ws: Vec<usize>,
    /// Every place of a byte a phrase never holds ([`not_phrase`]), as
    /// bits (place `j` is bit `j % 64` of word `j / 64`), once `np_filled`.
    np: Vec<u64>,
    np_filled: bool,
    /// What every search of the haystack asks of it, read once.
    facts: Facts,
    /// The matcher scratch of the pattern searched over the haystack now,
    /// kept here so its buffers serve every pattern and sentence (reset by
    /// [`Matcher::reset_scratch`] for each search of a pattern).
    /// (lent out for each search: a pointer moved, not the buffers)
    pub(crate) scratch: Option<Box<Scratch>>,
}

impl CueMemo {
    /// Forgets the haystack the memo was filled for (its buffers stay): the
    /// next search fills it anew.
    pub(crate) fn forget(&mut self) {
        self.key = (0, 0, 0);
    }

    /// Readies the memo for `hay` searched with `lists` (emptied when it
    /// was filled for another haystack).
    fn ready(&mut self, hay: &[u8], lists: &Arc<Lists>) {
        let key = (
            hay.as_ptr() as usize,
            hay.len(),
            Arc::as_ptr(lists) as usize,
        );
        if self.key != key || self.at.len() != hay.len() + 1 {
            self.key = key;
            self.at.clear();
            self.at.resize(hay.len() + 1, 0);
            self.spans.clear();
            self.ends.clear();
            self.starts.clear();
            self.starts_filled = false;
            self.start_ws.clear();
            self.np.clear();
            self.np_filled = false;
            self.facts = Facts::of(hay);
        }
    }
}

/// Facts of one haystack every pattern searched over it reads: found once
/// per haystack ([`CueMemo::ready`]), not once per pattern.
#[derive(Clone, Copy, Default)]
struct Facts {
    /// Where the closing run of `[\s.!?]` starts.
    t: usize,
    /// The haystack holds a NUL (`{end}` also ends before two of them).
    nul: bool,
    /// Where the first and the last `,` and quotation opening stand.
    firsts: [Option<usize>; 2],
    lasts: [Option<usize>; 2],
}

impl Facts {
    fn of(h: &[u8]) -> Facts {
        let mut t = h.len();
        loop {
            if t > 0 && matches!(h[t - 1], b'.' | b'!' | b'?') {
                t -= 1;
                continue;
            }
            let l = ws_len_before(h, t);
            if l == 0 {
                break;
            }
            t -= l;
        }
        let marks = [b',', crate::text::MASK_OPEN];
        Facts {
            t,
            nul: memchr::memchr(0, h).is_some(),
            firsts: marks.map(|b| memchr::memchr(b, h)),
            lasts: marks.map(|b| memchr::memrchr(b, h)),
        }
    }
}

/// A match: its span and groups (byte offsets in the sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub groups: [Option<(usize, usize)>; 12],
}

impl Matcher {
    /// The matcher of a template's tokens (as written, e.g. `{speaker}`,
    /// `{appos?}`, `[according to]`, `:|,`), or `None` when a token is
    /// beyond what it reads exactly.
    pub fn new(tokens: &[String], lists: Arc<Lists>) -> Option<Matcher> {
        let n = tokens.len();
        let mut parts = Vec::with_capacity(n);
        let last = tokens.iter().rposition(|t| t != "{end}").unwrap_or(0);
        for (i, tok) in tokens.iter().enumerate() {
            parts.push(part_of(tok, i == last)?);
        }
        let ws = ws_lead();
        let mut first = vec![[ByteSet::default(); 2]; n + 1];
        let mut empty = vec![Empty::Anywhere; n + 1];
        for i in (0..n).rev() {
            let (f, e, edge) = own_first(&parts[i], &lists);
            for at_boundary in [false, true] {
                let mut fs = match edge {
                    Edge::Any => f,
                    Edge::Boundary if at_boundary => f,
                    Edge::Boundary => ByteSet::default(),
                    // no word byte before: a boundary before a word byte,
                    // none before any other byte
                    Edge::StartHalf => {
                        let mut g = ByteSet::default();
                        for b in (0..=255u8).filter(|&b| f.has(b) && is_word(b) == at_boundary) {
                            g.add(b);
                        }
                        g
                    }
                };
                if e != Empty::Never {
                    fs.union(&ws);
                    fs.union(&first[i + 1][usize::from(at_boundary)]);
                }
                first[i][usize::from(at_boundary)] = fs;
            }
            empty[i] = e.and(empty[i + 1]);
        }
        let ws_first: Vec<bool> = first
            .iter()
            .map(|f| (0..=255u8).any(|b| ws.has(b) && (f[0].has(b) || f[1].has(b))))
            .collect();
        let stop = (0..=n)
            .map(|i| {
                if empty[i] == Empty::Anywhere {
                    return [ByteSet::all(); 2];
                }
                first[i].map(|f| {
                    let mut s = ws;
                    s.union(&f);
                    s
                })
            })
            .collect();
        let lead = leads(&parts, &lists);
        let ahead = aheads(&parts);
        let lead2 = (0..=parts.len())
            .map(|i| lead_pair(&first[i], empty[i], ws_first[i]))
            .collect();
        let around_cue = around_cue(&parts, &lists);
        let after_phrase = (0..=n)
            .map(|i| match parts.get(i)? {
                Part {
                    tok: Tok::Appos | Tok::Aside,
                    optional: false,
                } => Some(b','),
                _ => lead[i].filter(|&b| not_phrase(b)),
            })
            .collect();
        Some(Matcher {
            after_phrase,
            parts,
            lists,
            stop,
            empty,
            first,
            ws_first,
            ahead,
            lead,
            lead2,
            around_cue,
        })
    }

    /// Readies `scratch` for searching `hay` (then reused by every search
    /// of that haystack: what failed once at a place fails again); its
    /// buffers are kept.
    pub fn reset_scratch(&self, scratch: &mut Scratch, hay: &[u8]) {
        let stride = hay.len() + 1;
        scratch.failed.clear();
        scratch
            .failed
            .resize((self.parts.len() * stride).div_ceil(64), 0);
        scratch.cands.clear();
        scratch.stride = stride;
    }

    /// The first match whose start is one of `starts` (ascending), the
    /// earliest start first; `scratch` must be [`Self::scratch`] of `hay`,
    /// and `cues` may be shared by every pattern searched over `hay`.
    pub fn search(
        &self,
        scratch: &mut Scratch,
        cues: &mut CueMemo,
        hay: &[u8],
        starts: &mut dyn Iterator<Item = usize>,
    ) -> Option<Found> {
        cues.ready(hay, &self.lists);
        let mut run = Run::new(self, hay, scratch, cues);
        // every part before the cue moves forward: no match starts after
        // the last cue the template can match at
        let last = match self.around_cue {
            Some(a) => run.last_cue_start(&a)?,
            None => hay.len(),
        };
        for s in starts {
            if s > last {
                break;
            }
            if run.part(0, s) {
                return Some(Found {
                    start: s,
                    end: run.end,
                    groups: run.groups,
                });
            }
        }
        None
    }
}

/// Scratch space for the searches of one haystack: the (part, position)
/// pairs that failed, and the candidate stack.
#[derive(Default)]
pub struct Scratch {
    failed: Vec<u64>,
    cands: Vec<Cand>,
    stride: usize,
    xs: Vec<usize>,
    walk: Walk,
    /// The ends a phrase slot offers before a cue.
    es: Vec<usize>,
    /// The ends of a name after `{end}`'s comma.
    ys: Vec<usize>,
}

/// The buffers of the walk through a cue's preverbs ([`Run::cue_ends`]).
#[derive(Default)]
struct Walk {
    /// The places met so far.
    visited: Vec<usize>,
    /// The places on the path (each with where its ends start in `pend`).
    frames: Vec<(usize, usize, Option<Option<CueWord>>)>,
    /// The places after each frame's preverbs still to try, the next one
    /// last.
    pend: Vec<usize>,
}

/// A word of [`Lists::cue_words`]: where it ends and its keys.
#[derive(Clone, Copy, Debug)]
struct CueWord {
    end: usize,
    keys: [u32; 2],
}

/// One place a part may end, and the groups it sets.
#[derive(Clone, Copy, Debug)]
struct Cand {
    end: usize,
    g: [(u8, usize, usize); 2],
    n: u8,
}

struct Run<'a> {
    m: &'a Matcher,
    h: &'a [u8],
    s: &'a mut Scratch,
    cues: &'a mut CueMemo,
    /// Where the closing run of `[\s.!?]` starts.
    t: usize,
    /// The sentence holds a NUL (`{end}` also ends before two of them).
    nul: bool,
    groups: [Option<(usize, usize)>; 12],
    end: usize,
}

/// What must follow a single word of a [`WordAlt`].
#[derive(Clone, Copy)]
enum WordEnd {
    /// A word boundary (`\b`).
    Boundary,
    /// No word byte (`\b{end-half}`).
    Half,
    /// White space.
    Space,
}

/// Bytes a phrase slot never holds.
pub(crate) fn not_phrase(b: u8) -> bool {
    NOT_PHRASE[usize::from(b)]
}

/// [`not_phrase`] as a table (one load per byte where the scans run).
const NOT_PHRASE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = matches!(
            b as u8,
            0x01..=0x03 | b'\n' | b',' | b';' | b':' | b'!' | b'?' | b'[' | b']' | b'"'
        );
        b += 1;
    }
    t
};

/// Bit `k` set for each byte `k` of `chunk` a phrase never holds.
fn np_bits(chunk: &[u8]) -> u64 {
    let mut bits = 0u64;
    for (k, &b) in chunk.iter().enumerate() {
        bits |= u64::from(not_phrase(b)) << k;
    }
    bits
}

fn is_word(b: u8) -> bool {
    IS_WORD[usize::from(b)]
}

/// ASCII word bytes (`[0-9A-Za-z_]`) as a table.
const IS_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    t
};

/// The length of the white-space character at `p` (0 if none).
#[inline]
fn ws_len(h: &[u8], p: usize) -> usize {
    match h.get(p).map(|&b| WS[usize::from(b)]) {
        None | Some(0) => 0,
        Some(1) => 1,
        Some(_) => ws_len_wide(h, p),
    }
}

/// Per byte: 1 for ASCII white space, 2 for a byte that may begin a wider
/// white-space character ([`ws_len_wide`]), else 0.
const WS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = match b as u8 {
            b'\t'..=b'\r' | b' ' => 1,
            0xC2 | 0xE1 | 0xE2 | 0xE3 => 2,
            _ => 0,
        };
        b += 1;
    }
    t
};

/// [`ws_len`] at a byte beyond ASCII.
#[inline(never)]
fn ws_len_wide(h: &[u8], p: usize) -> usize {
    let at = |i: usize| h.get(p + i).copied();
    match at(0) {
        Some(b'\t'..=b'\r' | b' ') => 1,
        Some(0xC2) if matches!(at(1), Some(0x85 | 0xA0)) => 2,
        Some(0xE1) if at(1) == Some(0x9A) && at(2) == Some(0x80) => 3,
        Some(0xE2) => match (at(1), at(2)) {
            (Some(0x80), Some(0x80..=0x8A | 0xA8 | 0xA9 | 0xAF)) | (Some(0x81), Some(0x9F)) => 3,
            _ => 0,
        },
        Some(0xE3) if at(1) == Some(0x80) && at(2) == Some(0x80) => 3,
        _ => 0,
    }
}

/// The end of the run of white space at `p`.
fn ws_end(h: &[u8], mut p: usize) -> usize {
    loop {
        let l = ws_len(h, p);
        if l == 0 {
            return p;
        }
        p += l;
    }
}

/// The length of the white-space character that ends at `z` (0 if none).
fn ws_len_before(h: &[u8], z: usize) -> usize {
    // (a wider white-space character ends with a byte beyond ASCII)
    if let Some(&b) = z.checked_sub(1).and_then(|i| h.get(i)) {
        if b < 0x80 {
            return usize::from(WS[usize::from(b)] == 1);
        }
    }
    for l in 1..=3 {
        if z >= l && ws_len(h, z - l) == l {
            return l;
        }
    }
    0
}

/// The start of the run of white space that ends at `z`.
fn ws_start(h: &[u8], mut z: usize) -> usize {
    loop {
        let l = ws_len_before(h, z);
        if l == 0 {
            return z;
        }
        z -= l;
    }
}

fn upper_len(h: &[u8], p: usize) -> usize {
    match (h.get(p), h.get(p + 1)) {
        (Some(b'A'..=b'Z'), _) => 1,
        (Some(0xC3), Some(0x80..=0x96 | 0x98..=0x9E)) => 2,
        (Some(0xC4 | 0xC5), Some(0x80..=0xBF)) => 2,
        _ => 0,
    }
}

fn lower_len(h: &[u8], p: usize) -> usize {
    match (h.get(p), h.get(p + 1)) {
        (Some(b'a'..=b'z'), _) => 1,
        (Some(0xC3), Some(0x9F..=0xB6 | 0xB8..=0xBF)) => 2,
        (Some(0xC4 | 0xC5), Some(0x80..=0xBF)) => 2,
        _ => 0,
    }
}

/// `WORD` of the templates: an ASCII word byte or a Latin letter.
fn word_len(h: &[u8], p: usize) -> usize {
    match (h.get(p), h.get(p + 1)) {
        (Some(&b), _) if is_word(b) => 1,
        (Some(0xC3), Some(0x80..=0x96 | 0x98..=0xB6 | 0xB8..=0xBF)) => 2,
        (Some(0xC4 | 0xC5), Some(0x80..=0xBF)) => 2,
        _ => 0,
    }
}

/// The start of the character that ends at `z` (valid UTF-8 around it).
fn prev_boundary(h: &[u8], z: usize) -> usize {
    let mut i = z - 1;
    while i > 0 && (h[i] & 0xC0) == 0x80 {
        i -= 1;
    }
    i
}

fn is_cont(h: &[u8], i: usize) -> bool {
    h.get(i).is_some_and(|b| b & 0xC0 == 0x80)
}

/// [`Matcher::lead`]: for each part (and the end), the one byte it may
/// begin with, when it is not optional and has exactly one ASCII first byte
/// that is no white space.
fn leads(parts: &[Part], lists: &Lists) -> Vec<Option<u8>> {
    let ws = ws_lead();
    (0..=parts.len())
        .map(|i| {
            let part = parts.get(i)?;
            let (f, e, _) = own_first(part, lists);
            let bytes: Vec<u8> = (0..=255u8).filter(|&b| f.has(b)).collect();
            match bytes[..] {
                [b] if e == Empty::Never && !part.optional && b.is_ascii() && !ws.has(b) => Some(b),
                _ => None,
            }
        })
        .collect()
}

/// [`Matcher::lead2`] of one suffix from its first bytes.
fn lead_pair(first: &[ByteSet; 2], empty: Empty, ws_first: bool) -> Option<(u8, u8)> {
    if empty != Empty::Never || ws_first {
        return None;
    }
    let mut f = first[0];
    f.union(&first[1]);
    let ws = ws_lead();
    let bytes: Vec<u8> = (0..=255u8).filter(|&b| f.has(b)).collect();
    if bytes.iter().any(|&b| !b.is_ascii() || ws.has(b)) {
        return None;
    }
    match bytes[..] {
        [a] => Some((a, a)),
        [a, b] => Some((a, b)),
        _ => None,
    }
}

/// [`Matcher::around_cue`] of a template's parts.
fn around_cue(parts: &[Part], lists: &Lists) -> Option<AroundCue> {
    if lists.forms.is_empty() {
        // (a `{cue}` may then be empty anywhere)
        return None;
    }
    let part = parts
        .iter()
        .position(|p| matches!(p.tok, Tok::Cue) && !p.optional)?;
    let bytes = |ps: &[Part]| {
        let has = |f: fn(&Tok) -> bool| ps.iter().any(|p| !p.optional && f(&p.tok));
        [
            has(|t| matches!(t, Tok::Comma { .. })),
            has(|t| matches!(t, Tok::Quote)),
        ]
    };
    Some(AroundCue {
        part,
        before: bytes(&parts[..part]),
        after: bytes(&parts[part + 1..]),
        then_end: matches!(
            parts.get(part + 1),
            Some(Part {
                tok: Tok::End,
                optional: false
            })
        ),
    })
}

/// [`Matcher::ahead`]: for each part (and the end), what the cue table can
/// rule out where the parts from it on begin.
fn aheads(parts: &[Part]) -> Vec<Ahead> {
    let is_cue = |p: Option<&Part>| p.is_some_and(|p| matches!(p.tok, Tok::Cue) && !p.optional);
    (0..=parts.len())
        .map(|i| match parts.get(i) {
            p if is_cue(p) => Ahead::Cue,
            Some(p)
                if p.optional
                    && matches!(p.tok, Tok::Appos | Tok::Aside)
                    && is_cue(parts.get(i + 1)) =>
            {
                Ahead::CommaOrCue
            }
            _ => Ahead::Any,
        })
        .collect()
}

/// The matcher part of one template token, or `None` when it is beyond
/// the matcher.
fn part_of(tok: &str, last: bool) -> Option<Part> {
    let normalized = tok.replace("?}", "}?");
    let (body, optional) = match normalized.strip_suffix('?') {
        Some(b) if !b.is_empty() => (b.to_string(), true),
        _ => (normalized.clone(), false),
    };
    let tok = if let Some(name) = body.strip_prefix('{').and_then(|b| b.strip_suffix('}')) {
        match name {
            "quote" => Tok::Quote,
            "speaker" => Tok::Phrase {
                group: G_SPEAKER,
                greedy: last,
            },
            "via" => Tok::Phrase {
                group: G_VIA,
                greedy: last,
            },
            "label" => Tok::Label,
            "appos" => Tok::Appos,
            "aside" => Tok::Aside,
            "cue" => Tok::Cue,
            "content" => Tok::Content { group: G_CONTENT },
            "more" => Tok::Content { group: G_MORE },
            "adjunct" => Tok::Adjunct,
            "start" => Tok::Start,
            "end" => Tok::End,
            _ => return None,
        }
    } else if let Some(lit) = body.strip_prefix('[').and_then(|b| b.strip_suffix(']')) {
        literal(lit, true)?
    } else {
        literal(&body, false)?
    };
    Some(Part { tok, optional })
}

/// A literal token (`that`, `:|,`, `[according to|as per]`).
fn literal(lit: &str, cue: bool) -> Option<Tok> {
    if lit == "," {
        return Some(Tok::Comma { cue });
    }
    let mut alts = Vec::new();
    for alt in lit.split('|') {
        // letters beyond ASCII have case variants the matcher does not fold
        if alt
            .chars()
            .any(|c| !c.is_ascii() && (c.is_alphabetic() || c.is_whitespace()))
        {
            return None;
        }
        let words: Vec<Vec<u8>> = alt
            .split_whitespace()
            .map(|w| w.to_ascii_lowercase().into_bytes())
            .collect();
        alts.push(LitAlt {
            first: words.first().and_then(|w| w.first()).copied(),
            words,
            b_start: alt.chars().next().is_some_and(char::is_alphanumeric),
            b_end: alt.chars().last().is_some_and(char::is_alphanumeric),
        });
    }
    Some(Tok::Lit { alts, cue })
}

/// What a part's non-empty matches need just before their start.
#[derive(Clone, Copy)]
enum Edge {
    Any,
    /// A word boundary (`\b`).
    Boundary,
    /// No word byte (`\b{start-half}`).
    StartHalf,
}

/// The first bytes of a part's non-empty matches, where it may match the
/// empty string, and what it needs before its start.
fn own_first(part: &Part, lists: &Lists) -> (ByteSet, Empty, Edge) {
    let mut f = ByteSet::default();
    let ws = ws_lead();
    let mut e = Empty::Never;
    let edge = match &part.tok {
        Tok::Cue => Edge::StartHalf,
        Tok::Lit { alts, .. } if alts.iter().all(|a| a.b_start && !a.words.is_empty()) => {
            Edge::Boundary
        }
        _ => Edge::Any,
    };
    match &part.tok {
        Tok::Start => e = Empty::Anywhere,
        Tok::End => {
            f = ws;
            for b in [b',', b'.', b'!', b'?', 0] {
                f.add(b);
            }
            e = Empty::AtEnd;
        }
        Tok::Quote => f.add(0x02),
        Tok::Phrase { .. } => {
            for b in 0x21..=0xFF {
                if !not_phrase(b) {
                    f.add(b);
                }
            }
        }
        Tok::Label => {
            f.add_range(b'A', b'Z');
            f.add_range(0xC3, 0xC5);
        }
        Tok::Appos | Tok::Aside => {
            f = ws;
            f.add(b',');
        }
        Tok::Cue => {
            f.add_range(b'a', b'z');
            f.union(&lists.forms.first);
            f.union(&lists.preverbs.first);
            if lists.forms.is_empty() {
                e = Empty::Anywhere;
                f = ByteSet::all();
            }
        }
        Tok::Content { .. } => {
            f.add_range(b'0', b'9');
            f.add_range(b'A', b'Z');
            f.add_range(b'a', b'z');
            f.add(b'_');
            f.add_range(0xC3, 0xC5);
            for b in [0x02, b'$', 0xC2, 0xE2] {
                f.add(b);
            }
        }
        Tok::Adjunct => {
            for b in 0..=0xFF {
                if !not_phrase(b) {
                    f.add(b);
                }
            }
            e = Empty::Anywhere;
        }
        Tok::Lit { alts, .. } => {
            f = lit_first(alts);
            if alts.iter().any(|a| a.words.is_empty()) {
                e = Empty::Anywhere;
            }
        }
        Tok::Comma { .. } => f.add(b','),
    }
    if part.optional {
        e = Empty::Anywhere;
    }
    (f, e, edge)
}

/// The first bytes of a literal's alternatives, in either case (`k` and
/// `s` also as the Kelvin sign and the long s, which fold to them).
fn lit_first(alts: &[LitAlt]) -> ByteSet {
    let mut f = ByteSet::default();
    for b in alts
        .iter()
        .filter_map(|a| a.words.first().and_then(|w| w.first()))
    {
        f.add(*b);
        f.add(b.to_ascii_uppercase());
        if *b == b'k' {
            f.add(0xE2);
        }
        if *b == b's' {
            f.add(0xC5);
        }
    }
    f
}

impl<'a> Run<'a> {
    fn new(m: &'a Matcher, h: &'a [u8], s: &'a mut Scratch, cues: &'a mut CueMemo) -> Run<'a> {
        Run {
            m,
            h,
            t: cues.facts.t,
            nul: cues.facts.nul,
            groups: [None; 12],
            end: 0,
            s,
            cues,
        }
    }

    fn failed(&self, i: usize, p: usize) -> bool {
        let bit = i * self.s.stride + p;
        self.s.failed[bit / 64] & (1 << (bit % 64)) != 0
    }

    fn set_failed(&mut self, i: usize, p: usize) {
        let bit = i * self.s.stride + p;
        self.s.failed[bit / 64] |= 1 << (bit % 64);
    }

    /// Whether parts `i..` match from `p` (no white space before part `i`);
    /// on success `end` and `groups` hold the match.
    #[inline(always)]
    fn part(&mut self, i: usize, p: usize) -> bool {
        let n = self.m.parts.len();
        if i == n {
            self.end = p;
            return true;
        }
        // the first byte must be able to begin parts i..
        let possible = match self.h.get(p) {
            None => self.m.empty[i] != Empty::Never,
            Some(&b) => {
                self.m.empty[i] == Empty::Anywhere
                    || self.m.first[i][usize::from(self.boundary(p))].has(b)
            }
        };
        possible && !self.failed(i, p) && self.part_cands(i, p)
    }

    /// [`Self::part`] past its first tests: part `i`'s candidates at `p`,
    /// each followed by the rest. (out of line: a part ruled out at once
    /// costs its caller no frame)
    #[inline(never)]
    fn part_cands(&mut self, i: usize, p: usize) -> bool {
        let base = self.s.cands.len();
        self.cands(i, p);
        let top = self.s.cands.len();
        for k in base..top {
            let c = self.s.cands[k];
            for &(g, a, b) in &c.g[..usize::from(c.n)] {
                self.groups[usize::from(g)] = Some((a, b));
            }
            if self.after(i + 1, c.end) {
                self.s.cands.truncate(base);
                return true;
            }
            for &(g, _, _) in &c.g[..usize::from(c.n)] {
                self.groups[usize::from(g)] = None;
            }
        }
        self.s.cands.truncate(base);
        self.set_failed(i, p);
        false
    }

    /// The white space before part `i` (greedy: the longest run first),
    /// then parts `i..`.
    fn after(&mut self, i: usize, e: usize) -> bool {
        if i == self.m.parts.len() {
            self.end = e;
            return true;
        }
        let m = ws_end(self.h, e);
        let mut q = m;
        loop {
            if self.part(i, q) {
                return true;
            }
            if q == e {
                return false;
            }
            q -= ws_len_before(self.h, q);
        }
    }

    /// Whether the rest of the template (part `i` on, white space first)
    /// may begin at `e`, the white space after `e` ending at `q`: after the
    /// longest run of white space (or, when part `i` may begin with white
    /// space, after a shorter one).
    #[inline(always)]
    fn may_follow_at(&self, i: usize, e: usize, q: usize) -> bool {
        let here = match self.h.get(q) {
            None => self.m.empty[i] != Empty::Never,
            Some(&b) => self.m.first[i][usize::from(self.boundary(q))].has(b),
        };
        here || (q > e && self.m.ws_first[i])
    }

    /// Whether [`Self::push`] keeps an end `end` of part `i`: the rest of
    /// the template may begin after it.
    fn keeps(&mut self, i: usize, end: usize) -> bool {
        if self.m.empty[i + 1] != Empty::Anywhere {
            // (ASCII white space here; a byte that may begin a wider
            // character goes the long way, out of line and last, so this
            // saves no registers for a call)
            let mut q = end;
            loop {
                match self.h.get(q).map(|&b| WS[usize::from(b)]) {
                    Some(1) => q += 1,
                    Some(0) | None => break,
                    Some(_) => return self.keeps_wide(i, end),
                }
            }
            if !self.may_follow_at(i + 1, end, q) {
                return false;
            }
        }
        self.keeps_ahead(i, end)
    }

    /// [`Self::keeps`] where a byte beyond ASCII may be white space.
    #[inline(never)]
    fn keeps_wide(&mut self, i: usize, end: usize) -> bool {
        self.may_follow_at(i + 1, end, ws_end(self.h, end)) && self.keeps_ahead(i, end)
    }

    /// The last test of [`Self::keeps`]: what the `{cue}` table says.
    #[inline(always)]
    fn keeps_ahead(&mut self, i: usize, end: usize) -> bool {
        match self.m.ahead[i + 1] {
            Ahead::Any => true,
            ahead => self.cue_ahead(ahead, end),
        }
    }

    /// The rest of [`Self::keeps`] when the `{cue}` table has a say.
    /// (out of line: `keeps` runs for every end a part offers, and stays
    /// small)
    #[inline(never)]
    fn cue_ahead(&mut self, ahead: Ahead, end: usize) -> bool {
        (ahead == Ahead::CommaOrCue && self.h.get(ws_end(self.h, end)) == Some(&b','))
            || self.cue_follows(end)
    }

    /// The last place a cue of the template may begin (see
    /// [`AroundCue`]), or `None` when no cue of the sentence will do.
    fn last_cue_start(&mut self, a: &AroundCue) -> Option<usize> {
        self.fill_cue_starts();
        let h = self.h;
        let (firsts, lasts) = (self.cues.facts.firsts, self.cues.facts.lasts);
        // (the last cue first: the first one that does is the answer)
        for k in (0..self.cues.starts.len()).rev() {
            let q = self.cues.starts[k];
            let before_ok = (0..2).all(|j| !a.before[j] || firsts[j].is_some_and(|f| f < q));
            if !before_ok {
                continue;
            }
            let (lo, hi) = self.cue_at(q);
            for e in lo..hi {
                let x = self.cues.ends[e];
                let after_ok = (0..2).all(|j| !a.after[j] || lasts[j].is_some_and(|l| l >= x));
                if after_ok
                    && (!a.then_end
                        || self.comma_then(x).is_some()
                        || self.closing(x).is_some()
                        || self.closing(ws_end(h, x)).is_some())
                    && self.keeps(a.part, x)
                {
                    return Some(q);
                }
            }
        }
        None
    }

    /// Offers an end of part `i`.
    fn push(&mut self, i: usize, end: usize, g: &[(u8, usize, usize)]) {
        if !self.keeps(i, end) {
            return;
        }
        let mut c = Cand {
            end,
            g: [(0, 0, 0); 2],
            n: 0,
        };
        for (k, &x) in g.iter().enumerate() {
            c.g[k] = x;
        }
        c.n = g.len() as u8;
        self.s.cands.push(c);
    }

    /// Fills the bitmap of the bytes a phrase never holds (once per
    /// haystack; out of line, so the lookups of [`Self::not_phrase_from`]
    /// stay light).
    #[inline(never)]
    fn fill_not_phrase(&mut self) {
        let h = self.h;
        // (a bit per byte, set or not: no branch per byte)
        let np = &mut self.cues.np;
        np.clear();
        np.resize(h.len().div_ceil(64), 0);
        // (whole words of 64 bytes as arrays: the loop unrolls, each
        // shift a constant)
        let whole = h.chunks_exact(64);
        let rest = whole.remainder();
        for (word, chunk) in np.iter_mut().zip(whole) {
            if let Ok(chunk) = <&[u8; 64]>::try_from(chunk) {
                *word = np_bits(chunk);
            }
        }
        if let Some(last) = np.last_mut().filter(|_| !rest.is_empty()) {
            *last = np_bits(rest);
        }
        self.cues.np_filled = true;
    }

    /// The first NOT_PHRASE byte at or after `x` (or the length), from
    /// the places of those bytes in the haystack, read once for all its
    /// patterns.
    fn not_phrase_from(&mut self, x: usize) -> usize {
        let h = self.h;
        if !self.cues.np_filled {
            self.fill_not_phrase();
        }
        let np = &self.cues.np;
        let mut w = x / 64;
        let mut bits = match np.get(w) {
            Some(&bits) => bits & (u64::MAX << (x % 64)),
            None => return h.len(),
        };
        loop {
            if bits != 0 {
                return w * 64 + bits.trailing_zeros() as usize;
            }
            w += 1;
            match np.get(w) {
                Some(&next) => bits = next,
                None => return h.len(),
            }
        }
    }

    /// No word byte (ASCII) at `p`: `\b{end-half}`.
    fn end_half(&self, p: usize) -> bool {
        !self.h.get(p).is_some_and(|&b| is_word(b))
    }

    /// Word boundary (ASCII) at `p`.
    fn boundary(&self, p: usize) -> bool {
        let before = p
            .checked_sub(1)
            .and_then(|i| self.h.get(i))
            .is_some_and(|&b| is_word(b));
        let after = self.h.get(p).is_some_and(|&b| is_word(b));
        before != after
    }

    /// Pushes the candidates of part `i` at `p`, in order of preference.
    fn cands(&mut self, i: usize, p: usize) {
        let m = self.m;
        let part = &m.parts[i];
        match &part.tok {
            Tok::Start => {
                if p == 0 {
                    self.push(i, 0, &[]);
                }
            }
            Tok::End => self.end_cands(i, p),
            Tok::Quote => {
                if let Some(e) = quote_end(self.h, p) {
                    self.push(i, e, &[(G_QUOTE, p, e)]);
                }
            }
            Tok::Phrase { group, greedy } => self.phrase(i, p, *group, *greedy),
            Tok::Label => self.label(i, p),
            Tok::Appos => self.appos(i, p),
            Tok::Aside => self.aside(i, p),
            Tok::Cue => self.cue(i, p),
            Tok::Content { group } => self.content(i, p, *group),
            Tok::Adjunct => {
                let r = self.not_phrase_from(p);
                let (m, h) = (self.m, self.h);
                if let Some((b1, b2)) = m.lead2[i + 1] {
                    // only the places before one of those bytes (and its
                    // white space) get through `push`
                    let mut k = p;
                    while let Some(j) = h.get(k..).and_then(|rest| memchr::memchr2(b1, b2, rest)) {
                        let c = k + j;
                        let z = ws_start(h, c).max(p);
                        if z > r {
                            break;
                        }
                        for e in (z..=c.min(r)).filter(|&e| stop(m, h, i + 1, e)) {
                            self.push(i, e, &[(G_ADJUNCT, p, e)]);
                        }
                        k = c + 1;
                    }
                } else {
                    for e in (p..=r).filter(|&e| stop(m, h, i + 1, e)) {
                        self.push(i, e, &[(G_ADJUNCT, p, e)]);
                    }
                }
            }
            Tok::Lit { alts, cue } => {
                // (a byte beyond ASCII may be the Kelvin sign or the long s)
                let b0 = self.h.get(p).map(|&b| b.to_ascii_lowercase());
                let may_begin = |a: &LitAlt| match (a.first, b0) {
                    (Some(f), Some(b)) => b == f || !b.is_ascii(),
                    (Some(_), None) => false,
                    (None, _) => true,
                };
                for a in alts.iter().filter(|a| may_begin(a)) {
                    if let Some(e) = self.lit_alt(a, p) {
                        if *cue {
                            self.push(i, e, &[(G_CUE, p, e)]);
                        } else {
                            self.push(i, e, &[]);
                        }
                    }
                }
            }
            Tok::Comma { cue } => {
                let h = self.h;
                if h.get(p) == Some(&b',') {
                    let mut j = p + 1;
                    while h.get(j) == Some(&0x01) {
                        j += 1;
                    }
                    let mut ends = [0usize; 2];
                    let mut k = 0;
                    if h.get(j) == Some(&0x03) {
                        ends[k] = j + 1;
                        k += 1;
                    }
                    ends[k] = p + 1;
                    k += 1;
                    for &e in &ends[..k] {
                        if *cue {
                            self.push(i, e, &[(G_CUE, p, e)]);
                        } else {
                            self.push(i, e, &[]);
                        }
                    }
                }
            }
        }
        if part.optional {
            self.push(i, p, &[]);
        }
    }

    /// Part `i + 1` is `{end}` (not optional) and the sentence holds no
    /// NUL: `{end}` then holds from the end `e` of part `i` only where the
    /// white space after `e` reaches a comma (its tails) or `e` stands in
    /// the closing run of stops and white space (see [`Self::closing`]).
    fn before_end(&self, i: usize) -> bool {
        !self.nul
            && matches!(
                self.m.parts.get(i + 1),
                Some(Part {
                    tok: Tok::End,
                    optional: false
                })
            )
    }

    fn phrase(&mut self, i: usize, p: usize, group: u8, greedy: bool) {
        let h = self.h;
        let Some(&b0) = h.get(p) else { return };
        if b0 <= 0x20 || not_phrase(b0) {
            return;
        }
        let r = self.not_phrase_from(p + 1);
        let m = self.m;
        let ok = |e: usize| h[e - 1] > 0x20 && stop(m, h, i + 1, e);
        if greedy {
            // before `{end}` only the ends in the closing run or before the
            // comma that ends the phrase run can get through
            let lo = if self.before_end(i) {
                let z = if h.get(r) == Some(&b',') {
                    ws_start(h, r)
                } else {
                    r + 1
                };
                z.min(self.t).max(p + 2)
            } else {
                p + 2
            };
            for e in (lo..=r).rev().filter(|&e| ok(e)) {
                self.push(i, e, &[(group, p, e)]);
            }
        } else if m.ahead[i + 1] != Ahead::Any {
            // before a cue only the ends a cue (or a comma) follows get
            // through `push`: try just the places before the sentence's cues
            let mut es = std::mem::take(&mut self.s.es);
            es.clear();
            self.ends_before_cues(i, p + 2, r, &mut es);
            for &e in &es {
                if ok(e) {
                    self.push(i, e, &[(group, p, e)]);
                }
            }
            self.s.es = es;
        } else if let Some(b) = m.after_phrase[i + 1] {
            // an end before the white space before `r` has a phrase byte
            // after that white space, not `b`: the rest cannot begin there
            if h.get(r) == Some(&b) {
                for e in (ws_start(h, r).max(p + 2)..=r).filter(|&e| ok(e)) {
                    self.push(i, e, &[(group, p, e)]);
                }
            }
        } else {
            for e in (p + 2..=r).filter(|&e| ok(e)) {
                self.push(i, e, &[(group, p, e)]);
            }
        }
        self.push(i, p + 1, &[(group, p, p + 1)]);
    }

    // (out of line: a part few templates have, kept out of `cands`)
    #[inline(never)]
    fn label(&mut self, i: usize, p: usize) {
        let h = self.h;
        let u0 = upper_len(h, p);
        if u0 == 0 {
            return;
        }
        // the run of middle characters: capitals and . ' ’ space -
        let from = p + u0;
        let mut m = from;
        loop {
            let l = upper_len(h, m);
            if l > 0 {
                m += l;
            } else if matches!(h.get(m), Some(b'.' | b'\'' | b' ' | b'-')) {
                m += 1;
            } else if h.get(m..m + 3) == Some("’".as_bytes()) {
                m += 3;
            } else {
                break;
            }
        }
        let mut q = m;
        loop {
            let ul = upper_len(h, q);
            if ul > 0 {
                let u = q + ul;
                if h.get(u) == Some(&b'.') {
                    self.push(i, u + 1, &[(G_SPEAKER, p, u + 1)]);
                }
                self.push(i, u, &[(G_SPEAKER, p, u)]);
            }
            if q == from {
                break;
            }
            q = prev_boundary(h, q);
        }
    }

    /// `\s*,\s*` then the start of the phrase after it, or `None`.
    fn comma_then(&self, p: usize) -> Option<usize> {
        let q = ws_end(self.h, p);
        (self.h.get(q) == Some(&b',')).then(|| q + 1)
    }

    /// The earliest end `y ≥ from` of a lazy run that white space then a
    /// comma at `c` may follow.
    fn lazy_to_comma(&self, from: usize, c: usize) -> usize {
        let mut y = from.max(ws_start(self.h, c));
        while y < c && is_cont(self.h, y) {
            y += 1;
        }
        y
    }

    // (out of line: a part few templates have, kept out of `cands`)
    #[inline(never)]
    fn appos(&mut self, i: usize, p: usize) {
        let Some(q) = self.comma_then(p) else { return };
        let a = ws_end(self.h, q);
        if !self.boundary(a) {
            return;
        }
        let mut xs = std::mem::take(&mut self.s.xs);
        xs.clear();
        self.appos_starts(a, &mut xs);
        for &x in &xs {
            if !self.boundary(x) {
                continue;
            }
            let c = self.not_phrase_from(x);
            if self.h.get(c) != Some(&b',') {
                continue;
            }
            let y = self.lazy_to_comma(x, c);
            self.push(i, c + 1, &[(G_APPOS, a, y)]);
        }
        self.s.xs = xs;
    }

    // (out of line: a part few templates have, kept out of `cands`)
    #[inline(never)]
    fn aside(&mut self, i: usize, p: usize) {
        let h = self.h;
        let Some(q) = self.comma_then(p) else { return };
        let mut a = ws_end(h, q);
        loop {
            if h.get(a).is_some_and(|&b| !not_phrase(b)) {
                let c = self.not_phrase_from(a);
                if h.get(c) == Some(&b',') {
                    let y = self.lazy_to_comma(a + 1, c);
                    self.push(i, c + 1, &[(G_APPOS, a, y)]);
                }
            }
            if a == q {
                break;
            }
            a -= ws_len_before(h, a);
        }
    }

    /// The ends of the apposition openers at `a`, in order of preference
    /// (the word boundary after each is checked by the caller).
    fn appos_starts(&self, a: usize, xs: &mut Vec<usize>) {
        let h = self.h;
        let mut m = a;
        while h.get(m).is_some_and(u8::is_ascii_lowercase) {
            m += 1;
        }
        if m > a && h[m..].starts_with(b"-based") {
            xs.push(m + 6);
        }
        if m > a && h[m..].starts_with(b"-year-old") {
            xs.push(m + 9);
        }
        if m >= a + 6 && &h[m - 3..m] == b"ing" {
            xs.push(m);
        }
        if matches!(h.get(a), Some(b'R' | b'D' | b'I'))
            && h.get(a + 1) == Some(&b'-')
            && h.get(a + 2).is_some_and(u8::is_ascii_uppercase)
        {
            let mut m2 = a + 3;
            while h
                .get(m2)
                .is_some_and(|&b| b.is_ascii_alphabetic() || b == b'.')
            {
                m2 += 1;
            }
            xs.extend((a + 3..=m2).rev());
        }
        self.two_names(a, xs);
        self.words_at(&self.m.lists.openers, a, WordEnd::Boundary, xs);
    }

    /// `UPPER LOWER+ \s+ (UPPER. \s+)? UPPER LOWER+`: "Jane Doe", "Jane Q. Doe".
    fn two_names(&self, a: usize, xs: &mut Vec<usize>) {
        let h = self.h;
        let u1 = upper_len(h, a);
        if u1 == 0 {
            return;
        }
        let mut m1 = a + u1;
        while lower_len(h, m1) > 0 {
            m1 += lower_len(h, m1);
        }
        if m1 == a + u1 {
            return;
        }
        let s1 = ws_end(h, m1);
        if s1 == m1 {
            return;
        }
        let mut seconds = [None; 2];
        let ul = upper_len(h, s1);
        if ul > 0 && h.get(s1 + ul) == Some(&b'.') {
            let s2 = ws_end(h, s1 + ul + 1);
            if s2 > s1 + ul + 1 {
                seconds[0] = Some(s2);
            }
        }
        seconds[1] = Some(s1);
        for pos2 in seconds.into_iter().flatten() {
            let u2 = upper_len(h, pos2);
            if u2 == 0 {
                continue;
            }
            let from = pos2 + u2;
            let mut e = from;
            while lower_len(h, e) > 0 {
                e += lower_len(h, e);
            }
            while e > from {
                xs.push(e);
                e = prev_boundary(h, e);
            }
        }
    }

    /// The ends of the words and phrases of `alt` at `p`, in order of
    /// preference: phrases, then single words (each followed as `end`
    /// says).
    fn words_at(&self, alt: &WordAlt, p: usize, end: WordEnd, xs: &mut Vec<usize>) {
        let h = self.h;
        if alt.is_empty() {
            xs.push(p);
            return;
        }
        if !alt.may_start(h, p) {
            return;
        }
        if let Some(words) = &alt.words {
            // an ASCII word list: the whole run of word bytes is the key
            let mut x = p;
            while h.get(x).is_some_and(|&b| is_word(b)) {
                x += 1;
            }
            if let Some(&k) = words.get(&h[p..x]) {
                self.key_ends(alt, k, p, x, end, xs);
            }
            return;
        }
        let Some(walk) = &alt.keys_walk else { return };
        let Ok(mut sid) = walk.start_state(Anchored::Yes) else {
            return;
        };
        // the key a phrase begins with (it ends at white space), and the
        // single words (shortest first)
        let mut head = None;
        let mut found = [0usize; 8];
        let mut k = 0;
        let mut more = Vec::new();
        for (j, &c) in h.iter().enumerate().skip(p) {
            sid = walk.next_state(Anchored::Yes, sid, c);
            // (dead and match states are special: one comparison passes
            // most states by)
            if !walk.is_special(sid) {
                continue;
            }
            if walk.is_dead(sid) {
                break;
            }
            if !walk.is_match(sid) {
                continue;
            }
            let x = j + 1;
            for m in 0..walk.match_len(sid) {
                let pid = walk.match_pattern(sid, m);
                if walk.pattern_len(pid) != x - p {
                    continue;
                }
                let key = &alt.keys[pid.as_usize()];
                if self.heads_phrase(key, x) {
                    head = Some(key);
                }
                if self.single_ends(key, end, x) {
                    if k < found.len() {
                        found[k] = x;
                        k += 1;
                    } else {
                        more.push(x);
                    }
                }
            }
        }
        if let Some(key) = head {
            phrase_ends(h, p, alt, key, xs);
        }
        xs.extend(more.iter().rev());
        xs.extend(found[..k].iter().rev());
    }

    /// The ends of key `k` of `alt` (an ASCII word list), a word from `p`
    /// to `x`, as [`Self::words_at`] gives them.
    fn key_ends(
        &self,
        alt: &WordAlt,
        k: usize,
        p: usize,
        x: usize,
        end: WordEnd,
        xs: &mut Vec<usize>,
    ) {
        let key = &alt.keys[k];
        if self.heads_phrase(key, x) {
            phrase_ends(self.h, p, alt, key, xs);
        }
        if self.single_ends(key, end, x) {
            xs.push(x);
        }
    }

    /// The word at `p` looked up once in [`Lists::cue_words`] (`None` when
    /// there is no such map; `Some(None)` when no entry of either list may
    /// begin there).
    fn cue_word(&self, p: usize) -> Option<Option<CueWord>> {
        let (h, lists) = (self.h, &self.m.lists);
        let map = lists.cue_words.as_ref()?;
        if !lists.may_begin_word(h, p) {
            return Some(None);
        }
        let mut x = p;
        while h.get(x).is_some_and(|&b| is_word(b)) {
            x += 1;
        }
        Some(map.get(&h[p..x]).map(|&keys| CueWord { end: x, keys }))
    }

    /// Whether `key`, ending at `x`, may begin one of its phrases there
    /// (a phrase's first word ends at white space or the haystack's end).
    fn heads_phrase(&self, key: &Key, x: usize) -> bool {
        !key.phrases.is_empty() && (x == self.h.len() || ws_len(self.h, x) > 0)
    }

    /// Whether `key` counts as a single word ending at `x`, followed as
    /// `end` says.
    fn single_ends(&self, key: &Key, end: WordEnd, x: usize) -> bool {
        key.single
            && match end {
                WordEnd::Boundary => self.boundary(x),
                WordEnd::Half => self.end_half(x),
                WordEnd::Space => ws_len(self.h, x) > 0,
            }
    }

    /// `{cue}` at `p`; its edges are half boundaries (see
    /// `template::cue_regex`).
    fn cue(&mut self, i: usize, p: usize) {
        let (a, b) = self.cue_at(p);
        for k in a..b {
            let x = self.cues.ends[k];
            self.push(i, x, &[(G_CUE, p, x)]);
        }
    }

    /// Where `{cue}` may end when it begins at `p`, in order of preference
    /// (a range of `self.cues.ends`), read once per place of the haystack.
    fn cue_at(&mut self, p: usize) -> (usize, usize) {
        match self.cues.at[p] {
            0 => self.read_cue_at(p),
            known => {
                let (a, b) = self.cues.spans[known as usize - 1];
                (a as usize, b as usize)
            }
        }
    }

    /// [`Self::cue_at`] at a place not read before. (out of line: a
    /// place read before costs its callers a load or two)
    #[inline(never)]
    fn read_cue_at(&mut self, p: usize) -> (usize, usize) {
        let a = self.cues.ends.len();
        if !p.checked_sub(1).is_some_and(|i| is_word(self.h[i])) && self.may_begin_cue(p) {
            self.push_cue_ends(p);
        }
        let b = self.cues.ends.len();
        self.cues.spans.push((a as u32, b as u32));
        self.cues.at[p] = self.cues.spans.len() as u32;
        (a, b)
    }

    /// The ends of the cue at `p` onto `self.cues.ends`, for
    /// [`Self::read_cue_at`]. (out of line: most places are ruled out
    /// before it and need none of its frame)
    #[inline(never)]
    fn push_cue_ends(&mut self, p: usize) {
        let mut xs = std::mem::take(&mut self.s.xs);
        let mut walk = std::mem::take(&mut self.s.walk);
        xs.clear();
        self.cue_ends(p, &mut xs, &mut walk);
        for &x in &xs {
            if self.end_half(x) {
                self.cues.ends.push(x);
            }
        }
        self.s.xs = xs;
        self.s.walk = walk;
    }

    /// Whether a `{cue}` may begin at `p`: a verb form or a preverb may
    /// (their first bytes), or an `-ly` adverb stands there; else
    /// [`Self::cue_ends`] finds nothing.
    fn may_begin_cue(&self, p: usize) -> bool {
        let (h, lists) = (self.h, &self.m.lists);
        if lists.forms.is_empty() || lists.may_begin_word(h, p) {
            return true;
        }
        let mut m = p;
        while h.get(m).is_some_and(u8::is_ascii_lowercase) {
            m += 1;
        }
        m >= p + 3 && &h[m - 2..m] == b"ly" && ws_len(h, m) > 0
    }

    /// Every place in `[lo, hi]` (ascending) a `{cue}` begins at or after
    /// white space, and for [`Ahead::CommaOrCue`] a comma (the one after
    /// `hi`, which ends a phrase run): all the ends of a phrase slot before
    /// part `i + 1` that [`Self::push`] may keep, and a few it drops.
    fn ends_before_cues(&mut self, i: usize, lo: usize, hi: usize, es: &mut Vec<usize>) {
        if lo > hi {
            return;
        }
        self.fill_cue_starts();
        let h = self.h;
        let starts = &self.cues.starts;
        let from = starts.partition_point(|&q| q < lo);
        for (&q, &z) in starts[from..].iter().zip(&self.cues.start_ws[from..]) {
            // the white space before a later start begins after this one
            if z > hi {
                break;
            }
            es.extend(z.max(lo)..=q.min(hi));
        }
        if self.m.ahead[i + 1] == Ahead::CommaOrCue {
            let c = ws_end(h, hi);
            if h.get(c) == Some(&b',') {
                es.extend(ws_start(h, c).max(lo)..=c.min(hi));
            }
        }
        es.sort_unstable();
        es.dedup();
    }

    /// Reads the cue at every place of the haystack a cue may begin.
    fn fill_cue_starts(&mut self) {
        if self.cues.starts_filled {
            return;
        }
        let h = self.h;
        let mut starts = std::mem::take(&mut self.cues.starts);
        starts.clear();
        self.cues.start_ws.clear();
        // (no form: no place)
        let places = self.last_form_start().map_or(0, |l| l + 1);
        let mut q = 0;
        if self.m.lists.cue_first_lower {
            // the places no lowercase ASCII letter or byte beyond ASCII
            // stands at, or that follow a letter or digit, ruled out eight
            // at a time
            if places > 1 {
                self.cue_start(0, &mut starts);
                q = 1;
            }
            while q + 8 <= places.min(h.len()) {
                let mut bits = word_starts(le_word(&h[q - 1..q + 7]), le_word(&h[q..q + 8]));
                while bits != 0 {
                    self.cue_start(q + (bits.trailing_zeros() / 8) as usize, &mut starts);
                    bits &= bits - 1;
                }
                q += 8;
            }
        }
        for q in q..places {
            self.cue_start(q, &mut starts);
        }
        self.cues.starts = starts;
        self.cues.starts_filled = true;
    }

    /// Reads the cue at `q` (when no word byte stands before it and its
    /// byte may begin one) for [`Self::fill_cue_starts`].
    #[inline(always)]
    fn cue_start(&mut self, q: usize, starts: &mut Vec<usize>) {
        let h = self.h;
        if q > 0 && is_word(h[q - 1]) {
            return;
        }
        if h.get(q).is_some_and(|&b| !self.m.lists.cue_first.has(b)) {
            return;
        }
        let (a, b) = self.cue_at(q);
        if b > a {
            starts.push(q);
            self.cues.start_ws.push(ws_start(h, q));
        }
    }

    /// The last place a verb form begins (after no word byte; `None` when
    /// there is none): every cue ends with a form that begins after its
    /// preverbs, so no cue begins after it. Read from the end of the
    /// haystack, so the words after the last form are looked up once, as
    /// forms only, instead of as every way a cue may begin.
    fn last_form_start(&mut self) -> Option<usize> {
        let (h, forms) = (self.h, &self.m.lists.forms);
        if forms.is_empty() {
            // (a cue may then be empty anywhere)
            return Some(h.len());
        }
        let mut xs = std::mem::take(&mut self.s.xs);
        let mut last = None;
        // (no form begins at the end: the places before it, descending;
        // those no lowercase ASCII letter or byte beyond ASCII stands at,
        // or that follow a letter or digit, ruled out eight at a time)
        let mut hi = h.len();
        if self.m.lists.forms_lower {
            'chunks: while hi > 8 {
                let lo = hi - 8;
                let mut bits = word_starts(le_word(&h[lo - 1..hi - 1]), le_word(&h[lo..hi]));
                while bits != 0 {
                    let k = (63 - bits.leading_zeros()) / 8;
                    if self.form_at(lo + k as usize, &mut xs) {
                        last = Some(lo + k as usize);
                        break 'chunks;
                    }
                    bits &= !(0x80 << (8 * k));
                }
                hi = lo;
            }
        }
        if last.is_none() {
            last = (0..hi).rev().find(|&f| self.form_at(f, &mut xs));
        }
        self.s.xs = xs;
        last
    }

    /// Whether a verb form begins at `f` (after no word byte), for
    /// [`Self::last_form_start`].
    fn form_at(&self, f: usize, xs: &mut Vec<usize>) -> bool {
        let (h, forms) = (self.h, &self.m.lists.forms);
        if (f > 0 && is_word(h[f - 1])) || !forms.may_start(h, f) {
            return false;
        }
        xs.clear();
        self.words_at(forms, f, WordEnd::Half, xs);
        !xs.is_empty()
    }

    /// Whether a `{cue}` may begin at `e` or after white space there (the
    /// places [`Self::after`] tries).
    fn cue_follows(&mut self, e: usize) -> bool {
        let mut q = ws_end(self.h, e);
        loop {
            let (a, b) = self.cue_at(q);
            if b > a {
                return true;
            }
            if q == e {
                return false;
            }
            q -= ws_len_before(self.h, q);
        }
    }

    /// The ends of `{cue}` from `p`: the preverbs (greedy, each a word or
    /// phrase then white space), an `-ly` adverb, then a verb form. Depth
    /// first with an explicit stack; a position met twice adds nothing new.
    fn cue_ends(&self, p: usize, xs: &mut Vec<usize>, w: &mut Walk) {
        if !self.m.lists.preverbs.may_start(self.h, p) {
            self.cue_tail(p, None, xs);
            return;
        }
        w.visited.clear();
        w.frames.clear();
        w.pend.clear();
        self.preverb_frame(p, w);
        while let Some(&(x, base, found)) = w.frames.last() {
            if w.pend.len() > base {
                if let Some(next) = w.pend.pop() {
                    self.preverb_frame(next, w);
                }
                continue;
            }
            w.frames.pop();
            self.cue_tail(x, found, xs);
        }
    }

    /// Puts `x` on the preverb path of [`Self::cue_ends`] (unless met
    /// before), with the places after the preverbs at `x` and their white
    /// space to try next.
    fn preverb_frame(&self, x: usize, w: &mut Walk) {
        if w.visited.contains(&x) {
            return;
        }
        w.visited.push(x);
        let (h, preverbs) = (self.h, &self.m.lists.preverbs);
        let base = w.pend.len();
        let found = self.cue_word(x);
        match found {
            Some(Some(f)) if f.keys[1] != NO_KEY && preverbs.may_start(h, x) => {
                let k = f.keys[1] as usize;
                self.key_ends(preverbs, k, x, f.end, WordEnd::Space, &mut w.pend);
            }
            Some(_) => {}
            None if !preverbs.is_empty() => {
                self.words_at(preverbs, x, WordEnd::Space, &mut w.pend);
            }
            None => {}
        }
        let mut k = base;
        for j in base..w.pend.len() {
            let e = w.pend[j];
            let after = ws_end(h, e);
            if after > e {
                w.pend[k] = after;
                k += 1;
            }
        }
        w.pend.truncate(k);
        w.pend[base..].reverse();
        w.frames.push((x, base, found));
    }

    /// The rest of `{cue}` after its preverbs: an `-ly` adverb (or none),
    /// then a verb form.
    ///
    /// `found`: the word at `x` if [`Self::cue_word`] looked it up.
    fn cue_tail(&self, x: usize, found: Option<Option<CueWord>>, xs: &mut Vec<usize>) {
        let h = self.h;
        let forms = &self.m.lists.forms;
        let mut m = x;
        while h.get(m).is_some_and(u8::is_ascii_lowercase) {
            m += 1;
        }
        if m >= x + 3 && &h[m - 2..m] == b"ly" && ws_len(h, m) > 0 {
            self.words_at(forms, ws_end(h, m), WordEnd::Half, xs);
        }
        match found {
            Some(Some(f)) if f.keys[0] != NO_KEY && forms.may_start(h, x) => {
                self.key_ends(forms, f.keys[0] as usize, x, f.end, WordEnd::Half, xs);
            }
            Some(_) => {}
            None => self.words_at(forms, x, WordEnd::Half, xs),
        }
    }

    fn content(&mut self, i: usize, p: usize, group: u8) {
        let h = self.h;
        let f = match h.get(p) {
            None => return,
            Some(0x02 | b'$') => 1,
            _ if word_len(h, p) > 0 => word_len(h, p),
            _ if h[p..].starts_with("£".as_bytes()) => 2,
            _ if h[p..].starts_with("€".as_bytes()) => 3,
            _ => return,
        };
        let start = p + f;
        let nl = memchr::memchr(b'\n', &h[start..]).map_or(h.len(), |j| start + j);
        let ok = |e: usize| {
            stop(self.m, h, i + 1, e)
                && !matches!(h[e - 1], b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
        };
        // before `{end}`: the places before a comma, and the closing run
        let before_end = self.before_end(i);
        let lead = if before_end {
            Some(b',')
        } else {
            self.m.lead[i + 1]
        };
        if let Some(b) = lead {
            // only the places before an occurrence of that byte (and its
            // white space) get through `push`
            let mut es = std::mem::take(&mut self.s.es);
            es.clear();
            let mut k = start + 1;
            while let Some(j) = h.get(k..).and_then(|rest| memchr::memchr(b, rest)) {
                let c = k + j;
                let z = ws_start(h, c).max(start + 1);
                if z > nl {
                    break;
                }
                es.extend(z..=c.min(nl));
                k = c + 1;
            }
            if before_end {
                // (the closing run holds no comma: these come after)
                es.extend(self.t.max(start + 1)..=nl);
            }
            for &e in &es {
                if ok(e) {
                    self.push(i, e, &[(group, p, e)]);
                }
            }
            self.s.es = es;
        } else {
            for e in start + 1..=nl {
                if ok(e) {
                    self.push(i, e, &[(group, p, e)]);
                }
            }
        }
        self.push(i, start, &[(group, p, start)]);
    }

    /// One alternative of a literal, case-insensitive: its end at `p`.
    fn lit_alt(&self, a: &LitAlt, p: usize) -> Option<usize> {
        let h = self.h;
        if a.b_start && !self.boundary(p) {
            return None;
        }
        let mut q = p;
        for (k, w) in a.words.iter().enumerate() {
            if k > 0 {
                let e = ws_end(h, q);
                if e == q {
                    return None;
                }
                q = e;
            }
            for &c in w {
                let b = *h.get(q)?;
                if b.to_ascii_lowercase() == c && (c.is_ascii_alphabetic() || b == c) {
                    q += 1;
                } else if c == b'k' && h[q..].starts_with("\u{212A}".as_bytes()) {
                    q += 3;
                } else if c == b's' && h[q..].starts_with("\u{17F}".as_bytes()) {
                    q += 2;
                } else {
                    return None;
                }
            }
        }
        (!a.b_end || self.boundary(q)).then_some(q)
    }

    /// `[\s.!?]*` then the end of the sentence (or two NULs): the match's
    /// end from `y`, if it gets there.
    fn closing(&self, y: usize) -> Option<usize> {
        let h = self.h;
        if !self.nul {
            return (y >= self.t && !is_cont(h, y) && y <= h.len()).then_some(h.len());
        }
        let mut r = y;
        loop {
            if matches!(h.get(r), Some(b'.' | b'!' | b'?')) {
                r += 1;
            } else if ws_len(h, r) > 0 {
                r += ws_len(h, r);
            } else {
                break;
            }
        }
        if r == h.len() {
            Some(r)
        } else if h[r..].starts_with(b"\0\0") {
            Some(r + 2)
        } else {
            None
        }
    }

    /// A lazy run from `x` of bytes `allowed`, then [`Self::closing`]: the
    /// run's end and the match's end.
    fn lazy_to_closing(&self, x: usize, allowed: impl Fn(u8) -> bool) -> Option<(usize, usize)> {
        let h = self.h;
        if !self.nul {
            let mut y = x.max(self.t);
            while y < h.len() && is_cont(h, y) {
                y += 1;
            }
            if h[x.min(y)..y].iter().all(|&b| allowed(b)) {
                return Some((y, h.len()));
            }
            return None;
        }
        let mut y = x;
        loop {
            if let Some(f) = self.closing(y) {
                return Some((y, f));
            }
            if y >= h.len() || !allowed(h[y]) {
                return None;
            }
            y += 1;
        }
    }

    // (out of line: a long part, kept out of `cands`)
    #[inline(never)]
    fn end_cands(&mut self, i: usize, p: usize) {
        let h = self.h;
        if let Some(q0) = self.comma_then(p) {
            let q = ws_end(h, q0);
            // according to <outlet>
            if h[q..].starts_with(b"according") {
                let r = q + 9;
                let r2 = ws_end(h, r);
                if r2 > r && h[r2..].starts_with(b"to") {
                    let tc = r2 + 2;
                    let r3 = ws_end(h, tc);
                    if r3 > tc {
                        let mut vias = [None; 2];
                        if h[r3..].starts_with(b"the") && ws_len(h, r3 + 3) > 0 {
                            vias[0] = Some(ws_end(h, r3 + 3));
                        }
                        vias[1] = Some(r3);
                        for u in vias.into_iter().flatten() {
                            let ul = upper_len(h, u);
                            if ul == 0 {
                                continue;
                            }
                            let via_ok = |b: u8| {
                                !matches!(
                                    b,
                                    0x01..=0x03
                                        | b'\n'
                                        | b','
                                        | b';'
                                        | b':'
                                        | b'!'
                                        | b'?'
                                        | b'('
                                        | b')'
                                )
                            };
                            if let Some((y, f)) = self.lazy_to_closing(u + ul, via_ok) {
                                self.push(i, f, &[(G_TAIL_CUE, q, tc), (G_TAIL_VIA, r3, y)]);
                            }
                        }
                    }
                }
            }
            // an apposition
            if self.boundary(q) {
                let mut xs = std::mem::take(&mut self.s.xs);
                xs.clear();
                self.appos_starts(q, &mut xs);
                let appos_ok =
                    |b: u8| !matches!(b, 0x01..=0x03 | b'\n' | b';' | b':' | b'!' | b'?');
                for &x in &xs {
                    if !self.boundary(x) {
                        continue;
                    }
                    if let Some((y, f)) = self.lazy_to_closing(x, appos_ok) {
                        self.push(i, f, &[(G_TAIL_APPOS, q, y)]);
                    }
                }
                self.s.xs = xs;
            }
            // a name
            let mut ys = std::mem::take(&mut self.s.ys);
            ys.clear();
            self.name_ends(q, 0, &mut ys);
            for &y in &ys {
                if let Some(f) = self.closing(y) {
                    self.push(i, f, &[(G_TAIL_NAME, q, y)]);
                }
            }
            self.s.ys = ys;
        }
        if let Some(f) = self.closing(p) {
            self.push(i, f, &[]);
        }
    }

    /// The ends of `UPPER(WORD|[.'’-])*` and up to `3 - k` more such words
    /// after white space, from `p`, greedy.
    fn name_ends(&self, p: usize, k: usize, ys: &mut Vec<usize>) {
        let h = self.h;
        let ul = upper_len(h, p);
        if ul == 0 {
            return;
        }
        let from = p + ul;
        let mut m = from;
        loop {
            let w = word_len(h, m);
            if w > 0 {
                m += w;
            } else if matches!(h.get(m), Some(b'.' | b'\'' | b'-')) {
                m += 1;
            } else if h.get(m..m + 3) == Some("’".as_bytes()) {
                m += 3;
            } else {
                break;
            }
        }
        let mut e = m;
        loop {
            if k < 3 {
                let s = ws_end(h, e);
                if s > e {
                    self.name_ends(s, k + 1, ys);
                }
            }
            ys.push(e);
            if e == from {
                break;
            }
            e = prev_boundary(h, e);
        }
    }
}

/// A cheap first test of `Run::keeps` for the ends of a lazy or
/// greedy run: the byte at `e` may begin parts `i..` or their white space.
fn stop(m: &Matcher, h: &[u8], i: usize, e: usize) -> bool {
    h.get(e)
        .is_none_or(|&b| m.stop[i][usize::from(boundary(h, e))].has(b))
}

/// Word boundary (ASCII) at `p`.
fn boundary(h: &[u8], p: usize) -> bool {
    let before = p
        .checked_sub(1)
        .and_then(|i| h.get(i))
        .is_some_and(|&b| is_word(b));
    let after = h.get(p).is_some_and(|&b| is_word(b));
    before != after
}

/// The end of a masked quotation at `p`: `\x02\x01*(,\x01*)?\x03`.
fn quote_end(h: &[u8], p: usize) -> Option<usize> {
    if h.get(p) != Some(&0x02) {
        return None;
    }
    let mut q = p + 1;
    while h.get(q) == Some(&0x01) {
        q += 1;
    }
    if h.get(q) == Some(&b',') {
        q += 1;
        while h.get(q) == Some(&0x01) {
            q += 1;
        }
    }
    (h.get(q) == Some(&0x03)).then_some(q + 1)
}

/// Pushes the ends at `p` of the phrases of `alt` that begin with `key`,
/// in order of preference.
fn phrase_ends(h: &[u8], p: usize, alt: &WordAlt, key: &Key, xs: &mut Vec<usize>) {
    for &id in &key.phrases {
        if let Some(e) = phrase_end(h, p, &alt.phrases[id]) {
            xs.push(e);
        }
    }
}

/// The end of a phrase of words joined by white space at `p`.
fn phrase_end(h: &[u8], p: usize, words: &[Vec<u8>]) -> Option<usize> {
    let mut q = p;
    for (k, w) in words.iter().enumerate() {
        if k > 0 {
            let e = ws_end(h, q);
            if e == q {
                return None;
            }
            q = e;
        }
        if !h[q..].starts_with(w) {
            return None;
        }
        q += w.len();
    }
    Some(q)
}
