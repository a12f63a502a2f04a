//! The archive manifest (`STEM.manifest.json`): what an archive records to prove that a file is
//! the one that was approved — the tool, every input and output with its SHA-256, the fonts each
//! PDF embeds and the standard it claims. It depends on the inputs only, never on the clock.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The manifest of one build.
#[derive(Debug, Serialize)]
pub struct Manifest {
    /// The tool and its version.
    pub tool: String,
    /// The standard the PDF claims (`PDF/A-2b`, …, or `none`).
    pub standard: String,
    /// Every file read: report definitions, yearbook, layout files.
    pub inputs: Vec<Entry>,
    /// Every file written beside the manifest.
    pub outputs: Vec<Entry>,
}

/// A file with its hash.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The path as given (inputs) or the file name (outputs).
    pub path: String,
    /// SHA-256, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: usize,
    /// For a PDF or an OFD, the fonts it embeds (subset prefixes removed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fonts_embedded: Vec<String>,
}

impl Entry {
    /// An entry for `bytes` at `path`; the fonts are read from a PDF's font dictionaries.
    pub fn new(path: impl Into<String>, bytes: &[u8]) -> Entry {
        let path = path.into();
        let fonts_embedded = if path.ends_with(".pdf") {
            pdf_fonts(bytes)
        } else if path.ends_with(".ofd") {
            ofd_fonts(bytes)
        } else {
            Vec::new()
        };
        Entry {
            path,
            sha256: sha256(bytes),
            bytes: bytes.len(),
            fonts_embedded,
        }
    }
}

impl Manifest {
    /// The manifest as pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a manifest is JSON") + "\n"
    }
}

/// SHA-256 of `bytes` as lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The base names of the fonts a PDF's font dictionaries name (`/BaseFont/ABCDEF+Name`), without
/// subset prefixes and CMap suffixes, sorted and unique.
fn pdf_fonts(pdf: &[u8]) -> Vec<String> {
    let key = b"/BaseFont";
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = pdf[i..].windows(key.len()).position(|w| w == key) {
        let mut j = i + at + key.len();
        while j < pdf.len() && (pdf[j] == b' ' || pdf[j] == b'/') {
            j += 1;
        }
        let end = pdf[j..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || b"+-_.,".contains(b)))
            .map_or(pdf.len(), |e| j + e);
        let name = String::from_utf8_lossy(&pdf[j..end]).into_owned();
        let name = name
            .split_once('+')
            .map_or(name.as_str(), |(_, n)| n)
            .trim_end_matches("-Identity-H")
            .to_string();
        if !name.is_empty() {
            out.push(name);
        }
        i = end.max(i + at + 1);
    }
    out.sort();
    out.dedup();
    out
}

/// The `FontName`s of the fonts an OFD's `Doc_0/PublicRes.xml` lists with a `FontFile` (an
/// embedded font), sorted and unique.
fn ofd_fonts(ofd: &[u8]) -> Vec<String> {
    use std::io::Read;
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(ofd)) else {
        return Vec::new();
    };
    let mut xml = String::new();
    let read = zip
        .by_name("Doc_0/PublicRes.xml")
        .map(|f| f.take(1 << 20).read_to_string(&mut xml));
    let Ok(Ok(_)) = read else {
        return Vec::new();
    };
    let Ok(doc) = roxmltree::Document::parse(&xml) else {
        return Vec::new();
    };
    let mut out: Vec<String> = doc
        .descendants()
        .filter(|n| n.tag_name().name() == "Font")
        .filter(|n| n.children().any(|c| c.tag_name().name() == "FontFile"))
        .filter_map(|n| n.attribute("FontName").map(str::to_string))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_and_fonts() {
        assert_eq!(
            sha256(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let pdf = b"<< /BaseFont/ABCDEF+FandolFang-Regular-Identity-H >> << /BaseFont /ABCDEF+FandolFang-Regular >> << /BaseFont/XYZ+FandolHei-Regular >>";
        assert_eq!(pdf_fonts(pdf), ["FandolFang-Regular", "FandolHei-Regular"]);
    }
}
