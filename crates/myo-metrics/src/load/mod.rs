//! Training load: per-session load, fitness/fatigue/form, load ratios, and the Banister model.

pub mod banister;
pub mod pmc;
pub mod ratio;
pub mod session;
pub mod wbal;

pub use pmc::{pmc, FormTiming, Pmc, PmcConfig, PmcDay, Smoothing};
