//! WHOOP's data export ("Export my data": `physiological_cycles.csv`, `sleeps.csv`,
//! `workouts.csv`, `journal_entries.csv`). Times are local wall-clock times of the cycle's
//! zone, written without it; the `Cycle timezone` column (`UTC+02:00`) gives it. A file
//! without that column is read in `Options::zone`, with a warning.
//!
//! - cycles: resting heart rate and the night's HRV (WHOOP's RMSSD over the night's sleep:
//!   `night_rmssd_ms`, not a morning reading) as an observation at the wake time; the recovery
//!   score and day strain are counted and left out; the cycle's sleep columns are read from
//!   `sleeps.csv` (the same nights, naps included) and said so;
//! - sleeps: sleep events (from sleep onset, the hours asleep);
//! - workouts: endurance activities with their average heart rate; strength workouts are left
//!   out (no sets), counted.

use chrono::{DateTime, FixedOffset};

use super::{at, naive_time, offset, sport_of, LeftOut, Table};
use crate::item::{Activity, Item, Observation, Sleep, Warning};
use crate::Options;

type Parsed = (Vec<Item>, Vec<Warning>, usize);

struct Rows<'t> {
    table: &'t Table,
    opts: &'t Options,
    zoneless: bool,
    warnings: Vec<Warning>,
    out: LeftOut,
}

impl<'t> Rows<'t> {
    fn new(table: &'t Table, opts: &'t Options) -> Rows<'t> {
        Rows {
            table,
            opts,
            zoneless: false,
            warnings: Vec::new(),
            out: LeftOut::default(),
        }
    }

    /// The row's time in `column`, at the cycle's zone.
    fn time(&mut self, row: &csv::StringRecord, column: &str) -> Option<DateTime<FixedOffset>> {
        let local = naive_time(self.table.get(row, column)?)?;
        let zone = self.table.get(row, "cycle_timezone").and_then(offset);
        self.zoneless |= zone.is_none();
        Some(at(local, zone, self.opts))
    }

    fn skip(&mut self, line: usize, why: impl std::fmt::Display) {
        self.warnings
            .push(Warning::line(line, format!("skipped: {why}")));
    }

    fn finish(mut self) -> Vec<Warning> {
        if self.zoneless {
            self.warnings.push(Warning::new(format!(
                "rows without a readable Cycle timezone read in {}",
                crate::item::zone_words(self.opts.zone)
            )));
        }
        self.out.into_warnings(&mut self.warnings);
        self.warnings
    }
}

pub(super) fn cycles(table: &Table, opts: &Options) -> Parsed {
    let mut r = Rows::new(table, opts);
    let mut items = Vec::new();
    let (mut recovery, mut strain, mut nights) = (0usize, 0usize, 0usize);
    for (line, row) in &table.rows {
        recovery += usize::from(table.get(row, "recovery_score").is_some());
        strain += usize::from(table.get(row, "day_strain").is_some());
        nights += usize::from(table.get(row, "asleep_duration_min").is_some());
        let (rhr, hrv) = match (
            table.num(row, "resting_heart_rate_bpm"),
            table.num(row, "heart_rate_variability_ms"),
        ) {
            (Ok(a), Ok(b)) => (a.filter(|v| *v > 0.0), b.filter(|v| *v > 0.0)),
            (Err(e), _) | (_, Err(e)) => {
                r.skip(*line, e);
                continue;
            }
        };
        if rhr.is_none() && hrv.is_none() {
            r.out
                .add("cycle(s) without resting heart rate or HRV (no scored sleep) left out");
            continue;
        }
        // Measured over the night's sleep: known when the athlete wakes.
        let Some(wake) = r.time(row, "wake_onset") else {
            r.skip(
                *line,
                "resting heart rate or HRV without a readable Wake onset",
            );
            continue;
        };
        let rhr = rhr.filter(|v| (25.0..=220.0).contains(v));
        let hrv = hrv.filter(|v| (1.0..=500.0).contains(v));
        if rhr.is_none() && hrv.is_none() {
            r.out
                .add("cycle(s) with heart rate or HRV outside the plausible range left out");
            continue;
        }
        items.push(Item::Observation(Observation {
            at: Some(wake),
            resting_hr: rhr,
            night_rmssd_ms: hrv,
            ..Observation::default()
        }));
    }
    if !items.is_empty() {
        r.warnings.push(Warning::new(
            "WHOOP's HRV is RMSSD over the night's sleep: kept as overnight HRV \
             (night_rmssd_ms), not as a morning reading",
        ));
    }
    if recovery + strain > 0 {
        r.warnings.push(Warning::new(format!(
            "{recovery} recovery score(s) and {strain} day strain value(s) left out: WHOOP \
             computes them from HRV, heart rate and sleep, which myo reads or models itself"
        )));
    }
    if nights > 0 {
        r.warnings.push(Warning::new(format!(
            "{nights} night(s) in the cycles' sleep columns not read here: sleeps.csv of the same \
             export has them (naps included); import it too"
        )));
    }
    let warnings = r.finish();
    (items, warnings, table.rows.len())
}

pub(super) fn sleeps(table: &Table, opts: &Options) -> Parsed {
    let mut r = Rows::new(table, opts);
    let mut items = Vec::new();
    let mut performance = 0usize;
    for (line, row) in &table.rows {
        performance += usize::from(table.get(row, "sleep_performance").is_some());
        let Some(onset) = r.time(row, "sleep_onset") else {
            r.skip(*line, "no readable Sleep onset");
            continue;
        };
        let minutes = match table.num(row, "asleep_duration_min") {
            Ok(Some(m)) if m > 0.0 && m <= 24.0 * 60.0 => m,
            Ok(Some(m)) if m > 0.0 => {
                r.skip(*line, format!("{m} min asleep is more than a day"));
                continue;
            }
            Ok(_) => {
                r.out
                    .add("sleep(s) with no time asleep (not scored) left out");
                continue;
            }
            Err(e) => {
                r.skip(*line, e);
                continue;
            }
        };
        items.push(Item::Sleep(Sleep {
            start: onset,
            asleep_h: minutes / 60.0,
            quality: None,
            score: None,
            reported: false,
        }));
    }
    if performance > 0 {
        r.warnings.push(Warning::new(format!(
            "{performance} sleep performance score(s) left out: a share of WHOOP's own sleep \
             need, not a quality rating"
        )));
    }
    let warnings = r.finish();
    (items, warnings, table.rows.len())
}

pub(super) fn workouts(table: &Table, opts: &Options) -> Parsed {
    let mut r = Rows::new(table, opts);
    let mut items = Vec::new();
    let mut strain = 0usize;
    for (line, row) in &table.rows {
        strain += usize::from(table.get(row, "activity_strain").is_some());
        let Some(start) = r.time(row, "workout_start_time") else {
            r.skip(*line, "no readable Workout start time");
            continue;
        };
        let name = table.get(row, "activity_name").unwrap_or("").to_string();
        let minutes = match table.num(row, "duration_min") {
            Ok(Some(m)) if m > 0.0 => Some(m),
            Ok(_) => r
                .time(row, "workout_end_time")
                .map(|end| (end - start).num_seconds() as f64 / 60.0)
                .filter(|m| *m > 0.0),
            Err(e) => {
                r.skip(*line, e);
                continue;
            }
        };
        let Some(minutes) = minutes.filter(|m| *m <= 24.0 * 60.0) else {
            r.skip(
                *line,
                "no duration (Duration (min), or start and end times)",
            );
            continue;
        };
        let Some(sport) = sport_of(&name) else {
            r.out.add(
                "strength workout(s) left out: WHOOP keeps no sets or loads; log them with \
                 their exercises (myo log strength)",
            );
            continue;
        };
        let num = |c: &str| table.num(row, c).ok().flatten().filter(|v| *v > 0.0);
        let mut a = Activity::new(start, sport, name, minutes * 60.0);
        a.avg_hr_bpm = num("average_hr_bpm").filter(|h| (25.0..=250.0).contains(h));
        a.max_hr_bpm = num("max_hr_bpm");
        a.distance_m = num("distance_meters");
        items.push(Item::Activity(a));
    }
    if strain > 0 {
        r.warnings.push(Warning::new(format!(
            "{strain} activity strain value(s) left out: WHOOP's own load score; the average \
             heart rate gives the effort"
        )));
    }
    let warnings = r.finish();
    (items, warnings, table.rows.len())
}
