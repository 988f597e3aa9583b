//! The roster's rows are saved: after a restart, or while rows are being brought up to date,
//! the page shows each athlete's last computed state, marked with its time, instead of
//! waiting; rows computed meanwhile are saved and shown current on the next visit.

use std::time::Duration;

use myo_store::NewEvent;
use myo_web::{AppState, Clock, Config};

use crate::helpers::{app, urls, Client, NOW_MS};

/// A signed-in coach and their user id.
async fn coach(state: &AppState) -> (Client, i64) {
    let mut coach = Client::new(state);
    coach.sign_up("coach@example.org", None).await;
    let user = state.store.user_by_email("coach@example.org").await;
    (coach, user.unwrap().unwrap().id)
}

/// `data-fresh` of the row of `name`, and its readiness cell.
fn row(body: &str, name: &str) -> (String, String) {
    let start = body
        .find(&format!("data-athlete=\"{name}\""))
        .unwrap_or_else(|| panic!("no row for {name}: {body}"));
    let rest = &body[start..];
    let end = rest.find("</tr>").unwrap();
    let tr = &rest[..end];
    let fresh = tr.split("data-fresh=\"").nth(1).unwrap();
    let fresh = fresh[..fresh.find('"').unwrap()].to_string();
    let cells: Vec<&str> = tr.split("<td").collect();
    let readiness = cells
        .get(2)
        .map(|c| {
            let c = &c[c.find('>').unwrap() + 1..];
            c[..c.find("</td>").unwrap()].to_string()
        })
        .unwrap_or_default();
    (fresh, readiness)
}

/// The same store, as a server started afresh at `now_ms` would see it.
fn restarted(state: &AppState, now_ms: i64, wait_ms: u64) -> AppState {
    AppState::new(
        state.store.clone(),
        Config {
            roster_wait_ms: wait_ms,
            ..Config::new(Clock::Fixed(now_ms))
        },
    )
}

/// Waits until the background computations of `state`'s rosters are saved (at most 60 s).
async fn settled(state: &AppState, coach_id: i64, now_ms: i64) {
    for _ in 0..600 {
        let team = state.store.team(coach_id).await.unwrap();
        if team.iter().all(|m| {
            m.summary.as_ref().is_some_and(|s| {
                s.revision == m.athlete.revision && s.at_ms == now_ms / 60_000 * 60_000
            })
        }) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the roster's rows were not saved within 60 s");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_are_saved_and_shown_marked_until_brought_up_to_date() {
    for url in urls("roster") {
        let state = app(&url).await;
        let (mut coach, coach_id) = coach(&state).await;
        let mut ids = Vec::new();
        for name in ["ann", "bob"] {
            let mut a = Client::new(&state);
            let id = a
                .sign_up(&format!("{name}@example.org"), Some(name))
                .await
                .unwrap();
            let squat = NewEvent::from_json(&serde_json::json!({
                "at": "2026-03-10T18:00:00+01:00", "kind": "strength",
                "exercise": [{"name": "Barbell Squat", "sets": 5, "reps": 5, "load_kg": 60}]}))
            .unwrap();
            state.store.add_event(id, &squat, NOW_MS).await.unwrap();
            coach
                .post(
                    "/coach/invite",
                    &[("email", &format!("{name}@example.org"))],
                )
                .await;
            a.post(&format!("/coaches/{coach_id}/accept"), &[]).await;
            ids.push(id);
        }

        // First visit: nothing saved yet, and no time to wait: the rows are being computed.
        let cold = restarted(&state, NOW_MS, 0);
        coach.state = cold.clone();
        let r = coach.get("/coach").await;
        assert!(r.body.contains("http-equiv=\"refresh\""), "{}", r.body);
        let (fresh, _) = row(&r.body, "ann");
        assert_eq!(fresh, "computing", "{}", r.body);
        settled(&cold, coach_id, NOW_MS).await;

        // Once computed they are current, and the page no longer reloads itself.
        let r = coach.get("/coach").await;
        let (fresh, ann_now) = row(&r.body, "ann");
        assert_eq!(fresh, "now", "{}", r.body);
        assert!(ann_now.parse::<f64>().is_ok(), "{ann_now}");
        assert!(!r.body.contains("http-equiv=\"refresh\""));

        // A restart ten minutes later: the saved rows, marked with their time, at once.
        let later = NOW_MS + 10 * 60_000;
        let restarted_state = restarted(&state, later, 0);
        coach.state = restarted_state.clone();
        let r = coach.get("/coach").await;
        let (fresh, ann_then) = row(&r.body, "ann");
        assert_eq!(fresh, "as-of");
        assert_eq!(ann_then, ann_now);
        assert!(r.body.contains("as of 08:00"), "{}", r.body);
        settled(&restarted_state, coach_id, later).await;
        assert_eq!(row(&coach.get("/coach").await.body, "bob").0, "now");

        // A new entry: the row says it is updating (keeping the last state) until recomputed.
        let hard = NewEvent::from_json(&serde_json::json!({
            "at": "2026-03-12T07:30:00+01:00", "kind": "strength",
            "exercise": [{"name": "Barbell Squat", "sets": 10, "reps": 10, "load_kg": 80}]}))
        .unwrap();
        state.store.add_event(ids[0], &hard, later).await.unwrap();
        let changed = restarted(&state, later, 0);
        coach.state = changed.clone();
        let r = coach.get("/coach").await;
        let (fresh, _) = row(&r.body, "ann");
        assert_eq!(fresh, "updating");
        assert!(
            r.body.contains("updating (new entries since 08:10)"),
            "{}",
            r.body
        );
        assert_eq!(row(&r.body, "bob").0, "now");
        settled(&changed, coach_id, later).await;
        let (fresh, _) = row(&coach.get("/coach").await.body, "ann");
        assert_eq!(fresh, "now");
        state.store.close().await;
    }
}

/// With time to wait (100 ms by default; the tests give 60 s), out-of-date rows computed in time show current.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_roster_with_time_to_wait_shows_every_row_current() {
    for url in urls("roster-wait") {
        let state = app(&url).await;
        let (mut coach, coach_id) = coach(&state).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        // Yesterday's hard squats: today's plan keeps the legs out, with its reasons.
        let squat = NewEvent::from_json(&serde_json::json!({
            "at": "2026-03-11T18:00:00+01:00", "kind": "strength",
            "exercise": [{"name": "Barbell Squat", "sets": 8, "reps": 10, "load_kg": 80}]}))
        .unwrap();
        state.store.add_event(id, &squat, NOW_MS).await.unwrap();
        coach
            .post("/coach/invite", &[("email", "ann@example.org")])
            .await;
        ann.post(&format!("/coaches/{coach_id}/accept"), &[]).await;
        let r = coach.get("/coach").await;
        assert_eq!(row(&r.body, "ann").0, "now", "{}", r.body);
        assert!(!r.body.contains("http-equiv=\"refresh\""));
        // The "today" cell is the decision; the headline's reasons are its title.
        let headline = ann
            .get(
                "/api/v1/athletes/{id}/plan"
                    .replace("{id}", &id.to_string())
                    .as_str(),
            )
            .await
            .json()["headline"]
            .as_str()
            .unwrap()
            .to_string();
        let (decision, _) = headline
            .split_once(": ")
            .expect("a decision with its reasons");
        let cell = format!(
            "<td data-label=\"today\" title=\"{}\">{decision}</td>",
            maud::html! { (headline) }.into_string()
        );
        assert!(r.body.contains(&cell), "{cell} in {}", r.body);
        // Saved for the next server.
        settled(&state, coach_id, NOW_MS).await;
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_roster_shows_how_much_each_athlete_logs_and_a_coach_can_drop_one() {
    for url in urls("roster-activity") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        let (mut coach, _) = coach(&state).await;
        coach.get("/coach").await;
        coach
            .post("/coach/invite", &[("email", "ann@example.org")])
            .await;
        ann.get("/settings").await;
        let link = ann.get("/settings").await;
        assert!(
            link.body.contains("/accept"),
            "an invitation: {}",
            link.body
        );
        let coach_id = state
            .store
            .user_by_email("coach@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        ann.post(&format!("/coaches/{coach_id}/accept"), &[]).await;
        // Entries on two of the last seven days (NOW_MS is 2026-03-10 20:00 +01:00).
        for at in [
            "2026-03-09T07:00:00+01:00",
            "2026-03-10T07:00:00+01:00",
            "2026-03-10T08:00:00+01:00",
        ] {
            let e =
                NewEvent::from_json(&serde_json::json!({"at": at, "kind": "sleep", "hours": 8}))
                    .unwrap();
            state.store.add_event(id, &e, NOW_MS).await.unwrap();
        }
        let page = coach.get("/coach").await;
        assert!(
            page.body.contains("days logged, past week"),
            "{}",
            page.body
        );
        assert!(page.body.contains(">2 of 7<"), "{}", page.body);
        // The last entry's time (with its day when not today).
        let last = page
            .body
            .split("data-label=\"last entry\">")
            .nth(1)
            .unwrap();
        assert!(
            last.starts_with("08:00<") || last.starts_with("10 Mar 08:00<"),
            "{last}"
        );
        // The coach drops ann: the row goes, and the dashboard is no longer the coach's to see.
        let ann_user = state
            .store
            .user_by_email("ann@example.org")
            .await
            .unwrap()
            .unwrap()
            .id;
        let r = coach
            .post(&format!("/coach/athletes/{ann_user}/drop"), &[])
            .await;
        assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER, "{}", r.body);
        let page = coach.get("/coach").await;
        assert!(!page.body.contains("data-athlete=\"ann\""), "{}", page.body);
        let dash = coach.get(&format!("/athletes/{id}")).await;
        assert_eq!(dash.status, axum::http::StatusCode::NOT_FOUND);
        // Only one's own links: dropping again is a 404.
        let r = coach
            .post(&format!("/coach/athletes/{ann_user}/drop"), &[])
            .await;
        assert_eq!(r.status, axum::http::StatusCode::NOT_FOUND);
        state.store.close().await;
    }
}
