//! `whosaid eval`: scores whosaid's records against hand-annotated gold
//! and checks the figures against minimums, so CI fails when quality drops.
//!
//! The metrics are those of the project's reference scorer (`score.py` in
//! the shared materials): content detection P/R/F1 under partial (overlap /
//! union ≥ 1/2 after trimming) and exact matching, and attribution P/R/F1
//! (partial content match plus a speaker match), each over all attributions
//! and over the direct subset. [`score`] holds the port, [`gold`] the
//! readers, [`errors`] the error listing; this module ties them together,
//! names the metrics for `--min`, and renders the table and JSON.

#![warn(missing_docs)]

pub mod errors;
pub mod gold;
pub mod score;

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::PathBuf;
use std::str::FromStr;

use crate::record::Record;
use crate::rules::RuleSet;
use errors::{ErrorEntry, ErrorKind, GoldSide, Offsets, PredSide};
use gold::GoldDoc;
use score::{Counts, DirectIndex, Seg, Tally};

/// Exit code of `whosaid eval` when a figure is below its `--min`.
pub const EXIT_BELOW_MIN: u8 = 3;

/// One predicted quote, in the shape of a `score.py` prediction. Offsets
/// are as given (bytes or code points, see [`Units`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prediction {
    /// Content segments; `None` when they could not be read.
    pub content: Option<Vec<[usize; 2]>>,
    /// Source segments; `None` for a null source (no speaker).
    pub source: Option<Vec<[usize; 2]>>,
    /// The speaker's name.
    pub speaker: Option<String>,
    /// The words at the attribution site (for the error listing).
    pub mention: Option<String>,
    /// The rule that produced the prediction (for the error listing).
    pub rule: Option<String>,
    /// The content text as the record gives it (for the error listing).
    pub quote: Option<String>,
}

impl Prediction {
    /// Maps a record as the shared `to_pred.py` does: content = `spans`,
    /// source = the speaker's span (null without a speaker), speaker = its
    /// name. Offsets stay in bytes.
    pub fn from_record(rec: &Record) -> Prediction {
        Prediction {
            content: Some(rec.spans.clone()),
            source: rec.speaker.as_ref().map(|s| vec![s.span]),
            speaker: rec.speaker.as_ref().map(|s| s.name.clone()),
            mention: rec.speaker.as_ref().map(|s| s.mention.clone()),
            rule: Some(rec.rule.clone()),
            quote: Some(rec.quote.clone()),
        }
    }
}

/// The units of prediction offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Units {
    /// UTF-8 byte offsets (whosaid's records).
    Bytes,
    /// Code point offsets (the gold's own units).
    Chars,
}

/// One figure's precision, recall and F1 (rounded to 4 places, as the
/// reference prints them) with the counts behind them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub p: f64,
    /// Recall.
    pub r: f64,
    /// F1 (from the unrounded precision and recall).
    pub f1: f64,
    /// Predictions that are part of a matched pair.
    pub tp_pred: usize,
    /// All predictions (of the subset).
    pub n_pred: usize,
    /// Gold attributions that are part of a matched pair.
    pub tp_gold: usize,
    /// All gold attributions (of the subset).
    pub n_gold: usize,
}

impl From<Counts> for Prf {
    fn from(c: Counts) -> Prf {
        Prf {
            p: round4(c.precision()),
            r: round4(c.recall()),
            f1: round4(c.f1()),
            tp_pred: c.tp_pred,
            n_pred: c.n_pred,
            tp_gold: c.tp_gold,
            n_gold: c.n_gold,
        }
    }
}

fn round4(x: f64) -> f64 {
    // through the decimal text, so the value is the one printed
    format!("{x:.4}").parse().unwrap_or(x)
}

/// The three measures of one subset.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SubsetMetrics {
    /// Content found, overlap / union at least 1/2.
    pub content_partial: Prf,
    /// Content found exactly (after trimming).
    pub content_exact: Prf,
    /// Content found (partial) and speaker right.
    pub attribution: Prf,
}

/// The measures over all attributions and over the direct subset.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Metrics {
    /// Over every attribution.
    pub all: SubsetMetrics,
    /// Over the direct subset (content mostly inside quotation marks).
    pub direct: SubsetMetrics,
}

/// The figures of one evaluation (the JSON output).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Gold documents scored.
    pub docs: usize,
    /// Gold documents for which nothing was predicted.
    pub docs_without_predictions: usize,
    /// Gold attributions.
    pub gold_attributions: usize,
    /// Gold attributions in the direct subset.
    pub gold_direct: usize,
    /// Predictions (records).
    pub predictions: usize,
    /// Predictions in the direct subset.
    pub predictions_direct: usize,
    /// Predictions whose content span was unusable (out of range, empty,
    /// not on a character boundary).
    pub invalid_predictions: usize,
    /// Unmatched predictions that overlap some gold content all the same.
    pub unmatched_pred_overlapping_gold: usize,
    /// The figures.
    pub metrics: Metrics,
}

/// The metric names `--min` accepts: `<measure>.<subset>.<stat>`.
pub const MEASURES: [&str; 3] = ["content_partial", "content_exact", "attribution"];
/// The subsets of a metric name.
pub const SUBSETS: [&str; 2] = ["all", "direct"];
/// The statistics of a metric name.
pub const STATS: [&str; 3] = ["p", "r", "f1"];

impl Report {
    /// A figure by name (`attribution.direct.f1`), as printed (4 places).
    pub fn metric(&self, name: &str) -> Option<f64> {
        let mut parts = name.split('.');
        let (m, s, st) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let subset = match s {
            "all" => &self.metrics.all,
            "direct" => &self.metrics.direct,
            _ => return None,
        };
        let prf = match m {
            "content_partial" => &subset.content_partial,
            "content_exact" => &subset.content_exact,
            "attribution" => &subset.attribution,
            _ => return None,
        };
        match st {
            "p" => Some(prf.p),
            "r" => Some(prf.r),
            "f1" => Some(prf.f1),
            _ => None,
        }
    }

    /// The table `whosaid eval` prints (the layout of the reference's).
    pub fn table(&self) -> String {
        let mut out = format!(
            "docs={} (without predictions: {})  gold={} (direct {})  pred={} (direct {}, invalid {}, unmatched but overlapping a gold content {})\n",
            self.docs,
            self.docs_without_predictions,
            self.gold_attributions,
            self.gold_direct,
            self.predictions,
            self.predictions_direct,
            self.invalid_predictions,
            self.unmatched_pred_overlapping_gold
        );
        let _ = writeln!(
            out,
            "{:<7} {:<16} {:>6} {:>6} {:>6}   {:>11} {:>11}",
            "subset", "metric", "P", "R", "F1", "tp/pred", "tp/gold"
        );
        for (sub, m) in [("all", &self.metrics.all), ("direct", &self.metrics.direct)] {
            for (key, prf) in [
                ("content_partial", &m.content_partial),
                ("content_exact", &m.content_exact),
                ("attribution", &m.attribution),
            ] {
                let _ = writeln!(
                    out,
                    "{sub:<7} {key:<16} {:6.3} {:6.3} {:6.3}   {:>11} {:>11}",
                    prf.p,
                    prf.r,
                    prf.f1,
                    format!("{}/{}", prf.tp_pred, prf.n_pred),
                    format!("{}/{}", prf.tp_gold, prf.n_gold)
                );
            }
        }
        out
    }
}

/// A `--min METRIC=VALUE` threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// A metric name such as `attribution.direct.f1`.
    pub metric: String,
    /// The lowest acceptable value, in `[0, 1]`.
    pub min: f64,
}

impl FromStr for Threshold {
    type Err = String;

    fn from_str(s: &str) -> Result<Threshold, String> {
        let (metric, value) = s
            .split_once('=')
            .ok_or_else(|| format!("expected METRIC=VALUE, found {s:?}"))?;
        let metric = metric.trim();
        let known = metric_names();
        if !known.iter().any(|k| k == metric) {
            return Err(format!(
                "unknown metric {metric:?}; metrics are <measure>.<subset>.<stat> with measure {}, subset {}, stat {} (e.g. attribution.direct.f1)",
                MEASURES.join("|"),
                SUBSETS.join("|"),
                STATS.join("|")
            ));
        }
        let min: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("{metric}: {value:?} is not a number"))?;
        if !(0.0..=1.0).contains(&min) {
            return Err(format!("{metric}: {min} is not between 0 and 1"));
        }
        Ok(Threshold {
            metric: metric.to_string(),
            min,
        })
    }
}

/// Every metric name, in table order.
pub fn metric_names() -> Vec<String> {
    let mut out = Vec::new();
    for m in MEASURES {
        for s in SUBSETS {
            for st in STATS {
                out.push(format!("{m}.{s}.{st}"));
            }
        }
    }
    out
}

/// The thresholds a report falls below, as messages.
pub fn check_thresholds(report: &Report, thresholds: &[Threshold]) -> Vec<String> {
    thresholds
        .iter()
        .filter_map(|t| {
            let v = report.metric(&t.metric)?;
            (v < t.min).then(|| format!("{} = {v:.4} is below the minimum {}", t.metric, t.min))
        })
        .collect()
}

/// The result of scoring: the figures and the error listing.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// The figures.
    pub report: Report,
    /// Misses, false hits and wrong speakers, sorted.
    pub errors: Vec<ErrorEntry>,
}

/// Runs the rules over every gold document and returns each document's
/// predictions (byte offsets), keyed by document id. Documents are shared
/// out over the available cores; the result does not depend on how.
pub fn extract_predictions(rules: &RuleSet, docs: &[GoldDoc]) -> BTreeMap<String, Vec<Prediction>> {
    let one = |d: &GoldDoc| {
        let recs = crate::extract(rules, &d.id, &d.text);
        (
            d.id.clone(),
            recs.iter().map(Prediction::from_record).collect::<Vec<_>>(),
        )
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads < 2 || docs.len() < 2 {
        return docs.iter().map(one).collect();
    }
    let chunk = docs.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = docs
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(one).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                // a panic in the engine is a bug: pass it on unchanged
                Err(payload) => std::panic::resume_unwind(payload),
            })
            .collect()
    })
}

/// Scores predictions (keyed by document id) against gold documents.
/// Documents missing from `preds` count as "nothing predicted"; prediction
/// ids that are not gold documents are ignored. `rules` split the
/// sentences quoted in the error listing, as the engine splits them.
pub fn evaluate(
    docs: &[GoldDoc],
    preds: &BTreeMap<String, Vec<Prediction>>,
    units: Units,
    rules: &RuleSet,
) -> Evaluation {
    let mut tally = Tally::default();
    let mut without = 0;
    let mut entries = Vec::new();
    let none = Vec::new();
    for doc in docs {
        let doc_preds = preds.get(&doc.id).unwrap_or(&none);
        if doc_preds.is_empty() {
            without += 1;
        }
        let scored = ScoredDoc::new(doc, doc_preds, units);
        tally.add(&scored.golds, &scored.items, &scored.matched);
        entries.extend(scored.error_entries(rules));
    }
    errors::sort(&mut entries);
    let m = |c: &score::SubsetCounts| SubsetMetrics {
        content_partial: c.content_partial.into(),
        content_exact: c.content_exact.into(),
        attribution: c.attribution.into(),
    };
    let report = Report {
        docs: docs.len(),
        docs_without_predictions: without,
        gold_attributions: tally.all.content_partial.n_gold,
        gold_direct: tally.direct.content_partial.n_gold,
        predictions: tally.all.content_partial.n_pred,
        predictions_direct: tally.direct.content_partial.n_pred,
        invalid_predictions: tally.invalid_predictions,
        unmatched_pred_overlapping_gold: tally.unmatched_pred_overlapping_gold,
        metrics: Metrics {
            all: m(&tally.all),
            direct: m(&tally.direct),
        },
    };
    Evaluation {
        report,
        errors: entries,
    }
}

/// Converts given segments to code points; `None` when one offset is not a
/// character boundary (or is past the end).
fn to_chars(segs: &[[usize; 2]], units: Units, offsets: &Offsets) -> Option<Vec<Seg>> {
    segs.iter()
        .map(|&[s, e]| match units {
            Units::Chars => Some((s, e)),
            Units::Bytes => Some((offsets.char_of(s)?, offsets.char_of(e)?)),
        })
        .collect()
}

/// One document, scored: the prepared items on both sides and their
/// matching, from which the error listing is built.
struct ScoredDoc<'a> {
    doc: &'a GoldDoc,
    preds: &'a [Prediction],
    units: Units,
    offsets: Offsets,
    golds: Vec<score::GoldItem>,
    items: Vec<score::PredItem>,
    /// Each prediction's content in code points (`None` when unusable).
    pred_content: Vec<Option<Vec<Seg>>>,
    /// Each prediction's source in code points (`None` for a null source,
    /// empty when unusable).
    pred_source: Vec<Option<Vec<Seg>>>,
    matched: score::DocMatch,
}

impl<'a> ScoredDoc<'a> {
    fn new(doc: &'a GoldDoc, preds: &'a [Prediction], units: Units) -> ScoredDoc<'a> {
        let t: Vec<char> = doc.text.chars().collect();
        let index = DirectIndex::new(&t);
        let offsets = Offsets::new(&doc.text);
        let golds: Vec<score::GoldItem> = doc
            .attributions
            .iter()
            .map(|a| {
                let source_text = a.source_text.as_deref();
                score::prep_gold(&t, &index, &a.content, &a.source, source_text, a.direct)
            })
            .collect();
        let pred_content: Vec<Option<Vec<Seg>>> = preds
            .iter()
            .map(|p| {
                p.content
                    .as_ref()
                    .and_then(|c| to_chars(c, units, &offsets))
            })
            .collect();
        // an unreadable source stays "given" (not null) but empty
        let pred_source: Vec<Option<Vec<Seg>>> = preds
            .iter()
            .map(|p| {
                p.source
                    .as_ref()
                    .map(|s| to_chars(s, units, &offsets).unwrap_or_default())
            })
            .collect();
        let items: Vec<score::PredItem> = preds
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (c, s) = (pred_content[i].as_deref(), pred_source[i].as_deref());
                score::prep_pred(&t, &index, c, s, p.speaker.as_deref())
            })
            .collect();
        let matched = score::match_doc(&golds, &items);
        ScoredDoc {
            doc,
            preds,
            units,
            offsets,
            golds,
            items,
            pred_content,
            pred_source,
            matched,
        }
    }

    fn gold_side(&self, gi: usize) -> GoldSide {
        let a = &self.doc.attributions[gi];
        let text = |segs: &[Seg]| errors::segments_text(&self.doc.text, &self.offsets, segs);
        GoldSide {
            content: text(&a.content),
            spans: self.offsets.byte_spans(&a.content),
            char_spans: a.content.iter().map(|&(s, e)| [s, e]).collect(),
            speaker: (!a.source.is_empty())
                .then(|| a.source_text.clone().unwrap_or_else(|| text(&a.source))),
        }
    }

    fn pred_side(&self, pi: usize) -> PredSide {
        let p = &self.preds[pi];
        let (content, spans, char_spans) = match &self.pred_content[pi] {
            Some(c) if self.items[pi].valid => (
                p.quote
                    .clone()
                    .unwrap_or_else(|| errors::segments_text(&self.doc.text, &self.offsets, c)),
                self.offsets.byte_spans(c),
                c.iter().map(|&(s, e)| [s, e]).collect(),
            ),
            // an unusable span: shown as given, in its own units
            _ => {
                let given = p.content.clone().unwrap_or_default();
                match self.units {
                    Units::Bytes => (String::new(), given, Vec::new()),
                    Units::Chars => (String::new(), Vec::new(), given),
                }
            }
        };
        PredSide {
            content,
            spans,
            char_spans,
            speaker: p.speaker.clone(),
            mention: p.mention.clone(),
        }
    }

    /// Byte spans of a gold attribution's content, source and cue.
    fn gold_context(&self, gi: usize) -> Vec<[usize; 2]> {
        let a = &self.doc.attributions[gi];
        let segs: Vec<Seg> = [&a.content, &a.source, &a.cue]
            .into_iter()
            .flatten()
            .copied()
            .collect();
        self.offsets.byte_spans(&segs)
    }

    /// Byte spans of a prediction's content and source (none when unusable).
    fn pred_context(&self, pi: usize) -> Vec<[usize; 2]> {
        if !self.items[pi].valid {
            return Vec::new();
        }
        let segs: Vec<Seg> = [&self.pred_content[pi], &self.pred_source[pi]]
            .into_iter()
            .flatten()
            .flatten()
            .copied()
            .collect();
        self.offsets.byte_spans(&segs)
    }

    /// The item among `others` that overlaps `segs` most (ties: the
    /// first), so a near miss shows what stood on the other side.
    fn most_overlap<'b>(segs: &[Seg], others: impl Iterator<Item = &'b [Seg]>) -> Option<usize> {
        others
            .enumerate()
            .map(|(i, o)| (score::intersection(segs, o), i))
            .filter(|&(overlap, _)| overlap > 0)
            .max_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)))
            .map(|(_, i)| i)
    }

    fn entry(
        &self,
        kind: ErrorKind,
        gi: Option<usize>,
        pi: Option<usize>,
        rules: &RuleSet,
    ) -> ErrorEntry {
        let mut spans = gi.map(|g| self.gold_context(g)).unwrap_or_default();
        spans.extend(pi.map(|p| self.pred_context(p)).unwrap_or_default());
        ErrorEntry {
            doc: self.doc.id.clone(),
            kind,
            rule: pi.and_then(|p| self.preds[p].rule.clone()),
            direct: match (kind, gi, pi) {
                (ErrorKind::FalseHit, _, Some(p)) => self.items[p].direct,
                (_, Some(g), _) => self.golds[g].direct,
                _ => false,
            },
            gold: gi.map(|g| self.gold_side(g)),
            pred: pi.map(|p| self.pred_side(p)),
            sentence: errors::context(&self.doc.text, &spans, rules),
        }
    }

    /// Misses, false hits and wrong speakers of this document.
    fn error_entries(&self, rules: &RuleSet) -> Vec<ErrorEntry> {
        let m = &self.matched;
        let mut gold_taken = vec![false; self.golds.len()];
        let mut pred_taken = vec![false; self.items.len()];
        for &(gi, pi) in &m.partial {
            gold_taken[gi] = true;
            pred_taken[pi] = true;
        }
        let mut out = Vec::new();
        for gi in (0..self.golds.len()).filter(|&gi| !gold_taken[gi]) {
            let others = self.items.iter().map(|p| p.content.as_slice());
            let near = Self::most_overlap(&self.golds[gi].content, others);
            out.push(self.entry(ErrorKind::Miss, Some(gi), near, rules));
        }
        for pi in (0..self.items.len()).filter(|&pi| !pred_taken[pi]) {
            let others = self.golds.iter().map(|g| g.content.as_slice());
            let near = Self::most_overlap(&self.items[pi].content, others);
            out.push(self.entry(ErrorKind::FalseHit, near, Some(pi), rules));
        }
        for &(gi, pi) in m.partial.iter().filter(|p| !m.attribution.contains(p)) {
            out.push(self.entry(ErrorKind::WrongSpeaker, Some(gi), Some(pi), rules));
        }
        out
    }
}

/// Output format of `whosaid eval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// The table of the reference scorer.
    Table,
    /// One JSON object ([`Report`]).
    Json,
}

/// What `whosaid eval` was asked to do.
#[derive(Debug, Clone)]
pub struct EvalOptions {
    /// A brat corpus directory or a JSONL file.
    pub gold: PathBuf,
    /// Table or JSON.
    pub format: OutputFormat,
    /// `--min` thresholds, all checked.
    pub thresholds: Vec<Threshold>,
    /// Where to write the error listing (JSONL).
    pub errors: Option<PathBuf>,
}

/// Runs `whosaid eval`: reads the gold, extracts with `rules`, prints the
/// figures, writes the error listing, and checks the thresholds. Returns
/// the exit code: 0, 1 when some gold could not be read (the rest is
/// scored), or [`EXIT_BELOW_MIN`] when a figure is below its minimum.
pub fn run(rules: &RuleSet, opts: &EvalOptions) -> io::Result<u8> {
    let corpus = gold::load(&opts.gold);
    for e in &corpus.errors {
        eprintln!("whosaid: eval: {e}");
    }
    if corpus.docs.is_empty() {
        eprintln!(
            "whosaid: eval: no gold documents read from {}",
            opts.gold.display()
        );
        return Ok(1);
    }
    let preds = extract_predictions(rules, &corpus.docs);
    let eval = evaluate(&corpus.docs, &preds, Units::Bytes, rules);
    let mut out = io::stdout().lock();
    match opts.format {
        OutputFormat::Table => out.write_all(eval.report.table().as_bytes())?,
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &eval.report)?;
            out.write_all(b"\n")?;
        }
    }
    out.flush()?;
    if let Some(path) = &opts.errors {
        write_errors(path, &eval.errors)?;
    }
    let failed = check_thresholds(&eval.report, &opts.thresholds);
    for f in &failed {
        eprintln!("whosaid: eval: {f}");
    }
    Ok(if !failed.is_empty() {
        EXIT_BELOW_MIN
    } else if !corpus.errors.is_empty() {
        1
    } else {
        0
    })
}

/// Writes the error listing as `-o` writes records: through a temporary
/// file renamed into place, so a failed write leaves the old listing.
fn write_errors(path: &std::path::Path, entries: &[ErrorEntry]) -> io::Result<()> {
    let mut w = io::BufWriter::new(crate::output::atomic::OutputFile::create(path)?);
    for e in entries {
        serde_json::to_writer(&mut w, e)?;
        w.write_all(b"\n")?;
    }
    w.into_inner().map_err(|e| e.into_error())?.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_parse_and_reject_unknown_names() {
        let t: Threshold = "attribution.direct.f1=0.70".parse().unwrap();
        assert_eq!(t.metric, "attribution.direct.f1");
        assert!((t.min - 0.70).abs() < 1e-12);
        let err = "attribution.direct.recall=0.5"
            .parse::<Threshold>()
            .unwrap_err();
        assert!(err.contains("unknown metric"), "{err}");
        assert!("content_exact.all.p".parse::<Threshold>().is_err());
        assert!("content_exact.all.p=1.5".parse::<Threshold>().is_err());
        assert!("content_exact.all.p=x".parse::<Threshold>().is_err());
        assert_eq!(metric_names().len(), 18);
    }

    #[test]
    fn records_map_as_to_pred_does() {
        let rules = RuleSet::embedded().unwrap();
        let text = "“We will win,” Trump said.";
        let recs = crate::extract(&rules, "d", text);
        let p = Prediction::from_record(&recs[0]);
        assert_eq!(p.content, Some(recs[0].spans.clone()));
        let sp = recs[0].speaker.as_ref().unwrap();
        assert_eq!(p.source, Some(vec![sp.span]));
        assert_eq!(p.speaker.as_deref(), Some("Trump"));
    }

    #[test]
    fn byte_offsets_are_converted_and_bad_ones_are_invalid() {
        let text = "Zoë said “it’s done” today.".to_string();
        let doc = GoldDoc {
            id: "d".into(),
            text: text.clone(),
            attributions: vec![gold::GoldAttribution {
                content: vec![(10, 19)],
                source: vec![(0, 3)],
                cue: vec![(4, 8)],
                source_text: None,
                direct: None,
            }],
        };
        let s = text.find("it").unwrap();
        let e = text.find("” today").unwrap();
        let good = Prediction {
            content: Some(vec![[s, e]]),
            source: Some(vec![[0, 4]]),
            speaker: Some("Zoë".into()),
            ..Default::default()
        };
        let bad = Prediction {
            content: Some(vec![[3, e]]), // byte 3 is inside ë
            ..Default::default()
        };
        let preds = BTreeMap::from([("d".to_string(), vec![good, bad])]);
        let rules = RuleSet::embedded().unwrap();
        let ev = evaluate(&[doc], &preds, Units::Bytes, &rules);
        let r = &ev.report;
        assert_eq!(r.invalid_predictions, 1);
        assert_eq!(r.metrics.all.content_exact.tp_gold, 1);
        assert_eq!(r.metrics.all.attribution.tp_gold, 1);
        assert_eq!(r.metrics.direct.attribution.n_gold, 1);
        assert_eq!(ev.errors.len(), 1);
        assert_eq!(ev.errors[0].kind, ErrorKind::FalseHit);
        assert_eq!(ev.errors[0].sentence, "");
        assert_eq!(ev.errors[0].pred.as_ref().unwrap().spans, [[3, e]]);
    }
}
