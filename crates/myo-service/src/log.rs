//! An athlete's log as the model's input: the stored typed events (plus hypothetical ones)
//! become a `myo_scenario::Scenario` directly, no text in between.

use chrono::{DateTime, FixedOffset};
use myo_scenario::Scenario;
use myo_store::{Athlete, NewEvent, Store};

use crate::Result;

/// A log at one revision, as a scenario.
pub struct Log {
    pub scenario: Scenario,
    /// The scenario's start (local noon of the day before the first event).
    pub origin: DateTime<FixedOffset>,
    /// The log's revision when it was read: checkpoints taken from it are saved only if
    /// nothing changed since.
    pub revision: i64,
    /// How many events the log holds (hypothetical ones included).
    pub events: usize,
}

/// The athlete's whole log plus `extra` events, reporting every group at `at` (`fallback` is
/// the start of an empty log).
pub async fn read(
    store: &Store,
    athlete: &Athlete,
    extra: &[NewEvent],
    at: &[DateTime<FixedOffset>],
    fallback: DateTime<FixedOffset>,
) -> Result<Log> {
    // The revision first: what is read next is at least this new.
    let revision = store.revision(athlete.id).await?;
    let (scenario, origin) =
        myo_store::scenario::log_scenario(store, athlete, extra, at, fallback).await?;
    Ok(Log {
        events: scenario.events.len(),
        scenario,
        origin,
        revision,
    })
}

/// Hours since the log's origin.
pub fn hours_since(origin: DateTime<FixedOffset>, at: DateTime<FixedOffset>) -> f64 {
    myo_store::scenario::hours_since(origin, at)
}
