//! The engine: one article's text in, its [`Record`]s out, in stages that
//! each compute one thing once.
//!
//! 1. [`doc::Doc`]: paragraphs, quotations, the masked view the patterns
//!    run over, and sentences, built once per article.
//! 2. [`find`]: the cue candidates of each sentence ([`cues`]), the
//!    template matches anchored there, and a [`draft::Draft`] for each match
//!    that reads as an attribution ([`draft`]; the speaker slot is read by
//!    [`speaker::slot`]).
//! 3. [`passes`]: follow-on passes over the Doc and the drafts — split
//!    quotes, continuations, supported colon labels, colon blocks, and a
//!    quotation spelling out a short content.
//! 4. [`speaker`]: reading speaker phrases and resolving short names,
//!    pronouns and roles within the article.
//! 5. [`finish`]: the records, with character offsets.
//!
//! `whosaid explain` ([`explain`]) runs the same stages on a sentence or a
//! paragraph and reports what each one decided.

pub(crate) mod cues;
pub(crate) mod doc;
pub(crate) mod draft;
pub mod explain;
pub(crate) mod find;
pub(crate) mod finish;
pub(crate) mod passes;
pub(crate) mod speaker;

use crate::record::{ArticleMeta, Record};
use crate::rules::RuleSet;

/// A byte range `[start, end)` of the article text.
pub(crate) type Range = (usize, usize);

/// Extracts every quote of one article.
pub fn extract(rules: &RuleSet, doc: &str, text: &str) -> Vec<Record> {
    extract_with_meta(rules, doc, text, &ArticleMeta::default())
}

/// Extracts every quote of one article, stamping each record with `meta`.
pub fn extract_with_meta(
    rules: &RuleSet,
    doc: &str,
    text: &str,
    meta: &ArticleMeta,
) -> Vec<Record> {
    let rules = rules.for_article(text, meta.lang.as_deref());
    let d = doc::Doc::new(rules, text);
    let drafts = drafts(rules, &d);
    let resolved = speaker::resolve::resolve(rules, text, drafts);
    let mut records = finish::records(doc, text, meta, resolved);
    crate::context::fill(&d, &mut records);
    for r in &mut records {
        r.lang = rules.lang.code().to_string();
    }
    records
}

/// Stages 2 and 3: the drafts of one article, before speaker resolution.
pub(crate) fn drafts(rules: &RuleSet, d: &doc::Doc) -> Vec<draft::Draft> {
    drafts_seen(rules, d, |_, _| {})
}

/// [`drafts`], showing `seen` the drafts after each stage (by name): what
/// `whosaid explain` prints. The one place the stage order is written.
pub(crate) fn drafts_seen(
    rules: &RuleSet,
    d: &doc::Doc,
    mut seen: impl FnMut(&'static str, &[draft::Draft]),
) -> Vec<draft::Draft> {
    let mut drafts = find::find(rules, d.text, &d.paras);
    passes::quoted_labels::run(rules, d, &mut drafts);
    passes::signed_quotes::run(rules, d, &mut drafts);
    passes::headline_quotes::run(rules, d, &mut drafts);
    passes::name_quotes::run(d.text, rules.quoted_names_max_words, &mut drafts);
    seen("find", &drafts);
    passes::join_split_quotes::run(d.text, &d.paras, &mut drafts);
    seen("join_split_quotes", &drafts);
    passes::continuations::run(
        d.text,
        &d.paras,
        &mut drafts,
        rules.separate_continued_quotes,
    );
    seen("continuations", &drafts);
    drafts.sort_by_key(|x| x.spans[0].0);
    passes::colon_labels::run(d.text, &mut drafts);
    seen("colon_labels", &drafts);
    passes::colon_blocks::run(rules, d, &mut drafts);
    seen("colon_blocks", &drafts);
    passes::colon_quotes::run(rules, d, &mut drafts);
    seen("colon_quotes", &drafts);
    passes::short_content::run(d, &mut drafts);
    seen("short_content", &drafts);
    // the German passes are shown only when the rules turn them on, so
    // `explain` with the English rules reads as it did
    if !rules.lexicon.reported_speech_verbs.is_empty() {
        passes::reported_speech::run(rules, d, &mut drafts);
        seen("reported_speech", &drafts);
    }
    if rules.separate_quotes_in_content {
        passes::quotes_in_content::run(d, &mut drafts);
        seen("quotes_in_content", &drafts);
    }
    if rules.quoted_names_max_words > 0 {
        passes::name_quotes::run(d.text, rules.quoted_names_max_words, &mut drafts);
        seen("name_quotes", &drafts);
    }
    if rules.subject_quotes {
        passes::subject_quotes::run(rules, d, &mut drafts);
        seen("subject_quotes", &drafts);
    }
    drafts
}

/// Whether two byte ranges share a byte.
pub(crate) fn overlaps(a: Range, b: Range) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Whether any of `spans` shares a byte with `b`.
pub(crate) fn overlaps_any(spans: &[Range], b: Range) -> bool {
    spans.iter().any(|&a| overlaps(a, b))
}
