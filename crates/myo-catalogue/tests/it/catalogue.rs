use std::collections::HashSet;

use myo_catalogue::{catalogue, Category, Source, ALIASES};
use myo_model::muscle::normalise;
use myo_model::MuscleGroup;

/// `find(input)` gives `expect`: `Ok(name)` or `Err(suggestion)`.
#[track_caller]
fn check(input: &str, expect: Result<&str, Option<&str>>) {
    let got = catalogue()
        .find(input)
        .map(|e| e.name.as_str())
        .map_err(|e| e.suggestion.clone());
    let expect = expect.map_err(|s| s.map(str::to_string));
    assert_eq!(got, expect, "find({input:?})");
}

#[test]
fn size_upstream_plus_additions() {
    let c = catalogue();
    let upstream = c
        .iter()
        .filter(|e| e.source == Source::FreeExerciseDb)
        .count();
    let additions = c.iter().filter(|e| e.source == Source::Myo).count();
    assert_eq!(upstream, 873);
    assert!(additions >= 10, "{additions}");
    assert_eq!(c.len(), upstream + additions);
    assert!(!c.is_empty());
}

#[test]
fn every_exercise_is_well_formed() {
    for e in catalogue().iter() {
        assert!(!e.primary.is_empty(), "{}", e.name);
        assert!(
            e.secondary.iter().all(|m| !e.primary.contains(m)),
            "{}",
            e.name
        );
        assert!(
            e.one_rm_per_body_mass > 0.0 && e.one_rm_per_body_mass <= 5.0,
            "{}",
            e.name
        );
        assert!((0.0..=1.0).contains(&e.eccentric_bias), "{}", e.name);
        let loading = e.loading();
        assert_eq!(
            loading.len(),
            e.primary.len() + e.secondary.len(),
            "{}",
            e.name
        );
        assert!(
            loading.iter().all(|&(_, s)| s > 0.0 && s <= 1.0),
            "{}",
            e.name
        );
        let groups: HashSet<_> = loading.iter().map(|(m, _)| *m).collect();
        assert_eq!(groups.len(), loading.len(), "{}: a group twice", e.name);
    }
}

#[test]
fn every_group_is_a_primary_somewhere() {
    let primaries: HashSet<MuscleGroup> =
        catalogue().iter().flat_map(|e| e.primary.clone()).collect();
    for m in MuscleGroup::ALL {
        assert!(primaries.contains(&m), "{m} is never primary");
    }
}

#[test]
fn names_are_unique_after_normalisation() {
    let mut seen = HashSet::new();
    for e in catalogue().iter() {
        assert!(seen.insert(normalise(&e.name)), "duplicate {}", e.name);
    }
}

#[test]
fn lookups_ignore_case_and_punctuation() {
    check("Barbell Squat", Ok("Barbell Squat"));
    check("barbell squat", Ok("Barbell Squat"));
    check("BARBELL-SQUAT", Ok("Barbell Squat"));
    check("  barbell_squat ", Ok("Barbell Squat"));
    check("farmers walk", Ok("Farmer's Walk"));
    check("romanian dead-lift", Ok("Romanian Deadlift"));
    check(
        "barbell bench press medium grip",
        Ok("Barbell Bench Press - Medium Grip"),
    );
}

#[test]
fn plural_endings_are_ignored() {
    check("lying leg curl", Ok("Lying Leg Curls"));
    check("Dumbbell Lunge", Ok("Dumbbell Lunges"));
    check("pushup", Ok("Pushups"));
    check("leg extension", Ok("Leg Extensions"));
}

#[test]
fn aliases_resolve() {
    check("back squat", Ok("Barbell Squat"));
    check("bench press", Ok("Barbell Bench Press - Medium Grip"));
    check("deadlift", Ok("Barbell Deadlift"));
    check("pull-up", Ok("Pullups"));
    check("Pull Up", Ok("Pullups"));
    check("nordic curl", Ok("Nordic Hamstring Curl"));
    check("RDL", Ok("Romanian Deadlift"));
    check("OHP", Ok("Standing Military Press"));
    check("hip thrust", Ok("Barbell Hip Thrust"));
    check("farmer's carry", Ok("Farmer's Walk"));
    check("hex-bar deadlift", Ok("Trap Bar Deadlift"));
    check("copenhagen plank", Ok("Copenhagen Adduction"));
}

#[test]
fn every_alias_target_exists() {
    for (alias, target) in ALIASES {
        let found = catalogue()
            .find(alias)
            .unwrap_or_else(|e| panic!("{alias}: {e}"));
        // A real name equal to the alias wins, so only check aliases that are not names.
        if catalogue()
            .iter()
            .all(|e| normalise(&e.name) != normalise(alias))
        {
            assert_eq!(found.name, *target, "alias {alias}");
        }
    }
}

#[test]
fn typos_suggest_the_right_name() {
    check("barbel squat", Err(Some("Barbell Squat")));
    check("Romainan Deadlift", Err(Some("Romanian Deadlift")));
    check("squat barbell", Err(Some("Barbell Squat")));
    check(
        "nordic hamstring curls x",
        Err(Some("Nordic Hamstring Curl")),
    );
    check("bench pres", Err(Some("Barbell Bench Press - Medium Grip")));
}

#[test]
fn gibberish_gets_no_suggestion() {
    check("xyzzy", Err(None));
    check("qwertyuiop asdf", Err(None));
    check("", Err(None));
    check("---", Err(None));
    let err = catalogue().find("xyzzy").unwrap_err();
    assert_eq!(err.to_string(), "\"xyzzy\"");
}

#[test]
fn requested_additions_are_present_and_marked() {
    for name in [
        "Nordic Hamstring Curl",
        "Bulgarian Split Squat",
        "Copenhagen Adduction",
        "Kettlebell Swing",
    ] {
        let e = catalogue().find(name).unwrap();
        assert_eq!(e.source, Source::Myo, "{name}");
    }
    // Already upstream, so not duplicated.
    for name in [
        "Barbell Hip Thrust",
        "Trap Bar Deadlift",
        "Pallof Press",
        "Farmer's Walk",
        "Sled Push",
    ] {
        assert_eq!(
            catalogue().find(name).unwrap().source,
            Source::FreeExerciseDb,
            "{name}"
        );
    }
    let nordic = catalogue().find("nordic").unwrap();
    assert_eq!(nordic.primary, [MuscleGroup::Hamstrings]);
    assert_eq!(nordic.eccentric_bias, 1.0);
    assert!(nordic.is_bodyweight());
}

#[test]
fn main_lift_estimates() {
    let rm = |name: &str| catalogue().find(name).unwrap().one_rm_per_body_mass;
    assert_eq!(rm("back squat"), 1.5);
    assert_eq!(rm("bench press"), 1.1);
    assert_eq!(rm("deadlift"), 1.8);
    assert_eq!(rm("overhead press"), 0.7);
    assert_eq!(rm("dumbbell curl"), 0.4);
    assert_eq!(rm("push-up"), 0.65);
    let ecc = |name: &str| catalogue().find(name).unwrap().eccentric_bias;
    assert_eq!(ecc("sled push"), 0.0);
    assert_eq!(ecc("back squat"), 0.5);
    assert!(ecc("depth jump") > 0.9);
    assert!(ecc("plank") < 0.1);
    assert!(ecc("bicycling") < 0.05);
}

#[test]
fn categories_are_all_represented() {
    let seen: HashSet<Category> = catalogue().iter().map(|e| e.category).collect();
    assert_eq!(seen.len(), 7);
}
