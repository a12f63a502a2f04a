//! The form's cells once built, as data for everything after the builder: the text checked
//! against them (`builder/stated.rs`), last year's report against this one (`check
//! --previous`) and `export`. Every cell of every keyed row, as printed and as a number, and
//! the groups' totals the rules computed (never printed).

use super::cells::{Grid, Kind};
use crate::doc::Origin;
use crate::forms::Table;
use crate::number::Num;

/// The form of one report, built: its name and its tables' cells.
#[derive(Debug, Clone, Default)]
pub struct FormCells {
    /// The form's name (`gov-disclosure-2021`).
    pub form: String,
    /// Its tables, in the form's order.
    pub tables: Vec<TableCells>,
    /// The rows last year's report carries into this one (`check --previous`).
    pub carries: Vec<crate::forms::Carry>,
}

/// One table's cells.
#[derive(Debug, Clone)]
pub struct TableCells {
    /// The name text places it by (`requests`).
    pub name: String,
    /// What it shows (收到和处理政府信息公开申请情况).
    pub title: String,
    /// Its keyed rows, top to bottom.
    pub rows: Vec<RowCells>,
    /// The groups' totals the rules computed (`三.三`), never printed.
    pub groups: Vec<RowCells>,
    /// The table as printed (header and body with spans), once it is placed in the text.
    pub printed: Option<crate::doc::Table>,
}

/// A keyed row (or a group's totals).
#[derive(Debug, Clone)]
pub struct RowCells {
    /// Its key (`三.一`).
    pub key: String,
    /// Its label as printed (the office's, else the national one), with the inner groups it
    /// stands in (（三）不予公开1.属于国家秘密).
    pub label: String,
    /// Its values, in the form's order.
    pub cells: Vec<CellValue>,
}

/// One cell.
#[derive(Debug, Clone)]
pub struct CellValue {
    /// The value's name (`自然人`, `总计`).
    pub column: String,
    /// As printed: the office's text, a computed total's number, or empty when blank.
    pub text: String,
    /// Its number: stated or computed (a dash counts 0); `None` when blank or text.
    pub value: Option<Num>,
    /// Its decimals.
    pub scale: u32,
    /// Whether the office stated it (a number, a figure or a dash), not computed.
    pub stated: bool,
    /// Where it is written (its row's place for a computed cell).
    pub origin: Origin,
}

impl FormCells {
    /// The table named `name`.
    pub fn table(&self, name: &str) -> Option<&TableCells> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// The cell at `table`, `row` (a row's key or a group's), `column`.
    pub fn cell(&self, table: &str, row: &str, column: &str) -> Option<&CellValue> {
        let t = self.table(table)?;
        let r = t.rows.iter().chain(&t.groups).find(|r| r.key == row)?;
        r.cells.iter().find(|c| c.column == column)
    }
}

impl TableCells {
    /// The keyed row `key`.
    pub fn row(&self, key: &str) -> Option<&RowCells> {
        self.rows.iter().chain(&self.groups).find(|r| r.key == key)
    }
}

fn value(grid: &Grid, key: &str, column: &str, row_origin: &Origin) -> Option<CellValue> {
    let c = grid.cells.get(&(key.to_string(), column.to_string()))?;
    let stated = matches!(c.kind, Kind::Stated | Kind::Dash);
    let value = match c.kind {
        Kind::Stated | Kind::Dash | Kind::Missing | Kind::Virtual => c.value,
        Kind::Blank | Kind::Text => None,
    };
    let origin = if c.origin.0.is_some() {
        c.origin.clone()
    } else {
        row_origin.clone()
    };
    Some(CellValue {
        column: column.to_string(),
        text: match c.kind {
            Kind::Virtual => value
                .and_then(|v| v.round(c.scale).ok())
                .map(|d| d.to_string())
                .unwrap_or_default(),
            _ => c.text.clone(),
        },
        value,
        scale: c.scale,
        stated,
        origin,
    })
}

/// The cells of `table` once its rules have computed what they give.
pub(super) fn read(table: &Table, grid: &Grid, o: &Origin) -> TableCells {
    let rows = table
        .keyed()
        .map(|(key, row)| {
            let ro = grid.rows.get(key).cloned().unwrap_or_else(|| o.clone());
            let label = match grid.labels.get(key) {
                Some(l) => l.clone(),
                None => table.full_label(row).unwrap_or_else(|| key.to_string()),
            };
            RowCells {
                key: key.to_string(),
                label,
                cells: table
                    .values_of(row)
                    .iter()
                    .filter_map(|n| value(grid, key, n, &ro))
                    .collect(),
            }
        })
        .collect();
    let groups = table
        .groups
        .iter()
        .map(|g| RowCells {
            key: g.key.clone(),
            label: grid.labels.get(&g.key).unwrap_or(&g.label).clone(),
            cells: table
                .values
                .iter()
                .filter_map(|n| value(grid, &g.key, n, o))
                .collect(),
        })
        .filter(|r| !r.cells.is_empty())
        .collect();
    TableCells {
        name: table.name.clone(),
        title: table.title.clone(),
        rows,
        groups,
        printed: None,
    }
}
