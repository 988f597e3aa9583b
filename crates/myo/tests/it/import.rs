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

/// What the importer gives for a file at the test athletes' offset (+01:00): events by kind.
fn parsed_kinds(path: &Path) -> Vec<&'static str> {
    let opts = myo_import::Options {
        zone: "+01:00".parse().unwrap(),
    };
    let bytes = std::fs::read(path).unwrap();
    match myo_import::parse_with(path, &bytes, &opts) {
        Ok(i) => i
            .typed_events()
            .iter()
            .map(|(_, e)| e.kind().name())
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Files under a folder, recursively.
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

/// The number a warning starts with, summed over the files' warnings that contain `what`.
fn warned(summary: &Value, what: &str) -> usize {
    let mut n = 0;
    for f in summary["files"].as_array().unwrap() {
        for w in f["warnings"].as_array().into_iter().flatten() {
            let w = w.as_str().unwrap();
            if w.contains(what) {
                n += w
                    .split_whitespace()
                    .next()
                    .and_then(|x| x.parse::<usize>().ok())
                    .unwrap_or(1);
            }
        }
    }
    n
}

#[test]
fn pmdata_gives_every_session_report_night_and_fitbit_record_once_and_status_runs() {
    let pmdata = fixtures("pmdata");
    let sessions: usize = (1..=8)
        .map(|p| rows(&pmdata.join(format!("p0{p}/pmsys/srpe.csv"))).len())
        .sum();
    assert_eq!(sessions, 496);
    for db in backends("import-pmdata") {
        // Each participant is an athlete of their own (in one log, two people's sessions at
        // the same time would be taken for one session recorded twice).
        let (mut files, mut skipped) = (0, 0);
        for p in 1..=8 {
            let name = format!("p0{p}");
            db.add_athlete(&name);
            let dir = pmdata.join(&name);
            let summary = db.json(&["import", "--athlete", &name, dir.to_str().unwrap()]);
            assert_eq!(summary["failed"], 0, "[{}] {summary}", db.backend);
            files += summary["imported"].as_u64().unwrap();
            skipped += summary["skipped"].as_u64().unwrap();
            // Every event the importer gives, less the nights a Fitbit record covers and the
            // sessions already in the log (a walk Fitbit and PMSys both hold).
            let mut given: Vec<&str> = Vec::new();
            for f in files_under(&dir) {
                given.extend(parsed_kinds(&f));
            }
            let nights_left_out = warned(&summary, "reported night(s) left out");
            let sessions_skipped = warned(&summary, "already in the log");
            let events = summary["events"].as_u64().unwrap() as usize;
            assert_eq!(
                events,
                given.len() - nights_left_out - sessions_skipped,
                "[{}] {name}",
                db.backend
            );
            let history = db.json(&["history", "--all", "--athlete", &name]);
            let count = |kind: &str| given.iter().filter(|k| **k == kind).count();
            assert_eq!(
                kind_count(&history, "sleep"),
                count("sleep") - nights_left_out,
                "{name}"
            );
            assert_eq!(
                kind_count(&history, "observation"),
                count("observation"),
                "{name}"
            );
            assert_eq!(
                kind_count(&history, "endurance") + kind_count(&history, "strength"),
                count("endurance") + count("strength") - sessions_skipped,
                "{name}"
            );
            if p == 1 {
                // p01's Fitbit excerpt covers the nights of 2 to 8 November.
                assert_eq!(nights_left_out, 7, "{summary}");
            }
        }
        // 16 PMSys files and 6 Fitbit excerpts; p01's minutes, injuries and meals skipped.
        assert_eq!((files, skipped), (22, 3), "[{}]", db.backend);
        // Once: importing a folder again adds nothing.
        let again = db.json(&[
            "import",
            "--athlete",
            "p01",
            pmdata.join("p01").to_str().unwrap(),
        ]);
        assert_eq!(
            (again["duplicates"].as_u64(), again["skipped"].as_u64()),
            (Some(5), Some(3))
        );
        assert_eq!(again["events"], 0);
        // The model runs on the result, and learns from what the files report (asked in the
        // data's own winter: from 2026 it would simulate six idle years first).
        let out = db
            .cmd(&["status", "--athlete", "p01", "--json"])
            .env("MYO_NOW", "2019-12-01T12:00:00+01:00")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let reports = &status["points"][0]["expected_reports"];
        for item in [
            "readiness",
            "general_soreness",
            "sleep_quality",
            "resting_hr",
        ] {
            assert!(
                reports[item]["n"].as_u64().is_some_and(|n| n > 0),
                "{item}: {reports}"
            );
        }
    }
}

#[test]
fn a_folder_skips_what_myo_does_not_read_a_file_named_must_be_read() {
    let p01 = fixtures("pmdata/p01");
    let db = backends("import-skip").remove(0);
    db.add_ann();
    let out = db.ok(&["import", "--dry-run", p01.to_str().unwrap()]);
    assert!(
        out.contains("/p01/pmsys/injury.csv: not a format myo reads (unknown CSV layout (columns: effective_time_frame,injuries)"),
        "{out}"
    );
    assert!(
        out.contains("dry run: 5 imported, 0 duplicate, 0 failed, 3 skipped;"),
        "{out}"
    );
    let summary = db.json(&["import", "--dry-run", p01.to_str().unwrap()]);
    let skipped: Vec<&str> = summary["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["outcome"] == "skipped")
        .map(|f| f["path"].as_str().unwrap().rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        skipped,
        ["very_active_minutes.json", "reporting.csv", "injury.csv"]
    );
    let reasons: Vec<&str> = summary["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["reason"].as_str())
        .collect();
    assert!(reasons[0].contains("JSON, but not a Fitbit"), "{reasons:?}");
    // Named on the command line, the same file is an error.
    let injury = p01.join("pmsys/injury.csv");
    let out = db.run(&["import", injury.to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(2));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (summary["failed"].as_u64(), summary["skipped"].as_u64()),
        (Some(1), Some(0))
    );
    assert!(
        summary["files"][0]["error"]
            .as_str()
            .unwrap()
            .contains("injury.csv:1: unknown CSV layout"),
        "{summary}"
    );
}

#[test]
fn a_devices_night_replaces_the_reported_one_in_a_dry_run_too() {
    let p01 = fixtures("pmdata/p01");
    for dry in [true, false] {
        let db = backends(&format!("import-nights-{dry}")).remove(0);
        db.add_ann();
        let mut args = vec!["import", p01.to_str().unwrap()];
        if dry {
            args.push("--dry-run");
        }
        let summary = db.json(&args);
        // The questionnaire comes last, after the device's nights it is checked against.
        let files = summary["files"].as_array().unwrap();
        let last = files.last().unwrap();
        assert!(
            last["path"].as_str().unwrap().ends_with("wellness.csv"),
            "{summary}"
        );
        assert!(
            last["warnings"].as_array().unwrap().iter().any(|w| w
                == "7 reported night(s) left out: a sleep record (a device's) already covers them"),
            "{last}"
        );
        if !dry {
            // One night each: Fitbit's from 2 to 8 November, the reported ones around them.
            let history = db.json(&["history", "--all"]);
            let nights: Vec<&str> = history
                .as_array()
                .unwrap()
                .iter()
                .filter(|e| e["event"]["kind"] == "sleep")
                .map(|e| e["event"]["at"].as_str().unwrap())
                .take(9)
                .collect();
            assert_eq!(
                nights,
                [
                    "2019-11-01T01:00:00+01:00",
                    "2019-11-02T00:09:30+01:00",
                    "2019-11-03T00:32:00+01:00",
                    "2019-11-03T23:55:30+01:00",
                    "2019-11-05T00:22:30+01:00",
                    "2019-11-06T00:25:30+01:00",
                    "2019-11-06T23:45:30+01:00",
                    "2019-11-07T23:48:30+01:00",
                    "2019-11-09T01:00:00+01:00",
                ]
            );
        }
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

#[test]
fn a_morning_rr_file_is_an_hrv_reading_and_a_run_without_heart_rate_is_estimated() {
    let db = backends("import-rr-estimates").remove(0);
    db.add_athlete("ann");
    // Five minutes of beats at 07:02 (the time from the file name), one premature beat.
    let mut rr: Vec<u32> = (0..300)
        .map(|i| (1000.0 + 45.0 * (f64::from(i) * 1.4).sin()) as u32)
        .collect();
    rr[150] = 620;
    rr[151] = 1380;
    let reading = db.dir.join("2026-01-05 07-02-11.txt");
    let text: String = rr.iter().map(|v| format!("{v}\n")).collect();
    std::fs::write(&reading, text).unwrap();
    // A run with distance and time only.
    let run = db.dir.join("run.tcx");
    std::fs::write(
        &run,
        "<?xml version=\"1.0\"?>\n<TrainingCenterDatabase><Activities><Activity Sport=\"Running\">\
         <Id>2026-01-04T17:00:00Z</Id><Lap StartTime=\"2026-01-04T17:00:00Z\">\
         <TotalTimeSeconds>3000</TotalTimeSeconds><DistanceMeters>10000</DistanceMeters>\
         </Lap></Activity></Activities></TrainingCenterDatabase>",
    )
    .unwrap();
    let summary = db.json(&[
        "import",
        "--athlete",
        "ann",
        reading.to_str().unwrap(),
        run.to_str().unwrap(),
    ]);
    assert_eq!(summary["events"], 2, "{summary}");
    let text = summary.to_string();
    assert!(
        text.contains("morning HRV reading") && text.contains("1 ectopic"),
        "{text}"
    );
    assert!(
        text.contains("intensity estimated from its speed (5:00 /km)"),
        "{text}"
    );
    let history = db.json(&["history", "--all", "--athlete", "ann"]);
    let events = history.as_array().unwrap();
    let obs = events
        .iter()
        .find(|e| e["event"]["kind"] == "observation")
        .unwrap();
    let rmssd = obs["event"]["rmssd_ms"].as_f64().unwrap();
    assert!((20.0..90.0).contains(&rmssd), "{obs}");
    let run = events
        .iter()
        .find(|e| e["event"]["kind"] == "endurance")
        .unwrap();
    assert!(run["event"]["pct_vo2max"].as_f64().is_some(), "{run}");
}

#[test]
fn an_import_says_what_happened_old_events_and_the_earlier_import() {
    for db in crate::logbook::backends("import-says") {
        db.add_ann();
        let file = db.dir.join("runs.csv");
        std::fs::write(
            &file,
            "at,kind,sport,minutes,rpe\n2019-05-01T18:00:00+01:00,endurance,run,40,6\n\
             2026-03-09T18:00:00+01:00,endurance,run,30,5\n",
        )
        .unwrap();
        let first = db.ok(&["import", file.to_str().unwrap()]);
        assert!(
            first.contains("1 of the events are more than a year old"),
            "{first}"
        );
        let again = db.ok(&["import", file.to_str().unwrap()]);
        assert!(
            again.contains("already imported as")
                && again.contains("runs.csv on 2026-03-10 (2 event(s))"),
            "{again}"
        );
    }
}
