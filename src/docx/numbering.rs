//! The heading numbering: one Word multilevel list in the layout's formats, linked to headings.

use docx_rs::{
    AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelOverride, LevelSuffixType,
    LevelText, NumberFormat, Numbering, NumberingId, Paragraph, SpecialIndentType, Start,
};

use super::{page, styles};
use crate::layout::{Layout, Role};

/// The abstract numbering of the headings. docx-rs always writes a list of its own with id 1,
/// so ours starts at 2.
pub const ABSTRACT_NUM_ID: usize = 2;
/// The numbering instance (`w:numId`) the heading styles and run-in paragraphs name.
pub const NUM_ID: usize = 2;

/// Adds the heading list: level `i` counts in `layout.numbering[i]`'s format (`chineseCounting`
/// or `decimal`) with its level text (e.g. `（%2）`), restarts under its parent (Word's default),
/// has nothing between number and words, and links to heading style `i + 1`. The number takes
/// the fonts of its heading role, so a run-in number matches its heading words.
pub fn add(docx: Docx, layout: &Layout) -> Docx {
    let indent = Some(SpecialIndentType::FirstLine(page::indent(layout).twips()));
    let mut list = AbstractNumbering::new(ABSTRACT_NUM_ID);
    for (i, format) in layout.numbering.iter().enumerate() {
        let level = i as u8 + 1;
        let font = layout.font(Role::heading(level));
        let mut lvl = Level::new(
            i,
            Start::new(1),
            NumberFormat::new(format.word_format()),
            // docx-rs copies attribute values into the XML as they are: escape them here.
            LevelText::new(quick_xml::escape::escape(format.word_level_text(i)).into_owned()),
            LevelJc::new("left"),
        )
        // The same indent as the heading style, so that neither wins over the other.
        .indent(Some(0), indent, None, None)
        .paragraph_style(styles::heading(level))
        .suffix(LevelSuffixType::Nothing)
        .fonts(styles::fonts(font))
        .size(font.size.pt().half_points())
        // The body's tracking: LibreOffice sets a number in its level's properties alone, so
        // an untracked （三） would push a 28-cell heading onto a second line there.
        .spacing(page::tracking(layout));
        if font.bold {
            lvl = lvl.bold();
        }
        list = list.add_level(lvl);
    }
    docx.add_abstract_numbering(list)
        .add_numbering(Numbering::new(NUM_ID, ABSTRACT_NUM_ID))
}

/// Puts `paragraph` on heading level `level` of list instance `num_id`.
pub fn on_list(paragraph: Paragraph, num_id: usize, level: u8) -> Paragraph {
    paragraph.numbering(
        NumberingId::new(num_id),
        IndentLevel::new(level.saturating_sub(1) as usize),
    )
}

/// Adds `count` more instances of the heading list, ids `NUM_ID + 1` on, each starting its
/// count afresh: one for each report after the first in a book, so that 一、 restarts in every
/// report while all share one list definition.
pub fn add_restarts(mut docx: Docx, count: usize) -> Docx {
    for i in 1..=count {
        let mut num = Numbering::new(NUM_ID + i, ABSTRACT_NUM_ID);
        for level in 0..4 {
            num = num.add_override(LevelOverride::new(level).start(1));
        }
        docx = docx.add_numbering(num);
    }
    docx
}
