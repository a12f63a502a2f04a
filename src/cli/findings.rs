//! Findings as JSON for machines (`gongwen check --format json`): every diagnostic with its
//! place, and for a consistency break the rule, the two numbers and where the break is.

use gongwen::builder::{Break, Citation};
use gongwen::diag::{Diagnostic, Severity};
use serde_json::{Value, json};

fn place(d: &Diagnostic) -> (Value, Value, Value) {
    match (&d.file, &d.span) {
        (Some(f), Some(s)) => {
            let (l, c) = f.line_col(s.start);
            (json!(f.name), json!(l), json!(c))
        }
        (Some(f), None) => (json!(f.name), Value::Null, Value::Null),
        _ => (Value::Null, Value::Null, Value::Null),
    }
}

fn citation(c: &Citation) -> Value {
    let (file, line, column) = match &c.origin.0 {
        Some((f, r)) => {
            let (l, col) = f.line_col(r.start);
            (json!(f.name), json!(l), json!(col))
        }
        None => (Value::Null, Value::Null, Value::Null),
    };
    json!({ "place": c.place, "file": file, "line": line, "column": column })
}

fn same(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.message == b.message
        && a.span == b.span
        && a.file.as_ref().map(|f| &f.name) == b.file.as_ref().map(|f| &f.name)
}

/// The report of `check` as JSON: `status` is `clean`, `findings` or `unusable`.
pub fn json(report: &str, status: &str, findings: &[Diagnostic], breaks: &[Break]) -> Value {
    let items: Vec<Value> = findings
        .iter()
        .map(|d| {
            let (file, line, column) = place(d);
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Note => "note",
            };
            let mut item = json!({
                "severity": severity,
                "kind": "problem",
                "message": d.message,
                "file": file,
                "line": line,
                "column": column,
                "label": d.label,
                "hints": d.hints,
            });
            if let Some(b) = breaks.iter().find(|b| same(&b.diagnostic, d)) {
                let section = b
                    .citations
                    .iter()
                    .find_map(|c| c.place.strip_prefix("section ").map(str::to_string));
                item["kind"] = json!("check");
                item["check"] = json!({
                    "rule": b.rule,
                    "says": b.says,
                    "stated": b.stated,
                    "computed": b.computed,
                    "figure": b.figure,
                    "section": section,
                    "table": b.table,
                    "row": b.row,
                    "column": b.column,
                    "citations": b.citations.iter().map(citation).collect::<Vec<_>>(),
                });
            }
            item
        })
        .collect();
    json!({ "report": report, "status": status, "findings": items })
}
