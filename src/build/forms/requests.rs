//! Table 三 of the national form: requests received and handled, with its row and column totals.

use std::sync::Arc;

use super::cells::{Num1, computed, count_error, keys, number, rule, sum};
use super::{col, origin};
use crate::build::checks::Break;
use crate::build::figures::Figures;
use crate::build::tables::{CellIn, Spec};
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Align, Origin};
use crate::forms::{self, Kind, Part};
use crate::model::FormDef;

/// Table 三: three header rows, three label columns, seven number columns.
pub(super) fn requests(
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
