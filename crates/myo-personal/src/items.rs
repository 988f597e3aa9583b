//! What an athlete reports or measures, and how each report relates to the simulated state:
//! the observation models. A report `y` (on a transformed scale for the log-normal ones) is
//!
//! ```text
//! y = offset + gain · s(state) + d(t) + ε
//! ```
//!
//! with `s` the item's signal from the simulation (a group's soreness, the whole body's
//! readiness, a force factor…), `offset` and `gain` the athlete's own (learned, starting at the
//! population's values below), `d` a deviation that decays with the item's time constant (what
//! the model does not explain today: a poor night, a cold) and `ε` the report's noise.
//! Evidence for each number: `docs/evidence.md` [OBS-*].

use myo_model::{LiftOutcome, MuscleGroup, Observation, Snapshot};
use serde::Serialize;

/// An observed item: the spec's `expected_reports` keys.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
pub enum Item {
    Soreness(MuscleGroup),
    GeneralSoreness,
    Readiness,
    Fatigue,
    Mood,
    Stress,
    SleepQuality,
    RmssdMs,
    /// A device's overnight average RMSSD: its own baseline, never pooled with morning readings.
    NightRmssdMs,
    RestingHr,
    CkUPerL,
    JumpCm,
    GripKg,
    /// A test set of the catalogue exercise of that name, as an estimated 1RM in kg.
    Lift(String),
}

/// How an item's reports scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Reported as is.
    Linear,
    /// Log-normal: learned on the natural log (HRV, CK).
    Log,
    /// Relative to the athlete's own first reading: the gain's prior is that reading divided by
    /// the signal then (performance tests).
    Relative,
}

/// One item's observation model: population priors and noise. Numbers on the learned scale
/// (natural log for [`Scale::Log`], a share of the first reading for [`Scale::Relative`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemModel {
    pub scale: Scale,
    /// The report's range on its own scale.
    pub min: f64,
    pub max: f64,
    pub offset: f64,
    pub offset_sd: f64,
    pub gain: f64,
    pub gain_sd: f64,
    /// Day-to-day noise of a report, SD.
    pub noise_sd: f64,
    /// SD and time constant (h) of the deviation the model does not explain.
    pub deviation_sd: f64,
    pub deviation_tau_h: f64,
    /// Drift allowed to the offset per day, SD (a baseline that moves over months).
    pub drift_sd_per_day: f64,
}

const fn linear(
    min: f64,
    max: f64,
    offset: (f64, f64),
    gain: (f64, f64),
    noise_sd: f64,
    deviation: (f64, f64),
) -> ItemModel {
    ItemModel {
        scale: Scale::Linear,
        min,
        max,
        offset: offset.0,
        offset_sd: offset.1,
        gain: gain.0,
        gain_sd: gain.1,
        noise_sd,
        deviation_sd: deviation.0,
        deviation_tau_h: deviation.1,
        drift_sd_per_day: 0.02,
    }
}

/// A performance test relative to the first reading: noise and deviation as shares of it.
const fn relative(max: f64, noise_share: f64) -> ItemModel {
    ItemModel {
        scale: Scale::Relative,
        min: 0.0,
        max,
        offset: 0.0,
        offset_sd: 0.0,
        gain: 1.0,
        gain_sd: 0.08,
        noise_sd: noise_share,
        deviation_sd: noise_share,
        deviation_tau_h: 48.0,
        drift_sd_per_day: 0.0,
    }
}

impl Item {
    /// The spec's key: `soreness.quadriceps`, `general_soreness`, `lift.Barbell Squat`.
    pub fn key(&self) -> String {
        match self {
            Item::Soreness(g) => format!("soreness.{}", g.name()),
            Item::Lift(name) => format!("lift.{name}"),
            other => other.simple_name().to_string(),
        }
    }

    fn simple_name(&self) -> &'static str {
        match self {
            Item::GeneralSoreness => "general_soreness",
            Item::Readiness => "readiness",
            Item::Fatigue => "fatigue",
            Item::Mood => "mood",
            Item::Stress => "stress",
            Item::SleepQuality => "sleep_quality",
            Item::RmssdMs => "rmssd_ms",
            Item::NightRmssdMs => "night_rmssd_ms",
            Item::RestingHr => "resting_hr",
            Item::CkUPerL => "ck_u_per_l",
            Item::JumpCm => "jump_cm",
            Item::GripKg => "grip_kg",
            Item::Soreness(_) => "soreness",
            Item::Lift(_) => "lift",
        }
    }

    /// The item of a spec key.
    pub fn parse(key: &str) -> Option<Item> {
        if let Some(g) = key.strip_prefix("soreness.") {
            return MuscleGroup::parse(g).ok().map(Item::Soreness);
        }
        if let Some(name) = key.strip_prefix("lift.") {
            return Some(Item::Lift(name.to_string()));
        }
        [
            Item::GeneralSoreness,
            Item::Readiness,
            Item::Fatigue,
            Item::Mood,
            Item::Stress,
            Item::SleepQuality,
            Item::RmssdMs,
            Item::NightRmssdMs,
            Item::RestingHr,
            Item::CkUPerL,
            Item::JumpCm,
            Item::GripKg,
        ]
        .into_iter()
        .find(|i| i.simple_name() == key)
    }

    /// The population's observation model of this item. [OBS-*]
    pub fn model(&self, resting_hr: f64) -> ItemModel {
        match self {
            // A rating of a group's soreness is the model's soreness, ±1 point test–retest.
            // [OBS-SORENESS]
            Item::Soreness(_) => linear(0.0, 10.0, (0.0, 1.0), (1.0, 0.5), 1.0, (1.5, 24.0)),
            // Whole-body soreness follows the sorest groups. [OBS-SORENESS]
            Item::GeneralSoreness => linear(0.0, 10.0, (0.5, 1.5), (1.0, 0.5), 1.0, (1.5, 24.0)),
            // Readiness 0–10 against the whole body's readiness /10. [OBS-WELLNESS]
            Item::Readiness => linear(0.0, 10.0, (0.0, 2.5), (1.0, 0.4), 1.0, (1.5, 36.0)),
            // Fatigue 1–10 against (100 − readiness)/10: a rested athlete still says about 2.
            // [OBS-WELLNESS]
            Item::Fatigue => linear(1.0, 10.0, (2.0, 1.5), (1.0, 0.5), 1.0, (1.5, 36.0)),
            // Mood and stress are mostly the athlete's own level; training moves them a little.
            // [OBS-WELLNESS]
            Item::Mood => linear(1.0, 10.0, (5.0, 2.5), (0.2, 0.3), 1.0, (1.5, 48.0)),
            Item::Stress => linear(1.0, 10.0, (4.0, 2.5), (0.2, 0.3), 1.0, (1.5, 48.0)),
            // Sleep quality 1–5 against sleep debt, h. [OBS-WELLNESS]
            Item::SleepQuality => linear(1.0, 5.0, (3.5, 1.0), (-0.3, 0.3), 0.7, (0.5, 24.0)),
            // ln rMSSD around a personal baseline, +0.3 per unit of autonomic balance; daily
            // CV about 10–15%. [OBS-HRV]
            Item::RmssdMs => ItemModel {
                scale: Scale::Log,
                ..linear(1.0, 500.0, (60f64.ln(), 0.5), (0.3, 0.2), 0.12, (0.1, 48.0))
            },
            // A night's average RMSSD (Garmin, Oura, WHOOP) on its own personal baseline: the
            // same autonomic signal, a steadier value than a morning spot reading (a whole
            // night averaged), so less day-to-day noise. [OBS-HRV]
            Item::NightRmssdMs => ItemModel {
                scale: Scale::Log,
                ..linear(1.0, 500.0, (50f64.ln(), 0.5), (0.3, 0.2), 0.10, (0.1, 48.0))
            },
            // Resting HR around the athlete's value, −5 bpm per unit of autonomic balance.
            // [OBS-HRV]
            Item::RestingHr => linear(
                25.0,
                220.0,
                (resting_hr, 8.0),
                (-5.0, 3.0),
                2.5,
                (2.0, 48.0),
            ),
            // ln CK rises with damage. [OBS-CK]
            Item::CkUPerL => ItemModel {
                scale: Scale::Log,
                ..linear(
                    0.0,
                    2_000_000.0,
                    (150f64.ln(), 0.6),
                    (4.0, 2.0),
                    0.3,
                    (0.3, 48.0),
                )
            },
            // Tests relative to the first reading: CMJ CV ~3–4%, grip ~5%, a test set ~4%.
            // [OBS-TESTS]
            Item::JumpCm => relative(150.0, 0.04),
            Item::GripKg => relative(200.0, 0.05),
            Item::Lift(_) => relative(1500.0, 0.04),
        }
    }

    /// The signal this item follows in a snapshot; `loading` is a test set's groups.
    pub fn signal(&self, s: &Snapshot, loading: &[(MuscleGroup, f64)]) -> f64 {
        let force = |groups: &[(MuscleGroup, f64)]| {
            let total: f64 = groups.iter().map(|(_, w)| w).sum();
            if total <= 0.0 {
                return 1.0;
            }
            groups
                .iter()
                .map(|(g, w)| w * s.muscle(*g).force_pct / 100.0)
                .sum::<f64>()
                / total
        };
        match self {
            Item::Soreness(g) => s.muscle(*g).soreness,
            Item::GeneralSoreness => top_soreness(s),
            Item::Readiness | Item::Mood => s.systemic.readiness / 10.0,
            Item::Fatigue | Item::Stress => (100.0 - s.systemic.readiness) / 10.0,
            Item::SleepQuality => s.systemic.sleep_debt_h,
            Item::RmssdMs | Item::NightRmssdMs | Item::RestingHr => s.systemic.autonomic,
            Item::CkUPerL => s.muscles.iter().map(|m| m.damage).fold(0.0, f64::max),
            Item::JumpCm => force(JUMP),
            Item::GripKg => force(&[(MuscleGroup::Forearms, 1.0)]),
            Item::Lift(_) => force(loading),
        }
    }
}

/// The groups a countermovement jump uses, with their shares. [OBS-TESTS]
const JUMP: &[(MuscleGroup, f64)] = &[
    (MuscleGroup::Quadriceps, 1.0),
    (MuscleGroup::Glutes, 0.8),
    (MuscleGroup::Calves, 0.6),
    (MuscleGroup::Hamstrings, 0.3),
];

/// Whole-body soreness: the mean of the three sorest groups (one very sore group is felt as
/// general soreness, a little everywhere is not).
fn top_soreness(s: &Snapshot) -> f64 {
    let mut v: Vec<f64> = s.muscles.iter().map(|m| m.soreness).collect();
    v.sort_by(|a, b| b.total_cmp(a));
    v.iter().take(3).sum::<f64>() / 3.0
}

/// A test set's estimated 1RM, kg: Epley's formula for reps to failure; for a mean velocity,
/// the share of 1RM from González-Badillo & Sánchez-Medina 2010's load–velocity relation
/// (bench press; the only general one; thin for other lifts). [OBS-TESTS]
pub fn estimated_1rm(load_kg: f64, outcome: LiftOutcome) -> Option<f64> {
    let e = match outcome {
        LiftOutcome::Reps(r) => load_kg * (1.0 + f64::from(r) / 30.0),
        LiftOutcome::VelocityMS(v) => {
            let pct = (8.4326 * v * v - 73.501 * v + 112.33).clamp(20.0, 100.0);
            load_kg * 100.0 / pct
        }
    };
    (e.is_finite() && e > 0.0).then_some(e)
}

/// The groups a test uses, with their shares (empty for other items).
pub type Loading = Vec<(MuscleGroup, f64)>;

/// Every item an observation reports, with its value on the report's own scale and, for a test
/// set, the groups it uses.
pub fn reported(o: &Observation) -> Vec<(Item, f64, Loading)> {
    let mut out: Vec<(Item, f64, Loading)> = o
        .soreness
        .iter()
        .map(|(g, v)| (Item::Soreness(*g), *v, Vec::new()))
        .collect();
    let plain = [
        (Item::GeneralSoreness, o.general_soreness),
        (Item::Readiness, o.readiness),
        (Item::Fatigue, o.fatigue),
        (Item::Mood, o.mood),
        (Item::Stress, o.stress),
        (Item::SleepQuality, o.sleep_quality),
        (Item::RmssdMs, o.rmssd_ms),
        (Item::NightRmssdMs, o.night_rmssd_ms),
        (Item::RestingHr, o.resting_hr),
        (Item::CkUPerL, o.ck_u_per_l),
        (Item::JumpCm, o.jump_cm),
        (Item::GripKg, o.grip_kg),
    ];
    out.extend(
        plain
            .into_iter()
            .filter_map(|(i, v)| v.filter(|v| v.is_finite()).map(|v| (i, v, Vec::new()))),
    );
    if let Some(l) = &o.lift {
        if let Some(e) = estimated_1rm(l.load_kg, l.outcome) {
            out.push((Item::Lift(l.exercise.clone()), e, l.loading.clone()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for i in [
            Item::Soreness(MuscleGroup::Quadriceps),
            Item::GeneralSoreness,
            Item::RmssdMs,
            Item::NightRmssdMs,
            Item::Lift("Barbell Squat".into()),
        ] {
            assert_eq!(Item::parse(&i.key()), Some(i.clone()), "{}", i.key());
        }
        assert_eq!(Item::parse("soreness.quads"), None);
    }

    #[test]
    fn one_rm_from_reps_and_velocity() {
        assert!((estimated_1rm(100.0, LiftOutcome::Reps(3)).unwrap() - 110.0).abs() < 1e-9);
        // 0.17 m/s is about 1RM on the bench press.
        let e = estimated_1rm(100.0, LiftOutcome::VelocityMS(0.17)).unwrap();
        assert!((99.0..=101.0).contains(&e), "{e}");
        let slow = estimated_1rm(100.0, LiftOutcome::VelocityMS(0.5)).unwrap();
        let fast = estimated_1rm(100.0, LiftOutcome::VelocityMS(0.9)).unwrap();
        assert!(fast > slow);
    }
}
