//! Classified paragraphs into an [`Outline`]: the title, the opening, nested sections, and the
//! signature, date and closing lines at the end.

use std::sync::Arc;

use super::body::{Kind, Para};
use crate::diag::{Diagnostic, SourceFile};
use crate::import::text::{date, is_closing_line, paragraph, siblings};
use crate::import::{Outline, OutlineSection};

/// Closing lines are short; a longer paragraph after a signature-like one means that one was
/// body text after all.
const MAX_CLOSING_CHARS: usize = 80;

/// Builds the outline of `paras`, adding what looks odd to `warnings`.
pub fn build(file: &Arc<SourceFile>, paras: &[Para], warnings: &mut Vec<Diagnostic>) -> Outline {
    let mut outline = Outline::default();
    let end = closing(paras, &mut outline);
    let mut depth = 0u8;
    let mut headings = 0;
    for p in &paras[..end] {
        let warn = |what: String, hint: &str| {
            let words: String = format!("{}{}", p.lead, p.text).chars().take(14).collect();
            Diagnostic::warning(format!("{what} (paragraph {} “{words}…”)", p.no))
                .in_file(file)
                .hint(hint.to_string())
        };
        match p.kind {
            Kind::Title if headings == 0 && outline.opening.is_empty() => {
                outline.title.extend(p.text.lines().map(str::to_string));
            }
            Kind::Title => {
                warnings.push(warn(
                    "a Title paragraph after the text begins is imported as a paragraph".into(),
                    "the title comes first; move it there in Word, or edit the report definition",
                ));
                paragraph(&mut outline, depth, &p.text.replace('\n', ""));
            }
            Kind::Heading(level) | Kind::RunIn(level) => {
                headings += 1;
                let level = if level > depth + 1 {
                    warnings.push(warn(
                        format!(
                            "a level-{level} heading follows a level-{depth} one; imported as level {}",
                            depth + 1
                        ),
                        "headings go down one level at a time; change its style in Word if this is wrong",
                    ));
                    depth + 1
                } else {
                    level
                };
                let section = match p.kind {
                    Kind::RunIn(_) => OutlineSection {
                        title: p.lead.clone(),
                        run_in: true,
                        paragraphs: vec![p.text.clone()],
                        sections: Vec::new(),
                    },
                    _ => OutlineSection {
                        title: p.text.clone(),
                        ..Default::default()
                    },
                };
                siblings(&mut outline, level).push(section);
                depth = level;
            }
            Kind::Body => paragraph(&mut outline, depth, &p.text),
        }
    }
    if headings == 0 && !outline.opening.is_empty() {
        warnings.push(
            Diagnostic::warning(format!(
                "no headings were recognised in {}: its {} paragraphs are imported as the opening",
                file.name,
                outline.opening.len()
            ))
            .in_file(file)
            .hint("give the headings Word's Heading 1–4 styles (or an outline level) and import again"),
        );
    }
    outline
}

/// Takes the signature block and the closing lines off the end: the last paragraphs set off
/// like a signature (indented or right-aligned, as gongwen writes the signature and the date),
/// with the short paragraphs after them as closing lines; or, with no signature, closing lines
/// such as `责任编辑：…` at the very end. Returns where the body ends.
fn closing(paras: &[Para], outline: &mut Outline) -> usize {
    let body_from = paras
        .iter()
        .rposition(|p| !matches!(p.kind, Kind::Body))
        .map_or(0, |i| i + 1);
    let tail = &paras[body_from..];
    let sig_end = tail.iter().rposition(|p| p.signature_like).map(|i| i + 1);
    let after_ok = |from: usize| {
        tail[from..]
            .iter()
            .all(|p| p.text.chars().count() <= MAX_CLOSING_CHARS)
    };
    if let Some(sig_end) = sig_end.filter(|&e| after_ok(e)) {
        let sig_start = tail[..sig_end]
            .iter()
            .rposition(|p| !p.signature_like)
            .map_or(0, |i| i + 1);
        for p in &tail[sig_start..sig_end] {
            match (outline.date, date(&p.text)) {
                (None, Some(d)) => outline.date = Some(d),
                _ if outline.signature.is_none() => outline.signature = Some(p.text.clone()),
                // A second signature line: kept, as a closing line.
                _ => outline.closing_lines.push(p.text.clone()),
            }
        }
        outline
            .closing_lines
            .extend(tail[sig_end..].iter().map(|p| p.text.clone()));
        return body_from + sig_start;
    }
    let labelled = tail
        .iter()
        .rev()
        .take_while(|p| is_closing_line(&p.text))
        .count();
    // The body keeps at least one paragraph when there is no heading.
    let labelled = labelled.min(tail.len().saturating_sub(usize::from(body_from == 0)));
    let start = tail.len() - labelled;
    outline
        .closing_lines
        .extend(tail[start..].iter().map(|p| p.text.clone()));
    body_from + start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(no: usize, kind: Kind, lead: &str, text: &str, sig: bool) -> Para {
        Para {
            no,
            kind,
            lead: lead.into(),
            text: text.into(),
            signature_like: sig,
        }
    }

    #[test]
    fn signature_date_and_closing_lines_come_off_the_end() {
        let file = SourceFile::new(
            "r.docx".into(),
            std::path::Path::new("r.docx"),
            String::new(),
        );
        let paras = [
            para(1, Kind::Title, "", "某市\n报告", false),
            para(2, Kind::Body, "", "开头。", false),
            para(3, Kind::Heading(1), "", "总体情况", false),
            para(4, Kind::RunIn(2), "加强谋划。", "正文。", false),
            para(5, Kind::Body, "", "第二段。", false),
            para(6, Kind::Heading(4), "", "跳级", false),
            para(8, Kind::Body, "", "某市人民政府办公室", true),
            para(9, Kind::Body, "", "2016年3月31日", true),
            para(10, Kind::Body, "", "责任编辑：某某", false),
        ];
        let mut warnings = Vec::new();
        let o = build(&file, &paras, &mut warnings);
        assert_eq!(o.title, ["某市", "报告"]);
        assert_eq!(o.opening, ["开头。"]);
        assert_eq!(o.sections[0].sections[0].paragraphs, ["正文。", "第二段。"]);
        assert_eq!(o.sections[0].sections[0].sections[0].title, "跳级");
        assert_eq!(o.signature.as_deref(), Some("某市人民政府办公室"));
        assert_eq!(o.date.map(|d| d.iso()).as_deref(), Some("2016-03-31"));
        assert_eq!(o.closing_lines, ["责任编辑：某某"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0]
                .message
                .contains("level-4 heading follows a level-2")
        );
    }
}
