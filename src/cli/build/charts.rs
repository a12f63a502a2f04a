//! Charts for the DOCX: the PDF backend draws each chart as a picture before the DOCX is made.

use gongwen::builder::Project;
use gongwen::doc::Block;
use gongwen::typst::{FontPlan, Fonts};

use super::{BuildArgs, Failed};

/// Draws the pictures of the report's charts when the DOCX is wanted, loading the fonts on
/// first need (and keeping them, as `watch` does).
pub fn draw(
    args: &BuildArgs,
    fonts: &mut Option<Fonts>,
    project: &mut Project,
) -> Result<(), Failed> {
    let findings = project.warnings.clone();
    draw_all(
        args,
        fonts,
        &project.layout,
        std::iter::once(&mut project.doc),
        findings,
    )
}

/// [`draw`] for every report of a book.
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
