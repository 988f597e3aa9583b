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

#[cfg(feature = "proptest")]
pub mod arbitrary;
pub mod contract;
mod defaults;
pub mod node;
pub mod notation;
mod raw;
pub mod registry;
pub mod resolve;
pub mod time;
pub mod words;
pub mod write;

use chrono::{DateTime, FixedOffset};
use myo_model::{Athlete, Event, MuscleGroup, UnknownName};
use node::Node;
use raw::{RawScenario, S};
use toml::Spanned;

pub use contract::{AthleteSpec, EventSpec, FieldError};
pub use defaults::{Defaults, ModelInput};
pub use registry::{Kind, KINDS};
pub use resolve::event_loading;
pub use time::Zone;

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
    /// Where the athlete's local days fall (`[scenario] time_zone`; by default the start's
    /// offset).
    pub zone: Zone,
    pub defaults: Defaults,
    /// Whether the simulation learns from the athlete's reports (`[scenario] personal`,
    /// default true); `false` runs the population model.
    pub personal: bool,
    /// Reports before this time (hours since the start) are not learned from: the athlete
    /// asked myo to forget what it had learned then. `None`: learn from every report.
    pub personal_from_h: Option<f64>,
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

impl Scenario {
    /// A scenario from checked parts (a stored log): events as hours since `start` with their
    /// typed contents, in the order the model applies them; report times in hours (sorted and
    /// deduplicated here) and the groups to report (`None`: every group with load). Gives the
    /// same scenario as the TOML of the same log would.
    pub fn from_log(
        start: DateTime<FixedOffset>,
        zone: Zone,
        athlete: &AthleteSpec,
        events: &[(f64, &EventSpec)],
        times_h: Vec<f64>,
        muscles: Option<Vec<MuscleGroup>>,
    ) -> Result<Scenario, ScenarioError> {
        let athlete = athlete.to_model();
        let mut resolved: Vec<Event> = Vec::with_capacity(events.len());
        for (n, (at_h, spec)) in events.iter().enumerate() {
            if at_h.abs() > MAX_SPAN_H {
                return Err(ScenarioError {
                    line: None,
                    message: format!("event {}: it is more than 20 years from the start", n + 1),
                });
            }
            let e = resolve::to_model(spec, *at_h, &athlete, &resolved);
            resolved.push(e);
        }
        let (times_h, default_times) = if times_h.is_empty() {
            (
                query_times(None, None, None, start).expect("defaults are valid"),
                true,
            )
        } else {
            for t in &times_h {
                check_span(*t, &format!("{t}h")).map_err(|m| ScenarioError {
                    line: None,
                    message: format!("query.at: {m}"),
                })?;
            }
            (sorted(times_h), false)
        };
        let (muscles, default_muscles) = match muscles {
            Some(m) if !m.is_empty() => (m, false),
            _ => (resolve::loaded_groups(&resolved), true),
        };
        Ok(Scenario {
            start,
            zone,
            defaults: Defaults::Typical,
            personal: true,
            personal_from_h: None,
            athlete,
            events: resolved,
            query: Query {
                times_h,
                muscles,
                default_times,
                default_muscles,
            },
        })
    }
}

impl Scenario {
    /// The athlete's local time `h` hours after the start.
    pub fn local_at(&self, h: f64) -> DateTime<FixedOffset> {
        self.zone
            .local(self.start + chrono::Duration::milliseconds((h * 3.6e6) as i64))
    }

    /// Hours since the start of a local wall-clock time ([`Zone::at_local`] for the times
    /// that clock changes skip or repeat).
    pub fn hours_at_local(&self, local: chrono::NaiveDateTime) -> f64 {
        (self.zone.at_local(local) - self.start).num_milliseconds() as f64 / 3.6e6
    }
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

        let (start, zone, defaults) = self.header(&raw)?;
        let athlete = self.athlete(&raw)?;
        let mut events = Vec::with_capacity(raw.event.len());
        for (n, ev) in raw.event.iter().enumerate() {
            let event = self
                .event(ev, start, &athlete, &events)
                .map_err(|e| ScenarioError {
                    line: e.line.or(ev.pos.map(|p| self.line(p))),
                    message: format!("event {}: {}", n + 1, e.message),
                })?;
            events.push(event);
        }
        let query = self.query(&raw, start, &events)?;
        let personal = raw
            .scenario
            .as_ref()
            .and_then(|h| h.personal.as_ref())
            .is_none_or(|p| *p.get_ref());
        Ok(Scenario {
            start,
            zone,
            defaults,
            personal,
            personal_from_h: None,
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

    fn header(&self, raw: &RawScenario) -> R<(DateTime<FixedOffset>, Zone, Defaults)> {
        let mut start = DateTime::parse_from_rfc3339(DEFAULT_START).expect("valid default");
        let mut zone = None;
        let mut defaults = Defaults::Typical;
        if let Some(h) = &raw.scenario {
            if let Some(z) = &h.time_zone {
                zone = Some(
                    z.get_ref()
                        .parse::<Zone>()
                        .map_err(|m| self.err(z, format!("scenario.time_zone: {m}")))?,
                );
            }
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
        let zone = zone.unwrap_or(Zone::Fixed(*start.offset()));
        Ok((start, zone, defaults))
    }

    fn athlete(&self, raw: &RawScenario) -> R<Athlete> {
        let Some(node) = &raw.athlete else {
            return Err(ScenarioError {
                line: None,
                message: "missing [athlete] table".into(),
            });
        };
        AthleteSpec::check(node)
            .map(|a| a.to_model())
            .map_err(|e| self.field_err(e, node.pos))
    }

    /// A contract error with the line of the field it names (or of `fallback`).
    fn field_err(&self, e: FieldError, fallback: Option<usize>) -> ScenarioError {
        ScenarioError {
            line: e.pos.or(fallback).map(|p| self.line(p)),
            message: e.message,
        }
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
        node: &Node,
        start: DateTime<FixedOffset>,
        athlete: &Athlete,
        earlier: &[Event],
    ) -> R<Event> {
        let here = node.pos.unwrap_or(0);
        let at = node
            .get("at")
            .ok_or_else(|| self.err_at(here, "missing field `at`"))?;
        let at_pos = at.pos.unwrap_or(here);
        let at_text = at.time_text().ok_or_else(|| {
            self.err_at(
                at_pos,
                format!("at: expected a time, got {}", at.value.type_name()),
            )
        })?;
        let at_h = time::parse_time_h(&at_text, start).ok_or_else(|| {
            self.err_at(
                at_pos,
                format!("bad time \"{at_text}\" (use +36h, -2h, +1d6h or RFC 3339)"),
            )
        })?;
        if at_h.abs() > MAX_SPAN_H {
            return Err(self.err_at(
                at_pos,
                format!("time \"{at_text}\" is too far from the start"),
            ));
        }
        let spec = contract::check(node).map_err(|e| self.field_err(e, node.pos))?;
        Ok(resolve::to_model(&spec, at_h, athlete, earlier))
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
            None => (resolve::loaded_groups(events), true),
        };
        Ok(Query {
            times_h,
            muscles,
            default_times,
            default_muscles,
        })
    }
}

/// A TOML value used as a time: strings as written, datetimes in RFC 3339.
fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use myo_model::{Contraction, EventKind};

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

    /// A team or racket sport is, for the engine, running of the same duration and effort (the
    /// same whole-body load) plus its sprints, decelerations, jumps and contacts, which damage
    /// the groups they fall on (docs/model.md §4.2).
    #[test]
    fn a_team_sport_is_a_run_of_the_same_effort_plus_its_actions() {
        use myo_model::{MuscleGroup as M, Params, Simulation};
        let after = |sport: &str| {
            let text = format!(
                "[athlete]\nsex = \"male\"\nage = 24\nbody_mass_kg = 75\n\
                 training_status = \"recreational\"\n[[event]]\nat = \"+0h\"\n\
                 kind = \"endurance\"\nsport = \"{sport}\"\nminutes = 80\nrpe = 7\n"
            );
            let scenario = parse(&text).unwrap();
            let input = scenario.model_input(24.0);
            let mut sim = Simulation::new(
                scenario.athlete.clone(),
                Params::default(),
                input.events,
                input.start_h,
                input.last_wake_h,
            );
            (sim.snapshot_at(1.0), sim.snapshot_at(24.0))
        };
        let damage = |s: &(myo_model::Snapshot, myo_model::Snapshot), m: M| s.1.muscle(m).damage;
        let run = after("run");
        for sport in [
            "soccer",
            "basketball",
            "handball",
            "rugby",
            "hockey",
            "volleyball",
            "tennis",
            "squash",
            "badminton",
        ] {
            let team = after(sport);
            for (r, t) in [(&run.0, &team.0), (&run.1, &team.1)] {
                let (r, t) = (&r.systemic, &t.systemic);
                assert_eq!(
                    (r.fitness, r.fatigue, r.form, r.hydration_pct),
                    (t.fitness, t.fatigue, t.form, t.hydration_pct),
                    "{sport}"
                );
            }
            // Different muscles: a rugby match is not a run for the neck.
            assert_ne!(run.1.muscles, team.1.muscles, "{sport}");
        }
        let (soccer, rugby, tennis, volleyball) = (
            after("soccer"),
            after("rugby"),
            after("tennis"),
            after("volleyball"),
        );
        // Sprints load the hamstrings beyond a run's braking.
        assert!(damage(&soccer, M::Hamstrings) > damage(&run, M::Hamstrings));
        // Collisions damage the groups they land on.
        for m in [M::Shoulders, M::Chest, M::Neck] {
            assert!(damage(&rugby, m) > 2.0 * damage(&soccer, m), "{m:?}");
        }
        // Jumps load the calves.
        assert!(damage(&volleyball, M::Calves) > damage(&tennis, M::Calves));
        // A racket sport covers little ground with few hard actions: lighter on the legs.
        assert!(damage(&tennis, M::Quadriceps) < damage(&soccer, M::Quadriceps));
    }
}
