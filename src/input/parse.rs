//! Parsing a page into a tree with bounded depth.
//!
//! html5ever builds whatever depth the markup asks for, and some of its
//! tree-construction steps scan the whole stack of open elements, so a page
//! of 50,000 nested `<div>` or `<b>` is slow to parse (quadratic) and too
//! deep to walk. Browsers cap the depth their parser builds (Blink at 512
//! elements); this module does the same between html5ever's tokenizer and
//! its tree builder: a start tag that would open an element deeper than
//! [`MAX_DEPTH`] is dropped, with the end tag that closes it, while its text
//! is kept. The tree's depth then stays near the cap and parsing is linear.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use html5ever::tree_builder::{TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{LocalName, TokenizerResult};
use scraper::html::HtmlTreeSink;
use scraper::Html;
use std::cell::RefCell;
use std::collections::HashMap;

/// The deepest element the parser builds (Blink's HTML parser cap).
pub const MAX_DEPTH: usize = 512;

/// Elements that never have content (no end tag).
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements a start tag of the same name closes implicitly (`<p>a<p>b`).
fn closes_itself(name: &str) -> bool {
    matches!(
        name,
        "p" | "li" | "dt" | "dd" | "option" | "tr" | "td" | "th" | "a" | "rt" | "rp"
    )
}

/// A token filter in front of the tree builder. It follows the depth of
/// open elements from the tags alone: an approximation of the tree builder's
/// own stack, close enough to bound it (implied end tags are modelled for
/// the elements that close themselves).
struct DepthCap<S: TokenSink> {
    inner: S,
    state: RefCell<CapState>,
}

#[derive(Default)]
struct CapState {
    open: Vec<LocalName>,
    /// Start tags dropped per name, so their end tags are dropped too.
    dropped: HashMap<LocalName, usize>,
}

impl<S: TokenSink> TokenSink for DepthCap<S> {
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line: u64) -> TokenSinkResult<Self::Handle> {
        if let Token::TagToken(tag) = &token {
            let mut st = self.state.borrow_mut();
            let name = &tag.name;
            match tag.kind {
                TagKind::StartTag if !tag.self_closing && !is_void(name) => {
                    if closes_itself(name) {
                        let from = st.open.len().saturating_sub(8);
                        if let Some(i) = st.open[from..].iter().rposition(|n| n == name) {
                            st.open.truncate(from + i);
                        }
                    }
                    if st.open.len() >= MAX_DEPTH {
                        *st.dropped.entry(name.clone()).or_default() += 1;
                        return TokenSinkResult::Continue;
                    }
                    st.open.push(name.clone());
                }
                TagKind::EndTag => {
                    if let Some(n) = st.dropped.get_mut(name).filter(|n| **n > 0) {
                        *n -= 1;
                        return TokenSinkResult::Continue;
                    }
                    if let Some(i) = st.open.iter().rposition(|n| n == name) {
                        st.open.truncate(i);
                    }
                }
                TagKind::StartTag => {}
            }
        }
        self.inner.process_token(token, line)
    }

    fn end(&self) {
        self.inner.end()
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.inner
            .adjusted_current_node_present_but_not_in_html_namespace()
    }
}

/// Parses an HTML document as html5ever does, with the depth of the tree
/// capped at [`MAX_DEPTH`].
pub fn parse_document(html: &str) -> Html {
    let sink = HtmlTreeSink::new(Html::new_document());
    let builder = TreeBuilder::new(sink, TreeBuilderOpts::default());
    let filter = DepthCap {
        inner: builder,
        state: RefCell::new(CapState::default()),
    };
    let tokenizer = Tokenizer::new(filter, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    while !matches!(tokenizer.feed(&input), TokenizerResult::Done) {}
    tokenizer.end();
    tokenizer.sink.inner.sink.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(doc: &Html) -> usize {
        doc.tree
            .root()
            .descendants()
            .map(|n| n.ancestors().count())
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn same_tree_as_html5ever_for_ordinary_pages() {
        let page = "<html><head><title>T</title></head><body><p>a<p>b<ul><li>x<li>y</ul>\
            <table><tr><td>1<td>2<tr><td>3</table><b><i>bold</b>italic</i></body></html>";
        assert_eq!(
            parse_document(page).root_element().html(),
            Html::parse_document(page).root_element().html()
        );
    }

    #[test]
    fn deep_nesting_is_capped_and_text_kept() {
        for tag in ["div", "b", "span"] {
            let n = 20_000;
            let page = format!(
                "<p>{}deep words{}</p>",
                format!("<{tag}>").repeat(n),
                format!("</{tag}>").repeat(n)
            );
            let doc = parse_document(&page);
            let d = depth(&doc);
            assert!(d <= MAX_DEPTH + 8, "{tag}: depth {d}");
            assert!(doc.root_element().text().any(|t| t.contains("deep words")));
        }
    }

    #[test]
    fn many_unclosed_paragraphs_are_not_dropped() {
        let page = "<div><p>para</div>".repeat(2000)
            + &"<p>one<li>two".repeat(2000)
            + "<div><b>last</b></div>";
        let doc = parse_document(&page);
        let sel = scraper::Selector::parse("div > b").unwrap();
        assert_eq!(doc.select(&sel).count(), 1);
    }
}
