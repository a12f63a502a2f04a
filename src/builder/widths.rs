//! Column widths that fit what the cells hold: a number column as narrow as its numbers (its
//! header's words wrapped without a one-character last line), a column of group labels wide
//! enough for each label on one line or on two broken after its number; the rest of the type
//! width goes to the text columns by their relative widths.

use crate::doc::{Align, Row};
use crate::layout::{Layout, Pt, Role};

/// A group label (a cell spanning rows) up to this many characters stays on one line.
const LABEL_ONE_LINE: f64 = 8.0;
/// A header word in a number column wraps in lines of at least this many characters.
const HEADER_MIN: usize = 2;

/// The table's font size and a cell's padding left and right together (a point to spare).
fn metrics(layout: &Layout) -> (f64, f64) {
    let size = layout.font(Role::Table).size.pt().0;
    (size, 2.0 * layout.table.pad_x.to_pt().0 + 1.0)
}

use crate::punct::cells as em;

fn is_number(text: &str) -> bool {
    let t = text.trim().trim_start_matches('-');
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// The narrowest line (in characters) at which every header text wraps without a last line
/// of one character.
fn header_chars(texts: &[&str]) -> usize {
    let longest = texts.iter().map(|t| t.chars().count()).max().unwrap_or(0);
    (HEADER_MIN..=longest.max(HEADER_MIN))
        .find(|&w| {
            texts.iter().all(|t| {
                let n = t.chars().count();
                n <= w || n % w != 1
            })
        })
        .unwrap_or(longest)
}

/// The widths of a table's grid columns: `relative` widths as the report or form gives them,
/// fitted to the cells of `header` and `body` as the module says. Falls back to the relative
/// widths when the fitted minimums do not leave the text columns room.
pub fn fit(relative: &[f64], header: &[Row], body: &[Row], layout: &Layout) -> Vec<Pt> {
    let width = layout.page.type_width.to_pt().0;
    let total: f64 = relative.iter().sum();
    let plain: Vec<Pt> = relative.iter().map(|w| Pt(width * w / total)).collect();
    let (size, pad) = metrics(layout);
    let n = relative.len();
    // Per column: its single-column body cells, header cells and group labels.
    let mut numbers: Vec<Option<f64>> = vec![None; n];
    let mut texts = vec![false; n];
    let mut labels = vec![0.0_f64; n];
    // Cells spanning rows: (first row, rows, column).
    let spans = crate::doc::row_spans(body);
    for (r, c) in body
        .iter()
        .enumerate()
        .flat_map(|(r, row)| row.cells.iter().map(move |c| (r, c)))
    {
        if c.merged || c.cols != 1 || c.col >= n || c.text.trim().is_empty() {
            continue;
        }
        if c.rows > 1 {
            // A group inside a group ((三)不予公开 under 三、本年度办理结果) is labelled on one
            // line, or on two broken after its number ((三) / 不予公开), never inside a word;
            // the outermost label may stand in a narrow column, a few characters a line.
            if crate::doc::nested(&spans, r, c.col, c.rows) {
                let widest = match after_number(&c.text) {
                    Some((head, rest)) if em(rest) <= LABEL_ONE_LINE => em(head).max(em(rest)),
                    _ => em(&c.text).min(LABEL_ONE_LINE),
                };
                labels[c.col] = labels[c.col].max(widest * size + pad);
            } else {
                // The outermost label, a few characters a line, never breaks inside its number
                // (三、 whole, with half an em to spare for a word processor's margins).
                let head = after_number(&c.text).map_or(1.0, |(head, _)| em(head));
                labels[c.col] = labels[c.col].max((head + 0.5) * size + pad);
            }
        } else if c.align == Align::Right && is_number(&c.text) {
            // Half an em to spare: a word processor's cell margins and its Times are not ours.
            let w = (em(c.text.trim()) + 0.5) * size + pad;
            numbers[c.col] = Some(numbers[c.col].map_or(w, |m: f64| m.max(w)));
        } else if !matches!(c.text.trim(), "—" | "/" | "／" | "-") {
            texts[c.col] = true;
        }
    }
    let mut heads: Vec<Vec<&str>> = vec![Vec::new(); n];
    for c in header.iter().flat_map(|r| &r.cells) {
        if !c.merged && c.cols == 1 && c.col < n {
            heads[c.col].push(c.text.trim());
        }
    }
    // Number columns: fixed at what they need. Text columns: at least their labels.
    let mut fixed: Vec<Option<f64>> = vec![None; n];
    for i in 0..n {
        if let (Some(w), false) = (numbers[i], texts[i] || labels[i] > 0.0) {
            let head = header_chars(&heads[i]) as f64 * size + pad;
            fixed[i] = Some(w.max(head));
        }
    }
    if fixed.iter().all(Option::is_none) {
        return plain;
    }
    let rest = width - fixed.iter().flatten().sum::<f64>();
    let free: f64 = (0..n)
        .filter(|&i| fixed[i].is_none())
        .map(|i| relative[i])
        .sum();
    if free <= 0.0 {
        return plain;
    }
    let mut out: Vec<f64> = (0..n)
        .map(|i| fixed[i].unwrap_or(rest * relative[i] / free))
        .collect();
    // Text columns too narrow for their labels take it from the widest text columns.
    for i in 0..n {
        let short = labels[i] - out[i];
        if fixed[i].is_some() || short <= 0.0 {
            continue;
        }
        let donors: Vec<usize> = (0..n)
            .filter(|&j| j != i && fixed[j].is_none() && out[j] > labels[j])
            .collect();
        let spare: f64 = donors
            .iter()
            .map(|&j| out[j] - labels[j].max(2.0 * size))
            .sum();
        if spare < short {
            return plain;
        }
        for &j in &donors {
            out[j] -= short * (out[j] - labels[j].max(2.0 * size)) / spare;
        }
        out[i] = labels[i];
    }
    if out.iter().any(|w| *w <= 0.0) {
        return plain;
    }
    out.into_iter().map(Pt).collect()
}

/// Stands each header word a column is too narrow to hold two characters of one character a
/// line (结 / 果 / 维 / 持): left to Typst, its rule against a one-character last line would
/// rather overfill the cell (结 / 果 / 维持).
pub fn break_headers(header: &mut [Row], widths: &[Pt], layout: &Layout) {
    let (size, pad) = metrics(layout);
    for c in header.iter_mut().flat_map(|r| &mut r.cells) {
        let Some(width) = widths.get(c.col) else {
            continue;
        };
        let narrow = (width.0 - pad) < 2.0 * size;
        let words = c.text.chars().count() > 1 && c.text.chars().all(|ch| !ch.is_ascii());
        if c.merged || c.cols != 1 || !narrow || !words || !c.breaks.is_empty() {
            continue;
        }
        c.breaks = c.text.char_indices().skip(1).map(|(i, _)| i).collect();
    }
}

/// A label split after the number it opens with: `（三）不予公开` → (`（三）`, `不予公开`).
fn after_number(text: &str) -> Option<(&str, &str)> {
    let n = crate::numbering::typed_number(text)?;
    let (head, rest) = text.split_at(n.len);
    (!rest.trim().is_empty()).then_some((head, rest.trim_start()))
}

/// Breaks the group labels their columns are too narrow to hold on one line, so that their
/// words stay whole: a label inside a group after its number (（三） / 不予公开); an outermost
/// label after its number and then a character a line, as the national form stands it
/// (三、 / 本 / 年 / …). The builder decides these lines, as it decides every other.
pub fn break_labels(body: &mut [Row], widths: &[Pt], layout: &Layout) {
    let (size, pad) = metrics(layout);
    let spans = crate::doc::row_spans(body);
    for (r, row) in body.iter_mut().enumerate() {
        for c in &mut row.cells {
            let Some(width) = widths.get(c.col) else {
                continue;
            };
            if c.merged || c.cols != 1 || c.rows < 2 || em(&c.text) * size + pad <= width.0 + 0.01 {
                continue;
            }
            let Some((head, rest)) = after_number(&c.text) else {
                continue;
            };
            let at = c.text.len() - rest.len();
            debug_assert_eq!(&c.text[..head.len()], head);
            c.breaks = if crate::doc::nested(&spans, r, c.col, c.rows) {
                vec![at]
            } else if rest.chars().all(|ch| !ch.is_ascii()) {
                rest.char_indices().map(|(i, _)| at + i).collect()
            } else {
                continue;
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_words_never_end_in_one_character() {
        assert_eq!(header_chars(&["自然人"]), 3);
        assert_eq!(header_chars(&["商业企业"]), 2);
        assert_eq!(header_chars(&["社会公益组织", "法律服务机构"]), 2);
        assert_eq!(header_chars(&["总计"]), 2);
    }

    #[test]
    fn a_label_breaks_after_its_number_only() {
        assert_eq!(after_number("（三）不予公开"), Some(("（三）", "不予公开")));
        assert_eq!(
            after_number("三、本年度办理结果"),
            Some(("三、", "本年度办理结果"))
        );
        assert_eq!(after_number("其他"), None);
        assert_eq!(after_number("（七）"), None);
    }
}
