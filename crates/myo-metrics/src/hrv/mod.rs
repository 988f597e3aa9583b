//! HRV from RR intervals: artefact correction, time and frequency domain, Poincaré, DFA, and
//! morning-measurement baselines with daily verdicts.

pub mod artefact;
pub mod baseline;
pub mod freq;
pub mod lipponen;
pub mod nonlinear;
mod spline;
pub mod time;

use serde::Serialize;

pub use artefact::{
    ArtefactBeat, ArtefactConfig, ArtefactCounts, ArtefactMethod, BeatClass, Corrected,
};
pub use baseline::{daily_verdicts, Advice, BaselineConfig, DailyHrv, Status, Verdict};
pub use freq::{FrequencyConfig, FrequencyDomain};
pub use lipponen::LipponenConfig;
pub use nonlinear::Poincare;
pub use time::{PnnDenominator, SdsdConvention, TimeDomain, TimeDomainConfig};

use crate::error::MetricsError;

/// Everything [`analyse`] computes, with the settings that produced it.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct HrvConfig {
    /// `None` analyses the series as given (it is already an NN series).
    pub artefacts: Option<ArtefactConfig>,
    pub time: TimeDomainConfig,
    pub frequency: FrequencyConfig,
}

/// The full HRV report of one recording. Metrics that need more data than the recording has
/// are `None`, with the reason in `notes`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HrvReport {
    pub n_input: usize,
    pub artefacts: Option<ArtefactCounts>,
    /// Every corrected stretch of the input, in order (empty without correction).
    pub corrected_beats: Vec<ArtefactBeat>,
    pub corrected_fraction: f64,
    pub time: TimeDomain,
    pub frequency: Option<FrequencyDomain>,
    pub poincare: Option<Poincare>,
    /// DFA α1 over boxes of 4–16 beats.
    pub dfa_alpha1: Option<f64>,
    pub notes: Vec<String>,
}

/// Corrects (if configured) and analyses an RR series in ms.
pub fn analyse(rr_ms: &[f64], config: &HrvConfig) -> Result<HrvReport, MetricsError> {
    if rr_ms.is_empty() {
        return Err(MetricsError::NoData("the RR series is empty".into()));
    }
    let (nn, counts, beats, fraction) = match &config.artefacts {
        Some(a) => {
            let c = artefact::correct(rr_ms, a)?;
            (c.nn_ms, Some(c.counts), c.beats, c.corrected_fraction)
        }
        None => (rr_ms.to_vec(), None, Vec::new(), 0.0),
    };
    let time = time::time_domain(&nn, &config.time)?;
    let mut notes = Vec::new();
    let frequency = keep(
        freq::frequency_domain(&nn, &config.frequency),
        "frequency domain",
        &mut notes,
    );
    let poincare = keep(nonlinear::poincare(&nn), "Poincaré", &mut notes);
    let dfa_alpha1 = keep(nonlinear::dfa_alpha(&nn, 4, 16), "DFA α1", &mut notes);
    Ok(HrvReport {
        n_input: rr_ms.len(),
        artefacts: counts,
        corrected_beats: beats,
        corrected_fraction: fraction,
        time,
        frequency,
        poincare,
        dfa_alpha1,
        notes,
    })
}

/// A metric that cannot be computed on this recording becomes `None` and a note, not a failure.
fn keep<T>(r: Result<T, MetricsError>, what: &str, notes: &mut Vec<String>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(e) => {
            notes.push(format!("{what}: {e}"));
            None
        }
    }
}
