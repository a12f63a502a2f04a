//! The recogniser's rules, one paragraph list at a time.
use super::*;

fn paras(lines: &[&str]) -> Vec<Para> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| Para::body(Place::Paragraph(i + 1), *l))
        .collect()
}

fn run(p: Vec<Para>, tables: &mut [OutlineTable]) -> (Outline, Vec<Diagnostic>) {
    let file = SourceFile::new("r".into(), std::path::Path::new("r"), String::new());
    recognise(&file, p, tables, Options::default())
}

#[test]
fn page_chrome_is_told_from_report_text() {
    for line in [
        "更新时间:2016-03-31 10:20:00",
        "作者:本站原创 | 来源:海棠区政府 点击数: 386 分享到:",
        "发布时间：2016-03-31　来源：县政府办",
        "【打印本页】【关闭窗口】",
        "分享到：",
        "字号：大 中 小",
    ] {
        assert!(is_chrome(line), "{line}");
    }
    for line in [
        "来源广泛的政府信息得到公开。",
        "作者单位和发布机构均已列明。",
        "关闭窗口后再打开。",
        "一、概述",
        "责任编辑：黄亮",
    ] {
        assert!(!is_chrome(line), "{line}");
    }
}

#[test]
fn a_given_title_printed_on_two_lines_is_the_title() {
    let file = SourceFile::new("r".into(), std::path::Path::new("r"), String::new());
    let p = paras(&[
        "三亚市海棠区人民政府",
        "2015年政府信息公开工作年度报告",
        "开头。",
        "一、概述",
    ]);
    let options = Options {
        title: "三亚市海棠区人民政府2015年政府信息公开工作年度报告",
        office: "",
    };
    let (o, _) = recognise(&file, p, &mut [], options);
    assert_eq!(
        o.title,
        ["三亚市海棠区人民政府", "2015年政府信息公开工作年度报告"]
    );
    assert_eq!(o.opening, ["开头。"]);
}

#[test]
fn titles_are_the_first_short_lines_up_to_the_one_ending_in_baogao() {
    let (o, _) = run(
        paras(&[
            "三亚市海棠区人民政府",
            "2015年政府信息公开工作年度报告",
            "根据规定，现公布。",
            "一、概述",
        ]),
        &mut [],
    );
    assert_eq!(
        o.title,
        ["三亚市海棠区人民政府", "2015年政府信息公开工作年度报告"]
    );
    assert_eq!(o.opening, ["根据规定，现公布。"]);
    // a centred line is a title line; a plain short line that ends otherwise is not
    let mut p = paras(&["某县报告汇编之一", "正文。", "一、概述"]);
    let (o, _) = run(p.clone(), &mut []);
    assert!(o.title.is_empty() && o.opening.len() == 2, "{o:?}");
    p[0].look.centred = true;
    let (o, _) = run(p, &mut []);
    assert_eq!(o.title, ["某县报告汇编之一"]);
}

#[test]
fn a_styled_heading_loses_its_typed_number_and_typed_ones_continue_the_count() {
    let mut p = paras(&["一、概述", "（一）加强领导。正文。", "二、问题"]);
    p[0].kind = Kind::Heading(1);
    p[1].kind = Kind::Heading(2);
    let (o, w) = run(p, &mut []);
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(o.sections[0].title, "概述");
    let s = &o.sections[0].sections[0];
    assert_eq!((s.title.as_str(), s.run_in), ("加强领导。", true));
    assert_eq!(s.paragraphs, ["正文。"]);
    assert_eq!(
        o.sections[1].title, "问题",
        "a typed heading continues the count"
    );
}

#[test]
fn the_line_above_a_table_is_its_caption_when_it_reads_like_one() {
    let cases: &[(&str, bool, Option<&str>)] = &[
        ("表1　经费情况", false, Some("经费情况")),
        (
            "2015年主动公开情况统计表",
            false,
            Some("2015年主动公开情况统计表"),
        ),
        ("主动公开情况", true, Some("主动公开情况")),
        ("具体如下：", true, None),
        ("全年受理申请84件。", false, None),
    ];
    for (line, centred, want) in cases {
        let mut p = paras(&["一、概述", line, "{table:table1}"]);
        p[1].look.centred = *centred;
        p[2].table = Some(0);
        let mut tables = vec![OutlineTable::default()];
        let (o, _) = run(p, &mut tables);
        assert_eq!(tables[0].caption.as_deref(), *want, "{line}");
        assert_eq!(
            o.sections[0].paragraphs.len(),
            1 + usize::from(want.is_none()),
            "{line}"
        );
    }
}
