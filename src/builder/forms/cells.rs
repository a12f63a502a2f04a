//! The cells an office writes in `[form.TABLE]`, read by kind — a number, a cited figure, a
//! blank `""` (not stated), a dash, `/` or `无` (printed as written, counted 0), or text where the form
//! allows text — the same in every table; and the rows' keys and value counts checked.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::builder::figures::Figures;
use crate::builder::tables::cell_text;
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::Origin;
use crate::forms::{Printed, Table};
use crate::model::{CellDef, FormRow};
use crate::number::{Dec, Num};

/// What a cell is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A number or a cited figure: stated.
    Stated,
    /// `—` or `/`: printed as written, counted 0.
    Dash,
    /// `""`: not stated; printed blank, computed by a rule for checking when one gives it.
    Blank,
    /// Left out (a total the office did not write): computed and printed.
    Missing,
    /// Text where the form allows it.
    Text,
    /// A group's total: computed by a rule, never printed.
    Virtual,
}

/// A cell of a form table.
#[derive(Debug, Clone)]
pub(super) struct Cell {
    pub(super) kind: Kind,
    /// As written (for a computed cell: as computed, once it is).
    pub(super) text: String,
    pub(super) value: Option<Num>,
    pub(super) scale: u32,
    pub(super) origin: Origin,
}

impl Cell {
    pub(super) fn unknown(kind: Kind, origin: Origin) -> Cell {
        Cell {
            kind,
            text: String::new(),
            value: None,
            scale: 0,
            origin,
        }
    }
}

/// A table's cells by (row key, value name), labels printed other than the form's, and the
/// rows' places.
#[derive(Debug, Default)]
pub(super) struct Grid {
    pub(super) cells: HashMap<(String, String), Cell>,
    pub(super) labels: HashMap<String, String>,
    /// Where each row the office wrote is.
    pub(super) rows: HashMap<String, Origin>,
}

fn origin(file: &Arc<SourceFile>, span: std::ops::Range<usize>) -> Origin {
    Origin(Some((file.clone(), span)))
}

/// Reads `[form.TABLE]` (`given`) against the table's rows.
pub(super) fn read(
    file: &Arc<SourceFile>,
    table: &Table,
    given: &BTreeMap<String, toml::Spanned<FormRow>>,
    figures: &Figures,
    o: &Origin,
    at: std::ops::Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Grid {
    keys(file, table, given, at, problems);
    let mut grid = Grid::default();
    for g in &table.groups {
        if let Some(label) = given.get(&g.key).and_then(|r| r.get_ref().label.as_ref()) {
            if label.get_ref() != &g.label {
                problems.push(published(file, table, &g.key, label, &g.label));
            }
            grid.labels.insert(g.key.clone(), label.get_ref().clone());
        }
    }
    for (key, row) in table.keyed() {
        let names = table.values_of(row);
        let Some(g) = given.get(key) else {
            for n in names {
                let c = Cell::unknown(Kind::Missing, o.clone());
                grid.cells.insert((key.to_string(), n.clone()), c);
            }
            continue;
        };
        let ro = origin(file, g.span());
        grid.rows.insert(key.to_string(), ro.clone());
        let written = &g.get_ref().values;
        let least = names.len() - table.optional_of(row).min(names.len());
        if written.len() > names.len() || written.len() < least {
            let want = if least == names.len() {
                format!("{} ({})", names.len(), names.join(", "))
            } else if least == 0 {
                format!("at most {} ({})", names.len(), names.join(", "))
            } else {
                format!(
                    "{least} ({} … {}) or {} (with {})",
                    names[0],
                    names[least - 1],
                    names.len(),
                    names[least..].join(", ")
                )
            };
            problems.push(
                Diagnostic::error(format!(
                    "row \"{key}\" of [form.{}] has {} numbers; it takes {want}",
                    table.name,
                    written.len()
                ))
                .at(file, g.span())
                .hint("count the form's columns (gongwen new --form writes every row with its columns named)"),
            );
        }
        for (i, n) in names.iter().enumerate() {
            let c = match written.get(i) {
                Some(c) if written.len() <= names.len() => {
                    cell(file, figures, c, row.text.contains(n), problems)
                        .unwrap_or_else(|| Cell::unknown(Kind::Text, ro.clone()))
                }
                _ => Cell::unknown(Kind::Missing, ro.clone()),
            };
            grid.cells.insert((key.to_string(), n.clone()), c);
        }
        if let (Some(label), Some(national)) = (&g.get_ref().label, &row.label) {
            if label.get_ref() != national {
                problems.push(published(file, table, key, label, national));
            }
            grid.labels.insert(key.to_string(), label.get_ref().clone());
        }
    }
    grid
}

/// The warning of a label printed as the office published it.
fn published(
    file: &Arc<SourceFile>,
    table: &Table,
    key: &str,
    label: &toml::Spanned<String>,
    national: &str,
) -> Diagnostic {
    Diagnostic::warning(format!(
        "\"{key}\" of [form.{}] is printed as published, “{}”, not as the national form's “{national}”",
        table.name,
        label.get_ref()
    ))
    .at(file, label.span())
    .label("the label as the office printed it")
    .hint("kept for a word-for-word reproduction; write the row as a plain list to print the national label")
}

/// One cell by kind. `None` (an error pushed) when it is none of them.
fn cell(
    file: &Arc<SourceFile>,
    figures: &Figures,
    c: &toml::Spanned<CellDef>,
    text_ok: bool,
    problems: &mut Vec<Diagnostic>,
) -> Option<Cell> {
    let o = origin(file, c.span());
    if matches!(c.get_ref(), CellDef::Full(_)) {
        problems.push(
            Diagnostic::error("a cell of the form is a plain value")
                .at(file, c.span())
                .hint("the form's merged cells are drawn by gongwen; write just the number"),
        );
        return None;
    }
    let (text, ..) = cell_text(file, c);
    let t = text.trim();
    let made = |kind, value, scale| Cell {
        kind,
        text: text.clone(),
        value,
        scale,
        origin: o.clone(),
    };
    match crate::forms::printed(t) {
        Printed::Blank => return Some(made(Kind::Blank, None, 0)),
        Printed::Dash => return Some(made(Kind::Dash, Some(Num::ZERO), 0)),
        Printed::Number(n) => {
            if let Some((v, d)) = Dec::parse(&n).ok().and_then(|d| Some((d.num().ok()?, d))) {
                return Some(made(Kind::Stated, Some(v), d.scale));
            }
        }
        Printed::Text => {}
    }
    if let Some(name) = t.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        let Some(f) = figures.get(name) else {
            let mut d = Diagnostic::error(format!("unknown figure `{name}`"))
                .at(file, c.span())
                .label("no figure of this name");
            if let Some(s) = figures.suggest(name) {
                d = d.hint(format!("did you mean `{s}`?"));
            }
            problems.push(d);
            return None;
        };
        return f.value.map(|v| made(Kind::Stated, Some(v), f.decimals));
    }
    if text_ok {
        return Some(made(Kind::Text, None, 0));
    }
    problems.push(
        Diagnostic::error(format!("`{t}` is not a number"))
            .at(file, c.span())
            .hint("a cell of the form is a number, a figure such as \"{apply.total}\", blank \"\", or a dash (\"—\", \"/\", \"无\"); text only where the form has text (the 2019 form's 采购总金额)"),
    );
    None
}

/// Checks the keys of `[form.TABLE]` against the table's rows: unknown and missing ones.
fn keys(
    file: &Arc<SourceFile>,
    table: &Table,
    given: &BTreeMap<String, toml::Spanned<FormRow>>,
    at: std::ops::Range<usize>,
    problems: &mut Vec<Diagnostic>,
) {
    let what = &table.name;
    let want: Vec<&str> = table.keyed().map(|(k, _)| k).collect();
    for (k, v) in given {
        // A group's label as published: `"三.三" = { label = "…", values = [] }`.
        let group_label = table.group(k).is_some()
            && v.get_ref().label.is_some()
            && v.get_ref().values.is_empty();
        if !want.contains(&k.as_str()) && !group_label {
            problems.push(
                Diagnostic::error(format!("[form.{what}] has no row `{k}`"))
                    .at(file, v.span())
                    .hint(format!(
                        "its rows are {}",
                        want.iter()
                            .map(|w| format!("\"{w}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                    .hint("a local variant with other rows is a form file beside the report: [form] kind = \"my-form.toml\""),
            );
        }
    }
    let missing: Vec<String> = table
        .keyed()
        .filter(|(k, r)| !given.contains_key(*k) && !r.optional_row)
        .map(|(k, _)| format!("\"{k}\""))
        .collect();
    if !missing.is_empty() {
        problems.push(
            Diagnostic::error(format!(
                "[form.{what}] leaves out row{} {}",
                if missing.len() == 1 { "" } else { "s" },
                missing.join(", ")
            ))
            .at(file, at)
            .hint("every row of the form is filled in; write 0 for none, \"\" for a cell left blank in print"),
        );
    }
}
