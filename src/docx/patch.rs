//! Post-processing of docx-rs's XML: what its API cannot say, and the schema order of children.
//!
//! docx-rs has no raw-XML hook, so each part is read into a small element tree (quick-xml),
//! edited, and written back: `w:lang`, `w:firstLineChars` and the East Asian line settings
//! (`autoSpaceDE`/`DN`, `kinsoku`, `overflowPunct`, `topLinePunct`, the line-start and line-end
//! lists, `characterSpacingControl`), which docx-rs cannot write or writes out of place; the East
//! Asian hint on runs with ambiguous-width marks; docx-rs's empty Normal style dropped for ours,
//! made the default; the heading list declared multilevel; `w:type` dropped from `w:gridCol`;
//! empty property elements removed; children put in the schema's order.

use quick_xml::Reader;
use quick_xml::Writer;
use quick_xml::events::{BytesEnd, BytesStart, Event};

use super::numbering::ABSTRACT_NUM_ID;
use super::styles::NORMAL;
use super::{page, schema};
use crate::layout::Layout;

/// A node of a part: an element, or anything else (declaration, text, reference) kept as read.
enum Node {
    Elem(Elem),
    Other(Event<'static>),
}

/// An element with its start tag (name and attributes) and children.
struct Elem {
    start: BytesStart<'static>,
    children: Vec<Node>,
}

impl Elem {
    /// An element with attributes and no children.
    fn new(name: &str, attrs: &[(&str, &str)]) -> Elem {
        let mut start = BytesStart::new(name.to_string());
        for attr in attrs {
            start.push_attribute(*attr);
        }
        Elem {
            start,
            children: Vec::new(),
        }
    }

    /// The qualified name, e.g. `w:style`.
    fn name(&self) -> String {
        String::from_utf8_lossy(self.start.name().as_ref()).into_owned()
    }

    fn is(&self, name: &str) -> bool {
        self.start.name().as_ref() == name.as_bytes()
    }

    /// The value of attribute `key`, unescaped.
    fn attr(&self, key: &str) -> Option<String> {
        let a = self.start.try_get_attribute(key).ok()??;
        let raw = std::str::from_utf8(&a.value).ok()?;
        quick_xml::escape::unescape(raw)
            .ok()
            .map(|v| v.into_owned())
    }

    /// Removes attribute `key`.
    fn remove_attr(&mut self, key: &str) {
        let mut start = BytesStart::new(self.name());
        for a in self.start.attributes().flatten() {
            if a.key.as_ref() != key.as_bytes() {
                start.push_attribute(a);
            }
        }
        self.start = start.into_owned();
    }

    /// Sets attribute `key` to `value`, replacing an earlier value.
    fn set_attr(&mut self, key: &str, value: &str) {
        self.remove_attr(key);
        self.start.push_attribute((key, value));
    }

    /// The first child element named `name`, made (empty, last) when there is none.
    fn child_or_new(&mut self, name: &str) -> &mut Elem {
        if self.child_mut(name).is_none() {
            self.children.push(Node::Elem(Elem::new(name, &[])));
        }
        self.child_mut(name).expect("just made")
    }

    /// Replaces every child element named `name` with one having attributes `attrs`.
    fn put(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.children
            .retain(|n| !matches!(n, Node::Elem(e) if e.is(name)));
        self.children.push(Node::Elem(Elem::new(name, attrs)));
    }

    /// The child elements.
    fn elems(&self) -> impl Iterator<Item = &Elem> {
        self.children.iter().filter_map(|n| match n {
            Node::Elem(e) => Some(e),
            Node::Other(_) => None,
        })
    }

    /// The child elements, mutably.
    fn elems_mut(&mut self) -> impl Iterator<Item = &mut Elem> {
        self.children.iter_mut().filter_map(|n| match n {
            Node::Elem(e) => Some(e),
            Node::Other(_) => None,
        })
    }

    /// The first child element named `name`.
    fn child_mut(&mut self, name: &str) -> Option<&mut Elem> {
        self.elems_mut().find(|e| e.is(name))
    }

    /// Calls `f` on this element and every element below it, parents first.
    fn walk(&mut self, f: &mut impl FnMut(&mut Elem)) {
        f(self);
        for child in self.elems_mut() {
            child.walk(f);
        }
    }
}

/// A part: its top-level nodes (the declaration and the root element).
struct Part(Vec<Node>);

impl Part {
    fn parse(xml: &[u8]) -> Result<Part, String> {
        let text = std::str::from_utf8(xml).map_err(|e| format!("a part is not UTF-8: {e}"))?;
        let mut reader = Reader::from_str(text);
        let mut stack: Vec<Elem> = Vec::new();
        let mut top = Vec::new();
        loop {
            let event = reader
                .read_event()
                .map_err(|e| format!("unreadable XML from docx-rs: {e}"))?;
            let node = match event {
                Event::Eof => break,
                Event::Start(s) => {
                    stack.push(Elem {
                        start: s.into_owned(),
                        children: Vec::new(),
                    });
                    continue;
                }
                Event::End(_) => Node::Elem(stack.pop().ok_or("an end tag without a start")?),
                Event::Empty(s) => Node::Elem(Elem {
                    start: s.into_owned(),
                    children: Vec::new(),
                }),
                other => Node::Other(other.into_owned()),
            };
            match stack.last_mut() {
                Some(parent) => parent.children.push(node),
                None => top.push(node),
            }
        }
        if !stack.is_empty() {
            return Err("an element is not closed".into());
        }
        Ok(Part(top))
    }

    fn root(&mut self) -> Option<&mut Elem> {
        self.0.iter_mut().find_map(|n| match n {
            Node::Elem(e) => Some(e),
            Node::Other(_) => None,
        })
    }

    fn write(&self) -> Result<Vec<u8>, String> {
        fn put(w: &mut Writer<Vec<u8>>, node: &Node) -> std::io::Result<()> {
            match node {
                Node::Other(ev) => w.write_event(ev.borrow()),
                Node::Elem(e) if e.children.is_empty() => {
                    w.write_event(Event::Empty(e.start.borrow()))
                }
                Node::Elem(e) => {
                    w.write_event(Event::Start(e.start.borrow()))?;
                    for c in &e.children {
                        put(w, c)?;
                    }
                    w.write_event(Event::End(BytesEnd::new(e.name())))
                }
            }
        }
        let mut w = Writer::new(Vec::new());
        for node in &self.0 {
            put(&mut w, node).map_err(|e| e.to_string())?;
        }
        Ok(w.into_inner())
    }
}

/// What every part gets: `w:firstLineChars` beside each `w:firstLine` (in hundredths of a
/// character of the grid's pitch: 200 for the two-character indent, 0 where an indent is
/// cancelled, which matters because Word prefers the character value a style may pass down),
/// no empty property elements, and children in schema order.
fn common(root: &mut Elem, layout: &Layout) {
    let pitch = page::char_pitch(layout).0 * 20.0;
    root.walk(&mut |e| {
        if e.is("w:ind")
            && e.attr("w:firstLineChars").is_none()
            && let Some(twips) = e.attr("w:firstLine").and_then(|v| v.parse::<f64>().ok())
            && pitch > 0.0
        {
            let chars = (twips / pitch * 100.0).round() as i64;
            e.set_attr("w:firstLineChars", &chars.to_string());
        }
    });
    tables(root);
    east_asian_runs(root);
    prune(root);
    root.walk(&mut |e| {
        let parent = e.name();
        if schema::rank(&parent, "").is_some() {
            // A stable sort: children of equal rank (and text, which these elements never hold
            // outside their children) keep their order.
            e.children.sort_by_key(|n| match n {
                Node::Elem(c) => schema::rank(&parent, &c.name()).unwrap_or(usize::MAX),
                Node::Other(_) => usize::MAX,
            });
        }
    });
}

/// The marks whose width Unicode leaves ambiguous (East Asian Width A): Word draws them in the
/// run's Latin font, narrow, unless the run is hinted East Asian.
pub const AMBIGUOUS: &[char] = &['“', '”', '‘', '’', '—', '…', '·'];

/// Every run whose text holds one of the [`AMBIGUOUS`] marks gets `w:hint="eastAsia"` on its
/// fonts, so that Word and WPS draw those marks full-width in the East Asian font (仿宋, or the
/// footer's 宋体 for — 1 —). The hint changes nothing else: letters and digits stay Latin.
fn east_asian_runs(root: &mut Elem) {
    root.walk(&mut |e| {
        if !e.is("w:r") {
            return;
        }
        let ambiguous = e
            .elems()
            .filter(|t| t.is("w:t"))
            .flat_map(|t| t.children.iter())
            .any(|n| match n {
                Node::Other(Event::Text(t)) => {
                    String::from_utf8_lossy(t.as_ref()).contains(AMBIGUOUS)
                }
                _ => false,
            });
        if !ambiguous {
            return;
        }
        if e.child_mut("w:rPr").is_none() {
            e.children.insert(0, Node::Elem(Elem::new("w:rPr", &[])));
        }
        e.child_or_new("w:rPr")
            .child_or_new("w:rFonts")
            .set_attr("w:hint", "eastAsia");
    });
}

/// What docx-rs cannot say about tables and pictures: a row whose cells are in the table
/// heading style repeats at the top of every page (`w:tblHeader`), every picture gets its
/// own `wp:docPr` id (docx-rs gives them all 1), and the table grid's columns lose the
/// `w:type` docx-rs writes on them (ECMA-376 gives `w:gridCol` a width only).
fn tables(root: &mut Elem) {
    let heading = |tr: &Elem| {
        tr.elems().filter(|tc| tc.is("w:tc")).any(|tc| {
            tc.elems().filter(|p| p.is("w:p")).any(|p| {
                p.elems().filter(|ppr| ppr.is("w:pPr")).any(|ppr| {
                    ppr.elems().any(|st| {
                        st.is("w:pStyle")
                            && st.attr("w:val").as_deref() == Some(super::table::TABLE_HEADING)
                    })
                })
            })
        })
    };
    let mut pictures = 0;
    root.walk(&mut |e| {
        if e.is("w:gridCol") {
            e.remove_attr("w:type");
        }
        if e.is("wp:docPr") {
            pictures += 1;
            e.set_attr("id", &pictures.to_string());
            e.set_attr("name", &format!("Chart {pictures}"));
        }
        if e.is("w:tr") && heading(e) {
            if e.child_mut("w:trPr").is_none() {
                e.children.insert(0, Node::Elem(Elem::new("w:trPr", &[])));
            }
            let trpr = e.child_mut("w:trPr").expect("just made");
            if !trpr.elems().any(|c| c.is("w:tblHeader")) {
                trpr.children
                    .push(Node::Elem(Elem::new("w:tblHeader", &[])));
            }
        }
    });
}

/// Removes `w:rPr` and `w:pPr` elements that say nothing (docx-rs writes an empty `w:rPr`
/// into every `w:pPr`, where styles and list levels may not have one).
fn prune(e: &mut Elem) {
    for child in e.elems_mut() {
        prune(child);
    }
    e.children.retain(|n| match n {
        Node::Elem(c) => {
            !((c.is("w:rPr") || c.is("w:pPr"))
                && c.children.is_empty()
                && c.start.attributes().next().is_none())
        }
        Node::Other(_) => true,
    });
}

/// Patches a part that needs only the common fixes (document, footers, settings).
pub fn part(xml: &[u8], layout: &Layout) -> Result<Vec<u8>, String> {
    edit(xml, layout, |_| Ok(()))
}

/// The marks that may not start a line and those that may not end one, after the Simplified
/// Chinese lists of Word's 中文版式 settings, with the em dash added to the first so that a ——
/// is never split (… is in it already). Written out, so that Word, WPS and LibreOffice (which
/// reads them as its forbidden characters) apply the same rules whatever their defaults.
const NO_LINE_START: &str = "!%),.:;>?]}¢¨°·ˇˉ―‖’”…‰′″›℃∶、。〃〉》」』】〕〗〞︶︺︾﹀﹄﹚﹜﹞！＂％＇），．：；？］｝～￠—";
/// The marks that may not end a line.
const NO_LINE_END: &str = "$([{£¥·‘“〈《「『【〔〖〝﹙﹛﹝＄（．［｛￡￥";

/// Patches `word/settings.xml`: no compression of punctuation (`w:characterSpacingControl`
/// `doNotCompress`: every mark keeps its full cell, as 公文 sets them; docx-rs would write the
/// element inside `w:compat`, where the schema has no place for it), the line-start and
/// line-end lists for `lang`, with `footnotes` their numbers restarting in each section, and with
/// `update_fields`, Word updates fields (a table of contents) when it opens the file.
pub fn settings(
    xml: &[u8],
    layout: &Layout,
    lang: &str,
    update_fields: bool,
    footnotes: bool,
) -> Result<Vec<u8>, String> {
    edit(xml, layout, |root| {
        if let Some(compat) = root.child_mut("w:compat") {
            compat
                .children
                .retain(|n| !matches!(n, Node::Elem(e) if e.is("w:characterSpacingControl")));
        }
        root.put("w:characterSpacingControl", &[("w:val", "doNotCompress")]);
        root.put(
            "w:noLineBreaksAfter",
            &[("w:lang", lang), ("w:val", NO_LINE_END)],
        );
        root.put(
            "w:noLineBreaksBefore",
            &[("w:lang", lang), ("w:val", NO_LINE_START)],
        );
        if update_fields {
            root.put("w:updateFields", &[("w:val", "true")]);
        }
        // Footnote numbers start again in each section: a yearbook's reports are sections, and
        // each numbers its notes from 1, as the builder (and the PDF) does.
        if footnotes {
            root.child_or_new("w:footnotePr")
                .put("w:numRestart", &[("w:val", "eachSect")]);
        }
        Ok(())
    })
}

/// Reads a part, applies `f` to its root and then the common fixes, and writes it back.
fn edit(
    xml: &[u8],
    layout: &Layout,
    f: impl FnOnce(&mut Elem) -> Result<(), String>,
) -> Result<Vec<u8>, String> {
    let mut part = Part::parse(xml)?;
    let root = part.root().ok_or("a part has no root element")?;
    f(root)?;
    common(root, layout);
    part.write()
}

/// Patches `word/styles.xml`: our Normal replaces docx-rs's empty one and becomes the default
/// paragraph style; the document defaults get the language (`w:lang`, East Asian `lang`) and
/// the East Asian line settings every paragraph shares:
///
/// - `w:autoSpaceDE`/`w:autoSpaceDN` off: no gap between a hanzi and a Latin letter or digit
///   (新乡市2015年, not 新乡市 2015 年), as official text and the PDF set it;
/// - `w:kinsoku` on: the line-start and line-end rules of the settings apply;
/// - `w:topLinePunct` off: an opening mark at a line's start keeps its full cell;
///
/// Normal (body text, and every style based on it) also says `w:overflowPunct="1"`, Word's
/// default (a closing mark may hang into the margin). LibreOffice reads this setting inverted
/// (its DOCX import sets hanging punctuation to `overflowPunct == 0`), so stating Word's
/// default turns LibreOffice's hanging punctuation off, which matters: LibreOffice 7.4 drops a
/// hanging mark from a justified line altogether (the reference report lost ten commas and 、
/// that way). The heading styles are not based on Normal and say nothing, so that both Word
/// and LibreOffice hang a heading's closing mark by default: （三）主动公开范围不断拓展，重点领域
/// 信息公开成效显著。 is two cells of indent and 27 characters, one line only with its 。 hanging
/// (as in the PDF); LibreOffice, told not to hang, wrapped the 。 and the character before it.
pub fn styles(xml: &[u8], layout: &Layout, lang: &str) -> Result<Vec<u8>, String> {
    edit(xml, layout, |root| {
        let is_normal = |n: &Node| matches!(n, Node::Elem(e) if e.is("w:style") && e.attr("w:styleId").as_deref() == Some(NORMAL));
        if root.children.iter().filter(|n| is_normal(n)).count() > 1 {
            let first = root
                .children
                .iter()
                .position(is_normal)
                .ok_or("no Normal style")?;
            root.children.remove(first);
        }
        let normal = root
            .elems_mut()
            .find(|e| e.is("w:style") && e.attr("w:styleId").as_deref() == Some(NORMAL))
            .ok_or("no Normal style")?;
        normal.set_attr("w:default", "1");
        normal
            .child_or_new("w:pPr")
            .put("w:overflowPunct", &[("w:val", "1")]);

        let defaults = root.child_mut("w:docDefaults").ok_or("no w:docDefaults")?;
        defaults
            .child_or_new("w:rPrDefault")
            .child_or_new("w:rPr")
            .put("w:lang", &[("w:val", "en-US"), ("w:eastAsia", lang)]);
        let ppr = defaults.child_or_new("w:pPrDefault").child_or_new("w:pPr");
        for (name, value) in [
            ("w:kinsoku", "1"),
            ("w:topLinePunct", "0"),
            ("w:autoSpaceDE", "0"),
            ("w:autoSpaceDN", "0"),
        ] {
            ppr.put(name, &[("w:val", value)]);
        }
        Ok(())
    })
}

/// Patches `word/footnotes.xml`: each footnote's words open with Word's `w:footnoteRef`, the
/// mark Word numbers itself, in the footnote reference style (docx-rs writes only the words).
pub fn footnotes(xml: &[u8], layout: &Layout) -> Result<Vec<u8>, String> {
    edit(xml, layout, |root| {
        for note in root.elems_mut().filter(|e| e.is("w:footnote")) {
            let Some(p) = note.elems_mut().find(|e| e.is("w:p")) else {
                continue;
            };
            let mut rpr = Elem::new("w:rPr", &[]);
            rpr.put("w:rStyle", &[("w:val", super::notes::REFERENCE)]);
            let mut run = Elem::new("w:r", &[]);
            run.children.push(Node::Elem(rpr));
            run.children
                .push(Node::Elem(Elem::new("w:footnoteRef", &[])));
            let at = p
                .children
                .iter()
                .position(|n| matches!(n, Node::Elem(e) if e.is("w:pPr")))
                .map_or(0, |i| i + 1);
            p.children.insert(at, Node::Elem(run));
        }
        Ok(())
    })
}

/// Patches `word/numbering.xml`: the heading list is declared multilevel.
pub fn numbering(xml: &[u8], layout: &Layout) -> Result<Vec<u8>, String> {
    edit(xml, layout, |root| {
        let id = ABSTRACT_NUM_ID.to_string();
        let list = root
            .elems_mut()
            .find(|e| {
                e.is("w:abstractNum") && e.attr("w:abstractNumId").as_deref() == Some(id.as_str())
            })
            .ok_or("the heading list is missing")?;
        if !list.elems().any(|e| e.is("w:multiLevelType")) {
            list.children.insert(
                0,
                Node::Elem(Elem::new("w:multiLevelType", &[("w:val", "multilevel")])),
            );
        }
        Ok(())
    })
}
