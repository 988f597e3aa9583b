//! How long a first, uncached dashboard takes for an athlete with a year of log. Measured, not
//! asserted: `cargo test --release -p myo-web --test it -- --ignored --nocapture timing`.

use myo_store::{NewEvent, Profile, Store};
use myo_web::data::Cache;

use crate::helpers::{urls, NOW_MS};

const DAY_MS: i64 = 86_400_000;

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: run in release with --ignored --nocapture"]
async fn timing_of_a_first_dashboard_for_a_year_of_log() {
    let url = urls("timing").remove(0);
    let store = Store::open(&url).await.unwrap();
    let profile = Profile {
        sex: "female".into(),
        age: 30.0,
        body_mass_kg: 60.0,
        training_status: "trained".into(),
        max_hr: None,
        resting_hr: None,
        conditions: vec![],
        utc_offset: "+01:00".into(),
    };
    let a = store.add_athlete("ann", &profile, true, 1).await.unwrap();
    let events = year_of_log();
    store.add_batch(a.id, None, &events, NOW_MS).await.unwrap();
    let mut first = Vec::new();
    let mut next_minute = Vec::new();
    for _ in 0..7 {
        let cache = Cache::default();
        let t = std::time::Instant::now();
        cache.dashboard(&store, &a, NOW_MS).await.unwrap();
        first.push(t.elapsed().as_secs_f64() * 1e3);
        // The next minute: the parsed log and its checkpoint are kept.
        let t = std::time::Instant::now();
        cache.dashboard(&store, &a, NOW_MS + 60_000).await.unwrap();
        next_minute.push(t.elapsed().as_secs_f64() * 1e3);
    }
    for v in [&mut first, &mut next_minute] {
        v.sort_by(f64::total_cmp);
    }
    println!(
        "{} events; first dashboard: fastest {:.1} ms, median {:.1} ms; next minute: fastest {:.1} ms, median {:.1} ms",
        events.len(),
        first[0],
        first[first.len() / 2],
        next_minute[0],
        next_minute[next_minute.len() / 2]
    );
    store.close().await;
}
