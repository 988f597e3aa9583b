//! Apple Health's `export.xml`: workouts with their heart rate, nights from the sleep stages of
//! every source, resting heart rate; Apple's HRV (SDNN) counted and left out, never relabelled.

use myo_import::{Format, Item};

use crate::{bytes, fixture_path};

fn said(i: &myo_import::Imported, what: &str) -> bool {
    i.warnings.iter().any(|w| w.message.contains(what))
}

#[test]
fn an_apple_health_export_gives_workouts_nights_and_resting_heart_rate() {
    let rel = "apple/export.xml";
    let i = myo_import::parse(&fixture_path(rel), &bytes(rel)).unwrap();
    assert_eq!(i.format, Format::AppleHealth);
    let e = i.events();
    let kinds: Vec<&str> = e.iter().map(|x| x["kind"].as_str().unwrap()).collect();
    // A run (with its heart rate), a ride (without: estimated), one night, two mornings.
    assert_eq!(
        kinds.iter().filter(|k| **k == "endurance").count(),
        2,
        "{e:?}"
    );
    let run = e.iter().find(|x| x["sport"] == "run").unwrap();
    assert_eq!(run["at"], "2026-03-11T18:00:00+01:00");
    assert_eq!(run["minutes"], 42.5);
    assert_eq!(run["avg_hr"], 151);
    let ride = e.iter().find(|x| x["sport"] == "cycle").unwrap();
    assert_eq!(ride["minutes"], 60);
    assert_eq!(ride["distance_km"], 39.43);
    // The night: 23:15–06:45 less the 20 minutes awake; the phone's overlapping record adds
    // nothing; the afternoon nap is too short to be a night.
    let sleeps: Vec<_> = i
        .items
        .iter()
        .filter_map(|x| match x {
            Item::Sleep(s) => Some(s),
            _ => None,
        })
        .collect();
    assert_eq!(sleeps.len(), 1, "{sleeps:?}");
    assert_eq!(sleeps[0].start.to_rfc3339(), "2026-03-10T23:15:00+01:00");
    assert!(
        (sleeps[0].asleep_h - 7.1667).abs() < 0.01,
        "{}",
        sleeps[0].asleep_h
    );
    let resting: Vec<f64> = e.iter().filter_map(|x| x["resting_hr"].as_f64()).collect();
    assert_eq!(resting, [52.0, 55.0]);
    // What was left out is said.
    assert!(said(&i, "1 HRV reading(s) left out"), "{:?}", i.warnings);
    assert!(said(&i, "1 strength or circuit workout(s) left out"));
    assert!(said(&i, "2 record(s) of 1 other type(s)"));
    assert!(said(&i, "under 1 h left out"));
    assert!(!kinds.contains(&"strength"));
}

#[test]
fn an_export_with_nothing_myo_uses_says_so() {
    let text = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record)*)>
]>
<HealthData locale="en_GB"><ExportDate value="2026-03-12 09:00:00 +0100"/>
<Record type="HKQuantityTypeIdentifierStepCount" unit="count" startDate="2026-03-10 08:00:00 +0100" endDate="2026-03-10 08:10:00 +0100" value="812"/>
</HealthData>"#;
    let err = myo_import::parse(std::path::Path::new("export.xml"), text.as_bytes()).unwrap_err();
    assert!(
        err.to_string()
            .contains("no workouts, nights or resting heart rate"),
        "{err}"
    );
}
