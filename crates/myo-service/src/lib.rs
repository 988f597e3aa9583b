//! The operations the CLI and the web share, where the store meets the model: an athlete's log
//! as the model's input ([`log`]), the persisted checkpoint policy ([`checkpoints`]: questions
//! resume from the last valid model state instead of the first day), and imports ([`import`]:
//! parse off the async threads, then one batch write) and the plan for now ([`plan`]). Adapters stay thin: `myo status` and the
//! web's status answer call the same [`checkpoints::status`].

pub mod checkpoints;
pub mod import;
pub mod log;
pub mod plan;

pub use myo_store::{Store, StoreError};

/// What can go wrong: the store's errors (bad input among them, `StoreError::is_bad_input`).
pub type Result<T> = std::result::Result<T, StoreError>;
