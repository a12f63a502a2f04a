//! The report's data, exactly as the TOML file has it: figures, consistency checks, tables,
//! charts and the national annual-report form. The builder ([`crate::builder`]) turns them into
//! numbers, table cells and chart labels; nothing here computes.
//!
//! `[figures]` is read twice: serde accepts any table here (so that unknown keys elsewhere are
//! still refused), and the builder walks it with its spans and the numbers as written
//! (`14.20` keeps two decimals). The types below describe it for the JSON Schema.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

/// `[figures]`, for the schema: groups (tables of figures, nested as deep as you like) and
/// figures. Cite a figure in text as `{group.name}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum FigureEntry {
    /// A stated integer, printed as written: `total = 113419`.
    Integer(i64),
    /// A stated decimal, printed with the decimals written: `amount = 125.34`.
    Decimal(f64),
    /// A figure with a unit, a formula or both.
    Figure(FigureDef),
    /// A group of figures.
    Group(BTreeMap<String, FigureEntry>),
}

/// One figure as an inline table. With `value` it is stated (and any formula is a check);
/// without, it is computed from its formula.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureDef {
    /// The stated number, printed as written.
    pub value: Option<f64>,
    /// The unit, e.g. `件` or `万元`: sums and shares refuse to mix units.
    pub unit: Option<String>,
    /// Digits after the point when printed (a stated value defaults to the digits written).
    pub decimals: Option<u32>,
    /// Print a thousands separator (113,419); off by default.
    pub thousands: Option<bool>,
    /// What the figure is, for messages and charts, e.g. `网络申请`.
    pub label: Option<String>,
    /// The sum of these figures (names relative to the group, or full paths).
    pub sum: Option<Vec<String>>,
    /// `[part, whole]`: the part as a percentage of the whole (needs `decimals`).
    pub share: Option<[String; 2]>,
    /// `[a, b]`: a − b.
    pub diff: Option<[String; 2]>,
    /// An expression over figures: `+ - * /`, parentheses and numbers, e.g.
    /// `"(declared - kept) / declared * 100"` (put spaces around a minus: `a-b` is a name).
    pub expr: Option<String>,
}

/// `[[check]]`: a rule that a stated figure must satisfy. `gongwen check` reports every break;
/// the figure itself is never changed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckDef {
    /// The stated figure, e.g. `apply.total`.
    #[schemars(with = "String")]
    pub figure: Spanned<String>,
    /// What the rule says, for the report of a break.
    pub label: Option<String>,
    /// The figure equals the sum of these (names relative to the figure's group, or full paths).
    #[schemars(with = "Option<Vec<String>>")]
    pub sum: Option<Spanned<Vec<String>>>,
    /// The figure equals `[part, whole]` as a percentage, at the figure's printed decimals.
    #[schemars(with = "Option<[String; 2]>")]
    pub share: Option<Spanned<[String; 2]>>,
    /// The figure equals `[a, b]`: a − b.
    #[schemars(with = "Option<[String; 2]>")]
    pub diff: Option<Spanned<[String; 2]>>,
    /// The figure equals this expression, at its printed decimals.
    #[schemars(with = "Option<String>")]
    pub expr: Option<Spanned<String>>,
}

/// How a cell's text sits in its cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AlignDef {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right (numbers).
    Right,
}

/// `[table.NAME]`: a table, placed in the text by a line `{table:NAME}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    /// The caption's words; gongwen numbers it (表1, 表2 … by the layout's pattern).
    /// A table without a caption has no number.
    #[schemars(with = "Option<String>")]
    pub caption: Option<Spanned<String>>,
    /// The columns, left to right: a title, or a table with title, unit, width and alignment.
    #[schemars(with = "Vec<ColumnDef>")]
    pub columns: Spanned<Vec<ColumnDef>>,
    /// Header rows with merged cells, replacing the row of column titles. Each row lists the
    /// cells that start in it; a cell spanning rows is left out of the rows below.
    #[serde(default)]
    #[schemars(with = "Vec<Vec<CellDef>>")]
    pub header: Vec<Spanned<Vec<Spanned<CellDef>>>>,
    /// How many columns on the left are the stub (row labels, text); the others hold numbers.
    #[serde(default = "one")]
    pub stub: usize,
    /// The body rows: numbers as written, text, `{figure}` citations, `—`, `/` or `""`.
    #[schemars(with = "Vec<Vec<CellDef>>")]
    pub rows: Vec<Spanned<Vec<Spanned<CellDef>>>>,
    /// Notes printed under the table (注：…).
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub notes: Vec<Spanned<String>>,
}

fn one() -> usize {
    1
}

/// A column: its title, or a table.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ColumnDef {
    /// Just the title.
    Title(String),
    /// Title with unit, width and alignment.
    Full(ColumnSpec),
}

/// A column in full.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnSpec {
    /// The title in the header.
    pub title: String,
    /// The unit of its numbers, printed after the title as （件）; figures cited in it must
    /// have this unit.
    pub unit: Option<String>,
    /// Relative width (default 1; the stub defaults to 2).
    pub width: Option<f64>,
    /// Alignment of its body cells (numbers default to right, the stub to left).
    pub align: Option<AlignDef>,
}

/// A cell: a number as written, text, or a table with spans.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum CellDef {
    /// An integer, printed as written.
    Integer(i64),
    /// A decimal, printed with the decimals written.
    Decimal(f64),
    /// Text: words, a number, `—`, `/`, `""`, or a citation such as `{apply.total}`.
    Text(String),
    /// A cell that spans rows or columns, or is aligned its own way.
    Full(CellSpec),
}

/// A cell in full.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CellSpec {
    /// The text (may cite figures).
    #[serde(default)]
    pub text: String,
    /// Columns it spans (default 1).
    pub cols: Option<usize>,
    /// Rows it spans (default 1).
    pub rows: Option<usize>,
    /// Alignment, overriding the column's.
    pub align: Option<AlignDef>,
}

/// The kind of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    /// Vertical bars, one a datum.
    Bar,
    /// A pie, a slice a datum, with each slice's share.
    Pie,
}

/// `[chart.NAME]`: a chart over figures, placed in the text by a line `{chart:NAME}`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChartDef {
    /// Bar or pie.
    pub kind: ChartKind,
    /// The caption's words; gongwen numbers it (图1, 图2 …).
    #[schemars(with = "Option<String>")]
    pub caption: Option<Spanned<String>>,
    /// The unit printed after each value, e.g. `件`.
    #[serde(default)]
    pub unit: String,
    /// Decimals of a pie's shares (default 0).
    #[serde(default)]
    pub decimals: u32,
    /// The data, in order.
    #[schemars(with = "Vec<DatumDef>")]
    pub data: Spanned<Vec<DatumDef>>,
}

/// One datum of a chart: a label and a figure (or a number).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatumDef {
    /// The label; defaults to the figure's `label`.
    pub label: Option<String>,
    /// A figure's full name, e.g. `apply.online`.
    pub figure: Option<String>,
    /// A number, when the datum is not a figure.
    pub value: Option<f64>,
}

/// `[form]`: a national annual-report form (政府信息公开工作年度报告). gongwen draws its
/// tables — `{table:NAME}` places them — and checks the form's own arithmetic. Besides its
/// keys, `[form.NAME]` fills the form's table `NAME` (the built-in forms: `active`,
/// `requests`, `review`); which tables there are is the form description's to say.
#[derive(Debug)]
pub struct FormDef {
    /// A built-in form, `gov-disclosure-2021` (国办公开办函〔2021〕30号) or `gov-disclosure-2019`
    /// (the trial format), or a variant file beside the report (`my-form.toml`).
    pub kind: Spanned<String>,
    /// The numbers are placeholders (a skeleton from `gongwen new --form`).
    pub template: bool,
    /// Rows of the form replaced, as a variant file writes them: a local variant kept in the
    /// report itself (`[[form.replace]]`; `gongwen import` writes one for a one-row （六）).
    pub replace: Vec<crate::forms::Replace>,
    /// Rules added to the form's tables (`[[form.rule]]`), as in a variant file.
    pub rule: Vec<crate::forms::AddedRule>,
    /// The office's rows of each table, by table name, each row by its key.
    pub tables: BTreeMap<String, FormRows>,
}

/// The rows of one `[form.NAME]`, by key, and where the table is written.
pub type FormRows = Spanned<BTreeMap<String, Spanned<FormRow>>>;

/// `[form]`: a national annual-report form (政府信息公开工作年度报告), its kind and the office's
/// rows of each of its tables (the built-in forms' tables: `active`, `requests`, `review`).
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub struct FormSchema {
    /// A built-in form, `gov-disclosure-2021` (国办公开办函〔2021〕30号) or `gov-disclosure-2019`
    /// (the trial format), or a variant file beside the report (`my-form.toml`).
    kind: String,
    /// The numbers are placeholders (a skeleton from `gongwen new --form`).
    #[serde(default)]
    template: bool,
    /// Rows of the form replaced: a local variant kept in the report itself.
    #[serde(default)]
    replace: Vec<crate::forms::Replace>,
    /// Rules added to the form's tables.
    #[serde(default)]
    rule: Vec<crate::forms::AddedRule>,
    /// Table 二 (主动公开): rows by their 信息内容, e.g. `"规章" = [制发, 废止, 现行有效]`.
    #[serde(default)]
    active: BTreeMap<String, FormRowSchema>,
    /// Table 三 (依申请): rows by number (`"一"`, `"三.三.1"`, `"三.七"`, `"四"`), each the six
    /// applicant columns and, optionally, the 总计 (checked when given, else computed).
    #[serde(default)]
    requests: BTreeMap<String, FormRowSchema>,
    /// Table 四 (复议、诉讼): `"行政复议"`, `"未经复议直接起诉"`, `"复议后起诉"`, each 结果维持,
    /// 结果纠正, 其他结果, 尚未审结 and, optionally, 总计.
    #[serde(default)]
    review: BTreeMap<String, FormRowSchema>,
}

impl<'de> Deserialize<'de> for FormDef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = FormDef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("[form] with kind and the form's tables")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<FormDef, A::Error> {
                let (mut kind, mut template) = (None, false);
                let (mut replace, mut rule) = (Vec::new(), Vec::new());
                let mut tables = BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "kind" => kind = Some(map.next_value()?),
                        "template" => template = map.next_value()?,
                        "replace" => replace = map.next_value()?,
                        "rule" => rule = map.next_value()?,
                        _ => {
                            let rows: Rows = map.next_value()?;
                            tables.insert(key, rows.0);
                        }
                    }
                }
                Ok(FormDef {
                    kind: kind.ok_or_else(|| A::Error::missing_field("kind"))?,
                    template,
                    replace,
                    rule,
                    tables,
                })
            }
        }
        d.deserialize_map(Visit)
    }
}

/// A `[form.NAME]` table, with a message naming the keys `[form]` has besides tables.
struct Rows(FormRows);

impl<'de> Deserialize<'de> for Rows {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = BTreeMap<String, Spanned<FormRow>>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(
                    "a table of the form's rows ([form.NAME] with rows such as \"一\" = [...]); [form]'s other keys are kind, template, replace and rule",
                )
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut rows = BTreeMap::new();
                while let Some((k, v)) = map.next_entry()? {
                    rows.insert(k, v);
                }
                Ok(rows)
            }
        }
        // Spanned asks the deserializer for the table's place, then reads it with `Visit`.
        struct Inner(BTreeMap<String, Spanned<FormRow>>);
        impl<'de> Deserialize<'de> for Inner {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_map(Visit).map(Inner)
            }
        }
        let s = Spanned::<Inner>::deserialize(d)?;
        let span = s.span();
        Ok(Rows(Spanned::new(span, s.into_inner().0)))
    }
}

/// A row of a form table: its cells (`[1, 0, ""]`), or `{ label = "…", values = [...] }` to
/// print the row's label as the office published it.
#[derive(Debug)]
pub struct FormRow {
    /// The label as published, when it differs from the national form's (a warning says so).
    pub label: Option<Spanned<String>>,
    /// The cells: numbers, citations, `""` (blank), `—`, `/`, or text where the form has text.
    pub values: Vec<Spanned<CellDef>>,
}

/// A row of a form table, for the schema.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum FormRowSchema {
    /// The cells.
    Values(Vec<CellDef>),
    /// The label as published and the cells.
    Labelled {
        /// The label as the office printed it.
        label: String,
        /// The cells.
        values: Vec<CellDef>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LabelledRow {
    label: Spanned<String>,
    values: Vec<Spanned<CellDef>>,
}

impl<'de> Deserialize<'de> for FormRow {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = FormRow;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of cells, or a table { label = \"…\", values = [...] }")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<FormRow, A::Error> {
                let mut values = Vec::new();
                while let Some(c) = seq.next_element()? {
                    values.push(c);
                }
                Ok(FormRow {
                    label: None,
                    values,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<FormRow, A::Error> {
                let r =
                    LabelledRow::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(FormRow {
                    label: Some(r.label),
                    values: r.values,
                })
            }
        }
        d.deserialize_any(Visit)
    }
}
