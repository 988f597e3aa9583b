//! Versioned schema migrations, embedded in the binary; the same SQL runs on both backends.

use std::borrow::Cow;

use sqlx::migrate::{Migration, MigrationType, Migrator};

use crate::{Result, Store, StoreError};

/// Every migration: (version, description, SQL). Never edit one that has shipped; add a new one.
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "athletes events",
        include_str!("../migrations/0001_athletes_events.sql"),
    ),
    (2, "sources", include_str!("../migrations/0002_sources.sql")),
    (
        3,
        "checkpoints",
        include_str!("../migrations/0003_checkpoints.sql"),
    ),
    (
        4,
        "accounts",
        include_str!("../migrations/0004_accounts.sql"),
    ),
    (
        5,
        "summaries",
        include_str!("../migrations/0005_summaries.sql"),
    ),
    (
        6,
        "personal states",
        include_str!("../migrations/0006_personal_states.sql"),
    ),
    (
        7,
        "personal from",
        include_str!("../migrations/0007_personal_from.sql"),
    ),
    (
        8,
        "time_zone",
        include_str!("../migrations/0008_time_zone.sql"),
    ),
    (
        9,
        "invitations",
        include_str!("../migrations/0009_invitations.sql"),
    ),
    (
        10,
        "token expiry",
        include_str!("../migrations/0010_token_expiry.sql"),
    ),
    (
        11,
        "password recovery",
        include_str!("../migrations/0011_password_recovery.sql"),
    ),
    (
        12,
        "shared state",
        include_str!("../migrations/0012_shared_state.sql"),
    ),
];

/// A migrator holding the migrations up to `to` (all when `None`).
pub fn migrator(to: Option<i64>) -> Migrator {
    let migrations: Vec<Migration> = MIGRATIONS
        .iter()
        .filter(|(v, ..)| to.is_none_or(|to| *v <= to))
        .map(|(version, description, sql)| {
            Migration::new(
                *version,
                Cow::Borrowed(*description),
                MigrationType::Simple,
                Cow::Borrowed(*sql),
                false,
            )
        })
        .collect();
    Migrator {
        migrations: Cow::Owned(migrations),
        ignore_missing: false,
        locking: true,
        no_tx: false,
    }
}

/// The highest migration applied, or 0 for a new database.
pub(crate) async fn applied_version(store: &Store) -> Result<i64> {
    let found: std::result::Result<(Option<i64>,), _> =
        sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_one(&store.pool)
            .await;
    match found {
        Ok((v,)) => Ok(v.unwrap_or(0)),
        // No migrations table yet.
        Err(sqlx::Error::Database(_)) => Ok(0),
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn run(store: &Store, to: Option<i64>) -> Result<()> {
    let known = MIGRATIONS.last().map_or(0, |m| m.0);
    let found = applied_version(store).await?;
    if found > known {
        return Err(StoreError::NewerSchema { found, known });
    }
    if found >= to.unwrap_or(known) {
        return Ok(());
    }
    if let Some(reason) = &store.read_only {
        return Err(StoreError::ReadOnly(format!(
            "{reason}; the schema needs migrating"
        )));
    }
    let migrator = migrator(to);
    // Two processes creating the same new file race on the first migration: the loser
    // retries and then finds it applied.
    let mut attempt = 0;
    loop {
        match migrator.run(&store.pool).await {
            Ok(()) => return Ok(()),
            Err(e) if attempt < 3 => {
                let err = StoreError::from(e);
                if matches!(err, StoreError::ReadOnly(_) | StoreError::Full(_)) {
                    return Err(err);
                }
                attempt += 1;
                pause(attempt * 100).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// Schema version of this store.
impl Store {
    pub async fn schema_version(&self) -> Result<i64> {
        applied_version(self).await
    }
}

/// A short pause on the runtime's timer (the store runs on tokio, through sqlx).
async fn pause(ms: u64) {
    tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
}
