//! Tables as Typst: a `table` whose header rows repeat on every page it runs onto, its rows
//! whole on a page, its group labels repeated, the body after it back on the grid (charts are
//! `drawing.rs`'s). Every text goes through [`escape::string`]; every number printed was
//! decided by the builder. What is computed here is geometry only, and which texts stay on one
//! line (from the fonts' advances), so that Typst measures as little as it must.

use std::fmt::Write;

use super::escape::string;
use super::fonts::{FontPlan, RoleFonts};
use super::source::font_args;
use crate::doc::{Align, Block, Cell, Document, Table};
use crate::layout::{Layout, Mm, Pt, Role};

/// Whether the document has any table or chart (and so needs [`defs`]).
pub fn needed(doc: &Document) -> bool {
    doc.blocks
        .iter()
        .any(|b| matches!(b, Block::Table(_) | Block::Chart(_)))
}

/// The font arguments of tables and captions as Typst dictionaries, `table-args` and
/// `caption-args`.
pub fn defs(s: &mut String, layout: &Layout, plan: &FontPlan) {
    let _ = writeln!(
        s,
        "#let table-args = ({})",
        font_args(plan, layout, Role::Table)
    );
    let _ = writeln!(
        s,
        "#let caption-args = ({})",
        font_args(plan, layout, Role::Caption)
    );
    // A group label repeated on every page its group runs onto: printed (out of the flow, over
    // the empty cells below it) by the first piece of the group on a page. An inner group's
    // label (`mid`) stands in the middle of its rows on the page, as a cell's would: every
    // piece marks its top and its foot, and the first on a page measures between them (its
    // own place is where the cell's vertical alignment put it: the label moves up from there).
    let _ = writeln!(
        s,
        "#let gw-rep(key, at, body, mid: false) = {{\n  let st = state(key, 0)\n  \
         context if st.get() != here().page() {{\n    if mid {{\n      \
         let on(l) = query(l).filter(m => m.value == key and m.location().page() == here().page()).map(m => m.location().position().y)\n      \
         let (tops, foots) = (on(<gw-top>), on(<gw-foot>))\n      \
         layout(size => {{\n        let h = measure(block(width: size.width, body)).height\n        \
         let top = if tops.len() > 0 {{ calc.min(..tops) - here().position().y }} else {{ 0pt }}\n        \
         let room = if tops.len() > 0 and foots.len() > 0 {{ calc.max(..foots) - calc.min(..tops) }} else {{ h }}\n        \
         place(at, dy: top + calc.max(0pt, (room - h) / 2), body)\n      }})\n    }} else {{ place(at, body) }}\n  }}\n  \
         context st.update(here().page())\n  \
         if mid {{ place(top, [#metadata(key)<gw-top>]); place(bottom, [#metadata(key)<gw-foot>]) }}\n}}"
    );
    // A text that may wrap: Typst's optimized breaker, and no line of one character (a runt,
    // to Typst's breaker: the line before gives one up; the cost outweighs the most underfull
    // line, as Typst clamps its badness at 10⁵). A text on one line has nothing to choose and
    // is set by the simple breaker, which costs far less in a table of many cells.
    let _ = writeln!(
        s,
        "#let gw-wrap(body) = {{\n  set par(linebreaks: \"optimized\")\n  set text(costs: (runt: 1000000%))\n  body\n}}"
    );
}

/// What a cell's text is measured with, to tell whether it may wrap.
struct Measure<'a> {
    fonts: &'a RoleFonts,
    /// The table's font size.
    size: f64,
    /// The padding left and right of a cell's text, together.
    pad: f64,
    widths: &'a [Pt],
}

impl Measure<'_> {
    /// Whether `text` surely stays on one line in the columns `col..col + cols`: its advances
    /// add up to less than the width inside the padding, with 2 % and a point to spare (kerning;
    /// a row of such texts is one line high, so a text that wrapped would overflow it).
    fn one_line(&self, text: &str, col: usize, cols: usize) -> bool {
        let room: f64 = self
            .widths
            .iter()
            .skip(col)
            .take(cols)
            .map(|w| w.0)
            .sum::<f64>()
            - self.pad;
        let mut width = 0.0;
        for c in text.chars() {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') {
                return false;
            }
            match self.fonts.advance(c) {
                Some(a) => width += a * self.size,
                None => return false,
            }
        }
        width * 1.02 + 1.0 < room
    }

    /// Whether cell `c` (with `hidden` after it) surely stays on one line: the builder broke
    /// none of its lines, and its text fits.
    fn one_line_cell(&self, c: &Cell, hidden: &str) -> bool {
        c.breaks.is_empty() && self.one_line(&format!("{}{hidden}", c.text), c.col, c.cols)
    }

    /// The Typst markup of a cell's text (and its invisible padding, `hidden`): as it is when
    /// it stays on one line, else in `gw-wrap`, the lines the builder broke joined by
    /// unjustified line breaks.
    fn text(&self, c: &Cell, hidden: &str) -> String {
        let pad = if hidden.is_empty() {
            String::new()
        } else {
            format!("#hide[#{}]", string(hidden))
        };
        // A line opening with a bracket keeps the bracket's whole cell: Typst would hang it
        // half a cell into the padding, against the rule (the 勾稽 header's （). Two spacings
        // that add up to nothing before it make it no line start.
        let lines: Vec<String> = c
            .lines()
            .map(|l| match l.chars().next() {
                Some(m) if "（《“‘〔【「『〈".contains(m) => {
                    format!("h(-1pt)#h(1pt)#{}", string(l))
                }
                _ => string(l),
            })
            .collect();
        let whole = format!("#{}{pad}", lines.join("#linebreak()#"));
        if self.one_line_cell(c, hidden) {
            whole
        } else {
            format!("#gw-wrap[{whole}]")
        }
    }
}

/// How a body cell spanning rows is printed.
enum Span {
    /// A group whose rows the builder keeps on one page ((三)不予公开 under 三、本年度办理结果,
    /// when it is short): one cell, its label centred beside its rows.
    Whole,
    /// A group a page may break: one piece per run of rows the builder keeps together, its
    /// label repeated at the top of the first piece on every page.
    Piece {
        rows: usize,
        first: bool,
        last: bool,
        key: String,
        /// An inner group: its label in the middle of its rows on the page.
        mid: bool,
    },
}

/// The spans of a table's body cells, by (row, column) of their first row; the pieces of a
/// group stand at the rows they start, where the tree has merged placeholders. A page may
/// break after a row the builder does not keep with the next (`Row::keep`); an outermost group
/// is always printed in pieces (its label at the top), an inner one only when it may break.
fn spans(t: &Table) -> std::collections::HashMap<(usize, usize), (Span, usize)> {
    let all = crate::doc::row_spans(&t.body);
    let start = t.origin.0.as_ref().map_or(0, |(_, r)| r.start);
    let mut out = std::collections::HashMap::new();
    for &(r, col, k) in &all {
        let ends: Vec<usize> = (r..r + k)
            .filter(|&i| i + 1 == r + k || !t.body[i].keep)
            .collect();
        let mid = crate::doc::nested(&all, r, col, k);
        if ends.len() == 1 && mid {
            out.insert((r, col), (Span::Whole, r));
            continue;
        }
        let mut piece = r;
        for i in ends {
            out.insert(
                (piece, col),
                (
                    Span::Piece {
                        rows: i + 1 - piece,
                        first: piece == r,
                        last: i + 1 == r + k,
                        key: format!("gw-rep-{start}-{r}-{col}"),
                        mid,
                    },
                    r,
                ),
            );
            piece = i + 1;
        }
    }
    out
}

fn align(a: Align) -> &'static str {
    match a {
        Align::Left => "left + horizon",
        Align::Center => "center + horizon",
        Align::Right => "right + horizon",
    }
}

/// A header cell.
fn cell(c: &Cell, m: &Measure) -> String {
    let mut args = Vec::new();
    if c.cols > 1 {
        args.push(format!("colspan: {}", c.cols));
    }
    if c.rows > 1 {
        args.push(format!("rowspan: {}", c.rows));
    }
    args.push(format!("align: {}", align(c.align)));
    format!("table.cell({})[{}]", args.join(", "), m.text(c, ""))
}

/// The digits after the decimal point of a number as printed (`12.5` → 1), or `None` for a
/// text that is not a plain number.
fn fraction_digits(text: &str) -> Option<usize> {
    let t = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit() || c == ',');
    (!int.is_empty() && digits(int) && frac.chars().all(|c| c.is_ascii_digit()))
        .then_some(frac.len())
}

/// Per grid column, the most fraction digits of the right-aligned numbers in it: numbers
/// with fewer get the missing digits as invisible padding, so that a column's amounts align on
/// the decimal point (the digits are of one width).
fn decimals(t: &Table) -> Vec<usize> {
    let mut most = vec![0; t.widths.len()];
    for c in t.body.iter().flat_map(|r| &r.cells) {
        if c.cols == 1
            && !c.merged
            && c.align == Align::Right
            && let (Some(d), Some(m)) = (fraction_digits(&c.text), most.get_mut(c.col))
        {
            *m = (*m).max(d);
        }
    }
    most
}

/// Per grid column, the alignment most of its body cells of one column have: the table's own
/// for that column, so that those cells are bare content, not a `table.cell` each.
fn column_aligns(t: &Table) -> Vec<Align> {
    let mut counts = vec![[0usize; 3]; t.widths.len()];
    for c in t.body.iter().flat_map(|r| &r.cells) {
        if c.cols == 1
            && c.rows == 1
            && !c.merged
            && let Some(n) = counts.get_mut(c.col)
        {
            n[c.align as usize] += 1;
        }
    }
    counts
        .iter()
        .map(|n| {
            [Align::Left, Align::Center, Align::Right]
                .into_iter()
                .max_by_key(|a| (n[*a as usize], std::cmp::Reverse(*a as usize)))
                .unwrap_or(Align::Left)
        })
        .collect()
}

/// A body cell of one row (rows never split across pages), bare when its column's alignment
/// (`column`) is its own. A right-aligned number is padded to the column's `decimals`.
fn body_cell(c: &Cell, decimals: usize, column: Option<Align>, m: &Measure) -> String {
    let text = m.text(c, &missing(c, decimals));
    let mut args = Vec::new();
    if c.cols > 1 {
        args.push(format!("colspan: {}", c.cols));
    }
    if column != Some(c.align) {
        args.push(format!("align: {}", align(c.align)));
    }
    if args.is_empty() {
        format!("[{text}]")
    } else {
        format!("table.cell({})[{text}]", args.join(", "))
    }
}

/// The fraction digits a right-aligned number lacks to the column's `decimals` (with the
/// point, for a whole number), printed invisible after it.
fn missing(c: &Cell, decimals: usize) -> String {
    match fraction_digits(&c.text) {
        Some(0) if c.align == Align::Right && decimals > 0 => format!(".{}", "0".repeat(decimals)),
        Some(d) if c.align == Align::Right && d < decimals => "0".repeat(decimals - d),
        _ => String::new(),
    }
}

/// The `rows` of a table: a row whose texts all stay on one line, none spanning rows, is one
/// line box and its padding high (`gw-line`), which Typst then lays out once a cell instead of
/// measuring every cell first (and again for each pass of the document's layout, as the row
/// moves); any other row is `auto`. Typst repeats the last size: runs at the end are cut.
fn row_sizes(t: &Table, m: &Measure, decimals: &[usize]) -> Option<String> {
    let line = |rows: &[crate::doc::Row], r: usize, pad: &dyn Fn(&Cell) -> String| {
        // A row a cell above spans into holds its merged placeholder.
        let row = &rows[r];
        row.cells.iter().all(|c| !c.merged && c.rows == 1)
            // Something on the line: a row of blanks is its padding high.
            && row.cells.iter().any(|c| !c.text.trim().is_empty())
            && row.cells.iter().all(|c| m.one_line_cell(c, &pad(c)))
    };
    let none = |_: &Cell| String::new();
    let body = |c: &Cell| missing(c, decimals.get(c.col).copied().unwrap_or(0));
    let mut sizes: Vec<bool> = (0..t.header.len())
        .map(|r| line(&t.header, r, &none))
        .chain((0..t.body.len()).map(|r| line(&t.body, r, &body)))
        .collect();
    if !sizes.contains(&true) {
        return None;
    }
    while sizes.len() > 1 && sizes[sizes.len() - 1] == sizes[sizes.len() - 2] {
        sizes.pop();
    }
    let names: Vec<&str> = sizes
        .iter()
        .map(|&one| if one { "gw-line" } else { "auto" })
        .collect();
    Some(format!("rows: ({},), ", names.join(", ")))
}

/// A cell spanning rows (`label` is the tree's cell), or one piece of it.
fn span_cell(label: &Cell, span: &Span, m: &Measure) -> String {
    let mut args = Vec::new();
    if label.cols > 1 {
        args.push(format!("colspan: {}", label.cols));
    }
    match span {
        Span::Whole => {
            args.push(format!("rowspan: {}", label.rows));
            args.push(format!("align: {}", align(label.align)));
            format!("table.cell({})[{}]", args.join(", "), m.text(label, ""))
        }
        Span::Piece {
            rows,
            first,
            last,
            key,
            mid,
        } => {
            if *rows > 1 {
                args.push(format!("rowspan: {rows}"));
            }
            // The pieces read as one cell: no rule between them.
            let open: Vec<&str> = [(!first, "top: none"), (!last, "bottom: none")]
                .iter()
                .filter(|(on, _)| *on)
                .map(|(_, side)| *side)
                .collect();
            if !open.is_empty() {
                args.push(format!("stroke: ({})", open.join(", ")));
            }
            let at = align(label.align).replace("horizon", "top");
            // The piece's flow from its top, so that its marks and the label's place are
            // measured from the cell's edges.
            if *mid {
                args.push(format!("align: {at}"));
            }
            format!(
                "table.cell({})[#gw-rep({}, {at}, [{}]{})]",
                args.join(", "),
                string(key),
                m.text(label, ""),
                if *mid { ", mid: true" } else { "" }
            )
        }
    }
}

/// The space above and below a table or chart: one grid line, as between paragraphs.
pub(super) fn spacing(layout: &Layout) -> Pt {
    Pt(layout.line_pitch().0 - layout.body_size().0)
}

/// A table: its caption above it (kept with it), the table, its notes.
pub(super) fn table(s: &mut String, t: &Table, layout: &Layout, plan: &FontPlan) {
    let gap = spacing(layout);
    let style = &layout.table;
    let _ = writeln!(s, "#block(above: {gap}, below: {gap}, width: 100%, {{");
    let _ = writeln!(
        s,
        "  set par(first-line-indent: 0pt, justify: false, leading: 0.3em, spacing: 0.3em)"
    );
    // A text that may wrap is set in `gw-wrap` (the optimized breaker, no one-character line).
    let _ = writeln!(s, "  set text(..table-args, tracking: 0pt)");
    // A row never splits across pages (see `cell` for cells spanning rows).
    let _ = writeln!(s, "  set table.cell(breakable: false)");
    if let Some(c) = &t.caption {
        let _ = writeln!(
            s,
            "  block(sticky: true, below: 0.6em, width: 100%, align(center, text(..caption-args, gw-wrap[#{}])))",
            string(&c.text)
        );
    }
    let m = Measure {
        fonts: plan.role(Role::Table),
        size: layout.font(Role::Table).size.pt().0,
        pad: 2.0 * style.pad_x.to_pt().0,
        widths: &t.widths,
    };
    let decimals = decimals(t);
    let rows = row_sizes(t, &m, &decimals);
    if rows.is_some() {
        // A line box is one em high (the text's top and bottom edges are fixed).
        let _ = writeln!(s, "  let gw-line = 1em + {}", Mm(2.0 * style.pad_y.0));
    }
    let columns: Vec<String> = t.widths.iter().map(|w| w.to_string()).collect();
    let aligns = column_aligns(t);
    let column_align: Vec<&str> = aligns.iter().map(|a| align(*a)).collect();
    let _ = writeln!(
        s,
        "  table(columns: ({},), align: ({},), {}stroke: {}, inset: (x: {}, y: {}),",
        columns.join(", "),
        column_align.join(", "),
        rows.unwrap_or_default(),
        style.rule,
        style.pad_x,
        style.pad_y
    );
    if !t.header.is_empty() {
        let cells: Vec<String> = t
            .header
            .iter()
            .flat_map(|r| &r.cells)
            .filter(|c| !c.merged)
            .map(|c| cell(c, &m))
            .collect();
        let _ = writeln!(
            s,
            "    table.header(repeat: true,\n      {},\n    ),",
            cells.join(",\n      ")
        );
    }
    let spans = spans(t);
    for (r, row) in t.body.iter().enumerate() {
        let cells: Vec<String> = row
            .cells
            .iter()
            .filter_map(|c| match spans.get(&(r, c.col)) {
                Some((span, first_row)) => {
                    let label = t.body[*first_row].cells.iter().find(|l| l.col == c.col)?;
                    Some(span_cell(label, span, &m))
                }
                None if c.merged => None,
                None => Some(body_cell(
                    c,
                    decimals.get(c.col).copied().unwrap_or(0),
                    aligns.get(c.col).copied(),
                    &m,
                )),
            })
            .collect();
        if cells.is_empty() {
            continue;
        }
        // Heading rows inside the body (a clause label and its column titles): a subheader,
        // repeated over its block on the next page and never left alone at a page foot.
        let heading = |i: usize| t.body.get(i).is_some_and(|r| r.heading);
        if row.heading && (r == 0 || !heading(r - 1)) {
            let _ = writeln!(s, "    table.header(level: 2, repeat: true,");
        }
        let _ = writeln!(s, "    {},", cells.join(", "));
        if row.heading && !heading(r + 1) {
            let _ = writeln!(s, "    ),");
        }
    }
    let _ = writeln!(s, "  )");
    for (note, _) in &t.notes {
        let _ = writeln!(
            s,
            "  block(above: 0.5em, below: 0pt, gw-wrap[#{}])",
            string(note)
        );
    }
    back_on_grid(s, layout);
    let _ = writeln!(s, "}})\n");
}

/// Space at the end of a table's block down to one paragraph spacing above a grid line, so
/// that the body goes on on the grid (a table's height is whatever its rows make it). At the
/// foot of a page the space ends there: the body goes on at the next page's top.
fn back_on_grid(s: &mut String, layout: &Layout) {
    let pitch = layout.line_pitch();
    let gap = spacing(layout);
    let _ = writeln!(
        s,
        "  context {{\n    let y = here().position().y - {top}\n    let k = calc.ceil((y + {gap}) / {pitch} - 0.001)\n    \
         let h = calc.max(0pt, calc.min(k * {pitch} - {gap} - y, {height} - y - 0.01pt))\n    \
         block(above: 0pt, below: 0pt, width: 100%, height: h)\n  }}",
        top = layout.page.margin_top,
        height = layout.page.type_height,
    );
}
