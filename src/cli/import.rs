//! `gongwen import`: reports as offices send them — plain text, DOCX, web pages — as report
//! definitions; one file, or a whole set of submissions at once (`import/batch.rs`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Args;
use gongwen::diag::{Diagnostic, SourceFile};
use gongwen::import::submission::{self, Submission};
use gongwen::import::to_toml;
use gongwen::output::write_atomic;

use super::{EXIT_FINDINGS, EXIT_UNUSABLE, print};

mod batch;
mod docx;
mod intake;

/// Arguments of `gongwen import`.
#[derive(Debug, Args)]
#[command(after_long_help = docx::HELP)]
pub struct ImportArgs {
    /// The report: text (one paragraph a line, UTF-8 or GB 18030), a .docx, or a web page
    /// (.html). Several files or folders import a whole set of submissions into the folder -o.
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    inputs: Vec<PathBuf>,
    /// The report definition to write (a folder when importing several).
    #[arg(short, long, value_name = "REPORT.toml|DIR")]
    output: PathBuf,
    /// The report's title (without it, the file's title lines, else its name, with a warning).
    #[arg(long)]
    title: Option<String>,
    /// The issuing office (without it, the office the signature names, else empty, with a warning).
    #[arg(long)]
    office: Option<String>,
    /// Overwrite the output if it exists.
    #[arg(long)]
    force: bool,
    /// (DOCX) Update this report definition: keep what a DOCX cannot say (the rest of
    /// [report], [numbering], comments), take title, opening, sections and closing from the DOCX.
    #[arg(long, value_name = "REPORT.toml")]
    onto: Option<PathBuf>,
    /// (several) Also write DIR/yearbook.toml binding the imported reports, ready to build.
    #[arg(long)]
    yearbook: bool,
    /// (several) Bind every copy of a report sent twice, rather than the newest (or the one
    /// named 最终版/定稿) alone.
    #[arg(long)]
    keep_duplicates: bool,
    /// Keep the punctuation as published (by default half-width marks in Chinese text are made
    /// full-width by GB/T 15834, as `gongwen fmt` does, each change counted).
    #[arg(long)]
    as_published: bool,
    /// Take the text as it was before the tracked changes still pending in a DOCX (by default
    /// they are accepted); either way each is listed.
    #[arg(long)]
    reject_changes: bool,
}

impl ImportArgs {
    /// The one input of a single import.
    fn input(&self) -> &Path {
        &self.inputs[0]
    }

    /// How submissions are read.
    fn options(&self) -> submission::Options {
        submission::Options {
            as_published: self.as_published,
            reject_changes: self.reject_changes,
        }
    }
}

/// Runs `gongwen import`.
pub fn run(args: ImportArgs) -> Result<ExitCode> {
    if args.inputs.len() > 1 || args.inputs[0].is_dir() || args.yearbook {
        return batch::run(&args);
    }
    let out = args.output.display().to_string();
    if args.output.exists() && !args.force {
        print(&[Diagnostic::error(format!("{out} already exists"))
            .hint("pass --force to overwrite it, or name another file with -o")]);
        return Ok(ExitCode::from(EXIT_UNUSABLE));
    }
    if same_file(args.input(), &args.output) {
        print(&[Diagnostic::error(format!("{out} is the input file"))
            .hint("write the report definition to a .toml file of its own")]);
        return Ok(ExitCode::from(EXIT_UNUSABLE));
    }
    if args.onto.is_some() {
        return docx::run(&args);
    }
    let name = args.input().display().to_string();
    let imported = match read(
        args.input(),
        args.title.as_deref(),
        args.office.as_deref(),
        &args.options(),
    )? {
        Ok(s) => s,
        Err(d) => {
            print(&[d]);
            return Ok(ExitCode::from(EXIT_UNUSABLE));
        }
    };
    let (toml, built) = match definition(&imported, args.input(), &args.output) {
        Ok(made) => made,
        Err(broken) => {
            print(&imported.warnings);
            print(&broken);
            eprintln!("nothing was written");
            return Ok(ExitCode::from(EXIT_UNUSABLE));
        }
    };
    write_atomic(&args.output, toml.as_bytes())?;
    print(&imported.warnings);
    println!("imported {name} into {out}: {}", summary(&imported.outline));
    match built {
        Ok(marks) => {
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

/// Reads one submission; a file that cannot be read is an I/O error, one that is not what its
/// name says (not a zip, malformed XML, garbled text) a diagnostic.
fn read(
    input: &Path,
    title: Option<&str>,
    office: Option<&str>,
    options: &submission::Options,
) -> Result<Result<Submission, Diagnostic>> {
    let name = input.display().to_string();
    let size = std::fs::metadata(input)
        .with_context(|| format!("cannot read {name}"))?
        .len();
    if size > gongwen::import::docx::Limits::DEFAULT.total {
        return Ok(Err(Diagnostic::error(format!(
            "{name} is {} MB, more than a report can be",
            size >> 20
        ))
        .hint(
            "save the document without pictures and embedded fonts, and import that",
        )));
    }
    let bytes = gongwen::input::read(input, gongwen::input::MAX_IMPORT)
        .with_context(|| format!("cannot read {name}"))?;
    Ok(submission::read(
        input, &name, &bytes, title, office, options,
    ))
}

/// A definition as TOML, and whether it builds: its punctuation warnings counted, or its errors.
type Definition = (String, Result<usize, Vec<Diagnostic>>);

/// The definition of `s` as TOML for `output`, and whether it builds: the count of half-width
/// punctuation warnings, or the errors (which point into the written file). A definition that
/// breaks a limit `check` enforces (size, table, control characters) is not made: the errors,
/// naming the input, come back instead.
fn definition(s: &Submission, input: &Path, output: &Path) -> Result<Definition, Vec<Diagnostic>> {
    let shown = input.display().to_string();
    let wide = gongwen::import::limits::tables(&shown, &s.outline);
    if !wide.is_empty() {
        return Err(wide);
    }
    let file_name = input.file_name().map_or_else(
        || input.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    // The intake warnings travel with the definition: `check --format html` lists them.
    let intake: String = s
        .warnings
        .iter()
        .map(|d| format!("\nintake: {}", d.message.replace('\n', " ")))
        .collect();
    let toml = to_toml(
        &s.outline,
        &format!(
            "Imported by `gongwen import` from {file_name}. Check the headings{}.{intake}",
            if s.options.as_published {
                ",\nthen run `gongwen fmt` to make the punctuation full-width"
            } else {
                ""
            }
        ),
    );
    let written = SourceFile::new(output.display().to_string(), output, toml.clone());
    let broken = gongwen::import::limits::text(&shown, &written);
    if !broken.is_empty() {
        return Err(broken);
    }
    let root = gongwen::input::root_of(output);
    let built = gongwen::builder::from_source(written, root).map(|project| {
        project
            .warnings
            .iter()
            .filter(|d| d.kind == gongwen::diag::Kind::Punctuation)
            .count()
    });
    Ok((toml, built))
}

/// What was recognised, in one line: sections, headings, opening, tables, form, signature.
fn summary(o: &gongwen::import::Outline) -> String {
    let (sections, headings, run_in) = submission::counts(&o.sections);
    let forms = o.tables.iter().filter(|t| t.form).count();
    let form = o.form.as_ref().map(|f| {
        let variant: Vec<String> = f
            .replace
            .iter()
            .map(|(_, _, _, label)| format!(", {label} in one row"))
            .collect();
        format!("{}{}", f.kind, variant.concat())
    });
    let mut parts = vec![
        format!("{sections} sections, {headings} headings ({run_in} run in)"),
        format!("{} opening paragraph(s)", o.opening.len()),
    ];
    if !o.tables.is_empty() {
        parts.push(format!("{} table(s)", o.tables.len()));
    }
    if let Some(kind) = form {
        parts.push(format!("the national form as [form] ({kind})"));
    }
    if !o.citations.is_empty() {
        parts.push(format!(
            "{} figure(s) of the text citing the form's cells",
            o.citations.len()
        ));
    }
    if forms > 0 {
        parts.push(format!("{forms} national-form table(s) left plain"));
    }
    if let Some(sig) = &o.signature {
        parts.push(format!("signed {sig}"));
    }
    if let Some(d) = o.date {
        parts.push(format!("dated {}", d.chinese()));
    }
    if let Some(l) = o.closing_lines.first() {
        parts.push(format!("closing with {l}"));
    }
    parts.join(", ")
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
