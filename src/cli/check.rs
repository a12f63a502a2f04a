//! `gongwen check`: every problem of a report, nothing written.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
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
    #[command(flatten)]
    fonts: FontArgs,
}

/// Runs `gongwen check`.
pub fn run(args: CheckArgs) -> Result<ExitCode> {
    let project = match gongwen::build::load(&args.report) {
        Ok(p) => p,
        Err(diags) => {
            print(&diags);
            return Ok(ExitCode::from(EXIT_UNUSABLE));
        }
    };
    let mut findings = project.warnings.clone();
    match fonts_for(&project, &args.fonts) {
        Ok((_, _, glyphs)) => findings.extend(glyphs),
        Err(diags) => findings.extend(diags),
    }
    print(&findings);
    if diag::has_errors(&findings, args.strict) {
        return Ok(ExitCode::from(EXIT_UNUSABLE));
    }
    if !findings.is_empty() {
        eprintln!("{}: {} finding(s)", args.report.display(), findings.len());
        return Ok(ExitCode::from(EXIT_FINDINGS));
    }
    println!("{}: no problems found", args.report.display());
    Ok(ExitCode::SUCCESS)
}
