//! Table 二 of the national form: the information the office made public on its own.

use std::sync::Arc;

use super::cells::{count_error, keys};
use super::{col, origin};
use crate::build::tables::{CellIn, Spec, cell_text};
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Align, Origin};
use crate::forms::Kind;
use crate::model::FormDef;

/// Table 二: blocks, each under a full-width row naming its clause; four grid columns, a
/// block with fewer value columns letting its last one span the rest.
pub(super) fn active(
    file: &Arc<SourceFile>,
    kind: Kind,
    def: &FormDef,
    o: &Origin,
    at: std::ops::Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Spec {
    let want: Vec<String> = kind
        .active()
        .iter()
        .flat_map(|b| b.rows.iter().map(|r| r.to_string()))
        .collect();
    keys(file, "active", &def.active, &want, &[], at, problems);
    let mut body = Vec::new();
    for block in kind.active() {
        body.push((
            vec![
                CellIn::new(block.clause, o.clone())
                    .cols(4)
                    .align(Align::Center),
            ],
            o.clone(),
        ));
        let n = block.columns.len() - 1;
        let spans: Vec<usize> = (0..n).map(|i| if i + 1 == n { 4 - n } else { 1 }).collect();
        let mut heads = vec![CellIn::new(block.columns[0], o.clone()).align(Align::Center)];
        for (i, c) in block.columns[1..].iter().enumerate() {
            heads.push(
                CellIn::new(*c, o.clone())
                    .cols(spans[i])
                    .align(Align::Center),
            );
        }
        body.push((heads, o.clone()));
        for row in block.rows {
            let Some(given) = def.active.get(*row) else {
                continue;
            };
            if given.get_ref().len() != n {
                count_error(
                    file,
                    "active",
                    row,
                    given,
                    &format!("{n} ({})", block.columns[1..].join(", ")),
                    problems,
                );
                continue;
            }
            let mut cells = vec![CellIn::new(*row, origin(file, given.span())).align(Align::Left)];
            for (i, c) in given.get_ref().iter().enumerate() {
                let (text, cols, rows, _) = cell_text(file, c);
                if cols.is_some() || rows.is_some() {
                    problems.push(
                        Diagnostic::error("a cell of the form is a plain value").at(file, c.span()),
                    );
                }
                cells.push(CellIn::new(text, origin(file, c.span())).cols(spans[i]));
            }
            body.push((cells, origin(file, given.span())));
        }
    }
    Spec {
        caption: None,
        columns: vec![
            col("信息内容", 2.0, Align::Left),
            col("", 1.0, Align::Right),
            col("", 1.0, Align::Right),
            col("", 1.0, Align::Right),
        ],
        header: Vec::new(),
        has_header: false,
        body,
        stub: 1,
        notes: Vec::new(),
        origin: o.clone(),
    }
}
