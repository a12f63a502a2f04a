//! What `check` refuses, refused by `import` before it writes: a definition over the size
//! limit, a table over the column or row limit, a control character. The same constants and
//! the same control-character walk as `check`. (The page limit is the builder's, which
//! `import` runs on what it would write: such a definition is written, and reported.)

use std::sync::Arc;

use crate::builder::{MAX_COLUMNS, MAX_ROWS};
use crate::diag::{Diagnostic, SourceFile};
use crate::import::Outline;
use crate::input::MAX_REPORT;

/// The limits `written` (the definition made from the submission `input`) breaks, as errors
/// naming `input`; empty when `check` would accept them.
pub fn broken(input: &str, outline: &Outline, written: &Arc<SourceFile>) -> Vec<Diagnostic> {
    let mut out = tables(input, outline);
    out.extend(text(input, written));
    out
}

/// The limits the definition's text breaks: its size, control characters.
pub fn text(input: &str, written: &Arc<SourceFile>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let size = written.text.len() as u64;
    if size > MAX_REPORT {
        out.push(
            Diagnostic::error(format!(
                "{input} would make a definition of {} MB; a definition is at most {} MB",
                size.div_ceil(1 << 20),
                MAX_REPORT >> 20
            ))
            .hint("split the document into several, each a report of its own, and import each"),
        );
    }
    let controls = crate::diag::controls::find(written, &['\n', '\r', '\t']);
    if let Some(first) = controls.first() {
        out.push(
            Diagnostic::error(format!(
                "{input} holds control characters ({} place(s)), which no report definition may hold: {}",
                controls.len(),
                first.message
            ))
            .hint("remove them from the document (they print nothing), and import again"),
        );
    }
    out
}

/// The tables of `outline` over the column or row limit (checked before the definition is
/// written out: a table of thousands of columns is refused before its TOML is made).
pub fn tables(input: &str, outline: &Outline) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for t in &outline.tables {
        let columns = t
            .header
            .iter()
            .chain(&t.rows)
            .flat_map(|row| row.iter().map(|c| c.col + c.cols.max(1)))
            .max()
            .unwrap_or(0)
            .max(t.widths.len());
        let rows = t.header.len() + t.rows.len();
        if columns > MAX_COLUMNS || rows > MAX_ROWS {
            out.push(
                Diagnostic::error(format!(
                    "{input}: table {} has {columns} columns and {rows} rows; a table has at most {MAX_COLUMNS} columns and {MAX_ROWS} rows",
                    t.caption.as_deref().map_or_else(|| t.name.clone(), |c| format!("“{}”", crate::diag::one_line(c)))
                ))
                .hint("split it into several tables in the document, or leave it out and publish it as an attachment, and import again"),
            );
        }
    }
    out
}
