//! Every pattern's `examples` must fire it and its `allows` must not.

use whosaid::check::check_examples;
use whosaid::RuleSet;

#[test]
fn embedded_rules_load() {
    let rules = RuleSet::embedded().expect("embedded rules load");
    assert!(rules.patterns.len() >= 10);
    assert!(
        rules.verb_forms.len() >= 240,
        "{} verb forms",
        rules.verb_forms.len()
    );
}

#[test]
fn pattern_examples_and_allows_hold() {
    let rules = RuleSet::embedded().expect("embedded rules load");
    let fails = check_examples(&rules);
    let msg: Vec<String> = fails.iter().map(|f| f.to_string()).collect();
    assert!(fails.is_empty(), "{}", msg.join("\n"));
}
