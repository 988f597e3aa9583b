//! Apple Health's `export.xml` (Health app → profile → Export All Health Data), read as a
//! stream of elements: workouts (with their average heart rate when the export has it), nights
//! from sleep analysis, and resting heart rate. Apple's HRV is SDNN over a short reading, not
//! morning RMSSD: it is counted and left out, never relabelled. Every other record type is
//! counted in one warning. Times carry their offset (`2024-01-05 07:02:11 +0100`).

use std::collections::BTreeMap;
use std::io::BufRead;

use chrono::{DateTime, Duration, FixedOffset, NaiveTime};

use crate::error::{ErrorKind, Failure};
use crate::fit::sport_from_words;
use crate::item::{Activity, Item, Observation, Sleep, Warning};
use crate::json::RESTING_HR_HOUR;
use crate::xml::{attr, walk_reader, Step};

/// Asleep stretches closer than this belong to one night.
const NIGHT_GAP_H: f64 = 2.0;
/// Shorter sleep is a nap or a watch that slipped: left out, counted.
const MIN_NIGHT_H: f64 = 1.0;

fn time(s: &str) -> Option<DateTime<FixedOffset>> {
    DateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S %z").ok()
}

/// `HKWorkoutActivityTypeTraditionalStrengthTraining` → `TraditionalStrengthTraining`.
fn workout_words(kind: &str) -> &str {
    kind.strip_prefix("HKWorkoutActivityType").unwrap_or(kind)
}

/// A duration in seconds from a value and Apple's unit.
fn seconds(value: f64, unit: &str) -> f64 {
    match unit {
        "s" | "sec" => value,
        "hr" | "h" => value * 3600.0,
        _ => value * 60.0, // "min", Apple's default
    }
}

/// A distance in metres from a value and Apple's unit.
fn metres(value: f64, unit: &str) -> Option<f64> {
    match unit {
        "km" => Some(value * 1000.0),
        "m" => Some(value),
        "mi" => Some(value * 1609.344),
        "yd" => Some(value * 0.9144),
        _ => None,
    }
}

#[derive(Default)]
struct Workout {
    kind: String,
    start: Option<DateTime<FixedOffset>>,
    end: Option<DateTime<FixedOffset>>,
    duration_s: Option<f64>,
    distance_m: Option<f64>,
    avg_hr: Option<f64>,
}

/// Reads an export from `input`, its byte-order marks already skipped: the whole text (the
/// byte path) or a file read in blocks (the streamed path), so the memory is what is kept
/// (workouts, sleep stretches, one resting heart rate a day), not the file.
pub(crate) fn parse<R: BufRead>(input: R) -> Result<(Vec<Item>, Vec<Warning>, usize), Failure> {
    let mut items = Vec::new();
    let mut workout: Option<Workout> = None;
    let mut workouts: Vec<Workout> = Vec::new();
    let mut asleep: Vec<(DateTime<FixedOffset>, DateTime<FixedOffset>)> = Vec::new();
    let mut resting: BTreeMap<chrono::NaiveDate, (DateTime<FixedOffset>, f64)> = BTreeMap::new();
    let mut sdnn = 0usize;
    let mut others: BTreeMap<String, usize> = BTreeMap::new();
    let mut records = 0usize;
    let mut bad = 0usize;
    let mut warnings = walk_reader(input, |step, _| match step {
        Step::Open(path, e) => match path.last().map(String::as_str) {
            Some("Workout") if path.len() == 2 => {
                records += 1;
                let num = |k: &str| attr(e, k).and_then(|v| v.parse::<f64>().ok());
                let unit = |k: &str| attr(e, k).unwrap_or_default();
                workout = Some(Workout {
                    kind: attr(e, "workoutActivityType").unwrap_or_default(),
                    start: attr(e, "startDate").as_deref().and_then(time),
                    end: attr(e, "endDate").as_deref().and_then(time),
                    duration_s: num("duration").map(|d| seconds(d, &unit("durationUnit"))),
                    distance_m: num("totalDistance")
                        .and_then(|d| metres(d, &unit("totalDistanceUnit"))),
                    avg_hr: None,
                });
            }
            Some("WorkoutStatistics") => {
                if let Some(w) = workout.as_mut() {
                    if attr(e, "type").as_deref() == Some("HKQuantityTypeIdentifierHeartRate") {
                        w.avg_hr = attr(e, "average").and_then(|v| v.parse().ok());
                    }
                }
            }
            Some("Record") if path.len() == 2 => {
                records += 1;
                let kind = attr(e, "type").unwrap_or_default();
                let start = attr(e, "startDate").as_deref().and_then(time);
                let end = attr(e, "endDate").as_deref().and_then(time);
                let value = attr(e, "value").unwrap_or_default();
                match kind.as_str() {
                    "HKCategoryTypeIdentifierSleepAnalysis" => {
                        // Asleep (any stage); in bed and awake are not sleep.
                        if value.contains("Asleep") {
                            match (start, end) {
                                (Some(s), Some(t)) if t > s => asleep.push((s, t)),
                                _ => bad += 1,
                            }
                        }
                    }
                    "HKQuantityTypeIdentifierRestingHeartRate" => {
                        match (start, value.parse::<f64>()) {
                            (Some(s), Ok(bpm)) if (20.0..=250.0).contains(&bpm) => {
                                // One a day: the last one written for that day.
                                resting.insert(s.date_naive(), (s, bpm));
                            }
                            _ => bad += 1,
                        }
                    }
                    "HKQuantityTypeIdentifierHeartRateVariabilitySDNN" => sdnn += 1,
                    other => {
                        let short = other
                            .trim_start_matches("HKQuantityTypeIdentifier")
                            .trim_start_matches("HKCategoryTypeIdentifier")
                            .to_string();
                        *others.entry(short).or_default() += 1;
                    }
                }
            }
            _ => {}
        },
        Step::Close(path) if path.last().map(String::as_str) == Some("Workout") => {
            if let Some(w) = workout.take() {
                workouts.push(w);
            }
        }
        _ => {}
    })?;

    // Workouts: endurance sessions; strength and other workouts without sets are left out.
    let mut strength = 0usize;
    for w in workouts {
        let words = workout_words(&w.kind);
        let Some(start) = w.start else {
            bad += 1;
            continue;
        };
        let elapsed_s = w
            .duration_s
            .or_else(|| {
                w.end
                    .map(|t| (t - start).num_milliseconds() as f64 / 1000.0)
            })
            .unwrap_or(0.0);
        if elapsed_s <= 0.0 {
            bad += 1;
            continue;
        }
        let lower = words.to_ascii_lowercase();
        if lower.contains("strength") || lower.contains("crosstraining") || lower.contains("hiit") {
            strength += 1;
            continue;
        }
        let mut a = Activity::new(
            start,
            sport_from_words(words, None),
            words.to_string(),
            elapsed_s,
        );
        a.distance_m = w.distance_m.filter(|d| *d > 0.0);
        a.avg_hr_bpm = w.avg_hr;
        items.push(Item::Activity(a));
    }
    if strength > 0 {
        warnings.push(Warning::new(format!(
            "{strength} strength or circuit workout(s) left out: Apple Health keeps no sets or \
             loads; log them with their exercises (myo log strength)"
        )));
    }

    // Nights: asleep stretches (of every source: merged where they overlap) joined across
    // short wakings.
    asleep.sort_by_key(|(s, _)| *s);
    let mut short = 0usize;
    let mut night: Option<(DateTime<FixedOffset>, DateTime<FixedOffset>, f64)> = None;
    let mut close = |n: (DateTime<FixedOffset>, DateTime<FixedOffset>, f64),
                     items: &mut Vec<Item>| {
        if n.2 >= MIN_NIGHT_H {
            items.push(Item::Sleep(Sleep {
                start: n.0,
                asleep_h: n.2,
                quality: None,
                score: None,
                reported: false,
            }));
        } else {
            short += 1;
        }
    };
    for (s, t) in asleep {
        let hours = |a: DateTime<FixedOffset>, b: DateTime<FixedOffset>| {
            (b - a).num_milliseconds().max(0) as f64 / 3.6e6
        };
        night = Some(match night {
            Some((ns, ne, h)) if s <= ne + Duration::minutes((NIGHT_GAP_H * 60.0) as i64) => {
                // Only the part after what is already counted (sources overlap).
                let added = if t > ne { hours(s.max(ne), t) } else { 0.0 };
                (ns, ne.max(t), h + added)
            }
            Some(done) => {
                close(done, &mut items);
                (s, t, hours(s, t))
            }
            None => (s, t, hours(s, t)),
        });
    }
    if let Some(done) = night {
        close(done, &mut items);
    }
    if short > 0 {
        warnings.push(Warning::new(format!(
            "{short} sleep stretch(es) under {MIN_NIGHT_H} h left out (naps or a watch that slipped)"
        )));
    }

    // Resting heart rate: a morning observation of each day.
    for (day, (at, bpm)) in resting {
        let morning = day
            .and_time(NaiveTime::from_hms_opt(RESTING_HR_HOUR, 0, 0).expect("valid"))
            .and_local_timezone(*at.offset())
            .single()
            .unwrap_or(at);
        items.push(Item::Observation(Observation {
            at: Some(morning),
            resting_hr: Some(bpm),
            ..Observation::default()
        }));
    }

    if sdnn > 0 {
        warnings.push(Warning::new(format!(
            "{sdnn} HRV reading(s) left out: Apple Health measures SDNN over about a minute at \
             random times, not the morning RMSSD myo's HRV trend uses"
        )));
    }
    if bad > 0 {
        warnings.push(Warning::new(format!(
            "{bad} record(s) without a readable time or value left out"
        )));
    }
    if !others.is_empty() {
        let total: usize = others.values().sum();
        let mut kinds: Vec<(&String, &usize)> = others.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let named: Vec<String> = kinds
            .iter()
            .take(5)
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        warnings.push(Warning::new(format!(
            "{total} record(s) of {} other type(s) myo does not use left out ({}{})",
            others.len(),
            named.join(", "),
            if others.len() > 5 { ", …" } else { "" }
        )));
    }
    if items.is_empty() {
        return Err(Failure::new(ErrorKind::NoData(format!(
            "an Apple Health export with no workouts, nights or resting heart rate ({records} \
             record(s) read)"
        ))));
    }
    Ok((items, warnings, records))
}
