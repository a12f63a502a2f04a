//! The national annual-report forms (政府信息公开工作年度报告) as data: each form is a
//! description file (`forms/*.toml`, embedded like the layouts) giving its sections, its tables'
//! rows, columns and merged labels, and its arithmetic as rules in the figures' expression
//! language. A variant file extends a built-in form (`variant.rs`). The one form builder
//! ([`crate::builder`]) fills a description with an office's numbers and checks its rules.

mod phrases;
mod skeleton;
mod variant;

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

pub use crate::printed::{DASHES, Printed, UNITS, printed};
pub use phrases::{Carry, CellRef, Phrase, Phrases};
pub use skeleton::skeleton;
pub use variant::{AddedRule, Replace};

use crate::diag::{Diagnostic, SourceFile};
use crate::expr::{self, Expr};
use crate::model::{AlignDef, CellSpec};

/// The built-in forms: name and description text.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "gov-disclosure-2021",
        include_str!("../forms/gov-disclosure-2021.toml"),
    ),
    (
        "gov-disclosure-2019",
        include_str!("../forms/gov-disclosure-2019.toml"),
    ),
];

/// A form: its sections and tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Form {
    /// The name a report writes in `[form] kind`, e.g. `gov-disclosure-2021`.
    pub name: String,
    /// The document that sets the format, e.g. 国办公开办函〔2021〕30号.
    pub source: String,
    /// The report's sections, for the skeleton `gongwen new --form` writes.
    #[serde(default, rename = "section")]
    pub sections: Vec<Section>,
    /// The tables, in the order the report prints them.
    #[serde(rename = "table")]
    pub tables: Vec<Table>,
    /// The phrases of a report's text that state its cells (`[text]`), checked against them.
    #[serde(default)]
    pub text: Option<Phrases>,
    /// The rows last year's report carries into this year's (`[[carry]]`).
    #[serde(default, rename = "carry")]
    pub carries: Vec<Carry>,
}

/// A section of the form's report: its title and a prompt (or a table's placement line).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The title, without its number.
    pub title: String,
    /// The text the skeleton writes under it.
    pub text: String,
}

/// A table of the form.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// The name text places it by (`{table:requests}`) and `[form.NAME]` fills it with.
    pub name: String,
    /// What it shows, for messages: 收到和处理政府信息公开申请情况.
    pub title: String,
    /// Label columns on the left.
    #[serde(default)]
    pub stub: usize,
    /// The grid's columns.
    pub columns: Vec<Column>,
    /// Header rows (repeated on every page); none: the table has no header.
    #[serde(default)]
    pub header: Vec<Vec<Cell>>,
    /// Merged labels over rows: a row names the groups it stands in.
    #[serde(default)]
    pub groups: Vec<Group>,
    /// The value names of a row that names none.
    #[serde(default)]
    pub values: Vec<String>,
    /// How many trailing values of a row (that says nothing) may be left out.
    #[serde(default)]
    pub optional: usize,
    /// The body rows, top to bottom.
    pub rows: Vec<Row>,
    /// The table's arithmetic.
    #[serde(default, rename = "rule")]
    pub rules: Vec<Rule>,
}

/// A grid column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// Its title, for messages (`column 总计`).
    #[serde(default)]
    pub title: String,
    /// Relative width.
    #[serde(default = "one")]
    pub width: f64,
    /// Alignment of its body cells (default: right, for numbers).
    pub align: Option<AlignDef>,
}

fn one() -> f64 {
    1.0
}

/// A printed cell of the form (a header, a clause or a heading row): text, or text with spans.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Cell {
    /// Text in one cell.
    Text(String),
    /// Text spanning columns or rows, or aligned its own way.
    Full(CellSpec),
}

impl Cell {
    /// The cell as text, columns, rows and alignment.
    pub fn parts(&self) -> (&str, usize, usize, Option<AlignDef>) {
        match self {
            Cell::Text(t) => (t, 1, 1, None),
            Cell::Full(c) => (&c.text, c.cols.unwrap_or(1), c.rows.unwrap_or(1), c.align),
        }
    }
}

/// A merged label over consecutive rows (三、本年度办理结果 over the results).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Group {
    /// Its key: a row names it in `group`; a rule may compute it (it has no cells printed).
    pub key: String,
    /// The label printed.
    pub label: String,
    /// Its alignment.
    pub align: Option<AlignDef>,
}

/// A body row: printed cells (`cells`), or a row the office fills (`key`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// A printed row's cells (centred unless they say otherwise).
    #[serde(default)]
    pub cells: Vec<Cell>,
    /// The key in `[form.TABLE]`, e.g. `三.三.1`.
    pub key: Option<String>,
    /// The national label.
    pub label: Option<String>,
    /// The groups it stands in, outermost first.
    pub group: Option<Vec<String>>,
    /// Its value names (the table's when not given).
    pub values: Option<Vec<String>>,
    /// Columns each value spans (1 each when not given).
    #[serde(default)]
    pub spans: Vec<usize>,
    /// Trailing values that may be left out (the table's when not given).
    pub optional: Option<usize>,
    /// The whole row may be left out: its cells are computed by the rules.
    #[serde(default, rename = "optional-row")]
    pub optional_row: bool,
    /// It continues the printed row above (a table of several parts in one row).
    #[serde(default, rename = "same-row")]
    pub same_row: bool,
    /// Values that may be text (the 2019 procurement amount: 251000元).
    #[serde(default)]
    pub text: Vec<String>,
}

/// How a rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Each {
    /// In every row that has its names (they name values of the row).
    Row,
    /// In every column (they name rows and groups).
    Column,
}

/// A rule of the form's arithmetic: `left = right`, in each row or each column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The rule's kind in reports: `row-total`, `column-total` ….
    pub id: String,
    /// Where it applies.
    pub each: Each,
    /// `left = right`, e.g. `总计 = 自然人 + 其他`; a left side of one cell is computed
    /// when the office leaves it out or blank.
    pub rule: String,
    /// What it says, for reports (the rule itself when not given).
    pub says: Option<String>,
    /// The row named in reports (the computed cell's row when not given).
    pub row: Option<String>,
}

impl Rule {
    /// Its two sides, parsed.
    pub fn sides(&self) -> Result<(Expr, Expr), String> {
        if self.rule.len() > 4096 {
            return Err(format!(
                "a rule of {} bytes; a form's rule is at most 4096",
                self.rule.len()
            ));
        }
        let mut parts = self.rule.split('=');
        let (Some(l), Some(r), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!(
                "rule `{}` is not of the form `left = right`",
                self.rule
            ));
        };
        let side =
            |s: &str| expr::parse(s, 0).map_err(|e| format!("rule `{}`: {}", self.rule, e.message));
        Ok((side(l)?, side(r)?))
    }

    /// What it says.
    pub fn says(&self) -> &str {
        self.says.as_deref().unwrap_or(&self.rule)
    }
}

impl Table {
    /// The rows the office fills, in order.
    pub fn keyed(&self) -> impl Iterator<Item = (&str, &Row)> {
        self.rows
            .iter()
            .filter_map(|r| r.key.as_deref().map(|k| (k, r)))
    }

    /// A row's value names.
    pub fn values_of<'a>(&'a self, row: &'a Row) -> &'a [String] {
        row.values.as_deref().unwrap_or(&self.values)
    }

    /// How many trailing values of `row` may be left out.
    pub fn optional_of(&self, row: &Row) -> usize {
        row.optional.unwrap_or(self.optional)
    }

    /// The group named `key`.
    pub fn group(&self, key: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.key == key)
    }

    /// A row's label with the groups it stands in below the outermost, for messages:
    /// （三）不予公开1.属于国家秘密.
    pub fn full_label(&self, row: &Row) -> Option<String> {
        let label = row.label.as_deref()?;
        let groups = row.group.as_deref().unwrap_or(&[]);
        let inner: String = groups
            .iter()
            .skip(1)
            .filter_map(|g| self.group(g).map(|g| g.label.as_str()))
            .collect();
        Some(format!("{inner}{label}"))
    }
}

impl Form {
    /// The built-in form named `name` (each is parsed once).
    pub fn builtin(name: &str) -> Option<Form> {
        static FORMS: OnceLock<Vec<Form>> = OnceLock::new();
        let all = FORMS.get_or_init(|| {
            BUILTIN
                .iter()
                .map(|(name, text)| {
                    let file = SourceFile::new(
                        format!("<built-in form {name}>"),
                        Path::new(""),
                        (*text).into(),
                    );
                    Form::parse(&file).expect("the built-in forms are valid")
                })
                .collect()
        });
        all.iter().find(|f| f.name == name).cloned()
    }

    /// The names of the built-in forms.
    pub fn names() -> Vec<&'static str> {
        BUILTIN.iter().map(|(n, _)| *n).collect()
    }

    /// Parses and checks a form description.
    pub fn parse(file: &Arc<SourceFile>) -> Result<Form, Vec<Diagnostic>> {
        let form: Form =
            toml::from_str(&file.text).map_err(|e| vec![Diagnostic::from_toml(file, &e)])?;
        form.check(file)?;
        Ok(form)
    }

    /// Reads a variant file (it extends a built-in form) and applies it.
    pub fn variant(file: &Arc<SourceFile>) -> Result<Form, Vec<Diagnostic>> {
        variant::apply(file)
    }

    /// The form with rows replaced and rules added as a report's `[form]` writes them (in
    /// `file`, where problems are placed).
    pub fn changed(
        mut self,
        replace: &[Replace],
        rules: &[AddedRule],
        file: &Arc<SourceFile>,
    ) -> Result<Form, Vec<Diagnostic>> {
        let mut problems = Vec::new();
        variant::change(
            &mut self,
            replace.to_vec(),
            rules.to_vec(),
            file,
            &mut problems,
        );
        if !problems.is_empty() {
            return Err(problems);
        }
        self.check(file)?;
        Ok(self)
    }

    /// The table named `name`.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// Checks what serde cannot: unique keys, known groups, value counts and spans that fill
    /// the grid, rules that parse. Problems are placed at the text they name in `file`.
    pub fn check(&self, file: &Arc<SourceFile>) -> Result<(), Vec<Diagnostic>> {
        let mut problems = Vec::new();
        let at = |needle: &str| quoted(&file.text, needle);
        for t in &self.tables {
            let mut seen = HashSet::new();
            // Columns filled by each printed row: its parts' spans after the label columns.
            let mut widths: Vec<(usize, &str)> = Vec::new();
            for (key, row) in t.keyed() {
                if !seen.insert(key) {
                    problems.push(
                        Diagnostic::error(format!("table `{}` has two rows `{key}`", t.name))
                            .at(file, at(key)),
                    );
                }
                for g in row.group.iter().flatten() {
                    if t.group(g).is_none() {
                        problems.push(
                            Diagnostic::error(format!("row `{key}` names an unknown group `{g}`"))
                                .at(file, at(g))
                                .hint("declare it in the table's groups"),
                        );
                    }
                }
                let depth = row.group.as_ref().map_or(0, Vec::len);
                if t.stub > 0 && depth >= t.stub {
                    problems.push(
                        Diagnostic::error(format!(
                            "row `{key}` stands in {depth} groups; the table has {} label columns",
                            t.stub
                        ))
                        .at(file, at(key)),
                    );
                }
                let values = t.values_of(row);
                if values.is_empty() {
                    problems.push(
                        Diagnostic::error(format!(
                            "row `{key}` of table `{}` has no values",
                            t.name
                        ))
                        .at(file, at(key))
                        .hint("give the row values = [...], or the table values = [...]"),
                    );
                }
                let spans: usize = (0..values.len())
                    .map(|i| row.spans.get(i).copied().unwrap_or(1).max(1))
                    .sum();
                match widths.last_mut() {
                    Some(w) if row.same_row => w.0 += spans,
                    _ => widths.push((t.stub + spans, key)),
                }
            }
            for (width, key) in widths {
                if width != t.columns.len() {
                    problems.push(
                        Diagnostic::error(format!(
                            "row `{key}` of table `{}` fills {width} of its {} columns",
                            t.name,
                            t.columns.len()
                        ))
                        .at(file, at(key))
                        .hint(
                            "give it values (or the table's), spans and groups that fill the row",
                        ),
                    );
                }
            }
            for rule in &t.rules {
                if let Err(m) = rule.sides() {
                    problems.push(Diagnostic::error(m).at(file, at(&rule.rule)));
                }
            }
        }
        phrases::check(
            &self.tables,
            self.text.as_ref(),
            &self.carries,
            file,
            &mut problems,
        );
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// The place of `"needle"` in `text` (else of the bare needle, else the start).
pub(crate) fn quoted(text: &str, needle: &str) -> std::ops::Range<usize> {
    let q = format!("\"{needle}\"");
    match text.find(&q).or_else(|| text.find(needle)) {
        Some(i) if text[i..].starts_with(&q) => i..i + q.len(),
        Some(i) => i..i + needle.len(),
        None => 0..0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_forms_are_valid_and_complete() {
        for name in Form::names() {
            let f = Form::builtin(name).unwrap();
            assert_eq!(f.name, name);
            assert_eq!(f.sections.len(), 6);
            let names: Vec<&str> = f.tables.iter().map(|t| t.name.as_str()).collect();
            assert_eq!(names, ["active", "requests", "review"]);
        }
        let f = Form::builtin("gov-disclosure-2021").unwrap();
        assert_eq!(f.table("requests").unwrap().keyed().count(), 25);
        let f = Form::builtin("gov-disclosure-2019").unwrap();
        assert_eq!(f.table("requests").unwrap().keyed().count(), 23);
    }
}
