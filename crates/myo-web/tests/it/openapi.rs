//! The OpenAPI document against the router and real answers: every `/api/v1` route is in it
//! with its methods, every `$ref` resolves, and what the handlers answer validates against
//! the schemas the document gives for that operation and status (strictly: a key the schema
//! does not name is an error too, so a field added to a type shows up here).

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{app, urls, Client, Reply};

fn doc() -> Value {
    serde_json::from_str(myo_web::openapi::json()).unwrap()
}

/// (path, method) of every route `api::routes()` declares, read from its source: the router
/// cannot list its routes, and a route added there must be added to the document too.
fn routed() -> BTreeSet<(String, String)> {
    let source = include_str!("../../src/api.rs");
    let start = source.find("pub fn routes()").unwrap();
    let end = start + source[start..].find(".fallback(").unwrap();
    let mut routes = BTreeSet::new();
    for call in source[start..end].split(".route(").skip(1) {
        let path = call.split('"').nth(1).unwrap();
        let handlers = &call[call.find(',').unwrap()..];
        for method in ["get", "post", "put", "patch", "delete"] {
            // `get(` but not `forget(` or `try_get(`.
            let word_start = |i: usize| {
                i == 0 || {
                    let b = handlers.as_bytes()[i - 1];
                    !(b.is_ascii_alphanumeric() || b == b'_')
                }
            };
            let used = handlers
                .match_indices(&format!("{method}("))
                .any(|(i, _)| word_start(i));
            if used {
                routes.insert((format!("/api{path}"), method.to_string()));
            }
        }
    }
    routes
}

fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
                .map(move |m| (path.clone(), m.clone()))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_api_route_is_documented_with_its_methods() {
    let doc = doc();
    let routed: BTreeSet<_> = routed()
        .into_iter()
        .filter(|(p, _)| p.starts_with("/api/v1"))
        .collect();
    assert_eq!(routed.len(), 10, "{routed:?}");
    assert_eq!(routed, documented(&doc));
    // And the router agrees: a method it does not route is a 405 naming those it does, and
    // each documented one reaches the handler (401 without credentials, not 404 or 405).
    let url = &urls("openapi-routes")[0];
    let state = app(url).await;
    let mut anon = Client::new(&state);
    for (path, item) in doc["paths"].as_object().unwrap() {
        let uri = path.replace("{id}", "1").replace("{event}", "2");
        let r = anon
            .send(
                Request::builder()
                    .method("PATCH")
                    .uri(&uri)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{uri}");
        let allow: BTreeSet<String> = r.headers[header::ALLOW]
            .to_str()
            .unwrap()
            .split(',')
            .map(|m| m.trim().to_ascii_lowercase())
            .filter(|m| m != "head")
            .collect();
        let methods: BTreeSet<String> = item.as_object().unwrap().keys().cloned().collect();
        assert_eq!(allow, methods, "{path}");
        for method in &methods {
            let r = anon
                .send(
                    Request::builder()
                        .method(method.to_ascii_uppercase().as_str())
                        .uri(&uri)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{method} {uri}");
            check_reply(&doc, path, method, &r);
        }
    }
    state.store.close().await;
}

#[test]
fn the_document_is_openapi_3_1_with_the_operations_refs_and_security() {
    let doc = doc();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(doc["security"], json!([{"bearer": []}]));
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"],
        json!({"type": "http", "scheme": "bearer"})
    );
    let mut ids: Vec<&str> = documented(&doc)
        .iter()
        .map(|(p, m)| doc["paths"][p][m]["operationId"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    let mut want = [
        "ownStatus",
        "athletes",
        "athlete",
        "status",
        "plan",
        "forecast",
        "import",
        "events",
        "addEvent",
        "deleteEvent",
    ];
    want.sort_unstable();
    assert_eq!(ids, want);
    // Every `$ref` points at something in the document.
    let mut refs = Vec::new();
    collect_refs(&doc, &mut refs);
    assert!(refs.len() > 50, "{}", refs.len());
    for r in refs {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{r}: not local"));
        assert!(doc.pointer(pointer).is_some(), "{r} does not resolve");
    }
    // The parameters' ranges are the handlers'.
    let offset = &doc["paths"]["/api/v1/athletes"]["get"]["parameters"][1];
    assert_eq!(offset["name"], "offset");
    assert_eq!(offset["schema"]["maximum"], json!(myo_web::api::OFFSET_MAX));
    let days = &doc["paths"]["/api/v1/athletes/{id}/forecast"]["get"]["parameters"][1];
    assert_eq!(days["name"], "days");
    let range = myo_web::data::FORECAST_DAYS;
    assert_eq!(
        (&days["schema"]["minimum"], &days["schema"]["maximum"]),
        (&json!(range.start()), &json!(range.end()))
    );
    // Maps keyed by muscle group name list the names.
    for (schema, property) in myo_web::openapi::GROUP_MAPS {
        let names =
            &doc["components"]["schemas"][schema]["properties"][property]["propertyNames"]["enum"];
        assert_eq!(
            names.as_array().map(Vec::len),
            Some(17),
            "{schema}.{property}"
        );
    }
    // The error codes are the server's.
    let codes = &doc["components"]["schemas"]["ErrorCode"]["enum"];
    for e in [
        myo_web::error::WebError::Invalid("x: y".into()),
        myo_web::error::WebError::Unauthenticated,
        myo_web::error::WebError::Csrf,
        myo_web::error::WebError::Forbidden,
        myo_web::error::WebError::NotFound,
        myo_web::error::WebError::RateLimited,
        myo_web::error::WebError::Internal("x".into()),
    ] {
        assert!(codes.as_array().unwrap().contains(&json!(e.code())));
        let body = serde_json::to_value(e.body()).unwrap();
        let schema = json!({"$ref": "#/components/schemas/ErrorBody"});
        assert_eq!(validate(&doc, &schema, &body), Vec::<String>::new());
    }
}

fn collect_refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("$ref", Value::String(s)) => out.push(s),
                    _ => collect_refs(v, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// A bearer token for `c`'s account (made on the settings page).
async fn token(c: &mut Client) -> String {
    let r = c.post("/settings/tokens", &[("name", "script")]).await;
    let i = r.body.find("id=\"new-token\">").unwrap() + 15;
    r.body[i..i + 64].to_string()
}

/// `r` is documented for (`path`, `method`) and its JSON body matches the schema given.
fn check_reply(doc: &Value, path: &str, method: &str, r: &Reply) {
    let response = &doc["paths"][path][method]["responses"][r.status.as_str()];
    assert!(
        response.is_object(),
        "{method} {path}: {} is not documented ({})",
        r.status,
        r.body
    );
    let Some(schema) = response.pointer("/content/application~1json/schema") else {
        assert!(
            r.body.is_empty(),
            "{method} {path} {}: {}",
            r.status,
            r.body
        );
        return;
    };
    let errors = validate(doc, schema, &r.json());
    assert!(
        errors.is_empty(),
        "{method} {path} {}: {errors:#?}\n{}",
        r.status,
        r.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_validate_against_their_schemas() {
    let doc = doc();
    for url in urls("openapi-answers") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        let mut script = Client::new(&state);
        script.bearer = Some(token(&mut ann).await);
        let athlete = "/api/v1/athletes/{id}";
        let events = "/api/v1/athletes/{id}/events";
        let events_uri = format!("/api/v1/athletes/{id}/events");
        let get = [
            ("/api/v1/status", "/api/v1/status".to_string()),
            ("/api/v1/athletes", "/api/v1/athletes".to_string()),
            (athlete, format!("/api/v1/athletes/{id}")),
            (
                "/api/v1/athletes/{id}/status",
                format!("/api/v1/athletes/{id}/status"),
            ),
            (
                "/api/v1/athletes/{id}/plan",
                format!("/api/v1/athletes/{id}/plan"),
            ),
            (
                "/api/v1/athletes/{id}/forecast",
                format!("/api/v1/athletes/{id}/forecast?days=2"),
            ),
            (events, format!("/api/v1/athletes/{id}/events")),
        ];
        // A rested athlete with an empty log, then after training, and under a red flag (the
        // plan is then only `seek_medical_care`: its optional parts are `null`).
        let logs = [
            vec![],
            vec![
                json!({"at": "2026-03-11T18:00:00+01:00", "kind": "strength", "rpe": 8,
                    "exercise": [{"name": "Barbell Squat", "sets": 5, "reps": 5, "load_kg": 100}]}),
                json!({"at": "2026-03-11T23:00:00+01:00", "kind": "sleep", "hours": 7.5}),
                json!({"at": "2026-03-10T18:00:00+01:00", "kind": "endurance", "sport": "run",
                    "minutes": 60, "rpe": 7}),
            ],
            vec![json!({"at": "2026-03-12T07:00:00+01:00", "kind": "symptom",
                "symptoms": ["chest_pain"]})],
        ];
        for log in logs {
            for event in log {
                let r = script.json("POST", &events_uri, &event).await;
                assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
                check_reply(&doc, events, "post", &r);
                assert_eq!(r.json()["event"], event);
                assert!(r.json()["id"].as_i64().is_some(), "{}", r.body);
            }
            for (path, uri) in &get {
                let r = script.get(uri).await;
                assert_eq!(r.status, StatusCode::OK, "{uri}: {}", r.body);
                check_reply(&doc, path, "get", &r);
            }
        }
        let plan = script.get(&format!("/api/v1/athletes/{id}/plan")).await;
        assert_eq!(plan.json()["decision"], "seek_medical_care");
        assert!(plan.json()["nutrition"].is_null());

        // Errors: bad parameters, someone else's athlete, a coach's own status, a bad event.
        let errors = [
            ("/api/v1/athletes", "/api/v1/athletes?limit=0".to_string()),
            (events, format!("/api/v1/athletes/{id}/events?offset=-1")),
            (athlete, "/api/v1/athletes/abc".to_string()),
            (athlete, format!("/api/v1/athletes/{}", id + 1)),
        ];
        for (path, uri) in errors {
            let r = script.get(&uri).await;
            assert!(r.status.is_client_error(), "{uri}");
            check_reply(&doc, path, "get", &r);
        }
        let mut coach = Client::new(&state);
        coach.sign_up("cy@example.org", None).await;
        let r = coach.get("/api/v1/status").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        check_reply(&doc, "/api/v1/status", "get", &r);
        let r = coach.get("/api/v1/athletes").await;
        assert_eq!(r.json()["items"], json!([]));
        check_reply(&doc, "/api/v1/athletes", "get", &r);
        let bad = json!({"at": "2026-03-11T20:00:00+01:00", "kind": "sleep", "hours": -1});
        let r = script.json("POST", &events_uri, &bad).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        check_reply(&doc, events, "post", &r);

        // Imports: 201 with what was written, 200 for the same bytes again, 422 refused.
        let import = "/api/v1/athletes/{id}/import";
        let csv = "end_date_time,activity_names,perceived_exertion,duration_min\n\
            2026-03-09T18:00:00.000Z,\"['individual', 'running']\",6,40\n";
        for (body, status) in [
            (csv, StatusCode::CREATED),
            (csv, StatusCode::OK),
            ("not a known format", StatusCode::UNPROCESSABLE_ENTITY),
        ] {
            let req = script
                .base(
                    "POST",
                    &format!("/api/v1/athletes/{id}/import?name=srpe.csv"),
                )
                .header(header::CONTENT_TYPE, "application/octet-stream")
                .body(Body::from(body))
                .unwrap();
            let r = script.send(req).await;
            assert_eq!(r.status, status, "{}", r.body);
            check_reply(&doc, import, "post", &r);
        }

        // Deleting an event listed by the API, by the id it carries.
        let listed = script
            .get(&format!("/api/v1/athletes/{id}/events?limit=1"))
            .await
            .json();
        let event_id = listed["items"][0]["id"].as_i64().unwrap();
        let uri = format!("/api/v1/athletes/{id}/events/{event_id}");
        let req = script.base("DELETE", &uri).body(Body::empty()).unwrap();
        let r = script.send(req).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT);
        check_reply(&doc, "/api/v1/athletes/{id}/events/{event}", "delete", &r);
        let r = script.send(script.base("DELETE", &uri).body(Body::empty()).unwrap());
        let r = r.await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        check_reply(&doc, "/api/v1/athletes/{id}/events/{event}", "delete", &r);
        // Unknown tokens: 401, then 429 once the address has sent too many.
        let mut eve = Client::new(&state);
        for k in 0..=myo_web::auth::BAD_TOKENS_PER_MINUTE {
            eve.bearer = Some(format!("{k:064}"));
            let r = eve.get("/api/v1/status").await;
            let expected = if k < myo_web::auth::BAD_TOKENS_PER_MINUTE {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::TOO_MANY_REQUESTS
            };
            assert_eq!(r.status, expected, "{}", r.body);
            check_reply(&doc, "/api/v1/status", "get", &r);
        }
        state.store.close().await;
    }
}

#[test]
fn the_checker_finds_what_does_not_match() {
    let doc = doc();
    let schema = json!({"$ref": "#/components/schemas/ErrorBody"});
    let good = json!({"error": {"code": "invalid", "message": "limit: no", "field": "limit"}});
    assert!(validate(&doc, &schema, &good).is_empty());
    for (bad, why) in [
        (
            json!({"error": {"code": "invalid", "message": "m"}}),
            "required",
        ),
        (
            json!({"error": {"code": "oops", "message": "m", "field": null}}),
            "enum",
        ),
        (
            json!({"error": {"code": "invalid", "message": 1, "field": null}}),
            "type",
        ),
        (
            json!({"error": {"code": "invalid", "message": "m", "field": null, "x": 1}}),
            "not in the schema",
        ),
    ] {
        let errors = validate(&doc, &schema, &bad);
        assert!(errors.iter().any(|e| e.contains(why)), "{bad}: {errors:?}");
    }
    let athlete = json!({"$ref": "#/components/schemas/Athlete"});
    let mut a = json!({"id": 1, "name": "ann", "default": true, "revision": 0, "created_ms": 0,
        "updated_ms": 0, "sex": "female", "age": 30.0, "body_mass_kg": 62.0,
        "training_status": "recreational", "conditions": [], "time_zone": "+01:00"});
    assert_eq!(validate(&doc, &athlete, &a), Vec::<String>::new());
    a["max_hr"] = Value::Null;
    assert!(
        !validate(&doc, &athlete, &a).is_empty(),
        "max_hr is left out, never null"
    );
    let imported = json!({"$ref": "#/components/schemas/Imported"});
    let dup = json!({"status": "duplicate", "name": "a.csv", "events": 2,
        "earlier": {"name": "b.csv", "imported_ms": 1, "events": 2}});
    assert!(validate(&doc, &imported, &dup).is_empty());
    let wrong = json!({"status": "imported", "name": "a.csv", "events": 2});
    assert!(!validate(&doc, &imported, &wrong).is_empty());
}

// ---- A small JSON Schema checker -------------------------------------------------------------
//
// Enough of JSON Schema 2020-12 for what utoipa writes: `$ref`, `allOf`, `oneOf`, `anyOf`,
// `type` (one or a list), `enum`, `required`, `properties`, `additionalProperties`,
// `propertyNames`, `items`, `minItems`/`maxItems`, `minimum`/`maximum`, `maxLength` and the
// `date-time` format. Stricter than JSON Schema in one way: an object schema with
// `properties` and no `additionalProperties` allows no other keys.

fn validate(doc: &Value, schema: &Value, value: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(doc, schema, value, "$", true, &mut errors);
    errors
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(doc, doc.pointer(&r[1..]).expect("a $ref resolves")),
        None => schema,
    }
}

/// The property names an object schema declares (through `allOf` too), or `None` when it
/// allows others.
fn declared(doc: &Value, schema: &Value) -> Option<BTreeSet<String>> {
    let schema = resolve(doc, schema);
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        let mut names = BTreeSet::new();
        for s in all {
            names.extend(declared(doc, s)?);
        }
        return Some(names);
    }
    if schema.get("additionalProperties").is_some() {
        return None;
    }
    schema
        .get("properties")
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn check(doc: &Value, schema: &Value, v: &Value, at: &str, strict: bool, errors: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    let mut err = |e: String| errors.push(format!("{at}: {e}"));
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for s in all {
            check(doc, s, v, at, false, errors);
        }
        if let (true, Some(names), Value::Object(m)) = (strict, declared(doc, schema), v) {
            for k in m.keys().filter(|k| !names.contains(*k)) {
                errors.push(format!("{at}.{k}: not in the schema"));
            }
        }
        return;
    }
    for (key, exactly_one) in [("oneOf", true), ("anyOf", false)] {
        if let Some(any) = schema.get(key).and_then(Value::as_array) {
            let mut mismatches = Vec::new();
            let matching = any
                .iter()
                .filter(|s| {
                    let mut e = Vec::new();
                    check(doc, s, v, at, strict, &mut e);
                    mismatches.extend(e.iter().cloned());
                    e.is_empty()
                })
                .count();
            if matching == 0 || (exactly_one && matching > 1) {
                err(format!(
                    "{matching} of the {key} schemas match: {mismatches:?}"
                ));
            }
            return;
        }
    }
    if let Some(t) = schema.get("type") {
        let allowed: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => vec![],
        };
        let actual = type_name(v);
        let ok = allowed.contains(&actual) || (actual == "integer" && allowed.contains(&"number"));
        if !ok {
            err(format!("type {actual}, expected {t}"));
            return;
        }
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array) {
        if !e.contains(v) {
            err(format!("{v} not in the enum {e:?}"));
        }
    }
    match v {
        Value::Number(n) => {
            let x = n.as_f64().unwrap();
            if let Some(min) = schema.get("minimum").and_then(Value::as_f64) {
                if x < min {
                    err(format!("{x} below the minimum {min}"));
                }
            }
            if let Some(max) = schema.get("maximum").and_then(Value::as_f64) {
                if x > max {
                    err(format!("{x} above the maximum {max}"));
                }
            }
        }
        Value::String(s) => {
            if schema.get("format").and_then(Value::as_str) == Some("date-time")
                && chrono::DateTime::parse_from_rfc3339(s).is_err()
            {
                err(format!("{s:?} is not a date-time"));
            }
            if let Some(max) = schema.get("maxLength").and_then(Value::as_u64) {
                if s.chars().count() as u64 > max {
                    err(format!("longer than {max}"));
                }
            }
        }
        Value::Array(items) => {
            let len = items.len() as u64;
            if let Some(min) = schema.get("minItems").and_then(Value::as_u64) {
                if len < min {
                    err(format!("{len} items, fewer than {min}"));
                }
            }
            if let Some(max) = schema.get("maxItems").and_then(Value::as_u64) {
                if len > max {
                    err(format!("{len} items, more than {max}"));
                }
            }
            if let Some(s) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    check(doc, s, item, &format!("{at}[{i}]"), strict, errors);
                }
            }
        }
        Value::Object(m) => {
            if let Some(req) = schema.get("required").and_then(Value::as_array) {
                for k in req.iter().filter_map(Value::as_str) {
                    if !m.contains_key(k) {
                        err(format!("required key {k:?} missing"));
                    }
                }
            }
            let props = schema.get("properties").and_then(Value::as_object);
            for (k, item) in m {
                let here = format!("{at}.{k}");
                if let Some(names) = schema.get("propertyNames") {
                    check(
                        doc,
                        names,
                        &json!(k),
                        &format!("{here} (name)"),
                        strict,
                        errors,
                    );
                }
                match (
                    props.and_then(|p| p.get(k)),
                    schema.get("additionalProperties"),
                ) {
                    (Some(s), _) => check(doc, s, item, &here, strict, errors),
                    (None, Some(Value::Bool(true))) => {}
                    (None, Some(Value::Bool(false))) => errors.push(format!("{here}: not allowed")),
                    (None, Some(s)) => check(doc, s, item, &here, strict, errors),
                    (None, None) if strict && props.is_some() => {
                        errors.push(format!("{here}: not in the schema"))
                    }
                    (None, None) => {}
                }
            }
        }
        _ => {}
    }
}
