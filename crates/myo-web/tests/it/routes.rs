use axum::http::{header, StatusCode};
use serde_json::json;

use crate::helpers::{app, events_of, urls, Client};

const SQUAT: &str = "Barbell Squat 5x5 100kg\nrun 45m rpe7\nsleep 7.5h";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_log_and_see_the_body_map_change() {
    for url in urls("flow") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        let before = ann.get(&format!("/athletes/{id}")).await;
        assert_eq!(before.status, StatusCode::OK);
        assert!(before
            .body
            .contains("aria-label=\"Quadriceps: readiness 100, hard\""));
        ann.get(&format!("/athletes/{id}/log")).await;
        let r = ann
            .post(
                &format!("/athletes/{id}/log/quick"),
                &[("text", SQUAT), ("at", "2026-03-11T18:00")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let after = ann.get(&format!("/athletes/{id}")).await;
        assert!(
            !after.body.contains("Quadriceps: readiness 100, hard"),
            "the map changed"
        );
        assert!(after.body.contains("Quadriceps: readiness"));
        // Every kind's form logs (the defaults of each form, plus the required fields).
        for (kind, fields) in [
            ("sleep", vec![("hours", "8"), ("quality", "4")]),
            (
                "endurance",
                vec![("sport", "cycle"), ("minutes", "60"), ("rpe", "6")],
            ),
            (
                "active_recovery",
                vec![
                    ("modality", "walk"),
                    ("minutes", "20"),
                    ("pct_max_hr", "60"),
                ],
            ),
            (
                "massage",
                vec![
                    ("minutes", "30"),
                    ("muscles", "quadriceps"),
                    ("muscles", "calves"),
                ],
            ),
            ("foam_rolling", vec![("minutes", "10")]),
            (
                "dry_needling",
                vec![("muscles", "calves"), ("insertions", "6")],
            ),
            (
                "cold",
                vec![
                    ("method", "cold_water_immersion"),
                    ("minutes", "10"),
                    ("temp_c", "12"),
                ],
            ),
            ("heat", vec![("method", "sauna"), ("minutes", "15")]),
            ("compression", vec![("hours", "2")]),
            ("meal", vec![("protein_g", "40"), ("carbs_g", "90")]),
            ("fluid", vec![("litres", "0.5"), ("electrolytes", "true")]),
            ("observation", vec![("rmssd_ms", "62"), ("mood", "7")]),
            ("symptom", vec![("symptoms", "fever")]),
            ("soreness", vec![("quadriceps", "6"), ("hamstrings", "3")]),
            (
                "strength",
                vec![
                    ("exercise.name", "Barbell Deadlift"),
                    ("exercise.sets", "3"),
                    ("exercise.reps", "5"),
                    ("exercise.load_kg", "120"),
                    ("exercise.contraction", ""),
                ],
            ),
        ] {
            let mut f = fields.clone();
            f.push(("at", "2026-03-11T20:00"));
            let r = ann.post(&format!("/athletes/{id}/log/{kind}"), &f).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{kind}: {}", r.body);
        }
        // Bad input: 422 naming the field, never a 5xx.
        let r = ann
            .post(&format!("/athletes/{id}/log/sleep"), &[("hours", "lots")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("hours:"), "{}", r.body);
        let r = ann.post(&format!("/athletes/{id}/log/nonsense"), &[]).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        // History, edit and delete.
        let h = ann.get(&format!("/athletes/{id}/history")).await;
        assert!(h.body.contains("fever"));
        let events = events_of(&state, id).await;
        let sleep = events
            .iter()
            .find(|e| e.kind() == myo_scenario::Kind::Sleep)
            .unwrap();
        let edit = ann
            .get(&format!("/athletes/{id}/events/{}", sleep.id))
            .await;
        assert_eq!(edit.status, StatusCode::OK);
        let new =
            json!({"at": "2026-03-11T23:00:00+01:00", "kind": "sleep", "hours": 6.0}).to_string();
        let r = ann
            .post(
                &format!("/athletes/{id}/events/{}", sleep.id),
                &[("json", new.as_str())],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(
            state.store.event(sleep.id).await.unwrap().event.fields()["hours"],
            6.0
        );
        let r = ann
            .post(
                &format!("/athletes/{id}/events/{}", sleep.id),
                &[("json", "{\"kind\": \"sleep\"")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = ann
            .post(&format!("/athletes/{id}/events/{}/delete", sleep.id), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert!(state.store.event(sleep.id).await.is_err());
        // A group's page with its timelines.
        let m = ann.get(&format!("/athletes/{id}/muscles/quadriceps")).await;
        assert_eq!(m.status, StatusCode::OK);
        assert!(m.body.contains("Soreness") && m.body.contains("Glycogen"));
        assert_eq!(
            ann.get(&format!("/athletes/{id}/muscles/elbows"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coaches_see_only_athletes_who_accepted_until_revoked() {
    for url in urls("coach") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        let mut coach = Client::new(&state);
        assert_eq!(coach.sign_up("coach@example.org", None).await, None);
        let dash = format!("/athletes/{id}");
        assert_eq!(coach.get(&dash).await.status, StatusCode::NOT_FOUND);
        coach.get("/coach").await;
        let r = coach
            .post("/coach/invite", &[("email", "ANN@example.org")])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(
            coach.get(&dash).await.status,
            StatusCode::NOT_FOUND,
            "pending is not enough"
        );
        assert!(!coach
            .get("/coach")
            .await
            .body
            .contains("data-athlete=\"ann\""));
        let settings = ann.get("/settings").await;
        assert!(settings.body.contains("coach@example.org"));
        let coach_id = state
            .store
            .user_by_email("coach@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        let r = ann.post(&format!("/coaches/{coach_id}/accept"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(coach.get(&dash).await.status, StatusCode::OK);
        assert!(coach
            .get("/coach")
            .await
            .body
            .contains("data-athlete=\"ann\""));
        // A coach reads but does not write an athlete's log.
        coach.get("/coach").await;
        let r = coach
            .post(&format!("/athletes/{id}/log/sleep"), &[("hours", "8")])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        ann.get("/settings").await;
        let r = ann.post(&format!("/coaches/{coach_id}/revoke"), &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        assert_eq!(coach.get(&dash).await.status, StatusCode::NOT_FOUND);
        assert!(!coach
            .get("/coach")
            .await
            .body
            .contains("data-athlete=\"ann\""));
        // An athlete has no roster.
        assert_eq!(ann.get("/coach").await.status, StatusCode::FORBIDDEN);
        state.store.close().await;
    }
}

/// Every page and API route of one athlete, as another athlete and as a stranger coach.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nobody_else_sees_or_changes_an_athletes_data() {
    for url in urls("others") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        ann.get(&format!("/athletes/{id}/log")).await;
        ann.post(&format!("/athletes/{id}/log/quick"), &[("text", SQUAT)])
            .await;
        let event = events_of(&state, id).await[0].id;
        let mut bob = Client::new(&state);
        bob.sign_up("bob@example.org", Some("bob")).await.unwrap();
        let mut coach = Client::new(&state);
        coach.sign_up("coach@example.org", None).await;
        for other in [&mut bob, &mut coach] {
            for page in [
                format!("/athletes/{id}"),
                format!("/athletes/{id}/muscles/quadriceps"),
                format!("/athletes/{id}/log"),
                format!("/athletes/{id}/history"),
                format!("/athletes/{id}/events/{event}"),
                format!("/api/v1/athletes/{id}"),
                format!("/api/v1/athletes/{id}/status"),
                format!("/api/v1/athletes/{id}/plan"),
                format!("/api/v1/athletes/{id}/events"),
            ] {
                let r = other.get(&page).await;
                assert!(
                    matches!(r.status.as_u16(), 403 | 404),
                    "{page}: {}",
                    r.status
                );
            }
            other.get("/settings").await;
            for (post, fields) in [
                (format!("/athletes/{id}/log/sleep"), vec![("hours", "8")]),
                (
                    format!("/athletes/{id}/log/quick"),
                    vec![("text", "run 30m")],
                ),
                (
                    format!("/athletes/{id}/events/{event}"),
                    vec![("json", "{}")],
                ),
                (format!("/athletes/{id}/events/{event}/delete"), vec![]),
            ] {
                let r = other.post(&post, &fields).await;
                assert!(
                    matches!(r.status.as_u16(), 403 | 404),
                    "{post}: {}",
                    r.status
                );
            }
            let r = other
                .json(
                    "POST",
                    &format!("/api/v1/athletes/{id}/events"),
                    &json!({"at": "2026-03-11T20:00:00+01:00", "kind": "sleep", "hours": 8}),
                )
                .await;
            assert!(matches!(r.status.as_u16(), 403 | 404), "{}", r.status);
            let r = other
                .json(
                    "DELETE",
                    &format!("/api/v1/athletes/{id}/events/{event}"),
                    &json!({}),
                )
                .await;
            assert!(matches!(r.status.as_u16(), 403 | 404), "{}", r.status);
        }
        // Bob's own event id under Ann's athlete, and Ann's under Bob's: both 404.
        assert!(
            state.store.event(event).await.is_ok(),
            "nothing was deleted"
        );
        // Signed out: pages go to sign-in, the API answers 401 in JSON.
        let mut stranger = Client::new(&state);
        let r = stranger.get(&format!("/athletes/{id}")).await;
        assert_eq!(r.location.as_deref(), Some("/signin"));
        let r = stranger.get("/api/v1/status").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.json()["error"]["code"], "unauthenticated");
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_form_needs_its_csrf_token() {
    for url in urls("csrf") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        ann.get(&format!("/athletes/{id}/log")).await;
        ann.post(&format!("/athletes/{id}/log/quick"), &[("text", SQUAT)])
            .await;
        let event = events_of(&state, id).await[0].id;
        let mut coach = Client::new(&state);
        coach.sign_up("coach@example.org", None).await;
        let forms = [
            format!("/athletes/{id}/log/sleep"),
            format!("/athletes/{id}/log/quick"),
            format!("/athletes/{id}/log/soreness"),
            format!("/athletes/{id}/events/{event}"),
            format!("/athletes/{id}/events/{event}/delete"),
            "/settings/profile".into(),
            "/settings/password".into(),
            "/settings/tokens".into(),
            "/coaches/1/accept".into(),
            "/coaches/1/revoke".into(),
            "/signout".into(),
        ];
        for form in &forms {
            for token in ["", "0000"] {
                let r = ann
                    .post_raw(form, &[("_csrf", token.to_string()), ("hours", "8".into())])
                    .await;
                assert_eq!(r.status, StatusCode::FORBIDDEN, "{form} with {token:?}");
            }
        }
        let r = coach
            .post_raw("/coach/invite", &[("email", "ann@example.org".into())])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // Another session's token is not this session's.
        let theirs = coach.csrf.clone();
        let r = ann
            .post_raw(&forms[0], &[("_csrf", theirs), ("hours", "8".into())])
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        // API writes with the cookie need the token in X-CSRF-Token.
        let r = ann
            .json(
                "POST",
                &format!("/api/v1/athletes/{id}/events"),
                &json!({"at": "2026-03-11T20:00:00+01:00", "kind": "sleep", "hours": 8}),
            )
            .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(r.json()["error"]["code"], "csrf");
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn script_in_every_text_field_is_escaped() {
    let evil = "<script>alert(1)</script>";
    for url in urls("xss") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some(evil)).await.unwrap();
        for page in [
            format!("/athletes/{id}"),
            format!("/athletes/{id}/history"),
            format!("/athletes/{id}/log"),
        ] {
            let r = ann.get(&page).await;
            assert!(!r.body.contains(evil), "{page}");
            assert!(
                r.body.contains("&lt;script&gt;") || page.ends_with("/log"),
                "{page}"
            );
        }
        // Sign-up errors echo the fields back, escaped.
        let mut eve = Client::new(&state);
        eve.get("/signup").await;
        let r = eve
            .post(
                "/signup",
                &[
                    ("email", evil),
                    ("password", "x"),
                    ("role", "athlete"),
                    ("name", evil),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(!r.body.contains(evil));
        // Text fields of events: the exercise name and the edit box.
        ann.get(&format!("/athletes/{id}/log")).await;
        let r = ann
            .post(
                &format!("/athletes/{id}/log/strength"),
                &[("exercise", evil), ("sets", "3"), ("reps", "5")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(!r.body.contains(evil), "{}", r.body);
        ann.post(&format!("/athletes/{id}/log/quick"), &[("text", SQUAT)])
            .await;
        let e = events_of(&state, id).await[0].id;
        let r = ann
            .post(&format!("/athletes/{id}/events/{e}"), &[("json", evil)])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(!r.body.contains(evil));
        let r = ann.post("/settings/tokens", &[("name", evil)]).await;
        assert!(!r.body.contains(evil));
        let mut coach = Client::new(&state);
        coach.sign_up("coach@example.org", None).await;
        let r = coach.post("/coach/invite", &[("email", evil)]).await;
        assert!(!r.body.contains(evil));
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_rate_limit_password_change_and_headers() {
    for url in urls("auth") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        ann.sign_up("ann@example.org", Some("ann")).await;
        let r = ann.get("/settings").await;
        for h in [
            "content-security-policy",
            "x-frame-options",
            "x-content-type-options",
        ] {
            assert!(r.headers.contains_key(h), "{h}");
        }
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("default-src 'self'")
                && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline")
        );
        let cookie = Client::new(&state)
            .sign_in("ann@example.org", "correct horse battery", "192.0.2.1:1000")
            .await
            .cookie
            .unwrap();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
            "{cookie}"
        );
        // Wrong password, unknown email: the same answer.
        let mut eve = Client::new(&state);
        let a = eve
            .sign_in("ann@example.org", "wrong", "192.0.2.1:1000")
            .await;
        let b = eve
            .sign_in("nobody@example.org", "wrong", "192.0.2.1:1000")
            .await;
        assert_eq!(
            (a.status, b.status),
            (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED)
        );
        let mut limited = false;
        for _ in 0..12 {
            let r = eve
                .sign_in("ann@example.org", "wrong", "192.0.2.1:1000")
                .await;
            limited |= r.status == StatusCode::TOO_MANY_REQUESTS;
        }
        assert!(limited, "sign-in is rate-limited");
        // Password change: wrong current refused; then the old password no longer works.
        ann.get("/settings").await;
        let r = ann
            .post(
                "/settings/password",
                &[("current", "nope"), ("new", "another long one")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = ann
            .post(
                "/settings/password",
                &[
                    ("current", "correct horse battery"),
                    ("new", "another long one"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            ann.get("/settings").await.status == StatusCode::OK,
            "this session stays"
        );
        assert!(state
            .store
            .user_by_email("ann@example.org")
            .await
            .unwrap()
            .unwrap()
            .password_hash
            .starts_with("$argon2id$"));
        assert_eq!(Client::new(&state).get("/healthz").await.body, "ok");
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_with_a_token_json_errors_and_pagination() {
    for url in urls("api") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        let r = ann.post("/settings/tokens", &[("name", "script")]).await;
        let i = r.body.find("id=\"new-token\">").unwrap() + 15;
        let token = r.body[i..i + 64].to_string();
        let mut script = Client::new(&state);
        script.bearer = Some(token);
        let r = script
            .json(
                "POST",
                &format!("/api/v1/athletes/{id}/events"),
                &json!({"at": "2026-03-11T20:00:00+01:00", "kind": "sleep", "hours": 8}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let r = script
            .json(
                "POST",
                &format!("/api/v1/athletes/{id}/events"),
                &json!({"at": "2026-03-11T20:00:00+01:00", "kind": "sleep", "hours": -1}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(r.json()["error"]["code"], "invalid");
        let r = script
            .get(&format!("/api/v1/athletes/{id}/events?limit=1&offset=0"))
            .await;
        assert_eq!(
            (
                r.json()["total"].clone(),
                r.json()["items"].as_array().unwrap().len()
            ),
            (json!(1), 1)
        );
        let r = script
            .get(&format!("/api/v1/athletes/{id}/events?limit=0"))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(r.json()["error"]["field"], "limit");
        let r = script.get("/api/v1/status").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(
            r.json()["points"][0]["muscles"].as_object().unwrap().len(),
            17
        );
        let r = script.get(&format!("/api/v1/athletes/{id}/plan")).await;
        assert!(r.json()["decision"].is_string(), "{}", r.body);
        assert_eq!(
            script.get("/api/v1/athletes/abc").await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            script.get("/api/v1/nothing").await.json()["error"]["code"],
            "not_found"
        );
        let doc = script.get("/api/openapi.json").await.json();
        assert_eq!(doc["openapi"], "3.1.0");
        script.bearer = Some("0".repeat(64));
        assert_eq!(
            script.get("/api/v1/status").await.status,
            StatusCode::UNAUTHORIZED
        );
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_and_sign_up_need_the_pre_session_token() {
    for url in urls("pre-csrf") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        ann.sign_up("ann@example.org", Some("ann")).await;
        // A cross-site form knows neither the cookie nor the token: refused, with a fresh form.
        for path in ["/signin", "/signup"] {
            let mut eve = Client::new(&state);
            let fields = [
                ("email", "ann@example.org".to_string()),
                ("password", "correct horse battery".to_string()),
                ("role", "coach".to_string()),
            ];
            let r = eve.post_raw(path, &fields).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}: {}", r.body);
            assert!(r.cookie.as_deref().unwrap().starts_with("myo_pre="));
            // The cookie alone (a token guessed or from another form) is not enough.
            let mut forged = fields.to_vec();
            forged.push(("_csrf", "0".repeat(64)));
            let r = eve.post_raw(path, &forged).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
            // The token alone, without its cookie, neither.
            let token = eve.csrf.clone();
            let mut no_cookie = Client::new(&state);
            let mut with_token = fields.to_vec();
            with_token.push(("_csrf", token));
            let r = no_cookie.post_raw(path, &with_token).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        }
        let mut ok = Client::new(&state);
        let r = ok
            .sign_in("ann@example.org", "correct horse battery", "192.0.2.7:1")
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let pre = Client::new(&state).get("/signin").await.cookie.unwrap();
        assert!(
            pre.contains("HttpOnly") && pre.contains("SameSite=Strict"),
            "{pre}"
        );
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rate_limit_keys_on_the_socket_unless_a_proxy_is_trusted() {
    for trust_proxy in [false, true] {
        let url = urls("limit").remove(0);
        let mut state = app(&url).await;
        state.config = std::sync::Arc::new(myo_web::Config {
            trust_proxy,
            ..(*state.config).clone()
        });
        let mut ann = Client::new(&state);
        ann.sign_up("ann@example.org", Some("ann")).await;
        // More wrong passwords than SOURCE_ATTEMPTS_PER_MINUTE for different emails from one
        // socket, each claiming another address in X-Forwarded-For.
        let mut statuses = Vec::new();
        for k in 0..myo_web::auth::SOURCE_ATTEMPTS_PER_MINUTE + 2 {
            let mut eve = Client::new(&state);
            eve.get("/signin").await;
            let body = format!(
                "_csrf={}&email=nobody{k}%40example.org&password=wrong",
                eve.csrf
            );
            let mut req = eve
                .base("POST", "/signin")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("x-forwarded-for", format!("198.51.100.{k}"))
                .body(axum::body::Body::from(body))
                .unwrap();
            req.extensions_mut().insert(axum::extract::ConnectInfo(
                "192.0.2.1:4000".parse::<std::net::SocketAddr>().unwrap(),
            ));
            statuses.push(eve.send(req).await.status.as_u16());
        }
        let limited = statuses.contains(&429);
        assert_eq!(
            limited, !trust_proxy,
            "trust_proxy {trust_proxy}: {statuses:?}"
        );
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_profile_and_its_time_zone_are_edited_in_settings() {
    for url in urls("profile") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        let page = ann.get("/settings").await;
        assert!(page.body.contains("Save profile"), "{}", page.body);
        assert!(
            page.body.contains("value=\"+01:00\""),
            "the current zone is filled in"
        );
        let profile = |zone: &'static str, age: &'static str| {
            vec![
                ("sex", "female"),
                ("age", age),
                ("body_mass_kg", "63.5"),
                ("training_status", "trained"),
                ("resting_hr", "50"),
                ("conditions", "smoker"),
                ("time_zone", zone),
            ]
        };
        // A misspelt zone and an age out of range: 422, the page says which field and why.
        let r = ann
            .post("/settings/profile", &profile("Europe/Olso", "31"))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            r.body.contains("did you mean &quot;Europe/Oslo&quot;"),
            "{}",
            r.body
        );
        let r = ann
            .post("/settings/profile", &profile("Europe/Oslo", "5"))
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("age"), "{}", r.body);
        assert_eq!(
            state
                .store
                .athlete_by_id(id)
                .await
                .unwrap()
                .profile
                .time_zone
                .to_string(),
            "+01:00",
            "nothing was written"
        );
        let r = ann
            .post("/settings/profile", &profile("europe/oslo", "31"))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("Profile saved."));
        let p = state.store.athlete_by_id(id).await.unwrap().profile;
        assert_eq!(
            (
                p.time_zone.to_string().as_str(),
                p.age,
                p.body_mass_kg,
                p.resting_hr
            ),
            ("Europe/Oslo", 31.0, 63.5, Some(50.0))
        );
        assert_eq!(p.conditions, [myo_model::Condition::Smoker]);
        // A form's local time in summer is read at summer time.
        ann.get(&format!("/athletes/{id}/log")).await;
        let r = ann
            .post(
                &format!("/athletes/{id}/log/sleep"),
                &[("hours", "8"), ("at", "2025-07-01T23:00")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let events = events_of(&state, id).await;
        assert_eq!(
            myo_store::events::format_at(&events[0].at),
            "2025-07-01T23:00:00+02:00"
        );
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_are_pages_with_the_menu_for_people_and_json_for_the_api() {
    for url in urls("errors") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        let html = |r: &crate::helpers::Reply| {
            r.headers
                .get(header::CONTENT_TYPE)
                .is_some_and(|v| v.to_str().unwrap().starts_with("text/html"))
        };
        // No such page: the site's page, with the menu and a way back.
        let r = ann.get("/no/such/page").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert!(html(&r), "{:?}", r.headers);
        assert!(r.body.contains("Page not found"), "{}", r.body);
        assert!(
            r.body.contains(&format!("href=\"/athletes/{id}/log\"")),
            "the menu"
        );
        // A path that does not parse, a wrong method: pages too, saying what went wrong.
        let r = ann.get("/athletes/abc").await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(html(&r) && r.body.contains("Sign out"), "{}", r.body);
        let r = ann.post("/settings", &[]).await;
        assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
        assert!(html(&r) && r.body.contains("does not take"), "{}", r.body);
        // A handler's own error page gains the menu.
        let r = ann.get("/athletes/999/log").await;
        assert!(r.status.is_client_error());
        assert!(html(&r) && r.body.contains("Sign out"), "{}", r.body);
        // Over the body limit: 413 with the limit named.
        let big = "x".repeat(myo_web::BODY_LIMIT + 10);
        let r = ann
            .post_raw(&format!("/athletes/{id}/log/quick"), &[("text", big)])
            .await;
        assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(html(&r) && r.body.contains("16 MB limit"), "{}", r.body);
        // The API answers JSON with a code, whatever went wrong.
        for (uri, status, code) in [
            ("/api/v1/nothing", StatusCode::NOT_FOUND, "not_found"),
            (
                "/api/v1/athletes/abc",
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid",
            ),
            ("/api/v1/events", StatusCode::NOT_FOUND, "not_found"),
        ] {
            let r = ann.get(uri).await;
            assert_eq!(r.status, status, "{uri}");
            assert_eq!(r.json()["error"]["code"], code, "{uri}: {}", r.body);
        }
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_error_shows_beside_its_field_and_keeps_what_was_typed() {
    for url in urls("form-errors") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        ann.get(&format!("/athletes/{id}/log")).await;
        let r = ann
            .post(
                &format!("/athletes/{id}/log/endurance"),
                &[
                    ("sport", "run"),
                    ("minutes", "99999"),
                    ("rpe", "6"),
                    ("at", "2026-03-11T18:00"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        // Effort measures people know, together: the form says which is used; the exercise
        // names' autocomplete has the common names too.
        assert!(
            r.body.contains("with several, myo uses power"),
            "{}",
            r.body
        );
        assert!(r
            .body
            .contains("<option value=\"back squat\">Barbell Squat</option>"));
        // The log page again, with its menu, the endurance form open and filled in.
        assert!(r.body.contains("Sign out") && r.body.contains("<h1>Log for ann</h1>"));
        assert!(
            r.body.contains("<details class=\"kind\" open>"),
            "the form is open"
        );
        assert!(
            r.body.contains("value=\"99999\""),
            "the typed value is kept"
        );
        assert!(
            r.body.contains("value=\"2026-03-11T18:00\""),
            "and the time"
        );
        let error = r
            .body
            .find("id=\"endurance-minutes-error\"")
            .expect("the error");
        let input = r.body.find("id=\"endurance-minutes\"").expect("the input");
        assert!(
            error < input,
            "the message sits beside (just above) the field"
        );
        assert!(r
            .body
            .contains("aria-describedby=\"endurance-minutes-error\""));
        // The quick form keeps its text.
        let r = ann
            .post(
                &format!("/athletes/{id}/log/quick"),
                &[("text", "Barbell Squat 5x5 100kg\nflying 3h")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert!(
            r.body
                .contains("Barbell Squat 5x5 100kg\nflying 3h</textarea>"),
            "{}",
            r.body
        );
        assert!(r.body.contains("id=\"quick-text-error\""));
        // Nothing was written.
        let events = events_of(&state, id).await;
        assert!(events.is_empty());
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn history_reads_in_words_and_events_are_edited_in_their_own_form() {
    for url in urls("history") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        ann.get(&format!("/athletes/{id}/log")).await;
        for (kind, fields) in [
            (
                "quick",
                vec![
                    ("text", "Barbell Squat 5x5 100kg\nrun 30m rpe6"),
                    ("at", "2026-03-11T18:00"),
                ],
            ),
            (
                "soreness",
                vec![("quadriceps", "6"), ("at", "2026-03-11T20:00")],
            ),
        ] {
            let r = ann
                .post(&format!("/athletes/{id}/log/{kind}"), &fields)
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
        let page = ann.get(&format!("/athletes/{id}/history")).await;
        assert!(page.body.contains("Wednesday 11 March 2026"), "by day");
        assert!(
            page.body.contains("Barbell Squat 5×5 100 kg"),
            "{}",
            page.body
        );
        assert!(page.body.contains("run, 30 min, RPE 6"), "{}", page.body);
        assert!(!page.body.contains("{&quot;"), "no JSON");
        let only = ann
            .get(&format!("/athletes/{id}/history?kind=endurance"))
            .await;
        assert!(only.body.contains("run, 30 min") && !only.body.contains("Barbell Squat"));
        let bad = ann.get(&format!("/athletes/{id}/history?kind=nap")).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

        let events = events_of(&state, id).await;
        let strength = events
            .iter()
            .find(|e| e.kind().name() == "strength")
            .unwrap();
        // The strength session's own form, filled in; a second exercise added on save.
        let form = ann
            .get(&format!("/athletes/{id}/events/{}", strength.id))
            .await;
        assert!(
            form.body.contains("value=\"Barbell Squat\""),
            "{}",
            form.body
        );
        assert!(form.body.contains("value=\"2026-03-11T18:00\""));
        assert!(
            !form.body.contains("event-json"),
            "no JSON for what the form shows"
        );
        let r = ann
            .post(
                &format!("/athletes/{id}/events/{}", strength.id),
                &[
                    ("exercise.name", "Barbell Squat"),
                    ("exercise.sets", "5"),
                    ("exercise.reps", "5"),
                    ("exercise.load_kg", "105"),
                    ("exercise.name", "Pullups"),
                    ("exercise.sets", "3"),
                    ("exercise.reps", "8"),
                    ("exercise.load_kg", ""),
                    ("at", "2026-03-11T18:30"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let saved = state.store.event(strength.id).await.unwrap();
        assert_eq!(
            saved.event.in_words(),
            "Strength session: Barbell Squat 5×5 105 kg; Pullups 3×8 body weight"
        );
        assert_eq!(
            myo_store::events::format_at(&saved.at),
            "2026-03-11T18:30:00+01:00"
        );
        // An error keeps what was typed, beside the field.
        let r = ann
            .post(
                &format!("/athletes/{id}/events/{}", strength.id),
                &[
                    ("exercise.name", "Barbell Squat"),
                    ("exercise.sets", "500"),
                    ("exercise.reps", "5"),
                    ("exercise.load_kg", "105"),
                    ("at", "2026-03-11T18:30"),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(r.body.contains("value=\"500\""), "{}", r.body);
        // A soreness map is edited as JSON (the form cannot show it), nothing lost.
        let sore = events
            .iter()
            .find(|e| e.kind().name() == "observation")
            .unwrap();
        let form = ann.get(&format!("/athletes/{id}/events/{}", sore.id)).await;
        assert!(form.body.contains("event-json"), "{}", form.body);
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_from_the_offline_queue_is_logged_once() {
    for url in urls("queued") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        ann.get(&format!("/athletes/{id}/log")).await;
        let form = [
            ("text", "run 30m rpe6"),
            ("at", "2026-03-11T07:15"),
            ("queued", "1"),
        ];
        for _ in 0..2 {
            let r = ann.post(&format!("/athletes/{id}/log/quick"), &form).await;
            assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        }
        let count = |state: &myo_web::AppState| {
            let store = state.store.clone();
            async move {
                store
                    .events(&myo_store::EventFilter {
                        athlete_id: Some(id),
                        ..Default::default()
                    })
                    .await
                    .unwrap()
                    .len()
            }
        };
        assert_eq!(
            count(&state).await,
            1,
            "a retry of a queued entry adds nothing"
        );
        // Typed twice by hand (no queue), the same entry is two entries.
        for _ in 0..2 {
            let r = ann
                .post(
                    &format!("/athletes/{id}/log/quick"),
                    &[("text", "run 30m rpe6"), ("at", "2026-03-11T07:15")],
                )
                .await;
            assert_eq!(r.status, StatusCode::SEE_OTHER);
        }
        assert_eq!(events_of(&state, id).await.len(), 3);
        state.store.close().await;
    }
}
