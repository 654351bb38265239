//! The engine's English vocabulary lives in rules/ (lexicon.toml and the
//! other rule files), not in src/: this test reads every source file outside
//! its test modules and fails on a list of word literals — an array or slice
//! (`["and", "or"]`), a `matches!` alternation (`"has" | "had"`) or a chain
//! of comparisons (`w == "of" || w == "for"`).
//!
//! A few lists of literals are not vocabulary but names of a format (field
//! and column names, file extensions, HTML tags); they are allowed one by
//! one below, each with its reason, so a new list fails until someone
//! decides where it belongs.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

/// A token of Rust source, as far as this test needs: string literals with
/// their value, and everything else as text.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Str(String),
    Other(String),
}

/// Splits Rust source into tokens, dropping comments. Handles normal and raw
/// strings (so braces and quotes inside them are no code), byte strings,
/// char literals and lifetimes.
fn lex(src: &str) -> Vec<Tok> {
    let b: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if (c == 'r' || (c == 'b' && next == Some('r')))
            && b[i + if c == 'b' { 2 } else { 1 }..]
                .iter()
                .take_while(|&&h| h == '#')
                .count()
                .checked_add(i + if c == 'b' { 2 } else { 1 })
                .is_some_and(|q| b.get(q) == Some(&'"'))
        {
            // raw string: r"…", r#"…"#, br"…"
            let start = i + if c == 'b' { 2 } else { 1 };
            let hashes = b[start..].iter().take_while(|&&h| h == '#').count();
            let body = start + hashes + 1;
            let mut j = body;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"'
                    && b[j + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == '#')
                        .count()
                        == hashes
                {
                    break;
                }
                j += 1;
            }
            out.push(Tok::Str(b[body..j.min(b.len())].iter().collect()));
            i = j + 1 + hashes;
        } else if c == '"' || (c == 'b' && next == Some('"')) {
            let mut j = i + if c == 'b' { 2 } else { 1 };
            let mut val = String::new();
            while j < b.len() && b[j] != '"' {
                if b[j] == '\\' {
                    j += 1;
                    match b.get(j) {
                        Some('n') => val.push('\n'),
                        Some('t') => val.push('\t'),
                        Some(&o) => val.push(o),
                        None => {}
                    }
                } else {
                    val.push(b[j]);
                }
                j += 1;
            }
            out.push(Tok::Str(val));
            i = j + 1;
        } else if c == '\'' {
            // a char literal ('a', '\n', '\'') or a lifetime ('a)
            if next == Some('\\') {
                let mut j = i + 2;
                while j < b.len() && b[j] != '\'' {
                    j += 1;
                }
                i = j + 1;
            } else if b.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
                while i < b.len() && (b[i].is_alphanumeric() || b[i] == '_') {
                    i += 1;
                }
            }
            out.push(Tok::Other("'".into()));
        } else if c.is_alphanumeric() || c == '_' {
            let mut j = i;
            while j < b.len() && (b[j].is_alphanumeric() || b[j] == '_') {
                j += 1;
            }
            out.push(Tok::Other(b[i..j].iter().collect()));
            i = j;
        } else {
            // two-character operators matter: `||`, `==`, `=>`, `::`
            let two: String = b[i..(i + 2).min(b.len())].iter().collect();
            if ["||", "==", "=>", "::", "&&", "!=", "->"].contains(&two.as_str()) {
                out.push(Tok::Other(two));
                i += 2;
            } else {
                out.push(Tok::Other(c.to_string()));
                i += 1;
            }
        }
    }
    out
}

/// Drops `#[cfg(test)]` items (test modules and test-only functions).
fn without_tests(toks: Vec<Tok>) -> Vec<Tok> {
    let other = |t: &Tok, s: &str| matches!(t, Tok::Other(o) if o == s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let is_cfg_test = ["#", "[", "cfg", "(", "test", ")", "]"]
            .iter()
            .enumerate()
            .all(|(k, s)| toks.get(i + k).is_some_and(|t| other(t, s)));
        if !is_cfg_test {
            out.push(toks[i].clone());
            i += 1;
            continue;
        }
        // skip to the item's body and past its matching brace (or to the `;`
        // of a body-less item)
        let mut j = i + 7;
        while j < toks.len() && !other(&toks[j], "{") && !other(&toks[j], ";") {
            j += 1;
        }
        if j < toks.len() && other(&toks[j], "{") {
            let mut depth = 0;
            while j < toks.len() {
                if other(&toks[j], "{") {
                    depth += 1;
                } else if other(&toks[j], "}") {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                j += 1;
            }
        }
        i = j + 1;
    }
    out
}

/// A literal that reads as natural-language words: letters (with
/// apostrophes, hyphens, and full stops of abbreviations such as "Jr." and
/// "U.S." but not of file names such as "verbs.toml"), one to three words,
/// and at least two letters in all ("I" and "&" on their own are caught as
/// members of a list with other words).
fn is_wordish(s: &str) -> bool {
    let t = s.trim();
    let words: Vec<&str> = t.split(' ').collect();
    !t.is_empty()
        && words.len() <= 3
        && words.iter().all(|w| {
            !w.is_empty()
                && w.chars().any(char::is_alphabetic)
                && w.chars()
                    .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '.' | '-' | '&'))
                && w.split('.').skip(1).all(|after| after.chars().count() <= 1)
        })
}

/// Tokens that may stand between two members of one list.
fn is_joiner(t: &Tok) -> bool {
    match t {
        Tok::Other(o) => {
            matches!(
                o.as_str(),
                "," | "|" | "||" | "==" | "!=" | "&&" | "(" | ")" | "[" | "]" | "&" | "Some" | "!"
            ) || o.chars().all(|c| c.is_alphanumeric() || c == '_')
        }
        Tok::Str(_) => false,
    }
}

/// Every list of two or more word literals in `toks`: runs of word-like
/// string literals with at most four joining tokens between neighbours.
fn word_lists(toks: &[Tok]) -> Vec<Vec<String>> {
    let mut lists = Vec::new();
    let mut cur: Vec<String> = Vec::new();
    let mut gap = 0;
    let mut gap_ok = true;
    for t in toks {
        match t {
            Tok::Str(s) if is_wordish(s) => {
                if !(gap <= 4 && gap_ok) && cur.len() >= 2 {
                    lists.push(std::mem::take(&mut cur));
                } else if !(gap <= 4 && gap_ok) {
                    cur.clear();
                }
                cur.push(s.clone());
                gap = 0;
                gap_ok = true;
            }
            _ => {
                gap += 1;
                gap_ok &= is_joiner(t);
            }
        }
    }
    if cur.len() >= 2 {
        lists.push(cur);
    }
    lists
}

/// Lists of literals that are allowed in src/: (file, a word of the list,
/// why). Most are names of a format, not vocabulary; the last group are
/// English lists outside the extraction engine, kept deliberately.
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "src/rules/pack.rs",
        "eng",
        "ISO 639 codes of the English pack, as pages declare a language",
    ),
    (
        "src/rules/pack.rs",
        "deu",
        "ISO 639 codes of the German pack, as pages declare a language",
    ),
    (
        "src/input/feed.rs",
        "inLanguage",
        "feed field names that declare an article's language",
    ),
    (
        "src/rules/matcher.rs",
        "speaker",
        "the template language's capture-group names (GROUP_NAMES), as its regexes name them",
    ),
    (
        "src/rules/template.rs",
        "speaker",
        "the template language's slot names (SLOTS and their checks)",
    ),
    (
        "src/rules/template.rs",
        "cue",
        "the template language's slot names (the cue slots)",
    ),
    (
        "src/rules/template.rs",
        "end",
        "the template language's slot names ({start} and {end})",
    ),
    (
        "src/rules/template.rs",
        "content",
        "the template language's slot names (the content slots)",
    ),
    (
        "src/rules/template.rs",
        "template",
        "a diagnostic's kind and message, not vocabulary",
    ),
    (
        "src/rules/mod.rs",
        "indirect",
        "quote kinds of verbs.toml's `kinds` key",
    ),
    (
        "src/output/writer.rs",
        "mention",
        "record field and CSV column names",
    ),
    (
        "src/output/writer.rs",
        "outlet",
        "article metadata column names",
    ),
    ("src/input/mod.rs", "xhtml", "file extensions"),
    ("src/input/mod.rs", "ndjson", "file extensions"),
    ("src/input/mod.rs", "txt", "file extensions"),
    (
        "src/input/feed.rs",
        "maintext",
        "JSON field names of news feeds",
    ),
    (
        "src/input/feed.rs",
        "sitename",
        "JSON field names of news feeds",
    ),
    (
        "src/input/feed.rs",
        "authors",
        "JSON field names of news feeds",
    ),
    ("src/input/html.rs", "noscript", "HTML tag names"),
    ("src/input/html.rs", "blockquote", "HTML tag names"),
    ("src/input/html.rs", "tbody", "HTML tag names"),
    ("src/input/html.rs", "article", "HTML tag names"),
    ("src/input/html.rs", "section", "HTML tag names"),
    ("src/input/html.rs", "aside", "HTML tag names"),
    (
        "src/input/html.rs",
        "aria-hidden",
        "an HTML attribute and its value",
    ),
    ("src/input/html.rs", "contentinfo", "ARIA role names"),
    (
        "src/input/html.rs",
        "taboola",
        "CSS class and id fragments of page chrome",
    ),
    (
        "src/input/html.rs",
        "masthead",
        "CSS class and id fragments of page chrome",
    ),
    ("src/output/xlsx.rs", "mention", "spreadsheet column names"),
    ("src/output/xlsx.rs", "kind", "spreadsheet column names"),
    ("src/output/xlsx.rs", "url", "spreadsheet column names"),
    ("src/output/xlsx.rs", "start", "spreadsheet column names"),
    ("src/output/xlsx.rs", "quote", "spreadsheet column names"),
    ("src/output/xlsx.rs", "quotes", "spreadsheet column names"),
    ("src/output/table.rs", "QUOTE", "table column headers"),
    ("src/cli.rs", "kib", "size units of a limit"),
    ("src/cli.rs", "mib", "size units of a limit"),
    ("src/cli.rs", "gib", "size units of a limit"),
    ("src/compare/render.rs", "differences", "report field names"),
    ("src/eval/mod.rs", "direct", "metric subset names"),
    ("src/eval/mod.rs", "r", "metric statistic names"),
    ("src/eval/mod.rs", "metric", "report column headers"),
    (
        "src/diff/mod.rs",
        "via",
        "record field names a diff compares",
    ),
    ("src/diff/render.rs", "removed", "diff summary headers"),
    ("src/diff/render.rs", "change", "diff metric table headers"),
    ("src/input/parse.rs", "wbr", "HTML void element names"),
    (
        "src/input/parse.rs",
        "option",
        "HTML elements whose end tag may be left out",
    ),
    (
        "src/input/html.rs",
        "LiveBlogPosting",
        "schema.org article types",
    ),
    // The page reader reads bylines in several languages on its own (it
    // takes no rule set); moving these to rules/ waits for a reader that
    // takes the lexicon.
    ("src/input/html.rs", "par", "page reader: byline openers"),
    (
        "src/input/html.rs",
        "van",
        "page reader: name particles in bylines",
    ),
    (
        "src/input/html.rs",
        "bin",
        "page reader: name particles in bylines",
    ),
    // English outside the engine: `whosaid compare` normalises speaker
    // names and quote words on its own (it takes no rule set), and the page
    // header reader parses English printed dates.
    (
        "src/compare/similarity.rs",
        "because",
        "compare: stop words of quote similarity",
    ),
    (
        "src/compare/speaker.rs",
        "prof",
        "compare: honorifics dropped from names",
    ),
    (
        "src/compare/speaker.rs",
        "iii",
        "compare: name suffixes dropped from names",
    ),
    (
        "src/compare/speaker.rs",
        "the",
        "compare: words ignored in titles",
    ),
    (
        "src/input/header.rs",
        "sep",
        "header: English month abbreviations of printed dates",
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_scanner_finds_each_kind_of_word_list() {
    let cases = [
        (r#"const W: &[&str] = &["and", "or", "but"];"#, true),
        (
            r#"fn f(w: &str) -> bool { matches!(w, "has" | "had") }"#,
            true,
        ),
        (
            r#"fn f(p: Option<&str>) -> bool { matches!(p, Some("and" | "but")) }"#,
            true,
        ),
        (r#"fn f(w: &str) -> bool { w == "of" || w == "for" }"#, true),
        (
            r#"fn f(s: &str) -> bool { ["according to", "as per "].iter().any(|t| s.starts_with(t)) }"#,
            true,
        ),
        (
            r#"fn f(w: &str) -> bool { w.ends_with("Jr.") || w == "U.S." }"#,
            true,
        ),
        (
            r#"const F: [&str; 2] = ["verbs.toml", "titles.toml"];"#,
            false,
        ),
        // one word, words in separate statements, a slot name per call
        (r#"fn f(w: &str) -> bool { w == "of" }"#, false),
        (
            r#"fn f(w: &str) { let a = "quote"; let b = "speaker"; }"#,
            false,
        ),
        (
            r#"fn f(c: &C) { (c.name("adjunct"), c.name("quote")); }"#,
            false,
        ),
        // punctuation and messages are no word lists
        (r#"const P: [&str; 2] = [", ", "; "];"#, false),
        (r#"fn f() { g("cannot read the file: {e}", "x1"); }"#, false),
        // test modules, comments and strings holding code are skipped
        (
            "#[cfg(test)]\nmod tests { const W: &[&str] = &[\"and\", \"or\"]; }",
            false,
        ),
        (
            "// [\"and\", \"or\"]\n/* matches!(w, \"a\" | \"b\") */",
            false,
        ),
        (r##"const S: &str = r#"["and", "or"]"#;"##, false),
    ];
    for (src, want) in cases {
        let found = word_lists(&without_tests(lex(src)));
        assert_eq!(!found.is_empty(), want, "{src}: {found:?}");
    }
}

#[test]
fn src_holds_no_english_word_lists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    files.sort();
    let mut bad = Vec::new();
    let mut used = vec![false; ALLOWED.len()];
    for path in &files {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let src = std::fs::read_to_string(path).unwrap();
        for list in word_lists(&without_tests(lex(&src))) {
            match (ALLOWED.iter()).position(|(f, w, _)| *f == rel && list.iter().any(|l| l == w)) {
                Some(i) => used[i] = true,
                None => bad.push(format!("{rel}: {list:?}")),
            }
        }
    }
    assert!(
        bad.is_empty(),
        "English word lists in src/ (move them to rules/lexicon.toml, or allow a format's names in this test):\n{}",
        bad.join("\n")
    );
    let stale: Vec<_> = (ALLOWED.iter().zip(&used))
        .filter(|(_, u)| !**u)
        .map(|(a, _)| format!("{} [{}]", a.0, a.1))
        .collect();
    assert!(
        stale.is_empty(),
        "allowed lists no longer in src/: {stale:?}"
    );
}
