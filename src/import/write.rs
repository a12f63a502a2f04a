//! An [`Outline`] as a report definition a person could have written.

use std::fmt::Write;

use super::{Outline, OutlineCell, OutlineComment, OutlineSection, OutlineTable};
use crate::doc::Align;

/// Placement lines: those written as they are (`{table:NAME}` of a table the outline has, or
/// of a chart the definition keeps) and those left out (a chart whose data the DOCX lacks).
struct Places {
    raw: Vec<String>,
    dropped: Vec<String>,
    /// Numbers of paragraphs written as citations of the form's figures.
    cited: Vec<super::cite::OutlineCitation>,
}

impl Places {
    fn of(outline: &Outline) -> Places {
        let mut raw: Vec<String> = outline
            .tables
            .iter()
            .map(|t| format!("{{table:{}}}", t.name))
            .collect();
        if let Some(form) = &outline.form {
            raw.extend(form.tables.iter().map(|(p, _)| format!("{{table:{p}}}")));
        }
        let mut dropped = Vec::new();
        for c in &outline.charts {
            let line = format!("{{chart:{}}}", c.name);
            if c.kept {
                raw.push(line)
            } else {
                dropped.push(line)
            }
        }
        Places {
            raw,
            dropped,
            cited: outline.citations.clone(),
        }
    }
}

/// Writes `outline` as report-definition TOML, in the layout of `data/xinxiang-2015.toml`.
/// `note` becomes the opening comment (where the report came from).
pub fn to_toml(outline: &Outline, note: &str) -> String {
    let mut s = String::new();
    for line in note.lines() {
        let _ = writeln!(s, "# {line}");
    }
    if !note.is_empty() {
        s.push('\n');
    }
    s.push_str("[report]\n");
    match outline.title.as_slice() {
        [one] => {
            let _ = writeln!(s, "title = {}", basic(one));
        }
        lines => {
            let items: Vec<String> = lines.iter().map(|l| basic(l)).collect();
            let _ = writeln!(s, "title = [{}]", items.join(", "));
        }
    }
    let _ = writeln!(s, "office = {}", basic(&outline.office));
    if let Some((from, to)) = outline.period {
        let _ = writeln!(s, "period = {{ from = {}, to = {} }}", from.iso(), to.iso());
    }
    if let Some(date) = outline.date {
        let _ = writeln!(s, "date = {}", date.iso());
    }
    if outline.numbering.iter().any(Option::is_some) {
        s.push_str("\n[numbering]\n");
        for (i, n) in outline.numbering.iter().enumerate() {
            if let Some(n) = n {
                let _ = writeln!(s, "level{} = {}", i + 1, basic(n));
            }
        }
    }
    let places = Places::of(outline);
    let mut remarks = Remarks::of(outline);
    if outline.opening.iter().any(|p| !places.dropped.contains(p)) {
        s.push('\n');
        remarks.write(&mut s, &outline.opening);
        s.push_str("[opening]\n");
        text(&mut s, &outline.opening, &places);
    }
    for section in &outline.sections {
        write_section(&mut s, section, "section", &places, &mut remarks);
    }
    // Comments on the closing lines, or on words no part holds, go before [closing] (or last).
    let rest = remarks.rest();
    if outline.signature.is_some() || !outline.closing_lines.is_empty() {
        s.push('\n');
        s.push_str(&rest);
        s.push_str("[closing]\n");
        if let Some(sig) = &outline.signature {
            let _ = writeln!(s, "signature = {}", basic(sig));
        }
        if !outline.closing_lines.is_empty() {
            let items: Vec<String> = outline
                .closing_lines
                .iter()
                .map(|l| basic(&braces(l)))
                .collect();
            let _ = writeln!(s, "lines = [{}]", items.join(", "));
        }
    } else if !rest.is_empty() {
        s.push('\n');
        s.push_str(&rest);
    }
    for t in &outline.tables {
        write_table(&mut s, t);
    }
    if !outline.figures.is_empty() {
        write_figures(&mut s, &outline.figures);
    }
    if let Some(form) = &outline.form {
        write_form(&mut s, form);
    }
    s
}

/// The figures of the form's cells the text cites, one `[figures.TABLE]` each.
fn write_figures(s: &mut String, figures: &[super::cite::OutlineFigure]) {
    let mut group = "";
    for f in figures {
        if f.group != group {
            group = &f.group;
            let _ = writeln!(s, "\n[figures.{group}]");
        }
        let _ = writeln!(s, "{} = {}", basic(&f.name), f.value);
    }
}

/// A paragraph as report text: braces doubled, and each number the import cites written as
/// its citation.
pub(super) fn cited(p: &str, cited: &[super::cite::OutlineCitation]) -> String {
    let mut at: Vec<_> = cited.iter().filter(|c| c.paragraph == p).collect();
    if at.is_empty() {
        return crate::builder::escape_text(p);
    }
    at.sort_by_key(|c| c.at.start);
    let mut out = String::new();
    let mut from = 0;
    for c in at {
        if c.at.start < from {
            continue;
        }
        out.push_str(&braces(&p[from..c.at.start]));
        let _ = write!(out, "{{{}}}", c.figure);
        from = c.at.end;
    }
    out.push_str(&braces(&p[from..]));
    out
}

/// The national form as `[form]`: its kind, the groups printed as one row, and each table's
/// rows, numbers as published (a number as a TOML number, a none-mark or an empty cell as a
/// string; a label printed otherwise than the form's with its row).
fn write_form(s: &mut String, form: &super::form::OutlineForm) {
    let _ = writeln!(s, "\n[form]\nkind = {}", basic(&form.kind));
    // A group printed as one row: the local variant, kept in the report.
    for (table, rows, key, label) in &form.replace {
        let rows: Vec<String> = rows.iter().map(|r| basic(r)).collect();
        let _ = writeln!(
            s,
            "\n[[form.replace]]\ntable = {}\nrows = [{}]\nby = [{{ key = {}, label = {} }}]",
            basic(table),
            rows.join(", "),
            basic(key),
            basic(label)
        );
    }
    let value = |v: &String| {
        // a TOML number: digits with at most an inner point, no leading zero but 0.x
        let digits = v.chars().all(|c| c.is_ascii_digit() || c == '.');
        let points = v.matches('.').count();
        let leading_zero = v.len() > 1 && v.starts_with('0') && !v.starts_with("0.");
        let plain = !v.is_empty()
            && digits
            && points <= 1
            && !v.starts_with('.')
            && !v.ends_with('.')
            && !leading_zero;
        if plain { v.clone() } else { basic(v) }
    };
    for (name, rows) in &form.tables {
        let _ = writeln!(s, "\n[form.{name}]");
        for row in rows {
            let vs: Vec<String> = row.values.iter().map(value).collect();
            let vs = vs.join(", ");
            match &row.label {
                Some(l) => {
                    let _ = writeln!(
                        s,
                        "{} = {{ label = {}, values = [{vs}] }}",
                        basic(&row.key),
                        basic(l)
                    );
                }
                None => {
                    let _ = writeln!(s, "{} = [{vs}]", basic(&row.key));
                }
            }
        }
    }
}

/// A table as `[table.NAME]`: caption, columns (titles, and widths and alignments where they
/// are not the defaults), header rows with spans when there is more than one row of titles,
/// body rows as strings (numbers as printed), notes.
fn write_table(s: &mut String, t: &OutlineTable) {
    let _ = writeln!(s, "\n[table.{}]", t.name);
    if let Some(c) = &t.caption {
        let _ = writeln!(s, "caption = {}", basic(&braces(c)));
    }
    let n = t
        .header
        .iter()
        .chain(&t.rows)
        .map(|r| r.iter().map(|c| c.col + c.cols).max().unwrap_or(0))
        .max()
        .unwrap_or(0);
    // A column's title: the lowest header cell over it.
    let mut titles = vec![String::new(); n];
    for row in &t.header {
        for c in row {
            for title in &mut titles[c.col..c.col + c.cols] {
                title.clone_from(&c.text);
            }
        }
    }
    let plain_header =
        t.header.len() == 1 && t.header[0].iter().all(|c| c.cols == 1 && c.rows == 1);
    // Widths, unless they are the defaults (the stub 2, the others 1).
    let default = |i: usize| if i == 0 { 2.0 } else { 1.0 };
    let widths: Option<Vec<f64>> = (t.widths.len() == n && t.widths.iter().all(|w| *w > 0.0))
        .then(|| {
            let unit = t.widths.iter().copied().fold(f64::INFINITY, f64::min);
            t.widths
                .iter()
                .map(|w| (w / unit * 100.0).round() / 100.0)
                .collect::<Vec<f64>>()
        })
        .filter(|ws| {
            let ratio = t.widths[0] / 2.0;
            t.widths
                .iter()
                .enumerate()
                .any(|(i, w)| ((w / default(i)) - ratio).abs() > ratio * 0.01)
                && !ws.is_empty()
        });
    // A column's alignment, when all its body cells agree and differ from the default.
    let default_align = |i: usize| if i == 0 { Align::Left } else { Align::Right };
    // One pass over the cells (a pass a column made a wide table's import quadratic): the
    // first single-column cell's alignment of each column, and whether the others agree.
    let mut seen: Vec<Option<(Option<Align>, bool)>> = vec![None; n];
    for c in t.rows.iter().flatten().filter(|c| c.cols == 1 && c.col < n) {
        match &mut seen[c.col] {
            None => seen[c.col] = Some((c.align, true)),
            Some((first, agree)) => *agree &= c.align == *first,
        }
    }
    let aligns: Vec<Option<Align>> = seen
        .into_iter()
        .map(|s| match s {
            Some((Some(first), true)) => Some(first),
            _ => None,
        })
        .collect();
    let column_align: Vec<Option<Align>> = aligns
        .iter()
        .enumerate()
        .map(|(i, a)| a.filter(|a| *a != default_align(i)))
        .collect();
    let columns: Vec<String> = (0..n)
        .map(|i| {
            let mut parts = vec![format!("title = {}", basic(&titles[i]))];
            if let Some(ws) = &widths {
                parts.push(format!("width = {}", number(ws[i])));
            }
            if let Some(a) = column_align[i] {
                parts.push(format!("align = \"{}\"", align_word(a)));
            }
            if parts.len() == 1 {
                basic(&titles[i])
            } else {
                format!("{{ {} }}", parts.join(", "))
            }
        })
        .collect();
    let _ = writeln!(s, "columns = [{}]", columns.join(", "));
    if !plain_header {
        s.push_str("header = [\n");
        for row in &t.header {
            let cells: Vec<String> = row.iter().map(|c| cell(c, None)).collect();
            let _ = writeln!(s, "  [{}],", cells.join(", "));
        }
        s.push_str("]\n");
    }
    s.push_str("rows = [\n");
    for row in &t.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                let column = column_align[c.col].unwrap_or(default_align(c.col));
                cell(c, Some(column))
            })
            .collect();
        let _ = writeln!(s, "  [{}],", cells.join(", "));
    }
    s.push_str("]\n");
    if !t.notes.is_empty() {
        let notes: Vec<String> = t.notes.iter().map(|n| basic(&braces(n))).collect();
        let _ = writeln!(s, "notes = [{}]", notes.join(", "));
    }
}

/// A cell: its text as a string, or an inline table with its spans and an alignment other
/// than its column's (`column`; `None` in the header, where alignment is not written).
fn cell(c: &OutlineCell, column: Option<Align>) -> String {
    let align = column.and(c.align).filter(|a| Some(*a) != column);
    if c.cols == 1 && c.rows == 1 && align.is_none() {
        return basic(&braces(&c.text));
    }
    let mut parts = vec![format!("text = {}", basic(&braces(&c.text)))];
    if c.cols > 1 {
        parts.push(format!("cols = {}", c.cols));
    }
    if c.rows > 1 {
        parts.push(format!("rows = {}", c.rows));
    }
    if let Some(a) = align {
        parts.push(format!("align = \"{}\"", align_word(a)));
    }
    format!("{{ {} }}", parts.join(", "))
}

fn align_word(a: Align) -> &'static str {
    match a {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
    }
}

/// A width as a TOML number: `2`, `1.5`.
fn number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').to_string()
    }
}

fn write_section(
    s: &mut String,
    section: &OutlineSection,
    path: &str,
    places: &Places,
    remarks: &mut Remarks,
) {
    let _ = writeln!(s, "\n[[{path}]]");
    let _ = writeln!(s, "title = {}", basic(&braces(&section.title)));
    if section.run_in {
        s.push_str("run-in = true\n");
    }
    let mut on: Vec<String> = vec![section.title.clone()];
    on.extend(section.paragraphs.iter().cloned());
    remarks.write(s, &on);
    if section
        .paragraphs
        .iter()
        .any(|p| !places.dropped.contains(p))
    {
        text(s, &section.paragraphs, places);
    }
    let sub = format!("{path}.section");
    for child in &section.sections {
        write_section(s, child, &sub, places, remarks);
    }
}

/// Paragraphs as a `text` key: a literal multi-line string, one paragraph a line, when the
/// text allows it; otherwise a basic string with escapes.
/// A placement line of `places` is written as it is; a dropped one is left out.
fn text(s: &mut String, paragraphs: &[String], places: &Places) {
    let joined = paragraphs
        .iter()
        .filter(|p| !places.dropped.contains(p))
        .map(|p| {
            if places.raw.contains(p) {
                p.clone()
            } else {
                cited(p, &places.cited)
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let literal_ok =
        !joined.contains("'''") && !joined.chars().any(|c| c.is_control() && c != '\n');
    if literal_ok {
        let _ = writeln!(s, "text = '''\n{joined}\n'''");
    } else {
        let _ = writeln!(s, "text = {}", basic(&joined));
    }
}

/// Reviewers' comments, each written once as `# 批注…` lines before the first part of the
/// definition holding the words it is on (a section's `text` key, or `[opening]`); those on
/// no words written at the top.
struct Remarks<'a> {
    comments: &'a [OutlineComment],
    done: Vec<bool>,
}

impl<'a> Remarks<'a> {
    /// The comments of `outline`, none written yet.
    fn of(outline: &'a Outline) -> Remarks<'a> {
        Remarks {
            comments: &outline.comments,
            done: vec![false; outline.comments.len()],
        }
    }

    /// The comments on any of `words` not yet written, as TOML comment lines.
    fn take(&mut self, words: &[String]) -> String {
        let mut out = String::new();
        for (c, done) in self.comments.iter().zip(&mut self.done) {
            if !*done && (c.words.is_empty() || words.contains(&c.words)) {
                *done = true;
                for line in c.line.lines() {
                    let _ = writeln!(out, "# {line}");
                }
            }
        }
        out
    }

    /// Every comment not yet written.
    fn rest(&mut self) -> String {
        let mut out = String::new();
        for (c, done) in self.comments.iter().zip(&mut self.done) {
            if !*done {
                *done = true;
                for line in c.line.lines() {
                    let _ = writeln!(out, "# {line}");
                }
            }
        }
        out
    }

    fn write(&mut self, s: &mut String, words: &[String]) {
        s.push_str(&self.take(words));
    }
}

/// Report text with its braces doubled: a single brace would cite a figure ({group.name}).
fn braces(v: &str) -> String {
    v.replace('{', "{{").replace('}', "}}")
}

/// A TOML basic string holding `v` exactly.
pub fn basic(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::SourceFile;

    #[test]
    fn an_outline_written_as_toml_builds_into_the_same_structure() {
        let outline = Outline {
            title: vec!["某市报告".into()],
            office: "某市\"办公室\"".into(),
            numbering: [None, None, Some("1、".into()), None],
            opening: vec!["开头。".into(), "第二段'''引号。".into()],
            sections: vec![OutlineSection {
                title: "总体情况".into(),
                sections: vec![OutlineSection {
                    title: "加强谋划。".into(),
                    run_in: true,
                    paragraphs: vec!["正文。".into()],
                    ..Default::default()
                }],
                ..Default::default()
            }],
            closing_lines: vec!["责任编辑：某某".into()],
            ..Default::default()
        };
        let toml = to_toml(&outline, "imported");
        let file = SourceFile::new(
            "t.toml".into(),
            std::path::Path::new("t.toml"),
            toml.clone(),
        );
        let p = crate::builder::from_source(file, ".".into())
            .unwrap_or_else(|d| panic!("{}\n{toml}", crate::diag::render_plain(&d)));
        let heads: Vec<String> = p.doc.headings().map(|h| h.text()).collect();
        assert_eq!(heads, ["一、总体情况", "（一）加强谋划。"]);
        assert_eq!(p.doc.meta.author, "某市\"办公室\"");
        assert_eq!(p.layout.numbering[2].format(1), "1、");
    }
}
