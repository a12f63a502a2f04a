//! The DOCX as Word and WPS show Chinese text: title styles never bold, no automatic space
//! between hanzi and Latin or digits, ambiguous-width marks East-Asian-hinted, the East Asian
//! line settings written, table rows that never split and a schema-valid table grid, run-in
//! heading styles on the heading list.

use roxmltree::Node;

use crate::common::*;
use crate::docx_import_common::example_tables;
use crate::docx_read::*;

/// The marks whose runs must be East-Asian-hinted.
const AMBIGUOUS: &[char] = &['“', '”', '‘', '’', '—', '…', '·'];

fn reference() -> gongwen::builder::Project {
    project(&reference_toml())
}

/// Every element `w:name` of a part, in document order.
fn all<'a, 'i>(doc: &'a roxmltree::Document<'i>, name: &str) -> Vec<Node<'a, 'i>> {
    doc.descendants()
        .filter(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(W))
        .collect()
}

/// Every element `w:name` under a node, in document order.
fn all_in<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Vec<Node<'a, 'i>> {
    node.descendants()
        .filter(|n| n.tag_name().name() == name && n.tag_name().namespace() == Some(W))
        .collect()
}

/// The text of a run's `w:t` children.
fn run_text(r: Node) -> String {
    r.children()
        .filter(|t| t.tag_name().name() == "t")
        .filter_map(|t| t.text())
        .collect()
}

#[test]
fn no_title_style_is_bold_and_its_digits_are_in_the_title_face() {
    let p = reference();
    let pkg = Package::read(&render(&p));
    let styles = pkg.xml("word/styles.xml");
    let face = &p.layout.font(gongwen::layout::Role::Title).docx;
    assert_eq!(face, "方正小标宋简体");
    let mut title_styles = 0;
    for s in all(&styles, "style") {
        let Some(fonts) = path(s, &["rPr", "rFonts"]) else {
            continue;
        };
        if attr(fonts, "eastAsia") == Some(face.as_str()) {
            title_styles += 1;
            let id = attr(s, "styleId").unwrap();
            assert!(path(s, &["rPr", "b"]).is_none(), "{id} is bold");
            assert!(path(s, &["rPr", "bCs"]).is_none(), "{id} is bold");
            for k in ["ascii", "hAnsi"] {
                assert_eq!(attr(fonts, k), Some(face.as_str()), "{id} {k}");
            }
        }
    }
    assert!(title_styles >= 1, "the Title style is in 小标宋");
    // And no paragraph or run makes the title bold directly.
    let doc = pkg.xml("word/document.xml");
    assert!(all(&doc, "b").is_empty(), "no direct bold in the report");
}

#[test]
fn no_automatic_space_between_hanzi_and_latin_and_the_east_asian_line_settings() {
    let pkg = Package::read(&render(&reference()));
    let styles = pkg.xml("word/styles.xml");
    let ppr = path(styles.root_element(), &["docDefaults", "pPrDefault", "pPr"])
        .expect("document default paragraph properties");
    assert_eq!(val(ppr, &["autoSpaceDE"]), Some("0"));
    assert_eq!(val(ppr, &["autoSpaceDN"]), Some("0"));
    assert_eq!(val(ppr, &["kinsoku"]), Some("1"));
    assert_eq!(val(ppr, &["topLinePunct"]), Some("0"));
    // No style turns the spaces back on.
    for name in ["autoSpaceDE", "autoSpaceDN"] {
        assert!(
            all(&styles, name)
                .iter()
                .all(|n| attr(*n, "val") == Some("0")),
            "{name} on somewhere"
        );
    }
    // Body text may hang a closing mark in Word (which LibreOffice reads as the opposite); the
    // headings inherit no setting, so that both hang a heading's final 。.
    assert_eq!(
        val(style(&styles, "Normal"), &["pPr", "overflowPunct"]),
        Some("1")
    );
    for level in 1..=4 {
        let h = style(&styles, &format!("Heading{level}"));
        assert!(child(h, "basedOn").is_none());
        assert!(path(h, &["pPr", "overflowPunct"]).is_none());
        assert_eq!(
            val(h, &["rPr", "spacing"]),
            val(style(&styles, "Normal"), &["rPr", "spacing"])
        );
    }

    let settings = pkg.xml("word/settings.xml");
    let root = settings.root_element();
    assert_eq!(
        val(root, &["characterSpacingControl"]),
        Some("doNotCompress")
    );
    assert!(
        path(root, &["compat", "characterSpacingControl"]).is_none(),
        "not inside w:compat, where the schema has no place for it"
    );
    let before = child(root, "noLineBreaksBefore").expect("line-start list");
    assert_eq!(attr(before, "lang"), Some("zh-CN"));
    let list = attr(before, "val").unwrap();
    for c in ['—', '…', '。', '，', '、', '）', '”'] {
        assert!(list.contains(c), "{c} may start a line");
    }
    let after = attr(child(root, "noLineBreaksAfter").unwrap(), "val").unwrap();
    for c in ['（', '“', '《'] {
        assert!(after.contains(c), "{c} may end a line");
    }
}

#[test]
fn every_run_with_an_ambiguous_mark_is_hinted_east_asian() {
    // The reference report's quotes and dashes (13 runs) and the footers' — N —; the table
    // example has the footers' at least.
    for (p, least) in [(reference(), 13 + 4), (example_tables(), 4)] {
        let pkg = Package::read(&render(&p));
        let mut hinted = 0;
        for name in pkg
            .order
            .iter()
            .filter(|n| n.starts_with("word/") && n.ends_with(".xml") && !n.contains("_rels"))
        {
            let doc = pkg.xml(name);
            for r in all(&doc, "r") {
                if run_text(r).contains(AMBIGUOUS) {
                    assert_eq!(
                        path(r, &["rPr", "rFonts"]).and_then(|f| attr(f, "hint")),
                        Some("eastAsia"),
                        "{name}: run {:?}",
                        run_text(r)
                    );
                    hinted += 1;
                }
            }
        }
        assert!(hinted >= least, "{hinted} hinted runs");
    }
    // A run without those marks is left alone.
    let pkg = Package::read(&render(&reference()));
    let doc = pkg.xml("word/document.xml");
    let plain = all(&doc, "r")
        .into_iter()
        .find(|r| !run_text(*r).is_empty() && !run_text(*r).contains(AMBIGUOUS))
        .unwrap();
    assert!(path(plain, &["rPr", "rFonts"]).is_none());
}

#[test]
fn every_table_row_is_cant_split_and_grid_columns_have_widths_only() {
    let mut fixture = project(&fixture("tables", "report.toml"));
    let plan = gongwen::typst::FontPlan::new(&fixture.layout, fonts()).unwrap();
    gongwen::typst::draw_pictures(&mut fixture.doc, &fixture.layout, &plan, fonts()).unwrap();
    for p in [example_tables(), fixture] {
        let pkg = Package::read(&render(&p));
        let doc = pkg.xml("word/document.xml");
        let rows = all(&doc, "tr");
        assert!(rows.len() >= 10, "{} rows", rows.len());
        for (i, tr) in rows.iter().enumerate() {
            assert!(
                path(*tr, &["trPr", "cantSplit"]).is_some(),
                "row {i} may split"
            );
        }
        let cols = all(&doc, "gridCol");
        assert!(!cols.is_empty());
        for c in cols {
            let names: Vec<&str> = c.attributes().map(|a| a.name()).collect();
            assert_eq!(names, ["w"], "w:gridCol has w:w only");
        }
    }
}

#[test]
fn run_in_heading_styles_number_on_the_heading_list() {
    let pkg = Package::read(&render(&basic()));
    let styles = pkg.xml("word/styles.xml");
    let list = val(style(&styles, "Heading1"), &["pPr", "numPr", "numId"]).unwrap();
    for level in 1..=4i64 {
        let s = style(&styles, &format!("RunInHeading{level}"));
        assert_eq!(
            val(s, &["pPr", "numPr", "numId"]),
            Some(list),
            "level {level}"
        );
        assert_eq!(num(val(s, &["pPr", "numPr", "ilvl"])), level - 1);
        assert_eq!(num(val(s, &["pPr", "outlineLvl"])), level - 1);
    }
    // The list's numbers are tracked as the text is, so a 28-cell heading stays one line.
    let numbering = pkg.xml("word/numbering.xml");
    let tracking = val(style(&styles, "Normal"), &["rPr", "spacing"]).unwrap();
    let ours: Vec<_> = all(&numbering, "lvl")
        .into_iter()
        .filter(|l| val(*l, &["pStyle"]).is_some())
        .collect();
    assert_eq!(ours.len(), 4);
    for l in ours {
        assert_eq!(val(l, &["rPr", "spacing"]), Some(tracking));
    }
}

#[test]
fn rows_the_builder_keeps_together_keep_with_next_in_the_docx() {
    let p = example_tables();
    let kept: Vec<bool> = p
        .doc
        .tables()
        .flat_map(|t| {
            t.header
                .iter()
                .map(|_| false)
                .chain(t.body.iter().map(|r| r.keep || r.heading))
        })
        .collect();
    assert!(kept.iter().any(|k| *k) && kept.iter().any(|k| !*k));
    let pkg = Package::read(&render(&p));
    let doc = pkg.xml("word/document.xml");
    let rows = all(&doc, "tr");
    assert_eq!(rows.len(), kept.len());
    for (i, (tr, keep)) in rows.iter().zip(&kept).enumerate() {
        let text: String = all_in(*tr, "t").iter().filter_map(|t| t.text()).collect();
        for p in all_in(*tr, "p") {
            assert_eq!(
                path(p, &["pPr", "keepNext"]).is_some(),
                *keep,
                "row {i} ({text}): keep with next"
            );
        }
    }
}
