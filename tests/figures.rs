//! Figures and checks: declared once, cited in text, computed by the builder; every break of a
//! rule reported with its place and both numbers, never corrected; bad data refused with a place.

use crate::common::*;

fn paragraphs(p: &gongwen::builder::Project) -> Vec<String> {
    p.doc.texts().into_iter().map(|t| t.1.to_string()).collect()
}

#[test]
fn figures_print_as_declared_and_derived_figures_are_computed() {
    let p = project(&fixture("figures", "report.toml"));
    let text = paragraphs(&p).join("\n");
    for want in [
        "全年新增信息4600条，其中网站3120条，占67.8%。", // sum; share at 1 decimal
        "经费15.50万元，其中办公12.50万元，培训3万元。", // decimals as written, sum at the wider
        "申请较上年增加14件，人均19.50件，累计1,234,567条。", // diff; expr at 2 decimals; thousands
        "大括号照印：{active.total}。",                  // {{ }} print braces
        "环境信息845条。",                               // a stated figure is printed as stated
        "压缩率为39.6%。",                               // (6838 - 4129) / 6838 × 100 = 39.617…
    ] {
        assert!(text.contains(want), "{want} not in:\n{text}");
    }
    // The PDF prints what the builder decided.
    let pdf = normalize(&pdf_text(&pdf(&p)));
    assert!(
        pdf.contains(&normalize("人均19.50件，累计1,234,567条")),
        "{pdf}"
    );
}

#[test]
fn a_stated_figure_that_breaks_its_formula_is_reported_and_never_corrected() {
    let path = fixture("figures", "report.toml");
    let p = project(&path);
    assert_eq!(p.breaks().len(), 1);
    let b = &p.breaks()[0];
    assert_eq!(
        (b.stated.as_str(), b.computed.as_str(), b.rule.as_str()),
        ("845", "389", "sum")
    );
    assert_eq!(b.figure.as_deref(), Some("environment.total"));
    assert_eq!(b.citations.len(), 1, "the place it is cited");
    // check: exit 1 with the break; build: a warning, the outputs written; --strict refuses.
    let o = gongwen(&["check", path.to_str().unwrap(), "--no-system-fonts"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(
            "`environment.total` (环境保护信息) is 845, but the sum of its 2 parts is 389"
        ),
        "{err}"
    );
    assert!(err.contains("report.toml:50:19"), "{err}");
    assert!(
        err.contains("environment.air 373 + environment.water 16 = 389"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = gongwen(&[
        "build",
        path.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--docx",
        "-q",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("is 845, but"));
    assert!(out.join("report.docx").exists());
    let strict = dir.path().join("strict");
    let o = gongwen(&[
        "build",
        path.to_str().unwrap(),
        "-o",
        strict.to_str().unwrap(),
        "--docx",
        "--strict",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!strict.exists(), "--strict writes nothing");
}

/// A report with figures `figures` and text `text`, built from memory.
fn report(text: &str, figures: &str) -> Result<gongwen::builder::Project, String> {
    project_from(&format!(
        "[report]\ntitle = \"测试\"\noffice = \"测试办公室\"\n\n[opening]\ntext = '''\n{text}\n'''\n\n{figures}"
    ))
}

#[test]
fn a_stated_share_is_checked_at_its_printed_precision() {
    let figures = |v: &str| {
        format!(
            "[figures.apply]\ntotal = 84\nonline = 38\nshare = {{ value = {v}, share = [\"online\", \"total\"] }}\n"
        )
    };
    // 38 / 84 = 45.238…%: 45 and 45.2 are right at their precision, 45.3 and 46 are not.
    for (stated, breaks) in [("45", 0), ("45.2", 0), ("45.24", 0), ("45.3", 1), ("46", 1)] {
        let p = report("占{apply.share}%。", &figures(stated)).unwrap();
        assert_eq!(p.breaks().len(), breaks, "{stated}");
        assert!(
            paragraphs(&p)[0].contains(&format!("占{stated}%")),
            "printed as stated"
        );
        if breaks == 1 {
            assert_eq!(p.breaks()[0].stated, stated);
        }
    }
}

#[test]
fn check_rules_compare_a_figure_with_its_parts() {
    let figures = "[figures.apply]\ntotal = 84\nonline = 38\nletter = 24\nin-person = 21\n\n\
                   [[check]]\nfigure = \"apply.total\"\nsum = [\"online\", \"letter\", \"in-person\"]\n";
    let p = report("共{apply.total}件。", figures).unwrap();
    assert_eq!(p.breaks().len(), 1);
    assert_eq!(
        (
            p.breaks()[0].stated.as_str(),
            p.breaks()[0].computed.as_str()
        ),
        ("84", "83")
    );
    let fixed = figures.replace("in-person = 21", "in-person = 22");
    assert!(
        report("共{apply.total}件。", &fixed)
            .unwrap()
            .breaks()
            .is_empty()
    );
    // A rule naming a figure that does not exist is an error at the name.
    let e = report(
        "共{apply.total}件。",
        &figures.replace("\"letter\", \"in", "\"lettre\", \"in"),
    )
    .unwrap_err();
    assert!(
        e.contains("unknown figure `lettre` in a [[check]]")
            && e.contains("did you mean `apply.letter`?"),
        "{e}"
    );
}

#[test]
fn check_json_gives_every_break_with_its_place_and_both_numbers() {
    let o = gongwen(&[
        "check",
        reference_toml().to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON on standard output");
    assert_eq!(v["status"], "findings");
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{v:#}");
    let f = &findings[0];
    assert_eq!(f["kind"], "check");
    assert_eq!(f["severity"], "warning");
    assert!(f["line"].as_u64().unwrap() > 1 && f["column"].as_u64().unwrap() > 1);
    let c = &f["check"];
    assert_eq!(
        (c["stated"].as_str(), c["computed"].as_str()),
        (Some("845"), Some("839"))
    );
    assert_eq!(c["figure"], "environment.total");
    assert!(
        c["section"]
            .as_str()
            .unwrap()
            .ends_with("7、推进环境保护信息公开。"),
        "{c:#}"
    );
    assert_eq!(c["citations"].as_array().unwrap().len(), 1);
    // A clean report says so.
    let o = gongwen(&[
        "check",
        fixture("docx-basic", "report.toml").to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (o.status.code(), v["status"].as_str()),
        (Some(0), Some("clean"))
    );
}

#[test]
fn bad_figures_are_errors_with_a_place_and_nothing_is_written() {
    for (case, message, place) in [
        (
            "cycle.toml",
            "figures computed from each other in a circle: a.rest → a.total → a.rest",
            "cycle.toml:9:26",
        ),
        (
            "unit-mismatch.toml",
            "unit mismatch: `cases` is in 件 but `money` is in 万元",
            "unit-mismatch.toml:9:27",
        ),
        (
            "unknown-figure.toml",
            "unknown figure `apply.totl`",
            "unknown-figure.toml:6:10",
        ),
        (
            "wrong-cells.toml",
            "row 2 of table `t` has 2 cells; the table has 3 columns",
            "wrong-cells.toml:15:3",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let path = fixture("bad-data", case);
        let o = gongwen(&["build", path.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{case}: {err}");
        assert!(err.contains(message), "{case}: {err}");
        assert!(err.contains(place), "{case}: {err}");
        assert!(!out.exists(), "{case}: nothing written");
    }
    // The suggestion for a misspelt citation, and other bad declarations.
    let e = report("{apply.totl}", "[figures.apply]\ntotal = 84\n").unwrap_err();
    assert!(e.contains("did you mean `apply.total`?"), "{e}");
    for (figures, message) in [
        (
            "[figures.a]\ns = { share = [\"x\", \"y\"] }\nx = 1\ny = 2\n",
            "share `a.s` needs its printed precision",
        ),
        (
            "[figures.a]\nx = \"12\"\n",
            "figure `a.x` is text, not a number",
        ),
        (
            "[figures.a]\nx = { value = 1.25, decimals = 1 }\n",
            "is written with 2 decimals but declares decimals = 1",
        ),
        (
            "[figures.a]\nx = { expr = \"y / 3\" }\ny = 1\n",
            "is not exact at 0 decimals",
        ),
        (
            "[figures.a]\nx = { share = [\"y\", \"z\"], decimals = 1 }\ny = 1\nz = 0\n",
            "a share of `a.z`, which is zero",
        ),
        (
            "[figures.a]\nx = { expr = \"y +\" }\ny = 1\n",
            "the expression ends too early",
        ),
        (
            "[figures.a]\nx = { valeu = 3, unit = \"件\" }\n",
            "unknown key `valeu` in figure `a.x`",
        ),
    ] {
        let e = report("无。", figures).unwrap_err();
        assert!(e.contains(message), "{figures}: {e}");
    }
    // A stray brace is refused; a doubled one is text.
    let e = report("一个{括号", "").unwrap_err();
    assert!(
        e.contains("a `{` that is not closed") && e.contains("write {{ for a brace"),
        "{e}"
    );
}
