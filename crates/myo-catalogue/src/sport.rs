//! How endurance sports and active-recovery modalities load each muscle group.
//!
//! `share` (0..=1) is each group's relative involvement, prime movers near 1. The values are
//! judgements informed by EMG studies; EMG amplitude is not load, and it varies with
//! technique, intensity and normalisation, so read them as "large / moderate / small".
//! `eccentric` is the extra lengthening (braking) load per unit of time on a scale where level
//! running gives the quadriceps about 0.3 and running 100% downhill at 10% gradient about 1.0.
//!
//! Sources:
//! - Running: quadriceps, triceps surae, gluteals and hamstrings are the main active groups;
//!   the calf and knee extensors work in stretch-shortening cycles with an eccentric braking
//!   phase each step. Downhill running raises that braking work and damages knee extensors
//!   more than plantar flexors (Maeo et al. 2017, Sci Rep 7:5769: 45 min at −15%, knee
//!   extensor torque −14–17%, plantar flexors −6–8%). Typical damaging protocols run at
//!   −10 to −15% (Bontemps et al. 2020, Sports Med 50:2083, a narrative review).
//! - Downhill walking: 40 min at −28% with a 10%-body-mass pack at 5 km/h cost untrained men
//!   ~19% of knee-extensor strength with soreness ~8/10 (Maeo et al. 2017, PLoS One
//!   12:e0173909): steep loaded walking can damage as much as downhill running.
//! - Cycling is near-concentric; vastii and gluteus maximus lead the downstroke, with
//!   hamstrings and calves lesser (Hug & Dorel 2009, J Electromyogr Kinesiol 19:182).
//! - Rowing: legs drive, then trunk extensors, then the arms (latissimus, biceps, forearms);
//!   ergometer and on-water EMG (J Sports Sci 2014, 32:1127), hip and trunk EMG in elite
//!   rowers (Nowicky et al. 2005, J Sports Sci Med 4:18).
//! - Front-crawl swimming: latissimus dorsi, pectoralis major, deltoids and triceps carry the
//!   pull; the kick and trunk stabilise (Kwok et al. 2023, J Sports Sci Med 22:1, review).
//! - Cross-country skiing: double poling recruits latissimus, triceps, abdominals and hip
//!   extensors together with the legs (Holmberg et al. 2005); skating adds ab- and adductors.
//! - Team and racket sports (a match or a session of it) load the groups below; the engine adds
//!   their repeated sprints, decelerations, jumps and contacts at each sport's published rates
//!   (`myo_model` params, TEAM-ACTIONS in docs/evidence.md) to the running they hold.
//!   Soccer: 92% of muscle injuries in professional football hit hamstrings (37%), adductors
//!   (23%), quadriceps (19%) and calves (13%) (Ekstrand, Hägglund & Waldén 2011, Am J Sports
//!   Med 39:1226). Basketball: sprints, high-intensity shuffling and jumps (Stojanović et al.
//!   2018, Sports Med 48:111). Handball: jumps, sprints, changes of direction, duels and
//!   throws (Karcher & Buchheit 2014, Sports Med 44:797). Rugby union: running with
//!   tackles, rucks, mauls and scrums (Duthie, Pyne & Hooper 2003, Sports Med 33:973). Ice
//!   hockey (Cox et al. 1995, Sports Med 19:184) and field hockey (Boyle et al. 1994, J Sports
//!   Med Phys Fitness 34:235). Volleyball: spike and serve shoulder kinetics (Reeser et al.
//!   2010, Sports Health 2:368). Tennis (Kovacs 2007, Sports Med 37:189), squash (Girard et
//!   al. 2007, J Strength Cond Res 21:909), badminton (Phomsoupha & Laffaye 2015, Sports Med
//!   45:473). The shares are judgements from these descriptions, not measurements.

use myo_model::{Involvement, Modality, MuscleGroup, PerMuscle, Sport};

use MuscleGroup::*;

/// Steepest gradient that still adds load: beyond ~40% people no longer run or walk straight
/// down (they traverse, side-step or slide), so the effect saturates.
pub const MAX_GRADIENT_PCT: f64 = 40.0;

/// Extra eccentric quadriceps load from running 100% downhill, by |gradient| in percent,
/// linearly interpolated. Linear up to 10% (0.7, so level 0.3 + 0.7 = 1.0 at −10%), then
/// flattening: on steep slopes runners shorten their stride and slow down. A judgement shaped
/// by Maeo 2017 and Bontemps 2020 (more damage with steeper slopes, most protocols −10 to −20%).
const RUN_DOWNHILL_QUADS: [(f64, f64); 6] = [
    (0.0, 0.0),
    (5.0, 0.35),
    (10.0, 0.7),
    (20.0, 1.2),
    (30.0, 1.5),
    (40.0, 1.65),
];

/// The same for walking and hiking: half of running at gentle gradients (slower, no flight
/// phase), rising faster on steep slopes where each step drops the body further onto a bent
/// knee, so that −25 to −30% reaches ≈1.2–1.5 in total, matching the damage in Maeo 2017
/// (PLoS One, −28%). A judgement.
const WALK_DOWNHILL_QUADS: [(f64, f64); 6] = [
    (0.0, 0.0),
    (5.0, 0.15),
    (10.0, 0.35),
    (20.0, 0.9),
    (30.0, 1.35),
    (40.0, 1.6),
];

/// Downhill braking is shared: calves take ~0.43 of the quadriceps' extra (0.3 at −10% running,
/// so 0.3 + 0.3 = 0.6; Maeo 2017 found plantar-flexor damage about half the knee extensors'),
/// glutes a little (hip flexion on landing). Judgements.
const DOWNHILL_CALF_RATIO: f64 = 0.43;
const DOWNHILL_GLUTE_RATIO: f64 = 0.15;

/// How an endurance session loads each group. `downhill_pct` = share of time going downhill
/// (0..=100, clamped), `gradient_pct` = steepness of those parts (sign ignored, capped at
/// [`MAX_GRADIENT_PCT`]; NaN counts as level). Downhill running and walking/hiking add
/// eccentric load to quadriceps and calves (and a little glutes); cycling, swimming and rowing
/// are near-concentric and ignore the terrain. Every value is finite and within 0..=2.
pub fn sport_involvement(sport: Sport, downhill_pct: f64, gradient_pct: f64) -> Involvement {
    let downhill_share = if downhill_pct.is_nan() {
        0.0
    } else {
        downhill_pct.clamp(0.0, 100.0) / 100.0
    };
    let gradient = if gradient_pct.is_nan() {
        0.0
    } else {
        gradient_pct.abs().min(MAX_GRADIENT_PCT)
    };
    let (share, level_eccentric, downhill_quads) = match sport {
        Sport::Run => (
            per_muscle(&[
                (Quadriceps, 0.9),
                (Calves, 1.0),
                (Glutes, 0.8),
                (Hamstrings, 0.8),
                // Hip flexion (iliopsoas, rectus femoris) has no group of its own; the
                // abdominals and adductors stand in, lower.
                (Abdominals, 0.3),
                (Adductors, 0.4),
                (Abductors, 0.3), // gluteus medius stabilises the pelvis in stance
                (LowerBack, 0.2),
                (Shoulders, 0.1), // arm swing
            ]),
            run_level_eccentric(),
            interpolate(&RUN_DOWNHILL_QUADS, gradient),
        ),
        Sport::Walk => (
            walk_share(),
            per_muscle(&[
                (Quadriceps, 0.1),
                (Calves, 0.1),
                (Glutes, 0.05),
                (Hamstrings, 0.05),
            ]),
            interpolate(&WALK_DOWNHILL_QUADS, gradient),
        ),
        Sport::Hike => (
            // Rough ground, steps and a pack: more of everything than walking.
            per_muscle(&[
                (Quadriceps, 0.7),
                (Calves, 0.7),
                (Glutes, 0.7),
                (Hamstrings, 0.6),
                (Abdominals, 0.2),
                (Adductors, 0.3),
                (Abductors, 0.3),
                (LowerBack, 0.25),
                (Traps, 0.15), // pack straps
                (Shoulders, 0.1),
            ]),
            per_muscle(&[
                (Quadriceps, 0.12),
                (Calves, 0.12),
                (Glutes, 0.06),
                (Hamstrings, 0.05),
            ]),
            interpolate(&WALK_DOWNHILL_QUADS, gradient),
        ),
        Sport::Cycle => (cycle_share(), [0.0; 17], 0.0),
        Sport::Swim => (swim_share(), [0.0; 17], 0.0),
        Sport::Row => (
            per_muscle(&[
                (Quadriceps, 0.8),
                (Glutes, 0.6),
                (Hamstrings, 0.5),
                (Calves, 0.2),
                (Lats, 0.8),
                (MiddleBack, 0.8),
                (LowerBack, 0.5),
                (Biceps, 0.6),
                (Forearms, 0.6),  // grip on the handle
                (Shoulders, 0.5), // posterior deltoid in the finish
                (Traps, 0.4),
                (Abdominals, 0.4), // trunk flexion on the recovery, bracing on the drive
                (Triceps, 0.1),
                (Chest, 0.1),
            ]),
            // The recovery is unloaded; the drive is concentric.
            [0.0; 17],
            0.0,
        ),
        Sport::Ski => (
            // Cross-country: poling and leg push-off together.
            per_muscle(&[
                (Quadriceps, 0.8),
                (Glutes, 0.7),
                (Hamstrings, 0.5),
                (Calves, 0.5),
                (Lats, 0.8),
                (Triceps, 0.8),
                (Abdominals, 0.6),
                (Shoulders, 0.6),
                (Adductors, 0.4),
                (Abductors, 0.4),
                (LowerBack, 0.4),
                (MiddleBack, 0.4),
                (Chest, 0.3),
                (Forearms, 0.3),
                (Biceps, 0.2),
                (Traps, 0.2),
            ]),
            // Gliding strides have little braking.
            per_muscle(&[(Quadriceps, 0.1), (Calves, 0.05), (Glutes, 0.05)]),
            // Descents are skied in a crouch (quadriceps isometric to eccentric), not run:
            // half the running increment. A judgement.
            0.5 * interpolate(&RUN_DOWNHILL_QUADS, gradient),
        ),
        Sport::Other => (
            // Unknown activity: a moderate, generic lower-body load.
            per_muscle(&[
                (Quadriceps, 0.5),
                (Glutes, 0.5),
                (Calves, 0.5),
                (Hamstrings, 0.4),
                (Abdominals, 0.2),
                (Adductors, 0.2),
                (Abductors, 0.2),
                (LowerBack, 0.15),
            ]),
            per_muscle(&[(Quadriceps, 0.1), (Calves, 0.1)]),
            // Half of walking downhill: we do not know how it is done on a slope.
            0.5 * interpolate(&WALK_DOWNHILL_QUADS, gradient),
        ),
        // Team and racket sports: their own groups, running's braking for now (level
        // courts and pitches: the terrain is ignored). Their sprints, decelerations, jumps
        // and contact are not modelled yet.
        Sport::Soccer
        | Sport::Basketball
        | Sport::Handball
        | Sport::Rugby
        | Sport::Hockey
        | Sport::Volleyball
        | Sport::Tennis
        | Sport::Squash
        | Sport::Badminton => (team_share(sport), run_level_eccentric(), 0.0),
    };
    let mut eccentric = level_eccentric;
    let extra = downhill_share * downhill_quads;
    eccentric[Quadriceps.index()] += extra;
    eccentric[Calves.index()] += DOWNHILL_CALF_RATIO * extra;
    eccentric[Glutes.index()] += DOWNHILL_GLUTE_RATIO * extra;
    Involvement { share, eccentric }
}

/// Groups moved (for circulation) by an active-recovery modality; no eccentric load.
pub fn modality_involvement(modality: Modality) -> Involvement {
    let share = match modality {
        Modality::Walk => walk_share(),
        Modality::Cycle => cycle_share(),
        Modality::Swim => swim_share(),
        // Held poses and flows through most joints: moderate everywhere, most in the trunk,
        // hips and shoulders. A judgement.
        Modality::Yoga => per_muscle(&[
            (Abdominals, 0.5),
            (Hamstrings, 0.5),
            (Shoulders, 0.5),
            (Quadriceps, 0.4),
            (Glutes, 0.4),
            (LowerBack, 0.4),
            (Adductors, 0.4),
            (Abductors, 0.3),
            (Calves, 0.3),
            (Chest, 0.3),
            (Triceps, 0.3),
            (Lats, 0.3),
            (MiddleBack, 0.3),
            (Traps, 0.3),
            (Biceps, 0.2),
            (Forearms, 0.2),
            (Neck, 0.2),
        ]),
        // Joint circles and dynamic range-of-motion work: a little of everything.
        Modality::Mobility => {
            let mut share = [0.3; 17];
            share[Neck.index()] = 0.2;
            share[Forearms.index()] = 0.2;
            share
        }
    };
    Involvement {
        share,
        eccentric: [0.0; 17],
    }
}

/// Level running's lengthening load: knee extensors and calves brake each landing in
/// stretch-shortening cycles; hamstrings brake the swinging shank before contact.
fn run_level_eccentric() -> PerMuscle<f64> {
    per_muscle(&[
        (Quadriceps, 0.3),
        (Calves, 0.3),
        (Glutes, 0.1),
        (Hamstrings, 0.2),
    ])
}

/// The groups a team or racket sport uses (sources in the module's documentation); other
/// sports have none here.
fn team_share(sport: Sport) -> PerMuscle<f64> {
    per_muscle(match sport {
        // Sprints, cuts and kicks: the four big lower-limb groups carry 92% of muscle
        // injuries (hamstrings, adductors, quadriceps, calves; Ekstrand 2011).
        Sport::Soccer => &[
            (Quadriceps, 0.9),
            (Hamstrings, 0.9),
            (Calves, 0.8),
            (Glutes, 0.8),
            (Adductors, 0.7), // kicking and cutting
            (Abductors, 0.4),
            (Abdominals, 0.4),
            (LowerBack, 0.2),
            (Shoulders, 0.1),
            (Neck, 0.1), // heading
        ],
        // Sprints, high-intensity shuffling and jumps (Stojanović 2018); shooting.
        Sport::Basketball => &[
            (Quadriceps, 0.9),
            (Calves, 0.9),
            (Glutes, 0.8),
            (Hamstrings, 0.6),
            (Adductors, 0.5),
            (Abductors, 0.5), // lateral shuffling
            (Shoulders, 0.4),
            (Abdominals, 0.3),
            (Triceps, 0.3),
            (LowerBack, 0.2),
            (Forearms, 0.2),
            (Chest, 0.1),
        ],
        // Jumps, sprints, changes of direction, duels and throwing (Karcher & Buchheit 2014).
        Sport::Handball => &[
            (Quadriceps, 0.8),
            (Calves, 0.7),
            (Glutes, 0.7),
            (Shoulders, 0.7), // the throwing arm
            (Hamstrings, 0.6),
            (Adductors, 0.5),
            (Chest, 0.5),
            (Triceps, 0.5),
            (Abdominals, 0.5), // trunk rotation of the throw
            (Abductors, 0.4),
            (Lats, 0.4),
            (LowerBack, 0.3),
            (Forearms, 0.3),
            (MiddleBack, 0.2),
            (Traps, 0.2),
        ],
        // Running with tackles, rucks, mauls and scrums (Duthie 2003): the whole body, the
        // neck and shoulder girdle more than in any other sport here.
        Sport::Rugby => &[
            (Quadriceps, 0.8),
            (Glutes, 0.8),
            (Hamstrings, 0.7),
            (Calves, 0.6),
            (Shoulders, 0.6),
            (Traps, 0.6),
            (Chest, 0.5),
            (Neck, 0.5),
            (LowerBack, 0.5),
            (Adductors, 0.4),
            (MiddleBack, 0.4),
            (Abdominals, 0.4),
            (Abductors, 0.3),
            (Lats, 0.3),
            (Biceps, 0.3),
            (Triceps, 0.3),
            (Forearms, 0.3),
        ],
        // Ice (skating: hip and knee extensors, ab- and adductors; Cox 1995) or field (crouched
        // running; Boyle 1994): both hold a stick in a flexed trunk.
        Sport::Hockey => &[
            (Quadriceps, 0.9),
            (Glutes, 0.8),
            (Adductors, 0.6),
            (Abductors, 0.5),
            (Hamstrings, 0.5),
            (LowerBack, 0.5),
            (Calves, 0.4),
            (Abdominals, 0.4),
            (Forearms, 0.4),
            (Shoulders, 0.3),
            (Chest, 0.2),
            (Lats, 0.2),
            (Triceps, 0.2),
        ],
        // Jumps to block, spike and serve; the hitting shoulder bears the largest loads of the
        // arm (Reeser 2010).
        Sport::Volleyball => &[
            (Quadriceps, 0.8),
            (Calves, 0.8),
            (Shoulders, 0.8),
            (Glutes, 0.7),
            (Abdominals, 0.5),
            (Hamstrings, 0.4),
            (Lats, 0.4),
            (Chest, 0.4),
            (Triceps, 0.4),
            (LowerBack, 0.3),
            (Forearms, 0.3),
            (Adductors, 0.3),
            (Abductors, 0.3),
        ],
        // Short rallies of sprints, stops and strokes (Kovacs 2007): legs, trunk rotation,
        // the racket arm and its grip.
        Sport::Tennis => &[
            (Quadriceps, 0.7),
            (Calves, 0.7),
            (Shoulders, 0.7),
            (Forearms, 0.7),
            (Glutes, 0.6),
            (Hamstrings, 0.5),
            (Abdominals, 0.5),
            (Adductors, 0.4),
            (Abductors, 0.4),
            (Chest, 0.4),
            (Lats, 0.4),
            (LowerBack, 0.4),
            (Triceps, 0.3),
            (Biceps, 0.2),
            (MiddleBack, 0.2),
        ],
        // Lunges and rapid changes of direction; shoulder rotation, forearm pronation and wrist
        // flexion in the strokes (Girard 2007).
        Sport::Squash => &[
            (Quadriceps, 0.9),
            (Glutes, 0.8),
            (Calves, 0.6),
            (Forearms, 0.6),
            (Hamstrings, 0.5),
            (Adductors, 0.5),
            (Shoulders, 0.5),
            (Abdominals, 0.4),
            (LowerBack, 0.4),
            (Abductors, 0.3),
            (Chest, 0.3),
            (Lats, 0.3),
            (Triceps, 0.2),
        ],
        // Lunging, jumping and overhead strokes (Phomsoupha & Laffaye 2015).
        Sport::Badminton => &[
            (Quadriceps, 0.9),
            (Glutes, 0.7),
            (Calves, 0.7),
            (Shoulders, 0.6),
            (Forearms, 0.6),
            (Hamstrings, 0.5),
            (Adductors, 0.4),
            (Abdominals, 0.4),
            (Abductors, 0.3),
            (Chest, 0.3),
            (Lats, 0.3),
            (Triceps, 0.3),
            (LowerBack, 0.3),
        ],
        _ => &[],
    })
}

fn walk_share() -> PerMuscle<f64> {
    per_muscle(&[
        (Calves, 0.6),
        (Quadriceps, 0.5),
        (Glutes, 0.5),
        (Hamstrings, 0.5),
        (Adductors, 0.25),
        (Abductors, 0.25),
        (Abdominals, 0.15),
        (LowerBack, 0.1),
    ])
}

fn cycle_share() -> PerMuscle<f64> {
    per_muscle(&[
        (Quadriceps, 1.0),
        (Glutes, 0.7),
        (Calves, 0.4),
        (Hamstrings, 0.4),
        (Adductors, 0.2),
        (Abdominals, 0.15),
        (LowerBack, 0.15),
        (Forearms, 0.1), // holding the bars
        (Shoulders, 0.05),
        (Triceps, 0.05),
    ])
}

fn swim_share() -> PerMuscle<f64> {
    per_muscle(&[
        (Lats, 1.0),
        (Shoulders, 0.9),
        (Triceps, 0.7),
        (Chest, 0.6),
        (Abdominals, 0.5),
        (MiddleBack, 0.4),
        (Biceps, 0.3),
        (Forearms, 0.3),
        (Traps, 0.3),
        (LowerBack, 0.3),
        (Glutes, 0.3),
        (Quadriceps, 0.3), // flutter kick
        (Hamstrings, 0.2),
        (Calves, 0.2),
    ])
}

fn per_muscle(values: &[(MuscleGroup, f64)]) -> PerMuscle<f64> {
    let mut out = [0.0; 17];
    for &(m, v) in values {
        out[m.index()] = v;
    }
    out
}

/// Piecewise-linear interpolation over `(x, y)` knots sorted by x; flat outside them.
fn interpolate(knots: &[(f64, f64)], x: f64) -> f64 {
    let (first, last) = (knots[0], knots[knots.len() - 1]);
    if x <= first.0 {
        return first.1;
    }
    for pair in knots.windows(2) {
        let ((x0, y0), (x1, y1)) = (pair[0], pair[1]);
        if x <= x1 {
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
        }
    }
    last.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_hits_knots_and_midpoints() {
        assert_eq!(interpolate(&RUN_DOWNHILL_QUADS, 10.0), 0.7);
        assert!((interpolate(&RUN_DOWNHILL_QUADS, 15.0) - 0.95).abs() < 1e-12);
        assert_eq!(interpolate(&RUN_DOWNHILL_QUADS, 99.0), 1.65);
        assert_eq!(interpolate(&RUN_DOWNHILL_QUADS, -1.0), 0.0);
    }

    #[test]
    fn brief_anchor_values() {
        let q = Quadriceps.index();
        let c = Calves.index();
        let level = sport_involvement(Sport::Run, 0.0, 0.0);
        assert!((level.eccentric[q] - 0.3).abs() < 1e-9);
        assert!((level.eccentric[c] - 0.3).abs() < 1e-9);
        let down = sport_involvement(Sport::Run, 100.0, -10.0);
        assert!((down.eccentric[q] - 1.0).abs() < 1e-9);
        assert!((down.eccentric[c] - 0.6).abs() < 0.01);
        let walk = sport_involvement(Sport::Walk, 100.0, 10.0);
        assert!((walk.eccentric[q] / down.eccentric[q] - 0.5).abs() < 0.1);
        for gradient in [25.0, 30.0] {
            let steep = sport_involvement(Sport::Hike, 100.0, gradient).eccentric[q];
            assert!((1.2..=1.5).contains(&steep), "{gradient}%: {steep}");
        }
    }
}
