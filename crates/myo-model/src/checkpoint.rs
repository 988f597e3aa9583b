//! Checkpoints: the complete state of a simulation at one moment, so that a long history need
//! not be simulated again from its start for every question (the store keeps them).
//!
//! A checkpoint holds the model state, the clock, the grid origin, how many events had been
//! applied and when each group last did strength work. It does not hold the events: what a
//! running event does is a function of the event alone, so [`Simulation::resume`] takes the
//! complete event list again and restarts every event that was under way at the checkpoint.
//!
//! **Contract.** `Simulation::resume(athlete, params, events, checkpoint)` continues exactly
//! (bit for bit) as the checkpointed simulation would have, provided that
//!
//! - `athlete` and `params` are the ones the checkpointed simulation had, and the checkpoint
//!   was made by the same model version ([`Checkpoint::VERSION`]);
//! - every event before the checkpoint time, and every event at it that had been applied, is
//!   in `events` unchanged and in the same relative order (ties keep their listed order).
//!   Events after the checkpoint time may be added, removed or changed freely; so may events at
//!   exactly the checkpoint time that come after the applied ones. A correction to anything
//!   earlier invalidates the checkpoint: resume from an earlier one (or from the start).
//!
//! Checkpoints may be taken at any time, also while an event (a run, a night's sleep, a cold
//! bath) is under way: the event's drive restarts from the event list, and what it has already
//! done, including the sleep bookkeeping, is in the state.
//!
//! Serialised with serde, a checkpoint round-trips exactly in any format that round-trips
//! `f64` exactly (bincode, CBOR, postcard; `serde_json` with its `float_roundtrip` feature).
//! There are no infinities or NaNs in it.
//!
//! [`Simulation::resume`]: crate::Simulation::resume

use crate::event::Hours;
use crate::muscle::MUSCLE_COUNT;
use crate::state::State;

/// The complete state of a [`Simulation`](crate::Simulation) at one breakpoint; see the
/// module documentation for the contract.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Checkpoint {
    /// Model state format; a checkpoint of another version must not be resumed.
    pub(crate) version: u32,
    /// The simulation time (always a breakpoint), hours since the scenario start.
    pub(crate) at_h: Hours,
    /// Start of the hourly grid (the simulation start).
    pub(crate) origin_h: Hours,
    /// Events applied so far, in time order: a prefix of the sorted event list.
    pub(crate) applied_events: usize,
    pub(crate) state: State,
    /// When each group last did strength work (for cold-water blunting); `None` if never.
    pub(crate) last_strength_h: [Option<Hours>; MUSCLE_COUNT],
}

impl Checkpoint {
    /// The current checkpoint format. Raised whenever the state or its meaning changes.
    pub const VERSION: u32 = 2;

    /// The time of the checkpoint, hours since the scenario start. Queries from a resumed
    /// simulation must be at or after it.
    pub fn time(&self) -> Hours {
        self.at_h
    }

    /// The format version the checkpoint was written with.
    pub fn version(&self) -> u32 {
        self.version
    }

    /// How many events (in time order) had been applied at the checkpoint.
    pub fn applied_events(&self) -> usize {
        self.applied_events
    }

    /// The model state at the checkpoint.
    pub fn state(&self) -> &State {
        &self.state
    }
}
