//! The command line: argument definitions and the pieces the commands share.

mod build;
mod check;
mod export;
mod fmt;
mod fonts;
mod import;
mod new;
mod schema;
mod watch;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice};
use gongwen::builder::Project;
use gongwen::diag::{self, Diagnostic};
use gongwen::typst::{FontOptions, FontPlan, Fonts, Place};

/// Exit code: the input has findings (warnings; with `--strict` the build refuses).
pub const EXIT_FINDINGS: u8 = 1;
/// Exit code: the input cannot be used (errors), or a file could not be read or written.
pub const EXIT_UNUSABLE: u8 = 2;

/// gongwen compiles a Chinese government report, written once as a TOML report definition,
/// into the official GB/T 9704 PDF and an editable DOCX with the same headings and numbers.
#[derive(Debug, Parser)]
#[command(name = "gongwen", version, about, long_about = None, after_help = EXIT_HELP)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXIT_HELP: &str = "Exit codes: 0 success; 1 findings (check), or warnings refused by --strict; \
2 unusable input (errors), or a file that could not be read or written.";

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the PDF and the DOCX of a report (both unless --pdf or --docx is given).
    #[command(after_help = EXIT_HELP)]
    Build(build::BuildArgs),
    /// Check a report (or every report of a yearbook) without writing anything but the review page: exit 0 clean, 1 findings, 2 unusable input.
    #[command(after_help = EXIT_HELP)]
    Check(check::CheckArgs),
    /// Write every cell of the national form of a report (or of every report of a yearbook) as CSV, JSON or XLSX.
    Export(export::ExportArgs),
    /// Show, for every font role, the font file the PDF uses and the font name the DOCX names.
    Fonts(fonts::FontsArgs),
    /// Read reports as offices send them (text, DOCX, web pages; one file or a folder) into report definitions.
    Import(import::ImportArgs),
    /// Make the report's punctuation full-width by GB/T 15834, in place; --check shows a diff.
    #[command(after_help = EXIT_HELP)]
    Fmt(fmt::FmtArgs),
    /// Write a minimal report definition that builds, to start from.
    New(new::NewArgs),
    /// Print the JSON Schema of a file format (for editors with a TOML language server).
    Schema(schema::SchemaArgs),
    /// Rebuild a report on every save, keeping fonts and caches between builds.
    Watch(watch::WatchArgs),
}

/// Where to find fonts (shared by the commands).
#[derive(Debug, Clone, Args)]
pub struct FontArgs {
    /// Also search this folder for fonts (may be given more than once); searched after the
    /// installed fonts and before the bundled ones.
    #[arg(long = "font-path", value_name = "DIR")]
    font_paths: Vec<PathBuf>,
    /// Ignore the fonts installed on this machine (use --font-path folders and the bundled fonts).
    #[arg(long)]
    no_system_fonts: bool,
}

impl FontArgs {
    fn options(&self) -> FontOptions {
        FontOptions {
            system: !self.no_system_fonts,
            paths: self.font_paths.clone(),
        }
    }

    /// Loads the fonts, refusing a --font-path that is not a folder.
    fn load(&self) -> Result<Fonts, Vec<Diagnostic>> {
        for p in &self.font_paths {
            if !p.is_dir() {
                return Err(vec![
                    Diagnostic::error(format!("--font-path {} is not a folder", p.display()))
                        .hint("name a folder that holds .ttf, .otf or .ttc files"),
                ]);
            }
        }
        Ok(Fonts::load(&self.options()))
    }
}

/// Runs a command and returns the process exit code.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Export(args) => export::run(args),
        Command::Fonts(args) => fonts::run(args),
        Command::Import(args) => import::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::New(args) => new::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Watch(args) => watch::run(args),
    }
}

/// Prints diagnostics to standard error, in colour on a terminal.
pub fn print(diags: &[Diagnostic]) {
    if diags.is_empty() {
        return;
    }
    use std::io::IsTerminal;
    let color = if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut out = BufferedStandardStream::stderr(color);
    diag::render(diags, &mut out);
    let _ = std::io::Write::flush(&mut out);
}

/// Characters their role's faces lack, as warnings placed in the report (or the layout): once a
/// role and character, at its first place, with how often it occurs.
pub fn glyph_findings(project: &Project, plan: &FontPlan, fonts: &Fonts) -> Vec<Diagnostic> {
    let doc = &project.doc;
    let texts = doc.texts();
    gongwen::typst::missing_glyphs(doc, &project.layout, plan, fonts)
        .into_iter()
        .map(|m| {
            let role = m.role.key();
            let d = match &m.drawn_by {
                Some(fallback) => Diagnostic::warning(format!(
                    "`{}` (U+{:04X}) is not in the `{role}` face {}: {fallback} draws it",
                    m.c, m.c as u32, m.face
                ))
                .label(match m.times {
                    1 => format!("in {fallback}, a face of the layout's fallbacks"),
                    n => format!("in {fallback} here and {} more times", n - 1),
                })
                .hint(format!("the PDF is the same on every machine; for `{role}`'s own design, install a font that has it and put it first in the layout's fonts.{role}.pdf"))
                .hint("--strict makes this an error")
                .kind(gongwen::diag::Kind::Glyph),
                None => Diagnostic::warning(format!(
                    "no font can draw `{}` (U+{:04X}); it would print as an empty box",
                    m.c, m.c as u32
                ))
                .label(match m.times {
                    1 => format!("not in the `{role}` faces nor in the layout's fallbacks"),
                    n => format!(
                        "not in the `{role}` faces nor in the layout's fallbacks; here and {} more times",
                        n - 1
                    ),
                })
                .hint(format!("install a font that has it and name it in the layout's fonts.{role}.fallback, or pass --font-path DIR"))
                .hint("or write the character differently; --strict makes this an error")
                .kind(gongwen::diag::Kind::Glyph),
            };
            let (text, origin) = match m.place {
                Place::Text(i) => (texts[i].1, texts[i].2),
                Place::Title(i) => (doc.title[i].as_str(), &doc.title_origin),
                Place::PageNumber => ("", &gongwen::doc::Origin(None)),
            };
            gongwen::builder::place(d, &project.file, origin, text, m.offset, m.c)
        })
        .collect()
}

/// The stem of the report file: `data/xinxiang-2015.toml` → `xinxiang-2015`.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into())
}
