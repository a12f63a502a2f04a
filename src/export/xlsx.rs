//! The records as an XLSX workbook through rust_xlsxwriter: the first sheet the records (as the
//! CSV has them, numbers as numbers), then a sheet for each table of each report in the
//! form's own layout — its header rows and group labels merged as printed.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{HEADER, Record, Source};
use crate::doc::Table;

/// The workbook's bytes.
pub fn xlsx(sources: &[Source], records: &[Record]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let head = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name("数据")?;
    for (c, h) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &head)?;
    }
    for (i, r) in records.iter().enumerate() {
        let row = i as u32 + 1;
        for (c, f) in r.fields().iter().enumerate() {
            match (c, r.number) {
                (6, Some(n)) => sheet.write_number(row, c as u16, n)?,
                (6, None) if f.is_empty() => sheet,
                _ => sheet.write_string(row, c as u16, *f)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    for (c, w) in [12, 24, 10, 10, 36, 14, 10, 10].iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    for (i, s) in sources.iter().enumerate() {
        let Some(form) = &s.project.form else {
            continue;
        };
        for t in &form.tables {
            let Some(printed) = &t.printed else { continue };
            let sheet = book.add_worksheet();
            // Sheet names: at most 31 characters, unique: the report's number and the table.
            sheet.set_name(format!("{} {}", i + 1, t.name))?;
            let title = format!("{} — {}", s.project.doc.meta.title, t.title);
            sheet.write_string_with_format(0, 0, title, &head)?;
            layout(sheet, printed, 2)?;
        }
    }
    book.save_to_buffer()
}

/// Writes `table` from row `top`: each cell at its grid place, spans merged, numbers as numbers.
fn layout(sheet: &mut Worksheet, table: &Table, top: u32) -> Result<(), XlsxError> {
    let boxed = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let centred = boxed
        .clone()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter);
    for (r, row) in table.header.iter().chain(&table.body).enumerate() {
        let y = top + r as u32;
        let header = r < table.header.len();
        for c in row.cells.iter().filter(|c| !c.merged) {
            let x = c.col as u16;
            let f = if header || c.cols > 1 || c.rows > 1 {
                &centred
            } else {
                &boxed
            };
            if c.cols > 1 || c.rows > 1 {
                sheet.merge_range(
                    y,
                    x,
                    y + c.rows as u32 - 1,
                    x + c.cols as u16 - 1,
                    &c.text,
                    f,
                )?;
                continue;
            }
            match crate::printed::printed(&c.text) {
                crate::printed::Printed::Number(n) if !header => {
                    sheet.write_number_with_format(y, x, n.parse::<f64>().unwrap_or(0.0), f)?
                }
                _ => sheet.write_string_with_format(y, x, &c.text, f)?,
            };
        }
    }
    let total: f64 = table.widths.iter().map(|w| w.0).sum::<f64>().max(1.0);
    for (i, w) in table.widths.iter().enumerate() {
        sheet.set_column_width(i as u16, (w.0 / total * 120.0).max(6.0))?;
    }
    Ok(())
}
