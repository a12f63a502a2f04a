//! `gongwen import EDITED.docx`: a gongwen DOCX read back into the same report; an editor's
//! changes (made here by rewriting the XML inside the zip, as Word would save them) brought onto
//! the original definition; tracked changes accepted; LibreOffice's re-save; bad input refused.

use std::io::{Cursor, Read, Write};
use std::path::Path;

use gongwen::build::Project;
use gongwen::import::docx::{self, Imported, Limits};
use gongwen::import::{onto, to_toml};
use zip::write::SimpleFileOptions;

use crate::common::*;
use crate::docx::render;
use crate::libreoffice::{have, run};

// ---------------------------------------------------------------------------------------------
// Helpers.

/// The parts of a zip, in order.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
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
fn zip_parts(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        w.start_file(name.as_str(), options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The DOCX with part `part` rewritten by `edit`, as an editor's word processor would save it.
fn edit_part(docx: &[u8], part: &str, edit: impl FnOnce(&mut String)) -> Vec<u8> {
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
fn edit_document(docx: &[u8], edit: impl FnOnce(&mut String)) -> Vec<u8> {
    edit_part(docx, "word/document.xml", edit)
}

/// The start of the `w:p` element whose text holds `words`.
fn para_start(xml: &str, words: &str) -> usize {
    let at = xml
        .find(words)
        .unwrap_or_else(|| panic!("`{words}` is not in the document"));
    xml[..at].rfind("<w:p ").expect("a paragraph holds it")
}

/// The byte range of the whole `w:p` element whose text holds `words`.
fn para_range(xml: &str, words: &str) -> std::ops::Range<usize> {
    let start = para_start(xml, words);
    let end = start + xml[start..].find("</w:p>").unwrap() + "</w:p>".len();
    start..end
}

fn import(bytes: &[u8]) -> Imported {
    docx::read("edited.docx", bytes, Limits::DEFAULT)
        .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&[d])))
}

/// Builds the imported outline written as a fresh report definition.
fn rebuilt(imported: &Imported) -> (String, Project) {
    let toml = to_toml(&imported.outline, "test");
    let p = project_from(&toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
    (toml, p)
}

/// Builds the imported outline brought onto the definition of `base`.
fn rebuilt_onto(base: &Project, imported: &Imported) -> (String, Project) {
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
fn headings(p: &Project) -> Vec<String> {
    p.doc.headings().map(|h| h.text()).collect()
}

/// Every text with the level whose font prints it.
fn texts(p: &Project) -> Vec<(u8, String)> {
    p.doc
        .texts()
        .into_iter()
        .map(|(l, t, _)| (l, t.to_string()))
        .collect()
}

/// Asserts that two projects print the same document: title, office, headings, texts,
/// signature, and the same PDF text. (Not the period, which a DOCX does not carry.)
fn assert_same_document(got: &Project, want: &Project, pdf_too: bool) {
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

fn all_levels() -> Project {
    project(&fixture("all-levels", "report.toml"))
}

// ---------------------------------------------------------------------------------------------
// Round trips.

#[test]
fn an_unchanged_docx_imports_into_the_same_report() {
    for (p, pdf_too) in [(project(&reference_toml()), true), (all_levels(), true)] {
        let imported = import(&render(&p));
        assert!(
            imported.warnings.is_empty(),
            "{}",
            gongwen::diag::render_plain(&imported.warnings)
        );
        assert!(!imported.revisions.any());
        let (toml, again) = rebuilt(&imported);
        assert_same_document(&again, &p, pdf_too);
        // Onto the definition it came from, nothing changes at all.
        let (onto_toml, _) = rebuilt_onto(&p, &imported);
        assert_eq!(onto_toml, p.file.text, "from scratch it reads:\n{toml}");
    }
}

#[test]
fn the_reference_docx_gives_its_level3_style_and_the_all_levels_docx_its_closing() {
    let xinxiang = import(&render(&project(&reference_toml()))).outline;
    assert_eq!(xinxiang.numbering, [None, None, Some("1、".into()), None]);
    assert_eq!(xinxiang.title, ["新乡市2015年政府信息公开工作年度报告"]);
    assert_eq!(xinxiang.office, "新乡市人民政府");
    assert_eq!(xinxiang.closing_lines, ["责任编辑：黄亮"]);
    assert_eq!(xinxiang.signature, None);

    let all = import(&render(&all_levels())).outline;
    assert_eq!(all.title.len(), 2);
    assert_eq!(all.signature.as_deref(), Some("某市人民政府办公室"));
    assert_eq!(all.date.map(|d| d.iso()).as_deref(), Some("2016-03-31"));
    assert_eq!(all.closing_lines, ["责任编辑：某某"]);
    assert_eq!(all.numbering, [None, None, None, None]);

    // A level text changed in Word's list dialog comes back as the report's numbering.
    let docx = edit_part(&render(&all_levels()), "word/numbering.xml", |x| {
        *x = x.replacen("w:val=\"%3.\"", "w:val=\"%3、\"", 1);
    });
    assert_eq!(import(&docx).outline.numbering[2].as_deref(), Some("1、"));
}

// ---------------------------------------------------------------------------------------------
// An editor's changes.

const OLD_SENTENCE: &str = "全市共累计回应社会公众关注热点及有关网络舆情3360次";
const NEW_SENTENCE: &str = "全市共累计回应社会公众关注热点及有关网络舆情3361次";
const NEXT_SECTION: &str = "聚焦重点，深入推进重点领域信息公开。";
const DELETED: &str = "二是回应解读的方式和渠道丰富多样。";

#[test]
fn an_editors_changes_come_back_onto_the_definition_and_nothing_else() {
    let base = project(&reference_toml());
    let docx = edit_document(&render(&base), |xml| {
        // A sentence changed.
        assert_eq!(xml.matches(OLD_SENTENCE).count(), 1);
        *xml = xml.replace(OLD_SENTENCE, NEW_SENTENCE);
        // A paragraph deleted.
        let gone = para_range(xml, DELETED);
        xml.replace_range(gone, "");
        // A level-2 heading with a paragraph inserted between two level-2 sections, styled as
        // Word styles a new heading (no number typed: Word shows the live one).
        let at = para_start(xml, NEXT_SECTION);
        xml.insert_str(
            at,
            "<w:p><w:pPr><w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t>新增一节标题</w:t></w:r></w:p>\
             <w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr><w:r><w:t>新增一节的正文。</w:t></w:r></w:p>",
        );
    });
    let imported = import(&docx);
    assert!(
        imported.warnings.is_empty(),
        "{}",
        gongwen::diag::render_plain(&imported.warnings)
    );
    let (toml, got) = rebuilt_onto(&base, &imported);

    // The same changes made by hand to the definition. The changed number was a cited
    // figure (3360 is {response.total}): it becomes the editor's number, the citations around
    // it stay.
    let cited = "全市共累计回应社会公众关注热点及有关网络舆情{response.total}次";
    assert_eq!(base.file.text.matches(cited).count(), 1);
    let mut want_toml = base.file.text.replace(cited, NEW_SENTENCE);
    let line = want_toml
        .lines()
        .find(|l| l.starts_with(DELETED))
        .unwrap()
        .to_string();
    want_toml = want_toml.replace(&format!("{line}\n"), "");
    let section = format!("[[section.section]]\ntitle = \"{NEXT_SECTION}\"");
    assert_eq!(want_toml.matches(&section).count(), 1);
    want_toml = want_toml.replace(
        &section,
        &format!("[[section.section]]\ntitle = \"新增一节标题\"\ntext = '''\n新增一节的正文。\n'''\n\n{section}"),
    );
    let want = project_from(&want_toml).unwrap();
    assert_same_document(&got, &want, true);
    // Written as a person would have written it: the rest of the file is untouched.
    assert_eq!(toml, want_toml);
    for kept in [
        "period = { from = 2015-01-01, to = 2015-12-31 }",
        "layout = \"gbt9704\"",
        "level3 = \"1、\"   # this report writes its third level as 1、 rather than 1.",
        "#:schema ../schemas/report.schema.json",
    ] {
        assert!(toml.contains(kept), "`{kept}` was not kept");
    }

    // The builder numbers the new section and renumbers its followers.
    let heads = headings(&got);
    let at = heads
        .iter()
        .position(|h| h == "（二）新增一节标题")
        .expect("numbered (二)");
    assert_eq!(heads[at + 1], format!("（三）{NEXT_SECTION}"));
    assert_eq!(heads.len(), headings(&base).len() + 1);

    // The diff names exactly the three changes.
    let d = gongwen::import::diff::lines(&base.file.text, &toml);
    let changed: Vec<&str> = d.lines().filter(|l| l.starts_with(['+', '-'])).collect();
    assert_eq!(changed.len(), 9, "{d}");
    assert!(
        d.contains("- …") && d.contains("{response.total}次") && d.contains("3361次"),
        "{d}"
    );
    assert!(d.contains(&format!("- {}", DELETED)), "{d}");
    assert!(d.contains("+ title = \"新增一节标题\""), "{d}");
}

#[test]
fn tracked_changes_are_accepted_and_counted() {
    let base = all_levels();
    let docx = edit_document(&render(&base), |xml| {
        *xml = xml.replace(
            "<w:r><w:t xml:space=\"preserve\">一是制度完善；二是公开及时。</w:t></w:r>",
            "<w:del w:id=\"91\" w:author=\"编辑\" w:date=\"2016-04-01T00:00:00Z\"><w:r><w:delText>一是制度完善；</w:delText></w:r></w:del>\
             <w:r><w:t>二是公开及时。</w:t></w:r>",
        );
        *xml = xml.replace(
            "<w:r><w:t xml:space=\"preserve\">问题很多，改进措施有力。</w:t></w:r>",
            "<w:r><w:t>问题很多，</w:t></w:r><w:ins w:id=\"92\" w:author=\"编辑\" w:date=\"2016-04-01T00:00:00Z\"><w:r><w:t>已经</w:t></w:r></w:ins><w:r><w:t>改进措施有力。</w:t></w:r>",
        );
        // A paragraph deleted whole: its words and its mark.
        let r = para_range(xml, "市本级306个预算单位已全部公开。");
        let deleted = xml[r.clone()]
            .replace(
                "<w:pPr>",
                "<w:pPr><w:rPr><w:del w:id=\"93\" w:author=\"编辑\"/></w:rPr>",
            )
            .replace("<w:r>", "<w:del w:id=\"94\" w:author=\"编辑\"><w:r>")
            .replace("</w:r>", "</w:r></w:del>")
            .replace("w:t ", "w:delText ")
            .replace("</w:t>", "</w:delText>");
        xml.replace_range(r, &deleted);
    });
    let imported = import(&docx);
    assert_eq!(imported.revisions.insertions, 1);
    assert_eq!(imported.revisions.deletions, 3);
    assert_eq!(
        imported.revisions.note(),
        "accepted the tracked changes as Word's Accept All would: 1 insertion and 3 deletions"
    );
    let (_, got) = rebuilt_onto(&base, &imported);
    let want_toml = base
        .file
        .text
        .replace("一是制度完善；二是公开及时。", "二是公开及时。")
        .replace("问题很多，改进措施有力。", "问题很多，已经改进措施有力。")
        .replace("text = \"市本级306个预算单位已全部公开。\"\n", "");
    assert_same_document(&got, &project_from(&want_toml).unwrap(), false);
}

#[test]
fn what_has_no_place_in_a_report_is_reported_where_it_was_and_its_text_kept() {
    let base = all_levels();
    let docx = edit_document(&render(&base), |xml| {
        let at = para_start(xml, "问题很多");
        xml.insert_str(
            at,
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>数量</w:t></w:r></w:p></w:tc></w:tr>\
             <w:tr><w:tc><w:p><w:r><w:t>申请</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>84</w:t></w:r></w:p></w:tc></w:tr></w:tbl>\
             <w:tbl><w:tr><w:tc><w:p><w:r><w:t>图片</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:drawing><wp:inline/></w:drawing></w:r></w:p></w:tc></w:tr>\
             <w:tr><w:tc><w:p><w:r><w:t>说明</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>无</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        );
        *xml = xml.replace(
            "共公开4129项行政职权。</w:t></w:r>",
            "共公开4129项行政职权。</w:t></w:r><w:r><w:drawing><wp:inline/></w:drawing></w:r><w:r><w:footnoteReference w:id=\"1\"/></w:r>",
        );
    });
    let imported = import(&docx);
    let messages: Vec<&str> = imported
        .warnings
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(messages[3].starts_with("an image or drawing is not imported (paragraph 12 “图片"));
    assert!(
        messages[0].starts_with(
            "an image or drawing is not imported (paragraph 7 “推进清单公开。共公开4129"
        ),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].starts_with("a footnote is not imported"),
        "{}",
        messages[1]
    );
    // A plain table is a table; one holding a picture stays text, a row a paragraph.
    assert!(
        messages[2].starts_with("a table holding more than text (or not a regular grid) is not imported as a table: its 2 rows"),
        "{}",
        messages[2]
    );
    assert!(
        messages[2].contains("(paragraph 12 “{table:table1}…”)"),
        "{}",
        messages[2]
    );
    for d in &imported.warnings {
        assert_eq!(d.file.as_ref().unwrap().name, "edited.docx");
        assert!(!d.hints.is_empty());
    }
    // The plain table is placed where it was; the other's text stays, a row a paragraph,
    // before the paragraph it preceded.
    let last = imported.outline.sections.last().unwrap();
    assert_eq!(
        last.paragraphs,
        [
            "{table:table1}",
            "图片",
            "说明\t无",
            "问题很多，改进措施有力。"
        ]
    );
    let t = &imported.outline.tables[0];
    assert_eq!(
        (t.caption.as_deref(), t.header.len(), t.rows.len()),
        (None, 1, 1)
    );
    assert_eq!(t.rows[0][1].text, "84");
    let (toml, _) = rebuilt(&imported);
    assert!(
        toml.contains("columns = [\"项目\", \"数量\"]\nrows = [\n  [\"申请\", \"84\"],\n]"),
        "{toml}"
    );
}

#[test]
fn a_docx_from_another_program_without_headings_becomes_the_opening() {
    let document = r#"<?xml version="1.0" encoding="UTF-8"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>第一段。</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>第二段。</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="Fancy"/></w:pPr><w:r><w:t>第三段。</w:t></w:r></w:p>
</w:body></w:document>"#;
    let bytes = zip_parts(&[("word/document.xml".into(), document.as_bytes().to_vec())]);
    let imported = import(&bytes);
    assert_eq!(
        imported.outline.opening,
        ["第一段。", "第二段。", "第三段。"]
    );
    assert!(imported.outline.sections.is_empty());
    let messages: Vec<&str> = imported
        .warnings
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0].starts_with("paragraph style `Fancy` is not defined"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].starts_with("no headings were recognised in edited.docx"),
        "{}",
        messages[1]
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input.

/// Runs `gongwen import` on `bytes` written as `name` in a fresh folder; returns the output,
/// standard error and whether anything was written.
fn cli_import(name: &str, bytes: &[u8], more: &[&str]) -> (std::process::Output, String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::write(&input, bytes).unwrap();
    let out = dir.path().join("report.toml");
    let mut args = vec![
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(more);
    let o = gongwen(&args);
    let err = stderr(&o);
    (o, err, out.exists())
}

/// Asserts exit 2, nothing written, and that standard error says each of `words`.
fn refused(name: &str, bytes: &[u8], words: &[&str]) {
    let (o, err, written) = cli_import(name, bytes, &[]);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!written, "nothing may be written");
    assert!(err.contains(name), "the file is not named: {err}");
    assert!(err.contains("hint:"), "no hint: {err}");
    for w in words {
        assert!(err.contains(w), "`{w}` is not in: {err}");
    }
}

#[test]
fn bad_docx_files_are_refused_with_the_reason_and_nothing_is_written() {
    refused(
        "text.docx",
        b"just some text",
        &["is not a DOCX", "not a zip archive"],
    );
    let other = zip_parts(&[("hello.txt".into(), b"hi".to_vec())]);
    refused("other.docx", &other, &["not a DOCX", "word/document.xml"]);
    let good = render(&all_levels());
    let broken = edit_document(&good, |xml| {
        xml.truncate(xml.len() - 40);
    });
    refused(
        "broken.docx",
        &broken,
        &["`word/document.xml`", "malformed XML at line 1, column"],
    );

    // A zip bomb: 300 MB of zeros as the document, about 300 KB zipped.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("word/document.xml", SimpleFileOptions::default())
        .unwrap();
    let mb = vec![0u8; 1 << 20];
    for _ in 0..300 {
        w.write_all(&mb).unwrap();
    }
    let bomb = w.finish().unwrap().into_inner();
    assert!(bomb.len() < 1 << 20);
    refused(
        "bomb.docx",
        &bomb,
        &["inflates to more than 64 MB", "zip bomb"],
    );

    // An existing output is kept without --force.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("good.docx");
    std::fs::write(&input, &good).unwrap();
    let out = dir.path().join("report.toml");
    std::fs::write(&out, "keep me").unwrap();
    let o = gongwen(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
}

#[test]
fn the_limits_count_entries_and_inflated_bytes_not_declared_sizes() {
    let good = render(&all_levels());
    let few = Limits {
        entries: 3,
        ..Limits::DEFAULT
    };
    let e = docx::read("x.docx", &good, few).unwrap_err();
    assert!(
        e.message.contains("zip entries, more than the 3"),
        "{}",
        e.message
    );
    let small = Limits {
        entry: 1000,
        ..Limits::DEFAULT
    };
    let e = docx::read("x.docx", &good, small).unwrap_err();
    assert!(e.message.contains("this part alone"), "{}", e.message);
    let total = Limits {
        total: 6000,
        ..Limits::DEFAULT
    };
    let e = docx::read("x.docx", &good, total).unwrap_err();
    assert!(e.message.contains("the parts read so far"), "{}", e.message);
}

// ---------------------------------------------------------------------------------------------
// The command.

#[test]
fn the_import_command_brings_a_docx_onto_its_definition_and_prints_the_changes() {
    let base = all_levels();
    let docx = edit_document(&render(&base), |xml| {
        *xml = xml.replace("问题很多，改进措施有力。", "问题很多，改进措施很有力。");
        *xml = xml.replace(
            "<w:r><w:t xml:space=\"preserve\">一是制度完善；二是公开及时。</w:t></w:r>",
            "<w:r><w:t>一是制度完善；</w:t></w:r><w:ins w:id=\"1\" w:author=\"编辑\"><w:r><w:t>二是公开及时。</w:t></w:r></w:ins>",
        );
    });
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("edited.docx");
    std::fs::write(&input, &docx).unwrap();
    let definition = dir.path().join("report.toml");
    std::fs::write(&definition, &base.file.text).unwrap();
    let path = |p: &Path| p.to_str().unwrap().to_string();
    let o = gongwen(&[
        "import",
        &path(&input),
        "--onto",
        &path(&definition),
        "-o",
        &path(&definition),
        "--force",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}{out}", stderr(&o));
    assert!(
        stderr(&o).contains("note: accepted the tracked changes"),
        "{}",
        stderr(&o)
    );
    assert!(out.contains("changes to"), "{out}");
    assert!(
        out.contains("- text = \"问题很多，改进措施有力。\""),
        "{out}"
    );
    assert!(out.contains("+ 问题很多，改进措施很有力。"), "{out}");
    let updated = std::fs::read_to_string(&definition).unwrap();
    assert_eq!(
        updated,
        base.file.text.replace(
            "text = \"问题很多，改进措施有力。\"",
            "text = '''\n问题很多，改进措施很有力。\n'''"
        )
    );
    let help = gongwen(&["import", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("Tracked changes are accepted"));
}

// ---------------------------------------------------------------------------------------------
// LibreOffice.

#[test]
#[ignore = "needs LibreOffice: apt-get install -y libreoffice-writer-nogui; run by tests/conformance.sh"]
fn a_docx_saved_again_by_libreoffice_imports_with_its_headings_and_text() {
    if !have("soffice") {
        panic!(
            "this test needs LibreOffice (soffice): apt-get install -y libreoffice-writer-nogui"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    for (stem, p) in [
        ("xinxiang", project(&reference_toml())),
        ("all-levels", all_levels()),
    ] {
        let input = dir.path().join(format!("{stem}.docx"));
        std::fs::write(&input, render(&p)).unwrap();
        let saved = dir.path().join("saved");
        let mut cmd = std::process::Command::new("soffice");
        cmd.arg("--headless")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.path().join("profile").display()
            ))
            .args(["--convert-to", "docx:MS Word 2007 XML", "--outdir"])
            .arg(&saved)
            .arg(&input)
            .env("HOME", dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        assert!(run(cmd).success(), "LibreOffice could not save {stem}.docx");
        let bytes = std::fs::read(saved.join(format!("{stem}.docx"))).unwrap();
        assert_ne!(bytes, render(&p), "LibreOffice wrote a file of its own");
        let imported = import(&bytes);
        assert!(
            imported.warnings.is_empty(),
            "{}",
            gongwen::diag::render_plain(&imported.warnings)
        );
        let (_, again) = rebuilt(&imported);
        assert_same_document(&again, &p, false);
    }
}

// ---------------------------------------------------------------------------------------------
// Tables give tables.

/// The table example with its charts drawn (the DOCX needs their pictures).
fn example_tables() -> Project {
    let mut p = project(&root().join("data/example-tables.toml"));
    let plan = gongwen::typst::FontPlan::new(&p.layout, fonts()).unwrap();
    gongwen::typst::draw_pictures(&mut p.doc, &p.layout, &plan, fonts()).unwrap();
    p
}

/// Every table's caption and cells as printed: (caption, rows of (text, col, cols, rows,
/// merged, align)).
type CellView = (String, usize, usize, usize, bool, String);
fn tables(p: &Project) -> Vec<(Option<String>, Vec<Vec<CellView>>, Vec<String>)> {
    p.doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            gongwen::doc::Block::Table(t) => Some((
                t.caption.as_ref().map(|c| c.text.clone()),
                t.header
                    .iter()
                    .chain(&t.body)
                    .map(|r| {
                        r.cells
                            .iter()
                            .map(|c| {
                                (
                                    c.text.clone(),
                                    c.col,
                                    c.cols,
                                    c.rows,
                                    c.merged,
                                    format!("{:?}", c.align),
                                )
                            })
                            .collect()
                    })
                    .collect(),
                t.notes.iter().map(|(n, _)| n.clone()).collect(),
            )),
            _ => None,
        })
        .collect()
}

/// The definition without its chart placements (a fresh import cannot carry charts).
fn without_charts(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim().starts_with("{chart:"))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn tables_come_back_as_tables_with_captions_spans_and_notes() {
    let base = example_tables();
    let imported = import(&render(&base));
    assert!(
        imported.warnings.is_empty(),
        "{}",
        gongwen::diag::render_plain(&imported.warnings)
    );
    // Charts (a picture, no data) and the form's arithmetic are said to be left behind.
    let fresh: Vec<&str> = imported.fresh.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(fresh.len(), 5, "{fresh:#?}");
    assert_eq!(
        fresh
            .iter()
            .filter(|m| m.starts_with("a chart is not imported"))
            .count(),
        2
    );
    assert_eq!(
        fresh.iter().filter(|m| m.contains("national form")).count(),
        3
    );
    let (toml, again) = rebuilt(&imported);
    assert_eq!(tables(&again), tables(&base), "{toml}");
    assert!(
        toml.contains("caption = \"政府信息公开工作经费\""),
        "{toml}"
    );
    assert!(
        toml.contains("[{ text = \"用途\", rows = 2 }, { text = \"经费\", cols = 2 }]"),
        "{toml}"
    );
    assert!(toml.contains("[\"业务培训\", \"3.0\", \"0\"]"), "{toml}");
    assert!(
        toml.contains("[\"政府公报等其他渠道\", \"236\", \"—\"]"),
        "{toml}"
    );
    // The same document as the definition without its charts, PDF text included.
    let want = project_from(&without_charts(&base.file.text)).unwrap();
    assert_same_document(&again, &want, true);
}

#[test]
fn onto_its_definition_an_unchanged_docx_with_tables_changes_nothing() {
    let base = example_tables();
    let imported = import(&render(&base));
    let (toml, notes) = onto::onto(&base.file, &imported.outline).unwrap();
    assert!(
        toml == base.file.text,
        "{}",
        gongwen::import::diff::lines(&base.file.text, &toml)
    );
    let notes: Vec<&str> = notes.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        notes,
        [
            "chart `channels` is kept from the definition: a DOCX holds its picture, not its data",
            "chart `requests` is kept from the definition: a DOCX holds its picture, not its data",
            "table `active` of the national form is kept from the definition",
            "table `requests` of the national form is kept from the definition",
            "table `review` of the national form is kept from the definition",
        ]
    );
}

#[test]
fn an_edited_table_cell_comes_back_onto_the_definition_and_nothing_else() {
    let base = example_tables();
    let docx = edit_document(&render(&base), |xml| {
        // The editor corrects one figure in the funds table and one remark.
        assert_eq!(xml.matches(">8.25<").count(), 1);
        *xml = xml.replace(">8.25<", ">8.5<");
        assert_eq!(xml.matches(">含网站运维<").count(), 1);
        *xml = xml.replace(">含网站运维<", ">含网站和平台运维<");
    });
    let imported = import(&docx);
    let (toml, got) = rebuilt_onto(&base, &imported);
    // Exactly the two cells change in the definition; the office's figure citation in the
    // changed row stays, the changed figure becomes the number as printed.
    let want_toml = base
        .file
        .text
        .replace("\"{funds.data}\", \"\"]", "\"8.5\", \"\"]")
        .replace("\"含网站运维\"", "\"含网站和平台运维\"");
    assert!(
        toml == want_toml,
        "{}",
        gongwen::import::diff::lines(&want_toml, &toml)
    );
    // The rebuilt document is the original with exactly those two cells changed: the merged
    // header, the other tables, the form and the charts as they were.
    let want = project_from(&want_toml).unwrap();
    assert_eq!(tables(&got), tables(&want));
    let changed: usize = tables(&got)
        .iter()
        .zip(tables(&base))
        .flat_map(|(a, b)| {
            a.1.iter()
                .flatten()
                .zip(b.1.into_iter().flatten())
                .filter(|(x, y)| **x != *y)
                .map(|_| 1)
                .collect::<Vec<_>>()
        })
        .sum();
    assert_eq!(changed, 2);
    assert_same_document(&got, &want, true);
    assert!(toml.contains("[{ text = \"用途\", rows = 2 }, { text = \"经费\", cols = 2 }],"));
}

#[test]
fn a_changed_table_header_is_read_with_its_spans_and_reported_onto_the_definition() {
    let base = example_tables();
    let docx = edit_document(&render(&base), |xml| {
        assert_eq!(xml.matches(">经费<").count(), 1);
        *xml = xml.replace(">经费<", ">经费情况<");
    });
    let imported = import(&docx);
    let (fresh, _) = rebuilt(&imported);
    assert!(
        fresh.contains("[{ text = \"用途\", rows = 2 }, { text = \"经费情况\", cols = 2 }],"),
        "{fresh}"
    );
    let (toml, warnings) = onto::onto(&base.file, &imported.outline).unwrap();
    assert!(
        toml == base.file.text,
        "{}",
        gongwen::import::diff::lines(&base.file.text, &toml)
    );
    assert!(
        warnings.iter().any(|d| d.message
            == "the header of table `funds` differs in the DOCX; the definition's header is kept"),
        "{}",
        gongwen::diag::render_plain(&warnings)
    );
}

#[test]
fn the_import_command_brings_tables_back_fresh_and_onto_the_definition() {
    let bytes = render(&example_tables());
    // Fresh: the tables are written and build; charts and the form's arithmetic are reported.
    let (o, err, written) = cli_import("edited.docx", &bytes, &[]);
    assert!(o.status.success(), "{err}");
    assert!(written);
    assert!(err.contains("a chart is not imported"), "{err}");
    assert!(err.contains("the form's arithmetic"), "{err}");
    // Onto its definition: nothing changes, and the charts and the form are said to be kept.
    let dir = tempfile::tempdir().unwrap();
    let def = dir.path().join("example.toml");
    std::fs::copy(root().join("data/example-tables.toml"), &def).unwrap();
    let (o, err, _) = cli_import("edited.docx", &bytes, &["--onto", def.to_str().unwrap()]);
    assert!(o.status.success(), "{err}");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("no changes"),
        "{err}"
    );
    assert!(
        err.contains("chart `channels` is kept from the definition"),
        "{err}"
    );
    assert!(
        err.contains("table `requests` of the national form is kept from the definition"),
        "{err}"
    );
    assert!(!err.contains("a chart is not imported"), "{err}");
}

#[test]
fn a_table_deleted_in_word_leaves_the_others_matched_and_the_form_kept() {
    let base = example_tables();
    let docx = edit_document(&render(&base), |xml| {
        // The editor deletes the first table (and its caption and note).
        let caption = para_range(xml, "表1");
        let end = xml[caption.start..].find("</w:tbl>").unwrap() + caption.start + "</w:tbl>".len();
        xml.replace_range(caption.start..end, "");
        let note = para_range(xml, "注：所占比重");
        xml.replace_range(note, "");
    });
    let imported = import(&docx);
    assert_eq!(imported.outline.tables.len(), 4);
    let (toml, _) = rebuilt_onto(&base, &imported);
    let want = base.file.text.replace("{table:channels}\n", "");
    assert!(
        toml == want,
        "{}",
        gongwen::import::diff::lines(&want, &toml)
    );
}
