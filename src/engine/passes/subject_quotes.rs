//! Quotations of the sentence's subject: when the rules ask for it
//! (patterns.toml `subject_quotes = true`, as the German pack has it), a
//! quotation that no rule attributed, and that is no quoted name (see
//! [`super::name_quotes`]), is a direct quote of the speaker of its
//! sentence, when the sentence holds a speech verb's form (verbs.toml)
//! anywhere: the speaker of another draft found in that sentence, else the
//! subject of the sentence's main clause (read with
//! [`verb_second_subject`] on the sentence with its quotations masked, so
//! a quote's words are never taken for the subject). A sentence whose
//! subject names no one who speaks gives nothing. The quotation's opening
//! mark is the record's cue (rule `subject-quote`).
//!
//! German news annotation counts a quotation as the words of its
//! sentence's subject wherever the quotation stands ("Die Regierung hatte
//! den Bericht als „falsch“ zurückgewiesen", "Von einer „gezielten
//! Täuschung“ sprach der Abgeordnete"), where the patterns' word order
//! misses it. Off by default (the English rules), where a quoted phrase
//! the patterns did not attribute is no attribution. (Measured on the
//! German train split: with no speech verb in the sentence, such
//! quotations were as often names and titles as quotes.)
//!
//! ```text
//! Die Regierung hatte den Bericht als „völlig falsch“ zurückgewiesen.
//! → direct [völlig falsch] Die Regierung
//! ```

use crate::engine::doc::Doc;
use crate::engine::draft::Draft;
use crate::engine::speaker::read::{verb_second_subject, Mention};
use crate::engine::Range;
use crate::rules::RuleSet;
use rustc_hash::FxHashMap;

/// The rule id of the records this pass makes.
const RULE: &str = "subject-quote";

/// Adds a direct draft for every quotation left unattributed whose
/// sentence names a speaker.
pub(crate) fn run(rules: &RuleSet, doc: &Doc, drafts: &mut Vec<Draft>) {
    let text = doc.text;
    // the article with its quotations masked, built when first needed
    let mut masked: Option<String> = None;
    let mut added = Vec::new();
    // what every quotation asks of the drafts, indexed once (a long
    // article has many of both)
    let taken = Taken::new(drafts);
    let mut first_speaker: FxHashMap<(usize, usize), &Mention> = FxHashMap::default();
    for d in drafts.iter() {
        if let Some(m) = &d.speaker {
            first_speaker.entry(d.found_in).or_insert(m);
        }
    }
    for para in doc.paras.iter().filter(|p| !p.boilerplate) {
        for (si, &(ss, se)) in para.sentences.iter().enumerate() {
            // whether the sentence holds a speech verb's form, read once
            // when a quotation first needs it
            let mut has_verb: Option<bool> = None;
            for q in para.masked.quotes_in(ss, se) {
                let inner = &text[q.inner.0..q.inner.1];
                if !q.double
                    || !q.closed
                    || inner.trim().is_empty()
                    || taken.overlaps(q.inner)
                    || (rules.quoted_names_max_words > 0
                        && super::name_quotes::is_name(inner, rules.quoted_names_max_words))
                {
                    continue;
                }
                // the sentence holds a speech verb's form somewhere
                if !*has_verb.get_or_insert_with(|| {
                    text[ss..se]
                        .split(|c: char| !c.is_alphanumeric())
                        .any(|w| rules.verb(&w.to_lowercase()).is_some())
                }) {
                    continue;
                }
                let same = first_speaker.get(&(para.index, si)).map(|&m| m.clone());
                let speaker = match same {
                    Some(m) => Some(m),
                    None => {
                        let m = masked.get_or_insert_with(|| masked_text(doc));
                        verb_second_subject(rules, m, ss, se)
                            // a name holding a masked quotation reads badly
                            .filter(|s| !s.name.bytes().any(|b| b < 0x04))
                    }
                };
                if let Some(speaker) = speaker {
                    added.push(Draft::direct(
                        q.inner,
                        speaker,
                        (q.outer.0, q.inner.0),
                        RULE,
                        (para.index, si),
                    ));
                }
            }
        }
    }
    super::add_in_text_order(drafts, added);
}

/// The byte ranges the drafts already hold: their contents and their
/// speakers' mentions (a quotation in a speaker's name, "der Vertreter der
/// „Firma AG“", is taken too), sorted by start, with the furthest end
/// among each range and those before it.
struct Taken {
    starts: Vec<usize>,
    furthest_end: Vec<usize>,
}

impl Taken {
    fn new(drafts: &[Draft]) -> Taken {
        Taken::of(
            drafts
                .iter()
                .flat_map(|d| {
                    d.spans
                        .iter()
                        .copied()
                        .chain(d.speaker.iter().map(|m| m.span))
                })
                .collect(),
        )
    }

    fn of(mut ranges: Vec<Range>) -> Taken {
        ranges.sort_unstable();
        let mut end = 0;
        let furthest_end = ranges
            .iter()
            .map(|r| {
                end = end.max(r.1);
                end
            })
            .collect();
        Taken {
            starts: ranges.iter().map(|r| r.0).collect(),
            furthest_end,
        }
    }

    /// Whether any range shares a byte with `r` ([`overlaps`]): one that
    /// starts before `r` ends and ends after `r` starts.
    fn overlaps(&self, r: Range) -> bool {
        let before_end = self.starts.partition_point(|&s| s < r.1);
        before_end
            .checked_sub(1)
            .is_some_and(|k| self.furthest_end[k] > r.0)
    }
}

/// The article's text with every paragraph's quotations masked (the masks
/// keep every offset).
fn masked_text(doc: &Doc) -> String {
    let mut out = String::with_capacity(doc.text.len());
    let mut at = 0;
    for p in &doc.paras {
        let span = p.span();
        out.push_str(&doc.text[at..span.start]);
        out.push_str(&p.masked.text);
        at = span.end;
    }
    out.push_str(&doc.text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use crate::engine::doc::Doc;
    use crate::rules::{Lang, Source};
    use crate::RuleSet;

    /// The index answers as a look at every range would, on ranges
    /// empty, nested, touching and apart.
    #[test]
    fn the_taken_index_agrees_with_a_look_at_every_range() {
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % n) as usize
        };
        for _ in 0..200 {
            let ranges: Vec<(usize, usize)> = (0..next(8))
                .map(|_| {
                    let s = next(40);
                    (s, s + next(12))
                })
                .collect();
            let taken = super::Taken::of(ranges.clone());
            for s in 0..45 {
                for len in 0..6 {
                    let q = (s, s + len);
                    let slow = ranges.iter().any(|&r| crate::engine::overlaps(r, q));
                    assert_eq!(taken.overlaps(q), slow, "{ranges:?} {q:?}");
                }
            }
        }
    }

    /// The direct drafts of `text`: (speaker, content).
    fn direct(rules: &RuleSet, text: &str) -> Vec<(String, String)> {
        let doc = Doc::new(rules, text);
        crate::engine::drafts(rules, &doc)
            .iter()
            .filter(|d| d.kind == crate::record::Kind::Direct)
            .map(|d| {
                let who = d.speaker.as_ref().map_or(String::new(), |m| m.name.clone());
                (who, text[d.spans[0].0..d.spans[0].1].to_string())
            })
            .collect()
    }

    #[test]
    fn the_german_rules_give_a_lone_quotation_to_the_subject() {
        let rules = RuleSet::load_lang(Source::Embedded, Lang::De).unwrap();
        assert!(rules.subject_quotes);
        let got = direct(
            &rules,
            "Die Regierung hatte den Bericht als „völlig falsch“ zurückgewiesen.",
        );
        assert_eq!(
            got,
            [("Die Regierung".to_string(), "völlig falsch".to_string())]
        );
        // the subject after the verb
        let got = direct(
            &rules,
            "Von einer „gezielten Täuschung“ sprach der Abgeordnete Karl Brandt.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].0.ends_with("Karl Brandt"), "{got:?}");
        // a quoted name, and a subject that names no speaker, give nothing
        assert!(direct(
            &rules,
            "Die Zeitung „Berliner Morgenpost“ erscheint täglich."
        )
        .is_empty());
        assert!(direct(
            &rules,
            "Die Brücke wurde als „kaum noch sicher“ eingestuft."
        )
        .is_empty());
    }

    #[test]
    fn the_english_rules_leave_it_alone() {
        let rules = RuleSet::embedded().unwrap();
        assert!(!rules.subject_quotes);
        let got = direct(
            &rules,
            "The council called the plan \"a costly mistake\" on Monday.",
        );
        assert!(got.is_empty(), "{got:?}");
    }
}
