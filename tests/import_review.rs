//! `gongwen check` on a yearbook — every report checked, findings named by report — and the
//! reviewer's page (`--format html`): every report with its status, each finding with both
//! numbers and its place, and the intake warnings. (Chromium opens it in tests/conformance.sh.)

use crate::common::*;

fn yearbook() -> String {
    root().join("data/yearbook.toml").display().to_string()
}

#[test]
fn check_takes_a_yearbook_and_names_each_reports_findings() {
    let o = gongwen(&["check", &yearbook()]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(1), "{out}{}", stderr(&o));
    assert!(
        out.contains("3 report(s): 2 clean, 1 with findings, 0 unusable"),
        "{out}"
    );
    assert!(
        stderr(&o).contains("xinxiang-2015.toml: 1 finding(s)"),
        "{}",
        stderr(&o)
    );
    let o = gongwen(&["check", &yearbook(), "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["status"], "findings");
    let reports = doc["reports"].as_array().unwrap();
    assert_eq!(reports.len(), 3);
    let breaks: Vec<&serde_json::Value> = reports
        .iter()
        .flat_map(|r| r["findings"].as_array().unwrap())
        .filter(|f| f["kind"] == "check")
        .collect();
    assert_eq!(breaks.len(), 1);
    assert_eq!(
        (
            &breaks[0]["check"]["stated"],
            &breaks[0]["check"]["computed"]
        ),
        (&serde_json::json!("845"), &serde_json::json!("839"))
    );
}

#[test]
fn the_review_page_lists_every_report_and_finding_with_both_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("review.html");
    let o = gongwen(&[
        "check",
        &yearbook(),
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.trim_end().ends_with("</html>"));
    assert!(
        !html.contains("src=") && !html.contains("href=\"http"),
        "self-contained"
    );
    for title in [
        "新乡市2015年政府信息公开工作年度报告",
        "data/samples/shifan-jiaoyu-2015.toml",
        "data/samples/shifan-qu-2015.toml",
    ] {
        assert!(html.contains(title), "{title} is not on the page");
    }
    assert_eq!(html.matches("<section class=\"report\"").count(), 3);
    assert_eq!(html.matches("<tr class=\"finding check\">").count(), 1);
    let row = html
        .split("<tr class=\"finding check\">")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(
        row.contains(">845<") && row.contains(">839<") && row.contains("xinxiang-2015.toml:"),
        "both numbers and the place: {row}"
    );
    assert!(
        row.contains("二、主动公开政府信息情况"),
        "the section: {row}"
    );
    // A form's finding is placed by its table, row and column.
    let page = dir.path().join("form.html");
    let report = fixture("forms-2021-breaks", "report.toml");
    let args = ["check", report.to_str().unwrap(), "--format", "html", "-o"];
    let o = gongwen(&[&args[..], &[page.to_str().unwrap()]].concat());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains(
            "<td>table review (政府信息公开行政复议、行政诉讼情况), row 行政复议, column 总计</td>"
        ),
        "{html}"
    );
    assert!(!html.contains("table table"));
}

#[test]
fn the_review_page_of_an_imported_set_lists_the_intake_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    for f in ["typed.docx", "page.html"] {
        std::fs::copy(fixture("office", f), inbox.join(f)).unwrap();
    }
    let out = dir.path().join("out");
    let o = gongwen(&[
        "import",
        inbox.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--yearbook",
        "--keep-duplicates", // the same report in two forms, both wanted here
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = dir.path().join("review.html");
    let book = out.join("yearbook.toml");
    let o = gongwen(&[
        "check",
        book.to_str().unwrap(),
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(html.matches("<section class=\"report\"").count(), 2);
    let intake = html
        .split("<ul class=\"intake\">")
        .nth(1)
        .expect("intake warnings listed");
    assert!(intake.contains("分享到"), "{intake}");
}
