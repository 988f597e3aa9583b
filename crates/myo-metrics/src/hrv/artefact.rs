//! Artefact and ectopic-beat correction of an RR series, before any HRV metric.
//!
//! Two methods ([`ArtefactMethod`]):
//!
//! - **Lipponen & Tarvainen (2019)**, the default, as Kubios HRV and neurokit2 detect artefacts:
//!   beats are classified ([`lipponen::detect`]) as ectopic, long/short,
//!   missed or extra against time-varying thresholds. A missed beat's interval is split in two,
//!   an extra beat's two intervals are merged; the intervals of an ectopic beat and long/short
//!   intervals are replaced by linear interpolation between the nearest accepted intervals on
//!   either side, so no difference across an ectopic beat enters RMSSD.
//! - **Local median** (myo's earlier default): each interval is compared with the median of its
//!   10 neighbours (5 each side). It is an artefact when it deviates by more than the larger of
//!   `tolerance` × that median and `mad_factor` robust SDs (1.4826 × MAD) of the deviations in
//!   its 128-beat block. Artefacts are classified and corrected so that the total time is kept:
//!
//! | pattern | class | correction |
//! |---|---|---|
//! | one long interval ≈ k × median (k ≥ 2) | missed beat(s) | split into k equal intervals |
//! | two short intervals whose sum ≈ median | extra (false) beat | merged into one |
//! | short then long, sum ≈ 2 × median | ectopic beat | both set to their mean |
//! | anything else | other | replaced by the local median |
//!
//! Either way, intervals outside `min_rr_ms..=max_rr_ms` are never accepted, and every corrected
//! stretch is listed ([`Corrected::beats`]) by its position in the input.

use serde::Serialize;

use super::lipponen::{self, Finding, LipponenConfig};
use crate::error::{ensure_finite, MetricsError};

/// Which detector and correction [`correct`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArtefactMethod {
    /// Lipponen & Tarvainen (2019) classification, interpolated ectopic and long/short beats.
    #[default]
    Lipponen2019,
    /// Deviation from the median of 10 neighbours; ectopic pairs averaged (myo before 2026-12).
    LocalMedian,
}

/// Thresholds of [`correct`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ArtefactConfig {
    pub method: ArtefactMethod,
    /// The detector's parameters (method `lipponen2019`).
    pub lipponen: LipponenConfig,
    /// Local median only: smallest deviation from the local median treated as an artefact, as a fraction of it.
    pub tolerance: f64,
    /// Local median only: deviation threshold in robust SDs of the local deviations.
    pub mad_factor: f64,
    /// Lipponen only: an interval deviating from the median of the 11 around it by more than
    /// this fraction of it is an artefact whatever the thresholds say. The thresholds adapt to
    /// their stretch, so where more than a quarter of the beats are artefacts they would accept
    /// them; this keeps such a recording from passing as clean.
    pub max_deviation: f64,
    /// Intervals outside this range are never physiological.
    pub min_rr_ms: f64,
    pub max_rr_ms: f64,
    /// More corrected beats than this fraction and the series is refused.
    pub max_corrected_fraction: f64,
}

impl Default for ArtefactConfig {
    fn default() -> Self {
        Self {
            method: ArtefactMethod::default(),
            lipponen: LipponenConfig::default(),
            max_deviation: 0.4,
            tolerance: 0.2,
            mad_factor: 5.0,
            min_rr_ms: 250.0,
            max_rr_ms: 2500.0,
            max_corrected_fraction: 0.2,
        }
    }
}

/// What kind of artefact a corrected stretch was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BeatClass {
    /// A misplaced (premature or late) beat: its two intervals.
    Ectopic,
    /// One interval too long or too short for its neighbourhood (Lipponen 2019).
    LongShort,
    /// A beat not detected: one interval spanning two or more.
    Missed,
    /// A false detection: two intervals that are one.
    Extra,
    /// Out of the plausible range, or (local median) no pattern recognised.
    Other,
}

/// One corrected stretch of the input: `intervals` input intervals from `index` (0-based
/// positions in the RR series as given; interval `index` ends at beat `index + 1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ArtefactBeat {
    pub index: usize,
    pub intervals: usize,
    pub class: BeatClass,
}

/// How many artefacts of each class were corrected (an ectopic beat counts once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ArtefactCounts {
    pub missed: usize,
    pub extra: usize,
    pub ectopic: usize,
    pub long_short: usize,
    pub other: usize,
}

impl ArtefactCounts {
    pub fn total(&self) -> usize {
        self.missed + self.extra + self.ectopic + self.long_short + self.other
    }

    fn of(beats: &[ArtefactBeat]) -> Self {
        let mut c = Self::default();
        for b in beats {
            *match b.class {
                BeatClass::Ectopic => &mut c.ectopic,
                BeatClass::LongShort => &mut c.long_short,
                BeatClass::Missed => &mut c.missed,
                BeatClass::Extra => &mut c.extra,
                BeatClass::Other => &mut c.other,
            } += 1;
        }
        c
    }
}

/// The corrected NN series and what was done to get it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Corrected {
    pub nn_ms: Vec<f64>,
    pub n_input: usize,
    pub counts: ArtefactCounts,
    /// Every corrected stretch, in input order.
    pub beats: Vec<ArtefactBeat>,
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
    let (nn_ms, beats) = match config.method {
        ArtefactMethod::Lipponen2019 => by_lipponen(rr_ms, config),
        ArtefactMethod::LocalMedian => by_local_median(rr_ms, config),
    };
    let touched: usize = beats.iter().map(|b| b.intervals).sum();
    let corrected_fraction = touched as f64 / n as f64;
    if corrected_fraction > config.max_corrected_fraction {
        return Err(MetricsError::NoData(format!(
            "{touched} of {n} intervals ({:.0} %) are artefacts; more than the {:.0} % allowed",
            100.0 * corrected_fraction,
            100.0 * config.max_corrected_fraction
        )));
    }
    Ok(Corrected {
        nn_ms,
        n_input: n,
        counts: ArtefactCounts::of(&beats),
        beats,
        corrected_fraction,
    })
}

/// What happens to one input interval.
#[derive(Clone, Copy, PartialEq)]
enum Action {
    Keep,
    /// Replaced by interpolation.
    Interpolate,
    Split,
    /// Merged with the next interval.
    Merge,
    /// The second half of a merge.
    Merged,
}

/// Lipponen & Tarvainen's classes; at least 3 plausible intervals (checked by the caller).
fn by_lipponen(rr_ms: &[f64], config: &ArtefactConfig) -> (Vec<f64>, Vec<ArtefactBeat>) {
    let n = rr_ms.len();
    let mut action = vec![Action::Keep; n];
    let mut beats = Vec::new();
    let free = |action: &[Action], from: usize, len: usize| {
        from + len <= n && action[from..from + len].iter().all(|a| *a == Action::Keep)
    };
    for f in lipponen::detect(rr_ms, &config.lipponen) {
        let (index, intervals, class, act) = match f {
            Finding::Ectopic { first } => (first, 2, BeatClass::Ectopic, Action::Interpolate),
            Finding::LongShort { index } => (index, 1, BeatClass::LongShort, Action::Interpolate),
            Finding::Missed { index } => (index, 1, BeatClass::Missed, Action::Split),
            Finding::Extra { index } => (index, 2, BeatClass::Extra, Action::Merge),
        };
        let intervals = intervals.min(n - index);
        let span = index..index + intervals;
        if act == Action::Interpolate {
            // Interpolated findings that overlap (the short interval of a premature beat is
            // also "short") are one corrected stretch; an ectopic beat names it.
            if action[span.clone()]
                .iter()
                .any(|a| !matches!(a, Action::Keep | Action::Interpolate))
            {
                continue;
            }
            action[span.clone()].fill(Action::Interpolate);
            if let Some(last) = beats
                .last_mut()
                .filter(|b: &&mut ArtefactBeat| b.index + b.intervals >= index)
                .filter(|b| matches!(b.class, BeatClass::Ectopic | BeatClass::LongShort))
            {
                let end = (last.index + last.intervals).max(span.end);
                last.index = last.index.min(index);
                last.intervals = end - last.index;
                if class == BeatClass::Ectopic {
                    last.class = class;
                }
                continue;
            }
        } else {
            // A missed or extra beat overlapping an earlier finding: that stretch is corrected.
            if !free(&action, index, intervals) || (act == Action::Merge && intervals < 2) {
                continue;
            }
            if act == Action::Merge {
                action[index] = Action::Merge;
                action[index + 1] = Action::Merged;
            } else {
                action[index] = act;
            }
        }
        beats.push(ArtefactBeat {
            index,
            intervals,
            class,
        });
    }
    // Whatever the classes, an implausible interval is never kept.
    let range = config.min_rr_ms..=config.max_rr_ms;
    let median = lipponen::running_median(rr_ms, config.lipponen.median_beats);
    for (i, rr) in rr_ms.iter().enumerate() {
        let gross = (rr - median[i]).abs() > config.max_deviation * median[i];
        if action[i] == Action::Keep && (!range.contains(rr) || gross) {
            action[i] = Action::Interpolate;
            beats.push(ArtefactBeat {
                index: i,
                intervals: 1,
                class: BeatClass::Other,
            });
        }
    }
    beats.sort_by_key(|b| b.index);

    let mut out: Vec<f64> = Vec::with_capacity(n + 8);
    let mut bad: Vec<bool> = Vec::with_capacity(n + 8);
    for (i, &rr) in rr_ms.iter().enumerate() {
        match action[i] {
            Action::Keep | Action::Interpolate => {
                out.push(rr);
                bad.push(action[i] == Action::Interpolate);
            }
            Action::Split => {
                let half = rr / 2.0;
                let ok = range.contains(&half);
                out.extend([half, half]);
                bad.extend([!ok, !ok]);
            }
            Action::Merge => {
                let sum = rr + rr_ms[i + 1];
                out.push(sum);
                bad.push(!range.contains(&sum));
            }
            Action::Merged => {}
        }
    }
    interpolate_runs(&mut out, &bad);
    (out, beats)
}

/// Replaces every run of `bad` values by the straight line between the accepted values on either
/// side (a run at an end takes the nearest accepted value). The caller guarantees one is accepted.
fn interpolate_runs(v: &mut [f64], bad: &[bool]) {
    let n = v.len();
    let mut i = 0;
    while i < n {
        if !bad[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < n && bad[i] {
            i += 1;
        }
        let before = start.checked_sub(1).map(|j| v[j]);
        let after = (i < n).then(|| v[i]);
        let (a, b) = match (before, after) {
            (Some(a), Some(b)) => (a, b),
            (Some(a), None) => (a, a),
            (None, Some(b)) => (b, b),
            (None, None) => return,
        };
        let steps = (i - start + 1) as f64;
        for (k, x) in v[start..i].iter_mut().enumerate() {
            *x = a + (b - a) * (k + 1) as f64 / steps;
        }
    }
}

/// The local-median method (see the module's table); at least 3 plausible intervals.
fn by_local_median(rr_ms: &[f64], config: &ArtefactConfig) -> (Vec<f64>, Vec<ArtefactBeat>) {
    let n = rr_ms.len();
    let median = local_medians(rr_ms, config);
    let threshold = thresholds(rr_ms, &median, config);
    let is_ok = |i: usize| (rr_ms[i] - median[i]).abs() <= threshold[i];
    let near = |v: f64, target: f64, i: usize| (v - target).abs() <= threshold[i];

    let mut out = Vec::with_capacity(n + 8);
    let mut beats = Vec::new();
    let mut beat = |index, intervals, class| {
        beats.push(ArtefactBeat {
            index,
            intervals,
            class,
        })
    };
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
            beat(i, 1, BeatClass::Missed);
            out.extend(std::iter::repeat_n(rr / k, k as usize));
            i += 1;
            continue;
        }
        if rr < med && i + 1 < n {
            let next = rr_ms[i + 1];
            let sum = rr + next;
            if next < med && near(sum, med, i) {
                beat(i, 2, BeatClass::Extra);
                out.push(sum);
                i += 2;
                continue;
            }
            if next > med && near(sum / 2.0, med, i) {
                beat(i, 2, BeatClass::Ectopic);
                out.push(sum / 2.0);
                out.push(sum / 2.0);
                i += 2;
                continue;
            }
        }
        beat(i, 1, BeatClass::Other);
        out.push(med);
        i += 1;
    }
    (out, beats)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_interpolated_between_their_neighbours_and_held_at_the_ends() {
        let mut v = [0.0, 10.0, 99.0, 99.0, 40.0, 99.0];
        interpolate_runs(&mut v, &[true, false, true, true, false, true]);
        assert_eq!(v, [10.0, 10.0, 20.0, 30.0, 40.0, 40.0]);
    }

    #[test]
    fn an_implausible_interval_is_never_kept() {
        let mut rr: Vec<f64> = (0..200).map(|i| 900.0 + 20.0 * (i as f64).sin()).collect();
        rr[50] = 3000.0;
        rr[120] = 200.0;
        let c = correct(&rr, &ArtefactConfig::default()).unwrap();
        assert!(c.nn_ms.iter().all(|v| (250.0..=2500.0).contains(v)));
        let touched: Vec<usize> = c.beats.iter().map(|b| b.index).collect();
        assert!(
            touched.contains(&50) && touched.contains(&120),
            "{:?}",
            c.beats
        );
    }
}
