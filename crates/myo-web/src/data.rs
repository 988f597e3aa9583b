//! An athlete's state as the pages and the API show it: the log as a scenario (the CLI's
//! path: `myo_store::scenario::log_text` → `myo_app`), the day plan, the state now and
//! timelines. Simulation runs off the async threads; results are cached per athlete, log
//! revision and minute, so repeated views cost a map look-up.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset};
use myo_advisor::DayPlan;
use myo_app::log::Status;
use myo_store::{Athlete, Store};
use serde::Serialize;

use crate::error::WebError;

/// Hours of history and of forecast in the timelines, and their step.
pub const PAST_H: f64 = 7.0 * 24.0;
pub const FUTURE_H: f64 = 3.0 * 24.0;
pub const STEP_H: f64 = 3.0;

/// Everything a dashboard shows.
pub struct Dashboard {
    pub athlete: Athlete,
    pub now: DateTime<FixedOffset>,
    pub plan: DayPlan,
    /// The state every `STEP_H` from `PAST_H` before now to `FUTURE_H` after; `now_index` is
    /// the point at now.
    pub timeline: Status,
    pub now_index: usize,
    pub events: usize,
}

/// The readiness forecast of the coming days: per group the readiness at each time, when it
/// will be ready, and the 10–50–90% range of that time over the between-person ensemble.
#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    pub athlete_id: i64,
    pub from: String,
    pub days: u32,
    pub step_h: f64,
    pub times: Vec<String>,
    /// Whole-body readiness (0–100) at each time.
    pub whole_body: Vec<f64>,
    pub groups: BTreeMap<&'static str, GroupForecast>,
    pub ensemble: myo_advisor::forecast::Ensemble,
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupForecast {
    /// Readiness (0–100) at each of `times`.
    pub readiness: Vec<f64>,
    pub ready_at: myo_app::simulate::ReadyAt,
    /// `null` where the ensemble gives no range.
    pub ready_range: Option<myo_app::simulate::ReadyRangeStamps>,
}

/// Forecast days allowed, and the step of its times.
pub const FORECAST_DAYS: std::ops::RangeInclusive<u32> = 1..=14;
pub const FORECAST_STEP_H: f64 = 6.0;

/// (athlete id, log revision, minute).
type Key = (i64, i64, i64);
type Map<T, K = Key> = Mutex<HashMap<K, Arc<T>>>;

#[derive(Default)]
pub struct Cache {
    dashboards: Map<Dashboard>,
    statuses: Map<Status>,
    forecasts: Map<Forecast, (Key, u32)>,
}

const CACHE_MAX: usize = 4096;

fn get<T, K: std::hash::Hash + Eq>(map: &Map<T, K>, key: K) -> Option<Arc<T>> {
    map.lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
        .cloned()
}

fn put<T, K: std::hash::Hash + Eq>(map: &Map<T, K>, key: K, value: Arc<T>) {
    let mut m = map.lock().unwrap_or_else(|e| e.into_inner());
    if m.len() >= CACHE_MAX {
        m.clear();
    }
    m.insert(key, value);
}

async fn scenario(
    store: &Store,
    athlete: &Athlete,
    now: DateTime<FixedOffset>,
) -> Result<(myo_scenario::Scenario, f64, usize), WebError> {
    let (text, origin) = myo_store::scenario::log_text(store, athlete, &[], &[now], now).await?;
    let events = text.matches("[[event]]").count();
    let scenario = tokio::task::spawn_blocking(move || myo_store::scenario::parse(&text, false))
        .await
        .map_err(|e| WebError::Internal(e.to_string()))??;
    Ok((
        scenario,
        myo_store::scenario::hours_since(origin, now),
        events,
    ))
}

fn local_now(athlete: &Athlete, now_ms: i64) -> Result<DateTime<FixedOffset>, WebError> {
    let offset = athlete.profile.offset()?;
    let utc = DateTime::from_timestamp_millis(now_ms)
        .ok_or_else(|| WebError::Internal("clock out of range".into()))?;
    Ok(utc.with_timezone(&offset))
}

impl Cache {
    /// The dashboard of `athlete` at `now_ms`.
    pub async fn dashboard(
        &self,
        store: &Store,
        athlete: &Athlete,
        now_ms: i64,
    ) -> Result<Arc<Dashboard>, WebError> {
        let revision = store.revision(athlete.id).await?;
        let key = (athlete.id, revision, now_ms / 60_000);
        if let Some(d) = get(&self.dashboards, key) {
            return Ok(d);
        }
        let now = local_now(athlete, now_ms)?;
        let (scenario, now_h, events) = scenario(store, athlete, now).await?;
        let athlete = athlete.clone();
        let dashboard = tokio::task::spawn_blocking(move || {
            let plan = myo_app::plan::plan_at(&scenario, now_h, None);
            let first = (now_h - PAST_H).max(0.0);
            let mut times = Vec::new();
            let mut t = now_h - ((now_h - first) / STEP_H).floor() * STEP_H;
            while t <= now_h + FUTURE_H + 1e-9 {
                times.push(t);
                t += STEP_H;
            }
            let now_index = times
                .iter()
                .position(|&t| (t - now_h).abs() < 1e-6)
                .unwrap_or(0);
            let timeline = myo_app::log::status(&scenario, &times);
            Dashboard {
                athlete,
                now,
                plan,
                timeline,
                now_index,
                events,
            }
        })
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
        let dashboard = Arc::new(dashboard);
        put(&self.dashboards, key, dashboard.clone());
        Ok(dashboard)
    }

    /// The state of `athlete` at `now_ms` and when each group will be ready.
    pub async fn status(
        &self,
        store: &Store,
        athlete: &Athlete,
        now_ms: i64,
    ) -> Result<Arc<Status>, WebError> {
        let revision = store.revision(athlete.id).await?;
        let key = (athlete.id, revision, now_ms / 60_000);
        if let Some(s) = get(&self.statuses, key) {
            return Ok(s);
        }
        let now = local_now(athlete, now_ms)?;
        let (scenario, now_h, _) = scenario(store, athlete, now).await?;
        let status = tokio::task::spawn_blocking(move || myo_app::log::status(&scenario, &[now_h]))
            .await
            .map_err(|e| WebError::Internal(e.to_string()))?;
        let status = Arc::new(status);
        put(&self.statuses, key, status.clone());
        Ok(status)
    }

    /// The forecast of `athlete` from `now_ms` over `days` days (in `FORECAST_DAYS`).
    pub async fn forecast(
        &self,
        store: &Store,
        athlete: &Athlete,
        now_ms: i64,
        days: u32,
    ) -> Result<Arc<Forecast>, WebError> {
        let revision = store.revision(athlete.id).await?;
        let key = ((athlete.id, revision, now_ms / 60_000), days);
        if let Some(f) = get(&self.forecasts, key) {
            return Ok(f);
        }
        let now = local_now(athlete, now_ms)?;
        let (scenario, now_h, _) = scenario(store, athlete, now).await?;
        let athlete_id = athlete.id;
        let forecast = tokio::task::spawn_blocking(move || {
            let steps = (f64::from(days) * 24.0 / FORECAST_STEP_H).round() as usize;
            let times: Vec<f64> = (0..=steps)
                .map(|k| now_h + k as f64 * FORECAST_STEP_H)
                .collect();
            let ensemble = myo_advisor::forecast::Ensemble::default();
            let report = myo_app::simulate::simulate_with(
                &scenario,
                &times,
                &myo_model::Params::default(),
                &ensemble,
            );
            let mut groups = BTreeMap::new();
            for (name, ready_at) in &report.ready_at {
                let readiness = report
                    .points
                    .iter()
                    .map(|p| p.muscles.get(name).map_or(0.0, |m| m.readiness))
                    .collect();
                groups.insert(
                    *name,
                    GroupForecast {
                        readiness,
                        ready_at: ready_at.clone(),
                        ready_range: report.ready_range.get(name).cloned(),
                    },
                );
            }
            Forecast {
                athlete_id,
                from: report
                    .points
                    .first()
                    .map(|p| p.at.clone())
                    .unwrap_or_default(),
                days,
                step_h: FORECAST_STEP_H,
                times: report.points.iter().map(|p| p.at.clone()).collect(),
                whole_body: report.points.iter().map(|p| p.systemic.readiness).collect(),
                groups,
                ensemble,
            }
        })
        .await
        .map_err(|e| WebError::Internal(e.to_string()))?;
        let forecast = Arc::new(forecast);
        put(&self.forecasts, key, forecast.clone());
        Ok(forecast)
    }
}
