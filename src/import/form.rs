//! The national form's tables found among imported tables and read into `[form]` with every
//! number as published, so that `check` runs the form's arithmetic on a department's own file.
//! Everything it knows of a form is the form's description (`forms/*.toml`): a table is told
//! by the words the description prints ([`which`]), the form by all of its tables being there,
//! a row by the numbers typed in its labels (三、 （三） 1. → `三.三.1`, matched against the
//! description's labels) or else by its label, a row of numbers alone by the description's
//! value counts. A group printed as one row (（六）其他处理) becomes `[[form.replace]]`.

use std::collections::HashSet;

use super::{Outline, OutlineCell, OutlineTable};
use crate::forms::{Form, Printed, Row, Table, printed};
use crate::numbering::typed_number;

/// The national form as read: its kind, each table's rows and the rows it replaces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutlineForm {
    /// The form, e.g. `gov-disclosure-2021`.
    pub kind: String,
    /// Each table by name, in the form's order: its rows as read.
    pub tables: Vec<(String, Vec<ReadRow>)>,
    /// Groups printed as one row: (table, the form's rows it stands for, its key, its label).
    pub replace: Vec<(String, Vec<String>, String, String)>,
    /// Rows of the form the office's table does not have (an older template): (table, key,
    /// label), read as blank, so that the form prints whole and its rules still apply.
    pub missing: Vec<(String, String, String)>,
}

/// One row as read: its key, the label as printed when it is not the form's, its cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReadRow {
    /// The row's key in `[form.TABLE]`.
    pub key: String,
    /// The label as published, when it differs from the form's beyond spaces and brackets.
    pub label: Option<String>,
    /// The cells as printed.
    pub values: Vec<String>,
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

/// The share of `table`'s own words among `seen` (normalised texts).
fn share(table: &Table, seen: &HashSet<String>) -> f64 {
    let words = words(table);
    let found = words.iter().filter(|w| seen.contains(&norm(w))).count();
    found as f64 / words.len().max(1) as f64
}

fn texts(t: &OutlineTable) -> HashSet<String> {
    all_rows(t).flatten().map(|c| norm(&c.text)).collect()
}

/// Which built-in form table a table read back from a document is, by its cells' texts
/// (spaces and half-width brackets allowed): the form and table whose own words it holds most
/// of, when it holds at least half of them.
pub fn which<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<(String, String)> {
    let seen: HashSet<String> = texts.into_iter().map(norm).collect();
    let mut best: Option<(f64, String, String)> = None;
    for form in Form::names().into_iter().filter_map(Form::builtin) {
        for t in &form.tables {
            let s = share(t, &seen);
            if s >= 0.5 && best.as_ref().is_none_or(|b| s > b.0) {
                best = Some((s, form.name.clone(), t.name.clone()));
            }
        }
    }
    best.map(|(_, f, t)| (f, t))
}

/// Every row of a table, header rows included, its cells in column order.
fn all_rows(t: &OutlineTable) -> impl Iterator<Item = &Vec<OutlineCell>> {
    t.header.iter().chain(&t.rows)
}

/// The trailing cells of a row that hold a number as printed (or a none-mark, or nothing),
/// and the label cells before them.
fn split(row: &[OutlineCell]) -> (Vec<&str>, Vec<String>) {
    let n = row
        .iter()
        .rev()
        .take_while(|c| printed(&c.text) != Printed::Text)
        .count();
    let (labels, values) = row.split_at(row.len() - n);
    (
        labels.iter().map(|c| c.text.trim()).collect(),
        values.iter().map(|c| c.text.trim().to_string()).collect(),
    )
}

/// The numbers typed at the head of `labels`, by level, in `context` (what the rows above
/// set: a merged label stands once for the rows below it). Returns the row's own chain.
fn chain(context: &mut Vec<u32>, labels: &[&str]) -> Vec<u32> {
    let mut deepest = 0;
    for l in labels {
        if let Some(n) = typed_number(l) {
            let level = usize::from(n.level);
            context.resize(level, 0);
            context[level - 1] = n.value;
            deepest = level;
        }
    }
    context[..deepest.min(context.len())].to_vec()
}

/// A description row's chain: its groups' labels, then its own.
fn chain_of(table: &Table, row: &Row) -> Vec<u32> {
    let mut labels: Vec<&str> = row
        .group
        .iter()
        .flatten()
        .filter_map(|g| table.group(g).map(|g| g.label.as_str()))
        .collect();
    labels.extend(row.label.as_deref());
    chain(&mut Vec::new(), &labels)
}

/// A table with label columns, row by row: each row with numbers matched to a row of the
/// form (by typed numbers, else by label) or to a group printed as one row. `None` when a
/// row matches nothing.
fn labelled(
    t: &OutlineTable,
    table: &Table,
    replace: &mut Vec<(String, Vec<String>, String, String)>,
) -> Option<Vec<ReadRow>> {
    let rows: Vec<(&str, &Row, Vec<u32>)> = table
        .keyed()
        .map(|(k, r)| (k, r, chain_of(table, r)))
        .collect();
    let mut context = Vec::new();
    let mut out = Vec::new();
    for cells in all_rows(t) {
        let (mut labels, mut values) = split(cells);
        // Text a row of the form allows among its values (251000元) reads as a label cell:
        // a row known by an earlier label takes the cells after that label as values.
        let allows_text = |l: &&str| {
            rows.iter().any(|(_, r, _)| {
                !r.text.is_empty() && r.label.as_deref().map(norm) == Some(norm(l))
            })
        };
        if let Some(i) = labels.iter().position(allows_text) {
            let moved: Vec<String> = labels.drain(i + 1..).map(str::to_string).collect();
            values.splice(0..0, moved);
        }
        let own = chain(&mut context, &labels);
        let Some(&label) = labels.last() else {
            continue;
        };
        if values.is_empty() {
            continue;
        }
        let by_number = rows.iter().find(|(_, _, c)| !own.is_empty() && *c == own);
        let by_label = || {
            rows.iter()
                .find(|(_, r, _)| r.label.as_deref().map(norm) == Some(norm(label)))
        };
        if let Some((key, row, _)) = by_number.or_else(by_label) {
            let national = row.label.as_deref().map(norm);
            out.push(ReadRow {
                key: key.to_string(),
                label: (national.is_some() && national != Some(norm(label)))
                    .then(|| label.to_string()),
                values,
            });
            continue;
        }
        // A group printed as one row: its chain is the group's own.
        let group = table.groups.iter().find(|g| {
            !own.is_empty() && chain(&mut Vec::new(), &group_labels(table, &g.key)) == own
        })?;
        let stands: Vec<String> = rows
            .iter()
            .filter(|(_, r, _)| r.group.as_ref().is_some_and(|gs| gs.contains(&group.key)))
            .map(|(k, _, _)| k.to_string())
            .collect();
        let printed = if norm(label) == group.label {
            group.label.clone()
        } else {
            label.to_string()
        };
        replace.push((table.name.clone(), stands, group.key.clone(), printed));
        out.push(ReadRow {
            key: group.key.clone(),
            label: None,
            values,
        });
    }
    Some(out)
}

/// The labels of the groups from the outermost down to `key`, as a row standing in it has.
fn group_labels<'a>(table: &'a Table, key: &str) -> Vec<&'a str> {
    let path = table
        .keyed()
        .filter_map(|(_, r)| r.group.as_ref())
        .find(|g| g.iter().any(|x| x == key));
    let upto = path.map_or(&[][..], |g| {
        let end = g.iter().position(|x| x == key).map_or(0, |i| i + 1);
        &g[..end]
    });
    upto.iter()
        .filter_map(|g| table.group(g).map(|g| g.label.as_str()))
        .collect()
}

/// A table without label columns (the review table's one row of numbers): the first body row
/// of numbers alone that the form's rows fill, with or without their optional cells; or, laid
/// out a part a row, each body row labelled by a row's key.
fn unlabelled(t: &OutlineTable, table: &Table) -> Option<Vec<ReadRow>> {
    let rows: Vec<(&str, &Row)> = table.keyed().collect();
    let full: Vec<usize> = rows.iter().map(|(_, r)| table.values_of(r).len()).collect();
    let least: Vec<usize> = rows
        .iter()
        .zip(&full)
        .map(|((_, r), n)| n - table.optional_of(r).min(*n))
        .collect();
    let (all, some): (usize, usize) = (full.iter().sum(), least.iter().sum());
    let read: Vec<(Vec<&str>, Vec<String>)> = t.rows.iter().map(|r| split(r)).collect();
    // Laid out a part a row instead (行政复议 | 1 | 0 | …): each row by its key.
    let by_key: Vec<ReadRow> = read
        .iter()
        .filter_map(|(labels, v)| {
            let (key, _) = rows
                .iter()
                .find(|(k, _)| labels.last().map(|l| norm(l)) == Some(norm(k)))?;
            Some(ReadRow {
                key: key.to_string(),
                label: None,
                values: v.clone(),
            })
        })
        .collect();
    if by_key.len() == rows.len() {
        return Some(by_key);
    }
    let values = read
        .into_iter()
        .find(|(labels, v)| labels.is_empty() && (v.len() == all || v.len() == some))?
        .1;
    let counts = if values.len() == all { full } else { least };
    let mut at = 0;
    Some(
        rows.iter()
            .zip(counts)
            .map(|((key, _), n)| {
                at += n;
                ReadRow {
                    key: key.to_string(),
                    label: None,
                    values: values[at - n..at].to_vec(),
                }
            })
            .collect(),
    )
}

/// Finds a built-in form all of whose tables are among `outline.tables` (by their words) and,
/// when every one reads, takes them out into `outline.form`, their placement lines renamed
/// (`{table:table2}` → `{table:requests}`). Returns whether it did.
pub fn recognise(outline: &mut Outline) -> bool {
    let seen: Vec<HashSet<String>> = outline.tables.iter().map(texts).collect();
    let mut best: Option<(f64, Form, Vec<usize>)> = None;
    for form in Form::names().into_iter().filter_map(Form::builtin) {
        let mut used = Vec::new();
        let mut total = 0.0;
        for table in &form.tables {
            let found = (0..outline.tables.len())
                .filter(|i| outline.tables[*i].form && !used.contains(i))
                .map(|i| (share(table, &seen[i]), i))
                .filter(|(s, _)| *s >= 0.5)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let Some((s, i)) = found else { break };
            used.push(i);
            total += s;
        }
        if used.len() == form.tables.len() && best.as_ref().is_none_or(|b| total > b.0) {
            best = Some((total, form, used));
        }
    }
    let Some((_, form, used)) = best else {
        return false;
    };
    let mut replace = Vec::new();
    let mut missing = Vec::new();
    let mut tables = Vec::new();
    for (table, &i) in form.tables.iter().zip(&used) {
        let read = if table.stub > 0 {
            labelled(&outline.tables[i], table, &mut replace)
        } else {
            unlabelled(&outline.tables[i], table)
        };
        let Some(mut rows) = read.filter(|r| !r.is_empty()) else {
            return false;
        };
        // A few rows of the form not in the office's table: blank, said. More: not this form.
        let stands: Vec<&String> = replace
            .iter()
            .filter(|r| r.0 == table.name)
            .flat_map(|r| &r.1)
            .collect();
        let lacking: Vec<(&str, &Row)> = table
            .keyed()
            .filter(|(k, r)| {
                !r.optional_row
                    && !rows.iter().any(|x| x.key == *k)
                    && !stands.iter().any(|s| s.as_str() == *k)
            })
            .collect();
        if lacking.len() > (table.keyed().count() / 8).max(2) {
            return false;
        }
        for (key, row) in lacking {
            let blank = vec![String::new(); table.values_of(row).len()];
            let at = table
                .keyed()
                .position(|(k, _)| k == key)
                .unwrap_or(rows.len());
            rows.insert(
                at.min(rows.len()),
                ReadRow {
                    key: key.to_string(),
                    label: None,
                    values: blank,
                },
            );
            let label = table.full_label(row).unwrap_or_else(|| key.to_string());
            missing.push((table.name.clone(), key.to_string(), label));
        }
        tables.push((table.name.clone(), rows));
    }
    let names: Vec<(String, String)> = used
        .iter()
        .zip(&form.tables)
        .map(|(&i, t)| {
            (
                format!("{{table:{}}}", outline.tables[i].name),
                t.name.clone(),
            )
        })
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
        !used.contains(&(i - 1))
    });
    outline.form = Some(OutlineForm {
        kind: form.name.clone(),
        tables,
        replace,
        missing,
    });
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_told_by_the_words_of_the_form_it_holds() {
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

    fn table(rows: &[&[&str]]) -> OutlineTable {
        let cell = |(col, t): (usize, &&str)| OutlineCell {
            text: t.to_string(),
            col,
            cols: 1,
            rows: 1,
            align: None,
        };
        OutlineTable {
            rows: rows
                .iter()
                .map(|r| r.iter().enumerate().map(cell).collect())
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn the_review_table_reads_as_one_row_of_numbers_or_a_part_a_row() {
        let f = Form::builtin("gov-disclosure-2021").unwrap();
        let review = f.table("review").unwrap();
        let keys = |rows: Vec<ReadRow>| -> Vec<(String, usize)> {
            rows.into_iter().map(|r| (r.key, r.values.len())).collect()
        };
        let one: Vec<&str> = ["1", "0", "0", "0", "1"].repeat(3);
        let got = keys(unlabelled(&table(&[&one]), review).unwrap());
        assert_eq!(
            got,
            [
                ("行政复议".into(), 5),
                ("未经复议直接起诉".into(), 5),
                ("复议后起诉".into(), 5)
            ]
        );
        // Twelve numbers: the totals left out.
        let twelve: Vec<&str> = ["1", "0", "0", "0"].repeat(3);
        let got = keys(unlabelled(&table(&[&twelve]), review).unwrap());
        assert_eq!(got[2], ("复议后起诉".into(), 4));
        let parts = table(&[
            &["行政复议", "1", "0", "0", "0", "1"],
            &["未经复议直接起诉", "0", "0", "0", "0", "0"],
            &["复议后起诉", "0", "1", "0", "0", "1"],
        ]);
        let got = keys(unlabelled(&parts, review).unwrap());
        assert_eq!(got[1], ("未经复议直接起诉".into(), 5));
        assert!(unlabelled(&table(&[&["1", "2", "3"]]), review).is_none());
    }

    #[test]
    fn a_rows_key_comes_from_the_numbers_typed_in_its_labels() {
        let f = Form::builtin("gov-disclosure-2021").unwrap();
        let t = f.table("requests").unwrap();
        let chains: Vec<(&str, Vec<u32>)> = t.keyed().map(|(k, r)| (k, chain_of(t, r))).collect();
        assert!(chains.contains(&("三.三.1", vec![3, 3, 1])));
        assert!(chains.contains(&("三.七", vec![3, 7])));
        assert!(chains.contains(&("四", vec![4])));
        assert_eq!(chain(&mut Vec::new(), &group_labels(t, "三.六")), [3, 6]);
    }
}
