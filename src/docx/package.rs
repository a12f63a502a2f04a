//! The DOCX package: docx-rs's parts patched and zipped deterministically, and core properties.
//!
//! docx-rs would stamp the zip entries and core properties with fixed 1970/1980 dates and offers no
//! title or creator; here every entry is written in a fixed order, stamped with the document's
//! date, and `docProps/core.xml` is written from the metadata.

use docx_rs::XMLDocx;
use quick_xml::escape::escape;

use super::patch;
use crate::doc::{Date, Meta};
use crate::layout::Layout;

/// The date written when the document has none: fixed, never the clock.
const NO_DATE: Date = Date {
    year: 2000,
    month: 1,
    day: 1,
};

/// Patches the parts of `parts` and zips them.
pub fn write(
    parts: XMLDocx,
    meta: &Meta,
    layout: &Layout,
    update_fields: bool,
) -> Result<Vec<u8>, String> {
    if parts.taskpanes.is_some() || !parts.custom_items.is_empty() {
        return Err(
            "the document holds parts gongwen never writes (task panes, custom XML)".into(),
        );
    }
    let footnotes = String::from_utf8_lossy(&parts.footnotes).contains("<w:footnote ");
    let mut entries: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), parts.content_type),
        ("_rels/.rels".into(), parts.rels),
        ("docProps/app.xml".into(), parts.doc_props.app),
        ("docProps/core.xml".into(), core(meta)),
        ("docProps/custom.xml".into(), parts.doc_props.custom),
        ("word/_rels/document.xml.rels".into(), parts.document_rels),
        (
            "word/document.xml".into(),
            patch::part(&parts.document, layout)?,
        ),
        (
            "word/styles.xml".into(),
            patch::styles(&parts.styles, layout, meta.lang)?,
        ),
        (
            "word/settings.xml".into(),
            patch::settings(&parts.settings, layout, meta.lang, update_fields, footnotes)?,
        ),
        (
            "word/fontTable.xml".into(),
            super::fonts::font_table(layout),
        ),
        ("word/comments.xml".into(), parts.comments),
        (
            "word/numbering.xml".into(),
            patch::numbering(&parts.numberings, layout)?,
        ),
        ("word/commentsExtended.xml".into(), parts.comments_extended),
        (
            "word/footnotes.xml".into(),
            patch::footnotes(&parts.footnotes, layout)?,
        ),
    ];
    // Pictures (charts drawn for the DOCX), under the names docx-rs's relationships give them.
    for (id, png) in &parts.media {
        entries.push((format!("word/media/{id}.png"), png.clone()));
    }
    for (kind, xmls, rels) in [
        ("header", &parts.headers, &parts.header_rels),
        ("footer", &parts.footers, &parts.footer_rels),
    ] {
        for (i, xml) in xmls.iter().enumerate() {
            entries.push((
                format!("word/{kind}{}.xml", i + 1),
                patch::part(xml, layout)?,
            ));
            if let Some(r) = rels.get(i) {
                entries.push((format!("word/_rels/{kind}{}.xml.rels", i + 1), r.clone()));
            }
        }
    }
    for (name, bytes) in &entries {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            well_formed(name, bytes)?;
        }
    }
    crate::zipped::package(&entries, Some(meta.date.unwrap_or(NO_DATE)))
}

/// Refuses to package a part that is not well-formed XML: the builder keeps every character
/// XML cannot hold out of the tree, so this is the last guard against a writer that forgot to
/// escape, never a message an author should see.
fn well_formed(name: &str, bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("{name} is not UTF-8: {e}"))?;
    roxmltree::Document::parse(text)
        .map(|_| ())
        .map_err(|e| format!("internal error: the DOCX part {name} would not be well-formed XML ({e}); please report it"))
}

/// `docProps/core.xml`: title, subject, creator, keywords, language and the document's date as
/// both created and modified (docx-rs offers no title or creator, and would write 1970).
fn core(m: &Meta) -> Vec<u8> {
    let when = format!("{}T00:00:00Z", m.date.unwrap_or(NO_DATE).iso());
    let mut s = String::from(concat!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
        r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties""#,
        r#" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/""#,
        r#" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">"#,
    ));
    let mut put = |tag: &str, value: &str| {
        s.push_str(&format!("<{tag}>{}</{tag}>", escape(value)));
    };
    put("dc:title", &m.title);
    if !m.subject.is_empty() {
        put("dc:subject", &m.subject);
    }
    put("dc:creator", &m.author);
    if !m.keywords.is_empty() {
        put("cp:keywords", &m.keywords.join("; "));
    }
    put("dc:language", m.lang);
    put("cp:lastModifiedBy", &m.author);
    put("cp:revision", "1");
    for tag in ["dcterms:created", "dcterms:modified"] {
        s.push_str(&format!(
            r#"<{tag} xsi:type="dcterms:W3CDTF">{when}</{tag}>"#
        ));
    }
    s.push_str("</cp:coreProperties>");
    s.into_bytes()
}
