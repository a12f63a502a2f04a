//! The layout's tables, charts and captions: the caption patterns (表{} and 图{}), the rules and
//! padding of tables, the size, colours and picture resolution of charts. Their fonts are the
//! roles `table` and `caption` (see [`super::Role`]).

use schemars::JsonSchema;
use serde::Deserialize;

use super::units::Mm;

/// How captions are numbered.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Captions {
    /// A table's number; `{}` stands for the count, e.g. `表{}` prints 表1.
    pub table: String,
    /// A chart's number, e.g. `图{}`.
    pub chart: String,
    /// Between the number and the caption's words (an ideographic space by default).
    pub separator: String,
}

impl Default for Captions {
    fn default() -> Self {
        Captions {
            table: "表{}".into(),
            chart: "图{}".into(),
            separator: "\u{3000}".into(),
        }
    }
}

impl Captions {
    /// The number of table `n` (from 1).
    pub fn table_number(&self, n: usize) -> String {
        self.table.replacen("{}", &n.to_string(), 1)
    }

    /// The number of chart `n` (from 1).
    pub fn chart_number(&self, n: usize) -> String {
        self.chart.replacen("{}", &n.to_string(), 1)
    }
}

/// How tables are ruled and padded.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct TableStyle {
    /// The width of every rule.
    #[schemars(with = "String")]
    pub rule: Mm,
    /// Padding between a cell's rules and its text, left and right.
    #[schemars(with = "String")]
    pub pad_x: Mm,
    /// Padding above and below a cell's text.
    #[schemars(with = "String")]
    pub pad_y: Mm,
    /// Relative width of a stub (row-label) column when the report gives none.
    pub stub_width: f64,
}

impl Default for TableStyle {
    fn default() -> Self {
        TableStyle {
            rule: Mm(0.2),
            pad_x: Mm(1.5),
            pad_y: Mm(1.0),
            stub_width: 2.0,
        }
    }
}

/// How charts are drawn.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct ChartStyle {
    /// The drawing's width.
    #[schemars(with = "String")]
    pub width: Mm,
    /// The drawing's height.
    #[schemars(with = "String")]
    pub height: Mm,
    /// Colours of bars and slices, in order, as `#rrggbb`.
    pub colors: Vec<String>,
    /// Resolution of the chart's picture in the DOCX, in dots per inch.
    pub dpi: u32,
}

impl Default for ChartStyle {
    fn default() -> Self {
        ChartStyle {
            width: Mm(140.0),
            height: Mm(80.0),
            colors: [
                "#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5",
            ]
            .map(String::from)
            .to_vec(),
            dpi: 300,
        }
    }
}

/// The most pixels a chart's picture (in the DOCX) may have: an A4 page across at 600 dpi
/// (7,016 × 4,961); one picture of 600 million pixels once needed 4.75 GB.
pub const MAX_CHART_PIXELS: u64 = 36_000_000;

impl ChartStyle {
    /// The picture's width and height in pixels, at the chart's size and dpi.
    pub fn pixel_size(&self) -> (u64, u64) {
        let px = |mm: f64| (mm / 25.4 * f64::from(self.dpi)).round().max(1.0) as u64;
        (px(self.width.0), px(self.height.0))
    }

    /// Problems with the values, as messages.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for c in &self.colors {
            let hex = c.strip_prefix('#').unwrap_or("");
            if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                out.push(format!("chart colour `{c}` is not #rrggbb"));
            }
        }
        if self.colors.is_empty() {
            out.push("charts need at least one colour".into());
        }
        if !(72..=600).contains(&self.dpi) {
            out.push(format!("chart dpi {} is outside 72 to 600", self.dpi));
        }
        out
    }
}
