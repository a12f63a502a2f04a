//! What LibreOffice makes of gongwen's DOCX: the live numbers in order, run-in headings on their
//! paragraph's line. These tests need LibreOffice and poppler, so `cargo test` lists them as
//! ignored and `tests/conformance.sh` runs them (`cargo test -- --ignored`); run without the
//! tools, they fail and say what to install.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use gongwen::doc::Block;
use gongwen::layout::{Layout, Role};

use crate::common;
use crate::docx::{basic, render};

/// Runs `cmd` for at most three minutes.
pub(crate) fn run(mut cmd: Command) -> std::process::ExitStatus {
    let mut child = cmd.spawn().expect("the command starts");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if start.elapsed() > Duration::from_secs(180) {
            let _ = child.kill();
            panic!("{cmd:?} took more than three minutes");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Whether a command is on PATH.
pub(crate) fn have(tool: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A fontconfig file that offers the bundled fonts under the office names the layout writes.
pub(crate) fn fontconfig(layout: &Layout, dir: &Path) -> std::path::PathBuf {
    let mut conf = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE fontconfig SYSTEM \"fonts.dtd\"><fontconfig><dir>{}</dir><dir>/usr/share/fonts</dir><cachedir>{}</cachedir>",
        common::root().join("fonts/fandol").display(),
        dir.join("fc").display()
    );
    for role in Role::ALL {
        let f = layout.font(role);
        let bundled = f.pdf.last().unwrap();
        conf += &format!(
            "<alias binding=\"same\"><family>{}</family><prefer><family>{bundled}</family></prefer></alias>",
            f.docx
        );
    }
    conf += "</fontconfig>";
    let path = dir.join("fonts.conf");
    std::fs::write(&path, conf).unwrap();
    path
}

#[test]
#[ignore = "needs LibreOffice and poppler (apt-get install -y libreoffice-writer-nogui poppler-utils); tests/conformance.sh runs it"]
fn libreoffice_prints_the_live_numbers_in_order() {
    if !have("soffice") || !have("pdftotext") {
        panic!(
            "this test needs LibreOffice and poppler (soffice, pdftotext): \
             apt-get install -y libreoffice-writer-nogui poppler-utils"
        );
    }
    let p = basic();
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("report.docx");
    std::fs::write(&docx, render(&p)).unwrap();
    let mut cmd = Command::new("soffice");
    cmd.arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .env("HOME", dir.path())
        .env("FONTCONFIG_FILE", fontconfig(&p.layout, dir.path()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    assert!(run(cmd).success(), "LibreOffice could not convert the DOCX");
    let mut cmd = Command::new("pdftotext");
    cmd.args(["-enc", "UTF-8"])
        .arg(dir.path().join("report.pdf"))
        .arg(dir.path().join("report.txt"));
    assert!(run(cmd).success());
    let text: String = std::fs::read_to_string(dir.path().join("report.txt"))
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    // Every heading, with its live number, appears in order; run-in headings on the same line
    // as their paragraph's first words.
    let mut at = 0;
    for block in &p.doc.blocks {
        let want = match block {
            Block::Heading(h) => h.text(),
            Block::Paragraph(b) => match &b.lead {
                Some(h) => format!("{}{}", h.text(), b.text.chars().take(4).collect::<String>()),
                None => continue,
            },
            Block::Signature(s) => s.lines.iter().map(|l| l.text.as_str()).collect(),
            Block::Table(_) | Block::Chart(_) => continue,
        };
        let want: String = want.chars().filter(|c| !c.is_whitespace()).collect();
        let found = text[at..]
            .find(&want)
            .unwrap_or_else(|| panic!("LibreOffice does not show {want} after byte {at}:\n{text}"));
        at += found + want.len();
    }
    let numbers: Vec<&str> = [
        "一、",
        "（一）",
        "（二）",
        "1、",
        "2、",
        "（1）",
        "（三）",
        "二、",
        "（一）",
    ]
    .to_vec();
    let mut at = 0;
    for n in numbers {
        at += text[at..]
            .find(n)
            .unwrap_or_else(|| panic!("{n} missing after byte {at}"))
            + n.len();
    }
    assert!(text.contains("—1—"), "the footer's page number");
    assert!(text.starts_with(&p.doc.title.concat()), "the title first");
}

/// LibreOffice's text of the DOCX `bytes` (pdftotext of its PDF), lines kept.
fn libreoffice_text(bytes: &[u8], layout: &Layout) -> String {
    if !have("soffice") || !have("pdftotext") {
        panic!(
            "this test needs LibreOffice and poppler (soffice, pdftotext): \
             apt-get install -y libreoffice-writer-nogui poppler-utils"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("report.docx");
    std::fs::write(&docx, bytes).unwrap();
    let mut cmd = Command::new("soffice");
    cmd.arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .env("HOME", dir.path())
        .env("FONTCONFIG_FILE", fontconfig(layout, dir.path()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    assert!(run(cmd).success(), "LibreOffice could not convert the DOCX");
    let mut cmd = Command::new("pdftotext");
    cmd.args(["-enc", "UTF-8"])
        .arg(dir.path().join("report.pdf"))
        .arg(dir.path().join("report.txt"));
    assert!(run(cmd).success());
    std::fs::read_to_string(dir.path().join("report.txt")).unwrap()
}

#[test]
#[ignore = "needs LibreOffice and poppler (apt-get install -y libreoffice-writer-nogui poppler-utils); tests/conformance.sh runs it"]
fn libreoffice_keeps_every_heading_on_one_line_and_every_mark() {
    let p = common::project(&common::reference_toml());
    let text = libreoffice_text(&render(&p), &p.layout);
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect())
        .collect();
    // Every heading on a line of its own fits that line, its final mark hanging if need be:
    // （三）主动公开范围不断拓展，重点领域信息公开成效显著。 is two cells of indent and 27 characters.
    let mut headings = 0;
    for block in &p.doc.blocks {
        if let Block::Heading(h) = block {
            let want: String = h.text().chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                lines.contains(&want),
                "{want} is not one line in LibreOffice's rendering"
            );
            headings += 1;
        }
    }
    assert!(headings >= 10);
    // No mark dropped (LibreOffice loses hanging marks from justified body lines).
    let squeezed: String = lines.concat();
    for mark in ['，', '、', '。'] {
        let want: usize = p
            .doc
            .texts()
            .iter()
            .map(|t| t.1.matches(mark).count())
            .sum();
        assert!(
            squeezed.matches(mark).count() >= want,
            "LibreOffice shows fewer {mark} than the report has"
        );
    }
}
