//! `myo import PATH…`: device files and app exports into the athlete's log, once each.
//!
//! Each file is recognised by its content, parsed by `myo-import` and written in one
//! transaction keyed by its content hash, so importing a folder twice adds nothing. One bad file
//! never stops the others: the summary lists what was imported, skipped and why files failed.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use myo_store::FileImport;
use serde::Serialize;

use super::store::{self as st, LogOpts, OrBad};
use crate::exit::BadInput;

/// Import files and folders.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo import ride.fit
  myo import ~/Downloads/garmin-export/ --dry-run
  myo import pmdata/p01 --json

Formats: FIT (activities, strength sets, HRV, sleep), TCX, GPX, and CSV from PMSys/PMData,
HRV4Training, Elite HRV, Strong, Hevy or the generic layout of docs/import.md. Times without an
offset are read in the athlete's time zone. Exit status 2 when any file failed.")]
pub struct Args {
    /// Files or folders (searched recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Parse and report without writing anything.
    #[arg(long)]
    pub dry_run: bool,
}

/// Files larger than this are refused (the largest real FIT files are a few MB).
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// What happened to one file.
#[derive(Debug, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
enum FileOutcome {
    Imported {
        path: String,
        format: &'static str,
        events: usize,
        warnings: Vec<String>,
    },
    Duplicate {
        path: String,
        events: i64,
    },
    Failed {
        path: String,
        error: String,
    },
}

#[derive(Debug, Serialize, Default)]
struct Summary {
    dry_run: bool,
    imported: usize,
    duplicates: usize,
    failed: usize,
    events: usize,
    bytes: u64,
    seconds: f64,
    files: Vec<FileOutcome>,
}

/// Extensions read when walking a folder (a file named on the command line is always tried).
const DATA_EXTENSIONS: [&str; 4] = ["fit", "tcx", "gpx", "csv"];

fn is_data_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DATA_EXTENSIONS.iter().any(|d| e.eq_ignore_ascii_case(d)))
}

/// Every data file under the paths, sorted within each folder; a missing path is bad input.
fn walk(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    fn visit(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for path in entries {
            let hidden = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('.'));
            if hidden {
                continue;
            }
            if path.is_dir() {
                visit(&path, out)?;
            } else if path.is_file() && is_data_file(&path) {
                out.push(path);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            visit(p, &mut out).map_err(|e| BadInput(format!("{}: {e}", p.display())))?;
        } else if p.is_file() {
            out.push(p.clone());
        } else {
            return Err(BadInput(format!("{}: no such file or folder", p.display())).into());
        }
    }
    Ok(out)
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{} bytes is larger than the {MAX_FILE_BYTES}-byte limit",
            meta.len()
        ));
    }
    std::fs::read(path).map_err(|e| e.to_string())
}

pub fn run(args: Args, opts: &LogOpts) -> anyhow::Result<()> {
    let files = walk(&args.paths)?;
    let rt = st::runtime()?;
    let summary = rt.block_on(async {
        let store = st::open(opts).await?;
        let athlete = st::athlete(&store, opts).await?;
        let parse_opts = myo_import::Options {
            naive_offset: athlete.profile.offset().bad()?,
        };
        let bar = ProgressBar::new(files.len() as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "importing [{bar:30}] {pos}/{len} files, {msg} ({per_sec}, {eta})",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        let started = Instant::now();
        let mut summary = Summary {
            dry_run: args.dry_run,
            ..Summary::default()
        };
        for path in &files {
            let name = path.display().to_string();
            let outcome = match read(path) {
                Err(e) => FileOutcome::Failed {
                    path: name.clone(),
                    error: format!("{name}: {e}"),
                },
                Ok(bytes) => {
                    summary.bytes += bytes.len() as u64;
                    import_one(&store, athlete.id, path, &bytes, &parse_opts, args.dry_run).await?
                }
            };
            match &outcome {
                FileOutcome::Imported { events, .. } => {
                    summary.imported += 1;
                    summary.events += events;
                }
                FileOutcome::Duplicate { .. } => summary.duplicates += 1,
                FileOutcome::Failed { .. } => summary.failed += 1,
            }
            summary.files.push(outcome);
            bar.set_message(format!("{} events", summary.events));
            bar.inc(1);
        }
        bar.finish_and_clear();
        summary.seconds = started.elapsed().as_secs_f64();
        store.close().await;
        anyhow::Ok(summary)
    })?;
    print(&summary, opts.json)?;
    if summary.failed > 0 {
        return Err(BadInput(format!(
            "{} of {} file(s) failed (listed above); the others were {}",
            summary.failed,
            files.len(),
            if args.dry_run { "checked" } else { "imported" }
        ))
        .into());
    }
    Ok(())
}

/// Parses one file and writes its events in one transaction (unless `dry_run`), through
/// `myo_service::import::import_file` (the web's upload path). Store errors that are not about this file's data (the database is
/// gone, the disk is full) stop the run.
async fn import_one(
    store: &myo_store::Store,
    athlete_id: i64,
    path: &Path,
    bytes: &[u8],
    parse_opts: &myo_import::Options,
    dry_run: bool,
) -> anyhow::Result<FileOutcome> {
    let name = path.display().to_string();
    let outcome = myo_service::import::import_file(
        store,
        athlete_id,
        &name,
        bytes.to_vec(),
        *parse_opts,
        st::now_ms()?,
        dry_run,
    )
    .await
    .map_err(st::store_err)?;
    Ok(match outcome {
        FileImport::Imported {
            format,
            events,
            warnings,
        } => FileOutcome::Imported {
            path: name,
            format,
            events,
            warnings,
        },
        FileImport::Duplicate { events } => FileOutcome::Duplicate { path: name, events },
        FileImport::Failed(error) => FileOutcome::Failed { path: name, error },
    })
}

fn print(summary: &Summary, json: bool) -> anyhow::Result<()> {
    let mut out = anstream::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(summary)?)?;
        return Ok(());
    }
    for f in &summary.files {
        match f {
            FileOutcome::Imported {
                path,
                format,
                events,
                warnings,
            } => {
                writeln!(out, "imported   {path} ({format}): {events} event(s)")?;
                for w in warnings {
                    writeln!(out, "           warning: {w}")?;
                }
            }
            FileOutcome::Duplicate { path, events } => writeln!(
                out,
                "duplicate  {path}: already imported ({events} event(s)), nothing added"
            )?,
            FileOutcome::Failed { error, .. } => writeln!(out, "failed     {error}")?,
        }
    }
    let mb = summary.bytes as f64 / 1e6;
    writeln!(
        out,
        "{}{} imported, {} duplicate, {} failed; {} event(s); {:.1} MB in {:.2} s ({:.1} MB/s)",
        if summary.dry_run { "dry run: " } else { "" },
        summary.imported,
        summary.duplicates,
        summary.failed,
        summary.events,
        mb,
        summary.seconds,
        mb / summary.seconds.max(1e-9)
    )?;
    Ok(())
}
