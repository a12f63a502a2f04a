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
        let grey = is_grey_icc(o) || o.as_reference().is_ok_and(|r| grey_arrays.contains(&r));
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
