//! Each group's part of the plan: its level today (its own, capped by the whole body's), when
//! it will be ready, and its plan.

use myo_model::{Hours, MuscleGroup, Simulation, Snapshot};
use serde::Serialize;

use super::past::Past;
use super::{Clock, GroupPlan, ReadyRangeStamps, ReadyWhen, Request};
use crate::explain;
use crate::forecast::{self, ReadyHours, ReadyRange, HARD, HORIZON_H, MODERATE};

/// What one group may do today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Rest,
    Light,
    Moderate,
    Hard,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Rest => "rest",
            Level::Light => "light",
            Level::Moderate => "moderate",
            Level::Hard => "hard",
        }
    }

    pub(super) fn from_readiness(r: f64) -> Level {
        if r >= HARD {
            Level::Hard
        } else if r >= MODERATE {
            Level::Moderate
        } else if r >= LIGHT {
            Level::Light
        } else {
            Level::Rest
        }
    }

    /// Safe working sets for the group today, and how. Thin evidence on the exact numbers:
    /// non-failure sets recover within 24–48 h, failure sets take longer (Morán-Navarro 2017).
    fn volume(self) -> (u32, &'static str) {
        match self {
            Level::Hard => (10, "up to about 10 hard sets; RIR 0-2 allowed"),
            Level::Moderate => (
                5,
                "up to about 5 sets at RIR 3 or more; no sets to failure, no heavy eccentrics",
            ),
            Level::Light => (
                2,
                "at most 2 easy sets (RIR 5+) or light movement for blood flow",
            ),
            Level::Rest => (0, "no loading today"),
        }
    }
}

/// Below this readiness a group gets no loading at all.
const LIGHT: f64 = 40.0;

/// One group today.
#[derive(Debug, Clone, Copy)]
pub(super) struct GroupLevel {
    pub group: MuscleGroup,
    /// Its own level, capped by the whole body's.
    pub level: Level,
    pub readiness: f64,
}

/// Every group's level today, least ready first.
pub(super) struct Levels(Vec<GroupLevel>);

impl Levels {
    pub fn new(now: &Snapshot, cap: Level) -> Levels {
        let mut groups: Vec<GroupLevel> = MuscleGroup::ALL
            .iter()
            .map(|&group| {
                let readiness = now.muscle(group).readiness;
                GroupLevel {
                    group,
                    level: Level::from_readiness(readiness).min(cap),
                    readiness,
                }
            })
            .collect();
        groups.sort_by(|a, b| {
            a.readiness
                .total_cmp(&b.readiness)
                .then(a.group.cmp(&b.group))
        });
        Levels(groups)
    }

    pub fn iter(&self) -> impl Iterator<Item = &GroupLevel> {
        self.0.iter()
    }

    pub fn of(&self, group: MuscleGroup) -> Option<Level> {
        self.iter().find(|g| g.group == group).map(|g| g.level)
    }

    /// The groups with readiness below `readiness`, least ready first.
    pub fn below(&self, readiness: f64) -> Vec<MuscleGroup> {
        self.iter()
            .filter(|g| g.readiness < readiness)
            .map(|g| g.group)
            .collect()
    }

    /// The names of the groups at `level`, least ready first.
    pub fn named_at(&self, level: Level) -> Vec<&'static str> {
        self.iter()
            .filter(|g| g.level == level)
            .map(|g| g.group.name())
            .collect()
    }

    /// The groups not ready for moderate work.
    pub fn not_ready(&self) -> Vec<MuscleGroup> {
        self.below(MODERATE)
    }
}

/// When the groups not yet ready for hard work get there: the deterministic times and the
/// ranges over the between-person ensemble.
pub(super) struct Ready {
    pub times: Vec<(MuscleGroup, ReadyHours)>,
    ranges: Vec<(MuscleGroup, ReadyRange)>,
}

impl Ready {
    /// Forecasts from `at_plan`, the simulation at the plan time.
    pub fn forecast(req: &Request, at_plan: &Simulation, levels: &Levels) -> Ready {
        let at = req.at_h;
        let pending = levels.below(HARD);
        if let Some(l) = req.personal.filter(|_| !pending.is_empty()) {
            let l = l.lock().unwrap_or_else(|e| e.into_inner());
            if l.has_reports() {
                let (times, ranges) = forecast::personal_ready(&l, at, at + HORIZON_H, &pending);
                return Ready { times, ranges };
            }
        }
        let times = if pending.is_empty() {
            Vec::new()
        } else {
            forecast::ready_times(at_plan.clone(), at, at + HORIZON_H, &pending)
        };
        let ranges = match (&req.ensemble, pending.is_empty()) {
            (Some(e), false) => forecast::ready_ranges_resuming(
                &req.run,
                req.history,
                at,
                at + HORIZON_H,
                &pending,
                e,
            ),
            _ => Vec::new(),
        };
        Ready { times, ranges }
    }

    /// One group's ready times as timestamps: now when it is ready for hard work already.
    fn when(&self, g: &GroupLevel, clock: &Clock, at: Hours) -> ReadyWhen {
        if g.readiness >= HARD {
            return ReadyWhen {
                moderate: Some(clock.stamp(at)),
                hard: Some(clock.stamp(at)),
                range: None,
            };
        }
        let r = self
            .times
            .iter()
            .find(|(x, _)| *x == g.group)
            .map(|(_, r)| *r)
            .unwrap_or_default();
        let range = self
            .ranges
            .iter()
            .find(|(x, _)| *x == g.group)
            .map(|(_, q)| ReadyRangeStamps::new(clock, q));
        ReadyWhen {
            moderate: stamp_opt(clock, r.moderate),
            hard: stamp_opt(clock, r.hard),
            range,
        }
    }
}

fn stamp_opt(clock: &Clock, h: Option<Hours>) -> Option<String> {
    h.map(|h| clock.stamp(h))
}

/// Every group's plan, least ready first.
pub(super) fn group_plans(
    req: &Request,
    past: &Past,
    levels: &Levels,
    ready: &Ready,
) -> Vec<GroupPlan> {
    let now = &past.now;
    levels
        .iter()
        .map(|g| {
            let (max_sets, volume) = g.level.volume();
            GroupPlan {
                muscle: g.group.name(),
                level: g.level,
                readiness: g.readiness.round(),
                max_sets,
                volume,
                explanation: explain::muscle(
                    g.group,
                    now.muscle(g.group),
                    &now.systemic,
                    past.peaks[g.group.index()],
                    req.at_h,
                ),
                ready: ready.when(g, &req.clock, req.at_h),
            }
        })
        .collect()
}
