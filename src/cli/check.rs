//! `gongwen check`: every problem of a report, nothing written.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::{Args, ValueEnum};
use gongwen::diag;

use super::{EXIT_FINDINGS, EXIT_UNUSABLE, FontArgs, fonts_for, print};

/// Arguments of `gongwen check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The report definition (a .toml file).
    report: PathBuf,
    /// Count warnings as errors (exit 2 rather than 1).
    #[arg(long)]
    strict: bool,
    /// How to print the findings: for people (on standard error), or as one JSON document on
    /// standard output (every finding with file, line and column; a consistency break with its
    /// rule, the stated and the computed number, and where it is).
    #[arg(long, value_enum, default_value = "human")]
    format: Format,
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
}

/// Runs `gongwen check`.
pub fn run(args: CheckArgs) -> Result<ExitCode> {
    let name = args.report.display().to_string();
    let json = args.format == Format::Json;
    let project = match gongwen::build::load(&args.report) {
        Ok(p) => p,
        Err(diags) => {
            if json {
                println!(
                    "{:#}",
                    super::findings::json(&name, "unusable", &diags, &[])
                );
            } else {
                print(&diags);
            }
            return Ok(ExitCode::from(EXIT_UNUSABLE));
        }
    };
    let mut findings = project.warnings.clone();
    match fonts_for(&project, &args.fonts) {
        Ok((_, _, glyphs)) => findings.extend(glyphs),
        Err(diags) => findings.extend(diags),
    }
    if json {
        let status = if diag::has_errors(&findings, args.strict) {
            "unusable"
        } else if findings.is_empty() {
            "clean"
        } else {
            "findings"
        };
        println!(
            "{:#}",
            super::findings::json(&name, status, &findings, &project.breaks)
        );
    } else {
        print(&findings);
    }
    if diag::has_errors(&findings, args.strict) {
        return Ok(ExitCode::from(EXIT_UNUSABLE));
    }
    if !findings.is_empty() {
        if !json {
            eprintln!("{}: {} finding(s)", args.report.display(), findings.len());
        }
        return Ok(ExitCode::from(EXIT_FINDINGS));
    }
    if !json {
        println!("{}: no problems found", args.report.display());
    }
    Ok(ExitCode::SUCCESS)
}
