//! The size of a run, bounded before the work: a report's pages are estimated from its text
//! on the layout's grid, so that a report too large to lay out is refused at once (60,000
//! paragraphs once needed 2.9 GB) rather than by the memory running out.

use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Block, Document};
use crate::layout::Layout;

/// The most pages a report may print (estimated from its text before it is laid out).
pub const MAX_PAGES: usize = 1_000;

/// Lines a chart stands for, on top of its height in lines.
const CHART_LINES: usize = 2;

/// The pages `doc` would print about: each text as lines of the grid's characters, each table
/// row as a line, each chart as its height; the grid's lines a page.
pub fn estimated_pages(doc: &Document, layout: &Layout) -> usize {
    let per_line = layout.grid.chars.max(1) as usize;
    let per_page = layout.grid.lines.max(1) as usize;
    let mut lines = doc.title.len();
    for (_, text, _) in doc.texts() {
        let chars = text.chars().count() + 2; // the first line's indent
        lines += chars.div_ceil(per_line).max(1);
    }
    for b in &doc.blocks {
        match b {
            Block::Table(t) => lines += t.header.len() + t.body.len() + 1,
            Block::Chart(c) => {
                let pitch = layout.line_pitch().0.max(1.0);
                lines += (c.height.0 / pitch).ceil() as usize + CHART_LINES;
            }
            _ => {}
        }
    }
    lines.div_ceil(per_page)
}

/// An error when `doc` would print more than [`MAX_PAGES`] pages.
pub fn too_large(file: &Arc<SourceFile>, doc: &Document, layout: &Layout) -> Option<Diagnostic> {
    let pages = estimated_pages(doc, layout);
    (pages > MAX_PAGES).then(|| {
        Diagnostic::error(format!(
            "the report would print about {pages} pages; a report prints at most {MAX_PAGES}"
        ))
        .in_file(file)
        .hint("split it into several reports (a yearbook binds them into one book)")
    })
}
