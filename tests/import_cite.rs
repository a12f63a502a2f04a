//! On import, a figure of the text that equals its form cell (受理…件, 予以公开…件, or the
//! cells' sum for 予以公开及部分公开…件) becomes a citation of that cell, so that an edited
//! table flows into the text; a figure that disagrees stays as written and `check` reports it.

use gongwen::diag::Kind;

use crate::common::*;
use crate::office_import::{imported, imported_bytes};

const SAID: &str =
    "本年度受理政府信息公开申请13件，予以公开8件，部分公开3件，予以公开及部分公开10件。";

/// The national form copied as text (`office/form-copy.txt`), its first section stating
/// three figures its table gives (13, 8, 8 + 2) and one it does not (部分公开 3: the table 2).
fn copy() -> String {
    let text = std::fs::read_to_string(fixture("office", "form-copy.txt")).unwrap();
    assert!(text.contains("本年度工作情况良好。"));
    text.replace("本年度工作情况良好。", SAID)
}

fn paragraphs(p: &gongwen::builder::Project) -> Vec<String> {
    p.doc
        .texts()
        .into_iter()
        .filter(|(level, _, _)| *level == 0)
        .map(|(_, t, _)| t.to_string())
        .collect()
}

#[test]
fn figures_equal_to_their_cells_come_in_as_citations_and_edits_flow_into_the_text() {
    let (s, toml, p) = imported_bytes("form-copy.txt", copy().as_bytes());
    assert!(s.outline.form.is_some(), "{toml}");
    assert_eq!(s.outline.citations.len(), 3, "{toml}");
    // The text cites, the cells cite the same figures, declared once.
    assert!(
        toml.contains(
            "本年度受理政府信息公开申请{requests.一_总计}件，予以公开{requests.三_一_总计}件，部分公开3件，予以公开及部分公开{requests.予以公开及部分公开}件。"
        ),
        "{toml}"
    );
    assert!(toml.contains("[figures.requests]"), "{toml}");
    assert!(toml.contains("\"一_总计\" = 13"), "{toml}");
    assert!(
        toml.contains("\"予以公开及部分公开\" = { sum = [\"三_一_总计\", \"三_二_总计\"] }"),
        "{toml}"
    );
    assert!(toml.contains("\"{requests.一_总计}\"]"), "{toml}");
    // Printed word for word as before.
    assert!(
        paragraphs(&p).iter().any(|t| t == SAID),
        "{:?}",
        paragraphs(&p)
    );
    // The figure that disagrees stays plain and is the one text finding.
    let found: Vec<_> = p.warnings.iter().filter(|d| d.kind == Kind::Text).collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("部分公开 3"),
        "{}",
        found[0].message
    );
    // An edit of the cell's figure reaches the table and the text.
    let edited = toml.replace("\"一_总计\" = 13", "\"一_总计\" = 14");
    assert_ne!(edited, toml);
    let p = project_from(&edited).unwrap();
    let said = SAID.replace("申请13件", "申请14件");
    assert!(paragraphs(&p).contains(&said), "{:?}", paragraphs(&p));
    let cells = p.form.as_ref().unwrap();
    let cell = cells.cell("requests", "一", "总计").unwrap();
    assert_eq!(
        cell.value.map(|v| v.round(0).unwrap().to_string()),
        Some("14".into())
    );
    let printed: Vec<String> = p
        .doc
        .tables()
        .flat_map(|t| t.texts().map(|(t, _)| t.to_string()).collect::<Vec<_>>())
        .collect();
    assert!(printed.iter().any(|t| t == "14"), "{printed:?}");
    assert!(printed.iter().all(|t| !t.contains('{')), "{printed:?}");
}

#[test]
fn the_import_says_how_many_figures_became_citations() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("report.txt");
    std::fs::write(&input, copy()).unwrap();
    let out = dir.path().join("report.toml");
    let o = gongwen_import(&input, &out, &[]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(
        stdout.contains("3 figure(s) of the text citing the form's cells"),
        "{stdout}{}",
        stderr(&o)
    );
    // And check finds the one that disagrees, as a `text` finding.
    let c = gongwen(&["check", out.to_str().unwrap(), "--format", "json"]);
    let json = String::from_utf8_lossy(&c.stdout);
    let texts =
        json.matches("\"kind\": \"text\"").count() + json.matches("\"kind\":\"text\"").count();
    assert_eq!(texts, 1, "{json}");
}

#[test]
fn a_word_document_of_the_form_comes_in_citing_its_cells_the_same_way() {
    // form-cited.docx (python-docx, make.py): the same report as Word holds it.
    let (s, toml, p) = imported("form-cited.docx");
    assert!(s.outline.form.is_some(), "{toml}");
    assert_eq!(s.outline.citations.len(), 3, "{toml}");
    assert!(
        toml.contains("受理政府信息公开申请{requests.一_总计}件"),
        "{toml}"
    );
    assert!(toml.contains("部分公开3件"), "{toml}");
    assert!(
        paragraphs(&p).iter().any(|t| t == SAID),
        "{:?}",
        paragraphs(&p)
    );
    let found = p.warnings.iter().filter(|d| d.kind == Kind::Text).count();
    assert_eq!(found, 1);
}

#[test]
fn a_report_without_the_form_or_with_figures_that_disagree_comes_in_as_written() {
    // The form's own fixture: no phrase in its text, nothing cited, no [figures].
    let (s, toml, _) = imported("form-copy.txt");
    assert!(
        s.outline.citations.is_empty() && !toml.contains("[figures"),
        "{toml}"
    );
    // Every figure wrong: all plain, each a text finding.
    let wrong = copy()
        .replace("申请13件", "申请12件")
        .replace("予以公开8件", "予以公开7件")
        .replace("部分公开10件", "部分公开11件");
    let (s, toml, p) = imported_bytes("form-copy.txt", wrong.as_bytes());
    assert!(
        s.outline.citations.is_empty() && !toml.contains("[figures"),
        "{toml}"
    );
    let found = p.warnings.iter().filter(|d| d.kind == Kind::Text).count();
    assert_eq!(found, 4, "{toml}");
}
