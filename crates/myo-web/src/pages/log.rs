//! Logging: one form per event kind, generated from the event registry; quick text; soreness on
//! the body map; file uploads.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Form;
use chrono::{DateTime, FixedOffset, NaiveDateTime};
use maud::html;
use myo_store::NewEvent;
use serde_json::{json, Map, Value};

use crate::auth::Viewer;
use crate::bodymap::{self, Shade};
use crate::error::WebError;
use crate::AppState;
use myo_scenario::{Kind, Zone};

use super::forms;

use super::*;
use axum::routing::{get, post};
use axum::Router;

/// This area's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/athletes/{id}/log", get(log_forms))
        .route("/athletes/{id}/log/{kind}", post(log_event))
        .route("/athletes/{id}/import", post(import_upload))
}

pub async fn log_forms(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Page {
    let athlete = own_athlete(&state, &viewer, id).await?;
    Ok(html_page(log_page(&viewer, &athlete, None)))
}

/// A form sent back with an error: which form, what it held, and what was wrong.
struct Failed<'a> {
    form: &'a str,
    sent: &'a Fields,
    error: &'a WebError,
}

impl Failed<'_> {
    /// What the form `form` shows: what was sent and the error, when it is the failed one.
    fn of(failed: Option<&Failed<'_>>, form: &str) -> (Fields, Option<(String, String)>) {
        match failed {
            Some(f) if f.form == form => (
                f.sent.clone(),
                Some((
                    f.error.field().unwrap_or("").to_string(),
                    f.error.to_string(),
                )),
            ),
            _ => (Vec::new(), None),
        }
    }
}

/// The log page; after a form's error, that form open with what was typed and the error beside
/// its field (or above the form when no field is named).
fn log_page(
    viewer: &Viewer,
    athlete: &myo_store::Athlete,
    failed: Option<&Failed<'_>>,
) -> maud::Markup {
    let id = athlete.id;
    let (quick_sent, quick_error) = Failed::of(failed, "quick");
    let (sore_sent, sore_error) = Failed::of(failed, "soreness");
    let sore_value = |g: &str| -> String {
        forms::sent_values(&sore_sent, g)
            .into_iter()
            .next()
            .unwrap_or_else(|| "0".into())
    };
    let shades: Vec<Shade> = myo_model::MuscleGroup::ALL
        .iter()
        .map(|g| Shade {
            group: g.name(),
            value: 0.0,
            level: "hard",
            href: format!("#sore-{}", g.name()),
            label: format!("{}: soreness 0, tap to rate", bodymap::display(g.name())),
        })
        .collect();
    let body = html! {
        h1 { "Log for " (athlete.name) }
        p { "Times are your local time (" (athlete.profile.time_zone) "); leave the time empty for now." }
        section.quick aria-labelledby="quick-h" {
            h2 id="quick-h" { "What I did today" }
            form.stack method="post" action=(format!("/athletes/{id}/log/quick")) {
                (csrf_field(viewer))
                label for="quick-text" { "One line per event, e.g. " code { "run 45m rpe7" } " (RPE 5 when left out), " code { "sleep 7.5h" } ", " code { "Barbell Squat 5x5 100kg" } }
                @if let Some((_, m)) = &quick_error { p.error.field-error id="quick-text-error" role="alert" { (m) } }
                textarea id="quick-text" name="text" rows="4" required maxlength="2000" aria-invalid=[quick_error.as_ref().map(|_| "true")] aria-describedby=[quick_error.as_ref().map(|_| "quick-text-error")] { (field(&quick_sent, "text")) }
                button type="submit" { "Log" }
            }
        }
        section aria-labelledby="sore-h" {
            h2 id="sore-h" { "Soreness" }
            form.soreness method="post" action=(format!("/athletes/{id}/log/soreness")) {
                (csrf_field(viewer))
                @if let Some((_, m)) = &sore_error { p.error role="alert" { (m) } }
                p { "Tap a group to raise its rating (0 → 2 → 4 → 6 → 8 → 10 → 0), or type the numbers." }
                (bodymap::body_map(&shades, "soreness-map"))
                div.grid {
                    @for g in myo_model::MuscleGroup::ALL {
                        label for=(format!("sore-{}", g.name())) { (bodymap::display(g.name())) }
                        input id=(format!("sore-{}", g.name())) type="number" name=(g.name()) min="0" max="10" step="1" value=(sore_value(g.name()));
                    }
                }
                label for="soreness-at" { "When" }
                input id="soreness-at" type="datetime-local" name="at";
                button type="submit" { "Log soreness" }
            }
        }
        section aria-labelledby="import-h" {
            h2 id="import-h" { "Import a file" }
            form.stack method="post" action=(format!("/athletes/{id}/import")) enctype="multipart/form-data" {
                (csrf_field(viewer))
                label for="import-file" { "A FIT, TCX or GPX file from a watch, or a CSV export (Strong, Hevy, HRV and sleep apps). Importing the same file twice adds nothing." }
                input id="import-file" type="file" name="file" required;
                button type="submit" { "Import" }
            }
        }
        @for kind in Kind::ALL {
            @let (sent, error) = Failed::of(failed, kind.name());
            @let error = error.as_ref().map(|(f, m)| (f.as_str(), m.as_str()));
            @let shown = error.is_some_and(|(f, _)| f != "at" && !f.is_empty() && forms::shows_field(kind, f));
            details.kind open[error.is_some()] {
                summary { (kind.label()) }
                form.stack method="post" action=(format!("/athletes/{id}/log/{kind}")) {
                    (csrf_field(viewer))
                    @if let Some((_, m)) = error.filter(|_| !shown) { p.error role="alert" { (m) } }
                    @if let Some(hint) = forms::effort_hint(kind) { p.hint { (hint) } }
                    (forms::inputs(kind, &sent, error))
                    label for=(format!("{kind}-at")) { "When" }
                    input id=(format!("{kind}-at")) type="datetime-local" name="at" value=(field(&sent, "at"));
                    button type="submit" { "Log " (kind.label().to_lowercase()) }
                }
            }
        }
        (forms::exercise_names())
    };
    layout("Log", Some(viewer), body)
}

/// `at` from a datetime-local field in the athlete's zone, or now.
pub(super) fn event_at(
    text: &str,
    zone: Zone,
    now_ms: i64,
) -> Result<DateTime<FixedOffset>, WebError> {
    let t = text.trim();
    if t.is_empty() {
        let now = DateTime::from_timestamp_millis(now_ms)
            .ok_or_else(|| WebError::Internal("clock".into()))?;
        return Ok(zone.local(now.fixed_offset()));
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(at);
    }
    for f in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, f) {
            return Ok(zone.at_local(dt));
        }
    }
    Err(WebError::bad(
        "at",
        format!("\"{t}\" is not a date and time"),
    ))
}

/// The event a form describes: the body map's soreness, or a kind's form.
fn event_from_form(
    kind: &str,
    fields: &Fields,
    at: DateTime<FixedOffset>,
) -> Result<NewEvent, WebError> {
    let mut obj = Map::new();
    obj.insert("at".into(), json!(myo_store::events::format_at(&at)));
    obj.insert("kind".into(), json!(kind));
    if kind == "soreness" {
        obj.insert("kind".into(), json!("observation"));
        let mut map = Map::new();
        for g in myo_model::MuscleGroup::ALL {
            let v = field(fields, g.name()).trim();
            if v.is_empty() {
                continue;
            }
            let x: f64 = v
                .parse()
                .ok()
                .filter(|x: &f64| (0.0..=10.0).contains(x))
                .ok_or_else(|| {
                    WebError::bad(g.name(), format!("\"{v}\" is not a rating from 0 to 10"))
                })?;
            if x > 0.0 {
                map.insert(g.name().into(), json!(x));
            }
        }
        if map.is_empty() {
            return Err(WebError::bad("soreness", "rate at least one group above 0"));
        }
        obj.insert("soreness".into(), Value::Object(map));
        return NewEvent::from_json(&Value::Object(obj)).map_err(Into::into);
    }
    let kind = Kind::parse(kind).map_err(|_| WebError::NotFound)?;
    forms::event_from_form(kind, fields, at)
}

/// The effort of a quick endurance line without one: moderate.
const QUICK_RPE: f64 = 5.0;

/// "What I did today": one short line per event (`run 45m`, `sleep 7.5h`, `squat 5x5 100kg`).
fn quick_events(text: &str, at: DateTime<FixedOffset>) -> Result<Vec<NewEvent>, WebError> {
    let mut out = Vec::new();
    for (n, line) in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let bad = || {
            WebError::bad(
                "text",
                format!(
                    "line {}: \"{line}\" — use e.g. run 45m, sleep 7.5h or squat 5x5 100kg",
                    n + 1
                ),
            )
        };
        let words: Vec<&str> = line.split_whitespace().collect();
        let minutes = |w: &str| -> Option<f64> {
            let w = w.to_lowercase();
            if let Some(m) = w.strip_suffix("min").or_else(|| w.strip_suffix('m')) {
                m.parse().ok()
            } else {
                w.strip_suffix('h')
                    .and_then(|h| h.parse::<f64>().ok())
                    .map(|h| h * 60.0)
            }
        };
        let stamp = myo_store::events::format_at(&at);
        let first = words[0].to_lowercase();
        let value = if myo_model::Sport::NAMES.contains(&first.as_str()) {
            let m = words.get(1).and_then(|w| minutes(w)).ok_or_else(bad)?;
            let rpe: f64 = match words.get(2) {
                Some(w) => w
                    .to_lowercase()
                    .trim_start_matches("rpe")
                    .trim_start_matches('@')
                    .parse()
                    .map_err(|_| bad())?,
                None => QUICK_RPE,
            };
            json!({"at": stamp, "kind": "endurance", "sport": first, "minutes": m, "rpe": rpe})
        } else if first == "sleep" {
            let m = words.get(1).and_then(|w| minutes(w)).ok_or_else(bad)?;
            json!({"at": stamp, "kind": "sleep", "hours": m / 60.0})
        } else {
            // An exercise: name words, then SETSxREPS, then an optional load.
            let pos = words
                .iter()
                .position(|w| w.contains('x') && w.split('x').all(|p| p.parse::<u32>().is_ok()))
                .ok_or_else(bad)?;
            if pos == 0 {
                return Err(bad());
            }
            // The CLI's notation: `5x5` then a load as `100kg`, `@100kg`, `70%`, `rir2` or
            // `bw`; a body-weight exercise needs none.
            let spec = match words.get(pos + 1) {
                Some(load) => format!("{}@{}", words[pos], load.trim_start_matches('@')),
                None => words[pos].to_string(),
            };
            let ex = myo_scenario::notation::exercise(&words[..pos].join(" "), &spec)
                .map_err(|m| WebError::bad("text", format!("line {}: {m}", n + 1)))?;
            json!({"at": stamp, "kind": "strength", "exercise": [ex]})
        };
        out.push(
            NewEvent::from_json(&value)
                .map_err(|e| WebError::bad("text", format!("line {}: {e}", n + 1)))?,
        );
    }
    if out.is_empty() {
        return Err(WebError::bad("text", "write at least one line"));
    }
    Ok(out)
}

pub async fn log_event(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, kind)): Path<(i64, String)>,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    let athlete = own_athlete(&state, &viewer, id).await?;
    let now = state.now_ms();
    let result = async {
        let at = event_at(field(&fields, "at"), athlete.profile.time_zone, now)?;
        let mut events = if kind == "quick" {
            quick_events(field(&fields, "text"), at)?
        } else {
            vec![event_from_form(&kind, &fields, at)?]
        };
        // Sent from the phone's offline queue (sw.js): it may arrive twice; log it once.
        if field(&fields, "queued") == "1" {
            events = not_logged_yet(&state, athlete.id, events).await?;
            if events.is_empty() {
                return Ok(myo_store::BatchOutcome::Added(Vec::new()));
            }
        }
        state
            .store
            .add_batch(athlete.id, None, &events, now)
            .await
            .map_err(WebError::from)
    }
    .await;
    match result {
        Ok(_) => Ok(see_other(&format!("/athletes/{id}"))),
        // The same page again, what was typed kept, the error beside its field.
        Err(error) if error.is_invalid() => {
            let failed = Failed {
                form: &kind,
                sent: &fields,
                error: &error,
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                html_page(log_page(&viewer, &athlete, Some(&failed))),
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

/// `events` less those already logged: the same kind at the same moment with the same fields.
async fn not_logged_yet(
    state: &AppState,
    athlete_id: i64,
    events: Vec<NewEvent>,
) -> Result<Vec<NewEvent>, WebError> {
    let mut out = Vec::with_capacity(events.len());
    for e in events {
        let ms = e.at.timestamp_millis();
        let same = state
            .store
            .events(&myo_store::EventFilter {
                athlete_id: Some(athlete_id),
                kinds: vec![e.event.kind()],
                from_ms: Some(ms),
                until_ms: Some(ms + 1),
                ..Default::default()
            })
            .await?;
        if !same.iter().any(|s| s.event.fields() == e.event.fields()) {
            out.push(e);
        }
    }
    Ok(out)
}

/// The log page's upload: the API's import path, with the form's CSRF token.
pub async fn import_upload(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    request: axum::extract::Request,
) -> Page {
    let (name, bytes, fields) = crate::import::read_upload(None, request).await?;
    check_csrf(&viewer, &fields)?;
    let athlete = own_athlete(&state, &viewer, id).await?;
    let (status, message, warnings) =
        match crate::import::import_file(&state, &athlete, &name, bytes).await {
            Ok(crate::import::Imported::Imported {
                name,
                format,
                events,
                warnings,
            }) => (
                StatusCode::OK,
                format!("Imported {name} ({format}): {events} event(s)."),
                warnings,
            ),
            Ok(crate::import::Imported::Duplicate { name, earlier, .. }) => (
                StatusCode::OK,
                format!("{name}: {earlier}; nothing added."),
                Vec::new(),
            ),
            Err(err) if err.is_invalid() => (
                StatusCode::UNPROCESSABLE_ENTITY,
                err.to_string(),
                Vec::new(),
            ),
            Err(e) => return Err(e),
        };
    let body = html! {
        h1 { "Import" }
        @if status == StatusCode::OK { p role="status" { (message) } } @else { p.error role="alert" { (message) } }
        @if !warnings.is_empty() {
            h2 { "Warnings" }
            ul { @for w in &warnings { li { (w) } } }
        }
        p { a href=(format!("/athletes/{id}")) { "Dashboard" } " · " a href=(format!("/athletes/{id}/log")) { "Log more" } " · " a href=(format!("/athletes/{id}/history")) { "History" } }
    };
    Ok((status, html_page(layout("Import", Some(&viewer), body))).into_response())
}
