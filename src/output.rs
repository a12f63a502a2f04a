//! Writing outputs safely: every file of a build is written to a temporary file beside its
//! target, and only when all were written are they renamed into place, under a lock on the
//! folder. A failure (or Ctrl-C) leaves the previous outputs byte for byte and no temporary
//! file behind.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use anyhow::{Context, Result, bail};
use tempfile::TempPath;

/// Temporary files in flight, removed by the signal handler on Ctrl-C or SIGTERM.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static HANDLER: Once = Once::new();

/// Writes `bytes` to `path` atomically (temporary file in the same folder, then rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_all(&[(path.to_path_buf(), bytes)])
}

/// Writes every `(path, bytes)` or none: all are written to temporary files first; then,
/// holding a lock on each output folder (so two builds into one folder cannot interleave),
/// each previous file is kept aside and the new ones renamed in; if a rename fails, the files
/// already replaced are put back. Temporary files never outlive the call, not even on Ctrl-C.
pub fn write_all(files: &[(PathBuf, &[u8])]) -> Result<()> {
    install_cleanup();
    let mut dirs: Vec<&Path> = files.iter().map(|(p, _)| folder(p)).collect();
    dirs.sort();
    dirs.dedup();
    let mut locks = Vec::new();
    for dir in &dirs {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the output folder {}", dir.display()))?;
        locks.push(lock(dir)?);
    }
    for (path, _) in files {
        if path.is_dir() {
            bail!("cannot write {}: a folder is in the way", path.display());
        }
    }
    let mut temps = Vec::new();
    for (path, bytes) in files {
        temps.push(Temp::write(path, bytes)?);
    }
    // Keep the previous files aside (a hard link costs nothing), then rename the new ones in.
    let mut kept: Vec<Option<Temp>> = Vec::new();
    for (path, _) in files {
        kept.push(Temp::keep(path)?);
    }
    for (i, (temp, (path, _))) in temps.into_iter().zip(files).enumerate() {
        if let Err(e) = temp.persist(path) {
            restore(&files[..i], &mut kept);
            return Err(e);
        }
    }
    drop(kept); // the previous files, no longer needed
    drop(locks);
    Ok(())
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

/// A temporary file beside its target, registered for removal on a signal.
struct Temp(Option<TempPath>);

impl Temp {
    fn register(path: TempPath) -> Temp {
        IN_FLIGHT
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(path.to_path_buf());
        Temp(Some(path))
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
        let name = temp.to_path_buf();
        match temp.persist(path) {
            Ok(()) => {
                unregister(&name);
                Ok(())
            }
            Err(e) => {
                let err = e.error;
                self.0 = Some(e.path);
                Err(anyhow::Error::new(err).context(format!("cannot replace {}", path.display())))
            }
        }
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if let Some(t) = self.0.take() {
            let name = t.to_path_buf();
            drop(t); // removes the file
            unregister(&name);
        }
    }
}

fn unregister(name: &Path) {
    IN_FLIGHT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|p| p != name);
}

/// On Ctrl-C, SIGTERM or SIGHUP: remove the temporary files in flight, then exit 130.
fn install_cleanup() {
    HANDLER.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            let files = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
            for f in files.iter() {
                let _ = std::fs::remove_file(f);
            }
            std::process::exit(130);
        });
    });
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with(".gongwen-"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
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
}
