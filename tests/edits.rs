//! Edits come back as data: numbers typed over cited figures change the figures (the text
//! keeps its citations), computed figures keep their formulas and report the conflict.

use crate::common::*;
use crate::docx_import_common::*;

/// The reference report's DOCX with `from` replaced by `to` in its text.
fn edited(from: &str, to: &str) -> (gongwen::builder::Project, Vec<u8>) {
    let base = project(&reference_toml());
    let docx = edit_document(&crate::docx::render(&base), |xml| {
        assert_eq!(xml.matches(from).count(), 1, "`{from}` stands once");
        *xml = xml.replace(from, to);
    });
    (base, docx)
}

fn onto(base: &gongwen::builder::Project, docx: &[u8]) -> (String, String) {
    let imported = import(docx);
    let (toml, notes) = gongwen::import::onto::onto(&base.file, &imported.outline)
        .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&[d])));
    (toml, gongwen::diag::render_plain(&notes))
}

/// 845 → 839 over `{environment.total}`: the stated figure takes 839, the citation stays, the
/// import says so, and the check that reported 845 against its parts (839) is now clean.
#[test]
fn a_number_typed_over_a_citation_changes_the_figure() {
    let (base, docx) = edited("环境保护信息845条", "环境保护信息839条");
    let (toml, notes) = onto(&base, &docx);
    assert!(
        toml.contains("各类环境保护信息{environment.total}条"),
        "the citation stays"
    );
    assert!(
        toml.contains("total = { value = 839,"),
        "{}",
        gongwen::import::diff::lines(&base.file.text, &toml)
    );
    assert!(notes.contains("environment.total: 845 → 839"), "{notes}");
    let diff = gongwen::import::diff::lines(&base.file.text, &toml);
    assert_eq!(
        diff.lines().filter(|l| l.starts_with("+ ")).count(),
        1,
        "{diff}"
    );
    let p = project_from(&toml).unwrap();
    assert!(
        p.breaks().is_empty(),
        "{:?}",
        p.break_findings()
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
}

/// A number typed over a computed figure: the formula is kept and the conflict reported with
/// both numbers.
#[test]
fn a_computed_figure_keeps_its_formula_and_reports_the_conflict() {
    let text = "[report]\ntitle = \"测试报告\"\noffice = \"测试办公室\"\n\n[opening]\ntext = '''\n共收到申请{a.total}件，其中网上{a.online}件。\n'''\n\n[figures.a]\ntotal = { sum = [\"online\", \"letter\"] }\nonline = 38\nletter = 24\n";
    let base = project_from(text).unwrap();
    let docx = edit_document(&crate::docx::render(&base), |xml| {
        *xml = xml.replace("共收到申请62件", "共收到申请63件");
    });
    let (toml, notes) = onto(&base, &docx);
    assert_eq!(toml, text, "the definition is unchanged");
    assert!(
        notes.contains("figure `a.total` is computed (sum) as 62, but the document prints 63"),
        "{notes}"
    );
}

/// One figure printed in two places, edited in one: the two places disagree, so the figure is
/// kept and the conflict reported.
#[test]
fn a_figure_edited_to_two_values_is_a_conflict() {
    let text = "[report]\ntitle = \"测试报告\"\noffice = \"测试办公室\"\n\n[opening]\ntext = '''\n共{a.n}件。\n又见{a.n}件。\n'''\n\n[figures.a]\nn = 5\n";
    let base = project_from(text).unwrap();
    let docx = edit_document(&crate::docx::render(&base), |xml| {
        *xml = xml.replace("共5件", "共6件");
    });
    let (toml, notes) = onto(&base, &docx);
    assert!(toml.contains("n = 5"), "{toml}");
    assert!(notes.contains("figure `a.n` now reads 6"), "{notes}");
}

/// A declared figure that nothing cites (text, cells, charts, formulas, checks) is a warning
/// at its declaration; figures used only inside other figures' formulas are cited.
#[test]
fn a_figure_nothing_cites_is_a_warning() {
    let text = "[report]\ntitle = \"测试报告\"\noffice = \"测试办公室\"\n\n[opening]\ntext = '''\n共收到申请{a.total}件。\n'''\n\n[figures.a]\ntotal = { sum = [\"online\", \"letter\"] }\nonline = 38\nletter = 24\nforgotten = 7\n";
    let p = project_from(text).unwrap();
    let found: Vec<String> = p.warnings.iter().map(|d| d.message.clone()).collect();
    assert_eq!(
        found,
        ["figure `a.forgotten` is declared but nothing cites it"]
    );
    let at = p.warnings[0].location().unwrap();
    assert_eq!(at, "report.toml:14:13", "{at}");
    let clean = project(&reference_toml());
    assert!(
        !clean
            .warnings
            .iter()
            .any(|d| d.message.contains("nothing cites"))
    );
}

/// A number typed over a cell of the national form's table goes into `[form]`, the rest of
/// the definition byte for byte; the rebuilt form prints it.
#[test]
fn an_edited_form_cell_goes_into_the_form() {
    let base = example_tables();
    let docx = edit_document(&crate::docx::render(&base), |xml| {
        assert_eq!(xml.matches(">1523<").count(), 1);
        *xml = xml.replace(">1523<", ">1532<");
    });
    let (toml, notes) = onto(&base, &docx);
    let want = base
        .file
        .text
        .replace("\"行政许可\" = [1523]", "\"行政许可\" = [1532]");
    assert!(
        toml == want,
        "{}",
        gongwen::import::diff::lines(&want, &toml)
    );
    assert!(notes.contains("1523 → 1532"), "{notes}");
    let p = project_from(&toml).unwrap();
    assert!(format!("{:?}", p.doc.blocks).contains("\"1532\""));
}

/// A heading typed into a plain paragraph of an edited DOCX (its number typed, no style)
/// becomes a section, numbered by the builder: never a duplicate number in the text.
#[test]
fn a_heading_typed_into_a_plain_paragraph_becomes_a_section() {
    let base = project(&reference_toml());
    let next = "聚焦重点，深入推进重点领域信息公开。";
    let docx = edit_document(&crate::docx::render(&base), |xml| {
        let at = para_start(xml, next);
        xml.insert_str(
            at,
            "<w:p><w:r><w:t>（二）加强新增一节的工作。</w:t></w:r></w:p><w:p><w:r><w:t>新增一节的正文。</w:t></w:r></w:p>",
        );
    });
    let imported = import(&docx);
    let (toml, _) = gongwen::import::onto::onto(&base.file, &imported.outline).unwrap();
    assert!(
        toml.contains("title = \"加强新增一节的工作。\""),
        "{}",
        gongwen::import::diff::lines(&base.file.text, &toml)
    );
    let p = project_from(&toml).unwrap();
    let heads = headings(&p);
    let at = heads
        .iter()
        .position(|h| h == "（二）加强新增一节的工作。")
        .expect("a section (二)");
    assert_eq!(heads[at + 1], format!("（三）{next}"));
    assert!(
        !toml.contains("（二）加强新增"),
        "the typed number is not kept in the text"
    );
}
