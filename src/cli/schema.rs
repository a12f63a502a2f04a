//! `gongwen schema`: JSON Schemas of the file formats, for editors with a TOML language server.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use gongwen::output::write_atomic;

/// A file format with a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A report definition (REPORT.toml).
    Report,
    /// A layout (layouts/*.toml).
    Layout,
    /// A yearbook (YEARBOOK.toml): reports bound into one book.
    Yearbook,
}

impl Format {
    const ALL: [Format; 3] = [Format::Report, Format::Layout, Format::Yearbook];

    fn name(self) -> &'static str {
        match self {
            Format::Report => "report",
            Format::Layout => "layout",
            Format::Yearbook => "yearbook",
        }
    }

    /// The schema as pretty JSON, ending in a newline.
    pub fn json(self) -> String {
        let schema = match self {
            Format::Report => gongwen::model::schema(),
            Format::Layout => gongwen::layout::schema(),
            Format::Yearbook => gongwen::book::schema(),
        };
        serde_json::to_string_pretty(&schema).expect("a schema is JSON") + "\n"
    }
}

/// Arguments of `gongwen schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which format to print.
    #[arg(value_enum, default_value = "report")]
    format: Format,
    /// Write every schema into DIR as FORMAT.schema.json instead of printing one.
    #[arg(short, long, value_name = "DIR")]
    output: Option<PathBuf>,
}

/// Runs `gongwen schema`.
pub fn run(args: SchemaArgs) -> Result<ExitCode> {
    match args.output {
        None => print!("{}", args.format.json()),
        Some(dir) => {
            for f in Format::ALL {
                let path = dir.join(format!("{}.schema.json", f.name()));
                write_atomic(&path, f.json().as_bytes())
                    .with_context(|| format!("writing {}", path.display()))?;
                println!("wrote {}", path.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
