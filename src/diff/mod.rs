//! `whosaid diff`: what a rule change did to the records.
//!
//! The model here is plain data (serialisable, no terminal concerns):
//! [`diff`] pairs the records of two runs by document and overlapping
//! content span, and lists per document the records added, removed and
//! changed (field by field), with a [`Summary`] by change type, field and
//! rule id. [`render`] draws it for a terminal or as JSON, [`html`] as the
//! HTML report's view of the articles.

pub mod cmd;
pub mod html;
pub mod render;
pub mod snapshot;

use crate::record::Record;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The fields compared between a matched pair of records, in display order.
pub const FIELDS: [&str; 7] = ["quote", "speaker", "title", "kind", "rule", "cue", "via"];

/// One field that differs between the old and the new record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// One of [`FIELDS`].
    pub field: &'static str,
    /// The value on each side, as shown (`-` for none).
    pub old: String,
    pub new: String,
}

/// What happened to one record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "lowercase")]
pub enum Change {
    /// Only in the new run.
    Added { record: Box<Record> },
    /// Only in the old run.
    Removed { record: Box<Record> },
    /// In both runs (overlapping content), with some field different.
    Changed {
        old: Box<Record>,
        new: Box<Record>,
        fields: Vec<FieldChange>,
    },
}

impl Change {
    /// The byte offset the change stands at (for ordering).
    fn position(&self) -> usize {
        let rec = match self {
            Change::Added { record } | Change::Removed { record } => record,
            Change::Changed { new, .. } => new,
        };
        rec.spans.first().map_or(0, |s| s[0])
    }
}

/// The changes in one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocDiff {
    pub doc: String,
    /// Records the same on both sides.
    pub unchanged: usize,
    /// Changes in text order.
    pub changes: Vec<Change>,
}

impl DocDiff {
    /// How many records were added, removed and changed.
    pub fn counts(&self) -> (usize, usize, usize) {
        let (mut a, mut r, mut c) = (0, 0, 0);
        for ch in &self.changes {
            match ch {
                Change::Added { .. } => a += 1,
                Change::Removed { .. } => r += 1,
                Change::Changed { .. } => c += 1,
            }
        }
        (a, r, c)
    }
}

/// Counts of one rule id's changes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

/// Totals over every document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub docs: usize,
    pub docs_changed: usize,
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// How often each field changed in changed records.
    pub fields: BTreeMap<String, usize>,
    /// Changes by rule id: an added record counts for its rule, a removed
    /// one for its rule, a changed one for its new rule (and for its old
    /// rule too when the rule changed).
    pub rules: BTreeMap<String, Counts>,
}

impl Summary {
    /// Whether anything changed at all.
    pub fn any_change(&self) -> bool {
        self.added + self.removed + self.changed > 0
    }
}

/// The whole diff of two runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordDiff {
    /// Documents with at least one change, in first-seen order.
    pub docs: Vec<DocDiff>,
    pub summary: Summary,
}

/// Compares two runs. Records are grouped by `doc`; within a document,
/// records equal on both sides are unchanged, and the rest are paired by
/// the largest overlap of their content spans (each record pairs at most
/// once). Documents keep the order they first appear in (old, then new).
pub fn diff(old: &[Record], new: &[Record]) -> RecordDiff {
    let mut order: Vec<&str> = Vec::new();
    let mut by_doc: HashMap<&str, (Vec<&Record>, Vec<&Record>)> = HashMap::new();
    for (side, recs) in [(0, old), (1, new)] {
        for r in recs {
            let entry = by_doc.entry(r.doc.as_str()).or_insert_with(|| {
                order.push(r.doc.as_str());
                (Vec::new(), Vec::new())
            });
            if side == 0 {
                entry.0.push(r);
            } else {
                entry.1.push(r);
            }
        }
    }
    let mut summary = Summary {
        docs: order.len(),
        ..Summary::default()
    };
    let mut docs = Vec::new();
    for doc in order {
        let Some((o, n)) = by_doc.get(doc) else {
            continue;
        };
        let d = diff_doc(doc, o, n);
        summary.unchanged += d.unchanged;
        for c in &d.changes {
            match c {
                Change::Added { record } => {
                    summary.added += 1;
                    count(&mut summary, &record.rule).added += 1;
                }
                Change::Removed { record } => {
                    summary.removed += 1;
                    count(&mut summary, &record.rule).removed += 1;
                }
                Change::Changed { old, new, fields } => {
                    summary.changed += 1;
                    count(&mut summary, &new.rule).changed += 1;
                    if old.rule != new.rule {
                        count(&mut summary, &old.rule).changed += 1;
                    }
                    for f in fields {
                        *summary.fields.entry(f.field.to_string()).or_default() += 1;
                    }
                }
            }
        }
        if !d.changes.is_empty() {
            summary.docs_changed += 1;
            docs.push(d);
        }
    }
    RecordDiff { docs, summary }
}

fn count<'a>(summary: &'a mut Summary, rule: &str) -> &'a mut Counts {
    summary.rules.entry(rule.to_string()).or_default()
}

/// Bytes two records' content segments share.
fn overlap(a: &Record, b: &Record) -> usize {
    let mut n = 0;
    for x in &a.spans {
        for y in &b.spans {
            n += x[1].min(y[1]).saturating_sub(x[0].max(y[0]));
        }
    }
    n
}

fn diff_doc(doc: &str, old: &[&Record], new: &[&Record]) -> DocDiff {
    let mut old_done = vec![false; old.len()];
    let mut new_done = vec![false; new.len()];
    let mut unchanged = 0;
    // equal records first, so a moved neighbour cannot steal a pairing
    for (i, o) in old.iter().enumerate() {
        if let Some(j) = (0..new.len()).find(|&j| !new_done[j] && fields(o, new[j]).is_empty()) {
            old_done[i] = true;
            new_done[j] = true;
            unchanged += 1;
        }
    }
    // then the pairs with the most shared content, largest first
    let mut pairs = Vec::new();
    for (i, o) in old.iter().enumerate().filter(|(i, _)| !old_done[*i]) {
        for (j, n) in new.iter().enumerate().filter(|(j, _)| !new_done[*j]) {
            let shared = overlap(o, n);
            if shared > 0 {
                pairs.push((shared, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut changes = Vec::new();
    for (_, i, j) in pairs {
        if old_done[i] || new_done[j] {
            continue;
        }
        old_done[i] = true;
        new_done[j] = true;
        changes.push(Change::Changed {
            old: Box::new(old[i].clone()),
            new: Box::new(new[j].clone()),
            fields: fields(old[i], new[j]),
        });
    }
    for (i, o) in old.iter().enumerate() {
        if !old_done[i] {
            changes.push(Change::Removed {
                record: Box::new((*o).clone()),
            });
        }
    }
    for (j, n) in new.iter().enumerate() {
        if !new_done[j] {
            changes.push(Change::Added {
                record: Box::new((*n).clone()),
            });
        }
    }
    changes.sort_by_key(Change::position);
    DocDiff {
        doc: doc.to_string(),
        unchanged,
        changes,
    }
}

/// The value of a compared field as shown (`-` for none).
pub fn field_value(rec: &Record, field: &str) -> String {
    let or_dash = |s: Option<&str>| s.filter(|s| !s.is_empty()).unwrap_or("-").to_string();
    match field {
        "quote" => format!("{} {:?}", spans_text(&rec.spans), rec.quote),
        "speaker" => or_dash(rec.speaker.as_ref().map(|s| s.name.as_str())),
        "title" => or_dash(rec.speaker.as_ref().and_then(|s| s.title.as_deref())),
        "kind" => rec.kind.as_str().to_string(),
        "rule" => rec.rule.clone(),
        "cue" => or_dash(rec.cue.as_ref().map(|c| c.text.as_str())),
        "via" => or_dash(rec.via.as_deref()),
        _ => String::new(),
    }
}

/// Content spans as `115-159` (segments joined with `,`).
pub fn spans_text(spans: &[[usize; 2]]) -> String {
    spans
        .iter()
        .map(|s| format!("{}-{}", s[0], s[1]))
        .collect::<Vec<_>>()
        .join(",")
}

/// The compared fields that differ between two records.
pub fn fields(old: &Record, new: &Record) -> Vec<FieldChange> {
    FIELDS
        .iter()
        .filter_map(|&field| {
            let (a, b) = (field_value(old, field), field_value(new, field));
            (a != b).then_some(FieldChange {
                field,
                old: a,
                new: b,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RuleSet;

    #[test]
    fn pairs_by_overlap_and_lists_changed_fields() {
        let rules = RuleSet::embedded().unwrap();
        let text =
            "\"We will win the vote,\" Trump said. \"Not a chance,\" the senator told reporters.";
        let old = crate::extract(&rules, "d", text);
        assert_eq!(old.len(), 2);
        let mut new = old.clone();
        // the second record's speaker changes and its bounds shrink
        new[1].speaker.as_mut().unwrap().name = "Someone".into();
        new[1].spans[0][1] -= 1;
        new[1].quote.pop();
        // the first one goes away, a third one appears elsewhere
        new.remove(0);
        let mut extra = old[0].clone();
        extra.spans = vec![[1000, 1010]];
        extra.rule = "made-up".into();
        new.push(extra);
        let d = diff(&old, &new);
        assert_eq!(d.docs.len(), 1);
        let kinds: Vec<&str> = d.docs[0]
            .changes
            .iter()
            .map(|c| match c {
                Change::Added { .. } => "added",
                Change::Removed { .. } => "removed",
                Change::Changed { .. } => "changed",
            })
            .collect();
        assert_eq!(kinds, ["removed", "changed", "added"]);
        let Change::Changed { fields, .. } = &d.docs[0].changes[1] else {
            unreachable!()
        };
        let names: Vec<&str> = fields.iter().map(|f| f.field).collect();
        assert_eq!(names, ["quote", "speaker"]);
        assert_eq!(d.summary.added + d.summary.removed + d.summary.changed, 3);
        assert_eq!(d.summary.rules["made-up"].added, 1);
        assert!(d.summary.any_change());
        assert!(!diff(&old, &old).summary.any_change());
        assert_eq!(diff(&old, &old).summary.unchanged, 2);
    }
}
