//! Writing outputs safely: every file of a build is written to a temporary file beside its
//! target, and only when all were written are they renamed into place, under a lock on the
//! folder, with a commit record (`journal`) that lets the next run finish a commit a
//! `kill -9` cut short. A failure or a signal leaves either the previous outputs byte for byte
//! or all the new ones, and no temporary file behind (after a `kill -9`: after the next run).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, Once};

use anyhow::{Context, Result, bail};
use tempfile::TempPath;

mod journal;

/// Commits in progress, and whether a signal came during one.
struct State {
    active: usize,
    signalled: bool,
}

static STATE: Mutex<State> = Mutex::new(State {
    active: 0,
    signalled: false,
});
static HANDLER: Once = Once::new();

/// Test-only: `GONGWEN_TEST_PAUSE_AT_STEP=N` stops the commit at its Nth step (it prints
/// `gongwen test: paused at commit step N` on stderr) until a signal comes, so that a test can
/// kill a build at every step. Not for use outside tests.
pub const PAUSE_VAR: &str = "GONGWEN_TEST_PAUSE_AT_STEP";
static STEPS: AtomicUsize = AtomicUsize::new(0);

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all(&[(path.to_path_buf(), bytes)])
}

/// Writes every `(path, bytes)` or none: all are written to temporary files first; then,
/// holding a lock on each output folder (so two builds into one folder cannot interleave),
/// each previous file is kept aside, a commit record is written (from then on the commit goes
/// forward, even across a `kill -9`: the next run finishes it) and the new files are renamed
/// in; if a rename fails, the files already replaced are put back. A signal (Ctrl-C, SIGTERM,
/// SIGHUP) during the commit is acted on at its end: before the record, the commit is undone;
/// after it, finished; then the process exits 130.
pub fn write_all(files: &[(PathBuf, &[u8])]) -> Result<()> {
    install_handler();
    begin();
    let result = commit(files);
    end();
    result
}

/// Finishes or undoes a commit interrupted in `dir` (by `kill -9`, a crash, a power cut) and
/// removes stale temporary files of ours, under the folder's lock. Nothing to do if the folder
/// does not exist.
pub fn recover(dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    let _lock = lock(dir)?;
    journal::recover(dir)
}

fn commit(files: &[(PathBuf, &[u8])]) -> Result<()> {
    if files.is_empty() {
        return Ok(());
    }
    let mut dirs: Vec<&Path> = files.iter().map(|(p, _)| folder(p)).collect();
    dirs.sort();
    dirs.dedup();
    let mut locks = Vec::new();
    for dir in &dirs {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the output folder {}", dir.display()))?;
        locks.push(lock(dir)?);
        journal::recover(dir)?;
    }
    step(false)?;
    for (path, _) in files {
        if path.is_dir() {
            bail!("cannot write {}: a folder is in the way", path.display());
        }
    }
    let mut temps = Vec::new();
    for (path, bytes) in files {
        temps.push(Temp::write(path, bytes)?);
        step(false)?;
    }
    // Keep the previous files aside (a hard link costs nothing), then rename the new ones in.
    let mut kept: Vec<Option<Temp>> = Vec::new();
    for (path, _) in files {
        kept.push(Temp::keep(path)?);
        step(false)?;
    }
    let entries: Vec<journal::Entry> = files
        .iter()
        .zip(&temps)
        .zip(&kept)
        .map(|(((path, _), new), old)| journal::Entry {
            target: path.clone(),
            new: new.name(),
            old: old.as_ref().map(Temp::name),
        })
        .collect();
    // A record in each folder, naming only that folder's files (a record naming a file
    // elsewhere is refused on replay).
    let mut records = Vec::new();
    for dir in &dirs {
        let mine: Vec<journal::Entry> = entries
            .iter()
            .filter(|e| folder(&e.target) == *dir)
            .map(|e| journal::Entry {
                target: e.target.clone(),
                new: e.new.clone(),
                old: e.old.clone(),
            })
            .collect();
        records.push(journal::Record::write(dir, &mine)?);
    }
    step(true)?;
    for (i, (temp, (path, _))) in temps.into_iter().zip(files).enumerate() {
        if let Err(e) = temp.persist(path) {
            for r in &records {
                r.turn_back()?;
            }
            restore(&files[..i], &mut kept);
            for r in records {
                r.remove()?;
            }
            return Err(e);
        }
        step(true)?;
    }
    drop(kept); // the previous files, no longer needed
    step(true)?;
    for r in records {
        r.remove()?;
    }
    drop(locks);
    Ok(())
}

/// A step of the commit: where a test may pause it, and (before the record, `decided`
/// false) where a signal undoes it.
fn step(decided: bool) -> Result<()> {
    let n = STEPS.fetch_add(1, Ordering::SeqCst) + 1;
    if std::env::var(PAUSE_VAR).is_ok_and(|v| v.trim() == n.to_string()) {
        eprintln!("gongwen test: paused at commit step {n}");
        let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while !signalled() && std::time::Instant::now() < until {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
    if !decided && signalled() {
        bail!("interrupted");
    }
    Ok(())
}

fn signalled() -> bool {
    STATE.lock().unwrap_or_else(|e| e.into_inner()).signalled
}

/// A commit starts: a signal from now on waits for its end.
fn begin() {
    let mut s = STATE.lock().unwrap_or_else(|e| e.into_inner());
    s.active += 1;
}

/// A commit ends: if a signal came, the last commit to end exits 130 (the others wait for it).
fn end() {
    let mut s = STATE.lock().unwrap_or_else(|e| e.into_inner());
    s.active -= 1;
    if s.signalled {
        if s.active == 0 {
            std::process::exit(130);
        }
        drop(s);
        loop {
            std::thread::park();
        }
    }
}

/// On Ctrl-C, SIGTERM or SIGHUP: exit 130 at once when no commit is in progress (no
/// temporary file exists then), else only note it for the commit to act on at its end.
fn install_handler() {
    HANDLER.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            let mut s = STATE.lock().unwrap_or_else(|e| e.into_inner());
            if s.active == 0 {
                // Holding the lock: no commit can start before the process is gone.
                std::process::exit(130);
            }
            s.signalled = true;
        });
    });
}

/// Puts back the previous versions of `done`, the files already replaced.
fn restore(done: &[(PathBuf, &[u8])], kept: &mut [Option<Temp>]) {
    for ((path, _), old) in done.iter().zip(kept.iter_mut()) {
        match old.take() {
            Some(old) => {
                let _ = old.persist(path);
            }
            None => {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

fn folder(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// An exclusive lock on the folder itself (no lock file is left in it), released when the
/// handle is closed.
fn lock(dir: &Path) -> Result<File> {
    let file = File::open(dir)
        .with_context(|| format!("cannot open the output folder {}", dir.display()))?;
    file.lock()
        .with_context(|| format!("cannot lock the output folder {}", dir.display()))?;
    Ok(file)
}

/// A temporary file beside its target, removed when dropped unless renamed into place.
struct Temp(Option<TempPath>);

impl Temp {
    fn register(path: TempPath) -> Temp {
        Temp(Some(path))
    }

    /// The temporary file's path.
    fn name(&self) -> PathBuf {
        self.0.as_ref().map(|t| t.to_path_buf()).unwrap_or_default()
    }

    /// `bytes` written and synced to a new temporary file in `path`'s folder.
    fn write(path: &Path, bytes: &[u8]) -> Result<Temp> {
        let dir = folder(path);
        let tmp = tempfile::Builder::new()
            .prefix(".gongwen-")
            .tempfile_in(dir)
            .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
        let (mut file, name) = tmp.into_parts();
        let temp = Temp::register(name);
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .with_context(|| format!("cannot write {}", path.display()))?;
        #[cfg(unix)]
        {
            // Temporary files are private; an output is an ordinary file.
            use std::os::unix::fs::PermissionsExt;
            let _ = file.set_permissions(std::fs::Permissions::from_mode(0o644));
        }
        Ok(temp)
    }

    /// A second name for the file now at `path`, if there is one, to put it back with.
    fn keep(path: &Path) -> Result<Option<Temp>> {
        if !path.exists() {
            return Ok(None);
        }
        let dir = folder(path);
        let aside = tempfile::Builder::new()
            .prefix(".gongwen-old-")
            .make_in(dir, |p| {
                std::fs::hard_link(path, p).or_else(|_| std::fs::copy(path, p).map(|_| ()))
            })
            .with_context(|| format!("cannot keep the previous {} aside", path.display()))?;
        Ok(Some(Temp::register(aside.into_temp_path())))
    }

    /// Renames the temporary file to `path`.
    fn persist(mut self, path: &Path) -> Result<()> {
        let temp = self.0.take().expect("not yet persisted");
        match temp.persist(path) {
            Ok(()) => Ok(()),
            Err(e) => {
                let err = e.error;
                self.0 = Some(e.path);
                Err(anyhow::Error::new(err).context(format!("cannot replace {}", path.display())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No `.gongwen-*` file is left in `dir`.
    fn assert_no_temporaries(dir: &Path) {
        let left: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with(".gongwen-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn all_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("r.pdf"), dir.path().join("r.docx"));
        write_all(&[(a.clone(), b"pdf 1"), (b.clone(), b"docx 1")]).unwrap();
        // A folder where the DOCX goes: nothing changes, nothing is left behind.
        std::fs::remove_file(&b).unwrap();
        std::fs::create_dir(&b).unwrap();
        let e = write_all(&[(a.clone(), b"pdf 2"), (b.clone(), b"docx 2")]).unwrap_err();
        assert_eq!(
            format!("{e:#}"),
            format!("cannot write {}: a folder is in the way", b.display())
        );
        assert_eq!(std::fs::read(&a).unwrap(), b"pdf 1");
        assert_no_temporaries(dir.path());
    }

    #[test]
    fn a_failed_rename_puts_the_replaced_files_back() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("r.pdf"), dir.path().join("r.docx"));
        write_all(&[(a.clone(), b"pdf 1"), (b.clone(), b"docx 1")]).unwrap();
        let temps = vec![
            Temp::write(&a, b"pdf 2").unwrap(),
            Temp::write(&b, b"docx 2").unwrap(),
        ];
        let mut kept = vec![Temp::keep(&a).unwrap(), Temp::keep(&b).unwrap()];
        let mut it = temps.into_iter();
        it.next().unwrap().persist(&a).unwrap();
        assert_eq!(std::fs::read(&a).unwrap(), b"pdf 2");
        drop(it);
        restore(&[(a.clone(), b"")], &mut kept);
        drop(kept);
        assert_eq!(std::fs::read(&a).unwrap(), b"pdf 1");
        assert_eq!(std::fs::read(&b).unwrap(), b"docx 1");
    }

    /// A commit cut short after its first rename, as by `kill -9` (nothing dropped): the next
    /// run finishes it, or, when the commit had turned back, undoes it; no temporary is left.
    #[test]
    fn an_interrupted_commit_is_finished_or_undone_by_the_next_run() {
        for back in [false, true] {
            let dir = tempfile::tempdir().unwrap();
            let (a, b) = (dir.path().join("r.pdf"), dir.path().join("r.docx"));
            write_all(&[(a.clone(), b"pdf 1"), (b.clone(), b"docx 1")]).unwrap();
            let temps = [
                Temp::write(&a, b"pdf 2").unwrap(),
                Temp::write(&b, b"docx 2").unwrap(),
            ];
            let kept = [Temp::keep(&a).unwrap(), Temp::keep(&b).unwrap()];
            let entries: Vec<journal::Entry> = [&a, &b]
                .iter()
                .zip(&temps)
                .zip(&kept)
                .map(|((t, n), o)| journal::Entry {
                    target: t.to_path_buf(),
                    new: n.name(),
                    old: o.as_ref().map(Temp::name),
                })
                .collect();
            let record = journal::Record::write(dir.path(), &entries).unwrap();
            let [first, second] = temps;
            first.persist(&a).unwrap();
            if back {
                record.turn_back().unwrap();
            }
            std::mem::forget((second, kept, record));
            recover(dir.path()).unwrap();
            let (pdf, docx) = (std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
            if back {
                assert_eq!((&pdf[..], &docx[..]), (&b"pdf 1"[..], &b"docx 1"[..]));
            } else {
                assert_eq!((&pdf[..], &docx[..]), (&b"pdf 2"[..], &b"docx 2"[..]));
            }
            assert_no_temporaries(dir.path());
        }
    }

    /// A commit record naming a file outside its folder is refused, and nothing is moved.
    #[test]
    fn a_record_naming_a_file_elsewhere_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let victim = elsewhere.path().join("keep.txt");
        std::fs::write(&victim, "mine").unwrap();
        let bytes = |p: &Path| p.to_str().unwrap().as_bytes().to_vec();
        let json = serde_json::json!({
            "gongwen_commit": 1,
            "way": "Forward",
            "files": [[bytes(&dir.path().join("x")), bytes(&victim), []]],
        });
        std::fs::write(dir.path().join(journal::NAME), json.to_string()).unwrap();
        let e = recover(dir.path()).unwrap_err();
        assert!(
            format!("{e:#}").contains("names files outside its folder"),
            "{e:#}"
        );
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine");
        assert!(!dir.path().join("x").exists());
    }
}
