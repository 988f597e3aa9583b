//! Scenario files out: a log written as the spec's TOML (`myo export --format scenario`), which
//! [`crate::parse`] reads back to the same model input.

use chrono::{DateTime, FixedOffset, SecondsFormat};
use serde_json::Value as Json;
use toml::{Table, Value as T};

use crate::{AthleteSpec, EventSpec};

/// What a scenario file holds: its start, the athlete, timed events (in the order given) and
/// optionally report times and groups.
pub struct ScenarioFile<'a> {
    pub start: DateTime<FixedOffset>,
    /// Written as `time_zone` unless it is the start's own offset (the default).
    pub zone: crate::Zone,
    pub athlete: &'a AthleteSpec,
    pub events: Vec<(DateTime<FixedOffset>, &'a EventSpec)>,
    pub query_at: Vec<DateTime<FixedOffset>>,
    pub query_muscles: Vec<myo_model::MuscleGroup>,
}

/// RFC 3339 with the time's own offset; fractions of a second only when present.
pub fn format_at(at: &DateTime<FixedOffset>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// JSON (the contract's shape, already checked) as TOML; there is no null in checked events.
fn to_toml(v: &Json) -> T {
    match v {
        Json::Null => T::String(String::new()),
        Json::Bool(b) => T::Boolean(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => T::Integer(i),
            None => T::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Json::String(s) => T::String(s.clone()),
        Json::Array(items) => T::Array(items.iter().map(to_toml).collect()),
        Json::Object(map) => T::Table(map.iter().map(|(k, x)| (k.clone(), to_toml(x))).collect()),
    }
}

impl ScenarioFile<'_> {
    /// The TOML text.
    pub fn to_toml(&self) -> String {
        let mut doc = Table::new();
        let mut header = Table::new();
        header.insert(
            "start".into(),
            T::String(self.start.to_rfc3339_opts(SecondsFormat::Secs, true)),
        );
        header.insert("defaults".into(), T::String("typical".into()));
        if self.zone != crate::Zone::Fixed(*self.start.offset()) {
            header.insert("time_zone".into(), T::String(self.zone.to_string()));
        }
        doc.insert("scenario".into(), T::Table(header));
        let athlete = serde_json::to_value(self.athlete).unwrap_or(Json::Null);
        doc.insert("athlete".into(), to_toml(&athlete));
        let mut list = Vec::new();
        for (at, e) in &self.events {
            let mut t = Table::new();
            t.insert("at".into(), T::String(format_at(at)));
            t.insert("kind".into(), T::String(e.kind().name().into()));
            for (k, v) in e.fields() {
                t.insert(k, to_toml(&v));
            }
            list.push(T::Table(t));
        }
        if !list.is_empty() {
            doc.insert("event".into(), T::Array(list));
        }
        let mut q = Table::new();
        if !self.query_at.is_empty() {
            q.insert(
                "at".into(),
                T::Array(
                    self.query_at
                        .iter()
                        .map(|a| T::String(format_at(a)))
                        .collect(),
                ),
            );
        }
        if !self.query_muscles.is_empty() {
            q.insert(
                "muscles".into(),
                T::Array(
                    self.query_muscles
                        .iter()
                        .map(|g| T::String(g.name().into()))
                        .collect(),
                ),
            );
        }
        if !q.is_empty() {
            doc.insert("query".into(), T::Table(q));
        }
        toml::to_string(&doc).unwrap_or_default()
    }
}
