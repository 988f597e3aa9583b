//! The myo recovery model.
//!
//! A pure simulation of how each muscle group and the whole body recover after training:
//! no I/O, no clock (time is an input, in hours since the scenario start), no randomness.
//!
//! - [`MuscleGroup`]: the seventeen groups; [`Athlete`]: the profile; [`Event`]: what happened.
//! - [`Simulation`]: applies events in time order and integrates the state between them.
//! - [`Snapshot`]: the spec's fields for every group and the whole body at one time.
//! - [`Params`]: every parameter, documented with its evidence key.
//! - [`Checkpoint`]: the whole simulation state at one moment, to resume from without
//!   simulating the history again.
//!
//! ```
//! use myo_model::*;
//! let athlete = Athlete {
//!     sex: Sex::Male, age_years: 22.0, body_mass_kg: 72.0,
//!     training_status: TrainingStatus::Untrained, max_hr: 192.6, resting_hr: None,
//!     conditions: vec![],
//! };
//! let bout = Event { at: 0.0, kind: EventKind::Strength(StrengthSession { rpe: None, exercises: vec![
//!     ExerciseDose { loading: vec![(MuscleGroup::Biceps, 1.0)], sets: 1, reps: 12,
//!         intensity: Intensity::Maximal, contraction: Contraction::Eccentric,
//!         to_failure: false, eccentric_bias: 1.0, compound: false, ballistic: false },
//! ] }) };
//! let mut sim = Simulation::new(athlete, Params::default(), vec![bout], 0.0, -3.0);
//! let right_after = sim.snapshot_at(0.0).muscle(MuscleGroup::Biceps).force_pct;
//! let four_days = sim.snapshot_at(96.0).muscle(MuscleGroup::Biceps).force_pct;
//! assert!(right_after < 70.0 && right_after < four_days && four_days < 90.0);
//! ```

pub mod athlete;
pub mod checkpoint;
pub mod engine;
pub mod event;
pub mod muscle;
pub mod params;
pub mod report;
pub mod sport;
pub mod state;

/// The model crate's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Raised whenever a change alters the model's results (equations, parameters, defaults):
/// stored checkpoints of an earlier revision are then never resumed. A test in `myo-service`
/// fails when results change while this stays.
pub const MODEL_REVISION: u32 = 4;

pub use athlete::{Athlete, Condition, Sex, TrainingStatus};
pub use checkpoint::Checkpoint;
pub use engine::Simulation;
pub use event::*;
pub use muscle::{MuscleGroup, UnknownName, MUSCLE_COUNT};
pub use params::Params;
pub use report::{MuscleReport, Phase, Snapshot, SystemicReport};
pub use sport::{Involvement, Modality, PerMuscle, Sport};
pub use state::{MuscleState, State, SystemicState};
