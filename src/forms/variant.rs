//! A local variant of a national form: rows replaced (（六）其他处理 as one row instead of
//! three, say) and rules added, written in a small file that names the form it extends or in
//! the report's `[form]` itself. The form's own rules still apply wherever the rows they name
//! are still there.

use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;

use super::{Each, Form, Row, Rule, quoted};
use crate::diag::{Diagnostic, SourceFile};

/// A variant file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Variant {
    /// The built-in form it extends, e.g. `gov-disclosure-2021`.
    extends: String,
    /// Its name, for messages (the file's by default).
    name: Option<String>,
    /// The document that sets it, if any.
    source: Option<String>,
    /// Rows replaced.
    #[serde(default)]
    replace: Vec<Replace>,
    /// Rules added.
    #[serde(default)]
    rule: Vec<AddedRule>,
}

/// Rows of a table replaced by others.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Replace {
    /// The table: `active`, `requests` or `review`.
    pub table: String,
    /// The keys of the rows replaced (they stand together).
    pub rows: Vec<String>,
    /// The rows in their place; a row's values (with their spans), optional count and groups
    /// default to the first replaced row's (a row named for a group they stand in: the groups
    /// outside it). A row is added by replacing the row before it by itself and the new one.
    #[serde(default)]
    #[schemars(with = "Vec<serde_json::Value>")]
    pub by: Vec<Row>,
}

/// A rule added to a table.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddedRule {
    /// The table it checks.
    pub table: String,
    /// Its kind in reports.
    pub id: String,
    /// `row` or `column`.
    #[schemars(with = "String")]
    pub each: Each,
    /// `left = right`.
    pub rule: String,
    /// What it says, for reports.
    pub says: Option<String>,
    /// The row named in reports.
    pub row: Option<String>,
}

/// Reads the variant in `file` and applies it to the form it extends.
pub(super) fn apply(file: &Arc<SourceFile>) -> Result<Form, Vec<Diagnostic>> {
    let v: Variant =
        toml::from_str(&file.text).map_err(|e| vec![Diagnostic::from_toml(file, &e)])?;
    let at = |needle: &str| quoted(&file.text, needle);
    let Some(mut form) = Form::builtin(&v.extends) else {
        return Err(vec![
            Diagnostic::error(format!("a variant of an unknown form `{}`", v.extends))
                .at(file, at(&v.extends))
                .hint(format!(
                    "a variant extends a built-in form: {}",
                    Form::names().join(", ")
                )),
        ]);
    };
    let mut problems = Vec::new();
    change(&mut form, v.replace, v.rule, file, &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    form.name = v.name.unwrap_or_else(|| file.name.clone());
    if let Some(s) = v.source {
        form.source = s;
    }
    form.check(file)?;
    Ok(form)
}

/// Applies replaced rows and added rules to `form`; problems are placed at the text they name
/// in `file` (a variant file, or the report whose `[form]` writes them).
pub fn change(
    form: &mut Form,
    replace: Vec<Replace>,
    rules: Vec<AddedRule>,
    file: &Arc<SourceFile>,
    problems: &mut Vec<Diagnostic>,
) {
    let at = |needle: &str| quoted(&file.text, needle);
    let names: Vec<String> = form.tables.iter().map(|t| t.name.clone()).collect();
    let unknown = |table: &str| {
        Diagnostic::error(format!("the form has no table `{table}`"))
            .at(file, at(table))
            .hint(format!("its tables are {}", names.join(", ")))
    };
    for r in replace {
        let Some(table) = form.tables.iter_mut().find(|t| t.name == r.table) else {
            problems.push(unknown(&r.table));
            continue;
        };
        let mut places = Vec::new();
        for key in &r.rows {
            match table
                .rows
                .iter()
                .position(|x| x.key.as_deref() == Some(key))
            {
                Some(i) => places.push(i),
                None => problems.push(
                    Diagnostic::error(format!("table `{}` has no row `{key}` to replace", r.table))
                        .at(file, at(key))
                        .hint(format!(
                            "its rows are {}",
                            table
                                .keyed()
                                .map(|(k, _)| format!("\"{k}\""))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                ),
            }
        }
        let Some(&first) = places.iter().min() else {
            continue;
        };
        if places.len() != r.rows.len() {
            continue;
        }
        let model = table.rows[first].clone();
        let values = table.values_of(&model).to_vec();
        let optional = table.optional_of(&model);
        places.sort_unstable();
        for i in places.into_iter().rev() {
            table.rows.remove(i);
        }
        let by: Vec<Row> =
            r.by.into_iter()
                .map(|mut row| {
                    if row.values.is_none() && row.spans.is_empty() {
                        row.spans = model.spans.clone();
                    }
                    row.values.get_or_insert_with(|| values.clone());
                    row.optional.get_or_insert(optional);
                    if row.group.is_none() {
                        // A row standing for a whole group stands where the group stood.
                        let outside = model.group.iter().flatten();
                        let outside = outside.take_while(|g| row.key.as_ref() != Some(*g));
                        row.group = Some(outside.cloned().collect());
                    }
                    row
                })
                .collect();
        table.rows.splice(first..first, by);
    }
    for r in rules {
        match form.tables.iter_mut().find(|t| t.name == r.table) {
            Some(t) => t.rules.push(Rule {
                id: r.id,
                each: r.each,
                rule: r.rule,
                says: r.says,
                row: r.row,
            }),
            None => problems.push(unknown(&r.table)),
        }
    }
}
