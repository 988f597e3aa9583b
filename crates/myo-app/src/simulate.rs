//! `myo simulate`: run a scenario and report the spec's JSON shape.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, SecondsFormat};
use myo_advisor::{Advice, Flag};
use myo_model::{MuscleGroup, MuscleReport, Params, Simulation, Snapshot, SystemicReport};
use myo_scenario::Scenario;
use serde::Serialize;

/// Readiness thresholds of `ready_at` (spec): moderate and hard training.
pub const MODERATE: f64 = 70.0;
pub const HARD: f64 = 90.0;
/// How far past the last query `ready_at` looks, h.
pub const READY_HORIZON_H: f64 = 28.0 * 24.0;

/// The whole result, serialised as the spec's JSON.
#[derive(Debug, Clone, Serialize)]
pub struct SimulationReport {
    pub model: ModelInfo,
    pub athlete: AthleteInfo,
    pub points: Vec<Point>,
    pub ready_at: BTreeMap<&'static str, ReadyAt>,
    pub advice: Vec<Advice>,
    /// Which defaults were filled in (an added field).
    pub defaults_filled: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModelInfo {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct AthleteInfo {
    pub sex: &'static str,
    pub age: f64,
    pub body_mass_kg: f64,
    pub training_status: &'static str,
    pub max_hr: f64,
}

/// One query time.
#[derive(Debug, Clone, Serialize)]
pub struct Point {
    pub at: String,
    pub offset_h: f64,
    pub muscles: BTreeMap<&'static str, MuscleReport>,
    pub systemic: SystemicReport,
    pub flags: Vec<Flag>,
}

/// When a group first reaches each readiness level, or `None` within the horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReadyAt {
    pub moderate: Option<String>,
    pub hard: Option<String>,
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

/// A muscle report rounded for output (the spec's fields, sensible precision).
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

/// The systemic report rounded for output.
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

/// Formats hours since `start` as RFC 3339 in the start's offset.
pub fn timestamp(start: DateTime<FixedOffset>, hours: f64) -> String {
    let t = start + Duration::milliseconds((hours * 3.6e6).round() as i64);
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Runs `scenario` and reports at `times_h` (ascending, hours since the start).
pub fn simulate(scenario: &Scenario, times_h: &[f64]) -> SimulationReport {
    simulate_with(scenario, times_h, &Params::default())
}

/// [`simulate`] with explicit parameters (for calibration and sensitivity studies).
pub fn simulate_with(scenario: &Scenario, times_h: &[f64], params: &Params) -> SimulationReport {
    let last = times_h.last().copied().unwrap_or(0.0);
    let first = times_h.first().copied().unwrap_or(0.0);
    let input = scenario.model_input(last + READY_HORIZON_H);
    let fresh = Simulation::new(
        scenario.athlete.clone(),
        params.clone(),
        input.events.clone(),
        input.start_h,
        input.last_wake_h,
    );
    let muscles = &scenario.query.muscles;

    let mut sim = fresh.clone();
    let mut points = Vec::with_capacity(times_h.len());
    let mut last_snapshot: Option<(Snapshot, Vec<Flag>)> = None;
    for &t in times_h {
        let snapshot = sim.snapshot_at(t);
        let flags = myo_advisor::flags(&scenario.athlete, &scenario.events, t, &snapshot);
        points.push(Point {
            at: timestamp(scenario.start, t),
            offset_h: round(t, 3),
            muscles: muscles
                .iter()
                .map(|g| (g.name(), rounded_muscle(snapshot.muscle(*g))))
                .collect(),
            systemic: rounded_systemic(&snapshot.systemic),
            flags: flags.clone(),
        });
        last_snapshot = Some((snapshot, flags));
    }
    let advice = match &last_snapshot {
        Some((snapshot, flags)) => myo_advisor::advise(&scenario.athlete, snapshot, flags, muscles),
        None => Vec::new(),
    };
    let ready = ready_times(fresh, first, last + READY_HORIZON_H, muscles);
    let ready_at = ready
        .into_iter()
        .map(|(g, (moderate, hard))| {
            (
                g.name(),
                ReadyAt {
                    moderate: moderate.map(|t| timestamp(scenario.start, t)),
                    hard: hard.map(|t| timestamp(scenario.start, t)),
                },
            )
        })
        .collect();
    let a = &scenario.athlete;
    SimulationReport {
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
        advice,
        defaults_filled: input.describe(scenario),
    }
}

/// Hours (since the start) at which a group first reaches moderate and hard readiness.
pub type ReadyHours = (Option<f64>, Option<f64>);

/// The earliest hourly time from `from` on at which each group's readiness reaches the
/// moderate and hard levels, searching until `until`.
pub fn ready_times(
    mut sim: Simulation,
    from: f64,
    until: f64,
    muscles: &[MuscleGroup],
) -> Vec<(MuscleGroup, ReadyHours)> {
    let mut found: Vec<(MuscleGroup, ReadyHours)> =
        muscles.iter().map(|g| (*g, (None, None))).collect();
    let mut t = from;
    while t <= until + 1e-9 {
        let snapshot = sim.snapshot_at(t);
        let mut all = true;
        for (g, (moderate, hard)) in found.iter_mut() {
            let r = snapshot.muscle(*g).readiness;
            if moderate.is_none() && r >= MODERATE {
                *moderate = Some(t);
            }
            if hard.is_none() && r >= HARD {
                *hard = Some(t);
            }
            all &= hard.is_some();
        }
        if all {
            break;
        }
        t += 1.0;
    }
    found
}
