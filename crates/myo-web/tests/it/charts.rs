//! The dashboard's charts: the forecast's band of similar athletes after a hard session, HRV
//! with its normal range (or how to log it), fitness / fatigue / form, and escaped text.

use axum::http::StatusCode;
use myo_store::NewEvent;
use myo_web::chart::{self, Plot, Series};

use crate::helpers::{app, urls, Client, NOW_MS};

const DAY_MS: i64 = 86_400_000;

/// Heavy eccentric squats to failure, the evening before `NOW_MS`.
fn hard_session() -> Vec<NewEvent> {
    vec![NewEvent::from_json(&serde_json::json!({
        "at": "2026-03-11T18:00:00+01:00", "kind": "strength", "rpe": 9,
        "exercise": [{"name": "Barbell Squat", "sets": 6, "reps": 8, "pct_1rm": 80,
                      "contraction": "eccentric", "to_failure": true}],
    }))
    .unwrap()]
}

/// The figure whose caption starts with `title`.
fn figure<'a>(body: &'a str, title: &str) -> &'a str {
    body.split("<figure class=\"chart\">")
        .skip(1)
        .find(|f| f.starts_with(&format!("<figcaption><strong>{title}</strong>")))
        .map(|f| &f[..f.find("</figure>").unwrap()])
        .unwrap_or_else(|| panic!("no {title} chart in {body}"))
}

/// The points of every `<polygon>` in `svg`.
fn polygons(svg: &str) -> Vec<Path> {
    svg.split("<polygon")
        .skip(1)
        .map(|p| {
            let start = p.find("points=\"").unwrap() + 8;
            let end = start + p[start..].find('"').unwrap();
            p[start..end]
                .split_whitespace()
                .map(|xy| {
                    let (x, y) = xy.split_once(',').unwrap();
                    (x.parse().unwrap(), y.parse().unwrap())
                })
                .collect()
        })
        .collect()
}

type Path = Vec<(i32, i32)>;

/// The band's upper and lower paths (a polygon is the upper edge, then the lower reversed).
fn edges(polygon: &[(i32, i32)]) -> (Path, Path) {
    let n = polygon.len() / 2;
    let upper = polygon[..n].to_vec();
    let lower = polygon[n..].iter().rev().copied().collect();
    (upper, lower)
}

/// The x of the "now" marker: the orange vertical line.
fn now_x(svg: &str) -> i32 {
    let marker = svg
        .split("<polyline")
        .skip(1)
        .find(|p| p.contains("stroke=\"#E07B00\""))
        .expect("a now marker");
    let start = marker.find("points=\"").unwrap() + 8;
    marker[start..].split(',').next().unwrap().parse().unwrap()
}

fn morning_hrv(days: i64) -> Vec<NewEvent> {
    (1..=days)
        .map(|k| {
            let day = chrono::DateTime::from_timestamp_millis(NOW_MS - k * DAY_MS).unwrap();
            let rmssd = if k % 2 == 0 { 58.0 } else { 66.0 };
            NewEvent::from_json(&serde_json::json!({
                "at": format!("{}T06:30:00+01:00", day.format("%Y-%m-%d")),
                "kind": "observation",
                "rmssd_ms": rmssd,
            }))
            .unwrap()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_hard_session_the_forecast_has_a_band_that_opens_after_now() {
    for url in urls("band") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        state
            .store
            .add_batch(id, None, &hard_session(), NOW_MS)
            .await
            .unwrap();
        for page in [
            format!("/athletes/{id}"),
            format!("/athletes/{id}/muscles/quadriceps"),
        ] {
            let r = ann.get(&page).await;
            assert_eq!(r.status, StatusCode::OK);
            assert!(!r.body.contains("style="), "no inline styles (CSP)");
            let force = figure(&r.body, "Force");
            assert!(force.contains("role=\"img\""), "{force}");
            assert!(force.contains("aria-label=\"Force: Force over the last"));
            assert!(force.contains("10–90% of similar athletes"));
            let bands = polygons(force);
            assert_eq!(bands.len(), 1, "{page}: one band");
            let (upper, lower) = edges(&bands[0]);
            let now = now_x(force);
            // The band starts at now (the past is the log's) and opens after it.
            assert!(upper.iter().all(|(x, _)| *x >= now - 1), "{page}");
            assert!(
                upper.iter().zip(&lower).any(|(u, l)| l.1 - u.1 >= 3),
                "{page}: upper {upper:?}, lower {lower:?}"
            );
        }
        // The dashboard's slowest group is the quadriceps; fitness/fatigue/form is charted.
        let d = ann.get(&format!("/athletes/{id}")).await;
        assert!(d.body.contains("Slowest to recover:"), "{}", d.body);
        assert!(d.body.contains("/muscles/quadriceps\">Quadriceps</a>"));
        let load = figure(&d.body, "Fitness, fatigue and form");
        assert!(load.contains("fitness (42-day)") && load.contains("fatigue (7-day)"));
        // The quadriceps' ready times carry their range over similar athletes.
        let row = d
            .body
            .split("<tr data-group=\"quadriceps\">")
            .nth(1)
            .unwrap();
        let row = &row[..row.find("</tr>").unwrap()];
        assert!(row.contains("class=\"spread\""), "{row}");
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hrv_readings_are_charted_with_their_normal_range_and_a_verdict() {
    for url in urls("hrv") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        state
            .store
            .add_batch(id, None, &morning_hrv(40), NOW_MS)
            .await
            .unwrap();
        state
            .store
            .add_batch(id, None, &hard_session(), NOW_MS)
            .await
            .unwrap();
        let d = ann.get(&format!("/athletes/{id}")).await;
        assert!(!d.body.contains("No HRV readings"), "{}", d.body);
        let hrv = figure(&d.body, "Morning HRV");
        // 40 mornings: dots; the 7-day mean; the normal range shaded.
        assert_eq!(
            hrv.matches("<circle").count(),
            40 + 2,
            "40 readings + legend"
        );
        assert_eq!(polygons(hrv).len(), 1, "the normal range");
        assert!(hrv.contains("normal range: 60-day mean ± 0.5 SD"));
        assert!(hrv.contains("7-day mean") && hrv.contains("lnRMSSD (ln ms)"));
        assert!(
            d.body
                .contains("Last reading Wed 11 Mar: 7-day HRV <strong>within your normal range"),
            "{}",
            d.body
        );
        assert!(d.body.contains("HRV suggests: train as planned."));
        // And the forecast's band.
        let (upper, lower) = edges(&polygons(figure(&d.body, "Force"))[0]);
        assert!(upper.iter().zip(&lower).any(|(u, l)| l.1 - u.1 >= 3));
        state.store.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_hrv_readings_the_dashboard_says_how_to_log_them() {
    for url in urls("nohrv") {
        let state = app(&url).await;
        let mut ann = Client::new(&state);
        let id = ann.sign_up("ann@example.org", Some("ann")).await.unwrap();
        let d = ann.get(&format!("/athletes/{id}")).await;
        assert!(d.body.contains("No HRV readings in the log yet."));
        assert!(d.body.contains("(&quot;HRV rMSSD, ms&quot;)"), "{}", d.body);
        assert!(!d.body.contains("Morning HRV"));
        assert!(d.body.contains("No training logged yet"));
        assert!(d.body.contains("Whole-body readiness"));
        state.store.close().await;
    }
}

#[test]
fn text_in_charts_is_escaped() {
    let evil = "<script>alert(1)</script>";
    let html = chart::timeline(&Series {
        title: evil,
        unit: evil,
        points: vec![(-24.0, 1.0), (0.0, 2.0), (24.0, 3.0)],
        y_min: 0.0,
        y_max: 5.0,
        band: vec![(0.0, 2.0, 2.0), (24.0, 2.0, 4.0)],
    })
    .into_string();
    assert!(!html.contains(evil), "{html}");
    assert!(html.contains("&lt;script&gt;"));
    // Text plotters writes itself (tick labels, axis titles) is escaped by it.
    let tick = |_: f64| evil.to_string();
    let html = chart::figure(&Plot {
        title: "t",
        now_text: Some(evil.into()),
        description: evil.into(),
        x_label: evil,
        y_label: evil.into(),
        x_range: (0.0, 1.0),
        y_range: (0.0, 1.0),
        x_tick: &tick,
        y_decimals: 0,
        now_at: None,
        zero_line: false,
        areas: Vec::new(),
        lines: vec![chart::Line {
            label: evil.into(),
            points: vec![(0.0, 0.0), (1.0, 1.0)],
            colour: chart::INK,
            stroke: chart::Stroke::Solid,
            width: 2,
        }],
        dots: Vec::new(),
    })
    .into_string();
    assert!(!html.contains(evil), "{html}");
    assert!(html.matches("&lt;script&gt;").count() >= 5, "{html}");
}

/// The band from kept member states (the next minute, the next day) equals the band of a fresh
/// cache: a fresh cache steps every member from the shared history.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_band_resumed_from_kept_members_equals_a_fresh_one() {
    for url in urls("bandcache") {
        let store = myo_store::Store::open(&url).await.unwrap();
        let profile = crate::year::profile();
        let a = store.add_athlete("ann", &profile, true, 1).await.unwrap();
        let mut events: Vec<NewEvent> = crate::year::year_of_log()
            .into_iter()
            .filter(|e| e.at.timestamp_millis() > NOW_MS - 40 * DAY_MS)
            .collect();
        events.extend(hard_session());
        store.add_batch(a.id, None, &events, NOW_MS).await.unwrap();
        let kept = myo_web::data::Cache::default();
        kept.dashboard(&store, &a, NOW_MS).await.unwrap();
        for later in [NOW_MS + 60_000, NOW_MS + 20 * 3_600_000] {
            let resumed = kept.dashboard(&store, &a, later).await.unwrap();
            let fresh = myo_web::data::Cache::default()
                .dashboard(&store, &a, later)
                .await
                .unwrap();
            assert!(resumed.bands["quadriceps"].force_pct[resumed.now_index + 4].is_some());
            assert!(resumed.bands == fresh.bands, "at {later}");
        }
        store.close().await;
    }
}
