//! A form table's rules applied to its cells. Each rule (`left = right`, in the figures'
//! expression language) becomes one instance a row or a column; the cells become figures, so
//! the rules are evaluated by [`Figures::eval`] like any figure's formula. A rule whose left
//! side is one cell computes it when the office left it out or blank (for printing, or only
//! for checking); every other instance checks, and never reports a blank as a stated 0.

use std::collections::HashSet;
use std::sync::Arc;

use super::cells::{Grid, Kind};
use crate::builder::checks;
use crate::builder::figures::{Figure, Figures, Formula, Value};
use crate::diag::{Diagnostic, SourceFile};
use crate::expr::Expr;
use crate::number::Num;

use crate::doc::Origin;
use crate::forms::{Each, Rule, Table};

/// A rule applied in one row or one column.
struct Instance<'a> {
    rule: &'a Rule,
    left: Expr,
    right: Formula,
    /// The row key (each row) or value name (each column) names resolve in.
    group: String,
    /// The one cell the left side names.
    target: Option<(String, String)>,
    row: String,
    column: String,
}

/// Whether `f` only adds names (its terms then read `a 1 + b 2`).
fn is_sum(f: &Formula) -> bool {
    fn sum(e: &Expr) -> bool {
        match e {
            Expr::Ref(_) => true,
            Expr::Bin(crate::expr::Op::Add, a, b) => sum(a) && sum(b),
            _ => false,
        }
    }
    matches!(f, Formula::Expr(e) if sum(e))
}

fn names(e: &Expr) -> Vec<String> {
    e.names().into_iter().map(|n| n.text.clone()).collect()
}

fn cell_key(group: &str, each: Each, name: &str) -> (String, String) {
    match each {
        Each::Row => (group.to_string(), name.to_string()),
        Each::Column => (name.to_string(), group.to_string()),
    }
}

/// A row as messages name it: `"三.一" (（一）予以公开)`, or its key alone.
fn row_name(table: &Table, key: &str) -> String {
    let label = table
        .keyed()
        .find(|(k, _)| *k == key)
        .and_then(|(_, r)| table.full_label(r))
        .or_else(|| table.group(key).map(|g| g.label.clone()));
    match label {
        Some(l) => format!("\"{key}\" ({l})"),
        None => key.to_string(),
    }
}

fn instances<'a>(table: &'a Table, grid: &mut Grid) -> Vec<Instance<'a>> {
    let mut columns: Vec<&String> = Vec::new();
    for (_, row) in table.keyed() {
        for v in table.values_of(row) {
            if !columns.contains(&v) {
                columns.push(v);
            }
        }
    }
    let parsed: Vec<(&Rule, Expr, Expr)> = table
        .rules
        .iter()
        .filter_map(|r| r.sides().ok().map(|(l, rt)| (r, l, rt)))
        .collect();
    // Groups' totals: computed cells of rows that are not printed, where their parts are.
    let rows: HashSet<&str> = table.keyed().map(|(k, _)| k).collect();
    for c in &columns {
        loop {
            let mut added = false;
            for (rule, left, right) in &parsed {
                let Expr::Ref(n) = left else { continue };
                let key = (n.text.clone(), (*c).clone());
                if rule.each != Each::Column
                    || rows.contains(n.text.as_str())
                    || grid.cells.contains_key(&key)
                {
                    continue;
                }
                if names(right)
                    .iter()
                    .all(|m| grid.cells.contains_key(&(m.clone(), (*c).clone())))
                {
                    grid.cells.insert(
                        key,
                        super::cells::Cell::unknown(Kind::Virtual, Origin(None)),
                    );
                    added = true;
                }
            }
            if !added {
                break;
            }
        }
    }
    let mut out = Vec::new();
    for (rule, left, right) in &parsed {
        let all: Vec<String> = names(left).into_iter().chain(names(right)).collect();
        let groups: Vec<String> = match rule.each {
            Each::Row => table.keyed().map(|(k, _)| k.to_string()).collect(),
            Each::Column => columns.iter().map(|c| (*c).clone()).collect(),
        };
        for g in groups {
            if !all
                .iter()
                .all(|n| grid.cells.contains_key(&cell_key(&g, rule.each, n)))
            {
                continue;
            }
            let target = match left {
                Expr::Ref(n) => Some(cell_key(&g, rule.each, &n.text)),
                _ => None,
            };
            let (row, column) = match rule.each {
                Each::Row => (
                    row_name(table, &g),
                    target.as_ref().map(|t| t.1.clone()).unwrap_or_default(),
                ),
                Each::Column => (
                    rule.row.clone().unwrap_or_else(|| match &target {
                        Some(t) => row_name(table, &t.0),
                        None => rule.rule.clone(),
                    }),
                    g.clone(),
                ),
            };
            out.push(Instance {
                rule,
                left: left.clone(),
                right: Formula::Expr(right.clone()),
                group: g,
                target,
                row,
                column,
            });
        }
    }
    out
}

/// The cells as figures: each under `KEY.VALUE` (for rules in a row) and `VALUE.KEY` (in a
/// column).
fn figures(grid: &Grid) -> Figures {
    let mut list = Vec::new();
    for ((key, value), c) in &grid.cells {
        for path in [format!("{key}.{value}"), format!("{value}.{key}")] {
            list.push(Figure {
                path,
                group: String::new(),
                label: None,
                unit: None,
                decimals: c.scale,
                thousands: false,
                stated: None,
                formula: None,
                span: 0..0,
                value: c.value,
            });
        }
    }
    Figures::from_list(list)
}

fn set(grid: &mut Grid, figs: &mut Figures, key: &(String, String), value: Num, scale: u32) {
    if let Some(c) = grid.cells.get_mut(key) {
        c.value = Some(value);
        c.scale = scale;
    }
    for path in [
        format!("{}.{}", key.0, key.1),
        format!("{}.{}", key.1, key.0),
    ] {
        if let Some(f) = figs.get_mut(&path) {
            f.value = Some(value);
            f.decimals = scale;
        }
    }
}

/// Computes every cell a rule gives and the office did not state, until nothing changes.
fn derive(grid: &mut Grid, figs: &mut Figures, all: &[Instance]) {
    loop {
        let mut changed = false;
        for i in all {
            let Some(t) = &i.target else { continue };
            let open = grid.cells.get(t).is_some_and(|c| {
                c.value.is_none() && matches!(c.kind, Kind::Blank | Kind::Missing | Kind::Virtual)
            });
            if !open {
                continue;
            }
            if let Ok(v) = figs.eval(&i.right, &i.group) {
                set(grid, figs, t, v.num, v.decimals);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

/// Applies the table's rules: computes what the office left out or blank, then reports every
/// break among what it stated.
pub(super) fn apply(file: &Arc<SourceFile>, table: &Table, grid: &mut Grid) -> Vec<Diagnostic> {
    let all = instances(table, grid);
    let mut figs = figures(grid);
    derive(grid, &mut figs, &all);
    // A blank no rule gives stands for nothing in a sum; computed cells may then follow.
    let targets: HashSet<&(String, String)> =
        all.iter().filter_map(|i| i.target.as_ref()).collect();
    let blanks: Vec<(String, String)> = grid
        .cells
        .iter()
        .filter(|(k, c)| c.kind == Kind::Blank && c.value.is_none() && !targets.contains(k))
        .map(|(k, _)| k.clone())
        .collect();
    for k in &blanks {
        set(grid, &mut figs, k, Num::ZERO, 0);
    }
    derive(grid, &mut figs, &all);
    for c in grid.cells.values_mut() {
        if c.kind == Kind::Missing
            && let Some(v) = c.value
        {
            c.text = v.round(c.scale).map(|d| d.to_string()).unwrap_or_default();
        }
    }
    let name = format!("table {} ({})", table.name, table.title);
    let mut breaks = Vec::new();
    for i in &all {
        // The cells the instance names that the office stated, left side first.
        let Formula::Expr(right) = &i.right else {
            continue;
        };
        let stated: Vec<&Origin> = names(&i.left)
            .iter()
            .chain(&names(right))
            .filter_map(|n| grid.cells.get(&cell_key(&i.group, i.rule.each, n)))
            .filter(|c| matches!(c.kind, Kind::Stated | Kind::Dash))
            .map(|c| &c.origin)
            .collect();
        // Over cells all blank or left out, a break only repeats one among the cells they
        // are computed from, where it is reported.
        let Some(&first_stated) = stated.first() else {
            continue;
        };
        let Ok(computed) = figs.eval(&i.right, &i.group) else {
            continue;
        };
        let (stated, origin) = match &i.target {
            Some(t) => {
                let Some(c) = grid.cells.get(t) else { continue };
                if !matches!(c.kind, Kind::Stated | Kind::Dash) {
                    continue; // computed here, or blank: never a stated number
                }
                let Some(v) = c.value else { continue };
                (
                    Value {
                        num: v,
                        unit: None,
                        decimals: c.scale,
                        terms: Vec::new(),
                    },
                    c.origin.clone(),
                )
            }
            None => {
                let Ok(v) = figs.eval(&Formula::Expr(i.left.clone()), &i.group) else {
                    continue;
                };
                (v, first_stated.clone())
            }
        };
        // A left side that sums cells not all stated: its own working, blanks said.
        let left_cells: Vec<(String, Option<&super::cells::Cell>)> = names(&i.left)
            .into_iter()
            .map(|n| {
                let c = grid.cells.get(&cell_key(&i.group, i.rule.each, &n));
                (n, c)
            })
            .collect();
        let stated_kind = |c: &super::cells::Cell| matches!(c.kind, Kind::Stated | Kind::Dash);
        let left: Option<String> = (i.target.is_none()
            && left_cells
                .iter()
                .any(|(_, c)| c.is_some_and(|c| !stated_kind(c))))
        .then(|| {
            let terms: Vec<String> = left_cells
                .iter()
                .map(|(n, c)| {
                    let v = c.and_then(|c| c.value.and_then(|v| v.round(c.scale).ok()));
                    let v = v.map_or_else(String::new, |v| format!(" {v}"));
                    let why = match c.filter(|c| !stated_kind(c)).map(|c| c.kind) {
                        Some(Kind::Blank) => " (blank, computed)",
                        Some(Kind::Missing) => " (left out, computed)",
                        Some(_) => " (its items)",
                        None => "",
                    };
                    format!("{n}{v}{why}")
                })
                .collect();
            terms.join(if is_sum(&Formula::Expr(i.left.clone())) {
                " + "
            } else {
                ", "
            })
        });
        let prefix = format!("{}.", i.group);
        let working: Vec<String> = computed
            .terms
            .iter()
            .map(|(p, v)| format!("{} {v}", p.strip_prefix(&prefix).unwrap_or(p)))
            .collect();
        breaks.extend(checks::cell_break(
            file,
            &checks::CellRule {
                rule: &i.rule.id,
                says: i.rule.says(),
                table: &name,
                row: &i.row,
                column: &i.column,
                working: &working.join(if is_sum(&i.right) { " + " } else { ", " }),
                left: left.as_deref(),
            },
            (stated.num, stated.decimals, &origin),
            computed.num,
            computed.decimals,
        ));
    }
    breaks
}
