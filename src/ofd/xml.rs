//! The OFD parts' XML: escaping every text and attribute, and millimetre numbers written the same way every time.

use std::fmt::Write;

/// The OFD namespace (GB/T 33190-2016).
pub const NS: &str = "http://www.ofdspec.org/2016";

/// `s` escaped for XML text or a double-quoted attribute; characters XML 1.0 cannot hold
/// (controls other than tab, newline and carriage return) are left out.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A length in millimetres to three decimals (a micrometre), trailing zeros dropped, never `-0`.
pub fn num(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let mut s = format!("{:.3}", v);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" { "0".into() } else { s }
}

/// A list of numbers as OFD writes `DeltaX`/`DeltaY`: runs of one value as `g N v`.
pub fn deltas(values: &[f64]) -> String {
    let nums: Vec<String> = values.iter().map(|v| num(*v)).collect();
    let mut out = String::new();
    let mut i = 0;
    while i < nums.len() {
        let mut j = i + 1;
        while j < nums.len() && nums[j] == nums[i] {
            j += 1;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        if j - i > 1 {
            let _ = write!(out, "g {} {}", j - i, nums[i]);
        } else {
            out.push_str(&nums[i]);
        }
        i = j;
    }
    out
}

/// The XML declaration every part starts with.
pub const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_numbers() {
        assert_eq!(escape("a<b>&\"'\u{1}c"), "a&lt;b&gt;&amp;&quot;&apos;c");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(5.6449), "5.645");
        assert_eq!(deltas(&[5.6, 5.6, 5.6, 2.0]), "g 3 5.6 2");
        assert_eq!(deltas(&[]), "");
    }
}
