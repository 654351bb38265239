//! The people an article names: full names seen at attributions and after
//! titles ("Sen. Ted Cruz"), and the first "Firstname Surname" in the text
//! for a surname used alone — what resolution looks short names and
//! pronouns up in.

use super::lower::{may_start_ws, skip_ws, split_ws, word_end};
use super::read::{first_name_gender, strip_possessive, Mention};
use crate::engine::speaker::lower::SplitWsExt;
use crate::record::SpeakerType;
use crate::rules::{Gender, RuleSet};
use rustc_hash::FxHashMap;
use std::borrow::Cow;

/// A person known in the article, for resolving short names and pronouns.
#[derive(Debug, Clone)]
pub struct Person {
    pub name: String,
    pub title: Option<String>,
    pub gender: Option<Gender>,
    /// Where the person was first named.
    pub at: usize,
}

/// People and groups met so far in one article.
#[derive(Debug, Default)]
pub struct Registry {
    pub people: Vec<Person>,
    /// Where each name stands in `people` (names are unique there).
    by_name: FxHashMap<String, usize>,
    /// The people by the last word of their name, in the order they were
    /// added: a lookup costs the same however many people an article names.
    by_last: FxHashMap<String, Ids>,
}

/// Where the people of one surname stand in [`Registry::people`]: most
/// surnames are one person's, who needs no vector.
#[derive(Debug)]
enum Ids {
    One(usize),
    Many(Vec<usize>),
}

impl Ids {
    fn as_slice(&self) -> &[usize] {
        match self {
            Ids::One(i) => std::slice::from_ref(i),
            Ids::Many(v) => v,
        }
    }

    fn push(&mut self, i: usize) {
        match self {
            Ids::One(j) => *self = Ids::Many(vec![*j, i]),
            Ids::Many(v) => v.push(i),
        }
    }
}

impl Registry {
    /// Records a full name seen in the article.
    pub fn add(&mut self, name: &str, title: Option<&str>, gender: Option<Gender>, at: usize) {
        self.add_owned(Cow::Borrowed(name), title, gender, at);
    }

    /// [`Registry::add`] with a name the caller may hand over (it is then
    /// kept, not copied).
    fn add_owned(
        &mut self,
        name: Cow<'_, str>,
        title: Option<&str>,
        gender: Option<Gender>,
        at: usize,
    ) {
        // a full name has two words at least
        let mut words = name.split_whitespace();
        let (Some(_), Some(last)) = (words.next(), words.next_back()) else {
            return;
        };
        if let Some(&i) = self.by_name.get(&*name) {
            let p = &mut self.people[i];
            if p.title.is_none() {
                p.title = title.map(str::to_string);
            }
            if p.gender.is_none() {
                p.gender = gender;
            }
            return;
        }
        let i = self.people.len();
        match self.by_last.get_mut(last) {
            Some(ids) => ids.push(i),
            None => drop(self.by_last.insert(last.to_string(), Ids::One(i))),
        }
        self.by_name.insert(name.to_string(), i);
        self.people.push(Person {
            name: name.into_owned(),
            title: title.map(str::to_string),
            gender,
            at,
        });
    }

    /// The full name for a short mention ("Trump" → "Donald Trump").
    pub fn full_name(&self, short: &str) -> Option<&Person> {
        let short = strip_possessive(short);
        let last = short.split_ws().last()?;
        (self.by_last.get(last)?.as_slice().iter())
            .map(|&i| &self.people[i])
            .filter(|p| p.name != short && p.name.ends_with(short))
            .min_by_key(|p| p.at)
    }

    /// Where the people whose name's last word is `surname` stand in
    /// `people`, in the order they were added.
    pub fn by_surname(&self, surname: &str) -> Option<&[usize]> {
        self.by_last.get(surname).map(Ids::as_slice)
    }

    /// The last words of the people's names.
    pub fn surnames(&self) -> impl Iterator<Item = &str> {
        self.by_last.keys().map(String::as_str)
    }

    /// The person with exactly this name.
    pub fn get(&self, name: &str) -> Option<&Person> {
        self.by_name.get(name).map(|&i| &self.people[i])
    }
}

/// The registry of one article: every person an attribution names in full,
/// then every "Title Firstname Lastname" of the text, then every
/// "Firstname Surname" of it.
pub(crate) fn registry<'m>(
    rules: &RuleSet,
    text: &str,
    mentions: impl Iterator<Item = &'m Mention>,
) -> Registry {
    let mut reg = Registry::default();
    for m in mentions {
        if m.kind == SpeakerType::Person {
            let gender = m.gender.or_else(|| name_gender(rules, &m.name));
            reg.add(&m.name, m.title.as_deref(), gender, m.span.0);
        }
    }
    // one pass over the text finds where titles and first names may begin
    let (hits, firsts) = capital_places(rules, text);
    add_titled_hits(rules, text, hits, &mut reg);
    add_first_named_at(rules, text, &firsts, &mut reg);
    reg
}

/// The gender a person's first name gives (lexicon `first_names_*`).
fn name_gender(rules: &RuleSet, name: &str) -> Option<Gender> {
    name.split_ws()
        .next()
        .and_then(|w| first_name_gender(rules, w))
}

/// The common first names (lexicon `first_names_female`,
/// `first_names_male`) with the gender each gives, and the bytes they
/// begin with: what depends only on the rules, built once with them.
#[derive(Debug)]
pub(crate) struct FirstNames {
    /// A first name → its gender (female where a name is in both lists,
    /// as the female list is asked first).
    genders: FxHashMap<Box<str>, Gender>,
    /// The shortest and longest name, in bytes: a word of another length
    /// needs no lookup.
    shortest: usize,
    longest: usize,
    /// The bytes the names begin with.
    opens: [bool; 256],
    /// A list holds the empty word.
    empty: bool,
    /// The [`opening_key`]s of the names: a word whose key's bit is clear
    /// is no name, and needs neither its end found nor a lookup.
    openings: Bits,
}

/// How many bits a [`Bits`] table has (a power of two): a few hundred
/// names or titles leave most of them clear.
const OPENING_BITS: usize = 1 << 14;

/// The first three bytes of `bytes` from `p`, as one number, with every
/// byte from the first that may start whitespace (or from the end) on as
/// 0: a name and a word of the text that is that name (which whitespace or
/// the end follows) have the same key.
pub(crate) fn opening_key(bytes: &[u8], p: usize) -> u32 {
    let mut key = 0;
    for k in 0..3 {
        match bytes.get(p + k) {
            Some(&b) if !may_start_ws(b) => key |= u32::from(b) << (8 * k),
            _ => break,
        }
    }
    key
}

/// The bit of a [`Bits`] table for a key.
fn opening_bit(key: u32) -> usize {
    // the top bits of a multiplicative hash
    (key.wrapping_mul(0x9E37_79B1) >> (32 - OPENING_BITS.trailing_zeros())) as usize
}

impl FirstNames {
    pub(crate) fn new(lex: &crate::rules::Lexicon) -> FirstNames {
        let mut fnames = FirstNames {
            genders: FxHashMap::default(),
            shortest: usize::MAX,
            longest: 0,
            opens: [false; 256],
            empty: false,
            openings: Bits::new(),
        };
        let male = lex.first_names_male.iter().map(|w| (w, Gender::Male));
        let female = lex.first_names_female.iter().map(|w| (w, Gender::Female));
        for (w, g) in male.chain(female) {
            fnames.genders.insert(w.into(), g);
            fnames.shortest = fnames.shortest.min(w.len());
            fnames.longest = fnames.longest.max(w.len());
            fnames.openings.set(opening_key(w.as_bytes(), 0));
            match w.as_bytes().first() {
                Some(&b) => fnames.opens[usize::from(b)] = true,
                None => fnames.empty = true,
            }
        }
        fnames
    }

    /// Whether the word from byte `p` of `bytes` (to the next whitespace)
    /// may be a name: false when it is none.
    fn may_open(&self, bytes: &[u8], p: usize) -> bool {
        self.openings.has(opening_key(bytes, p))
    }

    /// The gender the first name `w` gives, if it is one (exact case).
    pub(crate) fn gender(&self, w: &str) -> Option<Gender> {
        if w.len() < self.shortest || w.len() > self.longest {
            return None;
        }
        self.genders.get(w).copied()
    }
}

/// A bit table of [`OPENING_BITS`] bits, set by a hash of a few bytes.
#[derive(Debug)]
pub(crate) struct Bits(Vec<u64>);

impl Bits {
    pub(crate) fn new() -> Bits {
        Bits(vec![0; OPENING_BITS / 64])
    }

    pub(crate) fn set(&mut self, key: u32) {
        let bit = opening_bit(key);
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    pub(crate) fn has(&self, key: u32) -> bool {
        let bit = opening_bit(key);
        self.0[bit / 64] >> (bit % 64) & 1 != 0
    }
}

/// The first `n` bytes (at most four) of `bytes` from `p` as one number,
/// or `None` when fewer stand there.
fn first_bytes(bytes: &[u8], p: usize, n: usize) -> Option<u32> {
    let run = bytes.get(p..p.checked_add(n)?)?;
    Some(run.iter().fold(0, |k, &b| k << 8 | u32::from(b)))
}

/// What the capitalised titles open with, so that the title automaton is
/// walked only where one may begin: a title of four bytes or more by its
/// first four, a shorter one by its first two, one of a single byte by
/// that byte (a place its bits leave out begins no title).
#[derive(Debug)]
pub(crate) struct TitleOpenings {
    long: Bits,
    short: Bits,
    single: [bool; 256],
}

impl TitleOpenings {
    pub(crate) fn new(titles: &[String]) -> TitleOpenings {
        let mut openings = TitleOpenings {
            long: Bits::new(),
            short: Bits::new(),
            single: [false; 256],
        };
        for t in titles.iter().map(String::as_bytes) {
            match t.len() {
                0 => {}
                1 => openings.single[usize::from(t[0])] = true,
                2 | 3 => openings.short.set(first_bytes(t, 0, 2).unwrap_or(0)),
                _ => openings.long.set(first_bytes(t, 0, 4).unwrap_or(0)),
            }
        }
        openings
    }

    /// Whether a title may begin at byte `s` of `bytes` (false: none does).
    fn may_begin(&self, bytes: &[u8], s: usize) -> bool {
        self.single[usize::from(bytes[s])]
            || first_bytes(bytes, s, 2).is_some_and(|k| self.short.has(k))
            || first_bytes(bytes, s, 4).is_some_and(|k| self.long.has(k))
    }
}

/// Every "Firstname Surname" of the text whose first name is a common one
/// (lexicon `first_names_female`, `first_names_male`), with the gender it
/// gives: "Helen Marsh left early" names a woman a later "she" can be.
#[cfg(test)]
fn add_first_named(rules: &RuleSet, text: &str, reg: &mut Registry) {
    let (_, firsts) = capital_places(rules, text);
    add_first_named_at(rules, text, &firsts, reg);
}

/// The surname in `word`, the word after a first name: its trailing
/// punctuation and possessive cut off, it is capitalised, holds a
/// lowercase letter after the first, and only letters, hyphens and
/// apostrophes ("O'Brien", "Smith-Jones"); `None` when it is no surname.
fn surname_of(word: &str) -> Option<&str> {
    let surname = strip_possessive(word.trim_end_matches([',', '.', ';', ':', '"', '”']));
    let is_surname = surname.len() >= 2
        && surname.starts_with(char::is_uppercase)
        && surname.chars().skip(1).any(char::is_lowercase)
        && surname
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'));
    is_surname.then_some(surname)
}

/// [`add_first_named`] at the places `firsts` (a word's start and its
/// first letter) where a first name may stand, from
/// [`capital_places`]; every word of the text when a list holds the
/// empty word.
fn add_first_named_at(rules: &RuleSet, text: &str, firsts: &[(usize, usize)], reg: &mut Registry) {
    let mut seen: rustc_hash::FxHashSet<(&str, &str)> = rustc_hash::FxHashSet::default();
    // the word at `ws` whose first letter stands at `p` (its end when it
    // has none); false when no word follows it
    let mut read = |ws: usize, p: usize| -> bool {
        let first = &text[p..word_end(text, p)];
        let Some(gender) = first_name_gender(rules, first) else {
            return true;
        };
        let ns = skip_ws(text, p + first.len());
        if ns >= text.len() {
            return false;
        }
        let next = &text[ns..word_end(text, ns)];
        let Some(surname) = surname_of(next) else {
            return true;
        };
        // neither part holds whitespace: the pair is the name
        if seen.insert((first, surname)) {
            let mut name = String::with_capacity(first.len() + 1 + surname.len());
            name.push_str(first);
            name.push(' ');
            name.push_str(surname);
            reg.add_owned(Cow::Owned(name), None, Some(gender), ws);
        }
        true
    };
    if rules.speaker.first_names.empty {
        // a list holds the empty word: every word is asked about
        for w in split_ws(text) {
            let first = w.trim_start_matches(|c: char| !c.is_alphabetic());
            let ws = w.as_ptr() as usize - text.as_ptr() as usize;
            if !read(ws, ws + (w.len() - first.len())) {
                break;
            }
        }
        return;
    }
    for &(ws, p) in firsts {
        if !read(ws, p) {
            break;
        }
    }
}

/// Two offsets: (title index, start) or (word start, first letter).
type Place = (usize, usize);

/// One pass over the text: every title occurrence as [`title_hits`] gives
/// them (unsorted), and every place a first name may stand, as (the
/// word's start, its first letter), in text order — a byte a first name
/// begins with that is the first letter of its word.
fn capital_places(rules: &RuleSet, text: &str) -> (Vec<Place>, Vec<Place>) {
    let bytes = text.as_bytes();
    let opens = &rules.speaker.first_names.opens;
    let mut wanted = [false; 256];
    for (b, w) in wanted.iter_mut().enumerate() {
        *w = rules.title_first[b] || opens[b];
    }
    // room for a place per 64 bytes of text, which few texts outgrow
    let room = text.len() / 64;
    let (mut hits, mut firsts) = (Vec::with_capacity(room), Vec::with_capacity(room));
    let mut at = |s: usize| {
        let b = usize::from(bytes[s]);
        if rules.title_first[b] && rules.speaker.title_openings.may_begin(bytes, s) {
            crate::text::anchored_matches(&rules.title_finder, bytes, s, |pid, _| {
                hits.push((pid.as_usize(), s));
                false
            });
        }
        // a word no name opens is none (read would go on)
        if opens[b] && rules.speaker.first_names.may_open(bytes, s) {
            if let Some(ws) = word_start_if_first_letter(text, s) {
                firsts.push((ws, s));
            }
        }
    };
    // when every wanted byte is an ASCII capital or beyond ASCII, only
    // those are looked at (found sixteen bytes at a time)
    let capitals_only = (0..128).all(|b: u8| !wanted[usize::from(b)] || b.is_ascii_uppercase());
    let visit = |i: usize| {
        if wanted[usize::from(bytes[i])] {
            at(i);
        }
    };
    if capitals_only {
        crate::text::for_each_capital_or_wide(bytes, visit);
    } else {
        (0..bytes.len()).for_each(visit);
    }
    (hits, firsts)
}

/// Where the word holding byte `p` starts, when the letter at `p` is the
/// word's first (only characters that are no letters, such as quotation
/// marks, stand before it in the word).
fn word_start_if_first_letter(text: &str, p: usize) -> Option<usize> {
    if !text
        .get(p..)?
        .chars()
        .next()
        .is_some_and(char::is_alphabetic)
    {
        return None;
    }
    let mut j = p;
    loop {
        match text[..j].chars().next_back() {
            None => return Some(j),
            Some(c) if c.is_whitespace() => return Some(j),
            Some(c) if c.is_alphabetic() => return None,
            Some(c) => j -= c.len_utf8(),
        }
    }
}

/// The first "Firstname Surname" in the text for a surname used alone
/// ("Holt" → "Dana Holt"), when a capitalized word stands right before it.
fn full_name_in_text(rules: &RuleSet, text: &str, surname: &str) -> Option<String> {
    let surname = surname.trim_end_matches("'s").trim_end_matches("’s");
    if surname.len() < 2 {
        return None;
    }
    memchr::memmem::find_iter(text.as_bytes(), surname.as_bytes()).find_map(|i| {
        let after = text[i + surname.len()..].chars().next();
        if after.is_some_and(char::is_alphanumeric) {
            return None;
        }
        first_name_before(rules, text, i).map(|first| format!("{first} {surname}"))
    })
}

/// The first name that stands just before byte `i` ("Jane " before
/// "Smith"), if the word there looks like one.
fn first_name_before<'t>(rules: &RuleSet, text: &'t str, i: usize) -> Option<&'t str> {
    let before = text[..i].strip_suffix(' ')?;
    let first = before.rsplit(|c: char| !c.is_alphabetic()).next()?;
    let looks_like_first_name = first.len() >= 2
        && first.starts_with(char::is_uppercase)
        && first.chars().skip(1).all(char::is_lowercase)
        && !rules.lexicon.not_first_names.contains(first);
    looks_like_first_name.then_some(first)
}

/// Whether the word that ends at byte `end` may be a first name for
/// [`first_name_before`]: one that runs back over lowercase ASCII letters
/// to the text's start or to an ASCII byte that is no capital (a space, a
/// digit, a stop) opens in lower case, or is empty, and is none. Only a
/// capital or a non-ASCII character before the run leaves the question
/// open.
fn may_end_first_name(bytes: &[u8], end: usize) -> bool {
    let mut j = end;
    while j > 0 && bytes[j - 1].is_ascii_lowercase() {
        j -= 1;
    }
    j > 0 && (!bytes[j - 1].is_ascii() || bytes[j - 1].is_ascii_uppercase())
}

/// How many alphanumeric surnames an article looks up by a scan of its
/// text before [`FullNames`] indexes the text instead: most articles ask
/// about one or two, which a scan answers for far less than the index
/// costs, and a long article with many speakers stays linear.
const SCANS_BEFORE_INDEX: usize = 4;

/// [`full_name_in_text`] for every speaker of an article, without a scan of
/// the whole text per record (quadratic on a long article): the first few
/// lookups scan, then one pass indexes the first "First Word" pair of each
/// word; every lookup is memoised.
pub(crate) struct FullNames<'t> {
    rules: &'t RuleSet,
    text: &'t str,
    /// A word (an alphanumeric run after a space) and the first name
    /// before its first such place in the text; built on first use.
    index: Option<FxHashMap<&'t str, &'t str>>,
    /// Surnames looked up by a scan, with what it found.
    memo: FxHashMap<String, Option<String>>,
    /// How many alphanumeric surnames were looked up by a scan.
    scans: usize,
}

impl<'t> FullNames<'t> {
    pub fn new(rules: &'t RuleSet, text: &'t str) -> FullNames<'t> {
        FullNames {
            rules,
            text,
            index: None,
            memo: FxHashMap::default(),
            scans: 0,
        }
    }

    pub fn full_name(&mut self, surname: &str) -> Option<String> {
        let bare = surname.trim_end_matches("'s").trim_end_matches("’s");
        if bare.len() < 2 {
            return None;
        }
        let alphanumeric = bare.chars().all(char::is_alphanumeric);
        if !alphanumeric || (self.index.is_none() && self.scans < SCANS_BEFORE_INDEX) {
            if let Some(found) = self.memo.get(bare) {
                return found.clone();
            }
            self.scans += usize::from(alphanumeric);
            let (rules, text) = (self.rules, self.text);
            return self
                .memo
                .entry(bare.to_string())
                .or_insert_with(|| full_name_in_text(rules, text, bare))
                .clone();
        }
        // An alphanumeric surname matches where a word is exactly it (the
        // match must follow a space and precede a non-alphanumeric char).
        let (rules, text) = (self.rules, self.text);
        let index = self.index.get_or_insert_with(|| {
            let mut index = FxHashMap::default();
            let bytes = text.as_bytes();
            for sp in memchr::memchr_iter(b' ', bytes) {
                if !may_end_first_name(bytes, sp) {
                    continue;
                }
                let i = sp + 1;
                let rest = &text[i..];
                let len = rest
                    .find(|c: char| !c.is_alphanumeric())
                    .unwrap_or(rest.len());
                if len == 0 || index.contains_key(&rest[..len]) {
                    continue;
                }
                if let Some(first) = first_name_before(rules, text, i) {
                    index.insert(&rest[..len], first);
                }
            }
            index
        });
        index.get(bare).map(|first| format!("{first} {bare}"))
    }
}

/// A name after a title ("Sen. Mary Jo Smith") has at most this many
/// capitalized words (and at least two).
const MAX_TITLED_NAME_WORDS: usize = 3;

/// Every occurrence of every capitalised title in `text`, overlapping ones
/// too, as (title index, start): the title automaton walked from each place
/// a title may begin, keeping the titles that begin there.
#[cfg(test)]
fn title_hits(rules: &RuleSet, text: &str) -> Vec<(usize, usize)> {
    capital_places(rules, text).0
}

/// Finds "Title Firstname Lastname" in the text, so short names and
/// pronouns can resolve to people who are named but never quoted in full.
#[cfg(test)]
fn add_titled_names(rules: &RuleSet, text: &str, reg: &mut Registry) {
    add_titled_hits(rules, text, title_hits(rules, text), reg);
}

/// [`add_titled_names`] for the title occurrences `hits` of the text.
fn add_titled_hits(rules: &RuleSet, text: &str, mut hits: Vec<(usize, usize)>, reg: &mut Registry) {
    // Every occurrence of every title in one pass of the automaton, then
    // title by title (in rule order) and left to right, skipping an
    // occurrence that overlaps the title's previous one: the order in which
    // names reach the registry.
    hits.sort_unstable();
    let mut next_free = (usize::MAX, 0);
    for (ti, at) in hits {
        let t = &rules.capitalised_titles[ti];
        if next_free.0 == ti && at < next_free.1 {
            continue;
        }
        next_free = (ti, at + t.len());
        let rest = &text[at + t.len()..];
        // the name's words, on the stack
        let mut names = [""; MAX_TITLED_NAME_WORDS];
        let mut n = 0;
        for w in (rest.split_ws())
            .take_while(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
            })
            .take(MAX_TITLED_NAME_WORDS)
        {
            names[n] = w;
            n += 1;
        }
        if n >= 2 && rest.starts_with(' ') {
            let name = names[..n].join(" ");
            let gender = rules
                .male
                .contains(t.as_str())
                .then_some(Gender::Male)
                .or(rules.female.contains(t.as_str()).then_some(Gender::Female))
                .or_else(|| name_gender(rules, &name));
            reg.add_owned(Cow::Owned(name), Some(t), gender, at);
        }
    }
}

/// Registers the people of each text with `add` and with `scan` (the plain
/// code `add` replaced), asserts both find the same people, and returns how
/// many `add` found in all.
#[cfg(test)]
fn same_people(
    rules: &RuleSet,
    texts: &[String],
    add: fn(&RuleSet, &str, &mut Registry),
    scan: fn(&RuleSet, &str) -> Registry,
) -> usize {
    let mut people = 0;
    for text in texts {
        let mut reg = Registry::default();
        add(rules, text, &mut reg);
        assert_eq!(
            format!("{:?}", reg.people),
            format!("{:?}", scan(rules, text).people)
        );
        people += reg.people.len();
    }
    people
}

#[cfg(test)]
mod full_name_tests {
    use super::{full_name_in_text, FullNames};
    use crate::rules::RuleSet;

    /// The one-pass index answers as the scan does, for every word of the
    /// fixture articles (names, non-names, possessives, hyphenated words).
    #[test]
    fn index_answers_as_the_scan() {
        let mut found = 0;
        let rules = RuleSet::embedded().unwrap();
        for text in crate::fixture_texts() {
            let mut names = FullNames::new(&rules, &text);
            let words: Vec<&str> = text
                .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '"' | ':'))
                .filter(|w| !w.is_empty())
                .collect();
            for w in words.iter().take(400) {
                let expected = full_name_in_text(&rules, &text, w);
                found += usize::from(expected.is_some());
                assert_eq!(names.full_name(w), expected, "{w:?}");
            }
        }
        assert!(found > 5, "only {found} full names found");
    }

    #[test]
    fn first_match_wins_and_titles_are_no_first_names() {
        let text = "Mr Smith spoke. Then Jane Smith and John Smith left. Smith-Jones said.";
        let rules = RuleSet::embedded().unwrap();
        let mut names = FullNames::new(&rules, text);
        assert_eq!(names.full_name("Smith").as_deref(), Some("Jane Smith"));
        assert_eq!(names.full_name("Smith's").as_deref(), Some("Jane Smith"));
        assert_eq!(names.full_name("Jones"), None);
        assert_eq!(names.full_name("S"), None);
    }
}

#[cfg(test)]
mod titled_name_tests {
    use super::add_titled_names;
    use super::Registry;
    use crate::rules::Gender;
    use crate::RuleSet;

    /// The per-title scan the automaton replaced: each title searched
    /// through the text on its own, in rule order.
    fn scan(rules: &RuleSet, text: &str) -> Registry {
        let mut reg = Registry::default();
        for t in rules
            .titles
            .iter()
            .filter(|t| t.starts_with(char::is_uppercase))
        {
            let mut from = 0;
            while let Some(i) = text[from..].find(t.as_str()) {
                let at = from + i;
                from = at + t.len();
                let rest = &text[from..];
                let names: Vec<&str> = rest
                    .split_whitespace()
                    .take_while(|w| {
                        w.starts_with(char::is_uppercase)
                            && w.chars()
                                .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
                    })
                    .take(3)
                    .collect();
                if names.len() >= 2 && rest.starts_with(' ') {
                    let gender = if rules.male.contains(t.as_str()) {
                        Some(Gender::Male)
                    } else if rules.female.contains(t.as_str()) {
                        Some(Gender::Female)
                    } else {
                        super::name_gender(rules, &names.join(" "))
                    };
                    reg.add(&names.join(" "), Some(t), gender, at);
                }
            }
        }
        reg
    }

    #[test]
    fn one_pass_registers_what_the_scan_did() {
        let rules = RuleSet::embedded().unwrap();
        let mut texts = crate::fixture_texts();
        // overlapping titles, a title repeated back to back, a title at the end
        texts.push("Lt. Gov. Lt. Gov. Jane Roe Smith met Sen. Sen. Sen. Tom Pike. Gov.".into());
        let people = super::same_people(&rules, &texts, add_titled_names, scan);
        assert!(people > 5, "only {people} titled names found");
    }
}

#[cfg(test)]
mod first_named_tests {
    use super::{add_first_named, first_name_gender, surname_of, Registry};
    use crate::rules::{Gender, RuleSet};

    /// The word-by-word scan the byte search replaced.
    fn scan(rules: &RuleSet, text: &str) -> Registry {
        let mut reg = Registry::default();
        let mut seen = std::collections::HashSet::new();
        let mut words = text.split_whitespace().peekable();
        while let Some(w) = words.next() {
            let first = w.trim_start_matches(|c: char| !c.is_alphabetic());
            let Some(gender) = first_name_gender(rules, first) else {
                continue;
            };
            let Some(next) = words.peek() else { break };
            let Some(surname) = surname_of(next) else {
                continue;
            };
            let name = format!("{first} {surname}");
            if seen.insert(name.clone()) {
                let at = w.as_ptr() as usize - text.as_ptr() as usize;
                reg.add(&name, None, Some(gender), at);
            }
        }
        reg
    }

    #[test]
    fn the_byte_search_registers_what_the_word_scan_did() {
        let rules = RuleSet::embedded().unwrap();
        let mut texts = crate::fixture_texts();
        // quotation marks and brackets before a first name, a name inside a
        // word, a first name at the very end, non-ASCII around the names
        texts.push(
            "(Mary Lane) \"John Smith's\" McMary Jones, “Anna Berg” Émile Ünal\u{a0}Mary Kovač. John"
                .into(),
        );
        let people = super::same_people(&rules, &texts, add_first_named, scan);
        assert!(people > 5, "only {people} first-named people found");
        let mut reg = Registry::default();
        add_first_named(&rules, "Then Mary Lane spoke.", &mut reg);
        assert_eq!(reg.people[0].name, "Mary Lane");
        assert_eq!(reg.people[0].gender, Some(Gender::Female));
    }
}

#[cfg(test)]
mod registry_tests {
    use super::*;

    #[test]
    fn short_names_resolve_to_full_names() {
        let mut r = Registry::default();
        r.add("Donald Trump", Some("President"), Some(Gender::Male), 10);
        assert_eq!(r.full_name("Trump").unwrap().name, "Donald Trump");
        assert_eq!(r.full_name("Trump's").unwrap().name, "Donald Trump");
        assert!(r.full_name("Ivanka").is_none());
    }
}
