//! An athlete's state as the pages and the API show it: the log as a scenario (the CLI's
//! path: `myo_service::log::read` → `myo_app`), the day plan, the state now and
//! timelines. Simulation runs off the async threads; results are cached per athlete, log
//! revision and minute, so repeated views cost a map look-up.
//!
//! Across minutes, the parsed log is kept per athlete and revision ([`Prepared`]) with a model
//! checkpoint at a local midnight more than a week back, so that the state now, the timelines
//! and the plan simulate days instead of the whole log. Answers equal a fresh simulation's (tested):
//! a checkpoint resumes bit for bit with the complete event list (`myo_model::Checkpoint`).
//! [`refresh`] computes the next minute's answers for athletes viewed lately before the
//! minute turns, so a roster stays a look-up; [`crate::roster::warm_up`] computes the answers of every
//! athlete a coach follows when the server starts, so the first roster is one too.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, FixedOffset, NaiveDate};
use myo_advisor::forecast::{Ensemble, Run, MEMBER_WINDOW_H};
use myo_advisor::DayPlan;
use myo_app::bands::GroupBands;
use myo_app::log::Status;
use myo_metrics::hrv::{BaselineConfig, DailyHrv, Verdict};
use myo_metrics::load::PmcDay;
use myo_model::{Checkpoint, EventKind, Params};
use myo_store::{Athlete, Store};

use crate::error::WebError;
pub use crate::forecast::{Forecast, GroupForecast};

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
    /// Per group, the forecast's 10–90% band over similar athletes at each timeline point
    /// (`None` before now).
    pub bands: BTreeMap<&'static str, GroupBands>,
    /// Morning HRV against its normal range, when the log has readings.
    pub hrv: Option<HrvTrend>,
    /// Fitness, fatigue and form from the logged sessions, when there are any.
    pub load: Option<LoadTrend>,
}

/// Days of HRV and of fitness / fatigue / form on the dashboard. [HRV-DASHBOARD] [PMC-DASHBOARD]
pub const HRV_DAYS: i64 = 60;
pub const LOAD_DAYS: usize = 90;

/// The morning HRV readings of the last [`HRV_DAYS`] with their verdicts (`myo hrv`'s rules:
/// 7-day mean lnRMSSD against a 60-day normal range).
pub struct HrvTrend {
    /// Today, as a day number (days since 1970-01-01, local).
    pub today: i64,
    /// One verdict per morning measured in the last [`HRV_DAYS`], oldest first.
    pub days: Vec<Verdict>,
    /// The latest verdict (perhaps older than the window).
    pub latest: Verdict,
    pub config: BaselineConfig,
}

/// Fitness, fatigue and form (42/7-day exponentially weighted session-RPE loads, next-day form)
/// of the last [`LOAD_DAYS`], today last.
pub struct LoadTrend {
    pub today: i64,
    /// Daily session-RPE loads, AU, oldest first.
    pub loads_au: Vec<f64>,
    pub days: Vec<PmcDay>,
}

/// Days since 1970-01-01 of a date.
pub fn day_number(date: NaiveDate) -> i64 {
    date.signed_duration_since(NaiveDate::default()).num_days()
}

/// The date of a day number.
pub fn date_of(day: i64) -> NaiveDate {
    NaiveDate::default() + chrono::Duration::days(day)
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
    prepared: Map<Prepared, (i64, i64)>,
    /// Athletes asked about lately: the minute of the last question, and what was asked.
    recent: Mutex<HashMap<i64, Recent>>,
}

#[derive(Clone)]
struct Recent {
    athlete: Athlete,
    minute: i64,
    dashboard: bool,
    status: bool,
}

/// An athlete's log at one revision, parsed, with a checkpoint of the model.
pub struct Prepared {
    scenario: myo_scenario::Scenario,
    origin: DateTime<FixedOffset>,
    events: usize,
    /// The simulation's state at a local midnight (the latest taken).
    checkpoint: Mutex<Option<myo_model::Checkpoint>>,
    /// The personal model at the same midnight (for an athlete with reports).
    learner: Mutex<Option<myo_personal::Learner>>,
    /// The median athlete's state where the forecast band's members start to differ.
    members: Mutex<Option<myo_model::Checkpoint>>,
    /// Each member's state at a local midnight, and where they started to differ: later
    /// minutes of that day resume from them.
    member_states: Mutex<Option<(f64, Vec<myo_model::Checkpoint>)>>,
}

/// Checkpoints are taken at the last local midnight at least this long before the first asked
/// time (the timelines start a week back).
const CHECKPOINT_LAG_H: f64 = PAST_H + 24.0;

impl Prepared {
    fn now_h(&self, now: DateTime<FixedOffset>) -> f64 {
        myo_store::scenario::hours_since(self.origin, now)
    }

    /// `myo_app::log::status(&self.scenario, times_h)`, resumed from the checkpoint when it
    /// is not after the first time; takes a newer checkpoint on the way.
    fn status(&self, times_h: &[f64]) -> Status {
        let first = times_h.first().copied().unwrap_or(0.0);
        let last = times_h.last().copied().unwrap_or(0.0);
        let input = myo_app::log::model_events(&self.scenario, last);
        let saved = self
            .checkpoint
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
            .filter(|c| c.time() <= first);
        let resumed = saved.is_some();
        let sim = match saved {
            Some(c) => myo_model::Simulation::resume(
                self.scenario.athlete.clone(),
                myo_model::Params::default(),
                input.events.clone(),
                c,
            ),
            None => myo_app::log::fresh(&self.scenario, &input),
        };
        let learner = self.learner_at(first).filter(|_| resumed).or_else(|| {
            myo_app::simulate::learner(&self.scenario, &myo_model::Params::default(), &input)
        });
        // Local midnights are 12 h + whole days after the origin (local noon the day before).
        let target = 12.0 + ((first - CHECKPOINT_LAG_H - 12.0) / 24.0).floor() * 24.0;
        let midnights = if target > sim.time() && target >= 12.0 {
            vec![target]
        } else {
            Vec::new()
        };
        let mut taken = None;
        let status = myo_app::log::status_from(
            &self.scenario,
            times_h,
            sim,
            learner,
            &midnights,
            &mut |_, sim, l| {
                if let Some(sim) = sim {
                    taken = Some((sim.checkpoint(), l.cloned()));
                }
            },
        );
        if let Some((c, l)) = taken {
            let mut slot = self.checkpoint.lock().unwrap_or_else(|e| e.into_inner());
            if slot.as_ref().is_none_or(|old| old.time() < c.time()) {
                *slot = Some(c);
                *self.learner.lock().unwrap_or_else(|e| e.into_inner()) = l;
            }
        }
        status
    }

    /// The kept personal model, when it is not after `t` (a copy: answers move it on).
    fn learner_at(&self, t: f64) -> Option<myo_personal::Learner> {
        self.learner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref()
            .filter(|l| l.time() <= t)
            .cloned()
    }

    /// The history the band's members share for a forecast from `now_h`: the median athlete
    /// at the local midnight at least `MEMBER_WINDOW_H` before now (the window of
    /// `ready_range`, rounded to a midnight so that it is kept all day), stepped from the latest
    /// checkpoint not after it. `None` when the log is shorter.
    fn members_history(&self, run: &Run, now_h: f64) -> Option<Checkpoint> {
        let at = 12.0 + ((now_h - MEMBER_WINDOW_H - 12.0) / 24.0).floor() * 24.0;
        if at <= run.start_h {
            return None;
        }
        let lock =
            |m: &Mutex<Option<Checkpoint>>| m.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let kept = lock(&self.members);
        if let Some(c) = kept.as_ref().filter(|c| c.time() == at) {
            return Some(c.clone());
        }
        let from = [kept, lock(&self.checkpoint)]
            .into_iter()
            .flatten()
            .filter(|c| c.time() <= at)
            .max_by(|a, b| a.time().total_cmp(&b.time()));
        let shared = myo_app::bands::shared_history(run, from.as_ref(), at)?;
        let mut slot = self.members.lock().unwrap_or_else(|e| e.into_inner());
        if slot.as_ref().is_none_or(|old| old.time() < shared.time()) {
            *slot = Some(shared.clone());
        }
        Some(shared)
    }

    /// The band's members at the last local midnight not after `now_h` (kept for the day),
    /// from the shared history of [`Prepared::members_history`]; empty when the log is too
    /// short to have one (the members then start with the log).
    fn member_states(&self, run: &Run, now_h: f64, ensemble: &Ensemble) -> Vec<Checkpoint> {
        let midnight = 12.0 + ((now_h - 12.0) / 24.0).floor() * 24.0;
        let shared = self.members_history(run, now_h);
        let Some(shared) = shared.filter(|c| c.time() <= midnight) else {
            return Vec::new();
        };
        let lock = || self.member_states.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((from, states)) = lock().as_ref() {
            if *from == shared.time() && states.first().is_some_and(|c| c.time() == midnight) {
                return states.clone();
            }
        }
        let states = myo_app::bands::member_states(run, Some(&shared), midnight, ensemble);
        *lock() = Some((shared.time(), states.clone()));
        states
    }

    /// The local day number of `hours` since the origin.
    fn day(&self, hours: f64) -> i64 {
        let at = myo_store::scenario::at_hours(self.origin, hours);
        day_number(self.scenario.zone.local(at).date_naive())
    }

    /// Morning HRV: the first reading of each local day up to now, through
    /// `myo_metrics::hrv::daily_verdicts` with `myo hrv`'s defaults.
    fn hrv(&self, now_h: f64) -> Option<HrvTrend> {
        let mut readings: Vec<(f64, f64, Option<f64>)> = self
            .scenario
            .events
            .iter()
            .filter(|e| e.at <= now_h)
            .filter_map(|e| match &e.kind {
                EventKind::Observation(o) => o.rmssd_ms.map(|r| (e.at, r, o.resting_hr)),
                _ => None,
            })
            .collect();
        readings.sort_by(|a, b| a.0.total_cmp(&b.0));
        let mut days: Vec<DailyHrv> = Vec::new();
        for (at, rmssd_ms, resting_hr_bpm) in readings {
            let day = self.day(at);
            if days.last().is_none_or(|d| d.day < day) {
                days.push(DailyHrv {
                    day,
                    rmssd_ms,
                    resting_hr_bpm,
                });
            }
        }
        let config = BaselineConfig::default();
        let verdicts = myo_metrics::hrv::daily_verdicts(&days, &config).ok()?;
        let today = self.day(now_h);
        let latest = *verdicts.last()?;
        Some(HrvTrend {
            today,
            days: verdicts
                .into_iter()
                .filter(|v| v.day > today - HRV_DAYS)
                .collect(),
            latest,
            config,
        })
    }

    /// Fitness, fatigue and form from the sessions logged up to now: the advisor's daily
    /// session-RPE loads (`myo_advisor::monitoring::daily_loads`, the loads its monitoring
    /// warnings use) through `myo_metrics::load::pmc` with its defaults, from the first session.
    fn load(&self, now_h: f64) -> Option<LoadTrend> {
        let athlete = &self.scenario.athlete;
        let sessions: Vec<myo_model::Event> = self
            .scenario
            .events
            .iter()
            .filter(|e| e.at <= now_h && myo_advisor::effort::session_load(athlete, e).is_some())
            .cloned()
            .collect();
        let first = sessions.iter().map(|e| e.at).reduce(f64::min)?;
        // Local midnights are 12 h + whole days after the origin.
        let midnight = |h: f64| 12.0 + ((h - 12.0) / 24.0).floor() * 24.0;
        let today_start = midnight(now_h);
        let days = ((today_start - midnight(first)) / 24.0).round() as usize + 1;
        let loads = myo_advisor::monitoring::daily_loads(athlete, &sessions, today_start, days);
        let chart =
            myo_metrics::load::pmc(&loads, &myo_metrics::load::PmcConfig::default()).ok()?;
        let keep = days.saturating_sub(LOAD_DAYS);
        Some(LoadTrend {
            today: self.day(now_h),
            loads_au: loads[keep..].to_vec(),
            days: chart[keep..].to_vec(),
        })
    }
}

const CACHE_MAX: usize = 4096;

/// The most events the parsed logs kept in memory hold together: their size (with their
/// checkpoints) grows with the events, so this caps the cache's bytes, not only its entries.
/// A club of 200 athletes with three years of daily logging (~20 events a day) fits.
pub const PREPARED_EVENTS_MAX: usize = 5_000_000;

/// Drops the largest parsed logs until `adding` more events fit in [`PREPARED_EVENTS_MAX`].
fn keep_within_budget<K: Copy + std::hash::Hash + Eq>(
    m: &mut HashMap<K, Arc<Prepared>>,
    adding: usize,
) {
    let mut total: usize = m.values().map(|p| p.events).sum::<usize>() + adding;
    while total > PREPARED_EVENTS_MAX {
        let Some((key, events)) = m.iter().map(|(k, p)| (*k, p.events)).max_by_key(|e| e.1) else {
            break;
        };
        m.remove(&key);
        total -= events;
    }
}

/// The minute of a cache key.
trait Minute {
    fn minute(&self) -> i64;
}

impl Minute for Key {
    fn minute(&self) -> i64 {
        self.2
    }
}

impl Minute for (Key, u32) {
    fn minute(&self) -> i64 {
        self.0 .2
    }
}

fn get<T, K: std::hash::Hash + Eq>(map: &Map<T, K>, key: K) -> Option<Arc<T>> {
    map.lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&key)
        .cloned()
}

/// Keeps `value`; a full map first drops the answers of minutes before `key`'s (a club's
/// current and next minutes stay), and is cleared only if that is not enough.
fn put<T, K: std::hash::Hash + Eq + Minute>(map: &Map<T, K>, key: K, value: Arc<T>) {
    let mut m = map.lock().unwrap_or_else(|e| e.into_inner());
    if m.len() >= CACHE_MAX {
        let minute = key.minute();
        m.retain(|k, _| k.minute() >= minute);
    }
    if m.len() >= CACHE_MAX {
        m.clear();
    }
    m.insert(key, value);
}

async fn prepare(
    store: &Store,
    athlete: &Athlete,
    now: DateTime<FixedOffset>,
) -> Result<Prepared, WebError> {
    let log = myo_service::log::read(store, athlete, &[], &[now], now).await?;
    Ok(Prepared {
        scenario: log.scenario,
        origin: log.origin,
        events: log.events,
        checkpoint: Mutex::new(None),
        learner: Mutex::new(None),
        members: Mutex::new(None),
        member_states: Mutex::new(None),
    })
}

fn local_now(athlete: &Athlete, now_ms: i64) -> Result<DateTime<FixedOffset>, WebError> {
    let zone = athlete.profile.time_zone;
    let utc = DateTime::from_timestamp_millis(now_ms)
        .ok_or_else(|| WebError::Internal("clock out of range".into()))?;
    Ok(zone.local(utc.fixed_offset()))
}

impl Cache {
    /// The parsed log of `athlete` at `revision`. An empty log is not kept: its scenario
    /// starts from `now`.
    async fn prepared(
        &self,
        store: &Store,
        athlete: &Athlete,
        revision: i64,
        now: DateTime<FixedOffset>,
    ) -> Result<Arc<Prepared>, WebError> {
        let key = (athlete.id, revision);
        if let Some(p) = get(&self.prepared, key) {
            return Ok(p);
        }
        let p = Arc::new(prepare(store, athlete, now).await?);
        if p.events > 0 && p.events <= PREPARED_EVENTS_MAX {
            let mut m = self.prepared.lock().unwrap_or_else(|e| e.into_inner());
            m.retain(|(id, _), _| *id != athlete.id);
            if m.len() >= CACHE_MAX {
                m.clear();
            }
            keep_within_budget(&mut m, p.events);
            m.insert(key, p.clone());
        }
        Ok(p)
    }

    /// The time (hours since the log's origin) of the model checkpoint kept for `athlete_id`.
    pub fn checkpoint_h(&self, athlete_id: i64) -> Option<f64> {
        let m = self.prepared.lock().unwrap_or_else(|e| e.into_inner());
        m.iter()
            .filter(|((id, _), _)| *id == athlete_id)
            .find_map(|(_, p)| {
                p.checkpoint
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .as_ref()
                    .map(|c| c.time())
            })
    }

    fn seen(&self, athlete: &Athlete, now_ms: i64, dashboard: bool) {
        let mut m = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        let r = m.entry(athlete.id).or_insert_with(|| Recent {
            athlete: athlete.clone(),
            minute: 0,
            dashboard: false,
            status: false,
        });
        r.athlete = athlete.clone();
        r.minute = now_ms / 60_000;
        r.dashboard |= dashboard;
        r.status |= !dashboard;
    }

    /// The dashboard of `athlete` at `now_ms`.
    pub async fn dashboard(
        &self,
        store: &Store,
        athlete: &Athlete,
        now_ms: i64,
    ) -> Result<Arc<Dashboard>, WebError> {
        self.seen(athlete, now_ms, true);
        let revision = store.revision(athlete.id).await?;
        match get(&self.dashboards, (athlete.id, revision, now_ms / 60_000)) {
            Some(hit) => Ok(hit),
            None => {
                self.compute_dashboard(store, athlete, revision, now_ms)
                    .await
            }
        }
    }

    async fn compute_dashboard(
        &self,
        store: &Store,
        athlete: &Athlete,
        revision: i64,
        now_ms: i64,
    ) -> Result<Arc<Dashboard>, WebError> {
        let key = (athlete.id, revision, now_ms / 60_000);
        let now = local_now(athlete, now_ms)?;
        let prepared = self.prepared(store, athlete, revision, now).await?;
        let athlete = athlete.clone();
        let dashboard = tokio::task::spawn_blocking(move || {
            let now_h = prepared.now_h(now);
            let events = prepared.events;
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
            let timeline = prepared.status(&times);
            // The timeline has just kept a checkpoint a week back: the plan steps from it.
            let history = prepared
                .checkpoint
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .clone();
            // With the ensemble: ready times carry their 10–90% range.
            let plan = myo_app::plan::plan_resuming(
                &prepared.scenario,
                now_h,
                Some(myo_advisor::forecast::Ensemble::default()),
                history.as_ref(),
                prepared.learner_at(now_h),
            );
            // The forecast's band: the ensemble of `ready_range`, from the shared history.
            let scenario = &prepared.scenario;
            let last = times.last().copied().unwrap_or(now_h);
            let input = myo_app::log::model_events(scenario, last);
            let params = Params::default();
            let run = Run {
                athlete: &scenario.athlete,
                params: &params,
                events: &input.events,
                start_h: input.start_h,
                last_wake_h: input.last_wake_h,
            };
            let ensemble = Ensemble::default();
            let states = prepared.member_states(&run, now_h, &ensemble);
            let bands = myo_app::bands::bands(
                &run,
                myo_app::bands::Members::Each(&states),
                // `times` steps to now by additions: allow for rounding.
                now_h - 1e-6,
                &times,
                &scenario.query.muscles,
                &ensemble,
            )
            .into_iter()
            .map(|(g, b)| (g.name(), b))
            .collect();
            Dashboard {
                athlete,
                now,
                plan,
                timeline,
                now_index,
                events,
                bands,
                hrv: prepared.hrv(now_h),
                load: prepared.load(now_h),
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
        self.seen(athlete, now_ms, false);
        let revision = store.revision(athlete.id).await?;
        match get(&self.statuses, (athlete.id, revision, now_ms / 60_000)) {
            Some(hit) => Ok(hit),
            None => self.compute_status(store, athlete, revision, now_ms).await,
        }
    }

    async fn compute_status(
        &self,
        store: &Store,
        athlete: &Athlete,
        revision: i64,
        now_ms: i64,
    ) -> Result<Arc<Status>, WebError> {
        let key = (athlete.id, revision, now_ms / 60_000);
        let now = local_now(athlete, now_ms)?;
        let prepared = self.prepared(store, athlete, revision, now).await?;
        let status = tokio::task::spawn_blocking(move || prepared.status(&[prepared.now_h(now)]))
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
        let prepared = self.prepared(store, athlete, revision, now).await?;
        let athlete_id = athlete.id;
        let forecast = tokio::task::spawn_blocking(move || {
            let now_h = prepared.now_h(now);
            let scenario = &prepared.scenario;
            let steps = (f64::from(days) * 24.0 / FORECAST_STEP_H).round() as usize;
            let times: Vec<f64> = (0..=steps)
                .map(|k| now_h + k as f64 * FORECAST_STEP_H)
                .collect();
            let ensemble = myo_advisor::forecast::Ensemble::default();
            let report = myo_app::simulate::simulate_with(
                scenario,
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

/// Minutes an athlete stays on the refresh list after the last question about them.
pub const RECENT_MINUTES: i64 = 15;

/// Forever: from 40 s before each minute turns, computes that minute's dashboards and states
/// of the athletes asked about in the last [`RECENT_MINUTES`], two at a time (the answers a
/// first request in that minute would compute; a write in between changes the revision, and
/// the request computes afresh). It looks again every few seconds until just before the turn,
/// so that athletes first asked about meanwhile (a server started late in a minute, a coach's
/// first roster) are ready too. For the system clock only.
pub async fn refresh(state: crate::AppState) {
    loop {
        let now_ms = state.now_ms();
        let next = now_ms / 60_000 + 1;
        // Start 40 s before the minute turns: a club of 200 takes ~5 s of both cores.
        let start = next * 60_000 - 40_000;
        if start > now_ms {
            sleep_ms(start - now_ms).await;
        }
        loop {
            refresh_pass(&state, next).await;
            let left = next * 60_000 - state.now_ms();
            if left < 3_000 {
                break;
            }
            sleep_ms((left - 2_000).min(5_000)).await;
        }
        // Past the minute's turn before looking again.
        let now_ms = state.now_ms();
        if now_ms < next * 60_000 {
            sleep_ms(next * 60_000 - now_ms).await;
        }
    }
}

async fn sleep_ms(ms: i64) {
    tokio::time::sleep(std::time::Duration::from_millis(ms.max(0) as u64)).await;
}

/// Computes minute `next`'s answers that are not cached yet for the athletes on the refresh
/// list; logs what it computed.
async fn refresh_pass(state: &crate::AppState, next: i64) {
    let started = std::time::Instant::now();
    let due: Vec<Recent> = {
        let mut m = state.cache.recent.lock().unwrap_or_else(|e| e.into_inner());
        m.retain(|_, r| next - r.minute <= RECENT_MINUTES);
        m.values().cloned().collect()
    };
    let athletes = due.len();
    let permits = Arc::new(tokio::sync::Semaphore::new(2));
    let mut tasks = tokio::task::JoinSet::new();
    for r in due {
        let state = state.clone();
        let permits = permits.clone();
        tasks.spawn(async move {
            let Ok(_permit) = permits.acquire().await else {
                return 0;
            };
            let at = next * 60_000;
            // Not `dashboard`/`status`: those would mark the athlete as seen now.
            let cache = &state.cache;
            let mut computed = 0;
            if let Ok(revision) = state.store.revision(r.athlete.id).await {
                let key = (r.athlete.id, revision, next);
                if r.status && get(&cache.statuses, key).is_none() {
                    let _ = cache
                        .compute_status(&state.store, &r.athlete, revision, at)
                        .await;
                    computed += 1;
                }
                if r.dashboard && get(&cache.dashboards, key).is_none() {
                    let _ = cache
                        .compute_dashboard(&state.store, &r.athlete, revision, at)
                        .await;
                    computed += 1;
                }
            }
            computed
        });
    }
    let mut computed = 0;
    while let Some(done) = tasks.join_next().await {
        computed += done.unwrap_or(0);
    }
    if computed > 0 {
        tracing::info!(
            athletes,
            computed,
            minute = next,
            ms = started.elapsed().as_millis() as u64,
            ms_before_the_turn = next * 60_000 - state.now_ms(),
            "refresh done"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parsed_logs_kept_hold_at_most_the_event_budget() {
        let prepared = |events: usize| {
            Arc::new(Prepared {
                scenario: myo_scenario::parse(include_str!("../../../examples/lifters-week.toml"))
                    .unwrap(),
                origin: DateTime::from_timestamp_millis(0).unwrap().fixed_offset(),
                events,
                checkpoint: Mutex::new(None),
                learner: Mutex::new(None),
                members: Mutex::new(None),
                member_states: Mutex::new(None),
            })
        };
        let mut m: HashMap<(i64, i64), Arc<Prepared>> = HashMap::new();
        m.insert((1, 0), prepared(PREPARED_EVENTS_MAX / 2));
        m.insert((2, 0), prepared(PREPARED_EVENTS_MAX / 4));
        m.insert((3, 0), prepared(10));
        keep_within_budget(&mut m, PREPARED_EVENTS_MAX / 3);
        // The largest went; the rest and the new one fit.
        assert!(!m.contains_key(&(1, 0)));
        assert!(m.contains_key(&(2, 0)) && m.contains_key(&(3, 0)));
    }

    #[test]
    fn a_full_cache_drops_earlier_minutes_first() {
        let map: Map<u32> = Mutex::default();
        for id in 0..CACHE_MAX as i64 - 1 {
            put(&map, (id, 0, 10 + id % 2), Arc::new(0));
        }
        put(&map, (-1, 0, 11), Arc::new(1));
        assert_eq!(map.lock().unwrap().len(), CACHE_MAX);
        // Full: minute 11's answers stay, minute 10's go.
        put(&map, (-2, 0, 11), Arc::new(2));
        let m = map.lock().unwrap();
        assert_eq!(m.len(), CACHE_MAX / 2 + 1);
        assert!(m.keys().all(|k| k.2 == 11));
        assert_eq!(m.get(&(-1, 0, 11)).map(|v| **v), Some(1));
    }
}
