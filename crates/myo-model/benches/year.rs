//! One athlete-year (365 days of mixed strength and endurance training with sleep and meals,
//! all 17 groups, hourly output), and 1,000 athlete-years on every core.
//!
//! `cargo bench -p myo-model --bench year`

use myo_model::*;

fn main() {
    divan::main();
}

fn athlete(i: usize) -> Athlete {
    Athlete {
        sex: if i % 2 == 0 { Sex::Male } else { Sex::Female },
        age_years: 20.0 + (i % 40) as f64,
        body_mass_kg: 55.0 + (i % 40) as f64,
        training_status: [TrainingStatus::Recreational, TrainingStatus::Trained][i % 2],
        max_hr: 190.0,
        resting_hr: Some(55.0),
        conditions: vec![],
    }
}

fn lift(groups: &[(MuscleGroup, f64)], sets: u32, reps: u32, pct: f64) -> ExerciseDose {
    ExerciseDose {
        loading: groups.to_vec(),
        sets,
        reps,
        intensity: Intensity::Pct1rm(pct),
        contraction: Contraction::Normal,
        to_failure: false,
        eccentric_bias: 0.5,
        compound: groups.len() > 1,
        ballistic: false,
    }
}

/// A year: lifting Mon/Wed/Fri (legs, push, pull), running Tue/Thu/Sat, rest Sunday; nightly
/// sleep and three meals a day.
pub fn year(seed: usize) -> Vec<Event> {
    use MuscleGroup as M;
    let mut share = [0.0; MUSCLE_COUNT];
    let mut eccentric = [0.0; MUSCLE_COUNT];
    for (g, s, e) in [
        (M::Quadriceps, 1.0, 0.3),
        (M::Hamstrings, 0.8, 0.1),
        (M::Calves, 0.9, 0.3),
        (M::Glutes, 0.8, 0.05),
    ] {
        share[g.index()] = s;
        eccentric[g.index()] = e;
    }
    let involvement = Involvement { share, eccentric };
    let mut events = Vec::new();
    for day in 0..365 {
        let base = day as f64 * 24.0;
        let session = base + 17.0 + (seed % 3) as f64;
        match day % 7 {
            0 => events.push(Event {
                at: session,
                kind: EventKind::Strength(StrengthSession {
                    rpe: Some(7.0),
                    exercises: vec![
                        lift(
                            &[
                                (M::Quadriceps, 1.0),
                                (M::Glutes, 0.5),
                                (M::Hamstrings, 0.5),
                                (M::LowerBack, 0.5),
                            ],
                            5,
                            5,
                            80.0,
                        ),
                        lift(&[(M::Hamstrings, 1.0), (M::Glutes, 0.5)], 3, 10, 65.0),
                        lift(&[(M::Calves, 1.0)], 3, 15, 60.0),
                    ],
                }),
            }),
            2 => events.push(Event {
                at: session,
                kind: EventKind::Strength(StrengthSession {
                    rpe: Some(7.0),
                    exercises: vec![
                        lift(
                            &[(M::Chest, 1.0), (M::Triceps, 0.5), (M::Shoulders, 0.5)],
                            5,
                            5,
                            80.0,
                        ),
                        lift(&[(M::Shoulders, 1.0), (M::Triceps, 0.5)], 3, 8, 70.0),
                        lift(&[(M::Triceps, 1.0)], 3, 12, 65.0),
                        lift(&[(M::Abdominals, 1.0)], 3, 15, 50.0),
                    ],
                }),
            }),
            4 => events.push(Event {
                at: session,
                kind: EventKind::Strength(StrengthSession {
                    rpe: Some(7.0),
                    exercises: vec![
                        lift(
                            &[(M::Lats, 1.0), (M::Biceps, 0.5), (M::MiddleBack, 0.5)],
                            4,
                            8,
                            75.0,
                        ),
                        lift(
                            &[(M::MiddleBack, 1.0), (M::Traps, 0.5), (M::Lats, 0.5)],
                            4,
                            10,
                            70.0,
                        ),
                        lift(&[(M::Biceps, 1.0), (M::Forearms, 0.5)], 3, 12, 65.0),
                        lift(
                            &[(M::Adductors, 1.0), (M::Abductors, 1.0), (M::Neck, 0.3)],
                            2,
                            15,
                            50.0,
                        ),
                    ],
                }),
            }),
            1 | 3 | 5 => events.push(Event {
                at: session,
                kind: EventKind::Endurance(EnduranceSession {
                    sport: Sport::Run,
                    minutes: if day % 7 == 5 { 90.0 } else { 45.0 },
                    effort: EffortMeasure::PctVo2max(if day % 7 == 3 { 85.0 } else { 65.0 }),
                    distance_km: None,
                    downhill_pct: 0.0,
                    gradient_pct: 0.0,
                    involvement: involvement.clone(),
                }),
            }),
            _ => {}
        }
        events.push(Event {
            at: base + 23.0,
            kind: EventKind::Sleep {
                hours: 7.5 + (day % 3) as f64 * 0.5,
                quality: Some(4),
            },
        });
        for (hour, carbs) in [(7.5, 150.0), (12.5, 150.0), (19.0, 200.0)] {
            events.push(Event {
                at: base + hour,
                kind: EventKind::Meal(Meal {
                    protein_g: 35.0,
                    carbs_g: carbs,
                    fat_g: 25.0,
                    leucine_g: None,
                    fluid_l: 0.8,
                }),
            });
        }
    }
    events
}

/// Simulates one athlete-year with hourly output of all 17 groups, folding every output into
/// a checksum so nothing is optimised away and nothing is stored.
pub fn run_year(i: usize, events: Vec<Event>) -> f64 {
    let mut sim = Simulation::new(athlete(i), Params::default(), events, 0.0, -16.0);
    let mut checksum = 0.0;
    for hour in 0..365 * 24 {
        let snapshot = sim.snapshot_at(hour as f64);
        for m in &snapshot.muscles {
            checksum += m.force_pct + m.soreness + m.readiness;
        }
        checksum += snapshot.systemic.readiness;
    }
    checksum
}

#[divan::bench(sample_count = 20)]
fn one_athlete_year(bencher: divan::Bencher) {
    bencher
        .with_inputs(|| year(0))
        .bench_values(|events| run_year(0, events));
}

#[divan::bench(sample_count = 3)]
fn thousand_athlete_years_all_cores(bencher: divan::Bencher) {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    bencher
        .with_inputs(|| (0..1000).map(year).collect::<Vec<_>>())
        .bench_values(|years| {
            let chunk = years.len().div_ceil(threads);
            let mut years = years;
            std::thread::scope(|scope| {
                let mut handles = Vec::new();
                let mut start = 0;
                while !years.is_empty() {
                    let rest = years.split_off(chunk.min(years.len()));
                    let mine = std::mem::replace(&mut years, rest);
                    let first = start;
                    start += mine.len();
                    handles.push(scope.spawn(move || {
                        mine.into_iter()
                            .enumerate()
                            .map(|(k, e)| run_year(first + k, e))
                            .sum::<f64>()
                    }));
                }
                handles.into_iter().map(|h| h.join().unwrap()).sum::<f64>()
            })
        });
}
