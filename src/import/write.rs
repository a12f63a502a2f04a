//! An [`Outline`] as a report definition a person could have written.

use std::fmt::Write;

use super::{Outline, OutlineSection};

/// Writes `outline` as report-definition TOML, in the layout of `data/xinxiang-2015.toml`.
/// `note` becomes the opening comment (where the report came from).
pub fn to_toml(outline: &Outline, note: &str) -> String {
    let mut s = String::new();
    for line in note.lines() {
        let _ = writeln!(s, "# {line}");
    }
    if !note.is_empty() {
        s.push('\n');
    }
    s.push_str("[report]\n");
    match outline.title.as_slice() {
        [one] => {
            let _ = writeln!(s, "title = {}", basic(one));
        }
        lines => {
            let items: Vec<String> = lines.iter().map(|l| basic(l)).collect();
            let _ = writeln!(s, "title = [{}]", items.join(", "));
        }
    }
    let _ = writeln!(s, "office = {}", basic(&outline.office));
    if let Some((from, to)) = outline.period {
        let _ = writeln!(s, "period = {{ from = {}, to = {} }}", from.iso(), to.iso());
    }
    if let Some(date) = outline.date {
        let _ = writeln!(s, "date = {}", date.iso());
    }
    if outline.numbering.iter().any(Option::is_some) {
        s.push_str("\n[numbering]\n");
        for (i, n) in outline.numbering.iter().enumerate() {
            if let Some(n) = n {
                let _ = writeln!(s, "level{} = {}", i + 1, basic(n));
            }
        }
    }
    if !outline.opening.is_empty() {
        s.push_str("\n[opening]\n");
        text(&mut s, &outline.opening);
    }
    for section in &outline.sections {
        write_section(&mut s, section, "section");
    }
    if outline.signature.is_some() || !outline.closing_lines.is_empty() {
        s.push_str("\n[closing]\n");
        if let Some(sig) = &outline.signature {
            let _ = writeln!(s, "signature = {}", basic(sig));
        }
        if !outline.closing_lines.is_empty() {
            let items: Vec<String> = outline
                .closing_lines
                .iter()
                .map(|l| basic(&braces(l)))
                .collect();
            let _ = writeln!(s, "lines = [{}]", items.join(", "));
        }
    }
    s
}

fn write_section(s: &mut String, section: &OutlineSection, path: &str) {
    let _ = writeln!(s, "\n[[{path}]]");
    let _ = writeln!(s, "title = {}", basic(&braces(&section.title)));
    if section.run_in {
        s.push_str("run-in = true\n");
    }
    if !section.paragraphs.is_empty() {
        text(s, &section.paragraphs);
    }
    let sub = format!("{path}.section");
    for child in &section.sections {
        write_section(s, child, &sub);
    }
}

/// Paragraphs as a `text` key: a literal multi-line string, one paragraph a line, when the
/// text allows it; otherwise a basic string with escapes.
fn text(s: &mut String, paragraphs: &[String]) {
    let joined = paragraphs
        .iter()
        .map(|p| braces(p))
        .collect::<Vec<_>>()
        .join("\n");
    let literal_ok =
        !joined.contains("'''") && !joined.chars().any(|c| c.is_control() && c != '\n');
    if literal_ok {
        let _ = writeln!(s, "text = '''\n{joined}\n'''");
    } else {
        let _ = writeln!(s, "text = {}", basic(&joined));
    }
}

/// Report text with its braces doubled: a single brace would cite a figure ({group.name}).
fn braces(v: &str) -> String {
    v.replace('{', "{{").replace('}', "}}")
}

/// A TOML basic string holding `v` exactly.
pub fn basic(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceFile;

    #[test]
    fn an_outline_written_as_toml_builds_into_the_same_structure() {
        let outline = Outline {
            title: vec!["某市报告".into()],
            office: "某市\"办公室\"".into(),
            numbering: [None, None, Some("1、".into()), None],
            opening: vec!["开头。".into(), "第二段'''引号。".into()],
            sections: vec![OutlineSection {
                title: "总体情况".into(),
                sections: vec![OutlineSection {
                    title: "加强谋划。".into(),
                    run_in: true,
                    paragraphs: vec!["正文。".into()],
                    ..Default::default()
                }],
                ..Default::default()
            }],
            closing_lines: vec!["责任编辑：某某".into()],
            ..Default::default()
        };
        let toml = to_toml(&outline, "imported");
        let file = SourceFile::new(
            "t.toml".into(),
            std::path::Path::new("t.toml"),
            toml.clone(),
        );
        let p = crate::build::from_source(file, ".".into())
            .unwrap_or_else(|d| panic!("{}\n{toml}", crate::diag::render_plain(&d)));
        let heads: Vec<String> = p.doc.headings().map(|h| h.text()).collect();
        assert_eq!(heads, ["一、总体情况", "（一）加强谋划。"]);
        assert_eq!(p.doc.meta.author, "某市\"办公室\"");
        assert_eq!(p.layout.numbering[2].format(1), "1、");
    }
}
