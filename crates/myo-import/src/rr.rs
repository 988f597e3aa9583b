//! RR series: plain RR text files, and the morning HRV reading a resting recording gives.
//!
//! A recording becomes a morning reading (an observation's `rmssd_ms`, the field the registry
//! labels "Morning HRV (rMSSD)") only when it looks like one: 1–10 minutes of beats, started in
//! the morning (04:00–11:59 local), at a resting heart rate (mean below 100 bpm), with no
//! exercise in the same file, and clean enough after the Lipponen & Tarvainen (2019) artefact
//! correction (at most 20 % of the intervals corrected). RMSSD is computed from the corrected
//! series; its length and corrected share go into a warning line of the import summary. Any
//! other RR series (during exercise, overnight, in the evening, too short or too long) is kept
//! as an item for the HRV analytics and never relabelled as a morning reading; a warning says
//! why.

use std::ops::Range;

use chrono::{NaiveDateTime, Timelike};
use myo_metrics::hrv::artefact::{correct, ArtefactConfig};
use myo_metrics::hrv::time::{time_domain, TimeDomainConfig};
use myo_metrics::parse::{parse_rr, RrUnit};
use myo_scenario::Zone;

use crate::error::{ErrorKind, Failure};
use crate::item::{DailyHrv, Item, RrSeries, Warning};

/// Shortest and longest recording taken as a resting reading, seconds.
pub const RESTING_SECONDS: Range<f64> = 60.0..600.0;
/// Local hours of a morning reading.
pub const MORNING_HOURS: Range<u32> = 4..12;
/// A mean heart rate at or above this is not at rest.
pub const RESTING_HR_MAX_BPM: f64 = 100.0;
/// At least this many intervals before a reading is computed.
const MIN_INTERVALS: usize = 40;

/// Header names of a one-column RR file (as `myo hrv` reads them).
const RR_HEADERS: [&str; 13] = [
    "rr_ms", "rr", "rri", "nn", "nni", "nn_ms", "ibi", "ibi_ms", "rri_ms", "rr_s", "nn_s", "ibi_s",
    "rri_s",
];

/// A text of RR intervals: an optional header naming an RR column, then one number a line
/// (at least 10 of them, every line a single field).
pub(crate) fn looks_like_rr_text(text: &str) -> bool {
    let mut lines = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .take(200)
        .peekable();
    if let Some(first) = lines.peek() {
        if first.parse::<f64>().is_err() {
            if !RR_HEADERS.contains(&first.to_ascii_lowercase().as_str()) {
                return false;
            }
            lines.next();
        }
    }
    let mut n = 0;
    for l in lines {
        match l.parse::<f64>() {
            Ok(v) if v.is_finite() && v > 0.0 => n += 1,
            _ => return false,
        }
    }
    n >= 10
}

/// Reads a plain RR file. It holds no time: the start is taken from a file name such as Elite
/// HRV's `2024-01-05 07-02-11.txt` (the local time, in `zone`), else the series is undated.
pub(crate) fn parse_rr_text(
    file_name: &str,
    text: &str,
    zone: Zone,
) -> Result<(Vec<Item>, Vec<Warning>, usize), Failure> {
    let rr_ms = parse_rr(text, RrUnit::Auto).map_err(|e| {
        Failure::line(
            e.line,
            None,
            ErrorKind::BadValue {
                value: String::new(),
                message: e.message,
            },
        )
    })?;
    let start = start_from_name(file_name).map(|t| zone.at_local(t));
    let mut warnings = Vec::new();
    if start.is_none() {
        warnings.push(Warning::new(
            "an RR series with no time (neither in the file nor in its name, e.g. \
             \"2024-01-05 07-02-11.txt\"): not stored as a morning HRV reading; `myo hrv` gives \
             its metrics",
        ));
    }
    let n = rr_ms.len();
    let items = vec![Item::RrSeries(RrSeries {
        start,
        rr_ms,
        invalid_dropped: 0,
    })];
    Ok((items, warnings, n))
}

/// `YYYY-MM-DD`, a separator, `HH-MM-SS` (or with `:`/`.`/`_`) anywhere in a file name.
fn start_from_name(name: &str) -> Option<NaiveDateTime> {
    let b = name.as_bytes();
    (0..b.len().saturating_sub(18)).find_map(|i| {
        let s = name.get(i..i + 19)?;
        let norm: String = s
            .char_indices()
            .map(|(k, c)| match k {
                10 => ' ',
                13 | 16 if matches!(c, '-' | '.' | '_' | ':') => ':',
                _ => c,
            })
            .collect();
        NaiveDateTime::parse_from_str(&norm, "%Y-%m-%d %H:%M:%S").ok()
    })
}

/// The morning HRV readings of the file's resting RR series, with a warning for every series
/// that is not one (and why) and for every reading (its quality).
pub(crate) fn resting_readings(items: &[Item], warnings: &mut Vec<Warning>) -> Vec<Item> {
    // Exercise in the same file: an activity that moved or raised the heart rate.
    let exercise = items.iter().find_map(|i| match i {
        Item::Activity(a)
            if !a.transition
                && (a.distance_m.is_some_and(|d| d > 100.0)
                    || a.avg_hr_bpm.is_some_and(|h| h >= RESTING_HR_MAX_BPM)
                    || a.sport != myo_model::Sport::Other) =>
        {
            Some(a.source_sport.clone())
        }
        _ => None,
    });
    let mut out = Vec::new();
    for r in items.iter().filter_map(|i| match i {
        Item::RrSeries(r) if !r.rr_ms.is_empty() => Some(r),
        _ => None,
    }) {
        match reading(r, exercise.as_deref()) {
            Ok((hrv, note)) => {
                warnings.push(Warning::new(note));
                out.push(Item::DailyHrv(hrv));
            }
            Err(why) => warnings.push(Warning::new(format!(
                "RR series of {} intervals ({:.1} min): {why}; not stored as a morning HRV reading",
                r.rr_ms.len(),
                r.rr_ms.iter().sum::<f64>() / 60_000.0
            ))),
        }
    }
    out
}

fn reading(r: &RrSeries, exercise: Option<&str>) -> Result<(DailyHrv, String), String> {
    if let Some(sport) = exercise {
        return Err(format!("recorded during exercise ({sport})"));
    }
    let Some(at) = r.start else {
        return Err("it has no time".into());
    };
    let seconds = r.rr_ms.iter().sum::<f64>() / 1000.0;
    if !RESTING_SECONDS.contains(&seconds) {
        return Err("a resting reading lasts 1–10 min".into());
    }
    if !MORNING_HOURS.contains(&at.hour()) {
        return Err(format!(
            "recorded at {}, not in the morning (04:00–11:59)",
            at.format("%H:%M")
        ));
    }
    if r.rr_ms.len() < MIN_INTERVALS {
        return Err(format!("fewer than {MIN_INTERVALS} intervals"));
    }
    let c = correct(&r.rr_ms, &ArtefactConfig::default()).map_err(|e| e.to_string())?;
    let t = time_domain(&c.nn_ms, &TimeDomainConfig::default()).map_err(|e| e.to_string())?;
    if t.mean_hr_bpm >= RESTING_HR_MAX_BPM {
        return Err(format!(
            "mean heart rate {:.0} bpm is not at rest",
            t.mean_hr_bpm
        ));
    }
    let Some(ln) = t.ln_rmssd else {
        return Err("no beat-to-beat variation at all".into());
    };
    let a = c.counts;
    let note = format!(
        "morning HRV reading at {}: RMSSD {:.1} ms (lnRMSSD {ln:.2}) from {} intervals over {:.1} min; \
         {} corrected ({:.1} %: {} ectopic, {} long/short, {} missed, {} extra, {} other; Lipponen & Tarvainen 2019)",
        at.format("%Y-%m-%d %H:%M"),
        t.rmssd_ms,
        r.rr_ms.len(),
        seconds / 60.0,
        a.total(),
        100.0 * c.corrected_fraction,
        a.ectopic,
        a.long_short,
        a.missed,
        a.extra,
        a.other,
    );
    let hrv = DailyHrv {
        date: at.date_naive(),
        at,
        rmssd_ms: Some(t.rmssd_ms),
        ln_rmssd: Some(ln),
        sdnn_ms: Some(t.sdnn_ms),
        resting_hr_bpm: Some(t.mean_hr_bpm),
        source: "RR recording at rest".into(),
    };
    Ok((hrv, note))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    fn at(s: &str) -> DateTime<chrono::FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    fn rr(n: usize, base: f64) -> Vec<f64> {
        (0..n)
            .map(|i| base + 40.0 * (i as f64 * 1.3).sin() + ((i * 17) % 7) as f64)
            .collect()
    }

    fn series(start: &str, rr_ms: Vec<f64>) -> Item {
        Item::RrSeries(RrSeries {
            start: Some(at(start)),
            rr_ms,
            invalid_dropped: 0,
        })
    }

    #[test]
    fn rr_text_is_recognised_and_dated_from_its_name() {
        let text: String = rr(300, 1000.0)
            .iter()
            .map(|v| format!("{v:.0}\n"))
            .collect();
        assert!(looks_like_rr_text(&text));
        assert!(looks_like_rr_text(&format!("rr_ms\n{text}")));
        assert!(!looks_like_rr_text("date,load_au\n2024-01-01,5\n"));
        assert!(!looks_like_rr_text("1\n2\n3\n"));
        let t = start_from_name("Elite HRV 2024-01-05 07-02-11.txt").unwrap();
        assert_eq!(t.to_string(), "2024-01-05 07:02:11");
        assert!(start_from_name("rr.txt").is_none());
        let (items, warnings, n) = parse_rr_text("rr.txt", &text, Zone::UTC).unwrap();
        assert_eq!(n, 300);
        assert!(matches!(&items[0], Item::RrSeries(r) if r.start.is_none()));
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn only_a_resting_morning_recording_is_a_morning_reading() {
        let mut w = Vec::new();
        // 5 min at ~60 bpm at 07:10 with one premature beat.
        let mut beats = rr(300, 1000.0);
        beats[100] = 600.0;
        beats[101] = 1400.0;
        let got = resting_readings(&[series("2024-01-05T07:10:00+01:00", beats)], &mut w);
        let Item::DailyHrv(h) = &got[0] else {
            panic!("{got:?}")
        };
        assert_eq!(h.at, at("2024-01-05T07:10:00+01:00"));
        let rmssd = h.rmssd_ms.unwrap();
        let clean = time_domain(&rr(300, 1000.0), &TimeDomainConfig::default()).unwrap();
        assert!(
            (rmssd - clean.rmssd_ms).abs() < 0.05 * clean.rmssd_ms,
            "{rmssd}"
        );
        assert!(w[0].message.contains("1 ectopic"), "{}", w[0].message);

        for (start, beats, why) in [
            (
                "2024-01-05T18:10:00+01:00",
                rr(300, 1000.0),
                "not in the morning",
            ),
            ("2024-01-05T07:10:00+01:00", rr(40, 1000.0), "1–10 min"),
            ("2024-01-05T07:10:00+01:00", rr(2000, 1000.0), "1–10 min"),
            ("2024-01-05T07:10:00+01:00", rr(500, 450.0), "not at rest"),
        ] {
            let mut w = Vec::new();
            assert!(resting_readings(&[series(start, beats)], &mut w).is_empty());
            assert!(w[0].message.contains(why), "{}", w[0].message);
        }
    }
}
