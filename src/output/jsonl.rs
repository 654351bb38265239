//! One JSONL line per record, written straight into a byte buffer: the
//! same bytes `serde_json::to_writer` writes for a [`Record`] (field order,
//! `null`s, escapes), without serde's flattened-map detour for the
//! article fields or its byte-at-a-time string escaping. A test holds the
//! two to the same bytes.

use crate::record::{Record, Span, SpeakerType};

/// Appends `rec` as one line of compact JSON (no line break) to `out`.
pub(crate) fn write_record(out: &mut Vec<u8>, rec: &Record) {
    out.extend_from_slice(b"{\"doc\":");
    string(out, &rec.doc);
    out.extend_from_slice(b",\"kind\":\"");
    out.extend_from_slice(rec.kind.as_str().as_bytes());
    out.extend_from_slice(b"\",\"quote\":");
    string(out, &rec.quote);
    out.extend_from_slice(b",\"spans\":");
    spans(out, &rec.spans);
    out.extend_from_slice(b",\"speaker\":");
    match &rec.speaker {
        None => out.extend_from_slice(b"null"),
        Some(s) => {
            out.extend_from_slice(b"{\"name\":");
            string(out, &s.name);
            out.extend_from_slice(b",\"mention\":");
            string(out, &s.mention);
            out.extend_from_slice(b",\"span\":");
            span(out, s.span);
            out.extend_from_slice(b",\"title\":");
            opt_string(out, s.title.as_deref());
            out.extend_from_slice(b",\"type\":\"");
            out.extend_from_slice(speaker_type(s.kind).as_bytes());
            out.extend_from_slice(b"\"}");
        }
    }
    out.extend_from_slice(b",\"cue\":");
    match &rec.cue {
        None => out.extend_from_slice(b"null"),
        Some(c) => {
            out.extend_from_slice(b"{\"text\":");
            string(out, &c.text);
            out.extend_from_slice(b",\"span\":");
            span(out, c.span);
            out.push(b'}');
        }
    }
    out.extend_from_slice(b",\"via\":");
    opt_string(out, rec.via.as_deref());
    out.extend_from_slice(b",\"rule\":");
    string(out, &rec.rule);
    out.extend_from_slice(b",\"char_spans\":");
    spans(out, &rec.char_spans);
    let m = &rec.meta;
    for (key, value) in [
        (&b",\"title\":"[..], &m.title),
        (b",\"url\":", &m.url),
        (b",\"date\":", &m.date),
        (b",\"outlet\":", &m.outlet),
        (b",\"author\":", &m.author),
    ] {
        out.extend_from_slice(key);
        opt_string(out, value.as_deref());
    }
    out.extend_from_slice(b",\"context\":");
    string(out, &rec.context);
    out.extend_from_slice(b",\"lang\":");
    string(out, &rec.lang);
    out.push(b'}');
}

/// The lowercase name serde gives a speaker type.
fn speaker_type(t: SpeakerType) -> &'static str {
    match t {
        SpeakerType::Person => "person",
        SpeakerType::Group => "group",
        SpeakerType::Organization => "organization",
        SpeakerType::Anonymous => "anonymous",
        SpeakerType::Pronoun => "pronoun",
        SpeakerType::Unknown => "unknown",
    }
}

fn spans(out: &mut Vec<u8>, spans: &[Span]) {
    out.push(b'[');
    for (i, &s) in spans.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        span(out, s);
    }
    out.push(b']');
}

fn span(out: &mut Vec<u8>, [s, e]: Span) {
    let mut n = itoa::Buffer::new();
    out.push(b'[');
    out.extend_from_slice(n.format(s).as_bytes());
    out.push(b',');
    out.extend_from_slice(n.format(e).as_bytes());
    out.push(b']');
}

fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.extend_from_slice(b"null"),
        Some(s) => string(out, s),
    }
}

/// A JSON string as serde_json escapes it: `"` and `\` with a backslash,
/// the control characters below U+0020 as `\b \t \n \f \r` or `\u00XX`
/// (lower-case hex), everything else as it is.
fn string(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut run = 0; // the start of the bytes not yet copied
    loop {
        let i = plain_until(bytes, run);
        out.extend_from_slice(&bytes[run..i]);
        let Some(&b) = bytes.get(i) else { break };
        run = i + 1;
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0x08 => out.extend_from_slice(b"\\b"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            0x0C => out.extend_from_slice(b"\\f"),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xF)],
            ]),
        }
    }
    out.push(b'"');
}

/// The first index at or after `from` of a byte JSON escapes (`"`, `\`,
/// or below 0x20), or `bytes.len()`: eight bytes at a time, as most text
/// has none.
fn plain_until(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let escaped = |b: u8| b < 0x20 || b == b'"' || b == b'\\';
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        // a flagged byte: zero in `quote` or `backslash`, or below 0x20 in
        // `w` (the lowest flagged byte is always a true one)
        let hits = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (w.wrapping_sub(ONES * 0x20) & !w);
        if hits & HIGHS != 0 {
            return i + ((hits & HIGHS).trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    bytes
        .get(i..)
        .and_then(|rest| rest.iter().position(|&b| escaped(b)))
        .map_or(bytes.len(), |k| i + k)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{ArticleMeta, Cue, Kind, Speaker};

    fn line(rec: &Record) -> String {
        let mut out = Vec::new();
        write_record(&mut out, rec);
        String::from_utf8(out).unwrap()
    }

    /// Every byte below U+0080 and some beyond, alone and among letters,
    /// escape as serde_json escapes them.
    #[test]
    fn strings_escape_as_serde_json_escapes_them() {
        let mut cases: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        cases.extend((0u8..0x80).map(|b| format!("ab{}cd{}", char::from(b), char::from(b))));
        cases.extend(
            [
                "",
                "“Ça va,” \"x\" \\ é\u{7f}\u{2028}😀",
                "\u{0}\u{1f}\n\r\t\\\"",
            ]
            .map(str::to_string),
        );
        for s in cases {
            let mut out = Vec::new();
            string(&mut out, &s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&s).unwrap(),
                "{s:?}"
            );
        }
    }

    /// The eight-byte search stops where a byte-by-byte one does.
    #[test]
    fn plain_until_stops_where_a_byte_walk_stops() {
        let mut seed = 5u64;
        let alphabet = [
            b'a', b'"', b'\\', 0x1F, 0x20, 0x00, 0x80, 0xFF, 0x21, 0x5B, 0x5D, 0xA2,
        ];
        for len in 0..40 {
            for _ in 0..200 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| {
                        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
                        alphabet[(seed >> 33) as usize % alphabet.len()]
                    })
                    .collect();
                for from in 0..=len {
                    let walk = (from..len)
                        .find(|&i| bytes[i] < 0x20 || bytes[i] == b'"' || bytes[i] == b'\\')
                        .unwrap_or(len);
                    assert_eq!(plain_until(&bytes, from), walk, "{bytes:?} {from}");
                }
            }
        }
    }

    /// A record with every optional part present, and with each absent,
    /// writes the bytes serde_json writes.
    #[test]
    fn records_write_as_serde_json_writes_them() {
        let full = Record {
            doc: "a\\b \"c\".txt".into(),
            kind: Kind::Mixed,
            quote: "“We stay,” \n she said".into(),
            spans: vec![[0, 10], [12, 4_000_000_000]],
            speaker: Some(Speaker {
                name: "Émile Roux".into(),
                mention: "he".into(),
                span: [3, 5],
                title: Some("mayor\t".into()),
                kind: SpeakerType::Organization,
            }),
            cue: Some(Cue {
                text: "said".into(),
                span: [7, 11],
            }),
            via: Some("Reuters".into()),
            rule: "speaker-cue-content".into(),
            char_spans: vec![[0, 9]],
            meta: ArticleMeta {
                title: Some("T".into()),
                url: Some("https://x/y?a=1&b=\"2\"".into()),
                date: Some("2026-03-05".into()),
                outlet: Some("ANI".into()),
                author: Some("Jane Roe".into()),
                lang: Some("de".into()),
            },
            context: "One.\u{1}Two.".into(),
            lang: "en".into(),
        };
        let mut bare = full.clone();
        bare.spans.clear();
        bare.char_spans.clear();
        bare.speaker = None;
        bare.cue = None;
        bare.via = None;
        bare.meta = ArticleMeta::default();
        bare.kind = Kind::Headline;
        let mut untitled = full.clone();
        if let Some(s) = untitled.speaker.as_mut() {
            s.title = None;
        }
        let mut records = vec![full, bare, untitled];
        for (i, kind) in [
            SpeakerType::Person,
            SpeakerType::Group,
            SpeakerType::Anonymous,
            SpeakerType::Pronoun,
            SpeakerType::Unknown,
        ]
        .into_iter()
        .enumerate()
        {
            let mut r = records[0].clone();
            if let Some(s) = r.speaker.as_mut() {
                s.kind = kind;
            }
            r.kind = [Kind::Direct, Kind::Indirect][i % 2];
            records.push(r);
        }
        for r in &records {
            assert_eq!(line(r), serde_json::to_string(r).unwrap());
        }
    }

    /// The records of the fixture articles write as serde_json writes them.
    #[test]
    fn extracted_records_write_as_serde_json_writes_them() {
        let rules = crate::RuleSet::embedded().unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/articles");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for r in crate::extract(&rules, &path.display().to_string(), &text) {
                assert_eq!(line(&r), serde_json::to_string(&r).unwrap());
                seen += 1;
            }
        }
        assert!(seen > 20, "only {seen} records");
    }
}
