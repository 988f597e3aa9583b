//! The state now and what led to it, from one pass of the simulation over the last week.

use myo_model::{Hours, MuscleGroup, Simulation, Snapshot, SystemicReport};

use super::Request;
use crate::explain::Peaks;

/// Hours before the plan over which peaks and recent sessions are looked for.
pub const LOOKBACK_H: Hours = 7.0 * 24.0;

/// The state now and what led to it: one pass of the simulation, hourly over the last week.
pub(super) struct Past {
    pub now: Snapshot,
    pub peaks: Vec<Peaks>,
    pub mornings: Vec<SystemicReport>,
    /// The simulation at the plan time, to forecast from without stepping the history again.
    pub sim: Simulation,
}

impl Past {
    /// Steps the run (from `req.history` when it is early enough) up to the plan time.
    pub fn of(req: &Request) -> Past {
        let from = (req.at_h - LOOKBACK_H).max(req.run.start_h);
        let mut sim = req.run.simulation_before(from, req.history);
        let mut peaks = vec![Peaks::default(); myo_model::MUSCLE_COUNT];
        let mut mornings = Vec::new();
        let mut t = from;
        // Step on whole hours before the plan time, then exactly at it.
        let mut times: Vec<Hours> = Vec::new();
        while t < req.at_h - 1e-9 {
            times.push(t);
            t += 1.0;
        }
        times.push(req.at_h);
        let morning_times: Vec<Hours> = (1..7)
            .rev()
            .map(|k| req.at_h - 24.0 * k as f64)
            .filter(|&m| m >= req.run.start_h)
            .collect();
        let mut pending = morning_times.iter().peekable();
        let mut now = None;
        for &t in &times {
            while let Some(&&m) = pending.peek() {
                if m <= t {
                    // Snapshots must be taken in time order; mornings fall on the hourly grid or
                    // between its points, so take them as they come.
                    mornings.push(sim.snapshot_at(m).systemic);
                    pending.next();
                } else {
                    break;
                }
            }
            let s = sim.snapshot_at(t);
            for (g, p) in MuscleGroup::ALL.iter().zip(peaks.iter_mut()) {
                let m = s.muscle(*g);
                if p.damage.is_none_or(|(_, d)| m.damage >= d) {
                    p.damage = Some((t, m.damage));
                }
                if p.soreness.is_none_or(|(_, x)| m.soreness >= x) {
                    p.soreness = Some((t, m.soreness));
                }
            }
            now = Some(s);
        }
        let mut now = now.expect("at least one time");
        if let Some(l) = req.personal {
            let mut l = l.lock().unwrap_or_else(|e| e.into_inner());
            l.advance_through(req.at_h);
            now = l.personalise(now);
        }
        mornings.push(now.systemic);
        Past {
            now,
            peaks,
            mornings,
            sim,
        }
    }
}
