use myo_catalogue::{modality_involvement, sport_involvement, MAX_GRADIENT_PCT};
use myo_model::{Involvement, Modality, MuscleGroup, Sport};

const Q: usize = MuscleGroup::Quadriceps.index();
const C: usize = MuscleGroup::Calves.index();

fn assert_in_range(what: &str, inv: &Involvement) {
    for m in MuscleGroup::ALL {
        let (s, e) = (inv.share[m.index()], inv.eccentric[m.index()]);
        assert!(
            s.is_finite() && (0.0..=1.0).contains(&s),
            "{what}: share[{m}] = {s}"
        );
        assert!(
            e.is_finite() && (0.0..=2.0).contains(&e),
            "{what}: eccentric[{m}] = {e}"
        );
    }
}

#[test]
fn all_values_finite_and_in_range() {
    let odd = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -50.0,
        0.0,
        12.5,
        100.0,
        250.0,
    ];
    for &sport in Sport::ALL {
        for &down in &odd {
            for &grad in &odd {
                assert_in_range(
                    &format!("{sport} {down} {grad}"),
                    &sport_involvement(sport, down, grad),
                );
            }
        }
    }
    for &modality in Modality::ALL {
        let inv = modality_involvement(modality);
        assert_in_range(&format!("{modality}"), &inv);
        assert!(inv.eccentric.iter().all(|&e| e == 0.0), "{modality}");
        assert!(inv.share.iter().any(|&s| s > 0.0), "{modality}");
    }
}

#[test]
fn downhill_raises_quadriceps_eccentric_monotonically() {
    for sport in [
        Sport::Run,
        Sport::Walk,
        Sport::Hike,
        Sport::Ski,
        Sport::Other,
    ] {
        let mut previous = -1.0;
        for share in (0..=100).step_by(10) {
            let q = sport_involvement(sport, share as f64, 10.0).eccentric[Q];
            assert!(q > previous, "{sport}: share {share}");
            previous = q;
        }
        let mut previous = -1.0;
        for gradient in 0..=40 {
            let q = sport_involvement(sport, 100.0, gradient as f64).eccentric[Q];
            assert!(q > previous, "{sport}: gradient {gradient}");
            previous = q;
        }
        // Saturates beyond the cap.
        let at_cap = sport_involvement(sport, 100.0, MAX_GRADIENT_PCT).eccentric[Q];
        assert_eq!(sport_involvement(sport, 100.0, 80.0).eccentric[Q], at_cap);
    }
}

#[test]
fn gradient_sign_is_ignored() {
    for &sport in Sport::ALL {
        for gradient in [3.0, 10.0, 27.0, 45.0] {
            assert_eq!(
                sport_involvement(sport, 60.0, gradient),
                sport_involvement(sport, 60.0, -gradient),
                "{sport} {gradient}"
            );
        }
    }
}

#[test]
fn anchor_values() {
    let level = sport_involvement(Sport::Run, 0.0, 0.0);
    assert!((level.eccentric[Q] - 0.3).abs() < 0.05);
    assert!((level.eccentric[C] - 0.3).abs() < 0.05);
    let down = sport_involvement(Sport::Run, 100.0, 10.0);
    assert!((down.eccentric[Q] - 1.0).abs() < 0.05);
    assert!((down.eccentric[C] - 0.6).abs() < 0.05);
    // Half the downhill share gives roughly half the extra.
    let half = sport_involvement(Sport::Run, 50.0, 10.0);
    assert!((half.eccentric[Q] - 0.65).abs() < 0.05);
    // Walking about half of running at the same gradient.
    let walk = sport_involvement(Sport::Walk, 100.0, 10.0);
    assert!(
        (0.35..=0.65).contains(&walk.eccentric[Q]),
        "{}",
        walk.eccentric[Q]
    );
    // Steep loaded downhill walking (Maeo 2017, -28%) reaches 1.2–1.5.
    let steep = sport_involvement(Sport::Hike, 100.0, -28.0);
    assert!(
        (1.2..=1.5).contains(&steep.eccentric[Q]),
        "{}",
        steep.eccentric[Q]
    );
}

#[test]
fn concentric_sports_have_no_eccentric_load_even_downhill() {
    for sport in [Sport::Cycle, Sport::Swim, Sport::Row] {
        let inv = sport_involvement(sport, 100.0, 15.0);
        assert!(inv.eccentric[Q] <= 0.05, "{sport}");
    }
    let cycle = sport_involvement(Sport::Cycle, 0.0, 0.0);
    assert_eq!(cycle.share[Q], 1.0);
    assert!((0.6..=0.8).contains(&cycle.share[MuscleGroup::Glutes.index()]));
}

#[test]
fn shares_match_the_sport() {
    let share = |sport, m: MuscleGroup| sport_involvement(sport, 0.0, 0.0).share[m.index()];
    use MuscleGroup::*;
    for m in [Quadriceps, Calves, Glutes, Hamstrings] {
        assert!(share(Sport::Run, m) >= 0.7, "run {m}");
    }
    for m in [Lats, Shoulders, Chest, Triceps, Abdominals] {
        assert!(share(Sport::Swim, m) >= 0.5, "swim {m}");
        assert!(share(Sport::Swim, m) > share(Sport::Run, m), "swim {m}");
    }
    for m in [Quadriceps, Lats, MiddleBack, Biceps, Forearms] {
        assert!(share(Sport::Row, m) >= 0.5, "row {m}");
    }
    let ski_groups = MuscleGroup::ALL
        .iter()
        .filter(|&&m| share(Sport::Ski, m) > 0.0)
        .count();
    assert!(ski_groups >= 15, "skiing is whole-body: {ski_groups}");
}

const TEAM_AND_RACKET: [Sport; 9] = [
    Sport::Soccer,
    Sport::Basketball,
    Sport::Handball,
    Sport::Rugby,
    Sport::Hockey,
    Sport::Volleyball,
    Sport::Tennis,
    Sport::Squash,
    Sport::Badminton,
];

#[test]
fn team_and_racket_sports_brake_like_level_running_and_ignore_terrain() {
    let run = sport_involvement(Sport::Run, 0.0, 0.0);
    for sport in TEAM_AND_RACKET {
        let level = sport_involvement(sport, 0.0, 0.0);
        assert_eq!(level.eccentric, run.eccentric, "{sport}");
        assert_eq!(sport_involvement(sport, 100.0, 20.0), level, "{sport}");
    }
}

#[test]
fn team_and_racket_sports_load_their_own_groups() {
    use MuscleGroup::*;
    let share = |sport, m: MuscleGroup| sport_involvement(sport, 0.0, 0.0).share[m.index()];
    for sport in TEAM_AND_RACKET {
        // Every one runs, jumps or lunges: the legs lead.
        assert!(share(sport, Quadriceps) >= 0.7, "{sport}");
        assert!(share(sport, Glutes) >= 0.6, "{sport}");
    }
    // Soccer's injuries sit in the four big lower-limb groups (Ekstrand 2011).
    for m in [Hamstrings, Adductors, Quadriceps, Calves] {
        assert!(share(Sport::Soccer, m) >= 0.7, "soccer {m}");
    }
    // Throwing, hitting and striking arms.
    for sport in [Sport::Handball, Sport::Volleyball, Sport::Tennis] {
        assert!(share(sport, Shoulders) >= 0.7, "{sport}");
        assert!(
            share(sport, Shoulders) > share(Sport::Run, Shoulders),
            "{sport}"
        );
    }
    for sport in [Sport::Tennis, Sport::Squash, Sport::Badminton] {
        assert!(share(sport, Forearms) >= 0.6, "{sport}: the racket's grip");
    }
    // Contact: rugby loads the neck and traps most.
    for sport in TEAM_AND_RACKET {
        if sport != Sport::Rugby {
            assert!(share(Sport::Rugby, Neck) > share(sport, Neck), "{sport}");
            assert!(share(Sport::Rugby, Traps) > share(sport, Traps), "{sport}");
        }
    }
}
