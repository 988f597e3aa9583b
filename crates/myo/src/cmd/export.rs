//! `myo export`, `myo import-export FILE`, `myo backup PATH`: getting data out and back in.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};
use myo_store::{EventFilter, Export};
use serde_json::Value;

use super::store::{self as st, LogOpts, OrBad};
use crate::exit::BadInput;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// Everything, losslessly (ids, times, sources); `myo import-export` reads it back.
    Json,
    /// One CSV file per event kind, into the directory given with --out.
    Csv,
    /// The athlete's log as a scenario TOML file that `myo simulate` runs.
    Scenario,
}

/// Export the database.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo export > myo-export.json
  myo export --out myo-export.json
  myo export --format csv --out csv/
  myo export --format scenario --athlete ann > ann.toml && myo simulate ann.toml")]
pub struct ExportArgs {
    #[arg(long, value_enum, default_value = "json")]
    pub format: ExportFormat,
    /// A file (json, scenario) or directory (csv) [default: standard output].
    #[arg(long)]
    pub out: Option<PathBuf>,
}

fn progress(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    // Hidden when standard error is not a terminal.
    bar
}

/// Writes a file completely or not at all: a temporary file beside it, then a rename.
fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.tmp{}",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("myo"),
        std::process::id()
    ));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.with_context(|| format!("writing {}", path.display()))
}

fn emit(out: &Option<PathBuf>, bytes: &[u8]) -> anyhow::Result<()> {
    match out {
        Some(p) => write_atomic(p, bytes),
        None => {
            let mut o = std::io::stdout().lock();
            o.write_all(bytes)?;
            o.flush()?;
            Ok(())
        }
    }
}

pub fn export(args: ExportArgs, opts: &LogOpts) -> anyhow::Result<()> {
    let rt = st::runtime()?;
    rt.block_on(async {
        let store = st::open(opts).await?;
        match args.format {
            ExportFormat::Json => {
                let bar = progress(1, "exporting");
                let doc = store.export().await.bad()?;
                bar.finish_and_clear();
                let mut text = serde_json::to_string_pretty(&doc)?;
                text.push('\n');
                emit(&args.out, text.as_bytes())?;
            }
            ExportFormat::Scenario => {
                let athlete = st::athlete(&store, opts).await?;
                let zone = athlete.profile.time_zone;
                let now = zone.local(st::now()?.fixed_offset());
                let (events, origin) = myo_store::scenario::log_events(&store, &athlete, now)
                    .await
                    .bad()?;
                let text = myo_store::scenario::scenario_file(&athlete.profile, origin, &events, &[now])
                    .bad()?;
                let header = format!(
                    "# {}'s log exported by myo {} (run: myo simulate FILE)\n",
                    athlete.name,
                    env!("CARGO_PKG_VERSION")
                );
                emit(&args.out, format!("{header}{text}").as_bytes())?;
            }
            ExportFormat::Csv => {
                let dir = args
                    .out
                    .clone()
                    .ok_or_else(|| BadInput("--out: --format csv writes one file per kind into a directory: give --out DIR".into()))?;
                std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
                let athletes = store.athletes().await.bad()?;
                let names: std::collections::HashMap<i64, String> =
                    athletes.iter().map(|a| (a.id, a.name.clone())).collect();
                let events = store.events(&EventFilter::default()).await.bad()?;
                let bar = progress(events.len() as u64, "exporting CSV");
                let mut written = Vec::new();
                for kind in myo_scenario::KINDS {
                    let of_kind: Vec<_> = events.iter().filter(|e| e.kind().name() == kind).map(|e| (e, e.event.fields())).collect();
                    if of_kind.is_empty() {
                        continue;
                    }
                    let fields: BTreeSet<&String> = of_kind.iter().flat_map(|(_, f)| f.keys()).collect();
                    let mut w = csv::Writer::from_writer(Vec::new());
                    let mut header = vec!["id", "athlete", "at"];
                    header.extend(fields.iter().map(|s| s.as_str()));
                    w.write_record(&header)?;
                    for (e, event_fields) in &of_kind {
                        let mut row = vec![
                            e.id.to_string(),
                            names.get(&e.athlete_id).cloned().unwrap_or_default(),
                            e.to_json()["at"].as_str().unwrap_or_default().to_string(),
                        ];
                        for f in &fields {
                            row.push(match event_fields.get(*f) {
                                None => String::new(),
                                Some(Value::String(s)) => s.clone(),
                                Some(v) => v.to_string(),
                            });
                        }
                        w.write_record(&row)?;
                        bar.inc(1);
                    }
                    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("csv: {e}"))?;
                    let path = dir.join(format!("{kind}.csv"));
                    write_atomic(&path, &bytes)?;
                    written.push(path);
                }
                bar.finish_and_clear();
                let mut out = anstream::stdout().lock();
                for p in written {
                    writeln!(out, "{}", p.display())?;
                }
            }
        }
        store.close().await;
        Ok(())
    })
}

/// Import a `myo export` file into an empty database.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo export > all.json && myo --database postgres://myo@db.club.example/myo import-export all.json
  myo --database sqlite://copy.db import-export all.json")]
pub struct ImportArgs {
    /// The JSON file `myo export` wrote.
    pub file: PathBuf,
}

pub fn import(args: ImportArgs, opts: &LogOpts) -> anyhow::Result<()> {
    let name = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).map_err(|e| BadInput(format!("{name}: {e}")))?;
    let doc: Export = serde_json::from_slice(&bytes)
        .map_err(|e| BadInput(format!("{name}:{}: {e}", e.line())))?;
    let rt = st::runtime()?;
    rt.block_on(async {
        let store = st::open(opts).await?;
        let total: u64 = doc.athletes.iter().map(|a| a.events.len() as u64).sum();
        let bar = progress(total, "importing");
        let summary = store
            .import(&doc, &mut |done, _| bar.set_position(done))
            .await
            .bad_arg(&name)?;
        bar.finish_and_clear();
        store.close().await;
        let mut out = anstream::stdout().lock();
        if opts.json {
            writeln!(out, "{}", serde_json::to_string(&summary)?)?;
        } else {
            writeln!(
                out,
                "imported {} athlete(s) and {} event(s)",
                summary.athletes, summary.events
            )?;
        }
        Ok(())
    })
}

/// A consistent copy of the SQLite database while it is in use.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  myo backup ~/myo-$(date +%F).db")]
pub struct BackupArgs {
    /// The new file (must not exist).
    pub path: PathBuf,
}

pub fn backup(args: BackupArgs, opts: &LogOpts) -> anyhow::Result<()> {
    let rt = st::runtime()?;
    rt.block_on(async {
        let store = st::open(opts).await?;
        store.backup(&args.path).await.bad_arg("PATH")?;
        store.close().await;
        let mut out = anstream::stdout().lock();
        writeln!(out, "backed up to {}", args.path.display())?;
        Ok(())
    })
}

/// Check the database: SQLite's integrity check, and every stored event through the scenario
/// validation.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  myo check")]
pub struct CheckArgs {}

pub fn check(_args: CheckArgs, opts: &LogOpts) -> anyhow::Result<()> {
    let rt = st::runtime()?;
    rt.block_on(async {
        let store = st::open(opts).await?;
        let integrity = store.integrity_check().await.bad()?;
        if integrity != "ok" {
            anyhow::bail!("integrity check failed: {integrity}");
        }
        let athletes = store.athletes().await.bad()?;
        let mut total = 0;
        for a in &athletes {
            let events: Vec<_> = store
                .events(&EventFilter {
                    athlete_id: Some(a.id),
                    ..EventFilter::default()
                })
                .await
                .bad()?
                .iter()
                .map(|e| e.to_new())
                .collect();
            // Reading an event checks it against the event contract; the log must also make a
            // scenario (its times within the model's span).
            if let Some(first) = events.iter().map(|e| e.at).min() {
                let origin = myo_store::scenario::origin_for(&a.profile, first).bad()?;
                myo_store::scenario::scenario_of(&a.profile, origin, &events, &[], false)
                    .map_err(|e| anyhow::anyhow!("athlete {}: stored events do not make a scenario: {e}", a.name))?;
            }
            total += events.len();
        }
        let version = store.schema_version().await.bad()?;
        store.close().await;
        let mut out = anstream::stdout().lock();
        if opts.json {
            writeln!(
                out,
                "{}",
                serde_json::json!({"ok": true, "schema_version": version, "athletes": athletes.len(), "events": total})
            )?;
        } else {
            writeln!(
                out,
                "ok: schema version {version}, {} athlete(s), {total} event(s), all valid",
                athletes.len()
            )?;
        }
        Ok(())
    })
}
