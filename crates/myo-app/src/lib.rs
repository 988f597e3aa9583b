//! Use cases: each operation takes validated input and returns plain data the CLI prints and
//! the web renders. No terminal, no file system.
//!
//! - [`mod@simulate`]: a scenario through the model, at the query times, with flags, `ready_at`
//!   and advice: the `myo simulate` contract of `spec/scenario.md`.
//! - [`plan`]: the advisor's plan for one day of a scenario (`myo plan`).
//! - [`compare`]: two scenarios side by side (`myo simulate --compare`).

pub mod bands;
pub mod compare;
pub mod log;
pub mod plan;
pub mod simulate;

pub use simulate::{simulate, Point, ReadyAt, SimulationReport};
