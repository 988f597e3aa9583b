//! One catalogue entry and its facts, parsed from the embedded tab-separated data.

use myo_model::MuscleGroup;

use crate::estimates;

/// Whether the movement pushes, pulls or holds (free-exercise-db's `force`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Force {
    Push,
    Pull,
    Static,
}

/// Multi-joint or single-joint (free-exercise-db's `mechanic`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mechanic {
    Compound,
    Isolation,
}

/// free-exercise-db's `category`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    Strength,
    Powerlifting,
    OlympicWeightlifting,
    Strongman,
    Plyometrics,
    Stretching,
    Cardio,
}

/// Experience the exercise asks for (free-exercise-db's `level`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Beginner,
    Intermediate,
    Expert,
}

/// Where an entry comes from, so users and docs can tell upstream facts from our additions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// free-exercise-db (Unlicense), see `data/PROVENANCE.md`.
    FreeExerciseDb,
    /// Hand-written by myo in `data/additions.tsv`.
    Myo,
}

macro_rules! text_names {
    ($ty:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            /// The catalogue's lower-case name.
            pub const fn name(self) -> &'static str {
                match self { $($ty::$variant => $text),+ }
            }

            fn parse(text: &str) -> Option<$ty> {
                match text { $($text => Some($ty::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

text_names!(Force { Push => "push", Pull => "pull", Static => "static" });
text_names!(Mechanic { Compound => "compound", Isolation => "isolation" });
text_names!(Level { Beginner => "beginner", Intermediate => "intermediate", Expert => "expert" });
text_names!(Category {
    Strength => "strength",
    Powerlifting => "powerlifting",
    OlympicWeightlifting => "olympic weightlifting",
    Strongman => "strongman",
    Plyometrics => "plyometrics",
    Stretching => "stretching",
    Cardio => "cardio",
});

/// An exercise: which groups it loads and how, plus the estimates the model needs to turn a
/// logged set into per-group load.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    /// Display name as in the catalogue.
    pub name: String,
    /// Prime movers; never empty.
    pub primary: Vec<MuscleGroup>,
    /// Synergists and stabilisers; never repeats a primary.
    pub secondary: Vec<MuscleGroup>,
    pub force: Option<Force>,
    pub mechanic: Option<Mechanic>,
    /// free-exercise-db's equipment word ("barbell", "body only", "kettlebells", ...).
    pub equipment: Option<String>,
    pub category: Category,
    pub level: Option<Level>,
    /// Typical one-repetition maximum as a multiple of body mass for a recreationally trained
    /// man; used to turn an absolute `load_kg` into %1RM when the athlete's 1RM is unknown.
    /// `load_kg` means the total external load (both dumbbells together). For bodyweight
    /// exercises ([`Exercise::is_bodyweight`]) it is the fraction of body mass moved. Always
    /// positive. Rough estimates: see `estimates.rs`.
    pub one_rm_per_body_mass: f64,
    /// Eccentric emphasis of the normal execution, 0..=1 (Nordic hamstring curl ~1.0,
    /// plyometric landings high, concentric-only sled push ~0, standard barbell lifts ~0.5).
    pub eccentric_bias: f64,
    pub source: Source,
}

/// Share of the mechanical load a secondary group takes in a multi-joint lift. Synergists in
/// squats, presses and rows typically show roughly 30–60% of the prime movers' normalised EMG
/// (e.g. triceps and anterior deltoid in the bench press); 0.5 is the middle. A judgement.
pub const SECONDARY_SHARE_COMPOUND: f64 = 0.5;

/// Share for secondaries of a single-joint exercise: they mostly stabilise (forearms in a
/// curl, glutes in a machine adduction), so they take less. A judgement.
pub const SECONDARY_SHARE_ISOLATION: f64 = 0.35;

/// Name words that mark a ballistic lift (see [`Exercise::is_explosive`]).
pub const EXPLOSIVE_WORDS: &[&str] = &[
    "jump", "jumps", "hop", "hops", "bound", "leap", "throw", "slam", "plyo", "clean", "snatch",
    "jerk",
];

/// Name words that mark the slow variant of an Olympic-lift name (pulls from the floor at
/// deadlift speed, shrugs, a squat with a clean grip).
pub const SLOW_WORDS: &[&str] = &["deadlift", "shrug", "grip"];

impl Exercise {
    /// Share of the exercise's mechanical load on each group: primaries 1.0, secondaries
    /// [`SECONDARY_SHARE_COMPOUND`] or [`SECONDARY_SHARE_ISOLATION`], so the model can scale
    /// damage and fatigue per group. Primaries first, each group once.
    pub fn loading(&self) -> Vec<(MuscleGroup, f64)> {
        let secondary_share = match self.mechanic {
            Some(Mechanic::Isolation) => SECONDARY_SHARE_ISOLATION,
            // Unknown mechanic: most such entries are whole-body cardio or plyometrics.
            Some(Mechanic::Compound) | None => SECONDARY_SHARE_COMPOUND,
        };
        let primary = self.primary.iter().map(|&m| (m, 1.0));
        let secondary = self.secondary.iter().map(|&m| (m, secondary_share));
        primary.chain(secondary).collect()
    }

    /// True when the athlete's own body is the load ("body only" equipment), in which case
    /// [`Exercise::one_rm_per_body_mass`] is the fraction of body mass moved.
    pub fn is_bodyweight(&self) -> bool {
        self.equipment.as_deref() == Some("body only")
    }

    /// True for ballistic, maximal-intent work: jumps, bounds, throws and the Olympic lifts,
    /// where every repetition is driven as fast as possible whatever the load. The rule, from
    /// the catalogue's facts: category `plyometrics` (except `static` holds such as "Isometric
    /// Chest Squeezes"), or, in the lifting categories (strength, powerlifting, Olympic
    /// weightlifting, strongman), a name with one of the words [`EXPLOSIVE_WORDS`] and none of
    /// [`SLOW_WORDS`] (a clean deadlift or a clean-grip front squat is not ballistic). Stretching
    /// and cardio entries never are ("Frog Hops", "Jumping Jacks", "Rope Jumping").
    pub fn is_explosive(&self) -> bool {
        match self.category {
            Category::Plyometrics => self.force != Some(Force::Static),
            Category::Stretching | Category::Cardio => false,
            Category::Strength
            | Category::Powerlifting
            | Category::OlympicWeightlifting
            | Category::Strongman => {
                let words: Vec<String> = self
                    .name
                    .split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_ascii_lowercase)
                    .collect();
                let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
                has(EXPLOSIVE_WORDS) && !has(SLOW_WORDS)
            }
        }
    }
}

/// Parses the embedded TSV: `name primary secondary force mechanic equipment category level
/// [one_rm_per_body_mass eccentric_bias]`; `#` starts a comment line. Errors name the line.
pub(crate) fn parse_tsv(text: &str, source: Source) -> Result<Vec<Exercise>, String> {
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |msg: String| format!("line {line_no}: {msg}");
        let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
        if cols.len() != 8 && cols.len() != 10 {
            return Err(at(format!("expected 8 or 10 columns, got {}", cols.len())));
        }
        let name = cols[0].to_string();
        if name.is_empty() {
            return Err(at("empty name".into()));
        }
        let primary = muscles(cols[1]).map_err(at)?;
        if primary.is_empty() {
            return Err(at(format!("{name}: no primary muscle")));
        }
        let secondary: Vec<_> = muscles(cols[2])
            .map_err(at)?
            .into_iter()
            .filter(|m| !primary.contains(m))
            .collect();
        let optional = |text: &str| (!text.is_empty()).then(|| text.to_string());
        let force = parse_opt(cols[3], Force::parse, "force").map_err(at)?;
        let mechanic = parse_opt(cols[4], Mechanic::parse, "mechanic").map_err(at)?;
        let equipment = optional(cols[5]);
        let category = Category::parse(cols[6])
            .ok_or_else(|| at(format!("unknown category {:?}", cols[6])))?;
        let level = parse_opt(cols[7], Level::parse, "level").map_err(at)?;
        let mut exercise = Exercise {
            name,
            primary,
            secondary,
            force,
            mechanic,
            equipment,
            category,
            level,
            one_rm_per_body_mass: 0.0,
            eccentric_bias: 0.0,
            source,
        };
        if cols.len() == 10 {
            exercise.one_rm_per_body_mass = number(cols[8], "one_rm_per_body_mass").map_err(at)?;
            exercise.eccentric_bias = number(cols[9], "eccentric_bias").map_err(at)?;
        } else {
            exercise.one_rm_per_body_mass = estimates::one_rm_per_body_mass(&exercise);
            exercise.eccentric_bias = estimates::eccentric_bias(&exercise);
        }
        if !(exercise.one_rm_per_body_mass > 0.0 && exercise.one_rm_per_body_mass <= 5.0) {
            return Err(at("one_rm_per_body_mass must be in (0, 5]".into()));
        }
        if !(0.0..=1.0).contains(&exercise.eccentric_bias) {
            return Err(at("eccentric_bias must be in 0..=1".into()));
        }
        out.push(exercise);
    }
    Ok(out)
}

fn muscles(text: &str) -> Result<Vec<MuscleGroup>, String> {
    let mut out = Vec::new();
    for name in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let m = MuscleGroup::parse(name).map_err(|e| format!("unknown muscle group {e}"))?;
        if !out.contains(&m) {
            out.push(m);
        }
    }
    Ok(out)
}

fn parse_opt<T>(
    text: &str,
    parse: fn(&str) -> Option<T>,
    field: &str,
) -> Result<Option<T>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    parse(text)
        .map(Some)
        .ok_or_else(|| format!("unknown {field} {text:?}"))
}

fn number(text: &str, field: &str) -> Result<f64, String> {
    text.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("{field}: not a number: {text:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_row_and_drops_secondaries_that_are_primary() {
        let rows = parse_tsv(
            "# comment\nStep\tquadriceps\tquadriceps,glutes\tpush\tcompound\tbarbell\tstrength\tbeginner\n",
            Source::FreeExerciseDb,
        )
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].primary, vec![MuscleGroup::Quadriceps]);
        assert_eq!(rows[0].secondary, vec![MuscleGroup::Glutes]);
        assert_eq!(
            rows[0].loading(),
            vec![
                (MuscleGroup::Quadriceps, 1.0),
                (MuscleGroup::Glutes, SECONDARY_SHARE_COMPOUND)
            ]
        );
    }

    #[test]
    fn explosive_entries_follow_the_rule() {
        let row = |name: &str, force: &str, category: &str| {
            let line = format!("{name}\tquadriceps\t\t{force}\tcompound\tbarbell\t{category}\t\n");
            parse_tsv(&line, Source::FreeExerciseDb).unwrap().remove(0)
        };
        assert!(row("Freehand Jump Squat", "push", "strength").is_explosive());
        assert!(row("Power Clean", "pull", "olympic weightlifting").is_explosive());
        assert!(row("Box Skip", "push", "plyometrics").is_explosive());
        assert!(!row("Isometric Chest Squeezes", "static", "plyometrics").is_explosive());
        assert!(!row("Clean Deadlift", "pull", "olympic weightlifting").is_explosive());
        assert!(!row("Front Squat (Clean Grip)", "push", "strength").is_explosive());
        assert!(!row("Barbell Squat", "push", "strength").is_explosive());
        assert!(!row("Frog Hops", "push", "stretching").is_explosive());
    }

    #[test]
    fn errors_name_the_line() {
        let err = parse_tsv("\nX\tquads\t\t\t\t\tstrength\t\n", Source::Myo).unwrap_err();
        assert!(
            err.starts_with("line 2: unknown muscle group \"quads\""),
            "{err}"
        );
        let err = parse_tsv("X\tchest\t\t\t\t\tyoga\t\n", Source::Myo).unwrap_err();
        assert_eq!(err, "line 1: unknown category \"yoga\"");
        let err = parse_tsv("X\t\t\t\t\t\tstrength\t\n", Source::Myo).unwrap_err();
        assert_eq!(err, "line 1: X: no primary muscle");
    }
}
