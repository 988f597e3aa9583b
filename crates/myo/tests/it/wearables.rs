//! `myo import` of wearables' account exports (Garmin Connect, Oura, WHOOP, Polar Flow), each
//! a folder as the export unpacks: every event the importer gives is stored once, overnight HRV
//! as `night_rmssd_ms` (never the morning `rmssd_ms`), the files myo does not read are skipped
//! with their reason, and the model runs on the result.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::logbook::backends;

/// After the fixtures' week (9–12 March 2026).
const LATER: &str = "2026-03-20T12:00:00+01:00";

fn export(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../myo-import/tests/fixtures/wearables")
        .join(name)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let path = e.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// The events the importer gives for a folder's files at the athletes' offset (+01:00).
fn given(dir: &Path) -> Vec<Value> {
    let opts = myo_import::Options {
        zone: "+01:00".parse().unwrap(),
    };
    let mut out = Vec::new();
    for f in files_under(dir) {
        let bytes = std::fs::read(&f).unwrap();
        if let Ok(i) = myo_import::parse_with(&f, &bytes, &opts) {
            out.extend(i.items.iter().filter_map(|x| x.to_event()));
        }
    }
    out
}

fn count(events: &[&Value], kind: &str) -> usize {
    events.iter().filter(|e| e["kind"] == kind).count()
}

#[test]
fn each_wearable_export_folder_is_imported_once_with_overnight_hrv_kept_apart() {
    // Export, files imported, files skipped (what myo does not read), and one stored value
    // that says the export was read right.
    let exports: [(&str, u64, u64); 4] = [
        ("garmin", 3, 1),
        ("oura", 1, 1),
        ("whoop", 3, 1),
        ("polar", 3, 1),
    ];
    for db in backends("import-wearables") {
        for (name, imported, skipped) in exports {
            db.add_athlete(name);
            let dir = export(name);
            let run = |args: &[&str]| -> Value {
                let mut all = args.to_vec();
                all.push("--json");
                let out = db.cmd(&all).env("MYO_NOW", LATER).output().unwrap();
                assert!(
                    out.status.success(),
                    "[{}] {name}: {}",
                    db.backend,
                    String::from_utf8_lossy(&out.stderr)
                );
                serde_json::from_slice(&out.stdout).unwrap()
            };
            let summary = run(&["import", "--athlete", name, dir.to_str().unwrap()]);
            assert_eq!(summary["failed"], 0, "[{}] {summary}", db.backend);
            assert_eq!(
                (summary["imported"].as_u64(), summary["skipped"].as_u64()),
                (Some(imported), Some(skipped)),
                "[{}] {name}: {summary}",
                db.backend
            );
            let given = given(&dir);
            assert_eq!(
                summary["events"].as_u64(),
                Some(given.len() as u64),
                "[{}] {name}: {summary}",
                db.backend
            );
            let history = run(&["history", "--all", "--athlete", name]);
            let stored: Vec<&Value> = history
                .as_array()
                .unwrap()
                .iter()
                .map(|e| &e["event"])
                .collect();
            let given_refs: Vec<&Value> = given.iter().collect();
            for kind in ["sleep", "observation", "endurance"] {
                assert_eq!(
                    count(&stored, kind),
                    count(&given_refs, kind),
                    "[{}] {name}: {kind}",
                    db.backend
                );
            }
            // The devices' HRV is overnight: stored as such, never as a morning reading.
            assert!(
                stored.iter().all(|e| e.get("rmssd_ms").is_none()),
                "{history}"
            );
            let night: Vec<f64> = stored
                .iter()
                .filter_map(|e| e.get("night_rmssd_ms").and_then(Value::as_f64))
                .collect();
            let expected_night: &[f64] = match name {
                "garmin" => &[48.0, 44.0],
                "oura" => &[62.0, 55.0],
                "whoop" => &[71.0],
                _ => &[],
            };
            assert_eq!(night, expected_night, "[{}] {name}", db.backend);
            match name {
                "garmin" => assert_eq!(count(&stored, "sleep"), 2),
                "whoop" | "polar" => assert_eq!(count(&stored, "endurance"), 2),
                _ => {}
            }
            // Once: the same folder again adds nothing.
            let again = run(&["import", "--athlete", name, dir.to_str().unwrap()]);
            assert_eq!(
                (again["duplicates"].as_u64(), again["events"].as_u64()),
                (Some(imported), Some(0)),
                "[{}] {name}: {again}",
                db.backend
            );
            // The model runs on what was imported, and the personal model learns the overnight
            // HRV as an item of its own.
            let status = run(&["status", "--athlete", name]);
            let reports = &status["points"][0]["expected_reports"];
            let n = |item: &str| reports[item]["n"].as_u64().unwrap_or(0);
            assert_eq!(
                n("night_rmssd_ms"),
                expected_night.len() as u64,
                "[{}] {name}: {reports}",
                db.backend
            );
            assert_eq!(n("rmssd_ms"), 0, "{reports}");
        }
    }
}
