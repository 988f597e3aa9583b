//! Persistence for myo: athletes, their logged events and model checkpoints, in SQLite (the
//! embedded default) or PostgreSQL, through one schema and one set of migrations.
//!
//! - [`Store`]: a connection pool and every operation; each write is one transaction.
//! - [`Profile`]/[`Athlete`]: the scenario spec's `[athlete]` fields, by name.
//! - [`NewEvent`]/[`StoredEvent`]: a time and a typed `myo_scenario::EventSpec` (checked by the
//!   event contract when built and when read back; kept as the spec's JSON), plus id, athlete,
//!   created/updated times and an optional source.
//! - [`scenario`]: a log as a `myo_scenario::Scenario` (no text in between) or a scenario file.
//! - [`Export`]: a lossless dump of everything, and its import.
//! - [`Store::import_parsed`]: one parsed file (the caller parses it) written once, keyed by
//!   its content hash.
//! - [`Store::team`]/[`Store::save_summaries`]: a coach's athletes with the latest saved
//!   summary of each (the web's roster rows), valid for a log revision.
//! - [`Store::count_tries`]/[`Store::claim_work`]: what several server processes on one
//!   database share: throttle counters and claims on background work.
//!
//! The store reads no clock: every write takes the time of the change (`now_ms`).
//!
//! ```no_run
//! # async fn demo() -> Result<(), myo_store::StoreError> {
//! use myo_store::{NewEvent, Profile, Store};
//! let store = Store::open("sqlite:///tmp/myo-demo.db").await?;
//! let now_ms = 1_767_600_000_000;
//! let ann = store.add_athlete("ann", &Profile::example(), true, now_ms).await?;
//! let sleep = NewEvent::from_json(&serde_json::json!(
//!     {"at": "2026-01-05T23:00:00+01:00", "kind": "sleep", "hours": 7.5, "quality": 4}
//! ))?;
//! let stored = store.add_event(ann.id, &sleep, now_ms).await?;
//! assert_eq!(store.event(stored.id).await?.kind(), myo_scenario::Kind::Sleep);
//! # Ok(()) }
//! ```

mod accounts;
mod athletes;
mod checkpoints;
mod error;
pub mod events;
mod export;
mod import;
mod migrate;
pub mod scenario;
mod shared;
mod summaries;

use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use accounts::{
    normalise_email, ApiToken, CoachLink, NewUser, NewUserAthlete, Role, Session, User,
};
pub use athletes::{Athlete, Profile};
pub use checkpoints::{StoredCheckpoint, PERSONAL_STATES_KEPT};
pub use error::{redact, StoreError};
pub use events::{
    in_time_window, BatchOutcome, EventFilter, NewEvent, Source, StoredEvent, MAX_EVENTS_PER_BATCH,
    MAX_EVENTS_PER_DAY,
};
pub use export::{Export, ExportedAthlete, ExportedEvent, ImportSummary, EXPORT_FORMAT};
pub use import::{Earlier, FileImport, ParsedFile, FAR_PAST_MS};
pub use migrate::{migrator, MIGRATIONS};
pub use shared::Job;
pub use summaries::{StoredSummary, TeamMember};

pub type Result<T> = std::result::Result<T, StoreError>;

/// Which database server a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// How to open a store.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// Apply migrations up to this version (all when `None`); for migration tests.
    pub migrate_to: Option<i64>,
    /// SQLite: the most pages the file may grow to (`PRAGMA max_page_count`), to cap its size.
    pub max_page_count: Option<u64>,
    /// The most pooled connections (default: 1 on SQLite, 2 on PostgreSQL, right for the CLI;
    /// a server wants more readers).
    pub max_connections: Option<u32>,
    /// SQLite: why the file cannot be written, when the caller found so (the store does no
    /// file-system checks of its own): it is then opened for reading only, and every write
    /// fails at once with this reason.
    pub read_only: Option<String>,
}

/// A database of athletes and their logs.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Why the database cannot be written, when it cannot.
    read_only: Option<String>,
}

/// How long a writer waits for another writer's lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// Turns what a user typed into a database URL: `sqlite://…`, `postgres://…`, or a file path
/// (SQLite). SQLite files are created on first use (`mode=rwc`) unless a mode is given.
pub fn normalise_url(text: &str) -> Result<(String, Backend)> {
    let text = text.trim();
    if text.starts_with("postgres://") || text.starts_with("postgresql://") {
        return Ok((text.to_string(), Backend::Postgres));
    }
    let url = if let Some(rest) = text.strip_prefix("sqlite:") {
        format!("sqlite:{rest}")
    } else if text.contains("://") {
        let scheme = text.split("://").next().unwrap_or_default();
        return Err(StoreError::Invalid(format!(
            "--database: unknown scheme \"{scheme}\" (use sqlite://PATH or postgres://…)"
        )));
    } else if text.is_empty() {
        return Err(StoreError::Invalid("--database: empty URL".into()));
    } else {
        format!("sqlite://{text}")
    };
    let url = if url.contains("mode=") || url.contains(":memory:") {
        url
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    };
    Ok((url, Backend::Sqlite))
}

impl Store {
    /// Opens (creating a SQLite file if needed) and migrates to the latest schema.
    pub async fn open(url: &str) -> Result<Store> {
        Store::open_with(url, &OpenOptions::default()).await
    }

    /// Opens with options.
    pub async fn open_with(url: &str, options: &OpenOptions) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let (mut url, backend) = normalise_url(url)?;
        let mut read_only = None;
        if backend == Backend::Sqlite {
            if let Some(reason) = &options.read_only {
                // Open it for reading only (WAL needs a writable directory otherwise); every
                // write then fails at once with a clear message.
                url = url.replace("mode=rwc", "mode=ro") + "&immutable=true";
                read_only = Some(reason.clone());
            }
        }
        let connect: AnyConnectOptions = url
            .parse()
            .map_err(|e| StoreError::Invalid(format!("--database: {e}")))?;
        let max_pages = options.max_page_count;
        let pool = AnyPoolOptions::new()
            // One connection per process: the CLI runs one operation at a time, and SQLite
            // serialises writers anyway.
            .max_connections(options.max_connections.unwrap_or(if backend == Backend::Sqlite {
                1
            } else {
                2
            }))
            .acquire_timeout(if backend == Backend::Sqlite { Duration::from_secs(5) } else { BUSY_TIMEOUT })
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        conn.execute(
                            format!(
                                "PRAGMA busy_timeout = {}; PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;",
                                BUSY_TIMEOUT.as_millis()
                            )
                            .as_str(),
                        )
                        .await?;
                        // WAL: readers do not block the writer. Refused on a read-only file,
                        // which then stays readable.
                        let _ = conn.execute("PRAGMA journal_mode = WAL;").await;
                        if let Some(pages) = max_pages {
                            conn.execute(format!("PRAGMA max_page_count = {pages};").as_str())
                                .await?;
                        }
                    }
                    Ok(())
                })
            })
            .connect_with(connect)
            .await
            .map_err(|e| StoreError::from_open(e, &url))?;
        let store = Store {
            pool,
            backend,
            read_only,
        };
        migrate::run(&store, options.migrate_to).await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The raw pool, for tests and tools.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`), so two writers queue instead of failing when one upgrades a read lock.
    async fn write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        if let Some(reason) = &self.read_only {
            return Err(StoreError::ReadOnly(reason.clone()));
        }
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(tx)
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// A consistent copy of a SQLite database at `path` while it is in use (`VACUUM INTO`,
    /// which reads in one transaction). The target must not exist.
    pub async fn backup(&self, path: &std::path::Path) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Invalid(
                "backup: only SQLite databases; for PostgreSQL use pg_dump".into(),
            ));
        }
        if path.exists() {
            return Err(StoreError::Invalid(format!(
                "backup: {} already exists (choose a new file)",
                path.display()
            )));
        }
        let target = path
            .to_str()
            .ok_or_else(|| StoreError::Invalid("backup: the path is not UTF-8".into()))?;
        sqlx::query("VACUUM INTO $1")
            .bind(target.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// `PRAGMA integrity_check` on SQLite ("ok" when sound); "ok" on PostgreSQL.
    pub async fn integrity_check(&self) -> Result<String> {
        if self.backend != Backend::Sqlite {
            return Ok("ok".into());
        }
        let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(|r| r.0).collect::<Vec<_>>().join("; "))
    }
}

/// Takes `n` ids from a named counter inside a transaction; returns the first.
async fn take_ids(tx: &mut sqlx::AnyConnection, counter: &str, n: i64) -> Result<i64> {
    let (last,): (i64,) =
        sqlx::query_as("UPDATE counters SET value = value + $1 WHERE name = $2 RETURNING value")
            .bind(n)
            .bind(counter.to_string())
            .fetch_one(&mut *tx)
            .await?;
    Ok(last - n + 1)
}
