//! Server-rendered pages (maud). Every POST form carries the session's CSRF token in a hidden
//! `_csrf` field, checked before anything else; another user's athlete is a 404, a coach's
//! attempt to write an athlete's log a 403.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup, DOCTYPE};
use myo_store::{Athlete, Role};

use crate::auth::Viewer;
use crate::error::WebError;
use crate::AppState;

mod account;
mod dashboard;
mod forms;
mod history;
mod log;
mod settings;

pub(crate) type Page = Result<Response, WebError>;
pub(crate) type Fields = Vec<(String, String)>;

pub const STYLE: &str = include_str!("../../assets/style.css");
pub const SCRIPT: &str = include_str!("../../assets/app.js");
/// The service worker that queues log forms sent offline (served at the root for its scope).
pub const SERVICE_WORKER: &str = include_str!("../../assets/sw.js");
/// The home-screen icons (drawn for myo), and the manifest that makes the app installable.
const ICON_192: &[u8] = include_bytes!("../../assets/icon-192.png");
const ICON_512: &[u8] = include_bytes!("../../assets/icon-512.png");
pub const MANIFEST: &str = r##"{
  "name": "myo: muscle recovery",
  "short_name": "myo",
  "description": "How recovered each muscle is, when it will be ready, and what to do today.",
  "start_url": "/dashboard",
  "scope": "/",
  "display": "standalone",
  "background_color": "#fafafa",
  "theme_color": "#1f4e8c",
  "icons": [
    {"src": "/assets/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
    {"src": "/assets/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"}
  ]
}
"##;

pub(crate) fn layout(title: &str, viewer: Option<&Viewer>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · myo" }
                meta name="theme-color" content="#1f4e8c";
                link rel="manifest" href="/manifest.webmanifest";
                link rel="icon" type="image/png" sizes="192x192" href="/assets/icon-192.png";
                link rel="apple-touch-icon" href="/assets/icon-192.png";
                link rel="stylesheet" href="/assets/style.css";
                script src="/assets/app.js" defer {}
            }
            body {
                header.top {
                    a.brand href="/" { "myo" }
                    @if let Some(v) = viewer {
                        nav {
                            @if let Some(id) = v.user.athlete_id {
                                a href=(format!("/athletes/{id}")) { "Dashboard" }
                                a href=(format!("/athletes/{id}/log")) { "Log" }
                                a href=(format!("/athletes/{id}/history")) { "History" }
                            }
                            @if v.user.role == Role::Coach { a href="/coach" { "Team" } }
                            a href="/settings" { "Settings" }
                            form.inline method="post" action="/signout" {
                                (csrf_field(v))
                                button type="submit" { "Sign out" }
                            }
                        }
                        span.who { (v.user.email) }
                    }
                }
                main {
                    (body)
                }
            }
        }
    }
}

pub(crate) fn form_error(message: Option<&str>) -> Markup {
    html! { @if let Some(m) = message { p.error role="alert" { (m) } } }
}

pub(crate) fn number(fields: &Fields, name: &str) -> Result<f64, WebError> {
    let t = field(fields, name).trim();
    t.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| WebError::bad(name, format!("\"{t}\" is not a number")))
}

pub(crate) fn csrf_field(v: &Viewer) -> Markup {
    html! { input type="hidden" name="_csrf" value=(v.csrf()); }
}

pub(crate) fn html_page(markup: Markup) -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        markup.into_string(),
    )
        .into_response()
}

pub fn error_page(status: StatusCode, message: &str) -> Response {
    error_page_for(status, message, None)
}

/// The error page with the menu of whoever is signed in, in words a person can act on.
pub fn error_page_for(status: StatusCode, message: &str, viewer: Option<&Viewer>) -> Response {
    let (title, help) = match status {
        StatusCode::NOT_FOUND => ("Page not found", "The address may be mistyped, or the page may belong to someone who has not shared it with you."),
        StatusCode::PAYLOAD_TOO_LARGE => ("Too large", "Split the file (for example a year at a time) and import the parts one by one."),
        StatusCode::FORBIDDEN => ("Not allowed", "You may be signed in as someone else, or the form is out of date: go back, reload and try again."),
        StatusCode::TOO_MANY_REQUESTS => ("Too many attempts", "Wait a minute, then try again."),
        StatusCode::UNPROCESSABLE_ENTITY => ("Please check what you entered", "Go back to the form: your browser keeps what you typed."),
        s if s.is_server_error() => ("Something went wrong", "It was logged. Try again in a moment."),
        _ => ("That did not work", "Go back and try again."),
    };
    html_page(layout(
        title,
        viewer,
        html! {
            h1 { (title) }
            p.error role="alert" { (message) }
            p { (help) }
            p.actions {
                @match viewer.and_then(|v| v.user.athlete_id) {
                    Some(id) => { a.button href=(format!("/athletes/{id}")) { "Your dashboard" } }
                    None => { a.button href="/" { "Home" } }
                }
            }
            p.note { "Error " (status.as_u16()) }
        },
    ))
}

pub(crate) fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

pub(crate) fn field<'a>(fields: &'a Fields, name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// The `time_zone` field of a profile form (also read as `utc_offset`, its former name);
/// empty means UTC.
pub(crate) fn zone_field(fields: &Fields) -> String {
    let given = match field(fields, "time_zone").trim() {
        "" => field(fields, "utc_offset").trim(),
        z => z,
    };
    if given.is_empty() { "+00:00" } else { given }.to_string()
}

pub(crate) fn check_csrf(v: &Viewer, fields: &Fields) -> Result<(), WebError> {
    v.check_csrf(field(fields, "_csrf"))
}

pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.store.schema_version().await {
        Ok(_) => (StatusCode::OK, "ok").into_response(),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response(),
    }
}

pub async fn asset(Path(file): Path<String>) -> Response {
    let (body, kind): (&'static [u8], _) = match file.as_str() {
        "style.css" => (STYLE.as_bytes(), "text/css; charset=utf-8"),
        "app.js" => (SCRIPT.as_bytes(), "text/javascript; charset=utf-8"),
        "icon-192.png" => (ICON_192, "image/png"),
        "icon-512.png" => (ICON_512, "image/png"),
        _ => return WebError::NotFound.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, kind),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

pub async fn home(viewer: Option<Viewer>) -> Response {
    match viewer {
        Some(v) => match v.user.athlete_id {
            Some(id) => see_other(&format!("/athletes/{id}")),
            None => see_other("/coach"),
        },
        None => see_other("/signin"),
    }
}

// ---- Access -----------------------------------------------------------------------------------

/// The athlete `id` if the viewer may see it; 404 otherwise (existence is not revealed).
pub async fn visible_athlete(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
) -> Result<Athlete, WebError> {
    if !state.store.can_view(&viewer.user, id).await? {
        return Err(WebError::NotFound);
    }
    Ok(state.store.athlete_by_id(id).await?)
}

/// The athlete `id` if the viewer owns it: 404 if they cannot see it, 403 if only as coach.
pub async fn own_athlete(state: &AppState, viewer: &Viewer, id: i64) -> Result<Athlete, WebError> {
    let athlete = visible_athlete(state, viewer, id).await?;
    if viewer.user.athlete_id != Some(id) {
        return Err(WebError::Forbidden);
    }
    Ok(athlete)
}

pub async fn own_dashboard(viewer: Viewer) -> Response {
    match viewer.user.athlete_id {
        Some(id) => see_other(&format!("/athletes/{id}")),
        None => see_other("/coach"),
    }
}

/// Every page's route, area by area.
pub(crate) fn routes() -> axum::Router<AppState> {
    use axum::routing::get;
    axum::Router::new()
        .route("/", get(home))
        .route("/healthz", get(healthz))
        .route(
            "/favicon.ico",
            get(|| async { axum::http::StatusCode::NO_CONTENT }),
        )
        .route("/assets/{file}", get(asset))
        .route(
            "/sw.js",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
                        (header::CACHE_CONTROL, "no-cache"),
                    ],
                    SERVICE_WORKER,
                )
            }),
        )
        .route(
            "/manifest.webmanifest",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "application/manifest+json")],
                    MANIFEST,
                )
            }),
        )
        .route("/dashboard", get(own_dashboard))
        .merge(account::routes())
        .merge(dashboard::routes())
        .merge(log::routes())
        .merge(history::routes())
        .merge(settings::routes())
}
