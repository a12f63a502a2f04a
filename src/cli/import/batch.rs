//! `gongwen import FILES_OR_DIR… -o DIR [--yearbook]`: a whole set of submissions (any mix of
//! .docx, .html and .txt) read on all cores, one definition each, one line per file and a
//! summary; `--yearbook` also writes a yearbook binding them.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use gongwen::diag::Diagnostic;
use gongwen::import::basic;
use gongwen::import::submission::{Form, Submission};
use gongwen::output::write_atomic;
use rayon::prelude::*;

use super::{ImportArgs, definition, read, summary};
use crate::cli::{EXIT_FINDINGS, EXIT_UNUSABLE, print};

/// The yearbook file `--yearbook` writes in the output folder.
pub const YEARBOOK: &str = "yearbook.toml";

/// A submission read, its definition's TOML, and whether that builds (see `definition`).
type Imported = (Submission, String, Result<usize, Vec<Diagnostic>>);

/// One submission's outcome.
struct Done {
    input: PathBuf,
    output: PathBuf,
    result: Result<Imported, Diagnostic>,
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
    let (files, skipped) = submissions(&args.inputs)?;
    for s in &skipped {
        eprintln!("skipped {}: not a .docx, .html or .txt file", s.display());
    }
    if files.is_empty() {
        print(&[Diagnostic::error("no submissions to import")
            .hint("name .docx, .html or .txt files, or folders holding them")]);
        return Ok(ExitCode::from(EXIT_UNUSABLE));
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let outputs = names(&files, dir);
    let book = args.yearbook.then(|| dir.join(YEARBOOK));
    let existing: Vec<&PathBuf> = outputs
        .iter()
        .chain(book.as_ref())
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
    let done: Vec<Done> = files
        .par_iter()
        .zip(&outputs)
        .map(|(input, output)| {
            let result = match read(input, None, None) {
                Ok(Ok(s)) => {
                    let (toml, built) = definition(&s, input, output);
                    Ok((s, toml, built))
                }
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

    let (mut ok, mut failed, mut warned) = (Vec::new(), 0, 0);
    let (mut sections, mut tables, mut forms) = (0, 0, 0);
    for d in &done {
        let name = d.input.display();
        match &d.result {
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
                match built {
                    Ok(_) => {
                        println!(
                            "ok    {name} ({}) → {}: {}; {form}; {w} warning(s)",
                            s.form.name(),
                            d.output.display(),
                            summary(&s.outline)
                        );
                        ok.push(d.output.clone());
                    }
                    Err(errors) => {
                        print(errors);
                        failed += 1;
                        println!(
                            "fail  {name} → {}: the definition written does not build ({} error(s))",
                            d.output.display(),
                            errors.len()
                        );
                    }
                }
            }
            Err(e) => {
                print(std::slice::from_ref(e));
                failed += 1;
                println!("fail  {name}: {}", e.message);
            }
        }
    }
    println!(
        "imported {} of {} submission(s) into {}: {sections} sections, {tables} table(s), {forms} with the national form, {warned} warning(s){}",
        ok.len(),
        done.len(),
        dir.display(),
        if failed > 0 {
            format!(", {failed} failed")
        } else {
            String::new()
        }
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
    Ok(if failed > 0 {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    })
}

/// The files to import, in name order (folders read through), and those no reader takes.
fn submissions(inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let (mut files, mut skipped) = (Vec::new(), Vec::new());
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = Vec::new();
            walk(input, &mut found)?;
            found.sort();
            // a folder's other files (images, a yearbook) are not submissions
            files.extend(found.into_iter().filter(|f| Form::of(f).is_some()));
        } else if Form::of(input).is_some() {
            files.push(input.clone());
        } else if input.exists() {
            skipped.push(input.clone());
        } else {
            anyhow::bail!("cannot read {}: no such file or folder", input.display());
        }
    }
    let mut seen = HashSet::new();
    files.retain(|f| seen.insert(f.canonicalize().unwrap_or_else(|_| f.clone())));
    Ok((files, skipped))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else {
            out.push(path);
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
