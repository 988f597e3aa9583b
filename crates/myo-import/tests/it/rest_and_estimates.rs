//! RR recordings at rest become morning HRV readings (and nothing else does); sessions without
//! heart rate get an intensity estimated from their speed, or a reason why not.

use myo_import::Item;

use crate::fit_writer::{fit_time, Base, Writer, V};
use crate::{activities, imported};

/// 5 min of beats around 1000 ms with breathing-rate variation and one premature beat.
fn resting_rr() -> Vec<u64> {
    let mut rr: Vec<u64> = (0..300)
        .map(|i| (1000.0 + 45.0 * (i as f64 * 1.4).sin() + ((i * 13) % 9) as f64) as u64)
        .collect();
    rr[150] = 620;
    rr[151] = 1380;
    rr
}

/// A chest-strap reading as a FIT activity: a generic session of 5 min at `hour` local (+01:00)
/// and one `hrv` message per beat.
fn reading_fit(hour: i64, sport: u64) -> Vec<u8> {
    let t0 = fit_time(1_767_571_200 + (hour - 1) * 3600); // 2026-01-05T00:00:00Z + hour − 1 h
    let mut w = Writer::new();
    w.message(0, &[(0, Base::Enum, V::N(4)), (4, Base::U32, V::N(t0))]);
    for ms in resting_rr() {
        w.message(78, &[(0, Base::U16, V::N(ms))]);
    }
    w.message(
        18,
        &[
            (253, Base::U32, V::N(t0 + 300)),
            (2, Base::U32, V::N(t0)),
            (7, Base::U32, V::N(300_000)),
            (8, Base::U32, V::N(300_000)),
            (5, Base::Enum, V::N(sport)),
        ],
    );
    w.message(
        34,
        &[
            (253, Base::U32, V::N(t0 + 300)),
            (5, Base::U32, V::N(t0 + 300 + 3600)),
        ],
    );
    w.finish()
}

fn readings(i: &myo_import::Imported) -> Vec<&myo_import::DailyHrv> {
    i.items
        .iter()
        .filter_map(|it| match it {
            Item::DailyHrv(h) => Some(h),
            _ => None,
        })
        .collect()
}

#[test]
fn a_morning_chest_strap_recording_is_a_morning_reading() {
    let i = myo_import::parse("reading.fit".as_ref(), &reading_fit(7, 0)).unwrap();
    let r = readings(&i);
    assert_eq!(r.len(), 1, "{:?}", i.warnings);
    assert_eq!(r[0].at.to_rfc3339(), "2026-01-05T07:00:00+01:00");
    let rmssd = r[0].rmssd_ms.unwrap();
    assert!((40.0..80.0).contains(&rmssd), "{rmssd}");
    assert!((r[0].ln_rmssd.unwrap() - rmssd.ln()).abs() < 1e-9);
    // Its quality in the summary; the generic "session" is the reading, not training.
    let note = i
        .warnings
        .iter()
        .find(|w| w.message.contains("morning HRV reading"))
        .unwrap();
    assert!(
        note.message.contains("300 intervals") && note.message.contains("1 ectopic"),
        "{}",
        note.message
    );
    assert!(activities(&i).is_empty());
    let events = i.events();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0]["kind"], "observation");
    assert_eq!(
        events[0]["rmssd_ms"].as_f64().unwrap(),
        (rmssd * 10.0).round() / 10.0
    );
}

#[test]
fn hrv_measured_another_way_is_never_a_morning_reading() {
    // In the evening.
    let i = myo_import::parse("evening.fit".as_ref(), &reading_fit(19, 0)).unwrap();
    assert!(readings(&i).is_empty());
    assert!(i
        .warnings
        .iter()
        .any(|w| w.message.contains("not in the morning")));
    // During a run (sport 1).
    let i = myo_import::parse("run.fit".as_ref(), &reading_fit(7, 1)).unwrap();
    assert!(readings(&i).is_empty());
    assert!(
        i.warnings
            .iter()
            .any(|w| w.message.contains("during exercise")),
        "{:?}",
        i.warnings
    );
    // A real exercise recording with RR (fitparse-rs' hrv-activity.fit).
    let i = imported("fit/hrv-activity.fit");
    assert!(readings(&i).is_empty());
    assert!(i
        .warnings
        .iter()
        .any(|w| w.message.contains("not stored as a morning HRV reading")));
}

#[test]
fn plain_rr_files_are_imported_and_dated_by_name() {
    let text: String = resting_rr().iter().map(|v| format!("{v}\n")).collect();
    let i = myo_import::parse("2026-01-05 06-45-00.txt".as_ref(), text.as_bytes()).unwrap();
    assert_eq!(i.format, myo_import::Format::RrText);
    assert_eq!(i.source_records, 300);
    let r = readings(&i);
    assert_eq!(r.len(), 1, "{:?}", i.warnings);
    assert_eq!(r[0].at.to_rfc3339(), "2026-01-05T06:45:00+00:00");
    // Without a time in its name it is kept as a series, with a warning, and gives no event.
    let i = myo_import::parse("rr.txt".as_ref(), format!("rr_ms\n{text}").as_bytes()).unwrap();
    assert!(readings(&i).is_empty() && i.events().is_empty());
    assert!(i.warnings.iter().any(|w| w.message.contains("no time")));
}

fn tcx(sport: &str, seconds: u32, metres: u32) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<TrainingCenterDatabase><Activities><Activity Sport=\"{sport}\">\
         <Id>2026-01-05T07:00:00Z</Id><Lap StartTime=\"2026-01-05T07:00:00Z\">\
         <TotalTimeSeconds>{seconds}</TotalTimeSeconds><DistanceMeters>{metres}</DistanceMeters>\
         </Lap></Activity></Activities></TrainingCenterDatabase>"
    )
}

fn pct(i: &myo_import::Imported) -> f64 {
    let e = i.events();
    assert_eq!(e.len(), 1, "{:?}", i.warnings);
    assert_eq!(e[0]["kind"], "endurance");
    assert!(e[0].get("avg_hr").is_none());
    e[0]["pct_vo2max"].as_f64().unwrap()
}

#[test]
fn sessions_without_heart_rate_get_an_estimated_intensity() {
    // A real lap-only pool swim with no heart rate (sport-activities-features): 1500 m in
    // 25:31, 1:42 /100 m.
    let i = imported("tcx/saf__pool_swim-activity_1.tcx");
    let swim = pct(&i);
    assert!((55.0..80.0).contains(&swim), "{swim}");
    assert!(i
        .warnings
        .iter()
        .any(|w| w.message.contains("intensity estimated") && w.message.contains("102 s/100 m")));

    // Runs at an easy and a hard pace: 10 km in 60 min and in 42 min (ACSM over 50 ml/kg/min).
    let easy = pct(&myo_import::parse(
        "easy.tcx".as_ref(),
        tcx("Running", 3600, 10_000).as_bytes(),
    )
    .unwrap());
    let hard = pct(&myo_import::parse(
        "hard.tcx".as_ref(),
        tcx("Running", 2520, 10_000).as_bytes(),
    )
    .unwrap());
    assert!(
        (65.0..80.0).contains(&easy) && hard > easy + 15.0,
        "{easy} {hard}"
    );
    let i =
        myo_import::parse("hard.tcx".as_ref(), tcx("Running", 2520, 10_000).as_bytes()).unwrap();
    assert!(
        i.warnings.iter().any(|w| w.message.contains("4:12 /km")),
        "{:?}",
        i.warnings
    );

    // A GPS-only ride: 30 km in 1 h on the flat.
    let ride = pct(
        &myo_import::parse("ride.tcx".as_ref(), tcx("Biking", 3600, 30_000).as_bytes()).unwrap(),
    );
    assert!((50.0..70.0).contains(&ride), "{ride}");
}

#[test]
fn a_gps_only_ride_is_estimated_from_its_positions() {
    // Three points 0.01° of longitude apart at 46° N (about 772 m) two minutes apart: 23 km/h.
    let gpx =
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"t\"><trk><type>cycling</type>\
        <trkseg><trkpt lat=\"46.0\" lon=\"14.00\"><time>2026-01-05T10:00:00Z</time></trkpt>\
        <trkpt lat=\"46.0\" lon=\"14.01\"><time>2026-01-05T10:02:00Z</time></trkpt>\
        <trkpt lat=\"46.0\" lon=\"14.02\"><time>2026-01-05T10:04:00Z</time></trkpt>\
        </trkseg></trk></gpx>";
    let i = myo_import::parse("ride.gpx".as_ref(), gpx.as_bytes()).unwrap();
    let ride = pct(&i);
    assert!((30.0..60.0).contains(&ride), "{ride}");
    assert!(
        i.warnings.iter().any(|w| w.message.contains("23.2 km/h")),
        "{:?}",
        i.warnings
    );
}

#[test]
fn sessions_that_cannot_be_estimated_say_why() {
    // Distance and time but a sport with no speed model.
    let i = myo_import::parse("other.tcx".as_ref(), tcx("Other", 1800, 5000).as_bytes()).unwrap();
    assert!(i.events().is_empty());
    assert!(
        i.warnings
            .iter()
            .any(|w| w.message.contains("no speed model") && w.message.contains("no event")),
        "{:?}",
        i.warnings
    );
    // A car: 60 km in 30 min is no run.
    let i = myo_import::parse("car.tcx".as_ref(), tcx("Running", 1800, 60_000).as_bytes()).unwrap();
    assert!(i.events().is_empty());
    assert!(
        i.warnings.iter().any(|w| w.message.contains("120.0 km/h")),
        "{:?}",
        i.warnings
    );
}
