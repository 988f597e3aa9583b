//! Which intervention when (domain.md §3–4), each rule with its evidence.

use myo_model::{ColdMethod, Event, EventKind, Hours, MuscleGroup, Phase, Snapshot};

use crate::advice::{item, Advice, AdviceCode};
use crate::explain::Peaks;

/// A group counts as warm or swollen (ice, never heat) with this much inflammation or swelling
/// early after damage.
const WARM_INFLAMMATION: f64 = 0.15;
const WARM_SWELLING_PCT: f64 = 2.0;
/// Hours after the damage peak during which a warm area is treated as early.
const EARLY_H: f64 = 48.0;
/// Soreness (0–10) worth treating.
const SORE: f64 = 1.5;
/// Tension (0–1) that counts as stiff or guarded.
const STIFF_TENSION: f64 = 0.15;
/// Cold-water immersion within this many hours after a strength session counts as "after it".
const CWI_AFTER_STRENGTH_H: f64 = 4.0;

/// What the plan knows about one group for these rules.
pub struct GroupView<'a> {
    pub group: MuscleGroup,
    pub peaks: &'a Peaks,
    /// Whether the plan allows moderate or hard work for it today.
    pub training_today: bool,
}

fn names(groups: &[MuscleGroup]) -> String {
    groups
        .iter()
        .map(|g| g.name())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Intervention advice and the things to avoid, at `at` with state `now`.
pub fn advise(
    now: &Snapshot,
    groups: &[GroupView],
    logged: &[Event],
    at: Hours,
    light_day: bool,
) -> (Vec<Advice>, Vec<Advice>) {
    let mut todo = Vec::new();
    let mut avoid = Vec::new();
    let since_peak = |v: &GroupView| v.peaks.damage.map(|(t, _)| at - t);
    let warm: Vec<MuscleGroup> = groups
        .iter()
        .filter(|v| {
            let m = now.muscle(v.group);
            m.phase == Phase::Inflammation
                && (m.inflammation >= WARM_INFLAMMATION || m.swelling_pct >= WARM_SWELLING_PCT)
                && since_peak(v).is_none_or(|h| h <= EARLY_H)
        })
        .map(|v| v.group)
        .collect();
    if !warm.is_empty() {
        todo.push(item(
            AdviceCode::IceEarly,
            format!(
                "Ice (10-15 min, cloth between ice and skin) on {}: still warm and swollen early \
                 after damage. Cold eases soreness but does not restore strength.",
                names(&warm)
            ),
            &["domain.md §3.21", "Hohenauer 2015", "Machado 2016"],
        ));
        avoid.push(item(
            AdviceCode::NoHeatOnWarmArea,
            format!("No heat on {} while it is warm or swollen.", names(&warm)),
            &["domain.md §3.21"],
        ));
    }
    let stiff: Vec<MuscleGroup> = groups
        .iter()
        .filter(|v| !warm.contains(&v.group))
        .filter(|v| {
            let m = now.muscle(v.group);
            matches!(m.phase, Phase::Repair | Phase::Remodelling)
                && m.inflammation < WARM_INFLAMMATION
                && (m.tension >= STIFF_TENSION || m.soreness >= SORE)
        })
        .map(|v| v.group)
        .collect();
    if !stiff.is_empty() {
        todo.push(item(
            AdviceCode::HeatWhenStiff,
            format!(
                "Heat (a warm pack or bath, 15-20 min) on {}: past the warm early phase and stiff \
                 or sore; heat eases DOMS pain.",
                names(&stiff)
            ),
            &["domain.md §3.21", "PMC8862647"],
        ));
    }
    let sore: Vec<MuscleGroup> = groups
        .iter()
        .filter(|v| {
            let m = now.muscle(v.group);
            m.soreness >= SORE && matches!(m.phase, Phase::Inflammation | Phase::Repair)
        })
        .map(|v| v.group)
        .collect();
    if !sore.is_empty() {
        todo.push(item(
            AdviceCode::MassageWindow,
            format!(
                "Massage (20-30 min) on {}: in the 24-72 h soreness window massage has the \
                 largest effect on soreness and perceived fatigue, without costing strength.",
                names(&sore)
            ),
            &["Guo 2017", "Dupuy 2018"],
        ));
        todo.push(item(
            AdviceCode::Compression,
            format!(
                "Compression garments on {} for a few hours ease soreness modestly; they do not \
                 spare strength.",
                names(&sore)
            ),
            &["Hill 2014", "PMC9388468"],
        ));
    }
    let training: Vec<MuscleGroup> = groups
        .iter()
        .filter(|v| v.training_today)
        .filter(|v| {
            let m = now.muscle(v.group);
            m.soreness >= 1.0 || m.tension >= STIFF_TENSION
        })
        .map(|v| v.group)
        .collect();
    if !training.is_empty() {
        todo.push(item(
            AdviceCode::FoamRolling,
            format!(
                "Foam-roll {} for 1-2 min each before training: short-term range of motion and \
                 less perceived pain; a complement to the warm-up, not a substitute.",
                names(&training)
            ),
            &["Wiewelhove 2019"],
        ));
    }
    let tense: Vec<MuscleGroup> = groups
        .iter()
        .filter(|v| now.muscle(v.group).tension >= 0.2)
        .map(|v| v.group)
        .collect();
    let needled: Vec<MuscleGroup> = logged
        .iter()
        .filter(|e| e.at <= at && at - e.at <= 72.0)
        .filter_map(|e| match &e.kind {
            EventKind::DryNeedling { muscles, .. } => Some(muscles.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    if !needled.is_empty() {
        let mut g = needled.clone();
        g.sort();
        g.dedup();
        todo.push(item(
            AdviceCode::PostNeedlingSoreness,
            format!(
                "Dry needling in the last 72 h: expect needling soreness in {} for up to 72 h; \
                 keep those groups light and do not read that soreness as new damage.",
                names(&g)
            ),
            &["Martín-Pintado-Zugasti 2016"],
        ));
    } else if !tense.is_empty() && light_day {
        todo.push(item(
            AdviceCode::DryNeedlingLighterDay,
            format!(
                "Guarded, tense {}: if you use dry needling (by a practitioner), today, a lighter \
                 day, is the time; it brings its own soreness for up to 72 h. Before a competition \
                 keep it light; after it, use it for tension release.",
                names(&tense)
            ),
            &[
                "Gattie 2017",
                "Martín-Pintado-Zugasti 2016",
                "domain.md §3.20",
            ],
        ));
    }
    let strength_times: Vec<Hours> = logged
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Strength(_)))
        .map(|e| e.at)
        .collect();
    let recent_strength = strength_times.iter().any(|&t| t <= at && at - t <= 48.0);
    let cwi_after_strength = logged
        .iter()
        .filter(|e| e.at <= at && at - e.at <= 14.0 * 24.0)
        .filter(
            |e| matches!(&e.kind, EventKind::Cold(c) if c.method == ColdMethod::ColdWaterImmersion),
        )
        .filter(|e| {
            strength_times
                .iter()
                .any(|&t| e.at >= t && e.at - t <= CWI_AFTER_STRENGTH_H)
        })
        .count();
    if cwi_after_strength >= 2 {
        avoid.push(item(
            AdviceCode::ColdWaterBluntsGrowth,
            format!(
                "Cold-water immersion followed {cwi_after_strength} strength sessions in the last \
                 two weeks. If this block aims at muscle growth, stop: regular immersion after \
                 strength sessions blunts gains in muscle size."
            ),
            &["Roberts 2015", "Fyfe 2019"],
        ));
    } else if recent_strength {
        avoid.push(item(
            AdviceCode::ColdWaterAfterStrengthCaution,
            "During a block aimed at muscle growth, avoid routine cold-water immersion after \
             strength sessions (it blunts hypertrophy). After matches or endurance work it eases \
             soreness: 10-15 °C for 10-15 min."
                .into(),
            &["Roberts 2015", "Fyfe 2019", "Machado 2016"],
        ));
    }
    (todo, avoid)
}

/// Do and avoid after a hard session or a treatment (domain.md §4).
pub fn after_hard_session() -> (Advice, Advice) {
    (
        item(
            AdviceCode::AfterHardSessionDo,
            "After a hard session or treatment: light movement, fluids, a balanced meal with \
             protein, ice if warm and sensitive, heat if stiff, a gradual return to load; mild \
             soreness is expected."
                .into(),
            &["domain.md §4"],
        ),
        item(
            AdviceCode::AfterHardSessionAvoid,
            "Avoid heavy exercise too soon, complete inactivity, heat on a warm area, pushing \
             through sharp or unusual pain, sudden jumps in load, irregular sleep and skipped \
             meals."
                .into(),
            &["domain.md §4"],
        ),
    )
}
