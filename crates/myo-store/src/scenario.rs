//! A log as a scenario: the athlete and events rendered as the spec's TOML and parsed by
//! `myo_scenario::parse`. That parse is the one validation of every logged event, and the
//! same text is what `myo export --scenario` writes, so the store and a scenario file give
//! identical model input.
//!
//! The scenario starts at local noon (the athlete's offset) of the day before the first event:
//! the model's hourly grid and the checkpoints' days count from there.

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, SecondsFormat, TimeZone};
use myo_scenario::{Scenario, ScenarioError};
use serde_json::Value;
use toml::{Table, Value as T};

use crate::events::format_at;
use crate::{NewEvent, Profile, Result, StoreError};

/// What to ask of the scenario: report times and groups.
#[derive(Debug, Clone, Default)]
pub struct QuerySpec {
    pub at: Vec<DateTime<FixedOffset>>,
    /// Group names; empty for the spec's default (groups with load).
    pub muscles: Vec<String>,
}

/// Where a log's scenario starts: local noon (the athlete's offset) of the day before the day
/// that contains `at`, so the first night is a whole default night and the athlete starts
/// rested (awake since 07:00). Local midnights are on the model's hourly grid from here.
pub fn origin_for(profile: &Profile, at: DateTime<FixedOffset>) -> Result<DateTime<FixedOffset>> {
    let offset = profile.offset()?;
    let local = at.with_timezone(&offset);
    let midnight = (local.date_naive() - Duration::days(1))
        .and_time(NaiveTime::from_hms_opt(12, 0, 0).expect("valid"));
    Ok(offset
        .from_local_datetime(&midnight)
        .single()
        .expect("fixed offsets are unambiguous"))
}

/// Hours from `origin` to `at`, as the scenario parser computes them.
pub fn hours_since(origin: DateTime<FixedOffset>, at: DateTime<FixedOffset>) -> f64 {
    (at - origin).num_milliseconds() as f64 / 3_600_000.0
}

/// `origin + hours`, to the millisecond.
pub fn at_hours(origin: DateTime<FixedOffset>, hours: f64) -> DateTime<FixedOffset> {
    origin + Duration::milliseconds((hours * 3.6e6).round() as i64)
}

fn json_to_toml(field: &str, v: &Value) -> Result<T> {
    Ok(match v {
        Value::Null => {
            return Err(StoreError::Invalid(format!(
                "field `{field}`: null is not a value (leave the field out)"
            )))
        }
        Value::Bool(b) => T::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => T::Integer(i),
            None => T::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => T::String(s.clone()),
        Value::Array(items) => T::Array(
            items
                .iter()
                .map(|x| json_to_toml(field, x))
                .collect::<Result<_>>()?,
        ),
        Value::Object(map) => {
            let mut t = Table::new();
            for (k, x) in map {
                t.insert(k.clone(), json_to_toml(&format!("{field}.{k}"), x)?);
            }
            T::Table(t)
        }
    })
}

fn profile_table(p: &Profile) -> Table {
    let mut t = Table::new();
    t.insert("sex".into(), T::String(p.sex.clone()));
    t.insert("age".into(), T::Float(p.age));
    t.insert("body_mass_kg".into(), T::Float(p.body_mass_kg));
    t.insert(
        "training_status".into(),
        T::String(p.training_status.clone()),
    );
    if let Some(x) = p.max_hr {
        t.insert("max_hr".into(), T::Float(x));
    }
    if let Some(x) = p.resting_hr {
        t.insert("resting_hr".into(), T::Float(x));
    }
    if !p.conditions.is_empty() {
        t.insert(
            "conditions".into(),
            T::Array(p.conditions.iter().cloned().map(T::String).collect()),
        );
    }
    t
}

/// The scenario TOML of a profile and events (in the order given).
pub fn render<'a>(
    profile: &Profile,
    origin: DateTime<FixedOffset>,
    events: impl IntoIterator<Item = &'a NewEvent>,
    query: Option<&QuerySpec>,
) -> Result<String> {
    let mut doc = Table::new();
    let mut header = Table::new();
    header.insert(
        "start".into(),
        T::String(origin.to_rfc3339_opts(SecondsFormat::Secs, true)),
    );
    header.insert("defaults".into(), T::String("typical".into()));
    doc.insert("scenario".into(), T::Table(header));
    doc.insert("athlete".into(), T::Table(profile_table(profile)));
    let mut list = Vec::new();
    for e in events {
        let mut t = Table::new();
        t.insert("at".into(), T::String(format_at(&e.at)));
        t.insert("kind".into(), T::String(e.kind.clone()));
        for (k, v) in &e.fields {
            if k == "at" || k == "kind" {
                return Err(StoreError::Invalid(format!("field `{k}` given twice")));
            }
            t.insert(k.clone(), json_to_toml(k, v)?);
        }
        list.push(T::Table(t));
    }
    if !list.is_empty() {
        doc.insert("event".into(), T::Array(list));
    }
    if let Some(q) = query {
        let mut t = Table::new();
        if !q.at.is_empty() {
            t.insert(
                "at".into(),
                T::Array(
                    q.at.iter()
                        .map(|a| T::String(a.to_rfc3339_opts(SecondsFormat::AutoSi, true)))
                        .collect(),
                ),
            );
        }
        if !q.muscles.is_empty() {
            t.insert(
                "muscles".into(),
                T::Array(q.muscles.iter().cloned().map(T::String).collect()),
            );
        }
        if !t.is_empty() {
            doc.insert("query".into(), T::Table(t));
        }
    }
    toml::to_string(&doc).map_err(|e| StoreError::Invalid(format!("rendering the scenario: {e}")))
}

/// Parses rendered text; the error keeps the parser's message without the line of the
/// generated text (meaningless to the user). With `single`, "event 1: " is dropped too.
pub fn parse(text: &str, single: bool) -> Result<Scenario> {
    myo_scenario::parse(text).map_err(|ScenarioError { message, .. }| {
        let message = if single {
            message
                .strip_prefix("event 1: ")
                .map(str::to_string)
                .unwrap_or(message)
        } else {
            message
        };
        StoreError::Invalid(message)
    })
}

/// Checks a profile through the scenario parser.
pub fn validate_profile(profile: &Profile) -> Result<()> {
    let offset = profile.offset()?;
    let origin = offset
        .from_local_datetime(
            &chrono::NaiveDate::from_ymd_opt(2026, 1, 5)
                .expect("valid")
                .and_time(NaiveTime::MIN),
        )
        .single()
        .expect("fixed offset");
    let text = render(profile, origin, [], None)?;
    parse(&text, false).map(|_| ())
}

/// Checks events (for `profile`) through the scenario parser; errors name the field, and for
/// more than one event the event's position in `events` (1-based).
pub fn validate_events(profile: &Profile, events: &[NewEvent]) -> Result<()> {
    let Some(first) = events.iter().map(|e| e.at).min() else {
        return Ok(());
    };
    for (k, e) in events.iter().enumerate() {
        if !myo_scenario::KINDS.contains(&e.kind.as_str()) {
            let hint = myo_model::muscle::nearest(&e.kind, myo_scenario::KINDS)
                .map(|s| format!(" (did you mean \"{s}\"?)"))
                .unwrap_or_default();
            let which = if events.len() > 1 {
                format!("event {}: ", k + 1)
            } else {
                String::new()
            };
            return Err(StoreError::Invalid(format!(
                "{which}unknown kind \"{}\"{hint}",
                e.kind
            )));
        }
    }
    let origin = origin_for(profile, first)?;
    let text = render(profile, origin, events, None)?;
    parse(&text, events.len() == 1).map(|_| ())
}

/// An athlete's whole log (plus `extra` events) as scenario text, starting at local midnight
/// of the first event's day (`fallback_start` when there is none), reporting every group at
/// `at`; and the scenario's origin. Ties keep the store's order (ids), as the model applies them.
pub async fn log_text(
    store: &crate::Store,
    athlete: &crate::Athlete,
    extra: &[NewEvent],
    at: &[DateTime<FixedOffset>],
    fallback_start: DateTime<FixedOffset>,
) -> Result<(String, DateTime<FixedOffset>)> {
    let stored = store
        .events(&crate::EventFilter {
            athlete_id: Some(athlete.id),
            ..crate::EventFilter::default()
        })
        .await?;
    let mut events: Vec<NewEvent> = stored.iter().map(|e| e.to_new()).collect();
    events.extend(extra.iter().cloned());
    let first = events.iter().map(|e| e.at).min().unwrap_or(fallback_start);
    let origin = origin_for(&athlete.profile, first)?;
    let query = QuerySpec {
        at: at.to_vec(),
        muscles: myo_model::MuscleGroup::ALL
            .iter()
            .map(|g| g.name().to_string())
            .collect(),
    };
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by_key(|&i| events[i].at.timestamp_millis());
    let text = render(
        &athlete.profile,
        origin,
        order.iter().map(|&i| &events[i]),
        Some(&query),
    )?;
    Ok((text, origin))
}
