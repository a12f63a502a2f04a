//! This year against last year: the rows a form carries over (`[[carry]]`: last year's
//! 四、结转下年度继续办理 is this year's 二、上年结转), compared column by column. A cell that
//! differs is one finding of kind [`Kind::Previous`] at this year's cell, naming last year's.

use super::Project;
use super::forms::{CellValue, FormCells, RowCells};
use crate::diag::{Diagnostic, Kind};
use crate::doc::Origin;

fn place(o: &Origin) -> Option<String> {
    let (f, r) = o.0.as_ref()?;
    let (l, c) = f.line_col(r.start);
    Some(format!("{}:{l}:{c}", f.name))
}

fn printed(c: &CellValue) -> String {
    c.value
        .and_then(|v| v.round(c.scale).ok())
        .map_or_else(|| c.text.clone(), |d| d.to_string())
}

/// The findings of `this` report's carried rows against `last` year's report of the office.
pub fn compare(this: &Project, last: &Project) -> Vec<Diagnostic> {
    let (Some(now), Some(then)) = (&this.form, &last.form) else {
        return match (&this.form, &last.form) {
            (Some(f), None) if !f.carries.is_empty() => vec![
                Diagnostic::warning(format!(
                    "last year's report {} has no [form]: nothing to compare this year's with",
                    last.file.name
                ))
                .in_file(&this.file)
                .hint(
                    "give last year's report its form's tables ([form]), or leave out --previous",
                ),
            ],
            _ => Vec::new(),
        };
    };
    let mut out = Vec::new();
    for carry in &now.carries {
        let (Some(to), Some(from)) = (
            row(now, &carry.table, &carry.to),
            row(then, &carry.table, &carry.from),
        ) else {
            continue;
        };
        // The cells the office stated first; a computed cell (a total left out) only when
        // none of the stated ones differ, so that one changed cell is one finding.
        let differs = |c: &CellValue| -> Option<&CellValue> {
            let l = from.cells.iter().find(|l| l.column == c.column)?;
            let (a, b) = (c.value?, l.value?);
            let scale = c.scale.max(l.scale);
            (a.round(scale).ok()? != b.round(scale).ok()?).then_some(l)
        };
        let stated: Vec<_> = to.cells.iter().filter(|c| c.stated).collect();
        let mut found: Vec<(&CellValue, &CellValue)> = stated
            .iter()
            .filter_map(|c| differs(c).map(|l| (*c, l)))
            .collect();
        if found.is_empty() {
            found = to
                .cells
                .iter()
                .filter(|c| !c.stated)
                .filter_map(|c| differs(c).map(|l| (c, l)))
                .collect();
        }
        for (c, l) in found {
            let mut d = Diagnostic::warning(format!(
                "table {}, row \"{}\" ({}), column {}: {}, but last year's row \"{}\" ({}) carried {}",
                carry.table,
                to.key,
                to.label,
                c.column,
                printed(c),
                from.key,
                from.label,
                printed(l)
            ))
            .kind(Kind::Previous)
            .label(format!("{}; last year carried {}", printed(c), printed(l)));
            if let Some(p) = place(&l.origin) {
                d = d.hint(format!("last year's cell is at {p}"));
            }
            d = d.hint(format!(
                "what last year carried into this year is this year's \"{}\": correct this year's cell or last year's",
                to.key
            ));
            out.push(match &c.origin.0 {
                Some((f, r)) => d.at(f, r.clone()),
                None => d.in_file(&this.file),
            });
        }
    }
    out
}

fn row<'a>(cells: &'a FormCells, table: &str, key: &str) -> Option<&'a RowCells> {
    cells.table(table)?.rows.iter().find(|r| r.key == key)
}
