//! A yearbook as one DOCX: cover, a table of contents pre-filled with the PDF's page numbers
//! (Word updates it when it opens the file), the preface, then each part and report in a
//! section of its own that starts on an odd page, a report's pages under a running header with
//! its title (not on its first page); every report's headings count afresh on their own
//! instance of the one heading list.

use docx_rs::{
    AlignmentType, BorderType, BuildXML, Docx, FooterReference, Header, HeaderReference,
    PageNumType, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run,
    SectionProperty, SectionType, SpecialIndentType, Style, StyleType,
};

use super::toc::{FRONT, PART};
use super::{ParaIds, body, notes, numbering, package, page, styles, table, toc, write_failed};
use crate::diag::Diagnostic;
use crate::doc::{Book, PageOf};
use crate::layout::{Layout, Role};

/// The style of the running header.
const HEADER: &str = "Header";
/// The style of the cover's title, left out of the table of contents.
const COVER: &str = "CoverTitle";
/// The style of the contents' own title, left out of it.
const CONTENTS: &str = "ContentsTitle";

/// Renders `book` as one DOCX laid out by `layout`. `outline` is the book's PDF outline with
/// its page numbers ([`crate::typst::Pdf::outline`]), which the contents show; empty, the
/// contents list the entries without numbers.
pub fn render_book(
    book: &Book,
    layout: &Layout,
    outline: &[PageOf],
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let mut ids = ParaIds::default();
    let reports: usize = book.parts.iter().map(|p| p.reports.len()).sum();
    let mut docx = styles::add(Docx::new(), layout);
    docx = book_styles(docx, layout);
    docx = toc::add_styles(docx, layout);
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
    if book
        .parts
        .iter()
        .flat_map(|p| &p.reports)
        .any(notes::needed)
    {
        docx = notes::add_styles(docx, layout);
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
    // The running headers: part 1 is empty (cover, contents, preface, part titles and a
    // report's first page), parts 2k and 2k + 1 hold report k's title for odd and even pages
    // (one part each: LibreOffice shows a part named for both on odd pages only).
    let mut headers = vec![Header::new().add_paragraph(Paragraph::new().id(ids.next()))];
    for report in book.parts.iter().flat_map(|p| &p.reports) {
        for _ in 0..2 {
            headers.push(
                Header::new().add_paragraph(running_header(&report.title.concat(), &mut ids)),
            );
        }
    }
    for _ in &headers {
        docx.document_rels.header_count += 1;
        docx.content_type = docx.content_type.add_header();
    }
    let plain = with_headers(plain, (1, 1), 1);
    let numbered_front = with_headers(numbered.clone(), (1, 1), 1);
    let mut report_no = 0;
    let mut report_section = || {
        report_no += 1;
        with_headers(numbered.clone(), (2 * report_no, 2 * report_no + 1), 1)
    };

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
    for p in toc::contents(book, outline, &mut ids)? {
        docx = docx.add_paragraph(p);
    }
    docx = docx.add_paragraph(end_of_section(plain, &mut ids));

    let mut first_numbered = true;
    let numbered_section = |first: &mut bool| {
        let s = numbered_front.clone();
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
                .style(FRONT)
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
    let mut last_section = None;
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
            let section = report_section();
            // The last section's properties are the document's own (below).
            if (pi + 1, ri + 1) != last_report {
                docx = docx.add_paragraph(end_of_section(section, &mut ids));
            } else {
                last_section = Some(section);
            }
        }
    }
    docx.document.section_property = last_section.unwrap_or(numbered_front);
    docx.document_rels.has_numberings = true;
    let mut parts = docx.build();
    // docx-rs writes the header parts of the last section only; these are every section's.
    parts.headers = headers.iter().map(|h| h.build()).collect();
    parts.header_rels = Vec::new();
    package::write(parts, &book.meta, layout, true).map_err(write_failed)
}

/// `props` with its header references on header parts `odd`, `even` and `first` (1-based, as
/// docx-rs names them `rIdHeaderN`), and a first-page footer that is the odd pages' one (a
/// section starts on an odd page). A section names all three, so that none inherits the
/// previous section's.
fn with_headers(
    mut props: SectionProperty,
    (odd, even): (usize, usize),
    first: usize,
) -> SectionProperty {
    let rid = |n: usize| format!("rIdHeader{n}");
    props.header_reference = Some(HeaderReference::new("default", rid(odd)));
    props.even_header_reference = Some(HeaderReference::new("even", rid(even)));
    props.first_header_reference = Some(HeaderReference::new("first", rid(first)));
    props.header = None;
    props.even_header = None;
    props.first_header = None;
    props.first_footer = None;
    props.first_footer_reference = props
        .footer_reference
        .as_ref()
        .map(|f| FooterReference::new("first", f.id.clone()));
    props.title_pg = true;
    props
}

/// The running header's paragraph: the report's title, centred over a rule.
fn running_header(title: &str, ids: &mut ParaIds) -> Paragraph {
    Paragraph::new()
        .id(ids.next())
        .style(HEADER)
        .add_run(body::text_run(title))
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

/// The book's own styles: cover title and part titles, in the title role's fonts.
fn book_styles(docx: Docx, layout: &Layout) -> Docx {
    let size = |s: crate::layout::FontSize| s.pt().half_points();
    let title = |id: &str, name: &str, half_points: usize| {
        let mut st = styles::title_style(
            Style::new(id, StyleType::Paragraph)
                .name(name)
                .based_on(styles::NORMAL)
                .next(styles::NORMAL)
                .align(AlignmentType::Center)
                .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None),
            layout,
            half_points,
        );
        st.paragraph_property = st.paragraph_property.keep_next(true);
        st
    };
    // The preface's and the contents' titles look like a report's title, as in the PDF.
    let like_title = |id: &str, name: &str| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on(styles::TITLE)
            .next(styles::NORMAL)
    };
    // The running header: the page-number role's fonts at the book's header size, centred,
    // off the grid and untracked, over a 0.5 pt rule 3 pt below the text.
    let font = layout.font(Role::PageNumber);
    let mut header = Style::new(HEADER, StyleType::Paragraph)
        .name("header")
        .based_on(styles::NORMAL)
        .align(AlignmentType::Center)
        .indent(Some(0), Some(SpecialIndentType::FirstLine(0)), None, None)
        .fonts(styles::fonts(font))
        .size(size(layout.book.header_size))
        .line_spacing(styles::single())
        .snap_to_grid(false);
    header.run_property = header.run_property.spacing(0);
    header.paragraph_property = header.paragraph_property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(4)
                .space(3)
                .color("000000"),
        ),
    );
    docx.add_style(title(COVER, "Cover Title", size(layout.book.cover_size)))
        .add_style(title(PART, "Part Title", size(layout.book.part_size)))
        .add_style(like_title(FRONT, "Front Title"))
        .add_style(like_title(CONTENTS, "Contents Title"))
        .add_style(header)
}
