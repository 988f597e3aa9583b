//! W′ balance: the work capacity above critical power left during a ride (Skiba 2012), in the
//! integral form GoldenCheetah and sweatpy use by default, and the Froncioni–Skiba–Clarke
//! differential form. Input power at 1 Hz.

use serde::Serialize;

use crate::error::{ensure_finite, MetricsError};

/// The recovery time constant of the integral form.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tau {
    /// Skiba 2012: τ = 546·e^(−0.01·(CP − mean power of the samples below CP)) + 316 s, from the
    /// whole ride (GoldenCheetah `WPrime.cpp`; sweatpy "static").
    Skiba2012,
    /// A fixed τ in seconds.
    Seconds(f64),
}

/// Skiba 2012 τ for a ride.
pub fn skiba_tau_s(power_w: &[f64], cp_w: f64) -> f64 {
    let (sum, n) = power_w
        .iter()
        .filter(|p| **p < cp_w)
        .fold((0.0, 0usize), |(s, n), p| (s + p, n + 1));
    let below = if n == 0 { cp_w } else { sum / n as f64 };
    546.0 * (-0.01 * (cp_w - below)).exp() + 316.0
}

fn check(power_w: &[f64], cp_w: f64, w_prime_j: f64) -> Result<(), MetricsError> {
    ensure_finite(power_w, "power_w")?;
    if !(cp_w.is_finite() && cp_w > 0.0 && w_prime_j.is_finite() && w_prime_j > 0.0) {
        return Err(MetricsError::Invalid(format!(
            "CP {cp_w} W and W′ {w_prime_j} J must be positive"
        )));
    }
    Ok(())
}

/// Integral form: W′bal(t) = W′ − Σ_{u≤t} max(0, P_u − CP)·e^(−(t−u)/τ), computed by the
/// equivalent recurrence (Waterworth's speed-up, without its overflow for long rides).
pub fn w_prime_balance_integral(
    power_w: &[f64],
    cp_w: f64,
    w_prime_j: f64,
    tau: Tau,
) -> Result<Vec<f64>, MetricsError> {
    check(power_w, cp_w, w_prime_j)?;
    let tau_s = match tau {
        Tau::Skiba2012 => skiba_tau_s(power_w, cp_w),
        Tau::Seconds(s) if s.is_finite() && s > 0.0 => s,
        Tau::Seconds(s) => return Err(MetricsError::Invalid(format!("τ {s} s must be positive"))),
    };
    let decay = (-1.0 / tau_s).exp();
    let mut spent = 0.0;
    Ok(power_w
        .iter()
        .map(|p| {
            spent = spent * decay + (p - cp_w).max(0.0);
            w_prime_j - spent
        })
        .collect())
}

/// Froncioni–Skiba–Clarke differential form: above CP, W′bal −= P − CP; below,
/// W′bal += (CP − P)·(W′ − W′bal)/W′.
pub fn w_prime_balance_differential(
    power_w: &[f64],
    cp_w: f64,
    w_prime_j: f64,
) -> Result<Vec<f64>, MetricsError> {
    check(power_w, cp_w, w_prime_j)?;
    let mut bal = w_prime_j;
    Ok(power_w
        .iter()
        .map(|p| {
            if *p > cp_w {
                bal -= p - cp_w;
            } else {
                bal += (cp_w - p) * (w_prime_j - bal) / w_prime_j;
            }
            bal
        })
        .collect())
}
