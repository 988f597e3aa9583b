//! Warnings over days and weeks: functional overreaching, monotony and strain, load spikes.

use myo_metrics::load::ratio::{acwr_rolling_uncoupled, monotony_strain, WindowFill};
use myo_model::{Athlete, Event, Hours, SystemicReport};

use crate::advice::{item, Advice, AdviceCode};
use crate::effort::session_load;

/// Mornings in a row with suppressed readiness and autonomic state that suggest functional
/// overreaching (Meeusen 2013: no single marker; look for persistence with rising fatigue).
const OVERREACHING_MORNINGS: usize = 3;
const OVERREACHING_READINESS: f64 = 60.0;
const OVERREACHING_AUTONOMIC: f64 = -0.15;
/// Foster 1998: monotony above 2 with high strain preceded illness.
const MONOTONY_HIGH: f64 = 2.0;
/// Gabbett 2016 "danger zone" (with Impellizzeri 2020's caveat).
const ACWR_SPIKE: f64 = 1.5;

/// Daily session-RPE loads of the `days` days ending with the day that starts at `day_start`.
pub fn daily_loads(athlete: &Athlete, logged: &[Event], day_start: Hours, days: usize) -> Vec<f64> {
    let first = day_start - (days as f64 - 1.0) * 24.0;
    let mut loads = vec![0.0; days];
    for e in logged {
        if e.at < first || e.at >= day_start + 24.0 {
            continue;
        }
        if let Some((load, _)) = session_load(athlete, e) {
            let k = ((e.at - first) / 24.0).floor() as usize;
            if let Some(slot) = loads.get_mut(k) {
                *slot += load;
            }
        }
    }
    loads
}

/// Whole days between the first logged training and the day starting at `day_start`: a ratio
/// against weeks that were not logged would read every new log as a spike.
pub fn history_days(athlete: &Athlete, logged: &[Event], day_start: Hours) -> f64 {
    logged
        .iter()
        .filter(|e| session_load(athlete, e).is_some())
        .map(|e| ((day_start - e.at) / 24.0).floor())
        .fold(0.0, f64::max)
}

/// Warnings from the last mornings (oldest first, the last one today), the daily loads
/// (oldest first, the last one today) and how many days of training the log covers.
pub fn warnings(mornings: &[SystemicReport], loads: &[f64], history_days: f64) -> Vec<Advice> {
    let mut out = Vec::new();
    let recent = &mornings[mornings.len().saturating_sub(OVERREACHING_MORNINGS)..];
    let suppressed = recent.len() == OVERREACHING_MORNINGS
        && recent
            .iter()
            .all(|s| s.readiness < OVERREACHING_READINESS && s.autonomic < OVERREACHING_AUTONOMIC);
    let fatigue_rising = mornings.len() > OVERREACHING_MORNINGS
        && mornings[mornings.len() - 1].fatigue
            > mornings[mornings.len() - 1 - OVERREACHING_MORNINGS].fatigue;
    if suppressed && fatigue_rising {
        out.push(item(
            AdviceCode::FunctionalOverreaching,
            format!(
                "Whole-body readiness and autonomic balance have been suppressed for \
                 {OVERREACHING_MORNINGS} mornings while fatigue keeps rising: a pattern of \
                 functional overreaching. Deload: cut volume by about half for 5-7 days and keep \
                 intensity low (thin evidence on the exact amount)."
            ),
            &["Meeusen 2013", "Plews 2014", "Kiviniemi 2007"],
        ));
    }
    let week = &loads[loads.len().saturating_sub(7)..];
    if let Ok(days) = monotony_strain(week, 7) {
        if let Some(Some(day)) = days.last() {
            if let (Some(m), Some(strain)) = (day.monotony, day.strain_au) {
                if m > MONOTONY_HIGH && day.mean_au > 0.0 {
                    out.push(item(
                        AdviceCode::HighMonotony,
                        format!(
                            "Training monotony {m:.1} (strain {strain:.0} AU) this week: every \
                             day looks alike. Make easy days easier and add a rest day."
                        ),
                        &["Foster 1998"],
                    ));
                }
            }
        }
    }
    if loads.len() >= 28 && history_days >= 27.0 {
        if let Ok(days) = acwr_rolling_uncoupled(loads, 7, 28, WindowFill::FullOnly) {
            if let Some(ratio) = days.last().and_then(|d| d.ratio) {
                if ratio >= ACWR_SPIKE {
                    out.push(item(
                        AdviceCode::LoadSpike,
                        format!(
                            "This week's load is {ratio:.1}× the weekly average of the three \
                             weeks before: a sudden jump. Increase load gradually. (The ratio \
                             describes the jump; it does not predict injury.)"
                        ),
                        &["Gabbett 2016", "Hulin 2016", "Impellizzeri 2020"],
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn morning(readiness: f64, autonomic: f64, fatigue: f64) -> SystemicReport {
        SystemicReport {
            lactate_mmol: 1.0,
            neural_fatigue: 0.1,
            sleep_debt_h: 0.0,
            hydration_pct: 100.0,
            autonomic,
            fitness: 20.0,
            fatigue,
            form: 20.0 - fatigue,
            readiness,
        }
    }

    fn codes(a: &[Advice]) -> Vec<AdviceCode> {
        a.iter().map(|a| a.code).collect()
    }

    #[test]
    fn suppressed_mornings_with_rising_fatigue_mean_overreaching() {
        let rising: Vec<SystemicReport> = (0..6)
            .map(|k| morning(55.0, -0.3, 30.0 + 5.0 * k as f64))
            .collect();
        assert!(codes(&warnings(&rising, &[], 0.0)).contains(&AdviceCode::FunctionalOverreaching));
        // One good morning breaks the pattern.
        let mut broken = rising.clone();
        broken[4] = morning(75.0, 0.0, 50.0);
        assert!(!codes(&warnings(&broken, &[], 0.0)).contains(&AdviceCode::FunctionalOverreaching));
        // Suppressed but fatigue falling: recovering, not overreaching.
        let falling: Vec<SystemicReport> = (0..6)
            .map(|k| morning(55.0, -0.3, 60.0 - 5.0 * k as f64))
            .collect();
        assert!(!codes(&warnings(&falling, &[], 0.0)).contains(&AdviceCode::FunctionalOverreaching));
    }

    #[test]
    fn the_same_load_every_day_is_monotonous_and_a_jump_is_a_spike() {
        let same = [400.0, 420.0, 410.0, 400.0, 415.0, 405.0, 410.0];
        assert!(codes(&warnings(&[], &same, 7.0)).contains(&AdviceCode::HighMonotony));
        let varied = [600.0, 0.0, 300.0, 0.0, 700.0, 100.0, 0.0];
        assert!(!codes(&warnings(&[], &varied, 7.0)).contains(&AdviceCode::HighMonotony));
        let mut loads = vec![200.0; 21];
        loads.extend([600.0; 7]);
        assert!(codes(&warnings(&[], &loads, 28.0)).contains(&AdviceCode::LoadSpike));
        // A log that only began this week is not a spike.
        assert!(!codes(&warnings(&[], &loads, 6.0)).contains(&AdviceCode::LoadSpike));
    }
}
