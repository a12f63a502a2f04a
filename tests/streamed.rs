//! A yearbook's PDF written page by page while it is laid out (`typst::write_book`): the same
//! pages, bookmarks and links as the book bound whole and written by typst-pdf, a contents
//! longer than one piece of the front matter included, and the profiles it leaves to typst-pdf.

use std::path::{Path, PathBuf};

use crate::book::{destination, pdf_bookmarks};
use crate::common::*;
use gongwen::typst::{FontPlan, PdfSettings, Profile};

fn settings(profile: Profile) -> PdfSettings {
    PdfSettings {
        profile,
        ident: "yearbook".into(),
    }
}

/// The book at `path` written page by page (`None`: left to typst-pdf), and bound whole.
fn both(path: &Path, profile: Profile) -> (Option<gongwen::typst::Pdf>, gongwen::typst::Pdf) {
    let b =
        gongwen::book::load(path).unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)));
    let plan = FontPlan::new(&b.layout, fonts()).unwrap();
    let date = b.book.meta.date;
    let (book, layout, root) = (&b.book, &b.layout, &b.root);
    let streamed = gongwen::typst::write_book(
        book,
        layout,
        &plan,
        root,
        fonts(),
        date,
        &settings(profile),
        None,
    )
    .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)));
    let whole = gongwen::typst::lay_out_book(book, layout, &plan, root, fonts(), date, None)
        .unwrap()
        .pdf(date, &settings(profile))
        .unwrap();
    (streamed, whole)
}

/// Every link: (its page, the page it leads to, the height it leads to, in whole points).
fn links(pdf: &[u8]) -> Vec<(usize, usize, i64)> {
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF");
    let pages = doc.get_pages();
    let number: std::collections::HashMap<lopdf::ObjectId, usize> =
        pages.iter().map(|(n, id)| (*id, *n as usize)).collect();
    let mut out = Vec::new();
    for (n, id) in &pages {
        for annot in doc.get_page_annotations(*id).unwrap_or_default() {
            let (to, y) = destination(&doc, annot, &number);
            out.push((*n as usize, to, y.round() as i64));
        }
    }
    out
}

fn assert_same(path: &Path, streamed: &gongwen::typst::Pdf, whole: &gongwen::typst::Pdf) {
    let p = path.display();
    assert_eq!(streamed.pages, whole.pages, "{p}: page count");
    assert_eq!(streamed.outline, whole.outline, "{p}: the contents' pages");
    assert_eq!(
        pages(&streamed.bytes),
        pages(&whole.bytes),
        "{p}: the pages' text"
    );
    let marks = pdf_bookmarks(&streamed.bytes);
    assert!(marks.len() > 3, "{p}: bookmarks {marks:?}");
    assert_eq!(
        marks,
        pdf_bookmarks(&whole.bytes),
        "{p}: bookmarks and where they lead"
    );
    let to = links(&streamed.bytes);
    assert!(
        !to.is_empty() && to.iter().all(|l| l.1 > 0),
        "{p}: every contents line links to a page: {to:?}"
    );
    assert_eq!(to, links(&whole.bytes), "{p}: the contents' links");
}

#[test]
fn a_book_written_page_by_page_has_the_pages_of_the_book_bound_whole() {
    for path in [
        root().join("data/yearbook.toml"),
        fixture("yearbook-tables", "yearbook.toml"),
    ] {
        let (streamed, whole) = both(&path, Profile::PdfA2b);
        let streamed = streamed.expect("the book is drawn page by page");
        assert_same(&path, &streamed, &whole);
        // The front matter was drawn last and moved first: the cover is page 1.
        assert!(
            pages(&streamed.bytes)[0].contains("汇编"),
            "{}",
            path.display()
        );
    }
}

/// A book of `n` reports, each of `sections` headings: a contents of n × (sections + 1) lines.
fn many_headings(dir: &Path, n: usize, sections: usize) -> PathBuf {
    let mut reports = Vec::new();
    for i in 0..n {
        let mut s = format!(
            "[report]\ntitle = \"示例市第{i}局2015年政府信息公开工作年度报告\"\noffice = \"示例市第{i}局\"\n\
             period = {{ from = 2015-01-01, to = 2015-12-31 }}\ndate = 2016-03-28\n\n\
             [opening]\ntext = '''\n本报告依据条例编制。\n'''\n"
        );
        for k in 0..sections {
            s.push_str(&format!(
                "\n[[section]]\ntitle = \"第{k}项工作情况\"\ntext = '''\n本项工作按计划完成。\n'''\n"
            ));
        }
        s.push_str("\n[closing]\nsignature = \"示例市人民政府\"\n");
        let name = format!("r{i:03}.toml");
        std::fs::write(dir.join(&name), s).unwrap();
        reports.push(format!("\"{name}\""));
    }
    let book = dir.join("yearbook.toml");
    std::fs::write(
        &book,
        format!(
            "[yearbook]\ntitle = \"汇编\"\noffice = \"示例市人民政府办公室\"\n\n\
             [[part]]\ntitle = \"部门报告\"\nreports = [{}]\n",
            reports.join(", ")
        ),
    )
    .unwrap();
    book
}

#[test]
fn a_contents_longer_than_a_piece_of_the_front_matter_is_whole_and_in_order() {
    // 24 reports of 30 headings: 745 contents lines, more than the 600 of a piece, so the
    // front matter is laid out in two pieces, the first piece's last page laid out again.
    let dir = tempfile::tempdir().unwrap();
    let path = many_headings(dir.path(), 24, 30);
    let (streamed, whole) = both(&path, Profile::Plain);
    let streamed = streamed.expect("the book is drawn page by page");
    assert!(whole.outline.len() > 700, "{} lines", whole.outline.len());
    assert_same(&path, &streamed, &whole);
}

#[test]
fn an_accessible_book_is_left_to_typst_pdf_for_its_tags() {
    let path = root().join("data/yearbook.toml");
    let (streamed, whole) = both(&path, Profile::PdfA2bUa1);
    assert!(
        streamed.is_none(),
        "PDF/UA needs tags: typst-pdf writes the book"
    );
    assert!(String::from_utf8_lossy(&whole.bytes).contains("/StructTreeRoot"));
}
