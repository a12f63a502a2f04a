//! The national form in a report (`[form]`), by one generic builder: `[form] kind` names a
//! built-in form description or a variant file beside the report; each of its tables becomes
//! a report table ([`Spec`]) filled with the office's cells, and each of its rules a check
//! evaluated like a figure's formula. A total the office leaves out is computed and printed;
//! one it leaves blank (`""`) is computed for checking and printed blank; one it gives is
//! checked.

mod cells;
mod layout;
mod rules;
mod values;

pub use values::{CellValue, FormCells, RowCells, TableCells};

use std::path::Path;
use std::sync::Arc;

use super::figures::Figures;
use super::tables::Spec;
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::Origin;
use crate::forms::Form;
use crate::model::FormDef;

/// The form's tables (by the names text places them with) and the breaks of its arithmetic.
#[derive(Debug, Default)]
pub struct Built {
    /// `active`, `requests`, `review`.
    pub tables: Vec<(String, Spec)>,
    /// Every break of the form's arithmetic.
    pub breaks: Vec<Diagnostic>,
    /// Every cell, stated or computed.
    pub cells: FormCells,
}

/// The form `[form] kind` names: a built-in form, or a variant file (`*.toml`) in the
/// report's folder. `None` when it cannot be had (the problems are pushed).
/// A variant file read is pushed to `reads`.
pub fn resolve(
    file: &Arc<SourceFile>,
    root: &Path,
    def: &FormDef,
    reads: &mut Vec<Arc<SourceFile>>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Form> {
    let form = national(file, root, def, reads, problems)?;
    if def.replace.is_empty() && def.rule.is_empty() {
        return Some(form);
    }
    form.changed(&def.replace, &def.rule, file)
        .map_err(|errs| problems.extend(errs))
        .ok()
}

/// The form `kind` names, before the report's own changes.
fn national(
    file: &Arc<SourceFile>,
    root: &Path,
    def: &FormDef,
    reads: &mut Vec<Arc<SourceFile>>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Form> {
    let kind = def.kind.get_ref();
    if kind.ends_with(".toml") {
        let (path, text) = match super::beside::read(file, root, &def.kind, "form") {
            Ok(read) => read,
            Err(d) => {
                problems.push(d);
                return None;
            }
        };
        let vf = SourceFile::new(path.display().to_string(), &path, text);
        reads.push(vf.clone());
        return match Form::variant(&vf) {
            Ok(f) => Some(f),
            Err(errs) => {
                problems.extend(errs);
                None
            }
        };
    }
    let form = Form::builtin(kind);
    if form.is_none() {
        problems.push(
            Diagnostic::error(format!("unknown form `{kind}`"))
                .at(file, def.kind.span())
                .label("not a built-in form")
                .hint(format!(
                    "the forms are {}; a local variant is a .toml file beside the report",
                    Form::names().join(", ")
                )),
        );
    }
    form
}

/// Builds the form's tables and applies its rules.
pub fn build(
    file: &Arc<SourceFile>,
    form: &Form,
    def: &FormDef,
    figures: &Figures,
    problems: &mut Vec<Diagnostic>,
) -> Built {
    let at = def.kind.span();
    let o = Origin(Some((file.clone(), at.clone())));
    let mut out = Built::default();
    out.cells.form = form.name.clone();
    out.cells.carries = form.carries.clone();
    for (name, rows) in &def.tables {
        if form.table(name).is_none() {
            let names: Vec<String> = form
                .tables
                .iter()
                .map(|t| format!("[form.{}]", t.name))
                .collect();
            problems.push(
                Diagnostic::error(format!("the form has no table `{name}`"))
                    .at(file, rows.span())
                    .label("not a table of this form")
                    .hint(format!("{} has {}", form.name, names.join(", "))),
            );
        }
    }
    for table in &form.tables {
        let empty = Default::default();
        let given = def.tables.get(&table.name).map_or(&empty, |t| t.get_ref());
        let mut grid = cells::read(file, table, given, figures, &o, at.clone(), problems);
        out.breaks.extend(rules::apply(file, table, &mut grid));
        out.cells.tables.push(values::read(table, &grid, &o));
        out.tables
            .push((table.name.clone(), layout::spec(table, &grid, &o)));
    }
    out
}
