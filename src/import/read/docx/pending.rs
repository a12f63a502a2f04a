//! What a DOCX holds beside its text: the tracked changes still pending — each with its author,
//! date and words, table cells too — for the clerk to see; the original text when they are
//! rejected (`--reject-changes`); and the headers and footers the import leaves out.

use std::io::{Cursor, Read, Write};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};
use roxmltree::Node;
use zip::ZipArchive;

use super::{Limits, is_w, w_attr};
use crate::diag::Diagnostic;

/// One pending tracked change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// `insertion`, `deletion`, `moved text`, `inserted row`, `deleted row`, `paragraph break`.
    pub kind: &'static str,
    /// Who made it (may be empty).
    pub author: String,
    /// When (`2024-03-01`; may be empty).
    pub date: String,
    /// Its words (empty for a paragraph mark).
    pub text: String,
    /// It is in a table cell.
    pub in_cell: bool,
    /// The words of its paragraph as the change leaves them, for the place.
    pub context: String,
}

impl Change {
    /// One line for the clerk.
    pub fn line(&self, name: &str, rejected: bool) -> String {
        let who = match (self.author.is_empty(), self.date.is_empty()) {
            (true, true) => String::new(),
            (false, true) => format!(" by {}", self.author),
            (true, false) => format!(" on {}", self.date),
            (false, false) => format!(" by {} on {}", self.author, self.date),
        };
        let place = if self.in_cell {
            "in a table cell of the row"
        } else {
            "in"
        };
        let context: String = self.context.chars().take(24).collect();
        let fate = match (rejected, self.kind) {
            (false, "deletion" | "deleted row") => "applied",
            (false, _) => "kept",
            (true, "deletion" | "deleted row") => "undone",
            (true, _) => "left out",
        };
        format!(
            "tracked {}{who} {place} “{context}”: “{}” ({fate}) in {name}",
            self.kind, self.text
        )
    }
}

/// The DOCX `bytes` (named `name`) as the import reads them — with its pending changes rejected
/// when `reject` — and a note for each change and for each header or footer left out.
pub fn read(
    name: &str,
    bytes: &[u8],
    reject: bool,
    limits: Limits,
) -> Result<(Option<Vec<u8>>, Vec<Diagnostic>), Diagnostic> {
    const PART: &str = "word/document.xml";
    let mut notes: Vec<Diagnostic> = chrome(bytes, limits)
        .iter()
        .map(|w| chrome_note(name, w))
        .collect();
    let Some(xml) = part(bytes, PART, limits) else {
        return Ok((None, notes)); // the DOCX reader says what is wrong
    };
    let Ok(doc) = roxmltree::Document::parse(&xml) else {
        return Ok((None, notes));
    };
    let list = changes(&doc);
    for c in &list {
        notes.push(Diagnostic {
            severity: crate::diag::Severity::Note,
            ..Diagnostic::warning(c.line(name, reject)).hint(if reject {
                "the text is taken as it was before the changes (--reject-changes)"
            } else {
                "the text is taken with the changes accepted; import with --reject-changes to take the original"
            })
        });
    }
    if !reject || list.is_empty() {
        return Ok((None, notes));
    }
    let fail = |e: String| {
        Diagnostic::error(format!("cannot reject the tracked changes of {name}: {e}"))
            .hint("reject them in Word (审阅 → 拒绝所有修订) and import again")
    };
    let rejected = reject_xml(&xml).map_err(|e| fail(e.to_string()))?;
    let bytes = with_document(bytes, PART, &rejected).map_err(fail)?;
    Ok((Some(bytes), notes))
}

/// Part `name` of the zip `bytes`, within `limits`.
fn part(bytes: &[u8], name: &str, limits: Limits) -> Option<String> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).ok()?;
    let f = zip.by_name(name).ok()?;
    let mut xml = String::new();
    f.take(limits.entry).read_to_string(&mut xml).ok()?;
    Some(xml)
}

/// The pending changes of `document` (the main part's XML).
pub fn changes(document: &roxmltree::Document) -> Vec<Change> {
    let mut out = Vec::new();
    for n in document.descendants().filter(|n| n.is_element()) {
        let name = n.tag_name().name();
        if !is_w(n, name) || !matches!(name, "ins" | "del" | "moveTo") {
            continue;
        }
        let parent = n.parent().map(|p| p.tag_name().name()).unwrap_or("");
        let kind = match (name, parent) {
            ("ins", "trPr") => "inserted row",
            ("del", "trPr") => "deleted row",
            (_, "rPr") => "paragraph break",
            ("ins", _) => "insertion",
            ("del", _) => "deletion",
            _ => "moved text",
        };
        let scope = match parent {
            "trPr" => n.ancestors().find(|a| is_w(*a, "tr")),
            "rPr" => None,
            _ => Some(n),
        };
        let text = scope.map_or_else(String::new, |s| {
            s.descendants()
                .filter(|d| is_w(*d, "t") || is_w(*d, "delText"))
                .filter_map(|d| d.text())
                .collect()
        });
        // in a table, the row's first cell says where; else the paragraph's words
        let row_label = n
            .ancestors()
            .find(|a| is_w(*a, "tr"))
            .and_then(|tr| tr.children().find(|c| is_w(*c, "tc")));
        let para = row_label.or_else(|| n.ancestors().find(|a| is_w(*a, "p")));
        let context = para.map_or_else(String::new, |p| {
            p.descendants()
                .filter(|d| is_w(*d, "t"))
                .filter(|d| !d.ancestors().any(|a| is_w(a, "del") || is_w(a, "moveFrom")))
                .filter_map(|d| d.text())
                .collect()
        });
        out.push(Change {
            kind,
            author: w_attr(n, "author").unwrap_or_default().to_string(),
            date: w_attr(n, "date")
                .map(|d| d.chars().take(10).collect())
                .unwrap_or_default(),
            text,
            in_cell: n.ancestors().any(|a: Node| is_w(a, "tc")),
            context,
        });
    }
    out
}

/// `document` with every pending change rejected: insertions (and moved text at its new place)
/// left out, deletions kept as text, inserted rows and paragraph breaks undone.
pub fn reject_xml(document: &str) -> Result<String, quick_xml::Error> {
    let mut reader = Reader::from_str(document);
    let mut writer = Writer::new(Vec::with_capacity(document.len()));
    let mut stack: Vec<Vec<u8>> = Vec::new();
    let mut skipping = 0usize; // depth inside content being left out
    let local = |q: &[u8]| -> Vec<u8> { q.rsplit(|&b| b == b':').next().unwrap_or(q).to_vec() };
    loop {
        let event = reader.read_event()?;
        match &event {
            Event::Eof => break,
            Event::Start(e) => {
                let name = local(e.name().as_ref());
                let parent = stack.last().cloned().unwrap_or_default();
                stack.push(name.clone());
                if skipping > 0 {
                    skipping += 1;
                    continue;
                }
                let marker = parent == b"rPr" || parent == b"trPr";
                match name.as_slice() {
                    b"ins" | b"moveTo" if !marker => skipping = 1,
                    b"del" | b"moveFrom" if !marker => {}
                    b"delText" => writer.write_event(Event::Start(renamed(e, "t")))?,
                    b"delInstrText" => writer.write_event(Event::Start(renamed(e, "instrText")))?,
                    _ => writer.write_event(event.clone())?,
                }
            }
            Event::End(e) => {
                let name = stack.pop().unwrap_or_default();
                if skipping > 0 {
                    skipping -= 1;
                    continue;
                }
                let parent = stack.last().cloned().unwrap_or_default();
                let marker = parent == b"rPr" || parent == b"trPr";
                match name.as_slice() {
                    b"del" | b"moveFrom" if !marker => {}
                    b"delText" => writer.write_event(Event::End(
                        renamed(
                            &BytesStart::new(
                                String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                            ),
                            "t",
                        )
                        .to_end()
                        .into_owned(),
                    ))?,
                    b"delInstrText" => writer.write_event(Event::End(
                        renamed(
                            &BytesStart::new(
                                String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                            ),
                            "instrText",
                        )
                        .to_end()
                        .into_owned(),
                    ))?,
                    _ => writer.write_event(event.clone())?,
                }
            }
            Event::Empty(e) => {
                if skipping > 0 {
                    continue;
                }
                let name = local(e.name().as_ref());
                let parent = stack.last().cloned().unwrap_or_default();
                let marker = parent == b"rPr" || parent == b"trPr";
                match name.as_slice() {
                    // an inserted paragraph mark or row did not exist: the reader drops what
                    // a deletion marks; a deleted one did
                    b"ins" if marker => writer.write_event(Event::Empty(renamed(e, "del")))?,
                    b"del" | b"moveFrom" if marker => {}
                    b"ins" | b"moveTo" | b"del" | b"moveFrom" => {}
                    _ => writer.write_event(event.clone())?,
                }
            }
            _ if skipping > 0 => {}
            _ => writer.write_event(event.clone())?,
        }
    }
    Ok(String::from_utf8_lossy(&writer.into_inner()).into_owned())
}

/// `e` under the local name `to`, with the same prefix and attributes.
fn renamed(e: &BytesStart, to: &str) -> BytesStart<'static> {
    let q = String::from_utf8_lossy(e.name().as_ref()).into_owned();
    let name = match q.rsplit_once(':') {
        Some((prefix, _)) => format!("{prefix}:{to}"),
        None => to.to_string(),
    };
    let mut out = BytesStart::new(name);
    for a in e.attributes().flatten() {
        out.push_attribute(a);
    }
    out.into_owned()
}

/// The DOCX `bytes` with `word/document.xml` replaced by `document`, every other part copied
/// as it is.
pub fn with_document(bytes: &[u8], part: &str, document: &str) -> Result<Vec<u8>, String> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| e.to_string())?;
        if f.name() == part {
            out.start_file(
                part,
                zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated),
            )
            .map_err(|e| e.to_string())?;
            drop(f);
            out.write_all(document.as_bytes())
                .map_err(|e| e.to_string())?;
        } else {
            out.raw_copy_file(f).map_err(|e| e.to_string())?;
        }
    }
    Ok(out.finish().map_err(|e| e.to_string())?.into_inner())
}

/// The words of the headers and footers of the DOCX `bytes` (page-number fields left out),
/// one entry a part that has any.
pub fn chrome(bytes: &[u8], limits: Limits) -> Vec<String> {
    let Ok(mut zip) = ZipArchive::new(Cursor::new(bytes)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = zip
        .file_names()
        .filter(|n| {
            let n = n.strip_prefix("word/").unwrap_or("");
            (n.starts_with("header") || n.starts_with("footer")) && n.ends_with(".xml")
        })
        .map(str::to_string)
        .collect();
    names.sort();
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let mut xml = String::new();
        let Ok(f) = zip.by_name(&name) else { continue };
        if f.take(limits.entry).read_to_string(&mut xml).is_err() {
            continue;
        }
        let Ok(doc) = roxmltree::Document::parse(&xml) else {
            continue;
        };
        let words: String = doc
            .descendants()
            .filter(|d| is_w(*d, "t"))
            .filter_map(|d| d.text())
            .collect::<String>()
            .trim()
            .to_string();
        let digits_only = words
            .chars()
            .all(|c| c.is_ascii_digit() || "-— 第页共/".contains(c));
        if !words.is_empty() && !digits_only && !out.contains(&words) {
            out.push(words);
        }
    }
    out
}

/// A note for a header or footer left out.
pub fn chrome_note(name: &str, words: &str) -> Diagnostic {
    Diagnostic::warning(format!(
        "the header or footer of {name} (“{words}”) is left out: the layout prints a report's page numbers, nothing else in its margins"
    ))
    .hint("if its words belong in the report, put them in the opening or the closing lines")
}

#[cfg(test)]
mod tests {
    #[test]
    fn rejecting_keeps_the_deleted_words_and_drops_the_inserted() {
        let xml = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>办理</w:t></w:r><w:del w:author="张三" w:date="2024-03-01T09:00:00Z"><w:r><w:delText>0</w:delText></w:r></w:del><w:ins w:author="张三"><w:r><w:t>11</w:t></w:r></w:ins></w:p></w:body></w:document>"#;
        let out = super::reject_xml(xml).unwrap();
        assert!(out.contains("<w:t>0</w:t>") && !out.contains("11"), "{out}");
        let doc = roxmltree::Document::parse(xml).unwrap();
        let list = super::changes(&doc);
        assert_eq!(list.len(), 2);
        assert_eq!(
            (list[0].kind, list[0].text.as_str(), list[0].date.as_str()),
            ("deletion", "0", "2024-03-01")
        );
        assert_eq!((list[1].kind, list[1].text.as_str()), ("insertion", "11"));
    }
}
