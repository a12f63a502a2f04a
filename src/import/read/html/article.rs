//! Where the article is on a page (the block holding most of its non-link text, walked into
//! through layout tables, never into a data table) and the title the page gives it.

use ego_tree::NodeRef;
use scraper::Node;

use super::{SKIP, collapse, element_name, text_of};
use crate::import::recognise;

/// A child block holding this share of its parent's text is where the article is …
pub const ARTICLE_SHARE: f64 = 0.5;

/// … when every other block beside it holds fewer characters than this.
pub const BESIDE_CHARS: usize = 200;

/// Blocks that may hold the article, and the parts of a layout table leading to them.
const CONTAINERS: &[&str] = &[
    "body", "div", "article", "section", "main", "td", "center", "form", "font", "span", "table",
    "tbody", "tr",
];

/// Characters of text under `n` that are not link text (skipped elements left out).
pub(super) fn weight(n: NodeRef<Node>) -> usize {
    match n.value() {
        Node::Text(t) => t.chars().filter(|c| !c.is_whitespace()).count(),
        Node::Element(e) if SKIP.contains(&e.name()) || e.name() == "a" => 0,
        Node::Element(_) | Node::Document | Node::Fragment => n.children().map(weight).sum(),
        _ => 0,
    }
}

/// The block holding the article: from `n` down, the child container holding most of the
/// text, while it holds at least [`ARTICLE_SHARE`] of its parent's and what it leaves beside
/// it is only short blocks (a title, an info bar, a footer: under [`BESIDE_CHARS`] each).
pub(super) fn article(n: NodeRef<Node>) -> NodeRef<Node> {
    let mut at = n;
    loop {
        let total = weight(at) as f64;
        let mut children: Vec<(usize, NodeRef<Node>)> = at
            .children()
            .filter(|c| element_name(*c).is_some_and(|e| e != "a" && !SKIP.contains(&e)))
            .map(|c| (weight(c), c))
            .collect();
        children.sort_by_key(|(w, _)| std::cmp::Reverse(*w));
        let beside_short = children.iter().skip(1).all(|(w, _)| *w < BESIDE_CHARS);
        match children.first() {
            Some(&(w, c))
                if total > 0.0
                    && element_name(c).is_some_and(|e| CONTAINERS.contains(&e))
                    && (element_name(c) != Some("table") || is_layout(c, w))
                    && w as f64 >= total * ARTICLE_SHARE
                    && beside_short =>
            {
                at = c
            }
            _ => return at,
        }
    }
}

/// Whether `table` (of `w` characters) lays out a page rather than holding data: one of its
/// cells holds at least [`ARTICLE_SHARE`] of its text. A report's own table (the national
/// form's, say) spreads its text over many cells and is read as a table, never walked into.
fn is_layout(table: NodeRef<Node>, w: usize) -> bool {
    table
        .descendants()
        .filter(|d| matches!(element_name(*d), Some("td" | "th")))
        .any(|cell| weight(cell) as f64 >= w as f64 * ARTICLE_SHARE)
}

/// The last heading before `article` in document order (h1–h3, or an element whose class or
/// id says title), when it is short: the article's title.
pub(super) fn heading_before(root: NodeRef<Node>, article: NodeRef<Node>) -> Option<String> {
    let mut found = None;
    for d in root.descendants() {
        if d.id() == article.id() {
            break;
        }
        let Node::Element(e) = d.value() else {
            continue;
        };
        // class or id words CMS templates give a title: title, tit, biaoti, bt, headline
        let named = |a: &str| {
            e.attr(a).is_some_and(|v| {
                let v = v.to_ascii_lowercase();
                ["title", "tit", "biaoti", "headline"]
                    .iter()
                    .any(|w| v.contains(w))
                    || v.split([' ', '-', '_']).any(|w| w == "bt")
            })
        };
        if matches!(e.name(), "h1" | "h2" | "h3")
            || (matches!(e.name(), "div" | "p" | "td" | "span") && (named("class") || named("id")))
        {
            let t = text_of(d);
            let n = t.chars().count();
            if (4..=80).contains(&n) && !recognise::is_chrome(&t) {
                found = Some(t);
            }
        }
    }
    found
}

/// The page's `<title>`, without the site's name after ` - `, `_` or `|`.
pub(super) fn document_title(root: NodeRef<Node>) -> Option<String> {
    let t: String = root
        .descendants()
        .find(|n| element_name(*n) == Some("title"))?
        .descendants()
        .filter_map(|d| match d.value() {
            Node::Text(t) => Some(collapse(t)),
            _ => None,
        })
        .collect();
    let first = t
        .split([' ', '_', '|', '-', '—'])
        .find(|p| !p.trim().is_empty())?
        .trim()
        .to_string();
    (first.chars().count() >= 4).then_some(first)
}
