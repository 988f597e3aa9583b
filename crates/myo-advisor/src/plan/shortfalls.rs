//! What short nights and low-protein days in the last days cost today.

use myo_model::{Event, EventKind, Meal, MuscleGroup, Snapshot};

use super::Request;
use crate::advice::{item, Advice, AdviceCode};
use crate::forecast::{self, ReadyHours, Run, HORIZON_H};
use crate::nutrition;

/// What short nights and low-protein days in the last 3 days cost: the same forecast with the
/// sleep and protein made adequate.
pub(super) fn shortfall_costs(
    req: &Request,
    now: &Snapshot,
    ready: &[(MuscleGroup, ReadyHours)],
) -> Vec<Advice> {
    let run = &req.run;
    let at = req.at_h;
    let found = nutrition::shortfalls(
        run.athlete,
        run.params,
        req.logged,
        at - 72.0,
        at,
        req.clock.day_start(at),
    );
    if found.is_empty() {
        return Vec::new();
    }
    let need = run.params.sleep_need_h;
    let mut events: Vec<Event> = run.events.to_vec();
    for &(i, _) in &found.short_nights {
        let short = &req.logged[i];
        if let Some(e) = events.iter_mut().find(|e| *e == short) {
            e.kind = EventKind::Sleep {
                hours: need,
                quality: None,
            };
        }
    }
    for &(day, protein) in &found.protein_days {
        events.push(Event {
            at: day + 12.0,
            kind: EventKind::Meal(Meal {
                protein_g: (1.6 * run.athlete.body_mass_kg - protein).max(0.0),
                ..Meal::default()
            }),
        });
    }
    let better = Run {
        events: &events,
        ..*run
    };
    let mut sim = better.simulation();
    let then = sim.snapshot_at(at);
    let groups: Vec<MuscleGroup> = ready.iter().map(|(g, _)| *g).collect();
    let ready_better = if groups.is_empty() {
        Vec::new()
    } else {
        forecast::ready_times(sim, at, at + HORIZON_H, &groups)
    };
    let delays: Vec<String> = ready
        .iter()
        .zip(&ready_better)
        .filter_map(|((g, r), (_, b))| match (r.hard, b.hard) {
            (Some(x), Some(y)) if x - y >= 1.0 => Some(format!("{} {:.0} h", g.name(), x - y)),
            (None, Some(_)) => Some(format!("{} beyond the horizon", g.name())),
            _ => None,
        })
        .collect();
    let cost = then.systemic.readiness - now.systemic.readiness;
    let mut out = Vec::new();
    if !found.short_nights.is_empty() {
        let slept: Vec<String> = found
            .short_nights
            .iter()
            .map(|(_, h)| format!("{h:.1} h"))
            .collect();
        out.push(item(
            AdviceCode::ShortSleepCost,
            format!(
                "{} short night(s) in the last 3 days ({}, against a need of {need:.0} h) cost \
                 {cost:.0} points of whole-body readiness today{}.",
                found.short_nights.len(),
                slept.join(", "),
                if delays.is_empty() {
                    String::new()
                } else {
                    format!(" and delay hard readiness: {}", delays.join(", "))
                }
            ),
            &["Craven 2022", "Lamon 2021", "Fullagar 2015"],
        ));
    }
    if !found.protein_days.is_empty() {
        let effect = if found.short_nights.is_empty() && cost.abs() >= 1.0 {
            format!(
                "with enough, whole-body readiness today would be {:.0} instead of {:.0}",
                then.systemic.readiness, now.systemic.readiness
            )
        } else {
            "its effect on repair is small and does not move today's forecast by a point".into()
        };
        out.push(item(
            AdviceCode::LowProteinCost,
            format!(
                "{} logged day(s) with less than {:.0} g of protein: {effect}. Aim for the \
                 protein target above.",
                found.protein_days.len(),
                1.2 * run.athlete.body_mass_kg,
            ),
            &["Morton 2018", "Jäger 2017"],
        ));
    }
    out
}
