//! The one definition of every event kind and field: name, label, unit, range, choices and
//! the rules between fields. The TOML parser, the store's and the API's JSON, `myo log`, the
//! web forms and the importers all check and describe events from these tables.

use myo_model::{
    ColdMethod, Condition, Contraction, HeatMethod, Modality, MuscleGroup, Sex, Sport, Symptom,
    TrainingStatus, UnknownName, Urine,
};

/// An event kind of the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Strength,
    Endurance,
    ActiveRecovery,
    Massage,
    FoamRolling,
    DryNeedling,
    Cold,
    Heat,
    Compression,
    Sleep,
    Meal,
    Fluid,
    Observation,
    Symptom,
}

/// What values a field takes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldType {
    /// A number within the range (inclusive).
    Number {
        min: f64,
        max: f64,
    },
    /// A whole number within the range (inclusive).
    Integer {
        min: i64,
        max: i64,
    },
    Bool,
    /// One of the names (matched case- and punctuation-insensitively); `noun` names the field
    /// in errors ("unknown sport …").
    Choice {
        names: &'static [&'static str],
        noun: &'static str,
    },
    /// A list of muscle groups.
    Muscles,
    /// A list of names, each one of `names` (symptoms, conditions).
    Names {
        names: &'static [&'static str],
        noun: &'static str,
    },
    /// A table from muscle group to a rating within the range.
    Ratings {
        min: f64,
        max: f64,
    },
    /// A catalogue exercise name.
    Exercise,
    /// A list of exercise tables (fields: [`EXERCISE_FIELDS`]).
    Exercises,
    /// A test set of a catalogue exercise (fields: [`LIFT_FIELDS`]).
    Lift,
}

/// One field of a kind.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Field {
    /// The spec's name (TOML key, JSON key, form field).
    pub name: &'static str,
    /// For people: a form label, a help line.
    pub label: &'static str,
    /// The unit of a number, when it has one.
    pub unit: Option<&'static str>,
    pub ty: FieldType,
    pub required: bool,
}

/// A rule between fields.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rule {
    /// Exactly one of these fields (a `false` bool counts as absent).
    ExactlyOne(&'static [&'static str]),
    /// The first field needs the second.
    Needs(&'static str, &'static str),
    /// The first field, when both are given, must be above the second.
    Above(&'static str, &'static str),
}

const fn num(
    name: &'static str,
    label: &'static str,
    unit: &'static str,
    min: f64,
    max: f64,
) -> Field {
    Field {
        name,
        label,
        unit: if unit.is_empty() { None } else { Some(unit) },
        ty: FieldType::Number { min, max },
        required: false,
    }
}

const fn int(name: &'static str, label: &'static str, min: i64, max: i64) -> Field {
    Field {
        name,
        label,
        unit: None,
        ty: FieldType::Integer { min, max },
        required: false,
    }
}

const fn flag(name: &'static str, label: &'static str) -> Field {
    Field {
        name,
        label,
        unit: None,
        ty: FieldType::Bool,
        required: false,
    }
}

const fn choice(
    name: &'static str,
    label: &'static str,
    names: &'static [&'static str],
    noun: &'static str,
) -> Field {
    Field {
        name,
        label,
        unit: None,
        ty: FieldType::Choice { names, noun },
        required: false,
    }
}

const fn of(name: &'static str, label: &'static str, ty: FieldType) -> Field {
    Field {
        name,
        label,
        unit: None,
        ty,
        required: false,
    }
}

impl Field {
    /// The same field, required.
    pub const fn req(mut self) -> Field {
        self.required = true;
        self
    }

    /// The range of a numeric field.
    pub fn range(&self) -> Option<(f64, f64)> {
        match self.ty {
            FieldType::Number { min, max } | FieldType::Ratings { min, max } => Some((min, max)),
            FieldType::Integer { min, max } => Some((min as f64, max as f64)),
            _ => None,
        }
    }

    /// The fields of a nested table (an exercise of a strength session, a test set).
    pub fn table_fields(&self) -> Option<&'static [Field]> {
        match self.ty {
            FieldType::Exercises => Some(EXERCISE_FIELDS),
            FieldType::Lift => Some(LIFT_FIELDS),
            _ => None,
        }
    }

    /// The choices of a choice field.
    pub fn choices(&self) -> Option<&'static [&'static str]> {
        match self.ty {
            FieldType::Choice { names, .. } => Some(names),
            FieldType::Names { names, .. } => Some(names),
            FieldType::Muscles => Some(&MuscleGroup::NAMES),
            _ => None,
        }
    }

    /// One line for help texts: label, unit and range or choices.
    pub fn describe(&self) -> String {
        let mut s = self.label.to_string();
        if let Some(u) = self.unit {
            s.push_str(&format!(", {u}"));
        }
        if let Some((min, max)) = self.range() {
            s.push_str(&format!(" ({min} to {max})"));
        } else if let Some(c) = self.choices() {
            if self.ty != FieldType::Muscles {
                s.push_str(&format!(": {}", c.join(", ")));
            }
        }
        s
    }
}

const SIDES: &[&str] = &["left", "right", "both"];

/// Effort measures of an endurance session: exactly one (power with its FTP).
const ENDURANCE_EFFORT: &[&str] = &["avg_hr", "rpe", "pct_vo2max", "power_w"];
/// Effort measures of active recovery: exactly one.
const RECOVERY_EFFORT: &[&str] = &["pct_max_hr", "avg_hr", "pct_vo2max"];
/// How heavy an exercise was: exactly one.
const INTENSITY: &[&str] = &["load_kg", "pct_1rm", "rir", "maximal"];

/// The exercises first: a form shows the fields in this order.
const STRENGTH: &[Field] = &[
    of("exercise", "Exercises", FieldType::Exercises).req(),
    num("rpe", "Session RPE (CR-10)", "", 0.0, 10.0),
];

/// The most exercises one strength session may hold (a long gym session has a dozen or two;
/// thousands are a mistake or an attack, and every one of them is simulated).
pub const MAX_EXERCISES: usize = 100;

/// The fields of one `[[event.exercise]]`.
pub const EXERCISE_FIELDS: &[Field] = &[
    of("name", "Exercise (catalogue name)", FieldType::Exercise),
    of(
        "muscles",
        "Muscle groups (instead of a name)",
        FieldType::Muscles,
    ),
    int("sets", "Sets", 1, 100).req(),
    int("reps", "Reps per set", 1, 10_000).req(),
    num("load_kg", "Load", "kg", 0.0, 1000.0),
    num("pct_1rm", "Load", "% of 1RM", 1.0, 120.0),
    num("rir", "Reps in reserve", "", 0.0, 50.0),
    flag("maximal", "Maximal effort (lab protocol)"),
    choice(
        "contraction",
        "Contraction",
        Contraction::NAMES,
        "contraction",
    ),
    flag("to_failure", "To failure"),
];

/// The rules of one exercise.
pub const EXERCISE_RULES: &[Rule] = &[
    Rule::ExactlyOne(&["name", "muscles"]),
    Rule::ExactlyOne(INTENSITY),
];

const ENDURANCE: &[Field] = &[
    choice("sport", "Sport", Sport::NAMES, "sport").req(),
    num("minutes", "Duration", "min", 0.5, 72.0 * 60.0).req(),
    num("avg_hr", "Average heart rate", "bpm", 40.0, 240.0),
    num("rpe", "RPE (CR-10)", "", 0.0, 10.0),
    num("pct_vo2max", "Intensity", "% of VO2max", 5.0, 150.0),
    num("power_w", "Average power", "W", 1.0, 3000.0),
    num("ftp_w", "Functional threshold power", "W", 20.0, 1000.0),
    num("distance_km", "Distance", "km", 0.0, 1000.0),
    num(
        "downhill_pct",
        "Share of the time downhill",
        "%",
        0.0,
        100.0,
    ),
    num(
        "gradient_pct",
        "Average downhill gradient",
        "%",
        -60.0,
        60.0,
    ),
];

const ACTIVE_RECOVERY: &[Field] = &[
    choice("modality", "Modality", Modality::NAMES, "modality").req(),
    num("minutes", "Duration", "min", 0.5, 24.0 * 60.0).req(),
    num(
        "pct_max_hr",
        "Intensity",
        "% of max heart rate",
        10.0,
        100.0,
    ),
    num("avg_hr", "Average heart rate", "bpm", 30.0, 240.0),
    num("pct_vo2max", "Intensity", "% of VO2max", 5.0, 100.0),
];

const TREATMENT: &[Field] = &[
    num("minutes", "Duration", "min", 0.5, 240.0).req(),
    of(
        "muscles",
        "Groups (default: those trained in the last 72 h)",
        FieldType::Muscles,
    ),
];

const DRY_NEEDLING: &[Field] = &[
    of("muscles", "Groups", FieldType::Muscles).req(),
    int("insertions", "Insertions per group", 1, 200),
];

const COLD: &[Field] = &[
    choice("method", "Method", ColdMethod::NAMES, "cold method").req(),
    num("minutes", "Duration", "min", 0.1, 120.0).req(),
    num("temp_c", "Temperature", "°C", -200.0, 30.0),
    of(
        "muscles",
        "Groups (default: trained groups for ice, else the whole body)",
        FieldType::Muscles,
    ),
];

const HEAT: &[Field] = &[
    choice("method", "Method", HeatMethod::NAMES, "heat method").req(),
    num("minutes", "Duration", "min", 0.5, 240.0).req(),
    of(
        "muscles",
        "Groups (default: trained groups for a pack, else the whole body)",
        FieldType::Muscles,
    ),
];

const COMPRESSION: &[Field] = &[
    num("hours", "Worn for", "h", 0.1, 72.0).req(),
    of(
        "muscles",
        "Groups (default: those trained in the last 72 h)",
        FieldType::Muscles,
    ),
];

const SLEEP: &[Field] = &[
    num("hours", "Hours asleep", "h", 0.1, 24.0).req(),
    int("quality", "Quality, 1 (poor) to 5 (excellent)", 1, 5),
];

const MEAL: &[Field] = &[
    num("protein_g", "Protein", "g", 0.0, 500.0),
    num("carbs_g", "Carbohydrate", "g", 0.0, 2000.0),
    num("fat_g", "Fat", "g", 0.0, 500.0),
    num("leucine_g", "Leucine", "g", 0.0, 50.0),
    num("fluid_l", "Fluid with the meal", "L", 0.0, 5.0),
];

const FLUID: &[Field] = &[
    num("litres", "Volume", "L", 0.0, 5.0).req(),
    flag("electrolytes", "With electrolytes"),
];

const OBSERVATION: &[Field] = &[
    of(
        "soreness",
        "Soreness by group, 0–10",
        FieldType::Ratings {
            min: 0.0,
            max: 10.0,
        },
    ),
    num(
        "general_soreness",
        "Soreness of the whole body, 0–10",
        "",
        0.0,
        10.0,
    ),
    num("readiness", "Ready to train, 0–10", "", 0.0, 10.0),
    num(
        "sleep_quality",
        "Last night's sleep, 1 (poor) to 5 (excellent)",
        "",
        1.0,
        5.0,
    ),
    num("rmssd_ms", "Morning HRV (rMSSD)", "ms", 1.0, 500.0),
    num(
        "night_rmssd_ms",
        "Overnight HRV (rMSSD, a device's night average)",
        "ms",
        1.0,
        500.0,
    ),
    num("resting_hr", "Resting heart rate", "bpm", 25.0, 220.0),
    num("stress", "Stress, 1–10", "", 1.0, 10.0),
    num("mood", "Mood, 1–10", "", 1.0, 10.0),
    num("fatigue", "Fatigue, 1–10", "", 1.0, 10.0),
    num("ck_u_per_l", "Creatine kinase", "U/L", 0.0, 2_000_000.0),
    choice("urine", "Urine colour", Urine::NAMES, "urine value"),
    num("jump_cm", "Countermovement jump height", "cm", 1.0, 150.0),
    num("grip_kg", "Grip strength, best hand", "kg", 1.0, 200.0),
    of("lift", "Test set of an exercise", FieldType::Lift),
];

/// The fields of an observation's `lift`: a test set of a catalogue exercise, reps to failure
/// or mean concentric velocity at a known load.
pub const LIFT_FIELDS: &[Field] = &[
    of("exercise", "Exercise (catalogue name)", FieldType::Exercise).req(),
    num("load_kg", "Load", "kg", 0.0, 1000.0).req(),
    int("reps", "Reps to failure", 1, 100),
    num("velocity_m_s", "Mean concentric velocity", "m/s", 0.05, 5.0),
];

/// The rules of a test set: one outcome.
pub const LIFT_RULES: &[Rule] = &[Rule::ExactlyOne(&["reps", "velocity_m_s"])];

const SYMPTOM: &[Field] = &[
    of(
        "symptoms",
        "Symptoms",
        FieldType::Names {
            names: Symptom::NAMES,
            noun: "symptom",
        },
    )
    .req(),
    choice("side", "Side", SIDES, "side value"),
    of("muscles", "Groups affected", FieldType::Muscles),
];

/// The fields of `[athlete]` (and of a stored athlete profile).
pub const ATHLETE_FIELDS: &[Field] = &[
    choice("sex", "Sex", Sex::NAMES, "value").req(),
    num("age", "Age", "years", 10.0, 100.0).req(),
    num("body_mass_kg", "Body mass", "kg", 25.0, 300.0).req(),
    choice(
        "training_status",
        "Training status",
        TrainingStatus::NAMES,
        "value",
    )
    .req(),
    num(
        "max_hr",
        "Maximal heart rate (default: Tanaka, 208 − 0.7 × age)",
        "bpm",
        100.0,
        240.0,
    ),
    num("resting_hr", "Resting heart rate", "bpm", 25.0, 120.0),
    of(
        "conditions",
        "Conditions (advice to consult a professional)",
        FieldType::Names {
            names: Condition::NAMES,
            noun: "condition",
        },
    ),
];

/// The rules of `[athlete]`.
pub const ATHLETE_RULES: &[Rule] = &[Rule::Above("max_hr", "resting_hr")];

impl Kind {
    /// Every kind, in the spec's order.
    pub const ALL: [Kind; 14] = [
        Kind::Strength,
        Kind::Endurance,
        Kind::ActiveRecovery,
        Kind::Massage,
        Kind::FoamRolling,
        Kind::DryNeedling,
        Kind::Cold,
        Kind::Heat,
        Kind::Compression,
        Kind::Sleep,
        Kind::Meal,
        Kind::Fluid,
        Kind::Observation,
        Kind::Symptom,
    ];

    /// The spec's name.
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Strength => "strength",
            Kind::Endurance => "endurance",
            Kind::ActiveRecovery => "active_recovery",
            Kind::Massage => "massage",
            Kind::FoamRolling => "foam_rolling",
            Kind::DryNeedling => "dry_needling",
            Kind::Cold => "cold",
            Kind::Heat => "heat",
            Kind::Compression => "compression",
            Kind::Sleep => "sleep",
            Kind::Meal => "meal",
            Kind::Fluid => "fluid",
            Kind::Observation => "observation",
            Kind::Symptom => "symptom",
        }
    }

    /// For people: a form's title.
    pub const fn label(self) -> &'static str {
        match self {
            Kind::Strength => "Strength session",
            Kind::Endurance => "Endurance session",
            Kind::ActiveRecovery => "Active recovery",
            Kind::Massage => "Massage",
            Kind::FoamRolling => "Foam rolling",
            Kind::DryNeedling => "Dry needling",
            Kind::Cold => "Cold",
            Kind::Heat => "Heat",
            Kind::Compression => "Compression",
            Kind::Sleep => "Sleep",
            Kind::Meal => "Meal",
            Kind::Fluid => "Drink",
            Kind::Observation => "How I feel",
            Kind::Symptom => "Symptom",
        }
    }

    /// The kind's fields (besides `at` and `kind`).
    pub const fn fields(self) -> &'static [Field] {
        match self {
            Kind::Strength => STRENGTH,
            Kind::Endurance => ENDURANCE,
            Kind::ActiveRecovery => ACTIVE_RECOVERY,
            Kind::Massage | Kind::FoamRolling => TREATMENT,
            Kind::DryNeedling => DRY_NEEDLING,
            Kind::Cold => COLD,
            Kind::Heat => HEAT,
            Kind::Compression => COMPRESSION,
            Kind::Sleep => SLEEP,
            Kind::Meal => MEAL,
            Kind::Fluid => FLUID,
            Kind::Observation => OBSERVATION,
            Kind::Symptom => SYMPTOM,
        }
    }

    /// The rules between the kind's fields.
    pub const fn rules(self) -> &'static [Rule] {
        match self {
            Kind::Endurance => &[
                Rule::ExactlyOne(ENDURANCE_EFFORT),
                Rule::Needs("power_w", "ftp_w"),
            ],
            Kind::ActiveRecovery => &[Rule::ExactlyOne(RECOVERY_EFFORT)],
            _ => &[],
        }
    }

    /// The field `name` of this kind.
    pub fn field(self, name: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.name == name)
    }

    /// Parses the spec's name exactly (kinds are keys, not prose).
    pub fn parse(text: &str) -> Result<Kind, UnknownName> {
        Kind::ALL
            .into_iter()
            .find(|k| k.name() == text)
            .ok_or_else(|| UnknownName::new(text, Kind::ALL.iter().map(|k| k.name())))
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The names a [`FieldType::Exercise`] accepts (besides near matches): the catalogue's.
pub fn exercise_names() -> impl Iterator<Item = &'static str> {
    myo_catalogue::catalogue().iter().map(|e| e.name.as_str())
}

/// The catalogue's common names for its exercises, `(alias, catalogue name)` ("back squat",
/// "Barbell Squat"): the web's autocomplete offers them too.
pub fn exercise_aliases() -> impl Iterator<Item = (&'static str, &'static str)> {
    myo_catalogue::catalogue().aliases().iter().copied()
}

/// The spec's kind names, in order (for completions and suggestions).
pub const KINDS: [&str; 14] = {
    let mut names = [""; 14];
    let mut i = 0;
    while i < 14 {
        names[i] = Kind::ALL[i].name();
        i += 1;
    }
    names
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_well_formed() {
        for kind in Kind::ALL {
            for f in kind.fields() {
                if let Some((min, max)) = f.range() {
                    assert!(min < max, "{kind}.{}", f.name);
                }
                assert!(!f.label.is_empty());
            }
            for rule in kind.rules() {
                let names: &[&str] = match rule {
                    Rule::ExactlyOne(n) => n,
                    Rule::Needs(a, b) | Rule::Above(a, b) => &[*a, *b],
                };
                for n in names {
                    assert!(kind.field(n).is_some(), "{kind}: rule names `{n}`");
                }
            }
        }
        assert_eq!(Kind::parse("sleep").unwrap(), Kind::Sleep);
        assert!(Kind::parse("slep")
            .unwrap_err()
            .to_string()
            .contains("sleep"));
    }
}
