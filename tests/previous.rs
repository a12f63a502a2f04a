//! This year against last year (`check --previous`, `[yearbook] previous`): last year's
//! 四、结转下年度继续办理 against this year's 二、上年结转, column by column; each differing cell
//! is exactly one finding of kind `previous`.

use crate::common::*;

fn kinds(o: &std::process::Output) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut out = Vec::new();
    let mut walk = |findings: &serde_json::Value| {
        for f in findings.as_array().into_iter().flatten() {
            out.push(f["kind"].as_str().unwrap_or("").to_string());
        }
    };
    match json.get("reports") {
        Some(reports) => {
            for r in reports.as_array().unwrap() {
                walk(&r["findings"]);
            }
        }
        None => walk(&json["findings"]),
    }
    out
}

fn check(args: &[&str]) -> std::process::Output {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend(["--format", "json", "--no-system-fonts"]);
    gongwen(&all)
}

#[test]
fn two_consecutive_years_of_one_office_check_clean() {
    let dir = root().join("tests/fixtures/previous");
    let this = dir.join("2021.toml");
    let last = dir.join("2020.toml");
    let o = check(&[this.to_str().unwrap(), "--previous", last.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let o = check(&[dir.join("book-2021.toml").to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn one_changed_cell_is_exactly_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures/previous");
    for f in ["2020.toml", "book-2020.toml", "book-2021.toml"] {
        std::fs::copy(fixtures.join(f), dir.path().join(f)).unwrap();
    }
    let text = std::fs::read_to_string(fixtures.join("2021.toml")).unwrap();
    // The 自然人 cell and its stated 总计 changed together: the table itself still adds up in
    // that row, and only last year's carry disagrees.
    let (from, to) = (
        "\"二\" = [5, 0, 0, 0, 0, 0, 5]",
        "\"二\" = [6, 0, 0, 0, 0, 0, 6]",
    );
    assert!(text.contains(from));
    std::fs::write(dir.path().join("2021.toml"), text.replace(from, to)).unwrap();
    let this = dir.path().join("2021.toml");
    let last = dir.path().join("2020.toml");
    let o = check(&[this.to_str().unwrap(), "--previous", last.to_str().unwrap()]);
    let k = kinds(&o);
    assert_eq!(k.iter().filter(|k| *k == "previous").count(), 2, "{k:?}");
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let previous: Vec<&serde_json::Value> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "previous")
        .collect();
    // 自然人 and the stated 总计: the two cells that differ, each once.
    let columns: Vec<bool> = ["column 自然人: 6", "column 总计: 6"]
        .iter()
        .map(|c| {
            previous
                .iter()
                .any(|f| f["message"].as_str().unwrap().contains(c))
        })
        .collect();
    assert_eq!(columns, [true, true], "{previous:#?}");
    assert!(
        previous
            .iter()
            .all(|f| f["hints"][0].as_str().unwrap().contains("2020.toml:"))
    );
    // The same through the yearbook's `previous`: the report matched by office.
    let o = check(&[dir.path().join("book-2021.toml").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(kinds(&o).iter().filter(|k| *k == "previous").count(), 2);
}

#[test]
fn one_cell_changed_alone_is_one_previous_finding() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures/previous");
    let text = std::fs::read_to_string(fixtures.join("2021.toml")).unwrap();
    // 总计 left out: computed, so only the stated cell is a finding.
    let (from, to) = (
        "\"二\" = [5, 0, 0, 0, 0, 0, 5]",
        "\"二\" = [5, 0, 0, 0, 1, 0]",
    );
    std::fs::write(dir.path().join("2021.toml"), text.replace(from, to)).unwrap();
    let o = check(&[
        dir.path().join("2021.toml").to_str().unwrap(),
        "--previous",
        fixtures.join("2020.toml").to_str().unwrap(),
    ]);
    let k = kinds(&o);
    assert_eq!(k.iter().filter(|k| *k == "previous").count(), 1, "{k:?}");
}

#[test]
fn last_year_that_cannot_be_used_is_refused() {
    let this = root().join("tests/fixtures/previous/2021.toml");
    let o = check(&[
        this.to_str().unwrap(),
        "--previous",
        "/nonexistent/2020.toml",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn a_yearbook_compares_only_reports_of_the_same_office() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures/previous");
    std::fs::copy(fixtures.join("2020.toml"), dir.path().join("2020.toml")).unwrap();
    let text = std::fs::read_to_string(fixtures.join("2021.toml")).unwrap();
    // Another office, whose 二 would not match the 2020 report's 四.
    let other = text.replace("某县市场监督管理局", "某县教育局").replace(
        "\"二\" = [5, 0, 0, 0, 0, 0, 5]",
        "\"二\" = [6, 0, 0, 0, 0, 0, 6]",
    );
    std::fs::write(dir.path().join("2021.toml"), other).unwrap();
    let book = std::fs::read_to_string(fixtures.join("book-2021.toml"))
        .unwrap()
        .replace("book-2020.toml", "2020.toml");
    std::fs::write(dir.path().join("book.toml"), book).unwrap();
    let o = check(&[dir.path().join("book.toml").to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = json["reports"][0]["findings"].as_array().unwrap();
    assert!(
        findings.iter().all(|f| f["kind"] != "previous"),
        "{findings:#?}"
    );
    assert!(
        findings
            .iter()
            .any(|f| f["severity"] == "note"
                && f["message"].as_str().unwrap().contains("某县教育局")),
        "{findings:#?}"
    );
}
