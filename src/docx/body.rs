//! The blocks as paragraphs: title, headings, paragraphs (some opened by run-ins), signature.

use docx_rs::{AlignmentType, BreakType, Docx, Paragraph, Run, SpecialIndentType};

use super::{ParaIds, numbering, page, styles};
use crate::doc::{Block, Document, Heading, Signature};
use crate::layout::{Layout, Pt};

/// Adds the title and every block of `doc`, in order.
pub fn add(docx: Docx, doc: &Document, layout: &Layout, ids: &mut ParaIds) -> Docx {
    add_on_list(docx, doc, layout, ids, numbering::NUM_ID)
}

/// Adds `doc` with its headings on list instance `num_id` (a book gives each report its own,
/// so that its numbers start afresh).
pub fn add_on_list(
    docx: Docx,
    doc: &Document,
    layout: &Layout,
    ids: &mut ParaIds,
    num_id: usize,
) -> Docx {
    let remarks = super::comments::Remarks::new(doc);
    let title = title(doc, ids);
    let on_title = remarks.at(&crate::doc::Anchor::Title, ids);
    let mut docx = docx.add_paragraph(super::comments::around(title, 0, None, on_title));
    for (i, block) in doc.blocks.iter().enumerate() {
        let from = docx.document.children.len();
        // The paragraph before the signature keeps with it (no signature alone on a page).
        let before_signature = matches!(doc.blocks.get(i + 1), Some(Block::Signature(_)));
        match block {
            Block::Heading(h) => {
                let mut para = heading(h, ids);
                if num_id != numbering::NUM_ID {
                    para = numbering::on_list(para, num_id, h.level);
                }
                docx = docx.add_paragraph(para);
            }
            Block::Paragraph(p) => {
                let para = Paragraph::new().id(ids.next());
                let mut para = match &p.lead {
                    Some(h) => run_in(para, h, num_id),
                    None => para.style(styles::NORMAL),
                };
                if before_signature {
                    para.property = para.property.keep_next(true);
                }
                // A run-in heading's comments stand around its words, the paragraph's first run.
                let on_lead = match &p.lead {
                    Some(_) => remarks.at(&crate::doc::Anchor::Heading(i), ids),
                    None => Vec::new(),
                };
                let para = super::comments::around(para, 0, Some(1), on_lead);
                let cuts = remarks.in_text(i, ids);
                docx = docx.add_paragraph(super::notes::add_text(para, p, ids, cuts));
            }
            Block::Signature(s) => {
                let lines = signature(s, layout, ids);
                let blank = lines.len() - s.lines.len();
                for (k, p) in lines.into_iter().enumerate() {
                    let line = crate::doc::Anchor::Line {
                        block: i,
                        line: k.wrapping_sub(blank),
                    };
                    let on = remarks.at(&line, ids);
                    docx = docx.add_paragraph(super::comments::around(p, 0, None, on));
                }
            }
            Block::Table(t) => docx = super::table::add_table(docx, t, layout, ids),
            Block::Chart(c) => docx = super::table::add_chart(docx, c, ids),
        }
        if remarks.any_in(i) {
            let heading = matches!(block, Block::Heading(_));
            docx = super::comments::place(docx, from, i, heading, &remarks, ids);
        }
    }
    docx
}

/// A run of report text. A tab (the only control character the builder lets through) becomes a
/// Word tab rather than a character Word would read as a space.
pub fn text_run(text: &str) -> Run {
    tabbed(Run::new(), text)
}

/// `text` added to `run`, tabs as Word tabs.
pub fn tabbed(mut run: Run, text: &str) -> Run {
    for (i, piece) in text.split('\t').enumerate() {
        if i > 0 {
            run = run.add_tab();
        }
        if !piece.is_empty() {
            run = run.add_text(piece);
        }
    }
    run
}

/// The title: one paragraph, its printed lines separated by line breaks.
fn title(doc: &Document, ids: &mut ParaIds) -> Paragraph {
    let mut run = Run::new();
    for (i, line) in doc.title.iter().enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    Paragraph::new()
        .id(ids.next())
        .style(styles::TITLE)
        .add_run(run)
}

/// A heading on a line of its own: its style carries the numbering, so the paragraph holds
/// the words only and Word prints the live number before them.
fn heading(h: &Heading, ids: &mut ParaIds) -> Paragraph {
    Paragraph::new()
        .id(ids.next())
        .style(&styles::heading(h.level))
        .add_run(text_run(&h.title))
}

/// Makes `paragraph` a body paragraph opened by the run-in heading `h`.
///
/// LibreOffice ignores Word's style separator (a hidden heading paragraph mark), so a heading
/// paragraph followed by the body would print on two lines there. Instead the paragraph stays a
/// body paragraph that carries the heading list's `w:numPr` on the heading's level — the number
/// is live and counts together with the stand-alone headings of that level — with the heading
/// words in the character style linked to the heading style (same font) and the body words
/// following in the same paragraph.
///
/// The run-in style carries the same `w:numPr`, so that a paragraph an editor gives that style
/// is numbered too; the paragraph states it directly as well, because a book's reports number on
/// list instances of their own.
///
/// LibreOffice never breaks a line between a closing mark and a Latin letter or digit (an old
/// UAX #14 rule in its line breaker), so a justified first line ending …发展。2015年 breaks
/// before 展 there and spreads; Word breaks after 。. Nothing in the paragraph causes it.
///
/// Outline level: the paragraph has the heading's, through its style ([`styles::run_in`], body
/// text in look). Word's navigation pane and LibreOffice's navigator then show the report's
/// structure with its run-in headings, as the PDF's bookmarks do; the price is that they (and a
/// table of contents built from outline levels) show the whole paragraph, heading words first,
/// since an outline level belongs to a paragraph, not to its opening words.
fn run_in(paragraph: Paragraph, h: &Heading, num_id: usize) -> Paragraph {
    numbering::on_list(paragraph.style(&styles::run_in(h.level)), num_id, h.level)
        .add_run(text_run(&h.title).style(&styles::heading_char(h.level)))
}

/// The signature block: `blank_lines_before` empty lines, then each line indented from the
/// left of the type area by its `indent` in character pitches, with no first-line indent; all
/// but the last kept with the next.
fn signature(s: &Signature, layout: &Layout, ids: &mut ParaIds) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = (0..s.blank_lines_before)
        .map(|_| Paragraph::new().id(ids.next()).style(styles::NORMAL))
        .collect();
    let total = out.len() + s.lines.len();
    let pitch = page::char_pitch(layout).0;
    for line in &s.lines {
        let indent = Pt(pitch * f64::from(line.indent.max(0.0))).twips();
        out.push(
            Paragraph::new()
                .id(ids.next())
                .style(styles::NORMAL)
                .align(AlignmentType::Left)
                .indent(
                    Some(indent),
                    Some(SpecialIndentType::FirstLine(0)),
                    None,
                    None,
                )
                .add_run(text_run(&line.text)),
        );
    }
    // The block stays together, on one page.
    for p in out.iter_mut().take(total.saturating_sub(1)) {
        p.property = p.property.clone().keep_next(true);
    }
    out
}
