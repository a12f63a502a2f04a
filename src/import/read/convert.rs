//! Word 97, WPS, ODT and RTF files made into a DOCX by LibreOffice headless, so that the DOCX
//! reader and every convention it knows apply: a private profile and a temporary folder per
//! conversion (batches and concurrent runs do not meet), at most two at a time, a time limit.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use super::sniff::Content;

use crate::diag::Diagnostic;

/// The Debian package that brings `soffice`, named in the error when it is missing.
pub const PACKAGE: &str = "libreoffice-writer-nogui";

/// How long one conversion may take.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// Conversions running at once: LibreOffice takes a core and ~200 MB each.
const AT_ONCE: usize = 2;

static RUNNING: Mutex<usize> = Mutex::new(0);
/// A file to convert ahead: its index among them, its bytes and the extension it is given.
type Queued<'a> = (usize, &'a (Vec<u8>, &'static str));

/// Conversions made ahead ([`ahead`]), by the SHA-256 of the bytes converted.
static MADE: Mutex<Option<HashMap<[u8; 32], Vec<u8>>>> = Mutex::new(None);
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

/// The extension LibreOffice is given for `content`, when it is a kind it converts.
pub fn ext(content: &Content) -> Option<&'static str> {
    match content {
        Content::Word97 => Some("doc"),
        Content::Odf { text: true } => Some("odt"),
        Content::Rtf => Some("rtf"),
        _ => None,
    }
}

/// Converts many files ahead, for a batch: LibreOffice starts once per [`AT_ONCE`] group (a
/// start costs seconds, a file a fraction of one), each group with its own profile; what comes
/// out is kept for [`to_docx`], which converts on its own whatever did not (and says why).
pub fn ahead(files: &[(Vec<u8>, &'static str)]) {
    let Some(soffice) = soffice() else { return };
    if files.len() < 2 {
        return;
    }
    let Ok(dir) = tempfile::Builder::new()
        .prefix("gongwen-convert-")
        .tempdir()
    else {
        return;
    };
    let groups: Vec<Vec<Queued>> = (0..AT_ONCE)
        .map(|g| files.iter().enumerate().skip(g).step_by(AT_ONCE).collect())
        .filter(|g: &Vec<_>| !g.is_empty())
        .collect();
    let made: Vec<([u8; 32], Vec<u8>)> = std::thread::scope(|scope| {
        let runs: Vec<_> = groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let (dir, soffice) = (dir.path(), &soffice);
                scope.spawn(move || group_run(soffice, &dir.join(format!("g{g}")), group))
            })
            .collect();
        runs.into_iter()
            .flat_map(|r| r.join().unwrap_or_default())
            .collect()
    });
    let mut cache = MADE.lock().unwrap_or_else(|e| e.into_inner());
    cache.get_or_insert_with(HashMap::new).extend(made);
}

/// One LibreOffice run over `group` in `dir`: the DOCX of each file converted.
fn group_run(soffice: &Path, dir: &Path, group: &[Queued]) -> Vec<([u8; 32], Vec<u8>)> {
    let (input, out) = (dir.join("in"), dir.join("out"));
    if std::fs::create_dir_all(&input).is_err() {
        return Vec::new();
    }
    let mut names = Vec::new();
    for (i, (bytes, ext)) in group {
        let path = input.join(format!("f{i}.{ext}"));
        if std::fs::write(&path, bytes).is_ok() {
            names.push((*i, path));
        }
    }
    let _slot = Slot::take();
    let mut cmd = Command::new(soffice);
    cmd.arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args(["--convert-to", "docx:MS Word 2007 XML", "--outdir"])
        .arg(&out)
        .args(names.iter().map(|(_, p)| p))
        .env("HOME", dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let Ok(mut child) = cmd.spawn() else {
        return Vec::new();
    };
    let limit = TIMEOUT + Duration::from_secs(10) * names.len() as u32;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if start.elapsed() > limit => {
                kill(&mut child);
                return Vec::new();
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(_) => return Vec::new(),
        }
    }
    group
        .iter()
        .filter_map(|(i, (bytes, _))| {
            let docx = std::fs::read(out.join(format!("f{i}.docx"))).ok()?;
            (!docx.is_empty()).then(|| (Sha256::digest(bytes).into(), docx))
        })
        .collect()
}

/// Converts `bytes` (a file of the kind `ext` names: `doc`, `odt`, `rtf`), named `name` in
/// messages, to DOCX bytes.
pub fn to_docx(name: &str, bytes: &[u8], ext: &str, what: &str) -> Result<Vec<u8>, Diagnostic> {
    let key: [u8; 32] = Sha256::digest(bytes).into();
    let made = MADE.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(docx) = made.as_ref().and_then(|m| m.get(&key)) {
        return Ok(docx.clone());
    }
    drop(made);
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
