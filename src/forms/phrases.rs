//! What a form description says about a report's text and its other years, as data: which
//! phrases of the text state which cells (`[text]`, read by `builder/stated.rs`), and which
//! row carries over from last year's report into this year's (`[[carry]]`, read by `check
//! --previous`).

use std::collections::HashSet;
use std::sync::Arc;

use serde::Deserialize;

use super::{Table, quoted};
use crate::diag::{Diagnostic, SourceFile};

/// The phrases of a report's text that state cells of the form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrases {
    /// Words that may stand between a phrase and its number (共, 总计, 为).
    #[serde(default)]
    pub between: Vec<String>,
    /// The units a stated number is followed by (件, 条): a number without one is not read.
    pub units: Vec<String>,
    /// A clause holding one of these is not read: it speaks of another year, a change, or
    /// one column only (上年, 同比, 自然人).
    #[serde(default)]
    pub skip: Vec<String>,
    /// Words that negate a phrase standing right before it (不, 未).
    #[serde(default)]
    pub negations: Vec<String>,
    /// The phrases.
    #[serde(rename = "phrase")]
    pub phrases: Vec<Phrase>,
}

/// Words that state a cell, or the sum of cells.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phrase {
    /// Any of these, followed by a number and a unit (受理政府信息公开申请, 予以公开).
    pub words: Vec<String>,
    /// The cells stated: one, or several whose sum is stated (予以公开及部分公开).
    pub cells: Vec<CellRef>,
    /// Other readings the words may have (受理…申请 may count last year's carried over too):
    /// a number that one of them gives is not reported.
    #[serde(default)]
    pub or: Vec<Vec<CellRef>>,
}

/// A cell of the form: table, row (or group) key and value name.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellRef {
    /// The table's name (`requests`).
    pub table: String,
    /// The row's key, or a group's (`三.三`: its computed total).
    pub row: String,
    /// The value's name (`总计`).
    pub column: String,
}

/// A row carried over from last year: last year's `from` is this year's `to`, column by column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Carry {
    /// The table's name.
    pub table: String,
    /// Last year's row (四、结转下年度继续办理).
    pub from: String,
    /// This year's row (二、上年结转政府信息公开申请数量).
    pub to: String,
}

/// Checks that every cell a phrase or carry names is in the form.
pub(super) fn check(
    tables: &[Table],
    phrases: Option<&Phrases>,
    carries: &[Carry],
    file: &Arc<SourceFile>,
    problems: &mut Vec<Diagnostic>,
) {
    let table = |name: &str| tables.iter().find(|t| t.name == name);
    let has_row = |t: &Table, key: &str| t.keyed().any(|(k, _)| k == key) || t.group(key).is_some();
    let has_column = |t: &Table, key: &str, column: &str| match t.keyed().find(|(k, _)| *k == key) {
        Some((_, r)) => t.values_of(r).iter().any(|v| v == column),
        None => t.values.iter().any(|v| v == column),
    };
    let mut words = HashSet::new();
    for p in phrases.iter().flat_map(|p| &p.phrases) {
        for w in &p.words {
            if w.is_empty() || !words.insert(w.as_str()) {
                problems.push(
                    Diagnostic::error(format!("phrase `{w}` is empty or named twice"))
                        .at(file, quoted(&file.text, w))
                        .hint("a phrase states one set of cells: give each words once"),
                );
            }
        }
        if p.cells.is_empty() {
            problems.push(
                Diagnostic::error("a phrase names no cells")
                    .at(file, quoted(&file.text, p.words.first().map_or("", |s| s)))
                    .hint("give it cells = [{ table = …, row = …, column = … }]"),
            );
        }
        for c in p.cells.iter().chain(p.or.iter().flatten()) {
            let ok = table(&c.table)
                .is_some_and(|t| has_row(t, &c.row) && has_column(t, &c.row, &c.column));
            if !ok {
                problems.push(
                    Diagnostic::error(format!(
                        "phrase cell {}, {}, {} is not a cell of the form",
                        c.table, c.row, c.column
                    ))
                    .at(file, quoted(&file.text, &c.row))
                    .hint("name a table, a row or group key and one of its values"),
                );
            }
        }
    }
    for c in carries {
        let ok = table(&c.table).is_some_and(|t| {
            t.keyed().any(|(k, _)| k == c.from) && t.keyed().any(|(k, _)| k == c.to)
        });
        if !ok {
            problems.push(
                Diagnostic::error(format!(
                    "carry {} → {} names no rows of table `{}`",
                    c.from, c.to, c.table
                ))
                .at(file, quoted(&file.text, &c.from))
                .hint("name two row keys of one table"),
            );
        }
    }
}
