//! Emits the Typst source of a printed book's cover sheet: back, spine and front side by side
//! on one page (a left-bound book: the front on the right), the spine as wide as the caller
//! says (`layout::Print::spine` of the printed page count), its words set top to bottom.

use std::fmt::Write;

use super::escape::string;
use super::fonts::FontPlan;
use super::source::{document_set, header_comment, sized_font_args};
use crate::doc::{Book, Cover};
use crate::layout::{Layout, Mm, Pt, Role};

/// The narrowest spine that carries words; a thinner one is left blank.
pub const MIN_SPINE_WORDS: Mm = Mm(4.0);

/// Marks that lie along the line: set on a spine, they are turned a quarter.
const ROTATED: &str = "（）()《》〈〉〔〕【】「」『』—–-…～";

/// The Typst source of `book`'s cover with a spine `spine` wide.
pub fn emit_cover(
    book: &Book,
    cover: &Cover,
    layout: &Layout,
    plan: &FontPlan,
    spine: Mm,
) -> String {
    let (w, h) = (layout.page.width, layout.page.height);
    let mut s = String::with_capacity(4096);
    header_comment(&mut s);
    document_set(&mut s, &book.meta);
    let _ = writeln!(
        s,
        "#set page(width: {}, height: {h}, margin: 0pt)\n\
         #set par(first-line-indent: 0pt, justify: false, leading: 0.8em)\n\
         #set text({}, tracking: 0pt)",
        Mm(w.0 * 2.0 + spine.0),
        sized_font_args(plan, layout, Role::Body, layout.body_size()),
    );
    let (title, lines) = super::book::cover_words(book);
    // The front: as the book's own cover page, inside its margins.
    let _ = writeln!(
        s,
        "#place(top + left, dx: {dx}, dy: {top}, block(width: {tw}, height: {th}, {{\n  \
         v(25%)\n  align(center, text({title_font})[{title}])\n  v(1fr)\n  align(center, [{lines}])\n  v(10%)\n}}))",
        dx = Mm(w.0 + spine.0 + layout.page.margin_left.0),
        top = layout.page.margin_top,
        tw = layout.page.type_width,
        th = layout.page.type_height,
        title_font = sized_font_args(plan, layout, Role::Title, layout.book.cover_size.pt()),
        title = title.join(" \\\n"),
        lines = lines.join(" \\\n"),
    );
    // The spine: the words top to bottom, a character a line, centred.
    if spine.0 >= MIN_SPINE_WORDS.0 && !cover.spine.is_empty() {
        let size = Pt((spine.to_pt().0 * 0.6).min(layout.font(Role::Heading1).size.pt().0));
        let chars: Vec<String> = cover
            .spine
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match ROTATED.contains(c) {
                // Brackets and dashes turn with the line, as in vertical setting.
                true => format!("rotate(90deg, reflow: true)[#{}]", string(&c.to_string())),
                false => format!("[#{}]", string(&c.to_string())),
            })
            .collect();
        let _ = writeln!(
            s,
            "#place(top + left, dx: {w}, dy: 0pt, box(width: {spine}, height: {h}, align(center + horizon, \
             text({}, stack(dir: ttb, spacing: 0.15em, {})))))",
            sized_font_args(plan, layout, Role::Heading1, size),
            chars.join(", ") + ",",
        );
    }
    // The back: its lines at the foot, inside the mirrored margins.
    if !cover.back.is_empty() {
        let back: Vec<String> = cover
            .back
            .iter()
            .map(|l| format!("#{}", string(l)))
            .collect();
        let _ = writeln!(
            s,
            "#place(top + left, dx: {dx}, dy: {top}, block(width: {tw}, height: {th}, {{\n  \
             v(1fr)\n  align(center, [{back}])\n  v(10%)\n}}))",
            dx = layout.page.margin_right(),
            top = layout.page.margin_top,
            tw = layout.page.type_width,
            th = layout.page.type_height,
            back = back.join(" \\\n"),
        );
    }
    s
}
