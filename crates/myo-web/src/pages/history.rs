//! The log, newest first, and editing or deleting one event.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Form;
use maud::{html, Markup};
use myo_store::{Athlete, NewEvent};
use serde::Deserialize;
use serde_json::Value;

use crate::auth::Viewer;
use crate::error::WebError;
use crate::AppState;

use super::*;
use axum::routing::{get, post};
use axum::Router;

/// This area's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/athletes/{id}/history", get(history))
        .route(
            "/athletes/{id}/events/{event}",
            get(edit_form).post(edit_event),
        )
        .route("/athletes/{id}/events/{event}/delete", post(delete_event))
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
                        td { (e.kind()) }
                        td { code { (Value::Object(e.event.fields()).to_string()) } }
                        @if owner {
                            td {
                                a href=(format!("/athletes/{id}/events/{}", e.id)) { "Edit" }
                                form.inline method="post" action=(format!("/athletes/{id}/events/{}/delete", e.id)) {
                                    (csrf_field(&viewer))
                                    button type="submit" aria-label=(format!("Delete {} at {}", e.kind(), e.at.format("%Y-%m-%d %H:%M"))) { "Delete" }
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
            h1 { "Edit " (e.kind()) " of " (e.at.format("%Y-%m-%d %H:%M")) }
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
        .map_err(|err| WebError::bad("json", err))
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
        Err(err) if err.is_invalid() => Ok((
            StatusCode::UNPROCESSABLE_ENTITY,
            html_page(edit_markup(&viewer, id, &e, text, Some(&err.to_string()))),
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
