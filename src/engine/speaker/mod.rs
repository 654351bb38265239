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
    /// Unique to this rule set among all built in the process: what
    /// [`read::read_speaker`]'s memo tells rule sets apart by.
    pub id: u64,
}

impl Tables {
    pub(crate) fn new(lexicon: &crate::rules::Lexicon) -> Tables {
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Tables {
            first_names: registry::FirstNames::new(lexicon),
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        }
    }
}
