//! Several servers on one database (`docs/deploy.md`, "Several servers"): two app states,
//! each with its own connection pool, stand for two replicas behind a load balancer. A
//! session, a throttle and a roster are the same whichever one answers.

use axum::http::StatusCode;

use myo_store::NewEvent;

use crate::helpers::{app, urls, Client, NOW_MS};

/// The same browser talking to `state` instead: its cookie jar and CSRF token.
fn via(client: &Client, state: &myo_web::AppState) -> Client {
    let mut other = Client::new(state);
    other.cookie = client.cookie.clone();
    other.csrf = client.csrf.clone();
    other
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_share_sessions_throttles_and_answers() {
    for url in urls("replicas") {
        let a = app(&url).await;
        let b = app(&url).await;
        let mut ann_a = Client::new(&a);
        let id = ann_a.sign_up("ann@example.org", Some("ann")).await.unwrap();
        let squat = NewEvent::from_json(&serde_json::json!({
            "at": "2026-03-11T18:00:00+01:00", "kind": "strength",
            "exercise": [{"name": "Barbell Squat", "sets": 5, "reps": 5, "load_kg": 60}]}))
        .unwrap();
        a.store.add_event(id, &squat, NOW_MS).await.unwrap();

        // The session made on one works on the other, and both answer the same.
        let mut ann_b = via(&ann_a, &b);
        for path in [
            format!("/athletes/{id}"),
            format!("/athletes/{id}/muscles/quadriceps"),
            "/api/v1/status".to_string(),
        ] {
            let (from_a, from_b) = (ann_a.get(&path).await, ann_b.get(&path).await);
            assert_eq!(from_a.status, StatusCode::OK, "{path}: {}", from_a.body);
            assert_eq!(
                from_a.body, from_b.body,
                "{path} differs between replicas ({url})"
            );
        }

        // Wrong passwords counted together: alternate replicas, one address.
        let limit = myo_web::auth::ATTEMPTS_PER_MINUTE;
        for k in 0..limit {
            let state = if k % 2 == 0 { &a } else { &b };
            let r = Client::new(state)
                .sign_in("ann@example.org", "wrong horse", "192.0.2.7:1")
                .await;
            assert_eq!(r.status, StatusCode::UNAUTHORIZED, "try {k}: {}", r.body);
        }
        for state in [&a, &b] {
            let r = Client::new(state)
                .sign_in("ann@example.org", "correct horse battery", "192.0.2.7:1")
                .await;
            assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{url}");
        }

        // A coach's roster, computed by whichever replica claims each row, is the same on both.
        let mut coach_a = Client::new(&a);
        coach_a.sign_up("coach@example.org", None).await;
        let coach = a
            .store
            .user_by_email("coach@example.org")
            .await
            .unwrap()
            .unwrap();
        coach_a
            .post("/coach/invite", &[("email", "ann@example.org")])
            .await;
        ann_b
            .post(&format!("/coaches/{}/accept", coach.id), &[])
            .await;
        let mut coach_b = via(&coach_a, &b);
        let (from_a, from_b) = tokio::join!(coach_a.get("/coach"), coach_b.get("/coach"));
        assert_eq!(from_a.status, StatusCode::OK);
        let current = |body: &str| body.contains("data-fresh=\"now\"");
        // One replica computed the row (the other may have shown it as computing); once it is
        // saved both show it, the same.
        assert!(
            current(&from_a.body) || current(&from_b.body),
            "{}",
            from_a.body
        );
        let (again_a, again_b) = (coach_a.get("/coach").await, coach_b.get("/coach").await);
        assert!(current(&again_a.body), "{}", again_a.body);
        assert_eq!(again_a.body, again_b.body, "rosters differ ({url})");

        // Signing out on one ends the session on both.
        let r = ann_b.post("/signout", &[]).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
        let r = ann_a.get(&format!("/athletes/{id}")).await;
        assert_ne!(r.status, StatusCode::OK, "{url}");
        a.store.close().await;
        b.store.close().await;
    }
}
