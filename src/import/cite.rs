//! A figure of the text that equals its form cell becomes a citation of it: the cell is
//! declared once under `[figures.TABLE]` and both the cell and the text cite it, so that an
//! edited table flows into the text. The phrases are read as `check` reads them
//! (`builder::statements`); a number that disagrees stays as written, for `check` to report.

use std::collections::BTreeMap;
use std::ops::Range;

use super::Outline;
use crate::forms::{CellRef, Form, Phrases};
use crate::number::{Dec, Num};

/// A figure the import declares: its group (the form table's name), its name and its TOML
/// value (a number, or `{ sum = [...] }`).
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineFigure {
    /// The group: the form table's name (`requests`).
    pub group: String,
    /// The name in the group (`一_总计`, or the phrase's words for a sum).
    pub name: String,
    /// The value as TOML.
    pub value: String,
}

/// A number of a paragraph (as printed) cited as a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineCitation {
    /// The paragraph as printed.
    pub paragraph: String,
    /// The number's bytes in it.
    pub at: Range<usize>,
    /// The figure's full name (`requests.一_总计`).
    pub figure: String,
}

/// The name of a cell's figure: its row key and column, dots as `_` (`三_一_总计`).
fn cell_name(row: &str, column: &str) -> String {
    format!("{row}_{column}")
        .chars()
        .map(|c| if c == '.' { '_' } else { c })
        .collect()
}

/// Whether `name` may name a figure (no dots).
fn nameable(name: &str) -> bool {
    name.chars().next().is_some_and(crate::expr::name_start)
        && name.chars().all(|c| crate::expr::name_char(c) && c != '.')
}

/// A number as written by the form reader, when it is one a figure prints the same way.
fn plain(v: &str) -> Option<Dec> {
    let d = Dec::parse(v).ok()?;
    (d.to_string() == v).then_some(d)
}

/// Where the cell `c` is in the outline's form: (table index, row index, value index).
fn locate(form: &Form, outline: &Outline, c: &CellRef) -> Option<(usize, usize, usize)> {
    let read = outline.form.as_ref()?;
    let table = form.tables.iter().find(|t| t.name == c.table)?;
    let (_, row) = table.keyed().find(|(k, _)| *k == c.row)?;
    let col = table.values_of(row).iter().position(|v| *v == c.column)?;
    let ti = read.tables.iter().position(|(n, _)| *n == c.table)?;
    let ri = read.tables[ti].1.iter().position(|r| r.key == c.row)?;
    (read.tables[ti].1[ri].values.len() > col).then_some((ti, ri, col))
}

/// Every paragraph of running text in the outline.
fn paragraphs(outline: &Outline) -> Vec<String> {
    fn walk(s: &[super::OutlineSection], out: &mut Vec<String>) {
        for s in s {
            out.extend(s.paragraphs.iter().cloned());
            walk(&s.sections, out);
        }
    }
    let mut out = outline.opening.clone();
    walk(&outline.sections, &mut out);
    out
}

/// Turns every number a `[text]` phrase states that equals its cell (or its cells' sum) into a
/// citation: the cells' figures are declared, the cells cite them, the text cites them.
/// Returns how many numbers became citations.
pub fn link(outline: &mut Outline) -> usize {
    let Some(kind) = outline.form.as_ref().map(|f| f.kind.clone()) else {
        return 0;
    };
    let Some(form) = Form::builtin(&kind) else {
        return 0;
    };
    let Some(p) = form.text.clone() else {
        return 0;
    };
    let year = outline.period.map(|(_, to)| to.year);
    let mut figures: BTreeMap<(String, String), String> = BTreeMap::new();
    let mut cells: Vec<((usize, usize, usize), String)> = Vec::new();
    let mut citations = Vec::new();
    for text in paragraphs(outline) {
        // A paragraph with a footnote or a brace is left as written.
        if text.contains(['{', '}']) {
            continue;
        }
        for st in crate::builder::statements(&p, &text, year) {
            let Some(figure) = cite_one(&form, &p, outline, &st, &text, &mut figures, &mut cells)
            else {
                continue;
            };
            citations.push(OutlineCitation {
                paragraph: text.clone(),
                at: st.digits.clone(),
                figure,
            });
        }
    }
    if citations.is_empty() {
        return 0;
    }
    let read = outline.form.as_mut().expect("the form is there");
    for ((ti, ri, col), name) in &cells {
        read.tables[*ti].1[*ri].values[*col] = format!("{{{name}}}");
    }
    outline.figures = figures
        .into_iter()
        .map(|((group, name), value)| OutlineFigure { group, name, value })
        .collect();
    let n = citations.len();
    outline.citations = citations;
    n
}

/// [`link`], kept only when the definition then builds and prints every cited paragraph as
/// before (`name` names the input in the definition built); otherwise the outline is left as
/// it was and 0 returned.
pub fn link_checked(outline: &mut Outline, name: &str) -> usize {
    let before = outline.clone();
    let n = link(outline);
    if n == 0 {
        return 0;
    }
    let toml = super::to_toml(outline, "");
    let file = crate::diag::SourceFile::new(name.to_string(), std::path::Path::new(name), toml);
    let printer = crate::builder::Printer::new(&file);
    let same = outline.citations.iter().all(|c| {
        printer.print(&super::write::cited(&c.paragraph, &outline.citations)) == c.paragraph
    });
    if !same || crate::builder::from_source(file, std::path::PathBuf::from(".")).is_err() {
        *outline = before;
        return 0;
    }
    n
}

/// The figure that `st` cites, declared as needed; `None` when the number is not its cells'.
fn cite_one(
    form: &Form,
    p: &Phrases,
    outline: &Outline,
    st: &crate::builder::Statement,
    text: &str,
    figures: &mut BTreeMap<(String, String), String>,
    cells: &mut Vec<((usize, usize, usize), String)>,
) -> Option<String> {
    let phrase = &p.phrases[st.phrase];
    let read = outline.form.as_ref()?;
    let group = phrase.cells.first()?.table.clone();
    // Every cell in one table, each a plain number.
    let mut sum = Num::ZERO;
    let mut scale = 0;
    let mut found = Vec::new();
    for c in &phrase.cells {
        if c.table != group {
            return None;
        }
        let at = locate(form, outline, c)?;
        let written = &read.tables[at.0].1[at.1].values[at.2];
        let d = plain(written)?;
        sum = sum.checked_add(d.num().ok()?).ok()?;
        scale = scale.max(d.scale);
        found.push((at, c));
    }
    // The number as the figure prints it is the number as the text has it.
    let printed = sum.round(scale).ok()?.to_string();
    if text.get(st.digits.clone())? != printed {
        return None;
    }
    let mut names = Vec::new();
    for (at, c) in &found {
        let name = cell_name(&c.row, &c.column);
        if !nameable(&name) {
            return None;
        }
        let written = &read.tables[at.0].1[at.1].values[at.2];
        figures
            .entry((group.clone(), name.clone()))
            .or_insert_with(|| written.clone());
        if !cells.iter().any(|(a, _)| a == at) {
            cells.push((*at, format!("{group}.{name}")));
        }
        names.push(name);
    }
    if let [one] = names.as_slice() {
        return Some(format!("{group}.{one}"));
    }
    let words = phrase.words.first()?;
    let name: String = words
        .chars()
        .filter(|c| crate::expr::name_char(*c) && *c != '.')
        .collect();
    if !nameable(&name) || names.contains(&name) {
        return None;
    }
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    figures
        .entry((group.clone(), name.clone()))
        .or_insert_with(|| format!("{{ sum = [{}] }}", quoted.join(", ")));
    Some(format!("{group}.{name}"))
}
