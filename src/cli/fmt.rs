//! `gongwen fmt`: the report's punctuation normalised by GB/T 15834, in place or as a diff.

use std::fmt::Write as _;
use std::io::Write as _;
use std::ops::Range;
use std::path::PathBuf;
use std::process::ExitCode;
use std::str::FromStr;

use anyhow::{Context, Result};
use clap::Args;
use gongwen::diag::{Diagnostic, SourceFile};
use gongwen::output::write_atomic;
use toml_edit::{Document, Item, TableLike, Value};

use super::{EXIT_FINDINGS, EXIT_UNUSABLE, print};

/// Arguments of `gongwen fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The report definition (a .toml file), rewritten in place.
    report: PathBuf,
    /// Change nothing: print the lines that would change and exit 1 if there are any.
    #[arg(long)]
    check: bool,
}

/// Runs `gongwen fmt`.
pub fn run(args: FmtArgs) -> Result<ExitCode> {
    let name = args.report.display().to_string();
    let text = gongwen::input::read_text(&args.report, gongwen::input::MAX_REPORT)
        .with_context(|| format!("cannot read {name}"))?;
    let (formatted, marks) = match format(&text) {
        Ok(f) => f,
        Err(e) => {
            let file = SourceFile::new(name.clone(), &args.report, text);
            let d = Diagnostic::error(e.message().trim().to_string());
            let d = match e.span() {
                Some(span) => d.at(&file, span),
                None => d.in_file(&file),
            };
            print(&[d.hint(
                "fmt needs a report definition that is valid TOML; gongwen check says more",
            )]);
            return Ok(ExitCode::from(EXIT_UNUSABLE));
        }
    };
    if marks == 0 {
        println!("{name}: punctuation already as GB/T 15834 writes it");
        return Ok(ExitCode::SUCCESS);
    }
    if args.check {
        let lines = diff(&name, &text, &formatted);
        eprintln!(
            "{name}: {marks} punctuation marks on {lines} lines would change; run gongwen fmt {name}"
        );
        return Ok(ExitCode::from(EXIT_FINDINGS));
    }
    // Through a link to the file it names: the link stays a link.
    let target = std::fs::canonicalize(&args.report).unwrap_or_else(|_| args.report.clone());
    write_atomic(&target, formatted.as_bytes())?;
    println!("{name}: {marks} punctuation marks made full-width");
    Ok(ExitCode::SUCCESS)
}

/// The report with the text of every string that holds report text normalised, everything else
/// (comments, key order, string styles, blank lines) byte for byte as it was; and the number of
/// marks changed.
fn format(text: &str) -> Result<(String, usize), toml_edit::TomlError> {
    let doc = Document::parse(text)?;
    let mut strings = Vec::new();
    let root = doc.as_table();
    if let Some(report) = root.get("report").and_then(Item::as_table_like) {
        texts(report, &["title", "office"], &mut strings);
    }
    if let Some(opening) = root.get("opening").and_then(Item::as_table_like) {
        texts(opening, &["text"], &mut strings);
    }
    if let Some(closing) = root.get("closing").and_then(Item::as_table_like) {
        texts(closing, &["signature", "lines"], &mut strings);
    }
    sections(root.get("section"), &mut strings);
    strings.sort_by_key(|(span, _)| span.start);

    let (mut out, mut at, mut marks) = (String::with_capacity(text.len()), 0, 0);
    for (span, value) in strings {
        let fixes = gongwen::punct::fixes(&value).len();
        if fixes == 0 {
            continue;
        }
        marks += fixes;
        out.push_str(&text[at..span.start]);
        out.push_str(&encode_like(
            &text[span.clone()],
            &gongwen::punct::normalise(&value),
        ));
        at = span.end;
    }
    out.push_str(&text[at..]);
    Ok((out, marks))
}

/// The strings (with their places) under `keys` of a table: a string, or a list of strings.
fn texts(table: &dyn TableLike, keys: &[&str], out: &mut Vec<(Range<usize>, String)>) {
    for key in keys {
        let values: Vec<&Value> = match table.get(key) {
            Some(Item::Value(Value::Array(list))) => list.iter().collect(),
            Some(Item::Value(v)) => vec![v],
            _ => Vec::new(),
        };
        for v in values {
            if let (Value::String(s), Some(span)) = (v, v.span()) {
                out.push((span, s.value().clone()));
            }
        }
    }
}

/// The titles and texts of `[[section]]` tables (or inline tables), at every level.
fn sections(item: Option<&Item>, out: &mut Vec<(Range<usize>, String)>) {
    let tables: Vec<&dyn TableLike> = match item {
        Some(Item::ArrayOfTables(list)) => list.iter().map(|t| t as &dyn TableLike).collect(),
        Some(Item::Value(Value::Array(list))) => list
            .iter()
            .filter_map(|v| v.as_inline_table().map(|t| t as &dyn TableLike))
            .collect(),
        _ => Vec::new(),
    };
    for t in tables {
        texts(t, &["title", "text"], out);
        sections(t.get("section"), out);
    }
}

/// `value` written in the style of `raw` (literal `'''…'''`, literal `'…'`, basic `"""…"""` or
/// basic `"…"`) when that style can hold it, else as a basic string.
fn encode_like(raw: &str, value: &str) -> String {
    // A file written with CRLF line ends keeps them in the strings fmt rewrites.
    let crlf = raw.contains("\r\n");
    let lines = |s: &str| {
        if crlf {
            s.replace("\r\n", "\n").replace('\n', "\r\n")
        } else {
            s.to_string()
        }
    };
    let first_newline = |rest: &str| {
        if rest.starts_with("\r\n") {
            "\r\n"
        } else if rest.starts_with('\n') || value.starts_with('\n') {
            "\n"
        } else {
            ""
        }
    };
    let candidate = if let Some(rest) = raw.strip_prefix("'''") {
        format!("'''{}{}'''", first_newline(rest), lines(value))
    } else if raw.starts_with('\'') {
        format!("'{value}'")
    } else if let Some(rest) = raw.strip_prefix("\"\"\"") {
        let body: Vec<String> = value
            .split('\n')
            .map(|l| {
                let b = gongwen::import::basic(l);
                b[1..b.len() - 1].to_string()
            })
            .collect();
        format!(
            "\"\"\"{}{}\"\"\"",
            first_newline(rest),
            lines(&body.join("\n"))
        )
    } else {
        String::new()
    };
    let same = |a: &str| a.replace("\r\n", "\n") == value.replace("\r\n", "\n");
    let holds = Value::from_str(&candidate).is_ok_and(|v| v.as_str().is_some_and(same));
    if holds {
        candidate
    } else {
        gongwen::import::basic(value)
    }
}

/// Prints the lines that differ, old and new with their line numbers; returns how many.
fn diff(name: &str, old: &str, new: &str) -> usize {
    let (a, b): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let mut out = String::new();
    let mut changed = 0;
    if a.len() == b.len() {
        for (i, (x, y)) in a.iter().zip(&b).enumerate().filter(|(_, (x, y))| x != y) {
            let _ = writeln!(out, "{name}:{}\n- {x}\n+ {y}", i + 1);
            changed += 1;
        }
    } else {
        // A string changed its line count (a style could not be kept): show the changed block.
        let (head, tail) = gongwen::import::diff::common_ends(&a, &b);
        let _ = writeln!(out, "{name}:{}", head + 1);
        for x in &a[head..a.len() - tail] {
            let _ = writeln!(out, "- {x}");
        }
        for y in &b[head..b.len() - tail] {
            let _ = writeln!(out, "+ {y}");
        }
        changed = (a.len() - tail - head).max(b.len() - tail - head);
    }
    // A reader that stops early (| head) is no error.
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    changed
}
