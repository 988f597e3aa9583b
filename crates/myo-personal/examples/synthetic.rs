//! Synthetic truth: athletes simulated with known individual parameters and observation models,
//! reporting with noise; does the personal model's 10–90% range hold the truth about 80% of the
//! time, and how far does it narrow? Prints the markdown table of `docs/validation.md`.
//!
//! `cargo run --release -p myo-personal --example synthetic [ATHLETES] [DAYS]`

use myo_model::{Event, EventKind, MuscleGroup, Observation, Params, Simulation};
use myo_personal::items::Item;
use myo_personal::prior::{draws, normal_quantile, Spread};
use myo_personal::{Individual, Learner, Options};
use rand::{Rng, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

/// One synthetic athlete's truth beyond the simulation's multipliers.
struct Truth {
    who: Individual,
    soreness: (f64, f64),
    readiness: (f64, f64),
    fatigue: (f64, f64),
    jump_cm: f64,
}

fn normal(rng: &mut Xoshiro256PlusPlus) -> f64 {
    normal_quantile(rng.gen::<f64>())
}

fn scenario(days: usize, rng: &mut Xoshiro256PlusPlus) -> myo_scenario::Scenario {
    let mut text = String::from(
        "[scenario]\nstart = \"2026-01-05T08:00:00Z\"\n[athlete]\nsex = \"male\"\nage = 28\nbody_mass_kg = 78\ntraining_status = \"recreational\"\n",
    );
    let mut d = 1;
    while d < days {
        let sets = rng.gen_range(3..=6);
        let ecc = if rng.gen_bool(0.3) {
            "contraction = \"eccentric\"\n"
        } else {
            ""
        };
        text.push_str(&format!(
            "[[event]]\nat = \"+{}h\"\nkind = \"strength\"\n[[event.exercise]]\nname = \"Barbell Squat\"\nsets = {sets}\nreps = 8\npct_1rm = 75\n{ecc}",
            d * 24 + 10
        ));
        if rng.gen_bool(0.5) {
            text.push_str(&format!(
                "[[event]]\nat = \"+{}h\"\nkind = \"endurance\"\nsport = \"run\"\nminutes = {}\nrpe = 6\n",
                (d + 1) * 24 + 9,
                rng.gen_range(30..=70)
            ));
        }
        d += rng.gen_range(2..=4);
    }
    myo_scenario::parse(&text).expect("valid")
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let athletes = args.first().copied().unwrap_or(24);
    let days = args.get(1).copied().unwrap_or(56);
    // `--unbounded`: reports not held to their scale (the model's own assumption), to tell the
    // filter's calibration from the effect of a scale's floor and ceiling.
    let bounded = !std::env::args().any(|a| a == "--unbounded");
    let spread = Spread::default();
    let truths = draws(athletes, 2026, &spread);
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(7);
    // per parameter: (inside, total, learned, width sum, prior width)
    let names = [
        "damage_susceptibility",
        "repair_rate",
        "central_fatigue_sensitivity",
        "soreness.quadriceps.gain",
        "soreness.quadriceps.offset",
        "readiness.gain",
        "readiness.offset",
        "fatigue.offset",
        "jump_cm.baseline",
    ];
    let mut tally = vec![(0usize, 0usize, 0usize, 0.0f64); names.len()];
    for who in truths {
        let q = Item::Soreness(MuscleGroup::Quadriceps).model(60.0);
        let r = Item::Readiness.model(60.0);
        let f = Item::Fatigue.model(60.0);
        let truth = Truth {
            who,
            soreness: (
                q.offset + q.offset_sd * normal(&mut rng),
                (q.gain + q.gain_sd * normal(&mut rng)).max(0.1),
            ),
            readiness: (
                r.offset + r.offset_sd * normal(&mut rng),
                (r.gain + r.gain_sd * normal(&mut rng)).max(0.1),
            ),
            fatigue: (
                f.offset + f.offset_sd * normal(&mut rng),
                (f.gain + f.gain_sd * normal(&mut rng)).max(0.1),
            ),
            jump_cm: 30.0 + 10.0 * rng.gen::<f64>(),
        };
        let s = scenario(days, &mut rng);
        let input = s.model_input(24.0 * (days as f64 + 28.0));
        let mut sim = Simulation::new(
            s.athlete.clone(),
            truth.who.params(&Params::default()),
            input.events.clone(),
            input.start_h,
            input.last_wake_h,
        );
        let mut events = input.events.clone();
        let mut deviation = [0.0f64; 3];
        let rho = (-24.0f64 / 30.0).exp();
        for d in 0..days {
            let at = 24.0 * d as f64;
            let snap = sim.snapshot_at(at);
            for (k, sd) in [q.deviation_sd, r.deviation_sd, f.deviation_sd]
                .iter()
                .enumerate()
            {
                deviation[k] =
                    rho * deviation[k] + sd * (1.0 - rho * rho).sqrt() * normal(&mut rng);
            }
            let report = |(o, g): (f64, f64),
                          s: f64,
                          dev: f64,
                          noise: f64,
                          lo: f64,
                          hi: f64,
                          rng: &mut Xoshiro256PlusPlus| {
                let y = o + g * s + dev + noise * normal(rng);
                let y = (y * 2.0).round() / 2.0;
                if bounded {
                    y.clamp(lo, hi)
                } else {
                    y
                }
            };
            let sq = Item::Soreness(MuscleGroup::Quadriceps).signal(&snap, &[]);
            let sr = Item::Readiness.signal(&snap, &[]);
            let sf = Item::Fatigue.signal(&snap, &[]);
            let jump_signal = Item::JumpCm.signal(&snap, &[]);
            let jump = (d % 3 == 0).then(|| {
                let y = truth.jump_cm * jump_signal * (1.0 + 0.04 * normal(&mut rng));
                (y * 10.0).round() / 10.0
            });
            events.push(Event {
                at,
                kind: EventKind::Observation(Observation {
                    soreness: vec![(
                        MuscleGroup::Quadriceps,
                        report(
                            truth.soreness,
                            sq,
                            deviation[0],
                            q.noise_sd,
                            0.0,
                            10.0,
                            &mut rng,
                        ),
                    )],
                    readiness: Some(report(
                        truth.readiness,
                        sr,
                        deviation[1],
                        r.noise_sd,
                        0.0,
                        10.0,
                        &mut rng,
                    )),
                    fatigue: Some(report(
                        truth.fatigue,
                        sf,
                        deviation[2],
                        f.noise_sd,
                        1.0,
                        10.0,
                        &mut rng,
                    )),
                    jump_cm: jump,
                    ..Observation::default()
                }),
            });
        }
        let mut l = Learner::new(
            s.athlete.clone(),
            Params::default(),
            events,
            input.start_h,
            input.last_wake_h,
            Options::default(),
        );
        l.advance_to(24.0 * days as f64);
        let p = l.personal();
        // The jump baseline's truth: the rested jump, the first reading's scale.
        let values = [
            truth.who.damage,
            truth.who.repair,
            truth.who.central,
            truth.soreness.1,
            truth.soreness.0,
            truth.readiness.1,
            truth.readiness.0,
            truth.fatigue.0,
            truth.jump_cm,
        ];
        for (k, name) in names.iter().enumerate() {
            let Some(x) = p.get(*name) else { continue };
            let t = &mut tally[k];
            t.0 += usize::from(x.p10 <= values[k] && values[k] <= x.p90);
            t.1 += 1;
            t.2 += usize::from(x.learned);
            t.3 += x.p90 - x.p10;
        }
    }
    let how = if bounded {
        "held to their scales (0–10, 1–10)"
    } else {
        "not held to their scales (`--unbounded`)"
    };
    println!("Reports {how}.");
    println!();
    println!("{athletes} synthetic athletes, {days} days each: squats every 2–4 days (30% eccentric), runs on half the days after; a morning report every day (quadriceps soreness, readiness, fatigue; 0.5-point steps) and a jump every third day, generated from each athlete's own multipliers and observation model (drawn from the population priors) with the priors' noise and deviations.");
    println!();
    println!(
        "| parameter | truth inside the 10–90% range | learned (gate passed) | mean 10–90% width |"
    );
    println!("|---|---|---|---|");
    for (k, name) in names.iter().enumerate() {
        let (inside, total, learned, width) = tally[k];
        if total == 0 {
            continue;
        }
        println!(
            "| `{name}` | {:.0}% ({inside}/{total}) | {:.0}% | {:.2} |",
            100.0 * inside as f64 / total as f64,
            100.0 * learned as f64 / total as f64,
            width / total as f64
        );
    }
}
