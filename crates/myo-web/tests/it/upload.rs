//! The forecast and import routes of the API, and the log page's upload form.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};

use crate::helpers::{app, urls, Client};

/// A session-RPE export (the PMData layout) with times this week.
const SRPE: &str = "end_date_time,activity_names,perceived_exertion,duration_min\n\
2026-03-10T18:00:00.000Z,\"['individual', 'running']\",7,45\n\
2026-03-11T17:30:00.000Z,\"['individual', 'running']\",5,30\n";

async fn upload(c: &mut Client, uri: &str, body: &[u8]) -> crate::helpers::Reply {
    let mut b = Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::CONTENT_TYPE, "text/csv");
    if let Some(t) = &c.bearer {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if let Some(cookie) = &c.cookie {
        b = b.header(header::COOKIE, cookie);
    }
    c.send(b.body(Body::from(body.to_vec())).unwrap()).await
}

/// A browser's multipart form: the CSRF field (when given) and one file.
async fn form_upload(
    c: &mut Client,
    uri: &str,
    csrf: Option<&str>,
    file: &str,
) -> crate::helpers::Reply {
    let boundary = "----myo-test-boundary";
    let mut body = String::new();
    if let Some(t) = csrf {
        body += &format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n{t}\r\n"
        );
    }
    body += &format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"srpe.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{file}\r\n--{boundary}--\r\n"
    );
    let mut b = Request::builder().method("POST").uri(uri).header(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={boundary}"),
    );
    if let Some(cookie) = &c.cookie {
        b = b.header(header::COOKIE, cookie);
    }
    c.send(b.body(Body::from(body)).unwrap()).await
}

async fn token(c: &mut Client) -> String {
    let r = c.post("/settings/tokens", &[("name", "script")]).await;
    let i = r.body.find("id=\"new-token\">").unwrap() + 15;
    r.body[i..i + 64].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forecast_and_import_through_the_api() {
    for url in urls("upload") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        let mut script = Client::new(&state);
        script.bearer = Some(token(&mut ann).await);

        // A file: 201 with what was imported; the same bytes again: 200, nothing added.
        let uri = format!("/api/v1/athletes/{id}/import?name=srpe.csv");
        let r = upload(&mut script, &uri, SRPE.as_bytes()).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        assert_eq!(r.json()["status"], "imported");
        assert_eq!(r.json()["events"], 2);
        assert_eq!(r.json()["name"], "srpe.csv");
        let r = upload(&mut script, &uri, SRPE.as_bytes()).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.json()["status"], "duplicate");
        // It names the earlier import.
        assert_eq!(r.json()["earlier"]["name"], "srpe.csv", "{}", r.body);
        assert_eq!(r.json()["earlier"]["events"], 2);
        let total = script.get(&format!("/api/v1/athletes/{id}/events")).await;
        assert_eq!(total.json()["total"], 2);

        // Bad files: 422 naming `file`, with the parser's message.
        for (bad, says) in [
            (&b"when,what\n1,2\n"[..], "when,what"),
            (&b""[..], "empty"),
            (&[0xff, 0xfe, 0x00, 0x01][..], "not FIT"),
        ] {
            let r = upload(&mut script, &uri, bad).await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
            assert_eq!(r.json()["error"]["field"], "file", "{}", r.body);
            assert!(
                r.json()["error"]["message"]
                    .as_str()
                    .unwrap()
                    .contains(says),
                "{}",
                r.body
            );
        }

        // An event centuries ago would make every view simulate centuries: refused.
        let r = script
            .json(
                "POST",
                &format!("/api/v1/athletes/{id}/events"),
                &serde_json::json!({"kind": "observation", "at": "0047-03-08T18:20:06+19:06"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["error"]["field"], "at");

        // The event contract's errors carry their field by value, also when the message does
        // not start with it.
        for (event, field) in [
            (
                serde_json::json!({"kind": "endurance", "sport": "run", "minutes": 45}),
                "avg_hr",
            ),
            (serde_json::json!({"kind": "fluid", "litres": 10}), "litres"),
            (
                serde_json::json!({"kind": "strength", "exercise": [{"name": "Barbell Squat", "sets": 5}]}),
                "exercise[1].reps",
            ),
        ] {
            let mut event = event;
            event["at"] = serde_json::json!("2026-03-10T07:00:00+01:00");
            let r = script
                .json("POST", &format!("/api/v1/athletes/{id}/events"), &event)
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
            assert_eq!(r.json()["error"]["field"], field, "{}", r.body);
        }

        // The forecast: every group at every 6 h over the days asked, with ready times and
        // their 10–90% range.
        let r = script
            .get(&format!("/api/v1/athletes/{id}/forecast?days=3"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let f = r.json();
        assert_eq!(f["times"].as_array().unwrap().len(), 3 * 4 + 1);
        assert_eq!(f["whole_body"].as_array().unwrap().len(), 13);
        let groups = f["groups"].as_object().unwrap();
        assert_eq!(groups.len(), 17);
        let quads = &groups["quadriceps"];
        assert_eq!(quads["readiness"].as_array().unwrap().len(), 13);
        assert!(quads["ready_range"]["hard"].get("p10").is_some(), "{quads}");
        assert_eq!(f["ensemble"]["members"], 24);
        for days in ["0", "15", "x", "-1"] {
            let r = script
                .get(&format!("/api/v1/athletes/{id}/forecast?days={days}"))
                .await;
            assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{days}");
            assert_eq!(r.json()["error"]["field"], "days");
        }

        // Nobody else imports into or forecasts Ann's log; a coach may not write it.
        let mut bob = Client::new(&state);
        bob.sign_up("bob@example.org", Some("bob")).await;
        bob.bearer = Some(token(&mut bob).await);
        let other = "when,what\n";
        let r = upload(&mut bob, &uri, other.as_bytes()).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.body);
        let r = bob.get(&format!("/api/v1/athletes/{id}/forecast")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        let mut anon = Client::new(&state);
        assert_eq!(
            upload(&mut anon, &uri, SRPE.as_bytes()).await.status,
            StatusCode::UNAUTHORIZED
        );
        // A session without the CSRF header may not write through the API.
        let mut page = Client::new(&state);
        page.cookie = ann.cookie.clone();
        assert_eq!(
            upload(&mut page, &uri, b"x").await.status,
            StatusCode::FORBIDDEN
        );
        let r = script.get("/api/openapi.json").await.json();
        assert!(r["paths"]["/api/v1/athletes/{id}/import"]["post"].is_object());
        assert!(r["paths"]["/api/v1/athletes/{id}/forecast"]["get"].is_object());
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_log_page_uploads_a_file_with_its_csrf_token() {
    for url in urls("form-upload") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        let log = ann.get(&format!("/athletes/{id}/log")).await;
        assert!(log.body.contains("enctype=\"multipart/form-data\""));
        let csrf = ann.csrf.clone();
        let uri = format!("/athletes/{id}/import");
        let r = form_upload(&mut ann, &uri, None, SRPE).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "no token: {}", r.body);
        let r = form_upload(&mut ann, &uri, Some("0"), SRPE).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "wrong token");
        let r = form_upload(&mut ann, &uri, Some(&csrf), SRPE).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("Imported srpe.csv"), "{}", r.body);
        let r = form_upload(&mut ann, &uri, Some(&csrf), SRPE).await;
        assert!(r.body.contains("nothing added"), "{}", r.body);
        let r = form_upload(&mut ann, &uri, Some(&csrf), "a;b\n").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        let events = state
            .store
            .events(&myo_store::EventFilter {
                athlete_id: Some(id),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(events.len(), 2);
        state.store.close().await;
    }
}
