//! Estimates the upstream catalogue lacks: a typical 1RM relative to body mass, and how
//! eccentric an exercise's normal execution is.
//!
//! Evidence level: **low**. Strength standards vary widely with training age, body mass and
//! technique; the 1RM numbers are round figures for a recreationally trained man (a year or
//! two of regular lifting), in line with commonly published strength-standard tables (back
//! squat ≈1.25–1.5 × body mass, bench press ≈1.0–1.2, deadlift ≈1.5–2.0, overhead press
//! ≈0.65–0.75). Use them only when the athlete's own 1RM is unknown. The eccentric biases are
//! judgements from how each movement is normally performed.
//!
//! The derivation is: a named override if there is one, else a category rule, else a base by
//! the prime mover (a barbell-equivalent value), times a factor for the equipment.

use myo_model::MuscleGroup;

use crate::exercise::{Category, Exercise, Force, Mechanic};

/// Named values for the main lifts and for entries the rules get wrong. `None` keeps the
/// derived value. Every name must exist in the catalogue (a test checks).
pub(crate) const OVERRIDES: &[(&str, Option<f64>, Option<f64>)] = &[
    // (name, one_rm_per_body_mass, eccentric_bias)
    // Squat pattern. Back squat ≈1.5 (brief; strength standards); front squat ≈80% of back.
    ("Barbell Squat", Some(1.5), None),
    ("Barbell Full Squat", Some(1.45), None),
    ("Smith Machine Squat", Some(1.5), None),
    // A pause on the box removes most of the stretch-shortening rebound.
    ("Box Squat", Some(1.5), Some(0.4)),
    ("Front Barbell Squat", Some(1.2), None),
    ("Front Squat (Clean Grip)", Some(1.2), None),
    ("Hack Squat", Some(1.5), None),
    // Sled leg presses move 2–3 × body mass in recreational lifters (short range, supported).
    ("Leg Press", Some(2.5), None),
    ("Barbell Lunge", Some(0.9), None),
    // Bench press ≈1.1; incline and dumbbell variants lower (dumbbells: both together).
    ("Barbell Bench Press - Medium Grip", Some(1.1), None),
    ("Bench Press - Powerlifting", Some(1.15), None),
    ("Wide-Grip Barbell Bench Press", Some(1.05), None),
    ("Close-Grip Barbell Bench Press", Some(1.0), None),
    (
        "Barbell Incline Bench Press - Medium Grip",
        Some(0.95),
        None,
    ),
    ("Decline Barbell Bench Press", Some(1.15), None),
    ("Dumbbell Bench Press", Some(0.9), None),
    // Deadlifts ≈1.8. Each rep starts concentrically from the floor and the lowering is
    // usually quick, so less eccentric than a squat.
    ("Barbell Deadlift", Some(1.8), Some(0.4)),
    ("Sumo Deadlift", Some(1.8), Some(0.4)),
    ("Trap Bar Deadlift", Some(1.9), Some(0.4)),
    // Romanian and stiff-legged deadlifts start at the top with a slow loaded lowering to long
    // hamstring length: more eccentric.
    ("Romanian Deadlift", Some(1.3), Some(0.6)),
    ("Stiff-Legged Barbell Deadlift", Some(1.2), Some(0.6)),
    ("Good Morning", Some(0.8), Some(0.55)),
    // Listed with the lower back as prime mover, but loaded like good mornings, not deadlifts.
    ("Stiff Leg Barbell Good Morning", Some(0.7), Some(0.55)),
    ("Seated Good Mornings", Some(0.6), None),
    // Overhead press ≈0.7; the push press uses the legs.
    ("Standing Military Press", Some(0.7), None),
    ("Barbell Shoulder Press", Some(0.7), None),
    ("Seated Barbell Military Press", Some(0.7), None),
    ("Dumbbell Shoulder Press", Some(0.6), None),
    ("Push Press", Some(0.9), None),
    // Curls ≈0.4 (dumbbells: both together).
    ("Barbell Curl", Some(0.45), None),
    ("EZ-Bar Curl", Some(0.45), None),
    ("Dumbbell Bicep Curl", Some(0.4), None),
    ("Hammer Curls", Some(0.4), None),
    ("Preacher Curl", Some(0.35), None),
    // Bodyweight: the fraction of body mass moved. Push-ups ≈64% of body mass at the hands
    // (Ebben et al. 2011, J Strength Cond Res 25:2891), more with feet raised, less inclined.
    ("Pushups", Some(0.65), None),
    ("Push-Ups With Feet Elevated", Some(0.72), None),
    ("Incline Push-Up", Some(0.55), None),
    ("Pullups", Some(1.0), None),
    ("Chin-Up", Some(1.0), None),
    ("Parallel Bar Dip", Some(0.95), None),
    ("Dips - Triceps Version", Some(0.95), None),
    ("Dips - Chest Version", Some(0.95), None),
    ("Bench Dips", Some(0.6), None),
    ("Inverted Row", Some(0.6), None),
    // Rows and pulldowns: recreational men row or pull down about their body mass.
    ("Bent Over Barbell Row", Some(0.9), None),
    ("Seated Cable Rows", Some(0.9), None),
    ("Wide-Grip Lat Pulldown", Some(0.95), None),
    ("One-Arm Dumbbell Row", Some(0.4), None),
    // Hip thrusts and bridges are loaded heavier than squats; short range, less stretch.
    ("Barbell Hip Thrust", Some(2.0), Some(0.4)),
    ("Barbell Glute Bridge", Some(1.8), Some(0.4)),
    ("Barbell Shrug", Some(1.6), None),
    ("Leg Extensions", Some(0.9), None),
    ("Lying Leg Curls", Some(0.6), None),
    ("Seated Leg Curl", Some(0.6), None),
    ("Standing Calf Raises", Some(1.5), None),
    ("Seated Calf Raise", Some(0.9), None),
    // The glute-ham raise is mostly bodyweight even on the machine, and its lowering is the
    // hard part (close to a Nordic curl without the partner).
    ("Glute Ham Raise", Some(0.7), Some(0.7)),
    ("Natural Glute Ham Raise", Some(0.7), Some(0.85)),
    ("Weighted Sissy Squat", None, Some(0.7)),
    // Strongman: carries are walking (little eccentric work), sled work is concentric only.
    ("Farmer's Walk", Some(1.2), Some(0.1)),
    ("Sled Push", Some(1.5), Some(0.0)),
    ("Sled Drag - Harness", Some(1.0), Some(0.0)),
    ("Prowler Sprint", Some(1.0), Some(0.0)),
    // Olympic lifts: the bar is caught or dropped, not lowered under control.
    ("Power Clean", Some(1.0), None),
    ("Clean", Some(1.05), None),
    ("Hang Clean", Some(0.95), None),
    ("Clean and Jerk", Some(1.0), None),
    ("Snatch", Some(0.8), None),
    ("Power Snatch", Some(0.75), None),
    ("Hang Snatch", Some(0.7), None),
    ("Split Jerk", Some(1.05), None),
    ("One-Arm Kettlebell Swings", Some(0.35), Some(0.4)),
    // Anti-rotation: an isometric hold of the trunk while the arms press.
    ("Pallof Press", None, Some(0.1)),
    // Cardio machines and drills: running has stretch-shortening cycles with an eccentric
    // braking phase each step; cycling, elliptical and rowing are near-concentric.
    ("Running, Treadmill", None, Some(0.4)),
    ("Jogging, Treadmill", None, Some(0.35)),
    ("Trail Running/Walking", None, Some(0.4)),
    ("Walking, Treadmill", None, Some(0.1)),
    ("Bicycling", None, Some(0.02)),
    ("Bicycling, Stationary", None, Some(0.02)),
    ("Recumbent Bike", None, Some(0.02)),
    ("Elliptical Trainer", None, Some(0.05)),
    ("Rowing, Stationary", None, Some(0.05)),
    ("Stairmaster", None, Some(0.1)),
    ("Step Mill", None, Some(0.1)),
    ("Rope Jumping", None, Some(0.5)),
    // Plyometrics: a drop landing is the most eccentric; jumping onto a box the least.
    ("Depth Jump Leap", None, Some(0.95)),
    ("Box Jump (Multiple Response)", None, Some(0.6)),
    ("Front Box Jump", None, Some(0.5)),
];

/// A nominal value for exercises without a meaningful 1RM (stretches, medicine-ball throws):
/// keeps the arithmetic finite; the model should not rely on it.
const NOMINAL_ONE_RM: f64 = 1.0;

fn override_for(name: &str) -> Option<(Option<f64>, Option<f64>)> {
    OVERRIDES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|&(_, one_rm, ecc)| (one_rm, ecc))
}

/// See the module documentation.
pub(crate) fn one_rm_per_body_mass(e: &Exercise) -> f64 {
    if let Some((Some(value), _)) = override_for(&e.name) {
        return value;
    }
    let equipment = e.equipment.as_deref();
    match (e.category, equipment) {
        (Category::Stretching, _) | (_, Some("foam roll")) => return NOMINAL_ONE_RM,
        // A heavy medicine ball is ~10 kg (~0.13 of body mass); a "1RM" is not measured.
        (_, Some("medicine ball")) => return 0.2,
        // Running, jumping and cardio machines move the whole body.
        (Category::Cardio | Category::Plyometrics, _) => return 1.0,
        _ => {}
    }
    // No equipment or a Swiss ball: the body is the load.
    if matches!(equipment, None | Some("body only") | Some("exercise ball")) {
        return max_over_primaries(e, bodyweight_fraction);
    }
    let base = match e.category {
        // Clean, snatch and jerk variants: about 0.75–1.05 × body mass for recreational lifters.
        Category::OlympicWeightlifting => 0.85,
        // Stones, yokes, tyres, logs: heavy implements moved for a short distance.
        Category::Strongman => 1.0,
        _ if e.mechanic == Some(Mechanic::Isolation) => max_over_primaries(e, isolation_base),
        _ => max_over_primaries(e, compound_base),
    };
    round2(base * equipment_factor(equipment))
}

/// See the module documentation.
pub(crate) fn eccentric_bias(e: &Exercise) -> f64 {
    if let Some((_, Some(value))) = override_for(&e.name) {
        return value;
    }
    match e.category {
        // Held, passive lengthening: no loaded eccentric contraction.
        Category::Stretching => 0.05,
        // Landings absorb the body's momentum: high eccentric demand.
        Category::Plyometrics => 0.75,
        // Caught or dropped bars.
        Category::OlympicWeightlifting => 0.25,
        // Carries, pushes, pulls of implements; lowering is rarely controlled.
        Category::Strongman => 0.2,
        // Cardio not named above: mixed; treat like easy running.
        Category::Cardio => 0.3,
        Category::Strength | Category::Powerlifting => match e.force {
            // Isometric holds (planks, wall-sits, neck holds).
            Some(Force::Static) => 0.05,
            // Controlled lowering then lifting: about half the work is eccentric.
            _ => 0.5,
        },
    }
}

fn max_over_primaries(e: &Exercise, base: fn(MuscleGroup) -> f64) -> f64 {
    e.primary.iter().map(|&m| base(m)).fold(0.0, f64::max)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Barbell-equivalent 1RM of a multi-joint lift led by `m` (squats, hinges, presses, rows).
fn compound_base(m: MuscleGroup) -> f64 {
    use MuscleGroup::*;
    match m {
        Quadriceps => 1.2,        // squat variants below the back squat, lunges
        Hamstrings => 1.1,        // Romanian deadlifts, good mornings, pulls
        Glutes => 1.5,            // hip thrusts and bridges, loaded heavily
        LowerBack => 1.5,         // deadlift variants
        Adductors => 1.0,         // wide-stance squats and pulls
        Abductors => 0.6,         // banded or lateral work
        Calves => 1.3,            // standing calf raises
        Chest => 0.95,            // bench variants
        Shoulders => 0.6,         // overhead presses
        Triceps => 0.85,          // close-grip and board presses
        Lats | MiddleBack => 0.8, // rows and pulldowns
        Traps => 1.2,             // shrugs, high pulls
        Biceps | Forearms => 0.5, // heavy curls, grip work
        Abdominals => 0.4,        // loaded sit-ups, rollouts
        Neck => 0.2,              // harness work
    }
}

/// Barbell-equivalent 1RM of a single-joint exercise led by `m` (curls, extensions, raises).
fn isolation_base(m: MuscleGroup) -> f64 {
    use MuscleGroup::*;
    match m {
        Quadriceps => 0.8,        // leg extensions
        Hamstrings => 0.5,        // leg curls
        Glutes => 0.8,            // kickbacks, bridges
        LowerBack => 0.5,         // back extensions with load
        Adductors => 0.8,         // adduction machine
        Abductors => 0.7,         // abduction machine
        Calves => 1.3,            // calf raises
        Chest => 0.35,            // flyes
        Shoulders => 0.25,        // lateral and front raises
        Triceps => 0.4,           // extensions, pushdowns
        Lats => 0.4,              // pullovers, straight-arm pulldowns
        MiddleBack => 0.5,        // reverse flyes, scapular rows
        Traps => 1.3,             // shrugs
        Biceps | Forearms => 0.4, // curls, wrist curls
        Abdominals => 0.3,        // cable crunches
        Neck => 0.15,             // plate neck work
    }
}

/// Fraction of body mass moved by a bodyweight exercise led by `m`.
fn bodyweight_fraction(m: MuscleGroup) -> f64 {
    use MuscleGroup::*;
    match m {
        Chest => 0.65,                // push-ups (Ebben et al. 2011)
        Triceps => 0.8,               // dips ≈0.95, bench dips ≈0.6
        Shoulders => 0.7,             // pike and handstand push-ups
        Lats | Biceps => 0.95,        // pull-ups, chin-ups (hands and forearms stay put)
        MiddleBack => 0.6,            // inverted rows, feet on the floor
        Forearms => 1.0,              // hangs
        Traps => 0.6,                 // scapular work in hangs and planks
        Quadriceps => 0.85,           // squats and lunges: the body above the knees
        Hamstrings | Glutes => 0.65,  // bridges, glute-ham raises: hips and trunk
        Calves => 1.0,                // calf raises lift the whole body
        LowerBack => 0.5,             // back extensions: the upper body
        Abdominals => 0.4,            // curl-ups and leg raises: trunk or legs
        Adductors | Abductors => 0.2, // side-lying leg raises: one leg ≈0.17
        Neck => 0.08,                 // the head ≈7% of body mass
    }
}

/// Loads relative to a barbell for the same movement: dumbbells and kettlebells need more
/// stabilising (dumbbell bench ≈80% of barbell bench, summed), cables lose some to pulleys,
/// bands are hard to quantify.
fn equipment_factor(equipment: Option<&str>) -> f64 {
    match equipment {
        Some("barbell" | "e-z curl bar" | "machine") => 1.0,
        Some("other") => 0.9,
        Some("dumbbell" | "cable") => 0.8,
        Some("kettlebells") => 0.6,
        Some("bands") => 0.5,
        _ => 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_override_names_a_catalogue_entry() {
        let names: std::collections::HashSet<&str> =
            crate::catalogue().iter().map(|e| e.name.as_str()).collect();
        for (name, one_rm, ecc) in OVERRIDES {
            assert!(
                names.contains(name),
                "override for unknown exercise {name:?}"
            );
            assert!(one_rm.is_some() || ecc.is_some(), "{name}: empty override");
        }
    }

    #[test]
    fn overrides_are_applied() {
        let find = |name| crate::catalogue().find(name).unwrap();
        assert_eq!(find("Barbell Deadlift").eccentric_bias, 0.4);
        assert_eq!(find("Leg Press").one_rm_per_body_mass, 2.5);
        // Derived: a barbell isolation curl-like movement led by the triceps.
        let skull = find("EZ-Bar Skullcrusher");
        assert_eq!(skull.one_rm_per_body_mass, 0.4);
        assert_eq!(skull.eccentric_bias, 0.5);
    }
}
