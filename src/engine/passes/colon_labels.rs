//! Colon labels: a colon attribution ("Too late for talks: Trump",
//! "WALLACE: …", "Clinton: \"…\"") stands only when its speaker's last
//! word appears again outside its own line (and outside a repeated copy of
//! that line); "…: Report" or "Key Points: …" do not.
//!
//! ```text
//! WALLACE: Let me ask you.   (and "Chris Wallace" further down)  → kept
//! Key Points: the vote is on Tuesday.                            → dropped
//! ```

use crate::engine::draft::Draft;
use crate::engine::speaker::lower::SplitWsExt;
use rustc_hash::FxHashSet;

/// A colon attribution ("Too late for talks: Trump", "WALLACE: …",
/// "Clinton: \"…\"") stands only when its name appears again outside its
/// own line; "…: Report" or "Key Points: …" do not.
pub(crate) fn run(text: &str, drafts: &mut Vec<Draft>) {
    let is_colon = |d: &Draft| is_colon(text, d);
    if !drafts.iter().any(is_colon) {
        return;
    }
    // the text in ASCII lower case, made once for the name look-ups below
    let lower = text.to_ascii_lowercase();
    let lines = Lines::new(text);
    // an exchange: interview labels on neighbouring lines support each other
    let label_paras: FxHashSet<usize> = (drafts.iter())
        .filter(|d| is_colon(d) && is_line_label(text, &lines, d))
        .map(|d| d.para)
        .collect();
    let in_exchange = |d: &Draft| {
        is_line_label(text, &lines, d)
            && (label_paras.contains(&(d.para + 1))
                || d.para
                    .checked_sub(1)
                    .is_some_and(|p| label_paras.contains(&p)))
    };
    drafts.retain(|d| {
        if !is_colon(d) {
            return true;
        }
        if in_exchange(d) {
            return true;
        }
        let Some(m) = &d.speaker else { return false };
        let Some(word) = text[m.span.0..m.span.1].split_ws().last() else {
            return false;
        };
        let word = word
            .trim_end_matches("'s")
            .trim_end_matches("’s")
            .to_ascii_lowercase();
        let line_start = lines.around(m.span.0).0;
        let line_end = lines.around(m.span.1).1;
        let line = text[line_start..line_end].trim();
        word.len() > 1
            && word_positions(&lower, &word).any(|i| {
                let outside = i < line_start || i >= line_end;
                // a repeated headline line is no support
                outside && {
                    let (ls, le) = lines.around(i);
                    text[ls..le].trim() != line
                }
            })
    });
}

/// Where `word` (ASCII lower case) stands in `lower` as a whole word: a
/// maximal run of alphanumeric characters, so a word holding any other
/// character stands nowhere. Searched for each label rather than indexing
/// every word of the text: an article has few labels.
fn word_positions<'a>(lower: &'a str, word: &'a str) -> impl Iterator<Item = usize> + 'a {
    let whole = !word.is_empty() && word.chars().all(char::is_alphanumeric);
    let found = memchr::memmem::find_iter(lower.as_bytes(), word.as_bytes());
    // (a whole-word match never overlaps another: the bytes before it are
    // no word character, so the non-overlapping search misses none)
    found.filter(move |&i| {
        whole
            && !lower[..i]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            && !lower[i + word.len()..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
    })
}

/// Whether a draft's speaker is an interview label: a name in capitals
/// opening its line (after a quotation mark, if any).
fn is_line_label(text: &str, lines: &Lines, d: &Draft) -> bool {
    let Some(m) = &d.speaker else { return false };
    let label = &text[m.span.0..m.span.1];
    let line_start = lines.around(m.span.0).0;
    let lead = text[line_start..m.span.0].trim_start();
    label.chars().any(char::is_alphabetic)
        && !label.chars().any(char::is_lowercase)
        && lead.chars().all(|c| matches!(c, '"' | '“' | '\''))
}

/// The line breaks of a text, found once, so that finding the line around
/// a byte costs a binary search, not a scan of a long line per label.
struct Lines {
    breaks: Vec<usize>,
    len: usize,
}

impl Lines {
    fn new(text: &str) -> Lines {
        Lines {
            breaks: memchr::memchr_iter(b'\n', text.as_bytes()).collect(),
            len: text.len(),
        }
    }

    /// The line holding byte `i`: from after the last break before `i` to
    /// the first break at or after it (or the text's ends).
    fn around(&self, i: usize) -> (usize, usize) {
        let k = self.breaks.partition_point(|&b| b < i);
        let start = k.checked_sub(1).map_or(0, |j| self.breaks[j] + 1);
        (start, self.breaks.get(k).copied().unwrap_or(self.len))
    }
}

/// Whether a draft's cue is a colon label.
fn is_colon(text: &str, d: &Draft) -> bool {
    d.cue.is_some_and(|(s, e)| text[s..e].trim() == ":")
}

/// Drops every colon label: for a view where nothing lies outside the
/// label's line (a colon block's two lines read as one).
pub(crate) fn drop_all(text: &str, drafts: &mut Vec<Draft>) {
    drafts.retain(|d| !is_colon(text, d));
}

#[cfg(test)]
mod tests {
    use crate::engine::{doc::Doc, find::find};
    use crate::RuleSet;

    fn kept(text: &str) -> Vec<String> {
        let rules = RuleSet::embedded().unwrap();
        let doc = Doc::new(&rules, text);
        let mut drafts = find(&rules, text, &doc.paras);
        assert!(!drafts.is_empty(), "no colon draft in {text:?}");
        super::run(text, &mut drafts);
        drafts
            .iter()
            .filter_map(|d| d.speaker.as_ref().map(|m| m.name.clone()))
            .collect()
    }

    #[test]
    fn the_line_around_a_byte() {
        let text = "one\ntwo two\n\nfour";
        let lines = super::Lines::new(text);
        let line = |i| {
            let (s, e) = lines.around(i);
            &text[s..e]
        };
        assert_eq!(line(0), "one");
        assert_eq!(line(3), "one"); // the break ends the line it closes
        assert_eq!(line(4), "two two");
        assert_eq!(line(12), "");
        assert_eq!(line(13), "four");
        assert_eq!(line(text.len()), "four");
    }

    #[test]
    fn a_word_stands_only_between_non_word_characters() {
        let lower = "wallace: wallaceville, (wallace) éwallace wallace2 wallace";
        let at: Vec<usize> = super::word_positions(lower, "wallace").collect();
        let want: Vec<usize> = [0, 24, lower.len() - 7].into();
        assert_eq!(at, want);
        // a word holding a non-word character stands nowhere
        assert_eq!(super::word_positions("a-b a-b", "a-b").count(), 0);
        // overlapping candidates: only the whole word counts
        assert_eq!(
            super::word_positions("aaa aa", "aa").collect::<Vec<_>>(),
            [4]
        );
    }

    #[test]
    fn a_label_needs_its_name_elsewhere() {
        assert_eq!(
            kept("WALLACE: Let me ask you about taxes.\nChris Wallace hosts the show."),
            ["WALLACE"]
        );
        assert!(kept("WALLACE: Let me ask you about taxes.\nThe show ran long.").is_empty());
    }

    #[test]
    fn labels_on_neighbouring_lines_support_each_other() {
        assert_eq!(
            kept("MADDOW: What happens next?\nKLOBUCHAR: We vote on Tuesday."),
            ["MADDOW", "KLOBUCHAR"]
        );
        // one line apart is an exchange; a lone label is not
        assert_eq!(
            kept("MADDOW: What happens next?\nThe room went quiet.\nKLOBUCHAR: We vote."),
            Vec::<String>::new()
        );
    }
}
