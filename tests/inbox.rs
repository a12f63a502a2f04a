//! The inbox: every file a department sends is read — by its content, not its name — or refused
//! with the reason, never skipped; the same report sent twice bound once; `intake.json` and the
//! review page name every file. Fixtures: `tests/fixtures/inbox/make.py` (python-docx and
//! LibreOffice). The tests that convert with LibreOffice are ignored by a plain `cargo test` and
//! run by `tests/conformance.sh`; without LibreOffice they fail and name the package.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::common::*;
use crate::libreoffice::have;

/// The submissions folder copied into `dir`.
fn inbox(dir: &Path) -> PathBuf {
    let inbox = dir.join("inbox");
    std::fs::create_dir_all(&inbox).unwrap();
    let from = root().join("tests/fixtures/inbox/submissions");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&from)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for f in names {
        std::fs::copy(&f, inbox.join(f.file_name().unwrap())).unwrap();
    }
    inbox
}

/// `gongwen import ARGS` with `GONGWEN_SOFFICE` set to `soffice` (empty: none).
fn import(args: &[&str], soffice: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gongwen"));
    cmd.arg("import").args(args);
    if let Some(s) = soffice {
        cmd.env("GONGWEN_SOFFICE", s);
    }
    cmd.output().expect("the binary runs")
}

fn intake(out: &Path) -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(out.join("intake.json")).expect("intake.json is written");
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["files"].as_array().unwrap().clone()
}

fn entry<'a>(files: &'a [serde_json::Value], name: &str) -> &'a serde_json::Value {
    files
        .iter()
        .find(|f| f["file"] == name)
        .unwrap_or_else(|| panic!("{name} is not in intake.json: {files:#?}"))
}

#[test]
fn every_file_is_named_and_without_libreoffice_the_office_files_are_refused_naming_the_package() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = inbox(dir.path());
    std::fs::write(inbox.join(".DS_Store"), b"\0\0").unwrap(); // the file system's, not a department's
    let out = dir.path().join("out");
    let o = import(
        &[
            inbox.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--yearbook",
        ],
        Some(""),
    );
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{stdout}{err}");
    let files = intake(&out);
    let received: Vec<String> = std::fs::read_dir(root().join("tests/fixtures/inbox/submissions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files.len(),
        received.len(),
        "one entry per file: {files:#?}"
    );
    for name in &received {
        assert!(
            stdout.contains(name.as_str()),
            "{name} is not named:\n{stdout}"
        );
        let e = entry(&files, name);
        if e["status"] == "refused" {
            assert!(
                e["reason"].as_str().is_some_and(|r| r.contains("hint:")),
                "{name}: a reason and a fix: {e}"
            );
        }
    }
    assert!(!stdout.contains(".DS_Store"));
    for (name, words) in [
        ("金湖县.doc", "libreoffice-writer-nogui"),
        ("盱眙县.odt", "libreoffice-writer-nogui"),
        ("涟水县.rtf", "libreoffice-writer-nogui"),
        ("淮阴区.wps", "libreoffice-writer-nogui"),
        ("扫描件.pdf", "is a scan"),
        ("空白.txt", "is empty"),
        ("损坏.docx", "damaged zip archive"),
        ("加密.docx", "protected by a password"),
    ] {
        let e = entry(&files, name);
        assert_eq!(e["status"], "refused", "{name}: {e}");
        assert!(e["reason"].as_str().unwrap().contains(words), "{name}: {e}");
    }
    // a DOCX named .doc is read by its content, with a note
    let named = entry(&files, "淮安区.doc");
    assert_eq!(named["status"], "imported", "{named}");
    assert!(
        named["warnings"].to_string().contains("is named as"),
        "{named}"
    );
    // the same report twice: the final one bound, the other its duplicate
    let first = entry(&files, "洪泽区2024年报.docx");
    assert_eq!(first["status"], "duplicate", "{first}");
    assert_eq!(first["duplicate_of"], "洪泽区2024年报(最终版).docx");
    assert_eq!(
        entry(&files, "洪泽区2024年报(最终版).docx")["status"],
        "imported"
    );
    // the PDF with the national form in ruled tables
    let pdf = entry(&files, "市场监管局.pdf");
    assert_eq!(pdf["status"], "imported", "{pdf}");
    assert!(
        stdout.contains("12 file(s)") && stdout.contains("3 imported, 1 duplicate(s), 8 refused"),
        "the summary counts every file: {stdout}"
    );
    let book = std::fs::read_to_string(out.join("yearbook.toml")).unwrap();
    assert!(!book.contains("洪泽区2024年报.toml"), "{book}");
    assert!(book.contains("洪泽区2024年报(最终版).toml"), "{book}");
    // the review page lists every file received, in English on request
    let html = review_page(&out.join("yearbook.toml"), &["--lang", "en"]);
    assert!(html.contains("Files received") && html.contains("duplicate, not bound"));
    for name in &received {
        assert!(html.contains(name.as_str()), "{name} is not on the page");
    }
}

#[test]
fn a_pdf_of_the_national_form_reads_its_ruled_tables_into_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("form.toml");
    let pdf = root().join("tests/fixtures/inbox/submissions/市场监管局.pdf");
    let o = gongwen_import(&pdf, &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    let toml = std::fs::read_to_string(&out).unwrap();
    assert!(
        toml.contains("title = \"某某县市场监督管理局2021年政府信息公开工作年度报告\""),
        "{toml}"
    );
    assert!(
        toml.contains("[form]"),
        "the form's tables are read: {err}\n{toml}"
    );
    // the same report written by hand: check finds the same breaks in both
    let by_hand = fixture("office", "form.toml");
    let breaks = |p: &Path| {
        let o = gongwen(&["check", p.to_str().unwrap(), "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let mut b: Vec<String> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| {
                f["check"]
                    .as_object()
                    .map(|b| format!("{}={}", b["stated"], b["computed"]))
            })
            .collect();
        b.sort();
        b
    };
    assert_eq!(breaks(&out), breaks(&by_hand), "{toml}");
    assert!(!toml.contains("第 1 页") && !toml.contains("- 1 -"));
}

#[test]
fn tracked_changes_are_listed_and_rejected_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let input = root().join("tests/fixtures/inbox/changes.docx");
    let out = dir.path().join("a.toml");
    let o = gongwen_import(&input, &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("tracked insertion by 张三 on 2025-01-15"),
        "{err}"
    );
    assert!(err.contains("“三是公开政策解读信息。”"), "{err}");
    assert!(
        err.contains(
            "tracked deletion by 李四 on 2025-01-16 in a table cell of the row “财政预决算”: “0”"
        ),
        "{err}"
    );
    assert!(
        err.contains("tracked insertion by 李四 on 2025-01-16 in a table cell"),
        "{err}"
    );
    let accepted = std::fs::read_to_string(&out).unwrap();
    assert!(accepted.contains("三是公开政策解读信息。") && accepted.contains("\"11\""));
    assert!(
        accepted.contains("intake: tracked insertion by 张三"),
        "listed for the review page"
    );
    let out = dir.path().join("b.toml");
    let o = gongwen_import(&input, &out, &["--reject-changes"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rejected: String = std::fs::read_to_string(&out)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(!rejected.contains("三是公开政策解读信息"), "{rejected}");
    assert!(
        rejected.contains("（初稿）") && rejected.contains("\"0\""),
        "{rejected}"
    );
}

#[test]
fn punctuation_is_made_full_width_on_import_unless_kept_as_published() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("web.txt");
    std::fs::write(
        &input,
        "三亚市2024年政府信息公开工作年度报告\n根据规定,三亚市人民政府办公室编制本报告。\n一、总体情况\n全年公开信息120条;办理申请5件。\n",
    )
    .unwrap();
    let out = dir.path().join("a.toml");
    let o = gongwen_import(&input, &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("2 half-width punctuation mark(s)"),
        "{}",
        stderr(&o)
    );
    let fixed = std::fs::read_to_string(&out).unwrap();
    assert!(
        fixed.contains("根据规定，三亚市") && fixed.contains("120条；"),
        "{fixed}"
    );
    let out = dir.path().join("b.toml");
    let o = gongwen_import(&input, &out, &["--as-published"]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let kept = std::fs::read_to_string(&out).unwrap();
    assert!(kept.contains("根据规定,三亚市"), "{kept}");
}

#[test]
fn the_forms_rows_read_as_text_are_a_finding_not_clean() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("a.toml");
    let input = root().join("tests/fixtures/inbox/form-as-text.txt");
    let o = gongwen_import(&input, &out, &[]);
    assert!(
        stderr(&o).contains("reads like the national form"),
        "{}",
        stderr(&o)
    );
    let o = gongwen(&["check", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("but has no [form]"), "{}", stderr(&o));
}

#[test]
fn single_files_are_read_by_content_and_bad_ones_refused_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let sub = root().join("tests/fixtures/inbox/submissions");
    let named = dir.path().join("named.toml");
    let o = gongwen_import(&sub.join("淮安区.doc"), &named, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("is named as a Word 97–2003 or WPS document but is a Word document (DOCX)"),
        "{}",
        stderr(&o)
    );
    for (file, words) in [
        ("扫描件.pdf", "is a scan"),
        ("空白.txt", "is empty"),
        ("损坏.docx", "damaged zip archive"),
        ("加密.docx", "protected by a password"),
    ] {
        let out = dir.path().join("x.toml");
        let o = gongwen_import(&sub.join(file), &out, &[]);
        assert_eq!(o.status.code(), Some(2), "{file}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(words) && stderr(&o).contains("hint:"),
            "{file}: {}",
            stderr(&o)
        );
        assert!(!out.exists(), "nothing written for {file}");
    }
    // RTF code and markup never read as text
    let rtf = dir.path().join("r.txt");
    std::fs::write(&rtf, "{\\rtf1\\ansi\\deff0 {\\fonttbl}}").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args([
            "import",
            rtf.to_str().unwrap(),
            "-o",
            dir.path().join("r.toml").to_str().unwrap(),
        ])
        .env("GONGWEN_SOFFICE", "")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("is an RTF document")
            && stderr(&o).contains("libreoffice-writer-nogui"),
        "{}",
        stderr(&o)
    );
    let xml = dir.path().join("x.doc");
    std::fs::write(&xml, "<?xml version=\"1.0\"?><w:wordDocument/>").unwrap();
    let o = gongwen_import(&xml, &dir.path().join("x.toml"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is XML markup"), "{}", stderr(&o));
}

#[test]
#[ignore = "needs LibreOffice (apt-get install -y libreoffice-writer-nogui); tests/conformance.sh runs it"]
fn an_inbox_of_every_kind_imports_and_its_yearbook_builds() {
    if !have("soffice") {
        panic!(
            "this test needs LibreOffice (soffice): apt-get install -y libreoffice-writer-nogui"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let inbox = inbox(dir.path());
    let out = dir.path().join("out");
    let o = import(
        &[
            inbox.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--yearbook",
        ],
        None,
    );
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert_eq!(o.status.code(), Some(1), "{stdout}{}", stderr(&o));
    assert!(
        stdout.contains("12 file(s)") && stdout.contains("7 imported, 1 duplicate(s), 4 refused"),
        "{stdout}"
    );
    let files = intake(&out);
    for (name, place) in [
        ("金湖县.doc", "金湖县"),
        ("盱眙县.odt", "盱眙县"),
        ("涟水县.rtf", "涟水县"),
        ("淮阴区.wps", "淮阴区"),
        ("淮安区.doc", "淮安区"),
    ] {
        let e = entry(&files, name);
        assert_eq!(e["status"], "imported", "{name}: {e}");
        let def = out.join(e["definition"].as_str().unwrap());
        let toml = std::fs::read_to_string(&def).unwrap();
        let office = format!("淮安市{place}人民政府办公室");
        assert!(
            toml.contains(&format!(
                "title = [\"{office}\", \"2024年政府信息公开工作年度报告\"]"
            )),
            "{name}: the title lines\n{toml}"
        );
        assert!(
            toml.contains(&format!("office = \"{office}\"")),
            "{name}\n{toml}"
        );
        for h in [
            "title = \"概述\"",
            "title = \"主动公开政府信息情况\"",
            "title = \"存在的问题和改进措施\"",
            "title = \"完善工作机制\"",
            "title = \"健全制度。\"",
            "title = \"加强培训。\"",
        ] {
            assert!(toml.contains(h), "{name}: {h}\n{toml}");
        }
        assert!(
            toml.contains(&format!("signature = \"{office}\"")),
            "{name}\n{toml}"
        );
    }
    let built = build_pdf(&out.join("yearbook.toml"), &dir.path().join("built"));
    assert!(built.exists());
    let html = review_page(&out.join("yearbook.toml"), &[]);
    assert!(html.contains("收到的文件") && html.contains("退回") && html.contains("重复，未编入"));
    for f in &files {
        assert!(
            html.contains(f["file"].as_str().unwrap()),
            "{f} is not on the page"
        );
    }
}

#[test]
fn a_web_pages_own_title_lines_are_the_title_and_name_the_office() {
    let dir = tempfile::tempdir().unwrap();
    let page = |title: &str, own: &str| {
        format!(
            r#"<html><head><meta charset="utf-8"><title>年度报告 - 某市人民政府网</title></head><body>
            <div class="nav"><a href="/">首页</a></div>
            <div class="main"><h1>{title}</h1><div class="info">发布时间：2016-03-31 来源：本站</div>
            <div class="content">{own}
            <p>　　根据《条例》规定，现公布本县年度报告。本县政府信息公开工作在县委、县政府的领导下稳步推进，各项工作取得新进展。</p>
            <p>一、概述</p><p>　　全县工作稳步推进，取得新的成效。</p>
            <p>二、存在的问题</p><p>　　人员不足，经费不足。</p>
            <p style="text-align:right">2016年3月31日</p></div></div></body></html>"#
        )
    };
    let cases = [
        (
            page(
                "某某县人民政府办公室2015年政府信息公开工作年度报告",
                r#"<p style="text-align:center">某某县人民政府办公室</p><p style="text-align:center">2015年政府信息公开工作年度报告</p>"#,
            ),
            "title = [\"某某县人民政府办公室\", \"2015年政府信息公开工作年度报告\"]",
        ),
        (
            page("某某县人民政府办公室2015年政府信息公开工作年度报告", ""),
            "title = \"某某县人民政府办公室2015年政府信息公开工作年度报告\"",
        ),
    ];
    for (i, (html, title)) in cases.iter().enumerate() {
        let input = dir.path().join(format!("p{i}.html"));
        std::fs::write(&input, html).unwrap();
        let out = dir.path().join(format!("p{i}.toml"));
        let o = gongwen_import(&input, &out, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let toml = std::fs::read_to_string(&out).unwrap();
        assert!(toml.contains(title), "{toml}");
        assert!(
            toml.contains("office = \"某某县人民政府办公室\""),
            "the office the title names\n{toml}"
        );
        let opening = toml
            .split("[opening]")
            .nth(1)
            .unwrap()
            .split("[[section]]")
            .next()
            .unwrap();
        assert!(
            !opening.contains("年度报告\n") && !opening.contains("办公室\n"),
            "the title is not repeated: {opening}"
        );
    }
}

#[test]
fn a_pdfs_paragraphs_come_back_and_its_running_head_and_page_numbers_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("paged.toml");
    let o = gongwen_import(&root().join("tests/fixtures/inbox/paged.pdf"), &out, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("page headers or footers") && err.contains("“淮安市清河区人民政府办公室文件”"),
        "{err}"
    );
    let toml = std::fs::read_to_string(&out).unwrap();
    let body: String = toml
        .lines()
        .filter(|l| !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        !body.contains("人民政府办公室文件") && !body.contains("-1-") && !body.contains("-2-"),
        "{body}"
    );
    assert!(
        body.contains(
            "title = [\"淮安市清河区人民政府办公室\", \"2024年政府信息公开工作年度报告\"]"
        ),
        "{body}"
    );
    // fifteen paragraphs, one over a page break, each whole
    let para = "\n全年主动公开政府信息1256条。一是公开财政预决算信息。二是公开重点项目信息。\n";
    assert_eq!(body.matches(&para[1..]).count(), 15, "{body}");
    for h in [
        "title = \"加强组织领导。\"\nrun-in = true",
        "title = \"健全制度。\"\nrun-in = true",
        "title = \"存在的问题和改进措施\"",
    ] {
        assert!(body.contains(h), "{h}\n{body}");
    }
    assert!(
        body.contains("signature = \"淮安市清河区人民政府办公室\"")
            && body.contains("date = 2025-01-20")
    );
    // the DOCX it was made from: the running head noted as left out
    let o = gongwen_import(
        &root().join("tests/fixtures/inbox/paged.docx"),
        &dir.path().join("d.toml"),
        &[],
    );
    assert!(
        stderr(&o).contains("the header or footer of") && stderr(&o).contains("is left out"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_damaged_pdf_is_refused_or_read_never_a_panic() {
    let good = std::fs::read(root().join("tests/fixtures/inbox/paged.pdf")).unwrap();
    let path = Path::new("damaged.pdf");
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..60 {
        let mut bytes = good.clone();
        if round % 3 == 0 {
            bytes.truncate(bytes.len() * (round + 1) / 61);
        } else {
            for _ in 0..1 + round % 7 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let at = (seed as usize) % bytes.len();
                bytes[at] = (seed >> 32) as u8;
            }
        }
        let read = std::panic::catch_unwind(|| {
            gongwen::import::submission::read(
                path,
                "damaged.pdf",
                &bytes,
                None,
                None,
                &Default::default(),
            )
            .map(|s| s.outline.title)
            .map_err(|d| d.message)
        });
        assert!(read.is_ok(), "round {round} panicked");
    }
}

/// The reviewer's page of `book` (`check --format html`, with `more` arguments), as text.
fn review_page(book: &Path, more: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let review = dir.path().join("review.html");
    let mut args = vec!["check", book.to_str().unwrap(), "--format", "html"];
    args.extend_from_slice(more);
    args.extend(["-o", review.to_str().unwrap()]);
    let o = gongwen(&args);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    std::fs::read_to_string(&review).unwrap()
}
