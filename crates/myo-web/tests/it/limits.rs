//! The data limits through HTTP: each answered 422 with a message naming it.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};

use crate::helpers::{app, urls, Client};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_events_or_exercises_are_refused_naming_the_limit() {
    let url = urls("limits").remove(0);
    let state = app(&url).await;
    let mut ann = Client::new(&state);
    let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
    let r = ann.post("/settings/tokens", &[("name", "script")]).await;
    let i = r.body.find("id=\"new-token\">").unwrap() + 15;
    let mut script = Client::new(&state);
    script.bearer = Some(r.body[i..i + 64].to_string());
    // One file of more events than one write may carry.
    let mut csv = String::from("at,kind,sport,minutes,rpe\n");
    let start = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z").unwrap();
    for k in 0..=myo_store::MAX_EVENTS_PER_BATCH as i64 {
        let at = start + chrono::Duration::minutes(k * 3);
        csv.push_str(&format!("{},endurance,run,2,5\n", at.to_rfc3339()));
    }
    let req = script
        .base(
            "POST",
            &format!("/api/v1/athletes/{id}/import?name=big.csv"),
        )
        .header(header::CONTENT_TYPE, "text/csv")
        .body(Body::from(csv))
        .unwrap();
    let r = script.send(req).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("MAX_EVENTS_PER_BATCH"), "{}", r.body);
    // A strength session of too many exercises.
    let one = serde_json::json!({"name": "Barbell Squat", "sets": 1, "reps": 5});
    let exercises = vec![one; myo_scenario::registry::MAX_EXERCISES + 1];
    let r = script
        .json(
            "POST",
            &format!("/api/v1/athletes/{id}/events"),
            &serde_json::json!({"at": "2026-03-11T07:00:00Z", "kind": "strength", "exercise": exercises}),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("MAX_EXERCISES"), "{}", r.body);
    // A key given twice.
    let req = Request::builder()
        .method("POST")
        .uri(format!("/api/v1/athletes/{id}/events"))
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", script.bearer.clone().unwrap()),
        )
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            r#"{"at": "2026-03-11T07:00:00Z", "kind": "sleep", "hours": 7, "hours": 70}"#,
        ))
        .unwrap();
    let r = script.send(req).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
    assert!(r.body.contains("given twice"), "{}", r.body);
    state.store.close().await;
}
