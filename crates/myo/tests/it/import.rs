//! `myo import`: device files and app exports into the log, once each, on every backend.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::logbook::backends;

fn fixtures(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../myo-import/tests/fixtures")
        .join(sub)
}

/// Data rows of a CSV file.
fn rows(path: &Path) -> Vec<Vec<String>> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

fn kind_count(history: &Value, kind: &str) -> usize {
    history
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["event"]["kind"] == kind)
        .count()
}

#[test]
fn pmdata_gives_every_session_and_wellness_row_once_and_status_runs() {
    let pmdata = fixtures("pmdata");
    let (mut sessions, mut wellness) = (0, 0);
    for p in 1..=8 {
        let dir = pmdata.join(format!("p0{p}/pmsys"));
        sessions += rows(&dir.join("srpe.csv")).len();
        // A questionnaire answered with nothing (every answer 0) carries no observation.
        wellness += rows(&dir.join("wellness.csv"))
            .iter()
            .filter(|r| {
                [1, 2, 6, 8]
                    .iter()
                    .any(|&i| r[i].parse::<f64>().is_ok_and(|v| (1.0..=5.0).contains(&v)))
            })
            .count();
    }
    assert_eq!(sessions, 496);
    for db in backends("import-pmdata") {
        // Each participant is an athlete of their own (in one log, two people's sessions at
        // the same time would be taken for one session recorded twice).
        let (mut files, mut events) = (0, 0);
        for p in 1..=8 {
            let name = format!("p0{p}");
            db.add_athlete(&name);
            let dir = pmdata.join(&name);
            let summary = db.json(&["import", "--athlete", &name, dir.to_str().unwrap()]);
            assert_eq!(summary["failed"], 0, "[{}] {summary}", db.backend);
            files += summary["imported"].as_u64().unwrap();
            events += summary["events"].as_u64().unwrap() as usize;
        }
        assert_eq!(files, 16, "[{}]", db.backend);
        assert_eq!(events, sessions + wellness, "[{}]", db.backend);
        let (mut endurance, mut observations) = (0, 0);
        for p in 1..=8 {
            let history = db.json(&["history", "--all", "--athlete", &format!("p0{p}")]);
            endurance += kind_count(&history, "endurance");
            observations += kind_count(&history, "observation");
        }
        assert_eq!(endurance, sessions, "[{}]", db.backend);
        assert_eq!(observations, wellness, "[{}]", db.backend);
        // Once: importing a folder again adds nothing.
        let again = db.json(&[
            "import",
            "--athlete",
            "p01",
            pmdata.join("p01").to_str().unwrap(),
        ]);
        assert_eq!(again["duplicates"], 2);
        assert_eq!(again["events"], 0);
        assert_eq!(db.event_count() as usize, sessions + wellness);
        // The model runs on the result.
        let status = db.json(&["status", "--athlete", "p03"]);
        assert!(
            status["points"].as_array().is_some_and(|p| !p.is_empty()),
            "{status}"
        );
    }
}

#[test]
fn one_bad_file_never_stops_the_others_and_a_dry_run_writes_nothing() {
    let fit = fixtures("fit");
    let good = fit.join("Activity.fit");
    let broken = fit.join("invalid/activity-unexpected-eof.fit");
    let tcx = fixtures("tcx/tcxreader__cross-country-skiing_activity_1.tcx");
    for db in backends("import-mixed") {
        db.add_ann();
        let files = [&good, &broken, &tcx].map(|p| p.to_str().unwrap().to_string());
        let mut args = vec!["import", "--dry-run"];
        args.extend(files.iter().map(String::as_str));
        args.push("--json");
        let out = db.run(&args);
        assert_eq!(out.status.code(), Some(2), "[{}]", db.backend);
        let dry: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(dry["dry_run"], true);
        assert_eq!(db.event_count(), 0, "a dry run writes nothing");

        args.retain(|a| *a != "--dry-run");
        let out = db.run(&args);
        assert_eq!(out.status.code(), Some(2));
        let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(summary["failed"], 1, "{summary}");
        assert_eq!(summary["imported"], 2, "{summary}");
        let failed = summary["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["outcome"] == "failed")
            .unwrap();
        let error = failed["error"].as_str().unwrap();
        assert!(
            error.contains("activity-unexpected-eof.fit") && error.contains("ends early"),
            "{error}"
        );
        assert_eq!(db.event_count(), summary["events"].as_u64().unwrap());
        assert!(String::from_utf8_lossy(&out.stderr).contains("1 of 3 file(s) failed"));
    }
}

#[test]
fn a_missing_path_is_bad_input() {
    let db = backends("import-missing").remove(0);
    db.add_ann();
    let err = db.fails(2, &["import", "/no/such/folder"]);
    assert!(err.contains("/no/such/folder"), "{err}");
}
