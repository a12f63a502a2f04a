//! What the styles and the numbering say: which paragraph styles are headings (and of which
//! level), which character styles carry run-in heading words, which lists number headings,
//! and how the heading list writes its first numbers.

use std::collections::{HashMap, HashSet};

use roxmltree::{Document, Node};

use super::{is_w, w_attr, w_child};
use crate::numbering::NumberFormat;

/// A paragraph style as far as structure goes.
#[derive(Debug, Default)]
struct ParaStyle {
    name: String,
    based_on: Option<String>,
    /// `w:outlineLvl` (0-based; 9 is body text).
    outline: Option<u8>,
    /// `w:numPr`: (numId, ilvl).
    num: Option<(Option<String>, Option<u8>)>,
}

/// A character style: its linked paragraph style and its parent.
#[derive(Debug, Default)]
struct CharStyle {
    link: Option<String>,
    based_on: Option<String>,
}

/// The styles and lists of a document.
#[derive(Debug, Default)]
pub struct Styles {
    paragraph: HashMap<String, ParaStyle>,
    character: HashMap<String, CharStyle>,
    /// The default paragraph style (Normal).
    pub default_paragraph: Option<String>,
    /// numId → abstractNumId.
    nums: HashMap<String, String>,
    /// abstractNumId → ilvl → its format.
    levels: HashMap<String, HashMap<u8, ListLevel>>,
    /// The abstract lists the heading styles number with.
    heading_lists: HashSet<String>,
}

/// One level of a list: `w:numFmt`, `w:lvlText`, `w:start`.
#[derive(Debug, Clone, Default)]
pub struct ListLevel {
    /// `decimal`, `chineseCounting`, `bullet` ….
    pub format: String,
    /// `%1、`, `（%2）` ….
    pub text: String,
    /// The first count.
    pub start: u32,
}

/// How deep a `basedOn` chain is followed (a cycle ends there too).
const MAX_CHAIN: usize = 16;

impl Styles {
    /// Reads `word/styles.xml` and `word/numbering.xml` (either may be missing).
    pub fn read(styles: Option<&Document>, numbering: Option<&Document>) -> Styles {
        let mut s = Styles::default();
        if let Some(doc) = numbering {
            s.read_numbering(doc.root_element());
        }
        if let Some(doc) = styles {
            for style in doc.root_element().children().filter(|n| is_w(*n, "style")) {
                let Some(id) = w_attr(style, "styleId") else {
                    continue;
                };
                let based_on = w_child(style, "basedOn")
                    .and_then(|b| w_attr(b, "val"))
                    .map(str::to_string);
                match w_attr(style, "type") {
                    Some("paragraph") | None => {
                        if matches!(w_attr(style, "default"), Some("1" | "true" | "on")) {
                            s.default_paragraph = Some(id.to_string());
                        }
                        let ppr = w_child(style, "pPr");
                        let outline = ppr
                            .and_then(|p| w_child(p, "outlineLvl"))
                            .and_then(|o| w_attr(o, "val"))
                            .and_then(|v| v.parse().ok());
                        let num = ppr.and_then(|p| w_child(p, "numPr")).map(num_pr);
                        let name = w_child(style, "name")
                            .and_then(|n| w_attr(n, "val"))
                            .unwrap_or("")
                            .to_string();
                        s.paragraph.insert(
                            id.to_string(),
                            ParaStyle {
                                name,
                                based_on,
                                outline,
                                num,
                            },
                        );
                    }
                    Some("character") => {
                        let link = w_child(style, "link")
                            .and_then(|l| w_attr(l, "val"))
                            .map(str::to_string);
                        s.character
                            .insert(id.to_string(), CharStyle { link, based_on });
                    }
                    _ => {}
                }
            }
        }
        // The lists heading styles name are the heading lists.
        let ids: Vec<String> = s.paragraph.keys().cloned().collect();
        for id in ids {
            if s.style_level(&id).is_some()
                && let Some(abs) = s.style_num(&id).and_then(|n| s.nums.get(&n))
            {
                s.heading_lists.insert(abs.clone());
            }
        }
        s
    }

    fn read_numbering(&mut self, root: Node) {
        for n in root.children() {
            if is_w(n, "num") {
                if let (Some(id), Some(abs)) = (
                    w_attr(n, "numId"),
                    w_child(n, "abstractNumId").and_then(|a| w_attr(a, "val")),
                ) {
                    self.nums.insert(id.to_string(), abs.to_string());
                }
            } else if is_w(n, "abstractNum") {
                let Some(id) = w_attr(n, "abstractNumId") else {
                    continue;
                };
                let mut levels = HashMap::new();
                for lvl in n.children().filter(|c| is_w(*c, "lvl")) {
                    let val = |name: &str| {
                        w_child(lvl, name)
                            .and_then(|c| w_attr(c, "val"))
                            .unwrap_or("")
                            .to_string()
                    };
                    if let Some(ilvl) = w_attr(lvl, "ilvl").and_then(|v| v.parse().ok()) {
                        let start = val("start").parse().unwrap_or(1);
                        levels.insert(
                            ilvl,
                            ListLevel {
                                format: val("numFmt"),
                                text: val("lvlText"),
                                start,
                            },
                        );
                    }
                }
                self.levels.insert(id.to_string(), levels);
            }
        }
    }

    /// Whether paragraph style `id` is defined.
    pub fn known(&self, id: &str) -> bool {
        self.paragraph.contains_key(id)
    }

    /// The styles of the `basedOn` chain of `id`, itself first.
    fn chain<'s>(&'s self, id: &'s str) -> impl Iterator<Item = (&'s str, &'s ParaStyle)> + 's {
        let mut next = Some(id);
        std::iter::from_fn(move || {
            let id = next?;
            let style = self.paragraph.get(id)?;
            next = style.based_on.as_deref().filter(|b| *b != id);
            Some((id, style))
        })
        .take(MAX_CHAIN)
    }

    /// The 0-based heading level of paragraph style `id`: the first outline level (below 9)
    /// or heading-list `w:numPr` level along its `basedOn` chain, else a `heading N` name.
    pub fn style_level(&self, id: &str) -> Option<u8> {
        for (_, style) in self.chain(id) {
            if let Some(lvl) = style.outline {
                return (lvl < 9).then_some(lvl);
            }
            if let Some((Some(num), Some(ilvl))) = &style.num
                && self.is_heading_list(num)
            {
                return Some(*ilvl);
            }
        }
        let name = self.paragraph.get(id)?.name.to_ascii_lowercase();
        let n: u8 = name.strip_prefix("heading ")?.trim().parse().ok()?;
        n.checked_sub(1)
    }

    /// The numId the chain of `id` numbers with, if any.
    fn style_num(&self, id: &str) -> Option<String> {
        self.chain(id)
            .find_map(|(_, s)| s.num.as_ref().and_then(|(n, _)| n.clone()))
    }

    /// Whether `id` is (or is based on) the Title style.
    pub fn is_title(&self, id: &str) -> bool {
        id == "Title"
            || self
                .chain(id)
                .any(|(sid, s)| sid == "Title" || s.name.eq_ignore_ascii_case("title"))
    }

    /// Whether the heading styles number with a list.
    pub fn has_heading_list(&self) -> bool {
        !self.heading_lists.is_empty()
    }

    /// List `num_id`: its abstract list's id and levels.
    pub fn list(&self, num_id: &str) -> Option<(&str, &HashMap<u8, ListLevel>)> {
        let abs = self.nums.get(num_id)?;
        Some((abs.as_str(), self.levels.get(abs)?))
    }

    /// Whether list `num_id` is one the heading styles number with.
    pub fn is_heading_list(&self, num_id: &str) -> bool {
        self.nums
            .get(num_id)
            .is_some_and(|abs| self.heading_lists.contains(abs))
    }

    /// The 0-based heading level whose words character style `id` carries: the level of the
    /// paragraph style it is linked to (gongwen's `Heading2Char` ↔ `Heading2`), else a
    /// `Heading{n}Char` id.
    pub fn char_level(&self, id: &str) -> Option<u8> {
        let mut next = Some(id);
        for _ in 0..MAX_CHAIN {
            let cid = next?;
            let style = self.character.get(cid);
            if let Some(level) = style
                .and_then(|s| s.link.as_deref())
                .and_then(|l| self.style_level(l))
            {
                return Some(level);
            }
            let numbered = cid
                .strip_prefix("Heading")
                .and_then(|r| r.strip_suffix("Char"))
                .and_then(|d| d.parse::<u8>().ok())
                .and_then(|n| n.checked_sub(1));
            if numbered.is_some() {
                return numbered;
            }
            next = style
                .and_then(|s| s.based_on.as_deref())
                .filter(|b| *b != cid);
        }
        None
    }

    /// The first number of each of the four levels of the heading list, as a report's
    /// `[numbering]` writes it (`%3、` in `decimal` → `1、`), where it can be said that way.
    pub fn first_numbers(&self) -> [Option<String>; 4] {
        let mut out: [Option<String>; 4] = Default::default();
        let Some(levels) = self
            .heading_lists
            .iter()
            .min()
            .and_then(|abs| self.levels.get(abs))
        else {
            return out;
        };
        for (ilvl, slot) in out.iter_mut().enumerate() {
            let Some(ListLevel {
                format: fmt, text, ..
            }) = levels.get(&(ilvl as u8))
            else {
                continue;
            };
            let counter = match fmt.as_str() {
                "decimal" => "1",
                "chineseCounting" | "chineseCountingThousand" | "chineseLegalSimplified" => "一",
                _ => continue,
            };
            let first = text.replace(&format!("%{}", ilvl + 1), counter);
            if !first.contains('%') && NumberFormat::parse(&first).is_ok() {
                *slot = Some(first);
            }
        }
        out
    }
}

/// A `w:numPr`: (numId, ilvl).
pub fn num_pr(n: Node) -> (Option<String>, Option<u8>) {
    (
        w_child(n, "numId")
            .and_then(|c| w_attr(c, "val"))
            .map(str::to_string),
        w_child(n, "ilvl")
            .and_then(|c| w_attr(c, "val"))
            .and_then(|v| v.parse().ok()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
      <w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
        <w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Mine"><w:name w:val="Mine"/><w:basedOn w:val="H3"/></w:style>
      <w:style w:type="paragraph" w:styleId="H3"><w:name w:val="x"/><w:basedOn w:val="Normal"/>
        <w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
      <w:style w:type="paragraph" w:styleId="Loop"><w:name w:val="Loop"/><w:basedOn w:val="Loop"/></w:style>
      <w:style w:type="character" w:styleId="Words"><w:name w:val="Words"/><w:link w:val="H1"/></w:style>
    </w:styles>"#;
    const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:abstractNum w:abstractNumId="3">
        <w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="2"><w:numFmt w:val="decimal"/><w:lvlText w:val="%3、"/></w:lvl>
        <w:lvl w:ilvl="3"><w:numFmt w:val="decimal"/><w:lvlText w:val="%3.%4"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num>
    </w:numbering>"#;

    #[test]
    fn levels_come_from_outline_levels_heading_lists_and_based_on_chains() {
        let (s, n) = (
            Document::parse(STYLES).unwrap(),
            Document::parse(NUMBERING).unwrap(),
        );
        let styles = Styles::read(Some(&s), Some(&n));
        assert_eq!(styles.default_paragraph.as_deref(), Some("Normal"));
        assert_eq!(styles.style_level("H1"), Some(0));
        assert_eq!(styles.style_level("H3"), Some(2));
        assert_eq!(styles.style_level("Mine"), Some(2));
        assert_eq!(styles.style_level("Normal"), None);
        assert_eq!(styles.style_level("Loop"), None);
        assert_eq!(styles.char_level("Words"), Some(0));
        assert_eq!(styles.char_level("Heading3Char"), Some(2));
        assert!(styles.is_heading_list("7"));
        assert_eq!(
            styles.first_numbers(),
            [Some("一、".into()), None, Some("1、".into()), None]
        );
    }
}
