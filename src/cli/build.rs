//! `gongwen build`: the PDF and the DOCX of a report, written only when everything succeeded.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::Result;
use clap::Args;
use gongwen::diag::{self, Diagnostic};
use gongwen::output::write_atomic;
use gongwen::typst::PdfSettings;

use super::{EXIT_FINDINGS, EXIT_UNUSABLE, FontArgs, fonts_for, print, stem};

/// Arguments of `gongwen build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The report definition (a .toml file).
    report: PathBuf,
    /// The folder to write into.
    #[arg(short, long, value_name = "DIR", default_value = "out")]
    output: PathBuf,
    /// Write the PDF (alone, unless --docx is also given).
    #[arg(long)]
    pdf: bool,
    /// Write the DOCX (alone, unless --pdf is also given).
    #[arg(long)]
    docx: bool,
    /// Also write the generated Typst source (DIR/STEM.typ), which the typst CLI compiles with
    /// the same fonts (typst compile --font-path fonts/fandol STEM.typ).
    #[arg(long)]
    emit_typst: bool,
    /// Treat warnings (such as a character no font can draw) as errors.
    #[arg(long)]
    strict: bool,
    /// Make the PDF conform to PDF/A-2b, the archival profile.
    #[arg(long)]
    archive: bool,
    /// Print nothing but problems.
    #[arg(short, long)]
    quiet: bool,
    #[command(flatten)]
    fonts: FontArgs,
}

/// Runs `gongwen build`.
pub fn run(args: BuildArgs) -> Result<ExitCode> {
    let (want_pdf, want_docx) = match (args.pdf, args.docx) {
        (false, false) => (true, true),
        both => both,
    };
    let started = Instant::now();
    let project = match gongwen::build::load(&args.report) {
        Ok(p) => p,
        Err(diags) => {
            print(&diags);
            return Ok(ExitCode::from(EXIT_UNUSABLE));
        }
    };
    let mut findings: Vec<Diagnostic> = project.warnings.clone();
    let stem = stem(&args.report);
    // Everything is made in memory first; nothing is written unless all of it succeeded.
    let mut outputs: Vec<(PathBuf, Vec<u8>, String)> = Vec::new();
    if want_pdf || args.emit_typst {
        let t = Instant::now();
        let (fonts, plan, glyphs) = match fonts_for(&project, &args.fonts) {
            Ok(x) => x,
            Err(diags) => {
                print(&findings.into_iter().chain(diags).collect::<Vec<_>>());
                return Ok(ExitCode::from(EXIT_UNUSABLE));
            }
        };
        findings.extend(glyphs);
        if diag::has_errors(&findings, args.strict) {
            return Ok(refuse(&findings, args.strict));
        }
        let name = format!("{stem}.typ");
        let source = gongwen::typst::emit(
            &project.doc,
            &project.layout,
            &plan,
            &args.report.display().to_string(),
        );
        if args.emit_typst {
            outputs.push((
                args.output.join(&name),
                source.clone().into_bytes(),
                "generated Typst source".into(),
            ));
        }
        if want_pdf {
            let settings = PdfSettings {
                archive: args.archive,
                ident: stem.clone(),
            };
            match gongwen::typst::compile(
                source,
                &name,
                &project.root,
                &fonts,
                project.doc.meta.date,
                &settings,
            ) {
                Ok(pdf) => {
                    findings.extend(pdf.warnings);
                    let what = format!("{} pages, {}", pdf.pages, secs(t.elapsed()));
                    outputs.push((args.output.join(format!("{stem}.pdf")), pdf.bytes, what));
                }
                Err(diags) => {
                    print(&findings.into_iter().chain(diags).collect::<Vec<_>>());
                    return Ok(ExitCode::from(EXIT_UNUSABLE));
                }
            }
        }
    }
    if want_docx {
        let t = Instant::now();
        match gongwen::docx::render(&project.doc, &project.layout) {
            Ok(bytes) => outputs.push((
                args.output.join(format!("{stem}.docx")),
                bytes,
                secs(t.elapsed()),
            )),
            Err(diags) => {
                print(&findings.into_iter().chain(diags).collect::<Vec<_>>());
                return Ok(ExitCode::from(EXIT_UNUSABLE));
            }
        }
    }
    if diag::has_errors(&findings, args.strict) {
        return Ok(refuse(&findings, args.strict));
    }
    print(&findings);
    for (path, bytes, what) in &outputs {
        write_atomic(path, bytes)?;
        if !args.quiet {
            println!("wrote {} ({what})", path.display());
        }
    }
    if !args.quiet {
        println!(
            "built {} in {}",
            args.report.display(),
            secs(started.elapsed())
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints the findings that stop the build and says nothing was written.
fn refuse(findings: &[Diagnostic], strict: bool) -> ExitCode {
    print(findings);
    eprintln!(
        "nothing was written{}",
        if strict {
            " (--strict turns warnings into errors)"
        } else {
            ""
        }
    );
    if diag::has_errors(findings, false) {
        ExitCode::from(EXIT_UNUSABLE)
    } else {
        ExitCode::from(EXIT_FINDINGS)
    }
}

fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}
