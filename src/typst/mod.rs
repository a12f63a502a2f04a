//! The PDF backend: Typst source from the document tree, compiled in-process. Typst's types
//! stay inside this module.

mod book;
mod bound;
mod chart;
mod compile;
mod cover;
mod draw;
mod drawing;
pub mod escape;
pub mod fonts;
mod grid;
mod outlines;
mod source;
mod streamed;
mod table;
mod world;

pub use book::emit_book;
pub use bound::{LaidBook, UnitCache, book_outline, lay_out_book};
pub use chart::draw_pictures;
pub use compile::{Laid, Pdf, PdfSettings, Profile, compile};
pub use cover::{MIN_SPINE_WORDS, emit_cover};
pub use fonts::{
    FontOptions, FontOrigin, FontPlan, Fonts, Missing, Place, describe, missing_glyphs, origin_of,
};
pub use outlines::{
    TELL_VAR, file_for as outlines_file, keep_in as keep_outlines_in, save as save_outlines,
};
pub use source::emit;
pub use streamed::write_book;

/// Drops what Typst's incremental caches hold beyond the last few builds; `watch` calls it
/// after each rebuild so memory stays bounded while the caches stay warm.
pub fn trim_caches() {
    ::typst::comemo::evict(10);
}
