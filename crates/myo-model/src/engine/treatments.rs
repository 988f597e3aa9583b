//! Treatments: massage, foam rolling, cold, heat and compression act while they run (through
//! the drive); dry needling and cold-water blunting of adaptation act at the event's start.

use super::drive::Drive;
use super::Simulation;
use crate::athlete::Sex;
use crate::event::{ColdMethod, ColdTreatment, HeatMethod, HeatTreatment, Hours};
use crate::muscle::MuscleGroup;
use crate::params::Params;

/// The rate that removes `cut` (a fraction) in `reference_h` hours.
#[inline]
fn cut_rate(cut: f64, reference_h: f64) -> f64 {
    -(1.0 - cut.clamp(0.0, 0.99)).ln() / reference_h
}

pub(super) fn massage(d: &mut Drive, p: &Params, muscles: &[MuscleGroup]) {
    let reference = p.massage_reference_h;
    for g in muscles {
        let i = g.index();
        d.signal_cut[i] += cut_rate(p.massage_signal_cut, reference);
        d.secondary_cut[i] += cut_rate(p.massage_secondary_cut, reference);
        d.tension_cut[i] += cut_rate(p.massage_tension_cut, reference);
        d.analgesia_gain[i] += cut_rate(p.massage_analgesia, reference);
        d.oedema_cut[i] += cut_rate(p.massage_oedema_cut, reference);
        d.vascular_target[i] = d.vascular_target[i].max(p.massage_flow);
    }
    d.parasympathetic_target = d.parasympathetic_target.max(p.parasympathetic_massage);
}

pub(super) fn foam_rolling(d: &mut Drive, p: &Params, muscles: &[MuscleGroup]) {
    let reference = p.foam_reference_h;
    for g in muscles {
        let i = g.index();
        d.analgesia_gain[i] += cut_rate(p.foam_analgesia, reference);
        d.tension_cut[i] += cut_rate(p.foam_tension_cut, reference);
        d.fatigue_cut[i] += cut_rate(p.foam_fatigue_cut, reference);
        d.vascular_target[i] = d.vascular_target[i].max(p.foam_flow);
    }
}

pub(super) fn cold(d: &mut Drive, p: &Params, c: &ColdTreatment) {
    // Colder is stronger, to a limit; 12 °C scores 1 (Machado 2016's optimum).
    let temp = c.temp_c.unwrap_or(match c.method {
        ColdMethod::Ice => p.ice_temp_c,
        ColdMethod::ColdWaterImmersion => p.cold_water_temp_c,
        ColdMethod::Cryotherapy => p.cryotherapy_temp_c,
    });
    let strength =
        ((p.cold_neutral_temp_c - temp) / p.cold_temp_span_c).clamp(0.0, p.cold_strength_max);
    // (The floor only keeps a lukewarm bath's reference time finite.)
    let reference = p.cold_reference_h / strength.max(0.05);
    for g in &c.muscles {
        let i = g.index();
        d.inflammation_cut[i] += cut_rate(p.cold_inflammation_cut, reference);
        d.signal_cut[i] += cut_rate(p.cold_signal_cut, reference);
        d.analgesia_gain[i] += cut_rate(p.cold_analgesia, reference);
        d.oedema_cut[i] += cut_rate(p.cold_oedema_cut, reference);
        d.secondary_cut[i] += cut_rate(p.cold_secondary_cut, reference);
        d.vascular_target[i] = d.vascular_target[i].min(p.cold_flow);
    }
}

pub(super) fn heat(d: &mut Drive, p: &Params, h: &HeatTreatment) {
    let reference = p.heat_reference_h;
    for g in &h.muscles {
        let i = g.index();
        d.analgesia_gain[i] += cut_rate(p.heat_analgesia, reference);
        d.tension_cut[i] += cut_rate(p.heat_tension_cut, reference);
        d.vascular_target[i] = d.vascular_target[i].max(p.heat_flow);
    }
    if matches!(h.method, HeatMethod::Sauna) {
        d.sweat_l_per_h += p.sauna_sweat_l_per_h;
    }
}

pub(super) fn compression(d: &mut Drive, p: &Params, muscles: &[MuscleGroup]) {
    for g in muscles {
        let i = g.index();
        d.oedema_cut[i] += cut_rate(p.compression_cut, p.compression_reference_h);
        d.inflammation_cut[i] += cut_rate(
            p.compression_cut * p.compression_inflammation_share,
            p.compression_reference_h,
        );
        d.secondary_cut[i] += cut_rate(p.compression_secondary_cut, p.compression_reference_h);
    }
}

impl Simulation {
    pub(super) fn dry_needling(&mut self, muscles: &[MuscleGroup], insertions: u32) {
        let p = &self.params;
        for g in muscles {
            let i = g.index();
            let mut m = self.muscles.get(i);
            m.tension *= 1.0 - p.needling_tension_cut;
            m.metabolites *= 1.0 - p.needling_metabolite_cut;
            m.vascular += p.needling_flow;
            // Post-needling soreness: local inflammation without structural damage.
            let sex = match self.athlete.sex {
                Sex::Female => p.needling_female_factor,
                Sex::Male => 1.0,
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
            if at - self.last_strength_h[i] <= self.params.cold_blunting_window_h {
                let blunting = &mut self.muscles.blunting[i];
                *blunting = blunting.max(self.params.cold_blunting);
            }
        }
    }
}
