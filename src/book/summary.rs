//! `[summary]` of a yearbook: its columns read, the 汇总表 built by the builder
//! ([`crate::builder::summary`]) and bound as the book's last part.

use std::sync::Arc;

use crate::builder::{Project, SummaryColumn};
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{BookPart, Meta, Origin};
use crate::forms::CellRef;
use crate::layout::Layout;

/// `parts` with the summary's part after them, when the yearbook has a `[summary]`; the
/// problems when it cannot be built.
pub(super) fn add(
    file: &Arc<SourceFile>,
    def: &super::model::Yearbook,
    reports: &[Project],
    layout: &Layout,
    mut parts: Vec<BookPart>,
    problems: &mut Vec<Diagnostic>,
) -> Result<Vec<BookPart>, Vec<Diagnostic>> {
    let all: Vec<&Project> = reports.iter().collect();
    match part(file, def, &all, layout, problems) {
        Ok(Some(p)) => {
            parts.push(p);
            Ok(parts)
        }
        Ok(None) => Ok(parts),
        Err(()) => Err(std::mem::take(problems)),
    }
}

/// What building the `[summary]` over `reports` finds — the same as [`add`] (for `check`).
pub(super) fn problems(
    file: &Arc<SourceFile>,
    def: &super::model::Yearbook,
    reports: &[&Project],
    layout: &Layout,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let _ = part(file, def, reports, layout, &mut problems);
    problems
}

/// The summary's part, `None` without a `[summary]`; `Err` (its problems pushed) when it cannot
/// be built.
fn part(
    file: &Arc<SourceFile>,
    def: &super::model::Yearbook,
    reports: &[&Project],
    layout: &Layout,
    problems: &mut Vec<Diagnostic>,
) -> Result<Option<BookPart>, ()> {
    let Some(s) = &def.summary else {
        return Ok(None);
    };
    let columns: Vec<SummaryColumn> = s
        .columns
        .iter()
        .map(|c| {
            let d = c.get_ref();
            SummaryColumn {
                title: d.title.clone(),
                cell: CellRef {
                    table: d.table.clone(),
                    row: d.row.clone(),
                    column: d.column.clone(),
                },
                origin: Origin(Some((file.clone(), c.span()))),
            }
        })
        .collect();
    if columns.is_empty() {
        problems.push(
            Diagnostic::error("the [summary] has no columns")
                .in_file(file)
                .hint("give it columns = [{ title = \"新收申请\", table = \"requests\", row = \"一\", column = \"总计\" }]"),
        );
        return Err(());
    }
    let title = s
        .title
        .clone()
        .unwrap_or_else(|| "政府信息公开工作主要数据汇总表".into());
    let meta = Meta {
        title: title.clone(),
        author: def.yearbook.office.get_ref().trim().to_string(),
        subject: String::new(),
        keywords: Vec::new(),
        date: None,
        lang: "zh-CN",
    };
    match crate::builder::summary(file, &title, &columns, reports, meta, layout, problems) {
        Some(doc) => Ok(Some(BookPart {
            title: s.part.clone().unwrap_or_else(|| "数据汇总".into()),
            reports: vec![doc],
        })),
        None => Err(()),
    }
}
