//! Extraction over arbitrary bytes (decoded as the CLI decodes them): it
//! never panics, every span lies on char boundaries inside the text, and
//! `quote` is exactly the text at `spans` joined with the segment joiner.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;
use whosaid::record::SEGMENT_JOINER;
use whosaid::RuleSet;

static RULES: LazyLock<RuleSet> =
    LazyLock::new(|| RuleSet::embedded().expect("embedded rules load"));

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let recs = whosaid::extract(&RULES, "fuzz", &text);
    let valid = |s: [usize; 2]| {
        s[0] <= s[1]
            && s[1] <= text.len()
            && text.is_char_boundary(s[0])
            && text.is_char_boundary(s[1])
    };
    for r in &recs {
        assert!(!r.spans.is_empty(), "record without spans: {r:?}");
        for &s in &r.spans {
            assert!(valid(s), "bad span {s:?} in {r:?}");
        }
        let joined: Vec<&str> = r.spans.iter().map(|s| &text[s[0]..s[1]]).collect();
        assert_eq!(r.quote, joined.join(SEGMENT_JOINER), "quote differs from spans");
        assert_eq!(r.char_spans.len(), r.spans.len());
        for (b, c) in r.spans.iter().zip(&r.char_spans) {
            assert_eq!(text[..b[0]].chars().count(), c[0]);
            assert_eq!(text[..b[1]].chars().count(), c[1]);
        }
        if let Some(sp) = &r.speaker {
            assert!(valid(sp.span), "bad speaker span in {r:?}");
            assert_eq!(&text[sp.span[0]..sp.span[1]], sp.mention);
        }
        if let Some(cue) = &r.cue {
            assert!(valid(cue.span), "bad cue span in {r:?}");
            assert_eq!(&text[cue.span[0]..cue.span[1]], cue.text);
        }
    }
});
