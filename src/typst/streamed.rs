//! Writes a yearbook's PDF while its units are laid out: a round of units on all cores, their
//! pages numbered, drawn into the PDF and let go, so that memory holds a round of reports and
//! the PDF's compressed pages, not the book; the front matter, whose contents need every page
//! number, is drawn last and moved to the front of the page tree.

use std::collections::HashMap;
use std::sync::mpsc::{SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::outline::{Outline, OutlineNode};
use rayon::prelude::*;
use typst::layout::{Frame, FrameItem, Point};
use typst::model::{Destination, Document};
use typst_layout::{Page, PagedDocument};

use super::book::{self, Entry};
use super::bound::{
    DEPTH, Laid, Paged, UnitCache, blank_after_unit, blank_page, keys_of, lay_out, lay_out_unit,
    lay_over, running_titles, units_of,
};
use super::compile::{self, Pdf, PdfSettings, Profile};
use super::draw::{Drawer, Goal, front_first, metadata, xyz};
use super::fonts::{FontPlan, Fonts};
use super::outlines;
use crate::diag::Diagnostic;
use crate::doc::{Book, Date, PageOf};
use crate::layout::Layout;

/// An outlined heading of the book: level, title, its page's index in the PDF as written, the
/// point on the page, its printed page number.
struct Head {
    level: u8,
    title: String,
    index: usize,
    point: Point,
    number: u64,
}

/// Lays `book` out unit by unit and writes its PDF as it goes (see the module). `None` when the
/// book holds what this writer does not draw (a gradient, a spot colour, a vector picture) or
/// asks for tags (PDF/UA): the caller then binds the whole book and has typst-pdf write it.
#[allow(clippy::too_many_arguments)]
pub fn write_book(
    book: &Book,
    layout: &Layout,
    plan: &FontPlan,
    root: &std::path::Path,
    fonts: &Fonts,
    date: Option<Date>,
    settings: &PdfSettings,
    cache: Option<&UnitCache>,
) -> Result<Option<Pdf>, Vec<Diagnostic>> {
    let archival = match settings.profile {
        Profile::Plain => None,
        Profile::PdfA2b => Some(Archival::A2_B),
        Profile::PdfA3b => Some(Archival::A3_B),
        Profile::PdfA2bUa1 => return Ok(None),
    };
    let today = compile::today(date);
    let shared = book::shared(book, layout, plan);
    let units = units_of(book);
    // Each unit's source is made twice, to know its key and to lay it out, rather than a
    // book's sources held through the build.
    let hashes: Vec<u128> = units
        .par_iter()
        .map(|u| ::typst::utils::hash128(&book::unit(&shared, *u, layout, plan)))
        .collect();
    let titles = running_titles(&units);
    let keys = keys_of(hashes);
    let known = cache.map_or_else(HashMap::new, |c| c.known(&keys));
    let mut configuration = ConfigurationBuilder::new();
    if let Some(a) = archival {
        configuration = configuration.with_archival_validator(a);
    }
    let configuration = configuration
        .finish()
        .map_err(|e| vec![Diagnostic::error(format!("pdf standard: {e:?}"))])?;
    let mut document = krilla::Document::new_with(krilla::SerializeSettings {
        no_device_cs: true,
        configuration,
        enable_tagging: false,
        ..Default::default()
    });
    let mut drawer = Drawer::default();
    let n = units.len();
    let mut written = 0usize;
    let mut heads: Vec<Head> = Vec::new();
    let (mut warnings, mut errors) = (Vec::new(), Vec::new());
    let mut made: HashMap<u128, Arc<Laid>> = HashMap::new();
    // Each unit's page count and headings, for the outlines file (`--docx` of the built book).
    let mut kept = Vec::with_capacity(keys.len());
    let once = Once {
        old: Mutex::new(cache.map(UnitCache::take_paged).unwrap_or_default()),
        new: Mutex::new(Paged::new()),
        keep: cache.is_some(),
    };
    let lay_out_once = |source: String, name: &str| once.get(source, name, root, fonts, today);
    // A round holds as many units to lay out as keep every core busy (and memory bounded);
    // units laid out before (`watch`) cost nothing and join the round they fall in.
    let round = rayon::current_num_threads().max(1) * 2;
    let mut rounds: Vec<Vec<usize>> = vec![Vec::new()];
    let mut fresh = 0;
    for (i, key) in keys.iter().enumerate() {
        let new = !known.contains_key(key);
        if new && fresh == round {
            rounds.push(Vec::new());
            fresh = 0;
        }
        fresh += usize::from(new);
        rounds.last_mut().expect("one round at least").push(i);
    }
    // A round is laid out on the pool, numbered from `next` and its page chrome laid out, while
    // the main thread draws the round before it.
    let lay = |chunk: &[usize], mut next: u64| -> Round {
        let results: Vec<_> = chunk
            .par_iter()
            .map(|&i| {
                let laid = match known.get(&keys[i]) {
                    Some(l) => Ok(l.clone()),
                    None => {
                        let name = format!("unit-{:032x}.typ", keys[i]);
                        let source = book::unit(&shared, units[i], layout, plan);
                        lay_out_unit(true, source, &name, root, fonts, today).map(Arc::new)
                    }
                };
                (i, laid)
            })
            .collect();
        ::typst::comemo::evict(0);
        let mut out = Round::default();
        for (i, r) in results {
            match r {
                Ok(l) => out.laid.push((i, l)),
                Err(e) => out.errors.extend(e),
            }
        }
        if !out.errors.is_empty() {
            return out;
        }
        // Each unit's first page number; a unit of an odd number of pages is followed by a
        // blank left-hand page (unnumbered), but for the last.
        let mut runs = Vec::with_capacity(out.laid.len());
        for (i, l) in &out.laid {
            runs.push((next, l.count, titles[*i].as_deref()));
            out.firsts.push(next);
            next += (l.count + blank_after_unit(l.count, *i, n)) as u64;
        }
        out.next = next;
        match lay_out_once(
            book::chrome(&shared, &runs, layout, plan),
            "yearbook-chrome.typ",
        ) {
            Ok(chrome) => out.chrome = Some(chrome),
            Err(e) => out.errors.extend(e),
        }
        out
    };
    // The front matter is laid out a piece at a time, while the last round is drawn: a piece's
    // last page, unless it ends the front matter, is laid out again as the next piece's first
    // (its lines start the next piece), so that a contents of thousands of lines needs the
    // memory of a few dozen pages; each piece is handed over to be drawn as it is made.
    let front = |entries: Vec<Entry>, tx: SyncSender<Result<FrontPiece, Vec<Diagnostic>>>| {
        let (mut start, mut size, mut first) = (0, FRONT_PIECE, true);
        loop {
            let end = (start + size).min(entries.len());
            let last = end == entries.len();
            let piece = book::Piece { first, last: false };
            let source = book::front(&shared, book, &entries[start..end], layout, plan, piece);
            let laid = match lay_out_once(source, "yearbook-front.typ") {
                Ok(l) => l,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            };
            ::typst::comemo::evict(0);
            let keep = laid.0.pages().len() - usize::from(!last);
            let lines: usize = laid.0.pages()[..keep].iter().map(|p| links(&p.frame)).sum();
            if !last && lines == 0 {
                // A piece on one page: a larger one.
                size *= 2;
                continue;
            }
            if tx.send(Ok(FrontPiece { laid, keep, last })).is_err() || last {
                return;
            }
            (start, first) = (start + lines, false);
        }
    };
    let (mut front_pages, mut info, mut last_page) = (0, None, None);
    let drawn = std::thread::scope(|scope| -> Result<Option<()>, Vec<Diagnostic>> {
        let (lay, front) = (&lay, &front);
        let mut pending = rounds.first().map(|c| scope.spawn(move || lay(c, 1)));
        let mut pieces = None;
        for k in 0..rounds.len() {
            let Round {
                laid,
                firsts,
                next,
                chrome,
                errors: failed,
            } = pending
                .take()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .unwrap_or_default();
            errors.extend(failed);
            // Every unit is still laid out, so that all their errors are told at once.
            pending = rounds.get(k + 1).map(|c| scope.spawn(move || lay(c, next)));
            let Some(chrome) = chrome.filter(|_| errors.is_empty()) else {
                continue;
            };
            // Where each unit's pages go in the PDF, and its outlined headings.
            let mut base = written;
            let mut bases = Vec::with_capacity(laid.len());
            for ((i, l), first) in laid.iter().zip(&firsts) {
                bases.push(base);
                heads.extend(l.heads.iter().map(|(level, title, page, point)| Head {
                    level: *level,
                    title: title.clone(),
                    index: base + page,
                    point: *point,
                    number: first + *page as u64,
                }));
                base += l.count + blank_after_unit(l.count, *i, n);
            }
            if k + 1 == rounds.len() {
                let entries = contents(&heads);
                let (tx, rx) = sync_channel(1);
                scope.spawn(move || front(entries, tx));
                pieces = Some(rx);
            }
            add_warnings(&mut warnings, chrome.1.clone());
            let mut chromes = chrome.0.pages().iter();
            for ((i, l), base) in laid.iter().zip(bases) {
                let mut last: Option<Page> = None;
                for page in &l.pages {
                    let mut page = page.clone();
                    if let Some(numbered) = chromes.next() {
                        lay_over(&mut page.frame, &numbered.frame);
                        page.number = numbered.number;
                    }
                    let resolve = |d: &Destination| match d {
                        Destination::Url(u) => Some(Goal::Url(u.to_string())),
                        Destination::Position(p) => {
                            Some(Goal::At(base + p.page.get() - 1, p.point))
                        }
                        // A report links to no place of its own (the contents are the front's).
                        Destination::Location(_) => None,
                    };
                    if drawer.page(&mut document, &page, &resolve).is_err() {
                        return Ok(None);
                    }
                    written += 1;
                    last = Some(page);
                }
                if let (1, Some(last)) = (blank_after_unit(l.count, *i, n), last) {
                    let number = last.number + 1;
                    let blank = blank_page(last, number);
                    if drawer.page(&mut document, &blank, &|_| None).is_err() {
                        return Ok(None);
                    }
                    written += 1;
                }
                add_warnings(&mut warnings, l.warnings.clone());
                kept.push((keys[*i], l.outline()));
                if cache.is_some() {
                    made.insert(keys[*i], l.clone());
                }
            }
        }
        // The front matter, drawn last: its lines link to places among the units' pages.
        let resolve = |d: &Destination| match d {
            Destination::Url(u) => Some(Goal::Url(u.to_string())),
            Destination::Position(p) => Some(Goal::At(p.page.get() - 1, p.point)),
            Destination::Location(_) => None,
        };
        for piece in pieces.into_iter().flatten() {
            let piece = piece?;
            let (laid, more) = (&piece.laid.0, &piece.laid.1);
            add_warnings(&mut warnings, more.clone());
            for page in &laid.pages()[..piece.keep] {
                if drawer.page(&mut document, page, &resolve).is_err() {
                    return Ok(None);
                }
            }
            front_pages += piece.keep;
            info.get_or_insert_with(|| laid.info().clone());
            if piece.last {
                last_page = laid.pages().last().cloned();
            }
        }
        Ok(Some(()))
    });
    if drawn?.is_none() {
        return Ok(None);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // The front matter ends on a left-hand page (a blank one added), so that the book's first
    // page is a right-hand one.
    if let (1, Some(last)) = (front_pages % 2, last_page) {
        let number = last.number;
        let blank = blank_page(last, number);
        if drawer.page(&mut document, &blank, &|_| None).is_err() {
            return Ok(None);
        }
        front_pages += 1;
    }
    document.set_outline(outline(&heads));
    document.set_metadata(metadata(
        &info.unwrap_or_default(),
        settings,
        today,
        drawer.lang.take(),
    ));
    let bytes = document
        .finish()
        .map_err(|e| vec![Diagnostic::error(format!("pdf: {e:?}"))])?;
    let bytes = front_first(bytes, front_pages)
        .ok_or_else(|| vec![Diagnostic::error("pdf: the page tree was not found")])?;
    outlines::record(kept.into_iter(), today, fonts);
    if let Some(c) = cache {
        c.keep(&made);
        c.keep_paged(once.new.into_inner().unwrap_or_else(|e| e.into_inner()));
    }
    Ok(Some(Pdf {
        bytes,
        pages: written + front_pages,
        outline: heads
            .iter()
            .map(|h| PageOf {
                level: h.level,
                title: h.title.clone(),
                page: h.number,
            })
            .collect(),
        warnings,
        laid: compile::Laid(typst_layout::PagedDocument::new(
            Default::default(),
            Default::default(),
        )),
    }))
}

/// A round of units laid out, each with the number of its first page, the number after the
/// round, and the round's page chrome (none when a unit failed: its errors).
#[derive(Default)]
struct Round {
    laid: Vec<(usize, Arc<Laid>)>,
    firsts: Vec<u64>,
    next: u64,
    chrome: Option<Arc<(PagedDocument, Vec<Diagnostic>)>>,
    errors: Vec<Diagnostic>,
}

/// A piece of the front matter laid out: its first `keep` pages are drawn; the last piece ends
/// the front matter.
struct FrontPiece {
    laid: Arc<(PagedDocument, Vec<Diagnostic>)>,
    keep: usize,
    last: bool,
}

/// The page chrome and the pieces of the front matter laid out once by their source: `old` those
/// of the last build (`watch`), `new` this build's, kept for the next when `keep`.
struct Once {
    old: Mutex<Paged>,
    new: Mutex<Paged>,
    keep: bool,
}

impl Once {
    fn get(
        &self,
        source: String,
        name: &str,
        root: &std::path::Path,
        fonts: &Fonts,
        today: Option<typst::foundations::Datetime>,
    ) -> Result<Arc<(PagedDocument, Vec<Diagnostic>)>, Vec<Diagnostic>> {
        let key = ::typst::utils::hash128(&source);
        let old = self
            .old
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&key);
        let found = old.or_else(|| {
            let new = self.new.lock().unwrap_or_else(|e| e.into_inner());
            new.get(&key).cloned()
        });
        let laid = match found {
            Some(l) => l,
            None => Arc::new(lay_out(source, name, root, fonts, today)?),
        };
        if self.keep {
            let mut map = self.new.lock().unwrap_or_else(|e| e.into_inner());
            map.insert(key, laid.clone());
        }
        Ok(laid)
    }
}

/// The contents lines: the outlined headings down to the contents' depth.
fn contents(heads: &[Head]) -> Vec<Entry> {
    heads
        .iter()
        .filter(|h| h.level <= DEPTH)
        .map(|h| Entry {
            level: h.level,
            title: h.title.clone(),
            page: h.number,
            at: (h.index, h.point.x.to_pt(), h.point.y.to_pt()),
        })
        .collect()
}

/// How many contents lines a piece of the front matter holds at most (about 20 pages).
const FRONT_PIECE: usize = 600;

/// How many links `frame` holds: the contents lines on a page of the front matter.
fn links(frame: &Frame) -> usize {
    frame
        .items()
        .map(|(_, item)| match item {
            FrameItem::Group(g) => links(&g.frame),
            FrameItem::Link(..) => 1,
            _ => 0,
        })
        .sum()
}

/// Adds each warning not told yet.
fn add_warnings(warnings: &mut Vec<Diagnostic>, more: Vec<Diagnostic>) {
    for w in more {
        if !warnings.iter().any(|seen| seen.message == w.message) {
            warnings.push(w);
        }
    }
}

/// The bookmarks: every outlined heading, each under the last one of a higher level before it.
fn outline(heads: &[Head]) -> Outline {
    fn level(heads: &[Head], at: &mut usize, above: u8) -> Vec<OutlineNode> {
        let mut nodes = Vec::new();
        while *at < heads.len() && heads[*at].level > above {
            let h = &heads[*at];
            let mut node = OutlineNode::new(h.title.clone(), xyz(h.index, h.point));
            *at += 1;
            for child in level(heads, at, h.level) {
                node.push_child(child);
            }
            nodes.push(node);
        }
        nodes
    }
    let mut outline = Outline::new();
    for node in level(heads, &mut 0, 0) {
        outline.push_child(node);
    }
    outline
}
