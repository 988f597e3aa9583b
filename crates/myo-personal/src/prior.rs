//! The population prior of the parameters the simulation itself depends on: between-person
//! multipliers of damage susceptibility, repair speed and central-fatigue sensitivity. The
//! forecast ensemble draws the first two the same way (`myo_advisor::forecast`).

use myo_model::Params;
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::{Deserialize, Serialize};

/// Standard deviations of the natural log of each multiplier.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Spread {
    /// Damage susceptibility (multiplies the damage caps, the endurance damage rate and the
    /// slow, excitation–contraction fatigue). Two-piece: below and above the calibrated
    /// median, because force loss saturates. Fitted so that ±2.4 SD (the extremes of 89
    /// people) reproduce Nosaka 2006's −17.6% and −72.8% immediate force loss around the
    /// model's −49%. [SPREAD-DAMAGE]
    pub damage_sigma_low: f64,
    pub damage_sigma_high: f64,
    /// Repair speed. Thin evidence: kept moderate. [SPREAD-REPAIR]
    pub repair_sigma: f64,
    /// Central-fatigue sensitivity. Thin evidence: kept moderate. [SPREAD-CENTRAL]
    pub central_sigma: f64,
}

impl Default for Spread {
    fn default() -> Self {
        Spread {
            damage_sigma_low: 0.63,
            damage_sigma_high: 0.225,
            repair_sigma: 0.30,
            central_sigma: 0.30,
        }
    }
}

impl Spread {
    /// The damage multiplier `z` standard deviations from the median.
    pub fn damage(&self, z: f64) -> f64 {
        let sigma = if z < 0.0 {
            self.damage_sigma_low
        } else {
            self.damage_sigma_high
        };
        (sigma * z).exp()
    }
}

/// One person's multipliers (1 = the population's median).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Individual {
    pub damage: f64,
    pub repair: f64,
    pub central: f64,
}

impl Individual {
    pub const MEDIAN: Individual = Individual {
        damage: 1.0,
        repair: 1.0,
        central: 1.0,
    };

    /// `base` adjusted for this person.
    pub fn params(&self, base: &Params) -> Params {
        let mut p = base.clone();
        p.damage_cap = (p.damage_cap * self.damage).min(0.95);
        p.endurance_damage_rate *= self.damage;
        // Excitation–contraction failure is part of the same susceptibility.
        p.slow_fatigue_cap = (p.slow_fatigue_cap * self.damage).min(0.9);
        p.repair_rate_per_h *= self.repair;
        p.neural_strength_scale /= self.central;
        p.neural_endurance_rate *= self.central;
        p.neural_max = (p.neural_max * self.central).min(0.9);
        p.neural_endurance_max = (p.neural_endurance_max * self.central).min(0.9);
        p
    }

    /// The multipliers as standard-normal coordinates of the prior (for jitter and
    /// summaries).
    pub fn to_z(self, spread: &Spread) -> [f64; 3] {
        let d = self.damage.ln();
        [
            d / if d < 0.0 {
                spread.damage_sigma_low
            } else {
                spread.damage_sigma_high
            },
            self.repair.ln() / spread.repair_sigma,
            self.central.ln() / spread.central_sigma,
        ]
    }

    /// The multipliers at standard-normal coordinates `z`.
    pub fn from_z(z: [f64; 3], spread: &Spread) -> Individual {
        Individual {
            damage: spread.damage(z[0]),
            repair: (spread.repair_sigma * z[1]).exp(),
            central: (spread.central_sigma * z[2]).exp(),
        }
    }
}

/// `n` draws from the prior: a Latin hypercube on each axis (equally likely strata, shuffled by
/// the seed), so a small set covers the tails.
pub fn draws(n: usize, seed: u64, spread: &Spread) -> Vec<Individual> {
    let n = n.max(1);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let mut axis = || -> Vec<f64> {
        let mut order: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            order.swap(i, rng.gen_range(0..=i));
        }
        order
            .into_iter()
            .map(|k| normal_quantile((k as f64 + rng.gen::<f64>()) / n as f64))
            .collect()
    };
    let (a, b, c) = (axis(), axis(), axis());
    (0..n)
        .map(|k| Individual::from_z([a[k], b[k], c[k]], spread))
        .collect()
}

/// The standard normal distribution function.
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x / std::f64::consts::SQRT_2)
}

/// The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.38357751867269e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680131188771972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-3,
        3.224671290700398e-1,
        2.445134137142996,
        3.754408661907416,
    ];
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    let low = 0.02425;
    if p < low {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -normal_quantile(1.0 - p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z_round_trips_and_draws_centre_on_the_median() {
        let s = Spread::default();
        let i = Individual {
            damage: 0.7,
            repair: 1.3,
            central: 0.9,
        };
        let back = Individual::from_z(i.to_z(&s), &s);
        assert!((back.damage - 0.7).abs() < 1e-12 && (back.repair - 1.3).abs() < 1e-12);
        let d = draws(101, 7, &s);
        let mut repair: Vec<f64> = d.iter().map(|i| i.repair).collect();
        repair.sort_by(f64::total_cmp);
        assert!((repair[50] - 1.0).abs() < 0.05, "{}", repair[50]);
        assert!((normal_quantile(0.9) - 1.2816).abs() < 1e-3);
    }
}
