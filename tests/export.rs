//! The yearbook as data: `gongwen export` writes every cell of the national form of every
//! report (report, office, table, row key, row label, column, value or blank) as CSV, JSON and
//! XLSX; LibreOffice Calc reads the XLSX back to the same cells, and its table sheets in the
//! form's layout.

use std::process::Command;

use crate::common::*;
use crate::libreoffice::{have, run};

fn csv_of(path: &std::path::Path) -> String {
    let o = gongwen(&["export", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

/// Splits a CSV line of this export (fields hold no quotes or commas but the label's).
fn fields(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[test]
fn csv_has_every_cell_of_the_form() {
    let text = csv_of(&root().join("data/example-tables.toml"));
    assert!(text.starts_with('\u{feff}'), "a byte-order mark, for Excel");
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "report,office,table,row,label,column,value,source"
    );
    // 2021 form: active 3 + 3 + 1 + 1 + 1 + 1, requests 25 rows × 7, review 3 × 5.
    assert_eq!(lines.len() - 1, 10 + 175 + 15);
    let find = |row: &str, column: &str| -> Vec<String> {
        lines
            .iter()
            .map(|l| fields(l))
            .find(|f| f[2] == "requests" && f[3] == row && f[5] == column)
            .unwrap()
    };
    // A total the office left out: computed; a stated cell; a figure cited in a cell.
    let total = find("一", "总计");
    assert_eq!((total[6].as_str(), total[7].as_str()), ("78", "computed"));
    assert_eq!(total[4], "一、本年新收政府信息公开申请数量");
    assert_eq!(find("一", "自然人")[6], "52");
    assert_eq!(find("三.七", "总计")[7], "stated");
    assert_eq!(find("一", "自然人")[1], "某县人民政府办公室");
}

#[test]
fn blanks_stay_blank_and_json_has_the_same_cells() {
    let path = fixture("forms-2019-blank", "report.toml");
    let text = csv_of(&path);
    let blank = text
        .lines()
        .map(fields)
        .find(|f| f.len() == 8 && f[2] == "requests" && f[3] == "一" && f[5] == "总计")
        .unwrap();
    assert_eq!((blank[6].as_str(), blank[7].as_str()), ("", "blank"));
    let o = gongwen(&["export", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let records = json["records"].as_array().unwrap();
    assert_eq!(records.len(), text.lines().count() - 1);
    let get = |row: &str, column: &str| {
        records
            .iter()
            .find(|r| r["table"] == "requests" && r["row"] == row && r["column"] == column)
            .unwrap()
    };
    assert_eq!(get("一", "总计")["value"], serde_json::Value::Null);
    assert_eq!(get("一", "自然人")["value"], serde_json::json!(258));
    // Text where the form has text: the 2019 procurement amount, read as its number.
    let amount = records
        .iter()
        .find(|r| r["row"] == "政府集中采购" && r["column"] == "采购总金额")
        .unwrap();
    assert_eq!(amount["value"], serde_json::json!(251000));
}

#[test]
fn a_yearbook_exports_every_report_and_refuses_a_broken_one() {
    let book = root().join("tests/fixtures/yearbook-tables/yearbook.toml");
    let text = csv_of(&book);
    assert_eq!(
        text.lines().filter(|l| l.starts_with("tables,")).count(),
        200
    );
    let o = gongwen(&[
        "export",
        root()
            .join("tests/fixtures/yearbook-bad/failing.yearbook.toml")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "nothing half written");
}

#[test]
#[ignore = "needs LibreOffice Calc (apt-get install -y libreoffice-calc-nogui); tests/conformance.sh runs it"]
fn libreoffice_reads_the_xlsx_as_the_csv_and_the_tables_in_the_forms_layout() {
    assert!(
        have("soffice") && std::path::Path::new("/usr/lib/libreoffice/program/libsclo.so").exists(),
        "this test needs LibreOffice Calc: apt-get install -y libreoffice-calc-nogui"
    );
    let dir = tempfile::tempdir().unwrap();
    let book = root().join("tests/fixtures/yearbook-tables/yearbook.toml");
    let xlsx = dir.path().join("book.xlsx");
    let o = gongwen(&[
        "export",
        book.to_str().unwrap(),
        "--format",
        "xlsx",
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = dir.path().join("out");
    let mut cmd = Command::new("soffice");
    cmd.arg(format!(
        "-env:UserInstallation=file://{}/profile",
        dir.path().display()
    ))
    .args(["--headless", "--convert-to"])
    // UTF-8 (76), every sheet to its own file (-1).
    .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
    .arg("--outdir")
    .arg(&out)
    .arg(&xlsx);
    assert!(run(cmd).success());
    let read = |sheet: &str| {
        std::fs::read_to_string(out.join(format!("book-{sheet}.csv")))
            .unwrap_or_else(|e| panic!("LibreOffice wrote no sheet {sheet}: {e}"))
    };
    let ours: Vec<String> = csv_of(&book)
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::to_string)
        .collect();
    let calc: Vec<String> = read("数据").lines().map(str::to_string).collect();
    assert_eq!(calc, ours);
    // The form's layout: the merged header, the group label beside its first row, the
    // computed total printed.
    let requests = read("1 requests");
    let lines: Vec<&str> = requests.lines().collect();
    assert!(
        lines[2].starts_with("（本列数据的勾稽关系为") && lines[2].contains(",申请人情况,"),
        "{requests}"
    );
    assert!(
        lines.contains(&"一、本年新收政府信息公开申请数量,,,52,22,0,2,1,1,78"),
        "{requests}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("三、本年度办理结果,（一）予以公开,,22,19")),
        "{requests}"
    );
    let review = read("1 review");
    assert!(
        review.lines().any(|l| l == "2,1,0,0,3,1,0,0,1,2,0,0,0,0,0"),
        "{review}"
    );
}
