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
    let n = nn_ms.len();
    // One pass, no branches but the counts: sums shifted by the first interval (the "shifted
    // data" variance, exact enough because NN values sit near their first value), diffs unshifted
    // (their mean is ~0), so the loop vectorises and a day of beats takes tens of microseconds.
    let k = nn_ms[0];
    // Four independent lanes so the reductions (and the divisions for HR) pipeline/vectorise.
    const L: usize = 4;
    let (mut s_x, mut ss_x, mut hr) = ([0.0f64; L], [0.0f64; L], [0.0f64; L]);
    let (mut lo, mut hi) = ([k; L], [k; L]);
    // Validity is folded into the same pass: NaN fails `x > 0`, +∞ fails `x < ∞`.
    let mut bad = [false; L];
    let chunks = nn_ms.chunks_exact(L);
    let rest = chunks.remainder();
    for c in chunks {
        for j in 0..L {
            let x = c[j];
            let v = x - k;
            s_x[j] += v;
            ss_x[j] += v * v;
            hr[j] += 60_000.0 / x;
            lo[j] = if x < lo[j] { x } else { lo[j] };
            hi[j] = if x > hi[j] { x } else { hi[j] };
            bad[j] |= !(x > 0.0 && x < f64::INFINITY);
        }
    }
    for &x in rest {
        let v = x - k;
        s_x[0] += v;
        ss_x[0] += v * v;
        hr[0] += 60_000.0 / x;
        lo[0] = lo[0].min(x);
        hi[0] = hi[0].max(x);
        bad[0] |= !(x > 0.0 && x < f64::INFINITY);
    }
    if bad.iter().any(|b| *b) {
        ensure_finite(nn_ms, "nn_ms")?;
        let v = nn_ms.iter().find(|v| **v <= 0.0).copied().unwrap_or(0.0);
        return Err(MetricsError::Invalid(format!(
            "NN interval {v} ms is not positive"
        )));
    }
    let (s_x, ss_x, sum_hr): (f64, f64, f64) =
        (s_x.iter().sum(), ss_x.iter().sum(), hr.iter().sum());
    let min_nn = lo.iter().copied().fold(f64::INFINITY, f64::min);
    let max_nn = hi.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (mut sd, mut ssd, mut sad) = ([0.0f64; L], [0.0f64; L], [0.0f64; L]);
    let (mut c50, mut c20) = ([0u32; L], [0u32; L]);
    let (prev, next) = (&nn_ms[..n - 1], &nn_ms[1..]);
    let (pc, nc) = (prev.chunks_exact(L), next.chunks_exact(L));
    let (pr, nr) = (pc.remainder(), nc.remainder());
    for (p, q) in pc.zip(nc) {
        for j in 0..L {
            let d = q[j] - p[j];
            let ad = d.abs();
            sd[j] += d;
            ssd[j] += d * d;
            sad[j] += ad;
            c50[j] += u32::from(ad > 50.0);
            c20[j] += u32::from(ad > 20.0);
        }
    }
    for (p, q) in pr.iter().zip(nr) {
        let d = q - p;
        let ad = d.abs();
        sd[0] += d;
        ssd[0] += d * d;
        sad[0] += ad;
        c50[0] += u32::from(ad > 50.0);
        c20[0] += u32::from(ad > 20.0);
    }
    let (s_d, ss_d, s_ad): (f64, f64, f64) = (sd.iter().sum(), ssd.iter().sum(), sad.iter().sum());
    let nn50 = c50.iter().map(|c| *c as usize).sum::<usize>();
    let nn20 = c20.iter().map(|c| *c as usize).sum::<usize>();
    let nf = n as f64;
    let mean_nn = k + s_x / nf;
    let m2_nn = (ss_x - s_x * s_x / nf).max(0.0);
    let sum_sq_d = ss_d;
    let nd = (n - 1) as f64;
    let m2_d = (ss_d - s_d * s_d / nd).max(0.0);
    // Σ|d|² = Σd², so the absolute differences need only their sum.
    let m2_ad = (ss_d - s_ad * s_ad / nd).max(0.0);
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
