//! The model-state cache: questions simulate from the last valid checkpoint of the log
//! instead of from its first day.
//!
//! Checkpoints are taken at the athlete's local midnights (weekly, and daily for the last week
//! before the asked time) and stored with the scenario origin and model version. A write to an
//! event drops the checkpoints from 36 h before it on (`myo_store::events`), and a save is
//! refused if the log changed while we simulated (the athlete's revision moved). Hypothetical
//! events (`whatif`) resume from a checkpoint at least 36 h before the first of them and save
//! nothing. `MYO_CHECKPOINTS=off` simulates from scratch (the identity tests compare both).

use myo_app::log::Status;
use myo_model::{Checkpoint, Params, Simulation};
use myo_scenario::Scenario;
use myo_store::events::INVALIDATE_BEFORE_MS;
use myo_store::{Athlete, NewEvent, Store, StoredCheckpoint};

use super::store::OrBad;

/// Which model wrote a checkpoint: a checkpoint of another binary or format is not resumed.
/// The executable's size and modification time stand in for a build id, so a rebuilt model
/// (or defaults) never resumes from an older build's states.
fn model_key() -> String {
    let build = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}-{modified}", m.len())
        })
        .unwrap_or_default();
    format!(
        "myo {} checkpoint v{} build {build}",
        env!("CARGO_PKG_VERSION"),
        Checkpoint::VERSION
    )
}

fn enabled() -> bool {
    !matches!(
        std::env::var("MYO_CHECKPOINTS").as_deref(),
        Ok("off" | "0" | "false")
    )
}

/// Days of daily checkpoints before the asked time; weekly before that.
const DAILY_DAYS: f64 = 7.0;

/// The state at `times_h` for `scenario` (the athlete's log, at `revision`, plus `extra`).
pub async fn status(
    store: &Store,
    athlete: &Athlete,
    revision: i64,
    scenario: &Scenario,
    extra: &[NewEvent],
    times_h: &[f64],
) -> anyhow::Result<Status> {
    let first = times_h.first().copied().unwrap_or(0.0);
    let last = times_h.last().copied().unwrap_or(0.0);
    let input = myo_app::log::model_events(scenario, last);
    if !enabled() {
        let sim = myo_app::log::fresh(scenario, &input);
        return Ok(myo_app::log::status_from(
            scenario,
            times_h,
            sim,
            &[],
            &mut |_, _| {},
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
        .latest_checkpoint(athlete.id, origin_ms, &key, limit_ms)
        .await
        .bad()?;
    let resumed = stored.and_then(|c| serde_json::from_str::<Checkpoint>(&c.data).ok());
    let sim = match resumed {
        Some(c) if c.version() == Checkpoint::VERSION && c.time() <= first => Simulation::resume(
            scenario.athlete.clone(),
            Params::default(),
            input.events.clone(),
            c,
        ),
        _ => myo_app::log::fresh(scenario, &input),
    };
    // Local midnights (the origin is local noon) between the resumed time and the first time.
    let mut midnights = Vec::new();
    if extra.is_empty() {
        let mut m = 12.0;
        while m <= first {
            let day = ((m - 12.0) / 24.0).round() as i64;
            let recent = first - m <= DAILY_DAYS * 24.0;
            if m > sim.time() && (recent || day % 7 == 0) {
                midnights.push(m);
            }
            m += 24.0;
        }
    }
    let mut taken = Vec::new();
    let status = myo_app::log::status_from(scenario, times_h, sim, &midnights, &mut |h, sim| {
        if let Ok(data) = serde_json::to_string(&sim.checkpoint()) {
            taken.push(StoredCheckpoint {
                at_ms: to_ms(h),
                data,
            });
        }
    });
    if !taken.is_empty() {
        // A refused save (the log moved on) only means the next question resumes earlier.
        let _ = store
            .save_checkpoints(athlete.id, revision, origin_ms, &key, &taken)
            .await;
    }
    Ok(status)
}
