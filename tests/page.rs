//! The PDF page as a typesetter measures it, from the glyph positions a Rust PDF reader finds:
//! titles that never overprint, the body on the line grid after one blank line, the 28-cell
//! character grid, table rows whole on their page.

use std::collections::BTreeMap;

use lopdf::Document as Pdf;

use crate::common::*;
pub(crate) use crate::pdf_read::*;

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
    eprintln!("on the grid {on}/{full}; whole-cell marks {whole}/{marks}; most cells {most}");
    assert!(full > 50, "only {full} full lines found");
    // A line pushed in (marks set half width) or spread (a character pushed down) leaves the
    // grid; every other line keeps it.
    assert!(
        on * 100 >= full * 85,
        "on the grid: {on} of {full} full CJK lines"
    );
    assert!(
        whole * 100 >= marks * 95,
        "whole cells: {whole} of {marks} marks"
    );
    // Pushed in, a line's 28 cells hold at most two more marks, each set in half a cell.
    assert!(most <= 30, "a line holds {most} cells");
}

fn example_tables() -> (gongwen::builder::Project, Vec<Glyph>) {
    let p = project(&root().join("data/example-tables.toml"));
    let g = glyphs(&pdf(&p));
    (p, g)
}

#[test]
fn the_body_after_tables_and_charts_goes_on_on_the_grid() {
    let (_, g) = example_tables();
    let body = lines(&g, BODY);
    assert!(body.len() > 20);
    for ((page, _), l) in &body {
        let at = grid_line(l[0].y);
        assert!(
            (at - at.round()).abs() < 0.01,
            "page {page}: a body line at grid line {at}"
        );
    }
}

/// How many table cells of 8 hanzi or more were found, each asserted on one page.
fn cells_whole_on_their_page(p: &gongwen::builder::Project, g: &[Glyph]) -> usize {
    let cells: Vec<&Glyph> = g
        .iter()
        .filter(|g| (g.size - 12.0).abs() < 0.3 && hanzi(&g.c))
        .collect();
    let text: Vec<char> = cells.iter().map(|g| g.c.chars().next().unwrap()).collect();
    let mut checked = 0;
    for t in p.doc.tables() {
        for row in &t.body {
            for c in row.cells.iter().filter(|c| !c.merged && c.rows == 1) {
                let want: Vec<char> = c.text.chars().filter(|ch| hanzi(&ch.to_string())).collect();
                if want.len() < 8 {
                    continue;
                }
                let at = (0..text.len().saturating_sub(want.len()))
                    .find(|&i| text[i..i + want.len()] == want[..])
                    .unwrap_or_else(|| panic!("cell {} not found", c.text));
                let pages: Vec<u32> = cells[at..at + want.len()].iter().map(|g| g.page).collect();
                assert!(
                    pages.iter().all(|&p| p == pages[0]),
                    "cell {} split over pages {pages:?}",
                    c.text
                );
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn table_rows_stay_whole_on_their_page() {
    // Tall rows running onto a second page.
    let p = project(&fixture("page-rows", "report.toml"));
    let g = glyphs(&pdf(&p));
    assert!(
        g.iter().any(|g| g.page == 2 && (g.size - 12.0).abs() < 0.3),
        "the table crosses a page"
    );
    assert_eq!(cells_whole_on_their_page(&p, &g), 14);
    // The label spanning the rows is repeated, whole, on the page the rows run onto.
    for page in [1, 2] {
        let text: String = g
            .iter()
            .filter(|x| x.page == page && (x.size - 12.0).abs() < 0.3)
            .map(|x| x.c.as_str())
            .collect();
        assert!(text.contains("跨页的分组标签"), "page {page}: {text}");
    }
    // The national form.
    let (p, g) = example_tables();
    let checked = cells_whole_on_their_page(&p, &g);
    assert!(checked > 10, "only {checked} cells checked");
}

#[test]
fn the_docx_title_has_the_same_lines_as_line_breaks() {
    let p = project_from(&report_with_title(
        "\"三亚市海棠区人民政府2015年政府信息公开工作年度报告\"",
    ))
    .unwrap();
    let pkg = crate::docx_read::Package::read(&crate::docx_read::render(&p));
    let doc = pkg.part("word/document.xml");
    let title = doc
        .find("三亚市海棠区人民政府2015年")
        .expect("the title's first line");
    let rest = &doc[title..];
    let br = rest.find("<w:br").expect("a line break in the title");
    let second = rest
        .find("政府信息公开工作年度报告")
        .expect("the second line");
    assert!(br < second, "the break comes between the two lines");
}

/// Every colour a page's text is filled with and its lines are stroked with, as the operands
/// of `scn`/`SCN` in force at each text-showing and each stroking operator.
fn colours(pdf: &[u8]) -> (Vec<Vec<f64>>, Vec<Vec<f64>>) {
    let doc = Pdf::load_mem(pdf).expect("a PDF");
    let (mut text, mut lines) = (Vec::new(), Vec::new());
    for (_, page) in doc.get_pages() {
        let content = doc.get_and_decode_page_content(page).expect("content");
        let (mut fill, mut stroke): (Vec<f64>, Vec<f64>) = (vec![0.0], vec![0.0]);
        let mut stack = Vec::new();
        for op in &content.operations {
            let values = || op.operands.iter().map(num).collect::<Vec<f64>>();
            match op.operator.as_str() {
                "q" => stack.push((fill.clone(), stroke.clone())),
                "Q" => (fill, stroke) = stack.pop().unwrap_or((fill, stroke)),
                "scn" | "sc" | "g" | "rg" | "k" => fill = values(),
                "SCN" | "SC" | "G" | "RG" | "K" => stroke = values(),
                "Tj" | "TJ" => text.push(fill.clone()),
                "S" | "s" => lines.push(stroke.clone()),
                _ => {}
            }
        }
    }
    (text, lines)
}

#[test]
fn text_and_rules_are_pure_black() {
    let (text, _) = colours(&pdf(&project(&root().join("data/example-tables.toml"))));
    assert!(text.len() > 100);
    for c in &text {
        assert_eq!(
            c,
            &vec![0.0],
            "text in colour {c:?}: one grey component, 0, is pure black"
        );
    }
    let (_, lines) = colours(&pdf(&project(&fixture("page-rows", "report.toml"))));
    assert!(lines.len() > 10, "a table's rules");
    for c in &lines {
        assert_eq!(c, &vec![0.0], "a rule in colour {c:?}");
    }
}

/// CIE L* of an `#rrggbb` colour: how light it prints in greyscale.
fn lightness(hex: &str) -> f64 {
    let v = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
    let lin = |c: f64| {
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let y = 0.2126 * lin(v(1)) + 0.7152 * lin(v(3)) + 0.0722 * lin(v(5));
    116.0 * y.cbrt() - 16.0
}

#[test]
fn the_chart_palette_stays_apart_in_greyscale() {
    let layout = gongwen::layout::Layout::builtin("gbt9704").unwrap();
    let l: Vec<f64> = layout.chart.colors.iter().map(|c| lightness(c)).collect();
    for (i, a) in l.iter().enumerate() {
        for b in &l[i + 1..] {
            assert!((a - b).abs() >= 5.0, "two colours print as one grey: {l:?}");
        }
    }
    for w in l.windows(2) {
        assert!(
            (w[0] - w[1]).abs() >= 20.0,
            "neighbouring slices too close in grey: {l:?}"
        );
    }
    // A pie of n slices closes with its last beside its first.
    for last in &l[2..] {
        assert!(
            (last - l[0]).abs() >= 20.0,
            "a last slice as grey as the first: {l:?}"
        );
    }
}

/// Asserts that no page of `pdf` ends with a paragraph's first line going on overleaf (an
/// orphan) or opens with a paragraph's last line (a widow). A body line at the left edge goes
/// on a paragraph; one two cells in starts one.
fn no_widow_or_orphan(pdf: &[u8]) {
    let g = glyphs(pdf);
    let body = lines(&g, BODY);
    let keys: Vec<(u32, i64)> = body.keys().cloned().collect();
    let starts = |k: &(u32, i64)| (body[k][0].x - (LEFT + 2.0 * CELL)).abs() < 1.0;
    let goes_on = |k: &(u32, i64)| (body[k][0].x - LEFT).abs() < 1.0;
    for w in keys.windows(3) {
        let (a, b, c) = (&w[0], &w[1], &w[2]);
        if a.0 != b.0 {
            assert!(
                !(starts(a) && goes_on(b)),
                "an orphan at the foot of page {}",
                a.0
            );
            assert!(
                !(goes_on(b) && b.0 == c.0 && starts(c)),
                "a widow at the head of page {}",
                b.0
            );
        }
    }
}

#[test]
fn no_widow_or_orphan_at_a_page_head_or_foot() {
    no_widow_or_orphan(&pdf(&project(&reference_toml())));
    no_widow_or_orphan(&crate::book::book_pdf(&root().join("data/yearbook.toml")));
}

#[test]
fn a_group_label_never_runs_below_its_rows_on_a_page() {
    // 三、本年度办理结果 stands one character a line over the rows of its group on each page:
    // the group's first and last pieces on a page are as tall as the label (a table starting
    // at a page's foot once printed 办/理/结果 under its last row). Glyphs' y runs down.
    for path in [
        fixture("forms-2019-blank", "report.toml"),
        fixture("forms-2021-clean", "report.toml"),
        root().join("data/example-tables.toml"),
    ] {
        let g = glyphs(&pdf(&project(&path)));
        let table: Vec<&Glyph> = g.iter().filter(|x| (x.size - 12.0).abs() < 0.3).collect();
        let left = table.iter().map(|x| x.x).fold(f64::INFINITY, f64::min);
        let pages: std::collections::BTreeSet<u32> = table.iter().map(|x| x.page).collect();
        let mut seen = 0;
        for page in pages {
            let on = |x: &&&Glyph| x.page == page;
            let label = table
                .iter()
                .filter(on)
                .filter(|x| x.x < left + 14.0 && "度办理结果".contains(x.c.as_str()))
                .map(|x| x.y)
                .reduce(f64::max);
            let Some(label) = label else { continue };
            let rows = table
                .iter()
                .filter(on)
                .filter(|x| x.c.chars().all(|c| c.is_ascii_digit()))
                .map(|x| x.y)
                .fold(f64::NEG_INFINITY, f64::max);
            assert!(
                label <= rows + 6.0,
                "{}: page {page}: the label reaches {label:.0}, its rows end at {rows:.0}",
                path.display()
            );
            seen += 1;
        }
        assert!(seen >= 1, "{}: no label found", path.display());
    }
}

#[test]
fn the_signature_never_stands_alone_on_a_page() {
    // Reports whose text ends at every place near a page's foot: the last page always holds
    // the end of the text with the signature, and the text stays on the grid.
    for n in 14..=21 {
        let text = "这一段正文恰好印成一行，共有二十八个字，不多也不少。\n".repeat(n);
        let report = format!(
            "[report]\ntitle = \"落款测试\"\noffice = \"测试办公室\"\ndate = 2016-03-31\n\n\
             [opening]\ntext = '''\n{text}最后一段有两行，它的末尾两行与落款同在一页上，绝不让落款独自占据一页，这是公文排版的常规。\n'''\n\n\
             [closing]\nsignature = \"测试办公室\"\n"
        );
        let p = project_from(&report).unwrap();
        let g = glyphs(&pdf(&p));
        let last = g.iter().map(|x| x.page).max().unwrap();
        let on_last: String = g
            .iter()
            .filter(|x| x.page == last)
            .map(|x| x.c.as_str())
            .collect();
        assert!(
            on_last.contains("测试办公室"),
            "{n}: the signature is on the last page"
        );
        assert!(
            on_last.contains("常规"),
            "{n}: the text's last line is with it: {on_last}"
        );
        for ((page, _), l) in &lines(&g, BODY) {
            let at = grid_line(l[0].y);
            assert!(
                (at - at.round()).abs() < 0.01,
                "{n}: page {page}: a body line at grid line {at}"
            );
        }
    }
}

#[test]
fn a_bracket_opening_a_cell_keeps_its_padding() {
    // The form's 勾稽 header cell opens with （: Typst would hang it half a cell, into the
    // padding and onto the rule. Its glyph's cell starts inside the padding's edge.
    let (_, g) = example_tables();
    let at = g
        .windows(3)
        .find(|w| w[0].c == "（" && w[1].c == "本" && w[2].c == "列")
        .map(|w| w[0].x)
        .expect("the 勾稽 header cell");
    let pad = 1.5 * MM;
    assert!(
        at >= LEFT + pad - 0.1,
        "（ at {at:.1} pt, the padding ends at {:.1} pt",
        LEFT + pad
    );
}

/// The empty share of the type area below the last glyph of every page after which a table
/// goes on (the next page opens with table text), as (page, share).
fn empty_before_a_table_goes_on(g: &[Glyph]) -> Vec<(u32, f64)> {
    let bottom = TOP + 225.0 * MM;
    let in_type = |x: &&Glyph| x.y < bottom + 2.0 && !x.c.trim().is_empty();
    let last = g.iter().map(|x| x.page).max().unwrap_or(0);
    (1..last)
        .filter(|&page| {
            let top = g
                .iter()
                .filter(|x| x.page == page + 1)
                .filter(in_type)
                .min_by(|a, b| a.y.total_cmp(&b.y));
            top.is_some_and(|x| (x.size - 12.0).abs() < 0.3)
        })
        .map(|page| {
            let low = g
                .iter()
                .filter(|x| x.page == page)
                .filter(in_type)
                .map(|x| x.y + 0.12 * x.size)
                .fold(TOP, f64::max);
            (page, (bottom - low) / (225.0 * MM))
        })
        .collect()
}

#[test]
fn a_long_table_fills_the_page_before_it_goes_on() {
    for path in [
        fixture("forms-2019-blank", "report.toml"),
        fixture("forms-2021-clean", "report.toml"),
        root().join("data/example-tables.toml"),
    ] {
        let p = project(&path);
        let g = glyphs(&pdf(&p));
        let pages = empty_before_a_table_goes_on(&g);
        assert!(!pages.is_empty(), "{}: no table goes on", path.display());
        for (page, empty) in pages {
            assert!(
                empty <= 0.25,
                "{}: page {page} is {:.0} % empty before its table goes on",
                path.display(),
                empty * 100.0
            );
        }
        // A clause label never stands last on its page.
        let table = |x: &&Glyph| (x.size - 12.0).abs() < 0.3;
        let last = g.iter().map(|x| x.page).max().unwrap_or(0);
        for page in 1..last {
            let low = g
                .iter()
                .filter(|x| x.page == page)
                .filter(table)
                .fold(0.0, |m, x| f64::max(m, x.y));
            let line: String = g
                .iter()
                .filter(|x| x.page == page && (x.y - low).abs() < 1.0)
                .filter(table)
                .map(|x| x.c.as_str())
                .collect();
            assert!(!line.contains("第二十条"), "page {page} ends with {line}");
        }
    }
}

#[test]
fn a_broken_group_repeats_its_labels_on_the_next_page() {
    // Table 三 of the 2019 form breaks inside （三）不予公开: page 3 opens with both labels.
    let p = project(&fixture("forms-2019-blank", "report.toml"));
    let g = glyphs(&pdf(&p));
    let text = |page: u32| -> String {
        g.iter()
            .filter(|x| x.page == page && (x.size - 12.0).abs() < 0.3)
            .map(|x| x.c.as_str())
            .collect()
    };
    for page in [2, 3] {
        let t = text(page);
        assert!(t.contains("本年度办理结果"), "page {page}: {t}");
        assert!(t.contains("不予公开"), "page {page}: {t}");
        assert!(
            t.contains("申请人情况"),
            "page {page}: the column titles: {t}"
        );
    }
}
