//! `gongwen import FILES_OR_DIR… -o DIR --yearbook`: a folder of submissions in every form,
//! one definition each, one line per file and a summary, and a yearbook that builds.

use crate::common::*;

#[test]
fn a_folder_of_submissions_imports_into_definitions_and_a_yearbook_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(inbox.join("districts")).unwrap();
    for f in ["typed.docx", "list.docx", "page.html", "web-copy.txt"] {
        std::fs::copy(fixture("office", f), inbox.join(f)).unwrap();
    }
    std::fs::copy(
        fixture("office", "wps.docx"),
        inbox.join("districts/typed.docx"),
    )
    .unwrap();
    // a picture in the folder is no submission: refused by name, never skipped silently
    std::fs::write(inbox.join("districts/notes.png"), b"\x89PNG\r\n\x1a\n").unwrap();
    let out = dir.path().join("out");
    let o = gongwen(&[
        "import",
        inbox.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--yearbook",
        "--keep-duplicates", // one report in five conventions, all five wanted here
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(1), "{stdout}{}", stderr(&o));
    assert!(
        stdout.contains("fail  ") && stdout.contains("notes.png") && stdout.contains("PNG picture"),
        "{stdout}"
    );
    let lines: Vec<&str> = stdout.lines().filter(|l| l.starts_with("ok ")).collect();
    assert_eq!(lines.len(), 5, "one line per file:\n{stdout}");
    for l in &lines {
        assert!(
            l.contains("3 sections, 9 headings") && l.contains("signed 某某县人民政府办公室"),
            "{l}"
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.contains("page.html (web page)") && l.contains("1 table(s)"))
    );
    assert!(
        stdout.contains("6 file(s) in ")
            && stdout.contains("5 imported, 0 duplicate(s), 1 refused"),
        "a summary: {stdout}"
    );
    // two files named typed: both kept
    assert!(out.join("typed.toml").exists() && out.join("typed-2.toml").exists());
    let book = std::fs::read_to_string(out.join("yearbook.toml")).unwrap();
    assert!(
        book.contains("（2015年度）") && book.contains("\"web-copy.toml\""),
        "{book}"
    );
    let built = build_pdf(&out.join("yearbook.toml"), &dir.path().join("built"));
    let pdf = std::fs::read(built).expect("the yearbook PDF is written");
    let text = normalize(&pdf_text(&pdf));
    assert_eq!(
        text.matches(&normalize("三、存在的问题和改进措施")).count(),
        5 * 2,
        "every report, in its text and in the contents"
    );
}

#[test]
fn a_batch_never_overwrites_without_force_and_refuses_one_report_options() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("typed.toml"), "keep me").unwrap();
    let typed = fixture("office", "typed.docx");
    let page = fixture("office", "page.html");
    let args = |more: &[&str]| {
        let mut a = vec![
            "import",
            typed.to_str().unwrap(),
            page.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ];
        a.extend_from_slice(more);
        gongwen(&a)
    };
    let o = args(&[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("typed.toml")).unwrap(),
        "keep me"
    );
    let o = args(&["--title", "x"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("name one report"), "{}", stderr(&o));
    let o = args(&["--force", "--keep-duplicates"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        std::fs::read_to_string(out.join("typed.toml"))
            .unwrap()
            .contains("[[section]]")
    );
}

#[test]
fn a_file_that_cannot_be_read_fails_alone_and_the_others_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::copy(fixture("office", "typed.docx"), inbox.join("a.docx")).unwrap();
    std::fs::write(inbox.join("b.docx"), b"not a zip").unwrap();
    let out = dir.path().join("out");
    let o = gongwen(&[
        "import",
        inbox.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("fail  ") && stdout.contains("b.docx"),
        "the failure has its line: {stdout}"
    );
    assert!(
        stdout.contains("2 file(s) in ")
            && stdout.contains("1 imported, 0 duplicate(s), 1 refused"),
        "{stdout}"
    );
    assert!(out.join("a.toml").exists() && !out.join("b.toml").exists());
    assert!(stderr(&o).contains("b.docx"), "{}", stderr(&o));
}
