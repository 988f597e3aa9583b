//! Polar Flow's account export (`polar-user-data-export…/training-session-*.json`): one
//! training session a file, each exercise (a multisport session has several) an endurance
//! activity with its sport, duration (ISO 8601, `PT2744.754S`), distance (m), ascent and
//! average heart rate (from its summary, else from its heart-rate samples). `startTime` is
//! the local wall-clock time; `timezoneOffset` / `timeZoneOffset` (minutes east of UTC) give
//! its zone, else `Options::zone`. Strength sessions (no sets) are left out, counted.

use chrono::FixedOffset;
use serde_json::{Map, Value};

use super::{at, naive_time, number, sport_of, text, LeftOut};
use crate::item::{Activity, Item, Warning};
use crate::Options;

/// Seconds of an ISO 8601 duration (`PT1H2M3.5S`, `P1DT2H`), or `None`.
fn iso_duration_s(s: &str) -> Option<f64> {
    let s = s.trim().strip_prefix('P')?;
    let (days, time) = match s.split_once('T') {
        Some((d, t)) => (d, t),
        None => (s, ""),
    };
    let mut total = 0.0;
    let mut take = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut num = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' {
                num.push(c);
            } else {
                let (_, factor) = units.iter().find(|(u, _)| *u == c)?;
                total += num.parse::<f64>().ok()? * factor;
                num.clear();
            }
        }
        num.is_empty().then_some(())
    };
    take(days, &[('D', 86_400.0), ('W', 604_800.0)])?;
    take(time, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)])?;
    total.is_finite().then_some(total)
}

fn minutes_offset(e: &Map<String, Value>, keys: &[&str]) -> Option<FixedOffset> {
    keys.iter()
        .find_map(|k| number(e, k))
        .filter(|m| m.abs() <= 14.0 * 60.0)
        .and_then(|m| FixedOffset::east_opt((m * 60.0).round() as i32))
}

pub(super) fn session(root: &Value, opts: &Options) -> (Vec<Item>, Vec<Warning>, usize) {
    let mut items = Vec::new();
    let mut warnings = Vec::new();
    let mut out = LeftOut::default();
    let Some(session) = root.as_object() else {
        warnings.push(Warning::new("not a Polar training session object"));
        return (items, warnings, 0);
    };
    let exercises: Vec<&Map<String, Value>> = session
        .get("exercises")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_object).collect())
        .unwrap_or_default();
    let session_offset = minutes_offset(session, &["timeZoneOffset", "timezoneOffset"]);
    let mut zoneless = false;
    for (i, e) in exercises.iter().enumerate() {
        let local = text(e, "startTime")
            .and_then(naive_time)
            .or_else(|| text(session, "startTime").and_then(naive_time));
        let Some(local) = local else {
            warnings.push(Warning::new(format!(
                "exercise {}: skipped: no readable startTime",
                i + 1
            )));
            continue;
        };
        let zone = minutes_offset(e, &["timezoneOffset", "timeZoneOffset"]).or(session_offset);
        zoneless |= zone.is_none();
        let start = at(local, zone, opts);
        let seconds = text(e, "duration")
            .and_then(iso_duration_s)
            .or_else(|| {
                let stop = text(e, "stopTime").and_then(naive_time)?;
                Some((stop - local).num_milliseconds() as f64 / 1000.0)
            })
            .filter(|s| *s > 0.0 && *s <= 86_400.0);
        let Some(seconds) = seconds else {
            warnings.push(Warning::new(format!(
                "exercise {}: skipped: no duration",
                i + 1
            )));
            continue;
        };
        let sport_name = text(e, "sport").unwrap_or("").to_string();
        let Some(sport) = sport_of(&sport_name) else {
            out.add(
                "strength session(s) left out: Polar's export keeps no sets or loads; log them \
                 with their exercises (myo log strength)",
            );
            continue;
        };
        let hr = e.get("heartRate").and_then(Value::as_object);
        let samples: Vec<f64> = e
            .get("samples")
            .and_then(|s| s.get("heartRate"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_object().and_then(|s| number(s, "value")))
                    .filter(|v| *v > 0.0)
                    .collect()
            })
            .unwrap_or_default();
        let from_samples =
            (!samples.is_empty()).then(|| samples.iter().sum::<f64>() / samples.len() as f64);
        let avg = hr
            .and_then(|h| number(h, "avg"))
            .filter(|v| *v > 0.0)
            .or(from_samples)
            .or_else(|| {
                (exercises.len() == 1)
                    .then(|| number(session, "averageHeartRate"))
                    .flatten()
                    .filter(|v| *v > 0.0)
            })
            .filter(|v| (25.0..=250.0).contains(v));
        let mut a = Activity::new(start, sport, sport_name, seconds);
        a.avg_hr_bpm = avg;
        a.max_hr_bpm = hr.and_then(|h| number(h, "max")).filter(|v| *v > 0.0);
        a.distance_m = number(e, "distance").filter(|d| *d > 0.0);
        a.ascent_m = number(e, "ascent").filter(|d| *d >= 0.0);
        a.descent_m = number(e, "descent").filter(|d| *d >= 0.0);
        items.push(Item::Activity(a));
    }
    if exercises.is_empty() {
        warnings.push(Warning::new("a training session with no exercises"));
    }
    if zoneless {
        warnings.push(Warning::new(format!(
            "times without a time zone offset read in {}",
            crate::item::zone_words(opts.zone)
        )));
    }
    out.into_warnings(&mut warnings);
    (items, warnings, exercises.len())
}

#[cfg(test)]
mod tests {
    use super::iso_duration_s;

    #[test]
    fn iso_durations() {
        assert_eq!(iso_duration_s("PT2744.754S"), Some(2744.754));
        assert_eq!(iso_duration_s("PT1H30M"), Some(5400.0));
        assert_eq!(iso_duration_s("P1DT1S"), Some(86_401.0));
        assert_eq!(iso_duration_s("PT"), Some(0.0));
        assert_eq!(iso_duration_s("1H"), None);
        assert_eq!(iso_duration_s("PT5X"), None);
        assert_eq!(iso_duration_s("PT5"), None);
    }
}
