//! Charts for the DOCX: the PDF backend draws each chart as a picture before the DOCX is made.

use gongwen::build::Project;
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
    let has_charts = project
        .doc
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Chart(_)));
    if !args.wanted().1 || !has_charts {
        return Ok(());
    }
    let findings = project.warnings.clone();
    if fonts.is_none() {
        *fonts = Some(
            args.fonts
                .load()
                .map_err(|d| Failed::with(findings.clone(), d))?,
        );
    }
    let fonts = fonts.as_ref().expect("loaded above");
    let plan =
        FontPlan::new(&project.layout, fonts).map_err(|d| Failed::with(findings.clone(), d))?;
    gongwen::typst::draw_pictures(&mut project.doc, &project.layout, &plan, fonts)
        .map_err(|d| Failed::with(findings, d))
}
