//! Scenario files (`spec/scenario.md`): parsing, validation and the model's input.
//!
//! [`parse`] turns TOML text into a validated [`Scenario`] or one [`ScenarioError`] that names
//! the line and field; [`Scenario::model_input`] adds the typical sleep and meals the spec
//! calls defaults and returns the events the model runs on.
//!
//! ```
//! let text = r#"
//! [athlete]
//! sex = "male"
//! age = 22
//! body_mass_kg = 72
//! training_status = "untrained"
//!
//! [[event]]
//! at = "+0h"
//! kind = "strength"
//!   [[event.exercise]]
//!   name = "barbell curl"
//!   sets = 3
//!   reps = 10
//!   pct_1rm = 70
//! "#;
//! let scenario = myo_scenario::parse(text).unwrap();
//! assert_eq!(scenario.events.len(), 1);
//! let err = myo_scenario::parse(&text.replace("barbell curl", "barbel curl")).unwrap_err();
//! assert_eq!(err.line, Some(12));
//! assert!(err.message.contains("did you mean"));
//! ```

mod defaults;
mod raw;
pub mod time;

use chrono::{DateTime, FixedOffset};
use myo_catalogue::{catalogue, modality_involvement, sport_involvement};
use myo_model::{
    ActiveRecovery, Athlete, ColdMethod, ColdTreatment, Condition, Contraction, EffortMeasure,
    EnduranceSession, Event, EventKind, ExerciseDose, HeatMethod, HeatTreatment, Intensity, Meal,
    Modality, MuscleGroup, Observation, Sex, Sport, StrengthSession, Symptom, SymptomReport,
    TrainingStatus, Treatment, UnknownName, Urine,
};
use raw::{RawEvent, RawScenario, S};
use toml::Spanned;

pub use defaults::{Defaults, ModelInput};

/// The spec's default start.
pub const DEFAULT_START: &str = "2026-01-05T08:00:00Z";

/// A malformed scenario: what is wrong, and on which line (1-based) when known.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{message}", line.map(|l| format!("{l}: ")).unwrap_or_default())]
pub struct ScenarioError {
    pub line: Option<usize>,
    pub message: String,
}

/// A validated scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub start: DateTime<FixedOffset>,
    pub defaults: Defaults,
    pub athlete: Athlete,
    /// The events as given, in file order, in hours since the start.
    pub events: Vec<Event>,
    pub query: Query,
}

/// What to report.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Report times, hours since the start, ascending.
    pub times_h: Vec<f64>,
    pub muscles: Vec<MuscleGroup>,
    /// Whether the times were the built-in default (no `[query]` times given).
    pub default_times: bool,
    /// Whether the muscles were chosen by default (every group with load).
    pub default_muscles: bool,
}

/// Parses and validates a scenario.
pub fn parse(text: &str) -> Result<Scenario, ScenarioError> {
    Parser::new(text).scenario()
}

/// Events and query times lie within 20 years of the start: a simulation steps hourly from its
/// first event, so a stray year (0047 for 2047) would otherwise cost centuries of stepping.
pub const MAX_SPAN_H: f64 = 24.0 * 365.0 * 20.0;

fn check_span(t: f64, text: &str) -> Result<f64, String> {
    if t.abs() > MAX_SPAN_H {
        Err(format!(
            "time \"{text}\" is more than 20 years from the start"
        ))
    } else {
        Ok(t)
    }
}

/// Query times given on the command line or in `[query]`: a list, or every/until.
pub fn query_times(
    at: Option<&[String]>,
    every: Option<&str>,
    until: Option<&str>,
    start: DateTime<FixedOffset>,
) -> Result<Vec<f64>, String> {
    if let Some(list) = at {
        let mut times = Vec::with_capacity(list.len());
        for item in list {
            let t = time::parse_time_h(item, start)
                .ok_or_else(|| format!("bad time \"{item}\" (use +36h, -2h, +1d6h or RFC 3339)"))?;
            times.push(check_span(t, item)?);
        }
        if times.is_empty() {
            return Err("no query times".into());
        }
        return Ok(sorted(times));
    }
    let every_h = match every {
        Some(e) => time::parse_duration_h(e)
            .filter(|h| *h > 0.0)
            .ok_or_else(|| format!("bad interval \"{e}\" (use e.g. 6h or 30m)"))?,
        None => 24.0,
    };
    let until_h = match until {
        Some(u) => check_span(
            time::parse_time_h(u, start)
                .ok_or_else(|| format!("bad time \"{u}\" (use +7d or RFC 3339)"))?,
            u,
        )?,
        None => 7.0 * 24.0,
    };
    if until_h < 0.0 {
        return Err("`until` is before the start".into());
    }
    let count = (until_h / every_h).floor() as usize + 1;
    if count > 100_000 {
        return Err(format!(
            "{count} query points asked for; at most 100000 (use a longer interval)"
        ));
    }
    Ok((0..count).map(|i| i as f64 * every_h).collect())
}

fn sorted(mut times: Vec<f64>) -> Vec<f64> {
    times.sort_by(f64::total_cmp);
    times.dedup();
    times
}

struct Parser<'a> {
    text: &'a str,
}

type R<T> = Result<T, ScenarioError>;

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser { text }
    }

    fn line(&self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        self.text.as_bytes()[..end]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1
    }

    fn err_at(&self, offset: usize, message: impl Into<String>) -> ScenarioError {
        ScenarioError {
            line: Some(self.line(offset)),
            message: message.into(),
        }
    }

    fn err<T>(&self, at: &Spanned<T>, message: impl Into<String>) -> ScenarioError {
        self.err_at(at.span().start, message)
    }

    fn scenario(&self) -> R<Scenario> {
        if self.text.trim().is_empty() {
            return Err(ScenarioError {
                line: None,
                message: "the file is empty (a scenario needs at least an [athlete] table)".into(),
            });
        }
        let raw: RawScenario = toml::from_str(self.text).map_err(|e| {
            let line = e.span().map(|s| self.line(s.start));
            let message = e.message().replace('\n', " ");
            let message = match line.and_then(|l| self.event_number_at_line(l)) {
                Some(n) => format!("event {n}: {message}"),
                None => message,
            };
            ScenarioError { line, message }
        })?;

        let (start, defaults) = self.header(&raw)?;
        let athlete = self.athlete(&raw)?;
        let mut events = Vec::with_capacity(raw.event.len());
        for (n, ev) in raw.event.iter().enumerate() {
            let event = self
                .event(ev, start, &athlete, &events)
                .map_err(|e| ScenarioError {
                    line: e.line.or(Some(self.line(ev.span().start))),
                    message: format!("event {}: {}", n + 1, e.message),
                })?;
            events.push(event);
        }
        let query = self.query(&raw, start, &events)?;
        Ok(Scenario {
            start,
            defaults,
            athlete,
            events,
            query,
        })
    }

    /// Which `[[event]]` (1-based) a line belongs to, for serde's errors.
    fn event_number_at_line(&self, line: usize) -> Option<usize> {
        let mut count = 0;
        let mut in_event = false;
        for (i, l) in self.text.lines().enumerate() {
            let t = l.trim();
            if t == "[[event]]" {
                count += 1;
                in_event = true;
            } else if t.starts_with('[') && !t.starts_with("[[event.") {
                in_event = false;
            }
            if i + 1 == line {
                return in_event.then_some(count);
            }
        }
        None
    }

    fn header(&self, raw: &RawScenario) -> R<(DateTime<FixedOffset>, Defaults)> {
        let mut start = DateTime::parse_from_rfc3339(DEFAULT_START).expect("valid default");
        let mut defaults = Defaults::Typical;
        if let Some(h) = &raw.scenario {
            if let Some(s) = &h.start {
                let text = value_text(s.get_ref());
                start = DateTime::parse_from_rfc3339(&text).map_err(|_| {
                    self.err(
                        s,
                        format!("scenario.start: \"{text}\" is not an RFC 3339 timestamp"),
                    )
                })?;
            }
            if let Some(d) = &h.defaults {
                defaults = match d.get_ref().as_str() {
                    "typical" => Defaults::Typical,
                    "none" => Defaults::None,
                    other => {
                        let e = UnknownName::new(other, ["typical", "none"]);
                        return Err(self.err(d, format!("scenario.defaults: unknown value {e}")));
                    }
                };
            }
        }
        Ok((start, defaults))
    }

    fn athlete(&self, raw: &RawScenario) -> R<Athlete> {
        let Some(a) = &raw.athlete else {
            return Err(ScenarioError {
                line: None,
                message: "missing [athlete] table".into(),
            });
        };
        let table = a.get_ref();
        let missing = |field: &str| self.err(a, format!("athlete: missing field `{field}`"));
        let sex = table.sex.as_ref().ok_or_else(|| missing("sex"))?;
        let sex = Sex::parse(sex.get_ref())
            .map_err(|e| self.err(sex, format!("athlete.sex: unknown value {e}")))?;
        let status = table
            .training_status
            .as_ref()
            .ok_or_else(|| missing("training_status"))?;
        let training_status = TrainingStatus::parse(status.get_ref()).map_err(|e| {
            self.err(
                status,
                format!("athlete.training_status: unknown value {e}"),
            )
        })?;
        let age = self.range(
            table.age.as_ref().ok_or_else(|| missing("age"))?,
            "athlete.age",
            10.0,
            100.0,
        )?;
        let body_mass_kg = self.range(
            table
                .body_mass_kg
                .as_ref()
                .ok_or_else(|| missing("body_mass_kg"))?,
            "athlete.body_mass_kg",
            25.0,
            300.0,
        )?;
        let resting_hr = self.opt_range(&table.resting_hr, "athlete.resting_hr", 25.0, 120.0)?;
        let max_hr = self
            .opt_range(&table.max_hr, "athlete.max_hr", 100.0, 240.0)?
            .unwrap_or_else(|| Athlete::tanaka_max_hr(age));
        if let (Some(rest), Some(m)) = (resting_hr, &table.max_hr) {
            if rest >= max_hr {
                return Err(self.err(m, "athlete.max_hr: must be above resting_hr"));
            }
        }
        let mut conditions = Vec::new();
        for c in table.conditions.iter().flatten() {
            let condition = Condition::parse(c.get_ref())
                .map_err(|e| self.err(c, format!("athlete.conditions: unknown condition {e}")))?;
            conditions.push(condition);
        }
        Ok(Athlete {
            sex,
            age_years: age,
            body_mass_kg,
            training_status,
            max_hr,
            resting_hr,
            conditions,
        })
    }

    fn range(&self, v: &Spanned<f64>, name: &str, min: f64, max: f64) -> R<f64> {
        let x = *v.get_ref();
        if !x.is_finite() || x < min || x > max {
            return Err(self.err(v, format!("{name}: {x} is out of range ({min} to {max})")));
        }
        Ok(x)
    }

    fn opt_range(&self, v: &Option<S<f64>>, name: &str, min: f64, max: f64) -> R<Option<f64>> {
        v.as_ref()
            .map(|v| self.range(v, name, min, max))
            .transpose()
    }

    fn muscle(&self, name: &Spanned<String>) -> R<MuscleGroup> {
        MuscleGroup::parse(name.get_ref())
            .map_err(|e| self.err(name, format!("unknown muscle group {e}")))
    }

    fn muscles(&self, list: &Option<Vec<S<String>>>) -> R<Option<Vec<MuscleGroup>>> {
        let Some(list) = list else { return Ok(None) };
        let mut out = Vec::new();
        for m in list {
            let g = self.muscle(m)?;
            if !out.contains(&g) {
                out.push(g);
            }
        }
        Ok(Some(out))
    }

    fn event(
        &self,
        spanned: &Spanned<RawEvent>,
        start: DateTime<FixedOffset>,
        athlete: &Athlete,
        earlier: &[Event],
    ) -> R<Event> {
        let ev = spanned.get_ref();
        let here = spanned.span().start;
        let at = ev
            .at
            .as_ref()
            .ok_or_else(|| self.err_at(here, "missing field `at`"))?;
        let at_text = value_text(at.get_ref());
        let at_h = time::parse_time_h(&at_text, start).ok_or_else(|| {
            self.err(
                at,
                format!("bad time \"{at_text}\" (use +36h, -2h, +1d6h or RFC 3339)"),
            )
        })?;
        if at_h.abs() > MAX_SPAN_H {
            return Err(self.err(at, format!("time \"{at_text}\" is too far from the start")));
        }
        let kind_field = ev
            .kind
            .as_ref()
            .ok_or_else(|| self.err_at(here, "missing field `kind`"))?;
        let kind = kind_field.get_ref().as_str();
        let allowed: &[&str] = match kind {
            "strength" => &["rpe", "exercise"],
            "endurance" => &[
                "sport",
                "minutes",
                "avg_hr",
                "rpe",
                "pct_vo2max",
                "power_w",
                "ftp_w",
                "distance_km",
                "downhill_pct",
                "gradient_pct",
            ],
            "active_recovery" => &["modality", "minutes", "pct_max_hr", "avg_hr", "pct_vo2max"],
            "massage" | "foam_rolling" => &["minutes", "muscles"],
            "dry_needling" => &["muscles", "insertions"],
            "cold" => &["method", "minutes", "temp_c", "muscles"],
            "heat" => &["method", "minutes", "muscles"],
            "compression" => &["hours", "muscles"],
            "sleep" => &["hours", "quality"],
            "meal" => &["protein_g", "carbs_g", "fat_g", "leucine_g", "fluid_l"],
            "fluid" => &["litres", "electrolytes"],
            "observation" => &[
                "soreness",
                "rmssd_ms",
                "resting_hr",
                "stress",
                "mood",
                "fatigue",
                "ck_u_per_l",
                "urine",
            ],
            "symptom" => &["symptoms", "side", "muscles"],
            other => {
                let e = UnknownName::new(other, KINDS.iter().copied());
                return Err(self.err(kind_field, format!("unknown kind {e}")));
            }
        };
        for (field, offset) in ev.present_fields() {
            if !allowed.contains(&field) {
                let hint = myo_model::muscle::nearest(field, allowed.iter().copied())
                    .map(|s| format!(" (did you mean \"{s}\"?)"))
                    .unwrap_or_default();
                return Err(self.err_at(
                    offset,
                    format!("field `{field}` is not used by kind \"{kind}\"{hint}"),
                ));
            }
        }
        let need = |v: &Option<S<f64>>, name: &str, min: f64, max: f64| -> R<f64> {
            match v {
                Some(v) => self.range(v, name, min, max),
                None => {
                    Err(self.err_at(here, format!("missing field `{name}` for kind \"{kind}\"")))
                }
            }
        };
        let trained = |at: f64| recently_trained(earlier, at);
        let kind = match kind {
            "strength" => self.strength(ev, here, athlete)?,
            "endurance" => {
                let sport_field = ev.sport.as_ref().ok_or_else(|| {
                    self.err_at(here, "missing field `sport` for kind \"endurance\"")
                })?;
                let sport = Sport::parse(sport_field.get_ref())
                    .map_err(|e| self.err(sport_field, format!("unknown sport {e}")))?;
                let minutes = need(&ev.minutes, "minutes", 0.5, 72.0 * 60.0)?;
                let effort = self.effort(
                    here,
                    &[
                        ("avg_hr", &ev.avg_hr, 40.0, 240.0),
                        ("rpe", &ev.rpe, 0.0, 10.0),
                        ("pct_vo2max", &ev.pct_vo2max, 5.0, 150.0),
                        ("power_w", &ev.power_w, 1.0, 3000.0),
                    ],
                    &ev.ftp_w,
                )?;
                let downhill_pct = self.opt_range(&ev.downhill_pct, "downhill_pct", 0.0, 100.0)?;
                let gradient = self.opt_range(&ev.gradient_pct, "gradient_pct", -60.0, 60.0)?;
                let downhill_pct = downhill_pct.unwrap_or(0.0);
                let gradient_pct = gradient.unwrap_or(0.0).abs();
                EventKind::Endurance(EnduranceSession {
                    sport,
                    minutes,
                    effort,
                    distance_km: self.opt_range(&ev.distance_km, "distance_km", 0.0, 1000.0)?,
                    downhill_pct,
                    gradient_pct,
                    involvement: sport_involvement(sport, downhill_pct, gradient_pct),
                })
            }
            "active_recovery" => {
                let m = ev.modality.as_ref().ok_or_else(|| {
                    self.err_at(
                        here,
                        "missing field `modality` for kind \"active_recovery\"",
                    )
                })?;
                let modality = Modality::parse(m.get_ref())
                    .map_err(|e| self.err(m, format!("unknown modality {e}")))?;
                let minutes = need(&ev.minutes, "minutes", 0.5, 24.0 * 60.0)?;
                let effort = self.effort(
                    here,
                    &[
                        ("pct_max_hr", &ev.pct_max_hr, 10.0, 100.0),
                        ("avg_hr", &ev.avg_hr, 30.0, 240.0),
                        ("pct_vo2max", &ev.pct_vo2max, 5.0, 100.0),
                    ],
                    &None,
                )?;
                EventKind::ActiveRecovery(ActiveRecovery {
                    modality,
                    minutes,
                    effort,
                    involvement: modality_involvement(modality),
                })
            }
            "massage" | "foam_rolling" => {
                let minutes = need(&ev.minutes, "minutes", 0.5, 240.0)?;
                let muscles = self.muscles(&ev.muscles)?.unwrap_or_else(|| trained(at_h));
                let t = Treatment { minutes, muscles };
                if kind == "massage" {
                    EventKind::Massage(t)
                } else {
                    EventKind::FoamRolling(t)
                }
            }
            "dry_needling" => {
                let muscles = self.muscles(&ev.muscles)?.ok_or_else(|| {
                    self.err_at(here, "missing field `muscles` for kind \"dry_needling\"")
                })?;
                if muscles.is_empty() {
                    return Err(self.err_at(here, "`muscles` is empty"));
                }
                let insertions = match &ev.insertions {
                    Some(i) if *i.get_ref() == 0 || *i.get_ref() > 200 => {
                        return Err(self.err(i, "insertions: out of range (1 to 200)"))
                    }
                    Some(i) => *i.get_ref(),
                    None => 5,
                };
                EventKind::DryNeedling {
                    muscles,
                    insertions,
                }
            }
            "cold" => {
                let m = ev
                    .method
                    .as_ref()
                    .ok_or_else(|| self.err_at(here, "missing field `method` for kind \"cold\""))?;
                let method = ColdMethod::parse(m.get_ref())
                    .map_err(|e| self.err(m, format!("unknown cold method {e}")))?;
                let minutes = need(&ev.minutes, "minutes", 0.1, 120.0)?;
                let temp_c = self.opt_range(&ev.temp_c, "temp_c", -200.0, 30.0)?;
                let muscles = match self.muscles(&ev.muscles)? {
                    Some(m) => m,
                    None if method == ColdMethod::Ice => trained(at_h),
                    None => MuscleGroup::ALL.to_vec(),
                };
                EventKind::Cold(ColdTreatment {
                    method,
                    minutes,
                    temp_c,
                    muscles,
                })
            }
            "heat" => {
                let m = ev
                    .method
                    .as_ref()
                    .ok_or_else(|| self.err_at(here, "missing field `method` for kind \"heat\""))?;
                let method = HeatMethod::parse(m.get_ref())
                    .map_err(|e| self.err(m, format!("unknown heat method {e}")))?;
                let minutes = need(&ev.minutes, "minutes", 0.5, 240.0)?;
                let muscles = match self.muscles(&ev.muscles)? {
                    Some(m) => m,
                    None if method == HeatMethod::Pack => trained(at_h),
                    None => MuscleGroup::ALL.to_vec(),
                };
                EventKind::Heat(HeatTreatment {
                    method,
                    minutes,
                    muscles,
                })
            }
            "compression" => EventKind::Compression {
                hours: need(&ev.hours, "hours", 0.1, 72.0)?,
                muscles: self.muscles(&ev.muscles)?.unwrap_or_else(|| trained(at_h)),
            },
            "sleep" => {
                let hours = need(&ev.hours, "hours", 0.1, 24.0)?;
                let quality = match &ev.quality {
                    Some(q) if !(1..=5).contains(q.get_ref()) => {
                        return Err(self.err(q, "quality: out of range (1 to 5)"))
                    }
                    q => q.as_ref().map(|q| *q.get_ref()),
                };
                EventKind::Sleep { hours, quality }
            }
            "meal" => EventKind::Meal(Meal {
                protein_g: self
                    .opt_range(&ev.protein_g, "protein_g", 0.0, 500.0)?
                    .unwrap_or(0.0),
                carbs_g: self
                    .opt_range(&ev.carbs_g, "carbs_g", 0.0, 2000.0)?
                    .unwrap_or(0.0),
                fat_g: self
                    .opt_range(&ev.fat_g, "fat_g", 0.0, 500.0)?
                    .unwrap_or(0.0),
                leucine_g: self.opt_range(&ev.leucine_g, "leucine_g", 0.0, 50.0)?,
                fluid_l: self
                    .opt_range(&ev.fluid_l, "fluid_l", 0.0, 5.0)?
                    .unwrap_or(0.0),
            }),
            "fluid" => EventKind::Fluid {
                litres: need(&ev.litres, "litres", 0.0, 5.0)?,
                electrolytes: ev.electrolytes.as_ref().is_some_and(|e| *e.get_ref()),
            },
            "observation" => self.observation(ev)?,
            "symptom" => {
                let list = ev.symptoms.as_ref().ok_or_else(|| {
                    self.err_at(here, "missing field `symptoms` for kind \"symptom\"")
                })?;
                if list.is_empty() {
                    return Err(self.err_at(here, "`symptoms` is empty"));
                }
                let mut symptoms = Vec::new();
                for s in list {
                    symptoms.push(
                        Symptom::parse(s.get_ref())
                            .map_err(|e| self.err(s, format!("unknown symptom {e}")))?,
                    );
                }
                let side = match &ev.side {
                    Some(s) => {
                        let side = s.get_ref().to_lowercase();
                        if !["left", "right", "both"].contains(&side.as_str()) {
                            let e = UnknownName::new(s.get_ref(), ["left", "right", "both"]);
                            return Err(self.err(s, format!("side: unknown value {e}")));
                        }
                        Some(side)
                    }
                    None => None,
                };
                EventKind::Symptom(SymptomReport {
                    symptoms,
                    side,
                    muscles: self.muscles(&ev.muscles)?.unwrap_or_default(),
                })
            }
            _ => unreachable!("kinds are matched above"),
        };
        Ok(Event { at: at_h, kind })
    }

    /// Exactly one effort measure of those listed.
    fn effort(
        &self,
        here: usize,
        options: &[(&str, &Option<S<f64>>, f64, f64)],
        ftp: &Option<S<f64>>,
    ) -> R<EffortMeasure> {
        let given: Vec<_> = options.iter().filter(|(_, v, _, _)| v.is_some()).collect();
        let names: Vec<&str> = options.iter().map(|(n, ..)| *n).collect();
        match given.as_slice() {
            [] => Err(self.err_at(
                here,
                format!("give one of {} for this kind", names.join(" / ")),
            )),
            [(name, Some(v), min, max)] => {
                let x = self.range(v, name, *min, *max)?;
                Ok(match *name {
                    "avg_hr" => EffortMeasure::AvgHr(x),
                    "rpe" => EffortMeasure::Rpe(x),
                    "pct_vo2max" => EffortMeasure::PctVo2max(x),
                    "pct_max_hr" => EffortMeasure::PctMaxHr(x),
                    _ => {
                        let ftp = ftp.as_ref().ok_or_else(|| {
                            self.err(v, "power_w needs ftp_w (functional threshold power)")
                        })?;
                        let ftp_w = self.range(ftp, "ftp_w", 20.0, 1000.0)?;
                        EffortMeasure::PowerW { power_w: x, ftp_w }
                    }
                })
            }
            [_, (second, Some(v), ..), ..] => Err(self.err(
                v,
                format!(
                    "`{second}` given with another effort measure: give only one of {}",
                    names.join(" / ")
                ),
            )),
            _ => unreachable!("filtered to present fields"),
        }
    }

    fn strength(&self, ev: &RawEvent, here: usize, athlete: &Athlete) -> R<EventKind> {
        let rpe = self.opt_range(&ev.rpe, "rpe", 0.0, 10.0)?;
        let list = ev
            .exercise
            .as_ref()
            .filter(|l| !l.is_empty())
            .ok_or_else(|| {
                self.err_at(
                    here,
                    "a strength event needs at least one [[event.exercise]]",
                )
            })?;
        let mut exercises = Vec::new();
        for (k, spanned) in list.iter().enumerate() {
            let x = spanned.get_ref();
            let at = spanned.span().start;
            let ctx = |m: String| format!("exercise {}: {m}", k + 1);
            let mut explosive = false;
            let (loading, one_rm_ratio, bodyweight, bias, compound) = match (&x.name, &x.muscles) {
                (Some(_), Some(m)) => {
                    return Err(self.err_at(
                        m.first().map_or(at, |s| s.span().start),
                        ctx("give `name` or `muscles`, not both".into()),
                    ))
                }
                (Some(name), None) => {
                    let e = catalogue()
                        .find(name.get_ref())
                        .map_err(|e| self.err(name, ctx(format!("unknown exercise {e}"))))?;
                    explosive = e.is_explosive();
                    (
                        e.loading(),
                        e.one_rm_per_body_mass,
                        e.is_bodyweight(),
                        e.eccentric_bias,
                        e.mechanic == Some(myo_catalogue::Mechanic::Compound),
                    )
                }
                (None, Some(m)) => {
                    let groups = self.muscles(&Some(m.clone()))?.unwrap_or_default();
                    if groups.is_empty() {
                        return Err(self.err_at(at, ctx("`muscles` is empty".into())));
                    }
                    let ratio = if groups.iter().any(|g| {
                        matches!(
                            g,
                            MuscleGroup::Quadriceps | MuscleGroup::Glutes | MuscleGroup::Hamstrings
                        )
                    }) {
                        1.2
                    } else {
                        0.5
                    };
                    let compound = groups.len() > 1;
                    (
                        groups.into_iter().map(|g| (g, 1.0)).collect(),
                        ratio,
                        false,
                        0.5,
                        compound,
                    )
                }
                (None, None) => return Err(self.err_at(at, ctx("give `name` or `muscles`".into()))),
            };
            let sets = x
                .sets
                .as_ref()
                .ok_or_else(|| self.err_at(at, ctx("missing field `sets`".into())))?;
            let reps = x
                .reps
                .as_ref()
                .ok_or_else(|| self.err_at(at, ctx("missing field `reps`".into())))?;
            if !(1..=100).contains(sets.get_ref()) {
                return Err(self.err(sets, ctx("sets: out of range (1 to 100)".into())));
            }
            if !(1..=10_000).contains(reps.get_ref()) {
                return Err(self.err(reps, ctx("reps: out of range (1 to 10000)".into())));
            }
            let maximal = x.maximal.as_ref().filter(|m| *m.get_ref());
            let count = [
                x.load_kg.is_some(),
                x.pct_1rm.is_some(),
                x.rir.is_some(),
                maximal.is_some(),
            ]
            .iter()
            .filter(|b| **b)
            .count();
            if count != 1 {
                return Err(self.err_at(
                    at,
                    ctx(format!(
                        "give exactly one of load_kg / pct_1rm / rir / maximal = true (got {count})"
                    )),
                ));
            }
            let intensity = if let Some(v) = &x.load_kg {
                let kg = self.range(v, &ctx("load_kg".into()), 0.0, 1000.0)?;
                if bodyweight {
                    // Body-weight exercises: the catalogue ratio is the share of body mass
                    // moved; the external load adds to it, and 1RM is taken as 1.5× that.
                    let moved = one_rm_ratio * athlete.body_mass_kg;
                    Intensity::LoadKg {
                        kg: moved + kg,
                        one_rm_per_body_mass: one_rm_ratio * 1.5,
                    }
                } else {
                    Intensity::LoadKg {
                        kg,
                        one_rm_per_body_mass: one_rm_ratio,
                    }
                }
            } else if let Some(v) = &x.pct_1rm {
                Intensity::Pct1rm(self.range(v, &ctx("pct_1rm".into()), 1.0, 120.0)?)
            } else if let Some(v) = &x.rir {
                Intensity::Rir(self.range(v, &ctx("rir".into()), 0.0, 50.0)?)
            } else {
                Intensity::Maximal
            };
            let contraction = match &x.contraction {
                Some(c) => Contraction::parse(c.get_ref())
                    .map_err(|e| self.err(c, ctx(format!("unknown contraction {e}"))))?,
                None => Contraction::Normal,
            };
            let to_failure = x.to_failure.as_ref().is_some_and(|f| *f.get_ref())
                || matches!(intensity, Intensity::Rir(r) if r == 0.0);
            exercises.push(ExerciseDose {
                loading,
                sets: *sets.get_ref(),
                reps: *reps.get_ref(),
                intensity,
                contraction,
                to_failure,
                eccentric_bias: bias,
                compound,
                // Jumps, throws and Olympic lifts of the catalogue (docs/model.md §4.1).
                ballistic: explosive,
            });
        }
        Ok(EventKind::Strength(StrengthSession { rpe, exercises }))
    }

    fn observation(&self, ev: &RawEvent) -> R<EventKind> {
        let mut o = Observation::default();
        if let Some(map) = &ev.soreness {
            for (name, value) in map.get_ref() {
                let group = MuscleGroup::parse(name)
                    .map_err(|e| self.err(map, format!("soreness: unknown muscle group {e}")))?;
                let v = self.range(value, &format!("soreness.{name}"), 0.0, 10.0)?;
                o.soreness.push((group, v));
            }
        }
        o.rmssd_ms = self.opt_range(&ev.rmssd_ms, "rmssd_ms", 1.0, 500.0)?;
        o.resting_hr = self.opt_range(&ev.resting_hr, "resting_hr", 25.0, 220.0)?;
        o.stress = self.opt_range(&ev.stress, "stress", 1.0, 10.0)?;
        o.mood = self.opt_range(&ev.mood, "mood", 1.0, 10.0)?;
        o.fatigue = self.opt_range(&ev.fatigue, "fatigue", 1.0, 10.0)?;
        o.ck_u_per_l = self.opt_range(&ev.ck_u_per_l, "ck_u_per_l", 0.0, 2_000_000.0)?;
        if let Some(u) = &ev.urine {
            o.urine = Some(
                Urine::parse(u.get_ref())
                    .map_err(|e| self.err(u, format!("urine: unknown value {e}")))?,
            );
        }
        Ok(EventKind::Observation(o))
    }

    fn query(&self, raw: &RawScenario, start: DateTime<FixedOffset>, events: &[Event]) -> R<Query> {
        let q = raw.query.as_ref().map(|q| q.get_ref());
        let (times_h, default_times) = match q {
            Some(q) if q.at.is_some() && (q.every.is_some() || q.until.is_some()) => {
                return Err(self.err(
                    raw.query.as_ref().expect("present"),
                    "query: give `at` or `every`/`until`, not both",
                ))
            }
            Some(q) if q.at.is_some() => {
                let mut times = Vec::new();
                for v in q.at.as_ref().expect("checked") {
                    let text = value_text(v.get_ref());
                    let t = time::parse_time_h(&text, start)
                        .ok_or_else(|| self.err(v, format!("query.at: bad time \"{text}\"")))?;
                    times.push(
                        check_span(t, &text).map_err(|m| self.err(v, format!("query.at: {m}")))?,
                    );
                }
                if times.is_empty() {
                    return Err(self.err(raw.query.as_ref().expect("present"), "query.at is empty"));
                }
                (sorted(times), false)
            }
            Some(q) if q.every.is_some() || q.until.is_some() => {
                let every = q.every.as_ref().map(|e| e.get_ref().clone());
                let until = q.until.as_ref().map(|u| value_text(u.get_ref()));
                let at = q
                    .every
                    .as_ref()
                    .map(|e| e.span().start)
                    .or(q.until.as_ref().map(|u| u.span().start))
                    .unwrap_or(0);
                let times = query_times(None, every.as_deref(), until.as_deref(), start)
                    .map_err(|m| self.err_at(at, format!("query: {m}")))?;
                (times, false)
            }
            _ => (
                query_times(None, None, None, start).expect("defaults are valid"),
                true,
            ),
        };
        let (muscles, default_muscles) = match q.and_then(|q| q.muscles.as_ref()) {
            Some(list) => {
                let groups = self.muscles(&Some(list.clone()))?.unwrap_or_default();
                if groups.is_empty() {
                    return Err(self.err(
                        raw.query.as_ref().expect("present"),
                        "query.muscles is empty",
                    ));
                }
                (groups, false)
            }
            None => (loaded_groups(events), true),
        };
        Ok(Query {
            times_h,
            muscles,
            default_times,
            default_muscles,
        })
    }
}

/// The event kinds of the spec.
pub const KINDS: [&str; 14] = [
    "strength",
    "endurance",
    "active_recovery",
    "massage",
    "foam_rolling",
    "dry_needling",
    "cold",
    "heat",
    "compression",
    "sleep",
    "meal",
    "fluid",
    "observation",
    "symptom",
];

/// A TOML value used as a time: strings as written, datetimes in RFC 3339.
fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// How much an event loads each group (0 for events that do not train).
pub fn event_loading(event: &Event) -> [f64; myo_model::MUSCLE_COUNT] {
    let mut load = [0.0_f64; myo_model::MUSCLE_COUNT];
    match &event.kind {
        EventKind::Strength(s) => {
            for e in &s.exercises {
                for (g, share) in &e.loading {
                    load[g.index()] = load[g.index()].max(*share);
                }
            }
        }
        EventKind::Endurance(e) => {
            for (i, share) in e.involvement.share.iter().enumerate() {
                load[i] = share.max(e.involvement.eccentric[i].min(1.0));
            }
        }
        _ => {}
    }
    load
}

/// Groups trained (share ≥ 0.3) in the 72 h before `at`; every group when none were.
fn recently_trained(events: &[Event], at: f64) -> Vec<MuscleGroup> {
    let mut groups = Vec::new();
    for e in events.iter().filter(|e| e.at <= at && at - e.at <= 72.0) {
        for (i, share) in event_loading(e).iter().enumerate() {
            let g = MuscleGroup::ALL[i];
            if *share >= 0.3 && !groups.contains(&g) {
                groups.push(g);
            }
        }
    }
    if groups.is_empty() {
        return MuscleGroup::ALL.to_vec();
    }
    groups.sort();
    groups
}

/// Groups with any load in the scenario (share ≥ 0.2), or every group when none has.
fn loaded_groups(events: &[Event]) -> Vec<MuscleGroup> {
    let mut any = [false; myo_model::MUSCLE_COUNT];
    for e in events {
        for (i, share) in event_loading(e).iter().enumerate() {
            any[i] |= *share >= 0.2;
        }
    }
    let groups: Vec<_> = MuscleGroup::ALL
        .into_iter()
        .filter(|g| any[g.index()])
        .collect();
    if groups.is_empty() {
        MuscleGroup::ALL.to_vec()
    } else {
        groups
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (contraction, ballistic) of each exercise of a one-exercise session.
    fn doses(exercise: &str) -> Result<Vec<(Contraction, bool)>, ScenarioError> {
        let text = format!(
            "[scenario]\nstart = \"2026-01-05T10:00:00Z\"\n[athlete]\nsex = \"male\"\nage = 24\n\
             body_mass_kg = 82\ntraining_status = \"trained\"\n[[event]]\nat = \"+0h\"\n\
             kind = \"strength\"\n  [[event.exercise]]\n  sets = 10\n  reps = 5\n  pct_1rm = 30\n  {exercise}\n"
        );
        let scenario = parse(&text)?;
        Ok(scenario
            .events
            .iter()
            .flat_map(|e| match &e.kind {
                EventKind::Strength(s) => s
                    .exercises
                    .iter()
                    .map(|x| (x.contraction, x.ballistic))
                    .collect(),
                _ => Vec::new(),
            })
            .collect())
    }

    #[test]
    fn explosive_catalogue_entries_are_ballistic_whatever_the_contraction() {
        let jump = doses("name = \"Freehand Jump Squat\"").unwrap();
        assert_eq!(jump, [(Contraction::Normal, true)]);
        let squat = doses("name = \"Barbell Squat\"").unwrap();
        assert_eq!(squat, [(Contraction::Normal, false)]);
        let given = doses("name = \"Freehand Jump Squat\"\n  contraction = \"concentric\"");
        assert_eq!(given.unwrap(), [(Contraction::Concentric, true)]);
        // "ballistic" is not a scenario value: the format is unchanged.
        let err = doses("name = \"Barbell Squat\"\n  contraction = \"ballistic\"").unwrap_err();
        assert!(
            err.message.contains("unknown contraction"),
            "{}",
            err.message
        );
    }
}
