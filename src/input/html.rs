//! HTML input: the article body of a saved web page as plain text, and the
//! page's metadata (title, canonical URL, publication date, site, author).
//!
//! The page is parsed with html5ever (through `scraper`), never with regexes
//! over markup. The body is found in three steps:
//!
//! 1. Chrome is skipped wholesale: scripts, styles, forms, navigation,
//!    headers, footers, asides, figures and their captions, hidden
//!    elements, and anything whose class, id or role names a menu, share
//!    bar, trending or related list, cookie banner, newsletter box or advert.
//! 2. The article container is the deepest element that still holds most
//!    (85%) of the paragraph text left on the page, so an `<article>` or
//!    `<main>` wins when it exists, and plain `<div>` pages work too.
//! 3. The container is flattened into paragraphs: every block element
//!    (paragraph, heading, blockquote, list item, div...) ends one, `<br>`
//!    is a line break, whitespace is collapsed, and blocks that are mostly
//!    link text (lists of other stories) are dropped.
//!
//! The headline comes first, even when the page keeps it outside the
//! container. Paragraphs are separated by a blank line; record offsets
//! refer to this text.

use crate::record::ArticleMeta;
use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashMap;

/// The share of the page's paragraph text the article container must hold.
const CONTAINER_SHARE: f64 = 0.85;
/// A block whose link text is more than this share of its text is a list
/// of links to other pages, unless it is long.
const LINK_DENSITY: f64 = 0.5;
/// Blocks at least this long (in characters) are kept whatever their links.
const LONG_BLOCK: usize = 300;

/// JSON-LD `articleBody` replaces the body found in the markup when it has
/// more than this many times its words.
const ARTICLE_BODY_GAIN: f64 = 2.0;

/// The text and metadata of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The article body: headline first, paragraphs separated by blank lines.
    pub text: String,
    /// What the page's head and byline say about it.
    pub meta: ArticleMeta,
}

/// Extracts the article text and metadata from an HTML document.
pub fn extract(html: &str) -> Page {
    let doc = super::parse::parse_document(html);
    let root = doc.root_element();
    let mut meta = page_meta(&doc);

    let chrome = Chrome::of(*root);
    let mut scores = HashMap::new();
    paragraph_text(&chrome, *root, &mut scores);
    let container = choose_container(root, &scores);

    let mut out = Flattener::new(&chrome);
    out.walk(*container, false);
    out.flush();
    let mut blocks = out.blocks;

    // Pages that render their story with scripts often ship it whole in
    // JSON-LD `articleBody` only: when that holds clearly more words than
    // what the markup gave, it is the body.
    if let Some(body) = ld_article_body(&doc) {
        let words = |b: &[String]| {
            b.iter()
                .map(|p| p.split_whitespace().count())
                .sum::<usize>()
        };
        let ld_blocks: Vec<String> = body
            .split('\n')
            .map(collapse)
            .filter(|p| !p.is_empty())
            .collect();
        if words(&ld_blocks) as f64 > ARTICLE_BODY_GAIN * words(&blocks) as f64 {
            blocks = ld_blocks;
        }
    }

    let headline = headline(&doc, container);
    if let Some(h) = &headline {
        if !blocks.iter().any(|b| b == h) {
            blocks.insert(0, h.clone());
        }
    }
    if meta.title.is_none() {
        meta.title = headline;
    }
    if meta.author.is_none() {
        meta.author = byline(&doc);
    }
    let mut text = blocks.join("\n\n");
    if !text.is_empty() {
        text.push('\n');
    }
    Page { text, meta }
}

/// Whether bytes look like an HTML document (for `--input auto`).
pub fn sniff(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let start = head.trim_start_matches('\u{feff}').trim_start();
    start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || (start.starts_with('<')
            && ["<head", "<body", "<p>", "<div", "<article"]
                .iter()
                .any(|t| head.contains(t)))
}

/// Whether an element, with everything inside it, is page chrome by its
/// tag, role or visibility (whatever it holds).
fn is_chrome_tag(el: &scraper::node::Element) -> bool {
    const TAGS: &[&str] = &[
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "canvas",
        "iframe",
        "object",
        "embed",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "input",
        "textarea",
        "label",
        "figure",
        "figcaption",
        "picture",
        "img",
        "video",
        "audio",
        "dialog",
        "menu",
        "head",
        "title",
        "meta",
        "link",
    ];
    if TAGS.contains(&el.name()) {
        return true;
    }
    if el.attr("hidden").is_some()
        || el.attr("aria-hidden") == Some("true")
        || el
            .attr("style")
            .is_some_and(|s| s.replace(' ', "").contains("display:none"))
    {
        return true;
    }
    if let Some(role) = el.attr("role") {
        const ROLES: &[&str] = &[
            "navigation",
            "banner",
            "contentinfo",
            "complementary",
            "search",
            "dialog",
            "alertdialog",
            "menu",
            "menubar",
        ];
        if ROLES.contains(&role.trim()) {
            return true;
        }
    }
    false
}

/// Whether an element's class or id names mark it as chrome.
fn is_chrome_name(el: &scraper::node::Element) -> bool {
    // Pages and posts carry classes about their surroundings
    // (`has-sidebar`, `comments-open`): only what sits inside is judged by name.
    if matches!(el.name(), "html" | "body" | "main" | "article") {
        return false;
    }
    let names = el.attr("class").unwrap_or("").to_string() + " " + el.id().unwrap_or("");
    names_chrome(&names)
}

/// The chrome of one page: elements left out with everything inside them.
///
/// Tags, roles and hidden elements are chrome whatever they hold. Class and
/// id names are a weaker sign: layout wrappers are often named after what
/// sits beside them (`two-col-sidebar-right`, `nav-drawer-panel`), so an
/// element named like chrome that holds at least [`NAMED_CHROME_SHARE`] of
/// the page's paragraph (`<p>`) text is kept, unless it names comments.
struct Chrome {
    set: std::collections::HashSet<ego_tree::NodeId>,
}

/// See [`Chrome`].
const NAMED_CHROME_SHARE: f64 = 0.5;

impl Chrome {
    fn of(root: NodeRef<'_, Node>) -> Chrome {
        let mut tagged = std::collections::HashSet::new();
        let mut named = Vec::new();
        let total = Self::text_outside(root, false, &mut tagged, &mut named);
        let mut set = tagged;
        for (id, chars, comments) in named {
            if comments || (chars as f64) < NAMED_CHROME_SHARE * total as f64 {
                set.insert(id);
            }
        }
        Chrome { set }
    }

    /// Characters of paragraph text (inside `<p>`) under `node`, outside
    /// tag chrome (collected in `tagged`); elements named like chrome are
    /// listed in `named` with their own total and whether they name comments.
    fn text_outside(
        node: NodeRef<'_, Node>,
        in_p: bool,
        tagged: &mut std::collections::HashSet<ego_tree::NodeId>,
        named: &mut Vec<(ego_tree::NodeId, usize, bool)>,
    ) -> usize {
        match node.value() {
            Node::Text(t) if in_p => t.trim().len(),
            Node::Element(el) if is_chrome_tag(el) => {
                tagged.insert(node.id());
                0
            }
            Node::Element(_) | Node::Document | Node::Fragment => {
                let in_p = in_p || node.value().as_element().is_some_and(|e| e.name() == "p");
                let n = node
                    .children()
                    .map(|c| Self::text_outside(c, in_p, tagged, named))
                    .sum();
                if let Some(el) = node.value().as_element() {
                    if is_chrome_name(el) {
                        let names = format!(
                            "{} {}",
                            el.attr("class").unwrap_or(""),
                            el.id().unwrap_or("")
                        );
                        named.push((node.id(), n, names.to_ascii_lowercase().contains("comment")));
                    }
                }
                n
            }
            _ => 0,
        }
    }

    fn has(&self, node: NodeRef<'_, Node>) -> bool {
        self.set.contains(&node.id())
    }
}

/// Whether class and id names mark chrome. Long, distinctive words match
/// anywhere (`site-share-bar`); short ones only as whole parts (`ad`, not
/// `header` or `lead`).
fn names_chrome(names: &str) -> bool {
    const ANYWHERE: &[&str] = &[
        "navbar",
        "player",
        "score",
        "rating",
        "infinite",
        "next-article",
        "next-story",
        "next-post",
        "stream",
        "settings",
        "controls",
        "navigation",
        "menu",
        "share",
        "social",
        "trending",
        "related",
        "recommend",
        "popular",
        "newsletter",
        "subscribe",
        "cookie",
        "consent",
        "banner",
        "advert",
        "sponsor",
        "promo",
        "breadcrumb",
        "sidebar",
        "footer",
        "comment",
        "caption",
        "byline",
        "toolbar",
        "signup",
        "sign-up",
        "login",
        "modal",
        "popup",
        "paywall",
        "outbrain",
        "taboola",
        "more-stories",
        "most-read",
        "skip-link",
        "disclaimer",
        "contact",
    ];
    const PARTS: &[&str] = &[
        "nav", "ad", "ads", "adv", "author", "meta", "masthead", "widget", "credit", "credits",
    ];
    let lower = names.to_ascii_lowercase();
    if ANYWHERE.iter().any(|w| lower.contains(w)) {
        return true;
    }
    lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|part| PARTS.contains(&part))
}

/// Stores, for every element, the length of the paragraph text inside it
/// (outside chrome), and returns the node's own total.
fn paragraph_text(
    chrome: &Chrome,
    node: NodeRef<'_, Node>,
    scores: &mut HashMap<ego_tree::NodeId, usize>,
) -> usize {
    if node.value().as_element().is_none() || chrome.has(node) {
        return 0;
    }
    let total = if is_paragraph_like(node) {
        own_text(chrome, node, false)
    } else {
        node.children()
            .map(|c| paragraph_text(chrome, c, scores))
            .sum()
    };
    scores.insert(node.id(), total);
    total
}

/// Whether an element is a paragraph for scoring: `<p>`, `<blockquote>`,
/// `<pre>`, or a `<div>`/`<section>`/`<td>` with text but no block inside
/// (pages that write paragraphs as divs).
fn is_paragraph_like(node: NodeRef<'_, Node>) -> bool {
    let Some(el) = node.value().as_element() else {
        return false;
    };
    match el.name() {
        "p" | "blockquote" | "pre" => true,
        "div" | "section" | "td" => !node.descendants().skip(1).any(|d| {
            d.value()
                .as_element()
                .is_some_and(|e| is_block(e.name()) || e.name() == "br")
        }),
        _ => false,
    }
}

/// Characters of text inside `node` outside links and chrome: link text is
/// what menus and story lists are made of, so it does not count.
fn own_text(chrome: &Chrome, node: NodeRef<'_, Node>, in_link: bool) -> usize {
    match node.value() {
        Node::Text(t) if !in_link => t.trim().chars().count(),
        Node::Element(el) if !chrome.has(node) => {
            let link = in_link || el.name() == "a";
            node.children().map(|c| own_text(chrome, c, link)).sum()
        }
        _ => 0,
    }
}

/// The deepest element holding at least [`CONTAINER_SHARE`] of the page's
/// paragraph text; the whole page when it has no paragraphs.
fn choose_container<'a>(
    root: ElementRef<'a>,
    scores: &HashMap<ego_tree::NodeId, usize>,
) -> ElementRef<'a> {
    let total = scores.get(&root.id()).copied().unwrap_or(0);
    if total == 0 {
        return root;
    }
    let needed = (total as f64 * CONTAINER_SHARE).ceil() as usize;
    let mut current = root;
    loop {
        let next = current
            .child_elements()
            .filter(|c| !is_paragraph_like(**c))
            .find(|c| scores.get(&c.id()).copied().unwrap_or(0) >= needed);
        match next {
            Some(c) => current = c,
            None => return current,
        }
    }
}

/// Turns an element tree into paragraphs.
struct Flattener<'c> {
    chrome: &'c Chrome,
    blocks: Vec<String>,
    /// The paragraph being built.
    buf: String,
    /// Characters of `buf` that are link text.
    link_chars: usize,
}

impl<'c> Flattener<'c> {
    fn new(chrome: &'c Chrome) -> Self {
        Flattener {
            chrome,
            blocks: Vec::new(),
            buf: String::new(),
            link_chars: 0,
        }
    }

    fn walk(&mut self, node: NodeRef<'_, Node>, in_link: bool) {
        match node.value() {
            Node::Text(t) => self.push_text(&t[..], in_link),
            Node::Element(el) => {
                if self.chrome.has(node) {
                    return;
                }
                let name = el.name();
                if name == "br" {
                    self.buf.truncate(self.buf.trim_end_matches(' ').len());
                    if !self.buf.is_empty() {
                        self.buf.push('\n');
                    }
                    return;
                }
                if name == "pre" {
                    self.flush();
                    if let Some(e) = ElementRef::wrap(node) {
                        let text: String = e.text().collect();
                        self.buf.push_str(text.trim_matches('\n'));
                    }
                    self.flush();
                    return;
                }
                let block = is_block(name);
                if block {
                    self.flush();
                }
                let link = in_link || name == "a";
                for child in node.children() {
                    self.walk(child, link);
                }
                if block {
                    self.flush();
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str, in_link: bool) {
        let before = self.buf.len();
        for c in text.chars() {
            let c = if c == '\u{a0}' { ' ' } else { c };
            if c.is_whitespace() {
                if !self.buf.is_empty() && !self.buf.ends_with([' ', '\n']) {
                    self.buf.push(' ');
                }
            } else {
                self.buf.push(c);
            }
        }
        if in_link {
            self.link_chars += self.buf[before..]
                .chars()
                .filter(|c| !c.is_whitespace())
                .count();
        }
    }

    /// Ends the current paragraph, dropping it when it is mostly links. Two
    /// line breaks in a row (`<br><br>`) separate paragraphs too.
    fn flush(&mut self) {
        let chars = self.buf.chars().filter(|c| !c.is_whitespace()).count();
        let linky = chars < LONG_BLOCK && (self.link_chars as f64) > LINK_DENSITY * chars as f64;
        if !linky {
            for para in self.buf.split("\n\n") {
                let text = para
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n");
                if !text.is_empty() {
                    self.blocks.push(text);
                }
            }
        }
        self.buf.clear();
        self.link_chars = 0;
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "address"
            | "article"
            | "blockquote"
            | "body"
            | "center"
            | "dd"
            | "details"
            | "div"
            | "dl"
            | "dt"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "hgroup"
            | "hr"
            | "html"
            | "li"
            | "main"
            | "ol"
            | "p"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

/// The text of the first element matching `css`, whitespace collapsed.
fn first_text(doc: &Html, css: &str) -> Option<String> {
    let sel = selector(css)?;
    doc.select(&sel)
        .map(|e| collapse(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

/// An attribute of the first element matching `css`.
fn first_attr(doc: &Html, css: &str, attr: &str) -> Option<String> {
    let sel = selector(css)?;
    doc.select(&sel)
        .filter_map(|e| e.value().attr(attr))
        .map(collapse)
        .find(|t| !t.is_empty())
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The page's headline: an `<h1>` outside navigation and footers,
/// preferring one inside the article container, then one the page's title
/// names (a site logo is often an `<h1>` too); else the Open Graph title,
/// else `<title>`.
fn headline(doc: &Html, container: ElementRef<'_>) -> Option<String> {
    let page_title = first_attr(doc, r#"meta[property="og:title"]"#, "content")
        .or_else(|| first_text(doc, "title"));
    let mut candidates = Vec::new();
    if let Some(sel) = selector("h1") {
        for h in doc.select(&sel) {
            let in_chrome = h.ancestors().any(|a| {
                a.value().as_element().is_some_and(|e| {
                    matches!(e.name(), "nav" | "footer" | "aside")
                        || names_chrome(e.attr("class").unwrap_or(""))
                })
            });
            let text = collapse(&h.text().collect::<String>());
            if !in_chrome && !text.is_empty() {
                let inside = h.ancestors().any(|a| a.id() == container.id());
                candidates.push((inside, text));
            }
        }
    }
    let named = |t: &String| page_title.as_ref().is_some_and(|p| p.contains(t.as_str()));
    candidates
        .iter()
        .find(|(inside, _)| *inside)
        .or_else(|| {
            // The longest: "Headline - Site" names the site's logo too.
            candidates
                .iter()
                .filter(|(_, t)| named(t))
                .max_by_key(|(_, t)| t.len())
        })
        .or_else(|| candidates.first())
        .map(|(_, t)| t.clone())
        .or(page_title)
}

/// The author named in a byline element of the page: the first candidate,
/// in this order, whose text looks like a name (see [`clean_name`]):
/// schema.org `itemprop="author"` (its `name` inside first), `rel="author"`
/// links, elements whose class names a byline, then an author, then links
/// to an author's page (`/author/`, `/authors/`, `/by/`, `/profiles/`).
fn byline(doc: &Html) -> Option<String> {
    const CANDIDATES: &[&str] = &[
        r#"[itemprop~="author"] [itemprop="name"]"#,
        r#"[itemprop~="author"]"#,
        r#"[rel="author"]"#,
        r#"[class*="byline"], [class*="by-line"], [class*="Byline"]"#,
        r#"[class*="author-name"], [class*="author"], [class*="Author"]"#,
        r#"a[href*="/author/"], a[href*="/authors/"], a[href*="/by/"], a[href*="/profiles/"]"#,
    ];
    for css in CANDIDATES {
        let Some(sel) = selector(css) else { continue };
        for el in doc.select(&sel) {
            let mut text = collapse(&el.text().collect::<String>());
            if text.is_empty() {
                // a linked portrait: `<a href="/by/x"><img alt="Name"></a>`
                text = el
                    .descendants()
                    .filter_map(|d| d.value().as_element()?.attr("alt"))
                    .map(collapse)
                    .find(|t| !t.is_empty())
                    .unwrap_or_default();
            }
            // "By Name, Staff Writer, Desk": the part before the comma
            let before_comma = text.split(',').next().unwrap_or("");
            if let Some(name) = clean_name(&text).or_else(|| clean_name(before_comma)) {
                return Some(name);
            }
        }
    }
    None
}

/// A byline's text as a name: without a leading "By", cut at a date or a
/// separator (`|`, `•`, a digit), and accepted when it is one to six words
/// that start with a capital letter (small particles such as `de`, `van`,
/// `and` aside) and holds no `@` or `/`.
fn clean_name(text: &str) -> Option<String> {
    let mut t = text.trim();
    for prefix in ["written by", "by:", "by", "von", "par"] {
        if t.len() > prefix.len()
            && t.is_char_boundary(prefix.len())
            && t[..prefix.len()].eq_ignore_ascii_case(prefix)
            && !t[prefix.len()..].starts_with(|c: char| c.is_alphanumeric())
        {
            t = t[prefix.len()..].trim_start_matches([':', ' ']);
            break;
        }
    }
    let cut = t
        .find(|c: char| c.is_ascii_digit() || matches!(c, '|' | '•' | '·' | '\n'))
        .unwrap_or(t.len());
    let t = t[..cut]
        .trim()
        .trim_end_matches([',', '-', '–', ':', ' '])
        .trim();
    const SMALL: &[&str] = &[
        "de", "van", "von", "der", "da", "di", "la", "le", "and", "&", "bin", "al",
    ];
    let words: Vec<&str> = t.split_whitespace().collect();
    let ok = (1..=6).contains(&words.len())
        && t.chars().count() <= 60
        && !t.contains(['@', '/', '{', '<'])
        && words.iter().any(|w| w.chars().count() > 1)
        && words.iter().all(|w| {
            SMALL.contains(&w.to_lowercase().as_str()) || w.starts_with(|c: char| c.is_uppercase())
        });
    ok.then(|| t.to_string())
}

/// A page date as ISO 8601: `2016-02-01 01:28:49` becomes
/// `2016-02-01T01:28:49`, fractions of a second are dropped and a `+0000`
/// offset gets its colon; a date alone stays a date. Anything that does not
/// start with a year-month-day date is returned as it is.
fn iso_date(raw: &str) -> String {
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        super::fixed_regex(
            r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2})?(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?",
        )
    });
    let raw = raw.trim();
    let Some(c) = DATE.captures(raw) else {
        return raw.to_string();
    };
    let mut out = c[1].to_string();
    if let Some(hm) = c.get(2) {
        out.push('T');
        out.push_str(hm.as_str());
        out.push_str(c.get(3).map_or(":00", |s| s.as_str()));
        if let Some(z) = c.get(4) {
            let z = z.as_str();
            if z.len() == 5 {
                out.push_str(&format!("{}:{}", &z[..3], &z[3..]));
            } else {
                out.push_str(z);
            }
        }
    }
    out
}

/// A page title without the site's name after a separator
/// (`Headline - BBC News`, `Headline | Site`): the last part goes when it is
/// the site name, or at most three words after a headline of more words.
fn strip_site(title: String, site: Option<&str>) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some(i) = title.rfind(sep) {
            let (head, tail) = (title[..i].trim(), title[i + sep.len()..].trim());
            let is_site = site.is_some_and(|s| s.eq_ignore_ascii_case(tail))
                || (tail.split_whitespace().count() <= 3
                    && head.split_whitespace().count() > tail.split_whitespace().count());
            if is_site && !head.is_empty() {
                return head.to_string();
            }
        }
    }
    title
}

/// Metadata from JSON-LD, Open Graph and other `<meta>` elements, and
/// `<link rel=canonical>`; each field takes the first source that has it:
///
/// - title: JSON-LD `headline`, `og:title`, `twitter:title` (as they are),
///   `<title>` (a trailing site name cut off); the page's `<h1>` comes last
///   (in [`extract`]);
/// - author: JSON-LD `author`, `<meta name=author>` (also `property`,
///   `parsely-author`, `sailthru.author`, `dc.creator`), `article:author`
///   when it is a name, not a link; a byline in the page comes last;
/// - date (always the publication date, never the modification date):
///   JSON-LD `datePublished`, `article:published_time`, `itemprop=datePublished`,
///   `<meta name=date|pubdate|publishdate|DC.date.issued|dc.date>`,
///   the first `<time datetime>`;
/// - url: `<link rel=canonical>`, `og:url`, JSON-LD `url`;
/// - outlet: `og:site_name`, `application-name`, JSON-LD `publisher`.
fn page_meta(doc: &Html) -> ArticleMeta {
    let ld = json_ld(doc);
    // The article's own object first: its headline and author, not the
    // publisher's or a breadcrumb's.
    let article_first: Vec<&serde_json::Value> = ld
        .iter()
        .filter(|v| is_article_type(v))
        .chain(ld.iter().filter(|v| !is_article_type(v)))
        .collect();
    let ld_str = |key: &str| -> Option<String> {
        article_first.iter().find_map(|v| match v.get(key)? {
            serde_json::Value::String(s) => Some(collapse(s)).filter(|s| !s.is_empty()),
            other => name_of(other),
        })
    };
    let meta = |css: &str| first_attr(doc, css, "content");
    let outlet = meta(r#"meta[property="og:site_name"]"#)
        .or_else(|| meta(r#"meta[name="application-name"]"#))
        .or_else(|| ld_str("publisher"));
    // Titles the publisher declares are taken as they are; only the
    // browser tab's `<title>` loses a trailing site name.
    let title = ld_str("headline")
        .or_else(|| meta(r#"meta[property="og:title"]"#))
        .or_else(|| meta(r#"meta[name="twitter:title"]"#))
        .or_else(|| first_text(doc, "title").map(|t| strip_site(t, outlet.as_deref())));
    ArticleMeta {
        title,
        url: first_attr(doc, r#"link[rel="canonical"]"#, "href")
            .or_else(|| meta(r#"meta[property="og:url"]"#))
            .or_else(|| ld_str("url")),
        date: ld_str("datePublished")
            .or_else(|| meta(r#"meta[property="article:published_time"]"#))
            .or_else(|| meta(r#"meta[itemprop="datePublished"]"#))
            .or_else(|| meta(r#"meta[name="date"], meta[name="pubdate"], meta[name="publishdate"], meta[name="DC.date.issued"], meta[name="dc.date"]"#))
            .or_else(|| first_attr(doc, "time[datetime]", "datetime"))
            .map(|d| iso_date(&d)),
        outlet,
        author: ld_str("author")
            .or_else(|| meta(r#"meta[name="author"], meta[property="author"], meta[name="parsely-author"], meta[name="sailthru.author"], meta[name="dc.creator"], meta[name="DC.creator"]"#))
            .or_else(|| meta(r#"meta[property="article:author"], meta[name="article:author"]"#).filter(|a| !a.starts_with("http")))
            .and_then(|a| clean_name(&a).or(Some(a))),
        lang: ld_str("inLanguage")
            .or_else(|| first_attr(doc, "html[lang]", "lang"))
            .or_else(|| meta(r#"meta[property="og:locale"]"#))
            .filter(|l| !l.trim().is_empty()),
    }
}

/// The `articleBody` of the page's JSON-LD article, if any.
fn ld_article_body(doc: &Html) -> Option<String> {
    json_ld(doc)
        .iter()
        .filter_map(|v| v.get("articleBody")?.as_str())
        .max_by_key(|b| b.len())
        .map(str::to_string)
}

/// Whether a JSON-LD object is an article (its `@type` names one).
fn is_article_type(v: &serde_json::Value) -> bool {
    let is = |t: &str| {
        t.ends_with("Article")
            || matches!(t, "BlogPosting" | "Report" | "LiveBlogPosting" | "Review")
    };
    match v.get("@type") {
        Some(serde_json::Value::String(t)) => is(t),
        Some(serde_json::Value::Array(a)) => a.iter().any(|t| t.as_str().is_some_and(is)),
        _ => false,
    }
}

/// The objects of the page's JSON-LD blocks (including `@graph` members).
fn json_ld(doc: &Html) -> Vec<serde_json::Value> {
    let Some(sel) = selector(r#"script[type="application/ld+json"]"#) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for script in doc.select(&sel) {
        let text = script.text().collect::<String>();
        // Some pages wrap the JSON in a CDATA section (`//<![CDATA[ ... //]]>`).
        let text = text.trim().trim_start_matches("//").trim_start();
        let text = text.strip_prefix("<![CDATA[").unwrap_or(text);
        let text = text
            .trim_end()
            .trim_end_matches("]]>")
            .trim_end_matches("//");
        let Ok(value) = serde_json::from_str::<serde_json::Value>(text.trim()) else {
            continue;
        };
        let items = match value {
            serde_json::Value::Array(a) => a,
            v => vec![v],
        };
        for item in items {
            if let Some(serde_json::Value::Array(graph)) = item.get("@graph") {
                out.extend(graph.iter().cloned());
            }
            out.push(item);
        }
    }
    out
}

/// `{"name": "..."}` or a list of them, as one string.
fn name_of(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::Object(o) => o.get("name")?.as_str().map(collapse),
        serde_json::Value::Array(a) => {
            let names: Vec<String> = a.iter().filter_map(name_of).collect();
            (!names.is_empty()).then(|| names.join(", "))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html><head><title>Talks &amp; war | The Daily</title>
<meta property="og:site_name" content="The Daily">
<link rel="canonical" href="https://example.org/talks">
<meta property="article:published_time" content="2026-03-05T11:21:00Z">
<script>var trending = "\"Buy now,\" the ad said.";</script></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<div class="cookie-banner"><p>We use cookies. "Accept all," we say.</p></div>
<main><article><h1>Talks &amp; war</h1><p class="byline">By <a rel="author">Jane Roe</a></p>
<p>First paragraph with a <a href="/x">link</a>
 and   spaces.</p><blockquote><p>"We will win," she said.</p></blockquote>
<figure><img src="x.jpg"><figcaption>"A caption," a man says.</figcaption></figure>
<ul class="related-stories"><li><a href="/1">Other story one</a></li></ul>
<p>Line one<br>line two.</p></article>
<aside class="trending"><ol><li>"Trending quote," he said.</li></ol></aside></main>
<footer><p>© 2026 "The Daily," all rights reserved.</p></footer></body></html>"#;

    #[test]
    fn body_without_chrome() {
        let page = extract(PAGE);
        assert_eq!(
            page.text,
            "Talks & war\n\nFirst paragraph with a link and spaces.\n\n\"We will win,\" she said.\n\nLine one\nline two.\n"
        );
    }

    #[test]
    fn metadata_from_head_and_byline() {
        let m = extract(PAGE).meta;
        assert_eq!(m.title.as_deref(), Some("Talks & war"));
        assert_eq!(m.url.as_deref(), Some("https://example.org/talks"));
        assert_eq!(m.date.as_deref(), Some("2026-03-05T11:21:00Z"));
        assert_eq!(m.outlet.as_deref(), Some("The Daily"));
        assert_eq!(m.author.as_deref(), Some("Jane Roe"));
    }

    #[test]
    fn json_ld_metadata() {
        let html = r#"<html><head><script type="application/ld+json">
{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle","headline":"H","datePublished":"2026-01-02",
"author":[{"name":"A One"},{"name":"B Two"}],"publisher":{"name":"Pub"}}]}</script></head>
<body><p>Text.</p></body></html>"#;
        let m = extract(html).meta;
        assert_eq!(m.title.as_deref(), Some("H"));
        assert_eq!(m.date.as_deref(), Some("2026-01-02"));
        assert_eq!(m.author.as_deref(), Some("A One, B Two"));
        assert_eq!(m.outlet.as_deref(), Some("Pub"));
    }

    #[test]
    fn div_page_without_article_element() {
        let html = "<html><body><div id=menu><p>Home World Sport</p></div><div class=story><div><p>One two three four five six.</p><p>Seven eight nine ten.</p></div></div><div><p>x</p></div></body></html>";
        assert_eq!(
            extract(html).text,
            "One two three four five six.\n\nSeven eight nine ten.\n"
        );
    }

    #[test]
    fn div_paragraphs_and_double_breaks() {
        let html = "<html><body><div class=x><a href=/a>Home</a> <a href=/b>World</a></div>\
            <div class=story><h1>Head line</h1><div>First para, long enough to matter here.</div>\
            <div>Second para<br><br>Third para<br>same para</div></div>\
            <div class=rail><div><a href=/c>\"Other story,\" he said</a></div></div></body></html>";
        assert_eq!(
            extract(html).text,
            "Head line\n\nFirst para, long enough to matter here.\n\nSecond para\n\nThird para\nsame para\n"
        );
    }

    #[test]
    fn logo_h1_is_not_the_headline() {
        let html = "<html><head><title>Real title - Site</title></head><body>\
            <div class=top><h1>Site</h1></div><div class=hero><h1>Real title</h1></div>\
            <div class=body><p>Body text that is long enough to be the article.</p></div></body></html>";
        let page = extract(html);
        assert!(
            page.text.starts_with("Real title\n\nBody text"),
            "{}",
            page.text
        );
        assert_eq!(page.meta.title.as_deref(), Some("Real title"));
    }

    #[test]
    fn class_names_match_by_part() {
        assert!(names_chrome("site-header__nav"));
        assert!(names_chrome("ad-slot"));
        assert!(!names_chrome("article-header lead"));
        assert!(!names_chrome("story-body"));
    }

    #[test]
    fn sniffing() {
        assert!(sniff(b"\n<!DOCTYPE html><html>"));
        assert!(sniff(b"<div><p>hi</p></div>"));
        assert!(!sniff(b"date 2026-03-05\n<b> is not html"));
        assert!(!sniff(br#"{"text": "<p>"}"#));
    }
}
