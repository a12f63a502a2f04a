//! K-only: Typst writes every grey (text, rules, the form's lines, a one-colour chart) in an
//! ICC-based grey, which a colour-managed RIP may print as four-colour black. Each such colour
//! space is made DeviceGray — the black plate alone — where it is declared (resources, groups,
//! images), so the content streams stay byte for byte as Typst wrote them.

use lopdf::{Document, Object, ObjectId};

/// Replaces every ICC-based one-component colour space of `doc` by `/DeviceGray`; returns how
/// many places were changed.
pub fn device_gray(doc: &mut Document) -> usize {
    let grey_profiles: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| {
            let s = o.as_stream().ok()?;
            (s.dict.get(b"N").and_then(Object::as_i64).ok() == Some(1)).then_some(*id)
        })
        .collect();
    let is_grey_icc = |o: &Object| match o {
        Object::Array(a) => {
            a.len() == 2
                && a[0].as_name().ok() == Some(b"ICCBased".as_slice())
                && a[1]
                    .as_reference()
                    .is_ok_and(|r| grey_profiles.contains(&r))
        }
        _ => false,
    };
    let grey_arrays: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter_map(|(id, o)| is_grey_icc(o).then_some(*id))
        .collect();
    let mut changed = 0;
    let replace = |o: &mut Object, changed: &mut usize| {
        let grey = is_grey_icc(o)
            || o.as_reference()
                .is_ok_and(|r| grey_arrays.contains(&r));
        if grey {
            *o = Object::Name(b"DeviceGray".to_vec());
            *changed += 1;
        }
    };
    for object in doc.objects.values_mut() {
        walk(object, &mut |o| replace(o, &mut changed));
    }
    changed
}

/// Calls `f` on every value held in a dictionary or array, depth first; never on a top-level
/// object itself (an indirect colour space array stays, unreferenced, for pruning).
fn walk(object: &mut Object, f: &mut dyn FnMut(&mut Object)) {
    let children: Vec<&mut Object> = match object {
        Object::Dictionary(d) => d.iter_mut().map(|(_, v)| v).collect(),
        Object::Stream(s) => s.dict.iter_mut().map(|(_, v)| v).collect(),
        Object::Array(a) => a.iter_mut().collect(),
        _ => return,
    };
    for child in children {
        f(child);
        walk(child, f);
    }
}

/// How many colour spaces of `doc` are RGB (device or ICC-based, three components) and are
/// named in a resource dictionary's `ColorSpace` or a transparency group: what a one-colour
/// print must not have.
pub fn rgb_spaces(doc: &Document) -> usize {
    let is_rgb = |o: &Object| -> bool {
        let o = doc.dereference(o).map(|(_, o)| o).unwrap_or(o);
        match o {
            Object::Name(n) => n == b"DeviceRGB" || n == b"CalRGB",
            Object::Array(a) => match a.first().and_then(|h| h.as_name().ok()) {
                Some(b"ICCBased") => a
                    .get(1)
                    .and_then(|p| doc.dereference(p).ok())
                    .and_then(|(_, p)| p.as_stream().ok())
                    .and_then(|s| s.dict.get(b"N").and_then(Object::as_i64).ok())
                    == Some(3),
                Some(b"CalRGB") => true,
                _ => false,
            },
            _ => false,
        }
    };
    let mut n = 0;
    for o in doc.objects.values() {
        let dict = match o {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        let mut look = |d: &lopdf::Dictionary| {
            if let Ok(spaces) = d
                .get(b"ColorSpace")
                .and_then(|c| doc.dereference(c))
                .and_then(|(_, c)| c.as_dict())
            {
                n += spaces.iter().filter(|(_, v)| is_rgb(v)).count();
            }
        };
        if let Ok(res) = dict
            .get(b"Resources")
            .and_then(|r| doc.dereference(r))
            .and_then(|(_, r)| r.as_dict())
        {
            look(res);
        }
        if let Ok(cs) = dict
            .get(b"Group")
            .and_then(|g| doc.dereference(g))
            .and_then(|(_, g)| g.as_dict())
            .and_then(|g| g.get(b"CS"))
            && is_rgb(cs)
        {
            n += 1;
        }
    }
    n
}
