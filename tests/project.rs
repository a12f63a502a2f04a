//! One build, owned by the library: `Project` opens reports and yearbooks for every command,
//! findings carry their kind as data, one root and one number reader.

use std::path::Path;
use std::process::Command;

use gongwen::diag::{Kind, Severity};
use gongwen::project::{Project, Unit};

use crate::common::*;
use crate::docx_import_common::*;

fn run_in(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs")
}

/// The variant fixture copied into a fresh folder: report.toml and its form.toml beside it.
fn variant_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["report.toml", "form.toml"] {
        std::fs::copy(fixture("forms-2021-variant", f), dir.path().join(f)).unwrap();
    }
    dir
}

/// Run from the report's own folder (`--onto report.toml`, a bare name), an editor's change to a
/// form cell comes back: the form variant beside the report is found from the one root.
#[test]
fn import_onto_from_the_reports_folder_keeps_form_cell_edits() {
    let dir = variant_folder();
    let o = run_in(
        dir.path(),
        &["build", "report.toml", "--docx", "-o", ".", "-q"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let docx = std::fs::read(dir.path().join("report.docx")).unwrap();
    let edited = edit_document(&docx, |xml| {
        assert_eq!(
            xml.matches(">2315<").count(),
            1,
            "the 行政许可 cell stands once"
        );
        *xml = xml.replace(">2315<", ">2316<");
    });
    std::fs::write(dir.path().join("edited.docx"), edited).unwrap();
    let o = run_in(
        dir.path(),
        &[
            "import",
            "edited.docx",
            "--onto",
            "report.toml",
            "-o",
            "report.toml",
            "--force",
        ],
    );
    let toml = std::fs::read_to_string(dir.path().join("report.toml")).unwrap();
    assert!(
        toml.contains("\"行政许可\" = [2316]"),
        "{}\n{}",
        stderr(&o),
        String::from_utf8_lossy(&o.stdout)
    );
}

/// ８３９ typed in full-width digits over the cited 845 is read by the one number reader: the
/// figure becomes 839 and the citation stays.
#[test]
fn full_width_digits_typed_over_a_citation_change_the_figure() {
    let base = project(&reference_toml());
    let docx = edit_document(&crate::docx::render(&base), |xml| {
        let from = "环境保护信息845条";
        assert_eq!(xml.matches(from).count(), 1);
        *xml = xml.replace(from, "环境保护信息８３９条");
    });
    let imported = import(&docx);
    let (toml, notes) = gongwen::import::onto::onto(&base.file, &imported.outline)
        .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&[d])));
    assert!(
        toml.contains("各类环境保护信息{environment.total}条"),
        "the citation stays"
    );
    assert!(toml.contains("total = { value = 839,"), "{toml}");
    assert!(
        gongwen::diag::render_plain(&notes).contains("environment.total: 845 → 839"),
        "{}",
        gongwen::diag::render_plain(&notes)
    );
}

/// The form fixture with breaks, `line` added to its opening, written into `dir`.
fn breaks_opening_with(dir: &Path, line: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(fixture("forms-2021-breaks", "report.toml"))
        .unwrap()
        .replacen(
            "[opening]\ntext = '''\n",
            &format!("[opening]\ntext = '''\n{line}\n"),
            1,
        );
    let path = dir.join("report.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// What JSON says of a finding, but its words.
fn shape(v: &serde_json::Value) -> serde_json::Value {
    let mut v = v.clone();
    for f in v["findings"].as_array_mut().unwrap() {
        for words in ["message", "label", "hints"] {
            f.as_object_mut().unwrap().remove(words);
        }
        if let Some(c) = f.get_mut("check") {
            c.as_object_mut().unwrap().remove("says");
        }
    }
    v
}

/// Every message reworded: the JSON's kinds, severities, places and break data, and what
/// decides the exit code, stay as they were — nothing is decided by a message's words.
#[test]
fn no_finding_is_classified_by_its_words() {
    // Breaks (the form), punctuation, and a character no font has.
    let dir = tempfile::tempdir().unwrap();
    let path = breaks_opening_with(dir.path(), "规定,三亚\u{2FA1D}。");
    let p = project(&path);
    let fonts = gongwen::typst::Fonts::load(&gongwen::typst::FontOptions {
        system: false,
        paths: Vec::new(),
    });
    let plan = gongwen::typst::FontPlan::new(&p.layout, &fonts).unwrap();
    let mut findings = p.warnings.clone();
    findings.extend(
        gongwen::typst::missing_glyphs(&p.doc, &p.layout, &plan, &fonts)
            .into_iter()
            .map(|m| gongwen::diag::Diagnostic::warning(format!("{}", m.c)).kind(Kind::Glyph)),
    );
    let kinds: std::collections::BTreeSet<&str> = findings.iter().map(|d| d.kind.word()).collect();
    assert!(
        kinds.contains("check") && kinds.contains("punctuation"),
        "{kinds:?}"
    );
    let before = gongwen::diag::json::report("r", "findings", &findings);
    let mut reworded = findings.clone();
    for (i, d) in reworded.iter_mut().enumerate() {
        d.message = format!("reworded {i}");
        d.label = "x".into();
        d.hints = vec!["y".into()];
    }
    let after = gongwen::diag::json::report("r", "findings", &reworded);
    assert_eq!(shape(&before), shape(&after));
    for strict in [false, true] {
        assert_eq!(
            gongwen::diag::has_errors(&findings, strict),
            gongwen::diag::has_errors(&reworded, strict)
        );
    }
}

/// `check --format json` gives every finding its kind as data: the form's breaks are `check`,
/// the half-width marks `punctuation`.
#[test]
fn check_json_carries_each_findings_kind() {
    let dir = tempfile::tempdir().unwrap();
    let path = breaks_opening_with(dir.path(), "规定,三亚。");
    let o = gongwen(&["check", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let breaks = findings.iter().filter(|f| f["kind"] == "check").count();
    assert!(breaks >= 2, "{v:#}");
    assert!(
        findings
            .iter()
            .all(|f| f["kind"] != "check" || f["check"]["rule"].is_string())
    );
    assert!(findings.iter().any(|f| f["kind"] == "punctuation"), "{v:#}");
}

/// `Project::open` tells a yearbook from a report by its content and builds every member;
/// its inputs are every file read, form variants included.
#[test]
fn a_project_is_opened_once_and_knows_every_file_it_read() {
    let dir = variant_folder();
    let p = Project::open(&dir.path().join("report.toml")).unwrap();
    assert!(matches!(p.unit, Unit::Report(_)));
    let names: Vec<String> = p
        .inputs()
        .iter()
        .map(|f| f.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["report.toml", "form.toml"]);

    let book = Project::open(&root().join("data/yearbook.toml")).unwrap();
    let Unit::Book(b) = &book.unit else {
        panic!("a yearbook")
    };
    assert!(b.members.len() >= 2 && b.members.iter().all(|m| m.built.is_ok()));
    assert!(b.problems().is_empty());
    assert_eq!(book.inputs().len(), b.members.len() + 1);
}

/// The manifest lists every file read: the form variant beside the report too.
#[test]
fn the_manifest_lists_the_form_variant() {
    let dir = variant_folder();
    let o = run_in(
        dir.path(),
        &[
            "build",
            "report.toml",
            "--docx",
            "--manifest",
            "-o",
            "out",
            "-q",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let m = std::fs::read_to_string(dir.path().join("out/report.manifest.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&m).unwrap();
    let inputs: Vec<&str> = v["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert_eq!(inputs, ["report.toml", "./form.toml"], "{m}");
}

/// `check` of a yearbook asks what `build` asks: a report on another page makes it unusable,
/// not clean.
#[test]
fn check_and_build_refuse_the_same_yearbook() {
    let book = fixture("yearbook-bad", "layouts.yearbook.toml");
    let check = gongwen(&["check", book.to_str().unwrap()]);
    let out = tempfile::tempdir().unwrap();
    let build = gongwen(&[
        "build",
        book.to_str().unwrap(),
        "--docx",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(build.status.code(), Some(2), "{}", stderr(&build));
    assert_eq!(check.status.code(), Some(2), "{}", stderr(&check));
    assert!(stderr(&check).contains("share a page") || stderr(&check).contains("layout"));
}

/// `gongwen fonts` names, for every role, the font the PDF uses — for a report, a yearbook and
/// the default layout.
#[test]
fn fonts_shows_every_role() {
    for args in [
        vec!["fonts", "--no-system-fonts"],
        vec!["fonts", "data/xinxiang-2015.toml", "--no-system-fonts"],
        vec!["fonts", "data/yearbook.toml", "--no-system-fonts"],
    ] {
        let o = run_in(&root(), &args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(out.starts_with("layout gbt9704"), "{out}");
        for face in ["FandolFang", "FandolHei", "FandolKai"] {
            assert!(out.contains(face), "{args:?} names {face}: {out}");
        }
    }
    let o = gongwen(&["fonts", "no-such.toml"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(Severity::Error.word(), "error");
}
