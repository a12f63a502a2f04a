//! A build killed at every step of its commit (SIGINT, SIGTERM, SIGKILL) leaves the previous
//! pair or the new pair, never one of each; after the next run, no temporary file of ours.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

use super::{REPORT, tmp};

/// The PDF and DOCX in `out`, and the names of our hidden files beside them.
fn state(out: &Path) -> (Vec<u8>, Vec<u8>, Vec<String>) {
    let hidden = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".gongwen-"))
        .collect();
    (
        std::fs::read(out.join("r.pdf")).unwrap(),
        std::fs::read(out.join("r.docx")).unwrap(),
        hidden,
    )
}

fn build(report: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["build", "-q", "--no-system-fonts"])
        .arg(report)
        .arg("-o")
        .arg(out)
        .output()
        .unwrap()
}

/// Builds the second version of the report over the first, paused at commit step `n`, and
/// sends `signal`; `None` if the commit has no step `n` (the build ran to its end).
fn killed_at(report: &Path, out: &Path, n: usize, signal: &str) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["build", "-q", "--no-system-fonts"])
        .arg(report)
        .arg("-o")
        .arg(out)
        .env(gongwen::output::PAUSE_VAR, n.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let paused = lines.any(|l| {
        l.unwrap()
            .starts_with("gongwen test: paused at commit step")
    });
    if !paused {
        assert!(child.wait().unwrap().success());
        return None;
    }
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("the kill command (procps) runs");
    assert!(sent.success());
    let status = child.wait().unwrap();
    use std::os::unix::process::ExitStatusExt;
    Some(status.code().unwrap_or(128 + status.signal().unwrap_or(0)))
}

/// At every step of the commit and for each signal: the pair in the folder is the old one or
/// the new one; SIGINT and SIGTERM exit 130 and leave no temporary file; after SIGKILL, the
/// next run (here a build that fails on its input) finishes or undoes the commit and removes
/// the temporaries.
#[test]
fn a_build_killed_at_every_step_of_its_commit_leaves_a_matching_pair() {
    let dir = tmp("commit");
    let (old_report, new_report) = (dir.join("old/r.toml"), dir.join("new/r.toml"));
    std::fs::create_dir_all(old_report.parent().unwrap()).unwrap();
    std::fs::create_dir_all(new_report.parent().unwrap()).unwrap();
    std::fs::write(&old_report, REPORT).unwrap();
    std::fs::write(&new_report, REPORT.replace("正文。", "新的正文。")).unwrap();
    let broken = dir.join("broken.toml");
    std::fs::write(&broken, "[report\n").unwrap();
    let (old_out, new_out) = (dir.join("old/out"), dir.join("new/out"));
    assert!(build(&old_report, &old_out).status.success());
    assert!(build(&new_report, &new_out).status.success());
    let old = state(&old_out);
    let new = state(&new_out);
    assert_ne!(old.0, new.0);
    assert_ne!(old.1, new.1);
    for signal in ["INT", "TERM", "KILL"] {
        let (mut saw_old, mut saw_new) = (false, false);
        for n in 1.. {
            let out = dir.join(format!("out-{signal}-{n}"));
            std::fs::create_dir_all(&out).unwrap();
            for f in ["r.pdf", "r.docx"] {
                std::fs::copy(old_out.join(f), out.join(f)).unwrap();
            }
            let Some(code) = killed_at(&new_report, &out, n, signal) else {
                assert!(n > 5, "the commit has only {} steps", n - 1);
                break;
            };
            if signal == "KILL" {
                assert_eq!(code, 137, "step {n}");
                let next = build(&broken, &out);
                assert_eq!(next.status.code(), Some(2), "step {n}");
            } else {
                assert_eq!(code, 130, "{signal} at step {n}");
            }
            let (pdf, docx, hidden) = state(&out);
            assert!(hidden.is_empty(), "{signal} at step {n}: {hidden:?} left");
            let is_old = pdf == old.0 && docx == old.1;
            let is_new = pdf == new.0 && docx == new.1;
            assert!(is_old || is_new, "{signal} at step {n}: a mismatched pair");
            saw_old |= is_old;
            saw_new |= is_new;
        }
        assert!(
            saw_old && saw_new,
            "{signal}: every step gave the same pair"
        );
    }
}
