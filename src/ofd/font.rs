//! A font embedded in the OFD: the glyphs the pages use, subset as typst-pdf subsets them
//! (the `subsetter` crate), with a `cmap` and the `OS/2` table put back so that an OFD reader,
//! which finds a `TextCode` character's glyph through the font's own cmap, finds the glyph
//! the page was laid out with.

use std::collections::BTreeMap;

use subsetter::GlyphRemapper;
use typst::text::FontInstance;

/// What the pages use of one font.
#[derive(Default)]
pub struct Used {
    /// Every glyph drawn, numbered in the order first drawn (the subset's glyph ids).
    pub remapper: GlyphRemapper,
    /// Characters whose glyph is the one the font's cmap gives them (original glyph ids).
    pub chars: BTreeMap<char, u16>,
}

impl Used {
    /// The subset's id of the original glyph `g`, which the subset will hold.
    pub fn remap(&mut self, g: u16) -> u16 {
        self.remapper.remap(g)
    }
}

/// The font's cmap glyph for `c` (0 when it has none).
pub fn cmap_glyph(face: &ttf_parser::Face, c: char) -> u16 {
    face.glyph_index(c).map_or(0, |g| g.0)
}

/// A subset of `font` holding the `used` glyphs under their new ids.
pub fn subset(font: &FontInstance, used: &Used) -> Result<Vec<u8>, String> {
    let remapper = &used.remapper;
    let name = font.info().family.clone();
    let sub = subsetter::subset(font.data().as_slice(), font.index(), remapper)
        .map_err(|e| format!("cannot subset the font {name}: {e}"))?;
    let pairs: Vec<(u32, u16)> = used
        .chars
        .iter()
        .filter_map(|(c, g)| Some((*c as u32, remapper.get(*g)?)))
        .collect();
    let mut extra = vec![(*b"cmap", cmap(&pairs))];
    if let Some(os2) = font
        .ttf()
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(b"OS/2"))
    {
        extra.push((*b"OS/2", os2.to_vec()));
    }
    let bytes = splice(&sub, extra).ok_or_else(|| format!("the subset of {name} is malformed"))?;
    Ok(bytes)
}

/// A cmap with a format 4 subtable (3, 1) for the Basic Multilingual Plane and, when a
/// character lies beyond it, a format 12 subtable (3, 10) for all.
fn cmap(pairs: &[(u32, u16)]) -> Vec<u8> {
    let bmp: Vec<(u32, u16)> = pairs.iter().copied().filter(|(c, _)| *c < 0xFFFF).collect();
    let mut subtables = vec![((3u16, 1u16), format4(&bmp))];
    if bmp.len() < pairs.len() || runs(&bmp).len() > 8000 {
        subtables.push(((3, 10), format12(pairs)));
    }
    let mut out = Vec::new();
    put16(&mut out, 0);
    put16(&mut out, subtables.len() as u16);
    let mut offset = 4 + 8 * subtables.len() as u32;
    for ((platform, encoding), table) in &subtables {
        put16(&mut out, *platform);
        put16(&mut out, *encoding);
        put32(&mut out, offset);
        offset += table.len() as u32;
    }
    for (_, table) in subtables {
        out.extend(table);
    }
    out
}

/// Runs of consecutive characters with consecutive glyphs: (first char, last char, first glyph).
fn runs(pairs: &[(u32, u16)]) -> Vec<(u32, u32, u16)> {
    let mut runs: Vec<(u32, u32, u16)> = Vec::new();
    for &(c, g) in pairs {
        match runs.last_mut() {
            Some((first, last, g0))
                if c == *last + 1 && u32::from(*g0) + (c - *first) == u32::from(g) =>
            {
                *last = c
            }
            _ => runs.push((c, c, g)),
        }
    }
    runs
}

fn format4(pairs: &[(u32, u16)]) -> Vec<u8> {
    // At most 8189 segments fit a format 4 subtable's 16-bit length; past that the
    // characters are left to the format 12 subtable.
    let mut segs: Vec<(u32, u32, u16)> = runs(pairs).into_iter().take(8000).collect();
    segs.push((0xFFFF, 0xFFFF, 1));
    let n = segs.len() as u16;
    let entry_selector = 15 - (n.leading_zeros() as u16);
    let search_range = 2 * (1u16 << entry_selector);
    let mut t = Vec::new();
    put16(&mut t, 4);
    put16(&mut t, 16 + 8 * n);
    put16(&mut t, 0);
    put16(&mut t, 2 * n);
    put16(&mut t, search_range);
    put16(&mut t, entry_selector);
    put16(&mut t, 2 * n - search_range);
    for s in &segs {
        put16(&mut t, s.1 as u16);
    }
    put16(&mut t, 0);
    for s in &segs {
        put16(&mut t, s.0 as u16);
    }
    for s in &segs {
        put16(&mut t, s.2.wrapping_sub(s.0 as u16));
    }
    for _ in &segs {
        put16(&mut t, 0);
    }
    t
}

fn format12(pairs: &[(u32, u16)]) -> Vec<u8> {
    let groups = runs(pairs);
    let mut t = Vec::new();
    put16(&mut t, 12);
    put16(&mut t, 0);
    put32(&mut t, 16 + 12 * groups.len() as u32);
    put32(&mut t, 0);
    put32(&mut t, groups.len() as u32);
    for (first, last, g) in groups {
        put32(&mut t, first);
        put32(&mut t, last);
        put32(&mut t, u32::from(g));
    }
    t
}

/// `font` (an OpenType file) with the `extra` tables added or replaced: a new table
/// directory, checksums and the head table's checksum adjustment.
fn splice(font: &[u8], extra: Vec<([u8; 4], Vec<u8>)>) -> Option<Vec<u8>> {
    let count = usize::from(u16::from_be_bytes(font.get(4..6)?.try_into().ok()?));
    let mut tables: BTreeMap<[u8; 4], Vec<u8>> = BTreeMap::new();
    for i in 0..count {
        let rec = font.get(12 + 16 * i..28 + 16 * i)?;
        let tag: [u8; 4] = rec[0..4].try_into().ok()?;
        let offset = u32::from_be_bytes(rec[8..12].try_into().ok()?) as usize;
        let len = u32::from_be_bytes(rec[12..16].try_into().ok()?) as usize;
        tables.insert(tag, font.get(offset..offset.checked_add(len)?)?.to_vec());
    }
    tables.extend(extra);
    if let Some(head) = tables.get_mut(b"head") {
        head.get_mut(8..12)?.fill(0);
    }
    let n = tables.len() as u16;
    let entry_selector = 15 - (n.leading_zeros() as u16);
    let search_range = 16 * (1u16 << entry_selector);
    let mut out = font.get(0..4)?.to_vec();
    put16(&mut out, n);
    put16(&mut out, search_range);
    put16(&mut out, entry_selector);
    put16(&mut out, 16 * n - search_range);
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in &tables {
        if tag == b"head" {
            head_at = Some(offset + 8);
        }
        out.extend(tag);
        put32(&mut out, checksum(data));
        put32(&mut out, offset as u32);
        put32(&mut out, data.len() as u32);
        offset += data.len().div_ceil(4) * 4;
    }
    for data in tables.values() {
        out.extend(data);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    if let Some(at) = head_at {
        let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out.get_mut(at..at + 4)?
            .copy_from_slice(&adjust.to_be_bytes());
    }
    Some(out)
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut b = [0u8; 4];
        b[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(b))
    })
}

fn put16(v: &mut Vec<u8>, x: u16) {
    v.extend(x.to_be_bytes());
}

fn put32(v: &mut Vec<u8>, x: u32) {
    v.extend(x.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_subset_keeps_the_characters_glyphs() {
        let data = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fonts/fandol/FandolHei-Bold.otf"
        ))
        .expect("the bundled font");
        let font = typst::text::Font::new(typst::foundations::Bytes::new(data), 0)
            .expect("a font")
            .instantiate(
                Default::default(),
                typst::layout::Abs::pt(12.0),
                &Default::default(),
            );
        let mut used = Used::default();
        for c in "总体情况A1".chars() {
            let g = cmap_glyph(font.ttf(), c);
            used.remap(g);
            used.chars.insert(c, g);
        }
        let bytes = subset(&font, &used).expect("subset");
        let remapper = &used.remapper;
        let face = ttf_parser::Face::parse(&bytes, 0).expect("the subset parses");
        assert_eq!(face.number_of_glyphs(), 7);
        for c in "总体情况A1".chars() {
            let new = remapper.get(cmap_glyph(font.ttf(), c)).expect("kept");
            assert_eq!(face.glyph_index(c).map(|g| g.0), Some(new));
            assert!(face.glyph_hor_advance(ttf_parser::GlyphId(new)).is_some());
        }
        assert!(bytes.len() < 20_000, "{} bytes", bytes.len());
    }

    #[test]
    fn a_character_beyond_the_bmp_is_found_through_format_12() {
        let data = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fonts/noto-cjk/GongwenFallbackSerif-Regular.otf"
        ))
        .expect("the bundled fallback font");
        let font = typst::text::Font::new(typst::foundations::Bytes::new(data), 0)
            .expect("a font")
            .instantiate(
                Default::default(),
                typst::layout::Abs::pt(12.0),
                &Default::default(),
            );
        let mut used = Used::default();
        for c in "𠮷堃".chars() {
            let g = cmap_glyph(font.ttf(), c);
            assert_ne!(g, 0, "{c} is in the fallback font");
            used.remap(g);
            used.chars.insert(c, g);
        }
        let bytes = subset(&font, &used).expect("subset");
        let face = ttf_parser::Face::parse(&bytes, 0).expect("the subset parses");
        for c in "𠮷堃".chars() {
            let new = used.remapper.get(cmap_glyph(font.ttf(), c));
            assert_eq!(face.glyph_index(c).map(|g| g.0), new, "{c}");
        }
    }
}
