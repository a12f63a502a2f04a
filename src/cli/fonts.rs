//! `gongwen fonts`: which font serves each role, in the PDF and in the DOCX.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use gongwen::layout::Layout;
use gongwen::typst::FontPlan;

use super::{EXIT_UNUSABLE, FontArgs, print};

/// Arguments of `gongwen fonts`.
#[derive(Debug, Args)]
pub struct FontsArgs {
    /// A report definition whose layout to show (the default layout without one).
    report: Option<PathBuf>,
    /// Also list every font family found.
    #[arg(long)]
    all: bool,
    #[command(flatten)]
    fonts: FontArgs,
}

/// Runs `gongwen fonts`.
pub fn run(args: FontsArgs) -> Result<ExitCode> {
    let layout = match &args.report {
        Some(path) => match gongwen::build::load(path) {
            Ok(p) => p.layout,
            Err(diags) => {
                print(&diags);
                return Ok(ExitCode::from(EXIT_UNUSABLE));
            }
        },
        None => Layout::builtin(gongwen::layout::DEFAULT).expect("built in"),
    };
    let fonts = match args.fonts.load() {
        Ok(f) => f,
        Err(d) => {
            print(&d);
            return Ok(ExitCode::from(EXIT_UNUSABLE));
        }
    };
    let plan = match FontPlan::new(&layout, &fonts) {
        Ok(p) => p,
        Err(d) => {
            print(&d);
            return Ok(ExitCode::from(EXIT_UNUSABLE));
        }
    };
    println!("layout {}: {}", layout.name, layout.description);
    println!(
        "{:<12} {:<6} {:<22} {:<16} {}",
        "role", "size", "PDF family", "DOCX name", "PDF font file"
    );
    for (role, family, origin) in gongwen::typst::describe(&plan, &layout, &fonts) {
        let rf = layout.font(role);
        let size = match rf.size {
            gongwen::layout::FontSize::Named(z) => z.name().to_string(),
            gongwen::layout::FontSize::Points(p) => p.to_string(),
        };
        println!(
            "{:<12} {:<6} {:<22} {:<16} {}",
            role.key(),
            size,
            family,
            format!("{} / {}", rf.docx, rf.latin),
            origin
        );
    }
    if args.all {
        println!("\nfamilies found:");
        for f in fonts.families() {
            println!("  {f}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
