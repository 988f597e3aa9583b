//! Sleep: the main sleep's bookkeeping of debt (at its start and end), naps, the debt shown at
//! any time, and what being asleep does while a sleep runs.

use super::drive::Drive;
use super::Simulation;
use crate::event::{EventKind, Hours};
use crate::params::Params;
use crate::state::SystemicState;

/// While any sleep (nap or main) runs: repair boost, faster central recovery, and the
/// parasympathetic target.
pub(super) fn asleep(d: &mut Drive, p: &Params) {
    d.asleep = true;
    d.parasympathetic_target = d.parasympathetic_target.max(p.parasympathetic_sleep);
}

impl Simulation {
    pub(super) fn start_sleep(&mut self, at: Hours, hours: f64) {
        let sys = &mut self.systemic;
        if hours >= self.params.main_sleep_min_h && sys.asleep_since_h.is_none() {
            sys.debt_at_sleep_h = sleep_debt_awake(&self.params, sys, at);
            sys.asleep_since_h = Some(at);
        }
    }

    fn end_sleep(&mut self, start: Hours, end: Hours, quality: Option<u8>) {
        let p = &self.params;
        let need = p.sleep_need_h;
        let factor = quality.map_or(1.0, |q| {
            p.sleep_quality_base + p.sleep_quality_per_point * f64::from(q)
        });
        let slept = (end - start) * factor;
        let sys = &mut self.systemic;
        if end - start < p.main_sleep_min_h {
            // A nap pays off debt without starting a new day.
            sys.sleep_debt_base_h = (sys.sleep_debt_base_h - slept).max(0.0);
            return;
        }
        if sys.asleep_since_h == Some(start) {
            let cycle = end - sys.last_wake_h;
            // Old debt fades: a small nightly shortfall settles near a few hours instead of
            // growing for months.
            let kept = (-cycle / p.sleep_debt_tau_h).exp();
            sys.sleep_debt_base_h = (sys.sleep_debt_base_h * kept + need * cycle / 24.0 - slept)
                .clamp(0.0, p.sleep_debt_max_h);
            sys.last_wake_h = end;
            sys.asleep_since_h = None;
        }
    }

    /// Sleep owed at `at`, h.
    pub(super) fn sleep_debt(&self, at: Hours) -> f64 {
        let sys = &self.systemic;
        match sys.asleep_since_h {
            Some(_) => sys.debt_at_sleep_h,
            None => sleep_debt_awake(&self.params, sys, at),
        }
    }

    /// Closes the main sleeps that end exactly at `end`, the end of the step just integrated
    /// (those that end inside a step are closed by the caller's event loop).
    pub(super) fn close_sleeps(&mut self, end: Hours) {
        let mut closing = Vec::new();
        for &(stop, index) in &self.running {
            if stop <= end + 1e-9 {
                if let EventKind::Sleep { quality, .. } = self.events[index].kind {
                    closing.push((self.events[index].at, stop, quality));
                }
            }
        }
        for (start, stop, quality) in closing {
            self.end_sleep(start, stop, quality);
        }
    }
}

/// Sleep owed while awake: the debt at the last wake plus what extended wakefulness adds.
fn sleep_debt_awake(p: &Params, sys: &SystemicState, at: Hours) -> f64 {
    let need = p.sleep_need_h;
    let over = (at - sys.last_wake_h) - (24.0 - need);
    let extra = over.clamp(0.0, need) + (over - need).max(0.0) * need / 24.0;
    sys.sleep_debt_base_h + extra
}
