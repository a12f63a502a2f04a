//! Reading a text file whatever its usual Chinese encoding: UTF-8, UTF-16 with a BOM, GB 18030.

use crate::diag::Diagnostic;

/// Decodes a text file: UTF-8 (a BOM is dropped), UTF-16 with a BOM, or else GB 18030 with a
/// warning. A file that is none of these is an error naming it.
pub fn decode(name: &str, bytes: &[u8]) -> Result<(String, Option<Diagnostic>), Diagnostic> {
    let iconv = format!("iconv -f GB18030 -t UTF-8 {name} > utf8.txt");
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(Diagnostic::error(format!(
                "{name} starts with a {} byte-order mark but is not {0} text",
                encoding.name()
            ))
            .hint("save it again as UTF-8 text"));
        }
        let note = (encoding != encoding_rs::UTF_8).then(|| {
            Diagnostic::warning(format!(
                "{name} is {} text; read it as such",
                encoding.name()
            ))
            .hint("UTF-8 is the usual encoding for text files")
        });
        return Ok((text.into_owned(), note));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), None));
    }
    let gb = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes);
    match gb {
        Some(text) if text.chars().any(|c| c >= '\u{4E00}') && !has_controls(&text) => Ok((
            text.into_owned(),
            Some(
                Diagnostic::warning(format!("{name} is not UTF-8; read it as GB 18030 (GBK)"))
                    .hint("check a few lines of the result for wrong characters")
                    .hint(format!("to keep a UTF-8 copy: {iconv}")),
            ),
        )),
        _ => {
            let at = std::str::from_utf8(bytes)
                .err()
                .map_or(0, |e| e.valid_up_to());
            Err(Diagnostic::error(format!(
                "{name} is neither UTF-8 nor GB 18030 text (invalid byte at offset {at})"
            ))
            .hint(format!(
                "convert it to UTF-8 first, e.g. {iconv} (name its encoding after -f)"
            )))
        }
    }
}

fn has_controls(s: &str) -> bool {
    s.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_utf8_bom_gb18030_and_garbage() {
        let (t, w) = decode("a.txt", "\u{FEFF}一、甲".as_bytes()).unwrap();
        assert_eq!((t.as_str(), w.is_none()), ("一、甲", true));
        let (gb, _, _) = encoding_rs::GB18030.encode("一、基本情况概述\n（一）申请情况。");
        let (t, w) = decode("a.txt", &gb).unwrap();
        assert_eq!(t, "一、基本情况概述\n（一）申请情况。");
        assert!(w.unwrap().message.contains("GB 18030"));
        let e = decode("a.txt", &[0xFF, 0xFE, 0xFF, 0x00, 0xD8])
            .map(|_| ())
            .unwrap_err();
        let e2 = decode("b.txt", &[0x80, 0x81, 0xFF, 0x20]).unwrap_err();
        assert!(
            e.message.contains("a.txt") && e.message.contains("UTF-16LE"),
            "{e:?}"
        );
        assert!(
            e2.message.contains("b.txt") && e2.hints[0].contains("iconv -f GB18030 -t UTF-8"),
            "{e2:?}"
        );
    }
}
