//! Input problems as data: severity, message, place and hints, rendered with codespan-reporting
//! so that TOML and Typst problems look alike.

pub mod controls;
mod excerpt;
pub mod json;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; never stops a build.
    Note,
    /// Suspicious; stops a build only with `--strict`.
    Warning,
    /// The input cannot be used as it is.
    Error,
}

/// What a finding is about, decided where it is found and carried as data: JSON, the review
/// page, the exit code and `--strict` read this, never the message's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Kind {
    /// Any other problem with the input.
    #[default]
    Problem,
    /// A break of a consistency rule (a figure's formula, a form's arithmetic): see
    /// [`Diagnostic::check`].
    Check,
    /// A number in the text that disagrees with the table cell its phrase states.
    Text,
    /// This year's form against last year's.
    Previous,
    /// A character its font cannot draw.
    Glyph,
    /// Punctuation against GB/T 15834.
    Punctuation,
}

impl Kind {
    /// The word JSON and the review page use.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Problem => "problem",
            Kind::Check => "check",
            Kind::Text => "text",
            Kind::Previous => "previous",
            Kind::Glyph => "glyph",
            Kind::Punctuation => "punctuation",
        }
    }
}

impl Severity {
    /// The word JSON and the review page use.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// A text file that diagnostics can point into.
#[derive(Debug)]
pub struct SourceFile {
    /// The name shown to the user (usually the path as given).
    pub name: String,
    /// Where it was read from.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Where each line starts, found on the first look-up (20,000 places each counting the
    /// lines before them took seconds).
    lines: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// A shared source file.
    pub fn new(name: String, path: &Path, text: String) -> Arc<SourceFile> {
        Arc::new(SourceFile {
            name,
            path: path.to_path_buf(),
            text,
            lines: std::sync::OnceLock::new(),
        })
    }

    /// The 1-based line and column (in characters) of byte offset `at`.
    pub fn line_col(&self, at: usize) -> (usize, usize) {
        let at = floor_char_boundary(&self.text, at.min(self.text.len()));
        let starts = self.lines.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = starts.partition_point(|&s| s <= at);
        let col = self.text[starts[line - 1]..at].chars().count() + 1;
        (line, col)
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One problem with the input (a finding): made where the problem is found, with its kind, its
/// place, its hints and, for a consistency break, the break's numbers as data.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// What it is about.
    pub kind: Kind,
    /// What is wrong, in lower case.
    pub message: String,
    /// The file it is in, if any.
    pub file: Option<Arc<SourceFile>>,
    /// The byte range in that file.
    pub span: Option<Range<usize>>,
    /// A short label at the place.
    pub label: String,
    /// What to do about it.
    pub hints: Vec<String>,
    /// The break's rule, numbers and places, for a [`Kind::Check`] finding.
    pub check: Option<Arc<crate::builder::Break>>,
}

impl Diagnostic {
    fn new(severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            kind: Kind::Problem,
            message: message.into(),
            file: None,
            span: None,
            label: String::new(),
            hints: Vec::new(),
            check: None,
        }
    }

    /// Says what the finding is about.
    pub fn kind(mut self, kind: Kind) -> Self {
        self.kind = kind;
        self
    }

    /// Makes it the finding of a consistency break, carrying the break's data.
    pub fn with_break(mut self, b: crate::builder::Break) -> Self {
        self.kind = Kind::Check;
        self.check = Some(Arc::new(b));
        self
    }

    /// The same finding at another severity.
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// An error.
    pub fn error(message: impl Into<String>) -> Self {
        Self::new(Severity::Error, message)
    }

    /// A note: worth knowing, never a finding.
    pub fn note(message: impl Into<String>) -> Self {
        Self::new(Severity::Note, message)
    }

    /// A warning.
    pub fn warning(message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, message)
    }

    /// Places the problem at `span` in `file`.
    pub fn at(mut self, file: &Arc<SourceFile>, span: Range<usize>) -> Self {
        self.file = Some(file.clone());
        self.span = Some(span);
        self
    }

    /// Names the file without a place in it.
    pub fn in_file(mut self, file: &Arc<SourceFile>) -> Self {
        self.file = Some(file.clone());
        self
    }

    /// Adds a label shown at the place.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// Adds a hint: what to do about it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// A TOML syntax or shape error as a diagnostic.
    pub fn from_toml(file: &Arc<SourceFile>, e: &toml::de::Error) -> Self {
        let msg = e.message().trim().to_string();
        let mut d = Diagnostic::error(lowercase_first(&msg));
        d = match e.span() {
            Some(span) => d.at(file, span),
            None => d.in_file(file),
        };
        if msg.starts_with("unknown field") {
            d = d.hint(
                "remove the key or correct its spelling; the keys allowed here are listed above",
            );
        } else if msg.starts_with("missing field") {
            d = d.hint("add the key to this table");
        } else if msg.starts_with("invalid type") {
            d = d.hint("give the value the type named above (text in quotes, a number, true/false, a list in [ ])");
        }
        d
    }

    /// `file:line:column` of the place, when there is one.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?;
        Some(match &self.span {
            Some(span) => {
                let (l, c) = file.line_col(span.start);
                format!("{}:{l}:{c}", file.name)
            }
            None => file.name.clone(),
        })
    }
}

fn lowercase_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if f.is_ascii_uppercase() => f.to_ascii_lowercase().to_string() + c.as_str(),
        _ => s.to_string(),
    }
}

/// True when any diagnostic is an error (or, with `strict`, a warning).
pub fn has_errors(diags: &[Diagnostic], strict: bool) -> bool {
    diags
        .iter()
        .any(|d| d.severity == Severity::Error || strict && d.severity == Severity::Warning)
}

/// `s` safe to print on a terminal: control characters (ESC, BEL, …) written as `\u{1b}`, so a
/// key name or a value from a hostile file cannot drive the terminal. A message's own line
/// breaks are kept, but not one inside a quoted name (after a `` ` `` or `“` on its line, with a
/// closing one still to come): a key holding a newline cannot print lines of its own.
pub fn visible(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut quoted = false;
    let last_close = s.rfind(['`', '”']);
    for (at, c) in s.char_indices() {
        match c {
            '`' | '“' => {
                quoted = true;
                out.push(c);
            }
            '\n' if !(quoted && last_close.is_some_and(|l| l > at)) => {
                quoted = false;
                out.push('\n');
            }
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// `s` on one line: every control character, line breaks too, written as `\u{a}` (for labels
/// and file names, which are never more than a line).
pub fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            c if c.is_control() => format!("\\u{{{:x}}}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// Diagnostics of one severity and kind printed at most: the rest are counted in one line
/// (`check --format json` lists them all).
pub const MAX_PRINTED: usize = 100;

/// Renders diagnostics to a writer, as typst's command line does: the first [`MAX_PRINTED`]
/// of each severity and kind, then a line counting the others.
pub fn render(diags: &[Diagnostic], out: &mut dyn termcolor::WriteColor) {
    let config = term::Config {
        tab_width: 4,
        ..Default::default()
    };
    let mut shown: Vec<((Severity, Kind), usize)> = Vec::new();
    for d in diags {
        let key = (d.severity, d.kind);
        let n = match shown.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => n,
            None => {
                shown.push((key, 0));
                &mut shown.last_mut().expect("just pushed").1
            }
        };
        *n += 1;
        if *n > MAX_PRINTED {
            continue;
        }
        let mut cd = match d.severity {
            Severity::Error => cs::Diagnostic::error(),
            Severity::Warning => cs::Diagnostic::warning(),
            Severity::Note => cs::Diagnostic::note(),
        }
        .with_message(visible(&d.message))
        .with_notes(
            d.hints
                .iter()
                .map(|h| format!("hint: {}", visible(h)))
                .collect(),
        );
        match (&d.file, &d.span) {
            (Some(file), Some(span)) => {
                let name = one_line(&file.name);
                let (excerpt, local) = excerpt::Excerpt::new(&name, &file.text, span.clone());
                cd = cd.with_labels(vec![
                    cs::Label::primary((), local).with_message(one_line(&d.label)),
                ]);
                let _ = term::emit(out, &config, &excerpt, &cd);
            }
            (Some(file), None) => {
                cd.message = format!("{}: {}", one_line(&file.name), cd.message);
                let simple = SimpleFile::new("", "");
                let _ = term::emit(out, &config, &simple, &cd);
            }
            _ => {
                let simple = SimpleFile::new("", "");
                let _ = term::emit(out, &config, &simple, &cd);
            }
        }
    }
    for ((severity, kind), n) in shown {
        if n > MAX_PRINTED {
            let more = n - MAX_PRINTED;
            let words = match severity {
                Severity::Error => "errors",
                Severity::Warning => "warnings",
                Severity::Note => "notes",
            };
            let cd = cs::Diagnostic::note()
                .with_message(format!(
                    "and {more} more {words} of this kind ({}) not shown: the first {MAX_PRINTED} are",
                    kind.word()
                ))
                .with_notes(vec![
                    "hint: `gongwen check --format json` lists them all".to_string(),
                ]);
            let _ = term::emit(out, &config, &SimpleFile::new("", ""), &cd);
        }
    }
}

/// Renders diagnostics to a plain string (no colour), for tests and logs.
pub fn render_plain(diags: &[Diagnostic]) -> String {
    let mut buf = termcolor::NoColor::new(Vec::new());
    render(diags, &mut buf);
    String::from_utf8_lossy(&buf.into_inner()).into_owned()
}
