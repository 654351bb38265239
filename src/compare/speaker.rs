//! Speaker identity across articles: which records' speakers are one person.
//!
//! Within an article the engine has already resolved short names and
//! pronouns to a full name. Across articles a person is the same when the
//! full names agree (same surname, compatible first names: equal, or one an
//! initial of the other), or when one article gives only the surname and
//! exactly one person with that surname is known, or exactly one of them
//! shares a title word with it. Two different first names are never merged,
//! and persons never merge with groups, organisations or sources. Named
//! groups and organisations match by name; anonymous sources, descriptions
//! ("the company"), unresolved pronouns, misread speakers ("The") and
//! unknown speakers never match across articles.

use crate::record::{Speaker, SpeakerType};
use std::collections::{BTreeMap, BTreeSet};

/// Courtesy titles dropped before comparing names.
const HONORIFICS: &[&str] = &["dr", "mr", "mrs", "ms", "prof", "sir"];
/// Generational suffixes dropped before comparing names.
const SUFFIXES: &[&str] = &["ii", "iii", "iv", "jr", "sr"];
/// Words that say nothing about which role a title names.
const TITLE_STOP: &[&str] = &["a", "an", "and", "for", "in", "of", "the", "to"];

/// One speaker as seen in one record.
#[derive(Debug, Clone, Copy)]
pub struct Sighting<'a> {
    /// The article.
    pub doc: &'a str,
    /// The record's speaker.
    pub speaker: &'a Speaker,
}

/// A speaker identified across articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The name to show: the most used full name.
    pub name: String,
    /// The titles seen with the speaker, by article, in first-seen order.
    pub titles: BTreeMap<String, Vec<String>>,
}

/// Whether a speaker is an individual whose name can be matched by parts.
/// A lone function word ("The", "It") is a misread speaker, not a name.
fn is_person(s: &Speaker) -> bool {
    let parts = name_parts(&s.name);
    let lone_function_word =
        parts.len() == 1 && super::similarity::content_key(&parts[0]).is_none();
    matches!(s.kind, SpeakerType::Person | SpeakerType::Pronoun)
        && s.name.chars().next().is_some_and(char::is_uppercase)
        && !lone_function_word
}

/// Whether a group's name is a proper name ("US officials", "CNN") rather
/// than a description ("the company"): a capitalised word after any "The".
fn is_proper(name: &str) -> bool {
    name.split_whitespace()
        .filter(|w| !w.eq_ignore_ascii_case("the"))
        .any(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// The comparable parts of a person's name: lower case words without
/// courtesy titles, suffixes and punctuation.
pub fn name_parts(name: &str) -> Vec<String> {
    let mut parts: Vec<String> = name
        .split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
                .replace('’', "'")
        })
        .filter(|w| !w.is_empty())
        .collect();
    while parts.len() > 1 && HONORIFICS.contains(&parts[0].trim_end_matches('.')) {
        parts.remove(0);
    }
    while parts.len() > 1 && parts.last().is_some_and(|w| SUFFIXES.contains(&w.as_str())) {
        parts.pop();
    }
    parts
}

/// Whether two first names can belong to one person: equal, or one is the
/// initial of the other ("D" and "Donald").
pub fn compatible_given(a: &str, b: &str) -> bool {
    let initial = |x: &str, y: &str| x.chars().count() == 1 && y.starts_with(x);
    a == b || initial(a, b) || initial(b, a)
}

/// Whether two full names (two parts or more) can name one person: the same
/// surname and compatible first names.
pub fn same_person(a: &[String], b: &[String]) -> bool {
    a.len() >= 2 && b.len() >= 2 && a.last() == b.last() && compatible_given(&a[0], &b[0])
}

/// The title words of a set of titles, for matching a bare surname.
fn title_words<'a>(titles: impl Iterator<Item = &'a String>) -> BTreeSet<String> {
    titles
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
        .map(str::to_lowercase)
        .filter(|w| w.len() > 1 && !TITLE_STOP.contains(&w.as_str()))
        .collect()
}

/// The title a mention carries before the name: "US Secretary of War" in
/// "US Secretary of War Pete Hegseth". Leading bullets and punctuation go.
pub fn mention_title(mention: &str, name: &str) -> Option<String> {
    let parts = name_parts(name);
    let words: Vec<&str> = mention.split_whitespace().collect();
    let mut end = words.len();
    while end > 0 {
        let w = words[end - 1]
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
            .replace('’', "'");
        if parts.contains(&w) {
            end -= 1;
        } else {
            break;
        }
    }
    if end == words.len() || end == 0 {
        return None;
    }
    let title = words[..end]
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    (!title.is_empty()).then_some(title)
}

/// The titles of one sighting: the record's title and, for a person, the
/// one in the mention. A "title" that is the name itself (a role noun used
/// as the speaker) is not one.
fn sighting_titles(s: &Speaker) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let from_mention = if is_person(s) {
        mention_title(&s.mention, &s.name)
    } else {
        None
    };
    let name = title_key(&s.name);
    for t in [s.title.clone(), from_mention].into_iter().flatten() {
        let t = t.trim().to_string();
        let key = title_key(&t);
        // "Mr." is house style, not a title that can differ between outlets.
        let honorific = HONORIFICS.contains(&key.as_str());
        if !key.is_empty() && key != name && !honorific && !out.iter().any(|o| title_key(o) == key)
        {
            out.push(t);
        }
    }
    out
}

/// What two titles are compared on: lower-case words without punctuation,
/// so "Sen." and "Sen" are one title.
pub fn title_key(title: &str) -> String {
    title
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Assigns every sighting an identity. Returns the identity index of each
/// sighting (in input order) and the identities, in order of first sighting.
pub fn identify(sightings: &[Sighting]) -> (Vec<usize>, Vec<Identity>) {
    let (keys, key_of) = name_keys(sightings);
    let mut key_titles: Vec<Vec<String>> = vec![Vec::new(); keys.len()];
    for (s, &k) in sightings.iter().zip(&key_of) {
        key_titles[k].extend(sighting_titles(s.speaker));
    }
    // Full names first, then bare surnames against them, then the rest.
    let mut clusters = Clusters {
        of: vec![None; keys.len()],
        members: Vec::new(),
    };
    let by_surname = clusters.full_names(&keys);
    clusters.the_rest(&keys, &key_titles, &by_surname);

    // Renumber clusters by first sighting, and describe each.
    let mut ident_of_cluster: Vec<Option<usize>> = vec![None; clusters.members.len()];
    let mut members: Vec<Vec<&Sighting>> = Vec::new();
    let mut ident_of = Vec::with_capacity(sightings.len());
    for (s, &k) in sightings.iter().zip(&key_of) {
        let c = clusters.of[k].unwrap_or(0);
        let i = *ident_of_cluster[c].get_or_insert_with(|| {
            members.push(Vec::new());
            members.len() - 1
        });
        members[i].push(s);
        ident_of.push(i);
    }
    let identities = members.iter().map(|m| describe(m)).collect();
    (ident_of, identities)
}

/// The key a speaker name is known by across articles: a person by the
/// parts of their name, anything else by its text.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key {
    Person(Vec<String>),
    Other(String),
}

/// The distinct name keys in first-seen order, and the key of each
/// sighting.
fn name_keys(sightings: &[Sighting]) -> (Vec<Key>, Vec<usize>) {
    let mut keys: Vec<Key> = Vec::new();
    let mut key_index: BTreeMap<Key, usize> = BTreeMap::new();
    let mut key_of = Vec::with_capacity(sightings.len());
    for s in sightings {
        let key = if is_person(s.speaker) {
            Key::Person(name_parts(&s.speaker.name))
        } else {
            // "The New York Times." and "the New York Times" are one name.
            let lower = s
                .speaker
                .name
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            let name = lower.strip_prefix("the ").unwrap_or(&lower).to_string();
            match s.speaker.kind {
                // A named group or organisation is the same in every article.
                SpeakerType::Group | SpeakerType::Organization if is_proper(&s.speaker.name) => {
                    Key::Other(name)
                }
                // "sources familiar with the matter", an unresolved "he":
                // nothing says two articles mean the same one.
                _ => Key::Other(format!("{}\u{0}{name}", s.doc)),
            }
        };
        let k = *key_index.entry(key.clone()).or_insert_with(|| {
            keys.push(key);
            keys.len() - 1
        });
        key_of.push(k);
    }
    (keys, key_of)
}

/// Name keys gathered into clusters that name one speaker.
struct Clusters {
    /// The cluster of each key, once it has one.
    of: Vec<Option<usize>>,
    /// The keys of each cluster.
    members: Vec<Vec<usize>>,
}

impl Clusters {
    /// Puts `k` in cluster `c`, or in a new one.
    fn join(&mut self, k: usize, c: Option<usize>) -> usize {
        let c = c.unwrap_or_else(|| {
            self.members.push(Vec::new());
            self.members.len() - 1
        });
        self.members[c].push(k);
        self.of[k] = Some(c);
        c
    }

    /// Clusters the full names (two parts or more), one cluster per person
    /// among those sharing a surname; returns the clusters by surname.
    fn full_names<'k>(&mut self, keys: &'k [Key]) -> BTreeMap<&'k str, Vec<usize>> {
        let mut by_surname: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (k, key) in keys.iter().enumerate() {
            let Key::Person(parts) = key else { continue };
            let Some(surname) = parts.last().filter(|_| parts.len() >= 2) else {
                continue;
            };
            let same_surname = by_surname.entry(surname).or_default();
            let found = same_surname.iter().copied().find(|&c| {
                self.members[c].iter().all(|&m| match &keys[m] {
                    Key::Person(p) => same_person(p, parts),
                    Key::Other(_) => false,
                })
            });
            let c = self.join(k, found);
            if found.is_none() {
                same_surname.push(c);
            }
        }
        by_surname
    }

    /// Every key not yet clustered: a bare surname joins the one full-name
    /// cluster with that surname, or the one of several whose titles agree
    /// with its own; anything else is a cluster of its own.
    fn the_rest(
        &mut self,
        keys: &[Key],
        key_titles: &[Vec<String>],
        by_surname: &BTreeMap<&str, Vec<usize>>,
    ) {
        for (k, key) in keys.iter().enumerate() {
            if self.of[k].is_some() {
                continue;
            }
            let c = match key {
                Key::Person(parts) if parts.len() == 1 => {
                    let candidates = by_surname
                        .get(parts[0].as_str())
                        .cloned()
                        .unwrap_or_default();
                    match candidates.len() {
                        1 => Some(candidates[0]),
                        0 => None,
                        _ => {
                            let mine = title_words(key_titles[k].iter());
                            let agreeing: Vec<usize> = candidates
                                .into_iter()
                                .filter(|&c| {
                                    let theirs = title_words(
                                        self.members[c].iter().flat_map(|&m| key_titles[m].iter()),
                                    );
                                    !mine.is_disjoint(&theirs)
                                })
                                .collect();
                            (agreeing.len() == 1).then(|| agreeing[0])
                        }
                    }
                }
                _ => None,
            };
            self.join(k, c);
        }
    }
}

/// The display name and titles of one identity's sightings.
fn describe(mine: &[&Sighting]) -> Identity {
    // The most used name; more words, then first seen, break ties.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for s in mine {
        match counts.iter_mut().find(|(n, _)| *n == s.speaker.name) {
            Some((_, c)) => *c += 1,
            None => counts.push((&s.speaker.name, 1)),
        }
    }
    let name = counts
        .iter()
        .enumerate()
        .max_by_key(|(pos, (n, c))| {
            (
                n.split_whitespace().count() > 1,
                *c,
                std::cmp::Reverse(*pos),
            )
        })
        .map(|(_, (n, _))| n.to_string())
        .unwrap_or_default();
    let mut titles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for s in mine {
        let list = titles.entry(s.doc.to_string()).or_default();
        for t in sighting_titles(s.speaker) {
            if !list.iter().any(|o| title_key(o) == title_key(&t)) {
                list.push(t);
            }
        }
    }
    titles.retain(|_, v| !v.is_empty());
    Identity { name, titles }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str, mention: &str, title: Option<&str>) -> Speaker {
        Speaker {
            name: name.into(),
            mention: mention.into(),
            span: [0, 0],
            title: title.map(str::to_string),
            kind: SpeakerType::Person,
        }
    }

    fn run(speakers: &[(&str, Speaker)]) -> (Vec<usize>, Vec<Identity>) {
        let sightings: Vec<Sighting> = speakers
            .iter()
            .map(|(doc, speaker)| Sighting { doc, speaker })
            .collect();
        identify(&sightings)
    }

    #[test]
    fn names_are_compared_by_parts() {
        assert_eq!(
            name_parts("Mr. Donald J. Trump Jr."),
            ["donald", "j", "trump"]
        );
        assert!(compatible_given("d", "donald"));
        assert!(!compatible_given("donald", "eric"));
        let p = |s: &str| name_parts(s);
        assert!(same_person(&p("Donald Trump"), &p("Donald J. Trump")));
        assert!(!same_person(&p("Donald Trump"), &p("Eric Trump")));
        assert!(!same_person(&p("Trump"), &p("Donald Trump")));
    }

    #[test]
    fn titles_come_from_the_record_and_the_mention() {
        assert_eq!(
            mention_title("US Secretary of War Pete Hegseth", "Pete Hegseth").as_deref(),
            Some("US Secretary of War")
        );
        assert_eq!(
            mention_title("• President Trump", "Donald Trump").as_deref(),
            Some("President")
        );
        assert_eq!(mention_title("Hegseth", "Pete Hegseth"), None);
        assert_eq!(title_key("Sen."), title_key("sen"));
        // Honorifics and punctuation variants are not titles of their own.
        let (_, people) = run(&[
            ("a", person("Ted Cruz", "Mr. Cruz", Some("Mr."))),
            ("a", person("Ted Cruz", "Sen. Ted Cruz", Some("Sen."))),
            ("a", person("Ted Cruz", "Sen Ted Cruz", None)),
        ]);
        assert_eq!(people[0].titles["a"], ["Sen."]);
        assert_eq!(mention_title("he", "Ali Bahreini"), None);
    }

    #[test]
    fn one_person_under_several_mentions_and_titles() {
        let (ids, people) = run(&[
            (
                "a",
                person(
                    "Pete Hegseth",
                    "Defense Secretary Pete Hegseth",
                    Some("Defense Secretary"),
                ),
            ),
            (
                "a",
                person(
                    "Pete Hegseth",
                    "US Secretary of Defense Hegseth",
                    Some("Defense Secretary"),
                ),
            ),
            ("b", person("Hegseth", "Hegseth", None)),
            (
                "c",
                person(
                    "Pete Hegseth",
                    "US Secretary of War Pete Hegseth",
                    Some("US Secretary of War"),
                ),
            ),
        ]);
        assert_eq!(ids, [0, 0, 0, 0]);
        assert_eq!(people[0].name, "Pete Hegseth");
        assert_eq!(
            people[0].titles["a"],
            ["Defense Secretary", "US Secretary of Defense"]
        );
        assert_eq!(people[0].titles["c"], ["US Secretary of War"]);
        assert!(!people[0].titles.contains_key("b"));
    }

    #[test]
    fn different_people_stay_apart() {
        let (ids, _) = run(&[
            ("a", person("Ali Bahreini", "Ali Bahreini", None)),
            ("b", person("Esmaeil Baqaei", "Esmaeil Baqaei", None)),
            ("b", person("Eric Trump", "Eric Trump", None)),
            (
                "c",
                person("Donald Trump", "President Donald Trump", Some("President")),
            ),
        ]);
        assert_eq!(ids, [0, 1, 2, 3]);
    }

    #[test]
    fn a_bare_surname_needs_one_candidate_or_title_evidence() {
        // Two Trumps: "Trump" with no title stays alone ...
        let (ids, _) = run(&[
            ("a", person("Eric Trump", "Eric Trump", Some("businessman"))),
            (
                "b",
                person("Donald Trump", "Donald Trump", Some("President")),
            ),
            ("c", person("Trump", "Trump", None)),
        ]);
        assert_eq!(ids, [0, 1, 2]);
        // ... and joins the one whose title it shares.
        let (ids, people) = run(&[
            ("a", person("Eric Trump", "Eric Trump", Some("businessman"))),
            (
                "b",
                person("Donald Trump", "Donald Trump", Some("President")),
            ),
            ("c", person("Trump", "President Trump", None)),
        ]);
        assert_eq!(ids, [0, 1, 1]);
        assert_eq!(people[1].name, "Donald Trump");
        // One Trump only: the surname is enough.
        let (ids, _) = run(&[
            ("a", person("Trump", "Trump", None)),
            ("b", person("Donald Trump", "Donald Trump", None)),
        ]);
        assert_eq!(ids, [0, 0]);
    }

    #[test]
    fn persons_never_merge_with_groups() {
        let mut group = person("Trump", "Trump", None);
        group.kind = SpeakerType::Organization;
        let (ids, _) = run(&[
            ("a", person("Donald Trump", "Donald Trump", None)),
            ("b", group),
            (
                "c",
                person("The New York Times", "The New York Times", None),
            ),
        ]);
        assert_eq!(ids, [0, 1, 2]);
    }

    #[test]
    fn trailing_punctuation_and_role_names_are_not_differences() {
        let mut nyt = person("The New York Times", "The New York Times", None);
        nyt.kind = SpeakerType::Organization;
        let mut nyt_dot = person("the New York Times.", "the New York Times.", None);
        nyt_dot.kind = SpeakerType::Organization;
        let mut envoy = person("Iran's envoy", "Iran's envoy", Some("Iran's envoy"));
        envoy.kind = SpeakerType::Unknown;
        let (ids, people) = run(&[("a", nyt), ("b", nyt_dot), ("a", envoy)]);
        assert_eq!(ids, [0, 0, 1]);
        assert!(people[1].titles.is_empty());
        assert_eq!(
            mention_title(
                "Mexico’s Semiconductor Strategy",
                "Mexico’s Semiconductor Strategy"
            ),
            None
        );
    }

    #[test]
    fn anonymous_sources_match_only_within_an_article() {
        let mut source = person("sources familiar with the matter", "sources", None);
        source.kind = SpeakerType::Anonymous;
        let mut cnn = person("CNN", "CNN", None);
        cnn.kind = SpeakerType::Organization;
        let mut company = person("The company", "The company", None);
        company.kind = SpeakerType::Organization;
        let (ids, _) = run(&[("a", company.clone()), ("b", company)]);
        assert_eq!(ids, [0, 1], "a description is not a name");
        let (ids, _) = run(&[
            ("a", person("The", "The", None)),
            ("b", person("The", "The", None)),
        ]);
        assert_eq!(ids, [0, 1], "a misread function word is not a name");
        let (ids, _) = run(&[
            ("a", source.clone()),
            ("a", source.clone()),
            ("b", source),
            ("a", cnn.clone()),
            ("b", cnn),
        ]);
        assert_eq!(ids, [0, 0, 1, 2, 2]);
    }
}
