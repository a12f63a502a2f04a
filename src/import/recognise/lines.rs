//! What a single line is, by its words alone: page chrome, a closing line, an office's name,
//! a date, a table's caption, a national-form label.

use crate::doc::Date;
use crate::numbering::typed_number as number;

/// The words of a caption `表1　words` (with `mark` 表 or 图): the number and the space after
/// it taken off. `None` when `text` is not one.
pub fn caption_words(text: &str, mark: char) -> Option<String> {
    let rest = text.trim().strip_prefix(mark)?;
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let after = &rest[digits..];
    let words = after.trim_start_matches([' ', '\u{3000}', '\t', '：', ':']);
    if words.len() == after.len() || words.is_empty() || words.chars().count() > 60 {
        return None;
    }
    Some(words.trim().to_string())
}

/// Whether a table's cells carry the labels of one of the national form's tables, whose
/// arithmetic a plain table does not carry: the form descriptions say (`import::form::which`).
pub fn form_like<'a>(cells: impl Iterator<Item = &'a str>) -> bool {
    crate::import::form::which(cells).is_some()
}

/// Labels of the lines a web page adds around a report (发布时间：…, 分享到, 打印本页).
const CHROME: &[&str] = &[
    "发布时间",
    "更新时间",
    "发布日期",
    "日期",
    "发布者",
    "作者",
    "来源",
    "信息来源",
    "文章来源",
    "点击数",
    "点击量",
    "点击率",
    "浏览次数",
    "阅读次数",
    "访问量",
    "字号",
    "分享到",
];
/// Words that are a page's buttons when they stand alone.
const BUTTONS: &[&str] = &[
    "分享到",
    "打印本页",
    "关闭窗口",
    "打印",
    "关闭",
    "返回顶部",
    "收藏本页",
    "加入收藏",
    "保存本页",
    "大",
    "中",
    "小",
];

/// A line of the web page rather than the report: it opens with a label of [`CHROME`] and a
/// colon (`更新时间:2016-03-31`, `作者:本站原创 | 来源:…`), or is made of buttons (`【打印本页】【关闭窗口】`).
pub fn is_chrome(line: &str) -> bool {
    if line.chars().count() > 120 {
        return false;
    }
    let spaced: String = line
        .chars()
        .map(|c| if "【】[]|｜".contains(c) { ' ' } else { c })
        .collect();
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let Some(first) = words.first() else {
        return false;
    };
    let labelled = CHROME.iter().any(|l| {
        first.strip_prefix(l).is_some_and(|r| {
            r.is_empty() || r.starts_with('：') || r.starts_with(':') || r.starts_with('>')
        })
    }) && (words.len() > 1 || first.chars().count() <= 40);
    let buttons = words
        .iter()
        .all(|w| BUTTONS.contains(&w.trim_end_matches([':', '：'])))
        && words.iter().any(|w| w.chars().count() > 1);
    labelled || buttons
}

/// `责任编辑：黄亮`: a label, a colon, a few words.
pub fn is_closing_line(line: &str) -> bool {
    const LABELS: &[&str] = &[
        "责任编辑",
        "编辑",
        "审核",
        "审校",
        "校对",
        "签发",
        "撰稿",
        "录入",
        "发布机构",
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
pub fn is_office(line: &str, office: &str) -> bool {
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
pub fn date(line: &str) -> Option<Date> {
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
                    .or_else(|| (c == '零' || c == 'Ｏ' || c == 'O').then_some(0))
            })
            .try_fold(0i32, |acc, d| d.map(|d| acc * 10 + d as i32))?
    };
    let small = |s: &str| -> Option<u8> {
        if s.chars().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            (1..=31u8).find(|&n| crate::numbering::chinese_counting(n.into()) == s)
        }
    };
    let (month, day) = (small(month)?, small(day)?);
    ((1000..=9999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some(Date { year, month, day })
}
