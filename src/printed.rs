//! How a printed number reads — the one number reader of the builder (form cells), the
//! importers and the round trip: full-width digits, thousands commas, a sign, a unit.

/// How a cell's printed text reads: the one reading of the builder and the readers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Printed {
    /// Nothing printed: not stated.
    Blank,
    /// A dash, a slash or 无: printed as written, counted 0.
    Dash,
    /// A number, as plain ASCII (full-width digits, a thousands comma and a unit read as printed).
    Number(String),
    /// Anything else: text.
    Text,
}

/// The marks offices print for "none" in a form cell.
pub const DASHES: &[&str] = &["—", "——", "–", "-", "－", "/", "／", "无"];

/// The units a number may be printed with in a form cell, longer ones first.
pub const UNITS: &[&str] = &[
    "万元", "亿元", "人次", "元", "件", "条", "个", "项", "次", "人", "家", "份", "篇",
];

/// Reads a cell as printed: `""`, `——`, `１２`, `1,234`, `35.6` or text.
pub fn printed(text: &str) -> Printed {
    let t = text.trim();
    if t.is_empty() {
        return Printed::Blank;
    }
    if DASHES.contains(&t) {
        return Printed::Dash;
    }
    // In a cell a full-width comma is a thousands separator, as offices type it.
    let ascii: String = t
        .chars()
        .map(|c| if c == '，' { ',' } else { ascii(c) })
        .collect();
    // A number printed with its unit (251000元, 3件) is the number.
    let ascii = UNITS
        .iter()
        .find_map(|u| ascii.strip_suffix(u))
        .map_or(ascii.as_str(), str::trim_end);
    let (sign, body) = match ascii.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", ascii.strip_prefix('+').unwrap_or(ascii)),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let groups: Vec<&str> = int.split(',').collect();
    let grouped = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !int.is_empty()
        && grouped
        && groups.iter().all(|g| digits(g))
        && digits(frac)
        && !(body.contains('.') && frac.is_empty())
    {
        let int = int.replace(',', "");
        let number = if body.contains('.') {
            format!("{sign}{int}.{frac}")
        } else {
            format!("{sign}{int}")
        };
        return Printed::Number(number);
    }
    Printed::Text
}

/// The ASCII form of a character of a number as offices type it: full-width digits, point,
/// minus and plus read as their ASCII selves; any other character is returned as it is.
pub fn ascii(c: char) -> char {
    match c {
        '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
        '．' => '.',
        '－' | '−' => '-',
        '＋' => '+',
        c => c,
    }
}

/// The number at the start of `text` as typed in running text — digits (ASCII or full-width)
/// with `.` and `,` between them, a leading minus — as its length in bytes and its ASCII
/// form, a trailing point or comma left out (it ends the sentence). `None` when no digit
/// stands there. A full-width comma is punctuation in running text, never a separator.
pub fn leading(text: &str) -> Option<(usize, String)> {
    let mut end = 0;
    let mut out = String::new();
    for (i, c) in text.char_indices() {
        let a = ascii(c);
        let fits = a.is_ascii_digit() || matches!(a, '.' | ',') || (a == '-' && i == 0);
        if !fits {
            break;
        }
        end = i + c.len_utf8();
        out.push(a);
    }
    while out.ends_with(['.', ',']) {
        out.pop();
        end -= text[..end].chars().next_back().map_or(0, char::len_utf8);
    }
    out.chars()
        .any(|c| c.is_ascii_digit())
        .then_some((end, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_as_offices_print_them() {
        let n = |s: &str| Printed::Number(s.into());
        assert_eq!(printed(" "), Printed::Blank);
        for d in ["—", "——", "/", "无", "－"] {
            assert_eq!(printed(d), Printed::Dash, "{d}");
        }
        assert_eq!(printed("１２"), n("12"));
        assert_eq!(printed("1,234"), n("1234"));
        assert_eq!(printed("12,345.50"), n("12345.50"));
        assert_eq!(printed("-2"), n("-2"));
        assert_eq!(printed("+3"), n("3"));
        assert_eq!(printed("－１"), n("-1"));
        assert_eq!(printed("0.35"), n("0.35"));
        assert_eq!(printed("251000元"), n("251000"));
        assert_eq!(printed("0.5 万元"), n("0.5"));
        assert_eq!(printed("3件"), n("3"));
        for t in [
            "1,23", "12.", ".5", "元", "1,2345", "约12", "1.2.3", ",123", "12元5", "许多",
        ] {
            assert_eq!(printed(t), Printed::Text, "{t}");
        }
    }

    #[test]
    fn numbers_in_running_text_read_as_typed() {
        assert_eq!(leading("845件"), Some((3, "845".into())));
        assert_eq!(leading("８３９件"), Some((9, "839".into())));
        assert_eq!(leading("1,234。"), Some((5, "1,234".into())));
        assert_eq!(leading("12.5，"), Some((4, "12.5".into())));
        assert_eq!(leading("12."), Some((2, "12".into())));
        assert_eq!(leading("-3"), Some((2, "-3".into())));
        assert_eq!(leading("件"), None);
        assert_eq!(leading("，12"), None);
    }
}
