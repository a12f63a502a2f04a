//! Plain Typst, in-process: one `.typ` file to PDF with the typst, typst-pdf and typst-kit
//! versions gongwen builds with, fonts only from the given folders (as `typst compile
//! --font-path DIR --ignore-system-fonts --ignore-embedded-fonts`), the file's folder as the
//! root. The floor `benches/plain.py` measures gongwen against; no typst CLI needed.
//!
//! usage: cargo run --release --example plain_typst -- IN.typ OUT.pdf --font-path fonts
//! Prints nothing but errors (exit 1; 2 for bad arguments or an unreadable file).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;

/// The world of one file: its folder, the fonts of the given folders, no clock.
struct PlainWorld {
    library: LazyHash<Library>,
    fonts: FontStore,
    root: PathBuf,
    main: Source,
}

impl PlainWorld {
    fn new(input: &Path, font_paths: &[PathBuf]) -> Result<PlainWorld, String> {
        let text = std::fs::read_to_string(input)
            .map_err(|e| format!("cannot read {}: {e}", input.display()))?;
        let root = input
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .canonicalize()
            .map_err(|e| format!("cannot open the folder of {}: {e}", input.display()))?;
        let name = input
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("main.typ");
        let vpath = VirtualPath::new(name).map_err(|e| format!("{name}: {e:?}"))?;
        let id = RootedPath::new(VirtualRoot::Project, vpath).intern();
        let mut fonts = FontStore::new();
        for dir in font_paths {
            fonts.extend(typst_kit::fonts::scan(dir));
        }
        Ok(PlainWorld {
            library: LazyHash::new(Library::builder().build()),
            fonts,
            root,
            main: Source::new(id, text),
        })
    }

    /// The bytes of a file under the root (nothing outside it).
    fn read(&self, id: FileId) -> FileResult<Vec<u8>> {
        if !matches!(id.root(), VirtualRoot::Project) {
            return Err(FileError::AccessDenied);
        }
        let path = id
            .vpath()
            .realize(&self.root)
            .map_err(|_| FileError::AccessDenied)?;
        std::fs::read(&path).map_err(|e| FileError::from_io(e, &path))
    }
}

impl World for PlainWorld {
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
        let text = String::from_utf8(self.read(id)?).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.read(id).map(Bytes::new)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// One error as `file:line:column: error: message`, with its hints.
fn report(world: &PlainWorld, input: &Path, errors: &[SourceDiagnostic]) {
    for e in errors {
        let place = world
            .range(e.span)
            .and_then(|r| {
                let source = world.source(e.span.id()?).ok()?;
                let (line, col) = source.lines().byte_to_line_column(r.start)?;
                Some(format!(":{}:{}", line + 1, col + 1))
            })
            .unwrap_or_default();
        eprintln!("{}{place}: error: {}", input.display(), e.message);
        for hint in &e.hints {
            eprintln!("  hint: {}", hint.v);
        }
    }
}

fn run(args: &[String]) -> Result<(), (u8, String)> {
    let usage = || {
        (
            2,
            "usage: plain_typst IN.typ OUT.pdf [--font-path DIR]...".to_string(),
        )
    };
    let (mut files, mut font_paths) = (Vec::new(), Vec::new());
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--font-path" => font_paths.push(PathBuf::from(it.next().ok_or_else(usage)?)),
            _ if a.starts_with('-') => return Err(usage()),
            _ => files.push(PathBuf::from(a)),
        }
    }
    let [input, output] = files.as_slice() else {
        return Err(usage());
    };
    let world = PlainWorld::new(input, &font_paths).map_err(|e| (2, e))?;
    // Warnings (an unknown family, a layout that did not settle) are left unprinted, as asked.
    let document = match typst::compile::<PagedDocument>(&world).output {
        Ok(doc) => doc,
        Err(errors) => {
            report(&world, input, &errors);
            return Err((1, String::new()));
        }
    };
    let pdf = match typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()) {
        Ok(pdf) => pdf,
        Err(errors) => {
            report(&world, input, &errors);
            return Err((1, String::new()));
        }
    };
    std::fs::write(output, pdf).map_err(|e| (2, format!("cannot write {}: {e}", output.display())))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err((code, message)) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            ExitCode::from(code)
        }
    }
}
