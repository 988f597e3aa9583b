//! What every log command shares: the global options, opening the store, the clock, times
//! and durations as people type them, and the log as the model's input.

use std::path::PathBuf;

use anyhow::Context as _;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use myo_scenario::Zone;
use myo_store::{Athlete, Store, StoreError};

use crate::exit::BadInput;

/// Options of every log command (also accepted after the subcommand).
#[derive(clap::Args, Clone, Debug, Default)]
pub struct LogOpts {
    /// Database: sqlite://PATH, a file path, or postgres://USER[:PASSWORD]@HOST[:PORT]/DB
    /// [default: myo.db in the data directory, e.g. ~/.local/share/myo/myo.db].
    #[arg(long, global = true, env = "MYO_DATABASE_URL", value_name = "URL")]
    pub database: Option<String>,
    /// The athlete [default: the default athlete].
    #[arg(long, global = true, env = "MYO_ATHLETE", value_name = "NAME")]
    pub athlete: Option<String>,
    /// Print JSON instead of a table (every read command).
    #[arg(long, global = true)]
    pub json: bool,
}

/// The default database file: `$XDG_DATA_HOME/myo/myo.db` (the platform's data directory).
pub fn default_database_path() -> anyhow::Result<PathBuf> {
    let dir = dirs::data_dir()
        .context("no data directory found (set HOME or XDG_DATA_HOME, or pass --database)")?;
    Ok(dir.join("myo").join("myo.db"))
}

/// The database URL in force.
pub fn database_url(opts: &LogOpts) -> anyhow::Result<String> {
    if let Some(url) = &opts.database {
        return Ok(url.clone());
    }
    let path = default_database_path()?;
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating the data directory {}", parent.display()))?;
    }
    Ok(format!("sqlite://{}", path.display()))
}

/// A single-threaded runtime: the CLI does one thing at a time.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?)
}

/// Store errors: the user's own (exit 2) or not (exit 1), with the message as it is.
pub fn store_err(e: StoreError) -> anyhow::Error {
    if e.is_bad_input() {
        BadInput(e.to_string()).into()
    } else {
        anyhow::Error::new(e)
    }
}

/// `StoreError` → `anyhow` with the exit-code split, for `?`.
pub trait OrBad<T> {
    fn bad(self) -> anyhow::Result<T>;
    /// Bad input prefixed with the argument that caused it.
    fn bad_arg(self, arg: &str) -> anyhow::Result<T>;
}

impl<T> OrBad<T> for Result<T, StoreError> {
    fn bad(self) -> anyhow::Result<T> {
        self.map_err(store_err)
    }
    fn bad_arg(self, arg: &str) -> anyhow::Result<T> {
        self.map_err(|e| {
            if e.is_bad_input() {
                BadInput(format!("{arg}: {e}")).into()
            } else {
                anyhow::Error::new(e)
            }
        })
    }
}

/// Opens the store named by the options (migrating it), with the size cap of
/// `MYO_SQLITE_MAX_PAGES` when set (an operator's limit, also used by the tests).
pub async fn open(opts: &LogOpts) -> anyhow::Result<Store> {
    let url = database_url(opts)?;
    let max_page_count = match std::env::var("MYO_SQLITE_MAX_PAGES") {
        Ok(v) => Some(
            v.parse()
                .map_err(|_| BadInput(format!("MYO_SQLITE_MAX_PAGES: \"{v}\" is not a number")))?,
        ),
        Err(_) => None,
    };
    let options = myo_store::OpenOptions {
        max_page_count,
        read_only: sqlite_not_writable(&url),
        ..myo_store::OpenOptions::default()
    };
    Store::open_with(&url, &options).await.bad_arg("--database")
}

/// Why an existing SQLite file cannot be written (the file or its directory), if so.
pub fn sqlite_not_writable(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://")?;
    let path = std::path::Path::new(rest.split('?').next()?);
    if !path.exists() {
        return None;
    }
    if let Err(e) = std::fs::OpenOptions::new().append(true).open(path) {
        return Some(format!("{}: {e}", path.display()));
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty())?;
    let probe = dir.join(format!(".myo-write-probe-{}", std::process::id()));
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe)
    {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            None
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => None,
        Err(e) => Some(format!("directory {}: {e}", dir.display())),
    }
}

/// Now: `MYO_NOW` (RFC 3339, for reproducible runs and tests) or the system clock.
pub fn now() -> anyhow::Result<DateTime<Utc>> {
    match std::env::var("MYO_NOW") {
        Ok(v) => DateTime::parse_from_rfc3339(v.trim())
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| BadInput(format!("MYO_NOW: \"{v}\" is not an RFC 3339 timestamp")).into()),
        Err(_) => Ok(Utc::now()),
    }
}

pub fn now_ms() -> anyhow::Result<i64> {
    Ok(now()?.timestamp_millis())
}

/// Parses a time as people write it, in `zone`: `now`, RFC 3339, `2026-01-05 18:30`,
/// `2026-01-05`, `18:30` (today), `today 7:00`, `yesterday 18:30`, `tomorrow`, `-2h`,
/// `2h ago`, `+1d`.
pub fn parse_when(
    text: &str,
    now: DateTime<Utc>,
    zone: Zone,
) -> Result<DateTime<FixedOffset>, String> {
    let t = text.trim();
    let lower = t.to_lowercase();
    let local_now = zone.local(now.fixed_offset());
    let at_local = |date: NaiveDate, time: NaiveTime| zone.at_local(date.and_time(time));
    let hint = "use now, yesterday 18:30, 2026-01-05 18:30, 18:30, -2h, 2h ago or RFC 3339";
    if lower == "now" {
        return Ok(local_now);
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(at);
    }
    for day in ["today", "yesterday", "tomorrow"] {
        if let Some(rest) = lower.strip_prefix(day) {
            let shift = match day {
                "today" => 0,
                "yesterday" => -1,
                _ => 1,
            };
            let date = local_now.date_naive() + Duration::days(shift);
            let rest = rest.trim();
            let time = if rest.is_empty() {
                local_now.time()
            } else {
                parse_clock(rest)
                    .ok_or_else(|| format!("\"{text}\": bad clock time \"{rest}\" ({hint})"))?
            };
            return Ok(at_local(date, time));
        }
    }
    if let Some(rest) = lower.strip_suffix("ago") {
        let h = parse_duration_h(rest.trim()).ok_or_else(|| format!("\"{text}\": {hint}"))?;
        return Ok(local_now - Duration::milliseconds((h * 3.6e6).round() as i64));
    }
    if t.starts_with('+') || t.starts_with('-') {
        if let Some(h) = myo_scenario::time::parse_offset_h(&t.replace("min", "m")) {
            return Ok(local_now + Duration::milliseconds((h * 3.6e6).round() as i64));
        }
    }
    if let Some(time) = parse_clock(&lower) {
        return Ok(at_local(local_now.date_naive(), time));
    }
    for f in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, f) {
            return Ok(at_local(dt.date(), dt.time()));
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        return Ok(at_local(date, NaiveTime::MIN));
    }
    Err(format!("\"{text}\" is not a time ({hint})"))
}

fn parse_clock(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()
}

/// A duration such as `7.5h`, `45m`, `45min`, `1h30m`, `90s`, in hours; `None` if malformed.
pub fn parse_duration_h(text: &str) -> Option<f64> {
    let t = text
        .trim()
        .to_lowercase()
        .replace("hours", "h")
        .replace("hour", "h")
        .replace("hrs", "h")
        .replace("hr", "h")
        .replace("mins", "m")
        .replace("min", "m")
        .replace(' ', "");
    myo_scenario::time::parse_duration_h(&t)
}

/// A duration argument: a number with a unit, or a bare number in `bare_unit` ("h" or "m").
pub fn duration_arg(arg: &str, text: &str, bare_unit: &str) -> anyhow::Result<f64> {
    let trimmed = text.trim();
    if trimmed.starts_with('-') {
        return Err(BadInput(format!(
            "{arg}: \"{text}\" is negative (a duration is at least 0)"
        ))
        .into());
    }
    if let Ok(x) = trimmed.parse::<f64>() {
        if x.is_finite() {
            return Ok(if bare_unit == "m" { x / 60.0 } else { x });
        }
    }
    parse_duration_h(trimmed).ok_or_else(|| {
        BadInput(format!(
            "{arg}: \"{text}\" is not a duration (use e.g. 7.5h, 45m or 1h30m)"
        ))
        .into()
    })
}

/// The latest time an event may be logged at: a day after now (planned sessions).
pub const MAX_AHEAD_H: i64 = 24;

/// Parses an event time for writing: not more than a day ahead, not before 1900.
pub fn event_time(
    arg: &str,
    text: &str,
    now: DateTime<Utc>,
    zone: Zone,
) -> anyhow::Result<DateTime<FixedOffset>> {
    let at = parse_when(text, now, zone).map_err(|m| BadInput(format!("{arg}: {m}")))?;
    check_event_time(arg, at, now)?;
    Ok(at)
}

pub fn check_event_time(
    arg: &str,
    at: DateTime<FixedOffset>,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    if at.with_timezone(&Utc) > now + Duration::hours(MAX_AHEAD_H) {
        return Err(BadInput(format!(
            "{arg}: {} is in the future (events can be logged at most {MAX_AHEAD_H} h ahead; now is {})",
            at.to_rfc3339(),
            now.with_timezone(&at.timezone()).to_rfc3339()
        ))
        .into());
    }
    if at.timestamp() < -2_208_988_800 {
        return Err(BadInput(format!("{arg}: {} is before 1900", at.to_rfc3339())).into());
    }
    Ok(())
}

/// The athlete named by the options (or the default one).
pub async fn athlete(store: &Store, opts: &LogOpts) -> anyhow::Result<Athlete> {
    store
        .athlete(opts.athlete.as_deref())
        .await
        .bad_arg("--athlete")
}

/// Checkpoints unless `MYO_CHECKPOINTS=off` (the identity tests compare both).
pub fn checkpoint_policy() -> myo_service::checkpoints::Policy {
    myo_service::checkpoints::Policy {
        enabled: !matches!(
            std::env::var("MYO_CHECKPOINTS").as_deref(),
            Ok("off" | "0" | "false")
        ),
    }
}

/// The log of the athlete in `opts` at now (in the athlete's zone), reporting every group.
pub fn log_now(opts: &LogOpts) -> anyhow::Result<(myo_service::log::Log, DateTime<FixedOffset>)> {
    let rt = runtime()?;
    rt.block_on(async {
        let (store, _, log, at) = open_log_now(opts).await?;
        store.close().await;
        Ok((log, at))
    })
}

/// The plan at this moment from the log, resumed from the store's kept states.
pub fn plan_now(
    opts: &LogOpts,
    ensemble: Option<myo_advisor::Ensemble>,
) -> anyhow::Result<myo_advisor::DayPlan> {
    let rt = runtime()?;
    rt.block_on(async {
        let (store, athlete, log, at) = open_log_now(opts).await?;
        let plan = myo_service::plan::now_kept(&store, &athlete, &log, at, ensemble)
            .await
            .bad()?;
        store.close().await;
        Ok(plan)
    })
}

/// The store, the athlete, their log and now in their zone.
async fn open_log_now(
    opts: &LogOpts,
) -> anyhow::Result<(Store, Athlete, myo_service::log::Log, DateTime<FixedOffset>)> {
    let store = open(opts).await?;
    let athlete = athlete(&store, opts).await?;
    let at = athlete.profile.time_zone.local(now()?.fixed_offset());
    let log = myo_service::log::read(&store, &athlete, &[], &[at], at)
        .await
        .bad()?;
    Ok((store, athlete, log, at))
}

/// Formats a time for tables: local date and minute.
pub fn short_time(at: &DateTime<FixedOffset>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}
