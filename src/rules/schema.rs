//! The serde shape of each rule file. Unknown keys are errors.

use serde::Deserialize;
use toml::Spanned;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerbsFile {
    #[serde(default)]
    pub verb: Vec<Verb>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verb {
    pub lemma: Spanned<String>,
    pub forms: Spanned<Vec<String>>,
    pub kinds: Spanned<Vec<String>>,
    /// Whether "…, said X" works with this verb; "…, told X" names the
    /// listener, not the speaker.
    #[serde(default = "yes")]
    pub invert: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitlesFile {
    #[serde(default)]
    pub titles: Vec<String>,
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default)]
    pub title_modifiers: Vec<String>,
    #[serde(default)]
    pub female: Vec<String>,
    #[serde(default)]
    pub male: Vec<String>,
    #[serde(default)]
    pub abbreviations: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    #[serde(default)]
    pub group_heads: Vec<String>,
    #[serde(default)]
    pub anonymous_heads: Vec<String>,
    #[serde(default)]
    pub anonymous_markers: Vec<String>,
    #[serde(default)]
    pub organization_heads: Vec<String>,
    #[serde(default)]
    pub outlets: Vec<String>,
    #[serde(default)]
    pub pronouns_male: Vec<String>,
    #[serde(default)]
    pub pronouns_female: Vec<String>,
    #[serde(default)]
    pub pronouns_plural: Vec<String>,
    #[serde(default)]
    pub pronouns_other: Vec<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoilerplateFile {
    #[serde(default)]
    pub line_prefixes: Vec<String>,
    #[serde(default)]
    pub line_patterns: Vec<Spanned<String>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternsFile {
    /// What a sentence that is only a quotation does after a direct quote:
    /// `"join"` (default) makes it a further segment of that quote's
    /// record, `"separate"` a record of its own with the same speaker.
    #[serde(default)]
    pub continued_quotes: Option<Spanned<String>>,
    /// What a quotation inside the content of an indirect or mixed record
    /// is: `"join"` (default) part of that record only, `"separate"` also
    /// a direct record of its own.
    #[serde(default)]
    pub quotes_in_content: Option<Spanned<String>>,
    /// A quotation of at most this many words, each capitalised, that
    /// does not end a sentence names something and is no direct quote
    /// (absent or 0: off).
    #[serde(default)]
    pub quoted_names_max_words: Option<Spanned<u32>>,
    /// Verb-second order: a phrase before the cue that opens with a
    /// preposition is an adverbial, and the subject follows the verb
    /// (absent: false).
    #[serde(default)]
    pub verb_second: Option<Spanned<bool>>,
    /// A quotation no rule attributed is a direct quote of its sentence's
    /// subject (absent: false).
    #[serde(default)]
    pub subject_quotes: Option<Spanned<bool>>,
    /// A template's `{adjunct}` before a reported clause (`{content}`)
    /// holds at most this many words; a longer one makes the match no
    /// attribution (absent: no limit).
    #[serde(default)]
    pub adjunct_max_words: Option<Spanned<u32>>,
    #[serde(default)]
    pub pattern: Vec<Pattern>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pattern {
    pub id: Spanned<String>,
    pub kind: Spanned<String>,
    pub template: Spanned<String>,
    #[serde(default)]
    pub speaker_from: Option<Spanned<String>>,
    #[serde(default)]
    pub examples: Vec<Spanned<String>>,
    #[serde(default)]
    pub allows: Vec<Spanned<String>>,
}

// How a user file with `extends = "builtin"` adds to the built-in file
// (documented in the README, "Changing the rules").

use super::layer::{merge_spanned_words, merge_words, Merge};

/// A user verb with the lemma of a built-in verb replaces it (forms, kinds,
/// invert); a form the user lists is taken from any built-in verb that had
/// it (a built-in verb left with no forms is dropped); other user verbs are
/// added.
impl Merge for VerbsFile {
    fn merge(&mut self, user: Self) {
        let user_forms: Vec<String> = user
            .verb
            .iter()
            .flat_map(|v| v.forms.get_ref().iter().map(|f| f.to_lowercase()))
            .collect();
        let user_lemmas: Vec<&str> = user
            .verb
            .iter()
            .map(|v| v.lemma.get_ref().as_str())
            .collect();
        self.verb
            .retain(|v| !user_lemmas.contains(&v.lemma.get_ref().as_str()));
        for v in &mut self.verb {
            v.forms
                .get_mut()
                .retain(|f| !user_forms.contains(&f.to_lowercase()));
        }
        self.verb.retain(|v| !v.forms.get_ref().is_empty());
        self.verb.extend(user.verb);
    }
}

/// A user pattern with the id of a built-in pattern replaces it in its
/// place (so it keeps its precedence); other user patterns come after the
/// built-in ones.
impl Merge for PatternsFile {
    fn merge(&mut self, user: Self) {
        if user.continued_quotes.is_some() {
            self.continued_quotes = user.continued_quotes;
        }
        if user.quotes_in_content.is_some() {
            self.quotes_in_content = user.quotes_in_content;
        }
        if user.quoted_names_max_words.is_some() {
            self.quoted_names_max_words = user.quoted_names_max_words;
        }
        if user.verb_second.is_some() {
            self.verb_second = user.verb_second;
        }
        if user.subject_quotes.is_some() {
            self.subject_quotes = user.subject_quotes;
        }
        if user.adjunct_max_words.is_some() {
            self.adjunct_max_words = user.adjunct_max_words;
        }
        for pat in user.pattern {
            match self
                .pattern
                .iter_mut()
                .find(|p| p.id.get_ref() == pat.id.get_ref())
            {
                Some(slot) => *slot = pat,
                None => self.pattern.push(pat),
            }
        }
    }
}

/// Word lists: the user's words are added to the built-in list.
impl Merge for TitlesFile {
    fn merge(&mut self, user: Self) {
        merge_words(&mut self.titles, user.titles);
        merge_words(&mut self.roles, user.roles);
        merge_words(&mut self.title_modifiers, user.title_modifiers);
        merge_words(&mut self.female, user.female);
        merge_words(&mut self.male, user.male);
        merge_words(&mut self.abbreviations, user.abbreviations);
    }
}

impl Merge for SourcesFile {
    fn merge(&mut self, user: Self) {
        merge_words(&mut self.group_heads, user.group_heads);
        merge_words(&mut self.anonymous_heads, user.anonymous_heads);
        merge_words(&mut self.anonymous_markers, user.anonymous_markers);
        merge_words(&mut self.organization_heads, user.organization_heads);
        merge_words(&mut self.outlets, user.outlets);
        merge_words(&mut self.pronouns_male, user.pronouns_male);
        merge_words(&mut self.pronouns_female, user.pronouns_female);
        merge_words(&mut self.pronouns_plural, user.pronouns_plural);
        merge_words(&mut self.pronouns_other, user.pronouns_other);
    }
}

/// Line prefixes are added; line patterns are added unless the same
/// pattern is already there.
impl Merge for BoilerplateFile {
    fn merge(&mut self, user: Self) {
        merge_words(&mut self.line_prefixes, user.line_prefixes);
        merge_spanned_words(&mut self.line_patterns, user.line_patterns);
    }
}
