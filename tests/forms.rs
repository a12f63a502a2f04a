//! The national annual-report forms: the skeleton `gongwen new --form` writes builds and checks
//! clean; the three tables have the form's rows, columns and merged cells; every rule of the
//! form's arithmetic is applied and its breaks reported with table, row and column.

use gongwen::builder::Project;
use gongwen::doc::Table;

use crate::common::*;

pub(crate) fn skeleton(kind: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let o = gongwen(&["new", "--form", kind, dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let path = dir.path().join("report.toml");
    (dir, path)
}

pub(crate) fn tables(p: &Project) -> Vec<&Table> {
    p.doc.tables().collect()
}

/// The skeleton with the line of row `key` of `[form.<table>]` replaced by `row`.
pub(crate) fn with_row(text: &str, table: &str, key: &str, row: &str) -> String {
    let start = text.find(&format!("[form.{table}]")).unwrap();
    let at = start + text[start..].find(&format!("\n\"{key}\" = ")).unwrap() + 1;
    let end = at + text[at..].find('\n').unwrap();
    format!("{}\"{key}\" = {row}{}", &text[..at], &text[end..])
}

#[test]
fn the_skeletons_build_and_check_clean() {
    for kind in ["gov-disclosure-2021", "gov-disclosure-2019"] {
        let (dir, path) = skeleton(kind);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("template = true") && text.contains(&format!("kind = \"{kind}\"")));
        let o = gongwen(&["check", path.to_str().unwrap(), "--no-system-fonts"]);
        assert_eq!(o.status.code(), Some(0), "{kind}: {}", stderr(&o));
        let out = dir.path().join("out");
        let o = gongwen(&[
            "build",
            path.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
            "--no-system-fonts",
        ]);
        assert_eq!(o.status.code(), Some(0), "{kind}: {}", stderr(&o));
        assert!(out.join("report.pdf").exists() && out.join("report.docx").exists());
        let p = project(&path);
        let heads: Vec<String> = p.doc.headings().map(|h| h.text()).collect();
        assert_eq!(
            heads,
            [
                "一、总体情况",
                "二、主动公开政府信息情况",
                "三、收到和处理政府信息公开申请情况",
                "四、政府信息公开行政复议、行政诉讼情况",
                "五、存在的主要问题及改进情况",
                "六、其他需要报告的事项"
            ]
        );
        assert_eq!(tables(&p).len(), 3, "{kind}");
    }
    let o = gongwen(&[
        "new",
        "--form",
        "gov-disclosure-2030",
        tempfile::tempdir().unwrap().path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown form `gov-disclosure-2030`"));
}

#[test]
fn the_tables_have_the_forms_rows_columns_and_merged_cells() {
    for (kind, body_rows, active_rows) in [
        ("gov-disclosure-2021", 25, 14),
        ("gov-disclosure-2019", 23, 18),
    ] {
        let (_dir, path) = skeleton(kind);
        let p = project(&path);
        let t = tables(&p);
        // 二: full-width clause rows over blocks of four grid columns; no header.
        let (active, requests, review) = (t[0], t[1], t[2]);
        assert_eq!(
            (active.widths.len(), active.header.len(), active.body.len()),
            (4, 0, active_rows),
            "{kind}"
        );
        assert_eq!(active.body[0].cells[0].text, "第二十条第（一）项");
        assert_eq!(active.body[0].cells[0].cols, 4);
        // 三: the merged note over three label columns, 申请人情况 over seven number columns.
        assert_eq!(
            (
                requests.widths.len(),
                requests.header.len(),
                requests.body.len()
            ),
            (10, 3, body_rows),
            "{kind}"
        );
        let note = &requests.header[0].cells[0];
        assert_eq!((note.cols, note.rows), (3, 3));
        assert!(note.text.starts_with("（本列数据的勾稽关系为"));
        assert_eq!(
            (
                requests.header[0].cells[1].text.as_str(),
                requests.header[0].cells[1].cols
            ),
            ("申请人情况", 7)
        );
        let row3: Vec<&str> = requests.header[2]
            .cells
            .iter()
            .filter(|c| !c.merged)
            .map(|c| c.text.as_str())
            .collect();
        assert_eq!(
            row3,
            [
                "商业企业",
                "科研机构",
                "社会公益组织",
                "法律服务机构",
                "其他"
            ]
        );
        let labels: Vec<&str> = requests
            .body
            .iter()
            .map(|r| {
                r.cells
                    .iter()
                    .rfind(|c| !c.merged && c.col < 3)
                    .unwrap()
                    .text
                    .as_str()
            })
            .collect();
        assert_eq!(labels[0], "一、本年新收政府信息公开申请数量");
        assert_eq!(labels[4], "1.属于国家秘密");
        assert_eq!(labels[body_rows - 2], "（七）总计");
        assert_eq!(labels[body_rows - 1], "四、结转下年度继续办理");
        let results = &requests.body[2].cells[0];
        assert_eq!(
            (results.text.as_str(), results.rows),
            ("三、本年度办理结果", body_rows - 3)
        );
        // 四: 行政复议 over five columns, 行政诉讼 over ten; one row of fifteen numbers.
        assert_eq!(
            (review.widths.len(), review.header.len(), review.body.len()),
            (15, 3, 1)
        );
        assert_eq!(review.body[0].cells.len(), 15);
    }
}

#[test]
fn every_rule_of_the_form_is_applied() {
    let (_dir, path) = skeleton("gov-disclosure-2021");
    let text = std::fs::read_to_string(&path).unwrap();
    let check = |text: &str| -> Vec<serde_json::Value> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.toml");
        std::fs::write(&p, text).unwrap();
        let o = gongwen(&[
            "check",
            p.to_str().unwrap(),
            "--format",
            "json",
            "--no-system-fonts",
        ]);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["check"].clone())
            .collect()
    };
    let rule = |c: &serde_json::Value| {
        (
            c["rule"].as_str().unwrap().to_string(),
            c["row"].as_str().unwrap().to_string(),
            c["column"].as_str().unwrap().to_string(),
            c["stated"].as_str().unwrap().to_string(),
            c["computed"].as_str().unwrap().to_string(),
        )
    };
    // A row's 总计 that is not the sum of its six columns (and so, in the 总计 column, not
    // what （七）总计 says either).
    let t = with_row(&text, "requests", "三.一", "[3, 1, 0, 0, 0, 0, 5]");
    let t = with_row(&t, "requests", "三.七", "[3, 1, 0, 0, 0, 0, 4]");
    let t = with_row(&t, "requests", "一", "[3, 1, 0, 0, 0, 0, 4]");
    let found: Vec<_> = check(&t).iter().map(rule).collect();
    assert_eq!(
        found,
        [
            (
                "row-total".into(),
                "\"三.一\" (（一）予以公开)".into(),
                "总计".into(),
                "5".into(),
                "4".into()
            ),
            (
                "column-total".into(),
                "\"三.七\" (（七）总计)".into(),
                "总计".into(),
                "4".into(),
                "5".into()
            ),
        ]
    );
    // （七）总计 that is not the sum of the detail rows.
    let t = with_row(&text, "requests", "三.七", "[1, 0, 0, 0, 0, 0, 1]");
    let found: Vec<_> = check(&t).iter().map(rule).collect();
    assert!(
        found.contains(&(
            "column-total".into(),
            "\"三.七\" (（七）总计)".into(),
            "自然人".into(),
            "1".into(),
            "0".into()
        )),
        "{found:?}"
    );
    // 一 + 二 ≠ （七）总计 + 四, in the columns where it breaks.
    let t = with_row(&text, "requests", "二", "[2, 0, 0, 0, 0, 1, 3]");
    let found: Vec<_> = check(&t).iter().map(rule).collect();
    assert_eq!(
        found
            .iter()
            .map(|f| (f.0.as_str(), f.2.as_str(), f.3.as_str(), f.4.as_str()))
            .collect::<Vec<_>>(),
        [
            ("column-balance", "自然人", "2", "0"),
            ("column-balance", "其他", "1", "0"),
            ("column-balance", "总计", "3", "0")
        ]
    );
    // Each 总计 of the review table is the sum of its four results.
    let t = with_row(&text, "review", "复议后起诉", "[1, 1, 0, 0, 3]");
    let found: Vec<_> = check(&t).iter().map(rule).collect();
    assert_eq!(
        found,
        [(
            "group-total".into(),
            "复议后起诉".into(),
            "总计".into(),
            "3".into(),
            "2".into()
        )]
    );
    // A consistent filled form is clean, with the totals the office left out computed.
    let mut t = text.clone();
    for (key, row) in [
        ("一", "[5, 1, 0, 0, 0, 0]"),
        ("二", "[1, 0, 0, 0, 0, 0]"),
        ("三.一", "[4, 1, 0, 0, 0, 0]"),
        ("四", "[2, 0, 0, 0, 0, 0]"),
    ] {
        t = with_row(&t, "requests", key, row);
    }
    let start = t.find("\n\"三.七\"").unwrap() + 1;
    let end = start + t[start..].find('\n').unwrap() + 1;
    t.replace_range(start..end, "");
    assert_eq!(check(&t), Vec::<serde_json::Value>::new());
    let p = project_from(&t).unwrap();
    let requests = tables(&p)[1];
    let total_row = &requests.body[requests.body.len() - 2];
    let numbers: Vec<&str> = total_row
        .cells
        .iter()
        .filter(|c| c.col >= 3)
        .map(|c| c.text.as_str())
        .collect();
    assert_eq!(numbers, ["4", "1", "0", "0", "0", "0", "5"]);
}

#[test]
fn bad_form_data_is_refused_with_its_place() {
    let (_dir, path) = skeleton("gov-disclosure-2021");
    let text = std::fs::read_to_string(&path).unwrap();
    for (bad, message) in [
        (
            with_row(&text, "requests", "一", "[0, 0, 0]"),
            "row \"一\" of [form.requests] has 3 numbers; it takes 6",
        ),
        (
            with_row(&text, "requests", "一", "[0, 0, \"许多\", 0, 0, 0]"),
            "`许多` is not a number",
        ),
        (
            with_row(&text, "active", "规章", "[0, 0]"),
            "row \"规章\" of [form.active] has 2 numbers; it takes 3",
        ),
        (
            text.replace("\"四\" = ", "\"五\" = "),
            "[form.requests] has no row `五`",
        ),
        (
            text.replace(
                "kind = \"gov-disclosure-2021\"",
                "kind = \"gov-disclosure\"",
            ),
            "unknown form `gov-disclosure`",
        ),
        (
            text.replace("[form.review]", "[form.reveiw]"),
            "the form has no table `reveiw`",
        ),
        (
            text.replace(
                "kind = \"gov-disclosure-2021\"",
                "kind = \"gov-disclosure-2021\"\nkinds = 3",
            ),
            "[form]'s other keys are kind, template, replace and rule",
        ),
    ] {
        let e = project_from(&bad).unwrap_err();
        assert!(e.contains(message), "{message}: {e}");
        assert!(e.contains("report.toml:"), "{e}");
    }
    let e = project_from(&text.replace("\"四\" = ", "\"五\" = ")).unwrap_err();
    assert!(e.contains("[form.requests] leaves out row \"四\""), "{e}");
    // A table of the form not placed in the text is a warning: it would not print.
    let p = project_from(&text.replace("{table:review}", "无。")).unwrap();
    assert!(gongwen::diag::render_plain(&p.warnings).contains("table `review` is never placed"));
}

/// `gongwen check --format json` on `path`: the exit code and every break's rule, row,
/// column, stated and computed numbers.
/// A break as (rule, row, column, stated, computed).
pub(crate) type Found = (String, String, String, String, String);

pub(crate) fn breaks_of(path: &std::path::Path) -> (Option<i32>, Vec<Found>) {
    let o = gongwen(&[
        "check",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--no-system-fonts",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "check")
        .map(|f| {
            let c = &f["check"];
            let s = |k: &str| c[k].as_str().unwrap_or("").to_string();
            (s("rule"), s("row"), s("column"), s("stated"), s("computed"))
        })
        .collect();
    (o.status.code(), found)
}

/// Asserts `p` has no break, naming them when it has.
pub(crate) fn assert_clean(p: &Project) {
    let messages: Vec<&String> = p.break_findings().iter().map(|d| &d.message).collect();
    assert!(messages.is_empty(), "{messages:?}");
}

/// Every break of `p` as (rule, column, stated, computed).
pub(crate) fn columns(p: &Project) -> Vec<(&str, &str, &str, &str)> {
    p.breaks()
        .iter()
        .map(|b| {
            (
                b.rule.as_str(),
                b.column.as_deref().unwrap(),
                b.stated.as_str(),
                b.computed.as_str(),
            )
        })
        .collect()
}

/// The printed cells of a table's body row whose label is `label`, from column `from` on.
pub(crate) fn printed<'a>(t: &'a Table, label: &str, from: usize) -> Vec<&'a str> {
    let row = t
        .body
        .iter()
        .find(|r| r.cells.iter().any(|c| !c.merged && c.text == label))
        .unwrap_or_else(|| panic!("no row {label}"));
    row.cells
        .iter()
        .filter(|c| !c.merged && c.col >= from)
        .map(|c| c.text.as_str())
        .collect()
}

#[test]
fn real_reports_check_with_no_false_finding_and_no_missed_break() {
    for case in ["forms-2021-clean", "forms-2019-blank", "forms-2021-variant"] {
        let (code, found) = breaks_of(&fixture(case, "report.toml"));
        assert_eq!((code, found), (Some(0), vec![]), "{case}");
    }
    let (code, found) = breaks_of(&fixture("forms-2021-breaks", "report.toml"));
    assert_eq!(code, Some(1));
    assert_eq!(
        found,
        [
            (
                "group-total".into(),
                "行政复议".into(),
                "总计".into(),
                "3".into(),
                "4".into()
            ),
            (
                "group-total".into(),
                "复议后起诉".into(),
                "总计".into(),
                "0".into(),
                "1".into()
            ),
        ]
    );
}

#[test]
fn a_blank_total_is_printed_blank_and_computed_only_for_checking() {
    let p = project(&fixture("forms-2019-blank", "report.toml"));
    assert_clean(&p);
    let t = tables(&p);
    let requests = t[1];
    // Blank as published: the 总计 of 一 stays empty; the stated ones print as written.
    assert_eq!(
        printed(requests, "一、本年新收政府信息公开申请数量", 3),
        ["258", "9", "0", "2", "3", "0", ""]
    );
    assert_eq!(
        printed(requests, "（七）总计", 3),
        ["252", "8", "0", "2", "3", "0", "265"]
    );
    let blanks = requests
        .body
        .iter()
        .filter(|r| r.cells.last().is_some_and(|c| c.text.is_empty()))
        .count();
    assert_eq!(blanks, 11);
    // Text where the form has text: the procurement amount, with its unit.
    assert_eq!(printed(t[0], "政府集中采购", 1), ["12", "251000元"]);
    assert_eq!(printed(t[0], "行政强制", 1), ["5", "0", ""]);
    // A wrong stated total beside blank ones is still found, once, with the blank's total
    // computed for the column's rule.
    let text = std::fs::read_to_string(fixture("forms-2019-blank", "report.toml")).unwrap();
    let bad = text.replace(
        "\"三.七\" = [252, 8, 0, 2, 3, 0, 265]",
        "\"三.七\" = [252, 8, 0, 2, 3, 0, 264]",
    );
    let p = project_from(&bad).unwrap();
    let found = columns(&p);
    assert_eq!(
        found,
        [
            ("row-total", "总计", "264", "265"),
            ("column-total", "总计", "264", "265"),
            ("column-balance", "总计", "275", "274")
        ]
    );
    // The 275 is not printed anywhere: the message says the cells give it, blanks named.
    let balance = gongwen::diag::render_plain(&[p.break_findings()[2].clone()]);
    assert!(
        balance.contains("but its cells give 275 where the rule gives 274"),
        "{balance}"
    );
    assert!(balance.contains("(blank, computed)"), "{balance}");
    // Text is text only where the form allows it.
    let e = project_from(&text.replace("\"二\" = [3,", "\"二\" = [\"三件\",")).unwrap_err();
    assert!(e.contains("`三件` is not a number"), "{e}");
    // A number printed with its unit is the number, in every table.
    let p = project_from(&text.replace("\"二\" = [3,", "\"二\" = [\"3件\",")).unwrap();
    assert_clean(&p);
    assert_eq!(
        printed(tables(&p)[1], "二、上年结转政府信息公开申请数量", 3)[0],
        "3件"
    );
}

#[test]
fn a_blank_part_adds_nothing_and_is_never_reported() {
    let text = std::fs::read_to_string(fixture("forms-2021-clean", "report.toml")).unwrap();
    // 二 printed with blanks for the columns the office left empty, its 总计 blank too.
    let t = text.replace(
        "\"二\" = [2, 0, 0, 0, 0, 0, 2]",
        "\"二\" = [2, \"\", \"\", \"\", \"\", \"\", \"\"]",
    );
    let p = project_from(&t).unwrap();
    assert_clean(&p);
    assert_eq!(
        printed(tables(&p)[1], "二、上年结转政府信息公开申请数量", 3),
        ["2", "", "", "", "", "", ""]
    );
    // A stated total beside a blank part: the total is checked, the blank never named as a 0.
    let t = text.replace(
        "\"三.三.4\" = [1, 0, 0, 0, 0, 0, 1]",
        "\"三.三.4\" = [\"\", 0, 0, 0, 0, 0, 1]",
    );
    let p = project_from(&t).unwrap();
    let found = columns(&p);
    assert_eq!(
        found,
        [
            ("row-total", "总计", "1", "0"),
            ("column-total", "自然人", "41", "40")
        ]
    );
}

#[test]
fn a_break_among_blank_totals_is_reported_once_where_it_is_stated() {
    let text = std::fs::read_to_string(fixture("forms-2021-clean", "report.toml")).unwrap();
    // Every 总计 of table 三 blank, as some offices publish it; then one part typed wrong.
    let start = text.find("[form.requests]").unwrap();
    let end = text.find("[form.review]").unwrap();
    let blanked: String = text[start..end]
        .lines()
        .map(|l| match l.rsplit_once(", ") {
            Some((head, _)) if l.ends_with(']') => format!("{head}, \"\"]"),
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let blank = format!("{}{blanked}\n{}", &text[..start], &text[end..]);
    assert!(
        blank.contains("\"一\" = [41, 3, 0, 1, 2, 1, \"\"]"),
        "{blank}"
    );
    let p = project_from(&blank).unwrap();
    assert_clean(&p);
    // 商业企业 of 一 typed 4 for 3: one break, in its own column; the blank 总计 column
    // computed from it breaks too, but says nothing the office stated.
    let p = project_from(&blank.replace("\"一\" = [41, 3,", "\"一\" = [41, 4,")).unwrap();
    let found = columns(&p);
    assert_eq!(found, [("column-balance", "商业企业", "4", "3")]);
}

#[test]
fn cells_are_read_as_offices_print_them() {
    let text = std::fs::read_to_string(fixture("forms-2021-clean", "report.toml")).unwrap();
    let t = text
        .replace("\"规章\" = [0, 0, 0]", "\"规章\" = [\"——\", \"无\", 0]")
        .replace("\"行政许可\" = [2315]", "\"行政许可\" = [\"2,315\"]")
        .replace(
            "\"二\" = [2, 0, 0, 0, 0, 0, 2]",
            "\"二\" = [\"２\", \"—\", \"/\", 0, 0, 0, \"２\"]",
        );
    let p = project_from(&t).unwrap();
    assert_clean(&p);
    let tables = tables(&p);
    assert_eq!(&printed(tables[0], "规章", 1)[..2], ["——", "无"]);
    assert_eq!(printed(tables[0], "行政许可", 1), ["2,315"]);
    assert_eq!(
        printed(tables[1], "二、上年结转政府信息公开申请数量", 3),
        ["２", "—", "/", "0", "0", "0", "２"]
    );
    // A wrong total in full-width digits is still a stated number, and found.
    let bad = t.replace(
        "\"２\", \"—\", \"/\", 0, 0, 0, \"２\"]",
        "\"２\", \"—\", \"/\", 0, 0, 0, \"３\"]",
    );
    let p = project_from(&bad).unwrap();
    assert!(
        p.breaks()
            .iter()
            .any(|b| b.rule == "row-total" && b.stated == "3" && b.computed == "2"),
        "{:?}",
        p.break_findings()
            .iter()
            .map(|d| &d.message)
            .collect::<Vec<_>>()
    );
}
