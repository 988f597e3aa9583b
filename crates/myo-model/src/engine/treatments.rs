//! Treatments: massage, foam rolling, cold, heat and compression act while they run (through
//! the drive); dry needling and cold-water blunting of adaptation act at the event's start.

use super::drive::Drive;
use super::Simulation;
use crate::event::{ColdMethod, ColdTreatment, HeatMethod, HeatTreatment, Hours};
use crate::muscle::MuscleGroup;
use crate::params::Params;

/// The rate that removes `cut` (a fraction) in `reference_h` hours.
#[inline]
fn cut_rate(cut: f64, reference_h: f64) -> f64 {
    -(1.0 - cut.clamp(0.0, 0.99)).ln() / reference_h
}

pub(super) fn massage(d: &mut Drive, p: &Params, muscles: &[MuscleGroup]) {
    for g in muscles {
        let i = g.index();
        d.signal_cut[i] += cut_rate(p.massage_signal_cut, 0.5);
        d.secondary_cut[i] += cut_rate(p.massage_secondary_cut, 0.5);
        d.tension_cut[i] += cut_rate(p.massage_tension_cut, 0.5);
        d.analgesia_gain[i] += cut_rate(p.massage_analgesia, 0.5);
        d.oedema_cut[i] += cut_rate(0.1, 0.5);
        d.vascular_target[i] = d.vascular_target[i].max(0.8);
    }
    d.parasympathetic_target = d.parasympathetic_target.max(0.3);
}

pub(super) fn foam_rolling(d: &mut Drive, p: &Params, muscles: &[MuscleGroup]) {
    for g in muscles {
        let i = g.index();
        d.analgesia_gain[i] += cut_rate(p.foam_analgesia, 1.0 / 3.0);
        d.tension_cut[i] += cut_rate(p.foam_tension_cut, 1.0 / 3.0);
        d.fatigue_cut[i] += cut_rate(p.foam_fatigue_cut, 1.0 / 3.0);
        d.vascular_target[i] = d.vascular_target[i].max(0.5);
    }
}

pub(super) fn cold(d: &mut Drive, p: &Params, c: &ColdTreatment) {
    // Colder is stronger, to a limit; 12 °C scores 1 (Machado 2016's optimum).
    let temp = c.temp_c.unwrap_or(match c.method {
        ColdMethod::Ice => 5.0,
        ColdMethod::ColdWaterImmersion => 12.0,
        ColdMethod::Cryotherapy => -110.0,
    });
    let strength = ((22.0 - temp) / 10.0).clamp(0.0, 1.3);
    let reference = 0.2 / strength.max(0.05);
    for g in &c.muscles {
        let i = g.index();
        d.inflammation_cut[i] += cut_rate(p.cold_inflammation_cut, reference);
        d.signal_cut[i] += cut_rate(p.cold_signal_cut, reference);
        d.analgesia_gain[i] += cut_rate(p.cold_analgesia, reference);
        d.oedema_cut[i] += cut_rate(0.15, reference);
        d.vascular_target[i] = d.vascular_target[i].min(-0.4);
    }
}

pub(super) fn heat(d: &mut Drive, p: &Params, h: &HeatTreatment) {
    for g in &h.muscles {
        let i = g.index();
        d.analgesia_gain[i] += cut_rate(p.heat_analgesia, 1.0 / 3.0);
        d.tension_cut[i] += cut_rate(p.heat_tension_cut, 1.0 / 3.0);
        d.vascular_target[i] = d.vascular_target[i].max(1.0);
    }
    if matches!(h.method, HeatMethod::Sauna) {
        d.sweat_l_per_h += 0.8;
    }
}

pub(super) fn compression(d: &mut Drive, p: &Params, muscles: &[MuscleGroup]) {
    for g in muscles {
        let i = g.index();
        d.oedema_cut[i] += cut_rate(p.compression_cut, 12.0);
        d.inflammation_cut[i] += cut_rate(p.compression_cut * 0.6, 12.0);
    }
}

impl Simulation {
    pub(super) fn dry_needling(&mut self, muscles: &[MuscleGroup], insertions: u32) {
        let p = &self.params;
        for g in muscles {
            let i = g.index();
            let mut m = self.muscles.get(i);
            m.tension *= 1.0 - p.needling_tension_cut;
            m.metabolites *= 0.6;
            m.vascular += 0.5;
            // Post-needling soreness: local inflammation without structural damage.
            let sex = match self.athlete.sex {
                crate::athlete::Sex::Female => 1.3,
                crate::athlete::Sex::Male => 1.0,
            };
            let dose = p.needling_signal_per_10_insertions * (insertions as f64) / 10.0;
            m.signal += dose * sex;
            m.sensitisation += dose * sex;
            self.muscles.set(i, &m);
        }
    }

    /// Cold-water blunting is decided at the start of the immersion.
    pub(super) fn cold_blunting(&mut self, c: &ColdTreatment, at: Hours) {
        for g in &c.muscles {
            let i = g.index();
            if at - self.last_strength_h[i] <= 4.0 {
                let blunting = &mut self.muscles.blunting[i];
                *blunting = blunting.max(self.params.cold_blunting);
            }
        }
    }
}
