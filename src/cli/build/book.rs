//! `gongwen build YEARBOOK.toml`: one PDF and one DOCX for a whole yearbook.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use gongwen::book::Progress;
use indicatif::{ProgressBar, ProgressStyle};

use gongwen::diag::Diagnostic;
use gongwen::manifest::Entry;
use gongwen::typst::Fonts;

use super::{BuildArgs, Built, Failed, layout_input, refuse_if_needed, secs};
use crate::cli::{glyph_findings, stem};

/// Makes the book's outputs in memory; nothing is written.
pub fn make(args: &BuildArgs, fonts: &mut Option<Fonts>) -> Result<Built, Failed> {
    let (want_pdf, want_docx) = args.wanted();
    let bar = progress_bar(args.quiet);
    bar.set_message("building the reports");
    let project = gongwen::book::load_with(&args.report, &|p| match p {
        Progress::Reports(n) => bar.set_length(n as u64),
        Progress::ReportBuilt => bar.inc(1),
    })
    .map_err(|d| {
        bar.finish_and_clear();
        Failed::unusable(d)
    })?;
    bar.set_message("laying out the book");
    bar.enable_steady_tick(Duration::from_millis(120));
    let result = outputs(args, fonts, &project, want_pdf, want_docx, &bar);
    bar.finish_and_clear();
    result
}

/// A progress bar on standard error when it is a terminal (and not --quiet); hidden otherwise.
fn progress_bar(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} reports, {elapsed}")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar
}

fn outputs(
    args: &BuildArgs,
    fonts: &mut Option<Fonts>,
    project: &gongwen::book::BookProject,
    want_pdf: bool,
    want_docx: bool,
    bar: &ProgressBar,
) -> Result<Built, Failed> {
    let mut findings: Vec<Diagnostic> = project.warnings.clone();
    let stem = stem(&args.report);
    let mut outputs = Vec::new();
    if want_pdf || args.emit_typst {
        let t = Instant::now();
        if fonts.is_none() {
            *fonts = Some(args.fonts.load().map_err(|d| Failed::with(findings.clone(), d))?);
        }
        let fonts = fonts.as_ref().expect("loaded above");
        let plan = gongwen::typst::FontPlan::new(&project.layout, fonts)
            .map_err(|d| Failed::with(findings.clone(), d))?;
        for report in &project.reports {
            findings.extend(glyph_findings(report, &plan, fonts));
        }
        refuse_if_needed(&findings, args.strict)?;
        let name = format!("{stem}.typ");
        let source = gongwen::typst::emit_book(&project.book, &project.layout, &plan, &args.report.display().to_string());
        if args.emit_typst {
            outputs.push((args.output.join(&name), source.clone().into_bytes(), "generated Typst source".into()));
        }
        if want_pdf {
            let settings = args.pdf_settings(&stem);
            let pdf = gongwen::typst::compile(source, &name, &project.root, fonts, project.book.meta.date, &settings)
                .map_err(|d| Failed::with(findings.clone(), d))?;
            findings.extend(pdf.warnings);
            let what = format!("{} pages, {}", pdf.pages, secs(t.elapsed()));
            outputs.push((args.output.join(format!("{stem}.pdf")), pdf.bytes, what));
        }
    }
    if want_docx {
        let t = Instant::now();
        bar.set_message("writing the DOCX");
        let bytes = gongwen::docx::render_book(&project.book, &project.layout)
            .map_err(|d| Failed::with(findings.clone(), d))?;
        outputs.push((args.output.join(format!("{stem}.docx")), bytes, secs(t.elapsed())));
    }
    refuse_if_needed(&findings, args.strict)?;
    let mut inputs = vec![Entry::new(args.report.display().to_string(), project.file.text.as_bytes())];
    inputs.extend(project.reports.iter().map(|r| Entry::new(r.file.name.clone(), r.file.text.as_bytes())));
    inputs.extend(layout_input(&project.layout));
    Ok(Built { outputs, inputs, findings })
}
