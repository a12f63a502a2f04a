//! `gongwen build`: the PDF and the DOCX of a report, written only when everything succeeded.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Result;
use clap::Args;
use gongwen::book::Progress;
use gongwen::diag::{self, Diagnostic};
use gongwen::manifest::{Entry, Manifest};
use gongwen::output::write_all;
use gongwen::project::{Project, Unit};
use gongwen::typst::{Fonts, PdfSettings, Profile};

mod book;
mod charts;
mod press;
mod review;

use super::{EXIT_FINDINGS, EXIT_UNUSABLE, FontArgs, glyph_findings, print, stem};

/// Arguments of `gongwen build`.
#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    /// The report definition (a .toml file).
    pub report: PathBuf,
    /// Keep a yearbook's units laid out in memory for the next build (`watch`), rather than
    /// letting each go once its pages are written.
    #[arg(skip)]
    pub keep_units: bool,
    /// The folder to write into.
    #[arg(short, long, value_name = "DIR", default_value = "out")]
    pub output: PathBuf,
    /// Write the PDF (alone, unless --docx is also given).
    #[arg(long)]
    pdf: bool,
    /// Write the DOCX (alone, unless --pdf is also given).
    #[arg(long)]
    docx: bool,
    /// Also write the same pages as OFD (GB/T 33190, archival profile GB/T 42133): DIR/STEM.ofd.
    #[arg(long)]
    pub ofd: bool,
    /// Also write the generated Typst source (DIR/STEM.typ), which the typst CLI compiles with
    /// the same fonts (typst compile --font-path fonts/fandol STEM.typ).
    #[arg(long)]
    pub emit_typst: bool,
    /// Treat warnings (such as a character no font can draw) as errors.
    #[arg(long)]
    pub strict: bool,
    /// Make the PDF archivable: PDF/A-2b (the default), pdf-a-3b, or pdf-a-2b-ua-1 (PDF/A-2b
    /// and PDF/UA-1); also writes the manifest.
    #[arg(long, value_name = "PROFILE", num_args = 0..=1, default_missing_value = "pdf-a-2b")]
    pub archive: Option<Profile>,
    /// Make the PDF print-ready: PDF/X-4 (page boxes, the FOGRA39 output intent, text and
    /// rules in black ink only, charts in grey); a yearbook padded with blank pages to whole
    /// sheets and, when it has a [cover], its cover in DIR/STEM-cover.pdf. With --archive the
    /// same file is PDF/A too.
    #[arg(long)]
    pub print: bool,
    /// Write DIR/STEM.manifest.json: inputs and outputs with their SHA-256, the fonts each PDF
    /// embeds, the standard claimed (implied by --archive).
    #[arg(long)]
    pub manifest: bool,
    /// Write every finding (breaks, glyphs, punctuation…) into the DOCX as a Word comment by
    /// "gongwen" at its place: the cited figure, the stated cell, the sentence.
    #[arg(long)]
    pub review: bool,
    /// Print nothing but problems.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub fonts: FontArgs,
}

/// Outputs made in memory: (path, bytes, what to say about it).
pub struct Built {
    /// (path, bytes, what to say about it)
    pub outputs: Vec<(PathBuf, Vec<u8>, String)>,
    /// Every file read, for the manifest.
    pub inputs: Vec<Entry>,
    /// Warnings that did not stop the build.
    pub findings: Vec<Diagnostic>,
    /// The PDF's pages as written (with --print, the blank pages padding a book included).
    pub pages: Option<usize>,
}

/// Why nothing was written, with the exit code to give.
pub struct Failed {
    /// The problems.
    pub diagnostics: Vec<Diagnostic>,
    /// EXIT_UNUSABLE for errors, EXIT_FINDINGS for warnings refused by --strict.
    pub code: u8,
}

impl Failed {
    /// Errors: exit 2.
    pub fn unusable(diagnostics: Vec<Diagnostic>) -> Self {
        Failed {
            diagnostics,
            code: EXIT_UNUSABLE,
        }
    }

    /// Errors `more` after the findings so far.
    pub fn with(findings: Vec<Diagnostic>, more: Vec<Diagnostic>) -> Self {
        Failed::unusable(findings.into_iter().chain(more).collect())
    }
}

impl BuildArgs {
    /// How the PDF is written.
    pub fn pdf_settings(&self, stem: &str) -> PdfSettings {
        PdfSettings {
            profile: self.archive.unwrap_or_default(),
            ident: stem.to_string(),
        }
    }

    /// Which outputs to make: (PDF, DOCX); both unless one is named.
    pub fn wanted(&self) -> (bool, bool) {
        match (self.pdf, self.docx) {
            (false, false) => (true, true),
            both => both,
        }
    }
}

/// Runs `gongwen build`.
pub fn run(args: BuildArgs) -> Result<ExitCode> {
    let started = Instant::now();
    // A commit a `kill -9` interrupted in the output folder is finished before anything else.
    gongwen::output::recover(&args.output)?;
    match make(&args, &mut None) {
        Ok(built) => {
            write(&args, &built)?;
            if !args.quiet {
                println!(
                    "built {} in {}",
                    args.report.display(),
                    secs(started.elapsed())
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(failed) => {
            report_failure(&failed, args.strict);
            Ok(ExitCode::from(failed.code))
        }
    }
}

/// Prints the problems that stopped a build and says that nothing was written.
pub fn report_failure(failed: &Failed, strict: bool) {
    print(&failed.diagnostics);
    let why = if failed.code == EXIT_FINDINGS && strict {
        " (--strict turns warnings into errors)"
    } else {
        ""
    };
    eprintln!("nothing was written{why}");
}

/// Makes every requested output in memory; nothing is written. `fonts` is loaded on first
/// need and kept, so that `watch` loads fonts once.
pub fn make(args: &BuildArgs, fonts: &mut Option<Fonts>) -> Result<Built, Failed> {
    let bar = book::progress_bar(args.quiet);
    let opened = Project::open_with(&args.report, &|p| match p {
        Progress::Reports(n) => {
            bar.set_message("building the reports");
            bar.set_length(n as u64)
        }
        Progress::ReportBuilt => bar.inc(1),
    });
    let opened = opened.map_err(|d| {
        bar.finish_and_clear();
        Failed::unusable(d)
    })?;
    let inputs = inputs(&opened);
    let project = match opened.unit {
        Unit::Book(_) if args.review => {
            bar.finish_and_clear();
            return Err(review::refused());
        }
        Unit::Book(book) => return book::make(args, fonts, book, inputs, bar),
        Unit::Report(project) => project,
    };
    let mut project = project;
    if args.print {
        gongwen::builder::in_one_colour(&mut project.doc, &project.layout);
    }
    bar.finish_and_clear();
    if args.review {
        review::place(args, fonts, &mut project)?;
    }
    make_job(
        args,
        fonts,
        Job {
            layout: &project.layout,
            root: &project.root,
            reports: vec![&project],
            date: project.doc.meta.date,
            typst: &|plan| gongwen::typst::emit(&project.doc, &project.layout, plan),
            bind: None,
            stream: None,
            docx: &|_, fonts| match fonts {
                // The charts' pictures are drawn with the DOCX, beside the PDF's layout.
                Some(fonts) => {
                    let doc = charts::pictured(&project.doc, &project.layout, fonts)?;
                    gongwen::docx::render(&doc, &project.layout)
                }
                None => gongwen::docx::render(&project.doc, &project.layout),
            },
            docx_fonts: charts::any(&project.doc),
            paginated_docx: false,
            bound: false,
            inputs,
            findings: project.warnings.clone(),
        },
        &|_| {},
    )
}

/// Renders the DOCX, given the PDF's outline with its page numbers (empty without a PDF) and
/// the fonts when the job asked for them (`Job::docx_fonts`). `Sync`: without page numbers to
/// take from the PDF it runs beside the PDF's layout.
pub type RenderDocx<'a> =
    dyn Fn(&[gongwen::doc::PageOf], Option<&Fonts>) -> Result<Vec<u8>, Vec<Diagnostic>> + Sync + 'a;

/// Lays out a book, given the font plan, the fonts and whether its pages are wanted (else
/// only its outline with page numbers, for the DOCX).
pub type BindBook<'a> = dyn Fn(&gongwen::typst::FontPlan, &Fonts, bool) -> Result<gongwen::typst::LaidBook, Vec<Diagnostic>>
    + 'a;

/// Writes a book's PDF while laying it out, given the font plan, the fonts and the PDF's
/// settings; `None` when the book must be bound whole first (see `gongwen::typst::write_book`).
pub type StreamBook<'a> = dyn Fn(
        &gongwen::typst::FontPlan,
        &Fonts,
        &gongwen::typst::PdfSettings,
    ) -> Result<Option<gongwen::typst::Pdf>, Vec<Diagnostic>>
    + 'a;

/// What making the outputs needs from a report or from a book.
pub struct Job<'a> {
    /// The layout.
    pub layout: &'a gongwen::layout::Layout,
    /// The folder the Typst world may read.
    pub root: &'a std::path::Path,
    /// The reports, for the glyph check.
    pub reports: Vec<&'a gongwen::builder::Project>,
    /// The PDF's date.
    pub date: Option<gongwen::doc::Date>,
    /// The Typst source, given the font plan.
    pub typst: &'a dyn Fn(&gongwen::typst::FontPlan) -> String,
    /// A book: laid out unit by unit, given the font plan and the fonts (the source above is
    /// then only for --emit-typst).
    pub bind: Option<&'a BindBook<'a>>,
    /// A book's PDF written while it is laid out, page by page (when no OFD needs its pages).
    pub stream: Option<&'a StreamBook<'a>>,
    /// The DOCX, given the PDF's outline with its page numbers (empty without a PDF).
    pub docx: &'a RenderDocx<'a>,
    /// Whether the DOCX needs the fonts (to draw charts' pictures).
    pub docx_fonts: bool,
    /// Whether the DOCX shows the PDF's page numbers (a book's contents): the PDF is then
    /// laid out for the DOCX even when only the DOCX is wanted.
    pub paginated_docx: bool,
    /// A bound book: `--print` pads it to whole sheets.
    pub bound: bool,
    /// Every file read.
    pub inputs: Vec<Entry>,
    /// Warnings so far.
    pub findings: Vec<Diagnostic>,
}

/// Makes the outputs of a job in memory. `stage` hears when the DOCX starts.
pub fn make_job(
    args: &BuildArgs,
    fonts: &mut Option<Fonts>,
    job: Job,
    stage: &dyn Fn(&str),
) -> Result<Built, Failed> {
    let (want_pdf, want_docx) = args.wanted();
    let mut findings = job.findings;
    let stem = stem(&args.report);
    let mut outputs = Vec::new();
    let paginate = want_docx && job.paginated_docx;
    let render = job.docx;
    let lays_out = want_pdf || args.emit_typst || paginate || args.ofd;
    if fonts.is_none() && (lays_out || (want_docx && job.docx_fonts)) {
        *fonts = Some(
            args.fonts
                .load()
                .map_err(|d| Failed::with(findings.clone(), d))?,
        );
    }
    let fonts = fonts.as_ref();
    let docx_fonts = fonts.filter(|_| job.docx_fonts);
    let timed = |outline: &[gongwen::doc::PageOf]| {
        let t = Instant::now();
        (render(outline, docx_fonts), secs(t.elapsed()))
    };
    std::thread::scope(|scope| {
        // A DOCX that shows no page of the PDF is written on another core while the PDF is
        // laid out (the table-heavy report saves the DOCX's whole time); alone, it is written
        // here (a thread of its own only costs it).
        let beside = (want_docx && want_pdf && !paginate).then(|| {
            stage("writing the DOCX");
            scope.spawn(|| timed(&[]))
        });
        let mut outline = Vec::new();
        let mut pages = None;
        if lays_out {
            let t = Instant::now();
            let fonts = fonts.expect("loaded above");
            let plan = gongwen::typst::FontPlan::new(job.layout, fonts)
                .map_err(|d| Failed::with(findings.clone(), d))?;
            // A book's reports on all cores (in book order).
            use rayon::prelude::*;
            let glyphs: Vec<Vec<Diagnostic>> = job
                .reports
                .par_iter()
                .map(|report| glyph_findings(report, &plan, fonts))
                .collect();
            findings.extend(glyphs.into_iter().flatten());
            refuse_if_needed(&findings, args.strict)?;
            let name = format!("{stem}.typ");
            let source = (args.emit_typst || job.bind.is_none()).then(|| (job.typst)(&plan));
            if let (true, Some(source)) = (args.emit_typst, &source) {
                outputs.push((
                    args.output.join(&name),
                    source.clone().into_bytes(),
                    "generated Typst source".into(),
                ));
            }
            if want_pdf || paginate || args.ofd {
                let settings = args.pdf_settings(&stem);
                let streamed = match (job.stream, want_pdf && !args.ofd) {
                    (Some(stream), true) => stream(&plan, fonts, &settings)
                        .map_err(|d| Failed::with(findings.clone(), d))?,
                    _ => None,
                };
                let pdf = match (streamed, job.bind, source) {
                    (Some(pdf), ..) => Ok(pdf),
                    (None, Some(bind), _) => {
                        // The DOCX's contents alone need the page numbers only; the OFD
                        // needs the pages, not the PDF.
                        let pages = want_pdf || args.ofd;
                        bind(&plan, fonts, pages).and_then(|laid| match want_pdf {
                            true => laid.pdf(job.date, &settings),
                            false => Ok(laid.unwritten()),
                        })
                    }
                    (None, None, Some(source)) => {
                        gongwen::typst::compile(source, &name, job.root, fonts, job.date, &settings)
                    }
                    (None, None, None) => unreachable!("the source is made when there is no book"),
                }
                .map_err(|d| Failed::with(findings.clone(), d))?;
                findings.extend(pdf.warnings);
                outline = pdf.outline;
                if want_pdf && args.print {
                    let (bytes, n, claim) =
                        press::ready(args, job.layout, job.bound, &pdf.bytes, pdf.pages)
                            .map_err(|d| Failed::with(findings.clone(), d))?;
                    let what = format!("{n} pages, {claim}, {}", secs(t.elapsed()));
                    pages = Some(n);
                    outputs.push((args.output.join(format!("{stem}.pdf")), bytes, what));
                } else if want_pdf {
                    let what = format!("{} pages, {}", pdf.pages, secs(t.elapsed()));
                    pages = Some(pdf.pages);
                    outputs.push((args.output.join(format!("{stem}.pdf")), pdf.bytes, what));
                }
                if args.ofd {
                    let t = Instant::now();
                    let ofd = gongwen::ofd::write_laid(&pdf.laid, &stem)
                        .map_err(|d| Failed::with(findings.clone(), d))?;
                    let what = format!("{} pages, OFD, {}", pdf.pages, secs(t.elapsed()));
                    outputs.push((args.output.join(format!("{stem}.ofd")), ofd, what));
                }
            }
        }
        if want_docx {
            let (bytes, took) = match beside {
                Some(thread) => thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                None => {
                    stage("writing the DOCX");
                    timed(&outline)
                }
            };
            let bytes = bytes.map_err(|d| Failed::with(findings.clone(), d))?;
            outputs.push((args.output.join(format!("{stem}.docx")), bytes, took));
        }
        refuse_if_needed(&findings, args.strict)?;
        Ok(Built {
            outputs,
            inputs: job.inputs,
            findings,
            pages,
        })
    })
}

/// Every file the project read, for the manifest and `watch`.
fn inputs(project: &Project) -> Vec<Entry> {
    project
        .inputs()
        .iter()
        .map(|f| Entry::new(f.name.clone(), f.text.as_bytes()))
        .collect()
}

pub fn refuse_if_needed(findings: &[Diagnostic], strict: bool) -> Result<(), Failed> {
    if diag::has_errors(findings, strict) {
        let code = if diag::has_errors(findings, false) {
            EXIT_UNUSABLE
        } else {
            EXIT_FINDINGS
        };
        return Err(Failed {
            diagnostics: findings.to_vec(),
            code,
        });
    }
    Ok(())
}

/// Prints the warnings and writes the outputs and the manifest: all of them or none.
pub fn write(args: &BuildArgs, built: &Built) -> Result<()> {
    print(&built.findings);
    let mut manifest_file = None;
    if args.manifest || args.archive.is_some() {
        let manifest = Manifest {
            tool: format!("gongwen {}", env!("CARGO_PKG_VERSION")),
            standard: match args.print {
                true => press::claim(args),
                false => args.archive.unwrap_or_default().claim().to_string(),
            },
            inputs: built
                .inputs
                .iter()
                .map(|e| Entry {
                    fonts_embedded: Vec::new(),
                    ..e.clone()
                })
                .collect(),
            outputs: built
                .outputs
                .iter()
                .map(|(path, bytes, _)| {
                    Entry::new(
                        path.file_name()
                            .map_or(String::new(), |n| n.to_string_lossy().into_owned()),
                        bytes,
                    )
                })
                .collect(),
        };
        let path = args
            .output
            .join(format!("{}.manifest.json", stem(&args.report)));
        manifest_file = Some((path, manifest.to_json().into_bytes()));
    }
    let mut all: Vec<(PathBuf, &[u8])> = built
        .outputs
        .iter()
        .map(|(path, bytes, _)| (path.clone(), bytes.as_slice()))
        .collect();
    all.extend(manifest_file.iter().map(|(p, b)| (p.clone(), b.as_slice())));
    write_all(&all)?;
    // A book's units' page counts and headings, beside its outputs (nothing for a report).
    gongwen::typst::save_outlines();
    if !args.quiet {
        for (path, _, what) in &built.outputs {
            println!("wrote {} ({what})", path.display());
        }
        if let Some((path, _)) = &manifest_file {
            println!("wrote {} (SHA-256 of inputs and outputs)", path.display());
        }
    }
    Ok(())
}

/// Seconds with two decimals.
pub fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}
