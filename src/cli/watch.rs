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
    let watched = watched_files(&args.build.report);
    let mut seen = fingerprint(&watched);
    build(&args.build, &mut fonts, "built");
    eprintln!("watching {} (Ctrl-C to stop)", args.build.report.display());
    let mut rebuilds = 0;
    loop {
        std::thread::sleep(POLL);
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
        seen = now;
        build(&args.build, &mut fonts, "rebuilt");
        rebuilds += 1;
        if args.max_rebuilds.is_some_and(|n| rebuilds >= n) {
            return Ok(ExitCode::SUCCESS);
        }
    }
}

fn build(args: &BuildArgs, fonts: &mut Option<gongwen::typst::Fonts>, verb: &str) {
    let t = Instant::now();
    match make(args, fonts) {
        Ok(built) => match write(args, &built) {
            Ok(()) => println!("{verb} {} in {}", args.report.display(), secs(t.elapsed())),
            Err(e) => eprintln!("error: {e:#}"),
        },
        Err(failed) => report_failure(&failed, false),
    }
    gongwen::typst::trim_caches();
}

/// The report and the other TOML files beside it (a layout it names lives there).
fn watched_files(report: &Path) -> Vec<PathBuf> {
    let dir = report
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut files = vec![report.to_path_buf()];
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "toml") && p.file_name() != report.file_name() {
                files.push(p);
            }
        }
    }
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
