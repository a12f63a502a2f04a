//! Print-ready PDF (`gongwen build --print`): Typst's PDF made PDF/X-4 with lopdf — page boxes,
//! blank pages padding a book, K-only colour, the CMYK output intent, `/Trapped` and the PDF/X
//! identification in the one XMP — keeping PDF/A-2b when the PDF claims it.

mod colour;
mod xmp;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::layout::Mm;

/// The CMYK characterisation of the press, embedded as the output intent's profile (FOGRA39
/// made from Debian's icc-profiles-free data; see `profiles/README.md`).
pub const PROFILE: &[u8] = include_bytes!("../../profiles/FOGRA39L-argyll.icc");
/// The printing condition the profile characterises, as registered with the ICC.
pub const CONDITION: &str = "FOGRA39";
/// What the condition is, in words.
pub const CONDITION_INFO: &str = "Coated FOGRA39 (ISO 12647-2:2004/Amd 1, offset, coated paper)";

/// How a PDF is made ready for the press.
#[derive(Debug, Clone, Default)]
pub struct Press {
    /// Printed beyond the trim on every side (0: no BleedBox).
    pub bleed: Mm,
    /// Blank pages added at the end (a book padded to whole sheets).
    pub blank_pages: usize,
    /// The PDF already claims PDF/A (Typst wrote it): keep it, with the same profile.
    pub archive: bool,
}

/// What [`finish`] made.
#[derive(Debug)]
pub struct Printed {
    /// The PDF/X-4 file.
    pub bytes: Vec<u8>,
    /// Its pages, padding included.
    pub pages: usize,
}

/// Makes Typst's PDF `pdf` PDF/X-4 for `press`. An error says what in the PDF was not as
/// Typst writes it (never the reader's fault).
pub fn finish(pdf: &[u8], press: &Press) -> Result<Printed, String> {
    let mut doc = Document::load_mem(pdf).map_err(|e| format!("reading the PDF: {e}"))?;
    // PDF/X-4 is PDF 1.6 (ISO 15930-7); PDF/A-2 takes any 1.x. Typst writes nothing newer.
    doc.version = "1.6".into();
    pad(&mut doc, press.blank_pages)?;
    let pages = doc.get_pages();
    let bleed = press.bleed.to_pt().0 as f32;
    for id in pages.values() {
        boxes(&mut doc, *id, bleed)?;
    }
    colour::device_gray(&mut doc);
    intents(&mut doc, press.archive)?;
    info(&mut doc)?;
    xmp::identify(&mut doc, press.archive)?;
    doc.prune_objects();
    let mut bytes = Vec::with_capacity(pdf.len() + PROFILE.len());
    doc.save_to(&mut bytes)
        .map_err(|e| format!("writing the PDF: {e}"))?;
    Ok(Printed {
        bytes,
        pages: pages.len(),
    })
}

/// The page's MediaBox as four numbers.
fn media_box(doc: &Document, page: ObjectId) -> Result<[f32; 4], String> {
    let mut node = doc.get_dictionary(page).map_err(|e| e.to_string())?;
    loop {
        if let Ok(b) = node.get(b"MediaBox") {
            let (_, b) = doc.dereference(b).map_err(|e| e.to_string())?;
            let v: Vec<f32> = b
                .as_array()
                .map_err(|e| e.to_string())?
                .iter()
                .filter_map(|n| n.as_float().ok())
                .collect();
            return v
                .try_into()
                .map_err(|_| "a MediaBox without four numbers".into());
        }
        let parent = node
            .get(b"Parent")
            .and_then(Object::as_reference)
            .map_err(|_| "a page without a MediaBox".to_string())?;
        node = doc.get_dictionary(parent).map_err(|e| e.to_string())?;
    }
}

fn rect(r: [f32; 4]) -> Object {
    Object::Array(r.iter().map(|v| Object::Real(*v)).collect())
}

/// TrimBox = the page as Typst laid it out; with a bleed, the MediaBox and BleedBox grow by it
/// on every side (the page's content stays where it is).
fn boxes(doc: &mut Document, page: ObjectId, bleed: f32) -> Result<(), String> {
    let trim = media_box(doc, page)?;
    let dict = doc.get_dictionary_mut(page).map_err(|e| e.to_string())?;
    dict.remove(b"CropBox");
    dict.remove(b"ArtBox");
    dict.set("TrimBox", rect(trim));
    if bleed > 0.0 {
        let outer = [
            trim[0] - bleed,
            trim[1] - bleed,
            trim[2] + bleed,
            trim[3] + bleed,
        ];
        dict.set("MediaBox", rect(outer));
        dict.set("BleedBox", rect(outer));
    } else {
        dict.set("MediaBox", rect(trim));
    }
    Ok(())
}

/// Appends `n` blank pages the size of the last, unnumbered: their page labels print nothing.
fn pad(doc: &mut Document, n: usize) -> Result<(), String> {
    if n == 0 {
        return Ok(());
    }
    let pages = doc.get_pages();
    let count = pages.len();
    let last = *pages.values().last().ok_or("a PDF without pages")?;
    let size = media_box(doc, last)?;
    let root = doc
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(|e| e.to_string())?;
    let mut kids = Vec::new();
    for _ in 0..n {
        let contents = doc.add_object(Stream::new(Dictionary::new(), Vec::new()));
        let page = doc.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Page".to_vec())),
            ("Parent", Object::Reference(root)),
            ("MediaBox", rect(size)),
            ("Resources", Object::Dictionary(Dictionary::new())),
            ("Contents", Object::Reference(contents)),
        ]));
        kids.push(Object::Reference(page));
    }
    let tree = doc.get_dictionary_mut(root).map_err(|e| e.to_string())?;
    let total = tree.get(b"Count").and_then(Object::as_i64).unwrap_or(0) + n as i64;
    tree.get_mut(b"Kids")
        .and_then(Object::as_array_mut)
        .map_err(|e| e.to_string())?
        .extend(kids);
    tree.set("Count", Object::Integer(total));
    // A range starting at the first blank page with no style: its pages have empty labels.
    let labels = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"PageLabels").ok())
        .cloned();
    if let Some(labels) = labels {
        let (id, _) = doc.dereference(&labels).map_err(|e| e.to_string())?;
        let tree = match id {
            Some(id) => doc.get_dictionary_mut(id).map_err(|e| e.to_string())?,
            None => doc
                .catalog_mut()
                .and_then(|c| c.get_mut(b"PageLabels"))
                .and_then(Object::as_dict_mut)
                .map_err(|e| e.to_string())?,
        };
        if let Ok(nums) = tree.get_mut(b"Nums").and_then(Object::as_array_mut) {
            nums.push(Object::Integer(count as i64));
            nums.push(Object::Dictionary(Dictionary::new()));
        }
    }
    Ok(())
}

/// The output intents: GTS_PDFX (and GTS_PDFA1 for an archive), both with the one CMYK
/// profile object, as PDF/A requires of every intent's DestOutputProfile. Typst's sRGB intent
/// is replaced (its profile stays while a colour space uses it).
fn intents(doc: &mut Document, archive: bool) -> Result<(), String> {
    let mut profile = Stream::new(
        Dictionary::from_iter([("N", Object::Integer(4))]),
        PROFILE.to_vec(),
    );
    profile
        .compress()
        .map_err(|e| format!("compressing the profile: {e}"))?;
    let profile = doc.add_object(profile);
    let intent = |kind: &str| {
        Dictionary::from_iter([
            ("Type", Object::Name(b"OutputIntent".to_vec())),
            ("S", Object::Name(kind.as_bytes().to_vec())),
            (
                "OutputConditionIdentifier",
                Object::string_literal(CONDITION),
            ),
            (
                "RegistryName",
                Object::string_literal("http://www.color.org"),
            ),
            ("Info", Object::string_literal(CONDITION_INFO)),
            ("DestOutputProfile", Object::Reference(profile)),
        ])
    };
    let mut list = vec![Object::Reference(doc.add_object(intent("GTS_PDFX")))];
    if archive {
        list.push(Object::Reference(doc.add_object(intent("GTS_PDFA1"))));
    }
    doc.catalog_mut()
        .map_err(|e| e.to_string())?
        .set("OutputIntents", Object::Array(list));
    Ok(())
}

/// `/Trapped /False` (nobody trapped it) in the document information dictionary.
fn info(doc: &mut Document) -> Result<(), String> {
    let existing = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
    let id = match existing {
        Some(id) => id,
        None => {
            let id = doc.add_object(Dictionary::new());
            doc.trailer.set("Info", Object::Reference(id));
            id
        }
    };
    let dict = doc.get_dictionary_mut(id).map_err(|e| e.to_string())?;
    dict.set("Trapped", Object::Name(b"False".to_vec()));
    dict.set("GTS_PDFXVersion", Object::string_literal("PDF/X-4"));
    Ok(())
}
