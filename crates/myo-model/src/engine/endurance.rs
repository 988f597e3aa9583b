//! Endurance work and active recovery while they run: intensity, the groups' share and
//! eccentric load, glycogen sparing, sweat and training load.

use super::drive::Drive;
use super::Simulation;
use crate::athlete::TrainingStatus;
use crate::event::{trimp_weight, ActiveRecovery, EffortMeasure, EnduranceSession};
use crate::muscle::MUSCLE_COUNT;

impl Simulation {
    pub(super) fn endurance(&self, d: &mut Drive, e: &EnduranceSession) {
        let mut x = self.athlete.fraction_vo2max(e.effort);
        // A near-maximal RPE over a short effort means supramaximal (all-out) work:
        // 1 min all-out ≈ 150% of VO2max power, 5 min ≈ 110%.
        if let EffortMeasure::Rpe(r) = e.effort {
            let all_out = 0.8 * (-e.minutes / 2.5).exp();
            x += all_out * ((r - 8.0) / 2.0).clamp(0.0, 1.0);
        }
        self.add_exercise(d, x, &e.involvement.share, &e.involvement.eccentric);
    }

    pub(super) fn active_recovery(&self, d: &mut Drive, a: &ActiveRecovery) {
        let x = self.athlete.fraction_vo2max(a.effort);
        self.add_exercise(d, x, &a.involvement.share, &a.involvement.eccentric);
        d.parasympathetic_target = d.parasympathetic_target.max(0.1);
    }

    fn add_exercise(&self, d: &mut Drive, x: f64, share: &[f64], eccentric: &[f64]) {
        let p = &self.params;
        d.intensity = Some(d.intensity.unwrap_or(0.0).max(x));
        for i in 0..MUSCLE_COUNT {
            d.share[i] = (d.share[i] + share[i]).min(1.0);
            d.eccentric[i] += eccentric[i];
        }
        d.glycogen_sparing = match self.athlete.training_status {
            TrainingStatus::Trained => 0.85,
            TrainingStatus::Elite => 0.8,
            _ => 1.0,
        };
        d.sweat_l_per_h += 0.3 + (p.sweat_l_per_h_at_vo2max - 0.3) * x;
        let hrr = x.min(1.0);
        d.load_per_h += 60.0 * hrr * trimp_weight(self.athlete.sex, hrr);
    }
}
