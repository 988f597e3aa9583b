//! `myo import` of a large Apple Health export: read in blocks above the threshold, with the
//! same events, warnings and content hash as a file read whole.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::logbook::{backends, Db};

/// An export in Apple's layout of `days` days from 2026-01-01: steps every 5 minutes (records
/// myo does not use, most of the bytes), a night, a resting heart rate, a run every other day.
fn write_export(dir: &Path, days: u32) -> PathBuf {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE HealthData [\n\
         <!ELEMENT HealthData (ExportDate,Me,(Record|Workout)*)>\n]>\n\
         <HealthData locale=\"en_GB\">\n <ExportDate value=\"2026-03-01 09:00:00 +0100\"/>\n",
    );
    let day = |d: u32| {
        chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(d.into())
    };
    for d in 0..days {
        let (today, tomorrow) = (day(d), day(d + 1));
        for m in (0..24 * 60).step_by(5) {
            let (h, min) = (m / 60, m % 60);
            let _ = writeln!(
                xml,
                " <Record type=\"HKQuantityTypeIdentifierStepCount\" sourceName=\"Phone\" \
                 unit=\"count\" startDate=\"{today} {h:02}:{min:02}:00 +0100\" \
                 endDate=\"{today} {h:02}:{min:02}:59 +0100\" value=\"{}\"/>",
                (m * 7) % 300
            );
        }
        let _ = writeln!(
            xml,
            " <Record type=\"HKQuantityTypeIdentifierRestingHeartRate\" sourceName=\"Watch\" \
             unit=\"count/min\" startDate=\"{today} 00:00:00 +0100\" \
             endDate=\"{today} 23:00:00 +0100\" value=\"{}\"/>\n \
             <Record type=\"HKCategoryTypeIdentifierSleepAnalysis\" sourceName=\"Watch\" \
             startDate=\"{today} 23:10:00 +0100\" endDate=\"{tomorrow} 06:40:00 +0100\" \
             value=\"HKCategoryValueSleepAnalysisAsleepCore\"/>",
            50 + d % 7
        );
        if d % 2 == 0 {
            let _ = writeln!(
                xml,
                " <Workout workoutActivityType=\"HKWorkoutActivityTypeRunning\" duration=\"40\" \
                 durationUnit=\"min\" startDate=\"{today} 18:00:00 +0100\" \
                 endDate=\"{today} 18:40:00 +0100\">\n  \
                 <WorkoutStatistics type=\"HKQuantityTypeIdentifierHeartRate\" \
                 average=\"{}\" unit=\"count/min\"/>\n </Workout>",
                140 + d % 15
            );
        }
    }
    xml.push_str("</HealthData>\n");
    let path = dir.join("export.xml");
    std::fs::write(&path, xml).unwrap();
    path
}

/// `myo import --json ARGS…` with a streaming threshold (none: the default, 32 MB).
fn import(db: &Db, threshold: Option<&str>, args: &[&str]) -> Value {
    let mut all = vec!["import"];
    all.extend(args);
    all.push("--json");
    let mut cmd = db.cmd(&all);
    match threshold {
        Some(t) => cmd.env("MYO_IMPORT_STREAM_BYTES", t),
        None => cmd.env_remove("MYO_IMPORT_STREAM_BYTES"),
    };
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "[{}] {}",
        db.backend,
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_large_apple_export_read_in_blocks_imports_as_the_whole_file_does() {
    for db in backends("import-apple-stream") {
        db.add_ann();
        let export = write_export(&db.dir, 50);
        let size = std::fs::metadata(&export).unwrap().len();
        assert!(size > 2_000_000, "{size} bytes");
        let file = export.to_str().unwrap();

        let whole = import(&db, None, &["--dry-run", file]);
        let blocks = import(&db, Some("1000000"), &["--dry-run", file]);
        assert_eq!(whole["files"], blocks["files"], "[{}]", db.backend);
        assert_eq!(blocks["bytes"], size);
        assert_eq!(blocks["events"], 50 + 50 + 25, "nights, mornings, runs");
        assert_eq!(db.event_count(), 0, "a dry run writes nothing");

        // Read in blocks and written; then read whole, it is the same content: nothing added.
        let written = import(&db, Some("1000000"), &[file]);
        assert_eq!(written["imported"], 1, "{written}");
        assert_eq!(db.event_count(), 125);
        let again = import(&db, None, &[file]);
        assert_eq!(again["duplicates"], 1, "{again}");
        let again = import(&db, Some("1000000"), &[file]);
        assert_eq!(again["duplicates"], 1, "{again}");
        assert_eq!(db.event_count(), 125);
    }
}

#[test]
fn a_broken_large_export_names_the_file_and_line() {
    let db = backends("import-apple-stream-broken").remove(0);
    db.add_ann();
    let export = write_export(&db.dir, 20);
    let mut text = std::fs::read_to_string(&export).unwrap();
    let at = text.rfind("<Workout").unwrap();
    let line = text[..at].matches('\n').count() + 1;
    text.insert_str(at, "</Nope>");
    std::fs::write(&export, text).unwrap();
    let file = export.to_str().unwrap();
    let mut cmd = db.cmd(&["import", file, "--json"]);
    cmd.env("MYO_IMPORT_STREAM_BYTES", "100000");
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    let error = summary["files"][0]["error"].as_str().unwrap().to_string();
    assert!(
        error.starts_with(&format!("{file}:{line}: malformed XML")),
        "{error}"
    );
    assert_eq!(db.event_count(), 0);
}
