//! Time-domain HRV (Task Force 1996) with the conventions where libraries disagree made explicit.

use serde::Serialize;

use crate::error::{ensure_finite, MetricsError};

/// How SDSD is computed. RMSSD agrees everywhere; SDSD does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SdsdConvention {
    /// Sample SD (n−1) of the successive differences: Task Force, numpy, neurokit2.
    #[default]
    SampleStd,
    /// Population SD (n) of the successive differences: hrv-analysis.
    PopulationStd,
    /// Sample SD of the *absolute* successive differences: pyHRV 0.4.
    AbsDiffSampleStd,
}

/// What pNNx is a percentage of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PnnDenominator {
    /// Number of successive differences (N−1): pyHRV, hrv-analysis, GoldenCheetah.
    #[default]
    Differences,
    /// Number of intervals (N): neurokit2.
    Intervals,
}

/// Conventions for [`time_domain`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct TimeDomainConfig {
    pub sdsd: SdsdConvention,
    pub pnn_denominator: PnnDenominator,
}

/// Time-domain metrics of an NN series.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TimeDomain {
    pub n_intervals: usize,
    pub mean_nn_ms: f64,
    /// Sample SD (n−1), as every peer.
    pub sdnn_ms: f64,
    pub rmssd_ms: f64,
    /// ln(RMSSD in ms); `None` when every successive difference is zero.
    pub ln_rmssd: Option<f64>,
    pub sdsd_ms: f64,
    /// Successive differences whose magnitude is strictly greater than 50 ms.
    pub nn50: usize,
    pub pnn50_pct: f64,
    pub nn20: usize,
    pub pnn20_pct: f64,
    /// Mean of the instantaneous heart rates 60000/NN (not 60000/mean NN).
    pub mean_hr_bpm: f64,
    pub min_hr_bpm: f64,
    pub max_hr_bpm: f64,
}

/// Time-domain metrics. Needs at least 2 intervals (one successive difference).
///
/// One pass over the data (Welford for the variances) so a 24-hour recording costs microseconds.
pub fn time_domain(nn_ms: &[f64], config: &TimeDomainConfig) -> Result<TimeDomain, MetricsError> {
    if nn_ms.len() < 2 {
        return Err(MetricsError::TooFew {
            metric: "time-domain HRV",
            have: nn_ms.len(),
            need: 2,
        });
    }
    ensure_finite(nn_ms, "nn_ms")?;
    if let Some(bad) = nn_ms.iter().find(|v| **v <= 0.0) {
        return Err(MetricsError::Invalid(format!(
            "NN interval {bad} ms is not positive"
        )));
    }
    let n = nn_ms.len();
    // Welford accumulators: NN, diff, |diff|.
    let (mut mean_nn, mut m2_nn) = (0.0f64, 0.0f64);
    let (mut mean_d, mut m2_d) = (0.0f64, 0.0f64);
    let (mut mean_ad, mut m2_ad) = (0.0f64, 0.0f64);
    let mut sum_sq_d = 0.0f64;
    let mut sum_hr = 0.0f64;
    let (mut min_nn, mut max_nn) = (f64::INFINITY, f64::NEG_INFINITY);
    let (mut nn50, mut nn20) = (0usize, 0usize);
    let mut prev = nn_ms[0];
    for (i, &x) in nn_ms.iter().enumerate() {
        let k = (i + 1) as f64;
        let delta = x - mean_nn;
        mean_nn += delta / k;
        m2_nn += delta * (x - mean_nn);
        sum_hr += 60_000.0 / x;
        min_nn = min_nn.min(x);
        max_nn = max_nn.max(x);
        if i > 0 {
            let d = x - prev;
            let ad = d.abs();
            let j = i as f64;
            let dd = d - mean_d;
            mean_d += dd / j;
            m2_d += dd * (d - mean_d);
            let dad = ad - mean_ad;
            mean_ad += dad / j;
            m2_ad += dad * (ad - mean_ad);
            sum_sq_d += d * d;
            nn50 += usize::from(ad > 50.0);
            nn20 += usize::from(ad > 20.0);
        }
        prev = x;
    }
    let n_diff = (n - 1) as f64;
    let rmssd = (sum_sq_d / n_diff).sqrt();
    let sdsd = match config.sdsd {
        // With a single difference the sample SD is undefined; report 0 rather than NaN.
        SdsdConvention::SampleStd if n > 2 => (m2_d / (n_diff - 1.0)).sqrt(),
        SdsdConvention::AbsDiffSampleStd if n > 2 => (m2_ad / (n_diff - 1.0)).sqrt(),
        SdsdConvention::SampleStd | SdsdConvention::AbsDiffSampleStd => 0.0,
        SdsdConvention::PopulationStd => (m2_d / n_diff).sqrt(),
    };
    let denom = match config.pnn_denominator {
        PnnDenominator::Differences => n_diff,
        PnnDenominator::Intervals => n as f64,
    };
    Ok(TimeDomain {
        n_intervals: n,
        mean_nn_ms: mean_nn,
        sdnn_ms: (m2_nn / (n as f64 - 1.0)).sqrt(),
        rmssd_ms: rmssd,
        ln_rmssd: (rmssd > 0.0).then(|| rmssd.ln()),
        sdsd_ms: sdsd,
        nn50,
        pnn50_pct: 100.0 * nn50 as f64 / denom,
        nn20,
        pnn20_pct: 100.0 * nn20 as f64 / denom,
        mean_hr_bpm: sum_hr / n as f64,
        min_hr_bpm: 60_000.0 / max_nn,
        max_hr_bpm: 60_000.0 / min_nn,
    })
}
