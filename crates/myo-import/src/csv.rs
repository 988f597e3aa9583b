//! CSV exports, recognised by their header columns: PMSys (PMData) session RPE and wellness,
//! HRV4Training and Elite HRV daily readings, Strong and Hevy strength logs, and myo's generic
//! CSV (`docs/import.md`). Column names are compared normalised (lower case, runs of other
//! characters as `_`), so `ln(rMSSD)` is `ln_rmssd` and `Exercise Name` is `exercise_name`.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use myo_catalogue::catalogue;
use myo_model::{MuscleGroup, Sport};

use crate::error::{ErrorKind, Failure};
use crate::item::{
    night_covered, reported_sleep, start_from_end, Activity, DailyHrv, Downhill, ExerciseLog, Item,
    Observation, SessionRpe, SetLog, Sleep, StrengthSession, Warning, Wellness, DAY_STARTS_HOUR,
    GENERIC_MINUTES_PER_SET, GENERIC_REPS, LATE_LOG_END_HOUR,
};
use crate::Options;

/// The CSV layouts read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CsvLayout {
    /// PMSys `srpe.csv`: end_date_time, activity_names, perceived_exertion, duration_min.
    PmsysSrpe,
    /// PMSys `wellness.csv`: effective_time_frame, fatigue, mood, readiness, sleep_duration_h,
    /// sleep_quality, soreness, soreness_area, stress.
    PmsysWellness,
    /// HRV4Training export: date, rMSSD, HR, … (one morning reading a row).
    Hrv4Training,
    /// Elite HRV export: Date Time Start, rMSSD / ln(rMSSD), HR, … .
    EliteHrv,
    /// Strong app export: Date, Workout Name, Exercise Name, Set Order, Weight, Reps, … .
    Strong,
    /// Hevy export: title, start_time, exercise_title, set_index, set_type, weight_kg, reps, … .
    Hevy,
    /// myo's own columns: at, kind, and the scenario fields of that kind.
    Generic,
}

impl CsvLayout {
    pub fn name(self) -> &'static str {
        match self {
            CsvLayout::PmsysSrpe => "PMSys session RPE",
            CsvLayout::PmsysWellness => "PMSys wellness",
            CsvLayout::Hrv4Training => "HRV4Training",
            CsvLayout::EliteHrv => "Elite HRV",
            CsvLayout::Strong => "Strong",
            CsvLayout::Hevy => "Hevy",
            CsvLayout::Generic => "generic CSV",
        }
    }
}

/// Lower case, with every run of characters other than letters and digits as one `_`.
pub fn normalise_column(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.trim_start_matches('\u{feff}').trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_matches('_').to_string()
}

fn delimiter(first_line: &str) -> u8 {
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

fn header_line(text: &str) -> &str {
    text.trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
}

/// The layout of a CSV text from its header, or `None`.
pub fn detect_layout(text: &str) -> Option<CsvLayout> {
    let line = header_line(text);
    let d = delimiter(line) as char;
    let cols: Vec<String> = line
        .split(d)
        .map(|c| normalise_column(c.trim_matches('"')))
        .collect();
    layout_of(&cols)
}

fn layout_of(cols: &[String]) -> Option<CsvLayout> {
    let has = |n: &str| cols.iter().any(|c| c == n);
    let all = |ns: &[&str]| ns.iter().all(|n| has(n));
    if all(&["end_date_time", "perceived_exertion", "duration_min"]) {
        Some(CsvLayout::PmsysSrpe)
    } else if all(&[
        "effective_time_frame",
        "fatigue",
        "mood",
        "soreness",
        "stress",
    ]) {
        Some(CsvLayout::PmsysWellness)
    } else if all(&["exercise_title", "start_time", "reps"]) {
        Some(CsvLayout::Hevy)
    } else if all(&["exercise_name", "set_order", "reps", "date"]) {
        Some(CsvLayout::Strong)
    } else if has("date_time_start") && (has("rmssd") || has("ln_rmssd")) {
        Some(CsvLayout::EliteHrv)
    } else if has("date") && has("rmssd") {
        Some(CsvLayout::Hrv4Training)
    } else if all(&["at", "kind"]) {
        Some(CsvLayout::Generic)
    } else {
        None
    }
}

/// One data row with its 1-based line, and named access by normalised column.
struct Row<'a> {
    line: usize,
    record: &'a csv::StringRecord,
    columns: &'a HashMap<String, usize>,
}

impl Row<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        let i = *self.columns.get(name)?;
        self.record
            .get(i)
            .map(str::trim)
            .filter(|s| !s.is_empty() && !s.eq_ignore_ascii_case("null") && *s != "NA")
    }

    fn bad(&self, column: &str, value: &str, message: &str) -> Failure {
        Failure::line(
            self.line,
            Some(column),
            ErrorKind::BadValue {
                value: value.into(),
                message: message.into(),
            },
        )
    }

    fn num(&self, name: &str) -> Result<Option<f64>, Failure> {
        match self.get(name) {
            None => Ok(None),
            // Decimal commas appear in exports from some locales.
            Some(s) => match s.replace(',', ".").parse::<f64>() {
                Ok(x) if x.is_finite() => Ok(Some(x)),
                _ => Err(self.bad(name, s, "not a number")),
            },
        }
    }

    fn time(
        &self,
        name: &str,
        opts: &Options,
        zoneless: &mut bool,
    ) -> Result<DateTime<FixedOffset>, Failure> {
        let s = self
            .get(name)
            .ok_or_else(|| self.bad(name, "", "missing time"))?;
        parse_time(s, opts, zoneless).ok_or_else(|| {
            self.bad(
                name,
                s,
                "not a date or time (use RFC 3339 or YYYY-MM-DD HH:MM)",
            )
        })
    }
}

/// Reads the times CSV exports write. Times without a zone are in `opts.zone`; a bare
/// date is a morning reading at 07:00.
pub(crate) fn parse_time(
    s: &str,
    opts: &Options,
    zoneless: &mut bool,
) -> Option<DateTime<FixedOffset>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t);
    }
    let naive = [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%d %b %Y, %H:%M",
        "%d %b %Y %H:%M",
        "%d/%m/%Y %H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .or_else(|| {
        ["%Y-%m-%d", "%d/%m/%Y"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(s, f).ok())
            .map(|d| d.and_time(NaiveTime::from_hms_opt(7, 0, 0).expect("valid")))
    })?;
    *zoneless = true;
    Some(opts.zone.at_local(naive))
}

/// Parses CSV text of a known layout.
pub(crate) fn parse(
    text: &str,
    opts: &Options,
) -> Result<(CsvLayout, Vec<Item>, Vec<Warning>, usize), Failure> {
    let text = text.trim_start_matches('\u{feff}');
    let line = header_line(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(line))
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| {
            Failure::line(
                1,
                None,
                ErrorKind::BadValue {
                    value: String::new(),
                    message: e.to_string(),
                },
            )
        })?
        .clone();
    let names: Vec<String> = headers.iter().map(normalise_column).collect();
    let layout = layout_of(&names).ok_or_else(|| {
        Failure::line(
            1,
            None,
            ErrorKind::UnknownCsvLayout {
                columns: headers.iter().collect::<Vec<_>>().join(", "),
            },
        )
    })?;
    let columns: HashMap<String, usize> = names
        .iter()
        .enumerate()
        .rev()
        .map(|(i, n)| (n.clone(), i))
        .collect();
    if layout == CsvLayout::Generic {
        for (i, n) in names.iter().enumerate() {
            if !GENERIC_COLUMNS.contains(&n.as_str()) {
                let hint = myo_model::muscle::nearest(n, GENERIC_COLUMNS.iter().copied())
                    .map(|s| format!(" (did you mean \"{s}\"?)"))
                    .unwrap_or_default();
                return Err(Failure::line(
                    1,
                    Some(headers.get(i).unwrap_or(n)),
                    ErrorKind::BadValue {
                        value: n.clone(),
                        message: format!("not a generic-CSV column{hint}"),
                    },
                ));
            }
        }
    }
    let mut state = State {
        opts,
        zoneless: false,
        warnings: Vec::new(),
        items: Vec::new(),
        strength: Vec::new(),
        strength_index: HashMap::new(),
        exercises: HashMap::new(),
        sessions: SessionNotes::default(),
    };
    let mut rows = 0usize;
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line() as usize;
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(line, |p| p.line() as usize);
                return Err(Failure::line(
                    line,
                    None,
                    ErrorKind::BadValue {
                        value: String::new(),
                        message: e.to_string(),
                    },
                ));
            }
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        rows += 1;
        if rows > crate::MAX_ROWS {
            return Err(Failure::line(
                line,
                None,
                ErrorKind::TooLarge(format!(
                    "more than {} rows; split the file (MAX_ROWS)",
                    crate::MAX_ROWS
                )),
            ));
        }
        let row = Row {
            line,
            record: &record,
            columns: &columns,
        };
        let result = match layout {
            CsvLayout::PmsysSrpe => state.srpe(&row),
            CsvLayout::PmsysWellness => state.wellness(&row),
            CsvLayout::Hrv4Training => state.daily_hrv(&row, "date", "HRV4Training"),
            CsvLayout::EliteHrv => state.daily_hrv(&row, "date_time_start", "Elite HRV"),
            CsvLayout::Strong => state.strong(&row),
            CsvLayout::Hevy => state.hevy(&row),
            CsvLayout::Generic => state.generic(&row),
        };
        // A bad row is a diagnostic, not the end of the file.
        if let Err(f) = result {
            let msg = match &f.location {
                Some(crate::Location::Line {
                    column: Some(c), ..
                }) => {
                    format!("row skipped: column \"{c}\": {}", f.kind)
                }
                _ => format!("row skipped: {}", f.kind),
            };
            state.warnings.push(Warning::line(line, msg));
        }
    }
    let mut items = state.items;
    for (_, s) in state.strength {
        items.push(Item::Strength(s));
    }
    let mut warnings = state.warnings;
    state.sessions.summarise(&mut warnings);
    if layout == CsvLayout::PmsysWellness {
        drop_nights_reported_twice(&mut items, &mut warnings);
    }
    if state.zoneless {
        warnings.push(Warning::new(format!(
            "times without a time zone were read in {}",
            crate::item::zone_words(opts.zone)
        )));
    }
    if items.is_empty() {
        return Err(Failure::new(ErrorKind::NoData(format!(
            "a {} file with no usable rows",
            layout.name()
        ))));
    }
    Ok((layout, items, warnings, rows))
}

/// The generic CSV's columns (`docs/import.md`).
pub const GENERIC_COLUMNS: &[&str] = &[
    "at",
    "kind",
    "sport",
    "minutes",
    "avg_hr",
    "rpe",
    "distance_km",
    "downhill_pct",
    "gradient_pct",
    "exercise",
    "muscles",
    "sets",
    "reps",
    "load_kg",
    "hours",
    "quality",
    "rmssd_ms",
    "night_rmssd_ms",
    "resting_hr",
    "stress",
    "mood",
    "fatigue",
    "soreness",
    "general_soreness",
    "readiness",
    "sleep_quality",
    "jump_cm",
    "grip_kg",
];

struct State<'o> {
    opts: &'o Options,
    zoneless: bool,
    warnings: Vec<Warning>,
    items: Vec<Item>,
    /// Strength sessions being assembled, keyed by workout, in first-seen order.
    strength: Vec<(String, StrengthSession)>,
    /// Where each workout's session is in `strength` (a scan per row made imports quadratic).
    strength_index: HashMap<String, usize>,
    /// Each name's catalogue entry, looked up once (a miss costs a suggestion search).
    exercises: HashMap<String, Result<&'static myo_catalogue::Exercise, myo_model::UnknownName>>,
    sessions: SessionNotes,
}

/// What a PMSys session file's rows had in common, for one warning each at the end.
#[derive(Default)]
struct SessionNotes {
    /// Rows read (their times are logging times).
    logged: usize,
    /// Sessions tagged strength (no exercises: a generic whole-body session).
    strength: usize,
    /// The previous row: logging time, RPE, minutes and activity words.
    previous: Option<(DateTime<FixedOffset>, f64, f64, Vec<String>)>,
}

impl SessionNotes {
    fn summarise(&self, warnings: &mut Vec<Warning>) {
        if self.logged > 0 {
            warnings.push(Warning::new(
                "PMSys stamps a session when its form is filled in: that time is taken as the \
                 session's end (start = end − duration); forms filled in between 00:00 and \
                 05:00 local are placed the evening before",
            ));
        }
        if self.strength > 0 {
            warnings.push(Warning::new(format!(
                "{} session(s) tagged strength carry no exercises: each is a generic whole-body \
                 strength session (lower body, push and pull; a set per {} min, {} reps, reps \
                 in reserve 10 − RPE)",
                self.strength, GENERIC_MINUTES_PER_SET, GENERIC_REPS
            )));
        }
    }
}

/// Leaves out a questionnaire's night when an earlier report of the file already covers it
/// (a morning and an evening report of one day, a form sent twice).
fn drop_nights_reported_twice(items: &mut Vec<Item>, warnings: &mut Vec<Warning>) {
    let mut kept: Vec<(DateTime<FixedOffset>, f64)> = Vec::new();
    let mut dropped = 0usize;
    items.retain(|item| match item {
        Item::Sleep(s) if s.reported => {
            if night_covered(s.start, s.asleep_h, kept.iter().copied()) {
                dropped += 1;
                false
            } else {
                kept.push((s.start, s.asleep_h));
                true
            }
        }
        _ => true,
    });
    if dropped > 0 {
        warnings.push(Warning::new(format!(
            "{dropped} night(s) reported again later the same day were left out (the first \
             report of a night counts)"
        )));
    }
}

type R = Result<(), Failure>;

impl State<'_> {
    fn time(&mut self, row: &Row<'_>, name: &str) -> Result<DateTime<FixedOffset>, Failure> {
        row.time(name, self.opts, &mut self.zoneless)
    }

    fn srpe(&mut self, row: &Row<'_>) -> R {
        let logged = self.time(row, "end_date_time")?;
        let rpe = row
            .num("perceived_exertion")?
            .ok_or_else(|| row.bad("perceived_exertion", "", "missing"))?;
        let minutes = row
            .num("duration_min")?
            .ok_or_else(|| row.bad("duration_min", "", "missing"))?;
        if !(0.0..=10.0).contains(&rpe) {
            return Err(row.bad(
                "perceived_exertion",
                &rpe.to_string(),
                "outside CR-10 (0–10)",
            ));
        }
        if !(0.0..=72.0 * 60.0).contains(&minutes) {
            return Err(row.bad(
                "duration_min",
                &minutes.to_string(),
                "outside 0–4320 minutes",
            ));
        }
        // "['individual', 'running']" — a Python list written as text.
        let activities: Vec<String> = row
            .get("activity_names")
            .unwrap_or("")
            .split(',')
            .map(|w| w.trim_matches(|c: char| "[]'\" ".contains(c)).to_string())
            .filter(|w| !w.is_empty())
            .collect();
        // The same form sent twice (same words, RPE and minutes, minutes apart).
        let row_seen = (logged, rpe, minutes, activities.clone());
        let twice = self.sessions.previous.as_ref().is_some_and(|(t, r, m, a)| {
            (logged - *t).num_minutes().abs() <= 10
                && *r == rpe
                && *m == minutes
                && *a == activities
        });
        self.sessions.previous = Some(row_seen);
        if twice {
            self.warnings.push(Warning::line(
                row.line,
                "the same session as the row before, logged again minutes later: left out",
            ));
            return Ok(());
        }
        self.sessions.logged += 1;
        let end = self.session_end(row.line, logged);
        let session = |minutes: f64, activities: Vec<String>, start| SessionRpe {
            start,
            minutes,
            rpe,
            activities,
            logged_at: Some(logged),
        };
        let is_kind = |w: &String| {
            ["individual", "team"]
                .iter()
                .any(|k| w.eq_ignore_ascii_case(k))
        };
        let is_strength = |w: &String| w.eq_ignore_ascii_case("strength");
        let others: Vec<&String> = activities
            .iter()
            .filter(|w| !is_kind(w) && !is_strength(w))
            .collect();
        let strength = activities.iter().any(is_strength);
        let last = if strength && !others.is_empty() {
            // "strength" and "running": half the time each, the strength first.
            let half = minutes / 2.0;
            let start = start_from_end(end, minutes);
            self.warnings.push(Warning::line(
                row.line,
                format!(
                    "tagged {}: split into a strength session and {} of {} min each",
                    activities.join(", "),
                    others
                        .iter()
                        .map(|w| w.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    half
                ),
            ));
            let words = |keep: &dyn Fn(&String) -> bool| {
                activities.iter().filter(|w| keep(w)).cloned().collect()
            };
            self.items.push(Item::SessionRpe(session(
                half,
                words(&|w| !others.contains(&w)),
                start,
            )));
            session(half, words(&|w| !is_strength(w)), start_from_end(end, half))
        } else {
            session(minutes, activities.clone(), start_from_end(end, minutes))
        };
        if strength {
            self.sessions.strength += 1;
        }
        self.items.push(Item::SessionRpe(last));
        Ok(())
    }

    /// A PMSys logging time as the session's end: forms filled in between midnight and
    /// [`DAY_STARTS_HOUR`] local are the previous evening's, placed to end at
    /// [`LATE_LOG_END_HOUR`] that evening.
    fn session_end(&mut self, line: usize, logged: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        let zone = self.opts.zone;
        let local = zone.local(logged);
        if local.hour() >= DAY_STARTS_HOUR {
            return logged;
        }
        let evening = (local.date_naive() - Duration::days(1))
            .and_hms_opt(LATE_LOG_END_HOUR, 0, 0)
            .map(|t| zone.at_local(t));
        match evening {
            Some(evening) => {
                self.warnings.push(Warning::line(
                    line,
                    format!(
                        "logged at {} local: placed the evening before, ending at {:02}:00",
                        local.format("%H:%M"),
                        LATE_LOG_END_HOUR
                    ),
                ));
                evening
            }
            None => logged,
        }
    }

    fn wellness(&mut self, row: &Row<'_>) -> R {
        let at = self.time(row, "effective_time_frame")?;
        let sleep_h = row.num("sleep_duration_h")?;
        // 0 is "not answered" in PMData.
        let scale = |name: &str| -> Result<Option<f64>, Failure> {
            Ok(row.num(name)?.filter(|v| *v > 0.0))
        };
        let areas = row
            .get("soreness_area")
            .unwrap_or("")
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|s| s.parse::<u64>().ok())
            .collect();
        self.items.push(Item::Wellness(Wellness {
            at,
            fatigue: scale("fatigue")?,
            mood: scale("mood")?,
            readiness: row.num("readiness")?,
            sleep_duration_h: scale("sleep_duration_h")?,
            sleep_quality: scale("sleep_quality")?,
            soreness: scale("soreness")?,
            soreness_areas: areas,
            stress: scale("stress")?,
        }));
        // The night before the report, unless a device covers it (the caller's choice).
        if let Some(sleep) = sleep_h.and_then(|h| {
            let quality = row.num("sleep_quality").ok().flatten();
            reported_sleep(at, h, quality, self.opts.zone)
        }) {
            self.items.push(Item::Sleep(sleep));
        }
        Ok(())
    }

    fn daily_hrv(&mut self, row: &Row<'_>, time_col: &str, source: &str) -> R {
        let at = self.time(row, time_col)?;
        let rmssd = row.num("rmssd")?;
        let ln = row.num("ln_rmssd")?;
        if rmssd.is_none() && ln.is_none() {
            return Err(row.bad("rmssd", "", "no rMSSD in this row"));
        }
        let hr = match row.num("hr")? {
            Some(h) => Some(h),
            None => row.num("hr_bpm")?.or(row.num("heart_rate")?),
        };
        self.items.push(Item::DailyHrv(DailyHrv {
            date: at.date_naive(),
            at,
            rmssd_ms: rmssd,
            ln_rmssd: ln,
            sdnn_ms: row.num("sdnn")?,
            resting_hr_bpm: hr,
            source: source.into(),
        }));
        Ok(())
    }

    /// Adds a set to the session `key`, starting a new exercise when the name changes.
    /// `muscles` stands in for a catalogue name (generic CSV).
    fn add_set(
        &mut self,
        key: String,
        start: DateTime<FixedOffset>,
        exercise: &str,
        muscles: Option<&[MuscleGroup]>,
        set: SetLog,
    ) {
        let i = match self.strength_index.get(&key) {
            Some(i) => *i,
            None => {
                self.strength_index.insert(key.clone(), self.strength.len());
                self.strength.push((
                    key,
                    StrengthSession {
                        start,
                        rpe: None,
                        exercises: Vec::new(),
                    },
                ));
                self.strength.len() - 1
            }
        };
        let session = &mut self.strength[i].1;
        match session.exercises.last_mut() {
            Some(e) if e.source_name == exercise => e.sets.push(set),
            _ => {
                let (catalogue_name, muscles) = match muscles {
                    Some(m) => (None, m.to_vec()),
                    None => match self
                        .exercises
                        .entry(exercise.to_string())
                        .or_insert_with(|| find_exercise(exercise))
                        .clone()
                    {
                        Ok(e) => (Some(e.name.clone()), Vec::new()),
                        Err(e) => {
                            self.warnings.push(Warning::new(format!(
                                "exercise {e} is not in the catalogue: its sets are kept but \
                                 give no event"
                            )));
                            (None, Vec::new())
                        }
                    },
                };
                session.exercises.push(ExerciseLog {
                    source_name: exercise.to_string(),
                    catalogue_name,
                    muscles,
                    sets: vec![set],
                });
            }
        }
    }

    fn strong(&mut self, row: &Row<'_>) -> R {
        let date = row.get("date").unwrap_or("").to_string();
        let start = self.time(row, "date")?;
        // Newer exports list rest timers as rows.
        if row
            .get("set_order")
            .is_some_and(|s| s.parse::<f64>().is_err())
        {
            return Ok(());
        }
        let Some(reps) = row.num("reps")?.filter(|r| *r >= 1.0) else {
            return Ok(()); // cardio or timed rows: no reps to count
        };
        let exercise = row
            .get("exercise_name")
            .ok_or_else(|| row.bad("exercise_name", "", "missing"))?
            .to_string();
        let mut load = row.num("weight")?;
        if let (Some(w), Some(unit)) = (load, row.get("weight_unit")) {
            if unit.to_ascii_lowercase().starts_with("lb") {
                load = Some(w * LB_KG);
            }
        }
        let key = format!("{date}\u{1f}{}", row.get("workout_name").unwrap_or(""));
        self.add_set(
            key,
            start,
            &exercise,
            None,
            SetLog {
                reps: reps.round() as u32,
                load_kg: load.filter(|w| *w > 0.0),
                duration_s: row.num("seconds")?,
                rpe: row.num("rpe")?,
            },
        );
        Ok(())
    }

    fn hevy(&mut self, row: &Row<'_>) -> R {
        if row
            .get("set_type")
            .is_some_and(|t| t.eq_ignore_ascii_case("warmup"))
        {
            return Ok(());
        }
        let start = self.time(row, "start_time")?;
        let Some(reps) = row.num("reps")?.filter(|r| *r >= 1.0) else {
            return Ok(());
        };
        let exercise = row
            .get("exercise_title")
            .ok_or_else(|| row.bad("exercise_title", "", "missing"))?
            .to_string();
        let load = match row.num("weight_kg")? {
            Some(kg) => Some(kg),
            None => row.num("weight_lbs")?.map(|lb| lb * LB_KG),
        };
        let key = format!(
            "{}\u{1f}{}",
            row.get("start_time").unwrap_or(""),
            row.get("title").unwrap_or("")
        );
        self.add_set(
            key,
            start,
            &exercise,
            None,
            SetLog {
                reps: reps.round() as u32,
                load_kg: load.filter(|w| *w > 0.0),
                duration_s: row.num("duration_seconds")?,
                rpe: row.num("rpe")?,
            },
        );
        Ok(())
    }

    fn generic(&mut self, row: &Row<'_>) -> R {
        let at = self.time(row, "at")?;
        let kind = row.get("kind").unwrap_or("");
        match kind {
            "endurance" => {
                let sport_text = row
                    .get("sport")
                    .ok_or_else(|| row.bad("sport", "", "missing"))?;
                let sport = Sport::parse(sport_text)
                    .map_err(|e| row.bad("sport", sport_text, &format!("unknown sport {e}")))?;
                let minutes = row
                    .num("minutes")?
                    .ok_or_else(|| row.bad("minutes", "", "missing"))?;
                if let (None, Some(rpe)) = (row.num("avg_hr")?, row.num("rpe")?) {
                    self.items.push(Item::SessionRpe(SessionRpe {
                        start: at,
                        minutes,
                        rpe,
                        activities: vec![sport.name().to_string()],
                        logged_at: None,
                    }));
                    return Ok(());
                }
                let downhill = row.num("downhill_pct")?.map(|share| Downhill {
                    share_pct: share,
                    gradient_pct: row.num("gradient_pct").ok().flatten().unwrap_or(0.0).abs(),
                });
                self.items.push(Item::Activity(Activity {
                    start: at,
                    sport,
                    source_sport: sport.name().into(),
                    transition: false,
                    elapsed_s: minutes * 60.0,
                    moving_s: Some(minutes * 60.0),
                    distance_m: row.num("distance_km")?.map(|k| k * 1000.0),
                    avg_hr_bpm: row.num("avg_hr")?,
                    max_hr_bpm: None,
                    avg_power_w: None,
                    max_power_w: None,
                    ascent_m: None,
                    descent_m: None,
                    downhill,
                    laps: Vec::new(),
                    samples: Vec::new(),
                }));
            }
            "strength" => {
                let sets = row.num("sets")?.unwrap_or(1.0).max(1.0).round() as usize;
                let reps = row
                    .num("reps")?
                    .ok_or_else(|| row.bad("reps", "", "missing"))?;
                let set = SetLog {
                    reps: reps.max(0.0).round() as u32,
                    load_kg: row.num("load_kg")?,
                    duration_s: None,
                    rpe: None,
                };
                let key = row.get("at").unwrap_or("").to_string();
                if let Some(name) = row.get("exercise") {
                    let name = name.to_string();
                    for _ in 0..sets.min(100) {
                        self.add_set(key.clone(), at, &name, None, set.clone());
                    }
                } else if let Some(list) = row.get("muscles") {
                    let muscles = muscle_list(row, list)?;
                    for _ in 0..sets.min(100) {
                        self.add_set(key.clone(), at, list, Some(&muscles), set.clone());
                    }
                } else {
                    return Err(row.bad("exercise", "", "give `exercise` or `muscles`"));
                }
                if let Some(rpe) = row.num("rpe")? {
                    let i = *self.strength_index.get(&key).expect("added");
                    self.strength[i].1.rpe = Some(rpe);
                }
            }
            "sleep" => {
                let hours = row
                    .num("hours")?
                    .ok_or_else(|| row.bad("hours", "", "missing"))?;
                let quality = match row.num("quality")? {
                    Some(q) if (1.0..=5.0).contains(&q) => Some(q.round() as u8),
                    Some(q) => return Err(row.bad("quality", &q.to_string(), "outside 1–5")),
                    None => None,
                };
                self.items.push(Item::Sleep(Sleep {
                    start: at,
                    asleep_h: hours,
                    quality,
                    score: None,
                    reported: false,
                }));
            }
            "observation" => {
                let mut o = Observation {
                    at: Some(at),
                    general_soreness: row.num("general_soreness")?,
                    readiness: row.num("readiness")?,
                    sleep_quality: row.num("sleep_quality")?,
                    rmssd_ms: row.num("rmssd_ms")?,
                    night_rmssd_ms: row.num("night_rmssd_ms")?,
                    resting_hr: row.num("resting_hr")?,
                    stress: row.num("stress")?,
                    mood: row.num("mood")?,
                    fatigue: row.num("fatigue")?,
                    jump_cm: row.num("jump_cm")?,
                    grip_kg: row.num("grip_kg")?,
                    ..Observation::default()
                };
                if let Some(level) = row.num("soreness")? {
                    let list = row
                        .get("muscles")
                        .ok_or_else(|| row.bad("muscles", "", "soreness needs `muscles`"))?;
                    for g in muscle_list(row, list)? {
                        o.soreness.push((g, level));
                    }
                }
                self.items.push(Item::Observation(o));
            }
            other => {
                return Err(row.bad(
                    "kind",
                    other,
                    "use endurance, strength, sleep or observation",
                ))
            }
        }
        Ok(())
    }
}

/// A catalogue entry for an app's exercise name; Strong and Hevy write "Squat (Barbell)",
/// which the catalogue knows as "Barbell Squat".
fn find_exercise(name: &str) -> Result<&'static myo_catalogue::Exercise, myo_model::UnknownName> {
    let first = catalogue().find(name);
    if first.is_ok() {
        return first;
    }
    if let Some((base, rest)) = name.split_once(" (") {
        let equipment = rest.trim_end_matches(')');
        for candidate in [format!("{equipment} {base}"), base.to_string()] {
            if let Ok(e) = catalogue().find(&candidate) {
                return Ok(e);
            }
        }
    }
    first
}

/// `quadriceps;glutes` (also `|` or `/` between names).
fn muscle_list(row: &Row<'_>, list: &str) -> Result<Vec<MuscleGroup>, Failure> {
    let mut out = Vec::new();
    for m in list.split([';', '|', '/']) {
        let g = MuscleGroup::parse(m.trim())
            .map_err(|e| row.bad("muscles", m, &format!("unknown muscle group {e}")))?;
        if !out.contains(&g) {
            out.push(g);
        }
    }
    Ok(out)
}

/// Pounds to kilograms.
const LB_KG: f64 = 0.453_592_37;
