//! Writes a yearbook's PDF while its units are laid out: a round of units on all cores, their
//! pages numbered, drawn into the PDF and let go, so that memory holds a round of reports and
//! the PDF's compressed pages, not the book; the front matter, whose contents need every page
//! number, is drawn last and moved to the front of the page tree.

use std::collections::HashMap;
use std::sync::Arc;

use krilla::configure::{Archival, ConfigurationBuilder};
use krilla::destination::XyzDestination;
use krilla::outline::{Outline, OutlineNode};
use rayon::prelude::*;
use typst::foundations::Smart;
use typst::layout::{Abs, Frame, FrameItem, Point};
use typst::model::{Destination, Document, DocumentInfo};
use typst_layout::Page;

use super::book::{self, Entry, Unit};
use super::bound::{
    DEPTH, Laid, Paged, UnitCache, keys_of, lay_out, lay_out_unit, lay_over, units_of,
};
use super::compile::{self, Pdf, PdfSettings, Profile};
use super::draw::{Drawer, Goal};
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
    let titles: Vec<Option<String>> = units
        .iter()
        .map(|u| match u {
            Unit::Report(r) => Some(r.title.concat()),
            _ => None,
        })
        .collect();
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
    let (mut written, mut next) = (0usize, 1u64);
    let mut heads: Vec<Head> = Vec::new();
    let (mut warnings, mut errors) = (Vec::new(), Vec::new());
    let mut made: HashMap<u128, Arc<Laid>> = HashMap::new();
    // Each unit's page count and headings, for the outlines file (`--docx` of the built book).
    let mut kept = Vec::with_capacity(keys.len());
    let mut old = cache.map(UnitCache::take_paged).unwrap_or_default();
    let mut paged = Paged::new();
    let mut lay_out_once = |source: String, name: &str| {
        let key = ::typst::utils::hash128(&source);
        let laid = match old.remove(&key).or_else(|| paged.get(&key).cloned()) {
            Some(l) => l,
            None => Arc::new(lay_out(source, name, root, fonts, today)?),
        };
        if cache.is_some() {
            paged.insert(key, laid.clone());
        }
        Ok::<_, Vec<Diagnostic>>(laid)
    };
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
    // Each round is laid out on the pool while the main thread draws the round before it.
    type Round = Vec<(usize, Result<Arc<Laid>, Vec<Diagnostic>>)>;
    let lay = |chunk: &[usize]| -> Round {
        let results = chunk
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
        results
    };
    let drawn = std::thread::scope(|scope| -> Result<Option<()>, Vec<Diagnostic>> {
        let lay = &lay;
        let mut pending = rounds.first().map(|c| scope.spawn(move || lay(c)));
        for k in 0..rounds.len() {
            let results = pending
                .take()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .unwrap_or_default();
            pending = rounds.get(k + 1).map(|c| scope.spawn(move || lay(c)));
            let mut laid = Vec::with_capacity(results.len());
            for (i, r) in results {
                match r {
                    Ok(l) => laid.push((i, l)),
                    Err(e) => errors.extend(e),
                }
            }
            if !errors.is_empty() {
                // Every unit is still laid out, so that all their errors are told at once.
                continue;
            }
            // Each unit's first page number; a unit of an odd number of pages is followed by a
            // blank left-hand page (unnumbered), but for the last.
            let mut runs = Vec::with_capacity(laid.len());
            for (i, l) in &laid {
                runs.push((next, l.count, titles[*i].as_deref()));
                next += (l.count + blank_after(l.count, *i, n)) as u64;
            }
            let chrome_source = book::chrome(&shared, &runs, layout, plan);
            let chrome = lay_out_once(chrome_source, "yearbook-chrome.typ")?;
            let (chrome, more) = (&chrome.0, &chrome.1);
            add_warnings(&mut warnings, more.clone());
            let mut chromes = chrome.pages().iter();
            for ((i, l), (first, ..)) in laid.iter().zip(&runs) {
                let base = written;
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
                if let (1, Some(last)) = (blank_after(l.count, *i, n), last) {
                    let blank = Page {
                        frame: Frame::hard(last.frame.size()),
                        number: last.number + 1,
                        ..last
                    };
                    if drawer.page(&mut document, &blank, &|_| None).is_err() {
                        return Ok(None);
                    }
                    written += 1;
                }
                heads.extend(l.heads.iter().map(|(level, title, page, point)| Head {
                    level: *level,
                    title: title.clone(),
                    index: base + page,
                    point: *point,
                    number: first + *page as u64,
                }));
                add_warnings(&mut warnings, l.warnings.clone());
                kept.push((keys[*i], l.outline()));
                if cache.is_some() {
                    made.insert(keys[*i], l.clone());
                }
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
    // The front matter: cover and contents, the contents from the page numbers now known.
    let contents: Vec<&Head> = heads.iter().filter(|h| h.level <= DEPTH).collect();
    let entries: Vec<Entry> = contents
        .iter()
        .map(|h| Entry {
            level: h.level,
            title: h.title.clone(),
            page: h.number,
            at: (h.index, h.point.x.to_pt(), h.point.y.to_pt()),
        })
        .collect();
    // Laid out a piece at a time: a piece's last page, unless it ends the front matter, is laid
    // out again as the next piece's first (its lines start the next piece), so that a contents
    // of thousands of lines needs the memory of a few dozen pages. The front matter ends on a
    // left-hand page (a blank one added), so that the book's first page is a right-hand one.
    // Its lines link to places among the units' pages, which were drawn first.
    let resolve = |d: &Destination| match d {
        Destination::Url(u) => Some(Goal::Url(u.to_string())),
        Destination::Position(p) => Some(Goal::At(p.page.get() - 1, p.point)),
        Destination::Location(_) => None,
    };
    let (mut start, mut size, mut first) = (0, FRONT_PIECE, true);
    let (mut front_pages, mut info) = (0, None);
    let last_page = loop {
        let end = (start + size).min(entries.len());
        let last = end == entries.len();
        let piece = book::Piece { first, last: false };
        let source = book::front(&shared, book, &entries[start..end], layout, plan, piece);
        let laid = lay_out_once(source, "yearbook-front.typ")?;
        let (front, more) = (&laid.0, &laid.1);
        add_warnings(&mut warnings, more.clone());
        ::typst::comemo::evict(0);
        let keep = front.pages().len() - usize::from(!last);
        let lines: usize = front.pages()[..keep].iter().map(|p| links(&p.frame)).sum();
        if !last && lines == 0 {
            // A piece on one page: a larger one.
            size *= 2;
            continue;
        }
        for page in &front.pages()[..keep] {
            if drawer.page(&mut document, page, &resolve).is_err() {
                return Ok(None);
            }
        }
        front_pages += keep;
        info.get_or_insert_with(|| front.info().clone());
        if last {
            break front.pages().last().cloned();
        }
        (start, first) = (start + lines, false);
    };
    if let (1, Some(last)) = (front_pages % 2, last_page) {
        let blank = Page {
            frame: Frame::hard(last.frame.size()),
            ..last
        };
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
        c.keep_paged(paged);
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

/// 1 when unit `i` of `n`, of `count` pages, is followed by a blank page.
fn blank_after(count: usize, i: usize, n: usize) -> usize {
    usize::from(count % 2 == 1 && i + 1 < n)
}

/// Adds each warning not told yet.
fn add_warnings(warnings: &mut Vec<Diagnostic>, more: Vec<Diagnostic>) {
    for w in more {
        if !warnings.iter().any(|seen| seen.message == w.message) {
            warnings.push(w);
        }
    }
}

/// A bookmark's place: as typst-pdf, 10pt above the heading, so that its line is seen whole.
fn xyz(index: usize, point: Point) -> XyzDestination {
    let y = (point.y - Abs::pt(10.0)).max(Abs::zero());
    XyzDestination::new(
        index,
        krilla::geom::Point::from_xy(point.x.to_pt() as f32, y.to_pt() as f32),
    )
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

/// The document's metadata as typst-pdf writes it: `#set document(…)`'s, the creator, the
/// stable identifier, the date.
fn metadata(
    info: &DocumentInfo,
    settings: &PdfSettings,
    today: Option<typst::foundations::Datetime>,
    lang: Option<String>,
) -> krilla::metadata::Metadata {
    let mut m = krilla::metadata::Metadata::new()
        .keywords(info.keywords.iter().map(Into::into).collect())
        .authors(info.author.iter().map(Into::into).collect())
        .language(lang.unwrap_or_else(|| "zh-CN".into()))
        .creator(format!("gongwen {}", env!("CARGO_PKG_VERSION")))
        .document_id(settings.ident.clone())
        .text_direction(krilla::metadata::TextDirection::LeftToRight);
    if let Some(title) = &info.title {
        m = m.title(title.to_string());
    }
    if let Some(description) = &info.description {
        m = m.description(description.to_string());
    }
    let (when, utc) = match (info.date, today) {
        (Smart::Custom(Some(d)), _) => (Some(d), false),
        (Smart::Auto, Some(d)) => (Some(d), true),
        _ => (None, false),
    };
    if let Some(d) = when
        && let Some(year) = d.year().and_then(|y| u16::try_from(y).ok())
    {
        let mut k = krilla::metadata::DateTime::new(year);
        if let Some(v) = d.month() {
            k = k.month(v);
        }
        if let Some(v) = d.day() {
            k = k.day(v);
        }
        if let Some(v) = d.hour() {
            k = k.hour(v);
        }
        if let Some(v) = d.minute() {
            k = k.minute(v);
        }
        if let Some(v) = d.second() {
            k = k.second(v);
        }
        if utc {
            k = k.utc_offset_hour(0).utc_offset_minute(0);
        }
        m = m.creation_date(k);
    }
    m
}

/// Moves the last `front` pages of the PDF `bytes` to the front of its page tree. krilla writes
/// pages in the order they are drawn, and one flat tree: its `/Kids` array is permuted in place
/// (the same references, so the same length: every offset in the file stays true).
fn front_first(mut bytes: Vec<u8>, front: usize) -> Option<Vec<u8>> {
    if front == 0 {
        return Some(bytes);
    }
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    };
    let tree = find(&bytes, b"/Type/Pages", 0)?;
    let open = find(&bytes, b"/Kids[", tree)? + b"/Kids[".len();
    let close = find(&bytes, b"]", open)?;
    let kids = std::str::from_utf8(&bytes[open..close]).ok()?;
    let refs: Vec<&str> = kids
        .split(" R")
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .collect();
    if refs.len() < front {
        return None;
    }
    let (units, front_refs) = refs.split_at(refs.len() - front);
    let moved: Vec<String> = front_refs
        .iter()
        .chain(units)
        .map(|r| format!("{r} R"))
        .collect();
    let moved = moved.join(" ");
    if moved.len() != close - open {
        return None;
    }
    bytes[open..close].copy_from_slice(moved.as_bytes());
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::front_first;

    #[test]
    fn the_front_pages_move_first_in_the_page_tree() {
        let pdf =
            b"1 0 obj\n<</Type/Pages/Count 4/Kids[3 0 R 4 0 R 10 0 R 11 0 R]>>\nendobj".to_vec();
        let moved = front_first(pdf.clone(), 1).unwrap();
        assert_eq!(moved.len(), pdf.len());
        assert!(
            String::from_utf8(moved)
                .unwrap()
                .contains("/Kids[11 0 R 3 0 R 4 0 R 10 0 R]")
        );
        assert!(front_first(pdf.clone(), 5).is_none());
        assert_eq!(front_first(pdf.clone(), 0).unwrap(), pdf);
    }
}
