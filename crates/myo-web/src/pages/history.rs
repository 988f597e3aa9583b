//! The log, newest first, and editing or deleting one event.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Form;
use maud::{html, Markup};
use myo_scenario::Kind;
use myo_store::{Athlete, NewEvent};
use serde::Deserialize;
use serde_json::Value;

use crate::auth::Viewer;
use crate::error::WebError;
use crate::AppState;

use super::forms;
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
    /// Only events of this kind (its name); empty or absent: every kind.
    #[serde(default)]
    pub kind: Option<String>,
}

/// Events on a page of the history: a phone screen or two.
const PER_PAGE: usize = 30;

pub async fn history(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(paging): Query<Paging>,
) -> Page {
    let athlete = visible_athlete(&state, &viewer, id).await?;
    let owner = viewer.user.athlete_id == Some(id);
    let zone = athlete.profile.time_zone;
    let kind = match paging.kind.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(k) => Some(Kind::parse(k).map_err(|e| WebError::bad("kind", format!("kind: {e}")))?),
    };
    let mut events = state
        .store
        .events(&myo_store::EventFilter {
            athlete_id: Some(id),
            kinds: kind.into_iter().collect(),
            ..Default::default()
        })
        .await?;
    events.reverse();
    let page = paging.page.unwrap_or(0) as usize;
    let pages = events.len().div_ceil(PER_PAGE).max(1);
    let shown: Vec<_> = events.iter().skip(page * PER_PAGE).take(PER_PAGE).collect();
    // By the athlete's local day, newest first.
    let mut days: Vec<(chrono::NaiveDate, Vec<&myo_store::StoredEvent>)> = Vec::new();
    for e in shown {
        let day = zone.local(e.at).date_naive();
        match days.last_mut() {
            Some((d, list)) if *d == day => list.push(e),
            _ => days.push((day, vec![e])),
        }
    }
    let link = |p: usize| match kind {
        Some(k) => format!("?kind={}&page={p}", k.name()),
        None => format!("?page={p}"),
    };
    let body = html! {
        h1 { "History of " (athlete.name) }
        form.filters method="get" {
            label for="history-kind" { "Show" }
            select id="history-kind" name="kind" {
                option value="" { "everything" }
                @for k in Kind::ALL { option value=(k.name()) selected[kind == Some(k)] { (k.label()) } }
            }
            button type="submit" { "Filter" }
        }
        @if days.is_empty() {
            p { "Nothing logged" @if kind.is_some() { " of this kind" } " yet." }
        }
        @for (day, list) in &days {
            section.day {
                h2 { (day.format("%A %-d %B %Y")) }
                ul.history {
                    @for e in list {
                        li {
                            span.time { (zone.local(e.at).format("%H:%M")) }
                            span.what { (e.event.in_words()) @if e.source.is_some() { " " small.note { "(imported)" } } }
                            @if owner {
                                span.actions {
                                    a.button.secondary href=(format!("/athletes/{id}/events/{}", e.id)) aria-label=(format!("Edit {} at {}", e.kind().label(), e.at.format("%Y-%m-%d %H:%M"))) { "Edit" }
                                    form.inline method="post" action=(format!("/athletes/{id}/events/{}/delete", e.id)) {
                                        (csrf_field(&viewer))
                                        button.secondary type="submit" aria-label=(format!("Delete {} at {}", e.kind().label(), e.at.format("%Y-%m-%d %H:%M"))) { "Delete" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        nav.pages aria-label="Pages" {
            @if page > 0 { a.button.secondary href=(link(page - 1)) { "← Newer" } }
            span { " Page " (page + 1) " of " (pages) " " }
            @if page + 1 < pages { a.button.secondary href=(link(page + 1)) { "Older →" } }
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

/// The edit page: the kind's own form, filled in, when it can show every field the event has;
/// else the event as JSON (a soreness map, an exercise given by muscles), so nothing is lost.
fn edit_markup(
    viewer: &Viewer,
    athlete: &Athlete,
    e: &myo_store::StoredEvent,
    sent: Option<&Fields>,
    error: Option<&WebError>,
) -> Result<Markup, WebError> {
    let id = athlete.id;
    let zone = athlete.profile.time_zone;
    let kind = e.kind();
    let as_form = forms::form_fields(&e.event);
    let json = sent.is_some_and(|f| f.iter().any(|(k, _)| k == "json")) || as_form.is_none();
    let local = zone.local(e.at).format("%Y-%m-%dT%H:%M").to_string();
    let failed = error.map(|err| (err.field().unwrap_or("").to_string(), err.to_string()));
    let failed = failed.as_ref().map(|(f, m)| (f.as_str(), m.as_str()));
    let shown =
        failed.is_some_and(|(f, _)| !f.is_empty() && f != "at" && forms::shows_field(kind, f));
    Ok(layout(
        "Edit event",
        Some(viewer),
        html! {
            h1 { "Edit: " (kind.label()) }
            p { (e.event.in_words()) }
            @if let Some((_, m)) = failed.filter(|_| !shown || json) { p.error role="alert" { (m) } }
            form.stack method="post" action=(format!("/athletes/{id}/events/{}", e.id)) {
                (csrf_field(viewer))
                @if json {
                    @let text = match sent {
                        Some(f) => field(f, "json").to_string(),
                        None => serde_json::to_string_pretty(&e.to_new().to_json()).unwrap_or_default(),
                    };
                    label for="event-json" { "This event has fields the form cannot show; edit it as JSON (the scenario spec's fields)" }
                    textarea id="event-json" name="json" rows="10" required { (text) }
                } @else {
                    @let fields = sent.cloned().or(as_form).unwrap_or_default();
                    (forms::inputs(kind, &fields, failed))
                    label for="edit-at" { "When (your local time, " (athlete.profile.time_zone) ")" }
                    input id="edit-at" type="datetime-local" name="at" value=(sent.map_or(local.clone(), |f| field(f, "at").to_string())) required;
                }
                p.actions {
                    button type="submit" { "Save" }
                    a.button.secondary href=(format!("/athletes/{id}/history")) { "Cancel" }
                }
            }
            (forms::exercise_names())
        },
    ))
}

pub async fn edit_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, event)): Path<(i64, i64)>,
) -> Page {
    let (athlete, e) = owned_event(&state, &viewer, id, event).await?;
    Ok(html_page(edit_markup(&viewer, &athlete, &e, None, None)?))
}

pub async fn edit_event(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, event)): Path<(i64, i64)>,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    let (athlete, e) = owned_event(&state, &viewer, id, event).await?;
    let result = if fields.iter().any(|(k, _)| k == "json") {
        serde_json::from_str::<Value>(field(&fields, "json"))
            .map_err(|err| WebError::bad("json", err))
            .and_then(|v| NewEvent::from_json(&v).map_err(Into::into))
    } else {
        super::log::event_at(
            field(&fields, "at"),
            athlete.profile.time_zone,
            state.now_ms(),
        )
        .and_then(|at| forms::event_from_form(e.kind(), &fields, at))
    };
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
            html_page(edit_markup(
                &viewer,
                &athlete,
                &e,
                Some(&fields),
                Some(&err),
            )?),
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
