//! Recognising a report's structure in published plain text, one paragraph a line.
//!
//! Headings are told by their numbers (一、 （一） 1、/1. （1）), checked against the structure so
//! far: a number that does not fit (a level with no parent, a jump in the count) stays a
//! paragraph and is reported. The text keeps its characters exactly.

use std::ops::Range;
use std::sync::Arc;

use super::{Outline, OutlineSection};
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::Date;
use crate::numbering::chinese_counting;

/// What the recogniser made of a text: the outline and what the author should look at.
#[derive(Debug)]
pub struct Imported {
    /// The structure (title and office are left for the caller).
    pub outline: Outline,
    /// Numbers kept as paragraphs, mixed numbering styles, a reprinted date.
    pub warnings: Vec<Diagnostic>,
}

/// One non-blank line of the source.
struct Line<'a> {
    /// 1-based line number.
    no: usize,
    /// Byte range of the trimmed text in the file.
    span: Range<usize>,
    text: &'a str,
}

/// A heading number at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Number {
    /// 1 to 4.
    level: u8,
    /// The count, from 1.
    value: u32,
    /// Bytes the number takes (`（一）` is 9).
    len: usize,
    /// Level 3 written `1、` rather than `1.`/`1．`.
    comma: bool,
}

/// Reads the structure of `file`'s text. A first line equal to `title` is the title, not an
/// opening paragraph; `office` helps spot the signature (either may be empty).
pub fn recognise(file: &Arc<SourceFile>, title: &str, office: &str) -> Imported {
    let mut lines = lines(&file.text);
    if !title.is_empty() && lines.first().is_some_and(|l| l.text == title) {
        lines.remove(0);
    }
    let mut outline = Outline::default();
    let mut warnings = Vec::new();
    closing(file, &mut lines, office, &mut outline, &mut warnings);

    // counts[l] = sections of level l+1 under the current level-l one; depth = open levels.
    let mut counts = [0u32; 4];
    let mut depth = 0u8;
    let mut level3 = (Vec::new(), Vec::new()); // lines written 1、 and 1.
    for line in &lines {
        let Some(n) = number(line.text) else {
            paragraph(&mut outline, depth, line.text);
            continue;
        };
        let shown = &line.text[..n.len];
        let expected = counts[n.level as usize - 1] + 1;
        let misfit = if n.level > depth + 1 {
            Some(format!("no level-{} heading above it", n.level - 1))
        } else if n.value != expected {
            Some(format!("the count expects {expected} here"))
        } else if line.text[n.len..].trim().is_empty() {
            Some("no words follow it".to_string())
        } else {
            None
        };
        if let Some(why) = misfit {
            warnings.push(
                Diagnostic::warning(format!(
                    "`{shown}` on line {} does not fit the numbering ({why}); kept as a paragraph",
                    line.no
                ))
                .at(file, line.span.start..line.span.start + n.len)
                .label("kept as text")
                .hint("if it is a heading, correct the numbers in the text and import again"),
            );
            paragraph(&mut outline, depth, line.text);
            continue;
        }
        if n.level == 3 {
            let list = if n.comma {
                &mut level3.0
            } else {
                &mut level3.1
            };
            list.push(line.no);
        }
        counts[n.level as usize - 1] += 1;
        counts[n.level as usize..].iter_mut().for_each(|c| *c = 0);
        depth = n.level;
        let section = heading(line.text[n.len..].trim());
        siblings(&mut outline, n.level).push(section);
    }

    let (comma, dot) = level3;
    if comma.len() > dot.len() {
        outline.numbering[2] = Some("1、".into());
    }
    if !comma.is_empty() && !dot.is_empty() {
        let (used, odd, lines) = if comma.len() > dot.len() {
            ("1、", "1.", dot)
        } else {
            ("1.", "1、", comma)
        };
        let list: Vec<String> = lines.iter().map(usize::to_string).collect();
        warnings.push(
            Diagnostic::warning(format!(
                "level 3 is written both `{used}` and `{odd}` (`{odd}` on line {}); every level-3 number prints as `{used}`",
                list.join(", ")
            ))
            .in_file(file)
            .hint("change [numbering] level3 in the report definition to choose the other form"),
        );
    }
    Imported { outline, warnings }
}

/// The non-blank lines, trimmed, with their numbers and places.
fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    for (i, raw) in text.split_inclusive('\n').enumerate() {
        let trimmed = raw.trim();
        if !trimmed.is_empty() {
            let start = at + (raw.len() - raw.trim_start().len());
            out.push(Line {
                no: i + 1,
                span: start..start + trimmed.len(),
                text: trimmed,
            });
        }
        at += raw.len();
    }
    out
}

/// The heading number that opens `line`, if any: `一、` `（一）`/`(一)` `1、`/`1.`/`1．`
/// `（1）`/`(1)`. `一是…` and `1.5万` are not numbers.
fn number(line: &str) -> Option<Number> {
    let paren = line.strip_prefix('（').or_else(|| line.strip_prefix('('));
    let rest = paren.unwrap_or(line);
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let han = rest
        .chars()
        .take_while(|c| "一二三四五六七八九十百零".contains(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    let (counter, decimal) = if digits > 0 {
        (&rest[..digits], true)
    } else {
        (&rest[..han], false)
    };
    if counter.is_empty() || digits > 3 {
        return None;
    }
    let after = &rest[counter.len()..];
    let value = if decimal {
        counter.parse().ok()?
    } else {
        (1..=199).find(|&n| chinese_counting(n) == counter)?
    };
    let closer = if paren.is_some() {
        ['）', ')'].into_iter().find(|&c| after.starts_with(c))?
    } else {
        let c = ['、', '.', '．']
            .into_iter()
            .find(|&c| after.starts_with(c))?;
        let next = after[c.len_utf8()..].chars().next();
        if c != '、' && (!decimal || next.is_some_and(|d| d.is_ascii_digit())) {
            return None; // 1.5万 is a decimal; 一. is not a heading number
        }
        c
    };
    let level = match (paren.is_some(), decimal) {
        (false, false) if closer == '、' => 1,
        (true, false) => 2,
        (false, true) => 3,
        (true, true) => 4,
        _ => return None,
    };
    Some(Number {
        level,
        value,
        len: line.len() - after.len() + closer.len_utf8(),
        comma: closer == '、',
    })
}

/// A heading from the words after its number: run in when its first sentence ends in `。`
/// and the line goes on.
fn heading(words: &str) -> OutlineSection {
    let split = words
        .find('。')
        .map(|i| i + '。'.len_utf8())
        .filter(|&end| !words[end..].trim().is_empty());
    match split {
        Some(end) => OutlineSection {
            title: words[..end].to_string(),
            run_in: true,
            paragraphs: vec![words[end..].trim().to_string()],
            sections: Vec::new(),
        },
        None => OutlineSection {
            title: words.to_string(),
            ..Default::default()
        },
    }
}

/// The list a new heading of `level` joins.
pub(crate) fn siblings(outline: &mut Outline, level: u8) -> &mut Vec<OutlineSection> {
    let mut list = &mut outline.sections;
    for _ in 1..level {
        list = &mut list.last_mut().expect("the parent heading exists").sections;
    }
    list
}

/// Adds a paragraph to the open section at `depth` (the opening at depth 0).
pub(crate) fn paragraph(outline: &mut Outline, depth: u8, text: &str) {
    if depth == 0 {
        outline.opening.push(text.to_string());
    } else {
        let open = siblings(outline, depth)
            .last_mut()
            .expect("the open heading exists");
        open.paragraphs.push(text.to_string());
    }
}

/// Takes the closing lines off the end of `lines`: lines such as `责任编辑：…`, a date line and
/// a short line naming an office (the signature), after at least one line of body.
fn closing(
    file: &Arc<SourceFile>,
    lines: &mut Vec<Line<'_>>,
    office: &str,
    outline: &mut Outline,
    warnings: &mut Vec<Diagnostic>,
) {
    while lines.len() > 1 {
        let line = lines.last().expect("not empty");
        if is_closing_line(line.text) {
            outline.closing_lines.insert(0, line.text.to_string());
        } else if let (None, Some(d)) = (outline.date, date(line.text)) {
            outline.date = Some(d);
            if d.chinese() != line.text {
                warnings.push(
                    Diagnostic::warning(format!("the date line is printed as {}", d.chinese()))
                        .at(file, line.span.clone())
                        .label("read as the signing date")
                        .hint(
                            "the date is kept as a date (date = ...) and printed in the usual form",
                        ),
                );
            }
        } else if outline.signature.is_none() && is_office(line.text, office) {
            outline.signature = Some(line.text.to_string());
        } else {
            break;
        }
        lines.pop();
    }
}

/// `责任编辑：黄亮`, `来源:…`: a label, a colon, a few words.
pub(crate) fn is_closing_line(line: &str) -> bool {
    const LABELS: &[&str] = &[
        "责任编辑",
        "编辑",
        "审核",
        "审校",
        "校对",
        "签发",
        "撰稿",
        "录入",
        "来源",
        "信息来源",
        "发布机构",
        "发布日期",
        "初审",
        "复审",
        "终审",
    ];
    line.chars().count() <= 40
        && LABELS.iter().any(|l| {
            line.strip_prefix(l)
                .map(str::trim_start)
                .is_some_and(|r| r.starts_with('：') || r.starts_with(':'))
        })
}

/// A short line naming an office: no sentence marks, no number, ending like an office's name
/// (or equal to `office`).
fn is_office(line: &str, office: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "政府",
        "办公室",
        "办公厅",
        "委员会",
        "委",
        "局",
        "厅",
        "部",
        "办",
        "中心",
        "院",
        "署",
        "处",
        "所",
        "站",
        "会",
        "队",
        "组",
    ];
    let n = line.chars().count();
    (!office.is_empty() && line == office)
        || ((2..=30).contains(&n)
            && number(line).is_none()
            && !line.contains(|c| "。，,；;：:！!？?".contains(c))
            && ENDINGS.iter().any(|e| line.ends_with(e)))
}

/// A date line: `2016年3月31日` or `二〇一六年三月三十一日`.
pub(crate) fn date(line: &str) -> Option<Date> {
    let (year, rest) = line.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let year: i32 = if year.chars().all(|c| c.is_ascii_digit()) {
        year.parse().ok()?
    } else {
        year.chars()
            .map(|c| {
                "〇一二三四五六七八九"
                    .chars()
                    .position(|d| d == c)
                    .or_else(|| (c == '零').then_some(0))
            })
            .try_fold(0i32, |acc, d| d.map(|d| acc * 10 + d as i32))?
    };
    let small = |s: &str| -> Option<u8> {
        if s.chars().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            (1..=31u8).find(|&n| chinese_counting(n.into()) == s)
        }
    };
    let (month, day) = (small(month)?, small(day)?);
    ((1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some(Date { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(text: &str) -> Imported {
        let file = SourceFile::new("r.txt".into(), std::path::Path::new("r.txt"), text.into());
        recognise(&file, "某县报告", "")
    }

    /// The outline as lines: `L2 title | run-in | paragraphs` per heading, `P text` per
    /// opening paragraph.
    fn shape(o: &Outline) -> Vec<String> {
        fn walk(s: &[OutlineSection], level: usize, out: &mut Vec<String>) {
            for s in s {
                let run = if s.run_in { " run-in" } else { "" };
                out.push(format!(
                    "L{level} {}{run} | {}",
                    s.title,
                    s.paragraphs.join(" / ")
                ));
                walk(&s.sections, level + 1, out);
            }
        }
        let mut out: Vec<String> = o.opening.iter().map(|p| format!("P {p}")).collect();
        walk(&o.sections, 1, &mut out);
        out
    }

    #[test]
    fn numbers_are_read_at_every_level_and_words_are_not() {
        type Case = (&'static str, Option<(u8, u32, &'static str)>);
        let cases: &[Case] = &[
            ("一、基本情况", Some((1, 1, "一、"))),
            ("十二、其他", Some((1, 12, "十二、"))),
            ("（三）申请情况", Some((2, 3, "（三）"))),
            ("(三)申请情况", Some((2, 3, "(三)"))),
            ("1、积极推进", Some((3, 1, "1、"))),
            ("10.继续推进", Some((3, 10, "10."))),
            ("2．推进", Some((3, 2, "2．"))),
            ("（1）加强", Some((4, 1, "（1）"))),
            ("(12)加强", Some((4, 12, "(12)"))),
            ("一是积极回应", None),
            ("十分重要", None),
            ("2015年，全市", None),
            ("125.34万元", None),
            ("一.二", None),
            ("（以下简称）", None),
            ("", None),
        ];
        for (line, want) in cases {
            let got = number(line).map(|n| (n.level, n.value, &line[..n.len]));
            assert_eq!(got, *want, "{line}");
        }
    }

    #[test]
    fn headings_run_in_or_stand_alone_and_yishi_is_text() {
        let cases: &[(&str, &[&str])] = &[
            (
                "开头。\n一、概述\n正文。",
                &["P 开头。", "L1 概述 | 正文。"],
            ),
            (
                "一、概述\n（一）加强谋划，着力推动。2015年，市政府。",
                &[
                    "L1 概述 | ",
                    "L2 加强谋划，着力推动。 run-in | 2015年，市政府。",
                ],
            ),
            (
                "一、概述\n（一）范围不断拓展。\n1、积极推进。为进一步。",
                &[
                    "L1 概述 | ",
                    "L2 范围不断拓展。 | ",
                    "L3 积极推进。 run-in | 为进一步。",
                ],
            ),
            (
                "一、回应\n一是积极回应。二是。\n二是丰富。",
                &["L1 回应 | 一是积极回应。二是。 / 二是丰富。"],
            ),
            (
                "一、甲\n(一)乙\n1.丙\n(1)丁。戊",
                &["L1 甲 | ", "L2 乙 | ", "L3 丙 | ", "L4 丁。 run-in | 戊"],
            ),
            (
                "一、甲\n（一）乙\n二、丙\n（一）丁",
                &["L1 甲 | ", "L2 乙 | ", "L1 丙 | ", "L2 丁 | "],
            ),
        ];
        for (text, want) in cases {
            let got = import(text);
            assert_eq!(shape(&got.outline), *want, "{text}");
            assert!(got.warnings.is_empty(), "{text}: {:?}", got.warnings);
        }
    }

    #[test]
    fn closing_lines_date_and_signature_leave_the_body() {
        /// (text, signature, date, closing lines, the section's paragraphs)
        type Case = (
            &'static str,
            Option<&'static str>,
            Option<&'static str>,
            &'static [&'static str],
            &'static str,
        );
        let cases: &[Case] = &[
            (
                "一、甲\n正文。\n责任编辑：黄亮",
                None,
                None,
                &["责任编辑：黄亮"],
                "正文。",
            ),
            (
                "一、甲\n正文。\n责任编辑:黄亮",
                None,
                None,
                &["责任编辑:黄亮"],
                "正文。",
            ),
            (
                "一、甲\n正文。\n新乡市人民政府\n2016年3月31日",
                Some("新乡市人民政府"),
                Some("2016-03-31"),
                &[],
                "正文。",
            ),
            (
                "一、甲\n正文。\n新乡市人民政府办公室\n二〇一六年三月三十一日\n来源：市政府",
                Some("新乡市人民政府办公室"),
                Some("2016-03-31"),
                &["来源：市政府"],
                "正文。",
            ),
            (
                "一、甲\n正文。\n会议和培训情况",
                None,
                None,
                &[],
                "正文。 / 会议和培训情况",
            ),
            ("一、甲\n正文，完成。", None, None, &[], "正文，完成。"),
        ];
        for (text, sig, date, lines, body) in cases {
            let o = import(text).outline;
            assert_eq!(o.signature.as_deref(), *sig, "{text}");
            assert_eq!(o.date.map(|d| d.iso()).as_deref(), *date, "{text}");
            assert_eq!(o.closing_lines, *lines, "{text}");
            assert_eq!(o.sections[0].paragraphs.join(" / "), *body, "{text}");
        }
        let o = import("一、甲\n正文。\n某县人民政府").outline;
        assert_eq!(o.signature.as_deref(), Some("某县人民政府"));
        // a date the document prints differently is said
        let w = import("一、甲\n正文。\n2016年03月31日").warnings;
        assert!(w[0].message.contains("2016年3月31日"), "{w:?}");
    }

    #[test]
    fn misplaced_numbers_are_kept_as_paragraphs_and_warned() {
        let cases: &[(&str, &[&str], &str)] = &[
            (
                "一、甲\n（一）乙\n（1）丙",
                &["L1 甲 | ", "L2 乙 | （1）丙"],
                "`（1）` on line 3",
            ),
            ("一、甲\n三、丙", &["L1 甲 | 三、丙"], "`三、` on line 2"),
            (
                "开头。\n（一）乙",
                &["P 开头。", "P （一）乙"],
                "no level-1 heading above it",
            ),
            (
                "一、甲\n（一）乙\n（一）乙",
                &["L1 甲 | ", "L2 乙 | （一）乙"],
                "the count expects 2",
            ),
            ("一、甲\n二、", &["L1 甲 | 二、"], "no words follow it"),
        ];
        for (text, want, warned) in cases {
            let got = import(text);
            assert_eq!(shape(&got.outline), *want, "{text}");
            let all: Vec<&str> = got.warnings.iter().map(|d| d.message.as_str()).collect();
            assert!(all.iter().any(|m| m.contains(warned)), "{text}: {all:?}");
            assert!(
                got.warnings[0].location().unwrap().starts_with("r.txt:"),
                "{text}"
            );
        }
    }

    #[test]
    fn the_level3_style_is_what_the_report_uses() {
        let cases: &[(&str, Option<&str>, usize)] = &[
            ("一、甲\n（一）乙\n1、丙\n2、丁", Some("1、"), 0),
            ("一、甲\n（一）乙\n1.丙\n2.丁", None, 0),
            ("一、甲\n（一）乙\n1．丙", None, 0),
            ("一、甲\n（一）乙\n1、丙\n2、丁\n3.戊", Some("1、"), 1),
            ("一、甲\n(一)乙", None, 0),
        ];
        for (text, level3, warnings) in cases {
            let got = import(text);
            assert_eq!(got.outline.numbering[2].as_deref(), *level3, "{text}");
            assert_eq!(
                got.outline.numbering[1], None,
                "{text}: level 2 maps to the layout's （一）"
            );
            assert_eq!(got.warnings.len(), *warnings, "{text}");
        }
    }

    #[test]
    fn a_first_line_that_is_the_title_is_not_an_opening_paragraph() {
        assert_eq!(
            shape(&import("某县报告\n开头。\n一、甲").outline),
            ["P 开头。", "L1 甲 | "]
        );
        assert_eq!(
            shape(&import("某县报告。\n一、甲").outline),
            ["P 某县报告。", "L1 甲 | "]
        );
    }

    #[test]
    fn text_is_kept_exactly() {
        let text = "根据《条例》(以下简称《条例》)的规定,现公布。\n一、概述\n(一)加强谋划,着力推动。2015年,市政府...";
        let o = import(text).outline;
        assert_eq!(o.opening, ["根据《条例》(以下简称《条例》)的规定,现公布。"]);
        let s = &o.sections[0].sections[0];
        assert_eq!(s.title, "加强谋划,着力推动。");
        assert_eq!(s.paragraphs, ["2015年,市政府..."]);
    }
}
