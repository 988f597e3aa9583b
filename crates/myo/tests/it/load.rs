//! `myo load`: outputs in each format, malformed rows with line numbers, empty input.

use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;

/// Writes `content` to a fresh file under the system temp dir and returns its path.
fn file(name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("myo-it-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn run(args: &[&str], path: &PathBuf) -> Output {
    crate::myo()
        .arg("load")
        .arg(path)
        .args(args)
        .output()
        .unwrap()
}

/// 21 days of 30 AU then 7 of 50: the CRAN ACWR package's unit-test scenario.
fn scenario() -> String {
    let mut s = String::from("date,load_au\n");
    for d in 0..28 {
        let load = if d < 21 { 30 } else { 50 };
        s.push_str(&format!("2022-01-{:02},{load}\n", d + 1));
    }
    s
}

#[test]
fn json_has_every_day_and_the_acwr_package_values() {
    let p = file("scenario.csv", &scenario());
    let out = run(&["--format", "json"], &p);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let days = v["days"].as_array().unwrap();
    assert_eq!(days.len(), 28);
    let last = &days[27];
    assert_eq!(last["date"], "2022-01-28");
    // ACWR package: EWMA ACWR 1.249746 on the last day.
    assert!((last["acwr_ewma"].as_f64().unwrap() - 1.249_745_541_310_91).abs() < 1e-9);
    // Coupled 7/28 rolling: 50 / 35.
    assert!((last["acwr_rolling_coupled"].as_f64().unwrap() - 50.0 / 35.0).abs() < 1e-12);
    assert!(days[26]["acwr_rolling_coupled"].is_null());
    assert!(v["warning"]
        .as_str()
        .unwrap()
        .contains("not an injury predictor"));
    // Next-day form: day 1's form is the seeds' difference.
    assert_eq!(days[0]["form_au"].as_f64().unwrap(), 0.0);
}

#[test]
fn table_and_csv() {
    let p = file("table.csv", &scenario());
    let out = run(&["--last", "3"], &p);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("date"), "{text}");
    assert!(
        text.contains("2022-01-28") && !text.contains("2022-01-25"),
        "{text}"
    );
    assert!(text.contains("not an injury predictor"));

    let out = run(&["--format", "csv", "--smoothing", "span"], &p);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 29);
    assert!(lines[0].starts_with("date,load_au,kind,fitness_au"));
    // Runalyze smoothing, λ = 2/43 after one day of 30 AU from 0.
    let fitness: f64 = lines[1].split(',').nth(3).unwrap().parse().unwrap();
    assert!((fitness - 30.0 * 2.0 / 43.0).abs() < 1e-4, "{fitness}");
}

#[test]
fn session_rpe_planned_and_projection() {
    let p = file(
        "sessions.csv",
        "date,rpe,minutes,planned\n2024-03-01,6,50,no\n2024-03-01,3,20,no\n2024-03-03,7,60,yes\n",
    );
    let out = run(&["--format", "json", "--project-days", "2"], &p);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let days = v["days"].as_array().unwrap();
    let kinds: Vec<&str> = days.iter().map(|d| d["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["done", "planned", "planned", "projected", "projected"]
    );
    assert_eq!(days[0]["load_au"], 360.0);
    assert_eq!(days[2]["load_au"], 420.0);
}

#[test]
fn malformed_rows_name_file_and_line() {
    let p = file(
        "bad.csv",
        "date,load_au\n2024-01-01,40\n# comment\n2024-01-02,abc\n",
    );
    let out = run(&[], &p);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("bad.csv:4: column \"load_au\": \"abc\" is not a number"),
        "{err}"
    );

    let p = file("baddate.csv", "date,rpe,minutes\n2024-13-01,5,30\n");
    let out = run(&[], &p);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("baddate.csv:2: column \"date\""));

    let p = file("rpe.csv", "date,rpe,minutes\n2024-01-01,12,30\n");
    let out = run(&[], &p);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("rpe.csv:2: columns \"rpe\", \"minutes\": RPE 12 must be 0–10"));
}

#[test]
fn empty_file_is_bad_input() {
    for (name, content) in [("empty.csv", ""), ("header.csv", "date,load_au\n")] {
        let out = run(&[], &file(name, content));
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(name));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn global_json_flag_gives_json() {
    let p = file("scenario-json.csv", &scenario());
    let out = run(&["--json"], &p);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["days"].as_array().unwrap().len(), 28);
    // An explicit --format wins.
    let out = run(&["--json", "--format", "csv"], &p);
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("date,"));
}
