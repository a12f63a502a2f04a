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

/// The Typst source of `book`.
pub fn emit_book(book: &Book, layout: &Layout, plan: &FontPlan) -> String {
    let mut s = String::with_capacity(64 * 1024);
    header_comment(&mut s);
    document_set(&mut s, &book.meta);
    styles(&mut s, layout, plan, OFFSET);
    if book
        .parts
        .iter()
        .flat_map(|p| &p.reports)
        .any(super::table::needed)
    {
        super::table::defs(&mut s, layout, plan);
    }
    if book
        .parts
        .iter()
        .flat_map(|p| &p.reports)
        .any(super::source::has_notes)
    {
        super::source::note_styles(&mut s, layout, plan);
    }
    helpers(&mut s, layout, plan);
    let chrome = Chrome {
        number_if: Some("gw-on.get() and not gw-blank(p)".into()),
        header: Some("gw-header()".into()),
    };
    page_set(&mut s, layout, plan, &chrome);
    s.push('\n');
    cover(&mut s, book, layout, plan);
    contents(&mut s, book, layout, plan);
    let mut numbered = false;
    let mut start_numbering = |s: &mut String| {
        if !std::mem::replace(&mut numbered, true) {
            s.push_str("#counter(page).update(1)#gw-on.update(true)\n");
        }
    };
    if let Some((title, paragraphs)) = &book.preface {
        unit_start(&mut s);
        start_numbering(&mut s);
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

fn contents(s: &mut String, book: &Book, layout: &Layout, plan: &FontPlan) {
    let pitch = layout.line_pitch();
    unit_start(s);
    let _ = writeln!(
        s,
        "#block(width: 100%, height: {}, {{\n  set par(first-line-indent: 0pt, justify: false)\n  set text(tracking: 0pt)\n  \
         align(center, title-font({}))\n}})\n\
         #[\n  #set par(first-line-indent: 0pt, justify: false)\n  #set text(tracking: 0pt)\n  \
         #show outline.entry.where(level: 1): set text({})\n  \
         #outline(title: none, depth: 3, indent: 2em)\n]",
        Pt(pitch.0 * 2.0 - (pitch.0 - layout.body_size().0)),
        string(&book.contents_title),
        font_args(plan, layout, Role::Heading1)
    );
    unit_end(s);
}
