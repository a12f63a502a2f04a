//! The `gongwen import` command on a DOCX: bad input refused, changes printed, tables brought back.

use std::io::{Cursor, Write};
use std::path::Path;

use gongwen::import::docx::{self, Limits};
use zip::write::SimpleFileOptions;

use crate::common::*;
use crate::docx::render;
use crate::docx_import_common::*;

// ---------------------------------------------------------------------------------------------
// Bad input.

/// Runs `gongwen import` on `bytes` written as `name` in a fresh folder; returns the output,
/// standard error and whether anything was written.
fn cli_import(name: &str, bytes: &[u8], more: &[&str]) -> (std::process::Output, String, bool) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::write(&input, bytes).unwrap();
    let out = dir.path().join("report.toml");
    let o = gongwen_import(&input, &out, more);
    let err = stderr(&o);
    (o, err, out.exists())
}

/// Asserts exit 2, nothing written, and that standard error says each of `words`.
fn refused(name: &str, bytes: &[u8], words: &[&str]) {
    let (o, err, written) = cli_import(name, bytes, &[]);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!written, "nothing may be written");
    assert!(err.contains(name), "the file is not named: {err}");
    assert!(err.contains("hint:"), "no hint: {err}");
    for w in words {
        assert!(err.contains(w), "`{w}` is not in: {err}");
    }
}

#[test]
fn bad_docx_files_are_refused_with_the_reason_and_nothing_is_written() {
    refused(
        "text.docx",
        b"just some text",
        &[
            "is plain text, not a Word document (DOCX)",
            "holds no Chinese text",
        ],
    );
    let other = zip_parts(&[("hello.txt".into(), b"hi".to_vec())]);
    refused("other.docx", &other, &["not a DOCX", "word/document.xml"]);
    let good = render(&all_levels());
    let broken = edit_document(&good, |xml| {
        xml.truncate(xml.len() - 40);
    });
    refused(
        "broken.docx",
        &broken,
        &["`word/document.xml`", "malformed XML at line 1, column"],
    );

    // A zip bomb: 300 MB of zeros as the document, about 300 KB zipped.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    w.start_file("word/document.xml", SimpleFileOptions::default())
        .unwrap();
    let mb = vec![0u8; 1 << 20];
    for _ in 0..300 {
        w.write_all(&mb).unwrap();
    }
    let bomb = w.finish().unwrap().into_inner();
    assert!(bomb.len() < 1 << 20);
    refused(
        "bomb.docx",
        &bomb,
        &["inflates to more than 64 MB", "zip bomb"],
    );

    // An existing output is kept without --force.
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("good.docx");
    std::fs::write(&input, &good).unwrap();
    let out = dir.path().join("report.toml");
    std::fs::write(&out, "keep me").unwrap();
    let o = gongwen(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
}

#[test]
fn the_limits_count_entries_and_inflated_bytes_not_declared_sizes() {
    let good = render(&all_levels());
    let few = Limits {
        entries: 3,
        ..Limits::DEFAULT
    };
    let e = docx::read("x.docx", &good, few).unwrap_err();
    assert!(
        e.message.contains("zip entries, more than the 3"),
        "{}",
        e.message
    );
    let small = Limits {
        entry: 1000,
        ..Limits::DEFAULT
    };
    let e = docx::read("x.docx", &good, small).unwrap_err();
    assert!(e.message.contains("this part alone"), "{}", e.message);
    let total = Limits {
        total: 6000,
        ..Limits::DEFAULT
    };
    let e = docx::read("x.docx", &good, total).unwrap_err();
    assert!(e.message.contains("the parts read so far"), "{}", e.message);
}

// ---------------------------------------------------------------------------------------------
// The command.

#[test]
fn the_import_command_brings_a_docx_onto_its_definition_and_prints_the_changes() {
    let base = all_levels();
    let docx = edit_document(&render(&base), |xml| {
        *xml = xml.replace("问题很多，改进措施有力。", "问题很多，改进措施很有力。");
        *xml = xml.replace(
            "<w:r><w:t xml:space=\"preserve\">一是制度完善；二是公开及时。</w:t></w:r>",
            "<w:r><w:t>一是制度完善；</w:t></w:r><w:ins w:id=\"1\" w:author=\"编辑\"><w:r><w:t>二是公开及时。</w:t></w:r></w:ins>",
        );
    });
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("edited.docx");
    std::fs::write(&input, &docx).unwrap();
    let definition = dir.path().join("report.toml");
    std::fs::write(&definition, &base.file.text).unwrap();
    let path = |p: &Path| p.to_str().unwrap().to_string();
    let o = gongwen(&[
        "import",
        &path(&input),
        "--onto",
        &path(&definition),
        "-o",
        &path(&definition),
        "--force",
    ]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}{out}", stderr(&o));
    assert!(
        stderr(&o).contains("note: accepted the tracked changes"),
        "{}",
        stderr(&o)
    );
    assert!(out.contains("changes to"), "{out}");
    assert!(
        out.contains("- text = \"问题很多，改进措施有力。\""),
        "{out}"
    );
    assert!(out.contains("+ 问题很多，改进措施很有力。"), "{out}");
    let updated = std::fs::read_to_string(&definition).unwrap();
    assert_eq!(
        updated,
        base.file.text.replace(
            "text = \"问题很多，改进措施有力。\"",
            "text = '''\n问题很多，改进措施很有力。\n'''"
        )
    );
    let help = gongwen(&["import", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("Tracked changes are accepted"));
}

// ---------------------------------------------------------------------------------------------
// Tables.

#[test]
fn the_import_command_brings_tables_back_fresh_and_onto_the_definition() {
    let bytes = render(&example_tables());
    // Fresh: the tables are written and build; charts and the form's arithmetic are reported.
    let (o, err, written) = cli_import("edited.docx", &bytes, &[]);
    assert!(o.status.success(), "{err}");
    assert!(written);
    assert!(err.contains("a chart is not imported"), "{err}");
    assert!(err.contains("the form's arithmetic"), "{err}");
    // Onto its definition: nothing changes, and the charts and the form are said to be kept.
    let dir = tempfile::tempdir().unwrap();
    let def = dir.path().join("example.toml");
    std::fs::copy(root().join("data/example-tables.toml"), &def).unwrap();
    let (o, err, _) = cli_import("edited.docx", &bytes, &["--onto", def.to_str().unwrap()]);
    assert!(o.status.success(), "{err}");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("no changes"),
        "{err}"
    );
    assert!(
        err.contains("chart `channels` is kept from the definition"),
        "{err}"
    );
    assert!(
        err.contains("table `requests` of the national form is read back cell by cell"),
        "{err}"
    );
    assert!(!err.contains("a chart is not imported"), "{err}");
}
