//! Decisions from the model: safety triage first, then the day's plan. Pure, like the model.
//!
//! - [`triage::flags`]: flags at a moment from symptoms, observations, conditions and state.
//!   Red flags (`urgent`) always win: under one, the plan is only `seek_medical_care`.
//! - [`plan::day_plan`]: the plan for a day (whole body and each group, split, active
//!   recovery, interventions, nutrition, sleep, monitoring), every item with its evidence.
//! - [`forecast`]: `ready_at` and its 10–90% range over the between-person spread.

mod codes;

pub mod advice;
pub mod effort;
pub mod explain;
pub mod forecast;
pub mod interventions;
pub mod monitoring;
pub mod nutrition;
pub mod plan;
pub mod recovery;
pub mod triage;

pub use advice::{Advice, AdviceCode};
pub use forecast::{Ensemble, Run};
pub use plan::{day_plan, Clock, DayPlan, Decision, Level, Percentiles, ReadyRangeStamps, Request};
pub use triage::{flags, Flag, FlagCode, Severity};
