//! The piece of a source file shown under a diagnostic: the lines of its place, cut to a
//! window around the place when a line is long, with the real line and column numbers.

use std::ops::Range;

use codespan_reporting::files::{Error, Files};

/// Lines longer than this (in bytes) are cut to a window around the place.
const LONG_LINE: usize = 240;
/// Bytes shown before the place in a cut line.
const BEFORE: usize = 60;
/// Bytes shown from the start of the place in a cut line.
const AFTER: usize = 120;
/// A place spanning more lines than this shows its first line only.
const MAX_LINES: usize = 8;

/// A few lines of a file, standing for the whole file in codespan-reporting.
pub struct Excerpt<'a> {
    name: &'a str,
    /// The text shown, with control characters made visible (same byte lengths).
    text: String,
    /// Byte offsets of the lines in `text`.
    starts: Vec<usize>,
    /// The file's 1-based line number of the first line shown.
    line: usize,
    /// Characters of the real line before the first shown byte.
    col0: usize,
}

impl<'a> Excerpt<'a> {
    /// The excerpt of `source` around `span`, and `span` in the excerpt's own offsets.
    pub fn new(name: &'a str, source: &str, span: Range<usize>) -> (Excerpt<'a>, Range<usize>) {
        let start = floor(source, span.start.min(source.len()));
        let end = floor(source, span.end.clamp(start, source.len()));
        let first = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = |from: usize| source[from..].find('\n').map_or(source.len(), |i| from + i);
        let last = line_end(end.max(first));
        let line = source[..first].matches('\n').count() + 1;
        let lines = source[first..last].matches('\n').count() + 1;
        let long = source[first..last].split('\n').any(|l| l.len() > LONG_LINE);
        let (from, to, col0) = if long || lines > MAX_LINES {
            let to_line = line_end(start);
            let from = floor(source, start.saturating_sub(BEFORE).max(first));
            let to = ceil(source, (start + AFTER).min(to_line));
            (from, to.max(from), source[first..from].chars().count())
        } else {
            (first, last, 0)
        };
        let text: String = source[from..to]
            .chars()
            .map(|c| {
                if c.is_control() && !matches!(c, '\t' | '\n' | '\r') {
                    "?".repeat(c.len_utf8())
                } else {
                    c.to_string()
                }
            })
            .collect();
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let local = start.clamp(from, to) - from..end.clamp(from, to) - from;
        let excerpt = Excerpt {
            name,
            text,
            starts,
            line,
            col0,
        };
        (excerpt, local)
    }
}

fn floor(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

impl<'a> Files<'a> for Excerpt<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<&'a str, Error> {
        Ok(self.name)
    }

    fn source(&'a self, _: ()) -> Result<&'a str, Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, _: (), byte_index: usize) -> Result<usize, Error> {
        Ok(self
            .starts
            .partition_point(|&s| s <= byte_index)
            .saturating_sub(1))
    }

    fn line_number(&'a self, _: (), line_index: usize) -> Result<usize, Error> {
        Ok(self.line + line_index)
    }

    fn column_number(
        &'a self,
        _: (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let range = self.line_range((), line_index)?;
        let upto = floor(&self.text, byte_index.clamp(range.start, range.end));
        let before = self.text[range.start..upto].chars().count();
        Ok(before + 1 + if line_index == 0 { self.col0 } else { 0 })
    }

    fn line_range(&'a self, _: (), line_index: usize) -> Result<Range<usize>, Error> {
        let start = *self.starts.get(line_index).ok_or(Error::LineTooLarge {
            given: line_index,
            max: self.starts.len() - 1,
        })?;
        let end = self
            .starts
            .get(line_index + 1)
            .map_or(self.text.len(), |&s| s);
        Ok(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_cut_around_the_place_with_real_numbers() {
        let source = format!(
            "a = 1\nb = \"{}X{}\"\n",
            "甲".repeat(10_000),
            "乙".repeat(10_000)
        );
        let at = source.find('X').unwrap();
        let (e, span) = Excerpt::new("r.toml", &source, at..at + 1);
        assert!(e.text.len() < 400, "{}", e.text.len());
        assert_eq!(&e.text[span.clone()], "X");
        let li = e.line_index((), span.start).unwrap();
        assert_eq!(e.line_number((), li).unwrap(), 2);
        assert_eq!(e.column_number((), li, span.start).unwrap(), 6 + 10_000);
    }

    #[test]
    fn short_lines_are_shown_whole() {
        let source = "x = 1\n[table]\ny = 2\nz = 3\n";
        let at = source.find("[table]").unwrap();
        let (e, span) = Excerpt::new("r.toml", source, at..source.len() - 1);
        assert_eq!(e.text, "[table]\ny = 2\nz = 3");
        assert_eq!(e.line_number((), 0).unwrap(), 2);
        assert_eq!(&e.text[span], "[table]\ny = 2\nz = 3");
    }
}
