//! Tables and charts in the document tree: every cell's text, span and alignment, every
//! column's width, every caption's number and every chart label decided by the builder. The
//! backends draw them and compute nothing.

use super::Origin;
use crate::layout::Pt;

/// A caption: `表1　申请渠道` or `图1　申请渠道`.
#[derive(Debug, Clone)]
pub struct Caption {
    /// The number as printed, e.g. `表1`.
    pub number: String,
    /// The whole caption as printed, number included.
    pub text: String,
    /// Where the words came from.
    pub origin: Origin,
}

/// How text sits in a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// One cell of a row.
#[derive(Debug, Clone)]
pub struct Cell {
    /// The text as printed (a cited figure already formatted; `0`, `—`, `/` or empty as written).
    pub text: String,
    /// The first grid column it covers, from 0.
    pub col: usize,
    /// Grid columns it spans (at least 1).
    pub cols: usize,
    /// Rows it spans (at least 1).
    pub rows: usize,
    /// Alignment.
    pub align: Align,
    /// A placeholder in a row covered by a cell above that spans down into it: it prints
    /// nothing (the DOCX needs it as a `vMerge` continuation; the PDF skips it).
    pub merged: bool,
    /// Where the text came from.
    pub origin: Origin,
    /// Byte offsets in `text` where the builder breaks the line (a group label kept whole
    /// at its number: （三） / 不予公开); the backends print each line as a line.
    pub breaks: Vec<usize>,
}

impl Cell {
    /// The text's lines, as the builder broke them.
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        let ends = self.breaks.iter().copied().chain([self.text.len()]);
        let mut from = 0;
        ends.filter_map(move |end| {
            let line = self.text.get(from..end)?;
            from = end;
            Some(line)
        })
    }
}

/// A row: its cells left to right, merged placeholders included.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// The cells.
    pub cells: Vec<Cell>,
    /// A heading row of the body (a clause label across the table, a block's column titles
    /// under it): repeated at the top of a page its block runs onto, never left at a page foot.
    pub heading: bool,
    /// Kept on the page of the next row: the builder decides where a long table may break
    /// (a group's first rows, a heading row, a short inner group whole).
    pub keep: bool,
}

/// A table.
#[derive(Debug, Clone)]
pub struct Table {
    /// The caption above it, if it has one.
    pub caption: Option<Caption>,
    /// Grid column widths; they add up to the table's width.
    pub widths: Vec<Pt>,
    /// Header rows, repeated at the top of every page the table runs onto.
    pub header: Vec<Row>,
    /// Body rows.
    pub body: Vec<Row>,
    /// Notes under the table, one a paragraph.
    pub notes: Vec<(String, Origin)>,
    /// Where the table is declared.
    pub origin: Origin,
}

impl Table {
    /// Every text of the table with its origin: caption, cells (header first), notes.
    pub fn texts(&self) -> impl Iterator<Item = (&str, &Origin)> {
        self.caption
            .iter()
            .map(|c| (c.text.as_str(), &c.origin))
            .chain(
                self.header
                    .iter()
                    .chain(&self.body)
                    .flat_map(|r| &r.cells)
                    .filter(|c| !c.merged)
                    .map(|c| (c.text.as_str(), &c.origin)),
            )
            .chain(self.notes.iter().map(|(t, o)| (t.as_str(), o)))
    }
}

/// The cells of `rows` that span more than one row, as (first row, column, rows): the groups
/// of a table whose labels stand beside several rows.
pub fn row_spans(rows: &[Row]) -> Vec<(usize, usize, usize)> {
    rows.iter()
        .enumerate()
        .flat_map(|(r, row)| {
            row.cells
                .iter()
                .filter(|c| !c.merged && c.rows > 1)
                .map(move |c| (r, c.col, c.rows))
        })
        .collect()
}

/// Whether the group at row `r`, column `col`, spanning `rows` rows stands inside another of
/// `spans` (a group to its left holding all its rows), as （三）不予公开 under 三、本年度办理结果.
pub fn nested(spans: &[(usize, usize, usize)], r: usize, col: usize, rows: usize) -> bool {
    spans
        .iter()
        .any(|&(r0, c0, k0)| c0 < col && r0 <= r && r + rows <= r0 + k0)
}

/// The kind of chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    /// Vertical bars.
    Bar,
    /// A pie with a legend.
    Pie,
}

/// One datum of a chart.
#[derive(Debug, Clone)]
pub struct Datum {
    /// The label, e.g. `网络申请`.
    pub label: String,
    /// The value as printed with its unit, e.g. `38件`.
    pub text: String,
    /// The slice's share as printed (pie charts), e.g. `45%`.
    pub share: Option<String>,
    /// The value for drawing (bar heights, slice angles) only; never printed.
    pub value: f64,
}

/// A colour of a chart's bars or slices, decided by the builder: the layout's, or a grey level
/// when the book is printed in one colour.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Colour {
    /// `#rrggbb`, as the layout gives it.
    Rgb(String),
    /// A grey: its lightness in percent, 0 black and 100 white.
    Grey(u8),
}

/// A chart, drawn as vector graphics in the PDF and as a picture in the DOCX.
#[derive(Debug, Clone)]
pub struct Chart {
    /// Bar or pie.
    pub kind: ChartKind,
    /// The caption under it, if it has one.
    pub caption: Option<Caption>,
    /// The drawing's width.
    pub width: Pt,
    /// The drawing's height.
    pub height: Pt,
    /// The data, in order.
    pub data: Vec<Datum>,
    /// Colours of the bars or slices, in order, repeated when there are more data.
    pub colors: Vec<Colour>,
    /// Where the chart is declared.
    pub origin: Origin,
    /// The chart drawn as a picture, for the DOCX; attached after the build by
    /// `typst::draw_pictures` (the builder leaves it empty).
    pub picture: Option<Picture>,
}

impl Chart {
    /// Every text of the chart with its origin: the labels, values and shares, the caption.
    pub fn texts(&self) -> impl Iterator<Item = (&str, &Origin)> {
        self.data
            .iter()
            .flat_map(|d| {
                [
                    Some(d.label.as_str()),
                    Some(d.text.as_str()),
                    d.share.as_deref(),
                ]
            })
            .flatten()
            .map(|t| (t, &self.origin))
            .chain(self.caption.iter().map(|c| (c.text.as_str(), &c.origin)))
    }
}

/// A chart rendered as a picture, for a backend that cannot draw (the DOCX): made by the PDF
/// backend from the same drawing, so both outputs show the same chart.
#[derive(Debug, Clone)]
pub struct Picture {
    /// The PNG file.
    pub png: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
}
