//! Reviewers' comments brought onto the definition: each `# 批注…` line goes before the `text`
//! key (or the title, for a section without text) of the first section holding the words it is
//! on, or before `[opening]`; a comment on no part's words goes before `[closing]`, else at the
//! top. A line the definition already has there is not written twice. Words matching no part
//! exactly are matched loosely before falling back: a run-in heading read back flattened into
//! its paragraph (number, title and words in one), a paragraph the editor also changed (the
//! same opening words, or one holding the other).

use toml_edit::{Decor, DocumentMut, Item, Table};

use super::figures::Merge;
use super::sections::paragraphs;
use crate::import::Outline;

/// Writes the comments of `outline` into `doc`, comparing their words with the definition's
/// text as printed by `printer`.
pub fn keep(doc: &mut DocumentMut, outline: &Outline, printer: &Merge) {
    for c in &outline.comments {
        let line = format!("# {}\n", c.line.replace('\n', " "));
        let exact = |title: Option<&str>, p: &str| title.is_none() && p == c.words;
        let loose = |title: Option<&str>, p: &str| near(&c.words, title, p);
        if !place(doc, &line, printer, &exact) && !place(doc, &line, printer, &loose) {
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
}

/// A matcher of a comment's words: given a section's title (for its first paragraph only) and
/// a paragraph as printed, whether the comment is on it.
type Matches<'a> = dyn Fn(Option<&str>, &str) -> bool + 'a;

/// Puts `line` before the opening or the first section `on` matches; whether it did.
fn place(doc: &mut DocumentMut, line: &str, printer: &Merge, on: &Matches) -> bool {
    if let Some(opening) = doc.get_mut("opening").and_then(Item::as_table_mut)
        && paragraphs(opening.get("text"))
            .iter()
            .any(|p| on(None, &printer.print(p)))
    {
        add(opening.decor_mut(), line);
        return true;
    }
    doc.get_mut("section")
        .and_then(Item::as_array_of_tables_mut)
        .is_some_and(|sections| {
            sections
                .iter_mut()
                .any(|t| on_section(t, line, printer, on))
        })
}

/// Whether a comment on `words` is on paragraph `p` (printed), loosely: the paragraph opened
/// by its section's `title` and flattened into one (a run-in heading read back as text, its
/// number before), or the same paragraph edited: one holds the other, or they open with the
/// same ten characters.
fn near(words: &str, title: Option<&str>, p: &str) -> bool {
    let chars = |s: &str| s.chars().count();
    if words.is_empty() || p.is_empty() {
        return false;
    }
    if let Some(t) = title
        && words.ends_with(&format!("{t}{p}"))
    {
        return true;
    }
    let held = (chars(p) >= 6 && words.contains(p)) || (chars(words) >= 6 && p.contains(words));
    let opening = |s: &str| s.chars().take(10).collect::<String>();
    held || (chars(words) >= 10 && chars(p) >= 10 && opening(words) == opening(p))
}

/// Puts `line` on `section` or the first of its sub-sections `on` matches; whether it did.
fn on_section(section: &mut Table, line: &str, printer: &Merge, on: &Matches) -> bool {
    let title = section
        .get("title")
        .and_then(Item::as_str)
        .map(|t| printer.print(t.trim()));
    let run_in = section.get("run-in").and_then(Item::as_bool) == Some(true);
    let texts = paragraphs(section.get("text"));
    let here = title.as_deref().is_some_and(|t| on(None, t))
        || texts.iter().enumerate().any(|(i, p)| {
            let opened = (i == 0 && run_in).then_some(title.as_deref()).flatten();
            let p = printer.print(p);
            on(None, &p) || opened.is_some_and(|t| on(Some(t), &p))
        });
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
        .is_some_and(|subs| subs.iter_mut().any(|t| on_section(t, line, printer, on)))
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
