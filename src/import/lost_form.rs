//! A report that reads like the national form but has no `[form]`: its tables came in as text
//! (a row a paragraph, rows made headings), so the form's arithmetic is never checked. Told by
//! the forms' own row and group labels (no form-specific words here), for `import` and `check`.

use crate::diag::Diagnostic;
use crate::forms::Form;

/// Distinct national-form labels found in a report's text that make it read like the form.
const ENOUGH: usize = 4;

/// The labels of the built-in forms long enough to say something (six characters or more),
/// gathered once: every report built asks.
fn labels() -> &'static [String] {
    static LABELS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    LABELS.get_or_init(gather)
}

fn gather() -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in Form::names() {
        let Some(form) = Form::builtin(name) else {
            continue;
        };
        for t in &form.tables {
            let rows = t.rows.iter().filter_map(|r| r.label.clone());
            for l in rows {
                let l: String = l
                    .trim_start_matches(|c: char| {
                        c.is_ascii_digit() || "一二三四五六七八九十、（）().．. ".contains(c)
                    })
                    .to_string();
                if l.chars().count() >= 6 && !out.contains(&l) {
                    out.push(l);
                }
            }
        }
    }
    out
}

/// A warning when `text` (a report definition, or its words) names enough of the national
/// form's rows to be the form, and `has_form` is false; `name` names the report.
pub fn check(name: &str, text: &str, has_form: bool) -> Option<Diagnostic> {
    if has_form {
        return None;
    }
    let found: Vec<&String> = labels()
        .iter()
        .filter(|l| text.contains(l.as_str()))
        .collect();
    (found.len() >= ENOUGH).then(|| {
        Diagnostic::warning(format!(
            "{name} reads like the national form ({} of its rows: “{}” …) but has no [form]: its tables came in as text, and the form's arithmetic is not checked",
            found.len(),
            found.iter().take(3).map(|l| l.as_str()).collect::<Vec<_>>().join("”, “")
        ))
        .hint("import the report again from a file that keeps the tables (the DOCX, the web page), or write [form] by hand (gongwen new --form)")
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_forms_rows_as_text_are_told() {
        let text = "四、结转下年度继续办理\n本年新收政府信息公开申请数量\n上年结转政府信息公开申请数量\n五、本年度办理结果\n予以公开\n部分公开\n不予公开\n属于国家秘密\n其他法律行政法规禁止公开\n危及“三安全一稳定”";
        let d = super::check("r.toml", text, false);
        assert!(d.is_some(), "{:?}", super::labels());
        assert!(super::check("r.toml", text, true).is_none());
        assert!(super::check("r.toml", "一、概述\n本县工作稳步推进。", false).is_none());
    }
}
