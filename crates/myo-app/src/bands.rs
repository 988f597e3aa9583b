//! The uncertainty band of a forecast chart: the 10th to 90th percentile of each group's force,
//! soreness and glycogen at each forecast time over the between-person ensemble of
//! [`myo_advisor::forecast`] (the members whose ready times give `ready_range`).
//!
//! Members share the median athlete's history up to a checkpoint ([`shared_history`]) and respond
//! with their own damage susceptibility and repair speed from there, as
//! `myo_advisor::forecast::ready_ranges_resuming` does; so a member costs the days since that
//! checkpoint, not the whole log. The past is what the log tells: times before the forecast
//! starts get no band.

use myo_advisor::forecast::{Ensemble, Individual, Run};
use myo_model::{Checkpoint, Hours, MuscleGroup, Simulation};

/// The band's lower and upper percentiles: the 10–90% of `ready_range`. [BAND-QUANTILES]
pub const LOW_P: f64 = 0.1;
pub const HIGH_P: f64 = 0.9;

/// One value's range over the members at one time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    pub low: f64,
    pub high: f64,
}

impl Band {
    pub fn width(&self) -> f64 {
        self.high - self.low
    }

    pub fn contains(&self, value: f64) -> bool {
        self.low <= value && value <= self.high
    }
}

/// One group's bands, one entry per asked time (`None` before the forecast starts).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GroupBands {
    pub force_pct: Vec<Option<Band>>,
    pub soreness: Vec<Option<Band>>,
    pub glycogen_pct: Vec<Option<Band>>,
}

/// The median athlete's model at `at_h`, the end of the history members share: stepped from
/// `history` (a checkpoint of the same model input) when it is not after `at_h`, else from the
/// start. `None` when `at_h` is not after the start: members then share nothing.
pub fn shared_history(run: &Run, history: Option<&Checkpoint>, at_h: Hours) -> Option<Checkpoint> {
    (at_h > run.start_h).then(|| {
        let mut median = run.simulation_before(at_h, history);
        median.advance_to(at_h);
        median.checkpoint()
    })
}

/// Where the members' simulations start.
#[derive(Debug, Clone, Copy)]
pub enum Members<'a> {
    /// From the median athlete's history (from [`shared_history`]; the run's start when
    /// `None`), each with its own parameters.
    Shared(Option<&'a Checkpoint>),
    /// From each member's own state (from [`member_states`], in the ensemble's order).
    Each(&'a [Checkpoint]),
}

/// Each member's model at `at_h` (not before `shared`), in `ensemble.individuals()` order: later
/// forecasts resume from these instead of stepping again from the shared history.
pub fn member_states(
    run: &Run,
    shared: Option<&Checkpoint>,
    at_h: Hours,
    ensemble: &Ensemble,
) -> Vec<Checkpoint> {
    ensemble
        .individuals()
        .iter()
        .map(|ind| {
            let mut sim = member(run, Members::Shared(shared), ind, 0);
            sim.advance_to(at_h.max(sim.time()));
            sim.checkpoint()
        })
        .collect()
}

/// The `k`th member's simulation.
fn member(run: &Run, start: Members<'_>, ind: &Individual, k: usize) -> Simulation {
    let params = ind.params(run.params);
    let resume = |c: &Checkpoint| {
        Simulation::resume(
            run.athlete.clone(),
            params.clone(),
            run.events.to_vec(),
            c.clone(),
        )
    };
    match start {
        Members::Shared(Some(c)) => resume(c),
        Members::Each(states) if k < states.len() => resume(&states[k]),
        _ => run.simulation_with(params.clone()),
    }
}

/// The [`LOW_P`]–[`HIGH_P`] band of each group's force, soreness and glycogen at `times_h`
/// (ascending) over the members of `ensemble`, who share the median athlete's history and
/// respond with their own parameters from there (see [`Members`]). Times before `from_h` get
/// `None`.
pub fn bands(
    run: &Run,
    start: Members<'_>,
    from_h: Hours,
    times_h: &[Hours],
    muscles: &[MuscleGroup],
    ensemble: &Ensemble,
) -> Vec<(MuscleGroup, GroupBands)> {
    let forecast: Vec<(usize, Hours)> = times_h
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, t)| *t >= from_h)
        .collect();
    // values[member][time][group] = [force, soreness, glycogen]
    let values: Vec<Vec<Vec<[f64; 3]>>> = ensemble
        .individuals()
        .iter()
        .enumerate()
        .map(|(k, ind)| {
            let mut sim = member(run, start, ind, k);
            forecast
                .iter()
                .map(|&(_, t)| {
                    let s = sim.snapshot_at(t.max(sim.time()));
                    muscles
                        .iter()
                        .map(|g| {
                            let m = s.muscle(*g);
                            [m.force_pct, m.soreness, m.glycogen_pct]
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let mut column = Vec::with_capacity(values.len());
    muscles
        .iter()
        .enumerate()
        .map(|(gi, g)| {
            let mut out: [Vec<Option<Band>>; 3] =
                std::array::from_fn(|_| vec![None; times_h.len()]);
            for (k, &(ti, _)) in forecast.iter().enumerate() {
                for (field, slots) in out.iter_mut().enumerate() {
                    column.clear();
                    column.extend(values.iter().map(|member| member[k][gi][field]));
                    slots[ti] = band(&mut column);
                }
            }
            let [force_pct, soreness, glycogen_pct] = out;
            (
                *g,
                GroupBands {
                    force_pct,
                    soreness,
                    glycogen_pct,
                },
            )
        })
        .collect()
}

/// Percentiles by the inverse empirical distribution, as `myo_advisor::forecast::quantiles`.
fn band(values: &mut [f64]) -> Option<Band> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let at = |p: f64| {
        let rank = ((p * values.len() as f64).ceil() as usize).clamp(1, values.len());
        values[rank - 1]
    };
    Some(Band {
        low: at(LOW_P),
        high: at(HIGH_P),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use myo_model::Params;

    /// A recreational lifter's heavy eccentric squats at +30 h, then a week of default days.
    fn scenario() -> myo_scenario::Scenario {
        myo_scenario::parse(
            r#"
[scenario]
start = "2026-01-05T08:00:00Z"
defaults = "typical"

[athlete]
sex = "male"
age = 25
body_mass_kg = 80
training_status = "recreational"

[[event]]
at = "+30h"
kind = "strength"
rpe = 9
  [[event.exercise]]
  name = "Barbell Squat"
  sets = 6
  reps = 8
  pct_1rm = 80
  contraction = "eccentric"
  to_failure = true
"#,
        )
        .unwrap()
    }

    struct Case {
        scenario: myo_scenario::Scenario,
        input: myo_scenario::ModelInput,
        params: Params,
        times: Vec<f64>,
    }

    impl Case {
        fn new() -> Case {
            let scenario = scenario();
            let times: Vec<f64> = (0..=40).map(|k| k as f64 * 6.0).collect();
            let input = crate::log::model_events(&scenario, 240.0);
            Case {
                scenario,
                input,
                params: Params::default(),
                times,
            }
        }

        fn run(&self) -> Run<'_> {
            Run {
                athlete: &self.scenario.athlete,
                params: &self.params,
                events: &self.input.events,
                start_h: self.input.start_h,
                last_wake_h: self.input.last_wake_h,
            }
        }
    }

    const QUADS: MuscleGroup = MuscleGroup::Quadriceps;

    #[test]
    fn no_band_before_the_forecast_starts() {
        let case = Case::new();
        let run = case.run();
        let b = bands(
            &run,
            Members::Shared(None),
            48.0,
            &case.times,
            &[QUADS],
            &Ensemble::default(),
        );
        for (t, band) in case.times.iter().zip(&b[0].1.force_pct) {
            assert_eq!(band.is_some(), *t >= 48.0, "at {t} h");
        }
    }

    #[test]
    fn the_band_widens_after_a_damaging_session_and_holds_the_median_member() {
        let case = Case::new();
        let run = case.run();
        let b = bands(
            &run,
            Members::Shared(None),
            0.0,
            &case.times,
            &[QUADS],
            &Ensemble::default(),
        );
        let g = &b[0].1;
        let width = |v: &[Option<Band>], t: f64| {
            let i = case.times.iter().position(|x| *x == t).unwrap();
            v[i].unwrap().width()
        };
        // Rested before the squats: everyone alike.
        assert!(width(&g.force_pct, 24.0) < 0.5, "{:?}", g.force_pct[4]);
        assert!(width(&g.soreness, 24.0) < 0.05);
        // The day after: people differ in how much force they lost and how sore they are.
        assert!(width(&g.force_pct, 54.0) > 5.0, "{:?}", g.force_pct[9]);
        assert!(width(&g.soreness, 72.0) > 0.5, "{:?}", g.soreness[12]);
        // The median member (the calibrated model) lies inside the band at every time.
        let mut median = run.simulation();
        for (i, &t) in case.times.iter().enumerate() {
            let m = *median.snapshot_at(t).muscle(QUADS);
            for (band, v) in [
                (g.force_pct[i], m.force_pct),
                (g.soreness[i], m.soreness),
                (g.glycogen_pct[i], m.glycogen_pct),
            ] {
                let band = band.unwrap();
                assert!(
                    band.low - 1e-9 <= v && v <= band.high + 1e-9,
                    "{v} outside {band:?} at {t} h"
                );
            }
        }
    }

    #[test]
    fn a_shared_history_from_a_checkpoint_equals_one_from_the_start() {
        let case = Case::new();
        let run = case.run();
        let mut early = run.simulation();
        early.advance_to(12.0);
        let from_checkpoint = shared_history(&run, Some(&early.checkpoint()), 20.0);
        let from_start = shared_history(&run, None, 20.0);
        assert!(from_start.is_some());
        let at = |c: Option<Checkpoint>| {
            bands(
                &run,
                Members::Shared(c.as_ref()),
                60.0,
                &case.times,
                &[QUADS],
                &Ensemble::default(),
            )
        };
        let shared = at(from_checkpoint.clone());
        assert_eq!(shared, at(from_start));
        // Members resumed from their own states at 48 h answer the same.
        let e = Ensemble::default();
        let states = member_states(&run, from_checkpoint.as_ref(), 48.0, &e);
        assert_eq!(states.len(), e.members);
        let each = bands(
            &run,
            Members::Each(&states),
            60.0,
            &case.times,
            &[QUADS],
            &e,
        );
        assert_eq!(each, shared);
        assert!(shared_history(&run, None, run.start_h).is_none());
    }
}
