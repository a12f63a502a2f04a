//! The one door: a report or a yearbook opened once — what it is, its root, its members built,
//! every file it read — for every command (build, check, watch, fonts, import --onto).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::book::{self, BookProject, Opened, Progress};
use crate::builder;
use crate::diag::{Diagnostic, SourceFile};

/// A report definition or a yearbook, opened: decided by the file's content, never its name.
#[derive(Debug)]
pub struct Project {
    /// The definition as named on the command line.
    pub path: PathBuf,
    /// What it is, built.
    pub unit: Unit,
}

/// What a project is.
#[derive(Debug)]
pub enum Unit {
    /// One report, built.
    Report(builder::Project),
    /// A yearbook and each of its reports, built or with the problems that stop it.
    Book(Yearbook),
}

/// A yearbook opened, its reports built one by one (each may fail on its own).
#[derive(Debug)]
pub struct Yearbook {
    /// The yearbook file, its root, parts and own warnings.
    pub opened: Opened,
    /// Each report, in book order, with the part it is in.
    pub members: Vec<Member>,
}

/// One report of a yearbook.
#[derive(Debug)]
pub struct Member {
    /// The part's title.
    pub part: String,
    /// The report file.
    pub path: PathBuf,
    /// The report built, or the problems that stop it.
    pub built: Result<builder::Project, Vec<Diagnostic>>,
}

impl Project {
    /// Opens the report or yearbook at `path` and builds it: every report, on all cores.
    /// Errors when the definition itself cannot be used (a yearbook's reports fail one by one,
    /// in [`Yearbook::members`]).
    pub fn open(path: &Path) -> Result<Project, Vec<Diagnostic>> {
        Self::open_with(path, &|_| {})
    }

    /// [`Project::open`], telling `progress` how far a yearbook's reports got.
    pub fn open_with(
        path: &Path,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<Project, Vec<Diagnostic>> {
        // The definition is read once; a file that cannot be read (or is not UTF-8) is left to
        // the report's loader, whose errors say what is wrong with it.
        let text = crate::input::read_text(path, crate::input::MAX_REPORT).ok();
        let unit = match text {
            Some(text) if book::is_yearbook(&text) => {
                Unit::Book(Yearbook::open(book::open_text(path, text)?, progress))
            }
            Some(text) => Unit::Report(builder::from_text(path, text)?),
            None => Unit::Report(builder::load(path)?),
        };
        Ok(Project {
            path: path.to_path_buf(),
            unit,
        })
    }

    /// The folder the project's files are read from (and the Typst world may read).
    pub fn root(&self) -> PathBuf {
        crate::input::root_of(&self.path)
    }

    /// The layout: the report's, or the one a yearbook's reports share (its first report's).
    pub fn layout(&self) -> Option<&crate::layout::Layout> {
        match &self.unit {
            Unit::Report(r) => Some(&r.layout),
            Unit::Book(b) => b
                .members
                .iter()
                .find_map(|m| Some(&m.built.as_ref().ok()?.layout)),
        }
    }

    /// Every file read, in the order read: the definition, then each report's own (a layout
    /// and a form variant beside it), each once.
    pub fn inputs(&self) -> Vec<Arc<SourceFile>> {
        let mut all: Vec<Arc<SourceFile>> = match &self.unit {
            Unit::Report(r) => r.inputs.clone(),
            Unit::Book(b) => std::iter::once(b.opened.file.clone())
                .chain(
                    b.members
                        .iter()
                        .filter_map(|m| m.built.as_ref().ok())
                        .flat_map(|r| r.inputs.iter().cloned()),
                )
                .collect(),
        };
        let mut seen = std::collections::HashSet::new();
        all.retain(|f| seen.insert(f.path.clone()));
        all
    }
}

impl Yearbook {
    /// Builds every report of the yearbook `opened`, each with its part.
    fn open(opened: Opened, progress: &(dyn Fn(Progress) + Sync)) -> Yearbook {
        let built = opened.build(progress);
        let members = opened
            .parts
            .iter()
            .flat_map(|(part, files)| files.iter().map(move |f| (part, f)))
            .zip(built)
            .map(|((part, path), built)| Member {
                part: part.clone(),
                path: path.clone(),
                built,
            })
            .collect();
        Yearbook { opened, members }
    }

    /// The yearbook's own problems and what the book asks of its reports (one layout, one page),
    /// as `check` shows them and `build` refuses on.
    pub fn problems(&self) -> Vec<Diagnostic> {
        let built: Vec<&builder::Project> = self
            .members
            .iter()
            .filter_map(|m| m.built.as_ref().ok())
            .collect();
        let mut problems = self.opened.warnings.clone();
        if !built.is_empty() {
            problems.extend(self.opened.validate(&built));
        }
        // The 汇总表 is made, as `build` makes it, only when every report builds.
        if built.len() == self.members.len() {
            problems.extend(self.opened.summary_problems(&built));
        }
        problems
    }

    /// Binds the book: every report must build and the book's checks hold.
    pub fn bind(self) -> Result<BookProject, Vec<Diagnostic>> {
        book::bind(
            self.opened,
            self.members.into_iter().map(|m| m.built).collect(),
        )
    }
}

/// Whether the file at `path` is a yearbook (by its content; unreadable files are reports, whose
/// reading then says what is wrong).
pub fn is_yearbook(path: &Path) -> bool {
    crate::input::read_text(path, crate::input::MAX_REPORT).is_ok_and(|t| book::is_yearbook(&t))
}
