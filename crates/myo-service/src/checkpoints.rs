//! The persisted checkpoint policy: questions simulate from the last valid model state of the
//! log instead of from its first day, for the CLI and the web alike.
//!
//! Checkpoints are taken at the athlete's local midnights (weekly, and daily for the last week
//! before the asked time) and stored with the scenario origin and a [`model_key`]: the model's
//! version, its checkpoint format and a hash of its parameters, so a changed model never
//! resumes an older one's states. A write to an event drops the checkpoints from 36 h before
//! it on (`myo_store::events`), and a save is refused if the log changed while we simulated
//! (the athlete's revision moved). Hypothetical events (`whatif`) resume from a checkpoint at
//! least 36 h before the first of them and save nothing.

use std::sync::OnceLock;

use myo_app::log::Status;
use myo_model::{Checkpoint, Params, Simulation};
use myo_personal::{Learner, LearnerState};
use myo_store::events::INVALIDATE_BEFORE_MS;
use myo_store::{Athlete, NewEvent, Store, StoredCheckpoint};
use sha2::{Digest, Sha256};

use crate::log::Log;
use crate::Result;

/// Which model wrote a checkpoint: the model crate's version and result revision, the
/// checkpoint format, and a hash of every parameter value (`Params`' `Debug` prints each f64
/// exactly). `model_revision_is_current` in the tests fails when results change without
/// [`myo_model::MODEL_REVISION`] being raised.
pub fn model_key() -> &'static str {
    static KEY: OnceLock<String> = OnceLock::new();
    KEY.get_or_init(|| {
        let digest = Sha256::digest(format!("{:?}", Params::default()).as_bytes());
        let hash: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        format!(
            "myo-model {} r{} checkpoint v{} params {hash}",
            myo_model::VERSION,
            myo_model::MODEL_REVISION,
            Checkpoint::VERSION
        )
    })
}

/// Whether to use checkpoints (`MYO_CHECKPOINTS=off` in the CLI turns them off, for the
/// identity tests that compare both).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy {
    pub enabled: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy { enabled: true }
    }
}

/// Days of daily checkpoints before the asked time; weekly before that.
const DAILY_DAYS: f64 = 7.0;

/// The state at `times_h` (ascending, hours since the log's origin) of `log` (the athlete's
/// log plus `extra`), resumed from the latest stored checkpoint that is valid for it; keeps
/// new checkpoints on the way when there are no hypothetical events.
pub async fn status(
    store: &Store,
    athlete: &Athlete,
    log: &Log,
    extra: &[NewEvent],
    times_h: &[f64],
    policy: Policy,
) -> Result<Status> {
    let scenario = &log.scenario;
    let first = times_h.first().copied().unwrap_or(0.0);
    let last = times_h.last().copied().unwrap_or(0.0);
    let input = myo_app::log::model_events(scenario, last);
    if !policy.enabled {
        let sim = myo_app::log::fresh(scenario, &input);
        return Ok(myo_app::log::status_from(
            scenario,
            times_h,
            sim,
            myo_app::simulate::learner(scenario, &Params::default(), &input),
            &[],
            &mut |_, _, _| {},
        ));
    }
    let origin_ms = scenario.start.timestamp_millis();
    let to_ms = |h: f64| origin_ms + (h * 3.6e6).round() as i64;
    let key = model_key();
    // Resume no later than the first asked time, nor later than 36 h before a hypothetical event.
    let mut limit_ms = to_ms(first);
    if let Some(e) = extra.iter().map(|e| e.at.timestamp_millis()).min() {
        limit_ms = limit_ms.min(e - INVALIDATE_BEFORE_MS);
    }
    let stored = store
        .latest_checkpoint(athlete.id, origin_ms, key, limit_ms)
        .await?;
    let resumed = stored.and_then(|c| serde_json::from_str::<Checkpoint>(&c.data).ok());
    let kept = if myo_app::simulate::wants_personal(scenario) {
        store
            .latest_personal_state(athlete.id, origin_ms, key, limit_ms)
            .await?
            .and_then(|c| serde_json::from_str::<LearnerState>(&c.data).ok())
    } else {
        None
    };
    let (sim, learner) = resume(scenario, &input, resumed, kept, first);
    // Local midnights (the origin is local noon) between the earlier resumed time and the first
    // time: the personal model may resume from an earlier state than the simulation.
    let floor = learner
        .as_ref()
        .map_or(sim.time(), |l| l.time().min(sim.time()));
    let mut midnights = Vec::new();
    if extra.is_empty() {
        let mut m = 12.0;
        while m <= first {
            let day = ((m - 12.0) / 24.0).round() as i64;
            let recent = first - m <= DAILY_DAYS * 24.0;
            if m > floor && (recent || day % 7 == 0) {
                midnights.push(m);
            }
            m += 24.0;
        }
    }
    let mut taken = Vec::new();
    let mut personal = None;
    let status = myo_app::log::status_from(
        scenario,
        times_h,
        sim,
        learner,
        &midnights,
        &mut |h, sim, learner| {
            if let Some(data) = sim.and_then(|s| serde_json::to_string(&s.checkpoint()).ok()) {
                taken.push(StoredCheckpoint {
                    at_ms: to_ms(h),
                    data,
                });
            }
            // Only the latest midnight's personal state: each is large.
            if let Some(data) = learner.and_then(|l| serde_json::to_string(&l.state()).ok()) {
                personal = Some(StoredCheckpoint {
                    at_ms: to_ms(h),
                    data,
                });
            }
        },
    );
    if let Some(state) = personal {
        let _ = store
            .save_personal_state(athlete.id, log.revision, origin_ms, key, &state)
            .await;
    }
    if !taken.is_empty() {
        // A refused save (the log moved on) only means the next question resumes earlier.
        let _ = store
            .save_checkpoints(athlete.id, log.revision, origin_ms, key, &taken)
            .await;
    }
    Ok(status)
}

/// The population model resumed from `saved` and the personal model (when the scenario wants
/// it) from `kept`, each when it is not after `first`, else fresh. Either way the answers are
/// the same.
pub fn resume(
    scenario: &myo_scenario::Scenario,
    input: &myo_scenario::ModelInput,
    saved: Option<Checkpoint>,
    kept: Option<LearnerState>,
    first: f64,
) -> (Simulation, Option<Learner>) {
    let params = Params::default();
    let sim = match saved {
        Some(c) if c.version() == Checkpoint::VERSION && c.time() <= first => Simulation::resume(
            scenario.athlete.clone(),
            params.clone(),
            input.events.clone(),
            c,
        ),
        _ => myo_app::log::fresh(scenario, input),
    };
    let learner = match kept {
        Some(state) if myo_app::simulate::wants_personal(scenario) && state.t <= first => {
            Some(Learner::resume(
                scenario.athlete.clone(),
                params,
                input.events.clone(),
                state,
            ))
        }
        _ => myo_app::simulate::learner(scenario, &params, input),
    };
    (sim, learner)
}
