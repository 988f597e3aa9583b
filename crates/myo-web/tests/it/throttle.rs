//! Throttles and what they must not reveal: guesses from many addresses do not lock the
//! owner out; password changes, bad API tokens, sign-ups and invitations are throttled; an
//! invitation answers the same whether the email has an account.

use axum::http::StatusCode;

use crate::helpers::{app, enc, urls, Client, Reply};

/// Signs in from `address` as a proxy in front would report it.
async fn sign_in_via(
    state: &myo_web::AppState,
    email: &str,
    password: &str,
    address: &str,
) -> Reply {
    let mut c = Client::new(state);
    c.get("/signin").await;
    let body = format!(
        "_csrf={}&email={}&password={}",
        c.csrf,
        enc(email),
        enc(password)
    );
    let req = c
        .base("POST", "/signin")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("x-forwarded-for", address)
        .body(axum::body::Body::from(body))
        .unwrap();
    c.send(req).await
}

async fn behind_proxy(url: &str) -> myo_web::AppState {
    let mut state = app(url).await;
    state.config = std::sync::Arc::new(myo_web::Config {
        trust_proxy: true,
        ..(*state.config).clone()
    });
    state
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guesses_from_rotating_addresses_do_not_lock_the_owner_out() {
    let url = urls("lockout").remove(0);
    let state = behind_proxy(&url).await;
    Client::new(&state)
        .sign_up("ann@example.org", Some("ann"))
        .await;
    let guesses = myo_web::auth::ACCOUNT_ATTEMPTS_PER_HOUR + 5;
    for k in 0..guesses {
        let address = format!("198.51.{}.{}", k / 200, k % 200);
        let r = sign_in_via(&state, "ann@example.org", "wrong", &address).await;
        assert_ne!(r.status, StatusCode::SEE_OTHER);
    }
    // Under attack: an address that guessed already waits ...
    let r = sign_in_via(&state, "ann@example.org", "wrong", "198.51.0.1").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.body);
    // ... and the owner from a new address gets in.
    let r = sign_in_via(
        &state,
        "ann@example.org",
        "correct horse battery",
        "203.0.113.9",
    )
    .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    state.store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn password_changes_and_bad_tokens_are_throttled() {
    let url = urls("throttled").remove(0);
    let state = app(&url).await;
    let mut ann = Client::new(&state);
    ann.sign_up("ann@example.org", Some("ann")).await;
    let mut statuses = Vec::new();
    for _ in 0..myo_web::auth::ATTEMPTS_PER_MINUTE + 1 {
        ann.get("/settings").await;
        let r = ann
            .post(
                "/settings/password",
                &[("current", "guess"), ("new", "a much longer one")],
            )
            .await;
        statuses.push(r.status.as_u16());
    }
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
    let mut eve = Client::new(&state);
    let mut statuses = Vec::new();
    for k in 0..myo_web::auth::BAD_TOKENS_PER_MINUTE + 1 {
        eve.bearer = Some(format!("{k:064}"));
        statuses.push(eve.get("/api/v1/status").await.status.as_u16());
    }
    assert_eq!(statuses[0], 401);
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
    // Past the limit, a flood is refused from memory: no more counter writes.
    let written = || async {
        let (n,): (i64,) = sqlx::query_as("SELECT CAST(SUM(tries) AS BIGINT) FROM throttles")
            .fetch_one(state.store.pool())
            .await
            .unwrap();
        n
    };
    let before = written().await;
    for k in 0..20 {
        eve.bearer = Some(format!("{:064}", 100 + k));
        assert_eq!(
            eve.get("/api/v1/status").await.status,
            StatusCode::TOO_MANY_REQUESTS
        );
    }
    assert_eq!(written().await, before, "refused tries are not written");
    // A valid token from the same address still works.
    let r = ann.post("/settings/tokens", &[("name", "script")]).await;
    let i = r.body.find("id=\"new-token\">").unwrap() + 15;
    eve.bearer = Some(r.body[i..i + 64].to_string());
    assert_eq!(eve.get("/api/v1/status").await.status, StatusCode::OK);
    state.store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invitations_answer_the_same_for_any_email_and_are_throttled() {
    let url = urls("invites").remove(0);
    let state = app(&url).await;
    let mut ann = Client::new(&state);
    ann.sign_up("ann@example.org", Some("ann")).await;
    let mut coach = Client::new(&state);
    coach.sign_up("coach@example.org", None).await;
    coach.get("/coach").await;
    let known = coach
        .post("/coach/invite", &[("email", "ann@example.org")])
        .await;
    let unknown = coach
        .post("/coach/invite", &[("email", "bob@example.org")])
        .await;
    assert_eq!(
        (known.status, &known.location),
        (unknown.status, &unknown.location)
    );
    let page = coach.get("/coach").await.body;
    assert!(
        page.contains("ann@example.org") && page.contains("bob@example.org"),
        "{page}"
    );
    // Bob signs up later: the invitation is waiting for him.
    let mut bob = Client::new(&state);
    bob.sign_up("bob@example.org", Some("bob")).await;
    let settings = bob.get("/settings").await.body;
    assert!(settings.contains("coach@example.org"), "{settings}");
    let mut limited = false;
    for k in 0..myo_web::auth::ATTEMPTS_PER_MINUTE + 1 {
        let r = coach
            .post("/coach/invite", &[("email", &format!("x{k}@example.org"))])
            .await;
        limited |= r.status == StatusCode::TOO_MANY_REQUESTS;
    }
    assert!(limited);
    state.store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_tls_the_session_cookie_is_host_prefixed_and_weak_passwords_are_refused() {
    let url = urls("host_cookie").remove(0);
    let mut state = app(&url).await;
    state.config = std::sync::Arc::new(myo_web::Config {
        tls: true,
        ..(*state.config).clone()
    });
    let mut weak = Client::new(&state);
    weak.get("/signup").await;
    let r = weak
        .post(
            "/signup",
            &[
                ("email", "bob@example.org"),
                ("password", "password12"),
                ("role", "coach"),
            ],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("too easy to guess"), "{}", r.body);
    let mut ann = Client::new(&state);
    ann.sign_up("ann@example.org", Some("ann")).await;
    let cookie = ann.cookie.clone().unwrap();
    assert!(cookie.contains("__Host-myo_session="), "{cookie}");
    assert_eq!(ann.get("/settings").await.status, StatusCode::OK);
    let r = sign_in_via(
        &state,
        "ann@example.org",
        "correct horse battery",
        "192.0.2.7",
    )
    .await;
    let set = r.cookie.unwrap();
    assert!(
        set.starts_with("__Host-myo_session=")
            && set.contains("; Secure")
            && set.contains("Path=/"),
        "{set}"
    );
    assert!(!set.contains("Domain="));
    state.store.close().await;
}
