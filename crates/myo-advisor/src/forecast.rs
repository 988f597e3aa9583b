//! When each group is ready, and how sure we are: the deterministic `ready_at` of the spec and
//! an ensemble over the documented between-person spread for its 10–90% range.
//!
//! People differ enormously: the same 24 maximal eccentric elbow-flexor actions cost 89 men
//! between 17.6% and 72.8% of their force (Nosaka 2006), and recovery after the same knee-extensor
//! bout splits into "recovery" and "non-recovery" clusters (Shoji 2021). The ensemble draws each
//! member's damage susceptibility and repair speed from log-normal distributions centred on the
//! calibrated model, so its median member is the deterministic forecast.

use myo_model::{Athlete, Checkpoint, Event, Hours, MuscleGroup, Params, Simulation};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;
use serde::Serialize;

/// Readiness levels of `ready_at` (spec): moderate and hard training.
pub const MODERATE: f64 = 70.0;
pub const HARD: f64 = 90.0;
/// How far ahead ready times are searched (spec: 28 days).
pub const HORIZON_H: Hours = 28.0 * 24.0;

/// The model's input for one athlete: everything a simulation needs.
#[derive(Debug, Clone, Copy)]
pub struct Run<'a> {
    pub athlete: &'a Athlete,
    pub params: &'a Params,
    /// The model's events (defaults filled in), any order.
    pub events: &'a [Event],
    pub start_h: Hours,
    pub last_wake_h: Hours,
}

impl Run<'_> {
    /// A fresh simulation of this input.
    pub fn simulation(&self) -> Simulation {
        self.simulation_with(self.params.clone())
    }

    /// A fresh simulation with other parameters (an ensemble member, a what-if).
    pub fn simulation_with(&self, params: Params) -> Simulation {
        Simulation::new(
            self.athlete.clone(),
            params,
            self.events.to_vec(),
            self.start_h,
            self.last_wake_h,
        )
    }

    /// A simulation that has not passed `at`: resumed from `history` (a checkpoint of this
    /// run) when it is at or before `at`, else fresh. Results are identical either way.
    pub fn simulation_before(&self, at: Hours, history: Option<&Checkpoint>) -> Simulation {
        match history {
            Some(c) if c.time() <= at => Simulation::resume(
                self.athlete.clone(),
                self.params.clone(),
                self.events.to_vec(),
                c.clone(),
            ),
            _ => self.simulation(),
        }
    }
}

/// Hours at which a group first reaches moderate and hard readiness (`None`: not in the horizon).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ReadyHours {
    pub moderate: Option<Hours>,
    pub hard: Option<Hours>,
}

/// The earliest hourly time from `from` on at which each group's readiness reaches the
/// moderate and hard levels, searching until `until`.
pub fn ready_times(
    mut sim: Simulation,
    from: Hours,
    until: Hours,
    muscles: &[MuscleGroup],
) -> Vec<(MuscleGroup, ReadyHours)> {
    let mut found: Vec<(MuscleGroup, ReadyHours)> = muscles
        .iter()
        .map(|g| (*g, ReadyHours::default()))
        .collect();
    let mut t = from;
    while t <= until + 1e-9 {
        let snapshot = sim.snapshot_at(t);
        let mut all = true;
        for (g, ready) in found.iter_mut() {
            let r = snapshot.muscle(*g).readiness;
            if ready.moderate.is_none() && r >= MODERATE {
                ready.moderate = Some(t);
            }
            if ready.hard.is_none() && r >= HARD {
                ready.hard = Some(t);
            }
            all &= ready.hard.is_some();
        }
        if all {
            break;
        }
        t += 1.0;
    }
    found
}

/// The between-person spread and one person's multipliers: the personal model's population
/// prior (`myo_personal::prior`), which the forecast ensemble draws from too.
pub use myo_personal::{Individual, Spread};

/// How the uncertainty range is computed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ensemble {
    pub members: usize,
    pub seed: u64,
    pub spread: Spread,
}

impl Default for Ensemble {
    fn default() -> Self {
        Ensemble {
            members: 24,
            seed: 1,
            spread: Spread::default(),
        }
    }
}

impl Ensemble {
    /// The members: a Latin hypercube over both multipliers (each axis cut into `members`
    /// equally likely strata, shuffled by the seed), so a small ensemble covers the tails.
    pub fn individuals(&self) -> Vec<Individual> {
        let n = self.members.max(1);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(self.seed);
        let strata = |rng: &mut Xoshiro256PlusPlus| -> Vec<f64> {
            let mut order: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                order.swap(i, rng.gen_range(0..=i));
            }
            order
                .into_iter()
                .map(|k| (k as f64 + rng.gen::<f64>()) / n as f64)
                .collect()
        };
        let damage = strata(&mut rng);
        let repair = strata(&mut rng);
        damage
            .into_iter()
            .zip(repair)
            .map(|(ud, ur)| {
                Individual::from_z(
                    [normal_quantile(ud), normal_quantile(ur), 0.0],
                    &self.spread,
                )
            })
            .collect()
    }
}

/// 10th, 50th and 90th percentiles of a ready time; `None` is "not within the horizon".
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Quantiles {
    pub p10: Option<Hours>,
    pub p50: Option<Hours>,
    pub p90: Option<Hours>,
}

/// The forecast range of one group.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ReadyRange {
    pub moderate: Quantiles,
    pub hard: Quantiles,
}

/// How far before the forecast start the members' own responses begin, h. Before it they share
/// the median athlete's state: the spread is in how people respond to the recent training that
/// decides when they are ready, and a year of history costs each member nothing.
pub const MEMBER_WINDOW_H: Hours = 14.0 * 24.0;

/// The 10–50–90% range of each group's ready times over the ensemble.
pub fn ready_ranges(
    run: &Run,
    from: Hours,
    until: Hours,
    muscles: &[MuscleGroup],
    ensemble: &Ensemble,
) -> Vec<(MuscleGroup, ReadyRange)> {
    ready_ranges_resuming(run, None, from, until, muscles, ensemble)
}

/// [`ready_ranges`], stepping the shared history from `history` (a checkpoint of `run`) when
/// it is early enough.
pub fn ready_ranges_resuming(
    run: &Run,
    history: Option<&Checkpoint>,
    from: Hours,
    until: Hours,
    muscles: &[MuscleGroup],
    ensemble: &Ensemble,
) -> Vec<(MuscleGroup, ReadyRange)> {
    let window = from - MEMBER_WINDOW_H;
    let shared = (window > run.start_h).then(|| {
        let mut median = run.simulation_before(window, history);
        median.advance_to(window);
        median.checkpoint()
    });
    let members: Vec<Vec<(MuscleGroup, ReadyHours)>> = ensemble
        .individuals()
        .iter()
        .map(|ind| {
            let params = ind.params(run.params);
            let sim = match &shared {
                Some(checkpoint) => Simulation::resume(
                    run.athlete.clone(),
                    params,
                    run.events.to_vec(),
                    checkpoint.clone(),
                ),
                None => run.simulation_with(params),
            };
            ready_times(sim, from, until, muscles)
        })
        .collect();
    muscles
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let moderate: Vec<Option<Hours>> = members.iter().map(|m| m[i].1.moderate).collect();
            let hard: Vec<Option<Hours>> = members.iter().map(|m| m[i].1.hard).collect();
            (
                *g,
                ReadyRange {
                    moderate: quantiles(moderate),
                    hard: quantiles(hard),
                },
            )
        })
        .collect()
}

/// Percentiles by the inverse empirical distribution, `None` sorting after every time.
pub fn quantiles(mut times: Vec<Option<Hours>>) -> Quantiles {
    times.sort_by(|a, b| match (a, b) {
        (Some(x), Some(y)) => x.total_cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let at = |p: f64| -> Option<Hours> {
        if times.is_empty() {
            return None;
        }
        let rank = ((p * times.len() as f64).ceil() as usize).clamp(1, times.len());
        times[rank - 1]
    };
    Quantiles {
        p10: at(0.1),
        p50: at(0.5),
        p90: at(0.9),
    }
}

/// The standard normal quantile (shared with the personal model's prior).
pub use myo_personal::prior::normal_quantile;

/// Each group's ready hours.
pub type ReadyTimes = Vec<(MuscleGroup, ReadyHours)>;
/// Each group's range of ready hours.
pub type ReadyRanges = Vec<(MuscleGroup, ReadyRange)>;

/// Weighted 10th, 50th and 90th percentiles of ready times, `None` (not within the horizon)
/// sorting after every time.
pub fn weighted_quantiles(mut times: Vec<(Option<Hours>, f64)>) -> Quantiles {
    times.sort_by(|a, b| match (a.0, b.0) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    });
    let total: f64 = times.iter().map(|t| t.1).sum();
    let at = |p: f64| -> Option<Hours> {
        let mut cum = 0.0;
        for (t, w) in &times {
            cum += w / total;
            if cum >= p - 1e-12 {
                return *t;
            }
        }
        times.last().and_then(|t| t.0)
    };
    Quantiles {
        p10: at(0.1),
        p50: at(0.5),
        p90: at(0.9),
    }
}

/// Ready times and their range from the personal model's posterior: each group's weighted
/// median ready time and its 10–50–90% over the particles (the posterior predictive, which
/// narrows as the model learns the athlete).
pub fn personal_ready(
    learner: &myo_personal::Learner,
    from: Hours,
    until: Hours,
    muscles: &[MuscleGroup],
) -> (ReadyTimes, ReadyRanges) {
    let members = learner.ready_times(from, until, muscles, [MODERATE, HARD]);
    let mut times = Vec::new();
    let mut ranges = Vec::new();
    for (i, g) in muscles.iter().enumerate() {
        let level = |l: usize| -> Quantiles {
            weighted_quantiles(members.iter().map(|(w, f)| (f[i][l], *w)).collect())
        };
        let (moderate, hard) = (level(0), level(1));
        times.push((
            *g,
            ReadyHours {
                moderate: moderate.p50,
                hard: hard.p50,
            },
        ));
        ranges.push((*g, ReadyRange { moderate, hard }));
    }
    (times, ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantile_matches_known_values() {
        assert!((normal_quantile(0.5)).abs() < 1e-9);
        assert!((normal_quantile(0.975) - 1.959964).abs() < 1e-5);
        assert!((normal_quantile(0.1) + 1.281552).abs() < 1e-5);
        assert!((normal_quantile(0.01) + 2.326348).abs() < 1e-5);
    }

    #[test]
    fn quantiles_put_never_after_every_time() {
        let q = quantiles(vec![Some(3.0), None, Some(1.0), Some(2.0), None]);
        assert_eq!(q.p10, Some(1.0));
        assert_eq!(q.p50, Some(3.0));
        assert_eq!(q.p90, None);
    }

    #[test]
    fn ensemble_is_deterministic_for_a_seed_and_covers_the_strata() {
        let e = Ensemble::default();
        assert_eq!(e.individuals(), e.individuals());
        let other = Ensemble { seed: 2, ..e };
        assert_ne!(e.individuals(), other.individuals());
        // A Latin hypercube: exactly one member per decile of each axis when members = 10.
        let ten = Ensemble { members: 10, ..e };
        let mut deciles: Vec<usize> = ten
            .individuals()
            .iter()
            .map(|i| {
                let z = i.repair.ln() / e.spread.repair_sigma;
                (0..10)
                    .find(|k| z < normal_quantile((*k as f64 + 1.0) / 10.0))
                    .unwrap_or(9)
            })
            .collect();
        deciles.sort_unstable();
        assert_eq!(deciles, (0..10).collect::<Vec<_>>());
    }
}
