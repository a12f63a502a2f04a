//! A form table drawn as a report table ([`Spec`]): the description's columns, header rows,
//! printed rows and merged group labels, with the office's cells (and the cells computed for
//! it) in place.

use super::cells::Grid;
use crate::builder::tables::{CellIn, ColumnIn, Spec};
use crate::doc::{Align, Origin};
use crate::forms::{Cell, Row, Table};
use crate::model::AlignDef;

fn align(a: AlignDef) -> Align {
    match a {
        AlignDef::Left => Align::Left,
        AlignDef::Center => Align::Center,
        AlignDef::Right => Align::Right,
    }
}

fn printed(c: &Cell, o: &Origin) -> CellIn {
    let (text, cols, rows, a) = c.parts();
    CellIn::new(text, o.clone())
        .cols(cols)
        .rows(rows)
        .align(a.map(align).unwrap_or(Align::Center))
}

/// How many printed rows from `i` on stand in the same first `depth + 1` groups as row `i`.
fn run(rows: &[Row], i: usize, depth: usize) -> usize {
    let path = |r: &Row| r.group.clone().unwrap_or_default();
    let want = &path(&rows[i])[..=depth];
    rows[i..]
        .iter()
        .filter(|r| !r.same_row)
        .take_while(|r| r.key.is_some() && path(r).len() > depth && &path(r)[..=depth] == want)
        .count()
}

/// The table as a report table.
pub(super) fn spec(table: &Table, grid: &Grid, o: &Origin) -> Spec {
    let columns = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| ColumnIn {
            title: c.title.clone(),
            unit: None,
            width: c.width,
            align: c.align.map(align).unwrap_or(if i < table.stub {
                Align::Left
            } else {
                Align::Right
            }),
        })
        .collect();
    let header: Vec<(Vec<CellIn>, Origin)> = table
        .header
        .iter()
        .map(|r| (r.iter().map(|c| printed(c, o)).collect(), o.clone()))
        .collect();
    let mut body: Vec<(Vec<CellIn>, Origin)> = Vec::new();
    for (i, row) in table.rows.iter().enumerate() {
        let Some(key) = &row.key else {
            body.push((row.cells.iter().map(|c| printed(c, o)).collect(), o.clone()));
            continue;
        };
        let values = table.values_of(row);
        let ro = grid.rows.get(key).cloned().unwrap_or_else(|| o.clone());
        let mut cells = Vec::new();
        if !row.same_row {
            let groups = row.group.clone().unwrap_or_default();
            for (d, g) in groups.iter().enumerate() {
                let starts = i == 0
                    || table.rows[i - 1].key.is_none()
                    || table.rows[i - 1]
                        .group
                        .as_ref()
                        .is_none_or(|p| p.len() <= d || p[..=d] != groups[..=d]);
                if starts && let Some(group) = table.group(g) {
                    let label = grid.labels.get(g).unwrap_or(&group.label).clone();
                    let mut c = CellIn::new(label, o.clone()).rows(run(&table.rows, i, d));
                    if let Some(a) = group.align {
                        c = c.align(align(a));
                    }
                    cells.push(c);
                }
            }
            if table.stub > 0 {
                let label = grid
                    .labels
                    .get(key)
                    .cloned()
                    .or_else(|| row.label.clone())
                    .unwrap_or_default();
                cells.push(
                    CellIn::new(label, ro.clone())
                        .cols(table.stub - groups.len().min(table.stub - 1))
                        .align(Align::Left),
                );
            }
        }
        for (n, v) in values.iter().enumerate() {
            let span = row.spans.get(n).copied().unwrap_or(1).max(1);
            let c = match grid.cells.get(&(key.clone(), v.clone())) {
                Some(c) if c.origin.0.is_some() => CellIn::new(c.text.clone(), c.origin.clone()),
                Some(c) => CellIn::new(c.text.clone(), ro.clone()),
                None => CellIn::new("", ro.clone()),
            };
            cells.push(c.cols(span));
        }
        match body.last_mut() {
            Some(last) if row.same_row => last.0.extend(cells),
            _ => body.push((cells, ro)),
        }
    }
    Spec {
        caption: None,
        columns,
        has_header: !header.is_empty(),
        header,
        body,
        stub: table.stub,
        notes: Vec::new(),
        origin: o.clone(),
    }
}
