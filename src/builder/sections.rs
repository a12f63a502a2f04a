//! Sections to blocks: numbering, run-in headings, paragraphs, the signature block, and the
//! checks on the text itself.

use std::ops::Range;
use std::sync::Arc;

use super::data::Data;
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Block, Date, Heading, Origin, Paragraph, Signature, SignatureLine};
use crate::layout::Layout;
use crate::model::{Report, Section};

/// The deepest heading level a report may use.
pub const MAX_LEVEL: u8 = 4;

/// Builds the body blocks: opening, numbered sections, closing.
pub fn blocks(
    file: &Arc<SourceFile>,
    report: &Report,
    layout: &Layout,
    signed: Option<Date>,
    data: &mut Data,
    problems: &mut Vec<Diagnostic>,
) -> Vec<Block> {
    let mut out = Vec::new();
    if let Some(opening) = &report.opening {
        for (text, origin) in paragraphs(file, &opening.text) {
            check_text(file, &text, &origin, problems);
            out.extend(data.block(&text, origin, problems));
        }
    }
    for (i, section) in report.section.iter().enumerate() {
        push_section(
            file,
            section,
            1,
            i as u32 + 1,
            layout,
            data,
            &mut out,
            problems,
        );
    }
    if let Some(sig) = signature(file, report, layout, signed) {
        for line in &sig.lines {
            check_text(file, &line.text, &line.origin, problems);
        }
        out.push(Block::Signature(sig));
    }
    for line in &report.closing.lines {
        let origin = Origin(Some((file.clone(), line.span())));
        let text = line.get_ref().trim().to_string();
        check_text(file, &text, &origin, problems);
        let text = data.text(&text, &origin, problems);
        out.push(Block::Paragraph(Paragraph {
            lead: None,
            text,
            origin,
            notes: Vec::new(),
        }));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn push_section(
    file: &Arc<SourceFile>,
    section: &Section,
    level: u8,
    ordinal: u32,
    layout: &Layout,
    data: &mut Data,
    out: &mut Vec<Block>,
    problems: &mut Vec<Diagnostic>,
) {
    let title = section.title.get_ref().trim().to_string();
    let origin = span_origin(file, section.title.span(), &title);
    if level > MAX_LEVEL {
        problems.push(
            Diagnostic::error(format!("section nested {level} levels deep; headings go down to level {MAX_LEVEL}"))
                .at(file, section.title.span())
                .label("this heading would be level 5")
                .hint("move this section up a level, or write its title as the opening words of a paragraph"),
        );
        return;
    }
    if title.is_empty() {
        problems.push(
            Diagnostic::error("a section has an empty title")
                .at(file, section.title.span())
                .hint("give the section its heading words, without the number: the number is added for you"),
        );
    }
    check_text(file, &title, &origin, problems);
    let title = data.text(&title, &origin, problems);
    let format = &layout.numbering[level as usize - 1];
    if let Some(stripped) = leading_number(&title) {
        problems.push(
            Diagnostic::warning(format!(
                "the title already starts with a number `{stripped}`"
            ))
            .at(file, section.title.span())
            .hint(format!(
                "leave the number out: gongwen numbers headings itself ({})",
                format.format(ordinal)
            )),
        );
    }
    let heading = Heading {
        level,
        ordinal,
        number: format.format(ordinal),
        title,
        origin,
    };
    let mut paras = section
        .text
        .as_ref()
        .map(|t| paragraphs(file, t))
        .unwrap_or_default()
        .into_iter();
    data.enter(heading.text());
    if section.run_in {
        let (text, origin) = paras.next().unwrap_or_default();
        check_text(file, &text, &origin, problems);
        if super::cite::placement(&text).is_some() {
            problems.push(
                Diagnostic::error("a run-in heading opens a paragraph, not a table or chart")
                    .at(file, section.title.span())
                    .hint("write the paragraph's words first, or make the heading stand alone (run-in = false)"),
            );
        }
        let para = data.paragraph(Some(heading), &text, origin, problems);
        out.push(Block::Paragraph(para));
    } else {
        out.push(Block::Heading(heading));
    }
    for (text, origin) in paras {
        check_text(file, &text, &origin, problems);
        out.extend(data.block(&text, origin, problems));
    }
    for (i, sub) in section.section.iter().enumerate() {
        push_section(
            file,
            sub,
            level + 1,
            i as u32 + 1,
            layout,
            data,
            out,
            problems,
        );
    }
    data.leave();
}

/// Splits running text into paragraphs, one a non-blank line, each with its place. The
/// source is searched forward from the last paragraph found, so the work is linear in the text
/// and a repeated paragraph is placed at its own copy; after a paragraph that does not stand in
/// the source verbatim (it was written with escapes), the rest are placed on the whole value.
fn paragraphs(file: &Arc<SourceFile>, text: &toml::Spanned<String>) -> Vec<(String, Origin)> {
    let span = text.span();
    let raw = file.text.get(span.clone()).unwrap_or("");
    let mut from = Some(0);
    text.get_ref()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let found = from.and_then(|f| raw[f..].find(l).map(|i| f + i));
            from = found.map(|i| i + l.len());
            let range = match found {
                Some(i) => span.start + i..span.start + i + l.len(),
                None => span.clone(),
            };
            (l.to_string(), Origin(Some((file.clone(), range))))
        })
        .collect()
}

/// The place of `piece` inside the TOML value at `span`: exact when the piece stands in the
/// source verbatim (no escapes), else the whole value.
fn span_origin(file: &Arc<SourceFile>, span: Range<usize>, piece: &str) -> Origin {
    let raw = file.text.get(span.clone()).unwrap_or("");
    let range = match (piece.is_empty(), raw.find(piece)) {
        (false, Some(i)) => span.start + i..span.start + i + piece.len(),
        _ => span,
    };
    Origin(Some((file.clone(), range)))
}

/// A number the author typed at the start of a title, such as `一、` or `（二）` or `3.`: read
/// by the one typed-number reader the importers use too.
fn leading_number(title: &str) -> Option<&str> {
    crate::numbering::typed_number(title).map(|n| &title[..n.len])
}

/// Refuses characters that neither a PDF nor a DOCX can carry, and warns of half-width
/// punctuation in Chinese text (`gongwen fmt` fixes it; the build never changes the text).
pub fn check_text(
    file: &Arc<SourceFile>,
    text: &str,
    origin: &Origin,
    problems: &mut Vec<Diagnostic>,
) {
    refuse_controls(file, text, origin, problems);
    problems.extend(crate::punct::findings(file, text, origin));
}

/// Refuses characters that XML cannot hold and a PDF cannot print (controls other than the
/// tab, U+FFFE, U+FFFF), each with its place: every text of the document passes here before a
/// backend sees it, so every XML part written is well-formed.
pub fn refuse_controls(
    file: &Arc<SourceFile>,
    text: &str,
    origin: &Origin,
    problems: &mut Vec<Diagnostic>,
) {
    for (i, c) in text.char_indices() {
        if (c.is_control() && c != '\t') || matches!(c, '\u{FFFE}' | '\u{FFFF}') {
            let d = Diagnostic::error(format!("control character U+{:04X} in the text", c as u32))
                .label("cannot be printed or stored in a DOCX")
                .hint("delete it; it often comes from copying out of another program");
            problems.push(place(d, file, origin, text, i, c));
        }
    }
}

/// Places a diagnostic on character `c` at byte `i` of `text`, whose origin is `origin`.
pub fn place(
    d: Diagnostic,
    file: &Arc<SourceFile>,
    origin: &Origin,
    text: &str,
    i: usize,
    c: char,
) -> Diagnostic {
    match &origin.0 {
        Some((f, range)) => {
            let raw = f.text.get(range.clone()).unwrap_or("");
            if raw.contains(text) && !text.is_empty() {
                let at = range.start + raw.find(text).unwrap_or(0) + i;
                d.at(f, at..at + c.len_utf8())
            } else {
                d.at(f, range.clone())
            }
        }
        None => d.in_file(file),
    }
}

/// The signature and date lines, placed as GB/T 9704 places them without a seal: the office two
/// characters in from the right, the date under it starting two characters further right (or,
/// when the date is the longer, the date two characters in and the office over it).
fn signature(
    file: &Arc<SourceFile>,
    report: &Report,
    layout: &Layout,
    signed: Option<Date>,
) -> Option<Signature> {
    let sig = report
        .closing
        .signature
        .as_ref()
        .filter(|s| !s.get_ref().trim().is_empty());
    if sig.is_none() && signed.is_none() {
        return None;
    }
    let width = layout.grid.chars as f32;
    let date_text = signed.map(|d| d.chinese());
    let mut lines = Vec::new();
    match (sig, date_text) {
        (Some(sig), date) => {
            let sig_text = sig.get_ref().trim().to_string();
            let sig_w = cells(&sig_text);
            let mut sig_at = width - 2.0 - sig_w;
            if let Some(date) = &date {
                let date_w = cells(date);
                if sig_at + 2.0 + date_w > width - 2.0 {
                    sig_at = width - 2.0 - date_w - 2.0;
                }
            }
            let sig_at = sig_at.max(0.0);
            lines.push(SignatureLine {
                text: sig_text,
                indent: sig_at,
                origin: Origin(Some((file.clone(), sig.span()))),
            });
            if let Some(date) = date {
                lines.push(SignatureLine {
                    text: date,
                    indent: sig_at + 2.0,
                    origin: Origin::default(),
                });
            }
        }
        (None, Some(date)) => {
            let at = (width - 4.0 - cells(&date)).max(0.0);
            lines.push(SignatureLine {
                text: date,
                indent: at,
                origin: Origin::default(),
            });
        }
        (None, None) => return None,
    }
    Some(Signature {
        blank_lines_before: 1,
        lines,
    })
}

/// Width in character cells, by the builder's one width model.
fn cells(s: &str) -> f32 {
    crate::punct::cells(s) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leading_numbers_are_spotted_and_words_are_not() {
        assert_eq!(leading_number("一、基本情况"), Some("一、"));
        assert_eq!(leading_number("（二）申请情况"), Some("（二）"));
        assert_eq!(leading_number("3.推进"), Some("3."));
        assert_eq!(leading_number("一是积极回应"), None);
        assert_eq!(leading_number("十分重要"), None);
        assert_eq!(leading_number("2015年工作"), None);
    }

    #[test]
    fn cells_count_half_width_digits_as_half() {
        assert_eq!(cells("2016年3月31日"), 3.5 + 3.0);
    }
}
