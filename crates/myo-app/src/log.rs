//! Log-backed questions: how an athlete stands at some times (`myo status`, `myo forecast`,
//! `myo whatif`), from a scenario built from the log. The numbers are those of
//! [`crate::simulate`] for the same scenario and times (points with every field and flags,
//! `ready_at`); the between-person range and the day's advice are left to `simulate`/`plan`,
//! which run many simulations.

use std::collections::BTreeMap;

use myo_advisor::forecast::{self, Run};
use myo_advisor::Clock;
use myo_model::{MuscleReport, Params, Simulation, SystemicReport};
use myo_scenario::Scenario;
use serde::Serialize;

use crate::simulate::{AthleteInfo, ModelInfo, Point, ReadyAt, READY_HORIZON_H};

/// The state at each asked time and when each group will be ready.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub model: ModelInfo,
    pub athlete: AthleteInfo,
    pub points: Vec<Point>,
    pub ready_at: BTreeMap<&'static str, ReadyAt>,
}

fn round(x: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    let r = (x * scale).round() / scale;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The rounding of `simulate`'s output.
fn rounded_muscle(m: &MuscleReport) -> MuscleReport {
    MuscleReport {
        force_pct: round(m.force_pct, 1),
        soreness: round(m.soreness, 2),
        damage: round(m.damage, 3),
        inflammation: round(m.inflammation, 3),
        swelling_pct: round(m.swelling_pct, 2),
        metabolites: round(m.metabolites, 3),
        glycogen_pct: round(m.glycogen_pct, 1),
        perfusion: round(m.perfusion, 2),
        tension: round(m.tension, 3),
        phase: m.phase,
        readiness: round(m.readiness, 0),
    }
}

fn rounded_systemic(s: &SystemicReport) -> SystemicReport {
    SystemicReport {
        lactate_mmol: round(s.lactate_mmol, 2),
        neural_fatigue: round(s.neural_fatigue, 3),
        sleep_debt_h: round(s.sleep_debt_h, 2),
        hydration_pct: round(s.hydration_pct, 1),
        autonomic: round(s.autonomic, 3),
        fitness: round(s.fitness, 1),
        fatigue: round(s.fatigue, 1),
        form: round(s.form, 1),
        readiness: round(s.readiness, 0),
    }
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

/// The state at `times_h` (ascending, hours since the start) and `ready_at`, from `sim`: a
/// simulation of `model_events(scenario, last)` that has not passed the first time (fresh, or
/// resumed from a checkpoint). `at_midnights` are called with the simulation at each
/// local midnight it passes before the first time (to keep checkpoints).
pub fn status_from(
    scenario: &Scenario,
    times_h: &[f64],
    mut sim: Simulation,
    midnights: &[f64],
    at_midnight: &mut dyn FnMut(f64, &Simulation),
) -> Status {
    let clock = Clock {
        start: scenario.start,
    };
    let muscles = &scenario.query.muscles;
    for &m in midnights {
        if m >= sim.time() && times_h.first().is_none_or(|first| m <= *first) {
            // A midnight is on the hourly grid, so this lands exactly on it.
            let _ = sim.snapshot_at(m);
            at_midnight(m, &sim);
        }
    }
    let first = times_h.first().copied().unwrap_or(0.0);
    let last = times_h.last().copied().unwrap_or(0.0);
    let ready_sim = sim.clone();
    let mut points = Vec::with_capacity(times_h.len());
    for &t in times_h {
        let snapshot = sim.snapshot_at(t);
        let flags = myo_advisor::flags(&scenario.athlete, &scenario.events, t, &snapshot);
        points.push(Point {
            at: crate::simulate::timestamp(scenario.start, t),
            offset_h: round(t, 3),
            muscles: muscles
                .iter()
                .map(|g| (g.name(), rounded_muscle(snapshot.muscle(*g))))
                .collect(),
            systemic: rounded_systemic(&snapshot.systemic),
            flags,
        });
    }
    let ready = forecast::ready_times(ready_sim, first, last + READY_HORIZON_H, muscles);
    let ready_at = ready
        .into_iter()
        .map(|(g, r)| {
            (
                g.name(),
                ReadyAt {
                    moderate: r.moderate.map(|t| clock.stamp(t)),
                    hard: r.hard.map(|t| clock.stamp(t)),
                },
            )
        })
        .collect();
    let a = &scenario.athlete;
    Status {
        model: ModelInfo {
            name: "myo",
            version: env!("CARGO_PKG_VERSION"),
        },
        athlete: AthleteInfo {
            sex: a.sex.name(),
            age: a.age_years,
            body_mass_kg: a.body_mass_kg,
            training_status: a.training_status.name(),
            max_hr: round(a.max_hr, 1),
        },
        points,
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
        &[],
        &mut |_, _| {},
    )
}
