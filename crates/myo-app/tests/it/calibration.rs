//! The between-person spread and the forecast range it gives.

use myo_advisor::forecast::{self, normal_quantile, Ensemble, Individual, Run};
use myo_model::{MuscleGroup, Params};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::scenario;

/// Nosaka 2006: 24 maximal eccentric elbow-flexor actions, 89 untrained young men.
const NOSAKA_2006: &str = r#"
[scenario]
start = "2026-01-05T10:00:00Z"
[athlete]
sex = "male"
age = 21
body_mass_kg = 70
training_status = "untrained"
[[event]]
at = "+0h"
kind = "strength"
  [[event.exercise]]
  muscles = ["biceps"]
  sets = 2
  reps = 12
  maximal = true
  contraction = "eccentric"
[query]
at = ["+0h"]
muscles = ["biceps"]
"#;

fn immediate_force(ind: Individual) -> f64 {
    let s = scenario(NOSAKA_2006);
    let input = s.model_input(24.0);
    let params = ind.params(&Params::default());
    let run = Run {
        athlete: &s.athlete,
        params: &params,
        events: &input.events,
        start_h: input.start_h,
        last_wake_h: input.last_wake_h,
    };
    run.simulation()
        .snapshot_at(0.0)
        .muscle(MuscleGroup::Biceps)
        .force_pct
}

#[test]
fn the_spread_reproduces_the_range_of_immediate_force_loss_in_89_men() {
    let spread = forecast::Spread::default();
    // The extremes of 89 people lie about 2.4 SD from the median.
    let z = -normal_quantile(0.5 / 89.0);
    let low = immediate_force(Individual {
        damage: spread.damage(-z),
        ..Individual::MEDIAN
    });
    let high = immediate_force(Individual {
        damage: spread.damage(z),
        ..Individual::MEDIAN
    });
    let (least, most) = (100.0 - low, 100.0 - high);
    assert!(
        (least - 17.6).abs() < 3.0 && (most - 72.8).abs() < 3.0,
        "loss range {least:.1}% .. {most:.1}% against Nosaka 2006's 17.6% .. 72.8%"
    );
}

/// A damaging session whose recovery takes days: the forecast range has something to cover.
const SQUATS: &str = r#"
[[event]]
at = "+0h"
kind = "strength"
  [[event.exercise]]
  name = "Barbell Squat"
  sets = 5
  reps = 10
  pct_1rm = 75
  contraction = "eccentric"
  to_failure = true
[query]
at = ["+0h"]
muscles = ["quadriceps"]
"#;

#[test]
fn about_80_percent_of_simulated_athletes_fall_inside_the_10_90_range() {
    let s = scenario(&format!("{}{SQUATS}", crate::ATHLETE));
    let input = s.model_input(forecast::HORIZON_H);
    let base = Params::default();
    let run = Run {
        athlete: &s.athlete,
        params: &base,
        events: &input.events,
        start_h: input.start_h,
        last_wake_h: input.last_wake_h,
    };
    let groups = [MuscleGroup::Quadriceps];
    let ensemble = Ensemble {
        members: 40,
        ..Ensemble::default()
    };
    let range = forecast::ready_ranges(&run, 0.0, forecast::HORIZON_H, &groups, &ensemble)[0].1;
    let (lo, hi) = (range.hard.p10.unwrap(), range.hard.p90.unwrap());
    assert!(hi - lo >= 6.0, "a real spread: {lo}..{hi}");

    // "True" athletes drawn independently (plain random normal draws, another seed).
    let spread = ensemble.spread;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(20261121);
    let n = 150;
    let mut inside = 0;
    for _ in 0..n {
        let zd = normal_quantile(rng.gen::<f64>());
        let zr = normal_quantile(rng.gen::<f64>());
        let person = Individual {
            damage: spread.damage(zd),
            repair: (spread.repair_sigma * zr).exp(),
            central: 1.0,
        };
        let truth = forecast::ready_times(
            run.simulation_with(person.params(&base)),
            0.0,
            forecast::HORIZON_H,
            &groups,
        )[0]
        .1
        .hard;
        if truth.is_some_and(|t| t >= lo && t <= hi) {
            inside += 1;
        }
    }
    let share = inside as f64 / n as f64;
    assert!(
        (0.70..=0.90).contains(&share),
        "{:.0}% of athletes inside the 10-90% range {lo}..{hi} h",
        share * 100.0
    );
}

#[test]
fn the_same_seed_gives_the_same_range() {
    let s = scenario(&format!("{}{SQUATS}", crate::ATHLETE));
    let a = myo_app::simulate(&s, &[0.0, 24.0]);
    let b = myo_app::simulate(&s, &[0.0, 24.0]);
    assert_eq!(a.ready_range, b.ready_range);
    let r = &a.ready_range["quadriceps"].hard;
    assert!(r.p10 <= r.p50 && r.p50 <= r.p90, "{r:?}");
}

#[test]
fn with_a_long_history_the_median_member_is_the_deterministic_forecast() {
    // Six weeks of easy runs, then the squats: members share the history before the last 14
    // days and differ in how they respond to the recent training.
    let mut text = String::from(crate::ATHLETE);
    for day in 0..42 {
        text.push_str(&format!(
            "\n[[event]]\nat = \"+{}h\"\nkind = \"endurance\"\nsport = \"run\"\nminutes = 30\npct_vo2max = 60\n",
            24 * day
        ));
    }
    text.push_str(&SQUATS.replace(
        "at = \"+0h\"\nkind = \"strength\"",
        "at = \"+1010h\"\nkind = \"strength\"",
    ));
    let s = scenario(&text);
    let from = 1011.0;
    let input = s.model_input(from + forecast::HORIZON_H);
    let base = Params::default();
    let run = Run {
        athlete: &s.athlete,
        params: &base,
        events: &input.events,
        start_h: input.start_h,
        last_wake_h: input.last_wake_h,
    };
    let groups = [MuscleGroup::Quadriceps];
    let deterministic =
        forecast::ready_times(run.simulation(), from, from + forecast::HORIZON_H, &groups)[0]
            .1
            .hard
            .expect("ready within 28 days");
    let range = forecast::ready_ranges(
        &run,
        from,
        from + forecast::HORIZON_H,
        &groups,
        &Ensemble::default(),
    )[0]
    .1;
    let (p10, p50, p90) = (
        range.hard.p10.unwrap(),
        range.hard.p50.unwrap(),
        range.hard.p90.unwrap(),
    );
    assert!(
        p10 < deterministic && deterministic < p90,
        "{p10} {deterministic} {p90}"
    );
    assert!(
        (p50 - deterministic).abs() <= 6.0,
        "median {p50} vs {deterministic}"
    );
}
