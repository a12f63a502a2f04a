//! Reading published plain text, one paragraph a line, into the shared recogniser
//! ([`crate::import::recognise`]): a line is a paragraph; a line pushed right by spaces or tabs is set
//! off (a signature); two or more lines of tab-separated cells (a table copied from a page or
//! a word processor) are a table; nothing else is said about its look. The text keeps its
//! characters exactly.

use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile};
use crate::forms::Printed;
use crate::import::recognise::{self, Look, Options, Para, Place};
use crate::import::{Outline, OutlineCell, OutlineTable};

#[cfg(test)]
use crate::import::recognise::number;

/// What the recogniser made of a text: the outline and what the author should look at.
#[derive(Debug)]
pub struct Imported {
    /// The structure (title lines when the text has them; the office is left for the caller).
    pub outline: Outline,
    /// Numbers kept as paragraphs, mixed numbering styles, a reprinted date, page chrome.
    pub warnings: Vec<Diagnostic>,
}

/// Reads the structure of `file`'s text. Leading lines equal to `title` are the title, not
/// opening paragraphs; `office` helps spot the signature (either may be empty).
pub fn recognise(file: &Arc<SourceFile>, title: &str, office: &str) -> Imported {
    let (paras, mut tables) = read(&file.text);
    let (mut outline, warnings) =
        recognise::recognise(file, paras, &mut tables, Options { title, office });
    outline.tables = tables;
    Imported { outline, warnings }
}

/// The non-blank lines as paragraphs, trimmed, with their numbers and places; a line indented
/// as a signature is ([`recognise::pushed`]) is set off.
pub fn paras(text: &str) -> Vec<Para> {
    read(text).0
}

/// The cells of a line copied from a table (a browser or a word processor puts a tab between
/// cells): at least two of them not empty.
fn cells(line: &str) -> Option<Vec<&str>> {
    let t = line.trim();
    let cells: Vec<&str> = t.split('\t').map(str::trim).collect();
    (cells.iter().filter(|c| !c.is_empty()).count() >= 2).then_some(cells)
}

/// A run of table lines as a table: rows as copied, a row with fewer cells than the widest
/// filled from the left (the cells a merged label above stands for); the rows before the first
/// one holding a number are its header.
fn table(name: String, lines: &[Vec<&str>]) -> OutlineTable {
    let width = lines.iter().map(Vec::len).max().unwrap_or(0);
    let mut rows: Vec<Vec<OutlineCell>> = lines
        .iter()
        .map(|cells| {
            let pad = width - cells.len();
            (0..width)
                .map(|col| OutlineCell {
                    text: if col < pad {
                        String::new()
                    } else {
                        cells[col - pad].to_string()
                    },
                    col,
                    cols: 1,
                    rows: 1,
                    align: None,
                })
                .collect()
        })
        .collect();
    let number = |r: &Vec<OutlineCell>| {
        r.iter()
            .any(|c| matches!(crate::forms::printed(&c.text), Printed::Number(_)))
    };
    let header = rows.iter().position(number).unwrap_or(1).min(rows.len());
    let body = rows.split_off(header);
    let form = recognise::form_like(rows.iter().chain(&body).flatten().map(|c| c.text.as_str()));
    OutlineTable {
        name,
        header: rows,
        rows: body,
        form,
        ..OutlineTable::default()
    }
}

/// The lines as paragraphs, and runs of two or more table lines as tables placed by a
/// paragraph of their own.
fn read(text: &str) -> (Vec<Para>, Vec<OutlineTable>) {
    let mut out = Vec::new();
    let mut tables = Vec::new();
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut offsets = Vec::with_capacity(lines.len());
    let mut at = 0;
    for raw in &lines {
        offsets.push(at);
        at += raw.len();
    }
    let mut i = 0;
    while i < lines.len() {
        // A line of one cell between two table lines (第二十条第（一）项 across the table) is a
        // row of the table too, unless it opens with a heading's number.
        let row = |j: usize| {
            cells(lines[j]).is_some()
                || (j > i
                    && !lines[j].trim().is_empty()
                    && crate::numbering::typed_number(lines[j].trim()).is_none()
                    && lines.get(j + 1).is_some_and(|l| cells(l).is_some()))
        };
        let run = (i..lines.len()).take_while(|&j| row(j)).count();
        if run >= 2 {
            let rows: Vec<Vec<&str>> = lines[i..i + run]
                .iter()
                .map(|l| cells(l).unwrap_or_else(|| vec![l.trim()]))
                .collect();
            let name = format!("table{}", tables.len() + 1);
            out.push(Para {
                table: Some(tables.len()),
                ..Para::body(
                    Place::Line {
                        no: i + 1,
                        span: offsets[i]..offsets[i] + lines[i].trim_end().len(),
                    },
                    format!("{{table:{name}}}"),
                )
            });
            tables.push(table(name, &rows));
            i += run;
            continue;
        }
        let raw = lines[i];
        let trimmed = raw.trim();
        if !trimmed.is_empty() {
            let indent = &raw[..raw.len() - raw.trim_start().len()];
            let start = offsets[i] + indent.len();
            out.push(Para {
                look: Look {
                    set_off: recognise::pushed(indent),
                    ..Look::default()
                },
                ..Para::body(
                    Place::Line {
                        no: i + 1,
                        span: start..start + trimmed.len(),
                    },
                    trimmed,
                )
            });
        }
        i += 1;
    }
    (out, tables)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::OutlineSection;

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
    fn lines_of_tab_separated_cells_are_a_table() {
        let text = "开头。\n项目\t上年\t本年\n财政预决算\t300\t356\n重点项目\t800\t900\n结尾。\n\t\t某县人民政府\n";
        let s = import(text);
        assert_eq!(s.outline.tables.len(), 1);
        let t = &s.outline.tables[0];
        assert_eq!(t.header.len(), 1);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1][2].text, "900");
        assert!(
            s.outline.opening.contains(&"{table:table1}".to_string()),
            "{:?}",
            s.outline.opening
        );
        // One line with tabs is no table; a signature pushed by tabs stays a line.
        let s = import("开头。\n姓名\t张三\n\t\t某县人民政府\n");
        assert!(s.outline.tables.is_empty());
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
                "一、甲\n正文。\n新乡市人民政府办公室\n二〇一六年三月三十一日\n审核：王五",
                Some("新乡市人民政府办公室"),
                Some("2016-03-31"),
                &["审核：王五"],
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
