//! `gongwen build YEARBOOK.toml`: one PDF and one DOCX for a whole yearbook.

use std::io::IsTerminal;
use std::time::Duration;

use gongwen::book::Progress;
use indicatif::{ProgressBar, ProgressStyle};

use gongwen::manifest::Entry;
use gongwen::typst::Fonts;

use super::{BuildArgs, Built, Failed, Job, layout_input, make_job};

/// Makes the book's outputs in memory; nothing is written.
pub fn make(args: &BuildArgs, fonts: &mut Option<Fonts>) -> Result<Built, Failed> {
    let bar = progress_bar(args.quiet);
    bar.set_message("building the reports");
    let mut project = gongwen::book::load_with(&args.report, &|p| match p {
        Progress::Reports(n) => bar.set_length(n as u64),
        Progress::ReportBuilt => bar.inc(1),
    })
    .map_err(|d| {
        bar.finish_and_clear();
        Failed::unusable(d)
    })?;
    if args.print {
        for report in project.book.parts.iter_mut().flat_map(|p| &mut p.reports) {
            gongwen::builder::in_one_colour(report, &project.layout);
        }
    }
    if let Err(failed) = super::charts::draw_book(args, fonts, &mut project) {
        bar.finish_and_clear();
        return Err(failed);
    }
    bar.set_message("laying out the book");
    bar.enable_steady_tick(Duration::from_millis(120));
    let mut inputs = vec![Entry::new(
        args.report.display().to_string(),
        project.file.text.as_bytes(),
    )];
    inputs.extend(
        project
            .reports
            .iter()
            .map(|r| Entry::new(r.file.name.clone(), r.file.text.as_bytes())),
    );
    inputs.extend(layout_input(&project.layout));
    let job = Job {
        layout: &project.layout,
        root: &project.root,
        reports: project.reports.iter().collect(),
        date: project.book.meta.date,
        typst: &|plan| gongwen::typst::emit_book(&project.book, &project.layout, plan),
        docx: &|outline, _| gongwen::docx::render_book(&project.book, &project.layout, outline),
        docx_fonts: false,
        paginated_docx: true,
        bound: true,
        inputs,
        findings: project.warnings.clone(),
    };
    let result = make_job(args, fonts, job, &|stage: &str| {
        bar.set_message(stage.to_string())
    });
    let result = match (result, &project.book.cover, fonts.as_ref()) {
        (Ok(mut built), Some(cover), Some(fonts)) if args.print && built.pages.is_some() => {
            bar.set_message("the cover");
            let pages = built.pages.unwrap_or_default();
            match super::press::cover(
                args,
                &project.book,
                cover,
                &project.layout,
                &project.root,
                fonts,
                pages,
            ) {
                Ok((bytes, what)) => {
                    let stem = super::stem(&args.report);
                    let path = args.output.join(format!("{stem}-cover.pdf"));
                    built.outputs.push((path, bytes, what));
                    Ok(built)
                }
                Err(d) => Err(Failed::with(built.findings, d)),
            }
        }
        (result, ..) => result,
    };
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
