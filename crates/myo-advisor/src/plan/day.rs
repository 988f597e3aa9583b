//! The rest of the day around the training: active recovery, interventions and what to avoid,
//! nutrition and sleep.

use chrono::Timelike;
use myo_model::{EventKind, MuscleGroup, Snapshot};

use super::groups::Levels;
use super::past::Past;
use super::{Decision, Level, Request};
use crate::advice::Advice;
use crate::interventions::{self, GroupView};
use crate::nutrition::{self, Nutrition, Sleep};
use crate::recovery::{self, ActiveRecovery};

const LEGS: [MuscleGroup; 4] = [
    MuscleGroup::Quadriceps,
    MuscleGroup::Hamstrings,
    MuscleGroup::Glutes,
    MuscleGroup::Calves,
];

/// Everything in the day's plan besides the decisions.
pub(super) struct RestOfDay {
    pub active_recovery: Option<ActiveRecovery>,
    pub interventions: Vec<Advice>,
    pub avoid: Vec<Advice>,
    pub nutrition: Nutrition,
    pub sleep: Sleep,
}

pub(super) fn rest_of_day(
    req: &Request,
    past: &Past,
    levels: &Levels,
    decision: Decision,
    ill: bool,
) -> RestOfDay {
    let (interventions, avoid) = interventions(req, past, levels, decision);
    RestOfDay {
        active_recovery: active_recovery(req, levels, decision, ill),
        interventions,
        avoid,
        nutrition: nutrition(req, &past.now),
        sleep: nutrition::sleep(req.run.params, &past.now.systemic, usual_bedtime(req)),
    }
}

/// Active recovery on days without hard training (not while ill), easier on tired legs.
fn active_recovery(
    req: &Request,
    levels: &Levels,
    decision: Decision,
    ill: bool,
) -> Option<ActiveRecovery> {
    let legs_fatigued = LEGS
        .iter()
        .any(|g| levels.of(*g).is_some_and(|l| l <= Level::Light));
    (!ill
        && (matches!(
            decision,
            Decision::ActiveRecovery | Decision::TrainOtherGroups | Decision::Rest
        )))
    .then(|| recovery::prescribe(req.run.athlete, legs_fatigued))
}

/// What to do and what to avoid: for each group's state, after a hard session or treatment in
/// the last 24 h, and when active recovery was too hard.
fn interventions(
    req: &Request,
    past: &Past,
    levels: &Levels,
    decision: Decision,
) -> (Vec<Advice>, Vec<Advice>) {
    let at = req.at_h;
    let views: Vec<GroupView> = levels
        .iter()
        .map(|g| GroupView {
            group: g.group,
            peaks: &past.peaks[g.group.index()],
            training_today: g.level >= Level::Moderate,
        })
        .collect();
    let light_day = decision <= Decision::TrainOtherGroups;
    let (mut interventions, mut avoid) =
        interventions::advise(&past.now, &views, req.logged, at, light_day);
    let hard_recently = req.logged.iter().any(|e| {
        e.at <= at
            && at - e.end() <= 24.0
            && matches!(
                &e.kind,
                EventKind::Strength(_)
                    | EventKind::Endurance(_)
                    | EventKind::Massage(_)
                    | EventKind::DryNeedling { .. }
            )
    });
    if hard_recently {
        let (d, a) = interventions::after_hard_session();
        interventions.push(d);
        avoid.push(a);
    }
    if let Some(a) = recovery::too_hard(req.run.athlete, req.logged, (at - 48.0, at)) {
        interventions.push(a);
    }
    (interventions, avoid)
}

/// Today's targets, with a refuel when any group's glycogen is low.
fn nutrition(req: &Request, now: &Snapshot) -> Nutrition {
    let low_glycogen = MuscleGroup::ALL
        .iter()
        .any(|g| now.muscle(*g).glycogen_pct < 60.0);
    nutrition::targets(
        req.run.athlete,
        req.run.params,
        req.logged,
        req.clock.day_start(req.at_h),
        &now.systemic,
        low_glycogen,
    )
}

/// The local hour the athlete usually falls asleep: the median of logged sleeps, else 23:00.
fn usual_bedtime(req: &Request) -> f64 {
    let mut hours: Vec<f64> = req
        .logged
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Sleep { .. }) && e.at <= req.at_h)
        .map(|e| {
            let t = req.clock.at(e.at);
            // Evening hours before midnight stay as they are; after-midnight bedtimes count
            // as 24+ so the median of 23:00 and 00:30 is not noon.
            let h = t.hour() as f64 + t.minute() as f64 / 60.0;
            if h < 12.0 {
                h + 24.0
            } else {
                h
            }
        })
        .collect();
    if hours.is_empty() {
        return 23.0;
    }
    hours.sort_by(f64::total_cmp);
    hours[hours.len() / 2] % 24.0
}
