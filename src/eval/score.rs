//! The metrics of `whosaid eval`: span trimming, quotation-mark regions,
//! one-to-one greedy matching, speaker matching and P/R/F1.
//!
//! This is a port of the project's reference scorer (`eval/score.py` in the
//! shared materials; its header is the specification). Everything here
//! works on code point offsets into a document held as `&[char]`, as the
//! reference does, so both agree to the last count. Character classes follow
//! Python's definitions (`str.isspace`, `str.isalnum`, `unicodedata`
//! categories, `str.casefold`), not Rust's similar but different ones.
//!
//! Pure: no I/O.

use unicode_general_category::get_general_category;

/// A half-open `[start, end)` range of code point offsets.
pub type Seg = (usize, usize);

// ---------------------------------------------------------------------------
// Character classes, as Python defines them
// ---------------------------------------------------------------------------

/// The first letter of the Unicode general category (`L`, `N`, `P`, `S`,
/// `Z`, `C`, `M`).
fn major_category(c: char) -> u8 {
    get_general_category(c).abbreviation().as_bytes()[0]
}

/// Python's `str.isspace`: the White_Space property plus the four
/// information separators U+001C..U+001F (which Rust's `is_whitespace`
/// leaves out).
fn py_isspace(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.isalnum` for one character: a letter (L*) or a number (N*).
/// Rust's `is_alphanumeric` also accepts some combining marks, so it is not
/// used here.
fn py_isalnum(c: char) -> bool {
    matches!(major_category(c), b'L' | b'N')
}

/// Space for quote flanking: whitespace, separators and control/format
/// characters (every Python whitespace character is Z* or C*).
fn is_space(c: char) -> bool {
    matches!(major_category(c), b'Z' | b'C')
}

fn is_punct_or_symbol(c: char) -> bool {
    matches!(major_category(c), b'P' | b'S')
}

/// What trimming removes at the edges of a span: Z*, P*, S* and C*.
pub fn is_trim_char(c: char) -> bool {
    matches!(major_category(c), b'Z' | b'P' | b'S' | b'C')
}

// ---------------------------------------------------------------------------
// Quotation-mark regions
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MarkClass {
    /// “ „ « ``
    DoubleOpen,
    /// ” »
    DoubleClose,
    /// " and ''
    DoubleAmbiguous,
    /// ‘ and `
    SingleOpening,
    /// ’
    SingleRight,
    /// '
    SingleStraight,
}

/// The quotation marks of the line `[lo, hi)`, left to right, as
/// `(start, end, class)`. A doubled `''` or ``` `` ``` is one mark.
fn marks_in(t: &[char], lo: usize, hi: usize) -> Vec<(usize, usize, MarkClass)> {
    let mut out = Vec::new();
    let mut i = lo;
    while i < hi {
        let c = t[i];
        let doubled = i + 1 < hi && t[i + 1] == c;
        let (len, class) = match c {
            '\'' if doubled => (2, MarkClass::DoubleAmbiguous),
            '`' if doubled => (2, MarkClass::DoubleOpen),
            '"' => (1, MarkClass::DoubleAmbiguous),
            '\u{201c}' | '\u{201e}' | '\u{ab}' => (1, MarkClass::DoubleOpen),
            '\u{201d}' | '\u{bb}' => (1, MarkClass::DoubleClose),
            '\u{2018}' | '`' => (1, MarkClass::SingleOpening),
            '\u{2019}' => (1, MarkClass::SingleRight),
            '\'' => (1, MarkClass::SingleStraight),
            _ => {
                i += 1;
                continue;
            }
        };
        out.push((i, i + len, class));
        i += len;
    }
    out
}

/// The flanking of the mark `t[s..e]` in the line `[lo, hi)`: it can open
/// when followed by a visible character and preceded by the line start, a
/// space or punctuation; it can close in the mirror case.
struct Flank {
    can_open: bool,
    can_close: bool,
    prev: Option<char>,
    next: Option<char>,
}

fn flanking(t: &[char], s: usize, e: usize, lo: usize, hi: usize) -> Flank {
    let prev = (s > lo).then(|| t[s - 1]);
    let next = (e < hi).then(|| t[e]);
    // a line edge counts as a space
    let spaced = |c: Option<char>| c.is_none_or(|c| is_space(c) || is_punct_or_symbol(c));
    let can_open = next.is_some_and(|n| !is_space(n)) && spaced(prev);
    let can_close = prev.is_some_and(|p| !is_space(p)) && spaced(next);
    Flank {
        can_open,
        can_close,
        prev,
        next,
    }
}

/// Sorts segments and merges those that overlap or touch.
pub fn merge(mut segs: Vec<Seg>) -> Vec<Seg> {
    segs.sort_unstable();
    let mut out: Vec<Seg> = Vec::with_capacity(segs.len());
    for (s, e) in segs {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// The regions of `t` inside quotation marks, the marks included, sorted
/// and merged. Works line by line (news style repeats the opening mark on
/// each paragraph of a long quote and leaves the closing one out): an
/// unclosed double quote runs to the end of its line, an unopened closing
/// double quote runs back to the line start or the previous region's end.
/// Single quotes need a matching pair; a single mark between two letters or
/// digits is an apostrophe.
pub fn quote_regions(t: &[char]) -> Vec<Seg> {
    let mut regions = Vec::new();
    let n = t.len();
    let mut lo = 0;
    loop {
        let hi = t[lo..]
            .iter()
            .position(|&c| c == '\n')
            .map_or(n, |p| lo + p);
        let marks = marks_in(t, lo, hi);
        double_regions(t, lo, hi, &marks, &mut regions);
        single_regions(t, lo, hi, &marks, &mut regions);
        if hi >= n {
            break;
        }
        lo = hi + 1;
    }
    merge(regions)
}

fn double_regions(
    t: &[char],
    lo: usize,
    hi: usize,
    marks: &[(usize, usize, MarkClass)],
    out: &mut Vec<Seg>,
) {
    let mut open: Option<usize> = None;
    let mut last_end = lo;
    for &(s, e, class) in marks {
        let f = flanking(t, s, e, lo, hi);
        let opens = match class {
            MarkClass::DoubleOpen => !(open.is_some() && f.can_close && !f.can_open),
            MarkClass::DoubleClose => open.is_none() && f.can_open && !f.can_close,
            MarkClass::DoubleAmbiguous => open.is_none() && (f.can_open || !f.can_close),
            _ => continue,
        };
        if opens {
            open.get_or_insert(s);
        } else {
            match open.take() {
                Some(o) => out.push((o, e)),
                None => {
                    let mut start = last_end;
                    while start < s && py_isspace(t[start]) {
                        start += 1;
                    }
                    out.push((start, e));
                }
            }
            last_end = e;
        }
    }
    if let Some(o) = open {
        out.push((o, hi));
    }
}

fn single_regions(
    t: &[char],
    lo: usize,
    hi: usize,
    marks: &[(usize, usize, MarkClass)],
    out: &mut Vec<Seg>,
) {
    let mut open: Option<usize> = None;
    for &(s, e, class) in marks {
        if !matches!(
            class,
            MarkClass::SingleOpening | MarkClass::SingleRight | MarkClass::SingleStraight
        ) {
            continue;
        }
        let f = flanking(t, s, e, lo, hi);
        if f.prev.is_some_and(py_isalnum) && f.next.is_some_and(py_isalnum) {
            continue; // an apostrophe inside a word
        }
        let close = |open: &mut Option<usize>, out: &mut Vec<Seg>| match open.take() {
            Some(o) => {
                out.push((o, e));
                true
            }
            None => false,
        };
        match class {
            MarkClass::SingleRight => {
                if f.can_close {
                    close(&mut open, out);
                }
            }
            MarkClass::SingleOpening => {
                if f.can_open {
                    open = Some(s);
                } else if f.can_close {
                    close(&mut open, out);
                }
            }
            _ => {
                let closed = f.can_close && close(&mut open, out);
                if !closed && f.can_open {
                    open = Some(s);
                }
            }
        }
    }
}

/// Prefix sums over a document for the "direct" test: non-space characters
/// inside quotation marks, and non-space characters overall.
pub struct DirectIndex {
    inside: Vec<u32>,
    nonspace: Vec<u32>,
}

impl DirectIndex {
    /// Builds the index of one document.
    pub fn new(t: &[char]) -> DirectIndex {
        let mut in_quote = vec![false; t.len()];
        for (s, e) in quote_regions(t) {
            in_quote[s..e].iter_mut().for_each(|b| *b = true);
        }
        let mut inside = Vec::with_capacity(t.len() + 1);
        let mut nonspace = Vec::with_capacity(t.len() + 1);
        let (mut a, mut b) = (0u32, 0u32);
        inside.push(0);
        nonspace.push(0);
        for (i, &c) in t.iter().enumerate() {
            if !py_isspace(c) {
                b += 1;
                if in_quote[i] {
                    a += 1;
                }
            }
            inside.push(a);
            nonspace.push(b);
        }
        DirectIndex { inside, nonspace }
    }

    /// True when at least half of the non-space characters of `segs` lie
    /// inside quotation marks. Segments must be in range.
    pub fn is_direct(&self, segs: &[Seg]) -> bool {
        let (mut inside, mut total) = (0u64, 0u64);
        for &(s, e) in segs {
            inside += u64::from(self.inside[e] - self.inside[s]);
            total += u64::from(self.nonspace[e] - self.nonspace[s]);
        }
        total > 0 && 2 * inside >= total
    }
}

// ---------------------------------------------------------------------------
// Spans
// ---------------------------------------------------------------------------

/// Normalises a (possibly discontinuous) span: merges overlapping segments,
/// joins segments whose gap holds only trim characters, trims both ends of
/// every segment and drops the empty ones.
pub fn trim_segments(t: &[char], segs: &[Seg]) -> Vec<Seg> {
    let mut joined: Vec<Seg> = Vec::new();
    for (s, e) in merge(segs.to_vec()) {
        match joined.last_mut() {
            Some(last) if t[last.1..s].iter().all(|&c| is_trim_char(c)) => last.1 = e,
            _ => joined.push((s, e)),
        }
    }
    joined
        .into_iter()
        .filter_map(|(mut s, mut e)| {
            while s < e && is_trim_char(t[s]) {
                s += 1;
            }
            while e > s && is_trim_char(t[e - 1]) {
                e -= 1;
            }
            (s < e).then_some((s, e))
        })
        .collect()
}

/// The number of positions in `segs`.
pub fn length(segs: &[Seg]) -> usize {
    segs.iter().map(|(s, e)| e - s).sum()
}

/// The size of the intersection of two sorted, merged segment lists.
pub fn intersection(a: &[Seg], b: &[Seg]) -> usize {
    let (mut i, mut j, mut total) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let s = a[i].0.max(b[j].0);
        let e = a[i].1.min(b[j].1);
        if s < e {
            total += e - s;
        }
        if a[i].1 < b[j].1 {
            i += 1;
        } else {
            j += 1;
        }
    }
    total
}

/// Case-folded words of `s`: runs of letters and digits, possibly joined by
/// `'` or `’` (O'Neill), with a trailing possessive `'s` / `’s` removed.
pub fn words(s: &str) -> Vec<String> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !py_isalnum(chars[i]) {
            i += 1;
            continue;
        }
        let start = i;
        loop {
            while i < chars.len() && py_isalnum(chars[i]) {
                i += 1;
            }
            let joins = i + 1 < chars.len()
                && matches!(chars[i], '\'' | '\u{2019}')
                && py_isalnum(chars[i + 1]);
            if !joins {
                break;
            }
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let mut w = caseless::default_case_fold_str(&word);
        if w.ends_with("'s") || w.ends_with("\u{2019}s") {
            let cut = w.len() - if w.ends_with("'s") { 2 } else { 4 };
            w.truncate(cut);
        }
        if !w.is_empty() {
            out.push(w);
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Prepared items, matching and counts
// ---------------------------------------------------------------------------

/// A gold attribution ready for matching.
#[derive(Debug, Clone)]
pub struct GoldItem {
    /// Trimmed content.
    pub content: Vec<Seg>,
    /// Trimmed source (empty when there is none or it trims to nothing).
    pub source: Vec<Seg>,
    /// Whether the gold has a source at all (before trimming).
    pub has_source: bool,
    /// Words of the source text.
    pub source_words: Vec<String>,
    /// Whether the attribution is in the direct subset.
    pub direct: bool,
}

/// A prediction ready for matching.
#[derive(Debug, Clone)]
pub struct PredItem {
    /// Trimmed content (empty when the span was invalid).
    pub content: Vec<Seg>,
    /// Trimmed source.
    pub source: Vec<Seg>,
    /// The prediction gave no source at all (`null`).
    pub source_null: bool,
    /// The speaker name ("" when none).
    pub speaker: String,
    /// Whether the content is mostly inside quotation marks.
    pub direct: bool,
    /// False when the content span was out of range, empty or not on a
    /// character boundary.
    pub valid: bool,
}

/// True when all segments are non-empty and inside `[0, n]`.
pub fn valid_segments(segs: &[Seg], n: usize) -> bool {
    !segs.is_empty() && segs.iter().all(|&(s, e)| s < e && e <= n)
}

/// Prepares a gold attribution. `content` and `source` are raw code point
/// segments, already checked to lie inside the text; `direct` is the
/// annotated flag, computed from the content when absent.
pub fn prep_gold(
    t: &[char],
    index: &DirectIndex,
    content: &[Seg],
    source: &[Seg],
    source_text: Option<&str>,
    direct: Option<bool>,
) -> GoldItem {
    let words_of = match source_text.filter(|s| !s.is_empty()) {
        Some(s) => words(s),
        None => {
            let parts: Vec<String> = source
                .iter()
                .map(|&(s, e)| t[s..e].iter().collect())
                .collect();
            words(&parts.join(" "))
        }
    };
    GoldItem {
        content: trim_segments(t, content),
        source: if source.is_empty() {
            Vec::new()
        } else {
            trim_segments(t, source)
        },
        has_source: !source.is_empty(),
        source_words: words_of,
        direct: direct.unwrap_or_else(|| index.is_direct(content)),
    }
}

/// Prepares a prediction. `content` is `None` or invalid when the span
/// could not be read (it stays as an unmatched prediction); `source` is
/// `None` for a null source, `Some(vec![])` or invalid segments for a
/// source that was given but unusable.
pub fn prep_pred(
    t: &[char],
    index: &DirectIndex,
    content: Option<&[Seg]>,
    source: Option<&[Seg]>,
    speaker: Option<&str>,
) -> PredItem {
    let n = t.len();
    let content = content.filter(|c| valid_segments(c, n));
    let source_ok = source.filter(|s| valid_segments(s, n));
    PredItem {
        content: content.map_or_else(Vec::new, |c| trim_segments(t, c)),
        source: source_ok.map_or_else(Vec::new, |s| trim_segments(t, s)),
        source_null: source.is_none(),
        speaker: speaker.unwrap_or("").to_string(),
        direct: content.is_some_and(|c| index.is_direct(c)),
        valid: content.is_some(),
    }
}

/// Whether the prediction names the gold speaker: the source spans overlap,
/// or the last word of the predicted name is a word of the gold source.
/// A gold without a source matches only a prediction with a null source.
pub fn speaker_matches(gold: &GoldItem, pred: &PredItem) -> bool {
    if !gold.has_source {
        return pred.source_null;
    }
    if !pred.source.is_empty() && intersection(&gold.source, &pred.source) > 0 {
        return true;
    }
    words(&pred.speaker)
        .last()
        .is_some_and(|w| gold.source_words.contains(w))
}

/// One-to-one greedy matching of contents: candidate pairs (overlap/union
/// at least 1/2, or identical position sets when `exact`) sorted by that
/// ratio, highest first, ties by gold then prediction index. Returns
/// `(gold index, prediction index)` pairs in the order accepted.
pub fn greedy_match(golds: &[GoldItem], preds: &[PredItem], exact: bool) -> Vec<(usize, usize)> {
    let mut cands: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (gi, g) in golds.iter().enumerate() {
        let gl = length(&g.content);
        if gl == 0 {
            continue;
        }
        for (pi, p) in preds.iter().enumerate() {
            let pl = length(&p.content);
            if pl == 0 {
                continue;
            }
            let inter = intersection(&g.content, &p.content);
            if inter == 0 {
                continue;
            }
            let union = gl + pl - inter;
            let keep = if exact {
                inter == gl && inter == pl
            } else {
                2 * inter >= union
            };
            if keep {
                cands.push((inter, union, gi, pi));
            }
        }
    }
    // ratio descending, compared exactly by cross-multiplication
    cands.sort_by(|a, b| {
        let left = (b.0 as u128) * (a.1 as u128);
        let right = (a.0 as u128) * (b.1 as u128);
        left.cmp(&right).then(a.2.cmp(&b.2)).then(a.3.cmp(&b.3))
    });
    let mut used_g = vec![false; golds.len()];
    let mut used_p = vec![false; preds.len()];
    let mut pairs = Vec::new();
    for (_, _, gi, pi) in cands {
        if used_g[gi] || used_p[pi] {
            continue;
        }
        used_g[gi] = true;
        used_p[pi] = true;
        pairs.push((gi, pi));
    }
    pairs
}

/// The matchings of one document.
#[derive(Debug, Clone, Default)]
pub struct DocMatch {
    /// Content pairs under partial matching.
    pub partial: Vec<(usize, usize)>,
    /// Content pairs under exact matching.
    pub exact: Vec<(usize, usize)>,
    /// The partial pairs whose speaker matches too.
    pub attribution: Vec<(usize, usize)>,
}

/// Matches one document's predictions against its gold.
pub fn match_doc(golds: &[GoldItem], preds: &[PredItem]) -> DocMatch {
    let partial = greedy_match(golds, preds, false);
    let exact = greedy_match(golds, preds, true);
    let attribution = partial
        .iter()
        .copied()
        .filter(|&(gi, pi)| speaker_matches(&golds[gi], &preds[pi]))
        .collect();
    DocMatch {
        partial,
        exact,
        attribution,
    }
}

/// Raw counts behind one precision/recall pair.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predictions that are part of a matched pair.
    pub tp_pred: usize,
    /// All predictions.
    pub n_pred: usize,
    /// Gold items that are part of a matched pair.
    pub tp_gold: usize,
    /// All gold items.
    pub n_gold: usize,
}

impl Counts {
    /// Precision (0 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        ratio(self.tp_pred, self.n_pred)
    }

    /// Recall (0 when there is no gold).
    pub fn recall(&self) -> f64 {
        ratio(self.tp_gold, self.n_gold)
    }

    /// The harmonic mean of precision and recall (from the unrounded values).
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The three measures, for one subset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SubsetCounts {
    /// Partial content matching.
    pub content_partial: Counts,
    /// Exact content matching.
    pub content_exact: Counts,
    /// Partial content matching with the right speaker.
    pub attribution: Counts,
}

/// Counts over all attributions and over the direct subset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Over every attribution.
    pub all: SubsetCounts,
    /// Over the direct subset.
    pub direct: SubsetCounts,
    /// Predictions whose content span was unusable.
    pub invalid_predictions: usize,
    /// Unmatched predictions that still overlap some gold content (one half
    /// of a split quote whose gold is one discontinuous attribution, say).
    pub unmatched_pred_overlapping_gold: usize,
}

impl Tally {
    /// Adds one document's matching.
    pub fn add(&mut self, golds: &[GoldItem], preds: &[PredItem], m: &DocMatch) {
        let n_direct_pred = preds.iter().filter(|p| p.direct).count();
        let n_direct_gold = golds.iter().filter(|g| g.direct).count();
        let keyed = [(&m.partial, 0usize), (&m.exact, 1), (&m.attribution, 2)];
        for (pairs, key) in keyed {
            let all = pick(&mut self.all, key);
            all.tp_pred += pairs.len();
            all.n_pred += preds.len();
            all.tp_gold += pairs.len();
            all.n_gold += golds.len();
            let direct = pick(&mut self.direct, key);
            direct.tp_pred += pairs.iter().filter(|&&(_, pi)| preds[pi].direct).count();
            direct.n_pred += n_direct_pred;
            direct.tp_gold += pairs.iter().filter(|&&(gi, _)| golds[gi].direct).count();
            direct.n_gold += n_direct_gold;
        }
        self.invalid_predictions += preds.iter().filter(|p| !p.valid).count();
        let mut taken = vec![false; preds.len()];
        for &(_, pi) in &m.partial {
            taken[pi] = true;
        }
        self.unmatched_pred_overlapping_gold += preds
            .iter()
            .enumerate()
            .filter(|&(pi, p)| {
                !taken[pi]
                    && golds
                        .iter()
                        .any(|g| intersection(&g.content, &p.content) > 0)
            })
            .count();
    }
}

fn pick(s: &mut SubsetCounts, key: usize) -> &mut Counts {
    match key {
        0 => &mut s.content_partial,
        1 => &mut s.content_exact,
        _ => &mut s.attribution,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn region_texts(s: &str) -> Vec<String> {
        let t = chars(s);
        quote_regions(&t)
            .into_iter()
            .map(|(a, b)| t[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn curly_and_straight_quotes_make_regions() {
        assert_eq!(
            region_texts("He said “no way” and \"never\" today."),
            ["“no way”", "\"never\""]
        );
    }

    #[test]
    fn unclosed_double_quote_runs_to_line_end() {
        assert_eq!(
            region_texts("“First part\n“Second part.” he said"),
            ["“First part", "“Second part.”"]
        );
    }

    #[test]
    fn apostrophes_and_possessives_are_not_quotes() {
        assert_eq!(
            region_texts("Don’t touch the voters’ rights"),
            Vec::<String>::new()
        );
        assert_eq!(region_texts("He called it ‘absurd’ twice"), ["‘absurd’"]);
        assert_eq!(region_texts("She said 'fine' and left"), ["'fine'"]);
    }

    #[test]
    fn trimming_joins_fragments_split_at_punctuation() {
        let t = chars("“Stop?” “Go.”");
        // "Stop" and "Go" as two fragments: the gap is only marks and space
        assert_eq!(trim_segments(&t, &[(1, 5), (9, 11)]), [(1, 11)]);
        assert_eq!(trim_segments(&t, &[(0, 1)]), []);
    }

    #[test]
    fn words_fold_case_and_drop_possessives() {
        assert_eq!(words("Sen. O'Neill’s aide"), ["sen", "o'neill", "aide"]);
        assert_eq!(words("STRAßE Trump's"), ["strasse", "trump"]);
        assert_eq!(words(""), Vec::<String>::new());
    }

    #[test]
    fn direct_needs_half_the_visible_characters_quoted() {
        let t = chars("“ab cd” ef");
        let idx = DirectIndex::new(&t);
        assert!(idx.is_direct(&[(0, 7)]));
        assert!(idx.is_direct(&[(1, 10)])); // 5 of 7 visible characters are quoted (marks count)
        assert!(!idx.is_direct(&[(7, 10)]));
    }

    #[test]
    fn greedy_matching_prefers_the_higher_ratio() {
        let t = chars("aaaa bbbb cccc");
        let idx = DirectIndex::new(&t);
        let g = [prep_gold(&t, &idx, &[(0, 9)], &[], None, Some(false))];
        let p = [
            prep_pred(&t, &idx, Some(&[(0, 4)]), None, None),
            prep_pred(&t, &idx, Some(&[(0, 9)]), None, None),
        ];
        assert_eq!(greedy_match(&g, &p, false), [(0, 1)]);
        assert_eq!(greedy_match(&g, &p, true), [(0, 1)]);
    }

    #[test]
    fn a_source_less_gold_matches_only_a_null_source() {
        let t = chars("Critics said it was late.");
        let idx = DirectIndex::new(&t);
        let g = prep_gold(&t, &idx, &[(13, 24)], &[], None, None);
        let null = prep_pred(&t, &idx, Some(&[(13, 24)]), None, Some("critics"));
        let named = prep_pred(
            &t,
            &idx,
            Some(&[(13, 24)]),
            Some(&[(0, 7)]),
            Some("Critics"),
        );
        assert!(speaker_matches(&g, &null));
        assert!(!speaker_matches(&g, &named));
    }
}
