//! Account basics: API tokens listed, named, expiring and revoked one by one.

use axum::http::StatusCode;

use crate::helpers::{app, urls, Client};

fn new_token(body: &str) -> String {
    let i = body.find("id=\"new-token\">").unwrap() + 15;
    body[i..i + 64].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_tokens_are_listed_expire_and_are_revoked_one_by_one() {
    for url in urls("tokens") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        ann.sign_up("ann@example.org", Some("ann")).await;
        let r = ann.post("/settings/tokens", &[("name", "sync")]).await;
        let sync = new_token(&r.body);
        // 90 days by default, shown.
        assert!(
            r.body.contains("sync") && r.body.contains("expires 2026-06-"),
            "{}",
            r.body
        );
        let r = ann
            .post("/settings/tokens", &[("name", "short"), ("days", "1")])
            .await;
        let short = new_token(&r.body);
        let r = ann
            .post("/settings/tokens", &[("name", "never"), ("days", "9999")])
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let mut script = Client::new(&state);
        for t in [&sync, &short] {
            script.bearer = Some(t.clone());
            assert_eq!(script.get("/api/v1/status").await.status, StatusCode::OK);
        }
        // Two days later the one-day token is refused, the other still works.
        let later = myo_web::AppState::new(
            state.store.clone(),
            myo_web::Config {
                clock: myo_web::Clock::Fixed(crate::helpers::NOW_MS + 2 * 86_400_000),
                ..(*state.config).clone()
            },
        );
        let mut script = Client::new(&later);
        script.bearer = Some(short.clone());
        assert_eq!(
            script.get("/api/v1/status").await.status,
            StatusCode::UNAUTHORIZED
        );
        script.bearer = Some(sync.clone());
        assert_eq!(script.get("/api/v1/status").await.status, StatusCode::OK);
        // Revoking one leaves the other.
        let hash = myo_web::auth::token_hash(&short);
        ann.get("/settings").await;
        let r = ann
            .post(&format!("/settings/tokens/{hash}/revoke"), &[])
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let page = ann.get("/settings").await.body;
        assert!(page.contains("sync") && !page.contains("short"), "{page}");
        let mut script = Client::new(&state);
        script.bearer = Some(sync);
        assert_eq!(script.get("/api/v1/status").await.status, StatusCode::OK);
        // Another user cannot revoke it.
        let mut eve = Client::new(&state);
        eve.sign_up("eve@example.org", Some("eve")).await;
        let hash = myo_web::auth::token_hash(script.bearer.as_ref().unwrap());
        let r = eve
            .post(&format!("/settings/tokens/{hash}/revoke"), &[])
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_is_exported_and_the_account_deleted_with_everything_of_it() {
    for url in urls("delete") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        let mut coach = Client::new(&state);
        coach.sign_up("coach@example.org", None).await;
        coach.get("/coach").await;
        coach
            .post("/coach/invite", &[("email", "ann@example.org")])
            .await;
        let event = myo_store::NewEvent::from_json(&serde_json::json!({
            "at": "2026-03-11T07:00:00+01:00", "kind": "endurance", "sport": "run",
            "minutes": 40, "rpe": 5
        }))
        .unwrap();
        state
            .store
            .add_event(id, &event, crate::helpers::NOW_MS)
            .await
            .unwrap();
        let json = ann.get("/settings/export.json").await;
        assert_eq!(json.status, StatusCode::OK);
        let v = json.json();
        assert_eq!(v["account"]["email"], "ann@example.org");
        assert!(v["account"].get("password_hash").is_none());
        assert_eq!(v["athlete"]["events"].as_array().unwrap().len(), 1);
        assert_eq!(v["coach_links"][0]["coach"], "coach@example.org");
        let csv = ann.get("/settings/export.csv").await;
        assert!(
            csv.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv"),
            "{:?}",
            csv.headers
        );
        let lines: Vec<&str> = csv.body.lines().collect();
        assert_eq!(lines[0], "id,at,kind,fields,source");
        assert!(
            lines[1].contains(",endurance,\"{\"\"minutes"),
            "{}",
            lines[1]
        );
        // Deleting needs the password and the typed confirmation.
        let r = ann
            .post(
                "/settings/delete",
                &[("password", "correct horse battery"), ("confirm", "yes")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = ann
            .post(
                "/settings/delete",
                &[("password", "wrong"), ("confirm", "DELETE")],
            )
            .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = ann
            .post(
                "/settings/delete",
                &[("password", "correct horse battery"), ("confirm", "DELETE")],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        assert_eq!(ann.get("/settings").await.status, StatusCode::SEE_OTHER);
        assert!(state
            .store
            .user_by_email("ann@example.org")
            .await
            .unwrap()
            .is_none());
        assert!(state.store.athlete_by_id(id).await.is_err());
        assert_eq!(state.store.count_events(None).await.unwrap(), 0);
        assert!(state
            .store
            .coach_links(
                state
                    .store
                    .user_by_email("coach@example.org")
                    .await
                    .unwrap()
                    .unwrap()
                    .id
            )
            .await
            .unwrap()
            .is_empty());
        // The email is free again.
        Client::new(&state)
            .sign_up("ann@example.org", Some("ann"))
            .await;
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_link_and_a_recovery_code_each_set_a_password_once() {
    for url in urls("recovery") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        ann.sign_up("ann@example.org", Some("ann")).await;
        let user = state
            .store
            .user_by_email("ann@example.org")
            .await
            .unwrap()
            .unwrap();
        // An administrator's link (what `myo admin reset-password` stores).
        let secret = myo_web::auth::secret();
        let now = crate::helpers::NOW_MS;
        state
            .store
            .add_password_reset(
                user.id,
                &myo_web::auth::token_hash(&secret),
                now + 3_600_000,
                now,
            )
            .await
            .unwrap();
        let mut anon = Client::new(&state);
        assert_eq!(
            anon.get(&format!("/reset?token={secret}")).await.status,
            StatusCode::OK
        );
        assert_eq!(
            anon.get("/reset?token=nope").await.status,
            StatusCode::NOT_FOUND
        );
        let weak = anon
            .post_raw(
                "/reset",
                &[("token", secret.clone()), ("password", "1234567890".into())],
            )
            .await;
        assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
        let r = anon
            .post_raw(
                "/reset",
                &[
                    ("token", secret.clone()),
                    ("password", "tulip ferry quantum ladle".into()),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        // Used up; the old session is over; the new password works.
        let r = anon
            .post_raw(
                "/reset",
                &[
                    ("token", secret),
                    ("password", "another tulip ferry ladle".into()),
                ],
            )
            .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);
        assert_eq!(ann.get("/settings").await.status, StatusCode::SEE_OTHER);
        let r = Client::new(&state)
            .sign_in(
                "ann@example.org",
                "tulip ferry quantum ladle",
                "192.0.2.3:1",
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        // Recovery codes from Settings, shown once.
        let mut ann = Client::new(&state);
        ann.sign_in(
            "ann@example.org",
            "tulip ferry quantum ladle",
            "192.0.2.3:1",
        )
        .await;
        ann.get("/settings").await;
        let page = ann.post("/settings/recovery", &[]).await.body;
        let i = page.find("id=\"recovery-codes\"").unwrap();
        let code = &page[i..];
        let code = &code[code.find("<code>").unwrap() + 6..];
        let code = code[..code.find('<').unwrap()].to_string();
        assert_eq!(code.len(), 19, "{code}");
        assert!(ann
            .get("/settings")
            .await
            .body
            .contains("You have 8 unused"));
        let forgot = |email: &'static str, code: String, password: &'static str| {
            let state = state.clone();
            async move {
                let mut c = Client::new(&state);
                c.get("/forgot").await;
                c.post(
                    "/forgot",
                    &[("email", email), ("code", &code), ("password", password)],
                )
                .await
            }
        };
        let wrong = forgot(
            "ann@example.org",
            "abcd-efgh-jkmn-pqrs".into(),
            "maple orbit cactus violin",
        )
        .await;
        let nobody = forgot("bob@example.org", code.clone(), "maple orbit cactus violin").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
        assert!(wrong.body.contains("Wrong email or recovery code."));
        // Typed in upper case with spaces: still the code.
        let typed = code.to_uppercase().replace('-', " ");
        let r = forgot(
            "ann@example.org",
            typed.clone(),
            "maple orbit cactus violin",
        )
        .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
        let again = forgot("ann@example.org", typed, "another maple orbit violin").await;
        assert_eq!(again.status, StatusCode::UNAUTHORIZED);
        let r = Client::new(&state)
            .sign_in(
                "ann@example.org",
                "maple orbit cactus violin",
                "192.0.2.4:1",
            )
            .await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_shows_recovery_codes_once() {
    let url = urls("welcome").remove(0);
    let state = app(&url).await;
    let mut ann = Client::new(&state);
    ann.get("/signup").await;
    let r = ann
        .post(
            "/signup",
            &[
                ("email", "ann@example.org"),
                ("password", "correct horse battery"),
                ("role", "athlete"),
                ("name", "ann"),
                ("sex", "female"),
                ("age", "30"),
                ("body_mass_kg", "62"),
                ("training_status", "recreational"),
            ],
        )
        .await;
    // The codes are in sign-up's answer itself (nothing keeps them for a later request), with
    // the new session and a way on.
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let first = r.body;
    assert!(first.contains("Continue"), "{first}");
    let i = first
        .find("id=\"recovery-codes\"")
        .expect("codes in sign-up's answer");
    let code = &first[i..];
    let code = &code[code.find("<code>").unwrap() + 6..];
    let code = code[..code.find('<').unwrap()].to_string();
    let home = ann.get("/").await;
    assert!(!home.body.contains(&code), "shown once");
    assert!(
        !ann.get("/settings").await.body.contains(&code),
        "shown once"
    );
    let mut c = Client::new(&state);
    c.get("/forgot").await;
    let r = c
        .post(
            "/forgot",
            &[
                ("email", "ann@example.org"),
                ("code", &code),
                ("password", "maple orbit cactus violin"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    state.store.close().await;
}
