//! Tables: a report's `[table.NAME]` (or a national form's table) becomes a [`Spec`], and a
//! placed spec becomes a document [`Table`] — every cell's text (citations formatted), its span,
//! its alignment and every column's width decided here, once.

use std::sync::Arc;

use super::cite::{self, Citation};
use super::figures::Figures;
use super::number::Dec;
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Align, Caption, Cell, Origin, Row, Table};
use crate::layout::Layout;
use crate::model::{AlignDef, CellDef, ColumnDef, TableDef};

/// A column before layout.
#[derive(Debug, Clone)]
pub struct ColumnIn {
    /// The title as printed in a one-row header.
    pub title: String,
    /// The unit of its numbers.
    pub unit: Option<String>,
    /// Relative width.
    pub width: f64,
    /// Alignment of its body cells.
    pub align: Align,
}

/// A cell before layout: its text as written (it may cite figures), its spans.
#[derive(Debug, Clone)]
pub struct CellIn {
    /// The text as written.
    pub text: String,
    /// Columns spanned.
    pub cols: usize,
    /// Rows spanned.
    pub rows: usize,
    /// Alignment, if the cell sets its own.
    pub align: Option<Align>,
    /// Where it is written.
    pub origin: Origin,
}

impl CellIn {
    /// A one-by-one cell.
    pub fn new(text: impl Into<String>, origin: Origin) -> CellIn {
        CellIn {
            text: text.into(),
            cols: 1,
            rows: 1,
            align: None,
            origin,
        }
    }

    /// The same cell spanning `cols` columns.
    pub fn cols(mut self, cols: usize) -> CellIn {
        self.cols = cols;
        self
    }

    /// The same cell spanning `rows` rows.
    pub fn rows(mut self, rows: usize) -> CellIn {
        self.rows = rows;
        self
    }

    /// The same cell aligned its own way.
    pub fn align(mut self, a: Align) -> CellIn {
        self.align = Some(a);
        self
    }
}

/// A table before layout.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The caption's words and their place.
    pub caption: Option<(String, Origin)>,
    /// The columns.
    pub columns: Vec<ColumnIn>,
    /// Header rows; empty for a header of the column titles.
    pub header: Vec<(Vec<CellIn>, Origin)>,
    /// Whether the table has a header at all (a form's table may print its headings as body rows).
    pub has_header: bool,
    /// Body rows, each with its place.
    pub body: Vec<(Vec<CellIn>, Origin)>,
    /// Stub columns (row labels).
    pub stub: usize,
    /// Notes under the table.
    pub notes: Vec<(String, Origin)>,
    /// Where the table is declared.
    pub origin: Origin,
}

fn align(a: AlignDef) -> Align {
    match a {
        AlignDef::Left => Align::Left,
        AlignDef::Center => Align::Center,
        AlignDef::Right => Align::Right,
    }
}

/// A cell as written in the file: numbers as their source text, so `12.50` keeps its zero.
pub fn cell_text(
    file: &SourceFile,
    cell: &toml::Spanned<CellDef>,
) -> (String, Option<usize>, Option<usize>, Option<Align>) {
    match cell.get_ref() {
        CellDef::Integer(_) | CellDef::Decimal(_) => {
            let raw = file.text.get(cell.span()).unwrap_or("").trim();
            let text = Dec::parse(raw)
                .map(|d| d.format(false))
                .unwrap_or_else(|_| raw.to_string());
            (text, None, None, None)
        }
        CellDef::Text(s) => (s.clone(), None, None, None),
        CellDef::Full(c) => (c.text.clone(), c.cols, c.rows, c.align.map(align)),
    }
}

fn cells(
    file: &Arc<SourceFile>,
    row: &toml::Spanned<Vec<toml::Spanned<CellDef>>>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<CellIn> {
    row.get_ref()
        .iter()
        .map(|c| {
            let (text, cols, rows, al) = cell_text(file, c);
            let origin = Origin(Some((file.clone(), c.span())));
            for (what, n) in [("cols", cols), ("rows", rows)] {
                if n == Some(0) {
                    problems.push(
                        Diagnostic::error(format!("a cell spans {what} = 0"))
                            .at(file, c.span())
                            .hint("a span is 1 or more"),
                    );
                }
            }
            CellIn {
                text,
                cols: cols.unwrap_or(1).max(1),
                rows: rows.unwrap_or(1).max(1),
                align: al,
                origin,
            }
        })
        .collect()
}

impl Spec {
    /// The spec of a report's `[table.NAME]`.
    pub fn from_def(
        file: &Arc<SourceFile>,
        key: &toml::Spanned<String>,
        def: &TableDef,
        layout: &Layout,
        problems: &mut Vec<Diagnostic>,
    ) -> Spec {
        let name = key.get_ref().as_str();
        let origin = Origin(Some((file.clone(), key.span())));
        let stub = def.stub;
        if stub > def.columns.get_ref().len() {
            problems.push(
                Diagnostic::error(format!(
                    "table `{name}` has stub = {stub} but only {} columns",
                    def.columns.get_ref().len()
                ))
                .at(file, def.columns.span())
                .hint("stub counts the row-label columns on the left"),
            );
        }
        let columns = def
            .columns
            .get_ref()
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let is_stub = i < stub;
                let (title, unit, width, al) = match c {
                    ColumnDef::Title(t) => (t.clone(), None, None, None),
                    ColumnDef::Full(s) => (
                        s.title.clone(),
                        s.unit.clone().filter(|u| !u.is_empty()),
                        s.width,
                        s.align,
                    ),
                };
                if width.is_some_and(|w| !(w > 0.0 && w.is_finite())) {
                    problems.push(
                        Diagnostic::error(format!(
                            "column `{title}` of table `{name}` has a width that is not above 0"
                        ))
                        .at(file, def.columns.span()),
                    );
                }
                let title = match &unit {
                    Some(u) => format!("{title}（{u}）"),
                    None => title,
                };
                ColumnIn {
                    title,
                    unit,
                    width: width
                        .filter(|w| *w > 0.0 && w.is_finite())
                        .unwrap_or(if is_stub {
                            layout.table.stub_width
                        } else {
                            1.0
                        }),
                    align: al.map(align).unwrap_or(if is_stub {
                        Align::Left
                    } else {
                        Align::Right
                    }),
                }
            })
            .collect();
        if def.columns.get_ref().is_empty() {
            problems.push(
                Diagnostic::error(format!("table `{name}` has no columns"))
                    .at(file, def.columns.span()),
            );
        }
        let header = def
            .header
            .iter()
            .map(|r| {
                (
                    cells(file, r, problems),
                    Origin(Some((file.clone(), r.span()))),
                )
            })
            .collect();
        let body = def
            .rows
            .iter()
            .map(|r| {
                (
                    cells(file, r, problems),
                    Origin(Some((file.clone(), r.span()))),
                )
            })
            .collect();
        Spec {
            caption: def.caption.as_ref().map(|c| {
                (
                    c.get_ref().trim().to_string(),
                    Origin(Some((file.clone(), c.span()))),
                )
            }),
            columns,
            header,
            has_header: true,
            body,
            stub,
            notes: def
                .notes
                .iter()
                .map(|n| {
                    (
                        n.get_ref().trim().to_string(),
                        Origin(Some((file.clone(), n.span()))),
                    )
                })
                .collect(),
            origin,
        }
    }
}

/// Cells placed on the grid: for each row, (column, cell) of the cells that start there, and
/// the placeholders of cells spanning down from rows above.
fn grid(
    file: &Arc<SourceFile>,
    name: &str,
    rows: &[(Vec<CellIn>, Origin)],
    ncols: usize,
    problems: &mut Vec<Diagnostic>,
) -> Option<Vec<Vec<(usize, CellIn, bool)>>> {
    let mut taken = vec![vec![false; ncols]; rows.len()];
    let mut out: Vec<Vec<(usize, CellIn, bool)>> = vec![Vec::new(); rows.len()];
    let mut ok = true;
    for (r, (cells, origin)) in rows.iter().enumerate() {
        let mut c = 0;
        let mut bad = false;
        for cell in cells {
            while c < ncols && taken[r][c] {
                c += 1;
            }
            if c.saturating_add(cell.cols) > ncols {
                bad = true;
                break;
            }
            if r.saturating_add(cell.rows) > rows.len() {
                let d = Diagnostic::error(format!(
                    "a cell of table `{name}` spans {} rows, past the table's last row",
                    cell.rows
                ))
                .hint("reduce its rows, or add the rows it spans");
                problems.push(locate(d, &cell.origin, file));
                ok = false;
                continue;
            }
            for row in &mut taken[r..r + cell.rows] {
                row[c..c + cell.cols].fill(true);
            }
            out[r].push((c, cell.clone(), false));
            for below in &mut out[r + 1..r + cell.rows] {
                below.push((c, cell.clone(), true));
            }
            c += cell.cols;
        }
        let filled = taken[r].iter().filter(|t| **t).count();
        if bad || filled != ncols {
            let from_above: usize = out[r]
                .iter()
                .filter(|(_, _, m)| *m)
                .map(|(_, cell, _)| cell.cols)
                .sum();
            let written: usize = cells.iter().fold(0usize, |n, c| n.saturating_add(c.cols));
            let d = Diagnostic::error(format!(
                "row {} of table `{name}` has {written} cell{}; the table has {ncols} columns{}",
                r + 1,
                if written == 1 { "" } else { "s" },
                if from_above > 0 { format!(" ({from_above} taken by cells spanning down from above)") } else { String::new() }
            ))
            .label(format!("{written} cells here"))
            .hint(format!("give every row {ncols} cells (a cell with cols = n counts n; a cell spanning rows from above is left out)"));
            problems.push(locate(d, origin, file));
            ok = false;
        }
    }
    for row in &mut out {
        row.sort_by_key(|(c, _, _)| *c);
    }
    ok.then_some(out)
}

fn locate(d: Diagnostic, origin: &Origin, file: &Arc<SourceFile>) -> Diagnostic {
    match &origin.0 {
        Some((f, r)) => d.at(f, r.clone()),
        None => d.in_file(file),
    }
}

/// What a table needs from the builder to lay out its cells.
pub struct Context<'a> {
    /// The report file.
    pub file: &'a Arc<SourceFile>,
    /// The figures cells may cite.
    pub figures: &'a Figures,
    /// Where citations are collected.
    pub citations: &'a mut Vec<Citation>,
    /// The layout (widths, caption pattern).
    pub layout: &'a Layout,
}

/// The most columns a table may have (an A4 type area holds far fewer legibly).
pub const MAX_COLUMNS: usize = 40;
/// The most rows (header and body) a table may have.
pub const MAX_ROWS: usize = 1000;

impl Spec {
    /// The document table, numbered `number` (表1) when it has a caption. `None` when its
    /// rows do not fit its columns (the errors are pushed).
    pub fn build(
        &self,
        name: &str,
        number: Option<String>,
        cx: &mut Context,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Table> {
        let ncols = self.columns.len();
        if ncols == 0 {
            return None;
        }
        let nrows = self.header.len() + self.body.len();
        if ncols > MAX_COLUMNS || nrows > MAX_ROWS {
            let d = Diagnostic::error(format!(
                "table `{name}` has {ncols} columns and {nrows} rows; a table has at most {MAX_COLUMNS} columns and {MAX_ROWS} rows"
            ))
            .hint("split it into several tables, or publish the full data as an attachment");
            problems.push(locate(d, &self.origin, cx.file));
            return None;
        }
        let header_rows: Vec<(Vec<CellIn>, Origin)> = if !self.has_header {
            Vec::new()
        } else if self.header.is_empty() {
            vec![(
                self.columns
                    .iter()
                    .map(|c| CellIn::new(c.title.clone(), self.origin.clone()))
                    .collect(),
                self.origin.clone(),
            )]
        } else {
            self.header.clone()
        };
        let head = grid(cx.file, name, &header_rows, ncols, problems);
        let body = grid(cx.file, name, &self.body, ncols, problems);
        let (head, body) = (head?, body?);
        let caption_words = self
            .caption
            .as_ref()
            .map(|(t, _)| t.as_str())
            .unwrap_or(name);
        let label = match &number {
            Some(n) => format!("{n}（{caption_words}）"),
            None => format!("table `{name}`"),
        };
        let col_title = |c: usize| -> String {
            self.columns
                .get(c)
                .map(|col| col.title.clone())
                .unwrap_or_default()
        };
        let rows_out = |rows: Vec<Vec<(usize, CellIn, bool)>>,
                        is_header: bool,
                        cx: &mut Context,
                        problems: &mut Vec<Diagnostic>|
         -> Vec<Row> {
            rows.into_iter()
                .enumerate()
                .map(|(r, cells)| {
                    // The row's label: its first stub cell that starts here, for messages.
                    let row_label = cells
                        .iter()
                        .filter(|(c, _, m)| !m && *c < self.stub.max(1))
                        .map(|(_, cell, _)| cell.text.clone())
                        .next_back()
                        .unwrap_or_else(|| format!("row {}", r + 1));
                    Row {
                        cells: cells
                            .into_iter()
                            .map(|(c, cell, merged)| {
                                let place = format!(
                                    "{label}, {} {row_label}, column {}",
                                    if is_header { "header" } else { "row" },
                                    col_title(c)
                                );
                                let before = cx.citations.len();
                                let text = if merged {
                                    String::new()
                                } else {
                                    cite::resolve(
                                        cx.file,
                                        &cell.text,
                                        &cell.origin,
                                        cx.figures,
                                        &place,
                                        cx.citations,
                                        problems,
                                    )
                                };
                                if !merged && !is_header && cell.cols == 1 {
                                    check_unit(
                                        cx,
                                        &self.columns[c],
                                        &cx.citations[before..],
                                        problems,
                                    );
                                }
                                let align = cell.align.unwrap_or(
                                    if is_header
                                        || cell.cols > 1
                                            && c < self.stub
                                            && c + cell.cols > self.stub
                                    {
                                        Align::Center
                                    } else {
                                        self.columns[c].align
                                    },
                                );
                                Cell {
                                    text: text.trim().to_string(),
                                    col: c,
                                    cols: cell.cols,
                                    rows: cell.rows,
                                    align,
                                    merged,
                                    origin: cell.origin.clone(),
                                    breaks: Vec::new(),
                                }
                            })
                            .collect(),
                        ..Row::default()
                    }
                })
                .collect()
        };
        let mut header = rows_out(head, true, cx, problems);
        let mut body = rows_out(body, false, cx, problems);
        let relative: Vec<f64> = self.columns.iter().map(|c| c.width).collect();
        let widths = super::widths::fit(&relative, &header, &body, cx.layout);
        super::widths::break_labels(&mut body, &widths, cx.layout);
        super::widths::break_headers(&mut header, &widths, cx.layout);
        super::keep::decide(&mut body, &widths, cx.layout);
        let caption = match (&self.caption, number) {
            (Some((words, origin)), Some(number)) => Some(Caption {
                text: format!("{number}{}{words}", cx.layout.captions.separator),
                number,
                origin: origin.clone(),
            }),
            _ => None,
        };
        let notes = self
            .notes
            .iter()
            .map(|(t, o)| {
                (
                    cite::resolve(
                        cx.file,
                        t,
                        o,
                        cx.figures,
                        &format!("{label}, notes"),
                        cx.citations,
                        problems,
                    ),
                    o.clone(),
                )
            })
            .collect();
        Some(Table {
            caption,
            widths,
            header,
            body,
            notes,
            origin: self.origin.clone(),
        })
    }
}

/// A cell that cites a figure of another unit than its column's is an error.
fn check_unit(cx: &Context, column: &ColumnIn, cited: &[Citation], problems: &mut Vec<Diagnostic>) {
    let Some(unit) = &column.unit else { return };
    for c in cited {
        let Some(f) = cx.figures.get(&c.figure) else {
            continue;
        };
        if let Some(u) = &f.unit
            && u != unit
        {
            let d = Diagnostic::error(format!("unit mismatch: figure `{}` is in {u}, column `{}` in {unit}", f.path, column.title))
                .label(format!("in {u}"))
                .hint("cite a figure in the column's unit, or correct the unit declared in [figures] or in the column");
            problems.push(locate(d, &c.origin, cx.file));
        }
    }
}
