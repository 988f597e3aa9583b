//! The statistics: mean absolute error, Spearman's ρ (average ranks for ties), percentile
//! intervals from a seeded block bootstrap, a least-squares line.

use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

pub fn mean(x: &[f64]) -> Option<f64> {
    (!x.is_empty()).then(|| x.iter().sum::<f64>() / x.len() as f64)
}

pub fn median(x: &[f64]) -> Option<f64> {
    if x.is_empty() {
        return None;
    }
    let mut v = x.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// Mean absolute error of `pred` against `truth`.
pub fn mae(pred: &[f64], truth: &[f64]) -> Option<f64> {
    let e: Vec<f64> = pred.iter().zip(truth).map(|(p, t)| (p - t).abs()).collect();
    mean(&e)
}

/// Ranks 1…n, ties sharing their average rank.
fn ranks(x: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && x[order[j + 1]] == x[order[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for &o in &order[i..=j] {
            r[o] = avg;
        }
        i = j + 1;
    }
    r
}

fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let (mx, my) = (mean(x)?, mean(y)?);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    (sxx > 1e-12 && syy > 1e-12).then(|| sxy / (sxx * syy).sqrt())
}

/// Why a Spearman ρ could not be computed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rho {
    Value(f64),
    /// The predictions did not vary: they rank nothing (counted as 0 when pooled).
    ConstantPrediction,
    /// The reports did not vary: nothing to rank against (left out when pooled).
    ConstantTruth,
}

/// Spearman's ρ: Pearson's correlation of the average ranks.
pub fn spearman(pred: &[f64], truth: &[f64]) -> Rho {
    let varies = |x: &[f64]| x.iter().any(|v| (v - x[0]).abs() > 1e-9);
    if truth.len() < 3 || !varies(truth) {
        return Rho::ConstantTruth;
    }
    if !varies(pred) {
        return Rho::ConstantPrediction;
    }
    match pearson(&ranks(pred), &ranks(truth)) {
        Some(r) => Rho::Value(r),
        None => Rho::ConstantPrediction,
    }
}

impl Rho {
    /// The value pooled over athletes: a constant prediction counts as no association.
    pub fn pooled(self) -> Option<f64> {
        match self {
            Rho::Value(r) => Some(r),
            Rho::ConstantPrediction => Some(0.0),
            Rho::ConstantTruth => None,
        }
    }
}

/// The least-squares line `y = a + b·x`, or the mean of `y` when `x` barely varies or there
/// are fewer than `min_pairs` pairs; `None` without any pair.
pub fn line(pairs: &[(f64, f64)], min_pairs: usize) -> Option<(f64, f64)> {
    let n = pairs.len() as f64;
    if pairs.is_empty() {
        return None;
    }
    let my = pairs.iter().map(|p| p.1).sum::<f64>() / n;
    if pairs.len() < min_pairs {
        return Some((my, 0.0));
    }
    let mx = pairs.iter().map(|p| p.0).sum::<f64>() / n;
    let sxx: f64 = pairs.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pairs.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx <= 1e-9 * n.max(1.0) {
        return Some((my, 0.0));
    }
    let b = sxy / sxx;
    Some((my - b * mx, b))
}

/// A statistic and its 95% percentile interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub value: f64,
    pub lo: f64,
    pub hi: f64,
}

/// Blocks of observations (a block: one athlete's ISO week), grouped by stratum (athlete).
/// The bootstrap draws, in every stratum, as many blocks as it has, with replacement.
pub struct Blocks {
    pub strata: Vec<Vec<Vec<usize>>>,
}

/// 2.5% and 97.5% percentiles of `stat` over `reps` block-bootstrap resamples (seeded), with
/// `stat` of the original sample as the value. `stat` receives the resampled indices, stratum
/// by stratum, and may decline a resample (`None`, e.g. a ρ undefined on it).
pub fn bootstrap(
    blocks: &Blocks,
    reps: usize,
    seed: u64,
    stat: impl Fn(&[Vec<usize>]) -> Option<f64>,
) -> Option<Estimate> {
    let original: Vec<Vec<usize>> = blocks.strata.iter().map(|s| s.concat()).collect();
    let value = stat(&original)?;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut draws = Vec::with_capacity(reps);
    let mut sample: Vec<Vec<usize>> = vec![Vec::new(); blocks.strata.len()];
    for _ in 0..reps {
        for (s, stratum) in blocks.strata.iter().enumerate() {
            sample[s].clear();
            for _ in 0..stratum.len() {
                sample[s].extend_from_slice(&stratum[rng.gen_range(0..stratum.len())]);
            }
        }
        if let Some(v) = stat(&sample) {
            draws.push(v);
        }
    }
    if draws.is_empty() {
        return Some(Estimate {
            value,
            lo: f64::NAN,
            hi: f64::NAN,
        });
    }
    draws.sort_by(f64::total_cmp);
    let q = |p: f64| draws[((p * (draws.len() - 1) as f64).round() as usize).min(draws.len() - 1)];
    Some(Estimate {
        value,
        lo: q(0.025),
        hi: q(0.975),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mae_and_median() {
        assert_eq!(mae(&[1.0, 2.0, 4.0], &[1.0, 3.0, 2.0]), Some(1.0));
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn spearman_with_ties_and_constants() {
        // Monotone but not linear: ρ = 1.
        assert_eq!(
            spearman(&[1.0, 2.0, 3.0, 4.0], &[1.0, 4.0, 9.0, 16.0]),
            Rho::Value(1.0)
        );
        assert_eq!(
            spearman(&[4.0, 3.0, 2.0, 1.0], &[1.0, 2.0, 3.0, 4.0]),
            Rho::Value(-1.0)
        );
        // Ties take their average rank: ranks (1.5, 1.5, 3) against (1, 2, 3).
        let Rho::Value(r) = spearman(&[1.0, 1.0, 2.0], &[1.0, 2.0, 3.0]) else {
            panic!("defined");
        };
        assert!((r - 0.866_025_4).abs() < 1e-6, "{r}");
        assert_eq!(
            spearman(&[2.0, 2.0, 2.0], &[1.0, 2.0, 3.0]),
            Rho::ConstantPrediction
        );
        assert_eq!(
            spearman(&[1.0, 2.0, 3.0], &[3.0, 3.0, 3.0]),
            Rho::ConstantTruth
        );
    }

    #[test]
    fn line_fits_and_falls_back_to_the_mean() {
        let (a, b) = line(&[(0.0, 1.0), (1.0, 3.0), (2.0, 5.0)], 3).unwrap();
        assert!((a - 1.0).abs() < 1e-12 && (b - 2.0).abs() < 1e-12);
        assert_eq!(line(&[(1.0, 1.0), (1.0, 3.0)], 1), Some((2.0, 0.0)));
        assert_eq!(line(&[(0.0, 1.0), (1.0, 3.0)], 3), Some((2.0, 0.0)));
        assert_eq!(line(&[], 3), None);
    }

    #[test]
    fn bootstrap_is_seeded_and_brackets_the_mean() {
        let x: Vec<f64> = (0..60).map(|i| f64::from(i % 7)).collect();
        let blocks = Blocks {
            strata: vec![(0..10).map(|w| (w * 6..w * 6 + 6).collect()).collect()],
        };
        let stat = |s: &[Vec<usize>]| mean(&s[0].iter().map(|&i| x[i]).collect::<Vec<_>>());
        let a = bootstrap(&blocks, 500, 7, stat).unwrap();
        let b = bootstrap(&blocks, 500, 7, stat).unwrap();
        assert_eq!(a, b);
        assert!(a.lo < a.value && a.value < a.hi, "{a:?}");
        assert!((a.value - mean(&x).unwrap()).abs() < 1e-12);
    }
}
