//! The DOCX backend: the document tree as a Word file made with docx-rs, with real heading
//! styles and live Word numbering.

use crate::diag::Diagnostic;
use crate::doc::Document;
use crate::layout::Layout;

/// Renders `doc` as a DOCX file laid out by `layout`.
pub fn render(doc: &Document, layout: &Layout) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let _ = (doc, layout);
    Err(vec![Diagnostic::error("the docx backend is not written yet")])
}
