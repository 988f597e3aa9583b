//! A dashboard for an athlete with a year of log (1,400 events; SQLite in a temporary
//! directory): the first one, parsed and simulated with the ensemble's band, and the next
//! minute's, resumed from what the first kept. `cargo bench -p myo-web`.
#![allow(clippy::disallowed_methods)] // a test or tool over fixture files, outside the library

use myo_store::{Athlete, Store};
use myo_web::data::Cache;

#[path = "../tests/it/year.rs"]
mod year;

fn main() {
    divan::main();
}

struct Fixture {
    runtime: tokio::runtime::Runtime,
    store: Store,
    athlete: Athlete,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        let dir = std::env::temp_dir().join(format!("myo-bench-dashboard-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let url = format!("sqlite://{}", dir.join("myo.db").display());
        let (store, athlete) = runtime.block_on(async {
            let store = Store::open(&url).await.expect("the store opens");
            let profile = year::profile();
            let a = store
                .add_athlete("ann", &profile, true, 1)
                .await
                .expect("ann");
            store
                .add_batch(a.id, None, &year::year_of_log(), year::NOW_MS)
                .await
                .expect("a year of log");
            let a = store.athlete_by_id(a.id).await.expect("ann");
            (store, a)
        });
        Fixture {
            runtime,
            store,
            athlete,
        }
    })
}

#[divan::bench(sample_count = 20)]
fn first_dashboard(bencher: divan::Bencher) {
    let f = fixture();
    bencher.bench(|| {
        let cache = Cache::default();
        f.runtime
            .block_on(cache.dashboard(&f.store, &f.athlete, year::NOW_MS))
            .expect("a dashboard")
    });
}

#[divan::bench(sample_count = 20)]
fn next_minutes_dashboard(bencher: divan::Bencher) {
    let f = fixture();
    bencher
        .with_inputs(|| {
            let cache = Cache::default();
            f.runtime
                .block_on(cache.dashboard(&f.store, &f.athlete, year::NOW_MS))
                .expect("a dashboard");
            cache
        })
        .bench_values(|cache| {
            f.runtime
                .block_on(cache.dashboard(&f.store, &f.athlete, year::NOW_MS + 60_000))
                .expect("a dashboard")
        });
}
