//! The whole body's part of the plan: the cap on every group's level, the decision, and why.

use myo_model::{MuscleGroup, SystemicReport};
use serde::Serialize;

use super::Level;
use crate::advice::{item, seek_medical_care, Advice, AdviceCode};
use crate::explain::Explanation;

/// What the whole body should do today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    SeekMedicalCare,
    Rest,
    ActiveRecovery,
    TrainOtherGroups,
    TrainModerately,
    TrainHard,
}

impl Decision {
    /// The code the decision serialises to, which is also its reason's code.
    pub const fn as_str(self) -> &'static str {
        self.advice_code().as_str()
    }

    /// The code of the advice that gives the decision's reason.
    pub const fn advice_code(self) -> AdviceCode {
        match self {
            Decision::SeekMedicalCare => AdviceCode::SeekMedicalCare,
            Decision::Rest => AdviceCode::Rest,
            Decision::ActiveRecovery => AdviceCode::ActiveRecovery,
            Decision::TrainOtherGroups => AdviceCode::TrainOtherGroups,
            Decision::TrainModerately => AdviceCode::TrainModerately,
            Decision::TrainHard => AdviceCode::TrainHard,
        }
    }
}

impl std::fmt::Display for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Sleep owed that caps the day at moderate work, and at light work: a night under 6 h costs
/// about 7.6% of performance (Craven 2022); a chronic small shortfall within the 7-9 h range
/// settles near 4 h of debt in the model and should not cap training on its own.
const SLEEP_DEBT_MODERATE_H: f64 = 4.0;
const SLEEP_DEBT_LIGHT_H: f64 = 12.0;

/// The highest level any group may reach today, from the whole-body state.
pub(super) fn cap(sys: &SystemicReport, ill: bool, overreaching: bool) -> (Level, String) {
    if ill {
        return (Level::Rest, "fever: no training while ill".into());
    }
    if sys.readiness < 40.0 {
        return (
            Level::Rest,
            format!("whole-body readiness {:.0}/100", sys.readiness),
        );
    }
    let mut light = Vec::new();
    if sys.readiness < 60.0 {
        light.push(format!("whole-body readiness {:.0}/100", sys.readiness));
    }
    if sys.sleep_debt_h >= SLEEP_DEBT_LIGHT_H {
        light.push(format!("{:.1} h of sleep owed", sys.sleep_debt_h));
    }
    if sys.autonomic <= -0.3 {
        light.push(format!("autonomic balance {:+.2}", sys.autonomic));
    }
    if sys.neural_fatigue >= 0.3 {
        light.push(format!("central fatigue {:.2}", sys.neural_fatigue));
    }
    if !light.is_empty() {
        return (Level::Light, light.join(", "));
    }
    let mut moderate = Vec::new();
    if sys.readiness < 80.0 {
        moderate.push(format!("whole-body readiness {:.0}/100", sys.readiness));
    }
    if sys.sleep_debt_h >= SLEEP_DEBT_MODERATE_H {
        moderate.push(format!("{:.1} h of sleep owed", sys.sleep_debt_h));
    }
    if sys.autonomic <= -0.15 {
        moderate.push(format!("autonomic balance {:+.2}", sys.autonomic));
    }
    if sys.neural_fatigue >= 0.15 {
        moderate.push(format!(
            "central fatigue {:.2}: avoid maximal lifts",
            sys.neural_fatigue
        ));
    }
    if overreaching {
        moderate.push("signs of functional overreaching".into());
    }
    if !moderate.is_empty() {
        return (Level::Moderate, moderate.join(", "));
    }
    (Level::Hard, String::new())
}

/// The decision for the whole body, from the cap and the groups not ready for moderate work.
pub(super) fn decide(ill: bool, cap: Level, not_ready: &[MuscleGroup]) -> Decision {
    if ill {
        Decision::Rest
    } else if cap <= Level::Light {
        if cap == Level::Rest {
            Decision::Rest
        } else {
            Decision::ActiveRecovery
        }
    } else if !not_ready.is_empty() {
        Decision::TrainOtherGroups
    } else if cap == Level::Hard {
        Decision::TrainHard
    } else {
        Decision::TrainModerately
    }
}

/// Why the decision is what it is, for people.
pub(super) fn decision_reason(
    decision: Decision,
    cap_reason: &str,
    not_ready: &[MuscleGroup],
    hard_today: &[&str],
    moderate_only: &[&str],
    whole_body: &Explanation,
) -> Advice {
    // Groups as people write them ("lower back"); a long list as a count, since the groups
    // not cleared are named.
    let people = |g: &[&str]| {
        g.iter()
            .map(|g| g.replace('_', " "))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let names = |g: &[MuscleGroup]| people(&g.iter().map(|g| g.name()).collect::<Vec<_>>());
    let hard = match hard_today.len() {
        0 => String::new(),
        n if n == MuscleGroup::ALL.len() => " Cleared for hard work: every group.".into(),
        n if n > 5 => format!(" Cleared for hard work: the other {n} groups."),
        _ => format!(" Cleared for hard work: {}.", people(hard_today)),
    };
    match decision {
        Decision::SeekMedicalCare => seek_medical_care(),
        Decision::Rest => item(
            AdviceCode::Rest,
            format!(
                "Rest today ({cap_reason}); light walking at most. {}",
                whole_body.summary
            ),
            &["Meeusen 2013", "Kiviniemi 2007"],
        ),
        Decision::ActiveRecovery => item(
            AdviceCode::ActiveRecovery,
            format!(
                "Active recovery only today ({cap_reason}). {}",
                whole_body.summary
            ),
            &[
                "Kiviniemi 2007",
                "Vesterinen 2016",
                "Craven 2022",
                "Thomas 2018",
            ],
        ),
        Decision::TrainOtherGroups => item(
            AdviceCode::TrainOtherGroups,
            format!(
                "Not ready for hard work: {}. Train other groups or move lightly.{hard}{}",
                names(not_ready),
                if cap_reason.is_empty() {
                    String::new()
                } else {
                    format!(" Whole body capped at moderate: {cap_reason}.")
                }
            ),
            &["Nosaka 2002", "Morán-Navarro 2017", "McLester 2003"],
        ),
        Decision::TrainModerately => item(
            AdviceCode::TrainModerately,
            format!(
                "Every group is ready for moderate work, but not hard work today: {cap_reason}."
            ),
            &["Kiviniemi 2007", "Thomas 2018", "Craven 2022"],
        ),
        Decision::TrainHard => item(
            AdviceCode::TrainHard,
            format!(
                "Ready for hard training.{hard}{} {}",
                if moderate_only.is_empty() {
                    String::new()
                } else {
                    format!(" Moderate work only: {}.", people(moderate_only))
                },
                whole_body.summary
            ),
            &["McLester 2003", "Thomas 2018"],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decisions_reason_has_the_decisions_code() {
        let whole_body = Explanation {
            readiness: 100.0,
            summary: String::new(),
            contributors: Vec::new(),
        };
        for d in [
            Decision::SeekMedicalCare,
            Decision::Rest,
            Decision::ActiveRecovery,
            Decision::TrainOtherGroups,
            Decision::TrainModerately,
            Decision::TrainHard,
        ] {
            let reason = decision_reason(d, "", &[], &[], &[], &whole_body);
            assert_eq!(reason.code, d.advice_code());
        }
    }
}
