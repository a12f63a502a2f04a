//! The pie chart as a black-and-white print shows it: the DOCX's picture of the example's pie
//! (drawn by the same code as the PDF's) read back pixel by pixel in grey — touching slices at
//! least 20 L* apart, the last one's edge against the first straight.

use std::f64::consts::{FRAC_PI_2, TAU};

use gongwen::doc::{Block, ChartKind};
use gongwen::typst::FontPlan;

use crate::common::*;

/// CIE L* of a pixel's grey (sRGB luminance), as a black-and-white print renders it.
fn grey(p: resvg::tiny_skia::PremultipliedColorU8) -> f64 {
    let lin = |c: u8| {
        let c = c as f64 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let y = 0.2126 * lin(p.red()) + 0.7152 * lin(p.green()) + 0.0722 * lin(p.blue());
    116.0 * y.cbrt() - 16.0
}

#[test]
fn the_pie_prints_apart_in_grey_and_its_last_edge_is_straight() {
    let mut p = project(&root().join("data/example-tables.toml"));
    let plan = FontPlan::new(&p.layout, fonts()).unwrap();
    gongwen::typst::draw_pictures(&mut p.doc, &p.layout, &plan, fonts()).unwrap();
    let pie = p
        .doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Chart(c) if c.kind == ChartKind::Pie => Some(c),
            _ => None,
        })
        .expect("the example has a pie");
    let pic = pie.picture.as_ref().unwrap();
    let pix = resvg::tiny_skia::Pixmap::decode_png(&pic.png).unwrap();
    // The drawing's geometry (typst/drawing.rs), in pixels.
    let s = pic.width as f64 / pie.width.0;
    let (w, h) = (pie.width.0 * s, pie.height.0 * s);
    let r = (h * 0.42).min(w * 0.25);
    let (cx, cy) = (w * 0.08 + r, h / 2.0);
    let at = |angle: f64, radius: f64| {
        let (x, y) = (cx + radius * angle.cos(), cy + radius * angle.sin());
        grey(pix.pixel(x.round() as u32, y.round() as u32).unwrap())
    };
    let total: f64 = pie.data.iter().map(|d| d.value).sum();
    let mut start = -FRAC_PI_2;
    let mut l = Vec::new();
    for d in &pie.data {
        let sweep = d.value / total * TAU;
        l.push(at(start + sweep / 2.0, r * 0.6));
        start += sweep;
    }
    eprintln!("slices in grey (L*): {l:?}");
    assert!(l.len() >= 3);
    for k in 0..l.len() {
        let next = l[(k + 1) % l.len()];
        assert!(
            (l[k] - next).abs() >= 20.0,
            "slices {k} and its neighbour print alike: {l:?}"
        );
    }
    // Along the edge between the last slice and the first (straight up from the centre), the
    // last slice's grey just before it and the first's just after, from near the centre to
    // near the rim: a bent edge leaves one of them the wrong grey.
    let (first, last) = (l[0], l[l.len() - 1]);
    for f in [0.25, 0.4, 0.55, 0.7, 0.85, 0.95] {
        let off = 6.0 / (r * f);
        let (before, after) = (at(-FRAC_PI_2 - off, r * f), at(-FRAC_PI_2 + off, r * f));
        assert!(
            (before - last).abs() < 3.0,
            "at {f} of the radius the last slice is {before}, not {last}"
        );
        assert!(
            (after - first).abs() < 3.0,
            "at {f} of the radius the first slice is {after}, not {first}"
        );
    }
}
