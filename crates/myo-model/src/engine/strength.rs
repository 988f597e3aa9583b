//! Strength work: an impulse at the session's time on the loaded groups (damage, fatigue,
//! glycogen, metabolites, pump, repeated-bout exposure, stimulus) and on the whole body
//! (central fatigue, lactate, water, training load).

use super::Simulation;
use crate::athlete::Sex;
use crate::event::{Contraction, ExerciseDose, Hours, Intensity, StrengthSession};
use crate::muscle::MUSCLE_COUNT;
use crate::params::Params;

/// Top of the CR-10 scale.
const RPE_MAX: f64 = 10.0;

/// Damage weight of relative intensity: low loads barely damage (Nosaka 2002's 9% protocol).
fn damage_weight(p: &Params, intensity: f64) -> f64 {
    let threshold = p.damage_weight_threshold;
    ((intensity - threshold).max(0.0) / (1.0 - threshold)).powf(p.damage_weight_exponent)
}

/// Index of a contraction type in the `contraction_*` parameters.
fn contraction_index(c: Contraction) -> usize {
    match c {
        Contraction::Normal => 0,
        Contraction::Eccentric => 1,
        Contraction::Concentric => 2,
        Contraction::Isometric => 3,
    }
}

/// How hard the sets were for damage and slow fatigue: sets to failure count
/// `failure_factor` times; a loaded normal or concentric set stopped short of failure counts
/// `proximity^effort_exponent`, proximity being the repetitions done per set over those
/// possible at that load (Epley). Maximal, eccentric and isometric work keeps a factor of 1:
/// its dose is already set by the load (and Epley does not hold for it).
fn effort_factor(p: &Params, exercise: &ExerciseDose, intensity: f64) -> f64 {
    if exercise.to_failure {
        return p.failure_factor;
    }
    let submaximal_lift = matches!(
        exercise.contraction,
        Contraction::Normal | Contraction::Concentric
    ) && !matches!(exercise.intensity, Intensity::Maximal);
    if !submaximal_lift {
        return 1.0;
    }
    let reps = f64::from(exercise.reps);
    let possible = match exercise.intensity {
        Intensity::Rir(rir) => reps + rir.max(0.0),
        _ => p.epley_reps * (1.0 / intensity.max(1e-3) - 1.0),
    };
    if possible <= reps {
        return 1.0;
    }
    (reps / possible).powf(p.effort_exponent)
}

impl Simulation {
    fn relative_intensity(&self, exercise: &ExerciseDose) -> f64 {
        let p = &self.params;
        match exercise.intensity {
            Intensity::Maximal => 1.0,
            Intensity::Pct1rm(pct) => (pct / 100.0).clamp(0.01, p.max_relative_intensity),
            // Epley: 1RM = w (1 + r/30), so w/1RM = 1 / (1 + (reps + RIR)/30).
            Intensity::Rir(rir) => 1.0 / (1.0 + (f64::from(exercise.reps) + rir) / p.epley_reps),
            Intensity::LoadKg {
                kg,
                one_rm_per_body_mass,
            } => {
                let status =
                    Params::by_status(&p.one_rm_status_factor, self.athlete.training_status);
                let sex = match self.athlete.sex {
                    Sex::Male => 1.0,
                    Sex::Female => p.one_rm_female_factor,
                };
                let one_rm =
                    (one_rm_per_body_mass * self.athlete.body_mass_kg * status * sex).max(1.0);
                (kg / one_rm).clamp(0.02, p.max_relative_intensity)
            }
        }
    }

    pub(super) fn apply_strength(&mut self, session: &StrengthSession, at: Hours) {
        let p = &self.params;
        let mut neural_dose = 0.0;
        let mut heavy_dose = 0.0;
        let mut lactate_dose = 0.0;
        let mut minutes = 0.0;
        let mut hardest: f64 = 0.0;
        let mut used = [0.0_f64; MUSCLE_COUNT];
        for exercise in &session.exercises {
            let intensity = self.relative_intensity(exercise);
            let fail = if exercise.to_failure {
                p.failure_factor
            } else {
                1.0
            };
            let effort = effort_factor(p, exercise, intensity);
            let reps = f64::from(exercise.sets) * f64::from(exercise.reps);
            let c = contraction_index(exercise.contraction);
            let contraction_damage = match exercise.contraction {
                Contraction::Normal => {
                    p.contraction_damage[c]
                        * (p.normal_eccentric_bias_base
                            + p.normal_eccentric_bias_gain * exercise.eccentric_bias)
                }
                _ => p.contraction_damage[c],
            };
            let (contraction_fatigue, eccentric) =
                (p.contraction_fatigue[c], p.contraction_eccentric[c]);
            let weight = damage_weight(p, intensity);
            let effective_reps = reps * weight * contraction_damage * effort;
            let fatigue_work = reps * intensity.sqrt() * contraction_fatigue * effort;
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
                let shield = 1.0 - p.rbe_fatigue_protection * m.protection;
                let slow = p.slow_fatigue_cap
                    * susceptibility
                    * share
                    * shield
                    * (1.0 - (-fatigue_work / p.slow_fatigue_work_scale).exp());
                m.slow_fatigue = 1.0 - (1.0 - m.slow_fatigue) * (1.0 - slow);
                let fast = p.fast_fatigue_max
                    * susceptibility
                    * share
                    * (1.0 - (-fatigue_work / p.fast_fatigue_work_scale).exp());
                m.fast_fatigue = 1.0 - (1.0 - m.fast_fatigue) * (1.0 - fast);
                let sets = f64::from(exercise.sets) * share * (p.glycogen_set_offset + intensity);
                m.glycogen_pct *= (1.0 - p.glycogen_use_per_set).powf(sets);
                let metabolic =
                    reps * (p.metabolic_work_offset + intensity) * share * p.metabolite_per_work;
                m.metabolites = 1.0 - (1.0 - m.metabolites) * (-metabolic).exp();
                let pump = p.pump_max_pct
                    * share
                    * (1.0
                        - (-reps * (p.metabolic_work_offset + intensity) / p.pump_work_scale)
                            .exp());
                m.pump_pct = m.pump_pct.max(pump);
                m.exposure += reps * intensity * eccentric * share;
                let stimulus = p.adaptation_stimulus_per_set
                    * f64::from(exercise.sets)
                    * intensity.powi(2)
                    * share
                    * fail;
                m.stimulus += stimulus.min(p.adaptation_stimulus_max);
                used[i] = used[i].max(share);
                self.muscles.set(i, &m);
                self.last_strength_h[i] = at;
            }
            let compound = if exercise.compound {
                1.0
            } else {
                p.isolation_systemic_share
            };
            // Ballistic reps add a load-independent dose (maximal intent and speed).
            let ballistic = if exercise.ballistic {
                p.neural_ballistic_per_rep
            } else {
                0.0
            };
            neural_dose += reps * (intensity.powi(2) + ballistic) * compound * fail;
            heavy_dose += reps * intensity.powi(2) * compound * fail;
            lactate_dose += reps
                * (p.metabolic_work_offset + intensity)
                * compound
                * p.strength_lactate_per_work;
            minutes += f64::from(exercise.sets) * p.strength_minutes_per_set;
            hardest = hardest.max(if exercise.to_failure || intensity >= 1.0 {
                p.rpe_at_failure
            } else {
                (p.rpe_at_reference + p.rpe_per_intensity * (intensity - p.rpe_reference_intensity))
                    .clamp(p.rpe_min, RPE_MAX)
            });
        }
        let sys = &mut self.systemic;
        let neural = p.neural_max * (1.0 - (-neural_dose / p.neural_strength_scale).exp());
        // Heavy loads leave part of it in a slow pool (voluntary activation still down at 48 h
        // after heavy squats, back after jump squats: Thomas 2018).
        let slow = if neural_dose > 0.0 {
            neural * p.neural_slow_share * heavy_dose / neural_dose
        } else {
            0.0
        };
        sys.neural_fatigue = 1.0 - (1.0 - sys.neural_fatigue) * (1.0 - (neural - slow));
        sys.neural_fatigue_slow = 1.0 - (1.0 - sys.neural_fatigue_slow) * (1.0 - slow);
        // Central fatigue is felt in the groups that made it: a light session after a hard one
        // marks its groups as used only in proportion to what it added.
        let central = sys.central_fatigue();
        let made_here = if central > 1e-9 {
            (neural / central).min(1.0)
        } else {
            1.0
        };
        for (recent, share) in self.muscles.recent_use.iter_mut().zip(used) {
            *recent = recent.max(share * made_here);
        }
        sys.lactate_pool = (sys.lactate_pool + lactate_dose).min(p.strength_lactate_pool_max);
        sys.water_balance_l -= p.strength_water_l_per_min * minutes;
        let rpe = session.rpe.unwrap_or(hardest);
        // Session load in TRIMP-comparable units: session-RPE (CR-10 × min) / 3.
        let load = rpe * minutes / p.session_rpe_per_load;
        sys.fitness += load / p.fitness_tau_days;
        sys.fatigue += load / p.fatigue_tau_days;
    }
}
