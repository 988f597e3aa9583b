//! The plan for now from a log: what the dashboard, the API's `plan` and `myo plan` (without a
//! date) all answer. It plans at this moment, so what the athlete did this morning counts.

use chrono::{DateTime, FixedOffset};
use myo_advisor::forecast::Ensemble;
use myo_advisor::DayPlan;

use crate::log::{hours_since, Log};

/// The plan at `now` for `log`, with ready times ranged over `ensemble`.
pub fn now(log: &Log, now: DateTime<FixedOffset>, ensemble: Option<Ensemble>) -> DayPlan {
    myo_app::plan::plan_at(&log.scenario, hours_since(log.origin, now), ensemble)
}
