//! A yearbook as one DOCX: cover, a table of contents Word fills in when it opens the file,
//! the preface, then each part and report in a section of its own that starts on an odd page;
//! every report's headings count afresh on their own instance of the one heading list.

use docx_rs::{
    AlignmentType, Docx, FieldCharType, InstrText, PageNumType, Paragraph, Run, SectionProperty,
    SectionType, SpecialIndentType, Style, StyleType,
};

use super::{ParaIds, body, numbering, package, page, styles, table, write_failed};
use crate::diag::Diagnostic;
use crate::doc::Book;
use crate::layout::{Layout, Role};

/// The style of part titles (and the preface's), level 1 of the table of contents.
const PART: &str = "PartTitle";
/// The style of the cover's title, left out of the table of contents.
const COVER: &str = "CoverTitle";
/// The style of the contents' own title, left out of it.
const CONTENTS: &str = "ContentsTitle";

/// Renders `book` as one DOCX laid out by `layout`.
pub fn render_book(book: &Book, layout: &Layout) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let mut ids = ParaIds::default();
    let reports: usize = book.parts.iter().map(|p| p.reports.len()).sum();
    let mut docx = styles::add(Docx::new(), layout);
    docx = book_styles(docx, layout);
    let reports_with_tables: Vec<_> = book
        .parts
        .iter()
        .flat_map(|p| &p.reports)
        .filter(|r| table::needed(r))
        .collect();
    for r in &reports_with_tables {
        table::missing_pictures(r)?;
    }
    if !reports_with_tables.is_empty() {
        docx = table::add_styles(docx, layout);
    }
    docx = numbering::add(docx, layout);
    docx = numbering::add_restarts(docx, reports.saturating_sub(1));
    docx = page::setup(docx, layout, &mut ids);
    // Every section has the page, margins, grid and footers of the report's DOCX; the cover
    // and the contents have no footers (page numbers start with the preface).
    let numbered = starting(docx.document.section_property.clone(), SectionType::OddPage);
    let mut plain = numbered.clone();
    plain.footer_reference = None;
    plain.footer = None;
    plain.even_footer_reference = None;
    plain.even_footer = None;

    for line in &book.cover_title {
        docx = docx.add_paragraph(
            Paragraph::new()
                .id(ids.next())
                .style(COVER)
                .add_run(Run::new().add_text(line)),
        );
    }
    for line in &book.cover_lines {
        docx = docx.add_paragraph(centred(line, &mut ids));
    }
    docx = docx.add_paragraph(end_of_section(
        starting(plain.clone(), SectionType::NextPage),
        &mut ids,
    ));

    docx = docx.add_paragraph(centred_in(&book.contents_title, CONTENTS, &mut ids));
    for p in contents(book, &mut ids) {
        docx = docx.add_paragraph(p);
    }
    docx = docx.add_paragraph(end_of_section(plain, &mut ids));

    let mut first_numbered = true;
    let numbered_section = |first: &mut bool| {
        let s = numbered.clone();
        if std::mem::replace(first, false) {
            s.page_num_type(PageNumType::new().start(1))
        } else {
            s
        }
    };
    if let Some((title, paragraphs)) = &book.preface {
        docx = docx.add_paragraph(
            Paragraph::new()
                .id(ids.next())
                .style(PART)
                .add_run(Run::new().add_text(title)),
        );
        for p in paragraphs {
            docx = docx.add_paragraph(
                Paragraph::new()
                    .id(ids.next())
                    .style(styles::NORMAL)
                    .add_run(body::text_run(p)),
            );
        }
        docx = docx.add_paragraph(end_of_section(
            numbered_section(&mut first_numbered),
            &mut ids,
        ));
    }
    let mut list = numbering::NUM_ID;
    let last_report = (
        book.parts.len(),
        book.parts.last().map_or(0, |p| p.reports.len()),
    );
    for (pi, part) in book.parts.iter().enumerate() {
        docx = docx.add_paragraph(
            Paragraph::new()
                .id(ids.next())
                .style(PART)
                .add_run(Run::new().add_text(&part.title)),
        );
        docx = docx.add_paragraph(end_of_section(
            numbered_section(&mut first_numbered),
            &mut ids,
        ));
        for (ri, report) in part.reports.iter().enumerate() {
            docx = body::add_on_list(docx, report, layout, &mut ids, list);
            list += 1;
            // The last section's properties are the document's own (below).
            if (pi + 1, ri + 1) != last_report {
                docx = docx.add_paragraph(end_of_section(numbered.clone(), &mut ids));
            }
        }
    }
    docx.document.section_property = numbered;
    docx.document_rels.has_numberings = true;
    package::write(docx.build(), &book.meta, layout, true).map_err(write_failed)
}

/// Section properties `props` for a section that starts as `how` says.
fn starting(mut props: SectionProperty, how: SectionType) -> SectionProperty {
    props.section_type = Some(how);
    props
}

/// An empty paragraph that ends a section with properties `props`.
fn end_of_section(props: SectionProperty, ids: &mut ParaIds) -> Paragraph {
    Paragraph::new()
        .id(ids.next())
        .style(styles::NORMAL)
        .section_property(props)
}

fn centred(text: &str, ids: &mut ParaIds) -> Paragraph {
    centred_in(text, styles::NORMAL, ids)
}

fn centred_in(text: &str, style: &str, ids: &mut ParaIds) -> Paragraph {
    Paragraph::new()
        .id(ids.next())
        .style(style)
        .align(AlignmentType::Center)
        .add_run(Run::new().add_text(text))
}

/// The table of contents: a TOC field listing parts (and the preface), reports (their titles,
/// in the Title style) and each report's level-1 headings, as Word lists them by style. Its
/// result is pre-filled with the entries as plain lines (no page numbers) so that a reader that
/// does not update fields still shows them; `w:updateFields` and the dirty field make Word fill
/// in the page numbers when it opens the file.
fn contents(book: &Book, ids: &mut ParaIds) -> Vec<Paragraph> {
    let mut entries: Vec<(String, usize)> = Vec::new();
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
    let instr = format!(r#"TOC \h \z \t "{},1,Title,2,heading 1,3""#, "Part Title");
    let last = entries.len().saturating_sub(1);
    let mut out = Vec::new();
    for (i, (text, level)) in entries.iter().enumerate() {
        let mut p = Paragraph::new()
            .id(ids.next())
            .style(styles::NORMAL)
            .indent(
                Some(((*level as i32) - 1) * 640),
                Some(SpecialIndentType::FirstLine(0)),
                None,
                None,
            );
        if i == 0 {
            p = p.add_run(
                Run::new()
                    .add_field_char(FieldCharType::Begin, true)
                    .add_instr_text(InstrText::Unsupported(instr.clone()))
                    .add_field_char(FieldCharType::Separate, false),
            );
        }
        p = p.add_run(Run::new().add_text(text));
        if i == last {
            p = p.add_run(Run::new().add_field_char(FieldCharType::End, false));
        }
        out.push(p);
    }
    out
}

/// The book's own styles: cover title and part titles, in the title role's fonts.
fn book_styles(docx: Docx, layout: &Layout) -> Docx {
    let size = |s: crate::layout::FontSize| s.pt().half_points();
    let fonts = styles::fonts(layout.font(Role::Title));
    let title = |id: &str, name: &str, half_points: usize| {
        let mut st = Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on(styles::NORMAL)
            .next(styles::NORMAL)
            .align(AlignmentType::Center)
            .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
            .fonts(fonts.clone())
            .size(half_points);
        if layout.font(Role::Title).bold {
            st = st.bold();
        }
        st.paragraph_property = st.paragraph_property.keep_next(true);
        st
    };
    docx.add_style(title(COVER, "Cover Title", size(layout.book.cover_size)))
        .add_style(title(PART, "Part Title", size(layout.book.part_size)))
        .add_style(title(
            CONTENTS,
            "Contents Title",
            size(layout.font(Role::Title).size),
        ))
}
