//! Where a long table may break between pages, decided once for both backends: its heading
//! rows inside the body (a clause label across the table and the column titles under it), and
//! the rows kept on the page of the next (a group's first row, the rows its label needs beside
//! it, a short inner group whole), so that a page break falls at the deepest group boundary
//! that fits and leaves no more than a short group's height empty.

use crate::doc::{Align, Cell, Row, row_spans};
use crate::layout::{Layout, Pt, Role};

/// The most of the type area's height an inner group may take and still be kept whole: a
/// taller one (（三）不予公开 of the 2019 form, its rows two lines each) breaks between its rows.
const WHOLE_GROUP: f64 = 0.2;

/// Marks `body`'s heading rows and the rows kept with the next (`Row::heading`, `Row::keep`).
pub fn decide(body: &mut [Row], widths: &[Pt], layout: &Layout) {
    headings(body, widths.len());
    let size = layout.font(Role::Table).size.pt().0;
    let pad = 2.0 * layout.table.pad_x.to_pt().0;
    // The lines a cell's text takes (a character one em; at least one a line).
    let lines = |c: &Cell| -> f64 {
        let width: f64 = widths
            .iter()
            .skip(c.col)
            .take(c.cols)
            .map(|w| w.0)
            .sum::<f64>()
            - pad;
        let per_line = ((width / size + 0.01).floor() as usize).max(1);
        c.lines()
            .map(|part| part.chars().count().div_ceil(per_line).max(1))
            .sum::<usize>() as f64
    };
    // A row's height in lines of text, its padding counted as part of a line.
    let row_lines: Vec<f64> = body
        .iter()
        .map(|row| {
            let cells = row.cells.iter().filter(|c| !c.merged && c.rows == 1);
            cells.map(lines).fold(1.0, f64::max) + 0.4
        })
        .collect();
    let tall = |from: usize, to: usize| (from..=to).map(|i| row_lines[i]).sum::<f64>();
    // The height of the type area in lines of table text (a line and its leading).
    let page_lines = layout.page.type_height.to_pt().0 / (1.3 * size);
    let spans = row_spans(body);
    for &(r, col, k) in &spans {
        let last = r + k - 1;
        // A group's first row never stands alone at a page foot.
        body[r].keep = true;
        let nested = crate::doc::nested(&spans, r, col, k);
        if nested && tall(r, last) <= WHOLE_GROUP * page_lines {
            for row in &mut body[r..last] {
                row.keep = true;
            }
            continue;
        }
        // The label is printed whole by the group's first rows on a page: the rows at either
        // end stay together until they are as tall as the label.
        let need = body[r]
            .cells
            .iter()
            .find(|c| c.col == col && !c.merged)
            .map_or(0.0, lines);
        let mut i = r;
        while i < last && tall(r, i) < need {
            body[i].keep = true;
            i += 1;
        }
        let mut j = last;
        while j > r && tall(j, last) < need {
            body[j - 1].keep = true;
            j -= 1;
        }
    }
    // The last row of the table keeps nothing.
    if let Some(row) = body.last_mut() {
        row.keep = false;
        row.heading = false;
    }
}

/// Marks the heading rows of the body: a centred label across the whole table (第二十条第（六）项)
/// and the rows of centred texts without a figure right under it (信息内容 | 本年制发件数 …),
/// each kept with the next row.
fn headings(body: &mut [Row], ncols: usize) {
    let label = |row: &Row| {
        let cells: Vec<&Cell> = row.cells.iter().filter(|c| !c.merged).collect();
        cells.len() == 1
            && cells[0].cols == ncols
            && cells[0].align == Align::Center
            && !cells[0].text.trim().is_empty()
    };
    let titles = |row: &Row| {
        row.cells.iter().all(|c| {
            !c.merged
                && c.rows == 1
                && c.align == Align::Center
                && !c.text.trim().is_empty()
                && !c.text.chars().any(|ch| ch.is_ascii_digit())
        })
    };
    let mut i = 0;
    while i < body.len() {
        if label(&body[i]) {
            let mut j = i + 1;
            while j < body.len() && titles(&body[j]) {
                j += 1;
            }
            // A heading heads rows: one at the table's end is none.
            if j < body.len() {
                for row in &mut body[i..j] {
                    row.heading = true;
                    row.keep = true;
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::Origin;

    fn cell(text: &str, col: usize, cols: usize, rows: usize, align: Align) -> Cell {
        Cell {
            text: text.into(),
            col,
            cols,
            rows,
            align,
            merged: false,
            origin: Origin(None),
            breaks: Vec::new(),
        }
    }

    fn row(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            ..Row::default()
        }
    }

    #[test]
    fn a_clause_label_and_its_titles_head_their_rows_and_a_group_keeps_its_first_row() {
        let layout = Layout::builtin("gbt9704").unwrap();
        let c = Align::Center;
        let mut merged = cell("", 0, 1, 1, Align::Left);
        merged.merged = true;
        let mut body = vec![
            row(vec![cell("第二十条第（一）项", 0, 3, 1, c)]),
            row(vec![
                cell("信息内容", 0, 1, 1, c),
                cell("本年制发件数", 1, 1, 1, c),
                cell("现行有效件数", 2, 1, 1, c),
            ]),
            row(vec![
                cell("规章", 0, 1, 1, Align::Left),
                cell("1", 1, 1, 1, Align::Right),
                cell("2", 2, 1, 1, Align::Right),
            ]),
            row(vec![
                cell("分组", 0, 1, 3, Align::Left),
                cell("甲", 1, 1, 1, Align::Left),
                cell("3", 2, 1, 1, Align::Right),
            ]),
            row(vec![
                merged.clone(),
                cell("乙", 1, 1, 1, Align::Left),
                cell("4", 2, 1, 1, Align::Right),
            ]),
            row(vec![
                merged,
                cell("丙", 1, 1, 1, Align::Left),
                cell("5", 2, 1, 1, Align::Right),
            ]),
        ];
        decide(&mut body, &[Pt(100.0), Pt(100.0), Pt(100.0)], &layout);
        let heading: Vec<bool> = body.iter().map(|r| r.heading).collect();
        let keep: Vec<bool> = body.iter().map(|r| r.keep).collect();
        assert_eq!(heading, [true, true, false, false, false, false]);
        assert_eq!(keep, [true, true, false, true, false, false]);
    }
}
