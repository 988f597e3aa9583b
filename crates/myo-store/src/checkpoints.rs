//! The model-state cache: serialised simulation states at the athlete's local midnights.
//! Valid only for the scenario origin and model they were computed with; every write to an
//! event drops those it may have changed (see `events::touch`), and a save is refused when the
//! log changed while the caller was simulating (the athlete's revision moved).

use serde::Serialize;

use crate::{Backend, Result, Store};

/// The tables of cached model states: a write to an event drops the rows it may have changed
/// from each.
pub(crate) const STATE_TABLES: [&str; 2] = ["checkpoints", "personal_states"];

/// How many personal-model states are kept per athlete (the newest): each is large, and an
/// older one only saves work after a correction weeks back.
pub const PERSONAL_STATES_KEPT: i64 = 3;

/// One cached state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredCheckpoint {
    pub at_ms: i64,
    pub data: String,
}

impl Store {
    /// The athlete's revision: read it before the events, pass it to [`Store::save_checkpoints`].
    pub async fn revision(&self, athlete_id: i64) -> Result<i64> {
        let (r,): (i64,) = sqlx::query_as("SELECT revision FROM athletes WHERE id = $1")
            .bind(athlete_id)
            .fetch_one(&self.pool)
            .await?;
        Ok(r)
    }

    /// The latest checkpoint at or before `at_ms` for this origin and model.
    pub async fn latest_checkpoint(
        &self,
        athlete_id: i64,
        origin_ms: i64,
        model: &str,
        at_ms: i64,
    ) -> Result<Option<StoredCheckpoint>> {
        self.latest_in("checkpoints", athlete_id, origin_ms, model, at_ms)
            .await
    }

    /// Saves checkpoints computed from the log at `revision`; does nothing (and returns
    /// false) if the log has changed since. Checkpoints of other origins or models go.
    pub async fn save_checkpoints(
        &self,
        athlete_id: i64,
        revision: i64,
        origin_ms: i64,
        model: &str,
        checkpoints: &[StoredCheckpoint],
    ) -> Result<bool> {
        self.save_in(
            "checkpoints",
            athlete_id,
            revision,
            origin_ms,
            model,
            checkpoints,
            None,
        )
        .await
    }

    /// The latest personal-model state at or before `at_ms` for this origin and model.
    pub async fn latest_personal_state(
        &self,
        athlete_id: i64,
        origin_ms: i64,
        model: &str,
        at_ms: i64,
    ) -> Result<Option<StoredCheckpoint>> {
        self.latest_in("personal_states", athlete_id, origin_ms, model, at_ms)
            .await
    }

    /// Saves a personal-model state computed from the log at `revision` (nothing, and false,
    /// if the log has changed since), keeping only the newest [`PERSONAL_STATES_KEPT`].
    pub async fn save_personal_state(
        &self,
        athlete_id: i64,
        revision: i64,
        origin_ms: i64,
        model: &str,
        state: &StoredCheckpoint,
    ) -> Result<bool> {
        self.save_in(
            "personal_states",
            athlete_id,
            revision,
            origin_ms,
            model,
            std::slice::from_ref(state),
            Some(PERSONAL_STATES_KEPT),
        )
        .await
    }

    /// The latest row of `table` (one of [`STATE_TABLES`]) at or before `at_ms`.
    async fn latest_in(
        &self,
        table: &'static str,
        athlete_id: i64,
        origin_ms: i64,
        model: &str,
        at_ms: i64,
    ) -> Result<Option<StoredCheckpoint>> {
        let row: Option<(i64, String)> = sqlx::query_as(&format!(
            "SELECT at_ms, data FROM {table} WHERE athlete_id = $1 AND origin_ms = $2 \
             AND model = $3 AND at_ms <= $4 ORDER BY at_ms DESC LIMIT 1"
        ))
        .bind(athlete_id)
        .bind(origin_ms)
        .bind(model.to_string())
        .bind(at_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(at_ms, data)| StoredCheckpoint { at_ms, data }))
    }

    /// Writes `rows` into `table` (one of [`STATE_TABLES`]) unless the athlete's revision
    /// moved; rows of other origins or models go, and beyond `keep` the oldest.
    #[allow(clippy::too_many_arguments)]
    async fn save_in(
        &self,
        table: &'static str,
        athlete_id: i64,
        revision: i64,
        origin_ms: i64,
        model: &str,
        rows: &[StoredCheckpoint],
        keep: Option<i64>,
    ) -> Result<bool> {
        if rows.is_empty() {
            return Ok(true);
        }
        let mut tx = self.write().await?;
        let lock = match self.backend {
            Backend::Sqlite => "SELECT revision FROM athletes WHERE id = $1",
            Backend::Postgres => "SELECT revision FROM athletes WHERE id = $1 FOR UPDATE",
        };
        let now: Option<(i64,)> = sqlx::query_as(lock)
            .bind(athlete_id)
            .fetch_optional(&mut *tx)
            .await?;
        if now != Some((revision,)) {
            return Ok(false);
        }
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE athlete_id = $1 AND (origin_ms <> $2 OR model <> $3)"
        ))
        .bind(athlete_id)
        .bind(origin_ms)
        .bind(model.to_string())
        .execute(&mut *tx)
        .await?;
        for c in rows {
            sqlx::query(&format!(
                "INSERT INTO {table} (athlete_id, at_ms, origin_ms, model, data) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (athlete_id, at_ms) DO UPDATE SET \
                 origin_ms = excluded.origin_ms, model = excluded.model, data = excluded.data"
            ))
            .bind(athlete_id)
            .bind(c.at_ms)
            .bind(origin_ms)
            .bind(model.to_string())
            .bind(c.data.clone())
            .execute(&mut *tx)
            .await?;
        }
        if let Some(keep) = keep {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE athlete_id = $1 AND at_ms NOT IN \
                 (SELECT at_ms FROM {table} WHERE athlete_id = $1 ORDER BY at_ms DESC LIMIT $2)"
            ))
            .bind(athlete_id)
            .bind(keep)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Every checkpoint time of an athlete, ascending (for tests and `myo db info`).
    pub async fn checkpoint_times(&self, athlete_id: i64) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> =
            sqlx::query_as("SELECT at_ms FROM checkpoints WHERE athlete_id = $1 ORDER BY at_ms")
                .bind(athlete_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }

    /// Drops every checkpoint of an athlete.
    pub async fn clear_checkpoints(&self, athlete_id: i64) -> Result<()> {
        let mut tx = self.write().await?;
        for table in STATE_TABLES {
            sqlx::query(&format!("DELETE FROM {table} WHERE athlete_id = $1"))
                .bind(athlete_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every personal-state time of an athlete, ascending (for tests).
    pub async fn personal_state_times(&self, athlete_id: i64) -> Result<Vec<i64>> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT at_ms FROM personal_states WHERE athlete_id = $1 ORDER BY at_ms",
        )
        .bind(athlete_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|r| r.0).collect())
    }
}
