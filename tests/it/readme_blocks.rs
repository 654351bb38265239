//! The fenced blocks of the README and the `whosaid …` command lines of
//! its ```sh blocks. Shared by the README tests of this crate and by the
//! binary's own test of those command lines (src/main.rs includes this
//! file), which is where the command-line parser can be reached.

/// The fenced blocks of `text` whose info string is `lang`, as (first line
/// number inside the block, lines).
pub fn blocks<'a>(text: &'a str, lang: &str) -> Vec<(usize, Vec<&'a str>)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, Vec<&str>, bool)> = None;
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut current {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    current = Some((i + 2, Vec::new(), info.trim() == lang));
                }
            }
            Some((start, lines, wanted)) => {
                if trimmed.starts_with("```") {
                    if *wanted {
                        out.push((*start, std::mem::take(lines)));
                    }
                    current = None;
                } else {
                    lines.push(line);
                }
            }
        }
    }
    out
}

/// Splits a shell line into words (quotes removed) up to the first pipe,
/// redirection or comment.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut in_word = false;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => word.push(c),
            None => match c {
                '\'' | '"' => {
                    quote = Some(c);
                    in_word = true;
                }
                '|' | '>' | '<' | '#' | ';' | '&' => break,
                c if c.is_whitespace() => {
                    if in_word {
                        words.push(std::mem::take(&mut word));
                        in_word = false;
                    }
                }
                c => {
                    word.push(c);
                    in_word = true;
                }
            },
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// Every `whosaid …` command line of the sh blocks, with its README line.
pub fn sh_commands(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    for (start, lines) in blocks(text, "sh") {
        for (k, line) in lines.iter().enumerate() {
            let words = shell_words(line.trim());
            if words.first().map(String::as_str) == Some("whosaid") {
                out.push((start + k, words[1..].to_vec()));
            } else if words.first().map(String::as_str) == Some("cat") {
                // `cat a.txt | whosaid …`: the command after the pipe
                if let Some(rest) = line.split('|').nth(1) {
                    let words = shell_words(rest.trim());
                    if words.first().map(String::as_str) == Some("whosaid") {
                        out.push((start + k, words[1..].to_vec()));
                    }
                }
            }
        }
    }
    out
}
