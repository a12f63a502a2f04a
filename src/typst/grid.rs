//! Body lines on the character grid. Typst's own breaker squeezes and stretches CJK punctuation
//! line by line (see ARCHITECTURE.md, *The character grid*), so paragraphs and headings are
//! broken into lines here, from the fonts' advances: every hanzi and full-width mark takes one
//! cell, 避头尾 is kept by pushing in (a mark pulled onto the line, set with one or more of its
//! marks half width) or, failing that, by pushing a character to the next line and spreading
//! what the line lacks over its gaps, and Typst is handed lines that fit as they are.

use std::fmt::Write;

use super::escape::string;
use super::fonts::FontPlan;
use crate::layout::{Layout, Pt, Role};

use crate::punct::{NO_END, NO_START};
/// Units that stay with the number before them (〔2015〕22号, 2015年, 30％).
const NUMBER_UNITS: &str = "号年月日％%";
/// Full-width marks Typst would compress or hang: each is set apart from its neighbours so
/// that it keeps its whole cell.
const MARKS: &str = "，。、；：？！）》”’〕】」』〉（《“‘〔【「『〈";
/// Marks that may be set half width to push a line in: a closing mark's glyph stands in the
/// left half of its cell, an opening mark's in the right half (？！ keep their cells).
const SQUEEZE_CLOSE: &str = "，。、；：）》”’〕】」』〉";
const SQUEEZE_OPEN: &str = "（《“‘〔【「『〈";
/// The most marks of a line set half width to pull in what would not fit (two cells).
const MAX_SQUEEZE: usize = 4;
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
    /// A Latin group's own width, before it is given whole half cells.
    natural: f64,
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
                natural: w,
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
                a.natural = a.width;
                i += 1;
            }
        }
        out.push(a);
    }
    out
}

/// A Latin group takes a whole number of half cells (centred in them), as a word processor's
/// character grid gives a half-width character half a cell: digits sit close to the hanzi
/// beside them (2015年1月1日, never 1 、), and the hanzi after an even count stay on the grid. A
/// line left half a cell short by an odd count has that half cell spread over its gaps (see
/// [`break_lines`]), never given to one group.
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

/// A line: atoms `start..end`, the marks set half width to push it in, and the width left
/// over, spread over its gaps.
struct Line {
    start: usize,
    end: usize,
    squeezed: Vec<usize>,
    spread: f64,
}

/// The mark an atom is, when it may be set half width.
fn squeezable(a: &Atom) -> bool {
    a.kind == Kind::Wide
        && a.text
            .chars()
            .next()
            .is_some_and(|c| SQUEEZE_CLOSE.contains(c) || SQUEEZE_OPEN.contains(c))
}

fn is_mark(a: &Atom) -> bool {
    a.kind == Kind::Wide && a.text.chars().next().is_some_and(|c| MARKS.contains(c))
}

/// Pushing in: the marks of `atoms[start..end]` to set half width so that `over` pt more fit,
/// as a typesetter picks them — the line's closing mark at its end, then a mark beside another
/// (。” ），), then the marks nearest the end — or `None` when too few marks would do.
fn push_in(atoms: &[Atom], start: usize, end: usize, over: f64, half: f64) -> Option<Vec<usize>> {
    let need = ((over - 0.01) / half).ceil().max(0.0) as usize;
    let candidates: Vec<usize> = (start..end).filter(|&k| squeezable(&atoms[k])).collect();
    if need == 0 || need > MAX_SQUEEZE || need > candidates.len() {
        return None;
    }
    let rank = |k: usize| {
        let last = k + 1 == end
            && atoms[k]
                .text
                .chars()
                .next()
                .is_some_and(|c| SQUEEZE_CLOSE.contains(c));
        let paired =
            (k > start && is_mark(&atoms[k - 1])) || (k + 1 < end && is_mark(&atoms[k + 1]));
        (
            if last {
                0
            } else if paired {
                1
            } else {
                2
            },
            end - k,
        )
    };
    let mut ranked = candidates;
    ranked.sort_by_key(|&k| rank(k));
    ranked.truncate(need);
    ranked.sort_unstable();
    Some(ranked)
}

/// Breaks the atoms into lines: the first `indent` pt narrower, every line at most the type
/// width. A line ends at the last place [`may_break`] allows; when that leaves something
/// pushed to the next line, the line is pushed in instead if setting a few of its marks half
/// width makes room up to the next allowed place; otherwise what it lacks is spread over it.
/// The last line keeps its natural width.
fn break_lines(atoms: &[Atom], width: f64, indent: f64, cell: f64) -> Vec<Line> {
    const EPS: f64 = 0.01;
    let half = cell / 2.0;
    let sum = |r: std::ops::Range<usize>| atoms[r].iter().map(|a| a.width).sum::<f64>();
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
        let next = (i + 1..=atoms.len())
            .find(|&b| b == atoms.len() || may_break(&atoms[b - 1], &atoms[b]))
            .unwrap_or(atoms.len());
        let pushed_in = (end < i)
            .then(|| {
                let over = sum(start..next) - cap;
                push_in(atoms, start, next, over, half).map(|sq| (sq, over))
            })
            .flatten();
        let line = match pushed_in {
            Some((squeezed, over)) => {
                let spread = (squeezed.len() as f64 * half - over).max(0.0);
                Line {
                    start,
                    end: next,
                    squeezed,
                    spread,
                }
            }
            None => Line {
                start,
                end,
                squeezed: Vec::new(),
                spread: (cap - sum(start..end)).max(0.0),
            },
        };
        start = line.end;
        lines.push(line);
        cap = width;
        i = i.max(start);
        used = sum(start..i);
    }
    if start < atoms.len() || lines.is_empty() {
        lines.push(Line {
            start,
            end: atoms.len(),
            squeezed: Vec::new(),
            spread: 0.0,
        });
    }
    lines
}

/// The gaps a line's leftover is spread over, as atom indices (the gap before each): the
/// gaps between two hanzi (a mark keeps its whole cell, a number group its tight fit), else
/// every gap beside no mark, else every gap.
fn gaps(atoms: &[Atom], line: &Line) -> Vec<usize> {
    let all: Vec<usize> = (line.start + 1..line.end).collect();
    let hanzi = |a: &Atom| a.kind == Kind::Wide && !is_mark(a);
    let between_hanzi: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&k| hanzi(&atoms[k - 1]) && hanzi(&atoms[k]))
        .collect();
    if !between_hanzi.is_empty() {
        return between_hanzi;
    }
    let clear: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&k| !is_mark(&atoms[k - 1]) && !is_mark(&atoms[k]))
        .collect();
    if clear.is_empty() { all } else { clear }
}

/// The Typst definitions of `gw-mark` and `gw-end`. Typst compresses a full-width mark when
/// it shares a shaped run with another mark, or when it is the first or last text of a line:
/// [`markup_lines`] keeps a mark in its run where neither applies, and ends the run (or puts
/// spacings that add up to nothing before it, each non-zero so that Typst keeps it) where one
/// does. `gw-mark`, for a pushed-in mark in its half-cell box, sets it between such spacings
/// (the narrowing one first, so that no break Typst tries between them makes a line seem
/// wider). Typst's tracking goes
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
    // Every line fits as it is: nothing for Typst to justify.
    markup_lines(runs, plan, layout).join("#linebreak()")
}

/// The markup of each line of a paragraph of `runs`, as [`markup`] breaks them.
pub(super) fn markup_lines(runs: &[Run], plan: &FontPlan, layout: &Layout) -> Vec<String> {
    let atoms = atoms(runs, plan, layout);
    let width = layout.page.type_width.to_pt().0;
    let cell = layout.char_pitch().0;
    let tracking = Pt(cell - layout.body_size().0);
    let lines = break_lines(&atoms, width, layout.indent().0, cell);
    let half = Pt(cell / 2.0);
    let mut out = Vec::with_capacity(lines.len());
    for (n, line) in lines.iter().enumerate() {
        let mut s = String::new();
        // A Latin group ending a line that goes on (a number, an address) takes its own width
        // at the right edge, its half-cell rounding spread with the rest: the edge stays flush.
        let tail = (n + 1 < lines.len() && line.end > line.start)
            .then_some(line.end - 1)
            .filter(|&k| atoms[k].kind == Kind::Latin);
        let spread = line.spread + tail.map_or(0.0, |k| atoms[k].width - atoms[k].natural);
        // What the line lacks, in even gaps (rounded down to a thousandth of a point, so that
        // the line never comes out a hair too wide for Typst to keep it whole).
        let gaps = if spread > 0.01 {
            gaps(&atoms, line)
        } else {
            Vec::new()
        };
        let gap =
            (!gaps.is_empty()).then(|| Pt((spread / gaps.len() as f64 * 1000.0).floor() / 1000.0));
        // When every gap is between two hanzi (nearly always), the hanzi gathered into one run
        // are set with the gap added to their tracking: one run, not a spacing between each.
        let hanzi = |a: &Atom| a.kind == Kind::Wide && !is_mark(a);
        let track = gap
            .filter(|_| {
                gaps.iter()
                    .all(|&k| hanzi(&atoms[k - 1]) && hanzi(&atoms[k]))
            })
            .map(|g| Pt(tracking.0 + g.0));
        let mut k = line.start;
        while k < line.end {
            let run = atoms[k].run;
            let mut body = String::new();
            let mut text = String::new();
            while k < line.end && atoms[k].run == run {
                let a = &atoms[k];
                if let Some(g) = gap.filter(|_| gaps.binary_search(&k).is_ok()) {
                    // Inside a tracked run the gap is the tracking's; elsewhere a spacing.
                    if track.is_none() || text.is_empty() {
                        flush(&mut body, &mut text, track);
                        let _ = write!(body, "#h({g})");
                    }
                }
                if a.kind == Kind::Latin {
                    // A Latin group centred in its whole cells, never wrapped in its box (set
                    // in an inner box a cell wider: a kerning pair may make it a hair wider).
                    flush(&mut body, &mut text, track);
                    let (w, side) = match tail == Some(k) {
                        true => (Pt(a.natural), "right"),
                        false => (Pt(a.width), "center"),
                    };
                    if a.text
                        .chars()
                        .all(|c| c.is_ascii_digit() || ".,%".contains(c))
                    {
                        // A number has no place to break: one box, which it may overhang.
                        let _ =
                            write!(body, "#box(width: {w}, align({side})[#{}])", string(a.text));
                    } else {
                        let _ = write!(
                            body,
                            "#box(width: {w}, align({side}, box(width: {}, align({side})[#{}])))",
                            Pt(w.0 + cell),
                            string(a.text)
                        );
                    }
                    marks_after(&mut body, &mut text, &runs[run], a, track);
                    k += 1;
                    continue;
                }
                if line.squeezed.binary_search(&k).is_ok() {
                    // Pushed in: the mark in half a cell, its glyph's half of it.
                    flush(&mut body, &mut text, track);
                    let m = string(a.text);
                    let open = a
                        .text
                        .chars()
                        .next()
                        .is_some_and(|c| SQUEEZE_OPEN.contains(c));
                    let dx = if open { Pt(-half.0) } else { Pt(0.0) };
                    // `gw-mark` inside, or Typst would hang an opening mark at the box's start.
                    let _ = write!(
                        body,
                        "#box(width: {half}, move(dx: {dx}, box(width: {}, align(left, gw-mark({m})))))",
                        Pt(cell)
                    );
                    marks_after(&mut body, &mut text, &runs[run], a, track);
                    k += 1;
                    continue;
                }
                // Typst compresses a mark next to another in one run and at a line's start or
                // end, never a mark alone between other characters: a mark stays in its run,
                // a run ends between two marks (at `gw-end`), a line's first mark stands after
                // spacings that add up to nothing, and its last is followed by the run's
                // `gw-end`. In a run tracked for a spread the mark is a run of its own (the
                // gap is the hanzi's alone).
                for c in a.text.chars() {
                    if !MARKS.contains(c) {
                        text.push(c);
                        continue;
                    }
                    if k == line.start {
                        flush(&mut body, &mut text, track);
                        body.push_str("#h(-1pt)#h(1pt)");
                    }
                    if track.is_some() {
                        flush(&mut body, &mut text, track);
                        let _ = write!(body, "#{}#gw-end", string(&c.to_string()));
                    } else {
                        if text.ends_with(|p| MARKS.contains(p)) {
                            flush(&mut body, &mut text, track);
                        }
                        text.push(c);
                    }
                }
                marks_after(&mut body, &mut text, &runs[run], a, track);
                k += 1;
            }
            flush(&mut body, &mut text, track);
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
fn marks_after(body: &mut String, text: &mut String, run: &Run, a: &Atom, tracking: Option<Pt>) {
    let end = a.at + a.text.len();
    for (at, mark) in run.marks {
        let here = if a.at == 0 {
            *at <= end
        } else {
            a.at < *at && *at <= end
        };
        if here {
            flush(body, text, tracking);
            body.push_str(mark);
        }
    }
}

/// Writes the text gathered so far as one run; with `tracking`, set that far apart (a spread
/// line: every gap in the run is between two hanzi, and each gets the line's share).
fn flush(body: &mut String, text: &mut String, tracking: Option<Pt>) {
    if !text.is_empty() {
        match tracking {
            Some(t) => {
                let _ = write!(body, "#text(tracking: {t})[#{}]#gw-end", string(text));
            }
            None => {
                let _ = write!(body, "#{}#gw-end", string(text));
            }
        }
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
            natural: if kind == Kind::Wide { 1.0 } else { 0.5 },
        }
    }

    #[test]
    fn closing_marks_never_start_a_line() {
        // Four cells: 一二三四 fit, 。 may not start the next line, so 四 goes down with it.
        let texts = ["一", "二", "三", "四", "。", "五"];
        let atoms: Vec<Atom> = texts.iter().map(|t| atom(t)).collect();
        let lines = break_lines(&atoms, 4.0, 0.0, 1.0);
        assert_eq!((lines[0].start, lines[0].end), (0, 3));
        assert_eq!((lines[1].start, lines[1].end), (3, 6));
    }

    #[test]
    fn a_line_is_pushed_in_when_two_marks_make_room() {
        // Five cells: 一，二三四 fit, 。 may not start a line: set ， and 。 half width, and the
        // line takes 四。 (no gap left to spread).
        let texts = ["一", "，", "二", "三", "四", "。", "五"];
        let atoms: Vec<Atom> = texts.iter().map(|t| atom(t)).collect();
        let lines = break_lines(&atoms, 5.0, 0.0, 1.0);
        assert_eq!((lines[0].start, lines[0].end), (0, 6));
        assert_eq!(lines[0].squeezed, vec![1, 5]);
        assert!(lines[0].spread.abs() < 1e-9);
        assert_eq!((lines[1].start, lines[1].end), (6, 7));
    }

    #[test]
    fn a_line_pushed_out_spreads_what_it_lacks() {
        let texts = ["一", "二", "三", "四", "。", "五"];
        let atoms: Vec<Atom> = texts.iter().map(|t| atom(t)).collect();
        let lines = break_lines(&atoms, 4.0, 0.0, 1.0);
        assert!((lines[0].spread - 1.0).abs() < 1e-9);
        assert_eq!(gaps(&atoms, &lines[0]), vec![1, 2]);
        assert_eq!(lines[1].spread, 0.0, "the last line keeps its width");
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
