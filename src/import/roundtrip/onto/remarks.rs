//! Reviewers' comments brought onto the definition: each `# 批注…` line goes before the `text`
//! key (or the title, for a section without text) of the first section holding the words it is
//! on, or before `[opening]`; a comment on no part's words goes before `[closing]`, else at the
//! top. A line the definition already has there is not written twice.

use toml_edit::{Decor, DocumentMut, Item, Table};

use super::figures::Merge;
use super::sections::paragraphs;
use crate::import::Outline;

/// Writes the comments of `outline` into `doc`, comparing their words with the definition's
/// text as printed by `printer`.
pub fn keep(doc: &mut DocumentMut, outline: &Outline, printer: &Merge) {
    for c in &outline.comments {
        let line = format!("# {}\n", c.line.replace('\n', " "));
        let printed = |t: &str| printer.print(t);
        if let Some(opening) = doc.get_mut("opening").and_then(Item::as_table_mut)
            && paragraphs(opening.get("text"))
                .iter()
                .any(|p| printed(p) == c.words)
        {
            add(opening.decor_mut(), &line);
            continue;
        }
        if let Some(sections) = doc
            .get_mut("section")
            .and_then(Item::as_array_of_tables_mut)
            && sections
                .iter_mut()
                .any(|t| on_section(t, &c.words, &line, printer))
        {
            continue;
        }
        let fallback = if doc.contains_key("closing") {
            "closing"
        } else {
            "report"
        };
        if let Some(t) = doc.get_mut(fallback).and_then(Item::as_table_mut) {
            add(t.decor_mut(), &line);
        }
    }
}

/// Puts `line` on `section` or the first of its sub-sections holding `words`; whether it did.
fn on_section(section: &mut Table, words: &str, line: &str, printer: &Merge) -> bool {
    let title = section
        .get("title")
        .and_then(Item::as_str)
        .map(|t| printer.print(t.trim()));
    let here = title.as_deref() == Some(words)
        || paragraphs(section.get("text"))
            .iter()
            .any(|p| printer.print(p) == words);
    if here {
        let key = if section.contains_key("text") {
            "text"
        } else {
            "title"
        };
        if let Some(mut k) = section.key_mut(key) {
            add(k.leaf_decor_mut(), line);
        }
        return true;
    }
    section
        .get_mut("section")
        .and_then(Item::as_array_of_tables_mut)
        .is_some_and(|subs| subs.iter_mut().any(|t| on_section(t, words, line, printer)))
}

/// Appends the comment `line` to the lines before an item, unless it is there already.
fn add(decor: &mut Decor, line: &str) {
    let old = decor
        .prefix()
        .and_then(|p| p.as_str())
        .unwrap_or("")
        .to_string();
    if old.contains(line.trim_end()) {
        return;
    }
    decor.set_prefix(format!("{old}{line}"));
}
