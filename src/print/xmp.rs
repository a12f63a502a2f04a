//! The PDF's one XMP packet, identified as PDF/X-4: `pdfxid:GTS_PDFXVersion`, `pdf:Trapped`
//! False, `pdf:PDFVersion` as the header says, and — for a file that is PDF/A too — the
//! extension schema PDF/A asks for any property outside its predefined schemas. The XML is
//! read and rewritten event by event (quick-xml); everything else passes through unchanged.

use lopdf::{Document, Object};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer};

const PDFX_NS: &str = "http://www.npes.org/pdfx/ns/id/";

/// The extension schema describing `pdfxid:GTS_PDFXVersion`, one entry of the
/// `pdfaExtension:schemas` bag.
const SCHEMA: &str = concat!(
    r#"<rdf:li rdf:parseType="Resource" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" "#,
    r#"xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">"#,
    "<pdfaSchema:schema>PDF/X ID Schema</pdfaSchema:schema>",
    "<pdfaSchema:namespaceURI>http://www.npes.org/pdfx/ns/id/</pdfaSchema:namespaceURI>",
    "<pdfaSchema:prefix>pdfxid</pdfaSchema:prefix>",
    "<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">",
    "<pdfaProperty:name>GTS_PDFXVersion</pdfaProperty:name>",
    "<pdfaProperty:valueType>Text</pdfaProperty:valueType>",
    "<pdfaProperty:category>internal</pdfaProperty:category>",
    "<pdfaProperty:description>ID of PDF/X standard</pdfaProperty:description>",
    "</rdf:li></rdf:Seq></pdfaSchema:property></rdf:li>"
);

/// Rewrites the catalog's XMP stream of `doc` (uncompressed, as PDF/A wants it).
pub fn identify(doc: &mut Document, archive: bool) -> Result<(), String> {
    let id = doc
        .catalog()
        .and_then(|c| c.get(b"Metadata"))
        .and_then(Object::as_reference)
        .map_err(|_| "the PDF has no XMP metadata".to_string())?;
    let version = doc.version.clone();
    let stream = doc
        .get_object_mut(id)
        .and_then(Object::as_stream_mut)
        .map_err(|e| e.to_string())?;
    let xml = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let xml = String::from_utf8(xml).map_err(|_| "the XMP is not UTF-8".to_string())?;
    let out = rewrite(&xml, &version, archive)?;
    stream.dict.remove(b"Filter");
    stream.dict.remove(b"DecodeParms");
    stream.set_content(out.into_bytes());
    stream.allows_compression = false;
    Ok(())
}

/// The XMP `xml` with the PDF/X identification added and `pdf:Trapped`/`pdf:PDFVersion` set.
pub fn rewrite(xml: &str, version: &str, archive: bool) -> Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut writer = Writer::new(Vec::new());
    let mut replace: Option<&str> = None;
    let mut replaced = false;
    let mut had_trapped = false;
    let mut had_schemas = false;
    let mut in_schemas = false;
    let fail = |e: &dyn std::fmt::Display| format!("the XMP: {e}");
    loop {
        let event = reader.read_event().map_err(|e| fail(&e))?;
        match &event {
            Event::Start(e) => {
                let name = e.name();
                match name.as_ref() {
                    b"pdf:Trapped" => {
                        had_trapped = true;
                        replace = Some("False");
                    }
                    b"pdf:PDFVersion" => replace = Some(version),
                    b"pdfaExtension:schemas" => {
                        had_schemas = true;
                        in_schemas = true;
                    }
                    _ => {}
                }
                writer.write_event(event.borrow()).map_err(|e| fail(&e))?;
                if in_schemas && archive && name.as_ref() == b"rdf:Bag" {
                    raw(&mut writer, SCHEMA);
                }
                replaced = false;
                continue;
            }
            Event::Empty(e) if in_schemas && archive && e.name().as_ref() == b"rdf:Bag" => {
                writer
                    .write_event(Event::Start(BytesStart::new("rdf:Bag")))
                    .map_err(|e| fail(&e))?;
                raw(&mut writer, SCHEMA);
                raw(&mut writer, "</rdf:Bag>");
                continue;
            }
            Event::Text(_) if replace.is_some() => {
                raw(&mut writer, replace.unwrap_or_default());
                replaced = true;
                continue;
            }
            Event::End(e) => {
                if let Some(v) = replace.take()
                    && !replaced
                {
                    raw(&mut writer, v);
                }
                if e.name().as_ref() == b"pdfaExtension:schemas" {
                    in_schemas = false;
                }
                if e.name().as_ref() == b"rdf:RDF" {
                    raw(
                        &mut writer,
                        &description(!had_trapped, archive && !had_schemas),
                    );
                }
            }
            Event::Eof => break,
            _ => {}
        }
        writer.write_event(event).map_err(|e| fail(&e))?;
    }
    String::from_utf8(writer.into_inner()).map_err(|e| fail(&e))
}

/// Writes XML text as it is.
fn raw(writer: &mut Writer<Vec<u8>>, xml: &str) {
    writer.get_mut().extend_from_slice(xml.as_bytes());
}

/// The description added before `</rdf:RDF>`.
fn description(trapped: bool, schemas: bool) -> String {
    let mut s = format!(
        r#"<rdf:Description rdf:about="" xmlns:pdfxid="{PDFX_NS}" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"><pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"#
    );
    if trapped {
        s.push_str("<pdf:Trapped>False</pdf:Trapped>");
    }
    if schemas {
        s.push_str("<pdfaExtension:schemas><rdf:Bag>");
        s.push_str(SCHEMA);
        s.push_str("</rdf:Bag></pdfaExtension:schemas>");
    }
    s.push_str("</rdf:Description>");
    s
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    const XMP: &str = r#"<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:PDFVersion>1.7</pdf:PDFVersion></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="r"?>"#;

    #[test]
    fn identifies_pdfx_once() {
        let out = rewrite(XMP, "1.6", true).unwrap();
        assert_eq!(out.matches("<pdfxid:GTS_PDFXVersion>PDF/X-4<").count(), 1);
        assert_eq!(out.matches("<pdf:Trapped>False<").count(), 1);
        assert!(out.contains("<pdf:PDFVersion>1.6<"), "{out}");
        assert_eq!(out.matches("<pdfaSchema:prefix>pdfxid<").count(), 1);
        assert!(out.ends_with(r#"<?xpacket end="r"?>"#));
        roxmltree::Document::parse(&out).unwrap();
        let plain = rewrite(XMP, "1.6", false).unwrap();
        assert!(!plain.contains("pdfaSchema"));
    }
}
