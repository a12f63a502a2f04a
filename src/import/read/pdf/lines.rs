//! A PDF's glyphs made into lines and paragraphs by their geometry alone: a line is the glyphs
//! on one baseline; a paragraph starts where a line is indented, centred, pushed right, set in
//! another size, after a short line or a wide gap; page headers, footers and numbers (in the
//! margins, or the same on every page) are left out; ruled tables come in their place.

use super::grid::{self, Grid};
use super::{Char, Page, Tables};
use crate::diag::{Diagnostic, Severity};
use crate::import::recognise::{self, Look, Para, Place};
use crate::import::{OutlineCell, OutlineTable};

/// One line of text.
#[derive(Debug, Clone)]
struct Line {
    page: usize,
    y: f64,
    x0: f64,
    x1: f64,
    size: f64,
    text: String,
}

/// A line or a table, in reading order.
enum Item {
    Line(Line),
    Table(Grid),
}

/// Whether `c` is as wide as a Chinese character.
fn wide(c: &str) -> bool {
    c.chars().next().is_some_and(|c| !c.is_ascii())
}

/// A glyph's advance, estimated: a Chinese character is as wide as its size, a Latin one half.
fn advance(c: &Char) -> f64 {
    if wide(&c.text) { c.size } else { c.size * 0.5 }
}

/// The glyphs of one line, left to right, as text: a space where a gap is wider than a space.
pub(crate) fn join(chars: &[&Char]) -> String {
    let mut s = String::new();
    let mut end: Option<f64> = None;
    for c in chars {
        if let Some(e) = end {
            let gap = c.x - e;
            // between Chinese characters, or Chinese and Latin (which word processors space
            // a quarter em apart by themselves), only a wide gap is a space
            let latin = !wide(&c.text) && s.chars().last().is_some_and(|p| p.is_ascii());
            let limit = if latin { c.size * 0.2 } else { c.size * 1.2 };
            if gap > limit && !s.ends_with(' ') && c.text != " " {
                s.push(' ');
            }
        }
        s.push_str(&c.text);
        end = Some(c.x + advance(c));
    }
    s
}

/// The lines of `chars` (not in a table), top to bottom.
fn lines(page: usize, chars: &[&Char]) -> Vec<Line> {
    let mut sorted: Vec<&Char> = chars.to_vec();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut groups: Vec<Vec<&Char>> = Vec::new();
    for c in sorted {
        match groups.last_mut() {
            Some(g) if (g[0].y - c.y).abs() < g[0].size.max(c.size) * 0.4 => g.push(c),
            _ => groups.push(vec![c]),
        }
    }
    groups
        .into_iter()
        .filter_map(|mut g| {
            g.sort_by(|a, b| a.x.total_cmp(&b.x));
            let text = join(&g).trim().to_string();
            if text.is_empty() {
                return None;
            }
            let mut sizes: Vec<f64> = g.iter().map(|c| c.size).collect();
            sizes.sort_by(f64::total_cmp);
            let first = g.iter().find(|c| c.text != " ")?;
            let last = g.iter().rev().find(|c| c.text != " ")?;
            Some(Line {
                page,
                y: g[0].y,
                x0: first.x,
                x1: last.x + advance(last),
                size: sizes[sizes.len() / 2],
                text,
            })
        })
        .collect()
}

/// A page number or running head: `- 3 -`, `— 3 —`, `3`, `第3页`, `第 3 页 共 9 页`, `3/9`.
fn page_number(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let bare = t.trim_matches(|c: char| "-—–·".contains(c));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    digits(bare)
        || bare.split('/').all(digits)
        || (bare.starts_with('第')
            && bare.contains('页')
            && bare
                .chars()
                .all(|c| c.is_ascii_digit() || "第页共,，".contains(c)))
}

/// Paragraphs and tables of `pages`, in reading order, and what was left out.
pub(crate) fn paragraphs(name: &str, pages: &[Page]) -> (Vec<Para>, Tables, Vec<Diagnostic>) {
    let mut items: Vec<Item> = Vec::new();
    let mut chrome: Vec<String> = Vec::new();
    let mut per_page: Vec<Vec<Item>> = Vec::new();
    for (no, page) in pages.iter().enumerate() {
        let grids = grid::grids(&page.rules, &page.chars);
        let free: Vec<&Char> = page
            .chars
            .iter()
            .filter(|c| !grids.iter().any(|g| g.holds(c)))
            .collect();
        let mut these: Vec<Item> = lines(no, &free).into_iter().map(Item::Line).collect();
        these.extend(grids.into_iter().map(Item::Table));
        these.sort_by(|a, b| top(a).total_cmp(&top(b)));
        per_page.push(these);
    }
    // running heads: the same words (digits aside) in a margin of two pages or more
    let key = |t: &str| -> String {
        t.chars()
            .filter(|c| !c.is_ascii_digit() && !c.is_whitespace())
            .collect()
    };
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for (no, these) in per_page.iter().enumerate() {
        let h = pages[no].height;
        for it in these {
            if let Item::Line(l) = it
                && (l.y < h * 0.09 || l.y > h * 0.90)
            {
                *seen.entry(key(&l.text)).or_default() += 1;
            }
        }
    }
    for (no, these) in per_page.into_iter().enumerate() {
        let h = pages[no].height;
        for it in these {
            if let Item::Line(l) = &it {
                let margin = l.y < h * 0.09 || l.y > h * 0.90;
                let repeated = pages.len() > 1 && seen.get(&key(&l.text)).is_some_and(|n| *n > 1);
                if margin && (page_number(&l.text) || repeated) {
                    if !page_number(&l.text) && !chrome.contains(&l.text) {
                        chrome.push(l.text.clone());
                    }
                    continue;
                }
            }
            // a table going on over a page break is one table
            if let (Item::Table(g), Some(Item::Table(prev))) = (&it, items.last_mut())
                && g.xs.len() == prev.xs.len()
                && g.xs.iter().zip(&prev.xs).all(|(a, b)| (a - b).abs() < 2.0)
            {
                go_on(&mut prev.rows, &g.rows);
                continue;
            }
            items.push(it);
        }
    }
    let mut warnings = Vec::new();
    if !chrome.is_empty() {
        warnings.push(Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::warning(format!(
                "the page headers or footers of {name} are left out: “{}”",
                chrome.join("”, “")
            ))
            .hint("the layout prints a report's page numbers; nothing else belongs in its margins")
        });
    }
    let width = pages.iter().map(|p| p.width).fold(0.0, f64::max);
    let (paras, tables) = build(&items, width);
    (paras, tables, warnings)
}

/// `next`'s rows after `rows`: a row the page break cut in two (its first part's cells filled
/// where the second's are empty) made one again, the cells running on lengthened.
fn go_on(rows: &mut Vec<Vec<OutlineCell>>, next: &[Vec<OutlineCell>]) {
    let Some(first) = next.first() else { return };
    let last = rows.len().saturating_sub(1);
    let covering = |rows: &[Vec<OutlineCell>], col: usize| -> Option<(usize, usize)> {
        (0..rows.len()).rev().find_map(|r| {
            rows[r]
                .iter()
                .position(|c| c.col == col && r + c.rows > last)
                .map(|i| (r, i))
        })
    };
    let cut = first.iter().any(|c| {
        c.text.is_empty()
            && covering(rows, c.col).is_some_and(|(r, i)| r == last && !rows[r][i].text.is_empty())
    });
    if !cut || rows.is_empty() {
        rows.extend(next.iter().cloned());
        return;
    }
    for c in first {
        match covering(rows, c.col) {
            Some((r, i)) => {
                let cell = &mut rows[r][i];
                cell.text.push_str(&c.text);
                cell.rows += c.rows - 1;
            }
            None => {
                rows[last].push(c.clone());
                rows[last].sort_by_key(|c| c.col);
            }
        }
    }
    rows.extend(next[1..].iter().cloned());
}

fn top(it: &Item) -> f64 {
    match it {
        Item::Line(l) => l.y - l.size,
        Item::Table(g) => g.bounds.1,
    }
}

/// The most common of `v` to a tenth of a point.
fn mode(v: impl Iterator<Item = f64>) -> Option<f64> {
    let mut counts: std::collections::BTreeMap<i64, usize> = Default::default();
    for x in v {
        *counts.entry((x * 10.0).round() as i64).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(k, n)| (*n, -k))
        .map(|(k, _)| k as f64 / 10.0)
}

fn build(items: &[Item], width: f64) -> (Vec<Para>, Tables) {
    let lines: Vec<&Line> = items
        .iter()
        .filter_map(|i| match i {
            Item::Line(l) => Some(l),
            _ => None,
        })
        .collect();
    let body = mode(lines.iter().map(|l| l.size)).unwrap_or(16.0);
    let left = lines
        .iter()
        .filter(|l| (l.size - body).abs() < 0.5)
        .map(|l| l.x0)
        .fold(f64::INFINITY, f64::min);
    // the text's right edge: the widest line or table; where none is full (short paragraphs),
    // the page's margins are taken as equal
    let right = items
        .iter()
        .map(|i| match i {
            Item::Line(l) => l.x1,
            Item::Table(g) => g.bounds.2,
        })
        .fold(f64::NEG_INFINITY, f64::max)
        .max(width - left - body);
    let pitch = mode(lines.windows(2).filter_map(|w| {
        (w[0].page == w[1].page && (w[0].size - w[1].size).abs() < 0.5)
            .then(|| w[1].y - w[0].y)
            .filter(|d| *d > 0.0)
    }))
    .unwrap_or(body * 1.8);
    let centred = |l: &Line| {
        let (a, b) = (l.x0 - left, right - l.x1);
        a > l.size * 1.5 && b > l.size * 1.5 && (a - b).abs() < l.size * 1.5
    };
    let pushed_right = |l: &Line| l.x0 - left > l.size * 4.0 && (right - l.x1) < l.size * 1.5;
    let indented = |l: &Line| l.x0 - left > l.size * 0.8;
    let full = |l: &Line| right - l.x1 < l.size * 1.5;

    let (mut paras, mut tables): (Vec<Para>, Tables) = (Vec::new(), Vec::new());
    let mut open: Option<(Vec<&Line>, Look)> = None;
    let flush = |open: &mut Option<(Vec<&Line>, Look)>, paras: &mut Vec<Para>| {
        if let Some((ls, look)) = open.take() {
            let mut text = String::new();
            for l in ls {
                let ascii = text
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
                    && l.text
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric());
                if ascii {
                    text.push(' ');
                }
                text.push_str(&l.text);
            }
            let no = paras.len() + 1;
            paras.push(Para {
                look,
                ..Para::body(Place::Paragraph(no), text)
            });
        }
    };
    let mut prev: Option<&Line> = None;
    for it in items {
        let l = match it {
            Item::Table(g) => {
                flush(&mut open, &mut paras);
                prev = None;
                let name = format!("table{}", tables.len() + 1);
                let no = paras.len() + 1;
                paras.push(Para {
                    table: Some(tables.len()),
                    ..Para::body(Place::Paragraph(no), format!("{{table:{name}}}"))
                });
                tables.push(table(name, g));
                continue;
            }
            Item::Line(l) => l,
        };
        let look = Look {
            centred: centred(l),
            set_off: pushed_right(l),
            large: l.size > body * 1.15,
            title_font: l.size > body * 1.25 && centred(l),
            ..Look::default()
        };
        // a long centred title wraps: a full-width centred line goes on in the next
        let wrapped_title = prev.is_some_and(|p| {
            (centred(p) || (p.x0 - left < p.size * 1.5 && full(p)))
                && p.size > body * 1.15
                && centred(l)
                && (p.size - l.size).abs() < 0.5
                && p.page == l.page
                && l.y - p.y < p.size * 2.0
                && (p.x1 - p.x0) > (right - left) * 0.8
        });
        let goes_on = wrapped_title
            || prev.is_some_and(|p| {
                let same_size = (p.size - l.size).abs() < 0.5;
                let near = if p.page == l.page {
                    l.y - p.y < pitch * 1.4
                } else {
                    l.page == p.page + 1
                };
                same_size
                    && near
                    && full(p)
                    && !indented(l)
                    && !centred(p)
                    && !centred(l)
                    && !pushed_right(l)
            });
        if goes_on {
            if let Some((ls, _)) = open.as_mut() {
                ls.push(l);
            }
        } else {
            flush(&mut open, &mut paras);
            open = Some((vec![l], look));
        }
        prev = Some(l);
    }
    flush(&mut open, &mut paras);
    (paras, tables)
}

/// A grid as a table: header rows the first and those its cells span into.
fn table(name: String, g: &Grid) -> OutlineTable {
    let mut rows: Vec<Vec<OutlineCell>> = g.rows.clone();
    let header = rows
        .first()
        .map_or(0, |r| r.iter().map(|c| c.rows).max().unwrap_or(1))
        .min(rows.len());
    let body = rows.split_off(header);
    let form = recognise::form_like(rows.iter().chain(&body).flatten().map(|c| c.text.as_str()));
    let widths = g.xs.windows(2).map(|w| w[1] - w[0]).collect();
    OutlineTable {
        name,
        caption: None,
        widths,
        header: rows,
        rows: body,
        notes: Vec::new(),
        form,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn page_numbers_are_told() {
        for t in ["- 3 -", "— 12 —", "3", "第3页", "第 3 页 共 9 页", "3/9"] {
            assert!(super::page_number(t), "{t}");
        }
        for t in ["2024年", "一、概述", "3月"] {
            assert!(!super::page_number(t), "{t}");
        }
    }
}
