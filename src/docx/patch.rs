//! Post-processing of docx-rs's XML: what its API cannot say, and the schema order of children.
//!
//! docx-rs has no raw-XML hook, so each part is read into a small element tree (quick-xml),
//! edited, and written back: `w:lang`, `w:firstLineChars` and `w:overflowPunct`, which docx-rs
//! cannot write; docx-rs's empty Normal style dropped for ours, made the default; the heading list
//! declared multilevel; empty property elements removed; children put in the schema's order.

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

    /// Sets attribute `key` to `value`, replacing an earlier value.
    fn set_attr(&mut self, key: &str, value: &str) {
        let name = self.name();
        let mut start = BytesStart::new(name);
        for a in self.start.attributes().flatten() {
            if a.key.as_ref() != key.as_bytes() {
                start.push_attribute(a);
            }
        }
        start.push_attribute((key, value));
        self.start = start.into_owned();
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

/// What docx-rs cannot say about tables and pictures: a row whose cells are in the table
/// heading style repeats at the top of every page (`w:tblHeader`), and every picture gets its
/// own `wp:docPr` id (docx-rs gives them all 1).
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

/// Patches `word/settings.xml`; with `update_fields`, Word updates fields (a table of contents)
/// when it opens the file.
pub fn settings(xml: &[u8], layout: &Layout, update_fields: bool) -> Result<Vec<u8>, String> {
    edit(xml, layout, |root| {
        if update_fields && root.child_mut("w:updateFields").is_none() {
            root.children.push(Node::Elem(Elem::new(
                "w:updateFields",
                &[("w:val", "true")],
            )));
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
/// paragraph style; the document defaults get the language (`w:lang`, East Asian `lang`).
///
/// Normal also says `w:overflowPunct="1"`, Word's default (a closing mark may hang into the
/// margin). LibreOffice reads this setting inverted, so stating Word's default turns its own
/// hanging punctuation off, which matters: LibreOffice 7.4 drops a hanging mark from a justified
/// line altogether (the reference report lost ten commas and 、 that way).
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
        if normal.child_mut("w:pPr").is_none() {
            normal.children.push(Node::Elem(Elem::new("w:pPr", &[])));
        }
        let ppr = normal.child_mut("w:pPr").ok_or("no w:pPr")?;
        ppr.children
            .push(Node::Elem(Elem::new("w:overflowPunct", &[("w:val", "1")])));

        let defaults = root.child_mut("w:docDefaults").ok_or("no w:docDefaults")?;
        let rpr_default = defaults
            .child_mut("w:rPrDefault")
            .ok_or("no w:rPrDefault")?;
        if rpr_default.child_mut("w:rPr").is_none() {
            rpr_default
                .children
                .push(Node::Elem(Elem::new("w:rPr", &[])));
        }
        let rpr = rpr_default.child_mut("w:rPr").ok_or("no w:rPr")?;
        rpr.children
            .retain(|n| !matches!(n, Node::Elem(e) if e.is("w:lang")));
        rpr.children.push(Node::Elem(Elem::new(
            "w:lang",
            &[("w:val", "en-US"), ("w:eastAsia", lang)],
        )));
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
