//! Oura's sleep periods, as the web's "Export data" writes them: `App Data/sleepmodel.csv`
//! (`;`-separated, the API v2 keys), the older trends CSV ("Bedtime Start", "Total Sleep
//! Duration", "Average HRV", "Lowest Resting Heart Rate"), or JSON (an array of periods, an
//! object with a `sleep` or `data` array; v1 keys `total`, `rmssd`, `hr_lowest` too).
//!
//! Each period is a sleep event (asleep from bedtime start plus latency); the main night of a
//! day (`long_sleep`, or v1's `is_longest`) also gives an observation at its end with the
//! night's average HRV (`night_rmssd_ms`: Oura averages RMSSD over the night, it is not a
//! morning reading) and its lowest heart rate (Oura's resting heart rate). Rest periods and
//! deleted ones are left out; scores are counted and left out. Times carry their offset;
//! those that do not are read in `Options::zone`.

use chrono::{DateTime, Duration, FixedOffset};
use serde_json::{Map, Value};

use super::{json_value, LeftOut, Table};
use crate::csv::parse_time;
use crate::error::{ErrorKind, Failure};
use crate::item::{Item, Observation, Sleep, Warning};
use crate::Options;

/// One period, whatever the file's shape: a field by its (normalised) name.
trait Fields {
    fn str(&self, key: &str) -> Option<String>;
    fn num(&self, key: &str) -> Result<Option<f64>, String>;
}

impl Fields for Map<String, Value> {
    fn str(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
    fn num(&self, key: &str) -> Result<Option<f64>, String> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64().filter(|x| x.is_finite())),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .map(Some)
                .ok_or_else(|| format!("field {key:?}: {s:?} is not a number")),
            Some(other) => Err(format!("field {key:?}: {other} is not a number")),
        }
    }
}

struct CsvRow<'t> {
    table: &'t Table,
    row: &'t csv::StringRecord,
}

impl Fields for CsvRow<'_> {
    fn str(&self, key: &str) -> Option<String> {
        self.table.get(self.row, key).map(str::to_string)
    }
    fn num(&self, key: &str) -> Result<Option<f64>, String> {
        self.table.num(self.row, key)
    }
}

fn first_num(f: &dyn Fields, keys: &[&str]) -> Result<Option<f64>, String> {
    for k in keys {
        if let Some(v) = f.num(k)? {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

struct State<'o> {
    opts: &'o Options,
    zoneless: bool,
    items: Vec<Item>,
    out: LeftOut,
    nights: usize,
}

impl State<'_> {
    fn time(&mut self, f: &dyn Fields, key: &str) -> Option<DateTime<FixedOffset>> {
        parse_time(&f.str(key)?, self.opts, &mut self.zoneless)
    }

    /// One sleep period; `Err` says why a malformed one was skipped.
    fn period(&mut self, f: &dyn Fields) -> Result<(), String> {
        let kind = f.str("type").unwrap_or_default().to_ascii_lowercase();
        if kind == "rest" || kind == "deleted" {
            self.out
                .add("rest or deleted period(s) left out (Oura marks them as not sleep)");
            return Ok(());
        }
        let Some(bed) = self.time(f, "bedtime_start") else {
            return Err("no readable bedtime_start".into());
        };
        let asleep_s = first_num(f, &["total_sleep_duration", "total"])?;
        let Some(asleep_s) = asleep_s.filter(|s| *s > 0.0) else {
            self.out.add("period(s) with no time asleep left out");
            return Ok(());
        };
        if asleep_s > 24.0 * 3600.0 {
            return Err(format!("{asleep_s} s asleep is more than a day"));
        }
        let latency_s = first_num(f, &["latency", "onset_latency", "sleep_latency"])?
            .filter(|l| (0.0..=6.0 * 3600.0).contains(l))
            .unwrap_or(0.0);
        let start = bed + Duration::seconds(latency_s as i64);
        self.items.push(Item::Sleep(Sleep {
            start,
            asleep_h: asleep_s / 3600.0,
            quality: None,
            score: None,
            reported: false,
        }));
        // The day's main night: v2's `long_sleep`, v1's `is_longest`, the trends CSV's one row
        // a day (no type).
        let main = match kind.as_str() {
            "long_sleep" => true,
            "" => f.num("is_longest")?.is_none_or(|l| l != 0.0),
            _ => false,
        };
        let hrv = first_num(f, &["average_hrv", "rmssd"])?.filter(|v| *v > 0.0);
        let rhr = first_num(
            f,
            &[
                "lowest_heart_rate",
                "hr_lowest",
                "lowest_resting_heart_rate",
            ],
        )?
        .filter(|v| *v > 0.0);
        if !main {
            if hrv.is_some() || rhr.is_some() {
                self.out.add(
                    "nap(s) or shorter period(s) whose HRV and heart rate are left out (the main \
                     night gives the day's values)",
                );
            }
            return Ok(());
        }
        self.nights += 1;
        let end = self
            .time(f, "bedtime_end")
            .filter(|e| *e > bed)
            .unwrap_or(start + Duration::seconds(asleep_s as i64));
        let hrv = match hrv {
            Some(v) if !(1.0..=500.0).contains(&v) => {
                self.out.add("night HRV value(s) outside 1–500 ms left out");
                None
            }
            v => v,
        };
        let rhr = match rhr {
            Some(v) if !(25.0..=220.0).contains(&v) => {
                self.out
                    .add("lowest heart rate value(s) outside 25–220 bpm left out");
                None
            }
            v => v,
        };
        if hrv.is_some() || rhr.is_some() {
            self.items.push(Item::Observation(Observation {
                at: Some(end),
                night_rmssd_ms: hrv,
                resting_hr: rhr,
                ..Observation::default()
            }));
        }
        Ok(())
    }
}

pub(super) fn parse(
    text: &str,
    opts: &Options,
) -> Result<(Vec<Item>, Vec<Warning>, usize), Failure> {
    let mut state = State {
        opts,
        zoneless: false,
        items: Vec::new(),
        out: LeftOut::default(),
        nights: 0,
    };
    let mut warnings = Vec::new();
    let mut bad = |at: String, why: String| {
        warnings.push(Warning::new(format!("{at}: skipped: {why}")));
    };
    let mut scores = 0usize;
    let n;
    if crate::json::looks_like_json(text) {
        let root = json_value(text)?;
        let periods: Vec<Value> = match &root {
            Value::Array(a) => a.clone(),
            Value::Object(o) => {
                // Readiness and other daily scores beside the sleep: counted, left out.
                scores += o
                    .get("readiness")
                    .and_then(Value::as_array)
                    .map_or(0, Vec::len);
                ["sleep", "data"]
                    .iter()
                    .find_map(|k| o.get(*k).and_then(Value::as_array))
                    .cloned()
                    .unwrap_or_default()
            }
            _ => {
                return Err(Failure::new(ErrorKind::Json(
                    "expected an array or an object of sleep periods".into(),
                )))
            }
        };
        n = periods.len();
        for (i, p) in periods.iter().enumerate() {
            let Some(p) = p.as_object() else {
                bad(format!("entry {}", i + 1), "not an object".into());
                continue;
            };
            scores += usize::from(p.contains_key("score") || p.contains_key("readiness"));
            if let Err(why) = state.period(p) {
                bad(format!("entry {}", i + 1), why);
            }
        }
    } else {
        let table = Table::read(text)?;
        n = table.rows.len();
        for (line, row) in &table.rows {
            scores += usize::from(
                ["score", "readiness", "readiness_score", "sleep_score"]
                    .iter()
                    .any(|c| table.get(row, c).is_some()),
            );
            if let Err(why) = state.period(&CsvRow { table: &table, row }) {
                bad(format!("line {line}"), why);
            }
        }
    }
    let State {
        zoneless,
        items,
        out,
        nights,
        ..
    } = state;
    if nights > 0 {
        warnings.push(Warning::new(
            "Oura's HRV is the night's average RMSSD: kept as overnight HRV (night_rmssd_ms), \
             not as a morning reading; its lowest heart rate of the night is taken as the \
             resting heart rate",
        ));
    }
    if scores > 0 {
        warnings.push(Warning::new(format!(
            "{scores} Oura readiness or sleep score(s) left out: Oura computes them from HRV, \
             heart rate, temperature and sleep, which myo reads or models itself"
        )));
    }
    if zoneless {
        warnings.push(Warning::new(format!(
            "times without a time zone read in {}",
            crate::item::zone_words(opts.zone)
        )));
    }
    out.into_warnings(&mut warnings);
    Ok((items, warnings, n))
}
