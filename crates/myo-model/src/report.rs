//! What the model reports at a moment: the spec's per-muscle and systemic fields, derived from
//! the state. Kept apart from the state so outputs can change without touching the dynamics.

use crate::muscle::{MuscleGroup, MUSCLE_COUNT};

/// Repair phase of a muscle group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    None,
    Inflammation,
    Repair,
    Remodelling,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::None => "none",
            Phase::Inflammation => "inflammation",
            Phase::Repair => "repair",
            Phase::Remodelling => "remodelling",
        }
    }
}

/// One muscle group at one moment, in the spec's units.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MuscleReport {
    pub force_pct: f64,
    pub soreness: f64,
    pub damage: f64,
    pub inflammation: f64,
    pub swelling_pct: f64,
    pub metabolites: f64,
    pub glycogen_pct: f64,
    pub perfusion: f64,
    pub tension: f64,
    pub phase: Phase,
    pub readiness: f64,
}

/// The whole body at one moment.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SystemicReport {
    pub lactate_mmol: f64,
    pub neural_fatigue: f64,
    pub sleep_debt_h: f64,
    pub hydration_pct: f64,
    pub autonomic: f64,
    pub fitness: f64,
    pub fatigue: f64,
    pub form: f64,
    pub readiness: f64,
}

/// Everything the model reports at one time.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    pub at_h: f64,
    pub muscles: [MuscleReport; MUSCLE_COUNT],
    pub systemic: SystemicReport,
}

impl Snapshot {
    pub fn muscle(&self, group: MuscleGroup) -> &MuscleReport {
        &self.muscles[group.index()]
    }
}
