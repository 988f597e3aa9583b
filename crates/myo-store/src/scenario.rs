//! A log as a scenario: the athlete and the typed events turned into the model's input by
//! `myo_scenario::Scenario::from_log`, with no text in between; and the same log as a scenario
//! file (`myo export --format scenario`), which `myo simulate` reads to the same answers.
//!
//! The scenario starts at local noon (in the athlete's zone) of the day before the first event:
//! the model's hourly grid and the checkpoints' days count from there.

use chrono::{DateTime, Duration, FixedOffset, NaiveTime};
use myo_scenario::write::ScenarioFile;
use myo_scenario::{AthleteSpec, Scenario};

use crate::{NewEvent, Profile, Result, StoreError};

/// Where a log's scenario starts: local noon (in the athlete's zone) of the day before the day
/// that contains `at`, so the first night is a whole default night and the athlete starts
/// rested (awake since 07:00). Local midnights are on the model's hourly grid from here (an
/// hour earlier or later after a clock change).
pub fn origin_for(profile: &Profile, at: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>> {
    let zone = profile.time_zone;
    let noon = (zone.local(at).date_naive() - Duration::days(1))
        .and_time(NaiveTime::from_hms_opt(12, 0, 0).expect("valid"));
    Ok(zone.at_local(noon))
}

/// Hours from `origin` to `at`, as the scenario parser computes them.
pub fn hours_since(origin: DateTime<FixedOffset>, at: DateTime<FixedOffset>) -> f64 {
    (at - origin).num_milliseconds() as f64 / 3_600_000.0
}

/// `origin + hours`, to the millisecond.
pub fn at_hours(origin: DateTime<FixedOffset>, hours: f64) -> DateTime<FixedOffset> {
    origin + Duration::milliseconds((hours * 3.6e6).round() as i64)
}

impl Profile {
    /// The spec's athlete, checked against the registry.
    pub fn athlete_spec(&self) -> Result<AthleteSpec> {
        let mut v = serde_json::json!({
            "sex": self.sex,
            "age": self.age,
            "body_mass_kg": self.body_mass_kg,
            "training_status": self.training_status,
            "conditions": self.conditions,
        });
        if let Some(x) = self.max_hr {
            v["max_hr"] = x.into();
        }
        if let Some(x) = self.resting_hr {
            v["resting_hr"] = x.into();
        }
        Ok(AthleteSpec::from_json(&v)?)
    }
}

/// Checks a profile's athlete fields against the contract (ranges; the types hold the rest).
pub fn validate_profile(profile: &Profile) -> Result<()> {
    profile.athlete_spec().map(|_| ())
}

/// The events in the order the model applies them: by time, ties in the order given (ids).
fn in_order<'a>(events: impl IntoIterator<Item = &'a NewEvent>) -> Vec<&'a NewEvent> {
    let mut list: Vec<&NewEvent> = events.into_iter().collect();
    list.sort_by_key(|e| e.at.timestamp_millis());
    list
}

/// A profile and events as a scenario starting at `origin`, reporting at `at` (every group when
/// `all_groups`, else the groups with load).
pub fn scenario_of<'a>(
    profile: &Profile,
    origin: DateTime<FixedOffset>,
    events: impl IntoIterator<Item = &'a NewEvent>,
    at: &[DateTime<FixedOffset>],
    all_groups: bool,
) -> Result<Scenario> {
    let athlete = profile.athlete_spec()?;
    let timed: Vec<(f64, &myo_scenario::EventSpec)> = in_order(events)
        .into_iter()
        .map(|e| (hours_since(origin, e.at), &e.event))
        .collect();
    let times: Vec<f64> = at.iter().map(|t| hours_since(origin, *t)).collect();
    let muscles = all_groups.then(|| myo_model::MuscleGroup::ALL.to_vec());
    Scenario::from_log(origin, profile.time_zone, &athlete, &timed, times, muscles)
        .map_err(|e| StoreError::Invalid(e.message))
}

/// A profile and events as scenario TOML (for `myo export --format scenario`), reporting every
/// group at `at`.
pub fn scenario_file<'a>(
    profile: &Profile,
    origin: DateTime<FixedOffset>,
    events: impl IntoIterator<Item = &'a NewEvent>,
    at: &[DateTime<FixedOffset>],
) -> Result<String> {
    let athlete = profile.athlete_spec()?;
    Ok(ScenarioFile {
        start: origin,
        zone: profile.time_zone,
        athlete: &athlete,
        events: in_order(events)
            .into_iter()
            .map(|e| (e.at, &e.event))
            .collect(),
        query_at: at.to_vec(),
        query_muscles: myo_model::MuscleGroup::ALL.to_vec(),
    }
    .to_toml())
}

/// An athlete's stored events and the origin of their scenario (`fallback_start` when the log
/// is empty).
pub async fn log_events(
    store: &crate::Store,
    athlete: &crate::Athlete,
    fallback_start: DateTime<FixedOffset>,
) -> Result<(Vec<NewEvent>, DateTime<FixedOffset>)> {
    let stored = store
        .events(&crate::EventFilter {
            athlete_id: Some(athlete.id),
            ..crate::EventFilter::default()
        })
        .await?;
    let events: Vec<NewEvent> = stored.iter().map(|e| e.to_new()).collect();
    let first = events.iter().map(|e| e.at).min().unwrap_or(fallback_start);
    Ok((events, origin_for(&athlete.profile, first)?))
}

/// An athlete's whole log (plus `extra` events) as a scenario starting at local noon of the
/// day before the first event (`fallback_start` when there is none), reporting every group at
/// `at`; and the scenario's origin. Ties keep the store's order (ids), as the model applies them.
pub async fn log_scenario(
    store: &crate::Store,
    athlete: &crate::Athlete,
    extra: &[NewEvent],
    at: &[DateTime<FixedOffset>],
    fallback_start: DateTime<FixedOffset>,
) -> Result<(Scenario, DateTime<FixedOffset>)> {
    let (mut events, _) = log_events(store, athlete, fallback_start).await?;
    events.extend(extra.iter().cloned());
    let first = events.iter().map(|e| e.at).min().unwrap_or(fallback_start);
    let origin = origin_for(&athlete.profile, first)?;
    let mut scenario = scenario_of(&athlete.profile, origin, &events, at, true)?;
    scenario.personal_from_h = athlete
        .personal_from_ms
        .map(|ms| (ms - origin.timestamp_millis()) as f64 / 3.6e6);
    Ok((scenario, origin))
}
