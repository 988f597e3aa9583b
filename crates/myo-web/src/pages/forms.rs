//! The log page's forms, generated from the event registry (`myo_scenario::registry`): one
//! input per field with the registry's label, unit, range and choices, and the submitted form
//! read back into the contract's JSON shape. The contract then checks it, so a form can offer
//! nothing the parser refuses.

use chrono::{DateTime, FixedOffset};
use maud::{html, Markup};
use myo_scenario::registry::{Field, FieldType, Kind, ATHLETE_FIELDS};
use myo_scenario::EventSpec;
use myo_store::NewEvent;
use serde_json::{Map, Value};

use super::Fields;
use crate::bodymap;
use crate::error::WebError;

/// The `<datalist>` id of the catalogue's exercise names.
pub(crate) const EXERCISE_LIST: &str = "exercise-names";

/// Exercise fields the strength form leaves out: a named exercise, a load or RIR is how
/// people log; muscles and lab protocols stay in files and the API.
const EXERCISE_HIDDEN: &[&str] = &["muscles", "maximal"];

/// What a kind's form shows: each field with the name it is submitted under. A nested table
/// shows inline: a strength session's one exercise (`exercise.name`, `exercise.sets`…), an
/// observation's test set (`lift.exercise`…). Soreness by group has the body map's form of
/// its own.
fn visible(kind: Kind) -> Vec<(String, &'static Field)> {
    let mut out = Vec::new();
    for f in kind.fields() {
        match (f.ty, f.table_fields()) {
            (_, Some(inner)) => out.extend(
                inner
                    .iter()
                    .filter(|x| f.ty != FieldType::Exercises || !EXERCISE_HIDDEN.contains(&x.name))
                    .map(move |x| (format!("{}.{}", f.name, x.name), x)),
            ),
            (FieldType::Ratings { .. }, _) => {}
            _ => out.push((f.name.to_string(), f)),
        }
    }
    out
}

fn label(f: &Field) -> String {
    match f.unit {
        Some(u) => format!("{}, {u}", f.label),
        None => f.label.to_string(),
    }
}

/// Whether the form must have the field: required by the kind (for a strength session, an
/// exercise's required fields and its name). An optional test set's fields stay optional.
fn required(name: &str, f: &Field) -> bool {
    (f.required && !name.starts_with("lift.")) || name == "exercise.name"
}

/// A kind's inputs, filled with what was `sent` (after an error, which `failed` names: the
/// field and its message, shown beside the field).
pub(crate) fn inputs(kind: Kind, sent: &Fields, failed: Option<(&str, &str)>) -> Markup {
    let (blocks, rest): (Vec<_>, Vec<_>) = visible(kind)
        .into_iter()
        .partition(|(name, _)| name.starts_with("exercise."));
    // A strength session: one block of inputs per exercise sent (at least one).
    let count = sent_values(sent, "exercise.name").len().max(1);
    html! {
        @if !blocks.is_empty() {
            @for i in 0..count {
                fieldset.exercise {
                    legend { "Exercise" @if count > 1 { " " (i + 1) } }
                    @let form = if i == 0 { kind.name().to_string() } else { format!("{}-{i}", kind.name()) };
                    (field_inputs(&form, &blocks, &|name| sent_values(sent, name).into_iter().skip(i).take(1).collect(), failed.filter(|_| i == 0)))
                }
            }
        }
        (field_inputs(kind.name(), &rest, &|name| sent_values(sent, name), failed))
    }
}

/// Whether a kind's form has an input for the contract's field `error_field`.
pub(crate) fn shows_field(kind: Kind, error_field: &str) -> bool {
    visible(kind)
        .iter()
        .any(|(name, _)| is_field(error_field, name))
}

/// What a form sent for `name` (several values for a multiple choice).
pub(crate) fn sent_values(sent: &Fields, name: &str) -> Vec<String> {
    sent.iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// Whether an error's field is this input's: the same name, or the contract's name for it
/// (`exercise[0].sets` for the form's `exercise.sets`).
fn is_field(error_field: &str, name: &str) -> bool {
    let plain: String = {
        let mut out = String::new();
        let mut skip = false;
        for c in error_field.chars() {
            match c {
                '[' => skip = true,
                ']' => skip = false,
                _ if !skip => out.push(c),
                _ => {}
            }
        }
        out
    };
    plain == name
}

/// Inputs for `fields` (each with the name it is submitted under), ids prefixed by `form`,
/// filled with `current` (a field's present values; several for a multiple choice); the
/// `failed` field's message beside it, tied to it for screen readers.
fn field_inputs(
    form: &str,
    fields: &[(String, &'static Field)],
    current: &dyn Fn(&str) -> Vec<String>,
    failed: Option<(&str, &str)>,
) -> Markup {
    html! {
        @for (name, f) in fields {
            @let id = format!("{form}-{}", name.replace('.', "-"));
            @let req = required(name, f);
            @let now = current(name);
            @let first = now.first().cloned().unwrap_or_default();
            @let error = failed.filter(|(field, _)| is_field(field, name)).map(|(_, m)| m);
            label for=(id) { (label(f)) }
            @if let Some(m) = error { p.error.field-error id=(format!("{id}-error")) role="alert" { (m) } }
            @match f.ty {
                FieldType::Number { min, max } => input id=(id) aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{id}-error"))] type="number" name=(name) min=(min) max=(max) step="any" value=(first) required[req];,
                FieldType::Integer { min, max } => input id=(id) aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{id}-error"))] type="number" name=(name) min=(min) max=(max) step="1" value=(first) required[req];,
                FieldType::Bool => input id=(id) aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{id}-error"))] type="checkbox" name=(name) value="true" checked[first == "true"];,
                FieldType::Choice { names, .. } => select id=(id) aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{id}-error"))] name=(name) required[req] {
                    @if !req { option value="" { "—" } }
                    @for o in names { option value=(o) selected[first == *o] { (o.replace('_', " ")) } }
                },
                FieldType::Muscles => select id=(id) aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{id}-error"))] name=(name) multiple size="4" required[req] {
                    @for g in myo_model::MuscleGroup::ALL { option value=(g.name()) selected[now.iter().any(|v| v == g.name())] { (bodymap::display(g.name())) } }
                },
                FieldType::Names { names, .. } => select id=(id) aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{id}-error"))] name=(name) multiple size="4" required[req] {
                    @for o in names { option value=(o) selected[now.iter().any(|v| v == o)] { (o.replace('_', " ")) } }
                },
                FieldType::Exercise => input id=(id) aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| format!("{id}-error"))] type="text" name=(name) list=(EXERCISE_LIST) maxlength="200" value=(first) autocomplete="off" required[req];,
                FieldType::Ratings { .. } | FieldType::Exercises | FieldType::Lift => {},
            }
        }
    }
}

/// The athlete's profile fields (the registry's `[athlete]` table), filled from `profile`.
pub(crate) fn profile_inputs(profile: &myo_store::Profile) -> Markup {
    let fields: Vec<(String, &'static Field)> = ATHLETE_FIELDS
        .iter()
        .map(|f| (f.name.to_string(), f))
        .collect();
    let json = serde_json::to_value(profile).unwrap_or(Value::Null);
    field_inputs(
        "profile",
        &fields,
        &|name| match &json[name] {
            Value::Null => Vec::new(),
            Value::String(s) => vec![s.clone()],
            Value::Array(items) => items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            Value::Number(n) => vec![n
                .as_f64()
                .map(|x| {
                    if x.fract() == 0.0 {
                        format!("{}", x as i64)
                    } else {
                        x.to_string()
                    }
                })
                .unwrap_or_default()],
            v => vec![v.to_string()],
        },
        None,
    )
}

/// A profile from its submitted form, with the time zone given; checked by the store.
pub(crate) fn profile_from_form(
    fields: &Fields,
    time_zone: myo_scenario::Zone,
) -> Result<myo_store::Profile, WebError> {
    let mut obj = Map::new();
    for f in ATHLETE_FIELDS {
        if let Some(v) = value(f.name, f, fields)? {
            obj.insert(f.name.to_string(), v);
        }
    }
    // The contract names the field at fault (a missing or out-of-range value).
    myo_scenario::AthleteSpec::from_json(&Value::Object(obj.clone()))?;
    obj.insert("time_zone".into(), Value::from(time_zone.to_string()));
    serde_json::from_value(Value::Object(obj)).map_err(|e| WebError::bad("profile", e.to_string()))
}

/// The catalogue's exercise names, for the strength form's autocomplete.
pub(crate) fn exercise_names() -> Markup {
    html! {
        datalist id=(EXERCISE_LIST) {
            @for name in myo_scenario::registry::exercise_names() { option value=(name) {} }
            // Common names ("back squat", "rdl"): the browser shows the catalogue's name beside.
            @for (alias, name) in myo_scenario::registry::exercise_aliases() { option value=(alias) { (name) } }
        }
    }
}

/// A submitted value in the contract's JSON shape; `None` when left empty.
fn value(name: &str, f: &Field, fields: &Fields) -> Result<Option<Value>, WebError> {
    let all: Vec<&str> = fields
        .iter()
        .filter(|(k, v)| k == name && !v.trim().is_empty())
        .map(|(_, v)| v.trim())
        .collect();
    match f.ty {
        FieldType::Muscles | FieldType::Names { .. } if !all.is_empty() => Ok(Some(Value::Array(
            all.iter().map(|v| Value::from(*v)).collect(),
        ))),
        _ => match all.first() {
            Some(first) => one(name, f, first),
            None => Ok(None),
        },
    }
}

/// One submitted value of a single-valued field; `None` when empty.
fn one(name: &str, f: &Field, raw: &str) -> Result<Option<Value>, WebError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let number = || -> Result<Value, WebError> {
        let x: f64 = raw
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite())
            .ok_or_else(|| WebError::bad(name, format!("\"{raw}\" is not a number")))?;
        // Whole numbers as integers: the integer fields take only those.
        Ok(if x.fract() == 0.0 && x.abs() < 1e15 {
            Value::from(x as i64)
        } else {
            Value::from(x)
        })
    };
    Ok(Some(match f.ty {
        FieldType::Number { .. } | FieldType::Integer { .. } => number()?,
        FieldType::Bool => Value::Bool(matches!(raw, "true" | "on")),
        FieldType::Choice { .. } | FieldType::Exercise => Value::from(raw),
        FieldType::Muscles | FieldType::Names { .. } => Value::Array(vec![Value::from(raw)]),
        FieldType::Ratings { .. } | FieldType::Exercises | FieldType::Lift => return Ok(None),
    }))
}

/// The exercises of a strength form: its `exercise.*` fields by position (every block submits
/// each of its inputs, empty or not), each exercise's body-weight load filled in.
fn exercises(kind: Kind, fields: &Fields) -> Result<Vec<Value>, WebError> {
    let inner: Vec<(String, &'static Field)> = visible(kind)
        .into_iter()
        .filter(|(name, _)| name.starts_with("exercise."))
        .collect();
    let count = fields.iter().filter(|(k, _)| k == "exercise.name").count();
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let mut x = Map::new();
        for (name, f) in &inner {
            let raw = fields
                .iter()
                .filter(|(k, _)| k == name)
                .nth(i)
                .map_or("", |(_, v)| v.as_str());
            if let Some(v) = one(name, f, raw)? {
                x.insert(name["exercise.".len()..].to_string(), v);
            }
        }
        if x.is_empty() {
            continue;
        }
        // Pull-ups and push-ups: their share of body mass is the load.
        if let Some(name) = x.get("name").and_then(Value::as_str).map(str::to_string) {
            myo_scenario::notation::default_load(&name, &mut x);
        }
        out.push(Value::Object(x));
    }
    Ok(out)
}

/// An event's fields as its kind's form submits them (for the edit form), or `None` when the
/// form cannot show them all (a soreness map, an exercise given by muscles): those are edited
/// as JSON, so that nothing is lost.
pub(crate) fn form_fields(event: &EventSpec) -> Option<Fields> {
    let kind = event.kind();
    let shown = visible(kind);
    let has = |name: &str| shown.iter().any(|(n, _)| n == name);
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut out = Fields::new();
    for (k, v) in event.fields() {
        match (k.as_str(), v) {
            ("exercise", Value::Array(list)) => {
                for x in list {
                    let x = x.as_object()?;
                    if x.keys().any(|f| !has(&format!("exercise.{f}"))) {
                        return None;
                    }
                    // Every input of the block, in form order, empty when not given.
                    for (name, _) in shown.iter().filter(|(n, _)| n.starts_with("exercise.")) {
                        let v = x.get(&name["exercise.".len()..]);
                        out.push((name.clone(), v.map(text).unwrap_or_default()));
                    }
                }
            }
            ("lift", Value::Object(x)) => {
                for (f, v) in x {
                    let name = format!("lift.{f}");
                    if !has(&name) {
                        return None;
                    }
                    out.push((name, text(&v)));
                }
            }
            (name, Value::Array(items)) if has(name) => {
                out.extend(items.iter().map(|v| (name.to_string(), text(v))));
            }
            (name, v) if has(name) && !v.is_object() && !v.is_array() => {
                out.push((name.to_string(), text(&v)));
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Effort measures in the order the forms use them when several are given: the most direct
/// first (power needs its FTP).
const EFFORT_ORDER: &[&str] = &["power_w", "avg_hr", "pct_max_hr", "pct_vo2max", "rpe"];

/// What a kind's form says about giving several effort measures (`None`: one or none).
pub(crate) fn effort_hint(kind: Kind) -> Option<&'static str> {
    kind.rules()
        .iter()
        .any(|r| matches!(r, myo_scenario::registry::Rule::ExactlyOne(_)))
        .then_some(
            "Give the effort measures you know: with several, myo uses power (with your FTP), \
             then heart rate, then % of VO2max, then RPE.",
        )
}

/// Keeps one effort measure of each "exactly one" group: the first of [`EFFORT_ORDER`] given
/// (power only with its FTP), so that people can enter heart rate and RPE together.
fn one_effort(kind: Kind, obj: &mut Map<String, Value>) {
    for rule in kind.rules() {
        let myo_scenario::registry::Rule::ExactlyOne(group) = rule else {
            continue;
        };
        let given: Vec<&str> = group
            .iter()
            .copied()
            .filter(|f| obj.contains_key(*f))
            .collect();
        if given.len() < 2 {
            continue;
        }
        let keep = EFFORT_ORDER
            .iter()
            .copied()
            .filter(|f| given.contains(f))
            .find(|f| *f != "power_w" || obj.contains_key("ftp_w"))
            .unwrap_or(given[0]);
        for f in given {
            if f != keep {
                obj.remove(f);
            }
        }
    }
}

/// The event a kind's form describes, checked by the event contract.
pub(crate) fn event_from_form(
    kind: Kind,
    fields: &Fields,
    at: DateTime<FixedOffset>,
) -> Result<NewEvent, WebError> {
    let mut obj = Map::new();
    let mut lift = Map::new();
    for (name, f) in visible(kind) {
        if name.starts_with("exercise.") {
            continue;
        }
        let Some(v) = value(&name, f, fields)? else {
            continue;
        };
        if let Some(inner) = name.strip_prefix("lift.") {
            lift.insert(inner.to_string(), v);
        } else {
            obj.insert(name, v);
        }
    }
    if kind == Kind::Strength {
        obj.insert("exercise".into(), Value::Array(exercises(kind, fields)?));
    }
    one_effort(kind, &mut obj);
    if !lift.is_empty() {
        obj.insert("lift".into(), Value::Object(lift));
    }
    obj.insert("kind".into(), Value::from(kind.name()));
    let event = EventSpec::from_json(&Value::Object(obj))?;
    Ok(NewEvent { at, event })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> Fields {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn every_kind_has_a_form_and_reads_back() {
        let at = DateTime::parse_from_rfc3339("2026-03-10T08:00:00+01:00").unwrap();
        for kind in Kind::ALL {
            let html = inputs(kind, &Vec::new(), None).into_string();
            if kind != Kind::Observation && kind != Kind::Meal {
                assert!(html.contains("required"), "{kind}: {html}");
            }
        }
        let e = event_from_form(
            Kind::Strength,
            &form(&[
                ("exercise.name", "Barbell Squat"),
                ("exercise.sets", "5"),
                ("exercise.reps", "5"),
                ("exercise.load_kg", "100"),
                ("rpe", "8"),
                ("exercise.contraction", ""),
            ]),
            at,
        )
        .unwrap();
        assert_eq!(e.kind(), Kind::Strength);
        // A body-weight move needs no load; a barbell lift does.
        let bodyweight = |name: &str| {
            event_from_form(
                Kind::Strength,
                &form(&[
                    ("exercise.name", name),
                    ("exercise.sets", "4"),
                    ("exercise.reps", "8"),
                ]),
                at,
            )
        };
        assert!(bodyweight("Pullups").is_ok());
        // Heart rate and RPE together: heart rate is used, as the form says.
        let run = event_from_form(
            Kind::Endurance,
            &form(&[
                ("sport", "run"),
                ("minutes", "40"),
                ("avg_hr", "150"),
                ("rpe", "6"),
            ]),
            at,
        )
        .unwrap();
        assert_eq!(run.event.fields()["avg_hr"], 150);
        assert!(!run.event.fields().contains_key("rpe"));
        assert!(effort_hint(Kind::Endurance).is_some() && effort_hint(Kind::Sleep).is_none());
        // Power without its FTP is not the one used.
        let ride = event_from_form(
            Kind::Endurance,
            &form(&[
                ("sport", "cycle"),
                ("minutes", "60"),
                ("power_w", "200"),
                ("rpe", "6"),
            ]),
            at,
        )
        .unwrap();
        assert_eq!(ride.event.fields()["rpe"], 6);
        assert!(bodyweight("Barbell Squat").is_err());
        let e = event_from_form(
            Kind::DryNeedling,
            &form(&[("muscles", "calves"), ("muscles", "hamstrings")]),
            at,
        );
        assert!(e.is_ok());
    }

    #[test]
    fn what_the_parser_refuses_the_form_does_not_offer() {
        let html = inputs(Kind::Cold, &Vec::new(), None).into_string();
        assert!(!html.contains("value=\"pack\""), "{html}");
        let html = inputs(Kind::Fluid, &Vec::new(), None).into_string();
        assert!(html.contains("max=\"5\""), "{html}");
        let at = DateTime::parse_from_rfc3339("2026-03-10T08:00:00+01:00").unwrap();
        let err = event_from_form(Kind::Fluid, &form(&[("litres", "10")]), at).unwrap_err();
        assert!(err.to_string().contains("out of range"), "{err}");
    }
}
