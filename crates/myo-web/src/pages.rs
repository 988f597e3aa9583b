//! Server-rendered pages (maud). Every POST form carries the session's CSRF token in a hidden
//! `_csrf` field, checked before anything else; another user's athlete is a 404, a coach's
//! attempt to write an athlete's log a 403.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};
use maud::{html, Markup, DOCTYPE};
use myo_app::bands::{Band, GroupBands};
use myo_store::{Athlete, NewEvent, NewUser, NewUserAthlete, Profile, Role};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::auth::{self, Viewer};
use crate::bodymap::{self, Shade};
use crate::chart::{self, Series};
use crate::error::WebError;
use crate::AppState;

pub(crate) type Page = Result<Response, WebError>;
pub(crate) type Fields = Vec<(String, String)>;

pub const STYLE: &str = include_str!("../assets/style.css");
pub const SCRIPT: &str = include_str!("../assets/app.js");

pub(crate) fn layout(title: &str, viewer: Option<&Viewer>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · myo" }
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
                main { (body) }
            }
        }
    }
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
    html_page(layout(
        status.canonical_reason().unwrap_or("Error"),
        None,
        html! { h1 { (status.as_u16()) " " (status.canonical_reason().unwrap_or("")) } p.error { (message) } p { a href="/" { "Home" } } },
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
    let (body, kind) = match file.as_str() {
        "style.css" => (STYLE, "text/css; charset=utf-8"),
        "app.js" => (SCRIPT, "text/javascript; charset=utf-8"),
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

// ---- Sign-up, sign-in, sign-out -------------------------------------------------------------

fn form_error(message: Option<&str>) -> Markup {
    html! { @if let Some(m) = message { p.error role="alert" { (m) } } }
}

fn pre_field(token: &str) -> Markup {
    html! { input type="hidden" name="_csrf" value=(token); }
}

/// A sign-in or sign-up page with a new pre-session token and its cookie.
fn with_pre_session(
    state: &AppState,
    status: StatusCode,
    page: impl FnOnce(&str) -> Markup,
) -> Response {
    let (token, cookie) = auth::pre_session(state.config.tls);
    (
        status,
        [(header::SET_COOKIE, cookie)],
        html_page(page(&token)),
    )
        .into_response()
}

fn signup_markup(error: Option<&str>, fields: &Fields, token: &str) -> Markup {
    let v = |n: &str| field(fields, n).to_string();
    layout(
        "Sign up",
        None,
        html! {
            h1 { "Create an account" }
            (form_error(error))
            form.stack method="post" action="/signup" {
                (pre_field(token))
                label { "Email " input type="email" name="email" required value=(v("email")) autocomplete="username"; }
                label { "Password (at least 10 characters) " input type="password" name="password" required minlength="10" autocomplete="new-password"; }
                fieldset {
                    legend { "I am" }
                    label { input type="radio" name="role" value="athlete" checked[v("role") != "coach"]; " an athlete" }
                    label { input type="radio" name="role" value="coach" checked[v("role") == "coach"]; " a coach" }
                }
                fieldset {
                    legend { "Athlete profile (athletes only)" }
                    label { "Name " input type="text" name="name" value=(v("name")) maxlength="64"; }
                    label { "Sex " select name="sex" { option value="female" { "female" } option value="male" selected[v("sex") == "male"] { "male" } } }
                    label { "Age " input type="number" name="age" min="10" max="100" value=(if v("age").is_empty() { "30".into() } else { v("age") }); }
                    label { "Body mass, kg " input type="number" name="body_mass_kg" step="0.1" value=(if v("body_mass_kg").is_empty() { "70".into() } else { v("body_mass_kg") }); }
                    label { "Training " select name="training_status" {
                        @for s in ["untrained", "recreational", "trained", "elite"] {
                            option value=(s) selected[v("training_status") == s || (v("training_status").is_empty() && s == "recreational")] { (s) }
                        }
                    } }
                    label { "UTC offset " input type="text" name="utc_offset" value=(if v("utc_offset").is_empty() { "+00:00".into() } else { v("utc_offset") }) pattern="[+\\-][0-9]{2}:[0-9]{2}|Z|UTC"; }
                }
                button type="submit" { "Sign up" }
            }
            p { "Already have an account? " a href="/signin" { "Sign in" } }
        },
    )
}

pub async fn signup_form(State(state): State<AppState>) -> Page {
    if !state.config.open_signup {
        return Err(WebError::Forbidden);
    }
    Ok(with_pre_session(&state, StatusCode::OK, |t| {
        signup_markup(None, &Vec::new(), t)
    }))
}

/// Creates the account (and the athlete), signs in and goes to the dashboard.
pub async fn signup(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Page {
    if !state.config.open_signup {
        return Err(WebError::Forbidden);
    }
    let token = match auth::check_pre_session(&headers, field(&fields, "_csrf"), state.config.tls) {
        Ok(t) => t,
        Err(e) => {
            return Ok(with_pre_session(&state, e.status(), |t| {
                signup_markup(Some(&e.to_string()), &fields, t)
            }))
        }
    };
    match create_account(&state, &fields).await {
        Ok(user) => start_session(&state, &user).await,
        Err(WebError::Invalid(m)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            html_page(signup_markup(Some(&m), &fields, &token)),
        )
            .into_response()),
        Err(e) => Err(e),
    }
}

fn number(fields: &Fields, name: &str) -> Result<f64, WebError> {
    let t = field(fields, name).trim();
    t.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| WebError::Invalid(format!("{name}: \"{t}\" is not a number")))
}

async fn create_account(state: &AppState, fields: &Fields) -> Result<myo_store::User, WebError> {
    let email = myo_store::normalise_email(field(fields, "email"))?;
    let password = field(fields, "password").to_string();
    auth::check_password_rules(&password)?;
    let role = Role::parse(field(fields, "role"))?;
    let profile = Profile {
        sex: field(fields, "sex").to_string(),
        age: if role == Role::Athlete {
            number(fields, "age")?
        } else {
            30.0
        },
        body_mass_kg: if role == Role::Athlete {
            number(fields, "body_mass_kg")?
        } else {
            70.0
        },
        training_status: field(fields, "training_status").to_string(),
        max_hr: None,
        resting_hr: None,
        conditions: Vec::new(),
        utc_offset: field(fields, "utc_offset").to_string(),
    };
    let name = field(fields, "name").trim().to_string();
    if role == Role::Athlete && name.is_empty() {
        return Err(WebError::Invalid("name: give the athlete's name".into()));
    }
    if role == Role::Athlete {
        profile.offset()?;
    }
    let hash = auth::hash_password(password).await?;
    let user = state
        .store
        .add_user(
            &NewUser {
                email: &email,
                password_hash: &hash,
                role,
                athlete: if role == Role::Athlete {
                    NewUserAthlete::Create {
                        name: &name,
                        profile: &profile,
                    }
                } else {
                    NewUserAthlete::None
                },
            },
            state.now_ms(),
        )
        .await?;
    Ok(user)
}

async fn start_session(state: &AppState, user: &myo_store::User) -> Page {
    let secret = auth::secret();
    let now = state.now_ms();
    state
        .store
        .add_session(
            user.id,
            &auth::token_hash(&secret),
            &auth::secret(),
            now + auth::SESSION_MS,
            now,
        )
        .await?;
    let to = match user.athlete_id {
        Some(id) => format!("/athletes/{id}"),
        None => "/coach".into(),
    };
    Ok((
        StatusCode::SEE_OTHER,
        [
            (
                header::SET_COOKIE,
                auth::set_cookie(Some(&secret), state.config.tls),
            ),
            (header::LOCATION, to),
        ],
    )
        .into_response())
}

fn signin_markup(error: Option<&str>, email: &str, signup: bool, token: &str) -> Markup {
    layout(
        "Sign in",
        None,
        html! {
            h1 { "Sign in" }
            (form_error(error))
            form.stack method="post" action="/signin" {
                (pre_field(token))
                label { "Email " input type="email" name="email" required value=(email) autocomplete="username"; }
                label { "Password " input type="password" name="password" required autocomplete="current-password"; }
                button type="submit" { "Sign in" }
            }
            @if signup { p { "New here? " a href="/signup" { "Create an account" } } }
        },
    )
}

pub async fn signin_form(State(state): State<AppState>) -> Response {
    let signup = state.config.open_signup;
    with_pre_session(&state, StatusCode::OK, |t| {
        signin_markup(None, "", signup, t)
    })
}

/// Signs in; at most `ATTEMPTS_PER_MINUTE` tries per client address and per email.
pub async fn signin(
    State(state): State<AppState>,
    headers: HeaderMap,
    extensions: axum::http::Extensions,
    Form(fields): Form<Fields>,
) -> Page {
    let email = field(&fields, "email").trim().to_lowercase();
    let signup = state.config.open_signup;
    let token = match auth::check_pre_session(&headers, field(&fields, "_csrf"), state.config.tls) {
        Ok(t) => t,
        Err(e) => {
            return Ok(with_pre_session(&state, e.status(), |t| {
                signin_markup(Some(&e.to_string()), &email, signup, t)
            }))
        }
    };
    let client = auth::client_address(&headers, &extensions, state.config.trust_proxy);
    let now = state.now_ms();
    if !state.limiter.allow(&format!("ip {client}"), now)
        || !state.limiter.allow(&format!("email {email}"), now)
    {
        return Ok((
            StatusCode::TOO_MANY_REQUESTS,
            html_page(signin_markup(
                Some(&WebError::RateLimited.to_string()),
                &email,
                false,
                &token,
            )),
        )
            .into_response());
    }
    let user = state.store.user_by_email(&email).await?;
    let ok = auth::verify_password(
        field(&fields, "password").to_string(),
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await;
    match user {
        Some(u) if ok => start_session(&state, &u).await,
        _ => Ok((
            StatusCode::UNAUTHORIZED,
            html_page(signin_markup(
                Some("Wrong email or password."),
                &email,
                signup,
                &token,
            )),
        )
            .into_response()),
    }
}

pub async fn signout(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    if let Some(s) = &viewer.session {
        state.store.delete_session(s).await?;
    }
    Ok((
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, auth::set_cookie(None, state.config.tls)),
            (header::LOCATION, "/signin".to_string()),
        ],
    )
        .into_response())
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

// ---- Dashboard --------------------------------------------------------------------------------

fn stamp(text: &Option<String>) -> String {
    match text {
        Some(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| t.format("%a %d %b %H:%M").to_string())
            .unwrap_or_else(|_| s.clone()),
        None => "> 28 days".into(),
    }
}

/// The 10–90% range of a ready time over similar athletes, when there is one and it is not a
/// single moment.
fn spread(percentiles: Option<&[Option<String>; 3]>) -> Markup {
    let Some([low, _, high]) = percentiles else {
        return html! {};
    };
    if low == high {
        return html! {};
    }
    html! { br; small.spread title="10–90% of similar athletes" { (stamp(low)) " – " (stamp(high)) } }
}

const HRV_HINT: &str = "No HRV readings in the log yet. Measure your RMSSD each morning (a chest strap \
    and an HRV app) and log it on the Log page as an observation (\"HRV rMSSD, ms\"), or import a daily \
    HRV CSV there, to see your 7-day trend against your normal range.";

/// Today's HRV verdict in words.
fn hrv_verdict(h: &crate::data::HrvTrend) -> Markup {
    use myo_metrics::hrv::{Advice, Status};
    let v = &h.latest;
    let when = if v.day == h.today {
        "Today".to_string()
    } else {
        format!(
            "Last reading {}",
            crate::data::date_of(v.day).format("%a %d %b")
        )
    };
    let status = match v.status {
        Status::WithinRange => "within your normal range",
        Status::Suppressed => "below your normal range",
        Status::Elevated => "above your normal range",
        Status::InsufficientData => "not yet comparable: too few readings for a normal range",
    };
    let advice = match v.advice {
        Advice::TrainAsPlanned => Some("train as planned."),
        Advice::LowIntensity => {
            Some("keep training easy (low intensity) until it is back in range.")
        }
        Advice::NoVerdict => None,
    };
    html! {
        (when) ": 7-day HRV " strong { (status) } "."
        @if let Some(a) = advice { " HRV suggests: " (a) }
        @if v.resting_hr_elevated == Some(true) { " Resting heart rate is up too." }
    }
}

fn severity(s: myo_advisor::Severity) -> &'static str {
    match s {
        myo_advisor::Severity::Info => "info",
        myo_advisor::Severity::Warning => "warning",
        myo_advisor::Severity::Urgent => "urgent",
    }
}

pub async fn dashboard(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Page {
    let athlete = visible_athlete(&state, &viewer, id).await?;
    let d = state
        .cache
        .dashboard(&state.store, &athlete, state.now_ms())
        .await?;
    let plan = &d.plan;
    let shades: Vec<Shade> = plan
        .muscles
        .iter()
        .map(|g| Shade {
            group: g.muscle,
            value: g.readiness,
            level: g.level.name(),
            href: format!("/athletes/{id}/muscles/{}", g.muscle),
            label: format!(
                "{}: readiness {:.0}, {}",
                bodymap::display(g.muscle),
                g.readiness,
                g.level.name()
            ),
        })
        .collect();
    let now = d.timeline.points.get(d.now_index);
    let hours = |i: usize| (i as f64 - d.now_index as f64) * crate::data::STEP_H;
    let systemic = |f: &dyn Fn(&myo_model::SystemicReport) -> f64| -> Vec<(f64, f64)> {
        d.timeline
            .points
            .iter()
            .enumerate()
            .map(|(i, p)| (hours(i), f(&p.systemic)))
            .collect()
    };
    let owner = viewer.user.athlete_id == Some(id);
    let slowest = plan
        .muscles
        .iter()
        .min_by(|a, b| a.readiness.total_cmp(&b.readiness));
    let body = html! {
        h1 { (athlete.name) " — " (d.now.format("%A %d %B %H:%M")) }
        @if d.events == 0 {
            p.notice { "Nothing logged yet. " @if owner { a href=(format!("/athletes/{id}/log")) { "Log what you did" } " to see your muscles' state." } }
        }
        section.plan aria-labelledby="plan-h" {
            h2 id="plan-h" { "Today" }
            p.decision data-decision=(plan.decision.as_str()) { strong { (plan.headline) } }
            @if !plan.flags.is_empty() {
                ul.flags {
                    @for f in &plan.flags { li class=(format!("flag {}", severity(f.severity))) { strong { (severity(f.severity)) ": " } (f.message) } }
                }
            }
            @if !plan.reasons.is_empty() { ul { @for r in &plan.reasons { li { (r.text) } } } }
            @if !plan.split.is_empty() {
                h3 { "Split" }
                ul { @for b in &plan.split { li { strong { (b.region) } " — " (b.level.name()) ": " (b.text) } } }
            }
        }
        div.columns {
            section aria-labelledby="map-h" {
                h2 id="map-h" { "Muscle readiness" }
                (bodymap::body_map(&shades, "readiness-map"))
                (bodymap::legend())
            }
            section aria-labelledby="whole-h" {
                h2 id="whole-h" { "Whole body: " (format!("{:.0}", plan.whole_body.readiness)) "/100" }
                p { (plan.whole_body.summary) }
                table.contributors {
                    thead { tr { th { "contributor" } th { "value" } th { "cost" } th { "" } } }
                    tbody {
                        @for c in &plan.whole_body.contributors {
                            tr { td { (c.name) } td { (format!("{:.2}", c.value)) } td { (format!("{:.0}", c.cost)) } td { (c.text) } }
                        }
                    }
                }
                @if let Some(p) = now {
                    p.systemic {
                        "In the model now: fitness " strong { (format!("{:.1}", p.systemic.fitness)) }
                        ", fatigue " strong { (format!("{:.1}", p.systemic.fatigue)) }
                        ", form " strong { (format!("{:+.1}", p.systemic.form)) }
                        " (model load units), sleep debt " (format!("{:.1}", p.systemic.sleep_debt_h)) " h"
                    }
                }
            }
        }
        section aria-labelledby="groups-h" {
            h2 id="groups-h" { "Groups" }
            table.groups id="groups" {
                thead { tr { th { "group" } th { "readiness" } th { "level" } th { "moderate at" } th { "hard at" } } }
                tbody {
                    @for g in &plan.muscles {
                        tr data-group=(g.muscle) {
                            td { a href=(format!("/athletes/{id}/muscles/{}", g.muscle)) { (bodymap::display(g.muscle)) } }
                            td { (format!("{:.0}", g.readiness)) }
                            td { (g.level.name()) }
                            td { (stamp(&g.ready.moderate)) (spread(g.ready.range.as_ref().map(|r| &r.moderate))) }
                            td { (stamp(&g.ready.hard)) (spread(g.ready.range.as_ref().map(|r| &r.hard))) }
                        }
                    }
                }
            }
        }
        @if let Some(g) = slowest.filter(|_| d.events > 0) {
            section aria-labelledby="slowest-h" {
                h2 id="slowest-h" {
                    "Slowest to recover: " a href=(format!("/athletes/{id}/muscles/{}", g.muscle)) { (bodymap::display(g.muscle)) }
                    " (" (format!("{:.0}", g.readiness)) "/100)"
                }
                (group_charts(&d, g.muscle))
                p.note { "Every group's charts are on its page (the links in the table above)." }
            }
        }
        section aria-labelledby="trend-h" {
            h2 id="trend-h" { "Whole body over time" }
            (chart::timeline(&Series { title: "Whole-body readiness", unit: "/100", points: systemic(&|s| s.readiness), y_min: 0.0, y_max: 100.0, band: Vec::new() }))
        }
        section aria-labelledby="load-h" {
            h2 id="load-h" { "Training load" }
            @match &d.load {
                Some(load) => {
                    (chart::load(load))
                    p.note {
                        "From the sessions you logged: each session's RPE (0–10) × its minutes (session RPE, Foster), "
                        "a lifting session without a duration counting 2.5 min a set. Fitness and fatigue are its 42- and 7-day "
                        "exponentially weighted averages, and form is yesterday's fitness − fatigue, as TrainingPeaks' CTL, ATL and TSB. "
                        "The model's own fitness and fatigue (\"In the model now\" above, which whole-body readiness uses) follow the same "
                        "42- and 7-day constants in the model's load units, updated hour by hour."
                    }
                }
                None => p.note { "No training logged yet: fitness, fatigue and form appear once you log sessions." },
            }
        }
        section aria-labelledby="hrv-h" {
            h2 id="hrv-h" { "Heart-rate variability" }
            @match &d.hrv {
                Some(h) => {
                    p.hrv-verdict { (hrv_verdict(h)) }
                    @if h.days.is_empty() {
                        p.note { "No readings in the last " (crate::data::HRV_DAYS) " days. " (HRV_HINT) }
                    } @else {
                        (chart::hrv(h))
                        p.note {
                            "Your first reading of each morning, as lnRMSSD. The verdict compares the " (h.config.rolling_days)
                            "-day mean with your normal range (the mean ± " (h.config.width_sd) " SD of the last "
                            (h.config.normal_days) " days), once there are " (h.config.min_normal_values) " readings in that range and "
                            (h.config.min_rolling_values) " in the last " (h.config.rolling_days) " days."
                        }
                    }
                }
                None => p.note.hrv-hint { (HRV_HINT) },
            }
        }
    };
    Ok(html_page(layout(&athlete.name, Some(&viewer), body)))
}

/// A group's force, soreness and glycogen: the past from the log, the forecast with the band
/// of similar athletes.
fn group_charts(d: &crate::data::Dashboard, name: &str) -> Markup {
    let hours = |i: usize| (i as f64 - d.now_index as f64) * crate::data::STEP_H;
    let series = |f: &dyn Fn(&myo_model::MuscleReport) -> f64| -> Vec<(f64, f64)> {
        d.timeline
            .points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.muscles.get(name).map(|m| (hours(i), f(m))))
            .collect()
    };
    let bands = d.bands.get(name);
    let band = |f: &dyn Fn(&GroupBands) -> &Vec<Option<Band>>| -> Vec<(f64, f64, f64)> {
        bands
            .map(|b| {
                f(b).iter()
                    .enumerate()
                    .filter_map(|(i, r)| r.map(|r| (hours(i), r.low, r.high)))
                    .collect()
            })
            .unwrap_or_default()
    };
    html! {
        (chart::timeline(&Series { title: "Force", unit: "% of fresh", points: series(&|m| m.force_pct), y_min: 50.0, y_max: 100.0, band: band(&|b| &b.force_pct) }))
        (chart::timeline(&Series { title: "Soreness", unit: "/10", points: series(&|m| m.soreness), y_min: 0.0, y_max: 10.0, band: band(&|b| &b.soreness) }))
        (chart::timeline(&Series { title: "Glycogen", unit: "%", points: series(&|m| m.glycogen_pct), y_min: 0.0, y_max: 100.0, band: band(&|b| &b.glycogen_pct) }))
        p.note {
            "Solid: from the log. Dashed: the forecast if nothing more is logged. Shaded: where 10–90% of similar athletes "
            "would be, since people differ in how much a session damages them and how fast they repair (the same spread as the "
            "forecast's range of ready times)."
        }
    }
}

pub async fn muscle(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, group)): Path<(i64, String)>,
) -> Page {
    let athlete = visible_athlete(&state, &viewer, id).await?;
    let group = myo_model::MuscleGroup::parse(&group).map_err(|_| WebError::NotFound)?;
    let name = group.name();
    let d = state
        .cache
        .dashboard(&state.store, &athlete, state.now_ms())
        .await?;
    let g = d
        .plan
        .muscles
        .iter()
        .find(|g| g.muscle == name)
        .ok_or(WebError::NotFound)?;
    let body = html! {
        p { a href=(format!("/athletes/{id}")) { "← " (athlete.name) } }
        h1 { (bodymap::display(name)) ": " (format!("{:.0}", g.readiness)) "/100, " (g.level.name()) }
        p { (g.explanation.summary) }
        p { "Up to " (g.max_sets) " sets today (" (g.volume) "). Moderate work from " strong { (stamp(&g.ready.moderate)) } ", hard from " strong { (stamp(&g.ready.hard)) } "." }
        @if !g.explanation.contributors.is_empty() {
            ul { @for c in &g.explanation.contributors { li { strong { (c.name) } ": " (c.text) } } }
        }
        (group_charts(&d, name))
    };
    Ok(html_page(layout(
        &bodymap::display(name),
        Some(&viewer),
        body,
    )))
}

// ---- Logging ----------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Input {
    Number {
        min: f64,
        max: f64,
        step: f64,
    },
    Text,
    Choice(&'static [&'static str]),
    /// Muscle groups, several allowed: a JSON list.
    Muscles,
    Check,
}

struct FieldSpec {
    name: &'static str,
    label: &'static str,
    input: Input,
    required: bool,
}

const fn num(
    name: &'static str,
    label: &'static str,
    min: f64,
    max: f64,
    step: f64,
    required: bool,
) -> FieldSpec {
    FieldSpec {
        name,
        label,
        input: Input::Number { min, max, step },
        required,
    }
}
const fn choice(
    name: &'static str,
    label: &'static str,
    options: &'static [&'static str],
) -> FieldSpec {
    FieldSpec {
        name,
        label,
        input: Input::Choice(options),
        required: true,
    }
}
const fn muscles(name: &'static str, label: &'static str, required: bool) -> FieldSpec {
    FieldSpec {
        name,
        label,
        input: Input::Muscles,
        required,
    }
}

const SPORTS: &[&str] = &[
    "run", "cycle", "swim", "row", "walk", "hike", "ski", "other",
];
const MODALITIES: &[&str] = &["walk", "cycle", "swim", "yoga", "mobility"];
const COLD: &[&str] = &["cold_water_immersion", "ice", "cryotherapy", "pack"];
const HEAT: &[&str] = &["sauna", "hot_bath", "pack"];
const SYMPTOMS: &[&str] = &[
    "fever",
    "chest_pain",
    "fainting",
    "shortness_of_breath",
    "one_sided_swelling",
    "calf_pain",
    "dark_urine",
    "severe_swelling",
    "pain_out_of_proportion",
    "numbness",
];

/// Every kind the browser can log, with its fields (the spec's names).
const KINDS: &[(&str, &str, &[FieldSpec])] = &[
    (
        "strength",
        "Strength session",
        &[
            FieldSpec {
                name: "exercise",
                label: "Exercise (catalogue name, e.g. Barbell Squat)",
                input: Input::Text,
                required: true,
            },
            num("sets", "Sets", 1.0, 50.0, 1.0, true),
            num("reps", "Reps", 1.0, 100.0, 1.0, true),
            num("load_kg", "Load, kg", 0.0, 1000.0, 0.5, false),
            num("rpe", "Session RPE", 0.0, 10.0, 0.5, false),
        ],
    ),
    (
        "endurance",
        "Endurance session",
        &[
            choice("sport", "Sport", SPORTS),
            num("minutes", "Minutes", 1.0, 1440.0, 1.0, true),
            num("avg_hr", "Average heart rate", 30.0, 230.0, 1.0, false),
            num("rpe", "RPE", 0.0, 10.0, 0.5, false),
            num("distance_km", "Distance, km", 0.0, 1000.0, 0.1, false),
        ],
    ),
    (
        "active_recovery",
        "Active recovery",
        &[
            choice("modality", "Modality", MODALITIES),
            num("minutes", "Minutes", 1.0, 600.0, 1.0, true),
            num("pct_max_hr", "% of max heart rate", 30.0, 100.0, 1.0, true),
        ],
    ),
    (
        "massage",
        "Massage",
        &[
            num("minutes", "Minutes", 1.0, 240.0, 1.0, true),
            muscles("muscles", "Groups", false),
        ],
    ),
    (
        "foam_rolling",
        "Foam rolling",
        &[
            num("minutes", "Minutes", 1.0, 240.0, 1.0, true),
            muscles("muscles", "Groups", false),
        ],
    ),
    (
        "dry_needling",
        "Dry needling",
        &[
            muscles("muscles", "Groups", true),
            num("insertions", "Insertions", 1.0, 100.0, 1.0, false),
        ],
    ),
    (
        "cold",
        "Cold",
        &[
            choice("method", "Method", COLD),
            num("minutes", "Minutes", 0.1, 120.0, 0.5, true),
            num("temp_c", "Temperature, °C", -200.0, 30.0, 0.5, false),
        ],
    ),
    (
        "heat",
        "Heat",
        &[
            choice("method", "Method", HEAT),
            num("minutes", "Minutes", 1.0, 240.0, 1.0, true),
        ],
    ),
    (
        "compression",
        "Compression",
        &[
            num("hours", "Hours", 0.1, 48.0, 0.1, true),
            muscles("muscles", "Groups", false),
        ],
    ),
    (
        "sleep",
        "Sleep",
        &[
            num("hours", "Hours", 0.0, 24.0, 0.25, true),
            num("quality", "Quality 1–5", 1.0, 5.0, 1.0, false),
        ],
    ),
    (
        "meal",
        "Meal",
        &[
            num("protein_g", "Protein, g", 0.0, 500.0, 1.0, false),
            num("carbs_g", "Carbohydrate, g", 0.0, 2000.0, 1.0, false),
            num("fat_g", "Fat, g", 0.0, 500.0, 1.0, false),
        ],
    ),
    (
        "fluid",
        "Drink",
        &[
            num("litres", "Litres", 0.05, 10.0, 0.05, true),
            FieldSpec {
                name: "electrolytes",
                label: "With electrolytes",
                input: Input::Check,
                required: false,
            },
        ],
    ),
    (
        "observation",
        "How I feel",
        &[
            num("rmssd_ms", "HRV rMSSD, ms", 1.0, 300.0, 1.0, false),
            num("resting_hr", "Resting heart rate", 20.0, 150.0, 1.0, false),
            num("stress", "Stress 1–10", 1.0, 10.0, 1.0, false),
            num("mood", "Mood 1–10", 1.0, 10.0, 1.0, false),
            num("fatigue", "Fatigue 1–10", 1.0, 10.0, 1.0, false),
        ],
    ),
    (
        "symptom",
        "Symptom",
        &[FieldSpec {
            name: "symptoms",
            label: "Symptom",
            input: Input::Choice(SYMPTOMS),
            required: true,
        }],
    ),
];

fn input_markup(kind: &str, f: &FieldSpec) -> Markup {
    let id = format!("{kind}-{}", f.name);
    html! {
        label for=(id) { (f.label) }
        @match f.input {
            Input::Number { min, max, step } => input id=(id) type="number" name=(f.name) min=(min) max=(max) step=(step) required[f.required];,
            Input::Text => input id=(id) type="text" name=(f.name) required[f.required] maxlength="200";,
            Input::Choice(options) => select id=(id) name=(f.name) { @for o in options { option value=(o) { (o.replace('_', " ")) } } },
            Input::Muscles => select id=(id) name=(f.name) multiple size="4" required[f.required] {
                @for g in myo_model::MuscleGroup::ALL { option value=(g.name()) { (bodymap::display(g.name())) } }
            },
            Input::Check => input id=(id) type="checkbox" name=(f.name) value="true";,
        }
    }
}

pub async fn log_forms(State(state): State<AppState>, viewer: Viewer, Path(id): Path<i64>) -> Page {
    let athlete = own_athlete(&state, &viewer, id).await?;
    let shades: Vec<Shade> = myo_model::MuscleGroup::ALL
        .iter()
        .map(|g| Shade {
            group: g.name(),
            value: 0.0,
            level: "hard",
            href: format!("#sore-{}", g.name()),
            label: format!("{}: tap to rate soreness", bodymap::display(g.name())),
        })
        .collect();
    let body = html! {
        h1 { "Log for " (athlete.name) }
        p { "Times are your local time (" (athlete.profile.utc_offset) "); leave the time empty for now." }
        section.quick aria-labelledby="quick-h" {
            h2 id="quick-h" { "What I did today" }
            form.stack method="post" action=(format!("/athletes/{id}/log/quick")) {
                (csrf_field(&viewer))
                label for="quick-text" { "One line per event, e.g. " code { "run 45m rpe7" } " (RPE 5 when left out), " code { "sleep 7.5h" } ", " code { "Barbell Squat 5x5 100kg" } }
                textarea id="quick-text" name="text" rows="4" required maxlength="2000" {}
                button type="submit" { "Log" }
            }
        }
        section aria-labelledby="sore-h" {
            h2 id="sore-h" { "Soreness" }
            form.soreness method="post" action=(format!("/athletes/{id}/log/soreness")) {
                (csrf_field(&viewer))
                p { "Tap a group to raise its rating (0 → 2 → 4 → 6 → 8 → 10 → 0), or type the numbers." }
                (bodymap::body_map(&shades, "soreness-map"))
                div.grid {
                    @for g in myo_model::MuscleGroup::ALL {
                        label for=(format!("sore-{}", g.name())) { (bodymap::display(g.name())) }
                        input id=(format!("sore-{}", g.name())) type="number" name=(g.name()) min="0" max="10" step="1" value="0";
                    }
                }
                label for="soreness-at" { "When" }
                input id="soreness-at" type="datetime-local" name="at";
                button type="submit" { "Log soreness" }
            }
        }
        section aria-labelledby="import-h" {
            h2 id="import-h" { "Import a file" }
            form.stack method="post" action=(format!("/athletes/{id}/import")) enctype="multipart/form-data" {
                (csrf_field(&viewer))
                label for="import-file" { "A FIT, TCX or GPX file from a watch, or a CSV export (Strong, Hevy, HRV and sleep apps). Importing the same file twice adds nothing." }
                input id="import-file" type="file" name="file" required;
                button type="submit" { "Import" }
            }
        }
        @for (kind, title, fields) in KINDS {
            details.kind {
                summary { (title) }
                form.stack method="post" action=(format!("/athletes/{id}/log/{kind}")) {
                    (csrf_field(&viewer))
                    @for f in *fields { (input_markup(kind, f)) }
                    label for=(format!("{kind}-at")) { "When" }
                    input id=(format!("{kind}-at")) type="datetime-local" name="at";
                    button type="submit" { "Log " (title.to_lowercase()) }
                }
            }
        }
    };
    Ok(html_page(layout("Log", Some(&viewer), body)))
}

/// `at` from a datetime-local field in the athlete's offset, or now.
fn event_at(
    text: &str,
    offset: FixedOffset,
    now_ms: i64,
) -> Result<DateTime<FixedOffset>, WebError> {
    let t = text.trim();
    if t.is_empty() {
        let now = DateTime::from_timestamp_millis(now_ms)
            .ok_or_else(|| WebError::Internal("clock".into()))?;
        return Ok(now.with_timezone(&offset));
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(at);
    }
    for f in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(t, f) {
            if let Some(at) = offset.from_local_datetime(&dt).single() {
                return Ok(at);
            }
        }
    }
    Err(WebError::Invalid(format!(
        "at: \"{t}\" is not a date and time"
    )))
}

/// The event a form describes, in the spec's JSON shape.
fn event_from_form(
    kind: &str,
    fields: &Fields,
    at: DateTime<FixedOffset>,
) -> Result<NewEvent, WebError> {
    let mut obj = Map::new();
    obj.insert("at".into(), json!(myo_store::events::format_at(&at)));
    obj.insert("kind".into(), json!(kind));
    if kind == "soreness" {
        obj.insert("kind".into(), json!("observation"));
        let mut map = Map::new();
        for g in myo_model::MuscleGroup::ALL {
            let v = field(fields, g.name()).trim();
            if v.is_empty() {
                continue;
            }
            let x: f64 = v
                .parse()
                .ok()
                .filter(|x: &f64| (0.0..=10.0).contains(x))
                .ok_or_else(|| {
                    WebError::Invalid(format!(
                        "{}: \"{v}\" is not a rating from 0 to 10",
                        g.name()
                    ))
                })?;
            if x > 0.0 {
                map.insert(g.name().into(), json!(x));
            }
        }
        if map.is_empty() {
            return Err(WebError::Invalid(
                "soreness: rate at least one group above 0".into(),
            ));
        }
        obj.insert("soreness".into(), Value::Object(map));
        return NewEvent::from_json(&Value::Object(obj)).map_err(Into::into);
    }
    let (_, _, specs) = KINDS
        .iter()
        .find(|(k, ..)| *k == kind)
        .ok_or(WebError::NotFound)?;
    let mut exercise = Map::new();
    for f in *specs {
        let raw = field(fields, f.name).trim();
        let value = match f.input {
            Input::Number { .. } => {
                if raw.is_empty() {
                    None
                } else {
                    let x = number(fields, f.name)?;
                    // Whole numbers as integers: some fields (quality, sets) take only those.
                    Some(if x.fract() == 0.0 && x.abs() < 1e15 {
                        json!(x as i64)
                    } else {
                        json!(x)
                    })
                }
            }
            Input::Text | Input::Choice(_) => (!raw.is_empty()).then(|| json!(raw)),
            Input::Muscles => {
                let list: Vec<&str> = fields
                    .iter()
                    .filter(|(k, v)| k == f.name && !v.is_empty())
                    .map(|(_, v)| v.as_str())
                    .collect();
                (!list.is_empty()).then(|| json!(list))
            }
            Input::Check => Some(json!(raw == "true" || raw == "on")),
        };
        let Some(mut value) = value else {
            if f.required {
                return Err(WebError::Invalid(format!("{}: required", f.name)));
            }
            continue;
        };
        if f.name == "symptoms" {
            value = json!([value]);
        }
        if kind == "strength" && f.name != "rpe" {
            let key = if f.name == "exercise" { "name" } else { f.name };
            exercise.insert(key.into(), value);
        } else {
            obj.insert(f.name.into(), value);
        }
    }
    if kind == "strength" {
        obj.insert("exercise".into(), json!([exercise]));
    }
    NewEvent::from_json(&Value::Object(obj)).map_err(Into::into)
}

/// The effort of a quick endurance line without one: moderate.
const QUICK_RPE: f64 = 5.0;

/// "What I did today": one short line per event (`run 45m`, `sleep 7.5h`, `squat 5x5 100kg`).
fn quick_events(text: &str, at: DateTime<FixedOffset>) -> Result<Vec<NewEvent>, WebError> {
    let mut out = Vec::new();
    for (n, line) in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
    {
        let bad = || {
            WebError::Invalid(format!(
                "text: line {}: \"{line}\" — use e.g. run 45m, sleep 7.5h or squat 5x5 100kg",
                n + 1
            ))
        };
        let words: Vec<&str> = line.split_whitespace().collect();
        let minutes = |w: &str| -> Option<f64> {
            let w = w.to_lowercase();
            if let Some(m) = w.strip_suffix("min").or_else(|| w.strip_suffix('m')) {
                m.parse().ok()
            } else {
                w.strip_suffix('h')
                    .and_then(|h| h.parse::<f64>().ok())
                    .map(|h| h * 60.0)
            }
        };
        let stamp = myo_store::events::format_at(&at);
        let first = words[0].to_lowercase();
        let value = if SPORTS.contains(&first.as_str()) {
            let m = words.get(1).and_then(|w| minutes(w)).ok_or_else(bad)?;
            let rpe: f64 = match words.get(2) {
                Some(w) => w
                    .to_lowercase()
                    .trim_start_matches("rpe")
                    .trim_start_matches('@')
                    .parse()
                    .map_err(|_| bad())?,
                None => QUICK_RPE,
            };
            json!({"at": stamp, "kind": "endurance", "sport": first, "minutes": m, "rpe": rpe})
        } else if first == "sleep" {
            let m = words.get(1).and_then(|w| minutes(w)).ok_or_else(bad)?;
            json!({"at": stamp, "kind": "sleep", "hours": m / 60.0})
        } else {
            // An exercise: name words, then SETSxREPS, then an optional load.
            let pos = words
                .iter()
                .position(|w| w.contains('x') && w.split('x').all(|p| p.parse::<u32>().is_ok()))
                .ok_or_else(bad)?;
            if pos == 0 {
                return Err(bad());
            }
            let (sets, reps) = words[pos].split_once('x').ok_or_else(bad)?;
            let mut ex = json!({"name": words[..pos].join(" "), "sets": sets.parse::<u32>().map_err(|_| bad())?, "reps": reps.parse::<u32>().map_err(|_| bad())?});
            if let Some(load) = words.get(pos + 1) {
                let kg: f64 = load
                    .to_lowercase()
                    .trim_end_matches("kg")
                    .parse()
                    .map_err(|_| bad())?;
                ex["load_kg"] = json!(kg);
            }
            json!({"at": stamp, "kind": "strength", "exercise": [ex]})
        };
        out.push(
            NewEvent::from_json(&value)
                .map_err(|e| WebError::Invalid(format!("text: line {}: {e}", n + 1)))?,
        );
    }
    if out.is_empty() {
        return Err(WebError::Invalid("text: write at least one line".into()));
    }
    Ok(out)
}

pub async fn log_event(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, kind)): Path<(i64, String)>,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    let athlete = own_athlete(&state, &viewer, id).await?;
    let now = state.now_ms();
    let at = event_at(field(&fields, "at"), athlete.profile.offset()?, now)?;
    let events = if kind == "quick" {
        quick_events(field(&fields, "text"), at)?
    } else {
        vec![event_from_form(&kind, &fields, at)?]
    };
    state
        .store
        .add_batch(athlete.id, None, &events, now)
        .await?;
    Ok(see_other(&format!("/athletes/{id}")))
}

/// The log page's upload: the API's import path, with the form's CSRF token.
pub async fn import_upload(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    request: axum::extract::Request,
) -> Page {
    let (name, bytes, fields) = crate::import::read_upload(None, request).await?;
    check_csrf(&viewer, &fields)?;
    let athlete = own_athlete(&state, &viewer, id).await?;
    let (status, message, warnings) =
        match crate::import::import_file(&state, &athlete, &name, bytes).await {
            Ok(crate::import::Imported::Imported {
                name,
                format,
                events,
                warnings,
            }) => (
                StatusCode::OK,
                format!("Imported {name} ({format}): {events} event(s)."),
                warnings,
            ),
            Ok(crate::import::Imported::Duplicate { name, events }) => (
                StatusCode::OK,
                format!("{name} was imported before ({events} event(s)); nothing added."),
                Vec::new(),
            ),
            Err(WebError::Invalid(m)) => (StatusCode::UNPROCESSABLE_ENTITY, m, Vec::new()),
            Err(e) => return Err(e),
        };
    let body = html! {
        h1 { "Import" }
        @if status == StatusCode::OK { p role="status" { (message) } } @else { p.error role="alert" { (message) } }
        @if !warnings.is_empty() {
            h2 { "Warnings" }
            ul { @for w in &warnings { li { (w) } } }
        }
        p { a href=(format!("/athletes/{id}")) { "Dashboard" } " · " a href=(format!("/athletes/{id}/log")) { "Log more" } " · " a href=(format!("/athletes/{id}/history")) { "History" } }
    };
    Ok((status, html_page(layout("Import", Some(&viewer), body))).into_response())
}

#[derive(Deserialize)]
pub struct Paging {
    #[serde(default)]
    pub page: Option<u32>,
}

pub async fn history(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(paging): Query<Paging>,
) -> Page {
    let athlete = visible_athlete(&state, &viewer, id).await?;
    let owner = viewer.user.athlete_id == Some(id);
    let mut events = state
        .store
        .events(&myo_store::EventFilter {
            athlete_id: Some(id),
            ..Default::default()
        })
        .await?;
    events.reverse();
    const PER_PAGE: usize = 50;
    let page = paging.page.unwrap_or(0) as usize;
    let pages = events.len().div_ceil(PER_PAGE).max(1);
    let shown = events.iter().skip(page * PER_PAGE).take(PER_PAGE);
    let body = html! {
        h1 { "History of " (athlete.name) }
        table.history {
            thead { tr { th { "when" } th { "kind" } th { "details" } @if owner { th { "" } } } }
            tbody {
                @for e in shown {
                    tr {
                        td { (e.at.format("%Y-%m-%d %H:%M")) }
                        td { (e.kind) }
                        td { code { (Value::Object(e.fields.clone()).to_string()) } }
                        @if owner {
                            td {
                                a href=(format!("/athletes/{id}/events/{}", e.id)) { "Edit" }
                                form.inline method="post" action=(format!("/athletes/{id}/events/{}/delete", e.id)) {
                                    (csrf_field(&viewer))
                                    button type="submit" aria-label=(format!("Delete {} at {}", e.kind, e.at.format("%Y-%m-%d %H:%M"))) { "Delete" }
                                }
                            }
                        }
                    }
                }
            }
        }
        nav.pages {
            @if page > 0 { a href=(format!("?page={}", page - 1)) { "← newer" } }
            " page " (page + 1) " of " (pages) " "
            @if page + 1 < pages { a href=(format!("?page={}", page + 1)) { "older →" } }
        }
    };
    Ok(html_page(layout("History", Some(&viewer), body)))
}

async fn owned_event(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    event: i64,
) -> Result<(Athlete, myo_store::StoredEvent), WebError> {
    let athlete = own_athlete(state, viewer, id).await?;
    let e = state.store.event(event).await?;
    if e.athlete_id != athlete.id {
        return Err(WebError::NotFound);
    }
    Ok((athlete, e))
}

fn edit_markup(
    viewer: &Viewer,
    id: i64,
    e: &myo_store::StoredEvent,
    text: &str,
    error: Option<&str>,
) -> Markup {
    layout(
        "Edit event",
        Some(viewer),
        html! {
            h1 { "Edit " (e.kind) " of " (e.at.format("%Y-%m-%d %H:%M")) }
            (form_error(error))
            form.stack method="post" action=(format!("/athletes/{id}/events/{}", e.id)) {
                (csrf_field(viewer))
                label for="event-json" { "The event as JSON (the scenario spec's fields)" }
                textarea id="event-json" name="json" rows="10" required { (text) }
                button type="submit" { "Save" }
            }
        },
    )
}

pub async fn edit_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, event)): Path<(i64, i64)>,
) -> Page {
    let (_, e) = owned_event(&state, &viewer, id, event).await?;
    let text = serde_json::to_string_pretty(&e.to_new().to_json()).unwrap_or_default();
    Ok(html_page(edit_markup(&viewer, id, &e, &text, None)))
}

pub async fn edit_event(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, event)): Path<(i64, i64)>,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    let (_, e) = owned_event(&state, &viewer, id, event).await?;
    let text = field(&fields, "json");
    let result = serde_json::from_str::<Value>(text)
        .map_err(|err| WebError::Invalid(format!("json: {err}")))
        .and_then(|v| NewEvent::from_json(&v).map_err(Into::into));
    let result = match result {
        Ok(new) => state
            .store
            .update_event(e.id, &new, state.now_ms())
            .await
            .map_err(WebError::from),
        Err(err) => Err(err),
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/athletes/{id}/history"))),
        Err(WebError::Invalid(m)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            html_page(edit_markup(&viewer, id, &e, text, Some(&m))),
        )
            .into_response()),
        Err(err) => Err(err),
    }
}

pub async fn delete_event(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, event)): Path<(i64, i64)>,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    let (_, e) = owned_event(&state, &viewer, id, event).await?;
    state.store.delete_events(&[e.id]).await?;
    Ok(see_other(&format!("/athletes/{id}/history")))
}

// ---- Settings: password, API tokens, coaches ---------------------------------------------------

async fn settings_markup(
    state: &AppState,
    viewer: &Viewer,
    message: Option<Markup>,
    error: Option<&str>,
) -> Result<Markup, WebError> {
    let links = state.store.coach_links(viewer.user.id).await?;
    let as_athlete: Vec<_> = links
        .iter()
        .filter(|l| l.athlete_user.id == viewer.user.id)
        .collect();
    Ok(layout(
        "Settings",
        Some(viewer),
        html! {
            h1 { "Settings" }
            @if let Some(m) = message { div.notice role="status" { (m) } }
            (form_error(error))
            @if viewer.user.role == Role::Athlete {
                section aria-labelledby="coaches-h" {
                    h2 id="coaches-h" { "Coaches" }
                    @if as_athlete.is_empty() { p { "No coach has invited you." } }
                    ul.coaches {
                        @for l in &as_athlete {
                            li {
                                (l.coach.email) " — " @if l.accepted { "sees your data" } @else { "invites you" }
                                @if !l.accepted {
                                    form.inline method="post" action=(format!("/coaches/{}/accept", l.coach.id)) {
                                        (csrf_field(viewer)) button type="submit" { "Accept" }
                                    }
                                }
                                form.inline method="post" action=(format!("/coaches/{}/revoke", l.coach.id)) {
                                    (csrf_field(viewer)) button type="submit" { @if l.accepted { "Revoke" } @else { "Decline" } }
                                }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="pw-h" {
                h2 id="pw-h" { "Change password" }
                form.stack method="post" action="/settings/password" {
                    (csrf_field(viewer))
                    label { "Current password " input type="password" name="current" required autocomplete="current-password"; }
                    label { "New password (at least 10 characters) " input type="password" name="new" required minlength="10" autocomplete="new-password"; }
                    button type="submit" { "Change password" }
                }
            }
            section aria-labelledby="tok-h" {
                h2 id="tok-h" { "API tokens" }
                p { "For scripts: send " code { "Authorization: Bearer TOKEN" } " to " code { "/api/v1" } ". A password change revokes every token." }
                form.stack method="post" action="/settings/tokens" {
                    (csrf_field(viewer))
                    label { "Token name " input type="text" name="name" required maxlength="64"; }
                    button type="submit" { "Create token" }
                }
            }
        },
    ))
}

pub async fn settings(State(state): State<AppState>, viewer: Viewer) -> Page {
    Ok(html_page(
        settings_markup(&state, &viewer, None, None).await?,
    ))
}

pub async fn change_password(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    let ok = auth::verify_password(
        field(&fields, "current").to_string(),
        Some(viewer.user.password_hash.clone()),
    )
    .await;
    let result = if !ok {
        Err(WebError::Invalid("current: wrong password".into()))
    } else {
        match auth::check_password_rules(field(&fields, "new")) {
            Ok(()) => {
                let hash = auth::hash_password(field(&fields, "new").to_string()).await?;
                state
                    .store
                    .set_password(
                        viewer.user.id,
                        &hash,
                        viewer.session.as_deref(),
                        state.now_ms(),
                    )
                    .await?;
                Ok(())
            }
            Err(e) => Err(e),
        }
    };
    match result {
        Ok(()) => Ok(html_page(
            settings_markup(
                &state,
                &viewer,
                Some(html! { "Password changed; other sessions and API tokens were signed out." }),
                None,
            )
            .await?,
        )),
        Err(WebError::Invalid(m)) => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            html_page(settings_markup(&state, &viewer, None, Some(&m)).await?),
        )
            .into_response()),
        Err(e) => Err(e),
    }
}

pub async fn new_token(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    let secret = auth::secret();
    state
        .store
        .add_api_token(
            viewer.user.id,
            &auth::token_hash(&secret),
            field(&fields, "name").trim(),
            state.now_ms(),
        )
        .await?;
    let message = html! { "New token (shown once): " code id="new-token" { (secret) } };
    Ok(html_page(
        settings_markup(&state, &viewer, Some(message), None).await?,
    ))
}

pub async fn accept_coach(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(coach): Path<i64>,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    if !state
        .store
        .accept_coach(viewer.user.id, coach, state.now_ms())
        .await?
    {
        return Err(WebError::NotFound);
    }
    Ok(see_other("/settings"))
}

pub async fn revoke_coach(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(coach): Path<i64>,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    if !state.store.remove_coach_link(coach, viewer.user.id).await? {
        return Err(WebError::NotFound);
    }
    Ok(see_other("/settings"))
}
