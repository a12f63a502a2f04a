//! Files a report names beside it — a layout, a form variant — read only from the report's
//! folder (or below it), only regular files, at most [`LIMIT`] bytes: a report written by
//! someone else cannot make the build read a file elsewhere, a device or a FIFO.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile};

/// The largest file read beside a report.
pub const LIMIT: u64 = crate::input::MAX_LAYOUT;

/// Reads the file `name` (relative to the report's folder `root`) that the report names at
/// `name`'s place; `what` says what it is (`layout`, `form`).
pub fn read(
    file: &Arc<SourceFile>,
    root: &Path,
    name: &toml::Spanned<String>,
    what: &str,
) -> Result<(PathBuf, String), Diagnostic> {
    let rel = Path::new(name.get_ref());
    let path = root.join(rel);
    let outside = || {
        Diagnostic::error(format!("{what} `{}` is outside the report's folder", name.get_ref()))
            .at(file, name.span())
            .hint(format!("a {what} file is read only from the report's folder or below it: copy it there and write its path relative to the report"))
    };
    if rel.is_absolute()
        || rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(outside());
    }
    let cannot = |e: std::io::Error| {
        Diagnostic::error(format!(
            "cannot read {what} {}: {}",
            path.display(),
            super::lower(&e.to_string())
        ))
        .at(file, name.span())
        .hint(format!("a {what} path is relative to the report file"))
    };
    let real = path.canonicalize().map_err(cannot)?;
    let real_root = root.canonicalize().map_err(cannot)?;
    if !real.starts_with(&real_root) {
        return Err(outside());
    }
    // Regular files only, within the limit (crate::input says which rule a file broke).
    let text = crate::input::read_text(&path, LIMIT).map_err(cannot)?;
    Ok((path, text))
}
