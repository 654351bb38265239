//! `whosaid compare`: one statement as reported by several articles.
//!
//! Records are grouped first by speaker, identified across articles
//! ([`speaker`]), then by statement: records whose sentences share enough
//! content words ([`similarity`]). Each group lists its versions and the
//! differences a fact-checker looks for: word-level changes between
//! verbatim versions ([`diff`]), direct quotes another article gives only
//! as paraphrase, and titles that differ between articles. [`render`] prints
//! groups as a table, JSON or CSV.
//!
//! No I/O happens here: callers read the records (or extract them) and pass
//! them in.

pub mod diff;
pub mod html;
pub mod render;
pub mod similarity;
pub mod speaker;

use crate::record::{Kind, Record, Span, SEGMENT_JOINER};
use crate::text::{quotations, Para};
use diff::Change;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Statements that one speaker made, as several records report them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The speaker's name, the same across articles.
    pub speaker: String,
    /// The speaker's titles in each of the group's articles that gives one
    /// (from all the speaker's records in that article).
    pub titles: BTreeMap<String, Vec<String>>,
    /// The versions, in input order.
    pub members: Vec<Member>,
    /// What differs between the versions.
    pub differences: Vec<Difference>,
}

/// One version of a statement: a record, cut down to what comparing needs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// The record's article.
    pub doc: String,
    /// Direct, mixed, indirect or headline.
    pub kind: Kind,
    /// The record's content text.
    pub quote: String,
    /// Byte offsets of the content in the article, as in the record.
    pub spans: Vec<Span>,
    /// The outlet the quote was reported through, as in the record.
    pub via: Option<String>,
    /// The outlet, when the input named it.
    pub outlet: Option<String>,
    /// The words that named the speaker in this article.
    pub mention: String,
}

/// One difference within a group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// The member (index into `members`) that differs, when it is one.
    pub member: Option<usize>,
    /// That member's article.
    pub doc: Option<String>,
    /// The member it is compared with.
    pub reference: Option<usize>,
    /// What differs (serialised as a `type` and its fields).
    #[serde(flatten)]
    pub what: What,
}

impl Difference {
    /// Which versions differ, as the lists show them: "[2] vs [1]: ",
    /// "[2]: ", or nothing when the difference is the group's.
    pub fn members_label(&self) -> String {
        match (self.member, self.reference) {
            (Some(m), Some(r)) => format!("[{}] vs [{}]: ", m + 1, r + 1),
            (Some(m), None) => format!("[{}]: ", m + 1),
            _ => String::new(),
        }
    }
}

/// The kinds of difference.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum What {
    /// A word-level change between two verbatim versions.
    Words(Change),
    /// Not word-level: paraphrase, titles.
    Other(Reported),
}

/// Differences that are not word-level.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Reported {
    /// The member gives only as paraphrase words that these articles quote.
    Paraphrase { quoted_in: Vec<String> },
    /// Articles give the speaker different titles.
    Titles,
}

/// The verbatim words of a record: the whole quote of a direct record, the
/// quoted fragments of a mixed one (joined with ` … `), none otherwise.
pub fn verbatim(rec: &Record) -> Option<String> {
    match rec.kind {
        Kind::Direct => Some(rec.quote.clone()),
        Kind::Mixed => {
            let para = Para {
                start: 0,
                end: rec.quote.len(),
            };
            let parts: Vec<&str> = quotations(&rec.quote, para)
                .iter()
                .map(|q| rec.quote[q.inner.0..q.inner.1].trim())
                .filter(|s| !s.is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join(SEGMENT_JOINER))
        }
        Kind::Indirect | Kind::Headline => None,
    }
}

/// A small union-find over statement units.
struct Sets(Vec<usize>);

impl Sets {
    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb)] = ra.min(rb);
        }
    }
}

/// Groups records by speaker and statement and finds the differences.
/// Records without a speaker are left out. Every group is returned, single
/// versions included. Speakers come in order of first appearance, and each
/// speaker's groups in order of their first record.
pub fn compare(records: &[Record]) -> Vec<Group> {
    let attributed: Vec<&Record> = records.iter().filter(|r| r.speaker.is_some()).collect();
    let sightings: Vec<speaker::Sighting> = attributed
        .iter()
        .filter_map(|r| {
            r.speaker.as_ref().map(|s| speaker::Sighting {
                doc: &r.doc,
                speaker: s,
            })
        })
        .collect();
    let (ident_of, identities) = speaker::identify(&sightings);

    let mut groups: Vec<(usize, Vec<usize>)> = Vec::new(); // identity, record indices
    for (ident, _) in identities.iter().enumerate() {
        let recs: Vec<usize> = (0..attributed.len())
            .filter(|&i| ident_of[i] == ident)
            .collect();
        groups.extend(
            statement_groups(&attributed, &recs)
                .into_iter()
                .map(|g| (ident, g)),
        );
    }
    groups.sort_by_key(|(ident, g)| (*ident, g[0]));
    groups
        .into_iter()
        .map(|(ident, g)| build_group(&identities[ident], g.iter().map(|&i| attributed[i])))
        .collect()
}

/// Splits one speaker's records into statements. Units (sentences) that
/// report the same statement are linked; a group is a linked set, given as
/// the records its units come from. A record whose sentences report
/// different statements can be in several groups; a group whose records
/// are all in a larger group is dropped.
fn statement_groups(records: &[&Record], mine: &[usize]) -> Vec<Vec<usize>> {
    let mut units: Vec<(usize, similarity::Unit)> = Vec::new();
    for &r in mine {
        let before = units.len();
        for sentence in similarity::sentences(&records[r].quote) {
            let unit = similarity::Unit::new(sentence);
            if !unit.is_empty() {
                units.push((r, unit));
            }
        }
        if units.len() == before {
            units.push((r, similarity::Unit::default()));
        }
    }
    // Units with the same words and word pairs are one class: whatever one
    // matches, all match, so only one of each class is compared. (Many
    // articles repeating one statement are then one comparison, not a
    // quadratic number.) A class is tagged with its records.
    type Key<'k> = (&'k BTreeSet<String>, &'k BTreeSet<(String, String)>);
    let mut class_of_key: BTreeMap<Key<'_>, usize> = BTreeMap::new();
    let mut classes: Vec<(usize, BTreeSet<usize>)> = Vec::new(); // first unit, records
    let mut class_of = Vec::with_capacity(units.len());
    for (u, (r, unit)) in units.iter().enumerate() {
        // a unit too short to match itself matches none of its copies
        let c = if similarity::same_statement(unit, unit) {
            *class_of_key
                .entry((&unit.words, &unit.pairs))
                .or_insert_with(|| {
                    classes.push((u, BTreeSet::new()));
                    classes.len() - 1
                })
        } else {
            classes.push((u, BTreeSet::new()));
            classes.len() - 1
        };
        classes[c].1.insert(*r);
        class_of.push(c);
    }
    // Only classes that share a word can match: an index of the classes
    // each word is in keeps a prolific speaker's comparison far from
    // quadratic.
    let mut by_word: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (c, (u, _)) in classes.iter().enumerate() {
        for w in &units[*u].1.words {
            by_word.entry(w).or_default().push(c);
        }
    }
    let mut sets = Sets((0..classes.len()).collect());
    for a in 0..classes.len() {
        let unit_a = &units[classes[a].0].1;
        let candidates: BTreeSet<usize> = unit_a
            .words
            .iter()
            .flat_map(|w| by_word.get(w.as_str()).into_iter().flatten().copied())
            .filter(|&b| b > a)
            .collect();
        for b in candidates {
            // units of one record are never linked to each other
            let one_record = classes[a].1.len() == 1 && classes[a].1 == classes[b].1;
            if !one_record
                && sets.find(a) != sets.find(b)
                && similarity::same_statement(unit_a, &units[classes[b].0].1)
            {
                sets.union(a, b);
            }
        }
    }
    // Every unit of a class joins the class's set: a class that links to
    // no other and holds one record gives the group of that record alone,
    // as its units taken apart would (a group inside another is dropped).
    let mut sets = Sets(
        class_of
            .iter()
            .map(|&c| {
                let root = sets.find(c);
                classes[root].0
            })
            .collect(),
    );
    let mut by_root: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (u, (r, _)) in units.iter().enumerate() {
        let root = sets.find(u);
        by_root.entry(root).or_default().insert(*r);
    }
    let mut groups: Vec<BTreeSet<usize>> = Vec::new();
    let mut candidates: Vec<BTreeSet<usize>> = by_root.into_values().collect();
    // Larger groups first, so a subset always meets its superset.
    candidates.sort_by_key(|g| (std::cmp::Reverse(g.len()), g.iter().next().copied()));
    for g in candidates {
        if !groups.iter().any(|kept| g.is_subset(kept)) {
            groups.push(g);
        }
    }
    groups
        .into_iter()
        .map(|g| g.into_iter().collect())
        .collect()
}

fn build_group<'a>(who: &speaker::Identity, recs: impl Iterator<Item = &'a Record>) -> Group {
    let recs: Vec<&Record> = recs.collect();
    let members: Vec<Member> = recs
        .iter()
        .map(|r| Member {
            doc: r.doc.clone(),
            kind: r.kind,
            quote: r.quote.clone(),
            spans: r.spans.clone(),
            via: r.via.clone(),
            outlet: r.meta.outlet.clone(),
            mention: r
                .speaker
                .as_ref()
                .map(|s| s.mention.clone())
                .unwrap_or_default(),
        })
        .collect();
    let mut differences = word_differences(&recs);
    differences.extend(paraphrases(&recs));
    let docs: BTreeSet<&str> = recs.iter().map(|r| r.doc.as_str()).collect();
    let titles: BTreeMap<String, Vec<String>> = who
        .titles
        .iter()
        .filter(|(doc, _)| docs.contains(doc.as_str()))
        .map(|(doc, ts)| (doc.clone(), ts.clone()))
        .collect();
    if titles_differ(&titles) {
        differences.push(Difference {
            member: None,
            doc: None,
            reference: None,
            what: What::Other(Reported::Titles),
        });
    }
    Group {
        speaker: who.name.clone(),
        titles,
        members,
        differences,
    }
}

/// Whether two articles give the speaker different titles (compared
/// without regard to case).
pub fn titles_differ(titles: &BTreeMap<String, Vec<String>>) -> bool {
    let sets: BTreeSet<BTreeSet<String>> = titles
        .values()
        .map(|ts| ts.iter().map(|t| speaker::title_key(t)).collect())
        .collect();
    sets.len() > 1
}

/// Word-level differences of each verbatim version from the longest one.
fn word_differences(recs: &[&Record]) -> Vec<Difference> {
    let verbatims: Vec<(usize, String)> = recs
        .iter()
        .enumerate()
        .filter_map(|(i, r)| verbatim(r).map(|v| (i, v)))
        .collect();
    let Some((reference, ref_text)) = verbatims
        .iter()
        .max_by_key(|(i, v)| (diff::tokenize(v).len(), std::cmp::Reverse(*i)))
        .cloned()
    else {
        return Vec::new();
    };
    // Every member is marked, even one whose words another member of the
    // same article already has: a reader checks the versions one by one.
    let mut out = Vec::new();
    for (i, text) in &verbatims {
        if *i == reference {
            continue;
        }
        for change in diff::word_diff(&ref_text, text).unwrap_or_default() {
            out.push(Difference {
                member: Some(*i),
                doc: Some(recs[*i].doc.clone()),
                reference: Some(reference),
                what: What::Words(change),
            });
        }
    }
    out
}

/// Versions in articles that only paraphrase what other articles quote:
/// the article has no verbatim version in the group, and the version's
/// content words match a sentence of another article's verbatim words
/// (so "soon have complete control" is not reported as a paraphrase of a
/// quoted "under a week").
fn paraphrases(recs: &[&Record]) -> Vec<Difference> {
    let verbatims: Vec<(&str, Vec<similarity::Unit>)> = recs
        .iter()
        .filter_map(|r| {
            let v = verbatim(r)?;
            let units = similarity::sentences(&v)
                .into_iter()
                .map(similarity::Unit::new)
                .collect();
            Some((r.doc.as_str(), units))
        })
        .collect();
    let quoting: BTreeSet<&str> = verbatims.iter().map(|(d, _)| *d).collect();
    let mut out = Vec::new();
    for (i, r) in recs.iter().enumerate() {
        if quoting.contains(r.doc.as_str()) {
            continue;
        }
        let words = similarity::Unit::new(&r.quote);
        let quoted_in: BTreeSet<&str> = verbatims
            .iter()
            .filter(|(_, units)| units.iter().any(|u| similarity::same_statement(u, &words)))
            .map(|(d, _)| *d)
            .collect();
        if !quoted_in.is_empty() {
            out.push(Difference {
                member: Some(i),
                doc: Some(r.doc.clone()),
                reference: None,
                what: What::Other(Reported::Paraphrase {
                    quoted_in: quoted_in.into_iter().map(str::to_string).collect(),
                }),
            });
        }
    }
    out
}

/// A problem with one line of a records file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// 1-based line number (1 for a JSON array).
    pub line: usize,
    /// What was wrong with it.
    pub message: String,
}

/// Reads records written by `whosaid extract`: JSONL (one record a line,
/// blank lines skipped) or a JSON array. Bad lines are reported and the
/// rest is read.
pub fn read_records(text: &str) -> (Vec<Record>, Vec<RecordError>) {
    if text.trim_start().starts_with('[') {
        return match serde_json::from_str::<Vec<Record>>(text) {
            Ok(recs) => (recs, Vec::new()),
            Err(e) => (
                Vec::new(),
                vec![RecordError {
                    line: e.line(),
                    message: e.to_string(),
                }],
            ),
        };
    }
    let mut recs = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Record>(line) {
            Ok(r) => recs.push(r),
            Err(e) => errors.push(RecordError {
                line: n + 1,
                message: e.to_string(),
            }),
        }
    }
    (recs, errors)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{ArticleMeta, Speaker, SpeakerType};

    fn rec(doc: &str, kind: Kind, quote: &str, name: &str, mention: &str) -> Record {
        Record {
            doc: doc.into(),
            kind,
            quote: quote.into(),
            spans: vec![[0, quote.len()]],
            speaker: Some(Speaker {
                name: name.into(),
                mention: mention.into(),
                span: [0, 0],
                title: None,
                kind: SpeakerType::Person,
            }),
            cue: None,
            via: None,
            rule: "test".into(),
            char_spans: vec![],
            meta: ArticleMeta::default(),
            context: String::new(),
            lang: String::new(),
        }
    }

    const TRUMP_DIRECT: &str =
        "Their air defense, air force, navy, and leadership is gone. They want to talk. I said 'Too late!'";

    fn quotes(g: &Group) -> Vec<(&str, &str)> {
        g.members
            .iter()
            .map(|m| (m.doc.as_str(), m.quote.as_str()))
            .collect()
    }

    #[test]
    fn verbatim_words_of_each_kind() {
        let direct = rec("a", Kind::Direct, "We won.", "X Y", "Y");
        assert_eq!(verbatim(&direct).as_deref(), Some("We won."));
        let mixed = rec(
            "a",
            Kind::Mixed,
            "the period was 'sensitive' and 'fateful' for Iran's future",
            "X Y",
            "Y",
        );
        assert_eq!(verbatim(&mixed).as_deref(), Some("sensitive … fateful"));
        let plain_mixed = rec("a", Kind::Mixed, "no marks here", "X Y", "Y");
        assert_eq!(verbatim(&plain_mixed), None);
        let indirect = rec("a", Kind::Indirect, "it was 'too late'", "X Y", "Y");
        assert_eq!(verbatim(&indirect), None);
    }

    #[test]
    fn one_long_quote_can_join_two_statements() {
        let records = [
            rec(
                "000",
                Kind::Indirect,
                "Tehran wanted to speak, but it was too late",
                "Trump",
                "Trump",
            ),
            rec("000", Kind::Direct, TRUMP_DIRECT, "Trump", "Trump"),
            rec(
                "003",
                Kind::Mixed,
                "it was 'too late' for negotiations",
                "Donald Trump",
                "President Trump",
            ),
            rec(
                "003",
                Kind::Mixed,
                "Iran's 'air defense, Air Force, Navy, and Leadership is gone'",
                "Donald Trump",
                "Trump",
            ),
            rec(
                "004",
                Kind::Indirect,
                "Tehran's willingness to negotiate but dismissed it as too late",
                "Donald Trump",
                "President Donald Trump",
            ),
        ];
        let groups = compare(&records);
        assert_eq!(groups.len(), 2, "{groups:#?}");
        assert!(groups.iter().all(|g| g.speaker == "Donald Trump"));
        let late = &groups[0];
        assert_eq!(
            quotes(late),
            [
                ("000", records[0].quote.as_str()),
                ("000", TRUMP_DIRECT),
                ("003", records[2].quote.as_str()),
                ("004", records[4].quote.as_str()),
            ]
        );
        // 004 only paraphrases what 000 and 003 quote.
        assert!(late.differences.iter().any(|d| d.member == Some(3)
            && d.what
                == What::Other(Reported::Paraphrase {
                    quoted_in: vec!["000".into(), "003".into()]
                })));
        // 000's own paraphrase is not flagged: 000 also quotes the words.
        assert!(!late.differences.iter().any(|d| d.member == Some(0)));
        let air = &groups[1];
        assert_eq!(
            quotes(air),
            [("000", TRUMP_DIRECT), ("003", records[3].quote.as_str())]
        );
        let changes: Vec<&What> = air.differences.iter().map(|d| &d.what).collect();
        assert!(changes.contains(&&What::Words(Change::Dropped {
            words: "Their".into()
        })));
        assert!(air
            .differences
            .iter()
            .all(|d| d.member == Some(1) && d.reference == Some(0)));
    }

    #[test]
    fn the_same_words_from_two_people_are_two_statements() {
        let records = [
            rec(
                "000",
                Kind::Indirect,
                "negotiations with the US are out of the question",
                "Ali Bahreini",
                "Ali Bahreini",
            ),
            rec(
                "003",
                Kind::Indirect,
                "negotiations with the US are out of the question",
                "Esmaeil Baqaei",
                "Esmaeil Baqaei",
            ),
        ];
        let groups = compare(&records);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].speaker, "Ali Bahreini");
        assert_eq!(groups[1].speaker, "Esmaeil Baqaei");
    }

    #[test]
    fn a_paraphrase_must_share_the_quoted_words() {
        let records = [
            rec(
                "000",
                Kind::Mixed,
                "the US will have complete control of Iranian skies in 'under a week'",
                "Pete Hegseth",
                "Hegseth",
            ),
            rec(
                "003",
                Kind::Indirect,
                "air forces would soon have complete control of Iranian skies",
                "Pete Hegseth",
                "Hegseth",
            ),
        ];
        let groups = compare(&records);
        assert_eq!(groups.len(), 1);
        // 003 paraphrases 000's sentence, but not the words 000 quotes.
        assert!(groups[0].differences.is_empty(), "{:#?}", groups[0]);
    }

    #[test]
    fn different_statements_of_one_speaker_stay_apart() {
        let records = [
            rec(
                "a",
                Kind::Direct,
                "We are just getting started.",
                "Pete Hegseth",
                "Hegseth",
            ),
            rec(
                "b",
                Kind::Mixed,
                "the US would have control of Iranian skies in 'under a week'",
                "Pete Hegseth",
                "Hegseth",
            ),
        ];
        let groups = compare(&records);
        assert_eq!(groups.len(), 2);
        assert!(groups.iter().all(|g| g.differences.is_empty()));
    }

    #[test]
    fn title_differences_need_two_articles() {
        let mut a = rec(
            "a",
            Kind::Direct,
            "Control of the skies within a week",
            "Pete Hegseth",
            "Defense Secretary Pete Hegseth",
        );
        a.speaker.as_mut().unwrap().title = Some("Defense Secretary".into());
        let b = rec(
            "b",
            Kind::Direct,
            "control of the skies within a week",
            "Pete Hegseth",
            "US Secretary of War Pete Hegseth",
        );
        let c = rec(
            "a",
            Kind::Direct,
            "Unrelated words entirely here",
            "Pete Hegseth",
            "Hegseth",
        );
        let groups = compare(&[a, b, c]);
        assert_eq!(groups.len(), 2);
        let titles = Difference {
            member: None,
            doc: None,
            reference: None,
            what: What::Other(Reported::Titles),
        };
        assert!(groups[0].differences.contains(&titles));
        assert_eq!(groups[0].titles["b"], ["US Secretary of War"]);
        // The second group has one article only: its titles cannot differ,
        // and it shows only that article's titles.
        assert!(!groups[1].differences.contains(&titles));
        assert_eq!(groups[1].titles.keys().collect::<Vec<_>>(), ["a"]);
    }

    #[test]
    fn records_read_from_jsonl_or_a_json_array() {
        let r = rec("a", Kind::Direct, "We won.", "X Y", "Y");
        let line = serde_json::to_string(&r).unwrap();
        let (recs, errors) = read_records(&format!("{line}\n\nnot json\n{line}\n"));
        assert_eq!(recs.len(), 2);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
        let (recs, errors) = read_records(&format!("[{line},{line}]"));
        assert_eq!((recs.len(), errors.len()), (2, 0));
        let (recs, errors) = read_records("[{\"doc\": 1}]");
        assert!(recs.is_empty() && errors.len() == 1);
    }
}
