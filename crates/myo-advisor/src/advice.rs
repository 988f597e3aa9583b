//! Advice: stable snake_case codes, text for people, and evidence keys that `docs/evidence.md`
//! resolves. No advice without a reason; no reason without a source or a "thin evidence" label.

/// One piece of advice.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Advice {
    pub code: &'static str,
    pub text: String,
    pub evidence: Vec<&'static str>,
}

/// Shorthand for building advice.
pub fn item(code: &'static str, text: String, evidence: &[&'static str]) -> Advice {
    Advice {
        code,
        text,
        evidence: evidence.to_vec(),
    }
}

/// The only advice under an urgent flag (plus `consult_professional` for listed conditions).
pub fn seek_medical_care() -> Advice {
    item(
        "seek_medical_care",
        "A red-flag symptom is in force: seek medical care before any further training. \
         This is information, not medical advice."
            .into(),
        &["ACSM pre-participation guidance (Riebe 2015)", "Nye 2021"],
    )
}

/// For athletes whose profile lists conditions.
pub fn consult_professional() -> Advice {
    item(
        "consult_professional",
        "Plan recovery and training with a qualified professional because of the conditions \
         listed in your profile."
            .into(),
        &["ACSM pre-participation guidance (Riebe 2015)"],
    )
}
