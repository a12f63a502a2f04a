//! The fuzzing harness: mutated report definitions, layouts, texts and DOCX parts go through
//! the builder, both backends (Typst source, not a compile) and the importers (web pages with
//! nesting, spans, entities and charsets among them), and yearbooks. Nothing may
//! panic or abort; every DOCX part of a report that builds is well-formed XML.
//!
//! `cargo test fuzz` runs a few cases per target; `GONGWEN_FUZZ_CASES=N` runs N (the longer
//! run of `benches/fuzz.sh`). A crash becomes a regression test in `tests/hostile.rs`.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use crate::common::*;
use crate::docx_import_common::{unzip, zip_parts};
use crate::docx_read::Package;

/// Pieces the mutator inserts: TOML and XML syntax, numbers at the edges, controls, markup.
const PIECES: &[&str] = &[
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "'''",
    "\n",
    "=",
    ",",
    ".",
    "-",
    "(",
    ")",
    "<",
    ">",
    "&",
    "/",
    "\u{1}",
    "\\u0000",
    "\\n",
    "\u{FFFE}",
    "\u{2028}",
    "#",
    "0",
    "1e300",
    "-1",
    "4294967295",
    "18446744073709551615",
    "99999999999999999999999",
    "一、",
    "（一）",
    "1.",
    "，",
    "。",
    "\n[[section]]\ntitle = \"x\"\n",
    "\n[[section.section.section.section.section]]\ntitle = \"x\"\n",
    "{table:t}",
    "{chart:c}",
    "{a.b}",
    "{{",
    "}}",
    "run-in = true\n",
    "text = '''\n",
    "\n[table.t]\ncolumns = [\"a\"]\nrows = [[{ text = \"x\", cols = 4294967295 }]]\n",
    "\n[figures.a]\nb = { expr = \"((((1))))\" }\n",
    "<w:p>",
    "</w:p>",
    "<w:tbl>",
    "</w:tbl>",
    "w:val=\"4294967295\"",
    "<w:gridSpan w:val=\"100000000\"/>",
    "<w:sdt>",
    "<![CDATA[",
    "#panic(\"X\")",
    "\t",
    "——",
    "（三）",
    "三.六",
    "\n[[form.replace]]\ntable = \"requests\"\nrows = [\"三.六.1\"]\nby = [{ key = \"三.六\" }]\n",
    "<td rowspan=\"9\">",
    "</tr><tr>",
];

/// Cases per target.
fn cases() -> u32 {
    std::env::var("GONGWEN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24)
}

/// A runner with a fixed seed (a CI run is repeatable), or the seed in `GONGWEN_FUZZ_SEED`.
fn runner() -> TestRunner {
    let seed: u64 = std::env::var("GONGWEN_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(9704);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

/// An edit at a relative place: delete some characters, insert a piece, or both.
fn edits() -> impl Strategy<Value = Vec<(f64, usize, usize)>> {
    prop::collection::vec((0.0..1.0f64, 0..4usize, 0..PIECES.len()), 1..6)
}

fn mutate(text: &str, edits: &[(f64, usize, usize)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(at, delete, piece) in edits {
        let i = ((chars.len() as f64) * at) as usize;
        let end = (i + delete).min(chars.len());
        chars.splice(i..end, PIECES[piece].chars());
    }
    chars.into_iter().collect()
}

/// Every DOCX part is well-formed XML.
fn assert_well_formed(docx: &[u8]) {
    let pkg = Package::read(docx);
    for name in &pkg.order {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            roxmltree::Document::parse(pkg.part(name))
                .unwrap_or_else(|e| panic!("{name} is not well-formed: {e}"));
        }
    }
}

/// A report built: its DOCX well-formed, its Typst source made.
fn through_backends(text: &str) {
    if let Ok(p) = project_from(text) {
        // A report with charts needs their pictures first (the CLI draws them): an error here.
        if let Ok(docx) = gongwen::docx::render(&p.doc, &p.layout) {
            assert_well_formed(&docx);
        }
        source(&p);
    }
}

/// The Typst source, when the bundled fonts serve the layout's roles (a mutated layout may
/// name no font that exists: an error the CLI reports).
fn source(p: &gongwen::builder::Project) {
    if let Ok(plan) = gongwen::typst::FontPlan::new(&p.layout, fonts()) {
        let _ = gongwen::typst::emit(&p.doc, &p.layout, &plan);
    }
}

fn sources() -> &'static [String] {
    static S: OnceLock<Vec<String>> = OnceLock::new();
    S.get_or_init(|| {
        [
            "data/xinxiang-2015.toml",
            "tests/fixtures/tables/report.toml",
            "tests/fixtures/figures/report.toml",
            "tests/fixtures/forms-2019-blank/report.toml",
            "tests/fixtures/forms-2021-breaks/report.toml",
        ]
        .iter()
        .filter_map(|p| std::fs::read_to_string(root().join(p)).ok())
        .collect()
    })
}

#[test]
fn fuzz_report_definitions_through_both_backends() {
    let n = sources().len();
    runner()
        .run(&(0..n, edits()), |(i, e)| {
            through_backends(&mutate(&sources()[i], &e));
            Ok(())
        })
        .unwrap();
}

#[test]
fn fuzz_layouts() {
    let layout = std::fs::read_to_string(root().join("layouts/gbt9704.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let report = "[report]\ntitle = \"版式测试\"\noffice = \"测试办公室\"\nlayout = \"l.toml\"\n\n[opening]\ntext = \"正文。\"\n\n[[section]]\ntitle = \"概述\"\ntext = \"内容。\"\n";
    runner()
        .run(&edits(), |e| {
            std::fs::write(dir.path().join("l.toml"), mutate(&layout, &e)).unwrap();
            let file = gongwen::diag::SourceFile::new(
                "r.toml".into(),
                &dir.path().join("r.toml"),
                report.into(),
            );
            if let Ok(p) = gongwen::builder::from_source(file, dir.path().to_path_buf()) {
                let docx = gongwen::docx::render(&p.doc, &p.layout).expect("renders");
                assert_well_formed(&docx);
                source(&p);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn fuzz_text_import() {
    let text = reference_text();
    runner()
        .run(&edits(), |e| {
            let file = gongwen::diag::SourceFile::new(
                "r.txt".into(),
                std::path::Path::new("r.txt"),
                mutate(&text, &e),
            );
            let imported = gongwen::import::text::recognise(&file, "", "");
            let toml = gongwen::import::to_toml(&imported.outline, "");
            through_backends(&toml);
            Ok(())
        })
        .unwrap();
}

#[test]
fn fuzz_form_intake() {
    // The national form from a web page, a variant page and their text copy, through the
    // whole intake (readers, recogniser, the form reader) and both backends.
    let files = ["form.html", "form-variant.html", "form-copy.txt"];
    let texts: Vec<String> = files
        .iter()
        .map(|f| std::fs::read_to_string(fixture("office", f)).unwrap())
        .collect();
    runner()
        .run(&(0..files.len(), edits()), |(i, e)| {
            let bytes = mutate(&texts[i], &e).into_bytes();
            let path = std::path::Path::new(files[i]);
            if let Ok(s) = gongwen::import::submission::read(
                path,
                files[i],
                &bytes,
                None,
                None,
                &Default::default(),
            ) {
                through_backends(&gongwen::import::to_toml(&s.outline, ""));
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn fuzz_docx_import() {
    let p = project(&reference_toml());
    let docx = gongwen::docx::render(&p.doc, &p.layout).unwrap();
    let parts = unzip(&docx);
    let xml: Vec<usize> = (0..parts.len())
        .filter(|&i| parts[i].0.ends_with(".xml"))
        .collect();
    runner()
        .run(&(0..xml.len(), edits()), |(k, e)| {
            let mut parts = parts.clone();
            let part = &mut parts[xml[k]].1;
            *part = mutate(&String::from_utf8_lossy(part), &e).into_bytes();
            let bytes = zip_parts(&parts);
            if let Ok(imported) = gongwen::import::docx::read("f.docx", &bytes, Default::default())
            {
                let toml = gongwen::import::to_toml(&imported.outline, "");
                through_backends(&toml);
            }
            Ok(())
        })
        .unwrap();
}

/// Pieces of web pages: nesting, spans, entities, charsets, bytes that are no character.
const HTML_PIECES: &[&[u8]] = &[
    b"<b>",
    b"</b>",
    b"<ul><li>",
    b"<li>",
    b"<div>",
    b"</div>",
    b"<p>",
    b"<table><tr><td>",
    b"<td colspan=\"1000\" rowspan=\"1000\">",
    b"<td colspan=\"0\" rowspan=\"-1\">",
    b"<th colspan=\"4294967296\">",
    b"</td></tr><tr>",
    b"</table>",
    b"&amp;",
    b"&#x1;",
    b"&#xFFFE;",
    b"&#99999999;",
    b"&nbsp;",
    b"&lt;script&gt;",
    b"<meta charset=\"gbk\">",
    b"<meta charset=\"utf-16\">",
    b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\">",
    b"\xff\xfe",
    b"\xc3",
    b"\xe4\xb8",
    b"<script>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"<h1>",
    b"</h1>",
    b"\xe4\xb8\x80\xe3\x80\x81",
    b"<br>",
    b"<svg><foreignObject>",
    b"<math><mi>",
    b"<template>",
    b"<select><option>",
];

/// An edit of a web page's bytes: at a relative place, delete some bytes and insert a piece
/// repeated 1 to 3,000 times (deep nesting, long runs of spans).
fn html_edits() -> impl Strategy<Value = Vec<(f64, usize, usize, usize)>> {
    let times = prop::sample::select(vec![1usize, 2, 7, 60, 250, 3000]);
    prop::collection::vec((0.0..1.0f64, 0..4usize, 0..HTML_PIECES.len(), times), 1..6)
}

fn mutate_bytes(bytes: &[u8], edits: &[(f64, usize, usize, usize)]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for &(at, delete, piece, times) in edits {
        let i = ((out.len() as f64) * at) as usize;
        let end = (i + delete).min(out.len());
        out.splice(i..end, HTML_PIECES[piece].repeat(times));
    }
    out
}

/// Web pages, mutated with nesting, spans, entities and charsets, through the intake (the
/// HTML reader, its limits, the recogniser) and both backends; what import would write
/// passes the limits check does.
#[test]
fn fuzz_html_import() {
    let page = std::fs::read(fixture("office", "form.html")).unwrap();
    let small = b"<html><head><meta charset=\"utf-8\"><title>\xe6\x9f\x90\xe5\x8e\xbf\xe6\x8a\xa5\xe5\x91\x8a</title></head><body><div><h1>\xe5\x85\xb3\xe4\xba\x8e\xe6\xb5\x8b\xe8\xaf\x95\xe7\x9a\x84\xe6\x8a\xa5\xe5\x91\x8a</h1><p>\xe6\xad\xa3\xe6\x96\x87\xe3\x80\x82</p><table><tr><td>1</td><td>2</td></tr></table></div></body></html>".to_vec();
    let pages = [page, small];
    runner()
        .run(&(0..pages.len(), html_edits()), |(i, e)| {
            let bytes = mutate_bytes(&pages[i], &e);
            let path = std::path::Path::new("p.html");
            if let Ok(s) = gongwen::import::submission::read(
                path,
                "p.html",
                &bytes,
                None,
                None,
                &Default::default(),
            ) && gongwen::import::limits::tables("p.html", &s.outline).is_empty()
            {
                // As `import` does: a table over the limits is refused before its TOML is made.
                let toml = gongwen::import::to_toml(&s.outline, "");
                let written = gongwen::diag::SourceFile::new("p.toml".into(), path, toml.clone());
                if gongwen::import::limits::text("p.html", &written).is_empty() {
                    through_backends(&toml);
                }
            }
            Ok(())
        })
        .unwrap();
}

/// Yearbooks, mutated (parts, globs, paths out of the folder, dates, print, cover), opened and
/// bound with their members, and the book through both backends.
#[test]
fn fuzz_yearbooks() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = root().join("tests/fixtures/yearbook-tables");
    std::fs::create_dir_all(dir.path().join("reports")).unwrap();
    std::fs::copy(fixtures.join("good.toml"), dir.path().join("good.toml")).unwrap();
    std::fs::copy(
        fixtures.join("good.toml"),
        dir.path().join("reports/a.toml"),
    )
    .unwrap();
    std::fs::copy(
        fixtures.join("tables.toml"),
        dir.path().join("reports/b.toml"),
    )
    .unwrap();
    let book = "[yearbook]\ntitle = \"含表格的汇编\"\nyear = 2021\noffice = \"示例市人民政府办公室\"\ndate = 2022-03-31\n\n[preface]\ntitle = \"前言\"\ntext = \"\"\"\n本汇编收录各单位报告。\n\"\"\"\n\n[print]\npad-to = 4\n\n[cover]\nspine = \"汇编\"\nback = \"示例\"\n\n[[part]]\ntitle = \"市级\"\nreports = [\"good.toml\"]\n\n[[part]]\ntitle = \"县区\"\nreports = [\"reports/*.toml\"]\n";
    let pieces = [
        "reports/*.toml",
        "\"../x.toml\", ",
        "\"/etc/passwd\", ",
        "../",
        "/",
        "\"yearbook.toml\"",
        "[[part]]\ntitle = \"x\"\nreports = []\n",
        "**",
        "[",
        "2022-13-45",
        "1979-05-27T07:32:00Z",
        "\\u0000",
        "\n",
        "\"",
        "pad-to = 3\n",
        "bleed = \"-5mm\"\n",
        "layout = \"gbt9704\"\n",
        "layout = \"none.toml\"\n",
        "\"good.toml\", ",
        "\"reports/a.toml\", ",
        "\"reports/?.toml\", ",
        "\"reports/[ab].toml\", ",
        "\"./reports/b.toml\", ",
        "\"reports\", ",
        "\"reports/\", ",
        "县",
        "\u{200b}",
        "\n[[part]]\ntitle = \"又一部分\"\nreports = [\"reports/b.toml\"]\n",
    ];
    let path = dir.path().join("yearbook.toml");
    std::fs::write(&path, book).unwrap();
    if let Err(e) = gongwen::book::load(&path) {
        panic!(
            "the unmutated yearbook: {}",
            gongwen::diag::render_plain(&e)
        );
    }
    let bound = std::sync::atomic::AtomicUsize::new(0);
    runner()
        .run(
            &prop::collection::vec((0.0..1.0f64, 0..2usize, 0..pieces.len()), 1..4),
            |e| {
                // A path goes into a list of reports, a key or table to a line's start, other
                // pieces anywhere (most then break the TOML: the parser's errors).
                let mut chars: Vec<char> = book.chars().collect();
                for &(at, delete, piece) in &e {
                    let p = pieces[piece];
                    let mut i = ((chars.len() as f64) * at) as usize;
                    let text: String = chars.iter().collect();
                    let byte = text.char_indices().nth(i).map_or(text.len(), |(b, _)| b);
                    let snap = |needle: &str| {
                        text[byte..]
                            .find(needle)
                            .map(|f| byte + f)
                            .or_else(|| text.find(needle))
                            .map(|b| text[..b + needle.len()].chars().count())
                    };
                    let delete = if p.starts_with('"') && p.ends_with(", ") {
                        i = snap("reports = [").unwrap_or(i);
                        0
                    } else if p.ends_with('\n') {
                        i = snap("\n").unwrap_or(i);
                        0
                    } else {
                        delete
                    };
                    let end = (i + delete).min(chars.len());
                    chars.splice(i..end, p.chars());
                }
                let text: String = chars.into_iter().collect();
                std::fs::write(&path, &text).unwrap();
                if let Ok(b) = gongwen::book::load(&path)
                    && let Ok(plan) = gongwen::typst::FontPlan::new(&b.layout, fonts())
                {
                    bound.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let _ = gongwen::typst::emit_book(&b.book, &b.layout, &plan);
                    if let Ok(docx) = gongwen::docx::render_book(&b.book, &b.layout, &[]) {
                        assert_well_formed(&docx);
                    }
                }
                Ok(())
            },
        )
        .unwrap();
    // The mutations must leave some yearbooks whole, or the target tests only the parser.
    let bound = bound.into_inner();
    eprintln!("fuzz_yearbooks: {bound} of {} yearbooks bound", cases());
    assert!(bound > 0, "no mutated yearbook was bound");
}
