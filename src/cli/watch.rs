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
pub fn run(args: WatchArgs) -> Result<ExitCode> {
    let mut fonts = None;
    let mut read = build(&args.build, &mut fonts, "built").unwrap_or_default();
    let mut watched = watched_files(&args.build.report, &read);
    let mut seen = fingerprint(&watched);
    eprintln!("watching {} (Ctrl-C to stop)", args.build.report.display());
    let mut rebuilds = 0;
    loop {
        std::thread::sleep(POLL);
        // The folder is listed again at every poll, so a layout created after the start is seen.
        let files = watched_files(&args.build.report, &read);
        if files != watched {
            watched = files;
            seen = fingerprint(&watched);
        }
        let mut now = fingerprint(&watched);
        if now == seen {
            continue;
        }
        // An editor that truncates and then writes changes the file twice: wait until it holds
        // still for one poll, so that one save is one build.
        loop {
            std::thread::sleep(POLL);
            let again = fingerprint(&watched);
            if again == now {
                break;
            }
            now = again;
        }
        if let Some(files) = build(&args.build, &mut fonts, "rebuilt") {
            read = files;
        }
        watched = watched_files(&args.build.report, &read);
        seen = fingerprint(&watched);
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
/// yearbook's reports), and the TOML files beside the report (a layout it names but that does
/// not exist yet, a report a yearbook's glob will match).
fn watched_files(report: &Path, read: &[PathBuf]) -> Vec<PathBuf> {
    let dir = gongwen::input::root_of(report);
    let mut files = vec![report.to_path_buf()];
    files.extend(read.iter().cloned());
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "toml") {
                files.push(p);
            }
        }
    }
    files.sort();
    files.dedup();
    files
}

/// Modification time and length of each file (None when missing, as mid-save).
fn fingerprint(files: &[PathBuf]) -> Vec<Option<(SystemTime, u64)>> {
    files
        .iter()
        .map(|f| {
            std::fs::metadata(f)
                .ok()
                .and_then(|m| Some((m.modified().ok()?, m.len())))
        })
        .collect()
}
