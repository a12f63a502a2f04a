//! The OFD package: `OFD.xml` (the document's metadata), `Doc_0/Document.xml` (pages and the
//! outline), the resource lists and files, one `Content.xml` per page, zipped in a fixed order
//! with fixed timestamps, so the same pages give the same bytes.

use std::fmt::Write as _;

use sha2::{Digest, Sha256};
use typst_layout::Page;

use super::Meta;
use super::font::subset;
use super::page::{Heading, Writer};
use super::xml::{DECL, NS, escape, num};

/// The OFD package of `pages`, with `meta` in `OFD.xml`. An error names what could not be
/// written (a picture format or a paint OFD cannot hold here, a font that cannot be subset).
pub fn write(pages: &[Page], meta: &Meta) -> Result<Vec<u8>, String> {
    let mut w = Writer::default();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let mut page_ids = Vec::with_capacity(pages.len());
    let mut contents = Vec::with_capacity(pages.len());
    for (i, page) in pages.iter().enumerate() {
        page_ids.push(w.id());
        contents.push(w.page(i, page)?);
    }
    let mut files = Vec::new();
    let mut public = format!("{DECL}<ofd:Res xmlns:ofd=\"{NS}\" BaseLoc=\"Res\"><ofd:Fonts>");
    for f in &w.fonts {
        let bytes = subset(&f.font, &f.used)?;
        let file = format!("font_{}.otf", f.id);
        let info = f.font.info();
        let name = f
            .font
            .post_script_name()
            .unwrap_or_else(|| info.family.clone());
        let _ = write!(
            public,
            "<ofd:Font ID=\"{}\" FontName=\"{}\" FamilyName=\"{}\"{}{}><ofd:FontFile>{file}</ofd:FontFile></ofd:Font>",
            f.id,
            escape(&name),
            escape(&info.family),
            if info.variant.weight.to_number() >= 600 {
                " Bold=\"true\""
            } else {
                ""
            },
            if info.variant.style != typst::text::FontStyle::Normal {
                " Italic=\"true\""
            } else {
                ""
            },
        );
        files.push((format!("Doc_0/Res/{file}"), bytes));
    }
    public.push_str("</ofd:Fonts></ofd:Res>\n");
    let mut document_res = None;
    if !w.images.is_empty() {
        let mut s = format!("{DECL}<ofd:Res xmlns:ofd=\"{NS}\" BaseLoc=\"Res\"><ofd:MultiMedias>");
        for img in &w.images {
            let file = format!("image_{}.{}", img.id, img.ext);
            let format = if img.ext == "png" { "PNG" } else { "JPEG" };
            let _ = write!(
                s,
                "<ofd:MultiMedia ID=\"{}\" Type=\"Image\" Format=\"{format}\"><ofd:MediaFile>{file}</ofd:MediaFile></ofd:MultiMedia>",
                img.id
            );
            files.push((format!("Doc_0/Res/{file}"), img.bytes.clone()));
        }
        s.push_str("</ofd:MultiMedias></ofd:Res>\n");
        document_res = Some(s);
    }
    let size = pages.first().map(|p| p.frame.size());
    let (pw, ph) = size.map_or((210.0, 297.0), |s| (s.x.to_mm(), s.y.to_mm()));
    let outline = outline(&w.headings, &page_ids);
    let mut doc = format!(
        "{DECL}<ofd:Document xmlns:ofd=\"{NS}\"><ofd:CommonData><ofd:MaxUnitID>{}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {} {}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>",
        w.max_id(),
        num(pw),
        num(ph)
    );
    if document_res.is_some() {
        doc.push_str("<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>");
    }
    doc.push_str("</ofd:CommonData><ofd:Pages>");
    for (i, id) in page_ids.iter().enumerate() {
        let _ = write!(
            doc,
            "<ofd:Page ID=\"{id}\" BaseLoc=\"Pages/Page_{i}/Content.xml\"/>"
        );
    }
    doc.push_str("</ofd:Pages>");
    doc.push_str(&outline);
    doc.push_str("</ofd:Document>\n");

    parts.push(("OFD.xml".into(), ofd_xml(meta).into_bytes()));
    parts.push(("Doc_0/Document.xml".into(), doc.into_bytes()));
    parts.push(("Doc_0/PublicRes.xml".into(), public.into_bytes()));
    if let Some(s) = document_res {
        parts.push(("Doc_0/DocumentRes.xml".into(), s.into_bytes()));
    }
    for (i, c) in contents.into_iter().enumerate() {
        parts.push((format!("Doc_0/Pages/Page_{i}/Content.xml"), c.into_bytes()));
    }
    for (name, bytes) in &parts {
        well_formed(name, bytes)?;
    }
    parts.extend(files);
    let day = meta
        .date
        .map(|(year, month, day)| crate::doc::Date { year, month, day });
    crate::zipped::package(&parts, day)
}

/// `OFD.xml`: the archival profile declared, the metadata, the document's root.
fn ofd_xml(m: &Meta) -> String {
    let id: String = Sha256::digest(format!("gongwen\0{}\0{}", m.ident, m.title).as_bytes())[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let mut s = format!(
        "{DECL}<ofd:OFD xmlns:ofd=\"{NS}\" Version=\"1.0\" DocType=\"OFD-A\"><ofd:DocBody><ofd:DocInfo><ofd:DocID>{id}</ofd:DocID>"
    );
    let mut put = |tag: &str, v: &str| {
        if !v.is_empty() {
            let _ = write!(s, "<ofd:{tag}>{}</ofd:{tag}>", escape(v));
        }
    };
    put("Title", &m.title);
    put("Author", &m.author.join("；"));
    put("Subject", &m.subject);
    if let Some((y, mo, d)) = m.date {
        let date = format!("{y:04}-{mo:02}-{d:02}");
        put("CreationDate", &date);
        put("ModDate", &date);
    }
    put("Creator", "gongwen");
    put("CreatorVersion", env!("CARGO_PKG_VERSION"));
    // GB/T 42133 asks an archived document to leave out the optional `Keywords` structure;
    // the keywords the PDF's XMP carries stay with the document as custom data.
    if !m.keywords.is_empty() {
        let _ = write!(
            s,
            "<ofd:CustomDatas><ofd:CustomData Name=\"Keywords\">{}</ofd:CustomData></ofd:CustomDatas>",
            escape(&m.keywords.join("；"))
        );
    }
    s.push_str(
        "</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>\n",
    );
    s
}

/// The `Outlines` tree: each heading under the last heading of a lower level before it,
/// each going to where it starts on its page.
fn outline(headings: &[Heading], page_ids: &[u32]) -> String {
    if headings.is_empty() {
        return String::new();
    }
    let mut s = String::from("<ofd:Outlines>");
    let mut open: Vec<usize> = Vec::new();
    for h in headings {
        while open.last().is_some_and(|&l| l >= h.level) {
            s.push_str("</ofd:OutlineElem>");
            open.pop();
        }
        let _ = write!(
            s,
            "<ofd:OutlineElem Title=\"{}\" Expanded=\"{}\"><ofd:Actions><ofd:Action Event=\"CLICK\"><ofd:Goto><ofd:Dest Type=\"XYZ\" PageID=\"{}\" Left=\"{}\" Top=\"{}\"/></ofd:Goto></ofd:Action></ofd:Actions>",
            escape(&h.title),
            open.is_empty(),
            page_ids.get(h.page).copied().unwrap_or(1),
            num(h.x.max(0.0)),
            num(h.y.max(0.0)),
        );
        open.push(h.level);
    }
    for _ in open {
        s.push_str("</ofd:OutlineElem>");
    }
    s.push_str("</ofd:Outlines>");
    s
}

/// Refuses to package a part that is not well-formed XML: the last guard against a writer that
/// forgot to escape.
fn well_formed(name: &str, bytes: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("{name} is not UTF-8: {e}"))?;
    roxmltree::Document::parse(text).map(|_| ()).map_err(|e| {
        format!("internal error: the OFD part {name} would not be well-formed XML ({e}); please report it")
    })
}
