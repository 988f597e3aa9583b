//! `myo hrv`: RR recordings (metrics) and daily HRV CSVs (baselines and verdicts).

use std::path::PathBuf;
use std::process::Output;

use serde_json::Value;

const PYHRV_NN: &str =
    include_str!("../../../myo-metrics/tests/data/hrv/pyhrv-short/SampleNNISeriesShort.txt");

fn file(name: &str, content: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("myo-it-hrv-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

fn run(path: &PathBuf, args: &[&str]) -> Output {
    crate::myo()
        .arg("hrv")
        .arg(path)
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn pyhrv_sample_in_ms_and_in_seconds() {
    let p = file("nn.txt", PYHRV_NN);
    let out = run(&p, &["--no-correction", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let t = &v["report"]["time"];
    assert!((t["rmssd_ms"].as_f64().unwrap() - 101.300_634_017_665_22).abs() < 1e-6);
    assert_eq!(t["nn50"], 163);
    let hf = v["report"]["frequency"]["hf"]["power_ms2"]
        .as_f64()
        .unwrap();
    assert!((hf / 5_337.081_162_110_837 - 1.0).abs() < 0.01, "{hf}");

    // The same series in seconds, as a CSV with a header.
    let mut csv = String::from("index,rr_s\n");
    for (i, l) in PYHRV_NN.lines().enumerate() {
        let ms: f64 = l.trim().parse().unwrap();
        csv.push_str(&format!("{i},{}\n", ms / 1000.0));
    }
    let out = run(
        &file("nn.csv", &csv),
        &["--no-correction", "--format", "json"],
    );
    assert!(out.status.success());
    let w: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rmssd = w["report"]["time"]["rmssd_ms"].as_f64().unwrap();
    assert!((rmssd - 101.300_634_017_665_22).abs() < 1e-6);
}

#[test]
fn table_reports_corrected_artefacts() {
    let mut rr: Vec<f64> = (0..300)
        .map(|i| 850.0 + 30.0 * (i as f64 * 1.1).sin())
        .collect();
    rr[100] += rr[101]; // a missed beat
    rr.remove(101);
    let text: String = rr.iter().map(|v| format!("{v}\n")).collect();
    let out = run(&file("rr.txt", &text), &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.contains("1 missed"), "{s}");
    assert!(s.contains("RMSSD (ms)") && s.contains("HF"), "{s}");
}

#[test]
fn malformed_line_is_reported_with_its_number() {
    let out = run(&file("bad.txt", "800\n810\n\nabc\n"), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.txt:4:"), "{err}");
}

#[test]
fn empty_and_all_artefact_series_are_errors() {
    for (name, content) in [
        ("empty.txt", String::new()),
        ("junk.txt", "40\n".repeat(50)),
        (
            "spiky.txt",
            (0..300)
                .map(|i| if i % 3 == 0 { "300\n" } else { "800\n" })
                .collect(),
        ),
    ] {
        let out = run(&file(name, &content), &[]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(name), "{err}");
        assert!(!String::from_utf8(out.stdout).unwrap().contains("NaN"));
    }
}

#[test]
fn daily_csv_gives_verdicts_after_enough_days() {
    let mut csv = String::from("date,rmssd_ms,resting_hr_bpm\n");
    for d in 0..40u32 {
        let rmssd = if d < 33 {
            if d % 2 == 0 {
                60.0
            } else {
                70.0
            }
        } else {
            38.0
        };
        csv.push_str(&format!(
            "2024-05-{:02},{rmssd},{}\n",
            d % 31 + 1,
            50 + d % 3
        ));
        if d == 30 {
            break;
        }
    }
    // Continue into June for the suppressed week.
    for d in 1..=9u32 {
        let rmssd = if d <= 2 { 65.0 } else { 38.0 };
        csv.push_str(&format!("2024-06-{d:02},{rmssd},58\n"));
    }
    let p = file("daily.csv", &csv);
    let out = run(&p, &["--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let days = v["days"].as_array().unwrap();
    assert_eq!(days.len(), 40);
    assert_eq!(days[0]["status"], "insufficient_data");
    assert_eq!(days[0]["advice"], "no_verdict");
    assert_eq!(days[25]["status"], "within_range");
    assert_eq!(days[39]["date"], "2024-06-09");
    assert_eq!(days[39]["status"], "suppressed");
    assert_eq!(days[39]["advice"], "low_intensity");
    assert_eq!(days[39]["resting_hr_elevated"], true);

    let table = run(&p, &[]);
    let s = String::from_utf8(table.stdout).unwrap();
    assert!(
        s.contains("suppressed") && s.contains("no verdict yet"),
        "{s}"
    );
}

#[test]
fn daily_csv_out_of_order_date_is_bad_input() {
    let p = file("order.csv", "date,rmssd_ms\n2024-01-02,60\n2024-01-01,55\n");
    let out = run(&p, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("order.csv:3: date 2024-01-01"));
}

const MITDB_100: &str = include_str!("../../../myo-metrics/tests/data/hrv/mitdb-100/100.beats.csv");

/// MIT-BIH record 100's raw RR series (ms, one per line) and the RMSSD of its annotated NN
/// intervals (successive differences of adjacent N–N intervals: 27.48 ms).
fn mitdb_100() -> (String, f64) {
    let beats: Vec<(f64, bool)> = MITDB_100
        .lines()
        .skip(1)
        .map(|l| {
            let (s, y) = l.split_once(',').unwrap();
            (s.parse::<f64>().unwrap(), y == "N")
        })
        .collect();
    let rr: Vec<f64> = beats
        .windows(2)
        .map(|w| (w[1].0 - w[0].0) / 0.360)
        .collect();
    let nn: Vec<bool> = beats.windows(2).map(|w| w[0].1 && w[1].1).collect();
    let d: Vec<f64> = (1..rr.len())
        .filter(|&i| nn[i - 1] && nn[i])
        .map(|i| rr[i] - rr[i - 1])
        .collect();
    let rmssd = (d.iter().map(|x| x * x).sum::<f64>() / d.len() as f64).sqrt();
    (rr.iter().map(|v| format!("{v:.3}\n")).collect(), rmssd)
}

#[test]
fn ectopic_beats_of_a_real_record_are_corrected_by_default() {
    let (text, want) = mitdb_100();
    let p = file("mitdb-100.txt", &text);
    let rmssd = |args: &[&str]| {
        let out = run(&p, args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        (v["report"]["time"]["rmssd_ms"].as_f64().unwrap(), v)
    };
    // The global --json flag, after the subcommand or before it.
    let (got, v) = rmssd(&["--json"]);
    let beats = v["report"]["corrected_beats"].as_array().unwrap();
    assert!(beats.len() >= 34, "{}", beats.len());
    assert_eq!(beats[0]["class"], "ectopic");
    assert!(beats[0]["index"].is_u64() && beats[0]["intervals"] == 2);
    assert_eq!(v["config"]["artefacts"]["method"], "lipponen2019");
    let bound = 0.10 * want;
    assert!(
        (got - want).abs() < bound,
        "default {got} vs annotated {want}"
    );
    let (old, _) = rmssd(&["--correction", "local-median", "--format", "json"]);
    assert!((old - want).abs() > bound, "local median {old} vs {want}");
    let out = crate::myo()
        .args(["--json", "hrv"])
        .arg(&p)
        .args(["--correction", "none"])
        .output()
        .unwrap();
    let raw: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(raw["report"]["time"]["rmssd_ms"].as_f64().unwrap() > 2.0 * want);

    // The table prints the count and its classes.
    let out = run(&p, &[]);
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.contains("artefacts corrected (Lipponen & Tarvainen 2019): ") && s.contains(" ectopic"),
        "{s}"
    );
}
