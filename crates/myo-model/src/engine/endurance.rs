//! Endurance work and active recovery while they run: intensity, the groups' share and
//! eccentric load, glycogen sparing, sweat and training load; for a team or racket sport also
//! its sprints, decelerations, jumps and contacts.

use super::drive::Drive;
use super::Simulation;
use crate::event::{trimp_weight, ActiveRecovery, EffortMeasure, EnduranceSession};
use crate::muscle::MUSCLE_COUNT;
use crate::params::Params;

impl Simulation {
    pub(super) fn endurance(&self, d: &mut Drive, e: &EnduranceSession) {
        let p = &self.params;
        let mut x = self.athlete.fraction_vo2max(e.effort);
        // A near-maximal RPE over a short effort means supramaximal (all-out) work:
        // 1 min all-out ≈ 150% of VO2max power, 5 min ≈ 110%.
        if let EffortMeasure::Rpe(r) = e.effort {
            let all_out = p.all_out_boost * (-e.minutes / p.all_out_minutes_scale).exp();
            x += all_out * ((r - p.all_out_rpe_from) / p.all_out_rpe_span).clamp(0.0, 1.0);
        }
        match e.sport.team_index() {
            // A match covers a fraction of a run's distance in the same time at the same heart
            // rate (the rest is standing, walking and the actions below): that fraction of the
            // run's braking, plus the sport's high-intensity actions.
            Some(k) => {
                let braking = e.involvement.eccentric.map(|v| v * p.team_running_share[k]);
                self.add_exercise(d, x, &e.involvement.share, &braking);
                self.team_actions(d, x, k);
            }
            None => self.add_exercise(d, x, &e.involvement.share, &e.involvement.eccentric),
        }
    }

    /// A team or racket sport's sprints, decelerations, jumps and contacts at their
    /// per-minute rates, scaled by how hard it was played: the actions brake where they fall
    /// (weighted as braking is, `base + per_x × x`), collisions land as blunt impact. Both
    /// damage without building repeated-bout exposure: in-season players damage about as much
    /// in each match (docs/model.md §4.2).
    fn team_actions(&self, d: &mut Drive, x: f64, k: usize) {
        let p = &self.params;
        let factor = (x / p.team_reference_intensity)
            .powf(p.team_intensity_exponent)
            .min(p.team_intensity_max_factor);
        let (sprints, decelerations, jumps, contacts) = (
            factor * p.team_sprints_per_min[k],
            factor * p.team_decelerations_per_min[k],
            factor * p.team_jumps_per_min[k],
            factor * p.team_contacts_per_min[k],
        );
        let braking_weight =
            p.endurance_eccentric_damage_base + p.endurance_eccentric_damage_per_x * x;
        for i in 0..MUSCLE_COUNT {
            let eccentric = sprints * p.sprint_eccentric[i]
                + decelerations * p.deceleration_eccentric[i]
                + jumps * p.jump_eccentric[i];
            d.match_damage[i] +=
                braking_weight * eccentric + p.contact_damage * contacts * p.contact_impact[i];
        }
    }

    pub(super) fn active_recovery(&self, d: &mut Drive, a: &ActiveRecovery) {
        let x = self.athlete.fraction_vo2max(a.effort);
        self.add_exercise(d, x, &a.involvement.share, &a.involvement.eccentric);
        d.parasympathetic_target = d
            .parasympathetic_target
            .max(self.params.parasympathetic_active_recovery);
    }

    fn add_exercise(&self, d: &mut Drive, x: f64, share: &[f64], eccentric: &[f64]) {
        let p = &self.params;
        d.intensity = Some(d.intensity.unwrap_or(0.0).max(x));
        for i in 0..MUSCLE_COUNT {
            d.share[i] = (d.share[i] + share[i]).min(1.0);
            d.eccentric[i] += eccentric[i];
        }
        d.glycogen_sparing = Params::by_status(&p.glycogen_sparing, self.athlete.training_status);
        d.sweat_l_per_h +=
            p.sweat_l_per_h_base + (p.sweat_l_per_h_at_vo2max - p.sweat_l_per_h_base) * x;
        let hrr = x.min(1.0);
        d.load_per_h += 60.0 * hrr * trimp_weight(self.athlete.sex, hrr);
    }
}
