//! The yearbook as data (`gongwen export`): every cell of the national form of every report —
//! report, office, table, row key, row label, column, value or blank, and whether the office
//! stated it — as CSV, JSON or XLSX (`xlsx.rs`: the records on the first sheet, then each
//! report's tables in the form's own layout). The values are the builder's: a total the office
//! left out is computed, a dash counts 0, a blank stays blank.

mod xlsx;

pub use xlsx::xlsx;

use crate::builder::{CellValue, Project};

/// One report to export: its name (the file's stem) and the report built.
pub struct Source<'a> {
    /// The report's name in the records (its file's stem).
    pub name: String,
    /// The report built.
    pub project: &'a Project,
}

/// The columns of a record, as CSV and the first sheet head them.
pub const HEADER: [&str; 8] = [
    "report", "office", "table", "row", "label", "column", "value", "source",
];

/// One form cell of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// The report's name.
    pub report: String,
    /// Its office.
    pub office: String,
    /// The table's name (`requests`).
    pub table: String,
    /// The row's key (`三.一`).
    pub row: String,
    /// The row's label as printed.
    pub label: String,
    /// The value's name (`总计`).
    pub column: String,
    /// The number (`12`, `35.6`), text where the form has text, or empty when blank.
    pub value: String,
    /// Its number, when it has one.
    pub number: Option<f64>,
    /// `stated` (the office's), `computed` (a total left out) or `blank`.
    pub source: &'static str,
}

impl Record {
    /// The record's fields in [`HEADER`]'s order.
    pub fn fields(&self) -> [&str; 8] {
        [
            &self.report,
            &self.office,
            &self.table,
            &self.row,
            &self.label,
            &self.column,
            &self.value,
            self.source,
        ]
    }
}

fn value(c: &CellValue) -> (String, Option<f64>, &'static str) {
    match c.value.and_then(|v| v.round(c.scale).ok()) {
        Some(d) => (
            d.to_string(),
            Some(d.to_string().parse().unwrap_or(0.0)),
            if c.stated { "stated" } else { "computed" },
        ),
        None if c.text.trim().is_empty() => (String::new(), None, "blank"),
        None => (c.text.trim().to_string(), None, "stated"),
    }
}

/// Every form cell of every report, in book order, each table's rows top to bottom. Reports
/// without a `[form]` have none.
pub fn records(sources: &[Source]) -> Vec<Record> {
    let mut out = Vec::new();
    for s in sources {
        let Some(form) = &s.project.form else {
            continue;
        };
        for t in &form.tables {
            for r in &t.rows {
                for c in &r.cells {
                    let (value, number, source) = value(c);
                    out.push(Record {
                        report: s.name.clone(),
                        office: s.project.doc.meta.author.clone(),
                        table: t.name.clone(),
                        row: r.key.clone(),
                        label: r.label.clone(),
                        column: c.column.clone(),
                        value,
                        number,
                        source,
                    });
                }
            }
        }
    }
    out
}

/// A CSV field, quoted when it must be (RFC 4180).
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The records as CSV: UTF-8 with a byte-order mark (so that Excel reads the Chinese), a header
/// line, CRLF line ends.
pub fn csv(records: &[Record]) -> String {
    let mut out = String::from("\u{feff}");
    let line = |fields: &[&str]| {
        fields
            .iter()
            .map(|f| field(f))
            .collect::<Vec<_>>()
            .join(",")
            + "\r\n"
    };
    out.push_str(&line(&HEADER));
    for r in records {
        out.push_str(&line(&r.fields()));
    }
    out
}

/// The records as JSON: `{"records": [...]}`, each with its fields, `value` a number when it
/// has one, text, or null when blank.
pub fn json(records: &[Record]) -> serde_json::Value {
    let items: Vec<serde_json::Value> = records
        .iter()
        .map(|r| {
            let value = match (r.number, r.value.is_empty()) {
                (Some(_), _) if !r.value.contains('.') => r
                    .value
                    .parse::<i64>()
                    .map_or_else(|_| serde_json::json!(r.value), |n| serde_json::json!(n)),
                (Some(n), _) => serde_json::json!(n),
                (None, true) => serde_json::Value::Null,
                (None, false) => serde_json::json!(r.value),
            };
            serde_json::json!({
                "report": r.report,
                "office": r.office,
                "table": r.table,
                "row": r.row,
                "label": r.label,
                "column": r.column,
                "value": value,
                "source": r.source,
            })
        })
        .collect();
    serde_json::json!({ "records": items })
}
