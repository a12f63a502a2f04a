//! One submission, whatever its form (plain text, DOCX, an HTML page), read by its reader and
//! the shared recogniser into an [`Outline`] with a title and an office.

use std::path::Path;

use super::sniff::{self, Content};
use super::{Outline, OutlineSection, convert, docx, encoding, form, html, recognise, text};
use crate::diag::{Diagnostic, Severity, SourceFile};

/// The reader a file is for, as its content (not its name) says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// Plain text, one paragraph a line.
    Text,
    /// A Word document.
    Docx,
    /// A web page.
    Html,
    /// A Word 97–2003 or WPS document, read through LibreOffice.
    Word97,
    /// An OpenDocument text, read through LibreOffice.
    Odt,
    /// An RTF document, read through LibreOffice.
    Rtf,
    /// A PDF with a text layer.
    Pdf,
}

impl Form {
    /// Its name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Form::Text => "text",
            Form::Docx => "DOCX",
            Form::Html => "web page",
            Form::Word97 => "Word 97/WPS",
            Form::Odt => "ODT",
            Form::Rtf => "RTF",
            Form::Pdf => "PDF",
        }
    }

    /// The form `content` is read as, or why it cannot be read (`name` is the file's name in
    /// messages).
    pub fn of(name: &str, content: &Content) -> Result<Form, Diagnostic> {
        let again = "ask the office to send the report again, as a Word document (.docx)";
        Err(match content {
            Content::Docx => return Ok(Form::Docx),
            Content::Odf { text: true } => return Ok(Form::Odt),
            Content::Word97 => return Ok(Form::Word97),
            Content::Rtf => return Ok(Form::Rtf),
            Content::Pdf => return Ok(Form::Pdf),
            Content::Html => return Ok(Form::Html),
            Content::Text => return Ok(Form::Text),
            Content::Empty => Diagnostic::error(format!("{name} is empty: there is no report in it"))
                .hint(again),
            Content::BrokenZip(e) => Diagnostic::error(format!(
                "{name} is a damaged zip archive ({e}): it was cut short or broken on the way and cannot be read"
            ))
            .hint(again),
            Content::OtherZip => Diagnostic::error(format!(
                "{name} is a zip archive but not a DOCX: it holds no word/document.xml (nor an OpenDocument content.xml)"
            ))
            .hint("open it in Word or LibreOffice and save it as a Word document (.docx)"),
            Content::Odf { text: false } => Diagnostic::error(format!(
                "{name} is an OpenDocument spreadsheet, drawing or presentation, not a text document"
            ))
            .hint(again),
            Content::Encrypted => Diagnostic::error(format!(
                "{name} is protected by a password: its text is encrypted and cannot be read"
            ))
            .hint("ask the office for a copy saved without a password (Word: 文件 → 信息 → 保护文档, clear the password; WPS: 文件 → 文档加密)"),
            Content::OtherOle(kind) => Diagnostic::error(format!(
                "{name} is an Office {kind} (Excel or PowerPoint), not a report document"
            ))
            .hint(again),
            Content::Picture(kind) => Diagnostic::error(format!(
                "{name} is a {kind} picture: a scanned page has no text to read (gongwen does no OCR)"
            ))
            .hint(again),
            Content::Mime => Diagnostic::error(format!(
                "{name} is a web page saved as a web archive (MHT), not read"
            ))
            .hint("open it in the browser and save it as \"Web page, HTML only\" (网页，仅 HTML), or ask the office for the Word document"),
            Content::Definition => Diagnostic::error(format!(
                "{name} is a report definition or yearbook already, not a submission"
            ))
            .hint("check or build it with gongwen; import reads the files the offices sent"),
            Content::Xml => Diagnostic::error(format!(
                "{name} is XML markup, not a report: read as text it would be code, not words"
            ))
            .hint("open it in Word or LibreOffice and save it as a Word document (.docx)"),
            Content::Binary => Diagnostic::error(format!(
                "{name} is binary data, neither a document nor text"
            ))
            .hint(again),
        })
    }
}

/// How a submission is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Keep the punctuation as published (else GB/T 15834 is applied, as `gongwen fmt` does).
    pub as_published: bool,
    /// Take the text before the tracked changes still pending (else after them).
    pub reject_changes: bool,
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
    /// How it was read.
    pub options: Options,
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
    options: &Options,
) -> Result<Submission, Diagnostic> {
    let content = sniff::sniff(bytes);
    let form = Form::of(name, &content)?;
    let mut notes = Vec::new();
    let claimed = path
        .file_name()
        .and_then(|n| Content::claimed(&n.to_string_lossy()));
    let disagrees = claimed.as_ref().filter(|c| !content.agrees(c));
    if let Some(c) = disagrees {
        notes.push(
            Diagnostic::warning(format!(
                "{name} is named as {} but is {}: it is read as what it is",
                c.name(),
                content.name()
            ))
            .hint("rename the file to match its content, so that other programs open it right"),
        );
    }
    let given_title = title.unwrap_or("");
    let given_office = office.unwrap_or("");
    let (mut outline, mut warnings) = match form {
        Form::Docx | Form::Word97 | Form::Odt | Form::Rtf => {
            let converted;
            let docx_bytes = match form {
                Form::Docx => bytes,
                _ => {
                    let ext = match form {
                        Form::Word97 => "doc",
                        Form::Odt => "odt",
                        _ => "rtf",
                    };
                    converted = convert::to_docx(name, bytes, ext, &content.name())?;
                    notes.push(Diagnostic {
                        severity: Severity::Note,
                        ..Diagnostic::warning(format!(
                            "{name} is {}: LibreOffice made it a DOCX, read as a DOCX",
                            content.name()
                        ))
                        .hint("check the headings and tables against the original")
                    });
                    &converted
                }
            };
            let (rejected, pending) = docx::pending::read(
                name,
                docx_bytes,
                options.reject_changes,
                docx::Limits::DEFAULT,
            )?;
            let docx_bytes = rejected.as_deref().unwrap_or(docx_bytes);
            let imported = docx::read(name, docx_bytes, docx::Limits::DEFAULT)?;
            let mut warnings = notes;
            warnings.extend(pending);
            warnings.extend(imported.warnings);
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
        Form::Pdf => {
            let imported = super::pdf::read(name, bytes, given_title, given_office)?;
            let mut warnings = notes;
            warnings.extend(imported.warnings);
            (imported.outline, warnings)
        }
        Form::Html => {
            let (content, note) = html::decode(name, bytes)?;
            let file = SourceFile::new(name.to_string(), path, content);
            let imported = html::read(&file, given_title, given_office)?;
            let mut warnings = notes;
            warnings.extend(note);
            warnings.extend(imported.warnings);
            (imported.outline, warnings)
        }
        Form::Text => {
            let (content, note) = encoding::decode(name, bytes)?;
            let file = SourceFile::new(name.to_string(), path, content);
            let imported = text::recognise(&file, given_title, given_office);
            let mut warnings = notes;
            warnings.extend(note);
            warnings.extend(imported.warnings);
            (imported.outline, warnings)
        }
    };
    if let Some(why) = no_report(&outline, disagrees.is_some()) {
        let what = match disagrees {
            Some(claimed) => format!("is {}, not {}, and ", content.name(), claimed.name()),
            None => String::new(),
        };
        return Err(Diagnostic::error(format!("{name} {what}{why}"))
            .hint("ask the office to send the report again, as a Word document (.docx)"));
    }
    national_form(name, &mut outline, &mut warnings);
    let words = super::to_toml(&outline, "");
    warnings.extend(super::lost_form::check(
        name,
        &words,
        outline.form.is_some(),
    ));
    if !options.as_published {
        let marks = super::punctuate::outline(&mut outline);
        if marks > 0 {
            warnings.push(Diagnostic {
                severity: Severity::Note,
                ..Diagnostic::warning(format!(
                    "{marks} half-width punctuation mark(s) of {name} in Chinese text made full-width (GB/T 15834, as gongwen fmt does)"
                ))
                .hint("import with --as-published to keep the text as it was")
            });
        }
    }
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
        // the signature, the title's first line, or the words before the title's year
        // (某某县人民政府办公室2015年政府信息公开工作年度报告)
        let before_year = outline.title.first().and_then(|t| {
            let at = t.char_indices().find(|(i, _)| {
                let rest = &t[*i..];
                let b = rest.as_bytes();
                b.len() > 4
                    && b[..4].iter().all(u8::is_ascii_digit)
                    && rest.get(4..).is_some_and(|r| r.starts_with('年'))
            })?;
            Some(t[..at.0].to_string())
        });
        let from = outline
            .signature
            .iter()
            .chain(outline.title.first())
            .chain(before_year.as_ref())
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
    // The text's figures that equal their form cells cite them (one place, whatever the reader).
    super::cite::link_checked(&mut outline, name);
    Ok(Submission {
        form,
        outline,
        warnings,
        options: *options,
    })
}

/// Why `o` is no report: it holds no words, or (`misnamed`: its name claims another kind of
/// file) none in Chinese.
fn no_report(o: &Outline, misnamed: bool) -> Option<&'static str> {
    let mut words = o.title.concat() + &o.opening.concat();
    fn all(s: &[OutlineSection], out: &mut String) {
        for s in s {
            out.push_str(&s.title);
            out.push_str(&s.paragraphs.concat());
            all(&s.sections, out);
        }
    }
    all(&o.sections, &mut words);
    words.extend(o.signature.iter().map(String::as_str));
    let cells = o
        .tables
        .iter()
        .flat_map(|t| t.header.iter().chain(&t.rows))
        .flatten();
    for c in cells {
        words.push_str(&c.text);
    }
    if words.trim().is_empty() {
        Some("holds no text: there is no report in it")
    } else if misnamed
        && !words
            .chars()
            .any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
    {
        Some("holds no Chinese text: it is not a report")
    } else {
        None
    }
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
