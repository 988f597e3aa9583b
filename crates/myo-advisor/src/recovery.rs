//! Active recovery: what to do, for how long, and how hard in this athlete's heart rate.
//!
//! The popular advice of 30–50% of maximal heart rate sits below the intensities at which blood
//! lactate clears fastest (≈30–45% VO2max: Belcastro & Bonen 1975, Dodd 1984; 60–100% of the
//! lactate threshold: Menzies 2010, Devlin 2014). %VO2 reserve tracks %HR reserve (Swain &
//! Leutholtz 1997), so the optimum is converted with the athlete's resting and maximal HR.

use myo_model::{Athlete, Event, EventKind, Hours};
use serde::Serialize;

use crate::advice::{item, Advice, AdviceCode};

/// Lactate-clearance optimum, fraction of VO2max (≈ fraction of HR reserve).
const OPTIMUM: (f64, f64) = (0.30, 0.45);
/// The common advice, fraction of maximal HR.
const COMMON: (f64, f64) = (0.30, 0.50);
/// Above this fraction of VO2max "recovery" becomes a training stimulus of its own (near the
/// lactate threshold of recreational athletes; Van Hooren & Peake 2018, domain.md §16).
pub const TOO_HARD: f64 = 0.60;

/// An active-recovery prescription.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActiveRecovery {
    pub modality: &'static str,
    #[cfg_attr(feature = "openapi", schema(min_items = 2, max_items = 2))]
    pub minutes: [u32; 2],
    /// Heart-rate range that clears lactate best, beats/min.
    #[cfg_attr(feature = "openapi", schema(min_items = 2, max_items = 2))]
    pub hr_bpm: [f64; 2],
    /// What "30–50% of max HR" means for this athlete, beats/min.
    #[cfg_attr(feature = "openapi", schema(min_items = 2, max_items = 2))]
    pub common_advice_hr_bpm: [f64; 2],
    pub text: String,
    pub evidence: Vec<&'static str>,
}

/// The prescription; `legs_fatigued` picks a modality that spares eccentric leg work.
pub fn prescribe(athlete: &Athlete, legs_fatigued: bool) -> ActiveRecovery {
    let rest = athlete.resting_hr_or_typical();
    let max = athlete.max_hr;
    let hrr = |f: f64| (rest + f * (max - rest)).round();
    let hr = [hrr(OPTIMUM.0), hrr(OPTIMUM.1)];
    let common = [(COMMON.0 * max).round(), (COMMON.1 * max).round()];
    let modality = if legs_fatigued { "cycle" } else { "walk" };
    let why_modality = if legs_fatigued {
        "easy cycling: it moves the legs without the eccentric loading of walking downhill or running"
    } else {
        "brisk walking"
    };
    let resting_note = if athlete.resting_hr.is_some() {
        String::new()
    } else {
        format!(" (resting HR assumed {rest:.0}; set resting_hr for a personal range)")
    };
    let text = format!(
        "{why_modality}, 20-30 min at {:.0}-{:.0} bpm{resting_note}. The common advice of 30-50% of \
         max HR is {:.0}-{:.0} bpm for you, {}; blood lactate clears fastest nearer 30-45% of \
         VO2max, which is the range given. Above {:.0} bpm it stops being recovery.",
        hr[0],
        hr[1],
        common[0],
        common[1],
        if common[1] <= rest + 15.0 {
            "barely above your resting heart rate"
        } else {
            "easier than the lactate-clearance optimum"
        },
        hrr(TOO_HARD),
    );
    ActiveRecovery {
        modality,
        minutes: [20, 30],
        hr_bpm: hr,
        common_advice_hr_bpm: common,
        text,
        evidence: vec![
            "Belcastro 1975",
            "Dodd 1984",
            "Menzies 2010",
            "Swain 1997",
            "Cazorla 1983",
        ],
    }
}

/// Logged active recovery in `window` that was too hard to count as recovery.
pub fn too_hard(athlete: &Athlete, logged: &[Event], window: (Hours, Hours)) -> Option<Advice> {
    let hard: Vec<(f64, f64)> = logged
        .iter()
        .filter(|e| e.at >= window.0 && e.at <= window.1)
        .filter_map(|e| match &e.kind {
            EventKind::ActiveRecovery(a) => {
                let x = athlete.fraction_vo2max(a.effort);
                (x > TOO_HARD).then_some((e.at, x))
            }
            _ => None,
        })
        .collect();
    let (_, x) = hard.last()?;
    let rest = athlete.resting_hr_or_typical();
    Some(item(
        AdviceCode::ActiveRecoveryTooHard,
        format!(
            "Logged active recovery ran at about {:.0}% of VO2max (about {:.0} bpm): too hard to \
             count as recovery, it was a training stimulus of its own. Keep recovery under {:.0} bpm.",
            x * 100.0,
            rest + x * (athlete.max_hr - rest),
            rest + TOO_HARD * (athlete.max_hr - rest)
        ),
        &["Van Hooren 2018", "Menzies 2010"],
    ))
}
