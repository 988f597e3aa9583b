//! Every event an item gives is a valid scenario `[[event]]`: rendered into a TOML scenario it
//! parses with `myo_scenario::parse`.

use serde_json::{json, Value};

use crate::{fit_writer, imported};

/// A scenario TOML with a minimal athlete and these events.
/// The scenario starts at the earliest event, as the store's scenarios will.
pub fn scenario_toml(events: &[Value]) -> String {
    let start = events
        .iter()
        .filter_map(|e| chrono::DateTime::parse_from_rfc3339(e["at"].as_str()?).ok())
        .min()
        .expect("events have times");
    let doc = json!({
        "scenario": {"start": start.to_rfc3339()},
        "athlete": {"sex": "female", "age": 30, "body_mass_kg": 62, "training_status": "trained"},
        "event": events,
    });
    let value = toml::Value::try_from(&doc).expect("JSON events convert to TOML");
    toml::to_string(&value).expect("TOML renders")
}

pub fn check_scenario(events: &[Value]) -> myo_scenario::Scenario {
    assert!(!events.is_empty(), "no events to check");
    let text = scenario_toml(events);
    myo_scenario::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

#[test]
fn fit_tcx_gpx_events_parse_as_a_scenario() {
    let mut events = Vec::new();
    for f in [
        "fit/sample_mulitple_header.fit",
        "fit/garmin-fenix-5-run.fit",
        "fit/hrv-activity.fit",
        "fit/coros-pace-2-cycling-misaligned-fields.fit",
        "multi-format/activity_5039744860.tcx",
        "multi-format/activity_5039744860.gpx",
        "tcx/tcxreader__cross-country-skiing_activity_1.tcx",
    ] {
        events.extend(imported(f).events());
    }
    let s = check_scenario(&events);
    assert_eq!(s.events.len(), events.len());
}

#[test]
fn pmdata_events_parse_as_a_scenario() {
    let mut events = Vec::new();
    for f in [
        "pmdata/p01/pmsys/srpe.csv",
        "pmdata/p01/pmsys/wellness.csv",
        "pmdata/p04/pmsys/srpe.csv",
        "pmdata/p01/fitbit/sleep.json",
        "pmdata/p01/fitbit/resting_heart_rate.json",
        "pmdata/p01/fitbit/exercise.json",
        "pmdata/p04/fitbit/exercise.json",
    ] {
        events.extend(imported(f).events());
    }
    // Every kind the PMData files give: sessions (strength among them), reports, nights.
    for kind in ["endurance", "strength", "observation", "sleep"] {
        assert!(events.iter().any(|e| e["kind"] == kind), "{kind}");
    }
    let s = check_scenario(&events);
    assert_eq!(s.events.len(), events.len());
}

#[test]
fn strength_event_has_catalogue_names_and_muscles() {
    let file = crate::fit_files::strength_fit();
    let i = myo_import::parse("strength.fit".as_ref(), &file).unwrap();
    let events = i.events();
    assert_eq!(events.len(), 1, "{events:?}");
    let ex = events[0]["exercise"].as_array().unwrap();
    assert_eq!(
        ex[0],
        json!({"name": "Barbell Squat", "sets": 3, "reps": 5, "load_kg": 100})
    );
    assert_eq!(
        ex[1],
        json!({"muscles": ["biceps", "forearms"], "sets": 2, "reps": 12, "load_kg": 12.5})
    );
    check_scenario(&events);
}

#[test]
fn the_doc_example_event_shape() {
    // The shape the store keeps, exactly as the brief gives it (whole numbers without a
    // fraction, as people write them).
    let text = "at,kind,sport,minutes,avg_hr,distance_km,downhill_pct,gradient_pct\n\
                2026-01-05T07:30:00Z,endurance,run,42,151,8.1,20,6\n";
    let i = myo_import::parse("g.csv".as_ref(), text.as_bytes()).unwrap();
    assert_eq!(
        i.items[0].to_event().unwrap(),
        json!({"at": "2026-01-05T07:30:00Z", "kind": "endurance", "sport": "run", "minutes": 42,
               "avg_hr": 151, "distance_km": 8.1, "downhill_pct": 20, "gradient_pct": 6})
    );
}

#[test]
fn power_without_heart_rate_needs_the_athletes_ftp() {
    let i = imported("fit/garmin-fenix-5-run.fit");
    let mut a = crate::activities(&i)[0].clone();
    a.avg_hr_bpm = None;
    a.avg_power_w = Some(210.0);
    let item = myo_import::Item::Activity(a);
    assert_eq!(item.to_event(), None);
    let ctx = myo_import::EventContext { ftp_w: Some(250.0) };
    let e = item.to_event_with(&ctx).unwrap();
    assert_eq!(e["power_w"], 210);
    assert_eq!(e["ftp_w"], 250.0);
}

#[test]
fn sleep_and_hrv_summary_events() {
    let file = crate::fit_files::sleep_fit();
    let events = myo_import::parse("sleep.fit".as_ref(), &file)
        .unwrap()
        .events();
    assert_eq!(events.len(), 2, "{events:?}");
    let _ = fit_writer::crc(&[]);
    check_scenario(&events);
}
