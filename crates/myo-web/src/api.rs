//! The REST API under `/api/v1`: JSON in and out, errors as `{"error": {"code", "message",
//! "field"}}` with stable codes, bearer tokens (or the session cookie plus `X-CSRF-Token` for
//! writes), `limit`/`offset` pagination. `/api/openapi.json` describes it: every handler's
//! `#[utoipa::path]` (parameters, bodies, every status it answers) gathered in
//! [`crate::openapi::ApiDoc`].

use axum::extract::{Path, Query, State};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use myo_store::Athlete;
use serde::Serialize;
use serde_json::Value;

use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody, WebError};
use crate::import::Imported;
use crate::openapi::{Event, RawFile, UploadForm};
use crate::pages::{own_athlete, visible_athlete};
use crate::AppState;

type ApiResult = Result<Json<Value>, ApiError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(crate::openapi::serve))
        .route("/v1/status", get(own_status))
        .route("/v1/athletes", get(athletes))
        .route("/v1/athletes/{id}", get(athlete))
        .route("/v1/athletes/{id}/status", get(status))
        .route("/v1/athletes/{id}/plan", get(plan))
        .route("/v1/athletes/{id}/forecast", get(forecast))
        .route("/v1/athletes/{id}/import", post(import))
        .route("/v1/athletes/{id}/events", get(events).post(add_event))
        .route("/v1/athletes/{id}/events/{event}", delete(delete_event))
        .fallback(|| async { ApiError(WebError::NotFound) })
}

/// The query string as pairs: parsed by the handlers so that a bad value is a 422 naming
/// the parameter (axum's `Query` answers a plain-text 400).
pub type Params = Query<Vec<(String, String)>>;

/// The largest `offset`.
pub const OFFSET_MAX: i64 = i32::MAX as i64;

/// The single value of query parameter `name`, parsed into `range`.
fn int_param(
    params: &[(String, String)],
    name: &str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<Option<i64>, WebError> {
    let mut values = params.iter().filter(|(k, _)| k == name).map(|(_, v)| v);
    let Some(text) = values.next() else {
        return Ok(None);
    };
    if values.next().is_some() {
        return Err(WebError::bad(name, "give it once"));
    }
    text.parse::<i64>()
        .ok()
        .filter(|v| range.contains(v))
        .map(Some)
        .ok_or_else(|| {
            WebError::bad(
                name,
                format!(
                    "\"{text}\" is not an integer from {} to {}",
                    range.start(),
                    range.end()
                ),
            )
        })
}

/// `limit` (1 to 1000, default 100) and `offset` (default 0).
fn paging(params: &[(String, String)]) -> Result<(usize, usize), WebError> {
    let limit = int_param(params, "limit", 1..=1000)?.unwrap_or(100);
    let offset = int_param(params, "offset", 0..=OFFSET_MAX)?.unwrap_or(0);
    Ok((limit as usize, offset as usize))
}

/// A page of athletes the user may see (their own first, then those they coach).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AthletePage {
    pub items: Vec<Athlete>,
    /// How many there are in all.
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
}

/// A logged event as the API answers it: its id (for `DELETE …/events/{event}`), when it was
/// written, the imported file it came from, and the event in the shape `POST …/events` takes.
/// The CLI's `myo history --json` prints the same fields.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LoggedEvent {
    pub id: i64,
    /// When it was first stored and last changed (ms since the Unix epoch).
    pub created_ms: i64,
    pub updated_ms: i64,
    /// Content hash of the imported file it came from; `null` when logged by hand.
    #[schema(required)]
    pub source: Option<String>,
    #[schema(value_type = Event)]
    pub event: Value,
}

impl LoggedEvent {
    fn of(e: &myo_store::StoredEvent) -> LoggedEvent {
        LoggedEvent {
            id: e.id,
            created_ms: e.created_ms,
            updated_ms: e.updated_ms,
            source: e.source.clone(),
            event: e.to_json(),
        }
    }
}

/// A page of an athlete's logged events, in time order.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventPage {
    pub items: Vec<LoggedEvent>,
    /// How many there are in all.
    pub total: usize,
    pub limit: usize,
    pub offset: usize,
}

fn parse_id(text: &str, field: &str) -> Result<i64, WebError> {
    text.parse()
        .map_err(|_| WebError::bad(field, format!("\"{text}\" is not an id")))
}

// The statuses each handler answers, described once.
const UNAUTHENTICATED: &str = "`unauthenticated`: no bearer token or session, or an unknown one";
const NOT_VISIBLE: &str = "`not_found`: no such athlete, or one the user may not see";
const INVALID_ID: &str = "`invalid`: an id is not an integer; `field` names it";
const FORBIDDEN_WRITE: &str = "`forbidden`: a coach may not write an athlete's log; `csrf`: a \
     session (not a bearer token) writing without its `X-CSRF-Token` header";
const RATE_LIMITED: &str = "`rate_limited`: too many unknown bearer tokens from this address \
     in the last minute (`docs/deploy.md`)";
const INTERNAL: &str = "`internal`: a server fault (logged; never details)";
const TOO_LARGE: &str = "the body is larger than 16 MB (plain text)";

#[utoipa::path(
    get,
    path = "/api/v1/athletes",
    operation_id = "athletes",
    summary = "Athletes the user may see",
    params(
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 1000, description = "page size (default 100)"),
        ("offset" = Option<i64>, Query, minimum = 0, maximum = 2147483647, description = "items to skip (default 0)"),
    ),
    responses(
        (status = 200, description = "a page of athletes", body = AthletePage),
        (status = 401, description = UNAUTHENTICATED, body = ErrorBody),
        (status = 429, description = RATE_LIMITED, body = ErrorBody),
        (status = 422, description = "`invalid`: `limit` or `offset` out of range or given twice", body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub(crate) async fn athletes(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Params,
) -> Result<Json<AthletePage>, ApiError> {
    let (limit, offset) = paging(&params)?;
    let mut ids: Vec<i64> = viewer.user.athlete_id.into_iter().collect();
    for l in state.store.coach_links(viewer.user.id).await? {
        if l.coach.id == viewer.user.id && l.accepted {
            ids.extend(l.athlete_user.athlete_id);
        }
    }
    let total = ids.len();
    let mut items = Vec::new();
    for id in ids.into_iter().skip(offset).take(limit) {
        items.push(state.store.athlete_by_id(id).await?);
    }
    Ok(Json(AthletePage {
        items,
        total,
        limit,
        offset,
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/athletes/{id}",
    operation_id = "athlete",
    summary = "One athlete's profile",
    params(("id" = i64, Path, description = "the athlete's id")),
    responses(
        (status = 200, description = "the athlete", body = Athlete),
        (status = 401, description = UNAUTHENTICATED, body = ErrorBody),
        (status = 429, description = RATE_LIMITED, body = ErrorBody),
        (status = 404, description = NOT_VISIBLE, body = ErrorBody),
        (status = 422, description = INVALID_ID, body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub(crate) async fn athlete(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Json<Athlete>, ApiError> {
    let a = visible_athlete(&state, &viewer, parse_id(&id, "id")?).await?;
    Ok(Json(a))
}

#[utoipa::path(
    get,
    path = "/api/v1/status",
    operation_id = "ownStatus",
    summary = "The signed-in athlete's state now",
    responses(
        (status = 200, description = "the state now and when each group will be ready", body = myo_app::log::Status),
        (status = 401, description = UNAUTHENTICATED, body = ErrorBody),
        (status = 429, description = RATE_LIMITED, body = ErrorBody),
        (status = 404, description = "`not_found`: the user is a coach with no athlete of their own", body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub(crate) async fn own_status(State(state): State<AppState>, viewer: Viewer) -> ApiResult {
    let id = viewer.user.athlete_id.ok_or(WebError::NotFound)?;
    let a = visible_athlete(&state, &viewer, id).await?;
    let s = state.cache.status(&state.store, &a, state.now_ms()).await?;
    Ok(Json(serde_json::to_value(&*s).unwrap_or_default()))
}

#[utoipa::path(
    get,
    path = "/api/v1/athletes/{id}/status",
    operation_id = "status",
    summary = "An athlete's state now",
    params(("id" = i64, Path, description = "the athlete's id")),
    responses(
        (status = 200, description = "the state now and when each group will be ready", body = myo_app::log::Status),
        (status = 401, description = UNAUTHENTICATED, body = ErrorBody),
        (status = 429, description = RATE_LIMITED, body = ErrorBody),
        (status = 404, description = NOT_VISIBLE, body = ErrorBody),
        (status = 422, description = INVALID_ID, body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub(crate) async fn status(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> ApiResult {
    let a = visible_athlete(&state, &viewer, parse_id(&id, "id")?).await?;
    let s = state.cache.status(&state.store, &a, state.now_ms()).await?;
    Ok(Json(serde_json::to_value(&*s).unwrap_or_default()))
}

#[utoipa::path(
    get,
    path = "/api/v1/athletes/{id}/plan",
    operation_id = "plan",
    summary = "Today's plan: the whole-body decision, each group's level, the split, recovery, nutrition and sleep",
    params(("id" = i64, Path, description = "the athlete's id")),
    responses(
        (status = 200, description = "today's plan", body = myo_advisor::DayPlan),
        (status = 401, description = UNAUTHENTICATED, body = ErrorBody),
        (status = 429, description = RATE_LIMITED, body = ErrorBody),
        (status = 404, description = NOT_VISIBLE, body = ErrorBody),
        (status = 422, description = INVALID_ID, body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub(crate) async fn plan(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> ApiResult {
    let a = visible_athlete(&state, &viewer, parse_id(&id, "id")?).await?;
    let d = state
        .cache
        .dashboard(&state.store, &a, state.now_ms())
        .await?;
    Ok(Json(serde_json::to_value(&d.plan).unwrap_or_default()))
}

#[utoipa::path(
    get,
    path = "/api/v1/athletes/{id}/forecast",
    operation_id = "forecast",
    summary = "Readiness over the coming days per group, with the 10-90% range of ready times",
    params(
        ("id" = i64, Path, description = "the athlete's id"),
        ("days" = Option<i64>, Query, minimum = 1, maximum = 14, description = "days ahead (default 7)"),
    ),
    responses(
        (status = 200, description = "the forecast", body = crate::forecast::Forecast),
        (status = 401, description = UNAUTHENTICATED, body = ErrorBody),
        (status = 429, description = RATE_LIMITED, body = ErrorBody),
        (status = 404, description = NOT_VISIBLE, body = ErrorBody),
        (status = 422, description = "`invalid`: the id is not an integer, or `days` is out of range or given twice", body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub(crate) async fn forecast(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(params): Params,
) -> ApiResult {
    let (first, last) = crate::data::FORECAST_DAYS.into_inner();
    let days = int_param(&params, "days", i64::from(first)..=i64::from(last))?.unwrap_or(7) as u32;
    let a = visible_athlete(&state, &viewer, parse_id(&id, "id")?).await?;
    let f = state
        .cache
        .forecast(&state.store, &a, state.now_ms(), days)
        .await?;
    Ok(Json(serde_json::to_value(&*f).unwrap_or_default()))
}

/// One file, as `multipart/form-data` (the part with a file name, or named `file`) or as the
/// raw body with `?name=`. 201 imported, 200 duplicate, 422 with the parser's message.
#[utoipa::path(
    post,
    path = "/api/v1/athletes/{id}/import",
    operation_id = "import",
    summary = "Import one device file or app export (FIT, TCX, GPX, CSV)",
    params(
        ("id" = i64, Path, description = "the athlete's id (the user's own)"),
        ("name" = Option<String>, Query, max_length = 200, description = "the file name of a raw-body upload (longer names are cut)"),
    ),
    request_body(
        description = "the file: a multipart form with a `file` part, or the raw bytes",
        content(
            (UploadForm = "multipart/form-data"),
            (inline(RawFile) = "application/octet-stream"),
        )
    ),
    responses(
        (status = 201, description = "imported", body = Imported),
        (status = 200, description = "already imported: nothing added", body = Imported),
        (status = 401, description = UNAUTHENTICATED, body = ErrorBody),
        (status = 429, description = RATE_LIMITED, body = ErrorBody),
        (status = 403, description = FORBIDDEN_WRITE, body = ErrorBody),
        (status = 404, description = NOT_VISIBLE, body = ErrorBody),
        (status = 413, description = TOO_LARGE, content_type = "text/plain", body = String),
        (status = 422, description = "`invalid`: the id is not an integer, or the file is empty, unreadable or refused by the parser (the parser's message)", body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub(crate) async fn import(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(params): Params,
    request: axum::extract::Request,
) -> Result<(axum::http::StatusCode, Json<Imported>), ApiError> {
    let a = own_athlete(&state, &viewer, parse_id(&id, "id")?).await?;
    let name = params
        .into_iter()
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v);
    let (name, bytes, _) = crate::import::read_upload(name, request).await?;
    let outcome = crate::import::import_file(&state, &a, &name, bytes).await?;
    let status = match outcome {
        Imported::Imported { .. } => axum::http::StatusCode::CREATED,
        Imported::Duplicate { .. } => axum::http::StatusCode::OK,
    };
    Ok((status, Json(outcome)))
}

#[utoipa::path(
    get,
    path = "/api/v1/athletes/{id}/events",
    operation_id = "events",
    summary = "The athlete's logged events",
    params(
        ("id" = i64, Path, description = "the athlete's id"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 1000, description = "page size (default 100)"),
        ("offset" = Option<i64>, Query, minimum = 0, maximum = 2147483647, description = "items to skip (default 0)"),
    ),
    responses(
        (status = 200, description = "a page of events", body = EventPage),
        (status = 401, description = UNAUTHENTICATED, body = ErrorBody),
        (status = 429, description = RATE_LIMITED, body = ErrorBody),
        (status = 404, description = NOT_VISIBLE, body = ErrorBody),
        (status = 422, description = "`invalid`: the id is not an integer, or `limit` or `offset` is out of range or given twice", body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub(crate) async fn events(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(params): Params,
) -> Result<Json<EventPage>, ApiError> {
    let (limit, offset) = paging(&params)?;
    let a = visible_athlete(&state, &viewer, parse_id(&id, "id")?).await?;
    let all = state
        .store
        .events(&myo_store::EventFilter {
            athlete_id: Some(a.id),
            ..Default::default()
        })
        .await?;
    let items = all
        .iter()
        .skip(offset)
        .take(limit)
        .map(LoggedEvent::of)
        .collect();
    Ok(Json(EventPage {
        items,
        total: all.len(),
        limit,
        offset,
    }))
}

#[utoipa::path(
    post,
    path = "/api/v1/athletes/{id}/events",
    operation_id = "addEvent",
    summary = "Log one event",
    params(("id" = i64, Path, description = "the athlete's id (the user's own)")),
    request_body(content = Event, content_type = "application/json", description = "the event in the spec's `[[event]]` shape"),
    responses(
        (status = 201, description = "stored, as it will be listed", body = LoggedEvent),
        (status = 401, description = UNAUTHENTICATED, body = ErrorBody),
        (status = 429, description = RATE_LIMITED, body = ErrorBody),
        (status = 403, description = FORBIDDEN_WRITE, body = ErrorBody),
        (status = 404, description = NOT_VISIBLE, body = ErrorBody),
        (status = 413, description = TOO_LARGE, content_type = "text/plain", body = String),
        (status = 422, description = "`invalid`: the id is not an integer, the body is not JSON (or gives a key twice), or the event is not valid (unknown kind or field, a value out of range, a time more than 20 years back or a year ahead); `field` names it", body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub(crate) async fn add_event(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<(axum::http::StatusCode, Json<LoggedEvent>), ApiError> {
    let a = own_athlete(&state, &viewer, parse_id(&id, "id")?).await?;
    let value = strict_json(&body).map_err(|e| WebError::bad("body", e))?;
    let event = myo_store::NewEvent::from_json(&value)?;
    let stored = state.store.add_event(a.id, &event, state.now_ms()).await?;
    Ok((
        axum::http::StatusCode::CREATED,
        Json(LoggedEvent::of(&stored)),
    ))
}

#[utoipa::path(
    delete,
    path = "/api/v1/athletes/{id}/events/{event}",
    operation_id = "deleteEvent",
    summary = "Delete one logged event",
    params(
        ("id" = i64, Path, description = "the athlete's id (the user's own)"),
        ("event" = i64, Path, description = "the event's id"),
    ),
    responses(
        (status = 204, description = "deleted"),
        (status = 401, description = UNAUTHENTICATED, body = ErrorBody),
        (status = 429, description = RATE_LIMITED, body = ErrorBody),
        (status = 403, description = FORBIDDEN_WRITE, body = ErrorBody),
        (status = 404, description = "`not_found`: no such athlete or event, or one the user may not see", body = ErrorBody),
        (status = 422, description = INVALID_ID, body = ErrorBody),
        (status = 500, description = INTERNAL, body = ErrorBody),
    )
)]
pub(crate) async fn delete_event(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, event)): Path<(String, String)>,
) -> Result<axum::http::StatusCode, ApiError> {
    let a = own_athlete(&state, &viewer, parse_id(&id, "id")?).await?;
    let e = state.store.event(parse_id(&event, "event")?).await?;
    if e.athlete_id != a.id {
        return Err(WebError::NotFound.into());
    }
    state.store.delete_events(&[e.id]).await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// JSON with every object's keys unique: `{"minutes": 30, "minutes": 300}` is refused rather
/// than read as its last value (parsers disagree on which one wins).
pub fn strict_json(bytes: &[u8]) -> Result<Value, String> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde::Deserialize::deserialize(&mut de)
        .map(|Strict(v)| v)
        .and_then(|v| de.end().map(|()| v));
    value.map_err(|e| format!("not JSON ({e})"))
}

struct Strict(Value);

impl<'de> serde::Deserialize<'de> for Strict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> serde::de::Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Strict(v) = map.next_value()?;
            if out.insert(key.clone(), v).is_some() {
                return Err(serde::de::Error::custom(format!(
                    "the key \"{key}\" is given twice"
                )));
            }
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::strict_json;

    #[test]
    fn duplicate_keys_are_refused_at_any_depth() {
        assert!(strict_json(br#"{"a": [1, {"b": 2.5, "c": null}], "d": "x"}"#).is_ok());
        let e = strict_json(br#"{"kind": "sleep", "hours": 7, "hours": 70}"#).unwrap_err();
        assert!(e.contains("\"hours\" is given twice"), "{e}");
        assert!(strict_json(br#"{"a": {"b": 1, "b": 1}}"#).is_err());
        assert!(strict_json(br#"{"a": 1} {}"#).is_err());
    }
}
