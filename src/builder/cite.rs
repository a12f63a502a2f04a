//! Citations in report text: `{group.name}` prints a figure, `{{` and `}}` print a brace, and a
//! line that is only `{table:NAME}` or `{chart:NAME}` places a table or a chart there. ASCII
//! braces never occur in Chinese official text, so nothing written in Chinese is mistaken for a
//! citation. Inside a paragraph, `{note:…}` is a footnote (注) whose words may cite figures.

use std::ops::Range;
use std::sync::Arc;

use super::expr;
use super::figures::Figures;
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::Origin;

/// What a placement line places.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `{table:NAME}`
    Table,
    /// `{chart:NAME}`
    Chart,
}

impl Kind {
    /// The word in the placement line.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Table => "table",
            Kind::Chart => "chart",
        }
    }
}

/// A line `{table:NAME}` or `{chart:NAME}`: what it places and the name.
pub fn placement(line: &str) -> Option<(Kind, &str)> {
    let inner = line.trim().strip_prefix('{')?.strip_suffix('}')?;
    let (word, name) = inner.split_once(':')?;
    let kind = match word.trim() {
        "table" => Kind::Table,
        "chart" => Kind::Chart,
        _ => return None,
    };
    Some((kind, name.trim()))
}

/// The footnotes of a paragraph's text as written: for each `{note:…}`, the range of the whole
/// note and of its words. A note that is not closed is left to [`resolve`], which reports it.
pub fn notes(text: &str) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with("{{") || rest.starts_with("}}") {
            i += 2;
            continue;
        }
        if !rest.starts_with(NOTE) {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        }
        let words = i + NOTE.len();
        let mut j = words;
        let close = loop {
            let r = &text[j..];
            if r.is_empty() {
                break None;
            } else if r.starts_with("{{") || r.starts_with("}}") {
                j += 2;
            } else if r.starts_with('{') {
                match r.find('}') {
                    Some(c) => j += c + 1,
                    None => break None,
                }
            } else if r.starts_with('}') {
                break Some(j);
            } else {
                j += r.chars().next().map_or(1, char::len_utf8);
            }
        };
        let Some(close) = close else {
            return out;
        };
        out.push((i..close + 1, words..close));
        i = close + 1;
    }
    out
}

/// What opens a footnote in running text.
pub const NOTE: &str = "{note:";

/// One citation of a figure, where it stands.
#[derive(Debug, Clone)]
pub struct Citation {
    /// The figure's full name.
    pub figure: String,
    /// The citation in the file (`{…}`).
    pub origin: Origin,
    /// Where it stands in the document: the section's headings, or the table, row and column.
    pub place: String,
}

/// The place in the file of bytes `range` of `text`, whose origin is `origin` (exact when the
/// text stands verbatim in the source, else the whole origin).
pub fn span_of(
    origin: &Origin,
    text: &str,
    range: Range<usize>,
) -> Option<(Arc<SourceFile>, Range<usize>)> {
    Locate::new(origin, text).span(range)
}

/// Where a text lies in its origin's file, found once for every place in it (a search per
/// place made 20,000 problems on one line take half a minute).
pub struct Locate {
    file: Option<Arc<SourceFile>>,
    whole: Range<usize>,
    start: Option<usize>,
}

impl Locate {
    /// Finds `text` in the part of the file `origin` names.
    pub fn new(origin: &Origin, text: &str) -> Locate {
        let Some((f, whole)) = origin.0.as_ref() else {
            return Locate {
                file: None,
                whole: 0..0,
                start: None,
            };
        };
        let raw = f.text.get(whole.clone()).unwrap_or("");
        let start = raw
            .find(text)
            .filter(|_| !text.is_empty())
            .map(|at| whole.start + at);
        Locate {
            file: Some(f.clone()),
            whole: whole.clone(),
            start,
        }
    }

    /// The file and byte range of `range` of the text (the whole origin when the text was
    /// not found as written).
    pub fn span(&self, range: Range<usize>) -> Option<(Arc<SourceFile>, Range<usize>)> {
        let f = self.file.clone()?;
        Some(match self.start {
            Some(start) => (f, start + range.start..start + range.end),
            None => (f, self.whole.clone()),
        })
    }
}

fn at(d: Diagnostic, located: &Locate, range: Range<usize>, file: &Arc<SourceFile>) -> Diagnostic {
    match located.span(range) {
        Some((f, r)) => d.at(&f, r),
        None => d.in_file(file),
    }
}

/// The text with every citation replaced by its figure as printed. Unknown figures and stray
/// braces are errors at their place; the citations found are pushed to `citations`.
pub fn resolve(
    file: &Arc<SourceFile>,
    text: &str,
    origin: &Origin,
    figures: &Figures,
    place: &str,
    citations: &mut Vec<Citation>,
    problems: &mut Vec<Diagnostic>,
) -> String {
    if !text.contains(['{', '}']) {
        return text.to_string();
    }
    let located = Locate::new(origin, text);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with("{{") || rest.starts_with("}}") {
            out.push(bytes[i] as char);
            i += 2;
            continue;
        }
        if rest.starts_with('}') {
            problems.push(
                at(
                    Diagnostic::error("a `}` that closes no citation"),
                    &located,
                    i..i + 1,
                    file,
                )
                .label("write }} for a brace in the text")
                .hint(
                    "figures are cited as {group.name}; a literal brace is written twice: {{ or }}",
                ),
            );
            i += 1;
            continue;
        }
        if !rest.starts_with('{') {
            let c = rest.chars().next().expect("not at the end");
            out.push(c);
            i += c.len_utf8();
            continue;
        }
        let close = rest.find('}');
        let inner = close.map(|c| &rest[1..c]);
        let valid = inner.is_some_and(|n| {
            !n.is_empty()
                && n.chars().next().is_some_and(expr::name_start)
                && n.chars().all(expr::name_char)
                && !n.ends_with('.')
        });
        let end = i + close.map_or(1, |c| c + 1);
        if !valid {
            let msg = match inner {
                Some(n) if n.starts_with("note:") => {
                    "a footnote {note:…} stands in a paragraph of running text, not in a heading, a table or another note".to_string()
                }
                Some(n) if placement(&format!("{{{n}}}")).is_some() => {
                    "a table or chart is placed on a line of its own".to_string()
                }
                Some(n) => format!("`{{{n}}}` does not cite a figure"),
                None => "a `{` that is not closed".to_string(),
            };
            problems.push(
                at(Diagnostic::error(msg), &located, i..end, file)
                    .label("write {{ for a brace in the text")
                    .hint("cite a figure as {group.name}, e.g. {apply.total}; a literal brace is written twice: {{ or }}"),
            );
            out.push_str(&text[i..end]);
            i = end;
            continue;
        }
        let name = inner.expect("valid");
        let here = Origin(located.span(i..end));
        match figures.get(name) {
            Some(f) => {
                match f.printed() {
                    Some(p) => out.push_str(&p),
                    None => out.push_str(&text[i..end]), // its own error was reported
                }
                citations.push(Citation {
                    figure: f.path.clone(),
                    origin: here,
                    place: place.to_string(),
                });
            }
            None => {
                let mut d = at(
                    Diagnostic::error(format!("unknown figure `{name}`")),
                    &located,
                    i..end,
                    file,
                )
                .label("no figure of this name in [figures]");
                d = match figures.suggest(name) {
                    Some(s) => d.hint(format!("did you mean `{s}`?")),
                    None => d.hint("declare it under [figures] (e.g. [figures.apply] total = 84), cite it by its full name"),
                };
                problems.push(d.hint("a literal brace is written twice: {{ or }}"));
                out.push_str(&text[i..end]);
            }
        }
        i = end;
    }
    out
}

/// Prints text as the builder does, citations replaced by their figures: for tools that compare
/// a definition's text with printed text (`import --onto`). Unknown citations stay as written.
#[derive(Debug, Default)]
pub struct Printer(Figures);

impl Printer {
    /// The figures of the report definition `file` (problems in them are ignored here).
    pub fn new(file: &Arc<SourceFile>) -> Printer {
        Printer(Figures::read(file, &mut Vec::new()))
    }

    /// `text` in pieces, each as printed with its citation as written (`{group.name}`) when it
    /// is one; the text between citations comes unescaped (`{{` as `{`). A footnote's `{note:`
    /// and its closing `}` are pieces of their own, marked as written, like citations.
    pub fn pieces(&self, text: &str) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        let mut from = 0;
        for (whole, words) in notes(text) {
            out.extend(self.plain_pieces(&text[from..whole.start]));
            out.push((NOTE.to_string(), Some(NOTE.to_string())));
            out.extend(self.plain_pieces(&text[words]));
            out.push(("}".to_string(), Some("}".to_string())));
            from = whole.end;
        }
        out.extend(self.plain_pieces(&text[from..]));
        out
    }

    fn plain_pieces(&self, text: &str) -> Vec<(String, Option<String>)> {
        let mut out: Vec<(String, Option<String>)> = Vec::new();
        let mut rest = text;
        let mut plain = String::new();
        while let Some(c) = rest.chars().next() {
            if rest.starts_with("{{") || rest.starts_with("}}") {
                plain.push(c);
                rest = &rest[2..];
                continue;
            }
            if c == '{'
                && let Some(end) = rest.find('}')
                && let Some(f) = self.0.get(&rest[1..end])
                && let Some(printed) = f.printed()
            {
                if !plain.is_empty() {
                    out.push((std::mem::take(&mut plain), None));
                }
                out.push((printed, Some(rest[..=end].to_string())));
                rest = &rest[end + 1..];
                continue;
            }
            plain.push(c);
            rest = &rest[c.len_utf8()..];
        }
        if !plain.is_empty() {
            out.push((plain, None));
        }
        out
    }

    /// `text` as printed, a footnote kept in place as `{note:…}` with its words printed.
    pub fn print(&self, text: &str) -> String {
        if !text.contains(['{', '}']) {
            return text.to_string();
        }
        let mut out = String::new();
        let mut from = 0;
        for (whole, words) in notes(text) {
            out.push_str(&self.print_plain(&text[from..whole.start]));
            out.push_str(NOTE);
            out.push_str(&self.print_plain(&text[words]));
            out.push('}');
            from = whole.end;
        }
        out.push_str(&self.print_plain(&text[from..]));
        out
    }

    fn print_plain(&self, text: &str) -> String {
        resolve(
            &SourceFile::new(String::new(), std::path::Path::new(""), String::new()),
            text,
            &Origin(None),
            &self.0,
            "",
            &mut Vec::new(),
            &mut Vec::new(),
        )
    }
}

/// Printed text written as report text: every brace doubled (a single one would cite a
/// figure), except the `{note:` and `}` around a footnote (in printed text as the DOCX reader
/// gives it), whose words are escaped in turn.
pub fn escape(printed: &str) -> String {
    let doubled = |s: &str| s.replace('{', "{{").replace('}', "}}");
    let mut out = String::with_capacity(printed.len() + 8);
    let mut from = 0;
    for (whole, words) in notes(printed) {
        out.push_str(&doubled(&printed[from..whole.start]));
        out.push_str(NOTE);
        out.push_str(&doubled(&printed[words]));
        out.push('}');
        from = whole.end;
    }
    out.push_str(&doubled(&printed[from..]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placement_lines() {
        assert_eq!(placement("{table:apply}"), Some((Kind::Table, "apply")));
        assert_eq!(
            placement(" {chart: channels} "),
            Some((Kind::Chart, "channels"))
        );
        assert_eq!(placement("{apply.total}"), None);
        assert_eq!(placement("见{table:apply}"), None);
    }

    #[test]
    fn braces_and_unknown_figures() {
        let file = SourceFile::new(
            "t.toml".into(),
            std::path::Path::new("t.toml"),
            "text = \"共{a.b}件{{x}}\"".into(),
        );
        let origin = Origin(Some((file.clone(), 8..25)));
        let figures = Figures::default();
        let mut problems = Vec::new();
        let mut cites = Vec::new();
        let out = resolve(
            &file,
            "共{a.b}件{{x}}",
            &origin,
            &figures,
            "",
            &mut cites,
            &mut problems,
        );
        assert_eq!(out, "共{a.b}件{x}");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "unknown figure `a.b`");
        assert_eq!(problems[0].span, Some(11..16));
    }

    #[test]
    fn notes_are_found_with_their_citations_and_escapes() {
        let t = "共{a.b}件{note:其中{c.d}件{{注}}}。{{note:x}}";
        let found = notes(t);
        assert_eq!(found.len(), 1);
        let (whole, words) = found[0].clone();
        assert_eq!(&t[whole], "{note:其中{c.d}件{{注}}}");
        assert_eq!(&t[words], "其中{c.d}件{{注}}");
        assert!(notes("文{note:没有关上").is_empty());
        assert_eq!(escape("文{note:注{x}}。{y}"), "文{note:注{{x}}}。{{y}}");
    }
}
