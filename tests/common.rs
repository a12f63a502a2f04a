//! Helpers shared by the test modules: paths, building reports, reading PDFs and DOCX files.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use gongwen::builder::Project;
use gongwen::typst::{FontOptions, FontPlan, Fonts, PdfSettings};

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture file: tests/fixtures/<case>/<file>.
pub fn fixture(case: &str, file: &str) -> PathBuf {
    root().join("tests/fixtures").join(case).join(file)
}

/// The reference report definition.
pub fn reference_toml() -> PathBuf {
    root().join("data/xinxiang-2015.toml")
}

/// The published reference text (in the repository's shared folder beside it, else the copy
/// under tests/fixtures).
pub fn reference_text() -> String {
    let shared = root().join("../shared/reference/xinxiang-2015.txt");
    let local = fixture("reference", "xinxiang-2015.txt");
    let path = if local.exists() { local } else { shared };
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The bundled fonts only, loaded once: tests never depend on what the machine has installed.
pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        Fonts::load(&FontOptions {
            system: false,
            paths: Vec::new(),
        })
    })
}

/// Builds a report definition file into a project, panicking with the rendered diagnostics.
pub fn project(path: &Path) -> Project {
    gongwen::builder::load(path).unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)))
}

/// Builds report text (as if at `dir/report.toml`) into a project.
pub fn project_from(text: &str) -> Result<Project, String> {
    let file =
        gongwen::diag::SourceFile::new("report.toml".into(), Path::new("report.toml"), text.into());
    gongwen::builder::from_source(file, root()).map_err(|d| gongwen::diag::render_plain(&d))
}

/// The Typst source of a project with the bundled fonts.
pub fn typst_source(p: &Project) -> String {
    let plan = FontPlan::new(&p.layout, fonts()).expect("bundled fonts serve every role");
    gongwen::typst::emit(&p.doc, &p.layout, &plan)
}

/// The PDF of a project with the bundled fonts.
pub fn pdf(p: &Project) -> Vec<u8> {
    let source = typst_source(p);
    let settings = PdfSettings {
        profile: Default::default(),
        ident: "test".into(),
    };
    gongwen::typst::compile(
        source,
        "test.typ",
        &p.root,
        fonts(),
        p.doc.meta.date,
        &settings,
    )
    .unwrap_or_else(|d| panic!("{}", gongwen::diag::render_plain(&d)))
    .bytes
}

/// The text of a PDF, read with a Rust PDF reader.
pub fn pdf_text(bytes: &[u8]) -> String {
    pdf_extract::extract_text_from_mem(bytes).expect("the PDF can be read")
}

/// NFKC, no whitespace, no `— N —` page numbers: how texts are compared.
pub fn normalize(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let s: String = s.nfkc().filter(|c| !c.is_whitespace()).collect();
    strip_page_numbers(&s)
}

fn strip_page_numbers(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '—' {
            let mut j = i + 1;
            while j < chars.len() && chars[j].is_ascii_digit() && j - i <= 4 {
                j += 1;
            }
            if j > i + 1 && j < chars.len() && chars[j] == '—' {
                i = j + 1;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// Runs the gongwen binary.
pub fn gongwen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Runs `gongwen import INPUT -o OUT` with more arguments.
pub fn gongwen_import(input: &Path, out: &Path, more: &[&str]) -> Output {
    let mut args = vec![
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(more);
    gongwen(&args)
}

/// Standard error of a run, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Whether goldens are being re-blessed (GONGWEN_BLESS=1).
pub fn blessing() -> bool {
    std::env::var_os("GONGWEN_BLESS").is_some_and(|v| v != "0")
}

/// Compares `actual` with the golden file tests/golden/<case>/<name>, or rewrites it when
/// blessing.
pub fn golden(case: &str, name: &str, actual: &str) {
    let path = root().join("tests/golden").join(case).join(name);
    if blessing() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no golden {}: run with GONGWEN_BLESS=1 to write it",
            path.display()
        )
    });
    if want != actual {
        let line = want
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{} differs from the output at line {}:\n  golden: {}\n  actual: {}\n(re-bless with GONGWEN_BLESS=1 if the change is intended)",
            path.display(),
            line + 1,
            want.lines().nth(line).unwrap_or(""),
            actual.lines().nth(line).unwrap_or("")
        );
    }
}

/// Each page's text of a PDF, whitespace removed.
pub fn pages(pdf: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(pdf)
        .unwrap()
        .iter()
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

/// The page number printed at the foot of a page (`—N—` at the end of its text).
pub fn printed_number(page: &str) -> Option<u32> {
    let rest = page.strip_suffix('—')?;
    let start = rest.rfind('—')?;
    rest[start + '—'.len_utf8()..].parse().ok()
}

/// Builds the PDF of `definition` into `out` (findings allowed, not errors); the PDF's path.
pub fn build_pdf(definition: &Path, out: &Path) -> PathBuf {
    let o = gongwen(&[
        "build",
        definition.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--pdf",
        "-q",
    ]);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{} builds: {}",
        definition.display(),
        stderr(&o)
    );
    out.join(format!(
        "{}.pdf",
        definition.file_stem().unwrap().to_string_lossy()
    ))
}
