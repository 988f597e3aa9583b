//! An event in words for people ("Endurance session: run, 45 min, RPE 7, 10 km"), written from the
//! registry's labels and units, so that a new field reads right everywhere without more code.

use serde_json::Value as Json;

use crate::registry::{Field, FieldType};
use crate::EventSpec;

/// A number without a trailing `.0`.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{}", (x * 1000.0).round() / 1000.0)
    }
}

/// A name as people write it: `lower_back` → `lower back`.
fn name(text: &str) -> String {
    text.replace('_', " ")
}

/// One field's value in words, from its label and unit: "45 min", "RPE 7", "to failure".
fn field_words(f: &Field, v: &Json) -> Option<String> {
    // The label's first part: "Quality, 1 (poor) to 5" reads as "Quality".
    let label = f.label.split([',', '(']).next().unwrap_or(f.label).trim();
    match (f.ty, v) {
        (FieldType::Bool, Json::Bool(true)) => Some(label.to_lowercase()),
        (FieldType::Bool, _) => None,
        (FieldType::Choice { .. } | FieldType::Exercise, Json::String(s)) => Some(name(s)),
        (FieldType::Muscles | FieldType::Names { .. }, Json::Array(items)) => Some(
            items
                .iter()
                .filter_map(Json::as_str)
                .map(name)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        (FieldType::Ratings { .. }, Json::Object(map)) => Some(format!(
            "{} {}",
            label.to_lowercase(),
            map.iter()
                .map(|(k, v)| format!("{} {}", name(k), v.as_f64().map_or(v.to_string(), number)))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        (_, Json::Number(n)) => {
            let x = number(n.as_f64().unwrap_or(f64::NAN));
            // Durations, distances, loads and volumes say what they are by their unit; a
            // heart rate or an HRV needs its label ("Resting heart rate 52 bpm").
            let plain = matches!(f.unit, Some("min" | "h" | "km" | "kg" | "L" | "g"));
            Some(match f.unit {
                Some(u) if plain => format!("{x} {u}"),
                Some(u) if u.starts_with('%') => format!("{label} {x}{u}"),
                Some(u) if !u.is_empty() => format!("{label} {x} {u}"),
                _ => format!("{label} {x}"),
            })
        }
        _ => None,
    }
}

/// A nested table (an exercise, a test set) in words: its name first, then the rest.
fn table_words(fields: &[Field], map: &serde_json::Map<String, Json>) -> String {
    let sets = map.get("sets").and_then(Json::as_f64);
    let reps = map.get("reps").and_then(Json::as_f64);
    let mut parts: Vec<String> = Vec::new();
    for f in fields {
        let Some(v) = map.get(f.name) else { continue };
        match f.name {
            "reps" if sets.is_some() => {}
            "sets" => parts.push(match reps {
                Some(r) => format!("{}×{}", number(sets.unwrap_or(0.0)), number(r)),
                None => format!("{} sets", number(sets.unwrap_or(0.0))),
            }),
            "load_kg" if v.as_f64() == Some(0.0) => parts.push("body weight".into()),
            _ => parts.extend(field_words(f, v)),
        }
    }
    parts.join(" ")
}

impl EventSpec {
    /// The event in words: its kind's label, then each field given, in the registry's order.
    pub fn in_words(&self) -> String {
        let kind = self.kind();
        let values = self.fields();
        let mut parts: Vec<String> = Vec::new();
        for f in kind.fields() {
            let Some(v) = values.get(f.name) else {
                continue;
            };
            match (f.table_fields(), v) {
                (Some(inner), Json::Array(list)) => parts.push(
                    list.iter()
                        .filter_map(Json::as_object)
                        .map(|m| table_words(inner, m))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
                (Some(inner), Json::Object(m)) => parts.push(format!(
                    "{}: {}",
                    f.label.to_lowercase(),
                    table_words(inner, m)
                )),
                _ => parts.extend(field_words(f, v)),
            }
        }
        let details = parts.join(", ");
        if details.is_empty() {
            kind.label().to_string()
        } else {
            format!("{}: {details}", kind.label())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn words(v: Json) -> String {
        EventSpec::from_json(&v).unwrap().in_words()
    }

    #[test]
    fn events_read_as_sentences() {
        assert_eq!(
            words(
                json!({"kind": "endurance", "sport": "run", "minutes": 45, "rpe": 7, "distance_km": 10})
            ),
            "Endurance session: run, 45 min, RPE 7, 10 km"
        );
        assert_eq!(
            words(json!({"kind": "strength", "rpe": 8, "exercise": [
                {"name": "Barbell Squat", "sets": 5, "reps": 5, "load_kg": 100},
                {"name": "Pullups", "sets": 4, "reps": 8, "load_kg": 0, "to_failure": true}]})),
            "Strength session: Barbell Squat 5×5 100 kg; Pullups 4×8 body weight to failure, Session RPE 8"
        );
        assert_eq!(
            words(json!({"kind": "sleep", "hours": 7.5, "quality": 4})),
            "Sleep: 7.5 h, Quality 4"
        );
        assert_eq!(
            words(json!({"kind": "observation", "rmssd_ms": 52, "resting_hr": 50})),
            "How I feel: Morning HRV 52 ms, Resting heart rate 50 bpm"
        );
    }
}
