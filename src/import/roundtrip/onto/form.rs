//! Form cells from edits: the national form's tables read back from the document are compared
//! cell by cell with the tables the definition's `[form]` builds; a number typed over a
//! stated cell replaces it in `[form]`, one over a cell citing a figure changes the figure,
//! and one over a cell the form computes is a conflict, reported.

use std::sync::Arc;

use super::figures::{Merge, read_numbers};
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Block, Table};
use crate::import::{Outline, OutlineTable};
use crate::printed::{Printed, printed};

/// The definition `file` with the edited cells of its form tables written into `[form]` (the
/// text edited in place, everything else byte for byte), or `None` when no cell changed or
/// the definition does not build. Notes and conflicts are pushed to `notes`; cells citing
/// figures are handed to `merge`.
pub fn edit(
    file: &Arc<SourceFile>,
    outline: &Outline,
    merge: &Merge,
    notes: &mut Vec<Diagnostic>,
) -> Option<String> {
    if !outline.tables.iter().any(|t| t.form) {
        return None;
    }
    let root = crate::input::root_of(&file.path);
    let base = crate::builder::from_source(file.clone(), root).ok()?;
    let tables: Vec<&Table> = base
        .doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) if t.caption.is_none() => Some(t),
            _ => None,
        })
        .collect();
    let mut cursor = 0;
    let mut replace: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for read in outline.tables.iter().filter(|t| t.form) {
        let got = grid_of_outline(read);
        let Some(k) =
            (cursor..tables.len()).find(|&k| keys(&grid_of_table(tables[k])) == keys(&got))
        else {
            continue;
        };
        cursor = k + 1;
        for ((r, c), (old, origin, label)) in grid_of_table(tables[k]) {
            let new = got
                .iter()
                .find(|g| g.0 == (r, c))
                .map(|g| g.1.0.trim().to_string())
                .unwrap_or_default();
            if new == old.trim() {
                continue;
            }
            let Some((_, span)) = origin.0.as_ref() else {
                continue;
            };
            let raw = file.text.get(span.clone()).unwrap_or("");
            let place = format!("{label} 第{}列", c + 1);
            // The cell's own value in [form] (a row's span instead: a cell the form computes
            // or a label the form prints).
            let own = !raw.is_empty() && !raw.contains(['[', '=', '\n']);
            if !own {
                if matches!(printed(&new), Printed::Number(_) | Printed::Blank) {
                    notes.push(
                        Diagnostic::warning(format!(
                            "the form computes {place} as {old}, but the document prints {}; the form's rule is kept",
                            if new.is_empty() { "nothing" } else { &new }
                        ))
                        .in_file(file)
                        .hint("correct the cells it is computed from; or state it in [form] to have the rule check it"),
                    );
                }
                continue;
            }
            let pieces = merge.pieces(raw.trim_matches('"'));
            if pieces.iter().any(|p| p.1.is_some()) {
                if let Some(numbers) = read_numbers(&pieces, &new) {
                    for (cite, was, now) in numbers {
                        merge.edited(cite, was, &now, &place);
                    }
                }
                continue;
            }
            // Read by the one number reader: ８３９ and 1,234 are numbers, as the form reads them.
            let literal = match printed(&new) {
                Printed::Number(n) => n,
                _ => crate::import::basic(&new),
            };
            notes.push(Diagnostic::note(format!(
                "form {place}: {} → {} (edited in the document)",
                old.trim(),
                if new.is_empty() { "blank" } else { &new }
            )));
            replace.push((span.clone(), literal));
        }
    }
    if replace.is_empty() {
        return None;
    }
    replace.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
    let mut text = file.text.clone();
    for (span, literal) in replace {
        text.replace_range(span, &literal);
    }
    Some(text)
}

/// A cell's text, where it came from, and its row's label.
type Slot = (String, crate::doc::Origin, String);

/// The cells of a built table by (row, first column), header rows first, merged placeholders
/// left out, each with its origin and its row's first text.
fn grid_of_table(t: &Table) -> Vec<((usize, usize), Slot)> {
    let mut out = Vec::new();
    for (r, row) in t.header.iter().chain(&t.body).enumerate() {
        let label = row
            .cells
            .iter()
            .find(|c| !c.merged && !c.text.trim().is_empty())
            .map_or(String::new(), |c| c.text.clone());
        for cell in row.cells.iter().filter(|c| !c.merged) {
            out.push((
                (r, cell.col),
                (cell.text.clone(), cell.origin.clone(), label.clone()),
            ));
        }
    }
    out
}

/// The cells of a table read back, by (row, first column).
fn grid_of_outline(t: &OutlineTable) -> Vec<((usize, usize), (String, ()))> {
    let mut out = Vec::new();
    for (r, row) in t.header.iter().chain(&t.rows).enumerate() {
        for cell in row {
            out.push(((r, cell.col), (cell.text.clone(), ())));
        }
    }
    out
}

fn keys<T>(grid: &[((usize, usize), T)]) -> Vec<(usize, usize)> {
    grid.iter().map(|g| g.0).collect()
}
