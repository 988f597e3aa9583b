//! `myo simulate`: run a scenario and report the spec's JSON shape.

use std::collections::BTreeMap;

use chrono::DateTime;
use myo_advisor::forecast::{self, Ensemble, Run};
use myo_advisor::{Advice, Clock, Flag, ReadyRangeStamps};
use myo_model::{MuscleReport, Params, Simulation, SystemicReport};
use myo_personal::{Expected, Learned, Learner};
use myo_scenario::Scenario;
use serde::Serialize;

pub use myo_advisor::forecast::{HARD, MODERATE};
/// How far past the last query `ready_at` looks, h.
pub const READY_HORIZON_H: f64 = myo_advisor::forecast::HORIZON_H;

/// The whole result, serialised as the spec's JSON.
#[derive(Debug, Clone, Serialize)]
pub struct SimulationReport {
    pub model: ModelInfo,
    pub athlete: AthleteInfo,
    pub points: Vec<Point>,
    pub ready_at: BTreeMap<&'static str, ReadyAt>,
    /// `ready_at` over the documented between-person spread: 10th, 50th and 90th percentiles
    /// (an added field; `ready_at` keeps its meaning).
    pub ready_range: BTreeMap<&'static str, ReadyRangeStamps>,
    /// How the range was computed.
    pub ensemble: Ensemble,
    pub advice: Vec<Advice>,
    /// Which defaults were filled in (an added field).
    pub defaults_filled: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ModelInfo {
    pub name: &'static str,
    pub version: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AthleteInfo {
    pub sex: &'static str,
    pub age: f64,
    pub body_mass_kg: f64,
    pub training_status: &'static str,
    pub max_hr: f64,
}

/// One query time.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Point {
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub at: String,
    pub offset_h: f64,
    pub muscles: BTreeMap<&'static str, MuscleReport>,
    pub systemic: SystemicReport,
    pub flags: Vec<Flag>,
    /// What the athlete would report now of each item reported before (spec: self-reports).
    pub expected_reports: BTreeMap<String, Expected>,
    /// Each learned parameter against the population's.
    pub personal: BTreeMap<String, Learned>,
}

/// When a group first reaches each readiness level, or `None` within the horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadyAt {
    #[cfg_attr(feature = "openapi", schema(format = DateTime, required))]
    pub moderate: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = DateTime, required))]
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

/// Formats hours since the scenario's start as RFC 3339 in the athlete's local offset then.
pub fn timestamp(scenario: &Scenario, hours: f64) -> String {
    Clock::of(scenario).stamp(hours)
}

/// "Mon 05 Jan 20:00" from an RFC 3339 time, or "not within 28 d" (for tables).
pub fn short_time(t: &Option<String>) -> String {
    match t.as_deref().map(DateTime::parse_from_rfc3339) {
        Some(Ok(t)) => t.format("%a %d %b %H:%M").to_string(),
        Some(Err(_)) => t.clone().unwrap_or_default(),
        None => "not within 28 d".into(),
    }
}

impl ModelInfo {
    pub const MYO: ModelInfo = ModelInfo {
        name: "myo",
        version: env!("CARGO_PKG_VERSION"),
    };
}

impl AthleteInfo {
    pub fn of(a: &myo_model::Athlete) -> Self {
        AthleteInfo {
            sex: a.sex.name(),
            age: a.age_years,
            body_mass_kg: a.body_mass_kg,
            training_status: a.training_status.name(),
            max_hr: round(a.max_hr, 1),
        }
    }
}

/// The spec's points at `times_h` (ascending), stepping `sim` (which has not passed the first)
/// and, when given, the personal model `learner` (which has not passed it either).
pub(crate) fn points(
    scenario: &Scenario,
    mut sim: Simulation,
    mut learner: Option<&mut Learner>,
    times_h: &[f64],
) -> Vec<Point> {
    times_h
        .iter()
        .map(|&t| {
            let mut snapshot = sim.snapshot_at(t);
            let (mut expected_reports, mut personal) = (BTreeMap::new(), BTreeMap::new());
            if let Some(l) = learner.as_deref_mut() {
                l.advance_through(t);
                snapshot = l.personalise(snapshot);
                expected_reports = l
                    .expected_reports()
                    .into_iter()
                    .map(|(k, e)| (k, rounded_expected(e)))
                    .collect();
                personal = l
                    .personal()
                    .into_iter()
                    .map(|(k, p)| (k, rounded_learned(p)))
                    .collect();
            }
            Point {
                at: timestamp(scenario, t),
                offset_h: round(t, 3),
                muscles: scenario
                    .query
                    .muscles
                    .iter()
                    .map(|g| (g.name(), rounded_muscle(snapshot.muscle(*g))))
                    .collect(),
                systemic: rounded_systemic(&snapshot.systemic),
                flags: myo_advisor::flags(&scenario.athlete, &scenario.events, t, &snapshot),
                expected_reports,
                personal,
            }
        })
        .collect()
}

fn rounded_expected(e: Expected) -> Expected {
    Expected {
        expected: round(e.expected, 2),
        p10: round(e.p10, 2),
        p90: round(e.p90, 2),
        n: e.n,
    }
}

fn rounded_learned(l: Learned) -> Learned {
    Learned {
        population: round(l.population, 3),
        estimate: round(l.estimate, 3),
        p10: round(l.p10, 3),
        p90: round(l.p90, 3),
        ..l
    }
}

/// `ready_at` of the queried groups and their ranges from the personal model `l` (at `from`):
/// the posterior's weighted median and its 10–50–90%.
pub(crate) fn personal_ready_at(
    scenario: &Scenario,
    l: &Learner,
    from: f64,
    until: f64,
) -> (
    BTreeMap<&'static str, ReadyAt>,
    Vec<(myo_model::MuscleGroup, forecast::ReadyRange)>,
) {
    let clock = Clock::of(scenario);
    let (times, ranges) = forecast::personal_ready(l, from, until, &scenario.query.muscles);
    let ready_at = times
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
    (ready_at, ranges)
}

/// Whether answers for `scenario` use the personal model: it asks for it (the default) and
/// has reports to learn from (without any, the population's answer is the answer).
pub fn wants_personal(scenario: &Scenario) -> bool {
    scenario.personal
        && scenario.events.iter().any(|e| {
            scenario.personal_from_h.is_none_or(|from| e.at >= from)
                && matches!(&e.kind, myo_model::EventKind::Observation(o)
                    if !myo_personal::items::reported(o).is_empty())
        })
}

/// The personal model over a model input, when the scenario asks for it and has reports to
/// learn from (without any, the population's answer is the answer and nothing is spent).
pub fn learner(
    scenario: &Scenario,
    params: &Params,
    input: &myo_scenario::ModelInput,
) -> Option<Learner> {
    wants_personal(scenario).then(|| {
        Learner::new(
            scenario.athlete.clone(),
            params.clone(),
            input.events.clone(),
            input.start_h,
            input.last_wake_h,
            myo_personal::Options {
                from_h: scenario.personal_from_h,
                ..myo_personal::Options::default()
            },
        )
    })
}

/// `ready_at` of the queried groups, searching hourly from `from` to `until`.
pub(crate) fn ready_at(
    scenario: &Scenario,
    sim: Simulation,
    from: f64,
    until: f64,
) -> BTreeMap<&'static str, ReadyAt> {
    let clock = Clock::of(scenario);
    forecast::ready_times(sim, from, until, &scenario.query.muscles)
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
        .collect()
}

/// Runs `scenario` and reports at `times_h` (ascending, hours since the start).
pub fn simulate(scenario: &Scenario, times_h: &[f64]) -> SimulationReport {
    simulate_with(scenario, times_h, &Params::default(), &Ensemble::default())
}

/// [`simulate`] with explicit parameters (for calibration and sensitivity studies) and
/// ensemble (members and seed of the uncertainty range).
pub fn simulate_with(
    scenario: &Scenario,
    times_h: &[f64],
    params: &Params,
    ensemble: &Ensemble,
) -> SimulationReport {
    let last = times_h.last().copied().unwrap_or(0.0);
    let first = times_h.first().copied().unwrap_or(0.0);
    let input = scenario.model_input(last + READY_HORIZON_H);
    let run = Run {
        athlete: &scenario.athlete,
        params,
        events: &input.events,
        start_h: input.start_h,
        last_wake_h: input.last_wake_h,
    };
    let clock = Clock::of(scenario);
    let fresh: Simulation = run.simulation();
    let muscles = &scenario.query.muscles;

    let mut learner = learner(scenario, params, &input);
    // Ready times count from the first point: the personal model as it stands then.
    let at_first = learner.as_mut().and_then(|l| {
        l.advance_through(first);
        l.has_reports().then(|| l.clone())
    });
    let points = points(scenario, fresh.clone(), learner.as_mut(), times_h);
    let personal = learner.map(std::sync::Mutex::new);
    let advice = if !times_h.is_empty() {
        myo_advisor::day_plan(&myo_advisor::Request {
            run,
            logged: &scenario.events,
            clock,
            at_h: last,
            ensemble: None,
            history: None,
            personal: personal.as_ref(),
        })
        .advice()
    } else {
        Vec::new()
    };
    let until = last + READY_HORIZON_H;
    let (ready_at, ranges) = match &at_first {
        Some(l) => personal_ready_at(scenario, l, first, until),
        None => (
            ready_at(scenario, fresh, first, until),
            forecast::ready_ranges(&run, first, until, muscles, ensemble),
        ),
    };
    let ready_range = ranges
        .iter()
        .map(|(g, r)| (g.name(), ReadyRangeStamps::new(&clock, r)))
        .collect();
    SimulationReport {
        model: ModelInfo::MYO,
        athlete: AthleteInfo::of(&scenario.athlete),
        points,
        ready_at,
        ready_range,
        ensemble: *ensemble,
        advice,
        defaults_filled: input.describe(scenario),
    }
}
