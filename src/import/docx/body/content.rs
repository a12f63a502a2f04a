//! What a paragraph holds — runs, tracked changes, hyperlinks, fields, drawings, text boxes,
//! note references — and tables, kept as a paragraph a row.

use roxmltree::Node;

use super::super::{is_w, w_attr, w_child};
use super::{Issue, Piece, Walk, body, flat};

impl Walk<'_> {
    /// A table: a warning, and each row kept as a paragraph (cells separated by tabs).
    pub(super) fn table(&mut self, tbl: Node) {
        let mut issues = Vec::new();
        let mut extra = Vec::new();
        let rows = self.rows(tbl, &mut issues, &mut extra);
        let no = self.no;
        let first = rows.first().cloned().unwrap_or_default();
        let d = self
            .at(
                &format!(
                    "tables are not imported yet: a table of {} rows after this paragraph is kept as {} paragraphs, one a row, cells separated by tabs",
                    rows.len(),
                    rows.len()
                ),
                no,
                &self.paras.last().map(|p| format!("{}{}", p.lead, p.text)).unwrap_or_default(),
            )
            .hint(format!("the table begins “{}”; rewrite it as text in the report definition", first.chars().take(20).collect::<String>()));
        self.warnings.push(d);
        self.report(no, &issues, &first);
        for row in rows.into_iter().chain(extra) {
            self.paras.push(body(no, row));
        }
    }

    /// The text of a table's rows (nested tables give rows of their own).
    fn rows(&mut self, tbl: Node, issues: &mut Vec<Issue>, extra: &mut Vec<String>) -> Vec<String> {
        let mut rows = Vec::new();
        for tr in tbl.descendants().filter(|n| is_w(*n, "tr")) {
            if tr.ancestors().skip(1).find(|a| is_w(*a, "tbl")) != Some(tbl) {
                continue; // a nested table's row, reached through its own table
            }
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
        let text = |t: &str| Piece::Text(style.clone(), t.to_string());
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
                        if kind == "comment" {
                            "comments are notes to the editor; act on it in the report definition if needed"
                        } else {
                            "a report has no notes; write its text into the paragraph if it matters"
                        },
                    ));
                }
                "drawing" | "pict" | "object" => drawing(c, issues, extra),
                _ => {}
            }
        }
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
