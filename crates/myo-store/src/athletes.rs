//! Athletes: the scenario spec's profile fields under a unique name, one of them the default.

use myo_model::{Condition, Sex, TrainingStatus};
use myo_scenario::Zone;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::{scenario, take_ids, Result, Store, StoreError};

/// The spec's `[athlete]` fields, plus the athlete's time zone (their local days).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    pub sex: Sex,
    pub age: f64,
    pub body_mass_kg: f64,
    pub training_status: TrainingStatus,
    /// Left out when unknown (never `null`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub max_hr: Option<f64>,
    /// Left out when unknown (never `null`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = f64))]
    pub resting_hr: Option<f64>,
    /// Always written; may be missing on input.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required))]
    pub conditions: Vec<Condition>,
    /// `Europe/Oslo` (daylight-saving time included) or a fixed offset such as `+01:00`: where
    /// the athlete's days start and end (default sleep at 23:00 local). Read also as
    /// `utc_offset`, its name before time zones were kept.
    #[serde(alias = "utc_offset")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "Europe/Oslo"))]
    pub time_zone: Zone,
}

impl Profile {
    /// A plausible profile, for examples and tests.
    pub fn example() -> Profile {
        Profile {
            sex: Sex::Female,
            age: 30.0,
            body_mass_kg: 62.0,
            training_status: TrainingStatus::Recreational,
            max_hr: None,
            resting_hr: None,
            conditions: Vec::new(),
            time_zone: Zone::UTC,
        }
    }
}

/// A stored athlete.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Athlete {
    pub id: i64,
    pub name: String,
    #[serde(flatten)]
    pub profile: Profile,
    pub default: bool,
    /// Incremented by every change to the athlete's events (guards the checkpoint cache).
    pub revision: i64,
    /// When the athlete last asked myo to forget what it learned (ms since the epoch): the
    /// personal model learns from the reports dated from then on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub personal_from_ms: Option<i64>,
    pub created_ms: i64,
    pub updated_ms: i64,
}

pub(crate) const COLUMNS: &str =
    "id, name, sex, age, body_mass_kg, training_status, max_hr, resting_hr, \
     conditions, time_zone, revision, created_ms, updated_ms";

/// [`COLUMNS`] and those written after the insert.
pub(crate) const READ_COLUMNS: &str = "id, name, sex, age, body_mass_kg, training_status, max_hr, \
     resting_hr, conditions, time_zone, revision, created_ms, updated_ms, personal_from_ms";

pub(crate) fn athlete_from_row(row: &AnyRow, default_id: Option<i64>) -> Result<Athlete> {
    let conditions: String = row.try_get("conditions")?;
    let id: i64 = row.try_get("id")?;
    // Written checked; a value the code no longer knows is a damaged or newer database.
    let bad = |column: &str, e: &dyn std::fmt::Display| {
        StoreError::Migrate(format!("athlete {id}: {column}: {e}"))
    };
    let text = |column: &str| row.try_get::<String, _>(column);
    let zone = text("time_zone")?;
    Ok(Athlete {
        id,
        name: row.try_get("name")?,
        profile: Profile {
            sex: Sex::parse(&text("sex")?).map_err(|e| bad("sex", &e))?,
            age: row.try_get("age")?,
            body_mass_kg: row.try_get("body_mass_kg")?,
            training_status: TrainingStatus::parse(&text("training_status")?)
                .map_err(|e| bad("training_status", &e))?,
            max_hr: row.try_get("max_hr")?,
            resting_hr: row.try_get("resting_hr")?,
            conditions: serde_json::from_str(&conditions).map_err(|e| bad("conditions", &e))?,
            time_zone: zone.parse().map_err(|e: String| bad("time_zone", &e))?,
        },
        default: default_id == Some(id),
        revision: row.try_get("revision")?,
        personal_from_ms: row.try_get("personal_from_ms")?,
        created_ms: row.try_get("created_ms")?,
        updated_ms: row.try_get("updated_ms")?,
    })
}

/// Names are what people type after `--athlete`: short, no control characters.
pub fn check_name(name: &str) -> Result<()> {
    let ok = !name.trim().is_empty()
        && name.len() <= 64
        && name.trim() == name
        && !name.chars().any(char::is_control);
    if ok {
        Ok(())
    } else {
        Err(StoreError::Invalid(format!(
            "athlete name \"{}\": use 1 to 64 visible characters without leading or trailing spaces",
            name.escape_debug()
        )))
    }
}

impl Store {
    pub(crate) async fn default_athlete_id(
        &self,
        conn: &mut sqlx::AnyConnection,
    ) -> Result<Option<i64>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT value FROM settings WHERE key = 'default_athlete'")
                .fetch_optional(&mut *conn)
                .await?;
        Ok(row.and_then(|(v,)| v.parse().ok()))
    }

    async fn set_default_in(&self, conn: &mut sqlx::AnyConnection, id: i64) -> Result<()> {
        sqlx::query("DELETE FROM settings WHERE key = 'default_athlete'")
            .execute(&mut *conn)
            .await?;
        sqlx::query("INSERT INTO settings (key, value) VALUES ('default_athlete', $1)")
            .bind(id.to_string())
            .execute(&mut *conn)
            .await?;
        Ok(())
    }

    /// Adds an athlete; the first one (or any with `make_default`) becomes the default.
    pub async fn add_athlete(
        &self,
        name: &str,
        profile: &Profile,
        make_default: bool,
        now_ms: i64,
    ) -> Result<Athlete> {
        check_name(name)?;
        scenario::validate_profile(profile)?;
        let mut tx = self.write().await?;
        let exists: Option<(i64,)> = sqlx::query_as("SELECT id FROM athletes WHERE name = $1")
            .bind(name.to_string())
            .fetch_optional(&mut *tx)
            .await?;
        if exists.is_some() {
            return Err(StoreError::AthleteExists(name.to_string()));
        }
        let id = take_ids(&mut tx, "athlete", 1).await?;
        insert_athlete(&mut tx, id, name, profile, 0, now_ms, now_ms).await?;
        let default = self.default_athlete_id(&mut tx).await?;
        if make_default || default.is_none() {
            self.set_default_in(&mut tx, id).await?;
        }
        tx.commit().await?;
        self.athlete_by_id(id).await
    }

    /// Every athlete, by name.
    pub async fn athletes(&self) -> Result<Vec<Athlete>> {
        let mut conn = self.pool.acquire().await?;
        let default = self.default_athlete_id(&mut conn).await?;
        let rows = sqlx::query(&format!(
            "SELECT {READ_COLUMNS} FROM athletes ORDER BY name"
        ))
        .fetch_all(&mut *conn)
        .await?;
        rows.iter().map(|r| athlete_from_row(r, default)).collect()
    }

    pub async fn athlete_by_id(&self, id: i64) -> Result<Athlete> {
        let mut conn = self.pool.acquire().await?;
        let default = self.default_athlete_id(&mut conn).await?;
        let row = sqlx::query(&format!(
            "SELECT {READ_COLUMNS} FROM athletes WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::unknown_athlete_id(id))?;
        athlete_from_row(&row, default)
    }

    /// The athlete named, or the default one; an unknown name suggests the nearest.
    pub async fn athlete(&self, name: Option<&str>) -> Result<Athlete> {
        let all = self.athletes().await?;
        if all.is_empty() {
            return match name {
                Some(n) => Err(StoreError::UnknownAthlete {
                    name: n.to_string(),
                    hint: " (there are no athletes yet: `myo athlete add`)".into(),
                }),
                None => Err(StoreError::NoAthlete),
            };
        }
        match name {
            Some(n) => {
                if let Some(a) = all.iter().find(|a| a.name == n) {
                    return Ok(a.clone());
                }
                let names: Vec<&str> = all.iter().map(|a| a.name.as_str()).collect();
                let hint = match myo_model::muscle::nearest(n, names.iter().copied()) {
                    Some(s) => format!(" (did you mean \"{s}\"?)"),
                    None => format!(" (athletes: {})", names.join(", ")),
                };
                Err(StoreError::UnknownAthlete {
                    name: n.to_string(),
                    hint,
                })
            }
            None => {
                if let Some(a) = all.iter().find(|a| a.default) {
                    return Ok(a.clone());
                }
                if all.len() == 1 {
                    return Ok(all[0].clone());
                }
                let names: Vec<&str> = all.iter().map(|a| a.name.as_str()).collect();
                Err(StoreError::NoDefaultAthlete(names.join(", ")))
            }
        }
    }

    /// Replaces an athlete's name and profile; optionally makes it the default. A profile
    /// change invalidates every checkpoint of the athlete.
    pub async fn update_athlete(
        &self,
        id: i64,
        name: &str,
        profile: &Profile,
        make_default: bool,
        now_ms: i64,
    ) -> Result<Athlete> {
        check_name(name)?;
        scenario::validate_profile(profile)?;
        let mut tx = self.write().await?;
        let clash: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM athletes WHERE name = $1 AND id <> $2")
                .bind(name.to_string())
                .bind(id)
                .fetch_optional(&mut *tx)
                .await?;
        if clash.is_some() {
            return Err(StoreError::AthleteExists(name.to_string()));
        }
        let changed = sqlx::query(
            "UPDATE athletes SET name = $1, sex = $2, age = $3, body_mass_kg = $4, \
             training_status = $5, max_hr = $6, resting_hr = $7, conditions = $8, time_zone = $9, \
             revision = revision + 1, updated_ms = $10 WHERE id = $11",
        )
        .bind(name.to_string())
        .bind(profile.sex.name().to_string())
        .bind(profile.age)
        .bind(profile.body_mass_kg)
        .bind(profile.training_status.name().to_string())
        .bind(profile.max_hr)
        .bind(profile.resting_hr)
        .bind(serde_json::to_string(&profile.conditions).expect("strings serialise"))
        .bind(profile.time_zone.to_string())
        .bind(now_ms)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::unknown_athlete_id(id));
        }
        for table in crate::checkpoints::STATE_TABLES {
            sqlx::query(&format!("DELETE FROM {table} WHERE athlete_id = $1"))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        if make_default {
            self.set_default_in(&mut tx, id).await?;
        }
        tx.commit().await?;
        self.athlete_by_id(id).await
    }

    /// Forgets what the personal model learned about an athlete: from `now_ms` on it learns
    /// again from the population's values (`None`: learn from every report again). The kept
    /// personal states go; the log is untouched.
    pub async fn set_personal_from(
        &self,
        id: i64,
        from_ms: Option<i64>,
        now_ms: i64,
    ) -> Result<Athlete> {
        let mut tx = self.write().await?;
        let changed = sqlx::query(
            "UPDATE athletes SET personal_from_ms = $1, revision = revision + 1, updated_ms = $2 \
             WHERE id = $3",
        )
        .bind(from_ms)
        .bind(now_ms)
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::unknown_athlete_id(id));
        }
        sqlx::query("DELETE FROM personal_states WHERE athlete_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.athlete_by_id(id).await
    }

    /// Removes an athlete with every event, source and checkpoint; returns the events removed.
    pub async fn remove_athlete(&self, id: i64) -> Result<u64> {
        let mut tx = self.write().await?;
        let mut removed = 0;
        for table in ["checkpoints", "personal_states", "sources", "events"] {
            let n = sqlx::query(&format!("DELETE FROM {table} WHERE athlete_id = $1"))
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if table == "events" {
                removed = n;
            }
        }
        let gone = sqlx::query("DELETE FROM athletes WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if gone == 0 {
            return Err(StoreError::unknown_athlete_id(id));
        }
        if self.default_athlete_id(&mut tx).await? == Some(id) {
            sqlx::query("DELETE FROM settings WHERE key = 'default_athlete'")
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(removed)
    }
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn insert_athlete(
    conn: &mut sqlx::AnyConnection,
    id: i64,
    name: &str,
    profile: &Profile,
    revision: i64,
    created_ms: i64,
    updated_ms: i64,
) -> Result<()> {
    sqlx::query(&format!(
        "INSERT INTO athletes ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    ))
    .bind(id)
    .bind(name.to_string())
    .bind(profile.sex.name().to_string())
    .bind(profile.age)
    .bind(profile.body_mass_kg)
    .bind(profile.training_status.name().to_string())
    .bind(profile.max_hr)
    .bind(profile.resting_hr)
    .bind(serde_json::to_string(&profile.conditions).expect("strings serialise"))
    .bind(profile.time_zone.to_string())
    .bind(revision)
    .bind(created_ms)
    .bind(updated_ms)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
