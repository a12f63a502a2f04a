//! Footnotes and comments: `{note:…}` is a 注 under the page (a Typst footnote, a Word
//! footnote); a DOCX footnote comes back as `{note:…}`; a comment is kept in the definition as
//! a reviewer's remark with author and date.

use crate::common::*;
use crate::docx_import_common::*;

const REPORT: &str = "[report]\ntitle = \"测试报告\"\noffice = \"测试办公室\"\n\n[opening]\ntext = '''\n共收到申请{a.total}件{note:其中网上申请{a.online}件。}，均已办结。\n'''\n\n[[section]]\ntitle = \"总体情况\"\ntext = '''\n全年公开信息{a.total}条{note:统计截至年底。}。\n第二段{note:含{{附表}}。}没有脚注以外的话。\n'''\n\n[figures.a]\ntotal = 62\nonline = 38\n";

fn base() -> gongwen::builder::Project {
    project_from(REPORT).unwrap()
}

fn part(docx: &[u8], name: &str) -> String {
    let parts = unzip(docx);
    let (_, bytes) = parts
        .iter()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no {name}"));
    String::from_utf8(bytes.clone()).unwrap()
}

/// The builder numbers the notes once, in the report's order, with their citations printed
/// and their anchors where they stood.
#[test]
fn the_builder_numbers_each_note_and_anchors_it() {
    let p = base();
    let notes: Vec<(u32, String, String)> = p
        .doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            gongwen::doc::Block::Paragraph(p) => Some(p),
            _ => None,
        })
        .flat_map(|p| {
            p.notes
                .iter()
                .map(|n| (n.number, n.text.clone(), p.text[..n.at].to_string()))
        })
        .collect();
    assert_eq!(
        notes,
        [
            (1, "其中网上申请38件。".into(), "共收到申请62件".into()),
            (2, "统计截至年底。".into(), "全年公开信息62条".into()),
            (3, "含{附表}。".into(), "第二段".into()),
        ]
    );
}

/// A note inside a heading, and an empty note, are errors at their place.
#[test]
fn a_note_outside_running_text_or_empty_is_an_error() {
    let e = project_from("[report]\ntitle = \"测试报告\"\noffice = \"办公室\"\n\n[[section]]\ntitle = \"总体{note:不行}\"\ntext = \"正文{note: }。\"\n").unwrap_err();
    assert!(
        e.contains("a footnote {note:…} stands in a paragraph of running text"),
        "{e}"
    );
    assert!(e.contains("an empty footnote"), "{e}");
}

/// The PDF prints each note under its page, after its mark.
#[test]
fn a_footnote_prints_in_the_pdf() {
    let p = base();
    let source = typst_source(&p);
    assert!(
        source.contains("footnote(numbering: (..n) => \"3\""),
        "{source}"
    );
    let text = normalize(&pdf_text(&pdf(&p)));
    for words in ["其中网上申请38件。", "统计截至年底。", "含{附表}。"] {
        assert!(text.contains(words), "{words} in {text}");
    }
    // The body reads on after the mark: 62件 then the mark 1, then ，均已办结。
    assert!(text.contains("共收到申请62件1,均已办结。"), "{text}");
}

/// The DOCX has real Word footnotes: a reference in the text, the words in footnotes.xml with
/// Word's own number mark, the relationship and the styles.
#[test]
fn a_footnote_is_a_word_footnote_in_the_docx() {
    let docx = crate::docx::render(&base());
    let document = part(&docx, "word/document.xml");
    let footnotes = part(&docx, "word/footnotes.xml");
    let rels = part(&docx, "word/_rels/document.xml.rels");
    let styles = part(&docx, "word/styles.xml");
    assert_eq!(document.matches("<w:footnoteReference w:id=").count(), 3);
    assert_eq!(
        footnotes.matches("<w:footnoteRef/>").count(),
        3,
        "{footnotes}"
    );
    assert!(footnotes.contains("其中网上申请38件。"), "{footnotes}");
    assert!(footnotes.contains("<w:footnote w:id=\"3\">"), "{footnotes}");
    assert!(rels.contains("relationships/footnotes"), "{rels}");
    assert!(styles.contains("w:styleId=\"FootnoteText\""));
    assert!(styles.contains("w:styleId=\"FootnoteReference\""));
    // Word restarts the numbers in each section (a yearbook's report), as the builder counts.
    let settings = part(&docx, "word/settings.xml");
    assert!(
        settings.contains("<w:numRestart w:val=\"eachSect\"/>"),
        "{settings}"
    );
    // The mark follows its anchor in the same paragraph.
    let anchor = document.find("共收到申请62件").unwrap();
    let mark = document.find("<w:footnoteReference w:id=\"1\"").unwrap();
    let next = document.find("，均已办结。").unwrap();
    assert!(anchor < mark && mark < next);
}

/// The DOCX read back gives the notes again: the fresh definition writes them as `{note:…}`
/// (a literal brace doubled), and `--onto` an unchanged DOCX leaves the definition as it was,
/// citations inside notes included.
#[test]
fn footnotes_come_back_from_the_docx() {
    let p = base();
    let imported = import(&crate::docx::render(&p));
    let (toml, fresh) = rebuilt(&imported);
    assert!(
        toml.contains("共收到申请62件{note:其中网上申请38件。}，均已办结。"),
        "{toml}"
    );
    assert!(toml.contains("第二段{note:含{{附表}}。}没有"), "{toml}");
    let notes: Vec<String> = texts(&fresh).into_iter().map(|t| t.1).collect();
    assert!(notes.iter().any(|t| t == "统计截至年底。"), "{notes:?}");
    let (onto, _) = rebuilt_onto(&p, &imported);
    assert_eq!(onto, REPORT);
}

/// A footnote an editor added in Word (a reference run and a footnote part entry, as Word
/// saves them) comes back as `{note:…}` with `--onto` and prints in the rebuilt PDF.
#[test]
fn a_footnote_added_in_word_comes_back_and_prints() {
    let p = base();
    let docx = crate::docx::render(&p);
    let docx = edit_document(&docx, |xml| {
        let at = xml.find("，均已办结。").unwrap();
        let run = xml[..at].rfind("<w:r>").unwrap();
        // Split the run: 。 the mark goes after ，均已办结 in a run of its own.
        let end = at + "，均已办结。".len();
        let close = end + xml[end..].find("</w:r>").unwrap() + "</w:r>".len();
        let before = &xml[run..at];
        let new = format!(
            "{before}，均已办结</w:t></w:r><w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference w:id=\"9\"/></w:r><w:r><w:t>。</w:t></w:r>"
        );
        xml.replace_range(run..close, &new);
    });
    let docx = edit_part(&docx, "word/footnotes.xml", |xml| {
        let at = xml.rfind("</w:footnotes>").unwrap();
        xml.insert_str(at, "<w:footnote w:id=\"9\"><w:p><w:pPr><w:pStyle w:val=\"FootnoteText\"/></w:pPr><w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space=\"preserve\"> 办结率按件计算。</w:t></w:r></w:p></w:footnote>");
    });
    let (toml, q) = rebuilt_onto(&p, &import(&docx));
    assert!(
        toml.contains("共收到申请{a.total}件{note:其中网上申请{a.online}件。}，均已办结{note:办结率按件计算。}。"),
        "{}",
        gongwen::import::diff::lines(REPORT, &toml)
    );
    let text = normalize(&pdf_text(&pdf(&q)));
    assert!(text.contains("办结率按件计算。"), "{text}");
}

/// The reference report's DOCX with a comment by 张三 on a paragraph of （二）, as Word saves
/// one: the range and reference in the text, the words in `word/comments.xml`.
fn commented(docx: &[u8], words: &str) -> Vec<u8> {
    let docx = edit_document(docx, |xml| {
        let start = para_start(xml, words);
        let body = start + xml[start..].find("<w:r>").unwrap();
        xml.insert_str(body, "<w:commentRangeStart w:id=\"0\"/>");
        let end = start + xml[start..].find("</w:p>").unwrap();
        xml.insert_str(
            end,
            "<w:commentRangeEnd w:id=\"0\"/><w:r><w:commentReference w:id=\"0\"/></w:r>",
        );
    });
    edit_part(&docx, "word/comments.xml", |xml| {
        let at = xml.rfind("/>").unwrap();
        let open = xml[..at].to_string() + ">";
        *xml = format!(
            "{open}<w:comment w:id=\"0\" w:author=\"张三\" w:date=\"2024-03-01T09:30:00Z\" w:initials=\"张\"><w:p><w:r><w:t>请核实此处数字。</w:t></w:r></w:p></w:comment></w:comments>"
        );
    })
}

/// A comment's words, author and date are kept in the definition as a TOML comment before the
/// section's `text` (fresh and `--onto`), and the import lists it.
#[test]
fn a_comment_is_kept_beside_its_paragraph_with_author_and_date() {
    let p = base();
    let docx = commented(&crate::docx::render(&p), "全年公开信息62条");
    let imported = import(&docx);
    let listed = gongwen::diag::render_plain(&imported.warnings);
    assert!(
        listed.contains("a comment on “全年公开信息62条") && listed.contains("张三"),
        "{listed}"
    );
    assert!(!listed.contains("not imported"), "{listed}");
    let line = "# 批注（张三，2024-03-01）：请核实此处数字。\ntext = '''\n全年公开信息";
    let (fresh, _) = rebuilt(&imported);
    assert!(fresh.contains(line), "{fresh}");
    let (onto, again) = rebuilt_onto(&p, &imported);
    assert!(
        onto.contains(&line.replace("62条", "{a.total}条")),
        "{}",
        gongwen::import::diff::lines(REPORT, &onto)
    );
    assert_eq!(
        gongwen::import::diff::lines(REPORT, &onto)
            .lines()
            .filter(|l| l.starts_with("+ "))
            .count(),
        1,
        "only the remark is added"
    );
    assert_eq!(headings(&again), headings(&p));
    // Imported again onto the result, the remark is not written twice.
    let file = gongwen::diag::SourceFile::new(
        "report.toml".into(),
        std::path::Path::new("report.toml"),
        onto.clone(),
    );
    let (twice, _) = gongwen::import::onto::onto(&file, &imported.outline).unwrap();
    assert_eq!(twice, onto);
}

/// A comment on the opening goes before `[opening]`.
#[test]
fn a_comment_on_the_opening_goes_before_it() {
    let p = base();
    let imported = import(&commented(&crate::docx::render(&p), "共收到申请62件"));
    let (fresh, _) = rebuilt(&imported);
    assert!(
        fresh.contains("# 批注（张三，2024-03-01）：请核实此处数字。\n[opening]"),
        "{fresh}"
    );
    let (onto, _) = rebuilt_onto(&p, &imported);
    assert!(
        onto.contains("# 批注（张三，2024-03-01）：请核实此处数字。\n[opening]"),
        "{onto}"
    );
}

/// With `--onto`, a note's words edited in the DOCX change the note and keep the citations
/// around it; a number typed over a citation in a paragraph with a note changes the figure.
#[test]
fn edits_beside_and_inside_a_note_come_back() {
    let p = base();
    let docx = edit_part(&crate::docx::render(&p), "word/footnotes.xml", |xml| {
        *xml = xml.replace("统计截至年底。", "统计截至12月31日。");
    });
    let (toml, _) = rebuilt_onto(&p, &import(&docx));
    assert!(
        toml.contains("全年公开信息{a.total}条{note:统计截至12月31日。}。"),
        "{}",
        gongwen::import::diff::lines(REPORT, &toml)
    );
    let docx = edit_document(&crate::docx::render(&p), |xml| {
        *xml = xml.replace("全年公开信息62条", "全年公开信息63条");
    });
    let imported = import(&docx);
    let (toml, notes) = gongwen::import::onto::onto(&p.file, &imported.outline).unwrap();
    let notes = gongwen::diag::render_plain(&notes);
    assert!(toml.contains("total = 63"), "{toml}");
    assert!(
        toml.contains("全年公开信息{a.total}条{note:统计截至年底。}。"),
        "{toml}"
    );
    assert!(notes.contains("a.total: 62 → 63"), "{notes}");
}

/// In a yearbook each report numbers its notes from 1: the PDF prints both notes, the DOCX
/// holds them as two Word footnotes with ids of their own and restarts Word's count in each
/// report's section.
#[test]
fn a_yearbook_numbers_each_reports_notes_from_one() {
    let dir = std::env::temp_dir().join(format!("gongwen-book-notes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for (name, note) in [("a", "甲报告的注。"), ("b", "乙报告的注。")] {
        let text = format!(
            "[report]\ntitle = \"{name}报告\"\noffice = \"{name}办公室\"\n\n[opening]\ntext = \"正文{{note:{note}}}。\"\n"
        );
        std::fs::write(dir.join(format!("{name}.toml")), text).unwrap();
    }
    std::fs::write(
        dir.join("yearbook.toml"),
        "[yearbook]\ntitle = \"汇编\"\nyear = 2015\noffice = \"办公室\"\ndate = 2016-04-30\n\n[[part]]\ntitle = \"报告\"\nreports = [\"a.toml\", \"b.toml\"]\n",
    )
    .unwrap();
    let out = dir.join("out");
    let o = gongwen(&[
        "build",
        dir.join("yearbook.toml").to_str().unwrap(),
        "--no-system-fonts",
        "-q",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = normalize(&pdf_text(&std::fs::read(out.join("yearbook.pdf")).unwrap()));
    assert!(
        text.contains("1甲报告的注。") && text.contains("1乙报告的注。"),
        "{text}"
    );
    let docx = std::fs::read(out.join("yearbook.docx")).unwrap();
    let footnotes = part(&docx, "word/footnotes.xml");
    assert!(
        footnotes.contains("<w:footnote w:id=\"1\">")
            && footnotes.contains("<w:footnote w:id=\"2\">")
    );
    assert!(part(&docx, "word/settings.xml").contains("<w:numRestart w:val=\"eachSect\"/>"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A footnote an editor put on a heading is taken out of the heading and kept as a paragraph
/// 注：… after it, with a warning saying where.
#[test]
fn a_footnote_on_a_heading_is_kept_as_a_paragraph_with_a_warning() {
    let p = base();
    let docx = edit_document(&crate::docx::render(&p), |xml| {
        let at = xml.find("总体情况</w:t></w:r>").unwrap() + "总体情况</w:t></w:r>".len();
        xml.insert_str(at, "<w:r><w:footnoteReference w:id=\"1\"/></w:r>");
    });
    let imported = import(&docx);
    let warnings = gongwen::diag::render_plain(&imported.warnings);
    assert!(
        warnings.contains(
            "a footnote on a heading or the title is kept as a paragraph 注：… after it (paragraph"
        ),
        "{warnings}"
    );
    let (toml, q) = rebuilt(&imported);
    assert!(
        toml.contains("title = \"总体情况\"\ntext = \'\'\'\n注：其中网上申请38件。\n全年公开信息"),
        "{toml}"
    );
    assert_eq!(headings(&q), headings(&p));
}
