//! Word-level differences between two verbatim versions of a quote.
//!
//! Both texts are cut into word tokens (and ellipsis tokens), aligned on
//! their lower-case forms with the `similar` crate, and the alignment is read
//! back as the changes a fact-checker looks for: case, inserted, dropped or
//! changed words, ellipses, and truncation. Punctuation is not compared.
//!
//! The reference text is also cut into segments: clauses (at `,` `;` `:`),
//! sentences and nested quotations. A version that leaves out whole
//! segments before or after the part it quotes is *truncated*; words missing
//! inside a segment it quotes are *dropped* ("Their air defense" quoted as
//! "air defense" drops "Their").

use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// One word (or ellipsis) of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// Where the token starts in the text (a byte offset).
    pub start: usize,
    /// Where it ends (a byte offset, exclusive).
    pub end: usize,
    /// What the alignment compares: lower case, straight apostrophes; `…`
    /// for any ellipsis.
    pub key: String,
    /// The clause, sentence or nested quotation the token is in, from 0.
    pub segment: usize,
}

impl Token {
    fn is_ellipsis(&self) -> bool {
        self.key == "…"
    }
}

/// Which end of the reference a truncated version leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Edge {
    /// Words before the quoted part are left out.
    Start,
    /// Words after the quoted part are left out.
    End,
}

/// One difference of a version from the reference. Texts are cut from the
/// two inputs, punctuation between the words included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Change {
    /// The same words with different capitals.
    Case { from: String, to: String },
    /// Words the version has and the reference does not.
    Inserted { words: String },
    /// Words of the reference missing inside the part the version quotes.
    Dropped { words: String },
    /// Reference words replaced by other words.
    Changed { from: String, to: String },
    /// Reference words the version replaces with an ellipsis.
    Ellipsis { omitted: String },
    /// The version quotes only part of the reference: whole clauses,
    /// sentences or nested quotations at one end are left out.
    Truncated { at: Edge, omitted: String },
}

/// Cuts a text into word and ellipsis tokens. Segments change after a
/// clause or sentence end and at every quotation mark (an apostrophe
/// between two letters is not one).
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut segment = 0;
    let mut pending_break = false;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (b, c) = chars[i];
        if c.is_alphanumeric() {
            let mut j = i + 1;
            while j < chars.len() {
                let cj = chars[j].1;
                let inner = matches!(cj, '\'' | '’' | '-')
                    && chars.get(j + 1).is_some_and(|&(_, n)| n.is_alphanumeric());
                if cj.is_alphanumeric() || inner {
                    j += 1;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(text.len(), |&(e, _)| e);
            if pending_break {
                segment += 1;
                pending_break = false;
            }
            out.push(Token {
                start: b,
                end,
                key: text[b..end].to_lowercase().replace('’', "'"),
                segment,
            });
            i = j;
            continue;
        }
        if c == '…' || (c == '.' && text[b..].starts_with("...")) {
            let len = if c == '…' { c.len_utf8() } else { 3 };
            if pending_break {
                segment += 1;
                pending_break = false;
            }
            out.push(Token {
                start: b,
                end: b + len,
                key: "…".to_string(),
                segment,
            });
            i += if c == '…' { 1 } else { 3 };
            continue;
        }
        if matches!(c, '.' | '!' | '?' | ',' | ';' | ':') || is_quote_mark(&chars, i) {
            pending_break = !out.is_empty();
        }
        i += 1;
    }
    out
}

fn is_quote_mark(chars: &[(usize, char)], i: usize) -> bool {
    match chars[i].1 {
        '"' | '“' | '”' | '‘' | '«' | '»' | '„' => true,
        '\'' | '’' => {
            let letter = |k: Option<&(usize, char)>| k.is_some_and(|&(_, c)| c.is_alphanumeric());
            !(i > 0 && letter(chars.get(i - 1)) && letter(chars.get(i + 1)))
        }
        _ => false,
    }
}

/// The differences of `version` from `reference`, or `None` when the two
/// do not align: fewer than half of the version's words are found, in
/// order, in the reference (two different fragments of one paraphrase).
///
/// The version is first aligned with the whole reference to find the
/// segments it quotes; segments before and after them are reported as
/// truncation, and the version is then compared word by word with the
/// quoted segments only, so a short version of a long quote is not read as
/// the long text "changed" into the short one.
pub fn word_diff(reference: &str, version: &str) -> Option<Vec<Change>> {
    let all = tokenize(reference);
    let new = tokenize(version);
    let matched: Vec<usize> = align(&all, &new)
        .iter()
        .filter_map(|op| match *op {
            DiffOp::Equal { old_index, len, .. } => Some(old_index..old_index + len),
            _ => None,
        })
        .flatten()
        .filter(|&k| !all[k].is_ellipsis())
        .collect();
    let version_words = new.iter().filter(|t| !t.is_ellipsis()).count();
    let (&first, &last) = (matched.first()?, matched.last()?);
    if matched.len() * 2 < version_words {
        return None;
    }
    // The alignment may pick a repeated word far away ("build the wall. …
    // a real wall"): narrow the segments while the match count holds.
    let window = |lo_seg: usize, hi_seg: usize| {
        let lo = all.iter().position(|t| t.segment >= lo_seg).unwrap_or(0);
        let hi = all
            .iter()
            .rposition(|t| t.segment <= hi_seg)
            .map_or(all.len(), |k| k + 1);
        (lo, hi)
    };
    let matches = |lo_seg: usize, hi_seg: usize| {
        let (lo, hi) = window(lo_seg, hi_seg);
        let part = &all[lo..hi];
        align(part, &new)
            .iter()
            .map(|op| match *op {
                DiffOp::Equal { old_index, len, .. } => part[old_index..old_index + len]
                    .iter()
                    .filter(|t| !t.is_ellipsis())
                    .count(),
                _ => 0,
            })
            .sum::<usize>()
    };
    let (mut first_seg, mut last_seg) = (all[first].segment, all[last].segment);
    let best = matches(first_seg, last_seg);
    while last_seg > first_seg && matches(first_seg, last_seg - 1) == best {
        last_seg -= 1;
    }
    while first_seg < last_seg && matches(first_seg + 1, last_seg) == best {
        first_seg += 1;
    }
    let (lo, hi) = window(first_seg, last_seg);

    let mut changes = Vec::new();
    if lo > 0 {
        changes.push(Change::Truncated {
            at: Edge::Start,
            omitted: reference[all[0].start..all[lo - 1].end].to_string(),
        });
    }
    compare_window(&all[lo..hi], reference, &new, version, &mut changes);
    if hi < all.len() {
        // Keep the closing punctuation ("… I said 'Too late!'"), so the
        // cut reads as it was said.
        changes.push(Change::Truncated {
            at: Edge::End,
            omitted: reference[all[hi].start..reference.trim_end().len()].to_string(),
        });
    }
    Some(changes)
}

/// Aligns two token lists on their keys.
pub(crate) fn align(old: &[Token], new: &[Token]) -> Vec<DiffOp> {
    let old_keys: Vec<&str> = old.iter().map(|t| t.key.as_str()).collect();
    let new_keys: Vec<&str> = new.iter().map(|t| t.key.as_str()).collect();
    capture_diff_slices(Algorithm::Myers, &old_keys, &new_keys)
}

/// The text from the first to the last of some tokens.
pub(crate) fn cut(toks: &[Token], text: &str) -> String {
    match (toks.first(), toks.last()) {
        (Some(a), Some(b)) => text[a.start..b.end].to_string(),
        _ => String::new(),
    }
}

/// Word-level changes between the quoted part of the reference and the
/// version: runs of case changes, and inserted, dropped, changed and
/// ellipsised words.
fn compare_window(
    old: &[Token],
    reference: &str,
    new: &[Token],
    version: &str,
    changes: &mut Vec<Change>,
) {
    let mut case_run: Option<(usize, usize, usize)> = None; // old start, new start, len
    let flush = |run: &mut Option<(usize, usize, usize)>, changes: &mut Vec<Change>| {
        if let Some((o, n, len)) = run.take() {
            changes.push(Change::Case {
                from: cut(&old[o..o + len], reference),
                to: cut(&new[n..n + len], version),
            });
        }
    };
    for op in align(old, new) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    let (o, n) = (&old[old_index + k], &new[new_index + k]);
                    let same = reference[o.start..o.end] == version[n.start..n.end];
                    match (&mut case_run, same) {
                        (Some((_, _, l)), false) => *l += 1,
                        (None, false) => case_run = Some((old_index + k, new_index + k, 1)),
                        (_, true) => flush(&mut case_run, changes),
                    }
                }
            }
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                flush(&mut case_run, changes);
                let gone = &old[old_index..old_index + old_len];
                if !gone.iter().all(Token::is_ellipsis) {
                    changes.push(Change::Dropped {
                        words: cut(gone, reference),
                    });
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                flush(&mut case_run, changes);
                let added = &new[new_index..new_index + new_len];
                if !added.iter().all(Token::is_ellipsis) {
                    changes.push(Change::Inserted {
                        words: cut(added, version),
                    });
                }
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                flush(&mut case_run, changes);
                let gone = &old[old_index..old_index + old_len];
                let added = &new[new_index..new_index + new_len];
                if added.iter().all(Token::is_ellipsis) {
                    changes.push(Change::Ellipsis {
                        omitted: cut(gone, reference),
                    });
                } else if gone.iter().all(Token::is_ellipsis) {
                    changes.push(Change::Inserted {
                        words: cut(added, version),
                    });
                } else {
                    changes.push(Change::Changed {
                        from: cut(gone, reference),
                        to: cut(added, version),
                    });
                }
            }
        }
    }
    flush(&mut case_run, changes);
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = "Their air defense, air force, navy, and leadership is gone. They want to talk. I said 'Too late!'";

    #[test]
    fn tokens_carry_segments_and_ellipses() {
        let t = tokenize("We won...they lost. I said 'No' and left, sadly");
        let keys: Vec<&str> = t.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(
            keys,
            ["we", "won", "…", "they", "lost", "i", "said", "no", "and", "left", "sadly"]
        );
        let segs: Vec<usize> = t.iter().map(|t| t.segment).collect();
        assert_eq!(segs, [0, 0, 0, 0, 0, 1, 1, 2, 3, 3, 4]);
        // An apostrophe inside a word neither splits it nor starts a segment.
        let t = tokenize("Iran's 'air defense'");
        assert_eq!(t[0].key, "iran's");
        assert_eq!((t[0].segment, t[1].segment), (0, 1));
    }

    #[test]
    fn case_changes_dropped_word_and_truncation() {
        let changes =
            word_diff(FULL, "air defense, Air Force, Navy, and Leadership is gone").unwrap();
        assert_eq!(
            changes,
            vec![
                Change::Dropped {
                    words: "Their".into()
                },
                Change::Case {
                    from: "air force, navy".into(),
                    to: "Air Force, Navy".into()
                },
                Change::Case {
                    from: "leadership".into(),
                    to: "Leadership".into()
                },
                Change::Truncated {
                    at: Edge::End,
                    omitted: "They want to talk. I said 'Too late!'".into()
                },
            ]
        );
    }

    #[test]
    fn a_nested_quote_fragment_is_truncation_not_dropping() {
        let changes = word_diff(FULL, "too late").unwrap();
        assert_eq!(
            changes,
            vec![
                Change::Truncated {
                    at: Edge::Start,
                    omitted: "Their air defense, air force, navy, and leadership is gone. They want to talk. I said".into()
                },
                Change::Case {
                    from: "Too".into(),
                    to: "too".into()
                },
            ]
        );
    }

    #[test]
    fn inserted_changed_and_ellipsis() {
        let reference = "We will defend our country with every means we have";
        let changes = word_diff(reference, "We will defend our great nation ... we have").unwrap();
        assert_eq!(
            changes,
            vec![Change::Changed {
                from: "country with every means".into(),
                to: "great nation ...".into()
            },]
        );
        let changes =
            word_diff(reference, "We will always defend our country ... we have").unwrap();
        assert_eq!(
            changes,
            vec![
                Change::Inserted {
                    words: "always".into()
                },
                Change::Ellipsis {
                    omitted: "with every means".into()
                },
            ]
        );
    }

    #[test]
    fn a_short_version_is_compared_with_the_clause_it_quotes() {
        let reference = "You're going to have a deportation force. And I always say the wall, we're going to build the wall.";
        let changes = word_diff(reference, "Donald Trump will build the wall").unwrap();
        assert_eq!(
            changes,
            vec![
                Change::Truncated {
                    at: Edge::Start,
                    omitted: "You're going to have a deportation force. And I always say the wall"
                        .into()
                },
                Change::Changed {
                    from: "we're going to".into(),
                    to: "Donald Trump will".into()
                },
            ]
        );
    }

    #[test]
    fn a_repeated_word_does_not_stretch_the_quoted_part() {
        let reference = "We're going to build the wall. It's going to be a real wall.";
        let changes = word_diff(reference, "Donald Trump will build the wall").unwrap();
        assert_eq!(
            changes,
            vec![
                Change::Changed {
                    from: "We're going to".into(),
                    to: "Donald Trump will".into()
                },
                Change::Truncated {
                    at: Edge::End,
                    omitted: "It's going to be a real wall.".into()
                },
            ]
        );
    }

    #[test]
    fn filling_an_ellipsis_inserts_words() {
        let changes = word_diff(
            "The only language...is the language of defense.",
            "The only language we speak is the language of defense.",
        )
        .unwrap();
        assert_eq!(
            changes,
            vec![Change::Inserted {
                words: "we speak".into()
            }]
        );
    }

    #[test]
    fn every_exact_fragment_differs_only_by_leaving_words_out() {
        let tokens = tokenize(FULL);
        for i in 0..tokens.len() {
            for j in i + 1..=tokens.len() {
                let fragment = &FULL[tokens[i].start..tokens[j - 1].end];
                let changes = word_diff(FULL, fragment).unwrap();
                for c in &changes {
                    assert!(
                        matches!(c, Change::Truncated { .. } | Change::Dropped { .. }),
                        "{fragment:?}: {c:?}"
                    );
                }
                // Nothing is left out when the fragment is the whole text.
                assert_eq!(
                    changes.is_empty(),
                    i == 0 && j == tokens.len(),
                    "{fragment:?}"
                );
            }
        }
    }

    #[test]
    fn identical_versions_have_no_differences() {
        assert_eq!(word_diff(FULL, FULL), Some(vec![]));
        // Punctuation alone is not a difference.
        assert_eq!(
            word_diff("gone, they said", "gone they said!"),
            Some(vec![])
        );
    }

    #[test]
    fn unrelated_fragments_do_not_align() {
        assert_eq!(word_diff("under a week", "decisively"), None);
        assert_eq!(word_diff("under a week", ""), None);
    }
}
