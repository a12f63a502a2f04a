//! The DOCX as a zip: parts read under size limits, relationships resolved, XML parsed with
//! diagnostics that name the part and the position.

use std::io::{Cursor, Read};
use std::sync::Arc;

use zip::ZipArchive;

use crate::diag::{Diagnostic, SourceFile};

/// How much of a zip the importer agrees to read: a DOCX is a few hundred kilobytes of XML,
/// so anything far beyond that is refused before it is inflated (a "zip bomb").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Entries in the zip's directory.
    pub entries: usize,
    /// Bytes one part may inflate to.
    pub entry: u64,
    /// Bytes all the parts read may inflate to together.
    pub total: u64,
}

impl Limits {
    /// The limits `gongwen import` uses: 5,000 entries, 64 MB a part, 200 MB in all.
    pub const DEFAULT: Limits = Limits {
        entries: 5_000,
        entry: 64 << 20,
        total: 200 << 20,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// The zip, read part by part. Declared sizes are never trusted: every part is inflated
/// through a `take` of what the limits still allow.
pub struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    inflated: u64,
    file: Arc<SourceFile>,
}

/// The hint under every "this is no DOCX" error.
const SAVE_AS_DOCX: &str =
    "open the document in Word or LibreOffice and save it as a Word document (.docx)";

impl<'a> Package<'a> {
    /// Opens `bytes` as a zip, refusing a zip with more entries than the limits allow.
    pub fn open(
        file: &Arc<SourceFile>,
        bytes: &'a [u8],
        limits: Limits,
    ) -> Result<Self, Diagnostic> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            Diagnostic::error(format!(
                "{} is not a DOCX: it is not a zip archive ({e})",
                file.name
            ))
            .hint(SAVE_AS_DOCX)
        })?;
        if zip.len() > limits.entries {
            return Err(Diagnostic::error(format!(
                "{} holds {} zip entries, more than the {} a DOCX is allowed here",
                file.name,
                zip.len(),
                limits.entries
            ))
            .hint("this does not look like a document; save it again from Word or LibreOffice"));
        }
        Ok(Package {
            zip,
            limits,
            inflated: 0,
            file: file.clone(),
        })
    }

    /// The text of part `name` (a path inside the zip), or `None` when there is no such part.
    pub fn text(&mut self, name: &str) -> Result<Option<String>, Diagnostic> {
        let entry_limit = self.limits.entry;
        let left = self.limits.total.saturating_sub(self.inflated);
        let file = self.file.clone();
        let mut entry = match self.zip.by_name(name) {
            Ok(e) => e,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => {
                return Err(Diagnostic::error(format!(
                    "cannot read `{name}` in {}: {e}",
                    file.name
                ))
                .hint(SAVE_AS_DOCX));
            }
        };
        let cap = entry_limit.min(left);
        let mut bytes = Vec::new();
        let read = (&mut entry)
            .take(cap + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| {
                Diagnostic::error(format!("cannot inflate `{name}` in {}: {e}", file.name))
                    .hint(SAVE_AS_DOCX)
            })?;
        if read as u64 > cap {
            let (what, limit) = if cap == entry_limit {
                ("this part alone", entry_limit)
            } else {
                ("the parts read so far", self.limits.total)
            };
            return Err(Diagnostic::error(format!(
                "`{name}` in {} inflates to more than {} MB ({what}); the file is refused as a possible zip bomb",
                file.name,
                limit >> 20
            ))
            .hint("a report's DOCX inflates to a few megabytes; save the document again from Word or LibreOffice"));
        }
        self.inflated += read as u64;
        String::from_utf8(bytes).map(Some).map_err(|e| {
            Diagnostic::error(format!(
                "`{name}` in {} is not UTF-8 text (invalid byte at offset {})",
                file.name,
                e.utf8_error().valid_up_to()
            ))
            .hint(SAVE_AS_DOCX)
        })
    }

    /// The relationships of part `part` (`""` for the package): (type, target part) pairs, the
    /// type cut to its last path segment (`officeDocument`, `styles`, …). External targets are
    /// left out.
    pub fn rels(&mut self, part: &str) -> Result<Vec<(String, String)>, Diagnostic> {
        let (dir, base) = part.rsplit_once('/').unwrap_or(("", part));
        let rels_name = if dir.is_empty() {
            format!("_rels/{base}.rels")
        } else {
            format!("{dir}/_rels/{base}.rels")
        };
        let Some(text) = self.text(&rels_name)? else {
            return Ok(Vec::new());
        };
        let xml = parse(&self.file, &rels_name, &text)?;
        Ok(xml
            .root_element()
            .children()
            .filter(|r| r.has_tag_name("Relationship"))
            .filter(|r| r.attribute("TargetMode") != Some("External"))
            .filter_map(|r| {
                let kind = r.attribute("Type")?.rsplit('/').next()?.to_string();
                Some((kind, resolve(dir, r.attribute("Target")?)))
            })
            .collect())
    }
}

/// A relationship target, relative to folder `dir` unless it starts with `/`, with `..`
/// resolved.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = match target.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => dir.split('/').filter(|s| !s.is_empty()).collect(),
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Parses part `part` of `file`; malformed XML is an error naming the part and the position.
pub fn parse<'i>(
    file: &Arc<SourceFile>,
    part: &str,
    text: &'i str,
) -> Result<roxmltree::Document<'i>, Diagnostic> {
    let doc = roxmltree::Document::parse(text).map_err(|e| {
        let pos = e.pos();
        Diagnostic::error(format!(
            "`{part}` in {} is malformed XML at line {}, column {}: {e}",
            file.name, pos.row, pos.col
        ))
        .hint("the file is damaged or was not written by a word processor; open it in Word or LibreOffice, save it again, and import that")
    })?;
    // The readers walk the tree recursively: refuse a depth no word processor writes, before
    // any walk (measured without recursion: a parent comes before its children).
    let mut depth = vec![0u16; doc.descendants().count()];
    for node in doc.descendants() {
        let d = node
            .parent()
            .map_or(0, |p| depth[p.id().get_usize()].saturating_add(1));
        depth[node.id().get_usize()] = d;
        if usize::from(d) > MAX_DEPTH {
            let pos = doc.text_pos_at(node.range().start);
            return Err(Diagnostic::error(format!(
                "`{part}` in {} nests elements more than {MAX_DEPTH} deep (at line {}, column {})",
                file.name, pos.row, pos.col
            ))
            .hint("no word processor writes such a file; open it in Word or LibreOffice, save it again, and import that"));
        }
    }
    Ok(doc)
}

/// The deepest element nesting a part may have (real documents stay under 40).
pub const MAX_DEPTH: usize = 200;

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn targets_resolve_against_the_part_folder() {
        assert_eq!(resolve("word", "styles.xml"), "word/styles.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve("word", "/word/x.xml"), "word/x.xml");
        assert_eq!(resolve("word/sub", "../media/a.png"), "word/media/a.png");
    }
}
