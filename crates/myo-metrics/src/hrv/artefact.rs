//! Artefact and ectopic-beat correction of an RR series, before any HRV metric.
//!
//! Each interval is compared with the median of its 10 neighbours (5 each side). It is an
//! artefact when it deviates by more than a threshold: the larger of `tolerance` × that median
//! and `mad_factor` robust SDs (1.4826 × MAD) of the deviations in its 128-beat block, so that
//! genuinely variable series are not "corrected" into flat ones. Artefacts are then classified,
//! and each class corrected so that the total time of the series is kept:
//!
//! | pattern | class | correction |
//! |---|---|---|
//! | one long interval ≈ k × median (k ≥ 2) | missed beat(s) | split into k equal intervals |
//! | two short intervals whose sum ≈ median | extra (false) beat | merged into one |
//! | short then long, sum ≈ 2 × median | ectopic beat | both set to their mean |
//! | anything else | other | replaced by the local median |

use serde::Serialize;

use crate::error::{ensure_finite, MetricsError};

/// Thresholds of [`correct`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ArtefactConfig {
    /// Smallest deviation from the local median treated as an artefact, as a fraction of it.
    pub tolerance: f64,
    /// Deviation threshold in robust SDs of the local deviations.
    pub mad_factor: f64,
    /// Intervals outside this range are never physiological.
    pub min_rr_ms: f64,
    pub max_rr_ms: f64,
    /// More corrected beats than this fraction and the series is refused.
    pub max_corrected_fraction: f64,
}

impl Default for ArtefactConfig {
    fn default() -> Self {
        Self {
            tolerance: 0.2,
            mad_factor: 5.0,
            min_rr_ms: 250.0,
            max_rr_ms: 2500.0,
            max_corrected_fraction: 0.2,
        }
    }
}

/// How many input intervals fell in each class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ArtefactCounts {
    pub missed: usize,
    pub extra: usize,
    pub ectopic: usize,
    pub other: usize,
}

impl ArtefactCounts {
    pub fn total(&self) -> usize {
        self.missed + self.extra + self.ectopic + self.other
    }
}

/// The corrected NN series and what was done to get it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Corrected {
    pub nn_ms: Vec<f64>,
    pub n_input: usize,
    pub counts: ArtefactCounts,
    /// Input intervals touched by a correction / all input intervals.
    pub corrected_fraction: f64,
}

const HALF_WINDOW: usize = 5;
const BLOCK: usize = 128;

/// Detects and corrects artefacts. Errors when nothing usable is left or when more than
/// `max_corrected_fraction` of the beats needed correcting (the recording is not trustworthy).
pub fn correct(rr_ms: &[f64], config: &ArtefactConfig) -> Result<Corrected, MetricsError> {
    ensure_finite(rr_ms, "rr_ms")?;
    let n = rr_ms.len();
    let plausible = rr_ms
        .iter()
        .filter(|v| (config.min_rr_ms..=config.max_rr_ms).contains(*v))
        .count();
    if plausible < 3 {
        return Err(MetricsError::NoData(format!(
            "{plausible} of {n} intervals are within {}–{} ms",
            config.min_rr_ms, config.max_rr_ms
        )));
    }
    let median = local_medians(rr_ms, config);
    let threshold = thresholds(rr_ms, &median, config);
    let is_ok = |i: usize| (rr_ms[i] - median[i]).abs() <= threshold[i];
    let near = |v: f64, target: f64, i: usize| (v - target).abs() <= threshold[i];

    let mut out = Vec::with_capacity(n + 8);
    let mut counts = ArtefactCounts::default();
    let mut touched = 0usize;
    let mut i = 0;
    while i < n {
        let (rr, med) = (rr_ms[i], median[i]);
        if is_ok(i) && rr >= config.min_rr_ms && rr <= config.max_rr_ms {
            out.push(rr);
            i += 1;
            continue;
        }
        let k = (rr / med).round();
        if rr > med && k >= 2.0 && near(rr / k, med, i) {
            counts.missed += 1;
            touched += 1;
            out.extend(std::iter::repeat_n(rr / k, k as usize));
            i += 1;
            continue;
        }
        if rr < med && i + 1 < n {
            let next = rr_ms[i + 1];
            let sum = rr + next;
            if next < med && near(sum, med, i) {
                counts.extra += 1;
                touched += 2;
                out.push(sum);
                i += 2;
                continue;
            }
            if next > med && near(sum / 2.0, med, i) {
                counts.ectopic += 1;
                touched += 2;
                out.push(sum / 2.0);
                out.push(sum / 2.0);
                i += 2;
                continue;
            }
        }
        counts.other += 1;
        touched += 1;
        out.push(med);
        i += 1;
    }
    let corrected_fraction = touched as f64 / n as f64;
    if corrected_fraction > config.max_corrected_fraction {
        return Err(MetricsError::NoData(format!(
            "{touched} of {n} intervals ({:.0} %) are artefacts; more than the {:.0} % allowed",
            100.0 * corrected_fraction,
            100.0 * config.max_corrected_fraction
        )));
    }
    Ok(Corrected {
        nn_ms: out,
        n_input: n,
        counts,
        corrected_fraction,
    })
}

/// Median of the (plausible) neighbours of each interval, excluding itself.
fn local_medians(rr_ms: &[f64], config: &ArtefactConfig) -> Vec<f64> {
    let n = rr_ms.len();
    let mut buf = Vec::with_capacity(2 * HALF_WINDOW);
    let global = {
        let mut all: Vec<f64> = rr_ms
            .iter()
            .copied()
            .filter(|v| (config.min_rr_ms..=config.max_rr_ms).contains(v))
            .collect();
        median_of(&mut all)
    };
    (0..n)
        .map(|i| {
            buf.clear();
            let lo = i.saturating_sub(HALF_WINDOW);
            let hi = (i + HALF_WINDOW + 1).min(n);
            buf.extend(
                (lo..hi)
                    .filter(|&j| j != i)
                    .map(|j| rr_ms[j])
                    .filter(|v| (config.min_rr_ms..=config.max_rr_ms).contains(v)),
            );
            if buf.is_empty() {
                global
            } else {
                median_of(&mut buf)
            }
        })
        .collect()
}

fn thresholds(rr_ms: &[f64], median: &[f64], config: &ArtefactConfig) -> Vec<f64> {
    let mut out = Vec::with_capacity(rr_ms.len());
    let mut dev = Vec::with_capacity(BLOCK);
    for (block_rr, block_med) in rr_ms.chunks(BLOCK).zip(median.chunks(BLOCK)) {
        dev.clear();
        dev.extend(block_rr.iter().zip(block_med).map(|(r, m)| r - m));
        let centre = median_of(&mut dev);
        for d in dev.iter_mut() {
            *d = (*d - centre).abs();
        }
        let robust_sd = 1.4826 * median_of(&mut dev);
        out.extend(
            block_med
                .iter()
                .map(|m| (config.tolerance * m).max(config.mad_factor * robust_sd)),
        );
    }
    out
}

fn median_of(v: &mut [f64]) -> f64 {
    v.sort_unstable_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}
