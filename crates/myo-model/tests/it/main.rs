//! Properties of the model's numerics: monotone dose, bounded fields, rest at baseline,
//! independence from the choice of query times.

use myo_model::*;
use proptest::prelude::*;

mod evidence;

fn athlete(status: TrainingStatus) -> Athlete {
    Athlete {
        sex: Sex::Male,
        age_years: 25.0,
        body_mass_kg: 75.0,
        training_status: status,
        max_hr: 190.0,
        resting_hr: Some(60.0),
        conditions: vec![],
    }
}

fn strength(
    at: f64,
    group: MuscleGroup,
    sets: u32,
    reps: u32,
    intensity: Intensity,
    contraction: Contraction,
) -> Event {
    Event {
        at,
        kind: EventKind::Strength(StrengthSession {
            rpe: None,
            exercises: vec![ExerciseDose {
                loading: vec![(group, 1.0)],
                sets,
                reps,
                intensity,
                contraction,
                to_failure: false,
                eccentric_bias: 0.5,
                compound: false,
                ballistic: false,
            }],
        }),
    }
}

fn run(at: f64, minutes: f64, pct: f64, downhill: f64) -> Event {
    let mut share = [0.0; MUSCLE_COUNT];
    let mut eccentric = [0.0; MUSCLE_COUNT];
    share[MuscleGroup::Quadriceps.index()] = 1.0;
    share[MuscleGroup::Calves.index()] = 0.8;
    eccentric[MuscleGroup::Quadriceps.index()] = 0.3 + downhill;
    Event {
        at,
        kind: EventKind::Endurance(EnduranceSession {
            sport: Sport::Run,
            minutes,
            effort: EffortMeasure::PctVo2max(pct),
            distance_km: None,
            downhill_pct: 0.0,
            gradient_pct: 0.0,
            involvement: Involvement { share, eccentric },
        }),
    }
}

/// A match of a team or racket sport (`Sport::TEAM[k]`), with a few groups and level braking.
fn team(at: f64, k: usize, minutes: f64, pct: f64) -> Event {
    let mut share = [0.0; MUSCLE_COUNT];
    let mut eccentric = [0.0; MUSCLE_COUNT];
    for (g, s, e) in [
        (MuscleGroup::Quadriceps, 0.9, 0.3),
        (MuscleGroup::Hamstrings, 0.8, 0.2),
        (MuscleGroup::Calves, 0.7, 0.3),
        (MuscleGroup::Shoulders, 0.4, 0.0),
    ] {
        share[g.index()] = s;
        eccentric[g.index()] = e;
    }
    Event {
        at,
        kind: EventKind::Endurance(EnduranceSession {
            sport: Sport::TEAM[k],
            minutes,
            effort: EffortMeasure::PctVo2max(pct),
            distance_km: None,
            downhill_pct: 0.0,
            gradient_pct: 0.0,
            involvement: Involvement { share, eccentric },
        }),
    }
}

fn sim(events: Vec<Event>, status: TrainingStatus) -> Simulation {
    Simulation::new(athlete(status), Params::default(), events, -1.0, -3.0)
}

fn contraction() -> impl Strategy<Value = Contraction> {
    prop_oneof![
        Just(Contraction::Normal),
        Just(Contraction::Eccentric),
        Just(Contraction::Concentric),
        Just(Contraction::Isometric)
    ]
}

fn status() -> impl Strategy<Value = TrainingStatus> {
    prop_oneof![
        Just(TrainingStatus::Untrained),
        Just(TrainingStatus::Recreational),
        Just(TrainingStatus::Trained),
        Just(TrainingStatus::Elite)
    ]
}

/// A random mix of everything that can happen.
fn any_event() -> impl Strategy<Value = Event> {
    let at = -24.0..240.0f64;
    prop_oneof![
        (
            at.clone(),
            1u32..10,
            1u32..40,
            10.0..110.0f64,
            contraction()
        )
            .prop_map(|(t, s, r, p, c)| strength(
                t,
                MuscleGroup::Quadriceps,
                s,
                r,
                Intensity::Pct1rm(p),
                c
            )),
        (at.clone(), 1u32..6, 1u32..30, contraction()).prop_map(|(t, s, r, c)| strength(
            t,
            MuscleGroup::Biceps,
            s,
            r,
            Intensity::Maximal,
            c
        )),
        (at.clone(), 1.0..600.0f64, 20.0..150.0f64, 0.0..1.5f64)
            .prop_map(|(t, m, p, d)| run(t, m, p, d)),
        (at.clone(), 0usize..9, 5.0..180.0f64, 20.0..120.0f64)
            .prop_map(|(t, k, m, p)| team(t, k, m, p)),
        (at.clone(), 0.5..12.0f64).prop_map(|(t, h)| Event {
            at: t,
            kind: EventKind::Sleep {
                hours: h,
                quality: Some(3)
            }
        }),
        (at.clone(), 0.0..300.0f64, 0.0..80.0f64, 0.0..2.0f64).prop_map(|(t, c, p, f)| Event {
            at: t,
            kind: EventKind::Meal(Meal {
                carbs_g: c,
                protein_g: p,
                fluid_l: f,
                ..Meal::default()
            }),
        }),
        (at.clone(), 1.0..90.0f64).prop_map(|(t, m)| Event {
            at: t,
            kind: EventKind::Massage(Treatment {
                minutes: m,
                muscles: vec![MuscleGroup::Quadriceps, MuscleGroup::Biceps]
            }),
        }),
        (at.clone(), 1.0..30.0f64, -110.0..20.0f64).prop_map(|(t, m, c)| Event {
            at: t,
            kind: EventKind::Cold(ColdTreatment {
                method: ColdMethod::ColdWaterImmersion,
                minutes: m,
                temp_c: Some(c),
                muscles: MuscleGroup::ALL.to_vec()
            }),
        }),
        (at.clone(), 1.0..60.0f64).prop_map(|(t, m)| Event {
            at: t,
            kind: EventKind::Heat(HeatTreatment {
                method: HeatMethod::Sauna,
                minutes: m,
                muscles: MuscleGroup::ALL.to_vec()
            }),
        }),
        (at.clone(), 1u32..50).prop_map(|(t, n)| Event {
            at: t,
            kind: EventKind::DryNeedling {
                muscles: vec![MuscleGroup::Traps],
                insertions: n
            },
        }),
        (at, 0.5..24.0f64).prop_map(|(t, h)| Event {
            at: t,
            kind: EventKind::Compression {
                hours: h,
                muscles: vec![MuscleGroup::Quadriceps]
            },
        }),
    ]
}

fn assert_in_range(s: &Snapshot) {
    for m in &s.muscles {
        for v in [
            m.force_pct,
            m.soreness,
            m.damage,
            m.inflammation,
            m.swelling_pct,
            m.metabolites,
            m.glycogen_pct,
            m.perfusion,
            m.tension,
            m.readiness,
        ] {
            assert!(v.is_finite(), "non-finite field in {m:?}");
        }
        assert!(m.force_pct >= 0.0 && m.force_pct <= 140.0, "{m:?}");
        assert!((0.0..=10.0).contains(&m.soreness), "{m:?}");
        assert!((0.0..=1.0).contains(&m.damage), "{m:?}");
        assert!((0.0..=1.0).contains(&m.inflammation), "{m:?}");
        assert!((0.0..=1.0).contains(&m.metabolites), "{m:?}");
        assert!((0.0..=1.0).contains(&m.tension), "{m:?}");
        assert!(
            m.swelling_pct >= 0.0 && m.glycogen_pct >= 0.0 && m.glycogen_pct <= 130.0,
            "{m:?}"
        );
        assert!(m.perfusion > 0.0, "{m:?}");
        assert!((0.0..=100.0).contains(&m.readiness), "{m:?}");
    }
    let y = &s.systemic;
    for v in [
        y.lactate_mmol,
        y.neural_fatigue,
        y.sleep_debt_h,
        y.hydration_pct,
        y.autonomic,
        y.fitness,
        y.fatigue,
        y.readiness,
    ] {
        assert!(v.is_finite(), "{y:?}");
    }
    assert!(y.lactate_mmol > 0.0 && y.lactate_mmol <= 30.0, "{y:?}");
    assert!((0.0..=1.0).contains(&y.neural_fatigue), "{y:?}");
    assert!(y.sleep_debt_h >= 0.0 && y.hydration_pct > 0.0, "{y:?}");
    assert!((-1.0..=1.0).contains(&y.autonomic), "{y:?}");
    assert!(y.fitness >= 0.0 && y.fatigue >= 0.0, "{y:?}");
    assert!((0.0..=100.0).contains(&y.readiness), "{y:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, .. ProptestConfig::default() })]

    #[test]
    fn more_dose_never_less_damage(
        sets in 1u32..6, reps in 1u32..40, extra in 1u32..40, pct in 10.0..100.0f64,
        extra_pct in 0.0..20.0f64, c in contraction(), s in status(),
    ) {
        let base = strength(0.0, MuscleGroup::Biceps, sets, reps, Intensity::Pct1rm(pct), c);
        let more_reps = strength(0.0, MuscleGroup::Biceps, sets, reps + extra, Intensity::Pct1rm(pct), c);
        let heavier = strength(0.0, MuscleGroup::Biceps, sets, reps, Intensity::Pct1rm(pct + extra_pct), c);
        let (mut a, mut b, mut h) = (sim(vec![base], s), sim(vec![more_reps], s), sim(vec![heavier], s));
        for t in [0.0, 6.0, 24.0, 48.0, 96.0, 240.0] {
            let d = a.snapshot_at(t).muscle(MuscleGroup::Biceps).damage;
            prop_assert!(b.snapshot_at(t).muscle(MuscleGroup::Biceps).damage >= d - 1e-12);
            prop_assert!(h.snapshot_at(t).muscle(MuscleGroup::Biceps).damage >= d - 1e-12);
        }
    }

    #[test]
    fn longer_or_steeper_runs_never_less_damage(minutes in 5.0..300.0f64, more in 1.0..120.0f64, pct in 40.0..95.0f64, downhill in 0.0..1.0f64) {
        let mut a = sim(vec![run(0.0, minutes, pct, downhill)], TrainingStatus::Recreational);
        let mut b = sim(vec![run(0.0, minutes + more, pct, downhill)], TrainingStatus::Recreational);
        let mut c = sim(vec![run(0.0, minutes, pct, downhill + 0.3)], TrainingStatus::Recreational);
        for t in [12.0, 24.0, 72.0, 200.0] {
            let d = a.snapshot_at(t).muscle(MuscleGroup::Quadriceps).damage;
            prop_assert!(b.snapshot_at(t).muscle(MuscleGroup::Quadriceps).damage >= d - 1e-12);
            prop_assert!(c.snapshot_at(t).muscle(MuscleGroup::Quadriceps).damage >= d - 1e-12);
        }
    }

    /// A harder or longer match never damages any group less (more actions, more braking).
    #[test]
    fn harder_or_longer_matches_never_less_damage(k in 0usize..9, minutes in 5.0..150.0f64, more in 1.0..60.0f64, pct in 40.0..100.0f64, harder in 1.0..20.0f64) {
        let mut a = sim(vec![team(0.0, k, minutes, pct)], TrainingStatus::Recreational);
        let mut b = sim(vec![team(0.0, k, minutes + more, pct)], TrainingStatus::Recreational);
        let mut c = sim(vec![team(0.0, k, minutes, pct + harder)], TrainingStatus::Recreational);
        for t in [12.0, 24.0, 72.0, 200.0] {
            let (sa, sb, sc) = (a.snapshot_at(t), b.snapshot_at(t), c.snapshot_at(t));
            for g in MuscleGroup::ALL {
                let d = sa.muscle(g).damage;
                prop_assert!(sb.muscle(g).damage >= d - 1e-12, "{:?} at {}", g, t);
                prop_assert!(sc.muscle(g).damage >= d - 1e-12, "{:?} at {}", g, t);
            }
        }
    }

    #[test]
    fn fields_stay_in_range(events in prop::collection::vec(any_event(), 0..25), s in status(), times in prop::collection::vec(-1.0..400.0f64, 1..12)) {
        let mut times = times;
        times.sort_by(f64::total_cmp);
        let mut sim = sim(events, s);
        for t in times {
            assert_in_range(&sim.snapshot_at(t));
        }
    }

    #[test]
    fn query_times_do_not_change_results(events in prop::collection::vec(any_event(), 0..15), probes in prop::collection::vec(0.0..300.0f64, 0..10), target in 0.0..300.0f64) {
        let mut direct = sim(events.clone(), TrainingStatus::Recreational);
        let expected = direct.snapshot_at(target);
        let mut probed = sim(events, TrainingStatus::Recreational);
        let mut probes: Vec<f64> = probes.into_iter().filter(|p| *p <= target).collect();
        probes.sort_by(f64::total_cmp);
        for p in probes {
            probed.snapshot_at(p);
        }
        prop_assert_eq!(probed.snapshot_at(target), expected);
    }

    #[test]
    fn resuming_from_a_checkpoint_changes_nothing(
        events in prop::collection::vec(any_event(), 0..30),
        s in status(),
        at in -2.0..260.0f64,
        later in prop::collection::vec(0.0..200.0f64, 1..8),
    ) {
        let mut direct = sim(events.clone(), s);
        let mut first = sim(events.clone(), s);
        first.advance_to(at);
        let checkpoint = first.checkpoint();
        let json = serde_json::to_string(&checkpoint).unwrap();
        let restored: Checkpoint = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(&restored, &checkpoint);
        let mut resumed = Simulation::resume(athlete(s), Params::default(), events, restored);
        prop_assert_eq!(resumed.time(), first.time());
        prop_assert_eq!(resumed.state(), first.state());
        let mut times: Vec<f64> = later.into_iter().map(|dt| at + dt).collect();
        times.sort_by(f64::total_cmp);
        for t in times {
            prop_assert_eq!(resumed.snapshot_at(t), direct.snapshot_at(t), "at {}", t);
        }
    }

    #[test]
    fn with_no_events_the_muscles_rest_at_baseline(t in 0.0..2000.0f64, s in status()) {
        let mut sim = sim(vec![], s);
        let snap = sim.snapshot_at(t);
        for m in &snap.muscles {
            prop_assert!((m.force_pct - 100.0).abs() < 1e-9);
            prop_assert_eq!(m.soreness, 0.0);
            prop_assert_eq!(m.damage, 0.0);
            prop_assert!((m.glycogen_pct - 100.0).abs() < 1e-9);
            prop_assert!((m.perfusion - 1.0).abs() < 1e-9);
            prop_assert_eq!(m.phase, Phase::None);
            prop_assert!((m.readiness - 100.0).abs() < 1e-9);
        }
        prop_assert!((snap.systemic.lactate_mmol - 1.0).abs() < 1e-9);
        prop_assert_eq!(snap.systemic.neural_fatigue, 0.0);
        prop_assert_eq!(snap.systemic.fitness, 0.0);
    }
}

#[test]
fn cold_water_changes_soreness_more_than_force() {
    // Cold water lowers soreness clearly and helps force at most a little (Hohenauer 2015;
    // Poppendieck 2013): it removes only part of the pending secondary damage.
    let bout = strength(
        0.0,
        MuscleGroup::Quadriceps,
        10,
        10,
        Intensity::Maximal,
        Contraction::Eccentric,
    );
    let cold = Event {
        at: 0.2,
        kind: EventKind::Cold(ColdTreatment {
            method: ColdMethod::ColdWaterImmersion,
            minutes: 12.0,
            temp_c: Some(12.0),
            muscles: MuscleGroup::ALL.to_vec(),
        }),
    };
    let mut control = sim(vec![bout.clone()], TrainingStatus::Untrained);
    let mut treated = sim(vec![bout, cold], TrainingStatus::Untrained);
    let (c, t) = (control.snapshot_at(48.0), treated.snapshot_at(48.0));
    let q = MuscleGroup::Quadriceps;
    assert!(t.muscle(q).soreness < 0.95 * c.muscle(q).soreness);
    let gain = t.muscle(q).force_pct - c.muscle(q).force_pct;
    assert!((0.0..3.0).contains(&gain), "force gain {gain}");
    let less_damage = c.muscle(q).damage - t.muscle(q).damage;
    assert!((0.0..0.03).contains(&less_damage), "damage {less_damage}");
}

#[test]
fn an_impulse_decays_as_the_time_constants_say() {
    // Fitness and fatigue from one session decay with τ = 42 d and 7 d (closed form).
    let bout = strength(
        0.0,
        MuscleGroup::Quadriceps,
        5,
        5,
        Intensity::Pct1rm(80.0),
        Contraction::Normal,
    );
    let mut s = sim(vec![bout], TrainingStatus::Trained);
    let f0 = s.snapshot_at(0.0).systemic;
    let f1 = s.snapshot_at(7.0 * 24.0).systemic;
    assert!((f1.fatigue / f0.fatigue - (-1.0f64).exp()).abs() < 1e-9);
    assert!((f1.fitness / f0.fitness - (-7.0f64 / 42.0).exp()).abs() < 1e-9);
}

#[test]
fn a_checkpoint_in_the_middle_of_sleep_and_a_run_resumes_exactly() {
    let events = vec![
        strength(
            0.0,
            MuscleGroup::Quadriceps,
            5,
            8,
            Intensity::Pct1rm(80.0),
            Contraction::Normal,
        ),
        run(2.0, 90.0, 70.0, 0.4),
        Event {
            at: 14.0,
            kind: EventKind::Sleep {
                hours: 8.0,
                quality: Some(4),
            },
        },
        Event {
            at: 0.25,
            kind: EventKind::Cold(ColdTreatment {
                method: ColdMethod::ColdWaterImmersion,
                minutes: 10.0,
                temp_c: None,
                muscles: vec![MuscleGroup::Quadriceps],
            }),
        },
    ];
    for at in [0.3, 2.5, 3.0, 17.0, 22.0] {
        let mut direct = sim(events.clone(), TrainingStatus::Trained);
        let mut first = sim(events.clone(), TrainingStatus::Trained);
        first.advance_to(at);
        let json = serde_json::to_string_pretty(&first.checkpoint()).unwrap();
        let checkpoint: Checkpoint = serde_json::from_str(&json).unwrap();
        // The checkpoint is at the last breakpoint at or before `at`.
        assert!(checkpoint.time() <= at && checkpoint.time() > at - 1.0);
        assert_eq!(checkpoint.version(), Checkpoint::VERSION);
        let mut resumed = Simulation::resume(
            athlete(TrainingStatus::Trained),
            Params::default(),
            events.clone(),
            checkpoint,
        );
        for t in [at, at + 0.1, at + 1.0, 30.0, 100.0] {
            assert_eq!(
                resumed.snapshot_at(t),
                direct.snapshot_at(t),
                "checkpoint {at}, query {t}"
            );
        }
    }
}
