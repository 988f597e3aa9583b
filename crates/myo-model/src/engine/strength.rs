//! Strength work: an impulse at the session's time on the loaded groups (damage, fatigue,
//! glycogen, metabolites, pump, repeated-bout exposure, stimulus) and on the whole body
//! (central fatigue, lactate, water, training load).

use super::Simulation;
use crate::athlete::TrainingStatus;
use crate::event::{Contraction, ExerciseDose, Hours, Intensity, StrengthSession};

/// Damage weight of relative intensity: low loads barely damage (Nosaka 2002's 9% protocol).
fn damage_weight(intensity: f64) -> f64 {
    ((intensity - 0.05).max(0.0) / 0.95).powf(1.6)
}

impl Simulation {
    fn relative_intensity(&self, exercise: &ExerciseDose) -> f64 {
        match exercise.intensity {
            Intensity::Maximal => 1.0,
            Intensity::Pct1rm(p) => (p / 100.0).clamp(0.01, 1.1),
            // Epley: 1RM = w (1 + r/30), so w/1RM = 1 / (1 + (reps + RIR)/30).
            Intensity::Rir(rir) => 1.0 / (1.0 + (f64::from(exercise.reps) + rir) / 30.0),
            Intensity::LoadKg {
                kg,
                one_rm_per_body_mass,
            } => {
                let status = match self.athlete.training_status {
                    TrainingStatus::Untrained => 0.7,
                    TrainingStatus::Recreational => 1.0,
                    TrainingStatus::Trained => 1.3,
                    TrainingStatus::Elite => 1.6,
                };
                let sex = match self.athlete.sex {
                    crate::athlete::Sex::Male => 1.0,
                    crate::athlete::Sex::Female => 0.65,
                };
                let one_rm =
                    (one_rm_per_body_mass * self.athlete.body_mass_kg * status * sex).max(1.0);
                (kg / one_rm).clamp(0.02, 1.1)
            }
        }
    }

    pub(super) fn apply_strength(&mut self, session: &StrengthSession, at: Hours) {
        let p = self.params.clone();
        let mut neural_dose = 0.0;
        let mut lactate_dose = 0.0;
        let mut minutes = 0.0;
        let mut hardest: f64 = 0.0;
        for exercise in &session.exercises {
            let intensity = self.relative_intensity(exercise);
            let fail = if exercise.to_failure { 1.3 } else { 1.0 };
            let reps = f64::from(exercise.sets) * f64::from(exercise.reps);
            let (contraction_damage, contraction_fatigue, eccentric) = match exercise.contraction {
                Contraction::Eccentric => (p.contraction_damage[1], 2.0, 1.0),
                Contraction::Normal => (
                    p.contraction_damage[0] * (0.6 + 0.8 * exercise.eccentric_bias),
                    1.0,
                    0.4,
                ),
                Contraction::Concentric => (p.contraction_damage[2], 0.8, 0.0),
                Contraction::Isometric => (p.contraction_damage[3], 1.2, 0.1),
            };
            let weight = damage_weight(intensity);
            let effective_reps = reps * weight * contraction_damage * fail;
            let fatigue_work = reps * intensity.sqrt() * contraction_fatigue * fail;
            for &(group, share) in &exercise.loading {
                let i = group.index();
                let susceptibility = p.susceptibility[i];
                let mut m = self.muscles.get(i);
                let cap = p.damage_cap
                    * susceptibility
                    * self.status_damage
                    * share
                    * (1.0 - m.protection);
                let saturation = 1.0 - (-effective_reps / p.damage_reps_scale).exp();
                let extended = p.damage_extended_share
                    * (1.0 - (-effective_reps / p.damage_extended_reps_scale).exp());
                let primary = cap * m.vulnerable * saturation * (1.0 + extended);
                m.vulnerable *= 1.0 - p.vulnerable_depletion * saturation * share;
                let new = primary * (1.0 - m.damage);
                m.damage += new;
                m.signal += new;
                m.latent_damage += new * p.secondary_share * weight;
                let shield = 1.0 - 0.5 * m.protection;
                let slow = p.slow_fatigue_cap
                    * susceptibility
                    * share
                    * shield
                    * (1.0 - (-fatigue_work / p.slow_fatigue_work_scale).exp());
                m.slow_fatigue = 1.0 - (1.0 - m.slow_fatigue) * (1.0 - slow);
                let fast = p.fast_fatigue_max
                    * susceptibility
                    * share
                    * (1.0 - (-fatigue_work / 60.0).exp());
                m.fast_fatigue = 1.0 - (1.0 - m.fast_fatigue) * (1.0 - fast);
                let sets = f64::from(exercise.sets) * share * (0.5 + intensity);
                m.glycogen_pct *= (1.0 - p.glycogen_use_per_set).powf(sets);
                let metabolic = reps * (0.3 + intensity) * share * 0.01;
                m.metabolites = 1.0 - (1.0 - m.metabolites) * (-metabolic).exp();
                let pump =
                    p.pump_max_pct * share * (1.0 - (-reps * (0.3 + intensity) / 30.0).exp());
                m.pump_pct = m.pump_pct.max(pump);
                m.exposure += reps * intensity * eccentric * share;
                let stimulus = 0.006 * f64::from(exercise.sets) * intensity.powi(2) * share * fail;
                m.stimulus += stimulus.min(0.06);
                m.recent_use = m.recent_use.max(share);
                self.muscles.set(i, &m);
                self.last_strength_h[i] = at;
            }
            let compound = if exercise.compound { 1.0 } else { 0.15 };
            // Ballistic reps add a load-independent dose (maximal intent and speed).
            let ballistic = if exercise.ballistic {
                p.neural_ballistic_per_rep
            } else {
                0.0
            };
            neural_dose += reps * (intensity.powi(2) + ballistic) * compound * fail;
            lactate_dose += reps * (0.3 + intensity) * compound * 0.03;
            minutes += f64::from(exercise.sets) * 2.5;
            hardest = hardest.max(if exercise.to_failure || intensity >= 1.0 {
                9.0
            } else {
                (5.0 + 10.0 * (intensity - 0.5)).clamp(3.0, 10.0)
            });
        }
        let sys = &mut self.systemic;
        let neural = p.neural_max * (1.0 - (-neural_dose / p.neural_strength_scale).exp());
        sys.neural_fatigue = 1.0 - (1.0 - sys.neural_fatigue) * (1.0 - neural);
        sys.lactate_pool = (sys.lactate_pool + lactate_dose).min(25.0);
        sys.water_balance_l -= 0.01 * minutes;
        let rpe = session.rpe.unwrap_or(hardest);
        // Session load in TRIMP-comparable units: session-RPE (CR-10 × min) / 3.
        let load = rpe * minutes / 3.0;
        sys.fitness += load / p.fitness_tau_days;
        sys.fatigue += load / p.fatigue_tau_days;
    }
}
