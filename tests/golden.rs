//! Goldens: the emitted Typst exactly, and the text of the PDF. Re-bless with GONGWEN_BLESS=1.

use crate::common::*;

/// (case, report definition)
fn cases() -> Vec<(&'static str, std::path::PathBuf)> {
    vec![
        ("all-levels", fixture("all-levels", "report.toml")),
        ("xinxiang-2015", reference_toml()),
    ]
}

#[test]
fn emitted_typst_matches_the_golden() {
    for (case, path) in cases() {
        let p = project(&path);
        golden(case, "report.typ", &typst_source(&p));
    }
}

#[test]
fn pdf_text_matches_the_golden() {
    for (case, path) in cases() {
        let p = project(&path);
        let text = pdf_text(&pdf(&p));
        // One line per text line, trailing spaces trimmed: readable diffs.
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.is_empty())
            .collect();
        golden(case, "report.txt", &(lines.join("\n") + "\n"));
    }
}

/// An XML part as canonical, indented text: one element a line, attributes sorted, text
/// trimmed, and dates (core properties) left out, so that parsed XML is what is compared.
fn canonical_xml(xml: &str) -> String {
    fn walk(node: roxmltree::Node, depth: usize, out: &mut String) {
        let name = node.tag_name().name();
        if matches!(name, "created" | "modified") {
            return;
        }
        let mut attrs: Vec<String> = node
            .attributes()
            .map(|a| format!("{}={:?}", a.name(), a.value()))
            .collect();
        attrs.sort();
        out.push_str(&"  ".repeat(depth));
        out.push_str(name);
        for a in attrs {
            out.push(' ');
            out.push_str(&a);
        }
        out.push('\n');
        for child in node.children() {
            if child.is_element() {
                walk(child, depth + 1, out);
            } else if let Some(t) = child.text().map(str::trim).filter(|t| !t.is_empty()) {
                out.push_str(&"  ".repeat(depth + 1));
                out.push_str(&format!("{t:?}\n"));
            }
        }
    }
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    let mut out = String::new();
    walk(doc.root_element(), 0, &mut out);
    out
}

#[test]
fn docx_xml_matches_the_golden() {
    use std::io::Read;
    for (case, path) in cases() {
        let p = project(&path);
        let bytes = gongwen::docx::render(&p.doc, &p.layout).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let names: Vec<String> = zip.file_names().map(String::from).collect();
        let mut listing = String::new();
        for name in names {
            listing.push_str(&name);
            listing.push('\n');
            if !name.ends_with(".xml") && !name.ends_with(".rels") {
                continue;
            }
            let mut xml = String::new();
            zip.by_name(&name)
                .unwrap()
                .read_to_string(&mut xml)
                .unwrap();
            golden(
                case,
                &format!("docx/{}.txt", name.replace('/', "__")),
                &canonical_xml(&xml),
            );
        }
        golden(case, "docx/parts.txt", &listing);
    }
}
