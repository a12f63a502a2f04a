//! The one recogniser every reader feeds: a typed sequence of paragraphs (text, what the
//! styles say, how it looks) becomes an [`Outline`] — title lines, headings, signature, date and
//! closing lines, table captions — with page chrome left out and flattened text split.
//!
//! Readers only parse: the text reader gives a paragraph a line, the DOCX reader a paragraph a
//! `w:p` with its style level, list number and direct formatting, the HTML reader a paragraph
//! a block or `<br>` line. Everything else is decided here, once, the same way for all.

use std::ops::Range;
use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile};
use crate::import::{Outline, OutlineSection, OutlineTable};
pub use crate::numbering::{Typed, typed_number as number};

mod ends;
mod flat;
mod lines;

pub use lines::{caption_words, date, form_like, is_chrome, is_closing_line, is_office};

/// What the source's styles say a paragraph is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// A line (or lines) of the title (Word's Title style).
    Title,
    /// A heading on its own line, level 1 to 4 (a heading style or an outline level).
    Heading(u8),
    /// A paragraph opened by words in a heading's character style, level 1 to 4.
    RunIn(u8),
    /// Anything else: the recogniser reads its typed number, if any.
    #[default]
    Body,
}

/// How a paragraph looks, as far as the source says (plain text says nothing).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Look {
    /// Set off like a signature: indented from the left, right-aligned, or pushed by spaces.
    pub set_off: bool,
    /// Centred.
    pub centred: bool,
    /// Larger than the body text.
    pub large: bool,
    /// In a title font (小标宋, 宋体 bold at a large size).
    pub title_font: bool,
    /// Bold, or in 黑体/楷体, throughout.
    pub strong: bool,
    /// Bytes of `text` that open the paragraph bold or in 黑体/楷体, the rest being plain.
    pub strong_lead: Option<usize>,
}

/// Where a paragraph is, for diagnostics.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A line of a text file: its number and the byte range of its text.
    Line {
        /// 1-based.
        no: usize,
        /// Byte range in the file.
        span: Range<usize>,
    },
    /// The n-th paragraph (1-based) of a document.
    Paragraph(usize),
}

/// One paragraph as a reader found it.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// Where it is.
    pub at: Place,
    /// What the styles say.
    pub kind: Kind,
    /// The heading words of a [`Kind::RunIn`] paragraph.
    pub lead: String,
    /// The words, trimmed (a title's lines separated by `\n`).
    pub text: String,
    /// Direct formatting.
    pub look: Look,
    /// It places the table at this index (its text is `{table:NAME}`).
    pub table: Option<usize>,
}

impl Para {
    /// A body paragraph with `text` at `at`.
    pub fn body(at: Place, text: impl Into<String>) -> Para {
        Para {
            at,
            kind: Kind::Body,
            lead: String::new(),
            text: text.into(),
            look: Look::default(),
            table: None,
        }
    }
}

/// What the caller knows beforehand.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// The title the user gave (`--title`): leading lines equal to it are the title.
    pub title: &'a str,
    /// The office the user gave (`--office`): a closing line equal to it is the signature.
    pub office: &'a str,
}

/// Whether `indent` (the spaces and tabs before a line's words) pushes it right, as a
/// signature is pushed: eight columns or more (a tab is four, an ideographic space two), more
/// than the two-character indent of a paragraph.
pub fn pushed(indent: &str) -> bool {
    let width: usize = indent
        .chars()
        .map(|c| match c {
            '\t' => 4,
            '\u{3000}' => 2,
            c if c.is_whitespace() => 1,
            _ => 0,
        })
        .sum();
    width >= 8
}

/// Lines longer than this (in characters) may be flattened text and are split at the headings
/// standing inside them.
const FLATTENED_CHARS: usize = 1000;

/// Title lines are short.
const MAX_TITLE_CHARS: usize = 50;

/// Recognises the structure of `paras` (from `file`), taking table captions into `tables`.
pub fn recognise(
    file: &Arc<SourceFile>,
    paras: Vec<Para>,
    tables: &mut [OutlineTable],
    options: Options,
) -> (Outline, Vec<Diagnostic>) {
    let mut r = Recogniser {
        file: file.clone(),
        warnings: Vec::new(),
        outline: Outline::default(),
        counts: [0; 4],
        depth: 0,
        level3: (Vec::new(), Vec::new()),
        headings: 0,
    };
    let paras = r.chrome(paras);
    let paras = r.unflatten(paras);
    let mut paras = r.title(paras, options.title);
    let end = r.closing(&paras, options.office);
    paras.truncate(end);
    r.captions(&mut paras, tables);
    for p in paras {
        r.para(p);
    }
    r.finish();
    (r.outline, r.warnings)
}

struct Recogniser {
    file: Arc<SourceFile>,
    warnings: Vec<Diagnostic>,
    outline: Outline,
    /// counts[l] = sections of level l+1 under the open level-l one.
    counts: [u32; 4],
    /// Open levels.
    depth: u8,
    /// Places of level-3 numbers written `1、` and `1.`.
    level3: (Vec<String>, Vec<String>),
    headings: usize,
}

/// The place words of a paragraph: `line 5` or `paragraph 5 “words…”`.
fn place_words(p: &Para) -> String {
    match &p.at {
        Place::Line { no, .. } => format!("line {no}"),
        Place::Paragraph(n) => {
            let words: String = format!("{}{}", p.lead, p.text)
                .trim()
                .chars()
                .take(14)
                .collect();
            if words.is_empty() {
                format!("paragraph {n}")
            } else {
                format!("paragraph {n} “{words}…”")
            }
        }
    }
}

impl Recogniser {
    /// A warning about `p`: at its span in a text file, else naming the paragraph.
    fn warn(&self, p: &Para, message: String, at: Option<Range<usize>>) -> Diagnostic {
        match (&p.at, at) {
            (Place::Line { span, .. }, at) => {
                Diagnostic::warning(message).at(&self.file, at.unwrap_or_else(|| span.clone()))
            }
            (Place::Paragraph(_), _) => {
                Diagnostic::warning(format!("{message} ({})", place_words(p))).in_file(&self.file)
            }
        }
    }

    /// Leaves out the lines that belong to the web page, not the report, and reports them.
    fn chrome(&mut self, paras: Vec<Para>) -> Vec<Para> {
        let mut kept = Vec::with_capacity(paras.len());
        for p in paras {
            if p.kind == Kind::Body && p.table.is_none() && is_chrome(&p.text) {
                let d = self
                    .warn(
                        &p,
                        format!("a line of the web page, not the report, is left out: “{}”", p.text),
                        None,
                    )
                    .hint("nothing to do, unless the line belongs to the report: then add it to the definition");
                self.warnings.push(d);
            } else {
                kept.push(p);
            }
        }
        kept
    }

    /// A table's caption: the line just above it, when it reads like one (`表1　…`, or a short
    /// line without sentence marks that is centred, bold or ends in 表).
    fn captions(&mut self, paras: &mut Vec<Para>, tables: &mut [OutlineTable]) {
        let mut i = 1;
        while i < paras.len() {
            let Some(t) = paras[i].table else {
                i += 1;
                continue;
            };
            let prev = &paras[i - 1];
            let words = (prev.kind == Kind::Body && prev.table.is_none())
                .then(|| caption_words(&prev.text, '表'))
                .flatten()
                .or_else(|| {
                    let text = prev.text.trim();
                    (prev.kind == Kind::Body
                        && prev.table.is_none()
                        && !text.starts_with('{')
                        && text.chars().count() <= MAX_TITLE_CHARS
                        && !text.contains(|c| "。；;：:！!？?".contains(c))
                        && number(text).is_none()
                        && (prev.look.centred || prev.look.strong || text.ends_with('表')))
                    .then(|| text.to_string())
                });
            match (words, tables.get_mut(t)) {
                (Some(words), Some(table)) if table.caption.is_none() => {
                    table.caption = Some(words);
                    paras.remove(i - 1);
                }
                _ => i += 1,
            }
        }
    }

    /// Adds one paragraph to the outline.
    fn para(&mut self, p: Para) {
        match p.kind {
            Kind::Title if self.headings == 0 && self.outline.opening.is_empty() => {
                self.outline
                    .title
                    .extend(p.text.lines().map(|l| l.trim().to_string()));
            }
            Kind::Title => {
                let d = self
                    .warn(
                        &p,
                        "a Title paragraph after the text begins is imported as a paragraph".into(),
                        None,
                    )
                    .hint("the title comes first; move it there in Word, or edit the report definition");
                self.warnings.push(d);
                self.paragraph(&p.text.replace('\n', ""));
            }
            Kind::Heading(level) | Kind::RunIn(level) => self.styled(&p, level),
            Kind::Body => self.typed(&p),
        }
    }

    /// A heading the styles declare: its level trusted (a jump is taken down to the next
    /// level, with a warning), a typed number before its words taken off.
    fn styled(&mut self, p: &Para, level: u8) {
        let level = if level > self.depth + 1 {
            let d = self
                .warn(
                    p,
                    format!(
                        "a level-{level} heading follows a level-{} one; imported as level {}",
                        self.depth,
                        self.depth + 1
                    ),
                    None,
                )
                .hint("headings go down one level at a time; change its style in Word if this is wrong");
            self.warnings.push(d);
            self.depth + 1
        } else {
            level
        };
        // The typed number taken off says how the report writes level 3.
        let typed = match p.kind {
            Kind::RunIn(_) => number(&p.lead),
            _ => number(&p.text),
        };
        if level == 3
            && let Some(n) = typed.filter(|n| n.level == 3)
        {
            self.level3_style(p, n.comma);
        }
        let section = match p.kind {
            Kind::RunIn(_) => OutlineSection {
                title: strip_number(&p.lead).to_string(),
                run_in: true,
                paragraphs: vec![p.text.clone()],
                sections: Vec::new(),
            },
            _ => {
                // A whole paragraph on an outline level (as WPS marks a run-in heading) runs
                // in up to its first 。 or where the formatting changes.
                let words = strip_number(&p.text);
                let skipped = words.as_ptr() as usize - p.text.as_ptr() as usize;
                let lead = p
                    .look
                    .strong_lead
                    .and_then(|l| l.checked_sub(skipped))
                    .filter(|&l| l > 0);
                heading(words, lead)
            }
        };
        self.open(level, section);
    }

    /// A body paragraph: a heading when a typed number opens it and fits the structure so far,
    /// else text (a number that does not fit is reported).
    fn typed(&mut self, p: &Para) {
        let Some(n) = number(&p.text).filter(|_| p.table.is_none()) else {
            self.paragraph(&p.text);
            return;
        };
        let shown = &p.text[..n.len];
        let expected = self.counts[n.level as usize - 1] + 1;
        let misfit = if n.level > self.depth + 1 {
            Some(format!("no level-{} heading above it", n.level - 1))
        } else if n.value != expected {
            Some(format!("the count expects {expected} here"))
        } else if p.text[n.len..].trim().is_empty() {
            Some("no words follow it".to_string())
        } else {
            None
        };
        if let Some(why) = misfit {
            let span = match &p.at {
                Place::Line { span, .. } => Some(span.start..span.start + n.len),
                _ => None,
            };
            let d = self
                .warn(
                    p,
                    format!(
                        "`{shown}` on {} does not fit the numbering ({why}); kept as a paragraph",
                        match &p.at {
                            Place::Line { no, .. } => format!("line {no}"),
                            Place::Paragraph(no) => format!("paragraph {no}"),
                        }
                    ),
                    span,
                )
                .label("kept as text")
                .hint("if it is a heading, correct the numbers in the text and import again");
            self.warnings.push(d);
            self.paragraph(&p.text);
            return;
        }
        if n.level == 3 {
            self.level3_style(p, n.comma);
        }
        let rest = &p.text[n.len..];
        let lead = p
            .look
            .strong_lead
            .filter(|&l| l > n.len && l < p.text.len())
            .map(|l| l - n.len);
        self.open(n.level, heading(rest, lead));
    }

    /// Notes that `p` writes its level-3 number `1、` (`comma`) or `1.`.
    fn level3_style(&mut self, p: &Para, comma: bool) {
        let place = match &p.at {
            Place::Line { no, .. } => format!("line {no}"),
            Place::Paragraph(no) => format!("paragraph {no}"),
        };
        if comma {
            self.level3.0.push(place)
        } else {
            self.level3.1.push(place)
        }
    }

    /// Opens `section` at `level`.
    fn open(&mut self, level: u8, section: OutlineSection) {
        self.headings += 1;
        self.counts[level as usize - 1] += 1;
        self.counts[level as usize..]
            .iter_mut()
            .for_each(|c| *c = 0);
        self.depth = level;
        siblings(&mut self.outline, level).push(section);
    }

    /// Adds a paragraph to the open section (the opening before the first heading).
    fn paragraph(&mut self, text: &str) {
        paragraph(&mut self.outline, self.depth, text);
    }

    fn finish(&mut self) {
        let (comma, dot) = std::mem::take(&mut self.level3);
        if comma.len() > dot.len() {
            self.outline.numbering[2] = Some("1、".into());
        }
        if !comma.is_empty() && !dot.is_empty() {
            let (used, odd, places) = if comma.len() > dot.len() {
                ("1、", "1.", dot)
            } else {
                ("1.", "1、", comma)
            };
            self.warnings.push(
                Diagnostic::warning(format!(
                    "level 3 is written both `{used}` and `{odd}` (`{odd}` on {}); every level-3 number prints as `{used}`",
                    places.join(", ")
                ))
                .in_file(&self.file)
                .hint("change [numbering] level3 in the report definition to choose the other form"),
            );
        }
        if self.headings == 0 && self.outline.opening.len() > 1 {
            self.warnings.push(
                Diagnostic::warning(format!(
                    "no headings were recognised in {}: its {} paragraphs are imported as the opening",
                    self.file.name,
                    self.outline.opening.len()
                ))
                .in_file(&self.file)
                .hint("number the headings as typed text (一、 （一） 1. （1）) or give them Word's Heading 1–4 styles, and import again"),
            );
        }
    }
}

/// `words` without a typed heading number at its start (a heading numbered by its style).
fn strip_number(words: &str) -> &str {
    match number(words) {
        Some(n) if !words[n.len..].trim().is_empty() => words[n.len..].trim(),
        _ => words,
    }
}

/// A heading from the words after its number: run in up to `lead` bytes (where the formatting
/// changes), else up to its first `。` when the line goes on.
fn heading(words: &str, lead: Option<usize>) -> OutlineSection {
    let split = lead
        .filter(|&l| words.is_char_boundary(l))
        .or_else(|| words.find('。').map(|i| i + '。'.len_utf8()))
        .filter(|&end| !words[end..].trim().is_empty());
    match split {
        Some(end) => OutlineSection {
            title: words[..end].trim().to_string(),
            run_in: true,
            paragraphs: vec![words[end..].trim().to_string()],
            sections: Vec::new(),
        },
        None => OutlineSection {
            title: words.trim().to_string(),
            ..Default::default()
        },
    }
}

/// The list a new heading of `level` joins.
fn siblings(outline: &mut Outline, level: u8) -> &mut Vec<OutlineSection> {
    let mut list = &mut outline.sections;
    for _ in 1..level {
        if list.is_empty() {
            list.push(OutlineSection::default());
        }
        list = &mut list.last_mut().expect("not empty").sections;
    }
    list
}

/// Adds a paragraph to the open section at `depth` (the opening at depth 0).
fn paragraph(outline: &mut Outline, depth: u8, text: &str) {
    if depth == 0 {
        outline.opening.push(text.to_string());
    } else {
        siblings(outline, depth)
            .last_mut()
            .expect("the open heading exists")
            .paragraphs
            .push(text.to_string());
    }
}

#[cfg(test)]
mod tests;
