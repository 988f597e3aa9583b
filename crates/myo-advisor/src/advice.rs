//! Advice at a moment: stable snake_case codes, text for people, and evidence.

use myo_model::{Athlete, MuscleGroup, Phase, Snapshot};

use crate::triage::{Flag, Severity};

/// One piece of advice.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Advice {
    pub code: &'static str,
    pub text: String,
    pub evidence: Vec<&'static str>,
}

fn item(code: &'static str, text: String, evidence: &[&'static str]) -> Advice {
    Advice {
        code,
        text,
        evidence: evidence.to_vec(),
    }
}

/// The advice for `state`, given the flags in force. Under an urgent flag, only the medical
/// instruction is given.
pub fn advise(
    athlete: &Athlete,
    state: &Snapshot,
    flags: &[Flag],
    muscles: &[MuscleGroup],
) -> Vec<Advice> {
    if flags.iter().any(|f| f.severity == Severity::Urgent) {
        return vec![item(
            "seek_medical_care",
            "A red-flag symptom is in force: seek medical care before any further training. \
             This is information, not medical advice."
                .into(),
            &["ACSM pre-participation guidance (Riebe 2015)", "Nye 2021"],
        )];
    }
    let mut out = Vec::new();
    if !athlete.conditions.is_empty() {
        out.push(item(
            "consult_professional",
            "Plan recovery and training with a qualified professional because of the conditions listed in your profile.".into(),
            &["ACSM pre-participation guidance (Riebe 2015)"],
        ));
    }
    if flags.iter().any(|f| f.code == "fever") {
        out.push(item(
            "rest_while_ill",
            "No hard training while feverish.".into(),
            &["Meeusen 2013"],
        ));
    }
    let sys = &state.systemic;
    if sys.hydration_pct < 98.0 {
        out.push(item(
            "rehydrate",
            "Drink about 1.25-1.5 L per kg of body mass lost, with sodium.".into(),
            &["Sawka 2007", "ACSM 2016"],
        ));
    }
    if sys.sleep_debt_h >= 2.0 {
        out.push(item(
            "extend_sleep",
            format!(
                "About {:.1} h of sleep owed: go to bed earlier at a consistent time.",
                sys.sleep_debt_h
            ),
            &["Mah 2011", "Lamon 2021", "Craven 2022"],
        ));
    }
    let sore: Vec<&str> = muscles
        .iter()
        .filter(|g| {
            let m = state.muscle(**g);
            m.soreness >= 2.0 && matches!(m.phase, Phase::Inflammation | Phase::Repair)
        })
        .map(|g| g.name())
        .collect();
    if !sore.is_empty() {
        out.push(item(
            "massage_window",
            format!(
                "Massage now eases soreness most in the 24-72 h window ({}).",
                sore.join(", ")
            ),
            &["Guo 2017", "Dupuy 2018"],
        ));
    }
    let low_glycogen = muscles.iter().any(|g| state.muscle(*g).glycogen_pct < 60.0);
    if low_glycogen {
        out.push(item(
            "refuel_carbohydrate",
            "Glycogen is low: about 1.0-1.2 g/kg of carbohydrate per hour for the next 4 h.".into(),
            &["Ivy 2004", "Burke 2011"],
        ));
    }
    let not_ready: Vec<&str> = muscles
        .iter()
        .filter(|g| state.muscle(**g).readiness < 70.0)
        .map(|g| g.name())
        .collect();
    if !not_ready.is_empty() {
        out.push(item(
            "train_other_groups",
            format!(
                "Not ready for hard work yet: {}. Train other groups or move lightly.",
                not_ready.join(", ")
            ),
            &["Nosaka 2002", "Morán-Navarro 2017"],
        ));
    } else if sys.readiness >= 70.0 {
        out.push(item(
            "ready_to_train",
            "The groups asked about are ready for training.".into(),
            &["McLester 2003", "Thomas 2018"],
        ));
    }
    out
}
