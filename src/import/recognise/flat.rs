//! Flattened text: a very long line split at the headings standing inside it, where they
//! continue the count (and at the closing line that ends it).

use super::{FLATTENED_CHARS, Kind, Para, Recogniser, is_closing_line, number};
use crate::numbering::Typed;

impl Recogniser {
    /// Splits very long lines at the headings standing inside them (flattened text), with a
    /// warning for each line split.
    pub(super) fn unflatten(&mut self, paras: Vec<Para>) -> Vec<Para> {
        if !paras
            .iter()
            .any(|p| p.text.chars().count() > FLATTENED_CHARS)
        {
            return paras;
        }
        let mut state = ([0u32; 4], 0u8);
        let mut out = Vec::with_capacity(paras.len());
        for p in paras {
            let long = p.kind == Kind::Body && p.text.chars().count() > FLATTENED_CHARS;
            match p.kind {
                Kind::Heading(l) | Kind::RunIn(l) => advance(&mut state, l),
                _ => {}
            }
            if !long {
                if let Some(n) = number(&p.text).filter(|n| fits(&state, n)) {
                    advance(&mut state, n.level);
                }
                out.push(p);
                continue;
            }
            let mut rest = p.text.as_str();
            let mut pieces = Vec::new();
            loop {
                let skip = match number(rest).filter(|n| fits(&state, n)) {
                    Some(n) => {
                        advance(&mut state, n.level);
                        n.len
                    }
                    None => 0,
                };
                match inner_heading(&rest[skip..], &state) {
                    Some(at) => {
                        pieces.push(rest[..skip + at].trim().to_string());
                        rest = rest[skip + at..].trim_start();
                    }
                    None => {
                        pieces.push(rest.trim().to_string());
                        break;
                    }
                }
            }
            if pieces.len() > 1 {
                let d = self
                    .warn(
                        &p,
                        format!(
                            "a line of {} characters holds {} headings inside it: split at each, as flattened text",
                            p.text.chars().count(),
                            pieces.len() - 1
                        ),
                        None,
                    )
                    .hint("check the headings in the definition; paragraphs inside a section stay joined");
                self.warnings.push(d);
            }
            for piece in pieces.into_iter().filter(|t| !t.is_empty()) {
                out.push(Para {
                    text: piece,
                    ..p.clone()
                });
            }
        }
        out
    }
}

/// Whether number `n` continues the structure `(counts, depth)`.
fn fits(state: &([u32; 4], u8), n: &Typed) -> bool {
    let (counts, depth) = state;
    n.level <= depth + 1 && n.value == counts[n.level as usize - 1] + 1
}

/// The structure after a heading of `level`.
fn advance(state: &mut ([u32; 4], u8), level: u8) {
    let l = level.clamp(1, 4) as usize;
    state.0[l - 1] += 1;
    state.0[l..].iter_mut().for_each(|c| *c = 0);
    state.1 = l as u8;
}

/// Where in `text` a heading stands that continues `state`: after a sentence mark or a space
/// (any number), or anywhere for a bracketed one (`（二）` straight after a title's words); or
/// the closing line that ends the text. Returns its byte offset.
fn inner_heading(text: &str, state: &([u32; 4], u8)) -> Option<usize> {
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let boundary = prev.is_some_and(|p| "。；;！!？?：:”".contains(p) || p.is_whitespace());
        if i > 0
            && (boundary || c == '（' || c == '(')
            && let Some(n) = number(&text[i..])
            && fits(state, &n)
            && !text[i + n.len..].trim().is_empty()
        {
            return Some(i);
        }
        // the closing line (责任编辑：…) that ends a flattened text
        if boundary && is_closing_line(text[i..].trim()) {
            return Some(i);
        }
        prev = Some(c);
    }
    None
}
