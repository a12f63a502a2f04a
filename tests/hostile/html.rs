//! Hostile web pages: nesting beyond any report and table spans beyond the table are refused
//! or clamped, within a few MB, and a batch names the page it refused.

use super::tmp;
use crate::common::*;

/// Runs `gongwen ARGS` under `ulimit -v KB -s 8192` (a shell builtin, so no tool to install).
fn gongwen_capped(kb: u64, args: &[&str]) -> std::process::Output {
    let script = format!("ulimit -s 8192 && ulimit -v {kb} && exec \"$0\" \"$@\"");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .output()
        .expect("sh runs")
}

/// A web page of the report's own text, for a batch.
const PAGE: &str = "<html><head><meta charset=\"utf-8\"><title>某县2015年政府信息公开工作年度报告</title></head><body><div><h1>某县2015年政府信息公开工作年度报告</h1><p>　　根据《条例》规定，现公布本县年度报告。本县政府信息公开工作在县委、县政府的领导下稳步推进。</p><p>一、概述</p><p>全县工作稳步推进，取得新的成效。</p><p align=\"right\">某县人民政府办公室</p><p align=\"right\">2016年3月31日</p></div></body></html>";

/// Deeply nested web pages (50,000 `<b>`, 16,000 and 100,000 `<ul><li>`, 30,000 `<div>`,
/// 10,000 tables) are refused with an error naming
/// the file and the limit — not a stack overflow — and in `import DIR --yearbook` the hostile
/// page is named while the others import.
#[test]
fn deeply_nested_web_pages_are_refused_and_named() {
    let dir = tmp("html-deep");
    let b = format!(
        "<html><body><p>{}正文{}</p></body></html>",
        "<b>".repeat(50_000),
        "</b>".repeat(50_000)
    );
    let ul = format!(
        "<html><body>{}正文{}</body></html>",
        "<ul><li>".repeat(16_000),
        "</li></ul>".repeat(16_000)
    );
    // 100,000 `<ul><li>` once took minutes in the parser (its time grows with the square of
    // the depth): refused on the tags' count before parsing.
    let page = |open: &str, n: usize| format!("<html><body>{}正文</body></html>", open.repeat(n));
    let deeper = page("<ul><li>", 100_000);
    let divs = page("<div>", 30_000);
    let tables = page("<table><tr><td>", 10_000);
    let pages = [
        ("b.html", &b),
        ("ul.html", &ul),
        ("ul100k.html", &deeper),
        ("div.html", &divs),
        ("table.html", &tables),
    ];
    for (name, page) in pages {
        let input = dir.join(name);
        std::fs::write(&input, page).unwrap();
        let out = dir.join(format!("{name}.toml"));
        let o = gongwen_capped(
            2 << 20,
            &[
                "import",
                input.to_str().unwrap(),
                "-o",
                out.to_str().unwrap(),
            ],
        );
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(
            err.contains(name) && err.contains("200 deep"),
            "{name}: {err}"
        );
        assert!(!out.exists(), "{name}: a definition was written");
    }
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("good.html"), PAGE).unwrap();
    std::fs::write(inbox.join("deep.html"), &b).unwrap();
    let defs = dir.join("defs");
    let o = gongwen_capped(
        2 << 20,
        &[
            "import",
            inbox.to_str().unwrap(),
            "-o",
            defs.to_str().unwrap(),
            "--yearbook",
        ],
    );
    let err = stderr(&o);
    assert!(matches!(o.status.code(), Some(1 | 2)), "{err}");
    assert!(
        err.contains("deep.html") && err.contains("200 deep"),
        "{err}"
    );
    let written: Vec<String> = std::fs::read_dir(&defs)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        written.iter().any(|n| n.starts_with("good")),
        "{written:?}\n{err}"
    );
    assert!(
        !written.iter().any(|n| n.starts_with("deep")),
        "{written:?}\n{err}"
    );
}

/// A 15 KB table of `<td colspan=1000 rowspan=1000>` is read within 256 MB of address space
/// (its spans clamped to the table's real extent), not 1.5 GB.
#[test]
fn huge_table_spans_are_clamped_to_the_tables_extent() {
    let dir = tmp("html-spans");
    let rows = "<tr><td colspan=1000 rowspan=1000>x</td></tr>".repeat(340);
    let page = format!(
        "<html><body><div><p>正文很长的一段文字，用来占据文章的大部分内容，使它成为文章。</p><table>{rows}</table></div></body></html>"
    );
    assert!(page.len() < 16_000, "{}", page.len());
    let input = dir.join("spans.html");
    std::fs::write(&input, page).unwrap();
    let out = dir.join("spans.toml");
    let o = gongwen_capped(
        256 << 10,
        &[
            "import",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
    );
    let err = stderr(&o);
    assert!(
        matches!(o.status.code(), Some(0..=2)),
        "{:?} {err}",
        o.status
    );
    assert!(!err.contains("memory allocation"), "{err}");
}

/// Found by the web-page fuzz target: a row of 3,000 cells each spanning 100 columns (300,000
/// grid columns) once took minutes to write as TOML (each column's alignment looked through
/// every cell); the writer now passes over the cells once, and `import` refuses such a table
/// before writing it, naming the file and the limit.
#[test]
fn a_table_of_very_many_spanned_columns_is_written_in_one_pass_and_refused() {
    use gongwen::import::{Outline, OutlineCell, OutlineTable};
    let cell = |i: usize| OutlineCell {
        text: "1".into(),
        col: i * 100,
        cols: 100,
        rows: 1,
        align: None,
    };
    let table = OutlineTable {
        name: "table1".into(),
        header: vec![(0..3000).map(cell).collect()],
        rows: vec![
            (0..3000)
                .map(|i| OutlineCell { cols: 1, ..cell(i) })
                .collect();
            3
        ],
        ..Default::default()
    };
    let outline = Outline {
        tables: vec![table],
        ..Default::default()
    };
    let toml = gongwen::import::to_toml(&outline, "");
    assert!(toml.contains("[table.table1]"));
    let refused = gongwen::import::limits::tables("wide.html", &outline);
    assert_eq!(refused.len(), 1);
    assert!(
        refused[0].message.starts_with(
            "wide.html: table table1 has 300000 columns and 4 rows; a table has at most 40 columns"
        ),
        "{}",
        refused[0].message
    );
}
