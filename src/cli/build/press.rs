//! `gongwen build --print`: the PDF Typst wrote made PDF/X-4 (`gongwen::print`), a bound book
//! padded to whole sheets, and a yearbook's cover sheet as its own PDF.

use gongwen::diag::Diagnostic;
use gongwen::layout::Layout;
use gongwen::print::{Press, finish};
use gongwen::typst::{FontPlan, Fonts};

use super::BuildArgs;

/// `pdf` (of `pages` pages) print-ready; a bound book padded to the layout's multiple. Returns
/// the bytes, the printed page count and what to say about it.
pub fn ready(
    args: &BuildArgs,
    layout: &Layout,
    bound: bool,
    pdf: &[u8],
    pages: usize,
) -> Result<(Vec<u8>, usize, String), Vec<Diagnostic>> {
    let blank = if bound {
        layout.print.padding(pages)
    } else {
        0
    };
    let press = Press {
        bleed: layout.print.bleed,
        blank_pages: blank,
        archive: args.archive.is_some(),
    };
    let printed = finish(pdf, &press).map_err(|e| vec![unfinished(e)])?;
    let mut what = claim(args).to_string();
    if bound {
        let per_sheet = layout.print.pad_to.max(4) as usize;
        what.push_str(&match blank {
            0 => String::new(),
            1 => ", 1 blank page added".into(),
            n => format!(", {n} blank pages added"),
        });
        what.push_str(&format!(
            ": {} sheets of {per_sheet} pages",
            printed.pages.div_ceil(per_sheet)
        ));
    }
    Ok((printed.bytes, printed.pages, what))
}

/// The standards a `--print` PDF claims.
pub fn claim(args: &BuildArgs) -> String {
    match args.archive {
        Some(profile) => format!("PDF/X-4 + {}", profile.claim()),
        None => "PDF/X-4".into(),
    }
}

/// The cover sheet of a book of `pages` printed pages, print-ready: (bytes, what to say).
pub fn cover(
    args: &BuildArgs,
    book: &gongwen::doc::Book,
    cover: &gongwen::doc::Cover,
    layout: &Layout,
    root: &std::path::Path,
    fonts: &Fonts,
    pages: usize,
) -> Result<(Vec<u8>, String), Vec<Diagnostic>> {
    let spine = layout.print.spine(pages);
    let plan = FontPlan::new(layout, fonts)?;
    let source = gongwen::typst::emit_cover(book, cover, layout, &plan, spine);
    let stem = super::stem(&args.report);
    let settings = args.pdf_settings(&format!("{stem}-cover"));
    let pdf = gongwen::typst::compile(
        source,
        &format!("{stem}-cover.typ"),
        root,
        fonts,
        book.meta.date,
        &settings,
    )?;
    let press = Press {
        bleed: cover.bleed,
        blank_pages: 0,
        archive: args.archive.is_some(),
    };
    let printed = finish(&pdf.bytes, &press).map_err(|e| vec![unfinished(e)])?;
    let words = if spine.0 < gongwen::typst::MIN_SPINE_WORDS.0 {
        ", too thin for words"
    } else {
        ""
    };
    let what = format!(
        "cover, {}: spine {:.1} mm for {pages} pages ({} leaves × {}){words}, bleed {}",
        claim(args),
        spine.0,
        pages.div_ceil(2),
        layout.print.paper_thickness,
        cover.bleed
    );
    Ok((printed.bytes, what))
}

fn unfinished(e: String) -> Diagnostic {
    Diagnostic::error(format!("the PDF could not be made print-ready: {e}"))
        .hint("this is gongwen's fault, not the report's: build without --print, and report it")
}
