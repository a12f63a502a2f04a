//! Body lines on the character grid. Typst's own breaker squeezes and stretches CJK punctuation
//! line by line (see ARCHITECTURE.md, *The character grid*), so paragraphs and headings are
//! broken into lines here, from the fonts' advances: every hanzi and full-width mark takes one
//! cell, 避头尾 is kept by pushing a character to the next line (that line ends short, never
//! spread), and Typst is handed lines that fit as they are.

use std::fmt::Write;

use super::escape::string;
use super::fonts::FontPlan;
use crate::layout::{Layout, Pt, Role};

/// Marks that never start a line.
const NO_START: &str = "，。、；：？！）》”’〕】」』〉…—·％";
/// Marks that never end a line.
const NO_END: &str = "（《“‘〔【「『〈";
/// Units that stay with the number before them (〔2015〕22号, 2015年, 30％).
const NUMBER_UNITS: &str = "号年月日％%";
/// Full-width marks Typst would compress or hang: each is set apart from its neighbours so
/// that it keeps its whole cell.
const MARKS: &str = "，。、；：？！）》”’〕】」』〉（《“‘〔【「『〈";
/// Latin words and the spaces between them make one unbreakable group up to this many cells.
const LATIN_GROUP: f64 = 8.0;
/// A Latin group up to this much (in half cells, and as much again for each of its
/// characters) over a whole number of half cells still takes that number: a Times digit is a
/// hair wider than half a cell of the 28-cell grid, and its letters spill that hair.
const LATIN_SPILL: f64 = 0.05;

/// A run of text in one role (the body, or a run-in heading's level).
pub(super) struct Run<'a> {
    /// The role whose fonts set it.
    pub role: Role,
    /// The Typst function that sets it in that role (`lead2`), or none for the body.
    pub wrap: Option<String>,
    /// The words.
    pub text: &'a str,
    /// Markup set after byte offsets of `text`, taking no width on the line (footnote marks),
    /// by offset.
    pub marks: &'a [(usize, String)],
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// One CJK character or full-width mark: one cell.
    Wide,
    /// A word of Latin letters, digits and their punctuation.
    Latin,
    /// A space (only while splitting: spaces join the Latin groups beside them).
    Space,
}

#[derive(Clone, Copy)]
struct Atom<'a> {
    run: usize,
    text: &'a str,
    /// Byte offset of `text` in its run's text.
    at: usize,
    kind: Kind,
    width: f64,
}

/// Whether a character is set as one full cell (CJK, full-width forms, and the marks Typst
/// takes from the CJK fonts).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
        || "“”‘’—…·".contains(c)
}

fn atoms<'a>(runs: &[Run<'a>], plan: &FontPlan, layout: &Layout) -> Vec<Atom<'a>> {
    let tracking = layout.char_pitch().0 - layout.body_size().0;
    let mut out = Vec::new();
    for (r, run) in runs.iter().enumerate() {
        let fonts = plan.role(run.role);
        let size = layout.font(run.role).size.pt().0;
        let width = |c: char| fonts.advance(c).unwrap_or(1.0) * size + tracking;
        let text = run.text;
        let mut i = 0;
        while i < text.len() {
            let c = text[i..].chars().next().expect("in bounds");
            let (kind, end) = if is_wide(c) {
                (Kind::Wide, i + c.len_utf8())
            } else if c.is_whitespace() {
                (Kind::Space, i + c.len_utf8())
            } else {
                let len = text[i..]
                    .find(|c: char| is_wide(c) || c.is_whitespace())
                    .unwrap_or(text.len() - i);
                (Kind::Latin, i + len)
            };
            let piece = &text[i..end];
            let w: f64 = piece.chars().map(width).sum();
            out.push(Atom {
                run: r,
                text: piece,
                at: i,
                kind,
                width: w,
            });
            i = end;
        }
    }
    let cell = layout.char_pitch().0;
    latin_on_cells(merge_latin(out, runs, cell), cell)
}

/// Latin words and the spaces around them, in one run, become one group while it stays
/// short (a year, a version number, an English name): it is set as one piece, on whole
/// cells. A longer text breaks into groups at its spaces.
fn merge_latin<'a>(atoms: Vec<Atom<'a>>, runs: &[Run<'a>], cell: f64) -> Vec<Atom<'a>> {
    let mut out: Vec<Atom> = Vec::with_capacity(atoms.len());
    let mut i = 0;
    while i < atoms.len() {
        let mut a = atoms[i];
        i += 1;
        if a.kind != Kind::Wide {
            a.kind = Kind::Latin;
            while i < atoms.len()
                && atoms[i].kind != Kind::Wide
                && atoms[i].run == a.run
                && (atoms[i].kind == Kind::Space
                    || atoms[i - 1].kind != Kind::Space
                    || a.width + atoms[i].width <= LATIN_GROUP * cell)
            {
                let end = atoms[i].at + atoms[i].text.len();
                a.text = &runs[a.run].text[a.at..end];
                a.width += atoms[i].width;
                i += 1;
            }
        }
        out.push(a);
    }
    out
}

/// A Latin group takes a whole number of half cells (centred in them), as a word processor's
/// character grid gives a half-width character half a cell: digits sit close to the hanzi
/// beside them (2015年1月1日, never 1 、), and the hanzi after an even count stay on the grid. On
/// a line left half a cell short by an odd count, the last group takes that half cell too
/// (see [`markup`]).
fn latin_on_cells(mut atoms: Vec<Atom<'_>>, cell: f64) -> Vec<Atom<'_>> {
    let half = cell / 2.0;
    for a in atoms.iter_mut().filter(|a| a.kind == Kind::Latin) {
        let spill = LATIN_SPILL * (1 + a.text.chars().count()) as f64;
        a.width = ((a.width / half - spill).ceil()).max(1.0) * half;
    }
    atoms
}

/// Whether a line may break between atoms `a` and `b` (a Latin group is one atom, spaces
/// included).
fn may_break(a: &Atom, b: &Atom) -> bool {
    let last = a.text.chars().next_back().expect("atoms are not empty");
    let first = b.text.chars().next().expect("atoms are not empty");
    if NO_START.contains(first) || NO_END.contains(last) {
        return false;
    }
    // 〔2015〕22号: the number stays with its bracket and its unit.
    if (last == '〕' && first.is_ascii_digit())
        || (last.is_ascii_digit() && NUMBER_UNITS.contains(first))
    {
        return false;
    }
    true
}

/// A line: atoms `start..end`.
struct Line {
    start: usize,
    end: usize,
}

/// Breaks the atoms into lines: the first `indent` pt narrower, every line at most the type
/// width, each ending where [`may_break`] allows (the last allowed place that fits).
fn break_lines(atoms: &[Atom], width: f64, indent: f64) -> Vec<Line> {
    const EPS: f64 = 0.01;
    let mut lines = Vec::new();
    let mut start = 0;
    let mut used = 0.0;
    let mut cap = width - indent;
    let mut i = 0;
    while i < atoms.len() {
        let a = &atoms[i];
        if used + a.width <= cap + EPS || i == start {
            used += a.width;
            i += 1;
            continue;
        }
        // Atom i does not fit: end the line at the last place allowed, else force it here.
        let end = (start + 1..=i)
            .rev()
            .find(|&b| may_break(&atoms[b - 1], &atoms[b]))
            .unwrap_or(i);
        lines.push(Line { start, end });
        start = end;
        cap = width;
        used = atoms[start..i].iter().map(|a| a.width).sum();
    }
    if start < atoms.len() || lines.is_empty() {
        lines.push(Line {
            start,
            end: atoms.len(),
        });
    }
    lines
}

/// The Typst definitions of `gw-mark` and `gw-end`. Typst compresses a full-width mark when
/// it shares a shaped run with another mark, or when it is the first or last text of a line:
/// `gw-mark` sets it between spacings that add up to nothing (each non-zero, so that Typst
/// keeps it; the narrowing one first, so that no break Typst tries between them makes a line
/// seem wider), which end the run and stand before and after it. Typst's tracking goes
/// between glyphs, so the last glyph of a run lacks it: `gw-end` adds it, so that every glyph
/// advances one cell.
pub(super) fn defs(layout: &Layout) -> String {
    let tracking = Pt(layout.char_pitch().0 - layout.body_size().0);
    format!(
        "#let gw-end = h({tracking})\n#let gw-mark(m) = [#h(-1pt)#h(1pt)#m#gw-end#h(-1pt)#h(1pt)]"
    )
}

/// The Typst markup of `runs` broken into grid lines, the first line indented by the
/// paragraph's first-line indent: on one source line, to stand as a paragraph.
pub(super) fn markup(runs: &[Run], plan: &FontPlan, layout: &Layout) -> String {
    // Every line is whole cells: nothing to justify.
    markup_lines(runs, plan, layout).join("#linebreak()")
}

/// The markup of each line of a paragraph of `runs`, as [`markup`] breaks them.
pub(super) fn markup_lines(runs: &[Run], plan: &FontPlan, layout: &Layout) -> Vec<String> {
    let atoms = atoms(runs, plan, layout);
    let width = layout.page.type_width.to_pt().0;
    let lines = break_lines(&atoms, width, layout.indent().0);
    let cell = layout.char_pitch().0;
    let mut out = Vec::with_capacity(lines.len());
    for (n, line) in lines.iter().enumerate() {
        let mut s = String::new();
        let cap = if n == 0 {
            width - layout.indent().0
        } else {
            width
        };
        let used: f64 = atoms[line.start..line.end].iter().map(|a| a.width).sum();
        // Half a cell short (an odd count of Latin half cells): the line's last Latin group
        // takes the half cell too, so the hanzi after it are back on the grid and the right
        // edge is flush; a line a cell or more short (a character pushed down) stays short.
        let short = cap - used;
        let widen = (short > 0.01 && short < cell - 0.01)
            .then(|| {
                (line.start..line.end)
                    .rev()
                    .find(|&k| atoms[k].kind == Kind::Latin)
            })
            .flatten();
        let mut k = line.start;
        while k < line.end {
            let run = atoms[k].run;
            let mut body = String::new();
            let mut text = String::new();
            while k < line.end && atoms[k].run == run {
                let a = &atoms[k];
                if a.kind == Kind::Latin {
                    // A Latin group centred in its whole cells, never wrapped in its box (set
                    // in an inner box a cell wider: a kerning pair may make it a hair wider).
                    flush(&mut body, &mut text);
                    let extra = if widen == Some(k) { short } else { 0.0 };
                    // Widened before a mark, the group stands at the right of its room, so
                    // that 1、 reads as one (never 1 、).
                    let before_mark = extra > 0.0
                        && atoms.get(k + 1).is_some_and(|n| {
                            k + 1 < line.end
                                && n.kind == Kind::Wide
                                && n.text.chars().next().is_some_and(|c| MARKS.contains(c))
                        });
                    let side = if before_mark { "right" } else { "center" };
                    let w = Pt(a.width + extra);
                    let _ = write!(
                        body,
                        "#box(width: {w}, align({side}, box(width: {}, align({side})[#{}])))",
                        Pt(w.0 + cell),
                        string(a.text)
                    );
                    marks_after(&mut body, &mut text, &runs[run], a);
                    k += 1;
                    continue;
                }
                for c in a.text.chars() {
                    if MARKS.contains(c) {
                        // Typst compresses a mark next to another and at a line's start or
                        // end; `gw-mark` sets it apart so that it keeps its whole cell.
                        flush(&mut body, &mut text);
                        let _ = write!(body, "#gw-mark({})", string(&c.to_string()));
                    } else {
                        text.push(c);
                    }
                }
                marks_after(&mut body, &mut text, &runs[run], a);
                k += 1;
            }
            flush(&mut body, &mut text);
            match &runs[run].wrap {
                Some(f) => {
                    let _ = write!(s, "#{f}[{body}]");
                }
                None => s.push_str(&body),
            }
        }
        out.push(s);
    }
    out
}

/// The marks of `run` that follow atom `a` (those at its end; at a text's start, those at 0).
fn marks_after(body: &mut String, text: &mut String, run: &Run, a: &Atom) {
    let end = a.at + a.text.len();
    for (at, mark) in run.marks {
        let here = if a.at == 0 {
            *at <= end
        } else {
            a.at < *at && *at <= end
        };
        if here {
            flush(body, text);
            body.push_str(mark);
        }
    }
}

fn flush(body: &mut String, text: &mut String) {
    if !text.is_empty() {
        let _ = write!(body, "#{}#gw-end", string(text));
        text.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom(text: &str) -> Atom<'_> {
        let kind = if text == " " {
            Kind::Space
        } else if text.chars().all(is_wide) {
            Kind::Wide
        } else {
            Kind::Latin
        };
        Atom {
            run: 0,
            text,
            at: 0,
            kind,
            width: if kind == Kind::Wide { 1.0 } else { 0.5 },
        }
    }

    #[test]
    fn closing_marks_never_start_a_line() {
        // Four cells: 一二三四 fit, 。 may not start the next line, so 四 goes down with it.
        let texts = ["一", "二", "三", "四", "。", "五"];
        let atoms: Vec<Atom> = texts.iter().map(|t| atom(t)).collect();
        let lines = break_lines(&atoms, 4.0, 0.0);
        assert_eq!((lines[0].start, lines[0].end), (0, 3));
        assert_eq!((lines[1].start, lines[1].end), (3, 6));
    }

    #[test]
    fn document_numbers_stay_whole() {
        let texts = ["发", "〔", "2015", "〕", "22", "号", "文"];
        let atoms: Vec<Atom> = texts.iter().map(|t| atom(t)).collect();
        for b in 2..6 {
            assert!(!may_break(&atoms[b - 1], &atoms[b]), "{b}");
        }
        assert!(may_break(&atoms[0], &atoms[1]));
        assert!(may_break(&atoms[5], &atoms[6]));
    }
}
