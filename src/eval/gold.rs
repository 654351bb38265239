//! Gold attributions for `whosaid eval`: the brat standoff reader (a folder
//! with `text/NAME.txt` and `attributions/NAME.ann`, as PolNeAR ships) and
//! the JSONL reader (one document per line, as `score.py` reads).
//!
//! Offsets in both formats are code point offsets and stay so here; the
//! scorer works in code points and converts whosaid's byte offsets.
//! The parsers are pure; [`load`] is the one function that reads files.

use serde::Deserialize;
use std::fmt;
use std::path::{Path, PathBuf};

use super::score::{merge, Seg};

/// One gold document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldDoc {
    /// The document id: the file name without `.txt` (brat) or the `id`
    /// field (JSONL).
    pub id: String,
    /// The text the offsets refer to.
    pub text: String,
    /// The annotated attributions, in scoring order.
    pub attributions: Vec<GoldAttribution>,
}

/// One annotated attribution. Segments are sorted `[start, end)` code point
/// ranges; a discontinuous span has several.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldAttribution {
    /// What was said.
    pub content: Vec<Seg>,
    /// Empty for an attribution without a source.
    pub source: Vec<Seg>,
    /// The words that mark the attribution (not scored).
    pub cue: Vec<Seg>,
    /// The source's words as annotated; `None` means "read them from the
    /// text at `source`".
    pub source_text: Option<String>,
    /// The annotated "direct" flag; `None` means "compute it from the
    /// quotation marks around the content".
    pub direct: Option<bool>,
}

/// A problem with one gold file, located as precisely as the format allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldError {
    /// The gold file.
    pub path: PathBuf,
    /// 1-based line, when the problem is on one line.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GoldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}: {}", self.path.display(), self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// What [`load`] read: the documents it could read, and an error for each
/// file (or line) it could not.
#[derive(Debug, Default)]
pub struct GoldCorpus {
    /// The documents read.
    pub docs: Vec<GoldDoc>,
    /// One entry per unreadable file or line.
    pub errors: Vec<GoldError>,
}

/// Reads a gold corpus: a directory is a brat corpus, a file is JSONL.
/// Unreadable files or lines are listed in `errors`; the rest is read.
pub fn load(path: &Path) -> GoldCorpus {
    if path.is_dir() {
        load_brat(path)
    } else {
        match std::fs::read_to_string(path) {
            Ok(s) => {
                let mut corpus = GoldCorpus::default();
                for (i, line) in s.lines().enumerate() {
                    if line.trim().is_empty() {
                        continue;
                    }
                    match parse_jsonl_line(line) {
                        Ok(doc) => corpus.docs.push(doc),
                        Err(message) => corpus.errors.push(GoldError {
                            path: path.to_path_buf(),
                            line: Some(i + 1),
                            message,
                        }),
                    }
                }
                reject_duplicate_ids(path, &mut corpus);
                corpus
            }
            Err(e) => GoldCorpus {
                docs: Vec::new(),
                errors: vec![GoldError {
                    path: path.to_path_buf(),
                    line: None,
                    message: format!("cannot read gold: {e}"),
                }],
            },
        }
    }
}

fn reject_duplicate_ids(path: &Path, corpus: &mut GoldCorpus) {
    let mut seen = std::collections::BTreeSet::new();
    let mut kept = Vec::with_capacity(corpus.docs.len());
    for doc in corpus.docs.drain(..) {
        if seen.insert(doc.id.clone()) {
            kept.push(doc);
        } else {
            corpus.errors.push(GoldError {
                path: path.to_path_buf(),
                line: None,
                message: format!("duplicate document id {:?} (later copy ignored)", doc.id),
            });
        }
    }
    corpus.docs = kept;
}

fn load_brat(dir: &Path) -> GoldCorpus {
    let mut corpus = GoldCorpus::default();
    let ann_dir = dir.join("attributions");
    let text_dir = dir.join("text");
    let fail = |path: &Path, message: String| GoldError {
        path: path.to_path_buf(),
        line: None,
        message,
    };
    let entries = match std::fs::read_dir(&ann_dir) {
        Ok(e) => e,
        Err(e) => {
            corpus.errors.push(fail(
                &ann_dir,
                format!(
                    "not a brat corpus (expected attributions/NAME.ann and text/NAME.txt): {e}"
                ),
            ));
            return corpus;
        }
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".ann").map(str::to_string)
        })
        .collect();
    names.sort();
    // A text with no .ann is reported, not scored as a document without
    // attributions: a lost .ann must not turn its quotes into false hits.
    if let Ok(texts) = std::fs::read_dir(&text_dir) {
        let mut lone: Vec<String> = texts
            .filter_map(Result::ok)
            .filter_map(|e| {
                let file = e.file_name().to_string_lossy().into_owned();
                file.strip_suffix(".txt").map(str::to_string)
            })
            .filter(|n| names.binary_search(n).is_err())
            .collect();
        lone.sort();
        for name in lone {
            corpus.errors.push(fail(
                &text_dir.join(format!("{name}.txt")),
                format!(
                    "no attributions/{name}.ann beside this text: left out of the score (give it an empty .ann to score it as a document without attributions)"
                ),
            ));
        }
    }
    for name in names {
        let ann_path = ann_dir.join(format!("{name}.ann"));
        let text_path = text_dir.join(format!("{name}.txt"));
        let text = match std::fs::read_to_string(&text_path) {
            Ok(t) => t,
            Err(e) => {
                corpus
                    .errors
                    .push(fail(&text_path, format!("cannot read the text: {e}")));
                continue;
            }
        };
        let ann = match std::fs::read_to_string(&ann_path) {
            Ok(a) => a,
            Err(e) => {
                corpus
                    .errors
                    .push(fail(&ann_path, format!("cannot read: {e}")));
                continue;
            }
        };
        match parse_brat(&text, &ann) {
            Ok(attributions) => corpus.docs.push(GoldDoc {
                id: name,
                text,
                attributions,
            }),
            Err(errs) => corpus
                .errors
                .extend(errs.into_iter().map(|(line, message)| GoldError {
                    path: ann_path.clone(),
                    line: Some(line),
                    message,
                })),
        }
    }
    corpus
}

/// A text-bound annotation's segments (its type is not needed: the
/// event's roles say what each span is).
struct TextBound {
    segs: Vec<Seg>,
}

/// Parses one brat `.ann` file against its text.
///
/// `T` lines give typed, possibly discontinuous spans (`s1 e1;s2 e2`); `E`
/// lines tie an attribution together from its trigger and its `Source`,
/// `Cue` and `Content` arguments (a numbered role such as `Content2` adds
/// to the same role). An attribution without a `Source` is a source-less
/// one; an event with no `Content` at all is skipped, as there is nothing
/// to match. Lines that are not annotations (the continuation of a span
/// text that holds a line break) and `#`, `A`, `R`, `N`, `M` lines are
/// ignored. Attributions come out ordered by content start, stable.
///
/// Errors are `(line, message)` pairs, one per bad line.
pub fn parse_brat(text: &str, ann: &str) -> Result<Vec<GoldAttribution>, Vec<(usize, String)>> {
    let n_chars = text.chars().count();
    let mut bounds: std::collections::HashMap<String, TextBound> = Default::default();
    // where each T id was defined: a second definition is an error
    let mut defined: std::collections::HashMap<String, usize> = Default::default();
    let mut events: Vec<(usize, Vec<(String, String)>)> = Vec::new();
    let mut errors = Vec::new();
    for (i, raw) in ann.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        let lineno = i + 1;
        let Some((id, rest)) = line.split_once('\t') else {
            continue; // blank, or the continuation of a multi-line span text
        };
        if !is_annotation_id(id) {
            continue;
        }
        if id.starts_with('T') {
            if let Some(first) = defined.get(id) {
                errors.push((
                    lineno,
                    format!("{id}: defined twice (first on line {first})"),
                ));
                continue;
            }
            defined.insert(id.to_string(), lineno);
            match parse_text_bound(rest, n_chars) {
                Ok(tb) => {
                    bounds.insert(id.to_string(), tb);
                }
                Err(m) => errors.push((lineno, format!("{id}: {m}"))),
            }
        } else if id.starts_with('E') {
            let args = rest
                .split_whitespace()
                .map(|a| match a.split_once(':') {
                    Some((role, target)) => Ok((role.to_string(), target.to_string())),
                    None => Err(format!("{id}: argument {a:?} is not ROLE:ID")),
                })
                .collect::<Result<Vec<_>, _>>();
            match args {
                Ok(a) if !a.is_empty() => events.push((lineno, a)),
                Ok(_) => errors.push((lineno, format!("{id}: event without arguments"))),
                Err(m) => errors.push((lineno, m)),
            }
        }
    }
    let mut out = Vec::new();
    for (lineno, args) in events {
        let mut content = Vec::new();
        let mut source = Vec::new();
        let mut cue = Vec::new();
        let mut ok = true;
        // the first argument is the trigger (Attribution:T4)
        for (role, target) in args.iter().skip(1) {
            let Some(tb) = bounds.get(target) else {
                errors.push((lineno, format!("{role}:{target} names no T annotation")));
                ok = false;
                continue;
            };
            match role.trim_end_matches(|c: char| c.is_ascii_digit()) {
                "Content" => content.extend_from_slice(&tb.segs),
                "Source" => source.extend_from_slice(&tb.segs),
                "Cue" => cue.extend_from_slice(&tb.segs),
                _ => {}
            }
        }
        if !ok || content.is_empty() {
            continue;
        }
        let source = merge(source);
        let source_text = (!source.is_empty()).then(|| slice_join(text, &source));
        out.push(GoldAttribution {
            content: merge(content),
            source,
            cue: merge(cue),
            source_text,
            direct: None,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    out.sort_by_key(|a| a.content.first().map_or(0, |s| s.0));
    Ok(out)
}

/// `T12`, `E3`, `#1`, `A2`, `R1`, `N1`, `M1`: a letter (or `#`) and digits.
fn is_annotation_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(
        chars.next(),
        Some('T' | 'E' | '#' | 'A' | 'R' | 'N' | 'M' | '*')
    ) && chars.all(|c| c.is_ascii_digit())
}

/// Parses `Type s1 e1;s2 e2\ttext` (the text is not needed: it is read
/// from the document).
fn parse_text_bound(rest: &str, n_chars: usize) -> Result<TextBound, String> {
    let head = rest.split('\t').next().unwrap_or("");
    let (_kind, offsets) = head
        .split_once(' ')
        .ok_or_else(|| format!("expected `Type start end`, found {head:?}"))?;
    let mut segs = Vec::new();
    for frag in offsets.split(';') {
        let nums: Vec<&str> = frag.split_whitespace().collect();
        let parsed = match nums.as_slice() {
            [s, e] => s.parse::<usize>().ok().zip(e.parse::<usize>().ok()),
            _ => None,
        };
        let Some((s, e)) = parsed else {
            return Err(format!("bad offsets {frag:?} (expected `start end`)"));
        };
        if s > e || e > n_chars {
            return Err(format!(
                "span {s} {e} is outside the text ({n_chars} characters)"
            ));
        }
        segs.push((s, e));
    }
    Ok(TextBound { segs })
}

/// The text of code point segments, joined with single spaces.
fn slice_join(text: &str, segs: &[Seg]) -> String {
    let chars: Vec<char> = text.chars().collect();
    segs.iter()
        .map(|&(s, e)| chars[s..e].iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Deserialize)]
struct JsonDoc {
    id: serde_json::Value,
    text: String,
    #[serde(default)]
    attributions: Vec<JsonAttribution>,
}

#[derive(Deserialize)]
struct JsonAttribution {
    #[serde(default)]
    source: Option<Vec<[usize; 2]>>,
    #[serde(default)]
    source_text: Option<String>,
    #[serde(default)]
    cue: Option<Vec<[usize; 2]>>,
    content: Vec<[usize; 2]>,
    #[serde(default)]
    direct: Option<bool>,
}

/// Parses one JSONL gold line: `{"id", "text", "attributions": [{"source":
/// [[s, e], ...], "source_text", "cue", "content", "content_text",
/// "direct"}]}` with code point offsets. Other fields are ignored.
/// Attributions keep their order.
pub fn parse_jsonl_line(line: &str) -> Result<GoldDoc, String> {
    let doc: JsonDoc = serde_json::from_str(line).map_err(|e| format!("bad gold document: {e}"))?;
    let id = match doc.id {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    let n = doc.text.chars().count();
    let check = |segs: &[[usize; 2]], what: &str, k: usize| -> Result<Vec<Seg>, String> {
        segs.iter()
            .map(|&[s, e]| {
                if s <= e && e <= n {
                    Ok((s, e))
                } else {
                    Err(format!(
                        "document {id:?}, attribution {k}: {what} span [{s}, {e}] is outside the text ({n} characters)"
                    ))
                }
            })
            .collect()
    };
    let mut attributions = Vec::with_capacity(doc.attributions.len());
    for (k, a) in doc.attributions.iter().enumerate() {
        attributions.push(GoldAttribution {
            content: check(&a.content, "content", k)?,
            source: check(a.source.as_deref().unwrap_or(&[]), "source", k)?,
            cue: check(a.cue.as_deref().unwrap_or(&[]), "cue", k)?,
            source_text: a.source_text.clone(),
            direct: a.direct,
        });
    }
    Ok(GoldDoc {
        id,
        text: doc.text,
        attributions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn char_slice(text: &str, (s, e): Seg) -> String {
        text.chars().skip(s).take(e - s).collect()
    }

    #[test]
    fn discontinuous_spans_and_numbered_roles_are_joined() {
        let text = "“We will win,” she said, “and soon.”";
        let ann = "T1\tContent 1 12;26 35\tWe will win and soon.\n\
                   T2\tSource 15 18\tshe\n\
                   T3\tCue 19 23\tsaid\n\
                   T4\tAttribution 19 23\tsaid\n\
                   E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n";
        let got = parse_brat(text, ann).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].content, [(1, 12), (26, 35)]);
        assert_eq!(char_slice(text, got[0].content[0]), "We will win");
        assert_eq!(char_slice(text, got[0].content[1]), "and soon.");
        assert_eq!(got[0].source_text.as_deref(), Some("she"));
        assert_eq!(got[0].direct, None);
    }

    #[test]
    fn content2_adds_to_the_content() {
        let text = "Taxes are too high, the mayor said, and must fall.";
        let ann = "T1\tContent 0 18\tTaxes are too high\n\
                   T2\tContent 36 49\tand must fall\n\
                   T3\tSource 20 29\tthe mayor\n\
                   T4\tAttribution 30 34\tsaid\n\
                   E1\tAttribution:T4 Content:T2 Content2:T1 Source:T3\n";
        let got = parse_brat(text, ann).unwrap();
        assert_eq!(got[0].content, [(0, 18), (36, 49)]);
        assert!(got[0].cue.is_empty());
    }

    #[test]
    fn attributions_without_a_source_are_kept() {
        let text = "It is widely believed that the plan failed.";
        let ann = "T1\tCue 6 21\twidely believed\n\
                   T2\tContent 22 42\tthat the plan failed\n\
                   T3\tAttribution-no-source 6 21\twidely believed\n\
                   E1\tAttribution-no-source:T3 Content:T2 Cue:T1\n\
                   T4\tAttribution-no-source 0 2\tIt\n\
                   E2\tAttribution-no-source:T4\n";
        let got = parse_brat(text, ann).unwrap();
        // E2 has no content: nothing to match, so it is left out
        assert_eq!(got.len(), 1);
        assert!(got[0].source.is_empty());
        assert_eq!(got[0].source_text, None);
        assert_eq!(char_slice(text, got[0].content[0]), "that the plan failed");
    }

    #[test]
    fn offsets_count_characters_not_bytes() {
        // “, é and — are 3, 2 and 3 bytes: a byte reading would land elsewhere
        let text = "Café owners — “rates are ruinous,” said Zoë Müller.";
        let ann = "T1\tContent 15 33\trates are ruinous,\n\
                   T2\tSource 40 50\tZoë Müller\n\
                   T3\tAttribution 35 39\tsaid\n\
                   E1\tAttribution:T3 Content:T1 Source:T2\n";
        let got = parse_brat(text, ann).unwrap();
        assert_eq!(char_slice(text, got[0].content[0]), "rates are ruinous,");
        assert_eq!(got[0].source_text.as_deref(), Some("Zoë Müller"));
    }

    #[test]
    fn multi_line_span_text_and_notes_are_skipped() {
        let text = "He said:\nfirst line\nsecond line";
        let ann = "T1\tContent 9 31\tfirst line\nsecond line\n\
                   #1\tAnnotatorNotes T1\ta note\n\
                   T2\tSource 0 2\tHe\n\
                   T3\tAttribution 3 7\tsaid\n\
                   E1\tAttribution:T3 Content:T1 Source:T2\n";
        let got = parse_brat(text, ann).unwrap();
        assert_eq!(got[0].content, [(9, 31)]);
    }

    #[test]
    fn attributions_are_ordered_by_content_start() {
        let text = "a b c d e f g h";
        let ann = "T1\tContent 8 9\te\nT2\tContent 0 1\ta\nT3\tSource 4 5\tc\n\
                   T4\tAttribution 2 3\tb\n\
                   E1\tAttribution:T4 Content:T1 Source:T3\n\
                   E2\tAttribution:T4 Content:T2 Source:T3\n";
        let got = parse_brat(text, ann).unwrap();
        assert_eq!(got[0].content, [(0, 1)]);
        assert_eq!(got[1].content, [(8, 9)]);
    }

    #[test]
    fn a_duplicate_t_id_is_an_error() {
        let text = "Ann said \"yes\" twice.";
        let ann = "T1\tSource 0 3\tAnn\nT2\tCue 4 8\tsaid\nT1\tContent 10 13\tyes\nE1\tAttribution:T2 Source:T1 Cue:T2 Content:T1\n";
        let errs = parse_brat(text, ann).unwrap_err();
        assert_eq!(
            errs,
            [(3, "T1: defined twice (first on line 1)".to_string())]
        );
    }

    #[test]
    fn a_text_without_ann_is_reported_by_name() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("text")).unwrap();
        std::fs::create_dir_all(tmp.path().join("attributions")).unwrap();
        std::fs::write(tmp.path().join("text/a.txt"), "Ann said \"yes\".").unwrap();
        std::fs::write(tmp.path().join("attributions/a.ann"), "").unwrap();
        std::fs::write(tmp.path().join("text/b.txt"), "Bo said \"no\".").unwrap();
        let corpus = load(tmp.path());
        assert_eq!(corpus.docs.len(), 1);
        assert_eq!(corpus.errors.len(), 1, "{:?}", corpus.errors);
        let e = corpus.errors[0].to_string();
        assert!(e.contains("text/b.txt: no attributions/b.ann"), "{e}");
    }

    #[test]
    fn bad_lines_are_reported_with_their_line_numbers() {
        let text = "short";
        let ann = "T1\tContent 0 99\tshort\nT2\tSource x y\tz\nE1\tAttribution:T1 Content:T7\n";
        let errs = parse_brat(text, ann).unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|e| e.0).collect();
        assert_eq!(lines, [1, 2, 3]);
        assert!(errs[0].1.contains("outside the text"), "{}", errs[0].1);
        assert!(errs[2].1.contains("T7"), "{}", errs[2].1);
    }

    #[test]
    fn jsonl_lines_are_read_and_checked() {
        let line = r#"{"id": "d1", "text": "Zoë said hi", "attributions": [{"source": [[0, 3]], "source_text": "Zoë", "cue": [[4, 8]], "content": [[9, 11]], "content_text": "hi", "direct": false}]}"#;
        let doc = parse_jsonl_line(line).unwrap();
        assert_eq!(doc.id, "d1");
        assert_eq!(doc.attributions[0].content, [(9, 11)]);
        assert_eq!(doc.attributions[0].direct, Some(false));
        let bad = r#"{"id": "d2", "text": "abc", "attributions": [{"content": [[1, 9]]}]}"#;
        let err = parse_jsonl_line(bad).unwrap_err();
        assert!(err.contains("outside the text"), "{err}");
        assert!(parse_jsonl_line("{").is_err());
    }
}
