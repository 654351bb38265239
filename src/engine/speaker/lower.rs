//! Word helpers for the speaker stage, cheaper than the std ones they
//! stand in for: a word in lower case without a heap allocation in the
//! common cases (the speaker reader asks the lexicon about the lowercase
//! form of nearly every word it reads, and a `String` per question was a
//! good part of the allocator's work), and a whitespace split that looks at
//! bytes while they are ASCII.

use std::ops::Deref;

/// How long an ASCII word may be to be lowercased on the stack.
const STACK_BYTES: usize = 32;

/// `w.to_lowercase()`, borrowed when `w` is already lowercase ASCII, on
/// the stack when it is a short ASCII word, and a `String` otherwise.
pub(crate) enum Lower<'a> {
    Same(&'a str),
    Stack([u8; STACK_BYTES], u8),
    Owned(String),
}

/// The lowercase form of `w`, as [`str::to_lowercase`] gives it.
pub(crate) fn lower(w: &str) -> Lower<'_> {
    if !w.is_ascii() {
        return Lower::Owned(w.to_lowercase());
    }
    lower_ascii(w)
}

/// `w` with its ASCII capitals lowered, as [`str::to_ascii_lowercase`]
/// gives it: borrowed when it has none, on the stack when short.
pub(crate) fn lower_ascii(w: &str) -> Lower<'_> {
    let bytes = w.as_bytes();
    if !bytes.iter().any(u8::is_ascii_uppercase) {
        return Lower::Same(w);
    }
    if bytes.len() > STACK_BYTES {
        return Lower::Owned(w.to_ascii_lowercase());
    }
    let mut buf = [0u8; STACK_BYTES];
    buf[..bytes.len()].copy_from_slice(bytes);
    buf[..bytes.len()].make_ascii_lowercase();
    // the length fits: STACK_BYTES is below 256
    Lower::Stack(buf, bytes.len() as u8)
}

impl Lower<'_> {
    /// The lowered word's bytes, with no UTF-8 check.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        match self {
            Lower::Same(s) => s.as_bytes(),
            Lower::Stack(buf, n) => &buf[..usize::from(*n)],
            Lower::Owned(s) => s.as_bytes(),
        }
    }
}

impl Deref for Lower<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Lower::Same(s) => s,
            // lowering ASCII capitals keeps the bytes UTF-8
            Lower::Stack(buf, n) => std::str::from_utf8(&buf[..usize::from(*n)]).unwrap_or(""),
            Lower::Owned(s) => s,
        }
    }
}

/// The words of `s` between whitespace, as [`str::split_whitespace`]
/// gives them: ASCII bytes are classed by a table, and only non-ASCII
/// characters are decoded to ask [`char::is_whitespace`].
pub(crate) fn split_ws(s: &str) -> SplitWs<'_> {
    SplitWs { s, pos: 0 }
}

/// [`split_ws`] as a method of `str`, to stand where `split_whitespace`
/// did.
pub(crate) trait SplitWsExt {
    fn split_ws(&self) -> SplitWs<'_>;
}

impl SplitWsExt for str {
    #[inline]
    fn split_ws(&self) -> SplitWs<'_> {
        split_ws(self)
    }
}

/// The iterator of [`split_ws`].
#[derive(Clone)]
pub(crate) struct SplitWs<'a> {
    s: &'a str,
    pos: usize,
}

/// What a byte says about whitespace: none, an ASCII whitespace
/// character (U+0009..=U+000D and the space, as `char::is_whitespace`
/// has them), or the lead byte of a character that may be one (every
/// non-ASCII whitespace character, U+0085 to U+3000, opens with one of
/// 0xC2, 0xE1, 0xE2, 0xE3).
const NOT_WS: u8 = 0;
const ASCII_WS: u8 = 1;
const MAYBE_WS: u8 = 2;

const WS_CLASS: [u8; 256] = {
    let mut t = [NOT_WS; 256];
    let mut b = 9;
    while b <= 13 {
        t[b] = ASCII_WS;
        b += 1;
    }
    t[32] = ASCII_WS;
    t[0xC2] = MAYBE_WS;
    t[0xE1] = MAYBE_WS;
    t[0xE2] = MAYBE_WS;
    t[0xE3] = MAYBE_WS;
    t
};

/// The length of the whitespace character at byte `i` of `s`, 0 when
/// none stands there. Any byte but a whitespace character's first is
/// stepped over one at a time; `i` stays on a char boundary wherever a
/// whitespace character may start.
#[inline]
fn ws_len_at(s: &str, i: usize) -> usize {
    match WS_CLASS[usize::from(s.as_bytes()[i])] {
        NOT_WS => 0,
        ASCII_WS => 1,
        _ => match s.get(i..).and_then(|r| r.chars().next()) {
            Some(c) if c.is_whitespace() => c.len_utf8(),
            _ => 0,
        },
    }
}

/// Whether a whitespace character may start with byte `b` (an ASCII
/// whitespace byte, or the lead byte of a non-ASCII one): a byte for which
/// this is false starts none.
pub(crate) fn may_start_ws(b: u8) -> bool {
    WS_CLASS[usize::from(b)] != NOT_WS
}

/// Where the run of characters that are no whitespace from byte `i` (a
/// char boundary) ends.
pub(crate) fn word_end(s: &str, mut i: usize) -> usize {
    while i < s.len() && ws_len_at(s, i) == 0 {
        i += 1;
    }
    i
}

/// Where the whitespace from byte `i` (a char boundary) ends.
pub(crate) fn skip_ws(s: &str, mut i: usize) -> usize {
    while i < s.len() {
        match ws_len_at(s, i) {
            0 => break,
            len => i += len,
        }
    }
    i
}

impl<'a> Iterator for SplitWs<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let s = self.s;
        let start = skip_ws(s, self.pos);
        if start >= s.len() {
            self.pos = s.len();
            return None;
        }
        let end = word_end(s, start);
        self.pos = end;
        s.get(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::{lower, split_ws};

    #[test]
    fn splits_as_split_whitespace_does() {
        let mut texts = vec![
            String::new(),
            "   ".into(),
            " a  b\tc\n\x0Bd\x0Ce\r f ".into(),
            "Müller\u{a0}sagte\u{2009}heute\u{3000}x\u{85}y\u{200b}z".into(),
            "“Yes,” said Ann Lee — twice.".into(),
        ];
        texts.extend(crate::fixture_texts());
        for t in &texts {
            let ours: Vec<&str> = split_ws(t).collect();
            let std: Vec<&str> = t.split_whitespace().collect();
            assert_eq!(ours, std);
            // the same slices, not only equal strings
            let at = |v: &[&str]| v.iter().map(|w| w.as_ptr() as usize).collect::<Vec<_>>();
            assert_eq!(at(&ours), at(&std));
        }
    }

    #[test]
    fn lowers_as_to_lowercase_does() {
        let long = "A".repeat(40);
        let words = [
            "",
            "said",
            "Said",
            "SAID",
            "O'Brien",
            "U.S.",
            "Ärzte",
            "Straße",
            "ΣΟΦΊΑ",
            "İstanbul",
            "abcdefghijklmnopqrstuvwxyzABCDEF",
            "abcdefghijklmnopqrstuvwxyzABCDEFG",
            long.as_str(),
            "Mr.",
            "42%",
        ];
        for w in words {
            assert_eq!(&*lower(w), w.to_lowercase(), "{w:?}");
        }
    }

    #[test]
    fn lowercase_ascii_is_borrowed() {
        assert!(matches!(lower("spokesman"), super::Lower::Same(_)));
        assert!(matches!(lower("Spokesman"), super::Lower::Stack(..)));
        assert!(matches!(lower("Ärzte"), super::Lower::Owned(_)));
    }
}
