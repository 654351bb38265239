//! The pattern template language, compiled to one regex per pattern.
//!
//! Templates run over a *masked* sentence (see `text::Masked`): every byte
//! of a paired quotation is replaced by `\x02` (opening mark), `\x01`
//! (inside) or `\x03` (closing mark), with the byte length unchanged, so a
//! template sees a quotation as one token and offsets need no mapping.

use super::schema::Pattern;
use crate::record::Kind;
use regex::{Regex, RegexBuilder};

/// Patterns run over the masked sentence as bytes: byte classes keep the
/// lazy DFA small, where Unicode classes made it rebuild states all the time.
pub type PatternRegex = regex::bytes::Regex;
use std::ops::Range;

/// How a pattern decides the record's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KindRule {
    Fixed(Kind),
    /// Direct when the content is one quotation, mixed when it holds one,
    /// indirect otherwise.
    Auto,
}

/// Where the speaker of a pattern comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpeakerFrom {
    /// The `{speaker}` slot.
    Slot,
    /// The speaker of the previous record in the same sentence.
    Previous,
}

/// An example or allow sentence, with where it stands in its rule file.
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub path: String,
    pub line: usize,
    pub col: usize,
}

/// A pattern ready to run.
#[derive(Debug, Clone)]
pub struct CompiledPattern {
    pub id: String,
    pub kind: KindRule,
    pub speaker_from: SpeakerFrom,
    pub regex: PatternRegex,
    pub template: String,
    pub examples: Vec<Example>,
    pub allows: Vec<Example>,
    /// What a sentence must hold before the regex is worth running.
    pub needs: Needs,
}

/// Cheap tests that rule a sentence out before a pattern's regex runs.
#[derive(Debug, Clone, Default)]
pub struct Needs {
    /// A speech-verb form (`{cue}`).
    pub verb: bool,
    /// A quotation (`{quote}`).
    pub quote: bool,
    /// One of these lowercase literals (`[according to|as per]`).
    pub any_of: Vec<String>,
}

/// A compile error, with the span of the offending rule text if known.
pub struct TemplateError {
    pub span: Option<Range<usize>>,
    pub kind: &'static str,
    pub message: String,
}

/// Characters a speaker or via phrase never contains: masked quotations,
/// clause punctuation and brackets.
const NOT_PHRASE: &str = r#"\x01-\x03\n,;:!?\[\]""#;

/// The slots a template may use.
pub const SLOTS: [&str; 12] = [
    "quote", "speaker", "label", "appos", "aside", "cue", "content", "more", "via", "adjunct",
    "start", "end",
];

/// Words that open an apposition, besides the role nouns of titles.toml.
const APPOS_OPENERS: &str = r"a|an|the|who|whose|its|his|her|their|one|another|now|then|also|both|himself|herself|[a-z]+-based|[a-z]+-year-old|[a-z]{3,}ing|[RDI]-[A-Z][A-Za-z.]*|\p{Lu}\p{Ll}+\s+(?:\p{Lu}\.\s+)?\p{Lu}\p{Ll}+";

/// Auxiliaries and adverbs allowed before a verb form in `{cue}`.
const AUX: &str = r"(?:(?:has|have|had|also|then|later|previously|reportedly|would|will|could|may|might|did|does|do|repeatedly|again|once|never|recently|just|publicly|privately|first|often|frequently|not|already|had|ha[sd] since|went on to|has long|have long|long)\s+)*(?:[a-z]+ly\s+)?";

/// Compiles a regex from a rule file, with a size limit so a user rule
/// cannot exhaust memory.
pub fn compile_regex(src: &str) -> Result<Regex, String> {
    RegexBuilder::new(src)
        .size_limit(1 << 22)
        .dfa_size_limit(32 << 20)
        .build()
        .map_err(|e| format!("bad regex: {}", e.to_string().replace('\n', " ")))
}

/// Compiles a pattern's regex (bytes, same limits as [`compile_regex`]).
///
/// `{end}` is written `(?:$|\x00\x00)` (NULs never occur in a masked
/// sentence): a regex that ends in a bare `$` is searched backwards from
/// the end, and the reverse lazy DFA of these templates kept building states
/// (90% of the run time). The alternation keeps the search forward.
fn compile_pattern_regex(src: &str) -> Result<PatternRegex, String> {
    regex::bytes::RegexBuilder::new(src)
        .size_limit(1 << 22)
        .dfa_size_limit(32 << 20)
        .build()
        .map_err(|e| format!("bad regex: {}", e.to_string().replace('\n', " ")))
}

fn cue_regex(forms: &[String]) -> String {
    let mut sorted: Vec<&String> = forms.iter().collect();
    sorted.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let alts: Vec<String> = sorted
        .iter()
        .map(|f| {
            f.split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s+")
        })
        .collect();
    // Forms match in lower case only: "States" in "United States" is no cue.
    format!(r"(?P<cue>(?-u:\b){AUX}(?:{})(?-u:\b))", alts.join("|"))
}

fn slot_regex(name: &str, cue: &str, appos_start: &str, last: bool) -> Option<String> {
    // A phrase is lazy inside a template and greedy at its end, where
    // nothing after it would stop a lazy match.
    let lazy = if last { "" } else { "?" };
    let phrase = |group: &str| {
        format!(
            r"(?P<{group}>(?-u:[^\x00-\x20{NOT_PHRASE}])(?:(?-u:[^{NOT_PHRASE}])*{lazy}(?-u:[^\x00-\x20{NOT_PHRASE}]))?)"
        )
    };
    Some(match name {
        "quote" => r"(?P<quote>\x02\x01*(?:,\x01*)?\x03)".to_string(),
        "speaker" => phrase("speaker"),
        // ", in an interview on Saturday," or ", of RBC Capital Markets,":
        // any aside between commas (for templates anchored by a quotation
        // or the sentence start, where it cannot swallow a clause)
        "aside" => format!(r"\s*,\s*(?P<appos>(?-u:[^{NOT_PHRASE}])+?)\s*,"),
        // ", a spokesman for the campaign," after a name
        "appos" => format!(
            r"\s*,\s*(?P<appos>(?-u:\b)(?:{appos_start})(?-u:\b)(?-u:[^{NOT_PHRASE}])*?)\s*,"
        ),
        "via" => phrase("via"),
        "cue" => cue.to_string(),
        // content starts with a word, a number or a quotation
        "content" => {
            r"(?P<content>[\w\x02$£€](?:(?-u:[^\n])*?(?-u:[^\t\n\x0b\x0c\r ]))?)".to_string()
        }
        // a second segment of the same content ("A, she said, B.")
        "more" => r"(?P<more>[\w\x02$£€](?:(?-u:[^\n])*?(?-u:[^\t\n\x0b\x0c\r ]))?)".to_string(),
        // an interview transcript's speaker label: "WALLACE:", "MR. TRUMP:"
        "label" => r"(?P<speaker>\p{Lu}[\p{Lu}.'’ -]*\p{Lu}\.?)".to_string(),
        "adjunct" => format!(r"(?P<adjunct>(?-u:[^{NOT_PHRASE}])*?)"),
        "start" => r"^".to_string(),
        "end" => format!(
            r"(?:\s*,\s*(?:(?P<tail_cue>according\s+to)\s+(?P<tail_via>(?:the\s+)?\p{{Lu}}(?-u:[^\x01-\x03\n,;:!?()])*?)|(?P<tail_appos>(?-u:\b)(?:{appos_start})(?-u:\b)(?-u:[^\x01-\x03\n;:!?])*?)|(?P<tail_name>\p{{Lu}}[\w.'’-]*(?:\s+\p{{Lu}}[\w.'’-]*){{0,3}})))?[\s.!?]*(?:$|\x00\x00)"
        ),
        _ => return None,
    })
}

fn literal_regex(lit: &str) -> String {
    let alts: Vec<String> = lit
        .split('|')
        .map(|alt| {
            let words: Vec<String> = alt.split_whitespace().map(regex::escape).collect();
            let body = words.join(r"\s+");
            let first_word = alt.chars().next().is_some_and(|c| c.is_alphanumeric());
            let last_word = alt.chars().last().is_some_and(|c| c.is_alphanumeric());
            format!(
                "{}{}{}",
                if first_word { r"(?-u:\b)" } else { "" },
                body,
                if last_word { r"(?-u:\b)" } else { "" }
            )
        })
        .collect();
    if lit == "," {
        // a comma may stand just inside a closing quotation mark
        return r"(?:,\x01*\x03|,)".to_string();
    }
    format!("(?i:{})", alts.join("|"))
}

/// Splits a template into tokens; `[a b|c]` is one token.
fn tokens(template: &str) -> Result<Vec<(usize, String)>, (usize, String)> {
    let mut out = Vec::new();
    let mut chars = template.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '[' {
            let close = template[i..]
                .find(']')
                .ok_or((i, "`[` without a closing `]`".to_string()))?;
            let mut tok = template[i..i + close + 1].to_string();
            while let Some(&(j, _)) = chars.peek() {
                if j > i + close {
                    break;
                }
                chars.next();
            }
            if let Some(&(_, '?')) = chars.peek() {
                tok.push('?');
                chars.next();
            }
            out.push((i, tok));
            continue;
        }
        let mut tok = String::new();
        while let Some(&(_, c)) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            tok.push(c);
            chars.next();
        }
        out.push((i, tok));
    }
    Ok(out)
}

/// Compiles one pattern of a rule file.
pub fn compile(
    pat: &Pattern,
    verb_forms: &[String],
    roles: &[String],
    path: &str,
    file_text: &str,
) -> Result<CompiledPattern, TemplateError> {
    let kind = match pat.kind.get_ref().as_str() {
        "direct" => KindRule::Fixed(Kind::Direct),
        "mixed" => KindRule::Fixed(Kind::Mixed),
        "indirect" => KindRule::Fixed(Kind::Indirect),
        "headline" => KindRule::Fixed(Kind::Headline),
        "auto" => KindRule::Auto,
        other => {
            return Err(TemplateError {
                span: Some(pat.kind.span()),
                kind: "value",
                message: format!(
                    "unknown kind `{other}` (expected direct, mixed, indirect, headline or auto)"
                ),
            })
        }
    };
    let speaker_from = match pat.speaker_from.as_ref().map(|s| s.get_ref().as_str()) {
        None | Some("slot") => SpeakerFrom::Slot,
        Some("previous") => SpeakerFrom::Previous,
        Some(other) => {
            return Err(TemplateError {
                span: pat.speaker_from.as_ref().map(|s| s.span()),
                kind: "value",
                message: format!("unknown speaker_from `{other}` (expected slot or previous)"),
            })
        }
    };
    let template = pat.template.get_ref();
    // The span of the template string's contents (after the opening quote).
    let tspan = pat.template.span();
    let body_start = file_text
        .get(tspan.clone())
        .and_then(|s| s.find(template.as_str()))
        .map_or(tspan.start, |off| tspan.start + off);
    let err_at = |off: usize, kind: &'static str, message: String| TemplateError {
        span: Some(body_start + off..body_start + off + 1),
        kind,
        message,
    };
    let toks = tokens(template).map_err(|(off, m)| err_at(off, "template", m))?;
    if toks.is_empty() {
        return Err(err_at(0, "template", "empty template".into()));
    }
    let cue = cue_regex(verb_forms);
    let mut roles: Vec<String> = roles
        .iter()
        .map(|r| regex::escape(r).replace(' ', r"\s+"))
        .collect();
    roles.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    let appos_start = format!("{APPOS_OPENERS}|{}", roles.join("|"));
    let mut parts = Vec::new();
    let mut seen = Vec::new();
    let mut has_cue = false;
    let mut has_content = false;
    let mut needs = Needs::default();
    // the index of the last token that consumes text ({end} consumes none of note)
    let last_idx = toks.iter().rposition(|(_, t)| t != "{end}").unwrap_or(0);
    for (ti, (off, tok)) in toks.iter().enumerate() {
        // `word?`, `{slot}?` and `{slot?}` are optional
        let normalized = tok.replace("?}", "}?");
        let (body, optional) = match normalized.strip_suffix('?') {
            Some(b) if !b.is_empty() => (b, true),
            _ => (normalized.as_str(), false),
        };
        let frag = if let Some(name) = body.strip_prefix('{').and_then(|b| b.strip_suffix('}')) {
            let Some(re) = slot_regex(name, &cue, &appos_start, ti == last_idx) else {
                return Err(err_at(
                    *off,
                    "slot",
                    format!("unknown slot `{{{name}}}` (known: {})", SLOTS.join(", ")),
                ));
            };
            if seen.contains(&name.to_string()) && name != "start" && name != "end" {
                return Err(err_at(
                    *off,
                    "slot",
                    format!("slot `{{{name}}}` is used twice"),
                ));
            }
            seen.push(name.to_string());
            has_cue |= name == "cue";
            has_content |= name == "content" || name == "quote";
            needs.verb |= name == "cue";
            needs.quote |= name == "quote" && !optional;
            re
        } else if let Some(lit) = body.strip_prefix('[').and_then(|b| b.strip_suffix(']')) {
            if has_cue {
                return Err(err_at(
                    *off,
                    "slot",
                    "a template has one cue: `{cue}` or one `[...]`".into(),
                ));
            }
            has_cue = true;
            needs.any_of = lit.split('|').map(|a| a.trim().to_lowercase()).collect();
            format!("(?P<cue>{})", literal_regex(lit))
        } else if body.contains('{') || body.contains('}') {
            return Err(err_at(*off, "slot", format!("malformed slot `{body}`")));
        } else {
            literal_regex(body)
        };
        let frag = if optional {
            format!("(?:{frag})?")
        } else {
            frag
        };
        parts.push(frag);
    }
    if !has_content {
        return Err(err_at(
            0,
            "template",
            "a template needs `{quote}` or `{content}`".into(),
        ));
    }
    if !has_cue {
        return Err(err_at(
            0,
            "template",
            "a template needs a cue: `{cue}` or `[words]`".into(),
        ));
    }
    if speaker_from == SpeakerFrom::Slot && !seen.iter().any(|s| s == "speaker" || s == "label") {
        return Err(err_at(
            0,
            "template",
            "a template needs `{speaker}` unless speaker_from = \"previous\"".into(),
        ));
    }
    let src = parts.join(r"\s*");
    let regex = compile_pattern_regex(&src).map_err(|m| TemplateError {
        span: Some(tspan.clone()),
        kind: "regex",
        message: m,
    })?;
    let example = |s: &toml::Spanned<String>| {
        let (line, col, _) = super::diag::locate(file_text, s.span().start);
        Example {
            text: s.get_ref().clone(),
            path: path.to_string(),
            line,
            col,
        }
    };
    Ok(CompiledPattern {
        id: pat.id.get_ref().clone(),
        kind,
        speaker_from,
        regex,
        template: template.clone(),
        examples: pat.examples.iter().map(example).collect(),
        allows: pat.allows.iter().map(example).collect(),
        needs,
    })
}
