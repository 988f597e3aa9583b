//! A coach's team: the roster page, invitations, and the start-up warm-up that makes the
//! first roster a look-up.

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::Form;
use maud::html;
use myo_store::{Athlete, Role};
use serde::Deserialize;

use crate::auth::Viewer;
use crate::error::WebError;
use crate::pages::{check_csrf, csrf_field, field, html_page, layout, see_other, Fields, Page};
use crate::AppState;

#[derive(Deserialize)]
pub struct Sort {
    #[serde(default)]
    pub sort: Option<String>,
}

/// One roster row.
struct Row {
    /// The link's place (oldest first): ties keep it.
    order: usize,
    athlete: Athlete,
    readiness: f64,
    decision: String,
    flags: Vec<String>,
    low_groups: usize,
    changed: String,
}

pub async fn roster(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(sort): Query<Sort>,
) -> Page {
    if viewer.user.role != Role::Coach {
        return Err(WebError::Forbidden);
    }
    let links = state.store.coach_links(viewer.user.id).await?;
    let now = state.now_ms();
    // The athletes' dashboards, two at a time (one per core on a small server).
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(2));
    let mut tasks = tokio::task::JoinSet::new();
    for (i, aid) in links
        .iter()
        .filter(|l| l.coach.id == viewer.user.id && l.accepted)
        .filter_map(|l| l.athlete_user.athlete_id)
        .enumerate()
    {
        let state = state.clone();
        let permits = permits.clone();
        tasks.spawn(async move {
            let _permit = permits.acquire().await;
            let athlete = state.store.athlete_by_id(aid).await?;
            let d = state.cache.dashboard(&state.store, &athlete, now).await?;
            Ok::<_, WebError>((i, athlete, d))
        });
    }
    let mut rows = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let (i, athlete, d) = done.map_err(|e| WebError::Internal(e.to_string()))??;
        let prev = d
            .now_index
            .checked_sub((24.0 / crate::data::STEP_H) as usize)
            .and_then(|i| d.timeline.points.get(i));
        let cur = d.timeline.points.get(d.now_index);
        let changed = match (prev, cur) {
            (Some(p), Some(c)) => format!(
                "{:+.0} since yesterday",
                c.systemic.readiness - p.systemic.readiness
            ),
            _ => "new".into(),
        };
        rows.push(Row {
            order: i,
            readiness: d.plan.whole_body.readiness,
            decision: d.plan.headline.clone(),
            flags: d.plan.flags.iter().map(|f| f.message.clone()).collect(),
            low_groups: d
                .plan
                .muscles
                .iter()
                .filter(|g| g.readiness < myo_app::simulate::MODERATE)
                .count(),
            changed,
            athlete,
        });
    }
    let pending: Vec<_> = links
        .iter()
        .filter(|l| l.coach.id == viewer.user.id && !l.accepted)
        .collect();
    rows.sort_by_key(|r| r.order);
    match sort.sort.as_deref().unwrap_or("readiness") {
        "name" => rows.sort_by(|a, b| a.athlete.name.cmp(&b.athlete.name)),
        "flags" => rows.sort_by(|a, b| {
            b.flags
                .len()
                .cmp(&a.flags.len())
                .then(a.readiness.total_cmp(&b.readiness))
        }),
        _ => rows.sort_by(|a, b| a.readiness.total_cmp(&b.readiness)),
    }
    let body = html! {
        h1 { "Team" }
        section aria-labelledby="invite-h" {
            h2 id="invite-h" { "Invite an athlete" }
            form.inline method="post" action="/coach/invite" {
                (csrf_field(&viewer))
                label for="invite-email" { "Athlete's account email " }
                input id="invite-email" type="email" name="email" required;
                button type="submit" { "Invite" }
            }
            @if !pending.is_empty() {
                p { "Waiting for: " @for (i, l) in pending.iter().enumerate() { @if i > 0 { ", " } (l.athlete_user.email) } }
            }
        }
        table.roster id="roster" {
            thead { tr {
                th { a href="?sort=name" { "athlete" } }
                th { a href="?sort=readiness" { "readiness" } }
                th { "today" }
                th { a href="?sort=flags" { "flags" } }
                th { "groups below moderate" }
                th { "what changed" }
            } }
            tbody {
                @for r in &rows {
                    tr data-athlete=(r.athlete.name) {
                        td { a href=(format!("/athletes/{}", r.athlete.id)) { (r.athlete.name) } }
                        td { (format!("{:.0}", r.readiness)) }
                        td { (r.decision) }
                        td { @if r.flags.is_empty() { "—" } @else { (r.flags.join("; ")) } }
                        td { (r.low_groups) }
                        td { (r.changed) }
                    }
                }
            }
        }
        @if rows.is_empty() { p { "No athlete has accepted an invitation yet." } }
    };
    Ok(html_page(layout("Team", Some(&viewer), body)))
}

pub async fn invite(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    if viewer.user.role != Role::Coach {
        return Err(WebError::Forbidden);
    }
    state
        .store
        .invite(&viewer.user, field(&fields, "email"), state.now_ms())
        .await?;
    Ok(see_other("/coach"))
}

/// Athletes warmed at start-up at most ([`warm_up`]).
pub const WARM_MAX: i64 = 2000;

/// Once, at start-up: computes the dashboards of the athletes some coach follows (at most
/// [`WARM_MAX`]), two at a time, which keeps their parsed logs and checkpoints and puts them on
/// the refresh list, so that a coach's first roster is a look-up rather than a year's
/// simulation per athlete. Goes over them again (cheaply: from the checkpoints) if the minute
/// turned meanwhile. Returns how many were warmed.
pub async fn warm_up(state: crate::AppState) -> usize {
    let ids = match state.store.coached_athletes(WARM_MAX).await {
        Ok(ids) => ids,
        Err(e) => {
            tracing::warn!(error = %e, "warm-up: no athletes");
            return 0;
        }
    };
    let started = std::time::Instant::now();
    let mut warmed = 0;
    for _pass in 0..3 {
        let minute = state.now_ms() / 60_000;
        let permits = Arc::new(tokio::sync::Semaphore::new(2));
        let mut tasks = tokio::task::JoinSet::new();
        for &id in &ids {
            let state = state.clone();
            let permits = permits.clone();
            tasks.spawn(async move {
                let _permit = permits.acquire().await;
                let athlete = state.store.athlete_by_id(id).await?;
                let now_ms = state.now_ms();
                state
                    .cache
                    .dashboard(&state.store, &athlete, now_ms)
                    .await
                    .map(|_| ())
            });
        }
        warmed = 0;
        while let Some(done) = tasks.join_next().await {
            match done {
                Ok(Ok(())) => warmed += 1,
                Ok(Err(e)) => tracing::warn!(error = %e, "warm-up"),
                Err(e) => tracing::warn!(error = %e, "warm-up"),
            }
        }
        if state.now_ms() / 60_000 == minute {
            break;
        }
    }
    tracing::info!(
        athletes = warmed,
        ms = started.elapsed().as_millis() as u64,
        "warm-up done"
    );
    warmed
}
