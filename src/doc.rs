//! The document tree: everything the backends render, with every number and label decided.

use std::ops::Range;
use std::sync::Arc;

use crate::diag::SourceFile;

mod table;
pub use table::{
    Align, Caption, Cell, Chart, ChartKind, Colour, Datum, Picture, Row, Table, nested, row_spans,
};

/// A built report, ready for any backend.
#[derive(Debug, Clone)]
pub struct Document {
    /// Document metadata.
    pub meta: Meta,
    /// The title, as printed lines (at least one).
    pub title: Vec<String>,
    /// Where the title came from.
    pub title_origin: Origin,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
    /// Findings to show where they are (`build --review`), placed by the builder
    /// (`builder::review`); empty otherwise.
    pub remarks: Vec<Remark>,
}

/// The author of the comments `build --review` writes: the importers leave comments of this
/// author out, so that gongwen's own findings never come back as an editor's remarks.
pub const REVIEW_AUTHOR: &str = "gongwen";

/// A finding shown in the DOCX at its place, as a comment (`build --review`).
#[derive(Debug, Clone, PartialEq)]
pub struct Remark {
    /// Where it stands.
    pub at: Anchor,
    /// Its words, a paragraph each: the finding's message, then its hints.
    pub text: Vec<String>,
}

/// The place in the tree a [`Remark`] is anchored at; `block` indexes `Document::blocks`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// The title: a finding with no place in the printed text (a figure nothing cites).
    Title,
    /// A heading on a line of its own, or the run-in heading opening a paragraph.
    Heading(usize),
    /// Bytes `range` of a paragraph's `text` (char boundaries): a cited figure, a sentence.
    Text {
        /// The paragraph's block.
        block: usize,
        /// The bytes of its text.
        range: Range<usize>,
    },
    /// A table cell: `row` counts the header rows first, `cell` indexes the row's cells.
    Cell {
        /// The table's block.
        block: usize,
        /// The row, header rows first.
        row: usize,
        /// The cell within the row.
        cell: usize,
    },
    /// A table's or chart's caption.
    Caption(usize),
    /// A line of the signature block.
    Line {
        /// The signature's block.
        block: usize,
        /// The line, from 0.
        line: usize,
    },
    /// A block as a whole (a chart without a caption, a table note).
    Block(usize),
}

/// Document metadata for the PDF info and the DOCX core properties.
#[derive(Debug, Clone)]
pub struct Meta {
    /// The title on one line.
    pub title: String,
    /// The issuing office.
    pub author: String,
    /// A subject line, possibly empty.
    pub subject: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// The document's date: the signing date, else the last day of the period.
    pub date: Option<Date>,
    /// BCP 47 language tag.
    pub lang: &'static str,
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    /// Year, e.g. 2016.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day, 1 to 31.
    pub day: u8,
}

/// One block of the body.
#[derive(Debug, Clone)]
pub enum Block {
    /// A heading on a line of its own.
    Heading(Heading),
    /// A paragraph, possibly opened by a run-in heading.
    Paragraph(Paragraph),
    /// The signature and date block.
    Signature(Signature),
    /// A table (see [`table`]).
    Table(Table),
    /// A chart.
    Chart(Chart),
}

/// A numbered heading.
#[derive(Debug, Clone)]
pub struct Heading {
    /// 1 to 4.
    pub level: u8,
    /// The count within its parent, from 1.
    pub ordinal: u32,
    /// The printed number, e.g. `（三）`.
    pub number: String,
    /// The heading's words.
    pub title: String,
    /// Where the title came from.
    pub origin: Origin,
}

impl Heading {
    /// Number and title as printed, e.g. `（三）主动公开范围不断拓展`.
    pub fn text(&self) -> String {
        format!("{}{}", self.number, self.title)
    }
}

/// A paragraph of body text.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// A run-in heading that opens the paragraph, in its heading style.
    pub lead: Option<Heading>,
    /// The body text after the lead.
    pub text: String,
    /// Where the text came from.
    pub origin: Origin,
    /// Its footnotes (注), in order, each anchored at a byte offset of `text`.
    pub notes: Vec<Note>,
}

/// A footnote (注) of a paragraph: printed under the page, its mark after the anchor.
#[derive(Debug, Clone)]
pub struct Note {
    /// The byte offset in the paragraph's `text` the mark follows (a char boundary).
    pub at: usize,
    /// The note's number in the report, from 1 (the builder counts; the mark prints it).
    pub number: u32,
    /// The note's words, citations resolved.
    pub text: String,
    /// Where the words came from.
    pub origin: Origin,
}

impl Paragraph {
    /// The text in pieces between the notes: `(text before the note, the note)`, the last
    /// piece with no note.
    pub fn pieces(&self) -> Vec<(&str, Option<&Note>)> {
        let mut out = Vec::new();
        let mut from = 0;
        for n in &self.notes {
            let at = n.at.clamp(from, self.text.len());
            out.push((&self.text[from..at], Some(n)));
            from = at;
        }
        out.push((&self.text[from..], None));
        out
    }
}

/// The signature (发文机关署名) and date (成文日期) under the text.
#[derive(Debug, Clone)]
pub struct Signature {
    /// Empty grid lines between the text and the block.
    pub blank_lines_before: u32,
    /// The lines, top to bottom.
    pub lines: Vec<SignatureLine>,
}

/// A line of the signature block.
#[derive(Debug, Clone)]
pub struct SignatureLine {
    /// The words.
    pub text: String,
    /// Characters (of the body size; half-width digits count one half) from the left edge of
    /// the type area.
    pub indent: f32,
    /// Where the words came from (the date may have none).
    pub origin: Origin,
}

/// Where a piece of text came from in a source file, for diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Origin(pub Option<(Arc<SourceFile>, Range<usize>)>);

impl Document {
    /// Every heading in reading order, standing alone or run in.
    pub fn headings(&self) -> impl Iterator<Item = &Heading> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading(h) => Some(h),
            Block::Paragraph(p) => p.lead.as_ref(),
            Block::Signature(_) | Block::Table(_) | Block::Chart(_) => None,
        })
    }

    /// Every table, in reading order.
    pub fn tables(&self) -> impl Iterator<Item = &Table> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
    }

    /// Every chart, in reading order.
    pub fn charts(&self) -> impl Iterator<Item = &Chart> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Chart(c) => Some(c),
            _ => None,
        })
    }

    /// Every piece of text with the heading level whose font prints it (0 for body text).
    pub fn texts(&self) -> Vec<(u8, &str, &Origin)> {
        let mut out = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Heading(h) => out.push((h.level, h.title.as_str(), &h.origin)),
                Block::Paragraph(p) => {
                    if let Some(h) = &p.lead {
                        out.push((h.level, h.title.as_str(), &h.origin));
                    }
                    out.push((0, p.text.as_str(), &p.origin));
                    out.extend(p.notes.iter().map(|n| (0, n.text.as_str(), &n.origin)));
                }
                Block::Signature(s) => {
                    out.extend(s.lines.iter().map(|l| (0, l.text.as_str(), &l.origin)))
                }
                Block::Table(t) => out.extend(t.texts().map(|(t, o)| (0, t, o))),
                Block::Chart(c) => out.extend(c.texts().map(|(t, o)| (0, t, o))),
            }
        }
        out
    }
}

impl Date {
    /// The date as official text writes it: 2016年3月31日.
    pub fn chinese(&self) -> String {
        format!("{}年{}月{}日", self.year, self.month, self.day)
    }

    /// ISO 8601, e.g. 2016-03-31.
    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A yearbook: many reports bound into one book, each keeping its own numbering.
#[derive(Debug, Clone)]
pub struct Book {
    /// The book's metadata (title, compiling office, date).
    pub meta: Meta,
    /// The title lines printed on the cover.
    pub cover_title: Vec<String>,
    /// Lines under the cover title: the office, the date.
    pub cover_lines: Vec<String>,
    /// The heading of the table of contents, e.g. 目录.
    pub contents_title: String,
    /// The preface: its title and paragraphs.
    pub preface: Option<(String, Vec<String>)>,
    /// The parts, in order.
    pub parts: Vec<BookPart>,
    /// The cover sheet a printed book has, when the yearbook asks for one.
    pub cover: Option<Cover>,
}

/// A printed book's cover sheet: back, spine and front side by side; the spine's width comes
/// from the printed page count (`layout::Print::spine`).
#[derive(Debug, Clone)]
pub struct Cover {
    /// The words on the spine, top to bottom.
    pub spine: String,
    /// Lines at the foot of the back cover.
    pub back: Vec<String>,
    /// Printed beyond the trim on every side.
    pub bleed: crate::layout::Mm,
}

/// A heading of the PDF's outline with the page number printed on the page it starts: the
/// PDF's pagination as data, for a DOCX whose table of contents is pre-filled with the same
/// numbers (the DOCX backend never paginates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageOf {
    /// The outline level, 1 for a book's parts.
    pub level: u8,
    /// The heading's text as printed, number included.
    pub title: String,
    /// The page number printed on its page.
    pub page: u64,
}

/// A part of a book: a title page and its reports.
#[derive(Debug, Clone)]
pub struct BookPart {
    /// The part's title.
    pub title: String,
    /// The reports, in order.
    pub reports: Vec<Document>,
}
