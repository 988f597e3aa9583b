//! The myo recovery model.
//!
//! A pure simulation of how each muscle group and the whole body recover after training:
//! no I/O, no clock (time is an input, in hours since the scenario start), no randomness.

pub mod muscle;
pub mod sport;

pub use muscle::{MuscleGroup, UnknownName, MUSCLE_COUNT};
pub use sport::{Involvement, Modality, PerMuscle, Sport};
