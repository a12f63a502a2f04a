//! The DOCX backend: page, styles, numbering, fonts, run-in headings, footer, core properties.
//!
//! Every test reads the produced file back (zip + roxmltree) and checks what Word and
//! LibreOffice would see; the numbering test simulates Word's list counting over the paragraphs
//! and compares it with the builder's numbers (`tests/libreoffice.rs` asks LibreOffice itself).

use gongwen::builder::Project;
use gongwen::doc::Block;
use gongwen::layout::Role;
use roxmltree::Node;

pub(crate) use crate::docx_read::*;

// ---------------------------------------------------------------------------------------------
// The tests.

#[test]
fn page_margins_and_line_grid_follow_the_layout() {
    let p = basic();
    let pkg = Package::read(&render(&p));
    let doc = pkg.xml("word/document.xml");
    let sect = path(doc.root_element(), &["body", "sectPr"]).expect("w:sectPr");
    let size = child(sect, "pgSz").unwrap();
    assert_eq!((num(attr(size, "w")), num(attr(size, "h"))), (11906, 16838));
    let mar = child(sect, "pgMar").unwrap();
    let m = |k| num(attr(mar, k));
    assert_eq!(
        (m("top"), m("left"), m("right"), m("bottom")),
        (2098, 1587, 1474, 1984)
    );

    let grid = child(sect, "docGrid").unwrap();
    assert_eq!(attr(grid, "type"), Some("lines"));
    let pitch = num(attr(grid, "linePitch"));
    let height = 16838 - 2098 - 1984;
    assert_eq!(pitch, 579);
    assert!(
        22 * pitch <= height && 23 * pitch > height,
        "22 lines of {pitch} twips fill {height}"
    );
    // The character pitch for Word's character grid, and the tracking that gives 28 a line.
    let width_pt = (11906 - 1587 - 1474) as f64 / 20.0;
    let grid_pitch = 16.0 + num(attr(grid, "charSpace")) as f64 / 4096.0;
    assert!(
        28.0 * grid_pitch <= width_pt && (grid_pitch - width_pt / 28.0).abs() < 0.01,
        "{grid_pitch}"
    );
    let styles = pkg.xml("word/styles.xml");
    let normal = style(&styles, "Normal");
    let advance = 16.0 + num(val(normal, &["rPr", "spacing"])) as f64 / 20.0;
    assert!(
        28.0 * advance <= width_pt && 29.0 * advance > width_pt,
        "28 characters of {advance} pt a line"
    );
    let spacing = path(normal, &["pPr", "spacing"]).unwrap();
    assert_eq!(
        (attr(spacing, "line"), attr(spacing, "lineRule")),
        (Some("579"), Some("exact"))
    );

    // The footer's line starts about 7 mm under the type area.
    let footer_line = num(attr(
        path(style(&styles, "Footer"), &["pPr", "spacing"]).unwrap(),
        "line",
    ));
    let top_of_number_mm = (m("footer") + footer_line) as f64 / 20.0 * 25.4 / 72.0;
    assert!(
        (35.0 - 7.0 - top_of_number_mm).abs() < 1.0,
        "number top {top_of_number_mm} mm from the bottom"
    );
}

#[test]
fn styles_carry_fonts_sizes_indents_and_outline_levels() {
    let p = basic();
    let pkg = Package::read(&render(&p));
    let styles = pkg.xml("word/styles.xml");
    let normal = style(&styles, "Normal");
    assert_eq!(attr(normal, "default"), Some("1"));
    assert_eq!(val(normal, &["pPr", "jc"]), Some("both"));
    let ind = path(normal, &["pPr", "ind"]).unwrap();
    assert_eq!(attr(ind, "firstLineChars"), Some("200"));
    assert!(
        (num(attr(ind, "firstLine")) - 632).abs() <= 8,
        "two characters"
    );
    let lang = path(
        styles.root_element(),
        &["docDefaults", "rPrDefault", "rPr", "lang"],
    )
    .expect("w:lang");
    assert_eq!(attr(lang, "eastAsia"), Some("zh-CN"));

    let fonts = |s: Node| {
        let f = path(s, &["rPr", "rFonts"]).expect("w:rFonts");
        (
            attr(f, "eastAsia").unwrap().to_string(),
            attr(f, "ascii").unwrap().to_string(),
            num(val(s, &["rPr", "sz"])),
        )
    };
    let want = |role: Role| {
        let f = p.layout.font(role);
        (
            f.docx.clone(),
            f.latin.clone(),
            f.size.pt().half_points() as i64,
        )
    };
    assert_eq!(fonts(normal), want(Role::Body));
    assert_eq!(fonts(normal).0, "仿宋_GB2312");
    let title = style(&styles, "Title");
    // The title face for every character, digits included, and never a faked bold.
    let t = p.layout.font(Role::Title);
    assert_eq!(
        fonts(title),
        (
            t.docx.clone(),
            t.docx.clone(),
            t.size.pt().half_points() as i64
        )
    );
    assert_eq!(val(title, &["pPr", "jc"]), Some("center"));
    assert!(path(title, &["rPr", "b"]).is_none());
    assert_eq!(
        attr(path(title, &["pPr", "ind"]).unwrap(), "firstLineChars"),
        Some("0")
    );

    for level in 1..=4u8 {
        let h = style(&styles, &format!("Heading{level}"));
        assert_eq!(val(h, &["name"]), Some(format!("heading {level}").as_str()));
        assert_eq!(num(val(h, &["pPr", "outlineLvl"])), level as i64 - 1);
        assert_eq!(fonts(h), want(Role::heading(level)));
        assert!(path(h, &["pPr", "keepNext"]).is_some());
        assert_eq!(
            attr(path(h, &["pPr", "ind"]).unwrap(), "firstLineChars"),
            Some("200")
        );
        let spacing = path(h, &["pPr", "spacing"]).unwrap();
        assert_eq!(
            (attr(spacing, "before"), attr(spacing, "after")),
            (Some("0"), Some("0"))
        );
        assert_eq!(num(val(h, &["pPr", "numPr", "ilvl"])), level as i64 - 1);
        assert_ne!(
            val(h, &["pPr", "numPr", "numId"]),
            Some("1"),
            "docx-rs's own list is not ours"
        );
        let c = style(&styles, &format!("Heading{level}Char"));
        assert_eq!(attr(c, "type"), Some("character"));
        assert_eq!(val(c, &["link"]), Some(format!("Heading{level}").as_str()));
        assert_eq!(fonts(c), want(Role::heading(level)));
    }
    let east: Vec<String> = ["Heading1", "Heading2"]
        .iter()
        .map(|s| fonts(style(&styles, s)).0)
        .collect();
    assert_eq!(east, ["黑体", "楷体_GB2312"]);
}

#[test]
fn one_multilevel_list_in_the_layouts_formats_is_linked_to_the_heading_styles() {
    let p = basic();
    let pkg = Package::read(&render(&p));
    let styles = pkg.xml("word/styles.xml");
    let num_id = val(style(&styles, "Heading1"), &["pPr", "numPr", "numId"])
        .unwrap()
        .to_string();
    let numbering = pkg.xml("word/numbering.xml");
    let root = numbering.root_element();
    let abs_id = root
        .children()
        .find(|n| n.tag_name().name() == "num" && attr(*n, "numId") == Some(&num_id))
        .and_then(|n| val(n, &["abstractNumId"]))
        .expect("the heading list exists");
    let abs = root
        .children()
        .find(|a| attr(*a, "abstractNumId") == Some(abs_id))
        .unwrap();
    assert_eq!(val(abs, &["multiLevelType"]), Some("multilevel"));
    let levels: Vec<_> = abs
        .children()
        .filter(|l| l.tag_name().name() == "lvl")
        .collect();
    assert_eq!(levels.len(), 4);
    for (i, lvl) in levels.iter().enumerate() {
        let f = &p.layout.numbering[i];
        assert_eq!(val(*lvl, &["numFmt"]), Some(f.word_format()), "level {i}");
        assert_eq!(
            val(*lvl, &["lvlText"]).map(str::to_string),
            Some(f.word_level_text(i)),
            "level {i}"
        );
        assert_eq!(
            val(*lvl, &["suff"]),
            Some("nothing"),
            "no tab after the number"
        );
        assert_eq!(
            val(*lvl, &["pStyle"]).map(str::to_string),
            Some(format!("Heading{}", i + 1))
        );
        assert_eq!(
            val(*lvl, &["lvlRestart"]),
            None,
            "levels restart under their parent"
        );
        let font = path(*lvl, &["rPr", "rFonts"]).unwrap();
        assert_eq!(
            attr(font, "eastAsia"),
            Some(p.layout.font(Role::heading(i as u8 + 1)).docx.as_str())
        );
    }
    let texts: Vec<_> = levels
        .iter()
        .map(|l| val(*l, &["lvlText"]).unwrap())
        .collect();
    // The fixture overrides level 3 with `1、`.
    assert_eq!(texts, ["%1、", "（%2）", "%3、", "（%4）"]);
    let formats: Vec<_> = levels
        .iter()
        .map(|l| val(*l, &["numFmt"]).unwrap())
        .collect();
    assert_eq!(
        formats,
        ["chineseCounting", "chineseCounting", "decimal", "decimal"]
    );
}

#[test]
fn headings_run_ins_and_paragraphs_are_built_as_word_expects() {
    let p = basic();
    let pkg = Package::read(&render(&p));
    let paras = paragraphs(&pkg);
    assert_eq!(paras[0].text(), p.doc.title.join("\n"));
    let (mut headings, mut run_ins) = (0, 0);
    for (block, ps) in by_block(&p.doc, &paras) {
        match block {
            Block::Heading(h) => {
                headings += 1;
                let para = &ps[0];
                assert_eq!(para.style, format!("Heading{}", h.level));
                assert_eq!(para.text(), h.title, "the words only: the number is live");
                assert!(!para.text().starts_with(&h.number));
                assert_eq!(para.num, None, "the style carries the numbering");
            }
            Block::Paragraph(b) => {
                let para = &ps[0];
                match &b.lead {
                    Some(h) => {
                        run_ins += 1;
                        assert_eq!(para.style, format!("RunInHeading{}", h.level));
                        let num_id = para.num.as_ref().expect("a run-in paragraph carries numPr");
                        assert_eq!(num_id.1, h.level as usize - 1);
                        assert_eq!(
                            para.runs[0],
                            (Some(format!("Heading{}Char", h.level)), h.title.clone())
                        );
                        assert!(para.runs[1..].iter().all(|r| r.0.is_none()));
                        assert_eq!(
                            para.text(),
                            format!("{}{}", h.title, b.text),
                            "one paragraph, no typed number"
                        );
                    }
                    None => {
                        assert_eq!(para.style, "Normal");
                        assert_eq!((para.num.clone(), para.text()), (None, b.text.clone()));
                    }
                }
            }
            Block::Signature(_) | Block::Table(_) | Block::Chart(_) => {}
        }
    }
    assert!(
        headings >= 4 && run_ins >= 5,
        "the fixture has both kinds ({headings}, {run_ins})"
    );

    // Run-in paragraphs use the heading list, look like body text, and have an outline level.
    let styles = pkg.xml("word/styles.xml");
    let heading_num = val(style(&styles, "Heading2"), &["pPr", "numPr", "numId"]).unwrap();
    assert!(
        paras
            .iter()
            .filter_map(|p| p.num.as_ref())
            .all(|n| n.0 == heading_num)
    );
    for level in 1..=4u8 {
        let s = style(&styles, &format!("RunInHeading{level}"));
        assert_eq!(val(s, &["basedOn"]), Some("Normal"));
        assert_eq!(num(val(s, &["pPr", "outlineLvl"])), level as i64 - 1);
        assert_eq!(val(s, &["pPr", "numPr", "numId"]), Some(heading_num));
        assert!(path(s, &["rPr"]).is_none(), "body text in look");
    }
}

#[test]
fn signature_lines_are_indented_by_character_pitches() {
    let p = basic();
    let pkg = Package::read(&render(&p));
    let paras = paragraphs(&pkg);
    let pitch_twips = (11906 - 1587 - 1474) as f64 / 28.0;
    let mut seen = false;
    for (block, ps) in by_block(&p.doc, &paras) {
        let Block::Signature(sig) = block else {
            continue;
        };
        seen = true;
        let (blank, lines) = ps.split_at(sig.blank_lines_before as usize);
        assert!(blank.iter().all(|b| b.text().is_empty()));
        for (line, para) in sig.lines.iter().zip(lines) {
            assert_eq!(para.text(), line.text);
            let left = para.ind["left"].parse::<f64>().unwrap();
            assert!(
                (left - line.indent as f64 * pitch_twips).abs() <= 1.0,
                "{left} for {}",
                line.indent
            );
            assert_eq!(
                (
                    para.ind["firstLine"].as_str(),
                    para.ind["firstLineChars"].as_str()
                ),
                ("0", "0")
            );
            assert_eq!(para.jc.as_deref(), Some("left"));
        }
        assert_eq!(lines[1].text(), "2016年3月31日");
        // The block stays together: every paragraph of it but the last keeps with the next.
        let keeps: Vec<bool> = ps.iter().map(|p| p.keep_next).collect();
        assert_eq!(
            keeps.iter().filter(|k| **k).count(),
            ps.len() - 1,
            "{keeps:?}"
        );
        assert!(!keeps[ps.len() - 1]);
    }
    assert!(seen);
    // And the paragraph before it keeps with it: never a signature alone on a page.
    let blocks = by_block(&p.doc, &paras);
    let at = blocks
        .iter()
        .position(|(b, _)| matches!(b, Block::Signature(_)))
        .unwrap();
    let (before, ps) = &blocks[at - 1];
    assert!(matches!(before, Block::Paragraph(_)));
    assert!(ps.iter().all(|p| p.keep_next));
}

#[test]
fn footers_print_the_page_field_on_alternating_sides() {
    let p = basic();
    let pkg = Package::read(&render(&p));
    let settings = pkg.xml("word/settings.xml");
    assert!(child(settings.root_element(), "evenAndOddHeaders").is_some());
    let doc = pkg.xml("word/document.xml");
    let rels = pkg.xml("word/_rels/document.xml.rels");
    let sect = path(doc.root_element(), &["body", "sectPr"]).unwrap();
    let inset = (p.layout.font(Role::PageNumber).size.pt().0 * 20.0) as i64
        * p.layout.page_number.inset as i64;
    let mut sides = Vec::new();
    for r in sect
        .children()
        .filter(|c| c.tag_name().name() == "footerReference")
    {
        let id = r
            .attribute((
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "id",
            ))
            .unwrap();
        let target = rels
            .root_element()
            .children()
            .find(|c| c.attribute("Id") == Some(id))
            .unwrap();
        let footer = pkg.xml(&format!("word/{}", target.attribute("Target").unwrap()));
        let para = para(child(footer.root_element(), "p").expect("a footer paragraph"));
        assert_eq!(para.style, "Footer");
        assert_eq!(
            para.text(),
            "— 1 —",
            "the format around the field's placeholder"
        );
        let instr: String = footer
            .descendants()
            .filter(|n| n.tag_name().name() == "instrText")
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(instr.trim(), "PAGE");
        let (side, key) = match para.jc.as_deref() {
            Some("right") => ("right", "right"),
            Some("left") => ("left", "left"),
            other => panic!("footer aligned {other:?}"),
        };
        assert_eq!(
            num(para.ind.get(key).map(String::as_str)),
            inset,
            "one character in"
        );
        sides.push((attr(r, "type").unwrap().to_string(), side));
    }
    sides.sort();
    assert_eq!(
        sides,
        [
            ("default".to_string(), "right"),
            ("even".to_string(), "left")
        ]
    );
    let styles = pkg.xml("word/styles.xml");
    let footer = style(&styles, "Footer");
    assert_eq!(
        attr(path(footer, &["rPr", "rFonts"]).unwrap(), "eastAsia"),
        Some("宋体")
    );
    assert_eq!(num(val(footer, &["rPr", "sz"])), 28);
}

#[test]
fn core_properties_come_from_the_metadata_and_never_the_clock() {
    let mut p = basic();
    let core = |p: &Project| {
        Package::read(&render(p))
            .part("docProps/core.xml")
            .to_string()
    };
    let c = core(&p);
    let x = roxmltree::Document::parse(&c).unwrap();
    let get = |name: &str| {
        x.descendants()
            .find(|n| n.tag_name().name() == name)
            .and_then(|n| n.text())
            .map(str::to_string)
    };
    assert_eq!(
        get("title").as_deref(),
        Some("某市2015年政府信息公开工作年度报告")
    );
    assert_eq!(get("creator").as_deref(), Some("某市人民政府办公室"));
    assert_eq!(get("language").as_deref(), Some("zh-CN"));
    assert_eq!(get("created").as_deref(), Some("2016-03-31T00:00:00Z"));
    assert_eq!(get("modified").as_deref(), Some("2016-03-31T00:00:00Z"));
    p.doc.meta.date = None;
    p.doc.meta.title = "A & B <C>".into();
    let c = core(&p);
    assert!(
        c.contains("2000-01-01T00:00:00Z") && c.contains("A &amp; B &lt;C&gt;"),
        "{c}"
    );
}

#[test]
fn output_is_byte_identical_across_renders_and_threads() {
    let p = basic();
    let a = render(&p);
    let b = render(&p);
    assert!(a == b, "two renders differ");
    let c = std::thread::scope(|s| s.spawn(|| render(&p)).join().unwrap());
    assert!(a == c, "a render on another thread differs");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&a)).unwrap();
    assert_eq!(zip.by_index(0).unwrap().name(), "[Content_Types].xml");
    for i in 0..zip.len() {
        let f = zip.by_index(i).unwrap();
        let t = f.last_modified().expect("a timestamp");
        assert_eq!(
            (t.year(), t.month(), t.day()),
            (2016, 3, 31),
            "{}",
            f.name()
        );
    }
}

#[test]
fn every_part_is_well_formed_and_awkward_text_survives() {
    let mut p = basic();
    let awkward = "制表\t符、]]>、\"引号\"、'单引号'、&amp;、😀、\u{3000}全角空格";
    if let Some(Block::Paragraph(para)) = p
        .doc
        .blocks
        .iter_mut()
        .find(|b| matches!(b, Block::Paragraph(_)))
    {
        para.text = awkward.into();
    }
    let pkg = Package::read(&render(&p));
    for name in &pkg.order {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            pkg.xml(name);
        }
    }
    let types = pkg.part("[Content_Types].xml");
    for part in [
        "/word/document.xml",
        "/word/styles.xml",
        "/word/numbering.xml",
        "/docProps/core.xml",
    ] {
        assert!(types.contains(part), "{part} has a content type");
    }
    assert!(
        paragraphs(&pkg).iter().any(|para| para.text() == awkward),
        "the text comes back unchanged"
    );
}
