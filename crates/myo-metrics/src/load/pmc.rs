//! Fitness / fatigue / form: exponentially weighted daily loads (the performance-management
//! chart), with the smoothing and form-timing conventions of the tools athletes come from.

use serde::Serialize;

use crate::error::{ensure_finite, MetricsError};

/// The smoothing factor λ in X_t = X_{t−1} + λ·(L_t − X_{t−1}) for a time constant τ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Smoothing {
    /// λ = 1 − e^(−1/τ): GoldenCheetah `PMCData.cpp`; an impulse decays exactly as e^(−t/τ).
    #[default]
    Exponential,
    /// λ = 1/τ: the Coggan / WKO description.
    Reciprocal,
    /// λ = 2/(τ + 1): Runalyze and the Williams 2017 EWMA (τ read as a span of N days).
    Span,
}

impl Smoothing {
    pub fn lambda(self, tau_days: f64) -> f64 {
        match self {
            Smoothing::Exponential => 1.0 - (-1.0 / tau_days).exp(),
            Smoothing::Reciprocal => 1.0 / tau_days,
            Smoothing::Span => 2.0 / (tau_days + 1.0),
        }
    }
}

/// Which day's fitness and fatigue form is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FormTiming {
    /// Form today = yesterday's fitness − yesterday's fatigue: GoldenCheetah's default,
    /// TrainingPeaks, WKO4's `shift(…, 1)`. Today's session does not change today's form.
    #[default]
    NextDay,
    /// Form today = today's fitness − today's fatigue (GoldenCheetah "SB today").
    SameDay,
}

/// Settings of [`pmc`]. Defaults: τ 42 / 7 days, GoldenCheetah smoothing, next-day form.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PmcConfig {
    pub fitness_days: f64,
    pub fatigue_days: f64,
    pub smoothing: Smoothing,
    pub form: FormTiming,
    /// Values on the day before the first load (intervals.icu "Set Fitness", WKO start values).
    pub fitness_seed_au: f64,
    pub fatigue_seed_au: f64,
    /// Ramp rate = fitness today − fitness `ramp_days` ago.
    pub ramp_days: usize,
}

impl Default for PmcConfig {
    fn default() -> Self {
        Self {
            fitness_days: 42.0,
            fatigue_days: 7.0,
            smoothing: Smoothing::Exponential,
            form: FormTiming::NextDay,
            fitness_seed_au: 0.0,
            fatigue_seed_au: 0.0,
            ramp_days: 7,
        }
    }
}

/// One day of the chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PmcDay {
    pub fitness_au: f64,
    pub fatigue_au: f64,
    pub form_au: f64,
    pub ramp_au: f64,
}

/// A computed chart with the settings that produced it, for callers that keep both together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pmc {
    pub config: PmcConfig,
    pub days: Vec<PmcDay>,
}

impl Pmc {
    pub fn compute(daily_load_au: &[f64], config: PmcConfig) -> Result<Self, MetricsError> {
        Ok(Self {
            days: pmc(daily_load_au, &config)?,
            config,
        })
    }

    /// The last day, i.e. today's state when the loads end today.
    pub fn latest(&self) -> Option<&PmcDay> {
        self.days.last()
    }
}

/// Fitness, fatigue, form and ramp for consecutive daily loads (rest days are 0).
pub fn pmc(daily_load_au: &[f64], config: &PmcConfig) -> Result<Vec<PmcDay>, MetricsError> {
    let mut out = Vec::with_capacity(daily_load_au.len());
    pmc_into(daily_load_au, config, &mut out)?;
    Ok(out)
}

/// [`pmc`] into a caller's buffer (cleared first), so many athletes can reuse one allocation.
pub fn pmc_into(
    daily_load_au: &[f64],
    config: &PmcConfig,
    out: &mut Vec<PmcDay>,
) -> Result<(), MetricsError> {
    for tau in [config.fitness_days, config.fatigue_days] {
        if !(tau.is_finite() && tau >= 1.0) {
            return Err(MetricsError::Invalid(format!(
                "time constant {tau} days must be at least 1"
            )));
        }
    }
    ensure_finite(daily_load_au, "daily_load_au")?;
    let lf = config.smoothing.lambda(config.fitness_days);
    let la = config.smoothing.lambda(config.fatigue_days);
    out.clear();
    out.reserve(daily_load_au.len());
    let (mut fit, mut fat) = (config.fitness_seed_au, config.fatigue_seed_au);
    for (t, &load) in daily_load_au.iter().enumerate() {
        let form_prev = fit - fat;
        fit += lf * (load - fit);
        fat += la * (load - fat);
        let back = if t >= config.ramp_days {
            out[t - config.ramp_days].fitness_au
        } else {
            config.fitness_seed_au
        };
        out.push(PmcDay {
            fitness_au: fit,
            fatigue_au: fat,
            form_au: match config.form {
                FormTiming::NextDay => form_prev,
                FormTiming::SameDay => fit - fat,
            },
            ramp_au: fit - back,
        });
    }
    Ok(())
}

/// The chart over past loads followed by planned ones: the planned days are simply more days,
/// returned separately so callers can draw them as a projection.
pub fn project(
    past_load_au: &[f64],
    planned_load_au: &[f64],
    config: &PmcConfig,
) -> Result<(Vec<PmcDay>, Vec<PmcDay>), MetricsError> {
    let all: Vec<f64> = past_load_au
        .iter()
        .chain(planned_load_au)
        .copied()
        .collect();
    let mut days = pmc(&all, config)?;
    let future = days.split_off(past_load_au.len());
    Ok((days, future))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impulse_decays_as_exp_minus_t_over_tau() {
        let mut loads = vec![0.0; 100];
        loads[0] = 100.0;
        let days = pmc(&loads, &PmcConfig::default()).unwrap();
        let l42 = 1.0 - (-1.0f64 / 42.0).exp();
        for (t, d) in days.iter().enumerate() {
            let want = 100.0 * l42 * (-(t as f64) / 42.0).exp();
            assert!(
                (d.fitness_au - want).abs() < 1e-9 * want.max(1.0),
                "day {t}"
            );
        }
    }

    #[test]
    fn constant_load_converges_and_form_timing_shifts_by_one_day() {
        let loads = vec![50.0; 400];
        let next = pmc(&loads, &PmcConfig::default()).unwrap();
        assert!((next[399].fitness_au - 50.0).abs() < 1e-2);
        let same = pmc(
            &loads,
            &PmcConfig {
                form: FormTiming::SameDay,
                ..PmcConfig::default()
            },
        )
        .unwrap();
        for t in 1..400 {
            assert_eq!(next[t].form_au, same[t - 1].form_au);
        }
        assert_eq!(next[0].form_au, 0.0);
    }

    #[test]
    fn smoothing_conventions_give_their_lambdas() {
        assert!((Smoothing::Exponential.lambda(7.0) - 0.1331).abs() < 1e-4);
        assert!((Smoothing::Reciprocal.lambda(7.0) - 1.0 / 7.0).abs() < 1e-12);
        assert!((Smoothing::Span.lambda(7.0) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn seeds_and_projection() {
        let cfg = PmcConfig {
            fitness_seed_au: 60.0,
            fatigue_seed_au: 80.0,
            ..PmcConfig::default()
        };
        let (past, future) = project(&[0.0; 10], &[100.0; 5], &cfg).unwrap();
        assert_eq!(past.len(), 10);
        assert_eq!(future.len(), 5);
        assert!((past[0].fitness_au - 60.0 * (-1.0f64 / 42.0).exp()).abs() < 1e-9);
        assert_eq!(past[0].form_au, -20.0);
        assert!(future[4].fatigue_au > past[9].fatigue_au);
    }
}
