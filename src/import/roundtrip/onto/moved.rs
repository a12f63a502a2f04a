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
    /// Its citations of figures.
    cites: usize,
}

/// The definition's paragraphs that cite figures, and the moves found.
#[derive(Default)]
pub struct Pool {
    paras: Vec<Old>,
    /// (paragraph, the section it now stands in), in the order met.
    moves: RefCell<Vec<(usize, String)>>,
}

/// The section label of a moved paragraph's new place (the opening has no title).
pub const OPENING: &str = "the opening";

impl Pool {
    /// Every paragraph of `doc`'s opening and sections that cites a figure.
    pub fn read(doc: &DocumentMut, printer: &Printer) -> Pool {
        let mut pool = Pool::default();
        let mut put = |section: &str, text: Option<&Item>| {
            for raw in paragraphs(text).into_iter().filter(|p| p.contains('{')) {
                let cites = printer
                    .pieces(&raw)
                    .iter()
                    .filter(|(text, cite)| cite.as_ref().is_some_and(|c| c != text))
                    .count();
                if cites > 0 {
                    pool.paras.push(Old {
                        section: section.to_string(),
                        printed: printer.print(&raw),
                        raw,
                        cites,
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

    /// The paragraph of another section than `here` printed as `printed`, as written (its
    /// citations kept); the move is recorded.
    pub fn take(&self, printed: &str, here: &str) -> Option<String> {
        let i = self
            .paras
            .iter()
            .position(|p| p.printed == printed && p.section != here)?;
        self.moves.borrow_mut().push((i, here.to_string()));
        Some(self.paras[i].raw.clone())
    }

    /// A note for each paragraph that moved: from which section to which, its citations kept.
    pub fn notes(&self, file: &Arc<SourceFile>) -> Vec<Diagnostic> {
        self.moves
            .borrow()
            .iter()
            .map(|(i, to)| {
                let p = &self.paras[*i];
                let words: String = p.printed.chars().take(14).collect();
                let cites = p.cites;
                Diagnostic::note(format!(
                    "the paragraph “{words}…” of section {} now stands in {to}: its {cites} citation{} kept",
                    p.section,
                    if cites == 1 { " is" } else { "s are" }
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
