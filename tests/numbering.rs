//! Heading numbers decided by the section builder: counting, per-level restarts, overrides.

use crate::common::*;

/// A report with the given sections (TOML for [[section]] tables).
fn report(numbering: &str, sections: &str) -> String {
    format!(
        "[report]\ntitle = \"测试报告\"\noffice = \"测试办公室\"\n\n[numbering]\n{numbering}\n\n{sections}"
    )
}

fn numbers(toml: &str) -> Vec<String> {
    let p = project_from(toml).unwrap_or_else(|e| panic!("{e}"));
    p.doc.headings().map(|h| h.number.clone()).collect()
}

#[test]
fn numbering_table() {
    let many: String = (1..=12)
        .map(|i| format!("[[section]]\ntitle = \"第{i}部分\"\n"))
        .collect();
    let table: Vec<(&str, String, Vec<&str>)> = vec![
        (
            "twelve level-1 sections count past ten",
            report("", &many),
            vec![
                "一、",
                "二、",
                "三、",
                "四、",
                "五、",
                "六、",
                "七、",
                "八、",
                "九、",
                "十、",
                "十一、",
                "十二、",
            ],
        ),
        (
            "level 2 restarts under each level 1",
            report(
                "",
                "[[section]]\ntitle = \"甲\"\n[[section.section]]\ntitle = \"子一\"\n[[section.section]]\ntitle = \"子二\"\n\
                 [[section]]\ntitle = \"乙\"\n[[section.section]]\ntitle = \"子三\"\n",
            ),
            vec!["一、", "（一）", "（二）", "二、", "（一）"],
        ),
        (
            "levels 3 and 4 restart under their parents; level 3 defaults to 1.",
            report(
                "",
                "[[section]]\ntitle = \"甲\"\n[[section.section]]\ntitle = \"子\"\n\
                 [[section.section.section]]\ntitle = \"孙一\"\n[[section.section.section.section]]\ntitle = \"曾孙一\"\n\
                 [[section.section.section.section]]\ntitle = \"曾孙二\"\n[[section.section.section]]\ntitle = \"孙二\"\n\
                 [[section.section.section.section]]\ntitle = \"曾孙三\"\n[[section.section]]\ntitle = \"子二\"\n\
                 [[section.section.section]]\ntitle = \"孙三\"\n",
            ),
            vec![
                "一、",
                "（一）",
                "1.",
                "（1）",
                "（2）",
                "2.",
                "（1）",
                "（二）",
                "1.",
            ],
        ),
        (
            "the report can write level 3 as 1、",
            report(
                "level3 = \"1、\"",
                "[[section]]\ntitle = \"甲\"\n[[section.section]]\ntitle = \"子\"\n\
                 [[section.section.section]]\ntitle = \"孙一\"\nrun-in = true\ntext = \"正文。\"\n\
                 [[section.section.section]]\ntitle = \"孙二\"\n",
            ),
            vec!["一、", "（一）", "1、", "2、"],
        ),
        (
            "run-in and stand-alone headings share one count",
            report(
                "",
                "[[section]]\ntitle = \"甲\"\n[[section.section]]\ntitle = \"一。\"\nrun-in = true\ntext = \"文。\"\n\
                 [[section.section]]\ntitle = \"二\"\n[[section.section]]\ntitle = \"三。\"\nrun-in = true\n",
            ),
            vec!["一、", "（一）", "（二）", "（三）"],
        ),
    ];
    for (what, toml, want) in table {
        assert_eq!(numbers(&toml), want, "{what}");
    }
}

#[test]
fn ninety_nine_sections_are_counted_in_chinese() {
    let many: String = (1..=99)
        .map(|i| format!("[[section]]\ntitle = \"第{i}部分\"\n"))
        .collect();
    let got = numbers(&report("", &many));
    assert_eq!(got[19], "二十、");
    assert_eq!(got[20], "二十一、");
    assert_eq!(got[98], "九十九、");
}

#[test]
fn run_in_heading_keeps_its_words_and_opens_the_paragraph() {
    let p = project_from(&report(
        "",
        "[[section]]\ntitle = \"甲\"\n[[section.section]]\ntitle = \"加强谋划。\"\nrun-in = true\ntext = \"\"\"\n第一段。\n第二段。\n\"\"\"\n",
    ))
    .unwrap();
    use gongwen::doc::Block;
    let paras: Vec<(Option<String>, String)> = p
        .doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(par) => Some((par.lead.as_ref().map(|h| h.text()), par.text.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        paras,
        [
            (Some("（一）加强谋划。".to_string()), "第一段。".to_string()),
            (None, "第二段。".to_string())
        ]
    );
}

#[test]
fn a_fifth_level_is_an_error_with_its_place() {
    let err = project_from(&report(
        "",
        "[[section]]\ntitle = \"1\"\n[[section.section]]\ntitle = \"2\"\n[[section.section.section]]\ntitle = \"3\"\n\
         [[section.section.section.section]]\ntitle = \"4\"\n[[section.section.section.section.section]]\ntitle = \"5\"\n",
    ))
    .unwrap_err();
    assert!(err.contains("5 levels deep"), "{err}");
    assert!(err.contains("report.toml:"), "{err}");
}

#[test]
fn a_bad_numbering_override_is_an_error() {
    let err =
        project_from(&report("level2 = \"(a)\"", "[[section]]\ntitle = \"甲\"\n")).unwrap_err();
    assert!(err.contains("holds no counter"), "{err}");
    assert!(err.contains("report.toml:6:"), "{err}");
}
