//! `gongwen build YEARBOOK.toml`: one PDF and one DOCX for a whole yearbook.

use std::io::IsTerminal;
use std::time::Duration;

use gongwen::manifest::Entry;
use gongwen::project::Yearbook;
use gongwen::typst::{Fonts, UnitCache};
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::LazyLock;

use super::{BuildArgs, Built, Failed, Job, make_job};

/// The book's units laid out by the last build, by their source, when the build keeps them
/// (`watch`): the next lays out again only the reports that changed.
static UNITS: LazyLock<UnitCache> = LazyLock::new(UnitCache::new);

/// Makes the book's outputs in memory; nothing is written. `bar` showed its reports being built.
pub fn make(
    args: &BuildArgs,
    fonts: &mut Option<Fonts>,
    yearbook: Yearbook,
    inputs: Vec<Entry>,
    bar: ProgressBar,
) -> Result<Built, Failed> {
    let mut project = yearbook.bind().map_err(|d| {
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
    // The units' page counts and headings are kept beside the outputs for the next build.
    let stem = super::stem(&args.report);
    gongwen::typst::keep_outlines_in(gongwen::typst::outlines_file(&args.output, &stem));
    bar.set_message("laying out the book");
    bar.enable_steady_tick(Duration::from_millis(120));
    let job = Job {
        layout: &project.layout,
        root: &project.root,
        reports: project.reports.iter().collect(),
        date: project.book.meta.date,
        typst: &|plan| gongwen::typst::emit_book(&project.book, &project.layout, plan),
        bind: Some(&|plan, fonts, pages| {
            let (book, layout, root) = (&project.book, &project.layout, &project.root);
            let date = book.meta.date;
            let cache = args.keep_units.then_some(&*UNITS);
            match pages {
                true => gongwen::typst::lay_out_book(book, layout, plan, root, fonts, date, cache),
                // A DOCX alone needs the page numbers only: the reports are laid out, the
                // front matter and the PDF are not.
                false => gongwen::typst::book_outline(book, layout, plan, root, fonts, date, cache)
                    .map(|(outline, warnings)| {
                        gongwen::typst::LaidBook::unpaged(outline, warnings)
                    }),
            }
        }),
        stream: Some(&|plan, fonts, settings| {
            let (book, layout, root) = (&project.book, &project.layout, &project.root);
            let cache = args.keep_units.then_some(&*UNITS);
            gongwen::typst::write_book(
                book,
                layout,
                plan,
                root,
                fonts,
                book.meta.date,
                settings,
                cache,
            )
        }),
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
/// It draws nothing until a yearbook's reports are counted.
pub fn progress_bar(quiet: bool) -> ProgressBar {
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
