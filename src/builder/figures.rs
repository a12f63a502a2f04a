//! `[figures]`: the report's numbers, declared once. A figure is stated (a number as written,
//! printed as written) or derived (a sum, a difference, a share or an expression over other
//! figures, computed here and nowhere else). A stated figure may also carry a formula: then the
//! formula is a check, and the stated number is what is printed — never corrected.
//!
//! The table is walked from the file's own parse ([`toml::de::DeTable`]) so that every figure
//! and every name in a formula has its place in the file, and every number its written
//! decimals.

mod declare;
mod eval;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use super::expr::{Expr, Name};
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

impl Figures {
    /// Figures made elsewhere (a form table's cells), indexed by their paths.
    pub(crate) fn from_list(list: Vec<Figure>) -> Figures {
        let index = list
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.clone(), i))
            .collect();
        Figures { list, index }
    }

    /// The figure named `path`, to change its value.
    pub(crate) fn get_mut(&mut self, path: &str) -> Option<&mut Figure> {
        self.index.get(path).map(|&i| &mut self.list[i])
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
    /// Names longer than [`MAX_SUGGEST`] characters get no hint, and a figure whose length is
    /// too far off is never measured, so the work stays bounded whatever the input.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        let len = name.chars().count();
        if len > MAX_SUGGEST {
            return None;
        }
        self.list
            .iter()
            .filter_map(|f| {
                let plen = f.path.chars().count();
                let limit = 2.max(plen / 3);
                (plen.abs_diff(len) <= limit)
                    .then(|| (distance(&f.path, name), f.path.as_str(), limit))
            })
            .filter(|(d, _, limit)| d <= limit)
            .min()
            .map(|(_, p, _)| p)
    }
}

/// The longest name a "did you mean" hint is looked for.
pub const MAX_SUGGEST: usize = 64;

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
