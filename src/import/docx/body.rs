//! The document body, paragraph by paragraph: tracked changes accepted, text gathered from the
//! runs (and from wherever else it hides), and each paragraph classified as title, heading,
//! run-in heading or body text. Whatever cannot be carried over is reported with its place.

use std::collections::HashMap;
use std::sync::Arc;

use roxmltree::Node;

mod content;

use super::styles::{Styles, num_pr};
use super::{Revisions, is_w, w_attr, w_child};
use crate::diag::{Diagnostic, SourceFile};
use crate::import::recognise::{Kind, Look, Para, Place, number, pushed};
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

    /// Classifies paragraph `no` and adds it.
    fn classify(&mut self, no: usize, ppr: Option<Node>, pieces: &[Piece]) {
        let styles = self.styles;
        let style = ppr
            .and_then(|p| w_child(p, "pStyle"))
            .and_then(|s| w_attr(s, "val"))
            .map(str::to_string)
            .or_else(|| styles.default_paragraph.clone());
        let text: String = flat(pieces, "\n");
        if text.trim().is_empty() {
            let numbered = style
                .as_deref()
                .and_then(|s| styles.style_level(s))
                .is_some();
            if numbered {
                let d = self.at("an empty heading paragraph is left out", no, "");
                self.warnings
                    .push(d.hint("nothing to do, unless a heading's words went missing"));
            }
            return;
        }
        if let Some(id) = &style
            && !styles.known(id)
        {
            let d = self
                .at(
                    &format!("paragraph style `{id}` is not defined in the document; the paragraph is imported as body text"),
                    no,
                    &text,
                )
                .hint("give the paragraph a heading style (Heading 1–4) in Word if it is a heading");
            self.warnings.push(d);
        }
        let style = style.as_deref().unwrap_or("");
        if styles.is_title(style) {
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            self.paras.push(Para {
                kind: Kind::Title,
                ..body(no, lines.join("\n"))
            });
            return;
        }
        // The paragraph's own numbering and outline level come before its style's.
        let num = ppr.and_then(|p| w_child(p, "numPr")).map(num_pr);
        let own_outline = ppr
            .and_then(|p| w_child(p, "outlineLvl"))
            .and_then(|o| w_attr(o, "val"))
            .and_then(|v| v.parse::<u8>().ok());
        let listed = match &num {
            Some((Some(id), ilvl)) if styles.is_heading_list(id) => Some(ilvl.unwrap_or(0)),
            _ => None,
        };
        // A paragraph on another numbered list: its number, as the list shows it, is typed
        // before its words (a typed copy of it taken off), and recognised as a typed one.
        let mut pieces = pieces.to_vec();
        if let Some((Some(id), ilvl)) = &num
            && id != "0"
            && listed.is_none()
        {
            match self.list_number(id, ilvl.unwrap_or(0)) {
                Some(shown) => {
                    let fmt = pieces.iter().find_map(|p| match p {
                        Piece::Text(_, t, f) if !t.trim().is_empty() => Some(*f),
                        _ => None,
                    });
                    strip_typed(&mut pieces);
                    pieces.insert(0, Piece::Text(None, shown, fmt.unwrap_or_default()));
                }
                None => {
                    let d = self
                        .at("a list bullet is not imported (the words are)", no, &text)
                        .hint("write the item's mark into its text if it matters");
                    self.warnings.push(d);
                }
            }
        }
        let pieces = pieces.as_slice();
        let text: String = flat(pieces, "\n");
        let level = listed
            .or(own_outline.filter(|l| *l < 9))
            .or_else(|| styles.style_level(style));

        // Run-in: leading runs in a heading's character style, then body words.
        let lead_len = pieces
            .iter()
            .take_while(|p| match p {
                Piece::Text(Some(cs), _, _) => styles.char_level(cs).is_some(),
                Piece::Text(None, t, _) => t.is_empty(),
                Piece::Break => false,
            })
            .count();
        let lead = flat(&pieces[..lead_len], "");
        let rest = flat(&pieces[lead_len..], "\n");
        let lead_level = pieces[..lead_len].iter().find_map(|p| match p {
            Piece::Text(Some(cs), _, _) => styles.char_level(cs),
            _ => None,
        });
        let look = look(ppr, pieces);
        let level = match (
            level.or(lead_level),
            lead.trim().is_empty(),
            rest.trim().is_empty(),
        ) {
            (Some(l), false, false) => {
                self.heading(no, l, Some(lead.trim()), rest.trim(), &text);
                return;
            }
            (Some(l), _, _) => Some(l),
            (None, _, _) => None,
        };
        match level {
            Some(l) => self.heading(no, l, None, text.replace('\n', "").trim(), &text),
            None => self.push_body(no, pieces, look),
        }
    }

    /// The number list `num_id` shows at 0-based level `ilvl` on this paragraph (its counters
    /// advanced), or `None` for a bullet or a level the numbering does not define.
    fn list_number(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let styles = self.styles;
        let (abs, levels) = styles.list(num_id)?;
        let ilvl = usize::from(ilvl.min(8));
        let counters = self.lists.entry(abs.to_string()).or_insert([0; 9]);
        let start = |l: usize| levels.get(&(l as u8)).map_or(1, |v| v.start);
        counters[ilvl] = if counters[ilvl] == 0 {
            start(ilvl)
        } else {
            counters[ilvl] + 1
        };
        counters[ilvl + 1..].iter_mut().for_each(|c| *c = 0);
        let counters = *counters;
        let level = levels.get(&(ilvl as u8))?;
        if level.format == "bullet" || level.format == "none" || !level.text.contains('%') {
            return None;
        }
        let mut shown = level.text.clone();
        for (l, &count) in counters.iter().enumerate().take(ilvl + 1) {
            let value = if count == 0 { start(l) } else { count };
            let format = levels
                .get(&(l as u8))
                .map_or("decimal", |v| v.format.as_str());
            let counter = match format {
                "chineseCounting"
                | "chineseCountingThousand"
                | "chineseLegalSimplified"
                | "ideographTraditional"
                | "taiwaneseCountingThousand" => crate::numbering::chinese_counting(value),
                _ => value.to_string(),
            };
            shown = shown.replace(&format!("%{}", l + 1), &counter);
        }
        Some(shown)
    }

    /// Adds a heading (run in when `lead` is given) at 0-based `level`; a level below the
    /// fourth is kept as body text with a warning.
    fn heading(&mut self, no: usize, level: u8, lead: Option<&str>, text: &str, all: &str) {
        if level >= 4 {
            let d = self
                .at(
                    &format!(
                        "a level-{} heading is imported as body text: headings go down to level 4",
                        level + 1
                    ),
                    no,
                    all,
                )
                .hint("give it a level 1–4 heading style in Word, or leave it as text");
            self.warnings.push(d);
            let joined = match lead {
                Some(l) => format!("{l}{text}"),
                None => text.to_string(),
            };
            self.paras.push(body(no, joined));
            return;
        }
        let (kind, lead, text) = match lead {
            Some(l) => (Kind::RunIn(level + 1), l.to_string(), text.to_string()),
            None => (Kind::Heading(level + 1), String::new(), text.to_string()),
        };
        self.paras.push(Para {
            kind,
            lead,
            ..body(no, text)
        });
    }

    /// Adds body text; a line break inside it starts a new paragraph, with a warning.
    fn push_body(&mut self, no: usize, pieces: &[Piece], look: Look) {
        let text = flat(pieces, "\n");
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.len() > 1 {
            let d = self
                .at("a line break inside a paragraph: the text after it is imported as a paragraph of its own", no, &text)
                .hint("a report's paragraphs are one a line; join them in the report definition if they belong together");
            self.warnings.push(d);
        }
        let several = lines.len() > 1;
        for line in lines {
            let set_off = look.set_off || pushed_line(&text, line);
            self.paras.push(Para {
                look: Look {
                    set_off,
                    // a lead measured on the whole paragraph fits only a single line
                    strong_lead: look.strong_lead.filter(|_| !several),
                    ..look
                },
                ..body(no, line.to_string())
            });
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
                if broken && !(cjk(out.chars().last()) && cjk(t.chars().next())) && !out.is_empty() {
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

/// Whether `line` of `text` is pushed right by the spaces or tabs before it.
fn pushed_line(text: &str, line: &str) -> bool {
    text.lines()
        .find(|l| l.trim() == line)
        .is_some_and(|l| pushed(&l[..l.len() - l.trim_start().len()]))
}

/// Takes a typed heading number off the start of `pieces` (the list numbers the paragraph).
fn strip_typed(pieces: &mut Vec<Piece>) {
    let text = flat(pieces, "\n");
    let trimmed = text.trim_start();
    let Some(n) = number(trimmed) else {
        return;
    };
    let mut cut = text.len() - trimmed.len() + n.len;
    pieces.retain_mut(|p| {
        if cut == 0 {
            return true;
        }
        match p {
            Piece::Text(_, t, _) if t.len() <= cut => {
                cut -= t.len();
                false
            }
            Piece::Text(_, t, _) => {
                let mut at = cut;
                while !t.is_char_boundary(at) {
                    at += 1;
                }
                t.drain(..at);
                cut = 0;
                true
            }
            Piece::Break => true,
        }
    });
}

/// How a paragraph looks: centred, set off (indented from the left or right-aligned), and
/// what its runs say (bold or heading-font words, a large size, a title font).
fn look(ppr: Option<Node>, pieces: &[Piece]) -> Look {
    let jc = ppr
        .and_then(|p| w_child(p, "jc"))
        .and_then(|j| w_attr(j, "val"));
    let left = ppr
        .and_then(|p| w_child(p, "ind"))
        .and_then(|i| w_attr(i, "left").or(w_attr(i, "start")))
        .and_then(|l| l.parse::<i64>().ok());
    let words: Vec<(&str, Fmt)> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Text(_, t, f) if !t.trim().is_empty() => Some((t.as_str(), *f)),
            _ => None,
        })
        .collect();
    let strong = !words.is_empty() && words.iter().all(|(_, f)| f.strong());
    let lead = words.iter().take_while(|(_, f)| f.strong()).count();
    let strong_lead = (lead > 0 && lead < words.len()).then(|| {
        let text = flat(pieces, "\n");
        let indent = text.len() - text.trim_start().len();
        let (mut seen, mut bytes) = (0, 0);
        for p in pieces {
            match p {
                Piece::Text(_, t, _) => {
                    if !t.trim().is_empty() {
                        if seen == lead {
                            break;
                        }
                        seen += 1;
                    }
                    bytes += t.len();
                }
                Piece::Break => bytes += 1,
            }
        }
        bytes.saturating_sub(indent)
    });
    Look {
        set_off: left.is_some_and(|l| l > 0) || matches!(jc, Some("right" | "end")),
        centred: matches!(jc, Some("center")),
        large: words.iter().any(|(_, f)| f.size.is_some_and(|s| s >= 36)),
        title_font: words.iter().any(|(_, f)| f.title_font),
        strong,
        strong_lead,
    }
}
