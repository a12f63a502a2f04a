//! A yearbook's table of contents: a TOC field whose result is pre-filled with the entries in
//! Word's own TOC 1–3 styles (right tab, dot leaders) and the page numbers of the PDF.

use docx_rs::{
    Docx, FieldCharType, InstrText, Paragraph, Run, SpecialIndentType, Style, StyleType, Tab,
    TabLeaderType, TabValueType,
};

use super::{ParaIds, page, styles};
use crate::diag::Diagnostic;
use crate::doc::{Book, PageOf};
use crate::layout::{Layout, Role};

/// The style of part titles, level 1 of the table of contents.
pub const PART: &str = "PartTitle";
/// The style of the preface's title (the report title's look), level 1 of the contents.
pub const FRONT: &str = "FrontTitle";

/// The style id of contents level `level` (1 to 3): Word's built-in `toc 1`–`toc 3`, which
/// Word itself uses when it updates the field.
fn toc(level: u8) -> String {
    format!("TOC{level}")
}

/// Word's TOC styles 1–3: no first-line indent, each level indented two characters more than
/// the one above, a right tab at the type area's right edge with dot leaders, the page number
/// after it. Level 1 (parts, preface) in the level-1 heading's fonts, as the PDF's contents.
pub fn add_styles(mut docx: Docx, layout: &Layout) -> Docx {
    let width = page::type_width(layout).twips().max(0) as usize;
    let indent = page::indent(layout).twips();
    for level in 1..=3u8 {
        let mut style = Style::new(toc(level), StyleType::Paragraph)
            .name(format!("toc {level}"))
            .based_on(styles::NORMAL)
            .next(styles::NORMAL)
            .indent(
                Some(indent * i32::from(level - 1)),
                Some(SpecialIndentType::FirstLine(0)),
                None,
                None,
            );
        if level == 1 {
            let font = layout.font(Role::Heading1);
            style = style.fonts(styles::fonts(font));
        }
        style.paragraph_property = style.paragraph_property.add_tab(
            Tab::new()
                .val(TabValueType::Right)
                .leader(TabLeaderType::Dot)
                .pos(width),
        );
        docx = docx.add_style(style);
    }
    docx
}

/// The entries of the contents, in order: the preface and the parts (level 1), the reports'
/// titles (2) and each report's level-1 headings (3), as the PDF's outline lists them.
fn entries(book: &Book) -> Vec<(String, u8)> {
    let mut entries: Vec<(String, u8)> = Vec::new();
    if let Some((title, _)) = &book.preface {
        entries.push((title.clone(), 1));
    }
    for part in &book.parts {
        entries.push((part.title.clone(), 1));
        for report in &part.reports {
            entries.push((report.title.concat(), 2));
            entries.extend(
                report
                    .headings()
                    .filter(|h| h.level == 1)
                    .map(|h| (h.text(), 3)),
            );
        }
    }
    entries
}

/// The page of every entry, from the PDF's outline (its entries of levels 1–3, which must be
/// the contents' own, in order); `None` for each when there is no outline (no PDF was made).
fn pages(entries: &[(String, u8)], outline: &[PageOf]) -> Result<Vec<Option<u64>>, Diagnostic> {
    if outline.is_empty() {
        return Ok(vec![None; entries.len()]);
    }
    let listed: Vec<&PageOf> = outline.iter().filter(|e| e.level <= 3).collect();
    if listed.len() != entries.len() {
        return Err(Diagnostic::error(format!(
            "the PDF's contents list {} entries, the DOCX's {}",
            listed.len(),
            entries.len()
        ))
        .hint("this is a bug in gongwen; build with --pdf alone to get the PDF meanwhile"));
    }
    entries
        .iter()
        .zip(listed)
        .map(|((title, level), e)| {
            if e.title == *title && e.level == *level {
                Ok(Some(e.page))
            } else {
                Err(Diagnostic::error(format!(
                    "the PDF's contents entry `{}` stands where the DOCX has `{title}`",
                    e.title
                ))
                .hint("this is a bug in gongwen; build with --pdf alone to get the PDF meanwhile"))
            }
        })
        .collect()
}

/// The table of contents: a TOC field listing parts and the preface, reports (their titles,
/// in the Title style) and each report's level-1 headings, as Word lists them by style. Its
/// result is pre-filled with the entries, each with the page number the PDF prints for it
/// (`outline`), so that a reader that does not update fields (LibreOffice, a print shop's
/// converter) shows a whole contents page; `w:updateFields` makes Word update it on opening.
pub fn contents(
    book: &Book,
    outline: &[PageOf],
    ids: &mut ParaIds,
) -> Result<Vec<Paragraph>, Vec<Diagnostic>> {
    let entries = entries(book);
    let pages = pages(&entries, outline).map_err(|d| vec![d])?;
    let instr = format!(
        r#"TOC \h \z \t "{},1,{},1,{},2,heading 1,3""#,
        "Part Title", "Front Title", "Title"
    );
    let last = entries.len().saturating_sub(1);
    let mut out = Vec::new();
    for (i, ((text, level), page)) in entries.iter().zip(pages).enumerate() {
        let mut p = Paragraph::new().id(ids.next()).style(&toc(*level));
        if i == 0 {
            p = p.add_run(
                Run::new()
                    .add_field_char(FieldCharType::Begin, true)
                    .add_instr_text(InstrText::Unsupported(instr.clone()))
                    .add_field_char(FieldCharType::Separate, false),
            );
        }
        p = p.add_run(Run::new().add_text(text));
        if let Some(n) = page {
            p = p.add_run(Run::new().add_tab().add_text(n.to_string()));
        }
        if i == last {
            p = p.add_run(Run::new().add_field_char(FieldCharType::End, false));
        }
        out.push(p);
    }
    Ok(out)
}
