//! Footnotes and comments read back: a footnote becomes `{note:…}` where its mark stood (the
//! report format's 注), a comment a reviewer's remark (author, date, words) kept beside its
//! paragraph as a TOML comment. Endnotes have no place in a report and stay warnings.

use std::collections::HashMap;

use roxmltree::Node;

use super::{is_w, w_attr};
use crate::diag::{Diagnostic, Severity, SourceFile};
use crate::import::OutlineComment;
use crate::import::recognise::{Kind, Para, Place};

/// A comment's author, date and words.
#[derive(Debug, Clone)]
pub struct Comment {
    /// `w:author`, possibly empty.
    pub author: String,
    /// The day of `w:date` (`2024-03-01`), possibly empty.
    pub date: String,
    /// The words, its paragraphs joined by a space.
    pub text: String,
}

impl Comment {
    /// The remark as the definition keeps it: `批注（张三，2024-03-01）：…`.
    pub fn line(&self) -> String {
        let who: Vec<&str> = [self.author.as_str(), self.date.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        if who.is_empty() {
            format!("批注：{}", self.text)
        } else {
            format!("批注（{}）：{}", who.join("，"), self.text)
        }
    }
}

/// Footnotes, endnotes and comments by (kind, id): their words; comments also with author and
/// date.
#[derive(Debug, Default)]
pub struct Notes {
    words: HashMap<(&'static str, String), String>,
    comments: HashMap<String, Comment>,
}

impl Notes {
    /// No notes.
    pub fn new() -> Notes {
        Notes::default()
    }

    /// Reads note `n` (a `w:footnote`, `w:endnote` or `w:comment`) of `kind`.
    pub fn read(&mut self, kind: &'static str, n: Node) {
        let Some(id) = w_attr(n, "id") else {
            return;
        };
        let paras: Vec<String> = n
            .children()
            .filter(|c| is_w(*c, "p"))
            .map(|p| {
                p.descendants()
                    .filter(|d| is_w(*d, "t"))
                    .filter(|d| !d.ancestors().any(|a| is_w(a, "del") || is_w(a, "moveFrom")))
                    .filter_map(|d| d.text())
                    .collect::<String>()
                    .trim()
                    .to_string()
            })
            .filter(|t| !t.is_empty())
            .collect();
        let text = paras.join(" ");
        if kind == "comment" {
            let date = w_attr(n, "date").unwrap_or("");
            self.comments.insert(
                id.to_string(),
                Comment {
                    author: w_attr(n, "author").unwrap_or("").trim().to_string(),
                    date: date.get(..10).unwrap_or(date).to_string(),
                    text: text.clone(),
                },
            );
        }
        self.words.insert((kind, id.to_string()), text);
    }

    /// The words of note `key` (kind, id).
    pub fn get(&self, key: &(&'static str, String)) -> Option<&String> {
        self.words.get(key)
    }

    /// Footnote `id` as report text, `{note:…}` (its words' braces are left to the writer,
    /// which doubles them), or `None` when the document has no such footnote or it is empty.
    pub fn footnote(&self, id: &str) -> Option<String> {
        let words = self.words.get(&("footnote", id.to_string()))?;
        let note = format!("{{note:{words}}}");
        // A brace that pairs with none would end the note early: those words get full-width
        // braces.
        let whole = crate::builder::note_ranges(&note)
            .first()
            .map(|r| r.0.clone());
        let note = if whole == Some(0..note.len()) {
            note
        } else {
            format!("{{note:{}}}", words.replace('}', "｝").replace('{', "｛"))
        };
        (!words.is_empty()).then_some(note)
    }

    /// Comment `id`.
    pub fn comment(&self, id: &str) -> Option<&Comment> {
        self.comments.get(id)
    }
}

/// Leaves out of `found` the comments `build --review` wrote (author `doc::REVIEW_AUTHOR`):
/// gongwen's own findings, which `check` finds again on the definition, never an editor's
/// remark. An editor's reply to one is the editor's, and stays. A note says how many went.
pub fn drop_own(
    file: &std::sync::Arc<SourceFile>,
    found: &mut Vec<(usize, Comment)>,
) -> Option<Diagnostic> {
    let before = found.len();
    found.retain(|(_, c)| c.author != crate::doc::REVIEW_AUTHOR);
    let n = before - found.len();
    (n > 0).then(|| {
        Diagnostic::note(format!(
            "{n} comment{} by gongwen (`build --review`'s findings) left out: only editors' comments are kept",
            if n == 1 { "" } else { "s" }
        ))
        .in_file(file)
        .hint("`gongwen check` on the definition finds what is still to correct")
    })
}

/// The comments met in the body, each with the words of the paragraph it was found in (as the
/// outline has them: a heading's words, a run-in heading's body words, a paragraph's text).
pub fn placed(paras: &[Para], found: &[(usize, Comment)]) -> Vec<OutlineComment> {
    found
        .iter()
        .map(|(i, c)| OutlineComment {
            words: paras.get(*i).map(|p| p.text.clone()).unwrap_or_default(),
            line: c.line(),
            author: c.author.clone(),
        })
        .collect()
}

/// Each comment as a note for the import's output: who said what, on which words.
pub fn listed(file: &std::sync::Arc<SourceFile>, comments: &[OutlineComment]) -> Vec<Diagnostic> {
    comments
        .iter()
        .map(|c| {
            let words: String = c.words.chars().take(14).collect();
            let on = if words.is_empty() {
                String::new()
            } else {
                format!(" on “{words}…”")
            };
            Diagnostic {
                severity: Severity::Note,
                ..Diagnostic::warning(format!(
                    "a comment{on} is kept in the definition: {}",
                    c.line
                ))
                .in_file(file)
                .hint("a reviewer's remark: act on it, then delete the # 批注 line")
            }
        })
        .collect()
}

/// Footnotes where a report has none. On a heading or the title: taken out of its words and
/// kept as a paragraph `注：…` after it; in a table (cell, caption or note): kept there as
/// literal text. Each with a warning naming the place.
pub fn misplaced(
    file: &std::sync::Arc<SourceFile>,
    paras: &mut Vec<Para>,
    tables: &[crate::import::OutlineTable],
) -> Vec<Diagnostic> {
    let noted = |t: &str| t.contains(crate::builder::NOTE);
    let warn = |what: String| {
        Diagnostic::warning(what)
            .in_file(file)
            .hint("a report's footnotes stand in paragraphs: move its {note:…} into the paragraph it explains")
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < paras.len() {
        let p = &mut paras[i];
        let words = match p.kind {
            Kind::Body => None,
            Kind::RunIn(_) => Some(&mut p.lead),
            Kind::Title | Kind::Heading(_) => Some(&mut p.text),
        };
        let Some(words) = words.filter(|w| noted(w)) else {
            i += 1;
            continue;
        };
        let mut kept = String::new();
        let mut notes = Vec::new();
        let mut from = 0;
        for (whole, inner) in crate::builder::note_ranges(words) {
            kept.push_str(&words[from..whole.start]);
            notes.push(words[inner].to_string());
            from = whole.end;
        }
        kept.push_str(&words[from..]);
        *words = kept;
        let place = match &p.at {
            Place::Paragraph(n) => format!("paragraph {n}"),
            Place::Line { no, .. } => format!("line {no}"),
        };
        let at = p.at.clone();
        out.push(warn(format!(
            "a footnote on a heading or the title is kept as a paragraph 注：… after it ({place})"
        )));
        for (k, n) in notes.into_iter().enumerate() {
            paras.insert(i + 1 + k, Para::body(at.clone(), format!("注：{n}")));
        }
        i += 1;
    }
    for t in tables {
        let cells = t
            .rows
            .iter()
            .chain(&t.header)
            .flatten()
            .any(|c| noted(&c.text));
        if cells || t.caption.as_deref().is_some_and(noted) || t.notes.iter().any(|n| noted(n)) {
            out.push(warn(format!(
                "a footnote in a table is kept there as literal text (table `{}`)",
                t.name
            )));
        }
    }
    out
}
