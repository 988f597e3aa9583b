//! FIT: message counts, per-record values against the SDK's CSV dumps, RR series, multisport
//! and chained files, the broken files' error kinds, and synthetic strength/sleep/HRV files.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use myo_import::{fit, ErrorKind, Item};
use myo_model::{MuscleGroup, Sport};

use crate::fit_writer::{fit_time, Base, Writer, V};
use crate::{activities, bytes, close, import, imported};

fn counts(rel: &str) -> (usize, BTreeMap<String, usize>) {
    let mut c = BTreeMap::new();
    let n = fit::decode(&bytes(rel), |r| {
        *c.entry(r.kind().to_string()).or_default() += 1
    })
    .unwrap_or_else(|e| panic!("{rel}: {e:?}"));
    (n, c)
}

#[test]
fn message_counts_match_upstream() {
    // fitparse-rs, fitparse and fitdecode all agree on these totals.
    for (file, total) in [
        ("fit/Activity.fit", 22),
        ("fit/DeveloperData.fit", 6),
        ("fit/garmin-fenix-5-bike.fit", 143),
        ("fit/sample_mulitple_header.fit", 3023),
        ("fit/hrv-activity.fit", 2260),
        ("fit/coros-pace-2-cycling-misaligned-fields.fit", 11293),
        ("fit/compressed-speed-distance.fit", 780),
        ("fit/activity-settings.fit", 25),
    ] {
        assert_eq!(counts(file).0, total, "{file}");
    }
    // A valid chained file: two file_id messages.
    assert_eq!(counts("fit/activity-settings.fit").1["file_id"], 2);
    assert_eq!(imported("fit/hrv-activity.fit").source_records, 2260);
}

#[test]
fn developer_field_is_decoded() {
    let mut messages = Vec::new();
    fit::decode(&bytes("fit/DeveloperData.fit"), |r| messages.push(r)).unwrap();
    let fields = messages[3].fields();
    assert_eq!(fields.len(), 5);
    assert_eq!(fields[4].name(), "doughnuts_earned");
    assert_eq!(fields[4].units(), "doughnuts");
    assert_eq!(fields[4].value(), &fitparser::Value::SInt8(1));
}

/// "Sun Jun 11 07:34:09 PDT 2017" (the dump tool's local time, UTC−7).
fn pdt(s: &str) -> DateTime<Utc> {
    let t = NaiveDateTime::parse_from_str(&s.replace(" PDT", ""), "%a %b %d %H:%M:%S %Y").unwrap();
    Utc.from_utc_datetime(&(t + chrono::Duration::hours(7)))
}

#[test]
fn records_match_the_sdk_csv_dumps() {
    for name in [
        "garmin-fenix-5-run",
        "garmin-fenix-5-walk",
        "garmin-fenix-5-bike",
        "garmin-edge-820-bike",
    ] {
        let i = imported(&format!("fit/{name}.fit"));
        let a = activities(&i)[0];
        let csv = String::from_utf8(bytes(&format!("fit/{name}-records.csv"))).unwrap();
        let rows: Vec<Vec<&str>> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect())
            .collect();
        assert_eq!(a.samples.len(), rows.len(), "{name}");
        for (s, r) in a.samples.iter().zip(&rows) {
            assert_eq!(s.time, Some(pdt(r[0])), "{name}");
            assert_eq!(s.hr_bpm, Some(r[1].parse().unwrap()), "{name} {r:?}");
            assert!(
                close(s.speed_m_s.unwrap(), r[3].parse().unwrap(), 1e-3),
                "{name} {r:?}"
            );
            assert!(
                close(s.distance_m.unwrap(), r[4].parse().unwrap(), 1e-6),
                "{name} {r:?}"
            );
            assert!(
                close(s.altitude_m.unwrap(), r[7].parse().unwrap(), 1e-6),
                "{name} {r:?}"
            );
        }
    }
}

#[test]
fn compressed_timestamps_and_accumulated_distance_match_the_dump() {
    let i = imported("fit/compressed-speed-distance.fit");
    let a = activities(&i)[0];
    // The first record carries only a relative timestamp (17217864 < 0x10000000).
    assert_eq!(
        a.samples[0].time.unwrap().timestamp(),
        17_217_864 + 631_065_600
    );
    let csv = String::from_utf8(bytes("fit/compressed-speed-distance-records.csv")).unwrap();
    let rows: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    assert_eq!(rows.len(), 754);
    assert_eq!(a.samples.len(), 755);
    let opt = |s: &str| (s != "null").then(|| s.parse::<f64>().unwrap());
    for (s, r) in a.samples[1..].iter().zip(&rows) {
        assert_eq!(
            s.time.unwrap().timestamp(),
            r[0].parse::<i64>().unwrap() + 631_065_600
        );
        assert_eq!(s.hr_bpm, opt(r[1]), "{r:?}");
        assert!(
            close(s.speed_m_s.unwrap(), opt(r[2]).unwrap(), 1e-3),
            "{r:?}"
        );
        assert!(
            close(s.distance_m.unwrap(), opt(r[3]).unwrap(), 1e-6),
            "{r:?}"
        );
        assert_eq!(s.cadence_rpm, opt(r[4]), "{r:?}");
    }
}

fn rr_of(rel: &str) -> myo_import::RrSeries {
    imported(rel)
        .items
        .into_iter()
        .find_map(|i| match i {
            Item::RrSeries(r) => Some(r),
            _ => None,
        })
        .expect("an RR series")
}

#[test]
fn hrv_messages_become_rr_series_without_invalid_entries() {
    // Upstream (fitparse-rs): the first hrv message is [0.467, 0.464, invalid × 3].
    let rr = rr_of("fit/hrv-activity.fit");
    assert_eq!(&rr.rr_ms[..4], &[467.0, 464.0, 464.0, 463.0]);
    for (name, valid, invalid) in [
        ("hrv-activity", 2705, 2665),
        ("garmin-edge-820-bike", 126, 204),
        ("garmin-fenix-5-run", 113, 242),
    ] {
        let rr = rr_of(&format!("fit/{name}.fit"));
        assert_eq!(
            (rr.rr_ms.len(), rr.invalid_dropped),
            (valid, invalid),
            "{name}"
        );
        let csv = String::from_utf8(bytes(&format!("fit/{name}.rr.csv"))).unwrap();
        let expected: Vec<f64> = csv
            .lines()
            .skip(1)
            .map(|l| (l.split(',').nth(1).unwrap().parse::<f64>().unwrap() * 1000.0).round())
            .collect();
        assert_eq!(rr.rr_ms, expected, "{name}");
    }
}

#[test]
fn multisport_gives_one_activity_per_session() {
    // sweatpy index.yml: running, transition, rowing; fitdecode timer times.
    let i = imported("multi-format/6471559601_ACTIVITY.fit");
    let a = activities(&i);
    let got: Vec<(Sport, bool, f64)> = a
        .iter()
        .map(|a| (a.sport, a.transition, a.moving_s.unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Sport::Run, false, 24.593),
            (Sport::Other, true, 11.763),
            (Sport::Row, false, 23.245)
        ]
    );
    assert_eq!(a.iter().map(|a| a.laps.len()).sum::<usize>(), 3);
    // Transitions give no event; the two short legs are under the spec's 30 s minimum.
    assert!(a[1].transition);

    // A chained triathlon: swim, transition, bike, transition, run; 5 laps in all.
    let i = imported("fit/sample_mulitple_header.fit");
    let a = activities(&i);
    let sports: Vec<Sport> = a.iter().map(|a| a.sport).collect();
    assert_eq!(
        sports,
        [
            Sport::Swim,
            Sport::Other,
            Sport::Cycle,
            Sport::Other,
            Sport::Run
        ]
    );
    assert_eq!(a.iter().map(|a| a.laps.len()).sum::<usize>(), 5);
    assert_eq!(i.events().len(), 3);
    assert_eq!(a.iter().map(|a| a.samples.len()).sum::<usize>(), 1775);
}

#[test]
fn local_time_offset_comes_from_the_activity_message() {
    let i = imported("fit/garmin-fenix-5-run.fit");
    let a = activities(&i)[0];
    assert_eq!(a.start.to_rfc3339(), "2017-06-11T07:34:09-07:00");
    assert!(close(a.moving_s.unwrap(), 56.887, 1e-9));
    assert_eq!(a.distance_m, Some(157.56));
    assert_eq!((a.avg_hr_bpm, a.max_hr_bpm), (Some(90.0), Some(112.0)));
}

#[test]
fn broken_files_give_the_error_kinds_upstream_expects() {
    let kind = |f: &str| import(f).expect_err(f).kind;
    assert!(matches!(
        kind("fit/invalid/activity-filecrc.fit"),
        ErrorKind::FitCrc { part: "data", .. }
    ));
    assert!(matches!(
        kind("fit/invalid/activity-activity-filecrc.fit"),
        ErrorKind::FitCrc { part: "data", .. }
    ));
    assert!(matches!(
        kind("fit/invalid/activity-unexpected-eof.fit"),
        ErrorKind::Truncated { .. }
    ));
    assert!(matches!(
        kind("fit/invalid/activity-settings-nodata.fit"),
        ErrorKind::Truncated { .. }
    ));
    match kind("fit/invalid/activity-settings-corruptheader.fit") {
        ErrorKind::FitHeader(m) => assert!(m.contains("chained file 2"), "{m}"),
        other => panic!("{other:?}"),
    }
    // Unterminated: 14412 messages decode before the end (fitparse with the CRC check off).
    assert_eq!(
        kind("fit/nick.fit"),
        ErrorKind::Truncated {
            decoded_messages: 14412
        }
    );
    // A data message before its definition (fitdecode and fitparse fail here too).
    let e = import("fit/strava-android-app-201.10-b1218918.fit").unwrap_err();
    assert!(matches!(e.kind, ErrorKind::FitDecode(_)));
    assert_eq!(
        e.location,
        Some(myo_import::Location::Byte {
            offset: 7471,
            message: 488
        })
    );
    assert!(
        e.to_string()
            .contains("strava-android-app-201.10-b1218918.fit:byte 7471"),
        "{e}"
    );
}

/// 35 bytes: a header that says it is 40 bytes long. fitparser 0.11 slices past the end.
pub fn header_longer_than_file() -> Vec<u8> {
    let mut b = vec![40u8, 0x10, 100, 0, 0xE8, 0x03, 0, 0];
    b.extend_from_slice(b".FIT");
    b.resize(35, 0x41);
    b
}

#[test]
fn fitparser_panic_regression_is_an_ordinary_error() {
    let b = header_longer_than_file();
    // The guard is needed: the bare decoder panics on this file.
    let bare = std::panic::catch_unwind(|| fitparser::from_bytes(&b));
    assert!(
        bare.is_err(),
        "fitparser no longer panics here: the guard may be simplified"
    );
    let e = myo_import::parse("bad.fit".as_ref(), &b).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::FitHeader(_)), "{e}");

    // A header that declares more data than the file holds: truncated, not silently empty.
    let mut short = Writer::new();
    short.message(0, &[(0, Base::Enum, V::N(4))]);
    let mut f = short.finish();
    f[4] = 0xE8;
    f[5] = 0x03;
    f.truncate(35);
    let e = myo_import::parse("short.fit".as_ref(), &f).unwrap_err();
    assert!(
        matches!(
            e.kind,
            ErrorKind::Truncated { .. } | ErrorKind::FitCrc { .. }
        ),
        "{e}"
    );
}

/// A Garmin-style strength workout: squats named by an exercise_title (in the catalogue by
/// alias), curls known only by category, warm-up sets in a category without muscles, and an
/// unknown named rowing exercise.
pub fn strength_fit() -> Vec<u8> {
    let t0 = fit_time(1_767_600_000); // 2026-01-05T08:00:00Z
    let mut w = Writer::new();
    w.message(0, &[(0, Base::Enum, V::N(4)), (4, Base::U32, V::N(t0))]);
    let title = |w: &mut Writer, i: u64, cat: u64, num: u64, name: &'static str| {
        w.message(
            264,
            &[
                (254, Base::U16, V::N(i)),
                (0, Base::U16, V::N(cat)),
                (1, Base::U16, V::N(num)),
                (2, Base::Str(24), V::S(name)),
            ],
        );
    };
    title(&mut w, 0, 28, 6, "Back Squat");
    title(&mut w, 1, 23, 40, "Zottman Flip Wiggle");
    let mut t = t0;
    let mut set = |w: &mut Writer, active: bool, cat: u64, sub: u64, reps: u64, kg16: u64| {
        t += 60;
        w.message(
            225,
            &[
                (254, Base::U32, V::N(t + 30)),
                (0, Base::U32, V::N(30_000)),
                (3, Base::U16, V::N(reps)),
                (4, Base::U16, V::N(kg16)),
                (5, Base::U8, V::N(u64::from(active))),
                (6, Base::U32, V::N(t)),
                (7, Base::U16, V::N(cat)),
                (8, Base::U16, V::N(sub)),
            ],
        );
    };
    for _ in 0..3 {
        set(&mut w, true, 28, 6, 5, 1600);
        set(&mut w, false, 65534, 0, 0, 0);
    }
    set(&mut w, true, 7, 99, 12, 200);
    set(&mut w, true, 7, 99, 12, 200);
    set(&mut w, true, 31, 1, 10, 0);
    set(&mut w, true, 23, 40, 8, 480);
    w.message(
        18,
        &[
            (253, Base::U32, V::N(t + 60)),
            (2, Base::U32, V::N(t0)),
            (5, Base::Enum, V::N(10)),
            (6, Base::Enum, V::N(20)),
            (7, Base::U32, V::N((t + 60 - t0) * 1000)),
        ],
    );
    w.finish()
}

#[test]
fn strength_sets_map_to_the_catalogue_and_to_muscle_groups() {
    let i = myo_import::parse("strength.fit".as_ref(), &strength_fit()).unwrap();
    let Some(Item::Strength(s)) = i.items.first() else {
        panic!("{:?}", i.items)
    };
    assert_eq!(s.start.to_rfc3339(), "2026-01-05T08:01:00+00:00");
    assert_eq!(s.exercises.len(), 4);
    let squat = &s.exercises[0];
    assert_eq!(squat.catalogue_name.as_deref(), Some("Barbell Squat"));
    assert_eq!(squat.sets.len(), 3, "rest sets are not working sets");
    assert_eq!(
        (squat.sets[0].reps, squat.sets[0].load_kg),
        (5, Some(100.0))
    );
    let curl = &s.exercises[1];
    assert_eq!(curl.catalogue_name, None);
    assert_eq!(curl.muscles, [MuscleGroup::Biceps, MuscleGroup::Forearms]);
    assert_eq!(curl.sets[0].load_kg, Some(12.5));
    assert!(s.exercises[2].muscles.is_empty() && s.exercises[2].catalogue_name.is_none());
    let row = &s.exercises[3];
    assert_eq!(row.source_name, "Zottman Flip Wiggle");
    assert_eq!(
        row.muscles,
        [
            MuscleGroup::MiddleBack,
            MuscleGroup::Lats,
            MuscleGroup::Biceps
        ]
    );
    // No endurance activity for the strength session itself.
    assert_eq!(activities(&i).len(), 0);
    let w: Vec<String> = i.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(
        w[0].contains("warm up") && w[0].contains("no event"),
        "{w:?}"
    );
    assert!(w[1].contains("Zottman") && w[1].contains("row"), "{w:?}");
}

/// A night: light, deep, rem, awake, light sleep levels, a sleep score of 84, and an HRV
/// status summary with a 52 ms overnight RMSSD.
pub fn sleep_fit() -> Vec<u8> {
    let t0 = fit_time(1_767_650_400); // 2026-01-05T22:00:00Z
    let mut w = Writer::new();
    w.message(0, &[(0, Base::Enum, V::N(49)), (4, Base::U32, V::N(t0))]);
    for (offset_min, level) in [(0, 2), (60, 3), (180, 4), (300, 1), (320, 2), (440, 1)] {
        w.message(
            275,
            &[
                (253, Base::U32, V::N(t0 + offset_min * 60)),
                (0, Base::Enum, V::N(level)),
            ],
        );
    }
    w.message(346, &[(6, Base::U8, V::N(84))]);
    w.message(
        370,
        &[
            (253, Base::U32, V::N(t0 + 440 * 60)),
            (1, Base::U16, V::N(52 * 128)),
        ],
    );
    w.finish()
}

#[test]
fn sleep_levels_and_hrv_status_become_sleep_and_overnight_hrv() {
    let i = myo_import::parse("sleep.fit".as_ref(), &sleep_fit()).unwrap();
    let sleep = i.items.iter().find_map(|x| match x {
        Item::Sleep(s) => Some(s),
        _ => None,
    });
    let s = sleep.expect("a sleep item");
    assert_eq!(s.start.to_rfc3339(), "2026-01-05T22:00:00+00:00");
    // 300 min light/deep/rem, 20 awake, 120 light: 7 h asleep.
    assert!(close(s.asleep_h, 7.0, 1e-9), "{s:?}");
    assert_eq!((s.quality, s.score), (Some(4), Some(84.0)));
    // Garmin's HRV status is the night's average: overnight HRV, never a morning reading.
    assert!(!i.items.iter().any(|x| matches!(x, Item::DailyHrv(_))));
    let e = i.events();
    let hrv: Vec<_> = e
        .iter()
        .filter(|x| x.get("night_rmssd_ms").is_some())
        .collect();
    assert_eq!(hrv.len(), 1, "{e:?}");
    assert_eq!(hrv[0]["night_rmssd_ms"], 52);
    assert!(hrv[0].get("rmssd_ms").is_none());
    assert!(i
        .warnings
        .iter()
        .any(|w| w.message.contains("not as a morning reading")));
}
