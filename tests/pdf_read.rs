//! Reading a PDF's glyphs back: positions, sizes and text from the content streams, with lopdf
//! (pdf-extract drops the ranged widths Typst writes, so its positions do not advance).

use std::collections::HashMap;

use lopdf::{Dictionary, Document as Pdf, Object};

/// One glyph: page (from 1), x of its origin and y of its baseline from the page's top-left
/// corner in pt, size in pt, text.
#[derive(Debug, Clone)]
pub struct Glyph {
    pub page: u32,
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub c: String,
}

/// A 2D affine matrix [a b c d e f], as PDF writes it.
type M = [f64; 6];

fn mul(m: &M, n: &M) -> M {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

pub(crate) fn num(o: &Object) -> f64 {
    o.as_float().map(f64::from).unwrap_or(0.0)
}

fn hex(s: &str) -> u32 {
    u32::from_str_radix(s.trim_matches(|c| c == '<' || c == '>'), 16).unwrap_or(0)
}

/// A font of a page: glyph widths (per mille of the size) and text, by two-byte code.
struct Font {
    widths: HashMap<u32, f64>,
    default: f64,
    text: HashMap<u32, String>,
}

fn font(doc: &Pdf, dict: &Dictionary) -> Font {
    let get =
        |d: &Dictionary, k: &[u8]| d.get(k).ok().map(|o| doc.dereference(o).unwrap().1.clone());
    let cid = get(dict, b"DescendantFonts")
        .and_then(|a| a.as_array().ok().and_then(|a| a.first().cloned()))
        .map(|o| doc.dereference(&o).unwrap().1.as_dict().unwrap().clone())
        .expect("Typst writes CID fonts");
    let mut widths = HashMap::new();
    if let Some(Object::Array(w)) = get(&cid, b"W") {
        let mut i = 0;
        while i + 1 < w.len() {
            let first = num(&w[i]) as u32;
            match doc.dereference(&w[i + 1]).unwrap().1 {
                Object::Array(ws) => {
                    for (j, x) in ws.iter().enumerate() {
                        widths.insert(first + j as u32, num(x));
                    }
                    i += 2;
                }
                last => {
                    for c in first..=(num(last) as u32) {
                        widths.insert(c, num(&w[i + 2]));
                    }
                    i += 3;
                }
            }
        }
    }
    let default = get(&cid, b"DW").map(|o| num(&o)).unwrap_or(1000.0);
    let mut text = HashMap::new();
    if let Some(Object::Stream(st)) = get(dict, b"ToUnicode") {
        let cmap =
            String::from_utf8_lossy(&st.decompressed_content().unwrap_or(st.content.clone()))
                .to_string();
        let mut mode = "";
        for line in cmap.lines() {
            if line.ends_with("beginbfchar") {
                mode = "char";
            } else if line.ends_with("beginbfrange") {
                mode = "range";
            } else if line.starts_with("end") {
                mode = "";
            } else {
                let parts: Vec<&str> = line.split_whitespace().collect();
                let decode = |h: &str| {
                    let h = h.trim_matches(|c| c == '<' || c == '>');
                    let units: Vec<u16> = (0..h.len() / 4)
                        .map(|i| u16::from_str_radix(&h[i * 4..i * 4 + 4], 16).unwrap())
                        .collect();
                    String::from_utf16_lossy(&units)
                };
                match (mode, parts.len()) {
                    ("char", 2) => {
                        text.insert(hex(parts[0]), decode(parts[1]));
                    }
                    ("range", 3) => {
                        let (a, b) = (hex(parts[0]), hex(parts[1]));
                        let base = hex(parts[2]);
                        for c in a..=b {
                            text.insert(
                                c,
                                char::from_u32(base + c - a)
                                    .map(String::from)
                                    .unwrap_or_default(),
                            );
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    Font {
        widths,
        default,
        text,
    }
}

/// Every glyph of a PDF, read from its pages' content streams with lopdf: the text and
/// graphics state Typst's output uses (q/Q/cm, BT/Tf/Tm/Td, Tj/TJ).
pub fn glyphs(pdf: &[u8]) -> Vec<Glyph> {
    let doc = Pdf::load_mem(pdf).expect("a PDF");
    let mut out = Vec::new();
    for (pno, page) in doc.get_pages() {
        let height = doc
            .get_dictionary(page)
            .ok()
            .and_then(|d| d.get(b"MediaBox").ok())
            .and_then(|o| o.as_array().ok())
            .map(|a| num(&a[3]))
            .unwrap_or(841.89);
        let fonts: HashMap<Vec<u8>, Font> = doc
            .get_page_fonts(page)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, d)| (k, font(&doc, d)))
            .collect();
        let content = doc.get_and_decode_page_content(page).expect("content");
        let mut stack: Vec<M> = Vec::new();
        let mut ctm: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut tm: M = ctm;
        let mut current: Option<&Font> = None;
        let mut size = 0.0;
        for op in &content.operations {
            let o = &op.operands;
            match op.operator.as_str() {
                "q" => stack.push(ctm),
                "Q" => ctm = stack.pop().unwrap_or(ctm),
                "cm" => {
                    let m: M = [
                        num(&o[0]),
                        num(&o[1]),
                        num(&o[2]),
                        num(&o[3]),
                        num(&o[4]),
                        num(&o[5]),
                    ];
                    ctm = mul(&m, &ctm);
                }
                "BT" => tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
                "Tf" => {
                    current = o[0].as_name().ok().and_then(|n| fonts.get(n));
                    size = num(&o[1]);
                }
                "Tm" => {
                    tm = [
                        num(&o[0]),
                        num(&o[1]),
                        num(&o[2]),
                        num(&o[3]),
                        num(&o[4]),
                        num(&o[5]),
                    ]
                }
                "Td" => tm = mul(&[1.0, 0.0, 0.0, 1.0, num(&o[0]), num(&o[1])], &tm),
                "Tj" | "TJ" => {
                    let Some(f) = current else { continue };
                    let items: Vec<Object> = if op.operator == "Tj" {
                        o.clone()
                    } else {
                        o[0].as_array().cloned().unwrap_or_default()
                    };
                    for item in items {
                        match item {
                            Object::String(bytes, _) => {
                                for pair in bytes.chunks(2) {
                                    let code = pair.iter().fold(0u32, |a, b| a * 256 + *b as u32);
                                    let m = mul(&tm, &ctm);
                                    let scale = (m[0] * m[3] - m[1] * m[2]).abs().sqrt();
                                    out.push(Glyph {
                                        page: pno,
                                        x: m[4],
                                        y: height - m[5],
                                        size: size * scale,
                                        c: f.text.get(&code).cloned().unwrap_or_default(),
                                    });
                                    let w = f.widths.get(&code).copied().unwrap_or(f.default);
                                    tm = mul(&[1.0, 0.0, 0.0, 1.0, w / 1000.0 * size, 0.0], &tm);
                                }
                            }
                            other => {
                                let adj = num(&other);
                                tm = mul(&[1.0, 0.0, 0.0, 1.0, -adj / 1000.0 * size, 0.0], &tm);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}
