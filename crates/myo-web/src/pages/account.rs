//! Sign-up, sign-in and sign-out: the account pages, with a pre-session CSRF token before
//! sign-in and a rate limit on tries.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use maud::{html, Markup};
use myo_store::{NewUser, NewUserAthlete, Role};

use crate::auth::{self, Viewer};
use crate::error::WebError;
use crate::AppState;

use super::*;
use axum::routing::{get, post};
use axum::Router;

/// This area's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/signup", get(signup_form).post(signup))
        .route("/signin", get(signin_form).post(signin))
        .route("/signout", post(signout))
        .route("/reset", get(reset_form).post(reset))
        .route("/forgot", get(forgot_form).post(forgot))
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
                label { "Password (at least 10 characters, hard to guess: four unrelated words work well) " input type="password" name="password" required minlength="10" autocomplete="new-password"; }
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
                    label { "Time zone " input type="text" name="time_zone" value=(v("time_zone")) placeholder="Europe/Oslo" data-browser-zone autocomplete="off" maxlength="64"; }
                    p.hint { "Where your days start and end: a name such as Europe/Oslo or America/New_York (summer time follows), or an offset such as +01:00. Empty: UTC." }
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
    auth::ClientAddress(client): auth::ClientAddress,
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
    let email = field(&fields, "email").trim().to_lowercase();
    if let Err(e) = auth::guard(&state, "signup", &email, &client, state.now_ms()).await {
        return Ok((
            e.status(),
            html_page(signup_markup(Some(&e.to_string()), &fields, &token)),
        )
            .into_response());
    }
    match create_account(&state, &fields).await {
        Ok(user) => {
            // Recovery codes from the start, shown once.
            let (codes, hashes) = super::settings::make_recovery_codes();
            state
                .store
                .set_recovery_codes(user.id, &hashes, state.now_ms())
                .await?;
            welcome(&state, &user, &codes).await
        }
        Err(err) if err.is_invalid() => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            html_page(signup_markup(Some(&err.to_string()), &fields, &token)),
        )
            .into_response()),
        Err(e) => Err(e),
    }
}

async fn create_account(state: &AppState, fields: &Fields) -> Result<myo_store::User, WebError> {
    let email = myo_store::normalise_email(field(fields, "email"))?;
    let password = field(fields, "password").to_string();
    auth::check_password(&password, &[&email, field(fields, "name")])?;
    let role = Role::parse(field(fields, "role"))?;
    let name = field(fields, "name").trim().to_string();
    // An athlete's profile, read as Settings reads it (a coach has none).
    let profile = if role == Role::Athlete {
        if name.is_empty() {
            return Err(WebError::bad("name", "give the athlete's name"));
        }
        Some(super::forms::profile_from_form(
            fields,
            zone_field(fields)?,
        )?)
    } else {
        None
    };
    let hash = auth::hash_password(password).await?;
    let user = state
        .store
        .add_user(
            &NewUser {
                email: &email,
                password_hash: &hash,
                role,
                athlete: match &profile {
                    Some(profile) => NewUserAthlete::Create {
                        name: &name,
                        profile,
                    },
                    None => NewUserAthlete::None,
                },
            },
            state.now_ms(),
        )
        .await?;
    Ok(user)
}

/// A new session for `user`: its cookie, the viewer it makes and the user's home page.
async fn start_session(
    state: &AppState,
    user: &myo_store::User,
) -> Result<(String, Viewer, String), WebError> {
    let secret = auth::secret();
    let csrf = auth::secret();
    let now = state.now_ms();
    let hash = auth::token_hash(&secret);
    state
        .store
        .add_session(user.id, &hash, &csrf, now + auth::SESSION_MS, now)
        .await?;
    let home = match user.athlete_id {
        Some(id) => format!("/athletes/{id}"),
        None => "/coach".into(),
    };
    let viewer = Viewer {
        user: user.clone(),
        csrf: Some(csrf),
        session: Some(hash),
    };
    Ok((
        auth::set_cookie(Some(&secret), state.config.tls),
        viewer,
        home,
    ))
}

/// Signs in as a new session and goes to the user's home page.
async fn sign_in_as(state: &AppState, user: &myo_store::User) -> Page {
    let (cookie, _, home) = start_session(state, user).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [(header::SET_COOKIE, cookie), (header::LOCATION, home)],
    )
        .into_response())
}

/// The page after sign-up: the recovery codes, shown once (in this answer only: nothing
/// keeps them for a later request, so any server of several can answer the next one).
async fn welcome(state: &AppState, user: &myo_store::User, codes: &[String]) -> Page {
    let (cookie, viewer, home) = start_session(state, user).await?;
    let body = html! {
        h1 { "Your account is ready" }
        (super::settings::welcome_codes(codes))
        p { a.button href=(home) { "Continue" } }
    };
    Ok((
        [
            (header::SET_COOKIE, cookie),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        html_page(layout("Welcome", Some(&viewer), body)),
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
            p { a href="/forgot" { "Forgot your password?" } }
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

/// Signs in; tries are throttled per account and address ([`auth::RateLimiter::guard`]).
pub async fn signin(
    State(state): State<AppState>,
    headers: HeaderMap,
    auth::ClientAddress(client): auth::ClientAddress,
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
    if let Err(e) = auth::guard(&state, "signin", &email, &client, state.now_ms()).await {
        return Ok((
            e.status(),
            html_page(signin_markup(Some(&e.to_string()), &email, false, &token)),
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
        Some(u) if ok => sign_in_as(&state, &u).await,
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

#[derive(serde::Deserialize)]
pub struct ResetQuery {
    #[serde(default)]
    token: String,
}

fn reset_markup(error: Option<&str>, token: &str) -> Markup {
    layout(
        "New password",
        None,
        html! {
            h1 { "Choose a new password" }
            (form_error(error))
            form.stack method="post" action="/reset" {
                input type="hidden" name="token" value=(token);
                label { "New password (at least 10 characters, hard to guess) " input type="password" name="password" required minlength="10" autocomplete="new-password"; }
                button type="submit" { "Set the password" }
            }
        },
    )
}

const LINK_GONE: &str = "This link is unknown, used or expired: ask for a new one.";

/// The form of a one-time reset link (`myo admin reset-password`). The link's secret is the
/// form's CSRF protection: a cross-site page cannot know it.
pub async fn reset_form(
    State(state): State<AppState>,
    axum::extract::Query(q): axum::extract::Query<ResetQuery>,
) -> Page {
    let live = q.token.len() == 64
        && state
            .store
            .password_reset_live(&auth::token_hash(&q.token), state.now_ms())
            .await?;
    if !live {
        return Ok((
            StatusCode::NOT_FOUND,
            html_page(reset_markup(Some(LINK_GONE), "")),
        )
            .into_response());
    }
    Ok(html_page(reset_markup(None, &q.token)))
}

pub async fn reset(State(state): State<AppState>, Form(fields): Form<Fields>) -> Page {
    let token = field(&fields, "token").to_string();
    let password = field(&fields, "password").to_string();
    if let Err(e) = auth::check_password(&password, &[]) {
        return Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            html_page(reset_markup(Some(&e.to_string()), &token)),
        )
            .into_response());
    }
    let hash = auth::hash_password(password).await?;
    match state
        .store
        .reset_password(&auth::token_hash(&token), &hash, state.now_ms())
        .await?
    {
        Some(_) => Ok(see_other("/signin")),
        None => Ok((
            StatusCode::NOT_FOUND,
            html_page(reset_markup(Some(LINK_GONE), "")),
        )
            .into_response()),
    }
}

fn forgot_markup(error: Option<&str>, email: &str, token: &str) -> Markup {
    layout(
        "Forgot password",
        None,
        html! {
            h1 { "Forgot your password?" }
            p { "Use one of the recovery codes you saved from Settings. Each works once. Without one, ask the club's administrator for a reset link." }
            (form_error(error))
            form.stack method="post" action="/forgot" {
                (pre_field(token))
                label { "Email " input type="email" name="email" required value=(email) autocomplete="username"; }
                label { "Recovery code " input type="text" name="code" required autocomplete="off" placeholder="abcd-efgh-jkmn-pqrs"; }
                label { "New password (at least 10 characters, hard to guess) " input type="password" name="password" required minlength="10" autocomplete="new-password"; }
                button type="submit" { "Set the password" }
            }
        },
    )
}

pub async fn forgot_form(State(state): State<AppState>) -> Response {
    with_pre_session(&state, StatusCode::OK, |t| forgot_markup(None, "", t))
}

/// A new password with a recovery code; throttled like sign-in, and the same answer for an
/// unknown email and a wrong code.
pub async fn forgot(
    State(state): State<AppState>,
    headers: HeaderMap,
    auth::ClientAddress(client): auth::ClientAddress,
    Form(fields): Form<Fields>,
) -> Page {
    let email = field(&fields, "email").trim().to_lowercase();
    let token = match auth::check_pre_session(&headers, field(&fields, "_csrf"), state.config.tls) {
        Ok(t) => t,
        Err(e) => {
            return Ok(with_pre_session(&state, e.status(), |t| {
                forgot_markup(Some(&e.to_string()), &email, t)
            }))
        }
    };
    let again = |status: StatusCode, message: String| {
        Ok((
            status,
            html_page(forgot_markup(Some(&message), &email, &token)),
        )
            .into_response())
    };
    if let Err(e) = auth::guard(&state, "signin", &email, &client, state.now_ms()).await {
        return again(e.status(), e.to_string());
    }
    let password = field(&fields, "password").to_string();
    if let Err(e) = auth::check_password(&password, &[&email]) {
        return again(StatusCode::UNPROCESSABLE_ENTITY, e.to_string());
    }
    let hash = auth::hash_password(password).await?;
    let done = state
        .store
        .recover_password(
            &email,
            &auth::recovery_code_hash(field(&fields, "code")),
            &hash,
            state.now_ms(),
        )
        .await?;
    if done {
        Ok(see_other("/signin"))
    } else {
        again(
            StatusCode::UNAUTHORIZED,
            "Wrong email or recovery code.".to_string(),
        )
    }
}
