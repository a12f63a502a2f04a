//! Emits the Typst source of a yearbook: cover, table of contents, preface, then each part and
//! each report starting on a right-hand (odd) page, with blank left-hand pages left empty and
//! unnumbered, continuous page numbers and a running header with the report's title.

use std::fmt::Write;

use super::escape::string;
use super::fonts::FontPlan;
use super::source::{
    Chrome, body, document_set, font_args, header_comment, page_set, sized_font_args, styles,
};
use crate::doc::Book;
use crate::layout::{Layout, Pt, Role};

/// Heading levels the book adds above a report's own: part (1) and report (2).
const OFFSET: u8 = 2;

/// The Typst source of the whole of `book` in one file: what `--emit-typst` writes (the typst
/// CLI lays it out to the same pages). A build lays the book out unit by unit instead
/// ([`shared`], [`unit`], [`front`]).
pub fn emit_book(book: &Book, layout: &Layout, plan: &FontPlan) -> String {
    let mut s = shared(book, layout, plan);
    let chrome = Chrome {
        number_if: Some("gw-on.get() and not gw-blank(p)".into()),
        header: Some("gw-header()".into()),
    };
    page_set(&mut s, layout, plan, &chrome);
    s.push('\n');
    cover(&mut s, book, layout, plan);
    contents(&mut s, book, layout, plan, None, true);
    let mut numbered = false;
    let mut start_numbering = |s: &mut String| {
        if !std::mem::replace(&mut numbered, true) {
            s.push_str("#counter(page).update(1)#gw-on.update(true)\n");
        }
    };
    if let Some((title, paragraphs)) = &book.preface {
        unit_start(&mut s);
        start_numbering(&mut s);
        preface(&mut s, title, paragraphs, layout, plan);
        unit_end(&mut s);
    }
    for part in &book.parts {
        unit_start(&mut s);
        start_numbering(&mut s);
        let _ = writeln!(
            s,
            "#gw-title.update(none)\n#gw-part({})",
            string(&part.title)
        );
        unit_end(&mut s);
        for report in &part.reports {
            unit_start(&mut s);
            let title = report.title.concat();
            let _ = writeln!(
                s,
                "#gw-title.update({t})\n#place(hide(heading(level: 2, {t})))",
                t = string(&title)
            );
            body(&mut s, report, layout, plan, OFFSET);
            unit_end(&mut s);
        }
    }
    s
}

/// What every unit of the book's source starts with: document set-up, styles and the
/// functions of the book, the same whichever unit follows (so every unit is set alike).
pub(super) fn shared(book: &Book, layout: &Layout, plan: &FontPlan) -> String {
    let mut s = String::with_capacity(16 * 1024);
    header_comment(&mut s);
    document_set(&mut s, &book.meta);
    styles(&mut s, layout, plan, OFFSET);
    let reports = || book.parts.iter().flat_map(|p| &p.reports);
    if reports().any(super::table::needed) {
        super::table::defs(&mut s, layout, plan);
    }
    if reports().any(super::source::has_notes) {
        super::source::note_styles(&mut s, layout, plan);
    }
    helpers(&mut s, layout, plan);
    s
}

/// A part of the book laid out on its own: each starts on a right-hand page of the book.
#[derive(Debug, Clone, Copy)]
pub enum Unit<'a> {
    /// The preface: its title and paragraphs.
    Preface(&'a str, &'a [String]),
    /// A part's title page.
    Part(&'a str),
    /// A report, with the running header of its title.
    Report(&'a crate::doc::Document),
}

/// The whole source of one unit after `shared`: neither header nor page number (the unit
/// does not know where in the book it falls: its chrome is laid out by [`chrome`] once the
/// units' page counts are known). The same unit
/// is the same source wherever it stands, so that its layout can be kept and used again.
pub(super) fn unit(shared: &str, unit: Unit, layout: &Layout, plan: &FontPlan) -> String {
    let mut s = String::with_capacity(shared.len() + 64 * 1024);
    s.push_str(shared);
    // No header and no footer: nothing on the unit's pages asks where it is, so that Typst
    // lays most units out in one pass ([`chrome`] lays both over them).
    page_set(&mut s, layout, plan, &Chrome::default());
    s.push_str("#set page(header: none, footer: none)\n\n");
    match unit {
        Unit::Preface(title, paragraphs) => preface(&mut s, title, paragraphs, layout, plan),
        Unit::Part(title) => {
            let _ = writeln!(s, "#gw-part({})", string(title));
        }
        Unit::Report(report) => {
            let _ = writeln!(
                s,
                "#place(hide(heading(level: 2, {})))",
                string(&report.title.concat())
            );
            body(&mut s, report, layout, plan, OFFSET);
        }
    }
    s
}

/// An entry of the contents: a heading of the book at the outline's depth, and the number of
/// its page.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The heading's level in the book (1 part or preface, 2 report, 3 a report's heading).
    pub level: u8,
    /// Its text.
    pub title: String,
    /// The number printed on its page.
    pub page: u64,
    /// Where its heading is: the index of its page among the units' pages (the front matter's
    /// not counted) and the point on it, in pt; the contents line links there.
    pub at: (usize, f64, f64),
}

/// The source of the front matter after `shared`: the cover and the contents (numbered and
/// headed nowhere), the contents written line by line from `entries` (their page numbers
/// known: no outline, no pass over the book), each line linking to its heading's place as a
/// position whose page is the index among the units' pages (the writer points it into the
/// book); then an empty page, dropped, that ends the front matter on a left-hand page.
///
/// A long contents is laid out in pieces (`piece`): the cover and the contents' title come with
/// the first, the empty page with the last; each contents line is one unbreakable block, so
/// that a piece's pages end between lines.
pub(super) fn front(
    shared: &str,
    book: &Book,
    entries: &[Entry],
    layout: &Layout,
    plan: &FontPlan,
    piece: Piece,
) -> String {
    let mut s = String::with_capacity(shared.len() + 4096 + entries.len() * 160);
    s.push_str(shared);
    let chrome = Chrome {
        number_if: Some("false".into()),
        header: None,
    };
    page_set(&mut s, layout, plan, &chrome);
    s.push('\n');
    if piece.first {
        cover(&mut s, book, layout, plan);
    }
    contents(&mut s, book, layout, plan, Some(entries), piece.first);
    if piece.last {
        s.push_str("#pagebreak(to: \"odd\", weak: true)\n#place(hide[.])\n");
    }
    s
}

/// Which piece of the front matter a source holds (see [`front`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Piece {
    /// The first: the cover and the contents' title before its lines.
    pub first: bool,
    /// The last: the empty page after its lines.
    pub last: bool,
}

impl Piece {
    /// The whole front matter in one source.
    pub const WHOLE: Piece = Piece {
        first: true,
        last: true,
    };
}

/// The source of the book's page chrome after `shared`: for each unit (its first page's
/// number, its page count, a report's title), that many empty pages with their numbers and,
/// but on the first, the report's running header, as the book's pages carry them; each page
/// is then laid over the unit's page of that number.
pub(super) fn chrome(
    shared: &str,
    runs: &[(u64, usize, Option<&str>)],
    layout: &Layout,
    plan: &FontPlan,
) -> String {
    let pages: usize = runs.iter().map(|r| r.1).sum();
    let mut s = String::with_capacity(shared.len() + 4096 + pages * 12);
    s.push_str(shared);
    page_set(&mut s, layout, plan, &Chrome::default());
    s.push('\n');
    for &(first, count, title) in runs.iter().filter(|r| r.1 > 0) {
        // The unit's first page: its number, no header.
        let _ = writeln!(
            s,
            "#page(header: none, footer: gw-foot({first}))[#counter(page).update({first})]"
        );
        if count > 1 {
            // Each page a `page` of its own: breaks inside one would fold at its end.
            let header = title.map_or("none".to_string(), |t| format!("gw-running({})", string(t)));
            let _ = writeln!(s, "#let gw-h = {header}");
            for n in first + 1..first + count as u64 {
                let _ = writeln!(s, "#page(header: gw-h, footer: gw-foot({n}))[]");
            }
        }
    }
    s
}

/// The preface: its title (outlined) and its paragraphs on the grid.
fn preface(s: &mut String, title: &str, paragraphs: &[String], layout: &Layout, plan: &FontPlan) {
    let _ = writeln!(s, "#gw-front-title({})\n", string(title));
    for p in paragraphs {
        let run = super::grid::Run {
            role: Role::Body,
            wrap: None,
            text: p,
            marks: &[],
        };
        let _ = writeln!(s, "{}\n", super::grid::markup(&[run], plan, layout));
    }
}

/// A unit (preface, part, report) starts on a right-hand page, and records the page it starts on.
fn unit_start(s: &mut String) {
    s.push_str("#pagebreak(to: \"odd\", weak: true)\n#context gw-first.update(here().page())\n");
}

/// A unit records the page it ends on.
fn unit_end(s: &mut String) {
    s.push_str("#context gw-last.update(here().page())\n\n");
}

/// The functions the page set-up and the front matter use.
fn helpers(s: &mut String, layout: &Layout, plan: &FontPlan) {
    // Page chrome reads states, never queries, so that a page costs the same in a book of ten
    // reports as in one of a hundred. A footer sees the states as they are at the end of its
    // page, a header as they are at its start. A page is blank when the last unit ended before
    // it and none started since: an empty left-hand page before a unit that starts on the right.
    s.push_str(
        "#let gw-first = state(\"gw-first\", 0)\n#let gw-last = state(\"gw-last\", 0)\n\
         #let gw-on = state(\"gw-on\", false)\n#let gw-title = state(\"gw-title\", none)\n\
         #let gw-blank(p) = gw-first.get() <= gw-last.get() and gw-last.get() < p\n",
    );
    // The running header: the title of the report the page belongs to, except on its first page.
    let header_size = Role::PageNumber;
    let _ = writeln!(
        s,
        "#let gw-header() = {{\n  let p = here().page()\n  \
         // At the start of a unit's first page the states still say the last unit ended.\n  \
         if not gw-on.get() or gw-blank(p) or gw-title.get() == none {{ return none }}\n  \
         set text({}, tracking: 0pt, top-edge: \"ascender\", bottom-edge: \"descender\")\n  \
         set par(first-line-indent: 0pt)\n  \
         block(width: 100%, stroke: (bottom: 0.5pt), inset: (bottom: 3pt), align(center, gw-title.get()))\n}}",
        sized_font_args(plan, layout, header_size, layout.book.header_size.pt())
    );
    // The same header for a report laid out on its own, its title given.
    let _ = writeln!(
        s,
        "#let gw-running(title) = {{\n  \
         set text({}, tracking: 0pt, top-edge: \"ascender\", bottom-edge: \"descender\")\n  \
         set par(first-line-indent: 0pt)\n  \
         block(width: 100%, stroke: (bottom: 0.5pt), inset: (bottom: 3pt), align(center, title))\n}}",
        sized_font_args(plan, layout, header_size, layout.book.header_size.pt())
    );
    let pitch = layout.line_pitch();
    let _ = writeln!(
        s,
        "#let gw-part(title) = {{\n  heading(level: 1, title)\n}}\n\
         #show heading.where(level: 1): it => {{\n  set par(first-line-indent: 0pt, justify: false)\n  \
         v(30%)\n  align(center, text({}, tracking: 0pt, it.body))\n}}",
        sized_font_args(plan, layout, Role::Title, layout.book.part_size.pt())
    );
    let _ = writeln!(
        s,
        "#let gw-front-title(title) = {{\n  place(hide(heading(level: 1, outlined: true, title)))\n  \
         block(width: 100%, height: {}, {{\n    set par(first-line-indent: 0pt, justify: false)\n    \
         set text(tracking: 0pt)\n    align(center, title-font(title))\n  }})\n}}",
        Pt(pitch.0 * 2.0 - (pitch.0 - layout.body_size().0))
    );
}

/// The cover's title lines and its lines under the title, as Typst strings: the book's own
/// cover page and a printed book's cover sheet set the same words.
pub(super) fn cover_words(book: &Book) -> (Vec<String>, Vec<String>) {
    let strings = |lines: &[String]| lines.iter().map(|l| format!("#{}", string(l))).collect();
    (strings(&book.cover_title), strings(&book.cover_lines))
}

fn cover(s: &mut String, book: &Book, layout: &Layout, plan: &FontPlan) {
    let (title, lines) = cover_words(book);
    let _ = writeln!(
        s,
        "#block(width: 100%, height: 100%, {{\n  set par(first-line-indent: 0pt, justify: false, leading: 0.8em)\n  \
         set text(tracking: 0pt)\n  v(25%)\n  align(center, text({})[{}])\n  v(1fr)\n  \
         align(center, [{}])\n  v(10%)\n}})\n",
        sized_font_args(plan, layout, Role::Title, layout.book.cover_size.pt()),
        title.join(" \\\n"),
        lines.join(" \\\n")
    );
}

/// The contents: Typst's outline of the book's headings (`entries` none: the whole book in one
/// source), or the same lines written from `entries`, as `outline` sets them.
fn contents(
    s: &mut String,
    book: &Book,
    layout: &Layout,
    plan: &FontPlan,
    entries: Option<&[Entry]>,
    titled: bool,
) {
    let pitch = layout.line_pitch();
    let level_one = font_args(plan, layout, Role::Heading1);
    if titled {
        unit_start(s);
        let _ = writeln!(
            s,
            "#block(width: 100%, height: {}, {{\n  set par(first-line-indent: 0pt, justify: false)\n  set text(tracking: 0pt)\n  \
             align(center, title-font({}))\n}})",
            Pt(pitch.0 * 2.0 - (pitch.0 - layout.body_size().0)),
            string(&book.contents_title),
        );
    }
    s.push_str(
        "#[\n  #set par(first-line-indent: 0pt, justify: false)\n  #set text(tracking: 0pt)\n",
    );
    match entries {
        None => {
            let _ = writeln!(
                s,
                "  #show outline.entry.where(level: 1): set text({level_one})\n  \
                 #outline(title: none, depth: 3, indent: 2em)\n]"
            );
        }
        Some(entries) => {
            // As `outline` lays out an entry: a block indented 2em a level, the title, a
            // space, the dots filling the line, a space, a word joiner and the number; the
            // whole block a link; blocks a leading apart.
            let _ = writeln!(
                s,
                "  #let gw-entry(level, title, page, to) = link(to, block(breakable: false, inset: (left: (level - 1) * 2em), {{\n    \
                 set text({level_one}) if level == 1\n    \
                 title; [ ]; box(width: 1fr, repeat(gap: 0.15em)[.]); [ ]; \"\\u{{2060}}\"; page\n  }}))\n  \
                 #context {{\n  set block(above: par.leading)"
            );
            for e in entries {
                let (at, x, y) = e.at;
                let _ = writeln!(
                    s,
                    "  gw-entry({}, {}, \"{}\", (page: {}, x: {}, y: {}))",
                    e.level,
                    string(&e.title),
                    e.page,
                    at + 1,
                    Pt(x),
                    Pt(y)
                );
            }
            s.push_str("  }\n]\n");
        }
    }
    unit_end(s);
}
