//! Paragraphs that moved to another section: a heading deleted in the DOCX joins its
//! paragraphs to the section before it, and they are no longer in the text their section had.
//! Every paragraph of the definition that cites figures is kept here with its section; one
//! printed the same in another section now is written with its citations, and the import says
//! where it went, instead of leaving its numbers plain.

use std::cell::RefCell;
use std::sync::Arc;

use toml_edit::{DocumentMut, Item, Table};

use super::sections::paragraphs;
use crate::builder::Printer;
use crate::diag::{Diagnostic, SourceFile};

/// A paragraph of the definition that cites figures.
struct Old {
    /// Its section's title, or `the opening`.
    section: String,
    /// As written, citations and all.
    raw: String,
    /// As printed.
    printed: String,
    /// Its figure citations.
    cites: usize,
}

/// The definition's paragraphs that cite figures, and the moves found.
#[derive(Default)]
pub struct Pool {
    paras: Vec<Old>,
    /// (paragraph, the section it now stands in, the citations it kept), in the order met.
    moves: RefCell<Vec<(usize, String, usize)>>,
}

/// The section label of a moved paragraph's new place (the opening has no title).
pub const OPENING: &str = "the opening";

impl Pool {
    /// Every paragraph of `doc`'s opening and sections that cites a figure.
    pub fn read(doc: &DocumentMut, printer: &Printer) -> Pool {
        let mut pool = Pool::default();
        let mut put = |section: &str, text: Option<&Item>| {
            for raw in paragraphs(text).into_iter().filter(|p| p.contains('{')) {
                let n = cites(printer, &raw);
                if n > 0 {
                    pool.paras.push(Old {
                        section: section.to_string(),
                        printed: printer.print(&raw),
                        raw,
                        cites: n,
                    });
                }
            }
        };
        if let Some(opening) = doc.get("opening").and_then(Item::as_table) {
            put(&named(opening), opening.get("text"));
        }
        fn walk(sections: Option<&Item>, put: &mut dyn FnMut(&str, Option<&Item>)) {
            for s in sections
                .and_then(Item::as_array_of_tables)
                .into_iter()
                .flat_map(|a| a.iter())
            {
                put(&named(s), s.get("text"));
                walk(s.get("section"), put);
            }
        }
        walk(doc.get("section"), &mut put);
        pool
    }

    /// The paragraph of another section than `here` printed as `printed` — or, when none is,
    /// the one sharing most of its opening and closing words with it, at least half (`kept`
    /// gives the bytes two printed texts share) — not taken before: its index, as written, and
    /// whether it prints the same.
    pub fn find(
        &self,
        printed: &str,
        here: &str,
        kept: &dyn Fn(&str, &str) -> usize,
    ) -> Option<(usize, String, bool)> {
        let taken = self.moves.borrow();
        let free =
            |i: &usize| self.paras[*i].section != here && !taken.iter().any(|(t, ..)| t == i);
        let all = 0..self.paras.len();
        if let Some(i) = all
            .clone()
            .filter(free)
            .find(|&i| self.paras[i].printed == printed)
        {
            return Some((i, self.paras[i].raw.clone(), true));
        }
        let i = all
            .filter(free)
            .max_by_key(|&i| kept(&self.paras[i].printed, printed))?;
        (kept(&self.paras[i].printed, printed) * 2 >= printed.len())
            .then(|| (i, self.paras[i].raw.clone(), false))
    }

    /// Records that paragraph `i` now stands in `here`, written `cites` citations.
    pub fn moved(&self, i: usize, here: &str, cites: usize) {
        self.moves.borrow_mut().push((i, here.to_string(), cites));
    }

    /// A note for each paragraph that moved: from which section to which, its citations kept.
    pub fn notes(&self, file: &Arc<SourceFile>) -> Vec<Diagnostic> {
        self.moves
            .borrow()
            .iter()
            .map(|(i, to, cites)| {
                let p = &self.paras[*i];
                let words: String = p.printed.chars().take(14).collect();
                let kept = match (*cites, p.cites) {
                    (1, 1) => "its citation is kept".to_string(),
                    (k, n) if k == n => format!("its {n} citations are kept"),
                    (k, n) => format!("{k} of its {n} citations are kept, where it reads as before"),
                };
                Diagnostic::note(format!(
                    "the paragraph “{words}…” of section {} now stands in {to}: {kept}",
                    p.section
                ))
                .in_file(file)
                .hint("its heading was deleted or it was moved in the DOCX; the figures it cites stay figures")
            })
            .collect()
    }
}

/// Section `s` as the notes name it: its title in quotes; a table without a title (the
/// opening) is [`OPENING`].
pub fn named(s: &Table) -> String {
    match s.get("title").and_then(Item::as_str) {
        Some(t) => format!("“{}”", t.trim()),
        None => OPENING.to_string(),
    }
}

/// The figure citations of `raw` (a paragraph as written).
pub fn cites(printer: &Printer, raw: &str) -> usize {
    printer
        .pieces(raw)
        .iter()
        .filter(|(text, cite)| cite.as_ref().is_some_and(|c| c != text))
        .count()
}
