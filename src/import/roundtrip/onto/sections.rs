//! Sections and paragraphs brought onto the definition, keeping what prints the same.

use toml_edit::{ArrayOfTables, Item, Table};

use super::figures::{Merge, read_numbers};

/// The keys of a section that an outline gives.
const SECTION_KEYS: &[&str] = &["title", "run-in", "text"];
/// Sets `table[key]` to `new[key]` unless the two say the same; keeps the old value's spacing
/// and comment when it is replaced, and removes the key when `new` has none.
pub(super) fn merge_key(table: &mut Table, new: &Item, key: &str, printer: &Merge) {
    let new_item = new.get(key);
    if same(table.get(key), new_item, key, printer) {
        return;
    }
    let Some(new_item) = new_item.and_then(Item::as_value) else {
        table.remove(key);
        return;
    };
    let mut value = new_item.clone();
    let here = super::moved::named(table);
    if key == "text"
        && let Some(merged) = merge_text(table.get(key), &value, printer, &here)
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
/// citations outside the change (see [`recite`]), one printed as a paragraph of another
/// section (`here` is this one's) keeps that paragraph's citations (it moved: see
/// [`super::moved`]); the rest is the DOCX's text.
fn merge_text(
    old: Option<&Item>,
    new: &toml_edit::Value,
    printer: &Merge,
    here: &str,
) -> Option<toml_edit::Value> {
    let old_raw = paragraphs(old);
    let cited = old_raw.iter().any(|p| p.contains(['{', '}']));
    let mut moved = false;
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
            // Its citations print as before: a figure edited elsewhere is then in conflict.
            for (text, cite) in printer.pieces(&old_raw[i]) {
                if let Some(c) = cite {
                    printer.edited(&c, &text, &text, &printed);
                }
            }
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
            // Another section's paragraph with its numbers retyped is left alone: a figure is
            // changed only where its own paragraph says so.
            _ => match printer
                .pool
                .find(&printed, here, &common)
                .filter(|(_, raw, same)| {
                    *same || read_numbers(&printer.pieces(raw), &printed).is_none()
                }) {
                Some((i, raw, same)) => {
                    moved = true;
                    let written = if same {
                        raw
                    } else {
                        recite(&raw, &printed, printer)
                    };
                    printer
                        .pool
                        .moved(i, here, super::moved::cites(printer, &written));
                    out.push(written);
                }
                None => out.push(line.to_string()),
            },
        }
    }
    if !cited && !moved {
        return None;
    }
    let joined = out.join("\n");
    let repr = if joined.contains("'''") || joined.chars().any(|c| c.is_control() && c != '\n') {
        crate::import::write::basic(&joined)
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
fn recite(old: &str, printed: &str, printer: &Merge) -> String {
    let pieces = printer.pieces(old);
    // Only numbers changed, where citations printed them: the figures take the numbers.
    if let Some(numbers) = read_numbers(&pieces, printed) {
        for (cite, was, now) in numbers {
            printer.edited(cite, was, &now, printed);
        }
        return old.to_string();
    }
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
    let escape = crate::builder::escape_text;
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
/// paragraph, a title by its words (its lines joined), flags with their default.
fn same(a: Option<&Item>, b: Option<&Item>, key: &str, printer: &Merge) -> bool {
    let printed = |v: Vec<String>| v.iter().map(|t| printer.print(t)).collect::<Vec<_>>();
    match key {
        "text" => printed(paragraphs(a)) == paragraphs(b),
        "run-in" => flag(a) == flag(b),
        // A title the builder broke into balanced lines comes back as those lines.
        "title" => printed(strings(a)).concat() == strings(b).concat(),
        _ => printed(strings(a)) == strings(b),
    }
}

/// A text's paragraphs: its non-blank lines, trimmed.
pub(super) fn paragraphs(item: Option<&Item>) -> Vec<String> {
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

/// A flag's value, false when absent.
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
pub(super) fn merge_table(
    old: Option<Item>,
    new: Option<&Item>,
    keys: &[&str],
    printer: &Merge,
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
pub(super) fn merge_sections(
    old: Option<&ArrayOfTables>,
    new: Option<&ArrayOfTables>,
    printer: &Merge,
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
            let mut fresh = section.clone();
            let here = super::moved::named(&fresh);
            if let Some(text) = fresh.get("text").and_then(Item::as_value)
                && let Some(merged) = merge_text(None, text, printer, &here)
            {
                fresh.insert("text", Item::Value(merged));
            }
            out.push(fresh);
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
