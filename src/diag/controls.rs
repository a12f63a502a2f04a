//! Control characters anywhere in a TOML file's keys and strings, found on the parse with spans.

use std::ops::Range;
use std::sync::Arc;

use toml::de::{DeTable, DeValue};

use super::{Diagnostic, SourceFile};

/// Every key and string value of `file` holding a character that XML cannot carry and a
/// terminal would act on (a control character, U+FFFE, U+FFFF), as an error at its place.
/// `allow` names the controls that may stand in string values (e.g. `\n` in multi-line text).
/// The walk keeps its own stack, so deeply nested input cannot overflow the thread's.
pub fn find(file: &Arc<SourceFile>, allow: &[char]) -> Vec<Diagnostic> {
    let Ok(root) = DeTable::parse(&file.text) else {
        return Vec::new(); // the syntax error is reported by the typed parse
    };
    let bad = |s: &str, key: bool| {
        s.chars().find(|&c| {
            (c.is_control() && (key || !allow.contains(&c))) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
        })
    };
    let mut problems = Vec::new();
    let mut report = |c: char, span: Range<usize>| {
        // The character itself when it stands in the file as written (not as an escape).
        let span = match file.text.get(span.clone()).and_then(|raw| raw.find(c)) {
            Some(i) => span.start + i..span.start + i + c.len_utf8(),
            None => span,
        };
        problems.push(
            Diagnostic::error(format!("control character U+{:04X} in the file", c as u32))
                .at(file, span)
                .label("no document can hold it")
                .hint("delete it; write the text with printable characters only"),
        );
    };
    let mut values: Vec<&toml::Spanned<DeValue>> = Vec::new();
    let mut tables: Vec<&DeTable> = vec![root.get_ref()];
    loop {
        if let Some(table) = tables.pop() {
            for (k, v) in table.iter() {
                if let Some(c) = bad(k.get_ref(), true) {
                    report(c, k.span());
                }
                values.push(v);
            }
        } else if let Some(v) = values.pop() {
            match v.get_ref() {
                DeValue::String(s) => {
                    if let Some(c) = bad(s, false) {
                        report(c, v.span());
                    }
                }
                DeValue::Array(items) => values.extend(items.iter()),
                DeValue::Table(t) => tables.push(t),
                _ => {}
            }
        } else {
            break;
        }
    }
    problems
}
