//! A lossless dump of everything a user entered (athletes, events with ids and times,
//! sources), and its import into an empty database. Checkpoints are a cache and not exported.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::athletes::insert_athlete;
use crate::events::{insert_event, EventFilter};
use crate::{scenario, NewEvent, Profile, Result, Store, StoreError};

/// The `format` field of an export.
pub const EXPORT_FORMAT: &str = "myo-export";
const EXPORT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    pub format: String,
    pub version: u32,
    /// The next ids would follow these (kept so ids are never reused after a round trip).
    pub last_athlete_id: i64,
    pub last_event_id: i64,
    pub default_athlete: Option<String>,
    pub athletes: Vec<ExportedAthlete>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedAthlete {
    pub id: i64,
    pub name: String,
    pub profile: Profile,
    /// When the athlete asked myo to forget what it learned, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_from_ms: Option<i64>,
    pub created_ms: i64,
    pub updated_ms: i64,
    pub sources: Vec<ExportedSource>,
    pub events: Vec<ExportedEvent>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedSource {
    pub hash: String,
    pub name: String,
    pub events: i64,
    pub imported_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedEvent {
    pub id: i64,
    pub created_ms: i64,
    pub updated_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The spec's `[[event]]` shape.
    pub event: Value,
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportSummary {
    pub athletes: usize,
    pub events: usize,
}

impl Store {
    /// Everything, athletes by id and events in time order.
    pub async fn export(&self) -> Result<Export> {
        let counters: Vec<(String, i64)> = sqlx::query_as("SELECT name, value FROM counters")
            .fetch_all(&self.pool)
            .await?;
        let counter = |n: &str| counters.iter().find(|c| c.0 == n).map_or(0, |c| c.1);
        let mut athletes = self.athletes().await?;
        athletes.sort_by_key(|a| a.id);
        let mut out = Vec::new();
        for a in &athletes {
            out.push(self.export_of(a).await?);
        }
        Ok(Export {
            format: EXPORT_FORMAT.into(),
            version: EXPORT_VERSION,
            last_athlete_id: counter("athlete"),
            last_event_id: counter("event"),
            default_athlete: athletes.iter().find(|a| a.default).map(|a| a.name.clone()),
            athletes: out,
        })
    }

    /// One athlete with every source and event (an account's data export).
    pub async fn export_athlete(&self, id: i64) -> Result<ExportedAthlete> {
        let a = self.athlete_by_id(id).await?;
        self.export_of(&a).await
    }

    async fn export_of(&self, a: &crate::Athlete) -> Result<ExportedAthlete> {
        let sources: Vec<(String, String, i64, i64)> = sqlx::query_as(
            "SELECT hash, name, events, imported_ms FROM sources WHERE athlete_id = $1 ORDER BY imported_ms, hash",
        )
        .bind(a.id)
        .fetch_all(&self.pool)
        .await?;
        let events = self
            .events(&EventFilter {
                athlete_id: Some(a.id),
                ..EventFilter::default()
            })
            .await?;
        Ok(ExportedAthlete {
            id: a.id,
            name: a.name.clone(),
            profile: a.profile.clone(),
            personal_from_ms: a.personal_from_ms,
            created_ms: a.created_ms,
            updated_ms: a.updated_ms,
            sources: sources
                .into_iter()
                .map(|(hash, name, events, imported_ms)| ExportedSource {
                    hash,
                    name,
                    events,
                    imported_ms,
                })
                .collect(),
            events: events
                .iter()
                .map(|e| ExportedEvent {
                    id: e.id,
                    created_ms: e.created_ms,
                    updated_ms: e.updated_ms,
                    source: e.source.clone(),
                    event: e.to_json(),
                })
                .collect(),
        })
    }

    /// Imports an export into an empty database, in one transaction, keeping ids and times.
    /// `progress(done, total)` is called as events are written.
    pub async fn import(
        &self,
        export: &Export,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ImportSummary> {
        if export.format != EXPORT_FORMAT || export.version != EXPORT_VERSION {
            return Err(StoreError::Invalid(format!(
                "not a {EXPORT_FORMAT} version {EXPORT_VERSION} file (format \"{}\", version {})",
                export.format, export.version
            )));
        }
        // Validate everything before writing anything.
        let mut parsed = Vec::new();
        for a in &export.athletes {
            crate::athletes::check_name(&a.name)?;
            scenario::validate_profile(&a.profile)
                .map_err(|e| StoreError::Invalid(format!("athlete \"{}\": {e}", a.name)))?;
            let events = a
                .events
                .iter()
                .map(|e| {
                    NewEvent::from_json(&e.event).map_err(|err| {
                        StoreError::Invalid(format!(
                            "athlete \"{}\": event {}: {err}",
                            a.name, e.id
                        ))
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            parsed.push(events);
        }
        let total: u64 = parsed.iter().map(|e| e.len() as u64).sum();
        let mut tx = self.write().await?;
        let (existing,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM athletes")
            .fetch_one(&mut *tx)
            .await?;
        if existing > 0 {
            return Err(StoreError::Invalid(format!(
                "import-export: the database already holds {existing} athlete(s); import into a new database (--database sqlite://NEW.db)"
            )));
        }
        let mut done = 0;
        for (a, events) in export.athletes.iter().zip(&parsed) {
            insert_athlete(
                &mut tx,
                a.id,
                &a.name,
                &a.profile,
                0,
                a.created_ms,
                a.updated_ms,
            )
            .await?;
            if let Some(ms) = a.personal_from_ms {
                sqlx::query("UPDATE athletes SET personal_from_ms = $1 WHERE id = $2")
                    .bind(ms)
                    .bind(a.id)
                    .execute(&mut *tx)
                    .await?;
            }
            for s in &a.sources {
                sqlx::query(
                    "INSERT INTO sources (athlete_id, hash, name, events, imported_ms) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(a.id)
                .bind(s.hash.clone())
                .bind(s.name.clone())
                .bind(s.events)
                .bind(s.imported_ms)
                .execute(&mut *tx)
                .await?;
            }
            for (e, new) in a.events.iter().zip(events) {
                insert_event(
                    &mut tx,
                    e.id,
                    a.id,
                    new,
                    e.source.as_deref(),
                    e.created_ms,
                    e.updated_ms,
                )
                .await?;
                done += 1;
                if done % 256 == 0 {
                    progress(done, total);
                }
            }
        }
        let max_athlete = export.athletes.iter().map(|a| a.id).max().unwrap_or(0);
        let max_event = export
            .athletes
            .iter()
            .flat_map(|a| a.events.iter().map(|e| e.id))
            .max()
            .unwrap_or(0);
        for (name, value) in [
            ("athlete", export.last_athlete_id.max(max_athlete)),
            ("event", export.last_event_id.max(max_event)),
        ] {
            sqlx::query("UPDATE counters SET value = $1 WHERE name = $2")
                .bind(value)
                .bind(name.to_string())
                .execute(&mut *tx)
                .await?;
        }
        if let Some(name) = &export.default_athlete {
            let a = export
                .athletes
                .iter()
                .find(|a| &a.name == name)
                .ok_or_else(|| {
                    StoreError::Invalid(format!("default_athlete \"{name}\" is not in the file"))
                })?;
            sqlx::query("DELETE FROM settings WHERE key = 'default_athlete'")
                .execute(&mut *tx)
                .await?;
            sqlx::query("INSERT INTO settings (key, value) VALUES ('default_athlete', $1)")
                .bind(a.id.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        progress(total, total);
        Ok(ImportSummary {
            athletes: export.athletes.len(),
            events: total as usize,
        })
    }
}
