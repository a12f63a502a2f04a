//! Helpers shared by the DOCX import tests: a DOCX edited as Word would save it, read back, rebuilt.

use std::io::{Cursor, Read, Write};

use gongwen::builder::Project;
use gongwen::import::docx::{self, Imported, Limits};
use gongwen::import::{onto, to_toml};
use zip::write::SimpleFileOptions;

use crate::common::*;

/// The parts of a zip, in order.
pub(crate) fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().to_string(), b)
        })
        .collect()
}

/// Zips `parts` as they are.
pub(crate) fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        w.start_file(name.as_str(), options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The DOCX with part `part` rewritten by `edit`, as an editor's word processor would save it.
pub(crate) fn edit_part(docx: &[u8], part: &str, edit: impl FnOnce(&mut String)) -> Vec<u8> {
    let mut parts = unzip(docx);
    let (_, bytes) = parts
        .iter_mut()
        .find(|(n, _)| n == part)
        .unwrap_or_else(|| panic!("no {part}"));
    let mut text = String::from_utf8(std::mem::take(bytes)).unwrap();
    edit(&mut text);
    *bytes = text.into_bytes();
    zip_parts(&parts)
}

/// Rewrites `word/document.xml`.
pub(crate) fn edit_document(docx: &[u8], edit: impl FnOnce(&mut String)) -> Vec<u8> {
    edit_part(docx, "word/document.xml", edit)
}

/// The start of the `w:p` element whose text holds `words`.
pub(crate) fn para_start(xml: &str, words: &str) -> usize {
    let at = xml
        .find(words)
        .unwrap_or_else(|| panic!("`{words}` is not in the document"));
    xml[..at].rfind("<w:p ").expect("a paragraph holds it")
}

/// The byte range of the whole `w:p` element whose text holds `words`.
pub(crate) fn para_range(xml: &str, words: &str) -> std::ops::Range<usize> {
    let start = para_start(xml, words);
    let end = start + xml[start..].find("</w:p>").unwrap() + "</w:p>".len();
    start..end
}

pub(crate) fn import(bytes: &[u8]) -> Imported {
    docx::read("edited.docx", bytes, Limits::DEFAULT)
        .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&[d])))
}

/// Builds the imported outline written as a fresh report definition.
pub(crate) fn rebuilt(imported: &Imported) -> (String, Project) {
    let toml = to_toml(&imported.outline, "test");
    let p = project_from(&toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
    (toml, p)
}

/// Builds the imported outline brought onto the definition of `base`.
pub(crate) fn rebuilt_onto(base: &Project, imported: &Imported) -> (String, Project) {
    let (toml, warnings) = onto::onto(&base.file, &imported.outline)
        .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&[d])));
    // Notes (charts and the form kept from the definition) are not warnings.
    let warnings: Vec<_> = warnings
        .into_iter()
        .filter(|d| d.severity != gongwen::diag::Severity::Note)
        .collect();
    assert!(
        warnings.is_empty(),
        "{}",
        gongwen::diag::render_plain(&warnings)
    );
    let p = project_from(&toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
    (toml, p)
}

/// Every heading as printed (number and title).
pub(crate) fn headings(p: &Project) -> Vec<String> {
    p.doc.headings().map(|h| h.text()).collect()
}

/// Every text with the level whose font prints it.
pub(crate) fn texts(p: &Project) -> Vec<(u8, String)> {
    p.doc
        .texts()
        .into_iter()
        .map(|(l, t, _)| (l, t.to_string()))
        .collect()
}

/// Asserts that two projects print the same document: title, office, headings, texts,
/// signature, and the same PDF text. (Not the period, which a DOCX does not carry.)
pub(crate) fn assert_same_document(got: &Project, want: &Project, pdf_too: bool) {
    assert_eq!(got.doc.title, want.doc.title);
    assert_eq!(got.doc.meta.author, want.doc.meta.author);
    assert_eq!(headings(got), headings(want));
    assert_eq!(texts(got), texts(want));
    for (a, b) in got.layout.numbering.iter().zip(&want.layout.numbering) {
        assert_eq!(a.format(1), b.format(1));
    }
    if pdf_too {
        assert_eq!(
            normalize(&pdf_text(&pdf(got))),
            normalize(&pdf_text(&pdf(want)))
        );
    }
}

/// The all-levels fixture report.
pub(crate) fn all_levels() -> Project {
    project(&fixture("all-levels", "report.toml"))
}

/// The table example with its charts drawn (the DOCX needs their pictures).
pub(crate) fn example_tables() -> Project {
    let mut p = project(&root().join("data/example-tables.toml"));
    let plan = gongwen::typst::FontPlan::new(&p.layout, fonts()).unwrap();
    gongwen::typst::draw_pictures(&mut p.doc, &p.layout, &plan, fonts()).unwrap();
    p
}
