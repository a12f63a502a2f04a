//! Importing reports from other forms (published text, a DOCX) into report definitions: every
//! importer produces an [`Outline`], and [`write`] turns an outline into TOML.

pub mod diff;
pub mod docx;
pub mod encoding;
pub mod onto;
pub mod text;
mod write;

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
