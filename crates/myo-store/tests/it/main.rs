//! The store on SQLite and, when `MYO_TEST_POSTGRES_URL` names a server, PostgreSQL: schema
//! migrations from every earlier version keep the data, and the basic operations.

mod contract;
mod shared;

use myo_store::{NewEvent, OpenOptions, Profile, Store, MIGRATIONS};
use serde_json::json;

mod backends {
    /// A fresh SQLite database, and a fresh PostgreSQL one when configured (required in CI).
    pub fn urls(name: &str) -> Vec<String> {
        myo_testkit::database_urls("store", name)
    }
}

const NOW_MS: i64 = 1_773_169_200_000;

fn sleep_at(at: &str, hours: f64) -> NewEvent {
    NewEvent::from_json(&json!({"at": at, "kind": "sleep", "hours": hours})).unwrap()
}

/// Rows that each schema version can hold, written with that version's SQL.
async fn seed(store: &Store, version: i64) {
    let pool = store.pool();
    if version >= 1 {
        // Version 8 renamed the zone's column.
        let zone = if version >= 8 {
            "time_zone"
        } else {
            "utc_offset"
        };
        sqlx::query(&format!(
            "INSERT INTO athletes (id, name, sex, age, body_mass_kg, training_status, max_hr, resting_hr, \
             conditions, {zone}, revision, created_ms, updated_ms) \
             VALUES (7, 'old', 'male', 30.0, 80.0, 'trained', NULL, 55.0, '[]', '+01:00', 0, 1, 1)",
        ))
        .execute(pool)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO events (id, athlete_id, at, at_ms, kind, fields, created_ms, updated_ms) \
             VALUES (3, 7, '2026-03-09T23:00:00+01:00', 1773093600000, 'sleep', '{\"hours\":7.5}', 1, 1)",
        )
        .execute(pool)
        .await
        .unwrap();
        sqlx::query("UPDATE counters SET value = 7 WHERE name = 'athlete'")
            .execute(pool)
            .await
            .unwrap();
        sqlx::query("UPDATE counters SET value = 3 WHERE name = 'event'")
            .execute(pool)
            .await
            .unwrap();
        sqlx::query("INSERT INTO settings (key, value) VALUES ('default_athlete', '7')")
            .execute(pool)
            .await
            .unwrap();
    }
    if version >= 2 {
        sqlx::query("INSERT INTO sources (athlete_id, hash, name, events, imported_ms) VALUES (7, 'abc', 'run.fit', 0, 1)")
            .execute(pool)
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "current_thread")]
async fn migrations_from_every_earlier_version_keep_the_data() {
    let latest = MIGRATIONS.last().unwrap().0;
    for from in 0..latest {
        for url in backends::urls(&format!("migrate{from}")) {
            let old = Store::open_with(
                &url,
                &OpenOptions {
                    migrate_to: Some(from),
                    ..OpenOptions::default()
                },
            )
            .await
            .unwrap();
            assert_eq!(old.schema_version().await.unwrap(), from, "{url}");
            seed(&old, from).await;
            old.close().await;
            let store = Store::open(&url).await.unwrap();
            assert_eq!(store.schema_version().await.unwrap(), latest, "{url}");
            if from == 0 {
                continue;
            }
            let a = store.athlete(None).await.unwrap();
            assert_eq!(
                (
                    a.id,
                    a.name.as_str(),
                    a.profile.resting_hr,
                    a.profile.time_zone.as_str()
                ),
                (7, "old", Some(55.0), "+01:00"),
                "{url}"
            );
            let e = store.event(3).await.unwrap();
            assert_eq!(e.event.fields()["hours"], 7.5);
            // The migrated store works: new ids follow the old ones, checkpoints can be kept.
            let new = store
                .add_event(7, &sleep_at("2026-03-10T23:00:00+01:00", 8.0), NOW_MS)
                .await
                .unwrap();
            assert_eq!(new.id, 4);
            assert!(store
                .save_checkpoints(
                    7,
                    store.revision(7).await.unwrap(),
                    0,
                    "m",
                    &[myo_store::StoredCheckpoint {
                        at_ms: 5,
                        data: "{}".into()
                    }]
                )
                .await
                .unwrap());
            let export = store.export().await.unwrap();
            assert_eq!(export.athletes[0].events.len(), 2);
            assert_eq!(
                export.athletes[0].sources.len(),
                usize::from(from >= 2),
                "{url}"
            );
            store.close().await;
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_newer_schema_is_refused() {
    for url in backends::urls("newer") {
        let store = Store::open(&url).await.unwrap();
        sqlx::query("UPDATE _sqlx_migrations SET version = 99 WHERE version = 3")
            .execute(store.pool())
            .await
            .unwrap();
        store.close().await;
        let err = Store::open(&url).await.err().expect("refused");
        assert!(err.to_string().contains("newer"), "{err}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn batches_are_atomic_and_sources_import_once() {
    for url in backends::urls("batch") {
        let store = Store::open(&url).await.unwrap();
        let ann = store
            .add_athlete("ann", &Profile::example(), false, NOW_MS)
            .await
            .unwrap();
        let good = sleep_at("2026-03-09T23:00:00Z", 7.0);
        // Events are checked when built (a negative sleep cannot be one); a time too far from
        // now is the store's to refuse, and refuses the whole batch.
        assert!(NewEvent::from_json(
            &json!({"at": "2026-03-10T23:00:00Z", "kind": "sleep", "hours": -1})
        )
        .is_err());
        let bad = sleep_at("1990-03-10T23:00:00Z", 7.0);
        let err = store
            .add_batch(ann.id, None, &[good.clone(), bad], NOW_MS)
            .await
            .unwrap_err();
        assert!(
            err.is_bad_input() && err.to_string().contains("event 2"),
            "{err}"
        );
        assert_eq!(store.count_events(None).await.unwrap(), 0);
        let src = myo_store::Source {
            hash: "h1".into(),
            name: "a.fit".into(),
        };
        let first = store
            .add_batch(ann.id, Some(&src), std::slice::from_ref(&good), NOW_MS)
            .await
            .unwrap();
        assert!(matches!(first, myo_store::BatchOutcome::Added(ref ids) if ids.len() == 1));
        let again = store
            .add_batch(ann.id, Some(&src), &[good], NOW_MS)
            .await
            .unwrap();
        assert!(matches!(
            again,
            myo_store::BatchOutcome::AlreadyImported { events: 1, .. }
        ));
        assert_eq!(store.count_events(None).await.unwrap(), 1);
        store.close().await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn events_far_from_now_are_refused() {
    for url in backends::urls("far") {
        let store = Store::open(&url).await.unwrap();
        let ann = store
            .add_athlete("ann", &Profile::example(), false, NOW_MS)
            .await
            .unwrap();
        // Year 0047 for 2047, or a typo a century out: every question would step centuries.
        for at in ["0047-01-01T00:00:00Z", "2126-01-01T00:00:00Z"] {
            let err = store
                .add_batch(ann.id, None, &[sleep_at(at, 7.0)], NOW_MS)
                .await
                .unwrap_err();
            assert!(
                err.is_bad_input() && err.to_string().contains("at:"),
                "{err}"
            );
        }
        let ok = store
            .add_event(ann.id, &sleep_at("2019-11-01T23:00:00Z", 7.0), NOW_MS)
            .await
            .unwrap();
        let err = store
            .update_event(ok.id, &sleep_at("1947-01-01T23:00:00Z", 7.0), NOW_MS)
            .await
            .unwrap_err();
        assert!(err.is_bad_input(), "{err}");
        assert_eq!(store.count_events(None).await.unwrap(), 1);
        store.close().await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_day_and_a_write_hold_at_most_their_limits() {
    use myo_store::{MAX_EVENTS_PER_BATCH, MAX_EVENTS_PER_DAY};
    for url in backends::urls("limits") {
        let store = Store::open(&url).await.unwrap();
        let ann = store
            .add_athlete("ann", &Profile::example(), false, NOW_MS)
            .await
            .unwrap();
        let meal = |minute: i64| {
            NewEvent::from_json(&json!({
                "at": format!("2026-03-09T{:02}:{:02}:00Z", minute / 60, minute % 60),
                "kind": "meal", "carbs_g": 10
            }))
            .unwrap()
        };
        let day: Vec<NewEvent> = (0..MAX_EVENTS_PER_DAY).map(meal).collect();
        store.add_batch(ann.id, None, &day, NOW_MS).await.unwrap();
        let err = store
            .add_event(ann.id, &meal(900), NOW_MS)
            .await
            .unwrap_err();
        assert!(err.is_bad_input(), "{err}");
        assert!(
            err.to_string().contains("at most 200 (MAX_EVENTS_PER_DAY)"),
            "{err}"
        );
        // The next day is another day.
        let next = sleep_at("2026-03-10T23:00:00Z", 7.0);
        store.add_event(ann.id, &next, NOW_MS).await.unwrap();
        let many = vec![next; MAX_EVENTS_PER_BATCH + 1];
        let err = store
            .add_batch(ann.id, None, &many, NOW_MS)
            .await
            .unwrap_err();
        assert!(err.to_string().contains("MAX_EVENTS_PER_BATCH"), "{err}");
        store.close().await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn an_imported_row_years_ahead_is_skipped_with_a_warning() {
    use myo_store::{FileImport, ParsedFile};
    for url in backends::urls("far_import") {
        let store = Store::open(&url).await.unwrap();
        let ann = store
            .add_athlete("ann", &Profile::example(), false, NOW_MS)
            .await
            .unwrap();
        let file = ParsedFile {
            hash: "h".into(),
            name: "nights.csv".into(),
            format: "generic CSV",
            events: vec![
                sleep_at("2026-03-08T23:00:00Z", 7.0),
                sleep_at("2036-03-08T23:00:00Z", 7.0),
            ],
            warnings: Vec::new(),
        };
        match store
            .import_parsed(ann.id, file, NOW_MS, false)
            .await
            .unwrap()
        {
            FileImport::Imported {
                events, warnings, ..
            } => {
                assert_eq!(events, 1);
                assert!(warnings[0].contains("2036-03-08"), "{warnings:?}");
            }
            other => panic!("{other:?}"),
        }
        store.close().await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn accounts_sessions_and_coach_links() {
    use myo_store::{NewUser, NewUserAthlete, Role};
    for url in backends::urls("accounts") {
        let store = Store::open(&url).await.unwrap();
        let profile = Profile::example();
        let ann = store
            .add_user(
                &NewUser {
                    email: "Ann@Example.org",
                    password_hash: "h1",
                    role: Role::Athlete,
                    athlete: NewUserAthlete::Create {
                        name: "ann",
                        profile: &profile,
                    },
                },
                NOW_MS,
            )
            .await
            .unwrap();
        assert_eq!(ann.email, "ann@example.org");
        let athlete_id = ann.athlete_id.unwrap();
        // The email is taken; the error names the field.
        let again = store
            .add_user(
                &NewUser {
                    email: "ann@example.org",
                    password_hash: "h",
                    role: Role::Athlete,
                    athlete: NewUserAthlete::Create {
                        name: "ann2",
                        profile: &profile,
                    },
                },
                NOW_MS,
            )
            .await
            .unwrap_err();
        assert!(again.to_string().starts_with("email:"), "{again}");
        // A second "ann" signs up too, as "ann 2".
        let namesake = store
            .add_user(
                &NewUser {
                    email: "other.ann@example.org",
                    password_hash: "h",
                    role: Role::Athlete,
                    athlete: NewUserAthlete::Create {
                        name: "ann",
                        profile: &profile,
                    },
                },
                NOW_MS,
            )
            .await
            .unwrap();
        let theirs = store
            .athlete_by_id(namesake.athlete_id.unwrap())
            .await
            .unwrap();
        assert_eq!(theirs.name, "ann 2");
        let coach = store
            .add_user(
                &NewUser {
                    email: "coach@example.org",
                    password_hash: "h2",
                    role: Role::Coach,
                    athlete: NewUserAthlete::None,
                },
                NOW_MS,
            )
            .await
            .unwrap();
        // Sessions by token hash, expiring.
        store
            .add_session(ann.id, "tok", "csrf", NOW_MS + 10, NOW_MS)
            .await
            .unwrap();
        let s = store.session("tok", NOW_MS).await.unwrap().unwrap();
        assert_eq!((s.user.id, s.csrf.as_str()), (ann.id, "csrf"));
        assert!(store.session("tok", NOW_MS + 10).await.unwrap().is_none());
        store
            .set_password(ann.id, "h3", None, NOW_MS)
            .await
            .unwrap();
        assert!(store.session("tok", NOW_MS).await.unwrap().is_none());
        // Coach links: invisible until accepted, gone when revoked.
        assert!(!store.can_view(&coach, athlete_id).await.unwrap());
        store
            .invite(&coach, "ANN@example.org", NOW_MS)
            .await
            .unwrap();
        assert!(!store.can_view(&coach, athlete_id).await.unwrap());
        assert_eq!(store.coach_links(ann.id).await.unwrap().len(), 1);
        assert!(store.accept_coach(ann.id, coach.id, NOW_MS).await.unwrap());
        assert!(store.can_view(&coach, athlete_id).await.unwrap());
        let links = store.coach_links(coach.id).await.unwrap();
        assert_eq!(
            (
                links[0].coach.id,
                links[0].athlete_user.id,
                links[0].accepted
            ),
            (coach.id, ann.id, true)
        );
        // The team: accepted athletes with their latest summary, saved only for the
        // current revision and never replaced by an earlier one.
        let team = store.team(coach.id).await.unwrap();
        assert_eq!(team.len(), 1);
        assert_eq!(
            (team[0].athlete.id, team[0].summary.as_ref()),
            (athlete_id, None)
        );
        let revision = team[0].athlete.revision;
        let summary = |revision, at_ms, data: &str| myo_store::StoredSummary {
            athlete_id,
            revision,
            at_ms,
            model: "m".into(),
            data: data.into(),
        };
        let save = |s: Vec<myo_store::StoredSummary>| {
            let store = &store;
            async move { store.save_summaries(&s).await.unwrap() }
        };
        let kept = || async {
            store.team(coach.id).await.unwrap()[0]
                .summary
                .clone()
                .unwrap()
        };
        let saved = save(vec![
            summary(revision, 100, "a"),
            summary(revision + 1, 200, "b"),
        ])
        .await;
        assert_eq!(
            saved, 1,
            "a summary of a revision the log never had is refused"
        );
        assert_eq!(save(vec![summary(revision, 50, "old")]).await, 0);
        let k = kept().await;
        assert_eq!((k.revision, k.at_ms, k.data.as_str()), (revision, 100, "a"));
        let sleep = sleep_at("2026-03-09T23:00:00+01:00", 7.0);
        store.add_event(athlete_id, &sleep, NOW_MS).await.unwrap();
        assert_eq!(save(vec![summary(revision, 300, "stale")]).await, 0);
        let now = store.revision(athlete_id).await.unwrap();
        assert_eq!(save(vec![summary(now, 10, "new")]).await, 1);
        let k = kept().await;
        assert_eq!((k.revision, k.data.as_str()), (now, "new"));
        assert!(store.remove_coach_link(coach.id, ann.id).await.unwrap());
        assert!(!store.can_view(&coach, athlete_id).await.unwrap());
        assert!(store.team(coach.id).await.unwrap().is_empty());
        assert!(!store.can_view(&ann, athlete_id + 1).await.unwrap());
        store.close().await;
    }
}
