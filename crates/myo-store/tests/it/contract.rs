//! Every kind round-trips through JSON, the store and a scenario file: what is written is what
//! is read, and the TOML of a log gives the model the same events as the log itself.

use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, Duration};
use myo_scenario::EventSpec;
use myo_store::{NewEvent, Profile, Store};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::{backends, NOW_MS};

#[test]
fn every_kind_round_trips_through_json_the_store_and_toml() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for url in backends::urls("contract") {
        let store = rt.block_on(Store::open(&url)).unwrap();
        let count = AtomicUsize::new(0);
        let mut runner = TestRunner::new(Config {
            cases: 48,
            failure_persistence: None,
            ..Config::default()
        });
        let strategy = proptest::collection::vec(myo_scenario::arbitrary::event(), 1..6);
        runner
            .run(&strategy, |values| {
                let base = DateTime::parse_from_rfc3339("2026-03-09T08:00:00+01:00").unwrap();
                let mut events = Vec::new();
                for (k, v) in values.iter().enumerate() {
                    let spec = EventSpec::from_json(v)
                        .map_err(|e| TestCaseError::fail(format!("{v}: {e}")))?;
                    let again = EventSpec::from_json(&spec.to_json()).unwrap();
                    prop_assert_eq!(&again, &spec, "JSON round trip of {}", v);
                    events.push(NewEvent {
                        at: base + Duration::hours(5 * k as i64),
                        event: spec,
                    });
                }
                let name = format!("a{}", count.fetch_add(1, Ordering::SeqCst));
                let profile = Profile::example();
                let (read, from_log, from_toml) = rt.block_on(async {
                    let a = store
                        .add_athlete(&name, &profile, false, NOW_MS)
                        .await
                        .unwrap();
                    store.add_batch(a.id, None, &events, NOW_MS).await.unwrap();
                    let read: Vec<NewEvent> = store
                        .events(&myo_store::EventFilter {
                            athlete_id: Some(a.id),
                            ..Default::default()
                        })
                        .await
                        .unwrap()
                        .iter()
                        .map(|e| e.to_new())
                        .collect();
                    let at = [base + Duration::days(2)];
                    let (from_log, origin) =
                        myo_store::scenario::log_scenario(&store, &a, &[], &at, at[0])
                            .await
                            .unwrap();
                    let text =
                        myo_store::scenario::scenario_file(&profile, origin, &read, &at).unwrap();
                    let from_toml =
                        myo_scenario::parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
                    (read, from_log, from_toml)
                });
                prop_assert_eq!(&read, &events, "the store's round trip");
                prop_assert_eq!(&from_toml.events, &from_log.events, "TOML against the log");
                prop_assert_eq!(&from_toml.query, &from_log.query);
                prop_assert_eq!(&from_toml.athlete, &from_log.athlete);
                Ok(())
            })
            .unwrap();
        assert_eq!(
            count.load(Ordering::SeqCst),
            48,
            "every case reached the store"
        );
        rt.block_on(store.close());
    }
}
