//! Tables and charts in the DOCX: a real Word table (fixed layout, the builder's column widths,
//! `gridSpan` and `vMerge` for merged cells, header rows repeated on every page), a chart as its
//! picture, captions and notes as paragraphs in their own styles.
//!
//! docx-rs cannot mark a row as a header (`w:tblHeader`); the header cells' paragraphs carry
//! the style [`TABLE_HEADING`], by which [`super::patch`] finds the rows to mark.

use docx_rs::{
    AlignmentType, BreakType, Docx, Paragraph, Pic, Run, SpecialIndentType, Style, StyleType,
    Table, TableAlignmentType, TableBorder, TableBorderPosition, TableBorders, TableCell,
    TableCellMargins, TableLayoutType, TableRow, VAlignType, VMergeType, WidthType,
};

use super::body::{tabbed, text_run};
use super::{ParaIds, styles};
use crate::doc::{Align, Block, Cell, Chart, Document, Row};
use crate::layout::{Layout, Role};

/// The paragraph style of body cells.
pub const TABLE_TEXT: &str = "TableText";
/// The paragraph style of header cells; it marks their rows as repeated header rows.
pub const TABLE_HEADING: &str = "TableHeading";
/// The paragraph style of captions (表1, 图1).
pub const CAPTION: &str = "Caption";
/// The paragraph style of a table's notes.
pub const TABLE_NOTE: &str = "TableNote";
/// The paragraph style holding a chart's picture.
pub const CHART: &str = "Chart";

/// Whether the document has tables or charts (and so needs [`add_styles`]).
pub fn needed(doc: &Document) -> bool {
    doc.blocks
        .iter()
        .any(|b| matches!(b, Block::Table(_) | Block::Chart(_)))
}

/// Refuses a document whose charts have no pictures: the PDF backend draws them
/// (`typst::draw_pictures`), the DOCX only places them.
pub fn missing_pictures(doc: &Document) -> Result<(), Vec<crate::diag::Diagnostic>> {
    let missing = doc
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Chart(c) if c.picture.is_none()));
    if missing {
        return Err(vec![
            crate::diag::Diagnostic::error("a chart has no picture for the DOCX")
                .hint("charts are drawn by the PDF backend: call gongwen::typst::draw_pictures before docx::render"),
        ]);
    }
    Ok(())
}

/// A style in a role's fonts, off the page's character grid (a table's text is smaller than
/// the body's), with no first-line indent and no tracking.
fn off_grid(id: &str, name: &str, layout: &Layout, role: Role) -> Style {
    let font = layout.font(role);
    let mut style = Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on(styles::NORMAL)
        .next(styles::NORMAL)
        .fonts(styles::fonts(font))
        .size(font.size.pt().half_points())
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
        .line_spacing(styles::single())
        .snap_to_grid(false);
    if font.bold {
        style = style.bold();
    }
    style.run_property = style.run_property.spacing(0);
    style
}

/// The styles tables and charts use.
pub fn add_styles(docx: Docx, layout: &Layout) -> Docx {
    let text = off_grid(TABLE_TEXT, "Table Text", layout, Role::Table).align(AlignmentType::Left);
    let heading = off_grid(TABLE_HEADING, "Table Heading", layout, Role::Table)
        .based_on(TABLE_TEXT)
        .align(AlignmentType::Center);
    // A little air around a table or chart, as the PDF leaves: 6 pt before a caption and a
    // chart, after a note.
    let note = off_grid(TABLE_NOTE, "Table Note", layout, Role::Table)
        .align(AlignmentType::Left)
        .line_spacing(styles::single().after(120));
    let mut caption = off_grid(CAPTION, "caption", layout, Role::Caption)
        .align(AlignmentType::Center)
        .line_spacing(styles::single().before(120).after(60));
    caption.paragraph_property = caption.paragraph_property.keep_next(true);
    let mut chart = off_grid(CHART, "Chart", layout, Role::Table)
        .align(AlignmentType::Center)
        .line_spacing(styles::single().before(120));
    chart.paragraph_property = chart.paragraph_property.keep_next(true);
    docx.add_style(text)
        .add_style(heading)
        .add_style(note)
        .add_style(caption)
        .add_style(chart)
}

fn jc(a: Align) -> AlignmentType {
    match a {
        Align::Left => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::Right => AlignmentType::Right,
    }
}

/// A cell's run: its lines as the builder broke them, Word line breaks between.
fn cell_run(c: &Cell) -> Run {
    let mut r = Run::new();
    for (i, line) in c.lines().enumerate() {
        if i > 0 {
            r = r.add_break(BreakType::TextWrapping);
        }
        r = tabbed(r, line);
    }
    r
}

fn paragraph(text: &str, style: &str, ids: &mut ParaIds) -> Paragraph {
    Paragraph::new()
        .id(ids.next())
        .style(style)
        .add_run(text_run(text))
}

/// `keep`: the row is kept on the page of the next (`Row::keep`, the builder's decision): its
/// paragraphs are kept with the next, as Word keeps rows together.
fn cell(c: &Cell, widths: &[i32], header: bool, keep: bool, ids: &mut ParaIds) -> TableCell {
    let width: i32 = widths[c.col..(c.col + c.cols).min(widths.len())]
        .iter()
        .sum();
    let style = if header { TABLE_HEADING } else { TABLE_TEXT };
    let para = if c.merged {
        Paragraph::new().id(ids.next()).style(style)
    } else {
        Paragraph::new()
            .id(ids.next())
            .style(style)
            .add_run(cell_run(c))
    };
    let mut tc = TableCell::new()
        .add_paragraph(para.align(jc(c.align)).keep_next(keep))
        .width(width.max(0) as usize, WidthType::Dxa)
        .vertical_align(VAlignType::Center);
    if c.cols > 1 {
        tc = tc.grid_span(c.cols);
    }
    if c.merged {
        tc = tc.vertical_merge(VMergeType::Continue);
    } else if c.rows > 1 {
        tc = tc.vertical_merge(VMergeType::Restart);
    }
    tc
}

/// A row that never splits across pages (`w:cantSplit`): a form's label and its numbers stay
/// on one page; a row the builder keeps with the next (a heading row, a group's first rows)
/// has its paragraphs kept with the next.
fn row(r: &Row, widths: &[i32], header: bool, ids: &mut ParaIds) -> TableRow {
    let keep = r.keep || r.heading;
    TableRow::new(
        r.cells
            .iter()
            .map(|c| cell(c, widths, header, keep, ids))
            .collect(),
    )
    .cant_split()
}

/// Adds a table: its caption, the table, its notes.
pub fn add_table(
    mut docx: Docx,
    t: &crate::doc::Table,
    layout: &Layout,
    ids: &mut ParaIds,
) -> Docx {
    if let Some(c) = &t.caption {
        docx = docx.add_paragraph(paragraph(&c.text, CAPTION, ids));
    }
    let widths: Vec<i32> = t.widths.iter().map(|w| w.twips()).collect();
    let mut rows: Vec<TableRow> = t
        .header
        .iter()
        .map(|r| row(r, &widths, true, ids))
        .collect();
    rows.extend(t.body.iter().map(|r| row(r, &widths, false, ids)));
    // Border sizes are in eighths of a point.
    let size = (layout.table.rule.to_pt().0 * 8.0).round().max(2.0) as usize;
    let border = |p| TableBorder::new(p).size(size).color("000000");
    let borders = TableBorders::with_empty()
        .set(border(TableBorderPosition::Top))
        .set(border(TableBorderPosition::Left))
        .set(border(TableBorderPosition::Bottom))
        .set(border(TableBorderPosition::Right))
        .set(border(TableBorderPosition::InsideH))
        .set(border(TableBorderPosition::InsideV));
    let (x, y) = (
        layout.table.pad_x.twips().max(0) as usize,
        layout.table.pad_y.twips().max(0) as usize,
    );
    let table = Table::new(rows)
        .set_grid(widths.iter().map(|w| (*w).max(0) as usize).collect())
        .width(widths.iter().sum::<i32>().max(0) as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .align(TableAlignmentType::Center)
        .margins(TableCellMargins::new().margin(y, x, y, x))
        .set_borders(borders);
    docx = docx.add_table(table);
    for (note, _) in &t.notes {
        docx = docx.add_paragraph(paragraph(note, TABLE_NOTE, ids));
    }
    docx
}

/// EMUs (English Metric Units) per point.
const EMU_PER_PT: f64 = 12700.0;

/// Adds a chart: its picture (drawn for it by the PDF backend), then its caption.
pub fn add_chart(mut docx: Docx, c: &Chart, ids: &mut ParaIds) -> Docx {
    if let Some(p) = &c.picture {
        let id = ids.next();
        let pic = Pic::new_with_dimensions(p.png.clone(), p.width, p.height)
            .size(
                (c.width.0 * EMU_PER_PT).round() as u32,
                (c.height.0 * EMU_PER_PT).round() as u32,
            )
            .id(format!("rIdChart{id}"));
        docx = docx.add_paragraph(
            Paragraph::new()
                .id(id)
                .style(CHART)
                .add_run(Run::new().add_image(pic)),
        );
    }
    if let Some(cap) = &c.caption {
        docx = docx.add_paragraph(paragraph(&cap.text, CAPTION, ids));
    }
    docx
}
