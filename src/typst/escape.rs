//! The one way report text enters Typst source: as a string literal.

/// Writes `s` as a Typst string literal (`"…"`), which Typst prints as plain text in markup
/// (`#"…"`): markup, code, references and labels inside it are never interpreted.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::string;

    #[test]
    fn quotes_and_backslashes_are_escaped() {
        assert_eq!(string(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(string("x\ny\u{7}"), r#""x\ny\u{7}""#);
        assert_eq!(string("#panic() @163 <a> $x$"), "\"#panic() @163 <a> $x$\"");
    }
}
