//! Fitbit's account export (the `fitbit/` folder of PMData): JSON arrays recognised by their
//! first entry's keys. `sleep.json` (sleep logs: nights and naps), `resting_heart_rate.json`
//! (the daily resting heart rate estimate) and `exercise.json` (activities with their average
//! heart rate). Fitbit writes local times without an offset: they are read at
//! `Options::zone`, as zoneless CSV times are.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, NaiveTime};
use myo_model::Sport;
use serde_json::{Map, Value};

use crate::csv::parse_time;
use crate::error::{ErrorKind, Failure, Location};
use crate::fit::sport_from_words;
use crate::item::{Activity, Item, Observation, Sleep, Warning};
use crate::Options;

/// The JSON exports read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JsonLayout {
    /// Fitbit `sleep.json`: logId, dateOfSleep, startTime, endTime, minutesAsleep, mainSleep, … .
    FitbitSleep,
    /// Fitbit `resting_heart_rate.json`: dateTime, value { date, value, error }.
    FitbitRestingHr,
    /// Fitbit `exercise.json`: logId, activityName, startTime, duration, activeDuration,
    /// averageHeartRate, distance, … .
    FitbitExercise,
}

impl JsonLayout {
    pub fn name(self) -> &'static str {
        match self {
            JsonLayout::FitbitSleep => "Fitbit sleep",
            JsonLayout::FitbitRestingHr => "Fitbit resting heart rate",
            JsonLayout::FitbitExercise => "Fitbit exercise",
        }
    }
}

/// The local time of a day's resting heart rate reading: Fitbit estimates it for the day; the
/// model takes it as a morning reading, like a bare-date HRV row.
pub const RESTING_HR_HOUR: u32 = 7;

/// Whether the text starts like JSON (after a BOM and white space).
pub(crate) fn looks_like_json(text: &str) -> bool {
    matches!(
        text.trim_start_matches('\u{feff}')
            .trim_start()
            .chars()
            .next(),
        Some('[' | '{')
    )
}

/// The layout of a JSON text (possibly cut short) from its first entry's keys, or `None`.
pub fn detect_json(text: &str) -> Option<JsonLayout> {
    let rest = text.trim_start_matches('\u{feff}').trim_start();
    let rest = rest.strip_prefix('[')?.trim_start();
    if !rest.starts_with('{') {
        return None;
    }
    // The first entry parsed alone; a head cut inside it falls back on its opening keys.
    let first = serde_json::Deserializer::from_str(rest)
        .into_iter::<Value>()
        .next()
        .and_then(Result::ok);
    match first {
        Some(Value::Object(entry)) => layout_of(&entry),
        Some(_) => None,
        None => {
            let head = &rest[..rest.len().min(4096)];
            let has = |key: &str| head.contains(&format!("\"{key}\""));
            if has("dateOfSleep") && has("minutesAsleep") {
                Some(JsonLayout::FitbitSleep)
            } else if has("activityName") && has("startTime") {
                Some(JsonLayout::FitbitExercise)
            } else {
                None
            }
        }
    }
}

fn layout_of(entry: &Map<String, Value>) -> Option<JsonLayout> {
    let has = |k: &str| entry.contains_key(k);
    if has("dateOfSleep") && has("startTime") && has("minutesAsleep") {
        Some(JsonLayout::FitbitSleep)
    } else if has("activityName") && has("startTime") && (has("duration") || has("activeDuration"))
    {
        Some(JsonLayout::FitbitExercise)
    } else if has("dateTime")
        && entry
            .get("value")
            .and_then(Value::as_object)
            .is_some_and(|v| v.contains_key("value") && v.contains_key("error"))
    {
        Some(JsonLayout::FitbitRestingHr)
    } else {
        None
    }
}

/// Parses a Fitbit JSON export. A malformed file is an error naming the line and column; an
/// entry that cannot be read is skipped with a warning naming it.
pub(crate) fn parse(
    text: &str,
    opts: &Options,
) -> Result<(JsonLayout, Vec<Item>, Vec<Warning>, usize), Failure> {
    let text = text.trim_start_matches('\u{feff}');
    let layout = detect_json(text).ok_or_else(|| {
        Failure::new(ErrorKind::UnknownFormat(
            "JSON that is not a Fitbit sleep, resting heart rate or exercise export".into(),
        ))
    })?;
    let entries: Vec<Value> = serde_json::from_str(text).map_err(|e| {
        Failure::at(
            Location::Line {
                line: e.line(),
                column: None,
            },
            ErrorKind::Json(format!("{e}")),
        )
    })?;
    let mut state = State {
        opts,
        zoneless: false,
        warnings: Vec::new(),
        items: Vec::new(),
        seen: HashSet::new(),
        repeated: 0,
        skipped: 0,
        no_heart_rate: 0,
    };
    for (index, entry) in entries.iter().enumerate() {
        let result = match entry {
            Value::Object(e) => match layout {
                JsonLayout::FitbitSleep => state.sleep(e),
                JsonLayout::FitbitRestingHr => state.resting_hr(e),
                JsonLayout::FitbitExercise => state.exercise(e),
            },
            _ => Err(Bad::new(None, "not an object")),
        };
        if let Err(bad) = result {
            state.warnings.push(Warning {
                location: Some(Location::Entry {
                    index: index + 1,
                    field: bad.field.map(str::to_string),
                }),
                message: format!("skipped: {}", bad.message),
            });
        }
    }
    let State {
        zoneless,
        mut warnings,
        items,
        repeated,
        skipped,
        no_heart_rate,
        ..
    } = state;
    if repeated > 0 {
        warnings.push(Warning::new(format!(
            "{repeated} entr{} listed twice (the same logId; Fitbit's monthly export files \
             overlap) counted once",
            if repeated == 1 { "y" } else { "ies" }
        )));
    }
    if skipped > 0 {
        warnings.push(Warning::new(match layout {
            JsonLayout::FitbitRestingHr => {
                format!("{skipped} day(s) with no resting heart rate (value 0: no data) left out")
            }
            JsonLayout::FitbitExercise => format!(
                "{skipped} weight-training session(s) left out: Fitbit records no sets (log them \
                 with `myo log strength`, or import the PMSys session)"
            ),
            JsonLayout::FitbitSleep => format!("{skipped} log(s) with no time asleep left out"),
        }));
    }
    if no_heart_rate > 0 {
        warnings.push(Warning::new(format!(
            "{no_heart_rate} activit(ies) without an average heart rate give no event (no \
             effort measure)"
        )));
    }
    if zoneless {
        warnings.push(Warning::new(format!(
            "Fitbit times have no time zone: read in {}",
            crate::item::zone_words(opts.zone)
        )));
    }
    if items.is_empty() {
        return Err(Failure::new(ErrorKind::NoData(format!(
            "a {} file with no usable entries",
            layout.name()
        ))));
    }
    Ok((layout, items, warnings, entries.len()))
}

/// Why an entry was skipped, and in which field.
struct Bad {
    field: Option<&'static str>,
    message: String,
}

impl Bad {
    fn new(field: Option<&'static str>, message: impl Into<String>) -> Bad {
        Bad {
            field,
            message: message.into(),
        }
    }
}

type R = Result<(), Bad>;

struct State<'o> {
    opts: &'o Options,
    zoneless: bool,
    warnings: Vec<Warning>,
    items: Vec<Item>,
    /// Log ids seen: the export's monthly files overlap, so an entry can come twice.
    seen: HashSet<String>,
    repeated: usize,
    /// Entries read but giving nothing (no data; weight training without sets).
    skipped: usize,
    /// Activities kept without an average heart rate (no effort measure: no event).
    no_heart_rate: usize,
}

impl State<'_> {
    /// `false` for an entry whose `logId` came before.
    fn first_time(&mut self, e: &Map<String, Value>) -> bool {
        match e.get("logId") {
            Some(id) if !id.is_null() => {
                let fresh = self.seen.insert(id.to_string());
                if !fresh {
                    self.repeated += 1;
                }
                fresh
            }
            _ => true,
        }
    }

    fn time(
        &mut self,
        e: &Map<String, Value>,
        key: &'static str,
    ) -> Result<DateTime<FixedOffset>, Bad> {
        let text = e
            .get(key)
            .and_then(Value::as_str)
            .ok_or_else(|| Bad::new(Some(key), "missing time"))?;
        parse_time(text, self.opts, &mut self.zoneless)
            .ok_or_else(|| Bad::new(Some(key), format!("{text:?} is not a date and time")))
    }

    fn sleep(&mut self, e: &Map<String, Value>) -> R {
        if !self.first_time(e) {
            return Ok(());
        }
        let start = self.time(e, "startTime")?;
        let minutes = number(e, "minutesAsleep")?
            .ok_or_else(|| Bad::new(Some("minutesAsleep"), "missing"))?;
        if !(0.0..=24.0 * 60.0).contains(&minutes) {
            return Err(Bad::new(
                Some("minutesAsleep"),
                format!("{minutes} is outside 0–1440 minutes"),
            ));
        }
        if minutes == 0.0 {
            self.skipped += 1;
            return Ok(());
        }
        // Naps (`mainSleep: false`) are sleep events too: the model tells a nap from a night
        // by its length.
        self.items.push(Item::Sleep(Sleep {
            start,
            asleep_h: minutes / 60.0,
            quality: None,
            score: None,
            reported: false,
        }));
        Ok(())
    }

    fn resting_hr(&mut self, e: &Map<String, Value>) -> R {
        let day = self.time(e, "dateTime")?.date_naive();
        let value = e
            .get("value")
            .and_then(Value::as_object)
            .ok_or_else(|| Bad::new(Some("value"), "missing"))?;
        let bpm = number(value, "value")?.ok_or_else(|| Bad::new(Some("value"), "missing"))?;
        if bpm == 0.0 {
            self.skipped += 1;
            return Ok(());
        }
        if !(20.0..=250.0).contains(&bpm) {
            return Err(Bad::new(
                Some("value"),
                format!("{bpm} bpm is not a resting heart rate"),
            ));
        }
        let at = self
            .opts
            .zone
            .at_local(day.and_time(NaiveTime::from_hms_opt(RESTING_HR_HOUR, 0, 0).expect("valid")));
        self.items.push(Item::Observation(Observation {
            at: Some(at),
            resting_hr: Some(bpm),
            ..Observation::default()
        }));
        Ok(())
    }

    fn exercise(&mut self, e: &Map<String, Value>) -> R {
        if !self.first_time(e) {
            return Ok(());
        }
        let start = self.time(e, "startTime")?;
        let name = e
            .get("activityName")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let seconds = |key| -> Result<Option<f64>, Bad> {
            Ok(number(e, key)?
                .filter(|ms| *ms >= 0.0)
                .map(|ms| ms / 1000.0))
        };
        let elapsed = seconds("duration")?;
        let moving = seconds("activeDuration")?;
        let Some(elapsed_s) = elapsed.or(moving) else {
            return Err(Bad::new(Some("duration"), "missing"));
        };
        let hr = number(e, "averageHeartRate")?.filter(|h| *h > 0.0);
        let Some(sport) = fitbit_sport(&name) else {
            self.skipped += 1;
            return Ok(());
        };
        if hr.is_none() {
            self.no_heart_rate += 1;
        }
        let unit = e.get("distanceUnit").and_then(Value::as_str).unwrap_or("");
        let distance_m = number(e, "distance")?.filter(|d| *d > 0.0).map(|d| {
            if unit.to_ascii_lowercase().starts_with("mile") {
                d * 1609.344
            } else {
                d * 1000.0
            }
        });
        self.items.push(Item::Activity(Activity {
            start,
            sport,
            source_sport: name,
            transition: false,
            elapsed_s,
            moving_s: moving,
            distance_m,
            avg_hr_bpm: hr,
            max_hr_bpm: None,
            avg_power_w: None,
            max_power_w: None,
            ascent_m: number(e, "elevationGain")?,
            descent_m: None,
            downhill: None,
            laps: Vec::new(),
            samples: Vec::new(),
        }));
        Ok(())
    }
}

/// A number field (also a number written as text, as some Fitbit files do), or `None`.
fn number(e: &Map<String, Value>, key: &'static str) -> Result<Option<f64>, Bad> {
    match e.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64().filter(|x| x.is_finite())),
        Some(Value::String(s)) => s
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(Some)
            .ok_or_else(|| Bad::new(Some(key), format!("{s:?} is not a number"))),
        Some(other) => Err(Bad::new(Some(key), format!("{other} is not a number"))),
    }
}

/// The spec's sport of a Fitbit activity name, or `None` for weight training (no sets to
/// give a strength event).
fn fitbit_sport(name: &str) -> Option<Sport> {
    let n = name.to_ascii_lowercase();
    if n.contains("weight") {
        None
    } else if n.contains("treadmill") {
        Some(Sport::Run)
    } else if n.contains("spinning") {
        Some(Sport::Cycle)
    } else {
        Some(sport_from_words(&n, None))
    }
}
