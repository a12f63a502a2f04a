//! `[figures]`: the report's numbers, declared once. A figure is stated (a number as written,
//! printed as written) or derived (a sum, a difference, a share or an expression over other
//! figures, computed here and nowhere else). A stated figure may also carry a formula: then the
//! formula is a check, and the stated number is what is printed — never corrected.
//!
//! The table is walked from the file's own parse ([`toml::de::DeTable`]) so that every figure
//! and every name in a formula has its place in the file, and every number its written
//! decimals.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use toml::de::{DeTable, DeValue};

use super::expr::{self, Expr, Name, Op};
use super::number::{Dec, Num};
use crate::diag::{Diagnostic, SourceFile};

/// How a figure is computed (or, for a stated figure, checked).
#[derive(Debug, Clone)]
pub enum Formula {
    /// The sum of these figures.
    Sum(Vec<Name>),
    /// The first as a percentage of the second.
    Share(Name, Name),
    /// The first less the second.
    Diff(Name, Name),
    /// An expression.
    Expr(Expr),
}

impl Formula {
    /// Every name the formula uses, in order.
    pub fn names(&self) -> Vec<&Name> {
        match self {
            Formula::Sum(v) => v.iter().collect(),
            Formula::Share(a, b) | Formula::Diff(a, b) => vec![a, b],
            Formula::Expr(e) => e.names(),
        }
    }

    /// A short name of the rule, for reports: `sum`, `share`, `diff`, `expr`.
    pub fn kind(&self) -> &'static str {
        match self {
            Formula::Sum(_) => "sum",
            Formula::Share(..) => "share",
            Formula::Diff(..) => "diff",
            Formula::Expr(_) => "expr",
        }
    }
}

/// One figure.
#[derive(Debug, Clone)]
pub struct Figure {
    /// The full name, e.g. `apply.total`.
    pub path: String,
    /// The group it is declared in (`apply`), against which names in its formula resolve.
    pub group: String,
    /// What it is, for messages and charts.
    pub label: Option<String>,
    /// The unit, declared or inferred from the formula.
    pub unit: Option<String>,
    /// Digits printed after the point.
    pub decimals: u32,
    /// Print a thousands separator.
    pub thousands: bool,
    /// The stated number, if any.
    pub stated: Option<Dec>,
    /// The formula: how it is computed, or (when stated) what it is checked against.
    pub formula: Option<Formula>,
    /// Where the figure's value is declared.
    pub span: Range<usize>,
    /// The value every citation and every other figure uses: the stated number, or the exact
    /// computed one. `None` when it could not be computed (an error was reported).
    pub value: Option<Num>,
}

impl Figure {
    /// The figure as printed, e.g. `113419` or `94.3`.
    pub fn printed(&self) -> Option<String> {
        match self.stated {
            Some(d) => Some(d.widen(self.decimals).format(self.thousands)),
            None => self
                .value
                .and_then(|v| v.round(self.decimals).ok())
                .map(|d| d.format(self.thousands)),
        }
    }
}

/// A formula's result: the exact value, its unit and its natural precision.
#[derive(Debug, Clone)]
pub struct Value {
    /// Exact.
    pub num: Num,
    /// Unit, if any operand had one.
    pub unit: Option<String>,
    /// The decimals its operands are written with (sums and differences are exact there).
    pub decimals: u32,
    /// The operands' printed values in order (for messages: `373 + 16 + …`).
    pub terms: Vec<(String, String)>,
}

/// A problem evaluating a formula.
#[derive(Debug, Clone)]
pub struct EvalError {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub span: Range<usize>,
    /// What to do.
    pub hint: Option<String>,
    /// A label at the place.
    pub label: String,
}

impl EvalError {
    /// As an error diagnostic in `file`.
    pub fn diagnostic(&self, file: &Arc<SourceFile>) -> Diagnostic {
        let mut d = Diagnostic::error(self.message.clone())
            .at(file, self.span.clone())
            .label(self.label.clone());
        if let Some(h) = &self.hint {
            d = d.hint(h.clone());
        }
        d
    }
}

/// Every figure of a report, resolved.
#[derive(Debug, Default)]
pub struct Figures {
    /// In the order of the file's keys (groups sorted by name).
    pub list: Vec<Figure>,
    index: HashMap<String, usize>,
}

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

    /// The figure named `path` (a full name).
    pub fn get(&self, path: &str) -> Option<&Figure> {
        self.index.get(path).map(|&i| &self.list[i])
    }

    /// The index of a name in a formula of group `group`: the group's own figure first, then
    /// the full name.
    pub fn lookup(&self, name: &str, group: &str) -> Option<usize> {
        if !group.is_empty()
            && let Some(&i) = self.index.get(&format!("{group}.{name}"))
        {
            return Some(i);
        }
        self.index.get(name).copied()
    }

    /// The known figure name closest to `name`, for a hint.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        self.list
            .iter()
            .map(|f| (distance(&f.path, name), f.path.as_str()))
            .filter(|(d, p)| *d <= 2.max(p.chars().count() / 3))
            .min()
            .map(|(_, p)| p)
    }

    fn unknown(&self, name: &Name, group: &str) -> EvalError {
        let full = if group.is_empty() {
            name.text.clone()
        } else {
            format!("{group}.{}", name.text)
        };
        let hint = match self.suggest(&full).or_else(|| self.suggest(&name.text)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "declare it under [figures], or write its full name (group.name)".into(),
        };
        EvalError {
            message: format!("unknown figure `{}`", name.text),
            span: name.span.clone(),
            hint: Some(hint),
            label: "no figure of this name".into(),
        }
    }

    /// Computes every derived figure, reporting unknown names, cycles and unit mismatches.
    fn resolve(&mut self, file: &Arc<SourceFile>, problems: &mut Vec<Diagnostic>) {
        // Names in formulas must exist (for stated figures too: their formulas are checks).
        let mut broken = vec![false; self.list.len()];
        for (i, f) in self.list.iter().enumerate() {
            if let Some(formula) = &f.formula {
                for n in formula.names() {
                    if self.lookup(&n.text, &f.group).is_none() {
                        problems.push(self.unknown(n, &f.group).diagnostic(file));
                        broken[i] = true;
                    }
                }
            }
        }
        for (i, f) in self.list.iter_mut().enumerate() {
            if let Some(s) = f.stated {
                f.value = s.num().ok();
                broken[i] = f.value.is_none();
            }
        }
        let mut state = vec![0u8; self.list.len()];
        let mut stack = Vec::new();
        for i in 0..self.list.len() {
            self.visit(i, &mut state, &mut stack, &mut broken, file, problems);
        }
    }

    /// Depth-first: computes figure `i` after the figures it uses. `state`: 0 new, 1 on the
    /// stack, 2 done.
    fn visit(
        &mut self,
        i: usize,
        state: &mut [u8],
        stack: &mut Vec<usize>,
        broken: &mut [bool],
        file: &Arc<SourceFile>,
        problems: &mut Vec<Diagnostic>,
    ) {
        if state[i] == 2 {
            return;
        }
        let f = &self.list[i];
        if f.stated.is_some() || broken[i] {
            state[i] = 2;
            return;
        }
        let Some(formula) = f.formula.clone() else {
            state[i] = 2;
            return;
        };
        let group = f.group.clone();
        state[i] = 1;
        stack.push(i);
        for n in formula.names() {
            let Some(j) = self.lookup(&n.text, &group) else {
                continue;
            };
            match state[j] {
                1 => {
                    // A circle: j … i → j.
                    let from = stack.iter().position(|&k| k == j).unwrap_or(0);
                    let circle: Vec<&str> = stack[from..]
                        .iter()
                        .chain(std::iter::once(&j))
                        .map(|&k| self.list[k].path.as_str())
                        .collect();
                    problems.push(
                        Diagnostic::error(format!("figures computed from each other in a circle: {}", circle.join(" → ")))
                            .at(file, n.span.clone())
                            .label(format!("`{}` needs `{}`, which needs it back", self.list[i].path, self.list[j].path))
                            .hint("state one of them as a number (value = …); its formula then becomes a check"),
                    );
                    for &k in &stack[from..] {
                        broken[k] = true;
                    }
                }
                0 => self.visit(j, state, stack, broken, file, problems),
                _ => {}
            }
        }
        stack.pop();
        state[i] = 2;
        if broken[i]
            || formula
                .names()
                .iter()
                .any(|n| self.lookup(&n.text, &group).is_some_and(|j| broken[j]))
        {
            broken[i] = true;
            return;
        }
        match self.eval(&formula, &group) {
            Ok(v) => {
                let f = &self.list[i];
                if let (Some(declared), Some(found)) = (&f.unit, &v.unit)
                    && declared != found
                {
                    problems.push(
                        Diagnostic::error(format!(
                            "unit mismatch: figure `{}` is declared in {declared} but its formula gives {found}",
                            f.path
                        ))
                        .at(file, f.span.clone())
                        .hint("correct the unit, or the figures in the formula"),
                    );
                    broken[i] = true;
                    return;
                }
                let decimals = if f.decimals == u32::MAX {
                    v.decimals
                } else {
                    f.decimals
                };
                if f.decimals == u32::MAX && !v.num.exact_at(decimals) {
                    problems.push(
                        Diagnostic::error(format!(
                            "figure `{}` is not exact at {decimals} decimals (it is about {:.6})",
                            f.path,
                            v.num.to_f64()
                        ))
                        .at(file, f.span.clone())
                        .hint("declare the printed precision, e.g. decimals = 1; it is then rounded there, 四舍五入"),
                    );
                    broken[i] = true;
                    return;
                }
                let f = &mut self.list[i];
                f.decimals = decimals;
                if f.unit.is_none() {
                    f.unit = v.unit;
                }
                f.value = Some(v.num);
            }
            Err(e) => {
                problems.push(e.diagnostic(file));
                broken[i] = true;
            }
        }
    }

    /// Evaluates `formula` with names relative to `group`, from the figures' values.
    pub fn eval(&self, formula: &Formula, group: &str) -> Result<Value, EvalError> {
        let overflow = |span: &Range<usize>| EvalError {
            message: "the numbers are too large to compute exactly".into(),
            span: span.clone(),
            hint: None,
            label: String::new(),
        };
        let operand = |n: &Name| -> Result<(&Figure, Num), EvalError> {
            let i = self
                .lookup(&n.text, group)
                .ok_or_else(|| self.unknown(n, group))?;
            let f = &self.list[i];
            let v = f.value.ok_or_else(|| EvalError {
                message: format!("figure `{}` has no value", f.path),
                span: n.span.clone(),
                hint: Some("see the error reported for that figure".into()),
                label: String::new(),
            })?;
            Ok((f, v))
        };
        let term = |f: &Figure| (f.path.clone(), f.printed().unwrap_or_default());
        match formula {
            Formula::Sum(names) => {
                let mut total = Num::ZERO;
                let mut unit: Option<(String, &Name)> = None;
                let mut decimals = 0;
                let mut terms = Vec::new();
                for n in names {
                    let (f, v) = operand(n)?;
                    unit = join_unit(unit, f, n)?;
                    decimals = decimals.max(f.decimals);
                    terms.push(term(f));
                    total = total.checked_add(v).map_err(|_| overflow(&n.span))?;
                }
                Ok(Value {
                    num: total,
                    unit: unit.map(|u| u.0),
                    decimals,
                    terms,
                })
            }
            Formula::Diff(a, b) => {
                let (fa, va) = operand(a)?;
                let (fb, vb) = operand(b)?;
                let unit = join_unit(join_unit(None, fa, a)?, fb, b)?;
                Ok(Value {
                    num: va.checked_sub(vb).map_err(|_| overflow(&b.span))?,
                    unit: unit.map(|u| u.0),
                    decimals: fa.decimals.max(fb.decimals),
                    terms: vec![term(fa), term(fb)],
                })
            }
            Formula::Share(a, b) => {
                let (fa, va) = operand(a)?;
                let (fb, vb) = operand(b)?;
                join_unit(join_unit(None, fa, a)?, fb, b)?;
                let q = va
                    .checked_div(vb)
                    .map_err(|_| overflow(&b.span))?
                    .ok_or_else(|| EvalError {
                        message: format!("a share of `{}`, which is zero", fb.path),
                        span: b.span.clone(),
                        hint: Some("a share needs a whole greater than zero".into()),
                        label: "zero".into(),
                    })?;
                Ok(Value {
                    num: q
                        .checked_mul(Num::int(100))
                        .map_err(|_| overflow(&b.span))?,
                    unit: Some("%".into()),
                    decimals: 0,
                    terms: vec![term(fa), term(fb)],
                })
            }
            Formula::Expr(e) => {
                let mut terms = Vec::new();
                let (num, unit, decimals) = self.eval_expr(e, &operand, &mut terms)?;
                Ok(Value {
                    num,
                    unit: unit.map(|u| u.0),
                    decimals,
                    terms,
                })
            }
        }
    }

    #[allow(clippy::type_complexity)]
    fn eval_expr<'a>(
        &'a self,
        e: &'a Expr,
        operand: &dyn Fn(&Name) -> Result<(&'a Figure, Num), EvalError>,
        terms: &mut Vec<(String, String)>,
    ) -> Result<(Num, Option<(String, &'a Name)>, u32), EvalError> {
        match e {
            Expr::Num(d) => Ok((d.num().unwrap_or(Num::ZERO), None, d.scale)),
            Expr::Ref(n) => {
                let (f, v) = operand(n)?;
                terms.push((f.path.clone(), f.printed().unwrap_or_default()));
                Ok((v, f.unit.clone().map(|u| (u, n)), f.decimals))
            }
            Expr::Neg(x) => {
                let (v, u, d) = self.eval_expr(x, operand, terms)?;
                Ok((v.checked_neg().unwrap_or(v), u, d))
            }
            Expr::Bin(op, a, b) => {
                let (va, ua, da) = self.eval_expr(a, operand, terms)?;
                let (vb, ub, db) = self.eval_expr(b, operand, terms)?;
                let span = first_span(b).or_else(|| first_span(a)).unwrap_or(0..0);
                let over = || EvalError {
                    message: "the numbers are too large to compute exactly".into(),
                    span: span.clone(),
                    hint: None,
                    label: String::new(),
                };
                let unit = match op {
                    Op::Add | Op::Sub => match (ua, ub) {
                        (Some((x, nx)), Some((y, ny))) if x != y => {
                            return Err(mismatch(&x, nx, &y, ny));
                        }
                        (Some(u), _) | (None, Some(u)) => Some(u),
                        (None, None) => None,
                    },
                    Op::Mul => ua.or(ub),
                    Op::Div => match (ua, ub) {
                        (Some((x, _)), Some((y, _))) if x == y => None,
                        (u, None) => u,
                        _ => None,
                    },
                };
                let v = match op {
                    Op::Add => va.checked_add(vb).map_err(|_| over())?,
                    Op::Sub => va.checked_sub(vb).map_err(|_| over())?,
                    Op::Mul => va.checked_mul(vb).map_err(|_| over())?,
                    Op::Div => {
                        va.checked_div(vb)
                            .map_err(|_| over())?
                            .ok_or_else(|| EvalError {
                                message: "division by zero".into(),
                                span: span.clone(),
                                hint: Some("the divisor is zero".into()),
                                label: "zero".into(),
                            })?
                    }
                };
                Ok((v, unit, da.max(db)))
            }
        }
    }
}

fn first_span(e: &Expr) -> Option<Range<usize>> {
    e.names().first().map(|n| n.span.clone())
}

fn mismatch(x: &str, nx: &Name, y: &str, ny: &Name) -> EvalError {
    EvalError {
        message: format!(
            "unit mismatch: `{}` is in {x} but `{}` is in {y}",
            nx.text, ny.text
        ),
        span: ny.span.clone(),
        hint: Some(
            "only figures in the same unit add up; check the units declared in [figures]".into(),
        ),
        label: format!("in {y}"),
    }
}

/// The common unit so far and the figure `f` (named `n`): a figure without a unit joins any.
fn join_unit<'a>(
    so_far: Option<(String, &'a Name)>,
    f: &Figure,
    n: &'a Name,
) -> Result<Option<(String, &'a Name)>, EvalError> {
    match (so_far, &f.unit) {
        (Some((x, nx)), Some(y)) if x != *y => Err(mismatch(&x, nx, y, n)),
        (Some(u), _) => Ok(Some(u)),
        (None, Some(y)) => Ok(Some((y.clone(), n))),
        (None, None) => Ok(None),
    }
}

/// Edit distance in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
