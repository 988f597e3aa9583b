//! The plan for one day: a decision for the whole body and for each muscle group, with the safe
//! volume, a split that avoids the fatigued groups, active recovery, interventions, nutrition,
//! sleep and monitoring, each with its reasons.
//!
//! [`day_plan`] puts it together: `past` steps the simulation over the last week, `whole_body`
//! caps every group's level and makes the decision, `groups` levels each group and forecasts
//! when it will be ready, `split` groups them into regions, `day` plans the rest of the day and
//! `shortfalls` prices what fell short.

mod day;
mod groups;
mod past;
mod shortfalls;
mod split;
mod whole_body;

use chrono::{DateTime, Duration, FixedOffset, SecondsFormat, Timelike};
use myo_model::{Checkpoint, Event, Hours};
use myo_scenario::{Scenario, Zone};
use serde::Serialize;

use crate::advice::{consult_professional, seek_medical_care, Advice, AdviceCode};
use crate::explain::{self, Explanation};
use crate::forecast::{Ensemble, Run};
use crate::triage::{self, Flag, FlagCode, Severity};
use crate::{monitoring, nutrition, recovery};

pub use groups::Level;
pub use past::LOOKBACK_H;
pub use whole_body::Decision;

use groups::{Levels, Ready};
use past::Past;

/// Converts model hours to local timestamps.
#[derive(Debug, Clone, Copy)]
pub struct Clock {
    pub start: DateTime<FixedOffset>,
    /// The athlete's zone: timestamps carry the offset in force at each instant.
    pub zone: Zone,
}

impl Clock {
    /// The clock of a scenario: its start and zone.
    pub fn of(scenario: &Scenario) -> Clock {
        Clock {
            start: scenario.start,
            zone: scenario.zone,
        }
    }

    pub fn at(&self, hours: Hours) -> DateTime<FixedOffset> {
        self.zone
            .local(self.start + Duration::milliseconds((hours * 3.6e6).round() as i64))
    }

    /// RFC 3339 in the offset local at that time.
    pub fn stamp(&self, hours: Hours) -> String {
        self.at(hours).to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// Hours since the start of local midnight of the day containing `hours`.
    pub fn day_start(&self, hours: Hours) -> Hours {
        let t = self.at(hours);
        let since_midnight = t.num_seconds_from_midnight() as f64 / 3600.0;
        hours - since_midnight
    }
}

/// What a plan is made from.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub run: Run<'a>,
    /// The events as logged (no defaults): flags and shortfalls look only at these.
    pub logged: &'a [Event],
    pub clock: Clock,
    /// The moment the plan is for (e.g. 07:00 on the day).
    pub at_h: Hours,
    /// The uncertainty range; `None` skips the ensemble.
    pub ensemble: Option<Ensemble>,
    /// A checkpoint of `run` (e.g. a store's, a week or more back): the plan steps the history
    /// from it instead of from the start. The plan is identical with or without it.
    pub history: Option<&'a Checkpoint>,
    /// The athlete's personal model over the same input (not past `at_h`): the state now and
    /// the ready times come from its posterior. `None`: the population's model.
    pub personal: Option<&'a std::sync::Mutex<myo_personal::Learner>>,
}

/// A ready time with its range, as timestamps.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadyWhen {
    #[cfg_attr(feature = "openapi", schema(format = DateTime, required))]
    pub moderate: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = DateTime, required))]
    pub hard: Option<String>,
    /// 10th, 50th and 90th percentiles over the between-person spread.
    /// Left out when there is no ensemble range (never `null`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = ReadyRangeStamps))]
    pub range: Option<ReadyRangeStamps>,
}

/// Percentiles of a ready time as timestamps (RFC 3339; `null`: not within the horizon).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Percentiles {
    #[cfg_attr(feature = "openapi", schema(format = DateTime, required))]
    pub p10: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = DateTime, required))]
    pub p50: Option<String>,
    #[cfg_attr(feature = "openapi", schema(format = DateTime, required))]
    pub p90: Option<String>,
}

/// The 10–50–90% range of one group's ready times, as timestamps: one shape for the plan and
/// the simulation's points.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadyRangeStamps {
    pub moderate: Percentiles,
    pub hard: Percentiles,
}

impl ReadyRangeStamps {
    /// `range`'s hours as timestamps on `clock`.
    pub fn new(clock: &Clock, range: &crate::forecast::ReadyRange) -> Self {
        let p = |q: &crate::forecast::Quantiles| Percentiles {
            p10: q.p10.map(|h| clock.stamp(h)),
            p50: q.p50.map(|h| clock.stamp(h)),
            p90: q.p90.map(|h| clock.stamp(h)),
        };
        ReadyRangeStamps {
            moderate: p(&range.moderate),
            hard: p(&range.hard),
        }
    }
}

/// One group's plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GroupPlan {
    pub muscle: &'static str,
    pub level: Level,
    pub readiness: f64,
    pub max_sets: u32,
    pub volume: &'static str,
    pub explanation: Explanation,
    pub ready: ReadyWhen,
}

/// One block of the suggested split.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SplitBlock {
    pub region: &'static str,
    pub level: Level,
    pub text: String,
}

/// The day's plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayPlan {
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub at: String,
    pub decision: Decision,
    pub headline: String,
    /// Why the whole-body decision is what it is.
    pub reasons: Vec<Advice>,
    pub flags: Vec<Flag>,
    pub whole_body: Explanation,
    /// Every group, least ready first.
    pub muscles: Vec<GroupPlan>,
    pub hard_today: Vec<&'static str>,
    pub split: Vec<SplitBlock>,
    #[cfg_attr(feature = "openapi", schema(required))]
    pub active_recovery: Option<recovery::ActiveRecovery>,
    pub interventions: Vec<Advice>,
    pub avoid: Vec<Advice>,
    #[cfg_attr(feature = "openapi", schema(required))]
    pub nutrition: Option<nutrition::Nutrition>,
    #[cfg_attr(feature = "openapi", schema(required))]
    pub sleep: Option<nutrition::Sleep>,
    pub monitoring: Vec<Advice>,
    pub shortfalls: Vec<Advice>,
}

impl DayPlan {
    /// The plan as the spec's `advice` list: under an urgent flag only `seek_medical_care`
    /// (and `consult_professional` for listed conditions).
    pub fn advice(&self) -> Vec<Advice> {
        let mut out = Vec::new();
        let urgent = self.decision == Decision::SeekMedicalCare;
        for r in &self.reasons {
            if !urgent
                || matches!(
                    r.code,
                    AdviceCode::SeekMedicalCare | AdviceCode::ConsultProfessional
                )
            {
                out.push(r.clone());
            }
        }
        if urgent {
            return out;
        }
        if let Some(a) = &self.active_recovery {
            out.push(Advice {
                code: AdviceCode::ActiveRecoveryPrescription,
                text: a.text.clone(),
                evidence: a.evidence.clone(),
            });
        }
        out.extend(self.interventions.iter().cloned());
        out.extend(self.avoid.iter().cloned());
        if let Some(n) = &self.nutrition {
            out.extend(n.advice.iter().cloned());
        }
        if let Some(s) = &self.sleep {
            out.push(s.advice.clone());
        }
        out.extend(self.monitoring.iter().cloned());
        out.extend(self.shortfalls.iter().cloned());
        out
    }
}

/// The plan for `req.at_h`.
pub fn day_plan(req: &Request) -> DayPlan {
    let past = Past::of(req);
    let flags = triage::flags(req.run.athlete, req.logged, req.at_h, &past.now);
    let whole_body = explain::whole_body(&past.now.systemic);
    if flags.iter().any(|f| f.severity == Severity::Urgent) {
        return urgent_plan(req, flags, whole_body);
    }

    // The whole-body cap on every group's level, and why.
    let ill = flags.iter().any(|f| f.code == FlagCode::Fever);
    let monitoring = monitoring_warnings(req, &past);
    let overreaching = monitoring
        .iter()
        .any(|a| a.code == AdviceCode::FunctionalOverreaching);
    let (cap, cap_reason) = whole_body::cap(&past.now.systemic, ill, overreaching);

    // Each group: its own level from readiness, capped by the whole body.
    let levels = Levels::new(&past.now, cap);
    let not_ready = levels.not_ready();
    let hard_today = levels.named_at(Level::Hard);
    let decision = whole_body::decide(ill, cap, &not_ready);
    let mut reasons = conditions(req);
    reasons.push(whole_body::decision_reason(
        decision,
        &cap_reason,
        &not_ready,
        &hard_today,
        &levels.named_at(Level::Moderate),
        &whole_body,
    ));

    // Ready times (deterministic) and ranges (ensemble) for groups not yet hard-ready.
    let ready = Ready::forecast(req, &past.sim, &levels);
    let muscles = groups::group_plans(req, &past, &levels, &ready);
    let split = split::split(&levels, &past.now, &ready.times, &req.clock);
    let day = day::rest_of_day(req, &past, &levels, decision, ill);
    let shortfalls = shortfalls::shortfall_costs(req, &past.now, &ready.times);

    let words = decision.as_str().replace('_', " ");
    let mut first = words.chars();
    let headline = format!(
        "{}{}: {}",
        first
            .next()
            .map(|c| c.to_uppercase().to_string())
            .unwrap_or_default(),
        first.as_str(),
        reasons.last().map(|r| r.text.as_str()).unwrap_or("")
    );
    DayPlan {
        at: req.clock.stamp(req.at_h),
        decision,
        headline,
        reasons,
        flags,
        whole_body,
        muscles,
        hard_today,
        split,
        active_recovery: day.active_recovery,
        interventions: day.interventions,
        avoid: day.avoid,
        nutrition: Some(day.nutrition),
        sleep: Some(day.sleep),
        monitoring,
        shortfalls,
    }
}

/// Under an urgent flag: only `seek_medical_care` (and `consult_professional`), no training plan.
fn urgent_plan(req: &Request, flags: Vec<Flag>, whole_body: Explanation) -> DayPlan {
    let mut reasons = vec![seek_medical_care()];
    reasons.extend(conditions(req));
    DayPlan {
        at: req.clock.stamp(req.at_h),
        decision: Decision::SeekMedicalCare,
        headline: "Seek medical care: a red-flag symptom is in force. No training plan.".into(),
        reasons,
        flags,
        whole_body,
        muscles: Vec::new(),
        hard_today: Vec::new(),
        split: Vec::new(),
        active_recovery: None,
        interventions: Vec::new(),
        avoid: Vec::new(),
        nutrition: None,
        sleep: None,
        monitoring: Vec::new(),
        shortfalls: Vec::new(),
    }
}

/// `consult_professional` when the athlete's profile lists conditions.
fn conditions(req: &Request) -> Vec<Advice> {
    if req.run.athlete.conditions.is_empty() {
        Vec::new()
    } else {
        vec![consult_professional()]
    }
}

/// Warnings from the last week's mornings and the last four weeks' loads.
fn monitoring_warnings(req: &Request, past: &Past) -> Vec<Advice> {
    let day_start = req.clock.day_start(req.at_h);
    monitoring::warnings(
        &past.mornings,
        &monitoring::daily_loads(req.run.athlete, req.logged, day_start, 28),
        monitoring::history_days(req.run.athlete, req.logged, day_start),
    )
}
