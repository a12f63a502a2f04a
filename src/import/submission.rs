//! One submission, whatever its form (plain text, DOCX, an HTML page), read by its reader and
//! the shared recogniser into an [`Outline`] with a title and an office.

use std::path::Path;

use super::{Outline, OutlineSection, docx, encoding, form, html, recognise, text};
use crate::diag::{Diagnostic, Severity, SourceFile};

/// The reader a file is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Plain text, one paragraph a line.
    Text,
    /// A Word document.
    Docx,
    /// A web page.
    Html,
}

impl Form {
    /// The form `path` is in, by its extension; `None` for a file no reader takes.
    pub fn of(path: &Path) -> Option<Form> {
        let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
        match ext.as_str() {
            "docx" => Some(Form::Docx),
            "html" | "htm" | "xhtml" | "shtml" => Some(Form::Html),
            "txt" | "text" => Some(Form::Text),
            _ => None,
        }
    }

    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Form::Text => "text",
            Form::Docx => "DOCX",
            Form::Html => "web page",
        }
    }
}

/// A submission read.
#[derive(Debug)]
pub struct Submission {
    /// The form it was in.
    pub form: Form,
    /// The structure, with its title and office.
    pub outline: Outline,
    /// What the author should look at.
    pub warnings: Vec<Diagnostic>,
}

impl Submission {
    /// Level-1 sections, all headings, run-in headings.
    pub fn counts(&self) -> (usize, usize, usize) {
        counts(&self.outline.sections)
    }

    /// Warnings, not counting notes.
    pub fn warning_count(&self) -> usize {
        self.warnings
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

/// Level-1 sections, all headings, run-in headings of `sections`.
pub fn counts(sections: &[OutlineSection]) -> (usize, usize, usize) {
    let mut totals = (sections.len(), 0, 0);
    for s in sections {
        let (_, h, r) = counts(&s.sections);
        totals.1 += 1 + h;
        totals.2 += usize::from(s.run_in) + r;
    }
    totals
}

/// Reads `bytes` of the file at `path` (named `name`) as a fresh report definition. `title` and
/// `office` (from `--title`, `--office`) override what the file says. Without them, the title
/// is the file's title lines (else its name) and the office the signature when it names an
/// office (a DOCX's author first, unless that is a login name), each with a warning when
/// guessed from the file's name or left empty. An unreadable file is an error.
pub fn read(
    path: &Path,
    name: &str,
    bytes: &[u8],
    title: Option<&str>,
    office: Option<&str>,
) -> Result<Submission, Diagnostic> {
    let form = Form::of(path).unwrap_or(Form::Text);
    let given_title = title.unwrap_or("");
    let given_office = office.unwrap_or("");
    let (mut outline, mut warnings) = match form {
        Form::Docx => {
            let imported = docx::read(name, bytes, docx::Limits::DEFAULT)?;
            let mut warnings = imported.warnings;
            warnings.extend(imported.fresh);
            if imported.revisions.any() {
                warnings.push(Diagnostic {
                    severity: Severity::Note,
                    ..Diagnostic::warning(imported.revisions.note())
                        .hint("to keep an edit out, reject it in Word and import again")
                });
            }
            (imported.outline, warnings)
        }
        Form::Html => {
            let (content, note) = html::decode(name, bytes)?;
            let file = SourceFile::new(name.to_string(), path, content);
            let imported = html::read(&file, given_title, given_office);
            let mut warnings: Vec<Diagnostic> = note.into_iter().collect();
            warnings.extend(imported.warnings);
            (imported.outline, warnings)
        }
        Form::Text => {
            let (content, note) = encoding::decode(name, bytes)?;
            let file = SourceFile::new(name.to_string(), path, content);
            let imported = text::recognise(&file, given_title, given_office);
            let mut warnings: Vec<Diagnostic> = note.into_iter().collect();
            warnings.extend(imported.warnings);
            (imported.outline, warnings)
        }
    };
    national_form(name, &mut outline, &mut warnings);
    if let Some(t) = title {
        if !outline.title.is_empty() && outline.title.concat() != t {
            warnings.push(
                Diagnostic::warning(format!(
                    "the title lines “{}” of {name} are replaced by --title",
                    outline.title.join(" / ")
                ))
                .hint("leave --title out to keep the file's own title lines"),
            );
        }
        if outline.title.concat() != t {
            outline.title = vec![t.to_string()];
        } // else: the file prints the given title on several lines; they are kept
    } else if outline.title.is_empty() {
        let stem = path
            .file_stem()
            .map_or_else(|| name.to_string(), |s| s.to_string_lossy().into_owned());
        warnings.push(
            Diagnostic::warning(format!(
                "no --title and no title lines in {name}: the title is `{stem}`, the file's name"
            ))
            .hint("pass --title \"…\", or edit title in the report definition"),
        );
        outline.title = vec![stem];
    }
    if let Some(o) = office {
        outline.office = o.to_string();
    } else if outline.office.is_empty() || outline.office.is_ascii() {
        // A DOCX's author may be a login name (admin, Administrator): the signature says more.
        let from = outline
            .signature
            .iter()
            .chain(outline.title.first())
            .find(|l| recognise::is_office(l, ""))
            .cloned();
        match from {
            Some(o) => {
                warnings.push(Diagnostic {
                    severity: Severity::Note,
                    ..Diagnostic::warning(format!(
                        "no --office: the issuing office is `{o}`, as {name} names it"
                    ))
                    .hint("pass --office \"…\" to name another")
                });
                outline.office = o;
            }
            None => {
                warnings.push(
                    Diagnostic::warning(format!(
                        "no --office and {name} names none: the issuing office is left empty"
                    ))
                    .hint("pass --office \"…\", or edit office in the report definition"),
                );
                outline.office.clear();
            }
        }
    }
    Ok(Submission {
        form,
        outline,
        warnings,
    })
}

/// The national form's tables into `[form]`, when all of them carry its labels and the result
/// builds; otherwise each stays a plain table, with a warning.
fn national_form(name: &str, outline: &mut Outline, warnings: &mut Vec<Diagnostic>) {
    if !outline.tables.iter().any(|t| t.form) {
        return;
    }
    let mut with_form = outline.clone();
    if form::recognise(&mut with_form) {
        let toml = super::to_toml(&with_form, "");
        let file = SourceFile::new(name.to_string(), Path::new(name), toml);
        match crate::builder::from_source(file, Path::new(".").to_path_buf()) {
            Ok(_) => {
                warnings.push(Diagnostic {
                    severity: Severity::Note,
                    ..Diagnostic::warning(format!(
                        "the national form's tables of {name} are read into [form] ({}), every number as published",
                        with_form.form.as_ref().map_or("", |f| f.kind.as_str())
                    ))
                    .hint("gongwen check runs the form's arithmetic on them")
                });
                for (table, key, label) in with_form.form.iter().flat_map(|f| &f.missing) {
                    warnings.push(
                        Diagnostic::warning(format!(
                            "the form's table {table} of {name} has no row “{label}” (\"{key}\"): it is printed blank, not stated"
                        ))
                        .hint("the national form has the row; fill it in [form] if the office gave its numbers elsewhere"),
                    );
                }
                *outline = with_form;
                return;
            }
            Err(errors) => {
                let first = errors.first().map_or(String::new(), |e| e.message.clone());
                warnings.push(
                    Diagnostic::warning(format!(
                        "the national form's tables of {name} do not read as the form ({first}); they are imported as plain tables"
                    ))
                    .hint("check the tables' labels and numbers against the form, or write [form] by hand"),
                );
            }
        }
    }
    for t in outline.tables.iter().filter(|t| t.form) {
        warnings.push(
            Diagnostic::warning(format!(
                "a table of the national form is imported as a plain table `{}`: the form's arithmetic (its totals and checks) is not reconstructed",
                t.name
            ))
            .hint("the form is read when all of its tables are there with their labels; or import with --onto the definition the DOCX was built from"),
        );
    }
}
