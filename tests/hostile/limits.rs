//! The declared limits on a run's size, each refused before the work with a message naming
//! the file and the limit; and diagnostics that do not grow with the square of their count.

use super::{REPORT, report_with, tmp};
use crate::common::*;

/// 20,000 unknown citations on one line: the first 100 are printed, the others counted (the
/// place of each was once searched for along the whole line: 27 s and 10 MB of output).
#[test]
fn twenty_thousand_unknown_citations_print_a_hundred_and_a_count() {
    let body: String = (0..20_000).map(|i| format!("{{x.n{i}}} ")).collect();
    let e = project_from(&report_with(&body, "\n[figures.x]\nm = 1\n")).unwrap_err();
    assert_eq!(e.matches("unknown figure").count(), 100);
    assert!(
        e.contains("and 19900 more errors of this kind (problem) not shown"),
        "{}",
        &e[e.len().saturating_sub(400)..]
    );
}

/// A character no font draws, 80,000 times: one warning, at its first place, with its count.
#[test]
fn a_character_no_font_draws_is_reported_once_with_its_count() {
    let dir = tmp("glyph-count");
    let report = dir.join("r.toml");
    let body = "三亚\u{2FA1D}".repeat(80_000);
    std::fs::write(&report, REPORT.replace("正文。", &body)).unwrap();
    let o = gongwen(&["check", "--no-system-fonts", report.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(err.matches("no font can draw").count(), 1, "{err}");
    assert!(err.contains("here and 79999 more times"), "{err}");
}

/// A report of 60,000 paragraphs (about 2,700 pages) is refused before it is laid out.
#[test]
fn a_report_over_the_page_limit_is_refused_before_layout() {
    let body = vec!["同一段落，重复的测试正文，说明工作情况。"; 60_000].join("\n");
    let e = project_from(&report_with(&body, "")).expect_err("refused");
    assert!(
        e.contains("report.toml: the report would print about")
            && e.contains(&format!(
                "pages; a report prints at most {}",
                gongwen::builder::size::MAX_PAGES
            )),
        "{}",
        &e[..e.len().min(600)]
    );
}

/// A layout whose chart picture would have 600 million pixels (1,100 × 1,000 mm at 600 dpi,
/// inside every other limit) is refused at its `[chart]`.
#[test]
fn a_chart_picture_over_the_pixel_limit_is_refused() {
    let dir = tmp("chart-pixels");
    let layout = std::fs::read_to_string(root().join("layouts/gbt9704.toml")).unwrap();
    let big = layout
        .replacen("width = \"210mm\"", "width = \"1200mm\"", 1)
        .replacen("height = \"297mm\"", "height = \"1200mm\"", 1)
        .replacen("type-width = \"156mm\"", "type-width = \"1100mm\"", 1)
        .replacen("type-height = \"225mm\"", "type-height = \"1100mm\"", 1)
        .replacen("width = \"140mm\"", "width = \"1100mm\"", 1)
        .replacen("height = \"80mm\"", "height = \"1000mm\"", 1)
        .replacen("dpi = 300", "dpi = 600", 1);
    let (o, err) = check_with_layout(&dir, &big);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("a chart's picture would be 25984 × 23622 pixels (613 million); a chart's picture has at most 36 million")
            && err.contains("big.toml"),
        "{err}"
    );
}

/// `check` of the test report laid out by `layout`, written as `big.toml` in `dir`.
fn check_with_layout(dir: &std::path::Path, layout: &str) -> (std::process::Output, String) {
    std::fs::write(dir.join("big.toml"), layout).unwrap();
    let report = dir.join("r.toml");
    std::fs::write(
        &report,
        REPORT.replacen("[report]\n", "[report]\nlayout = \"big.toml\"\n", 1),
    )
    .unwrap();
    let o = gongwen(&["check", "--no-system-fonts", report.to_str().unwrap()]);
    let err = stderr(&o);
    (o, err)
}

/// A chart dpi of u32::MAX (found by fuzz_layouts, seed 31): the pixel count overflowed u64 and
/// panicked; now an error at `[chart]` like any picture over the limit.
#[test]
fn a_chart_dpi_past_any_picture_is_an_error_not_an_overflow() {
    let dir = tmp("chart-dpi");
    let layout = std::fs::read_to_string(root().join("layouts/gbt9704.toml")).unwrap();
    let (o, err) = check_with_layout(&dir, &layout.replacen("dpi = 300", "dpi = 4294967295", 1));
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("a chart's picture would be") && err.contains("big.toml"),
        "{err}"
    );
}

/// A yearbook of more reports than the limit is refused before any is read.
#[test]
fn a_yearbook_over_the_member_limit_is_refused_before_reading_them() {
    let dir = tmp("members");
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    let n = gongwen::book::MAX_MEMBERS + 1;
    for i in 0..n {
        // Unreadable as reports: refusing the count must come before reading any.
        std::fs::write(reports.join(format!("r{i:04}.toml")), "[report\n").unwrap();
    }
    let book = dir.join("yearbook.toml");
    std::fs::write(
        &book,
        "[yearbook]\ntitle = \"汇编\"\noffice = \"办公室\"\n\n[[part]]\ntitle = \"报告\"\nreports = [\"reports/*.toml\"]\n",
    )
    .unwrap();
    let o = gongwen(&["check", book.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "yearbook.toml: the yearbook binds {n} reports; a yearbook binds at most {}",
            gongwen::book::MAX_MEMBERS
        )),
        "{err}"
    );
    assert!(!err.contains("r0000.toml"), "a member was read: {err}");
}

/// `import` writes nothing `check` would refuse: a control character, a 100-column table, a
/// definition over 16 MiB are each refused naming the file (exit 2, nothing written); in a
/// batch, the first two are named and the good page imports.
#[test]
fn import_refuses_what_check_refuses_and_names_the_file() {
    let dir = tmp("import-limits");
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let wide = format!(
        "<html><body><h1>关于测试的报告</h1><p>正文一段。</p><table>{}</table></body></html>",
        format!("<tr>{}</tr>", "<td>1</td>".repeat(100)).repeat(3)
    );
    let line = "本县政府信息公开工作稳步推进，取得新的成效，公开内容更加全面。\n\n";
    let big = format!(
        "关于测试的报告\n\n{}",
        line.repeat(17 * (1 << 20) / line.len())
    );
    let cases: [(&str, &[u8], &str); 3] = [
        (
            "ctl.txt",
            "关于测试的报告\n\n正文一段\u{1}有控制字符。\n".as_bytes(),
            "holds control characters",
        ),
        (
            "wide.html",
            wide.as_bytes(),
            "has 100 columns and 3 rows; a table has at most 40 columns",
        ),
        (
            "big.txt",
            big.as_bytes(),
            "MB; a definition is at most 16 MB",
        ),
    ];
    for (name, bytes, says) in cases {
        let input = inbox.join(name);
        std::fs::write(&input, bytes).unwrap();
        let out = dir.join(format!("{name}.toml"));
        let o = gongwen_import(&input, &out, &["--office", "某县人民政府办公室"]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        assert!(err.contains(name) && err.contains(says), "{name}: {err}");
        assert!(!out.exists(), "{name}: a definition was written");
    }
    std::fs::remove_file(inbox.join("big.txt")).unwrap(); // slow to read twice
    std::fs::write(
        inbox.join("good.txt"),
        "关于测试的报告\n\n本县政府信息公开工作稳步推进。\n",
    )
    .unwrap();
    let out = dir.join("out");
    let o = gongwen_import(&inbox, &out, &[]);
    let (text, err) = (String::from_utf8_lossy(&o.stdout).into_owned(), stderr(&o));
    assert_eq!(o.status.code(), Some(1), "{text}{err}");
    for name in ["ctl.txt", "wide.html"] {
        assert!(
            text.contains(&format!("fail  {}", inbox.join(name).display())),
            "{name}: {text}"
        );
        assert!(!out.join(name.replace(['.'], "-") + ".toml").exists());
    }
    assert!(out.join("good.toml").exists(), "{text}");
    let written: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    assert_eq!(written, ["good.toml"], "{text}");
}

/// Three tables at the 40 × 1,000 limit (120,000 cells: 3.2 GB to lay out) are refused before
/// layout; one such table is accepted.
#[test]
fn a_report_over_the_cell_limit_is_refused_before_layout() {
    let columns: Vec<String> = (0..40).map(|i| format!("\"列{i}\"")).collect();
    let row = format!(
        "[{}]",
        (0..40)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let table = |name: &str| {
        format!(
            "\n[table.{name}]\ncolumns = [{}]\nrows = [\n{}\n]\n",
            columns.join(", "),
            vec![row.as_str(); 999].join(",\n")
        )
    };
    let one = report_with("正文。\n{table:a}", &table("a"));
    project_from(&one).unwrap_or_else(|e| panic!("{e}"));
    let three = report_with(
        "正文。\n{table:a}\n{table:b}\n{table:c}",
        &[table("a"), table("b"), table("c")].concat(),
    );
    let e = project_from(&three).expect_err("refused");
    assert!(
        e.contains(&format!(
            "report.toml: the report's tables hold 120000 cells; a report's tables hold at most {}",
            gongwen::builder::size::MAX_CELLS
        )),
        "{}",
        &e[..e.len().min(600)]
    );
}
