//! Stage 1: the [`Doc`] — an article's paragraphs, each with its
//! quotations, its masked view and its sentences, built once and read by
//! every later stage.
//!
//! ```
//! # use whosaid::RuleSet;
//! // (the Doc is internal; `whosaid explain` prints it)
//! let rules = RuleSet::embedded().unwrap();
//! let e = whosaid::engine::explain::explain(&rules, "\"Yes,\" he said. It rained.");
//! assert_eq!(e.paragraphs[0].sentences.len(), 2);
//! ```

use super::Range;
use crate::rules::RuleSet;
use crate::text::{self, Marks, Masked, Para, Quotation};

/// One article, split and masked.
pub(crate) struct Doc<'t> {
    pub text: &'t str,
    pub paras: Vec<Paragraph>,
}

/// One paragraph (a line of the input) of a [`Doc`].
pub(crate) struct Paragraph {
    /// The paragraph's index in the article.
    pub index: usize,
    /// The paragraph's quotations and masked text.
    pub masked: Masked,
    /// Its sentences, as absolute byte ranges.
    pub sentences: Vec<Range>,
    /// A boilerplate line (a rule of boilerplate.toml): no attribution is
    /// looked for in it.
    pub boilerplate: bool,
}

impl<'t> Doc<'t> {
    pub fn new(rules: &RuleSet, text: &'t str) -> Doc<'t> {
        // one buffer for the quotation marks of every paragraph
        let mut marks = Marks::default();
        let paras = text::paragraphs(text)
            .into_iter()
            .enumerate()
            .map(|(index, para)| {
                let boilerplate = is_boilerplate(rules, &text[para.start..para.end]);
                let masked = Masked::with_marks(text, para, &mut marks);
                Paragraph::new(rules, text, index, masked, boilerplate)
            })
            .collect();
        Doc { text, paras }
    }
}

impl Paragraph {
    /// A paragraph over a masked view (a real line, or the view a colon
    /// block builds over two lines).
    pub fn new(
        rules: &RuleSet,
        text: &str,
        index: usize,
        masked: Masked,
        boilerplate: bool,
    ) -> Paragraph {
        let sentences = sentences(rules, text, &masked);
        Paragraph {
            index,
            masked,
            sentences,
            boilerplate,
        }
    }

    pub fn span(&self) -> Para {
        self.masked.para
    }
}

/// The sentences of a masked paragraph: a stop before an abbreviation
/// (titles.toml) ends none, and a short cue clause after a quotation ending
/// in "!" or "?" stays in its sentence.
fn sentences(rules: &RuleSet, text: &str, masked: &Masked) -> Vec<Range> {
    let is_abbrev = |w: &str| rules.abbreviations.contains(w);
    text::sentences(masked, text, is_abbrev, |w| {
        rules.verb(w).is_some() && !rules.lexicon.nounish_forms.contains(w)
    })
}

/// Whether a line is boilerplate (a prefix or a regex of boilerplate.toml).
pub(crate) fn is_boilerplate(rules: &RuleSet, line: &str) -> bool {
    rules.boiler_patterns.is_line(line.trim())
}

/// The quotation that makes up the whole sentence `(s, e)` (give or take
/// punctuation), if there is one.
pub(crate) fn lone_quote<'m>(text: &str, m: &'m Masked, (s, e): Range) -> Option<&'m Quotation> {
    let q = m.quotes_in(s, e).next()?;
    let before = &text[s..q.outer.0];
    // the sentence opens with the quotation (words may follow: `"…" and
    // other pocketbook issues.`); the caller has checked it has no cue
    before.trim().is_empty().then_some(q)
}
