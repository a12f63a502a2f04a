//! The yearbook's DOCX: running headers with each report's title (none on a report's first
//! page, none on the front matter), and a contents field pre-filled in Word's TOC 1–3 styles
//! with a right tab, dot leaders and the page numbers the PDF prints.

use gongwen::typst::{FontPlan, PdfSettings};
use roxmltree::Node;

use crate::common::*;
use crate::docx_read::*;

const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The yearbook, its PDF (compiled here) and its DOCX made from the PDF's outline.
fn book() -> (gongwen::book::BookProject, gongwen::typst::Pdf, Package) {
    let b = gongwen::book::load(&root().join("data/yearbook.toml"))
        .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)));
    let plan = FontPlan::new(&b.layout, fonts()).unwrap();
    let source = gongwen::typst::emit_book(&b.book, &b.layout, &plan);
    let settings = PdfSettings {
        profile: Default::default(),
        ident: "yearbook".into(),
    };
    let pdf = gongwen::typst::compile(
        source,
        "yearbook.typ",
        &b.root,
        fonts(),
        b.book.meta.date,
        &settings,
    )
    .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)));
    let docx = gongwen::docx::render_book(&b.book, &b.layout, &pdf.outline)
        .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)));
    (b, pdf, Package::read(&docx))
}

/// The section properties of the document, in order (paragraph-level ones, then the body's).
fn sections<'a, 'i>(doc: &'a roxmltree::Document<'i>) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == "sectPr")
        .collect()
}

/// The relationship id of the header reference of `kind` in `sect`.
fn header<'a>(sect: Node<'a, '_>, kind: &str) -> Option<&'a str> {
    sect.children()
        .find(|c| c.tag_name().name() == "headerReference" && attr(*c, "type") == Some(kind))
        .and_then(|c| c.attribute((R, "id")))
}

/// The text of the header part a relationship id names.
fn header_text(pkg: &Package, rid: &str) -> String {
    let rels = pkg.xml("word/_rels/document.xml.rels");
    let target = rels
        .root_element()
        .children()
        .find(|r| r.attribute("Id") == Some(rid))
        .and_then(|r| r.attribute("Target"))
        .unwrap_or_else(|| panic!("no relationship {rid}"));
    let part = pkg.xml(&format!("word/{target}"));
    part.descendants()
        .filter(|n| n.tag_name().name() == "t")
        .filter_map(|n| n.text())
        .collect()
}

#[test]
fn every_report_has_a_running_header_with_its_title_but_not_on_its_first_page() {
    let (b, _, pkg) = book();
    let doc = pkg.xml("word/document.xml");
    let sects = sections(&doc);
    let reports: Vec<String> = b
        .book
        .parts
        .iter()
        .flat_map(|p| &p.reports)
        .map(|r| r.title.concat())
        .collect();
    // Cover, contents, preface, each part: empty headers; each report: its title.
    let mut titled = Vec::new();
    for s in &sects {
        let default = header(*s, "default").expect("every section names its header");
        let even = header(*s, "even").expect("and its even pages' header");
        let first = header(*s, "first").expect("and its first page's");
        assert_eq!(
            header_text(&pkg, default),
            header_text(&pkg, even),
            "odd and even pages carry the same header"
        );
        assert!(child(*s, "titlePg").is_some(), "the first page has its own");
        assert_eq!(
            header_text(&pkg, first),
            "",
            "no header on a section's first page"
        );
        let text = header_text(&pkg, default);
        if !text.is_empty() {
            titled.push(text);
        }
    }
    assert_eq!(titled, reports);
    assert_eq!(sects.len(), 2 + 1 + b.book.parts.len() + reports.len());
    // A report's first page keeps its page number: the first-page footer is the odd pages'.
    for s in sects.iter().filter(|s| {
        s.children()
            .any(|c| c.tag_name().name() == "footerReference")
    }) {
        let footer = |kind: &str| {
            s.children()
                .find(|c| {
                    c.tag_name().name() == "footerReference" && attr(*c, "type") == Some(kind)
                })
                .and_then(|c| c.attribute((R, "id")))
        };
        assert_eq!(footer("first"), footer("default"));
    }
    // The header style: centred, over a rule.
    let styles = pkg.xml("word/styles.xml");
    let h = style(&styles, "Header");
    assert_eq!(val(h, &["pPr", "jc"]), Some("center"));
    assert_eq!(val(h, &["pPr", "pBdr", "bottom"]), Some("single"));
}

#[test]
fn the_contents_are_in_toc_styles_with_leaders_and_the_pdfs_page_numbers() {
    let (b, pdf, pkg) = book();
    let width = {
        let l = &b.layout.page;
        l.width.twips() - l.margin_left.twips() - l.margin_right().twips()
    };
    let styles = pkg.xml("word/styles.xml");
    for level in 1..=3 {
        let s = style(&styles, &format!("TOC{level}"));
        assert_eq!(val(s, &["name"]), Some(format!("toc {level}").as_str()));
        let tab = path(s, &["pPr", "tabs", "tab"]).expect("a tab stop");
        assert_eq!(attr(tab, "val"), Some("right"));
        assert_eq!(attr(tab, "leader"), Some("dot"));
        assert_eq!(num(attr(tab, "pos")), i64::from(width));
    }

    let paras = paragraphs(&pkg);
    let entries: Vec<&Para> = paras
        .iter()
        .filter(|p| p.style.starts_with("TOC"))
        .collect();
    assert!(entries.len() > 10, "{} entries", entries.len());
    let pages = pages(&pdf.bytes);
    let mut reports = 0;
    for e in &entries {
        let text = e.text();
        let (title, page) = text.rsplit_once('\t').expect("title, tab, page number");
        let page: u64 = page.parse().unwrap_or_else(|_| panic!("{text:?}"));
        // The PDF's page printed `page` holds the entry (a report, part or heading starts there).
        let on = pages
            .iter()
            .find(|p| printed_number(p) == Some(page as u32))
            .unwrap_or_else(|| panic!("no page {page} in the PDF"));
        assert!(
            on.contains(title),
            "{title} is not on the PDF's page {page}"
        );
        if e.style == "TOC2" {
            reports += 1;
        }
    }
    assert_eq!(
        reports,
        b.book.parts.iter().map(|p| p.reports.len()).sum::<usize>()
    );
    // The field stays: Word updates it on opening.
    let doc = pkg.part("word/document.xml");
    assert!(doc.contains("TOC \\h \\z \\t"));
    assert!(
        pkg.part("word/settings.xml")
            .contains("<w:updateFields w:val=\"true\"")
    );
    // The preface's title has the look of a report's title, listed at level 1.
    let front = paras.iter().find(|p| p.text() == "前言").expect("前言");
    assert_eq!(front.style, "FrontTitle");
    assert_eq!(
        val(style(&styles, "FrontTitle"), &["basedOn"]),
        Some("Title")
    );
}

#[test]
fn without_a_pdf_the_contents_list_the_entries_without_numbers() {
    let b = gongwen::book::load(&root().join("data/yearbook.toml")).unwrap();
    let pkg = Package::read(&gongwen::docx::render_book(&b.book, &b.layout, &[]).unwrap());
    let entries: Vec<Para> = paragraphs(&pkg)
        .into_iter()
        .filter(|p| p.style.starts_with("TOC"))
        .collect();
    assert!(!entries.is_empty());
    assert!(entries.iter().all(|p| !p.text().contains('\t')));
}

#[test]
fn build_docx_alone_still_fills_in_the_pdfs_page_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let yearbook = root().join("data/yearbook.toml");
    let o = gongwen(&[
        "build",
        yearbook.to_str().unwrap(),
        "--docx",
        "-q",
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert!(
        o.status.success() || o.status.code() == Some(1),
        "{}",
        stderr(&o)
    );
    assert!(
        !dir.path().join("yearbook.pdf").exists(),
        "the PDF is laid out, not written"
    );
    let pkg = Package::read(&std::fs::read(dir.path().join("yearbook.docx")).unwrap());
    let first = paragraphs(&pkg)
        .into_iter()
        .find(|p| p.style == "TOC1")
        .expect("a contents entry");
    assert_eq!(first.text(), "前言\t1");
}
