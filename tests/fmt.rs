//! `gongwen fmt` and the punctuation findings of `check`: GB/T 15834 full-width marks in
//! Chinese text, everything else untouched.

use std::path::{Path, PathBuf};

use crate::common::*;

/// The reference definition with its full-width `，；：（）` made half-width again, as the
/// published web text has them (comment lines as they are), written into `dir`.
fn half_width_reference(dir: &Path) -> PathBuf {
    let full = std::fs::read_to_string(reference_toml()).unwrap();
    let half: String = full
        .split_inclusive('\n')
        .map(|line| {
            if line.starts_with('#') {
                line.to_string()
            } else {
                line.chars()
                    .map(|c| match c {
                        '，' => ',',
                        '；' => ';',
                        '：' => ':',
                        '（' => '(',
                        '）' => ')',
                        c => c,
                    })
                    .collect()
            }
        })
        .collect();
    assert_ne!(half, full);
    let path = dir.join("half.toml");
    std::fs::write(&path, half).unwrap();
    path
}

fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn fmt_restores_the_reference_from_its_half_width_copy() {
    let dir = tempfile::tempdir().unwrap();
    let half = half_width_reference(dir.path());
    let path = half.to_str().unwrap();
    let before = std::fs::read_to_string(&half).unwrap();

    let o = gongwen(&["fmt", path, "--check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let diff = stdout(&o);
    assert!(
        diff.starts_with(&format!(
            "{path}:20\n- 根据《中华人民共和国政府信息公开条例》(以下简称《条例》)的规定,"
        )),
        "{diff}"
    );
    assert!(
        diff.contains("\n+ 根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的规定，"),
        "{diff}"
    );
    assert!(diff.contains(&format!("{path}:27\n- title = \"加强谋划,着力推动信息公开整体工作向前发展。\"\n+ title = \"加强谋划，着力推动信息公开整体工作向前发展。\"")), "{diff}");
    assert!(
        stderr(&o).contains(&format!("run gongwen fmt {path}")),
        "{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read_to_string(&half).unwrap(),
        before,
        "--check writes nothing"
    );

    let o = gongwen(&["fmt", path]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let want = std::fs::read_to_string(reference_toml()).unwrap();
    assert!(
        std::fs::read_to_string(&half).unwrap() == want,
        "fmt restores data/xinxiang-2015.toml byte for byte"
    );
    let o = gongwen(&["fmt", path, "--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn the_reference_is_clean_and_fmt_leaves_it_alone() {
    let path = reference_toml();
    let o = gongwen(&["fmt", path.to_str().unwrap(), "--check"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // Its one finding is the published total that does not add up (845; its parts make 839).
    let p = project(&path);
    assert_eq!(p.breaks().len(), 1);
    assert_eq!(
        p.warnings.len(),
        1,
        "{}",
        gongwen::diag::render_plain(&p.warnings)
    );
}

#[test]
fn check_and_build_warn_of_each_mark_with_its_place_and_never_change_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let half = half_width_reference(dir.path());
    let path = half.to_str().unwrap();
    let o = gongwen(&["check", path, "--no-system-fonts"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "warning: half-width `(` in Chinese text\n   ┌─ {path}:20:20\n"
        )),
        "{err}"
    );
    assert!(err.contains("GB/T 15834 writes `（` here"), "{err}");
    assert!(
        err.contains(&format!("hint: run gongwen fmt {path}")),
        "{err}"
    );
    // the same findings as fmt
    // the first 100 printed, the others counted on one line
    let more: usize = err
        .find(" more warnings of this kind (punctuation)")
        .map(|end| {
            let before = &err[..end];
            before[before.rfind("and ").unwrap() + 4..].parse().unwrap()
        })
        .unwrap_or(0);
    let warned = err.matches("warning: half-width").count() + more;
    let o = gongwen(&["fmt", path, "--check"]);
    assert!(
        stderr(&o).contains(&format!("{path}: {warned} punctuation marks")),
        "{warned}: {}",
        stderr(&o)
    );
    // the build sees them too, and prints the text as written
    let p = project(&half);
    assert_eq!(p.warnings.len(), warned + p.breaks().len());
    let all: String = p.doc.texts().iter().map(|t| t.1).collect();
    assert!(all.contains("条例》(以下简称《条例》)的规定,现公布"));
}

#[test]
fn numbers_times_urls_and_email_of_the_reference_are_untouched() {
    let published = reference_text();
    let fixed = gongwen::punct::normalise(&published);
    for kept in [
        "www.xinxiang.gov.cn",
        "xxzfbgkk@163.com",
        "0373—3696072",
        "450003",
        "94.3%",
        "125.34万元",
        "2015年1月1日",
        "国办发〔2015〕22号",
    ] {
        assert!(published.contains(kept) && fixed.contains(kept), "{kept}");
    }
    assert!(fixed.contains("电话：0373—3696072，电子信箱：xxzfbgkk@163.com）。"));
    // Only the marks change, one for one: no characters added, none removed.
    assert_eq!(published.chars().count(), fixed.chars().count());
    for (a, b) in published.chars().zip(fixed.chars()).filter(|(a, b)| a != b) {
        assert!(
            matches!(
                (a, b),
                (',', '，') | (';', '；') | (':', '：') | ('(', '（') | (')', '）')
            ),
            "{a} → {b}"
        );
    }
}

#[test]
fn fmt_keeps_comments_key_order_and_string_styles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("styles.toml");
    std::fs::copy(fixture("fmt", "styles.toml"), &path).unwrap();
    let o = gongwen(&["fmt", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let got = std::fs::read_to_string(&path).unwrap();
    let want = std::fs::read_to_string(fixture("fmt", "styles.expected.toml")).unwrap();
    assert_eq!(got, want);
    // Literal strings stay literal; metadata is not report text.
    assert!(got.contains("text = '''\n一是完成了1,000项工作；二是比例为1:2等……\n"));
    assert!(got.contains("'审核：李四', 'Editor: Zhang San'"));
    assert!(got.contains("subject = \"年报,摘要\""));
    assert!(project_from(&got).unwrap().warnings.is_empty());
}

#[test]
fn fmt_refuses_what_is_not_toml() {
    let o = gongwen(&[
        "fmt",
        fixture("bad-input", "malformed.toml").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("malformed.toml:2:"), "{}", stderr(&o));
}
