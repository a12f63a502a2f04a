//! The form's cells and arithmetic shared by its tables: numbers, sums, rule breaks, row keys.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::origin;
use crate::build::checks::Break;
use crate::build::figures::Figures;
use crate::build::number::{Dec, Num};
use crate::build::tables::cell_text;
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::Origin;
use crate::model::CellDef;

/// A row of a `[form.X]` table as written: its cells, with places.
pub(super) type RowDef = toml::Spanned<Vec<toml::Spanned<CellDef>>>;

/// A number cell of the form: as printed, its value, and where it is.
#[derive(Debug, Clone)]
pub(super) struct Num1 {
    pub(super) text: String,
    pub(super) value: Num,
    pub(super) scale: u32,
    pub(super) origin: Origin,
}

/// A cell of table 三 or 四: a number, a cited figure, or an empty mark (blank, —, /) that
/// counts 0 and prints as written.
pub(super) fn number(
    file: &Arc<SourceFile>,
    figures: &Figures,
    cell: &toml::Spanned<CellDef>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Num1> {
    let (text, cols, rows, _) = cell_text(file, cell);
    let o = origin(file, cell.span());
    if cols.is_some() || rows.is_some() || matches!(cell.get_ref(), CellDef::Full(_)) {
        problems.push(
            Diagnostic::error("a cell of the form is a plain number")
                .at(file, cell.span())
                .hint("the form's merged cells are drawn by gongwen; write just the number"),
        );
        return None;
    }
    let t = text.trim();
    if matches!(t, "" | "—" | "/" | "-" | "－" | "／") {
        return Some(Num1 {
            text,
            value: Num::ZERO,
            scale: 0,
            origin: o,
        });
    }
    if let Some(name) = t.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        return match figures.get(name) {
            Some(f) => f.value.map(|v| Num1 {
                text,
                value: v,
                scale: f.decimals,
                origin: o,
            }),
            None => {
                let mut d = Diagnostic::error(format!("unknown figure `{name}`"))
                    .at(file, cell.span())
                    .label("no figure of this name");
                if let Some(s) = figures.suggest(name) {
                    d = d.hint(format!("did you mean `{s}`?"));
                }
                problems.push(d);
                None
            }
        };
    }
    match Dec::parse(t).ok().and_then(|d| Some((d.num().ok()?, d))) {
        Some((value, d)) => Some(Num1 {
            text,
            value,
            scale: d.scale,
            origin: o,
        }),
        None => {
            problems.push(
                Diagnostic::error(format!("`{t}` is not a number"))
                    .at(file, cell.span())
                    .hint("a cell of the form is a number, a figure such as \"{apply.total}\", or empty: \"\", \"—\" or \"/\""),
            );
            None
        }
    }
}

/// The sum of `values` and the largest scale among them.
pub(super) fn sum(values: &[&Num1]) -> (Num, u32) {
    values.iter().fold((Num::ZERO, 0), |(a, s), v| {
        (a.checked_add(v.value).unwrap_or(a), s.max(v.scale))
    })
}

/// A cell the office left out, computed and printed at `scale`.
pub(super) fn computed(value: Num, scale: u32, origin: &Origin) -> Num1 {
    let text = value
        .round(scale)
        .map(|d| d.to_string())
        .unwrap_or_default();
    Num1 {
        text,
        value,
        scale,
        origin: origin.clone(),
    }
}

/// A break when `stated` differs from `computed` at the stated precision.
#[allow(clippy::too_many_arguments)]
pub(super) fn rule(
    file: &Arc<SourceFile>,
    rule: &str,
    says: String,
    table: &str,
    row: &str,
    column: &str,
    stated: &Num1,
    computed: Num,
    scale: u32,
) -> Option<Break> {
    let scale = scale.max(stated.scale);
    let (s, c) = (stated.value.round(scale).ok()?, computed.round(scale).ok()?);
    if s == c {
        return None;
    }
    let message = format!(
        "{table}, row {row}, column {column}: {says}, but the table says {s} where the rule gives {c}"
    );
    let d = Diagnostic::warning(message).label(format!("{s}; the rule gives {c}")).hint(format!("the form's rule: {says}")).hint(
        "gongwen never changes a figure of the form: correct the number, or the numbers it is computed from",
    );
    let d = match &stated.origin.0 {
        Some((f, r)) => d.at(f, r.clone()),
        None => d.in_file(file),
    };
    Some(Break {
        rule: rule.into(),
        says,
        stated: s.to_string(),
        computed: c.to_string(),
        figure: None,
        table: Some(table.into()),
        row: Some(row.into()),
        column: Some(column.into()),
        citations: Vec::new(),
        diagnostic: d,
    })
}

/// Checks keys of a `[form.X]` table against the form's rows: unknown and missing ones.
pub(super) fn keys(
    file: &Arc<SourceFile>,
    what: &str,
    given: &BTreeMap<String, RowDef>,
    want: &[String],
    optional: &[&str],
    at: std::ops::Range<usize>,
    problems: &mut Vec<Diagnostic>,
) {
    for (k, v) in given {
        if !want.contains(k) {
            problems.push(
                Diagnostic::error(format!("[form.{what}] has no row `{k}`"))
                    .at(file, v.span())
                    .hint(format!(
                        "its rows are {}",
                        want.iter()
                            .map(|w| format!("\"{w}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
            );
        }
    }
    let missing: Vec<&String> = want
        .iter()
        .filter(|w| !given.contains_key(*w) && !optional.contains(&w.as_str()))
        .collect();
    if !missing.is_empty() {
        problems.push(
            Diagnostic::error(format!(
                "[form.{what}] leaves out row{} {}",
                if missing.len() == 1 { "" } else { "s" },
                missing
                    .iter()
                    .map(|m| format!("\"{m}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .at(file, at)
            .hint("every row of the form is filled in; write 0 (or \"—\") for none"),
        );
    }
}

/// Reports a row of `[form.X]` with the wrong number of cells (`want` says how many).
pub(super) fn count_error(
    file: &Arc<SourceFile>,
    what: &str,
    key: &str,
    row: &RowDef,
    want: &str,
    problems: &mut Vec<Diagnostic>,
) {
    problems.push(
        Diagnostic::error(format!(
            "row \"{key}\" of [form.{what}] has {} numbers; it takes {want}",
            row.get_ref().len()
        ))
        .at(file, row.span())
        .hint(
            "count the form's columns (gongwen new --form writes every row with its columns named)",
        ),
    );
}
