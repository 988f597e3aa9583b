//! Beat classification of Lipponen & Tarvainen (2019), the artefact detector of Kubios HRV and
//! neurokit2's `signal_fixpeaks(method="Kubios")`.
//!
//! Two normalised series are built from the RR intervals: dRRs, the successive differences, and
//! mRRs, the deviation from an 11-beat running median (negative deviations doubled). Each is
//! divided by a time-varying threshold, α × the quartile deviation of its magnitude over the 91
//! beats around it, so a value beyond ±1 is unusual *for that stretch of the recording*. A beat
//! whose dRR is beyond ±1 and whose neighbour's dRR has the opposite sign in the (S11, S12)
//! plane's exclusion region is ectopic (a misplaced beat: short–long or long–short); otherwise a
//! beat beyond the dRR threshold or 3 mRR thresholds is long or short, and among those a long one
//! about twice the median is a missed beat and a short one that with the next sums to the median
//! is an extra beat.
//!
//! Differences from neurokit2 0.3 (documented in `docs/analytics.md`): a beat whose dRR is within
//! its threshold but whose mRR is beyond 3 is still examined (the paper's Figure 1; neurokit2
//! skips it), and a zero threshold (a perfectly regular stretch) is floored rather than left
//! unnormalised.

use serde::Serialize;

/// The parameters of the detector, with the paper's values as defaults.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LipponenConfig {
    /// Threshold multiplier of the quartile deviation (paper: 5.2).
    pub alpha: f64,
    /// Slope and offset of the ectopic region's boundary in the (dRR, S12) plane (0.13, 0.17).
    pub c1: f64,
    pub c2: f64,
    /// Beats in the window of the time-varying thresholds (91).
    pub window_beats: usize,
    /// Beats in the running median of mRRs (11).
    pub median_beats: usize,
}

impl Default for LipponenConfig {
    fn default() -> Self {
        Self {
            alpha: 5.2,
            c1: 0.13,
            c2: 0.17,
            window_beats: 91,
            median_beats: 11,
        }
    }
}

/// What the detector found at one interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// The beat between intervals `first` and `first + 1` is misplaced (premature or late).
    Ectopic { first: usize },
    /// Interval `index` is too long or too short for its neighbourhood.
    LongShort { index: usize },
    /// Interval `index` spans two beats (a beat was not detected).
    Missed { index: usize },
    /// Intervals `index` and `index + 1` are one interval split by a false detection.
    Extra { index: usize },
}

/// Classifies the intervals of `rr_ms`. Findings are in increasing order of their first interval;
/// an ectopic beat is reported once even when both of its intervals trip the thresholds.
pub fn detect(rr_ms: &[f64], config: &LipponenConfig) -> Vec<Finding> {
    let n = rr_ms.len();
    if n < 4 {
        return Vec::new();
    }
    // dRRs[i] = RR[i] − RR[i−1]; the first is the mean of the rest, as in neurokit2.
    let mut drrs: Vec<f64> = std::iter::once(0.0)
        .chain(rr_ms.windows(2).map(|w| w[1] - w[0]))
        .collect();
    drrs[0] = drrs[1..].iter().sum::<f64>() / (n - 1) as f64;
    let th1 = thresholds(&drrs, config);
    for (d, t) in drrs.iter_mut().zip(&th1) {
        *d /= *t;
    }
    let medrr = running_median(rr_ms, config.median_beats);
    let mut mrrs: Vec<f64> = rr_ms
        .iter()
        .zip(&medrr)
        .map(|(rr, m)| {
            let d = rr - m;
            if d < 0.0 {
                2.0 * d
            } else {
                d
            }
        })
        .collect();
    let th2 = thresholds(&mrrs, config);
    for (m, t) in mrrs.iter_mut().zip(&th2) {
        *m /= *t;
    }
    // Reflect-padded neighbours (numpy's "reflect": the edge value is not repeated).
    let at = |i: isize| -> f64 {
        let last = n as isize - 1;
        let j = if i < 0 {
            -i
        } else if i > last {
            2 * last - i
        } else {
            i
        };
        drrs[j.clamp(0, last) as usize]
    };
    let (c1, c2) = (config.c1, config.c2);
    let mut found = Vec::new();
    let mut last_ectopic: Option<usize> = None;
    let mut i = 0usize;
    while i + 2 < n {
        let d = drrs[i];
        let ii = i as isize;
        if d.abs() > 1.0 {
            // S12: the neighbours' dRR nearest the opposite sign. Both far on the other side
            // means this difference sits between a short and a long interval: a misplaced beat.
            let (a, b) = (at(ii - 1), at(ii + 1));
            let s12 = if d > 0.0 { a.max(b) } else { a.min(b) };
            let eq1 = d > 1.0 && s12 < -c1 * d - c2;
            let eq2 = d < -1.0 && s12 > -c1 * d + c2;
            if eq1 || eq2 {
                // dRR[i] compares intervals i−1 and i: the beat between them is misplaced.
                let first = i.saturating_sub(1);
                if last_ectopic != Some(first) {
                    found.push(Finding::Ectopic { first });
                    last_ectopic = Some(first);
                }
                i += 1;
                continue;
            }
        }
        if d.abs() <= 1.0 && mrrs[i].abs() <= 3.0 {
            i += 1;
            continue;
        }
        let mut candidates = vec![i];
        if drrs[i + 1].abs() < drrs[i + 2].abs() {
            candidates.push(i + 1);
        }
        for j in candidates {
            // S22: the next two dRRs' opposite extreme.
            let s22 = if drrs[j] >= 0.0 {
                at(j as isize + 1).min(at(j as isize + 2))
            } else {
                at(j as isize + 1).max(at(j as isize + 2))
            };
            let long = drrs[j] > 1.0 && s22 < -1.0;
            let off_median = mrrs[j].abs() > 3.0;
            let short = drrs[j] < -1.0 && s22 > 1.0;
            i += 1;
            if !(long || off_median || short) {
                continue;
            }
            let missed = (rr_ms[j] / 2.0 - medrr[j]).abs() < th2[j];
            let extra = j + 1 < n && (rr_ms[j] + rr_ms[j + 1] - medrr[j]).abs() < th2[j];
            if short && extra {
                found.push(Finding::Extra { index: j });
            } else if long && missed {
                found.push(Finding::Missed { index: j });
            } else {
                found.push(Finding::LongShort { index: j });
            }
        }
    }
    found
}

/// α × the quartile deviation (Q3 − Q1)/2 of |x| over a centred window (truncated at the ends,
/// as pandas' `rolling(center=True, min_periods=1)`), quantiles linearly interpolated.
fn thresholds(x: &[f64], config: &LipponenConfig) -> Vec<f64> {
    let abs: Vec<f64> = x.iter().map(|v| v.abs()).collect();
    rolling(&abs, config.window_beats, |w| {
        // A perfectly regular stretch has no spread; keep the division finite.
        (config.alpha * (quantile(w, 0.75) - quantile(w, 0.25)) / 2.0).max(1e-9)
    })
}

pub(crate) fn running_median(x: &[f64], width: usize) -> Vec<f64> {
    rolling(x, width, |w| quantile(w, 0.5))
}

/// `f` of the sorted values of each centred window of `width` values (the window is
/// `[i − (width−1)/2 − …]` as pandas centres it: for an odd width, `width/2` each side).
fn rolling(x: &[f64], width: usize, f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
    let n = x.len();
    let width = width.max(1);
    let (before, after) = (width / 2, (width - 1) / 2);
    let mut sorted: Vec<f64> = Vec::with_capacity(width);
    let (mut lo, mut hi) = (0usize, 0usize); // the window is x[lo..hi]
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (want_lo, want_hi) = (i.saturating_sub(before), (i + after + 1).min(n));
        while hi < want_hi {
            let v = x[hi];
            let at = sorted.partition_point(|s| s.total_cmp(&v).is_lt());
            sorted.insert(at, v);
            hi += 1;
        }
        while lo < want_lo {
            let v = x[lo];
            let at = sorted.partition_point(|s| s.total_cmp(&v).is_lt());
            sorted.remove(at);
            lo += 1;
        }
        out.push(f(&sorted));
    }
    out
}

/// Linear-interpolation quantile of sorted values (numpy's and pandas' default).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (k, frac) = (pos.floor() as usize, pos.fract());
    match sorted.get(k + 1) {
        Some(next) => sorted[k] + frac * (next - sorted[k]),
        None => sorted[k],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(n: usize) -> Vec<f64> {
        (0..n)
            .map(|i| 900.0 + 30.0 * (i as f64 * 0.9).sin() + ((i * 37) % 11) as f64)
            .collect()
    }

    #[test]
    fn quantiles_and_windows_match_pandas() {
        assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.25), 1.75);
        assert_eq!(quantile(&[5.0], 0.75), 5.0);
        // pandas: Series([3,1,4,1,5]).rolling(3, center=True, min_periods=1).median()
        let m = running_median(&[3.0, 1.0, 4.0, 1.0, 5.0], 3);
        assert_eq!(m, vec![2.0, 3.0, 1.0, 4.0, 3.0]);
    }

    #[test]
    fn clean_series_has_no_findings() {
        assert!(detect(&series(400), &LipponenConfig::default()).is_empty());
    }

    #[test]
    fn each_class_is_recognised() {
        let cfg = LipponenConfig::default();
        let clean = series(400);
        // Premature beat: short then long, same total. The short interval alone is also short
        // for its neighbourhood (the paper's classes overlap; the correction joins them).
        let mut rr = clean.clone();
        rr[100] = 0.6 * clean[100];
        rr[101] = clean[101] + 0.4 * clean[100];
        assert_eq!(
            detect(&rr, &cfg),
            vec![
                Finding::LongShort { index: 100 },
                Finding::Ectopic { first: 100 }
            ]
        );
        // Missed beat: two intervals as one.
        let mut rr = clean.clone();
        rr[200] += rr[201];
        rr.remove(201);
        assert_eq!(detect(&rr, &cfg), vec![Finding::Missed { index: 200 }]);
        // Extra beat: one interval split in two.
        let mut rr = clean.clone();
        let v = rr[300];
        rr[300] = 0.35 * v;
        rr.insert(301, 0.65 * v);
        assert_eq!(
            detect(&rr, &cfg),
            vec![
                Finding::Extra { index: 300 },
                Finding::LongShort { index: 301 }
            ]
        );
        // A lone long interval that is not twice the median.
        let mut rr = clean;
        rr[150] *= 1.5;
        assert_eq!(detect(&rr, &cfg), vec![Finding::LongShort { index: 150 }]);
    }
}
