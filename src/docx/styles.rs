//! The styles: Normal, Title, Heading 1–4 with the numbering, run-in styles, and the footer's.

use docx_rs::{
    AlignmentType, Docx, IndentLevel, LineSpacing, LineSpacingType, NumberingId, RunFonts,
    SpecialIndentType, Style, StyleType,
};

use super::numbering::NUM_ID;
use super::page;
use crate::layout::{Layout, Pt, Role, RoleFont};

/// The body style. docx-rs writes an empty `Normal` of its own first; [`super::patch`] drops it,
/// so that this one is the document's default paragraph style.
pub const NORMAL: &str = "Normal";
/// The title style.
pub const TITLE: &str = "Title";
/// The footer (page number) style.
pub const FOOTER: &str = "Footer";

/// The paragraph style id of heading level `level` (1 to 4).
pub fn heading(level: u8) -> String {
    format!("Heading{level}")
}

/// The character style id linked to heading level `level`: the words of a run-in heading.
pub fn heading_char(level: u8) -> String {
    format!("Heading{level}Char")
}

/// The paragraph style id of a body paragraph opened by a run-in heading of level `level`:
/// body text to the eye, with the heading's outline level (see [`super::body`]).
pub fn run_in(level: u8) -> String {
    format!("RunInHeading{level}")
}

/// The run fonts of a role: the East Asian name for hanzi, the Latin name for the rest.
pub fn fonts(font: &RoleFont) -> RunFonts {
    RunFonts::new()
        .east_asia(&font.docx)
        .ascii(&font.latin)
        .hi_ansi(&font.latin)
        .cs(&font.latin)
}

/// Single line spacing, nothing before or after (table cells, notes, headers: text off the
/// page's line grid).
pub fn single() -> LineSpacing {
    LineSpacing::new()
        .line_rule(docx_rs::LineSpacingType::Auto)
        .line(240)
        .before(0)
        .after(0)
}

/// Exact line spacing of `line` with no space before or after.
pub fn exact(line: Pt) -> LineSpacing {
    LineSpacing::new()
        .line_rule(LineSpacingType::Exact)
        .line(line.twips())
        .before(0)
        .after(0)
}

/// The height of the footer's line: the page-number size with a little room above and below.
pub fn footer_line(layout: &Layout) -> Pt {
    Pt(layout.font(Role::PageNumber).size.pt().0 * 1.25)
}

/// The run fonts of a title role: its East Asian face for every character, digits and Latin
/// letters included (新乡市2015年 in one face, as the PDF prints it).
pub fn title_fonts(font: &RoleFont) -> RunFonts {
    RunFonts::new()
        .east_asia(&font.docx)
        .ascii(&font.docx)
        .hi_ansi(&font.docx)
        .cs(&font.docx)
}

/// A title style (the report's title, and a book's cover, part and contents titles) in the
/// fonts and size of the title role, never bold: the title face (方正小标宋) is heavy by design
/// and has no bold face, so `w:b` would make Word and WPS embolden it artificially, a known
/// 公文 error. The layout's `bold` tells the PDF to pick a heavy face among open fonts.
pub fn title_style(style: Style, layout: &Layout, half_points: usize) -> Style {
    style
        .fonts(title_fonts(layout.font(Role::Title)))
        .size(half_points)
}

/// A style in the fonts, size and weight of `role`.
fn in_role(style: Style, layout: &Layout, role: Role) -> Style {
    let font = layout.font(role);
    let style = style.fonts(fonts(font)).size(font.size.pt().half_points());
    if font.bold { style.bold() } else { style }
}

/// Adds every style the document uses, and the document defaults (body font and size, which
/// are also the reference size of Word's character grid).
pub fn add(docx: Docx, layout: &Layout) -> Docx {
    let body = layout.font(Role::Body);
    let pitch = page::line_pitch(layout);
    let indent = Some(SpecialIndentType::FirstLine(page::indent(layout).twips()));
    let no_indent = Some(SpecialIndentType::FirstLine(0));

    let mut docx = docx
        .default_fonts(fonts(body))
        .default_size(body.size.pt().half_points());

    let mut normal = in_role(
        Style::new(NORMAL, StyleType::Paragraph).name("Normal"),
        layout,
        Role::Body,
    )
    .align(AlignmentType::Both)
    .indent(Some(0), indent, None, None)
    .line_spacing(exact(pitch));
    // The tracking that puts `chars` on a line (see `page::tracking`). Headings inherit it; the
    // title and the footer, off the grid, set it back to zero.
    normal.run_property = normal.run_property.spacing(page::tracking(layout));
    docx = docx.add_style(normal);

    // The title: centred, off the grid and untracked (its characters are larger than the
    // grid's), one empty grid line after it.
    let mut title = title_style(
        Style::new(TITLE, StyleType::Paragraph).name("Title"),
        layout,
        layout.font(Role::Title).size.pt().half_points(),
    )
    .based_on(NORMAL)
    .next(NORMAL)
    .align(AlignmentType::Center)
    .indent(Some(0), no_indent, None, None)
    .line_spacing(exact(pitch).after(pitch.twips().max(0) as u32))
    .snap_to_grid(false);
    title.run_property = title.run_property.spacing(0);
    docx = docx.add_style(title);

    for level in 1..=4u8 {
        let role = Role::heading(level);
        // Not based on Normal: a heading's closing mark may hang (see `patch::styles`).
        let mut style = in_role(
            Style::new(heading(level), StyleType::Paragraph).name(format!("heading {level}")),
            layout,
            role,
        )
        .next(NORMAL)
        .link(heading_char(level))
        .align(AlignmentType::Both)
        .indent(Some(0), indent, None, None)
        .line_spacing(exact(pitch))
        .outline_lvl(level as usize - 1);
        style.run_property = style.run_property.spacing(page::tracking(layout));
        style.paragraph_property = style.paragraph_property.keep_next(true).numbering(
            NumberingId::new(NUM_ID),
            IndentLevel::new(level as usize - 1),
        );
        docx = docx.add_style(style);

        let chars = in_role(
            Style::new(heading_char(level), StyleType::Character)
                .name(format!("Heading {level} Char")),
            layout,
            role,
        )
        .link(heading(level));
        docx = docx.add_style(chars);

        // The run-in style carries the heading list too, so that a paragraph an editor gives
        // this style is numbered on the heading's level, counting with the headings of that
        // level; its text is body text (the heading words take the character style).
        let mut run_in = Style::new(run_in(level), StyleType::Paragraph)
            .name(format!("Run-in Heading {level}"))
            .based_on(NORMAL)
            .next(NORMAL)
            .outline_lvl(level as usize - 1);
        run_in.paragraph_property = run_in.paragraph_property.numbering(
            NumberingId::new(NUM_ID),
            IndentLevel::new(level as usize - 1),
        );
        docx = docx.add_style(run_in);
    }

    let mut footer = in_role(
        Style::new(FOOTER, StyleType::Paragraph).name("footer"),
        layout,
        Role::PageNumber,
    )
    .based_on(NORMAL)
    .indent(Some(0), no_indent, None, None)
    .line_spacing(exact(footer_line(layout)))
    .snap_to_grid(false);
    footer.run_property = footer.run_property.spacing(0);
    docx.add_style(footer)
}
