//! What a yearbook's units' layouts yield for its contents — each unit's page count and
//! outlined headings — kept on disk between builds, so that `build --docx` of a book laid out
//! before takes its page numbers from there instead of laying the reports out again.
//!
//! The file, `OUT/.STEM.gongwen-outlines` beside the book's outputs, is a cache, not an input
//! nor an output: missing, unreadable, damaged or written by another gongwen, another Typst,
//! another binary or for other fonts, it is read as empty and replaced after the next
//! successful build; it is never in the manifest nor in the outputs' all-or-none commit. Its
//! name does not start with `.gongwen-`, which `output::recover` sweeps as stale temporaries.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use typst::foundations::Datetime;
use typst::layout::{Abs, Point};
use typst::utils::hash128;

use super::fonts::{FontOrigin, Fonts};

/// The format written; a file of another is read as empty.
const FORMAT: u32 = 1;

/// Test-only: when this variable is set, each layout of a book's units says on standard
/// error how many it lays out (`gongwen test: laying out N of M units`), so that a test can
/// see a cache hit without timing it. Not for use outside tests.
pub const TELL_VAR: &str = "GONGWEN_TEST_TELL_LAYOUTS";

/// The cache file of the book whose outputs are named `stem` in the folder `dir`.
pub fn file_for(dir: &Path, stem: &str) -> PathBuf {
    dir.join(format!(".{stem}.gongwen-outlines"))
}

/// The outlines file of this process's book, once named by [`keep_in`]: every layout of the
/// book's units (a build's, each of `watch`'s rebuilds) reads and records it, whether or not
/// it keeps the units themselves (a `UnitCache`). Unnamed (the library's callers, the tests):
/// nothing is read or kept.
static FILE: OutlineFile = OutlineFile(Mutex::new(None));

/// From now on, keeps the page counts and headings of the book's units in `path` (see
/// [`file_for`]): read on first need, written by [`save`].
pub fn keep_in(path: PathBuf) {
    FILE.set(path);
}

/// Writes the outlines of the book last laid out to their file if they changed: after its
/// outputs were written. A failure is let go (it is a cache); nothing when no file is named.
pub fn save() {
    FILE.save();
}

/// The outlines the file holds of the units of `keys`, by key (see [`OutlineFile::stored`]).
pub(super) fn stored(keys: &[u128], today: Today, fonts: &Fonts) -> HashMap<u128, Outline> {
    FILE.stored(keys, today, fonts)
}

/// Keeps the outlines of a book's units for the next save (see [`OutlineFile::record`]).
pub(super) fn record(
    outlines: impl Iterator<Item = (u128, Option<Outline>)>,
    today: Today,
    fonts: &Fonts,
) {
    FILE.record(outlines, today, fonts);
}

/// An outlines file, once it is named ([`OutlineFile::set`]), read on first need.
#[derive(Default)]
pub(super) struct OutlineFile(Mutex<Option<Outlines>>);

impl OutlineFile {
    /// Keeps the outlines in `path` (from now on; the same path keeps what was read).
    pub fn set(&self, path: PathBuf) {
        let mut file = self.lock();
        if file.as_ref().is_none_or(|o| o.path != path) {
            *file = Some(Outlines::new(path));
        }
    }

    /// The outlines the file holds of the units of `keys` (with the date Typst is given and
    /// the fonts found), by key.
    pub fn stored(&self, keys: &[u128], today: Today, fonts: &Fonts) -> HashMap<u128, Outline> {
        let mut file = self.lock();
        let Some(o) = file.as_mut() else {
            return HashMap::new();
        };
        o.open(fonts);
        keys.iter()
            .filter_map(|k| Some((*k, o.get(Outlines::key(*k, today))?.clone())))
            .collect()
    }

    /// Keeps the outlines of a book's units, by key in book order, for the next save; `None`
    /// for a unit not to keep.
    pub fn record(
        &self,
        outlines: impl Iterator<Item = (u128, Option<Outline>)>,
        today: Today,
        fonts: &Fonts,
    ) {
        let mut file = self.lock();
        let Some(o) = file.as_mut() else {
            return;
        };
        o.open(fonts);
        let book = outlines
            .filter_map(|(k, outline)| Some((Outlines::key(k, today), outline?)))
            .collect();
        o.keep(book);
    }

    /// Writes the file if the last layout changed it; a failure is let go (it is a cache).
    pub fn save(&self) {
        if let Some(o) = self.lock().as_mut() {
            o.save();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Outlines>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// With [`TELL_VAR`] set, says how many of a book's units are laid out.
pub(super) fn tell(laid_out: usize, units: usize) {
    if std::env::var_os(TELL_VAR).is_some() {
        eprintln!("gongwen test: laying out {laid_out} of {units} units");
    }
}

/// The date Typst is given.
type Today = Option<Datetime>;

/// What one unit's layout yields for the book's contents.
#[derive(Clone, PartialEq, Debug)]
pub(super) struct Outline {
    /// How many pages it has.
    pub count: usize,
    /// Its outlined headings: (level, text, page index, point).
    pub heads: Vec<(u8, String, usize, Point)>,
}

/// The file as stored (JSON: small, and readable when something looks wrong).
#[derive(Serialize, Deserialize)]
struct Stored {
    /// The format, [`FORMAT`].
    gongwen_outlines: u32,
    /// The versions, the binary and the fonts it was made with (a hash, in hex).
    stamp: String,
    /// One entry a unit, in book order.
    units: Vec<StoredUnit>,
}

/// One unit as stored: its key (a hash of its Typst source and the book's date, in hex), its
/// page count and its headings (level, text, page index, the point's x and y as the bits of
/// their lengths in pt, so that they read back exactly).
#[derive(Serialize, Deserialize)]
struct StoredUnit {
    key: String,
    pages: usize,
    heads: Vec<(u8, String, usize, u64, u64)>,
}

/// The outlines of a book's units: those the file held, and those of the last layout, which
/// the next save writes.
struct Outlines {
    path: PathBuf,
    /// The stamp the file was read for, and what it held (nothing if it was made otherwise).
    read: Option<(u128, HashMap<u128, Outline>)>,
    /// The book's units as last laid out or found, in book order.
    book: Vec<(u128, Outline)>,
    /// Whether `book` differs from what the file holds.
    changed: bool,
}

impl Outlines {
    /// The outlines kept in `path` (read on first use).
    fn new(path: PathBuf) -> Outlines {
        Outlines {
            path,
            read: None,
            book: Vec::new(),
            changed: false,
        }
    }

    /// The key a unit is kept under: its own (a hash of its source, which holds its layout
    /// and font plan) with the date Typst is given.
    fn key(unit: u128, today: Today) -> u128 {
        hash128(&(unit, today))
    }

    /// Reads the file (once for the same binary and fonts): what it holds if it was made by
    /// this binary with these fonts, else nothing.
    fn open(&mut self, fonts: &Fonts) {
        let stamp = stamp(fonts);
        if self.read.as_ref().is_some_and(|(s, _)| *s == stamp) {
            return;
        }
        self.read = Some((stamp, read(&self.path, stamp).unwrap_or_default()));
    }

    /// The outline kept under `key`, if any (after [`Outlines::open`]).
    fn get(&self, key: u128) -> Option<&Outline> {
        self.read.as_ref()?.1.get(&key)
    }

    /// The book's units as just laid out or found: what the next save writes (a unit not
    /// among them is dropped).
    fn keep(&mut self, book: Vec<(u128, Outline)>) {
        let held = self.read.as_ref().map(|(_, held)| held);
        self.changed = held.is_none_or(|held| {
            held.len() != book.len() || book.iter().any(|(k, o)| held.get(k) != Some(o))
        });
        self.book = book;
    }

    /// Writes the file if the last layout changed it: to a temporary file beside it, renamed
    /// into place. A failure is let go (the next build lays out again); nothing is written
    /// where there is no folder.
    fn save(&mut self) {
        if !self.changed {
            return;
        }
        let Some((stamp, _)) = &self.read else {
            return;
        };
        let stored = Stored {
            gongwen_outlines: FORMAT,
            stamp: format!("{stamp:032x}"),
            units: self
                .book
                .iter()
                .map(|(key, o)| StoredUnit {
                    key: format!("{key:032x}"),
                    pages: o.count,
                    heads: o
                        .heads
                        .iter()
                        .map(|(level, title, page, at)| {
                            let bits = |a: Abs| a.to_raw().to_bits();
                            (*level, title.clone(), *page, bits(at.x), bits(at.y))
                        })
                        .collect(),
                })
                .collect(),
        };
        let Ok(json) = serde_json::to_vec(&stored) else {
            return;
        };
        if write(&self.path, &json).is_ok() {
            let held = self.book.iter().cloned().collect();
            self.read = Some((*stamp, held));
            self.changed = false;
        }
    }
}

/// What the file at `path` holds, if it was made with `stamp` and reads whole.
fn read(path: &Path, stamp: u128) -> Option<HashMap<u128, Outline>> {
    let bytes = std::fs::read(path).ok()?;
    let stored: Stored = serde_json::from_slice(&bytes).ok()?;
    if stored.gongwen_outlines != FORMAT || stored.stamp != format!("{stamp:032x}") {
        return None;
    }
    stored
        .units
        .into_iter()
        .map(|u| {
            let key = u128::from_str_radix(&u.key, 16).ok()?;
            let heads = u
                .heads
                .into_iter()
                .map(|(level, title, page, x, y)| {
                    let abs = |bits: u64| Abs::raw(f64::from_bits(bits));
                    (level, title, page, Point::new(abs(x), abs(y)))
                })
                .collect();
            let outline = Outline {
                count: u.pages,
                heads,
            };
            Some((key, outline))
        })
        .collect()
}

/// Writes `bytes` to `path` by a temporary file in its folder renamed into place. The
/// temporary file's name starts with `.gongwen-`, so that one a crash leaves is swept by the
/// next build's recovery.
fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Ok(());
    }
    let mut temp = tempfile::Builder::new()
        .prefix(".gongwen-")
        .tempfile_in(dir)?;
    temp.write_all(bytes)?;
    #[cfg(unix)]
    {
        // Temporary files are private; this one is read as the outputs beside it are.
        use std::os::unix::fs::PermissionsExt;
        temp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// What the units' layouts depend on besides their sources: gongwen's and Typst's versions,
/// this binary (its size and time: a rebuilt gongwen misses) and every font found (each
/// file's path, face, size and time, each bundled font's name: a changed, added or removed
/// font misses, since Typst may fall back to any of them).
fn stamp(fonts: &Fonts) -> u128 {
    let typst = typst::utils::version();
    let exe = std::env::current_exe().ok().map(|p| file_stamp(&p));
    let fonts: Vec<_> = (0..)
        .map_while(|i| fonts.origin(i))
        .map(|origin| match origin {
            FontOrigin::File(path, face) => (path.to_string_lossy(), *face, file_stamp(path)),
            FontOrigin::Bundled(name) => ((*name).into(), 0, None),
        })
        .collect();
    hash128(&(
        FORMAT,
        env!("CARGO_PKG_VERSION"),
        typst.raw(),
        typst.commit(),
        exe,
        fonts,
    ))
}

/// A file's size and modification time, if it can be read.
fn file_stamp(path: &Path) -> Option<(u64, u64, u32)> {
    let meta = std::fs::metadata(path).ok()?;
    let time = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    Some((meta.len(), time.as_secs(), time.subsec_nanos()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typst::FontOptions;

    fn outline(count: usize, y: f64) -> Outline {
        let at = Point::new(Abs::raw(0.1 + 0.2), Abs::raw(y));
        Outline {
            count,
            heads: vec![
                (2, "报告".into(), 0, at),
                (3, "一、概述".into(), count - 1, at),
            ],
        }
    }

    /// Outlines read back exactly (a point's lengths to the bit); a save keeps only the units
    /// of the last book; nothing is written where there is no folder.
    #[test]
    fn outlines_read_back_exactly_and_only_the_last_books() {
        let fonts = Fonts::load(&FontOptions {
            system: false,
            paths: Vec::new(),
        });
        let dir = tempfile::tempdir().unwrap();
        let path = file_for(dir.path(), "yearbook");
        let (a, b) = (outline(3, 1.0 / 3.0), outline(18, f64::MIN_POSITIVE));
        let file = OutlineFile::default();
        file.set(path.clone());
        let book = [(1, Some(a.clone())), (2, Some(b.clone())), (3, None)];
        file.record(book.into_iter(), None, &fonts);
        file.save();
        let again = OutlineFile::default();
        again.set(path.clone());
        let stored = again.stored(&[1, 2, 3, 4], None, &fonts);
        assert_eq!(stored.len(), 2, "a unit not kept is not stored");
        assert_eq!((&stored[&1], &stored[&2]), (&a, &b));
        // Another date is another key.
        let today = Datetime::from_ymd(2016, 4, 30);
        assert!(again.stored(&[1, 2], today, &fonts).is_empty());
        // The next book has unit 2 only: unit 1 is dropped.
        again.record([(2, Some(b.clone()))].into_iter(), None, &fonts);
        again.save();
        let third = OutlineFile::default();
        third.set(path.clone());
        let stored = third.stored(&[1, 2], None, &fonts);
        assert_eq!(stored.keys().collect::<Vec<_>>(), [&2]);
        // No folder: nothing is written, nothing fails.
        let nowhere = OutlineFile::default();
        nowhere.set(dir.path().join("missing").join("x.gongwen-outlines"));
        nowhere.record([(1, Some(a))].into_iter(), None, &fonts);
        nowhere.save();
        assert!(!dir.path().join("missing").exists());
    }
}
