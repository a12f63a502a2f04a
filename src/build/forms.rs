//! The national form in a report (`[form]`): its three tables drawn from the office's numbers
//! as [`crate::forms`] lays them out, and the form's own arithmetic applied — each row's 总计 is
//! the sum of the six applicant columns; in each column 一 + 二 = （七）总计 + 四 and （七）总计 is
//! the sum of the detail rows; in the review and litigation table each 总计 is the sum of its
//! four results. A total the office leaves out is computed; one it gives is checked.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::checks::Break;
use super::figures::Figures;
use super::number::{Dec, Num};
use super::tables::{CellIn, ColumnIn, Spec, cell_text};
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Align, Origin};
use crate::forms::{self, Kind, Part};
use crate::model::{CellDef, FormDef};

type RowDef = toml::Spanned<Vec<toml::Spanned<CellDef>>>;

/// The form's tables (by the names text places them with) and the breaks of its arithmetic.
#[derive(Debug, Default)]
pub struct Built {
    /// `active`, `requests`, `review`.
    pub tables: Vec<(String, Spec)>,
    /// Every break of the form's arithmetic.
    pub breaks: Vec<Break>,
}

/// A number cell of the form: as printed, its value, and where it is.
#[derive(Debug, Clone)]
struct Num1 {
    text: String,
    value: Num,
    scale: u32,
    origin: Origin,
}

fn origin(file: &Arc<SourceFile>, span: std::ops::Range<usize>) -> Origin {
    Origin(Some((file.clone(), span)))
}

/// A cell of table 三 or 四: a number, a cited figure, or an empty mark (blank, —, /) that
/// counts 0 and prints as written.
fn number(
    file: &Arc<SourceFile>,
    figures: &Figures,
    cell: &toml::Spanned<CellDef>,
    problems: &mut Vec<Diagnostic>,
) -> Option<Num1> {
    let (text, cols, rows, _) = cell_text(file, cell);
    let o = origin(file, cell.span());
    if cols.is_some() || rows.is_some() || matches!(cell.get_ref(), CellDef::Full(_)) {
        problems.push(
            Diagnostic::error("a cell of the form is a plain number")
                .at(file, cell.span())
                .hint("the form's merged cells are drawn by gongwen; write just the number"),
        );
        return None;
    }
    let t = text.trim();
    if matches!(t, "" | "—" | "/" | "-" | "－" | "／") {
        return Some(Num1 {
            text,
            value: Num::ZERO,
            scale: 0,
            origin: o,
        });
    }
    if let Some(name) = t.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        return match figures.get(name) {
            Some(f) => f.value.map(|v| Num1 {
                text,
                value: v,
                scale: f.decimals,
                origin: o,
            }),
            None => {
                let mut d = Diagnostic::error(format!("unknown figure `{name}`"))
                    .at(file, cell.span())
                    .label("no figure of this name");
                if let Some(s) = figures.suggest(name) {
                    d = d.hint(format!("did you mean `{s}`?"));
                }
                problems.push(d);
                None
            }
        };
    }
    match Dec::parse(t).ok().and_then(|d| Some((d.num().ok()?, d))) {
        Some((value, d)) => Some(Num1 {
            text,
            value,
            scale: d.scale,
            origin: o,
        }),
        None => {
            problems.push(
                Diagnostic::error(format!("`{t}` is not a number"))
                    .at(file, cell.span())
                    .hint("a cell of the form is a number, a figure such as \"{apply.total}\", or empty: \"\", \"—\" or \"/\""),
            );
            None
        }
    }
}

fn sum(values: &[&Num1]) -> (Num, u32) {
    values.iter().fold((Num::ZERO, 0), |(a, s), v| {
        (a.checked_add(v.value).unwrap_or(a), s.max(v.scale))
    })
}

fn computed(value: Num, scale: u32, origin: &Origin) -> Num1 {
    let text = value
        .round(scale)
        .map(|d| d.to_string())
        .unwrap_or_default();
    Num1 {
        text,
        value,
        scale,
        origin: origin.clone(),
    }
}

/// A break when `stated` differs from `computed` at the stated precision.
#[allow(clippy::too_many_arguments)]
fn rule(
    file: &Arc<SourceFile>,
    rule: &str,
    says: String,
    table: &str,
    row: &str,
    column: &str,
    stated: &Num1,
    computed: Num,
    scale: u32,
) -> Option<Break> {
    let scale = scale.max(stated.scale);
    let (s, c) = (stated.value.round(scale).ok()?, computed.round(scale).ok()?);
    if s == c {
        return None;
    }
    let message = format!(
        "{table}, row {row}, column {column}: {says}, but the table says {s} where the rule gives {c}"
    );
    let d = Diagnostic::warning(message).label(format!("{s}; the rule gives {c}")).hint(format!("the form's rule: {says}")).hint(
        "gongwen never changes a figure of the form: correct the number, or the numbers it is computed from",
    );
    let d = match &stated.origin.0 {
        Some((f, r)) => d.at(f, r.clone()),
        None => d.in_file(file),
    };
    Some(Break {
        rule: rule.into(),
        says,
        stated: s.to_string(),
        computed: c.to_string(),
        figure: None,
        table: Some(table.into()),
        row: Some(row.into()),
        column: Some(column.into()),
        citations: Vec::new(),
        diagnostic: d,
    })
}

/// Checks keys of a `[form.X]` table against the form's rows: unknown and missing ones.
fn keys(
    file: &Arc<SourceFile>,
    what: &str,
    given: &BTreeMap<String, RowDef>,
    want: &[String],
    optional: &[&str],
    at: std::ops::Range<usize>,
    problems: &mut Vec<Diagnostic>,
) {
    for (k, v) in given {
        if !want.contains(k) {
            problems.push(
                Diagnostic::error(format!("[form.{what}] has no row `{k}`"))
                    .at(file, v.span())
                    .hint(format!(
                        "its rows are {}",
                        want.iter()
                            .map(|w| format!("\"{w}\""))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
            );
        }
    }
    let missing: Vec<&String> = want
        .iter()
        .filter(|w| !given.contains_key(*w) && !optional.contains(&w.as_str()))
        .collect();
    if !missing.is_empty() {
        problems.push(
            Diagnostic::error(format!(
                "[form.{what}] leaves out row{} {}",
                if missing.len() == 1 { "" } else { "s" },
                missing
                    .iter()
                    .map(|m| format!("\"{m}\""))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .at(file, at)
            .hint("every row of the form is filled in; write 0 (or \"—\") for none"),
        );
    }
}

fn count_error(
    file: &Arc<SourceFile>,
    what: &str,
    key: &str,
    row: &RowDef,
    want: &str,
    problems: &mut Vec<Diagnostic>,
) {
    problems.push(
        Diagnostic::error(format!(
            "row \"{key}\" of [form.{what}] has {} numbers; it takes {want}",
            row.get_ref().len()
        ))
        .at(file, row.span())
        .hint(
            "count the form's columns (gongwen new --form writes every row with its columns named)",
        ),
    );
}

/// Builds the form's tables and applies its arithmetic.
pub fn build(
    file: &Arc<SourceFile>,
    def: &FormDef,
    figures: &Figures,
    problems: &mut Vec<Diagnostic>,
) -> Built {
    let Some(kind) = Kind::parse(def.kind.get_ref()) else {
        let known: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
        problems.push(
            Diagnostic::error(format!("unknown form `{}`", def.kind.get_ref()))
                .at(file, def.kind.span())
                .label("not a built-in form")
                .hint(format!("the forms are {}", known.join(", "))),
        );
        return Built::default();
    };
    let at = def.kind.span();
    let table_origin = origin(file, super::tables::find(&file.text, "[form]"));
    let mut out = Built::default();
    out.tables.push((
        "active".into(),
        active(file, kind, def, &table_origin, at.clone(), problems),
    ));
    let (requests, breaks) = requests(
        file,
        kind,
        def,
        figures,
        &table_origin,
        at.clone(),
        problems,
    );
    out.tables.push(("requests".into(), requests));
    out.breaks.extend(breaks);
    let (review, breaks) = review(file, def, figures, &table_origin, at, problems);
    out.tables.push(("review".into(), review));
    out.breaks.extend(breaks);
    out
}

fn col(title: &str, width: f64, align: Align) -> ColumnIn {
    ColumnIn {
        title: title.into(),
        unit: None,
        width,
        align,
    }
}

/// Table 二: blocks, each under a full-width row naming its clause; four grid columns, a
/// block with fewer value columns letting its last one span the rest.
fn active(
    file: &Arc<SourceFile>,
    kind: Kind,
    def: &FormDef,
    o: &Origin,
    at: std::ops::Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> Spec {
    let want: Vec<String> = kind
        .active()
        .iter()
        .flat_map(|b| b.rows.iter().map(|r| r.to_string()))
        .collect();
    keys(file, "active", &def.active, &want, &[], at, problems);
    let mut body = Vec::new();
    for block in kind.active() {
        body.push((
            vec![
                CellIn::new(block.clause, o.clone())
                    .cols(4)
                    .align(Align::Center),
            ],
            o.clone(),
        ));
        let n = block.columns.len() - 1;
        let spans: Vec<usize> = (0..n).map(|i| if i + 1 == n { 4 - n } else { 1 }).collect();
        let mut heads = vec![CellIn::new(block.columns[0], o.clone()).align(Align::Center)];
        for (i, c) in block.columns[1..].iter().enumerate() {
            heads.push(
                CellIn::new(*c, o.clone())
                    .cols(spans[i])
                    .align(Align::Center),
            );
        }
        body.push((heads, o.clone()));
        for row in block.rows {
            let Some(given) = def.active.get(*row) else {
                continue;
            };
            if given.get_ref().len() != n {
                count_error(
                    file,
                    "active",
                    row,
                    given,
                    &format!("{n} ({})", block.columns[1..].join(", ")),
                    problems,
                );
                continue;
            }
            let mut cells = vec![CellIn::new(*row, origin(file, given.span())).align(Align::Left)];
            for (i, c) in given.get_ref().iter().enumerate() {
                let (text, cols, rows, _) = cell_text(file, c);
                if cols.is_some() || rows.is_some() {
                    problems.push(
                        Diagnostic::error("a cell of the form is a plain value").at(file, c.span()),
                    );
                }
                cells.push(CellIn::new(text, origin(file, c.span())).cols(spans[i]));
            }
            body.push((cells, origin(file, given.span())));
        }
    }
    Spec {
        caption: None,
        columns: vec![
            col("信息内容", 2.0, Align::Left),
            col("", 1.0, Align::Right),
            col("", 1.0, Align::Right),
            col("", 1.0, Align::Right),
        ],
        header: Vec::new(),
        has_header: false,
        body,
        stub: 1,
        notes: Vec::new(),
        origin: o.clone(),
    }
}

/// Table 三: three header rows, three label columns, seven number columns.
fn requests(
    file: &Arc<SourceFile>,
    kind: Kind,
    def: &FormDef,
    figures: &Figures,
    o: &Origin,
    at: std::ops::Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> (Spec, Vec<Break>) {
    let table = "table requests (收到和处理政府信息公开申请情况)";
    let rows = kind.requests();
    let want: Vec<String> = rows.iter().map(|r| r.key.clone()).collect();
    keys(
        file,
        "requests",
        &def.requests,
        &want,
        &["三.七"],
        at,
        problems,
    );
    let mut breaks = Vec::new();
    // Every row's seven numbers; None where the row is missing or wrong.
    let mut values: Vec<Option<[Num1; 7]>> = Vec::new();
    let label_of = |r: &forms::RequestRow| match r.group {
        Some(g) => format!("{g}{}", r.label),
        None => r.label.to_string(),
    };
    for r in &rows {
        let Some(given) = def.requests.get(&r.key) else {
            values.push(None);
            continue;
        };
        let n = given.get_ref().len();
        if n != 6 && n != 7 {
            count_error(
                file,
                "requests",
                &r.key,
                given,
                "6 (自然人 … 其他) or 7 (with 总计)",
                problems,
            );
            values.push(None);
            continue;
        }
        let nums: Vec<Option<Num1>> = given
            .get_ref()
            .iter()
            .map(|c| number(file, figures, c, problems))
            .collect();
        if nums.iter().any(Option::is_none) {
            values.push(None);
            continue;
        }
        let mut nums: Vec<Num1> = nums.into_iter().flatten().collect();
        let (s, scale) = sum(&nums[..6].iter().collect::<Vec<_>>());
        if n == 7 {
            breaks.extend(rule(
                file,
                "row-total",
                "总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他".into(),
                table,
                &format!("\"{}\" ({})", r.key, label_of(r)),
                "总计",
                &nums[6],
                s,
                scale,
            ));
        } else {
            nums.push(computed(s, scale, &origin(file, given.span())));
        }
        values.push(Some(nums.try_into().expect("seven")));
    }
    // （七）总计: checked against, or computed from, the detail rows.
    let total_at = rows
        .iter()
        .position(|r| r.part == Part::Total)
        .expect("the form has a total row");
    let details: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.part == Part::Detail)
        .map(|(i, _)| i)
        .collect();
    let all_details = details.iter().all(|&i| values[i].is_some());
    if all_details {
        let mut col_sums = Vec::new();
        for c in 0..7 {
            let cells: Vec<&Num1> = details
                .iter()
                .map(|&i| &values[i].as_ref().expect("checked")[c])
                .collect();
            col_sums.push(sum(&cells));
        }
        match &values[total_at] {
            Some(given) => {
                for c in 0..7 {
                    breaks.extend(rule(
                        file,
                        "column-total",
                        "（七）总计 = the sum of the rows of （一） to （六）".into(),
                        table,
                        "\"三.七\" (（七）总计)",
                        forms::APPLICANTS[c],
                        &given[c],
                        col_sums[c].0,
                        col_sums[c].1,
                    ));
                }
            }
            None if !def.requests.contains_key("三.七") => {
                let at = o.clone();
                let cells: Vec<Num1> = col_sums
                    .iter()
                    .map(|(v, s)| computed(*v, *s, &at))
                    .collect();
                values[total_at] = Some(cells.try_into().expect("seven"));
            }
            None => {}
        }
    }
    let top = |k: &str| {
        rows.iter()
            .position(|r| r.key == k)
            .and_then(|i| values[i].as_ref())
    };
    if let (Some(one), Some(two), Some(total), Some(four)) =
        (top("一"), top("二"), values[total_at].as_ref(), top("四"))
    {
        for c in 0..7 {
            let (left, ls) = sum(&[&one[c], &two[c]]);
            let (right, rs) = sum(&[&total[c], &four[c]]);
            let stated = Num1 {
                text: String::new(),
                value: left,
                scale: ls,
                origin: one[c].origin.clone(),
            };
            breaks.extend(rule(
                file,
                "column-balance",
                "一 + 二 = （七）总计 + 四".into(),
                table,
                "一 + 二 against （七）总计 + 四",
                forms::APPLICANTS[c],
                &stated,
                right,
                rs,
            ));
        }
    }
    // The table itself.
    let c = |t: &str| CellIn::new(t, o.clone()).align(Align::Center);
    let header = vec![
        (
            vec![
                c(forms::REQUESTS_NOTE).cols(3).rows(3),
                c("申请人情况").cols(7),
            ],
            o.clone(),
        ),
        (
            vec![
                c("自然人").rows(2),
                c("法人或其他组织").cols(5),
                c("总计").rows(2),
            ],
            o.clone(),
        ),
        (
            forms::APPLICANTS[1..6].iter().map(|t| c(t)).collect(),
            o.clone(),
        ),
    ];
    let results = rows.iter().filter(|r| r.part != Part::Top).count();
    let mut body = Vec::new();
    let mut seen_results = false;
    let mut seen_groups: Vec<&str> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let ro = def
            .requests
            .get(&r.key)
            .map(|g| origin(file, g.span()))
            .unwrap_or_else(|| o.clone());
        let mut cells = Vec::new();
        match r.part {
            Part::Top => cells.push(CellIn::new(r.label, ro.clone()).cols(3).align(Align::Left)),
            _ => {
                if !seen_results {
                    seen_results = true;
                    cells.push(
                        CellIn::new(forms::RESULTS, o.clone())
                            .rows(results)
                            .align(Align::Center),
                    );
                }
                match r.group {
                    Some(g) => {
                        if !seen_groups.contains(&g) {
                            seen_groups.push(g);
                            let n = rows.iter().filter(|x| x.group == Some(g)).count();
                            cells.push(CellIn::new(g, o.clone()).rows(n));
                        }
                        cells.push(CellIn::new(r.label, ro.clone()));
                    }
                    None => cells.push(CellIn::new(r.label, ro.clone()).cols(2)),
                }
            }
        }
        match &values[i] {
            Some(v) => cells.extend(
                v.iter()
                    .map(|n| CellIn::new(n.text.clone(), n.origin.clone())),
            ),
            None => cells.extend((0..7).map(|_| CellIn::new("", ro.clone()))),
        }
        body.push((cells, ro));
    }
    let mut columns = vec![
        col("", 1.0, Align::Center),
        col("", 1.6, Align::Left),
        col("", 3.6, Align::Left),
    ];
    columns.extend(forms::APPLICANTS.iter().map(|t| col(t, 1.0, Align::Right)));
    let spec = Spec {
        caption: None,
        columns,
        header,
        has_header: true,
        body,
        stub: 3,
        notes: Vec::new(),
        origin: o.clone(),
    };
    (spec, breaks)
}

/// Table 四: 行政复议 and 行政诉讼 (未经复议直接起诉, 复议后起诉), five columns each, one row.
fn review(
    file: &Arc<SourceFile>,
    def: &FormDef,
    figures: &Figures,
    o: &Origin,
    at: std::ops::Range<usize>,
    problems: &mut Vec<Diagnostic>,
) -> (Spec, Vec<Break>) {
    let table = "table review (政府信息公开行政复议、行政诉讼情况)";
    let want: Vec<String> = forms::REVIEW_GROUPS
        .iter()
        .map(|(k, _)| k.to_string())
        .collect();
    keys(file, "review", &def.review, &want, &[], at, problems);
    let mut breaks = Vec::new();
    let mut cells = Vec::new();
    for (key, _) in forms::REVIEW_GROUPS {
        let given = def.review.get(key);
        let nums: Option<Vec<Num1>> = given.and_then(|g| {
            let n = g.get_ref().len();
            if n != 4 && n != 5 {
                count_error(
                    file,
                    "review",
                    key,
                    g,
                    "4 (结果维持, 结果纠正, 其他结果, 尚未审结) or 5 (with 总计)",
                    problems,
                );
                return None;
            }
            let v: Vec<Option<Num1>> = g
                .get_ref()
                .iter()
                .map(|c| number(file, figures, c, problems))
                .collect();
            v.into_iter().collect()
        });
        match (nums, given) {
            (Some(mut nums), Some(g)) => {
                let (s, scale) = sum(&nums[..4].iter().collect::<Vec<_>>());
                if nums.len() == 5 {
                    breaks.extend(rule(
                        file,
                        "group-total",
                        "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结".into(),
                        table,
                        key,
                        "总计",
                        &nums[4],
                        s,
                        scale,
                    ));
                } else {
                    nums.push(computed(s, scale, &origin(file, g.span())));
                }
                cells.extend(nums.into_iter().map(|n| CellIn::new(n.text, n.origin)));
            }
            _ => cells.extend((0..5).map(|_| CellIn::new("", o.clone()))),
        }
    }
    let c = |t: &str| CellIn::new(t, o.clone()).align(Align::Center);
    let mut row2 = forms::REVIEW_COLUMNS
        .iter()
        .map(|t| c(t).rows(2))
        .collect::<Vec<_>>();
    row2.push(c("未经复议直接起诉").cols(5));
    row2.push(c("复议后起诉").cols(5));
    let row3: Vec<CellIn> = forms::REVIEW_COLUMNS
        .iter()
        .chain(forms::REVIEW_COLUMNS.iter())
        .map(|t| c(t))
        .collect();
    let header = vec![
        (
            vec![c("行政复议").cols(5), c("行政诉讼").cols(10)],
            o.clone(),
        ),
        (row2, o.clone()),
        (row3, o.clone()),
    ];
    let columns = (0..15)
        .map(|i| col(forms::REVIEW_COLUMNS[i % 5], 1.0, Align::Center))
        .collect();
    let spec = Spec {
        caption: None,
        columns,
        header,
        has_header: true,
        body: vec![(cells, o.clone())],
        stub: 0,
        notes: Vec::new(),
        origin: o.clone(),
    };
    (spec, breaks)
}
