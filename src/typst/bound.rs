//! Lays a yearbook out unit by unit — the preface, each part's page and each report its own
//! Typst compile, on all cores, Typst's caches let go between — and binds their pages, the
//! front matter's and the page chrome (numbers, running headers) into one document: one PDF with
//! its fonts shared.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use typst::foundations::NativeElement;
use typst::introspection::Introspector;
use typst::layout::{Frame, FrameItem, Point};
use typst::model::{Destination, Document, HeadingElem, Outlinable};
use typst_layout::{Page, PagedDocument};

use super::book::{self, Entry, Unit};
use super::compile::{self, Pdf, PdfSettings};
use super::fonts::{FontPlan, Fonts};
use super::outlines::{self, Outline};
use super::world::GongwenWorld;
use crate::diag::Diagnostic;
use crate::doc::{Book, Date, PageOf};
use crate::layout::Layout;

/// The deepest heading level the contents lists (part 1, report 2, a report's heading 3).
pub(super) const DEPTH: u8 = 3;

/// A book laid out: what the PDF (or another paged output) is written from.
pub struct LaidBook {
    /// Every page of the book, in order, with an introspector over all of them (its headings
    /// give the PDF's bookmarks).
    pub document: PagedDocument,
    /// Every outlined heading with its printed page number (the DOCX's contents).
    pub outline: Vec<PageOf>,
    /// Warnings Typst raised, each once.
    pub warnings: Vec<Diagnostic>,
}

impl LaidBook {
    /// A book whose pages were not wanted: its outline only (from [`book_outline`]).
    pub fn unpaged(outline: Vec<PageOf>, warnings: Vec<Diagnostic>) -> LaidBook {
        LaidBook {
            document: PagedDocument::new(Default::default(), Default::default()),
            outline,
            warnings,
        }
    }

    /// The book's pages and outline as a [`Pdf`] without its bytes: for a DOCX's page
    /// numbers or another writer of the pages (the OFD) when no PDF is wanted.
    pub fn unwritten(self) -> Pdf {
        Pdf {
            bytes: Vec::new(),
            pages: self.document.pages().len(),
            outline: self.outline,
            warnings: self.warnings,
            laid: compile::Laid(self.document),
        }
    }

    /// Writes the book as one PDF dated `date`.
    pub fn pdf(&self, date: Option<Date>, settings: &PdfSettings) -> Result<Pdf, Vec<Diagnostic>> {
        let bytes = compile::write_pdf(&self.document, date, settings, &|e| {
            Diagnostic::error(format!("typst: {}", e.message))
        })?;
        Ok(Pdf {
            bytes,
            pages: self.document.pages().len(),
            outline: self.outline.clone(),
            warnings: self.warnings.clone(),
            // The same pages for another writer (the OFD): a count of references, no copy.
            laid: compile::Laid(self.document.clone()),
        })
    }
}

/// One unit laid out: what the book keeps of it.
#[derive(Clone)]
pub(super) struct Laid {
    /// Its pages, without page numbers (none when only the outline was wanted).
    pub(super) pages: Vec<Page>,
    /// How many pages it has.
    pub(super) count: usize,
    /// Its outlined headings: (level, text, page index, point).
    pub(super) heads: Vec<(u8, String, usize, Point)>,
    pub(super) warnings: Vec<Diagnostic>,
}

impl Laid {
    /// A unit known by its outline only: no page, no warning.
    fn outlined(Outline { count, heads }: Outline) -> Laid {
        let pages = Vec::new();
        let warnings = Vec::new();
        Laid {
            pages,
            count,
            heads,
            warnings,
        }
    }

    /// Its outline, to keep on disk (none when its layout warned).
    pub(super) fn outline(&self) -> Option<Outline> {
        let outline = || Outline {
            count: self.count,
            heads: self.heads.clone(),
        };
        self.warnings.is_empty().then(outline)
    }
}

/// Units laid out before, by their source: `watch` keeps one across rebuilds, so that a book
/// whose one report changed lays out that report only.
#[derive(Default)]
pub struct UnitCache {
    laid: Mutex<HashMap<u128, Arc<Laid>>>,
    /// The front matter and the page chrome laid out before, by their source: a book whose
    /// page numbers did not change lays out neither again.
    paged: Mutex<Paged>,
}

/// Sources laid out, by their hash: the document and Typst's warnings.
pub(super) type Paged = HashMap<u128, Arc<(PagedDocument, Vec<Diagnostic>)>>;

impl UnitCache {
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// The units of `keys` laid out before; the others are forgotten.
    pub(super) fn known(&self, keys: &[u128]) -> HashMap<u128, Arc<Laid>> {
        let mut laid = self.laid.lock().unwrap_or_else(|e| e.into_inner());
        let wanted: std::collections::HashSet<&u128> = keys.iter().collect();
        laid.retain(|k, _| wanted.contains(k));
        laid.clone()
    }

    /// The front matter and chrome laid out for the last book, taken out.
    pub(super) fn take_paged(&self) -> Paged {
        std::mem::take(&mut *self.paged.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Keeps the front matter and chrome of this book (only these) for the next.
    pub(super) fn keep_paged(&self, paged: Paged) {
        *self.paged.lock().unwrap_or_else(|e| e.into_inner()) = paged;
    }

    /// Keeps `made` for the next book.
    pub(super) fn keep(&self, made: &HashMap<u128, Arc<Laid>>) {
        let mut laid = self.laid.lock().unwrap_or_else(|e| e.into_inner());
        laid.extend(made.iter().map(|(k, v)| (*k, v.clone())));
    }
}

/// The units of a book laid out, with the number of each one's first page.
struct Units {
    shared: String,
    laid: Vec<Arc<Laid>>,
    firsts: Vec<u64>,
}

impl Units {
    /// Lays out every unit of `book` (those `cache` knows are taken from it), keeping their
    /// pages when `keep_pages` (else their page counts and headings only, which the
    /// outlines file of the last build, `outlines.rs`, may answer instead).
    fn lay_out(
        keep_pages: bool,
        book: &Book,
        layout: &Layout,
        plan: &FontPlan,
        root: &Path,
        fonts: &Fonts,
        today: Option<typst::foundations::Datetime>,
        cache: Option<&UnitCache>,
    ) -> Result<Units, Vec<Diagnostic>> {
        let shared = book::shared(book, layout, plan);
        let units = units_of(book);
        let sources: Vec<String> = units
            .par_iter()
            .map(|u| book::unit(&shared, *u, layout, plan))
            .collect();
        let laid = lay_out_units(keep_pages, &sources, root, fonts, today, cache)?;
        // Page numbers run from the first unit on; a unit starts on a right-hand page, so a
        // unit of an odd number of pages is followed by a blank one (unnumbered), but for
        // the last.
        let mut firsts = Vec::with_capacity(laid.len());
        let mut next = 1u64;
        for (i, l) in laid.iter().enumerate() {
            firsts.push(next);
            next += (l.count + blank_after(&laid, i)) as u64;
        }
        Ok(Units {
            shared,
            laid,
            firsts,
        })
    }

    /// Every outlined heading with the number of its page, in book order.
    fn outline(&self) -> Vec<PageOf> {
        self.laid
            .iter()
            .zip(&self.firsts)
            .flat_map(|(l, first)| {
                l.heads.iter().map(move |(level, title, page, _)| PageOf {
                    level: *level,
                    title: title.clone(),
                    page: first + *page as u64,
                })
            })
            .collect()
    }

    /// Each warning of the units, once.
    fn warnings(&self, warnings: &mut Vec<Diagnostic>) {
        for w in self.laid.iter().flat_map(|l| &l.warnings) {
            if !warnings.iter().any(|seen| seen.message == w.message) {
                warnings.push(w.clone());
            }
        }
    }
}

/// 1 when the unit `i` of `laid` is followed by a blank page: it has an odd number of pages
/// and another unit follows.
fn blank_after(laid: &[Arc<Laid>], i: usize) -> usize {
    blank_after_unit(laid[i].count, i, laid.len())
}

/// The title each unit's running header shows: a report's, none for the preface and parts.
pub(super) fn running_titles(units: &[Unit]) -> Vec<Option<String>> {
    units
        .iter()
        .map(|u| match u {
            Unit::Report(r) => Some(r.title.concat()),
            _ => None,
        })
        .collect()
}

/// An empty page of `last`'s size and settings, numbered `number` (a blank left-hand page).
pub(super) fn blank_page(last: Page, number: u64) -> Page {
    Page {
        frame: Frame::hard(last.frame.size()),
        number,
        ..last
    }
}

/// 1 when unit `i` of `n`, of `count` pages, is followed by a blank page.
pub(super) fn blank_after_unit(count: usize, i: usize, n: usize) -> usize {
    usize::from(count % 2 == 1 && i + 1 < n)
}

/// The outline of `book` with its printed page numbers, from its units laid out (no front
/// matter, no PDF): what a DOCX's contents needs. Warnings as [`lay_out_book`]'s.
pub fn book_outline(
    book: &Book,
    layout: &Layout,
    plan: &FontPlan,
    root: &Path,
    fonts: &Fonts,
    date: Option<Date>,
    cache: Option<&UnitCache>,
) -> Result<(Vec<PageOf>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let units = Units::lay_out(
        false,
        book,
        layout,
        plan,
        root,
        fonts,
        compile::today(date),
        cache,
    )?;
    let mut warnings = Vec::new();
    units.warnings(&mut warnings);
    Ok((units.outline(), warnings))
}

/// Lays `book` out unit by unit and binds the pages: the book before it is written, for the
/// PDF or any other paged output. `cache`, when given, answers units laid out before and
/// keeps this book's units (only these) for the next call.
pub fn lay_out_book(
    book: &Book,
    layout: &Layout,
    plan: &FontPlan,
    root: &Path,
    fonts: &Fonts,
    date: Option<Date>,
    cache: Option<&UnitCache>,
) -> Result<LaidBook, Vec<Diagnostic>> {
    let today = compile::today(date);
    let units = Units::lay_out(true, book, layout, plan, root, fonts, today, cache)?;
    let Units {
        shared,
        laid,
        firsts,
    } = &units;
    // Each contents line: its heading's page number and place among the units' pages.
    let mut entries: Vec<Entry> = Vec::new();
    let mut at = 0;
    for (i, (l, first)) in laid.iter().zip(firsts.iter()).enumerate() {
        for (level, title, page, point) in l.heads.iter().filter(|h| h.0 <= DEPTH) {
            entries.push(Entry {
                level: *level,
                title: title.clone(),
                page: first + *page as u64,
                at: (at + page, point.x.to_pt(), point.y.to_pt()),
            });
        }
        at += l.count + blank_after(laid, i);
    }
    let titles = running_titles(&units_of(book));
    let runs: Vec<(u64, usize, Option<&str>)> = laid
        .iter()
        .zip(firsts.iter())
        .zip(&titles)
        .map(|((l, f), t)| (*f, l.count, t.as_deref()))
        .collect();
    let front_source = book::front(shared, book, &entries, layout, plan, book::Piece::WHOLE);
    let chrome_source = book::chrome(shared, &runs, layout, plan);
    let (front, chrome) = rayon::join(
        || lay_out(front_source, "yearbook-front.typ", root, fonts, today),
        || lay_out(chrome_source, "yearbook-chrome.typ", root, fonts, today),
    );
    let ((front, mut warnings), (chrome, more)) = (front?, chrome?);
    warnings.extend(more);
    ::typst::comemo::evict(0);
    // The front matter ends with an empty page, dropped; its contents link to places among
    // the units' pages, which follow it.
    let front_pages = front.pages().len().saturating_sub(1);
    let info = front.info().clone();
    let mut pages: Vec<Page> = Vec::with_capacity(at);
    for page in &front.pages()[..front_pages] {
        let mut page = page.clone();
        retarget(&mut page.frame, front_pages);
        pages.push(page);
    }
    let mut chromes = chrome.pages().iter();
    for (i, l) in laid.iter().enumerate() {
        for page in &l.pages {
            let mut page = page.clone();
            if let Some(numbered) = chromes.next() {
                lay_over(&mut page.frame, &numbered.frame);
                page.number = numbered.number;
            }
            pages.push(page);
        }
        if blank_after(laid, i) == 1 {
            let last = pages.last().cloned().expect("a unit has a page");
            let number = last.number + 1;
            pages.push(blank_page(last, number));
        }
    }
    units.warnings(&mut warnings);
    let outline = units.outline();
    drop(units);
    let document = PagedDocument::new(pages.into_iter().collect(), info);
    Ok(LaidBook {
        document,
        outline,
        warnings,
    })
}

/// The units of `book` in order: the preface, then each part's page and its reports.
pub(super) fn units_of(book: &Book) -> Vec<Unit<'_>> {
    let mut units = Vec::new();
    if let Some((title, paragraphs)) = &book.preface {
        units.push(Unit::Preface(title, paragraphs));
    }
    for part in &book.parts {
        units.push(Unit::Part(&part.title));
        units.extend(part.reports.iter().map(Unit::Report));
    }
    units
}

/// Lays out every unit's source on all cores, a few at a time (each thread holds one unit's
/// layout; Typst's caches are let go after each round, so memory stays that of a few reports
/// and the pages kept).
fn lay_out_units(
    keep_pages: bool,
    sources: &[String],
    root: &Path,
    fonts: &Fonts,
    today: Option<typst::foundations::Datetime>,
    cache: Option<&UnitCache>,
) -> Result<Vec<Arc<Laid>>, Vec<Diagnostic>> {
    let keys = keys(sources);
    let known: HashMap<u128, Arc<Laid>> = cache.map_or_else(HashMap::new, |c| c.known(&keys));
    // Page counts and headings alone: those the last build left on disk are enough.
    let stored: HashMap<u128, Arc<Laid>> = match keep_pages {
        true => HashMap::new(),
        false => outlines::stored(&keys, today, fonts)
            .into_iter()
            .map(|(k, o)| (k, Arc::new(Laid::outlined(o))))
            .collect(),
    };
    let round = rayon::current_num_threads().max(1) * 2;
    let todo: Vec<usize> = (0..sources.len())
        .filter(|i| !known.contains_key(&keys[*i]) && !stored.contains_key(&keys[*i]))
        .collect();
    outlines::tell(todo.len(), sources.len());
    let mut made: HashMap<u128, Arc<Laid>> = HashMap::new();
    let mut errors = Vec::new();
    for chunk in todo.chunks(round) {
        let results: Vec<(usize, Result<Laid, Vec<Diagnostic>>)> = chunk
            .par_iter()
            .map(|&i| {
                let name = format!("unit-{:032x}.typ", keys[i]);
                (
                    i,
                    lay_out_unit(keep_pages, sources[i].clone(), &name, root, fonts, today),
                )
            })
            .collect();
        ::typst::comemo::evict(0);
        for (i, r) in results {
            match r {
                Ok(l) => {
                    made.insert(keys[i], Arc::new(l));
                }
                Err(e) => errors.extend(e),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if let (Some(c), true) = (cache, keep_pages) {
        c.keep(&made);
    }
    let laid: Vec<Arc<Laid>> = keys
        .iter()
        .filter_map(|k| {
            known
                .get(k)
                .or_else(|| stored.get(k))
                .or_else(|| made.get(k))
                .cloned()
        })
        .collect();
    let kept = keys.iter().zip(&laid).map(|(k, l)| (*k, l.outline()));
    outlines::record(kept, today, fonts);
    Ok(laid)
}

/// Each unit's key: a hash of its source and of how many units before it have the same (two
/// parts of one title). Each unit's main file is named by its key, so that no two units of a
/// book share an element's location, however they were laid out.
pub(super) fn keys(sources: &[String]) -> Vec<u128> {
    keys_of(sources.par_iter().map(::typst::utils::hash128).collect())
}

/// The units' keys from their sources' hashes (see [`keys`]).
pub(super) fn keys_of(hashes: Vec<u128>) -> Vec<u128> {
    let mut seen: HashMap<u128, u32> = HashMap::new();
    hashes
        .into_iter()
        .map(|h| {
            let n = seen.entry(h).or_default();
            *n += 1;
            ::typst::utils::hash128(&(h, *n))
        })
        .collect()
}

/// Lays out one source in a world of its own, named `name`.
pub(super) fn lay_out(
    source: String,
    name: &str,
    root: &Path,
    fonts: &Fonts,
    today: Option<typst::foundations::Datetime>,
) -> Result<(PagedDocument, Vec<Diagnostic>), Vec<Diagnostic>> {
    let world = GongwenWorld::named(name, source, root, fonts, today);
    compile::lay_out_in(&world, name)
}

/// One unit laid out: its pages (when `keep_pages`) and its outlined headings.
pub(super) fn lay_out_unit(
    keep_pages: bool,
    source: String,
    name: &str,
    root: &Path,
    fonts: &Fonts,
    today: Option<typst::foundations::Datetime>,
) -> Result<Laid, Vec<Diagnostic>> {
    let (document, warnings) = lay_out(source, name, root, fonts, today)?;
    let introspector = document.introspector();
    let heads = introspector
        .query(&HeadingElem::ELEM.select())
        .iter()
        .filter_map(|content| {
            let heading = content.to_packed::<HeadingElem>()?;
            let level = u8::try_from(heading.level().get()).unwrap_or(u8::MAX);
            if !heading.outlined() {
                return None;
            }
            let at = introspector.position(content.location()?)?;
            Some((
                level,
                heading.body.plain_text().to_string(),
                at.page.get() - 1,
                at.point,
            ))
        })
        .collect();
    Ok(Laid {
        count: document.pages().len(),
        pages: match keep_pages {
            true => document.pages().to_vec(),
            false => Vec::new(),
        },
        heads,
        warnings,
    })
}

/// Lays the chrome page `chrome` over the unit's page `frame`: its header (what lies in its
/// top half) before the page's body, its footer after, as Typst orders a page.
pub(super) fn lay_over(frame: &mut Frame, chrome: &Frame) {
    let size = chrome.size();
    let (mut top, mut bottom) = (Frame::hard(size), Frame::hard(size));
    for (pos, item) in chrome.items() {
        match pos.y < size.y / 2.0 {
            true => top.push(*pos, item.clone()),
            false => bottom.push(*pos, item.clone()),
        }
    }
    frame.prepend_frame(Point::zero(), top);
    frame.push_frame(Point::zero(), bottom);
}

/// Points the links of `frame` to places among the units' pages (the contents') at those pages
/// in the bound book, after the `front` pages of the front matter.
fn retarget(frame: &mut Frame, front: usize) {
    frame.retain(|item| {
        match item {
            FrameItem::Group(group) => retarget(&mut group.frame, front),
            FrameItem::Link(Destination::Position(to), _) => {
                to.page = to.page.saturating_add(front);
            }
            _ => {}
        }
        true
    });
}
