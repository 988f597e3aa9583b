//! Loading one data folder in PMData's layout: `participants.csv` and one folder per
//! participant. The model's input comes only from the product's importers (every file of the
//! athlete's folder that `myo_import` recognises); the targets (the wellness answers on PMSys's
//! own scales) and the athlete's profile are read from the tables directly.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime};
use myo_model::{Sex, TrainingStatus};
use myo_scenario::Zone;
use myo_scenario::{AthleteSpec, EventSpec, Scenario};

/// A wellness item the athlete answers and the harness predicts, on PMSys's scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// 1–5, 5 = very rested (PMSys: higher is better; 3 = normal).
    Fatigue,
    /// General muscle soreness, 1–5, 5 = not sore at all.
    Soreness,
    /// Readiness to train, 0–10, 10 = fully ready.
    Readiness,
}

impl Target {
    pub const ALL: [Target; 3] = [Target::Fatigue, Target::Soreness, Target::Readiness];

    pub fn index(self) -> usize {
        self as usize
    }

    /// The column of `wellness.csv`.
    pub fn column(self) -> &'static str {
        match self {
            Target::Fatigue => "fatigue",
            Target::Soreness => "soreness",
            Target::Readiness => "readiness",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Target::Fatigue => "fatigue (1–5, 5 = rested)",
            Target::Soreness => "general soreness (1–5, 5 = not sore)",
            Target::Readiness => "readiness (0–10)",
        }
    }

    /// The scale's ends.
    pub fn range(self) -> (f64, f64) {
        match self {
            Target::Fatigue | Target::Soreness => (1.0, 5.0),
            Target::Readiness => (0.0, 10.0),
        }
    }

    pub fn clamp(self, x: f64) -> f64 {
        let (lo, hi) = self.range();
        x.clamp(lo, hi)
    }
}

/// One value per [`Target`].
pub type PerTarget<T> = [T; 3];

/// One wellness report as the athlete gave it (PMSys scales; 0 = not answered, read as
/// missing, as the importer does).
#[derive(Debug, Clone)]
pub struct Report {
    pub at: DateTime<FixedOffset>,
    pub values: PerTarget<Option<f64>>,
}

/// A session of known RPE and duration (the importer's session-RPE items), for the load
/// baselines.
#[derive(Debug, Clone)]
pub struct Session {
    /// Local date the session started.
    pub date: NaiveDate,
    /// When the log had it, h since the scenario start (its end, or when it was logged).
    pub known_h: f64,
    pub load_au: f64,
}

/// Everything loaded for one athlete.
pub struct AthleteData {
    pub id: String,
    /// The athlete's zone (local days, Fitbit's local times).
    pub zone: Zone,
    /// The scenario start: local midnight of the first day with data.
    pub start: DateTime<FixedOffset>,
    /// Every report, in time order.
    pub reports: Vec<Report>,
    /// The morning reports (the first of each local day): indices into `reports`.
    pub mornings: Vec<usize>,
    /// The first scored morning: the later half of the athlete's days.
    pub split: usize,
    /// The whole log as imported, resolved for the model (all events, in time order).
    pub scenario: Scenario,
    /// When the log had each of `scenario.events`, h since the start: its end, or later when
    /// its source says it was logged later.
    pub known_h: Vec<f64>,
    /// Session-RPE sessions, by end time.
    pub sessions: Vec<Session>,
    /// What was imported or skipped, and other facts worth saying.
    pub notes: Vec<String>,
}

impl AthleteData {
    /// Hours since the scenario start.
    pub fn hours(&self, at: DateTime<FixedOffset>) -> f64 {
        (at - self.start).num_milliseconds() as f64 / 3.6e6
    }

    pub fn local_date(&self, at: DateTime<FixedOffset>) -> NaiveDate {
        self.zone.local(at).date_naive()
    }
}

/// A row of `participants.csv`.
struct Participant {
    id: String,
    age: f64,
    sex: Sex,
    height_cm: Option<f64>,
    max_hr: Option<f64>,
}

fn read(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))
}

/// The CSV's rows as maps of column → value.
fn table(path: &Path) -> anyhow::Result<Vec<BTreeMap<String, String>>> {
    let bytes = read(path)?;
    let mut r = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(bytes.as_slice());
    let headers: Vec<String> = r
        .headers()
        .with_context(|| format!("{}: no header row", path.display()))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut out = Vec::new();
    for (n, row) in r.records().enumerate() {
        let row = row.with_context(|| format!("{}: row {}", path.display(), n + 2))?;
        out.push(
            headers
                .iter()
                .cloned()
                .zip(row.iter().map(|v| v.trim().to_string()))
                .collect(),
        );
    }
    Ok(out)
}

fn number(row: &BTreeMap<String, String>, column: &str) -> Option<f64> {
    row.get(column)
        .and_then(|v| v.parse::<f64>().ok())
        .filter(|v| v.is_finite())
}

fn participants(dir: &Path) -> anyhow::Result<Vec<Participant>> {
    let path = dir.join("participants.csv");
    if !path.is_file() {
        bail!("{}: no such file (the data folder's participant table: participant, age, sex, max_hr…)", path.display());
    }
    let mut out = Vec::new();
    for (n, row) in table(&path)?.iter().enumerate() {
        let line = n + 2;
        let id = row
            .get("participant")
            .filter(|v| !v.is_empty())
            .with_context(|| format!("{}:{line}: no participant", path.display()))?
            .clone();
        let age = number(row, "age")
            .with_context(|| format!("{}:{line}: no age for {id}", path.display()))?;
        let sex = match row.get("sex").map(|s| s.to_ascii_lowercase()).as_deref() {
            Some("male" | "m") => Sex::Male,
            Some("female" | "f") => Sex::Female,
            other => bail!(
                "{}:{line}: sex of {id} is {other:?}, not male or female",
                path.display()
            ),
        };
        out.push(Participant {
            id,
            age,
            sex,
            height_cm: number(row, "height_cm"),
            max_hr: number(row, "max_hr"),
        });
    }
    Ok(out)
}

/// Every file under `dir` (not hidden), sorted.
fn files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}: cannot list", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            out.extend(files(&path)?);
        } else if path.is_file() {
            out.push(path);
        }
    }
    Ok(out)
}

/// The targets, read from PMSys's `wellness.csv` directly (0 = not answered).
fn reports(path: &Path) -> anyhow::Result<Vec<Report>> {
    let mut out = Vec::new();
    for (n, row) in table(path)?.iter().enumerate() {
        let text = row
            .get("effective_time_frame")
            .with_context(|| format!("{}:{}: no effective_time_frame", path.display(), n + 2))?;
        let at = DateTime::parse_from_rfc3339(text).with_context(|| {
            format!(
                "{}:{}: time {text:?} is not RFC 3339",
                path.display(),
                n + 2
            )
        })?;
        let values = Target::ALL.map(|t| {
            number(row, t.column()).filter(|v| {
                *v > 0.0 && {
                    let (lo, hi) = t.range();
                    (lo..=hi).contains(v)
                }
            })
        });
        out.push(Report { at, values });
    }
    out.sort_by_key(|r| r.at);
    Ok(out)
}

/// Body mass, kg: the median of the weights reported (Google Forms `reporting.csv`, `date`
/// d/m/Y) before `before`; all of them if none is earlier.
fn body_mass(path: &Path, before: NaiveDate) -> anyhow::Result<Option<(f64, usize)>> {
    let rows = table(path)?;
    let mut early = Vec::new();
    let mut all = Vec::new();
    for row in &rows {
        let Some(w) = number(row, "weight").filter(|w| (30.0..=250.0).contains(w)) else {
            continue;
        };
        all.push(w);
        let date = row
            .get("date")
            .and_then(|d| NaiveDate::parse_from_str(d, "%d/%m/%Y").ok());
        if date.is_some_and(|d| d < before) {
            early.push(w);
        }
    }
    let pick = if early.is_empty() { all } else { early };
    Ok(crate::stats::median(&pick).map(|m| (m, pick.len())))
}

/// One imported event, with what says when the log had it.
struct Logged {
    at: DateTime<FixedOffset>,
    spec: EventSpec,
    /// When the source logged it, if later than the event's end (a PMSys session's form).
    logged: Option<DateTime<FixedOffset>>,
    /// The file's reports (index into `Imported::questionnaires`) when the event came from a
    /// file of reports: then it is known with the first report at or after its end (a night a
    /// wellness form reports is known when the form is sent, not when the night ended).
    questionnaire: Option<usize>,
    /// A night the athlete reported in a questionnaire (a device's record of it is better).
    reported_night: bool,
}

/// What the importers made of every file of the athlete's folder.
struct Imported {
    events: Vec<Logged>,
    /// Report times of each file that has reports.
    questionnaires: Vec<Vec<DateTime<FixedOffset>>>,
    /// Session-RPE items: start, minutes, load, when logged.
    sessions: Vec<(DateTime<FixedOffset>, f64, f64, DateTime<FixedOffset>)>,
    notes: Vec<String>,
}

fn minutes(m: f64) -> Duration {
    Duration::milliseconds((m * 60_000.0) as i64)
}

fn import(dir: &Path, zone: Zone) -> anyhow::Result<Imported> {
    let opts = myo_import::Options { zone };
    let mut out = Imported {
        events: Vec::new(),
        questionnaires: Vec::new(),
        sessions: Vec::new(),
        notes: Vec::new(),
    };
    let mut read_by: Vec<String> = Vec::new();
    let mut skipped: Vec<String> = Vec::new();
    let ctx = myo_import::EventContext::default();
    for path in files(dir)? {
        let name = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        let bytes = read(&path)?;
        let imported = match myo_import::parse_with(&path, &bytes, &opts) {
            Ok(imported) => imported,
            Err(_) => {
                skipped.push(format!("`{name}`"));
                continue;
            }
        };
        // A device's daily value (Fitbit's resting heart rate, estimated from the whole day) is
        // known when the day is over, whatever hour the importer gives it.
        let daily = matches!(
            imported.format,
            myo_import::Format::Json(myo_import::JsonLayout::FitbitRestingHr)
        );
        // `Imported::typed_events`, item by item, to know where each event came from.
        let mut events: Vec<Logged> = Vec::new();
        for item in &imported.items {
            let logged = match item {
                // A session is known when its form was sent (the importer says when, if that
                // is not the session's end).
                myo_import::Item::SessionRpe(s) => {
                    let end = s.start + minutes(s.minutes);
                    let sent = s.logged_at;
                    let known = sent.map_or(end, |l| l.max(end));
                    out.sessions.push((s.start, s.minutes, s.load_au(), known));
                    Some(known)
                }
                _ => None,
            };
            let Some((at, spec)) = item.to_spec_with(&ctx) else {
                continue;
            };
            let logged = if daily {
                let midnight =
                    (zone.local(at).date_naive() + Duration::days(1)).and_time(NaiveTime::MIN);
                Some(zone.at_local(midnight))
            } else {
                logged
            };
            events.push(Logged {
                at,
                spec,
                logged,
                questionnaire: None,
                reported_night: matches!(item, myo_import::Item::Sleep(s) if s.reported),
            });
        }
        let mut reports: Vec<DateTime<FixedOffset>> = events
            .iter()
            .filter(|e| matches!(e.spec, EventSpec::Observation(_)))
            .map(|e| e.at)
            .collect();
        if !reports.is_empty() {
            reports.sort();
            for e in &mut events {
                e.questionnaire = Some(out.questionnaires.len());
            }
            out.questionnaires.push(reports);
        }
        read_by.push(format!(
            "`{name}` ({}, {} events{})",
            imported.format.name(),
            events.len(),
            match imported.warnings.len() {
                0 => String::new(),
                1 => ", 1 warning".to_string(),
                w => format!(", {w} warnings"),
            }
        ));
        out.events.extend(events);
    }
    // As `myo import` does: a night a questionnaire reports is left out where a device's sleep
    // record covers it.
    let device_nights: Vec<(DateTime<FixedOffset>, f64)> = out
        .events
        .iter()
        .filter(|e| !e.reported_night)
        .filter_map(|e| match &e.spec {
            EventSpec::Sleep(s) => Some((e.at, s.hours)),
            _ => None,
        })
        .collect();
    let before = out.events.len();
    out.events.retain(|e| match &e.spec {
        EventSpec::Sleep(s) if e.reported_night => {
            !myo_import::night_covered(e.at, s.hours, device_nights.iter().copied())
        }
        _ => true,
    });
    let dropped = before - out.events.len();
    out.notes.push(format!("imported {}", read_by.join(", ")));
    if dropped > 0 {
        out.notes.push(format!(
            "{dropped} reported nights left out: a device's sleep record covers them"
        ));
    }
    if !skipped.is_empty() {
        out.notes.push(format!(
            "not recognised by the importer, skipped: {}",
            skipped.join(", ")
        ));
    }
    Ok(out)
}

/// Loads every participant of `participants.csv` that has a folder with PMSys wellness
/// reports; the others are skipped with a note.
pub fn load(
    dir: &Path,
    zone: Zone,
    status: TrainingStatus,
    only: &[String],
) -> anyhow::Result<(Vec<AthleteData>, Vec<String>)> {
    let mut athletes = Vec::new();
    let mut skipped = Vec::new();
    for p in participants(dir)? {
        if !only.is_empty() && !only.contains(&p.id) {
            continue;
        }
        let folder = dir.join(&p.id);
        let wellness = folder.join("pmsys").join("wellness.csv");
        if !wellness.is_file() {
            skipped.push(format!(
                "{}: skipped, {} is missing",
                p.id,
                wellness.display()
            ));
            continue;
        }
        let a = athlete(&folder, &wellness, &p, zone, status)?;
        if a.mornings.len() < 4 {
            skipped.push(format!(
                "{}: skipped, only {} days with a report",
                p.id,
                a.mornings.len()
            ));
            continue;
        }
        athletes.push(a);
    }
    if athletes.is_empty() {
        bail!(
            "{}: no participant with pmsys/wellness.csv to evaluate",
            dir.display()
        );
    }
    Ok((athletes, skipped))
}

fn athlete(
    folder: &Path,
    wellness: &Path,
    p: &Participant,
    zone: Zone,
    status: TrainingStatus,
) -> anyhow::Result<AthleteData> {
    let reports = reports(wellness)?;
    let local = |at: DateTime<FixedOffset>| zone.local(at).date_naive();
    let mut mornings = Vec::new();
    let mut last_day = None;
    for (i, r) in reports.iter().enumerate() {
        let day = local(r.at);
        if last_day != Some(day) {
            mornings.push(i);
            last_day = Some(day);
        }
    }
    let split = mornings.len() / 2;
    let first_scored = mornings
        .get(split)
        .map(|&i| local(reports[i].at))
        .unwrap_or(NaiveDate::MAX);

    let mut notes = Vec::new();
    let reporting = folder.join("googledocs").join("reporting.csv");
    let mass = if reporting.is_file() {
        body_mass(&reporting, first_scored)?
    } else {
        None
    };
    let body_mass_kg = match (mass, p.height_cm) {
        (Some((m, n)), _) => {
            notes.push(format!(
                "body mass {m:.0} kg (median of {n} weights reported before the scored half)"
            ));
            m
        }
        (None, Some(h)) => {
            let m = 23.0 * (h / 100.0).powi(2);
            notes.push(format!(
                "no weight reported: body mass {m:.0} kg from the height at BMI 23"
            ));
            m
        }
        (None, None) => bail!(
            "{}: no weight reported and no height_cm in participants.csv",
            reporting.display()
        ),
    };
    let spec = AthleteSpec {
        sex: p.sex,
        age: p.age,
        body_mass_kg: body_mass_kg.round(),
        training_status: status,
        max_hr: p.max_hr,
        resting_hr: None,
        conditions: Vec::new(),
    };

    notes.insert(
        0,
        format!(
            "{}, {} y, max HR {}",
            match spec.sex {
                Sex::Male => "male",
                Sex::Female => "female",
            },
            spec.age,
            spec.max_hr
                .map_or("not given (the model's default)".to_string(), |h| format!(
                    "{h:.0}"
                )),
        ),
    );
    let imported = import(folder, zone)?;
    notes.extend(imported.notes);
    let mut events = imported.events;
    events.sort_by_key(|e| e.at);
    let first = events
        .iter()
        .map(|e| e.at)
        .chain(reports.first().map(|r| r.at))
        .min()
        .context("no data")?;
    let start = zone.at_local(local(first).and_time(NaiveTime::MIN));
    let hours = |at: DateTime<FixedOffset>| (at - start).num_milliseconds() as f64 / 3.6e6;
    let as_hours: Vec<(f64, &EventSpec)> = events.iter().map(|e| (hours(e.at), &e.spec)).collect();
    let scenario = Scenario::from_log(start, zone, &spec, &as_hours, vec![0.0], None)
        .map_err(|e| anyhow::anyhow!("{}: {}", folder.display(), e.message))?;
    // One model event per imported event, in the same order.
    let known_h: Vec<f64> = scenario
        .events
        .iter()
        .zip(&events)
        .map(|(e, logged)| {
            let end = e.end();
            let mut known = logged.logged.map_or(end, |l| hours(l).max(end));
            if let Some(q) = logged.questionnaire {
                let sent = &imported.questionnaires[q];
                let i = sent.partition_point(|r| hours(*r) < known);
                if let Some(r) = sent.get(i) {
                    known = hours(*r);
                }
            }
            known
        })
        .collect();
    let mut sessions: Vec<Session> = imported
        .sessions
        .iter()
        .map(|(s, m, load, logged)| Session {
            date: local(*s),
            known_h: hours(*logged).max(hours(*s + minutes(*m))),
            load_au: *load,
        })
        .collect();
    sessions.sort_by(|a, b| a.known_h.total_cmp(&b.known_h));
    notes.push(format!(
        "{} reports on {} days ({} scored), {} model events, {} session-RPE sessions",
        reports.len(),
        mornings.len(),
        mornings.len() - split,
        scenario.events.len(),
        sessions.len()
    ));
    Ok(AthleteData {
        id: p.id.clone(),
        zone,
        start,
        reports,
        mornings,
        split,
        scenario,
        known_h,
        sessions,
        notes,
    })
}
