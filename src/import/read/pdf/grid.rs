//! Ruled tables read from a PDF page's drawn rules: the rules that touch make a table, their
//! distinct positions its grid, a missing rule between two grid cells a merged cell, and the
//! glyphs inside a cell its text.

use super::{Char, Rule};
use crate::import::OutlineCell;

/// How far apart two positions may be and still be one (points).
const EPS: f64 = 1.5;

/// A ruled table found on a page.
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    /// Its box: left, top, right, bottom.
    pub bounds: (f64, f64, f64, f64),
    /// The column lines' x, left to right.
    pub xs: Vec<f64>,
    /// Rows: the cells that start in each, text filled from the glyphs.
    pub rows: Vec<Vec<OutlineCell>>,
}

impl Grid {
    /// Whether `c`'s middle is inside it.
    pub fn holds(&self, c: &Char) -> bool {
        let (l, t, r, b) = self.bounds;
        let (x, y) = (c.x + c.size / 2.0, c.y - c.size / 3.0);
        x > l && x < r && y > t && y < b
    }
}

/// The tables the `rules` of a page draw, top to bottom, their cells filled from `chars`.
pub(crate) fn grids(rules: &[Rule], chars: &[Char]) -> Vec<Grid> {
    // rules that touch each other are one table
    let n = rules.len();
    let mut group: Vec<usize> = (0..n).collect();
    fn root(g: &mut [usize], mut i: usize) -> usize {
        while g[i] != i {
            g[i] = g[g[i]];
            i = g[i];
        }
        i
    }
    for i in 0..n {
        for j in i + 1..n {
            if touch(&rules[i], &rules[j]) {
                let (a, b) = (root(&mut group, i), root(&mut group, j));
                group[a] = b;
            }
        }
    }
    let mut sets: std::collections::BTreeMap<usize, Vec<Rule>> = Default::default();
    for (i, rule) in rules.iter().enumerate() {
        let r = root(&mut group, i);
        sets.entry(r).or_default().push(*rule);
    }
    let mut out: Vec<Grid> = sets
        .into_values()
        .filter_map(|set| grid(&set, chars))
        .collect();
    out.sort_by(|a, b| a.bounds.1.total_cmp(&b.bounds.1));
    out
}

fn touch(a: &Rule, b: &Rule) -> bool {
    if a.horizontal == b.horizontal {
        // the same line drawn in pieces
        (a.at - b.at).abs() < EPS && a.a <= b.b + EPS && b.a <= a.b + EPS
    } else {
        let (h, v) = if a.horizontal { (a, b) } else { (b, a) };
        v.at >= h.a - EPS && v.at <= h.b + EPS && h.at >= v.a - EPS && h.at <= v.b + EPS
    }
}

/// Distinct positions, sorted.
fn positions(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for x in v {
        if out.last().is_none_or(|l| x - l > EPS) {
            out.push(x);
        }
    }
    out
}

/// Whether a rule of `rules` (horizontal or not) at `at` covers `a..b`.
fn covered(rules: &[Rule], horizontal: bool, at: f64, a: f64, b: f64) -> bool {
    let mid = (a + b) / 2.0;
    rules
        .iter()
        .any(|r| r.horizontal == horizontal && (r.at - at).abs() < EPS && r.a <= mid && r.b >= mid)
}

fn grid(rules: &[Rule], chars: &[Char]) -> Option<Grid> {
    let ys = positions(
        rules
            .iter()
            .filter(|r| r.horizontal)
            .map(|r| r.at)
            .collect(),
    );
    let xs = positions(
        rules
            .iter()
            .filter(|r| !r.horizontal)
            .map(|r| r.at)
            .collect(),
    );
    if ys.len() < 2 || xs.len() < 2 {
        return None; // a lone rule: a line under a title, a separator
    }
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    let mut taken = vec![vec![false; cols]; rows];
    let mut out: Vec<Vec<OutlineCell>> = vec![Vec::new(); rows];
    for r in 0..rows {
        for c in 0..cols {
            if taken[r][c] {
                continue;
            }
            // extend right while no rule separates, then down while none does across
            let mut c2 = c + 1;
            while c2 < cols && !covered(rules, false, xs[c2], ys[r], ys[r + 1]) {
                c2 += 1;
            }
            let mut r2 = r + 1;
            while r2 < rows && (c..c2).all(|k| !covered(rules, true, ys[r2], xs[k], xs[k + 1])) {
                r2 += 1;
            }
            for row in taken.iter_mut().take(r2).skip(r) {
                row[c..c2].iter_mut().for_each(|t| *t = true);
            }
            let (l, t, rr, b) = (xs[c], ys[r], xs[c2], ys[r2]);
            let inside: Vec<&Char> = chars
                .iter()
                .filter(|ch| {
                    let (x, y) = (ch.x + ch.size / 2.0, ch.y - ch.size / 3.0);
                    x > l && x < rr && y > t && y < b
                })
                .collect();
            out[r].push(OutlineCell {
                text: text(&inside),
                col: c,
                cols: c2 - c,
                rows: r2 - r,
                align: None,
            });
        }
    }
    Some(Grid {
        bounds: (xs[0], ys[0], xs[cols], ys[rows]),
        xs,
        rows: out,
    })
}

/// The words of a cell's glyphs: its lines top to bottom, each left to right, joined (a label
/// broken over lines is one label).
pub(crate) fn text(chars: &[&Char]) -> String {
    let mut sorted: Vec<&Char> = chars.to_vec();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut lines: Vec<Vec<&Char>> = Vec::new();
    for c in sorted {
        match lines.last_mut() {
            Some(l) if (l[0].y - c.y).abs() < c.size * 0.5 => l.push(c),
            _ => lines.push(vec![c]),
        }
    }
    let mut s = String::new();
    for mut l in lines {
        l.sort_by(|a, b| a.x.total_cmp(&b.x));
        let line = super::lines::join(&l);
        let ascii_join = s.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
            && line
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric());
        if ascii_join {
            s.push(' ');
        }
        s.push_str(&line);
    }
    s.trim().to_string()
}
