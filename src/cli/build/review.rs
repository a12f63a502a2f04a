//! `build --review`: every finding of a report placed in its DOCX as a comment by gongwen.

use gongwen::builder::Project;
use gongwen::diag::Diagnostic;
use gongwen::typst::{FontPlan, Fonts};

use super::{BuildArgs, Failed};
use crate::cli::glyph_findings;

/// Places the report's findings (the build's warnings and the glyphs its fonts cannot draw,
/// as `check` finds them) in its tree, for the DOCX to show; the fonts are loaded into `fonts`
/// once, for the PDF too.
pub fn place(
    args: &BuildArgs,
    fonts: &mut Option<Fonts>,
    project: &mut Project,
) -> Result<(), Failed> {
    if fonts.is_none() {
        *fonts = Some(args.fonts.load().map_err(Failed::unusable)?);
    }
    let loaded = fonts.as_ref().expect("loaded above");
    let mut findings: Vec<Diagnostic> = project.warnings.clone();
    let plan = FontPlan::new(&project.layout, loaded).map_err(Failed::unusable)?;
    findings.extend(glyph_findings(project, &plan, loaded));
    project.doc.remarks = gongwen::builder::review::remarks(&project.doc, &findings);
    Ok(())
}

/// A yearbook is built without comments: `--review` is refused, naming what to do instead.
pub fn refused() -> Failed {
    Failed::unusable(vec![
        Diagnostic::error("--review writes one report's findings into its DOCX; this is a yearbook")
            .hint("build each report of the yearbook with --review, or run `gongwen check` on the yearbook for every report's findings"),
    ])
}
