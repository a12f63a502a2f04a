//! Computing figures: formulas resolved in dependency order, with cycles and units checked.

use std::ops::Range;
use std::sync::Arc;

use super::{EvalError, Figure, Figures, Formula, Value};
use crate::diag::{Diagnostic, SourceFile};
use crate::expr::{Expr, Name, Op};
use crate::number::Num;

impl Figures {
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
    pub(super) fn resolve(&mut self, file: &Arc<SourceFile>, problems: &mut Vec<Diagnostic>) {
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
        for i in 0..self.list.len() {
            self.visit(i, &mut state, &mut broken, file, problems);
        }
    }

    /// Depth-first from figure `root`: computes each figure after the figures it uses.
    /// `state`: 0 new, 1 on the path, 2 done. The path is kept in a vector, not on the thread's
    /// stack, so a chain of any length cannot overflow it.
    fn visit(
        &mut self,
        root: usize,
        state: &mut [u8],
        broken: &mut [bool],
        file: &Arc<SourceFile>,
        problems: &mut Vec<Diagnostic>,
    ) {
        // (figure, the names its formula uses, how many of them were followed)
        let mut path: Vec<(usize, Vec<Name>, usize)> = Vec::new();
        let enter =
            |this: &Self, i: usize, state: &mut [u8], broken: &[bool], path: &mut Vec<_>| {
                let f = &this.list[i];
                match &f.formula {
                    Some(formula) if state[i] == 0 && f.stated.is_none() && !broken[i] => {
                        state[i] = 1;
                        let names = formula.names().into_iter().cloned().collect();
                        path.push((i, names, 0));
                    }
                    _ => state[i] = 2,
                }
            };
        enter(self, root, state, broken, &mut path);
        while let Some((i, names, next)) = path.last_mut() {
            let i = *i;
            let Some(n) = names.get(*next).cloned() else {
                path.pop();
                state[i] = 2;
                self.compute(i, broken, file, problems);
                continue;
            };
            *next += 1;
            let Some(j) = self.lookup(&n.text, &self.list[i].group) else {
                continue;
            };
            match state[j] {
                1 => {
                    // A circle: j … i → j.
                    let from = path.iter().position(|p| p.0 == j).unwrap_or(0);
                    let circle: Vec<&str> = path[from..]
                        .iter()
                        .map(|p| p.0)
                        .chain(std::iter::once(j))
                        .map(|k| self.list[k].path.as_str())
                        .collect();
                    problems.push(
                        Diagnostic::error(format!("figures computed from each other in a circle: {}", circle.join(" → ")))
                            .at(file, n.span.clone())
                            .label(format!("`{}` needs `{}`, which needs it back", self.list[i].path, self.list[j].path))
                            .hint("state one of them as a number (value = …); its formula then becomes a check"),
                    );
                    for p in &path[from..] {
                        broken[p.0] = true;
                    }
                }
                0 => enter(self, j, state, broken, &mut path),
                _ => {}
            }
        }
    }

    /// Computes figure `i`, whose figures are all done: its value, unit and decimals.
    fn compute(
        &mut self,
        i: usize,
        broken: &mut [bool],
        file: &Arc<SourceFile>,
        problems: &mut Vec<Diagnostic>,
    ) {
        let Some(formula) = self.list[i].formula.clone() else {
            return;
        };
        let group = self.list[i].group.clone();
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
