//! Reports as offices send them — DOCX written in Word's and WPS's conventions, a government
//! website's page, text copied from it, flattened text — imported with the shared recogniser:
//! every heading at its level, no number doubled or lost, the title lines, the signature and
//! the date found, and the rebuilt PDF carrying the source text word for word. The files are
//! made by `tests/fixtures/office/make.py` (python-docx), never by gongwen.

use gongwen::builder::Project;
use gongwen::import::submission::{self, Submission};
use gongwen::import::to_toml;

use crate::common::*;

/// The report's headings, as numbered, with their levels.
const HEADINGS: &[(u8, &str)] = &[
    (1, "一、概述"),
    (2, "（一）加强组织领导。"),
    (2, "（二）完善工作机制"),
    (3, "1、健全制度。"),
    (3, "2、加强培训。"),
    (1, "二、主动公开政府信息情况"),
    (1, "三、存在的问题和改进措施"),
    (2, "（一）存在的问题。"),
    (2, "（二）改进措施。"),
];
const TITLE: [&str; 2] = ["某某县人民政府办公室", "2015年政府信息公开工作年度报告"];
const SIGNATURE: &str = "某某县人民政府办公室";

/// Imports fixture `file` of the office case as a fresh definition, and builds it.
pub(crate) fn imported(file: &str) -> (Submission, String, Project) {
    let path = fixture("office", file);
    imported_bytes(file, &std::fs::read(&path).unwrap())
}

/// Imports the bytes of a file named `file` as a fresh definition, and builds it.
pub(crate) fn imported_bytes(file: &str, bytes: &[u8]) -> (Submission, String, Project) {
    let path = std::path::Path::new(file);
    let s = submission::read(path, file, bytes, None, None, &Default::default())
        .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&[d])));
    let toml = to_toml(&s.outline, "test");
    let p = project_from(&toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
    (s, toml, p)
}

fn levels(p: &Project) -> Vec<(u8, String)> {
    p.doc.headings().map(|h| (h.level, h.text())).collect()
}

/// The report as published, one paragraph a line (title lines first, signature and date last).
fn report_text() -> String {
    std::fs::read_to_string(fixture("office", "report.txt")).unwrap()
}

/// Asserts the whole bar for one file: structure, title, signature, date, text word for word.
fn assert_office_report(file: &str) {
    assert_office_bytes(file, &std::fs::read(fixture("office", file)).unwrap());
}

/// [`assert_office_report`] for the bytes of a file named `file`.
fn assert_office_bytes(file: &str, bytes: &[u8]) {
    let (s, toml, p) = imported_bytes(file, bytes);
    let want: Vec<(u8, String)> = HEADINGS.iter().map(|(l, t)| (*l, t.to_string())).collect();
    assert_eq!(levels(&p), want, "{file}:\n{toml}");
    assert_eq!(p.doc.title, TITLE, "{file}");
    assert_eq!(s.outline.signature.as_deref(), Some(SIGNATURE), "{file}");
    assert_eq!(
        s.outline.date.map(|d| d.iso()).as_deref(),
        Some("2016-03-31"),
        "{file}"
    );
    assert_eq!(
        p.doc.meta.author, SIGNATURE,
        "{file}: the office is the signature's"
    );
    assert_eq!(
        normalize(&pdf_text(&pdf(&p))),
        normalize(&report_text()),
        "{file}: the PDF does not carry the report word for word\n{toml}"
    );
    let odd: Vec<&str> = s
        .warnings
        .iter()
        .filter(|d| d.severity == gongwen::diag::Severity::Warning)
        .map(|d| d.message.as_str())
        .collect();
    assert!(odd.is_empty(), "{file}: {odd:?}");
}

#[test]
fn typed_numbers_bold_and_heiti_headings_and_a_right_aligned_signature() {
    assert_office_report("typed.docx");
}

#[test]
fn ideographic_space_indents_and_a_signature_pushed_by_spaces_and_tabs() {
    assert_office_report("indent.docx");
}

#[test]
fn a_multilevel_list_on_list_paragraph_gives_levels_and_numbers() {
    assert_office_report("list.docx");
}

#[test]
fn wps_outline_levels_with_typed_numbers_are_not_numbered_twice() {
    assert_office_report("wps.docx");
}

#[test]
fn a_table_under_its_caption_line_takes_it_as_caption() {
    let (s, toml, p) = imported("table.docx");
    let want: Vec<(u8, String)> = HEADINGS.iter().map(|(l, t)| (*l, t.to_string())).collect();
    assert_eq!(levels(&p), want, "{toml}");
    let t = &s.outline.tables[0];
    assert_eq!(
        t.caption.as_deref(),
        Some("2015年主动公开政府信息统计表"),
        "{toml}"
    );
    assert_eq!(t.rows.len(), 3);
    assert!(!t.form);
    let text = normalize(&pdf_text(&pdf(&p)));
    assert!(
        text.contains(&normalize(
            "表1　2015年主动公开政府信息统计表类别条数财政预决算356"
        )),
        "{text}"
    );
}

#[test]
fn a_government_web_page_imports_without_its_page() {
    let (s, toml, p) = imported("page.html");
    let want: Vec<(u8, String)> = HEADINGS.iter().map(|(l, t)| (*l, t.to_string())).collect();
    assert_eq!(levels(&p), want, "{toml}");
    assert_eq!(p.doc.title, TITLE, "{toml}");
    assert_eq!(s.outline.signature.as_deref(), Some(SIGNATURE));
    assert_eq!(
        s.outline.date.map(|d| d.iso()).as_deref(),
        Some("2016-03-31")
    );
    // the table with its merged header, under its caption line
    let t = &s.outline.tables[0];
    assert_eq!(t.caption.as_deref(), Some("2015年主动公开政府信息统计表"));
    assert_eq!(
        (t.header.len(), t.header[0][0].rows, t.header[0][1].cols),
        (2, 2, 2)
    );
    // chrome reported with its text
    let all: Vec<&str> = s.warnings.iter().map(|d| d.message.as_str()).collect();
    for chrome in ["发布时间：2016-03-31", "分享到：", "打印本页"] {
        assert!(all.iter().any(|m| m.contains(chrome)), "{chrome}: {all:?}");
    }
    // word for word: the report, and the table where it stood (类别, merged over two rows and
    // centred in them, is read after 条数 in the PDF's text)
    let table = "表1　2015年主动公开政府信息统计表条数类别上年本年财政预决算300356重点项目800900";
    let want = report_text().replace(
        "二是公开重点项目信息。\n",
        &format!("二是公开重点项目信息。\n{table}\n"),
    );
    assert_eq!(normalize(&pdf_text(&pdf(&p))), normalize(&want), "{toml}");
}

#[test]
fn text_copied_from_a_web_page_loses_its_chrome_and_keeps_its_two_line_title() {
    let (s, toml, p) = imported("web-copy.txt");
    let want: Vec<(u8, String)> = HEADINGS.iter().map(|(l, t)| (*l, t.to_string())).collect();
    assert_eq!(levels(&p), want, "{toml}");
    assert_eq!(p.doc.title, TITLE);
    assert_eq!(s.outline.signature.as_deref(), Some(SIGNATURE));
    let chrome: Vec<&str> = s
        .warnings
        .iter()
        .map(|d| d.message.as_str())
        .filter(|m| m.contains("a line of the web page"))
        .collect();
    assert_eq!(chrome.len(), 3, "{chrome:?}");
    assert!(chrome[1].contains("作者:本站原创 | 来源:"), "{chrome:?}");
    assert_eq!(normalize(&pdf_text(&pdf(&p))), normalize(&report_text()));
}

#[test]
fn flattened_text_is_split_at_its_headings_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let flat: String = reference_text().lines().collect::<Vec<_>>().join("");
    let input = dir.path().join("flat.txt");
    std::fs::write(&input, &flat).unwrap();
    let bytes = std::fs::read(&input).unwrap();
    let title = "新乡市2015年政府信息公开工作年度报告";
    let s = submission::read(
        &input,
        "flat.txt",
        &bytes,
        Some(title),
        Some("新乡市人民政府"),
        &Default::default(),
    )
    .unwrap();
    let warned = s
        .warnings
        .iter()
        .any(|d| d.message.contains("headings inside it"));
    assert!(warned, "{:?}", s.warnings);
    assert_eq!(
        s.outline.closing_lines,
        ["责任编辑：黄亮"],
        "the closing line split off too"
    );
    let toml = to_toml(&s.outline, "test");
    let p = project_from(&toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
    let want = project(&reference_toml());
    let numbers = |p: &Project| {
        p.doc
            .headings()
            .map(|h| h.number.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(numbers(&p), numbers(&want), "{toml}");
    assert_eq!(
        normalize(&pdf_text(&pdf(&p))),
        normalize(&format!("{title}{flat}"))
    );
}

#[test]
fn the_national_forms_tables_in_an_office_docx_come_in_as_form_and_check_finds_the_same_breaks() {
    let (s, toml, p) = imported("form.docx");
    let form = s.outline.form.as_ref().expect("[form] recognised");
    assert_eq!(form.kind, "gov-disclosure-2021");
    assert!(s.outline.tables.is_empty(), "no plain tables left: {toml}");
    assert!(
        toml.contains("{table:active}") && toml.contains("\"三.三.1\" = [0, 0, 0, 0, 0, 0, 0]"),
        "{toml}"
    );
    let by_hand = project(&fixture("office", "form.toml"));
    assert_eq!(breaks(&p).len(), 3, "{toml}");
    assert_eq!(breaks(&p), breaks(&by_hand));
    // the tables print as the hand-written definition prints them
    assert_eq!(
        normalize(&pdf_text(&pdf(&p))),
        normalize(&pdf_text(&pdf(&by_hand)))
    );
}

#[test]
#[ignore = "needs LibreOffice: apt-get install -y libreoffice-writer-nogui; run by tests/conformance.sh"]
fn office_files_saved_again_by_libreoffice_import_the_same() {
    use crate::libreoffice::{have, run};
    assert!(
        have("soffice"),
        "this test needs LibreOffice (soffice): apt-get install -y libreoffice-writer-nogui"
    );
    let dir = tempfile::tempdir().unwrap();
    for file in ["typed.docx", "indent.docx", "list.docx", "wps.docx"] {
        let saved = dir.path().join("saved");
        let mut cmd = std::process::Command::new("soffice");
        cmd.arg("--headless")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                dir.path().join("profile").display()
            ))
            .args(["--convert-to", "docx:MS Word 2007 XML", "--outdir"])
            .arg(&saved)
            .arg(fixture("office", file))
            .env("HOME", dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        assert!(run(cmd).success(), "LibreOffice could not save {file}");
        let bytes = std::fs::read(saved.join(file)).unwrap();
        assert_ne!(bytes, std::fs::read(fixture("office", file)).unwrap());
        assert_office_bytes(file, &bytes);
    }
}

/// Every break of `p` as (rule, stated, computed, row, column).
type Seen = (String, String, String, Option<String>, Option<String>);

fn breaks(p: &Project) -> Vec<Seen> {
    p.breaks()
        .iter()
        .map(|b| {
            let s = |t: &String| t.clone();
            (
                s(&b.rule),
                s(&b.stated),
                s(&b.computed),
                b.row.clone(),
                b.column.clone(),
            )
        })
        .collect()
}

#[test]
fn the_national_forms_tables_on_a_web_page_come_in_as_form_and_check_finds_the_same_breaks() {
    // The tables straight in the article block, 商业<br>企业, half-width brackets, —— and ０.
    let (s, toml, p) = imported("form.html");
    let form = s.outline.form.as_ref().expect("[form] recognised");
    assert_eq!(form.kind, "gov-disclosure-2021");
    assert!(s.outline.tables.is_empty(), "no plain tables left: {toml}");
    assert!(toml.contains("\"规章\" = [2, \"——\", 15]"), "{toml}");
    let by_hand = project(&fixture("office", "form.toml"));
    assert_eq!(breaks(&p).len(), 3, "{toml}");
    assert_eq!(breaks(&p), breaks(&by_hand));
}

#[test]
fn a_group_published_as_one_row_comes_in_as_a_local_variant_in_the_report() {
    // （六）其他处理 as one row: [[form.replace]] in the imported [form], checked by the
    // national rules where they still apply, finding the hand-written definition's breaks.
    let (s, toml, p) = imported("form-variant.html");
    let form = s.outline.form.as_ref().expect("[form] recognised");
    assert_eq!(form.replace.len(), 1, "{toml}");
    assert!(
        toml.contains("[[form.replace]]\ntable = \"requests\"\nrows = [\"三.六.1\", \"三.六.2\", \"三.六.3\"]\nby = [{ key = \"三.六\", label = \"（六）其他处理\" }]"),
        "{toml}"
    );
    let by_hand = project(&fixture("office", "form.toml"));
    assert_eq!(breaks(&p), breaks(&by_hand));
    let t = p.doc.tables().nth(1).unwrap();
    let six: Vec<&str> = t
        .body
        .iter()
        .find(|r| r.cells.iter().any(|c| c.text == "（六）其他处理"))
        .map(|r| {
            r.cells
                .iter()
                .filter(|c| !c.merged)
                .map(|c| c.text.as_str())
                .collect()
        })
        .unwrap();
    assert_eq!(
        six.first(),
        Some(&"（六）其他处理"),
        "one row, its own label: {six:?}"
    );
}

#[test]
fn a_form_row_printed_with_another_label_keeps_it_as_published() {
    // The row is known by the numbers typed in its labels (（五） 5.); its own words differ.
    let html = std::fs::read_to_string(fixture("office", "form.html")).unwrap();
    let html = html.replace(
        "5.要求行政机关确认或重新出具已获取信息",
        "5.要求行政机关确认或重新出具已获得信息",
    );
    let (_, toml, p) = imported_bytes("form.html", html.as_bytes());
    assert!(
        toml.contains(
            "\"三.五.5\" = { label = \"5.要求行政机关确认或重新出具已获得信息\", values = ["
        ),
        "{toml}"
    );
    let warnings = gongwen::diag::render_plain(&p.warnings);
    assert!(warnings.contains("is printed as published"), "{warnings}");
    let by_hand = project(&fixture("office", "form.toml"));
    assert_eq!(breaks(&p), breaks(&by_hand));
}

#[test]
fn every_form_report_comes_back_from_its_docx_with_the_same_form() {
    // Blank totals, text cells, a one-row （六）: read from the DOCX as the form prints them.
    for case in [
        "forms-2021-clean",
        "forms-2021-breaks",
        "forms-2019-blank",
        "forms-2021-variant",
    ] {
        let original = project(&fixture(case, "report.toml"));
        let docx = gongwen::docx::render(&original.doc, &original.layout).unwrap();
        let (s, toml, p) = imported_bytes("report.docx", &docx);
        assert!(s.outline.form.is_some(), "{case}: {toml}");
        assert_eq!(breaks(&p), breaks(&original), "{case}: {toml}");
        let cells = |p: &Project| -> Vec<Vec<String>> {
            p.doc
                .tables()
                .flat_map(|t| &t.body)
                .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                .collect()
        };
        assert_eq!(cells(&p), cells(&original), "{case}: {toml}");
    }
}

#[test]
fn the_national_forms_tables_copied_as_text_come_in_as_form_and_check_finds_the_same_breaks() {
    // A browser's copy: a row a line of tab-separated cells, a merged cell once.
    let (s, toml, p) = imported("form-copy.txt");
    let form = s.outline.form.as_ref().expect("[form] recognised");
    assert_eq!(form.kind, "gov-disclosure-2021");
    assert!(s.outline.tables.is_empty(), "no plain tables left: {toml}");
    let by_hand = project(&fixture("office", "form.toml"));
    assert_eq!(breaks(&p), breaks(&by_hand));
    let heads: Vec<String> = p.doc.headings().map(|h| h.text()).collect();
    assert_eq!(heads.len(), 6, "{heads:?}");
}

#[test]
fn a_row_the_offices_table_lacks_comes_in_blank_and_said() {
    // An older template without 8.属于行政查询事项: the form prints whole, the row blank (not
    // stated), its rules still apply; the intake says so.
    let html = std::fs::read_to_string(fixture("office", "form.html")).unwrap();
    let row = "<tr><td>8.属于行政查询事项</td><td>０</td><td>０</td><td>０</td><td>０</td><td>０</td><td>０</td><td>０</td></tr>\n";
    assert!(html.contains(row));
    let html = html
        .replace(row, "")
        .replace(
            "<td rowspan=\"22\">三、本年度办理结果",
            "<td rowspan=\"21\">三、本年度办理结果",
        )
        .replace(
            "<td rowspan=\"8\">(三)不予公开",
            "<td rowspan=\"7\">(三)不予公开",
        );
    let (s, toml, p) = imported_bytes("form.html", html.as_bytes());
    assert!(s.outline.form.is_some(), "{toml}");
    assert!(
        toml.contains("\"三.三.8\" = [\"\", \"\", \"\", \"\", \"\", \"\", \"\"]"),
        "{toml}"
    );
    let said = gongwen::diag::render_plain(&s.warnings);
    assert!(
        said.contains("has no row “（三）不予公开8.属于行政查询事项” (\"三.三.8\")"),
        "{said}"
    );
    let by_hand = project(&fixture("office", "form.toml"));
    assert_eq!(breaks(&p), breaks(&by_hand));
}
