//! The caches answer as a fresh simulation of the whole log would: after a checkpoint was
//! taken, after the minute turned, and after a write.

use myo_store::{NewEvent, Store};
use myo_web::data::{Cache, PAST_H, STEP_H};

use crate::helpers::{urls, NOW_MS};

const DAY_MS: i64 = 86_400_000;

fn event(json: serde_json::Value) -> NewEvent {
    NewEvent::from_json(&json).unwrap()
}

/// `myo_app::log::status` of a freshly read and parsed log at `now_ms`, at `times` hours
/// relative to now.
async fn fresh(store: &Store, id: i64, now_ms: i64, offsets_h: &[f64]) -> serde_json::Value {
    let athlete = store.athlete_by_id(id).await.unwrap();
    let now = athlete.profile.time_zone.local(
        chrono::DateTime::from_timestamp_millis(now_ms)
            .unwrap()
            .fixed_offset(),
    );
    let log = myo_service::log::read(store, &athlete, &[], &[now], now)
        .await
        .unwrap();
    let (scenario, origin) = (log.scenario, log.origin);
    let now_h = myo_store::scenario::hours_since(origin, now);
    let times: Vec<f64> = offsets_h.iter().map(|o| now_h + o).collect();
    serde_json::to_value(myo_app::log::status(&scenario, &times)).unwrap()
}

/// The day plan of a freshly read and parsed log at `now_ms`, simulated from the start.
async fn fresh_plan(store: &Store, id: i64, now_ms: i64) -> serde_json::Value {
    let athlete = store.athlete_by_id(id).await.unwrap();
    let now = athlete.profile.time_zone.local(
        chrono::DateTime::from_timestamp_millis(now_ms)
            .unwrap()
            .fixed_offset(),
    );
    let log = myo_service::log::read(store, &athlete, &[], &[now], now)
        .await
        .unwrap();
    let (scenario, origin) = (log.scenario, log.origin);
    let now_h = myo_store::scenario::hours_since(origin, now);
    let ensemble = Some(myo_advisor::forecast::Ensemble::default());
    serde_json::to_value(myo_app::plan::plan_at(&scenario, now_h, ensemble)).unwrap()
}

#[tokio::test]
async fn cached_and_resumed_answers_equal_a_fresh_simulation() {
    for url in urls("cache") {
        let store = Store::open(&url).await.unwrap();
        let profile = crate::year::profile();
        let a = store.add_athlete("ann", &profile, true, 1).await.unwrap();
        let start = NOW_MS - 40 * DAY_MS;
        let mut events = Vec::new();
        for d in 0..43 {
            let day = chrono::DateTime::from_timestamp_millis(start + d * DAY_MS).unwrap();
            let date = day.format("%Y-%m-%d");
            events.push(event(if d % 2 == 0 {
                serde_json::json!({"at": format!("{date}T18:00:00+01:00"), "kind": "strength",
                    "exercise": [{"name": "Barbell Squat", "sets": 5, "reps": 5, "load_kg": 90}]})
            } else {
                serde_json::json!({"at": format!("{date}T07:00:00+01:00"), "kind": "endurance",
                    "sport": "run", "minutes": 40, "avg_hr": 150})
            }));
        }
        store.add_batch(a.id, None, &events, NOW_MS).await.unwrap();
        let cache = Cache::default();
        let mut checkpoints = Vec::new();
        let timeline: Vec<f64> = {
            let mut t = vec![];
            let mut o = -PAST_H;
            while o <= myo_web::data::FUTURE_H + 1e-9 {
                t.push(o);
                o += STEP_H;
            }
            t
        };
        // First at NOW, then 3 days and 5 minutes later (resumed from the checkpoint), then
        // after a write.
        for (step, now_ms) in [
            NOW_MS,
            NOW_MS + 3 * DAY_MS + 300_000,
            NOW_MS + 3 * DAY_MS + 360_000,
        ]
        .into_iter()
        .enumerate()
        {
            if step == 2 {
                store
                    .add_event(
                        a.id,
                        &event(serde_json::json!({"at": "2026-03-14T09:00:00+01:00",
                        "kind": "massage", "minutes": 30})),
                        NOW_MS,
                    )
                    .await
                    .unwrap();
            }
            let status = cache.status(&store, &a, now_ms).await.unwrap();
            assert_eq!(
                serde_json::to_value(&*status).unwrap(),
                fresh(&store, a.id, now_ms, &[0.0]).await,
                "status, step {step}"
            );
            let checkpoint = cache.checkpoint_h(a.id).expect("a checkpoint is kept");
            checkpoints.push(checkpoint);
            let d = cache.dashboard(&store, &a, now_ms).await.unwrap();
            assert_eq!(
                serde_json::to_value(&d.timeline).unwrap(),
                fresh(&store, a.id, now_ms, &timeline).await,
                "timeline, step {step} (checkpoint at {checkpoint} h)"
            );
            assert_eq!(
                serde_json::to_value(&d.plan).unwrap(),
                fresh_plan(&store, a.id, now_ms).await,
                "plan, step {step} (checkpoint at {checkpoint} h)"
            );
            // Asked again: the cached value.
            let again = cache.status(&store, &a, now_ms + 1_000).await.unwrap();
            assert!(std::sync::Arc::ptr_eq(&status, &again));
        }
        // The second step resumed from the first's checkpoint and took a later one.
        assert!(checkpoints[1] > checkpoints[0], "{checkpoints:?}");
        store.close().await;
    }
}

/// The start-up warm-up computes the dashboards of the athletes a coach follows (accepted
/// links only) and saves their roster rows: the roster's first request finds them.
#[tokio::test]
async fn warm_up_computes_the_followed_athletes_dashboards() {
    use myo_store::{NewUser, NewUserAthlete, Role};
    for url in urls("warm") {
        let state = crate::helpers::app(&url).await;
        let store = &state.store;
        let profile = crate::year::profile();
        fn user<'a>(email: &'a str, role: Role, athlete: NewUserAthlete<'a>) -> NewUser<'a> {
            NewUser {
                email,
                password_hash: "x",
                role,
                athlete,
            }
        }
        let coach = store
            .add_user(
                &user("coach@example.org", Role::Coach, NewUserAthlete::None),
                1,
            )
            .await
            .unwrap();
        let mut athletes = Vec::new();
        for name in ["ann", "bob", "cat"] {
            let new = NewUserAthlete::Create {
                name,
                profile: &profile,
            };
            let email = format!("{name}@example.org");
            let u = store
                .add_user(&user(&email, Role::Athlete, new), 1)
                .await
                .unwrap();
            let id = u.athlete_id.unwrap();
            // Long enough ago for a checkpoint a week back.
            let day = chrono::DateTime::from_timestamp_millis(NOW_MS - 20 * DAY_MS).unwrap();
            let e = event(
                serde_json::json!({"at": format!("{}T18:00:00+01:00", day.format("%Y-%m-%d")),
                "kind": "strength",
                "exercise": [{"name": "Barbell Squat", "sets": 5, "reps": 5, "load_kg": 90}]}),
            );
            store.add_event(id, &e, NOW_MS).await.unwrap();
            store.invite(&coach, &u.email, 1).await.unwrap();
            if name != "cat" {
                store.accept_coach(u.id, coach.id, 1).await.unwrap();
            }
            athletes.push(store.athlete_by_id(id).await.unwrap());
        }
        assert_eq!(
            store.coached_athletes(10).await.unwrap(),
            vec![athletes[0].id, athletes[1].id]
        );
        assert_eq!(myo_web::roster::warm_up(state.clone()).await, 2);
        // Their roster rows are saved for the rosters of a restarted server.
        let team = store.team(coach.id).await.unwrap();
        assert_eq!(team.len(), 2);
        assert!(team.iter().all(|m| m.summary.is_some()));
        for (a, warmed) in athletes.iter().zip([true, true, false]) {
            assert_eq!(
                state.cache.checkpoint_h(a.id).is_some(),
                warmed,
                "{}",
                a.name
            );
        }
        store.close().await;
    }
}
