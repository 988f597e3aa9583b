//! Garmin Connect's account export ("Export your data", the `DI_CONNECT` folder unpacked):
//! nights from `*_sleepData.json` (GMT start and end, seconds of deep, light, REM and awake
//! sleep, the sleep score), the overnight HRV of `*_healthStatusData.json` (Garmin's average
//! RMSSD over the night: `night_rmssd_ms`, not a morning reading) and the resting heart rate
//! of the daily summaries `UDSFile_*.json`. Activities come as FIT files, read as such.

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use serde_json::{Map, Value};

use super::{date, morning, naive_time, number, text, LeftOut};
use crate::item::{Item, Observation, Sleep, Warning};
use crate::Options;

type Parsed = (Vec<Item>, Vec<Warning>, usize);

/// A Garmin GMT timestamp: `2026-02-15T01:08:45.0` (no zone written: it is UTC) or epoch
/// milliseconds.
fn gmt(e: &Map<String, Value>, key: &str) -> Option<DateTime<Utc>> {
    match e.get(key)? {
        Value::Number(n) => Utc.timestamp_millis_opt(n.as_f64()? as i64).single(),
        Value::String(s) => naive_time(s).map(|t| t.and_utc()),
        _ => None,
    }
}

fn calendar_date(e: &Map<String, Value>) -> Option<NaiveDate> {
    text(e, "calendarDate").and_then(date)
}

fn zone_note(opts: &Options, warnings: &mut Vec<Warning>) {
    warnings.push(Warning::new(format!(
        "Garmin's file names the day, not its time zone: readings placed at 07:00 in {}",
        crate::item::zone_words(opts.zone)
    )));
}

pub(super) fn sleep(entries: &[Value], opts: &Options) -> Parsed {
    let mut items = Vec::new();
    let mut warnings = Vec::new();
    let mut out = LeftOut::default();
    let mut naps = 0usize;
    for e in entries {
        let Some(e) = e.as_object() else {
            out.add("entr(ies) that are not objects left out");
            continue;
        };
        naps += e
            .get("napList")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        let stages: Vec<f64> = ["deepSleepSeconds", "lightSleepSeconds", "remSleepSeconds"]
            .iter()
            .filter_map(|k| number(e, k))
            .filter(|s| *s >= 0.0)
            .collect();
        let asleep_s: f64 = stages.iter().sum();
        let Some(start) = gmt(e, "sleepStartTimestampGMT") else {
            out.add("night(s) without a sleep start (no sleep recorded that day) left out");
            continue;
        };
        if asleep_s <= 0.0 {
            out.add("night(s) without sleep stages (not measured) left out");
            continue;
        }
        if asleep_s > 24.0 * 3600.0 {
            out.add("night(s) longer than 24 h asleep left out");
            continue;
        }
        let score = e
            .get("sleepScores")
            .and_then(Value::as_object)
            .and_then(|s| number(s, "overallScore"))
            .filter(|s| (0.0..=100.0).contains(s));
        items.push(Item::Sleep(Sleep {
            start: opts.zone.local(start.fixed_offset()),
            asleep_h: asleep_s / 3600.0,
            quality: score.map(crate::fit::sleep_quality),
            score,
            reported: false,
        }));
    }
    if naps > 0 {
        warnings.push(Warning::new(format!(
            "{naps} nap(s) left out: Garmin's export gives a nap's window, not its sleep"
        )));
    }
    out.into_warnings(&mut warnings);
    (items, warnings, entries.len())
}

pub(super) fn health_status(entries: &[Value], opts: &Options) -> Parsed {
    let mut items = Vec::new();
    let mut warnings = Vec::new();
    let mut out = LeftOut::default();
    let mut others = 0usize;
    for e in entries {
        let Some(e) = e.as_object() else {
            out.add("entr(ies) that are not objects left out");
            continue;
        };
        let Some(day) = calendar_date(e) else {
            out.add("entr(ies) without a calendarDate left out");
            continue;
        };
        let metrics = e.get("metrics").and_then(Value::as_array);
        let mut hrv = None;
        for m in metrics.into_iter().flatten().filter_map(Value::as_object) {
            match text(m, "type") {
                Some("HRV") => hrv = Some(number(m, "value")),
                // The night's heart rate, SpO2, respiration, skin temperature: not used (the
                // night's heart rate is not the daily resting heart rate the summaries give).
                _ => others += 1,
            }
        }
        match hrv {
            Some(Some(ms)) if (1.0..=500.0).contains(&ms) => {
                items.push(Item::Observation(Observation {
                    at: Some(morning(day, None, opts)),
                    night_rmssd_ms: Some(ms),
                    ..Observation::default()
                }))
            }
            Some(Some(ms)) if ms <= 0.0 => out.add("night(s) with HRV 0 (not measured) left out"),
            Some(Some(_)) => out.add("night(s) with an HRV outside 1–500 ms left out"),
            Some(None) => out.add("night(s) with no HRV value (not measured) left out"),
            None => out.add("day(s) without an HRV metric left out"),
        }
    }
    if others > 0 {
        warnings.push(Warning::new(format!(
            "{others} other overnight value(s) (heart rate, SpO2, respiration, skin temperature) \
             left out: myo does not use them (the resting heart rate comes from the daily \
             summaries)"
        )));
    }
    if !items.is_empty() {
        warnings.push(Warning::new(
            "Garmin's HRV status is the night's average RMSSD: kept as overnight HRV \
             (night_rmssd_ms), not as a morning reading",
        ));
        zone_note(opts, &mut warnings);
    }
    out.into_warnings(&mut warnings);
    (items, warnings, entries.len())
}

pub(super) fn daily_summary(entries: &[Value], opts: &Options) -> Parsed {
    let mut items = Vec::new();
    let mut warnings = Vec::new();
    let mut out = LeftOut::default();
    let mut zoned = 0usize;
    for e in entries {
        let Some(e) = e.as_object() else {
            out.add("entr(ies) that are not objects left out");
            continue;
        };
        let Some(day) = calendar_date(e) else {
            out.add("entr(ies) without a calendarDate left out");
            continue;
        };
        // The day's offset: its local start less its GMT start (both written without a zone).
        let offset = match (
            text(e, "wellnessStartTimeLocal").and_then(naive_time),
            text(e, "wellnessStartTimeGmt").and_then(naive_time),
        ) {
            (Some(l), Some(g)) => Some((l - g).num_seconds())
                .filter(|s| s.abs() <= 14 * 3600)
                .and_then(|s| FixedOffset::east_opt(s as i32)),
            _ => None,
        };
        match number(e, "restingHeartRate") {
            Some(bpm) if (25.0..=220.0).contains(&bpm) => {
                zoned += usize::from(offset.is_some());
                items.push(Item::Observation(Observation {
                    at: Some(morning(day, offset, opts)),
                    resting_hr: Some(bpm),
                    ..Observation::default()
                }));
            }
            Some(bpm) if bpm > 0.0 => {
                out.add("day(s) with a resting heart rate outside 25–220 bpm left out")
            }
            _ => {
                out.add("day(s) without a resting heart rate (not worn, or not measured) left out")
            }
        }
    }
    if !items.is_empty() {
        warnings.push(Warning::new(
            "steps, calories, stress, Body Battery and the summaries' other values left out: \
             myo does not use them",
        ));
        if zoned < items.len() {
            zone_note(opts, &mut warnings);
        }
    }
    out.into_warnings(&mut warnings);
    (items, warnings, entries.len())
}
