//! Consistency checks: a stated figure against its own formula, `[[check]]` rules, and the
//! arithmetic a national form implies. Every break is reported with where it is and the two
//! numbers; no figure is ever changed.

use std::ops::Range;
use std::sync::Arc;

use super::cite::Citation;
use super::expr::{self, Name};
use super::figures::{Figure, Figures, Formula, Value};
use super::number::{Dec, Num};
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::Origin;
use crate::model::CheckDef;

/// One break of a rule.
#[derive(Debug, Clone)]
pub struct Break {
    /// The rule's kind: `sum`, `share`, `diff`, `expr`, or a form's rule (`row-total`,
    /// `column-balance`, `column-total`, `group-total`).
    pub rule: String,
    /// What the rule says, in words.
    pub says: String,
    /// The number as stated (printed).
    pub stated: String,
    /// The number the rule computes, at the stated number's precision.
    pub computed: String,
    /// The figure, for a figure's rule.
    pub figure: Option<String>,
    /// The table (its number and caption, or its name), for a table's rule.
    pub table: Option<String>,
    /// The row's label.
    pub row: Option<String>,
    /// The column's title.
    pub column: Option<String>,
    /// Where the figure is cited (for a figure's rule).
    pub citations: Vec<Citation>,
}

impl Break {
    /// The section a figure's break is first cited in (its headings joined by ›).
    pub fn section(&self) -> Option<String> {
        self.citations
            .iter()
            .find_map(|c| c.place.strip_prefix("section ").map(str::to_string))
    }
}

/// The stated figure (or the derived figure as printed) at its printed precision.
fn printed_dec(f: &Figure) -> Option<Dec> {
    match f.stated {
        Some(d) => Some(d.widen(f.decimals)),
        None => f.value?.round(f.decimals).ok(),
    }
}

fn unit_of(f: &Figure) -> &str {
    f.unit.as_deref().unwrap_or("")
}

fn named(f: &Figure) -> String {
    match &f.label {
        Some(l) => format!("`{}` ({l})", f.path),
        None => format!("`{}`", f.path),
    }
}

/// Checks figure `f` against `formula` (names relative to `group`); a break when the formula,
/// rounded to the figure's printed decimals, differs from the figure as printed.
#[allow(clippy::too_many_arguments)]
fn compare(
    file: &Arc<SourceFile>,
    figures: &Figures,
    f: &Figure,
    formula: &Formula,
    group: &str,
    says: Option<&str>,
    span: Range<usize>,
    citations: &[Citation],
    problems: &mut Vec<Diagnostic>,
) -> Option<Diagnostic> {
    let value: Value = match figures.eval(formula, group) {
        Ok(v) => v,
        Err(e) => {
            // Stated figures' formulas were resolved with the figures; report what is left.
            if !problems
                .iter()
                .any(|d| d.span.as_ref() == Some(&e.span) && d.message == e.message)
            {
                problems.push(e.diagnostic(file));
            }
            return None;
        }
    };
    if let (Some(u), Some(v)) = (&f.unit, &value.unit)
        && u != v
        && formula.kind() != "share"
    {
        problems.push(
            Diagnostic::error(format!(
                "unit mismatch: {} is in {u}, its rule gives {v}",
                named(f)
            ))
            .at(file, span)
            .hint("check the units declared in [figures]"),
        );
        return None;
    }
    let stated = printed_dec(f)?;
    let computed = value.num.round(f.decimals).ok()?;
    if stated == computed {
        return None;
    }
    let unit = unit_of(f);
    let (stated_s, computed_s) = (format!("{stated}"), format!("{computed}"));
    let terms: Vec<String> = value
        .terms
        .iter()
        .map(|(p, v)| format!("{p} {v}"))
        .collect();
    let (rule_words, working) = match formula {
        Formula::Sum(n) => (
            format!("the sum of its {} parts is {computed_s}{unit}", n.len()),
            format!(
                "{} = {}",
                terms.join(" + "),
                value
                    .num
                    .round(value.decimals)
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            ),
        ),
        Formula::Diff(a, b) => (
            format!("{} − {} is {computed_s}{unit}", a.text, b.text),
            terms.join(" − "),
        ),
        Formula::Share(a, b) => (
            format!(
                "{} / {} is {computed_s}% at {} decimal{}",
                a.text,
                b.text,
                f.decimals,
                if f.decimals == 1 { "" } else { "s" }
            ),
            format!(
                "{} / {} × 100 = {:.4}",
                terms[0],
                terms[1],
                value.num.to_f64()
            ),
        ),
        Formula::Expr(_) => {
            let raw = file.text.get(span.clone()).unwrap_or("").trim_matches('"');
            (format!("{raw} gives {computed_s}{unit}"), terms.join(", "))
        }
    };
    let message = format!("{} is {stated_s}{unit}, but {rule_words}", named(f));
    let mut d = Diagnostic::warning(message)
        .at(file, f.span.clone())
        .label(format!("stated {stated_s}{unit}"))
        .hint(format!("computed: {working}"));
    for c in citations.iter().filter(|c| c.figure == f.path) {
        let at = c
            .origin
            .0
            .as_ref()
            .map(|(file, r)| {
                let (l, col) = file.line_col(r.start);
                format!(" ({}:{l}:{col})", file.name)
            })
            .unwrap_or_default();
        d = d.hint(format!("cited in {}{at}", c.place));
    }
    d = d.hint("gongwen never changes a stated figure: correct the figure, or the figures it is checked against");
    let b = Break {
        rule: formula.kind().into(),
        says: says.map(str::to_string).unwrap_or(rule_words),
        stated: stated_s,
        computed: computed_s,
        figure: Some(f.path.clone()),
        table: None,
        row: None,
        column: None,
        citations: citations
            .iter()
            .filter(|c| c.figure == f.path)
            .cloned()
            .collect(),
    };
    Some(d.with_break(b))
}

/// Names of a `[[check]]` list, each placed at its quoted text inside the list when found.
fn names_in(file: &SourceFile, span: Range<usize>, names: &[String]) -> Vec<Name> {
    let raw = file.text.get(span.clone()).unwrap_or("");
    let mut from = 0;
    names
        .iter()
        .map(|n| {
            let quoted = format!("\"{n}\"");
            match raw[from..].find(&quoted) {
                Some(i) => {
                    let start = span.start + from + i;
                    from += i + quoted.len();
                    Name {
                        text: n.clone(),
                        span: start..start + quoted.len(),
                    }
                }
                None => Name {
                    text: n.clone(),
                    span: span.clone(),
                },
            }
        })
        .collect()
}

/// Every figure's own check (a stated figure with a formula) and every `[[check]]`.
pub fn figures(
    file: &Arc<SourceFile>,
    figures: &Figures,
    checks: &[CheckDef],
    citations: &[Citation],
    problems: &mut Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for f in &figures.list {
        if let (Some(_), Some(formula)) = (f.stated, &f.formula)
            && f.value.is_some()
        {
            out.extend(compare(
                file,
                figures,
                f,
                formula,
                &f.group,
                None,
                f.span.clone(),
                citations,
                problems,
            ));
        }
    }
    for check in checks {
        let path = check.figure.get_ref();
        let Some(f) = figures.get(path) else {
            let mut d = Diagnostic::error(format!("unknown figure `{path}` in a [[check]]"))
                .at(file, check.figure.span())
                .label("no figure of this name");
            if let Some(s) = figures.suggest(path) {
                d = d.hint(format!("did you mean `{s}`?"));
            }
            problems.push(d);
            continue;
        };
        let mut formulas: Vec<(Formula, Range<usize>)> = Vec::new();
        if let Some(s) = &check.sum {
            formulas.push((
                Formula::Sum(names_in(file, s.span(), s.get_ref())),
                s.span(),
            ));
        }
        for (pair, share) in [(&check.share, true), (&check.diff, false)] {
            if let Some(p) = pair {
                let mut n = names_in(file, p.span(), p.get_ref());
                let b = n.pop().expect("two names");
                let a = n.pop().expect("two names");
                formulas.push((
                    if share {
                        Formula::Share(a, b)
                    } else {
                        Formula::Diff(a, b)
                    },
                    p.span(),
                ));
            }
        }
        if let Some(e) = &check.expr {
            let raw = file.text.get(e.span()).unwrap_or("");
            let base = if raw.len() >= 2 && raw[1..raw.len() - 1] == **e.get_ref() {
                e.span().start + 1
            } else {
                e.span().start
            };
            match expr::parse(e.get_ref(), base) {
                Ok(x) => formulas.push((Formula::Expr(x), e.span())),
                Err(err) => {
                    problems.push(
                        Diagnostic::error(format!("expr of a [[check]]: {}", err.message)).at(
                            file,
                            if base == e.span().start {
                                e.span()
                            } else {
                                err.span
                            },
                        ),
                    );
                    continue;
                }
            }
        }
        if formulas.len() != 1 {
            problems.push(
                Diagnostic::error(format!("a [[check]] of `{path}` needs exactly one rule; it has {}", formulas.len()))
                    .at(file, check.figure.span())
                    .hint("give it one of sum = [...], share = [part, whole], diff = [a, b] or expr = \"…\""),
            );
            continue;
        }
        let (formula, span) = formulas.pop().expect("one");
        let mut unknown = false;
        for n in formula.names() {
            if figures.lookup(&n.text, &f.group).is_none() {
                let mut d =
                    Diagnostic::error(format!("unknown figure `{}` in a [[check]]", n.text))
                        .at(file, n.span.clone())
                        .label("no figure of this name");
                if let Some(s) = figures
                    .suggest(&format!("{}.{}", f.group, n.text))
                    .or_else(|| figures.suggest(&n.text))
                {
                    d = d.hint(format!("did you mean `{s}`?"));
                }
                problems.push(d);
                unknown = true;
            }
        }
        if unknown || f.value.is_none() {
            continue;
        }
        out.extend(compare(
            file,
            figures,
            f,
            &formula,
            &f.group,
            check.label.as_deref(),
            span,
            citations,
            problems,
        ));
    }
    out
}

/// A rule of a form table applied in one row or column, as its break reports it.
pub struct CellRule<'a> {
    /// The rule's kind: `row-total`, `column-total` ….
    pub rule: &'a str,
    /// What it says.
    pub says: &'a str,
    /// The table, e.g. `table requests (收到和处理政府信息公开申请情况)`.
    pub table: &'a str,
    /// The row, e.g. `"三.一" (（一）予以公开)`.
    pub row: &'a str,
    /// The column.
    pub column: &'a str,
    /// The computation, term by term: `自然人 3 + 商业企业 1 + …`.
    pub working: &'a str,
    /// A left side summing cells not all stated, term by term with its blanks said: then the
    /// table does not say the number, its cells give it.
    pub left: Option<&'a str>,
}

/// The break of a table cell's rule: when `stated` (value, decimals, place) differs from
/// `computed` at the wider of the two precisions.
pub fn cell_break(
    file: &Arc<SourceFile>,
    r: &CellRule,
    stated: (Num, u32, &Origin),
    computed: Num,
    scale: u32,
) -> Option<Diagnostic> {
    let scale = scale.max(stated.1);
    let (s, c) = (stated.0.round(scale).ok()?, computed.round(scale).ok()?);
    if s == c {
        return None;
    }
    let (table, row, column, says) = (r.table, r.row, r.column, r.says);
    let says_what = match r.left {
        Some(_) => format!("its cells give {s}"),
        None => format!("the table says {s}"),
    };
    let message = format!(
        "{table}, row {row}, column {column}: {says}, but {says_what} where the rule gives {c}"
    );
    let label = match r.left {
        Some(_) => format!("a cell of the {s}; the rule gives {c}"),
        None => format!("{s}; the rule gives {c}"),
    };
    let mut d = Diagnostic::warning(message)
        .label(label)
        .hint(format!("the form's rule: {says}"));
    if let Some(left) = r.left {
        d = d.hint(format!("its cells: {left} = {s}"));
    }
    let d = d
        .hint(format!("computed: {} = {c}", r.working))
        .hint("gongwen never changes a figure of the form: correct the number, or the numbers it is computed from");
    let d = match &stated.2.0 {
        Some((f, range)) => d.at(f, range.clone()),
        None => d.in_file(file),
    };
    let b = Break {
        rule: r.rule.into(),
        says: says.into(),
        stated: s.to_string(),
        computed: c.to_string(),
        figure: None,
        table: Some(table.into()),
        row: Some(row.into()),
        column: Some(column.into()),
        citations: Vec::new(),
    };
    Some(d.with_break(b))
}
