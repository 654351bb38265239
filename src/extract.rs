//! The engine: runs the compiled patterns over each sentence, builds
//! records, joins split and continued quotes, and resolves speakers.

use crate::attribute::{read_speaker, Mention, Registry, Side};
use crate::record::{ArticleMeta, Cue, Kind, Record, Span, Speaker, SpeakerType, SEGMENT_JOINER};
use crate::rules::{Captures, Group};
use crate::rules::{CompiledPattern, Gender, KindRule, RuleSet, SpeakerFrom};
use crate::text::{self, CharIndex, Masked};
use std::collections::HashMap;

/// "X, a spokesman for Y, said" or "X, who …, said": when the phrase before
/// the cue (`[a, b)`) opens with a lowercase word and follows a comma, the
/// speaker is the name before that comma and the phrase is its title.
fn apposition_host(
    rules: &RuleSet,
    text: &str,
    sent_start: usize,
    a: usize,
    b: usize,
) -> Option<Mention> {
    let phrase = &text[a..b];
    let first = phrase.split_whitespace().next()?;
    if !first.starts_with(|c: char| c.is_lowercase())
        || rules.lexicon.not_apposition.contains(first)
    {
        return None;
    }
    let before = text[sent_start..a].trim_end();
    let comma = before.strip_suffix(',')?;
    let host_start = comma.rfind([',', ';', ':', '(', ')']).map_or(0, |i| i + 1);
    let hs = sent_start + host_start;
    let he = sent_start + comma.len();
    let mut host = read_speaker(rules, text, hs, he, Side::BeforeCue)?;
    if !matches!(host.kind, SpeakerType::Person | SpeakerType::Organization) {
        return None;
    }
    if host.title.is_none() && host.kind == SpeakerType::Person && !first.starts_with("wh") {
        host.title = Some(phrase.trim().to_string());
    }
    Some(host)
}

/// After "said X": ", the council's finance chair" gives X a title, and
/// "said the French headliner, Camille Roux" names the role.
fn after_inverted_speaker(rules: &RuleSet, text: &str, end: usize, m: &mut Mention) {
    let rest = &text[end..];
    let Some(after) = rest.strip_prefix(", ") else {
        return;
    };
    let stop = after
        .find(['.', ',', ';', ':', '\n', '"', '“', '”'])
        .unwrap_or(after.len());
    let phrase = &after[..stop];
    if phrase.is_empty() || phrase.split_whitespace().count() > 12 {
        return;
    }
    let ps = end + 2;
    let first = phrase.split_whitespace().next().unwrap_or("");
    if m.kind == SpeakerType::Unknown && first.starts_with(char::is_uppercase) {
        if let Some(mut named) = read_speaker(rules, text, ps, ps + phrase.len(), Side::AfterCue) {
            if named.kind == SpeakerType::Person && named.span.1 == ps + phrase.trim_end().len() {
                named.title = Some(text[m.span.0..m.span.1].to_string());
                *m = named;
            }
        }
    } else if m.kind == SpeakerType::Person
        && m.title.is_none()
        && first.starts_with(char::is_lowercase)
        && !rules.lexicon.not_apposition.contains(first)
        && !first.starts_with("wh")
        && rules.verb(first).is_none()
    {
        m.title = Some(phrase.trim().to_string());
    }
}

/// What one sentence holds, to skip patterns that cannot match it.
struct SentenceFacts {
    verb: bool,
    quote: bool,
    lower: String,
}

impl SentenceFacts {
    fn of(rules: &RuleSet, masked: &str) -> SentenceFacts {
        let bytes = masked.as_bytes();
        let verb = rules.verb_finder.find_overlapping_iter(masked).any(|m| {
            let before = m.start().checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(m.end()).copied();
            let edge = |b: Option<u8>| b.is_none_or(|b| !b.is_ascii_alphanumeric());
            edge(before) && edge(after) && bytes[m.start()].is_ascii_lowercase()
        });
        SentenceFacts {
            verb,
            quote: memchr::memchr(crate::text::MASK_OPEN, bytes).is_some(),
            lower: masked.to_lowercase(),
        }
    }

    fn allows(&self, needs: &crate::rules::Needs) -> bool {
        (!needs.verb || self.verb)
            && (!needs.quote || self.quote)
            && needs
                .all_of
                .iter()
                .all(|alts| alts.iter().any(|l| self.lower.contains(l.as_str())))
    }
}

/// A record under construction, before speaker resolution.
#[derive(Debug, Clone)]
struct Draft {
    kind: Kind,
    spans: Vec<(usize, usize)>,
    speaker: Option<Mention>,
    cue: Option<(usize, usize)>,
    via: Option<String>,
    rule: String,
    /// The paragraph index, for continuation across paragraphs.
    para: usize,
}

/// Extracts every quote of one article.
pub fn extract(rules: &RuleSet, doc: &str, text: &str) -> Vec<Record> {
    extract_with_meta(rules, doc, text, &ArticleMeta::default())
}

/// Extracts every quote of one article, stamping each record with `meta`.
pub fn extract_with_meta(
    rules: &RuleSet,
    doc: &str,
    text: &str,
    meta: &ArticleMeta,
) -> Vec<Record> {
    let mut drafts = find_drafts(rules, text);
    colon_block_quotes(rules, text, &mut drafts);
    quote_after_short_content(rules, text, &mut drafts);
    let resolved = resolve(rules, text, drafts);
    let mut records = finish(doc, text, meta, resolved);
    crate::context::fill(rules, text, &mut records);
    records
}

fn is_boilerplate(rules: &RuleSet, line: &str) -> bool {
    let t = line.trim();
    rules
        .boiler_prefixes
        .iter()
        .any(|p| t.starts_with(p.as_str()))
        || rules.boiler_patterns.iter().any(|r| r.is_match(t))
}

fn find_drafts(rules: &RuleSet, text: &str) -> Vec<Draft> {
    let mut drafts: Vec<Draft> = Vec::new();
    let paras = text::paragraphs(text);
    let is_abbrev = |w: &str| rules.abbreviations.contains(w);
    // the last direct draft, and whether its paragraph ended inside a quote
    let mut last_direct: Option<usize> = None;
    let mut open_quote_continues = false;
    for (pi, &para) in paras.iter().enumerate() {
        let line = &text[para.start..para.end];
        if is_boilerplate(rules, line) {
            last_direct = None;
            continue;
        }
        let masked = Masked::new(text, para);
        let sents = text::sentences(&masked, text, is_abbrev, |w| {
            rules.verb(w).is_some() && !rules.lexicon.nounish_forms.contains(w)
        });
        let continues_prev = open_quote_continues;
        open_quote_continues = masked.quotes.last().is_some_and(|q| !q.closed);
        for (si, &(ss, se)) in sents.iter().enumerate() {
            let sent_first = drafts.len();
            let facts = SentenceFacts::of(rules, &masked.text[ss - para.start..se - para.start]);
            for pat in rules.patterns.iter().filter(|p| facts.allows(&p.needs)) {
                run_pattern(
                    rules,
                    text,
                    &masked,
                    pat,
                    (ss, se),
                    pi,
                    sent_first,
                    &mut drafts,
                );
            }
            drafts[sent_first..].sort_by_key(|d| d.spans[0].0);
            join_split_quotes(text, &masked, (ss, se), &mut drafts[sent_first..]);
            if let Some(i) = (sent_first..drafts.len())
                .rev()
                .find(|&i| drafts[i].kind == Kind::Direct)
            {
                last_direct = Some(i);
            }
            if drafts.len() > sent_first {
                continue;
            }
            // A sentence that is only a quotation, with no cue of its own,
            // continues the last direct quote as a further segment, in the
            // same paragraph or in the next one (PolNeAR joins a quote
            // continued across paragraphs into one attribution).
            let Some(q) = lone_quote(text, &masked, (ss, se)) else {
                continue;
            };
            let Some(li) = last_direct else { continue };
            let prev_para = drafts[li].para;
            if prev_para == pi {
                drafts[li].spans.push(q.inner);
            } else if prev_para + 1 == pi && si == 0 && (continues_prev || q.double) {
                drafts[li].spans.push(q.inner);
                drafts[li].para = pi;
            }
        }
    }
    drafts.sort_by_key(|d| d.spans[0].0);
    keep_supported_colon_cues(text, &mut drafts);
    drafts
}

/// `Cruz tweeted a warning. "Missouri: remember …"`: a sentence that is
/// only a quotation, right after a record whose short reported content ends
/// the sentence before it in the same paragraph, is that record's next
/// segment (the quotation spells out "a warning").
fn quote_after_short_content(rules: &RuleSet, text: &str, drafts: &mut [Draft]) {
    let is_abbrev = |w: &str| rules.abbreviations.contains(w);
    // Drafts come sorted by where they start. Every segment of every draft,
    // sorted by start, with the furthest end so far: whether any segment
    // overlaps a span is then one binary search (a long text stays linear).
    let mut segs: Vec<(usize, usize)> = drafts.iter().flat_map(|d| d.spans.clone()).collect();
    segs.sort_unstable();
    let mut max_end = Vec::with_capacity(segs.len());
    for &(_, e) in &segs {
        max_end.push(max_end.last().map_or(e, |&m: &usize| m.max(e)));
    }
    let claimed = |(s, e): (usize, usize)| {
        let k = segs.partition_point(|&(a, _)| a < e);
        k > 0 && max_end[k - 1] > s
    };
    let starting_in = |drafts: &[Draft], (s, e): (usize, usize)| {
        let from = drafts.partition_point(|d| d.spans[0].0 < s);
        let to = drafts.partition_point(|d| d.spans[0].0 < e);
        from..to.max(from)
    };
    for para in text::paragraphs(text) {
        let inside = |d: &Draft| d.spans[0].1 <= para.end;
        if !drafts[starting_in(drafts, (para.start, para.end))]
            .iter()
            .any(inside)
        {
            continue;
        }
        let masked = Masked::new(text, para);
        let sents = text::sentences(&masked, text, is_abbrev, |w| {
            rules.verb(w).is_some() && !rules.lexicon.nounish_forms.contains(w)
        });
        for pair in sents.windows(2) {
            let ((ps, pe), (ss, se)) = (pair[0], pair[1]);
            let Some(q) = lone_quote(text, &masked, (ss, se)) else {
                continue;
            };
            if claimed((ss, se)) {
                continue;
            }
            let prev_end = ps + text[ps..pe].trim_end_matches(['.', ':', ' ']).len();
            let range = starting_in(drafts, (ps, prev_end));
            let Some(d) = drafts[range].iter_mut().rev().find(|d| {
                d.kind != Kind::Direct
                    && d.spans.len() == 1
                    && d.spans[0].1 == prev_end
                    && text[d.spans[0].0..d.spans[0].1].split_whitespace().count() <= 4
            }) else {
                continue;
            };
            // (a later sentence never overlaps this one: the index stands)
            d.spans.push(q.inner);
            d.kind = Kind::Mixed;
        }
    }
}

/// `Cruz continued:` or `X issued the following statement:` closing a
/// paragraph, and the next paragraph opening with a quotation: the
/// introduction and the quotation are read as one sentence, so the usual
/// `{speaker} {cue} : {quote}` patterns apply across the paragraph break.
fn colon_block_quotes(rules: &RuleSet, text: &str, drafts: &mut Vec<Draft>) {
    let paras = text::paragraphs(text);
    let is_abbrev = |w: &str| rules.abbreviations.contains(w);
    let mut found = Vec::new();
    for (pi, pair) in paras.windows(2).enumerate() {
        let (intro, next) = (pair[0], pair[1]);
        let line = text[intro.start..intro.end].trim_end();
        let quoted = text[next.start..next.end]
            .trim_start()
            .starts_with(['"', '“', '\'', '‘', '«']);
        if !line.ends_with(':') || !quoted || is_boilerplate(rules, line) {
            continue;
        }
        let masked = Masked::new(text, intro);
        let Some(q) = Masked::new(text, next).quotes.first().map(|q| q.inner) else {
            continue;
        };
        if drafts.iter().any(|d| overlaps_any(&d.spans, q)) {
            continue;
        }
        let sents = text::sentences(&masked, text, is_abbrev, |w| {
            rules.verb(w).is_some() && !rules.lexicon.nounish_forms.contains(w)
        });
        let Some(&(ss, se)) = sents.last() else {
            continue;
        };
        // "Reyes explained his objections:" already made a record: the
        // quotation is its next segment
        let colon = ss + text[ss..se].trim_end().len();
        if let Some(d) = drafts.iter_mut().find(|d| {
            d.cue.is_some_and(|c| overlaps(c, (ss, se)))
                && d.spans.last().is_some_and(|&(_, e)| {
                    text[e..colon]
                        .trim_end_matches([':', ' ', '.', '"', '”', '’', '\''])
                        .is_empty()
                })
        }) {
            d.spans.push(q);
            if d.kind == Kind::Indirect {
                d.kind = Kind::Mixed;
            }
            continue;
        }
        if drafts
            .iter()
            .any(|d| d.cue.is_some_and(|c| overlaps(c, (ss, se))))
        {
            continue;
        }
        // the introduction, one space, then the quoted paragraph
        let head = &text[ss..se];
        let joined = format!("{head} {}", &text[next.start..next.end]);
        let back = |o: usize| {
            if o <= head.len() {
                ss + o
            } else {
                next.start + (o - head.len() - 1)
            }
        };
        for mut d in find_drafts(rules, &joined) {
            let spans_after = d.spans.iter().all(|&(a, _)| a > head.len());
            let cue_before = d.cue.is_some_and(|(_, e)| e <= head.len());
            if d.kind != Kind::Direct || !spans_after || !cue_before {
                continue;
            }
            d.spans = d.spans.iter().map(|&(a, b)| (back(a), back(b))).collect();
            d.cue = d.cue.map(|(a, b)| (back(a), back(b)));
            if let Some(m) = d.speaker.as_mut() {
                m.span = (back(m.span.0), back(m.span.1));
            }
            d.para = pi + 1;
            found.push(d);
        }
    }
    if !found.is_empty() {
        drafts.extend(found);
        drafts.sort_by_key(|d| d.spans[0].0);
    }
}

/// A colon attribution ("Too late for talks: Trump", "WALLACE: …",
/// "Clinton: \"…\"") stands only when its name appears again outside its
/// own line; "…: Report" or "Key Points: …" do not.
fn keep_supported_colon_cues(text: &str, drafts: &mut Vec<Draft>) {
    let is_colon = |d: &Draft| d.cue.is_some_and(|(s, e)| text[s..e].trim() == ":");
    if !drafts.iter().any(is_colon) {
        return;
    }
    // every word's positions, found once (a long text with many labels stays
    // linear)
    let lower = text.to_ascii_lowercase();
    let mut index: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut start = None;
    for (i, c) in lower
        .char_indices()
        .chain(std::iter::once((lower.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                index.entry(&lower[s..i]).or_default().push(s);
                start = None;
            }
            _ => {}
        }
    }
    drafts.retain(|d| {
        if !is_colon(d) {
            return true;
        }
        let Some(m) = &d.speaker else { return false };
        let Some(word) = text[m.span.0..m.span.1].split_whitespace().last() else {
            return false;
        };
        let word = word
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .to_ascii_lowercase();
        let line_start = text[..m.span.0].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[m.span.1..]
            .find('\n')
            .map_or(text.len(), |i| m.span.1 + i);
        let line = text[line_start..line_end].trim();
        word.len() > 1
            && index.get(word.as_str()).is_some_and(|positions| {
                positions.iter().any(|&i| {
                    let outside = i < line_start || i >= line_end;
                    // a repeated headline line is no support
                    outside && {
                        let ls = text[..i].rfind('\n').map_or(0, |k| k + 1);
                        let le = text[i..].find('\n').map_or(text.len(), |k| i + k);
                        text[ls..le].trim() != line
                    }
                })
            })
    });
}

/// `"A," he said, "B."` and `"A," she told CNN in May: "B."`: a quotation
/// after a direct record's cue and speaker, with only a short phrase and a
/// comma or colon between, is the same quote's next segment.
fn join_split_quotes(text: &str, m: &Masked, (_, se): (usize, usize), drafts: &mut [Draft]) {
    for d in drafts.iter_mut().filter(|d| d.kind == Kind::Direct) {
        let mut after = d.spans[d.spans.len() - 1].1;
        if let Some((_, ce)) = d.cue {
            after = after.max(ce);
        }
        if let Some(sp) = &d.speaker {
            after = after.max(sp.span.1);
        }
        // (quotes_in, not a scan of all the paragraph's quotations per draft)
        let Some(q) = m.quotes_in(after, se).next() else {
            continue;
        };
        let gap = text[after..q.outer.0].trim_end();
        // (up to 16 words: `said X, director of … in London, "…"`)
        let short =
            gap.split_whitespace().count() <= 16 && !gap.contains(['.', ';', '"', '“', '”']);
        if short && gap.ends_with([',', ':']) {
            d.spans.push(q.inner);
        }
    }
}

/// The quotation that makes up the whole sentence (give or take
/// punctuation), if there is one.
fn lone_quote<'m>(
    text: &str,
    m: &'m Masked,
    (s, e): (usize, usize),
) -> Option<&'m text::Quotation> {
    let q = m.quotes_in(s, e).next()?;
    let before = &text[s..q.outer.0];
    // the sentence opens with the quotation (words may follow: `"…" and
    // other pocketbook issues.`); the caller has checked it has no cue
    before.trim().is_empty().then_some(q)
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn overlaps_any(spans: &[(usize, usize)], b: (usize, usize)) -> bool {
    spans.iter().any(|&a| overlaps(a, b))
}

fn abs(ss: usize, m: &Group) -> (usize, usize) {
    (ss + m.start(), ss + m.end())
}

#[allow(clippy::too_many_arguments)]
fn run_pattern(
    rules: &RuleSet,
    text: &str,
    masked: &Masked,
    pat: &CompiledPattern,
    (ss, se): (usize, usize),
    pi: usize,
    sent_first: usize,
    drafts: &mut Vec<Draft>,
) {
    let base = masked.para.start;
    let hay = &masked.text[ss - base..se - base];
    // A match that yields no record ("generals who agree with him,
    // Benjamin said …" read as "… agree …") must not hide a later cue: the
    // search resumes after its cue.
    let mut from = 0;
    loop {
        let mut resume = None;
        for caps in pat.regex.captures_iter_from(hay.as_bytes(), from) {
            // byte classes can end a group inside a character: skip such matches
            if caps
                .iter()
                .flatten()
                .any(|m| !hay.is_char_boundary(m.start()) || !hay.is_char_boundary(m.end()))
            {
                continue;
            }
            let Some(d) = draft_from(
                rules,
                text,
                masked,
                pat,
                &caps,
                ss,
                pi,
                &drafts[sent_first..],
            ) else {
                resume = caps.name("cue").map(|c| c.end());
                break;
            };
            let (d, second) = split_conjoined(rules, text, masked, d);
            for d in std::iter::once(d).chain(second) {
                // records of earlier sentences cannot overlap this one's
                let clash = drafts[sent_first..].iter().any(|o| {
                    d.spans.iter().any(|&s| overlaps_any(&o.spans, s))
                        || o.cue.is_some_and(|c| d.cue == Some(c))
                });
                if !clash {
                    drafts.push(d);
                }
            }
        }
        match resume {
            Some(r) if r > from => from = r,
            _ => break,
        }
    }
}

/// Cuts a reported clause where a second cue starts: ", asserting that …"
/// (left to the participle patterns) or "… but dismissed it as …", which
/// becomes a second record with the same speaker.
fn split_conjoined(
    rules: &RuleSet,
    text: &str,
    masked: &Masked,
    mut d: Draft,
) -> (Draft, Option<Draft>) {
    if d.kind == Kind::Direct || d.kind == Kind::Headline || d.spans.len() != 1 {
        return (d, None);
    }
    let (cs, ce) = d.spans[0];
    let content = &text[cs..ce];
    let mut prev: Option<&str> = None;
    let mut prev2: Option<&str> = None;
    let base = content.as_ptr() as usize;
    // ", and he foreshadowed …": a new clause with its own subject
    let joiners = rules
        .lexicon
        .clause_conjunctions
        .iter()
        .map(|c| format!(", {c} "));
    for conj in joiners.chain(["; ".to_string()]) {
        if let Some(i) = content.find(&conj) {
            let next = content[i + conj.len()..]
                .split_whitespace()
                .next()
                .unwrap_or("");
            if i > 0 && rules.lexicon.new_clause_subjects.contains(next) {
                d.spans[0] = trim_content(text, (cs, cs + i));
                return (d, None);
            }
        }
    }
    // the earliest ", citing …" or ", according to …" ends the clause
    let tail_at = (rules.lexicon.clause_tails.iter())
        .filter_map(|t| content.find(&format!(", {t} ")))
        .filter(|&i| i > 0)
        .min();
    if let Some(i) = tail_at {
        d.spans[0] = trim_content(text, (cs, cs + i));
        return (d, None);
    }
    for w in content.split_whitespace() {
        let off = w.as_ptr() as usize - base;
        let lw = w.trim_end_matches([',', '.', ';']);
        let is_form = lw.chars().all(|c| c.is_ascii_lowercase()) && rules.verb(lw).is_some();
        if is_form && off > 0 {
            // ", asserting that ...": the participle patterns take it
            let after_comma =
                prev.is_some_and(|p| p.trim_end_matches(['"', '”', '’', '\'']).ends_with(','));
            if lw.ends_with("ing") && after_comma {
                d.spans[0] = trim_content(text, (cs, cs + off));
                return (d, None);
            }
            let lex = &rules.lexicon;
            let conj = |p: Option<&str>| p.is_some_and(|p| lex.conjunctions.contains(p));
            let adverb = prev.is_some_and(|p| lex.conjunction_adverbs.contains(p));
            let joined = conj(prev) || (adverb && conj(prev2));
            if joined && !lw.ends_with("ing") && !rules.lexicon.nounish_forms.contains(lw) {
                let conj_at = (lex.conjunctions.iter())
                    .filter_map(|c| content[..off].rfind(&format!(" {c} ")))
                    .max()
                    .unwrap_or(off);
                let cue = (cs + off, cs + off + lw.len());
                let rest = trim_content(text, (cue.1, ce));
                d.spans[0] = trim_content(text, (cs, cs + conj_at));
                if d.spans[0].1 <= d.spans[0].0 {
                    return (d, None);
                }
                d.kind = content_kind(masked, d.spans[0], d.kind);
                if rest.1 <= rest.0 + 3 {
                    return (d, None);
                }
                let mut second = d.clone();
                second.spans = vec![rest];
                second.cue = Some(cue);
                second.rule = "conjoined-cue".to_string();
                second.kind = content_kind(masked, rest, Kind::Indirect);
                return (d, Some(second));
            }
        }
        prev2 = prev;
        prev = Some(w);
    }
    (d, None)
}

/// Mixed when a reported clause holds a quotation, else indirect.
fn content_kind(masked: &Masked, (s, e): (usize, usize), current: Kind) -> Kind {
    match current {
        Kind::Mixed | Kind::Indirect => {
            if masked.quotes_in(s, e + 3).next().is_some() {
                Kind::Mixed
            } else {
                Kind::Indirect
            }
        }
        k => k,
    }
}

#[allow(clippy::too_many_arguments)]
fn draft_from(
    rules: &RuleSet,
    text: &str,
    masked: &Masked,
    pat: &CompiledPattern,
    caps: &Captures,
    ss: usize,
    pi: usize,
    same_sentence: &[Draft],
) -> Option<Draft> {
    let cue_m = caps.name("cue")?;
    let cue = abs(ss, &cue_m);
    let cue_text = text[cue.0..cue.1].to_lowercase();
    let verb_word = cue_text.split_whitespace().last().unwrap_or("");
    let verb = rules
        .verb(verb_word)
        .or_else(|| rules.verb(cue_text.trim()));

    // Content: one quotation, or a clause (which may hold quotations).
    let (spans, quoted_whole, has_quote) = if let Some(q) = caps.name("quote") {
        let qa = abs(ss, &q);
        let quote = masked.quote_at(qa.0)?;
        // `… calls it a "rigged economy" he says`: a short quoted phrase
        // with no stop or comma of its own closes the clause before it; it
        // is no quotation that the following cue introduces
        if qa.1 <= cue.0 && is_scare_quote(text, quote.inner) {
            let gap_end = caps
                .name("speaker")
                .map_or(cue.0, |sp| ss + sp.start())
                .max(quote.outer.1);
            if !text[quote.outer.1..gap_end].contains(',') {
                return None;
            }
        }
        // `Pataki says Kasich "has a record." He warns that …` or `the
        // approach remained "one of commitment," Carter said`: a quotation
        // that ends its own sentence, or a few quoted words, inside a clause
        // belong to that clause
        let inner = text[quote.inner.0..quote.inner.1].trim_end();
        if qa.1 <= cue.0 && (inner.ends_with('.') || inner.split_whitespace().count() <= 4) {
            let lead = text[ss..quote.outer.0].trim_end();
            if !lead.is_empty() && !lead.ends_with([':', ',']) {
                return None;
            }
        }
        (vec![quote.inner], true, true)
    } else {
        let c = caps.name("content")?;
        let (cs, ce) = trim_content(text, abs(ss, &c));
        if ce <= cs
            || rules
                .lexicon
                .tail_openers
                .iter()
                .any(|t| text[cs..ce].starts_with(t))
        {
            return None;
        }
        let inner: Vec<_> = masked.quotes_in(cs, ce).collect();
        let whole = inner.len() == 1 && inner[0].outer.0 <= cs + 1 && inner[0].outer.1 + 1 >= ce;
        if whole {
            (vec![inner[0].inner], true, true)
        } else {
            (vec![(cs, ce)], false, !inner.is_empty())
        }
    };
    let mut spans = spans;
    let mut kind_override = None;
    // `said that in her state, "there is pessimism."`: a reported clause
    // opened by "that" before the quotation is part of the content
    if let (Some(adj), Some(q)) = (caps.name("adjunct"), caps.name("quote")) {
        let (a0, a1) = abs(ss, &adj);
        let adjunct = text[a0..a1].trim_start();
        if let (Some(clause), Some(quote)) = (
            adjunct.strip_prefix("that "),
            masked.quote_at(abs(ss, &q).0),
        ) {
            spans = vec![(a1 - clause.len(), quote.outer.1)];
            kind_override = Some(Kind::Mixed);
        }
    }
    if let Some(more) = caps.name("more") {
        let (ms, me) = trim_content(text, abs(ss, &more));
        if rules
            .lexicon
            .tail_openers
            .iter()
            .any(|t| text[ms..me].starts_with(t))
        {
            return None;
        }
        if me > ms {
            spans.push((ms, me));
        }
    }
    let kind = match (kind_override, pat.kind) {
        (Some(k), _) => k,
        (None, KindRule::Fixed(k)) => k,
        (None, KindRule::Auto) if quoted_whole => Kind::Direct,
        (None, KindRule::Auto) if has_quote => Kind::Mixed,
        (None, KindRule::Auto) => Kind::Indirect,
    };
    if let Some(v) = verb {
        let allowed = match kind {
            Kind::Direct => v.direct,
            Kind::Mixed => v.mixed || v.indirect,
            Kind::Indirect => v.indirect,
            Kind::Headline => true,
        };
        if !allowed {
            return None;
        }
    }
    if kind == Kind::Indirect && spans[0].1 - spans[0].0 < 8 {
        return None;
    }
    // "estimated by Forbes", "his home state of Texas": a clause that opens
    // with one of these is no reported speech (ranked on the train split)
    if kind == Kind::Indirect {
        let first = text[spans[0].0..spans[0].1]
            .split_whitespace()
            .next()
            .unwrap_or("");
        if rules.lexicon.not_content_openers.contains(first) {
            return None;
        }
    }

    // A bare participle ("citing", "saying") is no finite attribution: only
    // the participle patterns, which take the clause's speaker, use one.
    if pat.speaker_from == SpeakerFrom::Slot && verb_word.ends_with("ing") {
        let before = text[..cue.0].trim_end();
        let progressive =
            (rules.lexicon.progressive_auxiliaries.iter()).any(|aux| before.ends_with(aux));
        if !progressive {
            return None;
        }
    }
    let speaker = match pat.speaker_from {
        SpeakerFrom::Previous => {
            if !cue_text.ends_with("ing") {
                return None;
            }
            match same_sentence.last() {
                Some(d) => Some(d.speaker.clone()?),
                None => Some(crate::attribute::clause_subject(rules, text, ss, cue.0)?),
            }
        }
        SpeakerFrom::Slot => {
            let sp = caps.name("speaker")?;
            let (a, b) = abs(ss, &sp);
            let side = if a < cue.0 {
                Side::BeforeCue
            } else {
                Side::AfterCue
            };
            let aux = (cue_text.split_whitespace().next())
                .is_some_and(|w| rules.lexicon.auxiliaries.contains(w));
            // "…, citing X" is a participle of the clause, never an inversion
            let no_inversion = verb.is_some_and(|v| !v.invert);
            if side == Side::AfterCue && (aux || no_inversion || cue_text.ends_with("ing")) {
                return None; // "…, said X" takes no auxiliary: "have urged X" is no inversion
            }
            let mut own = read_speaker(rules, text, a, b, side);
            // "said the French headliner, Camille Roux": a name after a
            // role the engine cannot read on its own
            if own.is_none() {
                if let Some(tn) = caps.name("tail_name") {
                    let (ts, te) = abs(ss, &tn);
                    own = read_speaker(rules, text, ts, te, Side::AfterCue)
                        .filter(|n| n.kind == SpeakerType::Person)
                        .map(|mut n| {
                            n.title = Some(text[a..b].to_string());
                            n
                        });
                }
            }
            // "Mrs. Clinton shook her head and said": the subject of the
            // clause the cue is joined to
            if own.is_none() && side == Side::BeforeCue {
                let phrase = text[a..b].trim_end();
                if let Some(clause) = phrase
                    .strip_suffix(" and")
                    .or_else(|| phrase.strip_suffix(" but"))
                {
                    let end = a + clause.len();
                    own = crate::attribute::conjoined_subject(rules, text, a, end)
                        .or_else(|| crate::attribute::clause_subject(rules, text, ss, end));
                }
            }
            // A colon cue needs the whole phrase to be a name: "Clinton:",
            // never "A volunteer told him:".
            if cue_text.trim() == ":"
                && !own.as_ref().is_some_and(|m| {
                    m.span.0 == a
                        && matches!(m.kind, SpeakerType::Person | SpeakerType::Organization)
                })
            {
                return None;
            }
            let host = if side == Side::BeforeCue {
                apposition_host(rules, text, ss, a, b)
            } else {
                None
            };
            if side == Side::AfterCue {
                if let Some(m) = own.as_mut() {
                    after_inverted_speaker(rules, text, b, m);
                }
            }
            // The phrase's own name wins ("…, former UN Ambassador John
            // Bolton told"); the host only stands in for a role or clause.
            // A pronoun is its own speaker ("Sure, he admits"); a clause
            // opening with a participle ("Mr. Trump, asked about Mr. Putin,
            // had said") hands over to the name before its comma.
            let first_word = text[a..b].split_whitespace().next().unwrap_or("");
            let participle_clause = first_word.starts_with(char::is_lowercase)
                && (first_word.ends_with("ed") || first_word.ends_with("ing"))
                && !rules.title_modifiers.contains(first_word);
            let own_named = own.as_ref().is_some_and(|m| {
                m.kind == SpeakerType::Pronoun
                    || (matches!(m.kind, SpeakerType::Person | SpeakerType::Organization)
                        && m.name.starts_with(char::is_uppercase)
                        && !participle_clause)
            });
            let mut m = match (own, host) {
                (Some(m), _) if own_named => m,
                (_, Some(mut h)) => {
                    // "Lindsey Graham, who has called for …": the relative
                    // pronoun is the mention in the cue's own clause; the
                    // name stays the host's
                    let first = text[a..b].split_whitespace().next().unwrap_or("");
                    let rel = first.trim_end_matches("'s").trim_end_matches("’s");
                    if rules.lexicon.relative_pronouns.contains(rel) {
                        h.span = (a, a + rel.len());
                    }
                    h
                }
                (Some(m), None) => m,
                (None, None) => return None,
            };
            // "said the French headliner, Camille Roux": the name after a role
            if let Some(tn) = caps.name("tail_name") {
                let (ts, te) = abs(ss, &tn);
                if m.kind == SpeakerType::Unknown {
                    if let Some(mut named) = read_speaker(rules, text, ts, te, Side::AfterCue) {
                        if named.kind == SpeakerType::Person {
                            named.title = Some(text[m.span.0..m.span.1].to_string());
                            m = named;
                        }
                    }
                }
            }
            if let Some(ap) = caps.name("appos") {
                let (aps, ape) = abs(ss, &ap);
                let appos = &text[aps..ape];
                // "the Vatican spokesman, Federico Lombardi, told": the name
                // in apposition is the speaker, the role its title
                if appos.starts_with(char::is_uppercase)
                    && !appos.contains('-')
                    && m.kind != SpeakerType::Person
                {
                    if let Some(mut named) = read_speaker(rules, text, aps, ape, Side::AfterCue) {
                        if named.kind == SpeakerType::Person {
                            named.title = Some(text[m.span.0..m.span.1].to_string());
                            m = named;
                        }
                    }
                } else if appos.starts_with(char::is_uppercase) {
                    // a party tag ("R-Ky.") adds nothing to the title
                } else if m.title.is_none()
                    && m.kind == SpeakerType::Person
                    && !rules
                        .lexicon
                        .not_apposition
                        .contains(appos.split_whitespace().next().unwrap_or(""))
                    && !appos.starts_with("wh")
                {
                    // ", a spokesman for Y," is a title; ", in an interview," is not
                    m.title = Some(appos.trim().to_string());
                }
            }
            Some(m)
        }
    };
    if kind == Kind::Headline {
        // A headline needs a named speaker and a short claim.
        let sp = speaker.as_ref()?;
        if sp.kind != SpeakerType::Person || spans[0].1 - spans[0].0 > 120 {
            return None;
        }
    }
    let via = caps
        .name("via")
        .or_else(|| caps.name("tail_via"))
        .map(|m| text[ss + m.start()..ss + m.end()].to_string())
        .map(|v| outlet_name(rules, &v).unwrap_or(v));
    Some(Draft {
        kind,
        spans,
        speaker,
        cue: Some(cue),
        via,
        rule: pat.id.clone(),
        para: pi,
    })
}

/// A few quoted words that end with no punctuation ("rigged economy").
fn is_scare_quote(text: &str, (s, e): (usize, usize)) -> bool {
    let inner = text[s..e].trim_end();
    inner.chars().last().is_some_and(char::is_alphanumeric) && inner.split_whitespace().count() <= 6
}

/// The canonical outlet name when `phrase` names one.
fn outlet_name(rules: &RuleSet, phrase: &str) -> Option<String> {
    let p = phrase.trim();
    let p = p.strip_prefix("the ").unwrap_or(p);
    rules
        .outlets
        .iter()
        .find(|o| p.eq_ignore_ascii_case(o))
        .map(|o| o.strip_prefix("the ").unwrap_or(o).to_string())
}

/// Trims a reported clause: a leading "that", trailing punctuation.
fn trim_content(text: &str, (mut s, mut e): (usize, usize)) -> (usize, usize) {
    let t = &text[s..e];
    if let Some(rest) = t.strip_prefix("that ") {
        s = e - rest.len();
    }
    while e > s {
        let c = text[..e].chars().next_back().unwrap_or(' ');
        if c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':') {
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    while s < e && text[s..].starts_with(char::is_whitespace) {
        s += text[s..].chars().next().map_or(1, char::len_utf8);
    }
    (s, e)
}

/// A speaker after resolution.
struct Resolved {
    draft: Draft,
    name: Option<(String, Option<String>)>,
}

fn resolve(rules: &RuleSet, text: &str, drafts: Vec<Draft>) -> Vec<Resolved> {
    let mut reg = Registry::default();
    for d in &drafts {
        if let Some(m) = &d.speaker {
            if m.kind == SpeakerType::Person {
                reg.add(&m.name, m.title.as_deref(), m.gender, m.span.0);
            }
        }
    }
    add_titled_names(rules, text, &mut reg);
    let mut full_names = FullNames::new(rules, text);
    let mut out: Vec<Resolved> = Vec::with_capacity(drafts.len());
    for d in drafts {
        let name = d.speaker.as_ref().map(|m| match m.kind {
            SpeakerType::Person => match reg.full_name(&title_case_if_shouting(&m.name)) {
                Some(p) => (p.name.clone(), p.title.clone().or(m.title.clone())),
                None if !m.name.contains(' ') => {
                    let short = title_case_if_shouting(&m.name);
                    let full = full_names.full_name(&short).unwrap_or(short);
                    (full, m.title.clone())
                }
                None => {
                    let title = reg
                        .get(&m.name)
                        .and_then(|p| p.title.clone())
                        .or(m.title.clone());
                    (m.name.trim_end_matches("'s").to_string(), title)
                }
            },
            SpeakerType::Pronoun => {
                resolve_pronoun(&out, &reg, m, text).unwrap_or_else(|| (m.name.clone(), None))
            }
            SpeakerType::Unknown if m.title.is_some() => {
                resolve_role(&out, m).unwrap_or_else(|| (m.name.clone(), m.title.clone()))
            }
            // "HOLT:" reads like an acronym; a person of that name in the
            // article wins
            SpeakerType::Organization if !m.name.chars().any(char::is_lowercase) => {
                let short = title_case_if_shouting(&m.name);
                reg.full_name(&short)
                    .map(|p| p.name.clone())
                    .or_else(|| full_names.full_name(&short))
                    .map_or_else(
                        || (m.name.clone(), m.title.clone()),
                        |n| (n, m.title.clone()),
                    )
            }
            _ => (m.name.clone(), m.title.clone()),
        });
        out.push(Resolved { draft: d, name });
    }
    out
}

/// The first "Firstname Surname" in the text for a surname used alone
/// ("Holt" → "Dana Holt"), when a capitalized word stands right before it.
fn full_name_in_text(rules: &RuleSet, text: &str, surname: &str) -> Option<String> {
    let surname = surname.trim_end_matches("'s").trim_end_matches("’s");
    if surname.len() < 2 {
        return None;
    }
    text.match_indices(surname).find_map(|(i, _)| {
        let after = text[i + surname.len()..].chars().next();
        if after.is_some_and(char::is_alphanumeric) {
            return None;
        }
        first_name_before(rules, text, i).map(|first| format!("{first} {surname}"))
    })
}

/// The first name that stands just before byte `i` ("Jane " before
/// "Smith"), if the word there looks like one.
fn first_name_before<'t>(rules: &RuleSet, text: &'t str, i: usize) -> Option<&'t str> {
    let before = text[..i].strip_suffix(' ')?;
    let first = before.rsplit(|c: char| !c.is_alphabetic()).next()?;
    let looks_like_first_name = first.len() >= 2
        && first.starts_with(char::is_uppercase)
        && first.chars().skip(1).all(char::is_lowercase)
        && !rules.lexicon.not_first_names.contains(first);
    looks_like_first_name.then_some(first)
}

/// [`full_name_in_text`] for every speaker of an article, without a scan of
/// the whole text per record (quadratic on a long article): one pass indexes
/// the first "First Word" pair of each word, and other lookups are memoised.
struct FullNames<'t> {
    rules: &'t RuleSet,
    text: &'t str,
    /// A word (an alphanumeric run after a space) and the first full name
    /// it takes in the text; built on first use.
    index: Option<std::collections::HashMap<&'t str, String>>,
    /// Surnames that are not one alphanumeric run, looked up by a scan.
    memo: std::collections::HashMap<String, Option<String>>,
}

impl<'t> FullNames<'t> {
    fn new(rules: &'t RuleSet, text: &'t str) -> FullNames<'t> {
        FullNames {
            rules,
            text,
            index: None,
            memo: std::collections::HashMap::new(),
        }
    }

    fn full_name(&mut self, surname: &str) -> Option<String> {
        let bare = surname.trim_end_matches("'s").trim_end_matches("’s");
        if bare.len() < 2 {
            return None;
        }
        if !bare.chars().all(char::is_alphanumeric) {
            let (rules, text) = (self.rules, self.text);
            return self
                .memo
                .entry(bare.to_string())
                .or_insert_with(|| full_name_in_text(rules, text, bare))
                .clone();
        }
        // An alphanumeric surname matches where a word is exactly it (the
        // match must follow a space and precede a non-alphanumeric char).
        let (rules, text) = (self.rules, self.text);
        let index = self.index.get_or_insert_with(|| {
            let mut index = std::collections::HashMap::new();
            for (sp, _) in text.match_indices(' ') {
                let i = sp + 1;
                let rest = &text[i..];
                let len = rest
                    .find(|c: char| !c.is_alphanumeric())
                    .unwrap_or(rest.len());
                if len == 0 || index.contains_key(&rest[..len]) {
                    continue;
                }
                if let Some(first) = first_name_before(rules, text, i) {
                    index.insert(&rest[..len], format!("{first} {}", &rest[..len]));
                }
            }
            index
        });
        index.get(bare).cloned()
    }
}

/// True when `resolved` is a full name whose surname is the (shouted) `mention`.
fn name_is_person_of(resolved: &str, mention: &str) -> bool {
    resolved.contains(' ')
        && resolved
            .split_whitespace()
            .last()
            .is_some_and(|last| last.eq_ignore_ascii_case(mention))
}

/// "REDFIELD" → "Redfield", for interview labels; other names unchanged.
fn title_case_if_shouting(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_string();
    }
    name.split_whitespace()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f
                    .to_uppercase()
                    .chain(cs.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// Finds "Title Firstname Lastname" in the text, so short names and
/// pronouns can resolve to people who are named but never quoted in full.
fn add_titled_names(rules: &RuleSet, text: &str, reg: &mut Registry) {
    // Every occurrence of every title in one pass of the automaton, then
    // title by title (in rule order) and left to right, skipping an
    // occurrence that overlaps the title's previous one: the order in which
    // names reach the registry.
    let mut hits: Vec<(usize, usize)> = rules
        .title_finder
        .find_overlapping_iter(text)
        .map(|m| (m.pattern().as_usize(), m.start()))
        .collect();
    hits.sort_unstable();
    let mut next_free = (usize::MAX, 0);
    for (ti, at) in hits {
        let t = &rules.capitalised_titles[ti];
        if next_free.0 == ti && at < next_free.1 {
            continue;
        }
        next_free = (ti, at + t.len());
        let rest = &text[at + t.len()..];
        let names: Vec<&str> = rest
            .split_whitespace()
            .take_while(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && w.chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
            })
            .take(3)
            .collect();
        if names.len() >= 2 && rest.starts_with(' ') {
            let name = names.join(" ");
            let gender = rules
                .male
                .contains(t.as_str())
                .then_some(Gender::Male)
                .or(rules.female.contains(t.as_str()).then_some(Gender::Female));
            reg.add(&name, Some(t), gender, at);
        }
    }
}

/// How far back (bytes) a pronoun looks for a named person.
const PRONOUN_WINDOW: usize = 3000;

fn resolve_pronoun(
    prev: &[Resolved],
    reg: &Registry,
    m: &Mention,
    text: &str,
) -> Option<(String, Option<String>)> {
    let g = m.gender?;
    if !matches!(g, Gender::Male | Gender::Female | Gender::Plural) {
        return None;
    }
    // The subject of the last attribution, when it fits.
    for r in prev.iter().rev().take(6) {
        let Some(sp) = &r.draft.speaker else { continue };
        let Some((name, title)) = &r.name else {
            continue;
        };
        let fits = match g {
            Gender::Plural => {
                matches!(
                    sp.kind,
                    SpeakerType::Group | SpeakerType::Organization | SpeakerType::Anonymous
                ) || sp.gender == Some(Gender::Plural)
            }
            _ => {
                // a person; a pronoun of the same gender that found its
                // person; a role ("the spokesman"), never a place or a
                // body read as a name ("Iowa", "Islamic State")
                let kind_fits = match sp.kind {
                    SpeakerType::Person => true,
                    SpeakerType::Pronoun => {
                        sp.gender == Some(g) && name.starts_with(char::is_uppercase)
                    }
                    SpeakerType::Unknown => name.starts_with(char::is_lowercase),
                    _ => false,
                };
                kind_fits
                    && sp.gender != Some(Gender::Plural)
                    && reg
                        .get(name)
                        .and_then(|p| p.gender)
                        .is_none_or(|pg| pg == g)
            }
        };
        if fits {
            return Some((name.clone(), title.clone()));
        }
    }
    // Else the last person named before the pronoun.
    if g != Gender::Plural {
        // within the few paragraphs before the pronoun: a name further back
        // is no antecedent, and a bounded window keeps long texts linear
        let mut from = m.span.0.saturating_sub(PRONOUN_WINDOW);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let before = &text[from..m.span.0];
        return reg
            .people
            .iter()
            .filter(|p| p.gender.is_none_or(|pg| pg == g))
            .filter_map(|p| {
                let last = p.name.split_whitespace().last()?;
                before.rfind(last).map(|i| (i, p))
            })
            .max_by_key(|(i, _)| *i)
            .map(|(_, p)| (p.name.clone(), p.title.clone()));
    }
    None
}

fn resolve_role(prev: &[Resolved], m: &Mention) -> Option<(String, Option<String>)> {
    let phrase = m.name.to_lowercase();
    let role = phrase.split_whitespace().last()?;
    prev.iter().rev().find_map(|r| {
        let (name, title) = r.name.as_ref()?;
        let t = title.as_ref()?;
        t.to_lowercase()
            .contains(role)
            .then(|| (name.clone(), Some(t.clone())))
    })
}

fn finish(doc: &str, text: &str, meta: &ArticleMeta, resolved: Vec<Resolved>) -> Vec<Record> {
    let mut ci = CharIndex::new(text);
    resolved
        .into_iter()
        .map(|r| {
            let d = r.draft;
            let quote = d
                .spans
                .iter()
                .map(|&(s, e)| &text[s..e])
                .collect::<Vec<_>>()
                .join(SEGMENT_JOINER);
            let spans: Vec<Span> = d.spans.iter().map(|&(s, e)| [s, e]).collect();
            let char_spans = spans
                .iter()
                .map(|&[s, e]| [ci.char_of(s), ci.char_of(e)])
                .collect();
            let speaker = d.speaker.as_ref().map(|m| {
                let (name, title) = r.name.clone().unwrap_or((m.name.clone(), m.title.clone()));
                let person =
                    m.kind == SpeakerType::Organization && name_is_person_of(&name, &m.name);
                Speaker {
                    name,
                    mention: text[m.span.0..m.span.1].to_string(),
                    span: [m.span.0, m.span.1],
                    title,
                    // "HOLT:" resolved to "Dana Holt" is a person after all
                    kind: if person { SpeakerType::Person } else { m.kind },
                }
            });
            let via = d
                .via
                .filter(|v| speaker.as_ref().is_none_or(|s| &s.name != v));
            Record {
                doc: doc.to_string(),
                kind: d.kind,
                quote,
                spans,
                speaker,
                cue: d.cue.map(|(s, e)| Cue {
                    text: text[s..e].to_string(),
                    span: [s, e],
                }),
                via,
                rule: d.rule,
                char_spans,
                meta: meta.clone(),
                context: String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod full_name_tests {
    use super::{full_name_in_text, FullNames};
    use crate::rules::RuleSet;

    /// The one-pass index answers as the scan does, for every word of the
    /// fixture articles (names, non-names, possessives, hyphenated words).
    #[test]
    fn index_answers_as_the_scan() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/articles");
        let mut found = 0;
        let rules = RuleSet::embedded().unwrap();
        for entry in std::fs::read_dir(dir).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            let mut names = FullNames::new(&rules, &text);
            let words: Vec<&str> = text
                .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | '"' | ':'))
                .filter(|w| !w.is_empty())
                .collect();
            for w in words.iter().take(400) {
                let expected = full_name_in_text(&rules, &text, w);
                found += usize::from(expected.is_some());
                assert_eq!(names.full_name(w), expected, "{w:?}");
            }
        }
        assert!(found > 5, "only {found} full names found");
    }

    #[test]
    fn first_match_wins_and_titles_are_no_first_names() {
        let text = "Mr Smith spoke. Then Jane Smith and John Smith left. Smith-Jones said.";
        let rules = RuleSet::embedded().unwrap();
        let mut names = FullNames::new(&rules, text);
        assert_eq!(names.full_name("Smith").as_deref(), Some("Jane Smith"));
        assert_eq!(names.full_name("Smith's").as_deref(), Some("Jane Smith"));
        assert_eq!(names.full_name("Jones"), None);
        assert_eq!(names.full_name("S"), None);
    }
}

#[cfg(test)]
mod titled_name_tests {
    use super::add_titled_names;
    use crate::attribute::Registry;
    use crate::rules::Gender;
    use crate::RuleSet;

    /// The per-title scan the automaton replaced: each title searched
    /// through the text on its own, in rule order.
    fn scan(rules: &RuleSet, text: &str) -> Registry {
        let mut reg = Registry::default();
        for t in rules
            .titles
            .iter()
            .filter(|t| t.starts_with(char::is_uppercase))
        {
            let mut from = 0;
            while let Some(i) = text[from..].find(t.as_str()) {
                let at = from + i;
                from = at + t.len();
                let rest = &text[from..];
                let names: Vec<&str> = rest
                    .split_whitespace()
                    .take_while(|w| {
                        w.starts_with(char::is_uppercase)
                            && w.chars()
                                .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\''))
                    })
                    .take(3)
                    .collect();
                if names.len() >= 2 && rest.starts_with(' ') {
                    let gender = if rules.male.contains(t.as_str()) {
                        Some(Gender::Male)
                    } else if rules.female.contains(t.as_str()) {
                        Some(Gender::Female)
                    } else {
                        None
                    };
                    reg.add(&names.join(" "), Some(t), gender, at);
                }
            }
        }
        reg
    }

    #[test]
    fn one_pass_registers_what_the_scan_did() {
        let rules = RuleSet::embedded().unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/articles");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
            .collect();
        // overlapping titles, a title repeated back to back, a title at the end
        texts.push("Lt. Gov. Lt. Gov. Jane Roe Smith met Sen. Sen. Sen. Tom Pike. Gov.".into());
        let mut people = 0;
        for text in &texts {
            let mut reg = Registry::default();
            add_titled_names(&rules, text, &mut reg);
            let expected = scan(&rules, text);
            assert_eq!(
                format!("{:?}", reg.people),
                format!("{:?}", expected.people)
            );
            people += reg.people.len();
        }
        assert!(people > 5, "only {people} titled names found");
    }
}

#[cfg(test)]
mod needs_tests {
    use super::SentenceFacts;
    use crate::RuleSet;

    fn allowed(rules: &RuleSet, id: &str, sentence: &str) -> bool {
        let pat = rules.patterns.iter().find(|p| p.id == id).unwrap();
        SentenceFacts::of(rules, sentence).allows(&pat.needs)
    }

    /// Every literal token the template needs rules a sentence out when it
    /// is missing, and a literal of several words is looked up by its first
    /// word, so the spacing between its words cannot rule a sentence out.
    #[test]
    fn literal_tokens_rule_sentences_out() {
        let rules = RuleSet::embedded().unwrap();
        assert!(allowed(
            &rules,
            "speaker-cue-that-content",
            "He said that it rained."
        ));
        assert!(!allowed(
            &rules,
            "speaker-cue-that-content",
            "He said it rained."
        ));
        assert!(allowed(
            &rules,
            "according-to-speaker-content",
            "According  to the memo, it rained."
        ));
        assert!(!allowed(
            &rules,
            "according-to-speaker-content",
            "The memo says it rained."
        ));
        assert!(!allowed(
            &rules,
            "content-speaker-cue",
            "It rained he said."
        ));
    }
}
