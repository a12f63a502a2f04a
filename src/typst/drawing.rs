//! Charts drawn with Typst's own shapes: the PDF's chart block (whole grid lines high) and the
//! drawing the DOCX's picture is compiled from (`chart.rs`). Every text goes through
//! [`escape::string`]; what is computed here is geometry only (a bar's height, a slice's
//! outline), from the data's values.

use std::fmt::Write;

use super::escape::string;
use super::table::spacing;
use crate::doc::{Chart, ChartKind, Colour};
use crate::layout::{Layout, Pt, Role};

/// A chart: the drawing, its caption under it, in a block of whole grid lines (less one
/// paragraph spacing), so that the body after it stays on the grid.
pub(super) fn chart(s: &mut String, c: &Chart, layout: &Layout) {
    let gap = spacing(layout);
    let pitch = layout.line_pitch().0;
    let table_size = layout.font(Role::Table).size.pt().0;
    let caption = c.caption.as_ref().map_or(0.0, |_| {
        0.6 * table_size + layout.font(Role::Caption).size.pt().0
    });
    let lines = ((c.height.0 + caption + gap.0) / pitch - 0.001).ceil();
    let height = Pt(lines * pitch - gap.0);
    let _ = writeln!(
        s,
        "#block(above: {gap}, below: {gap}, width: 100%, height: {height}, breakable: false, {{"
    );
    let _ = writeln!(
        s,
        "  set par(first-line-indent: 0pt, justify: false, leading: 0.3em, spacing: 0.3em)"
    );
    let _ = writeln!(s, "  set text(..table-args, tracking: 0pt)");
    let _ = writeln!(s, "  align(center, {})", drawing(c, layout));
    if let Some(cap) = &c.caption {
        let _ = writeln!(
            s,
            "  block(above: 0.6em, width: 100%, align(center, text(..caption-args)[#{}]))",
            string(&cap.text)
        );
    }
    let _ = writeln!(s, "}})\n");
}

/// A point as Typst writes it.
fn pt(v: f64) -> String {
    Pt(v).to_string()
}

/// The chart's drawing: a box of the chart's size with its shapes and labels placed in it.
/// The same code draws the PDF's chart and the DOCX's picture.
pub fn drawing(c: &Chart, layout: &Layout) -> String {
    let (w, h) = (c.width.0, c.height.0);
    let size = layout.font(Role::Table).size.pt().0;
    let color = |i: usize| match &c.colors[i % c.colors.len().max(1)] {
        Colour::Rgb(hex) => format!("rgb({})", string(hex)),
        Colour::Grey(percent) => format!("luma({percent}%)"),
    };
    let mut items: Vec<String> = Vec::new();
    let mut place = |dx: f64, dy: f64, body: String| {
        items.push(format!(
            "place(top + left, dx: {}, dy: {}, {body})",
            pt(dx),
            pt(dy)
        ))
    };
    match c.kind {
        ChartKind::Bar => {
            let n = c.data.len().max(1) as f64;
            let (left, right) = (w * 0.04, w * 0.04);
            let top = size * 2.0;
            let base = h - size * 3.2;
            let plot_w = w - left - right;
            let plot_h = (base - top).max(1.0);
            let slot = plot_w / n;
            let bar = (slot * 0.55).min(30.0 * 72.0 / 25.4);
            let max = c.data.iter().map(|d| d.value).fold(0.0_f64, f64::max);
            for (i, d) in c.data.iter().enumerate() {
                let x = left + slot * i as f64;
                let bh = if max > 0.0 {
                    d.value / max * plot_h
                } else {
                    0.0
                };
                place(
                    x + (slot - bar) / 2.0,
                    base - bh,
                    format!(
                        "rect(width: {}, height: {}, fill: {}, stroke: none)",
                        pt(bar),
                        pt(bh),
                        color(i)
                    ),
                );
                place(
                    x,
                    base - bh - size * 1.4,
                    format!(
                        "box(width: {}, align(center)[#{}])",
                        pt(slot),
                        string(&d.text)
                    ),
                );
                place(
                    x,
                    base + size * 0.5,
                    format!(
                        "box(width: {}, align(center)[#{}])",
                        pt(slot),
                        string(&d.label)
                    ),
                );
            }
            place(
                left,
                base,
                format!("line(length: {}, stroke: 0.6pt)", pt(plot_w)),
            );
        }
        ChartKind::Pie => {
            let r = (h * 0.42).min(w * 0.25);
            let (cx, cy) = (w * 0.08 + r, h / 2.0);
            let total: f64 = c.data.iter().map(|d| d.value).sum();
            let mut angle = -std::f64::consts::FRAC_PI_2;
            for (i, d) in c.data.iter().enumerate() {
                let sweep = if total > 0.0 {
                    d.value / total * std::f64::consts::TAU
                } else {
                    0.0
                };
                if sweep > 0.0 {
                    place(
                        0.0,
                        0.0,
                        format!(
                            "curve(fill: {}, stroke: white + 0.8pt, {})",
                            color(i),
                            wedge(cx, cy, r, angle, sweep)
                        ),
                    );
                }
                angle += sweep;
            }
            let line = size * 1.9;
            let x0 = cx + r + w * 0.08;
            let y0 = cy - line * c.data.len() as f64 / 2.0;
            for (i, d) in c.data.iter().enumerate() {
                let y = y0 + line * i as f64;
                place(
                    x0,
                    y + size * 0.1,
                    format!(
                        "box(width: {}, height: {}, fill: {})",
                        pt(size * 0.8),
                        pt(size * 0.8),
                        color(i)
                    ),
                );
                let share = d
                    .share
                    .as_deref()
                    .map(|s| format!("#h(0.5em)#{}", string(s)))
                    .unwrap_or_default();
                place(
                    x0 + size * 1.3,
                    y,
                    format!(
                        "[#{}#h(0.5em)#{}{share}]",
                        string(&d.label),
                        string(&d.text)
                    ),
                );
            }
        }
    }
    format!(
        "box(width: {}, height: {}, {{\n    {}\n  }})",
        pt(w),
        pt(h),
        items.join("\n    ")
    )
}

/// A pie slice from `start` through `sweep` radians (clockwise on the page), as a `curve`: the
/// centre, the arc in cubic pieces of at most a quarter turn, back to the centre.
fn wedge(cx: f64, cy: f64, r: f64, start: f64, sweep: f64) -> String {
    let at = |a: f64| (cx + r * a.cos(), cy + r * a.sin());
    let p = |(x, y): (f64, f64)| format!("({}, {})", pt(x), pt(y));
    let mut parts = vec![
        format!("curve.move({})", p((cx, cy))),
        format!("curve.line({})", p(at(start))),
    ];
    let pieces = (sweep / std::f64::consts::FRAC_PI_2).ceil().max(1.0) as usize;
    let step = sweep / pieces as f64;
    let k = 4.0 / 3.0 * (step / 4.0).tan() * r;
    for i in 0..pieces {
        let (a0, a1) = (start + step * i as f64, start + step * (i + 1) as f64);
        let (x0, y0) = at(a0);
        let (x1, y1) = at(a1);
        let c1 = (x0 - k * a0.sin(), y0 + k * a0.cos());
        let c2 = (x1 + k * a1.sin(), y1 - k * a1.cos());
        parts.push(format!(
            "curve.cubic({}, {}, {})",
            p(c1),
            p(c2),
            p((x1, y1))
        ));
    }
    // Straight back to the centre: Typst's default close is smooth, which bends this edge.
    parts.push("curve.close(mode: \"straight\")".into());
    parts.join(", ")
}
