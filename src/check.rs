//! `rules check`: runs every pattern's `examples` (must fire) and `allows`
//! (must not fire) through the engine.

use crate::engine::extract;
use crate::rules::{Diagnostic, RuleSet};

/// Checks every example and allow of every pattern; returns the failures.
pub fn check_examples(rules: &RuleSet) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for p in &rules.patterns {
        for ex in &p.examples {
            let recs = extract(rules, "example", &ex.text);
            if !recs.iter().any(|r| r.rule == p.id) {
                let got: Vec<&str> = recs.iter().map(|r| r.rule.as_str()).collect();
                out.push(failure(
                    ex,
                    "example",
                    format!(
                        "pattern `{}` does not match its example {:?} (rules that fired: {}); \
                         see where it fails: whosaid explain {:?}",
                        p.id,
                        ex.text,
                        if got.is_empty() {
                            "none".to_string()
                        } else {
                            got.join(", ")
                        },
                        ex.text
                    ),
                ));
            }
        }
        for al in &p.allows {
            let recs = extract(rules, "allow", &al.text);
            if recs.iter().any(|r| r.rule == p.id) {
                out.push(failure(
                    al,
                    "allow",
                    format!(
                        "pattern `{}` matches {:?}, which it must allow",
                        p.id, al.text
                    ),
                ));
            }
        }
    }
    out
}

fn failure(ex: &crate::rules::Example, kind: &str, message: String) -> Diagnostic {
    Diagnostic {
        path: ex.path.clone(),
        line: ex.line,
        col: ex.col,
        kind: kind.to_string(),
        message,
        snippet: None,
    }
}
