//! `whosaid eval` scores exactly as the reference scorer (`score.py` in the
//! shared materials) on a small hand-made corpus: tests/eval_data holds
//! three short articles of our own writing as a brat corpus and as JSONL
//! gold, plus hand-made predictions in score.py's format (code points).
//!
//! The expected figures below were produced by
//!
//! ```text
//! python3 ../shared/eval/score.py --json --gold tests/eval_data/gold.jsonl \
//!     --pred tests/eval_data/preds.jsonl
//! ```
//!
//! and `reference_scorer_agrees_live` re-runs it when python3 and
//! ../shared are there.

// Test code: a panic here is a failed test (clippy.toml allows unwrap only
// inside #[test] functions, and the helpers below are not).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use whosaid::eval::gold::{self, GoldDoc};
use whosaid::eval::{evaluate, Evaluation, Prediction, Report, Units};

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/eval_data")
        .join(rel)
}

fn load_gold(rel: &str) -> Vec<GoldDoc> {
    let corpus = gold::load(&data(rel));
    let errs: Vec<String> = corpus.errors.iter().map(|e| e.to_string()).collect();
    assert!(errs.is_empty(), "{}", errs.join("\n"));
    corpus.docs
}

fn span(v: &serde_json::Value) -> [usize; 2] {
    [
        v[0].as_u64().unwrap() as usize,
        v[1].as_u64().unwrap() as usize,
    ]
}

/// Reads score.py's prediction JSONL (test-only: whosaid scores its own
/// records, not files).
fn load_preds(path: &Path) -> BTreeMap<String, Vec<Prediction>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = BTreeMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let doc: serde_json::Value = serde_json::from_str(line).unwrap();
        let quotes = doc["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| {
                let c = &q["content"];
                let content = if c[0].is_array() {
                    c.as_array().unwrap().iter().map(span).collect()
                } else {
                    vec![span(c)]
                };
                Prediction {
                    content: Some(content),
                    source: (!q["source"].is_null()).then(|| vec![span(&q["source"])]),
                    speaker: q["speaker"].as_str().map(str::to_string),
                    ..Default::default()
                }
            })
            .collect();
        out.insert(doc["id"].as_str().unwrap().to_string(), quotes);
    }
    out
}

/// The predictions with every offset turned into UTF-8 bytes.
fn to_bytes(
    docs: &[GoldDoc],
    preds: &BTreeMap<String, Vec<Prediction>>,
) -> BTreeMap<String, Vec<Prediction>> {
    let mut out = preds.clone();
    for doc in docs {
        let Some(list) = out.get_mut(&doc.id) else {
            continue;
        };
        let n = doc.text.chars().count();
        let byte = |c: usize| {
            if c > n {
                c + 1000 // out of range stays out of range
            } else {
                doc.text
                    .char_indices()
                    .map(|(b, _)| b)
                    .chain([doc.text.len()])
                    .nth(c)
                    .unwrap()
            }
        };
        let conv = |segs: &Vec<[usize; 2]>| segs.iter().map(|&[s, e]| [byte(s), byte(e)]).collect();
        for p in list.iter_mut() {
            p.content = p.content.as_ref().map(conv);
            p.source = p.source.as_ref().map(conv);
        }
    }
    out
}

fn score(docs: &[GoldDoc], preds: &BTreeMap<String, Vec<Prediction>>, units: Units) -> Evaluation {
    let rules = whosaid::RuleSet::embedded().unwrap();
    evaluate(docs, preds, units, &rules)
}

/// `(measure, subset) -> (tp_pred, n_pred, tp_gold, n_gold, p, r, f1)`, as
/// score.py printed them.
const EXPECTED: [(&str, &str, [usize; 4], [f64; 3]); 6] = [
    (
        "content_partial",
        "all",
        [8, 11, 8, 9],
        [0.7273, 0.8889, 0.8],
    ),
    ("content_exact", "all", [6, 11, 6, 9], [0.5455, 0.6667, 0.6]),
    ("attribution", "all", [7, 11, 7, 9], [0.6364, 0.7778, 0.7]),
    (
        "content_partial",
        "direct",
        [4, 5, 4, 4],
        [0.8, 1.0, 0.8889],
    ),
    ("content_exact", "direct", [3, 5, 3, 4], [0.6, 0.75, 0.6667]),
    ("attribution", "direct", [3, 5, 3, 4], [0.6, 0.75, 0.6667]),
];

fn prf<'a>(r: &'a Report, measure: &str, subset: &str) -> &'a whosaid::eval::Prf {
    let s = match subset {
        "all" => &r.metrics.all,
        _ => &r.metrics.direct,
    };
    match measure {
        "content_partial" => &s.content_partial,
        "content_exact" => &s.content_exact,
        _ => &s.attribution,
    }
}

fn assert_expected(r: &Report) {
    for (measure, subset, counts, stats) in EXPECTED {
        let m = prf(r, measure, subset);
        assert_eq!(
            [m.tp_pred, m.n_pred, m.tp_gold, m.n_gold],
            counts,
            "{measure}.{subset}"
        );
        assert_eq!([m.p, m.r, m.f1], stats, "{measure}.{subset}");
        for (stat, v) in ["p", "r", "f1"].iter().zip(stats) {
            assert_eq!(r.metric(&format!("{measure}.{subset}.{stat}")), Some(v));
        }
    }
    assert_eq!(r.docs, 3);
    assert_eq!(r.docs_without_predictions, 1);
    assert_eq!((r.gold_attributions, r.gold_direct), (9, 4));
    assert_eq!((r.predictions, r.predictions_direct), (11, 5));
    assert_eq!(r.invalid_predictions, 1);
    assert_eq!(r.unmatched_pred_overlapping_gold, 1);
}

#[test]
fn brat_and_jsonl_gold_read_the_same() {
    let brat = load_gold("brat");
    let jsonl = load_gold("gold.jsonl");
    assert_eq!(brat.len(), 3);
    let by_id: BTreeMap<_, _> = jsonl.iter().map(|d| (d.id.clone(), d)).collect();
    for b in &brat {
        let j = by_id[&b.id];
        assert_eq!(b.text, j.text, "{}", b.id);
        assert_eq!(b.attributions.len(), j.attributions.len(), "{}", b.id);
        for (x, y) in b.attributions.iter().zip(&j.attributions) {
            assert_eq!(x.content, y.content, "{}", b.id);
            assert_eq!(x.source, y.source, "{}", b.id);
            assert_eq!(x.cue, y.cue, "{}", b.id);
            assert_eq!(
                x.source_text.clone().unwrap_or_default(),
                y.source_text.clone().unwrap_or_default()
            );
        }
    }
}

fn char_text(text: &str, (s, e): (usize, usize)) -> String {
    text.chars().skip(s).take(e - s).collect()
}

#[test]
fn brat_files_discontinuous_no_source_and_non_ascii() {
    let docs = load_gold("brat");
    let doc = |id: &str| docs.iter().find(|d| d.id == id).unwrap();

    // a discontinuous content, after "Café" and before "Zoë Müller"
    let cv = doc("council_vote");
    let a = &cv.attributions[0];
    let parts: Vec<String> = a.content.iter().map(|&s| char_text(&cv.text, s)).collect();
    assert_eq!(
        parts,
        ["The rent is ruinous,", "We cannot last another winter."]
    );
    assert_eq!(a.source_text.as_deref(), Some("Zoë Müller"));

    // "—", "ü" and "ß" come before these spans: code points, not bytes
    let tb = doc("tariff_briefing");
    assert_eq!(
        char_text(&tb.text, tb.attributions[0].content[0]),
        "We will answer in kind."
    );
    assert_eq!(
        char_text(&tb.text, tb.attributions[0].source[0]),
        "Chancellor Jürgen Weiß"
    );

    // an Attribution-no-source event
    let ns = &tb.attributions[1];
    assert!(ns.source.is_empty());
    assert_eq!(
        char_text(&tb.text, ns.content[0]),
        "that the talks have stalled"
    );
}

#[test]
fn hand_made_predictions_score_as_the_reference() {
    let preds = load_preds(&data("preds.jsonl"));
    for gold in ["brat", "gold.jsonl"] {
        let docs = load_gold(gold);
        assert_expected(&score(&docs, &preds, Units::Chars).report);
    }
}

#[test]
fn byte_offsets_give_the_same_figures() {
    let docs = load_gold("brat");
    let preds = load_preds(&data("preds.jsonl"));
    let bytes = to_bytes(&docs, &preds);
    assert_ne!(bytes, preds, "the corpus has non-ASCII text before spans");
    assert_expected(&score(&docs, &bytes, Units::Bytes).report);
    // read as code points, the byte offsets land elsewhere
    assert_ne!(
        score(&docs, &bytes, Units::Chars).report,
        score(&docs, &preds, Units::Chars).report
    );
}

#[test]
fn error_listing_counts_follow_the_figures() {
    let docs = load_gold("brat");
    let preds = load_preds(&data("preds.jsonl"));
    let ev = score(&docs, &preds, Units::Chars);
    let count = |k: &str| {
        ev.errors
            .iter()
            .filter(|e| serde_json::to_value(e.kind).unwrap() == k)
            .count()
    };
    let all = &ev.report.metrics.all;
    assert_eq!(
        count("miss"),
        all.content_partial.n_gold - all.content_partial.tp_gold
    );
    assert_eq!(
        count("false_hit"),
        all.content_partial.n_pred - all.content_partial.tp_pred
    );
    assert_eq!(
        count("wrong_speaker"),
        all.content_partial.tp_gold - all.attribution.tp_gold
    );
    let wrong = ev
        .errors
        .iter()
        .find(|e| serde_json::to_value(e.kind).unwrap() == "wrong_speaker")
        .unwrap();
    assert_eq!(
        wrong.gold.as_ref().unwrap().speaker.as_deref(),
        Some("an official")
    );
    assert_eq!(
        wrong.pred.as_ref().unwrap().speaker.as_deref(),
        Some("reporters")
    );
    // a near miss names what it overlapped: here the duplicated second half
    // of a split quote, whose gold is the whole discontinuous attribution
    let half = ev
        .errors
        .iter()
        .find(|e| {
            e.pred
                .as_ref()
                .is_some_and(|p| p.content == "We cannot last another winter.")
        })
        .unwrap();
    assert_eq!(serde_json::to_value(half.kind).unwrap(), "false_hit");
    assert_eq!(half.gold.as_ref().unwrap().char_spans.len(), 2);
    assert!(
        wrong.sentence.contains("an official told reporters"),
        "{}",
        wrong.sentence
    );
}

#[test]
fn rendered_table_and_error_listing() {
    let docs = load_gold("brat");
    let preds = load_preds(&data("preds.jsonl"));
    let ev = score(&docs, &preds, Units::Chars);
    let listing: Vec<String> = ev
        .errors
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    let settings = crate::support::snapshot_settings();
    settings.bind(|| {
        insta::assert_snapshot!("eval_table", ev.report.table());
        insta::assert_snapshot!("eval_errors", listing.join("\n"));
    });
}

/// The reference scorer's `--json` output for the predictions at `pred`
/// against the fixture gold (`--byte-offsets` for bytes). A failing run,
/// or no python3, fails the test (these tests are ignored without ../shared).
fn reference_scores(script: &Path, pred: &Path, units: Units) -> serde_json::Value {
    let mut cmd = std::process::Command::new("python3");
    cmd.arg(script)
        .args(["--json", "--gold"])
        .arg(data("gold.jsonl"))
        .arg("--pred")
        .arg(pred);
    if units == Units::Bytes {
        cmd.arg("--byte-offsets");
    }
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3: {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The reference scorer, run live on the same files (chars and bytes).
#[test]
#[ignore = "needs ../shared (reference scorer eval/score.py) and python3"]
fn reference_scorer_agrees_live() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/score.py");
    assert!(shared.exists(), "{} is not there", shared.display());
    let theirs = reference_scores(&shared, &data("preds.jsonl"), Units::Chars);
    let docs = load_gold("gold.jsonl");
    let preds = load_preds(&data("preds.jsonl"));
    let ours = serde_json::to_value(score(&docs, &preds, Units::Chars).report.metrics).unwrap();
    assert_eq!(ours, theirs["metrics"]);

    // the same predictions in bytes, through --byte-offsets
    let bytes = to_bytes(&docs, &preds);
    let dir = std::env::temp_dir().join(format!("whosaid-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("preds-bytes.jsonl");
    let lines: Vec<String> = bytes
        .iter()
        .map(|(id, ps)| {
            let quotes: Vec<serde_json::Value> = ps
                .iter()
                .map(|p| {
                    serde_json::json!({
                        "content": p.content,
                        "source": p.source.as_ref().map(|s| s[0]),
                        "speaker": p.speaker,
                    })
                })
                .collect();
            serde_json::json!({"id": id, "quotes": quotes}).to_string()
        })
        .collect();
    std::fs::write(&path, lines.join("\n")).unwrap();
    let theirs = reference_scores(&shared, &path, Units::Bytes);
    let _ = std::fs::remove_dir_all(&dir);
    let ours = serde_json::to_value(score(&docs, &bytes, Units::Bytes).report.metrics).unwrap();
    assert_eq!(ours, theirs["metrics"]);
}

/// A small deterministic generator (no extra crate for one test).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

/// Random predictions around the gold (jittered, split, out of range, off
/// a character boundary, with and without speakers), scored by both.
#[test]
#[ignore = "needs ../shared (reference scorer eval/score.py) and python3"]
fn reference_scorer_agrees_on_random_predictions() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/eval/score.py");
    assert!(script.exists(), "{} is not there", script.display());
    let docs = load_gold("gold.jsonl");
    let names = [
        "Zoë Müller",
        "WEISS",
        "an official's",
        "reporters",
        "",
        "He",
    ];
    let dir = std::env::temp_dir().join(format!("whosaid-eval-rand-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for seed in 1..=4u64 {
        let mut rng = Lcg(seed);
        let mut preds: BTreeMap<String, Vec<Prediction>> = BTreeMap::new();
        for doc in &docs {
            let n = doc.text.chars().count();
            let list = preds.entry(doc.id.clone()).or_default();
            for _ in 0..25 {
                let base = doc.attributions[rng.below(doc.attributions.len())].content[0];
                let s = (base.0 + rng.below(9)).saturating_sub(4);
                let e = (base.1 + rng.below(9))
                    .saturating_sub(4)
                    .min(n + rng.below(2) * 50);
                let mut content = vec![[s, e.max(s + 1)]];
                if rng.below(4) == 0 {
                    let (a, b) = (rng.below(n), rng.below(n));
                    content.push([a.min(b), a.max(b) + 1]);
                }
                let source = match rng.below(3) {
                    0 => None,
                    _ => {
                        let a = rng.below(n);
                        Some(vec![[a, (a + rng.below(12)).min(n)]])
                    }
                };
                list.push(Prediction {
                    content: Some(content),
                    source,
                    speaker: (rng.below(4) > 0).then(|| names[rng.below(names.len())].to_string()),
                    ..Default::default()
                });
            }
        }
        for units in [Units::Chars, Units::Bytes] {
            let preds = match units {
                Units::Chars => preds.clone(),
                // to_bytes keeps in-range offsets on boundaries; nudge some off
                Units::Bytes => {
                    let mut b = to_bytes(&docs, &preds);
                    for list in b.values_mut() {
                        for p in list.iter_mut().step_by(7) {
                            if let Some(c) = p.content.as_mut() {
                                c[0][0] += 1;
                            }
                        }
                    }
                    b
                }
            };
            let lines: Vec<String> = preds
                .iter()
                .map(|(id, ps)| {
                    let quotes: Vec<serde_json::Value> = ps
                        .iter()
                        .map(|p| serde_json::json!({"content": p.content, "source": p.source, "speaker": p.speaker}))
                        .collect();
                    serde_json::json!({"id": id, "quotes": quotes}).to_string()
                })
                .collect();
            let path = dir.join(format!("preds-{seed}.jsonl"));
            std::fs::write(&path, lines.join("\n")).unwrap();
            let theirs = reference_scores(&script, &path, units);
            let ours = score(&docs, &preds, units).report;
            assert_eq!(
                serde_json::to_value(ours.metrics).unwrap(),
                theirs["metrics"],
                "seed {seed}, {units:?}"
            );
            assert_eq!(ours.invalid_predictions, theirs["invalid_predictions"]);
            assert_eq!(
                ours.unmatched_pred_overlapping_gold,
                theirs["unmatched_pred_overlapping_gold"]
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A line "é" put before every document moves gold offsets by 2 code
/// points and record offsets by 3 bytes; the figures must not move.
#[test]
fn a_non_ascii_prefix_changes_no_figure() {
    let docs = load_gold("brat");
    let preds = to_bytes(&docs, &load_preds(&data("preds.jsonl")));
    let shift = |segs: &mut Vec<(usize, usize)>, by: usize| {
        segs.iter_mut().for_each(|s| *s = (s.0 + by, s.1 + by));
    };
    let moved_docs: Vec<GoldDoc> = docs
        .iter()
        .map(|d| {
            let mut d = d.clone();
            d.text = format!("é\n{}", d.text);
            for a in &mut d.attributions {
                shift(&mut a.content, 2);
                shift(&mut a.source, 2);
                shift(&mut a.cue, 2);
            }
            d
        })
        .collect();
    let mut moved_preds = preds.clone();
    for p in moved_preds.values_mut().flatten() {
        for segs in [p.content.as_mut(), p.source.as_mut()]
            .into_iter()
            .flatten()
        {
            segs.iter_mut().for_each(|s| *s = [s[0] + 3, s[1] + 3]);
        }
    }
    let before = score(&docs, &preds, Units::Bytes);
    let after = score(&moved_docs, &moved_preds, Units::Bytes);
    assert_eq!(before.report, after.report);
    let sentences =
        |ev: &Evaluation| -> Vec<String> { ev.errors.iter().map(|e| e.sentence.clone()).collect() };
    assert_eq!(sentences(&before), sentences(&after));
}
