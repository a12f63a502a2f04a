//! A yearbook's 汇总表 (`[summary]`): chosen cells of the form for every report, one row a
//! report (its office), and the book's totals — built as an ordinary table in a document of
//! its own, so that both backends print it like any report's table.

use std::sync::Arc;

use super::Project;
use super::figures::Figures;
use super::tables::{CellIn, ColumnIn, Context, Spec};
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Align, Block, Document, Meta, Origin};
use crate::forms::CellRef;
use crate::layout::Layout;
use crate::number::Num;

/// A column of the summary: its title and the cell it shows, placed for problems.
pub struct SummaryColumn {
    /// The column's title (新收申请).
    pub title: String,
    /// The cell of each report's form.
    pub cell: CellRef,
    /// Where the yearbook names it.
    pub origin: Origin,
}

/// The summary as a document: `title` over one table, a row for each report of `reports`
/// (in book order) and a last row of the book's totals. `None` when a column names a cell
/// no report's form has (the errors are pushed).
pub fn summary(
    file: &Arc<SourceFile>,
    title: &str,
    columns: &[SummaryColumn],
    reports: &[&Project],
    meta: Meta,
    layout: &Layout,
    problems: &mut Vec<Diagnostic>,
) -> Option<Document> {
    let here = Origin(Some((file.clone(), 0..0)));
    let mut bad = false;
    for c in columns {
        let known = reports.iter().any(|r| {
            r.form
                .as_ref()
                .is_some_and(|f| f.cell(&c.cell.table, &c.cell.row, &c.cell.column).is_some())
        });
        if !known {
            let d = Diagnostic::error(format!(
                "summary column `{}` names cell {}, {}, {}, which no report's form has",
                c.title, c.cell.table, c.cell.row, c.cell.column
            ))
            .hint("name a table of the form (active, requests, review), a row key (\"三.一\") and a column (\"总计\")");
            problems.push(match &c.origin.0 {
                Some((f, r)) => d.at(f, r.clone()),
                None => d.in_file(file),
            });
            bad = true;
        }
    }
    if bad || columns.is_empty() {
        return None;
    }
    let mut spec_columns = vec![ColumnIn {
        title: "单位".into(),
        unit: None,
        width: 3.0,
        align: Align::Left,
    }];
    spec_columns.extend(columns.iter().map(|c| ColumnIn {
        title: c.title.clone(),
        unit: None,
        width: 1.5,
        align: Align::Right,
    }));
    let mut totals: Vec<Option<(Num, u32)>> = vec![None; columns.len()];
    let mut body = Vec::new();
    for r in reports {
        let mut cells = vec![CellIn::new(
            super::cite::escape(&r.doc.meta.author),
            here.clone(),
        )];
        for (i, c) in columns.iter().enumerate() {
            let cell = r
                .form
                .as_ref()
                .and_then(|f| f.cell(&c.cell.table, &c.cell.row, &c.cell.column));
            let text = match cell {
                None => "—".to_string(),
                Some(cell) => match cell
                    .value
                    .and_then(|v| Some((v, v.round(cell.scale).ok()?)))
                {
                    Some((v, d)) => {
                        let (sum, scale) = totals[i].unwrap_or((Num::ZERO, 0));
                        totals[i] = sum.checked_add(v).ok().map(|s| (s, scale.max(cell.scale)));
                        d.to_string()
                    }
                    None => String::new(),
                },
            };
            cells.push(CellIn::new(text, here.clone()));
        }
        body.push((cells, here.clone()));
    }
    let mut last = vec![CellIn::new("合计", here.clone()).align(Align::Center)];
    last.extend(totals.iter().map(|t| {
        let text = t
            .and_then(|(v, s)| v.round(s).ok())
            .map_or_else(String::new, |d| d.to_string());
        CellIn::new(text, here.clone())
    }));
    body.push((last, here.clone()));
    let spec = Spec {
        caption: None,
        columns: spec_columns,
        header: Vec::new(),
        has_header: true,
        body,
        stub: 1,
        notes: Vec::new(),
        origin: here.clone(),
    };
    let figures = Figures::default();
    let mut citations = Vec::new();
    let mut cx = Context {
        file,
        figures: &figures,
        citations: &mut citations,
        layout,
    };
    let table = spec.build("summary", None, &mut cx, problems)?;
    Some(Document {
        meta,
        title: vec![title.to_string()],
        title_origin: here,
        blocks: vec![Block::Table(table)],
        remarks: Vec::new(),
    })
}
