//! Quotations that name something are no quotes: when the rules ask for it
//! (patterns.toml `quoted_names_max_words`, as the German pack has it), a
//! direct draft whose content is a short quotation of capitalised words
//! only, not ending a sentence, is dropped. German news puts the names of
//! newspapers, films, parties and operations in quotation marks
//! („Spiegel“, „Berliner Zeitung“); a quoted fragment of speech has a word
//! in lower case or ends a sentence. (German capitalises every noun, so a
//! one-noun quotation, „Märtyrer“, counts as a name too: on the German train
//! split such quotations are gold direct quotes 20 times in 487.) Off by
//! default (the English rules).
//!
//! ```text
//! Er sagte der „Berliner Zeitung“, dass …   → no direct [Berliner Zeitung]
//! Sie nannte den Plan „völlig falsch“.       → kept (a word in lower case)
//! ```

use crate::engine::draft::Draft;
use crate::engine::speaker::lower::SplitWsExt;
use crate::record::Kind;

/// Drops the direct drafts whose content is a quoted name of at most
/// `max_words` words (none when `max_words` is 0).
pub(crate) fn run(text: &str, max_words: usize, drafts: &mut Vec<Draft>) {
    if max_words == 0 {
        return;
    }
    drafts.retain(|d| {
        !(d.kind == Kind::Direct
            && d.spans.len() == 1
            && text
                .get(d.spans[0].0..d.spans[0].1)
                .is_some_and(|c| is_name(c, max_words)))
    });
}

/// Whether a quotation's words (its marks trimmed) are at most `max_words`,
/// each beginning with a capital letter or with no letter, and it does not
/// end in `.`, `!` or `?`.
pub(crate) fn is_name(content: &str, max_words: usize) -> bool {
    let inner = content.trim_matches(|c: char| c.is_whitespace() || crate::text::is_quote_mark(c));
    let words: Vec<&str> = inner.split_ws().collect();
    !words.is_empty()
        && words.len() <= max_words
        && !inner.ends_with(['.', '!', '?'])
        && words.iter().all(|w| {
            w.chars()
                .find(|c| c.is_alphabetic())
                .is_none_or(char::is_uppercase)
                && w.chars().next().is_some_and(|c| !c.is_lowercase())
        })
}

#[cfg(test)]
mod tests {
    use super::is_name;
    use crate::engine::doc::Doc;
    use crate::rules::{Lang, Source};
    use crate::RuleSet;

    #[test]
    fn short_capitalised_quotations_are_names() {
        assert!(is_name("„Berliner Zeitung“", 4));
        assert!(is_name("Spiegel", 4));
        assert!(is_name("„2001: Odyssee Im Weltraum“", 4));
        assert!(!is_name("„2001: Odyssee im Weltraum“", 4));
        assert!(!is_name("völlig falsch", 4));
        assert!(!is_name("„Wir Kommen!“", 4));
        assert!(!is_name("Eins Zwei Drei Vier Fünf", 4));
        assert!(!is_name("„“", 4));
    }

    fn direct_contents(rules: &RuleSet, text: &str) -> Vec<String> {
        let doc = Doc::new(rules, text);
        crate::engine::drafts(rules, &doc)
            .iter()
            .filter(|d| d.kind == crate::record::Kind::Direct)
            .map(|d| text[d.spans[0].0..d.spans[0].1].to_string())
            .collect()
    }

    #[test]
    fn the_german_rules_drop_quoted_names() {
        let rules = RuleSet::load_lang(Source::Embedded, Lang::De).unwrap();
        assert_eq!(rules.quoted_names_max_words, 4);
        // the same sentence with the quotation's words in lower case is a
        // direct quote of the cue's speaker
        let quote = direct_contents(
            &rules,
            "Der Verband schrieb einen Brief an die „berliner zeitung“.",
        );
        assert_eq!(quote, ["berliner zeitung"]);
        let name = direct_contents(
            &rules,
            "Der Verband schrieb einen Brief an die „Berliner Zeitung“.",
        );
        assert!(name.is_empty(), "{name:?}");
    }

    #[test]
    fn the_english_rules_keep_them() {
        let rules = RuleSet::embedded().unwrap();
        assert_eq!(rules.quoted_names_max_words, 0);
    }
}
