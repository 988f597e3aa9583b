//! Keeping a log: athletes, every event kind, edits, questions, export, data safety. Every
//! test runs on SQLite and, when `MYO_TEST_POSTGRES_URL` names a server, on PostgreSQL too
//! (`.ci/run` starts one; under `CI` a missing or unreachable server fails the suite).

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use serde_json::Value;

/// Now, for every command: a Tuesday evening.
pub const NOW: &str = "2026-03-10T20:00:00+01:00";

pub struct Db {
    pub url: String,
    pub dir: PathBuf,
    pub backend: &'static str,
}

fn scratch(name: &str) -> PathBuf {
    myo_testkit::scratch_dir("log", name)
}

fn postgres(name: &str) -> Option<String> {
    myo_testkit::postgres_database("log", name)
}

/// SQLite, and PostgreSQL when configured.
pub fn backends(name: &str) -> Vec<Db> {
    let dir = scratch(name);
    let mut dbs = vec![Db {
        url: format!("sqlite://{}", dir.join("myo.db").display()),
        dir,
        backend: "sqlite",
    }];
    if let Some(url) = postgres(name) {
        dbs.push(Db {
            url,
            dir: scratch(&format!("{name}-pg")),
            backend: "postgres",
        });
    }
    dbs
}

impl Db {
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = crate::myo();
        c.args(args)
            .env("MYO_DATABASE_URL", &self.url)
            .env("MYO_NOW", NOW)
            .env("NO_COLOR", "1")
            .env_remove("MYO_ATHLETE")
            .env_remove("MYO_CHECKPOINTS")
            .env_remove("MYO_SQLITE_MAX_PAGES");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "[{}] myo {}: {}",
            self.backend,
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut all = args.to_vec();
        all.push("--json");
        serde_json::from_str(&self.ok(&all)).unwrap()
    }

    /// Expects exit status `code`; returns stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(code),
            "[{}] myo {}: stdout {} stderr {}",
            self.backend,
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    pub fn event_count(&self) -> u64 {
        self.json(&["check"])["events"].as_u64().unwrap()
    }

    pub fn add_ann(&self) {
        self.add_athlete("ann");
    }

    /// A trained 29-year-old woman of 61 kg at UTC+01:00.
    pub fn add_athlete(&self, name: &str) {
        self.ok(&[
            "athlete",
            "add",
            name,
            "--sex",
            "female",
            "--age",
            "29",
            "--mass",
            "61",
            "--status",
            "trained",
            "--utc-offset",
            "+01:00",
        ]);
    }

    /// Logs a week of training, sleep and a massage, as the README's new user does.
    pub fn log_week(&self) {
        let days = [
            "2026-03-03",
            "2026-03-04",
            "2026-03-05",
            "2026-03-06",
            "2026-03-07",
            "2026-03-08",
            "2026-03-09",
        ];
        for (i, d) in days.iter().enumerate() {
            let evening = format!("{d} 18:00");
            match i % 3 {
                0 => self.ok(&[
                    "log",
                    "strength",
                    "Barbell Squat",
                    "5x5@100kg",
                    "Romanian Deadlift",
                    "3x8@70%",
                    "--rpe",
                    "8",
                    "--at",
                    &evening,
                ]),
                1 => self.ok(&[
                    "log",
                    "endurance",
                    "run",
                    "45m",
                    "--hr",
                    "150",
                    "--km",
                    "9",
                    "--at",
                    &evening,
                ]),
                _ => self.ok(&[
                    "log",
                    "strength",
                    "Bench Press",
                    "4x8@60kg",
                    "--at",
                    &evening,
                ]),
            };
            self.ok(&[
                "log",
                "sleep",
                "7.5h",
                "--quality",
                "4",
                "--at",
                &format!("{d} 23:00"),
            ]);
        }
        self.ok(&[
            "log",
            "massage",
            "30m",
            "quadriceps",
            "--at",
            "2026-03-09 19:30",
        ]);
    }
}

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn a_week_of_every_kind_then_questions() {
    for db in backends("week") {
        db.add_ann();
        db.log_week();
        // Every kind of the spec, in its friendly form.
        for args in [
            vec!["active-recovery", "cycle", "20m", "--pct-max-hr", "60"],
            vec!["foam-rolling", "10m", "quadriceps"],
            vec!["dry-needling", "calves", "--insertions", "6"],
            vec!["cold", "cold-water-immersion", "10m", "--temp", "12"],
            vec!["heat", "sauna", "15m"],
            vec!["compression", "2h", "calves"],
            vec!["meal", "--protein", "40", "--carbs", "90"],
            vec!["fluid", "500ml", "--electrolytes"],
            vec![
                "observation",
                "--rmssd",
                "62",
                "--night-rmssd",
                "58",
                "--resting-hr",
                "52",
                "--mood",
                "7",
            ],
            vec!["soreness", "quadriceps=6", "hamstrings=3"],
            vec!["symptom", "fever"],
            vec![
                "json",
                r#"{"kind": "meal", "protein_g": 30, "at": "2026-03-10T12:30:00+01:00"}"#,
            ],
        ] {
            let mut all = vec!["log"];
            all.extend(args);
            db.ok(&all);
        }
        let history = db.json(&["history", "--all"]);
        let kinds: std::collections::BTreeSet<&str> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["event"]["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds.len(), 14, "every kind logged: {kinds:?}");
        // The overnight HRV is kept apart from the morning reading.
        let obs = db.json(&["history", "--kind", "observation"]);
        let night = obs
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["event"]["night_rmssd_ms"] == 58)
            .expect("the overnight HRV");
        assert_eq!(night["event"]["rmssd_ms"], 62);
        let strength = db.json(&["history", "--kind", "strength"]);
        assert_eq!(ids(&strength).len(), 5);
        let squat = &strength[0]["event"];
        assert_eq!(squat["exercise"][0]["load_kg"], 100);
        assert_eq!(squat["exercise"][1]["pct_1rm"], 70);
        assert_eq!(squat["at"], "2026-03-03T18:00:00+01:00");

        // Status: every group, ready-at, whole body, flags (fever was logged).
        let status = db.json(&["status"]);
        let point = &status["points"][0];
        assert_eq!(point["at"], "2026-03-10T20:00:00+01:00");
        assert_eq!(point["muscles"].as_object().unwrap().len(), 17);
        assert!(point["systemic"]["readiness"].as_f64().is_some());
        assert!(status["ready_at"]["quadriceps"]["hard"].is_string());
        let flags: Vec<&str> = point["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(flags.contains(&"fever"), "{flags:?}");
        let table = db.ok(&["status"]);
        assert!(
            table.contains("quadriceps") && table.contains("whole body"),
            "{table}"
        );
        assert!(!table.contains('\u{1b}'), "no colour on a pipe");

        let forecast = db.json(&["forecast", "quadriceps", "--days", "2"]);
        assert_eq!(forecast["points"].as_array().unwrap().len(), 9);
        assert!(db.ok(&["forecast"]).contains("whole body"));
        let plan = db.ok(&["plan", "--format", "json"]);
        assert!(serde_json::from_str::<Value>(&plan).is_ok(), "{plan}");

        // What if: a heavy squat session tomorrow morning lowers tomorrow evening's quads.
        let whatif = db.json(&[
            "whatif",
            "strength",
            "Barbell Squat",
            "6x5@110kg",
            "--at",
            "tomorrow 07:00",
        ]);
        let quads = |v: &Value| {
            v["points"][0]["muscles"]["quadriceps"]["readiness"]
                .as_f64()
                .unwrap()
        };
        assert!(
            quads(&whatif["whatif"]) < quads(&whatif["base"]),
            "{whatif}"
        );
        assert_eq!(db.event_count(), 27, "whatif writes nothing");

        // Edit and delete by id.
        let sleep_id = db.json(&["history", "--kind", "sleep", "--limit", "1"])[0]["id"]
            .as_i64()
            .unwrap()
            .to_string();
        let edited = db.json(&["edit", &sleep_id, "--set", "hours=6", "--unset", "quality"]);
        assert_eq!(edited["event"]["hours"], 6);
        assert!(edited["event"].get("quality").is_none());
        db.fails(2, &["edit", &sleep_id, "--set", "hours=-1"]);
        db.fails(2, &["edit", "99999", "--set", "hours=6"]);
        db.ok(&["delete", &sleep_id]);
        db.fails(2, &["delete", &sleep_id]);
        assert_eq!(db.event_count(), 26);
        let since = db.json(&["history", "--since", "2026-03-09", "--until", "2026-03-10"]);
        assert_eq!(ids(&since).len(), 2, "{since}");
    }
}

#[test]
fn bad_input_is_named_and_writes_nothing() {
    for db in backends("bad") {
        let err = db.fails(2, &["log", "sleep", "8h"]);
        assert!(err.contains("no athlete yet"), "{err}");
        db.add_ann();
        db.ok(&["log", "sleep", "8h"]);
        let cases: Vec<(Vec<&str>, &str)> = vec![
            (
                vec!["log", "strength", "Barbel Squat", "5x5@100kg"],
                "did you mean \"Barbell Squat\"",
            ),
            (vec!["log", "strength", "Barbell Squat", "5x@100"], "reps"),
            (vec!["log", "sleep", "--", "-3h"], "negative"),
            (
                vec!["log", "sleep", "8h", "--at", "2099-01-01 08:00"],
                "in the future",
            ),
            (
                vec!["--athlete", "anna", "log", "sleep", "8h"],
                "did you mean \"ann\"",
            ),
            (
                vec!["log", "soreness", "quads=6"],
                "did you mean \"quadriceps\"",
            ),
            (vec!["log", "sleep", "30h"], "hours"),
            (vec!["log", "sleep", "8h", "--quality", "9"], "quality"),
            (vec!["log", "endurance", "run", "45m"], "give one of"),
            (
                vec!["log", "json", r#"{"kind": "sleepy", "hours": 8}"#],
                "did you mean \"sleep\"",
            ),
            (
                vec!["history", "--kind", "strenght"],
                "did you mean \"strength\"",
            ),
            (
                vec![
                    "athlete", "add", "ann", "--sex", "female", "--age", "29", "--mass", "61",
                    "--status", "trained",
                ],
                "already exists",
            ),
            (
                vec![
                    "athlete", "add", "cy", "--sex", "mail", "--age", "29", "--mass", "61",
                    "--status", "trained",
                ],
                "did you mean \"male\"",
            ),
        ];
        for (args, needle) in cases {
            let err = db.fails(2, &args);
            assert!(err.contains(needle), "[{}] {args:?}: {err}", db.backend);
            // One line, or clap's usage error (the line, then where to find help).
            let lines: Vec<&str> = err.lines().filter(|l| !l.is_empty()).collect();
            assert!(
                lines.len() == 1 || (lines.len() == 2 && lines[1].contains("--help")),
                "one line: {err}"
            );
        }
        assert_eq!(db.event_count(), 1);
        let err = db.fails(2, &["--database", "mysql://x", "status"]);
        assert!(err.contains("--database"), "{err}");
    }
}

#[test]
fn the_log_and_its_exported_scenario_give_the_same_answers() {
    for db in backends("roundtrip") {
        db.add_ann();
        db.log_week();
        let status = db.json(&["status"]);
        let scenario = db.dir.join("ann.toml");
        db.ok(&[
            "export",
            "--format",
            "scenario",
            "--out",
            scenario.to_str().unwrap(),
        ]);
        let out = crate::myo()
            .arg("simulate")
            .arg(&scenario)
            .args(["--format", "json", "--at", NOW])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let simulated: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(status["points"], simulated["points"], "[{}]", db.backend);
        assert_eq!(
            status["ready_at"], simulated["ready_at"],
            "[{}]",
            db.backend
        );
    }
}

/// A log of `days` days through `import-export` (fast), for the checkpoint tests.
pub fn long_log(days: u32) -> Value {
    let mut events = Vec::new();
    let mut id = 0;
    let mut add = |at: String, mut ev: Value| {
        id += 1;
        ev["at"] = Value::String(at);
        events.push(serde_json::json!({"id": id, "created_ms": 1, "updated_ms": 1, "event": ev}));
    };
    let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 10).unwrap()
        - chrono::Duration::days(i64::from(days));
    for d in 0..days {
        let day = start + chrono::Duration::days(i64::from(d));
        let stamp = |h: u32| format!("{day}T{h:02}:00:00+01:00");
        match d % 3 {
            0 => add(
                stamp(18),
                serde_json::json!({"kind": "strength", "rpe": 8, "exercise": [
                {"name": "Barbell Squat", "sets": 5, "reps": 5, "load_kg": 100}]}),
            ),
            1 => add(
                stamp(7),
                serde_json::json!({"kind": "endurance", "sport": "run", "minutes": 45, "avg_hr": 150}),
            ),
            _ => add(
                stamp(18),
                serde_json::json!({"kind": "strength", "exercise": [
                {"name": "Bench Press", "sets": 4, "reps": 8, "load_kg": 60}]}),
            ),
        }
        if d % 10 == 4 {
            add(
                stamp(20),
                serde_json::json!({"kind": "massage", "minutes": 30}),
            );
        }
        add(
            stamp(23),
            serde_json::json!({"kind": "sleep", "hours": 7.5, "quality": 4}),
        );
    }
    serde_json::json!({"format": "myo-export", "version": 1, "last_athlete_id": 1, "last_event_id": id,
        "default_athlete": "ann", "athletes": [{"id": 1, "name": "ann", "profile": {"sex": "female", "age": 29.0,
        "body_mass_kg": 61.0, "training_status": "trained", "conditions": [], "utc_offset": "+01:00"},
        "created_ms": 1, "updated_ms": 1, "sources": [], "events": events}]})
}

#[test]
fn checkpointed_answers_equal_answers_from_scratch() {
    for db in backends("checkpoints") {
        let file = db.dir.join("log.json");
        std::fs::write(&file, serde_json::to_string(&long_log(120)).unwrap()).unwrap();
        db.ok(&["import-export", file.to_str().unwrap()]);
        let scratch = |args: &[&str]| {
            let out = db.cmd(args).env("MYO_CHECKPOINTS", "off").output().unwrap();
            assert!(out.status.success());
            String::from_utf8(out.stdout).unwrap()
        };
        let questions: [&[&str]; 3] = [
            &["status", "--json"],
            &["forecast", "--json", "--days", "3"],
            &["status", "--json", "--at", "2026-03-11 07:00"],
        ];
        for round in 0..2 {
            for q in questions {
                // The first round writes checkpoints, the second resumes from them.
                assert_eq!(
                    db.ok(q),
                    scratch(q),
                    "[{}] round {round}: {q:?}",
                    db.backend
                );
            }
        }
        // An edit to an old event invalidates the checkpoints after it, not before.
        let old = db.json(&[
            "history",
            "--until",
            "2026-02-20",
            "--kind",
            "sleep",
            "--limit",
            "1",
        ]);
        let id = old[0]["id"].as_i64().unwrap().to_string();
        db.ok(&["edit", &id, "--set", "hours=4"]);
        for q in questions {
            assert_eq!(
                db.ok(q),
                scratch(q),
                "[{}] after the edit: {q:?}",
                db.backend
            );
        }
        db.ok(&["delete", &id]);
        db.ok(&["log", "sleep", "9h", "--at", "2026-03-09 22:00"]);
        for q in questions {
            assert_eq!(
                db.ok(q),
                scratch(q),
                "[{}] after delete and log: {q:?}",
                db.backend
            );
        }
    }
}

#[test]
fn export_and_import_export_round_trip_exactly() {
    for db in backends("export") {
        db.add_ann();
        db.ok(&[
            "athlete",
            "add",
            "sam",
            "--sex",
            "male",
            "--age",
            "41",
            "--mass",
            "82",
            "--status",
            "recreational",
            "--condition",
            "smoker",
        ]);
        db.log_week();
        db.ok(&["--athlete", "sam", "log", "soreness", "calves=2.5"]);
        let first = db.ok(&["export"]);
        let file = db.dir.join("all.json");
        std::fs::write(&file, &first).unwrap();
        let copy = Db {
            url: if db.backend == "sqlite" {
                format!("sqlite://{}", db.dir.join("copy.db").display())
            } else {
                postgres("export-copy").unwrap()
            },
            dir: db.dir.clone(),
            backend: db.backend,
        };
        copy.ok(&["import-export", file.to_str().unwrap()]);
        assert_eq!(copy.ok(&["export"]), first, "[{}] lossless", db.backend);
        // Into a database that has athletes: refused, nothing written.
        let err = copy.fails(2, &["import-export", file.to_str().unwrap()]);
        assert!(err.contains("already holds"), "{err}");
        assert_eq!(copy.ok(&["export"]), first);
        // New ids continue after the imported ones.
        let logged = copy.json(&["log", "sleep", "8h"]);
        assert_eq!(logged["id"].as_i64().unwrap(), 17);
        // CSV: one file per kind.
        let csv = db.dir.join("csv");
        db.ok(&["export", "--format", "csv", "--out", csv.to_str().unwrap()]);
        let sleep = std::fs::read_to_string(csv.join("sleep.csv")).unwrap();
        assert!(sleep.starts_with("id,athlete,at,hours,quality"), "{sleep}");
        assert_eq!(sleep.lines().count(), 8);
        let strength = std::fs::read_to_string(csv.join("strength.csv")).unwrap();
        assert!(strength.contains("Barbell Squat"), "{strength}");
    }
}

#[test]
fn backup_is_a_consistent_copy() {
    let db = backends("backup").remove(0);
    db.add_ann();
    db.log_week();
    let copy = db.dir.join("backup.db");
    db.ok(&["backup", copy.to_str().unwrap()]);
    let copied = Db {
        url: format!("sqlite://{}", copy.display()),
        dir: db.dir.clone(),
        backend: "sqlite",
    };
    assert_eq!(copied.ok(&["export"]), db.ok(&["export"]));
    let err = db.fails(2, &["backup", copy.to_str().unwrap()]);
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn two_writers_at_once_lose_nothing() {
    for db in backends("concurrent") {
        db.add_ann();
        let writers: Vec<_> = (0..2)
            .map(|w| {
                let url = db.url.clone();
                std::thread::spawn(move || {
                    let mut acknowledged = Vec::new();
                    for i in 0..15 {
                        let out = crate::myo()
                            .args(["log", "fluid", &format!("0.{}L", w * 5 + 1)])
                            .args(["--at", &format!("2026-03-10 {:02}:{:02}", 8 + w, i)])
                            .args(["--json"])
                            .env("MYO_DATABASE_URL", &url)
                            .env("MYO_NOW", NOW)
                            .output()
                            .unwrap();
                        assert!(
                            out.status.success(),
                            "{}",
                            String::from_utf8_lossy(&out.stderr)
                        );
                        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
                        acknowledged.push(v["id"].as_i64().unwrap());
                    }
                    acknowledged
                })
            })
            .collect();
        let mut all: Vec<i64> = writers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 30, "[{}] distinct ids", db.backend);
        let stored = ids(&db.json(&["history", "--all"]));
        for id in &all {
            assert!(stored.contains(id), "[{}] event {id} lost", db.backend);
        }
        assert_eq!(db.event_count(), 30);
    }
}

/// Kills writers at random moments: every acknowledged event survives, a batch is all or
/// nothing, and the database stays sound.
#[test]
fn killing_writers_loses_nothing_acknowledged() {
    for db in backends("crash") {
        db.add_ann();
        let batch = db.dir.join("batch.json");
        std::fs::write(&batch, serde_json::to_string(&long_log(100)).unwrap()).unwrap();
        let batch_size = long_log(100)["athletes"][0]["events"]
            .as_array()
            .unwrap()
            .len() as u64;
        let mut acknowledged = Vec::new();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut rand = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for round in 0..30 {
            let mut child = db
                .cmd(&[
                    "log",
                    "fluid",
                    "0.25L",
                    "--at",
                    &format!("2026-03-10 07:{:02}", round),
                    "--json",
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(rand(60)));
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            if let Ok(v) = serde_json::from_slice::<Value>(&out.stdout) {
                acknowledged.push(v["id"].as_i64().unwrap());
            }
        }
        // A large batch into a second database, killed part-way: all or nothing.
        let other = Db {
            url: if db.backend == "sqlite" {
                format!("sqlite://{}", db.dir.join("batch.db").display())
            } else {
                postgres("crash-batch").unwrap()
            },
            dir: db.dir.clone(),
            backend: db.backend,
        };
        for _ in 0..6 {
            let mut child = other
                .cmd(&["import-export", batch.to_str().unwrap()])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap();
            std::thread::sleep(Duration::from_millis(20 + rand(200)));
            let _ = child.kill();
            let _ = child.wait();
            let n = other.event_count();
            assert!(
                n == 0 || n == batch_size,
                "[{}] half-written batch: {n}",
                db.backend
            );
            if n == batch_size {
                break;
            }
        }
        let check = db.json(&["check"]);
        assert_eq!(check["ok"], true);
        let stored = ids(&db.json(&["history", "--all"]));
        for id in &acknowledged {
            assert!(
                stored.contains(id),
                "[{}] acknowledged event {id} lost",
                db.backend
            );
        }
        assert!(stored.len() >= acknowledged.len());
        // Ids are unique and every row is whole (check validated every stored event).
        db.ok(&["log", "fluid", "0.25L"]);
    }
}

#[test]
fn a_full_database_refuses_cleanly() {
    let db = backends("full").remove(0);
    db.add_ann();
    db.ok(&["log", "sleep", "8h"]);
    // Cap the file at its current size plus a little, then fill it.
    let mut failed = None;
    let exercises: Vec<String> = (0..60)
        .map(|k| {
            format!(
                r#"{{"name": "Barbell Squat", "sets": {}, "reps": 5, "load_kg": 100.125}}"#,
                1 + k % 9
            )
        })
        .collect();
    for i in 0..300 {
        let event = format!(
            r#"{{"kind": "strength", "exercise": [{}], "at": "2026-03-10T{:02}:{:02}:00+01:00"}}"#,
            exercises.join(", "),
            8 + i / 60,
            i % 60
        );
        let out = db
            .cmd(&["log", "json", &event])
            .env("MYO_SQLITE_MAX_PAGES", "40")
            .output()
            .unwrap();
        if !out.status.success() {
            failed = Some((i, out));
            break;
        }
    }
    let (i, out) = failed.expect("a 40-page database fills up");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("full") && err.contains("nothing was written"),
        "{err}"
    );
    assert_eq!(db.event_count(), 1 + i as u64, "nothing half-written");
    assert_eq!(db.json(&["check"])["ok"], true);
}

#[test]
fn a_read_only_database_refuses_cleanly() {
    let db = backends("readonly").remove(0);
    db.add_ann();
    db.ok(&["log", "sleep", "8h"]);
    let path = db.dir.join("myo.db");
    // Everyone may read the directory and file; nobody but root may write.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&db.dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    for entry in std::fs::read_dir(&db.dir).unwrap() {
        std::fs::set_permissions(
            entry.unwrap().path(),
            std::fs::Permissions::from_mode(0o444),
        )
        .unwrap();
    }
    let mut parent = db.dir.parent();
    while let Some(p) = parent {
        // The temp directory must be traversable for another user.
        if p.metadata()
            .map(|m| m.permissions().mode() & 0o001 == 0)
            .unwrap_or(false)
        {
            return; // cannot test honestly here
        }
        parent = p.parent();
    }
    // Root ignores file permissions: run as nobody then (setpriv), so the test is real.
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let run = |args: &[&str]| -> Output {
        let mut c = if root {
            let mut c = Command::new("setpriv");
            c.args([
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                env!("CARGO_BIN_EXE_myo"),
            ]);
            c
        } else {
            crate::myo()
        };
        c.args(args)
            .env("MYO_DATABASE_URL", format!("sqlite://{}", path.display()))
            .env("MYO_NOW", NOW)
            .output()
            .unwrap()
    };
    let out = run(&["log", "sleep", "7h"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("read-only") || err.contains("readonly") || err.contains("unable to open"),
        "{err}"
    );
    for entry in std::fs::read_dir(&db.dir).unwrap() {
        std::fs::set_permissions(
            entry.unwrap().path(),
            std::fs::Permissions::from_mode(0o644),
        )
        .unwrap();
    }
    assert_eq!(db.event_count(), 1, "nothing written");
}

#[test]
fn help_completions_and_colour() {
    let db = backends("cli").remove(0);
    for shell in ["bash", "zsh", "fish"] {
        let script = db.ok(&["completions", shell]);
        assert!(
            script.contains("myo") && script.contains("athlete"),
            "{shell}"
        );
    }
    let err = db.fails(2, &["completions", "tcsh"]);
    assert!(err.contains("possible values"), "{err}");
    let help = db.ok(&["log", "strength", "--help"]);
    assert!(
        help.contains("Examples:") && help.contains("5x5@100kg"),
        "{help}"
    );
    let help = db.ok(&["--help"]);
    assert!(help.contains("Exit codes"), "{help}");
    db.add_ann();
    let out = db
        .cmd(&["status"])
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains('\u{1b}'),
        "colour when forced"
    );
    let out = db
        .cmd(&["status"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stdout).contains('\u{1b}'),
        "NO_COLOR wins"
    );
}

#[test]
fn athletes_are_managed_by_name() {
    for db in backends("athletes") {
        db.add_ann();
        db.ok(&[
            "athlete",
            "add",
            "sam",
            "--sex",
            "male",
            "--age",
            "41",
            "--mass",
            "82",
            "--status",
            "recreational",
        ]);
        let list = db.json(&["athlete", "list"]);
        assert_eq!(list.as_array().unwrap().len(), 2);
        assert_eq!(list[0]["default"], true, "the first is the default");
        db.ok(&["--athlete", "sam", "log", "sleep", "8h"]);
        db.ok(&["log", "sleep", "7h"]);
        assert_eq!(ids(&db.json(&["--athlete", "sam", "history"])).len(), 1);
        db.ok(&["athlete", "edit", "sam", "--mass", "80", "--default"]);
        let sam = db.json(&["athlete", "show"]);
        assert_eq!(sam["name"], "sam");
        assert_eq!(sam["body_mass_kg"], 80.0);
        assert_eq!(sam["events"], 1);
        db.fails(2, &["athlete", "remove", "sam"]);
        db.ok(&["athlete", "remove", "sam", "--yes"]);
        assert_eq!(db.event_count(), 1);
        let err = db.fails(2, &["athlete", "show", "sam"]);
        assert!(err.contains("unknown athlete"), "{err}");
    }
}

#[test]
fn body_weight_moves_need_no_load_and_plurals_are_understood() {
    for db in backends("bodyweight") {
        db.add_ann();
        db.ok(&["log", "strength", "Pullups", "4x8", "--at", "-1h"]);
        db.ok(&["log", "strength", "Squats", "5x5@100kg", "--at", "-2h"]);
        let err = db.fails(2, &["log", "strength", "Barbell Squat", "5x5"]);
        assert!(err.contains("no load for \"Barbell Squat\""), "{err}");
        let history = db.json(&["history", "--kind", "strength"]);
        let first = &history
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["event"]["exercise"][0]["name"] == "Pullups")
            .unwrap()["event"]["exercise"][0];
        assert_eq!(first["load_kg"], 0, "{first}");
    }
}
