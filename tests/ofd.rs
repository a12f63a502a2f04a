//! `build --ofd`: the OFD package's entries and their order, well-formed parts, the metadata,
//! embedded fonts that draw every character the pages show, the outline, the text word for
//! word, pictures and shapes, escaping, and the same bytes from two builds.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::common::{
    fixture, fonts, gongwen, normalize, reference_text, reference_toml, root, stderr,
};

/// The entries of a zip, in order.
fn entries(zip: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().to_string(), bytes)
        })
        .collect()
}

/// Builds `definition` with `--ofd` (and `more`) into a fresh folder; that folder.
fn build(definition: &Path, name: &str, more: &[&str]) -> PathBuf {
    let out = std::env::temp_dir().join(format!("gongwen-ofd-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let mut args = vec![
        "build",
        definition.to_str().unwrap(),
        "--ofd",
        "--no-system-fonts",
        "-q",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(more);
    let o = gongwen(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

fn xml(parts: &HashMap<String, Vec<u8>>, name: &str) -> String {
    String::from_utf8(
        parts
            .get(name)
            .unwrap_or_else(|| panic!("no {name}"))
            .clone(),
    )
    .unwrap()
}

/// Every TextCode's text, in order; checks on the way that each character is drawn by the
/// embedded font the object names (its cmap finds a glyph with an outline).
fn text_checking_fonts(parts: &HashMap<String, Vec<u8>>, pages: usize) -> String {
    let public = xml(parts, "Doc_0/PublicRes.xml");
    let public = roxmltree::Document::parse(&public).unwrap();
    let mut faces: HashMap<String, Vec<u8>> = HashMap::new();
    for font in public.descendants().filter(|n| n.has_tag_name("Font")) {
        let file = font
            .children()
            .find(|c| c.has_tag_name("FontFile"))
            .and_then(|c| c.text())
            .expect("every font is embedded");
        let bytes = parts
            .get(&format!("Doc_0/Res/{file}"))
            .unwrap_or_else(|| panic!("the font file {file} is in the package"))
            .clone();
        ttf_parser::Face::parse(&bytes, 0).expect("an embedded font parses");
        faces.insert(font.attribute("ID").unwrap().to_string(), bytes);
    }
    let mut text = String::new();
    for i in 0..pages {
        let page = xml(parts, &format!("Doc_0/Pages/Page_{i}/Content.xml"));
        let page = roxmltree::Document::parse(&page).unwrap();
        for obj in page.descendants().filter(|n| n.has_tag_name("TextObject")) {
            let face = &faces[obj.attribute("Font").unwrap()];
            let face = ttf_parser::Face::parse(face, 0).unwrap();
            let mut transformed = false;
            for code in obj.children() {
                if code.has_tag_name("CGTransform") {
                    transformed = true;
                    continue;
                }
                if !code.has_tag_name("TextCode") {
                    continue;
                }
                let t = code.text().unwrap_or_default();
                for c in t.chars().filter(|c| !c.is_whitespace() && !transformed) {
                    let g = face
                        .glyph_index(c)
                        .unwrap_or_else(|| panic!("{c:?} has no glyph"));
                    assert!(face.glyph_bounding_box(g).is_some(), "{c:?} draws nothing");
                }
                transformed = false;
                text.push_str(t);
            }
        }
        text.push('\n');
    }
    text
}

#[test]
fn the_reference_report_as_ofd() {
    let out = build(&reference_toml(), "reference", &["--archive"]);
    let ofd = std::fs::read(out.join("xinxiang-2015.ofd")).unwrap();
    let pdf = std::fs::read(out.join("xinxiang-2015.pdf")).unwrap();
    let pages = super::common::pages(&pdf).len();
    let list = entries(&ofd);
    let names: Vec<&str> = list.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names[..3],
        ["OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml"]
    );
    assert_eq!(
        names.iter().filter(|n| n.ends_with("/Content.xml")).count(),
        pages,
        "one Content.xml per page of the PDF"
    );
    let parts: HashMap<String, Vec<u8>> = list.into_iter().collect();
    for (name, bytes) in &parts {
        if name.ends_with(".xml") {
            let s = std::str::from_utf8(bytes).unwrap();
            roxmltree::Document::parse(s).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        assert!(!name.contains("..") && !name.starts_with('/'), "{name}");
    }

    // The metadata, as the PDF's XMP has it.
    let head = xml(&parts, "OFD.xml");
    let head = roxmltree::Document::parse(&head).unwrap();
    let root_el = head.root_element();
    assert_eq!(root_el.attribute("DocType"), Some("OFD-A"));
    let field = |name: &str| {
        head.descendants()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    assert_eq!(
        field("Title").as_deref(),
        Some("新乡市2015年政府信息公开工作年度报告")
    );
    assert_eq!(field("Author").as_deref(), Some("新乡市人民政府"));
    assert_eq!(field("CreationDate").as_deref(), Some("2015-12-31"));
    assert_eq!(field("DocRoot").as_deref(), Some("Doc_0/Document.xml"));
    assert_eq!(field("DocID").map(|s| s.len()), Some(32));

    // The outline: every heading of the PDF's bookmarks, nested, each going to a page.
    let doc = xml(&parts, "Doc_0/Document.xml");
    let doc = roxmltree::Document::parse(&doc).unwrap();
    let page_ids: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("Page"))
        .map(|n| n.attribute("ID").unwrap())
        .collect();
    assert_eq!(page_ids.len(), pages);
    let outline: Vec<roxmltree::Node> = doc
        .descendants()
        .filter(|n| n.has_tag_name("OutlineElem"))
        .collect();
    assert!(outline.len() > 20, "{} outline entries", outline.len());
    let titles: Vec<&str> = outline
        .iter()
        .map(|n| n.attribute("Title").unwrap())
        .collect();
    assert!(titles.contains(&"一、基本情况概述"), "{titles:?}");
    assert!(
        outline
            .iter()
            .any(|n| n.parent().is_some_and(|p| p.has_tag_name("OutlineElem"))),
        "the outline nests"
    );
    for d in doc.descendants().filter(|n| n.has_tag_name("Dest")) {
        assert!(page_ids.contains(&d.attribute("PageID").unwrap()));
    }
    let max: u32 = doc
        .descendants()
        .find(|n| n.has_tag_name("MaxUnitID"))
        .and_then(|n| n.text())
        .unwrap()
        .parse()
        .unwrap();
    assert!(page_ids.iter().all(|id| id.parse::<u32>().unwrap() <= max));

    // Every page is the PDF's A4 page.
    let boxes: Vec<String> = (0..pages)
        .map(|i| {
            let page = xml(&parts, &format!("Doc_0/Pages/Page_{i}/Content.xml"));
            let page = roxmltree::Document::parse(&page).unwrap();
            let b = page
                .descendants()
                .find(|n| n.has_tag_name("PhysicalBox"))
                .unwrap();
            b.text().unwrap().to_string()
        })
        .collect();
    assert!(boxes.iter().all(|b| b == "0 0 210 297"), "{boxes:?}");

    // Fonts embedded, drawing every character; the text word for word.
    let text = text_checking_fonts(&parts, pages);
    let want = normalize(&reference_text());
    assert!(
        normalize(&text).contains(&want),
        "the reference text stands whole in the OFD"
    );

    // The manifest lists the OFD with its hash and fonts.
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("xinxiang-2015.manifest.json")).unwrap())
            .unwrap();
    let entry = manifest["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["path"] == "xinxiang-2015.ofd")
        .expect("the manifest lists the OFD");
    assert_eq!(entry["sha256"], gongwen::manifest::sha256(&ofd));
    assert!(
        entry["fonts_embedded"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "FandolFang-Regular")
    );
}

#[test]
fn two_builds_give_the_same_ofd() {
    let a = build(&reference_toml(), "same-a", &["--pdf"]);
    let b = build(&reference_toml(), "same-b", &["--pdf"]);
    let a = std::fs::read(a.join("xinxiang-2015.ofd")).unwrap();
    assert!(
        a == std::fs::read(b.join("xinxiang-2015.ofd")).unwrap(),
        "the OFD differs between two builds"
    );
}

#[test]
fn a_yearbook_as_ofd_keeps_its_parts_in_the_outline() {
    let out = build(&root().join("data/yearbook.toml"), "book", &["--pdf"]);
    let ofd = std::fs::read(out.join("yearbook.ofd")).unwrap();
    let parts: HashMap<String, Vec<u8>> = entries(&ofd).into_iter().collect();
    let doc = xml(&parts, "Doc_0/Document.xml");
    let doc = roxmltree::Document::parse(&doc).unwrap();
    let top: Vec<&str> = doc
        .descendants()
        .find(|n| n.has_tag_name("Outlines"))
        .expect("an outline")
        .children()
        .filter_map(|n| n.attribute("Title"))
        .collect();
    assert!(top.iter().any(|t| t.contains("市级报告")), "{top:?}");
    assert!(top.iter().any(|t| t.contains("县区和部门报告")), "{top:?}");
    let pages = super::common::pages(&std::fs::read(out.join("yearbook.pdf")).unwrap()).len();
    // The reference report's pages after its first start with its running header.
    let header = "新乡市2015年政府信息公开工作年度报告";
    let text = normalize(&text_checking_fonts(&parts, pages)).replace(header, "");
    assert!(text.contains(&normalize(&reference_text()).replace(header, "")));
}

/// Raw Typst source laid out and written as OFD, with `root` as the world's folder.
fn ofd_of(source: &str, root: &Path) -> HashMap<String, Vec<u8>> {
    let settings = gongwen::typst::PdfSettings {
        profile: Default::default(),
        ident: "raw".into(),
    };
    let pdf = gongwen::typst::compile(source.into(), "raw.typ", root, fonts(), None, &settings)
        .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)));
    let ofd = gongwen::ofd::write_laid(&pdf.laid, "raw")
        .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)));
    entries(&ofd).into_iter().collect()
}

#[test]
fn text_and_metadata_are_escaped_shapes_and_pictures_drawn() {
    let dir = std::env::temp_dir().join(format!("gongwen-ofd-raw-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A 2×1 PNG: one black pixel, one white.
    let mut png = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut png, 2, 1);
        enc.set_color(png::ColorType::Grayscale);
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[0, 255]).unwrap();
    }
    std::fs::write(dir.join("dot.png"), &png).unwrap();
    let source = r#"#set document(title: "a<b>&\"c'", author: "某<办>")
#set text(font: "FandolFang R", fallback: false)
#heading[标题<&>]
a < b & c > d 公开
#text(font: "TeX Gyre Termes")[office]
#rotate(90deg)[竖排]
#line(length: 3cm, stroke: 0.5pt + red)
#rect(width: 1cm, height: 1cm, fill: blue)
#image("dot.png", width: 2cm)
#image("dot.png", width: 1cm)
"#;
    let parts = ofd_of(source, &dir);
    for (name, bytes) in &parts {
        if name.ends_with(".xml") {
            roxmltree::Document::parse(std::str::from_utf8(bytes).unwrap())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
    let head = xml(&parts, "OFD.xml");
    let head = roxmltree::Document::parse(&head).unwrap();
    let title = head
        .descendants()
        .find(|n| n.has_tag_name("Title"))
        .unwrap();
    assert_eq!(title.text(), Some("a<b>&\"c'"));
    let page = xml(&parts, "Doc_0/Pages/Page_0/Content.xml");
    let page = roxmltree::Document::parse(&page).unwrap();
    let text: String = page
        .descendants()
        .filter(|n| n.has_tag_name("TextCode"))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        text.contains("标题<&>") && text.contains("a < b & c > d") && text.contains("公开"),
        "{text}"
    );
    // Termes sets "ffi" as one ligature glyph: the text keeps its three letters, and a
    // CGTransform names the glyph.
    assert!(text.contains("office"), "{text}");
    let cg = page
        .descendants()
        .find(|n| n.has_tag_name("CGTransform"))
        .expect("a CGTransform for the ligature");
    assert_eq!(cg.attribute("CodeCount"), Some("3"));
    assert_eq!(cg.attribute("GlyphCount"), Some("1"));
    // A rotated run keeps its own coordinates, placed by a CTM.
    let turned = page
        .descendants()
        .find(|n| n.has_tag_name("TextObject") && n.attribute("CTM").is_some())
        .expect("the rotated run has a CTM");
    assert!(
        turned.attribute("CTM").unwrap().starts_with("0 1 -1 0 "),
        "{:?}",
        turned.attribute("CTM")
    );
    let colours: Vec<&str> = page
        .descendants()
        .filter(|n| n.has_tag_name("StrokeColor") || n.has_tag_name("FillColor"))
        .filter_map(|n| n.attribute("Value"))
        .collect();
    assert!(colours.contains(&"255 65 54"), "red rule: {colours:?}");
    assert!(colours.contains(&"0 116 217"), "blue rect: {colours:?}");
    let paths = page
        .descendants()
        .filter(|n| n.has_tag_name("PathObject"))
        .count();
    assert!(paths >= 2, "{paths} paths");
    // One picture file, shown twice.
    let images: Vec<roxmltree::Node> = page
        .descendants()
        .filter(|n| n.has_tag_name("ImageObject"))
        .collect();
    assert_eq!(images.len(), 2);
    let res = xml(&parts, "Doc_0/DocumentRes.xml");
    let res = roxmltree::Document::parse(&res).unwrap();
    let media: Vec<roxmltree::Node> = res
        .descendants()
        .filter(|n| n.has_tag_name("MultiMedia"))
        .collect();
    assert_eq!(media.len(), 1);
    assert_eq!(images[0].attribute("ResourceID"), media[0].attribute("ID"));
    let file = media[0]
        .children()
        .find(|c| c.has_tag_name("MediaFile"))
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(
        parts[&format!("Doc_0/Res/{file}")],
        png,
        "the picture as given"
    );
    assert!(
        images[0]
            .attribute("CTM")
            .unwrap()
            .starts_with("20 0 0 10 ")
    );
    let _ = fixture;
}
