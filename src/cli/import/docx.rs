//! `gongwen import EDITED.docx`: a DOCX (above all one gongwen wrote and an editor revised) as a
//! report definition, or brought onto the definition it was built from with `--onto`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use gongwen::diag::{Diagnostic, Severity, SourceFile};
use gongwen::import::docx::{self, Limits};
use gongwen::import::{diff, onto, to_toml};
use gongwen::output::write_atomic;

use super::{ImportArgs, count};
use crate::cli::{EXIT_FINDINGS, EXIT_UNUSABLE, print, stem};

/// What `gongwen import --help` says about DOCX files.
pub const HELP: &str = "\
A .docx input is read by its styles: Title paragraphs give the title, Heading 1-4 (or any style \
with an outline level) give the sections, paragraphs opened by heading-styled words give run-in \
headings, the indented lines at the end give the signature and date. The numbers Word shows are \
not read: gongwen renumbers, so an inserted section gets the next number.

Tracked changes are accepted, as Word's Accept All would (inserted text kept, deleted text \
dropped), and a note says how many: the editor's revised document is what comes back. Tables \
come back as [table.NAME] (caption, merged header cells, rows as printed, notes); images, \
text boxes, footnotes and comments are reported as warnings with their place; their text is \
kept as paragraphs where there is text.

--onto REPORT.toml updates that definition: the title, opening, sections and closing come from \
the DOCX; the rest of [report] (office, period, date, layout, subject, keywords), [numbering] \
and the comments are kept; a table whose cells changed has its rows updated (citations kept \
where the printed value did not change), charts and the national form are kept from the \
definition. The changes are printed as a diff.";

/// Whether `path` names a DOCX (by its extension).
pub fn is_docx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// Imports a DOCX; the output checks (exists without --force, is the input) are done.
pub fn run(args: &ImportArgs) -> Result<ExitCode> {
    let out = args.output.display().to_string();
    let name = args.input.display().to_string();
    if !is_docx(&args.input) {
        print(&[
            Diagnostic::error(format!("--onto needs a DOCX, and {name} is not one"))
                .hint("import the edited .docx with --onto, or import text without it"),
        ]);
        return Ok(ExitCode::from(EXIT_UNUSABLE));
    }
    let base = match &args.onto {
        Some(path) => match gongwen::build::load(path) {
            Ok(project) => Some(project.file),
            Err(errors) => {
                print(&errors);
                return Ok(ExitCode::from(EXIT_UNUSABLE));
            }
        },
        None => None,
    };
    let size = std::fs::metadata(&args.input)
        .with_context(|| format!("cannot read {name}"))?
        .len();
    if size > Limits::DEFAULT.total {
        print(&[Diagnostic::error(format!(
            "{name} is {} MB, more than a report's DOCX can be",
            size >> 20
        ))
        .hint("save the document without pictures and embedded fonts, and import that")]);
        return Ok(ExitCode::from(EXIT_UNUSABLE));
    }
    let bytes = gongwen::input::read(&args.input, gongwen::input::MAX_IMPORT)
        .with_context(|| format!("cannot read {name}"))?;
    let imported = match docx::read(&name, &bytes, Limits::DEFAULT) {
        Ok(i) => i,
        Err(d) => {
            print(&[d]);
            return Ok(ExitCode::from(EXIT_UNUSABLE));
        }
    };
    let mut warnings = imported.warnings;
    let mut outline = imported.outline;
    if let Some(title) = &args.title {
        outline.title = vec![title.clone()];
    }
    if let Some(office) = &args.office {
        outline.office = office.clone();
    }
    let toml = match &base {
        Some(file) => match onto::onto(file, &outline) {
            Ok((toml, more)) => {
                warnings.extend(more);
                toml
            }
            Err(d) => {
                print(&[d]);
                return Ok(ExitCode::from(EXIT_UNUSABLE));
            }
        },
        None => {
            warnings.extend(imported.fresh);
            if outline.title.is_empty() {
                let title = stem(&args.input);
                warnings.push(
                    Diagnostic::warning(format!(
                        "{name} has no title: the title is `{title}`, the file's name"
                    ))
                    .hint(format!("pass --title \"…\", or edit title in {out}")),
                );
                outline.title = vec![title];
            }
            if outline.office.is_empty() {
                warnings.push(
                    Diagnostic::warning(format!(
                        "{name} names no author: the issuing office is left empty"
                    ))
                    .hint(format!("pass --office \"…\", or edit office in {out}")),
                );
            }
            let file_name = args
                .input
                .file_name()
                .map_or(name.clone(), |n| n.to_string_lossy().into_owned());
            to_toml(
                &outline,
                &format!("Imported by `gongwen import` from {file_name}. Check the headings."),
            )
        }
    };
    // What is written must build: errors would point into the written file.
    let written = SourceFile::new(out.clone(), &args.output, toml.clone());
    let root = args
        .output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| Path::new(".").to_path_buf(), Path::to_path_buf);
    let built = gongwen::build::from_source(written, root);
    write_atomic(&args.output, toml.as_bytes())?;

    if imported.revisions.any() {
        warnings.push(Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::warning(imported.revisions.note())
                .hint("to keep an edit out, reject it in Word and import again")
        });
    }
    print(&warnings);
    let (sections, headings, run_in) = count(&outline.sections);
    println!(
        "imported {name} into {out}: {sections} sections, {headings} headings ({run_in} run in), {} opening paragraph(s){}",
        outline.opening.len(),
        base.as_ref()
            .map_or(String::new(), |f| format!(", onto {}", f.name)),
    );
    if let Some(file) = &base {
        let changes = diff::lines(&file.text, &toml);
        if changes.is_empty() {
            println!("no changes to {}", file.name);
        } else {
            println!("changes to {}:\n{changes}", file.name);
        }
    }
    match built {
        Ok(_) => Ok(ExitCode::SUCCESS),
        Err(errors) => {
            print(&errors);
            Ok(ExitCode::from(EXIT_FINDINGS))
        }
    }
}
