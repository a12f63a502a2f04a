//! An imported [`Outline`] brought onto an existing report definition (`gongwen import --onto`).
//!
//! What an imported document can say — the title, the opening, the sections, the signature and
//! closing lines — replaces what the definition said; everything else (the rest of `[report]`:
//! office, period, date, layout, subject, keywords; `[numbering]`; the comments) is kept as it
//! was written. Parts whose content did not change keep their exact text, comments included,
//! so that the diff shows only what the editor changed.

use std::sync::Arc;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::{Outline, to_toml};
use crate::build::Printer;
use crate::diag::{Diagnostic, SourceFile};

/// The keys of a section that an outline gives.
const SECTION_KEYS: &[&str] = &["title", "run-in", "text"];

/// Brings `outline` onto the report definition `file`. Returns the new text and warnings
/// about what the outline says but the definition keeps (a changed date line).
pub fn onto(
    file: &Arc<SourceFile>,
    outline: &Outline,
) -> Result<(String, Vec<Diagnostic>), Diagnostic> {
    let mut doc: DocumentMut = file.text.parse().map_err(|e: toml_edit::TomlError| {
        let d = Diagnostic::error(format!("{} is not valid TOML: {}", file.name, e.message()));
        match e.span() {
            Some(span) => d.at(file, span),
            None => d.in_file(file),
        }
    })?;
    let new: DocumentMut = to_toml(outline, "")
        .parse()
        .expect("the TOML writer writes valid TOML");
    let mut warnings = Vec::new();
    // The definition's text cites figures ({group.name}); the DOCX holds them printed.
    let printer = Printer::new(file);

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
    let data: Vec<(&str, Item)> = ["figures", "check", "table", "chart", "form"]
        .into_iter()
        .filter_map(|k| doc.remove(k).map(|item| (k, item)))
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
    for (key, item) in data {
        doc.insert(key, item);
    }
    renumber(&mut doc);
    Ok((doc.to_string(), warnings))
}

/// Sets `table[key]` to `new[key]` unless the two say the same; keeps the old value's spacing
/// and comment when it is replaced, and removes the key when `new` has none.
fn merge_key(table: &mut Table, new: &Item, key: &str, printer: &Printer) {
    let new_item = new.get(key);
    if same(table.get(key), new_item, key, printer) {
        return;
    }
    let Some(new_item) = new_item.and_then(Item::as_value) else {
        table.remove(key);
        return;
    };
    let mut value = new_item.clone();
    if key == "text"
        && let Some(merged) = merge_text(table.get(key), &value, printer)
    {
        value = merged;
    }
    if let Some(old) = table.get(key).and_then(Item::as_value) {
        *value.decor_mut() = old.decor().clone();
    }
    table.insert(key, Item::Value(value));
}

/// The new text written with the old text's citations ({group.name}) where the editor left
/// them alone: a paragraph printed as before keeps its old words, a changed one keeps the
/// citations outside the change (see [`recite`]); the rest is the DOCX's text.
fn merge_text(
    old: Option<&Item>,
    new: &toml_edit::Value,
    printer: &Printer,
) -> Option<toml_edit::Value> {
    let old_raw = paragraphs(old);
    if old_raw.iter().all(|p| !p.contains(['{', '}'])) {
        return None;
    }
    let old_printed: Vec<String> = old_raw.iter().map(|p| printer.print(p)).collect();
    let mut used = vec![false; old_raw.len()];
    let mut out = Vec::new();
    for line in new
        .as_str()?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let printed = line.replace("{{", "{").replace("}}", "}");
        if let Some(i) = (0..old_raw.len()).find(|&i| !used[i] && old_printed[i] == printed) {
            used[i] = true;
            out.push(old_raw[i].clone());
            continue;
        }
        let kept = |i: usize| common(&old_printed[i], &printed);
        let best = (0..old_raw.len())
            .filter(|&i| !used[i])
            .max_by_key(|&i| kept(i));
        match best {
            Some(i) if kept(i) * 2 >= printed.len() => {
                used[i] = true;
                out.push(recite(&old_raw[i], &printed, printer));
            }
            _ => out.push(line.to_string()),
        }
    }
    let joined = out.join("\n");
    let repr = if joined.contains("'''") || joined.chars().any(|c| c.is_control() && c != '\n') {
        super::write::basic(&joined)
    } else {
        format!("'''\n{joined}\n'''")
    };
    repr.parse().ok()
}

/// Bytes two texts share at their start and their end.
fn common(a: &str, b: &str) -> usize {
    let p: usize = a
        .chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let q: usize = a[p..]
        .chars()
        .rev()
        .zip(b[p..].chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    p + q
}

/// `printed`, a changed paragraph, written with the citations of `old` (its definition's text)
/// that stand outside the change: the common start and end of the old and new printed texts
/// keep their old writing; the changed middle is the new text, a literal brace doubled.
fn recite(old: &str, printed: &str, printer: &Printer) -> String {
    let pieces = printer.pieces(old);
    let before: String = pieces.iter().map(|p| p.0.as_str()).collect();
    let mut p: usize = before
        .chars()
        .zip(printed.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let q: usize = before[p..]
        .chars()
        .rev()
        .zip(printed[p..].chars().rev())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x.len_utf8())
        .sum();
    let mut t = before.len() - q;
    // The kept start and end may not cut a citation in two.
    let mut at = 0;
    for (text, cite) in &pieces {
        let end = at + text.len();
        if cite.is_some() {
            if at < p && p < end {
                p = at;
            }
            if at < t && t < end {
                t = end;
            }
        }
        at = end;
    }
    let escape = |s: &str| s.replace('{', "{{").replace('}', "}}");
    let written = |from: usize, to: usize| {
        let mut out = String::new();
        let mut at = 0;
        for (text, cite) in &pieces {
            let end = at + text.len();
            let (a, b) = (at.max(from), end.min(to));
            if a < b {
                match cite {
                    Some(c) => out.push_str(c),
                    None => out.push_str(&escape(&text[a - at..b - at])),
                }
            }
            at = end;
        }
        out
    };
    let middle = &printed[p..printed.len() - (before.len() - t)];
    format!(
        "{}{}{}",
        written(0, p),
        escape(middle),
        written(t, before.len())
    )
}

/// Whether the old value `a` of `key` prints as the new `b`: text compared paragraph by
/// paragraph, titles as lines, flags with their default.
fn same(a: Option<&Item>, b: Option<&Item>, key: &str, printer: &Printer) -> bool {
    let printed = |v: Vec<String>| v.iter().map(|t| printer.print(t)).collect::<Vec<_>>();
    match key {
        "text" => printed(paragraphs(a)) == paragraphs(b),
        "run-in" => flag(a) == flag(b),
        _ => printed(strings(a)) == strings(b),
    }
}

/// A text's paragraphs: its non-blank lines, trimmed.
fn paragraphs(item: Option<&Item>) -> Vec<String> {
    item.and_then(Item::as_str)
        .map(|t| {
            t.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn flag(item: Option<&Item>) -> bool {
    item.and_then(Item::as_bool).unwrap_or(false)
}

/// A string or a list of strings, trimmed.
fn strings(item: Option<&Item>) -> Vec<String> {
    match item {
        Some(i) if i.is_str() => vec![i.as_str().unwrap_or("").trim().to_string()],
        Some(i) => i
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str())
                    .map(|s| s.trim().to_string())
                    .collect()
            })
            .unwrap_or_default(),
        None => Vec::new(),
    }
}

/// A table such as `[opening]` or `[closing]`: the old one with `keys` brought up to date, the
/// new one when there was none, nothing when the outline has none.
fn merge_table(
    old: Option<Item>,
    new: Option<&Item>,
    keys: &[&str],
    printer: &Printer,
) -> Option<Item> {
    let new = new?;
    let Some(Item::Table(mut table)) = old else {
        return Some(new.clone());
    };
    for key in keys {
        merge_key(&mut table, new, key, printer);
    }
    Some(Item::Table(table))
}

/// The new list of sections: each new section matched, in order, with an old one of the same
/// title (which keeps its text and comments where nothing changed); sections without a match
/// are the new ones.
fn merge_sections(
    old: Option<&ArrayOfTables>,
    new: Option<&ArrayOfTables>,
    printer: &Printer,
) -> ArrayOfTables {
    let mut out = ArrayOfTables::new();
    let empty = ArrayOfTables::new();
    let old = old.unwrap_or(&empty);
    let mut cursor = 0;
    for section in new.into_iter().flat_map(ArrayOfTables::iter) {
        let title = strings(section.get("title"));
        let found = (cursor..old.len()).find(|&i| {
            old.get(i).is_some_and(|o| {
                strings(o.get("title"))
                    .iter()
                    .map(|t| printer.print(t))
                    .collect::<Vec<_>>()
                    == title
            })
        });
        let Some(i) = found else {
            out.push(section.clone());
            continue;
        };
        cursor = i + 1;
        let mut merged = old.get(i).expect("in range").clone();
        let as_item = Item::Table(section.clone());
        for key in SECTION_KEYS {
            merge_key(&mut merged, &as_item, key, printer);
        }
        let subs = merge_sections(
            merged.get("section").and_then(Item::as_array_of_tables),
            section.get("section").and_then(Item::as_array_of_tables),
            printer,
        );
        if subs.is_empty() {
            merged.remove("section");
        } else {
            merged.insert("section", Item::ArrayOfTables(subs));
        }
        out.push(merged);
    }
    out
}

/// Gives every table its place in document order, so that tables taken from the generated
/// text print where they now belong rather than where they stood in that text.
fn renumber(doc: &mut DocumentMut) {
    fn visit(table: &mut Table, next: &mut usize) {
        if !table.is_dotted() {
            table.set_position(*next);
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
        let p = crate::build::from_source(
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
