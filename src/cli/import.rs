//! `gongwen import`: a report published as plain text, one paragraph a line, as a report definition.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use gongwen::diag::{Diagnostic, SourceFile};
use gongwen::import::{OutlineSection, encoding, text, to_toml};
use gongwen::output::write_atomic;

use super::{EXIT_FINDINGS, EXIT_UNUSABLE, print, stem};

mod docx;

/// Arguments of `gongwen import`.
#[derive(Debug, Args)]
#[command(after_long_help = docx::HELP)]
pub struct ImportArgs {
    /// The report as text: one paragraph a line, UTF-8 (GB 18030 is read with a warning).
    input: PathBuf,
    /// The report definition to write.
    #[arg(short, long, value_name = "REPORT.toml")]
    output: PathBuf,
    /// The report's title (without it, the input file's name, with a warning).
    #[arg(long)]
    title: Option<String>,
    /// The issuing office (without it, empty, with a warning).
    #[arg(long)]
    office: Option<String>,
    /// Overwrite the output if it exists.
    #[arg(long)]
    force: bool,
    /// (DOCX) Update this report definition: keep what a DOCX cannot say (the rest of
    /// [report], [numbering], comments), take title, opening, sections and closing from the DOCX.
    #[arg(long, value_name = "REPORT.toml")]
    onto: Option<PathBuf>,
}

/// Runs `gongwen import`.
pub fn run(args: ImportArgs) -> Result<ExitCode> {
    let out = args.output.display().to_string();
    if args.output.exists() && !args.force {
        print(&[Diagnostic::error(format!("{out} already exists"))
            .hint("pass --force to overwrite it, or name another file with -o")]);
        return Ok(ExitCode::from(EXIT_UNUSABLE));
    }
    if same_file(&args.input, &args.output) {
        print(&[Diagnostic::error(format!("{out} is the input file"))
            .hint("write the report definition to a .toml file of its own")]);
        return Ok(ExitCode::from(EXIT_UNUSABLE));
    }
    if docx::is_docx(&args.input) || args.onto.is_some() {
        return docx::run(&args);
    }
    let name = args.input.display().to_string();
    let bytes = gongwen::input::read(&args.input, gongwen::input::MAX_IMPORT)
        .with_context(|| format!("cannot read {name}"))?;
    let (content, note) = match encoding::decode(&name, &bytes) {
        Ok(decoded) => decoded,
        Err(d) => {
            print(&[d]);
            return Ok(ExitCode::from(EXIT_UNUSABLE));
        }
    };
    let source = SourceFile::new(name.clone(), &args.input, content);
    let office = args.office.clone().unwrap_or_default();
    let title = args.title.clone().unwrap_or_default();
    let imported = text::recognise(&source, &title, &office);
    let mut warnings: Vec<Diagnostic> = note.into_iter().collect();
    warnings.extend(imported.warnings);
    let mut outline = imported.outline;
    outline.title = vec![args.title.clone().unwrap_or_else(|| {
        let title = stem(&args.input);
        warnings.push(
            Diagnostic::warning(format!(
                "no --title: the title is `{title}`, the file's name"
            ))
            .hint(format!("pass --title \"…\", or edit title in {out}")),
        );
        title
    })];
    if args.office.is_none() {
        warnings.push(
            Diagnostic::warning("no --office: the issuing office is left empty")
                .hint(format!("pass --office \"…\", or edit office in {out}")),
        );
    }
    outline.office = office;

    let file_name = args
        .input
        .file_name()
        .map_or(name.clone(), |n| n.to_string_lossy().into_owned());
    let toml = to_toml(
        &outline,
        &format!(
            "Imported by `gongwen import` from {file_name}. Check the headings,\nthen run `gongwen fmt` to make the punctuation full-width."
        ),
    );
    // What was written must build: errors would point into the written file.
    let written = SourceFile::new(out.clone(), &args.output, toml.clone());
    let root = args
        .output
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let built = gongwen::build::from_source(written, root);
    write_atomic(&args.output, toml.as_bytes())?;
    print(&warnings);
    let (sections, headings, run_in) = count(&outline.sections);
    println!(
        "imported {name} into {out}: {sections} sections, {headings} headings ({run_in} run in), {} opening paragraph(s){}{}{}",
        outline.opening.len(),
        outline
            .signature
            .as_ref()
            .map_or(String::new(), |s| format!(", signed {s}")),
        outline
            .date
            .map_or(String::new(), |d| format!(", dated {}", d.chinese())),
        outline
            .closing_lines
            .first()
            .map_or(String::new(), |l| format!(", closing with {l}")),
    );
    match built {
        Ok(project) => {
            let marks = project
                .warnings
                .iter()
                .filter(|d| d.message.starts_with("half-width"))
                .count();
            if marks > 0 {
                println!(
                    "{marks} half-width punctuation marks in Chinese text: run gongwen fmt {out}"
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(errors) => {
            print(&errors);
            Ok(ExitCode::from(EXIT_FINDINGS))
        }
    }
}

/// Level-1 sections, all headings, run-in headings.
fn count(sections: &[OutlineSection]) -> (usize, usize, usize) {
    let mut totals = (sections.len(), 0, 0);
    for s in sections {
        let (_, h, r) = count(&s.sections);
        totals.1 += 1 + h;
        totals.2 += usize::from(s.run_in) + r;
    }
    totals
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
