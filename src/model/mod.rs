//! The report definition exactly as the TOML file has it: serde types and nothing else.

mod data;

use std::collections::BTreeMap;

pub use data::{
    AlignDef, CellDef, CellSpec, ChartDef, ChartKind, CheckDef, ColumnDef, ColumnSpec, DatumDef,
    FigureDef, FigureEntry, FormDef, FormRow, TableDef,
};
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;
use toml::value::Datetime;

/// A whole report definition file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// Metadata: title, office, period, date, layout.
    pub report: Meta,
    /// Overrides of the layout's heading-number formats.
    #[serde(default)]
    pub numbering: Numbering,
    /// The paragraphs before the first heading.
    #[serde(default)]
    pub opening: Option<Body>,
    /// The level-1 sections, in order.
    #[serde(default)]
    pub section: Vec<Section>,
    /// Signature and closing lines.
    #[serde(default)]
    pub closing: Closing,
    /// Named figures, cited in text as `{group.name}` (see [`data`]).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, FigureEntry>")]
    pub figures: toml::Table,
    /// Consistency rules over figures.
    #[serde(default)]
    pub check: Vec<CheckDef>,
    /// Named tables, placed by a text line `{table:NAME}`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, TableDef>")]
    pub table: BTreeMap<Spanned<String>, TableDef>,
    /// Named charts, placed by a text line `{chart:NAME}`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, ChartDef>")]
    pub chart: BTreeMap<Spanned<String>, ChartDef>,
    /// The national annual-report form.
    #[serde(default)]
    #[schemars(with = "Option<data::FormSchema>")]
    pub form: Option<FormDef>,
}

/// The report's metadata.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The title: one string, or a list of the lines it is printed on.
    #[schemars(with = "Title")]
    pub title: Spanned<Title>,
    /// The issuing office (the PDF's author).
    #[schemars(with = "String")]
    pub office: Spanned<String>,
    /// The reporting period.
    #[serde(default)]
    #[schemars(with = "Option<Period>")]
    pub period: Option<Spanned<Period>>,
    /// The date the report was signed (成文日期); printed under the signature.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub date: Option<Spanned<Datetime>>,
    /// A built-in layout name, or a path to a layout file relative to the report.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub layout: Option<Spanned<String>>,
    /// A subject line for the document metadata.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub subject: Option<Spanned<String>>,
    /// Keywords for the document metadata.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub keywords: Vec<Spanned<String>>,
}

/// A title as one string or as its printed lines.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Title {
    /// The whole title on one line (or wrapped by the renderer).
    One(String),
    /// The title split into lines by the author.
    Lines(Vec<String>),
}

/// The reporting period.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// The first day.
    #[schemars(with = "String")]
    pub from: Datetime,
    /// The last day.
    #[schemars(with = "String")]
    pub to: Datetime,
}

/// Heading-number formats, written as the first number of a level: `一、`, `（一）`, `1、`, `（1）`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Numbering {
    /// Level 1, e.g. `一、`.
    #[schemars(with = "Option<String>")]
    pub level1: Option<Spanned<String>>,
    /// Level 2, e.g. `（一）`.
    #[schemars(with = "Option<String>")]
    pub level2: Option<Spanned<String>>,
    /// Level 3, e.g. `1.` or `1、`.
    #[schemars(with = "Option<String>")]
    pub level3: Option<Spanned<String>>,
    /// Level 4, e.g. `（1）`.
    #[schemars(with = "Option<String>")]
    pub level4: Option<Spanned<String>>,
}

/// Running text: one paragraph a line.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// The paragraphs, one a line; blank lines are ignored.
    #[schemars(with = "String")]
    pub text: Spanned<String>,
}

/// A section: a numbered heading with its text and sub-sections.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The heading's words, without the number.
    #[schemars(with = "String")]
    pub title: Spanned<String>,
    /// The title opens the first paragraph instead of standing on its own line.
    #[serde(default, rename = "run-in")]
    pub run_in: bool,
    /// The section's paragraphs, one a line.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub text: Option<Spanned<String>>,
    /// Sub-sections, one level down.
    #[serde(default)]
    pub section: Vec<Section>,
}

/// What follows the body.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Closing {
    /// The issuing office as signed under the text (发文机关署名).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub signature: Option<Spanned<String>>,
    /// Lines after the signature, e.g. `责任编辑：…`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub lines: Vec<Spanned<String>>,
}

/// The JSON Schema of report definitions.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(Report)
}
