//! Figures from edits: where an editor typed over the number a citation printed, the figure
//! takes the new value and the citation stays; a computed figure keeps its formula and the
//! conflict is reported.

use std::cell::RefCell;
use std::ops::Deref;
use std::sync::Arc;

use toml_edit::{DocumentMut, Item, Value};

use crate::builder::Printer;
use crate::diag::{Diagnostic, SourceFile};

/// One number a citation printed, changed in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Edit {
    /// The figure's full name (`environment.total`).
    pub figure: String,
    /// What the definition printed.
    pub old: String,
    /// What the document now prints.
    pub new: String,
    /// Where: the first words of the paragraph or the table cell.
    pub place: String,
}

/// The printer of a merge, collecting the figures' edits it meets on the way.
pub struct Merge<'a> {
    printer: &'a Printer,
    edits: RefCell<Vec<Edit>>,
    /// The definition's paragraphs citing figures, for those that moved to another section.
    pub pool: super::moved::Pool,
}

impl Deref for Merge<'_> {
    type Target = Printer;
    fn deref(&self) -> &Printer {
        self.printer
    }
}

impl<'a> Merge<'a> {
    /// A merge printing with `printer`.
    pub fn new(printer: &'a Printer) -> Merge<'a> {
        Merge {
            printer,
            edits: RefCell::new(Vec::new()),
            pool: super::moved::Pool::default(),
        }
    }

    /// Records that `cite` (`{group.name}`), printed `old`, now reads `new` at `place`.
    pub fn edited(&self, cite: &str, old: &str, new: &str, place: &str) {
        let figure = cite
            .trim_start_matches('{')
            .trim_end_matches('}')
            .to_string();
        self.edits.borrow_mut().push(Edit {
            figure,
            old: old.to_string(),
            new: new.to_string(),
            place: place.chars().take(16).collect(),
        });
    }

    /// The edits met, in document order.
    pub fn edits(&self) -> Vec<Edit> {
        self.edits.borrow().clone()
    }
}

/// Whether `s` reads as a printed number (digits with `.`, `,`, a sign or `%`).
pub fn is_number(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | '%'))
}

/// `printed` read against `pieces` (the old text as printed, citations marked): the plain
/// pieces must stand in it unchanged, each citation where a number stands. The numbers read
/// for the citations, or `None` when the text changed otherwise.
pub fn read_numbers<'p>(
    pieces: &'p [(String, Option<String>)],
    printed: &str,
) -> Option<Vec<(&'p str, &'p str, String)>> {
    let mut rest = printed;
    let mut out = Vec::new();
    for (text, cite) in pieces {
        match cite {
            // A footnote's `{note:` and `}` print as written.
            Some(c) if c == text => rest = rest.strip_prefix(text.as_str())?,
            None => rest = rest.strip_prefix(text.as_str())?,
            Some(c) => {
                // Read as offices type it (full-width digits too), by the one number reader.
                let (len, number) = crate::printed::leading(rest)?;
                if !is_number(&number) {
                    return None;
                }
                out.push((c.as_str(), text.as_str(), number));
                rest = &rest[len..];
            }
        }
    }
    rest.is_empty().then_some(out)
}

/// Applies the edits to `[figures]` of `doc`: a stated figure takes the new value (as written,
/// its thousands separators dropped); a computed one keeps its formula, and the conflict is a
/// warning with both numbers and the place; a figure edited to two different values is a
/// conflict too. Every change is a note (`environment.total: 845 → 839`).
pub fn apply(
    doc: &mut DocumentMut,
    edits: &[Edit],
    file: &Arc<SourceFile>,
    notes: &mut Vec<Diagnostic>,
) {
    let mut done: Vec<&str> = Vec::new();
    for e in edits.iter().filter(|e| e.old != e.new) {
        if done.contains(&e.figure.as_str()) {
            continue;
        }
        done.push(&e.figure);
        // Every place that prints the figure must now say the same.
        if let Some(other) = edits
            .iter()
            .find(|o| o.figure == e.figure && o.new != e.new)
        {
            notes.push(
                Diagnostic::warning(format!(
                    "figure `{}` now reads {} (at “{}”) and {} (at “{}”); the definition keeps {}",
                    e.figure, e.new, e.place, other.new, other.place, e.old
                ))
                .in_file(file)
                .hint(
                    "make the places agree in the document, or set the figure in [figures] by hand",
                ),
            );
            continue;
        }
        let Some((group, name)) = e.figure.rsplit_once('.') else {
            continue;
        };
        let slot = doc
            .get_mut("figures")
            .and_then(|f| f.get_mut(group))
            .and_then(|g| g.get_mut(name));
        let Some(slot) = slot else {
            continue;
        };
        let value = e.new.replace(',', "");
        let Ok(number) = value.parse::<Value>() else {
            continue;
        };
        if !(number.is_integer() || number.is_float()) {
            continue;
        }
        match slot {
            Item::Value(v @ (Value::Integer(_) | Value::Float(_))) => {
                let decor = v.decor().clone();
                *v = number;
                *v.decor_mut() = decor;
            }
            Item::Value(Value::InlineTable(t)) if t.contains_key("value") => {
                let decor = t.get("value").map(|v| v.decor().clone());
                let mut number = number;
                if let Some(d) = decor {
                    *number.decor_mut() = d;
                }
                t.insert("value", number);
            }
            Item::Value(Value::InlineTable(t)) => {
                let rule = ["sum", "diff", "share", "expr"]
                    .into_iter()
                    .find(|k| t.contains_key(k))
                    .unwrap_or("formula");
                notes.push(
                    Diagnostic::warning(format!(
                        "figure `{}` is computed ({rule}) as {}, but the document prints {} at “{}”; the formula is kept",
                        e.figure, e.old, e.new, e.place
                    ))
                    .in_file(file)
                    .hint(format!("correct the figures it is computed from, or state it: {} = {{ value = {value}, {rule} = … }} checks the formula against it", name)),
                );
                continue;
            }
            _ => continue,
        }
        notes.push(Diagnostic::note(format!(
            "{}: {} → {} (edited at “{}”; the text keeps its citation)",
            e.figure, e.old, e.new, e.place
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_where_citations_printed() {
        let pieces = vec![
            ("共".to_string(), None),
            ("845".to_string(), Some("{e.total}".to_string())),
            ("条，占".to_string(), None),
            ("12.5".to_string(), Some("{e.share}".to_string())),
            ("%。".to_string(), None),
        ];
        let got = read_numbers(&pieces, "共839条，占12.4%。").unwrap();
        assert_eq!(got[0], ("{e.total}", "845", "839".to_string()));
        assert_eq!(got[1], ("{e.share}", "12.5", "12.4".to_string()));
        assert!(read_numbers(&pieces, "共839件，占12.4%。").is_none());
        assert!(read_numbers(&pieces, "共若干条，占12.4%。").is_none());
    }
}
