//! Every line of a paragraph but its last fills the type area (pushed in, else spread), and
//! the leftover half cell of a line with an odd count of half-width characters is shared
//! across the line, never given to one number group: measured on the reference report's PDF.

use std::collections::BTreeMap;

use crate::common::*;
use crate::pdf_read::{Glyph, glyphs};

const MM: f64 = 72.0 / 25.4;
const LEFT: f64 = 28.0 * MM;
const RIGHT: f64 = LEFT + 156.0 * MM;
const PITCH: f64 = 225.0 * MM / 22.0;
const BODY: f64 = 16.0;
const CELL: f64 = 156.0 * MM / 28.0;

fn wide(c: &str) -> bool {
    c.chars().all(|c| {
        matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x9FFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
            || "—…“”‘’".contains(c)
    })
}

/// Where a glyph of the body size ends on its line: a hanzi's or mark's cell is one character
/// pitch, a Times digit half an em.
fn end(g: &Glyph) -> f64 {
    g.x + if wide(&g.c) { CELL } else { BODY / 2.0 }
}

/// Where a glyph's ink ends, at most: a closing mark's stands in the left half of its cell
/// (pushed in, at a line's end, the mark takes only that half).
fn ink_end(g: &Glyph) -> f64 {
    if "，。、；：）》”’〕】」』〉".contains(g.c.as_str()) {
        g.x + CELL / 2.0
    } else {
        end(g) - (CELL - BODY).max(0.0)
    }
}

/// Body lines in reading order: (page, baseline) → glyphs left to right.
fn body_lines(g: &[Glyph]) -> Vec<((u32, f64), Vec<Glyph>)> {
    let mut out: BTreeMap<(u32, i64), Vec<Glyph>> = BTreeMap::new();
    for g in g
        .iter()
        .filter(|g| (g.size - BODY).abs() < 0.3 && !g.c.is_empty())
    {
        out.entry((g.page, (g.y * 10.0).round() as i64))
            .or_default()
            .push(g.clone());
    }
    out.into_iter()
        .map(|((p, y), mut l)| {
            l.sort_by(|a, b| a.x.total_cmp(&b.x));
            ((p, y as f64 / 10.0), l)
        })
        .collect()
}

#[test]
fn every_line_of_a_paragraph_but_its_last_fills_the_type_area() {
    let g = glyphs(&pdf(&project(&reference_toml())));
    let lines = body_lines(&g);
    let (mut short, mut continued) = (Vec::new(), 0);
    for (i, ((page, y), l)) in lines.iter().enumerate() {
        let last = l.iter().rev().find(|g| !g.c.trim().is_empty()).unwrap();
        let ink = ink_end(last);
        assert!(
            ink < RIGHT + 0.5,
            "page {page}: a line runs {:.1} pt past the edge",
            ink - RIGHT
        );
        let end = end(last);
        // The next line goes on the same paragraph: it starts at the left edge (no indent),
        // on the next grid line or at the top of the next page.
        let Some(((p2, y2), l2)) = lines.get(i + 1) else {
            continue;
        };
        let next_line = (*p2 == *page && (y2 - y - PITCH).abs() < 1.0) || *p2 == page + 1;
        if !next_line || (l2[0].x - LEFT).abs() > 2.0 {
            continue;
        }
        continued += 1;
        if end < RIGHT - 2.0 {
            let text: String = l.iter().map(|g| g.c.as_str()).collect();
            short.push(format!("page {page}: {:.1} pt short: {text}", RIGHT - end));
        }
    }
    assert!(continued > 200, "only {continued} continued lines found");
    assert!(
        short.is_empty(),
        "{} lines short:\n{}",
        short.len(),
        short.join("\n")
    );
}

#[test]
fn number_groups_have_no_loose_gap_beside_them() {
    let g = glyphs(&pdf(&project(&reference_toml())));
    let (mut groups, mut loose, mut worst) = (0, 0, 0.0f64);
    for (_, l) in body_lines(&g) {
        let digit = |k: usize| l[k].c.chars().all(|c| c.is_ascii_digit());
        let mut k = 0;
        while k < l.len() {
            if !digit(k) {
                k += 1;
                continue;
            }
            let mut j = k;
            while j + 1 < l.len() && digit(j + 1) {
                j += 1;
            }
            groups += 1;
            // Gaps to a hanzi or mark beside the group (a Latin neighbour is its own word, and
            // a space the text has before or after it is the text's).
            let before = (k > 0 && wide(&l[k - 1].c)).then(|| l[k].x - (l[k - 1].x + BODY));
            let after =
                (j + 1 < l.len() && wide(&l[j + 1].c)).then(|| l[j + 1].x - (l[j].x + BODY / 2.0));
            let gap = before.into_iter().chain(after).fold(0.0, f64::max);
            if gap > worst {
                let text: String = l.iter().map(|g| g.c.as_str()).collect();
                eprintln!("{gap:.1} pt beside a number: {text}");
            }
            worst = worst.max(gap);
            if gap >= 2.5 {
                loose += 1;
            }
            k = j + 1;
        }
    }
    eprintln!("{groups} number groups, {loose} with a gap of 2.5 pt or more, widest {worst:.1} pt");
    assert!(groups > 150, "only {groups} number groups found");
    assert!(
        loose * 100 <= groups * 3,
        "{loose} of {groups} groups stand loose"
    );
    assert!(worst < 5.0, "a gap of {worst:.1} pt beside a number");
}
