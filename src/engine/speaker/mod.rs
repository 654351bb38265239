//! Stage 4: speakers — reading a speaker phrase at a cue ([`read`], and
//! the `{speaker}` slot with what stands around it, [`slot`]), the people
//! an article names ([`registry`]), and resolving each draft's mention to a
//! name ([`resolve`]).

pub(crate) mod lower;
pub(crate) mod read;
pub(crate) mod registry;
pub(crate) mod resolve;
pub(crate) mod slot;
