//! Importing reports from other forms (published text, a DOCX) into report definitions: every
//! importer produces an [`Outline`], and [`write`] turns an outline into TOML.

pub mod cite;
pub mod form;
pub mod limits;
pub mod lost_form;
pub mod punctuate;
pub mod read;
pub mod recognise;
pub mod roundtrip;
pub mod submission;
mod write;

pub use read::{convert, docx, encoding, html, pdf, sniff, text};
pub use roundtrip::{diff, onto};
pub use write::{basic, to_toml};

use crate::doc::Date;

/// A report's structure as an importer recognised it, before it is written as TOML.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    /// The title lines (may be empty when the source has none).
    pub title: Vec<String>,
    /// The issuing office (may be empty).
    pub office: String,
    /// The reporting period.
    pub period: Option<(Date, Date)>,
    /// The signing date.
    pub date: Option<Date>,
    /// Numbering overrides per level, written as the first number (`1、`), where the source
    /// differs from the layout.
    pub numbering: [Option<String>; 4],
    /// The paragraphs before the first heading.
    pub opening: Vec<String>,
    /// The level-1 sections.
    pub sections: Vec<OutlineSection>,
    /// The signature under the text.
    pub signature: Option<String>,
    /// Closing lines such as 责任编辑：….
    pub closing_lines: Vec<String>,
    /// The tables, in document order; each is placed by a paragraph `{table:NAME}`.
    pub tables: Vec<OutlineTable>,
    /// The national form's tables read into `[form]` (each placed by `{table:NAME}` with the
    /// form's table names), when the tables carry its labels.
    pub form: Option<form::OutlineForm>,
    /// The charts, in document order; each is placed by a paragraph `{chart:NAME}`, which is
    /// written only for a chart the definition keeps (`kept`): a DOCX holds a chart's picture,
    /// not its data.
    pub charts: Vec<OutlineChart>,
    /// Reviewers' comments, each kept as a TOML comment beside the paragraph it is on.
    pub comments: Vec<OutlineComment>,
    /// Figures declared for the form's cells that the text states ([`cite::link`]).
    pub figures: Vec<cite::OutlineFigure>,
    /// Numbers of the text written as citations of those figures.
    pub citations: Vec<cite::OutlineCitation>,
}

/// A reviewer's comment read back, for the definition to keep beside its paragraph.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutlineComment {
    /// The words of the paragraph (or heading) it is on, as the outline has them; empty when
    /// it is on none (it is then kept at the top).
    pub words: String,
    /// The remark as written into the definition: `批注（张三，2024-03-01）：…`.
    pub line: String,
    /// Its author, possibly empty.
    pub author: String,
}

/// A table read back: its caption's words (without the builder's 表N), its grid and notes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutlineTable {
    /// The name it is placed by (`table1`, `table2` … in document order).
    pub name: String,
    /// The caption's words.
    pub caption: Option<String>,
    /// The grid columns' widths as the document gives them (any unit; only ratios count).
    pub widths: Vec<f64>,
    /// Header rows: the cells that start in each.
    pub header: Vec<Vec<OutlineCell>>,
    /// Body rows: the cells that start in each.
    pub rows: Vec<Vec<OutlineCell>>,
    /// Notes under the table.
    pub notes: Vec<String>,
    /// It looks like a table of the national form (`[form]`), whose arithmetic a plain table
    /// does not carry.
    pub form: bool,
}

/// One cell of an [`OutlineTable`]: text as printed, where it starts and what it spans.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineCell {
    /// The text as printed.
    pub text: String,
    /// The first grid column, from 0.
    pub col: usize,
    /// Grid columns spanned.
    pub cols: usize,
    /// Rows spanned.
    pub rows: usize,
    /// Its paragraph's alignment, when the document says.
    pub align: Option<crate::doc::Align>,
}

/// A chart read back: only its place and caption (the DOCX holds a picture).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutlineChart {
    /// The name it is placed by (`chart1` … in document order).
    pub name: String,
    /// The caption's words, without the builder's 图N.
    pub caption: Option<String>,
    /// The report definition keeps the chart: its placement line is written.
    pub kept: bool,
}

/// One section of an [`Outline`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutlineSection {
    /// The heading's words, without the number.
    pub title: String,
    /// The title opens the first paragraph.
    pub run_in: bool,
    /// The paragraphs (for a run-in section, the first one continues the title's line).
    pub paragraphs: Vec<String>,
    /// Sub-sections.
    pub sections: Vec<OutlineSection>,
}
