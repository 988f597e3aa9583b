//! Settings: the athlete's profile (time zone included), password, API tokens, coach
//! invitations.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Form;
use maud::{html, Markup};
use myo_store::Role;

use crate::auth::{self, Viewer};
use crate::error::WebError;
use crate::AppState;

use super::*;
use axum::routing::{get, post};
use axum::Router;

/// This area's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/settings", get(settings))
        .route("/settings/profile", post(change_profile))
        .route("/settings/password", post(change_password))
        .route("/settings/tokens", post(new_token))
        .route("/settings/tokens/{token}/revoke", post(revoke_token))
        .route("/settings/export.json", get(export_json))
        .route("/settings/export.csv", get(export_csv))
        .route("/settings/delete", post(delete_account))
        .route("/settings/recovery", post(new_recovery_codes))
        .route("/coaches/{coach}/accept", post(accept_coach))
        .route("/coaches/{coach}/revoke", post(revoke_coach))
}

async fn settings_markup(
    state: &AppState,
    viewer: &Viewer,
    message: Option<Markup>,
    error: Option<&str>,
) -> Result<Markup, WebError> {
    let links = state.store.coach_links(viewer.user.id).await?;
    let athlete = match viewer.user.athlete_id {
        Some(id) => Some(state.store.athlete_by_id(id).await?),
        None => None,
    };
    let tokens = state.store.api_tokens(viewer.user.id).await?;
    let codes_left = state.store.recovery_codes_left(viewer.user.id).await?;
    let now = state.now_ms();
    let day = |ms: i64| {
        chrono::DateTime::from_timestamp_millis(ms)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
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
            @if let Some(a) = &athlete {
                section aria-labelledby="profile-h" {
                    h2 id="profile-h" { "Profile" }
                    p.hint { "Changing the profile recomputes your history with the new values." }
                    form.stack method="post" action="/settings/profile" {
                        (csrf_field(viewer))
                        (forms::profile_inputs(&a.profile))
                        label for="profile-time_zone" { "Time zone" }
                        input id="profile-time_zone" type="text" name="time_zone" value=(a.profile.time_zone) placeholder="Europe/Oslo" autocomplete="off" maxlength="64" required;
                        p.hint { "A name such as Europe/Oslo or America/New_York (summer time follows), or a fixed offset such as +01:00." }
                        button type="submit" { "Save profile" }
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
                @if tokens.is_empty() { p { "No tokens." } }
                ul.tokens {
                    @for t in &tokens {
                        li {
                            strong { (t.name) } " — created " (day(t.created_ms)) ", "
                            @if t.expires_ms > now { "expires " (day(t.expires_ms)) } @else { "expired " (day(t.expires_ms)) }
                            form.inline method="post" action=(format!("/settings/tokens/{}/revoke", t.token_hash)) {
                                (csrf_field(viewer)) button type="submit" { "Revoke" }
                            }
                        }
                    }
                }
                form.stack method="post" action="/settings/tokens" {
                    (csrf_field(viewer))
                    label { "Token name " input type="text" name="name" required maxlength="64"; }
                    label { "Expires after (days) " input type="number" name="days" min="1" max=(auth::TOKEN_DAYS_MAX) value=(auth::TOKEN_DAYS) required; }
                    button type="submit" { "Create token" }
                }
            }
            section aria-labelledby="rec-h" {
                h2 id="rec-h" { "Recovery codes" }
                p { "If you forget your password, one of these sets a new one on the " a href="/forgot" { "forgot password" } " page. "
                    "You have " (codes_left) " unused. Making new ones replaces the old." }
                form.inline method="post" action="/settings/recovery" {
                    (csrf_field(viewer)) button type="submit" { "Make new recovery codes" }
                }
            }
            section aria-labelledby="data-h" {
                h2 id="data-h" { "Your data" }
                p {
                    "Download everything myo keeps about you: "
                    a href="/settings/export.json" download { "all of it (JSON)" } ", or "
                    a href="/settings/export.csv" download { "your log's events (CSV)" } "."
                }
                h3 { "Delete the account" }
                p.hint { "Removes the account, its log, imports, tokens and coach links at once. It cannot be undone." }
                form.stack method="post" action="/settings/delete" {
                    (csrf_field(viewer))
                    label { "Password " input type="password" name="password" required autocomplete="current-password"; }
                    label { "Type DELETE to confirm " input type="text" name="confirm" required autocomplete="off"; }
                    button.danger type="submit" { "Delete my account" }
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

/// The settings page after a form: `done`'s message, or the form's error (422, the page
/// again with the error on top); other errors are the error page.
async fn settings_after(
    state: &AppState,
    viewer: &Viewer,
    result: Result<Markup, WebError>,
) -> Page {
    match result {
        Ok(message) => Ok(html_page(
            settings_markup(state, viewer, Some(message), None).await?,
        )),
        Err(err) if err.is_invalid() => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            html_page(settings_markup(state, viewer, None, Some(&err.to_string())).await?),
        )
            .into_response()),
        Err(e) => Err(e),
    }
}

pub async fn change_password(
    State(state): State<AppState>,
    viewer: Viewer,
    auth::ClientAddress(client): auth::ClientAddress,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    // A stolen session must not become a way to guess the password.
    if let Err(e) = auth::guard(
        &state,
        "password",
        &viewer.user.email,
        &client,
        state.now_ms(),
    )
    .await
    {
        return Ok((
            e.status(),
            html_page(settings_markup(&state, &viewer, None, Some(&e.to_string())).await?),
        )
            .into_response());
    }
    let ok = auth::verify_password(
        field(&fields, "current").to_string(),
        Some(viewer.user.password_hash.clone()),
    )
    .await;
    let result = if !ok {
        Err(WebError::bad("current", "wrong password"))
    } else {
        match auth::check_password(field(&fields, "new"), &[&viewer.user.email]) {
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
    let done = html! { "Password changed; other sessions and API tokens were signed out." };
    settings_after(&state, &viewer, result.map(|()| done)).await
}

pub async fn change_profile(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    let Some(id) = viewer.user.athlete_id else {
        return Err(WebError::Forbidden);
    };
    let athlete = own_athlete(&state, &viewer, id).await?;
    let result = match zone_field(&fields).and_then(|zone| forms::profile_from_form(&fields, zone))
    {
        Ok(profile) => state
            .store
            .update_athlete(id, &athlete.name, &profile, false, state.now_ms())
            .await
            .map(|_| ())
            .map_err(WebError::from),
        Err(e) => Err(e),
    };
    settings_after(&state, &viewer, result.map(|()| html! { "Profile saved." })).await
}

pub async fn new_token(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    let days = match field(&fields, "days").trim() {
        "" => Ok(auth::TOKEN_DAYS),
        d => d
            .parse::<i64>()
            .ok()
            .filter(|d| (1..=auth::TOKEN_DAYS_MAX).contains(d))
            .ok_or_else(|| {
                WebError::bad(
                    "days",
                    format!("a whole number of days from 1 to {}", auth::TOKEN_DAYS_MAX),
                )
            }),
    };
    let secret = auth::secret();
    let now = state.now_ms();
    let result = match days {
        Ok(days) => state
            .store
            .add_api_token(
                viewer.user.id,
                &auth::token_hash(&secret),
                field(&fields, "name").trim(),
                now + days * 86_400_000,
                now,
            )
            .await
            .map_err(WebError::from),
        Err(e) => Err(e),
    };
    let done = html! { "New token (shown once): " code id="new-token" { (secret) } };
    settings_after(&state, &viewer, result.map(|()| done)).await
}

pub async fn revoke_token(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(token): Path<String>,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    if !state.store.revoke_api_token(viewer.user.id, &token).await? {
        return Err(WebError::NotFound);
    }
    Ok(see_other("/settings"))
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

/// Everything of the viewer's: the account, their athlete's log and sources, coach links.
pub async fn export_json(State(state): State<AppState>, viewer: Viewer) -> Page {
    let athlete = match viewer.user.athlete_id {
        Some(id) => Some(state.store.export_athlete(id).await?),
        None => None,
    };
    let links: Vec<_> = state
        .store
        .coach_links(viewer.user.id)
        .await?
        .into_iter()
        .map(|l| {
            serde_json::json!({
                "coach": l.coach.email,
                "athlete": l.athlete_user.email,
                "accepted": l.accepted,
                "created_ms": l.created_ms,
            })
        })
        .collect();
    let tokens: Vec<_> = state
        .store
        .api_tokens(viewer.user.id)
        .await?
        .into_iter()
        .map(|t| serde_json::json!({"name": t.name, "created_ms": t.created_ms, "expires_ms": t.expires_ms}))
        .collect();
    let body = serde_json::json!({
        "format": "myo-account-export",
        "version": 1,
        "account": viewer.user,
        "athlete": athlete,
        "coach_links": links,
        "api_tokens": tokens,
    });
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/json"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"myo-export.json\"",
            ),
        ],
        serde_json::to_string_pretty(&body).unwrap_or_default(),
    )
        .into_response())
}

/// A CSV field, quoted when it holds a separator, a quote or a line break; a leading `=`,
/// `+`, `-` or `@` is prefixed with `'` so that spreadsheets do not run it as a formula.
fn csv_field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// The viewer's log as CSV: one event a row, its fields as the contract's JSON.
pub async fn export_csv(State(state): State<AppState>, viewer: Viewer) -> Page {
    let mut out = String::from("id,at,kind,fields,source\n");
    if let Some(id) = viewer.user.athlete_id {
        let events = state
            .store
            .events(&myo_store::EventFilter {
                athlete_id: Some(id),
                ..Default::default()
            })
            .await?;
        for e in &events {
            let fields = serde_json::Value::Object(e.event.fields()).to_string();
            out.push_str(&format!(
                "{},{},{},{},{}\n",
                e.id,
                csv_field(&myo_scenario::write::format_at(&e.at)),
                e.kind().name(),
                csv_field(&fields),
                csv_field(e.source.as_deref().unwrap_or("")),
            ));
        }
    }
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                axum::http::header::CONTENT_DISPOSITION,
                "attachment; filename=\"myo-events.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}

/// Deletes the viewer's account and everything of it, after the password and a typed
/// confirmation.
pub async fn delete_account(
    State(state): State<AppState>,
    viewer: Viewer,
    auth::ClientAddress(client): auth::ClientAddress,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    let refuse = |state: AppState, viewer: Viewer, err: WebError| async move {
        Ok((
            err.status(),
            html_page(settings_markup(&state, &viewer, None, Some(&err.to_string())).await?),
        )
            .into_response())
    };
    if let Err(e) = auth::guard(
        &state,
        "password",
        &viewer.user.email,
        &client,
        state.now_ms(),
    )
    .await
    {
        return refuse(state, viewer, e).await;
    }
    if field(&fields, "confirm").trim() != "DELETE" {
        return refuse(
            state,
            viewer,
            WebError::bad("confirm", "type DELETE to confirm"),
        )
        .await;
    }
    let ok = auth::verify_password(
        field(&fields, "password").to_string(),
        Some(viewer.user.password_hash.clone()),
    )
    .await;
    if !ok {
        return refuse(state, viewer, WebError::bad("password", "wrong password")).await;
    }
    state.store.delete_user(viewer.user.id).await?;
    Ok((
        StatusCode::SEE_OTHER,
        [
            (
                axum::http::header::SET_COOKIE,
                auth::set_cookie(None, state.config.tls),
            ),
            (axum::http::header::LOCATION, "/signin".to_string()),
        ],
    )
        .into_response())
}

/// Recovery codes as shown once: after sign-up on the first page, or from Settings.
pub(crate) fn welcome_codes(codes: &[String]) -> Markup {
    html! {
        section.notice role="status" aria-labelledby="codes-h" {
            h2 id="codes-h" { "Your recovery codes" }
            p { "Shown once: print them or keep them in a password manager. If you forget your password, one of them sets a new one on the " a href="/forgot" { "forgot password" } " page; each works once." }
            ul id="recovery-codes" { @for c in codes { li { code { (c) } } } }
        }
    }
}

/// New codes: `RECOVERY_CODES` of them and their hashes for the store.
pub(crate) fn make_recovery_codes() -> (Vec<String>, Vec<String>) {
    let codes: Vec<String> = (0..auth::RECOVERY_CODES)
        .map(|_| auth::recovery_code())
        .collect();
    let hashes = codes.iter().map(|c| auth::recovery_code_hash(c)).collect();
    (codes, hashes)
}

/// New recovery codes, shown once (the store keeps their hashes).
pub async fn new_recovery_codes(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    let (codes, hashes) = make_recovery_codes();
    state
        .store
        .set_recovery_codes(viewer.user.id, &hashes, state.now_ms())
        .await?;
    let message = welcome_codes(&codes);
    Ok(html_page(
        settings_markup(&state, &viewer, Some(message), None).await?,
    ))
}
