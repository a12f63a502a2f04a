//! An imported [`Outline`] brought onto an existing report definition (`gongwen import --onto`).
//!
//! What an imported document can say — the title, the opening, the sections, the signature and
//! closing lines — replaces what the definition said; everything else (the rest of `[report]`:
//! office, period, date, layout, subject, keywords; `[numbering]`; the comments) is kept as it
//! was written. Parts whose content did not change keep their exact text, comments included,
//! so that the diff shows only what the editor changed.

mod figures;
mod form;
mod moved;
mod remarks;
mod sections;
mod tables;

use std::sync::Arc;

use toml_edit::{DocumentMut, Item, Table};

use crate::builder::Printer;
use crate::diag::{Diagnostic, SourceFile};
use crate::import::{Outline, to_toml};
use sections::{merge_key, merge_sections, merge_table};
use tables::{merge_tables, name_placed};

/// Brings `outline` onto the report definition `file`. Returns the new text and warnings
/// about what the outline says but the definition keeps (a changed date line).
pub fn onto(
    file: &Arc<SourceFile>,
    outline: &Outline,
) -> Result<(String, Vec<Diagnostic>), Diagnostic> {
    // The definition's text cites figures ({group.name}); the DOCX holds them printed.
    let printer = Printer::new(file);
    let mut printer = figures::Merge::new(&printer);
    let mut warnings = Vec::new();
    // Edited cells of the national form go into [form] first, in the text itself.
    let edited = form::edit(file, outline, &printer, &mut warnings)
        .map(|text| SourceFile::new(file.name.clone(), &file.path, text));
    let file = edited.as_ref().unwrap_or(file);
    let mut doc: DocumentMut = file.text.parse().map_err(|e: toml_edit::TomlError| {
        let d = Diagnostic::error(format!("{} is not valid TOML: {}", file.name, e.message()));
        match e.span() {
            Some(span) => d.at(file, span),
            None => d.in_file(file),
        }
    })?;
    printer.pool = moved::Pool::read(&doc, &printer);
    // The DOCX's tables and charts are the definition's, in the order the text places them.
    let (outline, matched) = &name_placed(&doc, outline, file, &mut warnings);
    let new: DocumentMut = to_toml(outline, "")
        .parse()
        .expect("the TOML writer writes valid TOML");

    let report = doc
        .get_mut("report")
        .and_then(Item::as_table_mut)
        .ok_or_else(|| {
            Diagnostic::error(format!("{} has no [report] table", file.name))
                .in_file(file)
                .hint("--onto names the report definition the DOCX was built from")
        })?;
    // A document with no title paragraph and no title property leaves the title as it was.
    if !outline.title.is_empty() {
        merge_key(report, &new["report"], "title", &printer);
    }
    let kept = report
        .get("date")
        .and_then(Item::as_datetime)
        .map(|d| d.to_string());
    let read = outline.date.map(|d| d.iso());
    if read.is_some() && read != kept {
        warnings.push(
            Diagnostic::warning(format!(
                "the date line reads {} but the report definition says {}; the definition's date is kept",
                outline.date.map(|d| d.chinese()).unwrap_or_default(),
                kept.as_deref().unwrap_or("none")
            ))
            .in_file(file)
            .hint("change date in [report] if the report's date changed"),
        );
    }

    // The body parts, in their usual order after [report] and [numbering].
    let old_opening = doc.remove("opening");
    let old_sections = doc.remove("section");
    let old_closing = doc.remove("closing");
    // The report's data (figures, checks, tables, charts, the form) stays after the body.
    // In the order the definition has them.
    let keys: Vec<String> = doc
        .iter()
        .map(|(k, _)| k.to_string())
        .filter(|k| ["figures", "check", "table", "chart", "form"].contains(&k.as_str()))
        .collect();
    let data: Vec<(String, Item)> = keys
        .into_iter()
        .filter_map(|k| doc.remove(&k).map(|item| (k, item)))
        .collect();
    if let Some(opening) = merge_table(old_opening, new.get("opening"), &["text"], &printer) {
        doc.insert("opening", opening);
    }
    let sections = merge_sections(
        old_sections.as_ref().and_then(Item::as_array_of_tables),
        new.get("section").and_then(Item::as_array_of_tables),
        &printer,
    );
    if !sections.is_empty() {
        doc.insert("section", Item::ArrayOfTables(sections));
    }
    if let Some(closing) = merge_table(
        old_closing,
        new.get("closing"),
        &["signature", "lines"],
        &printer,
    ) {
        doc.insert("closing", closing);
    }
    for (key, mut item) in data {
        if key == "table"
            && let Some(tables) = item.as_table_mut()
        {
            merge_tables(
                tables,
                new.get("table"),
                matched,
                &printer,
                file,
                &mut warnings,
            );
        }
        doc.insert(&key, item);
    }
    if !doc.contains_key("table")
        && let Some(Item::Table(fresh)) = new.get("table")
    {
        let mut tables = Table::new();
        tables.set_implicit(true);
        merge_tables(
            &mut tables,
            Some(&Item::Table(fresh.clone())),
            matched,
            &printer,
            file,
            &mut warnings,
        );
        if !tables.is_empty() {
            doc.insert("table", Item::Table(tables));
        }
    }
    figures::apply(&mut doc, &printer.edits(), file, &mut warnings);
    remarks::keep(&mut doc, outline, &printer);
    warnings.extend(printer.pool.notes(file));
    renumber(&mut doc);
    Ok((doc.to_string(), warnings))
}
/// Gives every table its place in document order, so that tables taken from the generated
/// text print where they now belong rather than where they stood in that text.
fn renumber(doc: &mut DocumentMut) {
    fn visit(table: &mut Table, next: &mut usize) {
        if !table.is_dotted() {
            table.set_position(Some(*next as isize));
            *next += 1;
        }
        for (_, item) in table.iter_mut() {
            match item {
                Item::Table(t) => visit(t, next),
                Item::ArrayOfTables(a) => {
                    for t in a.iter_mut() {
                        visit(t, next);
                    }
                }
                _ => {}
            }
        }
    }
    let mut next = 0;
    visit(doc.as_table_mut(), &mut next);
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::OutlineSection;

    const OLD: &str = r#"# the report
[report]
title = "某市报告"   # the title
office = "某市人民政府"
date = 2016-03-31
layout = "gbt9704"

[numbering]
level3 = "1、"   # kept

[opening]
text = "开头。"

[[section]]
title = "总体情况"
# a comment on the text
text = '''
第一段。
第二段。
'''

[[section]]
title = "存在的问题"
text = "问题。"

[closing]
lines = ["责任编辑：某某"]
"#;

    fn outline() -> Outline {
        Outline {
            title: vec!["某市报告".into()],
            office: "另一个".into(),
            opening: vec!["开头。".into()],
            sections: vec![
                OutlineSection {
                    title: "总体情况".into(),
                    paragraphs: vec!["第一段。".into(), "第二段。".into()],
                    ..Default::default()
                },
                OutlineSection {
                    title: "新增".into(),
                    paragraphs: vec!["新的段落。".into()],
                    ..Default::default()
                },
                OutlineSection {
                    title: "存在的问题".into(),
                    paragraphs: vec!["问题已改。".into()],
                    ..Default::default()
                },
            ],
            closing_lines: vec!["责任编辑：某某".into()],
            ..Default::default()
        }
    }

    #[test]
    fn onto_keeps_what_the_outline_cannot_say_and_changes_only_what_changed() {
        let file = SourceFile::new("r.toml".into(), std::path::Path::new("r.toml"), OLD.into());
        let (new, warnings) = onto(&file, &outline()).unwrap();
        assert!(warnings.is_empty());
        let d = crate::import::diff::lines(OLD, &new);
        // Only the inserted section and the changed text differ; comments, [numbering] and the
        // rest of [report] are as written.
        assert!(new.contains("title = \"某市报告\"   # the title"), "{new}");
        assert!(new.contains("level3 = \"1、\"   # kept"), "{new}");
        assert!(new.contains("# a comment on the text"), "{new}");
        assert!(new.contains("office = \"某市人民政府\""), "{new}");
        assert!(new.contains("date = 2016-03-31"), "{new}");
        let added: Vec<&str> = d.lines().filter(|l| l.starts_with("+ ")).collect();
        let removed: Vec<&str> = d.lines().filter(|l| l.starts_with("- ")).collect();
        assert_eq!(removed, ["- text = \"问题。\""], "{d}");
        assert!(added.contains(&"+ title = \"新增\""), "{d}");
        assert!(added.iter().any(|l| l.contains("问题已改。")), "{d}");
        let p = crate::builder::from_source(
            SourceFile::new("r.toml".into(), std::path::Path::new("r.toml"), new.clone()),
            ".".into(),
        )
        .unwrap_or_else(|e| panic!("{}\n{new}", crate::diag::render_plain(&e)));
        let heads: Vec<String> = p.doc.headings().map(|h| h.text()).collect();
        assert_eq!(heads, ["一、总体情况", "二、新增", "三、存在的问题"]);
    }

    #[test]
    fn a_changed_date_line_is_reported_and_the_definition_kept() {
        let file = SourceFile::new("r.toml".into(), std::path::Path::new("r.toml"), OLD.into());
        let mut o = outline();
        o.date = Some(crate::doc::Date {
            year: 2016,
            month: 4,
            day: 1,
        });
        let (new, warnings) = onto(&file, &o).unwrap();
        assert!(new.contains("date = 2016-03-31"));
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].message.contains("2016年4月1日"),
            "{}",
            warnings[0].message
        );
    }
}
