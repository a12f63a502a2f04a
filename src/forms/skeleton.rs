//! The skeleton `gongwen new --form` writes: a form's sections, its tables placed, every
//! number 0, marked as a template. It builds and checks clean.

use super::Form;

/// A skeleton report in `form`: its sections, its tables with every number 0, marked as a
/// template.
pub fn skeleton(form: &Form) -> String {
    let mut s = format!(
        r#"#:schema ./report.schema.json
# 政府信息公开工作年度报告 in the national format ({name}, {source}).
# TEMPLATE: every number in [form] is a placeholder 0 and every paragraph a prompt in （）.
# Fill them in, then delete `template = true`. gongwen draws the tables and checks the
# form's arithmetic (gongwen check report.toml). A total may be written "" (blank, as
# printed) or left out (computed and printed).

[report]
title = "某单位2025年政府信息公开工作年度报告"
office = "某单位"
period = {{ from = 2025-01-01, to = 2025-12-31 }}
layout = "gbt9704"

[opening]
text = '''
本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息公开办公室有关要求编制。（在此说明报告的组成、统计期限和获取方式。）
'''
"#,
        name = form.name,
        source = form.source
    );
    for section in &form.sections {
        s.push_str(&format!(
            "\n[[section]]\ntitle = \"{}\"\ntext = '''\n{}\n'''\n",
            section.title, section.text
        ));
    }
    s.push_str(&format!(
        "\n[closing]\nsignature = \"某单位\"\n\n[form]\nkind = \"{}\"\ntemplate = true   # the numbers are placeholders: delete this line once they are filled in\n",
        form.name
    ));
    const NUMERALS: [&str; 9] = ["一", "二", "三", "四", "五", "六", "七", "八", "九"];
    for table in &form.tables {
        let placed = format!("{{table:{}}}", table.name);
        let number = form
            .sections
            .iter()
            .position(|x| x.text.contains(&placed))
            .and_then(|i| NUMERALS.get(i))
            .map(|n| format!("{n}、"))
            .unwrap_or_default();
        s.push_str(&format!(
            "\n[form.{}]   # {number}{}\n",
            table.name, table.title
        ));
        if !table.values.is_empty() {
            s.push_str(&format!(
                "# each row: {}{}\n",
                table.values.join(", "),
                if table.optional > 0 {
                    "; the last may be left out (gongwen computes it) or written \"\" (blank)"
                } else {
                    ""
                }
            ));
        }
        let mut over = None;
        for row in &table.rows {
            let Some(key) = row.key.as_deref() else {
                if let [cell] = row.cells.as_slice() {
                    over = Some(cell.parts().0);
                }
                continue;
            };
            let values = table.values_of(row);
            let zeros = vec!["0"; values.len()].join(", ");
            let line = format!("\"{key}\" = [{zeros}]");
            let comment = match table.full_label(row) {
                Some(_) if row.values.is_some() => {
                    format!("{}: {}", over.unwrap_or(key), values.join(", "))
                }
                Some(label) => label,
                None => values.join(", "),
            };
            s.push_str(&format!("{}# {comment}\n", pad(&line, 40)));
        }
    }
    s
}

/// `line` and spaces up to `width` columns (a hanzi takes two), at least two.
fn pad(line: &str, width: usize) -> String {
    let used: usize = line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{line}{}", " ".repeat(width.saturating_sub(used).max(2)))
}
