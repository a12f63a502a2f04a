//! The DOCX's font table (`word/fontTable.xml`): every office face the document names, each
//! with the fallback it falls back on (`w:altName`: the layout's last PDF family of the role,
//! the bundled open face the PDF draws with when the office face is missing), its character set
//! (GB 2312) and its family, and an entry for each fallback face itself — so that Word, WPS and
//! LibreOffice without the office face pick the named one, as the PDF does.

use quick_xml::escape::escape;

use crate::layout::{Layout, Role};

/// One entry of the font table.
struct Entry {
    name: String,
    alt: Option<String>,
    /// Whether the face is Chinese (charset GB 2312) rather than Latin.
    cjk: bool,
    /// `roman` (serif: 宋, 仿宋, 楷) or `swiss` (sans: 黑).
    family: &'static str,
}

/// Whether a family name reads as a sans face (黑体, Hei, Sans).
fn sans(name: &str) -> bool {
    ["黑", "Hei", "Sans", "Arial"]
        .iter()
        .any(|w| name.contains(w))
}

/// The entries, in the order the roles name them, each name once.
fn entries(layout: &Layout) -> Vec<Entry> {
    let mut out: Vec<Entry> = Vec::new();
    let mut add = |e: Entry| {
        if !out.iter().any(|o| o.name == e.name) {
            out.push(e);
        }
    };
    for role in Role::ALL {
        let f = layout.font(role);
        let fallback = f.pdf.last().filter(|p| **p != f.docx).cloned();
        let family = if sans(&f.docx) || fallback.as_deref().is_some_and(sans) {
            "swiss"
        } else {
            "roman"
        };
        add(Entry {
            name: f.docx.clone(),
            alt: fallback.clone(),
            cjk: true,
            family,
        });
        if let Some(name) = fallback {
            add(Entry {
                name,
                alt: None,
                cjk: true,
                family,
            });
        }
        add(Entry {
            name: f.latin.clone(),
            alt: None,
            cjk: f.latin == f.docx,
            family: if sans(&f.latin) { "swiss" } else { "roman" },
        });
    }
    out
}

/// The font table part.
pub fn font_table(layout: &Layout) -> Vec<u8> {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:fonts xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">",
    );
    for e in entries(layout) {
        s.push_str(&format!("<w:font w:name=\"{}\">", escape(&e.name)));
        if let Some(alt) = &e.alt {
            s.push_str(&format!("<w:altName w:val=\"{}\"/>", escape(alt)));
        }
        let charset = if e.cjk { "86" } else { "00" };
        s.push_str(&format!(
            "<w:charset w:val=\"{charset}\"/><w:family w:val=\"{}\"/><w:pitch w:val=\"variable\"/></w:font>",
            e.family
        ));
    }
    s.push_str("</w:fonts>");
    s.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_office_face_names_its_fallback() {
        let layout = Layout::builtin("gbt9704").unwrap();
        let xml = String::from_utf8(font_table(&layout)).unwrap();
        let doc = roxmltree::Document::parse(&xml).unwrap();
        let fonts: Vec<_> = doc
            .descendants()
            .filter(|n| n.has_tag_name((W, "font")))
            .collect();
        let alt = |name: &str| {
            fonts
                .iter()
                .find(|f| f.attribute((W, "name")) == Some(name))
                .and_then(|f| f.children().find(|c| c.has_tag_name((W, "altName"))))
                .and_then(|a| a.attribute((W, "val")))
        };
        for role in Role::ALL {
            let f = layout.font(role);
            if f.pdf.last() == Some(&f.docx) {
                continue;
            }
            let want = f.pdf.last().unwrap();
            assert_eq!(alt(&f.docx), Some(want.as_str()), "{}", f.docx);
            assert!(alt(want).is_none(), "{want} has an entry of its own");
        }
        assert_eq!(alt("仿宋_GB2312"), Some("FandolFang R"));
    }

    const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
}
