//! Footnotes (注) as Word footnotes: a reference run after each anchor, the note's words in the
//! Footnote Text style, numbered by Word (a `w:footnoteRef` mark that `patch::footnotes` adds).

use docx_rs::{Docx, Footnote, Paragraph, Run, SpecialIndentType, Style, StyleType, VertAlignType};

use super::body::text_run;
use super::{ParaIds, styles};
use crate::doc::{Block, Document, Paragraph as DocParagraph};
use crate::layout::{Layout, Role};

/// The paragraph style of a footnote's words.
pub const TEXT: &str = "FootnoteText";
/// The character style of a footnote's mark, in the text and in the note.
pub const REFERENCE: &str = "FootnoteReference";

/// Whether any paragraph of `doc` has footnotes (and so the document needs [`add_styles`]).
pub fn needed(doc: &Document) -> bool {
    doc.blocks
        .iter()
        .any(|b| matches!(b, Block::Paragraph(p) if !p.notes.is_empty()))
}

/// The footnote styles: the words in the table role's font, single-spaced, off the grid; the
/// mark superscript.
pub fn add_styles(docx: Docx, layout: &Layout) -> Docx {
    let font = layout.font(Role::Table);
    let mut text = Style::new(TEXT, StyleType::Paragraph)
        .name("footnote text")
        .based_on(styles::NORMAL)
        .fonts(styles::fonts(font))
        .size(font.size.pt().half_points())
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
        .line_spacing(styles::single())
        .snap_to_grid(false);
    text.run_property = text.run_property.spacing(0);
    let mut mark = Style::new(REFERENCE, StyleType::Character).name("footnote reference");
    mark.run_property = mark.run_property.vert_align(VertAlignType::SuperScript);
    docx.add_style(text).add_style(mark)
}

/// Adds the text of `p` to `para`: its pieces as runs, each footnote a reference run after its
/// anchor. Footnote ids run through the whole file (a book's reports each count from 1, Word
/// counts the marks it shows itself).
pub fn add_text(mut para: Paragraph, p: &DocParagraph, ids: &mut ParaIds) -> Paragraph {
    for (text, note) in p.pieces() {
        if !text.is_empty() || note.is_none() {
            para = para.add_run(text_run(text));
        }
        if let Some(n) = note {
            let words = Paragraph::new()
                .id(ids.next())
                .style(TEXT)
                .add_run(text_run(&format!(" {}", n.text)));
            let footnote = Footnote {
                id: ids.next_note(),
                content: vec![words],
            };
            // docx-rs gives the run the FootnoteReference style.
            para = para.add_run(Run::new().add_footnote_reference(footnote));
        }
    }
    para
}
