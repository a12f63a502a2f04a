//! The one recogniser every reader feeds: a typed sequence of paragraphs (text, what the
//! styles say, how it looks) becomes an [`Outline`] — title lines, headings, signature, date and
//! closing lines, table captions — with page chrome left out and flattened text split.
//!
//! Readers only parse: the text reader gives a paragraph a line, the DOCX reader a paragraph a
//! `w:p` with its style level, list number and direct formatting, the HTML reader a paragraph
//! a block or `<br>` line. Everything else is decided here, once, the same way for all.

use std::ops::Range;
use std::sync::Arc;

use super::{Outline, OutlineSection, OutlineTable};
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::Date;
pub use crate::numbering::{Typed, typed_number as number};

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

    /// Splits very long lines at the headings standing inside them (flattened text), with a
    /// warning for each line split.
    fn unflatten(&mut self, paras: Vec<Para>) -> Vec<Para> {
        if !paras
            .iter()
            .any(|p| p.text.chars().count() > FLATTENED_CHARS)
        {
            return paras;
        }
        let mut state = ([0u32; 4], 0u8);
        let mut out = Vec::with_capacity(paras.len());
        for p in paras {
            let long = p.kind == Kind::Body && p.text.chars().count() > FLATTENED_CHARS;
            match p.kind {
                Kind::Heading(l) | Kind::RunIn(l) => advance(&mut state, l),
                _ => {}
            }
            if !long {
                if let Some(n) = number(&p.text).filter(|n| fits(&state, n)) {
                    advance(&mut state, n.level);
                }
                out.push(p);
                continue;
            }
            let mut rest = p.text.as_str();
            let mut pieces = Vec::new();
            loop {
                let skip = match number(rest).filter(|n| fits(&state, n)) {
                    Some(n) => {
                        advance(&mut state, n.level);
                        n.len
                    }
                    None => 0,
                };
                match inner_heading(&rest[skip..], &state) {
                    Some(at) => {
                        pieces.push(rest[..skip + at].trim().to_string());
                        rest = rest[skip + at..].trim_start();
                    }
                    None => {
                        pieces.push(rest.trim().to_string());
                        break;
                    }
                }
            }
            if pieces.len() > 1 {
                let d = self
                    .warn(
                        &p,
                        format!(
                            "a line of {} characters holds {} headings inside it: split at each, as flattened text",
                            p.text.chars().count(),
                            pieces.len() - 1
                        ),
                        None,
                    )
                    .hint("check the headings in the definition; paragraphs inside a section stay joined");
                self.warnings.push(d);
            }
            for piece in pieces.into_iter().filter(|t| !t.is_empty()) {
                out.push(Para {
                    text: piece,
                    ..p.clone()
                });
            }
        }
        out
    }

    /// Takes the title lines off the start: Title paragraphs; lines equal to `given`; or the
    /// first short lines that are centred, large or in a title font, or up to one ending in 报告.
    fn title(&mut self, mut paras: Vec<Para>, given: &str) -> Vec<Para> {
        let styled = paras.iter().take_while(|p| p.kind == Kind::Title).count();
        if styled > 0 {
            for p in paras.drain(..styled) {
                self.outline
                    .title
                    .extend(p.text.lines().map(|l| l.trim().to_string()));
            }
            return paras;
        }
        if !given.is_empty() {
            for n in 1..=paras.len().min(3) {
                let joined: String = paras[..n].iter().map(|p| p.text.as_str()).collect();
                if joined == given && paras.len() > n {
                    self.outline.title = paras.drain(..n).map(|p| p.text).collect();
                    return paras;
                }
            }
            if let Some(first) = paras.first_mut()
                && let Some(rest) = first.text.strip_prefix(given)
                && rest.starts_with(char::is_whitespace)
            {
                first.text = rest.trim().to_string();
                self.outline.title = vec![given.to_string()];
                return paras;
            }
        }
        let candidate = |p: &Para| {
            p.kind == Kind::Body
                && p.table.is_none()
                && p.text.chars().count() <= MAX_TITLE_CHARS
                && !p.text.contains(|c| "。，,；;：:！!？?".contains(c))
                && number(&p.text).is_none()
                && date(&p.text).is_none()
        };
        let leading = paras.iter().take(4).take_while(|p| candidate(p)).count();
        let ends = paras[..leading]
            .iter()
            .position(|p| p.text.ends_with("报告"))
            .map(|i| i + 1);
        let looks = paras[..leading]
            .iter()
            .take_while(|p| p.look.centred || p.look.large || p.look.title_font)
            .count();
        let n = ends.unwrap_or(0).max(looks);
        if n > 0 && paras.len() > n {
            self.outline.title = paras.drain(..n).map(|p| p.text).collect();
        }
        paras
    }

    /// Takes the closing off the end: labelled lines (责任编辑：…), the short lines after a
    /// signature set off on the right, and the signature block (a short line set off or
    /// naming an office, a date line). Returns where the body ends.
    fn closing(&mut self, paras: &[Para], office: &str) -> usize {
        let plain = |p: &Para| p.kind == Kind::Body && p.table.is_none();
        let short = |p: &Para| {
            p.text.chars().count() <= 40 && !p.text.contains(|c| "。，,；;！!？?".contains(c))
        };
        let sig_ish = |p: &Para| {
            plain(p)
                && (date(&p.text).is_some()
                    || is_office(&p.text, office)
                    || (p.look.set_off && short(p)))
        };
        let mut end = paras.len();
        // After a signature set off on the right, the short lines are closing lines.
        let set_off = (1..paras.len())
            .rev()
            .take_while(|&i| plain(&paras[i]))
            .find(|&i| paras[i].look.set_off && short(&paras[i]));
        let mut lines: Vec<String> = Vec::new();
        if let Some(i) = set_off
            && paras[i + 1..]
                .iter()
                .all(|p| p.text.chars().count() <= 80 && !sig_ish(p))
        {
            lines = paras[i + 1..].iter().map(|p| p.text.clone()).collect();
            end = i + 1;
        } else {
            while end > 1 && plain(&paras[end - 1]) && is_closing_line(&paras[end - 1].text) {
                end -= 1;
            }
            lines.extend(paras[end..].iter().map(|p| p.text.clone()));
        }
        let mut start = end;
        while start > 1 && sig_ish(&paras[start - 1]) {
            start -= 1;
        }
        let mut extra = Vec::new();
        for p in &paras[start..end] {
            match (self.outline.date, date(&p.text)) {
                (None, Some(d)) => {
                    self.outline.date = Some(d);
                    if d.chinese() != p.text {
                        let d = self
                            .warn(p, format!("the date line is printed as {}", d.chinese()), None)
                            .label("read as the signing date")
                            .hint("the date is kept as a date (date = ...) and printed in the usual form");
                        self.warnings.push(d);
                    }
                }
                _ if self.outline.signature.is_none() => {
                    self.outline.signature = Some(p.text.clone())
                }
                _ => extra.push(p.text.clone()),
            }
        }
        extra.extend(lines);
        self.outline.closing_lines = extra;
        start
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

/// Whether number `n` continues the structure `(counts, depth)`.
fn fits(state: &([u32; 4], u8), n: &Typed) -> bool {
    let (counts, depth) = state;
    n.level <= depth + 1 && n.value == counts[n.level as usize - 1] + 1
}

/// The structure after a heading of `level`.
fn advance(state: &mut ([u32; 4], u8), level: u8) {
    let l = level.clamp(1, 4) as usize;
    state.0[l - 1] += 1;
    state.0[l..].iter_mut().for_each(|c| *c = 0);
    state.1 = l as u8;
}

/// Where in `text` a heading stands that continues `state`: after a sentence mark or a space
/// (any number), or anywhere for a bracketed one (`（二）` straight after a title's words).
/// Returns its byte offset.
fn inner_heading(text: &str, state: &([u32; 4], u8)) -> Option<usize> {
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let boundary = prev.is_some_and(|p| "。；;！!？?：:”".contains(p) || p.is_whitespace());
        if i > 0
            && (boundary || c == '（' || c == '(')
            && let Some(n) = number(&text[i..])
            && fits(state, &n)
            && !text[i + n.len..].trim().is_empty()
        {
            return Some(i);
        }
        prev = Some(c);
    }
    None
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

/// The words of a caption `表1　words` (with `mark` 表 or 图): the number and the space after
/// it taken off. `None` when `text` is not one.
pub fn caption_words(text: &str, mark: char) -> Option<String> {
    let rest = text.trim().strip_prefix(mark)?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let after = &rest[digits..];
    let words = after.trim_start_matches([' ', '\u{3000}', '\t', '：', ':']);
    if words.len() == after.len() || words.is_empty() || words.chars().count() > 60 {
        return None;
    }
    Some(words.trim().to_string())
}

/// Whether a table's cells carry the labels of one of the national form's tables (信息内容,
/// 申请人情况, 行政复议 with 行政诉讼), whose arithmetic a plain table does not carry.
pub fn form_like<'a>(cells: impl Iterator<Item = &'a str>) -> bool {
    let (mut review, mut court) = (false, false);
    for c in cells {
        match c.trim() {
            "信息内容"
            | "申请人情况"
            | "本年新收政府信息公开申请数量"
            | "一、本年新收政府信息公开申请数量" => return true,
            "行政复议" => review = true,
            "行政诉讼" => court = true,
            _ => {}
        }
    }
    review && court
}

/// Labels of the lines a web page adds around a report (发布时间：…, 分享到, 打印本页).
const CHROME: &[&str] = &[
    "发布时间",
    "更新时间",
    "发布日期",
    "作者",
    "来源",
    "信息来源",
    "文章来源",
    "点击数",
    "点击量",
    "点击率",
    "浏览次数",
    "阅读次数",
    "访问量",
    "字号",
    "分享到",
];
/// Words that are a page's buttons when they stand alone.
const BUTTONS: &[&str] = &[
    "分享到",
    "打印本页",
    "关闭窗口",
    "打印",
    "关闭",
    "返回顶部",
    "收藏本页",
    "加入收藏",
    "保存本页",
    "大",
    "中",
    "小",
];

/// A line of the web page rather than the report: it opens with a label of [`CHROME`] and a
/// colon (`更新时间:2016-03-31`, `作者:本站原创 | 来源:…`), or is made of buttons (`【打印本页】【关闭窗口】`).
pub fn is_chrome(line: &str) -> bool {
    if line.chars().count() > 120 {
        return false;
    }
    let spaced: String = line
        .chars()
        .map(|c| if "【】[]|｜".contains(c) { ' ' } else { c })
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let Some(first) = words.first() else {
        return false;
    };
    let labelled = CHROME.iter().any(|l| {
        first.strip_prefix(l).is_some_and(|r| {
            r.is_empty() || r.starts_with('：') || r.starts_with(':') || r.starts_with('>')
        })
    }) && (words.len() > 1 || first.chars().count() <= 40);
    let buttons = words
        .iter()
        .all(|w| BUTTONS.contains(&w.trim_end_matches([':', '：'])))
        && words.iter().any(|w| w.chars().count() > 1);
    labelled || buttons
}

/// `责任编辑：黄亮`: a label, a colon, a few words.
pub fn is_closing_line(line: &str) -> bool {
    const LABELS: &[&str] = &[
        "责任编辑",
        "编辑",
        "审核",
        "审校",
        "校对",
        "签发",
        "撰稿",
        "录入",
        "发布机构",
        "初审",
        "复审",
        "终审",
    ];
    line.chars().count() <= 40
        && LABELS.iter().any(|l| {
            line.strip_prefix(l)
                .map(str::trim_start)
                .is_some_and(|r| r.starts_with('：') || r.starts_with(':'))
        })
}

/// A short line naming an office: no sentence marks, no number, ending like an office's name
/// (or equal to `office`).
pub fn is_office(line: &str, office: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "政府",
        "办公室",
        "办公厅",
        "委员会",
        "委",
        "局",
        "厅",
        "部",
        "办",
        "中心",
        "院",
        "署",
        "处",
        "所",
        "站",
        "会",
        "队",
        "组",
    ];
    let n = line.chars().count();
    (!office.is_empty() && line == office)
        || ((2..=30).contains(&n)
            && number(line).is_none()
            && !line.contains(|c| "。，,；;：:！!？?".contains(c))
            && ENDINGS.iter().any(|e| line.ends_with(e)))
}

/// A date line: `2016年3月31日` or `二〇一六年三月三十一日`.
pub fn date(line: &str) -> Option<Date> {
    let (year, rest) = line.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let year: i32 = if year.chars().all(|c| c.is_ascii_digit()) {
        year.parse().ok()?
    } else {
        year.chars()
            .map(|c| {
                "〇一二三四五六七八九"
                    .chars()
                    .position(|d| d == c)
                    .or_else(|| (c == '零' || c == 'Ｏ' || c == 'O').then_some(0))
            })
            .try_fold(0i32, |acc, d| d.map(|d| acc * 10 + d as i32))?
    };
    let small = |s: &str| -> Option<u8> {
        if s.chars().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            (1..=31u8).find(|&n| crate::numbering::chinese_counting(n.into()) == s)
        }
    };
    let (month, day) = (small(month)?, small(day)?);
    ((1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some(Date { year, month, day })
}
