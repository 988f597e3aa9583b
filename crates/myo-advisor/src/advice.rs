//! Advice: stable snake_case codes, text for people, and evidence keys that `docs/evidence.md`
//! resolves. No advice without a reason; no reason without a source or a "thin evidence" label.

use crate::codes::codes;

codes! {
    /// What a piece of advice is about: stable, for machines (the text is for people).
    pub enum AdviceCode {
        // Safety (`advice.rs`).
        SeekMedicalCare = "seek_medical_care",
        ConsultProfessional = "consult_professional",
        // Why the whole-body decision is what it is (`plan`), one per `Decision`.
        Rest = "rest",
        ActiveRecovery = "active_recovery",
        TrainOtherGroups = "train_other_groups",
        TrainModerately = "train_moderately",
        TrainHard = "train_hard",
        // Active recovery (`recovery.rs`).
        ActiveRecoveryPrescription = "active_recovery_prescription",
        ActiveRecoveryTooHard = "active_recovery_too_hard",
        // Interventions and what to avoid (`interventions.rs`).
        IceEarly = "ice_early",
        NoHeatOnWarmArea = "no_heat_on_warm_area",
        HeatWhenStiff = "heat_when_stiff",
        MassageWindow = "massage_window",
        Compression = "compression",
        FoamRolling = "foam_rolling",
        PostNeedlingSoreness = "post_needling_soreness",
        DryNeedlingLighterDay = "dry_needling_lighter_day",
        ColdWaterBluntsGrowth = "cold_water_blunts_growth",
        ColdWaterAfterStrengthCaution = "cold_water_after_strength_caution",
        AfterHardSessionDo = "after_hard_session_do",
        AfterHardSessionAvoid = "after_hard_session_avoid",
        // Nutrition and sleep (`nutrition.rs`).
        ProteinTarget = "protein_target",
        CarbohydrateTarget = "carbohydrate_target",
        FluidTarget = "fluid_target",
        RefuelCarbohydrate = "refuel_carbohydrate",
        Rehydrate = "rehydrate",
        ExtendSleep = "extend_sleep",
        SleepTarget = "sleep_target",
        // Monitoring (`monitoring.rs`).
        FunctionalOverreaching = "functional_overreaching",
        HighMonotony = "high_monotony",
        LoadSpike = "load_spike",
        // What fell short in the last days (`plan`).
        ShortSleepCost = "short_sleep_cost",
        LowProteinCost = "low_protein_cost",
    }
}

/// One piece of advice.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Advice {
    pub code: AdviceCode,
    pub text: String,
    pub evidence: Vec<&'static str>,
}

/// Shorthand for building advice.
pub fn item(code: AdviceCode, text: String, evidence: &[&'static str]) -> Advice {
    Advice {
        code,
        text,
        evidence: evidence.to_vec(),
    }
}

/// The only advice under an urgent flag (plus `consult_professional` for listed conditions).
pub fn seek_medical_care() -> Advice {
    item(
        AdviceCode::SeekMedicalCare,
        "A red-flag symptom is in force: seek medical care before any further training. \
         This is information, not medical advice."
            .into(),
        &["ACSM pre-participation guidance (Riebe 2015)", "Nye 2021"],
    )
}

/// For athletes whose profile lists conditions.
pub fn consult_professional() -> Advice {
    item(
        AdviceCode::ConsultProfessional,
        "Plan recovery and training with a qualified professional because of the conditions \
         listed in your profile."
            .into(),
        &["ACSM pre-participation guidance (Riebe 2015)"],
    )
}
