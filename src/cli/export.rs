//! `gongwen export`: every form cell of a report, or of every report of a yearbook, as CSV,
//! JSON or XLSX (the records and their making are the library's `export`).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use gongwen::diag::Diagnostic;
use gongwen::export::{self, Source};
use gongwen::output::write_atomic;
use gongwen::project::{Project, Unit};

use super::{EXIT_UNUSABLE, print, stem};

/// Arguments of `gongwen export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The report definition, or a yearbook (every report it binds).
    report: PathBuf,
    /// The format: csv (one line a cell), json, or xlsx (the cells, then each table as printed).
    #[arg(long, value_enum, default_value = "csv")]
    format: Format,
    /// Write here (default: standard output for csv and json, STEM.xlsx for xlsx).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

/// What `export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Comma-separated, UTF-8 with a byte-order mark.
    Csv,
    /// One JSON document.
    Json,
    /// An Excel workbook.
    Xlsx,
}

/// Runs `gongwen export`.
pub fn run(args: ExportArgs) -> Result<ExitCode> {
    let built = match Project::open(&args.report) {
        Ok(p) => p,
        Err(diags) => {
            print(&diags);
            return Ok(ExitCode::from(EXIT_UNUSABLE));
        }
    };
    let reports: Vec<(PathBuf, gongwen::builder::Project)> = match built.unit {
        Unit::Report(p) => vec![(args.report.clone(), p)],
        Unit::Book(book) => {
            // Every report or none: a report that does not build stops the export.
            let mut ok = Vec::new();
            let mut failed: Vec<Diagnostic> = book.problems();
            for m in book.members {
                match m.built {
                    Ok(p) => ok.push((m.path, p)),
                    Err(d) => failed.extend(d),
                }
            }
            if gongwen::diag::has_errors(&failed, false) {
                print(&failed);
                eprintln!("{}: nothing exported", args.report.display());
                return Ok(ExitCode::from(EXIT_UNUSABLE));
            }
            ok
        }
    };
    for (path, p) in &reports {
        if p.form.is_none() {
            eprintln!(
                "warning: {} has no [form]: it has no cells to export",
                path.display()
            );
        }
    }
    let sources: Vec<Source> = reports
        .iter()
        .map(|(path, p)| Source {
            name: stem(path),
            project: p,
        })
        .collect();
    let records = export::records(&sources);
    let bytes = match args.format {
        Format::Csv => export::csv(&records).into_bytes(),
        Format::Json => format!("{:#}\n", export::json(&records)).into_bytes(),
        Format::Xlsx => export::xlsx(&sources, &records)
            .map_err(|e| anyhow::anyhow!("cannot make the workbook: {e}"))?,
    };
    let output = args.output.clone().or_else(|| {
        (args.format == Format::Xlsx).then(|| PathBuf::from(format!("{}.xlsx", stem(&args.report))))
    });
    match output {
        Some(path) => {
            write_atomic(&path, &bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "wrote {}: {} cell(s) of {} report(s)",
                path.display(),
                records.len(),
                sources.len()
            );
        }
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
