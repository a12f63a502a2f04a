//! Findings as JSON for machines (`gongwen check --format json`): every finding with its kind,
//! severity and place, and for a consistency break the rule, the two numbers and where it is.

use serde_json::{Value, json};

use super::Diagnostic;
use crate::builder::Citation;

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

/// One finding as JSON: its `kind` and `severity` are the finding's own data.
pub fn finding(d: &Diagnostic) -> Value {
    let (file, line, column) = place(d);
    let mut item = json!({
        "severity": d.severity.word(),
        "kind": d.kind.word(),
        "message": d.message,
        "file": file,
        "line": line,
        "column": column,
        "label": d.label,
        "hints": d.hints,
    });
    if let Some(b) = &d.check {
        item["check"] = json!({
            "rule": b.rule,
            "says": b.says,
            "stated": b.stated,
            "computed": b.computed,
            "figure": b.figure,
            "section": b.section(),
            "table": b.table,
            "row": b.row,
            "column": b.column,
            "citations": b.citations.iter().map(citation).collect::<Vec<_>>(),
        });
    }
    item
}

/// The report of `check` as JSON: `status` is `clean`, `findings` or `unusable`.
pub fn report(report: &str, status: &str, findings: &[Diagnostic]) -> Value {
    let items: Vec<Value> = findings.iter().map(finding).collect();
    json!({ "report": report, "status": status, "findings": items })
}
