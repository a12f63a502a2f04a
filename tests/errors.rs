//! Bad input: one clear message naming file, line and column, exit 2, nothing written, the
//! previous good output untouched.

use std::path::Path;

use crate::common::*;

fn tmp_out(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gongwen-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// (fixture, what the message says, where it points)
const CASES: &[(&str, &str, &str)] = &[
    (
        "unknown-key.toml",
        "unknown field `layuot`",
        "unknown-key.toml:4:1",
    ),
    (
        "missing-field.toml",
        "missing field `office`",
        "missing-field.toml:1:1",
    ),
    (
        "wrong-type.toml",
        "invalid type: integer `3`, expected a string",
        "wrong-type.toml:6:9",
    ),
    (
        "malformed.toml",
        "invalid basic string",
        "malformed.toml:2:",
    ),
    (
        "unknown-layout.toml",
        "unknown layout `gbt9999`",
        "unknown-layout.toml:4:10",
    ),
    (
        "control-char.toml",
        "control character U+0007",
        "control-char.toml:6:",
    ),
    (
        "missing-font.toml",
        "no font for `body`",
        "\"No Such Fang\"",
    ),
];

#[test]
fn bad_input_gets_one_clear_error_and_nothing_is_written() {
    for (case, message, place) in CASES {
        let report = fixture("bad-input", case);
        let out = tmp_out(case);
        let o = gongwen(&[
            "build",
            report.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{case}: {err}");
        assert!(
            err.contains(message),
            "{case}: expected {message:?} in\n{err}"
        );
        assert!(err.contains(place), "{case}: expected {place:?} in\n{err}");
        assert!(err.contains("error"), "{case}: {err}");
        assert!(
            !err.contains('\u{1b}'),
            "{case}: no colour codes when not on a terminal"
        );
        assert!(
            !out.exists() || std::fs::read_dir(&out).unwrap().next().is_none(),
            "{case}: nothing written"
        );
        // check agrees: unusable input is exit 2.
        let o = gongwen(&["check", report.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "check {case}: {}", stderr(&o));
    }
}

#[test]
fn every_error_names_a_fix() {
    for (case, _, _) in CASES.iter().filter(|(c, _, _)| *c != "malformed.toml") {
        let o = gongwen(&["check", fixture("bad-input", case).to_str().unwrap()]);
        assert!(stderr(&o).contains("hint:"), "{case}: {}", stderr(&o));
    }
}

#[test]
fn a_failed_build_keeps_the_previous_good_output() {
    let out = tmp_out("keep");
    let good = fixture("bad-input", "good.toml");
    let o = gongwen(&["build", good.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = out.join("good.pdf");
    let before = std::fs::read(&pdf).unwrap();
    // The same stem, now broken: the build fails and good.pdf is untouched.
    let broken_dir = tmp_out("broken-src");
    std::fs::create_dir_all(&broken_dir).unwrap();
    let broken = broken_dir.join("good.toml");
    std::fs::write(
        &broken,
        "[report]\ntitle = \"x\"\noffice = \"y\"\nbogus = 1\n",
    )
    .unwrap();
    let o = gongwen(&[
        "build",
        broken.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name())
        .collect();
    assert_eq!(
        leftovers.len(),
        2,
        "only good.pdf and good.docx: {leftovers:?}"
    );
}

#[test]
fn a_character_no_font_has_is_reported_with_its_place() {
    let report = fixture("bad-input", "missing-glyph.toml");
    let o = gongwen(&["check", report.to_str().unwrap(), "--no-system-fonts"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "a warning is a finding: {err}");
    assert!(
        err.contains("U+2A6B2") && err.contains("missing-glyph.toml:6:"),
        "{err}"
    );
    // build warns but writes; --strict refuses and writes nothing.
    let out = tmp_out("glyph");
    let o = gongwen(&[
        "build",
        report.to_str().unwrap(),
        "--pdf",
        "--no-system-fonts",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("U+2A6B2"));
    let out = tmp_out("glyph-strict");
    let o = gongwen(&[
        "build",
        report.to_str().unwrap(),
        "--strict",
        "--no-system-fonts",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!out.join("missing-glyph.pdf").exists());
}

#[test]
fn a_missing_report_file_is_exit_2_with_a_hint() {
    let o = gongwen(&[
        "build",
        "no/such/report.toml",
        "-o",
        tmp_out("missing").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read no/such/report.toml"),
        "{}",
        stderr(&o)
    );
    assert!(!Path::new("no").exists());
}

#[test]
fn check_on_the_reference_report_finds_exactly_the_environment_total() {
    // The published 845 (环境保护信息) is stated as published; its nine parts add up to 839.
    // Nothing else in the report breaks a rule, and nothing is corrected.
    let o = gongwen(&["check", reference_toml().to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert_eq!(err.matches("warning:").count(), 1, "{err}");
    assert!(
        err.contains(
            "`environment.total` (环境保护信息) is 845, but the sum of its 9 parts is 839"
        ),
        "{err}"
    );
    assert!(err.contains("1 finding(s)"), "{err}");
}
