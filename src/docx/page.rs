//! The page: A4 and margins, the line grid, 28 characters a line, and odd and even footers.

use docx_rs::{
    AlignmentType, DocGrid, DocGridType, Docx, Footer, PageMargin, PageNum, Paragraph, Run,
};

use super::{ParaIds, styles};
use crate::layout::{Layout, Mm, Pt, Role, Side};

/// Sets page size, margins, the document grid and the footers.
pub fn setup(docx: Docx, layout: &Layout, ids: &mut ParaIds) -> Docx {
    let page = &layout.page;
    let bottom = page.margin_bottom();
    // The footer's bottom edge, measured from the paper's bottom edge: the number's line then
    // starts `below` under the type area.
    let footer = Mm(bottom.0 - layout.page_number.below.0 - styles::footer_line(layout).to_mm().0)
        .twips()
        .max(0);
    let top = page.margin_top.twips();
    let margin = PageMargin::new()
        .top(top)
        .left(page.margin_left.twips())
        .right(page.margin_right().twips())
        .bottom(bottom.twips())
        .header(851.min(top / 2))
        .footer(footer)
        .gutter(0);
    let mut docx = docx
        .page_size(
            page.width.twips().max(0) as u32,
            page.height.twips().max(0) as u32,
        )
        .page_margin(margin);
    docx.document = docx.document.doc_grid(grid(layout));
    let odd = footer_paragraph(layout, layout.page_number.odd, ids);
    let even = footer_paragraph(layout, layout.page_number.even, ids);
    // `even_footer` also turns on `evenAndOddHeaders` in the settings.
    docx.footer(Footer::new().add_paragraph(odd))
        .even_footer(Footer::new().add_paragraph(even))
}

/// The line pitch as Word meets it: the type area's height between the margins in whole twips
/// (as written, so rounded) shared by the grid's lines and rounded down, so that `lines` lines
/// of exactly this height fit (579 twips, the office recipe's 28.95 pt, for GB/T 9704).
pub fn line_pitch(layout: &Layout) -> Pt {
    let page = &layout.page;
    let height = page.height.twips() - page.margin_top.twips() - page.margin_bottom().twips();
    Pt(f64::from(height.max(0) / layout.grid.lines.max(1) as i32) / 20.0)
}

/// The type area's width as Word meets it: between the (rounded) margins.
pub fn type_width(layout: &Layout) -> Pt {
    let page = &layout.page;
    let width = page.width.twips() - page.margin_left.twips() - page.margin_right().twips();
    Pt(f64::from(width.max(0)) / 20.0)
}

/// The character pitch as Word meets it: the type area's width shared by the grid's characters.
pub fn char_pitch(layout: &Layout) -> Pt {
    Pt(type_width(layout).0 / f64::from(layout.grid.chars.max(1)))
}

/// The first-line indent of body text and headings: `grid.indent` character pitches.
pub fn indent(layout: &Layout) -> Pt {
    Pt(char_pitch(layout).0 * f64::from(layout.grid.indent))
}

/// Character spacing (`w:spacing`, in twips) of body text and headings: the character pitch's
/// shortfall against the body size, rounded down to whole twips (-5, so -0.25 pt, for GB/T 9704),
/// so that `chars` characters fit on a line and one more does not. Zero when the pitch is at
/// least the body size.
pub fn tracking(layout: &Layout) -> i32 {
    let excess = (char_pitch(layout).0 - layout.body_size().0) * 20.0;
    if excess < 0.0 {
        excess.floor() as i32
    } else {
        0
    }
}

/// The document grid: `lines` lines of the line pitch a page (Word's 每页 22 行).
///
/// The grid is a line grid (`w:type="lines"`), not Word's line-and-character grid, because of
/// how LibreOffice (7.4) reads the latter: it makes the cell the Normal style's size plus
/// `w:charSpace` (16 pt − 842/4096 pt, 15.73 pt as it rounds), sets every character wider than
/// a cell on two cells and does not count character spacing. A 16 pt hanzi is wider than the
/// 15.79 pt a 28-cell line allows, so the reference report, measured with `linesAndChars`, came
/// out on 30 pages instead of 19 at about 14 characters a line (and on 32 pages with charSpace
/// −600 or −820; with 0 it keeps 16 pt cells, 27 a line in Word). The 28 characters a line come
/// from [`tracking`] instead, which Word and LibreOffice both honour. `w:charSpace` still holds
/// the pitch's excess over the body size in 4096ths of a point, rounded down (-842, the usual
/// office templates' value), so that an editor who switches Word to the character grid gets 28
/// a line.
fn grid(layout: &Layout) -> DocGrid {
    let excess = (char_pitch(layout).0 - layout.body_size().0) * 4096.0;
    DocGrid::new()
        .grid_type(DocGridType::Lines)
        .line_pitch(line_pitch(layout).twips().max(1) as usize)
        .char_space(excess.floor() as isize)
}

/// The footer paragraph of one side: the layout's page-number format around a PAGE field,
/// `inset` characters (of the page-number size) in from that side of the type area.
fn footer_paragraph(layout: &Layout, side: Side, ids: &mut ParaIds) -> Paragraph {
    let pn = &layout.page_number;
    let inset = Pt(layout.font(Role::PageNumber).size.pt().0 * pn.inset as f64).twips();
    let (before, after) = pn.parts();
    let p = Paragraph::new().id(ids.next()).style(styles::FOOTER);
    let p = match side {
        Side::Left => p
            .align(AlignmentType::Left)
            .indent(Some(inset), None, None, None),
        Side::Right => p
            .align(AlignmentType::Right)
            .indent(Some(0), None, Some(inset), None),
    };
    let p = if before.is_empty() {
        p
    } else {
        p.add_run(Run::new().add_text(before))
    };
    let p = p.add_page_num(PageNum::new());
    if after.is_empty() {
        p
    } else {
        p.add_run(Run::new().add_text(after))
    }
}
