//! Every readiness figure with its contributors, in words and numbers.
//!
//! The factors mirror how the model composes readiness (`myo_model::engine`, `muscle_report` and
//! `systemic_report`); a test checks they still multiply to the model's figure.

use myo_model::{Hours, MuscleGroup, MuscleReport, Phase, SystemicReport};
use serde::Serialize;

/// One cause of lost readiness.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contributor {
    pub name: &'static str,
    /// The quantity, in the unit the text gives.
    pub value: f64,
    /// Readiness points it takes off (0 when it costs nothing).
    pub cost: f64,
    pub text: String,
}

/// A readiness figure and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Explanation {
    pub readiness: f64,
    /// One line for people: "quadriceps 55/100: damage peaked yesterday; soreness 4/10; …".
    pub summary: String,
    pub contributors: Vec<Contributor>,
}

/// When a group's damage and soreness peaked in the recent past (for "peaked yesterday").
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Peaks {
    pub damage: Option<(Hours, f64)>,
    pub soreness: Option<(Hours, f64)>,
}

/// "now", "3 h ago", "yesterday", "2 days ago".
pub fn ago(hours: f64) -> String {
    if hours < 2.0 {
        "now".into()
    } else if hours < 18.0 {
        format!("{hours:.0} h ago")
    } else if hours < 42.0 {
        "yesterday".into()
    } else {
        format!("{:.0} days ago", hours / 24.0)
    }
}

fn level(x: f64, low: f64, high: f64) -> &'static str {
    if x < low {
        "low"
    } else if x < high {
        "moderate"
    } else {
        "high"
    }
}

/// Readiness factors of a group, as the model composes them: force, soreness, glycogen.
fn muscle_factors(m: &MuscleReport) -> [f64; 3] {
    [
        (1.0 - (100.0 - m.force_pct).max(0.0) / 40.0).clamp(0.0, 1.0),
        (1.0 - 0.04 * m.soreness).clamp(0.0, 1.0),
        1.0 - 0.5 * ((60.0 - m.glycogen_pct) / 60.0).clamp(0.0, 1.0),
    ]
}

/// Points a factor takes off, given the product of the factors before it.
fn cost(before: f64, factor: f64) -> f64 {
    100.0 * before * (1.0 - factor)
}

/// Why a group is as ready as it is.
pub fn muscle(
    group: MuscleGroup,
    m: &MuscleReport,
    sys: &SystemicReport,
    peaks: Peaks,
    at: Hours,
) -> Explanation {
    let [force, sore, glyc] = muscle_factors(m);
    let mut parts = Vec::new();
    let mut contributors = Vec::new();
    let damage_text = match (m.phase, peaks.damage) {
        (Phase::None, _) => "no damage".to_string(),
        (phase, Some((t, d))) if d >= 0.02 => {
            format!(
                "damage peaked {} ({:.2}), now {:.2}, {} phase",
                ago(at - t),
                d,
                m.damage,
                phase.name()
            )
        }
        (phase, _) => format!("damage {:.2}, {} phase", m.damage, phase.name()),
    };
    contributors.push(Contributor {
        name: "force",
        value: m.force_pct,
        cost: cost(1.0, force),
        text: format!("force {:.0}% of baseline; {damage_text}", m.force_pct),
    });
    parts.push(damage_text);
    let sore_text = match peaks.soreness {
        Some((t, s)) if s >= 1.0 && at - t >= 2.0 => format!(
            "soreness {:.0}/10 (peaked {} at {:.0})",
            m.soreness,
            ago(at - t),
            s
        ),
        _ => format!("soreness {:.0}/10", m.soreness),
    };
    contributors.push(Contributor {
        name: "soreness",
        value: m.soreness,
        cost: cost(force, sore),
        text: sore_text.clone(),
    });
    parts.push(sore_text);
    let glyc_text = format!("glycogen {:.0}%", m.glycogen_pct);
    contributors.push(Contributor {
        name: "glycogen",
        value: m.glycogen_pct,
        cost: cost(force * sore, glyc),
        text: glyc_text.clone(),
    });
    parts.push(glyc_text);
    parts.push(format!(
        "central fatigue {}",
        level(sys.neural_fatigue, 0.05, 0.2)
    ));
    Explanation {
        readiness: m.readiness,
        summary: format!(
            "{} {:.0}/100: {}",
            group.name().replace('_', " "),
            m.readiness,
            parts.join("; ")
        ),
        contributors,
    }
}

/// Whole-body readiness factors: neural, autonomic, sleep, hydration, accumulated load, as the
/// model composes them; muscle glycogen and inflammation make up the rest.
fn systemic_factors(s: &SystemicReport) -> [f64; 5] {
    [
        (1.0 - 1.2 * s.neural_fatigue).clamp(0.0, 1.0),
        1.0 + 0.5 * s.autonomic.min(0.0),
        1.0 - 0.025 * s.sleep_debt_h.min(16.0),
        (1.0 - 0.05 * (99.0 - s.hydration_pct).max(0.0)).clamp(0.0, 1.0),
        1.0 - 0.25 * (-s.form / (s.fitness + 60.0)).clamp(0.0, 1.0),
    ]
}

/// Why the whole body is as ready as it is.
pub fn whole_body(s: &SystemicReport) -> Explanation {
    let f = systemic_factors(s);
    let explicit: f64 = f.iter().product();
    let rest = if explicit > 1e-9 {
        (s.readiness / 100.0 / explicit).clamp(0.0, 1.0)
    } else {
        1.0
    };
    let texts = [
        (
            "neural_fatigue",
            s.neural_fatigue,
            format!(
                "central (neural) fatigue {} ({:.2})",
                level(s.neural_fatigue, 0.05, 0.2),
                s.neural_fatigue
            ),
        ),
        (
            "autonomic",
            s.autonomic,
            if s.autonomic < -0.05 {
                format!(
                    "autonomic balance {:+.2}: sympathetic, not yet recovered",
                    s.autonomic
                )
            } else {
                format!(
                    "autonomic balance {:+.2}: at or above baseline",
                    s.autonomic
                )
            },
        ),
        (
            "sleep_debt",
            s.sleep_debt_h,
            format!("sleep debt {:.1} h", s.sleep_debt_h),
        ),
        (
            "hydration",
            s.hydration_pct,
            format!("hydration {:.1}%", s.hydration_pct),
        ),
        (
            "training_load",
            s.form,
            format!(
                "form {:+.0} (fitness {:.0}, fatigue {:.0})",
                s.form, s.fitness, s.fatigue
            ),
        ),
    ];
    let mut before = 1.0;
    let mut contributors = Vec::new();
    for ((name, value, text), factor) in texts.into_iter().zip(f) {
        contributors.push(Contributor {
            name,
            value,
            cost: cost(before, factor),
            text,
        });
        before *= factor;
    }
    contributors.push(Contributor {
        name: "muscles",
        value: rest,
        cost: cost(before, rest),
        text: "muscle glycogen and inflammation across the body".into(),
    });
    let mut costly: Vec<&Contributor> = contributors.iter().filter(|c| c.cost >= 1.0).collect();
    costly.sort_by(|a, b| b.cost.total_cmp(&a.cost));
    let summary = if costly.is_empty() {
        format!("whole body {:.0}/100: nothing holds it back", s.readiness)
    } else {
        format!(
            "whole body {:.0}/100: {}",
            s.readiness,
            costly
                .iter()
                .map(|c| format!("{} (−{:.0})", c.text, c.cost))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    Explanation {
        readiness: s.readiness,
        summary,
        contributors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ago_reads_like_people_talk() {
        assert_eq!(ago(0.5), "now");
        assert_eq!(ago(5.0), "5 h ago");
        assert_eq!(ago(26.0), "yesterday");
        assert_eq!(ago(70.0), "3 days ago");
    }

    #[test]
    fn muscle_factors_multiply_to_the_reported_readiness() {
        let m = MuscleReport {
            force_pct: 80.0,
            soreness: 4.0,
            damage: 0.1,
            inflammation: 0.2,
            swelling_pct: 1.0,
            metabolites: 0.0,
            glycogen_pct: 45.0,
            perfusion: 1.2,
            tension: 0.1,
            phase: Phase::Repair,
            readiness: 100.0 * 0.5 * 0.84 * 0.875,
        };
        let sys = SystemicReport {
            lactate_mmol: 1.0,
            neural_fatigue: 0.0,
            sleep_debt_h: 0.0,
            hydration_pct: 100.0,
            autonomic: 0.0,
            fitness: 0.0,
            fatigue: 0.0,
            form: 0.0,
            readiness: 100.0,
        };
        let e = muscle(MuscleGroup::Quadriceps, &m, &sys, Peaks::default(), 0.0);
        let lost: f64 = e.contributors.iter().map(|c| c.cost).sum();
        assert!((100.0 - lost - m.readiness).abs() < 1e-9, "{e:?}");
        assert!(e.summary.starts_with("quadriceps 37/100"), "{}", e.summary);
    }
}
