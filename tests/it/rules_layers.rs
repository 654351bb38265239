//! Layered rules: `rules init`, a user directory holding a subset of the
//! rule files (replacing or extending the built-in ones), and diagnostics
//! that name the file a rule came from.

// Test code: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};
use whosaid::rules::{Mode, Source, EMBEDDED};
use whosaid::RuleSet;

fn whosaid(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

const SENTENCE: &str = "\"Not on my watch,\" the mayor harrumphed.";

#[test]
fn init_writes_every_embedded_file_and_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    let out = whosaid(&["rules", "init", "mine"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    for (name, text) in EMBEDDED {
        let written = std::fs::read_to_string(tmp.path().join("mine").join(name)).unwrap();
        assert_eq!(
            written, text,
            "{name} is the embedded file, comments included"
        );
    }
    // a user edit must survive a second init
    let verbs = tmp.path().join("mine/verbs.toml");
    std::fs::write(&verbs, "# mine\n").unwrap();
    let again = whosaid(&["rules", "init", "mine"], tmp.path());
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&verbs).unwrap(), "# mine\n");
    let forced = whosaid(&["rules", "init", "mine", "--force"], tmp.path());
    assert_eq!(forced.status.code(), Some(0));
    assert_ne!(std::fs::read_to_string(&verbs).unwrap(), "# mine\n");
}

#[test]
fn init_of_one_file_and_a_wrong_name() {
    let tmp = tempfile::tempdir().unwrap();
    let out = whosaid(&["rules", "init", "d", "verbs.toml"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    let names: Vec<_> = std::fs::read_dir(tmp.path().join("d"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["verbs.toml"]);
    let bad = whosaid(&["rules", "init", "e", "verb.toml"], tmp.path());
    assert_eq!(bad.status.code(), Some(2));
    assert!(!tmp.path().join("e").exists());
}

/// The rule files every layer listing must cover: all of them, whatever
/// files the RuleSet loads (lexicon.toml included once it exists).
#[test]
fn layers_cover_every_rule_file() {
    let rules = RuleSet::embedded().unwrap();
    let names: Vec<&str> = rules.layers.iter().map(|l| l.name.as_str()).collect();
    let embedded: Vec<&str> = EMBEDDED.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, embedded);
    assert!(names.contains(&"lexicon.toml"));
    for l in &rules.layers {
        assert_eq!(l.mode, Mode::Builtin);
        assert_eq!(l.parts[0].path, format!("<builtin>/{}", l.name));
    }
}

#[test]
fn an_extending_file_adds_a_verb_and_a_replacing_file_stands_alone() {
    let tmp = tempfile::tempdir().unwrap();
    let base = RuleSet::embedded().unwrap();
    assert!(whosaid::extract(&base, "d", SENTENCE).is_empty());

    std::fs::write(
        tmp.path().join("verbs.toml"),
        "# our verbs\nextends = \"builtin\"\n\n[[verb]]\nlemma = \"harrumph\"\nforms = [\"harrumphed\"]\nkinds = [\"direct\"]\n",
    )
    .unwrap();
    let ext = RuleSet::load(Source::Dir(tmp.path())).unwrap();
    let recs = whosaid::extract(&ext, "d", SENTENCE);
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0].cue.as_ref().unwrap().text, "harrumphed");
    assert_eq!(ext.verb_forms.len(), base.verb_forms.len() + 1);
    assert_eq!(ext.layers[0].mode, Mode::Extend);

    // without `extends` the file replaces the built-in verbs: "said" is gone
    let text = std::fs::read_to_string(tmp.path().join("verbs.toml")).unwrap();
    std::fs::write(
        tmp.path().join("verbs.toml"),
        text.replace("extends = \"builtin\"", ""),
    )
    .unwrap();
    let rep = RuleSet::load(Source::Dir(tmp.path())).unwrap();
    assert_eq!(rep.verb_forms, ["harrumphed"]);
    assert_eq!(rep.layers[0].mode, Mode::Replace);
    assert!(whosaid::extract(&rep, "d", "\"Yes,\" she said.").is_empty());
}

#[test]
fn a_user_pattern_with_a_builtin_id_replaces_it() {
    let base = RuleSet::embedded().unwrap();
    let first = &base.patterns[0];
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("patterns.toml"),
        format!(
            "extends = \"builtin\"\n[[pattern]]\nid = \"{}\"\nkind = \"direct\"\ntemplate = \"{{quote}} {{speaker}} {{cue}}\"\n",
            first.id
        ),
    )
    .unwrap();
    let ext = RuleSet::load(Source::Dir(tmp.path())).unwrap();
    assert_eq!(ext.patterns.len(), base.patterns.len());
    assert_eq!(ext.patterns[0].id, first.id);
    assert_eq!(ext.patterns[0].template, "{quote} {speaker} {cue}");
}

#[test]
fn diagnostics_name_the_user_file_and_its_own_line() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("verbs.toml"),
        "extends = \"builtin\"\n\n[[verb]]\nlemma = \"x\"\nforms = [\"x\"]\nkinds = [\"loud\"]\n",
    )
    .unwrap();
    let errs = RuleSet::load(Source::Dir(tmp.path())).unwrap_err();
    let shown = errs.to_string();
    let want = format!(
        "{}:6:9: error[value]",
        tmp.path().join("verbs.toml").display()
    );
    assert!(shown.starts_with(&want), "{shown}");
    // Debug (what unwrap and expect print) is the same tidy text
    assert_eq!(format!("{errs:?}").trim(), shown.trim());
}

#[test]
fn a_misspelt_file_and_a_bad_extends_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("verb.toml"), "").unwrap();
    std::fs::write(tmp.path().join("titles.toml"), "extends = \"mine\"\n").unwrap();
    let shown = RuleSet::load(Source::Dir(tmp.path()))
        .unwrap_err()
        .to_string();
    assert!(shown.contains("verb.toml: error[unknown-file]"), "{shown}");
    assert!(shown.contains("titles.toml:1:1: error[value]"), "{shown}");
}

#[test]
fn check_lists_where_each_file_came_from() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("r")).unwrap();
    std::fs::write(
        tmp.path().join("r/titles.toml"),
        "extends = \"builtin\"\nroles = [\"ombudsman\"]\n",
    )
    .unwrap();
    let out = whosaid(&["rules", "check", "r"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("<builtin>/titles.toml + r/titles.toml (extends the built-in file)"),
        "{text}"
    );
    assert!(text.contains("<builtin>/verbs.toml (built-in)"), "{text}");
}

#[test]
fn extending_word_lists_adds_words_once() {
    let base = RuleSet::embedded().unwrap();
    let known = base.boiler_prefixes.first().cloned().unwrap_or_default();
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("titles.toml"),
        "extends = \"builtin\"\nroles = [\"ombudsman\"]\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("boilerplate.toml"),
        format!("extends = \"builtin\"\nline_prefixes = [{known:?}, \"Pictured:\"]\nline_patterns = ['^Photo by ']\n"),
    )
    .unwrap();
    let ext = RuleSet::load(Source::Dir(tmp.path())).unwrap();
    assert!(!base.roles.contains("ombudsman"));
    assert!(ext.roles.contains("ombudsman"));
    assert!(base.roles.iter().all(|r| ext.roles.contains(r)));
    assert_eq!(ext.boiler_prefixes.len(), base.boiler_prefixes.len() + 1);
    assert_eq!(ext.boiler_patterns.len(), base.boiler_patterns.len() + 1);
}

/// `extends = "builtin"` on the lexicon adds words to the built-in lists;
/// the lists it leaves out stay as built in.
#[test]
fn an_extending_lexicon_adds_to_the_built_in_lists() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("lexicon.toml"),
        "extends = \"builtin\"\ndeterminers = [\"yonder\"]\n",
    )
    .unwrap();
    let rules = RuleSet::load(Source::Dir(dir.path())).unwrap();
    let builtin = RuleSet::embedded().unwrap();
    assert!(rules.lexicon.determiners.contains("yonder"));
    assert!(rules.lexicon.determiners.contains("the"));
    assert!(!builtin.lexicon.determiners.contains("yonder"));
    assert_eq!(rules.lexicon.break_left, builtin.lexicon.break_left);
    let lex = rules
        .layers
        .iter()
        .find(|l| l.name == "lexicon.toml")
        .unwrap();
    assert_eq!(lex.mode, Mode::Extend);
}
