//! The plan for now from a log: what the dashboard, the API's `plan` and `myo plan` (without a
//! date) all answer. It plans at this moment, so what the athlete did this morning counts.

use chrono::{DateTime, FixedOffset};
use myo_advisor::forecast::Ensemble;
use myo_advisor::DayPlan;
use myo_store::{Athlete, Store};

use crate::checkpoints::{model_key, Saved};
use crate::log::{hours_since, Log};
use crate::Result;

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
    let load = |limit_ms: i64| async move {
        let row = store
            .latest_checkpoint(athlete.id, origin_ms, model_key(), limit_ms)
            .await?;
        Ok::<_, myo_store::StoreError>(
            row.and_then(|c| serde_json::from_str::<Saved>(&c.data).ok()),
        )
    };
    let learner = load(now.timestamp_millis())
        .await?
        .and_then(|s| s.personal)
        .filter(|p| p.t <= at_h);
    let week_ms = (myo_advisor::plan::LOOKBACK_H * 3.6e6) as i64;
    let history = load(now.timestamp_millis() - week_ms)
        .await?
        .map(|s| s.sim)
        .filter(|c| c.version() == myo_model::Checkpoint::VERSION);
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
