//! What was logged before a morning report: the only thing a predictor sees. Building it here,
//! once, is what keeps every predictor free of look-ahead.

use chrono::NaiveDate;
use myo_model::Event;
use myo_scenario::{ModelInput, Scenario};

use crate::data::{AthleteData, Report, Session};

/// Everything logged strictly before the `k`-th morning report of an athlete.
pub struct Past<'a> {
    pub athlete: &'a AthleteData,
    /// Which morning report is being predicted (index into `athlete.mornings`).
    pub k: usize,
    /// Its time in hours since the scenario start.
    pub t_h: f64,
    /// Its local date.
    pub date: NaiveDate,
    /// Every report before it, in time order.
    pub reports: &'a [Report],
    /// Session-RPE sessions logged before it.
    pub sessions: &'a [Session],
    /// The model's input: the imported events the log had before it (those that had ended, and
    /// been logged where the source says when; observations included, this report not), with the scenario's defaults (typical nights and meals) filled in up
    /// to it, sorted by time.
    pub input: ModelInput,
}

impl<'a> Past<'a> {
    pub fn new(athlete: &'a AthleteData, k: usize) -> Past<'a> {
        let report = athlete.mornings[k];
        let at = athlete.reports[report].at;
        let t_h = athlete.hours(at);
        let known: Vec<Event> = athlete
            .scenario
            .events
            .iter()
            .zip(&athlete.known_h)
            .filter(|(_, known)| **known < t_h)
            .map(|(e, _)| e.clone())
            .collect();
        let scenario = Scenario {
            events: known,
            ..athlete.scenario.clone()
        };
        let mut input = scenario.model_input(t_h);
        // Stable, as the simulation sorts: the prefix comparison of `resume_safe` relies on it.
        input.events.sort_by(|a, b| a.at.total_cmp(&b.at));
        let sessions_known = athlete.sessions.partition_point(|s| s.known_h < t_h);
        Past {
            athlete,
            k,
            t_h,
            date: athlete.local_date(at),
            reports: &athlete.reports[..report],
            sessions: &athlete.sessions[..sessions_known],
            input,
        }
    }

    /// The last report of `target` before now.
    pub fn previous(&self, target: crate::data::Target) -> Option<f64> {
        self.reports
            .iter()
            .rev()
            .find_map(|r| r.values[target.index()])
    }

    /// Every earlier report of `target`.
    pub fn history(&self, target: crate::data::Target) -> Vec<f64> {
        self.reports
            .iter()
            .filter_map(|r| r.values[target.index()])
            .collect()
    }
}

/// Whether a model state saved at `checkpoint_h` over `before` may be continued over `now`: the
/// events at or before the checkpoint are the same, in the same order (both sorted stably by
/// time). Otherwise (a session logged late but dated earlier, a default meal that grew with a
/// later session) the run starts afresh, so answers never depend on which path was taken.
pub fn resume_safe(before: &[Event], now: &[Event], checkpoint_h: f64) -> bool {
    let upto = |events: &[Event]| events.partition_point(|e| e.at <= checkpoint_h);
    let (a, b) = (upto(before), upto(now));
    a == b && before[..a] == now[..b]
}
