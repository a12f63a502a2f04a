//! Yearbooks: one PDF and one DOCX for many reports — odd-page starts, blank left-hand pages
//! empty and unnumbered, continuous page numbers, a contents page with the right numbers,
//! nested bookmarks, numbering restarting in every report, byte-identical rebuilds, and one
//! clear error for each way a yearbook can be wrong.

use std::path::Path;

use crate::common::*;
use gongwen::typst::{FontPlan, PdfSettings};

fn yearbook() -> std::path::PathBuf {
    root().join("data/yearbook.toml")
}

/// The yearbook's PDF as `build` makes it: laid out report by report and bound.
pub(crate) fn book_pdf(path: &Path) -> Vec<u8> {
    let b =
        gongwen::book::load(path).unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)));
    let plan = FontPlan::new(&b.layout, fonts()).unwrap();
    gongwen::typst::lay_out_book(
        &b.book,
        &b.layout,
        &plan,
        &b.root,
        fonts(),
        b.book.meta.date,
        None,
    )
    .and_then(|laid| laid.pdf(b.book.meta.date, &settings()))
    .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)))
    .bytes
}

fn settings() -> PdfSettings {
    PdfSettings {
        profile: Default::default(),
        ident: "yearbook".into(),
    }
}

/// The yearbook's PDF from its whole source in one Typst compile (what --emit-typst writes).
fn whole_book_pdf(path: &Path) -> gongwen::typst::Pdf {
    let b =
        gongwen::book::load(path).unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)));
    let plan = FontPlan::new(&b.layout, fonts()).unwrap();
    let source = gongwen::typst::emit_book(&b.book, &b.layout, &plan);
    gongwen::typst::compile(
        source,
        "yearbook.typ",
        &b.root,
        fonts(),
        b.book.meta.date,
        &settings(),
    )
    .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)))
}

#[test]
fn a_book_laid_out_report_by_report_has_the_pages_of_its_whole_source() {
    for path in [yearbook(), fixture("yearbook-tables", "yearbook.toml")] {
        let whole = whole_book_pdf(&path);
        let b = gongwen::book::load(&path).unwrap();
        let plan = FontPlan::new(&b.layout, fonts()).unwrap();
        let laid = gongwen::typst::lay_out_book(
            &b.book,
            &b.layout,
            &plan,
            &b.root,
            fonts(),
            b.book.meta.date,
            None,
        )
        .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)));
        assert_eq!(
            laid.outline,
            whole.outline,
            "{}: the contents' pages",
            path.display()
        );
        let bound = laid.pdf(b.book.meta.date, &settings()).unwrap();
        assert_eq!(bound.pages, whole.pages, "{}", path.display());
        assert_eq!(
            pages(&bound.bytes),
            pages(&whole.bytes),
            "{}: the pages' text",
            path.display()
        );
        let marks = pdf_bookmarks(&bound.bytes);
        assert!(
            marks.len() > 10 && marks.iter().all(|m| m.2 > 0),
            "{}: bookmarks with their pages: {marks:?}",
            path.display()
        );
        assert_eq!(
            marks,
            pdf_bookmarks(&whole.bytes),
            "{}: the bookmarks and where they lead",
            path.display()
        );
    }
}

#[test]
fn two_parts_of_one_title_keep_their_own_bookmarks_and_contents_lines() {
    // Their title pages are the same source: laid out once each, they must not share an
    // element's place in the bound book.
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "samples/shifan-jiaoyu-2015.toml",
        "samples/shifan-qu-2015.toml",
    ] {
        let name = Path::new(f).file_name().unwrap();
        std::fs::copy(root().join("data").join(f), dir.path().join(name)).unwrap();
    }
    let book = dir.path().join("yearbook.toml");
    std::fs::write(
        &book,
        "[yearbook]\ntitle = \"汇编\"\noffice = \"示例市人民政府办公室\"\n\n\
         [[part]]\ntitle = \"部门报告\"\nreports = [\"shifan-jiaoyu-2015.toml\"]\n\n\
         [[part]]\ntitle = \"部门报告\"\nreports = [\"shifan-qu-2015.toml\"]\n",
    )
    .unwrap();
    let whole = whole_book_pdf(&book);
    let bound = book_pdf(&book);
    let marks = pdf_bookmarks(&bound);
    assert_eq!(marks.iter().filter(|m| m.0 == 0).count(), 2, "{marks:?}");
    assert_eq!(marks, pdf_bookmarks(&whole.bytes));
    assert_eq!(pages(&bound), pages(&whole.bytes));
}

/// Every bookmark of a PDF: (depth, title, page index, top).
/// Where an outline item or a link annotation leads: the number of its page (0 when none) and
/// the height on it, from its destination, direct, named by reference or in a GoTo action.
pub(crate) fn destination(
    doc: &lopdf::Document,
    item: &lopdf::Dictionary,
    pages: &std::collections::HashMap<lopdf::ObjectId, usize>,
) -> (usize, f32) {
    let dest = item
        .get(b"Dest")
        .or_else(|_| {
            item.get(b"A")
                .and_then(|a| a.as_dict())
                .and_then(|a| a.get(b"D"))
        })
        .and_then(|d| match d.as_reference() {
            Ok(r) => doc.get_object(r),
            Err(_) => Ok(d),
        })
        .and_then(|d| d.as_array())
        .cloned()
        .unwrap_or_default();
    let page = dest
        .first()
        .and_then(|p| p.as_reference().ok())
        .and_then(|r| pages.get(&r).copied())
        .unwrap_or(0);
    let top = dest.get(3).and_then(|y| y.as_float().ok()).unwrap_or(0.0);
    (page, top)
}

pub(crate) fn pdf_bookmarks(pdf: &[u8]) -> Vec<(usize, String, usize, i64)> {
    let doc = lopdf::Document::load_mem(pdf).expect("a PDF");
    let mut out = Vec::new();
    let pages: std::collections::HashMap<lopdf::ObjectId, usize> = doc
        .get_pages()
        .into_iter()
        .map(|(n, id)| (id, n as usize))
        .collect();
    let catalog = doc.catalog().unwrap();
    let Ok(outlines) = catalog.get(b"Outlines").and_then(|o| o.as_reference()) else {
        return out;
    };
    fn walk(
        doc: &lopdf::Document,
        first: Option<lopdf::ObjectId>,
        depth: usize,
        pages: &std::collections::HashMap<lopdf::ObjectId, usize>,
        out: &mut Vec<(usize, String, usize, i64)>,
    ) {
        let mut next = first;
        while let Some(id) = next {
            let item = doc.get_dictionary(id).unwrap();
            let title = item
                .get(b"Title")
                .ok()
                .and_then(|t| lopdf::decode_text_string(t).ok())
                .unwrap_or_default();
            let (page, top) = destination(doc, item, pages);
            out.push((depth, title, page, (top * 10.0).round() as i64));
            walk(
                doc,
                item.get(b"First").and_then(|f| f.as_reference()).ok(),
                depth + 1,
                pages,
                out,
            );
            next = item.get(b"Next").and_then(|n| n.as_reference()).ok();
        }
    }
    let root = doc.get_dictionary(outlines).unwrap();
    walk(
        &doc,
        root.get(b"First").and_then(|f| f.as_reference()).ok(),
        0,
        &pages,
        &mut out,
    );
    out
}

#[test]
fn reports_start_on_odd_pages_blank_pages_are_empty_and_numbers_run_on() {
    let b = gongwen::book::load(&yearbook()).unwrap();
    let pages = pages(&book_pdf(&yearbook()));
    let mut first_numbered = None;
    for (i, page) in pages.iter().enumerate() {
        let physical = i + 1;
        match printed_number(page) {
            Some(n) => {
                let offset = *first_numbered.get_or_insert(physical as i64 - n as i64);
                assert_eq!(
                    physical as i64 - n as i64,
                    offset,
                    "page {physical}: numbers run on without a gap"
                );
                assert_eq!(
                    n % 2,
                    physical as u32 % 2,
                    "page {physical}: odd numbers on right-hand pages"
                );
            }
            None => {
                // Unnumbered: the cover, the contents, or a blank left-hand page that is empty.
                assert!(
                    first_numbered.is_none() || page.is_empty(),
                    "page {physical} is unnumbered but not empty: {page}"
                );
                if page.is_empty() {
                    assert_eq!(physical % 2, 0, "a blank page is a left-hand page");
                }
            }
        }
    }
    // Every report opens on a right-hand page with its title.
    for report in b.book.parts.iter().flat_map(|p| &p.reports) {
        let title: String = report.title.concat();
        let at = pages
            .iter()
            .position(|p| printed_number(p).is_some() && p.starts_with(&title))
            .unwrap_or_else(|| panic!("{title} is not in the book"));
        assert_eq!(
            (at + 1) % 2,
            1,
            "{title} starts on page {}, a left-hand page",
            at + 1
        );
    }
}

#[test]
fn the_contents_page_gives_the_page_each_report_starts_on() {
    let b = gongwen::book::load(&yearbook()).unwrap();
    let pages = pages(&book_pdf(&yearbook()));
    let contents: String = pages
        .iter()
        .take_while(|p| printed_number(p).is_none())
        .cloned()
        .collect();
    for report in b.book.parts.iter().flat_map(|p| &p.reports) {
        let title = report.title.concat();
        // In the contents: the title, dot leaders, the number.
        let after = &contents[contents
            .find(&title)
            .unwrap_or_else(|| panic!("{title} not in the contents"))
            + title.len()..];
        let digits: String = after
            .trim_start_matches(['.', '…', '\u{2060}'])
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let listed: u32 = digits
            .parse()
            .unwrap_or_else(|_| panic!("no page number after {title}: {after:.40}"));
        // Its first page (later ones start with the running header, the same words).
        let first = pages
            .iter()
            .position(|p| printed_number(p).is_some() && p.starts_with(&title))
            .unwrap_or_else(|| panic!("{title} has no first page"));
        // The report's first page carries its own number in the footer.
        assert_eq!(printed_number(&pages[first]), Some(listed), "{title}");
    }
}

#[test]
fn bookmarks_nest_part_report_section() {
    let doc = lopdf::Document::load_mem(&book_pdf(&yearbook())).unwrap();
    let toc = doc.get_toc().unwrap().toc;
    let titles: Vec<(usize, &str)> = toc.iter().map(|t| (t.level, t.title.as_str())).collect();
    assert!(titles.contains(&(1, "市级报告")), "{titles:?}");
    assert!(
        titles.contains(&(2, "新乡市2015年政府信息公开工作年度报告")),
        "{titles:?}"
    );
    assert!(titles.contains(&(3, "一、基本情况概述")), "{titles:?}");
    assert!(
        titles.contains(&(4, "（一）加强谋划，着力推动信息公开整体工作向前发展。")),
        "{titles:?}"
    );
    // 一、 restarts in every report.
    assert_eq!(
        titles
            .iter()
            .filter(|(l, t)| *l == 3 && t.starts_with("一、"))
            .count(),
        3,
        "{titles:?}"
    );
}

#[test]
fn the_docx_gives_every_report_its_own_count_and_a_contents_field() {
    use std::io::Read;
    let b = gongwen::book::load(&yearbook()).unwrap();
    let bytes = gongwen::docx::render_book(&b.book, &b.layout, &[]).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut read = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let numbering = read("word/numbering.xml");
    let document = read("word/document.xml");
    let settings = read("word/settings.xml");
    let reports = b.book.parts.iter().map(|p| p.reports.len()).sum::<usize>();
    // One list instance per report, the later ones restarting at 1.
    assert_eq!(
        numbering.matches("<w:startOverride w:val=\"1\"").count(),
        (reports - 1) * 4
    );
    for id in 3..2 + reports {
        assert!(
            document.contains(&format!("<w:numId w:val=\"{id}\"")),
            "report list {id} is used"
        );
    }
    assert!(document.contains("TOC \\h \\z \\t"), "a contents field");
    assert!(
        settings.contains("<w:updateFields w:val=\"true\""),
        "Word updates it on open"
    );
    assert_eq!(
        document.matches("<w:type w:val=\"oddPage\"").count(),
        1 + 1 + 2 + reports,
        "sections start on odd pages"
    );
}

#[test]
fn two_builds_of_a_yearbook_are_byte_identical_with_their_manifest() {
    let out = |name: &str| {
        std::env::temp_dir().join(format!("gongwen-book-{}-{name}", std::process::id()))
    };
    for dir in ["a", "b"] {
        let o = gongwen(&[
            "build",
            yearbook().to_str().unwrap(),
            "--archive",
            "--no-system-fonts",
            "-q",
            "-o",
            out(dir).to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    for file in ["yearbook.pdf", "yearbook.docx", "yearbook.manifest.json"] {
        let a = std::fs::read(out("a").join(file)).unwrap();
        assert!(
            a == std::fs::read(out("b").join(file)).unwrap(),
            "{file} differs between two builds"
        );
    }
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out("a").join("yearbook.manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["standard"], "PDF/A-2b");
    assert_eq!(
        manifest["inputs"].as_array().unwrap().len(),
        4,
        "the yearbook and its three reports"
    );
    let pdf = &manifest["outputs"][0];
    assert_eq!(pdf["path"], "yearbook.pdf");
    assert_eq!(
        pdf["sha256"],
        gongwen::manifest::sha256(&std::fs::read(out("a").join("yearbook.pdf")).unwrap())
    );
    assert!(
        pdf["fonts_embedded"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "FandolFang-Regular")
    );
}

#[test]
fn a_wrong_yearbook_gets_one_clear_error_naming_the_file() {
    let cases = [
        (
            "missing.yearbook.toml",
            "no-such.toml not found",
            "missing.yearbook.toml:7:",
        ),
        (
            "duplicate.yearbook.toml",
            "is listed twice",
            "duplicate.yearbook.toml:11:",
        ),
        (
            "itself.yearbook.toml",
            "the yearbook includes itself",
            "itself.yearbook.toml:7:",
        ),
        (
            "layouts.yearbook.toml",
            "do not share a page",
            "other-layout.toml",
        ),
        (
            "failing.yearbook.toml",
            "unknown field `bogus`",
            "broken.toml does not build",
        ),
    ];
    for (file, message, place) in cases {
        let out =
            std::env::temp_dir().join(format!("gongwen-bad-book-{}-{file}", std::process::id()));
        let o = gongwen(&[
            "build",
            fixture("yearbook-bad", file).to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{file}: {err}");
        assert!(
            err.contains(message) && err.contains(place),
            "{file}: want {message:?} and {place:?} in\n{err}"
        );
        assert!(!out.exists(), "{file}: nothing written");
    }
}

#[test]
fn a_yearbook_binds_reports_with_tables_and_charts() {
    let out = std::env::temp_dir().join(format!("gongwen-book-tables-{}", std::process::id()));
    let book = fixture("yearbook-tables", "yearbook.toml");
    let o = gongwen(&[
        "build",
        book.to_str().unwrap(),
        "--no-system-fonts",
        "-q",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = normalize(&pdf_text(&std::fs::read(out.join("yearbook.pdf")).unwrap()));
    assert!(
        text.contains("表1") && text.contains("图1"),
        "captions numbered in the book's PDF"
    );
    use std::io::Read;
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(out.join("yearbook.docx")).unwrap()).unwrap();
    let mut document = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut document)
        .unwrap();
    assert!(
        document.contains("<w:tbl>") && document.contains("<w:drawing>"),
        "a Word table and a chart picture"
    );
    assert!(
        zip.file_names().any(|n| n.starts_with("word/media/")),
        "the chart's PNG is in the package"
    );
}
