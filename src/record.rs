//! The output contract: one [`Record`] per attributed (or unattributed)
//! quote, and the writers for JSON, JSONL and CSV.
//!
//! Field names and order here are what other tools and the project's
//! measures read; add fields at the end, never rename or reorder.

use serde::{Deserialize, Serialize};

/// How the content is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Words inside quotation marks.
    Direct,
    /// A paraphrase that embeds quoted words.
    Mixed,
    /// Reported speech with no quotation marks.
    Indirect,
    /// A headline of the form `Too late for talks: Trump`.
    Headline,
}

impl Kind {
    /// The lowercase name used in every output format.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Direct => "direct",
            Kind::Mixed => "mixed",
            Kind::Indirect => "indirect",
            Kind::Headline => "headline",
        }
    }
}

/// What sort of entity a speaker is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[serde(rename_all = "lowercase")]
pub enum SpeakerType {
    Person,
    Group,
    Organization,
    Anonymous,
    Pronoun,
    Unknown,
}

/// A half-open byte range `[start, end)` into the input text.
pub type Span = [usize; 2];

/// Who a quote is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// The resolved name: the full name for people ("Donald Trump"), the
    /// phrase itself for groups and sources.
    pub name: String,
    /// The words at the attribution site ("he", "Trump", "US officials").
    pub mention: String,
    /// Byte span of `mention` in the input.
    pub span: Span,
    /// A title or role seen with the name anywhere in the article.
    pub title: Option<String>,
    #[serde(rename = "type")]
    pub kind: SpeakerType,
}

/// The cue: the verb or phrase that marks the attribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    pub text: String,
    pub span: Span,
}

/// Facts about the article a record came from (filled by the input readers).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleMeta {
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    pub outlet: Option<String>,
    pub author: Option<String>,
    /// The language the article declares (a page's `lang` or JSON-LD
    /// `inLanguage`, a feed's `lang`/`language`), as written; read by
    /// `--lang auto`. Not written to records (their `lang` is the pack that
    /// ran).
    #[serde(skip)]
    pub lang: Option<String>,
}

/// One quote with its attribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// The document: a path as given, a feed id, or `file:line`.
    pub doc: String,
    pub kind: Kind,
    /// The content text; segments of a split quote joined with ` … `.
    pub quote: String,
    /// UTF-8 byte offsets of each content segment, end exclusive.
    pub spans: Vec<Span>,
    pub speaker: Option<Speaker>,
    pub cue: Option<Cue>,
    /// The outlet the quote was reported through ("according to Reuters").
    pub via: Option<String>,
    /// The id of the rule that produced the record.
    pub rule: String,
    /// Code point offsets matching `spans`, for tools that index by character.
    pub char_spans: Vec<Span>,
    #[serde(flatten)]
    pub meta: ArticleMeta,
    /// The sentence or sentences holding the quote, its speaker and its
    /// cue, cut from the text (see [`crate::context`]); empty in records
    /// written before the field existed.
    #[serde(default)]
    pub context: String,
    /// The language of the rule pack that found the record (`en`, `de`):
    /// with `--lang auto`, the language chosen for the article. Empty in
    /// records written before the field existed.
    #[serde(default)]
    pub lang: String,
}

/// The separator between the segments of a split quote in `quote`.
pub const SEGMENT_JOINER: &str = " … ";

impl Record {
    /// Checks the record against the text it was extracted from, as the
    /// record contract states it: every span (content, speaker, cue) lies on
    /// character boundaries inside `text`, `quote` is the text at `spans`
    /// joined with [`SEGMENT_JOINER`], `char_spans` count the same code
    /// points, and the speaker and cue spans hold their `mention` and
    /// `text`. Returns the first problem found.
    pub fn check_offsets(&self, text: &str) -> Result<(), String> {
        let valid = |s: Span| {
            s[0] <= s[1]
                && s[1] <= text.len()
                && text.is_char_boundary(s[0])
                && text.is_char_boundary(s[1])
        };
        if self.spans.is_empty() {
            return Err("a record without spans".into());
        }
        if let Some(s) = self.spans.iter().find(|&&s| !valid(s)) {
            return Err(format!(
                "content span {s:?} is not on char boundaries inside the text"
            ));
        }
        let joined: Vec<&str> = self.spans.iter().map(|s| &text[s[0]..s[1]]).collect();
        if self.quote != joined.join(SEGMENT_JOINER) {
            return Err("quote is not the text at its spans".into());
        }
        let chars = |b: usize| text[..b].chars().count();
        let counted = self.char_spans.len() == self.spans.len()
            && self
                .spans
                .iter()
                .zip(&self.char_spans)
                .all(|(b, c)| chars(b[0]) == c[0] && chars(b[1]) == c[1]);
        if !counted {
            return Err("char_spans do not count the code points of spans".into());
        }
        for (what, span, words) in [
            (
                "speaker",
                self.speaker.as_ref().map(|s| (s.span, &s.mention)),
            ),
            ("cue", self.cue.as_ref().map(|c| (c.span, &c.text))),
        ]
        .into_iter()
        .filter_map(|(what, sw)| sw.map(|(s, w)| (what, s, w)))
        {
            if !valid(span) || text[span[0]..span[1]] != **words {
                return Err(format!("{what} span {span:?} does not hold {words:?}"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod check_offsets_tests {
    use crate::RuleSet;

    /// The check passes a record as extracted and names each broken part.
    #[test]
    fn each_broken_offset_is_named() {
        let rules = RuleSet::embedded().unwrap();
        let text = "“Ça va,” said Émile Roux. “We stay.”";
        let recs = crate::extract(&rules, "t", text);
        let rec = recs.first().unwrap().clone();
        assert_eq!(rec.check_offsets(text), Ok(()));
        let broken = |edit: &dyn Fn(&mut crate::Record)| {
            let mut r = rec.clone();
            edit(&mut r);
            r.check_offsets(text).unwrap_err()
        };
        assert!(broken(&|r| r.spans.clear()).contains("without spans"));
        assert!(broken(&|r| r.spans[0][0] = 1).contains("content span"));
        assert!(broken(&|r| r.quote.push('!')).contains("quote"));
        assert!(broken(&|r| r.char_spans[0][1] += 1).contains("char_spans"));
        assert!(broken(&|r| r.speaker.as_mut().unwrap().span[0] += 1).contains("speaker"));
        assert!(broken(&|r| r.cue.as_mut().unwrap().text.push('x')).contains("cue"));
    }
}
