//! The commit record: a small file in the output folder naming every file of a commit, so
//! that the next run can finish (or undo) a commit a `kill -9` or a power cut interrupted.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

/// The record's name in the output folder; a leading `.gongwen-` marks it as ours.
pub const NAME: &str = ".gongwen-commit";

/// One file of a commit: where it goes, the new file beside it, the previous file kept aside.
pub struct Entry {
    /// The output's path.
    pub target: PathBuf,
    /// The temporary file holding the new output.
    pub new: PathBuf,
    /// The previous output's second name, if there was one.
    pub old: Option<PathBuf>,
}

/// Which way an interrupted commit goes: on to the new files, or back to the previous ones.
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Debug)]
enum Way {
    Forward,
    Back,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    gongwen_commit: u32,
    way: Way,
    /// [target, new, old or empty], each a path's bytes.
    files: Vec<[Vec<u8>; 3]>,
}

/// A commit record written in `dir`: while it is there, the commit is decided.
pub struct Record {
    dir: PathBuf,
    entries: Vec<[Vec<u8>; 3]>,
}

impl Record {
    /// Writes the record (the point after which the commit goes forward, whatever happens).
    pub fn write(dir: &Path, entries: &[Entry]) -> Result<Record> {
        let absolute = |p: &Path| -> Result<Vec<u8>> {
            let folder = super::folder(p);
            let folder = folder
                .canonicalize()
                .with_context(|| format!("cannot find the output folder {}", folder.display()))?;
            Ok(bytes(&folder.join(p.file_name().unwrap_or_default())))
        };
        let mut files = Vec::new();
        for e in entries {
            let old = match &e.old {
                Some(o) => absolute(o)?,
                None => Vec::new(),
            };
            files.push([absolute(&e.target)?, absolute(&e.new)?, old]);
        }
        let record = Record {
            dir: dir.to_path_buf(),
            entries: files,
        };
        record.store(Way::Forward)?;
        Ok(record)
    }

    /// Turns the commit back (a rename failed): from now on an interruption restores the
    /// previous files.
    pub fn turn_back(&self) -> Result<()> {
        self.store(Way::Back)
    }

    /// The commit is over: the record goes.
    pub fn remove(self) -> Result<()> {
        let path = self.dir.join(NAME);
        std::fs::remove_file(&path)
            .with_context(|| format!("cannot remove the commit record {}", path.display()))?;
        sync_dir(&self.dir);
        Ok(())
    }

    fn store(&self, way: Way) -> Result<()> {
        let stored = Stored {
            gongwen_commit: 1,
            way,
            files: self.entries.clone(),
        };
        let json = serde_json::to_vec(&stored).expect("a record serialises");
        write_synced(&self.dir, &json)
    }
}

/// Writes `json` as the record of `dir`, atomically and synced (the folder too).
fn write_synced(dir: &Path, json: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut tmp = tempfile::Builder::new()
        .prefix(".gongwen-record-")
        .tempfile_in(dir)
        .with_context(|| format!("cannot write a commit record in {}", dir.display()))?;
    tmp.write_all(json)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write a commit record in {}", dir.display()))?;
    tmp.persist(dir.join(NAME))
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write a commit record in {}", dir.display()))?;
    sync_dir(dir);
    Ok(())
}

fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}

/// Finishes or undoes a commit interrupted in `dir` (its record says which), then removes
/// every stale temporary file of ours there. The caller holds the folder's lock, so no live
/// commit owns them.
pub fn recover(dir: &Path) -> Result<()> {
    let record = dir.join(NAME);
    match std::fs::read(&record) {
        Ok(json) => {
            let Ok(stored) = serde_json::from_slice::<Stored>(&json) else {
                bail!(
                    "the commit record {} is damaged; the outputs beside it may not match: \
                     remove it and build again",
                    record.display()
                );
            };
            // Only files of this folder, and only our temporaries, are touched: a record
            // someone else wrote cannot move a file elsewhere.
            let real = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
            let ours = |b: &Vec<u8>, temporary: bool| {
                let p = path(b);
                p.parent() == Some(real.as_path())
                    && (!temporary
                        || p.file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with(".gongwen-")))
            };
            let fenced = stored.files.iter().all(|[target, new, old]| {
                ours(target, false) && ours(new, true) && (old.is_empty() || ours(old, true))
            });
            if !fenced {
                bail!(
                    "the commit record {} names files outside its folder: it is not gongwen's; \
                     remove it",
                    record.display()
                );
            }
            replay(&stored).with_context(|| {
                format!(
                    "cannot finish the interrupted commit recorded in {}",
                    record.display()
                )
            })?;
            sync_dir(dir);
            std::fs::remove_file(&record)
                .with_context(|| format!("cannot remove {}", record.display()))?;
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(anyhow::Error::new(e).context(format!("cannot read {}", record.display())));
        }
    }
    if let Ok(list) = std::fs::read_dir(dir) {
        for entry in list.flatten() {
            let stale = entry.file_name().to_string_lossy().starts_with(".gongwen-")
                && entry.file_type().is_ok_and(|t| t.is_file());
            if stale {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    sync_dir(dir);
    Ok(())
}

/// Carries out a stored commit; every step may already have been done.
fn replay(stored: &Stored) -> Result<()> {
    let gone = |p: &Path| -> Result<()> {
        match std::fs::remove_file(p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(anyhow::Error::new(e).context(format!("cannot remove {}", p.display())))
            }
            _ => Ok(()),
        }
    };
    for [target, new, old] in &stored.files {
        let (target, new) = (path(target), path(new));
        let old = (!old.is_empty()).then(|| path(old));
        match stored.way {
            Way::Forward => {
                if new.exists() {
                    std::fs::rename(&new, &target)
                        .with_context(|| format!("cannot replace {}", target.display()))?;
                }
                if let Some(old) = old {
                    gone(&old)?;
                }
            }
            Way::Back => {
                match old {
                    Some(old) if old.exists() => std::fs::rename(&old, &target)
                        .with_context(|| format!("cannot put back {}", target.display()))?,
                    Some(_) => {}
                    // No previous file: the target is new if its temporary file is gone.
                    None if !new.exists() => gone(&target)?,
                    None => {}
                }
                gone(&new)?;
            }
        }
    }
    Ok(())
}

#[cfg(unix)]
fn bytes(p: &Path) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    p.as_os_str().as_bytes().to_vec()
}

#[cfg(unix)]
fn path(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().into_owned().into_bytes()
}

#[cfg(not(unix))]
fn path(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}
