//! Importers: files people already have (FIT, TCX, GPX, CSV exports, Fitbit's JSON, Apple
//! Health, and the account exports of Garmin Connect, Oura, WHOOP and Polar Flow) into typed
//! items and the scenario's event shape, with diagnostics.
//!
//! - [`detect`] recognises a file by its content (FIT header, XML root, CSV header columns,
//!   the keys of a JSON array's first entry).
//! - [`parse`] turns one file into [`Imported`]: [`Item`]s (endurance activities with laps
//!   and samples, strength sessions mapped to the catalogue, RR series, daily HRV, sleep,
//!   session RPE, wellness, observations) and [`Warning`]s for data-quality problems that did
//!   not stop it.
//!   A file that cannot be read is an [`ImportError`] naming the file and the place in it;
//!   never a panic (the FIT decoder is guarded).
//! - [`Item::to_event`] gives the scenario `[[event]]` table (`spec/scenario.md`) as JSON,
//!   which is what the store keeps; [`content_hash`] identifies a file so a re-import adds
//!   nothing.
//!
//! - [`parse_reader`] parses from a `BufRead` instead: an Apple Health export (up to several
//!   GB) is read in blocks, its [`content_hash`] computed as it goes, with the same result.
//!
//! No I/O: callers read the bytes or hand over a reader (the CLI walks folders and opens
//! files), so this crate is easy to fuzz.
//!
//! ```
//! use myo_import::{parse, Format, Item};
//!
//! let csv = "at,kind,sport,minutes,avg_hr,distance_km\n\
//!            2026-01-05T07:30:00+01:00,endurance,run,42,151,8.1\n";
//! let imported = parse("runs.csv".as_ref(), csv.as_bytes()).unwrap();
//! assert!(matches!(imported.format, Format::Csv(_)));
//! let event = imported.items[0].to_event().unwrap();
//! assert_eq!(event["kind"], "endurance");
//! assert_eq!(event["avg_hr"], 151);
//! assert_eq!(event["at"], "2026-01-05T07:30:00+01:00");
//! ```

mod apple;
mod csv;
mod error;
pub mod fit;
mod item;
mod json;
mod rr;
mod stream;
pub mod terrain;
mod wear;
mod xml;

use std::path::Path;

use myo_scenario::Zone;
use sha2::{Digest, Sha256};

pub use crate::csv::{detect_layout, normalise_column, CsvLayout, GENERIC_COLUMNS};
pub use error::{ErrorKind, Failure, ImportError, Location};
pub use item::{
    estimated_intensity, generic_strength_exercises, night_covered, reported_sleep,
    soreness_area_groups, wellness_observation, Activity, DailyHrv, Downhill, EventContext,
    ExerciseLog, Imported, Intensity, Item, Lap, Observation, RrSeries, Sample, SessionRpe, SetLog,
    Sleep, StrengthSession, Warning, Wellness, DAY_STARTS_HOUR, GENERIC_MINUTES_PER_SET,
    GENERIC_REPS, LATE_LOG_END_HOUR, REFERENCE_VO2MAX, REPORTED_WAKE_HOUR,
};
pub use json::{detect_json, JsonLayout, RESTING_HR_HOUR};
pub use stream::{parse_reader, Streamed, HEAD_BYTES};
pub use wear::WearLayout;

/// The most data rows one CSV file may hold: the parse is linear in rows, but each row may
/// become an event that every later question simulates. A longer history is split into files.
pub const MAX_ROWS: usize = 100_000;

/// A file format, as recognised from the content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Fit,
    Tcx,
    Gpx,
    Csv(CsvLayout),
    Json(JsonLayout),
    /// RR intervals, one a line (optionally under an `rr_ms` / `rr_s` header).
    RrText,
    /// Apple Health's `export.xml`.
    AppleHealth,
    /// A file of a wearable's account export (Garmin, Oura, WHOOP, Polar).
    Wearable(WearLayout),
    Unknown,
}

impl Format {
    /// A short name for summaries ("FIT", "Strong").
    pub fn name(self) -> &'static str {
        match self {
            Format::Fit => "FIT",
            Format::Tcx => "TCX",
            Format::Gpx => "GPX",
            Format::Csv(l) => l.name(),
            Format::Json(l) => l.name(),
            Format::RrText => "RR intervals",
            Format::AppleHealth => "Apple Health",
            Format::Wearable(l) => l.name(),
            Format::Unknown => "unknown",
        }
    }
}

/// Choices the file cannot make.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// The zone for times written without one (most CSV exports, Fitbit): the athlete's,
    /// daylight-saving time included when it is named; UTC unless told.
    pub zone: Zone,
}

impl Default for Options {
    fn default() -> Self {
        Options { zone: Zone::UTC }
    }
}

/// Recognises a file by its content. `path` is not consulted: extensions lie (`.FIT`,
/// `.txt` exports), content does not. Only the first 64 KiB are looked at.
pub fn detect(_path: &Path, bytes: &[u8]) -> Format {
    if fit::looks_like_fit(bytes) {
        return Format::Fit;
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let text = match std::str::from_utf8(head) {
        Ok(t) => t,
        // The cut may split a character; what came before it is fine.
        Err(e) if e.valid_up_to() > 0 && head.len() < bytes.len() => {
            std::str::from_utf8(&head[..e.valid_up_to()]).unwrap_or("")
        }
        Err(_) => return Format::Unknown,
    };
    match xml::root_element(text) {
        Some("TrainingCenterDatabase") => return Format::Tcx,
        Some("gpx") => return Format::Gpx,
        Some("HealthData") => return Format::AppleHealth,
        Some(_) => return Format::Unknown,
        None => {}
    }
    if json::looks_like_json(text) {
        if let Some(l) = wear::detect_json(text) {
            return Format::Wearable(l);
        }
        return detect_json(text).map_or(Format::Unknown, Format::Json);
    }
    if let Some(l) = wear::detect_csv(text) {
        return Format::Wearable(l);
    }
    match detect_layout(text) {
        Some(l) => Format::Csv(l),
        None if rr::looks_like_rr_text(text) => Format::RrText,
        None => Format::Unknown,
    }
}

/// Parses one file with default [`Options`].
pub fn parse(path: &Path, bytes: &[u8]) -> Result<Imported, ImportError> {
    parse_with(path, bytes, &Options::default())
}

/// Parses one file: detects the format, then reads it. Never panics. A large file can be read
/// in blocks instead with [`parse_reader`].
pub fn parse_with(path: &Path, bytes: &[u8], opts: &Options) -> Result<Imported, ImportError> {
    let format = detect(path, bytes);
    let fail = |f: error::Failure| ImportError::new(path, f.location, f.kind);
    let text =
        || std::str::from_utf8(bytes).map_err(|_| ImportError::new(path, None, ErrorKind::NotText));
    let (format, items, warnings, source_records) = match format {
        Format::Fit => {
            let (items, warnings, n) = fit::parse(bytes).map_err(fail)?;
            (format, items, warnings, n)
        }
        Format::Tcx => {
            let (items, warnings, n) = xml::parse_tcx(text()?).map_err(fail)?;
            (format, items, warnings, n)
        }
        Format::Gpx => {
            let (items, warnings, n) = xml::parse_gpx(text()?).map_err(fail)?;
            (format, items, warnings, n)
        }
        Format::AppleHealth => {
            let input = text()?.trim_start_matches('\u{feff}').as_bytes();
            let (items, warnings, n) = apple::parse(input).map_err(fail)?;
            (format, items, warnings, n)
        }
        Format::Csv(_) => {
            let (layout, items, warnings, n) = csv::parse(text()?, opts).map_err(fail)?;
            (Format::Csv(layout), items, warnings, n)
        }
        Format::Json(_) => {
            let (layout, items, warnings, n) = json::parse(text()?, opts).map_err(fail)?;
            (Format::Json(layout), items, warnings, n)
        }
        Format::Wearable(l) => {
            let (items, warnings, n) = wear::parse(l, text()?, opts).map_err(fail)?;
            (format, items, warnings, n)
        }
        Format::RrText => {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            let (items, warnings, n) =
                rr::parse_rr_text(&name, text()?, opts.zone).map_err(fail)?;
            (format, items, warnings, n)
        }
        Format::Unknown => {
            let head = std::str::from_utf8(&bytes[..bytes.len().min(64 * 1024)]).ok();
            if let Some(why) = head.and_then(wear::unused_reason) {
                return Err(ImportError::new(path, None, ErrorKind::UnknownFormat(why)));
            }
            let why = if bytes.is_empty() {
                "the file is empty".to_string()
            } else if let Some(root) = std::str::from_utf8(&bytes[..bytes.len().min(4096)])
                .ok()
                .and_then(xml::root_element)
            {
                format!("XML with root <{root}>, neither TCX nor GPX")
            } else if std::str::from_utf8(&bytes[..bytes.len().min(4096)])
                .is_ok_and(json::looks_like_json)
            {
                "JSON, but not a Fitbit, Garmin, Oura or Polar export file myo reads".to_string()
            } else if std::str::from_utf8(bytes).is_ok() {
                let header = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
                let header = String::from_utf8_lossy(&header[..header.len().min(200)]);
                return Err(ImportError::new(
                    path,
                    Some(Location::Line {
                        line: 1,
                        column: None,
                    }),
                    ErrorKind::UnknownCsvLayout {
                        columns: header.trim().to_string(),
                    },
                ));
            } else {
                "not FIT, XML or text".to_string()
            };
            return Err(ImportError::new(path, None, ErrorKind::UnknownFormat(why)));
        }
    };
    Ok(finish(format, items, warnings, source_records))
}

/// What every format's items go through after their reader: pool swims recognised, resting
/// readings, and a note for each session without heart rate.
fn finish(
    format: Format,
    mut items: Vec<Item>,
    mut warnings: Vec<Warning>,
    source_records: usize,
) -> Imported {
    for i in &mut items {
        if let Item::Activity(a) = i {
            if looks_like_pool_swim(a) {
                a.sport = myo_model::Sport::Swim;
                warnings.push(Warning::new(format!(
                    "the \"{}\" session at {} is taken as a pool swim: no positions, its distances \
                     whole pool lengths, its speed a swimmer's",
                    a.source_sport,
                    a.start.format("%Y-%m-%d %H:%M")
                )));
            }
        }
    }
    let readings = rr::resting_readings(&items, &mut warnings);
    if !readings.is_empty() {
        // A file that is a resting reading: its generic "session" is the reading, not training.
        items.retain(|i| match i {
            Item::Activity(a) if a.sport == myo_model::Sport::Other && a.elapsed_s <= 900.0 => {
                warnings.push(Warning::new(format!(
                    "the session ({}, {:.1} min) is the HRV reading itself: no training event",
                    a.source_sport,
                    a.elapsed_s / 60.0
                )));
                false
            }
            _ => true,
        });
        items.extend(readings);
    }
    warnings.extend(items.iter().filter_map(|i| match i {
        Item::Activity(a) if !a.transition && a.avg_hr_bpm.is_none() => {
            Some(Warning::new(estimate_note(a)))
        }
        _ => None,
    }));
    Imported {
        format,
        items,
        warnings,
        source_records,
    }
}

/// A session of no named sport (TCX has only Running, Biking and Other) that is a pool swim:
/// no positions, every distance a whole number of 25 m or 25 yd lengths, 0.3–2.5 m/s.
fn looks_like_pool_swim(a: &Activity) -> bool {
    let seconds = a.moving_s.filter(|s| *s > 0.0).unwrap_or(a.elapsed_s);
    let Some(total) = a.distance_m.filter(|d| *d > 0.0) else {
        return false;
    };
    let whole = |d: f64, length: f64| ((d / length).round() * length - d).abs() < 0.01;
    let lengths = |length: f64| {
        whole(total, length)
            && a.samples
                .iter()
                .filter_map(|s| s.distance_m)
                .all(|d| whole(d, length))
    };
    a.sport == myo_model::Sport::Other
        && !a.transition
        && seconds > 0.0
        && (0.3..=2.5).contains(&(total / seconds))
        && a.samples.iter().all(|s| s.lat_deg.is_none())
        && (lengths(25.0) || lengths(22.86))
}

/// What the import does with a session without heart rate: its estimated intensity, or why it
/// gives no event.
fn estimate_note(a: &Activity) -> String {
    let seconds = a.moving_s.filter(|s| *s > 0.0).unwrap_or(a.elapsed_s);
    let what = format!(
        "{} at {} ({:.0} min{})",
        a.sport.name(),
        a.start.format("%Y-%m-%d %H:%M"),
        seconds / 60.0,
        a.distance_m
            .filter(|d| *d > 0.0)
            .map(|d| format!(", {:.2} km", d / 1000.0))
            .unwrap_or_default()
    );
    let power = if a.avg_power_w.is_some() {
        " (its power gives the effort instead when the athlete's FTP is known)"
    } else {
        ""
    };
    match item::estimated_intensity(a) {
        Ok(e) => {
            let speed = match a.sport {
                myo_model::Sport::Swim => format!("{:.0} s/100 m", 100.0 / e.speed_m_s),
                myo_model::Sport::Cycle => format!("{:.1} km/h", e.speed_m_s * 3.6),
                _ => {
                    let s = (1000.0 / e.speed_m_s).round() as u64;
                    format!("{}:{:02} /km", s / 60, s % 60)
                }
            };
            format!(
                "{what}: no heart rate; intensity estimated from its speed ({speed}) as {:.0} % VO2max \
                 for a recreationally trained adult{power}: log its RPE for a better measure",
                e.pct_vo2max
            )
        }
        Err(why) => format!("{what}: {why}; no event{power}: log it with an RPE"),
    }
}

/// SHA-256 of the file's bytes, lower-case hex: the key that makes re-imports add nothing.
pub fn content_hash(bytes: &[u8]) -> String {
    hex(Sha256::digest(bytes))
}

fn hex(digest: impl IntoIterator<Item = u8>) -> String {
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Fills what the summaries lack from the samples: distance from positions, duration from
/// times, mean and maximum heart rate and power, and the downhill profile.
pub(crate) fn fill_from_samples(a: &mut Activity) {
    if a.samples.is_empty() {
        return;
    }
    let total = terrain::fill_distance_from_positions(&mut a.samples);
    if a.distance_m.is_none() {
        a.distance_m = total.filter(|d| *d > 0.0);
    }
    if a.elapsed_s <= 0.0 {
        let first = a.samples.iter().find_map(|s| s.time);
        let last = a.samples.iter().rev().find_map(|s| s.time);
        if let (Some(f), Some(l)) = (first, last) {
            a.elapsed_s = (l - f).num_milliseconds().max(0) as f64 / 1000.0;
        }
    }
    let mean_max = |f: fn(&Sample) -> Option<f64>| {
        let (mut sum, mut n, mut max) = (0.0, 0usize, f64::MIN);
        for v in a.samples.iter().filter_map(f) {
            sum += v;
            n += 1;
            max = max.max(v);
        }
        (n > 0).then(|| (sum / n as f64, max))
    };
    // Zero heart rate is a dropped strap, not a heart at rest.
    if let Some((avg, max)) = mean_max(|s| s.hr_bpm.filter(|h| *h > 0.0)) {
        a.avg_hr_bpm = a.avg_hr_bpm.or(Some(avg));
        a.max_hr_bpm = a.max_hr_bpm.or(Some(max));
    }
    if let Some((avg, max)) = mean_max(|s| s.power_w) {
        a.avg_power_w = a.avg_power_w.or(Some(avg));
        a.max_power_w = a.max_power_w.or(Some(max));
    }
    if a.downhill.is_none() {
        a.downhill = terrain::downhill(&a.samples);
    }
}
