//! The batch's record for the clerk: `intake.json`, one entry per file received — imported,
//! a duplicate of another, or refused with the reason — and the same report sent twice told
//! apart (the same title, office and year, or the same text).

use std::collections::HashMap;
use std::path::Path;
use std::time::SystemTime;

use gongwen::diag::{Diagnostic, Severity};
use gongwen::import::submission::Submission;
use serde::Serialize;

use super::batch::Done;

/// The record's file name in the output folder.
pub const FILE: &str = "intake.json";

/// What came of one file.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Read into a definition and bound.
    Imported,
    /// The same report as another file, which is bound instead.
    Duplicate,
    /// Not read, or its definition does not build.
    Refused,
}

/// One file's entry.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// The file, relative to the folder named (else as named).
    pub file: String,
    /// Its fate.
    pub status: Status,
    /// The definition written, relative to the output folder.
    pub definition: Option<String>,
    /// The file it duplicates (as `file` names it).
    pub duplicate_of: Option<String>,
    /// Why it was refused, or is a duplicate, with the fix.
    pub reason: Option<String>,
    /// What the clerk should look at: the import's warnings and notes, each with its hints.
    pub warnings: Vec<String>,
}

impl Entry {
    /// An entry for `file`, refused until told otherwise.
    pub fn new(file: &str) -> Entry {
        Entry {
            file: file.to_string(),
            status: Status::Refused,
            definition: None,
            duplicate_of: None,
            reason: None,
            warnings: Vec::new(),
        }
    }

    /// Imported into `definition`.
    pub fn imported(&mut self, definition: &Path, s: &Submission) {
        self.status = Status::Imported;
        self.definition = Some(definition.to_string_lossy().into_owned());
        self.warnings = s.warnings.iter().map(line).collect();
    }

    /// Read, but its definition (written to `definition`) does not build.
    pub fn unbuilt(&mut self, definition: &Path, s: &Submission, why: &str, errors: &[Diagnostic]) {
        self.definition = Some(definition.to_string_lossy().into_owned());
        self.reason = Some(format!(
            "{why}: {}; fix the definition, then bind it by hand",
            errors.first().map_or("", |e| e.message.as_str())
        ));
        self.warnings = s.warnings.iter().map(line).collect();
    }

    /// The same report as `of`.
    pub fn duplicate(&mut self, of: &str, s: &Submission) {
        self.status = Status::Duplicate;
        self.duplicate_of = Some(of.to_string());
        self.reason = Some(format!(
            "the same report as {of} (the same title, office and year, or the same text); {of} is bound, this one is not — if both are wanted, import again with --keep-duplicates"
        ));
        self.warnings = s.warnings.iter().map(line).collect();
    }

    /// Refused for `why`.
    pub fn refused(&mut self, why: &Diagnostic) {
        self.reason = Some(line(why));
    }
}

/// A diagnostic as one line: severity, message, hints.
fn line(d: &Diagnostic) -> String {
    let mut s = match d.severity {
        Severity::Note => format!("note: {}", d.message),
        Severity::Error => d.message.clone(),
        _ => format!("warning: {}", d.message),
    };
    for h in &d.hints {
        s.push_str(" — hint: ");
        s.push_str(h);
    }
    s.replace('\n', " ")
}

/// The record as JSON.
pub fn json(entries: &[Entry]) -> String {
    serde_json::to_string_pretty(&serde_json::json!({ "files": entries }))
        .expect("the intake is JSON")
        + "\n"
}

/// For each file, the one it duplicates (an index into `done`), if any: files read alike by
/// title, office and year, or by their text, are one group, bound once — the one named 最终版 or
/// 定稿, else the newest, else the first in name order.
pub fn duplicates(done: &[Done], shown: &[String]) -> Vec<Option<usize>> {
    let n = done.len();
    let mut group: Vec<usize> = (0..n).collect();
    fn root(g: &mut [usize], i: usize) -> usize {
        let mut i = i;
        while g[i] != i {
            g[i] = g[g[i]];
            i = g[i];
        }
        i
    }
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for (i, d) in done.iter().enumerate() {
        let Ok((s, _, _)) = &d.result else { continue };
        let o = &s.outline;
        let mut keys = vec![format!("text\u{0}{}", gongwen::import::to_toml(o, ""))];
        let title = o.title.concat();
        if let Some(year) = year(&title).filter(|_| !o.office.trim().is_empty()) {
            keys.push(format!(
                "named\u{0}{title}\u{0}{}\u{0}{year}",
                o.office.trim()
            ));
        }
        for k in keys {
            match by_key.get(&k) {
                Some(&j) => {
                    let (a, b) = (root(&mut group, i), root(&mut group, j));
                    group[a] = b;
                }
                None => {
                    by_key.insert(k, i);
                }
            }
        }
    }
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, d) in done.iter().enumerate() {
        if d.result.is_ok() {
            members.entry(root(&mut group, i)).or_default().push(i);
        }
    }
    let mut out = vec![None; n];
    for list in members.values().filter(|l| l.len() > 1) {
        let kept = *list
            .iter()
            .max_by_key(|&&i| {
                let final_ = ["最终版", "定稿", "终稿"]
                    .iter()
                    .any(|w| shown[i].contains(w));
                (final_, modified(&done[i].input), std::cmp::Reverse(i))
            })
            .expect("a group has members");
        for &i in list.iter().filter(|&&i| i != kept) {
            out[i] = Some(kept);
        }
    }
    out
}

fn modified(p: &Path) -> Option<SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

/// The year a title names (`2024年`).
fn year(title: &str) -> Option<String> {
    let chars: Vec<char> = title.chars().collect();
    chars.windows(5).find_map(|w| {
        (w[..4].iter().all(char::is_ascii_digit) && w[4] == '年').then(|| w[..4].iter().collect())
    })
}
