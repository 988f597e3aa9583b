//! Wearables' account exports, recognised by their content (JSON keys, CSV header columns),
//! never by their file names: Garmin Connect's data export (`DI_CONNECT/…`: sleep, HRV status,
//! daily summaries), Oura's (sleep periods, CSV or JSON), WHOOP's (`physiological_cycles.csv`,
//! `sleeps.csv`, `workouts.csv`) and Polar Flow's (`training-session-*.json`).
//!
//! What each gives becomes the existing items: workouts → endurance activities, nights →
//! sleep, resting heart rate → a daily observation, a device's overnight HRV → the
//! observation's `night_rmssd_ms` (never the morning `rmssd_ms`). Scores a device computes
//! from what myo models itself (readiness, recovery, strain) are counted and left out, with the
//! reason, in the warnings. Files of these exports that carry nothing myo uses are not a format
//! myo reads ([`unused_reason`] says why, so a folder import lists them as skipped).

mod garmin;
mod oura;
mod polar;
mod whoop;

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde_json::{Map, Value};

use crate::csv::normalise_column;
use crate::error::{ErrorKind, Failure, Location};
use crate::item::{Item, Warning};
use crate::json::RESTING_HR_HOUR;
use crate::Options;

/// The wearable export files read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WearLayout {
    /// Garmin `DI-Connect-Wellness/*_sleepData.json`: calendarDate, sleepStartTimestampGMT,
    /// sleepEndTimestampGMT, deep/light/rem/awakeSleepSeconds, sleepScores.
    GarminSleep,
    /// Garmin `DI-Connect-Wellness/*_healthStatusData.json`: calendarDate, metrics [{type,
    /// value}] (HRV: the night's average, ms).
    GarminHealthStatus,
    /// Garmin `DI-Connect-Aggregator/UDSFile_*.json`: daily summaries (calendarDate,
    /// restingHeartRate, wellnessStartTimeGmt/Local, …).
    GarminDailySummary,
    /// Oura sleep periods: `sleepmodel.csv` (`;`-separated), the older trends CSV, or JSON
    /// (bedtime_start, bedtime_end, total_sleep_duration / total, average_hrv / rmssd,
    /// lowest_heart_rate / hr_lowest, type).
    OuraSleep,
    /// WHOOP `physiological_cycles.csv`: Cycle start time, Cycle timezone, Recovery score %,
    /// Resting heart rate (bpm), Heart rate variability (ms), Sleep onset, Wake onset, … .
    WhoopCycles,
    /// WHOOP `sleeps.csv`: Sleep onset, Wake onset, Asleep duration (min), Nap, … .
    WhoopSleeps,
    /// WHOOP `workouts.csv`: Workout start time, Workout end time, Duration (min), Activity
    /// name, Average HR (bpm), Activity Strain, Distance (meters), … .
    WhoopWorkouts,
    /// Polar Flow `training-session-*.json`: exportVersion, startTime, timeZoneOffset,
    /// exercises [{sport, startTime, duration, distance, heartRate {avg, max}}].
    PolarSession,
}

impl WearLayout {
    pub fn name(self) -> &'static str {
        match self {
            WearLayout::GarminSleep => "Garmin sleep",
            WearLayout::GarminHealthStatus => "Garmin health status (HRV)",
            WearLayout::GarminDailySummary => "Garmin daily summary",
            WearLayout::OuraSleep => "Oura sleep",
            WearLayout::WhoopCycles => "WHOOP physiological cycles",
            WearLayout::WhoopSleeps => "WHOOP sleeps",
            WearLayout::WhoopWorkouts => "WHOOP workouts",
            WearLayout::PolarSession => "Polar training session",
        }
    }
}

/// The first object of a JSON array text (possibly cut short), or the root object.
fn first_object(text: &str) -> Option<Map<String, Value>> {
    let rest = text.trim_start_matches('\u{feff}').trim_start();
    let rest = match rest.strip_prefix('[') {
        Some(r) => r.trim_start(),
        None => rest,
    };
    match serde_json::Deserializer::from_str(rest)
        .into_iter::<Value>()
        .next()
    {
        Some(Ok(Value::Object(m))) => Some(m),
        _ => None,
    }
}

fn is_array(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('[')
}

/// A JSON text's wearable layout, from its first entry's keys (or, for a head cut short inside
/// it, from the keys written in the head).
pub(crate) fn detect_json(text: &str) -> Option<WearLayout> {
    let head = &text[..text.len().min(64 * 1024)];
    let has = |key: &str| head.contains(&format!("\"{key}\""));
    if let Some(first) = first_object(text) {
        let key = |k: &str| first.contains_key(k);
        if is_array(text) {
            if key("sleepStartTimestampGMT")
                || (key("calendarDate") && (key("deepSleepSeconds") || key("lightSleepSeconds")))
            {
                return Some(WearLayout::GarminSleep);
            }
            if key("calendarDate") && first.get("metrics").is_some_and(Value::is_array) {
                return Some(WearLayout::GarminHealthStatus);
            }
            if key("calendarDate")
                && (key("restingHeartRate") || key("wellnessStartTimeGmt") || key("totalSteps"))
            {
                return Some(WearLayout::GarminDailySummary);
            }
            if key("bedtime_start") {
                return Some(WearLayout::OuraSleep);
            }
            return None;
        }
        if first.get("exercises").is_some_and(Value::is_array)
            && (key("exportVersion") || key("startTime"))
        {
            return Some(WearLayout::PolarSession);
        }
        let oura_list = |k: &str| {
            first
                .get(k)
                .and_then(Value::as_array)
                .and_then(|a| a.first())
                .and_then(Value::as_object)
                .is_some_and(|e| e.contains_key("bedtime_start"))
        };
        if oura_list("sleep") || oura_list("data") {
            return Some(WearLayout::OuraSleep);
        }
        return None;
    }
    // A head cut short: the keys it shows.
    if is_array(text) {
        if has("sleepStartTimestampGMT") {
            Some(WearLayout::GarminSleep)
        } else if has("calendarDate") && has("metrics") {
            Some(WearLayout::GarminHealthStatus)
        } else if has("calendarDate") && has("wellnessStartTimeGmt") {
            Some(WearLayout::GarminDailySummary)
        } else if has("bedtime_start") {
            Some(WearLayout::OuraSleep)
        } else {
            None
        }
    } else if has("exportVersion") && has("exercises") {
        Some(WearLayout::PolarSession)
    } else if has("bedtime_start") && (has("sleep") || has("data")) {
        Some(WearLayout::OuraSleep)
    } else {
        None
    }
}

/// A CSV header's normalised columns (`Cycle start time` → `cycle_start_time`).
fn header_columns(text: &str) -> Vec<String> {
    let line = text
        .trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("");
    let d = delimiter(line) as char;
    line.split(d)
        .map(|c| normalise_column(c.trim().trim_matches('"')))
        .collect()
}

fn delimiter(line: &str) -> u8 {
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

/// A CSV text's wearable layout, from its header.
pub(crate) fn detect_csv(text: &str) -> Option<WearLayout> {
    let cols = header_columns(text);
    let has = |n: &str| cols.iter().any(|c| c == n);
    if has("cycle_start_time") && has("heart_rate_variability_ms") && has("resting_heart_rate_bpm")
    {
        Some(WearLayout::WhoopCycles)
    } else if has("sleep_onset") && has("wake_onset") && has("asleep_duration_min") {
        Some(WearLayout::WhoopSleeps)
    } else if has("workout_start_time") && has("activity_name") {
        Some(WearLayout::WhoopWorkouts)
    } else if has("bedtime_start") && (has("total_sleep_duration") || has("bedtime_end")) {
        Some(WearLayout::OuraSleep)
    } else {
        None
    }
}

/// Why a file of one of these exports that has nothing myo uses is not read, or `None`.
pub(crate) fn unused_reason(text: &str) -> Option<String> {
    let head = &text[..text.len().min(64 * 1024)];
    let json = crate::json::looks_like_json(head);
    if !json {
        let cols = header_columns(head);
        let has = |n: &str| cols.iter().any(|c| c == n);
        if has("question_text") && has("answered_yes") {
            return Some(
                "WHOOP journal entries: yes/no answers to WHOOP's questions (alcohol, caffeine…), \
                 nothing myo models"
                    .into(),
            );
        }
        if has("score") && has("contributors") && has("day") {
            return Some(oura_score_reason("readiness or sleep score"));
        }
        return None;
    }
    let has = |key: &str| head.contains(&format!("\"{key}\""));
    if has("contributors") && has("score") && has("day") {
        return Some(oura_score_reason("readiness or sleep score"));
    }
    if has("readiness") && has("score_hrv_balance") && !has("bedtime_start") {
        return Some(oura_score_reason("readiness score"));
    }
    if has("exportVersion") && !has("exercises") {
        return Some(
            "a Polar Flow export file other than a training session (daily activity, sleep, \
             Nightly Recharge…): not read yet"
                .into(),
        );
    }
    if has("summarizedActivitiesExport") {
        return Some(
            "Garmin's activity summaries: read the activities' FIT files instead \
             (DI-Connect-Uploaded-Files, unzipped)"
                .into(),
        );
    }
    None
}

fn oura_score_reason(what: &str) -> String {
    format!(
        "Oura's daily {what}: a score Oura computes from HRV, resting heart rate, temperature and \
         sleep, which myo reads or models itself; the sleep periods file has the measurements"
    )
}

/// Parses a file of a wearable layout.
pub(crate) fn parse(
    layout: WearLayout,
    text: &str,
    opts: &Options,
) -> Result<(Vec<Item>, Vec<Warning>, usize), Failure> {
    let text = text.trim_start_matches('\u{feff}');
    let (items, warnings, n) = match layout {
        WearLayout::GarminSleep => garmin::sleep(&json_array(text)?, opts),
        WearLayout::GarminHealthStatus => garmin::health_status(&json_array(text)?, opts),
        WearLayout::GarminDailySummary => garmin::daily_summary(&json_array(text)?, opts),
        WearLayout::OuraSleep => oura::parse(text, opts)?,
        WearLayout::WhoopCycles => whoop::cycles(&Table::read(text)?, opts),
        WearLayout::WhoopSleeps => whoop::sleeps(&Table::read(text)?, opts),
        WearLayout::WhoopWorkouts => whoop::workouts(&Table::read(text)?, opts),
        WearLayout::PolarSession => polar::session(&json_value(text)?, opts),
    };
    let mut warnings = warnings;
    if items.is_empty() {
        // A file of the export with nothing myo uses (a month before the watch, a file of
        // strength sessions) is not an error: the warnings say why it gives no events.
        warnings.insert(
            0,
            Warning::new(format!(
                "no events from this {} file ({n} record(s) read)",
                layout.name()
            )),
        );
    }
    Ok((items, warnings, n))
}

fn json_value(text: &str) -> Result<Value, Failure> {
    serde_json::from_str(text).map_err(|e| {
        Failure::at(
            Location::Line {
                line: e.line(),
                column: None,
            },
            ErrorKind::Json(format!("{e}")),
        )
    })
}

fn json_array(text: &str) -> Result<Vec<Value>, Failure> {
    match json_value(text)? {
        Value::Array(a) => Ok(a),
        _ => Err(Failure::new(ErrorKind::Json("expected an array".into()))),
    }
}

/// A number field (also one written as text), or `None`.
fn number(e: &Map<String, Value>, key: &str) -> Option<f64> {
    match e.get(key)? {
        Value::Number(n) => n.as_f64().filter(|x| x.is_finite()),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|x| x.is_finite()),
        _ => None,
    }
}

fn text<'a>(e: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    e.get(key).and_then(Value::as_str).map(str::trim)
}

/// A naive date and time as the exports write them (`2026-02-15T01:08:45.0`,
/// `2026-02-15 01:08:45`, with or without fractions).
fn naive_time(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// The morning of a day's reading ([`RESTING_HR_HOUR`] local), as the other daily values.
fn morning(day: NaiveDate, offset: Option<FixedOffset>, opts: &Options) -> DateTime<FixedOffset> {
    let t = day.and_time(NaiveTime::from_hms_opt(RESTING_HR_HOUR, 0, 0).expect("valid"));
    match offset {
        Some(o) => t
            .and_local_timezone(o)
            .single()
            .unwrap_or_else(|| opts.zone.at_local(t)),
        None => opts.zone.at_local(t),
    }
}

/// Counts of what was left out, by reason, said once each at the end.
#[derive(Default)]
struct LeftOut(Vec<(String, usize)>);

impl LeftOut {
    fn add(&mut self, reason: &str) {
        match self.0.iter_mut().find(|(r, _)| r == reason) {
            Some((_, n)) => *n += 1,
            None => self.0.push((reason.to_string(), 1)),
        }
    }

    fn into_warnings(self, warnings: &mut Vec<Warning>) {
        for (reason, n) in self.0 {
            warnings.push(Warning::new(format!("{n} {reason}")));
        }
    }
}

/// A CSV table: normalised column names, and each row with its 1-based line.
struct Table {
    columns: HashMap<String, usize>,
    rows: Vec<(usize, csv::StringRecord)>,
}

impl Table {
    fn read(text: &str) -> Result<Table, Failure> {
        let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter(line))
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| {
                Failure::line(
                    1,
                    None,
                    ErrorKind::BadValue {
                        value: String::new(),
                        message: e.to_string(),
                    },
                )
            })?
            .clone();
        // The first of two columns of one name wins.
        let mut columns = HashMap::new();
        for (i, n) in headers.iter().enumerate() {
            columns.entry(normalise_column(n)).or_insert(i);
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) => {
                    let line = r.position().map_or(0, |p| p.line() as usize);
                    if rows.len() >= crate::MAX_ROWS {
                        return Err(Failure::line(
                            line,
                            None,
                            ErrorKind::BadValue {
                                value: String::new(),
                                message: format!(
                                    "more than {} rows; split the file",
                                    crate::MAX_ROWS
                                ),
                            },
                        ));
                    }
                    rows.push((line, r));
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line() as usize);
                    return Err(Failure::line(
                        line,
                        None,
                        ErrorKind::BadValue {
                            value: String::new(),
                            message: e.to_string(),
                        },
                    ));
                }
            }
        }
        Ok(Table { columns, rows })
    }

    /// A cell by normalised column name; empty, `null` and `NA` cells are `None`.
    fn get<'r>(&self, row: &'r csv::StringRecord, name: &str) -> Option<&'r str> {
        let i = *self.columns.get(name)?;
        row.get(i)
            .map(str::trim)
            .filter(|s| !s.is_empty() && !s.eq_ignore_ascii_case("null") && *s != "NA")
    }

    /// A number cell; `Err` names a cell that is not one.
    fn num(&self, row: &csv::StringRecord, name: &str) -> Result<Option<f64>, String> {
        match self.get(row, name) {
            None => Ok(None),
            Some(s) => match s.replace(',', ".").parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(Some(x)),
                _ => Err(format!("column {name:?}: {s:?} is not a number")),
            },
        }
    }
}

/// The sport of a workout named by the app (WHOOP's "Running", Polar's "ROAD_RUNNING"), or
/// `None` for strength training: the exports keep no sets or loads, so it gives no event.
fn sport_of(name: &str) -> Option<myo_model::Sport> {
    let n = name.to_ascii_lowercase().replace(['_', '-'], " ");
    let strength = [
        "weight",
        "strength",
        "powerlifting",
        "functional fitness",
        "crossfit",
        "circuit",
    ];
    if strength.iter().any(|w| n.contains(w)) {
        return None;
    }
    // Football is soccer unless it says otherwise (Polar's FOOTBALL, WHOOP's "Soccer").
    if n.contains("football") && !n.contains("american") && !n.contains("australian") {
        return Some(myo_model::Sport::Soccer);
    }
    if n.contains("spin") {
        return Some(myo_model::Sport::Cycle);
    }
    Some(crate::fit::sport_from_words(&n, None))
}

/// A UTC offset as the exports write it: `UTC+02:00`, `UTC-4`, `+0200`, `-05:00`, `UTC`.
fn offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    let rest = s
        .strip_prefix("UTC")
        .or_else(|| s.strip_prefix("GMT"))
        .unwrap_or(s)
        .trim();
    if rest.is_empty() {
        return FixedOffset::east_opt(0);
    }
    let (sign, digits) = match rest.as_bytes()[0] {
        b'+' => (1, &rest[1..]),
        b'-' => (-1, &rest[1..]),
        _ => return None,
    };
    let (h, m) = match digits.split_once(':') {
        Some((h, m)) => (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?),
        None if digits.len() == 4 => (digits[..2].parse().ok()?, digits[2..].parse().ok()?),
        None => (digits.parse().ok()?, 0),
    };
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// A local wall-clock time at a known offset, or in `opts.zone` when there is none.
fn at(local: NaiveDateTime, offset: Option<FixedOffset>, opts: &Options) -> DateTime<FixedOffset> {
    match offset {
        Some(o) => local
            .and_local_timezone(o)
            .single()
            .unwrap_or_else(|| opts.zone.at_local(local)),
        None => opts.zone.at_local(local),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_as_the_exports_write_them() {
        let h = |x: i32| FixedOffset::east_opt(x * 3600);
        assert_eq!(offset("UTC+02:00"), h(2));
        assert_eq!(offset("UTC-04:00"), h(-4));
        assert_eq!(offset("+0530"), FixedOffset::east_opt(5 * 3600 + 1800));
        assert_eq!(offset("UTC"), h(0));
        assert_eq!(offset("UTC-4"), h(-4));
        assert_eq!(offset("Europe/Oslo"), None);
        assert_eq!(offset("UTC+99:00"), None);
    }

    #[test]
    fn sports_by_name() {
        use myo_model::Sport;
        assert_eq!(sport_of("Running"), Some(Sport::Run));
        assert_eq!(sport_of("FOOTBALL"), Some(Sport::Soccer));
        assert_eq!(sport_of("American Football"), Some(Sport::Other));
        assert_eq!(sport_of("Tennis"), Some(Sport::Tennis));
        assert_eq!(sport_of("ROAD_BIKING"), Some(Sport::Cycle));
        assert_eq!(sport_of("Spin"), Some(Sport::Cycle));
        assert_eq!(sport_of("Weightlifting"), None);
        assert_eq!(sport_of("STRENGTH_TRAINING"), None);
        assert_eq!(sport_of("Functional Fitness"), None);
    }
}
