//! `build --review`: each finding placed in the tree where an editor sees it — the cited figure
//! of a figure's break, the stated cell of a form's break, the sentence of any other finding in
//! running text — as a [`Remark`] the DOCX writes as a comment. Placed here, from the findings'
//! spans and the tree's origins, so that the backend only renders.

use std::ops::Range;
use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Anchor, Block, Document, Origin, Remark};

/// The remarks of `findings` on `doc`, in the findings' order: each at the first of its places
/// found in the tree (a figure's break: where the figure is cited, else where it is declared),
/// on the title when none is printed (a figure nothing cites). A finding with no file is left
/// out: it has no place in the report.
pub fn remarks(doc: &Document, findings: &[Diagnostic]) -> Vec<Remark> {
    findings
        .iter()
        .filter_map(|d| {
            let file = d.file.as_ref()?;
            let cited = d
                .check
                .iter()
                .flat_map(|b| &b.citations)
                .filter_map(|c| c.origin.0.clone());
            let own = d.span.clone().map(|s| (file.clone(), s));
            let at = cited
                .map(|p| (p, true))
                .chain(own.map(|p| (p, false)))
                .find_map(|((f, r), exact)| anchor(doc, &f, &r, exact))
                .unwrap_or(Anchor::Title);
            // Control characters (a hostile key's) made visible, as on a terminal: XML cannot
            // hold them.
            let mut text = vec![crate::diag::visible(&d.message)];
            text.extend(
                d.hints
                    .iter()
                    .map(|h| format!("hint: {}", crate::diag::visible(h))),
            );
            Some(Remark { at, text })
        })
        .collect()
}

/// The smallest text of the tree whose origin holds `range` of `file`, as an anchor; in a
/// paragraph, the bytes printed for `range` (`exact`: a citation) or the sentence holding them.
pub fn anchor(
    doc: &Document,
    file: &Arc<SourceFile>,
    range: &Range<usize>,
    exact: bool,
) -> Option<Anchor> {
    let mut best: Option<(usize, Anchor)> = None;
    let mut offer = |o: &Origin, a: &dyn Fn() -> Anchor| {
        if let Some(len) = holds(o, file, range)
            && best.as_ref().is_none_or(|(l, _)| len < *l)
        {
            best = Some((len, a()));
        }
    };
    offer(&doc.title_origin, &|| Anchor::Title);
    for (block, b) in doc.blocks.iter().enumerate() {
        match b {
            Block::Heading(h) => offer(&h.origin, &|| Anchor::Heading(block)),
            Block::Paragraph(p) => {
                if let Some(h) = &p.lead {
                    offer(&h.origin, &|| Anchor::Heading(block));
                }
                offer(&p.origin, &|| {
                    let range = printed(&p.origin, &p.text, range)
                        .map(|r| {
                            if exact && !r.is_empty() {
                                r
                            } else {
                                sentence(&p.text, r)
                            }
                        })
                        .unwrap_or(0..p.text.len());
                    Anchor::Text { block, range }
                });
                for n in &p.notes {
                    offer(&n.origin, &|| Anchor::Text {
                        block,
                        range: sentence(&p.text, n.at..n.at),
                    });
                }
            }
            Block::Signature(s) => {
                for (line, l) in s.lines.iter().enumerate() {
                    offer(&l.origin, &|| Anchor::Line { block, line });
                }
            }
            Block::Table(t) => {
                offer(&t.origin, &|| Anchor::Block(block));
                if let Some(c) = &t.caption {
                    offer(&c.origin, &|| Anchor::Caption(block));
                }
                for (row, r) in t.header.iter().chain(&t.body).enumerate() {
                    for (cell, c) in r.cells.iter().enumerate() {
                        if !c.merged {
                            offer(&c.origin, &|| Anchor::Cell { block, row, cell });
                        }
                    }
                }
                for (_, o) in &t.notes {
                    offer(o, &|| Anchor::Block(block));
                }
            }
            Block::Chart(c) => {
                offer(&c.origin, &|| Anchor::Block(block));
                if let Some(cap) = &c.caption {
                    offer(&cap.origin, &|| Anchor::Caption(block));
                }
            }
        }
    }
    best.map(|(_, a)| a)
}

/// The length of `o` when it is in `file` and holds `range`.
fn holds(o: &Origin, file: &Arc<SourceFile>, range: &Range<usize>) -> Option<usize> {
    let (f, r) = o.0.as_ref()?;
    let same = Arc::ptr_eq(f, file) || f.path == file.path;
    (same && r.start <= range.start && range.end <= r.end).then(|| r.len())
}

/// The bytes of `text` (a paragraph as printed, from the source at `origin`) that bytes
/// `range` of the source print as: the source read along the printed text, literal characters
/// matching one for one, `{{`/`}}` a brace, a citation the figure up to the next literal words,
/// a footnote nothing. `None` when the two do not line up (the paragraph was written with
/// escapes): then the caller takes the whole paragraph.
fn printed(origin: &Origin, text: &str, range: &Range<usize>) -> Option<Range<usize>> {
    let (f, whole) = origin.0.as_ref()?;
    let raw = f.text.get(whole.clone())?;
    let to = map(raw, text)?;
    let at = |i: usize| to.get(i.checked_sub(whole.start)?).copied();
    Some(at(range.start)?..at(range.end)?.max(at(range.start)?))
}

/// For each byte offset of `raw` (and its end), the offset of `printed` it stands at.
fn map(raw: &str, printed: &str) -> Option<Vec<usize>> {
    let notes = super::cite::notes(raw);
    let mut to = vec![0; raw.len() + 1];
    let (mut i, mut j) = (0, 0);
    while i < raw.len() {
        let rest = &raw[i..];
        if let Some((whole, _)) = notes.iter().find(|(w, _)| w.start == i) {
            to[i..whole.end].fill(j);
            i = whole.end;
        } else if rest.starts_with("{{") || rest.starts_with("}}") {
            to[i..i + 2].fill(j);
            i += 2;
            j += 1;
        } else if rest.starts_with('{') {
            let close = i + rest.find('}')? + 1;
            let after = &raw[close..];
            let literal = &after[..after.find(['{', '}']).unwrap_or(after.len())];
            let end = if literal.is_empty() {
                if close < raw.len() {
                    return None;
                }
                printed.len()
            } else {
                j + printed.get(j..)?.find(literal)?
            };
            to[i..close].fill(j);
            i = close;
            j = end;
        } else {
            let c = rest.chars().next()?;
            if !printed.get(j..)?.starts_with(c) {
                return None;
            }
            to[i..i + c.len_utf8()].fill(j);
            i += c.len_utf8();
            j += c.len_utf8();
        }
    }
    to[raw.len()] = j;
    (j == printed.len()).then_some(to)
}

/// The sentence of `text` holding `range`: from after the last 。！？；before it to its first
/// 。！？；at or after its end, that mark included.
fn sentence(text: &str, range: Range<usize>) -> Range<usize> {
    const ENDS: [char; 4] = ['。', '！', '？', '；'];
    let start = range.start.min(text.len());
    let from = text[..start].rfind(ENDS).map_or(0, |i| i + '。'.len_utf8());
    let end = range.end.clamp(start, text.len());
    // The last character of the range (a finding on a closing mark ends its sentence there).
    let probe = text[..end]
        .char_indices()
        .last()
        .map_or(0, |(i, _)| i)
        .max(start);
    let probe = if end > start { probe } else { start };
    let to = text[probe..]
        .find(ENDS)
        .map_or(text.len(), |i| probe + i + '。'.len_utf8());
    from..to
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_citation_maps_to_its_printed_figure() {
        let raw = "共{a.n}件，其中{b.m}条{note:注{a.n}}。";
        let printed = "共845件，其中12条。";
        let to = map(raw, printed).expect("aligned");
        let cite = raw.find("{b.m}").unwrap();
        assert_eq!(&printed[to[cite]..to[cite + 5]], "12");
        assert_eq!(&printed[to[0]..to[raw.find("{a.n}").unwrap() + 5]], "共845");
    }

    #[test]
    fn a_finding_without_a_printed_place_is_on_the_title_and_its_words_safe() {
        let file = SourceFile::new(
            "r.toml".into(),
            std::path::Path::new("r.toml"),
            "x = 1\n".into(),
        );
        let doc = Document {
            meta: crate::doc::Meta {
                title: String::new(),
                author: String::new(),
                subject: String::new(),
                keywords: Vec::new(),
                date: None,
                lang: "zh-CN",
            },
            title: vec!["标题".into()],
            title_origin: Origin::default(),
            blocks: Vec::new(),
            remarks: Vec::new(),
        };
        let d = Diagnostic::warning("key `a\u{1b}b` is odd")
            .at(&file, 0..1)
            .hint("fix\u{7}it");
        let r = remarks(&doc, &[d, Diagnostic::warning("nowhere")]);
        assert_eq!(r.len(), 1, "a finding with no file has no place");
        assert_eq!(r[0].at, Anchor::Title);
        assert!(
            r[0].text.iter().all(|t| !t.chars().any(char::is_control)),
            "{:?}",
            r[0].text
        );
    }

    #[test]
    fn text_written_otherwise_does_not_align() {
        assert!(map("共\\n件", "共\n件").is_none());
    }

    #[test]
    fn a_sentence_runs_from_mark_to_mark() {
        let t = "一句。二句有错，还有。三句";
        let at = t.find("错").unwrap();
        assert_eq!(&t[sentence(t, at..at + 3)], "二句有错，还有。");
        let last = t.find("三").unwrap();
        assert_eq!(&t[sentence(t, last..last)], "三句");
    }
}
