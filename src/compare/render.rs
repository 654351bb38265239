//! Rendering compare groups: an aligned text table (the default), JSON (a
//! list of groups) and CSV (one row per version).

use super::diff::{Change, Edge};
use super::{Difference, Group, Reported, What};
use crate::output::csv_safe;
use std::fmt::Write as _;
use std::io;

/// Output formats for `whosaid compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareFormat {
    /// Text for people: speakers, groups, numbered versions, differences.
    Table,
    /// A list of groups.
    Json,
    /// One row per version.
    Csv,
    /// A self-contained HTML page: see [`super::html`].
    Html,
}

/// The article name to show: the file name without directories or extension.
pub fn short_doc(doc: &str) -> &str {
    let name = doc.rsplit(['/', '\\']).next().unwrap_or(doc);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    }
}

/// One line describing a difference, without the member numbers.
pub fn describe(d: &Difference) -> String {
    match &d.what {
        What::Words(c) => match c {
            Change::Case { from, to } => format!("case: \"{from}\" → \"{to}\""),
            Change::Inserted { words } => format!("inserts \"{words}\""),
            Change::Dropped { words } => format!("drops \"{words}\""),
            Change::Changed { from, to } => format!("changes \"{from}\" → \"{to}\""),
            Change::Ellipsis { omitted } => format!("puts an ellipsis for \"{omitted}\""),
            Change::Truncated { at, omitted } => {
                let end = match at {
                    Edge::Start => "start",
                    Edge::End => "end",
                };
                format!("quotes only part, leaving out the {end}: \"{omitted}\"")
            }
        },
        What::Other(Reported::Paraphrase { quoted_in }) => {
            let docs: Vec<&str> = quoted_in.iter().map(|d| short_doc(d)).collect();
            let verb = if docs.len() == 1 { "quotes" } else { "quote" };
            format!("gives as paraphrase what {} {verb}", docs.join(", "))
        }
        What::Other(Reported::Titles) => "the articles give different titles".to_string(),
    }
}

/// The group as a human-readable block. Members are numbered from 1;
/// differences name the member and the one it is compared with.
fn table_group(out: &mut String, number: usize, group: &Group) {
    let docs: std::collections::BTreeSet<&str> =
        group.members.iter().map(|m| m.doc.as_str()).collect();
    let _ = writeln!(
        out,
        "  #{number}  {} version{}, {} article{}",
        group.members.len(),
        plural(group.members.len()),
        docs.len(),
        plural(docs.len())
    );
    if !group.titles.is_empty() {
        let parts: Vec<String> = group
            .titles
            .iter()
            .map(|(doc, ts)| format!("{} has {}", short_doc(doc), ts.join(", ")))
            .collect();
        let _ = writeln!(out, "    titles: {}", parts.join("; "));
    }
    let width = group
        .members
        .iter()
        .map(|m| short_doc(&m.doc).chars().count())
        .max()
        .unwrap_or(0);
    for (i, m) in group.members.iter().enumerate() {
        let mut source = short_doc(&m.doc).to_string();
        if let Some(o) = &m.outlet {
            let _ = write!(source, " ({o})");
        }
        let _ = write!(
            out,
            "    [{}] {source:<width$}  {:<8}  \"{}\"",
            i + 1,
            m.kind.as_str(),
            m.quote
        );
        if let Some(v) = &m.via {
            let _ = write!(out, "  via {v}");
        }
        out.push('\n');
    }
    if !group.differences.is_empty() {
        out.push_str("    differences:\n");
        for d in &group.differences {
            let who = d.members_label();
            let _ = writeln!(out, "      {who}{}", describe(d));
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Renders groups as a text table: each speaker once, then their groups.
pub fn table(groups: &[Group]) -> String {
    let mut out = String::new();
    let mut current: Option<&str> = None;
    for (n, g) in groups.iter().enumerate() {
        if current != Some(g.speaker.as_str()) {
            if current.is_some() {
                out.push('\n');
            }
            let _ = writeln!(out, "{}", g.speaker);
            current = Some(&g.speaker);
        }
        table_group(&mut out, n + 1, g);
    }
    if groups.is_empty() {
        out.push_str("no statements to compare\n");
    }
    out
}

/// The CSV columns, one row per version.
pub const CSV_HEADER: [&str; 13] = [
    "group",
    "speaker",
    "member",
    "doc",
    "outlet",
    "kind",
    "mention",
    "quote",
    "start",
    "end",
    "via",
    "titles",
    "differences",
];

/// Renders groups as CSV: one row per version, with that version's
/// differences, and the group's, joined by `; `.
pub fn csv(groups: &[Group]) -> io::Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER).map_err(io::Error::other)?;
    for (n, g) in groups.iter().enumerate() {
        for (i, m) in g.members.iter().enumerate() {
            let diffs: Vec<String> = g
                .differences
                .iter()
                // The member's own differences and the group's (titles).
                .filter(|d| d.member == Some(i) || d.member.is_none())
                .map(|d| match d.reference {
                    Some(r) => format!("vs {}: {}", r + 1, describe(d)),
                    None => describe(d),
                })
                .collect();
            let titles = g
                .titles
                .get(&m.doc)
                .map(|t| t.join("; "))
                .unwrap_or_default();
            let row = [
                (n + 1).to_string(),
                g.speaker.clone(),
                (i + 1).to_string(),
                m.doc.clone(),
                m.outlet.clone().unwrap_or_default(),
                m.kind.as_str().to_string(),
                m.mention.clone(),
                m.quote.clone(),
                m.spans
                    .first()
                    .map(|s| s[0].to_string())
                    .unwrap_or_default(),
                m.spans.last().map(|s| s[1].to_string()).unwrap_or_default(),
                m.via.clone().unwrap_or_default(),
                titles,
                diffs.join("; "),
            ];
            w.write_record(row.iter().map(|c| csv_safe(c).into_owned()))
                .map_err(io::Error::other)?;
        }
    }
    let buf = w
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    String::from_utf8(buf).map_err(io::Error::other)
}

/// Renders groups as a pretty-printed JSON list.
pub fn json(groups: &[Group]) -> io::Result<String> {
    let mut s = serde_json::to_string_pretty(groups)?;
    s.push('\n');
    Ok(s)
}

/// Renders groups in one format.
pub fn render(groups: &[Group], format: CompareFormat) -> io::Result<String> {
    match format {
        CompareFormat::Table => Ok(table(groups)),
        CompareFormat::Json => json(groups),
        CompareFormat::Csv => csv(groups),
        CompareFormat::Html => Ok(super::html::page(groups)),
    }
}
