//! Tables in an imported DOCX: read back as tables, fresh and onto the definition they came from.

use gongwen::builder::Project;
use gongwen::import::onto;

use crate::common::*;
use crate::docx::render;
use crate::docx_import_common::*;

/// Every table's caption and cells as printed: (caption, rows of (text, col, cols, rows,
/// merged, align)).
type CellView = (String, usize, usize, usize, bool, String);
/// A table as compared: caption, rows of cells, notes.
type TableView = (Option<String>, Vec<Vec<CellView>>, Vec<String>);
fn tables(p: &Project) -> Vec<TableView> {
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
    // Charts (a picture, no data) are said to be left behind.
    let fresh: Vec<&str> = imported.fresh.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(fresh.len(), 2, "{fresh:#?}");
    assert!(
        fresh
            .iter()
            .all(|m| m.starts_with("a chart is not imported"))
    );
    // Read as a submission, the national form's three tables come in as [form] again.
    let bytes = render(&base);
    let s = gongwen::import::submission::read(
        std::path::Path::new("t.docx"),
        "t.docx",
        &bytes,
        None,
        None,
        &Default::default(),
    )
    .unwrap();
    assert_eq!(
        s.outline.form.as_ref().map(|f| f.kind.as_str()),
        Some("gov-disclosure-2021")
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
            "table `active` of the national form is read back cell by cell: its numbers into [form.active], its labels and layout from the form",
            "table `requests` of the national form is read back cell by cell: its numbers into [form.requests], its labels and layout from the form",
            "table `review` of the national form is read back cell by cell: its numbers into [form.review], its labels and layout from the form",
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
    // The remark changes in the table; the number typed over the cell citing `funds.data`
    // changes the figure, and the cell keeps its citation.
    let want_toml = base
        .file
        .text
        .replace("data = { value = 8.25, unit", "data = { value = 8.5, unit")
        .replace("\"含网站运维\"", "\"含网站和平台运维\"");
    assert!(
        toml == want_toml,
        "{}",
        gongwen::import::diff::lines(&want_toml, &toml)
    );
    // The rebuilt document is the original with those cells changed and the total that sums
    // the figure following it: the merged header, the other tables, the form and the charts
    // as they were.
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
    assert_eq!(
        changed, 3,
        "8.25 → 8.5, its total 23.75 → 24.00, and the remark"
    );
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
