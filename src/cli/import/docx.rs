//! `gongwen import EDITED.docx --onto REPORT.toml`: a DOCX gongwen wrote and an editor revised,
//! brought onto the definition it was built from.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use gongwen::diag::{Diagnostic, Severity, SourceFile};
use gongwen::import::docx::{self, Limits};
use gongwen::import::{diff, onto};
use gongwen::output::write_atomic;

use super::ImportArgs;
use crate::cli::{EXIT_FINDINGS, EXIT_UNUSABLE, print};

/// What `gongwen import --help` says about DOCX files.
pub const HELP: &str = "\
Every reader (text, .docx, .html) feeds one recogniser. Headings come from heading styles and \
outline levels, from list numbering (the list's number read as if typed), and from numbers typed \
at the start of a paragraph (一、 （一） 1、/1. （1）, run in up to the first 。; 一是… stays text), \
never numbered twice. The first short lines that are centred, large, in a title font or end in \
报告 are the title; the short lines set off at the end (right-aligned, indented, pushed by \
spaces) or naming an office are the signature and date. Lines of a web page (发布时间, 来源, \
点击数, 分享到, 打印本页 …) are left out and reported. A web page's article is the block holding \
most of its text; its charset comes from the page. Several files or folders import a whole set \
(-o names a folder; --yearbook binds them).

Tracked changes are accepted, as Word's Accept All would (inserted text kept, deleted text \
dropped), and a note says how many: the editor's revised document is what comes back. Tables \
come back as [table.NAME] (the caption line above, merged header cells, rows as printed, notes); footnotes \
come back as {note:…} where their mark stood, comments as `# 批注（author，date）：…` lines \
beside their paragraph (and are listed); images, text boxes and endnotes are reported as \
warnings with their place; their text is kept as paragraphs where there is text.

--onto REPORT.toml updates that definition: the title, opening, sections and closing come from \
the DOCX; the rest of [report] (office, period, date, layout, subject, keywords), [numbering] \
and the comments are kept; a table whose cells changed has its rows updated (citations kept \
where the printed value did not change), charts and the national form are kept from the \
definition. The changes are printed as a diff.";

/// Whether `path` names a DOCX (by its extension).
fn is_docx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"))
}

/// Imports a DOCX onto a definition; the output checks (exists without --force, is the
/// input) are done.
pub fn run(args: &ImportArgs) -> Result<ExitCode> {
    let out = args.output.display().to_string();
    let name = args.input().display().to_string();
    if !is_docx(args.input()) {
        print(&[
            Diagnostic::error(format!("--onto needs a DOCX, and {name} is not one"))
                .hint("import the edited .docx with --onto, or import text without it"),
        ]);
        return Ok(ExitCode::from(EXIT_UNUSABLE));
    }
    let Some(onto) = &args.onto else {
        unreachable!("only --onto imports come here")
    };
    use gongwen::project::{Project, Unit};
    let base = match Project::open(onto) {
        Ok(Project {
            unit: Unit::Report(report),
            ..
        }) => report.file,
        Ok(_) => {
            print(&[Diagnostic::error(format!(
                "{} is a yearbook; an edited DOCX comes back onto one report",
                onto.display()
            ))
            .hint("name the report definition the DOCX was built from with --onto")]);
            return Ok(ExitCode::from(EXIT_UNUSABLE));
        }
        Err(errors) => {
            print(&errors);
            return Ok(ExitCode::from(EXIT_UNUSABLE));
        }
    };
    let size = std::fs::metadata(args.input())
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
    let bytes = gongwen::input::read(args.input(), gongwen::input::MAX_IMPORT)
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
    let toml = match onto::onto(&base, &outline) {
        Ok((toml, more)) => {
            warnings.extend(more);
            toml
        }
        Err(d) => {
            print(&[d]);
            return Ok(ExitCode::from(EXIT_UNUSABLE));
        }
    };
    // What is written must build: errors would point into the written file.
    let written = SourceFile::new(out.clone(), &args.output, toml.clone());
    let root = gongwen::input::root_of(&args.output);
    let built = gongwen::builder::from_source(written, root);
    write_atomic(&args.output, toml.as_bytes())?;

    if imported.revisions.any() {
        warnings.push(Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::warning(imported.revisions.note())
                .hint("to keep an edit out, reject it in Word and import again")
        });
    }
    print(&warnings);
    println!(
        "imported {name} into {out}, onto {}: {}",
        base.name,
        super::summary(&outline)
    );
    let changes = diff::lines(&base.text, &toml);
    if changes.is_empty() {
        println!("no changes to {}", base.name);
    } else {
        println!("changes to {}:\n{changes}", base.name);
    }
    match built {
        Ok(_) => Ok(ExitCode::SUCCESS),
        Err(errors) => {
            print(&errors);
            Ok(ExitCode::from(EXIT_FINDINGS))
        }
    }
}
