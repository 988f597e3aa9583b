//! The athlete's dashboard and a group's page: today's plan, the body map, the charts.

use axum::extract::{Path, State};
use chrono::DateTime;
use maud::{html, Markup};
use myo_app::bands::{Band, GroupBands};

use crate::auth::Viewer;
use crate::bodymap::{self, Shade};
use crate::chart::{self, Series};
use crate::error::WebError;
use crate::AppState;

use super::*;
use axum::routing::get;
use axum::Router;

/// This area's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/athletes/{id}", get(dashboard))
        .route("/athletes/{id}/muscles/{group}", get(muscle))
        .route(
            "/athletes/{id}/personal/forget",
            axum::routing::post(forget),
        )
}

/// Forgets what the personal model learned (the owner only): it learns again from reports
/// dated from now on.
pub async fn forget(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    axum::extract::Form(fields): axum::extract::Form<Fields>,
) -> Page {
    check_csrf(&viewer, &fields)?;
    let athlete = own_athlete(&state, &viewer, id).await?;
    state
        .store
        .set_personal_from(athlete.id, Some(state.now_ms()), state.now_ms())
        .await?;
    Ok(see_other(&format!("/athletes/{id}")))
}

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
fn spread(percentiles: Option<&myo_advisor::Percentiles>) -> Markup {
    let Some(myo_advisor::Percentiles {
        p10: low,
        p90: high,
        ..
    }) = percentiles
    else {
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
    let answer = crate::answer::answer(plan, d.events);
    let invitations = if owner {
        state
            .store
            .coach_links(viewer.user.id)
            .await?
            .into_iter()
            .filter(|l| l.athlete_user.id == viewer.user.id && !l.accepted)
            .collect()
    } else {
        Vec::new()
    };
    let body = html! {
        h1 { (athlete.name) }
        p.now { (d.now.format("%A %d %B, %H:%M")) }
        @for l in &invitations {
            div.notice role="status" {
                (l.coach.email) " invites you to share your data. "
                form.inline method="post" action=(format!("/coaches/{}/accept", l.coach.id)) {
                    (csrf_field(&viewer)) button type="submit" { "Accept" }
                }
                " "
                form.inline method="post" action=(format!("/coaches/{}/revoke", l.coach.id)) {
                    (csrf_field(&viewer)) button.secondary type="submit" { "Decline" }
                }
            }
        }
        section.answer aria-labelledby="plan-h" data-decision=(answer.tone) {
            h2 id="plan-h" { "Today" }
            p.decision { strong { (answer.title) } }
            @if !answer.reasons.is_empty() {
                ul.reasons { @for r in &answer.reasons { li { (r) } } }
            }
            @if owner {
                p.actions {
                    a.button href=(format!("/athletes/{id}/log")) { @if d.events == 0 { "Log your first entries" } @else { "Log" } }
                    @if d.events == 0 { " " a.button.secondary href="/settings" { "Check your profile" } }
                }
            }
        }
        div.columns {
            section aria-labelledby="map-h" {
                h2 id="map-h" { "Your muscles today" }
                (bodymap::body_map(&shades, "readiness-map"))
                (bodymap::legend())
                p.note { "Each group's number is its own readiness (0–100); its colour is the work it can do today, which a tired whole body holds back. Tap a group for its charts." }
            }
            div {
                @if !plan.flags.is_empty() || !plan.split.is_empty() {
                    section aria-labelledby="detail-h" {
                        h2 id="detail-h" { "The plan in detail" }
                        @if !plan.flags.is_empty() {
                            ul.flags {
                                @for f in &plan.flags { li class=(format!("flag {}", severity(f.severity))) { strong { (severity(f.severity)) ": " } (f.message) } }
                            }
                        }
                        @if !plan.split.is_empty() {
                            table.split {
                                caption { "By region" }
                                tbody {
                                    @for b in &plan.split {
                                        tr { th scope="row" { (bodymap::display(b.region)) } td { (crate::answer::level_words(b.level)) } }
                                    }
                                }
                            }
                        }
                    }
                }
                section aria-labelledby="whole-h" {
                    h2 id="whole-h" { "Whole body: " (format!("{:.0}", plan.whole_body.readiness)) "/100" }
                    table.contributors {
                        caption { "What lowers it now" }
                        thead { tr { th scope="col" { "what" } th scope="col" { "cost" } th scope="col" { "now" } } }
                        tbody {
                            @for c in &plan.whole_body.contributors {
                                tr {
                                    th scope="row" { (crate::answer::contributor_label(c.name)) }
                                    td { @if c.cost >= 0.5 { "−" (format!("{:.0}", c.cost)) } @else { "0" } }
                                    td { (contributor_now(c)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @let learned = now.map(|p| myo_personal::in_words(&p.personal)).unwrap_or_default();
        @if !learned.is_empty() {
            section aria-labelledby="learned-h" {
                h2 id="learned-h" { "What myo has learned about you" }
                ul.learned { @for line in &learned { li { (line) } } }
                p.note { "From your own ratings and measurements; the rest is the population's model." }
                @if owner {
                    form method="post" action=(format!("/athletes/{id}/personal/forget")) {
                        (csrf_field(&viewer))
                        button type="submit" { "Forget what myo learned" }
                    }
                }
            }
        }
        section aria-labelledby="groups-h" {
            h2 id="groups-h" { "Groups" }
            table.groups id="groups" {
                thead { tr { th scope="col" { "group" } th scope="col" { "readiness" } th scope="col" { "today" } th scope="col" { "moderate from" } th scope="col" { "hard from" } } }
                tbody {
                    @for g in &plan.muscles {
                        tr data-group=(g.muscle) {
                            td { a href=(format!("/athletes/{id}/muscles/{}", g.muscle)) { (bodymap::display(g.muscle)) } }
                            td { (format!("{:.0}", g.readiness)) }
                            td { (crate::answer::level_words(g.level)) }
                            td { (stamp(&g.ready.moderate)) (spread(g.ready.range.as_ref().map(|r| &r.moderate))) }
                            td {
                                @if g.level < myo_advisor::Level::Hard && g.readiness >= myo_advisor::forecast::HARD {
                                    "when the whole body allows"
                                } @else {
                                    (stamp(&g.ready.hard)) (spread(g.ready.range.as_ref().map(|r| &r.hard)))
                                }
                            }
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
                        "exponentially weighted averages, and form is yesterday's fitness − fatigue, as TrainingPeaks' CTL, ATL and TSB."
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

/// A whole-body contributor's present value in words (the model's fitness and fatigue stay
/// off the page: the training-load chart is the page's one fitness/fatigue).
fn contributor_now(c: &myo_advisor::explain::Contributor) -> String {
    match c.name {
        "neural_fatigue" => if c.value < 0.05 {
            "none to speak of"
        } else if c.value < 0.2 {
            "some"
        } else {
            "marked"
        }
        .into(),
        "autonomic" => {
            if c.value < -0.05 {
                "below your baseline".into()
            } else {
                "at or above your baseline".into()
            }
        }
        "sleep_debt" => format!("{:.1} h", c.value),
        "hydration" => format!("{:.0}%", c.value.min(100.0)),
        "training_load" => {
            if c.value < -10.0 {
                "heavier than your usual".into()
            } else {
                "about your usual or lighter".into()
            }
        }
        "muscles" => format!("{:.0}% of full", 100.0 * c.value),
        _ => c.text.clone(),
    }
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
            ul { @for c in &g.explanation.contributors { li { strong { (crate::answer::contributor_label(c.name)) } ": " (c.text) } } }
        }
        (group_charts(&d, name))
    };
    Ok(html_page(layout(
        &bodymap::display(name),
        Some(&viewer),
        body,
    )))
}
