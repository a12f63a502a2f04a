//! The reviewer's page (`gongwen check --format html`): one self-contained HTML file — every
//! report with its status, each finding with its place, both numbers of a break, characters no
//! font has, punctuation, and the intake warnings — with a filter that needs no network.

use std::fmt::Write;

use gongwen::diag::Diagnostic;

use super::{Checked, Status};

/// The page's language: Chinese, the clerk's, unless English is asked for (`--lang en`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// 中文.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The page's words for `key`.
    fn w(self, key: &str) -> &'static str {
        const WORDS: &[(&str, &str, &str)] = &[
            ("title", "审核", "Review"),
            ("reports", "篇报告", "report(s)"),
            ("findings-n", "项问题", "finding(s)"),
            ("only", "只看有问题的报告", "only reports with findings"),
            ("yearbook", "汇编本身", "The yearbook"),
            ("#", "序号", "#"),
            ("report", "报告", "report"),
            ("part", "部分", "part"),
            ("file", "文件", "file"),
            ("status", "状态", "status"),
            ("findings", "问题", "findings"),
            ("intake", "导入提示", "intake warnings"),
            ("clean", "无问题", "clean"),
            ("unusable", "无法生成", "unusable"),
            ("none-found", "未发现问题", "no problems found"),
            ("kind", "类别", "kind"),
            ("severity", "级别", "severity"),
            ("finding", "问题", "finding"),
            ("place", "位置", "place"),
            ("stated", "填报数", "stated"),
            ("computed", "计算数", "computed"),
            (
                "where",
                "章节 / 表格、行、列",
                "section / table, row, column",
            ),
            ("check", "勾稽", "check"),
            ("glyph", "字形", "glyph"),
            ("punctuation", "标点", "punctuation"),
            ("problem", "其他", "problem"),
            ("error", "错误", "error"),
            ("warning", "警告", "warning"),
            ("note", "说明", "note"),
            ("hint", "处理：", "hint: "),
            ("received", "收到的文件", "Files received"),
            ("fate", "结果", "fate"),
            ("definition", "报告定义", "definition"),
            ("reason", "原因与处理办法", "reason and fix"),
            ("imported", "已导入", "imported"),
            ("duplicate", "重复，未编入", "duplicate, not bound"),
            ("refused", "退回", "refused"),
            ("dup-of", "与此重复：", "the same as "),
        ];
        WORDS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map_or("", |(_, zh, en)| if self == Lang::Zh { zh } else { en })
    }
}

/// Text made safe for HTML.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// `file:line:column` of a finding.
fn place(d: &Diagnostic) -> String {
    d.location().unwrap_or_default()
}

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei',sans-serif;margin:2em;color:#222}
h1{font-size:1.5em}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #bbb;padding:.25em .5em;vertical-align:top;text-align:left}
th{background:#eee}.clean{color:#176f2c}.findings{color:#9a5b00}.unusable{color:#b00020}
section.report{border-top:2px solid #ccc;padding-top:.5em}.num{font-family:monospace;font-size:1.1em}.hint{color:#555;font-size:.9em}
.hidden{display:none}";

const SCRIPT: &str = "document.getElementById('only').addEventListener('change',function(e){
var on=e.target.checked;document.querySelectorAll('section.report').forEach(function(s){
s.classList.toggle('hidden',on&&s.dataset.status==='clean');});
document.querySelectorAll('#summary tr[data-status]').forEach(function(r){
r.classList.toggle('hidden',on&&r.dataset.status==='clean');});});
document.getElementById('count').textContent=document.querySelectorAll('section.report').length;";

/// The page for `reports` (checked from `name`, with the yearbook's own `problems` and the
/// files its import received, from `intake.json`), in `lang`.
pub fn page(
    name: &str,
    problems: &[Diagnostic],
    reports: &[Checked],
    intake: Option<&serde_json::Value>,
    lang: Lang,
) -> String {
    let mut s = String::new();
    let w = |k| lang.w(k);
    let findings: usize = reports.iter().map(|r| r.findings.len()).sum();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}：{}</title><style>{STYLE}</style></head><body>\n",
        if lang == Lang::Zh { "zh-CN" } else { "en" },
        w("title"),
        esc(name)
    );
    let _ = writeln!(
        s,
        "<h1>{} {}</h1><p><span id=\"count\"></span> {}, {findings} {}. <label><input type=\"checkbox\" id=\"only\"> {}</label></p>",
        w("title"),
        esc(name),
        w("reports"),
        w("findings-n"),
        w("only"),
    );
    if !problems.is_empty() {
        let _ = write!(s, "<h2>{}</h2>", w("yearbook"));
        findings_table(&mut s, problems, lang);
    }
    if let Some(files) = intake.and_then(|i| i["files"].as_array()) {
        received(&mut s, files, lang);
    }
    let _ = writeln!(
        s,
        "<table id=\"summary\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        w("#"),
        w("report"),
        w("part"),
        w("file"),
        w("status"),
        w("findings"),
        w("intake")
    );
    for (i, r) in reports.iter().enumerate() {
        let _ = writeln!(
            s,
            "<tr data-status=\"{st}\"><td>{n}</td><td><a href=\"#r{n}\">{t}</a></td><td>{p}</td><td>{f}</td><td class=\"{st}\">{sw}</td><td>{c}</td><td>{w}</td></tr>",
            n = i + 1,
            st = r.status.word(),
            sw = w(r.status.word()),
            t = esc(&r.title),
            p = esc(r.part.as_deref().unwrap_or("")),
            f = esc(&r.name),
            c = r.findings.len(),
            w = r.intake.len(),
        );
    }
    s.push_str("</table>\n");
    for (i, r) in reports.iter().enumerate() {
        let _ = writeln!(
            s,
            "<section class=\"report\" id=\"r{n}\" data-status=\"{st}\"><h2>{n}. {t} <span class=\"{st}\">{sw}</span></h2><p>{f}</p>",
            n = i + 1,
            st = r.status.word(),
            sw = w(r.status.word()),
            t = esc(&r.title),
            f = esc(&r.name),
        );
        if r.status == Status::Clean {
            let _ = write!(s, "<p class=\"clean\">{}</p>", w("none-found"));
        } else {
            findings_table(&mut s, &r.findings, lang);
        }
        if !r.intake.is_empty() {
            let _ = write!(s, "<h3>{}</h3><ul class=\"intake\">", w("intake"));
            for w in &r.intake {
                let _ = write!(s, "<li>{}</li>", esc(w));
            }
            s.push_str("</ul>");
        }
        s.push_str("</section>\n");
    }
    let _ = write!(s, "<script>{SCRIPT}</script>\n</body></html>\n");
    s
}

/// Every file the import received, with its fate, reason and fix, and its intake warnings.
fn received(s: &mut String, files: &[serde_json::Value], lang: Lang) {
    let w = |k| lang.w(k);
    let _ = writeln!(
        s,
        "<h2>{}</h2><table id=\"received\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        w("received"),
        w("file"),
        w("fate"),
        w("definition"),
        w("reason"),
        w("intake")
    );
    for f in files {
        let text = |k: &str| f[k].as_str().unwrap_or("").to_string();
        let status = text("status");
        let class = match status.as_str() {
            "imported" => "clean",
            "duplicate" => "findings",
            _ => "unusable",
        };
        let mut reason = esc(&text("reason"));
        if let Some(of) = f["duplicate_of"].as_str() {
            reason = format!(
                "{}{}<div class=\"hint\">{reason}</div>",
                w("dup-of"),
                esc(of)
            );
        } else if let Some((why, fix)) = reason.split_once(" — hint: ") {
            reason = format!("{why}<div class=\"hint\">{}{fix}</div>", w("hint"));
        }
        let warnings: String = f["warnings"]
            .as_array()
            .map(|l| {
                l.iter()
                    .filter_map(|x| x.as_str())
                    .map(|x| format!("<li>{}</li>", esc(x)))
                    .collect()
            })
            .unwrap_or_default();
        let _ = writeln!(
            s,
            "<tr class=\"file {status}\"><td>{}</td><td class=\"{class}\">{}</td><td>{}</td><td>{reason}</td><td><ul class=\"intake\">{warnings}</ul></td></tr>",
            esc(&text("file")),
            lang.w(&status),
            esc(&text("definition")),
        );
    }
    s.push_str("</table>\n");
}

/// Findings as a table: kind, severity, message and hints, place; a break's numbers and place.
fn findings_table(s: &mut String, findings: &[Diagnostic], lang: Lang) {
    let w = |k| lang.w(k);
    let _ = writeln!(
        s,
        "<table class=\"finding-list\"><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
        w("kind"),
        w("severity"),
        w("finding"),
        w("place"),
        w("stated"),
        w("computed"),
        w("where")
    );
    for d in findings {
        let severity = d.severity.word();
        let hints: String = d
            .hints
            .iter()
            .map(|h| format!("<div class=\"hint\">{}{}</div>", w("hint"), esc(h)))
            .collect();
        let (stated, computed, at) = match &d.check {
            Some(b) => {
                let at: Vec<String> = [
                    b.section(),
                    b.table.clone(),
                    b.row.clone().map(|r| format!("row {r}")),
                    b.column.clone().map(|c| format!("column {c}")),
                ]
                .into_iter()
                .flatten()
                .collect();
                (b.stated.clone(), b.computed.clone(), at.join(", "))
            }
            None => Default::default(),
        };
        let _ = writeln!(
            s,
            "<tr class=\"finding {k}\"><td>{kw}</td><td class=\"{sev}\">{sw}</td><td>{m}{hints}</td><td>{p}</td><td class=\"num\">{st}</td><td class=\"num\">{co}</td><td>{at}</td></tr>",
            k = d.kind.word(),
            kw = w(d.kind.word()),
            sev = severity,
            sw = w(severity),
            m = esc(&d.message),
            p = esc(&place(d)),
            st = esc(&stated),
            co = esc(&computed),
            at = esc(&at),
        );
    }
    s.push_str("</table>\n");
}
