//! The reference report: the PDF carries the published text word for word, with its headings.

use crate::common::*;

#[test]
fn reference_pdf_carries_the_published_text_word_for_word() {
    let p = project(&reference_toml());
    let text = normalize(&pdf_text(&pdf(&p)));
    let reference = normalize(&reference_text());
    let at = text.find(&reference).unwrap_or_else(|| {
        let common = text
            .chars()
            .zip(reference.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let ctx: String = reference
            .chars()
            .skip(common.saturating_sub(10))
            .take(30)
            .collect();
        let got: String = text
            .chars()
            .skip(common.saturating_sub(10))
            .take(30)
            .collect();
        panic!(
            "the reference text is not in the PDF; first difference near {ctx:?} (PDF has {got:?})"
        )
    });
    let outside = text.chars().count() - reference.chars().count();
    // Only the title stands outside the reference run.
    let title = normalize(&p.doc.meta.title);
    assert!(
        text[..at].ends_with(&title) || text.starts_with(&title),
        "the title opens the PDF"
    );
    assert_eq!(
        outside,
        title.chars().count(),
        "nothing but the title outside the reference text"
    );
}

#[test]
fn reference_headings_follow_the_published_numbering() {
    let p = project(&reference_toml());
    let heads: Vec<String> = p.doc.headings().map(|h| h.number.clone()).collect();
    let level1: Vec<&str> = p
        .doc
        .headings()
        .filter(|h| h.level == 1)
        .map(|h| h.number.as_str())
        .collect();
    assert_eq!(
        level1,
        [
            "一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、"
        ]
    );
    // Each heading's number and title stands in the published text, one paragraph a line.
    let reference = normalize(&reference_text());
    for h in p.doc.headings() {
        assert!(
            reference.contains(&normalize(&h.text())),
            "{} is not in the reference",
            h.text()
        );
    }
    let level3: Vec<&str> = p
        .doc
        .headings()
        .filter(|h| h.level == 3)
        .map(|h| h.number.as_str())
        .collect();
    assert_eq!(level3.first(), Some(&"1、"));
    assert_eq!(level3.last(), Some(&"10、"));
    assert_eq!(heads.len(), 9 + 12 + 10);
}
