//! The DOCX backend: the document tree as a Word file with real heading styles and live numbering.
//!
//! The work is split by concern: [`styles`] (the paragraph and character styles),
//! [`numbering`] (the multilevel list the heading styles carry), [`page`] (page, grid and
//! footers), [`body`] (the blocks as paragraphs), [`table`] (tables and charts), [`book`] and
//! [`toc`] (a yearbook: sections, running headers, its contents), then [`patch`] and
//! [`package`], which fix in the XML what docx-rs cannot say and write the zip deterministically.
//!
//! The backend never counts: heading numbers are live Word numbering whose formats come from
//! `layout.numbering`, so Word and LibreOffice compute the same numbers the builder decided.

mod body;
mod book;
mod comments;
mod fonts;
mod notes;
mod numbering;
mod package;
mod page;
mod patch;
mod schema;
mod styles;
mod table;
mod toc;

use docx_rs::Docx;

use crate::diag::Diagnostic;
use crate::doc::Document;
use crate::layout::Layout;
pub use book::render_book;

/// Renders `doc` as a DOCX file laid out by `layout`.
///
/// The bytes depend on `doc` and `layout` only: no clock, no random ids, a fixed zip order.
pub fn render(doc: &Document, layout: &Layout) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let mut ids = ParaIds::default();
    let mut docx = Docx::new();
    docx = styles::add(docx, layout);
    if table::needed(doc) {
        table::missing_pictures(doc)?;
        docx = table::add_styles(docx, layout);
    }
    if notes::needed(doc) {
        docx = notes::add_styles(docx, layout);
    }
    docx = numbering::add(docx, layout);
    docx = page::setup(docx, layout, &mut ids);
    docx = body::add(docx, doc, layout, &mut ids);
    // The heading styles use the numbering even when no paragraph names it directly.
    docx.document_rels.has_numberings = true;
    package::write(docx.build(), &doc.meta, layout, false).map_err(write_failed)
}

fn write_failed(e: String) -> Vec<Diagnostic> {
    vec![
        Diagnostic::error(format!("cannot write the DOCX: {e}"))
            .hint("this is a bug in gongwen's DOCX backend; the PDF is not affected"),
    ]
}

/// Paragraph ids (`w14:paraId`) handed out in document order, so that two renders of the same
/// document agree byte for byte (docx-rs would draw them from a thread-wide counter).
#[derive(Debug, Default)]
struct ParaIds(u32, usize);

impl ParaIds {
    /// The next footnote id, from 1 (Word keeps -1 and 0 for its separators).
    fn next_note(&mut self) -> usize {
        self.1 += 1;
        self.1
    }

    /// The next id: eight hex digits, below 0x80000000 as Word requires.
    fn next(&mut self) -> String {
        self.0 += 1;
        format!("{:08X}", self.0 & 0x7FFF_FFFF)
    }
}
