//! Yearbooks: many report definitions bound into one book. Reads the yearbook file, finds and
//! builds its reports (in parallel), checks that they can share one book, and assembles the
//! [`Book`] tree that the backends render.

mod model;
mod summary;

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::builder::{self, Project};
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Book, BookPart, Date, Meta};
use crate::layout::Layout;
pub use model::{is_yearbook, schema};

/// A yearbook read and built.
#[derive(Debug)]
pub struct BookProject {
    /// The yearbook file.
    pub file: Arc<SourceFile>,
    /// Its folder.
    pub root: PathBuf,
    /// The layout all reports share.
    pub layout: Layout,
    /// The book tree.
    pub book: Book,
    /// Every report, built, in book order.
    pub reports: Vec<Project>,
    /// Warnings from the yearbook and its reports.
    pub warnings: Vec<Diagnostic>,
}

/// What [`load_with`] reports while it works.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    /// This many reports are to be built.
    Reports(usize),
    /// One more report is built.
    ReportBuilt,
}

/// A yearbook file read and its report files found: what `check` walks report by report and
/// what `build` binds. Opened once, by [`crate::project::Project::open`].
#[derive(Debug)]
pub struct Opened {
    /// The yearbook file.
    pub file: Arc<SourceFile>,
    /// Its folder.
    pub root: PathBuf,
    /// The report files of each part: (part title, files), in book order.
    pub parts: Vec<(String, Vec<PathBuf>)>,
    /// The yearbook's own warnings.
    pub warnings: Vec<Diagnostic>,
    def: model::Yearbook,
}

/// Reads the yearbook at `path` and builds every report it names.
pub fn load(path: &Path) -> Result<BookProject, Vec<Diagnostic>> {
    load_with(path, &|_| {})
}

/// Reads the yearbook at `path` and finds its report files, without building them; its
/// errors otherwise.
pub fn open(path: &Path) -> Result<Opened, Vec<Diagnostic>> {
    let text = crate::input::read_text(path, crate::input::MAX_REPORT).map_err(|e| {
        vec![
            Diagnostic::error(format!("cannot read {}: {e}", path.display()))
                .hint("check the path of the yearbook file"),
        ]
    })?;
    open_text(path, text)
}

/// [`open`] for a yearbook whose text was read already.
pub fn open_text(path: &Path, text: String) -> Result<Opened, Vec<Diagnostic>> {
    let file = SourceFile::new(path.display().to_string(), path, text);
    let root = crate::input::root_of(path);
    let def: model::Yearbook =
        toml::from_str(&file.text).map_err(|e| vec![Diagnostic::from_toml(&file, &e)])?;
    let mut problems = crate::diag::controls::find(&file, &['\n', '\r', '\t']);
    let parts = resolve(&file, &root, path, &def, &mut problems);
    if crate::diag::has_errors(&problems, false) {
        return Err(problems);
    }
    Ok(Opened {
        file,
        root,
        parts,
        warnings: problems,
        def,
    })
}

impl Opened {
    /// Every report file, in book order.
    pub fn files(&self) -> impl Iterator<Item = &PathBuf> {
        self.parts.iter().flat_map(|(_, files)| files)
    }

    /// Builds every report on all cores, telling `progress`; each result in book order.
    pub fn build(
        &self,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Vec<Result<Project, Vec<Diagnostic>>> {
        let all: Vec<&PathBuf> = self.files().collect();
        progress(Progress::Reports(all.len()));
        all.par_iter()
            .map(|p| {
                let r = builder::load(p);
                progress(Progress::ReportBuilt);
                r
            })
            .collect()
    }

    /// What the book asks of its reports once they are built — one layout and one page, a
    /// plain date — as problems: `check` and `build` ask the same.
    pub fn validate(&self, reports: &[&Project]) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        same_layout(&self.file, &self.def, reports, &mut problems);
        book_date(&self.file, &self.def, &mut problems);
        if let (Some(changes), Some(first)) = (&self.def.print, reports.first()) {
            for msg in changes.apply(&first.layout.print).problems() {
                problems.push(
                    Diagnostic::error(format!("the yearbook's {msg}"))
                        .in_file(&self.file)
                        .hint("pad-to takes 4, 8, 16 or 0; lengths are written like \"3mm\""),
                );
            }
        }
        problems
    }

    /// What the `[summary]` over `reports` — every report of the book, built — finds, as
    /// binding the book does (for `check`, which binds nothing).
    pub fn summary_problems(&self, reports: &[&Project]) -> Vec<Diagnostic> {
        let Some(first) = reports.first() else {
            return Vec::new();
        };
        let mut layout = first.layout.clone();
        if let Some(changes) = &self.def.print {
            layout.print = changes.apply(&layout.print);
        }
        summary::problems(&self.file, &self.def, reports, &layout)
    }
}

/// [`load`], telling `progress` how far it got (reports are built on all cores at once).
pub fn load_with(
    path: &Path,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<BookProject, Vec<Diagnostic>> {
    let opened = open(path)?;
    let built = opened.build(progress);
    bind(opened, built)
}

/// Binds the built reports of `opened` into the book: every report must build, and the book's
/// [`Opened::validate`] must hold.
pub fn bind(
    opened: Opened,
    built: Vec<Result<Project, Vec<Diagnostic>>>,
) -> Result<BookProject, Vec<Diagnostic>> {
    let mut problems = opened.warnings.clone();
    let mut reports = Vec::new();
    for (path, result) in opened.files().zip(built) {
        match result {
            Ok(p) => reports.push(p),
            Err(diags) => {
                problems.extend(diags);
                problems.push(
                    Diagnostic::error(format!("report {} does not build, so neither does the book", path.display()))
                        .in_file(&opened.file)
                        .hint("fix the report (gongwen check REPORT.toml), or take it out of the yearbook"),
                );
            }
        }
    }
    if crate::diag::has_errors(&problems, false) {
        return Err(problems);
    }
    problems.extend(opened.validate(&reports.iter().collect::<Vec<_>>()));
    if crate::diag::has_errors(&problems, false) {
        return Err(problems);
    }
    let Opened {
        file,
        root,
        parts,
        def,
        ..
    } = opened;
    let mut layout = reports[0].layout.clone();
    if let Some(changes) = &def.print {
        layout.print = changes.apply(&layout.print);
    }
    let meta = &def.yearbook;
    let title = match meta.title.get_ref() {
        crate::model::Title::One(s) => vec![s.trim().to_string()],
        crate::model::Title::Lines(l) => l.iter().map(|s| s.trim().to_string()).collect(),
    };
    let date = plain_date(&def);
    let office = meta.office.get_ref().trim().to_string();
    let mut cover_lines = vec![office.clone()];
    cover_lines.extend(date.map(|d| d.chinese()));
    let preface = def.preface.as_ref().map(|p| {
        let paras = p
            .text
            .get_ref()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect();
        (p.title.clone().unwrap_or_else(|| "前言".into()), paras)
    });
    let mut docs = reports.iter().map(|p| p.doc.clone());
    let book_parts = parts
        .iter()
        .map(|(title, files)| BookPart {
            title: title.clone(),
            reports: docs.by_ref().take(files.len()).collect(),
        })
        .collect::<Vec<_>>();
    let book_parts = summary::add(&file, &def, &reports, &layout, book_parts, &mut problems)?;
    let book = Book {
        meta: Meta {
            title: title.concat(),
            author: office,
            subject: meta.year.map(|y| format!("{y}年度")).unwrap_or_default(),
            keywords: Vec::new(),
            date: date.or_else(|| {
                reports
                    .iter()
                    .filter_map(|r| r.doc.meta.date)
                    .max_by_key(|d| (d.year, d.month, d.day))
            }),
            lang: "zh-CN",
        },
        cover_title: title.clone(),
        cover_lines,
        contents_title: "目录".into(),
        preface,
        parts: book_parts,
        cover: def.cover.as_ref().map(|c| crate::doc::Cover {
            spine: c
                .spine
                .clone()
                .unwrap_or_else(|| title.concat())
                .trim()
                .to_string(),
            back: c
                .back
                .iter()
                .flat_map(|b| b.lines())
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
            bleed: c.bleed.unwrap_or(crate::layout::Mm(3.0)),
        }),
    };
    problems.extend(reports.iter().flat_map(|r| r.warnings.clone()));
    Ok(BookProject {
        file,
        root,
        layout,
        book,
        reports,
        warnings: problems,
    })
}

/// The report files of each part: globs expanded in name order; missing files, duplicates,
/// the yearbook itself and files outside the yearbook's folder (`..`, absolute, or through a
/// link) refused.
fn resolve(
    file: &Arc<SourceFile>,
    root: &Path,
    yearbook: &Path,
    def: &model::Yearbook,
    problems: &mut Vec<Diagnostic>,
) -> Vec<(String, Vec<PathBuf>)> {
    let me = yearbook.canonicalize().ok();
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let outside = |entry: &toml::Spanned<String>, shown: &str| {
        Diagnostic::error(format!("report `{shown}` is outside the yearbook's folder"))
            .at(file, entry.span())
            .hint("a yearbook binds reports from its own folder or below it (as a report reads its layout): copy the report there and write its path relative to the yearbook")
    };
    let mut seen: HashMap<PathBuf, String> = HashMap::new();
    let mut out = Vec::new();
    if def.part.is_empty() {
        problems.push(
            Diagnostic::error("the yearbook has no parts").in_file(file).hint(
                "add [[part]] tables, each with title = \"…\" and reports = [\"report.toml\", \"counties/*.toml\"]",
            ),
        );
    }
    for part in &def.part {
        let mut files = Vec::new();
        if part.reports.is_empty() {
            problems
                .push(Diagnostic::error("this part names no reports").at(file, part.title.span()));
        }
        for entry in &part.reports {
            let pattern = entry.get_ref();
            // Checked before anything is looked at: no file outside the folder is even named.
            let rel = Path::new(pattern);
            if rel.is_absolute()
                || rel
                    .components()
                    .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
            {
                problems.push(outside(entry, pattern));
                continue;
            }
            let found: Vec<PathBuf> = if pattern.contains(['*', '?', '[']) {
                let full = root.join(pattern);
                // Only report definitions: regular .toml files, never a FIFO, a device or a
                // folder (each is then read within the report size limit).
                let mut m: Vec<PathBuf> = glob::glob(&full.to_string_lossy())
                    .map(|g| {
                        g.flatten()
                            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
                            .collect()
                    })
                    .unwrap_or_default();
                m.sort();
                if m.is_empty() {
                    problems.push(
                        Diagnostic::error(format!("no report file matches `{pattern}`"))
                            .at(file, entry.span())
                            .hint("report paths are relative to the yearbook file"),
                    );
                }
                m
            } else {
                let p = root.join(pattern);
                if !p.is_file() {
                    problems.push(
                        Diagnostic::error(format!("report file {} not found", p.display()))
                            .at(file, entry.span())
                            .label("no such file")
                            .hint("report paths are relative to the yearbook file"),
                    );
                    continue;
                }
                vec![p]
            };
            for p in found {
                let canon = p.canonicalize().unwrap_or_else(|_| p.clone());
                // A link (or a glob match through one) leading out of the folder.
                if !canon.starts_with(&real_root) {
                    let shown = p.strip_prefix(root).unwrap_or(&p).display().to_string();
                    problems.push(outside(entry, &shown));
                    continue;
                }
                if me.as_ref() == Some(&canon) {
                    problems.push(
                        Diagnostic::error("the yearbook includes itself")
                            .at(file, entry.span())
                            .hint("a part lists report definitions, not the yearbook file"),
                    );
                    continue;
                }
                if let Some(first) = seen.get(&canon) {
                    problems.push(
                        Diagnostic::error(format!(
                            "report {} is listed twice (first under part {first})",
                            p.display()
                        ))
                        .at(file, entry.span())
                        .hint("each report appears once in a book; remove one of the entries"),
                    );
                    continue;
                }
                seen.insert(canon, part.title.get_ref().clone());
                files.push(p);
            }
        }
        out.push((part.title.get_ref().trim().to_string(), files));
    }
    let members: usize = out.iter().map(|(_, f)| f.len()).sum();
    if members > MAX_MEMBERS {
        problems.push(
            Diagnostic::error(format!(
                "the yearbook binds {members} reports; a yearbook binds at most {MAX_MEMBERS}"
            ))
            .in_file(file)
            .hint(
                "split it into volumes: a yearbook file for each, each binding some of the parts",
            ),
        );
    }
    out
}

/// The most reports a yearbook binds (checked before any is read): memory grows about 0.2 MB a
/// report now that the PDF is written as the book is laid out (1,000 reports: see
/// docs/dev/speed.md); a province binds volumes.
pub const MAX_MEMBERS: usize = 2_000;

/// The yearbook's date, when it is a plain date.
fn plain_date(def: &model::Yearbook) -> Option<Date> {
    let d = def.yearbook.date.as_ref()?;
    match (d.get_ref().date, d.get_ref().time) {
        (Some(d), None) => Some(Date {
            year: d.year as i32,
            month: d.month,
            day: d.day,
        }),
        _ => None,
    }
}

/// A yearbook date with a time of day, or without a date, is refused.
fn book_date(file: &Arc<SourceFile>, def: &model::Yearbook, problems: &mut Vec<Diagnostic>) {
    if let Some(d) = &def.yearbook.date
        && plain_date(def).is_none()
    {
        problems.push(
            Diagnostic::error("the yearbook's date is not a plain date")
                .at(file, d.span())
                .hint("write it without quotes or time, e.g. 2016-04-30"),
        );
    }
}

/// Every report shares one layout and one page, or an error names both files.
fn same_layout(
    file: &Arc<SourceFile>,
    def: &model::Yearbook,
    reports: &[&Project],
    problems: &mut Vec<Diagnostic>,
) {
    let Some(first) = reports.first() else {
        problems.push(Diagnostic::error("the yearbook has no reports").in_file(file));
        return;
    };
    if let Some(want) = &def.yearbook.layout
        && let Some(r) = reports.iter().find(|r| &r.layout.name != want.get_ref())
    {
        problems.push(
            Diagnostic::error(format!(
                "report {} uses layout `{}`, the yearbook `{}`",
                r.file.name,
                r.layout.name,
                want.get_ref()
            ))
            .at(file, want.span())
            .hint("one book has one layout: change the report's layout or the yearbook's"),
        );
    }
    let page = |l: &Layout| {
        let p = &l.page;
        [
            p.width.0,
            p.height.0,
            p.margin_top.0,
            p.margin_left.0,
            p.type_width.0,
            p.type_height.0,
        ]
    };
    for r in reports {
        if r.layout.name != first.layout.name || page(&r.layout) != page(&first.layout) {
            problems.push(
                Diagnostic::error(format!(
                    "reports {} (layout `{}`) and {} (layout `{}`) do not share a page",
                    first.file.name, first.layout.name, r.file.name, r.layout.name
                ))
                .in_file(file)
                .hint("every report of a book uses the same layout and page size"),
            );
            break;
        }
    }
}
