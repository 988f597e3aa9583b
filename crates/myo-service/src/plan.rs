//! The plan for now from a log: what the dashboard, the API's `plan` and `myo plan` (without a
//! date) all answer. It plans at this moment, so what the athlete did this morning counts.

use chrono::{DateTime, FixedOffset};
use myo_advisor::forecast::Ensemble;
use myo_advisor::DayPlan;
use myo_store::{Athlete, Store};

use crate::checkpoints::model_key;
use crate::log::{hours_since, Log};
use crate::Result;
use myo_model::Checkpoint;
use myo_personal::LearnerState;

/// The plan at `now` for `log`, with ready times ranged over `ensemble`, resumed from the
/// store's kept states: the personal model from the latest one not
/// after now, the simulation's history from one at least a week before (the plan looks back a
/// week). The same plan, without stepping the whole log.
pub async fn now_kept(
    store: &Store,
    athlete: &Athlete,
    log: &Log,
    now: DateTime<FixedOffset>,
    ensemble: Option<Ensemble>,
) -> Result<DayPlan> {
    let at_h = hours_since(log.origin, now);
    let origin_ms = log.scenario.start.timestamp_millis();
    let key = model_key();
    let learner = store
        .latest_personal_state(athlete.id, origin_ms, key, now.timestamp_millis())
        .await?
        .and_then(|c| serde_json::from_str::<LearnerState>(&c.data).ok())
        .filter(|p| p.t <= at_h);
    let week_ms = (myo_advisor::plan::LOOKBACK_H * 3.6e6) as i64;
    let history = store
        .latest_checkpoint(athlete.id, origin_ms, key, now.timestamp_millis() - week_ms)
        .await?
        .and_then(|c| serde_json::from_str::<Checkpoint>(&c.data).ok())
        .filter(|c| c.version() == Checkpoint::VERSION);
    let input = log
        .scenario
        .model_input(at_h + myo_advisor::forecast::HORIZON_H);
    let learner = learner
        .filter(|_| myo_app::simulate::wants_personal(&log.scenario))
        .map(|state| {
            myo_personal::Learner::resume(
                log.scenario.athlete.clone(),
                myo_model::Params::default(),
                input.events.clone(),
                state,
            )
        });
    Ok(myo_app::plan::plan_resuming(
        &log.scenario,
        at_h,
        ensemble,
        history.as_ref(),
        learner,
    ))
}
