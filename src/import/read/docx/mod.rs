//! Reading a DOCX — one gongwen wrote and an editor revised, or one an office wrote in Word or
//! WPS — into the typed paragraphs the shared recogniser ([`crate::import::recognise`]) reads.
//!
//! This reader only says what the file says: a paragraph's style level (a heading style, or any
//! style or paragraph with an outline level, or a paragraph on the heading list), run-in words in
//! a heading's character style (`Heading{n}Char`), the number a list other than the heading list
//! shows (its level text and counters, typed before the words so that it is recognised as if
//! typed), and the direct formatting that helps where a line is ambiguous: bold, 黑体/楷体, a
//! title font, a large size, centring, a left indent or right alignment, spaces or tabs pushing a
//! line right. Titles, typed numbers, signatures and captions are the recogniser's. Word's own
//! numbers for headings are never read: the builder renumbers.
//!
//! Tracked changes are accepted, as Word's "Accept All" would: inserted and moved-to text is
//! kept, deleted and moved-from text dropped, a deleted paragraph mark joins two paragraphs.
//! An editor who sends a revised DOCX back means the document as it now reads; refusing would
//! only make them accept in Word first. The count of accepted changes is returned so that the
//! caller can say so.
//!
//! Tables come back as report tables (`[table.NAME]`, placed by a paragraph `{table:NAME}`),
//! their caption, header spans (`gridSpan`, `vMerge`) and notes included; a chart's place is
//! kept for `--onto`. A footnote comes back as `{note:…}` where its mark stood, a comment as a
//! reviewer's remark kept beside its paragraph (`notes.rs`). Whatever else has no place in a
//! report definition (images, text boxes, endnotes, formulas, unknown styles) is reported as a
//! warning naming the paragraph and its first words; text is kept as paragraphs wherever there
//! is text.
//!
//! The zip is read with [`Limits`] on entries and inflated sizes; malformed XML is an error
//! naming the part and the position.

mod body;
mod notes;
mod package;
pub mod pending;
mod styles;

pub use package::Limits;

use roxmltree::Node;

use crate::diag::{Diagnostic, SourceFile};
use crate::import::Outline;
use crate::import::recognise::{self, Options};
use package::{Package, parse};

/// The WordprocessingML namespace (transitional; strict is accepted too).
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";

/// Whether `n` is the WordprocessingML element `name`.
fn is_w(n: Node, name: &str) -> bool {
    n.is_element()
        && n.tag_name().name() == name
        && matches!(n.tag_name().namespace(), Some(W | W_STRICT))
}

/// The WordprocessingML attribute `name` of `n`.
fn w_attr<'a>(n: Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.attribute((W, name))
        .or_else(|| n.attribute((W_STRICT, name)))
}

/// The first child of `n` that is the WordprocessingML element `name`.
fn w_child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is_w(*c, name))
}

/// Tracked changes accepted while reading.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Revisions {
    /// Insertions kept (`w:ins`).
    pub insertions: usize,
    /// Deletions applied (`w:del`).
    pub deletions: usize,
    /// Moves applied (`w:moveTo` kept, `w:moveFrom` dropped; counted once, at the destination).
    pub moves: usize,
    /// Formatting changes (`w:pPrChange`, `w:rPrChange`): the new formatting is what was read.
    pub formatting: usize,
}

impl Revisions {
    /// Counts revision element `n`.
    fn count(&mut self, n: Node) {
        match n.tag_name().name() {
            "ins" => self.insertions += 1,
            "del" => self.deletions += 1,
            "moveTo" => self.moves += 1,
            "pPrChange" | "rPrChange" => self.formatting += 1,
            _ => {}
        }
    }

    /// Whether there were any.
    pub fn any(&self) -> bool {
        *self != Revisions::default()
    }

    /// A note saying what was accepted, e.g. `accepted 2 tracked insertions and 1 deletion`.
    pub fn note(&self) -> String {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut parts = vec![
            plural(self.insertions, "insertion", "insertions"),
            plural(self.deletions, "deletion", "deletions"),
        ];
        if self.moves > 0 {
            parts.push(plural(self.moves, "move", "moves"));
        }
        if self.formatting > 0 {
            parts.push(plural(
                self.formatting,
                "formatting change",
                "formatting changes",
            ));
        }
        let last = parts.pop().unwrap_or_default();
        format!(
            "accepted the tracked changes as Word's Accept All would: {} and {last}",
            parts.join(", ")
        )
    }
}

/// What was read from a DOCX.
#[derive(Debug)]
pub struct Imported {
    /// The structure: title (from the Title paragraphs, else the document title), office (the
    /// document's creator), numbering where it differs from the default layout, opening,
    /// sections, signature, date and closing lines.
    pub outline: Outline,
    /// What could not be imported, or looks odd, with its place.
    pub warnings: Vec<Diagnostic>,
    /// The tracked changes that were accepted.
    pub revisions: Revisions,
    /// Warnings that hold only when the outline becomes a fresh definition: a chart's data and
    /// the national form's arithmetic are not in a DOCX (with `--onto` the definition keeps
    /// them, and [`crate::import::onto`] says so).
    pub fresh: Vec<Diagnostic>,
}

/// Reads the DOCX `bytes` (named `name` in diagnostics) within `limits`. Errors — not a zip,
/// no `word/document.xml`, a zip bomb, malformed XML — name the file and say what to do.
pub fn read(name: &str, bytes: &[u8], limits: Limits) -> Result<Imported, Diagnostic> {
    let file = SourceFile::new(name.to_string(), std::path::Path::new(name), String::new());
    let mut pkg = Package::open(&file, bytes, limits)?;

    let main = pkg
        .rels("")?
        .into_iter()
        .find(|(kind, _)| kind == "officeDocument")
        .map_or_else(|| "word/document.xml".to_string(), |(_, t)| t);
    let Some(document) = pkg.text(&main)? else {
        return Err(Diagnostic::error(format!(
            "{name} is a zip but not a DOCX: it has no `{main}`"
        ))
        .hint("open it in Word or LibreOffice and save it as a Word document (.docx)"));
    };
    let rels = pkg.rels(&main)?;
    let part_of = |kind: &str, default: &str| {
        rels.iter()
            .find(|(k, _)| k == kind)
            .map_or_else(|| format!("word/{default}"), |(_, t)| t.clone())
    };
    let styles_text = pkg.text(&part_of("styles", "styles.xml"))?;
    let numbering_text = pkg.text(&part_of("numbering", "numbering.xml"))?;
    let core_text = pkg.text("docProps/core.xml")?;
    let mut notes_text = Vec::new();
    for (kind, part, element) in [
        (
            "footnote",
            part_of("footnotes", "footnotes.xml"),
            "footnote",
        ),
        ("endnote", part_of("endnotes", "endnotes.xml"), "endnote"),
        ("comment", part_of("comments", "comments.xml"), "comment"),
    ] {
        if let Some(text) = pkg.text(&part)? {
            notes_text.push((kind, part, element, text));
        }
    }

    let doc = parse(&file, &main, &document)?;
    let root = doc.root_element();
    let body = (is_w(root, "document"))
        .then(|| w_child(root, "body"))
        .flatten()
        .ok_or_else(|| {
            Diagnostic::error(format!(
                "{name} is not a Word document: `{main}` holds no document body"
            ))
            .hint("open it in Word or LibreOffice and save it as a Word document (.docx)")
        })?;
    let styles_doc = match &styles_text {
        Some(t) => Some(parse(&file, &part_of("styles", "styles.xml"), t)?),
        None => None,
    };
    let numbering_doc = match &numbering_text {
        Some(t) => Some(parse(&file, &part_of("numbering", "numbering.xml"), t)?),
        None => None,
    };
    let styles = styles::Styles::read(styles_doc.as_ref(), numbering_doc.as_ref());
    let mut notes = body::Notes::new();
    for (kind, part, element, text) in &notes_text {
        let xml = parse(&file, part, text)?;
        for n in xml.root_element().children().filter(|n| is_w(*n, element)) {
            notes.read(kind, n);
        }
    }

    let (mut paras, mut warnings, revisions, mut found) =
        body::Walk::new(&file, &styles, &notes).body(body);
    warnings.extend(notes::drop_own(&file, &mut found.comments));
    let comments = notes::placed(&paras, &found.comments);
    let misplaced = notes::misplaced(&file, &mut paras, &found.tables);
    let (mut outline, more) =
        recognise::recognise(&file, paras, &mut found.tables, Options::default());
    warnings.extend(more);
    outline.tables = found.tables;
    outline.charts = found.charts;
    warnings.extend(notes::listed(&file, &comments));
    warnings.extend(misplaced);
    outline.comments = comments;
    if styles.has_heading_list() {
        outline.numbering = differing(styles.first_numbers());
    }

    let core = match &core_text {
        Some(t) => Some(parse(&file, "docProps/core.xml", t)?),
        None => None,
    };
    let core_value = |tag: &str| {
        core.as_ref().and_then(|c| {
            c.root_element()
                .children()
                .find(|n| n.tag_name().name() == tag)
                .and_then(|n| n.text())
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
        })
    };
    outline.office = core_value("creator").unwrap_or_default();
    if outline.title.is_empty()
        && let Some(title) = core_value("title")
    {
        warnings.push(
            Diagnostic::warning(format!(
                "{name} has no paragraph in the Title style: the title is the document property `{title}`"
            ))
            .in_file(&file)
            .hint("give the title paragraph the Title style in Word, or edit title in the report definition"),
        );
        outline.title = vec![title];
    }
    Ok(Imported {
        outline,
        warnings,
        revisions,
        fresh: found.fresh,
    })
}

/// The first numbers that differ from the default layout's.
fn differing(found: [Option<String>; 4]) -> [Option<String>; 4] {
    let layout = crate::layout::Layout::builtin(crate::layout::DEFAULT)
        .expect("the default layout is built in");
    let mut out = found;
    for (slot, format) in out.iter_mut().zip(&layout.numbering) {
        if slot.as_deref() == Some(format.format(1).as_str()) {
            *slot = None;
        }
    }
    out
}
