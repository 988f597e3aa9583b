//! A coach's team: the roster page, invitations, and the start-up warm-up.
//!
//! A roster row is a [`Summary`] of the athlete's dashboard. Each one computed is saved in the
//! store ([`myo_store::Store::save_summaries`]), so a roster is one query plus the rows that
//! are out of date. Those are computed in the background, two at a time; the page waits for
//! them at most [`crate::Config::roster_wait_ms`] and shows the rest from their last saved
//! summary, marked with its time (or "updating" when the log changed since), and reloads
//! itself until they are in. The rows of a minute that [`crate::data::refresh`] computed ahead
//! are map look-ups and make it in time.

use std::collections::HashSet;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::Form;
use chrono::DateTime;
use maud::{html, Markup};
use myo_store::{Athlete, Job, Role, StoredSummary};
use serde::{Deserialize, Serialize};

use crate::auth::{self, Viewer};
use crate::error::WebError;
use crate::pages::{check_csrf, csrf_field, field, html_page, layout, see_other, Fields, Page};
use crate::AppState;

/// The model a summary was computed with: another version's summaries are out of date.
/// What a saved row was computed with: the crate and the model's revision (a row of an older
/// model is brought up to date, like a row of an older log).
const MODEL: &str = concat!("myo ", env!("CARGO_PKG_VERSION"), " model ");

fn model_key() -> String {
    format!("{MODEL}{}", myo_model::MODEL_REVISION)
}

/// What a roster row shows of an athlete's dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Whole-body readiness now (0–100).
    pub readiness: f64,
    /// Today's plan in a line.
    pub decision: String,
    pub flags: Vec<String>,
    /// Groups below moderate readiness.
    pub low_groups: usize,
    /// Whole-body readiness now minus 24 h ago; `None` for a log under a day old.
    pub change: Option<f64>,
    /// What the personal model learned, in words (empty before it learned anything).
    #[serde(default)]
    pub learned: Vec<String>,
}

impl Summary {
    fn of(d: &crate::data::Dashboard) -> Summary {
        let prev = d
            .now_index
            .checked_sub((24.0 / crate::data::STEP_H) as usize)
            .and_then(|i| d.timeline.points.get(i));
        let cur = d.timeline.points.get(d.now_index);
        Summary {
            readiness: d.plan.whole_body.readiness,
            decision: d.plan.headline.clone(),
            flags: d.plan.flags.iter().map(|f| f.message.clone()).collect(),
            low_groups: d
                .plan
                .muscles
                .iter()
                .filter(|g| g.readiness < myo_app::simulate::MODERATE)
                .count(),
            change: prev
                .zip(cur)
                .map(|(p, c)| c.systemic.readiness - p.systemic.readiness),
            learned: cur
                .map(|c| myo_personal::in_words(&c.personal))
                .unwrap_or_default(),
        }
    }
}

/// How long a claim on an athlete's row lasts: past it, a replica that stopped mid-way
/// loses it to another (a row takes at most seconds).
pub const CLAIM_LEASE_MS: i64 = 120_000;

/// The job of computing `athlete`'s row for the log as it is, this model and this minute.
fn job(athlete: &Athlete, minute_ms: i64) -> Job {
    Job {
        athlete_id: athlete.id,
        target: format!("{} {} {minute_ms}", athlete.revision, model_key()),
    }
}

/// Claims the rows of `athletes` (index, athlete) for this process in the store, shared by
/// every server on the database: each row is computed by one of them. Returns the claimed.
async fn claim(
    state: &AppState,
    athletes: Vec<(usize, Athlete)>,
    now_ms: i64,
) -> Result<Vec<(usize, Claim)>, WebError> {
    let minute_ms = now_ms / 60_000 * 60_000;
    let jobs: Vec<Job> = athletes.iter().map(|(_, a)| job(a, minute_ms)).collect();
    let claimed = state
        .store
        .claim_work(&jobs, &state.holder, CLAIM_LEASE_MS, now_ms)
        .await?;
    Ok(athletes
        .into_iter()
        .filter(|(_, a)| claimed.contains(&a.id))
        .map(|(i, athlete)| {
            let claim = Claim {
                state: state.clone(),
                athlete,
                done: false,
            };
            (i, claim)
        })
        .collect())
}

/// A claimed row: ended when dropped (also if its computation panics or is cancelled), as
/// done when its summary was saved, else released for another try.
struct Claim {
    state: AppState,
    athlete: Athlete,
    done: bool,
}

impl Drop for Claim {
    fn drop(&mut self) {
        let (state, id, done) = (self.state.clone(), self.athlete.id, self.done);
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let now = state.now_ms();
                if let Err(e) = state.store.end_work(id, &state.holder, done, now).await {
                    tracing::warn!(athlete = id, error = %e, "roster: claim not ended");
                }
            });
        }
    }
}

/// Computes the dashboard of `athlete` at `now_ms` (a look-up when cached) and its summary,
/// ready to save.
async fn summarise(
    state: &AppState,
    athlete: &Athlete,
    now_ms: i64,
) -> Result<(Summary, StoredSummary), WebError> {
    let d = state.cache.dashboard(&state.store, athlete, now_ms).await?;
    let summary = Summary::of(&d);
    let stored = StoredSummary {
        athlete_id: athlete.id,
        // The revision read with the athlete: if the log changed since, the dashboard may be
        // newer than it, and the store refuses to save the summary under the old revision.
        revision: athlete.revision,
        at_ms: now_ms / 60_000 * 60_000,
        model: model_key(),
        data: serde_json::to_string(&summary).map_err(|e| WebError::Internal(e.to_string()))?,
    };
    Ok((summary, stored))
}

/// Summarises the claimed rows two at a time in a task of its own that outlives the
/// request, saves what it computed, sends each (index, summary) as it is done, and ends each
/// claim.
fn summarise_in_background(
    state: &AppState,
    claims: Vec<(usize, Claim)>,
    now_ms: i64,
) -> tokio::sync::mpsc::UnboundedReceiver<(usize, Summary)> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let state = state.clone();
    tokio::spawn(async move {
        let started = std::time::Instant::now();
        let permits = Arc::new(tokio::sync::Semaphore::new(2));
        let mut tasks = tokio::task::JoinSet::new();
        for (i, claim) in claims {
            let state = state.clone();
            let permits = permits.clone();
            tasks.spawn(async move {
                let _permit = permits.acquire().await;
                let done = summarise(&state, &claim.athlete, now_ms).await;
                (i, claim, done)
            });
        }
        let mut computed = Vec::new();
        let mut claims = Vec::new();
        while let Some(done) = tasks.join_next().await {
            match done {
                Ok((i, claim, Ok((summary, stored)))) => {
                    let _ = tx.send((i, summary));
                    computed.push(stored);
                    claims.push(claim);
                }
                Ok((_, claim, Err(e))) => {
                    tracing::warn!(athlete = claim.athlete.id, error = %e, "roster row")
                }
                Err(e) => tracing::warn!(error = %e, "roster row"),
            }
        }
        match state.store.save_summaries(&computed).await {
            Ok(saved) => {
                for claim in &mut claims {
                    claim.done = true;
                }
                tracing::info!(
                    computed = computed.len(),
                    saved,
                    ms = started.elapsed().as_millis() as u64,
                    "roster rows computed"
                )
            }
            Err(e) => tracing::warn!(error = %e, "roster: summaries not saved"),
        }
    });
    rx
}

#[derive(Deserialize)]
pub struct Sort {
    #[serde(default)]
    pub sort: Option<String>,
}

/// How current a row is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fresh {
    /// Computed for this minute and the log as it is.
    Now,
    /// The log is unchanged but the row was computed at this earlier time.
    AsOf(i64),
    /// The log changed since this row was computed at this time.
    Updating(i64),
}

/// One roster row.
struct Row {
    /// The link's place (oldest first): ties keep it.
    order: usize,
    athlete: Athlete,
    /// `None` until the first summary of the athlete is computed.
    summary: Option<(Summary, Fresh)>,
    activity: Activity,
}

/// How much an athlete logs: read from the log at every view (it is cheap and never stale).
struct Activity {
    /// The last entry's time (ms), not counting entries dated in the future.
    last_ms: Option<i64>,
    /// Local days of the past week (today included) with at least one entry.
    days_7: usize,
}

impl Activity {
    async fn of(state: &AppState, athlete: &Athlete, now_ms: i64) -> Result<Activity, WebError> {
        let zone = athlete.profile.time_zone;
        let week_ago = now_ms - 6 * 24 * 3_600_000;
        let (last_ms, recent) = state
            .store
            .recent_activity(athlete.id, week_ago - 24 * 3_600_000, now_ms)
            .await?;
        let local_day = |ms: i64| {
            DateTime::from_timestamp_millis(ms).map(|t| zone.local(t.fixed_offset()).date_naive())
        };
        let first_day = local_day(week_ago);
        let days: HashSet<_> = recent
            .into_iter()
            .filter_map(local_day)
            .filter(|d| first_day.is_some_and(|f| *d >= f))
            .collect();
        Ok(Activity {
            last_ms,
            days_7: days.len(),
        })
    }
}

pub async fn roster(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(sort): Query<Sort>,
) -> Page {
    if viewer.user.role != Role::Coach {
        return Err(WebError::Forbidden);
    }
    let now = state.now_ms();
    let minute_ms = now / 60_000 * 60_000;
    let team = state.store.team(viewer.user.id).await?;
    let model = model_key();
    let mut rows = Vec::with_capacity(team.len());
    let mut due = Vec::new();
    for (i, member) in team.into_iter().enumerate() {
        let saved = member.summary.as_ref().and_then(|s| {
            let summary: Summary = serde_json::from_str(&s.data).ok()?;
            let fresh = if s.revision != member.athlete.revision || s.model != model {
                Fresh::Updating(s.at_ms)
            } else if s.at_ms != minute_ms {
                Fresh::AsOf(s.at_ms)
            } else {
                Fresh::Now
            };
            Some((summary, fresh))
        });
        if saved.as_ref().is_none_or(|(_, f)| *f != Fresh::Now) {
            due.push((i, member.athlete.clone()));
        }
        let activity = Activity::of(&state, &member.athlete, now).await?;
        rows.push(Row {
            order: i,
            athlete: member.athlete,
            summary: saved,
            activity,
        });
    }
    let due = claim(&state, due, now).await?;
    if !due.is_empty() {
        let expected = due.len();
        let mut done = summarise_in_background(&state, due, now);
        let wait = std::time::Duration::from_millis(state.config.roster_wait_ms);
        let deadline = tokio::time::Instant::now() + wait;
        for _ in 0..expected * usize::from(!wait.is_zero()) {
            match tokio::time::timeout_at(deadline, done.recv()).await {
                Ok(Some((i, summary))) => rows[i].summary = Some((summary, Fresh::Now)),
                Ok(None) | Err(_) => break,
            }
        }
    }
    let behind = rows
        .iter()
        .filter(|r| r.summary.as_ref().is_none_or(|(_, f)| *f != Fresh::Now))
        .count();
    let links = state.store.coach_links(viewer.user.id).await?;
    // Pending links and invitations to emails without an account look alike: a coach does
    // not learn which emails have accounts.
    let mut pending: Vec<String> = links
        .iter()
        .filter(|l| l.coach.id == viewer.user.id && !l.accepted)
        .map(|l| l.athlete_user.email.clone())
        .collect();
    pending.extend(state.store.invitations(viewer.user.id).await?);
    let readiness = |r: &Row| {
        r.summary
            .as_ref()
            .map_or(f64::INFINITY, |(s, _)| s.readiness)
    };
    let flags = |r: &Row| r.summary.as_ref().map_or(0, |(s, _)| s.flags.len());
    match sort.sort.as_deref().unwrap_or("readiness") {
        "name" => rows.sort_by(|a, b| a.athlete.name.cmp(&b.athlete.name)),
        "flags" => rows.sort_by(|a, b| {
            flags(b)
                .cmp(&flags(a))
                .then(readiness(a).total_cmp(&readiness(b)))
                .then(a.order.cmp(&b.order))
        }),
        _ => rows.sort_by(|a, b| {
            readiness(a)
                .total_cmp(&readiness(b))
                .then(a.order.cmp(&b.order))
        }),
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
                p { "Waiting for: " @for (i, email) in pending.iter().enumerate() { @if i > 0 { ", " } (email) } }
            }
        }
        @if behind > 0 {
            // Reloads until every row is current (no script: the CSP allows none inline).
            meta http-equiv="refresh" content="5";
            p.note role="status" id="roster-behind" {
                (behind) " of " (rows.len()) " rows are being brought up to date and show their last computed state, marked. "
                "This page reloads in 5 s."
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
                th { "last entry" }
                th { "days logged, past week" }
                th { "learned" }
                th { span.visually-hidden { "actions" } }
            } }
            tbody {
                @for r in &rows {
                    @match &r.summary {
                        Some((s, fresh)) => {
                            tr data-athlete=(r.athlete.name) data-fresh=(match fresh { Fresh::Now => "now", Fresh::AsOf(_) => "as-of", Fresh::Updating(_) => "updating" }) {
                                td {
                                    a href=(format!("/athletes/{}", r.athlete.id)) { (r.athlete.name) }
                                    @match fresh {
                                        Fresh::Now => {},
                                        Fresh::AsOf(at) => { " " small.stale { "as of " (clock(&r.athlete, *at, now)) } },
                                        Fresh::Updating(at) => { " " small.stale { "updating (new entries since " (clock(&r.athlete, *at, now)) ")" } },
                                    }
                                }
                                td data-label="readiness" { (format!("{:.0}", s.readiness)) }
                                // The decision; its reasons on hover and on the dashboard.
                                td data-label="today" title=(s.decision) { (s.decision.split_once(": ").map_or(s.decision.as_str(), |(d, _)| d)) }
                                td data-label="flags" { @if s.flags.is_empty() { "—" } @else { (s.flags.join("; ")) } }
                                td data-label="groups below moderate" { (s.low_groups) }
                                td data-label="what changed" { @match s.change { Some(c) => (format!("{c:+.0} since yesterday")), None => "new" } }
                                (activity_cells(r, now))
                                td.learned data-label="learned" { @if s.learned.is_empty() { "—" } @else { ul { @for l in &s.learned { li { (l) } } } } }
                                (drop_cell(&viewer, &links, r))
                            }
                        }
                        None => {
                            tr data-athlete=(r.athlete.name) data-fresh="computing" {
                                td { a href=(format!("/athletes/{}", r.athlete.id)) { (r.athlete.name) } }
                                td colspan="4" { small.stale { "computing…" } }
                                (activity_cells(r, now))
                                td {}
                                (drop_cell(&viewer, &links, r))
                            }
                        }
                    }
                }
            }
        }
        @if rows.is_empty() { p { "No athlete has accepted an invitation yet." } }
    };
    Ok(html_page(layout("Team", Some(&viewer), body)))
}

/// A row's last entry and days logged in the past week.
fn activity_cells(r: &Row, now_ms: i64) -> Markup {
    html! {
        td data-label="last entry" { @match r.activity.last_ms { Some(ms) => (clock(&r.athlete, ms, now_ms)), None => "—" } }
        td data-label="days logged, past week" { (r.activity.days_7) " of 7" }
    }
}

/// The coach's button to stop following an athlete (the athlete can invite again).
fn drop_cell(viewer: &Viewer, links: &[myo_store::CoachLink], r: &Row) -> Markup {
    let user = links
        .iter()
        .find(|l| l.coach.id == viewer.user.id && l.athlete_user.athlete_id == Some(r.athlete.id))
        .map(|l| l.athlete_user.id);
    html! {
        td {
            @if let Some(user) = user {
                form.inline method="post" action=(format!("/coach/athletes/{user}/drop")) {
                    (csrf_field(viewer))
                    button.secondary type="submit" aria-label=(format!("Stop following {}", r.athlete.name)) { "Drop" }
                }
            }
        }
    }
}

/// Stops following an athlete (the coach's side of revoking): their data is no longer shown.
pub async fn drop_athlete(
    State(state): State<AppState>,
    viewer: Viewer,
    axum::extract::Path(user): axum::extract::Path<i64>,
    axum::Form(fields): axum::Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    if viewer.user.role != Role::Coach
        || !state.store.remove_coach_link(viewer.user.id, user).await?
    {
        return Err(WebError::NotFound);
    }
    Ok(see_other("/coach"))
}

/// `HH:MM` in the athlete's time zone (`DD Mon HH:MM` if not today there).
fn clock(athlete: &Athlete, at_ms: i64, now_ms: i64) -> String {
    let zone = athlete.profile.time_zone;
    let (Some(at), Some(now)) = (
        DateTime::from_timestamp_millis(at_ms),
        DateTime::from_timestamp_millis(now_ms),
    ) else {
        return String::new();
    };
    let at = zone.local(at.fixed_offset());
    if at.date_naive() == zone.local(now.fixed_offset()).date_naive() {
        at.format("%H:%M").to_string()
    } else {
        at.format("%-d %b %H:%M").to_string()
    }
}

pub async fn invite(
    State(state): State<AppState>,
    viewer: Viewer,
    auth::ClientAddress(client): auth::ClientAddress,
    Form(fields): Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    if viewer.user.role != Role::Coach {
        return Err(WebError::Forbidden);
    }
    auth::guard(
        &state,
        "invite",
        &viewer.user.email,
        &client,
        state.now_ms(),
    )
    .await?;
    // The same answer whether the email has an account or not.
    state
        .store
        .invite_email(&viewer.user, field(&fields, "email"), state.now_ms())
        .await?;
    Ok(see_other("/coach"))
}

/// Athletes warmed at start-up at most ([`warm_up`]).
pub const WARM_MAX: i64 = 2000;

/// Once, at start-up: computes the dashboards of the athletes some coach follows (at most
/// [`WARM_MAX`]), two at a time, and saves their summaries. That keeps their parsed logs and
/// checkpoints and puts them on the refresh list, so that later rosters are look-ups; the
/// rosters asked for meanwhile show the summaries saved before the restart. Returns how many
/// were warmed.
pub async fn warm_up(state: crate::AppState) -> usize {
    let ids = match state.store.coached_athletes(WARM_MAX).await {
        Ok(ids) => ids,
        Err(e) => {
            tracing::warn!(error = %e, "warm-up: no athletes");
            return 0;
        }
    };
    let started = std::time::Instant::now();
    let mut athletes = Vec::with_capacity(ids.len());
    for id in ids {
        match state.store.athlete_by_id(id).await {
            Ok(a) => athletes.push((athletes.len(), a)),
            Err(e) => tracing::warn!(athlete = id, error = %e, "warm-up"),
        }
    }
    let now = state.now_ms();
    let claims = match claim(&state, athletes, now).await {
        Ok(claims) => claims,
        Err(e) => {
            tracing::warn!(error = %e, "warm-up: no claims");
            return 0;
        }
    };
    let mut done = summarise_in_background(&state, claims, now);
    let mut warmed = 0;
    while done.recv().await.is_some() {
        warmed += 1;
    }
    tracing::info!(
        athletes = warmed,
        ms = started.elapsed().as_millis() as u64,
        "warm-up done"
    );
    warmed
}
