//! Training-load and HRV analytics for myo, computed the way the tools athletes already use
//! compute them (GoldenCheetah, TrainingPeaks/WKO, intervals.icu, Runalyze, HRV4Training, pyHRV),
//! with every convention where those tools disagree exposed as a setting. Pure: no file or
//! network I/O and no clock; text formats are parsed from `&str` in [`parse`].
//!
//! - [`load`]: session load ([`load::session`]), fitness/fatigue/form ([`load::pmc()`]), ACWR,
//!   monotony and strain ([`load::ratio`]), the Banister impulse-response model
//!   ([`load::banister`]).
//! - [`hrv`]: artefact correction, time/frequency domain, Poincaré, DFA ([`hrv::analyse`]), and
//!   daily baselines with verdicts ([`hrv::daily_verdicts`]).
//!
//! ```
//! use myo_metrics::hrv::{self, HrvConfig};
//! use myo_metrics::load::{pmc, PmcConfig};
//!
//! // Fitness, fatigue and form after a week of 100 AU a day (defaults: τ 42/7, GoldenCheetah λ).
//! let days = pmc(&[100.0; 7], &PmcConfig::default()).unwrap();
//! assert!(days[6].fatigue_au > days[6].fitness_au);
//!
//! // HRV of an RR series in ms.
//! let rr_ms: Vec<f64> = (0..300).map(|i| 850.0 + 40.0 * (i as f64 * 1.3).sin()).collect();
//! let report = hrv::analyse(&rr_ms, &HrvConfig::default()).unwrap();
//! assert!(report.time.rmssd_ms > 0.0);
//! ```

pub mod error;
pub mod hrv;
pub mod load;
pub mod parse;

pub use error::{MetricsError, ParseError};
