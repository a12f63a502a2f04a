//! `gongwen import FILES_OR_DIR… -o DIR [--yearbook]`: a whole set of submissions (every file,
//! whatever it is) read on all cores, one definition each, the same report sent twice bound once,
//! one line per file, a summary and `intake.json` naming every file's fate; `--yearbook` also
//! writes a yearbook binding them.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use gongwen::diag::Diagnostic;
use gongwen::import::submission::Submission;
use gongwen::import::{basic, convert, sniff};
use gongwen::output::write_atomic;
use rayon::prelude::*;

use super::{ImportArgs, definition, intake, read, summary};
use crate::cli::{EXIT_FINDINGS, EXIT_UNUSABLE, print};

/// The yearbook file `--yearbook` writes in the output folder.
pub const YEARBOOK: &str = "yearbook.toml";

/// A submission read, its definition's TOML, and whether that builds (see `definition`).
pub(super) type Imported = (Submission, String, Result<usize, Vec<Diagnostic>>);

/// One submission's outcome.
pub(super) struct Done {
    /// The file read.
    pub input: PathBuf,
    /// The definition it is written to.
    pub output: PathBuf,
    /// What came of it.
    pub result: Result<Imported, Diagnostic>,
}

/// Runs a batch import.
pub fn run(args: &ImportArgs) -> Result<ExitCode> {
    if args.onto.is_some() || args.title.is_some() || args.office.is_some() {
        print(&[Diagnostic::error(
            "--onto, --title and --office name one report, not a set of submissions",
        )
        .hint(
            "import the files one by one to give them, or edit each definition after the import",
        )]);
        return Ok(ExitCode::from(EXIT_UNUSABLE));
    }
    let dir = &args.output;
    if dir.exists() && !dir.is_dir() {
        print(&[Diagnostic::error(format!(
            "{} is a file: importing several submissions writes a folder of definitions",
            dir.display()
        ))
        .hint("name a folder with -o")]);
        return Ok(ExitCode::from(EXIT_UNUSABLE));
    }
    let inputs = submissions(&args.inputs, dir)?;
    if inputs.is_empty() {
        print(&[
            Diagnostic::error("no submissions to import: the folders are empty")
                .hint("name the files the offices sent, or the folders holding them"),
        ]);
        return Ok(ExitCode::from(EXIT_UNUSABLE));
    }
    let files: Vec<PathBuf> = inputs.iter().map(|(f, _)| f.clone()).collect();
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let outputs = names(&files, dir);
    let book = args.yearbook.then(|| dir.join(YEARBOOK));
    let intake_path = dir.join(intake::FILE);
    let existing: Vec<&PathBuf> = outputs
        .iter()
        .chain(book.as_ref())
        .chain(Some(&intake_path))
        .filter(|o| o.exists())
        .collect();
    if !args.force && !existing.is_empty() {
        print(&[Diagnostic::error(format!(
            "{} already exists{}",
            existing[0].display(),
            if existing.len() > 1 {
                format!(" (and {} more)", existing.len() - 1)
            } else {
                String::new()
            }
        ))
        .hint("pass --force to overwrite, or name another folder with -o")]);
        return Ok(ExitCode::from(EXIT_UNUSABLE));
    }
    // Word 97, WPS, ODT and RTF files converted ahead, LibreOffice started once a core
    let to_convert: Vec<(Vec<u8>, &'static str)> = files
        .iter()
        .filter_map(|f| {
            let bytes = gongwen::input::read(f, gongwen::input::MAX_IMPORT).ok()?;
            let ext = convert::ext(&sniff::sniff(&bytes))?;
            Some((bytes, ext))
        })
        .collect();
    convert::ahead(&to_convert);
    drop(to_convert);
    let options = args.options();
    let done: Vec<Done> = files
        .par_iter()
        .zip(&outputs)
        .map(|(input, output)| {
            let result = match read(input, None, None, &options) {
                Ok(Ok(s)) => match definition(&s, input, output) {
                    Ok((toml, built)) => Ok((s, toml, built)),
                    // A limit broken: refused and named, as an unreadable file is.
                    Err(mut broken) => Err(broken.remove(0)),
                },
                Ok(Err(d)) => Err(d),
                Err(e) => Err(Diagnostic::error(format!("{e:#}"))),
            };
            Done {
                input: input.clone(),
                output: output.clone(),
                result,
            }
        })
        .collect();
    let shown: Vec<String> = inputs.iter().map(|(_, shown)| shown.clone()).collect();
    let duplicates = if args.keep_duplicates {
        vec![None; done.len()]
    } else {
        intake::duplicates(&done, &shown)
    };

    let (mut ok, mut failed, mut warned, mut doubled) = (Vec::new(), 0, 0, 0);
    let (mut sections, mut tables, mut forms) = (0, 0, 0);
    let mut entries = Vec::new();
    for (i, d) in done.iter().enumerate() {
        let name = d.input.display();
        let mut entry = intake::Entry::new(&shown[i]);
        match &d.result {
            Ok((s, _, _)) if duplicates[i].is_some() => {
                let of = duplicates[i].unwrap_or_default();
                doubled += 1;
                entry.duplicate(&shown[of], s);
                println!(
                    "dup   {name}: the same report as {}, which is bound; this one is not",
                    done[of].input.display()
                );
            }
            Ok((s, toml, built)) => {
                write_atomic(&d.output, toml.as_bytes())?;
                print(&s.warnings);
                let w = s.warning_count();
                warned += w;
                sections += s.counts().0;
                tables += s.outline.tables.len();
                let form = match &s.outline.form {
                    Some(f) => {
                        forms += 1;
                        format!("national form recognised ({})", f.kind)
                    }
                    None if s.outline.tables.iter().any(|t| t.form) => {
                        "national form's tables left plain".to_string()
                    }
                    None => "no national form".to_string(),
                };
                let definition = d.output.strip_prefix(dir).unwrap_or(&d.output);
                match built {
                    Ok(_) => {
                        println!(
                            "ok    {name} ({}) → {}: {}; {form}; {w} warning(s)",
                            s.form.name(),
                            d.output.display(),
                            summary(&s.outline)
                        );
                        entry.imported(definition, s);
                        ok.push(d.output.clone());
                    }
                    Err(errors) => {
                        print(errors);
                        failed += 1;
                        let why = format!(
                            "the definition written does not build ({} error(s))",
                            errors.len()
                        );
                        println!("fail  {name} → {}: {why}", d.output.display());
                        entry.unbuilt(definition, s, &why, errors);
                    }
                }
            }
            Err(e) => {
                print(std::slice::from_ref(e));
                failed += 1;
                println!("fail  {name}: {}", e.message);
                entry.refused(e);
            }
        }
        entries.push(entry);
    }
    write_atomic(&intake_path, intake::json(&entries).as_bytes())?;
    println!(
        "{} file(s) in {}: {} imported, {doubled} duplicate(s), {failed} refused; {sections} sections, {tables} table(s), {forms} with the national form, {warned} warning(s); every file's fate in {}",
        done.len(),
        args.inputs
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", "),
        ok.len(),
        intake_path.display()
    );
    if args.yearbook {
        let path = dir.join(YEARBOOK);
        let titles: Vec<String> = done
            .iter()
            .filter_map(|d| d.result.as_ref().ok())
            .flat_map(|(s, _, _)| s.outline.title.clone())
            .collect();
        write_atomic(&path, yearbook(&ok, dir, &titles).as_bytes())?;
        println!(
            "wrote {} binding {} report(s): gongwen build {}",
            path.display(),
            ok.len(),
            path.display()
        );
    }
    Ok(if failed > 0 || doubled > 0 {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}

/// Every file to import, in name order (folders read through, the output folder and hidden
/// files left out), each with its name for the clerk: relative to the folder named, else as
/// given. Nothing is skipped by its extension: what no reader takes is refused by name.
fn submissions(inputs: &[PathBuf], out: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut files = Vec::new();
    let out = out.canonicalize().ok();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = Vec::new();
            walk(input, out.as_deref(), &mut found)?;
            found.sort();
            for f in found {
                let shown = f
                    .strip_prefix(input)
                    .unwrap_or(&f)
                    .to_string_lossy()
                    .into_owned();
                files.push((f, shown));
            }
        } else if input.exists() {
            files.push((input.clone(), input.display().to_string()));
        } else {
            anyhow::bail!("cannot read {}: no such file or folder", input.display());
        }
    }
    let mut seen = HashSet::new();
    files.retain(|(f, _)| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())));
    Ok(files)
}

fn walk(dir: &Path, out: Option<&Path>, found: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue; // .DS_Store, .git: the file system's, not a department's
        }
        if path.is_dir() {
            if out.is_some_and(|o| path.canonicalize().is_ok_and(|p| p == o)) {
                continue; // the definitions being written
            }
            walk(&path, out, found)?;
        } else {
            found.push(path);
        }
    }
    Ok(())
}

/// One output name per file: its stem, `-2`, `-3` … after a stem already taken.
fn names(files: &[PathBuf], dir: &Path) -> Vec<PathBuf> {
    let mut taken: BTreeMap<String, usize> = BTreeMap::new();
    files
        .iter()
        .map(|f| {
            let stem = f
                .file_stem()
                .map_or_else(|| "report".into(), |s| s.to_string_lossy().into_owned());
            let n = taken.entry(stem.clone()).or_insert(0);
            *n += 1;
            let name = if *n == 1 && stem != "yearbook" {
                stem
            } else {
                format!("{stem}-{n}")
            };
            dir.join(format!("{name}.toml"))
        })
        .collect()
}

/// A yearbook binding `reports` (in `dir`), for the year most of the `titles` name.
fn yearbook(reports: &[PathBuf], dir: &Path, titles: &[String]) -> String {
    let mut years: BTreeMap<u16, usize> = BTreeMap::new();
    for t in titles {
        let chars: Vec<char> = t.chars().collect();
        for w in chars.windows(5) {
            if w[..4].iter().all(char::is_ascii_digit) && w[4] == '年' {
                let y: String = w[..4].iter().collect();
                if let Ok(y) = y.parse::<u16>() {
                    *years.entry(y).or_default() += 1;
                }
            }
        }
    }
    let year = years.iter().max_by_key(|(_, n)| **n).map(|(y, _)| *y);
    let files: Vec<String> = reports
        .iter()
        .map(|r| {
            let rel = r.strip_prefix(dir).unwrap_or(r);
            format!("  {},", basic(&rel.to_string_lossy()))
        })
        .collect();
    let mut s = String::from(
        "# Written by `gongwen import --yearbook`: the imported reports, in name order.\n# Give the compiling office and the date, arrange the parts, then: gongwen build yearbook.toml\n\n[yearbook]\n",
    );
    match year {
        Some(y) => {
            s += &format!(
                "title = [\"政府信息公开工作年度报告汇编\", \"（{y}年度）\"]\nyear = {y}\n"
            )
        }
        None => s += "title = \"政府信息公开工作年度报告汇编\"\n",
    }
    s += "office = \"\"\n\n[[part]]\ntitle = \"年度报告\"\nreports = [\n";
    s += &files.join("\n");
    s += "\n]\n";
    s
}
