//! Tables and charts in both outputs: the same cells in the same order in the PDF and in the
//! DOCX, merged cells as Word merges them, header rows repeated, captions numbered by the builder,
//! charts drawn as vector graphics in the PDF and as a picture in the DOCX.

use gongwen::doc::Block;
use roxmltree::Node;

use crate::common::*;
use crate::docx::{attr, child, path, render};

/// A DOCX cell: text, gridSpan, vMerge.
type WordCell = (String, usize, Option<String>);

/// One DOCX table as Word reads it.
#[derive(Debug)]
struct WordTable {
    grid: Vec<i64>,
    /// Rows: (is a header row, cells).
    rows: Vec<(bool, Vec<WordCell>)>,
}

fn text_of(n: Node) -> String {
    n.descendants()
        .filter(|d| d.tag_name().name() == "t")
        .filter_map(|t| t.text())
        .collect()
}

/// Every entry of a zip, bytes as they are (a DOCX with pictures is not all text).
fn entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut v = Vec::new();
            f.read_to_end(&mut v).unwrap();
            (f.name().to_string(), v)
        })
        .collect()
}

fn document_xml(bytes: &[u8]) -> String {
    let all = entries(bytes);
    String::from_utf8(
        all.into_iter()
            .find(|e| e.0 == "word/document.xml")
            .unwrap()
            .1,
    )
    .unwrap()
}

fn word_tables(bytes: &[u8]) -> Vec<WordTable> {
    let xml = document_xml(bytes);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let body = path(doc.root_element(), &["body"]).unwrap();
    body.children()
        .filter(|n| n.tag_name().name() == "tbl")
        .map(|tbl| WordTable {
            grid: child(tbl, "tblGrid")
                .unwrap()
                .children()
                .filter(|c| c.is_element())
                .map(|c| attr(c, "w").unwrap().parse().unwrap())
                .collect(),
            rows: tbl
                .children()
                .filter(|r| r.tag_name().name() == "tr")
                .map(|tr| {
                    let header = path(tr, &["trPr", "tblHeader"]).is_some();
                    let cells = tr
                        .children()
                        .filter(|c| c.tag_name().name() == "tc")
                        .map(|tc| {
                            let span = path(tc, &["tcPr", "gridSpan"])
                                .and_then(|g| attr(g, "val"))
                                .map_or(1, |v| v.parse().unwrap());
                            let merge = path(tc, &["tcPr", "vMerge"])
                                .map(|m| attr(m, "val").unwrap_or("continue").to_string());
                            (text_of(tc), span, merge)
                        })
                        .collect();
                    (header, cells)
                })
                .collect(),
        })
        .collect()
}

fn tables_fixture() -> gongwen::builder::Project {
    let mut p = project(&fixture("tables", "report.toml"));
    let plan = gongwen::typst::FontPlan::new(&p.layout, fonts()).unwrap();
    gongwen::typst::draw_pictures(&mut p.doc, &p.layout, &plan, fonts()).unwrap();
    p
}

fn example() -> gongwen::builder::Project {
    let mut p = project(&root().join("data/example-tables.toml"));
    let plan = gongwen::typst::FontPlan::new(&p.layout, fonts()).unwrap();
    gongwen::typst::draw_pictures(&mut p.doc, &p.layout, &plan, fonts()).unwrap();
    p
}

#[test]
fn the_pdf_and_the_docx_carry_the_same_cells_in_the_same_order() {
    for p in [tables_fixture(), example()] {
        let pdf = normalize(&pdf_text(&pdf(&p)));
        let word = word_tables(&render(&p));
        let tables: Vec<&gongwen::doc::Table> = p.doc.tables().collect();
        assert_eq!(word.len(), tables.len());
        let mut at = 0;
        for (t, w) in tables.iter().zip(&word) {
            // The DOCX has the builder's cells, row by row, header rows marked.
            assert_eq!(w.rows.len(), t.header.len() + t.body.len());
            for (row, (header, cells)) in t.header.iter().chain(&t.body).zip(&w.rows) {
                let want: Vec<String> = row.cells.iter().map(|c| c.text.clone()).collect();
                let got: Vec<String> = cells.iter().map(|c| c.0.clone()).collect();
                assert_eq!(got, want);
                assert_eq!(*header, t.header.iter().any(|h| std::ptr::eq(h, row)));
            }
            // The PDF prints each body row's cells left to right, the rows in order (a cell
            // spanning rows stands where Typst places it, so it is left out here).
            for row in &t.body {
                let line: String = row
                    .cells
                    .iter()
                    .filter(|c| !c.merged && c.rows == 1)
                    .map(|c| normalize(&c.text))
                    .collect();
                let found = pdf[at..]
                    .find(&line)
                    .unwrap_or_else(|| panic!("row {line:?} not in order in the PDF"));
                at += found + line.len();
            }
        }
    }
}

#[test]
fn cells_are_kept_as_written_and_figures_cited_in_them_are_formatted() {
    let p = tables_fixture();
    let Some(Block::Table(t)) = p.doc.blocks.iter().find(|b| matches!(b, Block::Table(_))) else {
        panic!()
    };
    let rows: Vec<Vec<&str>> = t
        .body
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec!["空白", "", "12.50", "无"],
            vec!["零", "0", "0", "—"],
            vec!["斜线", "/", "—", "/"],
            vec!["引用", "12", "7", ""],
        ]
    );
    let align: Vec<_> = t.body[0].cells.iter().map(|c| c.align).collect();
    use gongwen::doc::Align::*;
    assert_eq!(
        align,
        [Left, Right, Right, Right],
        "the stub left, numbers right"
    );
    assert_eq!(
        t.header[0].cells[1].text, "数量（件）",
        "a column's unit in its title"
    );
    assert_eq!(
        t.caption.as_ref().unwrap().text,
        "表1\u{3000}原样保留的单元格"
    );
    assert_eq!(t.notes[0].0, "注：空白、0、—和/照原样印出。");
}

#[test]
fn merged_cells_become_grid_spans_and_vertical_merges() {
    let p = tables_fixture();
    let w = &word_tables(&render(&p))[1];
    // Header: 类别 and 项目 span two rows; 数量 spans three columns; the row is repeated.
    assert!(w.rows[0].0 && w.rows[1].0);
    assert!(!w.rows[2].0);
    let spans = |r: usize| -> Vec<(usize, Option<&str>)> {
        w.rows[r].1.iter().map(|c| (c.1, c.2.as_deref())).collect()
    };
    assert_eq!(
        spans(0),
        [(1, Some("restart")), (1, Some("restart")), (3, None)]
    );
    assert_eq!(
        spans(1),
        [
            (1, Some("continue")),
            (1, Some("continue")),
            (1, None),
            (1, None),
            (1, None)
        ]
    );
    assert_eq!(
        spans(2),
        [
            (1, Some("restart")),
            (1, None),
            (1, None),
            (1, None),
            (1, None)
        ]
    );
    assert_eq!(spans(3)[0], (1, Some("continue")));
    assert_eq!(spans(4)[0], (2, None), "合计 spans the two stub columns");
    // The grid is the builder's widths, which fill the type area.
    let t = p.doc.tables().nth(1).unwrap();
    let twips: Vec<i64> = t.widths.iter().map(|w| i64::from(w.twips())).collect();
    assert_eq!(w.grid, twips);
    let total: f64 = t.widths.iter().map(|w| w.0).sum();
    assert!((total - p.layout.page.type_width.to_pt().0).abs() < 0.01);
    // In the PDF: a Typst table with its header rows repeated, the text as string literals.
    let typ = typst_source(&p);
    assert!(typ.contains("table.header(repeat: true"), "{typ}");
    assert!(
        typ.contains("table.cell(rowspan: 2, align: center + horizon)[#\"类别\"]"),
        "{typ}"
    );
    assert!(
        typ.contains("table.cell(colspan: 3, align: center + horizon)[#\"数量\"]"),
        "{typ}"
    );
}

#[test]
fn a_long_table_repeats_its_header_rows_on_every_page() {
    let p = example();
    let pages = pdf_extract::extract_text_from_mem_by_pages(&pdf(&p)).unwrap();
    // Table 三 of the form runs over pages: 申请人情况 heads it on each.
    let with_header = pages
        .iter()
        .filter(|t| normalize(t).contains("申请人情况"))
        .count();
    assert!(with_header >= 2, "the header shows on {with_header} pages");
    // The DOCX marks the same three rows as header rows.
    let requests = word_tables(&render(&p))
        .into_iter()
        .find(|t| t.grid.len() == 10)
        .unwrap();
    let headers: Vec<bool> = requests.rows.iter().map(|r| r.0).collect();
    assert_eq!(&headers[..4], [true, true, true, false]);
}

#[test]
fn captions_are_numbered_by_the_builder_in_document_order() {
    let p = example();
    let captions: Vec<String> = p
        .doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => t.caption.as_ref().map(|c| c.number.clone()),
            Block::Chart(c) => c.caption.as_ref().map(|c| c.number.clone()),
            _ => None,
        })
        .collect();
    // The form's tables have no caption (the national format has none) and no number.
    assert_eq!(captions, ["表1", "图1", "图2", "表2"]);
    // A layout may number them its own way.
    let dir = tempfile::tempdir().unwrap();
    let layout = std::fs::read_to_string(root().join("layouts/gbt9704.toml"))
        .unwrap()
        .replace("table = \"表{}\"", "table = \"附表{}\"");
    std::fs::write(dir.path().join("my.toml"), layout).unwrap();
    let report = std::fs::read_to_string(fixture("tables", "report.toml"))
        .unwrap()
        .replace(
            "office = \"测试办公室\"",
            "office = \"测试办公室\"\nlayout = \"my.toml\"",
        );
    std::fs::write(dir.path().join("r.toml"), report).unwrap();
    let p = project(&dir.path().join("r.toml"));
    let first = p.doc.tables().find_map(|t| t.caption.clone()).unwrap();
    assert_eq!(first.text, "附表1\u{3000}原样保留的单元格");
}

#[test]
fn charts_are_drawn_in_the_pdf_and_pictured_in_the_docx_with_the_same_labels() {
    let p = example();
    let charts: Vec<&gongwen::doc::Chart> = p.doc.charts().collect();
    assert_eq!(charts.len(), 2);
    let pie = charts[1];
    let labels: Vec<(&str, &str, Option<&str>)> = pie
        .data
        .iter()
        .map(|d| (d.label.as_str(), d.text.as_str(), d.share.as_deref()))
        .collect();
    assert_eq!(
        labels,
        [
            ("网络", "52件", Some("66.7%")),
            ("信函", "17件", Some("21.8%")),
            ("当面", "9件", Some("11.5%"))
        ]
    );
    // The PDF: vector shapes (no image) with the builder's labels as text.
    let text = normalize(&pdf_text(&pdf(&p)));
    for c in &charts {
        for d in &c.data {
            for t in [
                Some(d.label.as_str()),
                Some(d.text.as_str()),
                d.share.as_deref(),
            ]
            .into_iter()
            .flatten()
            {
                assert!(text.contains(&normalize(t)), "{t} not in the PDF");
            }
        }
    }
    let typ = typst_source(&p);
    assert!(
        typ.contains("curve(fill:") && typ.contains("rect(width:"),
        "bars and slices are shapes"
    );
    // The DOCX: one PNG a chart at the layout's resolution (300 dpi over 140 mm), placed at the
    // chart's size, its caption under it.
    let docx = render(&p);
    let media: Vec<(String, Vec<u8>)> = entries(&docx)
        .into_iter()
        .filter(|e| e.0.starts_with("word/media/"))
        .collect();
    assert_eq!(
        media.len(),
        2,
        "{:?}",
        media.iter().map(|m| &m.0).collect::<Vec<_>>()
    );
    let xml = document_xml(&docx);
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let extents: Vec<(i64, i64)> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "extent")
        .map(|n| {
            (
                n.attribute("cx").unwrap().parse().unwrap(),
                n.attribute("cy").unwrap().parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(extents, [(5_040_000, 2_880_000); 2], "140 × 80 mm in EMU");
    assert!(media.iter().all(|m| m.1.starts_with(b"\x89PNG")));
    let width = u32::from_be_bytes(media[0].1[16..20].try_into().unwrap());
    assert_eq!(width, 1654, "140 mm at 300 dpi");
    let ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "docPr")
        .map(|n| n.attribute("id").unwrap())
        .collect();
    assert_eq!(ids, ["1", "2"], "every picture its own id");
    // The same picture every time.
    assert_eq!(render(&example()), render(&p));
}

#[test]
fn a_group_label_its_column_cannot_hold_breaks_after_its_number_in_both_outputs() {
    // （三）不予公开 on two lines, （三） / 不予公开, so the items beside it get the width;
    // 三、本年度办理结果 never splits its 三、 (LibreOffice once set 、 alone on a line).
    let p = example();
    let requests = p.doc.tables().find(|t| t.body.len() > 20).unwrap();
    let labels = |col: usize| -> Vec<Vec<&str>> {
        requests
            .body
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| c.rows > 1 && c.col == col && !c.merged)
            .map(|c| c.lines().collect())
            .collect()
    };
    assert_eq!(
        labels(1),
        [
            ["（三）", "不予公开"],
            ["（四）", "无法提供"],
            ["（五）", "不予处理"],
            ["（六）", "其他处理"]
        ]
    );
    // The outermost label after its number and then a character a line, as the form has it.
    assert_eq!(
        labels(0),
        [["三、", "本", "年", "度", "办", "理", "结", "果"]]
    );
    // Table 四's fifteen narrow columns: every header word one character a line (结/果/维/持,
    // never 结/果/维持 overfilling its cell).
    let review = p.doc.tables().find(|t| t.widths.len() == 15).unwrap();
    let words: Vec<Vec<&str>> = review
        .header
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| c.cols == 1 && !c.merged && c.text == "结果维持")
        .map(|c| c.lines().collect())
        .collect();
    assert_eq!(words.len(), 3);
    assert!(
        words.iter().all(|w| *w == ["结", "果", "维", "持"]),
        "{words:?}"
    );
    let xml = document_xml(&render(&p));
    assert!(
        xml.contains("（三）</w:t><w:br"),
        "a Word line break after the number"
    );
    let source = typst_source(&p);
    assert!(
        source.contains("\"（三）\"#linebreak()#\"不予公开\""),
        "an unjustified Typst line break"
    );
}

#[test]
fn a_row_of_one_line_texts_is_one_line_high_and_a_text_that_wraps_grows_its_row() {
    let p = project_from(
        r#"[report]
title = "表格测试报告"
office = "测试办公室"

[opening]
text = '''
表格如下。
{table:t}
'''

[table.t]
columns = ["项目", "说明"]
rows = [
  ["短", "一行"],
  ["长", "这一格的说明文字很长很长，远远超过一栏的宽度，只好折成好几行才能印得下，而它所在的一行也就随之变高"],
  ["末", "尾行"],
]
"#,
    )
    .unwrap();
    let source = typst_source(&p);
    // The header and the rows of short texts have the height of one line; the long one is
    // measured by Typst, and only its text gets the optimized breaker.
    assert!(
        source.contains("rows: (gw-line, gw-line, auto, gw-line,)"),
        "{source}"
    );
    assert!(source.contains("[#gw-wrap[#\"这一格"), "{source}");
    assert!(source.contains("[#\"一行\"]"), "{source}");
    // In the PDF the long text runs over several lines and the next row comes below them.
    let g = crate::pdf_read::glyphs(&pdf(&p));
    let y = |c: &str| {
        g.iter()
            .find(|x| x.c == c && (x.size - 12.0).abs() < 0.3)
            .unwrap_or_else(|| panic!("{c} in a cell"))
            .y
    };
    assert!(y("这") + 12.0 < y("高"), "the long text wraps");
    assert!(
        y("短") < y("这") && y("高") + 12.0 < y("末"),
        "rows in order, none over another"
    );
}

#[test]
fn a_layout_that_does_not_settle_is_said_in_the_reports_terms() {
    // Many tables running over pages: Typst's own words (pointing into generated source) give
    // way to one warning a reader can act on.
    let mut report = String::from(
        "[report]\ntitle = \"长表测试\"\noffice = \"测试办公室\"\n\n[opening]\ntext = '''\n",
    );
    for t in 0..10 {
        report.push_str(&format!("第{t}张表如下。\n{{table:t{t}}}\n"));
    }
    report.push_str("'''\n");
    for t in 0..10 {
        report.push_str(&format!(
            "\n[table.t{t}]\ncaption = \"第{t}张表\"\ncolumns = [\"项目\", \"数量\"]\nrows = [\n"
        ));
        for r in 0..50 {
            report.push_str(&format!("  [\"第{r}项\", \"{}\"],\n", r * 7 + t));
        }
        report.push_str("]\n");
    }
    let p = project_from(&report).unwrap();
    let settings = gongwen::typst::PdfSettings {
        profile: Default::default(),
        ident: "test".into(),
    };
    let out = gongwen::typst::compile(typst_source(&p), "t.typ", &p.root, fonts(), None, &settings)
        .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)));
    let text = gongwen::diag::render_plain(&out.warnings);
    assert!(
        !text.contains("typst:") && !text.contains("t.typ"),
        "{text}"
    );
    assert!(
        text.contains("the page layout did not settle in five passes"),
        "{text}"
    );
}
