//! `gongwen watch`: rebuild on every save, keeping fonts and Typst's caches alive between
//! builds, printing problems without exiting.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use anyhow::Result;
use clap::Args;

use super::build::{BuildArgs, make, report_failure, secs, write};

/// How often the files are looked at. A stat every 25 ms costs nothing and keeps the delay
/// between a save and the rebuild well under the build itself.
const POLL: Duration = Duration::from_millis(25);

/// Arguments of `gongwen watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    build: BuildArgs,
    /// Stop after this many rebuilds (for scripts and benchmarks).
    #[arg(long, value_name = "N")]
    max_rebuilds: Option<usize>,
}

/// Runs `gongwen watch` until interrupted (or `--max-rebuilds` is reached).
pub fn run(mut args: WatchArgs) -> Result<ExitCode> {
    args.build.keep_units = true;
    let mut fonts = None;
    let mut read = build(&args.build, &mut fonts, "built").unwrap_or_default();
    let report = &args.build.report;
    let mut seen = fingerprint(&watched_files(report, &read));
    eprintln!("watching {} (Ctrl-C to stop)", report.display());
    let mut rebuilds = 0;
    loop {
        std::thread::sleep(POLL);
        // The folders are listed again at every poll, and a file appearing or leaving is a
        // change: a layout created after the start, a report added where a yearbook's glob
        // looks, rebuild.
        let mut now = fingerprint(&watched_files(report, &read));
        if now == seen {
            continue;
        }
        // An editor that truncates and then writes changes the file twice: wait until it holds
        // still for one poll, so that one save is one build.
        loop {
            std::thread::sleep(POLL);
            let again = fingerprint(&watched_files(report, &read));
            if again == now {
                break;
            }
            now = again;
        }
        if let Some(files) = build(&args.build, &mut fonts, "rebuilt") {
            read = files;
        }
        seen = fingerprint(&watched_files(report, &read));
        rebuilds += 1;
        if args.max_rebuilds.is_some_and(|n| rebuilds >= n) {
            return Ok(ExitCode::SUCCESS);
        }
    }
}

/// Builds once; the files the build read (report, layout, a yearbook's reports) when it got
/// that far.
fn build(
    args: &BuildArgs,
    fonts: &mut Option<gongwen::typst::Fonts>,
    verb: &str,
) -> Option<Vec<PathBuf>> {
    let t = Instant::now();
    let read = match make(args, fonts) {
        Ok(built) => {
            match write(args, &built) {
                Ok(()) => println!("{verb} {} in {}", args.report.display(), secs(t.elapsed())),
                Err(e) => eprintln!("error: {e:#}"),
            }
            Some(
                built
                    .inputs
                    .iter()
                    .map(|e| PathBuf::from(&e.path))
                    .collect(),
            )
        }
        Err(failed) => {
            report_failure(&failed, false);
            None
        }
    };
    gongwen::typst::trim_caches();
    read
}

/// What to watch: the report, every file the last good build read (a layout anywhere, a
/// yearbook's reports), and the TOML files in the report's folder and in the folder of every
/// file read (a layout it names but that does not exist yet, a report a yearbook's glob will
/// match in `reports/`).
fn watched_files(report: &Path, read: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = vec![report.to_path_buf()];
    files.extend(read.iter().cloned());
    let mut dirs: Vec<PathBuf> = files.iter().map(|f| gongwen::input::root_of(f)).collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().is_some_and(|x| x == "toml") {
                    files.push(p);
                }
            }
        }
    }
    files.sort();
    files.dedup();
    files
}

/// Each file with its modification time and length (None when missing, as mid-save): a file
/// added to or gone from the list changes it too.
fn fingerprint(files: &[PathBuf]) -> Vec<(PathBuf, Option<(SystemTime, u64)>)> {
    files
        .iter()
        .map(|f| {
            let stamp = std::fs::metadata(f)
                .ok()
                .and_then(|m| Some((m.modified().ok()?, m.len())));
            (f.clone(), stamp)
        })
        .collect()
}
