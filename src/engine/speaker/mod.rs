//! Stage 4: speakers — reading a speaker phrase at a cue ([`read`], and
//! the `{speaker}` slot with what stands around it, [`slot`]), the people
//! an article names ([`registry`]), and resolving each draft's mention to a
//! name ([`resolve`]).

pub(crate) mod lower;
pub(crate) mod read;
pub(crate) mod registry;
pub(crate) mod resolve;
pub(crate) mod slot;

/// What the speaker stage builds once per rule set (a field of
/// [`crate::rules::RuleSet`]).
#[derive(Debug)]
pub(crate) struct Tables {
    /// The lexicon's first names, for genders and the registry.
    pub first_names: registry::FirstNames,
    /// Whether some outlet name is this many bytes long (by length): a
    /// phrase of another length is no outlet and needs no comparison.
    outlet_lengths: Vec<bool>,
    /// The openings of the capitalised titles, for the registry.
    pub title_openings: registry::TitleOpenings,
    /// The [`registry::opening_key`]s of the verb forms: a word whose key's
    /// bit is clear is no verb form.
    verb_openings: registry::Bits,
    /// A searcher for each of the lexicon's `conjunctions`.
    conjunctions: Vec<memchr::memmem::Finder<'static>>,
    /// The lexicon's `tail_openers`, and the bytes they begin with (for
    /// the draft stage: "according to", "citing" opening a clause).
    tail_openers: Vec<Box<str>>,
    tail_first: [bool; 256],
}

impl Tables {
    /// The tables for a lexicon, its outlets, its capitalised titles and
    /// its verb forms.
    pub(crate) fn new<'a>(
        lexicon: &crate::rules::Lexicon,
        outlets: &[String],
        capitalised_titles: &[String],
        verb_forms: impl Iterator<Item = &'a str>,
    ) -> Tables {
        let mut outlet_lengths =
            vec![false; outlets.iter().map(|o| o.len() + 1).max().unwrap_or(0)];
        for o in outlets {
            outlet_lengths[o.len()] = true;
        }
        Tables {
            verb_openings: openings(verb_forms),
            first_names: registry::FirstNames::new(lexicon),
            outlet_lengths,
            title_openings: registry::TitleOpenings::new(capitalised_titles),
            tail_openers: lexicon.tail_openers.iter().map(Box::from).collect(),
            tail_first: first_bytes(lexicon.tail_openers.iter()),
            conjunctions: (lexicon.conjunctions.iter())
                .map(|c| memchr::memmem::Finder::new(c).into_owned())
                .collect(),
        }
    }

    /// Whether `clause` opens with one of the lexicon's `tail_openers`:
    /// only a clause whose first byte one of them begins with is compared
    /// with them (an empty opener begins every clause).
    pub(crate) fn opens_tail(&self, clause: &str) -> bool {
        let may = clause
            .as_bytes()
            .first()
            .is_some_and(|&b| self.tail_first[usize::from(b)])
            || self.tail_openers.iter().any(|t| t.is_empty());
        may && (self.tail_openers.iter()).any(|t| clause.starts_with(&**t))
    }

    /// A searcher for each of the lexicon's `conjunctions`, built once.
    pub(crate) fn conjunction_finders(&self) -> &[memchr::memmem::Finder<'static>] {
        &self.conjunctions
    }

    /// Whether `w` may be a verb form ([`crate::rules::RuleSet::verb`]):
    /// false when it is none.
    pub(crate) fn may_be_verb(&self, w: &str) -> bool {
        self.verb_openings
            .has(registry::opening_key(w.as_bytes(), 0))
    }

    /// Whether an outlet name as long as `phrase` exists (a phrase equal to
    /// an outlet's name in any ASCII case has its length).
    pub(crate) fn may_be_outlet(&self, phrase: &str) -> bool {
        self.outlet_lengths
            .get(phrase.len())
            .copied()
            .unwrap_or(false)
    }
}

/// The bytes `words` begin with.
fn first_bytes<'a>(words: impl Iterator<Item = &'a str>) -> [bool; 256] {
    let mut first = [false; 256];
    for w in words {
        if let Some(&b) = w.as_bytes().first() {
            first[usize::from(b)] = true;
        }
    }
    first
}

/// The [`registry::opening_key`]s of `words`, as a bit table.
fn openings<'a>(words: impl Iterator<Item = &'a str>) -> registry::Bits {
    let mut bits = registry::Bits::new();
    for w in words {
        bits.set(registry::opening_key(w.as_bytes(), 0));
    }
    bits
}
