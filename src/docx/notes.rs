//! Footnotes (注) as Word footnotes: a reference run after each anchor, the note's words in the
//! Footnote Text style, numbered by Word (a `w:footnoteRef` mark that `patch::footnotes` adds).

use docx_rs::{
    Comment, Docx, Footnote, Paragraph, Run, SpecialIndentType, Style, StyleType, VertAlignType,
};

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
/// anchor, each comment of `cuts` (bytes of the text, by where they start) around its bytes.
/// Footnote ids run through the whole file (a book's reports each count from 1, Word counts the
/// marks it shows itself).
pub fn add_text(
    mut para: Paragraph,
    p: &DocParagraph,
    ids: &mut ParaIds,
    cuts: Vec<(std::ops::Range<usize>, Comment)>,
) -> Paragraph {
    // Where the text is cut: a comment's start or end at a byte offset of the text; at one
    // offset ends come first, then starts, then the ends of empty ranges.
    let mut marks: Vec<(usize, u8, Option<Comment>, usize)> = Vec::new();
    for (r, c) in cuts {
        let id = c.id();
        marks.push((r.end, if r.is_empty() { 2 } else { 0 }, None, id));
        marks.push((r.start, 1, Some(c), id));
    }
    marks.sort_by_key(|(at, order, _, id)| (*at, *order, *id));
    let mut marks = marks.into_iter().peekable();
    let mut base = 0;
    for (text, note) in p.pieces() {
        let end = base + text.len();
        let (mut from, mut split) = (0, false);
        // A comment starting at a note's anchor starts after its mark.
        while let Some(m) = marks.peek()
            && (m.0 < end || m.0 == end && (note.is_none() || m.1 != 1))
        {
            let to = m.0.saturating_sub(base).clamp(from, text.len());
            if to > from {
                para = para.add_run(text_run(&text[from..to]));
            }
            (from, split) = (to, true);
            let (_, _, comment, id) = marks.next().expect("peeked");
            para = match comment {
                Some(c) => para.add_comment_start(c),
                None => para.add_comment_end(id),
            };
        }
        if from < text.len() || (!split && note.is_none()) {
            para = para.add_run(text_run(&text[from..]));
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
        base += text.len();
    }
    for (_, _, comment, id) in marks {
        para = match comment {
            Some(c) => para.add_comment_start(c),
            None => para.add_comment_end(id),
        };
    }
    para
}
