//! The yearbook definition exactly as the TOML file has it.

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

/// A yearbook file: the book, its front matter and its parts.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Yearbook {
    /// The book's metadata.
    pub yearbook: BookMeta,
    /// The preface, printed after the table of contents.
    #[serde(default)]
    pub preface: Option<Preface>,
    /// The parts, in order; each a list of report files.
    #[serde(default)]
    pub part: Vec<Part>,
    /// How the book is printed (`--print`), where it differs from the layout's `[print]`.
    #[serde(default)]
    pub print: Option<crate::layout::PrintChanges>,
    /// The cover: with it, `--print` writes STEM-cover.pdf (back, spine, front on one sheet).
    #[serde(default)]
    pub cover: Option<CoverDef>,
    /// The 汇总表: chosen cells of every report's form and the book's totals, printed as a
    /// last part.
    #[serde(default)]
    pub summary: Option<SummaryDef>,
}

/// The yearbook's 汇总表: a row a report (its office), a column a chosen cell of the form, and
/// a last row of totals.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryDef {
    /// The title of the part it is printed in (default 数据汇总).
    #[serde(default)]
    pub part: Option<String>,
    /// The table's title (default 政府信息公开工作主要数据汇总表).
    #[serde(default)]
    pub title: Option<String>,
    /// The columns, left to right.
    #[schemars(with = "Vec<SummaryColumnDef>")]
    pub columns: Vec<Spanned<SummaryColumnDef>>,
}

/// A column of the 汇总表: its title and the cell of the form it shows.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SummaryColumnDef {
    /// The column's title (新收申请).
    pub title: String,
    /// The form's table (`requests`).
    pub table: String,
    /// The row's key (`一`, `三.一`) or a group's (`三.三`).
    pub row: String,
    /// The value's name (`总计`).
    pub column: String,
}

/// The cover sheet of a printed book.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverDef {
    /// The words on the spine, top to bottom (default: the book's title).
    #[serde(default)]
    pub spine: Option<String>,
    /// Lines printed at the foot of the back cover, one a line.
    #[serde(default)]
    pub back: Option<String>,
    /// Printed beyond the trim on every side (default 3mm).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub bleed: Option<crate::layout::Mm>,
}

/// The book's metadata, printed on the cover.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BookMeta {
    /// The book's title: one string, or its printed lines.
    #[schemars(with = "crate::model::Title")]
    pub title: Spanned<crate::model::Title>,
    /// The year the book reports on.
    #[serde(default)]
    pub year: Option<u16>,
    /// The compiling office (the PDF's author).
    #[schemars(with = "String")]
    pub office: Spanned<String>,
    /// The date the book was compiled; printed on the cover, the PDF's date.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub date: Option<Spanned<Datetime>>,
    /// The layout every report must share (default: the reports' own).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub layout: Option<Spanned<String>>,
    /// Last year's yearbook (or report), relative to this file: `check` compares each report's
    /// carried rows with last year's report of the same office.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub previous: Option<Spanned<String>>,
}

impl super::Opened {
    /// Last year's yearbook, as `[yearbook] previous` names it, beside this one.
    pub fn previous(&self) -> Option<std::path::PathBuf> {
        let p = self.def.yearbook.previous.as_ref()?;
        Some(self.root.join(p.get_ref()))
    }
}

/// The preface: a title and paragraphs, one a line.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Preface {
    /// The preface's title (default 前言).
    #[serde(default)]
    pub title: Option<String>,
    /// The paragraphs, one a line.
    #[schemars(with = "String")]
    pub text: Spanned<String>,
}

/// A part of the book: a title and its reports.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Part {
    /// The part's title, printed on its own page.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// Report definition files, relative to the yearbook file; globs (`counties/*.toml`) allowed,
    /// their matches taken in name order.
    #[schemars(with = "Vec<String>")]
    pub reports: Vec<Spanned<String>>,
}

/// Only the question "is this a yearbook?", asked of any TOML file.
#[derive(Deserialize)]
struct Probe {
    yearbook: Option<serde::de::IgnoredAny>,
}

/// Whether the TOML text is a yearbook definition (it has a `[yearbook]` table).
pub fn is_yearbook(text: &str) -> bool {
    // A report (the common case, rebuilt on every save by `watch`) is not parsed twice.
    text.contains("yearbook") && toml::from_str::<Probe>(text).is_ok_and(|p| p.yearbook.is_some())
}

/// The JSON Schema of yearbook files.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Yearbook)
}
