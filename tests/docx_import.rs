//! `gongwen import EDITED.docx`: a gongwen DOCX read back into the same report; an editor's
//! changes (made here by rewriting the XML inside the zip, as Word would save them) brought onto
//! the original definition; tracked changes accepted; LibreOffice's re-save.

use crate::common::*;
use crate::docx::render;
use crate::docx_import_common::*;
use crate::libreoffice::{have, run};

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
const NEW_SENTENCE: &str = "全市共累计回应社会公众关注的热点及有关网络舆情3360次";
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

    // The same changes made by hand to the definition. The changed sentence holds a cited
    // figure (3360 is {response.total}): the words change, the citation stays. (Numbers
    // typed over citations change the figures: tests/edits.rs.)
    let cited = "全市共累计回应社会公众关注热点及有关网络舆情{response.total}次";
    assert_eq!(base.file.text.matches(cited).count(), 1);
    let mut want_toml = base.file.text.replace(
        cited,
        "全市共累计回应社会公众关注的热点及有关网络舆情{response.total}次",
    );
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
        d.contains("- …") && d.contains("关注的热点及有关网络舆情{re"),
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
