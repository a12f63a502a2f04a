//! Charts: a report's `[chart.NAME]` over figures becomes a document [`Chart`] with every label,
//! value text and (for a pie) share decided here; the backends only draw.

use std::sync::Arc;

use super::cite::Citation;
use super::figures::Figures;
use super::number::{Dec, Num};
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Block, Caption, Chart, ChartKind, Colour, Datum, Document, Origin};
use crate::layout::Layout;
use crate::model::{self, ChartDef};

/// The most data a chart may show.
pub const MAX_DATA: usize = 50;

/// The document chart of `[chart.NAME]`, numbered `number` (图1) when it has a caption.
#[allow(clippy::too_many_arguments)]
pub fn build(
    file: &Arc<SourceFile>,
    key: &toml::Spanned<String>,
    def: &ChartDef,
    number: Option<String>,
    figures: &Figures,
    layout: &Layout,
    citations: &mut Vec<Citation>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Chart> {
    let name = key.get_ref().as_str();
    let origin = Origin(Some((file.clone(), key.span())));
    let data_origin = Origin(Some((file.clone(), def.data.span())));
    let at = |d: Diagnostic| d.at(file, def.data.span());
    let mut values: Vec<(String, Num, String)> = Vec::new();
    let mut ok = true;
    let caption_words = def.caption.as_ref().map(|c| c.get_ref().trim().to_string());
    let place = match (&number, &caption_words) {
        (Some(n), Some(w)) => format!("{n}（{w}）"),
        _ => format!("chart `{name}`"),
    };
    if def.data.get_ref().len() > MAX_DATA {
        problems.push(at(Diagnostic::error(format!(
            "chart `{name}` has {} data; a chart shows at most {MAX_DATA}",
            def.data.get_ref().len()
        ))
        .hint("group the smaller items, or show the figures as a table")));
        return None;
    }
    for (i, d) in def.data.get_ref().iter().enumerate() {
        let (num, printed, label) = match (&d.figure, d.value) {
            (Some(path), None) => match figures.get(path) {
                Some(f) => {
                    if let (Some(u), false) = (&f.unit, def.unit.is_empty())
                        && *u != def.unit
                    {
                        problems.push(at(Diagnostic::error(format!(
                            "unit mismatch: figure `{path}` is in {u}, chart `{name}` in {}",
                            def.unit
                        ))));
                        ok = false;
                    }
                    citations.push(Citation {
                        figure: f.path.clone(),
                        origin: data_origin.clone(),
                        place: place.clone(),
                    });
                    match (f.value, f.printed()) {
                        (Some(v), Some(p)) => (v, p, d.label.clone().or_else(|| f.label.clone())),
                        _ => {
                            ok = false;
                            continue;
                        }
                    }
                }
                None => {
                    let mut e = at(Diagnostic::error(format!(
                        "unknown figure `{path}` in chart `{name}`"
                    )));
                    if let Some(s) = figures.suggest(path) {
                        e = e.hint(format!("did you mean `{s}`?"));
                    }
                    problems.push(e);
                    ok = false;
                    continue;
                }
            },
            (None, Some(v)) => match Dec::parse(&format!("{v}"))
                .ok()
                .and_then(|d| Some((d.num().ok()?, d)))
            {
                Some((n, d)) => (n, d.format(false), None),
                None => {
                    problems.push(at(Diagnostic::error(format!(
                        "datum {} of chart `{name}` is not a plain number",
                        i + 1
                    ))));
                    ok = false;
                    continue;
                }
            },
            _ => {
                problems.push(at(Diagnostic::error(format!(
                    "datum {} of chart `{name}` needs either figure = \"…\" or value = …",
                    i + 1
                ))
                .hint("e.g. { label = \"网络申请\", figure = \"apply.online\" }")));
                ok = false;
                continue;
            }
        };
        let Some(label) = label.or_else(|| d.label.clone()) else {
            problems.push(at(Diagnostic::error(format!(
                "datum {} of chart `{name}` has no label",
                i + 1
            ))
            .hint("add label = \"…\", or give the figure a label in [figures]")));
            ok = false;
            continue;
        };
        if num < Num::ZERO {
            problems.push(at(Diagnostic::error(format!(
                "chart `{name}` cannot draw the negative value {printed}"
            ))));
            ok = false;
        }
        values.push((label, num, printed));
    }
    if values.is_empty() && ok {
        problems.push(at(Diagnostic::error(format!("chart `{name}` has no data"))));
        return None;
    }
    if !ok {
        return None;
    }
    let total = values
        .iter()
        .try_fold(Num::ZERO, |a, (_, v, _)| a.checked_add(*v))
        .ok()?;
    let kind = match def.kind {
        model::ChartKind::Bar => ChartKind::Bar,
        model::ChartKind::Pie => ChartKind::Pie,
    };
    if kind == ChartKind::Pie && total.is_zero() {
        problems.push(at(Diagnostic::error(format!(
            "the pie `{name}` has nothing to share out: its data add up to 0"
        ))));
        return None;
    }
    let data = values
        .into_iter()
        .map(|(label, num, printed)| Datum {
            share: (kind == ChartKind::Pie).then(|| {
                let s = num
                    .checked_div(total)
                    .ok()
                    .flatten()
                    .and_then(|q| q.checked_mul(Num::int(100)).ok());
                s.and_then(|s| s.round(def.decimals).ok())
                    .map(|d| format!("{d}%"))
                    .unwrap_or_default()
            }),
            text: format!("{printed}{}", def.unit),
            label,
            value: num.to_f64(),
        })
        .collect();
    let caption = match (caption_words, number, &def.caption) {
        (Some(words), Some(number), Some(c)) => Some(Caption {
            text: format!("{number}{}{words}", layout.captions.separator),
            number,
            origin: Origin(Some((file.clone(), c.span()))),
        }),
        _ => None,
    };
    Some(Chart {
        kind,
        caption,
        width: layout.chart.width.to_pt(),
        height: layout.chart.height.to_pt(),
        data,
        colors: colours(layout, layout.print.one_colour),
        origin,
        picture: None,
    })
}

/// The colours of every chart: the layout's, or, for a book printed in one colour (the layout's
/// `[print] one-colour`, or `--print`), each as the grey of its lightness (CIE L*), so that the
/// neighbours the layout keeps apart in lightness stay apart in grey.
pub fn colours(layout: &Layout, one_colour: bool) -> Vec<Colour> {
    layout
        .chart
        .colors
        .iter()
        .map(|c| match one_colour {
            true => Colour::Grey(lightness(c)),
            false => Colour::Rgb(c.clone()),
        })
        .collect()
}

/// Makes every chart of `doc` one-colour (`--print`): the same greys [`colours`] gives.
pub fn in_one_colour(doc: &mut Document, layout: &Layout) {
    for b in &mut doc.blocks {
        if let Block::Chart(c) = b {
            c.colors = colours(layout, true);
        }
    }
}

/// The CIE L* (0 to 100) of an sRGB `#rrggbb`, rounded; 0 for anything else (the layout
/// checked its colours).
fn lightness(hex: &str) -> u8 {
    let h = hex.trim_start_matches('#');
    let channel = |i: usize| {
        let v = u8::from_str_radix(h.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0) as f64 / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    let y = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
    let f = if y > 216.0 / 24389.0 {
        y.cbrt()
    } else {
        (24389.0 / 27.0 * y + 16.0) / 116.0
    };
    (116.0 * f - 16.0).round().clamp(0.0, 100.0) as u8
}

#[cfg(test)]
mod tests {
    use super::lightness;

    #[test]
    fn lightness_of_srgb() {
        assert_eq!(lightness("#000000"), 0);
        assert_eq!(lightness("#ffffff"), 100);
        assert_eq!(lightness("#777777"), 50);
        assert_eq!(lightness("#1f3864"), 24);
    }
}
