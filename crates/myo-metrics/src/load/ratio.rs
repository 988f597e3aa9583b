//! Acute:chronic workload ratios, Foster's monotony and strain, and week-over-week change.
//!
//! **The ACWR is not an injury predictor.** Its statistical problems (ratio coupling, arbitrary
//! windows, spurious correlation) are set out by Impellizzeri et al. 2020; myo reports it because
//! athletes and coaches ask for it, as a description of how load has changed, nothing more.

use serde::Serialize;

use crate::error::{ensure_finite, MetricsError};

/// What to report while a window is not yet full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WindowFill {
    /// Nothing until the window is full (athletemonitoring `rolling_fill = NA`).
    #[default]
    FullOnly,
    /// The mean of the days available so far (the CRAN `ACWR` package).
    Partial,
}

/// How the EWMA starts.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EwmaSeed {
    /// The first day's load, as the CRAN `ACWR` package.
    #[default]
    FirstLoad,
    Value(f64),
}

/// Acute and chronic load of one day and their ratio (`None` when undefined).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AcwrDay {
    pub acute_au: Option<f64>,
    pub chronic_au: Option<f64>,
    pub ratio: Option<f64>,
}

fn day(acute: Option<f64>, chronic: Option<f64>) -> AcwrDay {
    let ratio = match (acute, chronic) {
        (Some(a), Some(c)) if c > 0.0 => Some(a / c),
        _ => None,
    };
    AcwrDay {
        acute_au: acute,
        chronic_au: chronic,
        ratio,
    }
}

fn check_windows(acute_days: usize, chronic_days: usize) -> Result<(), MetricsError> {
    if acute_days == 0 || chronic_days <= acute_days {
        return Err(MetricsError::Invalid(format!(
            "windows must satisfy 0 < acute ({acute_days}) < chronic ({chronic_days})"
        )));
    }
    Ok(())
}

/// EWMA ACWR (Williams 2017): λ = 2/(N+1) for each window, as the CRAN `ACWR` package.
pub fn acwr_ewma(
    daily_load_au: &[f64],
    acute_days: usize,
    chronic_days: usize,
    seed: EwmaSeed,
) -> Result<Vec<AcwrDay>, MetricsError> {
    check_windows(acute_days, chronic_days)?;
    ensure_finite(daily_load_au, "daily_load_au")?;
    let la = 2.0 / (acute_days as f64 + 1.0);
    let lc = 2.0 / (chronic_days as f64 + 1.0);
    let mut out = Vec::with_capacity(daily_load_au.len());
    let (mut a, mut c) = match (seed, daily_load_au.first()) {
        (EwmaSeed::Value(v), _) => (v, v),
        (EwmaSeed::FirstLoad, Some(&v)) => (v, v),
        (EwmaSeed::FirstLoad, None) => return Ok(out),
    };
    for (t, &l) in daily_load_au.iter().enumerate() {
        if t > 0 || matches!(seed, EwmaSeed::Value(_)) {
            a += la * (l - a);
            c += lc * (l - c);
        }
        out.push(day(Some(a), Some(c)));
    }
    Ok(out)
}

/// Rolling-average ACWR, coupled: the chronic window includes the acute days.
pub fn acwr_rolling_coupled(
    daily_load_au: &[f64],
    acute_days: usize,
    chronic_days: usize,
    fill: WindowFill,
) -> Result<Vec<AcwrDay>, MetricsError> {
    check_windows(acute_days, chronic_days)?;
    ensure_finite(daily_load_au, "daily_load_au")?;
    let prefix = prefix_sums(daily_load_au);
    Ok((0..daily_load_au.len())
        .map(|t| {
            day(
                window_mean(&prefix, t + 1, acute_days, fill),
                window_mean(&prefix, t + 1, chronic_days, fill),
            )
        })
        .collect())
}

/// Rolling-average ACWR, uncoupled: the chronic window is the `chronic_days − acute_days` days
/// before the acute window. Undefined until one day precedes the acute window.
pub fn acwr_rolling_uncoupled(
    daily_load_au: &[f64],
    acute_days: usize,
    chronic_days: usize,
    fill: WindowFill,
) -> Result<Vec<AcwrDay>, MetricsError> {
    check_windows(acute_days, chronic_days)?;
    ensure_finite(daily_load_au, "daily_load_au")?;
    let prefix = prefix_sums(daily_load_au);
    let chronic_len = chronic_days - acute_days;
    Ok((0..daily_load_au.len())
        .map(|t| {
            let acute = window_mean(&prefix, t + 1, acute_days, fill);
            let chronic = if t + 1 > acute_days {
                window_mean(&prefix, t + 1 - acute_days, chronic_len, fill)
            } else {
                None
            };
            day(acute, chronic)
        })
        .collect())
}

fn prefix_sums(x: &[f64]) -> Vec<f64> {
    let mut p = Vec::with_capacity(x.len() + 1);
    p.push(0.0);
    let mut acc = 0.0;
    for v in x {
        acc += v;
        p.push(acc);
    }
    p
}

/// Mean of the `len` values ending before index `end` (exclusive) of the original series.
fn window_mean(prefix: &[f64], end: usize, len: usize, fill: WindowFill) -> Option<f64> {
    let start = end.saturating_sub(len);
    let n = end - start;
    if n == 0 || (n < len && fill == WindowFill::FullOnly) {
        return None;
    }
    Some((prefix[end] - prefix[start]) / n as f64)
}

/// Foster 1998 monotony (mean / SD of daily load over the window) and strain (weekly load ×
/// monotony, i.e. mean × window × monotony).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MonotonyDay {
    pub mean_au: f64,
    /// Sample SD (n−1), as R's `sd` in athletemonitoring.
    pub sd_au: f64,
    /// `None` when every day of the window had the same load (SD 0).
    pub monotony: Option<f64>,
    pub strain_au: Option<f64>,
}

/// Monotony and strain over trailing windows of `window_days` (7 in Foster 1998); `None` until
/// the window is full.
pub fn monotony_strain(
    daily_load_au: &[f64],
    window_days: usize,
) -> Result<Vec<Option<MonotonyDay>>, MetricsError> {
    if window_days < 2 {
        return Err(MetricsError::Invalid(
            "monotony needs a window of at least 2 days".into(),
        ));
    }
    ensure_finite(daily_load_au, "daily_load_au")?;
    let n = window_days as f64;
    Ok((0..daily_load_au.len())
        .map(|t| {
            if t + 1 < window_days {
                return None;
            }
            let w = &daily_load_au[t + 1 - window_days..=t];
            let mean = w.iter().sum::<f64>() / n;
            let ss: f64 = w.iter().map(|x| (x - mean) * (x - mean)).sum();
            let sd = (ss / (n - 1.0)).sqrt();
            // Relative threshold: identical loads give SD of rounding size, not exactly 0.
            let monotony = (sd > 1e-12 * mean.abs().max(1.0)).then(|| mean / sd);
            Some(MonotonyDay {
                mean_au: mean,
                sd_au: sd,
                monotony,
                strain_au: monotony.map(|m| mean * n * m),
            })
        })
        .collect())
}

/// Change of the last 7 days' total against the 7 days before, in %. `None` for the first 13
/// days and when the previous week's total is 0.
pub fn week_over_week_pct(daily_load_au: &[f64]) -> Result<Vec<Option<f64>>, MetricsError> {
    ensure_finite(daily_load_au, "daily_load_au")?;
    let p = prefix_sums(daily_load_au);
    Ok((0..daily_load_au.len())
        .map(|t| {
            if t < 13 {
                return None;
            }
            let this = p[t + 1] - p[t - 6];
            let prev = p[t - 6] - p[t - 13];
            (prev > 0.0).then(|| 100.0 * (this - prev) / prev)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acwr_package_test_scenario_last_day() {
        // 21 d × 30 AU then 7 d × 50 AU; ACWR package output for day 28.
        let mut l = vec![30.0; 21];
        l.extend([50.0; 7]);
        let e = acwr_ewma(&l, 7, 28, EwmaSeed::FirstLoad).unwrap();
        let last = e[27];
        assert!((last.acute_au.unwrap() - 47.330322265625).abs() < 1e-9);
        assert!((last.chronic_au.unwrap() - 37.8719672934207).abs() < 1e-9);
        let c = acwr_rolling_coupled(&l, 7, 28, WindowFill::Partial).unwrap();
        assert!((c[27].ratio.unwrap() - 1.43).abs() < 0.005);
        let u = acwr_rolling_uncoupled(&l, 7, 28, WindowFill::Partial).unwrap();
        assert!((u[27].ratio.unwrap() - 1.67).abs() < 0.005);
        assert_eq!(u[6].chronic_au, None);
    }

    #[test]
    fn constant_load_has_no_monotony() {
        let m = monotony_strain(&[40.0; 10], 7).unwrap();
        assert!(m[5].is_none());
        assert_eq!(m[9].unwrap().monotony, None);
    }

    #[test]
    fn week_over_week() {
        let mut l = vec![10.0; 7];
        l.extend([15.0; 7]);
        let w = week_over_week_pct(&l).unwrap();
        assert_eq!(w[12], None);
        assert!((w[13].unwrap() - 50.0).abs() < 1e-9);
    }
}
