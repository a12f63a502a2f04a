//! A yearbook's 汇总表 (`[summary]`): built by the builder as an ordinary table (a row a
//! report, the book's totals last) in a part of its own, printed in the PDF and the DOCX.

use crate::common::*;

#[test]
fn the_summary_is_a_table_of_the_book_with_its_totals() {
    let path = root().join("tests/fixtures/yearbook-tables/summary.yearbook.toml");
    let book = gongwen::book::load(&path)
        .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)));
    let last = book.book.parts.last().unwrap();
    assert_eq!(last.title, "数据汇总");
    let doc = &last.reports[0];
    assert_eq!(doc.title, ["政府信息公开工作主要数据汇总表"]);
    let table = doc.tables().next().unwrap();
    let rows: Vec<Vec<&str>> = table
        .header
        .iter()
        .chain(&table.body)
        .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(
        rows[0],
        ["单位", "新收申请", "予以公开", "不予公开", "行政复议"]
    );
    assert_eq!(rows[1], ["某县人民政府办公室", "78", "42", "4", "3"]);
    assert_eq!(rows[2][1..], ["—", "—", "—", "—"]);
    assert_eq!(rows[3], ["合计", "78", "42", "4", "3"]);
}

#[test]
fn the_summary_is_printed_in_both_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let path = root().join("tests/fixtures/yearbook-tables/summary.yearbook.toml");
    let o = gongwen(&[
        "build",
        path.to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
        "-q",
        "--no-system-fonts",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let pdf = pdf_text(&std::fs::read(dir.path().join("summary.yearbook.pdf")).unwrap());
    let flat: String = pdf.split_whitespace().collect();
    assert!(
        flat.contains("主要数据汇总表") && flat.contains("合计78424"),
        "{flat}"
    );
    let docx = std::fs::read(dir.path().join("summary.yearbook.docx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    let words: String = xml
        .split('<')
        .filter_map(|t| t.split_once('>').map(|(_, w)| w))
        .collect();
    assert!(
        words.contains("政府信息公开工作主要数据汇总表") && words.contains("合计78424"),
        "{words}"
    );
}

#[test]
fn a_summary_column_no_form_has_is_an_error_at_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/fixtures/yearbook-tables");
    for f in ["tables.toml", "good.toml"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    let text = std::fs::read_to_string(src.join("summary.yearbook.toml")).unwrap();
    let bad = text.replace("row = \"三.三\"", "row = \"九\"");
    std::fs::write(dir.path().join("book.toml"), &bad).unwrap();
    let o2 = gongwen(&[
        "build",
        dir.path().join("book.toml").to_str().unwrap(),
        "-o",
        dir.path().join("out").to_str().unwrap(),
        "-q",
        "--no-system-fonts",
    ]);
    assert_eq!(o2.status.code(), Some(2), "{}", stderr(&o2));
    assert!(
        stderr(&o2).contains("names cell requests, 九, 总计"),
        "{}",
        stderr(&o2)
    );
    assert!(!dir.path().join("out/book.pdf").exists());
}

#[test]
fn check_reports_the_summarys_problems_as_build_does() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/fixtures/yearbook-tables");
    for f in ["tables.toml", "good.toml"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    let text = std::fs::read_to_string(src.join("summary.yearbook.toml")).unwrap();
    // The yearbook as given: check finds nothing of the summary's.
    std::fs::write(dir.path().join("book.toml"), &text).unwrap();
    let book = dir.path().join("book.toml");
    let good = gongwen(&["check", book.to_str().unwrap()]);
    assert!(!stderr(&good).contains("[summary]"), "{}", stderr(&good));
    assert_ne!(good.status.code(), Some(2), "{}", stderr(&good));
    // A column naming a cell no form has: unusable, at its place, as build says.
    let bad = text.replace("row = \"三.三\"", "row = \"九\"");
    assert_ne!(bad, text);
    std::fs::write(&book, &bad).unwrap();
    let o = gongwen(&["check", book.to_str().unwrap()]);
    let all = format!("{}{}", stderr(&o), String::from_utf8_lossy(&o.stdout));
    assert_eq!(o.status.code(), Some(2), "{all}");
    assert!(all.contains("names cell requests, 九, 总计"), "{all}");
    let j = gongwen(&["check", book.to_str().unwrap(), "--format", "json"]);
    let json = String::from_utf8_lossy(&j.stdout);
    assert!(json.contains("names cell requests, 九, 总计"), "{json}");
    assert!(json.contains("\"unusable\""), "{json}");
}
