//! Quotations inside a reported clause as records of their own: when the
//! rules ask for it (patterns.toml `quotes_in_content = "separate"`, as
//! the German pack has it), a quotation that lies inside the content of an
//! indirect or mixed draft also becomes a direct draft with the same
//! speaker and cue. German news annotation counts both: the paraphrase and
//! the words it quotes. Off by default (the English rules), where the
//! paraphrase alone is the record.
//!
//! ```text
//! Er sagte, die Lage sei „sehr ernst“.
//! → indirect [die Lage sei „sehr ernst“] er
//!   direct   [sehr ernst] er
//! ```

use crate::engine::doc::Doc;
use crate::engine::draft::Draft;
use crate::record::Kind;

/// Adds a direct draft for every quotation inside an indirect or mixed
/// draft's content. `drafts` is sorted by start and stays so.
pub(crate) fn run(doc: &Doc, drafts: &mut Vec<Draft>) {
    let mut added = Vec::new();
    for d in drafts.iter() {
        if d.kind == Kind::Direct || d.kind == Kind::Headline {
            continue;
        }
        for &(s, e) in &d.spans {
            for para in &doc.paras {
                let p = para.span();
                if p.end <= s || p.start >= e {
                    continue;
                }
                for q in para.masked.quotes.iter().filter(|q| q.double) {
                    if q.outer.0 >= s && q.outer.1 <= e && q.inner.1 > q.inner.0 {
                        let mut c = d.clone();
                        c.kind = Kind::Direct;
                        c.spans = vec![q.inner];
                        added.push(c);
                    }
                }
            }
        }
    }
    super::add_in_text_order(drafts, added);
}

#[cfg(test)]
mod tests {
    use crate::engine::doc::Doc;
    use crate::rules::{Lang, Source};
    use crate::RuleSet;

    fn kinds(rules: &RuleSet, text: &str) -> Vec<String> {
        let doc = Doc::new(rules, text);
        crate::engine::drafts(rules, &doc)
            .iter()
            .map(|d| {
                let (s, e) = d.spans[0];
                format!("{:?} {}", d.kind, &text[s..e])
            })
            .collect()
    }

    #[test]
    fn the_german_rules_give_the_quoted_words_a_record() {
        let rules = RuleSet::load_lang(Source::Embedded, Lang::De).unwrap();
        assert!(rules.separate_quotes_in_content);
        let got = kinds(&rules, "Der Minister sagte, die Lage sei „sehr ernst“.");
        assert_eq!(
            got,
            ["Mixed die Lage sei „sehr ernst“", "Direct sehr ernst"]
        );
    }

    #[test]
    fn the_english_rules_keep_one_record() {
        let rules = RuleSet::embedded().unwrap();
        assert!(!rules.separate_quotes_in_content);
        let got = kinds(
            &rules,
            "The minister said the situation was \"very grave\" now.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
    }
}
