//! Per-athlete summaries: the latest computed answer a coach's roster shows, kept so that the
//! first roster after a restart reads rows instead of simulating every athlete's log. Like the
//! checkpoints, a summary is a cache tied to the log revision it was computed from; the caller
//! decides whether an old one is good enough (and says so on the page).

use serde::Serialize;

use crate::athletes::{athlete_from_row, READ_COLUMNS};
use crate::{Athlete, Result, Store};

/// A saved summary: opaque `data` (the web's JSON) for `revision`, computed for the time
/// `at_ms` by `model`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredSummary {
    pub athlete_id: i64,
    pub revision: i64,
    pub at_ms: i64,
    pub model: String,
    pub data: String,
}

/// One athlete of a coach's team (an accepted link), with the latest saved summary.
#[derive(Debug, Clone)]
pub struct TeamMember {
    pub athlete: Athlete,
    pub summary: Option<StoredSummary>,
}

impl Store {
    /// The athletes who accepted `coach_id`'s invitation, oldest link first, each with its
    /// latest summary: one query whatever the team's size.
    pub async fn team(&self, coach_id: i64) -> Result<Vec<TeamMember>> {
        let mut conn = self.pool.acquire().await?;
        let default = self.default_athlete_id(&mut conn).await?;
        let columns = READ_COLUMNS
            .split(',')
            .map(|c| format!("a.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let rows = sqlx::query(&format!(
            "SELECT {columns}, s.revision AS s_revision, s.at_ms AS s_at_ms, s.model AS s_model, \
             s.data AS s_data FROM coach_links l \
             JOIN users u ON u.id = l.athlete_user_id JOIN athletes a ON a.id = u.athlete_id \
             LEFT JOIN summaries s ON s.athlete_id = a.id \
             WHERE l.coach_id = $1 AND l.accepted = 1 ORDER BY l.created_ms, u.id"
        ))
        .bind(coach_id)
        .fetch_all(&mut *conn)
        .await?;
        rows.iter()
            .map(|r| {
                use sqlx::Row as _;
                let athlete = athlete_from_row(r, default)?;
                let revision: Option<i64> = r.try_get("s_revision")?;
                let summary = match revision {
                    Some(revision) => Some(StoredSummary {
                        athlete_id: athlete.id,
                        revision,
                        at_ms: r.try_get("s_at_ms")?,
                        model: r.try_get("s_model")?,
                        data: r.try_get("s_data")?,
                    }),
                    None => None,
                };
                Ok(TeamMember { athlete, summary })
            })
            .collect()
    }

    /// Saves summaries in one transaction. Each replaces the athlete's previous one unless
    /// the log has changed since it was computed (its revision is no longer the athlete's) or
    /// the saved one is of the same revision and later. Returns how many were saved.
    pub async fn save_summaries(&self, summaries: &[StoredSummary]) -> Result<usize> {
        if summaries.is_empty() {
            return Ok(0);
        }
        let mut tx = self.write().await?;
        let mut saved = 0;
        for s in summaries {
            let done = sqlx::query(
                "INSERT INTO summaries (athlete_id, revision, at_ms, model, data) \
                 SELECT $1, $2, $3, $4, $5 WHERE EXISTS \
                 (SELECT 1 FROM athletes WHERE id = $6 AND revision = $7) \
                 ON CONFLICT (athlete_id) DO UPDATE SET revision = excluded.revision, \
                 at_ms = excluded.at_ms, model = excluded.model, data = excluded.data \
                 WHERE summaries.revision <> excluded.revision OR summaries.at_ms <= excluded.at_ms",
            )
            .bind(s.athlete_id)
            .bind(s.revision)
            .bind(s.at_ms)
            .bind(s.model.clone())
            .bind(s.data.clone())
            .bind(s.athlete_id)
            .bind(s.revision)
            .execute(&mut *tx)
            .await?;
            saved += done.rows_affected() as usize;
        }
        tx.commit().await?;
        Ok(saved)
    }
}
