//! The DOCX's tables and charts matched to the definition's placements and merged.

use std::sync::Arc;

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table};

use super::figures::{Merge, read_numbers};
use super::sections::{merge_key, paragraphs};
use crate::diag::{Diagnostic, SourceFile};
use crate::import::Outline;

/// The placement lines of a definition's text, in document order: (is a table, name).
fn placements(doc: &DocumentMut) -> Vec<(bool, String)> {
    fn of(text: Option<&Item>, out: &mut Vec<(bool, String)>) {
        for line in paragraphs(text) {
            let inner = line.strip_prefix('{').and_then(|l| l.strip_suffix('}'));
            let Some(inner) = inner.filter(|i| !i.contains(['{', '}'])) else {
                continue;
            };
            if let Some(name) = inner.strip_prefix("table:") {
                out.push((true, name.trim().to_string()));
            } else if let Some(name) = inner.strip_prefix("chart:") {
                out.push((false, name.trim().to_string()));
            }
        }
    }
    fn sections(a: Option<&ArrayOfTables>, out: &mut Vec<(bool, String)>) {
        for s in a.into_iter().flat_map(ArrayOfTables::iter) {
            of(s.get("text"), out);
            sections(s.get("section").and_then(Item::as_array_of_tables), out);
        }
    }
    let mut out = Vec::new();
    of(doc.get("opening").and_then(|o| o.get("text")), &mut out);
    sections(
        doc.get("section").and_then(Item::as_array_of_tables),
        &mut out,
    );
    out
}

/// The outline with its tables and charts named as the definition names them: the n-th table
/// (chart) of the DOCX is the n-th the definition places when the counts agree, else the one
/// with the same caption; a table with no match keeps a fresh name, a chart with no match is
/// left out (with a warning). Returns the renamed outline and the definition's names of the
/// tables it matched.
pub(super) fn name_placed(
    doc: &DocumentMut,
    outline: &Outline,
    file: &Arc<SourceFile>,
    warnings: &mut Vec<Diagnostic>,
) -> (Outline, Vec<String>) {
    let placed = placements(doc);
    let old_tables: Vec<&str> = placed
        .iter()
        .filter(|p| p.0)
        .map(|p| p.1.as_str())
        .collect();
    let old_charts: Vec<&str> = placed
        .iter()
        .filter(|p| !p.0)
        .map(|p| p.1.as_str())
        .collect();
    let caption = |kind: &str, name: &str| {
        doc.get(kind)
            .and_then(|t| t.get(name))
            .and_then(|t| t.get("caption"))
            .and_then(Item::as_str)
            .map(str::to_string)
    };
    let mut out = outline.clone();
    let mut renames: Vec<(String, String)> = Vec::new();
    let mut kept = Vec::new();
    let mut taken: Vec<String> = placed.iter().map(|p| p.1.clone()).collect();
    let same_count = old_tables.len() == outline.tables.len();
    let mut cursor = 0;
    for (i, t) in out.tables.iter_mut().enumerate() {
        // With a table added or deleted, a captioned table is matched by its caption, one
        // without (the form's) with the next uncaptioned placement after the last match.
        let found = if same_count {
            Some(i)
        } else {
            (0..old_tables.len()).find(|&j| {
                let n = old_tables[j];
                !kept.iter().any(|k| k == n)
                    && caption("table", n) == t.caption
                    && (t.caption.is_some() || j >= cursor)
            })
        };
        let name = match found.map(|j| (j, old_tables[j])) {
            Some((j, n)) => {
                cursor = j + 1;
                kept.push(n.to_string());
                n.to_string()
            }
            None => {
                let mut k = i + 1;
                while taken.contains(&format!("table{k}"))
                    || doc
                        .get("table")
                        .and_then(|t| t.get(format!("table{k}")))
                        .is_some()
                {
                    k += 1;
                }
                format!("table{k}")
            }
        };
        taken.push(name.clone());
        renames.push((format!("{{table:{}}}", t.name), format!("{{table:{name}}}")));
        t.name = name;
    }
    let same_count = old_charts.len() == outline.charts.len();
    let mut used = Vec::new();
    for (i, c) in out.charts.iter_mut().enumerate() {
        let found = if same_count {
            Some(old_charts[i])
        } else {
            old_charts.iter().copied().find(|n| {
                !used.contains(n) && c.caption.is_some() && caption("chart", n) == c.caption
            })
        };
        match found {
            Some(n) => {
                used.push(n);
                warnings.push(note(
                    file,
                    format!("chart `{n}` is kept from the definition: a DOCX holds its picture, not its data"),
                    format!("change its data in [chart.{n}] or the figures it draws"),
                ));
                renames.push((format!("{{chart:{}}}", c.name), format!("{{chart:{n}}}")));
                c.name = n.to_string();
                c.kept = true;
            }
            None => warnings.push(
                Diagnostic::warning(format!(
                    "a chart{} in the DOCX is not in the definition and is left out",
                    c.caption
                        .as_ref()
                        .map_or(String::new(), |w| format!(" “{w}”"))
                ))
                .in_file(file)
                .hint("write a [chart.NAME] and place it with {chart:NAME}"),
            ),
        }
    }
    let form = doc.contains_key("form");
    for name in kept
        .iter()
        .filter(|n| form && doc.get("table").and_then(|t| t.get(n.as_str())).is_none())
    {
        warnings.push(note(
            file,
            format!("table `{name}` of the national form is read back cell by cell: its numbers into [form.{name}], its labels and layout from the form"),
            "a cell the form computes is kept, and reported when the document prints another number".to_string(),
        ));
    }
    fn rename(paragraphs: &mut [String], renames: &[(String, String)]) {
        for p in paragraphs {
            if let Some((_, to)) = renames.iter().find(|(from, _)| from == p) {
                p.clone_from(to);
            }
        }
    }
    fn sections(list: &mut [crate::import::OutlineSection], renames: &[(String, String)]) {
        for s in list {
            rename(&mut s.paragraphs, renames);
            sections(&mut s.sections, renames);
        }
    }
    rename(&mut out.opening, &renames);
    sections(&mut out.sections, &renames);
    (out, kept)
}

/// A note (not a warning) about `file`.
fn note(file: &Arc<SourceFile>, what: String, hint: String) -> Diagnostic {
    Diagnostic {
        severity: crate::diag::Severity::Note,
        ..Diagnostic::warning(what).in_file(file).hint(hint)
    }
}

/// Brings the DOCX's tables (`new`, as `to_toml` wrote them) onto the definition's `[table]`:
/// a table the definition has keeps its exact text where it prints the same, and takes the
/// changed caption, notes and cells (a cell whose printed value did not change keeps its
/// writing, a citation included); a new table is added; a form table is not in `[table]` and
/// is left alone (the definition's `[form]` keeps it).
pub(super) fn merge_tables(
    tables: &mut Table,
    new: Option<&Item>,
    kept: &[String],
    printer: &Merge,
    file: &Arc<SourceFile>,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(new) = new.and_then(Item::as_table) else {
        return;
    };
    for (name, item) in new.iter() {
        let Some(fresh) = item.as_table() else {
            continue;
        };
        let Some(old) = tables.get_mut(name).and_then(Item::as_table_mut) else {
            if !kept.iter().any(|k| k == name) {
                tables.insert(name, item.clone());
            }
            continue;
        };
        let as_item = Item::Table(fresh.clone());
        merge_key(old, &as_item, "caption", printer);
        merge_key(old, &as_item, "notes", printer);
        if header_texts(old, printer) != header_texts(fresh, printer) {
            warnings.push(
                Diagnostic::warning(format!(
                    "the header of table `{name}` differs in the DOCX; the definition's header is kept"
                ))
                .in_file(file)
                .hint(format!("change columns or header in [table.{name}] by hand")),
            );
        }
        merge_rows(old, fresh.get("rows").and_then(Item::as_array), printer);
    }
}

/// A header's cell texts as printed: the header rows, or the column titles with their units.
fn header_texts(t: &Table, printer: &Merge) -> Vec<String> {
    if let Some(rows) = t.get("header").and_then(Item::as_array) {
        return rows
            .iter()
            .filter_map(toml_edit::Value::as_array)
            .flatten()
            .map(|c| cell_text(c, printer))
            .collect();
    }
    t.get("columns")
        .and_then(Item::as_array)
        .map(|cols| {
            cols.iter()
                .map(|c| match c {
                    toml_edit::Value::InlineTable(c) => {
                        let title = c.get("title").and_then(|v| v.as_str()).unwrap_or("");
                        match c.get("unit").and_then(|v| v.as_str()) {
                            Some(u) => format!("{title}（{u}）"),
                            None => title.to_string(),
                        }
                    }
                    other => other.as_str().unwrap_or("").to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A cell as printed: a number as written, text with its citations printed.
fn cell_text(v: &toml_edit::Value, printer: &Merge) -> String {
    match v {
        toml_edit::Value::String(s) => printer.print(s.value()),
        toml_edit::Value::InlineTable(t) => {
            printer.print(t.get("text").and_then(|t| t.as_str()).unwrap_or(""))
        }
        other => {
            let mut v = other.clone();
            v.decor_mut().clear();
            v.to_string().trim().to_string()
        }
    }
}

/// The old rows with the cells whose printed text changed taken from `new`; rows added or
/// removed at the end follow the DOCX. Untouched when nothing changed.
fn merge_rows(old: &mut Table, new: Option<&toml_edit::Array>, printer: &Merge) {
    let Some(new) = new else {
        return;
    };
    let Some(rows) = old.get_mut("rows").and_then(Item::as_array_mut) else {
        return;
    };
    let texts = |r: &toml_edit::Value| -> Vec<String> {
        r.as_array()
            .map(|a| a.iter().map(|c| cell_text(c, printer)).collect())
            .unwrap_or_default()
    };
    let unchanged = rows.len() == new.len()
        && rows
            .iter()
            .zip(new.iter())
            .all(|(a, b)| texts(a) == texts(b));
    if unchanged {
        return;
    }
    let decor = rows.iter().last().map(|r| r.decor().clone());
    for (i, fresh) in new.iter().enumerate() {
        let Some(fresh_cells) = fresh.as_array() else {
            continue;
        };
        let same_shape = rows
            .get(i)
            .and_then(toml_edit::Value::as_array)
            .is_some_and(|a| a.len() == fresh_cells.len());
        if !same_shape {
            let mut value = fresh.clone();
            if let Some(d) = rows.get(i).map(|r| r.decor().clone()).or(decor.clone()) {
                *value.decor_mut() = d;
            }
            if i < rows.len() {
                rows.replace(i, value);
            } else {
                rows.push_formatted(value);
            }
            continue;
        }
        let row = rows
            .get_mut(i)
            .and_then(toml_edit::Value::as_array_mut)
            .expect("checked above");
        for (j, cell) in fresh_cells.iter().enumerate() {
            let old_cell = row.get(j).expect("same length");
            if cell_text(old_cell, printer) == cell_text(cell, printer) {
                continue;
            }
            // A cell citing figures whose numbers were typed over: the figures change.
            let raw = old_cell.as_str().or_else(|| {
                old_cell
                    .as_inline_table()
                    .and_then(|t| t.get("text"))
                    .and_then(|t| t.as_str())
            });
            let pieces = raw.map(|r| printer.pieces(r)).unwrap_or_default();
            if pieces.iter().any(|p| p.1.is_some())
                && let Some(numbers) = read_numbers(&pieces, &cell_text(cell, printer))
            {
                for (cite, was, now) in numbers {
                    printer.edited(cite, was, &now, &format!("表格单元格{was}"));
                }
                continue;
            }
            let text = cell
                .as_str()
                .or_else(|| {
                    cell.as_inline_table()
                        .and_then(|t| t.get("text"))
                        .and_then(|t| t.as_str())
                })
                .unwrap_or("")
                .to_string();
            let decor = old_cell.decor().clone();
            let mut value = match old_cell {
                toml_edit::Value::InlineTable(t) => {
                    let mut t = t.clone();
                    let d = t.get("text").map(|v| v.decor().clone());
                    let mut v = toml_edit::Value::from(text);
                    if let Some(d) = d {
                        *v.decor_mut() = d;
                    }
                    t.insert("text", v);
                    toml_edit::Value::InlineTable(t)
                }
                _ => toml_edit::Value::from(text),
            };
            *value.decor_mut() = decor;
            row.replace(j, value);
        }
    }
    while rows.len() > new.len() {
        rows.remove(rows.len() - 1);
    }
}
