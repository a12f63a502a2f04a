//! Goldens: the emitted Typst exactly, and the text of the PDF. Re-bless with GONGWEN_BLESS=1.

use crate::common::*;

/// (case, report definition)
fn cases() -> Vec<(&'static str, std::path::PathBuf)> {
    vec![
        ("all-levels", fixture("all-levels", "report.toml")),
        ("xinxiang-2015", reference_toml()),
    ]
}

#[test]
fn emitted_typst_matches_the_golden() {
    for (case, path) in cases() {
        let p = project(&path);
        golden(
            case,
            "report.typ",
            &typst_source(&p, &format!("{case}.toml")),
        );
    }
}

#[test]
fn pdf_text_matches_the_golden() {
    for (case, path) in cases() {
        let p = project(&path);
        let text = pdf_text(&pdf(&p));
        // One line per text line, trailing spaces trimmed: readable diffs.
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.is_empty())
            .collect();
        golden(case, "report.txt", &(lines.join("\n") + "\n"));
    }
}
