//! Reading a gongwen DOCX back in tests: its parts, paragraphs (style, list, runs, indents),
//! and the blocks of the document tree they render.

use std::collections::HashMap;
use std::io::Read;

use gongwen::builder::Project;
use gongwen::doc::{Block, Document};
use roxmltree::Node;

use crate::common;

pub(crate) const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

// ---------------------------------------------------------------------------------------------
// Reading a DOCX back.

/// The parts of a DOCX, as text, with the zip's entry order.
pub(crate) struct Package {
    pub(crate) parts: HashMap<String, String>,
    pub(crate) order: Vec<String>,
}

impl Package {
    pub(crate) fn read(bytes: &[u8]) -> Package {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("the DOCX is a zip");
        let mut parts = HashMap::new();
        let mut order = Vec::new();
        for i in 0..zip.len() {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            order.push(f.name().to_string());
            // Pictures are kept by name only; every other part is text.
            if f.name().starts_with("word/media/") {
                continue;
            }
            let s = String::from_utf8(bytes)
                .unwrap_or_else(|e| panic!("{} is not UTF-8: {e}", f.name()));
            parts.insert(f.name().to_string(), s);
        }
        Package { parts, order }
    }

    pub(crate) fn part(&self, name: &str) -> &str {
        self.parts
            .get(name)
            .unwrap_or_else(|| panic!("no part {name}; parts: {:?}", self.order))
    }

    pub(crate) fn xml(&self, name: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(self.part(name))
            .unwrap_or_else(|e| panic!("{name} is not XML: {e}"))
    }
}

pub(crate) fn basic() -> Project {
    common::project(&common::fixture("docx-basic", "report.toml"))
}

pub(crate) fn render(p: &Project) -> Vec<u8> {
    gongwen::docx::render(&p.doc, &p.layout)
        .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)))
}

/// The first child element `w:name` of `n`.
pub(crate) fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| {
        c.is_element() && c.tag_name().name() == name && c.tag_name().namespace() == Some(W)
    })
}

/// Follows a path of `w:` children.
pub(crate) fn path<'a, 'i>(n: Node<'a, 'i>, names: &[&str]) -> Option<Node<'a, 'i>> {
    names.iter().try_fold(n, |n, name| child(n, name))
}

/// Attribute `w:name`.
pub(crate) fn attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
}

/// `w:val` of the child at `names`.
pub(crate) fn val<'a>(n: Node<'a, '_>, names: &[&str]) -> Option<&'a str> {
    path(n, names).and_then(|c| attr(c, "val"))
}

pub(crate) fn num(s: Option<&str>) -> i64 {
    s.unwrap_or_else(|| panic!("missing number"))
        .parse()
        .expect("a number")
}

/// The style with id `id` in styles.xml.
pub(crate) fn style<'a, 'i>(styles: &'a roxmltree::Document<'i>, id: &str) -> Node<'a, 'i> {
    let all: Vec<_> = styles
        .root_element()
        .children()
        .filter(|s| attr(*s, "styleId") == Some(id))
        .collect();
    assert_eq!(all.len(), 1, "style {id} must be defined exactly once");
    all[0]
}

/// One paragraph of the body as Word sees it.
#[derive(Debug, Clone)]
pub(crate) struct Para {
    pub(crate) style: String,
    /// Direct `w:numPr`: (numId, ilvl).
    pub(crate) num: Option<(String, usize)>,
    /// Runs: (character style, text).
    pub(crate) runs: Vec<(Option<String>, String)>,
    pub(crate) ind: HashMap<String, String>,
    pub(crate) jc: Option<String>,
    /// `w:keepNext`: kept on the page of the paragraph after it.
    pub(crate) keep_next: bool,
}

impl Para {
    /// The paragraph's text.
    pub(crate) fn text(&self) -> String {
        self.runs.iter().map(|r| r.1.as_str()).collect()
    }
}

pub(crate) fn para(p: Node) -> Para {
    let ppr = child(p, "pPr");
    let num = ppr.and_then(|ppr| child(ppr, "numPr")).map(|n| {
        (
            val(n, &["numId"]).expect("numId").to_string(),
            num(val(n, &["ilvl"]).or(Some("0"))) as usize,
        )
    });
    let ind = ppr
        .and_then(|ppr| child(ppr, "ind"))
        .map(|i| {
            i.attributes()
                .map(|a| (a.name().to_string(), a.value().to_string()))
                .collect()
        })
        .unwrap_or_default();
    let runs = p
        .children()
        .filter(|r| r.tag_name().name() == "r")
        .map(|r| {
            let text = r
                .children()
                .map(|c| match c.tag_name().name() {
                    "t" => c.text().unwrap_or("").to_string(),
                    "tab" => "\t".into(),
                    "br" => "\n".into(),
                    _ => String::new(),
                })
                .collect();
            (val(r, &["rPr", "rStyle"]).map(str::to_string), text)
        })
        .collect();
    Para {
        style: ppr
            .and_then(|p| val(p, &["pStyle"]))
            .unwrap_or("Normal")
            .to_string(),
        num,
        runs,
        ind,
        jc: ppr.and_then(|p| val(p, &["jc"])).map(str::to_string),
        keep_next: ppr.is_some_and(|p| p.children().any(|c| c.tag_name().name() == "keepNext")),
    }
}

pub(crate) fn paragraphs(pkg: &Package) -> Vec<Para> {
    let doc = pkg.xml("word/document.xml");
    let body = path(doc.root_element(), &["body"]).expect("w:body");
    body.children()
        .filter(|c| c.tag_name().name() == "p")
        .map(para)
        .collect()
}

/// Pairs every block of `doc` with its paragraphs (after the title's one).
pub(crate) fn by_block<'d>(doc: &'d Document, paras: &[Para]) -> Vec<(&'d Block, Vec<Para>)> {
    assert_eq!(paras[0].style, "Title");
    let mut at = 1;
    let mut out = Vec::new();
    for b in &doc.blocks {
        let n = match b {
            Block::Signature(s) => s.blank_lines_before as usize + s.lines.len(),
            _ => 1,
        };
        out.push((b, paras[at..at + n].to_vec()));
        at += n;
    }
    assert_eq!(at, paras.len(), "every paragraph belongs to a block");
    out
}
