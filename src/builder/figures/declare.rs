//! Reading `[figures]`: every figure walked from the file's own parse, stated or defined.

use std::ops::Range;
use std::sync::Arc;

use toml::de::{DeTable, DeValue};

use super::{Figure, Figures, Formula};
use crate::diag::{Diagnostic, SourceFile};
use crate::expr::{self, Name};
use crate::number::Dec;

/// The keys a figure's inline table may have.
const KEYS: &[&str] = &[
    "value",
    "unit",
    "decimals",
    "thousands",
    "label",
    "sum",
    "share",
    "diff",
    "expr",
];

/// Whether a table under `[figures]` is a figure rather than a group: an inline table
/// (`{ value = 845, … }`) with any figure key; a `[figures.a.b]` table only when every key is a
/// figure key, none holds a table, and it states or derives a value (so that a group may have
/// figures called `share` or `value`).
fn is_figure(text: &str, span: Range<usize>, t: &DeTable) -> bool {
    let key = |k: &toml::Spanned<std::borrow::Cow<'_, str>>| KEYS.contains(&k.get_ref().as_ref());
    if text
        .get(span)
        .is_some_and(|raw| raw.trim_start().starts_with('{'))
    {
        return t.keys().any(key);
    }
    t.keys().all(key)
        && !t.values().any(|v| matches!(v.get_ref(), DeValue::Table(_)))
        && t.keys()
            .any(|k| ["value", "sum", "share", "diff", "expr"].contains(&k.get_ref().as_ref()))
}

impl Figures {
    /// Reads `[figures]` from the file and computes every derived figure. Problems are pushed.
    pub fn read(file: &Arc<SourceFile>, problems: &mut Vec<Diagnostic>) -> Figures {
        let mut figures = Figures::default();
        // serde has accepted the file already, so a parse error here cannot happen; be quiet.
        let Ok(doc) = DeTable::parse(&file.text) else {
            return figures;
        };
        let Some(top) = doc.get_ref().get("figures") else {
            return figures;
        };
        match top.get_ref() {
            DeValue::Table(t) => figures.walk(file, t, "", problems),
            _ => problems.push(
                Diagnostic::error("`figures` must be a table of figures")
                    .at(file, top.span())
                    .hint("write [figures.group] with lines such as total = 113419"),
            ),
        }
        figures.index = figures
            .list
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.clone(), i))
            .collect();
        figures.resolve(file, problems);
        figures
    }

    fn walk(
        &mut self,
        file: &Arc<SourceFile>,
        table: &DeTable,
        prefix: &str,
        problems: &mut Vec<Diagnostic>,
    ) {
        for (key, value) in table.iter() {
            let k: &str = key.get_ref();
            let path = if prefix.is_empty() {
                k.to_string()
            } else {
                format!("{prefix}.{k}")
            };
            let bad = k.is_empty()
                || !k.chars().next().is_some_and(expr::name_start)
                || !k.chars().all(|c| expr::name_char(c) && c != '.');
            if bad {
                problems.push(
                    Diagnostic::error(format!("`{k}` cannot name a figure"))
                        .at(file, key.span())
                        .label("cited as {…} in text, so letters, digits, _ and - only, starting with a letter")
                        .hint("rename it, e.g. online or 网络申请"),
                );
                continue;
            }
            match value.get_ref() {
                DeValue::Integer(_) | DeValue::Float(_) => {
                    if let Some(f) = self.stated(file, &path, prefix, value, problems) {
                        self.list.push(f);
                    }
                }
                DeValue::Table(t) if is_figure(&file.text, value.span(), t) => {
                    if let Some(f) = self.definition(file, &path, prefix, t, value.span(), problems) {
                        self.list.push(f);
                    }
                }
                DeValue::Table(t) => self.walk(file, t, &path, problems),
                DeValue::String(s) => problems.push(
                    Diagnostic::error(format!("figure `{path}` is text, not a number"))
                        .at(file, value.span())
                        .hint(format!("write the number without quotes: {path} = {}", s.trim()))
                        .hint("text that is not a number belongs in the report's text, not in [figures]"),
                ),
                _ => problems.push(
                    Diagnostic::error(format!("figure `{path}` is not a number"))
                        .at(file, value.span())
                        .hint("a figure is a number (total = 113419) or an inline table ({ value = 125.34, unit = \"万元\" })"),
                ),
            }
        }
    }

    fn stated(
        &self,
        file: &Arc<SourceFile>,
        path: &str,
        group: &str,
        value: &toml::Spanned<DeValue>,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Figure> {
        let raw = match value.get_ref() {
            DeValue::Integer(i) if i.radix() == 10 => i.as_str().to_string(),
            DeValue::Float(f) => f.as_str().to_string(),
            _ => {
                problems.push(
                    Diagnostic::error(format!("figure `{path}` is not a decimal number"))
                        .at(file, value.span())
                        .hint("write the number as it is printed, e.g. 113419 or 125.34"),
                );
                return None;
            }
        };
        let d = match Dec::parse(&raw) {
            Ok(d) => d,
            Err(m) => {
                problems.push(
                    Diagnostic::error(format!("figure `{path}`: {m}")).at(file, value.span()),
                );
                return None;
            }
        };
        Some(Figure {
            path: path.to_string(),
            group: group.to_string(),
            label: None,
            unit: None,
            decimals: d.scale,
            thousands: false,
            stated: Some(d),
            formula: None,
            span: value.span(),
            value: None,
        })
    }

    fn definition(
        &self,
        file: &Arc<SourceFile>,
        path: &str,
        group: &str,
        t: &DeTable,
        span: Range<usize>,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Figure> {
        let before = problems.len();
        let mut fig = Figure {
            path: path.to_string(),
            group: group.to_string(),
            label: None,
            unit: None,
            decimals: 0,
            thousands: false,
            stated: None,
            formula: None,
            span: span.clone(),
            value: None,
        };
        let mut decimals = None;
        let mut formulas = Vec::new();
        let string = |v: &toml::Spanned<DeValue>, key: &str, problems: &mut Vec<Diagnostic>| match v
            .get_ref()
        {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                problems.push(
                    Diagnostic::error(format!("`{key}` of figure `{path}` must be text in quotes"))
                        .at(file, v.span()),
                );
                None
            }
        };
        let names = |v: &toml::Spanned<DeValue>,
                     key: &str,
                     want: Option<usize>,
                     problems: &mut Vec<Diagnostic>|
         -> Option<Vec<Name>> {
            let DeValue::Array(items) = v.get_ref() else {
                problems.push(
                    Diagnostic::error(format!(
                        "`{key}` of figure `{path}` must be a list of figure names"
                    ))
                    .at(file, v.span())
                    .hint(format!("e.g. {key} = [\"city\", \"county\"]")),
                );
                return None;
            };
            let mut out = Vec::new();
            for item in items.iter() {
                match item.get_ref() {
                    DeValue::String(s) => out.push(Name {
                        text: s.to_string(),
                        span: item.span(),
                    }),
                    _ => {
                        problems.push(
                            Diagnostic::error("a figure name must be text in quotes")
                                .at(file, item.span())
                                .hint("name the figure, e.g. \"city\" (a numeric constant goes in expr = \"…\")"),
                        );
                        return None;
                    }
                }
            }
            if let Some(n) = want.filter(|n| *n != out.len()) {
                problems.push(
                    Diagnostic::error(format!(
                        "`{key}` of figure `{path}` names {} figures; it takes {n}",
                        out.len()
                    ))
                    .at(file, v.span())
                    .hint(format!("write {key} = [\"part\", \"whole\"]")),
                );
                return None;
            }
            if out.is_empty() {
                problems.push(
                    Diagnostic::error(format!("`{key}` of figure `{path}` is empty"))
                        .at(file, v.span()),
                );
                return None;
            }
            Some(out)
        };
        for (key, v) in t.iter() {
            let k: &str = key.get_ref();
            match k {
                "value" => match v.get_ref() {
                    DeValue::Integer(_) | DeValue::Float(_) => {
                        fig.stated = self
                            .stated(file, path, group, v, problems)
                            .and_then(|f| f.stated);
                        fig.span = v.span();
                    }
                    _ => problems.push(
                        Diagnostic::error(format!("the value of figure `{path}` must be a number"))
                            .at(file, v.span())
                            .hint("write it without quotes, as printed: value = 125.34"),
                    ),
                },
                "unit" => {
                    fig.unit = string(v, k, problems)
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                }
                "label" => fig.label = string(v, k, problems),
                "thousands" => match v.get_ref() {
                    DeValue::Boolean(b) => fig.thousands = *b,
                    _ => problems
                        .push(Diagnostic::error("`thousands` is true or false").at(file, v.span())),
                },
                "decimals" => match v.get_ref() {
                    DeValue::Integer(i) if i.as_str().parse::<u32>().is_ok_and(|n| n <= 12) => {
                        decimals = Some((i.as_str().parse::<u32>().unwrap_or(0), v.span()));
                    }
                    _ => problems.push(
                        Diagnostic::error("`decimals` is a whole number from 0 to 12")
                            .at(file, v.span())
                            .hint("the digits printed after the point, e.g. decimals = 1 for 94.3"),
                    ),
                },
                "sum" => {
                    if let Some(n) = names(v, k, None, problems) {
                        formulas.push((Formula::Sum(n), v.span()));
                    }
                }
                "share" | "diff" => {
                    if let Some(mut n) = names(v, k, Some(2), problems) {
                        let b = n.pop().expect("two");
                        let a = n.pop().expect("two");
                        let f = if k == "share" {
                            Formula::Share(a, b)
                        } else {
                            Formula::Diff(a, b)
                        };
                        formulas.push((f, v.span()));
                    }
                }
                "expr" => {
                    if let Some(text) = string(v, k, problems) {
                        // The expression's text starts after the opening quote when written
                        // without escapes, which is how names in it get exact places.
                        let raw = file.text.get(v.span()).unwrap_or("");
                        let base = if raw.len() >= 2 && raw[1..raw.len() - 1] == *text {
                            v.span().start + 1
                        } else {
                            v.span().start
                        };
                        match expr::parse(&text, base) {
                            Ok(e) => formulas.push((Formula::Expr(e), v.span())),
                            Err(e) => {
                                let span = if base == v.span().start {
                                    v.span()
                                } else {
                                    e.span
                                };
                                problems.push(
                                    Diagnostic::error(format!("expr of figure `{path}`: {}", e.message))
                                        .at(file, span)
                                        .hint("an expression uses figure names, numbers, + - * / and parentheses, e.g. \"(declared - kept) / declared * 100\""),
                                );
                            }
                        }
                    }
                }
                other => problems.push(
                    Diagnostic::error(format!("unknown key `{other}` in figure `{path}`"))
                        .at(file, key.span())
                        .hint(format!("a figure may have {}", KEYS.join(", "))),
                ),
            }
        }
        if formulas.len() > 1 {
            problems.push(
                Diagnostic::error(format!(
                    "figure `{path}` has {} formulas; give it one",
                    formulas.len()
                ))
                .at(file, formulas[1].1.clone())
                .hint("declare a second rule as a [[check]]"),
            );
        }
        fig.formula = formulas.into_iter().next().map(|f| f.0);
        if fig.stated.is_none() && fig.formula.is_none() && problems.len() == before {
            problems.push(
                Diagnostic::error(format!("figure `{path}` has neither a value nor a formula"))
                    .at(file, span.clone())
                    .hint("state it (value = 113419) or derive it (sum = [\"a\", \"b\"], share = [\"part\", \"whole\"], expr = \"…\")"),
            );
        }
        let needs_decimals =
            matches!(fig.formula, Some(Formula::Share(..))) && fig.stated.is_none();
        match (decimals, fig.stated) {
            (Some((n, dspan)), Some(s)) if n < s.scale => problems.push(
                Diagnostic::error(format!(
                    "figure `{path}` is written with {} decimals but declares decimals = {n}",
                    s.scale
                ))
                .at(file, dspan)
                .hint("gongwen prints a stated figure as written and never rounds it: drop `decimals` or write the value at that precision"),
            ),
            (Some((n, _)), _) => fig.decimals = n,
            (None, Some(s)) => fig.decimals = s.scale,
            (None, None) if needs_decimals => problems.push(
                Diagnostic::error(format!("share `{path}` needs its printed precision"))
                    .at(file, span)
                    .hint("add decimals = 1 (94.3) or decimals = 0 (85): the share is rounded there, 四舍五入"),
            ),
            (None, None) => fig.decimals = u32::MAX, // decided when computed
        }
        if matches!(fig.formula, Some(Formula::Share(..))) {
            if let Some(u) = fig.unit.as_deref().filter(|u| *u != "%") {
                problems.push(
                    Diagnostic::error(format!("share `{path}` is a percentage, not `{u}`"))
                        .at(file, fig.span.clone())
                        .hint("drop the unit, or write unit = \"%\""),
                );
            }
            fig.unit = Some("%".into());
        }
        (problems.len() == before).then_some(fig)
    }
}
