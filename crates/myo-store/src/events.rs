//! Logged events: the event contract's typed events, kept as the spec's JSON (`kind` and
//! `fields` columns), checked when built and again when read back.

use chrono::{DateTime, FixedOffset};
use myo_scenario::{EventSpec, Kind};
use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::{take_ids, Result, Store, StoreError};

/// An event to write: when, and what (checked against the event contract on construction).
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub at: DateTime<FixedOffset>,
    pub event: EventSpec,
}

impl NewEvent {
    /// From the spec's shape: `{"at": RFC 3339, "kind": …, fields…}` (the API's, an export's).
    pub fn from_json(value: &Value) -> Result<NewEvent> {
        let Value::Object(map) = value else {
            return Err(StoreError::Invalid("an event must be a JSON object".into()));
        };
        let mut fields = map.clone();
        let at = match fields.remove("at") {
            Some(Value::String(s)) => DateTime::parse_from_rfc3339(&s).map_err(|_| {
                StoreError::field("at", format!("at: \"{s}\" is not an RFC 3339 timestamp"))
            })?,
            Some(other) => {
                return Err(StoreError::field(
                    "at",
                    format!("at: {other} is not an RFC 3339 timestamp"),
                ))
            }
            None => return Err(StoreError::field("at", "missing field `at`")),
        };
        let event = EventSpec::from_json(&Value::Object(fields))?;
        Ok(NewEvent { at, event })
    }

    /// The event's kind.
    pub fn kind(&self) -> Kind {
        self.event.kind()
    }

    /// The spec's shape.
    pub fn to_json(&self) -> Value {
        let mut map = Map::new();
        map.insert("at".into(), Value::String(format_at(&self.at)));
        map.insert("kind".into(), Value::String(self.kind().name().into()));
        map.extend(self.event.fields());
        Value::Object(map)
    }
}

/// How far from now an event may lie: a log is simulated hourly from its first event, so a
/// stray year (0047 for 2047) would cost centuries of stepping on every question.
const MAX_PAST_MS: i64 = 20 * 365 * 24 * 3_600_000;
const MAX_FUTURE_MS: i64 = 366 * 24 * 3_600_000;

/// Whether `at_ms` lies where the store accepts events: at most 20 years before `now_ms` and
/// a year after it.
pub fn in_time_window(at_ms: i64, now_ms: i64) -> bool {
    at_ms >= now_ms - MAX_PAST_MS && at_ms <= now_ms + MAX_FUTURE_MS
}

/// The most events one write may carry (an imported file, one API call): a larger file is
/// split into several. Each event is simulated on every question about the log.
pub const MAX_EVENTS_PER_BATCH: usize = 10_000;

/// The most events an athlete's log may hold on one day (UTC): a day of training, meals,
/// sleep, treatments and reports is a few dozen; thousands would only slow every answer.
pub const MAX_EVENTS_PER_DAY: i64 = 200;

const DAY_MS: i64 = 24 * 3_600_000;

/// Refuses a batch that would put more than [`MAX_EVENTS_PER_DAY`] events on one day.
async fn check_per_day(
    conn: &mut sqlx::AnyConnection,
    athlete_id: i64,
    events: &[NewEvent],
) -> Result<()> {
    let mut days: std::collections::BTreeMap<i64, i64> = std::collections::BTreeMap::new();
    for e in events {
        *days
            .entry(e.at.timestamp_millis().div_euclid(DAY_MS))
            .or_default() += 1;
    }
    let (Some(first), Some(last)) = (days.keys().next().copied(), days.keys().last().copied())
    else {
        return Ok(());
    };
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT at_ms FROM events WHERE athlete_id = $1 AND at_ms >= $2 AND at_ms < $3",
    )
    .bind(athlete_id)
    .bind(first * DAY_MS)
    .bind((last + 1) * DAY_MS)
    .fetch_all(&mut *conn)
    .await?;
    for (at_ms,) in rows {
        if let Some(n) = days.get_mut(&at_ms.div_euclid(DAY_MS)) {
            *n += 1;
        }
    }
    if let Some((day, n)) = days.iter().find(|(_, n)| **n > MAX_EVENTS_PER_DAY) {
        let date = chrono::DateTime::from_timestamp_millis(day * DAY_MS)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        return Err(StoreError::field(
            "at",
            format!(
                "{date} would hold {n} events: a day holds at most {MAX_EVENTS_PER_DAY} \
                 (MAX_EVENTS_PER_DAY)"
            ),
        ));
    }
    Ok(())
}

fn check_times(events: &[NewEvent], now_ms: i64) -> Result<()> {
    if events.len() > MAX_EVENTS_PER_BATCH {
        return Err(StoreError::Invalid(format!(
            "events: {} in one write; at most {MAX_EVENTS_PER_BATCH} (MAX_EVENTS_PER_BATCH): \
             split the file",
            events.len()
        )));
    }
    for (k, e) in events.iter().enumerate() {
        // Typed events can be built with values the contract refuses: check them all.
        e.event.check()?;
        let at = e.at.timestamp_millis();
        if !in_time_window(at, now_ms) {
            let which = if events.len() > 1 {
                format!("event {}: ", k + 1)
            } else {
                String::new()
            };
            return Err(StoreError::field(
                "at",
                format!(
                    "{which}at: {} is more than 20 years before or a year after now",
                    format_at(&e.at)
                ),
            ));
        }
    }
    Ok(())
}

pub use myo_scenario::write::format_at;

/// A stored event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredEvent {
    pub id: i64,
    pub athlete_id: i64,
    #[serde(serialize_with = "ser_at")]
    pub at: DateTime<FixedOffset>,
    #[serde(flatten, serialize_with = "ser_event")]
    pub event: EventSpec,
    /// Content hash of the imported file it came from, if any.
    pub source: Option<String>,
    pub created_ms: i64,
    pub updated_ms: i64,
}

/// `kind` and `fields`, as the log's JSON has always had them.
fn ser_event<S: serde::Serializer>(e: &EventSpec, s: S) -> std::result::Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(2))?;
    m.serialize_entry("kind", e.kind().name())?;
    m.serialize_entry("fields", &e.fields())?;
    m.end()
}

fn ser_at<S: serde::Serializer>(
    at: &DateTime<FixedOffset>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    s.serialize_str(&format_at(at))
}

impl StoredEvent {
    /// The event's kind.
    pub fn kind(&self) -> Kind {
        self.event.kind()
    }

    pub fn to_new(&self) -> NewEvent {
        NewEvent {
            at: self.at,
            event: self.event.clone(),
        }
    }

    /// The spec's shape.
    pub fn to_json(&self) -> Value {
        self.to_new().to_json()
    }
}

/// Where a batch came from: the content hash of the file and a name for people.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Source {
    pub hash: String,
    pub name: String,
}

/// What a batch did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum BatchOutcome {
    /// The events were written, with these ids.
    Added(Vec<i64>),
    /// This source was imported before for this athlete; nothing was written.
    AlreadyImported { imported_ms: i64, events: i64 },
}

/// Which events to list.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub athlete_id: Option<i64>,
    pub kinds: Vec<Kind>,
    /// Inclusive lower bound, ms since the epoch.
    pub from_ms: Option<i64>,
    /// Exclusive upper bound, ms since the epoch.
    pub until_ms: Option<i64>,
    /// The most recent `limit` events (still returned in time order).
    pub limit: Option<i64>,
}

pub(crate) const EVENT_COLUMNS: &str =
    "id, athlete_id, at, at_ms, kind, fields, source, created_ms, updated_ms";

pub(crate) fn event_from_row(row: &AnyRow) -> Result<StoredEvent> {
    let id: i64 = row.try_get("id")?;
    let at: String = row.try_get("at")?;
    let fields: String = row.try_get("fields")?;
    let kind: String = row.try_get("kind")?;
    let corrupt = |what: String| StoreError::Migrate(format!("event {id}: {what}"));
    let mut map: Map<String, Value> =
        serde_json::from_str(&fields).map_err(|e| corrupt(format!("fields: {e}")))?;
    map.insert("kind".into(), Value::String(kind));
    Ok(StoredEvent {
        id,
        athlete_id: row.try_get("athlete_id")?,
        at: DateTime::parse_from_rfc3339(&at).map_err(|e| corrupt(format!("at: {e}")))?,
        event: EventSpec::from_json(&Value::Object(map))
            .map_err(|e| corrupt(format!("fields: {e}")))?,
        source: row.try_get("source")?,
        created_ms: row.try_get("created_ms")?,
        updated_ms: row.try_get("updated_ms")?,
    })
}

/// How far before a changed event the model state may already differ: a logged night cancels
/// the default one from 23:00 the evening before (up to 13 h earlier); a day's training sets
/// that day's default meals. Checkpoints from here on are dropped.
pub const INVALIDATE_BEFORE_MS: i64 = 36 * 3_600_000;

pub(crate) async fn insert_event(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    athlete_id: i64,
    event: &NewEvent,
    source: Option<&str>,
    created_ms: i64,
    updated_ms: i64,
) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO events ({EVENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
    ))
    .bind(id)
    .bind(athlete_id)
    .bind(format_at(&event.at))
    .bind(event.at.timestamp_millis())
    .bind(event.kind().name().to_string())
    .bind(Value::Object(event.event.fields()).to_string())
    .bind(source.map(str::to_string))
    .bind(created_ms)
    .bind(updated_ms)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Marks the athlete's log changed from `from_ms` on: bumps the revision and drops checkpoints.
pub(crate) async fn touch(
    conn: &mut sqlx::AnyConnection,
    athlete_id: i64,
    from_ms: i64,
) -> Result<()> {
    sqlx::query("UPDATE athletes SET revision = revision + 1 WHERE id = $1")
        .bind(athlete_id)
        .execute(&mut *conn)
        .await?;
    for table in crate::checkpoints::STATE_TABLES {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE athlete_id = $1 AND at_ms >= $2"
        ))
        .bind(athlete_id)
        .bind(from_ms - INVALIDATE_BEFORE_MS)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

impl Store {
    /// Validates and writes one event.
    pub async fn add_event(
        &self,
        athlete_id: i64,
        event: &NewEvent,
        now_ms: i64,
    ) -> Result<StoredEvent> {
        match self
            .add_batch(athlete_id, None, std::slice::from_ref(event), now_ms)
            .await?
        {
            BatchOutcome::Added(ids) => self.event(ids[0]).await,
            BatchOutcome::AlreadyImported { .. } => unreachable!("no source given"),
        }
    }

    /// Validates and writes events for one athlete in one transaction: all or nothing. With a
    /// source, a hash already imported for this athlete writes nothing.
    pub async fn add_batch(
        &self,
        athlete_id: i64,
        source: Option<&Source>,
        events: &[NewEvent],
        now_ms: i64,
    ) -> Result<BatchOutcome> {
        self.athlete_by_id(athlete_id).await?;
        check_times(events, now_ms)?;
        let mut tx = self.write().await?;
        if let Some(src) = source {
            let seen: Option<(i64, i64)> = sqlx::query_as(
                "SELECT imported_ms, events FROM sources WHERE athlete_id = $1 AND hash = $2",
            )
            .bind(athlete_id)
            .bind(src.hash.clone())
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((imported_ms, events)) = seen {
                return Ok(BatchOutcome::AlreadyImported {
                    imported_ms,
                    events,
                });
            }
            sqlx::query(
                "INSERT INTO sources (athlete_id, hash, name, events, imported_ms) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(athlete_id)
            .bind(src.hash.clone())
            .bind(src.name.clone())
            .bind(events.len() as i64)
            .bind(now_ms)
            .execute(&mut *tx)
            .await?;
        }
        if events.is_empty() {
            tx.commit().await?;
            return Ok(BatchOutcome::Added(Vec::new()));
        }
        check_per_day(&mut tx, athlete_id, events).await?;
        let first_id = take_ids(&mut tx, "event", events.len() as i64).await?;
        let mut ids = Vec::with_capacity(events.len());
        for (k, event) in events.iter().enumerate() {
            let id = first_id + k as i64;
            insert_event(
                &mut tx,
                id,
                athlete_id,
                event,
                source.map(|s| s.hash.as_str()),
                now_ms,
                now_ms,
            )
            .await?;
            ids.push(id);
        }
        let earliest = events
            .iter()
            .map(|e| e.at.timestamp_millis())
            .min()
            .expect("non-empty");
        touch(&mut tx, athlete_id, earliest).await?;
        tx.commit().await?;
        Ok(BatchOutcome::Added(ids))
    }

    /// One event by id.
    pub async fn event(&self, id: i64) -> Result<StoredEvent> {
        let row = sqlx::query(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::UnknownEvent(id))?;
        event_from_row(&row)
    }

    /// Replaces an event's time, kind and fields (validated); keeps id, athlete and created.
    pub async fn update_event(
        &self,
        id: i64,
        event: &NewEvent,
        now_ms: i64,
    ) -> Result<StoredEvent> {
        let old = self.event(id).await?;
        check_times(std::slice::from_ref(event), now_ms)?;
        let mut tx = self.write().await?;
        let changed = sqlx::query(
            "UPDATE events SET at = $1, at_ms = $2, kind = $3, fields = $4, updated_ms = $5 WHERE id = $6",
        )
        .bind(format_at(&event.at))
        .bind(event.at.timestamp_millis())
        .bind(event.kind().name().to_string())
        .bind(Value::Object(event.event.fields()).to_string())
        .bind(now_ms)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::UnknownEvent(id));
        }
        let from = old.at.timestamp_millis().min(event.at.timestamp_millis());
        touch(&mut tx, old.athlete_id, from).await?;
        tx.commit().await?;
        self.event(id).await
    }

    /// Deletes events by id, all or none: an unknown id deletes nothing.
    pub async fn delete_events(&self, ids: &[i64]) -> Result<Vec<StoredEvent>> {
        let mut tx = self.write().await?;
        let mut gone = Vec::new();
        for &id in ids {
            let row = sqlx::query(&format!("SELECT {EVENT_COLUMNS} FROM events WHERE id = $1"))
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::UnknownEvent(id))?;
            let event = event_from_row(&row)?;
            sqlx::query("DELETE FROM events WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
            touch(&mut tx, event.athlete_id, event.at.timestamp_millis()).await?;
            gone.push(event);
        }
        tx.commit().await?;
        Ok(gone)
    }

    /// Events matching `filter`, in time order (ties by id).
    pub async fn events(&self, filter: &EventFilter) -> Result<Vec<StoredEvent>> {
        let mut sql = format!("SELECT {EVENT_COLUMNS} FROM events WHERE 1 = 1");
        let mut n = 0;
        let mut next = || {
            n += 1;
            format!("${n}")
        };
        if filter.athlete_id.is_some() {
            sql += &format!(" AND athlete_id = {}", next());
        }
        if !filter.kinds.is_empty() {
            let marks: Vec<String> = filter.kinds.iter().map(|_| next()).collect();
            sql += &format!(" AND kind IN ({})", marks.join(", "));
        }
        if filter.from_ms.is_some() {
            sql += &format!(" AND at_ms >= {}", next());
        }
        if filter.until_ms.is_some() {
            sql += &format!(" AND at_ms < {}", next());
        }
        let limited = filter.limit.is_some();
        if limited {
            sql += &format!(" ORDER BY at_ms DESC, id DESC LIMIT {}", next());
        } else {
            sql += " ORDER BY at_ms, id";
        }
        let mut query = sqlx::query(&sql);
        if let Some(a) = filter.athlete_id {
            query = query.bind(a);
        }
        for k in &filter.kinds {
            query = query.bind(k.name().to_string());
        }
        if let Some(f) = filter.from_ms {
            query = query.bind(f);
        }
        if let Some(u) = filter.until_ms {
            query = query.bind(u);
        }
        if let Some(l) = filter.limit {
            query = query.bind(l);
        }
        let rows = query.fetch_all(&self.pool).await?;
        let mut events = rows
            .iter()
            .map(event_from_row)
            .collect::<Result<Vec<_>>>()?;
        if limited {
            events.reverse();
        }
        Ok(events)
    }

    /// When a source was imported for this athlete and how many events it gave, if it was.
    pub async fn source_imported(
        &self,
        athlete_id: i64,
        hash: &str,
    ) -> Result<Option<crate::Earlier>> {
        let row: Option<(String, i64, i64)> = sqlx::query_as(
            "SELECT name, imported_ms, events FROM sources WHERE athlete_id = $1 AND hash = $2",
        )
        .bind(athlete_id)
        .bind(hash.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(name, imported_ms, events)| crate::Earlier {
            name,
            imported_ms,
            events,
        }))
    }

    /// An athlete's activity for a coach: the time of the last event not after `until_ms`, and
    /// the times of the events in `[since_ms, until_ms]` (ms since the epoch).
    pub async fn recent_activity(
        &self,
        athlete_id: i64,
        since_ms: i64,
        until_ms: i64,
    ) -> Result<(Option<i64>, Vec<i64>)> {
        let (last,): (Option<i64>,) =
            sqlx::query_as("SELECT MAX(at_ms) FROM events WHERE athlete_id = $1 AND at_ms <= $2")
                .bind(athlete_id)
                .bind(until_ms)
                .fetch_one(&self.pool)
                .await?;
        let recent: Vec<(i64,)> = sqlx::query_as(
            "SELECT at_ms FROM events WHERE athlete_id = $1 AND at_ms >= $2 AND at_ms <= $3",
        )
        .bind(athlete_id)
        .bind(since_ms)
        .bind(until_ms)
        .fetch_all(&self.pool)
        .await?;
        Ok((last, recent.into_iter().map(|(t,)| t).collect()))
    }

    /// The athlete's first event time, ms since the epoch.
    pub async fn first_event_ms(&self, athlete_id: i64) -> Result<Option<i64>> {
        let (first,): (Option<i64>,) =
            sqlx::query_as("SELECT MIN(at_ms) FROM events WHERE athlete_id = $1")
                .bind(athlete_id)
                .fetch_one(&self.pool)
                .await?;
        Ok(first)
    }

    /// Number of events of an athlete (all athletes when `None`).
    pub async fn count_events(&self, athlete_id: Option<i64>) -> Result<i64> {
        let (n,): (i64,) = match athlete_id {
            Some(a) => {
                sqlx::query_as("SELECT COUNT(*) FROM events WHERE athlete_id = $1")
                    .bind(a)
                    .fetch_one(&self.pool)
                    .await?
            }
            None => {
                sqlx::query_as("SELECT COUNT(*) FROM events")
                    .fetch_one(&self.pool)
                    .await?
            }
        };
        Ok(n)
    }
}
