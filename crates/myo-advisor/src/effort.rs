//! How hard logged sessions were, in the units the advisor reasons with: fraction of VO2max and
//! session-RPE load (Foster 1998).

use myo_model::{Athlete, EffortMeasure, Event, EventKind, Intensity};

/// CR-10 rating for a fraction of VO2max (the inverse of `Athlete::fraction_vo2max` for RPE).
fn rpe_for_fraction(x: f64) -> f64 {
    ((x * 100.0 - 35.0) / 6.5).clamp(0.5, 10.0)
}

/// Minutes a strength session took: about 2.5 min a set with rest. Thin: used only for
/// session-RPE load when the log has no duration.
const MINUTES_PER_SET: f64 = 2.5;

/// Session-RPE load (RPE × minutes, Foster 1998) and minutes of a training event; `None` for
/// events that are not training.
pub fn session_load(athlete: &Athlete, event: &Event) -> Option<(f64, f64)> {
    match &event.kind {
        EventKind::Endurance(e) => {
            let rpe = match e.effort {
                EffortMeasure::Rpe(r) => r,
                other => rpe_for_fraction(athlete.fraction_vo2max(other)),
            };
            Some((rpe * e.minutes, e.minutes))
        }
        EventKind::Strength(s) => {
            let sets: u32 = s.exercises.iter().map(|x| x.sets).sum();
            let minutes = sets as f64 * MINUTES_PER_SET;
            let hard = s.exercises.iter().any(|x| {
                x.to_failure
                    || matches!(x.intensity, Intensity::Maximal)
                    || matches!(x.intensity, Intensity::Rir(r) if r <= 1.0)
            });
            let rpe = s.rpe.unwrap_or(if hard { 8.0 } else { 6.5 });
            Some((rpe * minutes, minutes))
        }
        EventKind::ActiveRecovery(a) => {
            let rpe = rpe_for_fraction(athlete.fraction_vo2max(a.effort));
            Some((rpe * a.minutes, a.minutes))
        }
        _ => None,
    }
}
