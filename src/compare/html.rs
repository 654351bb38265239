//! `whosaid compare -f html`: each statement group as columns, one per
//! article, with the word-level differences of each version from the one it
//! is compared with marked in its text (changed, inserted, dropped, case,
//! ellipsis). Colours, the speaker panel and the record card are the HTML
//! report's ([`crate::output::html`]).

use super::diff::{align, cut, tokenize, Token};
use super::render::{describe, short_doc};
use super::{Group, Member, What};
use crate::output::html::{escape, escape_into, offsets, page_head, page_tail, Speakers};
use crate::record::Kind;
use crate::text::{quotations, Para};
use similar::DiffOp;
use std::fmt::Write as _;

/// One mark in a version's text: a range with a class and a note, or (for
/// dropped words) an insertion point with the words the version lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
struct WordMark {
    start: usize,
    end: usize,
    class: &'static str,
    note: String,
}

/// The byte ranges of a member's verbatim words: the whole quote of a
/// direct record, the quoted fragments of a mixed one.
fn verbatim_ranges(m: &Member) -> Vec<(usize, usize)> {
    match m.kind {
        Kind::Direct => vec![(0, m.quote.len())],
        Kind::Mixed => {
            let para = Para {
                start: 0,
                end: m.quote.len(),
            };
            quotations(&m.quote, para).iter().map(|q| q.inner).collect()
        }
        Kind::Indirect | Kind::Headline => Vec::new(),
    }
}

/// The tokens of a member's verbatim words.
fn verbatim_tokens(m: &Member) -> Vec<Token> {
    let ranges = verbatim_ranges(m);
    tokenize(&m.quote)
        .into_iter()
        .filter(|t| ranges.iter().any(|&(a, b)| a <= t.start && t.end <= b))
        .collect()
}

/// The marks of `version` against `reference`: word by word over their
/// verbatim parts, within the stretch of the reference the version quotes
/// (words outside it are left out, not dropped: the differences list says
/// so as truncation).
fn word_marks(reference: &Member, version: &Member) -> Vec<WordMark> {
    let old = verbatim_tokens(reference);
    let new = verbatim_tokens(version);
    let ops = align(&old, &new);
    let equal = |op: &DiffOp| matches!(op, DiffOp::Equal { .. });
    let (Some(first), Some(last)) = (ops.iter().position(equal), ops.iter().rposition(equal))
    else {
        return Vec::new();
    };
    let pair = Pair {
        old: &old,
        new: &new,
        rtext: &reference.quote,
        vtext: &version.quote,
    };
    let mut marks = Vec::new();
    for op in &ops[first..=last] {
        pair.op_marks(op, &mut marks);
    }
    pair.edge_drops(&ops, (first, last), &mut marks);
    marks.sort_by_key(|m| (m.start, m.end));
    marks
}

/// A reference and a version, as verbatim tokens and texts.
struct Pair<'a> {
    old: &'a [Token],
    new: &'a [Token],
    rtext: &'a str,
    vtext: &'a str,
}

fn is_ellipsis(t: &Token) -> bool {
    t.key == "…"
}

impl Pair<'_> {
    /// The marks one step of the alignment makes, pushed to `marks`.
    fn op_marks(&self, op: &DiffOp, marks: &mut Vec<WordMark>) {
        let (old, new, rtext, vtext) = (self.old, self.new, self.rtext, self.vtext);
        match *op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for k in 0..len {
                    let (o, n) = (&old[old_index + k], &new[new_index + k]);
                    if rtext[o.start..o.end] != vtext[n.start..n.end] {
                        marks.push(WordMark {
                            start: n.start,
                            end: n.end,
                            class: "w-case",
                            note: format!("case: was \"{}\"", &rtext[o.start..o.end]),
                        });
                    }
                }
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                let added = &new[new_index..new_index + new_len];
                if let (Some(a), Some(b)) = (added.first(), added.last()) {
                    let all_ell = added.iter().all(is_ellipsis);
                    marks.push(WordMark {
                        start: a.start,
                        end: b.end,
                        class: if all_ell { "w-ell" } else { "w-ins" },
                        note: if all_ell {
                            "an ellipsis".to_string()
                        } else {
                            "inserted".to_string()
                        },
                    });
                }
            }
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => {
                let gone = &old[old_index..old_index + old_len];
                if gone.iter().all(is_ellipsis) {
                    return;
                }
                let at = new.get(new_index).map_or(vtext.len(), |t| t.start);
                let at = new
                    .get(new_index.wrapping_sub(1))
                    .filter(|_| new_index > 0)
                    .map_or(at, |t| t.end);
                marks.push(WordMark {
                    start: at,
                    end: at,
                    class: "w-drop",
                    note: cut(gone, rtext),
                });
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let gone = &old[old_index..old_index + old_len];
                let added = &new[new_index..new_index + new_len];
                if let (Some(a), Some(b)) = (added.first(), added.last()) {
                    let all_ell = added.iter().all(is_ellipsis);
                    marks.push(WordMark {
                        start: a.start,
                        end: b.end,
                        class: if all_ell { "w-ell" } else { "w-chg" },
                        note: if all_ell {
                            format!("an ellipsis for \"{}\"", cut(gone, rtext))
                        } else {
                            format!("changed: was \"{}\"", cut(gone, rtext))
                        },
                    });
                }
            }
        }
    }

    /// Words missing at either end of the quoted stretch (the steps
    /// `first..=last` of `ops`, each end an equal step) but inside its
    /// first or last clause are dropped, not left out ("Their air defense"
    /// quoted as "air defense"), as the differences list says.
    fn edge_drops(&self, ops: &[DiffOp], (first, last): (usize, usize), marks: &mut Vec<WordMark>) {
        let (old, new, vtext) = (self.old, self.new, self.vtext);
        let first_old = match ops[first] {
            DiffOp::Equal { old_index, .. } => old.get(old_index).map(|t| t.segment),
            _ => None,
        };
        let last_old = match ops[last] {
            DiffOp::Equal { old_index, len, .. } => old.get(old_index + len - 1).map(|t| t.segment),
            _ => None,
        };
        let (v_first, v_last) = match (ops[first], ops[last]) {
            (
                DiffOp::Equal { new_index: a, .. },
                DiffOp::Equal {
                    new_index: b, len, ..
                },
            ) => (
                new.get(a).map_or(0, |t| t.start),
                new.get(b + len - 1).map_or(vtext.len(), |t| t.end),
            ),
            _ => (0, vtext.len()),
        };
        if first > 0 {
            marks.extend(self.edge_drop(ops.get(first - 1), first_old, v_first));
        }
        marks.extend(self.edge_drop(ops.get(last + 1), last_old, v_last));
    }

    /// The drop mark at `at` for the words of clause `seg` that the
    /// deletion `op` takes out, if there are any.
    fn edge_drop(&self, op: Option<&DiffOp>, seg: Option<usize>, at: usize) -> Option<WordMark> {
        let (
            Some(&DiffOp::Delete {
                old_index, old_len, ..
            }),
            Some(seg),
        ) = (op, seg)
        else {
            return None;
        };
        let gone: Vec<Token> = self.old[old_index..old_index + old_len]
            .iter()
            .filter(|t| t.segment == seg && !is_ellipsis(t))
            .cloned()
            .collect();
        (!gone.is_empty()).then(|| WordMark {
            start: at,
            end: at,
            class: "w-drop",
            note: cut(&gone, self.rtext),
        })
    }
}

/// Writes a version's text with its word marks.
fn marked_quote(out: &mut String, text: &str, marks: &[WordMark]) {
    let mut pos = 0;
    for m in marks {
        if m.start < pos || !text.is_char_boundary(m.start) || !text.is_char_boundary(m.end) {
            continue;
        }
        escape_into(out, &text[pos..m.start]);
        if m.class == "w-drop" {
            let _ = write!(
                out,
                "<del class=\"w-drop\" title=\"dropped\">{}</del>",
                escape(&m.note)
            );
        } else {
            let _ = write!(
                out,
                "<span class=\"{}\" title=\"{}\">{}</span>",
                m.class,
                escape(&m.note),
                escape(&text[m.start..m.end])
            );
        }
        pos = m.end;
    }
    escape_into(out, &text[pos..]);
}

/// The whole compare page.
pub fn page(groups: &[Group]) -> String {
    let mut out = String::new();
    page_head(&mut out, "whosaid compare");
    out.push_str(
        "<main id=\"report\">\n<h1>Statements side by side</h1>\n<p class=\"legend\">\
         Marked against the version each one is compared with: \
         <span class=\"w-chg\">changed</span> \
         <span class=\"w-ins\">inserted</span> \
         <del class=\"w-drop\">dropped</del> \
         <span class=\"w-case\">case</span> \
         <span class=\"w-ell\">ellipsis</span> · hover or focus a version for its record</p>\n",
    );
    let mut speakers = Speakers::default();
    let mut data = Vec::new();
    for (n, g) in groups.iter().enumerate() {
        group_section(&mut out, n, g, &mut speakers, &mut data);
    }
    if groups.is_empty() {
        out.push_str("<p class=\"empty\">No statements to compare.</p>\n");
    }
    out.push_str("</main>\n");
    page_tail(&mut out, &speakers, &data, "statements");
    out
}

/// One statement group's section: its speaker, titles, a column per
/// article with each version marked, and the differences; each version's
/// record goes to `data`.
fn group_section(
    out: &mut String,
    n: usize,
    g: &Group,
    speakers: &mut Speakers,
    data: &mut Vec<serde_json::Value>,
) {
    let mut s_index = 0;
    for _ in &g.members {
        s_index = speakers.count(&g.speaker);
    }
    let hue = speakers.list.get(s_index).map_or(0, |s| s.hue);
    let docs: Vec<&str> = {
        let mut seen = Vec::new();
        for m in &g.members {
            if !seen.contains(&m.doc.as_str()) {
                seen.push(m.doc.as_str());
            }
        }
        seen
    };
    let _ = write!(
        out,
        "<section class=\"group\" id=\"g{}\">\n<h2><span class=\"who\" style=\"--h:{hue}\">{}</span> \
         <small>#{} · {} version{}, {} article{}</small></h2>\n",
        n + 1,
        escape(&g.speaker),
        n + 1,
        g.members.len(),
        if g.members.len() == 1 { "" } else { "s" },
        docs.len(),
        if docs.len() == 1 { "" } else { "s" },
    );
    if !g.titles.is_empty() {
        let parts: Vec<String> = g
            .titles
            .iter()
            .map(|(doc, ts)| format!("{} has {}", escape(short_doc(doc)), escape(&ts.join(", "))))
            .collect();
        let _ = writeln!(out, "<p class=\"titles\">titles: {}</p>", parts.join("; "));
    }
    let marks = member_marks(g);
    out.push_str("<div class=\"cols\">\n");
    for doc in &docs {
        let first = g.members.iter().find(|m| m.doc == *doc);
        out.push_str("<div class=\"col\">\n<h3>");
        match first.and_then(|m| m.outlet.as_deref()) {
            Some(o) => escape_into(out, o),
            None => escape_into(out, short_doc(doc)),
        }
        let _ = writeln!(out, "<span class=\"doc\">{}</span></h3>", escape(doc));
        for (i, m) in g.members.iter().enumerate().filter(|(_, m)| m.doc == *doc) {
            let r = data.len();
            data.push(serde_json::json!({
                "speaker": g.speaker,
                "mention": m.mention,
                "kind": m.kind.as_str(),
                "via": m.via,
                "offsets": offsets(&m.spans),
                "outlet": m.outlet,
                "doc": m.doc,
            }));
            let _ = write!(
                out,
                "<div class=\"ver\"><span class=\"num\">[{}]</span><span class=\"kind\">{}</span>\
                 <mark class=\"q k-{}\" data-r=\"{r}\" data-s=\"{s_index}\" style=\"--h:{hue}\" tabindex=\"0\">",
                i + 1,
                m.kind.as_str(),
                m.kind.as_str()
            );
            marked_quote(out, &m.quote, &marks[i]);
            out.push_str("</mark>");
            if let Some(v) = &m.via {
                let _ = write!(out, " <span class=\"kind\">via {}</span>", escape(v));
            }
            out.push_str("</div>\n");
        }
        out.push_str("</div>\n");
    }
    out.push_str("</div>\n");
    differences_list(out, g);
    out.push_str("</section>\n");
}

/// Each member's marks against its reference, from its word differences.
fn member_marks(g: &Group) -> Vec<Vec<WordMark>> {
    (0..g.members.len())
        .map(|i| {
            let reference = g
                .differences
                .iter()
                .find_map(|d| match (&d.what, d.member) {
                    (What::Words(_), Some(m)) if m == i => d.reference,
                    _ => None,
                });
            match reference.and_then(|r| g.members.get(r)) {
                Some(r) => word_marks(r, &g.members[i]),
                None => Vec::new(),
            }
        })
        .collect()
}

/// The list of a group's differences, if it has any.
fn differences_list(out: &mut String, g: &Group) {
    if !g.differences.is_empty() {
        out.push_str("<ul class=\"diffs\">\n");
        for d in &g.differences {
            let who = d.members_label();
            let _ = writeln!(out, "<li>{}{}</li>", escape(&who), escape(&describe(d)));
        }
        out.push_str("</ul>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(kind: Kind, quote: &str) -> Member {
        Member {
            doc: "d".into(),
            kind,
            quote: quote.into(),
            spans: vec![[0, quote.len()]],
            via: None,
            outlet: None,
            mention: "x".into(),
        }
    }

    #[test]
    fn case_insert_drop_and_change_are_marked_in_the_version() {
        let r = member(Kind::Direct, "Their air defense is gone and done today.");
        let v = member(
            Kind::Direct,
            "air Defense is totally gone and finished today.",
        );
        let marks = word_marks(&r, &v);
        let classes: Vec<(&str, &str)> = marks
            .iter()
            .map(|m| (m.class, &v.quote[m.start..m.end]))
            .collect();
        assert!(classes.contains(&("w-case", "Defense")), "{classes:?}");
        assert!(classes.contains(&("w-ins", "totally")), "{classes:?}");
        assert!(classes.contains(&("w-chg", "finished")), "{classes:?}");
        // "Their" is missing inside the first clause the version quotes.
        assert!(
            marks
                .iter()
                .any(|m| m.class == "w-drop" && m.note == "Their"),
            "{marks:?}"
        );
        let mut html = String::new();
        marked_quote(&mut html, &v.quote, &marks);
        assert!(html.contains(
            "<span class=\"w-case\" title=\"case: was &quot;defense&quot;\">Defense</span>"
        ));
    }

    #[test]
    fn a_word_missing_inside_is_dropped_and_mixed_uses_its_quoted_words() {
        let r = member(Kind::Direct, "we will win this war soon");
        let v = member(Kind::Mixed, "he said they 'will win war soon' now");
        let marks = word_marks(&r, &v);
        let drops: Vec<(&str, &str)> = marks.iter().map(|m| (m.class, m.note.as_str())).collect();
        // "we" opens the clause the version quotes: dropped, as "this" inside.
        assert_eq!(drops, [("w-drop", "we"), ("w-drop", "this")]);
        assert_eq!(&v.quote[marks[1].start..], " war soon' now");
    }
}
