//! Morning HRV baselines and the daily verdict (HRV4Training's normal range, Kiviniemi 2007 /
//! Javaloyes 2019 HRV-guided training).
//!
//! The baseline is the mean lnRMSSD of the last `rolling_days` calendar days; the normal range is
//! mean ± `width_sd` SD (n−1) of the daily lnRMSSD over the last `normal_days` days. No verdict is
//! given until both windows hold enough measurements.

use serde::Serialize;

use crate::error::MetricsError;

/// One morning measurement. `day` is any day number (myo uses days since 1970-01-01).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct DailyHrv {
    pub day: i64,
    pub rmssd_ms: f64,
    pub resting_hr_bpm: Option<f64>,
}

/// Which side of the normal range calls for easier training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionRule {
    /// Only a suppressed baseline means low intensity (Kiviniemi 2007).
    SuppressedOnly,
    /// Outside the range on either side means low intensity (Javaloyes 2019).
    #[default]
    EitherSide,
}

/// Windows, widths and data-sufficiency gates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BaselineConfig {
    pub rolling_days: u32,
    pub normal_days: u32,
    /// Half-width of the normal range in SDs (0.5 = HRV4Training's smallest worthwhile change).
    pub width_sd: f64,
    /// Measurements needed inside the rolling window (Plews 2014: 3 a week suffice).
    pub min_rolling_values: usize,
    /// Measurements needed inside the normal window (about three weeks, as Garmin's HRV status).
    pub min_normal_values: usize,
    pub rule: DecisionRule,
}

impl Default for BaselineConfig {
    fn default() -> Self {
        Self {
            rolling_days: 7,
            normal_days: 60,
            width_sd: 0.5,
            min_rolling_values: 3,
            min_normal_values: 21,
            rule: DecisionRule::EitherSide,
        }
    }
}

/// Where a value lies against the normal range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    InsufficientData,
    WithinRange,
    Suppressed,
    Elevated,
}

/// What the day's verdict suggests for training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Advice {
    NoVerdict,
    TrainAsPlanned,
    LowIntensity,
}

/// The verdict for one measured day.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Verdict {
    pub day: i64,
    pub ln_rmssd: f64,
    /// Mean lnRMSSD of the rolling window.
    pub baseline_ln_rmssd: Option<f64>,
    pub normal_low: Option<f64>,
    pub normal_high: Option<f64>,
    /// The baseline against the normal range: the verdict.
    pub status: Status,
    /// Today's single value against the normal range (acute change).
    pub today: Status,
    /// Today's resting HR above its normal-window mean + 1 SD.
    pub resting_hr_elevated: Option<bool>,
    pub advice: Advice,
}

/// One verdict per measurement. Days must be strictly increasing; gaps are allowed.
pub fn daily_verdicts(
    days: &[DailyHrv],
    config: &BaselineConfig,
) -> Result<Vec<Verdict>, MetricsError> {
    if days.is_empty() {
        return Err(MetricsError::NoData("no daily HRV measurements".into()));
    }
    if config.rolling_days == 0 || config.normal_days < config.rolling_days {
        return Err(MetricsError::Invalid(
            "windows must satisfy 0 < rolling_days ≤ normal_days".into(),
        ));
    }
    for (i, d) in days.iter().enumerate() {
        if !(d.rmssd_ms.is_finite() && d.rmssd_ms > 0.0) {
            return Err(MetricsError::Invalid(format!(
                "day {}: RMSSD {} ms is not a positive number",
                d.day, d.rmssd_ms
            )));
        }
        if i > 0 && d.day <= days[i - 1].day {
            return Err(MetricsError::Invalid(format!(
                "days must be strictly increasing (day {} follows day {})",
                d.day,
                days[i - 1].day
            )));
        }
    }
    let ln: Vec<f64> = days.iter().map(|d| d.rmssd_ms.ln()).collect();
    let mut out = Vec::with_capacity(days.len());
    let (mut roll_lo, mut norm_lo) = (0usize, 0usize);
    for (i, d) in days.iter().enumerate() {
        while days[roll_lo].day <= d.day - i64::from(config.rolling_days) {
            roll_lo += 1;
        }
        while days[norm_lo].day <= d.day - i64::from(config.normal_days) {
            norm_lo += 1;
        }
        let roll = &ln[roll_lo..=i];
        let norm = &ln[norm_lo..=i];
        let baseline = (roll.len() >= config.min_rolling_values).then(|| mean(roll));
        let range = (norm.len() >= config.min_normal_values.max(2)).then(|| {
            let (m, sd) = mean_sd(norm);
            (m - config.width_sd * sd, m + config.width_sd * sd)
        });
        let classify = |v: Option<f64>| match (v, range) {
            (Some(v), Some((lo, _))) if v < lo => Status::Suppressed,
            (Some(v), Some((_, hi))) if v > hi => Status::Elevated,
            (Some(_), Some(_)) => Status::WithinRange,
            _ => Status::InsufficientData,
        };
        let status = classify(baseline);
        let advice = match (status, config.rule) {
            (Status::InsufficientData, _) => Advice::NoVerdict,
            (Status::WithinRange, _) | (Status::Elevated, DecisionRule::SuppressedOnly) => {
                Advice::TrainAsPlanned
            }
            (Status::Suppressed, _) | (Status::Elevated, DecisionRule::EitherSide) => {
                Advice::LowIntensity
            }
        };
        let rhr: Vec<f64> = days[norm_lo..=i]
            .iter()
            .filter_map(|d| d.resting_hr_bpm)
            .collect();
        let resting_hr_elevated = match d.resting_hr_bpm {
            Some(today) if rhr.len() >= config.min_normal_values.max(2) => {
                let (m, sd) = mean_sd(&rhr);
                Some(today > m + sd)
            }
            _ => None,
        };
        out.push(Verdict {
            day: d.day,
            ln_rmssd: ln[i],
            baseline_ln_rmssd: baseline,
            normal_low: range.map(|r| r.0),
            normal_high: range.map(|r| r.1),
            status,
            today: classify(Some(ln[i])),
            resting_hr_elevated,
            advice,
        });
    }
    Ok(out)
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len() as f64
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let m = mean(v);
    let ss: f64 = v.iter().map(|x| (x - m) * (x - m)).sum();
    (m, (ss / (v.len() as f64 - 1.0)).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(values: &[f64]) -> Vec<DailyHrv> {
        values
            .iter()
            .enumerate()
            .map(|(i, &r)| DailyHrv {
                day: i as i64,
                rmssd_ms: r,
                resting_hr_bpm: None,
            })
            .collect()
    }

    #[test]
    fn no_verdict_until_enough_days_then_suppressed_after_a_drop() {
        // 30 days alternating 60/70 ms, then a week at 40 ms.
        let mut v: Vec<f64> = (0..30)
            .map(|i| if i % 2 == 0 { 60.0 } else { 70.0 })
            .collect();
        v.extend([40.0; 7]);
        let out = daily_verdicts(&series(&v), &BaselineConfig::default()).unwrap();
        assert_eq!(out[19].status, Status::InsufficientData);
        assert_eq!(out[19].advice, Advice::NoVerdict);
        assert_eq!(out[25].status, Status::WithinRange);
        assert_eq!(out[25].advice, Advice::TrainAsPlanned);
        assert_eq!(out[36].status, Status::Suppressed);
        assert_eq!(out[36].advice, Advice::LowIntensity);
        assert_eq!(out[30].today, Status::Suppressed);
    }

    #[test]
    fn rule_decides_what_elevated_means() {
        let mut v: Vec<f64> = (0..30)
            .map(|i| if i % 2 == 0 { 60.0 } else { 70.0 })
            .collect();
        v.extend([110.0; 7]);
        let either = daily_verdicts(&series(&v), &BaselineConfig::default()).unwrap();
        assert_eq!(either[36].status, Status::Elevated);
        assert_eq!(either[36].advice, Advice::LowIntensity);
        let cfg = BaselineConfig {
            rule: DecisionRule::SuppressedOnly,
            ..BaselineConfig::default()
        };
        let kiv = daily_verdicts(&series(&v), &cfg).unwrap();
        assert_eq!(kiv[36].advice, Advice::TrainAsPlanned);
    }

    #[test]
    fn unsorted_days_are_an_error() {
        let mut s = series(&[50.0, 60.0]);
        s[1].day = 0;
        assert!(daily_verdicts(&s, &BaselineConfig::default()).is_err());
    }
}
