//! Decisions from the model: safety triage first, then advice. Pure, like the model.
//!
//! - [`triage::flags`]: flags at a moment from symptoms, observations, conditions and state.
//!   Red flags (`urgent`) always win: under one, [`advice::advise`] returns only
//!   `seek_medical_care`.
//! - [`advice::advise`]: the advice list for a moment, each item with its evidence.

pub mod advice;
pub mod triage;

pub use advice::{advise, Advice};
pub use triage::{flags, Flag, Severity};
