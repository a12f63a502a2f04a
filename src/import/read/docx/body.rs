//! The document body, paragraph by paragraph: tracked changes accepted, text gathered from the
//! runs (and from wherever else it hides, `content.rs`), and each paragraph classified as title,
//! heading, run-in heading or body text (`classify.rs`). Whatever cannot be carried over is
//! reported with its place.

use std::collections::HashMap;
use std::sync::Arc;

use roxmltree::Node;

mod classify;
mod content;

use super::styles::Styles;
use super::{Revisions, is_w, w_attr, w_child};
use crate::diag::{Diagnostic, SourceFile};
use crate::import::recognise::{Look, Para, Place};
use crate::import::{OutlineChart, OutlineTable};

pub use super::notes::Notes;

/// A piece of a paragraph's content.
#[derive(Debug, Clone)]
enum Piece {
    /// Text in a character style (or none), with its direct formatting.
    Text(Option<String>, String, Fmt),
    /// A line break.
    Break,
}

/// A run's direct formatting, as far as structure goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Fmt {
    /// Bold.
    bold: bool,
    /// In 黑体 or 楷体 (the heading fonts).
    heading_font: bool,
    /// In a title font (小标宋, 华文中宋).
    title_font: bool,
    /// The size in half-points, when given.
    size: Option<u32>,
}

impl Fmt {
    /// Set off from body text: bold or in a heading font.
    fn strong(&self) -> bool {
        self.bold || self.heading_font
    }
}

/// What the last block was, for the paragraphs that belong to it: a table's notes (in the
/// `TableNote` style gongwen writes them in) and a chart's caption (图N under its picture).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    Nothing,
    /// The table at this index of [`Walk::tables`].
    Table(usize),
    /// The chart at this index of [`Walk::charts`].
    Chart(usize),
}

/// Something in a paragraph that is not imported: what it is, and what to do about it.
type Issue = (String, &'static str);

/// Walks a body, collecting paragraphs, warnings and the count of accepted changes.
pub struct Walk<'a> {
    styles: &'a Styles,
    notes: &'a Notes,
    file: Arc<SourceFile>,
    /// The paragraphs so far.
    pub paras: Vec<Para>,
    /// What could not be imported.
    pub warnings: Vec<Diagnostic>,
    /// Tracked changes accepted.
    pub revisions: Revisions,
    /// Body paragraphs seen (the number of the last one).
    no: usize,
    /// The content of paragraphs whose mark was deleted: it joins the next paragraph.
    carry: Vec<Piece>,
    /// The tables read, in order.
    pub tables: Vec<OutlineTable>,
    /// The charts found, in order.
    pub charts: Vec<OutlineChart>,
    /// Warnings that hold only for a fresh definition (not with `--onto`, where the definition
    /// keeps the charts and the form).
    pub fresh: Vec<Diagnostic>,
    /// The block before the next paragraph.
    after: After,
    /// Counters of the lists paragraphs are numbered on: abstractNumId → count per level.
    lists: HashMap<String, [u32; 9]>,
    /// Comments met and not yet given a paragraph; those given one, by index into `paras`.
    pending: Vec<super::notes::Comment>,
    comments: Vec<(usize, super::notes::Comment)>,
}

/// What a walk found besides paragraphs.
pub struct Found {
    /// Tables, in order.
    pub tables: Vec<OutlineTable>,
    /// Charts, in order.
    pub charts: Vec<OutlineChart>,
    /// Warnings for a fresh definition only.
    pub fresh: Vec<Diagnostic>,
    /// The comments, by the index of the paragraph they are on.
    pub comments: Vec<(usize, super::notes::Comment)>,
}

const HINT_TEXT: &str = "add the missing content to the report definition by hand if it matters";

impl<'a> Walk<'a> {
    /// A walk over a document with `styles` and `notes`.
    pub fn new(file: &Arc<SourceFile>, styles: &'a Styles, notes: &'a Notes) -> Self {
        Walk {
            styles,
            notes,
            file: file.clone(),
            paras: Vec::new(),
            warnings: Vec::new(),
            revisions: Revisions::default(),
            no: 0,
            carry: Vec::new(),
            tables: Vec::new(),
            charts: Vec::new(),
            fresh: Vec::new(),
            after: After::Nothing,
            lists: HashMap::new(),
            pending: Vec::new(),
            comments: Vec::new(),
        }
    }

    /// Walks the block-level children of `container` (`w:body`, or an `sdtContent` in it).
    fn blocks(&mut self, container: Node) {
        for n in container.children().filter(Node::is_element) {
            match n.tag_name().name() {
                _ if !is_w(n, n.tag_name().name()) => self.blocks(n),
                "p" => self.paragraph(n),
                "tbl" => self.table(n),
                "sdt" => {
                    let toc = n.descendants().any(|d| {
                        is_w(d, "docPartGallery")
                            && w_attr(d, "val").is_some_and(|v| v.contains("Table of Contents"))
                    });
                    if toc {
                        let d = self.at(
                            "a table of contents is not imported (the PDF has bookmarks; Word can insert a new one)",
                            self.no,
                            "",
                        );
                        self.warnings
                            .push(d.hint("nothing to do: gongwen's headings are the contents"));
                    } else if let Some(content) = w_child(n, "sdtContent") {
                        self.blocks(content);
                    }
                }
                "del" | "moveFrom" => self.revisions.count(n),
                "ins" | "moveTo" | "customXml" => {
                    self.revisions.count(n);
                    self.blocks(n);
                }
                "altChunk" => {
                    let d = self.at(
                        "an embedded document (altChunk) is not imported",
                        self.no,
                        "",
                    );
                    self.warnings.push(d.hint(HINT_TEXT));
                }
                _ => {}
            }
        }
    }

    /// Walks `w:body` and returns the paragraphs, warnings and accepted changes.
    pub fn body(mut self, body: Node) -> (Vec<Para>, Vec<Diagnostic>, Revisions, Found) {
        self.blocks(body);
        if !self.carry.is_empty() {
            // A deleted paragraph mark at the very end: its text stays a paragraph.
            let pieces = std::mem::take(&mut self.carry);
            self.push_body(self.no, &pieces, Look::default());
        }
        let found = Found {
            tables: self.tables,
            charts: self.charts,
            fresh: self.fresh,
            comments: self.comments,
        };
        (self.paras, self.warnings, self.revisions, found)
    }

    /// A warning about paragraph `no`, whose text begins `words`.
    fn at(&self, what: &str, no: usize, words: &str) -> Diagnostic {
        let words: String = words.trim().chars().take(14).collect();
        let place = match (no, words.is_empty()) {
            (0, _) => "before the first paragraph".to_string(),
            (n, true) => format!("paragraph {n}"),
            (n, false) => format!("paragraph {n} “{words}…”"),
        };
        Diagnostic::warning(format!("{what} ({place})")).in_file(&self.file)
    }

    fn paragraph(&mut self, p: Node) {
        self.no += 1;
        let no = self.no;
        let ppr = w_child(p, "pPr");
        let mut issues = Vec::new();
        let mut extra = Vec::new();
        let mut pieces = std::mem::take(&mut self.carry);
        if let Some(ppr) = ppr {
            for change in ppr.children().filter(|c| is_w(*c, "pPrChange")) {
                self.revisions.count(change);
            }
        }
        let style = ppr
            .and_then(|p| w_child(p, "pStyle"))
            .and_then(|s| w_attr(s, "val"));
        // A chart as gongwen writes it: a picture alone in a paragraph of the Chart style.
        if style == Some("Chart")
            && pieces.is_empty()
            && p.descendants().any(|d| is_w(d, "drawing"))
            && !p.descendants().any(|d| is_w(d, "t"))
        {
            let name = format!("chart{}", self.charts.len() + 1);
            let d = self
                .at(
                    &format!("a chart is not imported: a DOCX holds its picture, not its data (`{name}`)"),
                    no,
                    "",
                )
                .hint("import with --onto the report definition the DOCX was built from to keep its charts, or write a [chart.NAME] by hand");
            self.fresh.push(d);
            self.paras.push(body(no, format!("{{chart:{name}}}")));
            self.after = After::Chart(self.charts.len());
            self.charts.push(OutlineChart {
                name,
                ..Default::default()
            });
            return;
        }
        self.inline(p, &mut pieces, &mut issues, &mut extra);
        let after = std::mem::replace(&mut self.after, After::Nothing);
        match after {
            After::Table(i)
                if style == Some("TableNote") && issues.is_empty() && extra.is_empty() =>
            {
                let text = flat(&pieces, " ").trim().to_string();
                if !text.is_empty() {
                    self.tables[i].notes.push(text);
                }
                self.after = after;
                return;
            }
            After::Chart(i) if issues.is_empty() && extra.is_empty() => {
                if let Some(words) =
                    crate::import::recognise::caption_words(&flat(&pieces, ""), '图')
                {
                    self.charts[i].caption = Some(words);
                    return;
                }
            }
            _ => {}
        }
        let words = flat(&pieces, " ");
        self.report(no, &issues, &words);
        let mark = ppr.and_then(|ppr| w_child(ppr, "rPr"));
        let mut joins_next = false;
        if let Some(mark) = mark {
            for change in mark
                .children()
                .filter(|c| is_w(*c, "ins") || is_w(*c, "del"))
            {
                self.revisions.count(change);
            }
            // Accepting the deletion of a paragraph mark joins this paragraph to the next.
            joins_next = w_child(mark, "del").is_some() || w_child(mark, "moveFrom").is_some();
        }
        if joins_next {
            self.carry = pieces;
        } else {
            let first = self.paras.len();
            self.classify(no, ppr, &pieces);
            if self.paras.len() > first {
                let on = std::mem::take(&mut self.pending);
                self.comments.extend(on.into_iter().map(|c| (first, c)));
            }
        }
        for text in extra {
            self.paras.push(body(no, text));
        }
    }

    /// Turns the issues found in paragraph `no` into warnings.
    fn report(&mut self, no: usize, issues: &[Issue], words: &str) {
        for (what, hint) in issues {
            let d = self.at(what, no, words).hint(*hint);
            self.warnings.push(d);
        }
    }
}

/// The text of `pieces`, a line break written as `brk`.
fn flat(pieces: &[Piece], brk: &str) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(_, t, _) => t.as_str(),
            Piece::Break => brk,
        })
        .collect()
}

/// The text of a table cell's `pieces`: a line break between two Chinese characters joins
/// them (a label stood a character a line: 三、 / 本 / 年), any other is a space.
fn cell_flat(pieces: &[Piece]) -> String {
    let mut out = String::new();
    let mut broken = false;
    for p in pieces {
        match p {
            Piece::Break => broken = true,
            Piece::Text(_, t, _) => {
                let cjk = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
                if broken && !(cjk(out.chars().last()) && cjk(t.chars().next())) && !out.is_empty()
                {
                    out.push(' ');
                }
                broken = false;
                out.push_str(t);
            }
        }
    }
    out
}

/// A body paragraph.
fn body(no: usize, text: String) -> Para {
    Para::body(Place::Paragraph(no), text)
}
