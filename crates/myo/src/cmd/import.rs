//! `myo import PATH…`: device files and app exports into the athlete's log, once each.
//!
//! Each file is recognised by its content, parsed by `myo-import` and written in one
//! transaction keyed by its content hash, so importing a folder twice adds nothing. One bad file
//! never stops the others: the summary lists what was imported, skipped and why files failed.
//! An Apple Health export above `STREAM_BYTES` is read in blocks, in bounded memory.
//! In a folder, files of a format myo does not read are skipped (listed, not failed); a file
//! named on the command line must be one myo reads.
//!
//! The nights a questionnaire reports (PMSys wellness) are kept only where no other sleep
//! record covers them: such files are imported last, and a night that a sleep already in the
//! log (or read earlier in this run) covers for at least half its hours is left out.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{DateTime, FixedOffset};
use indicatif::{ProgressBar, ProgressStyle};
use myo_import::{CsvLayout, Format};
use myo_store::FileImport;
use serde::Serialize;

use super::store::{self as st, LogOpts};
use crate::exit::BadInput;

/// Import files and folders.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo import ride.fit
  myo import ~/Downloads/garmin-export/ --dry-run
  myo import pmdata/p01 --json

Formats: FIT (activities, strength sets, HRV, sleep), TCX, GPX, Apple Health's export.xml
(read in blocks when large), the account exports of Garmin Connect (sleep, HRV status, daily
resting heart rate; unzip the activity archives inside it first), Oura, WHOOP and Polar Flow,
CSV from PMSys/PMData, HRV4Training, Elite HRV, Strong, Hevy or the generic layout of
docs/import.md, Fitbit's sleep, resting heart rate and exercise JSON, and RR-interval text
files. Times without an offset are read in the athlete's time zone. In a folder, files of
other formats are skipped and listed; a file named here must be one myo reads. Exit status 2
when any file failed.")]
pub struct Args {
    /// Files or folders (searched recursively).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Parse and report without writing anything.
    #[arg(long)]
    pub dry_run: bool,
}

/// Files read whole larger than this are refused (the largest real FIT files are a few MB).
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Apple Health exports larger than this are read in blocks (`myo_import::parse_reader`), in
/// bounded memory and without the size limit: real ones are hundreds of MB to several GB.
/// `MYO_IMPORT_STREAM_BYTES` sets another threshold (tests stream a file of a few MB).
const STREAM_BYTES: u64 = 32 * 1024 * 1024;

fn stream_bytes() -> anyhow::Result<u64> {
    match std::env::var("MYO_IMPORT_STREAM_BYTES") {
        Ok(v) => Ok(v.trim().parse().map_err(|_| {
            BadInput(format!(
                "MYO_IMPORT_STREAM_BYTES: \"{v}\" is not a number of bytes"
            ))
        })?),
        Err(_) => Ok(STREAM_BYTES),
    }
}

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
        /// The earlier import of the same content: its name, when, how many events.
        #[serde(flatten)]
        earlier: myo_store::Earlier,
    },
    Failed {
        path: String,
        error: String,
    },
    /// Found in a folder, in no format myo reads.
    Skipped {
        path: String,
        reason: String,
    },
}

#[derive(Debug, Serialize, Default)]
struct Summary {
    dry_run: bool,
    imported: usize,
    duplicates: usize,
    failed: usize,
    skipped: usize,
    events: usize,
    bytes: u64,
    seconds: f64,
    files: Vec<FileOutcome>,
}

/// A file to import: named on the command line, or found in a folder.
struct Candidate {
    path: PathBuf,
    named: bool,
}

/// Every file under the paths (hidden ones aside), sorted within each folder; a missing path
/// is bad input. Formats are told by content, not by extension.
fn walk(paths: &[PathBuf]) -> anyhow::Result<Vec<Candidate>> {
    fn visit(dir: &Path, out: &mut Vec<Candidate>) -> std::io::Result<()> {
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
            } else if path.is_file() {
                out.push(Candidate { path, named: false });
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            visit(p, &mut out).map_err(|e| BadInput(format!("{}: {e}", p.display())))?;
        } else if p.is_file() {
            out.push(Candidate {
                path: p.clone(),
                named: true,
            });
        } else {
            return Err(BadInput(format!("{}: no such file or folder", p.display())).into());
        }
    }
    Ok(out)
}

/// The bytes `myo_import::detect` looks at (it reads 64 KiB; a few more keep a character cut at
/// that boundary whole).
const HEAD_BYTES: u64 = myo_import::HEAD_BYTES as u64;

fn read_head(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    std::fs::File::open(path)?
        .take(HEAD_BYTES)
        .read_to_end(&mut head)?;
    Ok(head)
}

/// What to do with a file, from its first bytes: skip it (found in a folder, in a format myo
/// does not read, with the reason), or import it (a questionnaire's nights after the others).
enum Plan {
    Skip(String),
    Import { last: bool },
}

fn plan(c: &Candidate) -> Plan {
    let Ok(head) = read_head(&c.path) else {
        // Unreadable: import_one reports why.
        return Plan::Import { last: false };
    };
    match myo_import::detect(&c.path, &head) {
        Format::Unknown if !c.named => Plan::Skip(
            myo_import::parse(&c.path, &head)
                .err()
                .map_or_else(|| "unrecognised format".into(), |e| e.kind.to_string()),
        ),
        Format::Csv(CsvLayout::PmsysWellness) => Plan::Import { last: true },
        _ => Plan::Import { last: false },
    }
}

/// How a file is read: whole, or (a large Apple Health export) in blocks.
enum Input {
    Bytes(Vec<u8>),
    Blocks,
}

fn read(path: &Path, stream_bytes: u64) -> Result<Input, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > stream_bytes
        && read_head(path).is_ok_and(|h| myo_import::detect(path, &h) == Format::AppleHealth)
    {
        return Ok(Input::Blocks);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{} bytes is larger than the {MAX_FILE_BYTES}-byte limit",
            meta.len()
        ));
    }
    std::fs::read(path)
        .map(Input::Bytes)
        .map_err(|e| e.to_string())
}

pub fn run(args: Args, opts: &LogOpts) -> anyhow::Result<()> {
    let stream_bytes = stream_bytes()?;
    // Skipped files first in the summary, then the others in order, questionnaires last.
    let (mut skipped, mut first, mut last) = (Vec::new(), Vec::new(), Vec::new());
    for c in walk(&args.paths)? {
        match plan(&c) {
            Plan::Skip(reason) => skipped.push(FileOutcome::Skipped {
                path: c.path.display().to_string(),
                reason,
            }),
            Plan::Import { last: false } => first.push(c.path),
            Plan::Import { last: true } => last.push(c.path),
        }
    }
    let files: Vec<PathBuf> = first.into_iter().chain(last).collect();
    let rt = st::runtime()?;
    let summary = rt.block_on(async {
        let store = st::open(opts).await?;
        let athlete = st::athlete(&store, opts).await?;
        let parse_opts = myo_import::Options {
            zone: athlete.profile.time_zone,
        };
        // By bytes: a large export read in blocks moves the bar as it is read.
        let sizes: Vec<u64> = files
            .iter()
            .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
            .collect();
        let bar = ProgressBar::new(sizes.iter().sum());
        bar.set_style(
            ProgressStyle::with_template(
                "importing [{bar:30}] {bytes}/{total_bytes}, {msg} ({bytes_per_sec}, {eta})",
            )
            .expect("valid template")
            .progress_chars("=> "),
        );
        let started = Instant::now();
        let mut summary = Summary {
            dry_run: args.dry_run,
            skipped: skipped.len(),
            files: skipped,
            ..Summary::default()
        };
        let mut run = Run {
            athlete_id: athlete.id,
            opts: parse_opts,
            dry_run: args.dry_run,
            sleeps: Vec::new(),
        };
        let mut done_bytes = 0u64;
        for (path, size) in files.iter().zip(&sizes) {
            let name = path.display().to_string();
            let outcome = match read(path, stream_bytes) {
                Err(e) => FileOutcome::Failed {
                    path: name.clone(),
                    error: format!("{name}: {e}"),
                },
                Ok(Input::Bytes(bytes)) => {
                    summary.bytes += bytes.len() as u64;
                    run.import_one(&store, path, bytes).await?
                }
                Ok(Input::Blocks) => {
                    let (outcome, read) = run.import_blocks(&store, path, &bar).await?;
                    summary.bytes += read;
                    outcome
                }
            };
            match &outcome {
                FileOutcome::Imported { events, .. } => {
                    summary.imported += 1;
                    summary.events += events;
                }
                FileOutcome::Duplicate { .. } => summary.duplicates += 1,
                FileOutcome::Failed { .. } => summary.failed += 1,
                // Counted when planned; an import is never skipped.
                FileOutcome::Skipped { .. } => {}
            }
            summary.files.push(outcome);
            bar.set_message(format!("{} events", summary.events));
            done_bytes += size;
            bar.set_position(done_bytes);
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

/// One run of `myo import`: what every file needs, and the sleep read so far.
struct Run {
    athlete_id: i64,
    opts: myo_import::Options,
    dry_run: bool,
    /// Sleep events of the files parsed in this run (start, hours): a dry run writes nothing,
    /// yet a questionnaire's night that a device file of the run covers is still left out.
    sleeps: Vec<(DateTime<FixedOffset>, f64)>,
}

impl Run {
    /// Parses one file (off the async thread) and writes its events in one transaction
    /// (unless a dry run): `myo_service::import::import_file`'s steps, with the nights a
    /// questionnaire reports left out where a sleep record covers them. Store errors that are
    /// not about this file's data (the database is gone, the disk is full) stop the run.
    async fn import_one(
        &mut self,
        store: &myo_store::Store,
        path: &Path,
        bytes: Vec<u8>,
    ) -> anyhow::Result<FileOutcome> {
        let name = path.display().to_string();
        let hash = myo_import::content_hash(&bytes);
        if let Some(earlier) = store
            .source_imported(self.athlete_id, &hash)
            .await
            .map_err(st::store_err)?
        {
            return Ok(FileOutcome::Duplicate {
                path: name,
                earlier,
            });
        }
        let (owned, opts) = (name.clone(), self.opts);
        let parsed =
            tokio::task::spawn_blocking(move || myo_service::import::parse(&owned, &bytes, &opts))
                .await
                .unwrap_or_else(|e| Err(format!("{name}: the parser stopped ({e})")));
        match parsed {
            Ok(file) => self.write(store, name, file).await,
            Err(error) => Ok(FileOutcome::Failed { path: name, error }),
        }
    }

    /// Imports a large Apple Health export read in blocks (on the blocking pool, moving `bar`
    /// as it reads): its content hash is known once it is read, so a re-import is found then.
    /// Returns the outcome and the bytes read.
    async fn import_blocks(
        &mut self,
        store: &myo_store::Store,
        path: &Path,
        bar: &ProgressBar,
    ) -> anyhow::Result<(FileOutcome, u64)> {
        let name = path.display().to_string();
        let (owned, owned_path, opts, bar) =
            (name.clone(), path.to_path_buf(), self.opts, bar.clone());
        let parsed = tokio::task::spawn_blocking(move || {
            let file = std::fs::File::open(&owned_path).map_err(|e| format!("{owned}: {e}"))?;
            let input = bar.wrap_read(std::io::BufReader::with_capacity(1 << 20, file));
            myo_service::import::parse_reader(&owned, input, &opts)
        })
        .await
        .unwrap_or_else(|e| Err(format!("{name}: the parser stopped ({e})")));
        let (file, read) = match parsed {
            Ok(parsed) => parsed,
            Err(error) => return Ok((FileOutcome::Failed { path: name, error }, 0)),
        };
        if let Some(earlier) = store
            .source_imported(self.athlete_id, &file.hash)
            .await
            .map_err(st::store_err)?
        {
            let outcome = FileOutcome::Duplicate {
                path: name,
                earlier,
            };
            return Ok((outcome, read));
        }
        Ok((self.write(store, name, file).await?, read))
    }

    /// Writes a parsed file (unless a dry run), the nights a questionnaire reports left out
    /// where a sleep record covers them.
    async fn write(
        &mut self,
        store: &myo_store::Store,
        name: String,
        mut file: myo_store::ParsedFile,
    ) -> anyhow::Result<FileOutcome> {
        if myo_service::import::reports_nights(&file) {
            myo_service::import::drop_covered_nights(
                store,
                self.athlete_id,
                &mut file,
                &self.sleeps,
            )
            .await
            .map_err(st::store_err)?;
        }
        self.sleeps
            .extend(file.events.iter().filter_map(myo_service::import::sleep_of));
        let outcome = store
            .import_parsed(self.athlete_id, file, st::now_ms()?, self.dry_run)
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
            FileImport::Duplicate(earlier) => FileOutcome::Duplicate {
                path: name,
                earlier,
            },
            FileImport::Failed(error) => FileOutcome::Failed { path: name, error },
        })
    }
}

/// Skipped files listed one by one in the text summary (all of them in `--json`).
const SKIPPED_LISTED: usize = 20;

fn print(summary: &Summary, json: bool) -> anyhow::Result<()> {
    let mut out = anstream::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(summary)?)?;
        return Ok(());
    }
    let mut skipped = 0usize;
    for f in &summary.files {
        if matches!(f, FileOutcome::Skipped { .. }) {
            skipped += 1;
            if skipped > SKIPPED_LISTED {
                continue;
            }
        }
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
            FileOutcome::Duplicate { path, earlier } => {
                writeln!(out, "duplicate  {path}: {earlier}; nothing added")?
            }
            FileOutcome::Failed { error, .. } => writeln!(out, "failed     {error}")?,
            FileOutcome::Skipped { path, reason } => {
                writeln!(out, "skipped    {path}: not a format myo reads ({reason})")?
            }
        }
    }
    if skipped > SKIPPED_LISTED {
        writeln!(
            out,
            "skipped    … and {} more files myo does not read (--json lists them)",
            skipped - SKIPPED_LISTED
        )?;
    }
    let mb = summary.bytes as f64 / 1e6;
    writeln!(
        out,
        "{}{} imported, {} duplicate, {} failed, {} skipped; {} event(s); {:.1} MB in {:.2} s ({:.1} MB/s)",
        if summary.dry_run { "dry run: " } else { "" },
        summary.imported,
        summary.duplicates,
        summary.failed,
        summary.skipped,
        summary.events,
        mb,
        summary.seconds,
        mb / summary.seconds.max(1e-9)
    )?;
    Ok(())
}
