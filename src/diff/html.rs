//! `whosaid diff -f html`: the HTML report of `extract -f html`
//! ([`crate::output::html::Report`], its style sheet and script) over the
//! documents a change touched, with each record marked by what happened to
//! it: added, removed, changed or unchanged. A changed record is marked
//! where its new content stands, and its card lists each changed field old
//! against new. The diff's summary (and with `--gold` both sides' figures)
//! heads the page, as in the terminal view.

use super::render::{self, GoldFigures};
use super::{Change, DocDiff, RecordDiff};
use crate::output::html::{escape, DiffState, Report};
use crate::record::{ArticleMeta, Record};
use std::collections::HashMap;

/// An article as the page shows it: its metadata and, when the diff ran
/// over the articles themselves, its text (a diff of two records files has
/// none: its records are listed under the article's header instead).
#[derive(Debug, Clone, Default)]
pub struct ArticleText {
    pub doc: String,
    pub meta: ArticleMeta,
    pub text: Option<String>,
}

/// The page's heading: title, summary and legend.
fn intro(d: &RecordDiff, gold: Option<&GoldFigures>) -> String {
    let mut summary = render::summary_text(d);
    if let Some(g) = gold {
        summary.push_str(&render::figures_text(g));
    }
    let mut s = String::from("<h1>What the change did to the records</h1>\n");
    s.push_str("<pre class=\"summary\">");
    s.push_str(&escape(summary.trim_end()));
    s.push_str("</pre>\n");
    s.push_str(
        "<p class=\"legend\">\
         <span class=\"q k-direct d-added\" style=\"--h:210\">added</span> \
         <span class=\"q k-direct d-removed\" style=\"--h:210\">removed</span> \
         <span class=\"q k-direct d-changed\" style=\"--h:210\">changed</span> \
         <span class=\"q k-direct d-same\" style=\"--h:210\">unchanged</span> · \
         the colour is the speaker's, the shade the kind \
         (<span class=\"q k-direct\" style=\"--h:210\">direct</span> \
         <span class=\"q k-mixed\" style=\"--h:210\">mixed</span> \
         <span class=\"q k-indirect\" style=\"--h:210\">indirect</span>) · \
         <span class=\"cue\">cue</span> · <span class=\"who\">speaker</span> · \
         hover or focus a quote for its record, a changed one with its old and new values</p>\n",
    );
    if !d.summary.any_change() {
        s.push_str("<p class=\"empty\">No record was added, removed or changed.</p>\n");
    }
    s
}

/// Where a record's content starts (records are shown in text order).
fn position(rec: &Record) -> usize {
    rec.spans.first().map_or(0, |s| s[0])
}

/// The records of one changed document, each with its state, in text
/// order: the diff's changes, and the new run's other records of the
/// document as unchanged.
fn doc_records<'a>(doc: &'a DocDiff, new: &[&'a Record]) -> Vec<(&'a Record, DiffState)> {
    let mut shown: Vec<(&Record, DiffState)> = Vec::new();
    // the new run's records the changes account for, each taken once
    let mut rest: Vec<&Record> = new.to_vec();
    let mut take = |rec: &Record| {
        if let Some(i) = rest.iter().position(|r| *r == rec) {
            rest.remove(i);
        }
    };
    for c in &doc.changes {
        match c {
            Change::Added { record } => {
                take(record);
                shown.push((record, state("added", Vec::new())));
            }
            Change::Removed { record } => shown.push((record, state("removed", Vec::new()))),
            Change::Changed { new, fields, .. } => {
                take(new);
                let fields = fields
                    .iter()
                    .map(|f| (f.field, f.old.clone(), f.new.clone()))
                    .collect();
                shown.push((new, state("changed", fields)));
            }
        }
    }
    shown.extend(rest.into_iter().map(|r| (r, state("same", Vec::new()))));
    shown.sort_by_key(|(r, _)| position(r));
    shown
}

fn state(state: &'static str, fields: Vec<(&'static str, String, String)>) -> DiffState {
    DiffState { state, fields }
}

/// The header note of a changed document.
fn note(doc: &DocDiff) -> String {
    let (a, r, c) = doc.counts();
    format!(
        "{a} added, {r} removed, {c} changed, {} unchanged",
        doc.unchanged
    )
}

/// The whole page: each document with a change, its records marked in its
/// text. `new` is the new run's records (the unchanged ones are shown
/// too); `articles` gives the documents' metadata and texts where known.
pub fn page(
    d: &RecordDiff,
    new: &[Record],
    articles: &[ArticleText],
    gold: Option<&GoldFigures>,
) -> String {
    let mut by_doc: HashMap<&str, Vec<&Record>> = HashMap::new();
    for r in new {
        by_doc.entry(r.doc.as_str()).or_default().push(r);
    }
    let article: HashMap<&str, &ArticleText> =
        articles.iter().map(|a| (a.doc.as_str(), a)).collect();
    let mut report = Report::with_intro("whosaid diff", intro(d, gold));
    // Writing to a Vec cannot fail.
    let mut out = Vec::new();
    for doc in &d.docs {
        let recs = doc_records(
            doc,
            by_doc
                .get(doc.doc.as_str())
                .map_or(&[][..], |v| v.as_slice()),
        );
        let a = article.get(doc.doc.as_str());
        let meta = match (a, recs.first()) {
            (Some(a), _) => a.meta.clone(),
            (None, Some((r, _))) => r.meta.clone(),
            (None, None) => ArticleMeta::default(),
        };
        let _ = report.begin_article(&doc.doc, &meta, &mut out);
        if let Some(text) = a.and_then(|a| a.text.as_deref()) {
            report.article_text(text);
        }
        report.article_note(&note(doc));
        for (rec, st) in recs {
            let _ = report.write_in_diff(rec, Some(st), &mut out);
        }
    }
    let _ = report.finish(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;

    #[test]
    fn every_record_of_a_changed_document_is_shown_once_with_its_state() {
        let rules = RuleSet::embedded().unwrap();
        let text = "\"We will win the vote,\" Trump said. \"Not a chance,\" the senator \
                    told reporters. \"Later,\" Lee said.";
        let old = crate::extract(&rules, "d", text);
        assert_eq!(old.len(), 3);
        let mut new = old.clone();
        new[1].speaker.as_mut().unwrap().name = "Someone".into();
        new.remove(0);
        let d = super::super::diff(&old, &new);
        let refs: Vec<&Record> = new.iter().collect();
        let shown = doc_records(&d.docs[0], &refs);
        let states: Vec<&str> = shown.iter().map(|(_, s)| s.state).collect();
        assert_eq!(states, ["removed", "changed", "same"]);
        assert_eq!(shown[1].1.fields[0].0, "speaker");
        assert_eq!(
            note(&d.docs[0]),
            "0 added, 1 removed, 1 changed, 1 unchanged"
        );
        let page = page(
            &d,
            &new,
            &[ArticleText {
                doc: "d".into(),
                meta: ArticleMeta::default(),
                text: Some(text.into()),
            }],
            None,
        );
        assert_eq!(page.matches("d-removed\" id=").count(), 1);
        assert_eq!(page.matches("d-changed\" id=").count(), 1);
        assert_eq!(page.matches("d-same\" id=").count(), 1);
    }
}
