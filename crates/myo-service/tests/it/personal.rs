//! The personal model kept with the checkpoints: resumed, it answers exactly as computed from
//! the whole log, also after an observation before the kept state is edited or deleted.

use chrono::{DateTime, Duration, FixedOffset};
use myo_scenario::EventSpec;
use myo_service::checkpoints::{self, Policy};
use myo_store::{Athlete, NewEvent, Profile, Store};
use serde_json::json;

use crate::{backends, NOW_MS};

fn at(day: i64, hour: i64) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-02-01T00:00:00+01:00").unwrap()
        + Duration::days(day)
        + Duration::hours(hour)
}

fn event(v: serde_json::Value) -> EventSpec {
    EventSpec::from_json(&v).unwrap()
}

/// The status JSON at `now` with checkpoints on or off.
async fn status(store: &Store, a: &Athlete, now: DateTime<FixedOffset>, on: bool) -> String {
    let log = myo_service::log::read(store, a, &[], &[now], now)
        .await
        .unwrap();
    let t = myo_service::log::hours_since(log.origin, now);
    let s = checkpoints::status(store, a, &log, &[], &[t], Policy { enabled: on })
        .await
        .unwrap();
    serde_json::to_string(&s).unwrap()
}

#[tokio::test(flavor = "current_thread")]
async fn kept_personal_model_answers_as_from_scratch_after_edits() {
    for url in backends::urls("personal_kept") {
        let store = Store::open(&url).await.unwrap();
        let a = store
            .add_athlete("ann", &Profile::example(), true, NOW_MS)
            .await
            .unwrap();
        let mut ids = Vec::new();
        for day in 0..24 {
            if day % 3 == 0 {
                let squat = event(json!({"kind": "strength", "exercise": [
                    {"name": "Barbell Squat", "sets": 5, "reps": 8, "pct_1rm": 75}]}));
                store
                    .add_event(
                        a.id,
                        &NewEvent {
                            at: at(day, 18),
                            event: squat,
                        },
                        NOW_MS,
                    )
                    .await
                    .unwrap();
            }
            let sore = 2.0 + f64::from((day % 3) as i32) * 1.5;
            let obs = event(json!({"kind": "observation",
                "soreness": {"quadriceps": sore}, "readiness": 6, "fatigue": 4}));
            let e = store
                .add_event(
                    a.id,
                    &NewEvent {
                        at: at(day, 7),
                        event: obs,
                    },
                    NOW_MS,
                )
                .await
                .unwrap();
            ids.push(e.id);
        }
        let now = at(24, 9);
        let scratch = status(&store, &a, now, false).await;
        assert!(scratch.contains("\"soreness.quadriceps\""), "{scratch}");
        // The first question keeps checkpoints (with the personal model); the second resumes.
        let first = status(&store, &a, now, true).await;
        assert_eq!(first, scratch);
        let log = myo_service::log::read(&store, &a, &[], &[now], now)
            .await
            .unwrap();
        let kept = store
            .latest_personal_state(
                a.id,
                log.origin.timestamp_millis(),
                checkpoints::model_key(),
                now.timestamp_millis(),
            )
            .await
            .unwrap()
            .expect("the personal model was kept");
        let learner: myo_personal::LearnerState = serde_json::from_str(&kept.data).unwrap();
        assert!(learner.taken > 15, "{}", learner.taken);
        assert_eq!(store.personal_state_times(a.id).await.unwrap().len(), 1);
        let resumed = status(&store, &a, now, true).await;
        assert_eq!(resumed, scratch);

        // An observation ten days back changes, one is deleted: kept states after them go.
        let edited = event(json!({"kind": "observation", "soreness": {"quadriceps": 9}}));
        store
            .update_event(
                ids[14],
                &NewEvent {
                    at: at(14, 7),
                    event: edited,
                },
                NOW_MS,
            )
            .await
            .unwrap();
        store.delete_events(&[ids[18]]).await.unwrap();
        let scratch = status(&store, &a, now, false).await;
        assert_ne!(scratch, resumed, "the edits change the answer");
        assert_eq!(status(&store, &a, now, true).await, scratch);
        assert_eq!(status(&store, &a, now, true).await, scratch);
    }
}
