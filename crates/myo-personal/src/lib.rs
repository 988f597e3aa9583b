//! myo's personal model: what an athlete reports and measures is evidence about their own
//! parameters and their current state.
//!
//! - [`items`]: the observation models, one per reported item (soreness by group, readiness,
//!   fatigue, HRV, resting HR, CK, performance tests), each with the athlete's own offset,
//!   gain and noise around the population's;
//! - [`dlm`]: one item's closed-form posterior (a Kalman filter with unknown variance);
//! - [`prior`]: the population prior of the simulation's individual parameters;
//! - [`Learner`]: the particle filter over those parameters, each particle a simulation with
//!   its items' posteriors (Rao-Blackwellised), persisted as a [`LearnerState`];
//! - [`summary`]: expected reports and learned parameters, as the spec's JSON.
//!
//! Pure: no I/O, no clock. Choices and sources: `docs/model.md` §14, `docs/evidence.md`.

pub mod dlm;
pub mod items;
mod learner;
pub mod prior;
pub mod summary;

pub use items::Item;
pub use learner::{Learner, LearnerState, Options, ParticleState};
pub use prior::{Individual, Spread};
pub use summary::{in_words, Expected, Learned};
