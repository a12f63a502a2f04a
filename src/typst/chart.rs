//! A chart as a picture for the DOCX: the same Typst drawing as in the PDF, compiled alone on a
//! page of the chart's size, exported as SVG by typst-svg (glyphs as outlines) and rasterised
//! by resvg at the layout's resolution. Same data, same labels, same fonts as the PDF.

use std::path::Path;

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg;
use typst_layout::PagedDocument;

use super::drawing::drawing;
use super::fonts::{FontPlan, Fonts};
use super::table::defs;
use super::world::GongwenWorld;
use crate::diag::Diagnostic;
use crate::doc::{Block, Chart, Document, Picture};
use crate::layout::Layout;

/// The Typst source of one chart alone on a page of its size.
fn source(chart: &Chart, layout: &Layout, plan: &FontPlan) -> String {
    let mut s = String::new();
    defs(&mut s, layout, plan);
    s.push_str(&format!(
        "#set page(width: {}, height: {}, margin: 0pt, fill: white)\n#set text(..table-args, tracking: 0pt, lang: \"zh\", region: \"CN\")\n\
         #set par(first-line-indent: 0pt, justify: false, leading: 0.3em)\n#{}\n",
        chart.width,
        chart.height,
        drawing(chart, layout)
    ));
    s
}

fn failed(what: impl std::fmt::Display) -> Vec<Diagnostic> {
    vec![
        Diagnostic::error(format!(
            "cannot draw a chart's picture for the DOCX: {what}"
        ))
        .hint("this is a bug in gongwen's chart drawing; the PDF is not affected (build --pdf)"),
    ]
}

/// The picture of `chart` at the layout's resolution.
pub fn picture(
    chart: &Chart,
    layout: &Layout,
    plan: &FontPlan,
    fonts: &Fonts,
) -> Result<Picture, Vec<Diagnostic>> {
    let world = GongwenWorld::new(source(chart, layout, plan), Path::new("."), fonts, None);
    let doc = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|e| {
            failed(
                e.iter()
                    .map(|d| d.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
    let page = doc.pages().first().ok_or_else(|| failed("no page"))?;
    let svg = typst_svg::svg(page, &typst_svg::SvgOptions::default());
    let tree = usvg::Tree::from_str(&svg, &usvg::Options::default()).map_err(failed)?;
    let dpi = f64::from(layout.chart.dpi);
    let width = (chart.width.0 / 72.0 * dpi).round().max(1.0) as u32;
    let height = (chart.height.0 / 72.0 * dpi).round().max(1.0) as u32;
    if u64::from(width) * u64::from(height) > crate::layout::MAX_CHART_PIXELS {
        return Err(failed("the picture is too large"));
    }
    let mut pixmap =
        Pixmap::new(width, height).ok_or_else(|| failed("the picture is too large"))?;
    pixmap.fill(Color::WHITE);
    let (sx, sy) = (
        width as f32 / tree.size().width(),
        height as f32 / tree.size().height(),
    );
    resvg::render(&tree, Transform::from_scale(sx, sy), &mut pixmap.as_mut());
    let png = pixmap.encode_png().map_err(failed)?;
    Ok(Picture { png, width, height })
}

/// Draws every chart of `doc` as a picture and attaches it (`Chart::picture`), for the DOCX.
pub fn draw_pictures(
    doc: &mut Document,
    layout: &Layout,
    plan: &FontPlan,
    fonts: &Fonts,
) -> Result<(), Vec<Diagnostic>> {
    for b in &mut doc.blocks {
        if let Block::Chart(c) = b
            && c.picture.is_none()
        {
            c.picture = Some(picture(c, layout, plan, fonts)?);
        }
    }
    Ok(())
}
