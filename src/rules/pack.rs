//! Language packs: the rule files embedded in the binary, one set per
//! language. English is the top level of `rules/`, German is `rules/de/`;
//! both hold the same six files (see [`super::EMBEDDED`]), so a pack is
//! chosen by language and then loaded like any rule set (a `--rules DIR`
//! is layered over the chosen pack).

/// A language with an embedded rule pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Lang {
    /// English: `rules/*.toml`.
    #[default]
    En,
    /// German: `rules/de/*.toml`.
    De,
}

/// The German rules, embedded in the binary.
pub const EMBEDDED_DE: [(&str, &str); 6] = [
    ("verbs.toml", include_str!("../../rules/de/verbs.toml")),
    ("titles.toml", include_str!("../../rules/de/titles.toml")),
    ("sources.toml", include_str!("../../rules/de/sources.toml")),
    (
        "boilerplate.toml",
        include_str!("../../rules/de/boilerplate.toml"),
    ),
    (
        "patterns.toml",
        include_str!("../../rules/de/patterns.toml"),
    ),
    ("lexicon.toml", include_str!("../../rules/de/lexicon.toml")),
];

impl Lang {
    /// Every language with a pack, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::De];

    /// The ISO 639-1 code: what records and `--lang` say.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
        }
    }

    /// The language of a code as pages declare it: ISO 639-1 or 639-2
    /// (`de`, `deu`, `ger`), any case, with or without a region (`de-AT`,
    /// `en_US`). `None` for a language without a pack.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" | "eng" => Some(Lang::En),
            "de" | "deu" | "ger" => Some(Lang::De),
            _ => None,
        }
    }

    /// The pack's rule files, by name, in [`super::EMBEDDED`] order.
    pub fn files(self) -> &'static [(&'static str, &'static str); 6] {
        match self {
            Lang::En => &super::EMBEDDED,
            Lang::De => &EMBEDDED_DE,
        }
    }
}

/// How many bytes of an article the language is detected from: enough
/// sentences to be sure (every German and English train text is detected
/// right from 512 bytes), and a fixed cost however long the article is
/// (from 2 KB, detection took a fifth of the English run time).
const DETECT_BYTES: usize = 512;

/// The language of `text` among the languages with a pack, by the
/// whatlang trigram model; `None` when the text is too short or unclear to
/// tell (the caller then keeps its default).
pub fn detect(text: &str) -> Option<Lang> {
    let mut end = text.len().min(DETECT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let detector =
        whatlang::Detector::with_allowlist(vec![whatlang::Lang::Eng, whatlang::Lang::Deu]);
    let info = detector.detect(&text[..end])?;
    match info.lang() {
        whatlang::Lang::Deu => Some(Lang::De),
        whatlang::Lang::Eng => Some(Lang::En),
        _ => None,
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn codes_as_pages_write_them() {
        for (code, want) in [
            ("de", Some(Lang::De)),
            ("de-DE", Some(Lang::De)),
            ("DE_at", Some(Lang::De)),
            ("deu", Some(Lang::De)),
            ("en-GB", Some(Lang::En)),
            ("eng", Some(Lang::En)),
            ("fr", None),
            ("", None),
        ] {
            assert_eq!(Lang::from_code(code), want, "{code}");
        }
        for l in Lang::ALL {
            assert_eq!(Lang::from_code(l.code()), Some(l));
        }
    }

    /// Both packs hold the same rule files, in the same order.
    #[test]
    fn packs_hold_the_same_files() {
        let names = |l: Lang| l.files().iter().map(|(n, _)| *n).collect::<Vec<_>>();
        assert_eq!(names(Lang::En), names(Lang::De));
    }
}
