//! What `GET /api/v1/athletes/{id}/forecast` answers (computed by [`crate::data::Cache::forecast`]).

use std::collections::BTreeMap;

use serde::Serialize;

/// The readiness forecast of the coming days: per group the readiness at each time, when it
/// will be ready, and the 10–50–90% range of that time over the between-person ensemble.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Forecast {
    pub athlete_id: i64,
    /// The first of `times` (now).
    #[schema(format = DateTime)]
    pub from: String,
    pub days: u32,
    pub step_h: f64,
    /// RFC 3339, every `step_h` hours.
    pub times: Vec<String>,
    /// Whole-body readiness (0–100) at each time.
    pub whole_body: Vec<f64>,
    /// Keyed by muscle group name (`quadriceps`, …).
    pub groups: BTreeMap<&'static str, GroupForecast>,
    pub ensemble: myo_advisor::forecast::Ensemble,
}

/// One muscle group's forecast.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GroupForecast {
    /// Readiness (0–100) at each of `times`.
    pub readiness: Vec<f64>,
    pub ready_at: myo_app::simulate::ReadyAt,
    /// `null` where the ensemble gives no range.
    #[schema(required)]
    pub ready_range: Option<myo_advisor::ReadyRangeStamps>,
}
