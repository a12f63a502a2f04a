//! `gongwen build --print`: PDF/X-4 (+ PDF/A-2b with --archive) read back with lopdf — a
//! TrimBox on every page, one output intent profile shared by GTS_PDFX and GTS_PDFA1,
//! `/Trapped /False`, one XMP naming PDF/X-4, no colour but DeviceGray in any content stream,
//! a yearbook padded to a multiple of 4 with its cover's spine as wide as its leaves, two builds
//! byte-identical; one-colour charts decided by the builder.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use lopdf::{Dictionary, Document as Pdf, Object, ObjectId};

use crate::common::*;

/// Builds `input` with `--print --archive` (bundled fonts) into a fresh folder `name`.
fn printed(input: &Path, name: &str, more: &[&str]) -> PathBuf {
    let out = std::env::temp_dir().join(format!("gongwen-print-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let mut args = vec![
        "build",
        input.to_str().unwrap(),
        "--print",
        "--no-system-fonts",
        "-q",
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(more);
    let o = gongwen(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

fn load(path: &Path) -> Pdf {
    Pdf::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn numbers(o: &Object) -> Vec<f64> {
    o.as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_float().unwrap() as f64)
        .collect()
}

fn deref<'a>(doc: &'a Pdf, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

/// The structure PDF/X-4 asks for, with PDF/A-2b when `archive`; returns the page sizes (the
/// TrimBoxes' width and height in mm).
fn assert_pdfx(doc: &Pdf, archive: bool) -> Vec<(f64, f64)> {
    assert_eq!(doc.version, "1.6", "PDF/X-4 is PDF 1.6");
    let mut sizes = Vec::new();
    for (n, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        let trim = numbers(
            page.get(b"TrimBox")
                .unwrap_or_else(|_| panic!("page {n} has no TrimBox")),
        );
        let media = numbers(page.get(b"MediaBox").unwrap());
        assert!(
            media[0] <= trim[0]
                && media[1] <= trim[1]
                && media[2] >= trim[2]
                && media[3] >= trim[3],
            "page {n}: the TrimBox {trim:?} is outside the MediaBox {media:?}"
        );
        if let Ok(bleed) = page.get(b"BleedBox") {
            assert_eq!(
                numbers(bleed),
                media,
                "page {n}: the BleedBox is the MediaBox"
            );
        }
        assert!(
            page.get(b"ArtBox").is_err(),
            "page {n}: TrimBox and ArtBox both"
        );
        let mm = |pt: f64| pt * 25.4 / 72.0;
        sizes.push((mm(trim[2] - trim[0]), mm(trim[3] - trim[1])));
    }
    let catalog = doc.catalog().unwrap();
    let intents: Vec<&Dictionary> = deref(doc, catalog.get(b"OutputIntents").unwrap())
        .as_array()
        .unwrap()
        .iter()
        .map(|i| deref(doc, i).as_dict().unwrap())
        .collect();
    let kinds: Vec<&[u8]> = intents
        .iter()
        .map(|i| i.get(b"S").unwrap().as_name().unwrap())
        .collect();
    let want: Vec<&[u8]> = if archive {
        vec![b"GTS_PDFX", b"GTS_PDFA1"]
    } else {
        vec![b"GTS_PDFX"]
    };
    assert_eq!(kinds, want, "the output intents");
    let profiles: BTreeSet<ObjectId> = intents
        .iter()
        .map(|i| i.get(b"DestOutputProfile").unwrap().as_reference().unwrap())
        .collect();
    assert_eq!(
        profiles.len(),
        1,
        "every intent's DestOutputProfile is one object (PDF/A 6.2.3)"
    );
    let profile = doc
        .get_object(*profiles.first().unwrap())
        .unwrap()
        .as_stream()
        .unwrap();
    assert_eq!(
        profile.dict.get(b"N").unwrap().as_i64().unwrap(),
        4,
        "a CMYK profile"
    );
    assert_eq!(
        &profile.decompressed_content().unwrap()[16..20],
        b"CMYK",
        "the profile's data colour space"
    );
    for i in &intents {
        assert_eq!(
            i.get(b"OutputConditionIdentifier")
                .unwrap()
                .as_str()
                .unwrap(),
            b"FOGRA39"
        );
    }
    let info = deref(doc, doc.trailer.get(b"Info").unwrap())
        .as_dict()
        .unwrap();
    assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");
    // One XMP: the catalog's, naming PDF/X-4 once (and its PDF/A extension schema).
    let xmps: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"Metadata".as_slice())
        })
        .map(|s| String::from_utf8(s.content.clone()).unwrap())
        .collect();
    assert_eq!(xmps.len(), 1, "one XMP packet");
    let xmp = &xmps[0];
    assert_eq!(
        xmp.matches(">PDF/X-4</pdfxid:GTS_PDFXVersion>").count(),
        1,
        "{xmp}"
    );
    assert_eq!(
        xmp.matches("<pdf:Trapped>False</pdf:Trapped>").count(),
        1,
        "{xmp}"
    );
    assert_eq!(
        xmp.matches("<pdfaSchema:prefix>pdfxid</pdfaSchema:prefix>")
            .count(),
        usize::from(archive),
        "{xmp}"
    );
    if archive {
        assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{xmp}");
    }
    roxmltree::Document::parse(xmp.trim_end_matches('\0')).expect("the XMP is well-formed");
    sizes
}

/// Every colour operator of every content stream (pages, forms, patterns) sets DeviceGray:
/// no `rg`/`RG`/`k`/`K`, and each `cs`/`CS` names DeviceGray or a resource that is DeviceGray.
fn assert_k_only(doc: &Pdf) {
    let mut streams: Vec<(Vec<u8>, Option<&Dictionary>)> = Vec::new();
    for (_, page) in doc.get_pages() {
        let content = doc.get_page_content(page).unwrap();
        let (direct, indirect) = doc.get_page_resources(page).unwrap();
        let res = direct.or_else(|| indirect.first().and_then(|id| doc.get_dictionary(*id).ok()));
        streams.push((content, res));
    }
    for o in doc.objects.values() {
        if let Ok(s) = o.as_stream()
            && (s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form".as_slice())
                || s.dict.get(b"PatternType").is_ok())
        {
            let res = s
                .dict
                .get(b"Resources")
                .ok()
                .and_then(|r| deref(doc, r).as_dict().ok());
            streams.push((
                s.decompressed_content()
                    .unwrap_or_else(|_| s.content.clone()),
                res,
            ));
        }
    }
    let mut colour_ops = 0;
    for (content, res) in &streams {
        let ops = lopdf::content::Content::decode(content).unwrap().operations;
        for op in ops {
            match op.operator.as_str() {
                "rg" | "RG" | "k" | "K" => panic!("a device colour operator `{}`", op.operator),
                "cs" | "CS" => {
                    colour_ops += 1;
                    let name = op.operands[0].as_name().unwrap();
                    let space = match name {
                        b"DeviceGray" => Object::Name(name.to_vec()),
                        _ => {
                            let spaces = res
                                .and_then(|r| r.get(b"ColorSpace").ok())
                                .map(|c| deref(doc, c).as_dict().unwrap())
                                .unwrap_or_else(|| {
                                    panic!("colour space {name:?} without resources")
                                });
                            deref(doc, spaces.get(name).unwrap()).clone()
                        }
                    };
                    assert_eq!(
                        space.as_name().ok(),
                        Some(b"DeviceGray".as_slice()),
                        "colour space {:?} is {space:?}",
                        String::from_utf8_lossy(name)
                    );
                }
                _ => {}
            }
        }
    }
    assert!(colour_ops > 0, "the text and rules set their colour");
}

#[test]
fn a_printed_yearbook_is_pdfx4_and_pdfa_padded_to_sheets_with_its_cover() {
    let book = root().join("data/yearbook.toml");
    let a = printed(&book, "book-a", &["--archive"]);
    let b = printed(&book, "book-b", &["--archive"]);
    for file in ["yearbook.pdf", "yearbook-cover.pdf", "yearbook.docx"] {
        assert!(
            std::fs::read(a.join(file)).unwrap() == std::fs::read(b.join(file)).unwrap(),
            "{file} differs between two builds"
        );
    }
    let pdf = load(&a.join("yearbook.pdf"));
    let sizes = assert_pdfx(&pdf, true);
    let pages = sizes.len();
    assert_eq!(pages % 4, 0, "{pages} pages: not whole sheets of 4");
    for (w, h) in &sizes {
        assert!(
            (w - 210.0).abs() < 0.01 && (h - 297.0).abs() < 0.01,
            "trim {w} × {h} mm"
        );
    }
    assert_k_only(&pdf);
    // The book as laid out, padded to whole sheets and no more; the padding is blank.
    let plain = tempfile::tempdir().unwrap();
    let o = gongwen(&[
        "build",
        book.to_str().unwrap(),
        "--pdf",
        "-q",
        "-o",
        plain.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let laid_out = load(&plain.path().join("yearbook.pdf")).get_pages().len();
    assert_eq!(pages, laid_out.div_ceil(4) * 4, "{laid_out} pages laid out");
    for (_, &id) in pdf.get_pages().iter().skip(laid_out) {
        assert!(
            pdf.get_page_content(id).unwrap().is_empty(),
            "a blank padding page"
        );
    }
    // The cover: back, spine, front; the spine is the leaves times 0.1 mm.
    let cover = load(&a.join("yearbook-cover.pdf"));
    let sizes = assert_pdfx(&cover, true);
    assert_eq!(sizes.len(), 1);
    let spine = pages as f64 / 2.0 * 0.1;
    assert!(
        (sizes[0].0 - (420.0 + spine)).abs() < 0.01 && (sizes[0].1 - 297.0).abs() < 0.01,
        "cover trim {:?} for a spine of {spine} mm",
        sizes[0]
    );
    let page = cover
        .get_dictionary(*cover.get_pages().values().next().unwrap())
        .unwrap();
    let media = numbers(page.get(b"MediaBox").unwrap());
    let bleed = 3.0 / 25.4 * 72.0;
    assert!(
        ((media[2] - media[0]) - ((420.0 + spine) / 25.4 * 72.0 + 2.0 * bleed)).abs() < 0.05,
        "the cover bleeds 3 mm on every side: {media:?}"
    );
    assert_k_only(&cover);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.join("yearbook.manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["standard"], "PDF/X-4 + PDF/A-2b");
    assert_eq!(
        manifest["outputs"].as_array().unwrap().len(),
        3,
        "book, DOCX, cover"
    );
}

#[test]
fn a_printed_report_has_grey_charts_and_no_padding() {
    let a = printed(&root().join("data/example-tables.toml"), "tables", &[]);
    let pdf = load(&a.join("example-tables.pdf"));
    assert_pdfx(&pdf, false);
    assert_k_only(&pdf);
    let plain = pdf_pages(&pdf_for(&root().join("data/example-tables.toml")));
    assert_eq!(
        pdf.get_pages().len(),
        plain,
        "a single report is not padded"
    );
}

/// The page count of a plain build's PDF.
fn pdf_pages(pdf: &[u8]) -> usize {
    Pdf::load_mem(pdf).unwrap().get_pages().len()
}

fn pdf_for(path: &Path) -> Vec<u8> {
    pdf(&project(path))
}

#[test]
fn one_colour_is_the_builders_decision() {
    use gongwen::doc::{Block, Colour};
    let charts = |p: &gongwen::builder::Project| -> Vec<Vec<Colour>> {
        p.doc
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Chart(c) => Some(c.colors.clone()),
                _ => None,
            })
            .collect()
    };
    let mut p = project(&root().join("data/example-tables.toml"));
    let before = charts(&p);
    assert!(!before.is_empty());
    assert!(before.iter().flatten().all(|c| matches!(c, Colour::Rgb(_))));
    gongwen::builder::in_one_colour(&mut p.doc, &p.layout);
    let grey = charts(&p);
    assert!(grey.iter().flatten().all(|c| matches!(c, Colour::Grey(_))));
    // Neighbours the layout keeps apart in lightness stay apart in grey.
    let levels: Vec<u8> = grey[0]
        .iter()
        .map(|c| match c {
            Colour::Grey(l) => *l,
            Colour::Rgb(_) => unreachable!(),
        })
        .collect();
    assert!(
        levels.windows(2).all(|w| w[0].abs_diff(w[1]) >= 10),
        "{levels:?}"
    );
    // The PDF (and the DOCX's pictures, drawn from the same source) draw them in grey.
    let source = typst_source(&p);
    assert!(
        source.contains("luma(") && !source.contains("fill: rgb("),
        "grey charts in Typst"
    );
}

#[test]
fn finishing_pads_and_bleeds_and_keeps_the_rest() {
    let plain = pdf_for(&root().join("data/example-tables.toml"));
    let press = gongwen::print::Press {
        bleed: gongwen::layout::Mm(3.0),
        blank_pages: 3,
        archive: false,
    };
    let done = gongwen::print::finish(&plain, &press).unwrap();
    let doc = Pdf::load_mem(&done.bytes).unwrap();
    assert_eq!(doc.get_pages().len(), pdf_pages(&plain) + 3);
    assert_eq!(done.pages, pdf_pages(&plain) + 3);
    let sizes = assert_pdfx(&doc, false);
    assert!(
        sizes
            .iter()
            .all(|(w, h)| (w - 210.0).abs() < 0.01 && (h - 297.0).abs() < 0.01)
    );
    for (_, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        let (trim, bleed) = (
            numbers(page.get(b"TrimBox").unwrap()),
            numbers(page.get(b"BleedBox").unwrap()),
        );
        let b = 3.0 / 25.4 * 72.0;
        assert!((trim[0] - bleed[0] - b).abs() < 0.01 && (bleed[3] - trim[3] - b).abs() < 0.01);
    }
    // The text is still there, word for word.
    assert_eq!(
        normalize(&pdf_text(&done.bytes)).replace(char::is_whitespace, ""),
        normalize(&pdf_text(&plain)).replace(char::is_whitespace, "")
    );
    assert_eq!(
        gongwen::print::finish(&plain, &press).unwrap().bytes,
        done.bytes,
        "finishing is reproducible"
    );
}

#[test]
fn a_layout_that_says_one_colour_greys_the_charts_of_every_output() {
    use gongwen::doc::{Block, Colour};
    let dir = std::env::temp_dir().join(format!("gongwen-print-{}-grey", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let layout = gongwen::layout::BUILTIN[0]
        .1
        .replace("one-colour = false", "one-colour = true");
    assert!(layout.contains("one-colour = true"));
    std::fs::write(dir.join("grey.layout.toml"), layout).unwrap();
    let report = std::fs::read_to_string(root().join("data/example-tables.toml"))
        .unwrap()
        .replace("layout = \"gbt9704\"", "layout = \"grey.layout.toml\"");
    std::fs::write(dir.join("report.toml"), report).unwrap();
    let p = project(&dir.join("report.toml"));
    assert!(p.layout.print.one_colour);
    let colours: Vec<&Colour> = p
        .doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Chart(c) => Some(&c.colors),
            _ => None,
        })
        .flatten()
        .collect();
    assert!(!colours.is_empty() && colours.iter().all(|c| matches!(c, Colour::Grey(_))));
    // The DOCX's pictures are drawn from the same document, by the same drawing.
    let mut doc = p.doc.clone();
    let plan = gongwen::typst::FontPlan::new(&p.layout, fonts()).unwrap();
    gongwen::typst::draw_pictures(&mut doc, &p.layout, &plan, fonts()).unwrap();
    let pictures: Vec<&[u8]> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Chart(c) => c.picture.as_ref().map(|p| p.png.as_slice()),
            _ => None,
        })
        .collect();
    assert_eq!(pictures.len(), 2, "both charts pictured");
    for png in pictures {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let channels = info.color_type.samples();
        let mut inked = 0;
        for px in buf[..info.buffer_size()].chunks(channels) {
            if channels >= 3 {
                assert!(px[0] == px[1] && px[1] == px[2], "a coloured pixel {px:?}");
            }
            inked += usize::from(px[0] < 200 && (channels < 4 || px[3] > 0));
        }
        assert!(inked > 1000, "the chart is drawn ({inked} dark pixels)");
    }
}

#[test]
fn a_yearbook_print_table_with_a_wrong_multiple_is_refused_by_name() {
    let dir = std::env::temp_dir().join(format!("gongwen-print-{}-pad6", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("samples")).unwrap();
    for f in [
        "xinxiang-2015.toml",
        "samples/shifan-jiaoyu-2015.toml",
        "samples/shifan-qu-2015.toml",
    ] {
        std::fs::copy(root().join("data").join(f), dir.join(f)).unwrap();
    }
    let book = std::fs::read_to_string(root().join("data/yearbook.toml")).unwrap()
        + "\n[print]\npad-to = 6\n";
    std::fs::write(dir.join("yearbook.toml"), book).unwrap();
    let o = gongwen(&[
        "build",
        dir.join("yearbook.toml").to_str().unwrap(),
        "--print",
        "--no-system-fonts",
        "-o",
        dir.join("out").to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("pad-to 6 is not 4, 8, 16 or 0") && err.contains("yearbook.toml"),
        "{err}"
    );
    assert!(!dir.join("out").exists(), "nothing written");
}

/// A small book is padded with blank, unnumbered pages to whole sheets of 4.
#[test]
fn a_short_printed_book_is_padded_with_blank_pages() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixture("yearbook-bad", "good.toml"),
        dir.path().join("good.toml"),
    )
    .unwrap();
    let book = dir.path().join("book.toml");
    std::fs::write(
        &book,
        "[yearbook]\ntitle = \"小册\"\noffice = \"某办公室\"\n\n[[part]]\ntitle = \"一\"\nreports = [\"good.toml\"]\n",
    )
    .unwrap();
    let count = |more: &[&str], out: &str| {
        let out = dir.path().join(out);
        let mut args = vec!["build", book.to_str().unwrap(), "--pdf", "-q", "-o"];
        args.push(out.to_str().unwrap());
        args.extend_from_slice(more);
        let o = gongwen(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        load(&out.join("book.pdf"))
    };
    let laid_out = count(&[], "plain").get_pages().len();
    let pdf = count(&["--print"], "print");
    let pages = pdf.get_pages();
    assert_ne!(laid_out % 4, 0, "the book needs padding ({laid_out} pages)");
    assert_eq!(pages.len(), laid_out.div_ceil(4) * 4);
    for (_, &id) in pages.iter().skip(laid_out) {
        assert!(
            pdf.get_page_content(id).unwrap().is_empty(),
            "a blank padding page"
        );
    }
}
