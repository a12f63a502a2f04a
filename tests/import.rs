//! `gongwen import`: published text into a report definition that builds into the same report.

use crate::common::*;

const TITLE: &str = "新乡市2015年政府信息公开工作年度报告";
const OFFICE: &str = "新乡市人民政府";

#[test]
fn the_reference_text_imports_into_the_reference_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("xinxiang-2015.toml");
    let input = fixture("reference", "xinxiang-2015.txt");
    let o = gongwen_import(&input, &out, &["--title", TITLE, "--office", OFFICE]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let toml = std::fs::read_to_string(&out).unwrap();
    let p = project_from(&toml).unwrap_or_else(|e| panic!("{e}\n{toml}"));
    let want = project(&reference_toml());

    // Numbers exactly; titles as published, which fmt's rules make the hand-written ones.
    let heads = |p: &gongwen::builder::Project, fix: bool| -> Vec<(String, String)> {
        p.doc
            .headings()
            .map(|h| {
                let title = if fix {
                    gongwen::punct::normalise(&h.title)
                } else {
                    h.title.clone()
                };
                (h.number.clone(), title)
            })
            .collect()
    };
    assert_eq!(heads(&p, true), heads(&want, false));
    assert_eq!(p.layout.numbering[2].format(1), "1、");
    assert_eq!(p.doc.meta.title, TITLE);
    assert_eq!(p.doc.meta.author, OFFICE);

    // The PDF carries the published text word for word, and nothing else but the title.
    let text = normalize(&pdf_text(&pdf(&p)));
    let reference = normalize(&reference_text());
    assert!(
        text.contains(&reference),
        "the reference text is not in the PDF"
    );
    assert_eq!(
        text.chars().count() - reference.chars().count(),
        normalize(TITLE).chars().count()
    );
}

#[test]
fn import_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.toml");
    std::fs::write(&out, "keep me").unwrap();
    let input = fixture("import", "short.txt");
    let o = gongwen_import(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("already exists") && stderr(&o).contains("--force"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let o = gongwen_import(&input, &out, &["--force"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("[[section]]")
    );
    // the input itself is never the output
    let o = gongwen_import(&input, &input, &["--force"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn a_short_report_warns_of_what_it_could_not_place() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("short.toml");
    let o = gongwen_import(&fixture("import", "short.txt"), &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    // misplaced numbers: kept, warned with their lines
    assert!(
        err.contains("`（1）` on line 5 does not fit") && err.contains("short.txt:5:1"),
        "{err}"
    );
    assert!(err.contains("`4.` on line 9 does not fit"), "{err}");
    // no --title, no --office
    assert!(
        err.contains("the title is `short`, the file's name")
            && err.contains("no --office: the issuing office is `某县人民政府`"),
        "{err}"
    );
    let p = project_from(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let heads: Vec<String> = p.doc.headings().map(|h| h.text()).collect();
    assert_eq!(
        heads,
        [
            "一、概述",
            "（一）加强领导。",
            "（二）完善机制",
            "1.建立制度。",
            "2.加强培训。",
            "二、问题"
        ]
    );
    assert_eq!(p.doc.meta.title, "short");
    assert_eq!(
        p.doc.meta.author, "某县人民政府",
        "the office the signature names"
    );
    let all: String = p.doc.texts().iter().map(|t| t.1).collect();
    assert!(
        all.contains("（1）这一条没有第三级标题在上面。") && all.contains("4.这一条跳过了第三条。")
    );
    assert!(
        all.contains("一是人员不足；二是经费不足。"),
        "text kept, its half-width marks made full-width (GB/T 15834)"
    );
    assert!(
        all.contains("某县人民政府")
            && all.contains("2016年3月31日")
            && all.contains("责任编辑：张三")
    );
}

#[test]
fn gb18030_text_is_read_with_a_warning_and_garbage_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let utf8 = std::fs::read_to_string(fixture("import", "short.txt")).unwrap();
    let (gb, _, _) = encoding_rs::GB18030.encode(&utf8);
    let input = dir.path().join("gb.txt");
    std::fs::write(&input, &gb).unwrap();
    let out = dir.path().join("gb.toml");
    let o = gongwen_import(
        &input,
        &out,
        &["--title", "某县报告", "--office", "某县人民政府"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("read it as GB 18030"), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("title = \"加强领导。\"")
    );

    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, [0x80u8, 0x81, 0xFF, 0x20, 0x0A]).unwrap();
    let o = gongwen_import(&bad, &dir.path().join("bad.toml"), &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("bad.txt is neither UTF-8 nor GB 18030"),
        "{err}"
    );
    assert!(err.contains("iconv -f GB18030 -t UTF-8"), "{err}");
    assert!(!dir.path().join("bad.toml").exists());
}
