//! What the filter reports: expected reports, the learned parameters against the
//! population's, and the posterior's state.

use std::collections::BTreeMap;

use myo_model::{MuscleReport, Snapshot, SystemicReport};
use serde::Serialize;

use crate::items::{Item, Scale};
use crate::learner::{report_scale, Learner};
use crate::prior::{normal_quantile, Individual};

/// What the athlete would report now, on the item's own scale (spec: `expected_reports`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Expected {
    pub expected: f64,
    pub p10: f64,
    pub p90: f64,
    /// Reports of this item before now.
    pub n: usize,
}

/// One learned parameter (spec: `personal`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Learned {
    pub population: f64,
    pub estimate: f64,
    pub p10: f64,
    pub p90: f64,
    /// Observations behind it.
    pub n: usize,
    /// Whether the data pin it down: enough reports and a range clearly narrower than the
    /// population's. When not, `estimate` is the population's value. [PERSONAL-GATE]
    pub learned: bool,
}

/// Reports before a parameter can count as learned. [PERSONAL-GATE]
pub const MIN_REPORTS: usize = 3;
/// …and its 10–90% range must be at most this share of the population's. [PERSONAL-GATE]
pub const MAX_RANGE_SHARE: f64 = 0.7;

/// Which particle parameters an item informs (its signal depends on them).
fn informs(item: &Item) -> [bool; 3] {
    match item {
        Item::Soreness(_) | Item::GeneralSoreness | Item::CkUPerL => [true, true, false],
        Item::JumpCm | Item::GripKg | Item::Lift(_) => [true, true, true],
        Item::Readiness | Item::Fatigue | Item::Mood | Item::Stress => [true, true, true],
        Item::SleepQuality | Item::RmssdMs | Item::NightRmssdMs | Item::RestingHr => {
            [false, false, false]
        }
    }
}

/// The weighted `p` quantile.
fn weighted_quantile(values: &[(f64, f64)], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cum = 0.0;
    for (x, w) in &v {
        cum += w;
        if cum >= p {
            return *x;
        }
    }
    v.last().map_or(0.0, |x| x.0)
}

fn gate(population: f64, estimate: f64, p10: f64, p90: f64, prior_width: f64, n: usize) -> Learned {
    let learned = n >= MIN_REPORTS && (p90 - p10) <= MAX_RANGE_SHARE * prior_width;
    Learned {
        population,
        estimate: if learned { estimate } else { population },
        p10,
        p90,
        n,
        learned,
    }
}

pub(crate) fn learned(l: &Learner) -> BTreeMap<String, Learned> {
    let view = l.particle_view();
    let counts = l.counts();
    let mut out = BTreeMap::new();
    let z90 = normal_quantile(0.9);
    // The simulation's own parameters: weighted quantiles over the particles.
    let spread = Individual::MEDIAN;
    let names = [
        "damage_susceptibility",
        "repair_rate",
        "central_fatigue_sensitivity",
    ];
    let sigmas = {
        let s = crate::prior::Spread::default();
        [
            (s.damage_sigma_low, s.damage_sigma_high),
            (s.repair_sigma, s.repair_sigma),
            (s.central_sigma, s.central_sigma),
        ]
    };
    for (a, name) in names.iter().enumerate() {
        let n: usize = counts
            .iter()
            .filter(|(i, _)| informs(i)[a])
            .map(|(_, c)| *c)
            .sum();
        let values: Vec<(f64, f64)> = view
            .iter()
            .map(|(w, who, _)| {
                let x = match a {
                    0 => who.damage,
                    1 => who.repair,
                    _ => who.central,
                };
                (x, *w)
            })
            .collect();
        let prior_width = (sigmas[a].1 * z90).exp() - (-sigmas[a].0 * z90).exp();
        let population = match a {
            0 => spread.damage,
            1 => spread.repair,
            _ => spread.central,
        };
        out.insert(
            name.to_string(),
            gate(
                population,
                weighted_quantile(&values, 0.5),
                weighted_quantile(&values, 0.1),
                weighted_quantile(&values, 0.9),
                prior_width,
                n,
            ),
        );
    }
    // Each item's offset and gain: a mixture of the particles' normal marginals.
    for (item, &n) in counts {
        let model = l.item_model(item);
        let anchor = l.anchor(item);
        let comps: Vec<(f64, [f64; 3], [f64; 3])> = view
            .iter()
            .filter_map(|(w, _, items)| {
                items
                    .get(item)
                    .map(|d| (*w, d.m, [d.c[0][0], d.c[1][1], d.c[2][2]]))
            })
            .collect();
        if comps.is_empty() {
            continue;
        }
        let moments = |i: usize| {
            let mean: f64 = comps.iter().map(|(w, m, _)| w * m[i]).sum();
            let second: f64 = comps.iter().map(|(w, m, v)| w * (v[i] + m[i] * m[i])).sum();
            (mean, (second - mean * mean).max(0.0).sqrt())
        };
        let key = item.key();
        match model.scale {
            Scale::Relative => {
                // The rested test value: gain × the first reading.
                let (g, sd) = moments(1);
                let a = anchor.unwrap_or(1.0);
                out.insert(
                    format!("{key}.baseline"),
                    gate(
                        a,
                        g * a,
                        (g - z90 * sd) * a,
                        (g + z90 * sd) * a,
                        2.0 * z90 * model.gain_sd * a,
                        n,
                    ),
                );
            }
            Scale::Log | Scale::Linear => {
                let (o, osd) = moments(0);
                let back = |x: f64| report_scale(&model, x, None);
                let label = if model.scale == Scale::Log {
                    "baseline"
                } else {
                    "offset"
                };
                let population = back(model.offset);
                let prior_width = back(model.offset + z90 * model.offset_sd)
                    - back(model.offset - z90 * model.offset_sd);
                let offset = if model.scale == Scale::Log {
                    gate(
                        population,
                        back(o),
                        back(o - z90 * osd),
                        back(o + z90 * osd),
                        prior_width,
                        n,
                    )
                } else {
                    gate(
                        model.offset,
                        o,
                        o - z90 * osd,
                        o + z90 * osd,
                        2.0 * z90 * model.offset_sd,
                        n,
                    )
                };
                out.insert(format!("{key}.{label}"), offset);
                let (g, gsd) = moments(1);
                out.insert(
                    format!("{key}.gain"),
                    gate(
                        model.gain,
                        g,
                        g - z90 * gsd,
                        g + z90 * gsd,
                        2.0 * z90 * model.gain_sd,
                        n,
                    ),
                );
            }
        }
    }
    out
}

/// The weighted mean of the particles' snapshots (phases: the heaviest particle's).
pub(crate) fn weighted_snapshot(snaps: &[Snapshot], w: &[f64]) -> Snapshot {
    let heaviest = w
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(k, _)| k);
    let mut out = snaps[heaviest].clone();
    let avg =
        |f: &dyn Fn(&Snapshot) -> f64| -> f64 { snaps.iter().zip(w).map(|(s, w)| w * f(s)).sum() };
    for g in 0..out.muscles.len() {
        let m = |f: fn(&MuscleReport) -> f64| avg(&|s: &Snapshot| f(&s.muscles[g]));
        out.muscles[g] = MuscleReport {
            force_pct: m(|r| r.force_pct),
            soreness: m(|r| r.soreness),
            damage: m(|r| r.damage),
            inflammation: m(|r| r.inflammation),
            swelling_pct: m(|r| r.swelling_pct),
            metabolites: m(|r| r.metabolites),
            glycogen_pct: m(|r| r.glycogen_pct),
            perfusion: m(|r| r.perfusion),
            tension: m(|r| r.tension),
            phase: out.muscles[g].phase,
            readiness: m(|r| r.readiness),
        };
    }
    let sys = |f: fn(&SystemicReport) -> f64| avg(&|s: &Snapshot| f(&s.systemic));
    out.systemic = SystemicReport {
        lactate_mmol: sys(|r| r.lactate_mmol),
        neural_fatigue: sys(|r| r.neural_fatigue),
        sleep_debt_h: sys(|r| r.sleep_debt_h),
        hydration_pct: sys(|r| r.hydration_pct),
        autonomic: sys(|r| r.autonomic),
        fitness: sys(|r| r.fitness),
        fatigue: sys(|r| r.fatigue),
        form: sys(|r| r.form),
        readiness: sys(|r| r.readiness),
    };
    out
}

/// What was learned, in plain words: one line per learned parameter that differs from the
/// population's, then what the data cannot tell yet. For the athlete's and the coach's pages.
pub fn in_words(personal: &BTreeMap<String, Learned>) -> Vec<String> {
    let mut lines = Vec::new();
    let mut pending = Vec::new();
    let from = |n: usize, what: &str| format!("from {n} {what}{}", if n == 1 { "" } else { "s" });
    for (key, l) in personal {
        let ratio = l.estimate / l.population;
        let differs = (ratio - 1.0).abs() >= 0.1;
        let text = match key.as_str() {
            "damage_susceptibility" => Some((
                if ratio > 1.0 {
                    "Your muscles lose more force after hard training than most"
                } else {
                    "Your muscles lose less force after hard training than most"
                },
                "how much force you lose after hard training",
                "report",
            )),
            "repair_rate" => Some((
                if ratio > 1.0 {
                    "You repair muscle damage faster than most"
                } else {
                    "You repair muscle damage more slowly than most"
                },
                "how fast you repair",
                "report",
            )),
            "central_fatigue_sensitivity" => Some((
                if ratio > 1.0 {
                    "Hard sessions tire your nervous system more than most"
                } else {
                    "Hard sessions tire your nervous system less than most"
                },
                "how hard sessions tire your nervous system",
                "report",
            )),
            _ => None,
        };
        if let Some((said, unknown, noun)) = text {
            if l.learned && differs {
                lines.push(format!("{said}: {ratio:.1}×, {}.", from(l.n, noun)));
            } else if !l.learned && l.n > 0 {
                pending.push(unknown.to_string());
            }
            continue;
        }
        if !l.learned {
            continue;
        }
        if let Some(group) = key
            .strip_prefix("soreness.")
            .and_then(|k| k.strip_suffix(".gain"))
        {
            if differs {
                let more = if l.estimate > l.population {
                    "sorer"
                } else {
                    "less sore"
                };
                lines.push(format!(
                    "Your {} get {more} than the model expects after training: {:.1}×, {}.",
                    group.replace('_', " "),
                    l.estimate,
                    from(l.n, "rating")
                ));
            }
        } else if let Some(item) = key.strip_suffix(".baseline") {
            let (what, unit) = match item.strip_prefix("lift.") {
                Some(exercise) => (format!("estimated 1RM in the {exercise}, rested"), " kg"),
                None => match item {
                    "rmssd_ms" => ("morning HRV (rMSSD) baseline".to_string(), " ms"),
                    "night_rmssd_ms" => ("overnight HRV (rMSSD) baseline".to_string(), " ms"),
                    "jump_cm" => ("rested jump height".to_string(), " cm"),
                    "grip_kg" => ("rested grip strength".to_string(), " kg"),
                    "ck_u_per_l" => ("resting CK".to_string(), " U/L"),
                    other => (format!("usual {}", other.replace('_', " ")), ""),
                },
            };
            lines.push(format!(
                "Your {what}: {:.0}{unit}, {}.",
                l.estimate,
                from(l.n, "reading")
            ));
        } else if let Some(item) = key.strip_suffix(".offset") {
            let shift = l.estimate - l.population;
            if shift.abs() >= 1.0 && item == "readiness" {
                lines.push(format!(
                    "You rate your readiness about {:.0} points {} than the model's score: myo takes that as your normal, {}.",
                    shift.abs(),
                    if shift < 0.0 { "lower" } else { "higher" },
                    from(l.n, "rating")
                ));
            } else if item == "resting_hr" {
                lines.push(format!(
                    "Your resting heart rate baseline: {:.0} bpm, {}.",
                    l.estimate,
                    from(l.n, "reading")
                ));
            }
        }
    }
    if !pending.is_empty() {
        lines.push(format!(
            "Not enough data yet to tell {}: the population's values are used.",
            pending.join(", ")
        ));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn l(population: f64, estimate: f64, n: usize, learned: bool) -> Learned {
        Learned {
            population,
            estimate,
            p10: estimate - 0.1,
            p90: estimate + 0.1,
            n,
            learned,
        }
    }

    #[test]
    fn says_what_was_learned_and_what_was_not() {
        let mut p = BTreeMap::new();
        p.insert("soreness.quadriceps.gain".to_string(), l(1.0, 1.6, 9, true));
        p.insert("repair_rate".to_string(), l(1.0, 1.0, 9, false));
        p.insert("rmssd_ms.baseline".to_string(), l(60.0, 48.2, 20, true));
        let words = in_words(&p);
        assert!(
            words
                .iter()
                .any(|w| w.contains("quadriceps get sorer") && w.contains("1.6×, from 9 ratings")),
            "{words:?}"
        );
        assert!(words.iter().any(|w| w.contains("48 ms")), "{words:?}");
        assert!(
            words.last().unwrap().contains("how fast you repair"),
            "{words:?}"
        );
    }
}
