//! State that several server processes on one database share besides the data: throttle
//! counters and claims on background work. Each operation is one atomic statement or
//! transaction, so two replicas counting or claiming at once never both win.

use sqlx::Row;

use crate::{Result, Store};

/// A count past which a throttle counter stops growing (it only needs to exceed the limits).
const TRIES_MAX: i64 = 1_000_000_000;

/// A job on an athlete: `target` names what its result is for (e.g. the log revision, model
/// and minute a roster row is computed for).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub athlete_id: i64,
    pub target: String,
}

impl Store {
    /// Counts one try on each `(key, window_ms)`, in one transaction, and returns the tries
    /// in each key's window, this one included. Windows are fixed: one starts with the first
    /// try after the last one ended. Keys are opaque: hash what identifies a person before.
    pub async fn count_tries(&self, keys: &[(&str, i64)], now_ms: i64) -> Result<Vec<i64>> {
        let mut tx = self.write().await?;
        let mut counts = Vec::with_capacity(keys.len());
        for &(key, window_ms) in keys {
            let row = sqlx::query(
                "INSERT INTO throttles (key, window_start_ms, tries) VALUES ($1, $2, 1) \
                 ON CONFLICT (key) DO UPDATE SET \
                 tries = CASE WHEN throttles.window_start_ms <= $3 THEN 1 \
                              WHEN throttles.tries >= $4 THEN throttles.tries \
                              ELSE throttles.tries + 1 END, \
                 window_start_ms = CASE WHEN throttles.window_start_ms <= $5 THEN $6 \
                              ELSE throttles.window_start_ms END \
                 RETURNING tries",
            )
            .bind(key.to_string())
            .bind(now_ms)
            .bind(now_ms - window_ms)
            .bind(TRIES_MAX)
            .bind(now_ms - window_ms)
            .bind(now_ms)
            .fetch_one(&mut *tx)
            .await?;
            counts.push(row.try_get::<i64, _>(0)?);
        }
        tx.commit().await?;
        Ok(counts)
    }

    /// Forgets throttle windows that started before `before_ms` (ended, if no window is
    /// longer than `now - before_ms`). Returns how many.
    pub async fn forget_tries(&self, before_ms: i64) -> Result<u64> {
        let mut tx = self.write().await?;
        let done = sqlx::query("DELETE FROM throttles WHERE window_start_ms < $1")
            .bind(before_ms)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// Claims `jobs` for `holder` until `now_ms + lease_ms`, in one transaction, and returns
    /// the athletes claimed. A job is not claimed when another holder's claim on the athlete
    /// is still running, or when the same target is already done; an expired claim (its
    /// holder stopped) is taken over.
    pub async fn claim_work(
        &self,
        jobs: &[Job],
        holder: &str,
        lease_ms: i64,
        now_ms: i64,
    ) -> Result<Vec<i64>> {
        if jobs.is_empty() {
            return Ok(Vec::new());
        }
        let mut tx = self.write().await?;
        let mut claimed = Vec::new();
        for job in jobs {
            let row = sqlx::query(
                "INSERT INTO work_claims (athlete_id, target, holder, until_ms, done) \
                 SELECT $1, $2, $3, $4, FALSE WHERE EXISTS (SELECT 1 FROM athletes WHERE id = $5) \
                 ON CONFLICT (athlete_id) DO UPDATE SET target = excluded.target, \
                 holder = excluded.holder, until_ms = excluded.until_ms, done = FALSE \
                 WHERE work_claims.until_ms <= $6 \
                 AND NOT (work_claims.done AND work_claims.target = excluded.target) \
                 RETURNING athlete_id",
            )
            .bind(job.athlete_id)
            .bind(job.target.clone())
            .bind(holder.to_string())
            .bind(now_ms + lease_ms)
            .bind(job.athlete_id)
            .bind(now_ms)
            .fetch_optional(&mut *tx)
            .await?;
            if row.is_some() {
                claimed.push(job.athlete_id);
            }
        }
        tx.commit().await?;
        Ok(claimed)
    }

    /// Ends `holder`'s claim on an athlete: `done` when its result is saved (nobody repeats
    /// that target), otherwise released for anyone to take. Returns whether the claim was
    /// still `holder`'s.
    pub async fn end_work(
        &self,
        athlete_id: i64,
        holder: &str,
        done: bool,
        now_ms: i64,
    ) -> Result<bool> {
        let mut tx = self.write().await?;
        let ended = sqlx::query(
            "UPDATE work_claims SET until_ms = $1, done = $2 WHERE athlete_id = $3 AND holder = $4",
        )
        .bind(now_ms)
        .bind(done)
        .bind(athlete_id)
        .bind(holder.to_string())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(ended.rows_affected() > 0)
    }
}
