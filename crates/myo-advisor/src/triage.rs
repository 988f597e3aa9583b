//! Safety triage (domain.md §5; physiology.md §13). Educational, not medical advice: red flags
//! lead to "seek medical care", never to a training plan.

use myo_model::{Athlete, Event, EventKind, Snapshot, Symptom, Urine};

use crate::codes::codes;

codes! {
    /// What a flag is about: stable, for machines (the message is for people).
    pub enum FlagCode {
        // Red flags: urgent, the plan is only `seek_medical_care`.
        PossibleCardiacOrPulmonaryEvent = "possible_cardiac_or_pulmonary_event",
        PossibleBloodClot = "possible_blood_clot",
        PossibleRhabdomyolysis = "possible_rhabdomyolysis",
        PossibleCompartmentSyndrome = "possible_compartment_syndrome",
        // Warnings.
        DarkUrine = "dark_urine",
        Fever = "fever",
        VeryHighCk = "very_high_ck",
        UnexplainedHighCk = "unexplained_high_ck",
        MedicalConditions = "medical_conditions",
        Dehydrated = "dehydrated",
        SleepDebt = "sleep_debt",
        OverreachingRisk = "overreaching_risk",
        // Information.
        HighCkAfterTraining = "high_ck_after_training",
    }
}

/// How serious a flag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Urgent,
}

/// Something the athlete should know at this moment.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Flag {
    pub code: FlagCode,
    pub severity: Severity,
    pub message: String,
}

/// How long a reported red-flag symptom keeps its flag in force, h.
const RED_FLAG_HOURS: f64 = 7.0 * 24.0;
/// How long fever and other warnings stay in force, h.
const WARNING_HOURS: f64 = 72.0;
/// Creatine kinase above which a blood test alone is worth a professional's look, U/L.
/// Healthy people exceed 10,000–50,000 after maximal eccentric work (Nosaka 2006), so CK alone
/// is never urgent.
const CK_VERY_HIGH: f64 = 50_000.0;
/// CK that, with dark urine or severe symptoms, fits exertional rhabdomyolysis (≥5× normal).
const CK_RHABDO: f64 = 1_000.0;

/// The flags in force at `at_h`, from the events up to then (any order) and the model state.
pub fn flags(athlete: &Athlete, events: &[Event], at_h: f64, state: &Snapshot) -> Vec<Flag> {
    let mut out: Vec<Flag> = Vec::new();
    let push = |out: &mut Vec<Flag>, flag: Flag| {
        if !out.iter().any(|f| f.code == flag.code) {
            out.push(flag);
        }
    };
    let recent = |e: &&Event, hours: f64| e.at <= at_h && at_h - e.at <= hours;

    for e in events.iter().filter(|e| recent(e, RED_FLAG_HOURS)) {
        match &e.kind {
            EventKind::Symptom(report) => {
                let has = |s: Symptom| report.symptoms.contains(&s);
                if has(Symptom::ChestPain)
                    || has(Symptom::Fainting)
                    || has(Symptom::ShortnessOfBreath)
                {
                    push(&mut out, urgent(
                        FlagCode::PossibleCardiacOrPulmonaryEvent,
                        "Chest pain, fainting or sudden shortness of breath: stop training and seek urgent medical care (call emergency services if it is happening now).",
                    ));
                }
                if has(Symptom::OneSidedSwelling) || has(Symptom::CalfPain) {
                    push(&mut out, urgent(
                        FlagCode::PossibleBloodClot,
                        "One-sided leg swelling or calf pain can be a blood clot (deep vein thrombosis): seek medical care today; do not massage the leg.",
                    ));
                }
                let severe_local = has(Symptom::SevereSwelling)
                    || has(Symptom::PainOutOfProportion)
                    || has(Symptom::Numbness);
                if has(Symptom::DarkUrine) && severe_local {
                    push(&mut out, urgent(
                        FlagCode::PossibleRhabdomyolysis,
                        "Dark urine with severe swelling, pain or weakness after exercise can be rhabdomyolysis: seek urgent medical care and do not train.",
                    ));
                } else if has(Symptom::DarkUrine) && e.at + WARNING_HOURS >= at_h {
                    push(&mut out, warning(
                        FlagCode::DarkUrine,
                        "Dark urine: drink and rest. If it looks like cola or tea, or comes with severe muscle pain, swelling or weakness, seek medical care.",
                    ));
                }
                if has(Symptom::PainOutOfProportion)
                    || has(Symptom::Numbness)
                    || has(Symptom::SevereSwelling)
                {
                    push(&mut out, urgent(
                        FlagCode::PossibleCompartmentSyndrome,
                        "Pain out of proportion, numbness or a tense, severely swollen muscle can be compartment syndrome: seek urgent medical care.",
                    ));
                }
                if has(Symptom::Fever) && e.at + WARNING_HOURS >= at_h {
                    push(&mut out, warning(
                        FlagCode::Fever,
                        "Fever: do not train hard until it has gone; rest and drink. Seek care if it is high or lasts.",
                    ));
                }
            }
            EventKind::Observation(o) => {
                let ck = o.ck_u_per_l.unwrap_or(0.0);
                if o.urine == Some(Urine::Dark) && ck >= CK_RHABDO {
                    push(&mut out, urgent(
                        FlagCode::PossibleRhabdomyolysis,
                        "High creatine kinase with dark urine can be rhabdomyolysis: seek urgent medical care and do not train.",
                    ));
                } else if o.urine == Some(Urine::Dark) && e.at + WARNING_HOURS >= at_h {
                    push(&mut out, warning(
                        FlagCode::DarkUrine,
                        "Dark urine: drink and rest. If it looks like cola or tea, or comes with severe muscle pain, swelling or weakness, seek medical care.",
                    ));
                }
                if o.urine != Some(Urine::Dark) && ck >= CK_VERY_HIGH {
                    push(&mut out, warning(
                        FlagCode::VeryHighCk,
                        "Creatine kinase above 50,000 U/L: healthy people can reach this after unaccustomed eccentric work, but have a professional look at it, drink well and avoid hard training until it falls.",
                    ));
                } else if o.urine != Some(Urine::Dark) && ck >= 5.0 * CK_RHABDO {
                    let known_bout = events.iter().any(|b| {
                        b.at <= e.at
                            && e.at - b.at <= 7.0 * 24.0
                            && matches!(b.kind, EventKind::Strength(_) | EventKind::Endurance(_))
                    });
                    if known_bout {
                        push(&mut out, info(
                            FlagCode::HighCkAfterTraining,
                            "Creatine kinase is high, as expected days after unaccustomed or eccentric work; without dark urine, severe swelling or weakness it is not an alarm.",
                        ));
                    } else {
                        push(&mut out, warning(
                            FlagCode::UnexplainedHighCk,
                            "Creatine kinase is high with no recent hard session recorded: ask a professional.",
                        ));
                    }
                }
            }
            _ => {}
        }
    }

    if !athlete.conditions.is_empty() {
        let names: Vec<&str> = athlete.conditions.iter().map(|c| c.name()).collect();
        push(
            &mut out,
            warning(
                FlagCode::MedicalConditions,
                &format!(
                    "With {}: plan recovery and training with a qualified professional.",
                    names.join(", ")
                ),
            ),
        );
    }
    let sys = &state.systemic;
    if sys.hydration_pct < 97.0 {
        push(&mut out, warning(
            FlagCode::Dehydrated,
            &format!(
                "Estimated body water is {:.1}% of normal (more than 2-3% down impairs performance): drink about 1.5 L per kg lost, with sodium.",
                sys.hydration_pct
            ),
        ));
    }
    if sys.sleep_debt_h >= 6.0 {
        push(&mut out, warning(
            FlagCode::SleepDebt,
            &format!(
                "About {:.0} h of sleep owed: under about 6 h a night reaction time, anabolic hormones and repair suffer. Sleep is the strongest recovery intervention.",
                sys.sleep_debt_h
            ),
        ));
    }
    // Accumulated load, not one hard day: fatigue well above fitness, readiness and the
    // autonomic balance both down (Meeusen 2013; Plews 2014).
    let accumulated = sys.fatigue > 60.0 && sys.fatigue > 1.5 * sys.fitness;
    if accumulated && sys.readiness < 60.0 && sys.autonomic < -0.15 {
        push(&mut out, warning(
            FlagCode::OverreachingRisk,
            "Whole-body readiness and the autonomic balance have been pushed down by accumulated load: plan easy days or rest (functional overreaching turns non-functional when recovery is skipped).",
        ));
    }
    out.sort_by_key(|f| std::cmp::Reverse(f.severity));
    out
}

fn urgent(code: FlagCode, message: &str) -> Flag {
    Flag {
        code,
        severity: Severity::Urgent,
        message: message.into(),
    }
}

fn warning(code: FlagCode, message: &str) -> Flag {
    Flag {
        code,
        severity: Severity::Warning,
        message: message.into(),
    }
}

fn info(code: FlagCode, message: &str) -> Flag {
    Flag {
        code,
        severity: Severity::Info,
        message: message.into(),
    }
}
