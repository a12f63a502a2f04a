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
    let mut warnings = Vec::new();
    // The DOCX's tables and charts are the definition's, in the order the text places them.
    let (outline, matched) = &name_placed(&doc, outline, file, &mut warnings);
    let new: DocumentMut = to_toml(outline, "")
        .parse()
        .expect("the TOML writer writes valid TOML");
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
fn name_placed(
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
                        .and_then(|t| t.get(&format!("table{k}")))
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
            format!("table `{name}` of the national form is kept from the definition"),
            format!("change its numbers in [form.{name}]"),
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
fn merge_tables(
    tables: &mut Table,
    new: Option<&Item>,
    kept: &[String],
    printer: &Printer,
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
fn header_texts(t: &Table, printer: &Printer) -> Vec<String> {
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
fn cell_text(v: &toml_edit::Value, printer: &Printer) -> String {
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
fn merge_rows(old: &mut Table, new: Option<&toml_edit::Array>, printer: &Printer) {
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
