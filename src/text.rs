//! Text structure: paragraphs, quotation-mark pairing, the masked view the
//! patterns run over, sentences, and byte↔char offsets.
//!
//! Everything here is linear in the input and works on byte offsets into
//! the original `&str`.

/// A paragraph: one line of the input, without its line break.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Para {
    pub start: usize,
    pub end: usize,
}

/// A quotation found by pairing marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotation {
    /// From the opening mark to the end of the closing mark (or the
    /// paragraph end when the quote is left open).
    pub outer: (usize, usize),
    /// The words between the marks.
    pub inner: (usize, usize),
    /// False when the quote runs to the paragraph end without a closing mark
    /// (news style for a quote continued in the next paragraph).
    pub closed: bool,
    /// Double marks (“ ” " « » „) rather than single ones.
    pub double: bool,
}

/// Spaces, a byte-order mark and zero-width characters before a line's text.
fn is_leading_blank(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
        )
}

/// Splits the text into non-blank lines.
pub fn paragraphs(text: &str) -> Vec<Para> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut push = |s: usize, e: usize| {
        // most lines open with a printable ASCII character: no blank to
        // skip, and the line is not blank
        if s < e && bytes[s].is_ascii_graphic() {
            let e = if bytes[e - 1] == b'\r' { e - 1 } else { e };
            out.push(Para { start: s, end: e });
            return;
        }
        // a byte-order mark or zero-width space opening a line is no text
        let mut s = s;
        while let Some(c) = text[s..e].chars().next().filter(|&c| is_leading_blank(c)) {
            s += c.len_utf8();
        }
        let mut e = e;
        if e > s && bytes[e - 1] == b'\r' {
            e -= 1;
        }
        if !text[s..e].trim().is_empty() {
            out.push(Para { start: s, end: e });
        }
    };
    for nl in memchr::memchr_iter(b'\n', bytes) {
        push(start, nl);
        start = nl + 1;
    }
    push(start, text.len());
    out
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mark {
    DoubleOpen,
    DoubleClose,
    DoubleAmbig,
    SingleOpen,
    SingleClose,
    SingleAmbig,
}

fn classify(c: char) -> Option<Mark> {
    Some(match c {
        '“' | '„' | '«' => Mark::DoubleOpen,
        '”' | '»' => Mark::DoubleClose,
        '"' => Mark::DoubleAmbig,
        // ‚ is the German single opening mark (‚…‘)
        '‘' | '‹' | '‚' => Mark::SingleOpen,
        '’' | '›' => Mark::SingleClose,
        '\'' => Mark::SingleAmbig,
        _ => return None,
    })
}

/// Walks the anchored automaton `dfa` over `bytes` from `s` and calls
/// `found(pattern, end)` for each pattern that begins exactly at `s`, in
/// the order of their ends, until `found` returns true; returns whether it
/// did. (A state's matches may include patterns that end at the same place
/// but begin later, suffixes of the walked bytes: only those of the walked
/// length begin at `s`.)
pub(crate) fn anchored_matches(
    dfa: &impl aho_corasick::automaton::Automaton,
    bytes: &[u8],
    s: usize,
    mut found: impl FnMut(aho_corasick::PatternID, usize) -> bool,
) -> bool {
    use aho_corasick::Anchored;
    // (built for anchored walks: the start state is always there)
    let Ok(mut sid) = dfa.start_state(Anchored::Yes) else {
        return false;
    };
    for (j, &c) in bytes.iter().enumerate().skip(s) {
        sid = dfa.next_state(Anchored::Yes, sid, c);
        // (the dead state and the match states are special: one
        // comparison passes most states by)
        if !dfa.is_special(sid) {
            continue;
        }
        if dfa.is_dead(sid) {
            break;
        }
        if dfa.is_match(sid) {
            for k in 0..dfa.match_len(sid) {
                let pid = dfa.match_pattern(sid, k);
                if dfa.pattern_len(pid) == j + 1 - s && found(pid, j + 1) {
                    return true;
                }
            }
        }
    }
    false
}

/// The first index at or after `from` where `bytes` holds one of `needles`
/// (`bytes.len()` when none does), looked for sixteen bytes at a time
/// ([`scan`]): most bytes of a paragraph are none of the few a scan stops at.
pub(crate) fn find_any<const N: usize>(bytes: &[u8], from: usize, needles: [u8; N]) -> usize {
    scan(bytes, from, |b| {
        needles.iter().fold(false, |acc, &n| acc | (b == n))
    })
}

/// The first index at or after `from` where `bytes` holds one of
/// `needles` or a byte beyond ASCII (`bytes.len()` when none does),
/// sixteen bytes at a time (see [`find_any`]).
pub(crate) fn find_any_or_wide<const N: usize>(
    bytes: &[u8],
    from: usize,
    needles: [u8; N],
) -> usize {
    scan(bytes, from, |b| {
        needles.iter().fold(b >= 0x80, |acc, &n| acc | (b == n))
    })
}

/// The first index at or after `from` where `bytes` holds a byte that
/// `wanted` flags (`bytes.len()` when none does), sixteen bytes at a time
/// ([`flags16`]), then the last few a byte at a time.
#[inline]
fn scan(bytes: &[u8], from: usize, wanted: impl Fn(u8) -> bool + Copy) -> usize {
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 16) {
        let mut word = [0u8; 16];
        word.copy_from_slice(chunk);
        let flags = flags16(&word, wanted);
        if flags != 0 {
            return i + (flags.trailing_zeros() / 8) as usize;
        }
        i += 16;
    }
    // the last few bytes, fewer than sixteen
    bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| wanted(b)))
        .map_or(bytes.len(), |k| i + k)
}

/// The bytes of `chunk` that `wanted` flags as one number, lowest byte
/// first, each flagged byte 0xFF and the others 0. Written a byte at a
/// time with no branch, it compiles to a few vector compares (SSE2 on
/// x86-64: one per needle) for all sixteen bytes at once.
#[inline]
fn flags16(chunk: &[u8; 16], wanted: impl Fn(u8) -> bool) -> u128 {
    let mut flags = [0u8; 16];
    for (f, &b) in flags.iter_mut().zip(chunk) {
        *f = if wanted(b) { 0xFF } else { 0 };
    }
    u128::from_le_bytes(flags)
}

/// Every index where `bytes` holds an ASCII capital or a byte beyond
/// ASCII, in order, handed to `f`: sixteen bytes at a time ([`flags16`]),
/// each run's flags read off one by one (most words of a text begin with
/// neither).
pub(crate) fn for_each_capital_or_wide(bytes: &[u8], mut f: impl FnMut(usize)) {
    const HIGHS: u128 = u128::from_le_bytes([0x80; 16]);
    let wanted = |b: u8| b.is_ascii_uppercase() | (b >= 0x80);
    let mut chunks = bytes.chunks_exact(16);
    for (k, chunk) in (&mut chunks).enumerate() {
        let mut word = [0u8; 16];
        word.copy_from_slice(chunk);
        // one bit per wanted byte
        let mut flags = flags16(&word, wanted) & HIGHS;
        while flags != 0 {
            f(16 * k + (flags.trailing_zeros() / 8) as usize);
            flags &= flags - 1;
        }
    }
    let at = bytes.len() - chunks.remainder().len();
    for (j, &b) in chunks.remainder().iter().enumerate() {
        if wanted(b) {
            f(at + j);
        }
    }
}

/// Whether `c` is a quotation mark of any kind (straight, curly, low,
/// guillemet; double or single).
pub fn is_quote_mark(c: char) -> bool {
    classify(c).is_some()
}

fn is_space(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}')
}

fn is_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

/// How deep quotations may nest before further opening marks are ignored.
const MAX_NESTING: usize = 16;

/// Pairs the quotation marks of one paragraph. Single marks inside a double
/// quotation are nested quotes and never close it; a single mark between
/// two letters is an apostrophe; an unclosed double quote runs to the end
/// of the paragraph, an unclosed single one is dropped.
pub fn quotations(text: &str, para: Para) -> Vec<Quotation> {
    quotations_with(text, para, &mut Marks::default())
}

/// The quotation marks of a paragraph ([`scan_marks`]): a buffer kept from
/// paragraph to paragraph of an article, so most need no allocation.
#[derive(Default)]
pub(crate) struct Marks(Vec<(usize, usize, Mark)>);

/// [`quotations`], the marks found in `marks`.
fn quotations_with(text: &str, para: Para, marks: &mut Marks) -> Vec<Quotation> {
    let seg = &text[para.start..para.end];
    let marks = &mut marks.0;
    scan_marks_into(seg, para.start, marks);
    if marks.is_empty() {
        return Vec::new();
    }
    let flanks = Flanks { text, para };
    let mut out = Vec::new();
    // Double marks first, then single marks outside them.
    let (mut unclosed, nested_pairs) = pair_doubles_nested(&flanks, marks, &mut out);
    if unclosed.is_some() && nested_pairs > 0 {
        // Marks that never balance ("Oh no. "We will win," Trump said.)
        // are paired flat instead: a stray opening mark then takes the next
        // mark, not every quotation after it.
        out.clear();
        unclosed = pair_doubles_flat(&flanks, marks, &mut out);
    }
    if let Some(outer) = unclosed {
        let e = para.start + seg.trim_end().len();
        push_quote(&mut out, text, outer, (e, 0), true);
        if let Some(q) = out.last_mut() {
            q.closed = false;
        }
    }
    pair_singles(&flanks, marks, &mut out);
    out.sort_by_key(|q| q.outer.0);
    out
}

/// What stands either side of a mark in one paragraph.
struct Flanks<'a> {
    text: &'a str,
    para: Para,
}

impl Flanks<'_> {
    /// Whether the mark at `i` (of `len` bytes) can open and can close a
    /// quotation, with the characters before and after it.
    fn at(&self, i: usize, len: usize) -> (bool, bool, Option<char>, Option<char>) {
        let p = self.text[self.para.start..i].chars().next_back();
        let n = self.text[i + len..self.para.end].chars().next();
        let can_open = !is_space(n) && (is_space(p) || p.is_some_and(is_punct));
        let can_close = !is_space(p) && (is_space(n) || n.is_some_and(is_punct));
        (can_open, can_close, p, n)
    }
}

/// Pairs the double marks into `out`. Straight marks can nest ("He
/// tweeted, "They shouted "Go!" at us."): a mark that can only open,
/// inside an open quotation, opens a nested one; only the outermost pair
/// is emitted. Returns the outermost mark left open and how many nested
/// pairs closed.
fn pair_doubles_nested(
    flanks: &Flanks,
    marks: &[(usize, usize, Mark)],
    out: &mut Vec<Quotation>,
) -> (Option<(usize, usize)>, usize) {
    // the open marks, at most MAX_NESTING: a stack on the stack
    let mut stack = [(0, 0); MAX_NESTING];
    let mut depth = 0;
    let mut nested_pairs = 0;
    for &(i, len, m) in marks.iter().filter(|&&(_, _, m)| is_double(m)) {
        let (can_open, can_close, _, _) = flanks.at(i, len);
        let Some(is_open) = double_opens(m, depth > 0, can_open, can_close, true) else {
            continue;
        };
        if is_open {
            if depth < MAX_NESTING {
                stack[depth] = (i, len);
                depth += 1;
            }
        } else if depth > 0 {
            depth -= 1;
            if depth == 0 {
                push_quote(out, flanks.text, stack[0], (i, len), true);
            } else {
                nested_pairs += 1;
            }
        }
    }
    ((depth > 0).then_some(stack[0]), nested_pairs)
}

/// Whether `m` is a double mark (the single ones are paired apart).
fn is_double(m: Mark) -> bool {
    matches!(m, Mark::DoubleOpen | Mark::DoubleClose | Mark::DoubleAmbig)
}

/// Pairs the double marks into `out` with no nesting: an opening mark
/// inside an open quotation is passed over. Returns the mark left open.
fn pair_doubles_flat(
    flanks: &Flanks,
    marks: &[(usize, usize, Mark)],
    out: &mut Vec<Quotation>,
) -> Option<(usize, usize)> {
    let mut open: Option<(usize, usize)> = None;
    for &(i, len, m) in marks.iter().filter(|&&(_, _, m)| is_double(m)) {
        let (can_open, can_close, _, _) = flanks.at(i, len);
        let Some(is_open) = double_opens(m, open.is_some(), can_open, can_close, false) else {
            continue;
        };
        match (is_open, open.take()) {
            (true, None) => open = Some((i, len)),
            (true, Some(o)) => open = Some(o),
            (false, Some(o)) => push_quote(out, flanks.text, o, (i, len), true),
            (false, None) => {}
        }
    }
    open
}

/// Pairs the single marks that stand outside the double quotations already
/// in `out` (in text order); a single mark between two letters is an
/// apostrophe, and an unclosed one is dropped.
fn pair_singles(flanks: &Flanks, marks: &[(usize, usize, Mark)], out: &mut Vec<Quotation>) {
    // the double quotations: those in `out` before the singles are pushed
    let doubles = out.len();
    let mut di = 0; // marks and doubles are both in text order: one pass
    let mut sopen: Option<(usize, usize)> = None;
    for &(i, len, m) in marks {
        while di < doubles && out[di].outer.1 <= i {
            di += 1;
        }
        let inside_double = di < doubles && out[di].outer.0 <= i;
        if !matches!(m, Mark::SingleOpen | Mark::SingleClose | Mark::SingleAmbig) || inside_double {
            continue;
        }
        let (can_open, can_close, p, n) = flanks.at(i, len);
        if p.is_some_and(char::is_alphanumeric) && n.is_some_and(char::is_alphanumeric) {
            continue; // apostrophe: don't, Iran's, D'Souza
        }
        let closes = sopen.is_some() && can_close;
        let opens = match m {
            Mark::SingleClose => false, // ’ never opens (’90s, ’em)
            _ => can_open && !closes,
        };
        if closes {
            if let Some(o) = sopen.take() {
                push_quote(out, flanks.text, o, (i, len), false);
            }
        } else if opens {
            sopen = Some((i, len));
        }
    }
}

/// Every quotation mark of a paragraph as (offset, byte length, class).
/// Two apostrophes or two backticks are one double mark (NYT style).
#[cfg(test)]
fn scan_marks(seg: &str, base: usize) -> Vec<(usize, usize, Mark)> {
    let mut out = Vec::new();
    scan_marks_into(seg, base, &mut out);
    out
}

/// [`scan_marks`] into `out` (cleared first).
fn scan_marks_into(seg: &str, base: usize, out: &mut Vec<(usize, usize, Mark)>) {
    out.clear();
    let bytes = seg.as_bytes();
    let mut i = 0;
    loop {
        // every mark is ASCII or a character beyond ASCII (« » “ ” „ ‘ ’
        // ‚ ‹ ›): other bytes are skipped without decoding (and `i` stays
        // on a character boundary: the first wide byte found opens one)
        i = find_any_or_wide(bytes, i, [b'"', b'\'', b'`']);
        let Some(&b) = bytes.get(i) else { break };
        let (len, m) = match b {
            b'\'' | b'`' if bytes.get(i + 1) == Some(&b) => (
                2,
                if b == b'`' {
                    Mark::DoubleOpen
                } else {
                    Mark::DoubleAmbig
                },
            ),
            b'`' => (1, Mark::SingleOpen),
            b'"' | b'\'' | 0x80.. => match seg[i..].chars().next() {
                Some(c) => match classify(c) {
                    Some(m) => (c.len_utf8(), m),
                    None => {
                        i += c.len_utf8();
                        continue;
                    }
                },
                None => break,
            },
            _ => {
                i += 1;
                continue;
            }
        };
        out.push((base + i, len, m));
        i += len;
    }
}

/// Whether a double mark opens (`Some(true)`) or closes (`Some(false)`) a
/// quotation, given whether one is open and how the mark is flanked; `None`
/// for single marks. With `nesting`, a straight mark that can only open
/// inside an open quotation opens a nested one.
fn double_opens(
    m: Mark,
    open: bool,
    can_open: bool,
    can_close: bool,
    nesting: bool,
) -> Option<bool> {
    Some(match m {
        Mark::DoubleOpen => !(open && can_close && !can_open),
        Mark::DoubleClose => !open && can_open && !can_close,
        Mark::DoubleAmbig if !open => can_open || !can_close,
        Mark::DoubleAmbig => nesting && can_open && !can_close,
        _ => return None,
    })
}

fn push_quote(
    out: &mut Vec<Quotation>,
    text: &str,
    open: (usize, usize),
    close: (usize, usize),
    double: bool,
) {
    let (s, open_len) = open;
    let (cs, close_len) = close;
    let e = cs + close_len;
    let inner = (s + open_len, cs.max(s + open_len));
    if text[inner.0..inner.1].trim().is_empty() {
        return;
    }
    out.push(Quotation {
        outer: (s, e),
        inner,
        closed: true,
        double,
    });
}

/// Masked bytes: quotation marks and their contents.
pub const MASK_OPEN: u8 = 0x02;
pub const MASK_INSIDE: u8 = 0x01;
pub const MASK_CLOSE: u8 = 0x03;

/// A paragraph with its quotations masked: same byte length as the
/// original, so every offset is shared.
pub struct Masked {
    pub para: Para,
    pub quotes: Vec<Quotation>,
    /// The masked paragraph text (valid UTF-8: masks are ASCII and replace
    /// whole characters).
    pub text: String,
}

impl Masked {
    pub fn new(text: &str, para: Para) -> Masked {
        Masked::with_marks(text, para, &mut Marks::default())
    }

    /// [`Masked::new`], the quotation marks found in `marks` (a buffer
    /// kept across the paragraphs of an article).
    pub(crate) fn with_marks(text: &str, para: Para, marks: &mut Marks) -> Masked {
        let quotes = quotations_with(text, para, marks);
        let seg = &text[para.start..para.end];
        // The masked text is built from the paragraph's own slices and
        // ASCII masks, so it is a `String` without a second UTF-8 check.
        // `quotes` are sorted by start; one inside another (a double
        // quotation in a single one) is masked over it by `mask_bytes`.
        let mut masked = String::with_capacity(seg.len());
        let mut at = 0;
        for q in &quotes {
            let (s, e) = (q.outer.0 - para.start, q.outer.1 - para.start);
            if s < at {
                return Masked {
                    para,
                    text: mask_bytes(text, para, &quotes),
                    quotes,
                };
            }
            masked.push_str(&seg[at..s]);
            masked.push(char::from(MASK_OPEN));
            match kept_comma(text, q) {
                Some(c) => {
                    push_inside(&mut masked, c - q.outer.0 - 1);
                    masked.push(',');
                    push_inside(&mut masked, q.outer.1 - c - 2);
                }
                None => push_inside(&mut masked, e - s - 2),
            }
            masked.push(char::from(MASK_CLOSE));
            at = e;
        }
        masked.push_str(&seg[at..]);
        Masked {
            para,
            quotes,
            text: masked,
        }
    }

    /// The quotation whose outer span starts at `abs` (an offset in the
    /// whole text).
    pub fn quote_at(&self, abs: usize) -> Option<&Quotation> {
        // `quotes` is sorted by start: a binary search keeps long
        // paragraphs linear.
        let first = self.quotes.partition_point(|q| q.outer.0 < abs);
        self.quotes.get(first).filter(|q| q.outer.0 == abs)
    }

    /// The quotations inside `[s, e)` (absolute offsets).
    pub fn quotes_in(&self, s: usize, e: usize) -> impl Iterator<Item = &Quotation> {
        // `quotes` is sorted by start, and a quotation inside `[s, e)`
        // starts before `e`.
        let first = self.quotes.partition_point(|q| q.outer.0 < s);
        self.quotes[first..]
            .iter()
            .take_while(move |q| q.outer.0 < e)
            .filter(move |q| q.outer.1 <= e)
    }
}

/// A comma just inside the closing mark of `q` ("lie,") stays visible:
/// American style puts the clause's comma inside the quote. Its offset.
fn kept_comma(text: &str, q: &Quotation) -> Option<usize> {
    (q.closed && q.inner.1 > q.inner.0 && text.as_bytes()[q.inner.1 - 1] == b',')
        .then_some(q.inner.1 - 1)
}

/// [`MASK_INSIDE`] bytes, pushed a run at a time.
const INSIDE_RUN: &str = "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01";

/// Pushes `n` [`MASK_INSIDE`] bytes.
fn push_inside(out: &mut String, mut n: usize) {
    while n > 0 {
        let k = n.min(INSIDE_RUN.len());
        out.push_str(&INSIDE_RUN[..k]);
        n -= k;
    }
}

/// The masked text of `para` written byte by byte, each quotation over
/// those before it (for quotations that hold one another).
fn mask_bytes(text: &str, para: Para, quotes: &[Quotation]) -> String {
    let mut bytes = text.as_bytes()[para.start..para.end].to_vec();
    for q in quotes {
        let (s, e) = (q.outer.0 - para.start, q.outer.1 - para.start);
        for b in &mut bytes[s..e] {
            *b = MASK_INSIDE;
        }
        bytes[s] = MASK_OPEN;
        bytes[e - 1] = MASK_CLOSE;
        if let Some(c) = kept_comma(text, q) {
            bytes[c - para.start] = b',';
        }
    }
    // Masks replace whole characters, so the result stays valid UTF-8;
    // fall back to the original bytes rather than fail.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Splits a masked paragraph into sentences, as absolute byte ranges.
/// A sentence ends after `.`, `!` or `?` (or a quotation ending in one)
/// followed by a space and a capital, a digit or an opening quote, unless
/// the word before the stop is a known abbreviation or an initial.
pub fn sentences(
    m: &Masked,
    original: &str,
    is_abbrev: impl Fn(&str) -> bool,
    is_cue: impl Fn(&str) -> bool,
) -> Vec<(usize, usize)> {
    let t = m.text.as_bytes();
    let base = m.para.start;
    // room for a few sentences: most paragraphs hold one to four
    let mut out = Vec::with_capacity(4);
    let mut start = 0;
    let mut i = 0;
    loop {
        // only a stop or a closing mask can end a sentence
        i = find_any(t, i, [b'.', b'!', b'?', MASK_CLOSE]);
        let Some(&b) = t.get(i) else { break };
        // a quotation that ends with a stop before its closing mark
        let closing_stop =
            (b == MASK_CLOSE).then(|| stop_before_close(&original[base..base + i + 1]));
        let ends = match closing_stop {
            None => true,
            Some(stop) => matches!(stop, Some('.' | '!' | '?')),
        };
        if ends {
            let mut j = i + 1;
            while j < t.len() && matches!(t[j], b')' | b'.') {
                j += 1;
            }
            let k = spaces_from(t, j);
            // `"…!" Trump said.`: a short attribution after a quotation
            // that ends in "!" or "?" belongs to the quotation's sentence
            // (not after a period: `"… so well." He touted …` is a new
            // sentence; news style puts a comma before "he said")
            let attribution_follows = closing_stop.is_some_and(|stop| stop != Some('.'))
                && short_cue_clause(&m.text[k..], &is_cue);
            let boundary = !attribution_follows
                && k > j
                && k < t.len()
                && (t[k].is_ascii_uppercase()
                    || t[k].is_ascii_digit()
                    || t[k] == MASK_OPEN
                    || t[k] >= 0x80)
                // "… in Fort Mill, S.C. "It seems …": a quotation after an
                // abbreviation still starts a sentence
                && !(b == b'.'
                    && t[k] != MASK_OPEN
                    && ends_with_abbrev(&m.text[start..i + 1], &is_abbrev));
            if boundary {
                out.push((base + start, base + j));
                start = k;
                i = k;
                continue;
            }
        }
        i += 1;
    }
    if start < t.len() {
        let end = t.len() - (m.text[start..].len() - m.text[start..].trim_end().len());
        if end > start {
            out.push((base + start, base + end));
        }
    }
    out
}

/// The stop that ends a quotation, read back from its closing mark (the
/// last character of `upto`) past at most three other closing marks: only
/// those few characters are looked at, so a run of marks stays linear.
fn stop_before_close(upto: &str) -> Option<char> {
    let mut back = upto.chars().rev();
    back.next(); // the closing mark itself
    back.take(3)
        .find(|c| !matches!(c, '"' | '”' | '’' | '\'' | '»' | '›'))
}

/// The first byte at or after `k` that is not a space: ASCII space, tab,
/// or the no-break space (U+00A0) that pasted news text often has between
/// sentences.
fn spaces_from(t: &[u8], mut k: usize) -> usize {
    loop {
        if k < t.len() && matches!(t[k], b' ' | b'\t') {
            k += 1;
        } else if t.get(k..k + 2) == Some(&[0xC2, 0xA0]) {
            k += 2;
        } else {
            return k;
        }
    }
}

/// True when `rest` starts with a clause of a few words holding a cue
/// ("Trump said, according to Reuters.", "he added.").
fn short_cue_clause(rest: &str, is_cue: &impl Fn(&str) -> bool) -> bool {
    let clause_end = rest
        .find(['.', ',', '!', '?', ':', ';', '\x02'])
        .unwrap_or(rest.len());
    let words: Vec<&str> = rest[..clause_end].split_whitespace().collect();
    // the cue comes first ("said Smith") or ends the clause ("Smith said")
    let n = words.len();
    n <= 8 && n > 0 && (words.iter().take(3).any(|w| is_cue(w)) || is_cue(words[n - 1]))
}

fn ends_with_abbrev(s: &str, is_abbrev: &impl Fn(&str) -> bool) -> bool {
    let word = s
        .rsplit(|c: char| c.is_whitespace() || c == '(' || c == MASK_CLOSE as char)
        .next()
        .unwrap_or("");
    let core = word.trim_end_matches('.');
    // an initial ("Donald J. Trump") or a dotted abbreviation ("U.S.")
    (core.chars().count() == 1 && core.chars().all(char::is_uppercase))
        || is_abbrev(word)
        || (core.contains('.') && core.len() <= 6)
}

/// Converts byte offsets to code point offsets. Offsets must be sorted
/// ascending for linear time; they are looked up in one pass.
pub struct CharIndex<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
    /// The length of the text's leading ASCII-only stretch, where a char
    /// offset is the byte offset; found at the first look-up.
    ascii: Option<usize>,
}

impl<'a> CharIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        CharIndex {
            text,
            byte: 0,
            chars: 0,
            ascii: None,
        }
    }

    /// The char offset of byte offset `b` (must be a char boundary).
    /// Inside the leading ASCII stretch it is `b` itself; past it, steps
    /// from the last offset asked for (or from the stretch's end), backwards
    /// too, so offsets that come nearly in order cost their distance, not a
    /// count from the start of a long text.
    pub fn char_of(&mut self, b: usize) -> usize {
        let b = b.min(self.text.len());
        let ascii = *self
            .ascii
            .get_or_insert_with(|| find_any_or_wide(self.text.as_bytes(), 0, []));
        if b <= ascii {
            return b;
        }
        if self.byte < ascii {
            self.byte = ascii;
            self.chars = ascii;
        }
        if b < self.byte {
            self.chars -= self.text[b..self.byte].chars().count();
        } else {
            self.chars += self.text[self.byte..b].chars().count();
        }
        self.byte = b;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_are_the_same_forwards_and_backwards() {
        let text = "“Ja,” sagte Müller — «oui» — and left.";
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&b| text.is_char_boundary(b))
            .collect();
        let mut ci = CharIndex::new(text);
        for &b in bounds
            .iter()
            .rev()
            .chain(&bounds)
            .chain(bounds.iter().rev())
        {
            assert_eq!(ci.char_of(b), text[..b].chars().count(), "byte {b}");
        }
    }

    #[test]
    fn char_offsets_past_an_ascii_start() {
        for text in [
            "",
            "plain ASCII only, longer than one word",
            "He said: “Ja,” sagte Müller — and left.",
            "exactly8“x”",
            "1234567é",
        ] {
            let bounds: Vec<usize> = (0..=text.len())
                .filter(|&b| text.is_char_boundary(b))
                .collect();
            let first = text.bytes().position(|b| !b.is_ascii());
            assert_eq!(
                find_any_or_wide(text.as_bytes(), 0, []),
                first.unwrap_or(text.len())
            );
            let mut ci = CharIndex::new(text);
            for &b in bounds.iter().chain(bounds.iter().rev()).chain(&bounds) {
                assert_eq!(ci.char_of(b), text[..b].chars().count(), "byte {b}");
            }
        }
    }

    fn quotes(s: &str) -> Vec<&str> {
        let p = Para {
            start: 0,
            end: s.len(),
        };
        quotations(s, p)
            .iter()
            .map(|q| &s[q.inner.0..q.inner.1])
            .collect()
    }

    #[test]
    fn pairs_straight_and_curly_double_quotes() {
        assert_eq!(quotes(r#"He said "yes" and “no”."#), vec!["yes", "no"]);
    }

    #[test]
    fn nested_single_quote_stays_inside() {
        assert_eq!(
            quotes(r#""They want to talk. I said 'Too late!'" Trump said."#),
            vec!["They want to talk. I said 'Too late!'"]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(quotes("Iran's leaders don't care about voters’ views.").is_empty());
        assert_eq!(
            quotes("He said it was 'too late' for Iran's talks."),
            vec!["too late"]
        );
    }

    #[test]
    fn unclosed_quote_stops_at_paragraph_end() {
        let s = "\"Open quote runs on\nNext paragraph \"closed\" here.";
        let paras = paragraphs(s);
        assert_eq!(paras.len(), 2);
        let q0 = quotations(s, paras[0]);
        assert_eq!(q0.len(), 1);
        assert!(!q0[0].closed);
        assert_eq!(q0[0].outer.1, paras[0].end);
        let q1 = quotations(s, paras[1]);
        assert_eq!(&s[q1[0].inner.0..q1[0].inner.1], "closed");
    }

    #[test]
    fn a_stray_opening_mark_takes_only_the_next_mark() {
        let s = r#""Oh no. "We will win," Trump said. "We lost," Smith said."#;
        assert_eq!(quotes(s), vec!["Oh no. ", "We lost,"]);
    }

    #[test]
    fn straight_quotes_nest_when_balanced() {
        let s = r#"He tweeted, "They shouted "Go!" at us." Then he left."#;
        assert_eq!(quotes(s), vec![r#"They shouted "Go!" at us."#]);
    }

    #[test]
    fn blanks_before_a_line_are_skipped() {
        let s = " \u{200b}\u{feff}Text here";
        let p = paragraphs(s);
        assert_eq!(&s[p[0].start..p[0].end], "Text here");
    }

    #[test]
    fn guillemets_pair() {
        assert_eq!(quotes("Il a dit « non » hier."), vec![" non "]);
    }

    #[test]
    fn mask_keeps_length_and_sentences_skip_quotes() {
        let s = r#""It is over. Done," he said. Then he left."#;
        let p = Para {
            start: 0,
            end: s.len(),
        };
        let m = Masked::new(s, p);
        assert_eq!(m.text.len(), s.len());
        let sents = sentences(&m, s, |_| false, |_| false);
        assert_eq!(sents.len(), 2, "{sents:?}");
        assert_eq!(&s[sents[1].0..sents[1].1], "Then he left.");
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        let s = "Sen. Ted Cruz met U.S. officials. They left.";
        let p = Para {
            start: 0,
            end: s.len(),
        };
        let m = Masked::new(s, p);
        let sents = sentences(&m, s, |w| w == "Sen.", |_| false);
        assert_eq!(sents.len(), 2, "{sents:?}");
    }

    #[test]
    fn many_marks_in_a_row_are_linear_and_safe() {
        let s = "\"".repeat(100_001);
        let p = Para {
            start: 0,
            end: s.len(),
        };
        let q = quotations(&s, p);
        assert!(q.len() <= 50_001);
    }

    /// The byte scan finds the marks a walk over every character finds.
    #[test]
    fn scan_marks_agrees_with_a_walk_over_every_character() {
        fn walk(seg: &str, base: usize) -> Vec<(usize, usize, Mark)> {
            let chars: Vec<(usize, char)> = seg.char_indices().collect();
            let mut out = Vec::new();
            let mut k = 0;
            while k < chars.len() {
                let (i, c) = chars[k];
                let twin = chars.get(k + 1).is_some_and(|&(_, n)| n == c);
                let (len, m) = match c {
                    '\'' if twin => (2, Mark::DoubleAmbig),
                    '`' if twin => (2, Mark::DoubleOpen),
                    '`' => (1, Mark::SingleOpen),
                    _ => match classify(c) {
                        Some(m) => (c.len_utf8(), m),
                        None => {
                            k += 1;
                            continue;
                        }
                    },
                };
                out.push((base + i, len, m));
                k += if len == 2 && c.is_ascii() { 2 } else { 1 };
            }
            out
        }
        let pieces = [
            "a", " ", "\"", "'", "`", "“", "”", "„", "‘", "’", "‚", "‹", "›", "«", "»", "é", "—",
            "…", "€", "\u{a0}", "ß", "😀", "Ā", "â",
        ];
        let mut seed = 11u64;
        for _ in 0..3000 {
            let mut seg = String::new();
            for _ in 0..12 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                seg.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            assert_eq!(scan_marks(&seg, 5), walk(&seg, 5), "{seg:?}");
        }
    }

    /// The sixteen-byte search stops where a byte-by-byte one does.
    #[test]
    fn find_any_stops_where_a_byte_walk_stops() {
        let alphabet = [
            b'a', b'.', b'!', 0x03, 0x02, 0x80, 0xFF, 0xE2, b' ', 0x7F, 0x01,
        ];
        each_random_run(3, &alphabet, |bytes| {
            let len = bytes.len();
            for from in 0..=len {
                let walk = (from..len)
                    .find(|&i| [b'.', b'!', 0x03].contains(&bytes[i]))
                    .unwrap_or(len);
                assert_eq!(
                    find_any(bytes, from, [b'.', b'!', 0x03]),
                    walk,
                    "{bytes:?} {from}"
                );
                let wide = (from..len)
                    .find(|&i| [b'.', b'!', 0x03].contains(&bytes[i]) || bytes[i] >= 0x80)
                    .unwrap_or(len);
                assert_eq!(
                    find_any_or_wide(bytes, from, [b'.', b'!', 0x03]),
                    wide,
                    "{bytes:?} {from}"
                );
            }
        });
    }

    /// Calls `f` on 200 pseudo-random runs of `alphabet`'s bytes of each
    /// length below 40 (the same runs for the same `seed`).
    fn each_random_run(mut seed: u64, alphabet: &[u8], mut f: impl FnMut(&[u8])) {
        for len in 0..40 {
            for _ in 0..200 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                        alphabet[(seed >> 33) as usize % alphabet.len()]
                    })
                    .collect();
                f(&bytes);
            }
        }
    }

    /// The capital search finds what a byte-by-byte one does.
    #[test]
    fn capitals_or_wide_are_found_as_a_byte_walk_finds_them() {
        let alphabet = [
            b'a', b'A', b'Z', b'@', b'[', b'z', 0x80, 0xFF, 0xC3, b' ', 0x7F, 0x01,
        ];
        each_random_run(5, &alphabet, |bytes| {
            let walk: Vec<usize> = (0..bytes.len())
                .filter(|&i| bytes[i].is_ascii_uppercase() || !bytes[i].is_ascii())
                .collect();
            let mut found = Vec::new();
            for_each_capital_or_wide(bytes, |i| found.push(i));
            assert_eq!(found, walk, "{bytes:?}");
        });
    }

    #[test]
    fn char_index_counts_code_points() {
        let s = "é“a”";
        let mut ci = CharIndex::new(s);
        assert_eq!(ci.char_of(2), 1);
        assert_eq!(ci.char_of(s.len()), 4);
    }
}
