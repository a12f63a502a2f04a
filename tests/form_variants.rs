//! Local variants of the national forms: variant files and `[form]`'s own `[[form.replace]]`
//! replace and add rows, the national rules still apply where their rows are there, published
//! labels print with a warning, and files beside a report are read from its folder only.

use crate::common::*;
use gongwen::builder::Project;

use crate::forms::{assert_clean, breaks_of, printed, tables};

#[test]
fn a_variant_file_replaces_rows_and_keeps_the_national_rules() {
    let path = fixture("forms-2021-variant", "report.toml");
    let p = project(&path);
    let requests = tables(&p)[1];
    // （六）其他处理 is one row with numbers, under 三、本年度办理结果 like （一）.
    assert_eq!(requests.body.len(), 23);
    assert_eq!(
        printed(requests, "（六）其他处理", 3),
        ["1", "0", "0", "0", "0", "0", "1"]
    );
    let results = &requests.body[2].cells[0];
    assert_eq!(
        (results.text.as_str(), results.rows),
        ("三、本年度办理结果", 20)
    );
    // The national column rule still checks （七）总计 against the one row.
    let text = std::fs::read_to_string(&path).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("forms-2021-variant", "form.toml"),
        dir.path().join("form.toml"),
    )
    .unwrap();
    let bad = dir.path().join("report.toml");
    std::fs::write(
        &bad,
        text.replace(
            "\"三.六\" = [1, 0, 0, 0, 0, 0, 1]",
            "\"三.六\" = [2, 0, 0, 0, 0, 0, 2]",
        ),
    )
    .unwrap();
    let (code, found) = breaks_of(&bad);
    assert_eq!(code, Some(1));
    let rules: Vec<(&str, &str)> = found.iter().map(|f| (f.0.as_str(), f.2.as_str())).collect();
    assert_eq!(
        rules,
        [("column-total", "自然人"), ("column-total", "总计")]
    );
    // The national form refuses the row; the hint names the way out.
    let national = text.replace("kind = \"form.toml\"", "kind = \"gov-disclosure-2021\"");
    let e = project_from(&national).unwrap_err();
    assert!(
        e.contains("[form.requests] has no row `三.六`") && e.contains("kind = \"my-form.toml\""),
        "{e}"
    );
    // A form file is read only from the report's folder.
    let outside = text.replace(
        "kind = \"form.toml\"",
        "kind = \"../forms-2021-clean/form.toml\"",
    );
    std::fs::write(&bad, outside).unwrap();
    let o = gongwen(&["check", bad.to_str().unwrap(), "--no-system-fonts"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is outside the report's folder"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_published_label_is_printed_with_a_warning() {
    let text = std::fs::read_to_string(fixture("forms-2021-clean", "report.toml")).unwrap();
    let t = text.replace(
        "\"三.五.5\" = [0, 0, 0, 0, 0, 0, 0]",
        "\"三.五.5\" = { label = \"5.要求行政机关确认或重新出具已获得信息\", values = [0, 0, 0, 0, 0, 0, 0] }",
    );
    let p = project_from(&t).unwrap();
    let requests = tables(&p)[1];
    assert_eq!(
        printed(requests, "5.要求行政机关确认或重新出具已获得信息", 3).len(),
        7
    );
    let w = gongwen::diag::render_plain(&p.warnings);
    assert!(w.contains("is printed as published, “5.要求行政机关确认或重新出具已获得信息”, not as the national form's “5.要求行政机关确认或重新出具已获取信息”"), "{w}");
}

#[test]
fn a_bad_variant_file_is_refused_with_its_place() {
    let report = std::fs::read_to_string(fixture("forms-2021-variant", "report.toml")).unwrap();
    let good = std::fs::read_to_string(fixture("forms-2021-variant", "form.toml")).unwrap();
    for (variant, message) in [
        (
            good.replace("\"gov-disclosure-2021\"", "\"gov-disclosure-2020\""),
            "a variant of an unknown form `gov-disclosure-2020`",
        ),
        (
            good.replace("\"三.六.3\"]", "\"三.六.4\"]"),
            "table `requests` has no row `三.六.4` to replace",
        ),
        (
            good.replace("table = \"requests\"", "table = \"requests\"\nrow = 1"),
            "unknown field `row`",
        ),
        (
            good + "\n[[rule]]\ntable = \"requests\"\nid = \"x\"\neach = \"column\"\nrule = \"三.一 = (三.二\"\n",
            "rule `三.一 = (三.二`: a `(` is not closed",
        ),
        (
            std::fs::read_to_string(fixture("forms-2021-variant", "form.toml"))
                .unwrap()
                .replace("group = [\"三\"]", "group = [\"三\", \"三.九\"]"),
            "row `三.六` names an unknown group `三.九`",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("form.toml"), &variant).unwrap();
        let path = dir.path().join("report.toml");
        std::fs::write(&path, &report).unwrap();
        let o = gongwen(&["check", path.to_str().unwrap(), "--no-system-fonts"]);
        assert_eq!(o.status.code(), Some(2), "{message}: {}", stderr(&o));
        let e = stderr(&o);
        assert!(
            e.contains(message) && e.contains("form.toml:"),
            "{message}: {e}"
        );
    }
}

#[test]
fn files_beside_the_report_are_read_from_its_folder_only() {
    let report = std::fs::read_to_string(fixture("forms-2021-variant", "report.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("forms-2021-variant", "form.toml"),
        outside.path().join("form.toml"),
    )
    .unwrap();
    // A link leading out of the folder, a parent path, an absolute path, a folder.
    std::os::unix::fs::symlink(
        outside.path().join("form.toml"),
        dir.path().join("form.toml"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("sub.toml")).unwrap();
    let abs = outside.path().join("form.toml");
    for (kind, layout, message) in [
        (
            "form.toml",
            "gbt9704",
            "form `form.toml` is outside the report's folder",
        ),
        (
            "../form.toml",
            "gbt9704",
            "form `../form.toml` is outside the report's folder",
        ),
        (
            abs.to_str().unwrap(),
            "gbt9704",
            "is outside the report's folder",
        ),
        ("sub.toml", "gbt9704", "it is a folder, not a regular file"),
        (
            "gov-disclosure-2021",
            "../x.toml",
            "layout `../x.toml` is outside the report's folder",
        ),
    ] {
        let text = report
            .replace("kind = \"form.toml\"", &format!("kind = \"{kind}\""))
            .replace("layout = \"gbt9704\"", &format!("layout = \"{layout}\""));
        let path = dir.path().join("report.toml");
        std::fs::write(&path, text).unwrap();
        let o = gongwen(&["check", path.to_str().unwrap(), "--no-system-fonts"]);
        assert_eq!(o.status.code(), Some(2), "{kind}");
        assert!(stderr(&o).contains(message), "{message}: {}", stderr(&o));
    }
}

#[test]
fn a_variant_may_be_written_in_the_reports_own_form() {
    // The variant file's [[replace]] as [[form.replace]]: the same form, the same table.
    let file = project(&fixture("forms-2021-variant", "report.toml"));
    let text = std::fs::read_to_string(fixture("forms-2021-variant", "report.toml")).unwrap();
    let inline = text.replace(
        "kind = \"form.toml\"",
        "kind = \"gov-disclosure-2021\"\n\n[[form.replace]]\ntable = \"requests\"\nrows = [\"三.六.1\", \"三.六.2\", \"三.六.3\"]\nby = [{ key = \"三.六\", label = \"（六）其他处理\" }]\n",
    );
    let p = project_from(&inline).unwrap();
    assert!(p.breaks().is_empty());
    let texts = |p: &Project| -> Vec<Vec<String>> {
        tables(p)[1]
            .body
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
            .collect()
    };
    assert_eq!(texts(&p), texts(&file));
    // Its problems are placed in the report.
    let e = project_from(&inline.replace("\"三.六.3\"]", "\"三.六.9\"]")).unwrap_err();
    assert!(
        e.contains("table `requests` has no row `三.六.9` to replace")
            && e.contains("report.toml:"),
        "{e}"
    );
}

#[test]
fn a_variant_adds_a_row_by_replacing_the_row_before_it() {
    // A province's table 二 with a 行政确认 row after 行政强制, its number spanning like theirs.
    let text = std::fs::read_to_string(fixture("forms-2021-clean", "report.toml")).unwrap();
    let t = text
        .replace(
            "kind = \"gov-disclosure-2021\"",
            "kind = \"gov-disclosure-2021\"\n\n[[form.replace]]\ntable = \"active\"\nrows = [\"行政强制\"]\nby = [{ key = \"行政强制\", label = \"行政强制\" }, { key = \"行政确认\", label = \"行政确认\" }]\n",
        )
        .replace("\"行政强制\" = [12]", "\"行政强制\" = [12]\n\"行政确认\" = [7]");
    let p = project_from(&t).unwrap();
    assert_clean(&p);
    let active = tables(&p)[0];
    assert_eq!(printed(active, "行政确认", 1), ["7"]);
    let row = active
        .body
        .iter()
        .find(|r| r.cells.iter().any(|c| c.text == "行政确认"))
        .unwrap();
    assert_eq!(row.cells.iter().find(|c| c.text == "7").unwrap().cols, 3);
}

#[test]
fn a_group_label_may_be_printed_as_published() {
    let text = std::fs::read_to_string(fixture("forms-2021-clean", "report.toml")).unwrap();
    let t = text.replace(
        "[form.requests]\n",
        "[form.requests]\n\"三.三\" = { label = \"（三）不予公开的\", values = [] }\n",
    );
    let p = project_from(&t).unwrap();
    assert_clean(&p);
    let warnings = gongwen::diag::render_plain(&p.warnings);
    assert!(
        warnings
            .contains("\"三.三\" of [form.requests] is printed as published, “（三）不予公开的”"),
        "{warnings}"
    );
    let labels: Vec<String> = tables(&p)[1]
        .body
        .iter()
        .flat_map(|r| &r.cells)
        .filter(|c| c.rows > 1 && !c.merged)
        .map(|c| c.text.clone())
        .collect();
    assert!(
        labels.contains(&"（三）不予公开的".to_string()),
        "{labels:?}"
    );
    // A group key with numbers is still no row.
    let e = project_from(&text.replace(
        "[form.requests]\n",
        "[form.requests]\n\"三.三\" = [1, 0, 0, 0, 0, 0, 1]\n",
    ))
    .unwrap_err();
    assert!(e.contains("[form.requests] has no row `三.三`"), "{e}");
}
