//! The size of a run, bounded before the work: a report's pages are estimated from its text
//! on the layout's grid and its table cells counted, so that a report too large to lay out is
//! refused at once (60,000 paragraphs once needed 2.9 GB) rather than by the memory running out.

use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Block, Document};
use crate::layout::Layout;

/// The most pages a report may print (estimated from its text before it is laid out).
pub const MAX_PAGES: usize = 1_000;

/// The most table cells a report may hold (one table at the 40 × 1,000 limit: about 890 MB to
/// lay out; three of them once needed 3.2 GB).
pub const MAX_CELLS: usize = 40_000;

/// Lines a chart stands for, on top of its height in lines.
const CHART_LINES: usize = 2;

/// The pages `doc` would print about: each paragraph, heading, note and signature line as
/// lines of the grid's characters; each table row as its tallest cell's lines in its share of
/// the line; each chart as its height; the grid's lines a page.
pub fn estimated_pages(doc: &Document, layout: &Layout) -> usize {
    let per_line = layout.grid.chars.max(1) as usize;
    let per_page = layout.grid.lines.max(1) as usize;
    let lines_of = |text: &str, width: usize| (text.chars().count() + 2).div_ceil(width).max(1);
    let mut lines = doc.title.len();
    for b in &doc.blocks {
        match b {
            Block::Heading(h) => lines += lines_of(&h.title, per_line),
            Block::Paragraph(p) => {
                lines += p.lead.as_ref().map_or(0, |h| lines_of(&h.title, per_line));
                lines += lines_of(&p.text, per_line);
                lines += p
                    .notes
                    .iter()
                    .map(|n| lines_of(&n.text, per_line))
                    .sum::<usize>();
            }
            Block::Signature(s) => lines += s.lines.len(),
            Block::Table(t) => {
                let columns = t.widths.len().max(1);
                let width = (per_line / columns).max(1);
                lines += 1 + t.notes.len();
                for row in t.header.iter().chain(&t.body) {
                    let tallest = row.cells.iter().map(|c| {
                        let share = (width * c.cols.max(1)).max(1);
                        c.text.chars().count().div_ceil(share).max(1)
                    });
                    lines += tallest.max().unwrap_or(1);
                }
            }
            Block::Chart(c) => {
                let pitch = layout.line_pitch().0.max(1.0);
                lines += (c.height.0 / pitch).ceil() as usize + CHART_LINES;
            }
        }
    }
    lines.div_ceil(per_page)
}

/// An error when `doc` would print more than [`MAX_PAGES`] pages, or its tables hold more
/// than [`MAX_CELLS`] cells.
pub fn too_large(file: &Arc<SourceFile>, doc: &Document, layout: &Layout) -> Option<Diagnostic> {
    let pages = estimated_pages(doc, layout);
    let cells: usize = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(
                t.header
                    .iter()
                    .chain(&t.body)
                    .map(|r| r.cells.len())
                    .sum::<usize>(),
            ),
            _ => None,
        })
        .sum();
    let split = "split it into several reports (a yearbook binds them into one book)";
    if pages > MAX_PAGES {
        Some(
            Diagnostic::error(format!(
                "the report would print about {pages} pages; a report prints at most {MAX_PAGES}"
            ))
            .in_file(file)
            .hint(split),
        )
    } else if cells > MAX_CELLS {
        Some(
            Diagnostic::error(format!(
                "the report's tables hold {cells} cells; a report's tables hold at most {MAX_CELLS}"
            ))
            .in_file(file)
            .hint(split)
            .hint("or publish the largest tables as attachments"),
        )
    } else {
        None
    }
}
