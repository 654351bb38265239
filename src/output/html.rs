//! The HTML report (`--format html`): one self-contained page with every
//! article's text as it was read, each record's content marked in its
//! speaker's colour (the shade says the kind), the cue and the speaker
//! mention underlined and linked to their quote, a card with the record on
//! hover or focus, and a side panel of speakers that filters the marks.
//!
//! The page needs no network: its style and script are inline (the files
//! beside this one, embedded with `include_str!`). Everything taken from an
//! input (text, metadata, record fields) is escaped, and the page's Content
//! Security Policy lets only its own script run, by hash, so markup or
//! script in an article can never run in the report.
//!
//! The report is written one article at a time as the batch hands them
//! over; the speaker panel and the records' data (read by the script) come
//! at the end.

use crate::record::{ArticleMeta, Record, SpeakerType};
use base64::Engine as _;
use sha2::Digest as _;
use std::collections::{BinaryHeap, HashMap};
use std::fmt::Write as _;
use std::io::{self, Write};

/// The report's style sheet.
pub const STYLE: &str = include_str!("html/report.css");
/// The report's script: the record card and the speaker filter.
pub const SCRIPT: &str = include_str!("html/report.js");

/// Escapes text for HTML content and quoted attribute values. A carriage
/// return is written as a character reference (a parser would otherwise
/// fold `\r\n` into `\n`, and the marked text would differ from the
/// record's), and a NUL, which no HTML page can hold, as U+FFFD.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    escape_into(&mut out, s);
    out
}

/// [`escape`], appending to `out`.
pub fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => out.push_str("&#13;"),
            '\0' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// JSON for a `<script type="application/json">` block: `<`, `>` and `&`
/// (which only ever occur inside JSON strings) are written as `\u` escapes,
/// so no `</script>` or `<!--` in a record can end or change the block.
pub fn script_json(value: &serde_json::Value) -> String {
    let s = value.to_string();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// A link target for a URL from an article: only `http` and `https` URLs
/// become links (never `javascript:` or `data:`).
pub fn safe_url(url: &str) -> Option<&str> {
    let u = url.trim();
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then_some(u)
}

/// The opening of a page: the head with the Content Security Policy that
/// lets only [`SCRIPT`] run, the style sheet, and the body's start.
pub fn page_head(out: &mut String, title: &str) {
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(SCRIPT));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'sha256-{hash}'; img-src data:; \
         base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"whosaid\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n\
         </head>\n<body>\n",
        escape(title)
    );
}

/// The closing of a page: the speaker panel, the record card, the records'
/// data for the script, and the script itself.
pub fn page_tail(out: &mut String, speakers: &Speakers, data: &[serde_json::Value], what: &str) {
    out.push_str("<nav id=\"panel\" aria-label=\"Speakers\">\n<h2>Speakers</h2>\n");
    let _ = writeln!(
        out,
        "<p class=\"hint\">Click a speaker to show only their {what}; click again for all.</p>"
    );
    out.push_str("<ul>\n");
    for (i, s) in speakers.list.iter().enumerate() {
        let _ = writeln!(
            out,
            "<li><button type=\"button\" class=\"sp\" data-s=\"{i}\" style=\"--h:{}\" aria-pressed=\"false\">\
             <span class=\"dot\"></span><span class=\"name\">{}</span> <span class=\"n\">{}</span></button></li>",
            s.hue,
            escape(&s.name),
            s.count
        );
    }
    if speakers.list.is_empty() {
        out.push_str("<li class=\"none\">No speakers.</li>\n");
    }
    out.push_str("</ul>\n</nav>\n");
    out.push_str("<div id=\"card\" role=\"tooltip\" hidden></div>\n");
    let _ = writeln!(
        out,
        "<script type=\"application/json\" id=\"records\">{}</script>",
        script_json(&serde_json::Value::Array(data.to_vec()))
    );
    let _ = write!(out, "<script>{SCRIPT}</script>\n</body>\n</html>\n");
}

/// One speaker of a report.
#[derive(Debug, Clone)]
pub struct SpeakerEntry {
    /// The resolved name.
    pub name: String,
    /// The hue of their colour, in degrees.
    pub hue: u32,
    /// How many records (or groups) are theirs.
    pub count: usize,
}

/// The speakers of a report, each with a colour of their own: hues go
/// round the wheel by the golden angle in order of first appearance, so
/// neighbours differ and a speaker keeps one colour in the whole report.
#[derive(Debug, Default)]
pub struct Speakers {
    /// In order of first appearance.
    pub list: Vec<SpeakerEntry>,
    index: HashMap<String, usize>,
}

impl Speakers {
    /// The speaker's index, added when new; counts one more for them.
    pub fn count(&mut self, name: &str) -> usize {
        let i = match self.index.get(name) {
            Some(&i) => i,
            None => {
                let i = self.list.len();
                let hue = ((i as f64 * 137.508 + 210.0) % 360.0).round() as u32;
                self.list.push(SpeakerEntry {
                    name: name.to_string(),
                    hue,
                    count: 0,
                });
                self.index.insert(name.to_string(), i);
                i
            }
        };
        self.list[i].count += 1;
        i
    }
}

/// The lower-case name of a speaker type.
pub fn type_name(t: SpeakerType) -> &'static str {
    match t {
        SpeakerType::Person => "person",
        SpeakerType::Group => "group",
        SpeakerType::Organization => "organization",
        SpeakerType::Anonymous => "anonymous",
        SpeakerType::Pronoun => "pronoun",
        SpeakerType::Unknown => "unknown",
    }
}

/// Offsets as the card shows them: `start–end` per segment.
pub fn offsets(spans: &[[usize; 2]]) -> String {
    spans
        .iter()
        .map(|s| format!("{}–{}", s[0], s[1]))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The data the card shows for a record (short keys: a large report
/// holds thousands).
fn record_data(rec: &Record) -> serde_json::Value {
    let sp = rec.speaker.as_ref();
    let mut m = serde_json::Map::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v.filter(|v| !v.is_empty()) {
            m.insert(k.to_string(), serde_json::Value::String(v));
        }
    };
    put("speaker", sp.map(|s| s.name.clone()));
    put("mention", sp.map(|s| s.mention.clone()));
    put("title", sp.and_then(|s| s.title.clone()));
    put("type", sp.map(|s| type_name(s.kind).to_string()));
    put("kind", Some(rec.kind.as_str().to_string()));
    put("cue", rec.cue.as_ref().map(|c| c.text.clone()));
    put("via", rec.via.clone());
    put("rule", Some(rec.rule.clone()));
    put("offsets", Some(offsets(&rec.spans)));
    put("doc", Some(rec.doc.clone()));
    serde_json::Value::Object(m)
}

/// One piece of markup over a byte range of the text.
#[derive(Debug, Clone)]
struct Layer {
    start: usize,
    end: usize,
    /// 0 for content marks, 1 for underlines: at equal starts, content
    /// opens first (outside).
    depth: u8,
    open: String,
    close: &'static str,
}

/// The order layers open in, for a max-heap: smallest start first, then
/// content before underlines, then the longer (outer) first.
type LayerKey = (std::cmp::Reverse<usize>, std::cmp::Reverse<u8>, usize);

/// Writes `text` with the layers as nested elements. Layers that cross an
/// open one are cut at its end and continue after it, so the markup always
/// nests; a layer cut this way is written as two elements.
fn marked_text(out: &mut String, text: &str, layers: Vec<Layer>) {
    // Max-heap on the reversed key: smallest start first, then content
    // before underlines, then the longer first (outer).
    let key = |l: &Layer| {
        (
            std::cmp::Reverse(l.start),
            std::cmp::Reverse(l.depth),
            l.end,
        )
    };
    let mut pending: BinaryHeap<(LayerKey, usize)> = BinaryHeap::new();
    let mut all = layers;
    for (i, l) in all.iter().enumerate() {
        pending.push((key(l), i));
    }
    let mut stack: Vec<usize> = Vec::new();
    let mut pos = 0;
    let close_to = |out: &mut String, stack: &mut Vec<usize>, all: &[Layer], at: usize| {
        while let Some(&top) = stack.last() {
            if all[top].end <= at {
                out.push_str(all[top].close);
                stack.pop();
            } else {
                break;
            }
        }
    };
    while let Some((_, i)) = pending.pop() {
        let start = all[i].start;
        // Text up to this layer, closing layers that end on the way.
        while pos < start {
            let next_end = stack
                .last()
                .map_or(start, |&t| all[t].end.min(start))
                .max(pos);
            escape_into(out, &text[pos..next_end]);
            pos = next_end;
            close_to(out, &mut stack, &all, pos);
            if stack.is_empty() {
                escape_into(out, &text[pos..start]);
                pos = start;
            }
        }
        close_to(out, &mut stack, &all, pos);
        if let Some(&top) = stack.last() {
            if all[i].end > all[top].end {
                // Crosses the open layer: cut here, continue after it.
                let mut rest = all[i].clone();
                rest.start = all[top].end;
                all[i].end = all[top].end;
                all.push(rest);
                let j = all.len() - 1;
                pending.push((key(&all[j]), j));
            }
        }
        out.push_str(&all[i].open);
        stack.push(i);
    }
    while let Some(&top) = stack.last() {
        let end = all[top].end.max(pos);
        escape_into(out, &text[pos..end]);
        pos = end;
        out.push_str(all[top].close);
        stack.pop();
    }
    escape_into(out, &text[pos..]);
}

/// An article waiting for its records.
#[derive(Debug)]
struct Pending {
    doc: String,
    meta: ArticleMeta,
    text: Option<String>,
    records: Vec<Record>,
}

/// The report writer: articles go out as they end; the panel and the data
/// when the report ends.
#[derive(Debug, Default)]
pub struct Report {
    started: bool,
    articles: usize,
    current: Option<Pending>,
    speakers: Speakers,
    data: Vec<serde_json::Value>,
}

impl Report {
    /// Starts an article (ending the one before).
    pub fn begin_article(
        &mut self,
        doc: &str,
        meta: &ArticleMeta,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        self.flush(out)?;
        self.current = Some(Pending {
            doc: doc.to_string(),
            meta: meta.clone(),
            text: None,
            records: Vec::new(),
        });
        Ok(())
    }

    /// The current article's text.
    pub fn article_text(&mut self, text: &str) {
        if let Some(p) = &mut self.current {
            p.text = Some(text.to_string());
        }
    }

    /// Takes one record (of the current article, or of a new one when its
    /// `doc` differs).
    pub fn write(&mut self, rec: &Record, out: &mut dyn Write) -> io::Result<()> {
        if !matches!(&self.current, Some(p) if p.doc == rec.doc) {
            self.begin_article(&rec.doc, &rec.meta, out)?;
        }
        if let Some(p) = &mut self.current {
            p.records.push(rec.clone());
        }
        Ok(())
    }

    /// Ends the report.
    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.flush(out)?;
        let mut s = String::new();
        if !self.started {
            self.start(&mut s);
        }
        if self.articles == 0 {
            s.push_str("<p class=\"empty\">No articles.</p>\n");
        }
        s.push_str("</main>\n");
        page_tail(&mut s, &self.speakers, &self.data, "quotes");
        out.write_all(s.as_bytes())
    }

    fn start(&mut self, s: &mut String) {
        self.started = true;
        page_head(s, "whosaid report");
        s.push_str(
            "<main id=\"report\">\n<h1>Who said what</h1>\n<p class=\"legend\">\
             <span class=\"q k-direct\" style=\"--h:210\">direct</span> \
             <span class=\"q k-mixed\" style=\"--h:210\">mixed</span> \
             <span class=\"q k-indirect\" style=\"--h:210\">indirect</span> \
             <span class=\"q k-headline\" style=\"--h:210\">headline</span> \
             <span class=\"q nosp k-direct\">no speaker</span> · \
             <span class=\"cue\">cue</span> · <span class=\"who\">speaker</span> · \
             hover or focus a quote for its record</p>\n",
        );
    }

    /// Writes the current article, if any.
    fn flush(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let Some(p) = self.current.take() else {
            return Ok(());
        };
        let mut s = String::new();
        if !self.started {
            self.start(&mut s);
        }
        self.articles += 1;
        let n = self.articles;
        let _ = write!(s, "<article id=\"a{n}\">\n<header>\n<h2>");
        escape_into(&mut s, p.meta.title.as_deref().unwrap_or(&p.doc));
        s.push_str("</h2>\n<p class=\"meta\">");
        let mut parts = Vec::new();
        if let Some(o) = &p.meta.outlet {
            parts.push(format!("<span class=\"outlet\">{}</span>", escape(o)));
        }
        if let Some(d) = &p.meta.date {
            parts.push(format!("<span class=\"date\">{}</span>", escape(d)));
        }
        if let Some(a) = &p.meta.author {
            parts.push(format!("<span class=\"author\">{}</span>", escape(a)));
        }
        if let Some(u) = &p.meta.url {
            parts.push(match safe_url(u) {
                Some(link) => format!(
                    "<a class=\"url\" href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
                    escape(link),
                    escape(u)
                ),
                None => format!("<span class=\"url\">{}</span>", escape(u)),
            });
        }
        parts.push(format!("<span class=\"doc\">{}</span>", escape(&p.doc)));
        parts.push(format!(
            "<span class=\"count\">{} quote{}</span>",
            p.records.len(),
            if p.records.len() == 1 { "" } else { "s" }
        ));
        s.push_str(&parts.join(" · "));
        s.push_str("</p>\n</header>\n");
        self.article_body(&mut s, &p);
        s.push_str("</article>\n");
        out.write_all(s.as_bytes())
    }

    fn article_body(&mut self, s: &mut String, p: &Pending) {
        let text = p.text.as_deref();
        let mut layers = Vec::new();
        // Underlines shared by several records link to the first one.
        let mut underlined: HashMap<(u8, usize, usize), ()> = HashMap::new();
        let mut unplaced = Vec::new();
        for rec in &p.records {
            let r = self.data.len();
            self.data.push(record_data(rec));
            let (s_attr, hue) = match &rec.speaker {
                Some(sp) => {
                    let i = self.speakers.count(&sp.name);
                    (
                        format!(" data-s=\"{i}\""),
                        format!(" style=\"--h:{}\"", self.speakers.list[i].hue),
                    )
                }
                None => (String::new(), String::new()),
            };
            let nosp = if rec.speaker.is_none() { " nosp" } else { "" };
            let valid = |a: usize, b: usize| {
                text.is_some_and(|t| {
                    a < b && b <= t.len() && t.is_char_boundary(a) && t.is_char_boundary(b)
                })
            };
            let mut first_seg = None;
            for (k, sp) in rec.spans.iter().enumerate() {
                if !valid(sp[0], sp[1]) {
                    continue;
                }
                first_seg.get_or_insert(k);
                layers.push(Layer {
                    start: sp[0],
                    end: sp[1],
                    depth: 0,
                    open: format!(
                        "<mark class=\"q k-{}{nosp}\" id=\"q{r}-{k}\" data-r=\"{r}\" data-seg=\"{k}\"{s_attr}{hue} tabindex=\"0\">",
                        rec.kind.as_str()
                    ),
                    close: "</mark>",
                });
            }
            let Some(k) = first_seg else {
                unplaced.push((r, rec, s_attr, hue));
                continue;
            };
            let under = [
                (1u8, "who", rec.speaker.as_ref().map(|x| x.span)),
                (2u8, "cue", rec.cue.as_ref().map(|c| c.span)),
            ];
            for (tag, class, span) in under {
                let Some([a, b]) = span else { continue };
                if !valid(a, b) || underlined.insert((tag, a, b), ()).is_some() {
                    continue;
                }
                layers.push(Layer {
                    start: a,
                    end: b,
                    depth: 1,
                    open: format!(
                        "<a class=\"{class}\" href=\"#q{r}-{k}\" data-r=\"{r}\"{s_attr}{hue}>"
                    ),
                    close: "</a>",
                });
            }
        }
        match text {
            Some(t) => {
                s.push_str("<div class=\"text\">");
                marked_text(s, t, layers);
                s.push_str("</div>\n");
            }
            None => s.push_str("<p class=\"notext\">(the article text is not available)</p>\n"),
        }
        if !unplaced.is_empty() {
            s.push_str("<ul class=\"unplaced\">\n");
            for (r, rec, s_attr, hue) in unplaced {
                let _ = writeln!(
                    s,
                    "<li><mark class=\"q k-{}\" data-r=\"{r}\"{s_attr}{hue} tabindex=\"0\">{}</mark></li>",
                    rec.kind.as_str(),
                    escape(&rec.quote)
                );
            }
            s.push_str("</ul>\n");
        }
    }
}

/// Renders records with their articles' texts into a whole report
/// (tests and small tools): `articles` gives each `doc`'s metadata and
/// text, in order.
pub fn report(articles: &[(&str, &ArticleMeta, &str)], records: &[Record]) -> String {
    let mut r = Report::default();
    let mut out = Vec::new();
    for (doc, meta, text) in articles {
        // Writing to a Vec cannot fail.
        let _ = r.begin_article(doc, meta, &mut out);
        r.article_text(text);
        for rec in records.iter().filter(|x| x.doc == *doc) {
            let _ = r.write(rec, &mut out);
        }
    }
    let _ = r.finish(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layer(start: usize, end: usize, depth: u8, tag: &'static str) -> Layer {
        let (open, close) = match tag {
            "m" => ("<m>".to_string(), "</m>"),
            _ => ("<u>".to_string(), "</u>"),
        };
        Layer {
            start,
            end,
            depth,
            open,
            close,
        }
    }

    #[test]
    fn escaping_covers_markup_and_attribute_quotes() {
        assert_eq!(
            escape("<script>\"a\" & 'b'</script>\r\n"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;&#13;\n"
        );
    }

    #[test]
    fn script_json_never_closes_its_block() {
        let v = serde_json::json!({"q": "</script><!-- & \u{2028}"});
        let s = script_json(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn only_web_urls_become_links() {
        assert_eq!(safe_url("https://x.org/a"), Some("https://x.org/a"));
        assert_eq!(safe_url(" HTTP://x.org "), Some("HTTP://x.org"));
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,hi"), None);
    }

    #[test]
    fn layers_nest_and_crossing_ones_are_cut() {
        let mut out = String::new();
        marked_text(
            &mut out,
            "abcdefgh",
            vec![layer(1, 4, 0, "m"), layer(2, 3, 1, "u")],
        );
        assert_eq!(out, "a<m>b<u>c</u>d</m>efgh");
        let mut out = String::new();
        marked_text(
            &mut out,
            "abcdefgh",
            vec![layer(1, 4, 0, "m"), layer(3, 6, 1, "u")],
        );
        assert_eq!(out, "a<m>bc<u>d</u></m><u>ef</u>gh");
        let mut out = String::new();
        marked_text(
            &mut out,
            "a<b",
            vec![layer(0, 3, 0, "m"), layer(0, 3, 0, "m")],
        );
        assert_eq!(out, "<m><m>a&lt;b</m></m>");
    }

    #[test]
    fn speakers_keep_their_colour_and_count() {
        let mut s = Speakers::default();
        let a = s.count("A");
        let b = s.count("B");
        assert_eq!(s.count("A"), a);
        assert_ne!(s.list[a].hue, s.list[b].hue);
        assert_eq!(s.list[a].count, 2);
    }
}
