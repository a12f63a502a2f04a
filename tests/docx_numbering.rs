//! Word's numbering, simulated: the numbers Word and LibreOffice show for gongwen's live list
//! equal the builder's numbers, paragraph by paragraph.

use gongwen::builder::Project;

use crate::common;
use std::collections::HashMap;

use crate::docx::{Package, attr, basic, num, paragraphs, path, render, style, val};

// ---------------------------------------------------------------------------------------------
// Word's list counting, simulated.

/// Chinese counting as Word's `chineseCounting` writes 1 to 99, independent of the crate's.
fn chinese(n: u32) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => D[n as usize].into(),
        10..=19 => format!("十{}", D[n as usize - 10]),
        20..=99 => format!("{}十{}", D[n as usize / 10], D[n as usize % 10]),
        _ => panic!("{n} is outside 1..99"),
    }
}

/// The numbers Word prints, paragraph by paragraph (numbered paragraphs only): numPr comes from
/// the paragraph or its style chain; a level counts up from `w:start` and restarts whenever a
/// higher level of the same list appears; `w:lvlText` is filled with the levels' formats.
fn live_numbers(pkg: &Package) -> Vec<String> {
    let styles = pkg.xml("word/styles.xml");
    let numbering = pkg.xml("word/numbering.xml");
    let root = numbering.root_element();
    let abstract_of: HashMap<&str, &str> = root
        .children()
        .filter(|n| n.tag_name().name() == "num")
        .map(|n| {
            (
                attr(n, "numId").unwrap(),
                val(n, &["abstractNumId"]).unwrap(),
            )
        })
        .collect();
    let level = |num_id: &str, ilvl: usize| -> (String, String, u32) {
        let abs = root
            .children()
            .find(|a| {
                a.tag_name().name() == "abstractNum"
                    && attr(*a, "abstractNumId") == Some(abstract_of[num_id])
            })
            .expect("the abstract numbering exists");
        let lvl = abs
            .children()
            .find(|l| l.tag_name().name() == "lvl" && attr(*l, "ilvl") == Some(&ilvl.to_string()))
            .unwrap_or_else(|| panic!("level {ilvl} exists"));
        (
            val(lvl, &["numFmt"]).unwrap().into(),
            val(lvl, &["lvlText"]).unwrap().into(),
            num(val(lvl, &["start"])) as u32,
        )
    };
    let style_num = |mut id: String| -> Option<(String, usize)> {
        loop {
            let s = style(&styles, &id);
            if let Some(n) = path(s, &["pPr", "numPr"]) {
                return Some((
                    val(n, &["numId"])?.into(),
                    num(val(n, &["ilvl"]).or(Some("0"))) as usize,
                ));
            }
            id = val(s, &["basedOn"])?.to_string();
        }
    };
    let mut counters: HashMap<String, [u32; 9]> = HashMap::new();
    let mut out = Vec::new();
    for p in &paragraphs(pkg) {
        let Some((num_id, ilvl)) = p.num.clone().or_else(|| style_num(p.style.clone())) else {
            continue;
        };
        if num_id == "0" {
            continue;
        }
        let c = counters.entry(num_id.clone()).or_insert([0; 9]);
        c[ilvl] = if c[ilvl] == 0 {
            level(&num_id, ilvl).2
        } else {
            c[ilvl] + 1
        };
        c[ilvl + 1..].iter_mut().for_each(|x| *x = 0);
        let (_, mut text, _) = level(&num_id, ilvl);
        for (k, &count) in c.iter().enumerate().take(ilvl + 1) {
            let (fmt, _, start) = level(&num_id, k);
            let n = if count == 0 { start } else { count };
            let shown = match fmt.as_str() {
                "chineseCounting" => chinese(n),
                "decimal" => n.to_string(),
                other => panic!("unexpected number format {other}"),
            };
            text = text.replace(&format!("%{}", k + 1), &shown);
        }
        out.push(text);
    }
    out
}

fn assert_live_numbers_agree(p: &Project) {
    let pkg = Package::read(&render(p));
    let live: Vec<String> = live_numbers(&pkg);
    let built: Vec<String> = p.doc.headings().map(|h| h.number.clone()).collect();
    assert!(!built.is_empty());
    assert_eq!(
        live, built,
        "Word's live numbering and the builder's numbers differ"
    );
}

#[test]
fn word_numbering_agrees_with_the_builder_numbers() {
    assert_live_numbers_agree(&basic());
    assert_live_numbers_agree(&common::project(&common::reference_toml()));
}

#[test]
fn twelve_sections_count_on_to_eleven_and_twelve() {
    let mut toml = String::from("[report]\ntitle = \"十二节\"\noffice = \"某办公室\"\n");
    for i in 1..=12 {
        toml += &format!("[[section]]\ntitle = \"第{i}节\"\n");
        for j in 1..=(i % 3 + 1) {
            toml += &format!(
                "[[section.section]]\ntitle = \"小节{j}\"\nrun-in = {}\ntext = \"正文。\"\n",
                j % 2 == 0
            );
        }
    }
    let p = common::project_from(&toml).unwrap();
    assert_live_numbers_agree(&p);
    let pkg = Package::read(&render(&p));
    let live: Vec<String> = live_numbers(&pkg);
    assert!(
        live.contains(&"十一、".to_string()) && live.contains(&"十二、".to_string()),
        "{live:?}"
    );
    assert_eq!(
        live.iter().filter(|n| *n == "（一）").count(),
        12,
        "（一） restarts under every level 1"
    );
}
