//! A page's `<table>`: a layout table walked through, a data table read as a report table on
//! its grid (`rowspan`/`colspan` placed as a browser places them).

use ego_tree::NodeRef;
use scraper::Node;

use super::{Walker, element_name, text_of, weight};
use crate::doc::Align;
use crate::import::recognise::{self, Para, Place};
use crate::import::{OutlineCell, OutlineTable};

impl Walker {
    /// Whether table `t` lays out the page rather than holding data: it holds another table,
    /// lists, headings, the element not to walk into, or a cell of running text.
    pub(super) fn layout(&self, t: NodeRef<Node>) -> bool {
        t.descendants().skip(1).any(|d| {
            Some(d.id()) == self.skip
                || element_name(d).is_some_and(|e| {
                    matches!(
                        e,
                        "table" | "ul" | "ol" | "h1" | "h2" | "h3" | "h4" | "form" | "iframe"
                    ) || (matches!(e, "td" | "th") && weight(d) > 300)
                })
        })
    }

    /// A `<table>` as a report table on its grid (`rowspan`/`colspan` placed as a browser
    /// places them), placed by a paragraph of its own; its `<caption>` is its caption.
    pub(super) fn table(&mut self, t: NodeRef<Node>) {
        let own = |d: &NodeRef<Node>| {
            d.ancestors()
                .find(|a| element_name(*a) == Some("table"))
                .is_some_and(|a| a.id() == t.id())
        };
        let caption = t
            .children()
            .find(|c| element_name(*c) == Some("caption"))
            .map(text_of)
            .filter(|c| !c.is_empty());
        let mut grid: Vec<Vec<bool>> = Vec::new();
        let mut rows: Vec<(bool, Vec<OutlineCell>)> = Vec::new();
        let trs: Vec<NodeRef<Node>> = t
            .descendants()
            .filter(|d| element_name(*d) == Some("tr") && own(d))
            .collect();
        // The table's real extent: a cell spans at most the rows left below it and as many
        // columns as its widest row has cells, so the grid stays within what the page holds
        // (a browser would allocate a `colspan=1000 rowspan=1000` for every such cell).
        let is_cell = |c: &NodeRef<Node>| matches!(element_name(*c), Some("td" | "th"));
        let widest = trs
            .iter()
            .map(|tr| tr.children().filter(is_cell).count())
            .max()
            .unwrap_or(0)
            .clamp(1, 100);
        for (r, tr) in trs.iter().enumerate() {
            let in_head = tr
                .ancestors()
                .take_while(|a| a.id() != t.id())
                .any(|a| element_name(a) == Some("thead"));
            let mut cells = Vec::new();
            let mut all_th = true;
            let mut col = 0;
            for tc in tr.children() {
                let Node::Element(e) = tc.value() else {
                    continue;
                };
                if !matches!(e.name(), "td" | "th") {
                    continue;
                }
                all_th &= e.name() == "th";
                let span = |a: &str, max: usize| {
                    e.attr(a)
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, max)
                };
                let (cols, rs) = (span("colspan", widest), span("rowspan", trs.len() - r));
                while grid.get(r).and_then(|g| g.get(col)).copied() == Some(true) {
                    col += 1;
                }
                for rr in r..r + rs {
                    if grid.len() <= rr {
                        grid.resize(rr + 1, Vec::new());
                    }
                    if grid[rr].len() < col + cols {
                        grid[rr].resize(col + cols, false);
                    }
                    grid[rr][col..col + cols].iter_mut().for_each(|g| *g = true);
                }
                let style = e.attr("style").unwrap_or("").replace(' ', "");
                let align = match (e.attr("align"), style.as_str()) {
                    (Some("center"), _) => Some(Align::Center),
                    (_, s) if s.contains("text-align:center") => Some(Align::Center),
                    (Some("right"), _) => Some(Align::Right),
                    (Some("left"), _) => Some(Align::Left),
                    _ => None,
                };
                cells.push(OutlineCell {
                    text: text_of(tc).replace('\n', " "),
                    col,
                    cols,
                    rows: rs,
                    align,
                });
                col += cols;
            }
            rows.push((in_head || (all_th && !cells.is_empty()), cells));
        }
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        if width == 0 {
            return;
        }
        // Holes a browser leaves empty are empty cells.
        for (r, (_, cells)) in rows.iter_mut().enumerate() {
            for c in 0..width {
                if !grid.get(r).and_then(|g| g.get(c)).copied().unwrap_or(false) {
                    cells.push(OutlineCell {
                        text: String::new(),
                        col: c,
                        cols: 1,
                        rows: 1,
                        align: None,
                    });
                }
            }
            cells.sort_by_key(|c| c.col);
        }
        let header = rows.iter().take_while(|(h, _)| *h).count().max(1);
        // A header cell spanning into the body would split it: such rows are header rows too.
        let header = rows
            .iter()
            .take(header)
            .enumerate()
            .flat_map(|(r, (_, cells))| cells.iter().map(move |c| r + c.rows))
            .max()
            .unwrap_or(header)
            .min(rows.len());
        let mut all: Vec<Vec<OutlineCell>> = rows.into_iter().map(|(_, c)| c).collect();
        let body = all.split_off(header);
        let form = recognise::form_like(all.iter().chain(&body).flatten().map(|c| c.text.as_str()));
        let name = format!("table{}", self.tables.len() + 1);
        let no = self.paras.len() + 1;
        self.paras.push(Para {
            table: Some(self.tables.len()),
            ..Para::body(Place::Paragraph(no), format!("{{table:{name}}}"))
        });
        self.tables.push(OutlineTable {
            name,
            caption,
            widths: Vec::new(),
            header: all,
            rows: body,
            notes: Vec::new(),
            form,
        });
    }
}
