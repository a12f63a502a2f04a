//! The reviewer's page (`gongwen check --format html`): one self-contained HTML file — every
//! report with its status, each finding with its place, both numbers of a break, characters no
//! font has, punctuation, and the intake warnings — with a filter that needs no network.

use std::fmt::Write;

use gongwen::builder::Break;
use gongwen::diag::{Diagnostic, Severity};

use super::{Checked, Status};

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

/// What a finding is about, for the reviewer: a consistency break, a character no font has,
/// punctuation, or another problem.
fn kind(d: &Diagnostic, b: Option<&Break>) -> &'static str {
    if b.is_some() {
        "check"
    } else if d.message.starts_with("no font can draw") || d.message.contains(" draws it") {
        "glyph"
    } else if d.message.starts_with("half-width") || d.message.contains("punctuation") {
        "punctuation"
    } else {
        "problem"
    }
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

/// The page for `reports` (checked from `name`, with the yearbook's own `problems`).
pub fn page(name: &str, problems: &[Diagnostic], reports: &[Checked]) -> String {
    let mut s = String::new();
    let findings: usize = reports.iter().map(|r| r.findings.len()).sum();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>审核：{}</title><style>{STYLE}</style></head><body>\n",
        esc(name)
    );
    let _ = writeln!(
        s,
        "<h1>审核 {}</h1><p><span id=\"count\"></span> report(s), {findings} finding(s). <label><input type=\"checkbox\" id=\"only\"> only reports with findings</label></p>",
        esc(name),
    );
    if !problems.is_empty() {
        s.push_str("<h2>The yearbook</h2>");
        findings_table(&mut s, problems, &[]);
    }
    s.push_str("<table id=\"summary\"><tr><th>#</th><th>report</th><th>part</th><th>file</th><th>status</th><th>findings</th><th>intake warnings</th></tr>\n");
    for (i, r) in reports.iter().enumerate() {
        let _ = writeln!(
            s,
            "<tr data-status=\"{st}\"><td>{n}</td><td><a href=\"#r{n}\">{t}</a></td><td>{p}</td><td>{f}</td><td class=\"{st}\">{st}</td><td>{c}</td><td>{w}</td></tr>",
            n = i + 1,
            st = r.status.word(),
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
            "<section class=\"report\" id=\"r{n}\" data-status=\"{st}\"><h2>{n}. {t} <span class=\"{st}\">{st}</span></h2><p>{f}</p>",
            n = i + 1,
            st = r.status.word(),
            t = esc(&r.title),
            f = esc(&r.name),
        );
        if r.status == Status::Clean {
            s.push_str("<p class=\"clean\">no problems found</p>");
        } else {
            findings_table(&mut s, &r.findings, &r.breaks);
        }
        if !r.intake.is_empty() {
            s.push_str("<h3>intake warnings</h3><ul class=\"intake\">");
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

/// Findings as a table: kind, severity, message and hints, place; a break's numbers and place.
fn findings_table(s: &mut String, findings: &[Diagnostic], breaks: &[Break]) {
    s.push_str("<table class=\"finding-list\"><tr><th>kind</th><th>severity</th><th>finding</th><th>place</th><th>stated</th><th>computed</th><th>section / table, row, column</th></tr>\n");
    for d in findings {
        let b = breaks
            .iter()
            .find(|b| b.diagnostic.message == d.message && b.diagnostic.span == d.span);
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let hints: String = d
            .hints
            .iter()
            .map(|h| format!("<div class=\"hint\">hint: {}</div>", esc(h)))
            .collect();
        let (stated, computed, at) = match b {
            Some(b) => {
                let section = b
                    .citations
                    .iter()
                    .find_map(|c| c.place.strip_prefix("section ").map(str::to_string));
                let at: Vec<String> = [
                    section,
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
            "<tr class=\"finding {k}\"><td>{k}</td><td class=\"{sev}\">{sev}</td><td>{m}{hints}</td><td>{p}</td><td class=\"num\">{st}</td><td class=\"num\">{co}</td><td>{at}</td></tr>",
            k = kind(d, b),
            sev = severity,
            m = esc(&d.message),
            p = esc(&place(d)),
            st = esc(&stated),
            co = esc(&computed),
            at = esc(&at),
        );
    }
    s.push_str("</table>\n");
}
