//! Charts for the DOCX: the PDF backend draws each chart as a picture, for a report with the
//! DOCX (beside the PDF's layout), for a book before the DOCX is made.

use gongwen::doc::Block;
use gongwen::typst::{FontPlan, Fonts};

use super::{BuildArgs, Failed};

/// Whether `doc` has a chart, whose picture the DOCX needs the fonts for.
pub fn any(doc: &gongwen::doc::Document) -> bool {
    doc.blocks.iter().any(|b| matches!(b, Block::Chart(_)))
}

/// `doc` with the pictures of its charts drawn, for the DOCX of a report: drawn with the DOCX,
/// on the core beside the PDF's layout.
pub fn pictured(
    doc: &gongwen::doc::Document,
    layout: &gongwen::layout::Layout,
    fonts: &Fonts,
) -> Result<gongwen::doc::Document, Vec<gongwen::diag::Diagnostic>> {
    let mut doc = doc.clone();
    let plan = FontPlan::new(layout, fonts)?;
    gongwen::typst::draw_pictures(&mut doc, layout, &plan, fonts)?;
    Ok(doc)
}

/// Draws the pictures of every report's charts of a book when the DOCX is wanted, loading
/// the fonts on first need (a book's DOCX waits for the PDF's pages anyway).
pub fn draw_book(
    args: &BuildArgs,
    fonts: &mut Option<Fonts>,
    project: &mut gongwen::book::BookProject,
) -> Result<(), Failed> {
    let findings = project.warnings.clone();
    let docs = project
        .book
        .parts
        .iter_mut()
        .flat_map(|p| p.reports.iter_mut());
    draw_all(args, fonts, &project.layout, docs, findings)
}

fn draw_all<'a>(
    args: &BuildArgs,
    fonts: &mut Option<Fonts>,
    layout: &gongwen::layout::Layout,
    docs: impl Iterator<Item = &'a mut gongwen::doc::Document>,
    findings: Vec<gongwen::diag::Diagnostic>,
) -> Result<(), Failed> {
    let mut docs: Vec<_> = docs
        .filter(|d| d.blocks.iter().any(|b| matches!(b, Block::Chart(_))))
        .collect();
    if !args.wanted().1 || docs.is_empty() {
        return Ok(());
    }
    if fonts.is_none() {
        *fonts = Some(
            args.fonts
                .load()
                .map_err(|d| Failed::with(findings.clone(), d))?,
        );
    }
    let fonts = fonts.as_ref().expect("loaded above");
    let plan = FontPlan::new(layout, fonts).map_err(|d| Failed::with(findings.clone(), d))?;
    for doc in docs.iter_mut() {
        gongwen::typst::draw_pictures(doc, layout, &plan, fonts)
            .map_err(|d| Failed::with(findings.clone(), d))?;
    }
    Ok(())
}
