//! The national form in a report (`[form]`): its three tables drawn from the office's numbers
//! as [`crate::forms`] lays them out, and the form's own arithmetic applied — each row's 总计 is
//! the sum of the six applicant columns; in each column 一 + 二 = （七）总计 + 四 and （七）总计 is
//! the sum of the detail rows; in the review and litigation table each 总计 is the sum of its
//! four results. A total the office leaves out is computed; one it gives is checked.

mod active;
mod cells;
mod requests;
mod review;

use std::sync::Arc;

use super::checks::Break;
use super::figures::Figures;
use super::tables::{ColumnIn, Spec};
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Align, Origin};
use crate::forms::Kind;
use crate::model::FormDef;

/// The form's tables (by the names text places them with) and the breaks of its arithmetic.
#[derive(Debug, Default)]
pub struct Built {
    /// `active`, `requests`, `review`.
    pub tables: Vec<(String, Spec)>,
    /// Every break of the form's arithmetic.
    pub breaks: Vec<Break>,
}

fn origin(file: &Arc<SourceFile>, span: std::ops::Range<usize>) -> Origin {
    Origin(Some((file.clone(), span)))
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
        active::active(file, kind, def, &table_origin, at.clone(), problems),
    ));
    let (requests, breaks) = requests::requests(
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
    let (review, breaks) = review::review(file, def, figures, &table_origin, at, problems);
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
