//! Reading a report as a government website publishes it — an HTML page — into the shared
//! recogniser ([`crate::import::recognise`]).
//!
//! The page is parsed with html5ever (through `scraper`), as a browser would. The article is
//! the block holding most of the text that is not link text: from `<body>` down, the child
//! block holding at least [`ARTICLE_SHARE`] of its parent's text beside only short blocks; so
//! navigation, breadcrumbs, share links and footers (mostly links, or outside that block) are
//! left out. Inside it, a block element or a `<br>` ends a paragraph; `align`/`text-align`,
//! `<center>`, `<strong>`/`<b>` and headings give the paragraph's look; a `<table>` becomes a
//! report table with its `rowspan`/`colspan`. The title is the article's own first lines, or
//! the page's heading just before the article, or its `<title>`. The charset comes from the
//! byte-order mark or the page's `<meta>` (GB 2312, GBK, GB 18030, UTF-8).

use std::sync::Arc;

use ego_tree::NodeRef;
use scraper::{Html, Node};

use crate::import::recognise::{self, Kind, Look, Options, Para, Place, pushed};
use crate::import::{Outline, OutlineTable};

mod article;
mod nesting;
mod table;

use crate::diag::{Diagnostic, SourceFile};
pub use article::{ARTICLE_SHARE, BESIDE_CHARS};
use article::{article, document_title, heading_before, weight};

/// What was read from a page.
#[derive(Debug)]
pub struct Imported {
    /// The structure (the office is left for the caller).
    pub outline: Outline,
    /// Page chrome left out, numbers kept as text, tables kept as text, and the like.
    pub warnings: Vec<Diagnostic>,
}

/// Elements whose content is never report text.
const SKIP: &[&str] = &[
    "script", "style", "noscript", "head", "nav", "select", "button", "iframe", "template", "svg",
    "object", "textarea", "input",
];

/// Elements that end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "center",
    "blockquote",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "dd",
    "dt",
    "dl",
    "pre",
    "hr",
    "form",
    "address",
    "figure",
    "figcaption",
    "caption",
    "tr",
    "td",
    "th",
    "tbody",
    "thead",
    "tfoot",
    "table",
];

/// Decodes a page: by its byte-order mark, else by the charset its `<meta>` names, else as
/// UTF-8 (GB 18030 when it is not UTF-8, with a warning). Characters the charset cannot say
/// are an error: the page would come out garbled.
pub fn decode(name: &str, bytes: &[u8]) -> Result<(String, Option<Diagnostic>), Diagnostic> {
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _, bad) = enc.decode(bytes);
        if !bad {
            return Ok((text.into_owned(), None));
        }
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let named = head.find("charset").and_then(|at| {
        let rest = head[at + "charset".len()..].trim_start();
        let rest = rest.strip_prefix('=')?.trim_start();
        let rest = rest.trim_start_matches(['"', '\'']);
        let label: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || "-_:.".contains(*c))
            .collect();
        encoding_rs::Encoding::for_label(label.as_bytes())
    });
    let enc = named.unwrap_or(encoding_rs::UTF_8);
    let (text, _, bad) = enc.decode(bytes);
    if !bad {
        return Ok((text.into_owned(), None));
    }
    if named.is_none() {
        let (text, _, bad) = encoding_rs::GB18030.decode(bytes);
        if !bad {
            return Ok((
                text.into_owned(),
                Some(
                    Diagnostic::warning(format!(
                        "{name} names no charset and is not UTF-8: read as GB 18030"
                    ))
                    .hint("check the imported text; a page should say its charset in <meta charset=…>"),
                ),
            ));
        }
    }
    Err(Diagnostic::error(format!(
        "{name} is not {} text: some bytes mean no character",
        enc.name()
    ))
    .hint("save the page again from the browser (File › Save Page As, \"Web page, HTML only\")"))
}

/// The deepest element nesting a page may have (real pages stay under 60); the walkers below
/// recurse once per level, so a deeper page is refused rather than read.
pub const MAX_DEPTH: usize = 200;

/// The nesting of a page's tags, as written, past which it is not parsed at all.
const ROUGH_DEPTH: usize = 2_000;

/// Reads the page in `file` (already decoded). `title` (from `--title`) and `office` help the
/// recogniser as in text import. A page nesting elements deeper than [`MAX_DEPTH`] is an error.
pub fn read(file: &Arc<SourceFile>, title: &str, office: &str) -> Result<Imported, Diagnostic> {
    let too_deep = |depth: usize, at_least: &str| {
        Diagnostic::error(format!(
            "{} nests elements {at_least}{depth} deep; a page may nest them at most {MAX_DEPTH} deep",
            file.name
        ))
        .hint("no report needs such nesting: save the page again from the browser, or copy its text into a .txt file and import that")
    };
    // Counted on the text first: the parser's time grows with the square of the depth. The
    // count is generous (a page's own tags, not the browser's repairs), the tree's exact.
    let rough = nesting::depth(&file.text, ROUGH_DEPTH);
    if rough > ROUGH_DEPTH {
        return Err(too_deep(rough, "at least "));
    }
    let html = Html::parse_document(&file.text);
    let root = html.tree.root();
    let depth = depth(root);
    if depth > MAX_DEPTH {
        return Err(too_deep(depth, ""));
    }
    let body = root
        .descendants()
        .find(|n| element_name(*n) == Some("body"))
        .unwrap_or(root);
    let article = article(body);
    let mut walk = Walker::default();
    walk.block(article, Ctx::default());
    walk.flush();
    let mut paras = walk.paras;
    // The page's heading for the article, when the article does not open with it.
    let page_title = heading_before(root, article);
    if let Some(t) = &page_title {
        let lines: Vec<String> = t.lines().map(str::to_string).collect();
        let last = lines.last().map(String::as_str).unwrap_or("");
        // The article's own title lines may split the heading differently, or add the office
        // before it: its words, not its lines, are compared.
        let plain = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
        let heading = plain(t);
        let opens = paras.iter().take(4).any(|p| {
            let own = plain(&p.text);
            p.text == last
                || lines.contains(&p.text)
                || (own.chars().count() >= 6 && (heading.contains(&own) || own.contains(&heading)))
        });
        if !opens && title.is_empty() && !lines.is_empty() {
            paras.insert(
                0,
                Para {
                    kind: Kind::Title,
                    ..Para::body(Place::Paragraph(0), lines.join("\n"))
                },
            );
        }
    }
    let mut tables = walk.tables;
    let (mut outline, mut warnings) =
        recognise::recognise(file, paras, &mut tables, Options { title, office });
    outline.tables = tables;
    // No title in the article nor just before it: the page's <title>.
    if outline.title.is_empty()
        && title.is_empty()
        && let Some(t) = document_title(root)
    {
        outline.title = vec![t];
    }
    warnings.extend(around(file, body, article, page_title.as_deref()));
    Ok(Imported { outline, warnings })
}

/// How deep the tree under `root` nests, walked without recursion.
fn depth(root: NodeRef<Node>) -> usize {
    let (mut at, mut deepest) = (0usize, 0usize);
    for edge in root.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(_) => {
                at += 1;
                deepest = deepest.max(at);
            }
            ego_tree::iter::Edge::Close(_) => at -= 1,
        }
    }
    deepest
}

/// What the page holds around the article, said: its chrome lines each with their text, the
/// rest (navigation, breadcrumbs, footer) in one note; the article's `title` is not repeated.
fn around(
    file: &Arc<SourceFile>,
    body: NodeRef<Node>,
    article: NodeRef<Node>,
    title: Option<&str>,
) -> Vec<Diagnostic> {
    let mut walk = Walker {
        skip: Some(article.id()),
        ..Walker::default()
    };
    walk.block(body, Ctx::default());
    walk.flush();
    let mut out = Vec::new();
    let mut rest = Vec::new();
    for p in walk.paras {
        if recognise::is_chrome(&p.text) {
            out.push(
                Diagnostic::warning(format!(
                    "a line of the web page, not the report, is left out: “{}”",
                    p.text
                ))
                .in_file(file)
                .hint("nothing to do, unless the line belongs to the report: then add it to the definition"),
            );
        } else if !p.text.starts_with("{table:")
            && !title.is_some_and(|t| t.lines().any(|l| l == p.text) || t == p.text)
        {
            rest.push(p.text);
        }
    }
    if !rest.is_empty() {
        let shown: Vec<String> = rest
            .iter()
            .take(4)
            .map(|t| format!("“{}”", t.chars().take(20).collect::<String>()))
            .collect();
        out.push(Diagnostic {
            severity: crate::diag::Severity::Note,
            ..Diagnostic::warning(format!(
                "{} line(s) of the page around the article are left out (navigation, breadcrumbs, footer): {}{}",
                rest.len(),
                shown.join(", "),
                if rest.len() > 4 { ", …" } else { "" }
            ))
            .in_file(file)
            .hint("the article is the block holding most of the page's text; if report text is missing, copy it into the definition")
        });
    }
    out
}

/// The element name of `n`, if it is an element.
fn element_name<'a>(n: NodeRef<'a, Node>) -> Option<&'a str> {
    match n.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

/// The text of `n`, whitespace collapsed as a browser shows it.
fn text_of(n: NodeRef<Node>) -> String {
    let mut s = String::new();
    for d in n.descendants() {
        if let Node::Text(t) = d.value()
            && !d
                .ancestors()
                .any(|a| element_name(a).is_some_and(|e| SKIP.contains(&e)))
        {
            s.push_str(&collapse(t));
        } else if element_name(d) == Some("br") {
            s.push('\n');
        }
    }
    s.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// ASCII whitespace as a browser collapses it; a run holding a line break between Chinese
/// words is nothing (Chinese is written without spaces).
fn collapse(t: &str) -> String {
    let mut out = String::with_capacity(t.len());
    let mut run = String::new();
    for c in t.chars() {
        if c.is_ascii_whitespace() {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            if !run.contains('\n') || out.chars().last().is_none_or(|p| p.is_ascii()) {
                out.push(' ');
            }
            run.clear();
        }
        out.push(c);
    }
    if !run.is_empty() && !run.contains('\n') {
        out.push(' ');
    }
    out
}

/// What the enclosing elements say of the text.
#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    centred: bool,
    right: bool,
    strong: bool,
}

/// Walks the article, paragraph by paragraph.
#[derive(Default)]
struct Walker {
    paras: Vec<Para>,
    tables: Vec<OutlineTable>,
    /// The open paragraph: its text pieces, strong or not.
    line: Vec<(String, bool)>,
    /// The open paragraph's alignment.
    ctx: Ctx,
    /// An element not to walk into (the article, when walking around it).
    skip: Option<ego_tree::NodeId>,
}

impl Walker {
    /// Walks the children of block `n`.
    fn block(&mut self, n: NodeRef<Node>, ctx: Ctx) {
        for c in n.children() {
            self.node(c, ctx);
        }
    }

    fn node(&mut self, n: NodeRef<Node>, ctx: Ctx) {
        match n.value() {
            Node::Text(t) => {
                if self.line.is_empty() {
                    self.ctx = ctx;
                }
                self.line.push((collapse(t), ctx.strong));
            }
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) || self.skip == Some(n.id()) {
                    return;
                }
                let style = e.attr("style").unwrap_or("").to_ascii_lowercase();
                let align = e.attr("align").map(str::to_ascii_lowercase);
                let mut ctx = ctx;
                if name == "center"
                    || align.as_deref() == Some("center")
                    || style.replace(' ', "").contains("text-align:center")
                {
                    ctx.centred = true;
                    ctx.right = false;
                }
                if align.as_deref() == Some("right")
                    || style.replace(' ', "").contains("text-align:right")
                {
                    ctx.right = true;
                    ctx.centred = false;
                }
                if matches!(
                    name,
                    "strong" | "b" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                ) || style.contains("bold")
                {
                    ctx.strong = true;
                }
                match name {
                    "br" => self.flush(),
                    "table" if !self.layout(n) => {
                        self.flush();
                        self.table(n);
                    }
                    _ if BLOCKS.contains(&name) => {
                        self.flush();
                        self.block(n, ctx);
                        self.flush();
                    }
                    _ => self.block(n, ctx),
                }
            }
            _ => {}
        }
    }

    /// Ends the open paragraph.
    fn flush(&mut self) {
        let pieces = std::mem::take(&mut self.line);
        let text: String = pieces.iter().map(|(t, _)| t.as_str()).collect();
        let words = text.trim();
        if words.is_empty() {
            return;
        }
        let indent = &text[..text.len() - text.trim_start().len()];
        let solid: Vec<&(String, bool)> = pieces
            .iter()
            .filter(|(t, _)| !t.trim().is_empty())
            .collect();
        let strong = solid.iter().all(|(_, s)| *s);
        let lead = solid.iter().take_while(|(_, s)| *s).count();
        let strong_lead = (lead > 0 && lead < solid.len()).then(|| {
            let mut bytes = 0;
            let mut seen = 0;
            for (t, _) in &pieces {
                if !t.trim().is_empty() {
                    if seen == lead {
                        break;
                    }
                    seen += 1;
                }
                bytes += t.len();
            }
            bytes.saturating_sub(indent.len())
        });
        let no = self.paras.len() + 1;
        self.paras.push(Para {
            look: Look {
                set_off: self.ctx.right || pushed(indent),
                centred: self.ctx.centred,
                strong,
                strong_lead,
                ..Look::default()
            },
            ..Para::body(Place::Paragraph(no), words)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(html: &str) -> Imported {
        let file = SourceFile::new("p.html".into(), std::path::Path::new("p.html"), html.into());
        read(&file, "", "").unwrap()
    }

    #[test]
    fn the_article_is_the_block_holding_most_text_and_the_page_around_it_is_left_out() {
        let got = page(
            r#"<html><head><meta charset="utf-8"><title>某县报告 - 某县人民政府网</title></head><body>
            <div class="nav"><a href="/">首页</a> <a href="/x">政务公开</a></div>
            <div class="main"><h1 class="title">某县2015年政府信息公开工作年度报告</h1>
            <div class="info">发布时间：2016-03-31 来源：县政府办</div>
            <div class="content">
            <p>　　根据《条例》规定，现公布本县年度报告。本县政府信息公开工作在县委、县政府的领导下稳步推进，各项工作取得新进展。</p>
            <p><strong>一、概述</strong></p><p>全县工作稳步推进。<br>二是继续推进。</p>
            <p style="text-align:right">某县人民政府办公室</p>
            <p align="right">2016年3月31日</p></div></div>
            <div class="footer">主办：某县人民政府 <a>网站地图</a></div></body></html>"#,
        );
        let o = &got.outline;
        assert_eq!(o.title, ["某县2015年政府信息公开工作年度报告"]);
        assert_eq!(o.opening.len(), 1);
        assert_eq!(o.sections[0].title, "概述");
        assert_eq!(
            o.sections[0].paragraphs,
            ["全县工作稳步推进。", "二是继续推进。"]
        );
        assert_eq!(o.signature.as_deref(), Some("某县人民政府办公室"));
        assert_eq!(o.date.map(|d| d.iso()).as_deref(), Some("2016-03-31"));
    }

    #[test]
    fn the_articles_own_title_lines_are_the_title_not_the_sites_heading() {
        let got = page(
            r#"<html><head><meta charset="utf-8"><title>年度报告</title></head><body>
            <div class="main"><h1>某某县人民政府办公室2015年政府信息公开工作年度报告</h1>
            <div class="info">发布时间：2016-03-31</div>
            <div class="content">
            <p style="text-align:center">某某县人民政府办公室</p>
            <p style="text-align:center">2015年政府信息公开工作年度报告</p>
            <p>　　根据《条例》规定，现公布本县年度报告。本县政府信息公开工作在县委、县政府的领导下稳步推进，各项工作取得新进展。</p>
            <p><strong>一、概述</strong></p><p>全县工作稳步推进，取得新的成效。</p>
            <p style="text-align:right">2016年3月31日</p></div></div></body></html>"#,
        );
        let o = &got.outline;
        assert_eq!(
            o.title,
            ["某某县人民政府办公室", "2015年政府信息公开工作年度报告"]
        );
        assert_eq!(o.opening.len(), 1, "{:?}", o.opening);
        assert!(!o.opening[0].contains("年度报告。") || o.opening[0].starts_with("根据"));
    }

    #[test]
    fn a_page_with_its_article_in_one_paragraph_of_br_lines_and_a_title_div() {
        let html = "<html><head><title>年度报告 - 某县</title></head><body>\
            <div class=\"head\"><a href=\"/\">首页</a><a>机构</a></div>\
            <div class=\"bt\">某县2015年政府信息公开工作年度报告</div>\
            <div class=\"sj\">日期：2016-04-01　　来源：本站　　浏览次数：99</div>\
            <div id=\"zoom\"><font size=\"4\"><p>　　根据《条例》规定，现公布本县年度报告，请公众监督。<br/>\
            一、概述<br/>&nbsp;&nbsp;&nbsp;&nbsp;全县工作稳步推进，取得新的成效。<br/>\
            二、问题<br/>　　人员不足，经费不足，需要改进。</p>\
            <p align=\"right\">某县人民政府办公室<br/>2016年3月31日</p></font></div>\
            <div class=\"foot\">版权所有</div></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(html);
        let (text, note) = decode("p.html", &bytes).unwrap();
        assert!(
            note.is_some(),
            "no charset named: read as GB 18030, with a warning"
        );
        let got = page(&text);
        let o = &got.outline;
        assert_eq!(o.title, ["某县2015年政府信息公开工作年度报告"]);
        let titles: Vec<&str> = o.sections.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["概述", "问题"]);
        assert_eq!(o.signature.as_deref(), Some("某县人民政府办公室"));
        let all: Vec<&str> = got.warnings.iter().map(|d| d.message.as_str()).collect();
        assert!(
            all.iter().any(|m| m.contains("日期：2016-04-01")),
            "{all:?}"
        );
        assert!(
            !all.iter()
                .any(|m| m.contains("around") && m.contains("年度报告”")),
            "{all:?}"
        );
    }

    #[test]
    fn tables_keep_their_spans() {
        let got = page(
            r#"<body><div><p>正文很长的一段文字，用来占据文章的大部分内容，使它成为文章。</p>
            <table><tr><td rowspan="2">类别</td><td colspan="2">件数</td></tr>
            <tr><td>上年</td><td>本年</td></tr><tr><td>申请</td><td>3</td><td>5</td></tr></table></div></body>"#,
        );
        let t = &got.outline.tables[0];
        assert_eq!(t.header.len(), 2, "{t:?}");
        assert_eq!((t.header[0][0].rows, t.header[0][1].cols), (2, 2));
        assert_eq!(
            t.header[1].iter().map(|c| c.col).collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(
            t.rows[0]
                .iter()
                .map(|c| c.text.as_str())
                .collect::<Vec<_>>(),
            ["申请", "3", "5"]
        );
    }

    #[test]
    fn the_charset_comes_from_the_page() {
        let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head><body><p>一、概述</p></body></html>";
        let (bytes, _, _) = encoding_rs::GBK.encode(html);
        let (text, note) = decode("p.html", &bytes).unwrap();
        assert!(text.contains("一、概述") && note.is_none());
        let (bytes, _, _) = encoding_rs::GB18030.encode("<p>一、概述</p>");
        let (text, note) = decode("p.html", &bytes).unwrap();
        assert!(text.contains("一、概述") && note.is_some());
    }
}
