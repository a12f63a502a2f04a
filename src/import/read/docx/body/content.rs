//! What a paragraph holds — runs, tracked changes, hyperlinks, fields, drawings, text boxes,
//! note references — and tables, read as report tables (or kept as a paragraph a row).

use roxmltree::Node;

use super::super::{is_w, w_attr, w_child};
use super::{After, Fmt, Issue, Piece, Walk, body, cell_flat, flat};
use crate::doc::Align;
use crate::import::{OutlineCell, OutlineTable};

// The most grid columns a table read back may have: as many as a report's table may.
use crate::builder::MAX_COLUMNS;

impl Walk<'_> {
    /// A table: a report table when its grid is regular and its cells hold text only (placed
    /// by a paragraph `{table:NAME}`, the caption paragraph before it taken as its caption);
    /// otherwise a warning, and each row kept as a paragraph (cells separated by tabs).
    pub(super) fn table(&mut self, tbl: Node) {
        if let Some(grid) = self.grid(tbl) {
            self.place_table(grid);
            return;
        }
        let mut issues = Vec::new();
        let mut extra = Vec::new();
        let rows = self.rows(tbl, &mut issues, &mut extra);
        let no = self.no;
        let first = rows.first().cloned().unwrap_or_default();
        let d = self
            .at(
                &format!(
                    "a table holding more than text (or not a regular grid) is not imported as a table: its {} rows after this paragraph are kept as {} paragraphs, one a row, cells separated by tabs",
                    rows.len(),
                    rows.len()
                ),
                no,
                &self.paras.last().map(|p| format!("{}{}", p.lead, p.text)).unwrap_or_default(),
            )
            .hint(format!("the table begins “{}”; write it as a [table.NAME] in the report definition", first.chars().take(20).collect::<String>()));
        self.warnings.push(d);
        self.report(no, &issues, &first);
        for row in rows.into_iter().chain(extra) {
            self.paras.push(body(no, row));
        }
        self.after = After::Nothing;
    }

    /// Adds `t` to the tables, placed by a paragraph of its own (the recogniser takes the
    /// caption from the paragraph before it).
    fn place_table(&mut self, mut t: OutlineTable) {
        let no = self.no;
        // a table of the national form: `import::form` reads it into [form], or says why not
        t.name = format!("table{}", self.tables.len() + 1);
        self.paras.push(crate::import::recognise::Para {
            table: Some(self.tables.len()),
            ..body(no, format!("{{table:{}}}", t.name))
        });
        self.after = After::Table(self.tables.len());
        self.tables.push(t);
    }

    /// The table as a regular grid of text cells, or `None` when it is not one (nested tables,
    /// pictures, rows of different widths, a merge with nothing to continue).
    fn grid(&mut self, tbl: Node) -> Option<OutlineTable> {
        let rich = tbl.descendants().skip(1).any(|d| {
            is_w(d, "tbl")
                || is_w(d, "drawing")
                || is_w(d, "pict")
                || is_w(d, "object")
                || is_w(d, "txbxContent")
        });
        if rich {
            return None;
        }
        let widths: Vec<f64> = w_child(tbl, "tblGrid")
            .map(|g| {
                g.children()
                    .filter(|c| is_w(*c, "gridCol"))
                    .map(|c| w_attr(c, "w").and_then(|w| w.parse().ok()).unwrap_or(0.0))
                    .collect()
            })
            .unwrap_or_default();
        if widths.len() > MAX_COLUMNS {
            return None;
        }
        // Rows: (header, cells as (text, col, cols, align, continues)).
        type Raw = (String, usize, usize, Option<Align>, bool);
        let mut rows: Vec<(bool, Vec<Raw>)> = Vec::new();
        let mut revisions = Vec::new();
        for tr in tbl.children().filter(|c| is_w(*c, "tr")) {
            let trpr = w_child(tr, "trPr");
            if let Some(change) = trpr.and_then(|t| w_child(t, "del")) {
                revisions.push(change);
                continue;
            }
            if let Some(change) = trpr.and_then(|t| w_child(t, "ins")) {
                revisions.push(change);
            }
            if trpr.is_some_and(|t| {
                w_child(t, "gridBefore").is_some() || w_child(t, "gridAfter").is_some()
            }) {
                return None;
            }
            let header = trpr
                .and_then(|t| w_child(t, "tblHeader"))
                .is_some_and(|h| !matches!(w_attr(h, "val"), Some("0" | "false" | "off")));
            let mut cells = Vec::new();
            let mut col = 0;
            for tc in tr.children().filter(Node::is_element) {
                if !is_w(tc, "tc") {
                    if is_w(tc, "trPr")
                        || is_w(tc, "tblPrEx")
                        || is_w(tc, "bookmarkStart")
                        || is_w(tc, "bookmarkEnd")
                    {
                        continue;
                    }
                    return None; // cells inside other markup (sdt, customXml): not plain
                }
                let tcpr = w_child(tc, "tcPr");
                let span: usize = tcpr
                    .and_then(|p| w_child(p, "gridSpan"))
                    .and_then(|g| w_attr(g, "val"))
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1)
                    .max(1);
                // A span must stay inside the table's grid (and any grid a page can hold):
                // a table that breaks it is not plain and comes back as paragraphs.
                let grid = if widths.is_empty() {
                    MAX_COLUMNS
                } else {
                    widths.len()
                };
                if col + span > grid {
                    return None;
                }
                let continues = tcpr
                    .and_then(|p| w_child(p, "vMerge"))
                    .is_some_and(|v| !matches!(w_attr(v, "val"), Some("restart")));
                let mut texts = Vec::new();
                let mut align = None;
                let mut issues = Vec::new();
                let mut extra = Vec::new();
                for p in tc.children().filter(|c| is_w(*c, "p")) {
                    let mut pieces = Vec::new();
                    self.inline(p, &mut pieces, &mut issues, &mut extra);
                    if align.is_none() {
                        align = w_child(p, "pPr")
                            .and_then(|ppr| w_child(ppr, "jc"))
                            .and_then(|j| w_attr(j, "val"))
                            .and_then(|v| match v {
                                "left" | "start" | "both" | "distribute" => Some(Align::Left),
                                "center" => Some(Align::Center),
                                "right" | "end" => Some(Align::Right),
                                _ => None,
                            });
                    }
                    let t = cell_flat(&pieces).trim().to_string();
                    if !t.is_empty() {
                        texts.push(t);
                    }
                }
                if !issues.is_empty() || !extra.is_empty() || tc.children().any(|c| is_w(c, "sdt"))
                {
                    return None;
                }
                cells.push((texts.join(" "), col, span, align, continues));
                col += span;
            }
            rows.push((header, cells));
        }
        let width = if widths.is_empty() {
            rows.iter()
                .map(|(_, c)| c.iter().map(|x| x.2).sum::<usize>())
                .max()
                .unwrap_or(0)
        } else {
            widths.len()
        };
        if rows.len() < 2 || width == 0 {
            return None;
        }
        // Every row fills the grid; a continued cell continues one above it of the same span.
        let mut out: Vec<Vec<OutlineCell>> = Vec::new();
        // Per grid column: the (row, index) of the cell above that a merge continues.
        let mut open: Vec<Option<(usize, usize)>> = vec![None; width];
        for (r, (_, cells)) in rows.iter().enumerate() {
            if cells.iter().map(|c| c.2).sum::<usize>() != width {
                return None;
            }
            let mut row = Vec::new();
            for (text, col, cols, align, continues) in cells {
                if *continues {
                    let (or, oi) = open[*col]?;
                    let above: &mut OutlineCell = &mut out[or][oi];
                    if above.cols != *cols || above.col != *col || !text.is_empty() {
                        return None;
                    }
                    above.rows += 1;
                    continue;
                }
                for o in &mut open[*col..*col + *cols] {
                    *o = Some((r, row.len()));
                }
                row.push(OutlineCell {
                    text: text.clone(),
                    col: *col,
                    cols: *cols,
                    rows: 1,
                    align: *align,
                });
            }
            out.push(row);
        }
        for change in revisions {
            self.revisions.count(change);
        }
        // Header rows: those marked as repeated header rows at the top (else the first), and
        // the rows their cells span into.
        let mut header = rows.iter().take_while(|(h, _)| *h).count().max(1);
        loop {
            let reach = out[..header]
                .iter()
                .enumerate()
                .flat_map(|(r, row)| row.iter().map(move |c| r + c.rows))
                .max()
                .unwrap_or(header);
            if reach <= header {
                break;
            }
            header = reach.min(out.len());
        }
        if header >= out.len() {
            return None;
        }
        let body_rows = out.split_off(header);
        let form = crate::import::recognise::form_like(
            out.iter()
                .flatten()
                .chain(body_rows.iter().flatten())
                .map(|c| c.text.as_str()),
        );
        Some(OutlineTable {
            name: String::new(),
            caption: None,
            widths,
            header: out,
            rows: body_rows,
            notes: Vec::new(),
            form,
        })
    }

    /// The text of a table's rows in document order; a nested table's rows follow the row
    /// holding it, each a row of its own (a cell's text leaves out the nested cells' text).
    fn rows(&mut self, tbl: Node, issues: &mut Vec<Issue>, extra: &mut Vec<String>) -> Vec<String> {
        let mut rows = Vec::new();
        for tr in tbl.descendants().filter(|n| is_w(*n, "tr")) {
            if let Some(change) = w_child(tr, "trPr").and_then(|t| w_child(t, "del")) {
                self.revisions.count(change);
                continue;
            }
            let mut cells = Vec::new();
            for tc in tr.children().filter(|c| is_w(*c, "tc")) {
                let mut paras = Vec::new();
                for p in tc.descendants().filter(|n| is_w(*n, "p")) {
                    if p.ancestors().skip(1).find(|a| is_w(*a, "tc")) != Some(tc) {
                        continue;
                    }
                    let mut pieces = Vec::new();
                    self.inline(p, &mut pieces, issues, extra);
                    paras.push(flat(&pieces, " ").trim().to_string());
                }
                cells.push(paras.join(" "));
            }
            let row = cells.join("\t");
            if !row.trim().is_empty() {
                rows.push(row.trim().to_string());
            }
        }
        rows
    }

    /// Gathers the content of `n`'s children: runs, tracked insertions (accepted), deletions
    /// (dropped), and the containers text may sit in.
    pub(super) fn inline(
        &mut self,
        n: Node,
        out: &mut Vec<Piece>,
        issues: &mut Vec<Issue>,
        extra: &mut Vec<String>,
    ) {
        for c in n.children().filter(Node::is_element) {
            let name = c.tag_name().name();
            if !is_w(c, name) {
                match name {
                    "oMath" | "oMathPara" => issues.push((
                        "a formula is not imported".into(),
                        "write the formula as text in the report definition",
                    )),
                    "AlternateContent" => {
                        if let Some(choice) = c.children().find(|x| {
                            x.has_tag_name((
                                "http://schemas.openxmlformats.org/markup-compatibility/2006",
                                "Choice",
                            ))
                        }) {
                            self.inline(choice, out, issues, extra);
                        }
                    }
                    _ => self.inline(c, out, issues, extra),
                }
                continue;
            }
            match name {
                "pPr" | "rPr" | "bookmarkStart" | "bookmarkEnd" | "proofErr" | "permStart"
                | "permEnd" | "commentRangeStart" | "commentRangeEnd" => {}
                "r" => self.run(c, out, issues, extra),
                "del" | "moveFrom" => self.revisions.count(c),
                "ins" | "moveTo" => {
                    self.revisions.count(c);
                    self.inline(c, out, issues, extra);
                }
                "hyperlink" => {
                    if c.attribute((
                        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                        "id",
                    ))
                    .is_some()
                    {
                        issues.push((
                            "a hyperlink's address is not imported (its words are)".into(),
                            "write the address into the text if readers need it",
                        ));
                    }
                    self.inline(c, out, issues, extra);
                }
                "sdt" => {
                    if let Some(content) = w_child(c, "sdtContent") {
                        self.inline(content, out, issues, extra);
                    }
                }
                "sdtPr" | "sdtEndPr" => {}
                _ => self.inline(c, out, issues, extra),
            }
        }
    }

    /// A footnote's or comment's reference (`name`, note `id`) the report keeps: a footnote
    /// as `{note:…}` in the text, a comment for the paragraph. False when there is no such note.
    fn remark(&mut self, name: &str, id: &str, out: &mut Vec<Piece>) -> bool {
        if name == "footnoteReference" {
            let Some(text) = self.notes.footnote(id) else {
                return false;
            };
            out.push(Piece::Text(None, text, Fmt::default()));
        } else {
            let Some(c) = self.notes.comment(id) else {
                return false;
            };
            self.pending.push(c.clone());
        }
        true
    }

    /// A run: its character style and its text.
    fn run(
        &mut self,
        r: Node,
        out: &mut Vec<Piece>,
        issues: &mut Vec<Issue>,
        extra: &mut Vec<String>,
    ) {
        let rpr = w_child(r, "rPr");
        let style = rpr
            .and_then(|p| w_child(p, "rStyle"))
            .and_then(|s| w_attr(s, "val"))
            .map(str::to_string);
        if let Some(change) = rpr.and_then(|p| w_child(p, "rPrChange")) {
            self.revisions.count(change);
        }
        let fmt = rpr.map(run_format).unwrap_or_default();
        let text = |t: &str| Piece::Text(style.clone(), t.to_string(), fmt);
        for c in r.children().filter(Node::is_element) {
            let name = c.tag_name().name();
            if !is_w(c, name) {
                if name == "AlternateContent" {
                    drawing(c, issues, extra);
                }
                continue;
            }
            match name {
                "t" => out.push(text(c.text().unwrap_or(""))),
                "tab" | "ptab" => out.push(text("\t")),
                "noBreakHyphen" => out.push(text("\u{2011}")),
                "br" if matches!(w_attr(c, "type"), Some("page" | "column")) => {}
                "br" | "cr" => out.push(Piece::Break),
                "sym" => issues.push((
                    format!(
                        "a symbol character (font {}, code {}) is not imported",
                        w_attr(c, "font").unwrap_or("?"),
                        w_attr(c, "char").unwrap_or("?")
                    ),
                    "type the character as text instead of inserting it as a symbol",
                )),
                "footnoteReference" | "commentReference"
                    if self.remark(name, w_attr(c, "id").unwrap_or(""), out) => {}
                "footnoteReference" | "endnoteReference" | "commentReference" => {
                    let kind = match name {
                        "footnoteReference" => "footnote",
                        "endnoteReference" => "endnote",
                        _ => "comment",
                    };
                    let id = w_attr(c, "id").unwrap_or("").to_string();
                    let words: String = self
                        .notes
                        .get(&(kind, id))
                        .map(|t| t.trim().chars().take(30).collect())
                        .unwrap_or_default();
                    issues.push((
                        format!("a {kind} is not imported: “{words}”"),
                        "a report has no endnotes; write it as a footnote {note:…} or into the paragraph",
                    ));
                }
                "drawing" | "pict" | "object" => drawing(c, issues, extra),
                _ => {}
            }
        }
    }
}

/// What a run's `w:rPr` says of its look: bold, its fonts, its size.
fn run_format(rpr: Node) -> Fmt {
    let on = |name: &str| {
        w_child(rpr, name).is_some_and(|b| !matches!(w_attr(b, "val"), Some("0" | "false" | "off")))
    };
    let fonts: String = w_child(rpr, "rFonts")
        .map(|f| {
            ["eastAsia", "ascii", "hAnsi"]
                .iter()
                .filter_map(|a| w_attr(f, a))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_default();
    let has = |names: &[&str]| names.iter().any(|n| fonts.contains(n));
    Fmt {
        bold: on("b") || on("bCs"),
        heading_font: has(&[
            "黑体", "楷体", "楷", "SimHei", "KaiTi", "Kaiti", "STKaiti", "Heiti",
        ]),
        title_font: has(&[
            "小标宋",
            "标宋",
            "XBS",
            "XiaoBiaoSong",
            "华文中宋",
            "STZhongsong",
        ]),
        size: w_child(rpr, "sz")
            .and_then(|z| w_attr(z, "val"))
            .and_then(|v| v.parse().ok()),
    }
}

/// A drawing, picture, object or shape: a text box's paragraphs are kept (in `extra`), anything
/// else is reported.
fn drawing(n: Node, issues: &mut Vec<Issue>, extra: &mut Vec<String>) {
    // Of alternative renderings, the first choice only (the fallback repeats it).
    let n = if n.tag_name().name() == "AlternateContent" {
        match n.children().find(Node::is_element) {
            Some(c) => c,
            None => return,
        }
    } else {
        n
    };
    let boxes: Vec<Node> = n
        .descendants()
        .filter(|d| is_w(*d, "txbxContent"))
        .filter(|d| !d.ancestors().skip(1).any(|a| is_w(a, "txbxContent")))
        .collect();
    if boxes.is_empty() {
        issues.push((
            "an image or drawing is not imported".into(),
            "a report's text is words only; describe the picture in words if it matters",
        ));
        return;
    }
    for b in boxes {
        for p in b.descendants().filter(|d| is_w(*d, "p")) {
            let text: String = p
                .descendants()
                .filter(|d| {
                    is_w(*d, "t") && !d.ancestors().any(|a| is_w(a, "del") || is_w(a, "moveFrom"))
                })
                .filter_map(|d| d.text())
                .collect();
            if !text.trim().is_empty() {
                extra.push(text.trim().to_string());
            }
        }
    }
    issues.push((
        "a text box is not imported as such: its text is kept as paragraphs after this one".into(),
        "move the text where it belongs in the report definition",
    ));
}
