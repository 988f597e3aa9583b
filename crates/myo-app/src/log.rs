//! Log-backed questions: how an athlete stands at some times (`myo status`, `myo forecast`,
//! `myo whatif`), from a scenario built from the log. The numbers are those of
//! [`crate::simulate()`] for the same scenario and times (points with every field and flags,
//! `ready_at`); the between-person range and the day's advice are left to `simulate`/`plan`,
//! which run many simulations.

use std::collections::BTreeMap;

use myo_advisor::forecast::Run;
use myo_model::{Params, Simulation};
use myo_personal::Learner;
use myo_scenario::Scenario;
use serde::Serialize;

use crate::simulate::{AthleteInfo, ModelInfo, Point, ReadyAt, READY_HORIZON_H};

/// The state at each asked time and when each group will be ready.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Status {
    pub model: ModelInfo,
    pub athlete: AthleteInfo,
    pub points: Vec<Point>,
    pub ready_at: BTreeMap<&'static str, ReadyAt>,
}

/// The model's input for questions up to `last_h`: the scenario's events with defaults filled
/// through the `ready_at` horizon, exactly as `simulate` builds it.
pub fn model_events(scenario: &Scenario, last_h: f64) -> myo_scenario::ModelInput {
    scenario.model_input(last_h + READY_HORIZON_H)
}

/// A fresh simulation of `input` (from the scenario's start, the athlete rested).
pub fn fresh(scenario: &Scenario, input: &myo_scenario::ModelInput) -> Simulation {
    Run {
        athlete: &scenario.athlete,
        params: &Params::default(),
        events: &input.events,
        start_h: input.start_h,
        last_wake_h: input.last_wake_h,
    }
    .simulation()
}

/// What [`status_from`] calls at each midnight: the time, and the simulation and the personal
/// model that reached it.
pub type AtMidnight<'a> = dyn FnMut(f64, Option<&Simulation>, Option<&Learner>) + 'a;

/// The state at `times_h` (ascending, hours since the start) and `ready_at`, from `sim`: a
/// simulation of `model_events(scenario, last)` that has not passed the first time (fresh, or
/// resumed from a checkpoint). `learner` is the personal model of the same input (from
/// [`crate::simulate::learner`], or resumed), not past the first time. `at_midnight` is called
/// at each of `midnights` before the first time with each of the two that reached it (one may
/// have been resumed from a later state than the other), to keep their states.
pub fn status_from(
    scenario: &Scenario,
    times_h: &[f64],
    mut sim: Simulation,
    mut learner: Option<Learner>,
    midnights: &[f64],
    at_midnight: &mut AtMidnight<'_>,
) -> Status {
    for &m in midnights {
        if times_h.first().is_some_and(|first| m > *first) {
            continue;
        }
        // A midnight is on the hourly grid, so this lands exactly on it.
        let sim_here = m >= sim.time();
        if sim_here {
            let _ = sim.snapshot_at(m);
        }
        let learner_here = learner.as_mut().filter(|l| m >= l.time()).map(|l| {
            l.advance_to(m);
            &*l
        });
        if sim_here || learner_here.is_some() {
            at_midnight(m, sim_here.then_some(&sim), learner_here);
        }
    }
    let first = times_h.first().copied().unwrap_or(0.0);
    let last = times_h.last().copied().unwrap_or(0.0);
    // Ready times count from the first time: the personal model as it stands then.
    let at_first = learner.as_mut().and_then(|l| {
        l.advance_through(first);
        l.has_reports().then(|| l.clone())
    });
    let ready_at = match &at_first {
        Some(l) => crate::simulate::personal_ready_at(scenario, l, first, last + READY_HORIZON_H).0,
        None => crate::simulate::ready_at(scenario, sim.clone(), first, last + READY_HORIZON_H),
    };
    Status {
        model: ModelInfo::MYO,
        athlete: AthleteInfo::of(&scenario.athlete),
        points: crate::simulate::points(scenario, sim, learner.as_mut(), times_h),
        ready_at,
    }
}

/// [`status_from`] a fresh simulation.
pub fn status(scenario: &Scenario, times_h: &[f64]) -> Status {
    let last = times_h.last().copied().unwrap_or(0.0);
    let input = model_events(scenario, last);
    status_from(
        scenario,
        times_h,
        fresh(scenario, &input),
        crate::simulate::learner(scenario, &Params::default(), &input),
        &[],
        &mut |_, _, _| {},
    )
}
