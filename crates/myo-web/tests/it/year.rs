//! A trained athlete and a year of log, for measurements and tests (also compiled into
//! `benches/dashboard.rs`).

use myo_store::{NewEvent, Profile};

const DAY_MS: i64 = 86_400_000;

/// 2026-03-12T08:00:00+01:00, as `helpers::NOW_MS`.
pub const NOW_MS: i64 = 1_773_298_800_000;

/// A trained 30-year-old woman of 60 kg at UTC+01:00.
pub fn profile() -> Profile {
    Profile {
        sex: myo_model::Sex::Female,
        age: 30.0,
        body_mass_kg: 60.0,
        training_status: myo_model::TrainingStatus::Trained,
        max_hr: None,
        resting_hr: None,
        conditions: vec![],
        time_zone: "+01:00".parse().unwrap(),
    }
}

/// A year of lifting (Mon/Wed/Fri), running (Tue/Thu/Sat), nights, meals and morning HRV.
pub fn year_of_log() -> Vec<NewEvent> {
    let start = NOW_MS - 365 * DAY_MS;
    let mut events = Vec::new();
    for d in 0..365 {
        let day = chrono::DateTime::from_timestamp_millis(start + d * DAY_MS).unwrap();
        let date = day.format("%Y-%m-%d");
        let at = |hm: &str| format!("{date}T{hm}:00+01:00");
        let mut push = |v: serde_json::Value| events.push(NewEvent::from_json(&v).unwrap());
        push(serde_json::json!({"at": at("06:45"), "kind": "observation",
            "rmssd_ms": 55.0 + 10.0 * ((d as f64) * 0.7).sin()}));
        match d % 7 {
            0 | 2 | 4 => push(serde_json::json!({"at": at("18:00"), "kind": "strength",
                "exercise": [{"name": "Barbell Squat", "sets": 4, "reps": 6, "load_kg": 90},
                             {"name": "Barbell Bench Press - Medium Grip", "sets": 4, "reps": 8, "load_kg": 60}]})),
            1 | 3 | 5 => push(serde_json::json!({"at": at("07:30"), "kind": "endurance",
                "sport": "run", "minutes": 45, "rpe": 6})),
            _ => {}
        }
        push(
            serde_json::json!({"at": at("12:30"), "kind": "meal", "protein_g": 40, "carbs_g": 90}),
        );
        push(serde_json::json!({"at": at("23:00"), "kind": "sleep", "hours": 7.5}));
    }
    events
}
