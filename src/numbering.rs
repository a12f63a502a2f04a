//! Heading numbers: the only code that turns a count into 一、（一）1.（1）.

use std::fmt;

/// How a counter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CounterStyle {
    /// Chinese counting: 一 二 … 十 十一 … 九十九 一百.
    Chinese,
    /// Arabic digits: 1 2 3.
    Decimal,
}

/// The printed form of one heading level: text before the counter, its style, text after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberFormat {
    /// Text before the counter, e.g. `（`.
    pub prefix: String,
    /// How the counter itself is written.
    pub style: CounterStyle,
    /// Text after the counter, e.g. `、` or `）`.
    pub suffix: String,
}

impl NumberFormat {
    /// Reads a pattern written as the first number of a level: `一、`, `（一）`, `1.`, `1、`, `（1）`.
    pub fn parse(pattern: &str) -> Result<Self, String> {
        let hint = "write the first number of the level as it is printed, e.g. \"一、\", \"（一）\", \"1.\", \"1、\" or \"（1）\"";
        let mut found = None;
        for (i, c) in pattern.char_indices() {
            let style = match c {
                '一' => CounterStyle::Chinese,
                '1' => CounterStyle::Decimal,
                _ => continue,
            };
            if found.is_some() {
                return Err(format!("\"{pattern}\" holds more than one counter; {hint}"));
            }
            found = Some((i, c.len_utf8(), style));
        }
        let Some((i, len, style)) = found else {
            return Err(format!("\"{pattern}\" holds no counter (一 or 1); {hint}"));
        };
        let (prefix, suffix) = (&pattern[..i], &pattern[i + len..]);
        if prefix
            .chars()
            .chain(suffix.chars())
            // `%` is Word's placeholder for a level's counter in `w:lvlText`.
            .any(|c| c.is_ascii_digit() || c.is_control() || c == '%')
        {
            return Err(format!("\"{pattern}\" is not a numbering pattern; {hint}"));
        }
        Ok(NumberFormat {
            prefix: prefix.into(),
            style,
            suffix: suffix.into(),
        })
    }

    /// The printed number for count `n` (1-based), e.g. 十一、 or （3）.
    pub fn format(&self, n: u32) -> String {
        let counter = match self.style {
            CounterStyle::Chinese => chinese_counting(n),
            CounterStyle::Decimal => n.to_string(),
        };
        format!("{}{}{}", self.prefix, counter, self.suffix)
    }

    /// Word's `w:numFmt` value for this level.
    pub fn word_format(&self) -> &'static str {
        match self.style {
            CounterStyle::Chinese => "chineseCounting",
            CounterStyle::Decimal => "decimal",
        }
    }

    /// Word's `w:lvlText` for this level at 0-based list level `ilvl`, e.g. `（%2）`.
    pub fn word_level_text(&self, ilvl: usize) -> String {
        format!("{}%{}{}", self.prefix, ilvl + 1, self.suffix)
    }
}

impl fmt::Display for NumberFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format(1))
    }
}

const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Writes `n` in Chinese counting as official documents and Word's `chineseCounting` do:
/// 10 → 十, 11 → 十一, 20 → 二十, 99 → 九十九, 101 → 一百零一, 110 → 一百一十.
pub fn chinese_counting(n: u32) -> String {
    if n == 0 {
        return "零".into();
    }
    if n >= 10_000 {
        // Headings never count this far; the digits stay readable.
        let (high, low) = (n / 10_000, n % 10_000);
        let mut s = chinese_counting(high) + "万";
        if low > 0 {
            if low < 1000 {
                s.push('零');
            }
            s += &below_10000(low, true);
        }
        return s;
    }
    below_10000(n, false)
}

fn below_10000(n: u32, inner: bool) -> String {
    const UNITS: [(u32, char); 4] = [(1000, '千'), (100, '百'), (10, '十'), (1, ' ')];
    let mut s = String::new();
    let mut zero_pending = false;
    let mut started = false;
    for (value, unit) in UNITS {
        let d = (n / value) % 10;
        if d == 0 {
            zero_pending = started;
            continue;
        }
        if zero_pending {
            s.push('零');
            zero_pending = false;
        }
        // 十一 rather than 一十一, but only at the very start of the number.
        let leading_ten = value == 10 && d == 1 && !started && !inner;
        if !leading_ten {
            s.push(DIGITS[d as usize]);
        }
        if value > 1 {
            s.push(unit);
        }
        started = true;
    }
    s
}

/// A heading number typed at the start of a line, as [`typed_number`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Typed {
    /// 1 to 4: `一、` `（一）` `1、`/`1.` `（1）`.
    pub level: u8,
    /// The count, from 1.
    pub value: u32,
    /// Bytes the number takes (`（一）` is 9).
    pub len: usize,
    /// Level 3 written `1、` rather than `1.`/`1．`.
    pub comma: bool,
}

/// The one reader of typed heading numbers: the number that opens `line`, if any — `一、`
/// `（一）`/`(一)` `1、`/`1.`/`1．` `（1）`/`(1)`. `一是…`, `十分…`, `1.5万` and `一.` are not numbers.
pub fn typed_number(line: &str) -> Option<Typed> {
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
    Some(Typed {
        level,
        value,
        len: line.len() - after.len() + closer.len_utf8(),
        comma: closer == '、',
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting_table() {
        let table = [
            (1, "一"),
            (2, "二"),
            (9, "九"),
            (10, "十"),
            (11, "十一"),
            (12, "十二"),
            (19, "十九"),
            (20, "二十"),
            (21, "二十一"),
            (30, "三十"),
            (45, "四十五"),
            (90, "九十"),
            (99, "九十九"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (111, "一百一十一"),
            (1001, "一千零一"),
            (1010, "一千零一十"),
            (2024, "二千零二十四"),
        ];
        for (n, want) in table {
            assert_eq!(chinese_counting(n), want, "n = {n}");
        }
    }

    #[test]
    fn every_number_to_99_is_distinct_and_well_formed() {
        let all: Vec<String> = (1..=99).map(chinese_counting).collect();
        let set: std::collections::HashSet<_> = all.iter().collect();
        assert_eq!(set.len(), 99);
        for (i, s) in all.iter().enumerate() {
            let n = i as u32 + 1;
            assert!(!s.starts_with("一十"), "{n} → {s}");
            assert!(!s.contains('零'), "{n} → {s}");
            assert_eq!(
                s.chars().count(),
                if n < 10 || n.is_multiple_of(10) && n < 20 {
                    1
                } else if n < 20 || n.is_multiple_of(10) {
                    2
                } else {
                    3
                },
                "{n} → {s}"
            );
        }
    }

    #[test]
    fn patterns_parse_and_format() {
        let table = [
            ("一、", 11, "十一、", "chineseCounting", "%1、"),
            ("（一）", 3, "（三）", "chineseCounting", "（%1）"),
            ("1.", 10, "10.", "decimal", "%1."),
            ("1、", 2, "2、", "decimal", "%1、"),
            ("（1）", 12, "（12）", "decimal", "（%1）"),
        ];
        for (pattern, n, printed, word, text) in table {
            let f = NumberFormat::parse(pattern).unwrap();
            assert_eq!(f.format(n), printed);
            assert_eq!(f.word_format(), word);
            assert_eq!(f.word_level_text(0), text);
            assert_eq!(f.to_string(), pattern);
        }
    }

    #[test]
    fn bad_patterns_are_refused() {
        for bad in ["", "、", "一一", "11.", "a)", "（2）"] {
            assert!(NumberFormat::parse(bad).is_err(), "{bad:?}");
        }
    }
}
