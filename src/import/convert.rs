//! Word 97, WPS, ODT and RTF files made into a DOCX by LibreOffice headless, so that the DOCX
//! reader and every convention it knows apply: a private profile and a temporary folder per
//! conversion (batches and concurrent runs do not meet), at most two at a time, a time limit.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use crate::diag::Diagnostic;

/// The Debian package that brings `soffice`, named in the error when it is missing.
pub const PACKAGE: &str = "libreoffice-writer-nogui";

/// How long one conversion may take.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// Conversions running at once: LibreOffice takes a core and ~200 MB each.
const AT_ONCE: usize = 2;

static RUNNING: Mutex<usize> = Mutex::new(0);
static FREED: Condvar = Condvar::new();

/// `soffice` as found: `GONGWEN_SOFFICE` when set (a path, or empty for "none"), else `soffice`
/// or `libreoffice` on `PATH`.
pub fn soffice() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("GONGWEN_SOFFICE") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["soffice", "libreoffice"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Converts `bytes` (a file of the kind `ext` names: `doc`, `odt`, `rtf`), named `name` in
/// messages, to DOCX bytes.
pub fn to_docx(name: &str, bytes: &[u8], ext: &str, what: &str) -> Result<Vec<u8>, Diagnostic> {
    let Some(soffice) = soffice() else {
        return Err(Diagnostic::error(format!(
            "{name} is {what}, read through LibreOffice, which is not installed"
        ))
        .hint(format!(
            "install it (apt-get install -y {PACKAGE}, or LibreOffice from libreoffice.org) and import again"
        ))
        .hint("or open the file in Word or WPS and save it as a Word document (.docx)"));
    };
    let dir = tempfile::Builder::new()
        .prefix("gongwen-convert-")
        .tempdir()
        .map_err(|e| {
            Diagnostic::error(format!("cannot convert {name}: no temporary folder ({e})"))
        })?;
    let input = dir.path().join(format!("submission.{ext}"));
    let out = dir.path().join("out");
    std::fs::write(&input, bytes)
        .map_err(|e| Diagnostic::error(format!("cannot convert {name}: {e}")))?;
    let _slot = Slot::take();
    let mut cmd = Command::new(&soffice);
    cmd.arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.path().join("profile").display()
        ))
        .args(["--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(&out)
        .arg(&input)
        .env("HOME", dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let failed = |why: String| {
        Diagnostic::error(format!("{name} ({what}) could not be converted by LibreOffice: {why}"))
            .hint("the file may be damaged or protected by a password; open it in Word or WPS, save it as a Word document (.docx) without a password, and import that")
    };
    let mut child = cmd
        .spawn()
        .map_err(|e| failed(format!("{} does not start ({e})", soffice.display())))?;
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > TIMEOUT => {
                kill(&mut child);
                return Err(failed(format!(
                    "it took more than {} seconds",
                    TIMEOUT.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(failed(e.to_string())),
        }
    };
    let stderr = child
        .stderr
        .take()
        .map(|mut s| {
            let mut t = String::new();
            let _ = std::io::Read::read_to_string(&mut s, &mut t);
            t
        })
        .unwrap_or_default();
    let docx = out.join("submission.docx");
    match std::fs::read(&docx) {
        Ok(b) if status.success() && !b.is_empty() => Ok(b),
        _ => Err(failed(format!(
            "no DOCX came out ({status}{})",
            last_line(&stderr)
        ))),
    }
}

fn last_line(s: &str) -> String {
    s.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map_or_else(String::new, |l| format!(": {}", l.trim()))
}

/// Ends the conversion and whatever it started (soffice runs soffice.bin under it).
fn kill(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// One of the [`AT_ONCE`] places to convert, held while LibreOffice runs.
struct Slot;

impl Slot {
    fn take() -> Slot {
        let mut n = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= AT_ONCE {
            n = FREED.wait(n).unwrap_or_else(|e| e.into_inner());
        }
        *n += 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut n = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        *n -= 1;
        FREED.notify_one();
    }
}
