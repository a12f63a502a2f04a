//! The text against its own tables: a number a phrase of the text states (受理…申请…件,
//! 予以公开及部分公开…件) is compared with the form's cell, or the sum of its cells; a
//! disagreement is a finding of kind `text` at the sentence, naming the cells and both numbers.
//! No false alarms: the examples, the fixtures and the reference report have none.

use gongwen::diag::{Diagnostic, Kind};

use crate::common::*;

fn text_findings(path: &std::path::Path) -> Vec<Diagnostic> {
    project(path)
        .warnings
        .into_iter()
        .filter(|d| d.kind == Kind::Text)
        .collect()
}

fn text_findings_of(text: &str) -> Vec<Diagnostic> {
    project_from(text)
        .unwrap()
        .warnings
        .into_iter()
        .filter(|d| d.kind == Kind::Text)
        .collect()
}

#[test]
fn the_2019_report_quoting_one_column_is_found_with_both_places() {
    let path = fixture("text-2019", "report.toml");
    let found = text_findings(&path);
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert!(
        d.message.contains("予以公开及部分公开 258") && d.message.contains("275"),
        "{}",
        d.message
    );
    // The sentence's place: the words and the number as written.
    let text = std::fs::read_to_string(&path).unwrap();
    let span = d.span.clone().unwrap();
    assert_eq!(&text[span], "予以公开及部分公开258件");
    // The cells' places and the column the text quoted.
    let hints = d.hints.join("\n");
    assert!(
        hints.contains("\"三.一\"") && hints.contains("272") && hints.contains("\"三.二\""),
        "{hints}"
    );
    assert!(hints.contains("report.toml:74:"), "{hints}");
    assert!(hints.contains("自然人 column alone gives 258"), "{hints}");
    // Only the text is wrong: the table's arithmetic is clean.
    assert!(project(&path).breaks().is_empty());
}

#[test]
fn seventeen_applications_against_ninety_five_is_found() {
    let path = fixture("text-2021", "report.toml");
    let found = text_findings(&path);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("受理政府信息公开申请 17") && found[0].message.contains("95")
    );
    let o = gongwen(&[
        "check",
        path.to_str().unwrap(),
        "--format",
        "json",
        "--no-system-fonts",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let kinds: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["text"]);
}

#[test]
fn every_sentence_that_agrees_is_read_and_a_change_is_found() {
    // Each statement of the 2019 fixture agrees with its cells; changing its number by one
    // makes exactly one more finding — so each was read, not skipped.
    let text = std::fs::read_to_string(fixture("text-2019", "report.toml")).unwrap();
    for (said, wrong) in [
        ("共受理政府信息公开申请306件", "共受理政府信息公开申请307件"),
        ("不予公开2件", "不予公开3件"),
        ("无法提供21件", "无法提供20件"),
        ("不予处理4件", "不予处理5件"),
        ("被申请行政复议1件", "被申请行政复议2件"),
        ("被提起行政诉讼1件", "被提起行政诉讼2件"),
    ] {
        assert!(text.contains(said), "{said}");
        let found = text_findings_of(&text.replace(said, wrong));
        assert_eq!(found.len(), 2, "{wrong}: {found:#?}");
    }
}

#[test]
fn ambiguous_or_other_statements_are_not_reported() {
    let text = std::fs::read_to_string(fixture("text-2021", "report.toml")).unwrap();
    let base = "受理政府信息公开申请17件，予以公开68件";
    assert!(text.contains(base));
    for other in [
        // Another year, a change, one column, a share: not the cell.
        "2020年受理政府信息公开申请17件，予以公开68件",
        "受理政府信息公开申请95件，同比增长17件，予以公开68件",
        "受理政府信息公开申请95件，其中自然人申请予以公开65件",
        "受理政府信息公开申请95件，较上年予以公开增加3件",
        // Negated, without a unit, with carried-over applications counted (95 + 2).
        "受理政府信息公开申请97件，未予以公开3件",
        "受理政府信息公开申请95件，予以公开68",
    ] {
        let found = text_findings_of(&text.replace(base, other));
        assert!(found.is_empty(), "{other}: {found:#?}");
    }
}

#[test]
fn no_false_alarms_on_the_examples_fixtures_and_reference() {
    let mut paths = vec![reference_toml(), root().join("data/example-tables.toml")];
    for entry in std::fs::read_dir(root().join("data/samples")).unwrap() {
        paths.push(entry.unwrap().path());
    }
    for case in [
        "forms-2021-clean",
        "forms-2019-blank",
        "forms-2021-breaks",
        "forms-2021-variant",
    ] {
        paths.push(fixture(case, "report.toml"));
    }
    for p in paths {
        if let Ok(text) = std::fs::read_to_string(&p)
            && let Ok(built) = gongwen::builder::from_text(&p, text)
        {
            let found: Vec<_> = built
                .warnings
                .iter()
                .filter(|d| d.kind == Kind::Text)
                .collect();
            assert!(found.is_empty(), "{}: {found:#?}", p.display());
        }
    }
}
