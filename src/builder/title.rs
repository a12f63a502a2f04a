//! The title's lines: a title wider than the type area is split once, here, into balanced lines
//! at a word boundary (GB/T 9704 7.3.1: 词意完整，排列对称，长短适宜); both backends print them.
//! Word boundaries are jieba's (its dictionary built in, loaded only for a title that must be
//! split), with the office's name, 年度 and a year with its 年 as words of their own.

use crate::layout::{Layout, Role};

/// No line of a split title is shorter than this, in characters.
const MIN_LINE: usize = 4;
/// The longest line of a split title is at most this many times the shortest — except a first
/// line that is the office's name, the form most offices' titles take (某县市场监督管理局 /
/// 2019年政府信息公开工作年度报告), which balance alone weighs against the other splits.
const MAX_RATIO: f64 = 1.6;

/// Words an office's name ends with: a break after them keeps the office on a line of its own.
const OFFICE_ENDS: &[&str] = &[
    "人民政府办公厅",
    "人民政府办公室",
    "人民政府",
    "办公厅",
    "办公室",
    "委员会",
    "管理委员会",
    "管委会",
    "街道办事处",
    "办事处",
    "局",
    "厅",
    "委",
    "院",
    "署",
    "部",
    "中心",
];

/// Words a title line may start with (a break before them falls between words).
const WORD_STARTS: &[&str] = &[
    "关于",
    "政府信息公开",
    "信息公开",
    "工作年度报告",
    "年度报告",
    "工作报告",
    "报告",
];

/// Words a title line may end with.
const WORD_ENDS: &[&str] = &["关于", "的", "和", "及"];

/// Words no break may fall inside.
const WORDS: &[&str] = &[
    "年度",
    "政府信息公开",
    "信息公开",
    "年度报告",
    "人民政府",
    "办公厅",
    "办公室",
    "委员会",
    "工作",
];

use crate::punct::{NO_END, NO_START, cell_width as width};

/// One character a place's name ends with: jieba leaves it a word of its own (海棠 / 区, 某某 /
/// 市), but no line starts with it.
const PLACE_ENDS: &str = "省市区县镇乡村旗盟州";

/// The segmenter, built once (its dictionary takes a moment to load).
fn jieba() -> &'static jieba_rs::Jieba {
    static JIEBA: std::sync::OnceLock<jieba_rs::Jieba> = std::sync::OnceLock::new();
    JIEBA.get_or_init(jieba_rs::Jieba::new)
}

/// Where `chars` may break between words: `at[i]` is whether a word starts at character `i`
/// (jieba's words, HMM on for names it does not know), a lone place suffix joined to the word
/// before it.
fn word_starts(chars: &[char]) -> Vec<bool> {
    let text: String = chars.iter().collect();
    let mut at = vec![false; chars.len() + 1];
    for t in jieba().cut(&text, true) {
        let lone_suffix =
            t.end == t.start + 1 && t.start > 0 && t.word.chars().all(|c| PLACE_ENDS.contains(c));
        if !lone_suffix && t.start < at.len() {
            at[t.start] = true;
        }
    }
    at
}

/// The cost of breaking before character `i` of `chars`, or `None` where no break may fall:
/// inside a word (`words`: where words start, when the title is split at word boundaries only).
/// `office` is the issuing office's name.
fn break_cost(chars: &[char], i: usize, office: &str, words: Option<&[bool]>) -> Option<f64> {
    let (a, b) = (chars[i - 1], chars[i]);
    if words.is_some_and(|w| !w.get(i).copied().unwrap_or(true)) {
        return None;
    }
    if NO_START.contains(b) || NO_END.contains(a) {
        return None;
    }
    if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric() {
        return None;
    }
    // A year stays with its 年, a number with its unit.
    if a.is_ascii_digit() && !b.is_ascii() {
        return None;
    }
    let inside = WORDS.iter().any(|w| {
        let w: Vec<char> = w.chars().collect();
        (1..w.len()).any(|k| {
            i >= k && i + w.len() - k <= chars.len() && chars[i - k..i - k + w.len()] == w[..]
        })
    });
    if inside {
        return None;
    }
    let office = office.trim();
    // The office's name is one word (呼和浩特市, 敕勒川…): no break inside it.
    let name: Vec<char> = office.chars().collect();
    if name.len() > 1
        && (0..chars.len().saturating_sub(name.len() - 1))
            .any(|s| s < i && i < s + name.len() && chars[s..s + name.len()] == name[..])
    {
        return None;
    }
    let head: String = chars[..i].iter().collect();
    let tail: String = chars[i..].iter().collect();
    if !office.is_empty() && head.ends_with(office) {
        return Some(0.0);
    }
    // Before the year: 2015年….
    let year = tail.chars().take_while(char::is_ascii_digit).count();
    if year == 4 && tail.chars().nth(4) == Some('年') {
        return Some(0.0);
    }
    // After the year: …2015年 | 政府信息公开….
    let before: Vec<char> = head.chars().rev().take(5).collect();
    if before.len() == 5 && before[0] == '年' && before[1..].iter().all(char::is_ascii_digit) {
        return Some(0.5);
    }
    if OFFICE_ENDS.iter().any(|w| head.ends_with(w)) {
        return Some(1.0);
    }
    if WORD_STARTS.iter().any(|w| tail.starts_with(w))
        || WORD_ENDS.iter().any(|w| head.ends_with(w))
    {
        return Some(1.5);
    }
    // Between two hanzi of which we know no word: allowed, but last.
    Some(6.0)
}

/// The lines of a one-line title as printed: the title itself when it fits the type width at
/// the title's size, else its most balanced split (see the module's rules).
pub fn split(title: &str, office: &str, layout: &Layout) -> Vec<String> {
    let capacity = layout.page.type_width.to_pt().0 / layout.font(Role::Title).size.pt().0;
    let chars: Vec<char> = title.chars().collect();
    let total: f64 = chars.iter().copied().map(width).sum();
    if total <= capacity + 1e-6 || chars.len() < 2 * MIN_LINE {
        return vec![title.to_string()];
    }
    let least = (total / capacity).ceil() as usize;
    // At word boundaries; only when no split there keeps the rules, between any two hanzi.
    let words = word_starts(&chars);
    let office_end = title
        .starts_with(office.trim())
        .then(|| office.trim().chars().count())
        .filter(|&n| n > 0);
    let mut best: Option<(f64, Vec<usize>)> = None;
    for words in [Some(&words[..]), None] {
        let candidates: Vec<(usize, f64)> = (1..chars.len())
            .filter_map(|i| break_cost(&chars, i, office, words).map(|c| (i, c)))
            .collect();
        for n in least..=(least + 1).min(4) {
            for cuts in combinations(&candidates, n - 1) {
                if let Some(cost) = cost(&chars, &cuts, capacity, n > least, office_end)
                    && best.as_ref().is_none_or(|(b, _)| cost < *b)
                {
                    best = Some((cost, cuts.iter().map(|c| c.0).collect()));
                }
            }
        }
        if best.is_some() {
            break;
        }
    }
    match best {
        Some((_, cuts)) => lines(&chars, &cuts),
        // Nothing meets the rules (a title of one unbreakable word): fill lines greedily.
        None => greedy(&chars, capacity),
    }
}

/// The lines an author gave (`title = ["…", "…"]`), kept when every one fits the type width;
/// else the whole title split afresh, as a one-line title is, so that no line wraps by itself
/// (…公开年 / 度报告).
pub fn keep_or_split(lines: &[String], office: &str, layout: &Layout) -> Vec<String> {
    let capacity = layout.page.type_width.to_pt().0 / layout.font(Role::Title).size.pt().0;
    let lines: Vec<String> = lines.iter().map(|s| s.trim().to_string()).collect();
    let fits = |l: &String| l.chars().map(width).sum::<f64>() <= capacity + 1e-6;
    if lines.iter().all(fits) {
        lines
    } else {
        split(&lines.concat(), office, layout)
    }
}

/// Every choice of `k` break candidates, in order.
fn combinations(candidates: &[(usize, f64)], k: usize) -> Vec<Vec<(usize, f64)>> {
    if k == 0 {
        return vec![Vec::new()];
    }
    let mut out = Vec::new();
    for (j, &c) in candidates.iter().enumerate() {
        for mut rest in combinations(&candidates[j + 1..], k - 1) {
            rest.insert(0, c);
            out.push(rest);
        }
    }
    out
}

/// The cost of a split, or `None` when it breaks a rule: a line too wide or too short, the
/// longest over 1.6 × the shortest, or three lines in an hourglass (the middle the shortest).
/// Two lines of one length cost more than any other split that keeps these rules.
fn cost(
    chars: &[char],
    cuts: &[(usize, f64)],
    capacity: f64,
    extra_line: bool,
    office_end: Option<usize>,
) -> Option<f64> {
    let mut bounds = vec![0];
    bounds.extend(cuts.iter().map(|c| c.0));
    bounds.push(chars.len());
    let mut widths = Vec::new();
    for w in bounds.windows(2) {
        let line = &chars[w[0]..w[1]];
        if line.len() < MIN_LINE {
            return None;
        }
        let width: f64 = line.iter().copied().map(width).sum();
        if width > capacity + 1e-6 {
            return None;
        }
        widths.push(width);
    }
    let longest = widths.iter().copied().fold(0.0, f64::max);
    let shortest = widths.iter().copied().fold(f64::INFINITY, f64::min);
    let office_line = widths.len() == 2 && cuts.first().map(|c| c.0) == office_end;
    if longest > MAX_RATIO * shortest + 1e-9 && !office_line {
        return None;
    }
    if widths.len() == 3 && widths[1] < widths[0] && widths[1] < widths[2] {
        return None;
    }
    // 梯形, not a rectangle: two lines of one length read as two titles; taken only when no
    // other split keeps the rules.
    let rectangle = widths.len() == 2 && (widths[0] - widths[1]).abs() < 0.5;
    let words: f64 = cuts.iter().map(|c| c.1).sum();
    let balance = (longest / shortest - 1.0) * 4.0;
    Some(words + balance + if extra_line { 3.0 } else { 0.0 } + if rectangle { 20.0 } else { 0.0 })
}

fn lines(chars: &[char], cuts: &[usize]) -> Vec<String> {
    let mut bounds = vec![0];
    bounds.extend_from_slice(cuts);
    bounds.push(chars.len());
    bounds
        .windows(2)
        .map(|w| chars[w[0]..w[1]].iter().collect())
        .collect()
}

/// Lines filled to the capacity, for a title no balanced split exists for.
fn greedy(chars: &[char], capacity: f64) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut used = 0.0;
    for &c in chars {
        if used + width(c) > capacity + 1e-6 && !out.last().unwrap().is_empty() {
            out.push(String::new());
            used = 0.0;
        }
        out.last_mut().unwrap().push(c);
        used += width(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout() -> Layout {
        Layout::builtin("gbt9704").unwrap()
    }

    #[test]
    fn a_title_that_fits_stays_one_line() {
        let t = "新乡市2015年政府信息公开工作年度报告";
        assert_eq!(split(t, "新乡市人民政府", &layout()), vec![t]);
    }

    #[test]
    fn a_long_title_breaks_after_the_office() {
        let t = "三亚市海棠区人民政府2015年政府信息公开工作年度报告";
        assert_eq!(
            split(t, "三亚市海棠区人民政府", &layout()),
            vec!["三亚市海棠区人民政府2015年", "政府信息公开工作年度报告"]
        );
    }

    /// 9 and 16 cells: past the ratio, but the office's own line beats three lines.
    #[test]
    fn an_office_on_its_own_line_is_kept_rather_than_a_third_line() {
        let t = "某县市场监督管理局2019年政府信息公开工作年度报告";
        assert_eq!(
            split(t, "某县市场监督管理局", &layout()),
            vec!["某县市场监督管理局", "2019年政府信息公开工作年度报告"]
        );
    }

    #[test]
    fn a_break_never_falls_inside_a_word() {
        let t = "示例市教育局2015年政府信息公开工作年度报告";
        assert_eq!(
            split(t, "示例市教育局", &layout()),
            vec!["示例市教育局2015年", "政府信息公开工作年度报告"]
        );
    }

    #[test]
    fn titles_of_21_to_40_characters_split_in_balance() {
        let offices = [
            "示例市教育局",
            "三亚市海棠区人民政府",
            "某某省人民政府办公厅",
            "某某自治区发展和改革委员会",
            "某某市某某县某某镇人民政府",
            "某某市人力资源和社会保障局",
        ];
        let subjects = [
            "政府信息公开工作年度报告",
            "政府信息公开工作情况的报告",
            "政务公开和政府信息公开工作年度报告",
        ];
        let mut n = 0;
        for office in offices {
            for subject in subjects {
                let t = format!("{office}2015年{subject}");
                let len = t.chars().count();
                if !(21..=40).contains(&len) {
                    continue;
                }
                let lines = split(&t, office, &layout());
                assert_eq!(lines.concat(), t);
                let w: Vec<f64> = lines.iter().map(|l| l.chars().map(width).sum()).collect();
                let cap = 442.2 / 22.0;
                assert!(
                    w.iter().all(|&x| x <= cap),
                    "{lines:?} wider than the type area"
                );
                if lines.len() > 1 {
                    let lo = w.iter().copied().fold(f64::INFINITY, f64::min);
                    let hi = w.iter().copied().fold(0.0, f64::max);
                    assert!(hi <= 1.6 * lo, "{lines:?}");
                    assert!(lines.iter().all(|l| l.chars().count() >= 4), "{lines:?}");
                }
                n += 1;
            }
        }
        assert!(n >= 12, "{n} titles tried");
    }

    #[test]
    fn an_office_name_and_a_year_stay_whole() {
        let t = "呼和浩特市赛罕区人民政府办公室关于2023年度政府信息公开工作情况的报告";
        let lines = split(t, "呼和浩特市赛罕区人民政府办公室", &layout());
        assert_eq!(lines.concat(), t);
        assert!(
            lines[0].ends_with("办公室") || lines[0].ends_with("关于"),
            "{lines:?}"
        );
        assert!(
            lines
                .iter()
                .all(|l| !l.ends_with("年") || !t.contains(&format!("{l}度"))),
            "{lines:?}"
        );
    }

    #[test]
    fn two_lines_are_never_of_one_length() {
        for t in [
            "示例市教育局2015年政府信息公开工作年度报告",
            "三亚市海棠区人民政府2015年政府信息公开工作年度报告",
        ] {
            let lines = split(t, "", &layout());
            if lines.len() == 2 {
                let w: Vec<f64> = lines.iter().map(|l| l.chars().map(width).sum()).collect();
                assert!((w[0] - w[1]).abs() >= 0.5, "{lines:?}");
            }
        }
    }

    #[test]
    fn an_authors_lines_are_kept_when_they_fit_and_split_afresh_when_not() {
        let kept = vec![
            "某某市人民政府办公室".to_string(),
            "2015年政府信息公开工作年度报告".to_string(),
        ];
        assert_eq!(keep_or_split(&kept, "", &layout()), kept);
        let wide = vec![
            "某某省某某市".to_string(),
            "某某县人民政府办公室关于2015年度政府信息公开工作年度报告".to_string(),
        ];
        let lines = keep_or_split(&wide, "", &layout());
        assert_eq!(lines.concat(), wide.concat());
        let cap = 442.2 / 22.0;
        assert!(
            lines
                .iter()
                .all(|l| l.chars().map(width).sum::<f64>() <= cap),
            "{lines:?}"
        );
    }

    #[test]
    fn every_split_keeps_the_rules() {
        let titles = [
            "示例市教育局2015年政府信息公开工作年度报告",
            "中华人民共和国国家发展和改革委员会2015年政府信息公开工作年度报告",
            "某某省某某市某某县人民政府办公室关于2015年度政府信息公开工作情况的报告",
            "国务院办公厅关于印发2016年政务公开工作要点的通知",
        ];
        for t in titles {
            let lines = split(t, "", &layout());
            assert!(lines.len() >= 2, "{t}: {lines:?}");
            assert_eq!(lines.concat(), t);
            let w: Vec<f64> = lines.iter().map(|l| l.chars().map(width).sum()).collect();
            let (lo, hi) = (
                w.iter().copied().fold(f64::INFINITY, f64::min),
                w.iter().copied().fold(0.0, f64::max),
            );
            assert!(hi <= 1.6 * lo, "{t}: {lines:?}");
            assert!(lines.iter().all(|l| l.chars().count() >= 4), "{lines:?}");
        }
    }

    /// Long offices' titles, two and three lines, given without the office (so that only the
    /// words keep them whole).
    const LONG: &[&str] = &[
        "内蒙古自治区呼和浩特市敕勒川乡村振兴示范区管理委员会2023年度政府信息公开工作年度报告",
        "呼和浩特市赛罕区人民政府办公室关于2023年度政府信息公开工作情况的报告",
        "新疆维吾尔自治区伊犁哈萨克自治州奎屯市人力资源和社会保障局2022年政府信息公开工作年度报告",
        "某某省某某市某某县人民政府办公室关于2015年度政府信息公开工作情况的报告",
        "三亚市海棠区人民政府2015年政府信息公开工作年度报告",
    ];

    #[test]
    fn long_titles_break_between_words_never_inside_a_place_name() {
        for t in LONG {
            let lines = split(t, "", &layout());
            assert!(lines.len() >= 2, "{t}: {lines:?}");
            assert_eq!(lines.concat(), *t);
            for (a, b) in lines.iter().zip(&lines[1..]) {
                for word in [
                    "呼和浩特市",
                    "敕勒川",
                    "年度",
                    "海棠区",
                    "奎屯市",
                    "伊犁哈萨克自治州",
                ] {
                    let joined = format!("{a}{b}");
                    let at = a.chars().count();
                    let chars: Vec<char> = joined.chars().collect();
                    let w: Vec<char> = word.chars().collect();
                    let inside = (1..w.len()).any(|k| {
                        at >= k
                            && at + w.len() - k <= chars.len()
                            && chars[at - k..at - k + w.len()] == w[..]
                    });
                    assert!(!inside, "{t}: {lines:?} breaks inside {word}");
                }
                assert!(!PLACE_ENDS.contains(b.chars().next().unwrap()), "{lines:?}");
            }
        }
    }

    #[test]
    fn long_titles_are_trapezoids_or_diamonds() {
        let mut three = 0;
        for t in LONG {
            let lines = split(t, "", &layout());
            let w: Vec<f64> = lines.iter().map(|l| l.chars().map(width).sum()).collect();
            assert!(lines.iter().all(|l| l.chars().count() >= 4), "{lines:?}");
            if w.len() == 2 {
                assert!((w[0] - w[1]).abs() >= 0.5, "a rectangle: {lines:?}");
            }
            if w.len() == 3 {
                three += 1;
                assert!(!(w[1] < w[0] && w[1] < w[2]), "an hourglass: {lines:?}");
            }
        }
        assert!(three >= 1, "no title of three lines tried");
    }
}
