//! The typed event contract: [`EventSpec`], one variant per kind, in the spec's JSON shape
//! (`{"kind": "sleep", "hours": 8}`). Every way in (TOML, JSON from the store, the API, the
//! CLI, the web forms and the importers) goes through [`check`], which reads the
//! [`crate::registry`] and nothing else, so a field's name, range and choices are written once.

use std::collections::BTreeMap;

use myo_catalogue::catalogue;
use myo_model::{
    Athlete, ColdMethod, Condition, Contraction, HeatMethod, Modality, MuscleGroup, Sex, Sport,
    Symptom, TrainingStatus, UnknownName, Urine,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::node::{Node, Value};
use crate::registry::{
    Field, FieldType, Kind, Rule, ATHLETE_FIELDS, ATHLETE_RULES, EXERCISE_FIELDS, EXERCISE_RULES,
    LIFT_FIELDS, LIFT_RULES,
};

/// A field that is wrong: which (a path such as `exercise[2].load_kg`), the message for people
/// (which names it too) and where in the source it starts, when known.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    pub field: String,
    pub message: String,
    pub pos: Option<usize>,
}

impl FieldError {
    fn new(field: impl Into<String>, pos: Option<usize>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
            pos,
        }
    }
}

/// Whole numbers are written without a fraction, as people type them (`"minutes": 45`).
mod num {
    use serde::Serializer;

    fn whole(x: f64) -> Option<i64> {
        (x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15).then_some(x as i64)
    }

    pub fn ser<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        match whole(*x) {
            Some(i) => s.serialize_i64(i),
            None => s.serialize_f64(*x),
        }
    }

    pub fn opt<S: Serializer>(x: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match x {
            Some(x) => ser(x, s),
            None => s.serialize_none(),
        }
    }

    pub fn map<S: Serializer, K: serde::Serialize>(
        m: &Option<std::collections::BTreeMap<K, f64>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let Some(m) = m else {
            return s.serialize_none();
        };
        let mut out = s.serialize_map(Some(m.len()))?;
        for (k, v) in m {
            match whole(*v) {
                Some(i) => out.serialize_entry(k, &i)?,
                None => out.serialize_entry(k, v)?,
            }
        }
        out.end()
    }
}

/// A strength session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StrengthSpec {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub rpe: Option<f64>,
    pub exercise: Vec<ExerciseSpec>,
}

/// One exercise of a strength session: a catalogue `name` or `muscles`, and one intensity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExerciseSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muscles: Option<Vec<MuscleGroup>>,
    pub sets: u32,
    pub reps: u32,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub load_kg: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub pct_1rm: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub rir: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximal: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contraction: Option<Contraction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_failure: Option<bool>,
}

/// An endurance session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnduranceSpec {
    pub sport: Sport,
    #[serde(serialize_with = "num::ser")]
    pub minutes: f64,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub avg_hr: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub rpe: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub pct_vo2max: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub power_w: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub ftp_w: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub distance_km: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub downhill_pct: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub gradient_pct: Option<f64>,
}

/// Easy movement for recovery.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActiveRecoverySpec {
    pub modality: Modality,
    #[serde(serialize_with = "num::ser")]
    pub minutes: f64,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub pct_max_hr: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub avg_hr: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub pct_vo2max: Option<f64>,
}

/// A massage or foam rolling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TreatmentSpec {
    #[serde(serialize_with = "num::ser")]
    pub minutes: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muscles: Option<Vec<MuscleGroup>>,
}

/// Dry needling.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DryNeedlingSpec {
    pub muscles: Vec<MuscleGroup>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insertions: Option<u32>,
}

/// Cold: ice, immersion, cryotherapy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ColdSpec {
    pub method: ColdMethod,
    #[serde(serialize_with = "num::ser")]
    pub minutes: f64,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub temp_c: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muscles: Option<Vec<MuscleGroup>>,
}

/// Heat: a pack, sauna or hot bath.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeatSpec {
    pub method: HeatMethod,
    #[serde(serialize_with = "num::ser")]
    pub minutes: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muscles: Option<Vec<MuscleGroup>>,
}

/// Compression garments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CompressionSpec {
    #[serde(serialize_with = "num::ser")]
    pub hours: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muscles: Option<Vec<MuscleGroup>>,
}

/// A night's sleep (`at` = when sleep starts).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SleepSpec {
    #[serde(serialize_with = "num::ser")]
    pub hours: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<u8>,
}

/// A meal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MealSpec {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub protein_g: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub carbs_g: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub fat_g: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub leucine_g: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub fluid_l: Option<f64>,
}

/// A drink.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FluidSpec {
    #[serde(serialize_with = "num::ser")]
    pub litres: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub electrolytes: Option<bool>,
}

/// What the athlete measured or felt.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ObservationSpec {
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::map"
    )]
    pub soreness: Option<BTreeMap<MuscleGroup, f64>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub general_soreness: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub readiness: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub sleep_quality: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub rmssd_ms: Option<f64>,
    /// A device's average RMSSD over the night (Garmin, Oura, WHOOP): not a morning reading,
    /// kept apart from `rmssd_ms`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub night_rmssd_ms: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub resting_hr: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub stress: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub mood: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub fatigue: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub ck_u_per_l: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urine: Option<Urine>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub jump_cm: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub grip_kg: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lift: Option<LiftSpec>,
}

/// A test set: reps to failure or mean concentric velocity at a known load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiftSpec {
    pub exercise: String,
    #[serde(serialize_with = "num::ser")]
    pub load_kg: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reps: Option<u32>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub velocity_m_s: Option<f64>,
}

/// Symptoms (red flags lead to "seek medical care").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SymptomSpec {
    pub symptoms: Vec<Symptom>,
    /// left, right or both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub side: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muscles: Option<Vec<MuscleGroup>>,
}

/// An athlete as the spec describes one (`[athlete]`, a stored profile).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AthleteSpec {
    pub sex: Sex,
    #[serde(serialize_with = "num::ser")]
    pub age: f64,
    #[serde(serialize_with = "num::ser")]
    pub body_mass_kg: f64,
    pub training_status: TrainingStatus,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub max_hr: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "num::opt"
    )]
    pub resting_hr: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conditions: Vec<Condition>,
}

impl AthleteSpec {
    /// Checks an `[athlete]` table against the registry.
    pub fn check(node: &Node) -> Result<AthleteSpec, FieldError> {
        let Value::Table(entries) = &node.value else {
            return Err(FieldError::new(
                "athlete",
                node.pos,
                "athlete: expected a table",
            ));
        };
        let scope = Scope {
            prefix: "athlete.".into(),
            path: "athlete.".into(),
            unknown: "[athlete]".into(),
            missing: String::new(),
        };
        let refs: Vec<&(String, Node)> = entries.iter().collect();
        let map = check_table(&scope, ATHLETE_FIELDS, ATHLETE_RULES, &refs, node.pos)?;
        serde_json::from_value(Json::Object(map))
            .map_err(|e| FieldError::new("athlete", node.pos, e.to_string()))
    }

    /// From JSON (a stored profile), checked.
    pub fn from_json(v: &Json) -> Result<AthleteSpec, FieldError> {
        let node = Node::from_json(v).map_err(|m| FieldError::new("athlete", None, m))?;
        AthleteSpec::check(&node)
    }

    /// The model's athlete (max HR by Tanaka when not given).
    pub fn to_model(&self) -> Athlete {
        Athlete {
            sex: self.sex,
            age_years: self.age,
            body_mass_kg: self.body_mass_kg,
            training_status: self.training_status,
            max_hr: self
                .max_hr
                .unwrap_or_else(|| Athlete::tanaka_max_hr(self.age)),
            resting_hr: self.resting_hr,
            conditions: self.conditions.clone(),
        }
    }
}

/// One event of the spec, without its time: the kind and its fields, checked against the
/// registry. Serialises to the spec's JSON shape; deserialising checks it (so an unchecked
/// event cannot be built from JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "Json")]
pub enum EventSpec {
    Strength(StrengthSpec),
    Endurance(EnduranceSpec),
    ActiveRecovery(ActiveRecoverySpec),
    Massage(TreatmentSpec),
    FoamRolling(TreatmentSpec),
    DryNeedling(DryNeedlingSpec),
    Cold(ColdSpec),
    Heat(HeatSpec),
    Compression(CompressionSpec),
    Sleep(SleepSpec),
    Meal(MealSpec),
    Fluid(FluidSpec),
    Observation(ObservationSpec),
    Symptom(SymptomSpec),
}

impl TryFrom<Json> for EventSpec {
    type Error = FieldError;
    fn try_from(v: Json) -> Result<EventSpec, FieldError> {
        EventSpec::from_json(&v)
    }
}

impl EventSpec {
    /// The event's kind.
    pub fn kind(&self) -> Kind {
        match self {
            EventSpec::Strength(_) => Kind::Strength,
            EventSpec::Endurance(_) => Kind::Endurance,
            EventSpec::ActiveRecovery(_) => Kind::ActiveRecovery,
            EventSpec::Massage(_) => Kind::Massage,
            EventSpec::FoamRolling(_) => Kind::FoamRolling,
            EventSpec::DryNeedling(_) => Kind::DryNeedling,
            EventSpec::Cold(_) => Kind::Cold,
            EventSpec::Heat(_) => Kind::Heat,
            EventSpec::Compression(_) => Kind::Compression,
            EventSpec::Sleep(_) => Kind::Sleep,
            EventSpec::Meal(_) => Kind::Meal,
            EventSpec::Fluid(_) => Kind::Fluid,
            EventSpec::Observation(_) => Kind::Observation,
            EventSpec::Symptom(_) => Kind::Symptom,
        }
    }

    /// From the spec's JSON shape, `kind` included (`at`, if present, is refused: times
    /// belong to the caller).
    pub fn from_json(v: &Json) -> Result<EventSpec, FieldError> {
        let node = Node::from_json(v).map_err(|m| FieldError::new("", None, m))?;
        check(&node)
    }

    /// The kind's fields in the spec's JSON shape (without `kind`).
    pub fn fields(&self) -> Map<String, Json> {
        match serde_json::to_value(self) {
            Ok(Json::Object(mut m)) => {
                m.remove("kind");
                m
            }
            _ => Map::new(),
        }
    }

    /// Checks a typed event against the contract (typed values can be built directly, with
    /// values the registry refuses): the store checks every event it writes.
    pub fn check(&self) -> Result<(), FieldError> {
        EventSpec::from_json(&self.to_json()).map(|_| ())
    }

    /// The spec's JSON shape, `kind` included.
    pub fn to_json(&self) -> Json {
        serde_json::to_value(self).unwrap_or(Json::Null)
    }
}

/// Checks an event table (`kind` and the kind's fields; `at` is the caller's) against the
/// registry and builds the typed event.
pub fn check(node: &Node) -> Result<EventSpec, FieldError> {
    let Value::Table(entries) = &node.value else {
        return Err(FieldError::new(
            "",
            node.pos,
            format!("an event must be a table, not {}", node.value.type_name()),
        ));
    };
    let kind_node = node
        .get("kind")
        .ok_or_else(|| FieldError::new("kind", node.pos, "missing field `kind`"))?;
    let Value::Str(kind_text) = &kind_node.value else {
        return Err(FieldError::new(
            "kind",
            kind_node.pos,
            format!(
                "kind: expected a string, got {}",
                kind_node.value.type_name()
            ),
        ));
    };
    let kind = Kind::parse(kind_text)
        .map_err(|e| FieldError::new("kind", kind_node.pos, format!("unknown kind {e}")))?;
    let fields: Vec<&(String, Node)> = entries
        .iter()
        .filter(|(k, _)| k != "kind" && k != "at")
        .collect();
    let scope = Scope {
        prefix: String::new(),
        path: String::new(),
        unknown: format!("kind \"{kind}\""),
        missing: format!(" for kind \"{kind}\""),
    };
    let map = check_table(&scope, kind.fields(), kind.rules(), &fields, node.pos)?;
    build(kind, map).map_err(|e| FieldError::new("", node.pos, e.to_string()))
}

/// The typed event from checked fields: serde cannot fail here unless the registry and the
/// structs disagree, which the round-trip tests rule out.
fn build(kind: Kind, map: Map<String, Json>) -> Result<EventSpec, serde_json::Error> {
    let v = Json::Object(map);
    Ok(match kind {
        Kind::Strength => EventSpec::Strength(serde_json::from_value(v)?),
        Kind::Endurance => EventSpec::Endurance(serde_json::from_value(v)?),
        Kind::ActiveRecovery => EventSpec::ActiveRecovery(serde_json::from_value(v)?),
        Kind::Massage => EventSpec::Massage(serde_json::from_value(v)?),
        Kind::FoamRolling => EventSpec::FoamRolling(serde_json::from_value(v)?),
        Kind::DryNeedling => EventSpec::DryNeedling(serde_json::from_value(v)?),
        Kind::Cold => EventSpec::Cold(serde_json::from_value(v)?),
        Kind::Heat => EventSpec::Heat(serde_json::from_value(v)?),
        Kind::Compression => EventSpec::Compression(serde_json::from_value(v)?),
        Kind::Sleep => EventSpec::Sleep(serde_json::from_value(v)?),
        Kind::Meal => EventSpec::Meal(serde_json::from_value(v)?),
        Kind::Fluid => EventSpec::Fluid(serde_json::from_value(v)?),
        Kind::Observation => EventSpec::Observation(serde_json::from_value(v)?),
        Kind::Symptom => EventSpec::Symptom(serde_json::from_value(v)?),
    })
}

/// Where a table sits, for messages: `prefix` starts every message ("exercise 2: "), `path`
/// every field path ("exercise[2]."), `unknown` names the table in "not used by" errors.
struct Scope {
    prefix: String,
    path: String,
    unknown: String,
    missing: String,
}

impl Scope {
    fn err(&self, field: &str, pos: Option<usize>, message: impl std::fmt::Display) -> FieldError {
        let text = message.to_string();
        // A dotted prefix ("athlete.") joins a message that starts with its field
        // ("athlete.age: …") and introduces any other ("athlete: missing field `sex`").
        let message = match self.prefix.strip_suffix('.') {
            Some(table) if text.starts_with(field) => format!("{table}.{text}"),
            Some(table) => format!("{table}: {text}"),
            None => format!("{}{text}", self.prefix),
        };
        FieldError::new(format!("{}{field}", self.path), pos, message)
    }
}

fn check_table(
    scope: &Scope,
    spec: &'static [Field],
    rules: &[Rule],
    entries: &[&(String, Node)],
    table_pos: Option<usize>,
) -> Result<Map<String, Json>, FieldError> {
    let mut out = Map::new();
    for (name, node) in entries.iter().map(|e| (&e.0, &e.1)) {
        let Some(field) = spec.iter().find(|f| f.name == name) else {
            let hint = myo_model::muscle::nearest(name, spec.iter().map(|f| f.name))
                .map(|s| format!(" (did you mean \"{s}\"?)"))
                .unwrap_or_default();
            return Err(scope.err(
                name,
                node.pos,
                format!("field `{name}` is not used by {}{hint}", scope.unknown),
            ));
        };
        out.insert(name.clone(), check_value(scope, field, node)?);
    }
    for f in spec.iter().filter(|f| f.required) {
        if !out.contains_key(f.name) {
            let message = if f.ty == FieldType::Exercises {
                "a strength event needs at least one [[event.exercise]]".to_string()
            } else {
                format!("missing field `{}`{}", f.name, scope.missing)
            };
            return Err(scope.err(f.name, table_pos, message));
        }
    }
    for rule in rules {
        match *rule {
            Rule::ExactlyOne(names) => {
                let given: Vec<&str> = names
                    .iter()
                    .copied()
                    .filter(|n| out.get(*n).is_some_and(|v| v != &Json::Bool(false)))
                    .collect();
                let list = names
                    .iter()
                    .map(|n| match spec.iter().find(|f| f.name == *n).map(|f| f.ty) {
                        Some(FieldType::Bool) => format!("{n} = true"),
                        _ => n.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(" / ");
                match given.as_slice() {
                    [_] => {}
                    [] => {
                        return Err(scope.err(names[0], table_pos, format!("give one of {list}")))
                    }
                    [first, second, ..] => {
                        let pos = entries
                            .iter()
                            .find(|e| e.0 == *second)
                            .and_then(|e| e.1.pos);
                        return Err(scope.err(
                            second,
                            pos,
                            format!("`{first}` and `{second}` given: give only one of {list}"),
                        ));
                    }
                }
            }
            Rule::Above(a, b) => {
                let (Some(x), Some(y)) = (
                    out.get(a).and_then(Json::as_f64),
                    out.get(b).and_then(Json::as_f64),
                ) else {
                    continue;
                };
                if x <= y {
                    let pos = entries.iter().find(|e| e.0 == a).and_then(|e| e.1.pos);
                    return Err(scope.err(a, pos, format!("{a}: must be above {b}")));
                }
            }
            Rule::Needs(a, b) => {
                if out.contains_key(a) && !out.contains_key(b) {
                    let pos = entries.iter().find(|e| e.0 == a).and_then(|e| e.1.pos);
                    let label = spec
                        .iter()
                        .find(|f| f.name == b)
                        .map_or(b, |f| f.label)
                        .to_lowercase();
                    return Err(scope.err(a, pos, format!("{a} needs {b} ({label})")));
                }
            }
        }
    }
    Ok(out)
}

fn check_value(scope: &Scope, f: &Field, node: &Node) -> Result<Json, FieldError> {
    let name = f.name;
    let pos = node.pos;
    let wrong = |what: &str| {
        scope.err(
            name,
            pos,
            format!("{name}: expected {what}, got {}", node.value.type_name()),
        )
    };
    let strings = |what: &str| -> Result<Vec<(&str, Option<usize>)>, FieldError> {
        match &node.value {
            Value::List(items) => items
                .iter()
                .map(|n| match &n.value {
                    Value::Str(s) => Ok((s.as_str(), n.pos.or(pos))),
                    _ => Err(wrong(what)),
                })
                .collect(),
            _ => Err(wrong(what)),
        }
    };
    Ok(match f.ty {
        FieldType::Number { min, max } => {
            let x = node.value.as_f64().ok_or_else(|| wrong("a number"))?;
            if !x.is_finite() || x < min || x > max {
                return Err(scope.err(
                    name,
                    pos,
                    format!("{name}: {x} is out of range ({min} to {max})"),
                ));
            }
            match node.value {
                Value::Int(i) => Json::from(i),
                _ => serde_json::Number::from_f64(x).map_or(Json::Null, Json::Number),
            }
        }
        FieldType::Integer { min, max } => {
            let x = node.value.as_f64().ok_or_else(|| wrong("a whole number"))?;
            if x.fract() != 0.0 || !x.is_finite() {
                return Err(wrong("a whole number"));
            }
            if x < min as f64 || x > max as f64 {
                return Err(scope.err(
                    name,
                    pos,
                    format!("{name}: {x} is out of range ({min} to {max})"),
                ));
            }
            Json::from(x as i64)
        }
        FieldType::Bool => match node.value {
            Value::Bool(b) => Json::Bool(b),
            _ => return Err(wrong("true or false")),
        },
        FieldType::Choice { names, noun } => {
            let Value::Str(s) = &node.value else {
                return Err(wrong("a string"));
            };
            let wanted = myo_model::muscle::normalise(s);
            let found = names
                .iter()
                .find(|n| myo_model::muscle::normalise(n) == wanted)
                .ok_or_else(|| {
                    let e = UnknownName::new(s, names.iter().copied());
                    scope.err(name, pos, format!("unknown {noun} {e}"))
                })?;
            Json::String(found.to_string())
        }
        FieldType::Muscles => {
            let mut groups: Vec<MuscleGroup> = Vec::new();
            for (s, p) in strings("a list of muscle groups")? {
                let g = MuscleGroup::parse(s)
                    .map_err(|e| scope.err(name, p, format!("unknown muscle group {e}")))?;
                if !groups.contains(&g) {
                    groups.push(g);
                }
            }
            if groups.is_empty() && (f.required || !scope.prefix.is_empty()) {
                return Err(scope.err(name, pos, format!("`{name}` is empty")));
            }
            Json::Array(groups.iter().map(|g| Json::from(g.name())).collect())
        }
        FieldType::Names { names, noun } => {
            let mut list = Vec::new();
            for (s, p) in strings(&format!("a list of {noun}s"))? {
                let wanted = myo_model::muscle::normalise(s);
                let found = names
                    .iter()
                    .find(|n| myo_model::muscle::normalise(n) == wanted)
                    .ok_or_else(|| {
                        let e = UnknownName::new(s, names.iter().copied());
                        scope.err(name, p, format!("unknown {noun} {e}"))
                    })?;
                list.push(Json::from(*found));
            }
            if list.is_empty() && f.required {
                return Err(scope.err(name, pos, format!("`{name}` is empty")));
            }
            Json::Array(list)
        }
        FieldType::Ratings { min, max } => {
            let Value::Table(entries) = &node.value else {
                return Err(wrong("a table of muscle groups"));
            };
            let mut out = Map::new();
            for (group, v) in entries {
                let g = MuscleGroup::parse(group).map_err(|e| {
                    scope.err(
                        name,
                        v.pos.or(pos),
                        format!("{name}: unknown muscle group {e}"),
                    )
                })?;
                let x = v.value.as_f64().filter(|x| x.is_finite()).ok_or_else(|| {
                    scope.err(
                        name,
                        v.pos,
                        format!(
                            "{name}.{group}: expected a number, got {}",
                            v.value.type_name()
                        ),
                    )
                })?;
                if x < min || x > max {
                    return Err(scope.err(
                        &format!("{name}.{group}"),
                        v.pos,
                        format!("{name}.{group}: {x} is out of range ({min} to {max})"),
                    ));
                }
                out.insert(
                    g.name().to_string(),
                    match v.value {
                        Value::Int(i) => Json::from(i),
                        _ => serde_json::Number::from_f64(x).map_or(Json::Null, Json::Number),
                    },
                );
            }
            Json::Object(out)
        }
        FieldType::Exercise => {
            let Value::Str(s) = &node.value else {
                return Err(wrong("a string"));
            };
            catalogue()
                .find(s)
                .map_err(|e| scope.err(name, pos, format!("unknown exercise {e}")))?;
            Json::String(s.clone())
        }
        FieldType::Exercises => {
            let Value::List(items) = &node.value else {
                return Err(wrong("a list of exercises"));
            };
            if items.is_empty() {
                return Err(scope.err(
                    name,
                    pos,
                    "a strength event needs at least one [[event.exercise]]",
                ));
            }
            if items.len() > crate::registry::MAX_EXERCISES {
                return Err(scope.err(
                    name,
                    pos,
                    format!(
                        "{} exercises: a strength event holds at most {} (MAX_EXERCISES)",
                        items.len(),
                        crate::registry::MAX_EXERCISES
                    ),
                ));
            }
            let mut list = Vec::new();
            for (k, item) in items.iter().enumerate() {
                let Value::Table(entries) = &item.value else {
                    return Err(scope.err(name, item.pos, "an exercise must be a table"));
                };
                let inner = Scope {
                    prefix: format!("{}exercise {}: ", scope.prefix, k + 1),
                    path: format!("{}exercise[{}].", scope.path, k + 1),
                    unknown: "an exercise".into(),
                    missing: String::new(),
                };
                let refs: Vec<&(String, Node)> = entries.iter().collect();
                let map = check_table(&inner, EXERCISE_FIELDS, EXERCISE_RULES, &refs, item.pos)?;
                list.push(Json::Object(map));
            }
            Json::Array(list)
        }
        FieldType::Lift => {
            let Value::Table(entries) = &node.value else {
                return Err(wrong("a table"));
            };
            let inner = Scope {
                prefix: format!("{}{name}.", scope.prefix),
                path: format!("{}{name}.", scope.path),
                unknown: "a test set".into(),
                missing: String::new(),
            };
            let refs: Vec<&(String, Node)> = entries.iter().collect();
            Json::Object(check_table(&inner, LIFT_FIELDS, LIFT_RULES, &refs, pos)?)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn err(v: Json) -> FieldError {
        EventSpec::from_json(&v).unwrap_err()
    }

    #[test]
    fn a_session_of_too_many_exercises_is_refused_naming_the_limit() {
        let one = json!({"name": "Barbell Squat", "sets": 1, "reps": 5, "load_kg": 60});
        let many = vec![one.clone(); crate::registry::MAX_EXERCISES + 1];
        let e = err(json!({"kind": "strength", "exercise": many}));
        assert_eq!(e.field, "exercise");
        assert!(e.message.contains("at most 100"), "{}", e.message);
        let enough = vec![one; crate::registry::MAX_EXERCISES];
        EventSpec::from_json(&json!({"kind": "strength", "exercise": enough})).unwrap();
    }

    #[test]
    fn checks_names_ranges_and_rules() {
        let e = EventSpec::from_json(
            &json!({"kind": "endurance", "sport": "Run", "minutes": 45, "avg_hr": 150}),
        )
        .unwrap();
        assert_eq!(e.kind(), Kind::Endurance);
        assert_eq!(e.fields()["sport"], json!("run"));
        assert_eq!(e.fields()["minutes"], json!(45));
        let e = err(json!({"kind": "endurance", "sport": "run", "minutes": 45}));
        assert!(e.message.contains("give one of avg_hr"), "{}", e.message);
        let e = err(
            json!({"kind": "endurance", "sport": "run", "minutes": 45, "rpe": 5, "avg_hr": 140}),
        );
        assert_eq!(e.field, "rpe");
        let e = err(json!({"kind": "fluid", "litres": 10}));
        assert_eq!(e.field, "litres");
        assert!(e.message.contains("out of range"));
        let e = err(json!({"kind": "cold", "method": "pack", "minutes": 10}));
        assert!(e.message.contains("unknown cold method"), "{}", e.message);
        let e = err(
            json!({"kind": "strength", "exercise": [{"name": "Barbell Squat", "sets": 5, "reps": 5}]}),
        );
        assert_eq!(e.field, "exercise[1].load_kg");
        let e = err(json!({"kind": "sleep", "hours": 8, "hour": 1}));
        assert!(
            e.message.contains("did you mean \"hours\""),
            "{}",
            e.message
        );
        let e = AthleteSpec::from_json(
            &json!({"sex": "female", "age": 5, "body_mass_kg": 60, "training_status": "trained"}),
        )
        .unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.message.as_str()),
            ("athlete.age", "athlete.age: 5 is out of range (10 to 100)")
        );
        let e = AthleteSpec::from_json(
            &json!({"age": 30, "body_mass_kg": 60, "training_status": "trained"}),
        )
        .unwrap_err();
        assert_eq!(e.message, "athlete: missing field `sex`");
        let e = err(json!({"kind": "sleep", "hours": 8, "quality": null}));
        assert!(e.message.contains("null"), "{}", e.message);
    }

    #[test]
    fn deserialising_checks() {
        let bad: Result<EventSpec, _> = serde_json::from_str(r#"{"kind": "fluid", "litres": 10}"#);
        assert!(bad.is_err());
        let good: EventSpec = serde_json::from_str(r#"{"kind": "fluid", "litres": 0.5}"#).unwrap();
        assert_eq!(good.to_json(), json!({"kind": "fluid", "litres": 0.5}));
    }
}
