//! A paragraph's pieces told apart: title lines, a heading (by its style, its outline level or
//! its list, the list's number rendered from its level text), a run-in heading led by a
//! heading character style, or body text; and how the paragraph looks (alignment, indent,
//! the runs' bold, fonts and size).

use roxmltree::Node;

use super::super::styles::num_pr;
use super::super::{w_attr, w_child};
use super::{Fmt, Piece, Walk, body, flat};
use crate::import::recognise::{Kind, Look, Para, number, pushed};

impl Walk<'_> {
    /// Classifies paragraph `no` and adds it.
    pub(super) fn classify(&mut self, no: usize, ppr: Option<Node>, pieces: &[Piece]) {
        let styles = self.styles;
        let style = ppr
            .and_then(|p| w_child(p, "pStyle"))
            .and_then(|s| w_attr(s, "val"))
            .map(str::to_string)
            .or_else(|| styles.default_paragraph.clone());
        let text: String = flat(pieces, "\n");
        if text.trim().is_empty() {
            let numbered = style
                .as_deref()
                .and_then(|s| styles.style_level(s))
                .is_some();
            if numbered {
                let d = self.at("an empty heading paragraph is left out", no, "");
                self.warnings
                    .push(d.hint("nothing to do, unless a heading's words went missing"));
            }
            return;
        }
        if let Some(id) = &style
            && !styles.known(id)
        {
            let d = self
                .at(
                    &format!("paragraph style `{id}` is not defined in the document; the paragraph is imported as body text"),
                    no,
                    &text,
                )
                .hint("give the paragraph a heading style (Heading 1–4) in Word if it is a heading");
            self.warnings.push(d);
        }
        let style = style.as_deref().unwrap_or("");
        if styles.is_title(style) {
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            self.paras.push(Para {
                kind: Kind::Title,
                ..body(no, lines.join("\n"))
            });
            return;
        }
        // The paragraph's own numbering and outline level come before its style's.
        let num = ppr.and_then(|p| w_child(p, "numPr")).map(num_pr);
        let own_outline = ppr
            .and_then(|p| w_child(p, "outlineLvl"))
            .and_then(|o| w_attr(o, "val"))
            .and_then(|v| v.parse::<u8>().ok());
        let listed = match &num {
            Some((Some(id), ilvl)) if styles.is_heading_list(id) => Some(ilvl.unwrap_or(0)),
            _ => None,
        };
        // A paragraph on another numbered list: its number, as the list shows it, is typed
        // before its words (a typed copy of it taken off), and recognised as a typed one.
        let mut pieces = pieces.to_vec();
        if let Some((Some(id), ilvl)) = &num
            && id != "0"
            && listed.is_none()
        {
            match self.list_number(id, ilvl.unwrap_or(0)) {
                Some(shown) => {
                    let fmt = pieces.iter().find_map(|p| match p {
                        Piece::Text(_, t, f) if !t.trim().is_empty() => Some(*f),
                        _ => None,
                    });
                    strip_typed(&mut pieces);
                    pieces.insert(0, Piece::Text(None, shown, fmt.unwrap_or_default()));
                }
                None => {
                    let d = self
                        .at("a list bullet is not imported (the words are)", no, &text)
                        .hint("write the item's mark into its text if it matters");
                    self.warnings.push(d);
                }
            }
        }
        let pieces = pieces.as_slice();
        let text: String = flat(pieces, "\n");
        let level = listed
            .or(own_outline.filter(|l| *l < 9))
            .or_else(|| styles.style_level(style));

        // Run-in: leading runs in a heading's character style, then body words.
        let lead_len = pieces
            .iter()
            .take_while(|p| match p {
                Piece::Text(Some(cs), _, _) => styles.char_level(cs).is_some(),
                Piece::Text(None, t, _) => t.is_empty(),
                Piece::Break => false,
            })
            .count();
        let lead = flat(&pieces[..lead_len], "");
        let rest = flat(&pieces[lead_len..], "\n");
        let lead_level = pieces[..lead_len].iter().find_map(|p| match p {
            Piece::Text(Some(cs), _, _) => styles.char_level(cs),
            _ => None,
        });
        let look = look(ppr, pieces);
        let level = match (
            level.or(lead_level),
            lead.trim().is_empty(),
            rest.trim().is_empty(),
        ) {
            (Some(l), false, false) => {
                self.heading(no, l, Some(lead.trim()), rest.trim(), &text);
                return;
            }
            (Some(l), _, _) => Some(l),
            (None, _, _) => None,
        };
        match level {
            Some(l) => self.heading(no, l, None, text.replace('\n', "").trim(), &text),
            None => self.push_body(no, pieces, look),
        }
    }

    /// The number list `num_id` shows at 0-based level `ilvl` on this paragraph (its counters
    /// advanced), or `None` for a bullet or a level the numbering does not define.
    fn list_number(&mut self, num_id: &str, ilvl: u8) -> Option<String> {
        let styles = self.styles;
        let (abs, levels) = styles.list(num_id)?;
        let ilvl = usize::from(ilvl.min(8));
        let counters = self.lists.entry(abs.to_string()).or_insert([0; 9]);
        let start = |l: usize| levels.get(&(l as u8)).map_or(1, |v| v.start);
        counters[ilvl] = if counters[ilvl] == 0 {
            start(ilvl)
        } else {
            counters[ilvl] + 1
        };
        counters[ilvl + 1..].iter_mut().for_each(|c| *c = 0);
        let counters = *counters;
        let level = levels.get(&(ilvl as u8))?;
        if level.format == "bullet" || level.format == "none" || !level.text.contains('%') {
            return None;
        }
        let mut shown = level.text.clone();
        for (l, &count) in counters.iter().enumerate().take(ilvl + 1) {
            let value = if count == 0 { start(l) } else { count };
            let format = levels
                .get(&(l as u8))
                .map_or("decimal", |v| v.format.as_str());
            let counter = match format {
                "chineseCounting"
                | "chineseCountingThousand"
                | "chineseLegalSimplified"
                | "ideographTraditional"
                | "taiwaneseCountingThousand" => crate::numbering::chinese_counting(value),
                _ => value.to_string(),
            };
            shown = shown.replace(&format!("%{}", l + 1), &counter);
        }
        Some(shown)
    }

    /// Adds a heading (run in when `lead` is given) at 0-based `level`; a level below the
    /// fourth is kept as body text with a warning.
    fn heading(&mut self, no: usize, level: u8, lead: Option<&str>, text: &str, all: &str) {
        if level >= 4 {
            let d = self
                .at(
                    &format!(
                        "a level-{} heading is imported as body text: headings go down to level 4",
                        level + 1
                    ),
                    no,
                    all,
                )
                .hint("give it a level 1–4 heading style in Word, or leave it as text");
            self.warnings.push(d);
            let joined = match lead {
                Some(l) => format!("{l}{text}"),
                None => text.to_string(),
            };
            self.paras.push(body(no, joined));
            return;
        }
        let (kind, lead, text) = match lead {
            Some(l) => (Kind::RunIn(level + 1), l.to_string(), text.to_string()),
            None => (Kind::Heading(level + 1), String::new(), text.to_string()),
        };
        self.paras.push(Para {
            kind,
            lead,
            ..body(no, text)
        });
    }

    /// Adds body text; a line break inside it starts a new paragraph, with a warning.
    pub(super) fn push_body(&mut self, no: usize, pieces: &[Piece], look: Look) {
        let text = flat(pieces, "\n");
        let lines: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if lines.len() > 1 {
            let d = self
                .at("a line break inside a paragraph: the text after it is imported as a paragraph of its own", no, &text)
                .hint("a report's paragraphs are one a line; join them in the report definition if they belong together");
            self.warnings.push(d);
        }
        let several = lines.len() > 1;
        for line in lines {
            let set_off = look.set_off || pushed_line(&text, line);
            self.paras.push(Para {
                look: Look {
                    set_off,
                    // a lead measured on the whole paragraph fits only a single line
                    strong_lead: look.strong_lead.filter(|_| !several),
                    ..look
                },
                ..body(no, line.to_string())
            });
        }
    }
}

/// Whether `line` of `text` is pushed right by the spaces or tabs before it.
fn pushed_line(text: &str, line: &str) -> bool {
    text.lines()
        .find(|l| l.trim() == line)
        .is_some_and(|l| pushed(&l[..l.len() - l.trim_start().len()]))
}

/// Takes a typed heading number off the start of `pieces` (the list numbers the paragraph).
fn strip_typed(pieces: &mut Vec<Piece>) {
    let text = flat(pieces, "\n");
    let trimmed = text.trim_start();
    let Some(n) = number(trimmed) else {
        return;
    };
    let mut cut = text.len() - trimmed.len() + n.len;
    pieces.retain_mut(|p| {
        if cut == 0 {
            return true;
        }
        match p {
            Piece::Text(_, t, _) if t.len() <= cut => {
                cut -= t.len();
                false
            }
            Piece::Text(_, t, _) => {
                let mut at = cut;
                while !t.is_char_boundary(at) {
                    at += 1;
                }
                t.drain(..at);
                cut = 0;
                true
            }
            Piece::Break => true,
        }
    });
}

/// How a paragraph looks: centred, set off (indented from the left or right-aligned), and
/// what its runs say (bold or heading-font words, a large size, a title font).
fn look(ppr: Option<Node>, pieces: &[Piece]) -> Look {
    let jc = ppr
        .and_then(|p| w_child(p, "jc"))
        .and_then(|j| w_attr(j, "val"));
    let left = ppr
        .and_then(|p| w_child(p, "ind"))
        .and_then(|i| w_attr(i, "left").or(w_attr(i, "start")))
        .and_then(|l| l.parse::<i64>().ok());
    let words: Vec<(&str, Fmt)> = pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Text(_, t, f) if !t.trim().is_empty() => Some((t.as_str(), *f)),
            _ => None,
        })
        .collect();
    let strong = !words.is_empty() && words.iter().all(|(_, f)| f.strong());
    let lead = words.iter().take_while(|(_, f)| f.strong()).count();
    let strong_lead = (lead > 0 && lead < words.len()).then(|| {
        let text = flat(pieces, "\n");
        let indent = text.len() - text.trim_start().len();
        let (mut seen, mut bytes) = (0, 0);
        for p in pieces {
            match p {
                Piece::Text(_, t, _) => {
                    if !t.trim().is_empty() {
                        if seen == lead {
                            break;
                        }
                        seen += 1;
                    }
                    bytes += t.len();
                }
                Piece::Break => bytes += 1,
            }
        }
        bytes.saturating_sub(indent)
    });
    Look {
        set_off: left.is_some_and(|l| l > 0) || matches!(jc, Some("right" | "end")),
        centred: matches!(jc, Some("center")),
        large: words.iter().any(|(_, f)| f.size.is_some_and(|s| s >= 36)),
        title_font: words.iter().any(|(_, f)| f.title_font),
        strong,
        strong_lead,
    }
}
