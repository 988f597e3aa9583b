//! Banister impulse-response (fitness–fatigue) model: prediction, and fitting to performance tests.
//!
//! perf(t) = p₀ + k₁·Σ_{i<t} w_i·e^(−(t−i)/τ₁) − k₂·Σ_{i<t} w_i·e^(−(t−i)/τ₂)
//!
//! A day's load first acts on the next day (Banister 1975; the Fitness-Fatigue-Models R code).
//! For fixed time constants the model is linear in (p₀, k₁, k₂), so the gains are solved exactly
//! by least squares; the time constants, when asked for, are searched with Nelder–Mead (argmin)
//! on that profile. Before answering, the fit checks that the tests can identify each parameter.

use argmin::core::{CostFunction, Executor, State};
use argmin::solver::neldermead::NelderMead;
use serde::Serialize;

use crate::error::{ensure_finite, MetricsError};

/// Model parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BanisterParams {
    pub p0: f64,
    pub k_fitness: f64,
    pub tau_fitness_days: f64,
    pub k_fatigue: f64,
    pub tau_fatigue_days: f64,
}

impl Default for BanisterParams {
    /// The Fitness-Fatigue-Models defaults for `standardPredict` examples: (500, 1, 42, 2, 7).
    fn default() -> Self {
        Self {
            p0: 500.0,
            k_fitness: 1.0,
            tau_fitness_days: 42.0,
            k_fatigue: 2.0,
            tau_fatigue_days: 7.0,
        }
    }
}

/// Model state on one day; the components are already multiplied by their gains.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BanisterDay {
    pub performance: f64,
    pub fitness: f64,
    pub fatigue: f64,
}

/// Unweighted impulse responses g_t, h_t: loads before day t decayed to day t.
fn components(daily_load_au: &[f64], tau1: f64, tau2: f64) -> (Vec<f64>, Vec<f64>) {
    let (d1, d2) = ((-1.0 / tau1).exp(), (-1.0 / tau2).exp());
    let n = daily_load_au.len();
    let (mut g, mut h) = (Vec::with_capacity(n + 1), Vec::with_capacity(n + 1));
    let (mut a, mut b) = (0.0, 0.0);
    g.push(0.0);
    h.push(0.0);
    for &w in daily_load_au {
        a = (a + w) * d1;
        b = (b + w) * d2;
        g.push(a);
        h.push(b);
    }
    (g, h)
}

/// The model on days 0..=len (day t sees the loads of days before t).
pub fn predict(
    daily_load_au: &[f64],
    params: &BanisterParams,
) -> Result<Vec<BanisterDay>, MetricsError> {
    ensure_finite(daily_load_au, "daily_load_au")?;
    check_taus(params.tau_fitness_days, params.tau_fatigue_days)?;
    let (g, h) = components(
        daily_load_au,
        params.tau_fitness_days,
        params.tau_fatigue_days,
    );
    Ok(g.iter()
        .zip(&h)
        .map(|(g, h)| {
            let fitness = params.k_fitness * g;
            let fatigue = params.k_fatigue * h;
            BanisterDay {
                performance: params.p0 + fitness - fatigue,
                fitness,
                fatigue,
            }
        })
        .collect())
}

fn check_taus(t1: f64, t2: f64) -> Result<(), MetricsError> {
    if t1.is_finite() && t2.is_finite() && t1 > 0.0 && t2 > 0.0 {
        Ok(())
    } else {
        Err(MetricsError::Invalid(format!(
            "time constants {t1}, {t2} must be positive"
        )))
    }
}

/// A performance measured on a day (index into the load series).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PerformanceTest {
    pub day: usize,
    pub value: f64,
}

/// Whether to fit the time constants or hold them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeConstants {
    /// Held (GoldenCheetah holds 50 / 11 and fits only the gains).
    Fixed {
        fitness_days: f64,
        fatigue_days: f64,
    },
    /// Searched from this start within [1, 200] days, fatigue shorter than fitness.
    Fit {
        fitness_days: f64,
        fatigue_days: f64,
    },
}

/// The fitted model and how far to trust it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BanisterFit {
    pub params: BanisterParams,
    pub n_tests: usize,
    pub r_squared: f64,
    pub rmse: f64,
    pub time_constants_fitted: bool,
    /// Reasons to doubt a parameter the data only weakly identify.
    pub warnings: Vec<String>,
}

/// |correlation| above which the fitness and fatigue columns are treated as one.
const COLLINEAR: f64 = 0.995;

/// Fits the model to performance tests. Refuses (`NotIdentifiable`) when there are too few tests
/// or when the loads make fitness and fatigue indistinguishable on the test days.
pub fn fit(
    daily_load_au: &[f64],
    tests: &[PerformanceTest],
    time_constants: TimeConstants,
) -> Result<BanisterFit, MetricsError> {
    ensure_finite(daily_load_au, "daily_load_au")?;
    for t in tests {
        if t.day > daily_load_au.len() || !t.value.is_finite() {
            return Err(MetricsError::Invalid(format!(
                "test on day {} (value {}) is outside the {} days of loads or not a number",
                t.day,
                t.value,
                daily_load_au.len()
            )));
        }
    }
    let (fit_taus, t1, t2) = match time_constants {
        TimeConstants::Fixed {
            fitness_days,
            fatigue_days,
        } => (false, fitness_days, fatigue_days),
        TimeConstants::Fit {
            fitness_days,
            fatigue_days,
        } => (true, fitness_days, fatigue_days),
    };
    check_taus(t1, t2)?;
    let need = if fit_taus { 7 } else { 4 };
    if tests.len() < need {
        return Err(MetricsError::NotIdentifiable(format!(
            "{} performance tests cannot identify {} parameters with residual left to judge the \
             fit; need at least {need}",
            tests.len(),
            if fit_taus { 5 } else { 3 }
        )));
    }
    let mut warnings = Vec::new();
    let (mut tau1, mut tau2) = (t1, t2);
    if fit_taus {
        let problem = Profile {
            loads: daily_load_au,
            tests,
        };
        let start = vec![t1.ln(), t2.ln()];
        let simplex = vec![
            start.clone(),
            vec![start[0] + 0.3, start[1]],
            vec![start[0], start[1] + 0.3],
        ];
        let solver = NelderMead::new(simplex)
            .with_sd_tolerance(1e-10)
            .map_err(|e| MetricsError::Invalid(e.to_string()))?;
        let res = Executor::new(problem, solver)
            .configure(|s| s.max_iters(400))
            .run()
            .map_err(|e| MetricsError::Invalid(e.to_string()))?;
        let best = res
            .state()
            .get_best_param()
            .cloned()
            .unwrap_or(start.clone());
        (tau1, tau2) = (best[0].exp(), best[1].exp());
        if !(1.0..=200.0).contains(&tau1) || !(1.0..=200.0).contains(&tau2) || tau2 >= tau1 {
            return Err(MetricsError::NotIdentifiable(format!(
                "the best time constants ({tau1:.1}, {tau2:.1} days) leave the plausible range \
                 (1–200 days, fatigue shorter than fitness); hold them fixed"
            )));
        }
        let sse = gains(daily_load_au, tests, tau1, tau2)?.1;
        // Residual variance with 5 fitted parameters: a change of τ that raises the error by
        // less than ~4σ² (a 2-SE move) is not distinguishable from noise.
        let sigma2 = sse / (tests.len() - 5) as f64;
        for (name, a, b) in [("fitness", 1.0, 0.0), ("fatigue", 0.0, 1.0)] {
            let mut worst = f64::INFINITY;
            for f in [1.5f64, 1.0 / 1.5] {
                let (x, y) = (tau1 * f.powf(a), tau2 * f.powf(b));
                if let Ok((_, s)) = gains(daily_load_au, tests, x, y) {
                    worst = worst.min(s - sse);
                }
            }
            if worst < 4.0 * sigma2 {
                warnings.push(format!(
                    "τ {name} is poorly identified: changing it by ×1.5 raises the squared \
                     error by {:.2} residual variances, within noise",
                    worst.max(0.0) / sigma2.max(f64::MIN_POSITIVE)
                ));
            }
        }
    }
    let ((p0, k1, k2), sse, (v1, v2)) = gains_with_spread(daily_load_au, tests, tau1, tau2)?;
    let n_params = if fit_taus { 5 } else { 3 };
    let sigma2 = sse / (tests.len() - n_params) as f64;
    for (name, k, v) in [("k fitness", k1, v1), ("k fatigue", k2, v2)] {
        let se = (sigma2 * v).sqrt();
        // Above 25 % relative SE the gain's sign and size are both in doubt.
        if se > 0.25 * k.abs() {
            warnings.push(format!(
                "{name} is poorly identified: {k:.3} ± {se:.3} (1 SE)"
            ));
        }
    }
    let mean = tests.iter().map(|t| t.value).sum::<f64>() / tests.len() as f64;
    let sst: f64 = tests.iter().map(|t| (t.value - mean).powi(2)).sum();
    if k1 < 0.0 || k2 < 0.0 {
        warnings.push(format!(
            "a gain is negative (k fitness {k1:.3}, k fatigue {k2:.3}): the tests do not follow \
             the fitness–fatigue pattern"
        ));
    }
    Ok(BanisterFit {
        params: BanisterParams {
            p0,
            k_fitness: k1,
            tau_fitness_days: tau1,
            k_fatigue: k2,
            tau_fatigue_days: tau2,
        },
        n_tests: tests.len(),
        r_squared: if sst > 0.0 { 1.0 - sse / sst } else { 0.0 },
        rmse: (sse / tests.len() as f64).sqrt(),
        time_constants_fitted: fit_taus,
        warnings,
    })
}

/// Least-squares gains for fixed time constants, and the residual sum of squares.
fn gains(
    loads: &[f64],
    tests: &[PerformanceTest],
    tau1: f64,
    tau2: f64,
) -> Result<((f64, f64, f64), f64), MetricsError> {
    gains_with_spread(loads, tests, tau1, tau2).map(|(p, sse, _)| (p, sse))
}

/// (p0, k1, k2), residual sum of squares, diagonal of (XᵀX)⁻¹ for (k1, k2).
type GainFit = ((f64, f64, f64), f64, (f64, f64));

/// As [`gains`], plus the diagonal of (XᵀX)⁻¹ for the two gains (their variances per unit σ²).
fn gains_with_spread(
    loads: &[f64],
    tests: &[PerformanceTest],
    tau1: f64,
    tau2: f64,
) -> Result<GainFit, MetricsError> {
    let (g, h) = components(loads, tau1, tau2);
    let n = tests.len() as f64;
    let gx: Vec<f64> = tests.iter().map(|t| g[t.day]).collect();
    let hx: Vec<f64> = tests.iter().map(|t| h[t.day]).collect();
    let y: Vec<f64> = tests.iter().map(|t| t.value).collect();
    let mean = |v: &[f64]| v.iter().sum::<f64>() / n;
    let (mg, mh, my) = (mean(&gx), mean(&hx), mean(&y));
    // Centred cross-products: the intercept drops out and p0 follows from the means.
    let (mut sgg, mut shh, mut sgh, mut sgy, mut shy) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for i in 0..tests.len() {
        let (a, b, c) = (gx[i] - mg, hx[i] - mh, y[i] - my);
        sgg += a * a;
        shh += b * b;
        sgh += a * b;
        sgy += a * c;
        shy += b * c;
    }
    let scale_g = mg.abs().max(gx.iter().fold(0.0f64, |m, v| m.max(v.abs())));
    let scale_h = mh.abs().max(hx.iter().fold(0.0f64, |m, v| m.max(v.abs())));
    if sgg.sqrt() <= 1e-6 * scale_g.max(1e-12) * n.sqrt() || sgg == 0.0 {
        return Err(MetricsError::NotIdentifiable(
            "the fitness component is the same on every test day (flat or absent loads): \
             k fitness cannot be identified"
                .into(),
        ));
    }
    if shh.sqrt() <= 1e-6 * scale_h.max(1e-12) * n.sqrt() || shh == 0.0 {
        return Err(MetricsError::NotIdentifiable(
            "the fatigue component is the same on every test day (flat or absent loads): \
             k fatigue cannot be identified"
                .into(),
        ));
    }
    let r = sgh / (sgg * shh).sqrt();
    if r.abs() > COLLINEAR {
        return Err(MetricsError::NotIdentifiable(format!(
            "fitness and fatigue move together on the test days (correlation {r:.4}); \
             k fitness and k fatigue cannot be told apart. Test after varied loads"
        )));
    }
    // Columns [g, −h]: solve the 2×2 centred normal equations.
    let det = sgg * shh - sgh * sgh;
    let k1 = (shh * sgy - sgh * shy) / det;
    let k2 = -(sgg * shy - sgh * sgy) / det;
    let p0 = my - k1 * mg + k2 * mh;
    let sse = tests
        .iter()
        .map(|t| {
            let e = t.value - (p0 + k1 * g[t.day] - k2 * h[t.day]);
            e * e
        })
        .sum();
    Ok(((p0, k1, k2), sse, (shh / det, sgg / det)))
}

struct Profile<'a> {
    loads: &'a [f64],
    tests: &'a [PerformanceTest],
}

impl CostFunction for Profile<'_> {
    type Param = Vec<f64>;
    type Output = f64;

    fn cost(&self, p: &Self::Param) -> Result<f64, argmin::core::Error> {
        let (t1, t2) = (p[0].exp(), p[1].exp());
        if !(0.5..=400.0).contains(&t1) || !(0.5..=400.0).contains(&t2) {
            return Ok(f64::MAX);
        }
        Ok(match gains(self.loads, self.tests, t1, t2) {
            Ok((_, sse)) => sse,
            Err(_) => f64::MAX,
        })
    }
}
