//! The official PDF: page, metadata, bookmarks, embedded fonts, archive profile, reproducibility.

use lopdf::{Document as Pdf, Object};

use crate::common::*;
use gongwen::typst::PdfSettings;

fn reference_pdf() -> Vec<u8> {
    pdf(&project(&reference_toml()))
}

fn info_string(doc: &Pdf, key: &[u8]) -> String {
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .expect("an Info dictionary");
    let dict = doc.get_dictionary(info).unwrap();
    let bytes = dict
        .get(key)
        .and_then(Object::as_str)
        .unwrap_or_else(|_| panic!("no {}", String::from_utf8_lossy(key)));
    lopdf::decode_text_string(&Object::String(
        bytes.to_vec(),
        lopdf::StringFormat::Literal,
    ))
    .unwrap()
}

#[test]
fn pages_are_a4_and_metadata_comes_from_the_report() {
    let doc = Pdf::load_mem(&reference_pdf()).unwrap();
    for (_, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        let mb: Vec<f32> = page
            .get(b"MediaBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o.as_float().unwrap())
            .collect();
        assert!(
            (mb[2] - 595.28).abs() < 0.1 && (mb[3] - 841.89).abs() < 0.1,
            "A4: {mb:?}"
        );
    }
    assert_eq!(
        info_string(&doc, b"Title"),
        "新乡市2015年政府信息公开工作年度报告"
    );
    assert_eq!(info_string(&doc, b"Author"), "新乡市人民政府");
    // The date comes from the report (its period), never from the clock.
    assert!(info_string(&doc, b"CreationDate").starts_with("D:20151231"));
    let catalog = doc.catalog().unwrap();
    let lang = catalog.get(b"Lang").and_then(Object::as_str).unwrap();
    assert_eq!(lang, b"zh-CN");
}

#[test]
fn bookmarks_follow_the_headings_with_their_numbers() {
    let p = project(&reference_toml());
    let doc = Pdf::load_mem(&pdf(&p)).unwrap();
    let toc = doc.get_toc().expect("an outline");
    let got: Vec<(usize, String)> = toc.toc.iter().map(|t| (t.level, t.title.clone())).collect();
    let want: Vec<(usize, String)> = p
        .doc
        .headings()
        .map(|h| (h.level as usize, h.text()))
        .collect();
    assert_eq!(got, want);
}

/// A run-in heading whose short paragraph is the last before the signature (kept with it) keeps
/// its bookmark: its hidden heading stands in the kept block's flow, not inside its paragraph,
/// where Typst ignores it.
#[test]
fn a_run_in_heading_kept_with_the_signature_keeps_its_bookmark() {
    let p = project_from(
        "[report]\ntitle = \"某县2024年政府信息公开工作年度报告\"\noffice = \"某县人民政府办公室\"\n\n\
         [[section]]\ntitle = \"存在的问题和改进措施\"\n\n[[section.section]]\ntitle = \"存在的问题。\"\n\
         run-in = true\ntext = \"信息更新不够及时。\"\n\n[[section.section]]\ntitle = \"改进措施。\"\n\
         run-in = true\ntext = \"加强督促检查，提高公开质量。\"\n\n[closing]\nsignature = \"某县人民政府办公室\"\n",
    )
    .unwrap();
    let doc = Pdf::load_mem(&pdf(&p)).unwrap();
    let toc = doc.get_toc().expect("an outline");
    let got: Vec<String> = toc.toc.iter().map(|t| t.title.clone()).collect();
    assert_eq!(
        got,
        [
            "一、存在的问题和改进措施",
            "（一）存在的问题。",
            "（二）改进措施。"
        ]
    );
}

#[test]
fn every_font_is_embedded() {
    let doc = Pdf::load_mem(&reference_pdf()).unwrap();
    let mut descriptors = 0;
    for (_, obj) in doc.objects.iter() {
        if let Ok(d) = obj.as_dict()
            && d.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor")
        {
            descriptors += 1;
            assert!(
                d.has(b"FontFile") || d.has(b"FontFile2") || d.has(b"FontFile3"),
                "font {:?} is not embedded",
                d.get(b"FontName")
            );
        }
    }
    // Title (Song bold), body (Fang), level 1 (Hei), level 2 (Kai), page numbers (Song), and
    // TeX Gyre Termes for Latin and digits: regular (body, page numbers), bold (the title's year).
    assert_eq!(descriptors, 7);
}

#[test]
fn two_builds_are_byte_identical() {
    assert!(
        reference_pdf() == reference_pdf(),
        "the PDF depends on something besides its input"
    );
}

#[test]
fn the_archive_profiles_claim_their_standards() {
    use gongwen::typst::Profile;
    let p = project(&reference_toml());
    for (profile, part, ua) in [
        (Profile::PdfA2b, "2", false),
        (Profile::PdfA3b, "3", false),
        (Profile::PdfA2bUa1, "2", true),
    ] {
        let source = typst_source(&p);
        let settings = PdfSettings {
            profile,
            ident: "archive".into(),
        };
        let bytes = gongwen::typst::compile(
            source,
            "t.typ",
            &p.root,
            fonts(),
            p.doc.meta.date,
            &settings,
        )
        .unwrap_or_else(|d| panic!("{profile:?}: {}", gongwen::diag::render_plain(&d)))
        .bytes;
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            text.contains(&format!("<pdfaid:part>{part}</pdfaid:part>")),
            "{profile:?}"
        );
        assert!(
            text.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
            "{profile:?}"
        );
        assert_eq!(
            text.contains("<pdfuaid:part>1</pdfuaid:part>"),
            ua,
            "{profile:?}"
        );
        assert!(
            !text.contains("/Encrypt") && !text.contains("/JavaScript"),
            "no encryption, no scripts"
        );
    }
}
