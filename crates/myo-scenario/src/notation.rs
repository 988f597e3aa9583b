//! The short notation people type for an exercise's sets, shared by `myo log strength` and
//! the web's quick form: `5x5@100kg`, `3x10@70%`, `3x8@rir2`, `3x12@bw`, `1x1@max`, `225lb`,
//! with `:ecc`, `:con`, `:iso` and `:fail` after it. A body-weight exercise ("Pull-ups 4x8")
//! needs no load: its own share of body mass is the load.

use serde_json::{json, Map, Value};

/// How the notation is written, for error messages.
pub const USAGE: &str =
    "use SETSxREPS@LOAD, e.g. 5x5@100kg, 3x10@70%, 3x8@rir2, 3x12@bw or 1x1@max";

/// The fields that give a set's load; the contract wants exactly one.
const LOAD_FIELDS: [&str; 4] = ["load_kg", "pct_1rm", "rir", "maximal"];

/// Whole numbers as JSON integers (the integer fields take only those).
fn number_value(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

/// A named exercise's fields from its sets (`name` as given, `spec` in the notation): a
/// body-weight exercise of the catalogue without a load lifts its share of body mass (no
/// external load); any other needs one.
pub fn exercise(name: &str, spec: &str) -> Result<Map<String, Value>, String> {
    let mut x = set_spec(spec)?;
    if !default_load(name, &mut x) {
        return Err(format!("\"{spec}\": no load for \"{name}\" ({USAGE})"));
    }
    x.insert("name".into(), json!(name));
    Ok(x)
}

/// Gives an exercise's fields without a load the load of a body-weight exercise of the
/// catalogue (no external load). Whether the fields now have a load.
pub fn default_load(name: &str, fields: &mut Map<String, Value>) -> bool {
    if LOAD_FIELDS.iter().any(|k| fields.contains_key(*k)) {
        return true;
    }
    let bodyweight = myo_catalogue::catalogue()
        .find(name)
        .is_ok_and(|e| e.is_bodyweight());
    if bodyweight {
        fields.insert("load_kg".into(), json!(0));
    }
    bodyweight
}

/// Parses `SETSxREPS[@LOAD][:ecc][:fail]` into an exercise's fields (no load field when none
/// is written: [`exercise`] fills a body-weight exercise's).
pub fn set_spec(spec: &str) -> Result<Map<String, Value>, String> {
    let usage = USAGE;
    let mut parts = spec.split(':');
    let main = parts.next().unwrap_or_default().to_lowercase();
    let (sr, load) = main.split_once('@').unwrap_or((main.as_str(), ""));
    let (sets, reps) = sr
        .split_once(['x', '×'])
        .ok_or_else(|| format!("\"{spec}\": no SETSxREPS ({usage})"))?;
    let sets: u32 = sets
        .trim()
        .parse()
        .map_err(|_| format!("\"{spec}\": sets \"{sets}\" is not a whole number ({usage})"))?;
    let reps: u32 = reps
        .trim()
        .parse()
        .map_err(|_| format!("\"{spec}\": reps \"{reps}\" is not a whole number ({usage})"))?;
    let mut m = Map::new();
    m.insert("sets".into(), json!(sets));
    m.insert("reps".into(), json!(reps));
    let load = load.trim();
    let number = |t: &str| -> Result<f64, String> {
        t.trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| format!("\"{spec}\": load \"{load}\" is not a number ({usage})"))
    };
    if load.is_empty() {
        // No load written: the caller decides (a body-weight exercise's own mass).
    } else if load == "max" || load == "maximal" {
        m.insert("maximal".into(), json!(true));
    } else if load == "bw" || load == "bodyweight" {
        m.insert("load_kg".into(), json!(0));
    } else if let Some(r) = load.strip_prefix("rir") {
        m.insert("rir".into(), number_value(number(r)?));
    } else if let Some(p) = load.strip_suffix('%') {
        m.insert("pct_1rm".into(), number_value(number(p)?));
    } else if let Some(lb) = load.strip_suffix("lbs").or_else(|| load.strip_suffix("lb")) {
        let kg = (number(lb)? * 0.453_592_37 * 1000.0).round() / 1000.0;
        m.insert("load_kg".into(), number_value(kg));
    } else {
        let kg = load.strip_suffix("kg").unwrap_or(load);
        m.insert("load_kg".into(), number_value(number(kg)?));
    }
    for flag in parts {
        match flag.to_lowercase().as_str() {
            "ecc" | "eccentric" => {
                m.insert("contraction".into(), json!("eccentric"));
            }
            "con" | "concentric" => {
                m.insert("contraction".into(), json!("concentric"));
            }
            "iso" | "isometric" => {
                m.insert("contraction".into(), json!("isometric"));
            }
            "fail" | "failure" => {
                m.insert("to_failure".into(), json!(true));
            }
            other => {
                return Err(format!(
                    "\"{spec}\": unknown suffix \":{other}\" (use :ecc, :con, :iso or :fail)"
                ))
            }
        }
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notation_and_body_weight() {
        let x = exercise("Barbell Squat", "5x5@100kg:ecc").unwrap();
        assert_eq!(
            Value::Object(x),
            json!({"name": "Barbell Squat", "sets": 5, "reps": 5, "load_kg": 100, "contraction": "eccentric"})
        );
        assert_eq!(exercise("Squat", "3x10@70%").unwrap()["pct_1rm"], 70);
        assert_eq!(exercise("Squat", "3x8@225lb").unwrap()["load_kg"], 102.058);
        // Body-weight moves need no load; loaded ones do.
        assert_eq!(exercise("Pullups", "4x8").unwrap()["load_kg"], 0);
        assert_eq!(exercise("Push-ups", "3x15").unwrap()["load_kg"], 0);
        let e = exercise("Barbell Squat", "5x5").unwrap_err();
        assert!(e.contains("no load"), "{e}");
        assert!(set_spec("5x@100").is_err());
        assert!(set_spec("5x5@100:wobble").unwrap_err().contains(":wobble"));
    }
}
