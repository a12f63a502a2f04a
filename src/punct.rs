//! Punctuation in Chinese text by GB/T 15834: which half-width marks become full-width, and where.
//!
//! The rules convert a mark only where it stands in Chinese text; numbers (1,000; 3.5), times
//! (10:30), ratios (1:2), URLs, e-mail addresses, Latin text and the `1.` ordinal are left alone,
//! and no space is ever inserted or removed. `gongwen fmt` applies [`fixes`]; the builder reports
//! them as warnings ([`findings`]) so `check` and `build` see the same thing.

use std::ops::Range;
use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile};
use crate::doc::Origin;

/// One change the rules make to a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The bytes of the mark as written (one character, or a run of dots for `...`).
    pub range: Range<usize>,
    /// What GB/T 15834 writes instead.
    pub to: &'static str,
}

/// Every change the rules make to `text`, in order. Each line is a paragraph of its own: no
/// pair of brackets or quotes spans two lines.
pub fn fixes(text: &str) -> Vec<Fix> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        line_fixes(line, start, &mut out);
        start += line.len();
    }
    out
}

/// `text` with every fix applied.
pub fn normalise(text: &str) -> String {
    apply(text, &fixes(text))
}

/// `text` with `fixes` (found by [`fixes`] in it) applied.
pub fn apply(text: &str, fixes: &[Fix]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for fix in fixes {
        out.push_str(&text[at..fix.range.start]);
        out.push_str(fix.to);
        at = fix.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// Marks that never start a line (避头): the one list of the title breaker and the body's grid.
pub const NO_START: &str = "，。、；：？！）》”’〕】」』〉…—·％";
/// Marks that never end a line (避尾).
pub const NO_END: &str = "（《“‘〔【「『〈";

/// The width of a character in cells of its size, as estimated before any font is read (the
/// one width model of the builder: titles, table columns, the signature): a hanzi or full-width
/// mark one cell, a half-width letter or digit half of one (a Times digit is that), a space a
/// quarter.
pub fn cell_width(c: char) -> f64 {
    if c == ' ' {
        0.25
    } else if c.is_ascii() {
        0.5
    } else {
        1.0
    }
}

/// The width of `text` in cells of its size, by [`cell_width`].
pub fn cells(text: &str) -> f64 {
    text.chars().map(cell_width).sum()
}

/// The fixes of `text` as warnings placed in the report, each pointing at its mark, with the
/// hint to run `gongwen fmt` on the report file.
pub fn findings(file: &Arc<SourceFile>, text: &str, origin: &Origin) -> Vec<Diagnostic> {
    fixes(text)
        .into_iter()
        .map(|fix| {
            let mark = &text[fix.range.clone()];
            let c = mark.chars().next().unwrap_or(' ');
            let d = Diagnostic::warning(format!("half-width `{mark}` in Chinese text"))
                .kind(crate::diag::Kind::Punctuation)
                .label(format!("GB/T 15834 writes `{}` here", fix.to))
                .hint(format!("run gongwen fmt {}", file.name));
            crate::builder::place(d, file, origin, text, fix.range.start, c)
        })
        .collect()
}

/// True for a character of Chinese text: a hanzi, a CJK or full-width mark, or the curly
/// double quotes and the ellipsis Chinese text uses.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation: 、。〈〉《》「」〔〕…
        | 0x3040..=0x30FF    // kana
        | 0x3100..=0x312F    // bopomofo
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // vertical and compatibility forms
        | 0xFF01..=0xFF60    // full-width forms: ，；：（）０-９
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFF) // extensions B and on
        || matches!(c, '“' | '”' | '…')
}

/// The fixes of one line; `base` is its byte offset in the whole text.
fn line_fixes(line: &str, base: usize, out: &mut Vec<Fix>) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let n = chars.len();
    // Characters already decided: inside a URL or an e-mail address, or part of a fix.
    let mut done = protected(&chars);
    let mut found: Vec<(usize, usize, &'static str)> = Vec::new(); // (first, past-last char index, to)
    let ch = |i: usize| chars.get(i).map(|&(_, c)| c);
    let cjk_at = |i: Option<usize>| i.and_then(ch).is_some_and(is_cjk);

    document_numbers(&chars, &mut done, &mut found);

    // `...` (three dots or more) next to Chinese text → ……
    let mut i = 0;
    while i < n {
        if ch(i) == Some('.') && !done[i] {
            let end = (i..n).find(|&j| ch(j) != Some('.') || done[j]).unwrap_or(n);
            if end - i >= 3 && (cjk_at(i.checked_sub(1)) || cjk_at(Some(end))) {
                found.push((i, end, "……"));
                done[i..end].iter_mut().for_each(|d| *d = true);
            }
            i = end;
        } else {
            i += 1;
        }
    }

    brackets(&chars, &mut done, &mut found);
    quotes(&chars, &mut done, &mut found);

    for i in (0..n).filter(|&i| !done[i]) {
        let (before, after) = (cjk_at(i.checked_sub(1)), cjk_at(Some(i + 1)));
        let to = match ch(i) {
            Some(',') if before || after => "，",
            Some(';') if before || after => "；",
            Some('?') if before || after => "？",
            Some('!') if before || after => "！",
            Some(':') if before => "：",
            // A sentence end after Chinese text; never a decimal point, a domain or `1.`.
            Some('.')
                if before
                    && (i + 1 == n || after || ch(i + 1).is_some_and(char::is_whitespace)) =>
            {
                "。"
            }
            _ => continue,
        };
        found.push((i, i + 1, to));
    }

    found.sort_by_key(|f| f.0);
    let byte = |i: usize| base + chars.get(i).map_or(line.len(), |&(b, _)| b);
    out.extend(found.into_iter().map(|(a, b, to)| Fix {
        range: byte(a)..byte(b),
        to,
    }));
}

/// Marks the characters of URLs (`http://…`, `www.…`) and e-mail addresses, which no rule
/// touches.
fn protected(chars: &[(usize, char)]) -> Vec<bool> {
    let n = chars.len();
    let mut done = vec![false; n];
    let lower: Vec<char> = chars.iter().map(|&(_, c)| c.to_ascii_lowercase()).collect();
    let starts_with = |i: usize, s: &str| {
        s.chars()
            .enumerate()
            .all(|(k, c)| lower.get(i + k) == Some(&c))
    };
    let word = |c: char| c.is_ascii_alphanumeric();
    let url_char = |c: char| c.is_ascii_alphanumeric() || "-._~:/?#@!$&*+=%".contains(c);
    let mut i = 0;
    while i < n {
        let at_word_start = i == 0 || !word(lower[i - 1]);
        let url = at_word_start
            && ["http://", "https://", "ftp://", "www."]
                .iter()
                .any(|p| starts_with(i, p));
        if url {
            // Parentheses belong to the URL only when they balance inside it.
            let (mut end, mut depth) = (i, 0);
            while end < n {
                let c = lower[end];
                if c == '(' {
                    depth += 1;
                } else if c == ')' && depth > 0 {
                    depth -= 1;
                } else if !url_char(c) {
                    break;
                }
                end += 1;
            }
            while end > i && ".:!?".contains(lower[end - 1]) {
                end -= 1;
            }
            done[i..end].iter_mut().for_each(|d| *d = true);
            i = end.max(i + 1);
            continue;
        }
        if lower[i] == '@' {
            let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
            let domain = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
            let from = (0..i).rev().take_while(|&j| local(lower[j])).last();
            let mut to = (i + 1..n)
                .take_while(|&j| domain(lower[j]))
                .last()
                .map(|j| j + 1);
            while let Some(t) = to.filter(|&t| t > i + 1 && lower[t - 1] == '.') {
                to = Some(t - 1);
            }
            if let (Some(from), Some(to)) = (from, to)
                && lower[i + 1..to].contains(&'.')
            {
                done[from..to].iter_mut().for_each(|d| *d = true);
                i = to;
                continue;
            }
        }
        i += 1;
    }
    done
}

/// Document numbers take 〔 〕 (国办发〔2015〕22号): a bracketed four-digit year right after
/// hanzi and followed by a number and 号.
fn document_numbers(
    chars: &[(usize, char)],
    done: &mut [bool],
    found: &mut Vec<(usize, usize, &'static str)>,
) {
    let c = |i: usize| chars.get(i).map(|&(_, c)| c);
    for i in 1..chars.len() {
        let open = c(i).is_some_and(|o| "[(（【［".contains(o));
        let year = (i + 1..i + 5).all(|j| c(j).is_some_and(|d| d.is_ascii_digit()));
        let close = c(i + 5).is_some_and(|o| "])）】］".contains(o));
        let digits = (i + 6..chars.len())
            .take_while(|&j| c(j).is_some_and(|d| d.is_ascii_digit()))
            .count();
        let hao = digits > 0 && c(i + 6 + digits) == Some('号');
        if open && year && close && hao && c(i - 1).is_some_and(is_cjk) && !done[i] && !done[i + 5]
        {
            found.push((i, i + 1, "〔"));
            found.push((i + 5, i + 6, "〕"));
            done[i] = true;
            done[i + 5] = true;
        }
    }
}

/// Brackets: a pair with a half-width half becomes full-width when it holds or touches Chinese
/// text (or its other half is already full-width). An unpaired bracket is left alone.
fn brackets(
    chars: &[(usize, char)],
    done: &mut [bool],
    found: &mut Vec<(usize, usize, &'static str)>,
) {
    let mut stack: Vec<usize> = Vec::new();
    for i in 0..chars.len() {
        match chars[i].1 {
            _ if done[i] => {}
            '(' | '（' => stack.push(i),
            ')' | '）' => {
                if let Some(o) = stack.pop() {
                    pair(chars, done, found, o, i, ("（", "）"));
                }
            }
            _ => {}
        }
    }
}

/// Converts the half-width halves of the pair (`o`, `c`) when it belongs to Chinese text.
fn pair(
    chars: &[(usize, char)],
    done: &mut [bool],
    found: &mut Vec<(usize, usize, &'static str)>,
    o: usize,
    c: usize,
    (open_to, close_to): (&'static str, &'static str),
) {
    let ascii = |i: usize| chars[i].1.is_ascii();
    let cjk = |i: Option<usize>| {
        i.and_then(|i| chars.get(i))
            .is_some_and(|&(_, c)| is_cjk(c))
    };
    let chinese = !ascii(o)
        || !ascii(c)
        || chars[o + 1..c].iter().any(|&(_, ch)| is_cjk(ch))
        || cjk(o.checked_sub(1))
        || cjk(Some(c + 1));
    if !chinese {
        return;
    }
    for (i, to) in [(o, open_to), (c, close_to)] {
        if ascii(i) {
            found.push((i, i + 1, to));
            done[i] = true;
        }
    }
}

/// Double quotes: `"…"` around Chinese text becomes `“…”`; a straight quote paired with a
/// curly one takes the curly form.
fn quotes(
    chars: &[(usize, char)],
    done: &mut [bool],
    found: &mut Vec<(usize, usize, &'static str)>,
) {
    let mut open: Option<usize> = None;
    for i in 0..chars.len() {
        if done[i] {
            continue;
        }
        match (chars[i].1, open) {
            ('“', _) => open = Some(i),
            ('"', None) => open = Some(i),
            ('”' | '"', Some(o)) => {
                pair(chars, done, found, o, i, ("“", "”"));
                open = None;
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (written, as GB/T 15834 writes it): every rule and every exception.
    const CASES: &[(&str, &str)] = &[
        // , ; ? ! next to Chinese text
        ("2015年,全市", "2015年，全市"),
        ("比例为85%;各县", "比例为85%；各县"),
        ("是否公开?", "是否公开？"),
        ("好!", "好！"),
        ("“县区政府”,和", "“县区政府”，和"),
        ("中文,English", "中文，English"),
        // : after Chinese text only
        ("电话:0373—3696072", "电话：0373—3696072"),
        ("体现在:一是", "体现在：一是"),
        ("时间:10:30", "时间：10:30"),
        ("会议于10:30召开", "会议于10:30召开"),
        ("比例为1:2", "比例为1:2"),
        (
            "见 http://www.gov.cn/a?b=1 网页",
            "见 http://www.gov.cn/a?b=1 网页",
        ),
        ("网址:http://www.gov.cn。", "网址：http://www.gov.cn。"),
        // brackets holding or touching Chinese text
        ("条例》(以下简称《条例》)的", "条例》（以下简称《条例》）的"),
        (
            "网站(www.xinxiang.gov.cn)政府",
            "网站（www.xinxiang.gov.cn）政府",
        ),
        ("信箱:xxzfbgkk@163.com)。", "信箱：xxzfbgkk@163.com)。"),
        (
            "(地址:新乡市,电子信箱:xxzfbgkk@163.com)。",
            "（地址：新乡市，电子信箱：xxzfbgkk@163.com）。",
        ),
        ("(1)加强领导", "（1）加强领导"),
        ("（以下简称“县区政府”)和", "（以下简称“县区政府”）和"),
        ("f(x) = x(1+y)", "f(x) = x(1+y)"),
        ("see (Smith 2015)", "see (Smith 2015)"),
        (
            "见 https://en.wikipedia.org/wiki/Foo_(bar) 一文",
            "见 https://en.wikipedia.org/wiki/Foo_(bar) 一文",
        ),
        // quotes and ellipsis
        ("设置了\"重点领域信息\"专栏", "设置了“重点领域信息”专栏"),
        ("the \"word\" here", "the \"word\" here"),
        ("等等...", "等等……"),
        ("等等......还有", "等等……还有"),
        ("wait... what", "wait... what"),
        // a sentence end after Chinese text; never decimals, domains or the 1. ordinal
        ("工作圆满完成.", "工作圆满完成。"),
        ("完成.下一步", "完成。下一步"),
        ("比例为94.3%", "比例为94.3%"),
        ("1.积极推进", "1.积极推进"),
        ("新乡.gov.cn", "新乡.gov.cn"),
        // document numbers
        ("国办发[2015]22号", "国办发〔2015〕22号"),
        ("国办发(2015)22号)", "国办发〔2015〕22号)"),
        ("(国办发〔2015〕22号)", "（国办发〔2015〕22号）"),
        // numbers, e-mail, Latin text, no spaces inserted
        ("共1,000元", "共1,000元"),
        ("经费125.34万元", "经费125.34万元"),
        ("电子信箱:xxzfbgkk@163.com", "电子信箱：xxzfbgkk@163.com"),
        (
            "Hello, world! Is it? Yes; (maybe): ok.",
            "Hello, world! Is it? Yes; (maybe): ok.",
        ),
        ("月报; “水质环境”", "月报； “水质环境”"),
        ("预算、 2014年", "预算、 2014年"),
        ("已经是全角，；：（）。", "已经是全角，；：（）。"),
        ("一行(未闭合\n另一行)", "一行(未闭合\n另一行)"),
        ("", ""),
    ];

    #[test]
    fn every_rule_and_every_exception() {
        for (written, want) in CASES {
            assert_eq!(normalise(written), *want, "normalising {written:?}");
            assert_eq!(normalise(want), *want, "{want:?} is already normal");
        }
    }

    #[test]
    fn fixes_point_at_the_marks() {
        let text = "年,全(市)";
        let got: Vec<(&str, &str)> = fixes(text)
            .iter()
            .map(|f| (&text[f.range.clone()], f.to))
            .collect();
        assert_eq!(got, [(",", "，"), ("(", "（"), (")", "）")]);
        let dots = fixes("等...");
        assert_eq!(dots[0].range, 3..6);
    }

    #[test]
    fn cjk_is_chinese_text_and_latin_is_not() {
        for c in ['中', '，', '（', '“', '〔', '１'] {
            assert!(is_cjk(c), "{c}");
        }
        for c in ['a', '1', ',', '(', '"', '—', ' '] {
            assert!(!is_cjk(c), "{c}");
        }
    }
}
