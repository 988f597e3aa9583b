//! `myo simulate`: the spec's JSON contract, the table, and bad input.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

fn write_temp(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("myo-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn simulate_json(path: &Path, extra: &[&str]) -> Value {
    let out = crate::myo()
        .arg("simulate")
        .arg(path)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

const MUSCLE_FIELDS: [&str; 11] = [
    "force_pct",
    "soreness",
    "damage",
    "inflammation",
    "swelling_pct",
    "metabolites",
    "glycogen_pct",
    "perfusion",
    "tension",
    "phase",
    "readiness",
];
const SYSTEMIC_FIELDS: [&str; 9] = [
    "lactate_mmol",
    "neural_fatigue",
    "sleep_debt_h",
    "hydration_pct",
    "autonomic",
    "fitness",
    "fatigue",
    "form",
    "readiness",
];

#[test]
fn examples_give_spec_conformant_json() {
    for entry in std::fs::read_dir(examples()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let json = simulate_json(&path, &[]);
        assert_eq!(json["model"]["name"], "myo");
        for key in ["sex", "age", "body_mass_kg", "training_status", "max_hr"] {
            assert!(!json["athlete"][key].is_null(), "{key}");
        }
        let points = json["points"].as_array().unwrap();
        assert!(!points.is_empty());
        let mut last = f64::NEG_INFINITY;
        for p in points {
            let offset = p["offset_h"].as_f64().unwrap();
            assert!(offset > last, "points ascend");
            last = offset;
            chrono_like(p["at"].as_str().unwrap());
            let muscles = p["muscles"].as_object().unwrap();
            assert!(!muscles.is_empty());
            for (name, m) in muscles {
                assert!(myo_model::MuscleGroup::parse(name).is_ok(), "{name}");
                for f in MUSCLE_FIELDS {
                    assert!(!m[f].is_null(), "{}: {name}.{f}", path.display());
                }
                let phase = m["phase"].as_str().unwrap();
                assert!(["none", "inflammation", "repair", "remodelling"].contains(&phase));
                let r = m["readiness"].as_f64().unwrap();
                assert!((0.0..=100.0).contains(&r));
            }
            for f in SYSTEMIC_FIELDS {
                assert!(p["systemic"][f].is_number(), "{f}");
            }
            for flag in p["flags"].as_array().unwrap() {
                assert!(["info", "warning", "urgent"].contains(&flag["severity"].as_str().unwrap()));
                assert!(flag["code"].is_string() && flag["message"].is_string());
            }
        }
        for (name, r) in json["ready_at"].as_object().unwrap() {
            assert!(myo_model::MuscleGroup::parse(name).is_ok());
            for level in ["moderate", "hard"] {
                assert!(r[level].is_null() || r[level].is_string());
            }
        }
        for a in json["advice"].as_array().unwrap() {
            let code = a["code"].as_str().unwrap();
            assert!(
                code.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}"
            );
            assert!(a["evidence"].is_array() && a["text"].is_string());
        }
    }
}

fn chrono_like(text: &str) {
    assert!(text.len() >= 20 && text.as_bytes()[10] == b'T', "{text}");
}

#[test]
fn query_flags_override_the_file() {
    let path = examples().join("lifters-week.toml");
    let json = simulate_json(&path, &["--at", "+1h,+2d"]);
    let offsets: Vec<f64> = json["points"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["offset_h"].as_f64().unwrap())
        .collect();
    assert_eq!(offsets, [1.0, 48.0]);
    let json = simulate_json(&path, &["--every", "12h", "--until", "+2d"]);
    assert_eq!(json["points"].as_array().unwrap().len(), 5);
    let json = simulate_json(&path, &["--at=-2h"]);
    assert_eq!(json["points"][0]["offset_h"], -2.0);
}

#[test]
fn table_output_is_readable_and_plain_on_a_pipe() {
    let out = crate::myo()
        .args(["simulate", "--format", "table"])
        .arg(examples().join("downhill-long-run.toml"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("quadriceps") && text.contains("ready at") && text.contains("defaults:"));
    assert!(!text.contains('\u{1b}'), "no colour codes on a pipe");
    // Muscles are listed least ready first.
    let block: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("muscle"))
        .skip(1)
        .take_while(|l| l.starts_with("  ") && !l.contains('!'))
        .collect();
    let readiness: Vec<f64> = block
        .iter()
        .filter_map(|l| l.split_whitespace().nth(1)?.parse().ok())
        .collect();
    assert!(readiness.windows(2).all(|w| w[0] <= w[1]), "{readiness:?}");
}

/// Runs a bad scenario: exit 2, one line on stderr naming the file, nothing on stdout.
fn check_bad(name: &str, bytes: &[u8], expect: &[&str]) {
    let path = write_temp(name, bytes);
    let out = crate::myo()
        .arg("simulate")
        .arg(&path)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
    assert!(out.stdout.is_empty(), "{name}: no partial output");
    assert_eq!(
        stderr.trim_end().lines().count(),
        1,
        "{name}: one line: {stderr}"
    );
    assert!(stderr.contains(name), "{name}: names the file: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for e in expect {
        assert!(stderr.contains(e), "{name}: {stderr} lacks {e}");
    }
}

const GOOD: &str = r#"[athlete]
sex = "male"
age = 24
body_mass_kg = 75
training_status = "untrained"

[[event]]
at = "+0h"
kind = "strength"
  [[event.exercise]]
  muscles = ["biceps"]
  sets = 3
  reps = 10
  maximal = true
  contraction = "eccentric"

[[event]]
at = "+2h"
kind = "massage"
minutes = 30
muscles = ["biceps"]
"#;

#[test]
fn malformed_scenarios_exit_2_with_file_line_and_field() {
    check_bad(
        "unknown-kind.toml",
        GOOD.replace("\"massage\"", "\"massag\"").as_bytes(),
        &[
            ":19:",
            "event 2",
            "unknown kind \"massag\"",
            "did you mean \"massage\"",
        ],
    );
    check_bad(
        "unknown-muscle.toml",
        GOOD.replace("muscles = [\"biceps\"]\n\"", "")
            .replace("muscles = [\"biceps\"]\n", "muscles = [\"quads\"]\n")
            .as_bytes(),
        &[
            ":11:",
            "event 1",
            "unknown muscle group \"quads\"",
            "did you mean \"quadriceps\"",
        ],
    );
    check_bad(
        "negative-minutes.toml",
        GOOD.replace("minutes = 30", "minutes = -30").as_bytes(),
        &[":20:", "event 2", "minutes"],
    );
    check_bad(
        "bad-time.toml",
        GOOD.replace("\"+2h\"", "\"+2x\"").as_bytes(),
        &[":18:", "event 2", "bad time \"+2x\""],
    );
    check_bad(
        "broken.toml",
        GOOD.replace("sets = 3", "sets = = 3").as_bytes(),
        &[":12:"],
    );
    check_bad("empty.toml", b"", &["empty"]);
    check_bad(
        "unknown-field.toml",
        GOOD.replace("minutes = 30", "minutes = 30\nspeed = 3")
            .as_bytes(),
        &["speed"],
    );
    check_bad(
        "field-of-other-kind.toml",
        GOOD.replace("minutes = 30", "minutes = 30\nhours = 3")
            .as_bytes(),
        &[":21:", "field `hours` is not used by kind \"massage\""],
    );
    check_bad(
        "unknown-exercise.toml",
        GOOD.replace(
            "muscles = [\"biceps\"]\n  sets",
            "name = \"barbel squat\"\n  sets",
        )
        .as_bytes(),
        &[
            "unknown exercise \"barbel squat\"",
            "did you mean \"Barbell Squat\"",
        ],
    );
    check_bad(
        "no-athlete.toml",
        b"[[event]]\nat = \"+0h\"\nkind = \"sleep\"\nhours = 8\n",
        &["athlete"],
    );
    check_bad("two-efforts.toml", b"[athlete]\nsex = \"female\"\nage = 30\nbody_mass_kg = 60\ntraining_status = \"trained\"\n[[event]]\nat = \"+0h\"\nkind = \"endurance\"\nsport = \"run\"\nminutes = 30\nrpe = 5\navg_hr = 150\n", &[":11:", "only one"]);
    check_bad(
        "bad-status.toml",
        GOOD.replace("\"untrained\"", "\"untraned\"").as_bytes(),
        &[":5:", "did you mean \"untrained\""],
    );
}

#[test]
fn garbage_is_bad_input_not_a_crash() {
    // 10 MB of text garbage and of binary garbage.
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let text: Vec<u8> = (0..10 * 1024 * 1024)
        .map(|_| b"ab=[]{}\"\n .#+-0123xyz"[(next() % 21) as usize])
        .collect();
    check_bad("garbage.toml", &text, &[]);
    let binary: Vec<u8> = (0..10 * 1024 * 1024).map(|_| next() as u8).collect();
    check_bad("binary.toml", &binary, &["UTF-8"]);
    check_bad("missing.toml", b"", &[]);
}

#[test]
fn a_missing_file_and_bad_flags_exit_2() {
    let out = crate::myo()
        .args(["simulate", "/nonexistent/scenario.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/scenario.toml"));
    let path = examples().join("lifters-week.toml");
    let out = crate::myo()
        .arg("simulate")
        .arg(&path)
        .args(["--at", "+2q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--at"));
    let out = crate::myo()
        .arg("simulate")
        .arg(&path)
        .args(["--format", "xml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
