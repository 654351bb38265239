//! Decoding the bytes of a web page the way browsers do: a byte order mark
//! wins, then the charset the transport declared (an HTTP `Content-Type`,
//! given by the caller), then a `<meta charset>` or `<meta http-equiv>`
//! in the first 1024 bytes; with nothing declared, valid UTF-8 is UTF-8 and
//! anything else is guessed by `chardetng` (Firefox's detector).
//!
//! The result is always a `String`: record offsets refer to the decoded text.

use encoding_rs::{Encoding, UTF_8};

/// How far into a page a `<meta>` charset is looked for (the HTML standard's
/// prescan window).
const PRESCAN: usize = 1024;

/// Where the encoding of a page came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A byte order mark.
    Bom,
    /// The charset the caller passed (an HTTP header).
    Transport,
    /// A `<meta>` element in the page.
    Meta,
    /// Nothing declared; the bytes were valid UTF-8.
    Utf8,
    /// Nothing declared; guessed by chardetng.
    Guessed,
}

/// A decoded page.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The page as text.
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Why that encoding.
    pub source: Source,
    /// Whether some bytes were not valid in it (replaced by U+FFFD).
    pub had_errors: bool,
}

/// Decodes `bytes` of a web page. `declared` is a charset label the
/// transport gave (the `charset=` of an HTTP `Content-Type`), if any.
pub fn decode_page(bytes: &[u8], declared: Option<&str>) -> Decoded {
    let (encoding, source, skip) = if let Some((enc, len)) = Encoding::for_bom(bytes) {
        (enc, Source::Bom, len)
    } else if let Some(enc) = declared.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
        (enc, Source::Transport, 0)
    } else if let Some(enc) = meta_charset(&bytes[..bytes.len().min(PRESCAN)]) {
        (enc, Source::Meta, 0)
    } else if std::str::from_utf8(bytes).is_ok() {
        (UTF_8, Source::Utf8, 0)
    } else {
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        let enc = detector.guess(None, chardetng::Utf8Detection::Allow);
        (enc, Source::Guessed, 0)
    };
    // A page cannot declare itself UTF-16 in ASCII-compatible bytes: browsers
    // read such a declaration as UTF-8 (`output_encoding`).
    let encoding = if source == Source::Meta {
        encoding.output_encoding()
    } else {
        encoding
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[skip..]);
    Decoded {
        text: text.into_owned(),
        encoding,
        source,
        had_errors,
    }
}

/// The encoding a `<meta charset=...>` or `<meta http-equiv="Content-Type"
/// content="...; charset=...">` names in `head`, if any.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = memchr::memmem::find(&lower[from..], b"<meta") {
        let start = from + at + 5;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = memchr::memmem::find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = trim_ascii_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_ascii_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let len = rest
                    .iter()
                    .position(|b| {
                        matches!(b, b'"' | b'\'' | b';' | b'/' | b'>') || b.is_ascii_whitespace()
                    })
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..len]) {
                    return Some(enc);
                }
            }
        }
        from = end;
    }
    None
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_then_transport_then_meta_then_guess() {
        let bom = b"\xEF\xBB\xBF<meta charset=windows-1252><p>caf\xC3\xA9</p>";
        let d = decode_page(bom, Some("shift_jis"));
        assert_eq!((d.encoding, d.source), (UTF_8, Source::Bom));
        assert!(d.text.starts_with("<meta") && d.text.contains("café"));

        let latin = b"<meta charset=\"utf-8\"><p>caf\xE9</p>";
        let d = decode_page(latin, Some("windows-1252"));
        assert_eq!(d.source, Source::Transport);
        assert!(d.text.contains("café"));

        let meta = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Windows-1252\"></head><p>\x93Hi,\x94 she said.</p>";
        let d = decode_page(meta, None);
        assert_eq!(
            (d.encoding.name(), d.source),
            ("windows-1252", Source::Meta)
        );
        assert!(d.text.contains("\u{201c}Hi,\u{201d} she said."));

        let plain = "<p>\u{201c}Hi\u{201d}</p>".as_bytes();
        assert_eq!(decode_page(plain, None).source, Source::Utf8);
    }

    #[test]
    fn undeclared_legacy_bytes_are_guessed() {
        // Shift_JIS for a short Japanese sentence, repeated so the detector
        // has enough to go on.
        let sjis = encoding_rs::SHIFT_JIS
            .encode(&"<p>\u{300c}\u{6771}\u{4eac}\u{306f}\u{96e8}\u{3067}\u{3059}\u{300d}\u{3068}\u{5f7c}\u{5973}\u{306f}\u{8a00}\u{3063}\u{305f}\u{3002}</p>".repeat(8))
            .0
            .into_owned();
        let d = decode_page(&sjis, None);
        assert_eq!(
            (d.encoding.name(), d.source),
            ("Shift_JIS", Source::Guessed)
        );
        assert!(d.text.contains("\u{6771}\u{4eac}"));
    }

    #[test]
    fn meta_utf16_means_utf8() {
        let d = decode_page(b"<meta charset=utf-16><p>x</p>", None);
        assert_eq!(d.encoding, UTF_8);
    }
}
