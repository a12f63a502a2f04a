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
        Some(path) => match gongwen::project::Project::open(path) {
            Ok(p) => match p.layout() {
                Some(l) => l.clone(),
                None => Layout::builtin(gongwen::layout::DEFAULT).expect("built in"),
            },
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
    let rows: Vec<[String; 5]> = gongwen::typst::describe(&plan, &layout, &fonts)
        .into_iter()
        .map(|(role, family, origin)| {
            let rf = layout.font(role);
            let size = match rf.size {
                gongwen::layout::FontSize::Named(z) => format!("{} {}", z.name(), z.pt()),
                gongwen::layout::FontSize::Points(p) => p.to_string(),
            };
            [
                role.key().into(),
                size,
                family,
                format!("{} / {}", rf.docx, rf.latin),
                origin,
            ]
        })
        .collect();
    let header = ["role", "size", "PDF family", "DOCX names", "PDF font file"].map(String::from);
    let widths: Vec<usize> = (0..4)
        .map(|i| {
            rows.iter()
                .chain([&header])
                .map(|r| width(&r[i]))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in [&header].into_iter().chain(&rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i < 4 {
                line.push_str(&" ".repeat(widths[i] - width(cell) + 2));
            }
        }
        println!("{}", line.trim_end());
    }
    for role in gongwen::layout::Role::ALL {
        let missing: Vec<&str> = layout
            .font(role)
            .pdf
            .iter()
            .filter(|f| !plan.role(role).families.contains(f))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            println!("{}: not found, skipped: {}", role.key(), missing.join(", "));
        }
    }
    for role in gongwen::layout::Role::ALL {
        let rf = plan.role(role);
        if let Some(f) = rf.families.get(rf.own) {
            println!(
                "{}: characters its faces lack from {f} ({})",
                role.key(),
                gongwen::typst::origin_of(&fonts, f)
            );
        }
    }
    if args.all {
        println!("\nfamilies found:");
        for f in fonts.families() {
            println!("  {f}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Display width: CJK characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) < 0x1100 { 1 } else { 2 })
        .sum()
}
