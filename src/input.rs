//! Reading input files: regular files only, each kind within a size limit, checked before the
//! file is opened, so a FIFO, a device, a directory or a huge file is refused before any work.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The most bytes a report definition or a yearbook definition may have.
pub const MAX_REPORT: u64 = 16 << 20;
/// The most bytes a layout or form variant file (read beside the report) may have.
pub const MAX_LAYOUT: u64 = 1 << 20;
/// The most bytes a file given to `import` (text, DOCX, HTML) may have.
pub const MAX_IMPORT: u64 = 64 << 20;
/// The most bytes the PDF backend reads of a file inside the report's folder.
pub const MAX_ASSET: u64 = 64 << 20;

/// The root of the definition at `path`: the folder it lives in, `.` for a bare file name. The
/// one place this is decided: the builder, yearbooks, import, `--onto` and `watch` ask here,
/// and the Typst world and the files read beside a report are fenced in by it.
pub fn root_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Reads `path` whole when it is a regular file (a link to one is followed) of at most `max`
/// bytes. The errors say which rule the file broke.
pub fn read(path: &Path, max: u64) -> io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder, not a regular file"
        } else {
            "not a regular file (a FIFO, socket or device)"
        };
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("it is {what}"),
        ));
    }
    if meta.len() > max {
        return Err(too_large(meta.len(), max));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?
        .take(max + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64, max));
    }
    Ok(bytes)
}

/// [`read`] as UTF-8 text; invalid UTF-8 is an `InvalidData` error.
pub fn read_text(path: &Path, max: u64) -> io::Result<String> {
    String::from_utf8(read(path, max)?)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.utf8_error()))
}

fn too_large(len: u64, max: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("it has {len} bytes, more than the {max} gongwen reads"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_within_the_limit_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.toml");
        std::fs::write(&f, "abc").unwrap();
        assert_eq!(read(&f, 3).unwrap(), b"abc");
        assert!(
            read(&f, 2)
                .unwrap_err()
                .to_string()
                .contains("more than the 2")
        );
        assert!(
            read(dir.path(), 10)
                .unwrap_err()
                .to_string()
                .contains("a folder")
        );
        let e = read(Path::new("/dev/zero"), 10).unwrap_err();
        assert!(e.to_string().contains("not a regular file"), "{e}");
    }
}
