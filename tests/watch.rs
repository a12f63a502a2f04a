//! `gongwen watch` rebuilds after a save and keeps going after a broken one; `gongwen new`
//! writes a report that builds.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gongwen-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Saves as editors do: a new file renamed over the old one, so that the watcher sees one
/// change per save (a truncate-and-write could be seen as two, each counted as a rebuild).
fn save(path: &std::path::Path, text: &str) {
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

#[test]
fn watch_rebuilds_after_each_save_and_survives_a_broken_one() {
    let dir = scratch("watch");
    let report = dir.join("r.toml");
    let good = std::fs::read_to_string(fixture("bad-input", "good.toml")).unwrap();
    std::fs::write(&report, &good).unwrap();
    let out = dir.join("out");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args([
            "watch",
            report.to_str().unwrap(),
            "--pdf",
            "--no-system-fonts",
            "--max-rebuilds",
            "2",
            "-o",
        ])
        .arg(&out)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pdf = out.join("r.pdf");
    let wait_for = |what: &dyn Fn() -> bool| {
        let t = Instant::now();
        while !what() {
            assert!(t.elapsed() < Duration::from_secs(60), "watch did not react");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for(&|| pdf.exists());
    // A broken save: reported, nothing overwritten, still watching.
    let before = std::fs::read(&pdf).unwrap();
    std::thread::sleep(Duration::from_millis(50));
    save(&report, &good.replace("[opening]", "[opening]\nbogus = 1"));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    // A good save with new text: rebuilt.
    save(&report, &good.replace("正文。", "改过的正文。"));
    let status = child.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut err).unwrap();
    assert!(status.success(), "{err}");
    assert!(err.contains("unknown field `bogus`"), "{err}");
    assert!(normalize(&pdf_text(&std::fs::read(&pdf).unwrap())).contains("改过的正文"));
}

#[test]
fn new_writes_a_report_that_builds() {
    let dir = scratch("new");
    let o = gongwen(&["new", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = dir.join("report.toml");
    assert!(dir.join("report.schema.json").exists());
    let o = gongwen(&["check", report.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // A second `new` refuses to overwrite without --force.
    let o = gongwen(&["new", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"));
}
