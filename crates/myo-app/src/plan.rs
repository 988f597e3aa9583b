//! `myo plan`: the advisor's plan for one day of a scenario.

use chrono::{Duration, NaiveDate, NaiveTime};
use myo_advisor::forecast::{Run, HORIZON_H};
use myo_advisor::{Clock, DayPlan, Ensemble, Request};
use myo_model::Params;
use myo_scenario::Scenario;

/// The plan is made for the morning check-in, local time.
pub const MORNING: (u32, u32) = (7, 0);

/// Hours since the scenario start of the morning of `date` (in the athlete's zone).
pub fn morning_of(scenario: &Scenario, date: NaiveDate) -> f64 {
    scenario.hours_at_local(
        date.and_time(NaiveTime::from_hms_opt(MORNING.0, MORNING.1, 0).expect("valid time")),
    )
}

/// The default day to plan: the day after the last logged event (the next decision to make),
/// or the start day when nothing is logged.
pub fn default_date(scenario: &Scenario) -> NaiveDate {
    let last = scenario
        .events
        .iter()
        .map(|e| e.at)
        .fold(None, |a: Option<f64>, t| Some(a.map_or(t, |a| a.max(t))));
    let clock = Clock::of(scenario);
    match last {
        Some(h) => clock.at(h).date_naive() + Duration::days(1),
        None => clock.at(0.0).date_naive(),
    }
}

/// `YYYY-MM-DD`, or an offset from the start (`+2d`, `+36h`) naming the day it falls on.
pub fn parse_date(scenario: &Scenario, text: &str) -> Result<NaiveDate, String> {
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(d);
    }
    let h = myo_scenario::time::parse_offset_h(text).ok_or_else(|| {
        format!("\"{text}\" is neither a date (YYYY-MM-DD) nor an offset such as +2d")
    })?;
    Ok(Clock::of(scenario).at(h).date_naive())
}

/// The plan for the morning of `date`.
pub fn plan(scenario: &Scenario, date: NaiveDate, ensemble: Option<Ensemble>) -> DayPlan {
    plan_at(scenario, morning_of(scenario, date), ensemble)
}

/// The plan at `at_h` hours since the start.
pub fn plan_at(scenario: &Scenario, at_h: f64, ensemble: Option<Ensemble>) -> DayPlan {
    plan_resuming(scenario, at_h, ensemble, None, None)
}

/// [`plan_at`], stepping the history from `history`, a checkpoint of this scenario's model
/// input, and the personal model from `learner` (of the same input, not past `at_h`), e.g.
/// ones kept by a store or a server: the same plan, without a year of stepping.
pub fn plan_resuming(
    scenario: &Scenario,
    at_h: f64,
    ensemble: Option<Ensemble>,
    history: Option<&myo_model::Checkpoint>,
    learner: Option<myo_personal::Learner>,
) -> DayPlan {
    let params = Params::default();
    let input = scenario.model_input(at_h + HORIZON_H);
    let personal = if crate::simulate::wants_personal(scenario) {
        learner
            .filter(|l| l.time() <= at_h)
            .or_else(|| crate::simulate::learner(scenario, &params, &input))
    } else {
        None
    }
    .map(std::sync::Mutex::new);
    myo_advisor::day_plan(&Request {
        run: Run {
            athlete: &scenario.athlete,
            params: &params,
            events: &input.events,
            start_h: input.start_h,
            last_wake_h: input.last_wake_h,
        },
        logged: &scenario.events,
        clock: Clock::of(scenario),
        at_h,
        ensemble,
        history,
        personal: personal.as_ref(),
    })
}
