//! The section builder: reads a report definition and its layout and decides, once, every
//! number, label and line of the document tree that the backends render.

mod beside;
mod charts;
pub use charts::in_one_colour;
mod checks;
mod cite;
mod data;
mod figures;
mod forms;
pub mod keep;
mod previous;
pub mod review;
mod sections;
pub mod size;
mod stated;
mod summary;
mod tables;
mod title;
pub mod widths;

pub(crate) use crate::expr;
pub use crate::number;
pub use checks::Break;
pub use cite::{Citation, NOTE, Printer, escape as escape_text, notes as note_ranges};
pub use forms::{CellValue, FormCells, RowCells, TableCells};
pub use previous::compare as compare_previous;
pub use sections::place;
pub use stated::{Statement, statements};
pub use summary::{SummaryColumn, summary};
pub use tables::{MAX_COLUMNS, MAX_ROWS};

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Block, Date, Document, Meta, Origin};
use crate::layout::{self, Layout};
use crate::model::{Report, Title};
use crate::numbering::NumberFormat;

/// A report read, checked and built, with everything the backends need.
#[derive(Debug)]
pub struct Project {
    /// The report definition file.
    pub file: Arc<SourceFile>,
    /// The folder the report lives in: the only folder the PDF backend may read from.
    pub root: PathBuf,
    /// The layout, with the report's overrides applied.
    pub layout: Layout,
    /// Every file read to build it: the report, then a layout and a form variant read beside
    /// it (the manifest and `watch` ask here).
    pub inputs: Vec<Arc<SourceFile>>,
    /// The document tree.
    pub doc: Document,
    /// Every cell of the national form, stated or computed (`None` without a `[form]`).
    pub form: Option<Box<FormCells>>,
    /// Warnings found while building (errors stop the build); a consistency break is among
    /// them as a [`crate::diag::Kind::Check`] finding carrying its [`Break`].
    pub warnings: Vec<Diagnostic>,
}

impl Project {
    /// The breaks of the report's consistency rules, in the order they were found.
    pub fn breaks(&self) -> Vec<&Break> {
        self.warnings
            .iter()
            .filter_map(|d| d.check.as_deref())
            .collect()
    }

    /// The findings of those breaks, as printed.
    pub fn break_findings(&self) -> Vec<&Diagnostic> {
        self.warnings.iter().filter(|d| d.check.is_some()).collect()
    }
}

/// Reads and builds the report at `path`. Every problem found is returned at once.
pub fn load(path: &Path) -> Result<Project, Vec<Diagnostic>> {
    let name = path.display().to_string();
    let text = crate::input::read(path, crate::input::MAX_REPORT).map_err(|e| {
        vec![Diagnostic::error(format!("cannot read {name}: {}", lower(&e.to_string())))
            .hint("check the path; a report definition is a .toml file such as data/xinxiang-2015.toml")]
    })?;
    let text = String::from_utf8(text).map_err(|e| {
        vec![Diagnostic::error(format!(
            "{name} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
        .hint("save the file as UTF-8; from GB 18030: iconv -f GB18030 -t UTF-8 in.toml > out.toml")]
    })?;
    from_text(path, text)
}

/// Builds the report at `path` from its text, already read.
pub fn from_text(path: &Path, text: String) -> Result<Project, Vec<Diagnostic>> {
    let file = SourceFile::new(path.display().to_string(), path, text);
    from_source(file, crate::input::root_of(path))
}

/// Builds a report from text already read.
pub fn from_source(file: Arc<SourceFile>, root: PathBuf) -> Result<Project, Vec<Diagnostic>> {
    let report: Report =
        toml::from_str(&file.text).map_err(|e| vec![Diagnostic::from_toml(&file, &e)])?;
    // Any string may reach an XML part or the terminal: none may hold a control character
    // (multi-line text keeps its line ends and tabs).
    let controls = crate::diag::controls::find(&file, &['\n', '\r', '\t']);
    if !controls.is_empty() {
        return Err(controls);
    }
    let mut problems = Vec::new();
    let layout = resolve_layout(&file, &root, &report, &mut problems);
    let Some(layout) = layout else {
        return Err(problems);
    };
    let mut inputs = vec![file.clone()];
    inputs.extend((!layout.is_builtin()).then(|| layout.file.clone()));
    let form = match &report.form {
        Some(def) => match forms::resolve(&file, &root, def, &mut inputs, &mut problems) {
            Some(f) => Some(f),
            None => return Err(problems),
        },
        None => None,
    };
    let (doc, form_cells) = build(&file, &report, &layout, form.as_ref(), &mut problems);
    problems.extend(size::too_large(&file, &doc, &layout));
    // Rows of the national form read as text (its tables lost on the way in): a finding, so
    // that check and build say the same and neither calls the report clean.
    if report.form.is_none() {
        problems.extend(crate::import::lost_form::check(
            &file.name, &file.text, false,
        ));
    }
    let (errors, warnings): (Vec<_>, Vec<_>) = problems
        .into_iter()
        .partition(|d| d.severity == crate::diag::Severity::Error);
    if !errors.is_empty() {
        return Err(errors.into_iter().chain(warnings).collect());
    }
    Ok(Project {
        file,
        root,
        layout,
        inputs,
        doc,
        form: form_cells.map(Box::new),
        warnings,
    })
}

fn lower(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Finds the report's layout (built in, or a file beside the report) and applies its
/// numbering overrides.
fn resolve_layout(
    file: &Arc<SourceFile>,
    root: &Path,
    report: &Report,
    problems: &mut Vec<Diagnostic>,
) -> Option<Layout> {
    let mut layout = match &report.report.layout {
        None => Layout::builtin(layout::DEFAULT).expect("the default layout is built in"),
        Some(name) if name.get_ref().ends_with(".toml") => {
            let (path, text) = match beside::read(file, root, name, "layout") {
                Ok(read) => read,
                Err(d) => {
                    problems.push(d);
                    return None;
                }
            };
            let lf = SourceFile::new(path.display().to_string(), &path, text);
            match Layout::parse(&lf) {
                Ok(l) => l,
                Err(errs) => {
                    problems.extend(errs);
                    return None;
                }
            }
        }
        Some(name) => match Layout::builtin(name.get_ref()) {
            Some(l) => l,
            None => {
                let known: Vec<&str> = layout::BUILTIN.iter().map(|(n, _)| *n).collect();
                problems.push(
                    Diagnostic::error(format!("unknown layout `{}`", name.get_ref()))
                        .at(file, name.span())
                        .label("not a built-in layout")
                        .hint(format!(
                            "use a built-in layout ({}) or a path ending in .toml",
                            known.join(", ")
                        )),
                );
                return None;
            }
        },
    };
    let n = &report.numbering;
    for (i, over) in [&n.level1, &n.level2, &n.level3, &n.level4]
        .into_iter()
        .enumerate()
    {
        if let Some(pattern) = over {
            match NumberFormat::parse(pattern.get_ref()) {
                Ok(f) => layout.numbering[i] = f,
                Err(msg) => problems.push(
                    Diagnostic::error(format!("numbering level{}: {msg}", i + 1))
                        .at(file, pattern.span()),
                ),
            }
        }
    }
    Some(layout)
}

/// Builds the document tree.
fn build(
    file: &Arc<SourceFile>,
    report: &Report,
    layout: &Layout,
    form: Option<&crate::forms::Form>,
    problems: &mut Vec<Diagnostic>,
) -> (Document, Option<FormCells>) {
    let meta = &report.report;
    let title_span = meta.title.span();
    let title: Vec<String> = match meta.title.get_ref() {
        Title::One(s) => title::split(s.trim(), meta.office.get_ref(), layout),
        Title::Lines(lines) => title::keep_or_split(lines, meta.office.get_ref(), layout),
    };
    if title.iter().all(|l| l.is_empty()) {
        problems.push(
            Diagnostic::error("the report has an empty title")
                .at(file, title_span.clone())
                .hint("write the title as title = \"新乡市2015年政府信息公开工作年度报告\""),
        );
    }
    for line in &title {
        sections::check_text(
            file,
            line,
            &Origin(Some((file.clone(), title_span.clone()))),
            problems,
        );
    }
    sections::check_text(
        file,
        meta.office.get_ref(),
        &Origin(Some((file.clone(), meta.office.span()))),
        problems,
    );
    let signed = meta.date.as_ref().and_then(|d| date(file, d, problems));
    let period_end = meta.period.as_ref().and_then(|p| {
        let from = date(
            file,
            &toml::Spanned::new(p.span(), p.get_ref().from),
            problems,
        );
        let to = date(
            file,
            &toml::Spanned::new(p.span(), p.get_ref().to),
            problems,
        );
        if let (Some(a), Some(b)) = (from, to)
            && (a.year, a.month, a.day) > (b.year, b.month, b.day)
        {
            problems.push(
                Diagnostic::error("the period ends before it starts")
                    .at(file, p.span())
                    .hint("write period = { from = 2015-01-01, to = 2015-12-31 }"),
            );
        }
        to
    });
    let mut data = data::Data::new(file, report, layout, form, problems);
    let blocks = sections::blocks(file, report, layout, signed, &mut data, problems);
    let (breaks, form_cells) = data.finish(problems);
    problems.extend(breaks);
    // Table and chart texts (cells, column titles, captions, notes, labels) and the metadata
    // reach XML parts and the PDF like paragraphs do.
    for b in &blocks {
        let texts: Vec<(&str, &Origin)> = match b {
            Block::Table(t) => t.texts().collect(),
            Block::Chart(c) => c.texts().collect(),
            _ => continue,
        };
        for (text, origin) in texts {
            sections::refuse_controls(file, text, origin, problems);
        }
    }
    for text in meta.subject.iter().chain(&meta.keywords) {
        let origin = Origin(Some((file.clone(), text.span())));
        sections::refuse_controls(file, text.get_ref(), &origin, problems);
    }
    let doc = Document {
        meta: Meta {
            title: title.concat(),
            author: meta.office.get_ref().trim().to_string(),
            subject: meta
                .subject
                .as_ref()
                .map(|s| s.get_ref().clone())
                .unwrap_or_default(),
            keywords: meta.keywords.iter().map(|k| k.get_ref().clone()).collect(),
            date: signed.or(period_end),
            lang: "zh-CN",
        },
        title,
        title_origin: Origin(Some((file.clone(), title_span))),
        blocks,
        remarks: Vec::new(),
    };
    (doc, form_cells)
}

/// A TOML date as a calendar date; a date with a time of day is refused.
fn date(
    file: &Arc<SourceFile>,
    value: &toml::Spanned<toml::value::Datetime>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let dt = value.get_ref();
    match (dt.date, dt.time) {
        (Some(d), None) => Some(Date {
            year: d.year as i32,
            month: d.month,
            day: d.day,
        }),
        _ => {
            problems.push(
                Diagnostic::error(format!("`{dt}` is not a plain date"))
                    .at(file, value.span())
                    .hint("write a date without quotes or time, e.g. 2016-03-31"),
            );
            None
        }
    }
}
