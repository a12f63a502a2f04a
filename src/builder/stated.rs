//! The report's text against its own form: a number that a phrase of the text states (as the
//! form description's `[text]` says: 受理政府信息公开申请…件 → 一、本年新收 总计) is compared with
//! that cell, or with the sum of the cells it names. A disagreement is a finding of kind
//! [`Kind::Text`] naming the sentence, the cell and both numbers. Precision first: only a
//! number right after its phrase (fillers such as 共 between) and before a unit is read; a
//! clause naming another year, a change or one column is not; a phrase inside a longer one
//! gives way to it; two phrases claiming one number are both left unread.

use std::ops::Range;
use std::sync::Arc;

use super::cite;
use super::forms::FormCells;
use crate::diag::{Diagnostic, Kind, SourceFile};
use crate::doc::Origin;
use crate::forms::{Form, Phrases};
use crate::number::{Dec, Num};
use crate::printed::leading;

/// A paragraph as printed and its line's place.
pub struct Said {
    /// The paragraph's text with its citations resolved.
    pub text: String,
    /// Where the line is.
    pub origin: Origin,
}

/// A number a phrase states.
#[derive(Debug, Clone)]
struct Match {
    phrase: usize,
    /// The phrase's words in the paragraph.
    words: Range<usize>,
    /// From the words to the unit.
    whole: Range<usize>,
    /// The number as written.
    digits: Range<usize>,
    number: String,
}

const ENDS: &[char] = &['，', '。', '；', '！', '？', ',', ';', '\n'];

/// The clauses of `text`, as byte ranges.
fn clauses(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if ENDS.contains(&c) {
            out.push(start..i);
            start = i + c.len_utf8();
        }
    }
    out.push(start..text.len());
    out
}

/// Whether `clause` names a year other than `year` (2018年 in a 2019 report).
fn other_year(clause: &str, year: Option<i32>) -> bool {
    let b = clause.as_bytes();
    (0..b.len().saturating_sub(3)).any(|i| {
        b[i..i + 4].iter().all(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && clause[i + 4..].starts_with('年')
            && clause[i..i + 4].parse::<i32>().ok() != year
    })
}

/// The numbers the phrases of `p` state in `clause` (at `base` in the paragraph).
fn find(p: &Phrases, clause: &str, base: usize) -> Vec<Match> {
    let mut found = Vec::new();
    for (pi, phrase) in p.phrases.iter().enumerate() {
        for w in &phrase.words {
            for (at, _) in clause.match_indices(w.as_str()) {
                if p.negations
                    .iter()
                    .any(|n| clause[..at].ends_with(n.as_str()))
                {
                    continue;
                }
                let mut rest = at + w.len();
                for _ in 0..3 {
                    let t = clause[rest..].trim_start();
                    rest = clause.len() - t.len();
                    let fill = p
                        .between
                        .iter()
                        .filter(|b| t.starts_with(b.as_str()))
                        .map(String::len)
                        .max();
                    match fill {
                        Some(n) => rest += n,
                        None => break,
                    }
                }
                let t = clause[rest..].trim_start();
                let Some((n, number)) = leading(t) else {
                    continue;
                };
                let after = t[n..].trim_start();
                let Some(unit) = p.units.iter().find(|u| after.starts_with(u.as_str())) else {
                    continue;
                };
                let end = clause.len() - after.len() + unit.len();
                let digits = clause.len() - t.len();
                found.push(Match {
                    phrase: pi,
                    words: base + at..base + at + w.len(),
                    whole: base + at..base + end,
                    digits: base + digits..base + digits + n,
                    number: number.replace(',', ""),
                });
            }
        }
    }
    // A phrase inside a longer one (部分公开 in 予以公开及部分公开) gives way to it: in order of
    // start (the longer first), a match ending no later than one before it is inside it. One
    // sweep, so that a long paragraph of phrases costs its length, not its square.
    found.sort_by_key(|m| (m.words.start, std::cmp::Reverse(m.words.end)));
    let mut kept: Vec<Match> = Vec::new();
    let mut reach: Option<Range<usize>> = None;
    for m in found {
        if let Some(r) = &reach
            && *r != m.words
            && m.words.end <= r.end
        {
            continue;
        }
        if reach.as_ref().is_none_or(|r| m.words.end > r.end) {
            reach = Some(m.words.clone());
        }
        kept.push(m);
    }
    // One number claimed by two phrases of other cells: nobody can tell which; neither.
    let mut claims: std::collections::HashMap<usize, std::collections::HashSet<usize>> =
        std::collections::HashMap::new();
    for m in &kept {
        claims.entry(m.whole.end).or_default().insert(m.phrase);
    }
    kept.into_iter()
        .filter(|m| claims[&m.whole.end].len() == 1)
        .collect()
}

fn at_of(o: &Origin) -> String {
    match &o.0 {
        Some((f, r)) => {
            let (l, c) = f.line_col(r.start);
            format!("{}:{l}:{c}", f.name)
        }
        None => String::new(),
    }
}

/// The numbers the phrases of `p` state in `text` (a paragraph as printed) of a report of
/// `year`, as the check reads them.
fn matches(p: &Phrases, text: &str, year: Option<i32>) -> Vec<Match> {
    let mut out = Vec::new();
    for clause in clauses(text) {
        let words = &text[clause.clone()];
        if p.skip.iter().any(|w| words.contains(w.as_str())) || other_year(words, year) {
            continue;
        }
        out.extend(find(p, words, clause.start));
    }
    out
}

/// A number a phrase of the text states, as [`check`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// The phrase (an index into [`Phrases::phrases`]).
    pub phrase: usize,
    /// The number's bytes in the text, as written.
    pub digits: Range<usize>,
    /// The number, without thousands commas and in ASCII digits.
    pub number: String,
}

/// Every number the phrases of `p` state in `text` (a paragraph as printed) of a report of
/// `year` — the same reading the check makes (for `import`, which cites the cells).
pub fn statements(p: &Phrases, text: &str, year: Option<i32>) -> Vec<Statement> {
    matches(p, text, year)
        .into_iter()
        .map(|m| Statement {
            phrase: m.phrase,
            digits: m.digits,
            number: m.number,
        })
        .collect()
}

/// Every number the text states that its cells do not give.
pub fn check(
    file: &Arc<SourceFile>,
    form: &Form,
    cells: &FormCells,
    said: &[Said],
    year: Option<i32>,
) -> Vec<Diagnostic> {
    let Some(p) = &form.text else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for s in said {
        for m in matches(p, &s.text, year) {
            if let Some(d) = compare(file, p, cells, s, &m) {
                out.push(d);
            }
        }
    }
    out
}

fn compare(
    file: &Arc<SourceFile>,
    p: &Phrases,
    cells: &FormCells,
    s: &Said,
    m: &Match,
) -> Option<Diagnostic> {
    let phrase = &p.phrases[m.phrase];
    let stated = Dec::parse(&m.number).ok()?;
    let mut sum = Num::ZERO;
    let mut scale = 0;
    let mut terms = Vec::new();
    let mut places = Vec::new();
    for c in &phrase.cells {
        let cell = cells.cell(&c.table, &c.row, &c.column)?;
        let v = cell.value?;
        sum = sum.checked_add(v).ok()?;
        scale = scale.max(cell.scale);
        let label = cells
            .table(&c.table)
            .and_then(|t| t.row(&c.row))
            .map_or(c.row.as_str(), |r| r.label.as_str());
        terms.push(format!(
            "\"{}\" ({label}) {} {}",
            c.row,
            c.column,
            v.round(cell.scale).ok()?
        ));
        places.push(at_of(&cell.origin));
    }
    let scale = scale.max(stated.scale);
    let computed = sum.round(scale).ok()?;
    if stated.widen(scale) == computed {
        return None;
    }
    // Another reading of the words that gives the number: not a disagreement.
    if phrase
        .or
        .iter()
        .any(|reading| sum_of(cells, reading).is_some_and(|(v, sc)| agree(v, sc, &stated)))
    {
        return None;
    }
    let table = &phrase.cells[0].table;
    let what = &s.text[m.words.clone()];
    let table_title = cells.table(table).map_or("", |t| t.title.as_str());
    let cell_words = if phrase.cells.len() == 1 {
        format!("its cell gives {computed}")
    } else {
        format!("its {} cells give {computed}", phrase.cells.len())
    };
    let message = format!(
        "the text says {what} {stated}, but table {table} ({table_title}) says otherwise: {cell_words}"
    );
    let quoted = &s.text[m.whole.clone()];
    let mut d = Diagnostic::warning(message)
        .kind(Kind::Text)
        .label(format!("the text: {stated}; the table: {computed}"))
        .hint(format!("the table: {} = {computed}", terms.join(" + ")));
    for (t, place) in terms.iter().zip(&places) {
        if !place.is_empty() {
            d = d.hint(format!("{t} is at {place}"));
        }
    }
    if let Some(col) = one_column(cells, phrase, &stated) {
        d = d.hint(format!(
            "the {col} column alone gives {stated}: the text may quote one column for the total"
        ));
    }
    let d = d.hint("correct the text or the table; cite the cell's figure so the two cannot part");
    Some(match place(&s.origin, quoted, what) {
        Some((f, r)) => d.at(&f, r),
        None => d.in_file(file),
    })
}

/// The sum of `cells` and their widest decimals; `None` when one is blank or unknown.
fn sum_of(cells: &FormCells, refs: &[crate::forms::CellRef]) -> Option<(Num, u32)> {
    let mut sum = Num::ZERO;
    let mut scale = 0;
    for c in refs {
        let cell = cells.cell(&c.table, &c.row, &c.column)?;
        sum = sum.checked_add(cell.value?).ok()?;
        scale = scale.max(cell.scale);
    }
    Some((sum, scale))
}

/// Whether `v` (at `scale` decimals) is the number stated.
fn agree(v: Num, scale: u32, stated: &Dec) -> bool {
    let scale = scale.max(stated.scale);
    v.round(scale).is_ok_and(|d| d == stated.widen(scale))
}

/// Where the text stands in its line as written: the words and the number when the line
/// has them as printed, else the phrase's words up to the end of the citation after them, else
/// the line.
fn place(o: &Origin, quoted: &str, words: &str) -> Option<(Arc<SourceFile>, Range<usize>)> {
    let (f, whole) = o.0.as_ref()?;
    let raw = f.text.get(whole.clone()).unwrap_or("");
    if let Some(at) = raw.find(quoted) {
        return Some((f.clone(), whole.start + at..whole.start + at + quoted.len()));
    }
    if let Some(at) = raw.find(words) {
        let after = &raw[at + words.len()..];
        let end = match after.find('}') {
            Some(close) if after.trim_start().starts_with('{') && close < 80 => close + 1,
            _ => 0,
        };
        return Some((
            f.clone(),
            whole.start + at..whole.start + at + words.len() + end,
        ));
    }
    cite::span_of(o, "", 0..0)
}

/// A column other than the phrase's whose cells sum to `stated` (the 自然人 column).
fn one_column(cells: &FormCells, phrase: &crate::forms::Phrase, stated: &Dec) -> Option<String> {
    let t = cells.table(&phrase.cells[0].table)?;
    let first = t.row(&phrase.cells[0].row)?;
    first
        .cells
        .iter()
        .map(|c| c.column.as_str())
        .filter(|col| phrase.cells.iter().all(|c| c.column != *col))
        .find(|col| {
            let mut sum = Num::ZERO;
            for c in &phrase.cells {
                let Some(v) = cells.cell(&c.table, &c.row, col).and_then(|c| c.value) else {
                    return false;
                };
                let Ok(s) = sum.checked_add(v) else {
                    return false;
                };
                sum = s;
            }
            sum.round(stated.scale).is_ok_and(|d| d == *stated)
        })
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_and_years() {
        assert_eq!(clauses("甲，乙。丙").len(), 3);
        assert!(other_year("2018年受理申请", Some(2019)));
        assert!(!other_year("2019年受理申请", Some(2019)));
        assert!(!other_year("共12019件", Some(2019)));
    }

    #[test]
    fn the_longer_phrase_wins_and_numbers_need_units() {
        let form = Form::builtin("gov-disclosure-2021").unwrap();
        let p = form.text.as_ref().unwrap();
        let m = find(p, "予以公开及部分公开258件", 0);
        assert_eq!(m.len(), 1);
        assert_eq!(p.phrases[m[0].phrase].cells.len(), 2);
        assert_eq!(m[0].number, "258");
        let m = find(p, "共受理政府信息公开申请共计１７件", 0);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].number, "17");
        assert!(find(p, "予以公开258", 0).is_empty());
        assert!(find(p, "不予公开3件", 0).len() == 1);
        assert!(find(p, "未予以公开3件", 0).is_empty());
    }

    #[test]
    fn a_long_clause_of_phrases_is_read_in_one_sweep() {
        let form = Form::builtin("gov-disclosure-2021").unwrap();
        let p = form.text.as_ref().unwrap();
        let clause = "予以公开及部分公开1件".repeat(20_000);
        let m = find(p, &clause, 0);
        // Each number once, by the longer phrase (部分公开 inside it gives way).
        assert_eq!(m.len(), 20_000);
        assert!(m.iter().all(|m| p.phrases[m.phrase].cells.len() == 2));
    }
}
