//! `build --review`: every finding written into the DOCX as a Word comment by gongwen at its
//! place (the cited figure, the stated cell, the sentence), shown by LibreOffice, and left out
//! when the DOCX comes back (an editor's comments kept).

use std::process::Command;

use gongwen::builder::review::remarks;
use gongwen::doc::{Anchor, Block};

use crate::common::*;
use crate::docx_import_common::*;
use crate::libreoffice::{have, run};

/// A part of a DOCX as text.
fn part(docx: &[u8], name: &str) -> String {
    let (_, bytes) = unzip(docx)
        .into_iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(bytes).unwrap()
}

/// The text between comment `id`'s range start and end in `document.xml`, tags left out.
fn commented_text(xml: &str, id: usize) -> String {
    let start = xml
        .find(&format!("<w:commentRangeStart w:id=\"{id}\" />"))
        .unwrap_or_else(|| panic!("no comment {id}"));
    let end = start
        + xml[start..]
            .find(&format!("<w:commentRangeEnd w:id=\"{id}\" />"))
            .unwrap();
    let mut out = String::new();
    let mut inside = false;
    for c in xml[start..end].chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// The reference report with `--review`, through the command line.
fn reference_reviewed(dir: &std::path::Path) -> Vec<u8> {
    let out = gongwen(&[
        "build",
        reference_toml().to_str().unwrap(),
        "-o",
        dir.to_str().unwrap(),
        "--docx",
        "--review",
        "-q",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::read(dir.join("xinxiang-2015.docx")).unwrap()
}

/// The reference's one break, 845 against its parts' 839, is a comment by gongwen on the 845
/// printed in the text, with the finding's message and hints; without `--review`, no comment.
#[test]
fn the_reference_break_is_a_comment_on_its_cited_figure() {
    let dir = tempfile::tempdir().unwrap();
    let docx = reference_reviewed(dir.path());
    let comments = part(&docx, "word/comments.xml");
    assert_eq!(comments.matches("<w:comment ").count(), 1, "{comments}");
    assert!(comments.contains("w:author=\"gongwen\""), "{comments}");
    assert!(
        comments.contains(
            "`environment.total` (环境保护信息) is 845, but the sum of its 9 parts is 839"
        ),
        "{comments}"
    );
    assert!(
        comments.contains("hint: computed: environment.air 373"),
        "{comments}"
    );
    let document = part(&docx, "word/document.xml");
    assert_eq!(commented_text(&document, 0), "845");
    assert!(document.contains("<w:commentReference w:id=\"0\" />"));

    let plain = gongwen(&[
        "build",
        reference_toml().to_str().unwrap(),
        "-o",
        dir.path().join("plain").to_str().unwrap(),
        "--docx",
        "-q",
    ]);
    assert!(plain.status.success());
    let plain = std::fs::read(dir.path().join("plain/xinxiang-2015.docx")).unwrap();
    assert!(!part(&plain, "word/document.xml").contains("commentRangeStart"));
    assert_eq!(
        plain,
        crate::docx::render(&project(&reference_toml())),
        "unchanged without --review"
    );
}

/// A break of the national form is a comment in the cell that states the number.
#[test]
fn a_form_break_is_a_comment_in_its_stated_cell() {
    let mut p = project(&fixture("forms-2021-breaks", "report.toml"));
    let breaks = p.break_findings().len();
    assert!(breaks >= 2, "the fixture has its breaks");
    p.doc.remarks = remarks(&p.doc, &p.warnings);
    let on_cells: Vec<_> = p
        .doc
        .remarks
        .iter()
        .filter(|r| matches!(r.at, Anchor::Cell { .. }))
        .collect();
    assert_eq!(on_cells.len(), breaks, "{:#?}", p.doc.remarks);
    for r in &on_cells {
        let Anchor::Cell { block, row, cell } = r.at else {
            unreachable!()
        };
        let Block::Table(t) = &p.doc.blocks[block] else {
            panic!("a table")
        };
        let c = &t.header.iter().chain(&t.body).nth(row).unwrap().cells[cell];
        assert!(
            r.text[0].contains(&format!("the table says {}", c.text))
                || r.text[0].contains(&c.text),
            "{:?} in {}",
            r.text,
            c.text
        );
    }
    let docx = gongwen::docx::render(&p.doc, &p.layout).unwrap();
    let xml = part(&docx, "word/document.xml");
    for (id, _) in p.doc.remarks.iter().enumerate() {
        let at = xml
            .find(&format!("<w:commentRangeStart w:id=\"{id}\" />"))
            .unwrap();
        let cell = xml[..at].rfind("<w:tc>").unwrap();
        assert!(
            !xml[cell..at].contains("</w:tc>"),
            "comment {id} stands in a cell"
        );
    }
    // Brought back onto its definition, nothing changes: the comments in the cells are
    // gongwen's, and the title the builder broke into lines is the same title.
    let (onto, _) = rebuilt_onto(&p, &import(&docx));
    assert_eq!(
        onto,
        p.file.text,
        "{}",
        gongwen::import::diff::lines(&p.file.text, &onto)
    );
}

/// A finding in running text (here half-width punctuation) is a comment on its sentence.
#[test]
fn a_finding_in_the_text_is_a_comment_on_its_sentence() {
    let mut p = project_from("[report]\ntitle = \"测试报告\"\noffice = \"测试办公室\"\n\n[opening]\ntext = '''\n前一句。共收到申请{a.n}件,均已办结。后一句。\n'''\n\n[figures.a]\nn = 5\n").unwrap();
    assert!(!p.warnings.is_empty(), "the comma is a finding");
    p.doc.remarks = remarks(&p.doc, &p.warnings);
    let Anchor::Text { block, range } = p.doc.remarks[0].at.clone() else {
        panic!("{:?}", p.doc.remarks)
    };
    let Block::Paragraph(para) = &p.doc.blocks[block] else {
        panic!()
    };
    assert_eq!(&para.text[range], "共收到申请5件,均已办结。");
    let docx = gongwen::docx::render(&p.doc, &p.layout).unwrap();
    assert_eq!(
        commented_text(&part(&docx, "word/document.xml"), 0),
        "共收到申请5件,均已办结。"
    );
}

/// A `--review` DOCX with an editor's comment added, brought back: gongwen's comment is left
/// out (with a note), the editor's is kept, and nothing else changes.
#[test]
fn a_reviewed_docx_comes_back_without_gongwens_comments() {
    let mut p = project(&reference_toml());
    p.doc.remarks = remarks(&p.doc, &p.warnings);
    assert_eq!(p.doc.remarks.len(), 1);
    let docx = gongwen::docx::render(&p.doc, &p.layout).unwrap();
    let docx = edit_document(&docx, |xml| {
        let start = para_start(xml, "全市共制发规范性文件");
        let body = start + xml[start..].find("<w:r>").unwrap();
        xml.insert_str(body, "<w:commentRangeStart w:id=\"7\"/>");
        let end = start + xml[start..].find("</w:p>").unwrap();
        xml.insert_str(
            end,
            "<w:commentRangeEnd w:id=\"7\"/><w:r><w:commentReference w:id=\"7\"/></w:r>",
        );
    });
    let docx = edit_part(&docx, "word/comments.xml", |xml| {
        let at = xml.rfind("</w:comments>").unwrap();
        xml.insert_str(at, "<w:comment w:id=\"7\" w:author=\"张三\" w:date=\"2024-03-01T09:30:00Z\" w:initials=\"张\"><w:p><w:r><w:t>请核实件数。</w:t></w:r></w:p></w:comment>");
    });
    let imported = import(&docx);
    let said = gongwen::diag::render_plain(&imported.warnings);
    assert!(said.contains("1 comment by gongwen"), "{said}");
    assert_eq!(imported.outline.comments.len(), 1);
    assert_eq!(imported.outline.comments[0].author, "张三");
    let (onto, _) = rebuilt_onto(&project(&reference_toml()), &imported);
    let diff = gongwen::import::diff::lines(&p.file.text, &onto);
    let added: Vec<&str> = diff.lines().filter(|l| l.starts_with("+ ")).collect();
    assert_eq!(
        added,
        ["+ # 批注（张三，2024-03-01）：请核实件数。"],
        "{diff}"
    );
    assert!(!onto.contains("845, but"), "gongwen's finding is not kept");
    let (fresh, _) = rebuilt(&imported);
    assert!(
        !fresh.contains("845, but") && fresh.contains("请核实件数。"),
        "{fresh}"
    );
}

/// LibreOffice shows the reference's break as a comment by gongwen on 845 (read from the ODT it
/// saves), and the DOCX it is in validates where the schemas are.
#[test]
#[ignore = "needs LibreOffice (apt-get install -y libreoffice-writer-nogui); tests/conformance.sh runs it"]
fn libreoffice_shows_the_break_as_a_comment() {
    if !have("soffice") {
        panic!(
            "this test needs LibreOffice (soffice): apt-get install -y libreoffice-writer-nogui"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    reference_reviewed(dir.path());
    let mut cmd = Command::new("soffice");
    cmd.arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--convert-to", "odt", "--outdir"])
        .arg(dir.path().join("odt"))
        .arg(dir.path().join("xinxiang-2015.docx"))
        .env("HOME", dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    assert!(run(cmd).success(), "LibreOffice could not convert the DOCX");
    let odt = std::fs::read(dir.path().join("odt/xinxiang-2015.odt")).unwrap();
    let content = part(&odt, "content.xml");
    let at = content
        .find("<office:annotation ")
        .expect("LibreOffice has the comment");
    let end = at + content[at..].find("</office:annotation>").unwrap();
    let remark = &content[at..end];
    assert!(
        remark.contains("<dc:creator>gongwen</dc:creator>"),
        "{remark}"
    );
    assert!(
        remark.contains("is 845, but the sum of its 9 parts is 839"),
        "{remark}"
    );
    let after = &content[end + "</office:annotation>".len()..];
    assert!(
        after.starts_with("845<office:annotation-end"),
        "{}",
        &after[..after.len().min(200)]
    );
    assert_eq!(content.matches("<office:annotation ").count(), 1);
}

/// The reference report's DOCX with a comment by 张三 whose range covers `words` only (in
/// `word/document.xml`), as Word saves one.
fn commented_on(docx: &[u8], words: &str) -> Vec<u8> {
    let docx = edit_document(docx, |xml| {
        let at = xml.find(words).unwrap_or_else(|| panic!("no {words}"));
        let run = xml[..at].rfind("<w:r>").unwrap();
        xml.insert_str(run, "<w:commentRangeStart w:id=\"5\"/>");
        let end = at + words.len() + "<w:commentRangeStart w:id=\"5\"/>".len();
        let close = end + xml[end..].find("</w:r>").unwrap() + "</w:r>".len();
        xml.insert_str(
            close,
            "<w:commentRangeEnd w:id=\"5\"/><w:r><w:commentReference w:id=\"5\"/></w:r>",
        );
    });
    edit_part(&docx, "word/comments.xml", |xml| {
        let at = xml.rfind("/>").unwrap();
        let open = xml[..at].to_string() + ">";
        *xml = format!(
            "{open}<w:comment w:id=\"5\" w:author=\"张三\" w:date=\"2024-03-01T09:30:00Z\" w:initials=\"张\"><w:p><w:r><w:t>请核实。</w:t></w:r></w:p></w:comment></w:comments>"
        );
    })
}

/// A comment on a run-in heading's words comes back before its section's `text`, beside the
/// paragraph it opens (it used to go after the last section).
#[test]
fn a_comment_on_a_run_in_heading_comes_back_beside_its_paragraph() {
    let p = project(&reference_toml());
    for words in [
        "加强谋划，着力推动信息公开整体工作向前发展。",
        "2015年，新乡市政府高度重视",
    ] {
        let imported = import(&commented_on(&crate::docx::render(&p), words));
        assert_eq!(imported.outline.comments.len(), 1, "{words}");
        let (onto, _) = rebuilt_onto(&p, &imported);
        let diff = gongwen::import::diff::lines(&p.file.text, &onto);
        let want = "title = \"加强谋划，着力推动信息公开整体工作向前发展。\"\nrun-in = true\n# 批注（张三，2024-03-01）：请核实。\ntext = '''\n2015年，新乡市";
        assert!(onto.contains(want), "{words}: {diff}");
        assert_eq!(
            diff.lines().filter(|l| l.starts_with("+ ")).count(),
            1,
            "{diff}"
        );
    }
}

/// Every paragraph of the reference commented by 张三 — on its run-in heading's words when it
/// has one — as the writer places comments: each comes back before the `text` of the section it
/// stands in (the run-in's own section), never after the last section.
#[test]
fn a_comment_on_every_paragraph_comes_back_beside_it() {
    let (docx, want) = commented_everywhere();
    assert_beside(&docx, &want);
}

/// The reference's DOCX with a comment by 张三 on every paragraph (on its run-in heading's words
/// when it has one), and for each run-in heading the comment's number and the heading's words.
fn commented_everywhere() -> (Vec<u8>, Vec<(usize, String)>) {
    let mut p = project(&reference_toml());
    let mut want = Vec::new();
    for (block, b) in p.doc.blocks.iter().enumerate() {
        let Block::Paragraph(q) = b else { continue };
        let n = p.doc.remarks.len();
        let at = match &q.lead {
            Some(h) => {
                want.push((n, h.title.clone()));
                Anchor::Heading(block)
            }
            None => Anchor::Text {
                block,
                range: 0..q.text.len(),
            },
        };
        p.doc.remarks.push(gongwen::doc::Remark {
            at,
            text: vec![format!("批注{n}")],
        });
    }
    assert_eq!(want.len(), 21, "the reference's run-in headings");
    let docx = gongwen::docx::render(&p.doc, &p.layout).unwrap();
    let docx = edit_part(&docx, "word/comments.xml", |x| {
        *x = x.replace("w:author=\"gongwen\"", "w:author=\"张三\"")
    });
    (docx, want)
}

/// `docx` brought onto the reference: every comment kept, each on a run-in heading before its
/// section's `text`.
fn assert_beside(docx: &[u8], want: &[(usize, String)]) {
    let imported = import(docx);
    let paragraphs = project(&reference_toml())
        .doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Paragraph(_)))
        .count();
    assert_eq!(
        imported.outline.comments.len(),
        paragraphs,
        "every paragraph's comment"
    );
    let (onto, _) = rebuilt_onto(&project(&reference_toml()), &imported);
    for (n, title) in want {
        let line = format!("# 批注（张三，2015-12-31）：批注{n}\n");
        let at = onto
            .find(&line)
            .unwrap_or_else(|| panic!("{line} is not kept"));
        let head = format!("title = \"{title}\"\nrun-in = true\n");
        assert!(
            onto[..at].ends_with(&head),
            "{line} is not beside {title}:\n{}",
            &onto[at.saturating_sub(300)..at + 100]
        );
    }
}

/// The same comments saved again by LibreOffice (its own way of writing comment ranges and
/// references) come back beside their paragraphs too. (LibreOffice 7.4 headless crashes storing
/// a comment inserted through UNO, so the comments are written by the test and LibreOffice
/// stores the document.)
#[test]
#[ignore = "needs LibreOffice (apt-get install -y libreoffice-writer-nogui); tests/conformance.sh runs it"]
fn comments_saved_by_libreoffice_come_back_beside_their_paragraphs() {
    if !have("soffice") {
        panic!(
            "this test needs LibreOffice (soffice): apt-get install -y libreoffice-writer-nogui"
        );
    }
    let (docx, want) = commented_everywhere();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("commented.docx"), docx).unwrap();
    let mut cmd = Command::new("soffice");
    cmd.arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(dir.path().join("lo"))
        .arg(dir.path().join("commented.docx"))
        .env("HOME", dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    assert!(run(cmd).success(), "LibreOffice could not save the DOCX");
    let saved = std::fs::read(dir.path().join("lo/commented.docx")).unwrap();
    assert!(
        !part(&saved, "word/document.xml").contains("w14:paraId=\"00000001\""),
        "saved by LibreOffice"
    );
    assert_beside(&saved, &want);
}

/// A comment on a run-in heading whose paragraph comes back flattened (number, title and words
/// in one text, as a word processor that dropped the heading's style saves it), or on a
/// paragraph the editor also changed, is still kept beside it, not after the last section.
#[test]
fn a_comment_on_a_flattened_or_edited_paragraph_comes_back_beside_it() {
    let p = project(&reference_toml());
    let docx = commented_on(&crate::docx::render(&p), "2015年，新乡市政府高度重视");
    let base = import(&docx);
    let title = "加强谋划，着力推动信息公开整体工作向前发展。";
    let want = format!(
        "title = \"{title}\"\nrun-in = true\n# 批注（张三，2024-03-01）：请核实。\ntext = '''"
    );
    let words = base.outline.comments[0].words.clone();
    assert!(words.starts_with("2015年，新乡市政府"), "{words}");
    for changed in [
        format!("（一）{title}{words}"),
        words.replacen("高度重视", "十分重视", 1),
        words.chars().take(40).collect(),
    ] {
        let mut imported = import(&docx);
        imported.outline.comments[0].words = changed.clone();
        let (onto, _) = rebuilt_onto(&p, &imported);
        assert!(
            onto.contains(&want),
            "{changed}: {}",
            gongwen::import::diff::lines(&p.file.text, &onto)
        );
    }
}

/// A finding on a run-in heading's words (half-width punctuation) is a comment on those words,
/// the paragraph's body left outside it; one on a heading standing alone, on the heading.
#[test]
fn a_finding_on_a_heading_is_a_comment_on_its_words() {
    let mut p = project_from("[report]\ntitle = \"测试报告\"\noffice = \"测试办公室\"\n\n[[section]]\ntitle = \"总体情况,概述\"\n\n[[section.section]]\ntitle = \"主动公开情况,概述。\"\nrun-in = true\ntext = '''\n全年公开信息5条。\n'''\n").unwrap();
    assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
    p.doc.remarks = remarks(&p.doc, &p.warnings);
    assert!(
        p.doc
            .remarks
            .iter()
            .all(|r| matches!(r.at, Anchor::Heading(_))),
        "{:?}",
        p.doc.remarks
    );
    let docx = gongwen::docx::render(&p.doc, &p.layout).unwrap();
    let xml = part(&docx, "word/document.xml");
    assert_eq!(commented_text(&xml, 0), "总体情况,概述");
    assert_eq!(commented_text(&xml, 1), "主动公开情况,概述。");
    assert_eq!(
        part(&docx, "word/comments.xml")
            .matches("<w:comment ")
            .count(),
        2
    );
}
