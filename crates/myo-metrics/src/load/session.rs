//! Load of one session: session-RPE, Banister and Edwards TRIMP, and the power-based stress score
//! (normalised power, intensity factor) for cycling.

use serde::Serialize;

use crate::error::{ensure_finite, MetricsError};

/// Session-RPE (Foster 2001): CR-10 rating × duration in minutes, in arbitrary units.
pub fn session_rpe_au(rpe_cr10: f64, minutes: f64) -> Result<f64, MetricsError> {
    if !(0.0..=10.0).contains(&rpe_cr10) {
        return Err(MetricsError::Invalid(format!(
            "RPE {rpe_cr10} is outside the CR-10 scale 0–10"
        )));
    }
    if !(minutes.is_finite() && minutes >= 0.0) {
        return Err(MetricsError::Invalid(format!(
            "duration {minutes} min is not a non-negative number"
        )));
    }
    Ok(rpe_cr10 * minutes)
}

/// Sex as the TRIMP weighting uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
    Unknown,
}

/// TRIMP weighting y = a·e^(b·HRR). The female factors differ between tools, hence the
/// constructors named after each.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrimpFactors {
    pub a: f64,
    pub b: f64,
}

impl TrimpFactors {
    /// Banister 1991 / Morton 1990: men 0.64·e^(1.92x), women 0.86·e^(1.67x); unknown = mean.
    pub fn banister(sex: Sex) -> Self {
        match sex {
            Sex::Male => Self { a: 0.64, b: 1.92 },
            Sex::Female => Self { a: 0.86, b: 1.67 },
            Sex::Unknown => Self { a: 0.75, b: 1.795 },
        }
    }
    /// GoldenCheetah `TRIMPPoints.cpp`: 0.64 for both sexes, k = 1.92 (men) or 1.67 (women).
    pub fn golden_cheetah(sex: Sex) -> Self {
        match sex {
            Sex::Female => Self { a: 0.64, b: 1.67 },
            _ => Self { a: 0.64, b: 1.92 },
        }
    }
    /// Runalyze `Trimp/Factor.php`.
    pub fn runalyze(sex: Sex) -> Self {
        match sex {
            Sex::Male => Self { a: 0.64, b: 1.92 },
            Sex::Female => Self {
                a: 0.821776,
                b: 1.67,
            },
            Sex::Unknown => Self {
                a: 0.725215,
                b: 1.795,
            },
        }
    }
}

/// Resting and maximal heart rate of the athlete.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HeartRateRange {
    pub rest_bpm: f64,
    pub max_bpm: f64,
}

impl HeartRateRange {
    fn check(&self) -> Result<(), MetricsError> {
        if self.rest_bpm.is_finite() && self.max_bpm.is_finite() && self.max_bpm > self.rest_bpm {
            Ok(())
        } else {
            Err(MetricsError::Invalid(format!(
                "HRmax {} must exceed HRrest {}",
                self.max_bpm, self.rest_bpm
            )))
        }
    }
}

/// A stretch of a session at one heart rate (a histogram bin or a sample).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HrSegment {
    pub minutes: f64,
    pub hr_bpm: f64,
}

/// Banister TRIMP: Σ minutes × HRR × a·e^(b·HRR), with HRR clamped to [0, 1].
pub fn banister_trimp_au(
    segments: &[HrSegment],
    hr: &HeartRateRange,
    factors: TrimpFactors,
) -> Result<f64, MetricsError> {
    hr.check()?;
    let mut total = 0.0;
    for s in segments {
        check_segment(s)?;
        let hrr = ((s.hr_bpm - hr.rest_bpm) / (hr.max_bpm - hr.rest_bpm)).clamp(0.0, 1.0);
        total += s.minutes * hrr * factors.a * (factors.b * hrr).exp();
    }
    Ok(total)
}

/// Edwards 1993 summated-zone TRIMP: minutes in 50–60/60–70/70–80/80–90/90–100 % HRmax weighted
/// 1–5; time below 50 % counts nothing.
pub fn edwards_trimp_au(segments: &[HrSegment], max_hr_bpm: f64) -> Result<f64, MetricsError> {
    if !(max_hr_bpm.is_finite() && max_hr_bpm > 0.0) {
        return Err(MetricsError::Invalid(format!(
            "HRmax {max_hr_bpm} is not positive"
        )));
    }
    let mut total = 0.0;
    for s in segments {
        check_segment(s)?;
        // Tenths of HRmax, computed as 10·HR/HRmax so zone edges are exact.
        let zone = ((10.0 * s.hr_bpm / max_hr_bpm).floor() - 4.0).clamp(0.0, 5.0);
        total += s.minutes * zone;
    }
    Ok(total)
}

fn check_segment(s: &HrSegment) -> Result<(), MetricsError> {
    if s.minutes.is_finite() && s.minutes >= 0.0 && s.hr_bpm.is_finite() && s.hr_bpm >= 0.0 {
        Ok(())
    } else {
        Err(MetricsError::Invalid(format!(
            "segment of {} min at {} bpm",
            s.minutes, s.hr_bpm
        )))
    }
}

/// Power-based load of a ride (the neutral names for NP, IF and the stress score).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PowerLoad {
    pub normalized_power_w: f64,
    pub intensity_factor: f64,
    pub stress_score_au: f64,
}

/// Normalised power (Coggan; GoldenCheetah `Coggan.cpp`, sweatpy WAP): the 4th root of the mean
/// 4th power of the 30-s rolling mean, over full windows only. Input at 1 Hz.
pub fn normalized_power_w(power_w_1hz: &[f64]) -> Result<f64, MetricsError> {
    const WINDOW: usize = 30;
    if power_w_1hz.len() < WINDOW {
        return Err(MetricsError::TooFew {
            metric: "normalised power (1-Hz samples)",
            have: power_w_1hz.len(),
            need: WINDOW,
        });
    }
    ensure_finite(power_w_1hz, "power_w")?;
    let mut sum: f64 = power_w_1hz[..WINDOW].iter().sum();
    let mut acc = (sum / WINDOW as f64).powi(4);
    for i in WINDOW..power_w_1hz.len() {
        sum += power_w_1hz[i] - power_w_1hz[i - WINDOW];
        acc += (sum / WINDOW as f64).powi(4);
    }
    Ok((acc / (power_w_1hz.len() - WINDOW + 1) as f64).powf(0.25))
}

/// Stress score = hours × IF² × 100 with IF = NP / FTP (= duration·NP·IF / (FTP·3600) × 100).
pub fn power_load(
    normalized_power_w: f64,
    duration_s: f64,
    ftp_w: f64,
) -> Result<PowerLoad, MetricsError> {
    if !(ftp_w.is_finite() && ftp_w > 0.0) {
        return Err(MetricsError::Invalid(format!(
            "FTP {ftp_w} W is not positive"
        )));
    }
    if !(duration_s.is_finite() && duration_s >= 0.0) {
        return Err(MetricsError::Invalid(format!(
            "duration {duration_s} s is not a non-negative number"
        )));
    }
    let intensity = normalized_power_w / ftp_w;
    Ok(PowerLoad {
        normalized_power_w,
        intensity_factor: intensity,
        stress_score_au: duration_s / 3600.0 * intensity * intensity * 100.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweatpy_vectors() {
        // sweatpy tests: stress_score(NP=300, FTP=300, 3600 s) = 100; WAP(ones(30)) = 1.
        let p = power_load(300.0, 3600.0, 300.0).unwrap();
        assert_eq!(p.stress_score_au, 100.0);
        assert_eq!(p.intensity_factor, 1.0);
        assert_eq!(normalized_power_w(&[1.0; 30]).unwrap(), 1.0);
    }

    #[test]
    fn normalized_power_exceeds_mean_for_variable_power() {
        let p: Vec<f64> = (0..600)
            .map(|i| if (i / 60) % 2 == 0 { 100.0 } else { 300.0 })
            .collect();
        let np = normalized_power_w(&p).unwrap();
        assert!(np > 200.0 && np < 300.0, "{np}");
    }

    #[test]
    fn trimp_closed_form() {
        // 60 min at HRR 0.5, men: 60 × 0.5 × 0.64 × e^0.96.
        let hr = HeartRateRange {
            rest_bpm: 50.0,
            max_bpm: 190.0,
        };
        let seg = [HrSegment {
            minutes: 60.0,
            hr_bpm: 120.0,
        }];
        let t = banister_trimp_au(&seg, &hr, TrimpFactors::banister(Sex::Male)).unwrap();
        assert!((t - 60.0 * 0.5 * 0.64 * 0.96f64.exp()).abs() < 1e-9);
        let f = banister_trimp_au(&seg, &hr, TrimpFactors::banister(Sex::Female)).unwrap();
        assert!((f - 60.0 * 0.5 * 0.86 * 0.835f64.exp()).abs() < 1e-9);
    }

    #[test]
    fn edwards_zones() {
        let segs = [
            HrSegment {
                minutes: 10.0,
                hr_bpm: 90.0,
            }, // 45 %: zone 0
            HrSegment {
                minutes: 10.0,
                hr_bpm: 110.0,
            }, // 55 %: zone 1
            HrSegment {
                minutes: 10.0,
                hr_bpm: 150.0,
            }, // 75 %: zone 3
            HrSegment {
                minutes: 10.0,
                hr_bpm: 200.0,
            }, // 100 %: zone 5
        ];
        assert_eq!(edwards_trimp_au(&segs, 200.0).unwrap(), 10.0 + 30.0 + 50.0);
    }

    #[test]
    fn rpe_out_of_scale_is_an_error() {
        assert_eq!(session_rpe_au(7.0, 60.0).unwrap(), 420.0);
        assert!(session_rpe_au(11.0, 60.0).is_err());
    }
}
