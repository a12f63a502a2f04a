//! `watch` sees files appearing: a layout created after it starts, a yearbook member added to
//! the folder its glob looks in.

use super::tmp;
use crate::common::*;

/// `watch` of a yearbook sees a report added to `reports/` that its glob matches, and an edit
/// of a member there: each rebuilds (a new file once reset the fingerprint and went unseen).
#[test]
fn watch_sees_a_new_and_an_edited_yearbook_member() {
    use std::time::{Duration, Instant};
    let dir = tmp("watch-book");
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports).unwrap();
    let good = std::fs::read_to_string(fixture("bad-input", "good.toml")).unwrap();
    std::fs::write(reports.join("a.toml"), &good).unwrap();
    let book = dir.join("yearbook.toml");
    std::fs::write(
        &book,
        "[yearbook]\ntitle = \"汇编\"\noffice = \"办公室\"\n\n[[part]]\ntitle = \"报告\"\nreports = [\"reports/*.toml\"]\n",
    )
    .unwrap();
    let out = dir.join("out");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args([
            "watch",
            book.to_str().unwrap(),
            "--pdf",
            "--no-system-fonts",
        ])
        .args(["--max-rebuilds", "2", "-o", out.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pdf = out.join("yearbook.pdf");
    let text = || {
        std::fs::read(&pdf)
            .ok()
            .map(|b| normalize(&pdf_text(&b)))
            .unwrap_or_default()
    };
    let mut wait_for = |want: &str| {
        let t = Instant::now();
        while !text().contains(want) {
            if t.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                panic!("watch did not rebuild with {want:?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    wait_for("正文");
    // A new member where the glob looks.
    let tmp_b = reports.join("b.toml.tmp");
    std::fs::write(&tmp_b, good.replace("正文。", "新加的报告正文。")).unwrap();
    std::fs::rename(&tmp_b, reports.join("b.toml")).unwrap();
    wait_for("新加的报告正文");
    // An edited member.
    let tmp_a = reports.join("a.toml.tmp");
    std::fs::write(&tmp_a, good.replace("正文。", "改过的正文。")).unwrap();
    std::fs::rename(&tmp_a, reports.join("a.toml")).unwrap();
    let t = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if t.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("watch did not rebuild after the edit");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(text().contains("改过的正文"), "{}", text());
}

/// `watch` of a report naming a layout that does not exist yet builds once the layout is
/// created beside it (a file appearing is a change).
#[test]
fn watch_sees_a_layout_created_after_it_starts() {
    use std::time::{Duration, Instant};
    let dir = tmp("watch-layout");
    let report = dir.join("r.toml");
    let good = std::fs::read_to_string(fixture("bad-input", "good.toml")).unwrap();
    std::fs::write(
        &report,
        good.replace(
            "date = 2016-03-31",
            "date = 2016-03-31\nlayout = \"mine.toml\"",
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args([
            "watch",
            report.to_str().unwrap(),
            "--pdf",
            "--no-system-fonts",
        ])
        .args(["--max-rebuilds", "1", "-o", out.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The first build fails (no layout); then it says it is watching.
    let err = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(err).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let t = Instant::now();
    loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if line.starts_with("watching") => break,
            Ok(_) if t.elapsed() < Duration::from_secs(60) => {}
            _ => {
                let _ = child.kill();
                panic!("watch did not start");
            }
        }
    }
    assert!(!out.join("r.pdf").exists());
    let layout = std::fs::read_to_string(root().join("layouts/gbt9704.toml")).unwrap();
    let tmp_l = dir.join("mine.toml.tmp");
    std::fs::write(&tmp_l, layout).unwrap();
    std::fs::rename(&tmp_l, dir.join("mine.toml")).unwrap();
    let t = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if t.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("watch did not rebuild after the layout appeared");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(out.join("r.pdf").exists(), "the rebuild wrote the PDF");
}
