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
        }
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

/// The [`registry::opening_key`]s of `words`, as a bit table.
fn openings<'a>(words: impl Iterator<Item = &'a str>) -> registry::Bits {
    let mut bits = registry::Bits::new();
    for w in words {
        bits.set(registry::opening_key(w.as_bytes(), 0));
    }
    bits
}
