//! Fitbit's JSON exports (PMData excerpts): sleep logs, the daily resting heart rate and
//! exercise, read at the athlete's offset; the files Fitbit writes that myo does not read.

use chrono::FixedOffset;
use myo_import::{ErrorKind, Format, Item, JsonLayout, Location, Options};

use crate::{bytes, fixture_path, imported};

fn oslo() -> Options {
    Options {
        zone: myo_scenario::Zone::Fixed(FixedOffset::east_opt(3600).unwrap()),
    }
}

fn parse_oslo(rel: &str) -> myo_import::Imported {
    myo_import::parse_with(&fixture_path(rel), &bytes(rel), &oslo()).unwrap()
}

fn said(i: &myo_import::Imported, what: &str) -> bool {
    i.warnings.iter().any(|w| w.message.contains(what))
}

#[test]
fn fitbit_sleep_logs_are_sleep_events_at_the_athletes_offset() {
    let i = parse_oslo("pmdata/p01/fitbit/sleep.json");
    assert_eq!(i.format, Format::Json(JsonLayout::FitbitSleep));
    assert_eq!(i.source_records, 8);
    // The night of 6–7 November is listed twice (same logId) and counts once.
    assert_eq!(i.items.len(), 7);
    assert!(said(&i, "1 entry listed twice"), "{:?}", i.warnings);
    assert!(said(
        &i,
        "Fitbit times have no time zone: read in UTC+01:00"
    ));
    let e = i.events();
    // "startTime": "2019-11-02 00:09:30", "minutesAsleep": 378.
    assert_eq!(e[0]["kind"], "sleep");
    assert_eq!(e[0]["at"], "2019-11-02T00:09:30+01:00");
    assert_eq!(e[0]["hours"], 6.3);
    assert!(
        e[0].get("quality").is_none(),
        "efficiency is not a quality rating"
    );
    assert!(i
        .items
        .iter()
        .all(|x| matches!(x, Item::Sleep(s) if !s.reported)));
    // Naps are sleep events too (the model tells them by their length).
    let p04 = parse_oslo("pmdata/p04/fitbit/sleep.json").events();
    let hours: Vec<f64> = p04.iter().map(|e| e["hours"].as_f64().unwrap()).collect();
    assert_eq!(hours, [7.17, 1.55, 7.37, 6.83, 1.4]);
    assert_eq!(p04[1]["at"], "2019-11-11T16:28:00+01:00");
}

#[test]
fn fitbit_resting_heart_rate_is_a_morning_observation() {
    let i = parse_oslo("pmdata/p01/fitbit/resting_heart_rate.json");
    assert_eq!(i.format, Format::Json(JsonLayout::FitbitRestingHr));
    let e = i.events();
    assert_eq!(e.len(), 7);
    // {"dateTime": "2019-11-01 00:00:00", "value": {"value": 53.74…, "error": 6.79…}}
    assert_eq!(e[0]["kind"], "observation");
    assert_eq!(e[0]["at"], "2019-11-01T07:00:00+01:00");
    assert_eq!(e[0]["resting_hr"], 53.7);
    assert_eq!(e[0].as_object().unwrap().len(), 3, "{}", e[0]);
    // Value 0 is a day without data (p03: 4 of the first 10).
    let p03 = parse_oslo("pmdata/p03/fitbit/resting_heart_rate.json");
    assert_eq!(p03.events().len(), 6);
    assert!(
        said(&p03, "4 day(s) with no resting heart rate"),
        "{:?}",
        p03.warnings
    );
}

#[test]
fn fitbit_exercise_is_endurance_with_average_heart_rate() {
    let i = parse_oslo("pmdata/p01/fitbit/exercise.json");
    assert_eq!(i.format, Format::Json(JsonLayout::FitbitExercise));
    let e = i.events();
    assert_eq!(e.len(), 13);
    let sports: Vec<_> = e.iter().map(|e| e["sport"].as_str().unwrap()).collect();
    assert_eq!(sports.iter().filter(|s| **s == "walk").count(), 10);
    // The run of 5 November: 1 460 s active, 3.846164 km, 144 bpm.
    let run = &e[5];
    assert_eq!(
        (run["sport"].as_str(), run["at"].as_str()),
        (Some("run"), Some("2019-11-05T22:40:41+01:00"))
    );
    assert_eq!(
        (
            run["minutes"].as_f64(),
            run["distance_km"].as_f64(),
            run["avg_hr"].as_f64()
        ),
        (Some(24.3), Some(3.85), Some(144.0))
    );
    // Fitbit's "Sport" says no more than that.
    assert_eq!(e[12]["sport"], "other");

    let p04 = parse_oslo("pmdata/p04/fitbit/exercise.json");
    let e = p04.events();
    let sports: Vec<_> = e.iter().map(|e| e["sport"].as_str().unwrap()).collect();
    // Hockey without a heart rate and two weight sessions give nothing; a treadmill is a run.
    assert_eq!(
        sports,
        ["ski", "ski", "ski", "run", "run", "run", "run"],
        "{e:#?}"
    );
    assert!(
        said(&p04, "1 activit(ies) without an average heart rate"),
        "{:?}",
        p04.warnings
    );
    assert!(
        said(&p04, "2 weight-training session(s) left out"),
        "{:?}",
        p04.warnings
    );
    let Item::Activity(hockey) = &p04.items[0] else {
        panic!()
    };
    assert_eq!(hockey.sport, myo_model::Sport::Hockey);
}

#[test]
fn fitbit_sports_by_name() {
    let entry = |name: &str| {
        format!(
            "[{{\"logId\": 1, \"activityName\": \"{name}\", \"startTime\": \"2019-11-05 20:10:00\", \
             \"duration\": 3600000, \"activeDuration\": 3600000, \"averageHeartRate\": 140}}]"
        )
    };
    for (name, sport) in [
        ("Tennis", "tennis"),
        ("Hockey", "hockey"),
        ("Soccer", "soccer"),
        ("Outdoor Bike", "cycle"),
        ("Spinning", "cycle"),
        ("Swim", "swim"),
        ("Hike", "hike"),
        ("Elliptical", "other"),
        ("Aerobic Workout", "other"),
    ] {
        let i = myo_import::parse("exercise.json".as_ref(), entry(name).as_bytes()).unwrap();
        assert_eq!(i.events()[0]["sport"], sport, "{name}");
    }
}

#[test]
fn fitbit_files_myo_does_not_read_are_unknown_and_broken_ones_are_named() {
    // Minutes of activity per day: JSON, but not a format myo reads.
    let e = crate::import("pmdata/p01/fitbit/very_active_minutes.json").unwrap_err();
    assert!(
        matches!(&e.kind, ErrorKind::UnknownFormat(why) if why.contains("JSON, but not a Fitbit")),
        "{e}"
    );
    assert_eq!(
        myo_import::detect(
            "x".as_ref(),
            &bytes("pmdata/p01/fitbit/very_active_minutes.json")
        ),
        Format::Unknown
    );
    // Detected by content, whatever the name.
    let sleep = bytes("pmdata/p01/fitbit/sleep.json");
    assert_eq!(
        myo_import::detect("notes.txt".as_ref(), &sleep),
        Format::Json(JsonLayout::FitbitSleep)
    );
    // Cut short: still recognised (by the first entry's keys), then a syntax error with its line.
    let e = myo_import::parse("sleep.json".as_ref(), &sleep[..sleep.len() / 2]).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Json(_)), "{e}");
    assert!(
        e.to_string().starts_with("sleep.json:1: malformed JSON"),
        "{e}"
    );
    // A bad entry is skipped with its place; the others are kept.
    let text = "[{\"dateTime\": \"2019-11-01 00:00:00\", \"value\": {\"date\": \"11/01/19\", \"value\": 53.7, \"error\": 6.8}},\
                 {\"dateTime\": \"yesterday\", \"value\": {\"date\": \"11/02/19\", \"value\": 52.9, \"error\": 6.8}}]";
    let i = myo_import::parse("rhr.json".as_ref(), text.as_bytes()).unwrap();
    assert_eq!(i.items.len(), 1);
    let w = &i.warnings[0];
    assert_eq!(
        w.location,
        Some(Location::Entry {
            index: 2,
            field: Some("dateTime".into())
        })
    );
    assert_eq!(
        w.to_string(),
        "entry 2: field \"dateTime\": skipped: \"yesterday\" is not a date and time"
    );
    // Nothing usable is an error, like an empty CSV.
    let none = "[{\"dateTime\": \"2019-11-01 00:00:00\", \"value\": {\"date\": \"11/01/19\", \"value\": 0, \"error\": 0}}]";
    let e = myo_import::parse("rhr.json".as_ref(), none.as_bytes()).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::NoData(_)), "{e}");
    // The default offset is UTC.
    let utc = imported("pmdata/p01/fitbit/resting_heart_rate.json").events();
    assert_eq!(utc[0]["at"], "2019-11-01T07:00:00Z");
}
