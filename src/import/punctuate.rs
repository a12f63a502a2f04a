//! GB/T 15834 punctuation applied on import, to the same strings `gongwen fmt` normalises
//! (title, office, opening, headings and paragraphs, signature, closing lines; not tables).

use super::{Outline, OutlineSection};

/// Normalises the punctuation of `o` as [`crate::punct::normalise`] does; the marks changed.
pub fn outline(o: &mut Outline) -> usize {
    let mut n = 0;
    let mut fix = |s: &mut String| {
        let fixes = crate::punct::fixes(s);
        if !fixes.is_empty() {
            n += fixes.len();
            *s = crate::punct::apply(s, &fixes);
        }
    };
    o.title.iter_mut().for_each(&mut fix);
    fix(&mut o.office);
    o.opening.iter_mut().for_each(&mut fix);
    fn sections(list: &mut [OutlineSection], fix: &mut dyn FnMut(&mut String)) {
        for s in list {
            fix(&mut s.title);
            s.paragraphs.iter_mut().for_each(&mut *fix);
            sections(&mut s.sections, fix);
        }
    }
    sections(&mut o.sections, &mut fix);
    o.signature.iter_mut().for_each(&mut fix);
    o.closing_lines.iter_mut().for_each(&mut fix);
    n
}

#[cfg(test)]
mod tests {
    #[test]
    fn half_width_marks_in_chinese_text_are_made_full_width_and_counted() {
        let mut o = super::Outline {
            opening: vec!["根据规定,三亚市公开了网站(http://www.sanya.gov.cn)的信息。".into()],
            ..Default::default()
        };
        assert_eq!(super::outline(&mut o), 3);
        assert_eq!(
            o.opening[0],
            "根据规定，三亚市公开了网站（http://www.sanya.gov.cn）的信息。"
        );
    }
}
