//! Wearables' account exports (Garmin Connect, Oura, WHOOP, Polar Flow), recognised by their
//! content: nights, resting heart rate, overnight HRV kept as `night_rmssd_ms` (never the
//! morning `rmssd_ms`), workouts with their heart rate; scores and strength sessions counted
//! and left out, with the reason.

use chrono::FixedOffset;
use myo_import::{Format, Imported, Item, Options, WearLayout};
use serde_json::Value;

use crate::{bytes, fixture_path};

/// Central European winter time, as the fixtures' athlete.
fn cet() -> Options {
    Options {
        zone: myo_scenario::Zone::Fixed(FixedOffset::east_opt(3600).unwrap()),
    }
}

fn read(rel: &str, opts: &Options) -> Imported {
    let rel = format!("wearables/{rel}");
    myo_import::parse_with(&fixture_path(&rel), &bytes(&rel), opts)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn said(i: &Imported, what: &str) -> bool {
    i.warnings.iter().any(|w| w.message.contains(what))
}

fn kinds<'a>(e: &'a [Value], kind: &str) -> Vec<&'a Value> {
    e.iter().filter(|x| x["kind"] == kind).collect()
}

/// No event of any file carries a morning HRV: the devices' HRV is overnight.
fn no_morning_hrv(e: &[Value]) {
    assert!(e.iter().all(|x| x.get("rmssd_ms").is_none()), "{e:?}");
}

#[test]
fn garmin_sleep_gives_nights_in_the_athletes_zone() {
    let i = read(
        "garmin/DI_CONNECT/DI-Connect-Wellness/2026-03-01_2026-03-31_100001_sleepData.json",
        &cet(),
    );
    assert_eq!(i.format, Format::Wearable(WearLayout::GarminSleep));
    let e = i.events();
    let nights = kinds(&e, "sleep");
    assert_eq!(nights.len(), 2, "{e:?}");
    // 22:10 GMT is 23:10 in UTC+01:00; deep + light + REM, awake time excluded.
    assert_eq!(nights[0]["at"], "2026-03-09T23:10:00+01:00");
    assert_eq!(nights[0]["hours"], 7);
    assert_eq!(nights[0]["quality"], 4); // score 84
    assert_eq!(nights[1]["hours"], 6.17);
    assert_eq!(nights[1]["quality"], 3); // score 72
    assert!(said(&i, "1 nap(s) left out"), "{:?}", i.warnings);
    assert!(
        said(&i, "1 night(s) without a sleep start"),
        "{:?}",
        i.warnings
    );
}

#[test]
fn garmin_hrv_status_is_overnight_hrv_not_a_morning_reading() {
    let i = read(
        "garmin/DI_CONNECT/DI-Connect-Wellness/2026-03-01_2026-03-31_100001_healthStatusData.json",
        &cet(),
    );
    assert_eq!(i.format, Format::Wearable(WearLayout::GarminHealthStatus));
    let e = i.events();
    no_morning_hrv(&e);
    let hrv: Vec<(&str, f64)> = e
        .iter()
        .map(|x| {
            (
                x["at"].as_str().unwrap(),
                x["night_rmssd_ms"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        hrv,
        [
            ("2026-03-10T07:00:00+01:00", 48.0),
            ("2026-03-11T07:00:00+01:00", 44.0)
        ]
    );
    assert!(
        said(&i, "1 night(s) with HRV 0 (not measured)"),
        "{:?}",
        i.warnings
    );
    // The night's heart rate, SpO2 (no value) and respiration: counted, not used.
    assert!(said(&i, "4 other overnight value(s)"), "{:?}", i.warnings);
    assert!(said(&i, "not as a morning reading"));
}

#[test]
fn garmin_daily_summaries_give_resting_heart_rate_at_the_days_offset() {
    // The zone told is UTC; the summaries' local and GMT starts say +01:00.
    let i = read(
        "garmin/DI_CONNECT/DI-Connect-Aggregator/UDSFile_2026-03-01_2026-03-31.json",
        &Options::default(),
    );
    assert_eq!(i.format, Format::Wearable(WearLayout::GarminDailySummary));
    let e = i.events();
    let rhr: Vec<(&str, f64)> = e
        .iter()
        .map(|x| (x["at"].as_str().unwrap(), x["resting_hr"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        rhr,
        [
            ("2026-03-10T07:00:00+01:00", 50.0),
            ("2026-03-11T07:00:00+01:00", 52.0)
        ]
    );
    assert!(
        said(&i, "1 day(s) without a resting heart rate"),
        "{:?}",
        i.warnings
    );
    assert!(said(&i, "steps, calories"));
}

#[test]
fn other_garmin_files_are_not_a_format_myo_reads() {
    let rel = "wearables/garmin/DI_CONNECT/DI-Connect-Wellness/100001_userBioMetrics.json";
    assert_eq!(
        myo_import::detect(&fixture_path(rel), &bytes(rel)),
        Format::Unknown
    );
}

#[test]
fn oura_sleep_periods_give_nights_resting_heart_rate_and_overnight_hrv() {
    // Times carry their offset: the zone told does not move them.
    let i = read("oura/App Data/sleepmodel.csv", &Options::default());
    assert_eq!(i.format, Format::Wearable(WearLayout::OuraSleep));
    let e = i.events();
    no_morning_hrv(&e);
    let nights = kinds(&e, "sleep");
    // Two nights and a nap (from bedtime plus latency); the rest period left out.
    let got: Vec<(&str, f64)> = nights
        .iter()
        .map(|x| (x["at"].as_str().unwrap(), x["hours"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("2026-03-09T23:15:00+01:00", 7.0),
            ("2026-03-10T14:05:00+01:00", 0.5),
            ("2026-03-10T23:45:00+01:00", 6.75)
        ]
    );
    let obs = kinds(&e, "observation");
    assert_eq!(obs.len(), 2, "{obs:?}");
    assert_eq!(obs[0]["at"], "2026-03-10T06:50:00+01:00");
    assert_eq!(obs[0]["night_rmssd_ms"], 62);
    assert_eq!(obs[0]["resting_hr"], 49);
    assert_eq!(obs[1]["night_rmssd_ms"], 55);
    assert!(
        said(&i, "1 rest or deleted period(s) left out"),
        "{:?}",
        i.warnings
    );
    assert!(
        said(&i, "1 nap(s) or shorter period(s)"),
        "{:?}",
        i.warnings
    );
}

#[test]
fn oura_json_v1_and_its_scores() {
    let text = r#"{"sleep": [
        {"summary_date": "2020-01-01", "is_longest": 1, "bedtime_start": "2020-01-01T23:10:00+02:00",
         "bedtime_end": "2020-01-02T07:00:00+02:00", "onset_latency": 300, "total": 26100,
         "rmssd": 41, "hr_lowest": 47, "score": 81},
        {"summary_date": "2020-01-02", "is_longest": 0, "bedtime_start": "2020-01-02T13:00:00+02:00",
         "bedtime_end": "2020-01-02T13:30:00+02:00", "total": 1500, "rmssd": 39, "hr_lowest": 55},
        {"summary_date": "2020-01-03", "bedtime_start": "yesterday", "total": 100}],
      "readiness": [{"summary_date": "2020-01-02", "score": 77, "score_hrv_balance": 80}]}"#;
    let i = myo_import::parse("oura_data.json".as_ref(), text.as_bytes()).unwrap();
    assert_eq!(i.format, Format::Wearable(WearLayout::OuraSleep));
    let e = i.events();
    no_morning_hrv(&e);
    assert_eq!(kinds(&e, "sleep").len(), 2);
    assert_eq!(kinds(&e, "sleep")[0]["at"], "2020-01-01T23:15:00+02:00");
    assert_eq!(kinds(&e, "sleep")[0]["hours"], 7.25);
    let obs = kinds(&e, "observation");
    assert_eq!(obs.len(), 1);
    assert_eq!(obs[0]["night_rmssd_ms"], 41);
    assert_eq!(obs[0]["resting_hr"], 47);
    // The readiness entry and the sleep score: counted, left out.
    assert!(
        said(&i, "2 Oura readiness or sleep score(s) left out"),
        "{:?}",
        i.warnings
    );
    assert!(
        i.warnings.iter().any(|w| w
            .message
            .contains("entry 3: skipped: no readable bedtime_start")),
        "{:?}",
        i.warnings
    );
}

#[test]
fn oura_readiness_alone_is_skipped_with_its_reason() {
    let rel = "wearables/oura/App Data/dailyreadiness.csv";
    let err = myo_import::parse(&fixture_path(rel), &bytes(rel)).unwrap_err();
    assert!(err.to_string().contains("Oura's daily readiness"), "{err}");
}

#[test]
fn whoop_cycles_give_resting_heart_rate_and_overnight_hrv_at_waking() {
    // Local times of the Cycle timezone, whatever the zone told.
    let i = read("whoop/physiological_cycles.csv", &Options::default());
    assert_eq!(i.format, Format::Wearable(WearLayout::WhoopCycles));
    let e = i.events();
    no_morning_hrv(&e);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0]["at"], "2026-03-10T06:45:00+01:00");
    assert_eq!(e[0]["resting_hr"], 51);
    assert_eq!(e[0]["night_rmssd_ms"], 71);
    assert!(
        said(&i, "1 recovery score(s) and 2 day strain value(s) left out"),
        "{:?}",
        i.warnings
    );
    assert!(said(&i, "1 night(s) in the cycles' sleep columns"));
    assert!(said(&i, "1 cycle(s) without resting heart rate or HRV"));
}

#[test]
fn whoop_sleeps_and_naps() {
    let i = read("whoop/sleeps.csv", &Options::default());
    assert_eq!(i.format, Format::Wearable(WearLayout::WhoopSleeps));
    let e = i.events();
    let got: Vec<(&str, f64)> = e
        .iter()
        .map(|x| (x["at"].as_str().unwrap(), x["hours"].as_f64().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("2026-03-09T23:20:00+01:00", 6.83),
            ("2026-03-10T14:10:00+01:00", 0.42)
        ]
    );
    assert!(said(&i, "1 sleep performance score(s) left out"));
}

#[test]
fn whoop_workouts_with_heart_rate_team_sports_and_strength_left_out() {
    let i = read("whoop/workouts.csv", &Options::default());
    assert_eq!(i.format, Format::Wearable(WearLayout::WhoopWorkouts));
    let e = i.events();
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(e[0]["sport"], "run");
    assert_eq!(e[0]["at"], "2026-03-10T17:30:00+01:00");
    assert_eq!(e[0]["minutes"], 45);
    assert_eq!(e[0]["avg_hr"], 152);
    assert_eq!(e[0]["distance_km"], 8.2);
    assert_eq!(e[1]["sport"], "soccer");
    assert_eq!(e[1]["minutes"], 90);
    assert!(
        said(&i, "1 strength workout(s) left out"),
        "{:?}",
        i.warnings
    );
    assert!(said(&i, "3 activity strain value(s) left out"));
}

#[test]
fn whoop_times_without_a_zone_are_read_in_the_athletes() {
    let text = "Workout start time,Duration (min),Activity name,Average HR (bpm)\n\
                2026-03-10 17:30:00,40,Cycling,140\n\
                2026-03-10 18:30:00,x,Cycling,140\n";
    let i = myo_import::parse_with("w.csv".as_ref(), text.as_bytes(), &cet()).unwrap();
    let e = i.events();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0]["at"], "2026-03-10T17:30:00+01:00");
    assert_eq!(e[0]["sport"], "cycle");
    assert!(
        said(&i, "without a readable Cycle timezone read in UTC+01:00"),
        "{:?}",
        i.warnings
    );
    assert!(
        i.warnings
            .iter()
            .any(|w| w.to_string().starts_with("3: skipped")),
        "{:?}",
        i.warnings
    );
}

#[test]
fn whoop_journal_is_skipped_with_its_reason() {
    let rel = "wearables/whoop/journal_entries.csv";
    let err = myo_import::parse(&fixture_path(rel), &bytes(rel)).unwrap_err();
    assert!(err.to_string().contains("WHOOP journal entries"), "{err}");
}

#[test]
fn polar_sessions_at_their_offset_with_heart_rate_from_summary_or_samples() {
    let i = read(
        "polar/training-session-2026-03-10-900000001-0a1b2c3d.json",
        &Options::default(),
    );
    assert_eq!(i.format, Format::Wearable(WearLayout::PolarSession));
    let e = i.events();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0]["sport"], "run");
    assert_eq!(e[0]["at"], "2026-03-10T07:30:00+01:00");
    assert_eq!(e[0]["minutes"], 42.5);
    assert_eq!(e[0]["avg_hr"], 149);
    assert_eq!(e[0]["distance_km"], 8.1);

    let i = read(
        "polar/training-session-2026-03-11-900000002-4e5f6a7b.json",
        &Options::default(),
    );
    let e = i.events();
    assert_eq!(e[0]["sport"], "soccer");
    assert_eq!(e[0]["minutes"], 90);
    assert_eq!(e[0]["avg_hr"], 150); // the samples' mean

    // A strength session: no events, and the reason.
    let i = read(
        "polar/training-session-2026-03-12-900000003-8c9d0e1f.json",
        &Options::default(),
    );
    assert!(i.items.is_empty());
    assert!(said(&i, "no events from this Polar training session file"));
    assert!(
        said(&i, "1 strength session(s) left out"),
        "{:?}",
        i.warnings
    );
}

#[test]
fn a_polar_session_without_heart_rate_is_estimated_from_its_speed_and_says_so() {
    let text = r#"{"exportVersion": "1.6", "startTime": "2026-03-10T07:30:00.000",
        "exercises": [{"startTime": "2026-03-10T07:30:00.000", "duration": "PT3600S",
                       "distance": 10000.0, "sport": "RUNNING"}]}"#;
    let i = myo_import::parse_with("p.json".as_ref(), text.as_bytes(), &cet()).unwrap();
    let e = i.events();
    assert_eq!(e[0]["at"], "2026-03-10T07:30:00+01:00");
    assert_eq!(e[0]["pct_vo2max"], 73.7); // 10 km in an hour
    assert!(
        said(&i, "intensity estimated from its speed"),
        "{:?}",
        i.warnings
    );
    assert!(said(&i, "without a time zone offset read in UTC+01:00"));
}

#[test]
fn other_polar_files_are_skipped_with_their_reason() {
    let rel = "wearables/polar/activity-2026-03-10-1234.json";
    let err = myo_import::parse(&fixture_path(rel), &bytes(rel)).unwrap_err();
    assert!(
        err.to_string().contains("other than a training session"),
        "{err}"
    );
}

#[test]
fn every_wearable_item_is_a_valid_event() {
    for rel in [
        "garmin/DI_CONNECT/DI-Connect-Wellness/2026-03-01_2026-03-31_100001_sleepData.json",
        "garmin/DI_CONNECT/DI-Connect-Wellness/2026-03-01_2026-03-31_100001_healthStatusData.json",
        "garmin/DI_CONNECT/DI-Connect-Aggregator/UDSFile_2026-03-01_2026-03-31.json",
        "oura/App Data/sleepmodel.csv",
        "whoop/physiological_cycles.csv",
        "whoop/sleeps.csv",
        "whoop/workouts.csv",
        "polar/training-session-2026-03-10-900000001-0a1b2c3d.json",
    ] {
        let i = read(rel, &cet());
        let typed = i.typed_events();
        let items = i
            .items
            .iter()
            .filter(|x| !matches!(x, Item::RrSeries(_)))
            .count();
        assert_eq!(typed.len(), items, "{rel}: every item gives its event");
    }
}

#[test]
fn oura_trends_csv_one_row_a_day() {
    let text = "date,Sleep Score,Bedtime Start,Bedtime End,Total Sleep Duration,Sleep Latency,\
                Average Resting Heart Rate,Lowest Resting Heart Rate,Average HRV,Readiness Score\n\
                2020-01-02,80,2020-01-01T23:15:00+02:00,2020-01-02T07:00:00+02:00,25200,600,55,48,50,82\n\
                2020-01-03,,,,,,,,,\n";
    let i = myo_import::parse("oura_trends.csv".as_ref(), text.as_bytes()).unwrap();
    assert_eq!(i.format, Format::Wearable(WearLayout::OuraSleep));
    let e = i.events();
    no_morning_hrv(&e);
    assert_eq!(e.len(), 2, "{e:?}");
    assert_eq!(e[0]["kind"], "sleep");
    assert_eq!(e[0]["at"], "2020-01-01T23:25:00+02:00");
    assert_eq!(e[0]["hours"], 7);
    assert_eq!(e[1]["at"], "2020-01-02T07:00:00+02:00");
    assert_eq!(e[1]["night_rmssd_ms"], 50);
    assert_eq!(e[1]["resting_hr"], 48);
    // The empty day is said, and the scores are counted.
    assert!(
        i.warnings.iter().any(|w| w
            .message
            .contains("line 3: skipped: no readable bedtime_start")),
        "{:?}",
        i.warnings
    );
    assert!(
        said(&i, "1 Oura readiness or sleep score(s) left out"),
        "{:?}",
        i.warnings
    );
}

#[test]
fn long_files_are_recognised_from_their_first_64_kib() {
    // A Polar session whose heart-rate samples run past the 64 KiB that detection reads.
    let samples: Vec<String> = (0..4000)
        .map(|s| {
            format!(
                r#"{{"dateTime":"2026-03-10T07:30:00.000","value":{}}}"#,
                120 + s % 40
            )
        })
        .collect();
    let polar = format!(
        r#"{{"exportVersion":"1.6","startTime":"2026-03-10T07:30:00.000","timeZoneOffset":60,
            "exercises":[{{"startTime":"2026-03-10T07:30:00.000","timezoneOffset":60,
            "duration":"PT4000S","sport":"CYCLING","distance":30000.0,
            "samples":{{"heartRate":[{}]}}}}]}}"#,
        samples.join(",")
    );
    assert!(polar.len() > 64 * 1024);
    let i = myo_import::parse("s.json".as_ref(), polar.as_bytes()).unwrap();
    assert_eq!(i.format, Format::Wearable(WearLayout::PolarSession));
    let e = i.events();
    assert_eq!(e[0]["sport"], "cycle");
    assert_eq!(e[0]["avg_hr"], 140); // 139.5, the samples' mean, whole
                                     // A year of Garmin daily summaries.
    let days: Vec<String> = (0..365)
        .map(|d| {
            let day = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::Days::new(d);
            format!(
                r#"{{"calendarDate":"{day}","totalSteps":9000,"restingHeartRate":{},"wellnessStartTimeGmt":"{day}T00:00:00.0","wellnessStartTimeLocal":"{day}T00:00:00.0","allDayStress":{{"aggregatorList":[{{"type":"TOTAL","averageStressLevel":30}}]}}}}"#,
                48 + d % 5
            )
        })
        .collect();
    let uds = format!("[{}]", days.join(",\n"));
    assert!(uds.len() > 64 * 1024);
    let i = myo_import::parse("UDSFile.json".as_ref(), uds.as_bytes()).unwrap();
    assert_eq!(i.format, Format::Wearable(WearLayout::GarminDailySummary));
    assert_eq!(i.events().len(), 365);
}

#[test]
fn garmin_epoch_milliseconds_and_oura_api_documents() {
    // Some Garmin files write GMT times as epoch milliseconds.
    let text = r#"[{"calendarDate":"2026-03-10","sleepStartTimestampGMT":1773094200000,
        "deepSleepSeconds":3600,"lightSleepSeconds":18000,"remSleepSeconds":3600}]"#;
    let i = myo_import::parse_with("s.json".as_ref(), text.as_bytes(), &cet()).unwrap();
    let e = i.events();
    assert_eq!(e[0]["at"], "2026-03-09T23:10:00+01:00");
    assert_eq!(e[0]["hours"], 7);
    // Oura's API documents as the export writes them: {"data": [...]}.
    let text = r#"{"data":[{"day":"2026-03-10","type":"long_sleep",
        "bedtime_start":"2026-03-09T23:05:00+01:00","bedtime_end":"2026-03-10T06:50:00+01:00",
        "total_sleep_duration":25200,"latency":600,"average_hrv":62,"lowest_heart_rate":49,
        "readiness":{"score":80}}]}"#;
    let i = myo_import::parse("s.json".as_ref(), text.as_bytes()).unwrap();
    assert_eq!(i.format, Format::Wearable(WearLayout::OuraSleep));
    let e = i.events();
    assert_eq!(e.len(), 2);
    assert_eq!(e[1]["night_rmssd_ms"], 62);
    assert!(said(&i, "1 Oura readiness or sleep score(s) left out"));
}
