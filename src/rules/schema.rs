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
