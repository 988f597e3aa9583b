//! One step of the systemic state: blood lactate, central fatigue, autonomic balance, water
//! and the gut, the protein store, and the training load.

use super::drive::Drive;
use super::numerics::{relax, relax_by};
use super::step_factors::StepFactors;
use crate::params::Params;
use crate::state::SystemicState;

/// Inputs of the systemic step, frozen at the step start.
pub(super) struct SystemicStep<'a> {
    pub(super) p: &'a Params,
    pub(super) f: &'a StepFactors,
    pub(super) d: &'a Drive,
    pub(super) h: f64,
    /// Exercise intensity under way (0 if none).
    pub(super) x: f64,
    /// The athlete's lactate threshold (fraction of VO2max) and clearance factor.
    pub(super) lactate_threshold: f64,
    pub(super) clearance_factor: f64,
    pub(super) body_water_l: f64,
    /// Sleep owed, h; the mass-weighted inflammation of the groups (after their step);
    /// carbohydrate absorbed from the gut over the step, g.
    pub(super) debt: f64,
    pub(super) inflammation: f64,
    pub(super) absorbed_carbs: f64,
}

impl SystemicStep<'_> {
    pub(super) fn step(&self, sys: &mut SystemicState) {
        let (p, factors, d, h, x) = (self.p, self.f, self.d, self.h, self.x);
        // Lactate: produced in muscle above ~threshold, released into blood with a lag (so blood
        // lactate keeps rising for minutes after a sprint), cleared faster by light activity.
        let production = match d.intensity {
            Some(x) => {
                let above = (x
                    - (self.lactate_threshold - p.lactate_production_onset_below_threshold))
                    .max(0.0);
                (p.lactate_production * above.powf(p.lactate_production_exponent))
                    .min(p.lactate_production_max)
            }
            None => 0.0,
        };
        let boost = match d.intensity {
            Some(x) if x < self.lactate_threshold => {
                let z = (x - p.lactate_active_optimum) / p.lactate_active_width;
                p.lactate_active_boost * (-z * z).exp()
            }
            _ => 0.0,
        };
        // Working muscle oxidises lactate too, more the harder it works (above light work).
        let working = p.lactate_exercise_clearance
            * ((d.intensity.unwrap_or(0.0).min(1.0) - p.lactate_working_from)
                / p.lactate_working_span)
                .max(0.0);
        let clearance = p.lactate_clearance_per_h * self.clearance_factor * (1.0 + boost + working);
        let release = 1.0 / p.lactate_release_tau_h;
        let lactate0 = sys.lactate_mmol;
        if production > 0.0 {
            // Acidosis holds glycolysis back as lactate accumulates in blood and muscle:
            // production × (1 − (accumulated/ceiling)²), in sub-steps so that a minutes-long
            // all-out effort levels off (≈ 10–15 mmol/L) whatever the step length.
            let substeps = (h / p.lactate_substep_h).ceil().max(1.0);
            let dt = h / substeps;
            let release_factor = (-release * dt).exp();
            for _ in 0..substeps as usize {
                let accumulated =
                    (sys.lactate_mmol + sys.lactate_pool) / p.lactate_glycolysis_ceiling_mmol;
                let made = production * (1.0 - accumulated * accumulated).max(0.0);
                let pool0 = sys.lactate_pool;
                sys.lactate_pool =
                    relax_by(pool0, made, release, dt, release_factor).min(p.lactate_pool_max);
                let released = (pool0 - sys.lactate_pool + made * dt).max(0.0);
                sys.lactate_mmol = relax(
                    sys.lactate_mmol,
                    clearance * p.lactate_rest_mmol + released / dt,
                    clearance,
                    dt,
                )
                .min(p.lactate_max_mmol);
            }
        } else {
            let pool0 = sys.lactate_pool;
            sys.lactate_pool =
                relax_by(pool0, 0.0, release, h, factors.lactate_release).min(p.lactate_pool_max);
            let released = (pool0 - sys.lactate_pool).max(0.0);
            sys.lactate_mmol = relax(
                sys.lactate_mmol,
                clearance * p.lactate_rest_mmol + released / h,
                clearance,
                h,
            )
            .min(p.lactate_max_mmol);
        }

        let neural_in = if d.intensity.is_some() {
            p.neural_endurance_rate * x * x
        } else {
            0.0
        };
        // Central fatigue recovers faster asleep and slower with sleep owed.
        let nights_owed = (self.debt / p.sleep_need_h).min(p.anabolic_nights_owed_max);
        let sleep_factor = if d.asleep {
            p.neural_sleep_recovery_factor
        } else {
            1.0
        } * (1.0 - p.neural_sleep_debt_slowing * nights_owed).max(0.0);
        let neural_recovery = sleep_factor / p.neural_tau_h;
        sys.neural_fatigue_slow *= (-sleep_factor / p.neural_slow_tau_h * h).exp();
        sys.neural_fatigue = relax(
            sys.neural_fatigue,
            neural_in * p.neural_endurance_max,
            neural_in + neural_recovery,
            h,
        );

        let form = sys.fitness - sys.fatigue;
        let sympathetic_target = p.autonomic_per_inflammation * self.inflammation
            + p.autonomic_per_sleep_debt_h * self.debt.min(p.autonomic_sleep_debt_max_h)
            + p.autonomic_per_form * (-form - p.autonomic_form_threshold).max(0.0)
            + p.autonomic_per_neural_fatigue * sys.central_fatigue();
        let lactate_area = p.autonomic_per_lactate_area
            * ((lactate0 - p.autonomic_lactate_threshold_mmol).max(0.0));
        sys.sympathetic = relax_by(
            sys.sympathetic,
            sympathetic_target / p.autonomic_tau_h + lactate_area,
            1.0 / p.autonomic_tau_h,
            h,
            factors.sympathetic,
        );
        sys.parasympathetic = relax_by(
            sys.parasympathetic,
            d.parasympathetic_target / p.parasympathetic_tau_h,
            1.0 / p.parasympathetic_tau_h,
            h,
            factors.parasympathetic,
        );

        // Water: absorption from the gut, sweat and basal losses, kidneys shed any excess.
        let absorbed_water = sys.gut_water_l * factors.water_absorbed;
        sys.gut_water_l -= absorbed_water;
        sys.water_balance_l += absorbed_water - (d.sweat_l_per_h + p.basal_water_loss_l_per_h) * h;
        if sys.water_balance_l > 0.0 {
            sys.water_balance_l *= factors.water_shed;
        }
        sys.water_balance_l = sys
            .water_balance_l
            .max(-p.dehydration_floor_share * self.body_water_l);

        sys.gut_carbs_g -= self.absorbed_carbs;
        sys.gut_protein_g *= 1.0 - factors.carbs_absorbed;
        sys.protein_g_per_kg *= factors.protein;

        let fitness_decay = 1.0 / (p.fitness_tau_days * 24.0);
        let fatigue_decay = 1.0 / (p.fatigue_tau_days * 24.0);
        sys.fitness = relax_by(
            sys.fitness,
            d.load_per_h / p.fitness_tau_days,
            fitness_decay,
            h,
            factors.fitness,
        );
        sys.fatigue = relax_by(
            sys.fatigue,
            d.load_per_h / p.fatigue_tau_days,
            fatigue_decay,
            h,
            factors.fatigue,
        );
    }
}
