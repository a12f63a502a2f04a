//! Table 四 of the national form: administrative review and litigation, each 总计 checked.

use std::sync::Arc;

use super::cells::{Num1, computed, count_error, keys, number, rule, sum};
use super::{col, origin};
use crate::build::checks::Break;
use crate::build::figures::Figures;
use crate::build::tables::{CellIn, Spec};
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Align, Origin};
use crate::forms;
use crate::model::FormDef;

/// Table 四: 行政复议 and 行政诉讼 (未经复议直接起诉, 复议后起诉), five columns each, one row.
pub(super) fn review(
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
