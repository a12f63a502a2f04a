//! Characters the Fandol faces lack (rare names' 堃 赟 喆 翀 䶮 昇 浉 𠮷): drawn by the bundled
//! fallback faces the layout names per role, the same PDF on every machine, and reported.

use crate::common::*;

fn tmp_out(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("gongwen-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

const RARE: [char; 8] = ['堃', '赟', '喆', '翀', '䶮', '昇', '浉', '𠮷'];

#[test]
fn check_names_each_rare_character_its_role_and_the_face_drawing_it() {
    let report = fixture("rare", "names.toml");
    let o = gongwen(&["check", report.to_str().unwrap(), "--no-system-fonts"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "a fallback is a finding: {err}");
    for c in RARE {
        let line = err
            .lines()
            .find(|l| {
                l.contains(&format!(
                    "`{c}` (U+{:04X}) is not in the `body` face",
                    c as u32
                ))
            })
            .unwrap_or_else(|| panic!("{c} in the body is not reported:\n{err}"));
        assert!(
            line.contains("FandolFang R") && line.contains("Gongwen Fallback Serif draws it"),
            "{line}"
        );
    }
    // The title's 浉 (FandolSong) and the level-1 heading's (FandolHei, a sans: its own fallback).
    assert!(
        err.contains(
            "`浉` (U+6D49) is not in the `title` face FandolSong: Gongwen Fallback Serif draws it"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "`浉` (U+6D49) is not in the `heading1` face FandolHei: Gongwen Fallback Sans draws it"
        ),
        "{err}"
    );
    // Once a role and character, with the count: 浉 stands three times in the body.
    assert_eq!(
        err.matches("`浉` (U+6D49) is not in the `body` face")
            .count(),
        1,
        "{err}"
    );
    assert!(err.contains("here and 2 more times"), "{err}");
    assert!(
        !err.contains("no font can draw"),
        "every one has a face: {err}"
    );
}

#[test]
fn rare_characters_build_the_same_pdf_with_and_without_the_machines_fonts() {
    let report = fixture("rare", "names.toml");
    let mut pdfs = Vec::new();
    for (name, more) in [
        ("rare-system", &[][..]),
        ("rare-bundled", &["--no-system-fonts"][..]),
    ] {
        let out = tmp_out(name);
        let mut args = vec![
            "build",
            report.to_str().unwrap(),
            "--pdf",
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend(more);
        let o = gongwen(&args);
        assert_eq!(o.status.code(), Some(0), "warnings only: {}", stderr(&o));
        pdfs.push(std::fs::read(out.join("names.pdf")).unwrap());
    }
    assert!(pdfs[0] == pdfs[1], "the machine's fonts changed the PDF");
    let text = pdf_text(&pdfs[1]);
    for c in RARE {
        assert!(text.contains(c), "{c} is not in the PDF's text");
    }
    let fonts = embedded_fonts(&pdfs[1]);
    assert!(
        fonts
            .iter()
            .any(|f| f.ends_with("GongwenFallbackSerif-Regular")),
        "{fonts:?}"
    );
    assert!(
        fonts
            .iter()
            .any(|f| f.ends_with("GongwenFallbackSans-Regular")),
        "{fonts:?}"
    );
    assert!(
        fonts
            .iter()
            .all(|f| ["Fandol", "TeXGyreTermes", "GongwenFallback"]
                .iter()
                .any(|k| f.contains(k))),
        "only the layout's faces: {fonts:?}"
    );
}

/// The base font names a PDF embeds (`ABCDEF+Name`).
fn embedded_fonts(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut names: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor"))
        .filter_map(|d| d.get(b"FontName").and_then(|n| n.as_name()).ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    names.sort();
    names.dedup();
    names
}
