//! The REST API under `/api/v1`: JSON in and out, errors as `{"error": {"code", "message",
//! "field"}}` with stable codes, bearer tokens (or the session cookie plus `X-CSRF-Token` for
//! writes), `limit`/`offset` pagination. `/api/openapi.json` describes it.

use axum::extract::{Path, Query, State};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::auth::Viewer;
use crate::error::{ApiError, WebError};
use crate::pages::{own_athlete, visible_athlete};
use crate::AppState;

type ApiResult = Result<Json<Value>, ApiError>;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(openapi))
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
        return Err(WebError::Invalid(format!("{name}: give it once")));
    }
    text.parse::<i64>()
        .ok()
        .filter(|v| range.contains(v))
        .map(Some)
        .ok_or_else(|| {
            WebError::Invalid(format!(
                "{name}: \"{text}\" is not an integer from {} to {}",
                range.start(),
                range.end()
            ))
        })
}

/// `limit` (1 to 1000, default 100) and `offset` (default 0).
fn paging(params: &[(String, String)]) -> Result<(usize, usize), WebError> {
    let limit = int_param(params, "limit", 1..=1000)?.unwrap_or(100);
    let offset = int_param(params, "offset", 0..=OFFSET_MAX)?.unwrap_or(0);
    Ok((limit as usize, offset as usize))
}

fn parse_id(text: &str, field: &str) -> Result<i64, WebError> {
    text.parse()
        .map_err(|_| WebError::Invalid(format!("{field}: \"{text}\" is not an id")))
}

async fn athletes(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Params,
) -> ApiResult {
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
        items.push(serde_json::to_value(state.store.athlete_by_id(id).await?).unwrap_or_default());
    }
    Ok(Json(
        json!({"items": items, "total": total, "limit": limit, "offset": offset}),
    ))
}

async fn athlete(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> ApiResult {
    let a = visible_athlete(&state, &viewer, parse_id(&id, "id")?).await?;
    Ok(Json(serde_json::to_value(a).unwrap_or_default()))
}

async fn own_status(State(state): State<AppState>, viewer: Viewer) -> ApiResult {
    let id = viewer.user.athlete_id.ok_or(WebError::NotFound)?;
    let a = visible_athlete(&state, &viewer, id).await?;
    let s = state.cache.status(&state.store, &a, state.now_ms()).await?;
    Ok(Json(serde_json::to_value(&*s).unwrap_or_default()))
}

async fn status(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> ApiResult {
    let a = visible_athlete(&state, &viewer, parse_id(&id, "id")?).await?;
    let s = state.cache.status(&state.store, &a, state.now_ms()).await?;
    Ok(Json(serde_json::to_value(&*s).unwrap_or_default()))
}

async fn plan(State(state): State<AppState>, viewer: Viewer, Path(id): Path<String>) -> ApiResult {
    let a = visible_athlete(&state, &viewer, parse_id(&id, "id")?).await?;
    let d = state
        .cache
        .dashboard(&state.store, &a, state.now_ms())
        .await?;
    Ok(Json(serde_json::to_value(&d.plan).unwrap_or_default()))
}

async fn forecast(
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
async fn import(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(params): Params,
    request: axum::extract::Request,
) -> Result<(axum::http::StatusCode, Json<Value>), ApiError> {
    let a = own_athlete(&state, &viewer, parse_id(&id, "id")?).await?;
    let name = params
        .into_iter()
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v);
    let (name, bytes, _) = crate::import::read_upload(name, request).await?;
    let outcome = crate::import::import_file(&state, &a, &name, bytes).await?;
    let status = match outcome {
        crate::import::Imported::Imported { .. } => axum::http::StatusCode::CREATED,
        crate::import::Imported::Duplicate { .. } => axum::http::StatusCode::OK,
    };
    Ok((
        status,
        Json(serde_json::to_value(&outcome).unwrap_or_default()),
    ))
}

async fn events(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(params): Params,
) -> ApiResult {
    let (limit, offset) = paging(&params)?;
    let a = visible_athlete(&state, &viewer, parse_id(&id, "id")?).await?;
    let all = state
        .store
        .events(&myo_store::EventFilter {
            athlete_id: Some(a.id),
            ..Default::default()
        })
        .await?;
    let items: Vec<Value> = all
        .iter()
        .skip(offset)
        .take(limit)
        .map(|e| e.to_json())
        .collect();
    Ok(Json(
        json!({"items": items, "total": all.len(), "limit": limit, "offset": offset}),
    ))
}

async fn add_event(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<(axum::http::StatusCode, Json<Value>), ApiError> {
    let a = own_athlete(&state, &viewer, parse_id(&id, "id")?).await?;
    let value: Value = serde_json::from_slice(&body)
        .map_err(|e| WebError::Invalid(format!("body: not JSON ({e})")))?;
    let event = myo_store::NewEvent::from_json(&value)?;
    let stored = state.store.add_event(a.id, &event, state.now_ms()).await?;
    Ok((axum::http::StatusCode::CREATED, Json(stored.to_json())))
}

async fn delete_event(
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

/// The OpenAPI 3.1 document of the routes above.
async fn openapi() -> Json<Value> {
    let error = json!({"$ref": "#/components/schemas/Error"});
    let id = json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}});
    let paging = [
        json!({"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}),
        json!({"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": OFFSET_MAX}}),
    ];
    let errors = json!({
        "401": {"description": "not signed in", "content": {"application/json": {"schema": error}}},
        "403": {"description": "not allowed", "content": {"application/json": {"schema": error}}},
        "404": {"description": "not found", "content": {"application/json": {"schema": error}}},
        "422": {"description": "invalid input; `field` names it", "content": {"application/json": {"schema": error}}},
    });
    let ok = |description: &str| {
        let mut r = errors.clone();
        r["200"] = json!({"description": description, "content": {"application/json": {"schema": {"type": "object"}}}});
        r
    };
    Json(json!({
        "openapi": "3.1.0",
        "info": {"title": "myo", "version": env!("CARGO_PKG_VERSION")},
        "security": [{"bearer": []}],
        "paths": {
            "/api/v1/status": {"get": {"operationId": "ownStatus", "summary": "The signed-in athlete's state now", "responses": ok("status")}},
            "/api/v1/athletes": {"get": {"operationId": "athletes", "summary": "Athletes the user may see", "parameters": paging, "responses": ok("a page of athletes")}},
            "/api/v1/athletes/{id}": {"get": {"operationId": "athlete", "parameters": [id], "responses": ok("an athlete")}},
            "/api/v1/athletes/{id}/status": {"get": {"operationId": "status", "parameters": [id], "responses": ok("status now")}},
            "/api/v1/athletes/{id}/plan": {"get": {"operationId": "plan", "parameters": [id], "responses": ok("today's plan")}},
            "/api/v1/athletes/{id}/forecast": {"get": {"operationId": "forecast", "summary": "Readiness over the coming days per group, with the 10-90% range of ready times",
                "parameters": [id, {"name": "days", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 14}}],
                "responses": ok("the forecast")}},
            "/api/v1/athletes/{id}/import": {"post": {"operationId": "import", "summary": "Import one device file or app export (FIT, TCX, GPX, CSV)",
                "parameters": [id, {"name": "name", "in": "query", "schema": {"type": "string", "maxLength": 200}, "description": "the file name of a raw-body upload"}],
                "requestBody": {"required": true, "content": {
                    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary"}}}},
                    "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                "responses": {
                    "201": {"description": "imported", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Import"}}}},
                    "200": {"description": "already imported: nothing added", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Import"}}}},
                    "401": errors["401"], "403": errors["403"], "404": errors["404"], "422": errors["422"]}}},
            "/api/v1/athletes/{id}/events": {
                "get": {"operationId": "events", "parameters": [id, paging[0], paging[1]], "responses": ok("a page of events")},
                "post": {"operationId": "addEvent", "parameters": [id],
                    "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}}},
                    "responses": {"201": {"description": "stored", "content": {"application/json": {"schema": {"type": "object"}}}}, "401": errors["401"], "403": errors["403"], "404": errors["404"], "422": errors["422"]}}
            },
            "/api/v1/athletes/{id}/events/{event}": {"delete": {"operationId": "deleteEvent",
                "parameters": [id, {"name": "event", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}}],
                "responses": {"204": {"description": "deleted"}, "401": errors["401"], "403": errors["403"], "404": errors["404"], "422": errors["422"]}}}
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
                    "code": {"type": "string", "enum": ["invalid", "unauthenticated", "csrf", "forbidden", "not_found", "rate_limited", "internal"]},
                    "message": {"type": "string"}, "field": {"type": ["string", "null"]}}}}},
                "Import": {"type": "object", "required": ["status", "name", "events"], "properties": {
                    "status": {"type": "string", "enum": ["imported", "duplicate"]},
                    "name": {"type": "string"}, "format": {"type": "string"}, "events": {"type": "integer"},
                    "warnings": {"type": "array", "items": {"type": "string"}}}},
                "Event": {"type": "object", "required": ["at", "kind"], "properties": {
                    "at": {"type": "string", "format": "date-time"},
                    "kind": {"type": "string", "enum": ["strength", "endurance", "active_recovery", "massage", "foam_rolling", "dry_needling", "cold", "heat", "compression", "sleep", "meal", "fluid", "observation", "symptom"]}},
                    "additionalProperties": true}
            }
        }
    }))
}
