//! `myo plan` and the advisor's output in `myo simulate` (advice, ready_range, --compare).

use std::path::{Path, PathBuf};

use serde_json::Value;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

fn run_json(args: &[&str]) -> Value {
    let out = crate::myo().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn temp(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("myo-plan-it-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

const DECISIONS: [&str; 6] = [
    "seek_medical_care",
    "rest",
    "active_recovery",
    "train_other_groups",
    "train_moderately",
    "train_hard",
];

#[test]
fn every_example_gets_a_whole_plan_with_reasons_and_sources() {
    for example in ["lifters-week", "downhill-long-run", "match-and-recovery"] {
        let file = repo(&format!("examples/{example}.toml"));
        let plan = run_json(&["plan", file.to_str().unwrap(), "--format", "json"]);
        let decision = plan["decision"].as_str().unwrap();
        assert!(DECISIONS.contains(&decision), "{example}: {decision}");
        assert_eq!(plan["muscles"].as_array().unwrap().len(), 17, "{example}");
        for g in plan["muscles"].as_array().unwrap() {
            let summary = g["explanation"]["summary"].as_str().unwrap();
            assert!(summary.contains("/100:"), "{summary}");
            assert!(g["max_sets"].as_u64().is_some());
        }
        assert!(plan["nutrition"]["protein_g_per_meal"].as_f64().unwrap() > 0.0);
        assert!(plan["sleep"]["hours"].as_f64().unwrap() >= 7.0);
        assert_eq!(plan["split"].as_array().unwrap().len(), 4);
        for reason in plan["reasons"].as_array().unwrap() {
            assert!(
                !reason["evidence"].as_array().unwrap().is_empty(),
                "{reason}"
            );
        }
        // The table for people shows the same plan.
        let out = crate::myo()
            .args(["plan", file.to_str().unwrap(), "--format", "table"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("Suggested split") && text.contains("Nutrition"),
            "{text}"
        );
    }
}

#[test]
fn a_red_flag_plan_is_only_seek_medical_care() {
    let file = repo("crates/myo/tests/validation/sample/v15-chest-pain.toml");
    let plan = run_json(&["plan", file.to_str().unwrap(), "--format", "json"]);
    assert_eq!(plan["decision"], "seek_medical_care");
    assert!(plan["muscles"].as_array().unwrap().is_empty());
    let sim = run_json(&["simulate", file.to_str().unwrap(), "--format", "json"]);
    let codes: Vec<&str> = sim["advice"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["seek_medical_care"]);
}

#[test]
fn a_bad_date_is_bad_input_naming_the_flag() {
    let file = repo("examples/lifters-week.toml");
    let out = crate::myo()
        .args(["plan", file.to_str().unwrap(), "--date", "2026-13-40"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--date") && err.contains("2026-13-40"),
        "{err}"
    );
}

#[test]
fn a_date_picks_the_morning_of_that_day() {
    let file = repo("examples/match-and-recovery.toml");
    let plan = run_json(&[
        "plan",
        file.to_str().unwrap(),
        "--date",
        "2026-01-07",
        "--format",
        "json",
    ]);
    assert!(
        plan["at"].as_str().unwrap().starts_with("2026-01-07T07:00"),
        "{}",
        plan["at"]
    );
}

#[test]
fn simulate_reports_a_ready_range_that_a_seed_reproduces() {
    let file = repo("examples/lifters-week.toml");
    let f = file.to_str().unwrap();
    let a = run_json(&["simulate", f, "--format", "json", "--seed", "7"]);
    let b = run_json(&["simulate", f, "--format", "json", "--seed", "7"]);
    assert_eq!(a["ready_range"], b["ready_range"]);
    assert_eq!(a["ensemble"]["seed"], 7);
    let ranges = a["ready_range"].as_object().unwrap();
    assert_eq!(ranges.len(), a["ready_at"].as_object().unwrap().len());
    for (group, r) in ranges {
        for level in ["moderate", "hard"] {
            let q: Vec<Option<&str>> = ["p10", "p50", "p90"]
                .iter()
                .map(|p| r[level][p].as_str())
                .collect();
            // RFC 3339 in one offset sorts as text; null (beyond 28 days) sorts last.
            let key = |x: &Option<&str>| x.map_or("~".to_string(), |s| s.to_string());
            assert!(
                key(&q[0]) <= key(&q[1]) && key(&q[1]) <= key(&q[2]),
                "{group} {level}: {q:?}"
            );
        }
    }
    let out = crate::myo()
        .args(["simulate", f, "--members", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

const SQUATS: &str = r#"
[scenario]
start = "2026-01-05T08:00:00Z"
[athlete]
sex = "female"
age = 30
body_mass_kg = 62
training_status = "recreational"
[[event]]
at = "+10h"
kind = "strength"
  [[event.exercise]]
  name = "Barbell Squat"
  sets = 5
  reps = 8
  pct_1rm = 80
  contraction = "eccentric"
[query]
at = ["+24h", "+48h"]
muscles = ["quadriceps", "glutes"]
"#;

#[test]
fn compare_shows_when_each_group_is_ready_under_two_plans() {
    let a = temp("plain.toml", SQUATS);
    let b = temp(
        "treated.toml",
        &SQUATS.replace(
            "[query]",
            r#"[[event]]
at = "+30h"
kind = "massage"
minutes = 30
muscles = ["quadriceps", "glutes"]
[[event]]
at = "+14h"
kind = "sleep"
hours = 9
[[event]]
at = "+38h"
kind = "sleep"
hours = 9
[query]"#,
        ),
    );
    let cmp = run_json(&[
        "simulate",
        "--compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let quads = &cmp["muscles"]["quadriceps"];
    assert!(
        quads["a"]["hard"].is_string() && quads["b"]["hard"].is_string(),
        "{quads}"
    );
    let diff = quads["hard_difference_h"].as_f64().unwrap();
    assert!(
        diff <= 0.0,
        "massage and sleep never delay readiness: {diff}"
    );
    let out = crate::myo()
        .args([
            "simulate",
            "--compare",
            a.to_str().unwrap(),
            b.to_str().unwrap(),
            "--format",
            "table",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("quadriceps") && text.contains("B - A"),
        "{text}"
    );
}
