//! The German pack: one insta snapshot per German fixture article under
//! tests/articles-de/ (written for these tests, in the compact snapshot
//! form of `whosaid snapshot`), and the language choice of `--lang auto`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::snapshot_settings as settings;
use whosaid::diff::snapshot;
use whosaid::rules::{Lang, Source};
use whosaid::RuleSet;

fn german() -> RuleSet {
    RuleSet::load_lang(Source::Embedded, Lang::De).expect("German rules load")
}

#[test]
fn german_fixture_articles() {
    let rules = german();
    settings().bind(|| {
        insta::glob!(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests"),
            "articles-de/*.txt",
            |path| {
                let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
                let name = path.file_name().expect("file name").to_string_lossy();
                let doc = format!("tests/articles-de/{name}");
                let recs = whosaid::extract(&rules, &doc, &text);
                assert!(recs.iter().all(|r| r.lang == "de"));
                insta::assert_snapshot!(snapshot::render(&doc, &recs));
            }
        );
    });
}

/// `--lang auto` runs the German pack on a German article and the English
/// one on an English article, and stamps each record with it.
#[test]
fn auto_picks_the_pack_per_article() {
    let mut rules = RuleSet::embedded().unwrap();
    rules.auto.push(german());
    let de = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/articles-de/press_release.txt"
    ))
    .unwrap();
    let en = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/articles/speakers_and_sources.txt"
    ))
    .unwrap();
    let de_recs = whosaid::extract(&rules, "de", &de);
    assert!(!de_recs.is_empty());
    assert!(de_recs.iter().all(|r| r.lang == "de"));
    assert_eq!(de_recs, whosaid::extract(&german(), "de", &de));
    let en_recs = whosaid::extract(&rules, "en", &en);
    assert!(!en_recs.is_empty());
    assert!(en_recs.iter().all(|r| r.lang == "en"));
    assert_eq!(
        en_recs,
        whosaid::extract(&RuleSet::embedded().unwrap(), "en", &en)
    );
}

/// A declared language wins over detection: English text declared German
/// runs the German pack.
#[test]
fn a_declared_language_wins() {
    let mut rules = RuleSet::embedded().unwrap();
    rules.auto.push(german());
    let text = "The plan, the mayor said, will cost more than expected this year.";
    assert_eq!(rules.for_article(text, None).lang, Lang::En);
    assert_eq!(rules.for_article(text, Some("de-DE")).lang, Lang::De);
    assert_eq!(rules.for_article(text, Some("fr")).lang, Lang::En);
}

/// `rules init --lang de` writes the German pack, and the directory it
/// writes loads and passes its own examples.
#[test]
fn rules_init_writes_the_german_pack() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(["rules", "init", "--lang", "de"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let verbs = std::fs::read_to_string(dir.path().join("verbs.toml")).unwrap();
    assert!(verbs.contains("teilte mit"));
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(["rules", "check", "--lang", "de"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

/// The language detection of `--lang auto`, measured on the train texts:
/// every German WikiNews article and every English PolNeAR article is
/// detected as its language (the figure the README gives).
#[test]
#[ignore = "needs ../shared (the German and English train texts)"]
fn auto_detects_the_train_texts() {
    let mut rules = RuleSet::embedded().unwrap();
    rules.auto.push(german());
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data");
    for (dir, want) in [
        ("wikinews-de-train/text", Lang::De),
        ("polnear-train/text", Lang::En),
    ] {
        let (mut n, mut right) = (0, 0);
        for entry in std::fs::read_dir(format!("{shared}/{dir}")).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            n += 1;
            if rules.for_article(&text, None).lang == want {
                right += 1;
            }
        }
        println!("{dir}: {right}/{n} detected as {want}");
        assert!(n > 600, "{dir}: {n} texts");
        assert_eq!(right, n, "{dir}: {right}/{n} detected as {want}");
    }
}

/// `verb_second = true` (German patterns.toml): a prepositional phrase in
/// front of the verb is no speaker; the subject after the verb is. The
/// same rules with the switch off read the noun of the fronted phrase.
#[test]
fn a_fronted_adverbial_is_no_speaker() {
    let text = "Als Begründung sagte ein Wissenschaftler: „Das Feld ist sehr breit.“";
    let speaker = |rules: &RuleSet| -> Vec<String> {
        whosaid::extract(rules, "d", text)
            .iter()
            .map(|r| {
                r.speaker
                    .as_ref()
                    .map_or(String::new(), |s| s.mention.clone())
            })
            .collect()
    };
    let mut rules = german();
    assert!(rules.verb_second);
    assert_eq!(speaker(&rules), ["ein Wissenschaftler"]);
    rules.verb_second = false;
    assert_ne!(speaker(&rules), ["ein Wissenschaftler"]);
}

fn whosaid_cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_whosaid"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// `compare`, `diff` and `snapshot` take `--lang` as `extract` does: the
/// German pack finds the German fixture's records, the default English
/// pack none.
#[test]
fn compare_diff_and_snapshot_take_lang() {
    let article = "tests/articles-de/press_release.txt";
    let run = |args: &[&str]| {
        let out = whosaid_cli(args);
        assert!(
            out.status.code().is_some_and(|c| c <= 1),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    // compare: the statements of the article (twice, so each has versions)
    let cmp = |lang: &[&str]| {
        let mut args = vec!["compare", "-f", "json", "--all"];
        args.extend_from_slice(lang);
        args.extend([article, article]);
        String::from_utf8(run(&args).stdout).unwrap()
    };
    let (de, en) = (cmp(&["--lang", "de"]), cmp(&[]));
    assert!(
        de.contains("Wir behalten alle Beschäftigten an Bord"),
        "{de}"
    );
    assert!(!en.contains("Wir behalten"), "{en}");

    // snapshot: the records written for the article
    let snap = |lang: &[&str]| {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().to_str().unwrap().to_string();
        let mut args = vec!["snapshot", "--dir", d.as_str()];
        args.extend_from_slice(lang);
        args.push(article);
        run(&args);
        let files: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(files.len(), 1);
        std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap()
    };
    let (de, en) = (snap(&["--lang", "de"]), snap(&[]));
    assert!(de.contains("(4 records)"), "{de}");
    assert!(en.contains("(0 records)"), "{en}");

    // diff: the German pack written out and read back is the built-in
    // German pack (no change); over the English pack it changes records
    let pack = tempfile::tempdir().unwrap();
    let p = pack.path().to_str().unwrap();
    run(&["rules", "init", "--lang", "de", p]);
    let diff = |lang: &[&str]| {
        let mut args = vec!["diff", "--fail-on-change", "--rules-new", p];
        args.extend_from_slice(lang);
        args.push(article);
        run(&args).status.code()
    };
    assert_eq!(diff(&["--lang", "de"]), Some(0));
    assert_eq!(diff(&[]), Some(1));
}
