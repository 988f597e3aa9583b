//! Poincaré plot descriptors and detrended fluctuation analysis.

use serde::Serialize;

use crate::error::{ensure_finite, MetricsError};

/// SD1 (short-term, across the identity line) and SD2 (long-term, along it).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Poincare {
    pub sd1_ms: f64,
    pub sd2_ms: f64,
    pub sd2_sd1_ratio: f64,
    /// π·SD1·SD2.
    pub ellipse_area_ms2: f64,
}

/// Poincaré SD1/SD2 with population SDs (n), as pyHRV and hrv-analysis.
pub fn poincare(nn_ms: &[f64]) -> Result<Poincare, MetricsError> {
    if nn_ms.len() < 3 {
        return Err(MetricsError::TooFew {
            metric: "Poincaré SD1/SD2",
            have: nn_ms.len(),
            need: 3,
        });
    }
    ensure_finite(nn_ms, "nn_ms")?;
    let n = (nn_ms.len() - 1) as f64;
    let r2 = std::f64::consts::SQRT_2;
    let (mut mean_d, mut mean_s) = (0.0, 0.0);
    for w in nn_ms.windows(2) {
        mean_d += (w[0] - w[1]) / r2;
        mean_s += (w[0] + w[1]) / r2;
    }
    mean_d /= n;
    mean_s /= n;
    // Two passes: sums of pairs are ~1e3 ms, so one-pass variances would lose digits.
    let (mut var_d, mut var_s) = (0.0, 0.0);
    for w in nn_ms.windows(2) {
        let d = (w[0] - w[1]) / r2 - mean_d;
        let s = (w[0] + w[1]) / r2 - mean_s;
        var_d += d * d;
        var_s += s * s;
    }
    let sd1 = (var_d / n).sqrt();
    let sd2 = (var_s / n).sqrt();
    Ok(Poincare {
        sd1_ms: sd1,
        sd2_ms: sd2,
        sd2_sd1_ratio: if sd1 > 0.0 { sd2 / sd1 } else { 0.0 },
        ellipse_area_ms2: std::f64::consts::PI * sd1 * sd2,
    })
}

/// Scaling exponent α over box sizes `min_box..=max_box` beats: the integrated, mean-removed
/// series is cut into non-overlapping boxes, each detrended by a least-squares line; F(n) is the
/// mean over boxes of the RMS residual, and α the least-squares slope of ln F(n) on ln n
/// (nolds `dfa(overlap=False, order=1)` as pyHRV calls it, with an ordinary least-squares fit).
pub fn dfa_alpha(nn_ms: &[f64], min_box: usize, max_box: usize) -> Result<f64, MetricsError> {
    if min_box < 3 || max_box < min_box {
        return Err(MetricsError::Invalid(format!(
            "DFA box sizes {min_box}..={max_box} are not a valid range"
        )));
    }
    if nn_ms.len() < 2 * max_box {
        return Err(MetricsError::TooFew {
            metric: "DFA",
            have: nn_ms.len(),
            need: 2 * max_box,
        });
    }
    ensure_finite(nn_ms, "nn_ms")?;
    let mean = nn_ms.iter().sum::<f64>() / nn_ms.len() as f64;
    let mut walk = Vec::with_capacity(nn_ms.len());
    let mut acc = 0.0;
    for v in nn_ms {
        acc += v - mean;
        walk.push(acc);
    }
    let mut log_n = Vec::new();
    let mut log_f = Vec::new();
    for n in min_box..=max_box {
        let nf = n as f64;
        // x = 0..n-1: closed-form sums for the regression of each box on x.
        let sx = nf * (nf - 1.0) / 2.0;
        let sxx = (nf - 1.0) * nf * (2.0 * nf - 1.0) / 6.0;
        let det = nf * sxx - sx * sx;
        let mut sum_fluct = 0.0;
        let boxes = walk.len() / n;
        for b in walk.chunks_exact(n) {
            let (mut sy, mut sxy, mut syy) = (0.0, 0.0, 0.0);
            for (i, y) in b.iter().enumerate() {
                sy += y;
                sxy += i as f64 * y;
                syy += y * y;
            }
            let slope = (nf * sxy - sx * sy) / det;
            let icpt = (sy - slope * sx) / nf;
            // Residual sum of squares of the fitted line.
            let rss = (syy - icpt * sy - slope * sxy).max(0.0);
            sum_fluct += (rss / nf).sqrt();
        }
        let f = sum_fluct / boxes as f64;
        if f <= 0.0 {
            return Err(MetricsError::NoData(
                "the NN series has no fluctuation to scale".into(),
            ));
        }
        log_n.push(nf.ln());
        log_f.push(f.ln());
    }
    Ok(slope(&log_n, &log_f))
}

fn slope(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len() as f64;
    let mx = x.iter().sum::<f64>() / n;
    let my = y.iter().sum::<f64>() / n;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
    }
    sxy / sxx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_noise_scales_flatter_than_a_random_walk() {
        // A deterministic pseudo-random series (xorshift) stands in for white noise.
        let mut s = 0x2545_f491_4f6c_dd1du64;
        let nn: Vec<f64> = (0..20_000)
            .map(|_| {
                s ^= s << 13;
                s ^= s >> 7;
                s ^= s << 17;
                800.0 + (s % 1000) as f64 / 10.0
            })
            .collect();
        // Over 4–16 beats DFA-1 reads white noise a little above its asymptotic 0.5.
        let white = dfa_alpha(&nn, 4, 16).unwrap();
        assert!((0.45..0.7).contains(&white), "white {white}");
        let mut acc = 0.0;
        let walk: Vec<f64> = nn
            .iter()
            .map(|v| {
                acc += v - 850.0;
                1000.0 + acc
            })
            .collect();
        let brown = dfa_alpha(&walk, 4, 16).unwrap();
        assert!(brown > 1.3, "random walk {brown}");
    }

    #[test]
    fn poincare_of_alternating_series_is_all_sd1() {
        let nn: Vec<f64> = (0..101)
            .map(|i| if i % 2 == 0 { 800.0 } else { 900.0 })
            .collect();
        let p = poincare(&nn).unwrap();
        assert!((p.sd1_ms - 100.0 / std::f64::consts::SQRT_2).abs() < 1e-9);
        assert!(p.sd2_ms < 1e-9);
    }
}
