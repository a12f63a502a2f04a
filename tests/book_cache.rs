//! A yearbook's DOCX after its PDF: the contents' page numbers come from the outlines the last
//! layout left beside the outputs (`OUT/.STEM.gongwen-outlines`) — nothing laid out again, the
//! same DOCX as without them; a damaged file is read as empty; a changed report is laid out
//! again and its new page count shows in the contents.

use std::path::Path;
use std::process::{Command, Output};

use gongwen::typst::TELL_VAR;

use crate::common::*;
use crate::docx_read::*;

/// `gongwen build BOOK -o OUT -q --no-system-fonts WHAT`, telling how many units it lays out.
fn build(book: &Path, out: &Path, what: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["build", book.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .args(["-q", "--no-system-fonts"])
        .args(what)
        .env(TELL_VAR, "1")
        .output()
        .expect("the binary runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    o
}

/// What the build said it laid out: (units laid out, units in the book), once.
fn laid_out(o: &Output) -> (usize, usize) {
    let err = stderr(o);
    let said: Vec<(usize, usize)> = err
        .lines()
        .filter_map(|l| l.strip_prefix("gongwen test: laying out "))
        .filter_map(|l| {
            let (n, m) = l.strip_suffix(" units")?.split_once(" of ")?;
            Some((n.parse().ok()?, m.parse().ok()?))
        })
        .collect();
    assert_eq!(said.len(), 1, "one layout of the units: {err}");
    said[0]
}

/// The contents' entries of a DOCX: (title, page).
fn contents(docx: &Path) -> Vec<(String, String)> {
    let pkg = Package::read(&std::fs::read(docx).unwrap());
    paragraphs(&pkg)
        .iter()
        .filter(|p| p.style.starts_with("TOC"))
        .map(|p| {
            let text = p.text();
            let (title, page) = text.rsplit_once('\t').expect("title, tab, page number");
            (title.to_string(), page.to_string())
        })
        .collect()
}

#[test]
fn a_docx_after_the_pdf_lays_nothing_out_and_is_the_docx_made_without_the_cache() {
    // The sample book's PDF is written page by page; the tables fixture's (charts) may be
    // bound whole first: both keep the outlines.
    for (book, units) in [
        (root().join("data/yearbook.toml"), 6),
        (fixture("yearbook-tables", "yearbook.toml"), 3),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (built, fresh) = (dir.path().join("built"), dir.path().join("fresh"));
        build(&book, &built, &["--pdf", "--manifest"]);
        let file = built.join(".yearbook.gongwen-outlines");
        assert!(file.is_file(), "the outlines are kept beside the PDF");
        let manifest = std::fs::read_to_string(built.join("yearbook.manifest.json")).unwrap();
        assert!(
            !manifest.contains("outlines"),
            "the cache is not an output: {manifest}"
        );
        let o = build(&book, &built, &["--docx"]);
        let why = "the page numbers come from the last layout";
        assert_eq!(laid_out(&o), (0, units), "{why}: {}", book.display());
        let o = build(&book, &fresh, &["--docx"]);
        assert_eq!(laid_out(&o), (units, units), "no cache in a fresh folder");
        let docx = std::fs::read(built.join("yearbook.docx")).unwrap();
        assert!(
            docx == std::fs::read(fresh.join("yearbook.docx")).unwrap(),
            "the DOCX made from the cache differs from the one made without it"
        );
        assert!(contents(&built.join("yearbook.docx")).len() > 3);
    }
}

#[test]
fn a_damaged_or_foreign_outlines_file_is_read_as_empty_and_replaced() {
    let book = fixture("yearbook-tables", "yearbook.toml");
    let dir = tempfile::tempdir().unwrap();
    let (built, fresh) = (dir.path().join("built"), dir.path().join("fresh"));
    build(&book, &built, &["--pdf"]);
    build(&book, &fresh, &["--docx"]);
    let file = built.join(".yearbook.gongwen-outlines");
    let good = std::fs::read_to_string(&file).unwrap();
    // Another binary's, Typst's or fonts' stamp: its first hex digit changed.
    let at = good.find("\"stamp\":\"").unwrap() + "\"stamp\":\"".len();
    let mut foreign = good.clone().into_bytes();
    foreign[at] = if foreign[at] == b'0' { b'1' } else { b'0' };
    for damaged in [
        good.as_bytes()[..good.len() / 2].to_vec(),
        b"\0\x01not json at all".to_vec(),
        Vec::new(),
        foreign,
    ] {
        std::fs::write(&file, &damaged).unwrap();
        let o = build(&book, &built, &["--docx"]);
        assert_eq!(laid_out(&o), (3, 3), "a damaged cache is no cache");
        assert!(
            std::fs::read(built.join("yearbook.docx")).unwrap()
                == std::fs::read(fresh.join("yearbook.docx")).unwrap(),
            "the DOCX differs from the one made without a cache"
        );
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            good,
            "the file is written again"
        );
    }
}

#[test]
fn a_changed_report_is_laid_out_again_and_its_new_page_count_shows_in_the_contents() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["shifan-jiaoyu-2015.toml", "shifan-qu-2015.toml"] {
        std::fs::copy(root().join("data/samples").join(f), dir.path().join(f)).unwrap();
    }
    let book = dir.path().join("yearbook.toml");
    std::fs::write(
        &book,
        "[yearbook]\ntitle = \"汇编\"\noffice = \"示例市人民政府办公室\"\ndate = 2016-04-30\n\n\
         [[part]]\ntitle = \"部门报告\"\nreports = [\"shifan-jiaoyu-2015.toml\", \"shifan-qu-2015.toml\"]\n",
    )
    .unwrap();
    let (built, fresh) = (dir.path().join("built"), dir.path().join("fresh"));
    build(&book, &built, &["--pdf"]);
    build(&book, &built, &["--docx"]);
    let before = contents(&built.join("yearbook.docx"));
    // The first report grows by pages: its opening said forty times.
    let first = dir.path().join("shifan-jiaoyu-2015.toml");
    let text = std::fs::read_to_string(&first).unwrap();
    let (head, rest) = text.split_once("[opening]\ntext = '''\n").unwrap();
    let (opening, tail) = rest.split_once("'''").unwrap();
    let longer = opening.trim_end().repeat(40);
    std::fs::write(
        &first,
        format!("{head}[opening]\ntext = '''\n{longer}\n'''{tail}"),
    )
    .unwrap();
    let o = build(&book, &built, &["--docx"]);
    assert_eq!(laid_out(&o), (1, 3), "only the changed report");
    let after = contents(&built.join("yearbook.docx"));
    build(&book, &fresh, &["--docx"]);
    assert_eq!(after, contents(&fresh.join("yearbook.docx")));
    let second = |c: &[(String, String)]| {
        c.iter()
            .find(|(t, _)| t.starts_with("示例区2015年"))
            .map(|(_, p)| p.clone())
            .expect("the second report is in the contents")
    };
    assert_ne!(
        second(&before),
        second(&after),
        "the second report starts later: {before:?} / {after:?}"
    );
    assert!(
        std::fs::read(built.join("yearbook.docx")).unwrap()
            == std::fs::read(fresh.join("yearbook.docx")).unwrap()
    );
}
