//! The Typst world: one generated main file, the report's folder (read-only, nothing outside
//! it), the fonts, and a fixed date.

use std::path::{Path, PathBuf};

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::Fonts;

/// The world one document is compiled in.
pub struct GongwenWorld<'a> {
    library: LazyHash<Library>,
    fonts: &'a Fonts,
    main: Source,
    root: PathBuf,
    today: Option<Datetime>,
}

impl<'a> GongwenWorld<'a> {
    /// A world whose main file holds `source`; files may be read from `root` and below only.
    /// `today` answers `datetime.today()`, so that output never depends on the clock.
    pub fn new(source: String, root: &Path, fonts: &'a Fonts, today: Option<Datetime>) -> Self {
        Self::named("main.typ", source, root, fonts, today)
    }

    /// [`GongwenWorld::new`] with the main file named `name` (a plain file name): the parts of
    /// a book, laid out apart and bound into one document, each have their own, so that no
    /// two of their elements share a place in the bound book (Typst derives an element's
    /// location from its place in the source).
    pub fn named(
        name: &str,
        source: String,
        root: &Path,
        fonts: &'a Fonts,
        today: Option<Datetime>,
    ) -> Self {
        let id = RootedPath::new(
            VirtualRoot::Project,
            VirtualPath::new(name).expect("a plain file name is a valid path"),
        )
        .intern();
        GongwenWorld {
            library: LazyHash::new(Library::builder().build()),
            fonts,
            main: Source::new(id, source),
            root: root.to_path_buf(),
            today,
        }
    }

    /// The generated source.
    pub fn main_source(&self) -> &Source {
        &self.main
    }

    /// The real path of a file the document asks for, if it lies inside the root.
    fn path(&self, id: FileId) -> FileResult<PathBuf> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::AccessDenied);
        }
        let root = self
            .root
            .canonicalize()
            .map_err(|_| FileError::AccessDenied)?;
        let path = id
            .vpath()
            .realize(&root)
            .map_err(|_| FileError::AccessDenied)?;
        let real = path
            .canonicalize()
            .map_err(|_| FileError::NotFound(path.clone()))?;
        if !real.starts_with(&root) {
            return Err(FileError::AccessDenied);
        }
        Ok(real)
    }
}

impl World for GongwenWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let path = self.path(id)?;
        let bytes = crate::input::read(&path, crate::input::MAX_ASSET)
            .map_err(|e| FileError::from_io(e, &path))?;
        let text = String::from_utf8(bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let path = self.path(id)?;
        let bytes = crate::input::read(&path, crate::input::MAX_ASSET)
            .map_err(|e| FileError::from_io(e, &path))?;
        Ok(Bytes::new(bytes))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
