//! What a submitted file is, told by its bytes, never by its name: a DOCX or ODF zip, an OLE
//! compound file (Word 97, WPS, or a password-protected Office file), RTF, PDF, a picture, a web
//! page or plain text — and what its extension claims, so that a disagreement is noted.

use std::io::Cursor;

/// What a file's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// No bytes, or only white space.
    Empty,
    /// A zip holding `word/document.xml` (or a main part named by its relationships).
    Docx,
    /// A zip holding `content.xml`: an OpenDocument file; `text` when its mimetype says it is a
    /// text document (or does not say).
    Odf {
        /// It is a text document (`application/vnd.oasis.opendocument.text…`).
        text: bool,
    },
    /// A zip that is neither.
    OtherZip,
    /// A file that starts as a zip but whose directory cannot be read (cut short, damaged).
    BrokenZip(String),
    /// An OLE compound file: Word 97–2003 or WPS.
    Word97,
    /// An OLE compound file holding an `EncryptedPackage`: an Office file saved with a password.
    Encrypted,
    /// An OLE compound file that is a spreadsheet or a presentation.
    OtherOle(&'static str),
    /// Rich Text Format.
    Rtf,
    /// A PDF.
    Pdf,
    /// A picture (`PNG`, `JPEG`, …).
    Picture(&'static str),
    /// XML that is not a web page (a Word 2003 XML file, a flat ODF, a data file).
    Xml,
    /// A web page saved as one MIME file (`.mht`, `.mhtml`: "web archive, single file").
    Mime,
    /// A web page.
    Html,
    /// A gongwen report definition or yearbook (TOML with `[report]` or `[yearbook]`).
    Definition,
    /// Text, possibly in GB 18030 (the text reader decides its encoding).
    Text,
    /// Bytes that are no text.
    Binary,
}

impl Content {
    /// Its name in messages.
    pub fn name(&self) -> String {
        match self {
            Content::Empty => "an empty file".into(),
            Content::Docx => "a Word document (DOCX)".into(),
            Content::Odf { text: true } => "an OpenDocument text (ODT)".into(),
            Content::Odf { text: false } => "an OpenDocument file that is not a text".into(),
            Content::OtherZip => "a zip archive that is no document".into(),
            Content::BrokenZip(_) => "a damaged zip archive".into(),
            Content::Word97 => "a Word 97–2003 or WPS document".into(),
            Content::Encrypted => "a password-protected Office document".into(),
            Content::OtherOle(k) => format!("an Office {k}, not a document"),
            Content::Rtf => "an RTF document".into(),
            Content::Pdf => "a PDF".into(),
            Content::Picture(k) => format!("a {k} picture"),
            Content::Xml => "an XML file that is no web page".into(),
            Content::Mime => "a web archive (MHT)".into(),
            Content::Html => "a web page (HTML)".into(),
            Content::Definition => "a report definition or yearbook (TOML)".into(),
            Content::Text => "plain text".into(),
            Content::Binary => "binary data, not text".into(),
        }
    }

    /// What the extension of `name` claims the file is, when it claims one of the forms this
    /// module tells apart; `None` for a name with another extension or none.
    pub fn claimed(name: &str) -> Option<Content> {
        let ext = std::path::Path::new(name)
            .extension()?
            .to_string_lossy()
            .to_ascii_lowercase();
        Some(match ext.as_str() {
            "docx" | "docm" | "dotx" => Content::Docx,
            "odt" | "ott" => Content::Odf { text: true },
            "doc" | "wps" | "dot" | "wpt" => Content::Word97,
            "rtf" => Content::Rtf,
            "pdf" => Content::Pdf,
            "html" | "htm" | "xhtml" | "shtml" => Content::Html,
            "mht" | "mhtml" => Content::Mime,
            "txt" | "text" => Content::Text,
            "toml" => Content::Definition,
            "png" => Content::Picture("PNG"),
            "jpg" | "jpeg" => Content::Picture("JPEG"),
            "tif" | "tiff" => Content::Picture("TIFF"),
            _ => return None,
        })
    }

    /// Whether the extension's claim and the content agree (a picture of another kind, or text
    /// with no claim, agree).
    pub fn agrees(&self, claimed: &Content) -> bool {
        matches!(
            (self, claimed),
            (Content::Picture(_), Content::Picture(_))
                | (Content::Odf { .. }, Content::Odf { .. })
                | (Content::Empty | Content::BrokenZip(_), _)
        ) || self == claimed
            || (matches!(self, Content::Encrypted) && matches!(claimed, Content::Docx))
    }
}

/// Tells what `bytes` are.
pub fn sniff(bytes: &[u8]) -> Content {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Content::Empty;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return zip(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return ole(bytes);
    }
    for (magic, kind) in [
        (&b"\x89PNG"[..], "PNG"),
        (&b"\xFF\xD8\xFF"[..], "JPEG"),
        (&b"GIF8"[..], "GIF"),
        (&b"II*\0"[..], "TIFF"),
        (&b"MM\0*"[..], "TIFF"),
        (&b"BM"[..], "BMP"),
    ] {
        if bytes.starts_with(magic) {
            return Content::Picture(kind);
        }
    }
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Content::Pdf;
    }
    let text = decoded_head(bytes);
    let lead = text.trim_start_matches(['\u{FEFF}', ' ', '\t', '\r', '\n']);
    if lead.starts_with("{\\rtf") {
        return Content::Rtf;
    }
    let lower_head = lead
        .get(..lead.len().min(2048))
        .unwrap_or(lead)
        .to_ascii_lowercase();
    if lower_head.starts_with("mime-version:")
        || (lower_head.contains("mime-version:") && lower_head.contains("multipart/related"))
    {
        return Content::Mime;
    }
    if lead.starts_with('<') {
        let lower = lead.to_ascii_lowercase();
        let html = [
            "<!doctype html",
            "<html",
            "<head",
            "<body",
            "<meta",
            "<title",
        ]
        .iter()
        .any(|t| lower.contains(t));
        if html {
            return Content::Html;
        }
        if lower.starts_with("<?xml") || lower.starts_with("<!--") {
            return Content::Xml;
        }
        if ["<p", "<div", "<table", "<br", "<h1", "<span"]
            .iter()
            .any(|t| lower.contains(t))
        {
            return Content::Html;
        }
    }
    // a definition's table may stand after many `# intake:` lines
    if String::from_utf8_lossy(&bytes[..bytes.len().min(1 << 16)])
        .lines()
        .any(|l| matches!(l.trim(), "[report]" | "[yearbook]"))
    {
        return Content::Definition;
    }
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    if !utf16 && bytes.iter().take(8192).any(|&b| b == 0) {
        return Content::Binary;
    }
    Content::Text
}

/// The first few kilobytes as text, whatever the encoding (for markers only).
fn decoded_head(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(4096)];
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(head) {
        return enc.decode_without_bom_handling(&head[bom..]).0.into_owned();
    }
    String::from_utf8_lossy(head).into_owned()
}

fn zip(bytes: &[u8]) -> Content {
    let archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(a) => a,
        Err(e) => return Content::BrokenZip(e.to_string()),
    };
    let names: Vec<&str> = archive.file_names().collect();
    if names.contains(&"word/document.xml")
        || names.contains(&"[Content_Types].xml") && names.iter().any(|n| n.starts_with("word/"))
    {
        return Content::Docx;
    }
    if names.contains(&"content.xml") {
        let mut archive = archive;
        let text = match archive.by_name("mimetype") {
            Ok(mut f) => {
                let mut s = String::new();
                let _ =
                    std::io::Read::read_to_string(&mut std::io::Read::take(&mut f, 200), &mut s);
                s.is_empty() || s.contains("opendocument.text")
            }
            Err(_) => true,
        };
        return Content::Odf { text };
    }
    Content::OtherZip
}

fn ole(bytes: &[u8]) -> Content {
    // The directory's entry names are UTF-16LE; finding a stream's name is enough to tell the
    // kinds apart (a document's own text is not stored as these names).
    let has = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        find(bytes, &utf16).is_some()
    };
    if has("EncryptedPackage") {
        Content::Encrypted
    } else if has("WordDocument") {
        Content::Word97
    } else if has("Workbook") || has("Book\0") {
        Content::OtherOle("spreadsheet")
    } else if has("PowerPoint Document") {
        Content::OtherOle("presentation")
    } else {
        // WPS and other word processors' OLE files: LibreOffice decides
        Content::Word97
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_are_told_by_their_bytes() {
        assert_eq!(sniff(b""), Content::Empty);
        assert_eq!(sniff(b" \n\t"), Content::Empty);
        assert_eq!(sniff(b"{\\rtf1\\ansi hello}"), Content::Rtf);
        assert_eq!(sniff(b"%PDF-1.7\n"), Content::Pdf);
        assert_eq!(
            sniff(
                b"From: <Saved by Blink>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/related;"
            ),
            Content::Mime
        );
        assert_eq!(sniff(b"\x89PNG\r\n"), Content::Picture("PNG"));
        assert_eq!(sniff(b"<html><body><p>x</p></body></html>"), Content::Html);
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><w:wordDocument/>"),
            Content::Xml
        );
        assert_eq!(sniff("一、概述\n正文".as_bytes()), Content::Text);
        assert_eq!(
            sniff("# imported\n[report]\ntitle = \"x\"\n".as_bytes()),
            Content::Definition
        );
        assert_eq!(
            sniff(b"PK\x03\x04broken"),
            Content::BrokenZip(
                match zip::ZipArchive::new(Cursor::new(&b"PK\x03\x04broken"[..])) {
                    Err(e) => e.to_string(),
                    Ok(_) => unreachable!(),
                }
            )
        );
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend(vec![0; 100]);
        let mut enc = ole.clone();
        enc.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff(&enc), Content::Encrypted);
        ole.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff(&ole), Content::Word97);
        assert_eq!(sniff(b"abc\0def"), Content::Binary);
    }
}
