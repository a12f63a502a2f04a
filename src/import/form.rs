//! The national form's three tables found among imported tables by their labels (信息内容 /
//! 本年制发件数…, 申请人情况 / 一、本年新收…, 行政复议 / 行政诉讼), in the 2021 or the 2019 format as
//! the labels say, and read into `[form]` with every number as published, so that `check` runs
//! the form's arithmetic on a department's own file. Rows are keyed by their printed labels
//! (`规章`; `一`, `三.三.1`, `三.七`, `四` from the numbers typed in the stub; `行政复议` …), the
//! way a definition writes them; the form's rows and arithmetic stay the builder's.

use super::{Outline, OutlineCell, OutlineTable};
use std::collections::HashSet;

use crate::forms::{Form, Table};
use crate::numbering::{chinese_counting, typed_number};

/// The national form as read: its kind and each table's rows, numbers as printed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutlineForm {
    /// `gov-disclosure-2021` or `gov-disclosure-2019`.
    pub kind: String,
    /// `[form.active]`: (信息内容, numbers).
    pub active: Vec<(String, Vec<String>)>,
    /// `[form.requests]`: (row key, the six applicant columns and 总计).
    pub requests: Vec<(String, Vec<String>)>,
    /// `[form.review]`: (行政复议 / 未经复议直接起诉 / 复议后起诉, four results and 总计).
    pub review: Vec<(String, Vec<String>)>,
    /// Groups of `[form.requests]` printed as one row (（六）其他处理, say): (the form's rows
    /// it stands for, its key, its label as printed), written as `[[form.replace]]`.
    pub replace: Vec<(Vec<String>, String, String)>,
}

/// The placement names of the form's tables, as `[form]` places them.
pub const PLACES: [&str; 3] = ["active", "requests", "review"];

/// A cell that holds a number as printed (or a dash, or nothing), as the builder reads it.
fn is_value(t: &str) -> bool {
    crate::forms::printed(t) != crate::forms::Printed::Text
}

/// Every row of a table, header rows included, its cells in column order.
fn all_rows(t: &OutlineTable) -> impl Iterator<Item = &Vec<OutlineCell>> {
    t.header.iter().chain(&t.rows)
}

fn has(t: &OutlineTable, label: &str) -> bool {
    all_rows(t).flatten().any(|c| c.text.trim() == label)
}

/// The trailing value cells of a row, and the label cells before them.
fn split(row: &[OutlineCell]) -> (Vec<&str>, Vec<String>) {
    let n = row.iter().rev().take_while(|c| is_value(&c.text)).count();
    let (labels, values) = row.split_at(row.len() - n);
    (
        labels.iter().map(|c| c.text.trim()).collect(),
        values.iter().map(|c| c.text.trim().to_string()).collect(),
    )
}

fn active(t: &OutlineTable) -> Vec<(String, Vec<String>)> {
    all_rows(t)
        .filter_map(|row| {
            let (labels, values) = split(row);
            match labels.as_slice() {
                [label] if !values.is_empty() && *label != "信息内容" => {
                    Some((label.to_string(), values))
                }
                _ => None,
            }
        })
        .collect()
}

fn requests(t: &OutlineTable) -> Option<Vec<(String, Vec<String>, String)>> {
    let mut out = Vec::new();
    let (mut top, mut group): (Option<u32>, Option<u32>) = (None, None);
    for row in all_rows(t) {
        let (labels, values) = split(row);
        if values.len() < 6 || labels.is_empty() {
            continue;
        }
        let mut item = None;
        for l in &labels {
            match typed_number(l).map(|n| (n.level, n.value)) {
                Some((1, v)) => {
                    top = Some(v);
                    group = None;
                }
                Some((2, v)) => group = Some(v),
                Some((3, v)) => item = Some(v),
                _ => {}
            }
        }
        let key = match (top?, group) {
            (3, Some(g)) => {
                let mut k = format!("三.{}", chinese_counting(g));
                if let Some(i) = item {
                    k += &format!(".{i}");
                }
                k
            }
            (3, None) => return None,
            (v, _) => chinese_counting(v),
        };
        out.push((
            key,
            values,
            labels.last().map_or_else(String::new, |l| l.to_string()),
        ));
    }
    Some(out)
}

/// The rows of `requests` that stand for a whole group of the form's table (its items
/// printed as one row): each with the form's rows it replaces. `None` when a row is neither
/// a row nor a group of the form.
fn collapsed(
    kind: &str,
    requests: &[(String, Vec<String>, String)],
) -> Option<Vec<(Vec<String>, String, String)>> {
    let form = crate::forms::Form::builtin(kind)?;
    let table = form.table("requests")?;
    let mut out = Vec::new();
    for (key, _, label) in requests {
        if table.keyed().any(|(k, _)| k == key) {
            continue;
        }
        let group = table.group(key)?;
        // The group's own label when that is what is printed, half-width brackets or not.
        let label = if norm(label) == group.label {
            &group.label
        } else {
            label
        };
        let rows: Vec<String> = table
            .keyed()
            .filter(|(_, r)| r.group.as_ref().is_some_and(|g| g.contains(key)))
            .map(|(k, _)| k.to_string())
            .collect();
        out.push((rows, key.clone(), label.clone()));
    }
    Some(out)
}

fn review(t: &OutlineTable) -> Option<Vec<(String, Vec<String>)>> {
    let row = t
        .rows
        .iter()
        .map(|r| split(r))
        .find(|(labels, v)| labels.is_empty() && (v.len() == 15 || v.len() == 12))?
        .1;
    let width = row.len() / 3;
    Some(
        ["行政复议", "未经复议直接起诉", "复议后起诉"]
            .iter()
            .zip(row.chunks(width))
            .map(|(k, v)| (k.to_string(), v.to_vec()))
            .collect(),
    )
}

/// Finds the form's three tables in `outline.tables` and, when all three read, takes them out
/// into `outline.form`, their placement lines renamed (`{table:active}` …). Returns whether it did.
pub fn recognise(outline: &mut Outline) -> bool {
    let find =
        |f: &dyn Fn(&OutlineTable) -> bool| outline.tables.iter().position(|t| t.form && f(t));
    let (Some(a), Some(r), Some(v)) = (
        find(&|t| has(t, "信息内容")),
        find(&|t| has(t, "申请人情况") || has(t, "一、本年新收政府信息公开申请数量")),
        find(&|t| has(t, "行政复议") && has(t, "行政诉讼")),
    ) else {
        return false;
    };
    let tables = &outline.tables;
    let kind = if has(&tables[a], "本年制发件数") {
        "gov-disclosure-2021"
    } else if has(&tables[a], "本年新制作数量") || has(&tables[a], "本年新公开数量") {
        "gov-disclosure-2019"
    } else {
        return false;
    };
    let (Some(requests), Some(review)) = (requests(&tables[r]), review(&tables[v])) else {
        return false;
    };
    let active = active(&tables[a]);
    let Some(replace) = collapsed(kind, &requests) else {
        return false;
    };
    if active.is_empty() || requests.is_empty() {
        return false;
    }
    let requests = requests.into_iter().map(|(k, v, _)| (k, v)).collect();
    let names: Vec<(String, &str)> = [a, r, v]
        .iter()
        .zip(PLACES)
        .map(|(&i, place)| (format!("{{table:{}}}", tables[i].name), place))
        .collect();
    let rename = |p: &mut String| {
        if let Some((_, place)) = names.iter().find(|(n, _)| n == p) {
            *p = format!("{{table:{place}}}");
        }
    };
    outline.opening.iter_mut().for_each(rename);
    fn walk(s: &mut [super::OutlineSection], f: &dyn Fn(&mut String)) {
        for s in s {
            s.paragraphs.iter_mut().for_each(f);
            walk(&mut s.sections, f);
        }
    }
    walk(&mut outline.sections, &rename);
    let mut i = 0;
    outline.tables.retain(|_| {
        i += 1;
        ![a, r, v].contains(&(i - 1))
    });
    outline.form = Some(OutlineForm {
        kind: kind.into(),
        active,
        requests,
        review,
        replace,
    });
    true
}

/// Every word a form table prints of its own: headers, printed rows, groups, row labels.
fn words(table: &Table) -> Vec<&str> {
    let cells = table
        .header
        .iter()
        .flatten()
        .chain(table.rows.iter().flat_map(|r| &r.cells));
    let mut out: Vec<&str> = cells.map(|c| c.parts().0).collect();
    out.extend(table.groups.iter().map(|g| g.label.as_str()));
    out.extend(table.rows.iter().filter_map(|r| r.label.as_deref()));
    out.sort_unstable();
    out.dedup();
    out
}

/// A label as the form writes it: no spaces, full-width brackets, colon and comma.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            ':' => '：',
            ',' => '，',
            c => c,
        })
        .collect()
}

/// Which built-in form table a table read back from a document is, by its cells' texts
/// (spaces and half-width brackets allowed): the form and table whose own words it holds most
/// of, when it holds at least half of them. For readers such as the DOCX importer.
pub fn which<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<(String, String)> {
    let seen: HashSet<String> = texts.into_iter().map(norm).collect();
    let mut best: Option<(f64, String, String)> = None;
    for form in Form::names().into_iter().filter_map(Form::builtin) {
        for t in &form.tables {
            let words = words(t);
            let found = words.iter().filter(|w| seen.contains(&norm(w))).count();
            let share = found as f64 / words.len().max(1) as f64;
            if share >= 0.5 && best.as_ref().is_none_or(|b| share > b.0) {
                best = Some((share, form.name.clone(), t.name.clone()));
            }
        }
    }
    best.map(|(_, f, t)| (f, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_told_by_the_words_of_the_form_it_holds() {
        // A table read back by its words: the form's, or none.
        let f = Form::builtin("gov-disclosure-2019").unwrap();
        let requests = words(f.table("requests").unwrap());
        assert_eq!(
            which(requests.iter().copied().chain(["12", "0"])),
            Some(("gov-disclosure-2019".into(), "requests".into()))
        );
        let active = words(f.table("active").unwrap());
        assert_eq!(
            which(active),
            Some(("gov-disclosure-2019".into(), "active".into()))
        );
        assert_eq!(which(["项目", "金额", "合计", "其他"]), None);
    }
}
