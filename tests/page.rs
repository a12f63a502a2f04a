//! The PDF page as a typesetter measures it, from the glyph positions a Rust PDF reader finds:
//! titles that never overprint, the body on the line grid after one blank line, the 28-cell
//! character grid, table rows whole on their page.

use std::collections::BTreeMap;

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use crate::common::*;

/// One glyph: page (from 1), x of its origin and y of its baseline from the page's top-left
/// corner in pt, size in pt, text.
#[derive(Debug, Clone)]
pub struct Glyph {
    pub page: u32,
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub c: String,
}

#[derive(Default)]
struct Collect {
    page: u32,
    height: f64,
    glyphs: Vec<Glyph>,
}

impl OutputDev for Collect {
    fn begin_page(
        &mut self,
        n: u32,
        mb: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.page = n;
        self.height = mb.ury - mb.lly;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        _w: f64,
        _s: f64,
        size: f64,
        c: &str,
    ) -> Result<(), OutputError> {
        let (vx, vy) = (
            size * trm.m11 + size * trm.m21,
            size * trm.m12 + size * trm.m22,
        );
        self.glyphs.push(Glyph {
            page: self.page,
            x: trm.m31,
            y: self.height - trm.m32,
            size: (vx * vy).abs().sqrt(),
            c: c.to_string(),
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// Every glyph of a PDF.
pub fn glyphs(pdf: &[u8]) -> Vec<Glyph> {
    let doc = pdf_extract::Document::load_mem(pdf).expect("a PDF");
    let mut out = Collect::default();
    pdf_extract::output_doc(&doc, &mut out).expect("readable");
    out.glyphs
}

const MM: f64 = 72.0 / 25.4;
const TOP: f64 = 37.0 * MM;
const LEFT: f64 = 28.0 * MM;
const PITCH: f64 = 225.0 * MM / 22.0;
const CELL: f64 = 156.0 * MM / 28.0;
const BODY: f64 = 16.0;
const TITLE: f64 = 22.0;

/// Lines of glyphs of one size (within 0.3 pt): (page, baseline) → glyphs left to right.
fn lines(glyphs: &[Glyph], size: f64) -> BTreeMap<(u32, i64), Vec<Glyph>> {
    let mut out: BTreeMap<(u32, i64), Vec<Glyph>> = BTreeMap::new();
    for g in glyphs
        .iter()
        .filter(|g| (g.size - size).abs() < 0.3 && !g.c.trim().is_empty())
    {
        out.entry((g.page, (g.y * 10.0).round() as i64))
            .or_default()
            .push(g.clone());
    }
    for v in out.values_mut() {
        v.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    out
}

/// The grid line (from 0) a body baseline stands on, as a fraction.
fn grid_line(baseline: f64) -> f64 {
    (baseline - 0.88 * BODY - TOP) / PITCH
}

fn report_with_title(title: &str) -> String {
    format!(
        "[report]\ntitle = {title}\noffice = \"三亚市海棠区人民政府\"\nperiod = {{ from = 2015-01-01, to = 2015-12-31 }}\n\n\
         [opening]\ntext = \"\"\"\n{}\n\"\"\"\n",
        "根据《中华人民共和国政府信息公开条例》的规定，现公布本年度报告。".repeat(6)
    )
}

fn check_title_block(title: &str, want_lines: usize) {
    let p = project_from(&report_with_title(title)).unwrap();
    assert_eq!(p.doc.title.len(), want_lines, "{:?}", p.doc.title);
    let g = glyphs(&pdf(&p));
    let first: Vec<Glyph> = g.into_iter().filter(|g| g.page == 1).collect();
    let titles = lines(&first, TITLE);
    let body = lines(&first, BODY);
    assert_eq!(titles.len(), want_lines, "title lines printed");
    let title_bottom = titles
        .values()
        .map(|l| l[0].y + 0.12 * TITLE)
        .fold(0.0, f64::max);
    let (_, top_line) = body.iter().next().expect("a body line");
    let body_top = top_line[0].y - 0.88 * BODY;
    assert!(
        title_bottom < body_top,
        "the title overprints the body: {title_bottom} ≥ {body_top}"
    );
    // The title's n lines, one blank line, then the body on grid line n + 1.
    let at = grid_line(top_line[0].y);
    assert!(
        (at - (want_lines as f64 + 1.0)).abs() < 0.01,
        "the body starts at grid line {at}"
    );
    // Every body line on the grid.
    for l in body.values() {
        let at = grid_line(l[0].y);
        assert!(
            (at - at.round()).abs() < 0.01,
            "a body line at grid line {at}"
        );
    }
}

#[test]
fn a_one_line_title_then_one_blank_line_then_the_body_on_the_grid() {
    check_title_block("\"新乡市2015年政府信息公开工作年度报告\"", 1);
}

#[test]
fn a_long_title_is_split_in_balance_and_never_overprints() {
    check_title_block("\"三亚市海棠区人民政府2015年政府信息公开工作年度报告\"", 2);
}

#[test]
fn a_title_given_as_three_lines_keeps_them() {
    check_title_block(
        "[\"三亚市海棠区人民政府\", \"关于2015年政府信息公开\", \"工作年度报告\"]",
        3,
    );
}

fn hanzi(s: &str) -> bool {
    s.chars()
        .all(|c| matches!(c as u32, 0x3400..=0x9FFF | 0x20000..=0x2FFFF))
}

fn wide(s: &str) -> bool {
    s.chars().all(|c| {
        matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x9FFF | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF)
            || "—…“”‘’".contains(c)
    })
}

/// The grid measures of `tools/gridcheck.py`: (full all-CJK lines, of them on the grid),
/// (marks between hanzi, of them one whole cell), the most full-width cells in a line.
pub fn grid_measures(glyphs: &[Glyph]) -> ((usize, usize), (usize, usize), usize) {
    let right = LEFT + 28.0 * CELL;
    let (mut full, mut on, mut marks, mut whole, mut most) = (0, 0, 0, 0, 0);
    for l in lines(glyphs, BODY).values() {
        most = most.max(l.iter().filter(|g| wide(&g.c)).count());
        for w in l.windows(3) {
            if "，。、；：？！".contains(w[1].c.as_str()) && hanzi(&w[0].c) && hanzi(&w[2].c)
            {
                marks += 1;
                if ((w[2].x - w[0].x) - 2.0 * CELL).abs() < 0.5 {
                    whole += 1;
                }
            }
        }
        let last = l.last().unwrap();
        let is_full = last.x + BODY > right - CELL * 0.6;
        if !is_full || !l.iter().all(|g| wide(&g.c)) || l.len() < 24 {
            continue;
        }
        full += 1;
        if l.iter().filter(|g| hanzi(&g.c)).all(|g| {
            let f = ((g.x - LEFT) / CELL).rem_euclid(1.0);
            f.min(1.0 - f) < 0.05
        }) {
            on += 1;
        }
    }
    ((full, on), (marks, whole), most)
}

#[test]
fn the_reference_report_keeps_the_28_cell_grid() {
    let g = glyphs(&pdf(&project(&reference_toml())));
    let ((full, on), (marks, whole), most) = grid_measures(&g);
    assert!(full > 50, "only {full} full lines found");
    assert!(
        on * 100 >= full * 95,
        "on the grid: {on} of {full} full CJK lines"
    );
    assert!(
        whole * 100 >= marks * 95,
        "whole cells: {whole} of {marks} marks"
    );
    assert!(most <= 28, "a line holds {most} cells");
}
