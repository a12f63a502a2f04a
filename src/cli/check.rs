//! `gongwen check`: every problem of a report, or of every report of a yearbook, nothing
//! written but the review page (`--format html`, made by `check/review.rs`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use gongwen::diag::{self, Diagnostic};
use gongwen::output::write_atomic;

use gongwen::project::{Project, Unit};
use gongwen::typst::FontPlan;

use super::{EXIT_FINDINGS, EXIT_UNUSABLE, FontArgs, glyph_findings, print};

mod review;

/// Arguments of `gongwen check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The report definition, or a yearbook (every report it binds is checked).
    report: PathBuf,
    /// Count warnings as errors (exit 2 rather than 1).
    #[arg(long)]
    strict: bool,
    /// How to print the findings: for people (on standard error), as one JSON document on
    /// standard output (every finding with file, line and column; a consistency break with its
    /// rule, the stated and the computed number, and where it is), or as one self-contained
    /// HTML page for the reviewer (every report with its status and findings).
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
    /// (html) Write the page here instead of standard output.
    #[arg(short, long, value_name = "REVIEW.html")]
    output: Option<PathBuf>,
    /// Last year's report (or yearbook, its reports matched by office): its carried rows
    /// (四、结转下年度继续办理) are checked against this year's (二、上年结转), column by column.
    /// A yearbook's `[yearbook] previous` says the same.
    #[arg(long, value_name = "LAST.toml")]
    previous: Option<PathBuf>,
    /// (html) The page's language: zh (the clerk's) or en.
    #[arg(long, value_enum, default_value = "zh")]
    lang: review::Lang,
    #[command(flatten)]
    fonts: FontArgs,
}

/// How `check` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Rendered diagnostics on standard error.
    Human,
    /// One JSON document on standard output.
    Json,
    /// One self-contained HTML page.
    Html,
}

/// How a report came through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Nothing found.
    Clean,
    /// Warnings: breaks, glyphs, punctuation.
    Findings,
    /// Errors: it does not build.
    Unusable,
}

impl Status {
    /// The word JSON and the page use.
    pub fn word(self) -> &'static str {
        match self {
            Status::Clean => "clean",
            Status::Findings => "findings",
            Status::Unusable => "unusable",
        }
    }
}

/// One report checked.
#[derive(Debug)]
pub struct Checked {
    /// Its file, as named.
    pub name: String,
    /// Its title (its file's name when it does not build).
    pub title: String,
    /// The yearbook part it is in.
    pub part: Option<String>,
    /// How it came through.
    pub status: Status,
    /// Every finding (a consistency break carries its numbers and place).
    pub findings: Vec<Diagnostic>,
    /// The warnings `gongwen import` wrote at the top of the definition (`# intake: …`).
    pub intake: Vec<String>,
}

/// Runs `gongwen check`.
pub fn run(args: CheckArgs) -> Result<ExitCode> {
    let name = args.report.display().to_string();
    // The fonts are loaded once, for every report of a yearbook.
    let fonts = std::cell::OnceCell::new();
    let opened = Project::open(&args.report);
    // Last year's reports, named on the command line or by the yearbook.
    let previous = args.previous.clone().or_else(|| match &opened {
        Ok(Project {
            unit: Unit::Book(b),
            ..
        }) => b.opened.previous(),
        _ => None,
    });
    // One report against one report: compared whatever their offices say (an office renamed).
    let single = matches!(
        &opened,
        Ok(Project {
            unit: Unit::Report(_),
            ..
        })
    );
    let last = match &previous {
        Some(path) => match last_year(path) {
            Ok(last) => last,
            Err(diags) => {
                print(&diags);
                eprintln!("{}: last year's reports cannot be used", path.display());
                return Ok(ExitCode::from(EXIT_UNUSABLE));
            }
        },
        None => Vec::new(),
    };
    let glyphs = |p: &gongwen::builder::Project| -> Vec<Diagnostic> {
        let mut found = match fonts.get_or_init(|| args.fonts.load()) {
            Ok(f) => match FontPlan::new(&p.layout, f) {
                Ok(plan) => glyph_findings(p, &plan, f),
                Err(diags) => diags,
            },
            Err(diags) => diags.clone(),
        };
        if previous.is_some() {
            found.extend(against_last_year(p, &last, single));
        }
        found
    };
    let (book, reports) = match opened {
        Ok(Project {
            unit: Unit::Report(p),
            ..
        }) => (
            None,
            vec![checked(&args.report, None, Ok(p), &glyphs, &args)],
        ),
        Ok(Project {
            unit: Unit::Book(book),
            ..
        }) => {
            let problems = book.problems();
            let reports = book
                .members
                .into_iter()
                .map(|m| checked(&m.path, Some(m.part), m.built, &glyphs, &args))
                .collect();
            (Some(problems), reports)
        }
        // A yearbook that cannot be used is the book's problem; a report's, the report's.
        Err(diags) if gongwen::project::is_yearbook(&args.report) => (Some(diags), Vec::new()),
        Err(diags) => (
            None,
            vec![checked(&args.report, None, Err(diags), &glyphs, &args)],
        ),
    };
    let book_unusable = book.as_ref().is_some_and(|d| diag::has_errors(d, false));
    let worst = reports
        .iter()
        .map(|r| r.status)
        .chain(book_unusable.then_some(Status::Unusable))
        .max()
        .unwrap_or(Status::Clean);
    match args.format {
        Format::Json => {
            let items: Vec<serde_json::Value> = reports
                .iter()
                .map(|r| diag::json::report(&r.name, r.status.word(), &r.findings))
                .collect();
            let doc = match &book {
                None => items.into_iter().next().unwrap_or_default(),
                Some(problems) => serde_json::json!({
                    "yearbook": name,
                    "status": worst.word(),
                    "problems": diag::json::report(&name, worst.word(), problems)["findings"],
                    "reports": items,
                }),
            };
            // one write: stdout is line-buffered, and a large report has many lines
            let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
            println!("{text}");
        }
        Format::Html => {
            // the files `import --yearbook` received, beside the yearbook it wrote
            let intake = book.as_ref().and_then(|_| {
                let path = args.report.with_file_name("intake.json");
                let text = gongwen::input::read_text(&path, gongwen::input::MAX_REPORT).ok()?;
                serde_json::from_str::<serde_json::Value>(&text).ok()
            });
            let page = review::page(
                &name,
                book.as_deref().unwrap_or(&[]),
                &reports,
                intake.as_ref(),
                args.lang,
            );
            match &args.output {
                Some(path) => {
                    write_atomic(path, page.as_bytes())
                        .with_context(|| format!("cannot write {}", path.display()))?;
                    println!(
                        "wrote {}: {} report(s), {} finding(s)",
                        path.display(),
                        reports.len(),
                        reports.iter().map(|r| r.findings.len()).sum::<usize>()
                    );
                }
                None => print!("{page}"),
            }
        }
        Format::Human => {
            if let Some(problems) = &book {
                print(problems);
            }
            for r in &reports {
                print(&r.findings);
                match r.status {
                    Status::Clean => println!("{}: no problems found", r.name),
                    Status::Findings => eprintln!("{}: {} finding(s)", r.name, r.findings.len()),
                    Status::Unusable => {}
                }
            }
            if book.is_some() {
                let count = |s: Status| reports.iter().filter(|r| r.status == s).count();
                println!(
                    "{name}: {} report(s): {} clean, {} with findings, {} unusable",
                    reports.len(),
                    count(Status::Clean),
                    count(Status::Findings),
                    count(Status::Unusable)
                );
            }
        }
    }
    Ok(match worst {
        Status::Clean => ExitCode::SUCCESS,
        Status::Findings => ExitCode::from(EXIT_FINDINGS),
        Status::Unusable => ExitCode::from(EXIT_UNUSABLE),
    })
}

/// The findings of the report at `path`, built or not.
fn checked(
    path: &Path,
    part: Option<String>,
    built: Result<gongwen::builder::Project, Vec<Diagnostic>>,
    glyphs: &dyn Fn(&gongwen::builder::Project) -> Vec<Diagnostic>,
    args: &CheckArgs,
) -> Checked {
    let name = path.display().to_string();
    let project = match built {
        Ok(p) => p,
        Err(diags) => {
            // Read again only here: a report that did not build kept no text.
            let intake = gongwen::input::read_text(path, gongwen::input::MAX_REPORT)
                .map(|t| intake_lines(&t))
                .unwrap_or_default();
            return Checked {
                title: super::stem(path),
                name,
                part,
                status: Status::Unusable,
                findings: diags,
                intake,
            };
        }
    };
    let intake = intake_lines(&project.file.text);
    let mut findings = project.warnings.clone();
    findings.extend(glyphs(&project));
    let status = if diag::has_errors(&findings, args.strict) {
        Status::Unusable
    } else if findings.is_empty() {
        Status::Clean
    } else {
        Status::Findings
    };
    Checked {
        name,
        title: project.doc.title.join(""),
        part,
        status,
        findings,
        intake,
    }
}

/// Last year's reports: the report at `path`, or every report of the yearbook there that
/// builds.
fn last_year(path: &Path) -> std::result::Result<Vec<gongwen::builder::Project>, Vec<Diagnostic>> {
    Ok(match Project::open(path)?.unit {
        Unit::Report(p) => vec![p],
        Unit::Book(b) => b.members.into_iter().filter_map(|m| m.built.ok()).collect(),
    })
}

/// `p` against last year's report of its office (for one report against one report, that
/// one); a note when there is none to compare with.
fn against_last_year(
    p: &gongwen::builder::Project,
    last: &[gongwen::builder::Project],
    single: bool,
) -> Vec<Diagnostic> {
    let office = &p.doc.meta.author;
    let same: Vec<&gongwen::builder::Project> = match last {
        [one] if single => vec![one],
        _ => last
            .iter()
            .filter(|l| &l.doc.meta.author == office)
            .collect(),
    };
    match same.as_slice() {
        [one] => gongwen::builder::compare_previous(p, one),
        [] => vec![
            Diagnostic::note(format!(
                "last year's reports have none of {office}: its carried rows are not compared"
            ))
            .in_file(&p.file),
        ],
        _ => vec![
            Diagnostic::note(format!(
                "last year's reports have {} of {office}: its carried rows are not compared",
                same.len()
            ))
            .in_file(&p.file)
            .hint("give one report with --previous"),
        ],
    }
}

/// The intake warnings `gongwen import` wrote at the top of a definition.
fn intake_lines(text: &str) -> Vec<String> {
    text.lines()
        .take_while(|l| l.starts_with('#') || l.trim().is_empty())
        .filter_map(|l| l.strip_prefix("# intake: "))
        .map(str::to_string)
        .collect()
}
