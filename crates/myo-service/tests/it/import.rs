//! Imports through the service: parse, then one batch write.

use myo_store::{NewEvent, Profile, Store};
use serde_json::json;

use crate::{backends, NOW_MS};

/// One session from two files (a FIT and a TCX of the same run; here two CSV exports) or typed
/// in and then imported is logged once; another sport at that time, or a run an hour later, is
/// not the same session.
#[tokio::test(flavor = "current_thread")]
async fn a_session_already_logged_is_not_imported_again() {
    use myo_store::FileImport;
    for url in backends::urls("same_session") {
        let store = Store::open(&url).await.unwrap();
        let a = store
            .add_athlete("ann", &Profile::example(), true, NOW_MS)
            .await
            .unwrap();
        let import = |name: &'static str, csv: &'static str| {
            let store = store.clone();
            async move {
                myo_service::import::import_file(
                    &store,
                    a.id,
                    name,
                    csv.as_bytes().to_vec(),
                    myo_import::Options::default(),
                    NOW_MS,
                    false,
                )
                .await
                .unwrap()
            }
        };
        let watch = "at,kind,sport,minutes,rpe\n2026-03-10T07:30:00+01:00,endurance,run,45,6\n";
        assert!(matches!(
            import("watch.csv", watch).await,
            FileImport::Imported { events: 1, .. }
        ));
        // The phone's export of the same run: a minute later, 44 minutes, by heart rate.
        let phone = "at,kind,sport,minutes,avg_hr\n\
                     2026-03-10T07:31:00+01:00,endurance,run,44,150\n\
                     2026-03-10T07:31:00+01:00,endurance,cycle,44,150\n\
                     2026-03-10T08:45:00+01:00,endurance,run,20,140\n";
        match import("phone.csv", phone).await {
            FileImport::Imported {
                events, warnings, ..
            } => {
                assert_eq!(events, 2, "{warnings:?}");
                assert_eq!(warnings.len(), 1, "{warnings:?}");
                assert!(
                    warnings[0].starts_with(
                        "skipped the run at 2026-03-10T07:31:00+01:00: already in the log"
                    ),
                    "{warnings:?}"
                );
            }
            other => panic!("{other:?}"),
        }
        // Typed in by hand first, then imported: the same.
        store
            .add_event(
                a.id,
                &NewEvent::from_json(&json!({"at": "2026-03-11T18:00:00+01:00",
                    "kind": "endurance", "sport": "cycle", "minutes": 90, "rpe": 5}))
                .unwrap(),
                NOW_MS,
            )
            .await
            .unwrap();
        let ride = "at,kind,sport,minutes,rpe\n2026-03-11T18:02:00+01:00,endurance,cycle,95,5\n";
        match import("ride.csv", ride).await {
            FileImport::Imported {
                events, warnings, ..
            } => {
                assert_eq!(events, 0);
                assert!(
                    warnings[0].ends_with("from an entry by hand)"),
                    "{warnings:?}"
                );
            }
            other => panic!("{other:?}"),
        }
        let endurance = store
            .events(&myo_store::EventFilter {
                athlete_id: Some(a.id),
                kinds: vec![myo_scenario::Kind::Endurance],
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(endurance.len(), 4);
        store.close().await;
    }
}
